/*
 * today_internal.h - what the Today view's files share.
 *
 * Today is a page (a tab of its own, 0): the sections of model/today.h,
 * each one search loaded when the page is first shown (and on R), with its
 * count from X-PW-TOTAL. Keys answer at once: x completes a task, s
 * snoozes its due date (or a deal's close date), u undoes; each change is
 * a batch of one record (ui/views/bulk.h): one partial PUT, after one read
 * that makes sure nobody changed it meanwhile. A record changed stays
 * where it is, marked, until the next load; the counts leave it out at
 * once. Enter opens a record in its tab, or a section's "more" line as
 * that tab's list filtered as the section is.
 *
 * today.c: the view, loading, the keys; today_draw.c: the lines on
 * screen and the title's counts.
 */
#ifndef PATINA_TODAY_INTERNAL_H
#define PATINA_TODAY_INTERNAL_H

#include "model/today.h"
#include "ui/view.h"
#include "ui/views/bulk.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TODAY_PAGE_SIZE 100

/* Job tags: a section's search is TAG_SECTION + its index; names of the
 * records they refer to TAG_NAMES + entity; a change's, bulk.h's. */
enum { TAG_SECTION = 1, TAG_NAMES = 100 };

struct section {
	char *filter;        /* as typed in a list */
	cJSON *records;      /* as the search returned them, then as changed */
	int64_t total;       /* X-PW-TOTAL; -1 unknown */
	bool loading;
	char *error;         /* could not be read: why */
};

/* What a line of the page shows. */
enum line_kind { LINE_HEADER, LINE_RECORD, LINE_MORE, LINE_NOTE, LINE_BLANK };

struct line {
	enum line_kind kind;
	int section;
	int index;           /* LINE_RECORD: the record's index in its section */
};

struct todayview {
	struct section sec[TODAY_SECTIONS];
	bool started;
	bool waiting_for_me; /* "owner:me" needs the API user */
	int64_t loaded_at;
	size_t cursor;       /* an index into the lines (today_lines keeps it on at) */
	struct line at;      /* what the cursor is on: it stays there as sections arrive */
	bool has_at;         /* else the cursor is on the first line it can be */
	size_t top;
	struct bulk bulk;
	enum entity snooze_entity;
	int64_t snooze_id;
};

static inline struct todayview *tv(struct view *v)
{
	return v->priv;
}

/* today.c */
/* The page's lines as they are now (caller frees); *n their count. The
 * cursor's index is set to the line it is on. */
struct line *today_lines(struct view *v, size_t *n);
/* How many of a section's records are still what it counts. */
int64_t today_count(struct view *v, int s);

/* today_draw.c */
void today_draw(struct view *v, WINDOW *w, bool focused);
char *today_describe(struct view *v);

#endif
