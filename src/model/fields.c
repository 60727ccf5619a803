/* fields.c - see fields.h: which fields a record shows, from its layout
 * and the per-entity maps of layout keys; fields_render.c renders each. */
#include "config.h"

#include "model/fields.h"
#include "model/fields_internal.h"
#include "model/layout.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- the per-entity maps ------------------------------------------------- */

#define TEXT(k, rk, lbl) { k, rk, R_TEXT, true, lbl, NULL, LOOKUP_COUNT }
#define RO(k, rk, how, lbl) { k, rk, how, false, lbl, NULL, LOOKUP_COUNT }
#define ED(k, rk, how, lbl) { k, rk, how, true, lbl, NULL, LOOKUP_COUNT }
#define LOOK(k, rk, which, lbl) { k, rk, R_LOOKUP, true, lbl, NULL, which }
#define LIST(k, rk, sub, lbl) { k, rk, R_CONTACT_LIST, true, lbl, sub, LOOKUP_COUNT }

#define NAME_PARTS \
	TEXT("prefix", "prefix", NULL), \
	TEXT("first_name", "first_name", NULL), \
	TEXT("middle_name", "middle_name", NULL), \
	TEXT("last_name", "last_name", NULL), \
	TEXT("suffix", "suffix", NULL)

#define COMMON_TAIL \
	ED("details", "details", R_LONGTEXT, "Description"), \
	ED("tags", "tags", R_STRING_LIST, "Tags"), \
	RO("created_date", "date_created", R_DATE, "Created"), \
	RO("modified_date", "date_modified", R_DATE, "Modified")

#define CONTACT_INFO \
	LIST("phones", "phone_numbers", "number", "Phones"), \
	LIST("websites", "websites", "url", "Websites"), \
	LIST("socials", "socials", "url", "Social Media Accounts"), \
	ED("address", "address", R_ADDRESS, "Address")

static const struct keymap people_map[] = {
	ED("full_name", "name", R_PERSON_NAME, "Name"),
	ED("primary_organization", "company_id", R_COMPANY, "Company"),
	TEXT("title", "title", "Title"),
	LOOK("contact_group_id", "contact_type_id", LOOKUP_CONTACT_TYPES, "Contact Type"),
	ED("assignee", "assignee_id", R_USER, "Owner"),
	LIST("emails", "emails", "email", "Emails"),
	CONTACT_INFO,
	COMMON_TAIL,
	RO("interaction_count", "interaction_count", R_NUMBER, "Interactions"),
	RO("last_contacted", "date_last_contacted", R_DATE, "Last Contacted"),
	NAME_PARTS,
	ED("company_name", "company_id", R_COMPANY, NULL),
};

static const struct keymap companies_map[] = {
	TEXT("name", "name", "Name"),
	TEXT("email_domain", "email_domain", "Email Domain"),
	LOOK("contact_group_id", "contact_type_id", LOOKUP_CONTACT_TYPES, "Contact Type"),
	ED("assignee", "assignee_id", R_USER, "Owner"),
	ED("primary_contact", "primary_contact_id", R_PRIMARY_CONTACT, "Primary Contact"),
	CONTACT_INFO,
	COMMON_TAIL,
	RO("interaction_count", "interaction_count", R_NUMBER, "Interactions"),
	RO("last_contacted", "date_last_contacted", R_DATE, "Last Contacted"),
	ED("related_contact", "primary_contact_id", R_PRIMARY_CONTACT, NULL),
};

static const struct keymap leads_map[] = {
	ED("full_name", "name", R_PERSON_NAME, "Name"),
	TEXT("company_name", "company_name", "Company"),
	TEXT("title", "title", "Title"),
	ED("status", "status_id", R_LEAD_STATUS, "Status"),
	LOOK("customer_source_id", "customer_source_id", LOOKUP_CUSTOMER_SOURCES, "Source"),
	ED("assignee", "assignee_id", R_USER, "Owner"),
	ED("monetary_value", "monetary_value", R_MONEY, "Value"),
	LIST("email", "email", "email", "Email"),
	CONTACT_INFO,
	COMMON_TAIL,
	RO("interaction_count", "interaction_count", R_NUMBER, "Interactions"),
	RO("last_contacted", "date_last_contacted", R_DATE, "Last Contacted"),
	NAME_PARTS,
	LIST("emails", "email", "email", NULL),
	TEXT("primary_organization", "company_name", NULL),
};

static const struct keymap opportunities_map[] = {
	TEXT("name", "name", "Name"),
	ED("pipeline_id", "pipeline_id", R_PIPELINE, "Pipeline"),
	ED("related_contact", "primary_contact_id", R_PRIMARY_CONTACT, "Primary Contact"),
	ED("deal_date", "close_date", R_CLOSE_DATE, "Close Date"),
	ED("related_organization", "company_id", R_COMPANY, "Company"),
	TEXT("status", "status", "Status"),
	ED("assignee", "assignee_id", R_USER, "Owner"),
	ED("stage_id", "pipeline_stage_id", R_STAGE, "Stage"),
	LOOK("customer_source_id", "customer_source_id", LOOKUP_CUSTOMER_SOURCES, "Source"),
	RO("created_date", "date_created", R_DATE, "Created"),
	ED("monetary_value", "monetary_value", R_MONEY, "Value"),
	TEXT("priority", "priority", "Priority"),
	ED("win_probability", "win_probability", R_PERCENT, "Win Percentage"),
	LOOK("loss_reason_id", "loss_reason_id", LOOKUP_LOSS_REASONS, "Loss Reason"),
	ED("details", "details", R_LONGTEXT, "Description"),
	ED("tags", "tags", R_STRING_LIST, "Tags"),
	RO("modified_date", "date_modified", R_DATE, "Modified"),
	RO("interaction_count", "interaction_count", R_NUMBER, "Interactions"),
	RO("last_contacted", "date_last_contacted", R_DATE, "Last Contacted"),
	RO("stage_changed_date", "date_stage_changed", R_DATE, NULL),
	ED("primary_contact", "primary_contact_id", R_PRIMARY_CONTACT, NULL),
	ED("company_name", "company_id", R_COMPANY, NULL),
};

static const struct keymap projects_map[] = {
	TEXT("name", "name", "Name"),
	ED("related_resource", "related_resource", R_RELATED, "Related To"),
	ED("assignee", "assignee_id", R_USER, "Owner"),
	TEXT("status", "status", "Status"),
	COMMON_TAIL,
};

static const struct keymap tasks_map[] = {
	TEXT("name", "name", "Name"),
	ED("related_resource", "related_resource", R_RELATED, "Related To"),
	ED("assignee", "assignee_id", R_USER, "Owner"),
	ED("due_date", "due_date", R_DATE, "Due Date"),
	ED("reminder_date", "reminder_date", R_DATE, "Reminder"),
	TEXT("priority", "priority", "Priority"),
	TEXT("status", "status", "Status"),
	ED("activity_type", "custom_activity_type_id", R_ACTIVITY_TYPE, "Type"),
	COMMON_TAIL,
	RO("completed_date", "completed_date", R_DATE, "Completed"),
};

struct entity_map {
	const struct keymap *map;
	size_t count;
};

static const struct entity_map maps[ENT_COUNT] = {
	[ENT_PEOPLE] = { people_map, ARRAY_SIZE(people_map) },
	[ENT_COMPANIES] = { companies_map, ARRAY_SIZE(companies_map) },
	[ENT_LEADS] = { leads_map, ARRAY_SIZE(leads_map) },
	[ENT_OPPORTUNITIES] = { opportunities_map, ARRAY_SIZE(opportunities_map) },
	[ENT_PROJECTS] = { projects_map, ARRAY_SIZE(projects_map) },
	[ENT_TASKS] = { tasks_map, ARRAY_SIZE(tasks_map) },
};

/* By layout key, else by record key (so "assignee_id" also works). */
static const struct keymap *find_map(enum entity e, const char *key)
{
	if ((unsigned)e >= ENT_COUNT || !key)
		return NULL;
	const struct entity_map *m = &maps[e];
	for (size_t i = 0; i < m->count; i++)
		if (!strcmp(m->map[i].key, key))
			return &m->map[i];
	for (size_t i = 0; i < m->count; i++)
		if (!strcmp(m->map[i].record_key, key))
			return &m->map[i];
	return NULL;
}

const char *fields_record_key(enum entity e, const char *layout_key)
{
	int64_t id;
	if ((unsigned)e >= ENT_COUNT)
		return NULL;
	if (layout_custom_field_key(layout_key, &id))
		return "custom_fields";
	const struct keymap *k = find_map(e, layout_key);
	return k ? k->record_key : NULL;
}

/* ---- the list ------------------------------------------------------------ */

static void set_text(char **dst, const char *s, const char *fallback)
{
	char *t = s ? str_trim(sanitize_line(s, strlen(s))) : NULL;
	if (!t || !*t) {
		free(t);
		t = xstrdup(fallback);
	}
	*dst = t;
}

static void build_one(const struct ctx *c, struct field_list *out, const char *key,
		      const char *label, bool required)
{
	out->fields = xrealloc(out->fields, (out->count + 1) * sizeof(*out->fields));
	struct field *f = &out->fields[out->count++];
	memset(f, 0, sizeof(*f));
	f->kind = FIELD_TEXT;
	f->ref_entity = ENT_COUNT;
	f->required = required;
	f->lines = xcalloc(1, sizeof(*f->lines));
	set_text(&f->key, key, "");
	set_text(&f->label, label, *f->key ? f->key : "(unnamed field)");

	int64_t cf_id;
	const struct keymap *k;
	if (layout_custom_field_key(key, &cf_id)) {
		f->record_key = xstrdup("custom_fields");
		f->editable = true;
		field_render_custom(c, f, cf_id);
	} else if ((k = find_map(c->entity, key))) {
		f->record_key = xstrdup(k->record_key);
		f->editable = k->editable;
		field_render_static(c, f, k);
	} else if (key && *key && json_get(c->record, key)) {
		/* not mapped, but the record has a key of that very name */
		f->record_key = xstrdup(key);
		field_add_generic(f, json_get(c->record, key));
	} else {
		f->kind = FIELD_UNMAPPED;
		char *quoted = key ? sanitize_line(key, utf8_cut(key, strlen(key), KEY_QUOTE_MAX))
				   : xstrdup("");
		field_add_owned(f, *quoted
			  ? xasprintf("(patina cannot show this field yet: key '%s')", quoted)
			  : xstrdup("(patina cannot show this field yet: the layout gives it no key)"));
		free(quoted);
	}
	f->empty = f->nlines == 0 && f->kind != FIELD_UNMAPPED;
}

/* Layout keys of settings Copper's web app keeps to itself: the API has no
 * value for them on any record, so there is nothing to show (not an
 * unmapped field to apologise for). */
static bool web_app_only(const char *key)
{
	static const char *const keys[] = { "visibility" };
	for (size_t i = 0; key && i < ARRAY_SIZE(keys); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

static void build_default(const struct ctx *c, struct field_list *out)
{
	const struct entity_map *m = &maps[c->entity];
	for (size_t i = 0; i < m->count; i++)
		if (m->map[i].label)
			build_one(c, out, m->map[i].key, m->map[i].label, false);
	const cJSON *entry;
	cJSON_ArrayForEach(entry, json_get(c->record, "custom_fields")) {
		int64_t id;
		if (!json_int64(json_get(entry, "custom_field_definition_id"), &id) || id <= 0)
			continue;
		const cJSON *def = layout_find_id(c->definitions, "id", id);
		char *key = xasprintf("cf_%" PRId64, id);
		char *label = xasprintf("Custom field %" PRId64, id);
		const char *name = json_str(json_get(def, "name"));
		build_one(c, out, key, name && *name ? name : label, false);
		free(key);
		free(label);
	}
}

struct field_list *fields_build(enum entity e, const cJSON *layout, const cJSON *record,
				struct lookups *lookups, const struct refnames *names)
{
	struct field_list *out = xcalloc(1, sizeof(*out));
	if ((unsigned)e >= ENT_COUNT)
		return out;
	struct ctx c = {
		.entity = e,
		.record = cJSON_IsObject(record) ? record : NULL,
		.lookups = lookups,
		.names = names,
		.definitions = lookups ? lookups_get(lookups, LOOKUP_CUSTOM_FIELDS) : NULL,
	};
	if (!cJSON_IsArray(layout)) {
		build_default(&c, out);
		return out;
	}
	const cJSON *item;
	cJSON_ArrayForEach(item, layout) {
		struct layout_entry en;
		if (layout_read_entry(item, &en) && !web_app_only(en.key))
			build_one(&c, out, en.key, en.label, en.required);
	}
	return out;
}

void fields_free(struct field_list *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->count; i++) {
		struct field *x = &f->fields[i];
		for (size_t j = 0; j < x->nlines; j++)
			free(x->lines[j]);
		free(x->lines);
		free(x->label);
		free(x->key);
		free(x->record_key);
	}
	free(f->fields);
	free(f);
}
