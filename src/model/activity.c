/* activity.c - see activity.h */
#include "config.h"

#include "model/activity.h"
#include "model/dates.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- types ---------------------------------------------------------------- */

static void add_types(struct activity_types *out, const cJSON *group, const char *category,
		      bool loggable_only)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, json_array(group)) {
		int64_t id;
		const char *name = json_member_str(t, "name");
		if (!json_int64(json_get(t, "id"), &id) || !name)
			continue;
		if (loggable_only && cJSON_IsTrue(json_get(t, "is_disabled")))
			continue;
		out->items = xrealloc(out->items, (out->count + 1) * sizeof(*out->items));
		struct activity_type *it = &out->items[out->count++];
		memset(it, 0, sizeof(*it));
		snprintf(it->ref.category, sizeof(it->ref.category), "%s", category);
		it->ref.id = id;
		it->name = sanitize_line(name, strlen(name));
	}
}

void activity_types_list(const cJSON *types, bool with_system, struct activity_types *out)
{
	*out = (struct activity_types){0};
	add_types(out, json_get(types, "user"), "user", true);
	if (with_system)
		add_types(out, json_get(types, "system"), "system", false);
}

void activity_types_free(struct activity_types *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->items[i].name);
	free(t->items);
	*t = (struct activity_types){0};
}

/* A name, or one of its words, starts with typed (case ignored). */
static bool name_answers(const char *name, const char *typed)
{
	size_t n = strlen(typed);
	for (const char *w = name; w; w = strchr(w, ' ')) {
		while (*w == ' ')
			w++;
		if (!strncasecmp(w, typed, n))
			return true;
	}
	return false;
}

static char *choices_text(const struct activity_types *list, bool (*pick)(const char *, const char *),
			  const char *typed)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < list->count; i++)
		if (!pick || pick(list->items[i].name, typed))
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", list->items[i].name);
	return sb.len ? sb_detach(&sb) : xstrdup("none: the account's activity types are not loaded");
}

const struct activity_type *activity_type_match(const struct activity_types *list,
						const char *text, char **error)
{
	char *typed = str_trim(xstrdup(text ? text : ""));
	const struct activity_type *found = NULL;
	size_t answers = 0;
	*error = NULL;
	for (size_t i = 0; i < list->count && *typed; i++)
		if (!strcasecmp(list->items[i].name, typed))
			found = &list->items[i];
	bool whole = found != NULL;
	for (size_t i = 0; i < list->count && *typed && !whole; i++) {
		if (name_answers(list->items[i].name, typed)) {
			answers++;
			if (answers == 1)
				found = &list->items[i];
		}
	}
	if (answers > 1) {
		found = NULL;
		char *which = choices_text(list, name_answers, typed);
		char *clean = sanitize_line(typed, strlen(typed));
		*error = xasprintf("'%s' could be %s: type more of the name", clean, which);
		free(clean);
		free(which);
	} else if (!found) {
		char *all = choices_text(list, NULL, NULL);
		char *clean = sanitize_line(typed, strlen(typed));
		*error = *typed ? xasprintf("No activity type '%s' (%s)", clean, all)
				: xasprintf("Which activity type? (%s)", all);
		free(clean);
		free(all);
	}
	free(typed);
	return found;
}

char *activity_details_clean(const char *details)
{
	size_t n = details ? strlen(details) : 0;
	while (n && strchr(" \t\r\n", details[n - 1]))
		n--;
	return xstrndup(details ? details : "", n);
}

char *activity_type_name(const cJSON *types, const char *category, int64_t id)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, json_array(json_get(types, category))) {
		int64_t tid;
		const char *name = json_member_str(t, "name");
		if (name && json_int64(json_get(t, "id"), &tid) && tid == id)
			return sanitize_line(name, strlen(name));
	}
	return NULL;
}

bool activity_type_of(const cJSON *activity, struct activity_type_ref *out)
{
	const cJSON *type = json_get(activity, "type");
	const char *category = json_member_str(type, "category");
	if (!category || (strcmp(category, "user") && strcmp(category, "system")) ||
	    !json_int64(json_get(type, "id"), &out->id))
		return false;
	snprintf(out->category, sizeof(out->category), "%s", category);
	return true;
}

bool activity_is_system(const cJSON *activity)
{
	const char *category = json_member_str(json_get(activity, "type"), "category");
	return category && !strcmp(category, "system");
}

/* ---- who may change one ------------------------------------------------------ */

char *activity_not_changeable(const cJSON *activity, int64_t me, struct lookups *lk)
{
	struct activity_type_ref type;
	int64_t author;
	if (activity_is_system(activity))
		return xstrdup("Copper logged this activity itself (a change of the record): it "
			       "cannot be edited or deleted");
	if (!activity_type_of(activity, &type))
		return xstrdup("This activity's type cannot be read: it is left as it is");
	if (!me)
		return xstrdup("Who you are is not known yet (GET /users/me); try again in a moment");
	if (!json_int64(json_get(activity, "user_id"), &author))
		return xstrdup("This activity names no author: only your own activities can be "
			       "edited or deleted");
	if (author != me) {
		const char *name = lk ? lookups_user_name(lk, author) : NULL;
		return name ? xasprintf("%s logged this activity: only your own can be edited or "
					"deleted", name)
			    : xasprintf("User #%" PRId64 " logged this activity: only your own can be "
					"edited or deleted", author);
	}
	return NULL;
}

/* ---- what a system activity says ------------------------------------------- */

/* Whether word is in text, ASCII case ignored. */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; *p; p++)
		if (!strncasecmp(p, word, n))
			return true;
	return false;
}

/* One side of a change: an {"id", "name"} object, a plain value, or null. */
static char *change_value(const cJSON *v, bool stage, struct lookups *lk)
{
	int64_t id;
	if (json_is_nothing(v))
		return xstrdup("(none)");
	if (cJSON_IsObject(v)) {
		const char *name = json_member_str(v, "name");
		bool has_id = json_int64(json_get(v, "id"), &id);
		const char *known = stage && has_id && lk ? lookups_stage_name(lk, id) : NULL;
		if (known)
			return xstrdup(known);
		if (name)
			return sanitize_line(name, strlen(name));
		if (has_id)
			return xasprintf("#%" PRId64, id);
		return xstrdup("(unreadable)");
	}
	if (cJSON_IsString(v))
		return sanitize_line(v->valuestring, strlen(v->valuestring));
	if (cJSON_IsNumber(v) && json_int64(v, &id))
		return xasprintf("%" PRId64, id);
	return xstrdup("(unreadable)");
}

char *activity_change_text(const cJSON *activity, struct lookups *lk)
{
	const cJSON *old = json_get(activity, "old_value"), *new = json_get(activity, "new_value");
	if (json_is_nothing(old) && json_is_nothing(new))
		return NULL;
	/* a property change names its property in details ("Status"); a
	 * stage change is a type of its own */
	const char *property = json_member_str(activity, "details");
	struct activity_type_ref type;
	char *type_name = activity_type_of(activity, &type) && lk
		? activity_type_name(lookups_get(lk, LOOKUP_ACTIVITY_TYPES), type.category, type.id)
		: NULL;
	bool stage = (!property || !*property) && type_name && has_word(type_name, "stage");
	char *label = property && *property ? sanitize_line(property, strlen(property))
		    : stage ? xstrdup("Stage") : xstrdup(type_name ? type_name : "Changed");
	char *a = change_value(old, stage, lk), *b = change_value(new, stage, lk);
	char *text = xasprintf("%s: %s \xe2\x86\x92 %s", label, a, b);
	free(a);
	free(b);
	free(label);
	free(type_name);
	return text;
}

/* ---- the timeline's lines ------------------------------------------------------ */

void activity_add_lines(struct detail_doc *doc, int item, const cJSON *activity,
			struct lookups *lk, int width)
{
	int64_t date, author;
	struct activity_type_ref type;
	bool dated = json_int64(json_get(activity, "activity_date"), &date);
	char *when = dated ? date_moment_long_text(date) : xstrdup("(no date)");
	char *type_name = activity_type_of(activity, &type)
		? activity_type_name(lookups_get(lk, LOOKUP_ACTIVITY_TYPES), type.category, type.id)
		: NULL;
	const char *author_name = json_int64(json_get(activity, "user_id"), &author)
		? lookups_user_name(lk, author) : NULL;
	struct detail_line *l = detail_add_line(doc, item);
	detail_add_span(l, when, DETAIL_LABEL);
	detail_add_span(l, "  ", DETAIL_VALUE);
	detail_add_span(l, type_name ? type_name : activity_is_system(activity) ? "Change"
			: "Activity", DETAIL_HEADING);
	if (author_name) {
		detail_add_span(l, "  by ", DETAIL_EMPTY);
		detail_add_span(l, author_name, DETAIL_VALUE);
	} else if (json_int64(json_get(activity, "user_id"), &author)) {
		char *who = xasprintf("  by user #%" PRId64, author);
		detail_add_span(l, who, DETAIL_EMPTY);
		free(who);
	}
	free(when);
	free(type_name);

	char *change = activity_is_system(activity) ? activity_change_text(activity, lk) : NULL;
	const char *details = json_member_str(activity, "details");
	const cJSON *raw = json_get(activity, "details");
	if (change) {
		detail_add_wrapped(doc, item, "", DETAIL_VALUE, 2, change, DETAIL_VALUE, width);
	} else if (details && *details) {
		detail_add_markdown(doc, item, details, 2, width);
	} else if (!json_is_nothing(raw) && !cJSON_IsString(raw)) {
		/* details of the wrong type: shown as what they are */
		char *shown = json_compact(raw, 200);
		detail_add_wrapped(doc, item, "", DETAIL_VALUE, 2, shown, DETAIL_EMPTY, width);
		free(shown);
	}
	free(change);
	detail_add_line(doc, -1);
}
