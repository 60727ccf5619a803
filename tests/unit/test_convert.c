/* Unit tests: convert.c, the conversion of a lead: its form, the details
 * sent, and the protocol that sends them once */
#include "config.h"

#include "fixtures.h"
#include "model/convert.h"
#include "testlib.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static struct lookups *lookups(void)
{
	struct lookups *l = lookups_new((struct api_sender){0}, NULL, 0);
	test_feed_lookup(l, LOOKUP_USERS, "[{'id':137658,'name':'John Doe'},{'id':159258,'name':'Jane Smith'}]");
	test_feed_lookup(l, LOOKUP_CONTACT_TYPES, "[{'id':451490,'name':'Potential Customer'}]");
	test_feed_lookup(l, LOOKUP_PIPELINES,
			 "[{'id':213214,'name':'Sales','stages':[{'id':987790,'name':'Qualified'},"
			 "{'id':987791,'name':'Follow-up'}]},"
			 "{'id':213215,'name':'Partners','stages':[{'id':987795,'name':'First Meeting'}]}]");
	return l;
}

static const char *const LEAD =
	"{'id': 8589934593, 'name': 'Pam Beesly', 'company_name': 'Dunder Mifflin',"
	" 'assignee_id': 137658, 'monetary_value': 1200,"
	" 'email': {'email': 'pam@dundermifflin.com', 'category': 'work'},"
	" 'phone_numbers': [{'number': '415-555-1212', 'category': 'mobile'}],"
	" 'converted_at': null, 'converted_contact_id': null}";

static void set(struct edit_form *f, const char *key, const char *text)
{
	char *err = NULL;
	long i = edit_field_index(f, key);
	CHECK(i >= 0);
	if (i >= 0 && !edit_set_text(f, (size_t)i, text, 1796000000, &err))
		test_fail(__FILE__, __LINE__, "%s: %s", key, err);
	free(err);
}

static char *text(struct edit_form *f, const char *key)
{
	long i = edit_field_index(f, key);
	return i >= 0 ? edit_field_text(f, (size_t)i) : xstrdup("(none)");
}

/* Prefilled with what Copper will make of the lead by default. */
TEST(test_form_prefilled_from_the_lead)
{
	struct lookups *l = lookups();
	cJSON *lead = test_json(LEAD);
	struct edit_form *f = convert_form_new(lead, l);
	CHECK(f->id == 8589934593LL);
	char *s;
	CHECK_STR(s = text(f, "name"), "Pam Beesly"); free(s);
	CHECK_STR(s = text(f, "assignee_id"), "John Doe"); free(s);
	CHECK_STR(s = text(f, "lead_email"), "pam@dundermifflin.com (work)"); free(s);
	CHECK_STR(s = text(f, "lead_phones"), "415-555-1212 (mobile)"); free(s);
	CHECK_STR(s = text(f, "company_name"), "Dunder Mifflin"); free(s);
	CHECK_STR(s = text(f, "create_opportunity"), "No"); free(s);
	CHECK_STR(s = text(f, "pipeline_id"), "Sales"); free(s);
	CHECK_STR(s = text(f, "pipeline_stage_id"), "Qualified"); free(s);
	CHECK_INT(f->fields[edit_field_index(f, "lead_email")].type, EDIT_READONLY);
	CHECK_INT(f->fields[edit_field_index(f, "company_id")].type, EDIT_REFERENCE);
	CHECK_INT(f->fields[edit_field_index(f, "company_id")].ref_entity, ENT_COMPANIES);
	CHECK(f->fields[edit_field_index(f, "name")].required);

	/* the details as prefilled: the person, the lead's company by name */
	char *close, *err;
	cJSON *d = convert_details(f, &close, &err);
	char *json = cJSON_PrintUnformatted(d);
	CHECK_STR(json, "{\"person\":{\"name\":\"Pam Beesly\",\"assignee_id\":137658},"
		  "\"company\":{\"name\":\"Dunder Mifflin\",\"exact_match\":true}}");
	CHECK(close == NULL);
	free(json);
	cJSON_Delete(d);
	edit_form_free(f);
	cJSON_Delete(lead);
	lookups_free(l);
}

TEST(test_details_of_every_choice)
{
	struct lookups *l = lookups();
	cJSON *lead = test_json(LEAD);
	struct edit_form *f = convert_form_new(lead, l);
	char *close, *err;
	/* an existing company, and a new name too: refused, nothing to send */
	cJSON *pick = test_json("{'id': 15000403, 'name': 'Sapphireloop'}");
	CHECK(edit_set_json(f, (size_t)edit_field_index(f, "company_id"), pick, &err));
	cJSON_Delete(pick);
	CHECK(convert_details(f, &close, &err) == NULL);
	CHECK_CONTAINS(err, "not both");
	free(err);
	set(f, "company_name", "");
	set(f, "create_opportunity", "yes");
	set(f, "pipeline_id", "Partners");     /* the stage follows the pipeline */
	set(f, "monetary_value", "$12,500");
	set(f, "close_date", "2027-01-15");
	set(f, "contact_type_id", "Potential Customer");
	cJSON *d = convert_details(f, &close, &err);
	char *json = cJSON_PrintUnformatted(d);
	CHECK_STR(json, "{\"person\":{\"name\":\"Pam Beesly\",\"contact_type_id\":451490,"
		  "\"assignee_id\":137658},\"company\":{\"id\":15000403},"
		  "\"opportunity\":{\"name\":\"Pam Beesly\",\"pipeline_id\":213215,"
		  "\"pipeline_stage_id\":987795,\"monetary_value\":12500,\"assignee_id\":137658}}");
	CHECK_STR(close, "01/15/2027");
	free(json);
	free(close);
	cJSON_Delete(d);
	/* no company at all: an explicit "" (left out, Copper would make the
	 * lead's); an opportunity without a name is refused */
	edit_revert(f, (size_t)edit_field_index(f, "company_id"));
	set(f, "opportunity_name", "");
	CHECK(convert_details(f, &close, &err) == NULL);
	CHECK_CONTAINS(err, "opportunity needs a name");
	free(err);
	set(f, "create_opportunity", "no");
	d = convert_details(f, &close, &err);
	CHECK_STR(json_member_str(json_get(d, "company"), "name"), "");
	CHECK(json_get(json_get(d, "company"), "exact_match") == NULL);
	CHECK(json_get(d, "opportunity") == NULL);
	cJSON_Delete(d);
	/* a person needs a name: the field refuses emptying */
	long i = edit_field_index(f, "name");
	CHECK(!edit_set_text(f, (size_t)i, "", 0, &err));
	free(err);
	edit_form_free(f);
	cJSON_Delete(lead);
	lookups_free(l);
}

/* A draft of the conversion comes back as the same form. */
TEST(test_draft_round_trip)
{
	struct lookups *l = lookups();
	cJSON *lead = test_json(LEAD);
	struct edit_form *f = convert_form_new(lead, l);
	set(f, "create_opportunity", "y");
	set(f, "opportunity_name", "Paper for Scranton");
	cJSON *draft = edit_draft(f);
	char *err = NULL;
	struct edit_form *back = convert_form_from_draft(draft, l, &err);
	CHECK(back != NULL);
	char *s;
	CHECK_STR(s = text(back, "opportunity_name"), "Paper for Scranton"); free(s);
	CHECK_INT(edit_change_count(back), 2);
	CHECK(back->id == 8589934593LL);
	edit_form_free(back);
	cJSON_Delete(draft);
	edit_form_free(f);
	cJSON_Delete(lead);
	lookups_free(l);
}

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

static struct api_request *answer(struct convert *c, struct api_result r)
{
	struct api_request *next = convert_answer(c, &r);
	cJSON_Delete(r.json);
	api_error_clear(&r.error);
	return next;
}

TEST(test_converted_then_the_close_date)
{
	struct convert c = {0};
	cJSON *d = test_json("{'person': {'name': 'Pam'}, 'opportunity': {'name': 'Paper'}}");
	struct api_request *req = convert_begin(&c, 7, d, "01/15/2027", NULL);
	CHECK_STR(req->path, "/leads/7/convert");
	CHECK_STR(req->body, "{\"details\":{\"person\":{\"name\":\"Pam\"},\"opportunity\":{\"name\":\"Paper\"}}}");
	CHECK(!req->idempotent);
	api_request_free(req);
	req = answer(&c, ok("{'person': {'id': 27140359, 'name': 'Pam'}, 'company': null,"
			    " 'opportunity': {'id': 4417020, 'name': 'Paper', 'close_date': null}}"));
	CHECK_INT(c.state, CONVERT_CLOSING);
	CHECK(c.person_id == 27140359 && c.opportunity_id == 4417020);
	/* the opportunity is fresh: one PUT of the close date, no read first */
	CHECK_INT(req->method, HTTP_PUT);
	CHECK_STR(req->path, "/opportunities/4417020");
	CHECK_STR(req->body, "{\"close_date\":\"01/15/2027\"}");
	api_request_free(req);
	CHECK(answer(&c, ok("{'id': 4417020, 'name': 'Paper', 'close_date': '01/15/2027'}")) == NULL);
	CHECK_INT(c.state, CONVERT_DONE);
	CHECK(c.close_set);
	CHECK(c.close_message == NULL);
	convert_clear(&c);
	cJSON_Delete(d);
}

/* A lost answer: the lead is looked for, never converted again. */
TEST(test_lost_answer_looks_for_the_lead)
{
	struct convert c = {0};
	cJSON *d = test_json("{'person': {'name': 'Pam'}}");
	api_request_free(convert_begin(&c, 7, d, NULL, NULL));
	struct api_request *req = answer(&c, failed(APIE_NETWORK, "dropped"));
	CHECK_INT(c.state, CONVERT_VERIFYING);
	CHECK_STR(req->path, "/leads/search");
	CHECK_CONTAINS(req->body, "\"include_converted_leads\":true");
	CHECK_CONTAINS(req->body, "\"ids\":[7]");
	api_request_free(req);
	CHECK(answer(&c, ok("[{'id': 7, 'converted_contact_id': 31, 'converted_opportunity_id': null,"
			    " 'converted_at': 1796000000}]")) == NULL);
	CHECK_INT(c.state, CONVERT_DONE);
	CHECK(c.after_lost_answer);
	CHECK(c.person_id == 31 && c.opportunity_id == 0);

	/* not converted: nothing was made, said so */
	api_request_free(convert_begin(&c, 7, d, NULL, NULL));
	api_request_free(answer(&c, failed(APIE_SERVER, "HTTP 502")));
	CHECK(answer(&c, ok("[{'id': 7, 'converted_contact_id': null, 'converted_at': null}]")) == NULL);
	CHECK_INT(c.state, CONVERT_FAILED);
	CHECK_CONTAINS(c.message, "nothing was made");

	/* gone: Copper removes converted leads */
	api_request_free(convert_begin(&c, 7, d, NULL, NULL));
	api_request_free(answer(&c, failed(APIE_TIMEOUT, "timed out")));
	CHECK(answer(&c, ok("[]")) == NULL);
	CHECK_INT(c.state, CONVERT_GONE);

	/* the search fails: unknown; a recheck searches, never sends */
	api_request_free(convert_begin(&c, 7, d, NULL, NULL));
	api_request_free(answer(&c, failed(APIE_NETWORK, "dropped")));
	CHECK(answer(&c, failed(APIE_NETWORK, "dropped again")) == NULL);
	CHECK_INT(c.state, CONVERT_UNKNOWN);
	req = convert_recheck(&c);
	CHECK_STR(req->path, "/leads/search");
	api_request_free(req);

	/* refused: said, nothing looked for */
	api_request_free(convert_begin(&c, 7, d, NULL, NULL));
	CHECK(answer(&c, failed(APIE_INVALID, "HTTP 422: Lead 7 has already been converted")) == NULL);
	CHECK_INT(c.state, CONVERT_REFUSED);
	CHECK_CONTAINS(c.message, "already been converted");
	convert_clear(&c);
	cJSON_Delete(d);
}

/* Found converted after a lost answer, the opportunity's close date is
 * set after reading it (only its id is known). */
TEST(test_close_date_after_a_lost_answer_reads_first)
{
	struct convert c = {0};
	cJSON *d = test_json("{'person': {'name': 'Pam'}, 'opportunity': {'name': 'Paper'}}");
	api_request_free(convert_begin(&c, 7, d, "01/15/2027", NULL));
	api_request_free(answer(&c, failed(APIE_NETWORK, "dropped")));
	struct api_request *req = answer(&c, ok("[{'id': 7, 'converted_contact_id': 31,"
						" 'converted_opportunity_id': 44, 'converted_at': 1}]"));
	CHECK_INT(c.state, CONVERT_CLOSING);
	CHECK_INT(req->method, HTTP_GET);
	CHECK_STR(req->path, "/opportunities/44");
	api_request_free(req);
	req = answer(&c, ok("{'id': 44, 'name': 'Paper', 'close_date': null}"));
	CHECK_INT(req->method, HTTP_PUT);
	api_request_free(req);
	/* the PUT refused: converted all the same, and the close date's fate said */
	CHECK(answer(&c, failed(APIE_INVALID, "HTTP 422: close_date: bad")) == NULL);
	CHECK_INT(c.state, CONVERT_DONE);
	CHECK(!c.close_set);
	CHECK_CONTAINS(c.close_message, "close_date");
	convert_clear(&c);
	cJSON_Delete(d);
}

/* A conversion a session sent before it ended, its answer unseen: only a
 * search for the lead, never the POST again. */
TEST(test_resumed_conversion_only_looks)
{
	struct convert c = {0};
	cJSON *d = test_json("{'person': {'name': 'Pam'}}");
	convert_resume(&c, 7, d, NULL, NULL);
	CHECK_INT(c.state, CONVERT_UNKNOWN);
	CHECK(!convert_busy(&c));
	struct api_request *req = convert_recheck(&c);
	CHECK_STR(req->path, "/leads/search");
	api_request_free(req);
	CHECK(answer(&c, ok("[{'id': 7, 'converted_contact_id': 31, 'converted_at': 5}]")) == NULL);
	CHECK_INT(c.state, CONVERT_DONE);
	CHECK(c.person_id == 31);
	convert_clear(&c);
	cJSON_Delete(d);
}
