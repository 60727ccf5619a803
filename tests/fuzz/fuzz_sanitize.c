/*
 * fuzz_sanitize - the one gate between untrusted text and the terminal.
 *
 * Input: one byte giving a column budget (0-255), then raw bytes (NULs
 * included: the sanitizers take a length).  Path: utf8_decode over the raw
 * bytes, sanitize_line and sanitize_text, text_width and text_fit on their
 * output and on the raw input.
 *
 * Checks (sanitize.h): the output is valid UTF-8 with no byte below 0x20
 * except '\n' in text mode (none at all in line mode), no ESC, no DEL, no C1
 * control and no bidi override; sanitizing again changes nothing; text_fit
 * never exceeds its budget, never splits a code point, and agrees with
 * text_width.
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	return 0;
}

static void check_fit(const char *s, int max_cols, bool sanitized)
{
	size_t len = strlen(s);
	int cols = -1;
	size_t n = text_fit(s, max_cols, &cols);
	FUZZ_CHECK(n <= len, "text_fit: %zu bytes of %zu", n, len);
	FUZZ_CHECK(cols >= 0 && cols <= (max_cols > 0 ? max_cols : 0),
		   "text_fit(max %d) used %d columns", max_cols, cols);
	if (sanitized) {
		FUZZ_CHECK(n == len || ((unsigned char)s[n] & 0xc0) != 0x80,
			   "text_fit split a code point at byte %zu", n);
		char *prefix = xstrndup(s, n);
		int w = text_width(prefix);
		FUZZ_CHECK(w == cols, "text_fit says %d columns, text_width of its prefix %d", cols, w);
		free(prefix);
		/* everything fits a budget of its own width */
		int all = text_width(s), all_cols;
		FUZZ_CHECK(text_fit(s, all, &all_cols) == len && all_cols == all,
			   "text_fit(width %d) did not take the whole string", all);
	}
	(void)text_fit(s, max_cols, NULL);
}

static void check_output(const char *out, bool multiline, const uint8_t *in, size_t in_len)
{
	FUZZ_CHECK(out, "sanitize returned NULL");
	size_t len = strlen(out), bad = fuzz_utf8_bad_at(out, len);
	FUZZ_CHECK(bad == len, "invalid UTF-8 out at byte %zu", bad);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		FUZZ_CHECK(c >= 0x20 || (multiline && c == '\n'),
			   "byte 0x%02x at %zu in %s output", c, i, multiline ? "text" : "line");
		FUZZ_CHECK(c != 0x1b && c != 0x7f, "ESC or DEL at %zu", i);
	}
	FUZZ_CHECK_CLEAN(out, multiline, multiline ? "sanitize_text output" : "sanitize_line output");
	/* no growth beyond what the rules allow: a tab is at most 4 bytes, a
	 * bad byte becomes 3 (U+FFFD) */
	FUZZ_CHECK(len <= 4 * in_len, "%zu bytes out of %zu in", len, in_len);
	(void)in;

	/* sanitized text is a fixed point */
	char *again = multiline ? sanitize_text(out, len) : sanitize_line(out, len);
	FUZZ_CHECK(!strcmp(again, out), "sanitizing twice changed \"%.200s\" to \"%.200s\"", out, again);
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int max_cols = data[0];
	data++, size--;

	/* the decoder, on every suffix start */
	for (size_t i = 0; i < size;) {
		unsigned cp = 0;
		size_t n = utf8_decode((const char *)data + i, size - i, &cp);
		FUZZ_CHECK(n >= 1 && n <= 4 && n <= size - i, "utf8_decode consumed %zu of %zu", n, size - i);
		FUZZ_CHECK(cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff), "utf8_decode gave U+%X", cp);
		i += n;
	}

	char *line = sanitize_line((const char *)data, size);
	check_output(line, false, data, size);
	char *text = sanitize_text((const char *)data, size);
	check_output(text, true, data, size);

	check_fit(line, max_cols, true);
	check_fit(line, max_cols - 128, true);
	check_fit(text, max_cols, true);

	/* the raw bytes as a C string: must not crash, budget still holds */
	char *raw = fuzz_text(data, size);
	(void)text_width(raw);
	check_fit(raw, max_cols, false);
	free(raw);

	free(line);
	free(text);
	return 0;
}
