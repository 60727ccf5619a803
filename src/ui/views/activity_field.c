/*
 * activity_field.c - typing the activity form's fields: the type (with
 * completion), when it happened, the details in the prompt or in $EDITOR;
 * and the journal of it all in a draft (see activity_internal.h).
 */
#include "config.h"

#include "model/dates.h"
#include "model/drafts.h"
#include "ui/editor.h"
#include "ui/views/activity_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DRAFT_VERSION 1

static const char *const field_names[AF_FIELDS] = { "type", "when", "details" };

/* ---- the journal ------------------------------------------------------------ */

static int64_t draft_activity_id(const struct activityform *f)
{
	return f->op == ACTIVITY_UPDATE ? json_member_i64(f->activity, "id") : 0;
}

void activity_journal(struct view *v)
{
	struct activityform *f = afv(v);
	if (f->state == AF_CLOSED || f->op == ACTIVITY_DELETE)
		return;
	cJSON *d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "version", DRAFT_VERSION);
	cJSON_AddStringToObject(d, "kind", "activity");
	cJSON_AddStringToObject(d, "entity", entity_path(f->parent));
	cJSON_AddNumberToObject(d, "id", (double)f->parent_id);
	if (f->parent_name)
		cJSON_AddStringToObject(d, "parent_name", f->parent_name);
	if (f->activity)
		cJSON_AddItemToObject(d, "activity", cJSON_Duplicate(f->activity, true));
	if (f->typed) {
		cJSON *t = cJSON_AddObjectToObject(d, "type");
		cJSON_AddStringToObject(t, "category", f->type.category);
		cJSON_AddNumberToObject(t, "id", (double)f->type.id);
	}
	cJSON_AddStringToObject(d, "when_text", f->when_text ? f->when_text : "now");
	cJSON_AddNumberToObject(d, "when", (double)f->when);
	cJSON_AddStringToObject(d, "details", f->details ? f->details : "");
	if (f->editing >= 0 && f->editing < AF_FIELDS && f->editing_text) {
		cJSON *ed = cJSON_AddObjectToObject(d, "editing");
		cJSON_AddStringToObject(ed, "field", field_names[f->editing]);
		cJSON_AddStringToObject(ed, "text", f->editing_text);
	}
	if (!drafts_write_activity(v->env->writer, f->parent, f->parent_id, draft_activity_id(f), d))
		view_message(v, MSG_WARNING, "Could not write the draft of this activity to %s",
			     "$XDG_STATE_HOME/patina/drafts");
	cJSON_Delete(d);
}

void activity_forget_draft(struct view *v)
{
	struct activityform *f = afv(v);
	if (f->op != ACTIVITY_DELETE || f->save.state == ASAVE_DONE)
		drafts_remove_activity(v->env->writer, f->parent, f->parent_id, draft_activity_id(f));
}

/* ---- the fields ---------------------------------------------------------------- */

static bool set_type(struct view *v, const char *text, char **error)
{
	struct activityform *f = afv(v);
	struct activity_types list;
	activity_types_list(lookups_get(v->env->lookups, LOOKUP_ACTIVITY_TYPES), false, &list);
	const struct activity_type *t = activity_type_match(&list, text, error);
	if (t) {
		f->type = t->ref;
		f->typed = true;
	}
	activity_types_free(&list);
	return t != NULL;
}

static bool set_when(struct view *v, const char *text, char **error)
{
	struct activityform *f = afv(v);
	char *t = str_trim(xstrdup(text));
	int64_t when;
	if (!*t) {
		free(t);
		t = xstrdup("now");
	}
	if (!date_parse_moment(t, (int64_t)time(NULL), &when)) {
		char *clean = sanitize_line(t, strlen(t));
		*error = xasprintf("'%s' is not a date and time: try now, -2h, yesterday 15:30, "
				   "mon 9am or 2026-12-06 09:30", clean);
		free(clean);
		free(t);
		return false;
	}
	free(f->when_text);
	f->when_text = t;
	f->when = when;
	return true;
}

static void set_details(struct view *v, const char *text)
{
	struct activityform *f = afv(v);
	free(f->details);
	f->details = xstrdup(text);
}

/* Applies text typed for field; false with *error (caller frees). */
static bool apply(struct view *v, long field, const char *text, char **error)
{
	struct activityform *f = afv(v);
	bool ok = true;
	*error = NULL;
	switch (field) {
	case AF_TYPE: ok = set_type(v, text, error); break;
	case AF_WHEN: ok = set_when(v, text, error); break;
	case AF_DETAILS: {
		char *details = editor_unescape_lines(text);
		set_details(v, details);
		free(details);
		break;
	}
	default: ok = false; break;
	}
	if (ok)
		f->changed = true;
	return ok;
}

static const struct prompt_ops field_prompt_ops;

static const char *label_of(long field)
{
	switch (field) {
	case AF_TYPE: return "Type (Tab completes): ";
	case AF_WHEN: return "When (now, -2h, yesterday 15:30, mon 9am, 2026-12-06 09:30): ";
	default: return "Details (Markdown; \\n for a new line; E for $EDITOR): ";
	}
}

void activity_edit_field(struct view *v, const char *initial)
{
	struct activityform *f = afv(v);
	if (f->selected == AF_TYPE && f->op != ACTIVITY_CREATE) {
		view_message(v, MSG_INFO, "An activity's type cannot be changed: Copper takes its "
			     "date and details only");
		return;
	}
	char *text;
	if (initial)
		text = xstrdup(initial);
	else if (f->selected == AF_TYPE)
		text = f->typed ? activity_form_type_name(v) : xstrdup("");
	else if (f->selected == AF_WHEN)
		text = xstrdup(f->when_text ? f->when_text : "now");
	else
		text = editor_escape_lines(f->details ? f->details : "");
	f->editing = (long)f->selected;
	free(f->editing_text);
	f->editing_text = xstrdup(text);
	view_prompt(v, label_of(f->editing), text, &field_prompt_ops, v);
	free(text);
}

static void field_changed(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct activityform *f = afv(v);
	free(f->editing_text);
	f->editing_text = xstrdup(text);
	activity_journal(v); /* as the user types: a dropped session loses nothing */
}

static void field_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct activityform *f = afv(v);
	long field = f->editing;
	f->editing = -1;
	free(f->editing_text);
	f->editing_text = NULL;
	char *error = NULL;
	if (f->state != AF_EDITING)
		return;
	if (!apply(v, field, text, &error)) {
		view_message(v, MSG_ERROR, "%s", error ? error : "not accepted");
		free(error);
		f->selected = (size_t)field;
		activity_edit_field(v, text); /* keep what was typed, so it can be fixed */
		activity_journal(v);
		return;
	}
	/* on to the next field, as a form is filled in */
	if (field < AF_DETAILS)
		f->selected = (size_t)field + 1;
	activity_journal(v);
	v->dirty = true;
}

static void field_cancel(void *ctx)
{
	struct view *v = ctx;
	struct activityform *f = afv(v);
	f->editing = -1;
	free(f->editing_text);
	f->editing_text = NULL;
	activity_journal(v);
	v->dirty = true;
}

/* The type's names answering to what is typed (its start, or a word's). */
static size_t field_complete(void *ctx, const char *text, size_t cursor, char ***out,
			     size_t *start, size_t *end)
{
	struct view *v = ctx;
	struct activityform *f = afv(v);
	*out = NULL;
	*start = 0;
	*end = cursor;
	if (f->editing != AF_TYPE)
		return 0;
	struct activity_types list;
	activity_types_list(lookups_get(v->env->lookups, LOOKUP_ACTIVITY_TYPES), false, &list);
	char *typed = xstrndup(text, cursor);
	size_t n = 0;
	*out = xcalloc(list.count + 1, sizeof(char *));
	for (size_t i = 0; i < list.count; i++) {
		const char *name = list.items[i].name;
		bool answers = false;
		for (const char *w = name; w && !answers; w = strchr(w + 1, ' '))
			answers = !strncasecmp(w + (*w == ' '), typed, strlen(typed));
		if (answers)
			(*out)[n++] = xstrdup(name);
	}
	free(typed);
	activity_types_free(&list);
	return n;
}

/* The details keep a pasted paragraph's lines, as \n in the prompt; the
 * type and the date hold one line (the prompt joins them). */
static char *field_paste_lines(void *ctx, const char *text)
{
	struct activityform *f = afv((struct view *)ctx);
	return f->editing == AF_DETAILS ? editor_escape_lines(text) : NULL;
}

static const struct prompt_ops field_prompt_ops = {
	.changed = field_changed,
	.submit = field_submit,
	.cancel = field_cancel,
	.complete = field_complete,
	.paste_lines = field_paste_lines,
};

void activity_external_editor(struct view *v)
{
	struct activityform *f = afv(v);
	char *error = NULL;
	char *edited = editor_edit(v->env->term, f->details ? f->details : "", &error);
	if (!edited) {
		view_message(v, MSG_ERROR, "%s", error);
		free(error);
	} else {
		set_details(v, edited);
		f->changed = true;
		free(edited);
		activity_journal(v);
	}
	v->dirty = true;
}

/* ---- a draft back ---------------------------------------------------------------- */

bool activity_from_draft(struct view *v, const cJSON *draft)
{
	struct activityform *f = afv(v);
	const cJSON *type = json_get(draft, "type");
	int64_t when;
	const char *when_text = json_member_str(draft, "when_text");
	const char *details = json_member_str(draft, "details");
	if (!when_text && !details) {
		view_message(v, MSG_ERROR, "The draft of an activity holds nothing readable; it was "
			     "left on disk");
		return false;
	}
	if (f->op == ACTIVITY_CREATE && type) {
		/* read as an activity's type is, by the one reader of types */
		struct activity_type_ref ref;
		cJSON *probe = cJSON_CreateObject();
		cJSON_AddItemToObject(probe, "type", cJSON_Duplicate(type, true));
		bool ok = activity_type_of(probe, &ref);
		cJSON_Delete(probe);
		if (ok) {
			f->type = ref;
			f->typed = true;
		}
	}
	if (when_text && json_int64(json_get(draft, "when"), &when)) {
		free(f->when_text);
		f->when_text = xstrdup(when_text);
		f->when = when;
	}
	if (details)
		set_details(v, details);
	/* what was being typed when the session ended */
	const cJSON *ed = json_get(draft, "editing");
	const char *field = json_member_str(ed, "field"), *text = json_member_str(ed, "text");
	for (long i = 0; field && text && i < AF_FIELDS; i++) {
		if (strcmp(field, field_names[i]) || (i == AF_TYPE && f->op != ACTIVITY_CREATE))
			continue;
		char *error = NULL;
		f->selected = (size_t)i;
		if (!apply(v, i, text, &error)) {
			view_message(v, MSG_WARNING, "%s", error);
			free(error);
		}
	}
	return true;
}
