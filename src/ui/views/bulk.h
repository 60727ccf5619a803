/*
 * bulk.h - a view's changes to several records at once (the board's
 * actions, a list's bulk changes and tags, the Today view's keys), run
 * through model/batch.h.
 *
 * It sends a batch's requests as the view's work (view_submit_work), which
 * a new search or a reload of the view does not cancel: a save once
 * started always comes to its end. It tells the view how to show each
 * record (as it will be, as the server has it, or as it was when it
 * failed), posts EV_RECORD_SAVED for every record saved so that every
 * pane shows the truth, keeps the status line saying how far it got, says
 * the outcome when it is over (what failed and the first reason), and
 * keeps the opposite of the last actions for undo. Several actions may
 * run at once (BULK_SLOTS).
 */
#ifndef PATINA_BULK_H
#define PATINA_BULK_H

#include "model/batch.h"
#include "ui/view.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BULK_SLOTS 8
#define BULK_UNDO_DEPTH 16
/* A change to more records than this is asked first: how many requests it
 * takes and how long, at the request budget. */
#define BULK_ASK_OVER 50
/* Tags of the requests of a bulk change: the view's own tags stay below. */
#define BULK_TAG (1LL << 50)

enum bulk_show {
	BULK_PENDING,   /* as it will be once saved */
	BULK_SAVED,     /* as the server has it now */
	BULK_PUT_BACK   /* failed: as it was (or, after a conflict, the server's) */
};

struct bulk_hooks {
	/* How to show a record of a batch now (record: NULL when the view is
	 * shown nothing of it). May be NULL. */
	void (*show)(struct view *v, const struct batch_op *op, const cJSON *record,
		     enum bulk_show how);
	/* A batch is over and its outcome said; b is freed after. May be NULL. */
	void (*finished)(struct view *v, struct batch *b);
	/* What a record is called ("deal"/"deals"); NULL: the entity's name. */
	const char *noun, *nouns;
	/* Said after failures of a change to several records (what finished
	 * does about them), or NULL. */
	const char *failed_note;
	/* How the view stops a change under way ("Esc stops it"), or NULL. */
	const char *stop_hint;
};

struct bulk {
	const struct bulk_hooks *hooks;
	struct view *view;                   /* whose it is (set by bulk_start) */
	struct batch *running[BULK_SLOTS];
	struct batch *undo[BULK_UNDO_DEPTH]; /* the newest last */
	size_t nundo;
	struct batch *asked;                 /* checked, waiting for the user's yes */
};

void bulk_init(struct bulk *bk, const struct bulk_hooks *hooks);
void bulk_free(struct bulk *bk);

/* Checks the batch (taken over) and starts it, after asking when it
 * changes more than BULK_ASK_OVER records. False when it is refused (the
 * reason is on the status line, nothing was sent) or when BULK_SLOTS
 * actions are still running. */
bool bulk_start(struct view *v, struct bulk *bk, struct batch *b);
/* Asks whether to stop what is running: the records not sent yet are not
 * sent, those sent come to their end. False when nothing runs. */
bool bulk_ask_stop(struct view *v, struct bulk *bk);
/* A result of the view; true if it was a bulk change's (and is taken). */
bool bulk_result(struct view *v, struct bulk *bk, struct api_result *r);
/* Undoes the newest action that can be undone. */
void bulk_undo(struct view *v, struct bulk *bk);

/* Records of entity e being saved: whether id is one. */
bool bulk_pending(const struct bulk *bk, enum entity e, int64_t id);
/* Whether anything is running. */
bool bulk_busy(const struct bulk *bk);
/* "saving 37/500" while something runs, for a title; NULL when idle.
 * Caller frees. */
char *bulk_progress(const struct bulk *bk);

#endif
