/*
 * board_batch.c - an action on cards of the board (see board_internal.h):
 * the cards become a batch (model/batch.h) run by the views' bulk
 * machinery (ui/views/bulk.h), the lists' too. What is the board's own is
 * how a card shows meanwhile: moved at once, pending, then where the
 * server put it, or back where it was.
 */
#include "config.h"

#include "ui/views/board_internal.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static void show_card(struct view *v, const struct batch_op *op, const cJSON *record,
		      enum bulk_show how)
{
	(void)how;
	if (op->entity == ENT_OPPORTUNITIES && cJSON_IsObject(record))
		board_place_card(bv(v), cJSON_Duplicate(record, true));
	v->dirty = true;
}

static void finished(struct view *v, struct batch *b)
{
	/* what the user typed comes back, for another try */
	if (b->failed && b->typed && b->act != ACTION_NONE)
		board_ask(v, (enum action)b->act, b->typed);
}

const struct bulk_hooks board_bulk_hooks = {
	.show = show_card,
	.finished = finished,
	.noun = "deal",
	.nouns = "deals",
};

bool board_start_batch(struct view *v, const char *what, const struct board_change *changes,
		       size_t nchanges, const cJSON *const *cards, size_t ncards, enum action act,
		       const char *typed)
{
	struct boardview *b = bv(v);
	if (!ncards) {
		view_message(v, MSG_INFO, "No deal here");
		return false;
	}
	struct batch *bt = batch_new(what, v->env->lookups);
	for (size_t k = 0; k < nchanges; k++)
		batch_add_change(bt, changes[k].key, changes[k].json, changes[k].text);
	for (size_t i = 0; i < ncards; i++)
		batch_add_record(bt, ENT_OPPORTUNITIES, board_num(cards[i], "id"), cards[i]);
	bt->act = act;
	bt->typed = typed ? xstrdup(typed) : NULL;
	if (!bulk_start(v, &b->bulk, bt))
		return false;
	b->nselected = 0;
	v->dirty = true;
	return true;
}
