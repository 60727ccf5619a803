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
 * type, filters, saved searches, sorting, jumping; list_draw.c: the rows
 * on screen and the title's account of where the list is.
 */
#ifndef PATINA_LIST_INTERNAL_H
#define PATINA_LIST_INTERNAL_H

#include "model/columns.h"
#include "model/rows.h"
#include "ui/view.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIST_PAGE_SIZE 200
#define KEPT_PAGES 3          /* full records kept around the cursor */

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

/* list_query.c */
bool list_query_action(struct view *v, enum action a);
void list_query_timer(struct view *v);
/* Whether row i matches the name search (for next-match and drawing). */
bool list_row_matches(struct listview *l, size_t i);

/* list_columns.c: the choice of columns, from the remembered state, the
 * config or all; C asks for a new one */
void list_columns_init(struct view *v);
void list_columns_ask(struct view *v);

/* list_draw.c */
char *list_describe(struct view *v);
void list_draw(struct view *v, WINDOW *w, bool focused);

#endif
