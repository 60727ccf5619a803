/* edit_list.c - list fields' verbs (edit.h: edit_change_list): adding
 * items to a list, removing items from it, and naming what replacing it
 * would drop. Without them the only way to add an email was to retype
 * the whole list, and a command line that named one email silently
 * dropped the others.
 */
#include "config.h"

#include "model/edit.h"
#include "model/edit_internal.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

bool edit_is_list(const struct edit_form *f, size_t i)
{
	if (!f || i >= f->count)
		return false;
	enum edit_type t = f->fields[i].type;
	return t == EDIT_TAGS || t == EDIT_MULTI_CHOICE || t == EDIT_CONTACTS;
}

/* The field's list now (its change, else its base); NULL when the value
 * there is not a list (hostile data) - nothing to build on. Owned by the
 * form. */
static const cJSON *current_list(const struct edit_form *f, size_t i, bool *empty)
{
	const cJSON *v = form_change(f, i) ? form_change(f, i) : form_base_value(f, i);
	*empty = form_blank(v);
	return cJSON_IsArray(v) || *empty ? v : NULL;
}

/* Phone numbers are the same number however punctuated. */
static char *digits_of(const char *s)
{
	char *d = xmalloc(strlen(s) + 1), *o = d;
	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			*o++ = *s;
	*o = '\0';
	return d;
}

static bool same_contact_value(const struct edit_field *fld, const char *a, const char *b)
{
	if (!strcmp(fld->value_key, "number")) {
		char *x = digits_of(a), *y = digits_of(b);
		bool same = *x ? !strcmp(x, y) : ieq(a, b);
		free(x);
		free(y);
		return same;
	}
	char *x = clean_line(a), *y = clean_line(b);
	bool same = ieq(x, y);
	free(x);
	free(y);
	return same;
}

/* Whether item (of the list) is what typed names: a contact by its value
 * (and category when typed has one), a tag by its text (any case), an
 * option by its id. */
static bool names_item(const struct edit_field *fld, const cJSON *item, const char *value,
		       const char *category, const cJSON *typed)
{
	switch (fld->type) {
	case EDIT_CONTACTS: {
		const char *v = json_str(json_get(item, fld->value_key));
		const char *c = json_str(json_get(item, "category"));
		return v && same_contact_value(fld, v, value) && (!category || (c && ieq(c, category)));
	}
	case EDIT_TAGS: {
		const char *v = json_str(item);
		return v && ieq(v, value);
	}
	default:
		return typed && form_same_item(fld, item, typed);
	}
}

/* One item as the user would type it: "a@x.com (work)", "vip", an
 * option's name. */
static char *item_text(const struct edit_form *f, size_t i, const cJSON *item)
{
	cJSON *one = cJSON_CreateArray();
	cJSON_AddItemToArray(one, cJSON_Duplicate(item, true));
	char *text = form_value_text(f, i, one, true);
	cJSON_Delete(one);
	return text;
}

/* Takes out of result every item typed names; false when none is there. */
static bool take_out(const struct edit_field *fld, cJSON *result, const char *value,
		     const char *category, const cJSON *option)
{
	bool found = false;
	for (cJSON *item = result->child, *next; item; item = next) {
		next = item->next;
		if (names_item(fld, item, value, category, option)) {
			cJSON_Delete(cJSON_DetachItemViaPointer(result, item));
			found = true;
		}
	}
	return found;
}

static char *not_on_list(const struct edit_form *f, size_t i, const cJSON *list, const char *typed)
{
	const char *label = f->fields[i].label;
	char *q = form_quote(typed), *had = form_value_text(f, i, list, false), *msg;
	for (char *p = had; *p; p++)
		if (*p == '\n')
			*p = ';';
	msg = *had ? xasprintf("%s: '%s' is not on the list (%s)", label, q, had)
		   : xasprintf("%s: '%s' is not on the list (it is empty)", label, q);
	free(q);
	free(had);
	return msg;
}

static bool remove_items(struct edit_form *f, size_t i, const char *text, bool strict, int64_t now,
			 char **error)
{
	const struct edit_field *fld = &f->fields[i];
	bool empty;
	const cJSON *list = current_list(f, i, &empty);
	if (!list && !empty)
		return form_refuse(f, i, error, xasprintf("%s: not a list here; type the whole new value", fld->label));

	cJSON *result = empty ? cJSON_CreateArray() : cJSON_Duplicate(list, true);
	char *msg = NULL;
	if (fld->type == EDIT_MULTI_CHOICE) {
		/* options by name, as typed for the whole list */
		cJSON *options = form_parse_text(f, i, text, now, &msg);
		for (const cJSON *o = options ? options->child : NULL; o && !msg; o = o->next) {
			if (!take_out(fld, result, NULL, NULL, o) && strict) {
				char *name = item_text(f, i, o);
				msg = not_on_list(f, i, list, name);
				free(name);
			}
		}
		if (!options && !msg)
			msg = xasprintf("%s: not accepted", fld->label);
		cJSON_Delete(options);
	} else {
		char **items;
		size_t n = form_split_items(text, fld->type == EDIT_CONTACTS ? ';' : ',', &items);
		for (size_t k = 0; k < n && !msg; k++) {
			char *typed = xstrdup(items[k]), *value = items[k], *category = NULL;
			if (fld->type == EDIT_CONTACTS)
				form_split_contact(items[k], &value, &category);
			/* a typo removes nothing, rather than all but that item */
			if (!take_out(fld, result, value, category, NULL) && strict)
				msg = not_on_list(f, i, list, typed);
			free(typed);
		}
		free_items(items, n);
	}
	if (msg) {
		cJSON_Delete(result);
		return form_refuse(f, i, error, msg);
	}
	form_commit(f, i, result);
	return true;
}

static bool add_items(struct edit_form *f, size_t i, const char *text, int64_t now, char **error)
{
	const struct edit_field *fld = &f->fields[i];
	bool empty;
	const cJSON *list = current_list(f, i, &empty);
	if (!list && !empty)
		return form_refuse(f, i, error, xasprintf("%s: not a list here; type the whole new value", fld->label));
	char *msg = NULL;
	cJSON *typed = form_parse_text(f, i, text, now, &msg);
	if (!typed)
		return form_refuse(f, i, error, msg ? msg : xasprintf("%s: not accepted", fld->label));

	cJSON *result = empty ? cJSON_CreateArray() : cJSON_Duplicate(list, true);
	cJSON *item;
	while ((item = cJSON_DetachItemFromArray(typed, 0))) {
		bool there = false;
		const char *value = fld->type == EDIT_CONTACTS ? json_str(json_get(item, fld->value_key))
			: json_str(item);
		for (const cJSON *x = result->child; x && !there; x = x->next)
			there = value ? names_item(fld, x, value, NULL, item) : form_same_item(fld, x, item);
		if (there)
			cJSON_Delete(item);
		else
			cJSON_AddItemToArray(result, item);
	}
	cJSON_Delete(typed);
	form_commit(f, i, result);
	return true;
}

bool edit_change_list(struct edit_form *f, size_t i, enum edit_list_verb verb, const char *text,
		      int64_t now, char **error)
{
	if (error)
		*error = NULL;
	if (!f || i >= f->count)
		return f ? form_refuse(f, i, error, xstrdup("no such field")) : false;
	if (verb == EDIT_LIST_REPLACE)
		return edit_set_text(f, i, text, now, error);
	const struct edit_field *fld = &f->fields[i];
	if (!edit_is_list(f, i))
		return form_refuse(f, i, error, xasprintf("%s is not a list: '+=' and '-=' apply to lists only",
							   fld->label));
	char *typed = form_clean_input(fld->type, text);
	bool ok;
	if (!*typed)
		ok = form_refuse(f, i, error, xasprintf("%s: which items to %s?", fld->label,
							 verb == EDIT_LIST_ADD ? "add" : "remove"));
	else if (verb == EDIT_LIST_ADD)
		ok = add_items(f, i, typed, now, error);
	else
		ok = remove_items(f, i, typed, verb == EDIT_LIST_REMOVE, now, error);
	free(typed);
	return ok;
}

bool edit_apply_text(struct edit_form *f, size_t i, const char *text, int64_t now, char **error)
{
	const char *p = text ? text : "";
	while (*p == ' ' || *p == '\t')
		p++;
	if (edit_is_list(f, i) && (p[0] == '+' || p[0] == '-') && p[1] == '=')
		return edit_change_list(f, i, p[0] == '+' ? EDIT_LIST_ADD : EDIT_LIST_REMOVE, p + 2, now, error);
	return edit_set_text(f, i, text, now, error);
}

char *edit_dropped_items(const struct edit_form *f, size_t i)
{
	if (!edit_is_list(f, i) || !form_change(f, i))
		return NULL;
	const struct edit_field *fld = &f->fields[i];
	const cJSON *base = form_base_value(f, i), *now = form_change(f, i), *x, *y;
	struct strbuf sb = { 0 };
	cJSON_ArrayForEach(x, json_array(base)) {
		/* a contact whose category changed is kept, not dropped */
		const char *value = fld->type == EDIT_CONTACTS ? json_str(json_get(x, fld->value_key)) : NULL;
		bool kept = false;
		cJSON_ArrayForEach(y, json_array(now))
			if ((kept = value ? names_item(fld, y, value, NULL, NULL) : form_same_item(fld, x, y)))
				break;
		if (kept)
			continue;
		char *t = item_text(f, i, x);
		for (char *p = t; *p; p++)
			if (*p == '\n')
				*p = ' ';
		sb_printf(&sb, "%s%s", sb.len ? ", " : "", t);
		free(t);
	}
	return sb.len ? sb_detach(&sb) : NULL;
}
