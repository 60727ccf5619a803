/*
 * form_field.c - changing one field of the edit form: in the prompt (with
 * completion), in $EDITOR, or by picking a related record from a search
 * (see form_internal.h).
 */
#include "config.h"

#include "ui/editor.h"
#include "ui/views/form_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static const struct prompt_ops field_prompt_ops;

char *form_one_line(const char *text)
{
	/* list fields edit in one line: "a (work); b (home)" */
	struct strbuf sb = {0};
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			sb_puts(&sb, "; ");
		else
			sb_putc(&sb, *p);
	}
	return sb_detach(&sb);
}

void form_warn_dropped(struct view *v, size_t i)
{
	struct formview *f = fv(v);
	char *dropped = edit_dropped_items(f->form, i);
	if (!dropped)
		return;
	char *keys = keymap_keys_for(v->env->keymap, v->keyctx, ACTION_FIELD_REVERT);
	view_message(v, MSG_WARNING, "%s: saving removes %s%s%s%s", f->form->fields[i].label, dropped,
		     keys ? " (" : "", keys ? keys : "", keys ? " undoes)" : "");
	free(keys);
	free(dropped);
}

void form_edit_field(struct view *v, const char *initial)
{
	struct formview *f = fv(v);
	struct edit_field *fld = &f->form->fields[f->selected];
	if (fld->type == EDIT_READONLY) {
		view_message(v, MSG_INFO, "%s cannot be changed%s%s", fld->label,
			     fld->readonly_why ? " here: " : "", fld->readonly_why ? fld->readonly_why : "");
		return;
	}
	char *text;
	if (initial) {
		text = xstrdup(initial);
	} else {
		char *current = edit_field_text(f->form, f->selected);
		text = fld->type == EDIT_LONGTEXT ? editor_escape_lines(current) : form_one_line(current);
		free(current);
	}
	f->editing_field = (long)f->selected;
	free(f->editing_text);
	f->editing_text = xstrdup(text);
	char *label = xasprintf("%s%s: ", fld->label,
				fld->type == EDIT_REFERENCE ? " (name to search)"
				: fld->type == EDIT_LONGTEXT ? " (\\n for a new line; E for $EDITOR)"
				: edit_is_list(f->form, f->selected) ? " (+= adds, -= removes)" : "");
	view_prompt(v, label, text, &field_prompt_ops, v);
	free(label);
	free(text);
}

static void search_reference(struct view *v, const char *text)
{
	struct formview *f = fv(v);
	struct edit_field *fld = &f->form->fields[f->selected];
	int64_t id;
	char *t = str_trim(xstrdup(text));
	if (!*t || (str_to_i64(t + (*t == '#'), &id) && id > 0)) {
		/* empty clears; a number (or #number) is an id */
		char *err = NULL;
		if (!edit_set_text(f->form, f->selected, t, (int64_t)time(NULL), &err)) {
			view_message(v, MSG_ERROR, "%s", err);
			free(err);
		}
		free(t);
		form_journal(v);
		return;
	}
	view_new_generation(v); /* a search still out for this field is over */
	picker_start(&f->picker, &fld->ref_entity, 1, FORM_TAG_SEARCH);
	picker_search(&f->picker, v, t);
	f->pick_field = f->selected;
	view_message(v, MSG_INFO, "Searching for '%s'\xe2\x80\xa6", t);
	free(t);
}

static void field_changed(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct formview *f = fv(v);
	free(f->editing_text);
	f->editing_text = xstrdup(text);
	form_journal(v); /* as the user types: a dropped session loses nothing */
}

static void field_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct formview *f = fv(v);
	if (!f->form)
		return;
	f->editing_field = -1;
	free(f->editing_text);
	f->editing_text = NULL;
	struct edit_field *fld = &f->form->fields[f->selected];
	if (fld->type == EDIT_REFERENCE) {
		search_reference(v, text);
		v->dirty = true;
		return;
	}
	char *err = NULL;
	char *value = fld->type == EDIT_LONGTEXT ? editor_unescape_lines(text) : xstrdup(text);
	bool ok = edit_apply_text(f->form, f->selected, value, (int64_t)time(NULL), &err);
	free(value);
	if (!ok) {
		view_message(v, MSG_ERROR, "%s", err ? err : "not accepted");
		free(err);
		form_journal(v);
		form_edit_field(v, text); /* keep what was typed, so it can be fixed */
		return;
	}
	form_warn_dropped(v, f->selected);
	form_journal(v);
	v->dirty = true;
}

static void field_cancel(void *ctx)
{
	struct view *v = ctx;
	struct formview *f = fv(v);
	f->editing_field = -1;
	free(f->editing_text);
	f->editing_text = NULL;
	form_journal(v);
	v->dirty = true;
}

/* Completion from the field's choices: names for owners, stages, options;
 * the last item of a comma-separated list for tags and multi-selects. */
static size_t field_complete(void *ctx, const char *text, size_t cursor, char ***out,
			     size_t *start, size_t *end)
{
	struct view *v = ctx;
	struct formview *f = fv(v);
	struct edit_field *fld = &f->form->fields[f->selected];
	bool list = fld->type == EDIT_TAGS || fld->type == EDIT_MULTI_CHOICE;
	size_t from = 0;
	if (list) {
		const char *comma = NULL;
		for (const char *p = text; p < text + cursor; p++)
			if (*p == ',')
				comma = p;
		from = comma ? (size_t)(comma - text) + 1 : 0;
		while (text[from] == ' ')
			from++;
	}
	char *word = xstrndup(text + from, cursor - from);
	size_t n = 0;
	*out = NULL;
	if (fld->type == EDIT_TAGS) {
		const cJSON *tags = lookups_get(v->env->lookups, LOOKUP_TAGS), *t;
		cJSON_ArrayForEach(t, tags) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
			if (cJSON_IsString(name) && !strncasecmp(name->valuestring, word, strlen(word))) {
				*out = xrealloc(*out, (n + 1) * sizeof(char *));
				(*out)[n++] = sanitize_line(name->valuestring, strlen(name->valuestring));
			}
		}
	} else {
		for (size_t i = 0; i < fld->nchoices; i++) {
			if (!strncasecmp(fld->choices[i].name, word, strlen(word))) {
				*out = xrealloc(*out, (n + 1) * sizeof(char *));
				(*out)[n++] = xstrdup(fld->choices[i].name);
			}
		}
	}
	free(word);
	*start = from;
	*end = cursor;
	return n;
}

/* Long text keeps a pasted paragraph's lines, as \n in the prompt; other
 * fields hold one line (the prompt joins them). */
static char *field_paste_lines(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct formview *f = fv(v);
	if (!f->form || f->selected >= f->form->count ||
	    f->form->fields[f->selected].type != EDIT_LONGTEXT)
		return NULL;
	return editor_escape_lines(text);
}

static const struct prompt_ops field_prompt_ops = {
	.changed = field_changed,
	.submit = field_submit,
	.cancel = field_cancel,
	.complete = field_complete,
	.paste_lines = field_paste_lines,
};

/* $EDITOR for long text; the terminal is handed over and restored. What
 * was in the field stays unless the editor's file is read back whole. */
void form_external_editor(struct view *v)
{
	struct formview *f = fv(v);
	struct edit_field *fld = &f->form->fields[f->selected];
	if (fld->type == EDIT_READONLY) {
		view_message(v, MSG_INFO, "%s cannot be changed%s%s", fld->label,
			     fld->readonly_why ? " here: " : "", fld->readonly_why ? fld->readonly_why : "");
		return;
	}
	char *text = edit_field_text(f->form, f->selected), *error = NULL;
	char *edited = editor_edit(v->env->term, text, &error);
	free(text);
	if (!edited) {
		view_message(v, MSG_ERROR, "%s", error);
		free(error);
		v->dirty = true;
		return;
	}
	char *err = NULL;
	if (!edit_set_text(f->form, f->selected, edited, (int64_t)time(NULL), &err)) {
		view_message(v, MSG_ERROR, "%s", err);
		free(err);
	} else {
		form_warn_dropped(v, f->selected);
	}
	free(edited);
	form_journal(v);
	v->dirty = true;
}

/* The picker's search answered: one match is taken at once, several are
 * offered, none is said. */
void form_take_search(struct view *v)
{
	struct formview *f = fv(v);
	struct picker *p = &f->picker;
	status_clear(v->env->status); /* "Searching for..." is over */
	if (p->ngroups && p->groups[0].error) {
		view_message(v, MSG_ERROR, "%s", p->groups[0].error);
		return;
	}
	size_t n = picker_count(p);
	if (n == 0) {
		view_message(v, MSG_ERROR, "No match: try another name, or the record's id");
		return;
	}
	if (n == 1) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(picker_selected(p, NULL), "id");
		char *err = NULL;
		if (!edit_set_json(f->form, f->pick_field, id, &err)) {
			view_message(v, MSG_ERROR, "%s", err);
			free(err);
		}
		form_journal(v);
		return;
	}
	f->state = FS_PICKING;
}
