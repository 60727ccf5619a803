/* Unit tests: batch.c, one change saved on many records */
#include "config.h"

#include "model/batch.h"
#include "testlib.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1796000000

static struct api_result ok(const char *json)
{
	return (struct api_result){ .json = cJSON_Parse(json), .total = -1 };
}

static struct api_result failed(enum api_error_kind kind, const char *message)
{
	struct api_result r = { .total = -1 };
	r.error.kind = kind;
	r.error.message = xstrdup(message);
	return r;
}

struct sent {
	struct api_request *req[64];
	int64_t tag[64];
	size_t n;
};

static void pump(struct batch *b, struct sent *s)
{
	s->n = batch_pump(b, NOW, s->req, s->tag, 64);
}

static void sent_free(struct sent *s)
{
	for (size_t i = 0; i < s->n; i++)
		api_request_free(s->req[i]);
	s->n = 0;
}

static void answer(struct batch *b, int64_t tag, struct api_result r)
{
	batch_answer(b, &r, tag, NOW);
	cJSON_Delete(r.json);
	api_error_clear(&r.error);
}

static char *person(int64_t id, const char *tags)
{
	return xasprintf("{\"id\": %lld, \"name\": \"P%lld\", \"title\": \"t\", \"tags\": %s}",
			 (long long)id, (long long)id, tags);
}

/* Records not held are read many at once, just before their PUTs; a tag
 * added goes to the tags each record has now. */
TEST(test_read_by_ids_then_one_put_each)
{
	struct batch *b = batch_new("Tagged", NULL);
	batch_add_change(b, "tags", NULL, "+= vip");
	for (int64_t id = 1; id <= 3; id++)
		batch_add_record(b, ENT_PEOPLE, id, NULL);
	char *err = NULL;
	CHECK(batch_validate(b, NOW, &err));
	free(err);
	struct sent s = {0};
	pump(b, &s);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.req[0]->path, "/people/search");
	CHECK_CONTAINS(s.req[0]->body, "\"ids\":[1,2,3]");
	int64_t read_tag = s.tag[0];
	sent_free(&s);
	/* a colleague tagged 2 "hot" meanwhile; 3 has vip already */
	char *p1 = person(1, "[]"), *p2 = person(2, "[\"hot\"]"), *p3 = person(3, "[\"VIP\"]");
	char *page = xasprintf("[%s, %s, %s]", p1, p2, p3);
	answer(b, read_tag, ok(page));
	pump(b, &s);
	CHECK_INT(s.n, 2);
	CHECK_STR(s.req[0]->path, "/people/1");
	CHECK_STR(s.req[0]->body, "{\"tags\":[\"vip\"]}");
	CHECK_STR(s.req[1]->path, "/people/2");
	CHECK_STR(s.req[1]->body, "{\"tags\":[\"hot\",\"vip\"]}");
	CHECK_INT(b->unchanged, 1);
	int64_t t1 = s.tag[0], t2 = s.tag[1];
	sent_free(&s);
	answer(b, t1, ok("{\"id\": 1, \"name\": \"P1\", \"tags\": [\"vip\"]}"));
	answer(b, t2, ok("{\"id\": 2, \"name\": \"P2\", \"tags\": [\"hot\", \"vip\"]}"));
	CHECK(batch_finished(b));
	CHECK_INT(b->done, 2);
	size_t settled[8];
	CHECK_INT(batch_take_settled(b, settled, 8), 3);
	/* undo takes vip off again, on what the server answered */
	struct batch *u = batch_undo(b);
	CHECK(u != NULL);
	CHECK_INT(u->n, 2);
	CHECK(batch_validate(u, NOW, &err));
	free(err);
	pump(u, &s);
	CHECK_INT(s.n, 1);
	CHECK_CONTAINS(s.req[0]->body, "\"ids\":[1,2]");
	read_tag = s.tag[0];
	sent_free(&s);
	/* 2 changed again since: a conflict, not overwritten */
	answer(u, read_tag, ok("[{\"id\": 1, \"name\": \"P1\", \"tags\": [\"vip\"]},"
			       " {\"id\": 2, \"name\": \"P2\", \"tags\": [\"hot\", \"vip\", \"new\"]}]"));
	pump(u, &s);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.req[0]->body, "{\"tags\":[]}");
	CHECK_INT(u->failed, 1);
	CHECK(u->ops[1].conflict);
	sent_free(&s);
	batch_free(u);
	batch_free(b);
	free(p1);
	free(p2);
	free(p3);
	free(page);
}

/* A held record: the changes are checked before anything is sent, and a
 * field changed on the server meanwhile is a conflict. */
TEST(test_held_records_are_checked_first)
{
	char *rec = person(7, "[]");
	cJSON *held = cJSON_Parse(rec);
	struct batch *b = batch_new("Set Title", NULL);
	batch_add_change(b, "title", NULL, "Director");
	batch_add_record(b, ENT_PEOPLE, 7, held);
	char *err = NULL;
	CHECK(batch_validate(b, NOW, &err));
	cJSON *opt = batch_optimistic(b, 0);
	CHECK_STR(cJSON_GetObjectItem(opt, "title")->valuestring, "Director");
	cJSON_Delete(opt);
	struct sent s = {0};
	pump(b, &s);
	CHECK_INT(s.n, 1);
	CHECK_STR(s.req[0]->path, "/people/7");
	CHECK_INT(s.req[0]->method, HTTP_GET);
	int64_t tag = s.tag[0];
	sent_free(&s);
	answer(b, tag, ok("{\"id\": 7, \"name\": \"P7\", \"title\": \"VP\"}"));
	pump(b, &s);
	CHECK_INT(s.n, 0);
	CHECK(batch_finished(b));
	CHECK_INT(b->failed, 1);
	CHECK(b->ops[0].conflict);
	CHECK_CONTAINS(b->ops[0].why, "changed on the server meanwhile");
	batch_free(b);

	/* a value refused: nothing is sent at all */
	b = batch_new("Set Status", NULL);
	batch_add_change(b, "status", NULL, "Finished");
	batch_add_record(b, ENT_TASKS, 7, held);
	CHECK(!batch_validate(b, NOW, &err));
	CHECK_CONTAINS(err, "Status");
	free(err);
	batch_free(b);
	cJSON_Delete(held);
	free(rec);
}

/* One record's "-= x" must find x (a typo removes nothing); many records'
 * removes it where it is. */
TEST(test_remove_strict_for_one_lenient_for_many)
{
	char *rec = person(7, "[\"a\"]");
	cJSON *held = cJSON_Parse(rec);
	struct batch *b = batch_new("Untagged", NULL);
	batch_add_change(b, "tags", NULL, "-= b");
	batch_add_record(b, ENT_PEOPLE, 7, held);
	char *err = NULL;
	CHECK(!batch_validate(b, NOW, &err));
	CHECK_CONTAINS(err, "'b' is not on the list");
	free(err);
	batch_add_record(b, ENT_PEOPLE, 8, NULL);
	CHECK(batch_validate(b, NOW, &err));
	free(err);
	batch_free(b);
	cJSON_Delete(held);
	free(rec);
}

/* A lost answer is re-read, never sent again; and at most BATCH_WINDOW
 * records are being saved at once. */
TEST(test_lost_answer_and_window)
{
	struct batch *b = batch_new("Set Title", NULL);
	batch_add_change(b, "title", NULL, "Boss");
	struct strbuf page = {0};
	sb_puts(&page, "[");
	for (int64_t id = 1; id <= 10; id++) {
		batch_add_record(b, ENT_PEOPLE, id, NULL);
		char *p = person(id, "[]");
		sb_printf(&page, "%s%s", id > 1 ? "," : "", p);
		free(p);
	}
	sb_puts(&page, "]");
	char *err = NULL;
	CHECK(batch_validate(b, NOW, &err));
	free(err);
	struct sent s = {0};
	pump(b, &s);
	int64_t read_tag = s.tag[0];
	sent_free(&s);
	answer(b, read_tag, ok(page.data));
	pump(b, &s);
	CHECK_INT(s.n, BATCH_WINDOW);
	int64_t first = s.tag[0];
	sent_free(&s);
	answer(b, first, failed(APIE_NETWORK, "dropped"));
	pump(b, &s);
	/* the re-read, and no more PUTs while four are out */
	CHECK_INT(s.n, 1);
	CHECK_INT(s.req[0]->method, HTTP_GET);
	CHECK_STR(s.req[0]->path, "/people/1");
	int64_t again = s.tag[0];
	sent_free(&s);
	answer(b, again, ok("{\"id\": 1, \"name\": \"P1\", \"title\": \"Boss\"}"));
	CHECK_INT(b->done, 1);
	CHECK(b->ops[0].save.after_lost_answer);
	pump(b, &s);
	CHECK_INT(s.n, 1);
	CHECK_INT(s.req[0]->method, HTTP_PUT);
	sent_free(&s);
	sb_free(&page);
	batch_free(b);
}

/* A record the search does not return fails, naming why; a failed read
 * fails its chunk. */
TEST(test_missing_and_unreadable)
{
	struct batch *b = batch_new("Set Title", NULL);
	batch_add_change(b, "title", NULL, "Boss");
	batch_add_record(b, ENT_PEOPLE, 1, NULL);
	batch_add_record(b, ENT_PEOPLE, 2, NULL);
	char *err = NULL;
	CHECK(batch_validate(b, NOW, &err));
	free(err);
	struct sent s = {0};
	pump(b, &s);
	int64_t tag = s.tag[0];
	sent_free(&s);
	char *p = person(2, "[]"), *page = xasprintf("[%s]", p);
	answer(b, tag, ok(page));
	CHECK_INT(b->failed, 1);
	CHECK_CONTAINS(b->ops[0].why, "no longer there");
	batch_free(b);
	free(p);
	free(page);

	b = batch_new("Set Title", NULL);
	batch_add_change(b, "title", NULL, "Boss");
	batch_add_record(b, ENT_PEOPLE, 1, NULL);
	batch_add_record(b, ENT_PEOPLE, 2, NULL);
	CHECK(batch_validate(b, NOW, &err));
	free(err);
	pump(b, &s);
	tag = s.tag[0];
	sent_free(&s);
	answer(b, tag, failed(APIE_FORBIDDEN, "HTTP 403"));
	CHECK(batch_finished(b));
	CHECK_INT(b->failed, 2);
	CHECK_CONTAINS(b->ops[1].why, "could not be read first: HTTP 403");
	batch_free(b);
}

/* A custom field's undo restores that definition's value only. */
TEST(test_undo_of_a_custom_field)
{
	struct batch *b = batch_new("Set", NULL);
	struct batch_op *op = batch_add_record(b, ENT_PEOPLE, 5, NULL);
	op->state = BATCH_DONE;
	op->before = cJSON_Parse("{\"id\": 5, \"custom_fields\": [{\"custom_field_definition_id\": 9, "
				 "\"value\": \"old\"}]}");
	op->after = cJSON_Parse("{\"id\": 5, \"custom_fields\": [{\"custom_field_definition_id\": 9, "
				"\"value\": \"new\"}]}");
	op->sent = cJSON_Parse("{\"custom_fields\": [{\"custom_field_definition_id\": 9, "
			       "\"value\": \"new\"}]}");
	b->done = 1;
	struct batch *u = batch_undo(b);
	CHECK(u && u->n == 1);
	CHECK_INT(u->ops[0].nchanges, 1);
	CHECK_INT(u->ops[0].changes[0].cf_id, 9);
	CHECK_STR(u->ops[0].changes[0].json->valuestring, "old");
	batch_free(u);
	batch_free(b);
}

/* Stopping: what is not sent yet never is; what is out comes to its end. */
TEST(test_stop_midway)
{
	struct batch *b = batch_new("Set Title", NULL);
	batch_add_change(b, "title", NULL, "Boss");
	struct strbuf page = {0};
	sb_puts(&page, "[");
	for (int64_t id = 1; id <= 10; id++) {
		batch_add_record(b, ENT_PEOPLE, id, NULL);
		char *p = person(id, "[]");
		sb_printf(&page, "%s%s", id > 1 ? "," : "", p);
		free(p);
	}
	sb_puts(&page, "]");
	char *err = NULL;
	CHECK(batch_validate(b, NOW, &err));
	free(err);
	struct sent s = {0};
	pump(b, &s);
	int64_t read_tag = s.tag[0];
	sent_free(&s);
	answer(b, read_tag, ok(page.data));
	pump(b, &s);
	CHECK_INT(s.n, BATCH_WINDOW);
	int64_t first = s.tag[0];
	sent_free(&s);
	CHECK_INT(batch_stop(b), 10 - BATCH_WINDOW);
	CHECK_INT(b->stopped, 10 - BATCH_WINDOW);
	CHECK(!batch_finished(b));
	pump(b, &s);
	CHECK_INT(s.n, 0); /* nothing more goes out */
	answer(b, first, ok("{\"id\": 1, \"name\": \"P1\", \"title\": \"Boss\"}"));
	CHECK_INT(b->done, 1);
	CHECK_CONTAINS(b->ops[9].why, "stopped before it was sent");
	sb_free(&page);
	batch_free(b);
}
