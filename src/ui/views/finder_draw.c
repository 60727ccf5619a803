/*
 * finder_draw.c - the finder on screen: a line of what it found and what
 * still syncs, the results (type, name, the field that matched, the
 * words marked), and the focused record's preview beside them (below on
 * a narrow screen).
 */
#include "config.h"

#include "mirror/extract.h"
#include "ui/mirror_link.h"
#include "ui/paint.h"
#include "ui/views/finder_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TYPE_WIDTH 13
#define CONTEXT_BYTES 24     /* shown of a long value before its first match */
#define NAME_WIDTH 28
#define PREVIEW_MIN_COLS 90   /* wider: the preview beside the results */

int finder_rows(struct view *v)
{
	return fv(v)->rows > 0 ? fv(v)->rows : 1;
}

/* Text (raw, as stored) with its marked ranges in the match attribute,
 * each piece sanitized; at most width columns. Returns the columns used. */
static int paint_marked(WINDOW *w, const char *text, const struct query_mark *marks,
			size_t nmarks, attr_t base, attr_t match, int width)
{
	size_t at = 0, len = strlen(text);
	int used = 0;
	for (size_t i = 0; i <= nmarks && used < width; i++) {
		size_t start = i < nmarks ? marks[i].start : len;
		size_t end = i < nmarks ? marks[i].end : len;
		if (start > len || end > len || start < at)
			continue;
		char *plain = sanitize_line(text + at, start - at);
		wattrset(w, base);
		used += paint_text(w, plain, width - used);
		free(plain);
		if (i < nmarks && used < width) {
			char *hit = sanitize_line(text + start, end - start);
			wattrset(w, match);
			used += paint_text(w, hit, width - used);
			free(hit);
		}
		at = end;
	}
	wattrset(w, base);
	return used;
}

/* A value from a little before its first match (an ellipsis for what is
 * left out), so that the match shows in a long text. */
static void paint_snippet(WINDOW *w, const struct query_hit *h, attr_t base, attr_t match,
			  int width)
{
	size_t from = 0;
	if (h->nmarks && h->marks[0].start > CONTEXT_BYTES) {
		from = h->marks[0].start - CONTEXT_BYTES;
		while (from < h->marks[0].start && ((unsigned char)h->value[from] & 0xc0) == 0x80)
			from++; /* not inside a character */
		while (from < h->marks[0].start && h->value[from - 1] != ' ')
			from++; /* nor a word */
		wattrset(w, base);
		width -= paint_text(w, "\xe2\x80\xa6", width);
	}
	struct query_mark marks[QUERY_MAX_MARKS];
	for (size_t i = 0; i < h->nmarks; i++)
		marks[i] = (struct query_mark){ h->marks[i].start - from, h->marks[i].end - from };
	paint_marked(w, h->value + from, marks, h->nmarks, base, match, width);
}

static void draw_item(struct view *v, WINDOW *w, int y, int width, const struct finder_item *it,
		      bool cursor)
{
	attr_t base = theme_attr(cursor ? AREA_CURSOR : AREA_ROW);
	attr_t dim = cursor ? base : theme_attr(AREA_LABEL);
	attr_t match = theme_attr(AREA_MATCH) | (cursor ? A_REVERSE : 0);
	paint_blank_line(w, y, base);
	wmove(w, y, 0);
	char type[TYPE_WIDTH + 1];
	snprintf(type, sizeof(type), " %-*s", TYPE_WIDTH - 1, entity_title(it->entity));
	wattrset(w, dim);
	int x = paint_text(w, type, width);
	/* what matched, for the rows shown only */
	if (it->hit && !it->hit->described)
		query_describe(mirror_link_engine(v->env->mirror), &fv(v)->local, it->index);
	const struct query_hit *h = it->hit;
	const char *name = h ? h->name : json_member_str(it->record, "name");
	bool name_marked = h && !h->field && h->rank != RANK_RECENT;
	int name_width = width - x > NAME_WIDTH + 10 ? NAME_WIDTH : width - x;
	int used = paint_marked(w, name ? name : "(no name)", name_marked ? h->marks : NULL,
				name_marked ? h->nmarks : 0, base, match, name_width);
	x += used;
	if (x >= width)
		return;
	wmove(w, y, x + (name_width - used) + 1);
	x += (name_width - used) + 1;
	if (h && h->field && x < width) {
		char *label = h->custom_id ? xstrdup("custom field: ") : xasprintf("%s: ", h->field);
		const char *def = h->custom_id ? lookups_name(v->env->lookups, LOOKUP_CUSTOM_FIELDS,
							       h->custom_id) : NULL;
		if (def) {
			free(label);
			label = xasprintf("%s: ", def);
			char *clean = sanitize_line(label, strlen(label));
			free(label);
			label = clean;
		}
		wattrset(w, dim);
		x += paint_text(w, label, width - x);
		free(label);
		paint_snippet(w, h, base, match, width - x);
	} else if (!h && x < width) {
		wattrset(w, dim);
		paint_text(w, "(from Copper: not in the mirror yet)", width - x);
	}
}

/* "Still syncing: Tasks 45%..." for the entities searched that the
 * mirror does not hold whole, and whether the server was asked. */
static char *syncing_line(struct view *v)
{
	struct finder *f = fv(v);
	const struct sync_progress *p = mirror_link_progress(v->env->mirror);
	if (!mirror_link_ready(v->env->mirror))
		return xstrdup("The mirror is not open yet: only the server is asked");
	unsigned entities = finder_entities(v);
	struct strbuf sb = {0};
	for (int e = 0; e < ENT_COUNT; e++) {
		if (!(entities & (1u << e)) || p->entity[e].complete)
			continue;
		int64_t total = p->entity[e].total;
		int pct = total > 0 ? (int)(100 * p->entity[e].held / total) : 0;
		sb_printf(&sb, "%s%s %d%%", sb.len ? ", " : "Still syncing: ",
			  entity_plural((enum entity)e), pct > 100 ? 100 : pct);
	}
	if (sb.len && f->asked)
		sb_printf(&sb, "; asked Copper too%s", f->answered == f->asked ? "" : " (waiting)");
	else if (sb.len && mirror_link_offline(v->env->mirror))
		sb_puts(&sb, "; offline: only the mirror");
	return sb.len ? sb_detach(&sb) : NULL;
}

static void draw_header(struct view *v, WINDOW *w, int width)
{
	struct finder *f = fv(v);
	paint_blank_line(w, 0, theme_attr(AREA_HEADER));
	char *text;
	if (f->error)
		text = xasprintf(" Find: %s", f->error);
	else if (!*f->text)
		text = xasprintf(" Find: type a name, an email, a phone...  p: c: l: o: pr: t: "
				 "owner:me   (the most recent below)");
	else
		text = xasprintf(" Find: %zu result%s%s", f->count, f->count == 1 ? "" : "s",
				 f->local.cut_short ? " (cut short: type more)" : "");
	char *clean = sanitize_line(text, strlen(text));
	wattrset(w, theme_attr(f->error ? AREA_ERROR : AREA_HEADER));
	paint_text(w, clean, width);
	free(text);
	free(clean);
}

static void preview_line(WINDOW *w, int *y, int bottom, int x, int width, attr_t attr,
			 const char *label, const char *value)
{
	if (*y >= bottom || !value || !*value)
		return;
	char *text = label ? xasprintf("%-12.12s %s", label, value) : xstrdup(value);
	char *clean = sanitize_line(text, strlen(text));
	wmove(w, *y, x);
	wattrset(w, attr);
	paint_text(w, clean, width);
	free(text);
	free(clean);
	(*y)++;
}

static void draw_preview(struct view *v, WINDOW *w, int top, int bottom, int x, int width)
{
	struct finder *f = fv(v);
	const cJSON *rec = finder_focused_record(v);
	if (!rec || f->cursor >= f->count)
		return;
	enum entity e = f->items[f->cursor].entity;
	int y = top;
	attr_t value = theme_attr(AREA_VALUE), label = theme_attr(AREA_LABEL);
	preview_line(w, &y, bottom, x, width, theme_attr(AREA_HEADING), NULL,
		     json_member_str(rec, "name"));
	char when[64] = "";
	time_t t = (time_t)json_member_i64(rec, "date_modified");
	struct tm tm;
	if (t && localtime_r(&t, &tm))
		strftime(when, sizeof(when), " \xc2\xb7 changed %Y-%m-%d", &tm);
	char *kind = xasprintf("%s #%" PRId64 "%s", entity_title(e), json_member_i64(rec, "id"), when);
	preview_line(w, &y, bottom, x, width, theme_attr(AREA_EMPTY), NULL, kind);
	free(kind);
	y++;
	const char *owner = lookups_user_name(v->env->lookups, json_member_i64(rec, "assignee_id"));
	preview_line(w, &y, bottom, x, width, value, "owner", owner);
	if (e == ENT_OPPORTUNITIES)
		preview_line(w, &y, bottom, x, width, value, "stage",
			     lookups_stage_name(v->env->lookups, json_member_i64(rec, "pipeline_stage_id")));
	preview_line(w, &y, bottom, x, width, value, "status", json_member_str(rec, "status"));
	size_t n;
	struct extract_field *fields = extract_fields(e, rec, &n);
	for (size_t i = 0; i < n; i++) {
		if (fields[i].column == EXTRACT_NAME)
			continue;
		const char *name = fields[i].custom_id ? lookups_name(v->env->lookups,
			LOOKUP_CUSTOM_FIELDS, fields[i].custom_id) : NULL;
		/* the first line of long text */
		char *nl = strchr(fields[i].value, '\n');
		if (nl)
			*nl = '\0';
		preview_line(w, &y, bottom, x, width, value, name ? name : fields[i].label,
			     fields[i].value);
	}
	extract_fields_free(fields, n);
	(void)label;
}

void finder_draw(struct view *v, WINDOW *w, bool focused)
{
	struct finder *f = fv(v);
	(void)focused;
	int rows = v->rows, cols = v->cols;
	bool beside = cols >= PREVIEW_MIN_COLS;
	int list_cols = beside ? cols * 55 / 100 : cols;
	char *syncing = syncing_line(v);
	int list_bottom = rows - (syncing ? 1 : 0);
	if (!beside && rows >= 24)
		list_bottom = list_bottom - 10; /* the preview below */
	draw_header(v, w, cols);
	f->rows = list_bottom - 1 > 1 ? list_bottom - 1 : 1;
	if (f->cursor >= f->top + (size_t)f->rows)
		f->top = f->cursor - (size_t)f->rows + 1;
	for (int y = 1; y < list_bottom; y++) {
		size_t i = f->top + (size_t)(y - 1);
		if (i < f->count)
			draw_item(v, w, y, list_cols, &f->items[i], i == f->cursor);
	}
	if (!f->count && *f->text && !f->error) {
		wattrset(w, theme_attr(AREA_EMPTY));
		mvwaddstr(w, 2, 2, f->asked && f->answered != f->asked ? "Nothing in the mirror yet; "
			  "asking Copper..." : "Nothing matches.");
	}
	if (beside) {
		wattrset(w, theme_attr(AREA_BORDER));
		for (int y = 1; y < list_bottom; y++)
			mvwaddstr(w, y, list_cols, "\xe2\x94\x82");
		draw_preview(v, w, 1, list_bottom, list_cols + 2, cols - list_cols - 2);
	} else if (rows >= 24) {
		wattrset(w, theme_attr(AREA_BORDER));
		wmove(w, list_bottom, 0);
		for (int x = 0; x < cols; x++)
			waddstr(w, "\xe2\x94\x80");
		draw_preview(v, w, list_bottom + 1, rows - (syncing ? 1 : 0), 1, cols - 2);
	}
	if (syncing) {
		paint_blank_line(w, rows - 1, theme_attr(AREA_STATUS));
		wattrset(w, theme_attr(AREA_PENDING));
		paint_text(w, syncing, cols);
		free(syncing);
	}
}
