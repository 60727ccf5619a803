/*
 * paint.h - the theme in the terminal, and the few drawing helpers every
 * part of the screen shares.
 *
 * Text handed to these functions is already sanitized (util/sanitize.h);
 * they cut it to a width in columns, never splitting a character.
 */
#ifndef PATINA_PAINT_H
#define PATINA_PAINT_H

#include "config/theme.h"

#include <curses.h>
#include <stdbool.h>

/* Installs the theme into curses (after initscr/start_color). With
 * use_color false, only attributes are used. */
void theme_apply(const struct theme *t, bool use_color);
/* The attributes to draw an area with (after theme_apply). */
attr_t theme_attr(enum theme_area a);

/* Writes s at the cursor, clipped to width columns; returns the columns
 * used. */
int paint_text(WINDOW *w, const char *s, int width);
/* Clears line y of w in attr, leaving the cursor at its start. */
void paint_blank_line(WINDOW *w, int y, attr_t attr);
/* Writes s on line y from column 0 in attr, clipped to the window. */
void paint_line(WINDOW *w, int y, attr_t attr, const char *s);
/* The attributes of a style of the detail layout (model/detail.h: enum
 * detail_style bits). */
attr_t paint_detail_attr(unsigned style);

#endif
