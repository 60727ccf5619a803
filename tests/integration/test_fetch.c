/*
 * Integration tests: the fetch thread, the HTTP layer and the budget
 * against the Copper API sandbox, with the sandbox's request log as the
 * proof of what was sent.
 */
#include "config.h"

#include "fetch/fetch.h"
#include "sandbox.h"
#include "testlib.h"
#include "util/util.h"

#include <inttypes.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct sandbox sb;

static struct fetcher *start_fetcher(int rate, int burst, int parallel)
{
	struct fetch_options o;
	fetch_options_defaults(&o);
	o.http.base_url = sb.base_url;
	o.http.email = SANDBOX_EMAIL;
	o.http.api_token = SANDBOX_TOKEN;
	o.rate_per_minute = rate;
	o.burst = burst;
	o.max_parallel = parallel;
	o.retry_base_ms = 50; /* keep retry tests quick; the arithmetic is unit-tested */
	char *err;
	struct fetcher *f = fetcher_start(&o, &err);
	if (!f) {
		fprintf(stderr, "fetcher_start: %s\n", err);
		exit(99);
	}
	return f;
}

static void knobs(const char *json)
{
	cJSON_Delete(sandbox_control(&sb, "POST", "/_sandbox/config", json));
}

static void fail_next(const char *json)
{
	cJSON_Delete(sandbox_control(&sb, "POST", "/_sandbox/fail_next", json));
}

TEST(test_pages_through_5000_records)
{
	struct fetcher *f = start_fetcher(150, 20, 4);
	sandbox_clear_log(&sb);
	/* the first page says how many there are */
	fetcher_submit(f, api_search(ENT_PEOPLE, NULL, 1, 200, "name", false), 1, 1, PRIO_VISIBLE, 1);
	struct api_result *r = fetcher_wait_result(f, 30000);
	CHECK(r && r->error.kind == APIE_NONE);
	if (!r)
		goto out;
	int64_t total = r->total;
	CHECK(total >= 5000);
	int pages = (int)((total + 199) / 200);
	char *seen = xcalloc((size_t)total + 1, 1);
	int64_t *ids = xcalloc((size_t)total + 1, sizeof(*ids));
	size_t nids = 0;
	const cJSON *row;
	cJSON_ArrayForEach(row, r->json)
		ids[nids++] = (int64_t)cJSON_GetObjectItem(row, "id")->valuedouble;
	api_result_free(r);

	for (int p = 2; p <= pages; p++)
		fetcher_submit(f, api_search(ENT_PEOPLE, NULL, p, 200, "name", false), 1, 1,
			       PRIO_VISIBLE, p);
	for (int got = 1; got < pages; got++) {
		r = fetcher_wait_result(f, 60000);
		CHECK(r && r->error.kind == APIE_NONE);
		if (!r)
			break;
		CHECK_INT(r->total, total);
		cJSON_ArrayForEach(row, r->json) {
			if (nids < (size_t)total)
				ids[nids++] = (int64_t)cJSON_GetObjectItem(row, "id")->valuedouble;
			else
				nids++;
		}
		api_result_free(r);
	}
	CHECK_INT(nids, total);
	/* every record exactly once: sort and look for neighbours */
	for (size_t i = 1; i < nids && i < (size_t)total; i++)
		for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int64_t t = ids[j]; ids[j] = ids[j - 1]; ids[j - 1] = t;
		}
	int dups = 0;
	for (size_t i = 1; i < nids && i < (size_t)total; i++)
		dups += ids[i] == ids[i - 1];
	CHECK_INT(dups, 0);
	/* one request per page, not one more */
	CHECK_INT(sandbox_count(&sb, "POST", "/developer_api/v1/people/search"), pages);
	printf("  paged %" PRId64 " records in %d requests\n", total, pages);
	free(seen);
	free(ids);
out:
	fetcher_stop(f);
}

TEST(test_ui_side_never_waits_on_slow_requests)
{
	struct fetcher *f = start_fetcher(150, 20, 4);
	knobs("{\"latency\": 2000}");
	int64_t worst = 0, t0 = now_ms();
	for (int i = 0; i < 6; i++) {
		int64_t s = now_ms();
		fetcher_submit(f, api_lookup(LOOKUP_ME), 2, 1, PRIO_VISIBLE, i);
		CHECK(fetcher_next_result(f) == NULL);
		struct fetch_stats st;
		fetcher_stats(f, &st);
		int64_t d = now_ms() - s;
		if (d > worst)
			worst = d;
	}
	CHECK(worst < 20);
	int received = 0;
	while (received < 6) {
		struct api_result *r = fetcher_wait_result(f, 15000);
		CHECK(r != NULL);
		if (!r)
			break;
		CHECK_INT(r->error.kind, APIE_NONE);
		received++;
		api_result_free(r);
	}
	int64_t elapsed = now_ms() - t0;
	CHECK(elapsed >= 2000);
	printf("  worst submit/poll on the UI side: %" PRId64 " ms; 6 requests at 2 s latency took %" PRId64 " ms\n",
	       worst, elapsed);
	knobs("{\"latency\": 0}");
	fetcher_stop(f);
}

TEST(test_superseded_jobs_cancelled_and_dropped)
{
	struct fetcher *f = start_fetcher(150, 20, 4);
	knobs("{\"latency\": 800}");
	fetcher_submit(f, api_search(ENT_COMPANIES, NULL, 1, 20, NULL, false), 3, 1, PRIO_VISIBLE, 1);
	fetcher_submit(f, api_search(ENT_COMPANIES, NULL, 2, 20, NULL, false), 3, 1, PRIO_VISIBLE, 2);
	struct api_result *r = fetcher_wait_result(f, 100);
	CHECK(r == NULL); /* nothing can be back yet */
	fetcher_cancel(f, 3, 2);
	fetcher_submit(f, api_search(ENT_COMPANIES, NULL, 3, 20, NULL, false), 3, 2, PRIO_VISIBLE, 3);
	int got = 0;
	while ((r = fetcher_wait_result(f, 2500))) {
		CHECK_INT(r->generation, 2);
		CHECK_INT(r->tag, 3);
		got++;
		api_result_free(r);
	}
	CHECK_INT(got, 1);
	knobs("{\"latency\": 0}");
	fetcher_stop(f);
}

TEST(test_visible_work_goes_first)
{
	struct fetcher *f = start_fetcher(150, 20, 1);
	knobs("{\"latency\": 300}");
	/* the first job occupies the only slot; then a background and a
	 * visible job wait, and the visible one must be sent first */
	fetcher_submit(f, api_lookup(LOOKUP_TAGS), 4, 1, PRIO_BACKGROUND, 1);
	struct api_result *r = fetcher_wait_result(f, 50);
	CHECK(r == NULL);
	fetcher_submit(f, api_lookup(LOOKUP_PIPELINES), 4, 1, PRIO_BACKGROUND, 2);
	fetcher_submit(f, api_lookup(LOOKUP_ME), 4, 1, PRIO_VISIBLE, 3);
	int64_t order[3];
	for (int i = 0; i < 3; i++) {
		r = fetcher_wait_result(f, 5000);
		CHECK(r != NULL);
		order[i] = r ? r->tag : -1;
		api_result_free(r);
	}
	CHECK_INT(order[0], 1);
	CHECK_INT(order[1], 3);
	CHECK_INT(order[2], 2);
	knobs("{\"latency\": 0}");
	fetcher_stop(f);
}

TEST(test_transient_errors_retried_a_bounded_number_of_times)
{
	struct fetcher *f = start_fetcher(150, 20, 4);
	sandbox_clear_log(&sb);
	fail_next("{\"count\": 2, \"status\": 503, \"path_prefix\": \"/users/me\"}");
	fetcher_submit(f, api_lookup(LOOKUP_ME), 5, 1, PRIO_VISIBLE, 0);
	struct api_result *r = fetcher_wait_result(f, 10000);
	CHECK(r && r->error.kind == APIE_NONE);
	CHECK(r && r->attempts == 3);
	api_result_free(r);
	CHECK_INT(sandbox_count(&sb, "GET", "/developer_api/v1/users/me"), 3);

	sandbox_clear_log(&sb);
	fail_next("{\"count\": 4, \"status\": 500, \"path_prefix\": \"/account\"}");
	fetcher_submit(f, api_lookup(LOOKUP_ACCOUNT), 5, 1, PRIO_VISIBLE, 0);
	r = fetcher_wait_result(f, 10000);
	CHECK(r && r->error.kind == APIE_SERVER);
	CHECK(r && r->attempts == 4);
	if (r)
		CHECK_CONTAINS(r->error.message, "HTTP 500");
	api_result_free(r);
	CHECK_INT(sandbox_count(&sb, "GET", "/developer_api/v1/account"), 4);

	/* a refusal is not retried */
	sandbox_clear_log(&sb);
	fail_next("{\"count\": 1, \"status\": 422, \"path_prefix\": \"/tags\", \"message\": \"no such tag\"}");
	fetcher_submit(f, api_lookup(LOOKUP_TAGS), 5, 1, PRIO_VISIBLE, 0);
	r = fetcher_wait_result(f, 10000);
	CHECK(r && r->error.kind == APIE_INVALID);
	if (r)
		CHECK_CONTAINS(r->error.message, "no such tag");
	api_result_free(r);
	CHECK_INT(sandbox_count(&sb, "GET", "/developer_api/v1/tags"), 1);
	fetcher_stop(f);
}

static void expect_fault(const char *knob_json, enum api_error_kind want, const char *words)
{
	struct fetcher *f = start_fetcher(150, 20, 4);
	sandbox_clear_log(&sb);
	knobs(knob_json);
	fetcher_submit(f, api_lookup(LOOKUP_CONTACT_TYPES), 6, 1, PRIO_VISIBLE, 0);
	struct api_result *r = fetcher_wait_result(f, 20000);
	CHECK(r != NULL);
	if (r) {
		CHECK_INT(r->error.kind, want);
		CHECK_CONTAINS(r->error.message, words);
		CHECK_INT(r->attempts, 4);
		CHECK(r->json == NULL);
	}
	api_result_free(r);
	knobs("{\"malformed_rate\": 0, \"drop_rate\": 0, \"truncate_rate\": 0, \"error_rate\": 0}");
	CHECK_INT(sandbox_count(&sb, "GET", "/developer_api/v1/contact_types"), 4);
	fetcher_stop(f);
}

TEST(test_malformed_dropped_truncated_answers)
{
	expect_fault("{\"malformed_rate\": 1}", APIE_PROTOCOL, "malformed JSON");
	expect_fault("{\"drop_rate\": 1}", APIE_NETWORK, "connection failed");
	expect_fault("{\"truncate_rate\": 1}", APIE_NETWORK, "connection failed");
}

/* The retry policy: malformed answers are asked for again, an answer too
 * large to be Copper's (fetch/http.h, util/json.h) never is, even with
 * three retries allowed. */
TEST(test_bombs_are_refused_once)
{
	struct fetcher *f = start_fetcher(150, 20, 4);
	const char *bombs[] = {
		"{\"count\": 4, \"path_prefix\": \"/tags\", \"bomb\": \"size\"}",
		"{\"count\": 4, \"path_prefix\": \"/tags\", \"bomb\": \"values\", \"bomb_mb\": 2}",
		"{\"count\": 4, \"path_prefix\": \"/tags\", \"bomb\": \"deep\"}",
	};
	const char *words[] = { "more than 8 MiB once decoded", "more than 524288 values",
				"nests deeper than 64 levels" };
	for (size_t i = 0; i < ARRAY_SIZE(bombs); i++) {
		sandbox_clear_log(&sb);
		fail_next(bombs[i]);
		fetcher_submit(f, api_lookup(LOOKUP_TAGS), 12, 1, PRIO_VISIBLE, 0);
		struct api_result *r = fetcher_wait_result(f, 20000);
		CHECK(r && r->error.kind == APIE_TOO_LARGE && r->attempts == 1 && !r->json);
		if (r)
			CHECK_CONTAINS(r->error.message, words[i]);
		api_result_free(r);
		CHECK_INT(sandbox_count(&sb, "GET", "/developer_api/v1/tags"), 1);
		/* the rest of the rule must not reach the next test */
		fail_next("{\"clear\": true}");
	}
	fetcher_stop(f);
}

TEST(test_create_is_never_sent_twice)
{
	struct fetcher *f = start_fetcher(150, 20, 4);
	cJSON *person = cJSON_Parse("{\"name\": \"Once Only\", \"emails\": "
				    "[{\"email\": \"once@example.com\", \"category\": \"work\"}]}");
	const char *faults[] = {
		"{\"count\": 1, \"status\": 502, \"method\": \"POST\", \"path_prefix\": \"/people\"}",
		NULL, /* dropped connection */
	};
	for (int i = 0; i < 2; i++) {
		sandbox_clear_log(&sb);
		if (faults[i])
			fail_next(faults[i]);
		else
			knobs("{\"drop_rate\": 1}");
		fetcher_submit(f, api_create(ENT_PEOPLE, person), 7, 1, PRIO_VISIBLE, 0);
		struct api_result *r = fetcher_wait_result(f, 10000);
		CHECK(r && r->error.kind != APIE_NONE);
		CHECK(r && r->attempts == 1);
		api_result_free(r);
		knobs("{\"drop_rate\": 0}");
		/* let anything that might still come arrive */
		r = fetcher_wait_result(f, 500);
		CHECK(r == NULL);
		CHECK_INT(sandbox_count(&sb, "POST", "/developer_api/v1/people"), 1);
	}
	cJSON_Delete(person);
	fetcher_stop(f);
}

/* DELETE goes out as DELETE, with the related-items body when it has
 * one and none for a record, and is sent once even when its answer is
 * lost (the server did it: a second one would be a 404 or worse). */
TEST(test_deletes_on_the_wire_and_sent_once)
{
	struct fetcher *f = start_fetcher(150, 20, 4);
	/* an opportunity and its company: related by its own field */
	struct api_result *r;
	fetcher_submit(f, api_search(ENT_OPPORTUNITIES, NULL, 1, 50, NULL, false), 7, 1,
		       PRIO_VISIBLE, 0);
	r = fetcher_wait_result(f, 10000);
	CHECK(r && cJSON_IsArray(r->json));
	int64_t opp = 0, company = 0;
	const cJSON *rec;
	const cJSON *page = r ? r->json : NULL;
	cJSON_ArrayForEach(rec, page) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(rec, "company_id");
		if (cJSON_IsNumber(c)) {
			opp = (int64_t)cJSON_GetObjectItemCaseSensitive(rec, "id")->valuedouble;
			company = (int64_t)c->valuedouble;
			break;
		}
	}
	api_result_free(r);
	CHECK(opp && company);

	sandbox_clear_log(&sb);
	fetcher_submit(f, api_unrelate(ENT_OPPORTUNITIES, opp, ENT_COMPANIES, company), 7, 1,
		       PRIO_VISIBLE, 0);
	r = fetcher_wait_result(f, 10000);
	CHECK(r && r->error.kind == APIE_NONE);
	CHECK(r && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->json, "removed")));
	api_result_free(r);
	cJSON *log = sandbox_log(&sb);
	const cJSON *entry = cJSON_GetArrayItem(log, 0);
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "method")), "DELETE");
	const cJSON *body = cJSON_GetObjectItemCaseSensitive(entry, "body");
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(body, "resource");
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "type")), "company");
	cJSON_Delete(log);

	/* the record's DELETE, its answer lost after the server did it */
	sandbox_clear_log(&sb);
	fail_next("{\"count\": 1, \"after\": true, \"method\": \"DELETE\"}");
	fetcher_submit(f, api_delete(ENT_OPPORTUNITIES, opp), 7, 1, PRIO_VISIBLE, 0);
	r = fetcher_wait_result(f, 10000);
	CHECK(r && r->error.kind != APIE_NONE && r->attempts == 1);
	api_result_free(r);
	r = fetcher_wait_result(f, 500);
	CHECK(r == NULL);
	CHECK_INT(sandbox_count(&sb, "DELETE", "/developer_api/v1/opportunities/"), 1);
	fetcher_submit(f, api_fetch(ENT_OPPORTUNITIES, opp), 7, 1, PRIO_VISIBLE, 0);
	r = fetcher_wait_result(f, 10000);
	CHECK(r && r->error.kind == APIE_NOT_FOUND);
	api_result_free(r);
	fetcher_stop(f);
}

/* A fresh sandbox whose limit is far below the client's budget: the
 * client must slow down, recover, and stay within its own budget. */
TEST(test_rate_limit_storm)
{
	struct sandbox strict;
	const char *args[] = { "--rate-limit", "10", "--rate-window", "3", NULL };
	struct sandbox saved = sb;
	sandbox_start(&strict, args);
	sb = strict;

	const int rate = 120, burst = 10, jobs = 30;
	struct fetcher *f = start_fetcher(rate, burst, 4);
	for (int i = 0; i < jobs; i++)
		fetcher_submit(f, api_fetch(ENT_PEOPLE, 7), 8, 1, PRIO_VISIBLE, i);
	int ok = 0;
	for (int i = 0; i < jobs; i++) {
		struct api_result *r = fetcher_wait_result(f, 120000);
		if (!r)
			break;
		ok += r->error.kind == APIE_NONE;
		api_result_free(r);
	}
	struct fetch_stats st;
	fetcher_stats(f, &st);
	CHECK_INT(ok, jobs);
	CHECK(st.rate_limited > 0);
	/* backing off, not hammering: a client that ignored 429s would see
	 * one for nearly every attempt */
	CHECK(st.rate_limited <= 12);

	cJSON *log = sandbox_log(&sb);
	int n = cJSON_GetArraySize(log);
	double *ts = xcalloc((size_t)n + 1, sizeof(*ts));
	int n429 = 0;
	for (int i = 0; i < n; i++) {
		cJSON *e = cJSON_GetArrayItem(log, i);
		ts[i] = cJSON_GetObjectItem(e, "ts")->valuedouble;
		n429 += cJSON_GetObjectItem(e, "status")->valuedouble == 429;
	}
	CHECK_INT(n, jobs + n429);
	/* no window of the log holds more than the budget allows */
	int over_budget = 0;
	for (int i = 0; i < n; i++)
		for (int j = i; j < n; j++) {
			/* +1: the log's timestamps are rounded to the millisecond */
			double allowed = burst + rate * (ts[j] - ts[i]) / 60.0 + 1;
			if (j - i + 1 > allowed)
				over_budget++;
		}
	CHECK_INT(over_budget, 0);
	printf("  429 storm: %d requests for %d jobs, %d answered 429, %.1f s\n", n, jobs, n429,
	       n ? ts[n - 1] - ts[0] : 0.0);
	free(ts);
	cJSON_Delete(log);
	fetcher_stop(f);
	sandbox_stop(&strict);
	sb = saved;
}

static int64_t cpu_ms(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (int64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

/* Jobs waiting for a free slot must not make the thread spin. */
TEST(test_queued_jobs_wait_without_spinning)
{
	struct fetcher *f = start_fetcher(150, 20, 1);
	knobs("{\"latency\": 700}");
	for (int i = 0; i < 4; i++)
		fetcher_submit(f, api_lookup(LOOKUP_ME), 9, 1, PRIO_VISIBLE, i);
	int64_t cpu0 = cpu_ms(), t0 = now_ms();
	int got = 0;
	while (got < 4) {
		struct api_result *r = fetcher_wait_result(f, 10000);
		if (!r)
			break;
		got++;
		api_result_free(r);
	}
	int64_t cpu = cpu_ms() - cpu0, wall = now_ms() - t0;
	CHECK_INT(got, 4);
	printf("  4 jobs one at a time at 700 ms: %" PRId64 " ms wall, %" PRId64 " ms CPU\n", wall, cpu);
	CHECK(cpu < wall / 10);
	knobs("{\"latency\": 0}");
	fetcher_stop(f);
}

/* One after another on one connection: no answer waits for a poll timeout. */
TEST(test_answers_are_handled_as_they_come)
{
	struct fetcher *f = start_fetcher(600, 100, 1);
	int64_t t0 = now_ms(), last = t0, worst_gap = 0;
	for (int i = 0; i < 20; i++)
		fetcher_submit(f, api_lookup(LOOKUP_ME), 10, 1, PRIO_VISIBLE, i);
	int got = 0;
	while (got < 20) {
		struct api_result *r = fetcher_wait_result(f, 10000);
		if (!r)
			break;
		int64_t now = now_ms();
		if (now - last > 200)
			printf("  answer %d came %" PRId64 " ms after the one before\n", got, now - last);
		if (now - last > worst_gap)
			worst_gap = now - last;
		last = now;
		got++;
		api_result_free(r);
	}
	CHECK_INT(got, 20);
	printf("  20 sequential requests: %" PRId64 " ms, longest gap %" PRId64 " ms\n",
	       now_ms() - t0, worst_gap);
	/* an answer stuck behind the fetch thread's 1 s poll shows as a gap of
	 * a second; a loaded sandbox answers in tens of milliseconds */
	CHECK(worst_gap < 800);
	fetcher_stop(f);
}

/* libcurl re-sends by itself a request whose reused connection died:
 * every send must count against the budget, as Copper counts it. */
TEST(test_every_send_is_charged)
{
	struct fetcher *f = start_fetcher(150, 20, 1);
	fetcher_submit(f, api_lookup(LOOKUP_ME), 11, 1, PRIO_VISIBLE, 0); /* a warm connection */
	api_result_free(fetcher_wait_result(f, 10000));
	struct fetch_stats before, after;
	fetcher_stats(f, &before);
	sandbox_clear_log(&sb);
	knobs("{\"drop_rate\": 1}");
	fetcher_submit(f, api_lookup(LOOKUP_ME), 11, 1, PRIO_VISIBLE, 1);
	api_result_free(fetcher_wait_result(f, 20000));
	knobs("{\"drop_rate\": 0}");
	fetcher_stats(f, &after);
	int received = sandbox_count(&sb, "GET", "/developer_api/v1/users/me");
	printf("  dropped answers: %d requests reached the server, patina counted %" PRIu64 "\n",
	       received, after.sent - before.sent);
	CHECK(received > 4); /* libcurl did re-send on its own */
	CHECK_INT(after.sent - before.sent, received);
	fetcher_stop(f);
}

static void setup(void)
{
	const char *args[] = { "--records", "5000", NULL };
	sandbox_start(&sb, args);
}
TEST_SETUP(setup)

static void teardown(void)
{
	sandbox_stop(&sb);
}
TEST_TEARDOWN(teardown)
