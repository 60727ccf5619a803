/* Unit tests: cli/output.c, the writers of the commands' TSV, CSV and JSON */
#include "config.h"

#include "cli/output.h"
#include "util/util.h"
#include "testlib.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* What fn writes on stdout. Caller frees. */
static char *captured(void (*fn)(const void *), const void *arg)
{
	char *path = xasprintf("%s/stdout", test_tmpdir());
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	fn(arg);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	size_t len = 0;
	char *text = file_read_all(path, 1 << 20, &len);
	free(path);
	return text ? text : xstrdup("");
}

static char *last_cell; /* cell()'s answer, freed by the next call */

static const char *cell(enum format fmt, const char *s, bool raw)
{
	free(last_cell);
	return last_cell = output_cell(fmt, s, raw);
}

/* ---- CSV injection ---------------------------------------------------------- */

TEST(test_formulas_get_a_quote_in_front)
{
	static const char *const formulas[] = {
		"=1+1", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
		"=HYPERLINK(\"http://x.example\",\"y\")", "-", "+", "=", "@",
		"\xef\xbc\x9d" "1+1", /* full-width '=' */
	};
	for (size_t i = 0; i < ARRAY_SIZE(formulas); i++) {
		const char *tsv = cell(FMT_TSV, formulas[i], false);
		CHECK(tsv[0] == '\'');
		const char *csv = cell(FMT_CSV, formulas[i], false);
		CHECK(csv[0] == '\'' || (csv[0] == '"' && csv[1] == '\''));
	}
	CHECK_STR(cell(FMT_TSV, "=1+1", false), "'=1+1");
	CHECK_STR(cell(FMT_CSV, "=1+1", false), "'=1+1");
	CHECK_STR(cell(FMT_CSV, "=SUM(A1,A2)", false), "\"'=SUM(A1,A2)\"");
	CHECK_STR(cell(FMT_CSV, "=HYPERLINK(\"x\")", false), "\"'=HYPERLINK(\"\"x\"\")\"");
	/* the tab that made it a formula is a space in TSV: the row stays whole */
	CHECK_STR(cell(FMT_TSV, "\t=1", false), "' =1");
	CHECK_STR(cell(FMT_CSV, "\t=1", false), "'\t=1");
}

TEST(test_numbers_and_text_stay_as_they_are)
{
	static const char *const plain[] = {
		"-12.5", "+3", "-1", "42", "Acme, Inc.", "a=b", "jane@acme.example", "", " =1",
		"1-2", "Grace Kim",
	};
	for (size_t i = 0; i < ARRAY_SIZE(plain); i++)
		CHECK(cell(FMT_TSV, plain[i], false)[0] != '\'');
	CHECK_STR(cell(FMT_TSV, "-12.5", false), "-12.5");
	CHECK_STR(cell(FMT_CSV, "Acme, Inc.", false), "\"Acme, Inc.\"");
	CHECK_STR(cell(FMT_CSV, " =1", false), "\" =1\"");
	/* money is text with a currency: a leading '-' is guarded */
	CHECK_STR(cell(FMT_TSV, "-1,000.50 USD", false), "'-1,000.50 USD");
	CHECK_STR(cell(FMT_TSV, "-1e5", false), "'-1e5");
}

TEST(test_raw_cells_turns_the_guard_off_but_not_the_row)
{
	CHECK_STR(cell(FMT_TSV, "=1+1", true), "=1+1");
	CHECK_STR(cell(FMT_CSV, "@x", true), "@x");
	CHECK_STR(cell(FMT_TSV, "=a\tb\nc", true), "=a b c");
	CHECK_STR(cell(FMT_TSV, "=a\xe2\x80\xa8" "b", true), "=a b");
}

/* ---- rows stay rows ------------------------------------------------------------- */

TEST(test_separators_cannot_break_a_row)
{
	/* U+2028, U+2029, NEL, VT, FF, FS, GS, RS, US, CR, LF, tab */
	const char *s = "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c\xc2\x85" "d\x0b" "e\x0c" "f\x1c" "g\x1d"
			"h\x1e" "i\x1f" "j\rk\nl\tm";
	CHECK_STR(cell(FMT_TSV, s, false), "a b c d e f g h i j k l m");
	CHECK_STR(cell(FMT_CSV, s, false), "\"a b c d e f g h i j\rk\nl\tm\"");
	/* U+FEFF goes, wherever it is */
	CHECK_STR(cell(FMT_TSV, "\xef\xbb\xbfname\xef\xbb\xbf", false), "name");
	/* nor does it hide a formula from the guard: dropped, it leaves '=' first */
	CHECK_STR(cell(FMT_CSV, "\xef\xbb\xbf=1", false), "'=1");
	CHECK_STR(cell(FMT_TSV, "\xef\xbb\xbf\xef\xbb\xbf@x", false), "'@x");
}

static void write_rows(const void *arg)
{
	(void)arg;
	char r1[][32] = { "1", "=cmd|'/C calc'!A0", "a\xe2\x80\xa8" "b", "x,y" };
	char r2[][32] = { "2", "@name", "plain", "-3" };
	char *row1[] = { r1[0], r1[1], r1[2], r1[3] }, *row2[] = { r2[0], r2[1], r2[2], r2[3] };
	output_row(FMT_CSV, row1, 4, false);
	output_row(FMT_CSV, row2, 4, false);
	output_row(FMT_TSV, row1, 4, false);
	output_row(FMT_TSV, row2, 4, true);
}

TEST(test_rows)
{
	char *out = captured(write_rows, NULL);
	CHECK_STR(out, "1,'=cmd|'/C calc'!A0,a b,\"x,y\"\n"
		  "2,'@name,plain,-3\n"
		  "1\t'=cmd|'/C calc'!A0\ta b\tx,y\n"
		  "2\t@name\tplain\t-3\n");
	free(out);
}

/* ---- JSON ------------------------------------------------------------------------ */

static bool has_raw(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x7f || (*p < 0x20 && *p != '\n' && *p != '\t'))
			return true;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return true; /* C1 */
		if (*p == 0xe2 && p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xaf)
			return true; /* U+2028-U+202F: separators, embeddings, overrides */
		if (*p == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			return true; /* isolates */
	}
	return false;
}

TEST(test_json_escapes_what_a_terminal_acts_on)
{
	const char *src = "{\"name\":\"a\\u009b2J\\u009d0;owned\\u0007b\\u007f\\u202eevil\\u2066x"
			  "\\u2069\\u2028\\u2029\\u200f\\u061c\\u0085\\u001b[31m\","
			  "\"ok\":\"caf\\u00e9 \\u65e5\\u672c \\ud83d\\ude00\",\"n\":[1,2.5,null,true]}";
	cJSON *j = cJSON_Parse(src);
	CHECK(j != NULL);
	char *printed = cJSON_PrintUnformatted(j);
	CHECK(has_raw(printed)); /* cJSON leaves them raw */
	char *safe = output_json_text(printed);
	CHECK(!has_raw(safe));
	CHECK_CONTAINS(safe, "\\u009b2J");
	CHECK_CONTAINS(safe, "\\u009d0;owned");
	CHECK_CONTAINS(safe, "\\u007f");
	CHECK_CONTAINS(safe, "\\u202eevil");
	CHECK_CONTAINS(safe, "\\u2066x\\u2069\\u2028\\u2029\\u200f\\u061c\\u0085");
	/* the rest of the text is untouched */
	CHECK_CONTAINS(safe, "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
	/* the same JSON */
	cJSON *back = cJSON_Parse(safe);
	CHECK(back && cJSON_Compare(j, back, true));
	cJSON_Delete(back);
	free(safe);
	cJSON_free(printed);
	cJSON_Delete(j);
}

TEST(test_json_invalid_utf8_becomes_fffd)
{
	char *safe = output_json_text("{\"a\":\"x\x9b" "2J\xc3y\xff\"}");
	CHECK_STR(safe, "{\"a\":\"x\\ufffd2J\\ufffdy\\ufffd\"}");
	cJSON *back = cJSON_Parse(safe);
	CHECK(back != NULL);
	cJSON_Delete(back);
	free(safe);
}

static void write_json(const void *arg)
{
	const cJSON *rec = arg;
	output_json(FMT_NDJSON, rec);
	output_json_item(rec, 0);
	output_json_item(rec, 1);
	output_json_end(2);
}

TEST(test_json_writers)
{
	cJSON *rec = cJSON_Parse("{\"id\":1,\"name\":\"\\u009d2;title\\u0007\\u202e\"}");
	char *out = captured(write_json, rec);
	CHECK(!has_raw(out));
	CHECK_CONTAINS(out, "{\"id\":1,\"name\":\"\\u009d2;title\\u0007\\u202e\"}\n[\n");
	char *array = strchr(out, '[');
	cJSON *back = cJSON_Parse(array);
	CHECK(cJSON_GetArraySize(back) == 2);
	CHECK(cJSON_Compare(cJSON_GetArrayItem(back, 1), rec, true));
	cJSON_Delete(back);
	cJSON_Delete(rec);
	free(out);
}

static void teardown(void)
{
	free(last_cell);
}
TEST_TEARDOWN(teardown)
