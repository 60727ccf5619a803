/*
 * app.h - the interactive application: tabs, panes, prompt, help, status.
 *
 * One tab per Copper entity, each a list view and a detail view.  The
 * event loop runs on the main thread, the only one that touches curses:
 * drain the keyboard, hand over fetch results, redraw what is dirty with
 * wnoutrefresh and one doupdate, then sleep in poll() on the keyboard, the
 * fetcher's descriptor and the next timer.
 */
#ifndef PATINA_APP_H
#define PATINA_APP_H

#include "copper/api.h"
#include "copper/cache.h"
#include "fetch/fetch.h"
#include "config/keymap.h"
#include "copper/lookups.h"
#include "copper/refnames.h"
#include "config/settings.h"
#include "ui/paint.h"
#include "ui/view.h"

#include <stdbool.h>
#include <stddef.h>

enum message_kind { MSG_INFO, MSG_WARNING, MSG_ERROR };

/* The prompt's callbacks. Any may be NULL. */
struct prompt_ops {
	/* the text changed (search as you type) */
	void (*changed)(void *ctx, const char *text);
	void (*submit)(void *ctx, const char *text);
	void (*cancel)(void *ctx);
	/* candidates for completing the term at cursor (see filter_complete) */
	size_t (*complete)(void *ctx, const char *text, size_t cursor, char ***out,
			   size_t *start, size_t *end);
};

struct app;

/* Runs the interactive UI. open_id != 0 opens on that record of
 * open_entity (its tab, the record fetched into the detail pane). */
int app_run(const struct settings *s, enum entity open_entity, int64_t open_id);

/* Services for views. */
struct fetcher *app_fetcher(struct app *a);
struct lookups *app_lookups(struct app *a);
/* Names of records seen so far, by entity and id. */
struct refnames *app_refnames(struct app *a);
const struct settings *app_settings(struct app *a);
const struct keymap *app_keymap(struct app *a);
void app_message(struct app *a, enum message_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void app_prompt(struct app *a, const char *label, const char *initial,
		const struct prompt_ops *ops, void *ctx);
/* The list's cursor is on a record: show it in the detail pane. record
 * may be NULL (not loaded yet; the detail fetches it). by_user: the user
 * moved the cursor; otherwise (a page arrived) a record the user followed
 * or opened stays in the pane. */
void app_show_record(struct app *a, enum entity e, int64_t id, const cJSON *record, bool by_user);
/* The user followed a related record from the detail pane. */
void app_follow(struct app *a, enum entity e, int64_t id);
/* New record names were learned: views redraw what showed ids. */
void app_names_learned(struct app *a);
/* Moves the focus to the detail pane. */
void app_focus_detail(struct app *a);
/* The API user's id (0 until known) and the account id (0 until known). */
int64_t app_me_id(struct app *a);
int64_t app_account_id(struct app *a);
/* Named saved searches from the config (`search NAME TEXT` lines). */
size_t app_saved_searches(struct app *a, const char *const **names, const char *const **texts);
/* Writes an OSC 52 clipboard sequence for text (works over SSH). */
void app_copy(struct app *a, const char *what, const char *text);
/* Opens url in $BROWSER (suspending the screen if it is a terminal program). */
void app_open_url(struct app *a, const char *url);
/* Shows a record in its tab's detail pane, focused (from the board). */
void app_open_in_detail(struct app *a, enum entity e, const cJSON *record);
/* The form was closed (saved, discarded or left). */
void app_form_closed(struct app *a);
/* A record was saved or created: the lists and detail panes show the
 * server's answer. */
void app_record_saved(struct app *a, enum entity e, const cJSON *record);
/* Runs "program arg" (program may hold arguments, as $EDITOR does) with
 * the terminal handed over; returns its exit status (-1 if it could not
 * run). The screen is restored afterwards. */
int app_run_program(struct app *a, const char *program, const char *arg);
/* Milliseconds on the monotonic clock, as used for view timers. */
int64_t app_now(void);

#endif
