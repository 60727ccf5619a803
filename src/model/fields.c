/* fields.c - see fields.h */
#include "config.h"

#include "model/fields.h"
#include "model/layout.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How much of an unexpected value's JSON is shown. */
#define UNEXPECTED_MAX 200
/* How much of an unknown layout key is quoted. */
#define KEY_QUOTE_MAX 80

/* ---- the per-entity maps ------------------------------------------------ */

enum render {
	R_TEXT,          /* a string (numbers and booleans shown as such) */
	R_PERSON_NAME,   /* "name", else prefix first middle last suffix */
	R_LONGTEXT,      /* Markdown */
	R_USER,          /* a user id */
	R_LOOKUP,        /* an id in the look-up .lookup */
	R_ACTIVITY_TYPE, /* a task's custom_activity_type_id */
	R_PIPELINE,
	R_STAGE,
	R_LEAD_STATUS,   /* status_id, else the record's "status" string */
	R_COMPANY,       /* company_id, named by company_name */
	R_PRIMARY_CONTACT, /* primary_contact_id, named if the record has it */
	R_RELATED,       /* related_resource {id, type[, name]} */
	R_DATE,          /* Unix time */
	R_CLOSE_DATE,    /* "MM/DD/YYYY" */
	R_MONEY,         /* with the record's monetary_unit */
	R_PERCENT,
	R_NUMBER,
	R_CONTACT_LIST,  /* [{<sub>: ..., category: ...}] or one such object */
	R_ADDRESS,
	R_STRING_LIST    /* tags */
};

struct keymap {
	const char *key;        /* layout key */
	const char *record_key;
	enum render how;
	bool editable;
	const char *label;      /* label in the default layout; NULL: not in it */
	const char *sub;        /* R_CONTACT_LIST: the item's value key */
	enum lookup lookup;     /* R_LOOKUP */
};

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

/* ---- building a field --------------------------------------------------- */

struct ctx {
	enum entity entity;
	const cJSON *record;
	struct lookups *lookups;
	const struct refnames *names; /* names of related records, or NULL */
	const cJSON *definitions; /* custom field definitions, or NULL */
};

/* Takes ownership of s. Empty (after trimming) lines are dropped. */
static void add_owned(struct field *f, char *s)
{
	if (f->kind != FIELD_LONGTEXT)
		str_trim(s);
	bool blank = true;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\n') {
			blank = false;
			break;
		}
	if (blank) {
		free(s);
		return;
	}
	f->lines = xrealloc(f->lines, (f->nlines + 2) * sizeof(*f->lines));
	f->lines[f->nlines++] = s;
	f->lines[f->nlines] = NULL;
}

static void add_line(struct field *f, const char *s)
{
	add_owned(f, sanitize_line(s, strlen(s)));
}

static void add_unexpected(struct field *f, const cJSON *v)
{
	if (f->kind == FIELD_LONGTEXT)
		f->kind = FIELD_TEXT;
	add_owned(f, json_compact(v, UNEXPECTED_MAX));
}

/* A scalar as text; arrays and objects as their raw JSON. */
static void add_scalar(struct field *f, const cJSON *v)
{
	if (json_is_nothing(v))
		return;
	if (cJSON_IsString(v))
		add_line(f, v->valuestring);
	else if (cJSON_IsNumber(v))
		add_owned(f, fields_format_number(v->valuedouble));
	else if (cJSON_IsBool(v))
		add_line(f, cJSON_IsTrue(v) ? "Yes" : "No");
	else
		add_unexpected(f, v);
}

/* Anything: arrays become one line per element. */
static void add_generic(struct field *f, const cJSON *v)
{
	if (cJSON_IsArray(v)) {
		const cJSON *item;
		f->kind = FIELD_LIST;
		cJSON_ArrayForEach(item, v)
			add_scalar(f, item);
	} else {
		add_scalar(f, v);
	}
}

static void add_id_name(struct field *f, int64_t id, const char *name)
{
	if (name && *name)
		add_line(f, name);
	else
		add_owned(f, xasprintf("#%" PRId64, id));
}

/* An id resolved by resolve(), "#id" when unknown. */
static void add_ref(struct field *f, const cJSON *v, struct lookups *l,
		    const char *(*resolve)(struct lookups *, int64_t))
{
	int64_t id;
	if (json_is_nothing(v))
		return;
	if (!json_int64(v, &id)) {
		add_unexpected(f, v);
		return;
	}
	add_id_name(f, id, l ? resolve(l, id) : NULL);
}

static const char *contact_type_name(struct lookups *l, int64_t id)
{
	return lookups_name(l, LOOKUP_CONTACT_TYPES, id);
}
static const char *customer_source_name(struct lookups *l, int64_t id)
{
	return lookups_name(l, LOOKUP_CUSTOMER_SOURCES, id);
}
static const char *loss_reason_name(struct lookups *l, int64_t id)
{
	return lookups_name(l, LOOKUP_LOSS_REASONS, id);
}
static const char *lead_status_name(struct lookups *l, int64_t id)
{
	return lookups_name(l, LOOKUP_LEAD_STATUSES, id);
}

/* Task types are user activity types: look there first, as system types
 * may reuse the same ids. */
static const char *activity_type_name(struct lookups *l, int64_t id)
{
	const cJSON *types = lookups_get(l, LOOKUP_ACTIVITY_TYPES), *t;
	cJSON_ArrayForEach(t, json_get(types, "user")) {
		int64_t tid;
		if (json_int64(json_get(t, "id"), &tid) && tid == id)
			return json_str(json_get(t, "name"));
	}
	return lookups_name(l, LOOKUP_ACTIVITY_TYPES, id);
}

static void set_ref(struct field *f, int64_t id, enum entity e)
{
	if (id > 0) {
		f->ref_id = id;
		f->ref_entity = e;
	}
}

/* A related record given by an id key and, perhaps, a name. */
static void add_record_ref(const struct ctx *c, struct field *f, const cJSON *idv, const char *name,
			   enum entity e)
{
	int64_t id = 0;
	bool have_id = json_int64(idv, &id);
	if (have_id)
		set_ref(f, id, e);
	if (!(name && *name) && have_id && c->names)
		name = refnames_get(c->names, e, id);
	if (name && *name)
		add_line(f, name);
	else if (have_id)
		add_owned(f, xasprintf("#%" PRId64, id));
	else if (!json_is_nothing(idv))
		add_unexpected(f, idv);
}

static const char *primary_contact_name(const cJSON *record)
{
	const cJSON *pc = json_get(record, "primary_contact");
	const char *name = json_str(pc);
	if (!name)
		name = json_str(json_get(pc, "name"));
	if (!name)
		name = json_str(json_get(record, "primary_contact_name"));
	return name;
}

static void add_related(const struct ctx *c, struct field *f, const cJSON *v)
{
	if (json_is_nothing(v))
		return;
	if (!cJSON_IsObject(v)) {
		add_unexpected(f, v);
		return;
	}
	const cJSON *idv = json_get(v, "id"), *typev = json_get(v, "type");
	const char *type = json_str(typev), *name = json_str(json_get(v, "name"));
	int64_t id = 0;
	bool have_id = json_int64(idv, &id);
	if (!have_id && !json_is_nothing(idv)) {
		add_unexpected(f, v);
		return;
	}
	if (!have_id && !(name && *name))
		return; /* {"id": null, "type": null}: nothing related */
	enum entity e;
	char *label;
	if (type && entity_parse(type, &e)) {
		label = xstrdup(entity_title(e));
		if (have_id)
			set_ref(f, id, e);
		if (!(name && *name) && have_id && c->names)
			name = refnames_get(c->names, e, id);
	} else if (type && *type) {
		label = str_trim(sanitize_line(type, utf8_cut(type, strlen(type), KEY_QUOTE_MAX)));
	} else {
		label = xstrdup("Record");
	}
	char *text = name && *name ? str_trim(sanitize_line(name, strlen(name)))
				   : xasprintf("#%" PRId64, id);
	add_owned(f, xasprintf("%s: %s", label, text));
	free(label);
	free(text);
}

static void add_person_name(struct field *f, const cJSON *record, const cJSON *v)
{
	if (cJSON_IsString(v) && *v->valuestring) {
		add_line(f, v->valuestring);
		return;
	}
	if (!json_is_nothing(v) && !cJSON_IsString(v)) {
		add_unexpected(f, v);
		return;
	}
	static const char *const parts[] = { "prefix", "first_name", "middle_name", "last_name", "suffix" };
	struct strbuf sb = { 0 };
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		const char *p = json_str(json_get(record, parts[i]));
		if (p && *p) {
			if (sb.len)
				sb_putc(&sb, ' ');
			sb_puts(&sb, p);
		}
	}
	if (sb.len)
		add_line(f, sb.data);
	sb_free(&sb);
}

static void add_longtext(struct field *f, const cJSON *v)
{
	if (json_is_nothing(v))
		return;
	if (cJSON_IsString(v)) {
		f->kind = FIELD_LONGTEXT;
		add_owned(f, sanitize_text(v->valuestring, strlen(v->valuestring)));
	} else if (cJSON_IsNumber(v)) {
		f->kind = FIELD_TEXT;
		add_scalar(f, v);
	} else {
		add_unexpected(f, v);
	}
}

static void add_date(struct field *f, const cJSON *v)
{
	int64_t t;
	if (json_is_nothing(v))
		return;
	if (cJSON_IsNumber(v) && json_int64(v, &t))
		add_owned(f, fields_format_date(t));
	else
		add_unexpected(f, v);
}

static void add_close_date(struct field *f, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		char *s = fields_format_date_string(v->valuestring);
		if (s)
			add_owned(f, s);
		else
			add_line(f, v->valuestring); /* shown as the server wrote it */
		return;
	}
	add_date(f, v);
}

static void add_number(struct field *f, const cJSON *v, const char *suffix)
{
	if (json_is_nothing(v))
		return;
	if (!cJSON_IsNumber(v)) {
		add_unexpected(f, v);
		return;
	}
	char *n = fields_format_number(v->valuedouble);
	if (suffix && isfinite(v->valuedouble)) {
		char *t = xasprintf("%s%s", n, suffix);
		free(n);
		n = t;
	}
	add_owned(f, n);
}

static void add_money(struct field *f, const cJSON *v, const char *currency)
{
	if (json_is_nothing(v))
		return;
	if (cJSON_IsNumber(v))
		add_owned(f, fields_format_money(v->valuedouble, currency));
	else
		add_unexpected(f, v);
}

/* {"email": "a@b", "category": "work"} -> "a@b (work)" */
static void add_contact_item(struct field *f, const cJSON *item, const char *sub)
{
	if (!cJSON_IsObject(item)) {
		add_scalar(f, item);
		return;
	}
	const cJSON *val = json_get(item, sub);
	const char *value = json_str(val);
	const char *category = json_str(json_get(item, "category"));
	if (!value) {
		if (!cJSON_IsNull(val)) /* missing or of a wrong type */
			add_unexpected(f, item);
		return;
	}
	char *vs = str_trim(sanitize_line(value, strlen(value)));
	if (*vs && category && *category) {
		char *cs = str_trim(sanitize_line(category, strlen(category)));
		char *t = *cs ? xasprintf("%s (%s)", vs, cs) : xstrdup(vs);
		free(cs);
		free(vs);
		vs = t;
	}
	add_owned(f, vs);
}

static void add_contact_list(struct field *f, const cJSON *v, const char *sub)
{
	const cJSON *item;
	if (json_is_nothing(v))
		return;
	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(item, v)
			add_contact_item(f, item, sub);
	} else if (cJSON_IsObject(v) || cJSON_IsString(v)) {
		add_contact_item(f, v, sub);
	} else {
		add_unexpected(f, v);
	}
}

static void add_string_list(struct field *f, const cJSON *v)
{
	if (cJSON_IsArray(v) || cJSON_IsString(v))
		add_generic(f, v);
	else if (!json_is_nothing(v))
		add_unexpected(f, v);
}

/* street / city, state postal_code / country, skipping empty parts */
static void add_address(struct field *f, const cJSON *v)
{
	if (json_is_nothing(v))
		return;
	if (cJSON_IsString(v)) {
		add_line(f, v->valuestring);
		return;
	}
	if (!cJSON_IsObject(v)) {
		add_unexpected(f, v);
		return;
	}
	static const char *const keys[] = { "street", "city", "state", "postal_code", "country" };
	char *part[ARRAY_SIZE(keys)];
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const cJSON *p = json_get(v, keys[i]);
		if (cJSON_IsString(p))
			part[i] = str_trim(sanitize_line(p->valuestring, strlen(p->valuestring)));
		else if (cJSON_IsNumber(p)) /* a postal code sent as a number */
			part[i] = fields_format_number(p->valuedouble);
		else if (!json_is_nothing(p))
			part[i] = json_compact(p, UNEXPECTED_MAX);
		else
			part[i] = xstrdup("");
	}
	add_owned(f, xstrdup(part[0]));
	struct strbuf sb = { 0 };
	sb_puts(&sb, part[1]);
	if (*part[2] || *part[3]) {
		if (sb.len)
			sb_puts(&sb, ", ");
		sb_puts(&sb, part[2]);
		if (*part[2] && *part[3])
			sb_putc(&sb, ' ');
		sb_puts(&sb, part[3]);
	}
	add_owned(f, sb_detach(&sb));
	add_owned(f, xstrdup(part[4]));
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		free(part[i]);
}

static void render_static(const struct ctx *c, struct field *f, const struct keymap *k)
{
	const cJSON *rec = c->record;
	const cJSON *v = json_get(rec, k->record_key);
	struct lookups *l = c->lookups;
	int64_t id;

	switch (k->how) {
	case R_TEXT:
		add_scalar(f, v);
		break;
	case R_PERSON_NAME:
		add_person_name(f, rec, v);
		break;
	case R_LONGTEXT:
		add_longtext(f, v);
		break;
	case R_USER:
		add_ref(f, v, l, lookups_user_name);
		break;
	case R_LOOKUP:
		add_ref(f, v, l,
			k->lookup == LOOKUP_CONTACT_TYPES ? contact_type_name
			: k->lookup == LOOKUP_CUSTOMER_SOURCES ? customer_source_name
			: loss_reason_name);
		break;
	case R_ACTIVITY_TYPE:
		add_ref(f, v, l, activity_type_name);
		break;
	case R_PIPELINE:
		add_ref(f, v, l, lookups_pipeline_name);
		break;
	case R_STAGE:
		add_ref(f, v, l, lookups_stage_name);
		break;
	case R_LEAD_STATUS: {
		const char *status = json_str(json_get(rec, "status"));
		if (json_int64(v, &id)) {
			const char *name = l ? lead_status_name(l, id) : NULL;
			add_id_name(f, id, name ? name : status);
		}
		else if (status && *status)
			add_line(f, status);
		else if (!json_is_nothing(v))
			add_unexpected(f, v);
		break;
	}
	case R_COMPANY:
		add_record_ref(c, f, v, json_str(json_get(rec, "company_name")), ENT_COMPANIES);
		break;
	case R_PRIMARY_CONTACT:
		add_record_ref(c, f, v, primary_contact_name(rec), ENT_PEOPLE);
		break;
	case R_RELATED:
		add_related(c, f, v);
		break;
	case R_DATE:
		add_date(f, v);
		break;
	case R_CLOSE_DATE:
		add_close_date(f, v);
		break;
	case R_MONEY:
		add_money(f, v, json_str(json_get(rec, "monetary_unit")));
		break;
	case R_PERCENT:
		add_number(f, v, "%");
		break;
	case R_NUMBER:
		add_number(f, v, NULL);
		break;
	case R_CONTACT_LIST:
		f->kind = FIELD_LIST;
		add_contact_list(f, v, k->sub);
		break;
	case R_ADDRESS:
		f->kind = FIELD_ADDRESS;
		add_address(f, v);
		break;
	case R_STRING_LIST:
		f->kind = FIELD_LIST;
		add_string_list(f, v);
		break;
	}
}

/* ---- custom fields ------------------------------------------------------ */

static void add_option(struct field *f, const cJSON *def, const cJSON *v)
{
	int64_t id;
	if (json_is_nothing(v))
		return;
	if (!json_int64(v, &id)) {
		add_unexpected(f, v);
		return;
	}
	const cJSON *opt = layout_find_id(json_get(def, "options"), "id", id);
	add_id_name(f, id, json_str(json_get(opt, "name")));
}

static void render_custom(const struct ctx *c, struct field *f, int64_t def_id)
{
	const cJSON *cfs = json_get(c->record, "custom_fields");
	const cJSON *def = layout_find_id(c->definitions, "id", def_id);
	if (cfs && !cJSON_IsArray(cfs) && !cJSON_IsNull(cfs)) {
		add_unexpected(f, cfs);
		return;
	}
	const cJSON *entry = layout_find_id(cfs, "custom_field_definition_id", def_id);
	const cJSON *v = json_get(entry, "value");
	const char *type = json_str(json_get(def, "data_type"));
	if (json_is_nothing(v))
		return;
	if (!type) {
		/* no definition: the server's own labels if it sent them */
		const cJSON *computed = json_get(entry, "computed_value");
		add_generic(f, json_is_nothing(computed) ? v : computed);
		return;
	}
	if (!strcmp(type, "String") || !strcmp(type, "URL")) {
		add_scalar(f, v);
	} else if (!strcmp(type, "Text")) {
		add_longtext(f, v);
	} else if (!strcmp(type, "Dropdown")) {
		add_option(f, def, v);
	} else if (!strcmp(type, "MultiSelect")) {
		const cJSON *item;
		f->kind = FIELD_LIST;
		if (cJSON_IsArray(v)) {
			cJSON_ArrayForEach(item, v)
				add_option(f, def, item);
		} else {
			add_option(f, def, v);
		}
	} else if (!strcmp(type, "Checkbox")) {
		if (cJSON_IsBool(v))
			add_line(f, cJSON_IsTrue(v) ? "Yes" : "No");
		else if (cJSON_IsNumber(v) && (v->valuedouble == 0 || v->valuedouble == 1))
			add_line(f, v->valuedouble != 0 ? "Yes" : "No");
		else
			add_unexpected(f, v);
	} else if (!strcmp(type, "Date")) {
		add_date(f, v);
	} else if (!strcmp(type, "Float")) {
		add_number(f, v, NULL);
	} else if (!strcmp(type, "Percentage")) {
		add_number(f, v, "%");
	} else if (!strcmp(type, "Currency")) {
		add_money(f, v, json_str(json_get(def, "currency")));
	} else {
		/* Connect and types patina does not know yet */
		const cJSON *computed = json_get(entry, "computed_value");
		add_generic(f, json_is_nothing(computed) ? v : computed);
	}
}

/* ---- the list ----------------------------------------------------------- */

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
		render_custom(c, f, cf_id);
	} else if ((k = find_map(c->entity, key))) {
		f->record_key = xstrdup(k->record_key);
		f->editable = k->editable;
		render_static(c, f, k);
	} else if (key && *key && json_get(c->record, key)) {
		/* not mapped, but the record has a key of that very name */
		f->record_key = xstrdup(key);
		add_generic(f, json_get(c->record, key));
	} else {
		f->kind = FIELD_UNMAPPED;
		char *quoted = key ? sanitize_line(key, utf8_cut(key, strlen(key), KEY_QUOTE_MAX))
				   : xstrdup("");
		add_owned(f, *quoted
			  ? xasprintf("(patina cannot show this field yet: key '%s')", quoted)
			  : xstrdup("(patina cannot show this field yet: the layout gives it no key)"));
		free(quoted);
	}
	f->empty = f->nlines == 0 && f->kind != FIELD_UNMAPPED;
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
		if (layout_read_entry(item, &en))
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
