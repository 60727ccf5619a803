/* Unit tests: dates.c, calendar days as typed and as text (edit_parse_date
 * and edit_close_date_string are tested with the edit form, test_edit.c) */
#include "config.h"

#include "model/dates.h"
#include "testlib.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOW ((int64_t)1773846000) /* Wednesday 2026-03-18 15:00 UTC */

static int64_t utc(int y, int m, int d)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return (int64_t)timegm(&tm);
}

static bool is_day(struct ymd got, int y, int m, int d)
{
	return got.y == y && got.m == m && got.d == d;
}

TEST(test_valid)
{
	CHECK(date_valid((struct ymd){ 2026, 12, 31 }));
	CHECK(date_valid((struct ymd){ 2024, 2, 29 }));
	CHECK(date_valid((struct ymd){ 2000, 2, 29 }));      /* divisible by 400 */
	CHECK(!date_valid((struct ymd){ 1900, 2, 29 }));     /* by 100, not 400 */
	CHECK(!date_valid((struct ymd){ 2025, 2, 29 }));
	CHECK(!date_valid((struct ymd){ 2026, 4, 31 }));
	CHECK(!date_valid((struct ymd){ 2026, 13, 1 }));
	CHECK(!date_valid((struct ymd){ 2026, 0, 1 }));
	CHECK(!date_valid((struct ymd){ 2026, 1, 0 }));
	CHECK(date_valid((struct ymd){ 1, 1, 1 }));
	CHECK(date_valid((struct ymd){ 9999, 12, 31 }));
	CHECK(!date_valid((struct ymd){ 0, 1, 1 }));
	CHECK(!date_valid((struct ymd){ 10000, 1, 1 }));
}

TEST(test_calendar_forms)
{
	struct ymd d;
	CHECK(date_parse_calendar("2026-12-31", &d) && is_day(d, 2026, 12, 31));
	CHECK(date_parse_calendar("2026-1-2", &d) && is_day(d, 2026, 1, 2));
	CHECK(date_parse_calendar("12/31/2026", &d) && is_day(d, 2026, 12, 31));
	CHECK(date_parse_calendar("31/12/2026", &d) && is_day(d, 2026, 12, 31)); /* DD/MM */
	CHECK(date_parse_calendar("01/02/2026", &d) && is_day(d, 2026, 1, 2));   /* MM/DD first */
	CHECK(!date_parse_calendar("2026-02-30", &d));
	CHECK(!date_parse_calendar("13/13/2026", &d));
	CHECK(!date_parse_calendar("12/31/26", &d));
	CHECK(!date_parse_calendar("2026/12/31", &d));
	CHECK(!date_parse_calendar(" 2026-12-31", &d)); /* callers trim */
	CHECK(!date_parse_calendar("2026-12-31x", &d));
	CHECK(!date_parse_calendar("today", &d));
	CHECK(!date_parse_calendar("", &d));

	/* the slashed form alone: Copper's close_date */
	CHECK(date_parse_slashed("1/23/2017", &d) && is_day(d, 2017, 1, 23));
	CHECK(date_parse_slashed("23/01/2017", &d) && is_day(d, 2017, 1, 23));
	CHECK(date_parse_slashed("2/29/2024", &d) && is_day(d, 2024, 2, 29));
	CHECK(!date_parse_slashed("2/29/2023", &d));
	CHECK(!date_parse_slashed("2017-01-23", &d));
	CHECK(!date_parse_slashed("1/23/20171", &d));
	CHECK(!date_parse_slashed("0/1/2017", &d));
	CHECK(!date_parse_slashed("1/1/0000", &d));
}

TEST(test_friendly_forms)
{
	static const struct { const char *text; int y, m, d; } ok[] = {
		{ "today", 2026, 3, 18 }, { " TODAY ", 2026, 3, 18 }, { "Tomorrow", 2026, 3, 19 },
		{ "yesterday", 2026, 3, 17 }, { "+3d", 2026, 3, 21 }, { "-3D", 2026, 3, 15 },
		{ "+2w", 2026, 4, 1 }, { "+1m", 2026, 4, 18 }, { "-3m", 2025, 12, 18 },
		{ "+1y", 2027, 3, 18 }, { "eom", 2026, 3, 31 }, { "EOW", 2026, 3, 22 },
		{ "2026-12-31", 2026, 12, 31 }, { "\t12/31/2026\n", 2026, 12, 31 },
	};
	struct ymd d;
	for (size_t k = 0; k < ARRAY_SIZE(ok); k++)
		if (!date_parse_day(ok[k].text, NOW, &d) || !is_day(d, ok[k].y, ok[k].m, ok[k].d))
			test_fail(__FILE__, __LINE__, "'%s' is not %d-%d-%d", ok[k].text, ok[k].y,
				  ok[k].m, ok[k].d);
	static const char *const bad[] = {
		"", "soon", "+3", "3d", "+d", "+3x", "+1mm", "+9999999d", "+99999y", "-9999y",
	};
	for (size_t k = 0; k < ARRAY_SIZE(bad); k++)
		if (date_parse_day(bad[k], NOW, &d))
			test_fail(__FILE__, __LINE__, "'%s' accepted", bad[k]);

	/* months keep the day where they can, else take the month's last */
	CHECK(date_parse_day("+1m", utc(2026, 1, 31), &d) && is_day(d, 2026, 2, 28));
	CHECK(date_parse_day("+1m", utc(2024, 1, 31), &d) && is_day(d, 2024, 2, 29));
	CHECK(date_parse_day("+1y", utc(2024, 2, 29), &d) && is_day(d, 2025, 2, 28));
	/* across the end of a year and of a leap February */
	CHECK(date_parse_day("+1d", utc(2026, 12, 31), &d) && is_day(d, 2027, 1, 1));
	CHECK(date_parse_day("+1d", utc(2024, 2, 28), &d) && is_day(d, 2024, 2, 29));
	CHECK(date_parse_day("eom", utc(2024, 2, 10), &d) && is_day(d, 2024, 2, 29));
	/* eow: the Sunday ending the ISO week; on a Sunday, that day */
	CHECK(date_parse_day("eow", utc(2026, 3, 16), &d) && is_day(d, 2026, 3, 22)); /* Monday */
	CHECK(date_parse_day("eow", utc(2026, 3, 22), &d) && is_day(d, 2026, 3, 22)); /* Sunday */
	CHECK(date_parse_day("eow", utc(1969, 12, 31), &d) && is_day(d, 1970, 1, 4));  /* before 1970 */

	/* a clock the C library cannot represent: only calendar dates */
	CHECK(!date_parse_day("today", INT64_MAX, &d));
	CHECK(date_parse_day("2026-12-31", INT64_MAX, &d) && is_day(d, 2026, 12, 31));
}

TEST(test_local_days)
{
	struct tm tm;
	date_to_tm((struct ymd){ 2026, 12, 31 }, &tm);
	CHECK(tm.tm_year == 126 && tm.tm_mon == 11 && tm.tm_mday == 31 && tm.tm_isdst == -1);
	CHECK(tm.tm_hour == 0 && tm.tm_min == 0 && tm.tm_sec == 0);
	CHECK_INT(timegm(&tm), utc(2026, 12, 31));

	CHECK(date_same_local_day(utc(2026, 3, 18), utc(2026, 3, 18) + 86399));
	CHECK(!date_same_local_day(utc(2026, 3, 18), utc(2026, 3, 18) + 86400));
	CHECK(!date_same_local_day(INT64_MAX, INT64_MAX));
	/* the local time zone decides: 03:00 and 23:00 UTC are one day in UTC,
	 * two in New York */
	CHECK(date_same_local_day(utc(2026, 3, 18) + 3 * 3600, utc(2026, 3, 18) + 23 * 3600));
	setenv("TZ", "EST5", 1);
	tzset();
	CHECK(!date_same_local_day(utc(2026, 3, 18) + 3 * 3600, utc(2026, 3, 18) + 23 * 3600));
	char *s = date_local_text(utc(2027, 1, 1) + 3600); /* still Dec 31 there */
	CHECK_STR(s, "2026-12-31");
	free(s);
	setenv("TZ", "UTC", 1);
	tzset();
}

TEST(test_texts)
{
	char *s;
	CHECK_STR(s = date_iso_text((struct ymd){ 2026, 1, 2 }), "2026-01-02"); free(s);
	CHECK_STR(s = date_iso_text((struct ymd){ 12, 3, 4 }), "0012-03-04"); free(s);
	CHECK_STR(s = date_close_text((struct ymd){ 2026, 1, 2 }), "01/02/2026"); free(s);
	CHECK_STR(s = date_close_text((struct ymd){ 2026, 12, 31 }), "12/31/2026"); free(s);
	CHECK_STR(s = date_local_text(utc(2017, 1, 23) + 7200), "2017-01-23"); free(s);
	CHECK_STR(s = date_local_text(-86400), "1969-12-31"); free(s);
	/* past what struct tm holds: the number, never a crash */
	CHECK_STR(s = date_local_text(INT64_MAX), "9223372036854775807"); free(s);
}

static int64_t utc_at(int y, int m, int d, int hour, int minute)
{
	return utc(y, m, d) + hour * 3600 + minute * 60;
}

/* What people type when they log what happened; NOW is Wednesday
 * 2026-03-18 15:00 UTC. */
TEST(test_moments)
{
	const struct { const char *text; int64_t want; } ok[] = {
		{ "now", NOW }, { " NOW ", NOW },
		{ "-2h", NOW - 7200 }, { "+1h", NOW + 3600 }, { "-30min", NOW - 1800 },
		{ "yesterday 15:30", utc_at(2026, 3, 17, 15, 30) },
		{ "Yesterday  9:05", utc_at(2026, 3, 17, 9, 5) },
		{ "yesterday", utc_at(2026, 3, 17, 15, 0) },        /* the time it is now */
		{ "-2d", utc_at(2026, 3, 16, 15, 0) },
		{ "today 8am", utc_at(2026, 3, 18, 8, 0) },
		{ "9:30pm", utc_at(2026, 3, 18, 21, 30) },           /* today */
		{ "12am", utc_at(2026, 3, 18, 0, 0) }, { "12pm", utc_at(2026, 3, 18, 12, 0) },
		{ "noon", utc_at(2026, 3, 18, 12, 0) }, { "23:59", utc_at(2026, 3, 18, 23, 59) },
		{ "mon 9am", utc_at(2026, 3, 16, 9, 0) },            /* the latest Monday */
		{ "Monday 9am", utc_at(2026, 3, 16, 9, 0) },
		{ "wed 10:00", utc_at(2026, 3, 18, 10, 0) },         /* today is Wednesday */
		{ "last wed 10:00", utc_at(2026, 3, 11, 10, 0) },
		{ "next wed 10:00", utc_at(2026, 3, 25, 10, 0) },
		{ "thu", utc_at(2026, 3, 12, 15, 0) },               /* last week's */
		{ "next thu", utc_at(2026, 3, 19, 15, 0) },
		{ "2026-12-06 09:30", utc_at(2026, 12, 6, 9, 30) },
		{ "2026-12-06T09:30", utc_at(2026, 12, 6, 9, 30) },
		{ "12/06/2026 9am", utc_at(2026, 12, 6, 9, 0) },
		{ "2026-12-06", utc_at(2026, 12, 6, 15, 0) },
	};
	int64_t t;
	for (size_t k = 0; k < ARRAY_SIZE(ok); k++)
		if (!date_parse_moment(ok[k].text, NOW, &t) || t != ok[k].want)
			test_fail(__FILE__, __LINE__, "'%s' is not %lld", ok[k].text,
				  (long long)ok[k].want);
	static const char *const bad[] = {
		"", "soon", "15", "25:00", "12:60", "9:5", "13pm", "0am", "-2", "-2x", "+h",
		"yesterday 25:00", "someday 9am", "last", "next 9am", "last yesterday", "mo 9am",
		"2026-02-30 09:00", "9am 9am",
	};
	for (size_t k = 0; k < ARRAY_SIZE(bad); k++)
		if (date_parse_moment(bad[k], NOW, &t))
			test_fail(__FILE__, __LINE__, "'%s' accepted", bad[k]);
	CHECK(!date_parse_moment(NULL, NOW, &t));

	/* the local time zone decides what 9am is */
	setenv("TZ", "EST5", 1);
	tzset();
	CHECK(date_parse_moment("2026-12-06 09:30", NOW, &t) && t == utc_at(2026, 12, 6, 14, 30));
	setenv("TZ", "UTC", 1);
	tzset();

	char *s;
	CHECK_STR(s = date_moment_text(utc_at(2026, 12, 6, 9, 5)), "2026-12-06 09:05"); free(s);
	CHECK_STR(s = date_moment_long_text(utc_at(2026, 12, 6, 9, 5)), "Sun 2026-12-06 09:05");
	free(s);
	CHECK_STR(s = date_moment_text(INT64_MAX), "9223372036854775807"); free(s);
	/* what is shown can be typed back */
	CHECK(date_parse_moment("2026-12-06 09:05", NOW, &t) && t == utc_at(2026, 12, 6, 9, 5));
}

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}
TEST_SETUP(setup)
