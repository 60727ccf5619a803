/*
 * app_draw.c - the screen: windows for the title, the tabs, the panes (side
 * by side on a wide terminal, one above the other otherwise, or one
 * maximized), the status line; help and modal views over the panes.
 * Everything dirty is drawn with wnoutrefresh and the frame goes to the
 * terminal in one doupdate, as one write (ui/term.h: term_frame).
 */
#include "config.h"

#include "ui/app_internal.h"
#include "ui/chrome.h"
#include "ui/mirror_link.h"
#include "ui/paint.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIN_COLS 20
#define MIN_LINES 5
#define WIDE_COLS 110

void app_delete_windows(struct app *a)
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
	app_delete_windows(a);
	a->layout_dirty = false;
	app_mark_all_dirty(a);
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
	char *mirror = mirror_link_status(a->mirror);
	if (mirror)
		sb_puts(&sb, mirror);
	free(mirror);
	return sb_detach(&sb);
}

/* Offline, the title says so first, and how old what it shows is. */
static char *offline_banner(struct app *a)
{
	int64_t at = mirror_link_synced_at(a->mirror);
	char when[32] = "never synced";
	if (at) {
		time_t t = (time_t)at;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), time(NULL) - t < 20 * 3600 ? "synced %H:%M"
			 : "synced %b %d %H:%M", &tm);
	}
	return xasprintf("OFFLINE \xc2\xb7 mirror %s", when);
}

static void draw_chrome(struct app *a)
{
	struct view *shown = a->page ? a->page : current_tab(a)->list;
	char *where = shown->ops->describe ? shown->ops->describe(shown) : xstrdup("");
	char *who = who_is_signed_in(a);
	if (mirror_link_offline(a->mirror)) {
		/* first on the line: it must not be cut */
		char *banner = offline_banner(a), *both = xasprintf("%s  %s", banner, where);
		free(banner);
		free(where);
		free(who);
		where = both;
		who = NULL;
	}
	chrome_draw_title(a->w_title, a->page ? a->page->ops->title : entity_plural(a->current), where,
			  who);
	free(where);
	free(who);
	char *labels[MAX_PAGES + ENT_COUNT];
	size_t current, n = app_tab_labels(a, labels, &current);
	chrome_draw_tabs(a->w_tabs, (const char *const *)labels, n, current);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	/* not over a page, a modal view or the help: the border's window lies
	 * under theirs, and a list redrawn beneath them would otherwise cut a
	 * line through them */
	if (a->w_border && !a->page && !top_modal(a) && !a->help_open)
		chrome_draw_border(a->w_border, a->wide);
}

void app_draw(struct app *a)
{
	if (a->layout_dirty || a->term.redraw) {
		a->term.redraw = false;
		layout(a);
	}
	if (a->too_small) {
		chrome_draw_too_small(MIN_COLS, MIN_LINES);
		term_frame(&a->term, false);
		return;
	}
	struct tab *t = current_tab(a);
	struct view *m = top_modal(a);
	/* the title shows the list's position (or the page's counts) */
	if (a->chrome_dirty || t->list->dirty || (a->page && a->page->dirty))
		draw_chrome(a);
	if (a->help_open) {
		help_draw(&a->help, a->w_body);
	} else if (m) {
		if (m->dirty || a->chrome_dirty)
			draw_view(m, a->w_body, true);
	} else if (a->page) {
		if (a->page->dirty || a->chrome_dirty)
			draw_view(a->page, a->w_body, true);
	} else {
		if (a->w_list && t->list->dirty)
			draw_view(t->list, a->w_list, !a->focus_detail);
		if (a->w_detail && t->detail->dirty)
			draw_view(t->detail, a->w_detail, a->focus_detail);
	}
	/* the status line last, so the prompt's cursor is where the terminal's
	 * is; with no prompt the cursor is hidden and stays where the frame
	 * left it (no bytes to move it) */
	leaveok(a->w_status, !a->prompt.active);
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
	term_frame(&a->term, a->prompt.active);
}

bool app_needs_draw(struct app *a)
{
	struct tab *t = current_tab(a);
	struct view *m = top_modal(a);
	return a->layout_dirty || a->term.redraw || a->chrome_dirty || a->status.dirty ||
	       a->prompt.dirty || t->list->dirty || t->detail->dirty || (m && m->dirty) ||
	       (a->page && a->page->dirty);
}

