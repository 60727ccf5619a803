/*
 * tags.c - the account's tags (C-t, or ":tags"): each tag with how many
 * records of each kind carry it, most used first, from GET /tags (one
 * look-up, held; asked for again after patina changed tags, or on R).
 * Enter lists the records of the tag under the cursor, of the kind of the
 * column under it (h and l move between them), in that tab, filtered as
 * tag:"name" (the list's own filter).
 */
#include "config.h"

#include "ui/paint.h"
#include "ui/views/views.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COUNT_WIDTH 13

struct tagsview {
	size_t cursor, top;
	int column;                  /* an entity */
};

static inline struct tagsview *gv(struct view *v)
{
	return v->priv;
}

/* The counts' keys in a tag, by entity. */
static const char *const count_keys[ENT_COUNT] = {
	[ENT_PEOPLE] = "count_people", [ENT_COMPANIES] = "count_companies",
	[ENT_LEADS] = "count_leads", [ENT_OPPORTUNITIES] = "count_opportunities",
	[ENT_PROJECTS] = "count_projects", [ENT_TASKS] = "count_tasks",
};

static int by_use(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int64_t cx = json_member_i64(x, "count"), cy = json_member_i64(y, "count");
	if (cx != cy)
		return cx < cy ? 1 : -1;
	const char *nx = json_member_str(x, "name"), *ny = json_member_str(y, "name");
	return strcasecmp(nx ? nx : "", ny ? ny : "");
}

/* The tags, most used first (the look-up's own objects). Caller frees the
 * array. */
static size_t sorted_tags(struct view *v, const cJSON ***out)
{
	const cJSON *tags = lookups_get(v->env->lookups, LOOKUP_TAGS), *t;
	size_t n = 0;
	*out = xcalloc((size_t)cJSON_GetArraySize(tags) + 1, sizeof(**out));
	cJSON_ArrayForEach(t, json_array(tags))
		if (json_member_str(t, "name"))
			(*out)[n++] = t;
	qsort(*out, n, sizeof(**out), by_use);
	return n;
}

static void tags_open(struct view *v)
{
	view_modal(v, true);
	lookups_need(v->env->lookups, LOOKUP_TAGS);
	v->dirty = true;
}

/* A filter term naming a tag, quoted as the filter language reads it. */
static char *tag_term(const char *name)
{
	struct strbuf sb = {0};
	sb_puts(&sb, "tag:\"");
	for (const char *p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			sb_putc(&sb, '\\');
		sb_putc(&sb, *p);
	}
	sb_putc(&sb, '"');
	return sb_detach(&sb);
}

static void list_tag(struct view *v)
{
	struct tagsview *g = gv(v);
	const cJSON **tags;
	size_t n = sorted_tags(v, &tags);
	if (g->cursor < n) {
		char *term = tag_term(json_member_str(tags[g->cursor], "name"));
		cJSON *text = cJSON_CreateString(term);
		view_modal(v, false);
		view_post(v, EV_SHOW_FILTERED, (enum entity)g->column, 0, text, true);
		cJSON_Delete(text);
		free(term);
	}
	free(tags);
}

static bool tags_action(struct view *v, enum action a)
{
	struct tagsview *g = gv(v);
	const cJSON **tags;
	size_t n = sorted_tags(v, &tags);
	free(tags);
	size_t page = v->rows > 4 ? (size_t)v->rows - 3 : 1;
	switch (a) {
	case ACTION_TAGS: case ACTION_CANCEL: view_modal(v, false); return true;
	case ACTION_MOVE_DOWN: if (g->cursor + 1 < n) g->cursor++; break;
	case ACTION_MOVE_UP: if (g->cursor) g->cursor--; break;
	case ACTION_PAGE_DOWN: case ACTION_HALF_PAGE_DOWN:
		g->cursor = g->cursor + page < n ? g->cursor + page : (n ? n - 1 : 0);
		break;
	case ACTION_PAGE_UP: case ACTION_HALF_PAGE_UP: g->cursor = g->cursor > page ? g->cursor - page : 0; break;
	case ACTION_MOVE_FIRST: g->cursor = 0; break;
	case ACTION_MOVE_LAST: g->cursor = n ? n - 1 : 0; break;
	case ACTION_MOVE_LEFT: if (g->column > 0) g->column--; break;
	case ACTION_MOVE_RIGHT: if (g->column + 1 < ENT_COUNT) g->column++; break;
	case ACTION_OPEN: list_tag(v); return true;
	case ACTION_RELOAD:
		lookups_mark_stale(v->env->lookups, LOOKUP_TAGS);
		lookups_need(v->env->lookups, LOOKUP_TAGS);
		view_message(v, MSG_INFO, "Reading the tags again");
		break;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

static void draw_counts(WINDOW *w, int y, int x, int cols, const char *const *cells, int column,
			bool cursor_row)
{
	for (int e = 0; e <= ENT_COUNT && x < cols; e++) {
		/* cells[0] is "all", then one per entity */
		bool here = cursor_row && e - 1 == column;
		wattrset(w, theme_attr(here ? AREA_CURSOR : cursor_row ? AREA_CURSOR_UNFOCUSED : AREA_ROW));
		char *cell = xasprintf("%*s", COUNT_WIDTH - 1, cells[e]);
		wmove(w, y, x);
		paint_text(w, cell, cols - x);
		free(cell);
		x += COUNT_WIDTH;
	}
}

static void tags_draw(struct view *v, WINDOW *w, bool focused)
{
	struct tagsview *g = gv(v);
	(void)focused;
	const cJSON **tags;
	size_t n = sorted_tags(v, &tags);
	int cols = v->cols, name_w = cols - (ENT_COUNT + 1) * COUNT_WIDTH;
	if (name_w < 12)
		name_w = 12;
	wattrset(w, theme_attr(AREA_HEADING));
	wmove(w, 0, 1);
	paint_text(w, "Tags, most used first, as Copper counts them (converted leads too); Enter "
		   "lists the records of the column's kind (h/l: kind)", cols - 1);
	const char *titles[ENT_COUNT + 1] = { "All" };
	for (int e = 0; e < ENT_COUNT; e++)
		titles[e + 1] = entity_plural((enum entity)e);
	paint_blank_line(w, 1, theme_attr(AREA_HEADER));
	wattrset(w, theme_attr(AREA_HEADER));
	mvwaddstr(w, 1, 1, "Tag");
	draw_counts(w, 1, name_w, cols, titles, -2, false);
	if (!n) {
		wattrset(w, theme_attr(AREA_PLACEHOLDER));
		wmove(w, 2, 1);
		paint_text(w, lookups_get(v->env->lookups, LOOKUP_TAGS) ? "The account has no tags."
			   : "Loading the tags\xe2\x80\xa6", cols - 1);
		free(tags);
		return;
	}
	if (g->cursor >= n)
		g->cursor = n - 1;
	size_t height = v->rows > 3 ? (size_t)v->rows - 2 : 1;
	if (g->cursor < g->top)
		g->top = g->cursor;
	if (g->cursor >= g->top + height)
		g->top = g->cursor - height + 1;
	for (size_t i = g->top; i < n && i < g->top + height; i++) {
		int y = 2 + (int)(i - g->top);
		bool cursor_row = i == g->cursor;
		const char *raw = json_member_str(tags[i], "name");
		char *name = sanitize_line(raw, strlen(raw));
		paint_blank_line(w, y, theme_attr(cursor_row ? AREA_CURSOR_UNFOCUSED : AREA_ROW));
		wattrset(w, theme_attr(cursor_row ? AREA_CURSOR_UNFOCUSED : AREA_ROW) | A_BOLD);
		wmove(w, y, 1);
		paint_text(w, name, name_w - 2);
		char *cells[ENT_COUNT + 1];
		cells[0] = str_thousands(json_member_i64(tags[i], "count"));
		for (int e = 0; e < ENT_COUNT; e++)
			cells[e + 1] = str_thousands(json_member_i64(tags[i], count_keys[e]));
		draw_counts(w, y, name_w, cols, (const char *const *)cells, g->column, cursor_row);
		for (int e = 0; e <= ENT_COUNT; e++)
			free(cells[e]);
		free(name);
	}
	free(tags);
}

static void tags_event(struct view *v, const struct ui_event *ev)
{
	if (ev->type == EV_LOOKUPS_CHANGED && v->active)
		v->dirty = true;
}

static void *tags_create(struct view *v, enum entity e)
{
	(void)v;
	(void)e;
	return xcalloc(1, sizeof(struct tagsview));
}

static void tags_close(struct view *v)
{
	free(v->priv);
}

const struct view_ops tags_view = {
	.name = "tags",
	.help_title = "The tags (C-t opens them)",
	.place = VIEW_MODAL,
	.title = "Tags",
	.opener = ACTION_TAGS,
	.create = tags_create,
	.draw = tags_draw,
	.action = tags_action,
	.event = tags_event,
	.open = tags_open,
	.close = tags_close,
};
