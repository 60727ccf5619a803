/* edit_draft.c - the form's state as a draft for the journal, and a form
 * from a draft (edit.h: edit_draft, edit_form_from_draft).
 */
#include "config.h"

#include "model/edit.h"
#include "model/edit_internal.h"
#include "util/json.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define DRAFT_VERSION 1

cJSON *edit_draft(const struct edit_form *f)
{
	if (!f)
		return NULL;
	cJSON *d = cJSON_CreateObject(), *changes = cJSON_CreateArray();
	const char *entity = entity_path(f->entity);
	cJSON_AddNumberToObject(d, "version", DRAFT_VERSION);
	if (entity)
		cJSON_AddStringToObject(d, "entity", entity);
	else
		cJSON_AddNullToObject(d, "entity");
	cJSON_AddNumberToObject(d, "id", (double)f->id);
	cJSON_AddItemToObject(d, "base", cJSON_Duplicate(f->base, true));
	for (size_t i = 0; i < f->count; i++) {
		const cJSON *c = form_change(f, i);
		if (!c)
			continue;
		cJSON *entry = cJSON_CreateObject();
		cJSON_AddStringToObject(entry, "key", f->fields[i].key);
		if (f->fields[i].cf_id)
			cJSON_AddNumberToObject(entry, "cf_id", (double)f->fields[i].cf_id);
		cJSON_AddItemToObject(entry, "value", cJSON_Duplicate(c, true));
		if (priv_of(f, i)->ref_name)
			cJSON_AddStringToObject(entry, "name", priv_of(f, i)->ref_name);
		cJSON_AddItemToArray(changes, entry);
	}
	cJSON_AddItemToObject(d, "changes", changes);
	return d;
}

/* Applies one change of a draft; a refusal names what is wrong. */
static char *apply_draft_change(struct edit_form *f, const cJSON *entry, bool *applied)
{
	const char *key = json_str(json_get(entry, "key"));
	const cJSON *cfv = json_get(entry, "cf_id"), *value = json_get(entry, "value");
	int64_t cf_id = 0;
	if (!cJSON_IsObject(entry) || !key || !value)
		return xstrdup("a change without a key or a value");
	if (cfv && (!json_whole(cfv, &cf_id) || cf_id <= 0))
		return xstrdup("a change with a bad custom field id");
	if (!cf_id && !strcmp(key, "custom_fields"))
		return xstrdup("a custom field change without its id");
	long i = form_find_field(f, key, cf_id);
	if (i < 0) {
		char *q = form_quote(key);
		char *m = cf_id ? xasprintf("it changes custom field %" PRId64 ", which this form does not have", cf_id)
				: xasprintf("it changes '%s', which this form does not have", q);
		free(q);
		return m;
	}
	if (applied[i])
		return xasprintf("two changes for %s", f->fields[i].label);
	applied[i] = true;
	const cJSON *name = json_get(entry, "name");
	cJSON *picked = NULL; /* a reference with its name, as a picker gives it */
	if (f->fields[i].type == EDIT_REFERENCE && json_str(name)) {
		picked = cJSON_CreateObject();
		cJSON_AddItemToObject(picked, "id", cJSON_Duplicate(value, true));
		cJSON_AddStringToObject(picked, "name", name->valuestring);
	}
	char *msg = NULL;
	cJSON *checked = form_check_json(f, (size_t)i, picked ? picked : value, &msg);
	cJSON_Delete(picked);
	if (!checked)
		return msg;
	form_record_value(f, (size_t)i, checked);
	form_after_change(f, (size_t)i);
	return NULL;
}

/* Checks a draft's shape: NULL (and *e, *id, *base) if it can be used,
 * else why not. */
static char *draft_problem(const cJSON *draft, enum entity *e, int64_t *id, const cJSON **base)
{
	const cJSON *version = json_get(draft, "version");
	const char *entity = json_str(json_get(draft, "entity"));
	int64_t v = 0;
	*base = json_get(draft, "base");
	if (!cJSON_IsObject(draft))
		return xstrdup("it is not a JSON object");
	if (!json_whole(version, &v))
		return xstrdup("it has no version");
	if (v != DRAFT_VERSION)
		return xasprintf("it is version %" PRId64 "; this patina reads version %d", v, DRAFT_VERSION);
	if (!entity || !entity_parse(entity, e))
		return xstrdup("it names no known record type");
	if (!json_whole(json_get(draft, "id"), id) || *id < 0)
		return xstrdup("its record id is not a whole number");
	if (!cJSON_IsObject(*base) && !(*id == 0 && json_is_nothing(*base)))
		return xstrdup("its record is not a JSON object");
	if (!cJSON_IsArray(json_get(draft, "changes")))
		return xstrdup("its changes are not a list");
	return NULL;
}

/* Applies the draft's changes to the form built for it (taken over):
 * the form, or NULL and *error. */
static struct edit_form *apply_draft(struct edit_form *f, const cJSON *draft, int64_t id,
				     char **error)
{
	const cJSON *entry;
	char *why = NULL;
	f->id = id;
	bool *applied = xcalloc(f->count + 1, sizeof(*applied));
	cJSON_ArrayForEach(entry, json_get(draft, "changes"))
		if ((why = apply_draft_change(f, entry, applied)))
			break;
	free(applied);
	if (why) {
		if (error)
			*error = xasprintf("The draft cannot be used: %s.", why);
		free(why);
		edit_form_free(f);
		return NULL;
	}
	return f;
}

static struct edit_form *refused(char *why, char **error)
{
	if (error)
		*error = xasprintf("The draft cannot be used: %s.", why);
	free(why);
	return NULL;
}

struct edit_form *edit_form_from_draft(const cJSON *draft, const cJSON *layout,
				       struct lookups *lookups, char **error)
{
	enum entity e = ENT_COUNT;
	int64_t id = 0;
	const cJSON *base;
	if (error)
		*error = NULL;
	char *why = draft_problem(draft, &e, &id, &base);
	if (why)
		return refused(why, error);
	/* the base decides, not the id: a record without a usable id still
	 * comes back as the edit it was, not as a create */
	struct edit_form *f = edit_form_new(e, layout,
					    cJSON_IsObject(base) && base->child ? base : NULL, lookups);
	return apply_draft(f, draft, id, error);
}

struct edit_form *edit_form_of_fields_from_draft(const cJSON *draft, const struct edit_spec *specs,
						 size_t n, struct lookups *lookups, char **error)
{
	enum entity e = ENT_COUNT;
	int64_t id = 0;
	const cJSON *base;
	if (error)
		*error = NULL;
	char *why = draft_problem(draft, &e, &id, &base);
	if (!why && !cJSON_IsObject(base))
		why = xstrdup("its values are not a JSON object");
	if (why)
		return refused(why, error);
	return apply_draft(edit_form_of_fields(e, specs, n, base, lookups), draft, id, error);
}
