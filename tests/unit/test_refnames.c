/* Unit tests: refnames.c */
#include "config.h"

#include "copper/refnames.h"
#include "testlib.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TEST(test_learn_and_get)
{
	struct refnames *r = refnames_new();
	cJSON *page = cJSON_Parse("[{\"id\": 7, \"name\": \"Jim Halpert\", \"company_id\": 2, "
				  "\"company_name\": \"Dunder\\u001b]0;x\\u0007 Mifflin\"},"
				  "{\"id\": 8589934593, \"name\": \"Big Id\"}, {\"id\": 9}, {\"name\": \"no id\"}]");
	refnames_learn(r, ENT_PEOPLE, page);
	CHECK_STR(refnames_get(r, ENT_PEOPLE, 7), "Jim Halpert");
	CHECK_STR(refnames_get(r, ENT_PEOPLE, 8589934593LL), "Big Id");
	CHECK_STR(refnames_get(r, ENT_COMPANIES, 2), "Dunder Mifflin"); /* sanitized */
	CHECK(refnames_get(r, ENT_COMPANIES, 7) == NULL);  /* entities kept apart */
	CHECK(refnames_get(r, ENT_PEOPLE, 9) == NULL);
	CHECK_INT(refnames_count(r), 3);
	refnames_put(r, ENT_PEOPLE, 7, "James Halpert");
	CHECK_STR(refnames_get(r, ENT_PEOPLE, 7), "James Halpert");
	CHECK_INT(refnames_count(r), 3);
	cJSON_Delete(page);
	refnames_free(r);
}

TEST(test_grows)
{
	struct refnames *r = refnames_new();
	char name[32];
	for (int64_t i = 1; i <= 100000; i++) {
		snprintf(name, sizeof(name), "n%lld", (long long)i);
		refnames_put(r, (enum entity)(i % ENT_COUNT), i * 4294967311LL, name);
	}
	CHECK_INT(refnames_count(r), 100000);
	CHECK_STR(refnames_get(r, (enum entity)(77777 % ENT_COUNT), 77777 * 4294967311LL), "n77777");
	refnames_free(r);
}

/* A stand-in for the fetcher: keeps what was submitted. */
struct sent {
	struct api_request *req[8];
	int owner[8];
	int64_t tag[8];
	int n;
};

static uint64_t fake_submit(void *ctx, struct api_request *req, int owner, uint64_t generation,
			    enum api_priority prio, int64_t tag)
{
	struct sent *s = ctx;
	(void)generation;
	(void)prio;
	s->req[s->n] = req;
	s->owner[s->n] = owner;
	s->tag[s->n] = tag;
	return (uint64_t)++s->n; /* job ids 1, 2, ... */
}

static void sent_free(struct sent *s)
{
	for (int i = 0; i < s->n; i++)
		api_request_free(s->req[i]);
	memset(s, 0, sizeof(*s));
}

static struct api_result result(uint64_t job, int64_t tag, const char *json)
{
	struct api_result r = { .job_id = job, .tag = tag };
	r.json = json ? cJSON_Parse(json) : NULL;
	if (!json) {
		r.error.kind = APIE_SERVER;
		r.error.message = xstrdup("503");
	}
	return r;
}

/* One search by ids per entity for what a page lacks, each id asked once;
 * a task's related record is resolved like any other reference. */
TEST(test_one_batch_per_entity)
{
	struct refnames *r = refnames_new();
	struct sent s = {0};
	struct api_sender sender = { fake_submit, NULL, &s };
	cJSON *tasks = cJSON_Parse("[{\"id\": 1, \"related_resource\": {\"type\": \"company\", \"id\": 2}},"
				   " {\"id\": 3, \"related_resource\": {\"type\": \"person\", \"id\": 40000132}},"
				   " {\"id\": 4, \"related_resource\": {\"type\": \"company\", \"id\": 2}},"
				   " {\"id\": 5, \"related_resource\": {\"type\": \"opportunity\", \"id\": null}}]");
	struct refnames_batch b = {0};
	refnames_want_refs(r, &b, ENT_TASKS, tasks);
	CHECK_INT(refnames_ask(r, &b, sender, 3, 1, PRIO_PREFETCH, 100), 2);
	CHECK_INT(s.n, 2);
	CHECK_STR(s.req[0]->path, "/people/search");
	CHECK_CONTAINS(s.req[0]->body, "\"ids\":[40000132]");
	CHECK_STR(s.req[1]->path, "/companies/search");
	CHECK_CONTAINS(s.req[1]->body, "\"ids\":[2]");
	CHECK_INT(s.tag[1], 100 + ENT_COMPANIES);
	/* while they are out, the same page asks for nothing more */
	refnames_want_refs(r, &b, ENT_TASKS, tasks);
	CHECK_INT(refnames_ask(r, &b, sender, 3, 1, PRIO_PREFETCH, 100), 0);

	bool learned;
	struct api_result companies = result(2, 100 + ENT_COMPANIES, "[{\"id\": 2, \"name\": \"Acme\"}]");
	CHECK(refnames_on_result(r, &companies, 100, &learned) && learned);
	CHECK_STR(refnames_get(r, ENT_COMPANIES, 2), "Acme");
	/* the person is gone from the server: not asked for again */
	struct api_result people = result(1, 100 + ENT_PEOPLE, "[]");
	CHECK(refnames_on_result(r, &people, 100, &learned) && !learned);
	refnames_want(r, &b, ENT_PEOPLE, 40000132);
	CHECK_INT(refnames_ask(r, &b, sender, 3, 1, PRIO_PREFETCH, 100), 0);
	/* another job's result is not the resolver's */
	struct api_result other = result(99, 100, "[]");
	CHECK(!refnames_on_result(r, &other, 100, NULL));
	cJSON_Delete(companies.json);
	cJSON_Delete(people.json);
	cJSON_Delete(other.json);
	cJSON_Delete(tasks);
	sent_free(&s);
	refnames_free(r);
}

/* A failed search forgets that its ids were asked for, so they are asked
 * again; nothing is learned from it. */
TEST(test_failure_asks_again)
{
	struct refnames *r = refnames_new();
	struct sent s = {0};
	struct api_sender sender = { fake_submit, NULL, &s };
	struct refnames_batch b = {0};
	for (int64_t id = 1; id <= 300; id++)
		refnames_want(r, &b, ENT_PEOPLE, id);
	CHECK_INT(refnames_ask(r, &b, sender, 3, 1, PRIO_VISIBLE, 10), 1);
	CHECK_CONTAINS(s.req[0]->body, "\"page_size\":200");
	struct api_result failed = result(1, 10 + ENT_PEOPLE, NULL);
	CHECK(refnames_on_result(r, &failed, 10, NULL));
	CHECK(refnames_get(r, ENT_PEOPLE, 5) == NULL);
	refnames_want(r, &b, ENT_PEOPLE, 5);
	refnames_want(r, &b, ENT_PEOPLE, 250); /* never sent (beyond the first 200) */
	CHECK_INT(refnames_ask(r, &b, sender, 3, 1, PRIO_VISIBLE, 10), 1);
	CHECK_CONTAINS(s.req[1]->body, "\"ids\":[5,250]");
	api_error_clear(&failed.error);
	sent_free(&s);
	refnames_free(r);
}

/* A search cancelled with its asker's generation never answers: its ids
 * are asked for again by the next page or pane that needs them, instead
 * of showing "#id" for the rest of the session. Another owner's, or a
 * newer generation's, stay asked. */
TEST(test_superseded_searches_ask_again)
{
	struct refnames *r = refnames_new();
	struct sent s = {0};
	struct api_sender sender = { fake_submit, NULL, &s };
	struct refnames_batch b = {0};
	refnames_want(r, &b, ENT_COMPANIES, 11);
	CHECK_INT(refnames_ask(r, &b, sender, 3, 1, PRIO_VISIBLE, 10), 1);
	refnames_want(r, &b, ENT_PEOPLE, 12);
	CHECK_INT(refnames_ask(r, &b, sender, 4, 1, PRIO_VISIBLE, 10), 1);
	refnames_want(r, &b, ENT_PEOPLE, 13);
	CHECK_INT(refnames_ask(r, &b, sender, 3, 2, PRIO_VISIBLE, 10), 1);
	refnames_superseded(r, 3, 2);   /* owner 3's generation 1 is over */
	refnames_want(r, &b, ENT_COMPANIES, 11);
	refnames_want(r, &b, ENT_PEOPLE, 12);
	refnames_want(r, &b, ENT_PEOPLE, 13);
	CHECK_INT(refnames_ask(r, &b, sender, 3, 2, PRIO_VISIBLE, 10), 1);
	CHECK_STR(s.req[3]->path, "/companies/search");
	CHECK_CONTAINS(s.req[3]->body, "\"ids\":[11]");
	/* the dropped job's answer, should it come anyway, is not taken */
	struct api_result late = result(1, 10 + ENT_COMPANIES, "[{\"id\": 11, \"name\": \"A\"}]");
	CHECK(!refnames_on_result(r, &late, 10, NULL));
	cJSON_Delete(late.json);
	sent_free(&s);
	refnames_free(r);
}
