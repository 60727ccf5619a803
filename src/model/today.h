/*
 * today.h - what the Today view shows, as searches: its sections, the
 * filter (model/filter.h's language) each is, whether a record still
 * belongs to its section after a change, and where a snooze moves a date.
 *
 * The sections, all of the API user's own ("owner:me"):
 *   Overdue               open tasks due before today
 *   Due today             open tasks due today
 *   Upcoming              open tasks due in the next 7 days after today
 *   Closing this month    open opportunities closing this calendar month
 *   Untouched deals       open opportunities not modified for stale-days
 *   Untouched leads       leads not modified for stale-days
 * Each is one POST /{entity}/search with the filter the user could type
 * in the list (f), so "more" opens that very list; its count is the
 * search's X-PW-TOTAL. Days are local days (model/dates.h).
 *
 * Pure: no I/O; now is a Unix time.
 */
#ifndef PATINA_TODAY_H
#define PATINA_TODAY_H

#include "copper/entity.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#define TODAY_UPCOMING_DAYS 7

enum today_section {
	TODAY_OVERDUE,
	TODAY_DUE,
	TODAY_UPCOMING,
	TODAY_CLOSING,
	TODAY_STALE_DEALS,
	TODAY_STALE_LEADS,
	TODAY_SECTIONS
};

struct today_def {
	const char *title;     /* "Overdue" */
	const char *counted;   /* the title bar's word for its count: "overdue" */
	enum entity entity;
	const char *sort_by;   /* Copper's sort field */
	bool descending;
};

const struct today_def *today_def(enum today_section s);
/* The section's filter at time now ("owner:me status:open due:overdue").
 * Caller frees. */
char *today_filter(enum today_section s, int64_t now, int stale_days);
/* Whether record (of the section's entity) still belongs to the section:
 * a task completed or moved out of its days, a deal won or moved to
 * another month, a record touched, no longer does. */
bool today_matches(enum today_section s, const cJSON *record, int64_t now, int stale_days);
/* Where a snooze moves a date: by "+1d" or "+1w" counts from the later of
 * the date's day (current: a Unix time, 0 for none) and today; anything
 * else is a day as typed (model/dates.h: "2026-12-31", "tomorrow",
 * "eow"...). *day gets "2026-12-31" (caller frees); false if by is no day. */
bool today_snooze_day(int64_t current, int64_t now, const char *by, char **day);
/* A task's new due time on day ("2026-12-31"): that day at the time of
 * day the task was due (current; 0: the day's start). -1 if day is no day. */
int64_t today_snooze_time(int64_t current, const char *day);
/* A record's date the snooze moves: a task's due_date, an opportunity's
 * close_date ("MM/DD/YYYY"), as a Unix time of its local day's start; 0
 * when it has none. *key gets the record key (NULL: nothing to snooze). */
int64_t today_snoozed_date(enum entity e, const cJSON *record, const char **key);

#endif
