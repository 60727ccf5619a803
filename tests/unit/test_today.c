/* Unit tests: today.c, the Today view's sections as searches; and the
 * writer's exports (util/writer.c), what the export writes through. */
#include "config.h"

#include "model/filter.h"
#include "model/today.h"
#include "testlib.h"
#include "util/util.h"
#include "util/writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Sunday 2026-12-06 14:00 UTC (TZ is UTC in these tests) */
#define NOW 1796565600LL
#define DAY 86400LL
#define MIDNIGHT 1796515200LL

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}
TEST_SETUP(setup)

static char *filter_of(enum today_section s)
{
	return today_filter(s, NOW, 30);
}

TEST(test_sections_are_filters_a_list_takes)
{
	const char *want[TODAY_SECTIONS] = {
		"owner:me status:open due:overdue",
		"owner:me status:open due:today",
		"owner:me status:open due:tomorrow..2026-12-13",
		"owner:me status:open closes:2026-12",
		"owner:me status:open modified>30d",
		"owner:me modified>30d",
	};
	for (int s = 0; s < TODAY_SECTIONS; s++) {
		char *f = filter_of((enum today_section)s);
		CHECK_STR(f, want[s]);
		/* each parses for its entity as the list's filter would */
		struct filter_context fc = { NULL, today_def((enum today_section)s)->entity, 159258, NOW };
		char *error = NULL;
		cJSON *body = filter_parse(f, &fc, &error);
		CHECK(body != NULL);
		if (!body)
			test_fail(__FILE__, __LINE__, "%s: %s", f, error ? error : "?");
		cJSON_Delete(body);
		free(error);
		free(f);
	}
	CHECK_INT(today_def(TODAY_CLOSING)->entity, ENT_OPPORTUNITIES);
	CHECK_INT(today_def(TODAY_STALE_LEADS)->entity, ENT_LEADS);
	CHECK(today_def(TODAY_SECTIONS) == NULL);
}

static bool matches(enum today_section s, const char *json)
{
	cJSON *rec = cJSON_Parse(json);
	bool m = today_matches(s, rec, NOW, 30);
	cJSON_Delete(rec);
	return m;
}

TEST(test_a_record_changed_leaves_its_section)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "{\"status\": \"Open\", \"due_date\": %lld}", MIDNIGHT + 9 * 3600);
	CHECK(matches(TODAY_DUE, buf));
	CHECK(!matches(TODAY_OVERDUE, buf));
	snprintf(buf, sizeof(buf), "{\"status\": \"Completed\", \"due_date\": %lld}", MIDNIGHT + 9 * 3600);
	CHECK(!matches(TODAY_DUE, buf));
	snprintf(buf, sizeof(buf), "{\"status\": \"Open\", \"due_date\": %lld}", MIDNIGHT - 1);
	CHECK(matches(TODAY_OVERDUE, buf));
	snprintf(buf, sizeof(buf), "{\"status\": \"Open\", \"due_date\": %lld}", MIDNIGHT + 7 * DAY + 3600);
	CHECK(matches(TODAY_UPCOMING, buf));
	snprintf(buf, sizeof(buf), "{\"status\": \"Open\", \"due_date\": %lld}", MIDNIGHT + 8 * DAY);
	CHECK(!matches(TODAY_UPCOMING, buf));
	CHECK(!matches(TODAY_OVERDUE, "{\"status\": \"Open\", \"due_date\": null}"));
	CHECK(matches(TODAY_CLOSING, "{\"status\": \"Open\", \"close_date\": \"12/31/2026\"}"));
	CHECK(!matches(TODAY_CLOSING, "{\"status\": \"Won\", \"close_date\": \"12/31/2026\"}"));
	CHECK(!matches(TODAY_CLOSING, "{\"status\": \"Open\", \"close_date\": \"01/01/2027\"}"));
	snprintf(buf, sizeof(buf), "{\"status\": \"Open\", \"date_modified\": %lld}", NOW - 31 * DAY);
	CHECK(matches(TODAY_STALE_DEALS, buf));
	snprintf(buf, sizeof(buf), "{\"status\": \"Open\", \"date_modified\": %lld}", NOW - 60);
	CHECK(!matches(TODAY_STALE_DEALS, buf));
	/* hostile: wrong types match nothing */
	CHECK(!matches(TODAY_DUE, "{\"status\": 3, \"due_date\": \"today\"}"));
	CHECK(!matches(TODAY_STALE_LEADS, "{\"date_modified\": \"long ago\"}"));
}

TEST(test_snooze_counts_from_the_later_of_the_date_and_today)
{
	char *day = NULL;
	/* overdue: from today */
	CHECK(today_snooze_day(MIDNIGHT - 5 * DAY, NOW, "+1d", &day));
	CHECK_STR(day, "2026-12-07");
	free(day);
	/* still ahead: from its day */
	CHECK(today_snooze_day(MIDNIGHT + 3 * DAY, NOW, "+1w", &day));
	CHECK_STR(day, "2026-12-16");
	free(day);
	CHECK(today_snooze_day(0, NOW, "2027-01-05", &day));
	CHECK_STR(day, "2027-01-05");
	free(day);
	CHECK(!today_snooze_day(0, NOW, "someday", &day));
	CHECK(day == NULL);
	CHECK(!today_snooze_day(0, NOW, "", &day));
	/* a task keeps its time of day */
	CHECK_INT(today_snooze_time(MIDNIGHT - 5 * DAY + 16 * 3600, "2026-12-07"), MIDNIGHT + DAY + 16 * 3600);
	CHECK_INT(today_snooze_time(0, "2026-12-07"), MIDNIGHT + DAY);
	CHECK_INT(today_snooze_time(0, "tomorrow"), -1);
	const char *key;
	cJSON *deal = cJSON_Parse("{\"close_date\": \"12/24/2026\"}");
	CHECK_INT(today_snoozed_date(ENT_OPPORTUNITIES, deal, &key), MIDNIGHT + 18 * DAY);
	CHECK_STR(key, "close_date");
	CHECK_INT(today_snoozed_date(ENT_LEADS, deal, &key), 0);
	CHECK(key == NULL);
	cJSON_Delete(deal);
}

/* An export never replaces a file unless asked, and says when it is done. */
TEST(test_writer_export_never_over_a_file_unasked)
{
	struct writer *w = writer_start();
	char *path = xasprintf("%s/out.csv", test_tmpdir());
	char *error = NULL;
	uint64_t t = writer_export(w, path, xstrdup("a,b\n"), 4, false, &error);
	CHECK(t != 0 && error == NULL);
	while (!writer_finished(w, t, &error))
		usleep(1000);
	CHECK(error == NULL);
	char *text = file_read(path, 100, 0, NULL, NULL);
	CHECK_STR(text, "a,b\n");
	free(text);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	/* again, not to replace: refused, the file as it was */
	t = writer_export(w, path, xstrdup("x\n"), 2, false, &error);
	while (!writer_finished(w, t, &error))
		usleep(1000);
	CHECK_CONTAINS(error, "a file of that name is there already");
	free(error);
	text = file_read(path, 100, 0, NULL, NULL);
	CHECK_STR(text, "a,b\n");
	free(text);
	/* asked to replace: replaced; each ticket answered once */
	t = writer_export(w, path, xstrdup("x\n"), 2, true, &error);
	while (!writer_finished(w, t, &error))
		usleep(1000);
	CHECK(error == NULL);
	CHECK(!writer_finished(w, t, &error));
	text = file_read(path, 100, 0, NULL, NULL);
	CHECK_STR(text, "x\n");
	free(text);
	/* a directory that is not there: the reason */
	char *bad = xasprintf("%s/no/such/dir/out.csv", test_tmpdir());
	t = writer_export(w, bad, xstrdup("x"), 1, false, &error);
	while (!writer_finished(w, t, &error))
		usleep(1000);
	CHECK_CONTAINS(error, "No such file or directory");
	free(error);
	free(bad);
	writer_stop(w);
	free(path);
}
