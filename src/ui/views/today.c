/*
 * today.c - the Today page: loading its sections, moving, and the keys
 * that act on a task or a deal (see today_internal.h).
 */
#include "config.h"

#include "ui/views/today_internal.h"
#include "ui/views/views.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the lines ------------------------------------------------------------- */

struct line *today_lines(struct view *v, size_t *n)
{
	struct todayview *t = tv(v);
	size_t cap = 0;
	for (int s = 0; s < TODAY_SECTIONS; s++)
		cap += 4 + (size_t)cJSON_GetArraySize(t->sec[s].records);
	struct line *lines = xcalloc(cap, sizeof(*lines));
	size_t k = 0;
	for (int s = 0; s < TODAY_SECTIONS; s++) {
		const struct section *sec = &t->sec[s];
		int count = cJSON_GetArraySize(sec->records);
		if (s)
			lines[k++] = (struct line){ LINE_BLANK, s, -1 };
		lines[k++] = (struct line){ LINE_HEADER, s, -1 };
		for (int i = 0; i < count; i++)
			lines[k++] = (struct line){ LINE_RECORD, s, i };
		if (sec->total > count)
			lines[k++] = (struct line){ LINE_MORE, s, -1 };
		else if (!count)
			lines[k++] = (struct line){ LINE_NOTE, s, -1 };
	}
	*n = k;
	/* the cursor on its line, wherever that is now; else the first */
	size_t first = k;
	for (size_t i = 0; i < k; i++) {
		bool can = lines[i].kind == LINE_RECORD || lines[i].kind == LINE_MORE;
		if (can && first == k)
			first = i;
		if (can && t->has_at && lines[i].kind == t->at.kind && lines[i].section == t->at.section &&
		    lines[i].index == t->at.index) {
			t->cursor = i;
			return lines;
		}
	}
	t->has_at = false;
	t->cursor = first < k ? first : 0;
	return lines;
}

static bool selectable(const struct line *l)
{
	return l->kind == LINE_RECORD || l->kind == LINE_MORE;
}

int64_t today_count(struct view *v, int s)
{
	struct todayview *t = tv(v);
	const struct section *sec = &t->sec[s];
	if (sec->total < 0)
		return -1;
	int64_t gone = 0, now = (int64_t)time(NULL);
	const cJSON *rec;
	cJSON_ArrayForEach(rec, sec->records)
		gone += !today_matches((enum today_section)s, rec, now, v->env->settings->stale_days);
	return sec->total > gone ? sec->total - gone : 0;
}

/* The record under the cursor, its section and index; NULL when none. */
static const cJSON *current(struct view *v, int *section)
{
	size_t n;
	struct line *lines = today_lines(v, &n);
	const cJSON *rec = NULL;
	if (tv(v)->cursor < n && lines[tv(v)->cursor].kind == LINE_RECORD) {
		*section = lines[tv(v)->cursor].section;
		rec = cJSON_GetArrayItem(tv(v)->sec[*section].records, lines[tv(v)->cursor].index);
	}
	free(lines);
	return rec;
}

/* Moves the cursor by delta selectable lines (or to the first, last). */
static void move_cursor(struct view *v, long delta)
{
	struct todayview *t = tv(v);
	size_t n;
	struct line *lines = today_lines(v, &n);
	if (!n) {
		free(lines);
		return;
	}
	size_t at = t->cursor < n ? t->cursor : 0;
	long step = delta < 0 ? -1 : 1;
	for (long moved = 0; moved != delta;) {
		long next = (long)at + step;
		while (next >= 0 && next < (long)n && !selectable(&lines[next]))
			next += step;
		if (next < 0 || next >= (long)n)
			break;
		at = (size_t)next;
		moved += step;
	}
	if (selectable(&lines[at])) {
		t->cursor = at;
		t->at = lines[at];
		t->has_at = true;
	}
	free(lines);
	v->dirty = true;
}

/* ---- loading -------------------------------------------------------------- */

static void clear_section(struct section *sec)
{
	free(sec->filter);
	cJSON_Delete(sec->records);
	free(sec->error);
	memset(sec, 0, sizeof(*sec));
	sec->total = -1;
}

static void load(struct view *v)
{
	struct todayview *t = tv(v);
	int64_t now = (int64_t)time(NULL);
	if (view_me_id(v) <= 0) {
		/* "owner:me": the user first */
		t->waiting_for_me = true;
		lookups_need(v->env->lookups, LOOKUP_ME);
		return;
	}
	t->waiting_for_me = false;
	view_new_generation(v);
	t->started = true;
	t->loaded_at = now;
	for (int s = 0; s < TODAY_SECTIONS; s++) {
		const struct today_def *d = today_def((enum today_section)s);
		struct section *sec = &t->sec[s];
		clear_section(sec);
		sec->filter = today_filter((enum today_section)s, now, v->env->settings->stale_days);
		cJSON *body;
		if (!view_parse_filter(v, d->entity, sec->filter, &body)) {
			sec->error = xstrdup("the section's filter was not accepted");
			continue;
		}
		view_submit(v, api_search(d->entity, body, 1, TODAY_PAGE_SIZE, d->sort_by, d->descending),
			    PRIO_VISIBLE, TAG_SECTION + s);
		cJSON_Delete(body);
		sec->loading = true;
	}
	lookups_need(v->env->lookups, LOOKUP_PIPELINES);
	lookups_need(v->env->lookups, LOOKUP_USERS);
	t->has_at = false;
	t->top = 0;
	v->dirty = true;
}

static void take_section(struct view *v, struct api_result *r)
{
	struct todayview *t = tv(v);
	int s = (int)(r->tag - TAG_SECTION);
	struct section *sec = &t->sec[s];
	enum entity e = today_def((enum today_section)s)->entity;
	sec->loading = false;
	if (r->error.kind != APIE_NONE || !cJSON_IsArray(r->json)) {
		free(sec->error);
		sec->error = xstrdup(r->error.message ? r->error.message : "the answer was not a list");
		return;
	}
	sec->records = r->json;
	r->json = NULL;
	sec->total = r->total >= 0 ? r->total : cJSON_GetArraySize(sec->records);
	refnames_learn(v->env->refnames, e, sec->records);
	/* what the tasks are about, named in one search per entity */
	struct refnames_batch names = {0};
	refnames_want_refs(v->env->refnames, &names, e, sec->records);
	refnames_ask(v->env->refnames, &names, v->env->sender, v->owner, v->generation, PRIO_PREFETCH,
		     TAG_NAMES);
	refnames_batch_clear(&names);
	v->dirty = true;
}

/* ---- the keys --------------------------------------------------------------- */

static void complete_task(struct view *v)
{
	int s;
	const cJSON *rec = current(v, &s);
	if (!rec || today_def((enum today_section)s)->entity != ENT_TASKS) {
		view_message(v, MSG_INFO, "x completes a task: this is not one");
		return;
	}
	const char *status = json_member_str(rec, "status");
	if (status && !strcmp(status, "Completed")) {
		view_message(v, MSG_INFO, "Already completed (u undoes the last change)");
		return;
	}
	struct batch *b = batch_new("Completed", v->env->lookups);
	cJSON *done = cJSON_CreateString("Completed");
	batch_add_change(b, "status", done, NULL);
	cJSON_Delete(done);
	batch_add_record(b, ENT_TASKS, json_member_i64(rec, "id"), rec);
	bulk_start(v, &tv(v)->bulk, b);
}

static void snooze_to(struct view *v, const char *by)
{
	struct todayview *t = tv(v);
	const cJSON *rec = NULL;
	for (int s = 0; s < TODAY_SECTIONS && !rec; s++) {
		const cJSON *r;
		if (today_def((enum today_section)s)->entity != t->snooze_entity)
			continue;
		cJSON_ArrayForEach(r, t->sec[s].records)
			if (json_member_i64(r, "id") == t->snooze_id)
				rec = r;
	}
	const char *key;
	int64_t when = rec ? today_snoozed_date(t->snooze_entity, rec, &key) : 0;
	char *day;
	if (!rec || !today_snooze_day(when, (int64_t)time(NULL), by, &day)) {
		view_message(v, MSG_ERROR, rec ? "'%s' is not a day (2026-12-31, tomorrow, +3d, eow...)"
			     : "The record is no longer here%s", rec ? by : "");
		return;
	}
	char *what = xasprintf("Snoozed to %s", day);
	struct batch *b = batch_new(what, v->env->lookups);
	if (t->snooze_entity == ENT_TASKS) {
		/* the same time of day, another day */
		const cJSON *due = json_get(rec, "due_date");
		cJSON *to = cJSON_CreateNumber((double)today_snooze_time(cJSON_IsNumber(due) ? json_i64(due) : 0,
									  day));
		batch_add_change(b, key, to, NULL);
		cJSON_Delete(to);
	} else {
		batch_add_change(b, key, NULL, day);
	}
	batch_add_record(b, t->snooze_entity, t->snooze_id, rec);
	bulk_start(v, &t->bulk, b);
	free(what);
	free(day);
}

static void snooze_date_submit(void *ctx, const char *text)
{
	snooze_to(ctx, text);
}

static const struct prompt_ops snooze_date_ops = { .submit = snooze_date_submit };

static void snooze_submit(void *ctx, const char *answer)
{
	struct view *v = ctx;
	if (answer[0] == 'd')
		snooze_to(v, "+1d");
	else if (answer[0] == 'w')
		snooze_to(v, "+1w");
	else
		view_prompt(v, "Snooze to (2026-12-31, tomorrow, +3d, eow): ", "", &snooze_date_ops, v);
}

static const struct prompt_ops snooze_ops = { .submit = snooze_submit, .answer_keys = "dwt" };

static void snooze(struct view *v)
{
	struct todayview *t = tv(v);
	int s;
	const cJSON *rec = current(v, &s);
	enum entity e = rec ? today_def((enum today_section)s)->entity : ENT_COUNT;
	const char *key;
	today_snoozed_date(e, rec, &key);
	if (!rec || !key) {
		view_message(v, MSG_INFO, "s snoozes a task's due date or a deal's close date: this is neither");
		return;
	}
	t->snooze_entity = e;
	t->snooze_id = json_member_i64(rec, "id");
	char *name = sanitize_line(json_member_str(rec, "name") ? json_member_str(rec, "name") : "",
				   strlen(json_member_str(rec, "name") ? json_member_str(rec, "name") : ""));
	char *q = xasprintf("Snooze \"%s\": d +1 day, w +1 week, t type a date (Esc: no) ", name);
	view_prompt(v, q, "", &snooze_ops, v);
	free(q);
	free(name);
}

static void open_line(struct view *v)
{
	struct todayview *t = tv(v);
	size_t n;
	struct line *lines = today_lines(v, &n);
	if (t->cursor < n && lines[t->cursor].kind == LINE_RECORD) {
		const struct line *l = &lines[t->cursor];
		const cJSON *rec = cJSON_GetArrayItem(t->sec[l->section].records, l->index);
		view_post(v, EV_OPEN_RECORD, today_def((enum today_section)l->section)->entity,
			  json_member_i64(rec, "id"), rec, true);
	} else if (t->cursor < n && lines[t->cursor].kind == LINE_MORE) {
		/* the section's whole list, in its tab */
		const struct line *l = &lines[t->cursor];
		cJSON *filter = cJSON_CreateString(t->sec[l->section].filter);
		view_post(v, EV_SHOW_FILTERED, today_def((enum today_section)l->section)->entity, 0, filter,
			  true);
		cJSON_Delete(filter);
	}
	free(lines);
}

/* L: an activity logged on the focused record (a call about a task, a
 * meeting on a deal), through the one activity form. */
static void log_activity(struct view *v)
{
	int s;
	const cJSON *rec = current(v, &s);
	if (!rec) {
		view_message(v, MSG_INFO, "No record here to log an activity on");
		return;
	}
	view_post(v, EV_LOG_ACTIVITY, today_def((enum today_section)s)->entity,
		  json_member_i64(rec, "id"), rec, true);
}

static bool today_action(struct view *v, enum action a)
{
	int page = v->rows > 2 ? v->rows - 2 : 1;
	switch (a) {
	case ACTION_MOVE_DOWN: move_cursor(v, 1); break;
	case ACTION_MOVE_UP: move_cursor(v, -1); break;
	case ACTION_PAGE_DOWN: move_cursor(v, page); break;
	case ACTION_PAGE_UP: move_cursor(v, -page); break;
	case ACTION_HALF_PAGE_DOWN: move_cursor(v, page / 2 + 1); break;
	case ACTION_HALF_PAGE_UP: move_cursor(v, -(page / 2 + 1)); break;
	case ACTION_MOVE_FIRST: tv(v)->has_at = false; move_cursor(v, 0); break;
	case ACTION_MOVE_LAST: move_cursor(v, 100000); break;
	case ACTION_OPEN: open_line(v); break;
	case ACTION_COMPLETE_TASK: complete_task(v); break;
	case ACTION_SNOOZE: snooze(v); break;
	case ACTION_LOG_ACTIVITY: log_activity(v); break;
	case ACTION_UNDO: bulk_undo(v, &tv(v)->bulk); break;
	case ACTION_RELOAD:
		load(v);
		view_message(v, MSG_INFO, "Reloading Today");
		break;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

/* ---- changes, its own and others' ------------------------------------------- */

/* A record shown here as it is now: every copy of it. */
static void replace_record(struct view *v, enum entity e, const cJSON *record)
{
	struct todayview *t = tv(v);
	int64_t id = json_member_i64(record, "id");
	for (int s = 0; s < TODAY_SECTIONS; s++) {
		if (today_def((enum today_section)s)->entity != e)
			continue;
		int i = 0;
		const cJSON *r;
		cJSON_ArrayForEach(r, t->sec[s].records) {
			if (json_member_i64(r, "id") == id) {
				cJSON_ReplaceItemInArray(t->sec[s].records, i, cJSON_Duplicate(record, true));
				break;
			}
			i++;
		}
	}
	v->dirty = true;
}

static void show_change(struct view *v, const struct batch_op *op, const cJSON *record,
			enum bulk_show how)
{
	(void)how;
	if (record)
		replace_record(v, op->entity, record);
}

static const struct bulk_hooks today_bulk_hooks = { .show = show_change };

static void today_result(struct view *v, struct api_result *r)
{
	bool learned;
	if (bulk_result(v, &tv(v)->bulk, r))
		return;
	if (r->tag >= TAG_SECTION && r->tag < TAG_SECTION + TODAY_SECTIONS)
		take_section(v, r);
	else if (refnames_on_result(v->env->refnames, r, TAG_NAMES, &learned) && learned)
		view_post(v, EV_NAMES_LEARNED, ENT_TASKS, 0, NULL, false);
	v->dirty = true;
}

static void today_event(struct view *v, const struct ui_event *ev)
{
	struct todayview *t = tv(v);
	switch (ev->type) {
	case EV_TAB_SHOWN:
		if (!t->started)
			load(v);
		v->dirty = true;
		break;
	case EV_LOOKUPS_CHANGED:
		if (t->waiting_for_me && view_me_id(v) > 0)
			load(v);
		v->dirty = true;
		break;
	case EV_RECORD_SAVED:
		/* saved elsewhere (the form, a list): shown as it is */
		if (ev->from != v && ev->record)
			replace_record(v, ev->entity, ev->record);
		break;
	case EV_NAMES_LEARNED:
		v->dirty = true;
		break;
	default:
		break;
	}
}

static void *today_create(struct view *v, enum entity e)
{
	(void)v;
	(void)e;
	struct todayview *t = xcalloc(1, sizeof(*t));
	for (int s = 0; s < TODAY_SECTIONS; s++)
		t->sec[s].total = -1;
	bulk_init(&t->bulk, &today_bulk_hooks);
	return t;
}

static void today_close(struct view *v)
{
	struct todayview *t = tv(v);
	for (int s = 0; s < TODAY_SECTIONS; s++)
		clear_section(&t->sec[s]);
	bulk_free(&t->bulk);
	free(t);
}

const struct view_ops today_view = {
	.name = "today",
	.help_title = "Today (0 shows it)",
	.place = VIEW_PAGE,
	.title = "Today",
	.opener = ACTION_TAB_TODAY,
	.create = today_create,
	.draw = today_draw,
	.action = today_action,
	.result = today_result,
	.event = today_event,
	.describe = today_describe,
	.close = today_close,
};
