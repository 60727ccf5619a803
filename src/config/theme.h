/*
 * theme.h - colours and attributes of each screen area.
 *
 * Theme files use the config language (conf.h):
 *
 *     color AREA FOREGROUND BACKGROUND [ATTRIBUTE...]
 *
 * Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-black ... bright-white, a number 0-255, or #rrggbb (24-bit).
 * Attributes: normal, bold, dim, underline, reverse, italic, blink,
 * standout.
 *
 * A terminal that takes 24-bit colour gets #rrggbb as written; on one of
 * 256 colours it becomes the nearest of the palette, on one of 8 the
 * nearest basic colour (bright ones add bold); without colour (or with
 * NO_COLOR set) patina uses the compiled-in monochrome theme, which relies
 * on attributes only, so every theme stays legible everywhere. This module
 * only parses and folds; ui/paint.h installs a theme into the terminal.
 */
#ifndef PATINA_THEME_H
#define PATINA_THEME_H

#include "config/conf.h"

#include <stdbool.h>

#define THEME_AREAS(A) \
	A(TITLE, "title") A(TABS, "tabs") A(TAB_ACTIVE, "tab-active") \
	A(HEADER, "header") A(ROW, "row") A(CURSOR, "cursor") \
	A(CURSOR_UNFOCUSED, "cursor-unfocused") A(PLACEHOLDER, "placeholder") \
	A(STATUS, "status") A(ERROR, "error") A(WARNING, "warning") A(PENDING, "pending") \
	A(LABEL, "label") A(VALUE, "value") A(EMPTY, "empty") A(LINK, "link") \
	A(HEADING, "heading") A(CODE, "code") A(QUOTE, "quote") A(BORDER, "border") \
	A(HELP, "help") A(HELP_KEY, "help-key") A(MATCH, "match") A(PROMPT, "prompt")

enum theme_area {
#define THEME_ENUM(id, name) AREA_##id,
	THEME_AREAS(THEME_ENUM)
#undef THEME_ENUM
	AREA_COUNT
};

/* Attributes, as bits of this layer's own (the UI maps them to curses'). */
enum theme_attr_bits {
	THEME_BOLD = 1, THEME_DIM = 2, THEME_UNDERLINE = 4, THEME_REVERSE = 8,
	THEME_ITALIC = 16, THEME_BLINK = 32, THEME_STANDOUT = 64
};

/* A colour: -1 the terminal's default, 0-255 the palette, or
 * THEME_RGB | 0xrrggbb. */
#define THEME_RGB 0x1000000

struct theme_entry {
	int fg, bg;     /* -1: the terminal's default */
	unsigned attrs; /* enum theme_attr_bits */
	bool set;
};

struct theme {
	struct theme_entry areas[AREA_COUNT];
};

void theme_init(struct theme *t);
const char *theme_area_name(enum theme_area a);

/* The `color` command, for a conf_parser whose ctx is a struct theme. */
extern const struct conf_command theme_commands[];
extern const size_t theme_command_count;

/* Folds a colour onto the basic eight (for 8-colour terminals); a bright
 * colour adds THEME_BOLD to *extra_attrs. */
short theme_fold_color(int color, unsigned *extra_attrs);
/* A colour as the 256-colour palette has it: #rrggbb becomes the nearest
 * entry of xterm's 6x6x6 cube or grey ramp; others are unchanged. */
int theme_to_256(int color);
/* A colour as 0xrrggbb (xterm's palette for 0-255); -1 stays -1. */
int theme_rgb_of(int color);

/* Compiled-in copies of the shipped themes. */
extern const char default_theme_text[];
extern const char mono_theme_text[];

#endif
