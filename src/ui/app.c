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
#include "ui/chrome.h"
#include "ui/help.h"
#include "ui/input.h"
#include "ui/loop.h"
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

#define MIN_COLS 20
#define MIN_LINES 5
#define WIDE_COLS 110
#define LOOKUP_OWNER (FETCH_MAX_OWNERS - 1)
#define MODAL_OWNER (2 * ENT_COUNT)
#define MAX_MODALS 8
#define BUDGET_REDRAW_MS 500

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
	cJSON **drafts;               /* drafts found at start, offered one by one */
	size_t ndrafts, next_draft;
	int quit_signal;
};

static void switch_tab(struct app *a, enum entity e);

/* ---- the views ------------------------------------------------------------ */

static struct tab *current_tab(struct app *a)
{
	return &a->tabs[a->current];
}

static struct view *top_modal(struct app *a)
{
	return a->nstack ? a->stack[a->nstack - 1] : NULL;
}

static struct view *focused_view(struct app *a)
{
	struct view *m = top_modal(a);
	if (m)
		return m;
	return a->focus_detail ? current_tab(a)->detail : current_tab(a)->list;
}

/* Every view, for a walk: the tabs' panes, then the modal views. */
static size_t all_views(struct app *a, struct view **out)
{
	size_t n = 0;
	for (int i = 0; i < ENT_COUNT; i++) {
		out[n++] = a->tabs[i].list;
		out[n++] = a->tabs[i].detail;
	}
	for (size_t i = 0; i < a->nmodals; i++)
		out[n++] = a->modals[i];
	return n;
}

#define EVERY_VIEW(a, v, body) do { \
	struct view *views_[2 * ENT_COUNT + MAX_MODALS]; \
	size_t nviews_ = all_views(a, views_); \
	for (size_t i_ = 0; i_ < nviews_; i_++) { \
		struct view *v = views_[i_]; \
		body; \
	} \
} while (0)

static void mark_all_dirty(struct app *a)
{
	EVERY_VIEW(a, v, v->dirty = true);
	a->chrome_dirty = true;
}

static void deliver(struct view *v, const struct ui_event *ev)
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
	switch_tab(a, ev->entity);
	deliver(a->tabs[ev->entity].detail, &(struct ui_event){
		EV_OPEN_RECORD, ev->entity, ev->id, ev->record, true, ev->from });
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
			deliver(a->tabs[ev->entity].detail, ev);
		return;
	case EV_FOLLOW:
		deliver(current_tab(a)->detail, ev);
		focus_detail(a);
		a->chrome_dirty = true;
		return;
	case EV_RECORD_CREATED:
		EVERY_VIEW(a, v, deliver(v, ev));
		open_record(a, ev); /* the new record opens in its tab */
		return;
	case EV_OPEN_RECORD:
		open_record(a, ev);
		return;
	case EV_FOCUS_DETAIL:
		focus_detail(a);
		return;
	case EV_TAB_SHOWN: case EV_PANE_ACTION:
		if ((unsigned)ev->entity < ENT_COUNT)
			deliver(ev->type == EV_TAB_SHOWN ? a->tabs[ev->entity].list
				: a->tabs[ev->entity].detail, ev);
		return;
	case EV_MODAL_OPENED:
		modal_opened(a, ev->from);
		return;
	case EV_MODAL_CLOSED:
		modal_closed(a, ev->from);
		return;
	case EV_RECORD_SAVED:
		refnames_learn(a->env.refnames, ev->entity, ev->record);
		break;
	case EV_NAMES_LEARNED: case EV_LOOKUPS_CHANGED:
		a->chrome_dirty = true;
		break;
	default:
		break;
	}
	EVERY_VIEW(a, v, deliver(v, ev));
}

static void deliver_events(struct app *a)
{
	struct ui_event ev;
	while (events_take(a->env.events, &ev)) {
		route_event(a, &ev);
		ui_event_clear(&ev);
	}
}

static void take_result(struct app *a, struct api_result *r)
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
	});
}

/* ---- layout and drawing ------------------------------------------------- */

static void delete_windows(struct app *a)
{
	WINDOW **ws[] = { &a->w_title, &a->w_tabs, &a->w_list, &a->w_detail, &a->w_status,
			  &a->w_border, &a->w_body };
	for (size_t i = 0; i < ARRAY_SIZE(ws); i++) {
		if (*ws[i])
			delwin(*ws[i]);
		*ws[i] = NULL;
	}
}

static void layout(struct app *a)
{
	delete_windows(a);
	a->layout_dirty = false;
	mark_all_dirty(a);
	int lines = LINES, cols = COLS, body = lines - 3;
	a->too_small = cols < MIN_COLS || lines < MIN_LINES || body < 2;
	if (a->too_small)
		return;
	a->w_title = newwin(1, cols, 0, 0);
	a->w_tabs = newwin(1, cols, 1, 0);
	a->w_status = newwin(1, cols, lines - 1, 0);
	a->w_body = newwin(body, cols, 2, 0); /* help and modal views */
	a->wide = cols >= WIDE_COLS;
	if (a->maximized) {
		WINDOW **w = a->focus_detail ? &a->w_detail : &a->w_list;
		*w = newwin(body, cols, 2, 0);
	} else if (a->wide) {
		int lw = cols * 55 / 100;
		a->w_list = newwin(body, lw, 2, 0);
		a->w_border = newwin(body, 1, 2, lw);
		a->w_detail = newwin(body, cols - lw - 1, 2, lw + 1);
	} else {
		int lh = body / 2 > 1 ? body / 2 : 1;
		a->w_list = newwin(lh, cols, 2, 0);
		if (body - lh - 1 >= 1) {
			a->w_border = newwin(1, cols, 2 + lh, 0);
			a->w_detail = newwin(body - lh - 1, cols, 3 + lh, 0);
		}
	}
}

static void draw_view(struct view *v, WINDOW *w, bool focused)
{
	werase(w);
	v->rows = getmaxy(w);
	v->cols = getmaxx(w);
	v->ops->draw(v, w, focused);
	wnoutrefresh(w);
	v->dirty = false;
}

static char *who_is_signed_in(struct app *a)
{
	const char *name = json_member_str(lookups_get(a->env.lookups, LOOKUP_ME), "name");
	return name ? sanitize_line(name, strlen(name)) : NULL;
}

static char *busy_text(struct app *a)
{
	struct strbuf sb = {0};
	struct fetch_stats *st = &a->stats;
	int busy = st->in_flight + st->queued;
	int64_t now = now_ms();
	if (st->budget_wait_ms > 0)
		sb_printf(&sb, " rate limit: waiting %" PRId64 ".%" PRId64 " s ",
			  st->budget_wait_ms / 1000, st->budget_wait_ms % 1000 / 100);
	else if (fetch_stats_tokens(st, now) < a->settings->burst / 2)
		sb_printf(&sb, " budget %d/%d ", fetch_stats_tokens(st, now), a->settings->burst);
	if (busy)
		sb_printf(&sb, " \xe2\x9f\xb3 %d loading ", busy);
	return sb_detach(&sb);
}

static void draw_chrome(struct app *a)
{
	struct view *list = current_tab(a)->list;
	char *where = list->ops->describe ? list->ops->describe(list) : xstrdup("");
	char *who = who_is_signed_in(a);
	chrome_draw_title(a->w_title, entity_plural(a->current), where, who);
	free(where);
	free(who);
	const char *titles[ENT_COUNT];
	for (int i = 0; i < ENT_COUNT; i++)
		titles[i] = entity_plural((enum entity)i);
	chrome_draw_tabs(a->w_tabs, titles, ENT_COUNT, a->current);
	if (a->w_border)
		chrome_draw_border(a->w_border, a->wide);
}

static void draw(struct app *a)
{
	if (a->layout_dirty || a->term.redraw) {
		a->term.redraw = false;
		layout(a);
	}
	if (a->too_small) {
		chrome_draw_too_small(MIN_COLS, MIN_LINES);
		doupdate();
		return;
	}
	struct tab *t = current_tab(a);
	struct view *m = top_modal(a);
	/* the title shows the list's position */
	if (a->chrome_dirty || t->list->dirty)
		draw_chrome(a);
	if (a->help_open) {
		help_draw(&a->help, a->w_body);
	} else if (m) {
		if (m->dirty || a->chrome_dirty)
			draw_view(m, a->w_body, true);
	} else {
		if (a->w_list && t->list->dirty)
			draw_view(t->list, a->w_list, !a->focus_detail);
		if (a->w_detail && t->detail->dirty)
			draw_view(t->detail, a->w_detail, a->focus_detail);
	}
	/* the status line last, so the prompt's cursor is where the terminal's is */
	if (a->prompt.active) {
		chrome_draw_prompt(a->w_status, &a->prompt, &a->status);
	} else {
		char *busy = busy_text(a);
		chrome_draw_status(a->w_status, &a->status, &a->keymap, focused_view(a)->keyctx, busy);
		free(busy);
	}
	a->chrome_dirty = false;
	a->status.dirty = false;
	a->prompt.dirty = false;
	curs_set(a->prompt.active ? 1 : 0);
	doupdate();
}

static bool needs_draw(struct app *a)
{
	struct tab *t = current_tab(a);
	struct view *m = top_modal(a);
	return a->layout_dirty || a->term.redraw || a->chrome_dirty || a->status.dirty ||
	       a->prompt.dirty || t->list->dirty || t->detail->dirty || (m && m->dirty);
}

/* ---- keys and the application's own actions ------------------------------ */

static void switch_tab(struct app *a, enum entity e)
{
	if (a->current == e)
		return;
	a->current = e;
	a->focus_detail = false;
	a->help_open = false;
	deliver(a->tabs[e].list, &(struct ui_event){ .type = EV_TAB_SHOWN, .entity = e });
	mark_all_dirty(a);
	if (a->maximized)
		a->layout_dirty = true;
}

static void tab_by_name_submit(void *ctx, const char *text)
{
	struct app *a = ctx;
	enum entity e;
	char *t = str_trim(xstrdup(text));
	int found = -1, matches = 0;
	if (entity_parse(t, &e)) {
		found = (int)e;
		matches = 1;
	}
	/* a unique prefix of a tab's title is enough */
	for (int i = 0; i < ENT_COUNT && !matches; i++)
		if (*t && !strncasecmp(entity_plural((enum entity)i), t, strlen(t)))
			found = i, matches++;
	if (matches == 1)
		switch_tab(a, (enum entity)found);
	else
		status_message(&a->status, MSG_ERROR, "No single tab named '%s' (People, Companies, "
			       "Leads, Opportunities, Projects, Tasks)", t);
	free(t);
}

static size_t tab_by_name_complete(void *ctx, const char *text, size_t cursor, char ***out,
				   size_t *start, size_t *end)
{
	(void)ctx;
	(void)cursor;
	size_t n = 0;
	*out = xcalloc(ENT_COUNT, sizeof(char *));
	for (int i = 0; i < ENT_COUNT; i++)
		if (!strncasecmp(entity_plural((enum entity)i), text, strlen(text)))
			(*out)[n++] = xstrdup(entity_plural((enum entity)i));
	*start = 0;
	*end = strlen(text);
	return n;
}

static const struct prompt_ops tab_by_name_ops = {
	.submit = tab_by_name_submit,
	.complete = tab_by_name_complete,
};

static void open_help(struct app *a)
{
	struct help_section sections[1 + 16];
	size_t n = 0, jump = 0;
	sections[n++] = (struct help_section){ KEYCTX_GLOBAL, "Everywhere" };
	for (size_t i = 0; i < view_registry_count && n < ARRAY_SIZE(sections); i++) {
		int ctx = keymap_context(&a->keymap, view_registry[i]->name);
		if (ctx == focused_view(a)->keyctx)
			jump = n;
		sections[n++] = (struct help_section){ ctx, view_registry[i]->help_title };
	}
	help_build(&a->help, &a->keymap, sections, n);
	/* start at the keys of where the user is */
	help_show_section(&a->help, a->focus_detail || top_modal(a) ? jump : 0);
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
		mark_all_dirty(a);
		return true;
	case ACTION_TAB_PEOPLE: case ACTION_TAB_COMPANIES: case ACTION_TAB_LEADS:
	case ACTION_TAB_OPPORTUNITIES: case ACTION_TAB_PROJECTS: case ACTION_TAB_TASKS:
		switch_tab(a, (enum entity)(act - ACTION_TAB_PEOPLE));
		return true;
	case ACTION_TAB_NEXT:
		switch_tab(a, (enum entity)((a->current + 1) % ENT_COUNT));
		return true;
	case ACTION_TAB_PREV:
		switch_tab(a, (enum entity)((a->current + ENT_COUNT - 1) % ENT_COUNT));
		return true;
	case ACTION_TAB_BY_NAME:
		prompt_open(&a->prompt, "Tab: ", "", &tab_by_name_ops, a);
		return true;
	case ACTION_FOCUS_NEXT:
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
		mark_all_dirty(a);
		return true;
	default:
		break;
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
	case ACTION_CANCEL: case ACTION_BACK: a->help_open = false; mark_all_dirty(a); break;
	default: return;
	}
}

static void handle_key(struct app *a, int key)
{
	if (key == KEYC_RESIZE) {
		a->layout_dirty = true;
		return;
	}
	if (a->prompt.active) {
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
		handle_key(a, input_key(rc == KEY_CODE_YES, ch));
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
		take_result(a, r);
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
	if (needs_draw(a))
		draw(a);
}

/* ---- drafts left from an earlier session -------------------------------- */

static const struct prompt_ops draft_ops;

static void offer_next_draft(struct app *a)
{
	while (a->next_draft < a->ndrafts) {
		const cJSON *d = a->drafts[a->next_draft];
		const char *ent = json_member_str(d, "entity");
		const char *name = json_member_str(json_get(d, "base"), "name");
		int64_t id = json_member_i64(d, "id");
		enum entity e;
		if (!ent || !entity_parse(ent, &e)) {
			a->next_draft++;
			continue;
		}
		char *what = id > 0 ? xasprintf("%s #%" PRId64 "%s%s%s", entity_type_name(e), id,
						name ? " \"" : "", name ? name : "", name ? "\"" : "")
				    : xasprintf("a new %s", entity_type_name(e));
		char *clean = sanitize_line(what, strlen(what));
		char *label = xasprintf("Unsaved edit of %s: restore it? (y: restore, n: discard, "
					"Esc: keep for later) ", clean);
		prompt_open(&a->prompt, label, "", &draft_ops, a);
		free(label);
		free(clean);
		free(what);
		return;
	}
}

static void draft_submit(void *ctx, const char *text)
{
	struct app *a = ctx;
	const cJSON *d = a->drafts[a->next_draft++];
	if (text[0] == 'y') {
		events_post(a->env.events, EV_RESTORE_DRAFT, ENT_COUNT, 0, d, true, NULL);
		return;
	}
	enum entity e;
	const char *ent = json_member_str(d, "entity");
	if (ent && entity_parse(ent, &e))
		drafts_remove(a->writer, e, json_member_i64(d, "id"));
	status_message(&a->status, MSG_INFO, "Draft discarded");
	offer_next_draft(a);
}

static void draft_cancel(void *ctx)
{
	struct app *a = ctx;
	a->next_draft++;
	status_message(&a->status, MSG_INFO, "Draft kept for the next start");
	offer_next_draft(a);
}

static const struct prompt_ops draft_ops = {
	.submit = draft_submit,
	.cancel = draft_cancel,
	.answer_keys = "yn",
};

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
		for (int e = 0; e < ENT_COUNT && ops->place != VIEW_MODAL; e++) {
			bool list = ops->place == VIEW_LIST;
			struct view **slot = list ? &a->tabs[e].list : &a->tabs[e].detail;
			*slot = view_new(ops, &a->env, (enum entity)e, list ? e : ENT_COUNT + e, ctx);
		}
		if (ops->place == VIEW_MODAL && a->nmodals < MAX_MODALS)
			a->modals[a->nmodals++] = view_new(ops, &a->env, ENT_COUNT, modal_owner++, ctx);
	}
}

static void free_app(struct app *a)
{
	EVERY_VIEW(a, v, view_free(v));
	for (size_t i = 0; i < a->ndrafts; i++)
		cJSON_Delete(a->drafts[i]);
	free(a->drafts);
	delete_windows(a);
	prompt_close(&a->prompt);
	help_free(&a->help);
	status_free(&a->status);
	events_free(a->env.events);
	lookups_free(a->env.lookups);
	refnames_free(a->env.refnames);
	/* what the user typed reaches the disk before patina exits */
	writer_stop(a->writer);
	cache_close(a->cache);
	keymap_free(&a->keymap);
	loop_free(a->loop);
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
	a->cache = cache_open(cache_dir, identity, s->cache_ttl, a->writer);
	free(cache_dir);
	free(identity);
	a->env = (struct view_env){
		.sender = fetcher_sender(a->fetcher),
		.lookups = lookups_new(fetcher_sender(a->fetcher), a->cache, LOOKUP_OWNER),
		.refnames = refnames_new(),
		.settings = s,
		.keymap = &a->keymap,
		.events = events_new(),
		.status = &a->status,
		.prompt = &a->prompt,
		.term = &a->term,
		.loop = a->loop,
		.writer = a->writer,
	};
	prompt_init(&a->prompt, &a->status);
	return true;
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
	if (!load_prefs(a)) {
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
	/* caught before initscr, so curses leaves SIGWINCH to us */
	loop_catch_signal(a->loop, SIGWINCH, on_resize, a);
	loop_catch_signal(a->loop, SIGHUP, on_quit_signal, a);
	loop_catch_signal(a->loop, SIGTERM, on_quit_signal, a);
	loop_catch_signal(a->loop, SIGINT, on_quit_signal, a);
	if (!term_start(&a->term)) {
		fetcher_stop(a->fetcher);
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
	a->current = open_id && (unsigned)open_entity < ENT_COUNT ? open_entity : ENT_PEOPLE;
	a->layout_dirty = true;
	/* the list first: it is what the user is waiting for */
	deliver(a->tabs[a->current].list,
		&(struct ui_event){ .type = EV_TAB_SHOWN, .entity = a->current });
	if (open_id)
		events_post(a->env.events, EV_FOLLOW, a->current, open_id, NULL, true, NULL);
	lookups_need(a->env.lookups, LOOKUP_ACCOUNT);
	lookups_need(a->env.lookups, LOOKUP_ME);
	/* edits left unsaved by a crash, a kill or a dropped session */
	a->ndrafts = drafts_list(&a->drafts);
	offer_next_draft(a);
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
	fetcher_stop(a->fetcher);
	int sig = a->quit_signal;
	free_app(a);
	return sig && sig != SIGINT ? 128 + sig : EXIT_OK;
}
