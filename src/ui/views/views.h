/*
 * views.h - every kind of view patina has, in one list.
 *
 * The application makes its views from this registry: one list and one
 * detail view per entity's tab, one of each page (a tab of its own) and
 * of each modal view. Adding a view is
 * its file, one line here, and its key bindings (keymaps/default.keys).
 */
#ifndef PATINA_VIEWS_H
#define PATINA_VIEWS_H

#include "ui/view.h"

#include <stddef.h>

#define VIEW_REGISTRY(V) \
	V(list_view) \
	V(detail_view) \
	V(form_view) \
	V(link_view) \
	V(board_view) \
	V(activity_view) \
	V(today_view) \
	V(tags_view) \
	V(finder_view)

#define VIEW_DECLARE(ops) extern const struct view_ops ops;
VIEW_REGISTRY(VIEW_DECLARE)
#undef VIEW_DECLARE

extern const struct view_ops *const view_registry[];
extern const size_t view_registry_count;

#endif
