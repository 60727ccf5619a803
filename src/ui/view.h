/*
 * view.h - the one small interface every view implements.
 *
 * A view draws into the window it is given, acts on actions (already
 * translated from keys through the keymap), receives the fetch results of
 * its own jobs, and may ask for a timer.  A new view is one new file that
 * fills a struct view_ops; the application never needs to know more.
 * A NULL member means "not needed".
 */
#ifndef PATINA_VIEW_H
#define PATINA_VIEW_H

#include "config/actions.h"
#include "fetch/fetch.h"
#include "config/keymap.h"

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

struct app;
struct view;

struct view_ops {
	const char *name;
	enum keyctx keyctx;
	/* Draws the whole view into win (sized rows x cols). */
	void (*draw)(struct view *v, WINDOW *win, bool focused);
	/* Returns true if the view handled the action. */
	bool (*action)(struct view *v, enum action a);
	/* A result of one of the view's own jobs (owner == v->owner). */
	void (*result)(struct view *v, struct api_result *r);
	/* The view's timer (v->timer_at) has come due. */
	void (*timer)(struct view *v);
	/* Look-ups arrived: names may resolve now. */
	void (*lookups_changed)(struct view *v);
	/* One line saying where the view is, for the title bar; caller frees. */
	char *(*describe)(struct view *v);
	void (*close)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	int owner;           /* fetch owner id: results come back by it */
	uint64_t generation; /* bumped to supersede the view's jobs */
	bool dirty;          /* needs a redraw */
	int rows, cols;      /* size at the last draw */
	int64_t timer_at;    /* monotonic ms, 0 = no timer */
	void *priv;
};

/* A view with its operations, fetch owner id and private state (owned by
 * the view: its close operation frees it and the view). */
struct view *view_new(struct app *app, const struct view_ops *ops, int owner, void *priv);

/* Supersedes every job of the view: they are cancelled, in flight too, and
 * their results will never arrive. Returns the new generation. */
uint64_t view_new_generation(struct view *v);
/* Submits a job for the view at its current generation. */
uint64_t view_submit(struct view *v, struct api_request *req, enum api_priority prio,
		     int64_t tag);

#endif
