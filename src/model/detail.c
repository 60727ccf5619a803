/* detail.c - see detail.h */
#include "config.h"

#include "model/detail.h"
#include "model/columns.h"
#include "model/markdown.h"
#include "util/sanitize.h"
#include "util/text.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_MAX 22   /* columns of the label column, at most */
#define TEXT_MIN 10    /* columns text always gets, however narrow the width */
#define EM_DASH "\xe2\x80\x94"

struct detail_doc *detail_new(void)
{
	return xcalloc(1, sizeof(struct detail_doc));
}

void detail_free(struct detail_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nlines; i++) {
		for (size_t k = 0; k < d->lines[i].nspans; k++)
			free(d->lines[i].spans[k].text);
		free(d->lines[i].spans);
	}
	free(d->lines);
	free(d);
}

struct detail_line *detail_add_line(struct detail_doc *d, int field)
{
	d->lines = xrealloc(d->lines, (d->nlines + 1) * sizeof(*d->lines));
	struct detail_line *l = &d->lines[d->nlines++];
	*l = (struct detail_line){ NULL, 0, field };
	return l;
}

void detail_add_span(struct detail_line *l, const char *text, unsigned style)
{
	l->spans = xrealloc(l->spans, (l->nspans + 1) * sizeof(*l->spans));
	l->spans[l->nspans++] = (struct detail_span){ xstrdup(text), style };
}

/* n spaces as a plain span: what only places the text after it */
static void add_pad(struct detail_line *l, int n)
{
	if (n <= 0)
		return;
	char *pad = xasprintf("%*s", n, "");
	detail_add_span(l, pad, DETAIL_VALUE);
	free(pad);
}

int detail_line_width(const struct detail_line *l)
{
	int w = 0;
	for (size_t i = 0; i < l->nspans; i++)
		w += text_width(l->spans[i].text);
	return w;
}

void detail_add_wrapped(struct detail_doc *d, int field, const char *prefix,
			unsigned prefix_style, int indent, const char *text, unsigned style,
			int width)
{
	int room = width - indent > TEXT_MIN ? width - indent : TEXT_MIN;
	const char *p = text;
	bool first = true;
	do {
		struct detail_line *l = detail_add_line(d, field);
		if (first && *prefix) {
			detail_add_span(l, prefix, prefix_style);
			add_pad(l, indent - text_width(prefix));
		} else {
			add_pad(l, indent);
		}
		size_t next, n = text_wrap_next(p, room, &next);
		char *chunk = xstrndup(p, n);
		detail_add_span(l, chunk, style);
		free(chunk);
		p += next;
		first = false;
	} while (*p);
}

static unsigned markdown_style(unsigned md)
{
	return (md & MD_BOLD ? DETAIL_BOLD : 0) | (md & MD_ITALIC ? DETAIL_ITALIC : 0) |
	       (md & MD_CODE ? DETAIL_CODE : 0) | (md & MD_HEADING ? DETAIL_HEADING : 0) |
	       (md & MD_LINK ? DETAIL_URL : 0) | (md & MD_QUOTE ? DETAIL_QUOTE : 0) |
	       (md & MD_DIM ? DETAIL_EMPTY : 0);
}

void detail_add_markdown(struct detail_doc *d, int field, const char *markdown, int indent,
			 int width)
{
	int room = width - indent > TEXT_MIN ? width - indent : TEXT_MIN;
	struct md_doc *doc = md_render(markdown, strlen(markdown), room);
	for (size_t i = 0; i < doc->nlines; i++) {
		struct detail_line *l = detail_add_line(d, field);
		add_pad(l, indent);
		for (size_t k = 0; k < doc->lines[i].nspans; k++)
			detail_add_span(l, doc->lines[i].spans[k].text,
					markdown_style(doc->lines[i].spans[k].style));
	}
	md_free(doc);
}

void detail_add_header(struct detail_doc *d, const char *name, enum entity e, int64_t id,
		       int width)
{
	char *clean = name ? sanitize_line(name, strlen(name)) : xstrdup("(no name)");
	char *kind = xasprintf("%s #%" PRId64, entity_title(e), id);
	if (text_width(clean) + 2 + text_width(kind) <= width) {
		struct detail_line *l = detail_add_line(d, -1);
		detail_add_span(l, clean, DETAIL_HEADING);
		char *beside = xasprintf("  %s", kind);
		detail_add_span(l, beside, DETAIL_EMPTY);
		free(beside);
	} else {
		/* a name is what one reads first: wrapped whole, never cut */
		detail_add_wrapped(d, -1, "", DETAIL_VALUE, 0, clean, DETAIL_HEADING, width);
		detail_add_span(detail_add_line(d, -1), kind, DETAIL_EMPTY);
	}
	free(kind);
	free(clean);
}

static bool shown(const struct field *f, const struct detail_options *o)
{
	return !f->empty || o->show_empty;
}

static int label_width(const struct field_list *fl, const struct detail_options *o)
{
	int w = 0;
	for (size_t i = 0; i < fl->count; i++) {
		const struct field *f = &fl->fields[i];
		int lw = text_width(f->label);
		if ((o->labels_of_all || shown(f, o)) && lw > w)
			w = lw;
	}
	if (w > LABEL_MAX)
		w = LABEL_MAX;
	if (w > o->width / 3)
		w = o->width / 3;
	return w;
}

/* Long text goes under its label, which then needs no padding and is cut
 * only when wider than the width. */
static void add_longtext(struct detail_doc *d, int field, const struct field *f, int width)
{
	char *label = text_width(f->label) > width ? columns_fit(f->label, width, false)
						   : xstrdup(f->label);
	detail_add_span(detail_add_line(d, field), label, DETAIL_LABEL);
	free(label);
	detail_add_markdown(d, field, f->lines[0], 2, width);
}

void detail_add_fields(struct detail_doc *d, const struct field_list *fl,
		       const struct detail_options *o)
{
	int label_w = label_width(fl, o);
	int indent = label_w + 2;
	for (size_t i = 0; i < fl->count; i++) {
		const struct field *f = &fl->fields[i];
		int field = (int)i;
		if (!shown(f, o))
			continue;
		if (!f->empty && f->kind == FIELD_LONGTEXT && f->nlines) {
			add_longtext(d, field, f, o->width);
			continue;
		}
		char *label = columns_fit(f->label, label_w, false);
		if (f->empty) {
			detail_add_wrapped(d, field, label, DETAIL_LABEL, indent, EM_DASH,
					   DETAIL_EMPTY, o->width);
		} else if (!f->nlines) {
			detail_add_span(detail_add_line(d, field), label, DETAIL_LABEL);
		} else {
			unsigned style = f->kind == FIELD_UNMAPPED ? DETAIL_EMPTY
				: f->ref_id ? DETAIL_LINK : DETAIL_VALUE;
			for (size_t k = 0; k < f->nlines; k++)
				detail_add_wrapped(d, field, k ? "" : label, DETAIL_LABEL, indent,
						   f->lines[k], style, o->width);
		}
		free(label);
	}
}
