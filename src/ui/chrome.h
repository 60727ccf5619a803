/*
 * chrome.h - everything on screen that is not a view: the title bar, the
 * tab bar, the status line (hints, messages, what is loading, the request
 * budget) with the prompt on it, the border between the panes, and the
 * notice that the terminal is too small.
 */
#ifndef PATINA_CHROME_H
#define PATINA_CHROME_H

#include "config/keymap.h"
#include "ui/prompt.h"
#include "ui/status.h"

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

/* " patina │ <tab>  <where>" on the left, who is signed in on the right. */
void chrome_draw_title(WINDOW *w, const char *tab, const char *where, const char *who);
/* " 0 Today  1 People  2 Companies ..." (labels: the key and the title)
 * with the current one highlighted. */
void chrome_draw_tabs(WINDOW *w, const char *const *labels, size_t n, size_t current);
/* Which tab chrome_draw_tabs drew at column x of a tab bar cols wide, or
 * -1 (for a click). */
int chrome_tab_at(const char *const *labels, size_t n, int cols, int x);
/* The message if one is showing, else the key hints of context ctx; work
 * in flight and the budget (busy, may be NULL) on the right. */
void chrome_draw_status(WINDOW *w, const struct status *st, const struct keymap *km, int ctx,
			const char *busy);
/* The open prompt, its cursor left where the terminal's should be. */
void chrome_draw_prompt(WINDOW *w, const struct prompt *p, const struct status *st);
/* A vertical (wide layout) or horizontal border. */
void chrome_draw_border(WINDOW *w, bool vertical);
/* The whole screen says it is too small for anything else. */
void chrome_draw_too_small(int min_cols, int min_lines);

#endif
