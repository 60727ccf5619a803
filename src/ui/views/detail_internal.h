/*
 * detail_internal.h - what the detail pane's files share.
 *
 * The pane shows the record the list's cursor is on (from the list's own
 * data: no request), or one the user followed from a related record or
 * opened (fetched), with a history to go back. Three modes, each laid out
 * as lines of styled spans by model/detail.h: the fields (detail.c), the
 * related items (detail_related.c), the activity timeline
 * (detail_timeline.c). A line knows the item it shows (a field, a related
 * record, an activity), for the selection. What the pane changes in
 * Copper (a delete, a relation) is detail_change.c's, on the view's write
 * channel.
 */
#ifndef PATINA_DETAIL_INTERNAL_H
#define PATINA_DETAIL_INTERNAL_H

#include "model/delete.h"
#include "model/detail.h"
#include "model/fields.h"
#include "model/related.h"
#include "ui/view.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum detail_mode { MODE_FIELDS, MODE_RELATED, MODE_ACTIVITIES };

/* Job tags: the record; names of records it shows (TAG_NAMES + entity);
 * the timeline; the related items; a company's relations counted before
 * the delete question. On the write channel: the DELETE and its check,
 * a relation change and its check, a record re-read after a relation in
 * its fields changed (TAG_REREAD + entity). */
enum {
	TAG_RECORD = 1, TAG_ACTIVITIES = 2, TAG_RELATED = 3, TAG_DELETE_RELATED = 4,
	TAG_NAMES = 10, TAG_DELETE = 30, TAG_RELATE = 31, TAG_REREAD = 40
};

/* What a question (delete? unlink?) is about, kept while it is asked: a
 * page arriving may change the record shown meanwhile. */
struct detail_ask {
	enum entity entity;
	int64_t id;
	char *name;          /* the record's, for the delete question (owned) */
	enum entity other;   /* unlink: the related record */
	int64_t other_id;
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

	struct related_list related; /* MODE_RELATED: as GET .../related listed them */
	bool related_loading;
	bool related_read;           /* related holds the answer for this record */
	char *related_error;         /* they could not be read: why */
	bool link_after_related;     /* i: the picker opens once they are read */
	struct deletion deletion;    /* a delete under way (or unknown) */
	struct relate relate;        /* a relation change under way */
	struct detail_ask ask;
	cJSON *activities;
	bool activities_loading;
	char *activities_error;      /* the timeline could not be read: why */
	bool from_list;              /* the list asks for its records' names itself */
	int64_t fetched_at;          /* Unix time the record was read */
	bool pinned;                 /* followed or opened, not the list's row */
};

static inline struct detailview *dv(struct view *v)
{
	return v->priv;
}

/* The lines are laid out again at the next draw. */
void detail_invalidate(struct view *v);

/* Switches to a mode, starting what it reads. */
void detail_set_mode(struct view *v, enum detail_mode mode);

/* detail_related.c */
void detail_related_start(struct view *v);
void detail_related_lines(struct view *v, int width);
void detail_related_take(struct view *v, struct api_result *r);
void detail_related_ask_names(struct view *v);
void detail_related_clear(struct detailview *d);
const struct related_item *detail_related_selected(struct detailview *d);
/* "Name  #id", or "Company #id" while the name is not known. Caller frees. */
char *detail_related_label(struct view *v, enum entity e, int64_t id);

/* detail_change.c */
void detail_delete(struct view *v);
void detail_unlink(struct view *v);
void detail_link(struct view *v);
void detail_link_open(struct view *v);
void detail_link_chosen(struct view *v, const struct ui_event *ev);
void detail_convert(struct view *v);
/* Takes the answer of a change (or of the count before a delete): true
 * if it was one. */
bool detail_change_result(struct view *v, struct api_result *r);

/* detail_timeline.c */
void detail_timeline_start(struct view *v);
void detail_timeline_lines(struct view *v, int width);
void detail_timeline_take(struct view *v, struct api_result *r);
void detail_timeline_clear(struct detailview *d);

#endif
