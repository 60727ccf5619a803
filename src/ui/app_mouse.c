/*
 * app_mouse.c - the mouse and pastes: which part of the screen a click or
 * a wheel turn is over (a tab, a pane, a modal view, the help), and where
 * a paste goes (the prompt, as text; nowhere else). See app_internal.h.
 */
#include "config.h"

#include "ui/app_internal.h"
#include "ui/chrome.h"
#include "util/util.h"

#include <stdlib.h>

#define WHEEL_LINES 3

static bool is_wheel(const struct mouse_event *ev)
{
	return ev->kind == MOUSE_WHEEL_UP || ev->kind == MOUSE_WHEEL_DOWN;
}

/* The event in the window's coordinates, to its view; what the view does
 * not take, the wheel and a double click do by actions. */
static void to_view(struct view *v, WINDOW *w, const struct mouse_event *ev)
{
	struct mouse_event local = *ev;
	local.y -= getbegy(w);
	local.x -= getbegx(w);
	if (v->ops->mouse && v->ops->mouse(v, &local))
		return;
	if (is_wheel(ev)) {
		for (int i = 0; i < WHEEL_LINES; i++)
			v->ops->action(v, ev->kind == MOUSE_WHEEL_UP ? ACTION_MOVE_UP : ACTION_MOVE_DOWN);
	} else if (ev->clicks == 2) {
		v->ops->action(v, ACTION_OPEN);
	}
}

static void click_tab(struct app *a, const struct mouse_event *ev)
{
	char *labels[MAX_PAGES + ENT_COUNT];
	size_t current, n = app_tab_labels(a, labels, &current);
	int tab = chrome_tab_at((const char *const *)labels, n, getmaxx(a->w_tabs), ev->x);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	if (tab >= 0)
		app_go_to_tab(a, (size_t)tab);
}

/* A press focuses the pane it is over; the wheel scrolls the pane under
 * the pointer, focused or not. */
static void over_panes(struct app *a, const struct mouse_event *ev)
{
	struct tab *t = current_tab(a);
	bool in_list = a->w_list && wenclose(a->w_list, ev->y, ev->x);
	bool in_detail = a->w_detail && wenclose(a->w_detail, ev->y, ev->x);
	if (!in_list && !in_detail)
		return;
	if (!is_wheel(ev) && a->focus_detail != in_detail) {
		a->focus_detail = in_detail;
		t->list->dirty = t->detail->dirty = true;
		a->chrome_dirty = true;
	}
	if (in_list)
		to_view(t->list, a->w_list, ev);
	else
		to_view(t->detail, a->w_detail, ev);
}

void app_mouse(struct app *a, const struct mouse_event *ev)
{
	/* with a modifier the user is selecting text (terminals that pass
	 * Shift on keep it for themselves; the others send it here) */
	if (!a->term.mouse || ev->shift || ev->ctrl || ev->meta)
		return;
	if (ev->kind != MOUSE_PRESS && !is_wheel(ev))
		return;
	if (a->too_small || a->prompt.active || !a->w_tabs)
		return;
	if (a->help_open) {
		if (is_wheel(ev)) {
			help_scroll(&a->help, ev->kind == MOUSE_WHEEL_UP ? -WHEEL_LINES : WHEEL_LINES);
			a->chrome_dirty = true;
		}
		return;
	}
	struct view *m = top_modal(a);
	if (m) {
		if (a->w_body && wenclose(a->w_body, ev->y, ev->x))
			to_view(m, a->w_body, ev);
		return;
	}
	if (!is_wheel(ev) && wenclose(a->w_tabs, ev->y, ev->x)) {
		click_tab(a, ev);
		return;
	}
	/* a page (Today) is the whole body */
	if (a->page) {
		if (a->w_body && wenclose(a->w_body, ev->y, ev->x))
			to_view(a->page, a->w_body, ev);
		return;
	}
	over_panes(a, ev);
}

void app_paste(struct app *a, const char *text, bool too_long)
{
	if (too_long) {
		status_message(&a->status, MSG_ERROR, "Paste refused: more than %d KB at once",
			       INPUT_PASTE_MAX / 1024);
		return;
	}
	if (a->prompt.active) {
		prompt_paste(&a->prompt, text);
		return;
	}
	/* a paste is text: it never runs as keys */
	status_message(&a->status, MSG_INFO, "Pasted text goes into a prompt: open one first "
		       "(/ searches, e edits a field)");
}
