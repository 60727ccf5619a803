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
#include "ui/views/bulk.h"
#include "ui/views/tag_edit.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum detail_mode { MODE_FIELDS, MODE_RELATED, MODE_ACTIVITIES };

/* Job tags: the record; names of records it shows (TAG_NAMES + entity);
 * the related items; a company's relations counted before the delete
 * question; the timeline's pages (TAG_ACTIVITIES + its query *
 * TIMELINE_QUERY + the page number). On the write channel: the DELETE
 * and its check, a relation change and its check, a record re-read after
 * a relation in its fields changed (TAG_REREAD + entity). */
enum {
	TAG_RECORD = 1, TAG_RELATED = 3, TAG_DELETE_RELATED = 4,
	TAG_NAMES = 10, TAG_DELETE = 30, TAG_RELATE = 31, TAG_REREAD = 40,
	TAG_ACTIVITIES = 1000
};
#define TIMELINE_QUERY 100000

/* The activity timeline: the record's activities, newest first, a page at
 * a time as the user scrolls (detail_timeline.c). Activities are logged,
 * changed and deleted by the activity form (activity_internal.h), which
 * says so with events. */
struct timeline {
	int64_t query;               /* bumped when the timeline starts again: the
				      * pages of an earlier one are dropped */
	cJSON *activities;           /* what is loaded, in the server's order */
	bool loading;                /* a page is out */
	char *error;                 /* the first page could not be read: why */
	char *more_error;            /* a further page could not be read: why */
	int next_page;               /* the page to ask for next */
	bool more;                   /* the server may have more */
	int64_t total;               /* as the server counts them (X-PW-TOTAL), -1: unknown */
	int removed;                 /* deleted here since the last page came: the
				      * server's pages moved up by as many */
	struct activity_type_ref *types; /* the filter (t), none: every type */
	size_t ntypes;
	char *types_text;            /* the filter as typed */
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
	struct timeline timeline;
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

/* detail_timeline.c: the timeline's first page (its filter kept unless
 * clear_mode_data), its lines, a page's answer, and what it is left with
 * when another record or mode is shown. */
void detail_timeline_start(struct view *v);
void detail_timeline_lines(struct view *v, int width);
void detail_timeline_take(struct view *v, struct api_result *r);
void detail_timeline_clear(struct detailview *d);
/* The selection moved: the next page is asked for when the end of what
 * is loaded comes near. */
void detail_timeline_scrolled(struct view *v);
/* The timeline's own actions (e, D, t, R); false for the others. */
bool detail_timeline_action(struct view *v, enum action a);
/* An activity logged or changed on the shown record (EV_ACTIVITY_SAVED),
 * or deleted (EV_ACTIVITY_DELETED). */
void detail_timeline_saved(struct view *v, const cJSON *activity);
void detail_timeline_deleted(struct view *v, const cJSON *activity);

#endif
