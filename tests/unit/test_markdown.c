/* Unit tests: markdown.c, Markdown rendered to styled, wrapped lines */
#include "config.h"

#include "model/markdown.h"
#include "testlib.h"
#include "util/util.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct md_doc *render(const char *md, int width)
{
	return md_render(md, strlen(md), width);
}

/* Invariants of every rendering: no line wider than the pane, no empty
 * span, no byte a terminal would act on. */
static void check_doc(const struct md_doc *doc, int width, int line)
{
	for (size_t i = 0; i < doc->nlines; i++) {
		const struct md_line *l = &doc->lines[i];
		if (md_line_width(l) > width)
			test_fail(__FILE__, line, "line %zu is %d columns wide, pane %d", i,
				  md_line_width(l), width);
		for (size_t j = 0; j < l->nspans; j++) {
			const unsigned char *p = (const unsigned char *)l->spans[j].text;
			if (!*p)
				test_fail(__FILE__, line, "line %zu span %zu is empty", i, j);
			for (; *p; p++) {
				if (*p < 0x20 || *p == 0x7f)
					test_fail(__FILE__, line, "control byte 0x%02x in line %zu", *p, i);
				if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
					test_fail(__FILE__, line, "C1 control in line %zu", i);
				if (*p == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
					test_fail(__FILE__, line, "bidi override in line %zu", i);
			}
		}
	}
}

/* Renders md at width and compares the plain text with want. */
static void expect_at(int line, const char *md, int width, const char *want)
{
	struct md_doc *doc = render(md, width);
	char *got = md_to_plain(doc);
	if (strcmp(got, want))
		test_fail(__FILE__, line, "md \"%s\" at width %d gave\n---\n%s\n---\nexpected\n---\n%s\n---",
			  md, width, got, want);
	check_doc(doc, width < 1 ? 1 : width, line);
	free(got);
	md_free(doc);
}
#define EXPECT(md, width, want) expect_at(__LINE__, md, width, want)

static void expect_span_at(int line, const struct md_doc *doc, size_t ln, size_t sp,
			   const char *text, unsigned style)
{
	if (ln >= doc->nlines || sp >= doc->lines[ln].nspans) {
		test_fail(__FILE__, line, "no span %zu on line %zu", sp, ln);
		return;
	}
	const struct md_span *s = &doc->lines[ln].spans[sp];
	if (strcmp(s->text, text) || s->style != style)
		test_fail(__FILE__, line, "line %zu span %zu is \"%s\"/%u, expected \"%s\"/%u",
			  ln, sp, s->text, s->style, text, style);
}
#define SPAN(doc, ln, sp, text, style) expect_span_at(__LINE__, doc, ln, sp, text, style)

TEST(test_paragraph_wrapping)
{
	const char *fox = "The quick brown fox jumps over the lazy dog";
	EXPECT(fox, 80, "The quick brown fox jumps over the lazy dog");
	EXPECT(fox, 20, "The quick brown fox\njumps over the lazy\ndog");
	EXPECT(fox, 10, "The quick\nbrown fox\njumps over\nthe lazy\ndog");
	EXPECT(fox, 5, "The\nquick\nbrown\nfox\njumps\nover\nthe\nlazy\ndog");
	/* too long for any line: broken hard, the rest flows on */
	EXPECT("abcdefghijkl xy z", 5, "abcde\nfghij\nkl xy\nz");
	EXPECT("see https://example.com/a/very/long/path now", 12,
	       "see\nhttps://exam\nple.com/a/ve\nry/long/path\nnow");
	/* blocks separated by exactly one blank line, none around the document */
	EXPECT("\n\nfirst\n\n\n\nsecond\n\n", 20, "first\n\nsecond");
}

TEST(test_cjk_and_emoji)
{
	/* two columns each: a line of 5 holds two of them; breaks between
	 * ideographs need no space */
	EXPECT("東京タワー", 5, "東京\nタワ\nー");
	EXPECT("see 東京タワー now", 8, "see 東京\nタワー\nnow");
	EXPECT("party 🎉🎉 time", 9, "party 🎉\n🎉 time");
	/* a combining mark stays with its base, a wide char never overflows */
	EXPECT("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, "e\xcc\x81" "e\xcc\x81\ne\xcc\x81");
	EXPECT("東x", 1, "?\nx");

	const char *mixed = "Copper 東京 office: 会議は明日です 🎉 and a café, naïve résumé. "
			    "Emoji 👍🏽 and more 日本語のテキストがここに続きます。";
	for (int w = 1; w <= 40; w++) {
		struct md_doc *doc = render(mixed, w);
		check_doc(doc, w, __LINE__);
		CHECK(doc->nlines > 0);
		md_free(doc);
	}
}

TEST(test_headings)
{
	struct md_doc *doc = render("# Title *here*\n\nbody\n\n### Small", 40);
	CHECK_INT(doc->nlines, 5);
	SPAN(doc, 0, 0, "Title ", MD_HEADING | MD_BOLD);
	SPAN(doc, 0, 1, "here", MD_HEADING | MD_BOLD | MD_ITALIC);
	CHECK_INT(doc->lines[1].nspans, 0);
	SPAN(doc, 2, 0, "body", 0);
	SPAN(doc, 4, 0, "Small", MD_HEADING | MD_BOLD);
	md_free(doc);
	EXPECT("Setext\n======\ntext", 40, "Setext\n\ntext");
	EXPECT("## A heading that wraps", 10, "A heading\nthat wraps");
}

TEST(test_emphasis_and_code)
{
	struct md_doc *doc = render("a *b **c** d* `e  f` __g__", 40);
	CHECK_INT(doc->nlines, 1);
	CHECK_INT(doc->lines[0].nspans, 8);
	SPAN(doc, 0, 0, "a ", 0);
	SPAN(doc, 0, 1, "b ", MD_ITALIC);
	SPAN(doc, 0, 2, "c", MD_ITALIC | MD_BOLD);
	SPAN(doc, 0, 3, " d", MD_ITALIC);
	SPAN(doc, 0, 4, " ", 0);
	SPAN(doc, 0, 5, "e  f", MD_CODE);
	SPAN(doc, 0, 6, " ", 0);
	SPAN(doc, 0, 7, "g", MD_BOLD);
	md_free(doc);
}

TEST(test_code_blocks)
{
	const char *md = "```c\nint x;\n\tif (x)\n\nreturn a_rather_long_line;\n```";
	struct md_doc *doc = render(md, 16);
	char *plain = md_to_plain(doc);
	/* not re-wrapped, tab expanded, a long line broken hard at the width */
	CHECK_STR(plain, "  int x;\n      if (x)\n\n  return a_rathe\n  r_long_line;");
	SPAN(doc, 0, 0, "  ", 0);
	SPAN(doc, 0, 1, "int x;", MD_CODE);
	CHECK_INT(doc->lines[2].nspans, 0);
	check_doc(doc, 16, __LINE__);
	free(plain);
	md_free(doc);
	EXPECT("    indented\n    code", 40, "  indented\n  code");
	EXPECT("text\n\n```\na    b\nc\n```\n\nafter", 40, "text\n\n  a    b\n  c\n\nafter");
}

TEST(test_lists)
{
	EXPECT("- one\n- two\n- three", 40, "\xe2\x80\xa2 one\n\xe2\x80\xa2 two\n\xe2\x80\xa2 three");
	/* hanging indent for continuation lines */
	EXPECT("- alpha beta gamma", 12, "\xe2\x80\xa2 alpha beta\n  gamma");
	EXPECT("1. first item\n2. second", 10, "1. first\n   item\n2. second");
	EXPECT("3) x\n4) y", 10, "3) x\n4) y");
	/* numbers padded so the texts line up */
	EXPECT("9. a\n10. b", 10, " 9. a\n10. b");
	/* nesting: tight lists stay tight, the nested list indents further */
	EXPECT("- a\n  - b\n    - c\n- d", 40,
	       "\xe2\x80\xa2 a\n  \xe2\x80\xa2 b\n    \xe2\x80\xa2 c\n\xe2\x80\xa2 d");
	EXPECT("1. a\n   - bb cc dd\n2. e", 12, "1. a\n   \xe2\x80\xa2 bb cc\n     dd\n2. e");
	/* loose list: a blank line between items, none inside */
	EXPECT("- a\n\n- b\n\n  more", 40, "\xe2\x80\xa2 a\n\n\xe2\x80\xa2 b\n\n  more");
	EXPECT("para\n\n- a\n- b\n\nafter", 40, "para\n\n\xe2\x80\xa2 a\n\xe2\x80\xa2 b\n\nafter");
	EXPECT("- \n- x", 40, "\xe2\x80\xa2\n\xe2\x80\xa2 x");
	EXPECT("- - x", 40, "\xe2\x80\xa2 \xe2\x80\xa2 x");
}

TEST(test_block_quotes)
{
	struct md_doc *doc = render("> one two three", 7);
	CHECK_INT(doc->nlines, 3);
	SPAN(doc, 0, 0, "\xe2\x94\x82 one", MD_QUOTE);
	SPAN(doc, 2, 0, "\xe2\x94\x82 three", MD_QUOTE);
	md_free(doc);
	EXPECT("> a\n>\n> > b\n\nc", 40, "\xe2\x94\x82 a\n\xe2\x94\x82\n\xe2\x94\x82 \xe2\x94\x82 b\n\nc");
	EXPECT("> - x\n>   y", 40, "\xe2\x94\x82 \xe2\x80\xa2 x y");
	EXPECT("- > q", 40, "\xe2\x80\xa2 \xe2\x94\x82 q");
	doc = render("> *em*", 40);
	SPAN(doc, 0, 0, "\xe2\x94\x82 ", MD_QUOTE);
	SPAN(doc, 0, 1, "em", MD_QUOTE | MD_ITALIC);
	md_free(doc);
}

TEST(test_deep_nesting_capped)
{
	/* 60 quote levels at width 30: the prefix stops at 20 columns */
	struct strbuf sb = {0};
	for (int i = 0; i < 60; i++)
		sb_puts(&sb, "> ");
	sb_puts(&sb, "deeptext deeptext");
	struct md_doc *doc = render(sb.data, 30);
	check_doc(doc, 30, __LINE__);
	CHECK_INT(doc->nlines, 2);
	CHECK_INT(md_line_width(&doc->lines[0]), 28);
	md_free(doc);
	sb_free(&sb);

	/* 3000 nested list items: still one bullet per shown level, and the
	 * innermost marker is kept */
	for (int i = 0; i < 3000; i++)
		sb_puts(&sb, "- ");
	sb_puts(&sb, "end");
	doc = render(sb.data, 14);
	char *plain = md_to_plain(doc);
	CHECK_STR(plain, "\xe2\x80\xa2 \xe2\x80\xa2 \xe2\x80\xa2 end");
	free(plain);
	md_free(doc);
	sb_free(&sb);

	/* a narrow pane gives text the whole width */
	EXPECT("> > deep", 1, "d\ne\ne\np");
	EXPECT("- x y", 4, "\xe2\x80\xa2 x\n  y");
}

TEST(test_links_and_images)
{
	struct md_doc *doc = render("see [the docs](https://c.io/d) now", 80);
	CHECK_INT(doc->lines[0].nspans, 4);
	SPAN(doc, 0, 0, "see ", 0);
	SPAN(doc, 0, 1, "the docs", MD_LINK);
	SPAN(doc, 0, 2, " <https://c.io/d>", MD_DIM);
	SPAN(doc, 0, 3, " now", 0);
	md_free(doc);
	doc = render("<https://c.io> and [**b**](x)", 80);
	SPAN(doc, 0, 0, "https://c.io", MD_LINK);
	SPAN(doc, 0, 2, "b", MD_LINK | MD_BOLD);
	SPAN(doc, 0, 3, " <x>", MD_DIM);
	md_free(doc);
	EXPECT("<ann@c.io>", 80, "ann@c.io");
	EXPECT("[https://c.io](https://c.io)", 80, "https://c.io");
	EXPECT("[empty]()", 80, "empty");
	EXPECT("![a *logo*](logo.png)", 80, "[image: a logo] <logo.png>");
	EXPECT("![](x.png)", 80, "[image] <x.png>");
	EXPECT("[![i](a.png)](b)", 80, "[image: i] <a.png> <b>");
	EXPECT("[ref]\n\n[ref]: http://r.io", 80, "ref <http://r.io>");
	/* the URL wraps like a word */
	EXPECT("[docs](http://c.io/x)", 10, "docs\n<http://c.\nio/x>");
}

TEST(test_thematic_break)
{
	EXPECT("a\n\n---\n\nb", 5, "a\n\n\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\n\nb");
	EXPECT("> ***", 4, "\xe2\x94\x82 \xe2\x94\x80\xe2\x94\x80");
	struct md_doc *doc = render("___", 3);
	SPAN(doc, 0, 0, "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80", MD_DIM);
	md_free(doc);
	/* a "don't wrap" width does not build a gigantic rule */
	doc = render("---", INT_MAX);
	CHECK(md_line_width(&doc->lines[0]) <= 500);
	md_free(doc);
	EXPECT("> - a *b*\n>   c\n\n1. x", INT_MAX,
	       "\xe2\x94\x82 \xe2\x80\xa2 a b c\n\n1. x");
}

TEST(test_soft_and_hard_breaks)
{
	EXPECT("one\ntwo", 40, "one two");
	EXPECT("one  \ntwo", 40, "one\ntwo");
	EXPECT("one\\\ntwo", 40, "one\ntwo");
	EXPECT("one\\\n\\\ntwo", 40, "one\n\ntwo");
	EXPECT("> a  \n> b", 40, "\xe2\x94\x82 a\n\xe2\x94\x82 b");
	EXPECT("- a  \n  b", 40, "\xe2\x80\xa2 a\n  b");
}

TEST(test_raw_html_inert)
{
	struct md_doc *doc = render("<script>alert(1)</script>\n\ntext <b>bold</b>", 80);
	CHECK_INT(doc->nlines, 3);
	SPAN(doc, 0, 0, "<script>alert(1)</script>", MD_DIM);
	SPAN(doc, 2, 0, "text ", 0);
	SPAN(doc, 2, 1, "<b>", MD_DIM);
	SPAN(doc, 2, 2, "bold", 0);
	SPAN(doc, 2, 3, "</b>", MD_DIM);
	md_free(doc);
	EXPECT("<div>\n<p>x</p>\n</div>", 80, "<div>\n<p>x</p>\n</div>");
	EXPECT("<!-- hidden? -->", 80, "<!-- hidden? -->");
	EXPECT("a <img src=x onerror=alert(1)>", 80, "a <img src=x onerror=alert(1)>");
	/* javascript: URLs are shown, not followed */
	EXPECT("[x](javascript:alert(1))", 80, "x <javascript:alert(1)>");
}

TEST(test_hostile_input_inert)
{
	const char *hostile[] = {
		"plain \x1b]0;pwned\x07\x1b[2J\x1b[31mred\x1b[0m text",
		"entities &#27;[2J &#x1b;]0;t&#7; &#x9b;31m &#155; &#x202e;rlo &#0; &#13;",
		"[link](http://x/&#27;[2J) ![img](&#x1b;]52;c;Zm9v&#7;)",
		"`code \x1b[31m` and\x01\x02\x7f ctl \x9b\x9d",
		"```\n\x1b[31mfenced\x1b[0m\x08\x08\n&#27; stays\n```",
		"> quote \xff\xfe \xc0\xaf \xed\xa0\x80 \xe6\x9d",
		"# head \r\nline\rmore \x1b",
		"<span>\x1b[5m</span> &#x85; &#8238;",
	};
	for (size_t i = 0; i < ARRAY_SIZE(hostile); i++) {
		for (int w = 1; w <= 41; w += 20) {
			struct md_doc *doc = render(hostile[i], w);
			CHECK(doc->nlines > 0);
			check_doc(doc, w, __LINE__);
			md_free(doc);
		}
	}
	/* NUL bytes inside the given length do not cut the text */
	struct md_doc *doc = md_render("a\0b", 3, 40);
	char *plain = md_to_plain(doc);
	CHECK_STR(plain, "ab");
	free(plain);
	md_free(doc);
	EXPECT("x \xff y", 40, "x \xef\xbf\xbd y");
	EXPECT("a&#27;[31mb", 40, "ab");
	/* an escape hidden in a URL by entities is removed, an empty URL dropped */
	EXPECT("[l](http://x/&#27;[2J) ![i](&#x1b;]52;c;Zm9v&#7;)", 40, "l <http://x/> [image: i]");
}

TEST(test_width_one_and_empty)
{
	struct md_doc *doc = render("", 40);
	CHECK_INT(doc->nlines, 0);
	char *plain = md_to_plain(doc);
	CHECK_STR(plain, "");
	free(plain);
	md_free(doc);
	doc = md_render(NULL, 0, 40);
	CHECK_INT(doc->nlines, 0);
	md_free(doc);
	EXPECT("   \n\n  \n", 40, "");
	EXPECT("hi yo", 1, "h\ni\ny\no");
	EXPECT("hi", 0, "h\ni");
	EXPECT("hi", -7, "h\ni");
	EXPECT("- a\n\n---\n\n```\nxy\n```", 1, "a\n\n\xe2\x94\x80\n\nx\ny");
	md_free(NULL);
}

TEST(test_plain_and_width)
{
	struct md_doc *doc = render("# T\n\n**b** `c` 東京", 40);
	char *plain = md_to_plain(doc);
	CHECK_STR(plain, "T\n\nb c 東京");
	free(plain);
	CHECK_INT(md_line_width(&doc->lines[0]), 1);
	CHECK_INT(md_line_width(&doc->lines[1]), 0);
	CHECK_INT(md_line_width(&doc->lines[2]), 8);
	md_free(doc);
}

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static void time_render(const char *name, const char *unit, int width)
{
	struct strbuf sb = {0};
	while (sb.len < 100 * 1024)
		sb_puts(&sb, unit);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct md_doc *doc = md_render(sb.data, sb.len, width);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = elapsed_ms(&t0, &t1);
	printf("    %s: %zu bytes at width %d -> %zu lines in %.1f ms\n", name, sb.len, width,
	       doc->nlines, ms);
	CHECK(ms < 500);
	check_doc(doc, width, __LINE__);
	md_free(doc);
	sb_free(&sb);
}

TEST(test_large_input_fast)
{
	time_render("mixed", "# Heading\n\nSome *emphasis* and **strong** text with `code`, "
		    "a [link](http://example.com/x) and 東京タワー 🎉.\nMore text on a soft "
		    "break line.\n\n- item one\n- item two\n  1. nested\n\n> quote line\n\n"
		    "```\ncode block\n```\n\n<b>html</b>\n\n---\n\n", 80);
	time_render("mixed", "Plain paragraph text that wraps over several lines of a "
		    "narrow pane, again and again.\n\n", 1);
	time_render("one long word", "x", 1);
	time_render("nested quotes", "> a\n>", 40);
	time_render("nested lists", "- ", 40);
	time_render("brackets", "[*`<", 20);
}

static void setup(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
}
TEST_SETUP(setup)
