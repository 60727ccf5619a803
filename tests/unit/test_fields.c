/* Unit tests: fields.c, the detail model (layout keys -> record values) */
#include "config.h"

#include "model/fields.h"
#include "copper/lookups.h"
#include "fixtures.h"
#include "testlib.h"
#include "util/util.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers ------------------------------------------------------------ */

/* fields.c cuts an unexpected value's JSON at 200 bytes and adds U+2026 */
#define UNEXPECTED_CHECK_MAX 204


/* The reference's look-ups (users, pipelines, contact types, customer
 * sources, lead statuses) plus loss reasons, activity types and custom
 * field definitions of every type. */
static struct lookups *reference_lookups(void)
{
	struct lookups *l = lookups_new((struct api_sender){0}, NULL, 0);
	test_feed_lookup(l, LOOKUP_USERS,
	     "[{'id':137658,'name':'John Doe','email':'johndoe@copper.com'},"
	     "{'id':159258,'name':'Jane Smith','email':'janesmith@copper.com'},"
	     "{'id':8589934593,'name':'Big Id','email':'big@copper.com'}]");
	test_feed_lookup(l, LOOKUP_PIPELINES,
	     "[{'id':213214,'name':'Sales','stages':["
	     "{'id':987790,'name':'Qualified','win_probability':5},"
	     "{'id':987791,'name':'Follow-up','win_probability':10},"
	     "{'id':987792,'name':'Presentation','win_probability':20},"
	     "{'id':987793,'name':'Contract Sent','win_probability':40},"
	     "{'id':987794,'name':'Negotiation','win_probability':80}],"
	     "'type':'opportunity','is_revenue':false},"
	     "{'id':213215,'name':'Business Development','stages':["
	     "{'id':987795,'name':'First Meeting','win_probability':10},"
	     "{'id':987796,'name':'Partner Meeting','win_probability':25},"
	     "{'id':987797,'name':'Negotiation','win_probability':50},"
	     "{'id':987798,'name':'Term Sheet','win_probability':75}],"
	     "'type':'opportunity','is_revenue':true}]");
	test_feed_lookup(l, LOOKUP_CONTACT_TYPES,
	     "[{'id':451490,'name':'Potential Customer'},{'id':451491,'name':'Current Customer'},"
	     "{'id':451492,'name':'Uncategorized'},{'id':451493,'name':'Other'}]");
	test_feed_lookup(l, LOOKUP_CUSTOMER_SOURCES,
	     "[{'id':331240,'name':'Email'},{'id':331241,'name':'Cold Call'},"
	     "{'id':331242,'name':'Advertising'}]");
	test_feed_lookup(l, LOOKUP_LEAD_STATUSES,
	     "[{'id':208231,'name':'New','order':1,'is_default':true},"
	     "{'id':208232,'name':'Open','order':2,'is_default':false},"
	     "{'id':208233,'name':'Unqualified','order':3,'is_default':false},"
	     "{'id':208234,'name':'Junk','order':4,'is_default':false}]");
	test_feed_lookup(l, LOOKUP_LOSS_REASONS,
	     "[{'id':55,'name':'Price'},{'id':56,'name':'Went with a competitor'}]");
	test_feed_lookup(l, LOOKUP_ACTIVITY_TYPES,
	     "{'user':[{'id':0,'category':'user','name':'Note','is_disabled':false,'count_as_interaction':false},"
	     "{'id':6,'category':'user','name':'To Do','is_disabled':false,'count_as_interaction':false}],"
	     "'system':[{'id':6,'category':'system','name':'Property Changed','is_disabled':false,'count_as_interaction':false}]}");
	test_feed_lookup(l, LOOKUP_CUSTOM_FIELDS,
	     "[{'id':100764,'name':'Short Note','canonical_name':null,'data_type':'String','available_on':['person','company','lead','opportunity']},"
	     "{'id':103481,'name':'Background','canonical_name':null,'data_type':'Text','available_on':['person','company','lead','opportunity']},"
	     "{'id':3,'name':'Industry','data_type':'Dropdown','available_on':['person','company','lead','opportunity','project','task'],"
	     "'options':[{'id':167801,'name':'Software','rank':0},{'id':167802,'name':'Manufacturing','rank':1}]},"
	     "{'id':12,'name':'Products of Interest','data_type':'MultiSelect','available_on':['person','lead','opportunity'],"
	     "'options':[{'id':8,'name':'Analytics','rank':0},{'id':9,'name':'Integrations','rank':1},{'id':13,'name':'Mobile App','rank':2}]},"
	     "{'id':7,'name':'Key Account','data_type':'Checkbox','available_on':['person','company','task']},"
	     "{'id':6,'name':'Contract Start','data_type':'Date','available_on':['person','company','project']},"
	     "{'id':5,'name':'Quantity','data_type':'Float','available_on':['person','opportunity']},"
	     "{'id':8,'name':'Shared Folder','data_type':'URL','available_on':['person','project']},"
	     "{'id':9,'name':'Discount','data_type':'Percentage','available_on':['person','opportunity']},"
	     "{'id':10,'name':'Annual Budget','data_type':'Currency','currency':'EUR','available_on':['person','company']},"
	     "{'id':24,'name':'DealCF1','data_type':'String','available_on':['opportunity']},"
	     "{'id':30,'name':'Partner','data_type':'Connect','available_on':['person']}]");
	return l;
}

static const struct field *field_at(const struct field_list *fl, size_t i)
{
	return i < fl->count ? &fl->fields[i] : NULL;
}

static bool has_key(const struct field_list *fl, const char *key)
{
	for (size_t i = 0; i < fl->count; i++)
		if (!strcmp(fl->fields[i].key, key))
			return true;
	return false;
}

static const struct field *find(const struct field_list *fl, const char *key)
{
	for (size_t i = 0; i < fl->count; i++)
		if (!strcmp(fl->fields[i].key, key))
			return &fl->fields[i];
	test_fail(__FILE__, __LINE__, "no field with key '%s'", key);
	return NULL;
}

/* The field's lines joined with " | " (empty string for no line). */
static char *joined(const struct field *f)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "");
	if (!f)
		return sb_detach(&sb);
	for (size_t i = 0; i < f->nlines; i++) {
		if (i)
			sb_puts(&sb, " | ");
		sb_puts(&sb, f->lines[i]);
	}
	return sb_detach(&sb);
}

#define CHECK_VALUE(fl, key, want) do { \
	char *got_v_ = joined(find((fl), (key))); \
	CHECK_STR(got_v_, (want)); \
	free(got_v_); \
} while (0)

/* The layout keys, in order, joined with ','. */
static char *keys_of(const struct field_list *fl)
{
	struct strbuf sb = { 0 };
	sb_puts(&sb, "");
	for (size_t i = 0; i < fl->count; i++) {
		if (i)
			sb_putc(&sb, ',');
		sb_puts(&sb, fl->fields[i].key);
	}
	return sb_detach(&sb);
}

#define CHECK_KEYS(fl, want) do { \
	char *got_k_ = keys_of(fl); \
	CHECK_STR(got_k_, (want)); \
	free(got_k_); \
} while (0)

/* No control byte (nor DEL, nor a C1 control in UTF-8) anywhere; '\n' only
 * in LONGTEXT. */
static bool clean(const char *s, bool newlines_ok)
{
	if (!s)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' && newlines_ok)
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return false;
	}
	return true;
}

static void check_all_clean(const struct field_list *fl)
{
	for (size_t i = 0; i < fl->count; i++) {
		const struct field *f = &fl->fields[i];
		if (!clean(f->label, false) || !clean(f->key, false))
			test_fail(__FILE__, __LINE__, "field %zu: unclean label or key", i);
		if (!f->lines || f->lines[f->nlines] != NULL)
			test_fail(__FILE__, __LINE__, "field %zu: lines not NULL-terminated", i);
		if (f->empty != (f->nlines == 0))
			test_fail(__FILE__, __LINE__, "field %zu: empty flag disagrees", i);
		for (size_t j = 0; j < f->nlines; j++)
			if (!clean(f->lines[j], f->kind == FIELD_LONGTEXT))
				test_fail(__FILE__, __LINE__, "field %s line %zu is unclean", f->key, j);
	}
}

/* The reference's people layout, verbatim. */
static const char people_layout[] =
	"[{'field_id':0,'field_label':'Name','field_key':'full_name','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':2,'field_label':'Company','field_key':'primary_organization','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':1,'field_label':'Title','field_key':'title','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':3,'field_label':'Contact Type','field_key':'contact_group_id','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':4,'field_label':'Owner','field_key':'assignee','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':5,'field_label':'Emails','field_key':'emails','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':6,'field_label':'Phones','field_key':'phones','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':7,'field_label':'Websites','field_key':'websites','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':8,'field_label':'Social Media Accounts','field_key':'socials','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':9,'field_label':'Address','field_key':'address','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':10,'field_label':'Visibility','field_key':'visibility','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':11,'field_label':'Description','field_key':'details','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':12,'field_label':'Tags','field_key':'tags','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':23,'field_label':'My Custom Field','field_key':'cf_23','field_type':'custom_field','enabled':false,'required':true,'required_editable':true}]";

/* The reference's person, verbatim. */
static const char person_record[] =
	"{'id':27140442,'name':'My Contact','prefix':null,'first_name':'My','middle_name':null,"
	"'last_name':'Contact','suffix':null,'address':null,'assignee_id':null,'company_id':null,"
	"'company_name':null,'contact_type_id':451492,'details':null,"
	"'emails':[{'email':'mycontact_123@noemail.com','category':'work'}],"
	"'phone_numbers':[{'number':'415-123-45678','category':'mobile'}],"
	"'socials':[],'tags':[],'title':null,'websites':[],"
	"'custom_fields':[{'custom_field_definition_id':100764,'value':null},"
	"{'custom_field_definition_id':103481,'value':null}],"
	"'date_created':1490045413,'date_modified':1490045413,'interaction_count':0}";

/* The reference's opportunities layout (pipeline 123 in the reference). */
static const char opportunity_layout[] =
	"[{'field_id':0,'field_label':'Name','field_key':'name','field_type':'static_field','enabled':true,'required':true,'required_editable':false},"
	"{'field_id':5,'field_label':'Pipeline','field_key':'pipeline_id','field_type':'static_field','enabled':true,'required':false,'required_editable':false},"
	"{'field_id':1,'field_label':'Primary Contact','field_key':'related_contact','field_type':'static_field','enabled':true,'required':true,'required_editable':true},"
	"{'field_id':2,'field_label':'Close Date','field_key':'deal_date','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':3,'field_label':'Company','field_key':'related_organization','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':4,'field_label':'Status','field_key':'status','field_type':'static_field','enabled':true,'required':false,'required_editable':false},"
	"{'field_id':6,'field_label':'Owner','field_key':'assignee','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':7,'field_label':'Stage','field_key':'stage_id','field_type':'static_field','enabled':true,'required':false,'required_editable':false},"
	"{'field_id':8,'field_label':'Source','field_key':'customer_source_id','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':9,'field_label':'Created','field_key':'created_date','field_type':'static_field','enabled':true,'required':false,'required_editable':false},"
	"{'field_id':10,'field_label':'Value','field_key':'monetary_value','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':11,'field_label':'Priority','field_key':'priority','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':12,'field_label':'Win Percentage','field_key':'win_probability','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':13,'field_label':'Loss Reason','field_key':'loss_reason_id','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':14,'field_label':'Visibility','field_key':'visibility','field_type':'static_field','enabled':true,'required':false,'required_editable':false},"
	"{'field_id':15,'field_label':'Description','field_key':'details','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':16,'field_label':'Tags','field_key':'tags','field_type':'static_field','enabled':true,'required':false,'required_editable':true},"
	"{'field_id':24,'field_label':'DealCF1','field_key':'cf_24','field_type':'custom_field','enabled':true,'required':false,'required_editable':true}]";

/* The reference's opportunity, verbatim. */
static const char opportunity_record[] =
	"{'id':2827698,'name':'8 New Copy Machines (sample)','assignee_id':null,'close_date':'1/23/2017',"
	"'company_id':9607580,'company_name':'Dunder Mifflin (sample)','customer_source_id':331241,"
	"'details':'Opportunities are created for People and Companies that are interested in buying your products or services. Create Opportunities for People and Companies to move them through one of your Pipelines.',"
	"'loss_reason_id':null,'pipeline_id':213214,'pipeline_is_revenue':false,'pipeline_stage_id':987790,"
	"'pipeline_type':'opportunity','primary_contact_id':null,'priority':'None','status':'Open','tags':[],"
	"'interaction_count':0,'monetary_value':250000,'win_probability':5,'date_created':1483988829,"
	"'date_modified':1489018922,'custom_fields':[{'custom_field_definition_id':100764,'value':null},"
	"{'custom_field_definition_id':103481,'value':null}]}";

/* A layout entry; fields written short. */
#define STATIC_F(id, label, key, enabled, required) \
	"{'field_id':" #id ",'field_label':'" label "','field_key':'" key \
	"','field_type':'static_field','enabled':" #enabled ",'required':" #required \
	",'required_editable':true}"
#define CUSTOM_F(id, label, enabled) \
	"{'field_id':" #id ",'field_label':'" label "','field_key':'cf_" #id \
	"','field_type':'custom_field','enabled':" #enabled ",'required':false,'required_editable':true}"

/* ---- formatting --------------------------------------------------------- */

TEST(test_format_date)
{
	char *s;
	CHECK_STR(s = fields_format_date(1490045413), "20 Mar 2017"); free(s);
	CHECK_STR(s = fields_format_date(1483988828), "9 Jan 2017"); free(s);
	CHECK_STR(s = fields_format_date(0), "1 Jan 1970"); free(s);
	/* beyond what struct tm can hold: the number, not a crash */
	CHECK_STR(s = fields_format_date(INT64_MAX), "9223372036854775807"); free(s);

	/* the local time zone decides the day */
	CHECK_STR(s = fields_format_date(1483228800), "1 Jan 2017"); free(s);
	setenv("TZ", "EST5", 1);
	CHECK_STR(s = fields_format_date(1483228800), "31 Dec 2016"); free(s);
	setenv("TZ", "UTC", 1);
	CHECK_STR(s = fields_format_date(1483228800), "1 Jan 2017"); free(s);

	CHECK_STR(s = fields_format_date_string("1/23/2017"), "23 Jan 2017"); free(s);
	CHECK_STR(s = fields_format_date_string("01/02/2026"), "2 Jan 2026"); free(s);
	CHECK_STR(s = fields_format_date_string("23/01/2017"), "23 Jan 2017"); free(s); /* DD/MM */
	CHECK_STR(s = fields_format_date_string("2/29/2024"), "29 Feb 2024"); free(s);
	CHECK(fields_format_date_string("2/29/2023") == NULL);
	CHECK(fields_format_date_string("13/13/2017") == NULL);
	CHECK(fields_format_date_string("1/23/17") == NULL);
	CHECK(fields_format_date_string("2017-01-23") == NULL);
	CHECK(fields_format_date_string("1/23/2017x") == NULL);
	CHECK(fields_format_date_string("") == NULL);
	CHECK(fields_format_date_string(NULL) == NULL);
}

TEST(test_format_money_and_numbers)
{
	char *s;
	CHECK_STR(s = fields_format_money(250000, "USD"), "250,000 USD"); free(s);
	CHECK_STR(s = fields_format_money(12500, "USD"), "12,500 USD"); free(s);
	CHECK_STR(s = fields_format_money(1000.5, NULL), "1,000.50"); free(s);
	CHECK_STR(s = fields_format_money(-1234567.891, "EUR"), "-1,234,567.89 EUR"); free(s);
	CHECK_STR(s = fields_format_money(999.999, "USD"), "1,000 USD"); free(s);
	CHECK_STR(s = fields_format_money(100, ""), "100"); free(s);
	CHECK_STR(s = fields_format_money(0, NULL), "0"); free(s);
	CHECK_STR(s = fields_format_money(-0.001, NULL), "0"); free(s);
	CHECK_STR(s = fields_format_money(0.5, "GBP"), "0.50 GBP"); free(s);
	CHECK_STR(s = fields_format_money(1e9, "JPY"), "1,000,000,000 JPY"); free(s);
	CHECK_STR(s = fields_format_money(NAN, "USD"), "(not a number)"); free(s);
	CHECK_STR(s = fields_format_money(INFINITY, "USD"), "(not a number)"); free(s);
	CHECK_STR(s = fields_format_money(5, "\x1b[31mUSD\x1b[0m\n"), "5 USD"); free(s);
	s = fields_format_money(1e300, "USD");
	CHECK(s && strlen(s) > 300 && clean(s, false));
	free(s);

	CHECK_STR(s = fields_format_number(250000), "250000"); free(s);
	CHECK_STR(s = fields_format_number(1.5), "1.5"); free(s);
	CHECK_STR(s = fields_format_number(-3), "-3"); free(s);
	CHECK_STR(s = fields_format_number(0.1 + 0.2), "0.3"); free(s);
	CHECK_STR(s = fields_format_number(1e20), "1e+20"); free(s);
	CHECK_STR(s = fields_format_number(NAN), "(not a number)"); free(s);
}

TEST(test_format_scalars_and_contacts)
{
	cJSON *j = cJSON_Parse("{\"s\": \"  Acme\\u001b[31m Corp \", \"n\": 12500.5, \"t\": true,"
			       " \"f\": false, \"z\": null, \"a\": [1, \"x\"], \"o\": {\"k\": 1}}");
	char *s;
	CHECK_STR(s = fields_format_scalar(cJSON_GetObjectItem(j, "s")), "Acme Corp"); free(s);
	CHECK_STR(s = fields_format_scalar(cJSON_GetObjectItem(j, "n")), "12500.5"); free(s);
	CHECK_STR(s = fields_format_scalar(cJSON_GetObjectItem(j, "t")), "Yes"); free(s);
	CHECK_STR(s = fields_format_scalar(cJSON_GetObjectItem(j, "f")), "No"); free(s);
	CHECK_STR(s = fields_format_scalar(cJSON_GetObjectItem(j, "z")), ""); free(s);
	CHECK_STR(s = fields_format_scalar(NULL), ""); free(s);
	/* not a scalar: its JSON, on one line */
	CHECK_STR(s = fields_format_scalar(cJSON_GetObjectItem(j, "a")), "[1,\"x\"]"); free(s);
	CHECK_STR(s = fields_format_scalar(cJSON_GetObjectItem(j, "o")), "{\"k\":1}"); free(s);
	cJSON_Delete(j);
	/* ... cut, with an ellipsis */
	cJSON *big = cJSON_CreateArray();
	for (int k = 0; k < 200; k++)
		cJSON_AddItemToArray(big, cJSON_CreateNumber(k));
	s = fields_format_scalar(big);
	CHECK(s && strlen(s) <= FORMAT_RAW_MAX + 3 && clean(s, false));
	CHECK(s && strstr(s, "\xe2\x80\xa6"));
	free(s);
	cJSON_Delete(big);

	CHECK_STR(s = fields_format_contact("a@b.example", "work"), "a@b.example (work)"); free(s);
	CHECK_STR(s = fields_format_contact(" a@b.example ", " work "), "a@b.example (work)"); free(s);
	CHECK_STR(s = fields_format_contact("a@b.example", NULL), "a@b.example"); free(s);
	CHECK_STR(s = fields_format_contact("a@b.example", ""), "a@b.example"); free(s);
	CHECK_STR(s = fields_format_contact("a@b.example", "\x1b[2J"), "a@b.example"); free(s);
	CHECK_STR(s = fields_format_contact("", "work"), ""); free(s);
	CHECK_STR(s = fields_format_contact("555\n0100", "mobile\x07"), "555 0100 (mobile)"); free(s);
}

TEST(test_primary_contact_name)
{
	static const struct { const char *record, *want; } cases[] = {
		{ "{\"primary_contact\": \"Jane Smith\"}", "Jane Smith" },
		{ "{\"primary_contact\": {\"id\": 1, \"name\": \"Jane Smith\"}}", "Jane Smith" },
		{ "{\"primary_contact\": {\"id\": 1}, \"primary_contact_name\": \"J. S.\"}", "J. S." },
		{ "{\"primary_contact_name\": \"J. S.\"}", "J. S." },
		{ "{\"primary_contact\": \"\", \"primary_contact_name\": \"J. S.\"}", "" },
		{ "{\"primary_contact\": 7, \"primary_contact_name\": 8}", NULL },
		{ "[]", NULL },
	};
	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		cJSON *r = cJSON_Parse(cases[k].record);
		const char *got = fields_primary_contact_name(r);
		if (cases[k].want ? !got || strcmp(got, cases[k].want) : got != NULL)
			test_fail(__FILE__, __LINE__, "%s gave %s", cases[k].record, got ? got : "NULL");
		cJSON_Delete(r);
	}
	CHECK(fields_primary_contact_name(NULL) == NULL);
}

TEST(test_record_key_table)
{
	/* the trap: layout keys are not record keys */
	CHECK_STR(fields_record_key(ENT_PEOPLE, "full_name"), "name");
	CHECK_STR(fields_record_key(ENT_PEOPLE, "primary_organization"), "company_id");
	CHECK_STR(fields_record_key(ENT_PEOPLE, "contact_group_id"), "contact_type_id");
	CHECK_STR(fields_record_key(ENT_PEOPLE, "assignee"), "assignee_id");
	CHECK_STR(fields_record_key(ENT_PEOPLE, "phones"), "phone_numbers");
	CHECK_STR(fields_record_key(ENT_PEOPLE, "emails"), "emails");
	CHECK_STR(fields_record_key(ENT_PEOPLE, "created_date"), "date_created");
	CHECK_STR(fields_record_key(ENT_COMPANIES, "primary_contact"), "primary_contact_id");
	CHECK_STR(fields_record_key(ENT_COMPANIES, "contact_group_id"), "contact_type_id");
	CHECK_STR(fields_record_key(ENT_LEADS, "status"), "status_id");
	CHECK_STR(fields_record_key(ENT_LEADS, "email"), "email");
	CHECK_STR(fields_record_key(ENT_LEADS, "full_name"), "name");
	CHECK_STR(fields_record_key(ENT_OPPORTUNITIES, "related_contact"), "primary_contact_id");
	CHECK_STR(fields_record_key(ENT_OPPORTUNITIES, "deal_date"), "close_date");
	CHECK_STR(fields_record_key(ENT_OPPORTUNITIES, "related_organization"), "company_id");
	CHECK_STR(fields_record_key(ENT_OPPORTUNITIES, "stage_id"), "pipeline_stage_id");
	CHECK_STR(fields_record_key(ENT_OPPORTUNITIES, "status"), "status");
	CHECK_STR(fields_record_key(ENT_PROJECTS, "related_resource"), "related_resource");
	CHECK_STR(fields_record_key(ENT_TASKS, "activity_type"), "custom_activity_type_id");
	CHECK_STR(fields_record_key(ENT_TASKS, "due_date"), "due_date");
	/* record keys are accepted as themselves */
	CHECK_STR(fields_record_key(ENT_OPPORTUNITIES, "pipeline_stage_id"), "pipeline_stage_id");
	CHECK_STR(fields_record_key(ENT_PEOPLE, "assignee_id"), "assignee_id");
	/* custom fields */
	CHECK_STR(fields_record_key(ENT_TASKS, "cf_123"), "custom_fields");
	CHECK(fields_record_key(ENT_TASKS, "cf_") == NULL);
	CHECK(fields_record_key(ENT_TASKS, "cf_12x") == NULL);
	CHECK(fields_record_key(ENT_TASKS, "cf_-1") == NULL);
	/* what patina cannot map */
	CHECK(fields_record_key(ENT_PEOPLE, "visibility") == NULL);
	CHECK(fields_record_key(ENT_PEOPLE, "embedded_app_123") == NULL);
	CHECK(fields_record_key(ENT_PEOPLE, "deal_date") == NULL); /* not a person's */
	CHECK(fields_record_key(ENT_PEOPLE, NULL) == NULL);
	CHECK(fields_record_key(ENT_COUNT, "name") == NULL);
}

/* ---- people ------------------------------------------------------------- */

TEST(test_people_reference_layout_and_record)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json(people_layout), *rec = test_json(person_record);
	struct field_list *fl = fields_build(ENT_PEOPLE, layout, rec, l, NULL);

	/* layout order, enabled only: cf_23 is disabled */
	CHECK_KEYS(fl, "full_name,primary_organization,title,contact_group_id,assignee,emails,"
		   "phones,websites,socials,address,details,tags");
	CHECK_STR(field_at(fl, 0)->label, "Name");
	CHECK_STR(field_at(fl, 3)->label, "Contact Type");
	CHECK_STR(field_at(fl, 8)->label, "Social Media Accounts");
	CHECK_STR(field_at(fl, 0)->record_key, "name");
	CHECK(field_at(fl, 0)->required);

	CHECK_VALUE(fl, "full_name", "My Contact");
	CHECK_VALUE(fl, "contact_group_id", "Uncategorized");
	CHECK_VALUE(fl, "emails", "mycontact_123@noemail.com (work)");
	CHECK_INT(find(fl, "emails")->kind, FIELD_LIST);
	CHECK_VALUE(fl, "phones", "415-123-45678 (mobile)");
	CHECK_STR(find(fl, "phones")->record_key, "phone_numbers");
	CHECK(find(fl, "primary_organization")->empty);
	CHECK(find(fl, "title")->empty);
	CHECK(find(fl, "assignee")->empty);
	CHECK(find(fl, "websites")->empty);
	CHECK(find(fl, "socials")->empty);
	CHECK(find(fl, "address")->empty);
	CHECK(find(fl, "details")->empty);
	CHECK(find(fl, "tags")->empty);

	/* visibility is a setting of the web app that the API never returns:
	 * not shown (not "patina cannot show this field yet" on every person) */
	CHECK(!has_key(fl, "visibility"));
	check_all_clean(fl);

	fields_free(fl);
	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

TEST(test_people_full_record)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json(people_layout), *rec = test_json(person_record);
	/* fill in what the reference's example leaves empty */
	cJSON_ReplaceItemInObject(rec, "assignee_id", cJSON_CreateNumber(159258));
	cJSON_ReplaceItemInObject(rec, "company_id", cJSON_CreateNumber(9607580));
	cJSON_ReplaceItemInObject(rec, "company_name", cJSON_CreateString("Dunder Mifflin (sample)"));
	cJSON_ReplaceItemInObject(rec, "title", cJSON_CreateString("Regional Manager"));
	cJSON_ReplaceItemInObject(rec, "details", cJSON_CreateString("# Notes\n\n* likes **paper**\r\n* hates\tfax"));
	cJSON_ReplaceItemInObject(rec, "address", test_json("{'street':'213 West Main Street','city':'Scranton','state':'PA','postal_code':'18501','country':''}"));
	cJSON_ReplaceItemInObject(rec, "emails", test_json("[{'email':'jim@example.com','category':'work'},{'email':'j@h.com','category':'personal'},{'email':'x@y.z'}]"));
	cJSON_ReplaceItemInObject(rec, "websites", test_json("[{'url':'http://dundermifflin.com','category':'work'}]"));
	cJSON_ReplaceItemInObject(rec, "socials", test_json("[{'url':'twitter.com/dunder','category':'twitter'}]"));
	cJSON_ReplaceItemInObject(rec, "tags", test_json("['vip','tag 2']"));
	struct field_list *fl = fields_build(ENT_PEOPLE, layout, rec, l, NULL);

	CHECK_VALUE(fl, "assignee", "Jane Smith");
	CHECK_STR(find(fl, "assignee")->record_key, "assignee_id");
	CHECK(find(fl, "assignee")->editable);
	const struct field *co = find(fl, "primary_organization");
	CHECK_VALUE(fl, "primary_organization", "Dunder Mifflin (sample)");
	CHECK_INT(co->ref_id, 9607580);
	CHECK_INT(co->ref_entity, ENT_COMPANIES);
	CHECK_VALUE(fl, "title", "Regional Manager");
	CHECK_VALUE(fl, "emails", "jim@example.com (work) | j@h.com (personal) | x@y.z");
	CHECK_VALUE(fl, "websites", "http://dundermifflin.com (work)");
	CHECK_VALUE(fl, "socials", "twitter.com/dunder (twitter)");
	const struct field *addr = find(fl, "address");
	CHECK_INT(addr->kind, FIELD_ADDRESS);
	CHECK_VALUE(fl, "address", "213 West Main Street | Scranton, PA 18501");
	const struct field *det = find(fl, "details");
	CHECK_INT(det->kind, FIELD_LONGTEXT);
	CHECK_INT(det->nlines, 1);
	CHECK_STR(det->lines[0], "# Notes\n\n* likes **paper**\n* hates    fax");
	CHECK_VALUE(fl, "tags", "vip | tag 2");
	CHECK_INT(find(fl, "tags")->kind, FIELD_LIST);
	check_all_clean(fl);
	fields_free(fl);

	/* an address of empty strings (as in the reference's update) is empty */
	cJSON_ReplaceItemInObject(rec, "address", test_json("{'street':'','city':'','state':'','postal_code':'','country':''}"));
	fl = fields_build(ENT_PEOPLE, layout, rec, l, NULL);
	CHECK(find(fl, "address")->empty);
	CHECK_INT(find(fl, "address")->kind, FIELD_ADDRESS);
	fields_free(fl);

	/* no name: made of its parts */
	cJSON_DeleteItemFromObject(rec, "name");
	cJSON_ReplaceItemInObject(rec, "prefix", cJSON_CreateString("Dr."));
	fl = fields_build(ENT_PEOPLE, layout, rec, l, NULL);
	CHECK_VALUE(fl, "full_name", "Dr. My Contact");
	fields_free(fl);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

TEST(test_people_default_layout)
{
	struct lookups *l = reference_lookups();
	cJSON *rec = test_json(person_record);
	struct field_list *fl = fields_build(ENT_PEOPLE, NULL, rec, l, NULL);
	CHECK_KEYS(fl, "full_name,primary_organization,title,contact_group_id,assignee,emails,"
		   "phones,websites,socials,address,details,tags,created_date,modified_date,"
		   "interaction_count,last_contacted,cf_100764,cf_103481");
	CHECK_STR(field_at(fl, 0)->label, "Name");
	CHECK_STR(find(fl, "cf_100764")->label, "Short Note");
	CHECK_STR(find(fl, "cf_103481")->label, "Background");
	CHECK_VALUE(fl, "created_date", "20 Mar 2017");
	CHECK(!find(fl, "created_date")->editable);
	CHECK_VALUE(fl, "interaction_count", "0");
	CHECK(!find(fl, "interaction_count")->editable);
	CHECK(find(fl, "last_contacted")->empty);
	for (size_t i = 0; i < fl->count; i++) {
		CHECK(fl->fields[i].kind != FIELD_UNMAPPED);
		CHECK(!fl->fields[i].required);
	}
	check_all_clean(fl);
	fields_free(fl);

	/* a layout that is not an array is no layout */
	cJSON *bad = test_json("{'field_key':'title'}");
	fl = fields_build(ENT_PEOPLE, bad, rec, l, NULL);
	CHECK_STR(field_at(fl, 0)->key, "full_name");
	fields_free(fl);
	cJSON_Delete(bad);

	/* no look-ups: the custom fields are labelled by id */
	fl = fields_build(ENT_PEOPLE, NULL, rec, NULL, NULL);
	CHECK_STR(find(fl, "cf_100764")->label, "Custom field 100764");
	CHECK_VALUE(fl, "contact_group_id", "#451492");
	fields_free(fl);

	cJSON_Delete(rec);
	lookups_free(l);
}

/* ---- companies ---------------------------------------------------------- */

static const char company_layout[] = "["
	STATIC_F(0, "Name", "name", true, true) ","
	STATIC_F(1, "Email Domain", "email_domain", true, false) ","
	STATIC_F(2, "Contact Type", "contact_group_id", true, false) ","
	STATIC_F(3, "Account Owner", "assignee", true, false) ","
	STATIC_F(4, "Primary Contact", "primary_contact", true, false) ","
	STATIC_F(5, "Phone Numbers", "phones", true, false) ","
	STATIC_F(6, "Websites", "websites", true, false) ","
	STATIC_F(7, "Social Media Accounts", "socials", false, false) ","
	STATIC_F(8, "Address", "address", true, false) ","
	STATIC_F(9, "Visibility", "visibility", false, false) ","
	STATIC_F(10, "Description", "details", true, false) ","
	STATIC_F(11, "Tags", "tags", true, false) ","
	CUSTOM_F(100764, "Short Note", true) ","
	"{'field_id':555,'field_label':'Dashboard','field_key':'embedded_app_555','field_type':'embedded_app_field','enabled':true,'required':false,'required_editable':false},"
	CUSTOM_F(3, "Industry", true) ","
	CUSTOM_F(10, "Annual Budget", true) ","
	CUSTOM_F(103481, "Background", false) "]";

static const char company_record[] =
	"{'id':9607580,'name':'Dunder Mifflin (sample)','address':{'street':'213 West Main Street',"
	"'city':'Scranton','state':'PA','postal_code':'18501','country':''},'assignee_id':null,"
	"'contact_type_id':null,'details':'Keywords: Dunder Mifflin, Dunder Mifflin Infinity, Dunder Mifflin Paper',"
	"'email_domain':'dundermifflin.com','phone_numbers':[{'number':'4153554776','category':'work'}],"
	"'primary_contact_id':27140359,'socials':[],'tags':[],'websites':["
	"{'url':'http://www.dundermifflin.com/index.shtml','category':'work'},"
	"{'url':'https://www.nbcstore.com/shop-by-show/the-office.html?shop_by_theme=7','category':'work'},"
	"{'url':'http://dundermifflin.com','category':'work'}],"
	"'custom_fields':[{'custom_field_definition_id':100764,'value':null},"
	"{'custom_field_definition_id':103481,'value':null}],"
	"'interaction_count':0,'date_created':1483988828,'date_modified':1489018922}";

TEST(test_companies)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json(company_layout), *rec = test_json(company_record);
	struct field_list *fl = fields_build(ENT_COMPANIES, layout, rec, l, NULL);

	CHECK_KEYS(fl, "name,email_domain,contact_group_id,assignee,primary_contact,phones,"
		   "websites,address,details,tags,cf_100764,embedded_app_555,cf_3,cf_10");
	CHECK_STR(find(fl, "assignee")->label, "Account Owner");
	CHECK_STR(find(fl, "phones")->label, "Phone Numbers");
	CHECK(find(fl, "name")->required);
	CHECK(!find(fl, "email_domain")->required);
	CHECK_VALUE(fl, "name", "Dunder Mifflin (sample)");
	CHECK_VALUE(fl, "email_domain", "dundermifflin.com");
	CHECK(find(fl, "contact_group_id")->empty);
	CHECK(find(fl, "assignee")->empty);
	const struct field *pc = find(fl, "primary_contact");
	CHECK_VALUE(fl, "primary_contact", "#27140359");
	CHECK_INT(pc->ref_id, 27140359);
	CHECK_INT(pc->ref_entity, ENT_PEOPLE);
	CHECK_STR(pc->record_key, "primary_contact_id");
	CHECK_VALUE(fl, "phones", "4153554776 (work)");
	CHECK_VALUE(fl, "websites", "http://www.dundermifflin.com/index.shtml (work) | "
		    "https://www.nbcstore.com/shop-by-show/the-office.html?shop_by_theme=7 (work) | "
		    "http://dundermifflin.com (work)");
	CHECK_VALUE(fl, "address", "213 West Main Street | Scranton, PA 18501");
	CHECK_INT(find(fl, "details")->kind, FIELD_LONGTEXT);
	CHECK_VALUE(fl, "details", "Keywords: Dunder Mifflin, Dunder Mifflin Infinity, Dunder Mifflin Paper");
	CHECK(find(fl, "cf_100764")->empty);
	CHECK_STR(find(fl, "cf_100764")->record_key, "custom_fields");
	CHECK(find(fl, "cf_3")->empty); /* not in the record at all */
	const struct field *app = find(fl, "embedded_app_555");
	CHECK_INT(app->kind, FIELD_UNMAPPED);
	CHECK_STR(app->label, "Dashboard");
	CHECK_VALUE(fl, "embedded_app_555", "(patina cannot show this field yet: key 'embedded_app_555')");
	check_all_clean(fl);
	fields_free(fl);

	/* the primary contact named when the record has it; the owner, a
	 * contact type and custom field values */
	cJSON_AddItemToObject(rec, "primary_contact", test_json("{'id':27140359,'name':'Michael Scott'}"));
	cJSON_ReplaceItemInObject(rec, "assignee_id", cJSON_CreateNumber(137658));
	cJSON_ReplaceItemInObject(rec, "contact_type_id", cJSON_CreateNumber(451491));
	cJSON_ReplaceItemInObject(rec, "custom_fields", test_json(
		"[{'custom_field_definition_id':3,'value':167802},"
		"{'custom_field_definition_id':10,'value':1500000.5},"
		"{'custom_field_definition_id':100764,'value':'Paper people'}]"));
	cJSON_ReplaceItemInObject(rec, "address", test_json("{'street':'','city':'Scranton','state':'','postal_code':'18501','country':'US'}"));
	fl = fields_build(ENT_COMPANIES, layout, rec, l, NULL);
	CHECK_VALUE(fl, "primary_contact", "Michael Scott");
	CHECK_INT(find(fl, "primary_contact")->ref_id, 27140359);
	CHECK_VALUE(fl, "assignee", "John Doe");
	CHECK_VALUE(fl, "contact_group_id", "Current Customer");
	CHECK_VALUE(fl, "cf_3", "Manufacturing");
	CHECK_VALUE(fl, "cf_10", "1,500,000.50 EUR");
	CHECK_VALUE(fl, "cf_100764", "Paper people");
	CHECK_VALUE(fl, "address", "Scranton, 18501 | US");
	fields_free(fl);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

/* ---- leads -------------------------------------------------------------- */

static const char lead_layout[] = "["
	STATIC_F(0, "Name", "full_name", true, true) ","
	STATIC_F(1, "Company", "company_name", true, false) ","
	STATIC_F(2, "Title", "title", true, false) ","
	STATIC_F(3, "Status", "status", true, true) ","
	STATIC_F(4, "Source", "customer_source_id", true, false) ","
	STATIC_F(5, "Owner", "assignee", true, false) ","
	STATIC_F(6, "Value", "monetary_value", true, false) ","
	STATIC_F(7, "Email", "email", true, false) ","
	STATIC_F(8, "Phones", "phones", true, false) ","
	STATIC_F(9, "Websites", "websites", true, false) ","
	STATIC_F(10, "Social Media Accounts", "socials", true, false) ","
	STATIC_F(11, "Address", "address", true, false) ","
	STATIC_F(12, "Visibility", "visibility", false, false) ","
	STATIC_F(13, "Description", "details", true, false) ","
	STATIC_F(14, "Tags", "tags", true, false) ","
	STATIC_F(15, "Created", "created_date", true, false) ","
	CUSTOM_F(100764, "Short Note", true) ","
	CUSTOM_F(103481, "Background", true) "]";

static const char lead_record[] =
	"{'id':8894157,'name':'Test Lead','prefix':null,'first_name':'Test','last_name':'Lead',"
	"'middle_name':null,'suffix':null,'address':{'street':'301 Howard St Ste 600',"
	"'city':'San Francisco','state':'CA','postal_code':'94105','country':'US'},"
	"'assignee_id':137658,'company_name':'Lead\\u0027s Company','customer_source_id':331241,"
	"'details':'This is a demo description','email':{'email':'address@workemail.com','category':'work'},"
	"'monetary_value':100,'socials':[{'url':'facebook.com/test_lead','category':'facebook'}],"
	"'status':'New','status_id':208231,'tags':['tag 1','tag 2'],'title':'Title',"
	"'websites':[{'url':'www.workwebsite.com','category':'work'}],"
	"'phone_numbers':[{'number':'415-999-4321','category':'mobile'},{'number':'415-555-1234','category':'work'}],"
	"'custom_fields':[{'custom_field_definition_id':100764,'value':null},"
	"{'custom_field_definition_id':103481,'value':null}],"
	"'date_created':1489018784,'date_modified':1489173601}";

TEST(test_leads)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json(lead_layout), *rec = test_json(lead_record);
	struct field_list *fl = fields_build(ENT_LEADS, layout, rec, l, NULL);

	CHECK_KEYS(fl, "full_name,company_name,title,status,customer_source_id,assignee,"
		   "monetary_value,email,phones,websites,socials,address,details,tags,created_date,"
		   "cf_100764,cf_103481");
	CHECK_VALUE(fl, "full_name", "Test Lead");
	CHECK_VALUE(fl, "company_name", "Lead's Company");
	CHECK_VALUE(fl, "title", "Title");
	CHECK_VALUE(fl, "status", "New");
	CHECK_STR(find(fl, "status")->record_key, "status_id");
	CHECK(find(fl, "status")->required);
	CHECK_VALUE(fl, "customer_source_id", "Cold Call");
	CHECK_VALUE(fl, "assignee", "John Doe");
	CHECK_VALUE(fl, "monetary_value", "100"); /* no monetary_unit: no currency */
	CHECK_VALUE(fl, "email", "address@workemail.com (work)");
	CHECK_VALUE(fl, "phones", "415-999-4321 (mobile) | 415-555-1234 (work)");
	CHECK_VALUE(fl, "websites", "www.workwebsite.com (work)");
	CHECK_VALUE(fl, "socials", "facebook.com/test_lead (facebook)");
	CHECK_VALUE(fl, "address", "301 Howard St Ste 600 | San Francisco, CA 94105 | US");
	CHECK_VALUE(fl, "details", "This is a demo description");
	CHECK_VALUE(fl, "tags", "tag 1 | tag 2");
	CHECK_VALUE(fl, "created_date", "9 Mar 2017");
	CHECK(!find(fl, "created_date")->editable);
	CHECK(find(fl, "cf_103481")->empty);
	check_all_clean(fl);
	fields_free(fl);

	/* with a currency, another status, a custom Text value */
	cJSON_AddItemToObject(rec, "monetary_unit", cJSON_CreateString("USD"));
	cJSON_ReplaceItemInObject(rec, "monetary_value", cJSON_CreateNumber(12500));
	cJSON_ReplaceItemInObject(rec, "status_id", cJSON_CreateNumber(208233));
	cJSON_ReplaceItemInObject(rec, "custom_fields", test_json(
		"[{'custom_field_definition_id':103481,'value':'Met at **SaaStr**.\\nFollow up in May.'}]"));
	fl = fields_build(ENT_LEADS, layout, rec, l, NULL);
	CHECK_VALUE(fl, "monetary_value", "12,500 USD");
	CHECK_VALUE(fl, "status", "Unqualified");
	CHECK_INT(find(fl, "cf_103481")->kind, FIELD_LONGTEXT);
	CHECK_VALUE(fl, "cf_103481", "Met at **SaaStr**.\nFollow up in May.");
	fields_free(fl);

	/* no lead statuses loaded: the record's own status name */
	fl = fields_build(ENT_LEADS, layout, rec, NULL, NULL);
	CHECK_VALUE(fl, "status", "New");
	CHECK_VALUE(fl, "assignee", "#137658");
	CHECK_VALUE(fl, "customer_source_id", "#331241");
	fields_free(fl);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

/* ---- opportunities ------------------------------------------------------ */

TEST(test_opportunities_reference)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json(opportunity_layout), *rec = test_json(opportunity_record);
	struct field_list *fl = fields_build(ENT_OPPORTUNITIES, layout, rec, l, NULL);

	CHECK_KEYS(fl, "name,pipeline_id,related_contact,deal_date,related_organization,status,"
		   "assignee,stage_id,customer_source_id,created_date,monetary_value,priority,"
		   "win_probability,loss_reason_id,details,tags,cf_24");
	CHECK_STR(field_at(fl, 3)->label, "Close Date");
	CHECK_STR(field_at(fl, 12)->label, "Win Percentage");
	CHECK_VALUE(fl, "name", "8 New Copy Machines (sample)");
	CHECK_VALUE(fl, "pipeline_id", "Sales");
	CHECK(find(fl, "related_contact")->empty);
	CHECK(find(fl, "related_contact")->required);
	CHECK_STR(find(fl, "related_contact")->record_key, "primary_contact_id");
	CHECK_VALUE(fl, "deal_date", "23 Jan 2017");
	CHECK_STR(find(fl, "deal_date")->record_key, "close_date");
	CHECK_VALUE(fl, "related_organization", "Dunder Mifflin (sample)");
	CHECK_INT(find(fl, "related_organization")->ref_id, 9607580);
	CHECK_INT(find(fl, "related_organization")->ref_entity, ENT_COMPANIES);
	CHECK_VALUE(fl, "status", "Open");
	CHECK(find(fl, "assignee")->empty);
	CHECK_VALUE(fl, "stage_id", "Qualified");
	CHECK_STR(find(fl, "stage_id")->record_key, "pipeline_stage_id");
	CHECK_VALUE(fl, "customer_source_id", "Cold Call");
	CHECK_VALUE(fl, "created_date", "9 Jan 2017");
	CHECK_VALUE(fl, "monetary_value", "250,000");
	CHECK_VALUE(fl, "priority", "None");
	CHECK_VALUE(fl, "win_probability", "5%");
	CHECK(find(fl, "loss_reason_id")->empty);
	CHECK(!has_key(fl, "visibility")); /* the web app's own setting */
	CHECK_INT(find(fl, "details")->kind, FIELD_LONGTEXT);
	CHECK(find(fl, "tags")->empty);
	CHECK(find(fl, "cf_24")->empty);
	CHECK_STR(find(fl, "cf_24")->label, "DealCF1");
	CHECK(!find(fl, "created_date")->editable);
	CHECK(find(fl, "stage_id")->editable);
	check_all_clean(fl);
	fields_free(fl);

	/* the rest of the values */
	cJSON_AddItemToObject(rec, "monetary_unit", cJSON_CreateString("USD"));
	cJSON_ReplaceItemInObject(rec, "primary_contact_id", cJSON_CreateNumber(27140359));
	cJSON_ReplaceItemInObject(rec, "assignee_id", cJSON_CreateNumber(8589934593.0));
	cJSON_ReplaceItemInObject(rec, "loss_reason_id", cJSON_CreateNumber(56));
	cJSON_ReplaceItemInObject(rec, "status", cJSON_CreateString("Lost"));
	cJSON_ReplaceItemInObject(rec, "win_probability", cJSON_CreateNumber(75));
	cJSON_ReplaceItemInObject(rec, "tags", test_json("['enterprise','q4-target']"));
	cJSON_ReplaceItemInObject(rec, "close_date", cJSON_CreateString("12/31/2026"));
	cJSON_ReplaceItemInObject(rec, "custom_fields", test_json("[{'custom_field_definition_id':24,'value':'hello'}]"));
	fl = fields_build(ENT_OPPORTUNITIES, layout, rec, l, NULL);
	CHECK_VALUE(fl, "monetary_value", "250,000 USD");
	CHECK_VALUE(fl, "related_contact", "#27140359");
	CHECK_INT(find(fl, "related_contact")->ref_id, 27140359);
	CHECK_INT(find(fl, "related_contact")->ref_entity, ENT_PEOPLE);
	CHECK_VALUE(fl, "assignee", "Big Id"); /* a 64-bit id */
	CHECK_VALUE(fl, "loss_reason_id", "Went with a competitor");
	CHECK_VALUE(fl, "status", "Lost");
	CHECK_VALUE(fl, "win_probability", "75%");
	CHECK_VALUE(fl, "tags", "enterprise | q4-target");
	CHECK_VALUE(fl, "deal_date", "31 Dec 2026");
	CHECK_VALUE(fl, "cf_24", "hello");
	fields_free(fl);

	/* a close date patina cannot read is shown as written */
	cJSON_ReplaceItemInObject(rec, "close_date", cJSON_CreateString("sometime in Q3"));
	fl = fields_build(ENT_OPPORTUNITIES, layout, rec, l, NULL);
	CHECK_VALUE(fl, "deal_date", "sometime in Q3");
	fields_free(fl);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

/* Pipeline 213215 ("Business Development") has a layout of its own. */
static const char bizdev_layout[] = "["
	STATIC_F(0, "Deal", "name", true, true) ","
	STATIC_F(3, "Company", "related_organization", true, true) ","
	STATIC_F(1, "Primary Contact", "related_contact", true, false) ","
	STATIC_F(5, "Pipeline", "pipeline_id", true, false) ","
	STATIC_F(7, "Stage", "stage_id", true, false) ","
	STATIC_F(4, "Status", "status", true, false) ","
	STATIC_F(6, "Owner", "assignee", true, false) ","
	STATIC_F(2, "Expected Close", "deal_date", true, false) ","
	STATIC_F(12, "Win Percentage", "win_probability", true, false) ","
	STATIC_F(10, "Value", "monetary_value", false, false) ","
	STATIC_F(13, "Why Lost", "loss_reason_id", false, false) ","
	CUSTOM_F(3, "Industry", true) ","
	CUSTOM_F(9, "Discount", false) ","
	CUSTOM_F(12, "Products of Interest", true) "]";

TEST(test_opportunities_pipeline_layout)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json(bizdev_layout), *rec = test_json(opportunity_record);
	cJSON_ReplaceItemInObject(rec, "pipeline_id", cJSON_CreateNumber(213215));
	cJSON_ReplaceItemInObject(rec, "pipeline_stage_id", cJSON_CreateNumber(987798));
	cJSON_ReplaceItemInObject(rec, "win_probability", cJSON_CreateNumber(75));
	cJSON_ReplaceItemInObject(rec, "custom_fields", test_json(
		"[{'custom_field_definition_id':3,'value':167801},"
		"{'custom_field_definition_id':9,'value':10},"
		"{'custom_field_definition_id':12,'value':[9,8]}]"));
	struct field_list *fl = fields_build(ENT_OPPORTUNITIES, layout, rec, l, NULL);

	/* this pipeline's order and labels; Value, Why Lost, Discount disabled */
	CHECK_KEYS(fl, "name,related_organization,related_contact,pipeline_id,stage_id,status,"
		   "assignee,deal_date,win_probability,cf_3,cf_12");
	CHECK_STR(field_at(fl, 0)->label, "Deal");
	CHECK_STR(field_at(fl, 7)->label, "Expected Close");
	CHECK(find(fl, "related_organization")->required);
	CHECK(!find(fl, "related_contact")->required);
	CHECK_VALUE(fl, "pipeline_id", "Business Development");
	CHECK_VALUE(fl, "stage_id", "Term Sheet");
	CHECK_VALUE(fl, "deal_date", "23 Jan 2017");
	CHECK_VALUE(fl, "win_probability", "75%");
	CHECK_VALUE(fl, "cf_3", "Software");
	CHECK_VALUE(fl, "cf_12", "Integrations | Analytics");
	check_all_clean(fl);
	fields_free(fl);

	/* the same record under the Sales layout shows Sales's fields */
	cJSON *sales = test_json(opportunity_layout);
	fl = fields_build(ENT_OPPORTUNITIES, sales, rec, l, NULL);
	CHECK_STR(field_at(fl, 1)->key, "pipeline_id");
	CHECK_INT(fl->count, 17);
	fields_free(fl);
	cJSON_Delete(sales);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

/* ---- projects ----------------------------------------------------------- */

static const char project_layout[] = "["
	STATIC_F(0, "Name", "name", true, true) ","
	STATIC_F(1, "Related To", "related_resource", true, false) ","
	STATIC_F(2, "Owner", "assignee", true, false) ","
	STATIC_F(3, "Status", "status", true, false) ","
	STATIC_F(4, "Visibility", "visibility", false, false) ","
	STATIC_F(5, "Description", "details", true, false) ","
	STATIC_F(6, "Tags", "tags", true, false) ","
	STATIC_F(7, "Created", "created_date", true, false) ","
	CUSTOM_F(6, "Contract Start", true) ","
	CUSTOM_F(8, "Shared Folder", true) "]";

static const char project_record[] =
	"{'id':144296,'name':'Customize Your New CRM','related_resource':{'id':9607579,'type':'company'},"
	"'assignee_id':null,'status':'Open','details':'Visit our settings section to discover all the ways you can customize Copper to fit your sales workflow.',"
	"'tags':[],'custom_fields':[],'date_created':1483988830,'date_modified':1496712857}";

TEST(test_projects)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json(project_layout), *rec = test_json(project_record);
	struct field_list *fl = fields_build(ENT_PROJECTS, layout, rec, l, NULL);

	CHECK_KEYS(fl, "name,related_resource,assignee,status,details,tags,created_date,cf_6,cf_8");
	CHECK_VALUE(fl, "name", "Customize Your New CRM");
	const struct field *rel = find(fl, "related_resource");
	CHECK_STR(rel->label, "Related To");
	CHECK_VALUE(fl, "related_resource", "Company: #9607579");
	CHECK_INT(rel->ref_id, 9607579);
	CHECK_INT(rel->ref_entity, ENT_COMPANIES);
	CHECK(rel->editable);
	CHECK(find(fl, "assignee")->empty);
	CHECK_VALUE(fl, "status", "Open");
	CHECK_VALUE(fl, "created_date", "9 Jan 2017");
	CHECK(find(fl, "cf_6")->empty);
	check_all_clean(fl);
	fields_free(fl);

	cJSON_ReplaceItemInObject(rec, "related_resource", test_json("{'id':2827698,'type':'opportunity','name':'8 New Copy Machines'}"));
	cJSON_ReplaceItemInObject(rec, "custom_fields", test_json(
		"[{'custom_field_definition_id':6,'value':1735689600},"
		"{'custom_field_definition_id':8,'value':'https://drive.example.com/x'}]"));
	fl = fields_build(ENT_PROJECTS, layout, rec, l, NULL);
	CHECK_VALUE(fl, "related_resource", "Opportunity: 8 New Copy Machines");
	CHECK_INT(find(fl, "related_resource")->ref_entity, ENT_OPPORTUNITIES);
	CHECK_VALUE(fl, "cf_6", "1 Jan 2025");
	CHECK_VALUE(fl, "cf_8", "https://drive.example.com/x");
	fields_free(fl);

	/* no layout: the default order */
	fl = fields_build(ENT_PROJECTS, NULL, rec, l, NULL);
	CHECK_KEYS(fl, "name,related_resource,assignee,status,details,tags,created_date,"
		   "modified_date,cf_6,cf_8");
	CHECK_STR(find(fl, "cf_6")->label, "Contract Start");
	fields_free(fl);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

/* ---- tasks -------------------------------------------------------------- */

static const char task_layout[] = "["
	STATIC_F(0, "Name", "name", true, true) ","
	STATIC_F(1, "Related To", "related_resource", true, false) ","
	STATIC_F(2, "Owner", "assignee", true, false) ","
	STATIC_F(3, "Due Date", "due_date", true, false) ","
	STATIC_F(4, "Reminder", "reminder_date", true, false) ","
	STATIC_F(5, "Priority", "priority", true, false) ","
	STATIC_F(6, "Status", "status", true, false) ","
	STATIC_F(7, "Type", "activity_type", true, false) ","
	STATIC_F(8, "Description", "details", true, false) ","
	STATIC_F(9, "Tags", "tags", true, false) ","
	STATIC_F(10, "Created", "created_date", true, false) ","
	STATIC_F(11, "Completed", "completed_date", true, false) ","
	CUSTOM_F(7, "Key Account", true) "]";

static const char task_record[] =
	"{'id':3716920,'name':'My First Task','related_resource':{'id':144296,'type':'project'},"
	"'assignee_id':137658,'due_date':1496799000,'reminder_date':null,'completed_date':null,"
	"'priority':'None','status':'Open','details':null,'tags':[],'custom_fields':[],"
	"'date_created':1496712856,'date_modified':1496712857}";

TEST(test_tasks)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json(task_layout), *rec = test_json(task_record);
	struct field_list *fl = fields_build(ENT_TASKS, layout, rec, l, NULL);

	CHECK_KEYS(fl, "name,related_resource,assignee,due_date,reminder_date,priority,status,"
		   "activity_type,details,tags,created_date,completed_date,cf_7");
	CHECK_VALUE(fl, "name", "My First Task");
	CHECK_VALUE(fl, "related_resource", "Project: #144296");
	CHECK_INT(find(fl, "related_resource")->ref_id, 144296);
	CHECK_INT(find(fl, "related_resource")->ref_entity, ENT_PROJECTS);
	CHECK_VALUE(fl, "assignee", "John Doe");
	CHECK_VALUE(fl, "due_date", "7 Jun 2017");
	CHECK(find(fl, "due_date")->editable);
	CHECK(find(fl, "reminder_date")->empty);
	CHECK_VALUE(fl, "priority", "None");
	CHECK_VALUE(fl, "status", "Open");
	CHECK(find(fl, "activity_type")->empty);
	CHECK(find(fl, "details")->empty);
	CHECK_VALUE(fl, "created_date", "6 Jun 2017");
	CHECK(find(fl, "completed_date")->empty);
	CHECK(!find(fl, "completed_date")->editable);
	CHECK(find(fl, "cf_7")->empty);
	check_all_clean(fl);
	fields_free(fl);

	/* related to an opportunity; a user activity type (not the system one
	 * with the same id); a completed date; a checkbox */
	cJSON_ReplaceItemInObject(rec, "related_resource", test_json("{'id':123,'type':'opportunity'}"));
	cJSON_AddItemToObject(rec, "custom_activity_type_id", cJSON_CreateNumber(6));
	cJSON_ReplaceItemInObject(rec, "completed_date", cJSON_CreateNumber(1700000000));
	cJSON_ReplaceItemInObject(rec, "custom_fields", test_json("[{'custom_field_definition_id':7,'value':false}]"));
	fl = fields_build(ENT_TASKS, layout, rec, l, NULL);
	CHECK_VALUE(fl, "related_resource", "Opportunity: #123");
	CHECK_INT(find(fl, "related_resource")->ref_entity, ENT_OPPORTUNITIES);
	CHECK_VALUE(fl, "activity_type", "To Do");
	CHECK_STR(find(fl, "activity_type")->record_key, "custom_activity_type_id");
	CHECK_VALUE(fl, "completed_date", "14 Nov 2023");
	CHECK_VALUE(fl, "cf_7", "No"); /* false is a value, not emptiness */
	CHECK(!find(fl, "cf_7")->empty);
	fields_free(fl);

	/* the reference's "nothing related" shape */
	cJSON_ReplaceItemInObject(rec, "related_resource", test_json("{'id':null,'type':null}"));
	fl = fields_build(ENT_TASKS, layout, rec, l, NULL);
	CHECK(find(fl, "related_resource")->empty);
	CHECK_INT(find(fl, "related_resource")->ref_id, 0);
	fields_free(fl);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

/* ---- custom fields of every type ---------------------------------------- */

TEST(test_custom_fields_every_type)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json("["
		CUSTOM_F(100764, "Short Note", true) ","
		CUSTOM_F(103481, "Background", true) ","
		CUSTOM_F(3, "Industry", true) ","
		CUSTOM_F(12, "Products of Interest", true) ","
		CUSTOM_F(7, "Key Account", true) ","
		CUSTOM_F(6, "Contract Start", true) ","
		CUSTOM_F(5, "Quantity", true) ","
		CUSTOM_F(8, "Shared Folder", true) ","
		CUSTOM_F(9, "Discount", true) ","
		CUSTOM_F(10, "Annual Budget", true) ","
		CUSTOM_F(30, "Partner", true) ","
		CUSTOM_F(777, "Undefined", true) ","
		CUSTOM_F(778, "Undefined Too", true) "]");
	cJSON *rec = test_json("{'id':1,'name':'X','custom_fields':["
		"{'custom_field_definition_id':100764,'value':'Text fields are 255 chars or less!'},"
		"{'custom_field_definition_id':103481,'value':'Line one\\nLine two'},"
		"{'custom_field_definition_id':3,'value':167802},"
		"{'custom_field_definition_id':12,'value':[8,13,999]},"
		"{'custom_field_definition_id':7,'value':true},"
		"{'custom_field_definition_id':6,'value':1490045413},"
		"{'custom_field_definition_id':5,'value':1.5},"
		"{'custom_field_definition_id':8,'value':'https://example.com/folder'},"
		"{'custom_field_definition_id':9,'value':12.5},"
		"{'custom_field_definition_id':10,'value':1234.5},"
		"{'custom_field_definition_id':30,'value':[27140359],'computed_value':['Michael Scott']},"
		"{'custom_field_definition_id':777,'value':[1,2],'computed_value':['Chocolate','Vanilla']},"
		"{'custom_field_definition_id':778,'value':42}]}");
	struct field_list *fl = fields_build(ENT_PEOPLE, layout, rec, l, NULL);

	CHECK_INT(fl->count, 13);
	CHECK_VALUE(fl, "cf_100764", "Text fields are 255 chars or less!");
	CHECK_INT(find(fl, "cf_100764")->kind, FIELD_TEXT);
	CHECK_VALUE(fl, "cf_103481", "Line one\nLine two");
	CHECK_INT(find(fl, "cf_103481")->kind, FIELD_LONGTEXT);
	CHECK_VALUE(fl, "cf_3", "Manufacturing");
	CHECK_VALUE(fl, "cf_12", "Analytics | Mobile App | #999");
	CHECK_INT(find(fl, "cf_12")->kind, FIELD_LIST);
	CHECK_VALUE(fl, "cf_7", "Yes");
	CHECK_VALUE(fl, "cf_6", "20 Mar 2017");
	CHECK_VALUE(fl, "cf_5", "1.5");
	CHECK_VALUE(fl, "cf_8", "https://example.com/folder");
	CHECK_VALUE(fl, "cf_9", "12.5%");
	CHECK_VALUE(fl, "cf_10", "1,234.50 EUR");
	CHECK_VALUE(fl, "cf_30", "Michael Scott");        /* a type patina does not know */
	CHECK_VALUE(fl, "cf_777", "Chocolate | Vanilla"); /* no definition: computed labels */
	CHECK_VALUE(fl, "cf_778", "42");                  /* no definition, no labels */
	for (size_t i = 0; i < fl->count; i++) {
		CHECK(fl->fields[i].editable);
		CHECK_STR(fl->fields[i].record_key, "custom_fields");
	}
	check_all_clean(fl);
	fields_free(fl);

	/* an unknown option, a single id for a MultiSelect, empty values */
	cJSON_Delete(rec);
	rec = test_json("{'custom_fields':["
		"{'custom_field_definition_id':3,'value':424242},"
		"{'custom_field_definition_id':12,'value':9},"
		"{'custom_field_definition_id':7,'value':null},"
		"{'custom_field_definition_id':100764,'value':''},"
		"{'custom_field_definition_id':103481,'value':'  \\n '}]}");
	fl = fields_build(ENT_PEOPLE, layout, rec, l, NULL);
	CHECK_VALUE(fl, "cf_3", "#424242");
	CHECK_VALUE(fl, "cf_12", "Integrations");
	CHECK(find(fl, "cf_7")->empty);
	CHECK(find(fl, "cf_100764")->empty);
	CHECK(find(fl, "cf_103481")->empty);
	CHECK(find(fl, "cf_10")->empty);
	fields_free(fl);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

/* ---- look-ups missing --------------------------------------------------- */

TEST(test_lookups_missing_or_incomplete)
{
	cJSON *layout = test_json(opportunity_layout), *rec = test_json(opportunity_record);
	cJSON_ReplaceItemInObject(rec, "assignee_id", cJSON_CreateNumber(4242));
	cJSON_ReplaceItemInObject(rec, "loss_reason_id", cJSON_CreateNumber(55));

	struct field_list *fl = fields_build(ENT_OPPORTUNITIES, layout, rec, NULL, NULL);
	CHECK_VALUE(fl, "pipeline_id", "#213214");
	CHECK_VALUE(fl, "stage_id", "#987790");
	CHECK_VALUE(fl, "assignee", "#4242");
	CHECK_VALUE(fl, "customer_source_id", "#331241");
	CHECK_VALUE(fl, "loss_reason_id", "#55");
	CHECK_STR(find(fl, "cf_24")->label, "DealCF1");
	check_all_clean(fl);
	fields_free(fl);

	/* only users loaded, and not this one */
	struct lookups *l = lookups_new((struct api_sender){0}, NULL, 0);
	test_feed_lookup(l, LOOKUP_USERS, "[{'id':1,'name':'Someone'}]");
	fl = fields_build(ENT_OPPORTUNITIES, layout, rec, l, NULL);
	CHECK_VALUE(fl, "assignee", "#4242");
	CHECK_VALUE(fl, "stage_id", "#987790");
	fields_free(fl);
	lookups_free(l);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
}

/* ---- hostile data ------------------------------------------------------- */

TEST(test_hostile_nulls_everywhere)
{
	struct lookups *l = reference_lookups();
	static const char *const layouts[ENT_COUNT] = {
		people_layout, company_layout, lead_layout, opportunity_layout, project_layout, task_layout,
	};
	cJSON *nulls = test_json("{'id':null,'name':null,'prefix':null,'first_name':null,'last_name':null,"
		"'address':null,'assignee_id':null,'company_id':null,'company_name':null,"
		"'contact_type_id':null,'details':null,'emails':null,'email':null,'phone_numbers':null,"
		"'socials':null,'tags':null,'title':null,'websites':null,'custom_fields':null,"
		"'date_created':null,'date_modified':null,'interaction_count':null,'close_date':null,"
		"'customer_source_id':null,'loss_reason_id':null,'pipeline_id':null,'pipeline_stage_id':null,"
		"'primary_contact_id':null,'priority':null,'status':null,'status_id':null,"
		"'monetary_value':null,'monetary_unit':null,'win_probability':null,'related_resource':null,"
		"'due_date':null,'reminder_date':null,'completed_date':null,'custom_activity_type_id':null,"
		"'email_domain':null}");
	cJSON *not_object = test_json("[1,2,3]");
	for (int e = 0; e < ENT_COUNT; e++) {
		cJSON *layout = test_json(layouts[e]);
		const cJSON *records[] = { nulls, not_object, NULL };
		for (size_t r = 0; r < ARRAY_SIZE(records); r++) {
			struct field_list *fl = fields_build((enum entity)e, layout, records[r], l, NULL);
			CHECK(fl->count > 5);
			for (size_t i = 0; i < fl->count; i++)
				CHECK(fl->fields[i].empty || fl->fields[i].kind == FIELD_UNMAPPED);
			check_all_clean(fl);
			fields_free(fl);
			/* and with the default layout */
			fl = fields_build((enum entity)e, NULL, records[r], NULL, NULL);
			CHECK(fl->count > 5);
			for (size_t i = 0; i < fl->count; i++)
				CHECK(fl->fields[i].empty);
			fields_free(fl);
		}
		cJSON_Delete(layout);
	}
	cJSON_Delete(nulls);
	cJSON_Delete(not_object);
	lookups_free(l);
}

TEST(test_hostile_wrong_types)
{
	struct lookups *l = reference_lookups();
	cJSON *layout = test_json(opportunity_layout);
	cJSON *rec = test_json("{'name':{'first':'a'},'pipeline_id':'213214','pipeline_stage_id':[987790],"
		"'primary_contact_id':true,'close_date':1490045413,'company_id':'abc','company_name':42,"
		"'status':['Open'],'assignee_id':1e300,'customer_source_id':{'id':331241},"
		"'date_created':'yesterday','monetary_value':'lots','monetary_unit':7,'priority':7,"
		"'win_probability':'high','loss_reason_id':-5,'details':12,'tags':{'a':'b'},"
		"'custom_fields':[{'custom_field_definition_id':24,'value':{'x':[1,2,3]}}]}");
	struct field_list *fl = fields_build(ENT_OPPORTUNITIES, layout, rec, l, NULL);
	CHECK_INT(fl->count, 17);
	CHECK_VALUE(fl, "name", "{\"first\":\"a\"}");
	CHECK_VALUE(fl, "pipeline_id", "Sales");  /* an id as a decimal string */
	CHECK_VALUE(fl, "stage_id", "[987790]");
	CHECK_VALUE(fl, "related_contact", "true");
	CHECK_VALUE(fl, "deal_date", "20 Mar 2017"); /* a timestamp where a string was expected */
	CHECK_VALUE(fl, "related_organization", "\"abc\"");
	CHECK_INT(find(fl, "related_organization")->ref_id, 0);
	CHECK_VALUE(fl, "status", "[\"Open\"]");
	CHECK_VALUE(fl, "assignee", "1e+300");
	CHECK_VALUE(fl, "customer_source_id", "{\"id\":331241}");
	CHECK_VALUE(fl, "created_date", "\"yesterday\"");
	CHECK_VALUE(fl, "monetary_value", "\"lots\"");
	CHECK_VALUE(fl, "priority", "7");
	CHECK_VALUE(fl, "win_probability", "\"high\"");
	CHECK_VALUE(fl, "loss_reason_id", "#-5");
	CHECK_VALUE(fl, "details", "12");
	CHECK_INT(find(fl, "details")->kind, FIELD_TEXT);
	CHECK_VALUE(fl, "tags", "{\"a\":\"b\"}");
	CHECK_VALUE(fl, "cf_24", "{\"x\":[1,2,3]}");
	check_all_clean(fl);
	fields_free(fl);
	cJSON_Delete(rec);

	/* people: lists that are not lists, items that are not objects */
	cJSON *playout = test_json(people_layout);
	rec = test_json("{'emails':{'email':'one@example.com','category':'work'},"
		"'phone_numbers':['555-1234',{'number':5551234,'category':'work'},null,[1]],"
		"'websites':'http://example.com','socials':42,'address':['x','y'],"
		"'tags':['ok',7,{'t':1}],'contact_type_id':'not an id','company_id':4294967297,"
		"'custom_fields':{'custom_field_definition_id':3}}");
	fl = fields_build(ENT_PEOPLE, playout, rec, l, NULL);
	CHECK_VALUE(fl, "emails", "one@example.com (work)");
	CHECK_VALUE(fl, "phones", "555-1234 | {\"number\":5551234,\"category\":\"work\"} | [1]");
	CHECK_VALUE(fl, "websites", "http://example.com");
	CHECK_VALUE(fl, "socials", "42");
	CHECK_VALUE(fl, "address", "[\"x\",\"y\"]");
	CHECK_VALUE(fl, "tags", "ok | 7 | {\"t\":1}");
	CHECK_VALUE(fl, "contact_group_id", "\"not an id\"");
	CHECK_VALUE(fl, "primary_organization", "#4294967297");
	CHECK_INT(find(fl, "primary_organization")->ref_id, 4294967297LL);
	check_all_clean(fl);
	fields_free(fl);
	cJSON_Delete(rec);

	/* custom fields that are not a list; custom field values of the
	 * wrong type */
	cJSON *cflayout = test_json("[" CUSTOM_F(3, "Industry", true) "," CUSTOM_F(12, "Products", true) ","
			    CUSTOM_F(7, "Key Account", true) "," CUSTOM_F(6, "Start", true) ","
			    CUSTOM_F(10, "Budget", true) "," CUSTOM_F(9, "Discount", true) "]");
	rec = test_json("{'custom_fields':'nope'}");
	fl = fields_build(ENT_PEOPLE, cflayout, rec, l, NULL);
	CHECK_VALUE(fl, "cf_3", "\"nope\"");
	fields_free(fl);
	cJSON_Delete(rec);
	rec = test_json("{'custom_fields':[7,null,'x',{'custom_field_definition_id':3,'value':'Software'},"
		"{'custom_field_definition_id':12,'value':{'a':1}},"
		"{'custom_field_definition_id':7,'value':'yes'},"
		"{'custom_field_definition_id':6,'value':'2017-01-01'},"
		"{'custom_field_definition_id':10,'value':[1]},"
		"{'custom_field_definition_id':9,'value':true}]}");
	fl = fields_build(ENT_PEOPLE, cflayout, rec, l, NULL);
	CHECK_VALUE(fl, "cf_3", "\"Software\"");
	CHECK_VALUE(fl, "cf_12", "{\"a\":1}");
	CHECK_VALUE(fl, "cf_7", "\"yes\"");
	CHECK_VALUE(fl, "cf_6", "\"2017-01-01\"");
	CHECK_VALUE(fl, "cf_10", "[1]");
	CHECK_VALUE(fl, "cf_9", "true");
	check_all_clean(fl);
	fields_free(fl);
	cJSON_Delete(rec);
	cJSON_Delete(cflayout);

	/* tasks and projects: related records of odd shapes */
	cJSON *tlayout = test_json(task_layout);
	const char *odd[] = {
		"{'related_resource':'project 5'}",
		"{'related_resource':{'id':'x','type':'project'}}",
		"{'related_resource':{'id':5,'type':'spaceship'}}",
		"{'related_resource':{'id':5}}",
		"{'related_resource':{'id':5,'type':'\\u001b[31mproject'}}",
	};
	const char *want[] = {
		"\"project 5\"", /* a string where an object was expected: raw JSON */
		"{\"id\":\"x\",\"type\":\"project\"}",
		"spaceship: #5",
		"Record: #5",
		"project: #5", /* not the type "project": shown, sanitized, not opened */
	};
	for (size_t i = 0; i < ARRAY_SIZE(odd); i++) {
		rec = test_json(odd[i]);
		fl = fields_build(ENT_TASKS, tlayout, rec, l, NULL);
		CHECK_VALUE(fl, "related_resource", want[i]);
		if (i >= 2)
			CHECK_INT(find(fl, "related_resource")->ref_id, 0); /* no entity to open */
		check_all_clean(fl);
		fields_free(fl);
		cJSON_Delete(rec);
	}
	cJSON_Delete(tlayout);

	cJSON_Delete(playout);
	cJSON_Delete(layout);
	lookups_free(l);
}

TEST(test_hostile_escapes)
{
	struct lookups *l = lookups_new((struct api_sender){0}, NULL, 0);
	test_feed_lookup(l, LOOKUP_USERS, "[{'id':1,'name':'\\u001b]0;pwned\\u0007Mallory\\u001b[2J'}]");
	test_feed_lookup(l, LOOKUP_CONTACT_TYPES, "[{'id':2,'name':'\\u009b2JEvil\\r\\nType'}]");
	test_feed_lookup(l, LOOKUP_CUSTOM_FIELDS,
	     "[{'id':3,'name':'\\u001b[31mRisk','data_type':'Dropdown','options':[{'id':4,'name':'\\u001b]0;pwned\\u0007High'}]},"
	     "{'id':5,'name':'Budget','data_type':'Currency','currency':'\\u001b[5mEUR'}]");
	cJSON *layout = test_json("["
		"{'field_label':'\\u001b[31mName\\u001b[0m\\n','field_key':'full_name','enabled':true},"
		"{'field_label':'Owner\\u0007','field_key':'assignee','enabled':true},"
		"{'field_label':'Type','field_key':'contact_group_id','enabled':true},"
		"{'field_label':'Mails','field_key':'emails','enabled':true},"
		"{'field_label':'Where','field_key':'address','enabled':true},"
		"{'field_label':'About','field_key':'details','enabled':true},"
		"{'field_label':'Tags','field_key':'tags','enabled':true},"
		"{'field_label':'Risk','field_key':'cf_3','enabled':true},"
		"{'field_label':'Budget','field_key':'cf_5','enabled':true},"
		"{'field_label':'\\u001b]8;;http://evil/\\u001b\\\\x','field_key':'embedded_\\u001b[2Japp','enabled':true}]");
	cJSON *rec = test_json("{'name':'\\u001b[2J\\u001b[HEve\\u0000l','assignee_id':1,'contact_type_id':2,"
		"'emails':[{'email':'a@b.c\\u001b[8m','category':'\\u009d0;x\\u009cwork'}],"
		"'address':{'street':'1 Main\\r\\nSt','city':'\\u001bPq\\u001b\\\\Town','state':'\\u007f',"
		"'postal_code':'12345','country':'\\u202eSU'},"
		"'details':'line\\u001b[31m one\\r\\nline\\ttwo\\u0008\\u0008',"
		"'tags':['\\u001b]52;c;Y3VybA==\\u0007clip','ok'],"
		"'custom_fields':[{'custom_field_definition_id':3,'value':4},{'custom_field_definition_id':5,'value':10}]}");
	struct field_list *fl = fields_build(ENT_PEOPLE, layout, rec, l, NULL);
	check_all_clean(fl);
	CHECK_INT(fl->count, 10);
	CHECK_STR(field_at(fl, 0)->label, "Name");
	CHECK_STR(field_at(fl, 1)->label, "Owner");
	CHECK_VALUE(fl, "full_name", "Eve");
	CHECK_VALUE(fl, "assignee", "Mallory");
	CHECK_VALUE(fl, "cf_3", "High");
	CHECK_VALUE(fl, "cf_5", "10 EUR");
	CHECK_STR(field_at(fl, 7)->label, "Risk");
	const struct field *app = field_at(fl, 9);
	CHECK_INT(app->kind, FIELD_UNMAPPED);
	CHECK_STR(app->key, "embedded_app");
	CHECK_CONTAINS(app->lines[0], "key 'embedded_app'");
	CHECK_INT(find(fl, "details")->kind, FIELD_LONGTEXT);
	CHECK_CONTAINS(find(fl, "details")->lines[0], "\n");
	for (size_t i = 0; i < fl->count; i++)
		for (size_t j = 0; j < fl->fields[i].nlines; j++)
			CHECK(strstr(fl->fields[i].lines[j], "pwned") == NULL);
	fields_free(fl);
	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

TEST(test_hostile_huge)
{
	struct lookups *l = reference_lookups();
	size_t n = 100 * 1024;
	char *big = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		big[i] = i % 80 == 79 ? '\n' : (i % 1000 == 500 ? '\x1b' : "abcdefg\xc3\xa9 "[i % 10]);
	big[n] = '\0';
	cJSON *rec = test_json(task_record);
	cJSON_ReplaceItemInObject(rec, "details", cJSON_CreateString(big));
	cJSON_ReplaceItemInObject(rec, "name", cJSON_CreateString(big));
	cJSON *obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "junk", big);
	cJSON_ReplaceItemInObject(rec, "status", obj);
	cJSON *tags = cJSON_CreateArray();
	for (int i = 0; i < 5000; i++)
		cJSON_AddItemToArray(tags, cJSON_CreateString("tag"));
	cJSON_ReplaceItemInObject(rec, "tags", tags);
	cJSON *layout = test_json(task_layout);
	struct field_list *fl = fields_build(ENT_TASKS, layout, rec, l, NULL);
	check_all_clean(fl);
	const struct field *det = find(fl, "details");
	CHECK_INT(det->kind, FIELD_LONGTEXT);
	CHECK(strlen(det->lines[0]) > 90 * 1024);
	CHECK(strlen(find(fl, "name")->lines[0]) > 90 * 1024);
	/* an object where text was expected: compacted and cut */
	const struct field *st = find(fl, "status");
	CHECK_INT(st->nlines, 1);
	CHECK(strlen(st->lines[0]) <= UNEXPECTED_CHECK_MAX);
	CHECK_CONTAINS(st->lines[0], "{\"junk\":\"");
	CHECK_CONTAINS(st->lines[0], "\xe2\x80\xa6");
	CHECK_INT(find(fl, "tags")->nlines, 5000);
	fields_free(fl);
	cJSON_Delete(layout);

	/* a huge layout key and label */
	char *layout_text = xasprintf("[{'field_label':'%.2000s','field_key':'%.2000s','enabled':true}]", big, big);
	for (char *p = layout_text; *p; p++)
		if (*p == '\n' || *p == '\x1b')
			*p = ' ';
	layout = test_json(layout_text);
	fl = fields_build(ENT_TASKS, layout, rec, l, NULL);
	CHECK_INT(fl->count, 1);
	CHECK_INT(field_at(fl, 0)->kind, FIELD_UNMAPPED);
	CHECK(strlen(field_at(fl, 0)->lines[0]) < 200);
	check_all_clean(fl);
	fields_free(fl);
	cJSON_Delete(layout);
	free(layout_text);

	cJSON_Delete(rec);
	free(big);
	lookups_free(l);
}

TEST(test_hostile_layouts)
{
	struct lookups *l = reference_lookups();
	cJSON *rec = test_json(task_record);
	cJSON *layout = test_json("[7,null,'name',[],"
		"{'field_label':'No Key'},"
		"{'field_label':'Numeric Key','field_key':12},"
		"{'field_key':'name'},"
		"{'field_label':'','field_key':'status'},"
		"{'field_label':'Off','field_key':'priority','enabled':false},"
		"{'field_label':'Zero','field_key':'priority','enabled':0},"
		"{'field_label':'Odd enabled','field_key':'due_date','enabled':'yes','required':'yes'},"
		"{'field_label':'Twice','field_key':'name','enabled':true,'required':true},"
		"{'field_label':'Bad cf','field_key':'cf_abc','enabled':true},"
		"{'field_label':'Huge cf','field_key':'cf_99999999999999999999','enabled':true},"
		"{'field_label':'Same name','field_key':'date_modified','enabled':true},"
		"{'field_label':'Hidden','field_key':'id','enabled':true}]");
	struct field_list *fl = fields_build(ENT_TASKS, layout, rec, l, NULL);
	CHECK_KEYS(fl, ",,name,status,due_date,name,cf_abc,cf_99999999999999999999,date_modified,id");
	CHECK_STR(field_at(fl, 0)->label, "No Key");
	CHECK_INT(field_at(fl, 0)->kind, FIELD_UNMAPPED);
	CHECK_STR(field_at(fl, 0)->lines[0], "(patina cannot show this field yet: the layout gives it no key)");
	CHECK_STR(field_at(fl, 1)->label, "Numeric Key");
	CHECK_INT(field_at(fl, 1)->kind, FIELD_UNMAPPED);
	CHECK_STR(field_at(fl, 2)->label, "name"); /* no label: the key */
	CHECK_STR(field_at(fl, 2)->lines[0], "My First Task");
	CHECK_STR(field_at(fl, 3)->label, "status");
	CHECK_STR(field_at(fl, 4)->label, "Odd enabled");
	CHECK(!field_at(fl, 4)->required);
	CHECK(field_at(fl, 5)->required);
	CHECK_INT(field_at(fl, 6)->kind, FIELD_UNMAPPED);
	CHECK_INT(field_at(fl, 7)->kind, FIELD_UNMAPPED);
	/* a record key named directly: mapped (to "Modified") */
	CHECK_STR(field_at(fl, 8)->record_key, "date_modified");
	CHECK_STR(field_at(fl, 8)->lines[0], "6 Jun 2017");
	/* not mapped, but the record has it: shown, read-only */
	CHECK_STR(field_at(fl, 9)->record_key, "id");
	CHECK_STR(field_at(fl, 9)->lines[0], "3716920");
	CHECK(!field_at(fl, 9)->editable);
	CHECK(fields_record_key(ENT_TASKS, "id") == NULL);
	check_all_clean(fl);
	fields_free(fl);

	/* an empty layout shows nothing; a bad entity builds nothing */
	cJSON *empty = test_json("[]");
	fl = fields_build(ENT_TASKS, empty, rec, l, NULL);
	CHECK_INT(fl->count, 0);
	fields_free(fl);
	fl = fields_build(ENT_COUNT, empty, rec, l, NULL);
	CHECK_INT(fl->count, 0);
	fields_free(fl);
	fields_free(NULL);
	cJSON_Delete(empty);

	cJSON_Delete(layout);
	cJSON_Delete(rec);
	lookups_free(l);
}

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	setenv("LC_ALL", "C", 1);
	setlocale(LC_ALL, "C");
}
TEST_SETUP(setup)
