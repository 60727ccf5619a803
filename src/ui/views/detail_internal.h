/*
 * detail_internal.h - what the detail pane's files share.
 *
 * The pane shows the record the list's cursor is on (from the list's own
 * data: no request), or one the user followed from a related record or
 * opened (fetched), with a history to go back. Three modes, each laid out
 * as lines of styled spans by model/detail.h: the fields (detail.c), the
 * related records (detail_related.c), the activity timeline
 * (detail_timeline.c). A line knows the item it shows (a field, a related
 * record, an activity), for the selection.
 */
#ifndef PATINA_DETAIL_INTERNAL_H
#define PATINA_DETAIL_INTERNAL_H

#include "model/detail.h"
#include "model/fields.h"
#include "ui/view.h"
#include "ui/views/bulk.h"
#include "ui/views/tag_edit.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum detail_mode { MODE_FIELDS, MODE_RELATED, MODE_ACTIVITIES };

/* Job tags: the record; names of its related records (TAG_NAMES +
 * entity); the timeline; related records (TAG_RELATED + ...). */
enum { TAG_RECORD = 1, TAG_ACTIVITIES = 2, TAG_NAMES = 10, TAG_RELATED = 100 };

struct related {
	enum entity entity;
	int64_t id;          /* 0: not a record (a "... and N more" line) */
	char *label;
	char *group;
};

struct place {
	enum entity entity;
	int64_t id;
};

struct detailview {
	enum entity entity;
	int64_t id;
	cJSON *record;
	bool loading;
	char *error;
	struct place *history;
	size_t nhistory;
	enum detail_mode mode;
	bool show_empty;

	struct field_list *fields;
	struct detail_doc *doc;      /* the lines, laid out for width */
	int width;                   /* -1: lay out again */
	size_t top;
	int selected;                /* item index */
	int nitems;

	struct related *related;
	size_t nrelated;
	int related_pending;
	cJSON *activities;
	bool activities_loading;
	char *activities_error;      /* the timeline could not be read: why */
	bool from_list;              /* the list asks for its records' names itself */
	int64_t fetched_at;          /* Unix time the record was read */
	bool pinned;                 /* followed or opened, not the list's row */
	struct bulk bulk;            /* its tag changes (T), and their undo */
	struct tag_edit tags;
};

static inline struct detailview *dv(struct view *v)
{
	return v->priv;
}

/* The lines are laid out again at the next draw. */
void detail_invalidate(struct view *v);

/* detail_related.c */
void detail_related_start(struct view *v);
void detail_related_lines(struct view *v, int width);
void detail_related_take(struct view *v, struct api_result *r);
void detail_related_clear(struct detailview *d);

/* detail_timeline.c */
void detail_timeline_start(struct view *v);
void detail_timeline_lines(struct view *v, int width);
void detail_timeline_take(struct view *v, struct api_result *r);
void detail_timeline_clear(struct detailview *d);

#endif
