/*
 * dates.h - calendar days: what people type for a date, and the text of a
 * day in the forms Copper and patina use.
 *
 * A day is a proleptic Gregorian (year, month, day), years 1 to 9999.
 * Arithmetic on days is done on the calendar (days since 1970-01-01), never
 * on seconds, so that DST changes and time zones cannot shift a day; only
 * turning a day into a Unix time and back looks at the local time zone
 * (TZ, read again on every call).
 *
 * What a person may type for a day (date_parse_day):
 *   "2026-12-31"             ISO (one-digit month and day allowed)
 *   "12/31/2026"             Copper's MM/DD/YYYY; read as DD/MM/YYYY only
 *                            when the first number cannot be a month
 *   today, tomorrow, yesterday
 *   +3d -2w +1m +1y          days, weeks, months, years from today; a month
 *                            later keeps the day where it can, else takes
 *                            the month's last
 *   eom                      the last day of this month
 *   eow                      the Sunday ending this ISO week (today on a
 *                            Sunday)
 * Any case; white space around is ignored.
 *
 * Every returned string is malloc'd: the caller frees it.
 */
#ifndef PATINA_DATES_H
#define PATINA_DATES_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct ymd {
	int y, m, d;
};

/* A real day of years 1 to 9999 (2025-02-29 is not). */
bool date_valid(struct ymd d);

/* "2026-12-31" or "12/31/2026" exactly (no blanks, no relative forms). */
bool date_parse_calendar(const char *s, struct ymd *out);
/* Only the "12/31/2026" form (DD/MM/YYYY when the first number cannot be a
 * month): Copper's close_date. */
bool date_parse_slashed(const char *s, struct ymd *out);
/* Any form above; now (a Unix time) gives today for the relative ones. When
 * now is not a representable local time only the calendar forms work. */
bool date_parse_day(const char *text, int64_t now, struct ymd *out);

/* The day's midnight as a struct tm for mktime() or strftime(): the other
 * members zero, tm_isdst -1 (not known: mktime decides). */
void date_to_tm(struct ymd d, struct tm *tm);
/* Whether two Unix times fall on the same local day. */
bool date_same_local_day(int64_t a, int64_t b);

/* "2026-12-31": the form people type back. */
char *date_iso_text(struct ymd d);
/* The local day of a Unix time as date_iso_text(), or the number itself
 * when the C library cannot represent it. */
char *date_local_text(int64_t unix_time);
/* "12/31/2026", zero-padded: how Copper stores an opportunity's close_date. */
char *date_close_text(struct ymd d);

/*
 * A moment (a date and a time of day), as people type it when they log
 * what happened (date_parse_moment):
 *   now
 *   -2h +1h -30min           hours or minutes from now
 *   DAY                      any form of date_parse_day above ("-2d" too),
 *                            at the time of day it is now
 *   TIME                     today at that time
 *   DAY TIME                 "yesterday 15:30", "2026-12-06 09:30",
 *                            "12/06/2026 9am" ("2026-12-06T09:30" too)
 * where DAY may also be a weekday, "mon" to "sun" or the whole name: the
 * latest one up to today ("mon" on a Monday is today); "last mon" the one
 * before today, "next mon" the one after; and TIME is "15:30", "9am",
 * "9:30pm", "12am" (midnight) or "noon". The local time zone (TZ) turns it
 * into a Unix time; seconds are zero except for now and -2h forms.
 */
bool date_parse_moment(const char *text, int64_t now, int64_t *out);
/* "2026-12-06 09:30" in the local time zone: a moment as it is typed back;
 * the number itself when the C library cannot represent it. */
char *date_moment_text(int64_t unix_time);
/* "Sun 2026-12-06 09:30": the same with its weekday (in English, as typed). */
char *date_moment_long_text(int64_t unix_time);

/* Declared here, named for the edit form (edit.h includes this header),
 * for its callers, tests and the board's quick choices.
 * edit_parse_date: the Unix time of local midnight starting the day text
 * names (date_parse_day; where a DST change skips midnight, the first
 * moment of the day). */
bool edit_parse_date(const char *text, int64_t now, int64_t *out);
/* date_close_text() of the local day; NULL when the time cannot be
 * represented. */
char *edit_close_date_string(int64_t unix_time);

#endif
