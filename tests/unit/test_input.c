/* Unit tests: the input decoder (ui/input.c): mouse reports and pastes out
 * of the stream of keys curses hands over, however the reads split it. */
#include "config.h"

#include "config/keymap.h"
#include "testlib.h"
#include "ui/input.h"

#include <stdlib.h>
#include <string.h>

/* Feeds a string of characters; returns the events (up to max). */
static size_t feed(struct input *in, const char *s, int64_t now, struct input_event *out,
		   size_t max)
{
	size_t n = 0;
	for (; *s; s++) {
		int key = (unsigned char)*s;
		if (*s == '\x01')
			key = KEYC_MOUSE_SGR;
		else if (*s == '\x02')
			key = KEYC_PASTE_BEGIN;
		else if (*s == '\x03')
			key = KEYC_PASTE_END;
		else if (*s == '\x04')
			key = KEYC_MOUSE_X10;
		struct input_event ev;
		if (input_feed(in, key, now, &ev) && n < max)
			out[n++] = ev;
		else if (ev.paste)
			free(ev.paste);
	}
	return n;
}

TEST(test_sgr_reports_press_release_wheel_and_modifiers)
{
	struct input in = {0};
	struct input_event ev[8];
	size_t n = feed(&in, "\x01" "0;12;5M" "\x01" "0;12;5m" "\x01" "65;3;4M" "\x01" "64;3;4M"
			"\x01" "4;1;1M" "\x01" "32;2;2M", 1000, ev, 8);
	CHECK_INT(n, 6);
	CHECK_INT(ev[0].kind, INPUT_MOUSE);
	CHECK_INT(ev[0].mouse.kind, MOUSE_PRESS);
	CHECK_INT(ev[0].mouse.x, 11);
	CHECK_INT(ev[0].mouse.y, 4);
	CHECK_INT(ev[0].mouse.button, 0);
	CHECK_INT(ev[0].mouse.clicks, 1);
	CHECK_INT(ev[1].mouse.kind, MOUSE_RELEASE);
	CHECK_INT(ev[2].mouse.kind, MOUSE_WHEEL_DOWN);
	CHECK_INT(ev[3].mouse.kind, MOUSE_WHEEL_UP);
	CHECK(ev[4].mouse.shift);
	CHECK_INT(ev[5].mouse.kind, MOUSE_DRAG);
	input_free(&in);
}

TEST(test_a_report_split_across_reads_and_a_broken_one)
{
	struct input in = {0};
	struct input_event ev[4];
	CHECK_INT(feed(&in, "\x01" "2;10", 0, ev, 4), 0);
	CHECK_INT(feed(&in, "0;30M", 0, ev, 4), 1);
	CHECK_INT(ev[0].mouse.button, 2);
	CHECK_INT(ev[0].mouse.x, 99); /* "2;10" then "0;30M": x is 100 */
	CHECK_INT(ev[0].mouse.y, 29);
	/* not a report after all: the character that broke it is a key, and
	 * the digits before it were part of the report, not keys */
	CHECK_INT(feed(&in, "\x01" "1;2q", 0, ev, 4), 1);
	CHECK_INT(ev[0].kind, INPUT_KEY);
	CHECK_INT(ev[0].key, 'q');
	/* X10: three bytes of 32 + value */
	CHECK_INT(feed(&in, "\x04" " \"%", 0, ev, 4), 1);
	CHECK_INT(ev[0].mouse.kind, MOUSE_PRESS);
	CHECK_INT(ev[0].mouse.x, 1);
	CHECK_INT(ev[0].mouse.y, 4);
	input_free(&in);
}

TEST(test_double_click_needs_the_same_place_within_the_interval)
{
	struct input in = {0};
	struct input_event ev[4];
	feed(&in, "\x01" "0;5;5M", 1000, ev, 4);
	CHECK_INT(ev[0].mouse.clicks, 1);
	feed(&in, "\x01" "0;5;5M", 1000 + INPUT_DOUBLE_CLICK_MS, ev, 4);
	CHECK_INT(ev[0].mouse.clicks, 2);
	/* a third press starts again */
	feed(&in, "\x01" "0;5;5M", 1000 + INPUT_DOUBLE_CLICK_MS + 10, ev, 4);
	CHECK_INT(ev[0].mouse.clicks, 1);
	feed(&in, "\x01" "0;6;5M", 1000 + INPUT_DOUBLE_CLICK_MS + 20, ev, 4);
	CHECK_INT(ev[0].mouse.clicks, 1);
	feed(&in, "\x01" "0;6;5M", 5000, ev, 4);
	CHECK_INT(ev[0].mouse.clicks, 1);
	input_free(&in);
}

TEST(test_a_paste_is_text_never_keys)
{
	struct input in = {0};
	struct input_event ev[4];
	/* keys before and after; inside, q and Enter are text, CR LF one break */
	size_t n = feed(&in, "j\x02q\r\nline two\rthree\x03k", 0, ev, 4);
	CHECK_INT(n, 3);
	CHECK_INT(ev[0].key, 'j');
	CHECK_INT(ev[1].kind, INPUT_PASTE);
	CHECK_STR(ev[1].paste, "q\nline two\nthree");
	CHECK(!ev[1].paste_too_long);
	CHECK_INT(ev[2].key, 'k');
	free(ev[1].paste);
	/* a mouse report's introducer inside a paste is text too */
	n = feed(&in, "\x02" "a\x01" "0;1;1Mb\x03", 0, ev, 4);
	CHECK_INT(n, 1);
	CHECK_STR(ev[0].paste, "a0;1;1Mb");
	free(ev[0].paste);
	/* Enter outside a paste is '\n' */
	CHECK_INT(feed(&in, "\r", 0, ev, 4), 1);
	CHECK_INT(ev[0].key, '\n');
	input_free(&in);
}

TEST(test_a_paste_too_long_keeps_nothing)
{
	struct input in = {0};
	struct input_event ev;
	input_feed(&in, KEYC_PASTE_BEGIN, 0, &ev);
	bool early = false;
	for (int i = 0; i <= INPUT_PASTE_MAX; i++)
		early |= input_feed(&in, 'x', 0, &ev);
	CHECK(!early);
	CHECK(input_feed(&in, KEYC_PASTE_END, 0, &ev));
	CHECK(ev.paste_too_long);
	CHECK_STR(ev.paste, "");
	free(ev.paste);
	input_free(&in);
}
