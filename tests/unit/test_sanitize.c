/* Unit tests: sanitize.c, the gate between server text and the terminal */
#include "config.h"

#include "util/sanitize.h"
#include "testlib.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static void check_line(const char *in, const char *want)
{
	char *got = sanitize_line(in, strlen(in));
	CHECK_STR(got, want);
	free(got);
}

/* No byte that a terminal would act on may survive. */
static void check_inert(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x1b || (*p < 0x20 && *p != '\n') || *p == 0x7f)
			test_fail(__FILE__, __LINE__, "control byte 0x%02x survived in \"%s\"", *p, s);
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			test_fail(__FILE__, __LINE__, "C1 control survived in \"%s\"", s);
	}
}

TEST(test_plain_text_untouched)
{
	check_line("Jim Halpert", "Jim Halpert");
	check_line("Zoë Åberg — 東京 🎉", "Zoë Åberg — 東京 🎉");
}

TEST(test_escape_sequences_removed_whole)
{
	check_line("a\x1b[31mred\x1b[0m b", "ared b");
	check_line("x\x1b]0;pwned\x07y", "xy");                 /* window title */
	check_line("x\x1b]52;c;aGVsbG8=\x1b\\y", "xy");         /* clipboard, ST */
	check_line("x\x1b[2Jy", "xy");                          /* clear screen */
	check_line("x\x1bPdcs stuff\x1b\\y", "xy");             /* DCS */
	check_line("x\x1b(0y", "xy");                           /* charset */
	check_line("x\x1b" "cy", "xy");                         /* full reset */
	check_line("x\xc2\x9b" "31my", "xy");                   /* 8-bit CSI */
	check_line("x\xc2\x9d" "0;t\x07y", "xy");               /* 8-bit OSC */
	check_line("trailing\x1b", "trailing");
	check_line("unterminated\x1b]0;title", "unterminated");
}

TEST(test_controls_and_bidi)
{
	check_line("a\tb\nc\rd\x01\x7f" "e", "a b c de");
	check_line("safe\xe2\x80\xae" "evil", "safeevil");          /* RLO override */
	char *t = sanitize_text("one\r\ntwo\rthree\tx", 17);
	CHECK_STR(t, "one\ntwo\nthree    x");
	free(t);
}

TEST(test_invalid_utf8_replaced)
{
	check_line("a\xff" "b", "a\xef\xbf\xbd" "b");
	check_line("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");      /* overlong */
	check_line("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* surrogate */
	check_line("cut \xe6\x9d", "cut \xef\xbf\xbd\xef\xbf\xbd");
}

TEST(test_hostile_mix_is_inert)
{
	const char *hostile[] = {
		"\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b]52;c;Zm9v\x07\x1b[?1049l",
		"\x9b\x9d\x90\x80\x85",
		"\x1b[\x1b]\x1b\x1b\x1b",
		"\x1b[99999999999999999999m\x1b[38;2;255;0;0m",
	};
	for (size_t i = 0; i < sizeof(hostile) / sizeof(*hostile); i++) {
		char *s = sanitize_text(hostile[i], strlen(hostile[i]));
		check_inert(s);
		free(s);
	}
}

TEST(test_width)
{
	CHECK_INT(text_width("abc"), 3);
	CHECK_INT(text_width("東京"), 4);
	CHECK_INT(text_width("e\xcc\x81"), 1);     /* e + combining acute */
	CHECK_INT(text_width("🎉"), 2);
	int cols;
	size_t n = text_fit("東京タワー", 5, &cols);
	CHECK_INT(n, 6);     /* two ideographs fit, the third would split */
	CHECK_INT(cols, 4);
	n = text_fit("ab\xcc\x81" "c", 2, &cols);
	CHECK_INT(n, 4);     /* the combining mark stays with its base */
}

static void setup(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
}
TEST_SETUP(setup)

/* A message built from server text is one clean line. */
TEST(test_printf_sanitizes_its_parts)
{
	char *m = sanitize_printf("Not saved: %s (%d)", "\x1b]0;title\x07" "bad\nname", 422);
	CHECK_STR(m, "Not saved: bad name (422)");
	free(m);
}
