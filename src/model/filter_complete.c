/* filter_complete.c - completion of the filter line (filter.h:
 * filter_complete): keys while a key is typed, names from the look-ups
 * while a value is. */
#include "config.h"

#include "model/filter.h"
#include "model/filter_internal.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* Case-insensitive, ignoring quotes: stage:"Contract Sent" before stage:Follow-up. */
static int by_text(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b, *p = x, *q = y;
	for (;; p++, q++) {
		p += *p == '"';
		q += *q == '"';
		if (!*p || lower(*p) != lower(*q))
			return lower(*p) != lower(*q) ? lower(*p) - lower(*q) : strcmp(x, y);
	}
}

static void push(char ***list, size_t *n, char *s)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = s;
}

/* Values of the key typed[0..k) whose name or a word of it starts as typed. */
static void complete_values(const struct filter_context *ctx, const char *typed, size_t k, size_t len,
			    char ***list, size_t *n)
{
	enum cmp cmp;
	char *key = str_trim(filter_unquote(typed, k));
	const struct keydef *kd = memchr(typed, '"', k) ? NULL
		: filter_find_key(key, 1u << ctx->entity);
	size_t vs = filter_skip_op(typed, k, len, &cmp);
	char *prefix = filter_unquote(typed + vs, len - vs);
	struct cands c = { 0 };
	if (kd && (filter_resolvable(kd) || kd->kind == K_FOLLOWED)) {
		if (kd->kind == K_OWNER)
			filter_cand_add(&c, NULL, 0, "me", NULL);
		if (kd->none)
			filter_cand_add(&c, NULL, 0, "none", NULL);
		filter_gather(ctx, kd, &c);
	}
	for (size_t i = 0; i < c.n; i++) {
		if (!has_prefix(c.v[i].name, prefix) && !word_prefix(c.v[i].name, prefix))
			continue;
		struct strbuf sb = { 0 };
		char *name = sanitize_line(c.v[i].name, strlen(c.v[i].name));
		sb_printf(&sb, "%s%.*s", kd->key, (int)(vs - k), typed + k);
		filter_quote_into(&sb, name);
		free(name);
		push(list, n, sb_detach(&sb));
	}
	free(c.v);
	free(prefix);
	free(key);
}

size_t filter_complete(const char *text, size_t cursor, const struct filter_context *ctx, char ***out,
		       size_t max, size_t *term_start, size_t *term_end)
{
	const char *s = text ? text : "";
	size_t len = strlen(s), start = 0, i = 0, n = 0, kept = 0;
	char **list = NULL;
	bool open;
	*out = NULL;
	cursor = cursor > len ? len : cursor;
	while (filter_next_term(s, &i, &start, &open) && i < cursor)
		; /* to the term the cursor is in or at the end of */
	if (start >= cursor) /* between terms, or at a term's start: insert */
		start = i = cursor;
	if (term_start)
		*term_start = start;
	if (term_end)
		*term_end = i;
	if ((unsigned)ctx->entity >= ENT_COUNT || !max)
		return 0;
	const char *typed = s + start;
	size_t tlen = cursor - start, k = filter_scan(typed, 0, tlen, true, NULL);
	if (k < tlen) {
		complete_values(ctx, typed, k, tlen, &list, &n);
	} else if (!memchr(typed, '"', tlen)) {
		char *prefix = xstrndup(typed, tlen);
		for (const char *const *key = filter_keys(ctx->entity); *key; key++)
			if (has_prefix(*key, prefix))
				push(&list, &n, xasprintf("%s:", *key));
		free(prefix);
	}
	if (n)
		qsort(list, n, sizeof(*list), by_text);
	for (i = 0; i < n; i++) { /* drop duplicates (a stage in two pipelines) and the excess */
		if ((kept && !strcmp(list[kept - 1], list[i])) || kept == max)
			free(list[i]);
		else
			list[kept++] = list[i];
	}
	if (!kept)
		free(list);
	else
		*out = list;
	return kept;
}

void filter_free_candidates(char **c, size_t n)
{
	for (size_t i = 0; c && i < n; i++)
		free(c[i]);
	free(c);
}
