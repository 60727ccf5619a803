/*
 * detail.h - a record laid out as lines of styled text: the one layout of
 * the detail pane and of `patina show`.
 *
 * The input is the detail model (fields.h); the output is a document of
 * lines, each a row of spans: sanitized text with a style of this layer,
 * never a curses attribute or an escape sequence. The detail view maps the
 * styles to its theme, the command line to SGR codes (or to nothing when
 * piped), so both show a record the same way.
 *
 * The layout of the fields (detail_add_fields):
 *   - a label column as wide as the widest label, at most 22 columns and
 *     at most a third of the width; a longer label is cut with an ellipsis;
 *   - the value two columns after it, wrapped at spaces (util/text.h) with
 *     its continuation lines indented to the value column; each line of a
 *     list or an address on a line of its own, likewise indented;
 *   - FIELD_LONGTEXT under its whole label, rendered as Markdown
 *     (markdown.h), indented two columns;
 *   - an empty field as an em dash when asked to show them, else left out;
 *   - FIELD_UNMAPPED's note dimmed, the value of a field that refers to a
 *     record (ref_id) as a link.
 * Text always gets at least 10 columns, so at a width under about 16 a
 * line can be wider than the width; give DETAIL_UNWRAPPED for text that
 * must never wrap (a pipe).
 *
 * Every line knows the field it belongs to (an index into the field_list),
 * for a selection and for following a link.
 */
#ifndef PATINA_DETAIL_H
#define PATINA_DETAIL_H

#include "copper/entity.h"
#include "model/fields.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A width that never wraps (a label column still at most 22). */
#define DETAIL_UNWRAPPED 100000

/* What a span is, as bit flags: a role (label, value, link...) and any of
 * Markdown's emphases on top. DETAIL_VALUE (no bit) is plain text. */
enum detail_style {
	DETAIL_VALUE = 0,
	DETAIL_LABEL = 1 << 0,   /* a field's label */
	DETAIL_EMPTY = 1 << 1,   /* dimmed: an empty field's dash, an unmapped field's
				  * note, the record's kind, Markdown's raw HTML */
	DETAIL_LINK = 1 << 2,    /* the value of a field that refers to a record */
	DETAIL_HEADING = 1 << 3, /* the record's name; a Markdown heading */
	DETAIL_URL = 1 << 4,     /* the text of a Markdown link */
	DETAIL_CODE = 1 << 5,    /* Markdown code */
	DETAIL_QUOTE = 1 << 6,   /* a Markdown block quote, its bar included */
	DETAIL_BOLD = 1 << 7,    /* Markdown emphasis */
	DETAIL_ITALIC = 1 << 8,
	DETAIL_ERROR = 1 << 9,   /* what could not be read, where it would be */
	DETAIL_PENDING = 1 << 10,/* a placeholder while something loads */
	DETAIL_GROUP = 1 << 11   /* the heading of a group of related records */
};

struct detail_span {
	char *text;              /* sanitized UTF-8 without control characters; owned */
	unsigned style;          /* enum detail_style bits */
};

struct detail_line {
	struct detail_span *spans; /* none: a blank line */
	size_t nspans;
	int field;               /* the field (index in the field_list) the line
				  * shows, -1 for the header and blank lines */
};

/* The lines laid out so far; the caller owns it (detail_free). */
struct detail_doc {
	struct detail_line *lines;
	size_t nlines;
};

struct detail_options {
	int width;               /* columns; DETAIL_UNWRAPPED: never wrap */
	bool show_empty;         /* empty fields as an em dash, else left out */
	bool labels_of_all;      /* size the label column by every field's label,
				  * shown or not, so it stays put when show_empty
				  * toggles; else by the labels of the fields shown */
};

struct detail_doc *detail_new(void);
void detail_free(struct detail_doc *d);

/*
 * The header: the record's name (NULL: "(no name)"; sanitized here) as a
 * heading, and its kind ("Person #12") dimmed two columns after it when
 * both fit in width; else the name wrapped and the kind on a line of its
 * own. No blank line after it: the caller adds what goes between.
 */
void detail_add_header(struct detail_doc *d, const char *name, enum entity e, int64_t id,
		       int width);

/* The fields, laid out as above. fl is only read. */
void detail_add_fields(struct detail_doc *d, const struct field_list *fl,
		       const struct detail_options *o);

/* ---- building blocks, for the detail view's other panes ---------------- */

/* A new line at the end (blank until spans are added); valid until the
 * next line is added. */
struct detail_line *detail_add_line(struct detail_doc *d, int field);
/* Appends a copy of text (expected sanitized) as a span. */
void detail_add_span(struct detail_line *l, const char *text, unsigned style);
/*
 * text wrapped to width: the first line starts with prefix (in its style)
 * and plain spaces up to indent columns, the others with indent spaces.
 * The text gets width - indent columns, at least 10.
 */
void detail_add_wrapped(struct detail_doc *d, int field, const char *prefix,
			unsigned prefix_style, int indent, const char *text, unsigned style,
			int width);
/* Markdown (untrusted: sanitized inside) rendered to width - indent
 * columns (at least 10), each line indented by indent spaces. */
void detail_add_markdown(struct detail_doc *d, int field, const char *markdown, int indent,
			 int width);

/* The width in columns of a line. */
int detail_line_width(const struct detail_line *l);

#endif
