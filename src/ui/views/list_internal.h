/*
 * list_internal.h - what one entity's list shares between its files.
 *
 * Rows live in a rowstore (compact); the full records of the pages nearest
 * the cursor are kept so the detail pane never refetches what the list
 * already holds. Pages are fetched as they come into view and the next one
 * just before the user reaches it; a jump fetches only the page it lands
 * on. Names of the records a page refers to (primary contacts, related
 * records) are asked for in one search per entity (copper/refnames.h).
 *
 * list.c: loading, moving, acting on rows; list_query.c: search as you
 * type, filters, saved searches, sorting, jumping; list_select.c: the
 * selection (a row, a range, every match) and what acts on it (a field set
 * on all, tags, undo) through ui/views/bulk.h; list_export.c: the list,
 * every page, to a file; list_draw.c: the rows on screen and the title's
 * account of where the list is.
 */
#ifndef PATINA_LIST_INTERNAL_H
#define PATINA_LIST_INTERNAL_H

#include "model/columns.h"
#include "model/rows.h"
#include "ui/view.h"
#include "ui/views/bulk.h"
#include "ui/views/tag_edit.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIST_PAGE_SIZE 200
#define KEPT_PAGES 3          /* full records kept around the cursor */
#define SELECT_ALL_ASK 300    /* select-all asks first beyond this many */
/* Job tags: pages are >= 1, name searches below 0; an export's are
 * LIST_TAG_EXPORT | ..., a bulk change's BULK_TAG | ... */
#define LIST_TAG_EXPORT (1LL << 48)

struct export;

/* Selected records: ids, sorted. */
struct selection {
	int64_t *ids;
	size_t n, cap;
};

/* A selection waiting for pages to arrive: a range, or every match. */
enum select_wait { WAIT_NONE, WAIT_RANGE, WAIT_ALL };

struct kept_page {
	int page;                 /* 0: empty slot */
	cJSON *records;
	uint64_t used;            /* for least-recently-used eviction */
	int64_t fetched_at;       /* Unix time the page was read */
};

struct listview {
	enum entity entity;
	const struct column *cols;
	size_t ncols;
	struct rowstore rows;
	bool started;
	bool first_loaded;
	char *error;               /* the list could not be read: why */
	size_t cursor, top;
	unsigned char *requested;  /* per page: a request is out */
	size_t nrequested;
	struct kept_page kept[KEPT_PAGES];
	uint64_t use_clock;
	int sort;                  /* column index, -1: the server's default */
	bool descending;
	char *search;              /* applied name search, NULL none */
	char *pending_search;      /* typed, waiting for the debounce */
	char *search_before;       /* to restore on Esc */
	char *filter_text;         /* applied filter, NULL none */
	cJSON *filter;
	bool with_converted;       /* leads: converted ones listed too */
	int64_t shown_id;          /* the record the detail pane shows */
	bool shown_loaded;
	struct column_choice choice; /* the columns shown, in order, their widths */
	int seen_width[COLUMNS_MAX]; /* per column: the widest cell drawn so far */

	struct selection sel;
	size_t anchor;             /* the row last selected, for a range */
	bool has_anchor;
	enum select_wait wait;     /* pages being loaded to complete a selection */
	size_t wait_from, wait_to; /* its rows, [from, to] */
	struct bulk bulk;          /* changes to the selection, and undo */
	struct tag_edit tags;      /* the tag prompt's records */
	char *bulk_field;          /* bulk-set: the field chosen, for its value prompt */
	struct export *export;     /* an export under way */
	char *export_asked;        /* the file a "replace it?" question is about */
};

static inline struct listview *lv(struct view *v)
{
	return v->priv;
}

/* list.c */
/* Forgets what is loaded and loads again; keep_cursor: a reload (a new
 * search starts at the top, and the pane shows nothing meanwhile). */
void list_reload(struct view *v, bool keep_cursor);
void list_restart(struct view *v);
void list_ensure_pages(struct view *v);
void list_move_to(struct view *v, size_t index);
void list_request_page(struct view *v, int page, enum api_priority prio);
/* The full record of row index, when its page is kept; else NULL. */
const cJSON *list_kept_record(struct listview *l, size_t index);
/* The search body of what the list shows (caller frees); NULL when the
 * server cannot search it so (a look-up by email, tasks by name). */
cJSON *list_search_body(struct listview *l);
/* A record of the list as the server has it now: its row and kept copy. */
void list_record_saved(struct view *v, const cJSON *record);

/* list_query.c */
bool list_query_action(struct view *v, enum action a);
/* Applies a filter typed or sent (EV_SHOW_FILTERED); false (the reason
 * on the status line) if it is not valid. */
bool list_apply_filter(struct view *v, const char *text);
void list_need_filter_lookups(struct view *v);
void list_query_timer(struct view *v);
/* Whether row i matches the name search (for next-match and drawing). */
bool list_row_matches(struct listview *l, size_t i);

/* list_columns.c: the choice of columns, from the remembered state, the
 * config or all; C asks for a new one */
void list_columns_init(struct view *v);
void list_columns_ask(struct view *v);

/* list_select.c */
extern const struct bulk_hooks list_bulk_hooks;
bool list_select_action(struct view *v, enum action a);
bool list_is_selected(const struct listview *l, int64_t id);
/* A page arrived: a selection waiting for it may be complete. */
void list_select_page_arrived(struct view *v);
/* A new search: the selection no longer means what it meant. */
void list_select_clear(struct view *v);
void list_select_free(struct listview *l);

/* list_export.c */
void list_export_start(struct view *v);
/* A result of the export; true if it was its. */
bool list_export_result(struct view *v, struct api_result *r);
/* "exporting 3/7 pages" while it runs (caller frees), else NULL. */
char *list_export_progress(struct listview *l);
void list_export_free(struct view *v);

/* list_draw.c */
char *list_describe(struct view *v);
void list_draw(struct view *v, WINDOW *w, bool focused);

#endif
