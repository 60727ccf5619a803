/* board.c - see board.h */
#include "config.h"

#include "ui/view.h"
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

#define PAGE_SIZE 200
#define COLUMN_MIN_WIDTH 26
#define CARD_LINES 2

/* job tags: column loads, and card operations of the running batch */
#define TAG_CARD_BASE (1LL << 40)
#define TAG_NOTE (2LL << 40)

struct column {
	int64_t stage_id;
	char *name;
	cJSON *cards;        /* opportunities, as the search returned them */
	int64_t total;       /* X-PW-TOTAL, -1 until known */
	int pages;           /* pages loaded */
	bool loading;
	size_t sel, top;
};

enum card_state { CARD_CHECKING, CARD_SAVING, CARD_DONE, CARD_FAILED };

struct card_op {
	int64_t id;
	cJSON *before;           /* the card before the action */
	struct edit_form *form;  /* base: the card; the action's changes */
	enum card_state state;
};

struct batch {
	char *what;              /* "Moved to Proposal" */
	char *why;               /* the first failure's reason */
	struct card_op *ops;
	size_t n, done, failed, conflicts;
	bool is_undo;
	enum action act;         /* to re-prompt with what was typed */
	char *typed;
};

struct undo_entry {
	int64_t id;
	cJSON *changes;          /* record key -> the value before */
};

struct boardview {
	int64_t pipeline_id;
	bool open_only;          /* the filter names no status: columns are open deals */
	struct column *cols;
	size_t ncols, col_sel, col_first;
	char *filter_text;
	cJSON *filter;
	int64_t *selected;
	size_t nselected;
	struct batch *batch;
	struct undo_entry *undo;
	size_t nundo;
	char *undo_what;
	enum action prompt_act;  /* which action the open prompt is for */
	int64_t follow_id;       /* keep the focus on this card wherever it goes */
};

static struct boardview *bv(struct view *v)
{
	return v->priv;
}

/* ---- cards ------------------------------------------------------------ */

static int64_t num(const cJSON *obj, const char *key)
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
static bool find_card(struct boardview *b, int64_t id, struct column **col, int *index)
{
	for (size_t c = 0; c < b->ncols; c++) {
		int i = 0;
		const cJSON *card;
		cJSON_ArrayForEach(card, b->cols[c].cards) {
			if (num(card, "id") == id) {
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
	int64_t id = num(card, "id"), i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, cards) {
		long k = close_key(c);
		if (k > key || (k == key && num(c, "id") > id))
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
	if (num(card, "pipeline_id") != b->pipeline_id)
		return true;
	const char *status = json_member_str(card, "status");
	return b->open_only && status && strcmp(status, "Open");
}

/* Puts a card (taken over) in the column of its stage, where the column's
 * order puts it, replacing the old copy wherever it was; a card the board
 * does not show leaves it. */
static void place_card(struct boardview *b, cJSON *card)
{
	int64_t id = num(card, "id");
	struct column *from;
	int index;
	if (find_card(b, id, &from, &index)) {
		cJSON_DeleteItemFromArray(from->cards, index);
		if (from->total > 0)
			from->total--;
		if (from->sel > 0 && (size_t)index <= from->sel && from->sel >= (size_t)cJSON_GetArraySize(from->cards))
			from->sel--;
	}
	struct column *to = leaves_board(b, card) ? NULL
		: column_of_stage(b, num(card, "pipeline_stage_id"));
	if (!to) {
		cJSON_Delete(card);
		return;
	}
	insert_at(to->cards, sorted_index(to->cards, card), card);
	if (to->total >= 0)
		to->total++;
}

static const cJSON *focused_card(struct boardview *b)
{
	if (!b->ncols)
		return NULL;
	struct column *c = &b->cols[b->col_sel];
	return cJSON_GetArrayItem(c->cards, (int)c->sel);
}

static bool is_selected(struct boardview *b, int64_t id)
{
	for (size_t i = 0; i < b->nselected; i++)
		if (b->selected[i] == id)
			return true;
	return false;
}

static bool is_pending(struct boardview *b, int64_t id)
{
	if (!b->batch)
		return false;
	for (size_t i = 0; i < b->batch->n; i++)
		if (b->batch->ops[i].id == id && b->batch->ops[i].state < CARD_DONE)
			return true;
	return false;
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
	view_submit(v, api_search(ENT_OPPORTUNITIES, body, page, PAGE_SIZE, "close_date", false),
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

static int64_t remembered_pipeline(void)
{
	char *path = state_path();
	char *text = file_read_all(path, 4096, NULL);
	free(path);
	cJSON *json = text ? cJSON_Parse(text) : NULL;
	free(text);
	int64_t id = num(json, "pipeline_id");
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

static const cJSON *pipeline_by_id(struct view *v, int64_t id)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, lookups_get(v->env->lookups, LOOKUP_PIPELINES))
		if (num(p, "id") == id)
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
	const cJSON *p = pipeline_by_id(v, b->pipeline_id);
	if (!p) {
		p = cJSON_GetArrayItem(pipelines, 0);
		b->pipeline_id = num(p, "id");
	}
	view_new_generation(v);
	free_columns(b);
	const cJSON *stages = cJSON_GetObjectItemCaseSensitive(p, "stages"), *s;
	b->ncols = (size_t)cJSON_GetArraySize(stages);
	b->cols = xcalloc(b->ncols ? b->ncols : 1, sizeof(*b->cols));
	size_t i = 0;
	cJSON_ArrayForEach(s, stages) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(s, "name");
		b->cols[i].stage_id = num(s, "id");
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
		if (find_card(b, num(card, "id"), &old, &index))
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

static void ask(struct view *v, enum action a, const char *initial);

static void free_batch(struct batch *bt)
{
	if (!bt)
		return;
	for (size_t i = 0; i < bt->n; i++) {
		cJSON_Delete(bt->ops[i].before);
		edit_form_free(bt->ops[i].form);
	}
	free(bt->ops);
	free(bt->what);
	free(bt->why);
	free(bt->typed);
	free(bt);
}

static void free_undo(struct boardview *b)
{
	for (size_t i = 0; i < b->nundo; i++)
		cJSON_Delete(b->undo[i].changes);
	free(b->undo);
	free(b->undo_what);
	b->undo = NULL;
	b->undo_what = NULL;
	b->nundo = 0;
}

/* One requested change: a record key and either a JSON value or what the
 * user typed (parsed by the editing model, as in the form). */
struct change {
	const char *key;
	cJSON *json;
	const char *text;
};

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
			if (find_card(b, b->selected[i], &c, &index))
				(*out)[n++] = cJSON_GetArrayItem(c->cards, index);
		}
		return n;
	}
	const cJSON *card = focused_card(b);
	if (card) {
		*out = xcalloc(1, sizeof(**out));
		(*out)[n++] = card;
	}
	return n;
}

/* Applies the changes to the card locally: the optimistic move. */
static cJSON *optimistic(const cJSON *card, struct edit_form *form)
{
	cJSON *copy = cJSON_Duplicate(card, true);
	cJSON *body = edit_body(form);
	const cJSON *item;
	cJSON_ArrayForEach(item, body) {
		if (!strcmp(item->string, "custom_fields"))
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(copy, item->string);
		cJSON_AddItemToObject(copy, item->string, cJSON_Duplicate(item, true));
	}
	cJSON_Delete(body);
	return copy;
}

static bool start_batch(struct view *v, const char *what, const struct change *changes, size_t nchanges,
			bool is_undo, const cJSON *const *cards, size_t ncards)
{
	struct boardview *b = bv(v);
	if (b->batch) {
		view_message(v, MSG_WARNING, "Wait: %zu of %zu deals are still being saved",
			    b->batch->n - b->batch->done - b->batch->failed, b->batch->n);
		return false;
	}
	if (!ncards) {
		view_message(v, MSG_INFO, "No deal here");
		return false;
	}
	struct batch *bt = xcalloc(1, sizeof(*bt));
	bt->ops = xcalloc(ncards, sizeof(*bt->ops));
	bt->what = xstrdup(what);
	bt->is_undo = is_undo;
	struct lookups *lk = v->env->lookups;
	int64_t now = (int64_t)time(NULL);
	/* validate everything before anything is sent or moved */
	for (size_t i = 0; i < ncards; i++) {
		struct card_op *op = &bt->ops[bt->n++];
		op->id = num(cards[i], "id");
		op->before = cJSON_Duplicate(cards[i], true);
		op->form = edit_form_new(ENT_OPPORTUNITIES, NULL, cards[i], lk);
		for (size_t k = 0; k < nchanges; k++) {
			long f = edit_field_index(op->form, changes[k].key);
			char *err = NULL;
			bool ok = f >= 0 && (changes[k].text
				? edit_set_text(op->form, (size_t)f, changes[k].text, now, &err)
				: edit_set_json(op->form, (size_t)f, changes[k].json, &err));
			if (!ok) {
				view_message(v, MSG_ERROR, "%s", err ? err : "this field cannot be changed here");
				free(err);
				free_batch(bt);
				return false;
			}
		}
	}
	b->batch = bt;
	for (size_t i = 0; i < bt->n; i++) {
		struct card_op *op = &bt->ops[i];
		if (!edit_change_count(op->form)) {
			op->state = CARD_DONE;  /* already so: nothing to send */
			bt->done++;
			continue;
		}
		place_card(b, optimistic(op->before, op->form));
		op->state = CARD_CHECKING;
		/* the form's rule: has it changed on the server meanwhile? */
		view_submit(v, api_fetch(ENT_OPPORTUNITIES, op->id), PRIO_VISIBLE,
			    TAG_CARD_BASE | (int64_t)(i << 1));
	}
	b->nselected = 0;
	v->dirty = true;
	return true;
}

static void finish_batch(struct view *v)
{
	struct boardview *b = bv(v);
	struct batch *bt = b->batch;
	if (!bt || bt->done + bt->failed < bt->n)
		return;
	size_t ok = 0;
	for (size_t i = 0; i < bt->n; i++)
		ok += bt->ops[i].state == CARD_DONE;
	if (!bt->is_undo && ok) {
		/* the opposite of what was done, for undo */
		free_undo(b);
		b->undo = xcalloc(bt->n, sizeof(*b->undo));
		for (size_t i = 0; i < bt->n; i++) {
			if (bt->ops[i].state != CARD_DONE || !edit_change_count(bt->ops[i].form))
				continue;
			cJSON *body = edit_body(bt->ops[i].form), *inverse = cJSON_CreateObject();
			const cJSON *item;
			cJSON_ArrayForEach(item, body) {
				const cJSON *old = cJSON_GetObjectItemCaseSensitive(bt->ops[i].before, item->string);
				cJSON_AddItemToObject(inverse, item->string,
						      old ? cJSON_Duplicate(old, true) : cJSON_CreateNull());
			}
			cJSON_Delete(body);
			b->undo[b->nundo++] = (struct undo_entry){ bt->ops[i].id, inverse };
		}
		b->undo_what = xstrdup(bt->what);
	}
	enum action again = bt->failed && bt->typed ? bt->act : ACTION_NONE;
	char *typed = again != ACTION_NONE ? xstrdup(bt->typed) : NULL;
	if (bt->failed)
		view_message(v, MSG_ERROR, "%s: %zu of %zu deal%s failed and %s put back%s%s%s",
			     bt->what, bt->failed, bt->n, bt->n == 1 ? "" : "s",
			     bt->failed == 1 ? "was" : "were", bt->why ? " (" : "",
			     bt->why ? bt->why : "", bt->why ? ")" : "");
	else
		view_message(v, MSG_INFO, "%s: %zu deal%s%s", bt->what, ok, ok == 1 ? "" : "s",
			    bt->is_undo ? "" : "  (u undoes)");
	free_batch(bt);
	b->batch = NULL;
	v->dirty = true;
	if (typed) {
		/* what the user typed comes back, for another try */
		ask(v, again, typed);
		free(typed);
	}
}

static void card_failed(struct view *v, struct card_op *op, const char *why)
{
	struct boardview *b = bv(v);
	place_card(b, cJSON_Duplicate(op->before, true));
	op->state = CARD_FAILED;
	b->batch->failed++;
	if (!b->batch->why)
		b->batch->why = xstrdup(why);
}

static void take_card(struct view *v, struct api_result *r)
{
	struct boardview *b = bv(v);
	struct batch *bt = b->batch;
	size_t i = (size_t)((r->tag & ~TAG_CARD_BASE) >> 1);
	bool is_put = r->tag & 1;
	if (!bt || i >= bt->n)
		return;
	struct card_op *op = &bt->ops[i];
	if (r->error.kind != APIE_NONE || !cJSON_IsObject(r->json)) {
		card_failed(v, op, r->error.message ? r->error.message : "the answer was not a record");
	} else if (!is_put) {
		const cJSON *server = r->json;
		size_t *conflicts = NULL;
		size_t n = num(server, "date_modified") == num(op->before, "date_modified")
			? 0 : edit_conflicts(op->form, server, &conflicts);
		free(conflicts);
		if (n) {
			/* a colleague changed what this action changes: theirs stays */
			place_card(b, cJSON_Duplicate(server, true));
			op->state = CARD_FAILED;
			bt->failed++;
			bt->conflicts++;
			if (!bt->why)
				bt->why = xstrdup("changed on the server meanwhile: review it and repeat");
		} else {
			edit_rebase(op->form, server, NULL, NULL, 0);
			cJSON *body = edit_body(op->form);
			if (!body) {
				place_card(b, cJSON_Duplicate(server, true));
				op->state = CARD_DONE;
				bt->done++;
			} else {
				op->state = CARD_SAVING;
				view_submit(v, api_update(ENT_OPPORTUNITIES, op->id, body), PRIO_VISIBLE, r->tag | 1);
				cJSON_Delete(body);
			}
		}
	} else {
		place_card(b, r->json);
		r->json = NULL;
		op->state = CARD_DONE;
		bt->done++;
	}
	finish_batch(v);
	v->dirty = true;
}

/* ---- the actions' inputs ------------------------------------------------ */

static void move_stage(struct view *v, int delta)
{
	struct boardview *b = bv(v);
	const cJSON *card = focused_card(b);
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
	struct change ch = { "pipeline_stage_id", stage, NULL };
	char *what = xasprintf("Moved to %s", b->cols[to].name);
	const cJSON **cards;
	size_t n = targets(b, &cards);
	int64_t id = num(card, "id");
	if (start_batch(v, what, &ch, 1, false, cards, n))
		b->follow_id = id; /* the focus goes with the deal */
	free(cards);
	free(what);
	cJSON_Delete(stage);
}

static void set_status(struct view *v, const char *status, const char *loss_text)
{
	struct boardview *b = bv(v);
	cJSON *s = cJSON_CreateString(status);
	struct change ch[2] = { { "status", s, NULL }, { "loss_reason_id", NULL, loss_text } };
	char *what = xasprintf("Marked %s", status);
	const cJSON **cards;
	size_t n = targets(b, &cards);
	start_batch(v, what, ch, loss_text ? 2 : 1, false, cards, n);
	free(cards);
	free(what);
	cJSON_Delete(s);
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
	case ACTION_ADD_NOTE: return "Note: ";
	case ACTION_FILTER: return "Filter: ";
	default: return "> ";
	}
}

static void ask(struct view *v, enum action a, const char *initial)
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

static void add_note(struct view *v, const char *text)
{
	struct boardview *b = bv(v);
	const cJSON *card = focused_card(b);
	if (!card || !*text)
		return;
	/* the account's "Note" activity type */
	int64_t type = 0;
	const cJSON *user = cJSON_GetObjectItemCaseSensitive(
		lookups_get(v->env->lookups, LOOKUP_ACTIVITY_TYPES), "user"), *t;
	cJSON_ArrayForEach(t, user) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
		if (cJSON_IsString(name) && !strcasecmp(name->valuestring, "Note"))
			type = num(t, "id");
	}
	if (!type) {
		view_message(v, MSG_ERROR, "The account has no \"Note\" activity type (or the activity "
			    "types are not loaded yet)");
		return;
	}
	view_submit(v, api_create_activity(ENT_OPPORTUNITIES, num(card, "id"), type, text), PRIO_VISIBLE,
		    TAG_NOTE);
	view_message(v, MSG_INFO, "Adding the note\xe2\x80\xa6");
}

static bool apply_filter(struct view *v, const char *text)
{
	struct boardview *b = bv(v);
	struct filter_context fc = { v->env->lookups, ENT_OPPORTUNITIES, view_me_id(v),
				     (int64_t)time(NULL) };
	char *error = NULL;
	cJSON *body = filter_parse(text, &fc, &error);
	if (!body) {
		view_message(v, MSG_ERROR, "%s", error ? error : "invalid filter");
		free(error);
		return false;
	}
	cJSON_Delete(b->filter);
	free(b->filter_text);
	b->filter = cJSON_GetArraySize(body) ? body : (cJSON_Delete(body), NULL);
	b->filter_text = b->filter ? xstrdup(text) : NULL;
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
		ask(v, a, text);
		return;
	}
	case ACTION_MARK_LOST:
		set_status(v, "Lost", text);
		if (!b->batch) {
			ask(v, a, text); /* refused: keep what was typed */
		} else {
			b->batch->act = a;
			b->batch->typed = xstrdup(text);
		}
		return;
	case ACTION_ADD_NOTE:
		add_note(v, text);
		return;
	case ACTION_FILTER:
		if (!apply_filter(v, text))
			ask(v, a, text);
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
	struct change ch = { field, NULL, text };
	char *what = xasprintf("Set %s", prompt_label(a));
	what[strcspn(what, "(:")] = '\0';
	str_trim(what);
	n = targets(b, &cards);
	if (!start_batch(v, what, &ch, 1, false, cards, n) && n) {
		ask(v, a, text);
	} else if (b->batch) {
		b->batch->act = a;
		b->batch->typed = xstrdup(text);
	}
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
		struct filter_context fc = { v->env->lookups, ENT_OPPORTUNITIES, view_me_id(v),
					     (int64_t)time(NULL) };
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

static void undo(struct view *v)
{
	struct boardview *b = bv(v);
	if (!b->nundo) {
		view_message(v, MSG_INFO, "Nothing to undo");
		return;
	}
	/* one batch per distinct set of keys is overkill: undo card by card
	 * through one batch whose changes are each card's own old values */
	const cJSON **cards = xcalloc(b->nundo, sizeof(*cards));
	size_t n = 0;
	for (size_t i = 0; i < b->nundo; i++) {
		struct column *c;
		int index;
		if (find_card(b, b->undo[i].id, &c, &index))
			cards[n++] = cJSON_GetArrayItem(c->cards, index);
	}
	/* the batch takes the same keys for every card; build per-card forms */
	if (b->batch || !n) {
		view_message(v, MSG_WARNING, b->batch ? "Wait for the pending action first"
			    : "The deals of the last action are no longer on the board");
		free(cards);
		return;
	}
	struct batch *bt = xcalloc(1, sizeof(*bt));
	bt->ops = xcalloc(n, sizeof(*bt->ops));
	bt->what = xasprintf("Undid \"%s\"", b->undo_what ? b->undo_what : "the last action");
	bt->is_undo = true;
	b->batch = bt;
	for (size_t i = 0; i < n; i++) {
		struct card_op *op = &bt->ops[bt->n++];
		op->id = num(cards[i], "id");
		op->before = cJSON_Duplicate(cards[i], true);
		op->form = edit_form_new(ENT_OPPORTUNITIES, NULL, cards[i], v->env->lookups);
		const cJSON *changes = NULL;
		for (size_t k = 0; k < b->nundo; k++)
			if (b->undo[k].id == op->id)
				changes = b->undo[k].changes;
		const cJSON *item;
		cJSON_ArrayForEach(item, changes) {
			long f = edit_field_index(op->form, item->string);
			char *err = NULL;
			if (f >= 0)
				edit_set_json(op->form, (size_t)f, item, &err);
			free(err);
		}
		if (!edit_change_count(op->form)) {
			op->state = CARD_DONE;
			bt->done++;
			continue;
		}
		place_card(b, optimistic(op->before, op->form));
		op->state = CARD_CHECKING;
		view_submit(v, api_fetch(ENT_OPPORTUNITIES, op->id), PRIO_VISIBLE,
			    TAG_CARD_BASE | (int64_t)(i << 1));
	}
	free(cards);
	free_undo(b);
	finish_batch(v);
	v->dirty = true;
}

static void toggle_select(struct view *v)
{
	struct boardview *b = bv(v);
	const cJSON *card = focused_card(b);
	if (!card)
		return;
	int64_t id = num(card, "id");
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
		if (num(p, "id") == b->pipeline_id)
			at = i;
		i++;
	}
	if (!n)
		return;
	b->pipeline_id = num(cJSON_GetArrayItem(pipelines, (at + 1) % n), "id");
	remember_pipeline(v, b->pipeline_id);
	b->nselected = 0;
	build(v);
}

static bool board_action(struct view *v, enum action a)
{
	struct boardview *b = bv(v);
	struct column *c = b->ncols ? &b->cols[b->col_sel] : NULL;
	size_t count = c ? (size_t)cJSON_GetArraySize(c->cards) : 0;
	int page = v->rows > 6 ? (v->rows - 4) / CARD_LINES : 1;
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
		const cJSON *card = focused_card(b);
		if (card) {
			board_close(v);
			view_post(v, EV_OPEN_RECORD, ENT_OPPORTUNITIES, num(card, "id"), card, true);
		}
		return true;
	}
	case ACTION_STAGE_NEXT: move_stage(v, 1); break;
	case ACTION_STAGE_PREV: move_stage(v, -1); break;
	case ACTION_MARK_WON: set_status(v, "Won", NULL); break;
	case ACTION_MARK_ABANDONED: set_status(v, "Abandoned", NULL); break;
	case ACTION_MARK_LOST: case ACTION_STAGE_PICK: case ACTION_SET_CLOSE_DATE: case ACTION_SET_VALUE:
	case ACTION_SET_WIN: case ACTION_SET_PRIORITY: case ACTION_SET_OWNER: case ACTION_ADD_NOTE:
		if (!focused_card(b)) {
			view_message(v, MSG_INFO, "No deal here");
			break;
		}
		ask(v, a, "");
		break;
	case ACTION_FILTER: ask(v, a, b->filter_text); break;
	case ACTION_SAVED_SEARCH: b->prompt_act = a; view_prompt(v, "Saved search: ", "", &board_prompt_ops, v); break;
	case ACTION_CLEAR_FILTER: apply_filter(v, ""); break;
	case ACTION_SELECT: toggle_select(v); break;
	case ACTION_UNDO: undo(v); break;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

static void board_result(struct view *v, struct api_result *r)
{
	if (r->tag == TAG_NOTE) {
		if (r->error.kind == APIE_NONE)
			view_message(v, MSG_INFO, "Note added to the timeline");
		else
			view_message(v, MSG_ERROR, "The note was not added: %s", r->error.message);
	} else if (r->tag & TAG_CARD_BASE) {
		take_card(v, r);
	} else {
		take_page(v, r);
	}
	v->dirty = true;
}

static void board_event(struct view *v, const struct ui_event *ev)
{
	struct boardview *b = bv(v);
	if (ev->type != EV_LOOKUPS_CHANGED && ev->type != EV_NAMES_LEARNED)
		return;
	if (v->active && !b->ncols && lookups_get(v->env->lookups, LOOKUP_PIPELINES))
		build(v);
	v->dirty = true;
}

/* ---- drawing ------------------------------------------------------------ */

static int put(WINDOW *w, const char *s, int width)
{
	int used;
	size_t n = text_fit(s, width > 0 ? width : 0, &used);
	waddnstr(w, s, (int)n);
	return used;
}

/* The column's value: a sum per currency, largest first ("1,200,000 USD
 * + 30,500 EUR"), never a sum of different currencies; "(partial)" until
 * every deal is loaded. */
static char *column_sum(const struct column *c)
{
	struct currency_sum { const char *unit; double sum; } sums[8];
	size_t n = 0;
	bool more_units = false;
	const cJSON *card;
	cJSON_ArrayForEach(card, c->cards) {
		const cJSON *v = json_get(card, "monetary_value");
		const char *unit = json_member_str(card, "monetary_unit");
		if (!cJSON_IsNumber(v))
			continue;
		unit = unit ? unit : "";
		size_t i;
		for (i = 0; i < n && strcmp(sums[i].unit, unit); i++)
			;
		if (i == n && n == ARRAY_SIZE(sums)) {
			more_units = true;
			continue;
		}
		if (i == n)
			sums[n++] = (struct currency_sum){ unit, 0 };
		sums[i].sum += v->valuedouble;
	}
	/* largest first: a few entries, insertion sort */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && sums[k].sum > sums[k - 1].sum; k--) {
			struct currency_sum t = sums[k];
			sums[k] = sums[k - 1];
			sums[k - 1] = t;
		}
	struct strbuf sb = {0};
	for (size_t i = 0; i < n; i++) {
		char *money = fields_format_money(sums[i].sum, *sums[i].unit ? sums[i].unit : NULL);
		sb_printf(&sb, "%s%s", i ? " + " : "", money);
		free(money);
	}
	if (more_units)
		sb_puts(&sb, " + other currencies");
	if (c->total > cJSON_GetArraySize(c->cards))
		sb_puts(&sb, " (partial)");
	return sb_detach(&sb);
}
static bool overdue(const cJSON *card, int64_t now)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(card, "close_date");
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(card, "status");
	int m, day, y;
	if (!cJSON_IsString(d) || (cJSON_IsString(st) && strcmp(st->valuestring, "Open")) ||
	    sscanf(d->valuestring, "%d/%d/%d", &m, &day, &y) != 3)
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = day, .tm_hour = 23, .tm_min = 59 };
	return (int64_t)mktime(&tm) < now;
}

static void draw_card(struct view *v, WINDOW *w, int y, int x, int width, const cJSON *card, bool focused)
{
	struct boardview *b = bv(v);
	int64_t id = num(card, "id"), now = (int64_t)time(NULL);
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(card, "name");
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(card, "status");
	const char *badge = !cJSON_IsString(status) ? "" : !strcmp(status->valuestring, "Won") ? "\xe2\x9c\x94 "
		: !strcmp(status->valuestring, "Lost") ? "\xe2\x9c\x98 "
		: !strcmp(status->valuestring, "Abandoned") ? "\xe2\x8a\x98 " : "";
	bool pending = is_pending(b, id);
	char *clean = cJSON_IsString(name) ? sanitize_line(name->valuestring, strlen(name->valuestring))
					   : xstrdup("(no name)");
	char *line1 = xasprintf("%s%s%s%s", is_selected(b, id) ? "\xe2\x9c\x93 " : "", pending ? "\xe2\x80\xa6 " : "",
				badge, clean);
	wattrset(w, theme_attr(focused ? AREA_CURSOR : pending ? AREA_PENDING : AREA_VALUE) |
		 (focused ? 0 : A_BOLD));
	wmove(w, y, x);
	int used = put(w, line1, width);
	for (; used < width; used++)
		waddch(w, ' ');
	free(line1);
	free(clean);

	const cJSON *value = cJSON_GetObjectItemCaseSensitive(card, "monetary_value");
	const cJSON *unit = cJSON_GetObjectItemCaseSensitive(card, "monetary_unit");
	const cJSON *close = cJSON_GetObjectItemCaseSensitive(card, "close_date");
	const cJSON *company = cJSON_GetObjectItemCaseSensitive(card, "company_name");
	char *money = cJSON_IsNumber(value) ? fields_format_money(value->valuedouble,
				cJSON_IsString(unit) ? unit->valuestring : NULL) : xstrdup("");
	char *date = cJSON_IsString(close) ? fields_format_date_string(close->valuestring) : NULL;
	bool late = overdue(card, now);
	/* a won or lost deal is done, not stale */
	const char *st = json_member_str(card, "status");
	bool stale = (!st || !strcmp(st, "Open")) &&
		     now - num(card, "date_modified") > (int64_t)v->env->settings->stale_days * 86400;
	wmove(w, y + 1, x);
	wattrset(w, theme_attr(AREA_EMPTY));
	used = put(w, "  ", width);
	if (*money) {
		wattrset(w, theme_attr(AREA_VALUE));
		used += put(w, money, width - used);
		used += put(w, "  ", width - used);
	}
	if (date) {
		wattrset(w, theme_attr(late ? AREA_ERROR : AREA_LABEL));
		used += put(w, date, width - used);
		if (late)
			used += put(w, " overdue", width - used);
		used += put(w, "  ", width - used);
	}
	if (stale) {
		wattrset(w, theme_attr(AREA_WARNING));
		used += put(w, "stale", width - used);
		used += put(w, "  ", width - used);
	}
	if (cJSON_IsString(company)) {
		char *co = sanitize_line(company->valuestring, strlen(company->valuestring));
		wattrset(w, theme_attr(AREA_EMPTY));
		put(w, co, width - used);
		free(co);
	}
	free(money);
	free(date);
}

static void board_draw(struct view *v, WINDOW *w, bool focused)
{
	struct boardview *b = bv(v);
	(void)focused;
	const cJSON *p = pipeline_by_id(v, b->pipeline_id);
	const cJSON *pname = cJSON_GetObjectItemCaseSensitive(p, "name");
	char *pn = cJSON_IsString(pname) ? sanitize_line(pname->valuestring, strlen(pname->valuestring))
					 : xstrdup("Pipeline");
	char *title = xasprintf("Board: %s%s%s%s", pn, b->filter_text ? "  filter " : "",
				b->filter_text ? b->filter_text : "", b->nselected ? "" : "");
	wattrset(w, theme_attr(AREA_HEADING));
	wmove(w, 0, 0);
	int used = put(w, title, v->cols);
	if (b->nselected) {
		char *sel = xasprintf("  %zu selected", b->nselected);
		wattrset(w, theme_attr(AREA_PENDING));
		put(w, sel, v->cols - used);
		free(sel);
	}
	if (b->batch) {
		char *prog = xasprintf("  saving %zu/%zu", b->batch->done + b->batch->failed, b->batch->n);
		wattrset(w, theme_attr(AREA_PENDING));
		put(w, prog, v->cols - used);
		free(prog);
	}
	free(title);
	free(pn);
	if (!b->ncols) {
		wattrset(w, theme_attr(AREA_PLACEHOLDER));
		mvwaddstr(w, 2, 1, "Loading the pipelines\xe2\x80\xa6");
		return;
	}
	if (b->follow_id) {
		struct column *fc;
		int index;
		if (find_card(b, b->follow_id, &fc, &index)) {
			b->col_sel = (size_t)(fc - b->cols);
			fc->sel = (size_t)index;
		}
	}
	/* as many columns as fit; scroll across stages on narrow terminals */
	size_t fit = (size_t)(v->cols / COLUMN_MIN_WIDTH);
	if (fit < 1)
		fit = 1;
	if (fit > b->ncols)
		fit = b->ncols;
	/* the fit changes with the width: the first column shown must still
	 * leave room for fit columns, and the selected one among them */
	if (b->col_sel >= b->ncols)
		b->col_sel = b->ncols - 1;
	if (b->col_first > b->ncols - fit)
		b->col_first = b->ncols - fit;
	if (b->col_sel < b->col_first)
		b->col_first = b->col_sel;
	if (b->col_sel >= b->col_first + fit)
		b->col_first = b->col_sel - fit + 1;
	int width = v->cols / (int)fit;
	int rows = v->rows - 4;
	int per_column = rows / CARD_LINES;
	for (size_t k = 0; k < fit; k++) {
		size_t ci = b->col_first + k;
		struct column *c = &b->cols[ci];
		int x = (int)k * width, cw = width - 1;
		wattrset(w, theme_attr(ci == b->col_sel ? AREA_TAB_ACTIVE : AREA_HEADER));
		wmove(w, 1, x);
		char *head = xasprintf("%s%s", c->name,
				       ci == b->col_first && b->col_first > 0 ? " \xe2\x86\x90" :
				       ci + 1 == b->col_first + fit && ci + 1 < b->ncols ? " \xe2\x86\x92" : "");
		used = put(w, head, cw);
		for (; used < cw; used++)
			waddch(w, ' ');
		free(head);
		char *sum = column_sum(c);
		char *stats = c->total < 0 ? xstrdup("loading\xe2\x80\xa6")
			: xasprintf("%" PRId64 " %sdeal%s%s%s", c->total, b->open_only ? "open " : "",
				    c->total == 1 ? "" : "s", *sum ? " \xc2\xb7 " : "", sum);
		wattrset(w, theme_attr(AREA_EMPTY));
		wmove(w, 2, x);
		put(w, stats, cw);
		free(stats);
		free(sum);
		int n = cJSON_GetArraySize(c->cards);
		if (c->sel >= (size_t)(n > 0 ? n : 1))
			c->sel = n > 0 ? (size_t)n - 1 : 0;
		if (c->sel < c->top)
			c->top = c->sel;
		if (per_column > 0 && c->sel >= c->top + (size_t)per_column)
			c->top = c->sel - (size_t)per_column + 1;
		for (int i = 0; i < per_column && c->top + (size_t)i < (size_t)n; i++)
			draw_card(v, w, 4 + i * CARD_LINES, x, cw,
				  cJSON_GetArrayItem(c->cards, (int)(c->top + (size_t)i)),
				  ci == b->col_sel && c->top + (size_t)i == c->sel);
	}
}

static void board_close_view(struct view *v)
{
	struct boardview *b = bv(v);
	free_columns(b);
	free_batch(b->batch);
	free_undo(b);
	free(b->selected);
	free(b->filter_text);
	cJSON_Delete(b->filter);
	free(b);
}

static void *board_create(struct view *v, enum entity e)
{
	(void)v;
	(void)e;
	return xcalloc(1, sizeof(struct boardview));
}

const struct view_ops board_view = {
	.name = "board",
	.help_title = "On the pipeline board (b opens it)",
	.place = VIEW_MODAL,
	.opener = ACTION_BOARD,
	.create = board_create,
	.draw = board_draw,
	.action = board_action,
	.result = board_result,
	.event = board_event,
	.open = board_open,
	.close = board_close_view,
};
