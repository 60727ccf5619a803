/*
 * help.h - the keys, generated from the action table and the keymap in
 * use, so the help can never drift from what the keys do.
 *
 * The lines are built without a terminal (and tested so); help_draw puts
 * them on the screen. A section lists a context's own bindings and the
 * global ones it gives another meaning; a key bound in a context and
 * globally to the same action is listed once.
 */
#ifndef PATINA_HELP_H
#define PATINA_HELP_H

#include "config/keymap.h"

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

struct help_section {
	int ctx;            /* keymap context */
	const char *title;  /* "In the list" */
	bool takes_text;    /* its view takes what is typed as text: only its
			     * own bindings of keys that are no text apply */
};

struct help_line {
	char *keys;         /* NULL for a heading or a blank line */
	char *text;         /* the heading, or "action-name  what it does" */
	bool heading;
	int hang;           /* where the text's wrapped lines start: under what
			     * it does, past the action's name */
};

struct help {
	struct help_line *lines;
	size_t count;
	size_t *section_at; /* line index of each section's heading */
	size_t nsections;
	int top;            /* first line shown */
};

/* Builds the lines for the sections in order, then the prompt's keys. */
void help_build(struct help *h, const struct keymap *km, const struct help_section *sections,
		size_t nsections);
void help_free(struct help *h);
/* Scrolls so that section i starts at the top. */
void help_show_section(struct help *h, size_t i);
/* Moves by delta lines (clamped when drawn). */
void help_scroll(struct help *h, int delta);
void help_draw(struct help *h, WINDOW *w);

#endif
