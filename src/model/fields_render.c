/* fields_render.c - a record's values as display lines (fields.h): ids as
 * names, dates, money, lists, addresses, custom fields by their data type;
 * anything of a wrong type as its raw JSON, never a crash. */
#include "config.h"

#include "model/fields.h"
#include "model/fields_internal.h"
#include "model/layout.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- lines --------------------------------------------------------------- */

/* Takes ownership of s. Empty (after trimming) lines are dropped. */
void field_add_owned(struct field *f, char *s)
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
	field_add_owned(f, sanitize_line(s, strlen(s)));
}

static void add_unexpected(struct field *f, const cJSON *v)
{
	if (f->kind == FIELD_LONGTEXT)
		f->kind = FIELD_TEXT;
	field_add_owned(f, json_compact(v, FORMAT_RAW_MAX));
}

/* A scalar as text; arrays and objects as their raw JSON. */
static void add_scalar(struct field *f, const cJSON *v)
{
	if (json_is_nothing(v))
		return;
	if (cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v))
		field_add_owned(f, fields_format_scalar(v));
	else
		add_unexpected(f, v);
}

/* Anything: arrays become one line per element. */
void field_add_generic(struct field *f, const cJSON *v)
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

/* ---- values -------------------------------------------------------------- */

static void add_id_name(struct field *f, int64_t id, const char *name)
{
	if (name && *name)
		add_line(f, name);
	else
		field_add_owned(f, xasprintf("#%" PRId64, id));
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
		field_add_owned(f, xasprintf("#%" PRId64, id));
	else if (!json_is_nothing(idv))
		add_unexpected(f, idv);
}

const char *fields_primary_contact_name(const cJSON *record)
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
	field_add_owned(f, xasprintf("%s: %s", label, text));
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
		field_add_owned(f, sanitize_text(v->valuestring, strlen(v->valuestring)));
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
		field_add_owned(f, fields_format_date(t));
	else
		add_unexpected(f, v);
}

static void add_close_date(struct field *f, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		char *s = fields_format_date_string(v->valuestring);
		if (s)
			field_add_owned(f, s);
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
	field_add_owned(f, n);
}

static void add_money(struct field *f, const cJSON *v, const char *currency)
{
	if (json_is_nothing(v))
		return;
	if (cJSON_IsNumber(v))
		field_add_owned(f, fields_format_money(v->valuedouble, currency));
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
	field_add_owned(f, fields_format_contact(value, category));
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
		field_add_generic(f, v);
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
			part[i] = json_compact(p, FORMAT_RAW_MAX);
		else
			part[i] = xstrdup("");
	}
	field_add_owned(f, xstrdup(part[0]));
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
	field_add_owned(f, sb_detach(&sb));
	field_add_owned(f, xstrdup(part[4]));
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		free(part[i]);
}

void field_render_static(const struct ctx *c, struct field *f, const struct keymap *k)
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
		add_record_ref(c, f, v, fields_primary_contact_name(rec), ENT_PEOPLE);
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

/* ---- custom fields ------------------------------------------------------- */

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

void field_render_custom(const struct ctx *c, struct field *f, int64_t def_id)
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
		field_add_generic(f, json_is_nothing(computed) ? v : computed);
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
		field_add_generic(f, json_is_nothing(computed) ? v : computed);
	}
}
