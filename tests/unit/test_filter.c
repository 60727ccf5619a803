/* Unit tests: filter.c, the filter line and its completion */
#include "config.h"

#include "model/filter.h"
#include "copper/lookups.h"
#include "testlib.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 2026-03-15 12:00:00 UTC, a Sunday */
#define NOW 1773576000
#define ME 137658

/* Look-up data shaped like the reference's examples. */
static const char *const fixtures[LOOKUP_COUNT] = {
	[LOOKUP_USERS] = "[{\"id\":137658,\"name\":\"John Doe\",\"email\":\"johndoe@copper.com\"},"
		"{\"id\":159258,\"name\":\"Jane Smith\",\"email\":\"janesmith@copper.com\"},"
		"{\"id\":200001,\"name\":\"Janet Jackson\",\"email\":\"janet@copper.com\"}]",
	[LOOKUP_PIPELINES] = "[{\"id\":213214,\"name\":\"Sales\",\"stages\":["
		"{\"id\":987790,\"name\":\"Qualified\",\"win_probability\":5},"
		"{\"id\":987791,\"name\":\"Follow-up\",\"win_probability\":10},"
		"{\"id\":987792,\"name\":\"Presentation\",\"win_probability\":20},"
		"{\"id\":987799,\"name\":\"Proposal\",\"win_probability\":30},"
		"{\"id\":987793,\"name\":\"Contract Sent\",\"win_probability\":40},"
		"{\"id\":987794,\"name\":\"Negotiation\",\"win_probability\":80}],"
		"\"type\":\"opportunity\",\"is_revenue\":false},"
		"{\"id\":213215,\"name\":\"Business Development\",\"stages\":["
		"{\"id\":987795,\"name\":\"First Meeting\",\"win_probability\":10},"
		"{\"id\":987796,\"name\":\"Partner Meeting\",\"win_probability\":25},"
		"{\"id\":987797,\"name\":\"Negotiation\",\"win_probability\":50},"
		"{\"id\":987798,\"name\":\"Term Sheet\",\"win_probability\":75}],"
		"\"type\":\"opportunity\",\"is_revenue\":false}]",
	[LOOKUP_LEAD_STATUSES] = "[{\"id\":208231,\"name\":\"New\",\"order\":1,\"is_default\":true},"
		"{\"id\":208232,\"name\":\"Open\",\"order\":2,\"is_default\":false},"
		"{\"id\":208233,\"name\":\"Unqualified\",\"order\":3,\"is_default\":false},"
		"{\"id\":208234,\"name\":\"Junk\",\"order\":4,\"is_default\":false}]",
	[LOOKUP_CUSTOMER_SOURCES] = "[{\"id\":331240,\"name\":\"Email\"},{\"id\":331241,\"name\":\"Cold Call\"},"
		"{\"id\":331242,\"name\":\"Advertising\"},{\"id\":331243,\"name\":\"Web\"}]",
	[LOOKUP_CONTACT_TYPES] = "[{\"id\":451490,\"name\":\"Potential Customer\"},"
		"{\"id\":451491,\"name\":\"Current Customer\"},{\"id\":451492,\"name\":\"Uncategorized\"},"
		"{\"id\":451493,\"name\":\"Other\"}]",
	[LOOKUP_LOSS_REASONS] = "[{\"id\":1,\"name\":\"Price\"},{\"id\":2,\"name\":\"Competitor\"},"
		"{\"id\":3,\"name\":\"Timing\"}]",
	[LOOKUP_TAGS] = "[{\"name\":\"Apples\",\"count\":5},{\"name\":\"Bananas\",\"count\":2},"
		"{\"name\":\"vip\",\"count\":9}]",
	[LOOKUP_CUSTOM_FIELDS] = "["
		"{\"id\":3,\"name\":\"Region\",\"canonical_name\":null,\"data_type\":\"Dropdown\","
		"\"available_on\":[\"lead\",\"person\",\"company\",\"opportunity\",\"project\",\"task\"],"
		"\"options\":[{\"id\":1,\"name\":\"East\",\"rank\":0},{\"id\":2,\"name\":\"West\",\"rank\":1}]},"
		"{\"id\":10,\"name\":\"Products\",\"data_type\":\"MultiSelect\","
		"\"available_on\":[\"lead\",\"opportunity\"],"
		"\"options\":[{\"id\":3,\"name\":\"Widgets\",\"rank\":0},{\"id\":4,\"name\":\"Gadgets\",\"rank\":1}]},"
		"{\"id\":4,\"name\":\"Renewal Date\",\"data_type\":\"Date\",\"available_on\":[\"opportunity\"]},"
		"{\"id\":5,\"name\":\"Signed\",\"data_type\":\"Checkbox\",\"available_on\":[\"opportunity\"]},"
		"{\"id\":6,\"name\":\"Score\",\"data_type\":\"Float\",\"available_on\":[\"opportunity\"]},"
		"{\"id\":8,\"name\":\"Discount\",\"data_type\":\"Percentage\",\"available_on\":[\"opportunity\"]},"
		"{\"id\":9,\"name\":\"Budget\",\"data_type\":\"Currency\",\"available_on\":[\"opportunity\"]},"
		"{\"id\":1,\"name\":\"Notes\",\"data_type\":\"String\",\"available_on\":[\"opportunity\"]},"
		"{\"id\":7,\"name\":\"Website\",\"data_type\":\"URL\",\"available_on\":[\"opportunity\"]},"
		"{\"id\":11,\"name\":\"Deal Type\",\"data_type\":\"Dropdown\",\"available_on\":[\"opportunity\"],"
		"\"options\":[{\"id\":5,\"name\":\"New Business\"},{\"id\":6,\"name\":\"Renewal\"}]}]",
};

static struct lookups *loaded;

static struct lookups *make_lookups(void)
{
	struct lookups *l = lookups_new((struct api_sender){0}, NULL, 0);
	for (int i = 0; i < LOOKUP_COUNT; i++) {
		if (!fixtures[i])
			continue;
		struct api_result r = { .owner = 0, .generation = 1, .tag = i, .kind = API_LOOKUP };
		r.json = cJSON_Parse(fixtures[i]);
		CHECK(r.json != NULL);
		CHECK(lookups_on_result(l, &r));
		cJSON_Delete(r.json);
	}
	return l;
}

static struct filter_context ctx_for(enum entity e)
{
	return (struct filter_context){ loaded, e, ME, NOW };
}

static void expect_body(int line, const struct filter_context *ctx, const char *text, const char *want)
{
	char *err = NULL;
	cJSON *got = filter_parse(text, ctx, &err), *w = cJSON_Parse(want);
	if (!w)
		test_fail(__FILE__, line, "bad expected JSON %s", want);
	else if (!got)
		test_fail(__FILE__, line, "'%s' failed: %s", text, err ? err : "(no message)");
	else if (!cJSON_Compare(got, w, true)) {
		char *g = cJSON_PrintUnformatted(got);
		test_fail(__FILE__, line, "'%s' gave %s, expected %s", text, g, want);
		free(g);
	}
	if (got && err)
		test_fail(__FILE__, line, "'%s' set an error with a body", text);
	cJSON_Delete(got);
	cJSON_Delete(w);
	free(err);
}

static void expect_error(int line, const struct filter_context *ctx, const char *text, const char *want)
{
	char *err = NULL;
	cJSON *got = filter_parse(text, ctx, &err);
	if (got) {
		char *g = cJSON_PrintUnformatted(got);
		test_fail(__FILE__, line, "'%s' gave %s, expected error \"%s\"", text, g, want);
		free(g);
	} else if (!err || strcmp(err, want)) {
		test_fail(__FILE__, line, "'%s' error is \"%s\", expected \"%s\"", text, err ? err : "(null)", want);
	}
	cJSON_Delete(got);
	free(err);
}

#define BODY(e, text, json) do { struct filter_context c_ = ctx_for(e); \
	expect_body(__LINE__, &c_, text, json); } while (0)
#define ERR(e, text, msg) do { struct filter_context c_ = ctx_for(e); \
	expect_error(__LINE__, &c_, text, msg); } while (0)

/* ---- basics ------------------------------------------------------------- */

static void test_empty_and_free_words(void)
{
	BODY(ENT_PEOPLE, "", "{}");
	BODY(ENT_PEOPLE, "   \t\n ", "{}");
	struct filter_context c = ctx_for(ENT_PEOPLE);
	char *err = NULL;
	cJSON *j = filter_parse(NULL, &c, &err);
	CHECK(j && cJSON_GetArraySize(j) == 0 && !err);
	cJSON_Delete(j);
	BODY(ENT_COMPANIES, "acme", "{\"name\":\"acme\"}");
	BODY(ENT_COMPANIES, "acme   corp", "{\"name\":\"acme corp\"}");
	BODY(ENT_COMPANIES, "\"acme  corp\"", "{\"name\":\"acme  corp\"}");
	BODY(ENT_LEADS, "name:acme corp", "{\"name\":\"acme corp\"}");
	BODY(ENT_OPPORTUNITIES, "NAME:\"25 Office Chairs (sample)\"", "{\"name\":\"25 Office Chairs (sample)\"}");
	BODY(ENT_PROJECTS, "name:\"say \\\"hi\\\"\"", "{\"name\":\"say \\\"hi\\\"\"}");
	BODY(ENT_PROJECTS, "\"\"", "{}");
	ERR(ENT_TASKS, "call", "call: tasks cannot be searched by name (the API has no name filter for tasks); "
	    "keys: owner, tag, status, due, created, modified, followed, cf");
}

static void test_filter_keys(void)
{
	static const char *const want[ENT_COUNT] = {
		"name owner tag type company city state zip country interactions created contacted followed cf",
		"name owner tag type city state zip country interactions created contacted followed cf",
		"name owner tag status source city state zip country value interactions created modified "
		"contacted followed cf",
		"name owner tag status stage pipeline source loss priority company value interactions closes "
		"created modified contacted followed cf",
		"name owner tag status created modified followed cf",
		"owner tag status due created modified followed cf",
	};
	for (int e = 0; e < ENT_COUNT; e++) {
		struct strbuf sb = { 0 };
		for (const char *const *k = filter_keys((enum entity)e); *k; k++)
			sb_printf(&sb, "%s%s", sb.len ? " " : "", *k);
		CHECK_STR(sb.data, want[e]);
		sb_free(&sb);
	}
	CHECK(filter_keys(ENT_COUNT)[0] == NULL);
}

/* ---- keys, entity by entity -------------------------------------------- */

/* Every listed key works for its entity; every other key is refused. */
static void test_every_key(void)
{
	static const char *const samples[][2] = {
		{ "name", "x" }, { "owner", "me" }, { "tag", "vip" }, { "status", "open" }, { "stage", "proposal" },
		{ "pipeline", "sales" }, { "type", "other" }, { "source", "web" }, { "loss", "price" },
		{ "priority", "high" }, { "company", "3" }, { "city", "x" }, { "state", "x" }, { "zip", "x" },
		{ "country", "us" }, { "value", "5" }, { "interactions", "5" }, { "closes", "today" },
		{ "due", "today" }, { "created", "today" }, { "modified", "today" }, { "contacted", "today" },
		{ "followed", "yes" }, { "cf", "Region=East" },
	};
	for (int e = 0; e < ENT_COUNT; e++) {
		struct filter_context c = ctx_for((enum entity)e);
		for (size_t i = 0; i < ARRAY_SIZE(samples); i++) {
			bool listed = false;
			for (const char *const *k = filter_keys((enum entity)e); *k; k++)
				listed |= !strcmp(*k, samples[i][0]);
			char *text = xasprintf("%s:%s", samples[i][0], samples[i][1]), *err = NULL;
			cJSON *j = filter_parse(text, &c, &err);
			if (listed && (!j || !cJSON_GetArraySize(j)))
				test_fail(__FILE__, __LINE__, "%s for %s: %s", text, entity_path((enum entity)e), err);
			if (!listed && (j || !strstr(err, "does not apply")))
				test_fail(__FILE__, __LINE__, "%s accepted for %s", text, entity_path((enum entity)e));
			cJSON_Delete(j);
			free(err);
			free(text);
		}
	}
}

static void test_header_examples(void)
{
	BODY(ENT_OPPORTUNITIES, "owner:me stage:Proposal tag:vip value>=10k status:open",
	     "{\"assignee_ids\":[137658],\"pipeline_stage_ids\":[987799],\"tags\":[\"vip\"],"
	     "\"minimum_monetary_value\":10000,\"status_ids\":[0]}");
	BODY(ENT_PEOPLE, "city:Boston type:\"Current Customer\" owner:\"Jane Smith\"",
	     "{\"city\":\"Boston\",\"contact_type_ids\":[451491],\"assignee_ids\":[159258]}");
	BODY(ENT_OPPORTUNITIES, "closes:<30d cf:\"Deal Type\"=Renewal \"Region\":West acme corp",
	     "{\"minimum_close_date\":1773576000,\"maximum_close_date\":1776168000,\"custom_fields\":["
	     "{\"custom_field_definition_id\":11,\"value\":[6]},{\"custom_field_definition_id\":3,\"value\":[2]}],"
	     "\"name\":\"acme corp\"}");
	ERR(ENT_OPPORTUNITIES, "stage:Proposal city:Boston", "city:Boston: 'city' does not apply to opportunities "
	    "(keys for opportunities: name, owner, tag, status, stage, pipeline, source, loss, priority, company, "
	    "value, interactions, closes, created, modified, contacted, followed, cf)");
}

static void test_people(void)
{
	BODY(ENT_PEOPLE, "owner:me", "{\"assignee_ids\":[137658]}");
	BODY(ENT_PEOPLE, "owner:none", "{\"assignee_ids\":[-2]}");
	BODY(ENT_PEOPLE, "owner:\"Jane Smith\"", "{\"assignee_ids\":[159258]}");
	BODY(ENT_PEOPLE, "owner:JANESMITH@copper.com", "{\"assignee_ids\":[159258]}");
	BODY(ENT_PEOPLE, "owner:159258", "{\"assignee_ids\":[159258]}");
	BODY(ENT_PEOPLE, "tag:vip", "{\"tags\":[\"vip\"]}");
	BODY(ENT_PEOPLE, "type:\"Potential Customer\"", "{\"contact_type_ids\":[451490]}");
	BODY(ENT_PEOPLE, "company:3", "{\"company_ids\":[3]}");
	BODY(ENT_PEOPLE, "company:none", "{\"company_ids\":[-2]}");
	BODY(ENT_PEOPLE, "city:Boston state:MA zip:02108 country:us",
	     "{\"city\":\"Boston\",\"state\":\"MA\",\"postal_code\":\"02108\",\"country\":\"US\"}");
	BODY(ENT_PEOPLE, "city:\"San Francisco\"", "{\"city\":\"San Francisco\"}");
	BODY(ENT_PEOPLE, "followed:yes", "{\"followed\":1}");
	BODY(ENT_PEOPLE, "followed:no", "{\"followed\":2}");
	BODY(ENT_PEOPLE, "interactions>2", "{\"minimum_interaction_count\":3}");
	BODY(ENT_PEOPLE, "contacted:<7d",
	     "{\"minimum_interaction_date\":1772971200,\"maximum_interaction_date\":1773576000}");
	BODY(ENT_PEOPLE, "created:2026-01-01",
	     "{\"minimum_created_date\":1767225600,\"maximum_created_date\":1767311999}");
	ERR(ENT_PEOPLE, "modified:today", "modified:today: 'modified' does not apply to people (keys for people: "
	    "name, owner, tag, type, company, city, state, zip, country, interactions, created, contacted, "
	    "followed, cf)");
}

static void test_companies(void)
{
	BODY(ENT_COMPANIES, "owner:me type:other city:Scranton",
	     "{\"assignee_ids\":[137658],\"contact_type_ids\":[451493],\"city\":\"Scranton\"}");
	BODY(ENT_COMPANIES, "zip:18501 country:CA interactions:0 followed:true",
	     "{\"postal_code\":\"18501\",\"country\":\"CA\",\"minimum_interaction_count\":0,"
	     "\"maximum_interaction_count\":0,\"followed\":1}");
	BODY(ENT_COMPANIES, "contacted>30d created:2026", "{\"maximum_interaction_date\":1770984000,"
	     "\"minimum_created_date\":1767225600,\"maximum_created_date\":1798761599}");
	ERR(ENT_COMPANIES, "company:3", "company:3: 'company' does not apply to companies (keys for companies: "
	    "name, owner, tag, type, city, state, zip, country, interactions, created, contacted, followed, cf)");
}

static void test_leads(void)
{
	BODY(ENT_LEADS, "status:Unqualified", "{\"status_ids\":[208233]}");
	BODY(ENT_LEADS, "status:open", "{\"status_ids\":[208232]}");
	BODY(ENT_LEADS, "source:\"Cold Call\" source:web", "{\"customer_source_ids\":[331241,331243]}");
	BODY(ENT_LEADS, "value>=2500 value<=5k",
	     "{\"minimum_monetary_value\":2500,\"maximum_monetary_value\":5000}");
	BODY(ENT_LEADS, "modified>2026-03-01", "{\"minimum_modified_date\":1772409600}");
	BODY(ENT_LEADS, "city:Philadelphia tag:Apples owner:none interactions<3 followed:no",
	     "{\"city\":\"Philadelphia\",\"tags\":[\"Apples\"],\"assignee_ids\":[-2],"
	     "\"maximum_interaction_count\":2,\"followed\":2}");
	ERR(ENT_LEADS, "source:none", "source:none: no customer source named 'none' (customer sources: Email, "
	    "Cold Call, Advertising, Web)");
	ERR(ENT_LEADS, "stage:Qualified", "stage:Qualified: 'stage' does not apply to leads (keys for leads: "
	    "name, owner, tag, status, source, city, state, zip, country, value, interactions, created, "
	    "modified, contacted, followed, cf)");
}

static void test_opportunities(void)
{
	BODY(ENT_OPPORTUNITIES, "owner:me stage:\"Proposal\" tag:vip value>10000 status:open",
	     "{\"assignee_ids\":[137658],\"pipeline_stage_ids\":[987799],\"tags\":[\"vip\"],"
	     "\"minimum_monetary_value\":10000.01,\"status_ids\":[0]}");
	BODY(ENT_OPPORTUNITIES, "status:won status:Lost status:abandoned", "{\"status_ids\":[1,2,3]}");
	/* a stage name in two pipelines means both */
	BODY(ENT_OPPORTUNITIES, "stage:negotiation", "{\"pipeline_stage_ids\":[987794,987797]}");
	BODY(ENT_OPPORTUNITIES, "stage:Qualified stage:\"term sheet\"", "{\"pipeline_stage_ids\":[987790,987798]}");
	BODY(ENT_OPPORTUNITIES, "pipeline:sales", "{\"pipeline_ids\":[213214]}");
	BODY(ENT_OPPORTUNITIES, "pipeline:\"Business Development\" pipeline:Sales",
	     "{\"pipeline_ids\":[213215,213214]}");
	BODY(ENT_OPPORTUNITIES, "source:Web source:none", "{\"customer_source_ids\":[331243,-2]}");
	BODY(ENT_OPPORTUNITIES, "loss:price loss:none", "{\"loss_reason_ids\":[1,-2]}");
	BODY(ENT_OPPORTUNITIES, "priority:high priority:None", "{\"priorities\":[\"High\",\"None\"]}");
	BODY(ENT_OPPORTUNITIES, "company:3 company:4", "{\"company_ids\":[3,4]}");
	BODY(ENT_OPPORTUNITIES, "interactions>=2 interactions<=2",
	     "{\"minimum_interaction_count\":2,\"maximum_interaction_count\":2}");
	BODY(ENT_OPPORTUNITIES, "modified:today created:yesterday followed:yes",
	     "{\"minimum_modified_date\":1773532800,\"maximum_modified_date\":1773619199,"
	     "\"minimum_created_date\":1773446400,\"maximum_created_date\":1773532799,\"followed\":1}");
	BODY(ENT_OPPORTUNITIES, "contacted:2026-03", "{\"minimum_interaction_date\":1772323200,"
	     "\"maximum_interaction_date\":1775001599}");
	ERR(ENT_OPPORTUNITIES, "company:none", "company:none: expected a company id like company:12345 "
	    "(company names are not supported)");
	ERR(ENT_OPPORTUNITIES, "company:Acme", "company:Acme: expected a company id like company:12345 "
	    "(company names are not supported)");
	ERR(ENT_OPPORTUNITIES, "city:Boston", "city:Boston: 'city' does not apply to opportunities (keys for "
	    "opportunities: name, owner, tag, status, stage, pipeline, source, loss, priority, company, value, "
	    "interactions, closes, created, modified, contacted, followed, cf)");
}

static void test_projects_and_tasks(void)
{
	BODY(ENT_PROJECTS, "status:open status:completed owner:me",
	     "{\"statuses\":[\"Open\",\"Completed\"],\"assignee_ids\":[137658]}");
	BODY(ENT_PROJECTS, "name:\"Customize Your New CRM\" tag:bananas modified<2026-02-01 followed:no",
	     "{\"name\":\"Customize Your New CRM\",\"tags\":[\"Bananas\"],\"maximum_modified_date\":1769903999,"
	     "\"followed\":2}");
	BODY(ENT_TASKS, "status:Completed", "{\"statuses\":[\"Completed\"]}");
	BODY(ENT_TASKS, "status:o", "{\"statuses\":[\"Open\"]}");
	BODY(ENT_TASKS, "due:<7d owner:\"janet jackson\"", "{\"minimum_due_date\":1773576000,"
	     "\"maximum_due_date\":1774180800,\"assignee_ids\":[200001]}");
	BODY(ENT_TASKS, "due:overdue", "{\"maximum_due_date\":1773532799}");
	BODY(ENT_TASKS, "due:today created>=2026-03-01 modified:<2w",
	     "{\"minimum_due_date\":1773532800,\"maximum_due_date\":1773619199,"
	     "\"minimum_created_date\":1772323200,\"minimum_modified_date\":1772366400,"
	     "\"maximum_modified_date\":1773576000}");
	ERR(ENT_TASKS, "status:won", "status:won: no status named 'won' (statuses: Open, Completed)");
	ERR(ENT_TASKS, "priority:high", "priority:high: 'priority' does not apply to tasks (keys for tasks: "
	    "owner, tag, status, due, created, modified, followed, cf)");
	ERR(ENT_PROJECTS, "value>5", "value>5: 'value' does not apply to projects (keys for projects: "
	    "name, owner, tag, status, created, modified, followed, cf)");
}

/* ---- combining --------------------------------------------------------- */

static void test_any_of_and_all(void)
{
	BODY(ENT_PEOPLE, "tag:vip tag:apples tag:VIP", "{\"tags\":[\"vip\",\"Apples\"]}");
	BODY(ENT_PEOPLE, "owner:me owner:\"Jane Smith\" owner:me", "{\"assignee_ids\":[137658,159258]}");
	BODY(ENT_PEOPLE, "type:potential type:current", "{\"contact_type_ids\":[451490,451491]}");
	BODY(ENT_OPPORTUNITIES, "acme owner:me big tag:vip",
	     "{\"name\":\"acme big\",\"assignee_ids\":[137658],\"tags\":[\"vip\"]}");
	BODY(ENT_PEOPLE, "city:Boston city:Boston", "{\"city\":\"Boston\"}");
	BODY(ENT_PEOPLE, "followed:yes followed:y", "{\"followed\":1}");
	ERR(ENT_PEOPLE, "city:Boston city:Austin",
	    "city:Austin: conflicts with an earlier term (the search takes a single 'city')");
	ERR(ENT_PEOPLE, "followed:yes followed:no",
	    "followed:no: conflicts with an earlier term (the search takes a single 'followed')");
	ERR(ENT_LEADS, "value>10 value>20",
	    "value>20: conflicts with an earlier term (the search takes a single 'minimum_monetary_value')");
	ERR(ENT_LEADS, "value>100 value<50",
	    "value<50: no record can match: minimum_monetary_value would be above maximum_monetary_value");
	ERR(ENT_OPPORTUNITIES, "closes:2026-12 closes<2026-06",
	    "closes<2026-06: conflicts with an earlier term (the search takes a single 'maximum_close_date')");
}

/* ---- names -------------------------------------------------------------- */

static void test_name_resolution(void)
{
	BODY(ENT_OPPORTUNITIES, "stage:PROPOSAL", "{\"pipeline_stage_ids\":[987799]}");      /* exact */
	BODY(ENT_OPPORTUNITIES, "stage:contr", "{\"pipeline_stage_ids\":[987793]}");         /* prefix */
	BODY(ENT_OPPORTUNITIES, "stage:neg", "{\"pipeline_stage_ids\":[987794,987797]}");    /* one name */
	BODY(ENT_OPPORTUNITIES, "stage:sheet", "{\"pipeline_stage_ids\":[987798]}");         /* a word */
	BODY(ENT_PEOPLE, "owner:smith", "{\"assignee_ids\":[159258]}");
	BODY(ENT_PEOPLE, "owner:\"jane s\"", "{\"assignee_ids\":[159258]}");
	BODY(ENT_PEOPLE, "tag:ban", "{\"tags\":[\"Bananas\"]}");
	ERR(ENT_PEOPLE, "owner:jane", "owner:jane: 'jane' matches several users: Jane Smith, Janet Jackson");
	ERR(ENT_PEOPLE, "type:customer",
	    "type:customer: 'customer' matches several contact types: Potential Customer, Current Customer");
	ERR(ENT_OPPORTUNITIES, "stage:p",
	    "stage:p: 'p' matches several stages: Presentation, Proposal, Partner Meeting");
	ERR(ENT_OPPORTUNITIES, "stage:Foo", "stage:Foo: no stage named 'Foo' (stages: Qualified, Follow-up, "
	    "Presentation, Proposal, Contract Sent, ...)");
	ERR(ENT_OPPORTUNITIES, "owner:Zed", "owner:Zed: no user named 'Zed' (users: John Doe, Jane Smith, "
	    "Janet Jackson)");
	ERR(ENT_OPPORTUNITIES, "tag:pears", "tag:pears: no tag named 'pears' (tags: Apples, Bananas, vip)");
	ERR(ENT_OPPORTUNITIES, "loss:x", "loss:x: no loss reason named 'x' (loss reasons: Price, Competitor, "
	    "Timing)");
	ERR(ENT_OPPORTUNITIES, "priority:urgent", "priority:urgent: no priority named 'urgent' (priorities: "
	    "None, Low, Medium, High)");
	ERR(ENT_OPPORTUNITIES, "status:closed", "status:closed: no status named 'closed' (statuses: Open, Won, "
	    "Lost, Abandoned)");
	ERR(ENT_OPPORTUNITIES, "pipeline:x", "pipeline:x: no pipeline named 'x' (pipelines: Sales, "
	    "Business Development)");
}

static void test_lookups_missing(void)
{
	struct filter_context c = { NULL, ENT_OPPORTUNITIES, ME, NOW };
	expect_body(__LINE__, &c, "owner:me owner:none tag:anything stage:7 value>=1k",
		    "{\"assignee_ids\":[137658,-2],\"tags\":[\"anything\"],\"pipeline_stage_ids\":[7],"
		    "\"minimum_monetary_value\":1000}");
	expect_body(__LINE__, &c, "status:won priority:low", "{\"status_ids\":[1],\"priorities\":[\"Low\"]}");
	expect_error(__LINE__, &c, "owner:Jane",
		     "owner:Jane: cannot resolve 'Jane': the users are not loaded yet; try again in a moment");
	expect_error(__LINE__, &c, "stage:Proposal",
		     "stage:Proposal: cannot resolve 'Proposal': the stages are not loaded yet; try again in a moment");
	expect_error(__LINE__, &c, "cf:Region=East", "cf:Region=East: cannot resolve 'Region': the custom "
		     "fields are not loaded yet; try again in a moment");
	expect_error(__LINE__, &c, "colour:red", "colour:red: unknown key 'colour' for opportunities (known: "
		     "name, owner, tag, status, stage, pipeline, source, loss, priority, company, value, "
		     "interactions, closes, created, modified, contacted, followed, cf)");
	/* an incomplete set: users only */
	struct lookups *l = lookups_new((struct api_sender){0}, NULL, 0);
	struct api_result r = { .owner = 0, .generation = 1, .tag = LOOKUP_USERS };
	r.json = cJSON_Parse(fixtures[LOOKUP_USERS]);
	lookups_on_result(l, &r);
	cJSON_Delete(r.json);
	c.lookups = l;
	c.entity = ENT_LEADS;
	expect_body(__LINE__, &c, "owner:doe", "{\"assignee_ids\":[137658]}");
	expect_error(__LINE__, &c, "source:web",
		     "source:web: cannot resolve 'web': the customer sources are not loaded yet; try again in a moment");
	expect_error(__LINE__, &c, "status:new",
		     "status:new: cannot resolve 'new': the lead statuses are not loaded yet; try again in a moment");
	c.me_id = 0;
	expect_error(__LINE__, &c, "owner:me", "owner:me: the API user is not known yet; try again in a moment");
	/* GET /tags?tag_names_only=true gives plain strings */
	r = (struct api_result){ .owner = 0, .generation = 1, .tag = LOOKUP_TAGS };
	r.json = cJSON_Parse("[\"Apples\",\"Bananas\"]");
	lookups_on_result(l, &r);
	cJSON_Delete(r.json);
	expect_body(__LINE__, &c, "tag:apples tag:ban", "{\"tags\":[\"Apples\",\"Bananas\"]}");
	expect_error(__LINE__, &c, "tag:x", "tag:x: no tag named 'x' (tags: Apples, Bananas)");
	lookups_free(l);
}

/* ---- dates and numbers ------------------------------------------------- */

static void test_dates(void)
{
	const enum entity o = ENT_OPPORTUNITIES;
	BODY(o, "closes:<30d", "{\"minimum_close_date\":1773576000,\"maximum_close_date\":1776168000}");
	BODY(o, "closes:30d", "{\"minimum_close_date\":1773576000,\"maximum_close_date\":1776168000}");
	BODY(o, "closes<=2w", "{\"minimum_close_date\":1773576000,\"maximum_close_date\":1774785600}");
	BODY(o, "closes:>7d", "{\"minimum_close_date\":1774180800}");
	BODY(o, "closes>=7d", "{\"minimum_close_date\":1774180800}");
	BODY(o, "closes:2026-12", "{\"minimum_close_date\":1796083200,\"maximum_close_date\":1798761599}");
	BODY(o, "closes:2026-12-31", "{\"minimum_close_date\":1798675200,\"maximum_close_date\":1798761599}");
	BODY(o, "closes:2026-1-5", "{\"minimum_close_date\":1767571200,\"maximum_close_date\":1767657599}");
	BODY(o, "closes:2026", "{\"minimum_close_date\":1767225600,\"maximum_close_date\":1798761599}");
	BODY(o, "closes:2024-02-29", "{\"minimum_close_date\":1709164800,\"maximum_close_date\":1709251199}");
	BODY(o, "closes>2026-01-01", "{\"minimum_close_date\":1767312000}");
	BODY(o, "closes>=2026-01-01", "{\"minimum_close_date\":1767225600}");
	BODY(o, "closes<2026-02-01", "{\"maximum_close_date\":1769903999}");
	BODY(o, "closes<=2026-02-01", "{\"maximum_close_date\":1769990399}");
	BODY(o, "closes:>2026-12", "{\"minimum_close_date\":1798761600}");
	BODY(o, "closes>2026-01-01 closes<2026-02-01",
	     "{\"minimum_close_date\":1767312000,\"maximum_close_date\":1769903999}");
	BODY(o, "closes:2026-01..2026-03", "{\"minimum_close_date\":1767225600,\"maximum_close_date\":1775001599}");
	BODY(o, "closes:today..2026-03-16", "{\"minimum_close_date\":1773532800,\"maximum_close_date\":1773705599}");
	BODY(o, "closes:overdue", "{\"maximum_close_date\":1773532799}");
	BODY(o, "closes:tomorrow", "{\"minimum_close_date\":1773619200,\"maximum_close_date\":1773705599}");
	BODY(o, "created:<30d", "{\"minimum_created_date\":1770984000,\"maximum_created_date\":1773576000}");
	BODY(o, "created:>1w", "{\"maximum_created_date\":1772971200}");
	BODY(o, "created>2026-01-01", "{\"minimum_created_date\":1767312000}");
	ERR(o, "closes:2026-13", "closes:2026-13: '2026-13' is not a valid date");
	ERR(o, "closes:2026-02-29", "closes:2026-02-29: '2026-02-29' is not a valid date");
	ERR(o, "closes:2100-02-29", "closes:2100-02-29: '2100-02-29' is not a valid date");
	ERR(o, "closes:2026-04-31", "closes:2026-04-31: '2026-04-31' is not a valid date");
	ERR(o, "closes:1969-12-31", "closes:1969-12-31: '1969-12-31' is not a valid date");
	ERR(o, "closes:2026-00", "closes:2026-00: '2026-00' is not a valid date");
	ERR(o, "closes:soon", "closes:soon: expected a date like 2026-12-31, 2026-12, today, 30d or overdue");
	ERR(o, "closes:12/31/2026", "closes:12/31/2026: expected a date like 2026-12-31, 2026-12, today, 30d "
	    "or overdue");
	ERR(o, "closes:2026-12-", "closes:2026-12-: expected a date like 2026-12-31, 2026-12, today, 30d or overdue");
	ERR(o, "created:soon", "created:soon: expected a date like 2026-12-31, 2026-12, today or 30d");
	ERR(o, "created:overdue", "created:overdue: 'overdue' is only for closes:overdue and due:overdue");
	ERR(o, "closes<overdue", "closes<overdue: 'overdue' is only for closes:overdue and due:overdue");
	ERR(o, "closes:2026-03..2026-01", "closes:2026-03..2026-01: the range ends before it starts");
	ERR(o, "closes:2026-03..soon", "closes:2026-03..soon: expected a range of dates like "
	    "2026-01-01..2026-03-31");
	ERR(o, "closes>2026-01..2026-03", "closes>2026-01..2026-03: a range A..B takes ':' "
	    "(e.g. created:2026-01..2026-03)");
	ERR(o, "closes>2026-06 closes<2026-05",
	    "closes<2026-05: no record can match: minimum_close_date would be above maximum_close_date");
}

static void test_local_time(void)
{
	/* dates are local: at UTC+2 a day starts two hours before UTC's */
	setenv("TZ", "XST-2", 1);
	tzset();
	BODY(ENT_OPPORTUNITIES, "closes:2026-12-31",
	     "{\"minimum_close_date\":1798668000,\"maximum_close_date\":1798754399}");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void test_numbers(void)
{
	const enum entity o = ENT_OPPORTUNITIES;
	/* Copper's bounds include the value: > and < are strict by a cent
	 * (a count by one), >= and <= are the bound itself */
	BODY(o, "value>10k", "{\"minimum_monetary_value\":10000.01}");
	BODY(o, "value>=10k", "{\"minimum_monetary_value\":10000}");
	BODY(o, "value>1.5m", "{\"minimum_monetary_value\":1500000.01}");
	BODY(o, "value>10,000", "{\"minimum_monetary_value\":10000.01}");
	BODY(o, "value<$2,500.50", "{\"maximum_monetary_value\":2500.49}");
	BODY(o, "value<=$2,500.50", "{\"maximum_monetary_value\":2500.5}");
	BODY(o, "value:75000", "{\"minimum_monetary_value\":75000,\"maximum_monetary_value\":75000}");
	BODY(o, "value:>=0.3K", "{\"minimum_monetary_value\":300}");
	BODY(o, "value<2B", "{\"maximum_monetary_value\":1999999999.99}");
	BODY(o, "value<0.1", "{\"maximum_monetary_value\":0.09}");
	BODY(o, "interactions:>1k", "{\"minimum_interaction_count\":1001}");
	BODY(o, "interactions:<5", "{\"maximum_interaction_count\":4}");
	BODY(o, "interactions:<=5", "{\"maximum_interaction_count\":5}");
	ERR(o, "value>abc", "value>abc: expected a number like 10000 or 10k");
	ERR(o, "value>10kk", "value>10kk: expected a number like 10000 or 10k");
	ERR(o, "value>-5", "value>-5: expected a number like 10000 or 10k");
	ERR(o, "value>1.2.3", "value>1.2.3: expected a number like 10000 or 10k");
	ERR(o, "value>,5", "value>,5: expected a number like 10000 or 10k");
	ERR(o, "value>1234567890123456", "value>1234567890123456: expected a number like 10000 or 10k");
	ERR(o, "interactions>1.5", "interactions>1.5: expected a whole number like 5");
	ERR(o, "interactions>999999999999999b", "interactions>999999999999999b: expected a whole number like 5");
}

/* ---- custom fields ------------------------------------------------------ */

static void test_custom_fields(void)
{
	const enum entity o = ENT_OPPORTUNITIES;
	BODY(o, "cf:Region=East", "{\"custom_fields\":[{\"custom_field_definition_id\":3,\"value\":[1]}]}");
	BODY(o, "\"Region\":west cf:region=east",
	     "{\"custom_fields\":[{\"custom_field_definition_id\":3,\"value\":[2,1]}]}");
	BODY(o, "cf:Region=none", "{\"custom_fields\":[{\"custom_field_definition_id\":3,\"allow_empty\":true}]}");
	BODY(o, "cf:\"Deal Type\"=renewal", "{\"custom_fields\":[{\"custom_field_definition_id\":11,"
	     "\"value\":[6]}]}");
	BODY(o, "\"Products\":gadgets \"Products\":Widgets", "{\"custom_fields\":[{"
	     "\"custom_field_definition_id\":10,\"value\":[4,3],\"option\":\"ANY\"}]}");
	BODY(o, "\"Renewal Date\":2026-12", "{\"custom_fields\":[{\"custom_field_definition_id\":4,"
	     "\"minimum_value\":1796083200,\"maximum_value\":1798761599}]}");
	BODY(o, "cf:\"Renewal Date\">=2026-12-31", "{\"custom_fields\":[{\"custom_field_definition_id\":4,"
	     "\"minimum_value\":1798675200}]}");
	BODY(o, "cf:Signed=yes", "{\"custom_fields\":[{\"custom_field_definition_id\":5,\"value\":true}]}");
	BODY(o, "\"signed\":no", "{\"custom_fields\":[{\"custom_field_definition_id\":5,\"value\":false}]}");
	/* a custom number can hold any value: > is strict by the next double */
	BODY(o, "cf:Score>40 cf:Score<=50", "{\"custom_fields\":[{\"custom_field_definition_id\":6,"
	     "\"minimum_value\":40.000000000000007,\"maximum_value\":50}]}");
	BODY(o, "cf:Score>=40", "{\"custom_fields\":[{\"custom_field_definition_id\":6,"
	     "\"minimum_value\":40}]}");
}

static void test_custom_field_errors(void)
{
	const enum entity o = ENT_OPPORTUNITIES;
	BODY(o, "cf:Budget>=500 cf:Discount:25 owner:me",
	     "{\"custom_fields\":[{\"custom_field_definition_id\":9,\"minimum_value\":500},"
	     "{\"custom_field_definition_id\":8,\"minimum_value\":25,\"maximum_value\":25}],"
	     "\"assignee_ids\":[137658]}");
	BODY(ENT_PEOPLE, "cf:reg=west", "{\"custom_fields\":[{\"custom_field_definition_id\":3,\"value\":[2]}]}");
	ERR(o, "cf:Notes=hi", "cf:Notes=hi: custom field 'Notes' (String) cannot be searched: Copper searches "
	    "only dropdown, multi-select, date, checkbox, number, percentage and currency fields");
	ERR(o, "\"Website\":x", "\"Website\":x: custom field 'Website' (URL) cannot be searched: Copper searches "
	    "only dropdown, multi-select, date, checkbox, number, percentage and currency fields");
	ERR(ENT_PEOPLE, "cf:Products=Widgets", "cf:Products=Widgets: no custom field named 'Products' "
	    "(custom fields: Region)");
	ERR(o, "cf:Region=North", "cf:Region=North: no option named 'North' (options: East, West)");
	ERR(o, "cf:Region>East", "cf:Region>East: custom field 'Region' cannot be compared with < or >");
	ERR(o, "cf:Signed=maybe", "cf:Signed=maybe: expected yes or no for checkbox 'Signed'");
	ERR(o, "cf:Score>high", "cf:Score>high: expected a number like 50 or 10k for 'Score'");
	ERR(o, "cf:\"Renewal Date\"<30d", "cf:\"Renewal Date\"<30d: relative dates like 30d do not apply here; "
	    "use a date like 2026-12-31, 2026-12, 2026 or today");
	ERR(o, "cf:Region", "cf:Region: expected cf:\"Field name\"=value");
	ERR(o, "cf>Region", "cf>Region: 'cf' cannot be compared with < or >; use cf:value");
	ERR(o, "\"Nope\":1", "\"Nope\":1: no custom field named 'Nope' (custom fields: Region, "
	    "Products, Renewal Date, Signed, Score, ...)");
	ERR(o, "region:east", "region:east: unknown key 'region' for opportunities (known: name, owner, tag, "
	    "status, stage, pipeline, source, loss, priority, company, value, interactions, closes, created, "
	    "modified, contacted, followed, cf)"); /* a custom field needs cf: or quotes */
	ERR(o, "cf:s=1", "cf:s=1: 's' matches several custom fields: Signed, Score");
}

/* ---- errors ------------------------------------------------------------- */

static void test_syntax_errors(void)
{
	const enum entity o = ENT_OPPORTUNITIES;
	ERR(o, "owner:\"Jane", "owner:\"Jane: unterminated quote");
	ERR(o, "tag:vip \"acme corp", "\"acme corp: unterminated quote");
	ERR(o, ":foo", ":foo: missing key before ':'");
	ERR(o, "\"\":foo", "\"\":foo: missing key before ':'");
	ERR(o, ">5", ">5: missing key before '>'");
	ERR(o, "owner:", "owner:: missing value after 'owner:'");
	ERR(o, "value>=", "value>=: missing value after 'value>='");
	ERR(o, "owner:\"  \"", "owner:\"  \": missing value after 'owner:'");
	ERR(o, "owner>me", "owner>me: 'owner' cannot be compared with < or >; use owner:value");
	ERR(o, "tag:<vip", "tag:<vip: 'tag' cannot be compared with < or >; use tag:value");
	ERR(o, "followed:maybe", "followed:maybe: expected yes or no");
	ERR(ENT_PEOPLE, "country:USA", "country:USA: expected a two-letter country code like US");
	ERR(ENT_PEOPLE, "country:1A", "country:1A: expected a two-letter country code like US");
	ERR(ENT_PEOPLE, "company:-3", "company:-3: expected a company id like company:12345 "
	    "(company names are not supported)");
	ERR(o, "10:30", "10:30: unknown key '10' for opportunities (known: name, owner, tag, status, stage, "
	    "pipeline, source, loss, priority, company, value, interactions, closes, created, modified, "
	    "contacted, followed, cf)");
	/* long terms are cut, control characters never reach the message */
	ERR(o, "colour:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "colour:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...: unknown key 'colour' for "
	    "opportunities (known: name, owner, tag, status, stage, pipeline, source, loss, priority, company, "
	    "value, interactions, closes, created, modified, contacted, followed, cf)");
	struct filter_context c = ctx_for(o);
	char *err = NULL;
	CHECK(!filter_parse("owner:\"\x1b[31mx\x07\"", &c, &err));
	CHECK(err && !strchr(err, '\x1b') && !strchr(err, '\x07'));
	free(err);
	CHECK(!filter_parse("owner:\"x", &c, NULL)); /* no error pointer: still fine */
	c.entity = ENT_COUNT;
	err = NULL;
	CHECK(!filter_parse("x", &c, &err));
	CHECK_STR(err, ": no such entity");
	free(err);
}

/* ---- completion --------------------------------------------------------- */

static char *joined(const char *text, size_t cursor, enum entity e, size_t max, size_t *s, size_t *t)
{
	struct filter_context c = ctx_for(e);
	char **out = NULL;
	size_t n = filter_complete(text, cursor, &c, &out, max, s, t);
	struct strbuf sb = { 0 };
	sb_puts(&sb, "");
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, "%s%s", i ? "|" : "", out[i]);
	CHECK((n == 0) == (out == NULL));
	filter_free_candidates(out, n);
	return sb_detach(&sb);
}

#define COMPLETE(text, cursor, e, want, ws, we) do { size_t s_ = 99, t_ = 99; \
	char *list_ = joined(text, cursor, e, 50, &s_, &t_); \
	CHECK_STR(list_, want); CHECK_INT(s_, ws); CHECK_INT(t_, we); free(list_); } while (0)

static void test_complete_keys(void)
{
	COMPLETE("", 0, ENT_TASKS, "cf:|created:|due:|followed:|modified:|owner:|status:|tag:", 0, 0);
	COMPLETE("c", 1, ENT_OPPORTUNITIES, "cf:|closes:|company:|contacted:|created:", 0, 1);
	COMPLETE("owner:me St", 11, ENT_OPPORTUNITIES, "stage:|status:", 9, 11);
	COMPLETE("owner:me  ", 9, ENT_PEOPLE,
		 "cf:|city:|company:|contacted:|country:|created:|followed:|interactions:|name:|owner:|"
		 "state:|tag:|type:|zip:", 9, 9);
	COMPLETE("zzz", 3, ENT_PEOPLE, "", 0, 3);
	/* at the start of a term: insert before it */
	COMPLETE("tag:vip", 0, ENT_PEOPLE, "cf:|city:|company:|contacted:|country:|created:|followed:|"
		 "interactions:|name:|owner:|state:|tag:|type:|zip:", 0, 0);
	size_t s, t;
	char *got = joined("", 0, ENT_PEOPLE, 3, &s, &t);
	CHECK_STR(got, "cf:|city:|company:");
	free(got);
}

static void test_complete_values(void)
{
	COMPLETE("owner:", 6, ENT_PEOPLE, "owner:\"Jane Smith\"|owner:\"Janet Jackson\"|owner:\"John Doe\"|"
		 "owner:me|owner:none", 0, 6);
	COMPLETE("x owner:ja y", 10, ENT_PEOPLE, "owner:\"Jane Smith\"|owner:\"Janet Jackson\"", 2, 10);
	COMPLETE("owner:\"jane s", 13, ENT_PEOPLE, "owner:\"Jane Smith\"", 0, 13);
	COMPLETE("owner:smi", 9, ENT_PEOPLE, "owner:\"Jane Smith\"", 0, 9);
	COMPLETE("Owner:JO tag:vip", 8, ENT_PEOPLE, "owner:\"John Doe\"", 0, 8);
	/* cursor inside the value: the whole term is replaced */
	COMPLETE("owner:Jxyz", 7, ENT_PEOPLE, "owner:\"Jane Smith\"|owner:\"Janet Jackson\"|owner:\"John Doe\"",
		 0, 10);
	COMPLETE("stage:n", 7, ENT_OPPORTUNITIES, "stage:Negotiation", 0, 7);
	COMPLETE("stage:", 6, ENT_OPPORTUNITIES, "stage:\"Contract Sent\"|stage:\"First Meeting\"|"
		 "stage:Follow-up|stage:Negotiation|stage:\"Partner Meeting\"|stage:Presentation|stage:Proposal|"
		 "stage:Qualified|stage:\"Term Sheet\"", 0, 6);
	COMPLETE("pipeline:b", 10, ENT_OPPORTUNITIES, "pipeline:\"Business Development\"", 0, 10);
	COMPLETE("tag:", 4, ENT_COMPANIES, "tag:Apples|tag:Bananas|tag:vip", 0, 4);
	COMPLETE("status:", 7, ENT_OPPORTUNITIES, "status:Abandoned|status:Lost|status:Open|status:Won", 0, 7);
	COMPLETE("status:", 7, ENT_LEADS, "status:Junk|status:New|status:Open|status:Unqualified", 0, 7);
	COMPLETE("status:c", 8, ENT_TASKS, "status:Completed", 0, 8);
	COMPLETE("type:cu", 7, ENT_PEOPLE, "type:\"Current Customer\"|type:\"Potential Customer\"", 0, 7);
	COMPLETE("source:", 7, ENT_OPPORTUNITIES, "source:Advertising|source:\"Cold Call\"|source:Email|"
		 "source:none|source:Web", 0, 7);
	COMPLETE("loss:t", 6, ENT_OPPORTUNITIES, "loss:Timing", 0, 6);
	COMPLETE("priority:", 9, ENT_OPPORTUNITIES, "priority:High|priority:Low|priority:Medium|priority:None",
		 0, 9);
	COMPLETE("followed:", 9, ENT_PEOPLE, "followed:no|followed:yes", 0, 9);
	COMPLETE("value>", 6, ENT_OPPORTUNITIES, "", 0, 6);
	COMPLETE("colour:r", 8, ENT_OPPORTUNITIES, "", 0, 8);
	COMPLETE("stage:n", 7, ENT_PEOPLE, "", 0, 7);
	COMPLETE("owner:", 99, ENT_PEOPLE, "owner:\"Jane Smith\"|owner:\"Janet Jackson\"|owner:\"John Doe\"|"
		 "owner:me|owner:none", 0, 6);
	/* without look-ups: only what needs none */
	struct filter_context c = { NULL, ENT_OPPORTUNITIES, ME, NOW };
	char **out;
	size_t s, t, n = filter_complete("owner:", 6, &c, &out, 10, &s, &t);
	CHECK_INT(n, 2);
	CHECK_STR(out[0], "owner:me");
	filter_free_candidates(out, n);
}

/* ---- robustness --------------------------------------------------------- */

/* Random bytes, and random strings of the syntax's own pieces. */
static void random_text(char *text, size_t size, int kind)
{
	static const char *const pieces[] = {
		"owner", "stage", "tag", "status", "closes", "due", "created", "value", "interactions", "cf",
		"followed", "country", "company", "\"Region\"", "Region", "Products", "Renewal Date", ":", ":",
		">", "<", ">=", "<=", "=", "\"", "\\", " ", " ", "me", "none", "2026-12", "2026-02-31", "..",
		"30d", "2w", "10k", "1.5m", ",", "$", "overdue", "today", "Jane", "neg", "yes", "\x01", "\xff",
	};
	size_t len = (size_t)rand() % (size - 1), n = 0;
	while (n < len) {
		if (kind) {
			text[n++] = (char)(rand() % 255 + 1);
			continue;
		}
		const char *p = pieces[rand() % (int)ARRAY_SIZE(pieces)];
		for (; *p && n < len; p++)
			text[n++] = *p;
	}
	text[n] = '\0';
}

static void test_random_input(void)
{
	struct filter_context c = ctx_for(ENT_OPPORTUNITIES), bare = { NULL, ENT_TASKS, 0, NOW };
	int bodies = 0;
	srand(12345);
	for (int i = 0; i < 10000; i++) {
		char text[64];
		random_text(text, sizeof(text), i % 2);
		size_t len = strlen(text);
		struct filter_context *x = i % 3 ? &c : &bare;
		x->entity = (enum entity)(i % ENT_COUNT);
		char *err = NULL;
		cJSON *j = filter_parse(text, x, &err);
		CHECK((j != NULL) != (err != NULL));
		CHECK(!j || cJSON_IsObject(j));
		for (const char *e = err; e && *e; e++)
			CHECK((unsigned char)*e >= 0x20);
		bodies += j != NULL;
		cJSON_Delete(j);
		free(err);
		char **out = NULL;
		size_t s = 0, t = 0, n = filter_complete(text, (size_t)rand() % (len + 2), x, &out, 8, &s, &t);
		CHECK(n <= 8 && s <= t && t <= len);
		filter_free_candidates(out, n);
	}
	CHECK(bodies > 100); /* the pieces do make valid filters too */
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	loaded = make_lookups();
	RUN(test_empty_and_free_words);
	RUN(test_filter_keys);
	RUN(test_every_key);
	RUN(test_header_examples);
	RUN(test_people);
	RUN(test_companies);
	RUN(test_leads);
	RUN(test_opportunities);
	RUN(test_projects_and_tasks);
	RUN(test_any_of_and_all);
	RUN(test_name_resolution);
	RUN(test_lookups_missing);
	RUN(test_dates);
	RUN(test_local_time);
	RUN(test_numbers);
	RUN(test_custom_fields);
	RUN(test_custom_field_errors);
	RUN(test_syntax_errors);
	RUN(test_complete_keys);
	RUN(test_complete_values);
	RUN(test_random_input);
	lookups_free(loaded);
	return test_summary();
}
