/* edit_change.c - recording what the user changes (edit.h: edit_set_text,
 * edit_set_json, edit_revert): a value is checked, kept only when it
 * differs from the base, and a pipeline and its stage follow each other.
 */
#include "config.h"

#include "model/edit.h"
#include "model/edit_internal.h"
#include "model/dates.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <math.h> /* isfinite only: patina links without libm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- checking a JSON value ----------------------------------------------- */

/* Field i's value "nothing": null, or a refusal where a value is needed. */
static cJSON *cleared(const struct edit_form *f, size_t i, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	if (fld->type == EDIT_ENUM) {
		char *names = form_choice_names(fld, NULL, NULL);
		*msg = xasprintf("%s: expected one of %s", fld->label, names);
		free(names);
		return NULL;
	}
	if (fld->required || !priv_of(f, i)->clearable) {
		*msg = xasprintf("%s is required", fld->label);
		return NULL;
	}
	return cJSON_CreateNull();
}

static cJSON *check_id(const struct edit_form *f, size_t i, const cJSON *v, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	int64_t id;
	if (!json_whole(v, &id) || id <= 0) {
		*msg = xasprintf("%s: expected an id", fld->label);
		return NULL;
	}
	/* a stage may be of another pipeline: the pipeline follows it */
	bool known = !fld->nchoices || form_choice_by_id(fld, id) ||
		     (!strcmp(fld->key, "pipeline_stage_id") &&
		      form_stage_pipeline((const struct form *)f, id, NULL));
	if (fld->type == EDIT_CHOICE && !known) {
		*msg = xasprintf("%s: no %s with id %" PRId64, fld->label, priv_of(f, i)->noun, id);
		return NULL;
	}
	return cJSON_CreateNumber((double)id);
}

static cJSON *check_list(const struct edit_form *f, size_t i, const cJSON *v, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	const cJSON *item;
	cJSON *out = cJSON_CreateArray();
	if (!cJSON_IsArray(v))
		goto bad;
	cJSON_ArrayForEach(item, v) {
		cJSON *x = NULL;
		if (fld->type == EDIT_TAGS && json_str(item)) {
			char *t = clean_line(item->valuestring);
			if (*t)
				x = cJSON_CreateString(t);
			free(t);
			if (!x)
				continue;
		} else if (fld->type == EDIT_MULTI_CHOICE) {
			int64_t id;
			if (!json_whole(item, &id) || (fld->nchoices && !form_choice_by_id(fld, id)))
				goto bad;
			x = cJSON_CreateNumber((double)id);
		} else if (fld->type == EDIT_CONTACTS && json_str(json_get(item, fld->value_key))) {
			const char *cat = json_str(json_get(item, "category"));
			if (!(x = form_contact_item(fld, form_base_value(f, i),
						    json_get(item, fld->value_key)->valuestring, cat, msg)))
				goto fail;
		} else {
			goto bad;
		}
		bool dup = false;
		const cJSON *y;
		cJSON_ArrayForEach(y, out)
			dup |= fld->type != EDIT_CONTACTS && form_same_item(fld, x, y);
		if (dup)
			cJSON_Delete(x);
		else
			cJSON_AddItemToArray(out, x);
	}
	return out;
bad:
	*msg = xasprintf("%s: %s", fld->label, fld->type == EDIT_TAGS ? "expected a list of tags"
			 : fld->type == EDIT_MULTI_CHOICE ? "expected a list of option ids"
			 : "expected a list of entries");
fail:
	cJSON_Delete(out);
	return NULL;
}

/*
 * A JSON value for field i, checked and normalized; NULL with *msg. The
 * same rules as typed text, for values a picker or the board supplies.
 */
char *form_readonly_message(const struct edit_field *fld)
{
	return fld->readonly_why ? xasprintf("%s cannot be edited here: %s", fld->label,
					     fld->readonly_why)
				 : xasprintf("%s cannot be edited", fld->label);
}

cJSON *form_check_json(struct edit_form *f, size_t i, const cJSON *v, char **msg)
{
	struct edit_field *fld = &f->fields[i];
	struct fpriv *p = priv_of(f, i);
	int64_t t;

	if (fld->type == EDIT_READONLY) {
		*msg = form_readonly_message(fld);
		return NULL;
	}
	if (json_is_nothing(v))
		return cleared(f, i, msg);
	switch (fld->type) {
	case EDIT_TEXT:
	case EDIT_LONGTEXT:
	case EDIT_URL:
		if (json_str(v)) {
			char *s = fld->type == EDIT_LONGTEXT ? str_trim(sanitize_text(v->valuestring, strlen(v->valuestring)))
				  : clean_line(v->valuestring);
			cJSON *out = *s ? form_parse_text(f, i, s, 0, msg) : cleared(f, i, msg);
			free(s);
			return out;
		}
		break;
	case EDIT_CLOSE_DATE:
		/* literal dates only: "today" needs a clock */
		if (json_str(v)) {
			struct ymd d;
			char *s = clean_line(v->valuestring);
			bool ok = date_parse_calendar(s, &d);
			free(s);
			if (!ok) {
				*msg = xasprintf(DATE_EXPECTED, fld->label);
				return NULL;
			}
			s = date_close_text(d);
			cJSON *out = cJSON_CreateString(s);
			free(s);
			return out;
		}
		break;
	case EDIT_ENUM:
		/* exactly one of the values (any case) */
		for (size_t k = 0; json_str(v) && k < fld->nchoices; k++)
			if (ieq(v->valuestring, fld->choices[k].name))
				return cJSON_CreateString(fld->choices[k].name);
		return cleared(f, i, msg); /* says what is expected */
	case EDIT_NUMBER:
	case EDIT_MONEY:
	case EDIT_PERCENT:
		if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
			double d = v->valuedouble;
			if (fld->type == EDIT_MONEY && d < 0)
				*msg = xasprintf("%s: an amount cannot be negative", fld->label);
			else if (p->whole_percent && (d < 0 || d > 100 || d != (double)(int)d))
				*msg = xasprintf("%s: expected a whole number from 0 to 100", fld->label);
			return *msg ? NULL : cJSON_CreateNumber(d);
		}
		break;
	case EDIT_DATE:
		if (json_whole(v, &t))
			return cJSON_CreateNumber((double)t);
		break;
	case EDIT_CHECKBOX:
		if (cJSON_IsBool(v))
			return cJSON_CreateBool(cJSON_IsTrue(v));
		break;
	case EDIT_CHOICE:
		return check_id(f, i, v, msg);
	case EDIT_REFERENCE: {
		/* an id, or {"id": ..., "name": ...} from a picker (the name is shown) */
		const cJSON *idv = cJSON_IsObject(v) ? json_get(v, "id") : v;
		cJSON *out = check_id(f, i, idv, msg);
		if (out) {
			free(p->ref_name);
			p->ref_name = json_str(json_get(v, "name")) ? clean_line(json_get(v, "name")->valuestring) : NULL;
		}
		return out;
	}
	case EDIT_MULTI_CHOICE:
	case EDIT_TAGS:
	case EDIT_CONTACTS:
		return check_list(f, i, v, msg);
	case EDIT_EMAIL:
		if (json_str(json_get(v, "email")))
			return form_contact_item(fld, form_base_value(f, i),
						 json_get(v, "email")->valuestring,
						 json_str(json_get(v, "category")), msg);
		break;
	case EDIT_ADDRESS:
		if (cJSON_IsObject(v)) {
			static const char *const keys[] = { "street", "city", "state", "postal_code", "country" };
			cJSON *a = cJSON_CreateObject();
			bool any = false;
			for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
				char *s = clean_line(json_str(json_get(v, keys[k])));
				any |= *s != '\0';
				form_put_part(a, keys[k], s);
				free(s);
			}
			if (!any) {
				cJSON_Delete(a);
				return cleared(f, i, msg);
			}
			return a;
		}
		break;
	case EDIT_READONLY:
		break;
	}
	*msg = xasprintf("%s: a value of the wrong type", fld->label);
	return NULL;
}

/* ---- recording changes --------------------------------------------------- */

static void put_change(struct edit_form *f, size_t i, cJSON *v)
{
	char k[24];
	snprintf(k, sizeof(k), "%zu", i);
	cJSON_DeleteItemFromObjectCaseSensitive(f->changes, k);
	cJSON_AddItemToObject(f->changes, k, v);
}

void form_drop_change(struct edit_form *f, size_t i)
{
	char k[24];
	snprintf(k, sizeof(k), "%zu", i);
	cJSON_DeleteItemFromObjectCaseSensitive(f->changes, k);
	free(priv_of(f, i)->ref_name);
	priv_of(f, i)->ref_name = NULL;
}

/* v as field i's value: a change, or none when it means the base's value. */
void form_record_value(struct edit_form *f, size_t i, cJSON *v)
{
	if (form_same_value(f, i, form_base_value(f, i), v)) {
		cJSON_Delete(v);
		form_drop_change(f, i);
	} else {
		put_change(f, i, v);
	}
}

/* The pipeline changed (or was reverted): the stage choices follow, and a
 * stage outside the pipeline becomes the base's (if in it) or the first. */
static void pipeline_changed(struct edit_form *f)
{
	long p = form_find_field(f, "pipeline_id", 0);
	long s = form_find_field(f, "pipeline_stage_id", 0);
	if (s < 0 || f->fields[s].type != EDIT_CHOICE)
		return;
	struct edit_field *stage = &f->fields[s];
	int64_t pid = p >= 0 ? form_current_id(f, p) : 0, base_stage = 0;
	form_set_stages(form_of(f), stage, pid);
	if (!pid || !stage->nchoices || form_choice_by_id(stage, form_current_id(f, s)))
		return;
	if (json_id(form_base_value(f, (size_t)s), &base_stage) &&
	    form_choice_by_id(stage, base_stage))
		form_drop_change(f, (size_t)s);
	else
		form_record_value(f, (size_t)s, cJSON_CreateNumber((double)stage->choices[0].id));
}

/* A stage was chosen: its pipeline becomes the opportunity's. */
static void stage_changed(struct edit_form *f)
{
	long p = form_find_field(f, "pipeline_id", 0);
	long s = form_find_field(f, "pipeline_stage_id", 0);
	int64_t sp = form_stage_pipeline(form_of(f), form_current_id(f, s), NULL);
	if (p < 0 || f->fields[p].type != EDIT_CHOICE || !sp || sp == form_current_id(f, p))
		return;
	form_record_value(f, (size_t)p, cJSON_CreateNumber((double)sp));
	form_set_stages(form_of(f), &f->fields[s], sp);
}

void form_after_change(struct edit_form *f, size_t i)
{
	if (f->fields[i].cf_id)
		return;
	if (!strcmp(f->fields[i].key, "pipeline_id"))
		pipeline_changed(f);
	else if (!strcmp(f->fields[i].key, "pipeline_stage_id"))
		stage_changed(f);
}

static void clear_error(struct edit_field *fld)
{
	free(fld->error);
	fld->error = NULL;
}

void form_commit(struct edit_form *f, size_t i, cJSON *v)
{
	form_record_value(f, i, v);
	clear_error(&f->fields[i]);
	form_after_change(f, i);
}

bool form_refuse(struct edit_form *f, size_t i, char **error, char *msg)
{
	if (i < f->count) {
		free(f->fields[i].error);
		f->fields[i].error = xstrdup(msg);
	}
	if (error)
		*error = msg;
	else
		free(msg);
	return false;
}

/* Whether typed is text as shown, also as a one-line editor shows it
 * (lines joined with "; "). */
static bool same_text(const char *typed, const char *shown)
{
	if (!strcmp(typed, shown))
		return true;
	for (; *shown; shown++, typed++) {
		if (*shown == '\n') {
			if (strncmp(typed, "; ", 2) && strncmp(typed, ";", 1))
				return false;
			typed += typed[1] == ' ' ? 1 : 0;
		} else if (*typed != *shown) {
			return false;
		}
	}
	return !*typed;
}

/* What the user typed, cleaned: multi-line fields keep their lines. An
 * address keeps its leading empty line (an empty street). */
char *form_clean_input(enum edit_type type, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	if (!text)
		text = "";
	if (type != EDIT_LONGTEXT && type != EDIT_CONTACTS && type != EDIT_ADDRESS &&
	    type != EDIT_TAGS && type != EDIT_MULTI_CHOICE)
		return str_trim(sanitize_line(text, len));
	char *s = sanitize_text(text, len);
	if (type != EDIT_ADDRESS)
		return str_trim(s);
	/* "; " separates lines too (one-line editors); each line trimmed;
	 * blank lines after the second dropped */
	for (char *p = s; *p; p++)
		if (*p == ';')
			*p = '\n';
	char **lines = NULL;
	size_t n = 0;
	for (char *p = s;;) {
		char *end = strchr(p, '\n');
		lines = xrealloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = str_trim(xstrndup(p, end ? (size_t)(end - p) : strlen(p)));
		if (!end)
			break;
		p = end + 1;
	}
	while (n > 2 && !*lines[n - 1])
		free(lines[--n]);
	struct strbuf sb = { 0 };
	bool any = false;
	for (size_t k = 0; k < n; k++) {
		sb_printf(&sb, "%s%s", k ? "\n" : "", lines[k]);
		any |= *lines[k] != '\0';
	}
	free_items(lines, n);
	free(s);
	if (!any)
		sb_reset(&sb);
	return sb_detach(&sb);
}

bool edit_set_text(struct edit_form *f, size_t i, const char *text, int64_t now, char **error)
{
	if (error)
		*error = NULL;
	if (!f || i >= f->count)
		return f ? form_refuse(f, i, error, xstrdup("no such field")) : false;
	struct edit_field *fld = &f->fields[i];
	if (fld->type == EDIT_READONLY)
		return form_refuse(f, i, error, form_readonly_message(fld));

	char *typed = form_clean_input(fld->type, text);
	/* The base's own text is no change, however lossy the text is (a
	 * task's due time of day, a wrong-typed value, a name for an id).
	 * Except for the stage once the pipeline changed: the base's stage
	 * is not one of the new pipeline's, so it cannot be gone back to. */
	long pipeline = form_find_field(f, "pipeline_id", 0);
	bool moved = !fld->cf_id && !strcmp(fld->key, "pipeline_stage_id") && pipeline >= 0 &&
		     form_change(f, (size_t)pipeline);
	char *shown = form_value_text(f, i, form_base_value(f, i), true);
	if (!moved && same_text(typed, shown)) {
		free(typed);
		free(shown);
		form_drop_change(f, i);
		clear_error(fld);
		form_after_change(f, i);
		return true;
	}
	free(shown);
	/* ... and the change's own text keeps the change (a picked name) */
	if (form_change(f, i)) {
		shown = form_value_text(f, i, form_change(f, i), false);
		bool same = same_text(typed, shown);
		free(shown);
		if (same) {
			free(typed);
			clear_error(fld);
			return true;
		}
	}
	char *msg = NULL;
	cJSON *v = *typed ? form_parse_text(f, i, typed, now, &msg) : cleared(f, i, &msg);
	free(typed);
	if (!v)
		return form_refuse(f, i, error, msg ? msg : xasprintf("%s: not accepted", fld->label));
	if (fld->type == EDIT_REFERENCE) {
		free(priv_of(f, i)->ref_name);
		priv_of(f, i)->ref_name = NULL;
	}
	form_commit(f, i, v);
	return true;
}

bool edit_set_json(struct edit_form *f, size_t i, const cJSON *value, char **error)
{
	if (error)
		*error = NULL;
	if (!f || i >= f->count)
		return f ? form_refuse(f, i, error, xstrdup("no such field")) : false;
	char *msg = NULL;
	cJSON *v = form_check_json(f, i, value, &msg);
	if (!v)
		return form_refuse(f, i, error, msg ? msg : xasprintf("%s: not accepted", f->fields[i].label));
	form_commit(f, i, v);
	return true;
}

void edit_revert(struct edit_form *f, size_t i)
{
	if (!f || i >= f->count)
		return;
	form_drop_change(f, i);
	clear_error(&f->fields[i]);
	form_after_change(f, i);
}
