/*
 * markdown.h - renders the Markdown in record text (details, notes) into
 * styled lines wrapped to a pane width, for the detail pane and for plain
 * command-line output.
 *
 * Parsing is libcmark's (CommonMark, safe mode); raw HTML is shown as dim
 * literal text, never interpreted. Every span's text is sanitized UTF-8
 * without control characters, so it can go straight to a draw call.
 */
#ifndef PATINA_MARKDOWN_H
#define PATINA_MARKDOWN_H

#include <stddef.h>

enum md_style {            /* bit flags */
	MD_BOLD = 1, MD_ITALIC = 2, MD_CODE = 4, MD_HEADING = 8, MD_LINK = 16, MD_QUOTE = 32, MD_DIM = 64
};

struct md_span {
	char *text;      /* sanitized UTF-8, no control chars, never empty */
	unsigned style;  /* enum md_style bits */
};

/* One display line; quote bars, list markers and indents are included as
 * leading spans. Adjacent spans never share a style. A blank line has no
 * spans (or only quote bars). */
struct md_line {
	struct md_span *spans;
	size_t nspans;
};

struct md_doc {
	struct md_line *lines;
	size_t nlines;
};

/* Renders markdown (untrusted: sanitized inside with sanitize_text before
 * parsing) wrapped to width columns (>= 1; smaller values count as 1). No
 * line is wider than width. Never fails; caller frees with md_free. */
struct md_doc *md_render(const char *markdown, size_t len, int width);
void md_free(struct md_doc *doc);
/* The same document as plain text lines joined with '\n' (no trailing
 * newline; "" for an empty document). Caller frees. */
char *md_to_plain(const struct md_doc *doc);
/* Display width of a line (sum of text_width of spans). */
int md_line_width(const struct md_line *line);

#endif
