/* Unit tests: util.c */
#include "config.h"

#include "testlib.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static void test_strbuf_grows_and_detaches(void)
{
	struct strbuf sb = {0};
	for (int i = 0; i < 1000; i++)
		sb_putc(&sb, (char)('a' + i % 26));
	CHECK_INT(sb.len, 1000);
	CHECK_INT(strlen(sb.data), 1000);
	sb_printf(&sb, "%d-%s", 42, "x");
	CHECK_STR(sb.data + 1000, "42-x");
	char *s = sb_detach(&sb);
	CHECK(sb.data == NULL && sb.len == 0);
	CHECK_INT(strlen(s), 1004);
	free(s);
	/* an empty buffer still detaches to a string */
	s = sb_detach(&sb);
	CHECK_STR(s, "");
	free(s);
}

/* Sizes chosen by the network must not end the program: a failure is
 * an answer, and the buffer is left as it was. */
static void test_strbuf_try_append_fails_without_aborting(void)
{
	struct strbuf sb = {0};
	CHECK(sb_try_append(&sb, "abc", 3));
	CHECK(sb_try_append(&sb, "", 0));
	CHECK_STR(sb.data, "abc");
	CHECK(!sb_try_append(&sb, "x", SIZE_MAX - 2));
	CHECK(!sb_try_append(&sb, "x", SIZE_MAX / 2));
	CHECK_STR(sb.data, "abc");
	CHECK_INT(sb.len, 3);
	sb_free(&sb);
}

static void test_trim(void)
{
	char a[] = "  \t hello world \n";
	CHECK_STR(str_trim(a), "hello world");
	char b[] = "   ";
	CHECK_STR(str_trim(b), "");
}

static void test_to_i64(void)
{
	int64_t v;
	CHECK(str_to_i64("9007199254740993", &v) && v == 9007199254740993LL);
	CHECK(str_to_i64("-2", &v) && v == -2);
	CHECK(!str_to_i64("12x", &v));
	CHECK(!str_to_i64("", &v));
	CHECK(!str_to_i64(" 1", &v));
	CHECK(!str_to_i64("99999999999999999999", &v));
}

int main(void)
{
	RUN(test_strbuf_grows_and_detaches);
	RUN(test_strbuf_try_append_fails_without_aborting);
	RUN(test_trim);
	RUN(test_to_i64);
	return test_summary();
}
