/* Unit tests: save.c, the one protocol for saving a record */
#include "config.h"

#include "model/save.h"
#include "testlib.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define NOW 1796000000

static const char *const BASE =
	"{\"id\": 7, \"name\": \"Jim\", \"title\": \"Sales\", \"details\": \"old\","
	" \"date_modified\": 100}";

static struct edit_form *form_with(const char *title)
{
	cJSON *rec = cJSON_Parse(BASE);
	struct edit_form *f = edit_form_new(ENT_PEOPLE, NULL, rec, NULL);
	cJSON_Delete(rec);
	char *err = NULL;
	CHECK(edit_set_text(f, (size_t)edit_field_index(f, "title"), title, NOW, &err));
	free(err);
	return f;
}

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

static void result_clear(struct api_result *r)
{
	cJSON_Delete(r->json);
	api_error_clear(&r->error);
}

/* Feeds r and frees it; returns the next request (caller frees). */
static struct api_request *answer(struct save *s, struct api_result r)
{
	struct api_request *next = save_answer(s, &r);
	result_clear(&r);
	return next;
}

TEST(test_check_then_one_partial_put)
{
	struct edit_form *f = form_with("Director");
	struct save s = {0};
	struct api_request *req = save_begin(&s, ENT_PEOPLE, 7, f, false, NOW);
	CHECK_INT(s.state, SAVE_CHECKING);
	CHECK_STR(req->path, "/people/7");
	CHECK_INT(req->method, HTTP_GET);
	api_request_free(req);
	/* a colleague changed the details meanwhile: theirs stays, ours goes */
	req = answer(&s, ok("{\"id\": 7, \"name\": \"Jim\", \"title\": \"Sales\", \"details\": \"new\","
			    " \"date_modified\": 200}"));
	CHECK_INT(s.state, SAVE_SENDING);
	CHECK_INT(req->method, HTTP_PUT);
	CHECK_STR(req->body, "{\"title\":\"Director\"}");
	CHECK(!req->idempotent);
	api_request_free(req);
	req = answer(&s, ok("{\"id\": 7, \"name\": \"Jim\", \"title\": \"Director\", \"details\": \"new\"}"));
	CHECK(req == NULL);
	CHECK_INT(s.state, SAVE_DONE);
	CHECK(!s.nothing_sent && !s.after_lost_answer);
	CHECK_INT(edit_change_count(f), 0);
	save_clear(&s);
	edit_form_free(f);
}

/* The caller read the record itself (many at once, model/batch.h): the
 * same comparison as the protocol's own re-read, then the PUT. */
TEST(test_begin_on_a_record_just_read)
{
	struct edit_form *f = form_with("Director");
	struct save s = {0};
	cJSON *server = cJSON_Parse("{\"id\": 7, \"name\": \"Jim\", \"title\": \"Sales\", "
				    "\"details\": \"new\"}");
	struct api_request *req = save_begin_read(&s, ENT_PEOPLE, 7, f, server);
	CHECK_INT(s.state, SAVE_SENDING);
	CHECK_INT(req->method, HTTP_PUT);
	CHECK_STR(req->body, "{\"title\":\"Director\"}");
	api_request_free(req);
	cJSON_Delete(server);
	/* changed there too: a conflict, nothing sent */
	server = cJSON_Parse("{\"id\": 7, \"name\": \"Jim\", \"title\": \"VP\"}");
	CHECK(save_begin_read(&s, ENT_PEOPLE, 7, f, server) == NULL);
	CHECK_INT(s.state, SAVE_CONFLICT);
	cJSON_Delete(server);
	/* not a record: not saved, said so */
	CHECK(save_begin_read(&s, ENT_PEOPLE, 7, f, NULL) == NULL);
	CHECK_INT(s.state, SAVE_FAILED);
	save_clear(&s);
	edit_form_free(f);
}

TEST(test_a_conflict_is_the_users_to_resolve)
{
	struct edit_form *f = form_with("Director");
	struct save s = {0};
	api_request_free(save_begin(&s, ENT_PEOPLE, 7, f, false, NOW));
	struct api_request *req = answer(&s, ok("{\"id\": 7, \"name\": \"Jim\", \"title\": \"VP\","
						 " \"details\": \"old\", \"date_modified\": 200}"));
	CHECK(req == NULL);
	CHECK_INT(s.state, SAVE_CONFLICT);
	CHECK_INT(s.nconflicts, 1);
	/* keeping theirs: nothing left of ours */
	bool theirs = true;
	save_resolve(&s, &theirs);
	CHECK_INT(s.state, SAVE_IDLE);
	CHECK_INT(edit_change_count(f), 0);
	save_clear(&s);
	edit_form_free(f);
}

TEST(test_nothing_sent_when_the_server_has_it)
{
	struct edit_form *f = form_with("Director");
	struct save s = {0};
	api_request_free(save_begin(&s, ENT_PEOPLE, 7, f, false, NOW));
	struct api_request *req = answer(&s, ok("{\"id\": 7, \"name\": \"Jim\", \"title\": \"Director\","
						 " \"date_modified\": 200}"));
	CHECK(req == NULL);
	CHECK_INT(s.state, SAVE_DONE);
	CHECK(s.nothing_sent);
	save_clear(&s);
	edit_form_free(f);
}

/* The PUT happened but its answer was lost: re-read, and it is saved. */
TEST(test_lost_answer_then_saved)
{
	struct edit_form *f = form_with("Director");
	struct save s = {0};
	struct api_request *req = save_begin(&s, ENT_PEOPLE, 7, f, true, NOW);
	CHECK_INT(req->method, HTTP_PUT);
	api_request_free(req);
	req = answer(&s, failed(APIE_NETWORK, "the connection failed mid-request"));
	CHECK_INT(s.state, SAVE_VERIFYING);
	CHECK_INT(req->method, HTTP_GET);
	CHECK_STR(req->path, "/people/7");
	api_request_free(req);
	req = answer(&s, ok("{\"id\": 7, \"name\": \"Jim\", \"title\": \"Director\", \"date_modified\": 300}"));
	CHECK(req == NULL);
	CHECK_INT(s.state, SAVE_DONE);
	CHECK(s.after_lost_answer);
	save_clear(&s);
	edit_form_free(f);
}

/* ... or it did not happen: not saved, the change kept, nothing re-sent. */
TEST(test_lost_answer_then_not_saved)
{
	struct edit_form *f = form_with("Director");
	struct save s = {0};
	api_request_free(save_begin(&s, ENT_PEOPLE, 7, f, true, NOW));
	api_request_free(answer(&s, failed(APIE_SERVER, "HTTP 503: Copper had a server error")));
	struct api_request *req = answer(&s, ok(BASE));
	CHECK(req == NULL);
	CHECK_INT(s.state, SAVE_FAILED);
	CHECK_CONTAINS(s.message, "the record still has its old values");
	CHECK_CONTAINS(s.message, "HTTP 503");
	CHECK_INT(edit_change_count(f), 1);
	save_clear(&s);
	edit_form_free(f);
}

/* ... or someone else changed it: a conflict, never "saved". */
TEST(test_lost_answer_then_someone_elses)
{
	struct edit_form *f = form_with("Director");
	struct save s = {0};
	api_request_free(save_begin(&s, ENT_PEOPLE, 7, f, true, NOW));
	api_request_free(answer(&s, failed(APIE_TIMEOUT, "the request timed out")));
	struct api_request *req = answer(&s, ok("{\"id\": 7, \"name\": \"Jim\", \"title\": \"VP\"}"));
	CHECK(req == NULL);
	CHECK_INT(s.state, SAVE_CONFLICT);
	save_clear(&s);
	edit_form_free(f);
}

/* ... and when the record cannot be re-read, say so, and read again. */
TEST(test_lost_answer_unknown_then_recheck)
{
	struct edit_form *f = form_with("Director");
	struct save s = {0};
	api_request_free(save_begin(&s, ENT_PEOPLE, 7, f, true, NOW));
	api_request_free(answer(&s, failed(APIE_NETWORK, "dropped")));
	api_request_free(answer(&s, failed(APIE_CONNECT, "cannot connect")));
	CHECK_INT(s.state, SAVE_UNKNOWN);
	CHECK_CONTAINS(s.message, "could not be read again");
	struct api_request *req = save_recheck(&s);
	CHECK_INT(req->method, HTTP_GET);
	CHECK_INT(s.state, SAVE_VERIFYING);
	api_request_free(req);
	save_clear(&s);
	edit_form_free(f);
}

/* Refusals were never carried out: said at once, no re-read. */
TEST(test_refusals)
{
	struct edit_form *f = form_with("Director");
	struct save s = {0};
	api_request_free(save_begin(&s, ENT_PEOPLE, 7, f, true, NOW));
	CHECK(answer(&s, failed(APIE_INVALID, "HTTP 422: Copper refused the request: 'title' is too long"))
	      == NULL);
	CHECK_INT(s.state, SAVE_REFUSED);
	CHECK(f->fields[edit_field_index(f, "title")].error != NULL);
	api_request_free(save_begin(&s, ENT_PEOPLE, 7, f, true, NOW));
	CHECK(answer(&s, failed(APIE_FORBIDDEN, "HTTP 403")) == NULL);
	CHECK_INT(s.state, SAVE_FAILED);
	CHECK_INT(edit_change_count(f), 1);
	save_clear(&s);
	edit_form_free(f);
}

/* A create whose answer was lost is looked for by name before anything
 * is sent again. */
TEST(test_lost_create_is_looked_for)
{
	struct edit_form *f = edit_form_new(ENT_PEOPLE, NULL, NULL, NULL);
	char *err = NULL;
	CHECK(edit_set_text(f, (size_t)edit_field_index(f, "name"), "Nadia Once", NOW, &err));
	free(err);
	struct save s = {0};
	struct api_request *req = save_begin(&s, ENT_PEOPLE, 0, f, false, NOW);
	CHECK_INT(req->method, HTTP_POST);
	CHECK(req->fresh_connection && !req->idempotent);
	api_request_free(req);
	req = answer(&s, failed(APIE_NETWORK, "dropped"));
	CHECK_INT(s.state, SAVE_VERIFYING);
	CHECK_STR(req->path, "/people/search");
	CHECK_CONTAINS(req->body, "\"name\":\"Nadia Once\"");
	CHECK_CONTAINS(req->body, "\"minimum_created_date\":1795999880");
	api_request_free(req);
	req = answer(&s, ok("[{\"id\": 99, \"name\": \"Nadia Once\"}]"));
	CHECK(req == NULL);
	CHECK_INT(s.state, SAVE_DONE);
	CHECK_INT(s.id, 99);
	CHECK(s.after_lost_answer);
	/* not found: not created, and the entries are kept */
	api_request_free(save_begin(&s, ENT_PEOPLE, 0, f, false, NOW));
	api_request_free(answer(&s, failed(APIE_TIMEOUT, "timed out")));
	CHECK(answer(&s, ok("[]")) == NULL);
	CHECK_INT(s.state, SAVE_FAILED);
	CHECK_CONTAINS(s.message, "Copper has no such record");
	save_clear(&s);
	edit_form_free(f);
}
