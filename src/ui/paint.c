/* paint.c - see paint.h */
#include "config.h"

#include "model/detail.h"
#include "ui/paint.h"
#include "util/sanitize.h"

static attr_t applied[AREA_COUNT];

static attr_t curses_attrs(unsigned bits)
{
	attr_t a = A_NORMAL;
	if (bits & THEME_BOLD) a |= A_BOLD;
	if (bits & THEME_DIM) a |= A_DIM;
	if (bits & THEME_UNDERLINE) a |= A_UNDERLINE;
	if (bits & THEME_REVERSE) a |= A_REVERSE;
	if (bits & THEME_ITALIC) a |= A_ITALIC;
	if (bits & THEME_BLINK) a |= A_BLINK;
	if (bits & THEME_STANDOUT) a |= A_STANDOUT;
	return a;
}

/* A colour for a terminal of 24-bit colour (ncurses' direct colour: the
 * number is the colour, except that 0-7 are the terminal's own eight). */
static int direct_color(int c)
{
	if (c < 8)
		return c; /* the default (-1) and the basic eight, as the user's palette has them */
	int rgb = theme_rgb_of(c);
	return rgb < 8 ? 8 : rgb;
}

void theme_apply(const struct theme *t, bool use_color)
{
	bool direct = COLORS >= 0x1000000;
	for (int i = 0; i < AREA_COUNT; i++) {
		const struct theme_entry *e = &t->areas[i];
		unsigned bits = e->attrs;
		attr_t pair = 0;
		if (use_color && (e->fg != -1 || e->bg != -1) && i + 1 < COLOR_PAIRS) {
			int fg = e->fg, bg = e->bg;
			if (direct) {
				fg = direct_color(fg);
				bg = direct_color(bg);
			} else {
				fg = theme_to_256(fg);
				bg = theme_to_256(bg);
				if (COLORS < 256 || fg >= COLORS || bg >= COLORS) {
					unsigned ignored = 0;
					if (fg >= 8)
						fg = theme_fold_color(fg, &bits);
					if (bg >= 8)
						bg = theme_fold_color(bg, &ignored);
				}
			}
			init_extended_pair(i + 1, fg, bg);
			pair = COLOR_PAIR(i + 1);
		}
		applied[i] = curses_attrs(bits) | pair;
	}
}

attr_t theme_attr(enum theme_area a)
{
	return (unsigned)a < AREA_COUNT ? applied[a] : A_NORMAL;
}

int paint_text(WINDOW *w, const char *s, int width)
{
	int used;
	size_t bytes = text_fit(s, width > 0 ? width : 0, &used);
	waddnstr(w, s, (int)bytes);
	return used;
}

void paint_blank_line(WINDOW *w, int y, attr_t attr)
{
	wattrset(w, attr);
	wmove(w, y, 0);
	for (int x = 0; x < getmaxx(w); x++)
		waddch(w, ' ');
	wmove(w, y, 0);
}

void paint_line(WINDOW *w, int y, attr_t attr, const char *s)
{
	wattrset(w, attr);
	wmove(w, y, 0);
	paint_text(w, s, getmaxx(w));
}

attr_t paint_detail_attr(unsigned st)
{
	enum theme_area a = st & DETAIL_ERROR ? AREA_ERROR
		: st & DETAIL_PENDING ? AREA_PLACEHOLDER
		: st & DETAIL_GROUP ? AREA_HEADER
		: st & DETAIL_HEADING ? AREA_HEADING
		: st & (DETAIL_LINK | DETAIL_URL) ? AREA_LINK
		: st & DETAIL_CODE ? AREA_CODE
		: st & DETAIL_QUOTE ? AREA_QUOTE
		: st & DETAIL_EMPTY ? AREA_EMPTY
		: st & DETAIL_LABEL ? AREA_LABEL : AREA_VALUE;
	return theme_attr(a) | (st & DETAIL_BOLD ? A_BOLD : 0) | (st & DETAIL_ITALIC ? A_ITALIC : 0);
}
