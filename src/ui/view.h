/*
 * view.h - the one small interface every view implements, and what a view
 * may use.
 *
 * A view draws into the window it is given, acts on actions (translated
 * from keys through the keymap, in the context named after the view),
 * receives the results of its own requests and the events other views
 * post, and may set a timer. It never calls the application: it posts an
 * event (ui/events.h). A new view is one new file that fills a struct
 * view_ops, plus one line in the registry (ui/views/views.h) and its key
 * bindings; the application walks the registry and needs to know no more.
 * A NULL member means "not needed".
 */
#ifndef PATINA_VIEW_H
#define PATINA_VIEW_H

#include "config/actions.h"
#include "config/keymap.h"
#include "config/settings.h"
#include "copper/api.h"
#include "copper/lookups.h"
#include "copper/refnames.h"
#include "model/filter.h"
#include "ui/events.h"
#include "ui/input.h"
#include "ui/prompt.h"
#include "ui/status.h"
#include "ui/term.h"
#include "util/writer.h"

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

struct loop;
struct mirror_link;
struct view;

/* Where a view lives on the screen. */
enum view_place {
	VIEW_LIST,    /* the upper (or left) pane of each entity's tab: one per entity */
	VIEW_DETAIL,  /* the other pane of each entity's tab: one per entity */
	VIEW_MODAL,   /* over the panes while it is open; one */
	VIEW_PAGE     /* a tab of its own, the whole body (Today); one, before the
		       * entities' tabs, shown by its opener action */
};

/* The services every view may use; owned by the application. */
struct view_env {
	struct api_sender sender;   /* requests go here (view_submit) */
	struct lookups *lookups;
	struct refnames *refnames;
	const struct settings *settings;
	const struct keymap *keymap;
	struct events *events;
	struct status *status;
	struct prompt *prompt;
	struct term *term;
	struct loop *loop;
	struct writer *writer;      /* disk writes, off this thread */
	struct mirror_link *mirror; /* the local mirror (ui/mirror_link.h), NULL: none */
};

struct view_ops {
	const char *name;       /* also its key context in keymaps */
	const char *help_title; /* the heading of its keys in the help */
	bool takes_text;        /* what is typed is its text (a query in its
				 * prompt): only its own non-text keys act */
	enum view_place place;
	/* A page's tab, and the name a modal view or a page is opened by from
	 * the tab-by-name prompt (NULL: none). */
	const char *title;
	/* A modal view opened, or a page shown, by this action from anywhere
	 * (ACTION_NONE: only by an event it handles). */
	enum action opener;
	/* Makes the view's private state; e is its tab's entity (VIEW_LIST,
	 * VIEW_DETAIL) or ENT_COUNT. A page is told it is shown by
	 * EV_TAB_SHOWN (entity ENT_COUNT). */
	void *(*create)(struct view *v, enum entity e);
	/* Draws the whole view into win (v->rows x v->cols). */
	void (*draw)(struct view *v, WINDOW *win, bool focused);
	/* Returns true if the view handled the action. */
	bool (*action)(struct view *v, enum action a);
	/* A result of one of the view's own requests, of its current
	 * generation (older ones never arrive). */
	void (*result)(struct view *v, struct api_result *r);
	/* The view's timer (view_set_timer) has come due. */
	void (*timer)(struct view *v);
	/* An event for this view, or for every view (ui/events.h). */
	void (*event)(struct view *v, const struct ui_event *ev);
	/* One line saying where the view is, for the title bar; caller frees. */
	char *(*describe)(struct view *v);
	/* Opens a modal view by its opener action. */
	void (*open)(struct view *v);
	/* A press or a wheel turn over the view, ev's coordinates relative to
	 * its window (a press has already focused its pane). True if handled;
	 * otherwise (or when NULL) the wheel acts as move-down and move-up
	 * three times and a double click as open. */
	bool (*mouse)(struct view *v, const struct mouse_event *ev);
	/* Frees the private state (not the view). */
	void (*close)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct view_env *env;
	enum entity entity;  /* its tab's entity, or ENT_COUNT */
	int keyctx;          /* its context in the keymap */
	int owner;           /* request owner id: results come back by it */
	int work_owner;      /* ... and for its work that no generation supersedes */
	uint64_t generation; /* bumped to supersede the view's requests */
	bool dirty;          /* needs a redraw */
	bool active;         /* a modal view that is open */
	int rows, cols;      /* size at the last draw */
	long long timer;     /* the loop's timer id, 0 = none */
	void *priv;
};

/* A view of ops for entity e (ENT_COUNT: none), requests as owner. The
 * application frees it with view_free. */
struct view *view_new(const struct view_ops *ops, struct view_env *env, enum entity e, int owner,
		      int keyctx);
void view_free(struct view *v);

/* Supersedes every request of the view: they are cancelled, in flight too,
 * and their results never arrive. Returns the new generation. */
uint64_t view_new_generation(struct view *v);
/* Sends a request for the view at its current generation. */
uint64_t view_submit(struct view *v, struct api_request *req, enum api_priority prio, int64_t tag);
/* Sends a request that no new generation cancels: a write (and the reads
 * that check it), a save under way, a batch. The user moving on to another
 * record must not cancel it, in flight or queued: a write cancelled
 * half-way would leave the user not knowing whether it happened. Its
 * result comes to the view's result op all the same, whatever the view
 * shows by then; the tag says what it is. */
uint64_t view_submit_work(struct view *v, struct api_request *req, enum api_priority prio,
			  int64_t tag);

/* Owner ids: a view's work owner is its owner plus this (app.c keeps the
 * views' owners below it). */
#define VIEW_WORK_OWNERS 30

/* Calls the view's timer op after delay_ms (replacing a timer it had);
 * delay_ms < 0 cancels. */
void view_set_timer(struct view *v, int64_t delay_ms);

/* Posts an event from the view. */
void view_post(struct view *v, enum ui_event_type type, enum entity e, int64_t id,
	       const cJSON *record, bool by_user);
/* Posts a copy of ev from the view (ev->from is set to v). */
void view_post_event(struct view *v, const struct ui_event *ev);
/* Opens or closes a modal view (posts EV_MODAL_OPENED / EV_MODAL_CLOSED). */
void view_modal(struct view *v, bool open);

void view_message(struct view *v, enum message_kind kind, const char *fmt, ...) PRINTF_LIKE(3, 4);
void view_prompt(struct view *v, const char *label, const char *initial,
		 const struct prompt_ops *ops, void *ctx);

/* The filter language's context for a search of entity e by this view:
 * its look-ups, the user ("owner:me"), now. */
struct filter_context view_filter_context(const struct view *v, enum entity e);
/* Parses a filter the user typed for a search of entity e. False (the
 * reason shown on the status line) if it is not valid; else *body is the
 * search body, NULL when the text asks for nothing (caller frees). */
bool view_parse_filter(struct view *v, enum entity e, const char *text, cJSON **body);

/* The user signed in (0 until known) and the account (0 until known). */
int64_t view_me_id(const struct view *v);
int64_t view_account_id(const struct view *v);

#endif
