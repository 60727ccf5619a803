/*
 * input.h - what the terminal sends, as patina names it: keys, mouse
 * reports and pastes.
 *
 * curses reports special keys with codes of its own (KEY_UP, KEY_NPAGE...);
 * the keymap knows keys by config/keymap.h's codes. input_key() is the one
 * place that translates, so nothing below the UI depends on curses.
 *
 * The terminal also reports mouse events (SGR 1006: CSI < b ; x ; y M or
 * m; the older CSI M b x y too) and wraps a paste in CSI 200 ~ ... CSI
 * 201 ~ (bracketed paste). curses knows the introducers only as keys
 * (input_define_keys); the decoder reads what follows them from the same
 * stream, so a paste is text, never keys, and a mouse report never runs
 * as the characters it is made of. The decoder is pure: it is fed one key
 * at a time, with the time (for double clicks), whatever the reads split.
 */
#ifndef PATINA_INPUT_H
#define PATINA_INPUT_H

#include "util/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/* What get_wch() returned (rc == KEY_CODE_YES: a function key code in ch;
 * else a character) as a keymap key: a character's code point, or a
 * KEYC_* code. '\r' stays '\r' here (a paste needs it); input_feed()
 * makes Enter '\n' however it came ('\r' under nonl, '\n', KEY_ENTER). */
int input_key(bool is_function_key, wint_t ch);

/* Teaches curses the introducers of pastes and mouse reports (after
 * initscr and keypad). */
void input_define_keys(void);

#define INPUT_PASTE_MAX (1 << 20)   /* bytes of one paste patina takes */
#define INPUT_DOUBLE_CLICK_MS 400

enum mouse_kind {
	MOUSE_PRESS,      /* a button went down (button 0 left, 1 middle, 2 right) */
	MOUSE_RELEASE,
	MOUSE_WHEEL_UP,
	MOUSE_WHEEL_DOWN,
	MOUSE_DRAG        /* moved with a button down */
};

struct mouse_event {
	enum mouse_kind kind;
	int button;
	int x, y;          /* 0-based; relative to a view's window once routed */
	bool shift, meta, ctrl;
	int clicks;        /* a press: 2 for the second of a double click */
};

enum input_kind { INPUT_NONE, INPUT_KEY, INPUT_MOUSE, INPUT_PASTE };

struct input_event {
	enum input_kind kind;
	int key;                   /* INPUT_KEY */
	struct mouse_event mouse;  /* INPUT_MOUSE */
	char *paste;               /* INPUT_PASTE: UTF-8, '\n' between lines; caller frees */
	bool paste_too_long;       /* INPUT_PASTE: more than INPUT_PASTE_MAX came (nothing kept) */
};

struct input {
	enum { IN_KEYS, IN_SGR, IN_X10, IN_PASTE } state;
	int numbers[3];
	int nnumbers;
	bool digit;                /* a digit since the last ';' */
	int x10[3];
	int nx10;
	struct strbuf paste;
	bool paste_cr;             /* the last character pasted was '\r' */
	bool paste_overflow;
	int64_t last_press_ms;     /* for double clicks */
	int last_x, last_y, last_button;
};

/* Feeds one key (input_key's code) read at now_ms; returns true with *out
 * filled when an event is complete. */
bool input_feed(struct input *in, int key, int64_t now_ms, struct input_event *out);
void input_free(struct input *in);

#endif
