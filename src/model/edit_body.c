/* edit_body.c - what goes to the server and what comes back (edit.h):
 * update and create bodies, conflicts with the record as it is now and
 * rebasing on it, and the field a server's refusal names.
 */
#include "config.h"

#include "model/edit.h"
#include "model/edit_internal.h"
#include "model/layout.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* ---- bodies -------------------------------------------------------------- */

/* The changes as a body; skip_nulls for a create (nothing to clear). */
static cJSON *make_body(const struct edit_form *f, bool skip_nulls)
{
	cJSON *body = cJSON_CreateObject(), *cfs = NULL;
	for (size_t i = 0; i < f->count; i++) {
		const cJSON *c = form_change(f, i);
		const struct edit_field *fld = &f->fields[i];
		if (!c || (skip_nulls && form_blank(c)))
			continue;
		if (fld->cf_id) {
			cJSON *entry = cJSON_CreateObject();
			cJSON_AddNumberToObject(entry, "custom_field_definition_id", (double)fld->cf_id);
			cJSON_AddItemToObject(entry, "value", cJSON_Duplicate(c, true));
			if (!cfs)
				cfs = cJSON_CreateArray();
			cJSON_AddItemToArray(cfs, entry);
		} else {
			cJSON_AddItemToObject(body, fld->key, cJSON_Duplicate(c, true));
		}
	}
	if (cfs)
		cJSON_AddItemToObject(body, "custom_fields", cfs);
	return body;
}

cJSON *edit_body(const struct edit_form *f)
{
	return edit_change_count(f) ? make_body(f, false) : NULL;
}

cJSON *edit_create_body(const struct edit_form *f, char **error)
{
	if (error)
		*error = NULL;
	if (!f || (unsigned)f->entity >= ENT_COUNT) {
		if (error)
			*error = xstrdup("nothing to create");
		return NULL;
	}
	struct strbuf missing = { 0 };
	for (size_t i = 0; i < f->count; i++)
		if (f->fields[i].required && form_blank(edit_value(f, i)))
			sb_printf(&missing, "%s%s", missing.len ? ", " : "", f->fields[i].label);
	/* what the API requires even when the form has no field for it */
	if (form_find_field(f, "name", 0) < 0)
		sb_printf(&missing, "%sName", missing.len ? ", " : "");
	if (f->entity == ENT_OPPORTUNITIES && form_find_field(f, "primary_contact_id", 0) < 0)
		sb_printf(&missing, "%sPrimary Contact", missing.len ? ", " : "");
	if (missing.len) {
		if (error)
			*error = xasprintf("Required: %s", missing.data);
		sb_free(&missing);
		return NULL;
	}
	return make_body(f, true);
}

/* ---- conflicts ----------------------------------------------------------- */

size_t edit_conflicts(const struct edit_form *f, const cJSON *server, size_t **out)
{
	size_t n = 0;
	if (out)
		*out = NULL;
	if (!f || !out || !cJSON_IsObject(server))
		return 0;
	for (size_t i = 0; i < f->count; i++) {
		const cJSON *c = form_change(f, i);
		const cJSON *theirs = form_value_in(server, &f->fields[i]);
		/* both changed it, to different values */
		if (!c || form_same_value(f, i, form_base_value(f, i), theirs) ||
		    form_same_value(f, i, c, theirs))
			continue;
		*out = xrealloc(*out, (n + 1) * sizeof(**out));
		(*out)[n++] = i;
	}
	return n;
}

void edit_rebase(struct edit_form *f, const cJSON *server, const size_t *conflicts,
		 const bool *take_theirs, size_t nconflicts)
{
	if (!f || !cJSON_IsObject(server))
		return;
	for (size_t k = 0; conflicts && take_theirs && k < nconflicts; k++)
		if (take_theirs[k] && conflicts[k] < f->count)
			form_drop_change(f, conflicts[k]);
	cJSON_Delete(f->base);
	f->base = cJSON_Duplicate(server, true);
	/* a change that now equals the base is none */
	for (size_t i = 0; i < f->count; i++) {
		const cJSON *c = form_change(f, i);
		if (c && form_same_value(f, i, form_base_value(f, i), c))
			form_drop_change(f, i);
	}
	long s = form_find_field(f, "pipeline_stage_id", 0);
	if (s >= 0 && f->fields[s].type == EDIT_CHOICE)
		form_set_stages(form_of(f), &f->fields[s],
				form_current_id(f, form_find_field(f, "pipeline_id", 0)));
}

/* ---- server errors ------------------------------------------------------- */

/* "custom_fields[N]": the definition N, else the N-th custom field of the
 * body (the index into the array sent). */
static long custom_field_at(const struct edit_form *f, int64_t n)
{
	long hit = n > 0 ? form_find_field(f, NULL, n) : -1;
	for (size_t i = 0, k = 0; hit < 0 && i < f->count; i++)
		if (f->fields[i].cf_id && form_change(f, i) && (int64_t)k++ == n)
			hit = (long)i;
	return hit;
}

/* The number after a marker ("custom_fields[" 12), or -1. */
static int64_t number_after(const char *s, const char *marker)
{
	const char *p = ifind(s, marker);
	int64_t n = 0;
	if (!p)
		return -1;
	for (p += strlen(marker); *p == ' ' || *p == ':' || *p == '='; p++)
		;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9' && n < MAX_ID; p++)
		n = n * 10 + (*p - '0');
	return n;
}

static char *humanized(const char *key, bool drop_id)
{
	char *h = xstrdup(key);
	for (char *p = h; *p; p++)
		if (*p == '_')
			*p = ' ';
	size_t n = strlen(h);
	if (drop_id && n > 3 && !strcmp(h + n - 3, " id"))
		h[n - 3] = '\0';
	return h;
}

/* The field a name from a message stands for: record key, layout key,
 * label, key in words ("win probability", "primary contact"). */
static long field_named(const struct edit_form *f, const char *name)
{
	int64_t n;
	if ((n = number_after(name, "custom_fields[")) >= 0 || (n = number_after(name, "custom field ")) >= 0)
		return custom_field_at(f, n);
	if (layout_custom_field_key(name, &n))
		return form_find_field(f, NULL, n);
	for (size_t i = 0; i < f->count; i++) {
		const struct edit_field *fld = &f->fields[i];
		char *h1 = humanized(fld->key, false), *h2 = humanized(fld->key, true);
		bool hit = (!fld->cf_id && (ieq(name, fld->key) || ieq(name, h1) || ieq(name, h2))) ||
			   ieq(name, priv_of(f, i)->layout_key) || ieq(name, fld->label);
		free(h1);
		free(h2);
		if (hit)
			return (long)i;
	}
	return -1;
}

/* A quoted name: 'close_date', "Win Percentage", `emails[0].email`. */
static long match_quoted(const struct edit_form *f, const char *msg)
{
	for (const char *p = msg; *p; p++) {
		if (*p != '\'' && *p != '"' && *p != '`')
			continue;
		const char *end = strchr(p + 1, *p);
		if (!end)
			break;
		if (end - p - 1 > 0 && end - p - 1 <= 80) {
			char *name = xstrndup(p + 1, (size_t)(end - p - 1));
			long hit = field_named(f, name);
			if (hit < 0) { /* "emails[0].email" -> "emails" */
				name[strcspn(name, "[.")] = '\0';
				hit = *name ? field_named(f, name) : -1;
			}
			free(name);
			if (hit >= 0)
				return hit;
		}
		p = end;
	}
	return -1;
}

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A field's name anywhere in the words: the longest one found wins. */
static long match_words(const struct edit_form *f, const char *msg)
{
	/* Copper's and api.c's own words are not field names */
	static const char *const boilerplate[] = {
		"invalid value for field", "copper refused the request", "check the values entered",
	};
	char *s = xstrdup(msg);
	for (size_t k = 0; k < ARRAY_SIZE(boilerplate); k++)
		for (char *p; (p = (char *)ifind(s, boilerplate[k]));)
			memset(p, ' ', strlen(boilerplate[k]));
	long best = -1;
	size_t best_len = 0;
	for (size_t i = 0; i < f->count; i++) {
		const struct edit_field *fld = &f->fields[i];
		char *cands[5] = { xstrdup(fld->label), xstrdup(priv_of(f, i)->layout_key),
				   fld->cf_id ? NULL : xstrdup(fld->key),
				   fld->cf_id ? NULL : humanized(fld->key, false),
				   fld->cf_id ? NULL : humanized(fld->key, true) };
		for (size_t k = 0; k < 5; k++) {
			size_t len = cands[k] ? strlen(cands[k]) : 0;
			for (const char *p = s; len >= 3 && len > best_len && (p = ifind(p, cands[k])); p++) {
				if ((p == s || !word_char(p[-1])) && !word_char(p[len])) {
					best = (long)i;
					best_len = len;
					break;
				}
			}
			free(cands[k]);
		}
	}
	free(s);
	return best;
}

long edit_apply_server_error(struct edit_form *f, const char *message)
{
	if (!f || !message)
		return -1;
	int64_t n;
	long hit = match_quoted(f, message);
	if (hit < 0 && ((n = number_after(message, "custom_fields[")) >= 0 ||
			(n = number_after(message, "custom field ")) >= 0 ||
			(n = number_after(message, "custom_field_definition_id")) >= 0))
		hit = custom_field_at(f, n);
	if (hit < 0)
		hit = match_words(f, message);
	if (hit >= 0) {
		free(f->fields[hit].error);
		f->fields[hit].error = clean_line(message);
	}
	return hit;
}
