/*
 * board_internal.h - what the pipeline board's files share.
 *
 * The board shows a pipeline's open deals, one column per stage (a search
 * by pipeline and stage, paged like any list, with the count from
 * X-PW-TOTAL and the sums of the loaded deals per currency, marked partial
 * until every deal is loaded). Actions change the cards at once and mark
 * them pending; the cards are saved as one batch (ui/views/bulk.h over
 * model/batch.h, the lists' machinery too): read again by one search by
 * ids, a deal changed on the server meanwhile is not overwritten but put
 * back as the server has it, one partial PUT each, a lost answer re-read.
 * Failures put the card back and say why. The last actions can be undone
 * with the opposite updates.
 *
 * board.c: the view, loading, the actions and their prompts;
 * board_batch.c: an action on the cards, through bulk.h;
 * board_draw.c: the columns and cards on screen.
 */
#ifndef PATINA_BOARD_INTERNAL_H
#define PATINA_BOARD_INTERNAL_H

#include "model/edit.h"
#include "ui/view.h"
#include "ui/views/bulk.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOARD_PAGE_SIZE 200
#define BOARD_COLUMN_MIN_WIDTH 26
#define BOARD_CARD_LINES 2

/* Job tags: column loads are (column << 16 | page); the actions' saves
 * are ui/views/bulk.h's. (A note is the activity form's.) */

struct column {
	int64_t stage_id;
	char *name;
	cJSON *cards;        /* opportunities, as the search returned them */
	int64_t total;       /* X-PW-TOTAL, -1 until known */
	int pages;           /* pages loaded */
	bool loading;
	size_t sel, top;
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
	struct bulk bulk;        /* the actions' saves, and undo */
	enum action prompt_act;  /* which action the open prompt is for */
	int64_t follow_id;       /* keep the focus on this card wherever it goes */
};

static inline struct boardview *bv(struct view *v)
{
	return v->priv;
}

/* One requested change: a record key and either a JSON value or what the
 * user typed (parsed by the editing model, as in the form). */
struct board_change {
	const char *key;
	cJSON *json;
	const char *text;
};

/* board.c */
int64_t board_num(const cJSON *obj, const char *key);
bool board_find_card(struct boardview *b, int64_t id, struct column **col, int *index);
/* Puts a card (taken over) where it belongs, or off the board. */
void board_place_card(struct boardview *b, cJSON *card);
const cJSON *board_focused_card(struct boardview *b);
const cJSON *board_pipeline(struct view *v, int64_t id);
/* Opens the prompt for action a with initial text. */
void board_ask(struct view *v, enum action a, const char *initial);

/* board_batch.c */
extern const struct bulk_hooks board_bulk_hooks;
/* Applies the changes to every card (validated first: nothing is sent if
 * one is refused); false if nothing started. act and typed (may be NULL):
 * the prompt to open again with what was typed if a card fails. */
bool board_start_batch(struct view *v, const char *what, const struct board_change *changes,
		       size_t nchanges, const cJSON *const *cards, size_t ncards, enum action act,
		       const char *typed);

/* board_draw.c */
void board_draw(struct view *v, WINDOW *w, bool focused);

#endif
