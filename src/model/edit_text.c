/* edit_text.c - a field's value as the user would type it (edit.h:
 * edit_field_text): what the form shows in its editor, and what
 * edit_set_text() takes back as no change.
 */
#include "config.h"

#include "model/edit.h"
#include "model/edit_internal.h"
#include "model/dates.h"
#include "model/fields.h"
#include "model/format.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Items joined with ", ", or one per line when an item holds a comma. */
static char *join_items(char **items, size_t n)
{
	const char *sep = ", ";
	for (size_t i = 0; i < n; i++)
		if (strchr(items[i], ','))
			sep = "\n";
	struct strbuf sb = { 0 };
	sb_puts(&sb, "");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(&sb, sep);
		sb_puts(&sb, items[i]);
	}
	return sb_detach(&sb);
}

static char *choice_text(const struct edit_form *f, size_t i, int64_t id)
{
	const struct edit_choice *c = form_choice_by_id(&f->fields[i], id);
	const char *name = NULL;
	if (c)
		return xstrdup(c->name);
	/* a stage of another pipeline than the one now chosen */
	if (!strcmp(f->fields[i].key, "pipeline_stage_id") &&
	    form_stage_pipeline((const struct form *)f, id, &name) && name && *name)
		return clean_line(name);
	return xasprintf("#%" PRId64, id);
}

/* "value (category)" */
static char *contact_line(const struct edit_field *fld, const cJSON *item)
{
	if (!cJSON_IsObject(item))
		return fields_format_scalar(item);
	const cJSON *v = json_get(item, fld->value_key);
	if (!json_str(v))
		return json_is_nothing(v) ? xstrdup("") : json_compact(item, FORMAT_RAW_MAX);
	return fields_format_contact(v->valuestring, json_str(json_get(item, "category")));
}

/* One text per element: names for option ids, strings as themselves,
 * contact lines. */
static char *list_text(const struct edit_form *f, size_t i, const cJSON *v)
{
	const struct edit_field *fld = &f->fields[i];
	const cJSON *item;
	char **items = NULL;
	size_t n = 0;
	cJSON_ArrayForEach(item, v) {
		int64_t id;
		char *t = fld->type == EDIT_CONTACTS ? contact_line(fld, item)
			: fld->type == EDIT_MULTI_CHOICE && json_id(item, &id) ? choice_text(f, i, id)
			: fields_format_scalar(item);
		if (!*t) {
			free(t);
			continue;
		}
		items = xrealloc(items, (n + 1) * sizeof(*items));
		items[n++] = t;
	}
	char *s;
	if (fld->type == EDIT_CONTACTS) {
		struct strbuf sb = { 0 };
		sb_puts(&sb, "");
		for (size_t k = 0; k < n; k++)
			sb_printf(&sb, "%s%s", k ? "\n" : "", items[k]);
		s = sb_detach(&sb);
	} else {
		s = join_items(items, n);
	}
	free_items(items, n);
	return s;
}

/* A postal code may come as a number: the scalar's text covers it. */
static char *address_part(const cJSON *a, const char *key)
{
	return fields_format_scalar(json_get(a, key));
}

/*
 * street
 * city, state postal_code      (", state postal_code" when there is no city)
 * country
 * Trailing empty lines are dropped, except that a street holding a comma
 * keeps a line break after it so that it is not read as the comma form.
 */
static char *address_text(const cJSON *a)
{
	char *street = address_part(a, "street"), *city = address_part(a, "city");
	char *state = address_part(a, "state"), *postal = address_part(a, "postal_code");
	char *country = address_part(a, "country");
	struct strbuf line2 = { 0 }, sb = { 0 };
	sb_puts(&line2, city);
	if (*state || *postal)
		sb_printf(&line2, ", %s%s%s", state, *state && *postal ? " " : "", postal);
	sb_puts(&sb, street);
	if (*country)
		sb_printf(&sb, "\n%s\n%s", line2.data, country);
	else if (line2.len || strchr(street, ','))
		sb_printf(&sb, "\n%s", line2.data);
	sb_free(&line2);
	free(street);
	free(city);
	free(state);
	free(postal);
	free(country);
	return sb_detach(&sb);
}

static char *reference_text(const struct edit_form *f, size_t i, int64_t id, bool from_base)
{
	const char *name = NULL;
	if (!from_base)
		name = priv_of(f, i)->ref_name;
	else if (!strcmp(f->fields[i].key, "company_id"))
		name = json_str(json_get(f->base, "company_name"));
	else
		name = fields_primary_contact_name(f->base);
	char *s = clean_line(name);
	if (!*s) {
		free(s);
		s = xasprintf("#%" PRId64, id);
	}
	return s;
}

/* Read-only values: dates as dates, a related record as "type #id". */
static char *readonly_text(const struct edit_field *fld, const cJSON *v)
{
	int64_t t;
	if ((str_starts_with(fld->key, "date_") || !strcmp(fld->key, "completed_date")) && json_whole(v, &t))
		return date_local_text(t);
	if (cJSON_IsObject(v) && json_id(json_get(v, "id"), &t)) {
		const char *name = json_str(json_get(v, "name"));
		char *type = clean_line(json_str(json_get(v, "type")));
		char *s = name && *name ? clean_line(name) : xasprintf("%s%s#%" PRId64, type, *type ? " " : "", t);
		free(type);
		return s;
	}
	if (cJSON_IsObject(v) && json_is_nothing(json_get(v, "id")))
		return xstrdup(""); /* {"id": null, "type": null}: nothing related */
	return fields_format_scalar(v);
}

/* The value v of field i as the user would type it. from_base: v is the
 * base's (names of referenced records come from the record). */
char *form_value_text(const struct edit_form *f, size_t i, const cJSON *v, bool from_base)
{
	const struct edit_field *fld = &f->fields[i];
	int64_t x;
	if (json_is_nothing(v))
		return xstrdup("");
	switch (fld->type) {
	case EDIT_LONGTEXT:
		if (json_str(v))
			return str_trim(sanitize_text(v->valuestring, strlen(v->valuestring)));
		break;
	case EDIT_NUMBER:
	case EDIT_PERCENT:
		if (cJSON_IsNumber(v))
			return fields_format_number(v->valuedouble);
		break;
	case EDIT_MONEY:
		if (cJSON_IsNumber(v))
			return fields_format_money(v->valuedouble, NULL);
		break;
	case EDIT_DATE:
		if (json_whole(v, &x))
			return date_local_text(x);
		break;
	case EDIT_CLOSE_DATE: {
		struct ymd d;
		char *s = json_str(v) ? clean_line(v->valuestring) : NULL;
		if (s && date_parse_calendar(s, &d)) {
			free(s);
			return date_iso_text(d);
		}
		if (s)
			return s;
		if (json_whole(v, &x))
			return date_local_text(x);
		break;
	}
	case EDIT_CHOICE:
		if (json_id(v, &x))
			return choice_text(f, i, x);
		break;
	case EDIT_REFERENCE:
		if (json_id(v, &x))
			return reference_text(f, i, x, from_base);
		break;
	case EDIT_MULTI_CHOICE:
	case EDIT_TAGS:
	case EDIT_CONTACTS:
		if (cJSON_IsArray(v))
			return list_text(f, i, v);
		if (fld->type == EDIT_CONTACTS && cJSON_IsObject(v))
			return contact_line(fld, v);
		break;
	case EDIT_EMAIL:
		if (cJSON_IsObject(v))
			return contact_line(fld, v);
		break;
	case EDIT_ADDRESS:
		if (cJSON_IsObject(v))
			return address_text(v);
		break;
	case EDIT_READONLY:
		/* a person's company: by its name, as a reference shows it */
		if (fld->ref_entity == ENT_COMPANIES && json_id(v, &x))
			return reference_text(f, i, x, from_base);
		return readonly_text(fld, v);
	default:
		break;
	}
	return fields_format_scalar(v);
}

char *edit_field_text(const struct edit_form *f, size_t i)
{
	if (!f || i >= f->count)
		return xstrdup("");
	const cJSON *c = form_change(f, i);
	return form_value_text(f, i, c ? c : form_base_value(f, i), c == NULL);
}
