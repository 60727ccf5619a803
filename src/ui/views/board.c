/*
 * board.c - the pipeline board: the view, loading its columns, the
 * actions and their prompts (see board_internal.h).
 */
#include "config.h"

#include "ui/views/board_internal.h"
#include "ui/views/views.h"
#include "model/edit.h"
#include "model/fields.h"
#include "model/filter.h"
#include "util/sanitize.h"
#include "config/settings.h"
#include "ui/paint.h"
#include "util/util.h"
#include "util/json.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- cards ------------------------------------------------------------ */

int64_t board_num(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? json_i64(v) : 0;
}

static struct column *column_of_stage(struct boardview *b, int64_t stage)
{
	for (size_t i = 0; i < b->ncols; i++)
		if (b->cols[i].stage_id == stage)
			return &b->cols[i];
	return NULL;
}

/* Finds a card by id: its column and index. */
bool board_find_card(struct boardview *b, int64_t id, struct column **col, int *index)
{
	for (size_t c = 0; c < b->ncols; c++) {
		int i = 0;
		const cJSON *card;
		cJSON_ArrayForEach(card, b->cols[c].cards) {
			if (board_num(card, "id") == id) {
				*col = &b->cols[c];
				*index = i;
				return true;
			}
			i++;
		}
	}
	return false;
}

/* A close date "MM/DD/YYYY" as a number that sorts like the date; no
 * date sorts last, as the server sorts them. */
static long close_key(const cJSON *card)
{
	const char *d = json_member_str(card, "close_date");
	int m, day, y;
	if (!d || sscanf(d, "%d/%d/%d", &m, &day, &y) != 3)
		return LONG_MAX;
	return (long)y * 10000 + m * 100 + day;
}

/* Where card goes in a column loaded sorted by close date, then id. */
static int sorted_index(const cJSON *cards, const cJSON *card)
{
	long key = close_key(card);
	int64_t id = board_num(card, "id"), i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, cards) {
		long k = close_key(c);
		if (k > key || (k == key && board_num(c, "id") > id))
			return (int)i;
		i++;
	}
	return (int)i;
}

/* Inserts item at index of array (taken over). Not cJSON_InsertItemInArray:
 * Debian's cJSON 1.7.15 drops an item inserted in the middle of an array
 * (inserting 9 at 1 into [1,2,3] leaves [1,2,3]). */
static void insert_at(cJSON *array, int index, cJSON *item)
{
	int n = cJSON_GetArraySize(array);
	cJSON *tail = cJSON_CreateArray();
	for (int i = index; i < n; i++)
		cJSON_AddItemToArray(tail, cJSON_DetachItemFromArray(array, index));
	cJSON_AddItemToArray(array, item);
	while (cJSON_GetArraySize(tail) > 0)
		cJSON_AddItemToArray(array, cJSON_DetachItemFromArray(tail, 0));
	cJSON_Delete(tail);
}

/* A card the board does not show: another pipeline, or (on a board of
 * open deals) one that is won, lost or abandoned. */
static bool leaves_board(const struct boardview *b, const cJSON *card)
{
	if (board_num(card, "pipeline_id") != b->pipeline_id)
		return true;
	const char *status = json_member_str(card, "status");
	return b->open_only && status && strcmp(status, "Open");
}

/* Puts a card (taken over) in the column of its stage, where the column's
 * order puts it, replacing the old copy wherever it was; a card the board
 * does not show leaves it. */
void board_place_card(struct boardview *b, cJSON *card)
{
	int64_t id = board_num(card, "id");
	struct column *from;
	int index;
	if (board_find_card(b, id, &from, &index)) {
		cJSON_DeleteItemFromArray(from->cards, index);
		if (from->total > 0)
			from->total--;
		if (from->sel > 0 && (size_t)index <= from->sel && from->sel >= (size_t)cJSON_GetArraySize(from->cards))
			from->sel--;
	}
	struct column *to = leaves_board(b, card) ? NULL
		: column_of_stage(b, board_num(card, "pipeline_stage_id"));
	if (!to) {
		cJSON_Delete(card);
		return;
	}
	insert_at(to->cards, sorted_index(to->cards, card), card);
	if (to->total >= 0)
		to->total++;
}

const cJSON *board_focused_card(struct boardview *b)
{
	if (!b->ncols)
		return NULL;
	struct column *c = &b->cols[b->col_sel];
	return cJSON_GetArrayItem(c->cards, (int)c->sel);
}

/* ---- loading ---------------------------------------------------------- */

static void free_columns(struct boardview *b)
{
	for (size_t i = 0; i < b->ncols; i++) {
		free(b->cols[i].name);
		cJSON_Delete(b->cols[i].cards);
	}
	free(b->cols);
	b->cols = NULL;
	b->ncols = b->col_sel = b->col_first = 0;
}

static void load_page(struct view *v, size_t col, int page)
{
	struct boardview *b = bv(v);
	struct column *c = &b->cols[col];
	cJSON *body = b->filter ? cJSON_Duplicate(b->filter, true) : cJSON_CreateObject();
	cJSON_DeleteItemFromObjectCaseSensitive(body, "pipeline_ids");
	cJSON_DeleteItemFromObjectCaseSensitive(body, "pipeline_stage_ids");
	cJSON *p = cJSON_AddArrayToObject(body, "pipeline_ids");
	cJSON_AddItemToArray(p, cJSON_CreateNumber((double)b->pipeline_id));
	cJSON *s = cJSON_AddArrayToObject(body, "pipeline_stage_ids");
	cJSON_AddItemToArray(s, cJSON_CreateNumber((double)c->stage_id));
	/* a pipeline board is the open deals, unless the filter asks for
	 * other statuses */
	b->open_only = !json_get(body, "status_ids");
	if (b->open_only)
		cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "status_ids"), cJSON_CreateNumber(0));
	view_submit(v, api_search(ENT_OPPORTUNITIES, body, page, BOARD_PAGE_SIZE, "close_date", false),
		    page == 1 ? PRIO_VISIBLE : PRIO_PREFETCH, (int64_t)(col << 16) | page);
	cJSON_Delete(body);
	c->loading = true;
}

static char *state_path(void)
{
	char *dir = xdg_dir("state");
	char *path = xasprintf("%s/board.json", dir);
	free(dir);
	return path;
}

/* The pipeline the board showed last, from a state directory no one else
 * can write and a regular file that is no link; 0 when none. */
static int64_t remembered_pipeline(void)
{
	char *dir = xdg_dir("state"), *why = NULL;
	bool trusted = dir_check_private(dir, &why);
	free(why);
	free(dir);
	if (!trusted)
		return 0;
	char *path = state_path();
	char *text = file_read(path, 4096, FILE_NOFOLLOW, NULL, NULL);
	free(path);
	cJSON *json = text ? cJSON_Parse(text) : NULL;
	free(text);
	int64_t id = board_num(json, "pipeline_id");
	cJSON_Delete(json);
	return id;
}

static void remember_pipeline(struct view *v, int64_t id)
{
	char *path = state_path();
	char *text = xasprintf("{\"pipeline_id\": %" PRId64 "}\n", id);
	writer_write(v->env->writer, path, text, strlen(text), false);
	free(text);
	free(path);
}

const cJSON *board_pipeline(struct view *v, int64_t id)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, lookups_get(v->env->lookups, LOOKUP_PIPELINES))
		if (board_num(p, "id") == id)
			return p;
	return NULL;
}

/* (Re)builds the columns of the current pipeline and loads them. */
static void build(struct view *v)
{
	struct boardview *b = bv(v);
	const cJSON *pipelines = lookups_get(v->env->lookups, LOOKUP_PIPELINES);
	if (!pipelines)
		return;
	const cJSON *p = board_pipeline(v, b->pipeline_id);
	if (!p) {
		p = cJSON_GetArrayItem(pipelines, 0);
		b->pipeline_id = board_num(p, "id");
	}
	view_new_generation(v);
	free_columns(b);
	const cJSON *stages = cJSON_GetObjectItemCaseSensitive(p, "stages"), *s;
	b->ncols = (size_t)cJSON_GetArraySize(stages);
	b->cols = xcalloc(b->ncols ? b->ncols : 1, sizeof(*b->cols));
	size_t i = 0;
	cJSON_ArrayForEach(s, stages) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(s, "name");
		b->cols[i].stage_id = board_num(s, "id");
		b->cols[i].name = cJSON_IsString(name) ? sanitize_line(name->valuestring, strlen(name->valuestring))
						       : xasprintf("Stage #%" PRId64, b->cols[i].stage_id);
		b->cols[i].cards = cJSON_CreateArray();
		b->cols[i].total = -1;
		load_page(v, i, 1);
		i++;
	}
	v->dirty = true;
}

static void board_open(struct view *v)
{
	struct boardview *b = bv(v);
	struct lookups *lk = v->env->lookups;
	view_modal(v, true);
	lookups_need(lk, LOOKUP_USERS);
	lookups_need(lk, LOOKUP_LOSS_REASONS);
	lookups_need(lk, LOOKUP_ACTIVITY_TYPES);
	lookups_need(lk, LOOKUP_CUSTOM_FIELDS);
	if (!b->ncols) {
		if (!b->pipeline_id)
			b->pipeline_id = remembered_pipeline();
		if (lookups_need(lk, LOOKUP_PIPELINES))
			build(v);
	}
	v->dirty = true;
}

static void board_close(struct view *v)
{
	view_modal(v, false);
}

static void take_page(struct view *v, struct api_result *r)
{
	struct boardview *b = bv(v);
	size_t col = (size_t)(r->tag >> 16);
	int page = (int)(r->tag & 0xffff);
	if (col >= b->ncols)
		return;
	struct column *c = &b->cols[col];
	c->loading = false;
	if (r->error.kind != APIE_NONE || !cJSON_IsArray(r->json)) {
		view_message(v, MSG_ERROR, "%s: %s", c->name,
			    r->error.message ? r->error.message : "the answer was not a list");
		return;
	}
	if (r->total >= 0)
		c->total = r->total;
	refnames_learn(v->env->refnames, ENT_OPPORTUNITIES, r->json);
	while (cJSON_GetArraySize(r->json) > 0) {
		cJSON *card = cJSON_DetachItemFromArray(r->json, 0);
		struct column *old;
		int index;
		/* a deal moved by an action may be found again in its new stage */
		if (board_find_card(b, board_num(card, "id"), &old, &index))
			cJSON_Delete(card);
		else
			cJSON_AddItemToArray(c->cards, card);
	}
	c->pages = page;
	if (c->total < 0)
		c->total = cJSON_GetArraySize(c->cards);
	v->dirty = true;
}

/* More of a column when the cursor nears the end of what is loaded. */
static void maybe_load_more(struct view *v, size_t col)
{
	struct column *c = &bv(v)->cols[col];
	int loaded = cJSON_GetArraySize(c->cards);
	if (!c->loading && c->total > loaded && c->sel + 20 >= (size_t)loaded && c->pages < 500)
		load_page(v, col, c->pages + 1);
}

/* ---- actions ------------------------------------------------------------ */


/* ---- the actions' inputs ------------------------------------------------ */

/* The cards an action applies to: the selected ones, else the focused one. */
static size_t targets(struct boardview *b, const cJSON ***out)
{
	size_t n = 0;
	*out = NULL;
	if (b->nselected) {
		*out = xcalloc(b->nselected, sizeof(**out));
		for (size_t i = 0; i < b->nselected; i++) {
			struct column *c;
			int index;
			if (board_find_card(b, b->selected[i], &c, &index))
				(*out)[n++] = cJSON_GetArrayItem(c->cards, index);
		}
		return n;
	}
	const cJSON *card = board_focused_card(b);
	if (card) {
		*out = xcalloc(1, sizeof(**out));
		(*out)[n++] = card;
	}
	return n;
}

static void move_stage(struct view *v, int delta)
{
	struct boardview *b = bv(v);
	const cJSON *card = board_focused_card(b);
	if (!card)
		return;
	/* the focused card's stage decides; selected cards go to that column */
	size_t col = b->col_sel;
	long to = (long)col + delta;
	if (to < 0 || to >= (long)b->ncols) {
		view_message(v, MSG_INFO, delta > 0 ? "Already in the last stage" : "Already in the first stage");
		return;
	}
	cJSON *stage = cJSON_CreateNumber((double)b->cols[to].stage_id);
	struct board_change ch = { "pipeline_stage_id", stage, NULL };
	char *what = xasprintf("Moved to %s", b->cols[to].name);
	const cJSON **cards;
	size_t n = targets(b, &cards);
	int64_t id = board_num(card, "id");
	if (board_start_batch(v, what, &ch, 1, cards, n, ACTION_NONE, NULL))
		b->follow_id = id; /* the focus goes with the deal */
	free(cards);
	free(what);
	cJSON_Delete(stage);
}

static bool set_status(struct view *v, const char *status, const char *loss_text)
{
	struct boardview *b = bv(v);
	cJSON *s = cJSON_CreateString(status);
	struct board_change ch[2] = { { "status", s, NULL }, { "loss_reason_id", NULL, loss_text } };
	char *what = xasprintf("Marked %s", status);
	const cJSON **cards;
	size_t n = targets(b, &cards);
	bool started = board_start_batch(v, what, ch, loss_text ? 2 : 1, cards, n,
					 loss_text ? ACTION_MARK_LOST : ACTION_NONE, loss_text);
	free(cards);
	free(what);
	cJSON_Delete(s);
	return started;
}

static const struct prompt_ops board_prompt_ops;

static const char *prompt_label(enum action a)
{
	switch (a) {
	case ACTION_STAGE_PICK: return "Move to stage: ";
	case ACTION_MARK_LOST: return "Lost, because (loss reason): ";
	case ACTION_SET_CLOSE_DATE: return "Close date (eom, eow, +1w, +1m, 2026-12-31): ";
	case ACTION_SET_VALUE: return "Value: ";
	case ACTION_SET_WIN: return "Win probability (0-100): ";
	case ACTION_SET_PRIORITY: return "Priority (None, Low, Medium, High): ";
	case ACTION_SET_OWNER: return "Owner: ";
	case ACTION_FILTER: return "Filter: ";
	default: return "> ";
	}
}

void board_ask(struct view *v, enum action a, const char *initial)
{
	bv(v)->prompt_act = a;
	view_prompt(v, prompt_label(a), initial, &board_prompt_ops, v);
}

static const char *field_for(enum action a)
{
	switch (a) {
	case ACTION_SET_CLOSE_DATE: return "close_date";
	case ACTION_SET_VALUE: return "monetary_value";
	case ACTION_SET_WIN: return "win_probability";
	case ACTION_SET_PRIORITY: return "priority";
	case ACTION_SET_OWNER: return "assignee_id";
	default: return NULL;
	}
}

static bool apply_filter(struct view *v, const char *text)
{
	struct boardview *b = bv(v);
	cJSON *body;
	if (!view_parse_filter(v, ENT_OPPORTUNITIES, text, &body))
		return false;
	cJSON_Delete(b->filter);
	free(b->filter_text);
	b->filter = body;
	b->filter_text = body ? xstrdup(text) : NULL;
	build(v);
	return true;
}

static void prompt_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct boardview *b = bv(v);
	enum action a = b->prompt_act;
	const cJSON **cards = NULL;
	size_t n;
	switch (a) {
	case ACTION_STAGE_PICK: {
		for (size_t i = 0; i < b->ncols; i++) {
			if (!strncasecmp(b->cols[i].name, text, strlen(text)) && *text) {
				move_stage(v, (int)i - (int)b->col_sel);
				return;
			}
		}
		view_message(v, MSG_ERROR, "No stage named '%s' in this pipeline", text);
		board_ask(v, a, text);
		return;
	}
	case ACTION_MARK_LOST:
		if (!set_status(v, "Lost", text))
			board_ask(v, a, text); /* refused: keep what was typed */
		return;
	case ACTION_FILTER:
		if (!apply_filter(v, text))
			board_ask(v, a, text);
		return;
	case ACTION_SAVED_SEARCH: {
		const struct settings *st = v->env->settings;
		const char *const *names = (const char *const *)st->search_names;
		const char *const *texts = (const char *const *)st->search_texts;
		for (size_t i = 0; i < st->search_count; i++)
			if (!strcmp(names[i], text)) {
				apply_filter(v, texts[i]);
				return;
			}
		view_message(v, MSG_ERROR, "No saved search named '%s'", text);
		return;
	}
	default:
		break;
	}
	const char *field = field_for(a);
	if (!field)
		return;
	struct board_change ch = { field, NULL, text };
	char *what = xasprintf("Set %s", prompt_label(a));
	what[strcspn(what, "(:")] = '\0';
	str_trim(what);
	n = targets(b, &cards);
	if (!board_start_batch(v, what, &ch, 1, cards, n, a, text) && n)
		board_ask(v, a, text);
	free(cards);
	free(what);
}

/* Completion: stage, loss reason, owner and priority names. */
static size_t prompt_complete(void *ctx, const char *text, size_t cursor, char ***out,
			      size_t *start, size_t *end)
{
	struct view *v = ctx;
	struct boardview *b = bv(v);
	size_t n = 0;
	*out = NULL;
	*start = 0;
	*end = cursor;
	char *word = xstrndup(text, cursor);
	if (b->prompt_act == ACTION_FILTER) {
		struct filter_context fc = view_filter_context(v, ENT_OPPORTUNITIES);
		free(word);
		return filter_complete(text, cursor, &fc, out, 64, start, end);
	}
	const char *fixed[] = { "None", "Low", "Medium", "High" };
	const cJSON *list = NULL, *item;
	if (b->prompt_act == ACTION_MARK_LOST)
		list = lookups_get(v->env->lookups, LOOKUP_LOSS_REASONS);
	else if (b->prompt_act == ACTION_SET_OWNER)
		list = lookups_get(v->env->lookups, LOOKUP_USERS);
	if (b->prompt_act == ACTION_STAGE_PICK) {
		for (size_t i = 0; i < b->ncols; i++)
			if (!strncasecmp(b->cols[i].name, word, strlen(word))) {
				*out = xrealloc(*out, (n + 1) * sizeof(char *));
				(*out)[n++] = xstrdup(b->cols[i].name);
			}
	} else if (b->prompt_act == ACTION_SET_PRIORITY) {
		for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
			if (!strncasecmp(fixed[i], word, strlen(word))) {
				*out = xrealloc(*out, (n + 1) * sizeof(char *));
				(*out)[n++] = xstrdup(fixed[i]);
			}
	}
	cJSON_ArrayForEach(item, list) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
		if (cJSON_IsString(name) && !strncasecmp(name->valuestring, word, strlen(word))) {
			*out = xrealloc(*out, (n + 1) * sizeof(char *));
			(*out)[n++] = sanitize_line(name->valuestring, strlen(name->valuestring));
		}
	}
	free(word);
	return n;
}

static const struct prompt_ops board_prompt_ops = {
	.submit = prompt_submit,
	.complete = prompt_complete,
};

static void toggle_select(struct view *v)
{
	struct boardview *b = bv(v);
	const cJSON *card = board_focused_card(b);
	if (!card)
		return;
	int64_t id = board_num(card, "id");
	for (size_t i = 0; i < b->nselected; i++) {
		if (b->selected[i] == id) {
			b->selected[i] = b->selected[--b->nselected];
			return;
		}
	}
	b->selected = xrealloc(b->selected, (b->nselected + 1) * sizeof(*b->selected));
	b->selected[b->nselected++] = id;
	struct column *c = &b->cols[b->col_sel];
	if (c->sel + 1 < (size_t)cJSON_GetArraySize(c->cards))
		c->sel++;
}

static void next_pipeline(struct view *v)
{
	struct boardview *b = bv(v);
	const cJSON *pipelines = lookups_get(v->env->lookups, LOOKUP_PIPELINES), *p;
	int n = cJSON_GetArraySize(pipelines), i = 0, at = -1;
	cJSON_ArrayForEach(p, pipelines) {
		if (board_num(p, "id") == b->pipeline_id)
			at = i;
		i++;
	}
	if (!n)
		return;
	b->pipeline_id = board_num(cJSON_GetArrayItem(pipelines, (at + 1) % n), "id");
	remember_pipeline(v, b->pipeline_id);
	b->nselected = 0;
	build(v);
}

static bool board_action(struct view *v, enum action a);

/* A click on a card focuses it (a double click opens the deal), on a
 * column's heading the column; the columns are laid out as board_draw.c
 * lays them: as many as fit, from col_first. */
static bool board_mouse(struct view *v, const struct mouse_event *ev)
{
	struct boardview *b = bv(v);
	if (ev->kind != MOUSE_PRESS || !b->ncols || ev->y < 1)
		return false;
	size_t fit = (size_t)(v->cols / BOARD_COLUMN_MIN_WIDTH);
	fit = fit < 1 ? 1 : fit > b->ncols ? b->ncols : fit;
	size_t ci = b->col_first + (size_t)(ev->x / (v->cols / (int)fit));
	if (ci >= b->ncols || ci >= b->col_first + fit)
		return true;
	struct column *c = &b->cols[ci];
	b->follow_id = 0;
	b->col_sel = ci;
	v->dirty = true;
	if (ev->y < 4)
		return true;
	size_t card = c->top + (size_t)((ev->y - 4) / BOARD_CARD_LINES);
	if (card >= (size_t)cJSON_GetArraySize(c->cards))
		return true;
	c->sel = card;
	if (ev->clicks == 2)
		board_action(v, ACTION_OPEN);
	return true;
}

static bool board_action(struct view *v, enum action a)
{
	struct boardview *b = bv(v);
	struct column *c = b->ncols ? &b->cols[b->col_sel] : NULL;
	size_t count = c ? (size_t)cJSON_GetArraySize(c->cards) : 0;
	int page = v->rows > 6 ? (v->rows - 4) / BOARD_CARD_LINES : 1;
	if (a == ACTION_MOVE_DOWN || a == ACTION_MOVE_UP || a == ACTION_MOVE_LEFT || a == ACTION_MOVE_RIGHT ||
	    a == ACTION_PAGE_DOWN || a == ACTION_PAGE_UP || a == ACTION_MOVE_FIRST || a == ACTION_MOVE_LAST ||
	    a == ACTION_HALF_PAGE_DOWN || a == ACTION_HALF_PAGE_UP)
		b->follow_id = 0;
	switch (a) {
	case ACTION_BOARD: case ACTION_CANCEL:
		board_close(v);
		return true;
	case ACTION_MOVE_DOWN: case ACTION_PAGE_DOWN: case ACTION_HALF_PAGE_DOWN:
		if (c && count) {
			size_t step = a == ACTION_MOVE_DOWN ? 1 : (size_t)(a == ACTION_PAGE_DOWN ? page : page / 2 + 1);
			c->sel = c->sel + step < count ? c->sel + step : count - 1;
			maybe_load_more(v, b->col_sel);
		}
		break;
	case ACTION_MOVE_UP: case ACTION_PAGE_UP: case ACTION_HALF_PAGE_UP:
		if (c) {
			size_t step = a == ACTION_MOVE_UP ? 1 : (size_t)(a == ACTION_PAGE_UP ? page : page / 2 + 1);
			c->sel = c->sel > step ? c->sel - step : 0;
		}
		break;
	case ACTION_MOVE_FIRST: if (c) c->sel = 0; break;
	case ACTION_MOVE_LAST: if (c && count) c->sel = count - 1; break;
	case ACTION_MOVE_LEFT: if (b->col_sel > 0) b->col_sel--; break;
	case ACTION_MOVE_RIGHT: if (b->col_sel + 1 < b->ncols) b->col_sel++; break;
	case ACTION_PIPELINE_NEXT: next_pipeline(v); break;
	case ACTION_RELOAD: build(v); break;
	case ACTION_OPEN: {
		const cJSON *card = board_focused_card(b);
		if (card) {
			board_close(v);
			view_post(v, EV_OPEN_RECORD, ENT_OPPORTUNITIES, board_num(card, "id"), card, true);
		}
		return true;
	}
	case ACTION_STAGE_NEXT: move_stage(v, 1); break;
	case ACTION_STAGE_PREV: move_stage(v, -1); break;
	case ACTION_MARK_WON: set_status(v, "Won", NULL); break;
	case ACTION_MARK_ABANDONED: set_status(v, "Abandoned", NULL); break;
	case ACTION_MARK_LOST: case ACTION_STAGE_PICK: case ACTION_SET_CLOSE_DATE: case ACTION_SET_VALUE:
	case ACTION_SET_WIN: case ACTION_SET_PRIORITY: case ACTION_SET_OWNER:
		if (!board_focused_card(b)) {
			view_message(v, MSG_INFO, "No deal here");
			break;
		}
		board_ask(v, a, "");
		break;
	case ACTION_ADD_NOTE: {
		/* the activity form, as L opens it elsewhere, with a Note chosen */
		const cJSON *card = board_focused_card(b);
		if (card)
			view_post(v, EV_LOG_NOTE, ENT_OPPORTUNITIES, board_num(card, "id"), card, true);
		else
			view_message(v, MSG_INFO, "No deal here");
		break;
	}
	case ACTION_FILTER: board_ask(v, a, b->filter_text); break;
	case ACTION_SAVED_SEARCH: b->prompt_act = a; view_prompt(v, "Saved search: ", "", &board_prompt_ops, v); break;
	case ACTION_CLEAR_FILTER: apply_filter(v, ""); break;
	case ACTION_SELECT: toggle_select(v); break;
	case ACTION_UNDO: bulk_undo(v, &b->bulk); break;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

static void board_result(struct view *v, struct api_result *r)
{
	if (bulk_result(v, &bv(v)->bulk, r)) {
		/* a card's save */
	} else {
		take_page(v, r);
	}
	v->dirty = true;
}

/* A deal deleted (or gone) elsewhere leaves its column and its count. */
static void card_deleted(struct view *v, int64_t id)
{
	struct boardview *b = bv(v);
	struct column *col;
	int index;
	if (!board_find_card(b, id, &col, &index))
		return;
	cJSON_DeleteItemFromArray(col->cards, index);
	if (col->total > 0)
		col->total--;
	size_t n = (size_t)cJSON_GetArraySize(col->cards);
	if (col->sel >= n)
		col->sel = n ? n - 1 : 0;
	for (size_t i = 0; i < b->nselected; i++) {
		if (b->selected[i] == id) {
			b->selected[i] = b->selected[--b->nselected];
			break;
		}
	}
	v->dirty = true;
}

static void board_event(struct view *v, const struct ui_event *ev)
{
	struct boardview *b = bv(v);
	if (ev->type == EV_RECORD_DELETED && ev->entity == ENT_OPPORTUNITIES) {
		card_deleted(v, ev->id);
		return;
	}
	if (ev->type == EV_SOURCE_CHANGED && v->active && b->ncols)
		build(v);
	if (ev->type != EV_LOOKUPS_CHANGED && ev->type != EV_NAMES_LEARNED)
		return;
	if (v->active && !b->ncols && lookups_get(v->env->lookups, LOOKUP_PIPELINES))
		build(v);
	v->dirty = true;
}

static void board_close_view(struct view *v)
{
	struct boardview *b = bv(v);
	free_columns(b);
	bulk_free(&b->bulk);
	free(b->selected);
	free(b->filter_text);
	cJSON_Delete(b->filter);
	free(b);
}

static void *board_create(struct view *v, enum entity e)
{
	(void)v;
	(void)e;
	struct boardview *b = xcalloc(1, sizeof(*b));
	bulk_init(&b->bulk, &board_bulk_hooks);
	return b;
}

const struct view_ops board_view = {
	.name = "board",
	.help_title = "On the pipeline board (b opens it)",
	.place = VIEW_MODAL,
	.mouse = board_mouse,
	.opener = ACTION_BOARD,
	.create = board_create,
	.draw = board_draw,
	.action = board_action,
	.result = board_result,
	.event = board_event,
	.open = board_open,
	.close = board_close_view,
};
