/*
 * app.c - see app.h
 *
 * Layout: the application's state; routing results and events to views;
 * layout and drawing; keys and the actions the application handles
 * itself; drafts left from an earlier session; set-up and the run.
 */
#include "config.h"

#include "copper/cache.h"
#include "fetch/fetch.h"
#include "fetch/session.h"
#include "model/drafts.h"
#include "ui/app.h"
#include "ui/app_internal.h"
#include "ui/chrome.h"
#include "ui/draft_offer.h"
#include "ui/help.h"
#include "ui/input.h"
#include "ui/loop.h"
#include "ui/mirror_link.h"
#include "ui/paint.h"
#include "ui/prefs.h"
#include "ui/view.h"
#include "ui/views/views.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define MODAL_OWNER (2 * ENT_COUNT)
#define BUDGET_REDRAW_MS 500


/* ---- the views ------------------------------------------------------------ */

/* Every view, for a walk: the tabs' panes, the pages, then the modal
 * views. */
size_t app_all_views(struct app *a, struct view **out)
{
	size_t n = 0;
	for (int i = 0; i < ENT_COUNT; i++) {
		out[n++] = a->tabs[i].list;
		out[n++] = a->tabs[i].detail;
	}
	for (size_t i = 0; i < a->npages; i++)
		out[n++] = a->pages[i];
	for (size_t i = 0; i < a->nmodals; i++)
		out[n++] = a->modals[i];
	return n;
}

#define EVERY_VIEW(a, v, body) do { \
	struct view *views_[2 * ENT_COUNT + MAX_PAGES + MAX_MODALS]; \
	size_t nviews_ = app_all_views(a, views_); \
	for (size_t i_ = 0; i_ < nviews_; i_++) { \
		struct view *v = views_[i_]; \
		body; \
	} \
} while (0)

void app_mark_all_dirty(struct app *a)
{
	EVERY_VIEW(a, v, v->dirty = true);
	a->chrome_dirty = true;
}

void app_deliver(struct view *v, const struct ui_event *ev)
{
	if (v && v->ops->event)
		v->ops->event(v, ev);
}

static void focus_detail(struct app *a)
{
	a->focus_detail = true;
	current_tab(a)->list->dirty = true;
	current_tab(a)->detail->dirty = true;
	if (a->maximized)
		a->layout_dirty = true;
}

static void modal_opened(struct app *a, struct view *v)
{
	if (!v->active)
		return;
	for (size_t i = 0; i < a->nstack; i++)
		if (a->stack[i] == v)
			return;
	if (a->nstack < MAX_MODALS)
		a->stack[a->nstack++] = v;
	a->layout_dirty = true;
}

static void modal_closed(struct app *a, struct view *v)
{
	for (size_t i = 0; i < a->nstack; i++) {
		if (a->stack[i] == v) {
			memmove(&a->stack[i], &a->stack[i + 1], (a->nstack - i - 1) * sizeof(*a->stack));
			a->nstack--;
			break;
		}
	}
	a->layout_dirty = true;
	a->chrome_dirty = true;
}

/* Shows a record in its tab's detail pane, focused. */
static void open_record(struct app *a, const struct ui_event *ev)
{
	if ((unsigned)ev->entity >= ENT_COUNT)
		return;
	app_switch_tab(a, ev->entity);
	app_deliver(a->tabs[ev->entity].detail, &(struct ui_event){
		EV_OPEN_RECORD, ev->entity, ev->id, ev->record, true, ev->from, ev->fetched_at });
	focus_detail(a);
	a->layout_dirty = true;
}

/* The application routes what concerns the panes; everything else goes to
 * every view, each taking what is its own. */
static void route_event(struct app *a, const struct ui_event *ev)
{
	switch (ev->type) {
	case EV_SHOW_RECORD:
		/* the pane of the list's own tab: a page may arrive after the
		 * user has moved to another tab */
		if ((unsigned)ev->entity < ENT_COUNT)
			app_deliver(a->tabs[ev->entity].detail, ev);
		return;
	case EV_FOLLOW:
		app_deliver(current_tab(a)->detail, ev);
		focus_detail(a);
		a->chrome_dirty = true;
		return;
	case EV_RECORD_CREATED:
		EVERY_VIEW(a, v, app_deliver(v, ev));
		open_record(a, ev); /* the new record opens in its tab */
		return;
	case EV_OPEN_RECORD:
		open_record(a, ev);
		return;
	case EV_FOCUS_DETAIL:
		focus_detail(a);
		return;
	case EV_LINK_CHOSEN:
		/* the pane the picker was opened from, and no other showing the
		 * same record: the change is sent once */
		app_deliver(current_tab(a)->detail, ev);
		return;
	case EV_TAB_SHOWN: case EV_PANE_ACTION:
		if ((unsigned)ev->entity < ENT_COUNT)
			app_deliver(ev->type == EV_TAB_SHOWN ? a->tabs[ev->entity].list
				: a->tabs[ev->entity].detail, ev);
		return;
	case EV_MODAL_OPENED:
		modal_opened(a, ev->from);
		return;
	case EV_MODAL_CLOSED:
		modal_closed(a, ev->from);
		return;
	case EV_SHOW_FILTERED:
		/* the filter first, so that the tab loads only the filtered list */
		if ((unsigned)ev->entity < ENT_COUNT) {
			app_deliver(a->tabs[ev->entity].list, ev);
			app_switch_tab(a, ev->entity);
		}
		return;
	case EV_RECORD_SAVED:
		refnames_learn(a->env.refnames, ev->entity, ev->record);
		break;
	case EV_NAMES_LEARNED: case EV_LOOKUPS_CHANGED:
		a->chrome_dirty = true;
		if (ev->type == EV_LOOKUPS_CHANGED)
			app_mirror_open(a); /* the account and the user may be known now */
		break;
	default:
		break;
	}
	EVERY_VIEW(a, v, app_deliver(v, ev));
}

static void deliver_events(struct app *a)
{
	struct ui_event ev;
	while (events_take(a->env.events, &ev)) {
		route_event(a, &ev);
		ui_event_clear(&ev);
	}
}

void app_deliver_result(struct app *a, struct api_result *r)
{
	if (lookups_on_result(a->env.lookups, r)) {
		if (r->error.kind != APIE_NONE)
			status_message(&a->status, MSG_ERROR, "%s", r->error.message);
		/* names may resolve now, in every view */
		events_post(a->env.events, EV_LOOKUPS_CHANGED, ENT_COUNT, 0, NULL, false, NULL);
		return;
	}
	EVERY_VIEW(a, v, {
		if (v->owner == r->owner) {
			/* a result of a superseded generation never reaches a view */
			if (r->generation == v->generation && v->ops->result)
				v->ops->result(v, r);
			return;
		}
		if (v->work_owner == r->owner) {
			if (v->ops->result)
				v->ops->result(v, r);
			return;
		}
	});
}

/* True when the mirror took r over (the caller must not free it). */
static bool take_result(struct app *a, struct api_result *r)
{
	if (app_mirror_result(a, r))
		return true;
	if (r->owner != PROBE_OWNER)
		app_deliver_result(a, r);
	return false;
}

/* ---- keys and the application's own actions ------------------------------ */

static void open_help(struct app *a)
{
	struct help_section sections[1 + 16];
	size_t n = 0, jump = 0;
	sections[n++] = (struct help_section){ KEYCTX_GLOBAL, "Everywhere" };
	for (size_t i = 0; i < view_registry_count && n < ARRAY_SIZE(sections); i++) {
		int ctx = keymap_context(&a->keymap, view_registry[i]->name);
		if (ctx == focused_view(a)->keyctx)
			jump = n;
		sections[n++] = (struct help_section){ ctx, view_registry[i]->help_title,
						       view_registry[i]->takes_text };
	}
	help_build(&a->help, &a->keymap, sections, n);
	/* start at the keys of where the user is */
	help_show_section(&a->help, a->focus_detail || top_modal(a) || a->page ? jump : 0);
	a->help_open = true;
	a->layout_dirty = true;
}

/* Actions the application handles itself, whatever has the focus. */
static bool app_action(struct app *a, enum action act)
{
	switch (act) {
	case ACTION_QUIT:
		loop_stop(a->loop);
		return true;
	case ACTION_HELP:
		if (a->help_open)
			a->help_open = false;
		else
			open_help(a);
		app_mark_all_dirty(a);
		return true;
	case ACTION_TAB_PEOPLE: case ACTION_TAB_COMPANIES: case ACTION_TAB_LEADS:
	case ACTION_TAB_OPPORTUNITIES: case ACTION_TAB_PROJECTS: case ACTION_TAB_TASKS:
		app_switch_tab(a, (enum entity)(act - ACTION_TAB_PEOPLE));
		return true;
	case ACTION_TAB_NEXT:
		app_step_tab(a, 1);
		return true;
	case ACTION_TAB_PREV:
		app_step_tab(a, -1);
		return true;
	case ACTION_TAB_BY_NAME:
		app_ask_tab_by_name(a);
		return true;
	case ACTION_FOCUS_NEXT:
		if (a->page)
			return true; /* a page is one pane */
		a->focus_detail = !a->focus_detail;
		current_tab(a)->list->dirty = true;
		current_tab(a)->detail->dirty = true;
		a->chrome_dirty = true;
		if (a->maximized)
			a->layout_dirty = true;
		return true;
	case ACTION_MAXIMIZE:
		a->maximized = !a->maximized;
		a->layout_dirty = true;
		return true;
	case ACTION_REFRESH_LOOKUPS:
		lookups_refresh(a->env.lookups);
		status_message(&a->status, MSG_INFO,
			       "Refreshing users, pipelines, layouts and other look-ups");
		return true;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		app_mark_all_dirty(a);
		return true;
	default:
		break;
	}
	/* a page that this action shows */
	for (size_t i = 0; i < a->npages; i++) {
		if (a->pages[i]->ops->opener == act) {
			app_show_page(a, a->pages[i]);
			return true;
		}
	}
	/* a modal view that this action opens */
	for (size_t i = 0; i < a->nmodals; i++) {
		struct view *m = a->modals[i];
		if (m->ops->opener == act && m->ops->open) {
			m->ops->open(m);
			return true;
		}
	}
	return false;
}

static void help_action(struct app *a, enum action act)
{
	int page = LINES - 4 > 1 ? LINES - 4 : 1;
	switch (act) {
	case ACTION_MOVE_DOWN: help_scroll(&a->help, 1); break;
	case ACTION_MOVE_UP: help_scroll(&a->help, -1); break;
	case ACTION_PAGE_DOWN: help_scroll(&a->help, page); break;
	case ACTION_PAGE_UP: help_scroll(&a->help, -page); break;
	case ACTION_MOVE_FIRST: a->help.top = 0; break;
	case ACTION_MOVE_LAST: help_scroll(&a->help, (int)a->help.count); break;
	case ACTION_CANCEL: case ACTION_BACK: a->help_open = false; app_mark_all_dirty(a); break;
	default: return;
	}
}

static void handle_key(struct app *a, int key)
{
	a->last_key_ms = now_ms();
	if (key == KEYC_RESIZE) {
		a->layout_dirty = true;
		return;
	}
	if (a->prompt.active) {
		/* the redraw key (C-l) redraws while typing too, as in readline;
		 * the prompt has no use for a control key it does not know */
		bool control = key < ' ' || key >= KEYC_BASE;
		if (control && keymap_lookup(&a->keymap, KEYCTX_GLOBAL, key) == ACTION_REDRAW)
			app_action(a, ACTION_REDRAW);
		else
			prompt_key(&a->prompt, key);
		return;
	}
	if (key > 0x7f && key < KEYC_BASE)
		return; /* no action is bound to a non-ASCII character */
	struct view *m = top_modal(a);
	struct view *focused = focused_view(a);
	int ctx = a->help_open ? keymap_context(&a->keymap, "help") : focused->keyctx;
	enum action act = keymap_lookup(&a->keymap, ctx, key);
	if (act == ACTION_NONE)
		return;
	if (a->help_open) {
		if (!app_action(a, act))
			help_action(a, act);
		a->chrome_dirty = true;
		return;
	}
	/* in a modal view, its own keys come first (q leaves it, it does not
	 * quit patina) */
	if (m && m->ops->action(m, act))
		return;
	if (m && act != ACTION_QUIT && act != ACTION_HELP && act != ACTION_REDRAW) {
		char *name = keyname_of(key);
		status_message(&a->status, MSG_INFO, "%s (%s) does nothing in the %s (Esc leaves it; "
			       "? lists its keys)", name, action_name(act), m->ops->name);
		free(name);
		return;
	}
	if (!m && focused->ops->action(focused, act))
		return;
	if (app_action(a, act))
		return;
	char *name = keyname_of(key);
	status_message(&a->status, MSG_INFO, "%s (%s) does nothing here", name, action_name(act));
	free(name);
}

/* ---- the loop's callbacks ---------------------------------------------- */

static void drain_keyboard(struct app *a)
{
	/* ncurses buffers input itself: drain it before sleeping in poll() */
	wint_t ch;
	int rc;
	while ((rc = get_wch(&ch)) != ERR) {
		struct input_event in;
		if (!input_feed(&a->input, input_key(rc == KEY_CODE_YES, ch), now_ms(), &in))
			continue; /* a paste or a mouse report goes on */
		if (in.kind == INPUT_KEY)
			handle_key(a, in.key);
		else if (in.kind == INPUT_MOUSE)
			app_mouse(a, &in.mouse);
		else if (in.kind == INPUT_PASTE)
			app_paste(a, in.paste, in.paste_too_long);
		free(in.paste);
		deliver_events(a);
	}
}

static void on_keyboard(struct loop *l, int fd, bool hangup, void *data)
{
	struct app *a = data;
	(void)fd;
	if (hangup) {
		loop_stop(l); /* the terminal went away */
		return;
	}
	drain_keyboard(a);
}

static void on_results(struct loop *l, int fd, bool hangup, void *data)
{
	struct app *a = data;
	struct api_result *r;
	(void)l;
	(void)fd;
	(void)hangup;
	while ((r = fetcher_next_result(a->fetcher))) {
		if (!take_result(a, r))
			api_result_free(r);
		deliver_events(a);
	}
}

static void on_resize(struct loop *l, int sig, void *data)
{
	struct app *a = data;
	struct winsize ws;
	(void)l;
	(void)sig;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	a->layout_dirty = true;
}

/* C-z: the shell gets the terminal until patina is continued; the
 * terminal may have changed size meanwhile. */
static void on_suspend(struct loop *l, int sig, void *data)
{
	struct app *a = data;
	term_suspend(&a->term);
	on_resize(l, sig, data);
	app_mark_all_dirty(a);
}

static void on_quit_signal(struct loop *l, int sig, void *data)
{
	struct app *a = data;
	a->quit_signal = sig;
	loop_stop(l);
}

static void on_message_faded(struct loop *l, long long id, void *data)
{
	struct app *a = data;
	(void)l;
	(void)id;
	a->message_timer = 0;
	a->chrome_dirty = true;
}

static void on_budget_tick(struct loop *l, long long id, void *data)
{
	struct app *a = data;
	(void)l;
	(void)id;
	a->budget_timer = 0;
	a->chrome_dirty = true;
}

/* The status line follows the fetcher: what is in flight, and the budget
 * while it is short (it refills while the fetch thread sleeps). */
static void watch_stats(struct app *a)
{
	struct fetch_stats st;
	fetcher_stats(a->fetcher, &st);
	if (st.in_flight != a->stats.in_flight || st.queued != a->stats.queued ||
	    (st.budget_wait_ms > 0) != (a->stats.budget_wait_ms > 0) ||
	    st.budget_tokens != a->stats.budget_tokens)
		a->chrome_dirty = true;
	a->stats = st;
	app_watch_auth(a, &st);
	int64_t now = now_ms();
	bool budget_shown = st.budget_wait_ms > 0 ||
			    fetch_stats_tokens(&st, now) < a->settings->burst / 2;
	if (budget_shown && !a->budget_timer)
		a->budget_timer = loop_add_timer(a->loop, now + BUDGET_REDRAW_MS, on_budget_tick, a);
}

static void before_sleep(struct loop *l, void *data)
{
	struct app *a = data;
	(void)l;
	drain_keyboard(a);
	deliver_events(a);
	watch_stats(a);
	app_mirror_before_sleep(a);
	char *disk_error = writer_take_error(a->writer);
	if (disk_error) {
		status_message(&a->status, MSG_ERROR, "Could not write %s", disk_error);
		free(disk_error);
	}
	if (a->status.dirty && a->status.text) {
		if (a->message_timer)
			loop_del_timer(a->loop, a->message_timer);
		a->message_timer = loop_add_timer(a->loop, a->status.until, on_message_faded, a);
	}
	if (app_needs_draw(a))
		app_draw(a);
}

/* ---- set-up and the run -------------------------------------------------- */

static void register_contexts(struct keymap *km)
{
	keymap_init(km);
	keymap_add_context(km, "help");
	for (size_t i = 0; i < view_registry_count; i++)
		keymap_add_context(km, view_registry[i]->name);
}

static void make_views(struct app *a)
{
	int modal_owner = MODAL_OWNER;
	for (size_t i = 0; i < view_registry_count; i++) {
		const struct view_ops *ops = view_registry[i];
		int ctx = keymap_context(&a->keymap, ops->name);
		for (int e = 0; e < ENT_COUNT && (ops->place == VIEW_LIST || ops->place == VIEW_DETAIL); e++) {
			bool list = ops->place == VIEW_LIST;
			struct view **slot = list ? &a->tabs[e].list : &a->tabs[e].detail;
			*slot = view_new(ops, &a->env, (enum entity)e, list ? e : ENT_COUNT + e, ctx);
		}
		if (ops->place == VIEW_MODAL && a->nmodals < MAX_MODALS)
			a->modals[a->nmodals++] = view_new(ops, &a->env, ENT_COUNT, modal_owner++, ctx);
		if (ops->place == VIEW_PAGE && a->npages < MAX_PAGES)
			a->pages[a->npages++] = view_new(ops, &a->env, ENT_COUNT, modal_owner++, ctx);
	}
	/* work owners (view.h) sit above every view's owner, below the application's own */
	if (modal_owner > VIEW_WORK_OWNERS || modal_owner + VIEW_WORK_OWNERS >= PROBE_OWNER)
		abort();
}

static void free_app(struct app *a)
{
	EVERY_VIEW(a, v, view_free(v));
	draft_offer_free(&a->drafts);
	app_delete_windows(a);
	prompt_close(&a->prompt);
	help_free(&a->help);
	status_free(&a->status);
	app_mirror_free(a);
	events_free(a->env.events);
	lookups_free(a->env.lookups);
	refnames_free(a->env.refnames);
	/* what the user typed reaches the disk before patina exits */
	writer_stop(a->writer);
	cache_close(a->cache);
	keymap_free(&a->keymap);
	loop_free(a->loop);
	input_free(&a->input);
	free(a);
}

/* Keys and theme are the user's to fix before the screen opens. */
static bool load_prefs(struct app *a)
{
	struct conf_errors errs = {0};
	register_contexts(&a->keymap);
	const char *no_color = getenv("NO_COLOR");
	bool ok = prefs_load_keymap(&a->keymap, a->settings, &errs);
	ok = prefs_load_theme(&a->theme, a->settings, !(no_color && *no_color), &errs) && ok;
	for (size_t i = 0; i < errs.count; i++)
		fprintf(stderr, "patina: %s\n", errs.messages[i]);
	conf_errors_free(&errs);
	return ok;
}

static bool start_services(struct app *a)
{
	struct fetch_options opt;
	session_fetch_options(a->settings, &opt);
	opt.hold_refused = true; /* a refused token is asked for again (app_auth.c) */
	char *error;
	a->fetcher = fetcher_start(&opt, &error);
	if (!a->fetcher) {
		fprintf(stderr, "patina: %s\n", error);
		free(error);
		return false;
	}
	const struct settings *s = a->settings;
	char *cache_dir = xdg_dir("cache");
	char *identity = xasprintf("%s\n%s", s->api_url, s->access_token ? "oauth" : s->email);
	a->writer = writer_start();
	/* offline, look-ups of any age are better than none */
	a->cache = cache_open(cache_dir, identity, s->offline ? INT32_MAX : s->cache_ttl, a->writer);
	a->mirror = mirror_link_new(s, fetcher_sender(a->fetcher), MIRROR_OWNER);
	free(cache_dir);
	free(identity);
	a->env = (struct view_env){
		.sender = fetcher_sender(a->fetcher),
		/* offline: look-ups from the disk cache only, never asked for */
		.lookups = lookups_new(s->offline ? (struct api_sender){ 0 } : fetcher_sender(a->fetcher),
				       a->cache, LOOKUP_OWNER),
		.refnames = refnames_new(),
		.settings = s,
		.keymap = &a->keymap,
		.events = events_new(),
		.status = &a->status,
		.prompt = &a->prompt,
		.term = &a->term,
		.loop = a->loop,
		.writer = a->writer,
		.mirror = a->mirror,
	};
	prompt_init(&a->prompt, &a->status);
	return true;
}

/* --offline needs the mirror at once: the lists are read from it. */
static bool offline_ready(struct app *a)
{
	if (!a->settings->offline)
		return true;
	app_mirror_open(a);
	if (mirror_link_ready(a->mirror))
		return true;
	fprintf(stderr, "patina: --offline: no mirror of this account here yet (run 'patina sync' "
		"online first)%s%s\n", a->status.text ? ": " : "", a->status.text ? a->status.text : "");
	return false;
}

/* The mirror's thread first: its sync sends through the fetcher. */
static void stop_services(struct app *a)
{
	app_mirror_free(a);
	fetcher_stop(a->fetcher);
}

int app_run(const struct settings *s, enum entity open_entity, int64_t open_id)
{
	struct app *a = xcalloc(1, sizeof(*a));
	a->settings = s;
	a->loop = loop_new();
	if (!a->loop) {
		fprintf(stderr, "patina: cannot create a pipe for signals: %s\n", strerror(errno));
		free(a);
		return EXIT_USAGE;
	}
	if (!load_prefs(a) || !app_start_view_valid(s)) {
		keymap_free(&a->keymap);
		loop_free(a->loop);
		free(a);
		return EXIT_USAGE;
	}
	if (!start_services(a)) {
		keymap_free(&a->keymap);
		loop_free(a->loop);
		free(a);
		return EXIT_NETWORK;
	}
	if (!offline_ready(a)) {
		stop_services(a);
		free_app(a);
		return EXIT_USAGE;
	}
	/* caught before initscr, so curses leaves SIGWINCH to us */
	loop_catch_signal(a->loop, SIGWINCH, on_resize, a);
	loop_catch_signal(a->loop, SIGHUP, on_quit_signal, a);
	loop_catch_signal(a->loop, SIGTERM, on_quit_signal, a);
	loop_catch_signal(a->loop, SIGINT, on_quit_signal, a);
	/* and SIGTSTP: the mouse and paste modes go off before the shell
	 * has the terminal (curses' own handler knows nothing of them) */
	loop_catch_signal(a->loop, SIGTSTP, on_suspend, a);
	a->term.mouse = s->mouse;
	if (!term_start(&a->term)) {
		stop_services(a);
		free_app(a);
		return EXIT_USAGE;
	}
	if (!a->term.color && a->term.want_color) {
		/* the terminal has no colour: the attributes-only theme */
		struct conf_errors errs = {0};
		prefs_load_theme(&a->theme, s, false, &errs);
		conf_errors_free(&errs);
	}
	theme_apply(&a->theme, a->term.color);

	make_views(a);
	enum entity start_tab = ENT_PEOPLE;
	struct view *first = open_id ? NULL : app_start_page(a);
	if (!open_id && !first && s->start_view)
		entity_parse(s->start_view, &start_tab); /* checked before the screen opened */
	a->current = open_id && (unsigned)open_entity < ENT_COUNT ? open_entity : start_tab;
	a->layout_dirty = true;
	/* the first screen first: it is what the user is waiting for */
	if (first)
		app_show_page(a, first);
	else
		app_deliver(a->tabs[a->current].list,
			&(struct ui_event){ .type = EV_TAB_SHOWN, .entity = a->current });
	if (open_id)
		events_post(a->env.events, EV_FOLLOW, a->current, open_id, NULL, true, NULL);
	lookups_need(a->env.lookups, LOOKUP_ACCOUNT);
	lookups_need(a->env.lookups, LOOKUP_ME);
	/* edits left unsaved by a crash, a kill or a dropped session */
	draft_offer_start(&a->drafts, &a->prompt, &a->status, a->env.events, a->writer);
	/* a cache or state directory someone else could write is not used:
	 * say so, or the user would only see patina forget */
	char *drafts_why = drafts_problem();
	const char *why = cache_problem(a->cache) ? cache_problem(a->cache) : drafts_why;
	if (why)
		status_message(&a->status, MSG_ERROR, "%s", why);
	free(drafts_why);

	loop_watch_fd(a->loop, STDIN_FILENO, on_keyboard, a);
	loop_watch_fd(a->loop, fetcher_fd(a->fetcher), on_results, a);
	loop_before_sleep(a->loop, before_sleep, a);
	loop_run(a->loop);

	term_stop(&a->term);
	stop_services(a);
	int sig = a->quit_signal;
	free_app(a);
	return sig && sig != SIGINT ? 128 + sig : EXIT_OK;
}
