/*
 * activity.c - the activity form: opening it to log, change or delete an
 * activity, sending through the one protocol, and what the user is told
 * (see activity_internal.h; activity_field.c types the fields,
 * activity_draw.c draws it).
 */
#include "config.h"

#include "model/dates.h"
#include "ui/views/activity_internal.h"
#include "ui/views/views.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int64_t activity_form_when(const struct activityform *f)
{
	char *text = str_trim(xstrdup(f->when_text ? f->when_text : "now"));
	bool now = !*text || !strcasecmp(text, "now");
	free(text);
	return now ? (int64_t)time(NULL) : f->when;
}

char *activity_form_type_name(struct view *v)
{
	struct activityform *f = afv(v);
	char *name = f->typed ? activity_type_name(lookups_get(v->env->lookups,
							       LOOKUP_ACTIVITY_TYPES),
						   f->type.category, f->type.id) : NULL;
	return name ? name : xstrdup(f->typed ? "(unknown type)" : "(none chosen)");
}

/* "Person "Jane Doe"", or "Person #7" while the name is not known. */
static char *parent_text(const struct activityform *f)
{
	return f->parent_name ? xasprintf("%s \"%s\"", entity_title(f->parent), f->parent_name)
			      : xasprintf("%s #%" PRId64, entity_title(f->parent), f->parent_id);
}

/* ---- opening and closing -------------------------------------------------- */

static void reset(struct activityform *f)
{
	activity_save_clear(&f->save);
	cJSON_Delete(f->activity);
	free(f->parent_name);
	free(f->when_text);
	free(f->details);
	free(f->editing_text);
	struct activity_type_ref last = f->last_type;
	memset(f, 0, sizeof(*f));
	f->last_type = last;
	f->editing = -1;
}

static void close_form(struct view *v, bool forget_draft)
{
	struct activityform *f = afv(v);
	if (forget_draft)
		activity_forget_draft(v);
	prompt_forget(v->env->prompt, v);
	view_new_generation(v);
	reset(f);
	f->state = AF_CLOSED;
	view_modal(v, false);
}

/* The type a new log starts with: a Note for add-note, else the one last
 * logged, else the account's first. */
static void default_type(struct view *v)
{
	struct activityform *f = afv(v);
	struct activity_types list;
	activity_types_list(lookups_get(v->env->lookups, LOOKUP_ACTIVITY_TYPES), false, &list);
	const struct activity_type *pick = list.count ? &list.items[0] : NULL;
	for (size_t i = 0; i < list.count; i++) {
		const struct activity_type *t = &list.items[i];
		if (f->note ? !strcasecmp(t->name, "Note")
			    : t->ref.id == f->last_type.id && !strcmp(t->ref.category,
								       f->last_type.category)) {
			pick = t;
			break;
		}
	}
	if (pick) {
		f->type = pick->ref;
		f->typed = true;
	}
	if (f->note && (!pick || strcasecmp(pick->name, "Note")))
		view_message(v, MSG_WARNING, "The account has no \"Note\" activity type: pick one");
	activity_types_free(&list);
}

/* A log waits for the activity types, to pick one from. */
static void try_ready(struct view *v)
{
	struct activityform *f = afv(v);
	if (f->state != AF_LOADING || !lookups_get(v->env->lookups, LOOKUP_ACTIVITY_TYPES))
		return;
	if (!f->typed)
		default_type(v);
	f->state = AF_EDITING;
	v->dirty = true;
	if (f->note && f->typed) {
		/* add-note: straight to what the note says */
		f->selected = AF_DETAILS;
		activity_edit_field(v, NULL);
	}
}

static void open_common(struct view *v, enum activity_write op, enum entity e, int64_t id,
			const char *name)
{
	struct activityform *f = afv(v);
	struct lookups *lk = v->env->lookups;
	view_new_generation(v);
	reset(f);
	f->op = op;
	f->parent = e;
	f->parent_id = id;
	if (!name)
		name = refnames_get(v->env->refnames, e, id);
	f->parent_name = name ? sanitize_line(name, strlen(name)) : NULL;
	f->when_text = xstrdup("now");
	f->details = xstrdup("");
	f->state = op == ACTIVITY_CREATE ? AF_LOADING : AF_EDITING;
	lookups_need(lk, LOOKUP_ACTIVITY_TYPES);
	lookups_need(lk, LOOKUP_USERS);
	lookups_need(lk, LOOKUP_ME); /* a lost log is recognised by its author */
	view_modal(v, true);
	v->dirty = true;
}

static void log_on(struct view *v, enum entity e, int64_t id, const cJSON *record, bool note)
{
	if ((unsigned)e >= ENT_COUNT || id <= 0)
		return;
	open_common(v, ACTIVITY_CREATE, e, id, json_member_str(record, "name"));
	afv(v)->note = note;
	try_ready(v);
}

/* Takes an activity of the record to change or delete. */
static bool take_activity(struct view *v, enum activity_write op, enum entity e, int64_t id,
			  const cJSON *activity, const char *name)
{
	struct activityform *f;
	if (!cJSON_IsObject(activity) || !activity_type_of(activity, &(struct activity_type_ref){0}))
		return false;
	open_common(v, op, e, id, name);
	f = afv(v);
	f->activity = cJSON_Duplicate(activity, true);
	activity_type_of(activity, &f->type);
	f->typed = true;
	int64_t date;
	if (json_int64(json_get(activity, "activity_date"), &date)) {
		f->when = date;
		free(f->when_text);
		f->when_text = date_moment_text(date);
	}
	const char *details = json_member_str(activity, "details");
	free(f->details);
	f->details = xstrdup(details ? details : "");
	return true;
}

static const struct prompt_ops confirm_ops;

static void ask_delete(struct view *v)
{
	struct activityform *f = afv(v);
	char *type = activity_form_type_name(v);
	char *label = xasprintf("Delete this %s for good (Copper has no undelete)? (y: delete, "
				"n: keep) ", type);
	f->state = AF_CONFIRM;
	view_prompt(v, label, "", &confirm_ops, v);
	free(label);
	free(type);
}

static void restore(struct view *v, const cJSON *draft)
{
	const char *kind = json_member_str(draft, "kind"), *ent = json_member_str(draft, "entity");
	enum entity e;
	if (!kind || strcmp(kind, "activity"))
		return; /* a record's draft: the edit form's */
	int64_t id = json_member_i64(draft, "id");
	if (!ent || !entity_parse(ent, &e) || id <= 0) {
		view_message(v, MSG_ERROR, "A draft of an activity names no record; it was left on "
			     "disk");
		return;
	}
	const cJSON *activity = json_get(draft, "activity");
	if (!activity) {
		open_common(v, ACTIVITY_CREATE, e, id, json_member_str(draft, "parent_name"));
	} else if (!take_activity(v, ACTIVITY_UPDATE, e, id, activity,
				  json_member_str(draft, "parent_name"))) {
		view_message(v, MSG_ERROR, "The draft's activity cannot be read; it was left on disk");
		return;
	}
	if (!activity_from_draft(v, draft)) {
		close_form(v, false);
		return;
	}
	struct activityform *f = afv(v);
	/* a log whose type the draft lacks waits for the types, to pick one */
	f->state = f->typed ? AF_EDITING : AF_LOADING;
	f->changed = true;
	view_message(v, MSG_INFO, "Restored your unsaved activity: w %s it, Esc leaves",
		     f->op == ACTIVITY_CREATE ? "logs" : "saves");
	try_ready(v);
}

/* ---- sending --------------------------------------------------------------- */

/* What the protocol learned, told to the user and to the timelines. */
static void finished(struct view *v)
{
	struct activityform *f = afv(v);
	struct activity_save *s = &f->save;
	char *on = parent_text(f), *type = activity_form_type_name(v);
	/* the verdict first: a status line of 80 columns shows it whole */
	const char *after = s->after_lost_answer
		? " after all (its answer was lost; Copper has it, nothing was sent twice):" : "";
	switch (f->op) {
	case ACTIVITY_CREATE:
		f->last_type = f->type;
		view_post(v, EV_ACTIVITY_SAVED, f->parent, f->parent_id, s->activity, true);
		view_message(v, MSG_INFO, "Logged%s a %s on %s", after, type, on);
		break;
	case ACTIVITY_UPDATE:
		if (s->nothing_sent) {
			view_message(v, MSG_INFO, "Nothing changed: nothing to save");
			free(on);
			free(type);
			return; /* the form stays: nothing was done */
		}
		view_post(v, EV_ACTIVITY_SAVED, f->parent, f->parent_id, s->activity, true);
		view_message(v, MSG_INFO, "Saved%s your %s on %s", after, type, on);
		break;
	case ACTIVITY_DELETE:
		view_post(v, EV_ACTIVITY_DELETED, f->parent, f->parent_id, f->activity, true);
		view_message(v, MSG_INFO, "Deleted%s the %s on %s", s->after_lost_answer
			     ? " after all (its answer was lost; Copper no longer has it):" : "",
			     type, on);
		break;
	}
	free(on);
	free(type);
	close_form(v, true);
}

static const char *verb(enum activity_write op, bool done)
{
	switch (op) {
	case ACTIVITY_CREATE: return done ? "logged" : "Not logged";
	case ACTIVITY_UPDATE: return done ? "saved" : "Not saved";
	default: return done ? "deleted" : "Not deleted";
	}
}

/* The protocol's next request goes out; or its outcome is shown. */
static void step(struct view *v, struct api_request *next)
{
	struct activityform *f = afv(v);
	struct activity_save *s = &f->save;
	if (next) {
		view_submit(v, next, PRIO_VISIBLE, AF_TAG_SAVE);
		f->state = AF_SAVING;
		v->dirty = true;
		return;
	}
	switch (s->state) {
	case ASAVE_DONE:
		finished(v);
		return;
	case ASAVE_UNKNOWN:
		f->state = AF_UNKNOWN;
		view_message(v, MSG_ERROR, "The activity may or may not be %s (w asks Copper again; "
			     "nothing is sent again): %s", verb(f->op, true), s->message);
		break;
	case ASAVE_REFUSED: case ASAVE_FAILED: default:
		if (f->op == ACTIVITY_DELETE || s->error == APIE_NOT_FOUND) {
			/* gone already: the timelines drop it */
			if (s->error == APIE_NOT_FOUND)
				view_post(v, EV_ACTIVITY_DELETED, f->parent, f->parent_id, f->activity,
					  true);
			if (f->op == ACTIVITY_DELETE) {
				view_message(v, MSG_ERROR, "Not deleted: %s", s->message);
				close_form(v, false);
				return;
			}
		}
		f->state = AF_EDITING;
		view_message(v, MSG_ERROR, "%s, what you typed is kept: %s%s", verb(f->op, false),
			     s->message ? s->message : "", f->op == ACTIVITY_CREATE &&
			     s->after_lost_answer ? " (w sends it again)" : "");
		break;
	}
	activity_journal(v);
	v->dirty = true;
}

static void send(struct view *v)
{
	struct activityform *f = afv(v);
	int64_t now = (int64_t)time(NULL);
	if (f->op == ACTIVITY_CREATE && !f->typed) {
		view_message(v, MSG_ERROR, "Which type of activity? Enter on Type picks one");
		return;
	}
	char *details = activity_details_clean(f->details);
	struct api_request *req = f->op == ACTIVITY_CREATE
		? activity_save_create(&f->save, f->parent, f->parent_id, f->type.id, details,
				       activity_form_when(f), view_me_id(v), now)
		: activity_save_update(&f->save, f->parent, f->parent_id, f->activity, details,
				       activity_form_when(f));
	free(details);
	step(v, req);
}

static void confirm_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct activityform *f = afv(v);
	if (text[0] != 'y') {
		view_message(v, MSG_INFO, "Kept");
		close_form(v, false);
		return;
	}
	step(v, activity_save_delete(&f->save, f->parent, f->parent_id, f->activity));
}

static void confirm_cancel(void *ctx)
{
	struct view *v = ctx;
	view_message(v, MSG_INFO, "Kept");
	close_form(v, false);
}

static const struct prompt_ops confirm_ops = {
	.submit = confirm_submit,
	.cancel = confirm_cancel,
	.answer_keys = "yn",
};

/* ---- the view --------------------------------------------------------------- */

static void leave(struct view *v)
{
	struct activityform *f = afv(v);
	switch (f->state) {
	case AF_EDITING:
		if (f->changed) {
			f->state = AF_DISCARD;
			return;
		}
		close_form(v, true);
		return;
	case AF_LOADING:
		close_form(v, true);
		return;
	case AF_CONFIRM:
		close_form(v, false);
		return;
	case AF_DISCARD:
		f->state = AF_EDITING;
		return;
	case AF_UNKNOWN:
		/* never back to sending: what is typed stays in the draft */
		if (f->op == ACTIVITY_DELETE)
			view_message(v, MSG_WARNING, "Left; R in the timeline shows whether the "
				     "activity is still there");
		else
			view_message(v, MSG_WARNING, "Left; your entries are kept as a draft. Check "
				     "the timeline (R reads it again) before you %s it again",
				     f->op == ACTIVITY_CREATE ? "log" : "change");
		close_form(v, false);
		return;
	default:
		view_message(v, MSG_INFO, "Waiting for Copper's answer; the form stays open");
		return;
	}
}

static bool activity_action(struct view *v, enum action a)
{
	struct activityform *f = afv(v);
	switch (a) {
	case ACTION_MOVE_DOWN: case ACTION_MOVE_UP: case ACTION_MOVE_FIRST: case ACTION_MOVE_LAST:
		if (f->state == AF_EDITING) {
			long to = a == ACTION_MOVE_DOWN ? (long)f->selected + 1
				: a == ACTION_MOVE_UP ? (long)f->selected - 1
				: a == ACTION_MOVE_FIRST ? 0 : AF_FIELDS - 1;
			f->selected = (size_t)(to < 0 ? 0 : to >= AF_FIELDS ? AF_FIELDS - 1 : to);
		}
		break;
	case ACTION_CANCEL: leave(v); break;
	case ACTION_FIELD_EDIT: case ACTION_OPEN:
		if (f->state == AF_EDITING) {
			activity_edit_field(v, NULL);
		} else if (f->state == AF_DISCARD) {
			view_message(v, MSG_INFO, "Discarded");
			close_form(v, true);
			return true;
		}
		break;
	case ACTION_FIELD_EDITOR:
		if (f->state == AF_EDITING) {
			f->selected = AF_DETAILS;
			activity_external_editor(v);
		}
		break;
	case ACTION_SAVE:
		if (f->state == AF_EDITING)
			send(v);
		else if (f->state == AF_UNKNOWN)
			step(v, activity_save_recheck(&f->save)); /* ask again, never send again */
		else if (f->state == AF_LOADING)
			view_message(v, MSG_INFO, "The activity types are still loading");
		break;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

static void activity_result(struct view *v, struct api_result *r)
{
	struct activityform *f = afv(v);
	if (r->tag == AF_TAG_SAVE && activity_save_busy(&f->save))
		step(v, activity_save_answer(&f->save, r));
	v->dirty = true;
}

static void activity_event(struct view *v, const struct ui_event *ev)
{
	struct activityform *f = afv(v);
	bool busy = f->state != AF_CLOSED;
	switch (ev->type) {
	case EV_LOG_ACTIVITY: case EV_LOG_NOTE:
		if (!busy)
			log_on(v, ev->entity, ev->id, ev->record, ev->type == EV_LOG_NOTE);
		break;
	case EV_EDIT_ACTIVITY:
		if (!busy && !take_activity(v, ACTIVITY_UPDATE, ev->entity, ev->id, ev->record, NULL))
			view_message(v, MSG_ERROR, "That activity cannot be read, so it cannot be "
				     "changed");
		break;
	case EV_DELETE_ACTIVITY:
		if (!busy && take_activity(v, ACTIVITY_DELETE, ev->entity, ev->id, ev->record, NULL))
			ask_delete(v);
		break;
	case EV_RESTORE_DRAFT:
		if (!busy)
			restore(v, ev->record);
		break;
	case EV_LOOKUPS_CHANGED: case EV_NAMES_LEARNED:
		try_ready(v);
		v->dirty = true;
		break;
	default:
		break;
	}
}

static void *activity_create(struct view *v, enum entity e)
{
	struct activityform *f = xcalloc(1, sizeof(*f));
	(void)v;
	(void)e;
	f->editing = -1;
	return f;
}

static void activity_close(struct view *v)
{
	reset(afv(v));
	free(v->priv);
}

const struct view_ops activity_view = {
	.name = "activity",
	.help_title = "In the activity form (L logs one; e, D in the timeline)",
	.place = VIEW_MODAL,
	.create = activity_create,
	.draw = activity_draw,
	.action = activity_action,
	.result = activity_result,
	.event = activity_event,
	.close = activity_close,
};
