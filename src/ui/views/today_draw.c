/*
 * today_draw.c - the Today page on screen, and the title's counts (see
 * today_internal.h).
 *
 * A section is a header with its count, then a line per record: its date
 * (due, close or last change), its name, and what it is about (a task's
 * related record, a deal's value and stage, a lead's company). A record
 * changed since the load stays, marked with what it became, until the
 * next load; one being saved is marked pending.
 */
#include "config.h"

#include "model/format.h"
#include "ui/paint.h"
#include "ui/views/today_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DATE_WIDTH 12

char *today_describe(struct view *v)
{
	struct todayview *t = tv(v);
	struct strbuf sb = {0};
	if (!t->started)
		return xstrdup(t->waiting_for_me ? "who you are\xe2\x80\xa6" : "");
	int64_t stale = 0;
	for (int s = 0; s < TODAY_SECTIONS; s++) {
		int64_t n = today_count(v, s);
		if (s == TODAY_STALE_DEALS || s == TODAY_STALE_LEADS) {
			/* one sum of both, once both are known */
			stale = n >= 0 && stale >= 0 ? stale + n : -1;
			continue;
		}
		if (n >= 0)
			sb_printf(&sb, "%s%" PRId64 " %s", sb.len ? " \xc2\xb7 " : "", n,
				  today_def((enum today_section)s)->counted);
	}
	if (stale >= 0)
		sb_printf(&sb, "%s%" PRId64 " untouched %dd+", sb.len ? " \xc2\xb7 " : "", stale,
			  v->env->settings->stale_days);
	char *saving = bulk_progress(&t->bulk);
	if (saving)
		sb_printf(&sb, "  %s", saving);
	free(saving);
	if (!sb.len)
		sb_puts(&sb, "loading\xe2\x80\xa6");
	return sb_detach(&sb);
}

/* What a task is about: its related record's name. Caller frees. */
static char *related_text(struct view *v, const cJSON *task)
{
	const cJSON *rel = json_get(task, "related_resource");
	const char *type = json_member_str(rel, "type");
	int64_t id = json_member_i64(rel, "id");
	enum entity e;
	if (!type || !id || !entity_parse(type, &e))
		return xstrdup("");
	const char *name = refnames_get(v->env->refnames, e, id);
	return name ? xasprintf("%s: %s", entity_title(e), name) : xasprintf("%s #%" PRId64, entity_title(e), id);
}

static char *deal_text(struct view *v, const cJSON *deal)
{
	const cJSON *value = json_get(deal, "monetary_value");
	char *money = cJSON_IsNumber(value)
		? fields_format_money(value->valuedouble, json_member_str(deal, "monetary_unit"))
		: xstrdup("");
	const char *stage = lookups_stage_name(v->env->lookups, json_member_i64(deal, "pipeline_stage_id"));
	char *text = xasprintf("%s%s%s", money, *money && stage ? "  " : "", stage ? stage : "");
	free(money);
	return text;
}

/* The date a record shows, and what it is about. */
static void record_texts(struct view *v, int s, const cJSON *rec, char **date, char **about)
{
	enum entity e = today_def((enum today_section)s)->entity;
	if (s == TODAY_STALE_DEALS || s == TODAY_STALE_LEADS) {
		const cJSON *m = json_get(rec, "date_modified");
		*date = cJSON_IsNumber(m) ? fields_format_date(json_i64(m)) : xstrdup("");
	} else if (e == ENT_OPPORTUNITIES) {
		char *d = fields_format_date_string(json_member_str(rec, "close_date"));
		*date = d ? d : xstrdup("");
	} else {
		const cJSON *due = json_get(rec, "due_date");
		*date = cJSON_IsNumber(due) ? fields_format_date(json_i64(due)) : xstrdup("no date");
	}
	if (e == ENT_TASKS) {
		*about = related_text(v, rec);
	} else if (e == ENT_OPPORTUNITIES) {
		*about = deal_text(v, rec);
	} else {
		const char *company = json_member_str(rec, "company_name");
		*about = sanitize_line(company ? company : "", company ? strlen(company) : 0);
	}
}

/* What a record changed since the load became, or NULL. */
static const char *became(int s, const cJSON *rec, bool matches)
{
	const char *status = json_member_str(rec, "status");
	if (matches)
		return NULL;
	if (status && !strcmp(status, "Completed"))
		return "\xe2\x9c\x93 completed";
	if (status && strcmp(status, "Open"))
		return status;
	return s == TODAY_STALE_DEALS || s == TODAY_STALE_LEADS ? "touched" : "moved";
}

static void draw_record(struct view *v, WINDOW *w, int y, int s, const cJSON *rec, bool cursor)
{
	struct todayview *t = tv(v);
	enum entity e = today_def((enum today_section)s)->entity;
	int64_t id = json_member_i64(rec, "id");
	bool pending = bulk_pending(&t->bulk, e, id);
	bool matches = today_matches((enum today_section)s, rec, (int64_t)time(NULL),
				     v->env->settings->stale_days);
	const char *note = pending ? "\xe2\x80\xa6 saving" : became(s, rec, matches);
	attr_t base = theme_attr(cursor ? AREA_CURSOR : pending ? AREA_PENDING : note ? AREA_EMPTY : AREA_ROW);
	paint_blank_line(w, y, base);
	wattrset(w, base);
	char *date, *about;
	record_texts(v, s, rec, &date, &about);
	const char *raw = json_member_str(rec, "name");
	char *name = sanitize_line(raw ? raw : "(no name)", raw ? strlen(raw) : 9);
	int cols = v->cols, x = 2;
	int name_w = (cols - x - DATE_WIDTH) * 3 / 5;
	wmove(w, y, x);
	paint_text(w, date, DATE_WIDTH - 1);
	x += DATE_WIDTH;
	wmove(w, y, x);
	paint_text(w, name, name_w > 1 ? name_w - 1 : 1);
	x += name_w > 0 ? name_w : 0;
	char *tail = note ? xasprintf("%s  %s", note, about) : xstrdup(about);
	if (x < cols) {
		wmove(w, y, x);
		paint_text(w, tail, cols - x);
	}
	free(tail);
	free(name);
	free(date);
	free(about);
}

static void draw_header(struct view *v, WINDOW *w, int y, int s)
{
	struct todayview *t = tv(v);
	const struct section *sec = &t->sec[s];
	int64_t n = today_count(v, s);
	char *title = n >= 0 ? xasprintf("%s (%" PRId64 ")", today_def((enum today_section)s)->title, n)
		: xstrdup(today_def((enum today_section)s)->title);
	wattrset(w, theme_attr(AREA_HEADING));
	wmove(w, y, 0);
	int used = paint_text(w, title, v->cols);
	if (sec->filter && used + 4 < v->cols) {
		wattrset(w, theme_attr(AREA_EMPTY));
		wmove(w, y, used + 2);
		paint_text(w, sec->filter, v->cols - used - 2);
	}
	free(title);
}

static void draw_note(struct view *v, WINDOW *w, int y, int s, bool more, bool cursor)
{
	const struct section *sec = &tv(v)->sec[s];
	char *text;
	enum theme_area area = AREA_PLACEHOLDER;
	if (more) {
		char *n = str_thousands(sec->total - cJSON_GetArraySize(sec->records));
		text = xasprintf("\xe2\x80\xa6 and %s more: Enter lists them all in %s", n,
				 entity_plural(today_def((enum today_section)s)->entity));
		free(n);
	} else if (sec->error) {
		text = xasprintf("Could not be read: %s (R reads again)", sec->error);
		area = AREA_ERROR;
	} else if (sec->loading) {
		text = xstrdup("Loading\xe2\x80\xa6");
	} else {
		text = xstrdup("Nothing here.");
	}
	attr_t at = theme_attr(cursor ? AREA_CURSOR : area);
	paint_blank_line(w, y, cursor ? at : theme_attr(AREA_ROW));
	wattrset(w, at);
	wmove(w, y, 2);
	paint_text(w, text, v->cols - 2);
	free(text);
}

void today_draw(struct view *v, WINDOW *w, bool focused)
{
	struct todayview *t = tv(v);
	if (!t->started) {
		/* "owner:me" waits for the API user; a failure says so */
		const char *why = lookups_error(v->env->lookups);
		char *text = t->waiting_for_me && why
			? xasprintf("Who you are could not be read: %s (R tries again)", why)
			: xstrdup(t->waiting_for_me ? "Finding out who you are\xe2\x80\xa6" : "Loading\xe2\x80\xa6");
		wattrset(w, theme_attr(t->waiting_for_me && why ? AREA_ERROR : AREA_PLACEHOLDER));
		wmove(w, 0, 1);
		paint_text(w, text, v->cols - 1);
		free(text);
		return;
	}
	size_t n;
	struct line *lines = today_lines(v, &n);
	size_t height = (size_t)(v->rows > 0 ? v->rows : 1);
	if (t->cursor < t->top)
		t->top = t->cursor;
	if (t->cursor >= t->top + height)
		t->top = t->cursor - height + 1;
	/* the section's header stays in view with its first record */
	if (t->top && t->top == t->cursor && t->cursor < n && lines[t->cursor - 1].kind == LINE_HEADER)
		t->top--;
	for (size_t y = 0; y < height && t->top + y < n; y++) {
		const struct line *l = &lines[t->top + y];
		bool cursor = focused && t->top + y == t->cursor;
		switch (l->kind) {
		case LINE_HEADER: draw_header(v, w, (int)y, l->section); break;
		case LINE_RECORD:
			draw_record(v, w, (int)y, l->section,
				    cJSON_GetArrayItem(t->sec[l->section].records, l->index), cursor);
			break;
		case LINE_MORE: draw_note(v, w, (int)y, l->section, true, cursor); break;
		case LINE_NOTE: draw_note(v, w, (int)y, l->section, false, false); break;
		case LINE_BLANK: break;
		}
	}
	free(lines);
}
