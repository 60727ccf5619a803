/*
 * app_internal.h - the application's state, shared by app.c (routing,
 * keys, the run) and app_draw.c (layout and drawing).
 */
#ifndef PATINA_APP_INTERNAL_H
#define PATINA_APP_INTERNAL_H

#include "config/keymap.h"
#include "config/theme.h"
#include "fetch/fetch.h"
#include "ui/draft_offer.h"
#include "ui/help.h"
#include "ui/input.h"
#include "ui/prompt.h"
#include "ui/status.h"
#include "ui/term.h"
#include "ui/view.h"

#include <curses.h>
#include <stdbool.h>

#define MAX_MODALS 8
#define MAX_PAGES 4

struct tab {
	struct view *list;
	struct view *detail;
};

struct app {
	const struct settings *settings;
	struct fetcher *fetcher;
	struct cache *cache;
	struct writer *writer;
	struct loop *loop;
	struct term term;
	struct status status;
	struct prompt prompt;
	struct keymap keymap;
	struct theme theme;
	struct view_env env;
	struct tab tabs[ENT_COUNT];
	struct view *modals[MAX_MODALS];   /* one of each modal view of the registry */
	size_t nmodals;
	struct view *stack[MAX_MODALS];    /* the open ones, topmost last */
	size_t nstack;
	struct view *pages[MAX_PAGES];     /* one of each page view of the registry */
	size_t npages;
	struct view *page;                 /* the page shown instead of a tab, or NULL */
	enum entity current;
	bool focus_detail;
	bool maximized;
	bool help_open;
	struct help help;
	int help_ctx;
	bool layout_dirty;
	bool chrome_dirty;            /* title, tabs, status */
	bool too_small;
	bool wide;
	WINDOW *w_title, *w_tabs, *w_list, *w_detail, *w_status, *w_border, *w_body;
	struct fetch_stats stats;
	long long budget_timer, message_timer;
	struct draft_offer drafts;    /* found at start, offered one by one */
	struct input input;           /* pastes and mouse reports being read */
	/* a refused token (app_auth.c) */
	bool auth_asking, auth_said, auth_given_up;
	unsigned auth_renewed, auth_tries;
	int quit_signal;
	/* the local mirror (app_mirror.c) */
	struct mirror_link *mirror;   /* NULL: none (mirror = 0) */
	int64_t last_key_ms;          /* the user is active: the sync takes its share */
	long long probe_timer;        /* offline: when the server is tried again */
};

static inline struct tab *current_tab(struct app *a)
{
	return &a->tabs[a->current];
}

static inline struct view *top_modal(struct app *a)
{
	return a->nstack ? a->stack[a->nstack - 1] : NULL;
}

static inline struct view *focused_view(struct app *a)
{
	struct view *m = top_modal(a);
	if (m)
		return m;
	if (a->page)
		return a->page;
	return a->focus_detail ? current_tab(a)->detail : current_tab(a)->list;
}

void app_mark_all_dirty(struct app *a);
/* Every view (room for 2 * ENT_COUNT + MAX_PAGES + MAX_MODALS). */
size_t app_all_views(struct app *a, struct view **out);
/* Hands an event to one view. */
void app_deliver(struct view *v, const struct ui_event *ev);

/* app_tabs.c */
void app_switch_tab(struct app *a, enum entity e);
/* Shows a page instead of the entity's tab. */
void app_show_page(struct app *a, struct view *page);
/* The next (step 1) or previous (-1) tab, pages first; the index-th. */
void app_step_tab(struct app *a, int step);
void app_go_to_tab(struct app *a, size_t index);
/* The tabs' labels as the tab bar shows them, pages first (each malloc'd,
 * room for MAX_PAGES + ENT_COUNT), and which is current. */
size_t app_tab_labels(struct app *a, char **labels, size_t *current);
/* Asks for a tab, a page or a titled modal view by name. */
void app_ask_tab_by_name(struct app *a);
/* The page start-view names, or NULL; and whether it names anything. */
struct view *app_start_page(struct app *a);
bool app_start_view_valid(const struct settings *s);

/* app_auth.c: asks for a new token while the fetcher holds requests
 * after a 401 */
void app_watch_auth(struct app *a, const struct fetch_stats *st);

/* app_mouse.c: a mouse event (screen coordinates) and a paste */
void app_mouse(struct app *a, const struct mouse_event *ev);
void app_paste(struct app *a, const char *text, bool too_long);

/* Owners of requests that are no view's. */
#define LOOKUP_OWNER (FETCH_MAX_OWNERS - 1)
#define MIRROR_OWNER (FETCH_MAX_OWNERS - 2)
#define PROBE_OWNER (FETCH_MAX_OWNERS - 3)

/* app.c: a result for the look-ups or a view (its owner's). */
void app_deliver_result(struct app *a, struct api_result *r);

/* app_mirror.c */
void app_mirror_open(struct app *a);
/* The mirror's part of a fetcher's result: true when it took it over. */
bool app_mirror_result(struct app *a, struct api_result *r);
void app_mirror_before_sleep(struct app *a);
void app_mirror_free(struct app *a);

/* app_draw.c */
void app_delete_windows(struct app *a);
bool app_needs_draw(struct app *a);
/* Lays out the windows again if asked, draws what is dirty, and hands
 * the whole frame to the terminal as one write (term_frame). */
void app_draw(struct app *a);

#endif
