/* Unit tests: text.c, UTF-8 text wrapped to a width in columns */
#include "config.h"

#include "util/sanitize.h"
#include "util/text.h"
#include "testlib.h"
#include "util/util.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* The lines of text wrapped to width, joined with '|'. Caller frees. */
static char *wrapped(const char *text, int width)
{
	size_t n;
	char **lines = text_wrap(text, width, &n);
	struct strbuf sb = {0};
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, "%s%s", i ? "|" : "", lines[i]);
	text_lines_free(lines, n);
	sb_reserve(&sb, 1);
	return sb_detach(&sb);
}

#define CHECK_WRAP(text, width, want) do { \
	char *wrapped_ = wrapped(text, width); \
	CHECK_STR(wrapped_, want); \
	free(wrapped_); \
} while (0)

static void test_breaks_at_spaces(void)
{
	CHECK_WRAP("the quick brown fox", 10, "the quick|brown fox");
	CHECK_WRAP("the quick brown fox", 19, "the quick brown fox");
	CHECK_WRAP("the quick brown fox", 18, "the quick brown|fox");
	/* a space right after what fits is where it breaks */
	CHECK_WRAP("abc def", 3, "abc|def");
	CHECK_WRAP("abc def", 6, "abc|def");
	CHECK_WRAP("abc def", 7, "abc def");
	/* the spaces after a break go; those before it and inside a line stay */
	CHECK_WRAP("abc    def", 5, "abc  |def");
	CHECK_WRAP("abc    def", 3, "abc|def");
	CHECK_WRAP("a  b  c", 4, "a  b|c");
}

static void test_long_words_are_cut(void)
{
	CHECK_WRAP("abcdefghijkl", 5, "abcde|fghij|kl");
	CHECK_WRAP("see https://example.com/a/long/path", 10,
		   "see|https://ex|ample.com/|a/long/pat|h");
}

static void test_empty_and_narrow(void)
{
	CHECK_WRAP("", 10, "");
	CHECK_WRAP("abc", 0, "a|b|c");   /* under 1 counts as 1 */
	CHECK_WRAP("abc", -5, "a|b|c");
	size_t next;
	CHECK_INT(text_wrap_next("", 10, &next), 0);
	CHECK_INT(next, 0);
}

static void test_next_skips_the_break(void)
{
	const char *t = "one two  three";
	size_t next, n = text_wrap_next(t, 5, &next);
	CHECK_INT(n, 3);
	CHECK_INT(next, 4);
	n = text_wrap_next(t + next, 5, &next);
	CHECK_INT(n, 4);         /* "two ": the last space that fits */
	CHECK_INT(next, 5);
	n = text_wrap_next("tail", 10, &next);
	CHECK_INT(n, 4);
	CHECK_INT(next, 4);      /* the end: text[next] == '\0' */
}

static void test_utf8_never_split(void)
{
	/* two bytes, one column each */
	CHECK_WRAP("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3,
		   "\xc3\xa9\xc3\xa9\xc3\xa9|\xc3\xa9\xc3\xa9");
	/* CJK: two columns each; an odd width leaves a column unused */
	CHECK_WRAP("\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2", 3,
		   "\xe6\xbc\xa2|\xe5\xad\x97|\xe6\xbc\xa2");
	/* a character wider than the width still gets a line: no endless loop */
	CHECK_WRAP("\xe6\xbc\xa2\xe5\xad\x97", 1, "\xe6\xbc\xa2|\xe5\xad\x97");
	/* words of wide characters break at spaces too */
	CHECK_WRAP("\xe6\xbc\xa2\xe5\xad\x97 \xe6\xbc\xa2\xe5\xad\x97", 6,
		   "\xe6\xbc\xa2\xe5\xad\x97|\xe6\xbc\xa2\xe5\xad\x97");
}

/* Whatever the text and width: every line fits (or is one character),
 * and the lines hold every character but the spaces at the breaks. */
static void test_invariants(void)
{
	const char *texts[] = {
		"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod",
		"\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2 a\xc3\xa9" "b \xf0\x9f\x98\x80\xf0\x9f\x98\x80 x",
		"  leading and trailing  ",
	};
	for (size_t t = 0; t < ARRAY_SIZE(texts); t++) {
		for (int width = 1; width < 30; width++) {
			size_t n;
			char **lines = text_wrap(texts[t], width, &n);
			size_t kept = 0;
			for (size_t i = 0; i < n; i++) {
				unsigned cp;
				size_t len = strlen(lines[i]);
				bool one_char = len && utf8_decode(lines[i], len, &cp) == len;
				if (text_width(lines[i]) > width && !one_char)
					test_fail(__FILE__, __LINE__, "'%s' at %d: '%s' is too wide",
						  texts[t], width, lines[i]);
				for (const char *p = lines[i]; *p; p++)
					kept += *p != ' ';
			}
			size_t want = 0;
			for (const char *p = texts[t]; *p; p++)
				want += *p != ' ';
			CHECK_INT(kept, want);
			text_lines_free(lines, n);
		}
	}
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	RUN(test_breaks_at_spaces);
	RUN(test_long_words_are_cut);
	RUN(test_empty_and_narrow);
	RUN(test_next_skips_the_break);
	RUN(test_utf8_never_split);
	RUN(test_invariants);
	return test_summary();
}
