/*
 * picker.h - choosing a record by its name: one search by name per kind of
 * record (companies, people...), their results grouped by kind, one of
 * them chosen with the movement keys.
 *
 * The edit form's reference fields (a company, a primary contact: one
 * kind) and the link picker (every kind a record may be related to, as
 * the user types) share it. A view owns a picker: it sends the searches
 * for the view (tags tag_base + entity), so superseding the view's
 * generation drops a search that is out; it hands the view's results to
 * picker_take. "#123" (or "123") searches by id instead of name.
 */
#ifndef PATINA_PICKER_H
#define PATINA_PICKER_H

#include "ui/view.h"

#include <cjson/cJSON.h>
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PICKER_PAGE 10 /* candidates per kind: the name narrows the rest */

struct picker_group {
	enum entity entity;
	cJSON *records;     /* the search's answer (owned), NULL until it came */
	int64_t total;      /* X-PW-TOTAL, -1 unknown */
	bool pending;       /* its search is out */
	char *error;        /* its search failed: why */
};

struct picker {
	struct picker_group groups[ENT_COUNT];
	size_t ngroups;
	int64_t tag_base;
	char *query;        /* what was searched for last */
	size_t cursor;      /* over every candidate, in group order */
};

/* Sets the kinds to search (forgetting what was found). */
void picker_start(struct picker *p, const enum entity *kinds, size_t n, int64_t tag_base);
/* Searches every kind for text, for view v at its current generation (the
 * caller supersedes earlier searches first, with view_new_generation).
 * Empty text searches nothing and forgets what was found. */
void picker_search(struct picker *p, struct view *v, const char *text);
/* Takes a result of one of the picker's searches: true if it was one
 * (the caller still frees it). Names are learned into v's resolver. */
bool picker_take(struct picker *p, struct view *v, struct api_result *r);
bool picker_pending(const struct picker *p);
/* Every candidate found so far. */
size_t picker_count(const struct picker *p);
/* The candidate at the cursor (its kind in *e), or NULL. */
const cJSON *picker_selected(const struct picker *p, enum entity *e);
void picker_move(struct picker *p, long delta);
/* Draws the groups from line y, rows lines at most, cols wide: a heading
 * per kind ("Companies: 3 of 45"), a line per candidate (its name, its
 * company for a person or a deal, its id), the cursor's highlighted. */
void picker_draw(struct picker *p, WINDOW *w, int y, int rows, int cols);
void picker_clear(struct picker *p);

#endif
