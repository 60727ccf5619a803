/* chrome.c - see chrome.h */
#include "config.h"

#include "ui/chrome.h"
#include "ui/paint.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

void chrome_draw_title(WINDOW *w, const char *tab, const char *where, const char *who)
{
	paint_blank_line(w, 0, theme_attr(AREA_TITLE));
	char *left = xasprintf(" patina \xe2\x94\x82 %s%s%s", tab, *where ? "  " : "", where);
	char *right = who ? xasprintf("%s ", who) : NULL;
	int cols = getmaxx(w);
	int rw = right ? text_width(right) : 0;
	if (rw > cols / 3)
		rw = 0;
	paint_text(w, left, cols - rw - 1);
	if (rw) {
		wmove(w, 0, cols - rw);
		paint_text(w, right, rw);
	}
	free(left);
	free(right);
	wnoutrefresh(w);
}

void chrome_draw_tabs(WINDOW *w, const char *const *labels, size_t n, size_t current)
{
	paint_blank_line(w, 0, theme_attr(AREA_TABS));
	int cols = getmaxx(w);
	for (size_t i = 0; i < n; i++) {
		char *label = xasprintf(" %s ", labels[i]);
		int x = getcurx(w);
		if (x + text_width(label) > cols) {
			free(label);
			break;
		}
		wattrset(w, theme_attr(i == current ? AREA_TAB_ACTIVE : AREA_TABS));
		paint_text(w, label, cols - x);
		free(label);
	}
	wnoutrefresh(w);
}

int chrome_tab_at(const char *const *labels, size_t n, int cols, int x)
{
	int at = 0;
	for (size_t i = 0; i < n; i++) {
		char *label = xasprintf(" %s ", labels[i]);
		int w = text_width(label);
		free(label);
		if (at + w > cols)
			break;
		if (x >= at && x < at + w)
			return (int)i;
		at += w;
	}
	return -1;
}

static enum theme_area message_area(enum message_kind kind)
{
	return kind == MSG_ERROR ? AREA_ERROR : kind == MSG_WARNING ? AREA_WARNING : AREA_STATUS;
}

static char *hints(const struct keymap *km, int ctx)
{
	static const struct { enum action a; const char *what; } shown[] = {
		{ ACTION_HELP, "help" }, { ACTION_SEARCH, "search" },
		{ ACTION_FILTER, "filter" }, { ACTION_QUIT, "quit" },
	};
	struct strbuf sb = {0};
	for (size_t i = 0; i < ARRAY_SIZE(shown); i++) {
		char *keys = keymap_keys_for(km, ctx, shown[i].a);
		if (keys)
			sb_printf(&sb, " %s %s ", keys, shown[i].what);
		free(keys);
	}
	return sb_detach(&sb);
}

void chrome_draw_status(WINDOW *w, const struct status *st, const struct keymap *km, int ctx,
			const char *busy)
{
	enum message_kind kind = MSG_INFO;
	const char *message = status_current(st, now_ms(), &kind);
	paint_blank_line(w, 0, theme_attr(message ? message_area(kind) : AREA_STATUS));
	int cols = getmaxx(w);
	int rw = busy && *busy ? text_width(busy) : 0;
	if (rw > cols / 2)
		rw = 0;
	if (message) {
		paint_text(w, " ", 1);
		paint_text(w, message, cols - rw - 1);
	} else {
		char *h = hints(km, ctx);
		paint_text(w, h, cols - rw - 1);
		free(h);
	}
	if (rw) {
		wattrset(w, theme_attr(AREA_PENDING) | A_REVERSE);
		wmove(w, 0, cols - rw);
		paint_text(w, busy, rw);
	}
	wnoutrefresh(w);
}

/* The label, cut in the middle when it leaves too little room to type:
 * its start says what is asked, its end how to answer ("(y/n)", "Type yes
 * to delete:"), so both stay. Returns the columns used. */
static int paint_label(WINDOW *w, const char *label, int cols)
{
	int room = cols - 12, width = text_width(label);
	if (width <= room || room < 24)
		return paint_text(w, label, cols);
	int tail = room / 3 < 32 ? room / 3 : 32;
	size_t from = 0, n = strlen(label);
	while (from < n && text_width(label + from) > tail) {
		unsigned cp;
		size_t k = utf8_decode(label + from, n - from, &cp);
		from += k ? k : 1;
	}
	int used = paint_text(w, label, room - tail - 1);
	used += paint_text(w, "\xe2\x80\xa6", 1);
	used += paint_text(w, label + from, tail);
	return used;
}

void chrome_draw_prompt(WINDOW *w, const struct prompt *p, const struct status *st)
{
	paint_blank_line(w, 0, theme_attr(AREA_PROMPT));
	int cols = getmaxx(w);
	int lw = paint_label(w, p->label, cols);
	wattrset(w, theme_attr(AREA_VALUE));
	if (p->ops && p->ops->secret) {
		/* never the characters, nor how many */
		paint_text(w, p->text.len ? "(hidden)" : "", cols - lw);
		wmove(w, 0, lw);
		wnoutrefresh(w);
		return;
	}
	const char *text = prompt_text(p);
	/* keep the cursor visible: scroll the text left if it is too long */
	char *before = xstrndup(text, p->cursor);
	int before_w = text_width(before);
	free(before);
	int room = cols - lw - 1;
	size_t skip = 0;
	while (room > 0 && before_w > room && skip < p->cursor) {
		unsigned cp;
		size_t n = utf8_decode(text + skip, p->cursor - skip, &cp);
		char *one = xstrndup(text + skip, n);
		before_w -= text_width(one);
		free(one);
		skip += n;
	}
	int text_w = paint_text(w, text + skip, room > 0 ? room : 0);
	/* a fresh message (why the last entry was refused, completions) goes
	 * after the text, so the prompt can stay open for a fix */
	enum message_kind kind = MSG_INFO;
	const char *message = status_current(st, now_ms(), &kind);
	int at = lw + text_w + 3;
	if (message && at < cols - 8) {
		wattrset(w, theme_attr(message_area(kind)));
		wmove(w, 0, at);
		paint_text(w, message, cols - at);
	}
	wmove(w, 0, lw + before_w);
	wnoutrefresh(w);
}

void chrome_draw_border(WINDOW *w, bool vertical)
{
	werase(w);
	wattrset(w, theme_attr(AREA_BORDER));
	if (vertical)
		for (int y = 0; y < getmaxy(w); y++)
			mvwaddstr(w, y, 0, "\xe2\x94\x82");
	else
		for (int x = 0; x < getmaxx(w); x++)
			mvwaddstr(w, 0, x, "\xe2\x94\x80");
	wnoutrefresh(w);
}

void chrome_draw_too_small(int min_cols, int min_lines)
{
	werase(stdscr);
	wattrset(stdscr, A_BOLD);
	mvwaddstr(stdscr, 0, 0, "Terminal too");
	mvwaddstr(stdscr, 1, 0, "small: need");
	mvwprintw(stdscr, 2, 0, "%dx%d or more", min_cols, min_lines);
	wnoutrefresh(stdscr);
}
