/* Unit tests: activity.c (types, who may change one, what a system
 * activity says, the timeline's lines) and activity_save.c (the one write
 * protocol: sent once, a lost answer looked for, never sent again) */
#include "config.h"

#include "fixtures.h"
#include "model/activity.h"
#include "model/activity_save.h"
#include "testlib.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define NOW 1796000000
#define ME 137658

static const char *const TYPES =
	"{'user': [{'id': 0, 'category': 'user', 'name': 'Note', 'is_disabled': false},"
	" {'id': 190711, 'category': 'user', 'name': 'Phone Call', 'is_disabled': false},"
	" {'id': 190712, 'category': 'user', 'name': 'Meeting', 'is_disabled': false},"
	" {'id': 190715, 'category': 'user', 'name': 'Product Demo', 'is_disabled': false},"
	" {'id': 190716, 'category': 'user', 'name': 'Lunch', 'is_disabled': true},"
	" {'id': 190717, 'category': 'user', 'name': 'Mobile Call', 'is_disabled': false},"
	" {'id': 'x', 'category': 'user', 'name': 'Broken'}, {'id': 5}, 7],"
	" 'system': [{'id': 1, 'category': 'system', 'name': 'Property Changed'},"
	" {'id': 3, 'category': 'system', 'name': 'Pipeline Stage Changed'}]}";

static struct lookups *lookups_with_types(void)
{
	struct lookups *lk = lookups_new((struct api_sender){0}, NULL, 0);
	test_feed_lookup(lk, LOOKUP_ACTIVITY_TYPES, TYPES);
	test_feed_lookup(lk, LOOKUP_USERS, "[{'id': 137658, 'name': 'Me Myself'},"
			 " {'id': 2, 'name': 'Jane Colleague'}]");
	test_feed_lookup(lk, LOOKUP_PIPELINES, "[{'id': 10, 'name': 'Sales', 'stages': ["
			 "{'id': 101, 'name': 'Qualified'}, {'id': 102, 'name': 'Proposal'}]}]");
	return lk;
}

TEST(test_types_offered_and_matched)
{
	cJSON *types = test_json(TYPES);
	struct activity_types list;
	activity_types_list(types, false, &list);
	/* disabled and unreadable ones are not offered */
	CHECK_INT(list.count, 5);
	CHECK_STR(list.items[0].name, "Note");
	CHECK_STR(list.items[4].name, "Mobile Call");
	char *error = NULL;
	const struct activity_type *t = activity_type_match(&list, "phone call", &error);
	CHECK(t && t->ref.id == 190711 && !strcmp(t->ref.category, "user"));
	CHECK(error == NULL);
	CHECK((t = activity_type_match(&list, " MEET ", &error)) && t->ref.id == 190712);
	CHECK((t = activity_type_match(&list, "demo", &error)) && t->ref.id == 190715);
	CHECK((t = activity_type_match(&list, "note", &error)) && t->ref.id == 0);
	/* "call" starts a word of two names: which is named */
	CHECK(activity_type_match(&list, "call", &error) == NULL);
	CHECK_CONTAINS(error, "'call' could be Phone Call, Mobile Call");
	free(error);
	CHECK(activity_type_match(&list, "lunch", &error) == NULL); /* disabled */
	CHECK_CONTAINS(error, "No activity type 'lunch' (Note, Phone Call, Meeting");
	free(error);
	CHECK(activity_type_match(&list, "", &error) == NULL);
	CHECK_CONTAINS(error, "Which activity type?");
	free(error);
	activity_types_free(&list);

	/* with the system types, for a filter; a name shared is the whole name */
	activity_types_list(types, true, &list);
	CHECK_INT(list.count, 7);
	CHECK((t = activity_type_match(&list, "pipeline stage changed", &error)) &&
	      t->ref.id == 3 && !strcmp(t->ref.category, "system"));
	activity_types_free(&list);

	/* nothing of the right shape: no types, a message, no crash */
	cJSON *bad = test_json("{'user': {'id': 1}, 'system': 'x'}");
	activity_types_list(bad, true, &list);
	CHECK_INT(list.count, 0);
	CHECK(activity_type_match(&list, "note", &error) == NULL);
	CHECK_CONTAINS(error, "not loaded");
	free(error);
	activity_types_free(&list);
	cJSON_Delete(bad);

	/* user and system types may share an id: the category tells */
	char *name = activity_type_name(types, "system", 1);
	CHECK_STR(name, "Property Changed");
	free(name);
	CHECK(activity_type_name(types, "user", 1) == NULL);
	cJSON_Delete(types);
}

TEST(test_details_as_sent)
{
	char *s;
	CHECK_STR(s = activity_details_clean("Left a voicemail\n\n"), "Left a voicemail"); free(s);
	CHECK_STR(s = activity_details_clean("    code\n  \t"), "    code"); free(s);
	CHECK_STR(s = activity_details_clean(NULL), ""); free(s);
}

TEST(test_only_ones_own_user_activities_change)
{
	struct lookups *lk = lookups_with_types();
	cJSON *mine = test_json("{'id': 5000000001, 'type': {'id': 0, 'category': 'user'},"
				" 'user_id': 137658, 'details': 'x'}");
	cJSON *theirs = test_json("{'id': 5000000002, 'type': {'id': 0, 'category': 'user'},"
				  " 'user_id': 2}");
	cJSON *system = test_json("{'id': 5000000003, 'type': {'id': 3, 'category': 'system'},"
				  " 'user_id': 137658}");
	cJSON *nobody = test_json("{'id': 5000000004, 'type': {'id': 0, 'category': 'user'},"
				  " 'user_id': '137658x'}");
	CHECK(activity_not_changeable(mine, ME, lk) == NULL);
	char *why;
	CHECK_CONTAINS(why = activity_not_changeable(theirs, ME, lk), "Jane Colleague logged this");
	free(why);
	CHECK_CONTAINS(why = activity_not_changeable(system, ME, lk), "Copper logged this");
	free(why);
	CHECK_CONTAINS(why = activity_not_changeable(nobody, ME, lk), "names no author");
	free(why);
	CHECK_CONTAINS(why = activity_not_changeable(mine, 0, lk), "not known yet");
	free(why);
	cJSON_Delete(mine);
	cJSON_Delete(theirs);
	cJSON_Delete(system);
	cJSON_Delete(nobody);
	lookups_free(lk);
}

TEST(test_system_activities_read)
{
	struct lookups *lk = lookups_with_types();
	/* a stage change: names from the pipelines, whatever the value says */
	cJSON *stage = test_json("{'type': {'id': 3, 'category': 'system'}, 'details': null,"
				 " 'old_value': {'id': 101, 'name': 'old name'},"
				 " 'new_value': {'id': 102, 'name': 'Proposal'}}");
	char *s = activity_change_text(stage, lk);
	CHECK_STR(s, "Stage: Qualified \xe2\x86\x92 Proposal");
	free(s);
	/* a property change names its property in details */
	cJSON *status = test_json("{'type': {'id': 1, 'category': 'system'}, 'details': 'Status',"
				  " 'old_value': {'id': 0, 'name': 'Open'},"
				  " 'new_value': {'id': 1, 'name': 'Won'}}");
	CHECK_STR(s = activity_change_text(status, lk), "Status: Open \xe2\x86\x92 Won");
	free(s);
	/* hostile values: lists, nested objects, control characters */
	cJSON *odd = test_json("{'type': {'id': 3, 'category': 'system'},"
			       " 'old_value': ['Qualified', 987790],"
			       " 'new_value': {'id': [1, 2], 'name': '\\u001b[2Jwiped'}}");
	CHECK_STR(s = activity_change_text(odd, lk), "Stage: (unreadable) \xe2\x86\x92 wiped");
	free(s);
	cJSON *none = test_json("{'type': {'id': 0, 'category': 'user'}, 'old_value': null}");
	CHECK(activity_change_text(none, lk) == NULL);

	/* the timeline's lines: the change, not a blank */
	struct detail_doc *doc = detail_new();
	activity_add_lines(doc, 0, stage, lk, 80);
	CHECK(doc->nlines >= 3);
	CHECK_STR(doc->lines[0].spans[2].text, "Pipeline Stage Changed");
	CHECK_CONTAINS(doc->lines[1].spans[doc->lines[1].nspans - 1].text, "Qualified");
	detail_free(doc);
	cJSON_Delete(stage);
	cJSON_Delete(status);
	cJSON_Delete(odd);
	cJSON_Delete(none);
	lookups_free(lk);
}

TEST(test_timeline_lines)
{
	struct lookups *lk = lookups_with_types();
	cJSON *a = test_json("{'id': 5000000001, 'type': {'id': 190711, 'category': 'user'},"
			     " 'user_id': 2, 'details': 'Left a **voicemail**',"
			     " 'activity_date': 1796000000}");
	struct detail_doc *doc = detail_new();
	activity_add_lines(doc, 4, a, lk, 80);
	const struct detail_line *l = &doc->lines[0];
	CHECK_INT(l->field, 4);
	CHECK_CONTAINS(l->spans[0].text, "2026-");
	CHECK_STR(l->spans[2].text, "Phone Call");
	CHECK_STR(l->spans[4].text, "Jane Colleague");
	/* details as Markdown: the bold span is bold */
	bool bold = false;
	for (size_t k = 0; k < doc->lines[1].nspans; k++)
		bold |= !strcmp(doc->lines[1].spans[k].text, "voicemail") &&
			(doc->lines[1].spans[k].style & DETAIL_BOLD);
	CHECK(bold);
	CHECK_INT(doc->lines[doc->nlines - 1].nspans, 0); /* a blank line after */
	detail_free(doc);
	cJSON_Delete(a);

	/* every member of the wrong type: still lines, no crash */
	a = test_json("{'id': 'x', 'type': ['user'], 'user_id': null, 'details': 404,"
		      " 'activity_date': '2024-05-05'}");
	doc = detail_new();
	activity_add_lines(doc, 0, a, lk, 20);
	CHECK_STR(doc->lines[0].spans[0].text, "(no date)");
	CHECK_STR(doc->lines[0].spans[2].text, "Activity");
	CHECK_CONTAINS(doc->lines[1].spans[doc->lines[1].nspans - 1].text, "404");
	detail_free(doc);
	cJSON_Delete(a);
	lookups_free(lk);
}

/* ---- the write protocol ------------------------------------------------------ */

static struct api_result ok(const char *json)
{
	return (struct api_result){ .json = test_json(json), .total = -1 };
}

static struct api_result failed(enum api_error_kind kind, const char *message)
{
	struct api_result r = { .total = -1 };
	r.error.kind = kind;
	r.error.message = xstrdup(message);
	return r;
}

/* Feeds r and frees it; returns the next request (caller frees). */
static struct api_request *answer(struct activity_save *s, struct api_result r)
{
	struct api_request *next = activity_save_answer(s, &r);
	cJSON_Delete(r.json);
	api_error_clear(&r.error);
	return next;
}

static const char *const LOGGED =
	"{'id': 5000000009, 'parent': {'id': 7, 'type': 'person'},"
	" 'type': {'id': 190711, 'category': 'user'}, 'user_id': 137658,"
	" 'details': 'Left a voicemail', 'activity_date': 1795990000,"
	" 'date_created': 1796000001}";

TEST(test_log_once)
{
	struct activity_save s = {0};
	struct api_request *req = activity_save_create(&s, ENT_PEOPLE, 7, 190711, "Left a voicemail",
						       1795990000, ME, NOW);
	CHECK_STR(req->path, "/activities");
	CHECK(!req->idempotent && req->fresh_connection);
	CHECK_CONTAINS(req->body, "\"activity_date\":1795990000");
	api_request_free(req);
	CHECK(activity_save_busy(&s));
	CHECK(answer(&s, ok(LOGGED)) == NULL);
	CHECK_INT(s.state, ASAVE_DONE);
	CHECK_INT(s.id, 5000000009LL);
	CHECK(!s.after_lost_answer);
	CHECK_STR(json_member_str(s.activity, "details"), "Left a voicemail");
	activity_save_clear(&s);

	/* a refusal: nothing is looked for, nothing sent again */
	api_request_free(activity_save_create(&s, ENT_PEOPLE, 99, 190711, "x", NOW, ME, NOW));
	CHECK(answer(&s, failed(APIE_INVALID, "HTTP 422: no person with id 99")) == NULL);
	CHECK_INT(s.state, ASAVE_REFUSED);
	CHECK_CONTAINS(s.message, "no person with id 99");
	activity_save_clear(&s);

	/* never sent (the host unreachable): failed, for the user to send again */
	api_request_free(activity_save_create(&s, ENT_PEOPLE, 7, 190711, "x", NOW, ME, NOW));
	CHECK(answer(&s, failed(APIE_CONNECT, "cannot connect")) == NULL);
	CHECK_INT(s.state, ASAVE_FAILED);
	CHECK(!s.after_lost_answer);
	activity_save_clear(&s);
}

TEST(test_lost_log_is_looked_for_not_sent_again)
{
	struct activity_save s = {0};
	api_request_free(activity_save_create(&s, ENT_PEOPLE, 7, 190711, "Left a voicemail",
					      1795990000, ME, NOW));
	struct api_request *req = answer(&s, failed(APIE_TIMEOUT, "the request timed out"));
	CHECK_INT(s.state, ASAVE_VERIFYING);
	/* a search of the record's activities of that type around that date */
	CHECK_STR(req->path, "/activities/search");
	CHECK(req->idempotent);
	CHECK_STR(req->body, "{\"parent\":{\"id\":7,\"type\":\"person\"},\"activity_types\":"
		  "[{\"id\":190711,\"category\":\"user\"}],\"minimum_activity_date\":1795989700,"
		  "\"maximum_activity_date\":1795990300,\"page_number\":1,\"page_size\":200}");
	api_request_free(req);
	/* an older twin (made before it was sent) and another's do not count */
	char *twins = xasprintf("[{'id': 1, 'type': {'id': 190711, 'category': 'user'},"
				" 'user_id': 137658, 'details': 'Left a voicemail',"
				" 'date_created': 1700000000},"
				" {'id': 2, 'type': {'id': 190711, 'category': 'user'}, 'user_id': 2,"
				" 'details': 'Left a voicemail', 'date_created': 1796000001}, %s]",
				LOGGED);
	CHECK(answer(&s, ok(twins)) == NULL);
	free(twins);
	CHECK_INT(s.state, ASAVE_DONE);
	CHECK(s.after_lost_answer);
	CHECK_INT(s.id, 5000000009LL);
	activity_save_clear(&s);

	/* not there: not logged, said so (the user may send it again) */
	api_request_free(activity_save_create(&s, ENT_PEOPLE, 7, 190711, "Left a voicemail",
					      1795990000, ME, NOW));
	api_request_free(answer(&s, failed(APIE_SERVER, "HTTP 502")));
	CHECK(answer(&s, ok("[]")) == NULL);
	CHECK_INT(s.state, ASAVE_FAILED);
	CHECK(s.after_lost_answer);
	CHECK_CONTAINS(s.message, "it was not logged");
	CHECK_CONTAINS(s.message, "HTTP 502");
	activity_save_clear(&s);

	/* the search fails too: unknown, and a recheck searches, never posts */
	api_request_free(activity_save_create(&s, ENT_PEOPLE, 7, 190711, "x", NOW, ME, NOW));
	api_request_free(answer(&s, failed(APIE_NETWORK, "dropped")));
	CHECK(answer(&s, failed(APIE_TIMEOUT, "timed out again")) == NULL);
	CHECK_INT(s.state, ASAVE_UNKNOWN);
	CHECK_CONTAINS(s.message, "dropped");
	req = activity_save_recheck(&s);
	CHECK_STR(req->path, "/activities/search");
	api_request_free(req);
	CHECK(answer(&s, failed(APIE_TIMEOUT, "once more")) == NULL);
	CHECK_CONTAINS(s.message, "(dropped)"); /* the first loss, not the last message */
	activity_save_clear(&s);
}

static const char *const MINE =
	"{'id': 6000000001, 'parent': {'id': 42, 'type': 'opportunity'},"
	" 'type': {'id': 0, 'category': 'user'}, 'user_id': 137658, 'details': 'old',"
	" 'activity_date': 1795000000}";

TEST(test_update_sends_what_changed)
{
	cJSON *a = test_json(MINE);
	struct activity_save s = {0};
	struct api_request *req = activity_save_update(&s, ENT_OPPORTUNITIES, 42, a, "new",
						       1795000000);
	CHECK_STR(req->path, "/activities/6000000001");
	CHECK_STR(req->body, "{\"details\":\"new\"}");
	api_request_free(req);
	activity_save_clear(&s);
	req = activity_save_update(&s, ENT_OPPORTUNITIES, 42, a, "old", 1795003600);
	CHECK_STR(req->body, "{\"activity_date\":1795003600}");
	api_request_free(req);
	activity_save_clear(&s);
	/* nothing changed: nothing sent */
	CHECK(activity_save_update(&s, ENT_OPPORTUNITIES, 42, a, "old", 1795000000) == NULL);
	CHECK_INT(s.state, ASAVE_DONE);
	CHECK(s.nothing_sent);
	activity_save_clear(&s);
	/* gone already */
	api_request_free(activity_save_update(&s, ENT_OPPORTUNITIES, 42, a, "new", 1795000000));
	CHECK(answer(&s, failed(APIE_NOT_FOUND, "HTTP 404: not found")) == NULL);
	CHECK_INT(s.state, ASAVE_FAILED);
	CHECK_INT(s.error, APIE_NOT_FOUND);
	activity_save_clear(&s);
	cJSON_Delete(a);
}

TEST(test_lost_update_is_read_back)
{
	cJSON *a = test_json(MINE);
	struct activity_save s = {0};
	api_request_free(activity_save_update(&s, ENT_OPPORTUNITIES, 42, a, "new", 1795003600));
	struct api_request *req = answer(&s, failed(APIE_TIMEOUT, "timed out"));
	/* the window holds the old date and the new */
	CHECK_CONTAINS(req->body, "\"minimum_activity_date\":1794999700");
	CHECK_CONTAINS(req->body, "\"maximum_activity_date\":1795003900");
	api_request_free(req);
	CHECK(answer(&s, ok("[{'id': 6000000001, 'details': 'new', 'activity_date': 1795003600}]"))
	      == NULL);
	CHECK_INT(s.state, ASAVE_DONE);
	CHECK(s.after_lost_answer);
	activity_save_clear(&s);

	api_request_free(activity_save_update(&s, ENT_OPPORTUNITIES, 42, a, "new", 1795003600));
	api_request_free(answer(&s, failed(APIE_TIMEOUT, "timed out")));
	CHECK(answer(&s, ok("[{'id': 6000000001, 'details': 'old', 'activity_date': 1795000000}]"))
	      == NULL);
	CHECK_INT(s.state, ASAVE_FAILED);
	CHECK_CONTAINS(s.message, "still has its old values");
	activity_save_clear(&s);

	api_request_free(activity_save_update(&s, ENT_OPPORTUNITIES, 42, a, "new", 1795003600));
	api_request_free(answer(&s, failed(APIE_TIMEOUT, "timed out")));
	CHECK(answer(&s, ok("[{'id': 1}]")) == NULL);
	CHECK_INT(s.state, ASAVE_FAILED);
	CHECK_INT(s.error, APIE_NOT_FOUND);
	activity_save_clear(&s);
	cJSON_Delete(a);
}

TEST(test_delete_and_a_lost_answer)
{
	cJSON *a = test_json(MINE);
	struct activity_save s = {0};
	struct api_request *req = activity_save_delete(&s, ENT_OPPORTUNITIES, 42, a);
	CHECK_INT(req->method, HTTP_DELETE);
	CHECK_STR(req->path, "/activities/6000000001");
	api_request_free(req);
	CHECK(answer(&s, ok("{'id': 6000000001, 'is_deleted': true}")) == NULL);
	CHECK_INT(s.state, ASAVE_DONE);
	CHECK(s.activity == NULL);
	activity_save_clear(&s);

	/* lost: gone is deleted, there is not */
	api_request_free(activity_save_delete(&s, ENT_OPPORTUNITIES, 42, a));
	api_request_free(answer(&s, failed(APIE_SERVER, "HTTP 503")));
	CHECK(answer(&s, ok("[{'id': 6000000002}]")) == NULL);
	CHECK_INT(s.state, ASAVE_DONE);
	CHECK(s.after_lost_answer);
	activity_save_clear(&s);
	api_request_free(activity_save_delete(&s, ENT_OPPORTUNITIES, 42, a));
	api_request_free(answer(&s, failed(APIE_SERVER, "HTTP 503")));
	CHECK(answer(&s, ok(MINE)) == NULL); /* an object, not a list: cannot tell */
	CHECK_INT(s.state, ASAVE_UNKNOWN);
	req = activity_save_recheck(&s);
	CHECK(answer(&s, ok("[{'id': 6000000001}]")) == NULL);
	api_request_free(req);
	CHECK_INT(s.state, ASAVE_FAILED);
	CHECK_CONTAINS(s.message, "still there");
	activity_save_clear(&s);

	/* an activity without an id is never addressed */
	cJSON *noid = test_json("{'type': {'id': 0, 'category': 'user'}}");
	CHECK(activity_save_delete(&s, ENT_PEOPLE, 7, noid) == NULL);
	CHECK_INT(s.state, ASAVE_FAILED);
	activity_save_clear(&s);
	cJSON_Delete(noid);
	cJSON_Delete(a);
}
