/* convert.c - see convert.h */
#include "config.h"

#include "model/convert.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The fields, in the order the form shows them. */
static const struct edit_spec fields[] = {
	{ "name", "Person", false, EDIT_READONLY, true },
	{ "contact_type_id", "Contact Type", false, EDIT_READONLY, false },
	{ "assignee_id", "Owner", false, EDIT_READONLY, false },
	{ "lead_email", "Email (the lead's)", true, EDIT_READONLY, false },
	{ "lead_phones", "Phones (the lead's)", true, EDIT_READONLY, false },
	{ "company_id", "Company", false, EDIT_READONLY, false },
	{ "company_name", "or New Company", false, EDIT_READONLY, false },
	{ "create_opportunity", "Opportunity too", true, EDIT_CHECKBOX, false },
	{ "opportunity_name", "Opportunity Name", true, EDIT_TEXT, false },
	{ "pipeline_id", "Pipeline", false, EDIT_READONLY, false },
	{ "pipeline_stage_id", "Stage", false, EDIT_READONLY, false },
	{ "monetary_value", "Value", false, EDIT_READONLY, false },
	{ "close_date", "Close Date", false, EDIT_READONLY, false },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* "value (category)" of a contact, sanitized; "" when it is not one. */
static void contact_text(struct strbuf *sb, const cJSON *c, const char *key)
{
	const char *value = json_member_str(c, key), *category = json_member_str(c, "category");
	if (!value || !*value)
		return;
	char *clean = sanitize_line(value, strlen(value));
	if (sb->len)
		sb_puts(sb, "; ");
	sb_puts(sb, clean);
	free(clean);
	if (category && *category) {
		char *cat = sanitize_line(category, strlen(category));
		sb_printf(sb, " (%s)", cat);
		free(cat);
	}
}

static void add_id_or_null(cJSON *o, const char *key, int64_t id)
{
	if (id)
		cJSON_AddNumberToObject(o, key, (double)id);
	else
		cJSON_AddNullToObject(o, key);
}

struct edit_form *convert_form_new(const cJSON *lead, struct lookups *lookups)
{
	cJSON *base = cJSON_CreateObject();
	const char *name = json_member_str(lead, "name");
	const char *company = json_member_str(lead, "company_name");
	cJSON_AddNumberToObject(base, "id", (double)json_member_i64(lead, "id"));
	cJSON_AddStringToObject(base, "name", name ? name : "");
	cJSON_AddNullToObject(base, "contact_type_id");
	add_id_or_null(base, "assignee_id", json_member_i64(lead, "assignee_id"));
	struct strbuf sb = {0};
	sb_reserve(&sb, 0);
	contact_text(&sb, json_get(lead, "email"), "email");
	cJSON_AddStringToObject(base, "lead_email", sb.data);
	sb.len = 0;
	sb.data[0] = '\0';
	const cJSON *phone;
	cJSON_ArrayForEach(phone, json_array(json_get(lead, "phone_numbers")))
		contact_text(&sb, phone, "number");
	cJSON_AddStringToObject(base, "lead_phones", sb.data);
	sb_free(&sb);
	cJSON_AddNullToObject(base, "company_id");
	cJSON_AddStringToObject(base, "company_name", company ? company : "");
	cJSON_AddFalseToObject(base, "create_opportunity");
	cJSON_AddStringToObject(base, "opportunity_name", name ? name : "");
	/* the first pipeline and its first stage, as Copper's default */
	const cJSON *pipeline = cJSON_GetArrayItem(json_array(lookups_get(lookups, LOOKUP_PIPELINES)), 0);
	const cJSON *stage = cJSON_GetArrayItem(json_array(json_get(pipeline, "stages")), 0);
	add_id_or_null(base, "pipeline_id", json_member_i64(pipeline, "id"));
	add_id_or_null(base, "pipeline_stage_id", json_member_i64(stage, "id"));
	const cJSON *value = json_get(lead, "monetary_value");
	if (cJSON_IsNumber(value) && value->valuedouble >= 0)
		cJSON_AddNumberToObject(base, "monetary_value", value->valuedouble);
	else
		cJSON_AddNullToObject(base, "monetary_value");
	cJSON_AddNullToObject(base, "close_date");
	struct edit_form *f = edit_form_of_fields(ENT_LEADS, fields, NFIELDS, base, lookups);
	cJSON_Delete(base);
	return f;
}

struct edit_form *convert_form_from_draft(const cJSON *draft, struct lookups *lookups,
					  char **error)
{
	return edit_form_of_fields_from_draft(draft, fields, NFIELDS, lookups, error);
}

bool convert_lead_converted(const cJSON *lead)
{
	return json_member_i64(lead, "converted_contact_id") != 0 ||
	       !json_is_nothing(json_get(lead, "converted_at"));
}

/* The current value of the field of key (NULL when the form has none). */
static const cJSON *value_of(const struct edit_form *f, const char *key)
{
	long i = edit_field_index(f, key);
	return i >= 0 ? edit_value(f, (size_t)i) : NULL;
}

static const char *text_of(const struct edit_form *f, const char *key)
{
	const char *s = json_str(value_of(f, key));
	return s ? s : "";
}

static bool blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s;
}

static void copy_id(cJSON *to, const char *key, const struct edit_form *f, const char *from)
{
	int64_t id = json_i64(value_of(f, from));
	if (id)
		cJSON_AddNumberToObject(to, key, (double)id);
}

cJSON *convert_details(const struct edit_form *f, char **close_date, char **error)
{
	*close_date = NULL;
	*error = NULL;
	const char *name = text_of(f, "name"), *company_name = text_of(f, "company_name");
	int64_t company = json_i64(value_of(f, "company_id"));
	bool opportunity = cJSON_IsTrue(value_of(f, "create_opportunity"));
	const char *opp_name = text_of(f, "opportunity_name");
	if (blank(name)) {
		*error = xstrdup("The person needs a name");
		return NULL;
	}
	if (company && !blank(company_name)) {
		*error = xstrdup("Either an existing Company or a New Company's name, not both: "
				 "d clears one");
		return NULL;
	}
	if (opportunity && blank(opp_name)) {
		*error = xstrdup("The opportunity needs a name (or Opportunity too: no)");
		return NULL;
	}
	cJSON *details = cJSON_CreateObject();
	cJSON *person = cJSON_AddObjectToObject(details, "person");
	cJSON_AddStringToObject(person, "name", name);
	copy_id(person, "contact_type_id", f, "contact_type_id");
	copy_id(person, "assignee_id", f, "assignee_id");
	cJSON *c = cJSON_AddObjectToObject(details, "company");
	if (company) {
		cJSON_AddNumberToObject(c, "id", (double)company);
	} else {
		/* "" says no company, where leaving it out would make one of the
		 * lead's company name */
		cJSON_AddStringToObject(c, "name", blank(company_name) ? "" : company_name);
		if (!blank(company_name))
			cJSON_AddTrueToObject(c, "exact_match");
	}
	if (opportunity) {
		cJSON *o = cJSON_AddObjectToObject(details, "opportunity");
		cJSON_AddStringToObject(o, "name", opp_name);
		copy_id(o, "pipeline_id", f, "pipeline_id");
		copy_id(o, "pipeline_stage_id", f, "pipeline_stage_id");
		const cJSON *value = value_of(f, "monetary_value");
		if (cJSON_IsNumber(value))
			cJSON_AddNumberToObject(o, "monetary_value", value->valuedouble);
		copy_id(o, "assignee_id", f, "assignee_id");
		const char *close = json_str(value_of(f, "close_date"));
		if (close && *close)
			*close_date = xstrdup(close);
	}
	return details;
}

/* ---- the protocol ------------------------------------------------------------ */

void convert_clear(struct convert *c)
{
	cJSON_Delete(c->details);
	cJSON_Delete(c->person);
	cJSON_Delete(c->company);
	cJSON_Delete(c->opportunity);
	free(c->close_date);
	free(c->message);
	free(c->close_message);
	save_clear(&c->close);
	edit_form_free(c->close_form);
	memset(c, 0, sizeof(*c));
}

bool convert_busy(const struct convert *c)
{
	return c->state == CONVERT_SENDING || c->state == CONVERT_VERIFYING ||
	       c->state == CONVERT_CLOSING;
}

static void say(struct convert *c, enum convert_state state, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void say(struct convert *c, enum convert_state state, const char *fmt, ...)
{
	/* formatted before the old message goes: it may be one of the parts */
	va_list ap;
	va_start(ap, fmt);
	char *message = sanitize_vprintf(fmt, ap);
	va_end(ap);
	free(c->message);
	c->message = message;
	c->state = state;
}

struct api_request *convert_begin(struct convert *c, int64_t lead_id, const cJSON *details,
				  const char *close_date, struct lookups *lookups)
{
	convert_clear(c);
	c->lead_id = lead_id;
	c->details = cJSON_Duplicate(details, true);
	c->close_date = close_date ? xstrdup(close_date) : NULL;
	c->lookups = lookups;
	c->state = CONVERT_SENDING;
	return api_convert_lead(lead_id, c->details);
}

/* Converted: the close date goes next, if there is one to set. */
static struct api_request *converted(struct convert *c)
{
	if (!c->close_date || !c->opportunity_id) {
		c->state = CONVERT_DONE;
		return NULL;
	}
	/* the answer's opportunity is the server's just now; found by
	 * searching, only its id is known and it is read first */
	cJSON *base = c->opportunity ? cJSON_Duplicate(c->opportunity, true) : cJSON_CreateObject();
	if (!c->opportunity)
		cJSON_AddNumberToObject(base, "id", (double)c->opportunity_id);
	c->close_form = edit_form_new(ENT_OPPORTUNITIES, NULL, base, c->lookups);
	cJSON_Delete(base);
	long i = edit_field_index(c->close_form, "close_date");
	char *err = NULL;
	if (i < 0 || !edit_set_text(c->close_form, (size_t)i, c->close_date, 0, &err)) {
		c->close_message = err ? err : xstrdup("the close date could not be set");
		c->state = CONVERT_DONE;
		return NULL;
	}
	struct api_request *req = save_begin(&c->close, ENT_OPPORTUNITIES, c->opportunity_id,
					     c->close_form, c->opportunity != NULL, 0);
	if (!req) {
		c->close_set = c->close.state == SAVE_DONE;
		c->state = CONVERT_DONE;
		return NULL;
	}
	c->state = CONVERT_CLOSING;
	return req;
}

static struct api_request *sent_answer(struct convert *c, const struct api_result *r)
{
	const cJSON *person = json_get(r->json, "person");
	if (r->error.kind == APIE_NONE && cJSON_IsObject(person) && json_member_i64(person, "id")) {
		c->person = cJSON_Duplicate(person, true);
		c->person_id = json_member_i64(person, "id");
		if (cJSON_IsObject(json_get(r->json, "company")))
			c->company = cJSON_Duplicate(json_get(r->json, "company"), true);
		if (cJSON_IsObject(json_get(r->json, "opportunity"))) {
			c->opportunity = cJSON_Duplicate(json_get(r->json, "opportunity"), true);
			c->opportunity_id = json_member_i64(c->opportunity, "id");
		}
		return converted(c);
	}
	const char *why = r->error.message ? r->error.message
			: "Copper's answer did not name the person it made";
	enum api_error_kind kind = r->error.kind == APIE_NONE ? APIE_PROTOCOL : r->error.kind;
	c->error = kind;
	if (kind == APIE_INVALID || kind == APIE_NOT_FOUND || kind == APIE_FORBIDDEN ||
	    kind == APIE_REFUSED) {
		say(c, CONVERT_REFUSED, "%s", why);
		return NULL;
	}
	if (!api_error_maybe_done(kind)) {
		say(c, CONVERT_FAILED, "%s", why);
		return NULL;
	}
	/* it may have happened: look for the lead before saying either way */
	free(c->message);
	c->message = sanitize_line(why, strlen(why));
	c->after_lost_answer = true;
	c->state = CONVERT_VERIFYING;
	return api_find_lead(c->lead_id);
}

static struct api_request *verify_answer(struct convert *c, const struct api_result *r)
{
	if (r->error.kind != APIE_NONE || !cJSON_IsArray(r->json)) {
		say(c, CONVERT_UNKNOWN, "the answer was lost (%s), and the lead could not be looked "
		    "for: %s", c->message ? c->message : "",
		    r->error.message ? r->error.message : "the answer was not a list");
		return NULL;
	}
	const cJSON *lead;
	cJSON_ArrayForEach(lead, r->json) {
		if (json_member_i64(lead, "id") != c->lead_id)
			continue;
		if (!convert_lead_converted(lead)) {
			say(c, CONVERT_FAILED, "the lead, looked for after the answer was lost, is not "
			    "converted: nothing was made (%s)", c->message ? c->message : "");
			return NULL;
		}
		c->person_id = json_member_i64(lead, "converted_contact_id");
		c->opportunity_id = json_member_i64(lead, "converted_opportunity_id");
		return converted(c);
	}
	c->state = CONVERT_GONE;
	return NULL;
}

struct api_request *convert_answer(struct convert *c, const struct api_result *r)
{
	switch (c->state) {
	case CONVERT_SENDING:
		return sent_answer(c, r);
	case CONVERT_VERIFYING:
		return verify_answer(c, r);
	case CONVERT_CLOSING: {
		struct api_request *next = save_answer(&c->close, r);
		if (next)
			return next;
		c->close_set = c->close.state == SAVE_DONE;
		if (!c->close_set)
			c->close_message = xstrdup(c->close.message ? c->close.message
						   : c->close.state == SAVE_CONFLICT
						   ? "someone changed it meanwhile" : "not saved");
		c->state = CONVERT_DONE;
		return NULL;
	}
	default:
		return NULL;
	}
}

void convert_resume(struct convert *c, int64_t lead_id, const cJSON *details,
		    const char *close_date, struct lookups *lookups)
{
	convert_clear(c);
	c->lead_id = lead_id;
	c->details = details ? cJSON_Duplicate(details, true) : NULL;
	c->close_date = close_date ? xstrdup(close_date) : NULL;
	c->lookups = lookups;
	c->after_lost_answer = true;
	c->state = CONVERT_UNKNOWN;
	c->message = xstrdup("it was sent before patina stopped");
}

struct api_request *convert_recheck(struct convert *c)
{
	if (c->state != CONVERT_UNKNOWN)
		return NULL;
	c->state = CONVERT_VERIFYING;
	return api_find_lead(c->lead_id);
}
