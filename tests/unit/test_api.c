/* Unit tests: api.c, request bodies and error mapping */
#include "config.h"

#include "copper/api.h"
#include "testlib.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

TEST(test_search_body)
{
	cJSON *filters = cJSON_Parse("{\"assignee_ids\":[-2],\"page_size\":5,\"tags\":[\"vip\"]}");
	struct api_request *r = api_search(ENT_OPPORTUNITIES, filters, 3, 500, "name", true);
	CHECK_INT(r->method, HTTP_POST);
	CHECK_STR(r->path, "/opportunities/search");
	CHECK(r->idempotent);
	cJSON *body = cJSON_Parse(r->body);
	CHECK_INT(cJSON_GetObjectItem(body, "page_size")->valuedouble, 200); /* clamped */
	CHECK_INT(cJSON_GetObjectItem(body, "page_number")->valuedouble, 3);
	CHECK_STR(cJSON_GetObjectItem(body, "sort_by")->valuestring, "name");
	CHECK_STR(cJSON_GetObjectItem(body, "sort_direction")->valuestring, "desc");
	CHECK_INT(cJSON_GetArrayItem(cJSON_GetObjectItem(body, "assignee_ids"), 0)->valuedouble, -2);
	cJSON_Delete(body);
	cJSON_Delete(filters);
	api_request_free(r);
}

TEST(test_get_never_has_body_and_ids_are_64_bit)
{
	struct api_request *r = api_fetch(ENT_PEOPLE, 8589934593LL);
	CHECK_INT(r->method, HTTP_GET);
	CHECK(r->body == NULL);
	CHECK_STR(r->path, "/people/8589934593");
	api_request_free(r);

	for (int l = 0; l < LOOKUP_COUNT; l++) {
		r = api_lookup((enum lookup)l);
		if (r->method == HTTP_GET)
			CHECK(r->body == NULL);
		CHECK(r->idempotent);
		api_request_free(r);
	}
	r = api_activities(&(struct activity_query){ ENT_OPPORTUNITIES, 4294967297LL,
						      .page_number = 1, .page_size = 50 });
	CHECK_CONTAINS(r->body, "\"id\":4294967297");
	CHECK_CONTAINS(r->body, "\"type\":\"opportunity\"");
	api_request_free(r);
}

/* The activity requests, as supplement/README.md and update-an-activity
 * have them: one parent, types as {id, category}, dates in Unix seconds. */
TEST(test_activity_requests)
{
	const struct activity_type_ref types[] = { { "user", 190711 }, { "system", 3 } };
	struct activity_query q = { ENT_PEOPLE, 27140359, types, 2, true, 1496772000,
				    1496772999, 2, 500 };
	struct api_request *r = api_activities(&q);
	CHECK_INT(r->method, HTTP_POST);
	CHECK_STR(r->path, "/activities/search");
	CHECK(r->idempotent);
	CHECK_STR(r->body, "{\"parent\":{\"id\":27140359,\"type\":\"person\"},"
		  "\"activity_types\":[{\"id\":190711,\"category\":\"user\"},"
		  "{\"id\":3,\"category\":\"system\"}],\"minimum_activity_date\":1496772000,"
		  "\"maximum_activity_date\":1496772999,\"page_number\":2,\"page_size\":200}");
	api_request_free(r);
	/* no types, no dates: the keys are left out, never sent empty */
	r = api_activities(&(struct activity_query){ ENT_TASKS, 5, .page_number = 0,
						      .page_size = 0 });
	CHECK_STR(r->body, "{\"parent\":{\"id\":5,\"type\":\"task\"},\"page_number\":1,"
		  "\"page_size\":1}");
	api_request_free(r);

	r = api_create_activity(ENT_OPPORTUNITIES, 5000000001LL, 0, "Left a *voicemail*",
				1496772355);
	CHECK_INT(r->method, HTTP_POST);
	CHECK_STR(r->path, "/activities");
	CHECK(!r->idempotent);
	CHECK(r->fresh_connection);
	CHECK_STR(r->body, "{\"parent\":{\"id\":5000000001,\"type\":\"opportunity\"},"
		  "\"type\":{\"category\":\"user\",\"id\":0},\"details\":\"Left a *voicemail*\","
		  "\"activity_date\":1496772355}");
	api_request_free(r);

	cJSON *changes = cJSON_Parse("{\"details\":\"new\",\"activity_date\":1496772351}");
	r = api_update_activity(6000000000LL, changes);
	CHECK_INT(r->method, HTTP_PUT);
	CHECK_STR(r->path, "/activities/6000000000");
	CHECK_STR(r->body, "{\"details\":\"new\",\"activity_date\":1496772351}");
	CHECK(!r->idempotent);
	CHECK(r->fresh_connection);
	api_request_free(r);
	cJSON_Delete(changes);

	r = api_delete_activity(6000000000LL);
	CHECK_INT(r->method, HTTP_DELETE);
	CHECK_STR(http_method_name(r->method), "DELETE");
	CHECK_STR(r->path, "/activities/6000000000");
	CHECK(r->body == NULL);
	CHECK(!r->idempotent);
	CHECK(r->fresh_connection);
	CHECK_INT(r->answer_type, cJSON_Object);
	api_request_free(r);
}

TEST(test_field_layout_paths)
{
	struct api_request *r = api_field_layout(ENT_OPPORTUNITIES, 123);
	CHECK_STR(r->path, "/field_layouts/by_entity/opportunities?pipeline_id=123");
	api_request_free(r);
	r = api_field_layout(ENT_COMPANIES, 0);
	CHECK_STR(r->path, "/field_layouts/by_entity/companies");
	api_request_free(r);
}

TEST(test_update_is_partial_and_create_not_retried)
{
	cJSON *changes = cJSON_Parse("{\"close_date\":\"12/31/2026\",\"details\":null}");
	struct api_request *r = api_update(ENT_OPPORTUNITIES, 42, changes);
	CHECK_INT(r->method, HTTP_PUT);
	CHECK_STR(r->path, "/opportunities/42");
	CHECK_STR(r->body, "{\"close_date\":\"12/31/2026\",\"details\":null}");
	/* after a lost answer an update is re-read, never sent again blindly */
	CHECK(!r->idempotent);
	CHECK(r->fresh_connection);
	api_request_free(r);
	r = api_create(ENT_PEOPLE, changes);
	CHECK_INT(r->method, HTTP_POST);
	CHECK(!r->idempotent);
	CHECK(r->fresh_connection);
	api_request_free(r);
	r = api_convert_lead(7, NULL);
	CHECK(!r->idempotent);
	api_request_free(r);
	cJSON_Delete(changes);
}

TEST(test_related_items_requests)
{
	struct api_request *r = api_related(ENT_PEOPLE, 8589934593LL);
	CHECK_INT(r->method, HTTP_GET);
	CHECK_STR(r->path, "/people/8589934593/related");
	CHECK(r->body == NULL);
	CHECK(r->idempotent);
	CHECK_INT(r->answer_type, cJSON_Array);
	api_request_free(r);

	r = api_relate(ENT_OPPORTUNITIES, 42, ENT_PEOPLE, 4294967297LL);
	CHECK_INT(r->method, HTTP_POST);
	CHECK_STR(r->path, "/opportunities/42/related");
	CHECK_STR(r->body, "{\"resource\":{\"id\":4294967297,\"type\":\"person\"}}");
	/* a write: never sent again by itself, never on a reused connection */
	CHECK(!r->idempotent);
	CHECK(r->fresh_connection);
	CHECK_INT(r->answer_type, cJSON_Object);
	api_request_free(r);

	r = api_unrelate(ENT_TASKS, 7, ENT_COMPANIES, 9);
	CHECK_INT(r->method, HTTP_DELETE);
	CHECK_STR(http_method_name(r->method), "DELETE");
	CHECK_STR(r->path, "/tasks/7/related");
	CHECK_STR(r->body, "{\"resource\":{\"id\":9,\"type\":\"company\"}}");
	CHECK(!r->idempotent);
	CHECK(r->fresh_connection);
	api_request_free(r);
}

TEST(test_delete_has_no_body_and_is_sent_once)
{
	struct api_request *r = api_delete(ENT_COMPANIES, 26443553);
	CHECK_INT(r->method, HTTP_DELETE);
	CHECK_STR(r->path, "/companies/26443553");
	CHECK(r->body == NULL);
	CHECK(!r->idempotent);
	CHECK(r->fresh_connection);
	CHECK_INT(r->answer_type, cJSON_Object);
	api_request_free(r);
}

TEST(test_convert_wraps_details_and_finding_the_lead)
{
	cJSON *details = cJSON_Parse("{\"person\":{\"name\":\"Pam\"},\"company\":{\"id\":5}}");
	struct api_request *r = api_convert_lead(4294967297LL, details);
	CHECK_INT(r->method, HTTP_POST);
	CHECK_STR(r->path, "/leads/4294967297/convert");
	CHECK_STR(r->body, "{\"details\":{\"person\":{\"name\":\"Pam\"},\"company\":{\"id\":5}}}");
	CHECK(!r->idempotent);
	CHECK(r->fresh_connection);
	api_request_free(r);
	cJSON_Delete(details);
	r = api_convert_lead(7, NULL);
	CHECK_STR(r->body, "{\"details\":{}}");
	api_request_free(r);

	r = api_find_lead(4294967297LL);
	CHECK_INT(r->method, HTTP_POST);
	CHECK_STR(r->path, "/leads/search");
	CHECK(r->idempotent);
	CHECK_CONTAINS(r->body, "\"ids\":[4294967297]");
	CHECK_CONTAINS(r->body, "\"include_converted_leads\":true");
	api_request_free(r);
}

TEST(test_entity_names)
{
	enum entity e;
	CHECK(entity_parse("Person", &e) && e == ENT_PEOPLE);
	CHECK(entity_parse("deals", &e) && e == ENT_OPPORTUNITIES);
	CHECK(!entity_parse("widgets", &e));
	CHECK_STR(entity_type_name(ENT_COMPANIES), "company");
}

static struct http_response response(long status, const char *ct, const char *body)
{
	struct http_response r = {0};
	r.status = status;
	r.content_type = ct ? xstrdup(ct) : NULL;
	r.body = xstrdup(body);
	r.body_len = strlen(body);
	r.total = -1;
	r.retry_after_ms = -1;
	return r;
}

static enum api_error_kind interpret(long status, const char *ct, const char *body, char **msg)
{
	struct http_response r = response(status, ct, body);
	struct api_error err = {0};
	cJSON *json = api_interpret(&r, &err);
	enum api_error_kind kind = err.kind;
	*msg = err.message ? xstrdup(err.message) : NULL;
	cJSON_Delete(json);
	api_error_clear(&err);
	http_response_free(&r);
	return kind;
}

TEST(test_error_mapping)
{
	char *m;
	CHECK_INT(interpret(200, "application/json; charset=utf-8", "[1,2]", &m), APIE_NONE);
	CHECK(m == NULL);

	CHECK_INT(interpret(401, "application/json", "{\"message\":\"Invalid token\"}", &m), APIE_AUTH);
	CHECK_CONTAINS(m, "check the API token");
	CHECK_CONTAINS(m, "Invalid token");
	free(m);

	CHECK_INT(interpret(422, "application/json",
			    "{\"success\":false,\"message\":\"monetary_value must be a number\"}", &m),
		  APIE_INVALID);
	CHECK_CONTAINS(m, "monetary_value must be a number");
	free(m);

	CHECK_INT(interpret(429, "application/json", "{\"message\":\"Rate limit\"}", &m), APIE_RATE_LIMIT);
	free(m);
	CHECK_INT(interpret(503, "text/html", "<html>down</html>", &m), APIE_SERVER);
	CHECK_CONTAINS(m, "HTTP 503");
	free(m);
	CHECK_INT(interpret(404, "application/json", "{}", &m), APIE_NOT_FOUND);
	free(m);
	CHECK_INT(interpret(403, "application/json", "{}", &m), APIE_FORBIDDEN);
	free(m);
}

TEST(test_bad_bodies_are_errors_not_crashes)
{
	char *m;
	CHECK_INT(interpret(200, "application/json", "[{\"id\": 1, \"name\": \"tru", &m), APIE_PROTOCOL);
	CHECK_CONTAINS(m, "malformed JSON");
	free(m);
	CHECK_INT(interpret(200, "text/html", "<html>\x1b]0;pwned\x07login</html>", &m), APIE_PROTOCOL);
	CHECK_CONTAINS(m, "expected JSON");
	CHECK(!strchr(m, '\x1b'));
	free(m);
	CHECK_INT(interpret(200, NULL, "", &m), APIE_PROTOCOL);
	free(m);
	/* an embedded NUL must not let a prefix pass for the whole body */
	struct http_response r = response(200, "application/json", "[1]");
	r.body_len = 5;
	r.body = xrealloc(r.body, 6);
	memcpy(r.body, "[1]\0]", 6);
	struct api_error err = {0};
	CHECK(api_interpret(&r, &err) == NULL);
	CHECK_INT(err.kind, APIE_PROTOCOL);
	api_error_clear(&err);
	http_response_free(&r);
}

/* An answer beyond any Copper answer's size, depth or number of values
 * is refused before it is parsed, and is not worth asking for again. */
TEST(test_answers_beyond_the_bounds_are_refused_for_good)
{
	char *m;
	struct strbuf sb = {0};
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		sb_putc(&sb, '[');
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		sb_putc(&sb, ']');
	CHECK_INT(interpret(200, "application/json", sb.data, &m), APIE_TOO_LARGE);
	CHECK_CONTAINS(m, "nests deeper than 64 levels");
	CHECK_CONTAINS(m, "not parsed");
	free(m);
	sb_reset(&sb);
	sb_putc(&sb, '[');
	for (unsigned i = 0; i <= JSON_MAX_VALUES; i++)
		sb_puts(&sb, "0,");
	sb_puts(&sb, "0]");
	CHECK_INT(interpret(200, "application/json", sb.data, &m), APIE_TOO_LARGE);
	CHECK_CONTAINS(m, "more than 524288 values");
	free(m);
	/* an error status does not get it parsed either */
	CHECK_INT(interpret(500, "application/json", sb.data, &m), APIE_TOO_LARGE);
	free(m);
	sb_free(&sb);

	struct http_response r = {0};
	struct api_error err = {0};
	r.transport = TRANSPORT_TOO_LARGE;
	r.transport_detail = xstrdup("more than 8 MiB once decoded");
	CHECK(api_interpret(&r, &err) == NULL);
	CHECK_INT(err.kind, APIE_TOO_LARGE);
	CHECK_CONTAINS(err.message, "too large to be a Copper response (more than 8 MiB once decoded)");
	api_error_clear(&err);
	free(r.transport_detail);
	CHECK(!api_error_transient(APIE_TOO_LARGE));
	CHECK(api_error_transient(APIE_PROTOCOL));
}

/* Every request says what shape its answer has; another shape is a
 * protocol error, so no caller meets a list where a record belongs. */
TEST(test_answers_of_the_wrong_shape)
{
	struct {
		struct api_request *req;
		int type;
	} reqs[] = {
		{ api_search(ENT_PEOPLE, NULL, 1, 20, NULL, false), cJSON_Array },
		{ api_fetch(ENT_LEADS, 7), cJSON_Object },
		{ api_fetch_person_by_email("a@example.com"), cJSON_Object },
		{ api_update(ENT_TASKS, 7, NULL), cJSON_Object },
		{ api_create(ENT_COMPANIES, NULL), cJSON_Object },
		{ api_convert_lead(7, NULL), cJSON_Object },
		{ api_field_layout(ENT_PEOPLE, 0), cJSON_Array },
		{ api_activities(&(struct activity_query){ ENT_PEOPLE, 7, .page_number = 1,
							    .page_size = 20 }), cJSON_Array },
		{ api_create_activity(ENT_PEOPLE, 7, 1, "x", 1), cJSON_Object },
		{ api_update_activity(7, NULL), cJSON_Object },
		{ api_delete_activity(7), cJSON_Object },
		{ api_lookup(LOOKUP_ME), cJSON_Object },
		{ api_lookup(LOOKUP_ACCOUNT), cJSON_Object },
		{ api_lookup(LOOKUP_USERS), cJSON_Array },
		{ api_lookup(LOOKUP_ACTIVITY_TYPES), cJSON_Object },
	};
	for (size_t i = 0; i < ARRAY_SIZE(reqs); i++) {
		CHECK_INT(reqs[i].req->answer_type, reqs[i].type);
		const char *right = reqs[i].type == cJSON_Array ? "[{\"id\": 1}]" : "{\"id\": 1}";
		const char *wrong = reqs[i].type == cJSON_Array ? "{\"id\": 1}" : "[{\"id\": 1}]";
		struct http_response r = response(200, "application/json", right);
		struct api_error err = {0};
		cJSON *json = api_interpret_for(reqs[i].req, &r, &err);
		CHECK(json && err.kind == APIE_NONE);
		cJSON_Delete(json);
		http_response_free(&r);
		r = response(200, "application/json", wrong);
		CHECK(api_interpret_for(reqs[i].req, &r, &err) == NULL);
		CHECK_INT(err.kind, APIE_PROTOCOL);
		CHECK_CONTAINS(err.message, reqs[i].type == cJSON_Array
			       ? "HTTP 200: expected a list but the answer is an object"
			       : "HTTP 200: expected an object but the answer is a list");
		api_error_clear(&err);
		http_response_free(&r);
		/* errors are still the server's to explain */
		r = response(404, "application/json", "[]");
		CHECK(api_interpret_for(reqs[i].req, &r, &err) == NULL);
		CHECK_INT(err.kind, APIE_NOT_FOUND);
		api_error_clear(&err);
		http_response_free(&r);
		api_request_free(reqs[i].req);
	}
	for (int l = 0; l < LOOKUP_COUNT; l++) {
		CHECK_INT(lookup_by_name(lookup_name((enum lookup)l)), l);
		CHECK(lookup_type((enum lookup)l) == cJSON_Array || lookup_type((enum lookup)l) == cJSON_Object);
	}
	CHECK_INT(lookup_by_name("layout-people"), LOOKUP_COUNT);
}

TEST(test_transport_errors)
{
	struct http_response r = {0};
	struct api_error err = {0};
	r.transport = TRANSPORT_TLS;
	r.transport_detail = xstrdup("SSL certificate problem");
	CHECK(api_interpret(&r, &err) == NULL);
	CHECK_INT(err.kind, APIE_TLS);
	CHECK_CONTAINS(err.message, "certificate could not be verified");
	api_error_clear(&err);
	free(r.transport_detail);
	r.transport = TRANSPORT_DNS;
	r.transport_detail = xstrdup("Could not resolve host: nowhere.invalid");
	api_interpret(&r, &err);
	CHECK_INT(err.kind, APIE_DNS);
	CHECK_CONTAINS(err.message, "cannot resolve");
	api_error_clear(&err);
	free(r.transport_detail);
	CHECK(api_error_transient(APIE_SERVER));
	CHECK(!api_error_transient(APIE_INVALID));
	CHECK(!api_error_transient(APIE_AUTH));
}

TEST(test_retry_after)
{
	CHECK_INT(api_parse_retry_after("7", 0), 7000);
	CHECK_INT(api_parse_retry_after(" 0 ", 0), 0);
	CHECK_INT(api_parse_retry_after("soon", 0), -1);
	CHECK_INT(api_parse_retry_after(NULL, 0), -1);
	/* Sun, 06 Nov 1994 08:49:37 GMT is 784111777 */
	CHECK_INT(api_parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111770), 7000);
	CHECK_INT(api_parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111790), 0);
}

TEST(test_http_date_is_the_servers_clock)
{
	CHECK_INT(api_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
	CHECK_INT(api_parse_http_date(" Mon, 01 Dec 2025 00:00:00 GMT"), 1764547200);
	CHECK_INT(api_parse_http_date("yesterday"), -1);
	CHECK_INT(api_parse_http_date("Sun, 06 Nox 1994 08:49:37 GMT"), -1);
	CHECK_INT(api_parse_http_date(NULL), -1);
}

TEST(test_requests_say_which_records_they_are_about)
{
	struct api_request *r = api_search(ENT_LEADS, NULL, 1, 200, NULL, false);
	CHECK(r->entity == ENT_LEADS && r->record_id == 0);
	api_request_free(r);
	r = api_fetch(ENT_TASKS, 5000000000LL);
	CHECK(r->entity == ENT_TASKS && r->record_id == 5000000000LL);
	api_request_free(r);
	cJSON *changes = cJSON_CreateObject();
	r = api_update(ENT_PROJECTS, 9, changes);
	CHECK(r->entity == ENT_PROJECTS && r->record_id == 9);
	api_request_free(r);
	r = api_create(ENT_COMPANIES, changes);
	CHECK(r->entity == ENT_COMPANIES && r->record_id == 0);
	api_request_free(r);
	cJSON_Delete(changes);
	r = api_fetch_person_by_email("a@b.example");
	CHECK(r->entity == ENT_PEOPLE);
	api_request_free(r);
	/* look-ups and activities are about no record of the six */
	r = api_lookup(LOOKUP_USERS);
	CHECK(r->entity == ENT_COUNT);
	api_request_free(r);
	struct activity_query aq = { .parent = ENT_PEOPLE, .parent_id = 1, .page_number = 1,
				     .page_size = 20 };
	r = api_activities(&aq);
	CHECK(r->entity == ENT_COUNT);
	api_request_free(r);
	/* a delete says what it removes: the mirror forgets it */
	r = api_delete(ENT_TASKS, 77);
	CHECK(r->entity == ENT_TASKS && r->record_id == 77);
	api_request_free(r);
}
