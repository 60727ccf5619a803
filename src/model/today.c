/* today.c - see today.h */
#include "config.h"

#include "model/dates.h"
#include "model/today.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DAY 86400

static const struct today_def defs[TODAY_SECTIONS] = {
	[TODAY_OVERDUE] = { "Overdue", "overdue", ENT_TASKS, "due_date", false },
	[TODAY_DUE] = { "Due today", "due today", ENT_TASKS, "due_date", false },
	[TODAY_UPCOMING] = { "Upcoming (7 days)", "upcoming", ENT_TASKS, "due_date", false },
	[TODAY_CLOSING] = { "Closing this month", "closing", ENT_OPPORTUNITIES, "close_date", false },
	[TODAY_STALE_DEALS] = { "Untouched deals", "untouched deals", ENT_OPPORTUNITIES, "date_modified",
				false },
	[TODAY_STALE_LEADS] = { "Untouched leads", "untouched leads", ENT_LEADS, "date_modified", false },
};

const struct today_def *today_def(enum today_section s)
{
	return (unsigned)s < TODAY_SECTIONS ? &defs[s] : NULL;
}

/* The local day of now, moved by days. */
static struct ymd day_of(int64_t now, int days)
{
	struct ymd d = { 1970, 1, 1 };
	char *rel = xasprintf("%+dd", days);
	date_parse_day(rel, now, &d);
	free(rel);
	return d;
}

static int64_t midnight(struct ymd d)
{
	struct tm tm;
	date_to_tm(d, &tm);
	return (int64_t)mktime(&tm);
}

char *today_filter(enum today_section s, int64_t now, int stale_days)
{
	struct ymd today = day_of(now, 0);
	switch (s) {
	case TODAY_OVERDUE:
		return xstrdup("owner:me status:open due:overdue");
	case TODAY_DUE:
		return xstrdup("owner:me status:open due:today");
	case TODAY_UPCOMING: {
		char *last = date_iso_text(day_of(now, TODAY_UPCOMING_DAYS));
		char *f = xasprintf("owner:me status:open due:tomorrow..%s", last);
		free(last);
		return f;
	}
	case TODAY_CLOSING:
		return xasprintf("owner:me status:open closes:%04d-%02d", today.y, today.m);
	case TODAY_STALE_DEALS:
		return xasprintf("owner:me status:open modified>%dd", stale_days);
	case TODAY_STALE_LEADS:
		return xasprintf("owner:me modified>%dd", stale_days);
	default:
		return xstrdup("");
	}
}

static bool is_open(const cJSON *record)
{
	const char *status = json_member_str(record, "status");
	return status && !strcasecmp(status, "Open");
}

int64_t today_snoozed_date(enum entity e, const cJSON *record, const char **key)
{
	*key = NULL;
	if (e == ENT_TASKS) {
		*key = "due_date";
		const cJSON *due = json_get(record, "due_date");
		return cJSON_IsNumber(due) ? json_i64(due) : 0;
	}
	if (e == ENT_OPPORTUNITIES) {
		*key = "close_date";
		struct ymd d;
		const char *close = json_member_str(record, "close_date");
		return close && date_parse_slashed(close, &d) ? midnight(d) : 0;
	}
	return 0;
}

bool today_matches(enum today_section s, const cJSON *record, int64_t now, int stale_days)
{
	int64_t start = midnight(day_of(now, 0)), tomorrow = midnight(day_of(now, 1));
	const char *key;
	int64_t when = today_snoozed_date(defs[s].entity, record, &key);
	switch (s) {
	case TODAY_OVERDUE:
		return is_open(record) && when && when < start;
	case TODAY_DUE:
		return is_open(record) && when >= start && when < tomorrow;
	case TODAY_UPCOMING:
		return is_open(record) && when >= tomorrow &&
		       when < midnight(day_of(now, TODAY_UPCOMING_DAYS + 1));
	case TODAY_CLOSING: {
		struct ymd today = day_of(now, 0), d;
		const char *close = json_member_str(record, "close_date");
		return is_open(record) && close && date_parse_slashed(close, &d) && d.y == today.y &&
		       d.m == today.m;
	}
	case TODAY_STALE_DEALS: case TODAY_STALE_LEADS: {
		const cJSON *modified = json_get(record, "date_modified");
		bool stale = cJSON_IsNumber(modified) &&
			     json_i64(modified) <= now - (int64_t)stale_days * DAY;
		return stale && (s == TODAY_STALE_LEADS || is_open(record));
	}
	default:
		return false;
	}
}

bool today_snooze_day(int64_t current, int64_t now, const char *by, char **day)
{
	struct ymd d;
	*day = NULL;
	while (by && (*by == ' ' || *by == '\t'))
		by++;
	if (!by || !*by)
		return false;
	bool relative = by[0] == '+';
	/* +1d from a day still ahead pushes that day; from a day gone by,
	 * it counts from today */
	int64_t from = relative && current > now ? current : now;
	if (!date_parse_day(by, from, &d))
		return false;
	*day = date_iso_text(d);
	return true;
}

int64_t today_snooze_time(int64_t current, const char *day)
{
	struct ymd d;
	if (!day || !date_parse_calendar(day, &d))
		return -1;
	int64_t tod = current ? current - midnight(day_of(current, 0)) : 0;
	return midnight(d) + (tod > 0 && tod < DAY ? tod : 0);
}
