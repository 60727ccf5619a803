/*
 * board_internal.h - what the pipeline board's files share.
 *
 * The board shows a pipeline's open deals, one column per stage (a search
 * by pipeline and stage, paged like any list, with the count from
 * X-PW-TOTAL and the sums of the loaded deals per currency, marked partial
 * until every deal is loaded). Actions change the cards at once and mark
 * them pending; each card is saved through the one save protocol
 * (model/save.h): re-read, a deal changed on the server meanwhile is not
 * overwritten but put back as the server has it, one partial PUT, a lost
 * answer re-read. Failures put the card back and say why. The last action
 * can be undone with the opposite update.
 *
 * board.c: the view, loading, the actions and their prompts;
 * board_batch.c: an action on several cards, and undo;
 * board_draw.c: the columns and cards on screen.
 */
#ifndef PATINA_BOARD_INTERNAL_H
#define PATINA_BOARD_INTERNAL_H

#include "model/edit.h"
#include "model/save.h"
#include "ui/view.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOARD_PAGE_SIZE 200
#define BOARD_COLUMN_MIN_WIDTH 26
#define BOARD_CARD_LINES 2

/* Job tags: column loads are (column << 16 | page); a card of the running
 * batch is BOARD_TAG_CARD | its index. (A note is the activity form's.) */
#define BOARD_TAG_CARD (1LL << 40)

struct column {
	int64_t stage_id;
	char *name;
	cJSON *cards;        /* opportunities, as the search returned them */
	int64_t total;       /* X-PW-TOTAL, -1 until known */
	int pages;           /* pages loaded */
	bool loading;
	size_t sel, top;
};

struct card_op {
	int64_t id;
	cJSON *before;           /* the card before the action */
	struct edit_form *form;  /* base: the card; the action's changes */
	struct save save;        /* its save */
	cJSON *sent;             /* what was sent, for undo (NULL: nothing) */
	bool finished;
};

struct batch {
	char *what;              /* "Moved to Proposal" */
	char *why;               /* the first failure's reason */
	struct card_op *ops;
	size_t n, done, failed;
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
/* Applies the changes to every card (validated first: nothing is sent if
 * one is refused); false if nothing started. */
bool board_start_batch(struct view *v, const char *what, const struct board_change *changes,
		       size_t nchanges, const cJSON *const *cards, size_t ncards);
void board_take_card(struct view *v, struct api_result *r);
void board_undo(struct view *v);
bool board_is_pending(struct boardview *b, int64_t id);
void board_free_batch(struct batch *bt);
void board_free_undo(struct boardview *b);

/* board_draw.c */
void board_draw(struct view *v, WINDOW *w, bool focused);

#endif
