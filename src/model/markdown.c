/*
 * markdown.c - Markdown to styled, wrapped lines (see markdown.h).
 *
 * The input is sanitized, parsed by libcmark and walked with its iterator.
 * Container blocks (quotes, list items, code blocks) push a "container"
 * whose prefix - a quote bar, a list marker or its hanging indent - starts
 * every output line while it is open. The inlines of a paragraph or heading
 * become tokens (words, spaces, hard breaks) that are wrapped greedily when
 * the block ends; code and HTML blocks keep their own line breaks.
 *
 * cmark decodes entities and backslash escapes, so "&#27;" in the input is
 * an ESC in a node's literal: every literal and URL is sanitized again.
 */
#include "config.h"

#include "model/markdown.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BULLET    "\xe2\x80\xa2 "   /* "• " */
#define QUOTE_BAR "\xe2\x94\x82 "   /* "│ " */
#define RULE_CHAR "\xe2\x94\x80"    /* "─" */
#define RULE_MAX  500   /* a huge "don't wrap" width must not allocate GBs */
#define MIN_TEXT  10    /* columns kept for text however deep the nesting */
#define NONE      ((size_t)-1)

static const char spaces[] = "                                ";

enum ctr_kind { CTR_QUOTE, CTR_LIST, CTR_ITEM, CTR_CODE };

struct container {
	enum ctr_kind kind;
	char marker[32];     /* prefix text: bar, "• ", "12. ", code indent */
	int mwidth;          /* its width; lists have none */
	bool marker_done;    /* item: marker shown, later lines get spaces */
	unsigned style;
	bool ordered;        /* lists: how their items are numbered */
	char delim;
	int numwidth;
	long next;
};

enum tok_kind { TOK_TEXT, TOK_SPACE, TOK_BREAK };

struct token {
	char *text;          /* NULL for a break */
	unsigned style;
	int width;
	enum tok_kind kind;
	bool brk;            /* text: a line may break before it (CJK) */
};

struct renderer {
	struct md_doc *doc;
	size_t lines_cap, spans_cap;     /* spans_cap: of the last line */
	int width, quotes;
	struct container *stack;
	size_t depth, stack_cap;
	size_t pending_from;             /* items from here may show a marker */
	bool need_blank;                 /* a block ended: blank before next */
	size_t blank_depth;              /* containers shared with that block */
	bool line_open;
	int col, avail;                  /* text columns used / available */
	struct token *toks;
	size_t ntoks, toks_cap, link_start;
	struct strbuf seg;               /* the text token being built */
	unsigned seg_style, heading;
	bool seg_brk, after_wide;
	int emph, strong, links;
};

/* Makes room for element n of an array of capacity *cap. */
static void *grow(void *array, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return array;
	*cap = *cap ? 2 * *cap : 4;
	return xrealloc(array, *cap * size);
}

/* ---- output lines ---- */

static void new_line(struct renderer *r)
{
	struct md_doc *d = r->doc;
	d->lines = grow(d->lines, d->nlines, &r->lines_cap, sizeof(*d->lines));
	d->lines[d->nlines++] = (struct md_line){0};
	r->spans_cap = 0;
}

/* Appends to the last line, extending its last span if the style matches. */
static void put(struct renderer *r, const char *s, size_t len, unsigned style)
{
	struct md_line *l = &r->doc->lines[r->doc->nlines - 1];
	if (len == 0)
		return;
	if (l->nspans && l->spans[l->nspans - 1].style == style) {
		struct md_span *sp = &l->spans[l->nspans - 1];
		size_t old = strlen(sp->text);
		sp->text = xrealloc(sp->text, old + len + 1);
		memcpy(sp->text + old, s, len);
		sp->text[old + len] = '\0';
		return;
	}
	l->spans = grow(l->spans, l->nspans, &r->spans_cap, sizeof(*l->spans));
	l->spans[l->nspans++] = (struct md_span){ xstrndup(s, len), style };
}

/* Index of the outermost of the innermost containers whose prefixes fit
 * the indent cap (text keeps MIN_TEXT columns, or half a narrow pane).
 * Dropping outer levels rather than inner ones keeps a deep item's marker. */
static size_t prefix_from(const struct renderer *r, size_t depth)
{
	int min_text = r->width - r->width / 2;
	int room = r->width - (min_text < MIN_TEXT ? min_text : MIN_TEXT);
	size_t i = depth;
	while (i > 0 && r->stack[i - 1].mwidth <= room)
		room -= r->stack[--i].mwidth;
	return i;
}

static int put_prefix(struct renderer *r, size_t depth, bool blank)
{
	int w = 0;
	for (size_t i = prefix_from(r, depth); i < depth; i++) {
		const struct container *c = &r->stack[i];
		if (c->kind == CTR_ITEM && (c->marker_done || blank))
			put(r, spaces, (size_t)c->mwidth, c->style);
		else
			put(r, c->marker, strlen(c->marker), c->style);
		w += c->mwidth;
	}
	return w;
}

/* A line without text keeps its quote bars but no trailing blanks. */
static void trim_line(struct renderer *r)
{
	struct md_line *l = &r->doc->lines[r->doc->nlines - 1];
	while (l->nspans) {
		struct md_span *sp = &l->spans[l->nspans - 1];
		size_t n = strlen(sp->text);
		while (n && sp->text[n - 1] == ' ')
			sp->text[--n] = '\0';
		if (n)
			break;
		free(sp->text);
		l->nspans--;
	}
}

/* Starts a line with the containers' prefixes, after the blank line that
 * separates it from the previous block if one is due. */
static void open_line(struct renderer *r)
{
	if (r->need_blank && r->doc->nlines) {
		new_line(r);
		put_prefix(r, r->blank_depth, true);
		trim_line(r);
	}
	r->need_blank = false;
	new_line(r);
	r->avail = r->width - put_prefix(r, r->depth, false);
	for (size_t i = r->pending_from; i < r->depth; i++)
		r->stack[i].marker_done = true;
	r->pending_from = r->depth;
	r->col = 0;
	r->line_open = true;
}

static void close_line(struct renderer *r)
{
	if (r->col == 0)
		trim_line(r);
	r->line_open = false;
}

/* Display width of the code point of len bytes at s. */
static int char_width(const char *s, size_t len)
{
	char ch[8] = "";
	memcpy(ch, s, len < 4 ? len : 4);
	return text_width(ch);
}

/* text_fit for a string of known length: text_fit measures to the NUL on
 * every call, which makes breaking a 100 KB word at width 1 quadratic. */
static size_t fit(const char *s, size_t len, int max_cols, int *cols)
{
	size_t i = 0;
	*cols = 0;
	while (i < len) {
		unsigned cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		int w = char_width(s + i, n);
		if (*cols + w > max_cols)
			break;
		*cols += w;
		i += n;
	}
	return i;
}

/* Puts text on the current line, breaking it hard where it does not fit. */
static void emit(struct renderer *r, const char *s, unsigned style)
{
	for (size_t len = strlen(s); len;) {
		if (!r->line_open)
			open_line(r);
		int cols;
		size_t n = fit(s, len, r->avail - r->col, &cols);
		if (n == 0 && r->col > 0) {
			close_line(r);
			continue;
		}
		if (n == 0) {   /* a wide character in a narrower pane */
			unsigned cp;
			n = utf8_decode(s, len, &cp);
			put(r, "?", 1, style);
			cols = 1;
		} else {
			put(r, s, n, style);
		}
		r->col += cols;
		s += n;
		len -= n;
	}
}

/* ---- containers ---- */

static struct container *push(struct renderer *r, enum ctr_kind kind, const char *marker)
{
	r->stack = grow(r->stack, r->depth, &r->stack_cap, sizeof(*r->stack));
	struct container *c = &r->stack[r->depth++];
	r->quotes += kind == CTR_QUOTE;
	*c = (struct container){ .kind = kind, .style = r->quotes ? MD_QUOTE : 0 };
	snprintf(c->marker, sizeof(c->marker), "%s", marker);
	c->mwidth = text_width(c->marker);
	return c;
}

static void pop(struct renderer *r)
{
	r->quotes -= r->stack[--r->depth].kind == CTR_QUOTE;
	if (r->pending_from > r->depth)
		r->pending_from = r->depth;
	if (r->blank_depth > r->depth)
		r->blank_depth = r->depth;
}

/* A block (or an empty item) ended: the next block is set off by a blank
 * line, except inside a tight list. */
static void block_done(struct renderer *r, cmark_node *node)
{
	cmark_node *p = cmark_node_parent(node);
	if (p && cmark_node_get_type(p) == CMARK_NODE_ITEM)
		p = cmark_node_parent(p);
	r->need_blank = !(p && cmark_node_get_type(p) == CMARK_NODE_LIST &&
			  cmark_node_get_list_tight(p));
	r->blank_depth = r->depth;
}

static void push_list(struct renderer *r, cmark_node *list)
{
	struct container *c = push(r, CTR_LIST, "");
	c->ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	c->delim = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.';
	c->next = cmark_node_get_list_start(list);
	/* pad numbers to the widest so that the item texts line up */
	long last = c->next - 1;
	for (cmark_node *n = cmark_node_first_child(list); n; n = cmark_node_next(n))
		last++;
	char digits[24];
	c->numwidth = snprintf(digits, sizeof(digits), "%ld", last);
}

static void push_item(struct renderer *r)
{
	struct container *list = &r->stack[r->depth - 1];
	char marker[32] = BULLET;
	if (list->kind == CTR_LIST && list->ordered)
		snprintf(marker, sizeof(marker), "%*ld%c ", list->numwidth, list->next++,
			 list->delim);
	push(r, CTR_ITEM, marker);
}

static void end_item(struct renderer *r, cmark_node *item)
{
	bool empty = !r->stack[r->depth - 1].marker_done;
	if (empty) {            /* "-" alone still shows its bullet */
		open_line(r);
		close_line(r);
	}
	pop(r);
	if (empty)
		block_done(r, item);
}

/* ---- leaf blocks ---- */

static unsigned base_style(const struct renderer *r)
{
	return (r->quotes ? MD_QUOTE : 0) | r->heading;
}

/* Code and HTML blocks: their own lines, hard-wrapped only if too long. */
static void literal_lines(struct renderer *r, const char *lit, unsigned style)
{
	char *text = sanitize_text(lit ? lit : "", lit ? strlen(lit) : 0);
	for (char *p = text, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		open_line(r);
		emit(r, p, style);
		close_line(r);
		if (!nl)
			break;
	}
	free(text);
}

static void rule(struct renderer *r)
{
	open_line(r);
	for (; r->col < r->avail && r->col < RULE_MAX; r->col++)
		put(r, RULE_CHAR, strlen(RULE_CHAR), base_style(r) | MD_DIM);
	close_line(r);
}

/* ---- inline tokens ---- */

static void push_tok(struct renderer *r, enum tok_kind kind, char *text, unsigned style, bool brk)
{
	r->toks = grow(r->toks, r->ntoks, &r->toks_cap, sizeof(*r->toks));
	r->toks[r->ntoks++] = (struct token){
		.text = text, .style = style, .kind = kind, .brk = brk,
		.width = text ? text_width(text) : 0,
	};
}

static void flush_seg(struct renderer *r)
{
	if (r->seg.len)
		push_tok(r, TOK_TEXT, sb_detach(&r->seg), r->seg_style, r->seg_brk);
	r->seg_brk = false;
}

/* Splits text into words and runs of spaces. A wide (CJK, emoji)
 * character is a word of its own: such text has no spaces to break at. */
static void add_text(struct renderer *r, const char *raw, unsigned style)
{
	char *s = sanitize_line(raw ? raw : "", raw ? strlen(raw) : 0);
	size_t n = strlen(s);
	if (style != r->seg_style)
		flush_seg(r);
	r->seg_style = style;
	for (size_t i = 0, len; i < n; i += len) {
		if (s[i] == ' ') {
			for (len = 1; s[i + len] == ' '; len++)
				;
			flush_seg(r);
			push_tok(r, TOK_SPACE, xstrndup(s + i, len), style, true);
			r->after_wide = false;
			continue;
		}
		unsigned cp;
		len = utf8_decode(s + i, n - i, &cp);
		int w = char_width(s + i, len);
		if (w > 1 || (w > 0 && r->after_wide)) {
			flush_seg(r);
			r->seg_brk = true;
		}
		if (w > 0)
			r->after_wide = w > 1;
		sb_append(&r->seg, s + i, len);
	}
	free(s);
}

/* Greedy word wrap of the block's tokens; spaces at a break are dropped. */
static void wrap_tokens(struct renderer *r)
{
	size_t sp = NONE;       /* first of the spaces before the next word */
	long spw = 0;
	flush_seg(r);
	for (size_t i = 0; i < r->ntoks;) {
		const struct token *t = &r->toks[i];
		if (t->kind == TOK_BREAK) {
			if (!r->line_open)
				open_line(r);
			close_line(r);
			sp = NONE, spw = 0, i++;
			continue;
		} else if (t->kind == TOK_SPACE) {
			sp = sp == NONE ? i : sp, spw += t->width, i++;
			continue;
		}
		size_t j = i + 1;
		long ww = t->width;
		for (; j < r->ntoks && r->toks[j].kind == TOK_TEXT && !r->toks[j].brk; j++)
			ww += r->toks[j].width;
		if (r->line_open && r->col > 0) {
			if (r->col + spw + ww > r->avail)
				close_line(r);
			else
				for (size_t k = sp; sp != NONE && k < i; k++)
					emit(r, r->toks[k].text, r->toks[k].style);
		}
		for (; i < j; i++)
			emit(r, r->toks[i].text, r->toks[i].style);
		sp = NONE, spw = 0;
	}
	if (r->line_open)
		close_line(r);
	for (size_t i = 0; i < r->ntoks; i++)
		free(r->toks[i].text);
	r->ntoks = 0;
	r->after_wide = false;
}

static unsigned inline_style(const struct renderer *r)
{
	return base_style(r) | (r->emph ? MD_ITALIC : 0) | (r->strong ? MD_BOLD : 0) |
	       (r->links ? MD_LINK : 0);
}

/* " <url>", dim, after a link or image; nothing if no URL is left once
 * sanitized (entities can hide an escape sequence there). */
static void add_url(struct renderer *r, const char *url)
{
	char *clean = sanitize_line(url ? url : "", url ? strlen(url) : 0);
	unsigned dim = base_style(r) | MD_DIM;
	if (*clean) {
		add_text(r, " <", dim);
		add_text(r, clean, dim);
		add_text(r, ">", dim);
	}
	free(clean);
}

/* A link shows its URL unless its text already says it (autolinks). */
static void link_exit(struct renderer *r, cmark_node *node)
{
	const char *url = cmark_node_get_url(node);
	char *clean = sanitize_line(url ? url : "", url ? strlen(url) : 0);
	const char *bare = str_starts_with(clean, "mailto:") ? clean + 7 : clean;
	struct strbuf text = {0};
	flush_seg(r);
	for (size_t i = r->link_start; i < r->ntoks; i++)
		sb_puts(&text, r->toks[i].text ? r->toks[i].text : " ");
	const char *t = text.data ? text.data : "";
	if (strcmp(t, clean) && strcmp(t, bare))
		add_url(r, url);
	sb_free(&text);
	free(clean);
}

/* ---- the walk ---- */

static void visit_block(struct renderer *r, cmark_node *node, bool enter)
{
	cmark_node_type type = cmark_node_get_type(node);
	switch (type) {
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
		if (!enter) {
			pop(r);
			block_done(r, node);
		} else if (type == CMARK_NODE_LIST) {
			push_list(r, node);
		} else {
			push(r, CTR_QUOTE, QUOTE_BAR);
		}
		break;
	case CMARK_NODE_ITEM:
		enter ? push_item(r) : end_item(r, node);
		break;
	case CMARK_NODE_CODE_BLOCK:
		push(r, CTR_CODE, "  ");
		literal_lines(r, cmark_node_get_literal(node), base_style(r) | MD_CODE);
		pop(r);
		block_done(r, node);
		break;
	case CMARK_NODE_HTML_BLOCK:     /* shown, never interpreted */
		literal_lines(r, cmark_node_get_literal(node), base_style(r) | MD_DIM);
		block_done(r, node);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		rule(r);
		block_done(r, node);
		break;
	default:                        /* paragraphs and headings */
		r->heading = enter && type == CMARK_NODE_HEADING ? MD_HEADING | MD_BOLD : 0;
		if (!enter) {
			wrap_tokens(r);
			block_done(r, node);
		}
		break;
	}
}

static void visit_inline(struct renderer *r, cmark_node *node, bool enter)
{
	const char *lit = cmark_node_get_literal(node);
	unsigned style = inline_style(r);
	int d = enter ? 1 : -1;
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_TEXT:        add_text(r, lit, style); break;
	case CMARK_NODE_CODE:        add_text(r, lit, style | MD_CODE); break;
	case CMARK_NODE_HTML_INLINE: add_text(r, lit, style | MD_DIM); break;
	case CMARK_NODE_SOFTBREAK:   add_text(r, " ", style); break;
	case CMARK_NODE_EMPH:        r->emph += d; break;
	case CMARK_NODE_STRONG:      r->strong += d; break;
	case CMARK_NODE_LINEBREAK:
		flush_seg(r);
		push_tok(r, TOK_BREAK, NULL, 0, true);
		r->after_wide = false;
		break;
	case CMARK_NODE_LINK:
		if (enter && r->links++ == 0) {
			flush_seg(r);
			r->link_start = r->ntoks;
		} else if (!enter && --r->links == 0) {
			link_exit(r, node);
		}
		break;
	case CMARK_NODE_IMAGE:       /* "[image: alt] <url>" */
		if (enter) {
			add_text(r, cmark_node_first_child(node) ? "[image: " : "[image", style);
		} else {
			add_text(r, "]", style);
			add_url(r, cmark_node_get_url(node));
		}
		break;
	default:
		break;
	}
}

struct md_doc *md_render(const char *markdown, size_t len, int width)
{
	struct renderer r = { .width = width < 1 ? 1 : width };
	r.doc = xcalloc(1, sizeof(*r.doc));
	char *clean = sanitize_text(markdown ? markdown : "", markdown ? len : 0);
	/* CMARK_OPT_DEFAULT is safe mode; raw HTML stays a literal node */
	cmark_node *root = cmark_parse_document(clean, strlen(clean), CMARK_OPT_DEFAULT);
	free(clean);
	if (!root)
		return r.doc;
	cmark_iter *it = cmark_iter_new(root);
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		if (type >= CMARK_NODE_FIRST_INLINE && type <= CMARK_NODE_LAST_INLINE)
			visit_inline(&r, node, ev == CMARK_EVENT_ENTER);
		else if (type != CMARK_NODE_DOCUMENT && type != CMARK_NODE_CUSTOM_BLOCK)
			visit_block(&r, node, ev == CMARK_EVENT_ENTER);
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	free(r.toks);           /* every paragraph freed its tokens on exit */
	free(r.stack);
	sb_free(&r.seg);
	return r.doc;
}

void md_free(struct md_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nlines; i++) {
		for (size_t j = 0; j < doc->lines[i].nspans; j++)
			free(doc->lines[i].spans[j].text);
		free(doc->lines[i].spans);
	}
	free(doc->lines);
	free(doc);
}

char *md_to_plain(const struct md_doc *doc)
{
	struct strbuf sb = {0};
	for (size_t i = 0; doc && i < doc->nlines; i++) {
		if (i)
			sb_putc(&sb, '\n');
		for (size_t j = 0; j < doc->lines[i].nspans; j++)
			sb_puts(&sb, doc->lines[i].spans[j].text);
	}
	return sb_detach(&sb);
}

int md_line_width(const struct md_line *line)
{
	int w = 0;
	for (size_t i = 0; i < line->nspans; i++)
		w += text_width(line->spans[i].text);
	return w;
}
