/* Unit tests: related.c (the rules of related items and the protocol that
 * changes them) and delete.c (the question and the protocol of a delete) */
#include "config.h"

#include "model/delete.h"
#include "model/related.h"
#include "testlib.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static struct api_result ok(const char *json)
{
	struct api_result r = {0};
	r.json = cJSON_Parse(json);
	return r;
}

static struct api_result failed(enum api_error_kind kind, long status, const char *msg)
{
	struct api_result r = {0};
	r.error.kind = kind;
	r.status = status;
	r.error.message = xstrdup(msg);
	return r;
}

static void result_clear(struct api_result *r)
{
	cJSON_Delete(r->json);
	api_error_clear(&r->error);
	memset(r, 0, sizeof(*r));
}

static struct related_list parsed(const char *json)
{
	struct related_list l;
	cJSON *j = cJSON_Parse(json);
	related_parse(j, &l, NULL);
	cJSON_Delete(j);
	return l;
}

/* The table of supplement/README.md, in both directions. */
TEST(test_allowed_pairs_are_the_reference_table)
{
	CHECK(related_allowed(ENT_LEADS, ENT_TASKS));
	CHECK(related_allowed(ENT_TASKS, ENT_LEADS));
	CHECK(!related_allowed(ENT_LEADS, ENT_PEOPLE));
	CHECK(!related_allowed(ENT_PEOPLE, ENT_PEOPLE));
	CHECK(!related_allowed(ENT_COMPANIES, ENT_COMPANIES));
	CHECK(related_allowed(ENT_PROJECTS, ENT_OPPORTUNITIES));
	CHECK(!related_allowed(ENT_COUNT, ENT_TASKS));
	for (int a = 0; a < ENT_COUNT; a++)
		for (int b = 0; b < ENT_COUNT; b++)
			CHECK(related_allowed((enum entity)a, (enum entity)b) ==
			      related_allowed((enum entity)b, (enum entity)a));
	enum entity t[ENT_COUNT];
	CHECK_INT(related_targets(ENT_TASKS, t), 5);
	CHECK_INT(related_targets(ENT_LEADS, t), 1);
	CHECK_INT(t[0], ENT_TASKS);
	char *text = related_targets_text(ENT_PEOPLE);
	CHECK_STR(text, "companies, opportunities, projects or tasks");
	free(text);
}

/* What the server sends is untrusted: wrong types, unknown kinds, ids that
 * are not whole, duplicates; the rest is sorted by kind, then id. */
TEST(test_parse_keeps_what_it_understands)
{
	cJSON *j = cJSON_Parse("[{\"id\": 9, \"type\": \"task\"}, {\"id\": 4417020, \"type\": "
			       "\"opportunity\"}, {\"id\": 3, \"type\": \"company\"},"
			       "{\"id\": 9, \"type\": \"task\"}, {\"id\": 1.5, \"type\": \"task\"},"
			       "{\"id\": 5, \"type\": \"widget\"}, {\"id\": 6, \"type\": \"people\"},"
			       "{\"id\": \"7\", \"type\": \"person\"}, null, 12,"
			       "{\"id\": 8589934593, \"type\": \"person\"}]");
	struct related_list l;
	size_t skipped;
	CHECK(related_parse(j, &l, &skipped));
	CHECK_INT(l.count, 4);
	CHECK_INT(skipped, 6);
	CHECK_INT(l.items[0].entity, ENT_PEOPLE);
	CHECK(l.items[0].id == 8589934593LL);
	CHECK_INT(l.items[1].entity, ENT_COMPANIES);
	CHECK_INT(l.items[3].entity, ENT_TASKS);
	CHECK_INT(l.per_entity[ENT_TASKS], 1);
	CHECK_INT(l.per_entity[ENT_OPPORTUNITIES], 1);
	CHECK(related_has(&l, ENT_OPPORTUNITIES, 4417020));
	CHECK(!related_has(&l, ENT_PROJECTS, 4417020));
	CHECK(related_first(&l, ENT_COMPANIES) == 3);
	related_list_free(&l);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"id\": 1}");
	CHECK(!related_parse(j, &l, NULL));
	CHECK_INT(l.count, 0);
	related_list_free(&l);
	cJSON_Delete(j);
}

TEST(test_link_rules_before_anything_is_sent)
{
	int64_t person, old;
	char *why;
	struct related_list none = parsed("[]");
	/* a pair the table does not have */
	CHECK_INT(related_check_link(ENT_LEADS, 1, NULL, &none, ENT_COMPANIES, 2, NULL, &person, &old,
				     &why), RELATED_REFUSED);
	CHECK_STR(why, "A lead cannot be related to a company: a lead relates to tasks");
	free(why);
	CHECK_INT(related_check_link(ENT_PROJECTS, 1, NULL, &none, ENT_PROJECTS, 1, NULL, &person,
				     &old, &why), RELATED_REFUSED);
	free(why);
	/* already there */
	struct related_list has = parsed("[{\"id\": 2, \"type\": \"company\"}, {\"id\": 5, \"type\": "
					 "\"opportunity\"}]");
	CHECK_INT(related_check_link(ENT_PEOPLE, 1, NULL, &has, ENT_OPPORTUNITIES, 5, NULL, &person,
				     &old, &why), RELATED_ALREADY);
	free(why);
	/* a person's one company: another one is a move */
	CHECK_INT(related_check_link(ENT_PEOPLE, 1, NULL, &has, ENT_COMPANIES, 3, NULL, &person, &old,
				     &why), RELATED_MOVE);
	CHECK(person == 1 && old == 2 && why == NULL);
	/* from the company's side, the person's company is the search's */
	cJSON *p = cJSON_Parse("{\"id\": 7, \"company_id\": 2}");
	CHECK_INT(related_check_link(ENT_COMPANIES, 3, NULL, &none, ENT_PEOPLE, 7, p, &person, &old,
				     &why), RELATED_MOVE);
	CHECK(person == 7 && old == 2);
	cJSON_Delete(p);
	/* without the list, the person's own company_id tells */
	cJSON *me = cJSON_Parse("{\"id\": 1, \"company_id\": 3}");
	CHECK_INT(related_check_link(ENT_PEOPLE, 1, me, NULL, ENT_COMPANIES, 3, NULL, &person, &old,
				     &why), RELATED_ALREADY);
	free(why);
	cJSON_Delete(me);
	/* a task's one relation, on either side */
	CHECK_INT(related_check_link(ENT_TASKS, 1, NULL, &has, ENT_PROJECTS, 4, NULL, &person, &old,
				     &why), RELATED_REFUSED);
	CHECK_CONTAINS(why, "A task has at most 1 related record");
	CHECK_CONTAINS(why, "company #2");
	free(why);
	cJSON *task = cJSON_Parse("{\"id\": 4, \"related_resource\": {\"id\": 9, \"type\": \"lead\"}}");
	CHECK_INT(related_check_link(ENT_OPPORTUNITIES, 5, NULL, &none, ENT_TASKS, 4, task, &person,
				     &old, &why), RELATED_REFUSED);
	CHECK_CONTAINS(why, "lead #9");
	free(why);
	cJSON_Delete(task);
	task = cJSON_Parse("{\"id\": 4, \"related_resource\": null}");
	CHECK_INT(related_check_link(ENT_OPPORTUNITIES, 5, NULL, &none, ENT_TASKS, 4, task, &person,
				     &old, &why), RELATED_OK);
	CHECK(why == NULL);
	cJSON_Delete(task);
	related_list_free(&none);
	related_list_free(&has);
}

TEST(test_unlink_keeps_an_opportunitys_primary_contact)
{
	cJSON *opp = cJSON_Parse("{\"id\": 5, \"primary_contact_id\": 7}");
	cJSON *person = cJSON_Parse("{\"id\": 7}");
	char *why = related_check_unlink(ENT_OPPORTUNITIES, opp, ENT_PEOPLE, 7, NULL);
	CHECK_CONTAINS(why, "keeps its primary contact");
	free(why);
	why = related_check_unlink(ENT_PEOPLE, person, ENT_OPPORTUNITIES, 5, opp);
	CHECK(why != NULL);
	free(why);
	CHECK(related_check_unlink(ENT_OPPORTUNITIES, opp, ENT_PEOPLE, 8, NULL) == NULL);
	/* not known here: the server decides */
	CHECK(related_check_unlink(ENT_PEOPLE, person, ENT_OPPORTUNITIES, 5, NULL) == NULL);
	cJSON_Delete(opp);
	cJSON_Delete(person);
}

TEST(test_link_answered)
{
	struct relate r = {0};
	struct api_request *req = relate_begin(&r, RELATE_LINK, ENT_PEOPLE, 1, ENT_PROJECTS, 4);
	CHECK_INT(req->method, HTTP_POST);
	CHECK_STR(req->path, "/people/1/related");
	api_request_free(req);
	CHECK(relate_busy(&r));
	struct api_result a = ok("{\"added\": true, \"resource\": {\"id\": 4, \"type\": \"project\"}}");
	CHECK(relate_answer(&r, &a) == NULL);
	CHECK_INT(r.state, RELATE_DONE);
	CHECK(!r.after_lost_answer);
	result_clear(&a);
	/* refused: said, nothing read, nothing sent */
	api_request_free(relate_begin(&r, RELATE_UNLINK, ENT_OPPORTUNITIES, 5, ENT_PEOPLE, 7));
	a = failed(APIE_INVALID, 422, "HTTP 422: an opportunity needs its primary contact");
	CHECK(relate_answer(&r, &a) == NULL);
	CHECK_INT(r.state, RELATE_REFUSED);
	CHECK_CONTAINS(r.message, "primary contact");
	result_clear(&a);
	relate_clear(&r);
}

/* A lost answer is never answered by sending again: the relations are
 * read, and the outcome is what Copper holds. */
TEST(test_lost_answer_reads_the_relations)
{
	struct relate r = {0};
	api_request_free(relate_begin(&r, RELATE_LINK, ENT_PEOPLE, 1, ENT_PROJECTS, 4));
	struct api_result a = failed(APIE_NETWORK, 0, "the connection failed mid-request");
	struct api_request *req = relate_answer(&r, &a);
	CHECK_INT(req->method, HTTP_GET);
	CHECK_STR(req->path, "/people/1/related");
	api_request_free(req);
	result_clear(&a);
	a = ok("[{\"id\": 4, \"type\": \"project\"}]");
	CHECK(relate_answer(&r, &a) == NULL);
	CHECK_INT(r.state, RELATE_DONE);
	CHECK(r.after_lost_answer);
	result_clear(&a);

	/* not there: not linked, said so */
	api_request_free(relate_begin(&r, RELATE_LINK, ENT_PEOPLE, 1, ENT_PROJECTS, 4));
	a = failed(APIE_SERVER, 502, "HTTP 502");
	api_request_free(relate_answer(&r, &a));
	result_clear(&a);
	a = ok("[]");
	CHECK(relate_answer(&r, &a) == NULL);
	CHECK_INT(r.state, RELATE_FAILED);
	result_clear(&a);

	/* the read fails too: unknown, and a recheck reads, never sends */
	api_request_free(relate_begin(&r, RELATE_UNLINK, ENT_PEOPLE, 1, ENT_PROJECTS, 4));
	a = failed(APIE_TIMEOUT, 0, "timed out");
	api_request_free(relate_answer(&r, &a));
	CHECK(relate_answer(&r, &a) == NULL);
	CHECK_INT(r.state, RELATE_UNKNOWN);
	result_clear(&a);
	req = relate_recheck(&r);
	CHECK_INT(req->method, HTTP_GET);
	api_request_free(req);
	a = ok("[]"); /* unlinked after all */
	CHECK(relate_answer(&r, &a) == NULL);
	CHECK_INT(r.state, RELATE_DONE);
	result_clear(&a);
	relate_clear(&r);
}

/* A move: the DELETE of the old company, then the POST of the new one,
 * each checked; the second refused leaves the person without a company,
 * which the caller can tell. */
TEST(test_move_is_unlink_then_link)
{
	struct relate r = {0};
	struct api_request *req = relate_begin_move(&r, 7, 2, 3);
	CHECK_INT(req->method, HTTP_DELETE);
	CHECK_STR(req->body, "{\"resource\":{\"id\":2,\"type\":\"company\"}}");
	api_request_free(req);
	CHECK(!relate_moved_out(&r));
	struct api_result a = failed(APIE_NETWORK, 0, "dropped");
	req = relate_answer(&r, &a);
	CHECK_INT(req->method, HTTP_GET);
	api_request_free(req);
	result_clear(&a);
	a = ok("[]"); /* the old one is gone: go on */
	req = relate_answer(&r, &a);
	CHECK_INT(req->method, HTTP_POST);
	CHECK_STR(req->path, "/people/7/related");
	CHECK_STR(req->body, "{\"resource\":{\"id\":3,\"type\":\"company\"}}");
	api_request_free(req);
	result_clear(&a);
	CHECK(relate_moved_out(&r));
	a = failed(APIE_INVALID, 422, "HTTP 422: no company with id 3");
	CHECK(relate_answer(&r, &a) == NULL);
	CHECK_INT(r.state, RELATE_REFUSED);
	CHECK(relate_moved_out(&r));
	result_clear(&a);
	relate_clear(&r);
}

TEST(test_delete_question_names_the_record_and_says_no_undo)
{
	bool typed;
	char *q = delete_question(ENT_PEOPLE, 7, "Jim \x1b[31mHalpert", NULL, &typed);
	CHECK_STR(q, "Delete Person 'Jim Halpert' #7? Copper has no undo. (y/n) ");
	CHECK(!typed);
	free(q);
	struct related_list l = parsed("[{\"id\": 1, \"type\": \"person\"}, {\"id\": 2, \"type\": "
				       "\"person\"}, {\"id\": 3, \"type\": \"opportunity\"},"
				       "{\"id\": 4, \"type\": \"task\"}]");
	q = delete_question(ENT_COMPANIES, 9, "Dunder Mifflin", &l, &typed);
	CHECK(typed);
	CHECK_STR(q, "Delete Company 'Dunder Mifflin' #9 (2 people and 1 opportunity lose it)? "
		  "Copper has no undo. Type yes: ");
	free(q);
	related_list_free(&l);
	l = parsed("[{\"id\": 4, \"type\": \"task\"}]");
	q = delete_question(ENT_COMPANIES, 9, NULL, &l, &typed);
	CHECK(!typed);
	CHECK_STR(q, "Delete Company #9? Copper has no undo. (y/n) ");
	free(q);
	related_list_free(&l);
	/* not known: the safe question */
	q = delete_question(ENT_COMPANIES, 9, "Acme", NULL, &typed);
	CHECK(typed);
	CHECK_CONTAINS(q, "not known");
	free(q);
}

TEST(test_delete_sent_once)
{
	struct deletion d = {0};
	struct api_request *req = delete_begin(&d, ENT_TASKS, 4, "Call back");
	CHECK_INT(req->method, HTTP_DELETE);
	CHECK_STR(req->path, "/tasks/4");
	CHECK(req->body == NULL);
	api_request_free(req);
	CHECK_STR(d.label, "Task 'Call back' #4");
	struct api_result a = ok("{\"id\": 4, \"is_deleted\": true}");
	CHECK(delete_answer(&d, &a) == NULL);
	CHECK_INT(d.state, DELETE_DONE);
	CHECK(delete_gone(&d));
	result_clear(&a);

	/* 404: gone already */
	api_request_free(delete_begin(&d, ENT_TASKS, 4, NULL));
	a = failed(APIE_NOT_FOUND, 404, "HTTP 404: not found");
	CHECK(delete_answer(&d, &a) == NULL);
	CHECK_INT(d.state, DELETE_GONE);
	CHECK(delete_gone(&d));
	result_clear(&a);

	/* lost: read; a 404 then is done */
	api_request_free(delete_begin(&d, ENT_TASKS, 4, NULL));
	a = failed(APIE_NETWORK, 0, "dropped");
	req = delete_answer(&d, &a);
	CHECK_INT(req->method, HTTP_GET);
	CHECK_STR(req->path, "/tasks/4");
	api_request_free(req);
	result_clear(&a);
	a = failed(APIE_NOT_FOUND, 404, "HTTP 404");
	CHECK(delete_answer(&d, &a) == NULL);
	CHECK_INT(d.state, DELETE_DONE);
	CHECK(d.after_lost_answer);
	result_clear(&a);

	/* lost, and the record is still there: not deleted */
	api_request_free(delete_begin(&d, ENT_TASKS, 4, NULL));
	a = failed(APIE_SERVER, 503, "HTTP 503");
	api_request_free(delete_answer(&d, &a));
	result_clear(&a);
	a = ok("{\"id\": 4}");
	CHECK(delete_answer(&d, &a) == NULL);
	CHECK_INT(d.state, DELETE_FAILED);
	CHECK(!delete_gone(&d));
	result_clear(&a);

	/* refused: failed, nothing read */
	api_request_free(delete_begin(&d, ENT_TASKS, 4, NULL));
	a = failed(APIE_FORBIDDEN, 403, "HTTP 403: this user may not do that");
	CHECK(delete_answer(&d, &a) == NULL);
	CHECK_INT(d.state, DELETE_FAILED);
	result_clear(&a);

	/* lost, read fails: unknown; recheck reads */
	api_request_free(delete_begin(&d, ENT_TASKS, 4, NULL));
	a = failed(APIE_TIMEOUT, 0, "timed out");
	api_request_free(delete_answer(&d, &a));
	CHECK(delete_answer(&d, &a) == NULL);
	CHECK_INT(d.state, DELETE_UNKNOWN);
	result_clear(&a);
	req = delete_recheck(&d);
	CHECK_INT(req->method, HTTP_GET);
	api_request_free(req);
	delete_clear(&d);
}
