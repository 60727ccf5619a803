/*
 * form.c - the edit and create form: opening it, changing fields, saving
 * (see form_internal.h; form_draw.c draws it).
 */
#include "config.h"

#include "ui/editor.h"
#include "ui/views/form_internal.h"
#include "model/convert.h"
#include "model/drafts.h"
#include "model/edit.h"
#include "model/fields.h"
#include "ui/views/views.h"
#include "util/sanitize.h"
#include "ui/paint.h"
#include "util/util.h"
#include "util/json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- the journal ---------------------------------------------------------- */

void form_journal(struct view *v)
{
	struct formview *f = fv(v);
	if (!f->form)
		return;
	cJSON *draft = edit_draft(f->form);
	if (f->editing_field >= 0 && f->editing_text) {
		cJSON *ed = cJSON_AddObjectToObject(draft, "editing");
		cJSON_AddStringToObject(ed, "key", f->form->fields[f->editing_field].key);
		cJSON_AddNumberToObject(ed, "cf_id", (double)f->form->fields[f->editing_field].cf_id);
		cJSON_AddStringToObject(ed, "text", f->editing_text);
	}
	if (f->converting)
		cJSON_AddStringToObject(draft, "purpose", "convert");
	/* the POST may have reached Copper: a restored draft looks for the
	 * converted lead before it may be sent again */
	if (f->converting && (convert_busy(&f->conv) || f->conv.state == CONVERT_UNKNOWN))
		cJSON_AddTrueToObject(draft, "convert_sent");
	if (!drafts_write_for(v->env->writer, f->entity, f->id, f->converting ? "convert" : NULL, draft))
		view_message(v, MSG_WARNING, "Could not write the draft of this edit to %s",
			    "$XDG_STATE_HOME/patina/drafts");
	cJSON_Delete(draft);
}

/* ---- opening and closing -------------------------------------------------- */

static void reset(struct formview *f)
{
	edit_form_free(f->form);
	f->form = NULL;
	cJSON_Delete(f->record);
	cJSON_Delete(f->draft);
	cJSON_Delete(f->body);
	picker_clear(&f->picker);
	f->record = f->draft = f->body = NULL;
	save_clear(&f->save);
	convert_clear(&f->conv);
	free(f->close_date);
	f->close_date = NULL;
	f->converting = false;
	free(f->take_theirs);
	f->take_theirs = NULL;
	free(f->editing_text);
	f->editing_text = NULL;
	f->editing_field = -1;
	f->selected = f->top = 0;
}

void form_leave(struct view *v, bool remove_draft)
{
	struct formview *f = fv(v);
	if (remove_draft)
		drafts_remove_for(v->env->writer, f->entity, f->id, f->converting ? "convert" : NULL);
	view_new_generation(v);
	reset(f);
	f->state = FS_CLOSED;
	view_modal(v, false);
}

static int64_t pipeline_of(const cJSON *record, struct lookups *lk)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(record, "pipeline_id");
	if (cJSON_IsNumber(p))
		return json_i64(p);
	/* a new opportunity: the first pipeline's layout */
	const cJSON *first = cJSON_GetArrayItem(lookups_get(lk, LOOKUP_PIPELINES), 0);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(first, "id");
	return cJSON_IsNumber(id) ? json_i64(id) : 0;
}

static void need_lookups(struct lookups *lk, enum entity e)
{
	lookups_need_for_record(lk, e);
	lookups_need(lk, LOOKUP_TAGS); /* completion of tags */
}

/* A record's form, once its layout (and, for opportunities, the
 * pipelines) is there: false until then. */
static bool build_record_form(struct view *v, char **error)
{
	struct formview *f = fv(v);
	struct lookups *lk = v->env->lookups;
	if (f->entity == ENT_OPPORTUNITIES && !lookups_get(lk, LOOKUP_PIPELINES))
		return false;
	const cJSON *base = f->draft ? cJSON_GetObjectItemCaseSensitive(f->draft, "base") : f->record;
	int64_t pipeline = f->entity == ENT_OPPORTUNITIES ? pipeline_of(base, lk) : 0;
	if (!lookups_need_layout(lk, f->entity, pipeline))
		return false;
	const cJSON *layout = lookups_layout(lk, f->entity, pipeline);
	f->form = f->draft ? edit_form_from_draft(f->draft, layout, lk, error)
			   : edit_form_new(f->entity, layout, f->record, lk);
	return true;
}

/* What was being typed when the session ended, back in its field. */
static void restore_typing(struct view *v)
{
	struct formview *f = fv(v);
	const cJSON *ed = cJSON_GetObjectItemCaseSensitive(f->draft, "editing");
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(ed, "key");
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(ed, "text");
	const cJSON *cf = cJSON_GetObjectItemCaseSensitive(ed, "cf_id");
	if (!cJSON_IsString(key) || !cJSON_IsString(text))
		return;
	for (size_t i = 0; i < f->form->count; i++) {
		if (strcmp(f->form->fields[i].key, key->valuestring) ||
		    (cJSON_IsNumber(cf) && f->form->fields[i].cf_id != json_i64(cf)))
			continue;
		char *err = NULL;
		char *value = f->form->fields[i].type == EDIT_LONGTEXT
			? editor_unescape_lines(text->valuestring) : xstrdup(text->valuestring);
		bool ok = edit_apply_text(f->form, i, value, (int64_t)time(NULL), &err);
		free(value);
		if (!ok)
			view_message(v, MSG_WARNING, "%s", err);
		free(err);
		f->selected = i;
	}
}

/* Builds the form once what it needs is there; until then the form says
 * it is loading. */
static void try_build(struct view *v)
{
	struct formview *f = fv(v);
	if (f->state != FS_LOADING)
		return;
	char *error = NULL;
	if (!(f->converting ? form_convert_build(v, &error) : build_record_form(v, &error)))
		return;
	if (!f->form) {
		view_message(v, MSG_ERROR, "The draft could not be restored: %s",
			     error ? error : "unreadable");
		free(error);
		form_leave(v, false);
		return;
	}
	bool sent = f->converting && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f->draft, "convert_sent"));
	if (f->draft) {
		restore_typing(v);
		cJSON_Delete(f->draft);
		f->draft = NULL;
		size_t n = edit_change_count(f->form);
		view_message(v, MSG_INFO, "Restored your unsaved %s (%zu change%s): w %s, Esc leaves",
			     f->converting ? "conversion" : "edit", n, n == 1 ? "" : "s",
			     f->converting ? "converts" : "saves");
	}
	f->state = FS_EDITING;
	/* start on the first field that can be changed */
	while (f->selected + 1 < f->form->count && f->form->fields[f->selected].type == EDIT_READONLY)
		f->selected++;
	if (sent)
		form_convert_resume(v);
	v->dirty = true;
}

void form_open_common(struct view *v, enum entity e, int64_t id)
{
	struct formview *f = fv(v);
	view_new_generation(v);
	reset(f);
	f->entity = e;
	f->id = id;
	f->state = FS_LOADING;
	need_lookups(v->env->lookups, e);
	view_modal(v, true);
}

/* Edits a record as loaded (record is copied). */
static void edit_record(struct view *v, enum entity e, const cJSON *record)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(record, "id");
	if (!cJSON_IsNumber(id))
		return;
	form_open_common(v, e, json_i64(id));
	fv(v)->record = cJSON_Duplicate(record, true);
	try_build(v);
	v->dirty = true;
}

static void create_record(struct view *v, enum entity e)
{
	form_open_common(v, e, 0);
	try_build(v);
	v->dirty = true;
}

/* Reopens a draft from the journal. */
static void restore_draft(struct view *v, const cJSON *draft)
{
	const cJSON *ent = cJSON_GetObjectItemCaseSensitive(draft, "entity");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(draft, "id");
	const char *kind = json_member_str(draft, "kind");
	enum entity e;
	if (kind)
		return; /* an activity's (the activity form's), not a record's */
	if (!cJSON_IsString(ent) || !entity_parse(ent->valuestring, &e)) {
		view_message(v, MSG_ERROR, "A draft names no known kind of record; it was left on disk");
		return;
	}
	form_open_common(v, e, cJSON_IsNumber(id) ? json_i64(id) : 0);
	const cJSON *purpose = cJSON_GetObjectItemCaseSensitive(draft, "purpose");
	fv(v)->converting = cJSON_IsString(purpose) && !strcmp(purpose->valuestring, "convert");
	if (fv(v)->converting)
		form_convert_need_lookups(v);
	fv(v)->draft = cJSON_Duplicate(draft, true);
	try_build(v);
	v->dirty = true;
}

/* ---- saving --------------------------------------------------------------- */

static void show_preview(struct view *v)
{
	struct formview *f = fv(v);
	cJSON_Delete(f->body);
	f->body = NULL;
	char *error = NULL;
	if (f->converting)
		f->body = form_convert_details(v, &error);
	else if (f->id)
		f->body = edit_body(f->form);
	else
		f->body = edit_create_body(f->form, &error);
	if (!f->body) {
		view_message(v, error ? MSG_ERROR : MSG_INFO, "%s",
			    error ? error : "Nothing changed: nothing to save");
		free(error);
		return;
	}
	f->state = FS_PREVIEW;
	f->top = 0;
	v->dirty = true;
}

/* What the save protocol learned, told to the user and the other views. */
static void saved(struct view *v)
{
	struct formview *f = fv(v);
	struct save *s = &f->save;
	bool created = !f->id;
	const cJSON *record = s->record ? s->record : f->form->base;
	/* the lists and panes show the server's copy: a save re-reads */
	view_post(v, created ? EV_RECORD_CREATED : EV_RECORD_SAVED, f->entity, s->id, record, true);
	if (created)
		view_message(v, MSG_INFO, "%s %s #%" PRId64 "%s", s->after_lost_answer
			     ? "It was created after all:" : "Created", entity_title(f->entity), s->id,
			     s->after_lost_answer ? " (its answer was lost; nothing was sent again)" : "");
	else if (s->nothing_sent)
		view_message(v, MSG_INFO, "The server already has these values; nothing sent");
	else
		view_message(v, MSG_INFO, "Saved %s #%" PRId64 "%s", entity_title(f->entity), s->id,
			     s->after_lost_answer ? " (its answer was lost: the record, read again, "
			     "has your values)" : "");
	save_clear(s);
	form_leave(v, true);
}

/* The protocol's request, if any, goes out; otherwise its outcome is shown. */
static void save_step(struct view *v, struct api_request *next)
{
	struct formview *f = fv(v);
	struct save *s = &f->save;
	if (next) {
		view_submit(v, next, PRIO_VISIBLE, FORM_TAG_SAVE);
		f->state = FS_SAVING;
		v->dirty = true;
		return;
	}
	switch (s->state) {
	case SAVE_DONE:
		saved(v);
		return;
	case SAVE_CONFLICT:
		free(f->take_theirs);
		f->take_theirs = xcalloc(s->nconflicts, sizeof(bool));
		f->state = FS_CONFLICTS;
		f->selected = 0;
		view_message(v, MSG_WARNING, "%zu field%s changed on the server since you opened the "
			     "record%s: choose for each", s->nconflicts, s->nconflicts == 1 ? "" : "s",
			     s->after_lost_answer ? " (found after your save's answer was lost)" : "");
		break;
	case SAVE_REFUSED:
		f->state = FS_EDITING;
		for (size_t i = 0; i < f->form->count; i++)
			if (f->form->fields[i].error) {
				f->selected = i;
				break;
			}
		view_message(v, MSG_ERROR, "Not saved: %s", s->message);
		break;
	case SAVE_UNKNOWN:
		f->state = FS_UNKNOWN;
		view_message(v, MSG_ERROR, "%s may or may not be %s (w checks again): %s",
			     entity_title(f->entity), f->id ? "saved" : "created", s->message);
		break;
	case SAVE_FAILED:
	default:
		f->state = FS_EDITING;
		view_message(v, MSG_ERROR, "%s, your %s kept: %s", f->id ? "Not saved" : "Not created",
			     f->id ? "changes are" : "entries are", s->message ? s->message : "");
		break;
	}
	form_journal(v);
	v->dirty = true;
}

static void confirm_send(struct view *v)
{
	struct formview *f = fv(v);
	if (f->converting) {
		form_convert_send(v);
		return;
	}
	/* the record is re-read first: the form's copy may be old */
	save_step(v, save_begin(&f->save, f->entity, f->id, f->form, false, (int64_t)time(NULL)));
}

static void resolve_conflicts(struct view *v)
{
	struct formview *f = fv(v);
	save_resolve(&f->save, f->take_theirs);
	free(f->take_theirs);
	f->take_theirs = NULL;
	f->selected = 0;
	form_journal(v);
	f->state = FS_EDITING;
	/* show what is now going to be sent, before it is */
	show_preview(v);
	if (f->state != FS_PREVIEW) {
		view_post(v, EV_RECORD_SAVED, f->entity, f->id, f->form->base, true);
		view_message(v, MSG_INFO, "Nothing left to send: the server's values were kept");
		form_leave(v, true);
	}
}

/* ---- the view ------------------------------------------------------------- */

static void move_cursor(struct view *v, long delta)
{
	struct formview *f = fv(v);
	size_t count = f->state == FS_CONFLICTS ? f->save.nconflicts
		     : f->form ? f->form->count : 0;
	size_t *cur = &f->selected;
	if (f->state == FS_PICKING) {
		picker_move(&f->picker, delta);
		return;
	}
	if (f->state == FS_PREVIEW) {
		if (delta < 0 && (size_t)-delta > f->top)
			f->top = 0;
		else if (delta > 0 || f->top)
			f->top = (size_t)((long)f->top + delta);
		return;
	}
	if (!count)
		return;
	long next = (long)*cur + delta;
	if (next < 0)
		next = 0;
	if (next >= (long)count)
		next = (long)count - 1;
	*cur = (size_t)next;
}

static bool form_action(struct view *v, enum action a);

/* A click selects the field on its line (fields start on line 2, each a
 * line and one more for its error, as form_draw.c lays them out); a
 * double click changes it. */
static bool form_mouse(struct view *v, const struct mouse_event *ev)
{
	struct formview *f = fv(v);
	if (ev->kind != MOUSE_PRESS || f->state != FS_EDITING || !f->form)
		return false;
	int y = 2;
	for (size_t i = f->top; i < f->form->count && y <= ev->y; i++) {
		int lines = 1 + (f->form->fields[i].error ? 1 : 0);
		if (ev->y < y + lines) {
			f->selected = i;
			v->dirty = true;
			if (ev->clicks == 2)
				form_action(v, ACTION_FIELD_EDIT);
			return true;
		}
		y += lines;
	}
	return true;
}

static bool form_action(struct view *v, enum action a)
{
	struct formview *f = fv(v);
	long page = v->rows > 4 ? v->rows - 4 : 1;
	switch (a) {
	case ACTION_MOVE_DOWN: move_cursor(v, 1); break;
	case ACTION_MOVE_UP: move_cursor(v, -1); break;
	case ACTION_PAGE_DOWN: case ACTION_HALF_PAGE_DOWN: move_cursor(v, page); break;
	case ACTION_PAGE_UP: case ACTION_HALF_PAGE_UP: move_cursor(v, -page); break;
	case ACTION_MOVE_FIRST: move_cursor(v, -(1L << 30)); break;
	case ACTION_MOVE_LAST: move_cursor(v, 1L << 30); break;
	case ACTION_CANCEL:
		switch (f->state) {
		case FS_EDITING:
			if (f->form && edit_change_count(f->form)) {
				f->state = FS_DISCARD;
				break;
			}
			form_leave(v, true);
			return true;
		case FS_LOADING:
			form_leave(v, false);
			return true;
		case FS_PREVIEW: case FS_PICKING: case FS_DISCARD:
			f->state = FS_EDITING;
			break;
		case FS_UNKNOWN:
			if (f->converting) {
				/* never back to a form that would send it again */
				view_message(v, MSG_WARNING, "Left; whether the lead was converted is "
					     "not known: look for it (3, then I) before converting again");
				form_leave(v, false);
				return true;
			}
			save_clear(&f->save);
			f->state = FS_EDITING;
			f->selected = 0;
			break;
		case FS_CONFLICTS:
			/* back to editing with the old base; saving checks again */
			save_clear(&f->save);
			f->state = FS_EDITING;
			f->selected = 0;
			break;
		default:
			view_message(v, MSG_INFO, "Waiting for the server; the form stays open");
			break;
		}
		break;
	case ACTION_FIELD_EDIT: case ACTION_OPEN:
		switch (f->state) {
		case FS_EDITING: form_edit_field(v, NULL); break;
		case FS_PREVIEW: confirm_send(v); break;
		case FS_CONFLICTS: f->take_theirs[f->selected] = !f->take_theirs[f->selected]; break;
		case FS_DISCARD:
			view_message(v, MSG_INFO, "Changes discarded");
			form_leave(v, true);
			return true;
		case FS_PICKING: {
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(
				picker_selected(&f->picker, NULL), "id");
			char *err = NULL;
			if (!id) {
				view_message(v, MSG_INFO, "Nothing to pick: Esc goes back");
				break;
			}
			if (!edit_set_json(f->form, f->pick_field, id, &err)) {
				view_message(v, MSG_ERROR, "%s", err);
				free(err);
			}
			form_journal(v);
			f->state = FS_EDITING;
			break;
		}
		default: break;
		}
		break;
	case ACTION_FIELD_CLEAR:
		if (f->state == FS_EDITING) {
			char *err = NULL;
			if (f->form->fields[f->selected].type == EDIT_READONLY)
				form_edit_field(v, NULL); /* says why */
			else if (!edit_set_text(f->form, f->selected, "", (int64_t)time(NULL), &err))
				view_message(v, MSG_ERROR, "%s", err);
			free(err);
			form_journal(v);
		}
		break;
	case ACTION_FIELD_REVERT:
		if (f->state == FS_EDITING) {
			edit_revert(f->form, f->selected);
			form_journal(v);
		}
		break;
	case ACTION_FIELD_EDITOR:
		if (f->state == FS_EDITING)
			form_external_editor(v);
		break;
	case ACTION_SAVE:
		if (f->state == FS_EDITING)
			show_preview(v);
		else if (f->state == FS_PREVIEW)
			confirm_send(v);
		else if (f->state == FS_CONFLICTS)
			resolve_conflicts(v);
		else if (f->state == FS_UNKNOWN && f->converting)
			form_convert_recheck(v); /* look again, never send again */
		else if (f->state == FS_UNKNOWN)
			save_step(v, save_recheck(&f->save)); /* read again, never send again */
		break;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

static void form_result(struct view *v, struct api_result *r)
{
	switch (r->tag) {
	case FORM_TAG_SAVE:
		if (fv(v)->converting)
			form_convert_step(v, convert_answer(&fv(v)->conv, r));
		else
			save_step(v, save_answer(&fv(v)->save, r));
		break;
	default:
		if (picker_take(&fv(v)->picker, v, r))
			form_take_search(v);
		break;
	}
	v->dirty = true;
}

static void form_event(struct view *v, const struct ui_event *ev)
{
	switch (ev->type) {
	case EV_EDIT_RECORD:
		edit_record(v, ev->entity, ev->record);
		break;
	case EV_CREATE_RECORD:
		create_record(v, ev->entity);
		break;
	case EV_RESTORE_DRAFT:
		restore_draft(v, ev->record);
		break;
	case EV_CONVERT_LEAD:
		form_convert_open(v, ev->id, ev->record);
		try_build(v); /* now, or when the look-ups it needs arrive */
		v->dirty = true;
		break;
	case EV_LOOKUPS_CHANGED: case EV_NAMES_LEARNED:
		try_build(v);
		v->dirty = true;
		break;
	default:
		break;
	}
}

static void form_close(struct view *v)
{
	reset(fv(v));
	free(v->priv);
}

static void *form_create(struct view *v, enum entity e)
{
	struct formview *f = xcalloc(1, sizeof(*f));
	(void)v;
	(void)e;
	f->editing_field = -1;
	return f;
}

const struct view_ops form_view = {
	.name = "form",
	.help_title = "In the edit form (e edits, + creates)",
	.place = VIEW_MODAL,
	.mouse = form_mouse,
	.create = form_create,
	.draw = form_draw,
	.action = form_action,
	.result = form_result,
	.event = form_event,
	.close = form_close,
};
