/* input.c - see input.h */
#include "config.h"

#include "config/keymap.h"
#include "ui/input.h"
#include "util/sanitize.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

/* curses codes for the introducers: above every code curses has */
#define CODE_PASTE_BEGIN (KEY_MAX + 1)
#define CODE_PASTE_END (KEY_MAX + 2)
#define CODE_MOUSE_SGR (KEY_MAX + 3)

void input_define_keys(void)
{
	define_key("\033[200~", CODE_PASTE_BEGIN);
	define_key("\033[201~", CODE_PASTE_END);
	/* replaces the terminfo's kmous where it is CSI <, so curses' own
	 * mouse code (which patina does not use) never sees the report */
	define_key("\033[<", CODE_MOUSE_SGR);
}

int input_key(bool is_function_key, wint_t ch)
{
	if (!is_function_key)
		return (int)ch; /* '\r' stays: a paste tells CR LF from two breaks */
	switch ((int)ch) {
	case KEY_UP: return KEYC_UP;
	case KEY_DOWN: return KEYC_DOWN;
	case KEY_LEFT: return KEYC_LEFT;
	case KEY_RIGHT: return KEYC_RIGHT;
	case KEY_PPAGE: return KEYC_PAGE_UP;
	case KEY_NPAGE: return KEYC_PAGE_DOWN;
	case KEY_HOME: return KEYC_HOME;
	case KEY_END: return KEYC_END;
	case KEY_BTAB: return KEYC_BACKTAB;
	case KEY_BACKSPACE: return KEYC_BACKSPACE;
	case KEY_DC: return KEYC_DELETE;
	case KEY_IC: return KEYC_INSERT;
	case KEY_ENTER: return '\n';
	case KEY_RESIZE: return KEYC_RESIZE;
	case KEY_MOUSE: return KEYC_MOUSE_X10; /* a terminfo kmous of CSI M */
	case CODE_PASTE_BEGIN: return KEYC_PASTE_BEGIN;
	case CODE_PASTE_END: return KEYC_PASTE_END;
	case CODE_MOUSE_SGR: return KEYC_MOUSE_SGR;
	default:
		break;
	}
	for (int n = 1; n <= 12; n++)
		if ((int)ch == KEY_F(n))
			return KEYC_F(n);
	return KEYC_UNKNOWN;
}

/* ---- the decoder ---------------------------------------------------------- */

void input_free(struct input *in)
{
	sb_free(&in->paste);
	memset(in, 0, sizeof(*in));
}

/* The button byte of a report (xterm's encoding) as an event. */
static void mouse_from(struct input *in, int b, int x, int y, bool release, int64_t now,
		       struct mouse_event *m)
{
	memset(m, 0, sizeof(*m));
	m->shift = b & 4;
	m->meta = b & 8;
	m->ctrl = b & 16;
	m->x = x > 0 ? x - 1 : 0;
	m->y = y > 0 ? y - 1 : 0;
	m->button = b & 3;
	if (b & 64)
		m->kind = (b & 1) ? MOUSE_WHEEL_DOWN : MOUSE_WHEEL_UP;
	else if (b & 32)
		m->kind = MOUSE_DRAG;
	else if (release || m->button == 3)
		m->kind = MOUSE_RELEASE;
	else
		m->kind = MOUSE_PRESS;
	if (m->kind != MOUSE_PRESS)
		return;
	bool again = in->last_press_ms && now - in->last_press_ms <= INPUT_DOUBLE_CLICK_MS &&
		     m->x == in->last_x && m->y == in->last_y && m->button == in->last_button;
	m->clicks = again ? 2 : 1;
	/* a third press starts over: two double clicks need four */
	in->last_press_ms = again ? 0 : now;
	in->last_x = m->x;
	in->last_y = m->y;
	in->last_button = m->button;
}

/* A character inside a paste. */
static void paste_char(struct input *in, int key)
{
	if (key >= KEYC_BASE)
		return; /* a key curses made of pasted bytes: not text */
	bool was_cr = in->paste_cr;
	in->paste_cr = key == '\r';
	if (key == '\n' && was_cr)
		return; /* CR LF is one line break */
	if (key == '\r')
		key = '\n';
	char buf[4];
	size_t n = utf8_encode((unsigned)key, buf);
	if (!n || in->paste_overflow)
		return;
	if (in->paste.len + n > INPUT_PASTE_MAX) {
		in->paste_overflow = true;
		sb_free(&in->paste);
		return;
	}
	sb_append(&in->paste, buf, n);
}

static bool feed_paste(struct input *in, int key, struct input_event *out)
{
	if (key != KEYC_PASTE_END) {
		paste_char(in, key);
		return false;
	}
	out->kind = INPUT_PASTE;
	out->paste_too_long = in->paste_overflow;
	sb_reserve(&in->paste, 0);
	out->paste = in->paste_overflow ? xstrdup("") : sb_detach(&in->paste);
	sb_free(&in->paste);
	in->paste_overflow = in->paste_cr = false;
	in->state = IN_KEYS;
	return true;
}

/* "b;x;y" then M (press, motion, wheel) or m (release). Anything else
 * ends the report unread and counts as the key it is. */
static bool feed_sgr(struct input *in, int key, int64_t now, struct input_event *out)
{
	if (key >= '0' && key <= '9' && in->nnumbers < 3) {
		int *n = &in->numbers[in->nnumbers];
		if (*n < 100000)
			*n = *n * 10 + (key - '0');
		in->digit = true;
		return false;
	}
	if (key == ';' && in->digit && in->nnumbers < 2) {
		in->nnumbers++;
		in->digit = false;
		return false;
	}
	in->state = IN_KEYS;
	if ((key == 'M' || key == 'm') && in->digit && in->nnumbers == 2) {
		out->kind = INPUT_MOUSE;
		mouse_from(in, in->numbers[0], in->numbers[1], in->numbers[2], key == 'm', now,
			   &out->mouse);
		return true;
	}
	out->kind = INPUT_KEY;
	out->key = key == '\r' ? '\n' : key;
	return true;
}

bool input_feed(struct input *in, int key, int64_t now_ms, struct input_event *out)
{
	memset(out, 0, sizeof(*out));
	switch (in->state) {
	case IN_PASTE:
		return feed_paste(in, key, out);
	case IN_SGR:
		return feed_sgr(in, key, now_ms, out);
	case IN_X10:
		/* three characters, each 32 + a value */
		in->x10[in->nx10++] = key >= 32 && key < KEYC_BASE ? key - 32 : 0;
		if (in->nx10 < 3)
			return false;
		in->state = IN_KEYS;
		out->kind = INPUT_MOUSE;
		mouse_from(in, in->x10[0], in->x10[1], in->x10[2], false, now_ms, &out->mouse);
		return true;
	case IN_KEYS:
		break;
	}
	switch (key) {
	case KEYC_PASTE_BEGIN:
		in->state = IN_PASTE;
		sb_reset(&in->paste);
		in->paste_overflow = in->paste_cr = false;
		return false;
	case KEYC_PASTE_END:
		return false; /* an end without a start: nothing was pasted */
	case KEYC_MOUSE_SGR:
		in->state = IN_SGR;
		memset(in->numbers, 0, sizeof(in->numbers));
		in->nnumbers = 0;
		in->digit = false;
		return false;
	case KEYC_MOUSE_X10:
		in->state = IN_X10;
		in->nx10 = 0;
		return false;
	default:
		out->kind = INPUT_KEY;
		out->key = key == '\r' ? '\n' : key; /* Enter, whichever the terminal sends */
		return true;
	}
}
