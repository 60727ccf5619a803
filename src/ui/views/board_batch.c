/*
 * board_batch.c - one action on several cards of the board, and undo
 * (see board_internal.h).
 *
 * Every card is validated by the editing model before anything moves or
 * is sent; then each card moves at once (marked pending) and is saved
 * through the save protocol, paced by the fetch thread's budget. When the
 * last card is settled the batch says what happened, with the first
 * failure's reason, and keeps the opposite of what was done for undo.
 */
#include "config.h"

#include "ui/views/board_internal.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

bool board_is_pending(struct boardview *b, int64_t id)
{
	if (!b->batch)
		return false;
	for (size_t i = 0; i < b->batch->n; i++)
		if (b->batch->ops[i].id == id && !b->batch->ops[i].finished)
			return true;
	return false;
}

void board_free_batch(struct batch *bt)
{
	if (!bt)
		return;
	for (size_t i = 0; i < bt->n; i++) {
		save_clear(&bt->ops[i].save);
		cJSON_Delete(bt->ops[i].before);
		cJSON_Delete(bt->ops[i].sent);
		edit_form_free(bt->ops[i].form);
	}
	free(bt->ops);
	free(bt->what);
	free(bt->why);
	free(bt->typed);
	free(bt);
}

void board_free_undo(struct boardview *b)
{
	for (size_t i = 0; i < b->nundo; i++)
		cJSON_Delete(b->undo[i].changes);
	free(b->undo);
	free(b->undo_what);
	b->undo = NULL;
	b->undo_what = NULL;
	b->nundo = 0;
}

/* The changes applied to the card locally: the optimistic move. */
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

/* The opposite of what the batch did, card by card, for undo. */
static void remember_undo(struct boardview *b, const struct batch *bt)
{
	board_free_undo(b);
	b->undo = xcalloc(bt->n, sizeof(*b->undo));
	for (size_t i = 0; i < bt->n; i++) {
		const struct card_op *op = &bt->ops[i];
		if (!op->sent)
			continue;
		cJSON *inverse = cJSON_CreateObject();
		const cJSON *item;
		cJSON_ArrayForEach(item, op->sent) {
			const cJSON *old = json_get(op->before, item->string);
			cJSON_AddItemToObject(inverse, item->string,
					      old ? cJSON_Duplicate(old, true) : cJSON_CreateNull());
		}
		b->undo[b->nundo++] = (struct undo_entry){ op->id, inverse };
	}
	b->undo_what = xstrdup(bt->what);
}

static void finish_batch(struct view *v)
{
	struct boardview *b = bv(v);
	struct batch *bt = b->batch;
	if (!bt || bt->done + bt->failed < bt->n)
		return;
	if (!bt->is_undo && bt->done)
		remember_undo(b, bt);
	enum action again = bt->failed && bt->typed ? bt->act : ACTION_NONE;
	char *typed = again != ACTION_NONE ? xstrdup(bt->typed) : NULL;
	if (bt->failed)
		view_message(v, MSG_ERROR, "%s: %zu of %zu deal%s failed and %s put back%s%s%s",
			     bt->what, bt->failed, bt->n, bt->n == 1 ? "" : "s",
			     bt->failed == 1 ? "was" : "were", bt->why ? " (" : "",
			     bt->why ? bt->why : "", bt->why ? ")" : "");
	else
		view_message(v, MSG_INFO, "%s: %zu deal%s%s", bt->what, bt->done, bt->done == 1 ? "" : "s",
			     bt->is_undo ? "" : "  (u undoes)");
	board_free_batch(bt);
	b->batch = NULL;
	v->dirty = true;
	if (typed) {
		/* what the user typed comes back, for another try */
		board_ask(v, again, typed);
		free(typed);
	}
}

static void settle(struct batch *bt, struct card_op *op, bool ok, const char *why)
{
	op->finished = true;
	if (ok) {
		bt->done++;
		return;
	}
	bt->failed++;
	if (!bt->why && why)
		bt->why = xstrdup(why);
}

/* The save protocol's next request for the card, or its outcome. */
static void card_step(struct view *v, size_t i, struct api_request *next)
{
	struct boardview *b = bv(v);
	struct batch *bt = b->batch;
	struct card_op *op = &bt->ops[i];
	struct save *s = &op->save;
	if (next) {
		view_submit(v, next, PRIO_VISIBLE, BOARD_TAG_CARD | (int64_t)i);
		return;
	}
	switch (s->state) {
	case SAVE_DONE:
		if (!s->nothing_sent && s->body)
			op->sent = cJSON_Duplicate(s->body, true);
		if (s->record)
			board_place_card(b, cJSON_Duplicate(s->record, true));
		settle(bt, op, true, NULL);
		break;
	case SAVE_CONFLICT:
		/* a colleague changed what this action changes: theirs stays */
		board_place_card(b, cJSON_Duplicate(s->record, true));
		settle(bt, op, false, "changed on the server meanwhile: review it and repeat");
		break;
	default:
		/* refused, failed, or not known after a lost answer: the card as
		 * it was, and the reason */
		board_place_card(b, cJSON_Duplicate(op->before, true));
		settle(bt, op, false, s->message);
		break;
	}
	finish_batch(v);
	v->dirty = true;
}

void board_take_card(struct view *v, struct api_result *r)
{
	struct batch *bt = bv(v)->batch;
	size_t i = (size_t)(r->tag & ~BOARD_TAG_CARD);
	if (!bt || i >= bt->n || bt->ops[i].finished)
		return;
	card_step(v, i, save_answer(&bt->ops[i].save, r));
}

/* Moves every card of the batch and starts saving each. */
static void run_batch(struct view *v, struct batch *bt)
{
	struct boardview *b = bv(v);
	int64_t now = (int64_t)time(NULL);
	b->batch = bt;
	for (size_t i = 0; i < bt->n; i++) {
		struct card_op *op = &bt->ops[i];
		if (!edit_change_count(op->form)) {
			settle(bt, op, true, NULL); /* already so: nothing to send */
			continue;
		}
		board_place_card(b, optimistic(op->before, op->form));
		/* the card may be old: the protocol re-reads it first */
		card_step(v, i, save_begin(&op->save, ENT_OPPORTUNITIES, op->id, op->form, false, now));
		if (!b->batch)
			return; /* finished already */
	}
	finish_batch(v);
}

static struct batch *new_batch(size_t ncards, char *what, bool is_undo)
{
	struct batch *bt = xcalloc(1, sizeof(*bt));
	bt->ops = xcalloc(ncards ? ncards : 1, sizeof(*bt->ops));
	bt->what = what;
	bt->is_undo = is_undo;
	return bt;
}

static struct card_op *add_card(struct view *v, struct batch *bt, const cJSON *card)
{
	struct card_op *op = &bt->ops[bt->n++];
	op->id = board_num(card, "id");
	op->before = cJSON_Duplicate(card, true);
	op->form = edit_form_new(ENT_OPPORTUNITIES, NULL, card, v->env->lookups);
	return op;
}

bool board_start_batch(struct view *v, const char *what, const struct board_change *changes,
		       size_t nchanges, const cJSON *const *cards, size_t ncards)
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
	struct batch *bt = new_batch(ncards, xstrdup(what), false);
	int64_t now = (int64_t)time(NULL);
	/* validate everything before anything is sent or moved */
	for (size_t i = 0; i < ncards; i++) {
		struct card_op *op = add_card(v, bt, cards[i]);
		for (size_t k = 0; k < nchanges; k++) {
			long f = edit_field_index(op->form, changes[k].key);
			char *err = NULL;
			bool ok = f >= 0 && (changes[k].text
				? edit_set_text(op->form, (size_t)f, changes[k].text, now, &err)
				: edit_set_json(op->form, (size_t)f, changes[k].json, &err));
			if (!ok) {
				view_message(v, MSG_ERROR, "%s", err ? err : "this field cannot be changed here");
				free(err);
				board_free_batch(bt);
				return false;
			}
		}
	}
	b->nselected = 0;
	run_batch(v, bt);
	v->dirty = true;
	return true;
}

void board_undo(struct view *v)
{
	struct boardview *b = bv(v);
	if (!b->nundo) {
		view_message(v, MSG_INFO, "Nothing to undo");
		return;
	}
	if (b->batch) {
		view_message(v, MSG_WARNING, "Wait for the pending action first");
		return;
	}
	/* card by card: each card's own old values */
	struct batch *bt = new_batch(b->nundo, xasprintf("Undid \"%s\"", b->undo_what ? b->undo_what
							 : "the last action"), true);
	for (size_t k = 0; k < b->nundo; k++) {
		struct column *c;
		int index;
		if (!board_find_card(b, b->undo[k].id, &c, &index))
			continue;
		struct card_op *op = add_card(v, bt, cJSON_GetArrayItem(c->cards, index));
		const cJSON *item;
		cJSON_ArrayForEach(item, b->undo[k].changes) {
			long f = edit_field_index(op->form, item->string);
			char *err = NULL;
			if (f >= 0)
				edit_set_json(op->form, (size_t)f, item, &err);
			free(err);
		}
	}
	if (!bt->n) {
		view_message(v, MSG_WARNING, "The deals of the last action are no longer on the board");
		board_free_batch(bt);
		return;
	}
	board_free_undo(b);
	run_batch(v, bt);
	v->dirty = true;
}
