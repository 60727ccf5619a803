/* test_mirror_sync.c - the mirror's sync (src/mirror/sync.c) against a
 * server in memory that pages, sorts, filters by dates and caps its
 * searches as Copper does: what it costs, and that the mirror ends equal. */
#include "config.h"

#include "mirror/store.h"
#include "mirror/sync.h"
#include "testlib.h"
#include "util/json.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_RECORDS 4000

struct fake {
	int64_t ids[ENT_COUNT][MAX_RECORDS];
	int64_t created[ENT_COUNT][MAX_RECORDS];
	int64_t modified[ENT_COUNT][MAX_RECORDS];
	bool gone[ENT_COUNT][MAX_RECORDS];
	int n[ENT_COUNT];
	int64_t clock;           /* the server's time */
	int cap;
	int requests[ENT_COUNT];
	struct api_request *queue[64];
	int64_t tags[64];
	int queued;
	bool saw_modified_filter[ENT_COUNT];
};

static struct fake fake;
static char *db_path;

/* The test program's own directory (testlib removes it at exit). */
static void setup(void)
{
	db_path = store_path(test_tmpdir(), 1, 1);
}

static void teardown(void)
{
	free(db_path);
}
TEST_SETUP(setup)
TEST_TEARDOWN(teardown)

static uint64_t fake_submit(void *ctx, struct api_request *req, int owner, uint64_t generation,
			    enum api_priority prio, int64_t tag)
{
	(void)ctx, (void)owner, (void)generation, (void)prio;
	fake.queue[fake.queued] = req;
	fake.tags[fake.queued++] = tag;
	return (uint64_t)fake.queued;
}

static void fake_add(enum entity e, int count, int64_t created_from)
{
	for (int i = 0; i < count; i++) {
		int k = fake.n[e]++;
		fake.ids[e][k] = 1000 + k;
		/* several records a second: windows split inside a second */
		fake.created[e][k] = created_from + k / 3;
		fake.modified[e][k] = fake.created[e][k];
	}
}

static int order_by;     /* 0 created asc, 1 modified desc */
static enum entity order_entity;

static int compare(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	int64_t *key = order_by ? fake.modified[order_entity] : fake.created[order_entity];
	int64_t kx = key[x], ky = key[y];
	int c = kx < ky ? -1 : kx > ky;
	if (!c)
		c = fake.ids[order_entity][x] < fake.ids[order_entity][y] ? -1 : 1;
	return order_by ? -c : c;
}

static cJSON *record(enum entity e, int k)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddNumberToObject(r, "id", (double)fake.ids[e][k]);
	char name[32];
	snprintf(name, sizeof(name), "R%d m%lld", k, (long long)fake.modified[e][k]);
	cJSON_AddStringToObject(r, "name", name);
	cJSON_AddNumberToObject(r, "date_created", (double)fake.created[e][k]);
	cJSON_AddNumberToObject(r, "date_modified", (double)fake.modified[e][k]);
	return r;
}

static struct api_result *answer(struct api_request *req, int64_t tag)
{
	enum entity e = (enum entity)tag;
	cJSON *body = cJSON_Parse(req->body);
	int64_t min_c = json_member_i64(body, "minimum_created_date");
	const cJSON *max_c = json_get(body, "maximum_created_date");
	const cJSON *min_m = json_get(body, "minimum_modified_date");
	if (min_m)
		fake.saw_modified_filter[e] = true;
	const char *sort = json_member_str(body, "sort_by");
	int page = (int)json_member_i64(body, "page_number"), size = (int)json_member_i64(body, "page_size");
	int *match = xcalloc(MAX_RECORDS, sizeof(int)), n = 0;
	for (int k = 0; k < fake.n[e]; k++) {
		if (fake.gone[e][k] || fake.created[e][k] < min_c ||
		    (max_c && fake.created[e][k] > json_i64(max_c)) ||
		    (min_m && fake.modified[e][k] < json_i64(min_m)))
			continue;
		match[n++] = k;
	}
	order_by = sort && !strcmp(sort, "date_modified");
	order_entity = e;
	qsort(match, (size_t)n, sizeof(int), compare);
	cJSON *out = cJSON_CreateArray();
	int reach = n < fake.cap ? n : fake.cap;
	for (int i = (page - 1) * size; i < reach && i < page * size; i++)
		cJSON_AddItemToArray(out, record(e, match[i]));
	free(match);
	cJSON_Delete(body);
	struct api_result *r = xcalloc(1, sizeof(*r));
	r->tag = tag;
	r->json = out;
	r->total = n;
	r->server_date = fake.clock;
	r->kind = API_SEARCH;
	fake.requests[e]++;
	return r;
}

static struct mirror_store *open_store(bool fresh)
{
	if (fresh)
		unlink(db_path);
	char *error = NULL;
	struct mirror_store *s = store_open(db_path, true, &error);
	if (!s)
		test_fail(__FILE__, __LINE__, "%s", error);
	free(error);
	return s;
}

static struct sync *new_sync(struct mirror_store *st)
{
	struct sync_options o;
	sync_options_defaults(&o);
	o.max_in_flight = 6;
	o.search_cap = fake.cap;
	o.margin_s = 0;
	return sync_new(st, (struct api_sender){ fake_submit, NULL, NULL }, &o);
}

/* Runs the sync until its round is over, or for at most steps answers. */
static void run(struct sync *s, int steps)
{
	for (int i = 0; i < steps && (sync_running(s, NULL) || fake.queued); i++) {
		if (!fake.queued)
			sync_pump(s, 100, 0);
		if (!fake.queued)
			break;
		struct api_request *req = fake.queue[0];
		int64_t tag = fake.tags[0];
		memmove(fake.queue, fake.queue + 1, (size_t)(fake.queued - 1) * sizeof(*fake.queue));
		memmove(fake.tags, fake.tags + 1, (size_t)(fake.queued - 1) * sizeof(*fake.tags));
		fake.queued--;
		sync_on_result(s, answer(req, tag), fake.clock);
		api_request_free(req);
	}
}

static void drop_queue(void)
{
	for (int i = 0; i < fake.queued; i++)
		api_request_free(fake.queue[i]);
	fake.queued = 0;
}

/* The mirror holds exactly the server's records, each as it is now. */
static void check_equal(struct mirror_store *st, enum entity e)
{
	int live = 0;
	for (int k = 0; k < fake.n[e]; k++) {
		cJSON *rec = store_get(st, e, fake.ids[e][k]);
		if (fake.gone[e][k]) {
			if (rec)
				test_fail(__FILE__, __LINE__, "%s %lld is gone but still held",
					  entity_path(e), (long long)fake.ids[e][k]);
		} else if (!rec || json_member_i64(rec, "date_modified") != fake.modified[e][k]) {
			test_fail(__FILE__, __LINE__, "%s %lld is %s", entity_path(e),
				  (long long)fake.ids[e][k], rec ? "stale" : "missing");
		}
		live += !fake.gone[e][k];
		cJSON_Delete(rec);
	}
	CHECK(store_count(st, e) == live);
}

static void reset(int cap)
{
	drop_queue();
	memset(&fake, 0, sizeof(fake));
	fake.cap = cap;
	fake.clock = 1000000;
}

TEST(test_first_sync_pages_past_the_cap_in_created_windows)
{
	reset(300);
	fake_add(ENT_TASKS, 1000, 500000);
	fake_add(ENT_PEOPLE, 250, 500000);
	struct mirror_store *st = open_store(true);
	struct sync *s = new_sync(st);
	sync_start(s, 1);
	run(s, 1000);
	CHECK(!sync_running(s, NULL));
	check_equal(st, ENT_TASKS);
	check_equal(st, ENT_PEOPLE);
	/* tasks: 5 pages of 200 at least, and each window past the cap
	 * starts again at its last second (4 windows); then one search for
	 * the changes, which is also the count */
	CHECK(fake.requests[ENT_TASKS] >= 5 + 1);
	CHECK(fake.requests[ENT_TASKS] <= 5 + 4 + 1);
	CHECK(fake.requests[ENT_PEOPLE] == 2 + 1);
	/* an empty entity: one request for the first sync, one for changes */
	CHECK(fake.requests[ENT_LEADS] == 2);
	/* people have no modified filter in the reference: never sent */
	CHECK(!fake.saw_modified_filter[ENT_PEOPLE] && !fake.saw_modified_filter[ENT_COMPANIES]);
	sync_free(s);
	store_close(st);
}

TEST(test_first_sync_goes_on_where_it_stopped)
{
	reset(100000);
	fake_add(ENT_OPPORTUNITIES, 900, 700000);
	struct mirror_store *st = open_store(true);
	struct sync *s = new_sync(st);
	sync_start(s, 1);
	/* six entities start together; stop after three answers of opportunities */
	while (fake.requests[ENT_OPPORTUNITIES] < 3)
		run(s, 1);
	drop_queue();
	sync_free(s);
	store_close(st);
	CHECK(fake.requests[ENT_OPPORTUNITIES] == 3);

	/* a crash: a new process opens the same mirror */
	st = open_store(false);
	CHECK(store_count(st, ENT_OPPORTUNITIES) == 600);
	s = new_sync(st);
	sync_start(s, 1);
	run(s, 1000);
	check_equal(st, ENT_OPPORTUNITIES);
	/* pages 4 and 5 only, then the changes: nothing read twice */
	CHECK(fake.requests[ENT_OPPORTUNITIES] == 3 + 2 + 1);
	sync_free(s);
	store_close(st);
}

static void modify(enum entity e, int count, int step)
{
	for (int i = 0, k = 0; i < count && k < fake.n[e]; i++, k += step)
		fake.modified[e][k] = fake.clock;
}

TEST(test_incremental_sync_costs_a_page_per_200_changes_and_one_more)
{
	reset(100000);
	fake_add(ENT_LEADS, 3000, 100000);
	fake_add(ENT_COMPANIES, 3000, 100000);
	struct mirror_store *st = open_store(true);
	struct sync *s = new_sync(st);
	sync_start(s, 1);
	run(s, 2000);
	int changes[] = { 0, 1, 100, 400, 1000 };
	for (size_t i = 0; i < ARRAY_SIZE(changes); i++) {
		int k = changes[i];
		fake.clock += 100;
		modify(ENT_LEADS, k, 3);
		modify(ENT_COMPANIES, k, 2);
		fake.clock += 100;
		int before_l = fake.requests[ENT_LEADS], before_c = fake.requests[ENT_COMPANIES];
		sync_start(s, 2);
		run(s, 1000);
		int limit = k ? (k + 199) / 200 + 1 : 1;
		if (fake.requests[ENT_LEADS] - before_l > limit ||
		    fake.requests[ENT_COMPANIES] - before_c > limit)
			test_fail(__FILE__, __LINE__, "%d changes: %d and %d requests, at most %d", k,
				  fake.requests[ENT_LEADS] - before_l,
				  fake.requests[ENT_COMPANIES] - before_c, limit);
		check_equal(st, ENT_LEADS);
		check_equal(st, ENT_COMPANIES);
	}
	/* past the first page, leads' changes are asked for by date, as the
	 * reference allows; companies' never are */
	CHECK(fake.saw_modified_filter[ENT_LEADS] && !fake.saw_modified_filter[ENT_COMPANIES]);
	sync_free(s);
	store_close(st);
}

TEST(test_deletions_are_found_by_halving_the_dates)
{
	reset(100000);
	fake_add(ENT_PROJECTS, 3200, 100000);
	struct mirror_store *st = open_store(true);
	struct sync *s = new_sync(st);
	sync_start(s, 1);
	run(s, 2000);
	/* one deleted, and one more made and deleted far apart */
	fake.gone[ENT_PROJECTS][1234] = true;
	int before = fake.requests[ENT_PROJECTS];
	fake.clock += 100;
	sync_start(s, 2);
	run(s, 1000);
	check_equal(st, ENT_PROJECTS);
	int cost = fake.requests[ENT_PROJECTS] - before;
	/* changes (with the count), then about log2(3200 / 200) = 4 halvings */
	if (cost > 1 + 6)
		test_fail(__FILE__, __LINE__, "one deletion cost %d requests", cost);
	fake.gone[ENT_PROJECTS][3] = true;
	fake.gone[ENT_PROJECTS][3100] = true;
	fake.gone[ENT_PROJECTS][1600] = true;
	sync_start(s, 3);
	run(s, 1000);
	check_equal(st, ENT_PROJECTS);
	/* people: the count comes with the changes' page */
	fake_add(ENT_PEOPLE, 500, 100000);
	sync_start(s, 4);
	run(s, 1000);
	check_equal(st, ENT_PEOPLE);
	fake.gone[ENT_PEOPLE][250] = true;
	sync_start(s, 5);
	run(s, 1000);
	check_equal(st, ENT_PEOPLE);
	sync_free(s);
	store_close(st);
}

/* One record deleted and another created between two rounds: the server's
 * count is what it was, but the changes bring the new record in first, so
 * the mirror holds one more and the sweep still finds the deleted one. */
TEST(test_a_deletion_beside_a_creation_is_still_found)
{
	reset(100000);
	fake_add(ENT_PROJECTS, 3200, 100000);
	struct mirror_store *st = open_store(true);
	struct sync *s = new_sync(st);
	sync_start(s, 1);
	run(s, 2000);
	check_equal(st, ENT_PROJECTS);
	fake.gone[ENT_PROJECTS][1234] = true;
	fake.clock += 100;
	fake_add(ENT_PROJECTS, 1, fake.clock - 3200 / 3); /* created now */
	int before = fake.requests[ENT_PROJECTS];
	sync_start(s, 2);
	run(s, 1000);
	check_equal(st, ENT_PROJECTS);
	int cost = fake.requests[ENT_PROJECTS] - before;
	if (cost > 1 + 6)
		test_fail(__FILE__, __LINE__, "a deletion beside a creation cost %d requests", cost);
	/* the round that ended with the sweep schedules the next one */
	int64_t due = 0;
	CHECK(!sync_running(s, &due));
	CHECK(due == fake.clock + 300);
	sync_free(s);
	store_close(st);
}

TEST(test_a_refusal_stops_the_entity_and_says_why)
{
	reset(100000);
	fake_add(ENT_TASKS, 10, 100000);
	struct mirror_store *st = open_store(true);
	struct sync *s = new_sync(st);
	sync_start(s, 1);
	sync_pump(s, 100, 0);
	/* answer every request but tasks' with a 403 */
	while (fake.queued) {
		struct api_request *req = fake.queue[--fake.queued];
		int64_t tag = fake.tags[fake.queued];
		struct api_result *r = answer(req, tag);
		if (tag != ENT_TASKS) {
			cJSON_Delete(r->json);
			r->json = NULL;
			r->error = (struct api_error){ APIE_FORBIDDEN, 403,
						       xstrdup("HTTP 403: this user may not do that") };
		}
		sync_on_result(s, r, 5);
		api_request_free(req);
	}
	run(s, 100);
	struct sync_progress p;
	sync_progress(s, &p);
	CHECK(p.entity[ENT_PEOPLE].step == SYNC_FAILED);
	CHECK(p.entity[ENT_TASKS].complete && p.entity[ENT_TASKS].held == 10);
	CHECK(strstr(p.error, "403"));
	CHECK(!p.running);
	sync_free(s);
	store_close(st);
}
