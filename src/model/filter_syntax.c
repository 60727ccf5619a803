/* filter_syntax.c - the filter line's words (filter.h): terms separated
 * by white space, "..." quoting with \" and \\, and the comparison
 * operators between a key and its value. */
#include "config.h"

#include "model/filter.h"
#include "model/filter_internal.h"
#include "util/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_op(char c)
{
	return c == ':' || c == '=' || c == '<' || c == '>';
}

/* From s[i] to white space outside quotes (or n); with ops, to the first
 * comparison character outside quotes instead. *open: a quote is left open. */
size_t filter_scan(const char *s, size_t i, size_t n, bool ops, bool *open)
{
	bool q = false;
	for (; i < n && s[i]; i++) {
		if (q && s[i] == '\\' && i + 1 < n && s[i + 1])
			i++;
		else if (s[i] == '"')
			q = !q;
		else if (!q && (ops ? is_op(s[i]) : is_space(s[i])))
			break;
	}
	if (open)
		*open = q;
	return i;
}

/* Drops the quotes, resolving \" and \\ inside them. */
char *filter_unquote(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	for (size_t i = 0, q = 0; i < n; i++) {
		if (s[i] == '"')
			q = !q;
		else
			*o++ = q && s[i] == '\\' && i + 1 < n ? s[++i] : s[i];
	}
	*o = '\0';
	return out;
}

void filter_quote_into(struct strbuf *sb, const char *s)
{
	bool plain = *s != '\0';
	for (const char *c = s; *c; c++)
		plain &= !is_space(*c) && !is_op(*c) && *c != '"' && *c != '\\';
	if (!plain)
		sb_putc(sb, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_putc(sb, '\\');
		sb_putc(sb, *s);
	}
	if (!plain)
		sb_putc(sb, '"');
}

/* Reads the operator at s[k]: ":" "=" "<" "<=" ">" ">=", also ":<" etc. */
size_t filter_skip_op(const char *s, size_t k, size_t n, enum cmp *cmp)
{
	size_t i = k + 1;
	char c = s[k];
	if ((c == ':' || c == '=') && i < n && (s[i] == '<' || s[i] == '>'))
		c = s[i++];
	bool eq = (c == '<' || c == '>') && i < n && s[i] == '=';
	i += eq;
	*cmp = c == '<' ? (eq ? LE : LT) : c == '>' ? (eq ? GE : GT) : EQ;
	return i;
}

/* The next term at or after *i: [*start, *i); false at the end. */
bool filter_next_term(const char *s, size_t *i, size_t *start, bool *open)
{
	while (is_space(s[*i]))
		++*i;
	*start = *i;
	*i = filter_scan(s, *i, SIZE_MAX, false, open);
	return *i > *start;
}
