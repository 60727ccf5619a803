/*
 * fuzz_markdown - record text (details, notes) rendered for the detail pane.
 *
 * Input: one byte giving the pane width (0-255; md_render counts < 1 as
 * 1), then the Markdown.  Path: md_render() at that width and at a narrow
 * one, md_to_plain(), md_line_width().
 *
 * Checks (markdown.h): no line is wider than the width; spans are never
 * empty, adjacent spans never share a style, and every span's text is
 * sanitized UTF-8 without control characters; the plain text is too (with
 * newlines) and has one line per document line.
 */
#include "fuzz_common.h"

#include "model/markdown.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	return 0;
}

static void render(const char *text, size_t len, int width)
{
	struct md_doc *doc = md_render(text, len, width);
	int effective = width < 1 ? 1 : width;
	FUZZ_CHECK(doc, "md_render returned NULL");
	FUZZ_CHECK(doc->nlines == 0 || doc->lines, "lines missing");
	for (size_t i = 0; i < doc->nlines; i++) {
		const struct md_line *l = &doc->lines[i];
		FUZZ_CHECK(l->nspans == 0 || l->spans, "spans missing");
		for (size_t j = 0; j < l->nspans; j++) {
			const struct md_span *sp = &l->spans[j];
			FUZZ_CHECK(sp->text && *sp->text, "line %zu span %zu is empty", i, j);
			FUZZ_CHECK_CLEAN(sp->text, false, "a Markdown span");
			FUZZ_CHECK(j == 0 || l->spans[j - 1].style != sp->style,
				   "line %zu: spans %zu and %zu share style %u", i, j - 1, j, sp->style);
		}
		int w = md_line_width(l);
		FUZZ_CHECK(w <= effective, "line %zu is %d columns wide at width %d", i, w, effective);
	}
	char *plain = md_to_plain(doc);
	FUZZ_CHECK_CLEAN(plain, true, "md_to_plain output");
	size_t newlines = 0;
	for (const char *p = plain; *p; p++)
		newlines += *p == '\n';
	FUZZ_CHECK(doc->nlines == 0 ? !*plain : newlines == doc->nlines - 1,
		   "%zu newlines for %zu lines", newlines, doc->nlines);
	free(plain);
	md_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int width = data[0];
	/* md_render takes a length: inner NULs included */
	render((const char *)data + 1, size - 1, width);
	/* as from a record: a C string, so inner NULs end it; a narrow pane */
	char *text = fuzz_text(data + 1, size - 1);
	render(text, strlen(text), 1 + width % 12);
	free(text);
	return 0;
}
