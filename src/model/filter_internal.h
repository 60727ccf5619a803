/*
 * filter_internal.h - what the filter line's files share: filter.c (terms
 * into a search body), filter_syntax.c (terms, quotes and operators) and
 * filter_complete.c (completion). Nothing else includes it.
 *
 * Names compare ASCII case-insensitively; bytes of UTF-8 compare as they
 * are. Every char * returned is malloc'd: the caller frees it.
 */
#ifndef PATINA_FILTER_INTERNAL_H
#define PATINA_FILTER_INTERNAL_H

#include "model/filter.h"
#include "copper/lookups.h"
#include "util/util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

enum kind {
	K_NAME, K_COMPANY, K_TEXT, K_COUNTRY, K_FOLLOWED, K_CF,
	K_OWNER, K_TAG, K_LOOKUP, K_STAGE, K_FIXED, /* names resolved against a list */
	K_MONEY, K_COUNT, K_DATE                    /* ranges: < <= > >= allowed */
};
enum dir { D_NONE, D_PAST, D_FUTURE }; /* where relative dates (30d) point */
enum cmp { EQ, LT, LE, GT, GE };

struct keydef {
	const char *key;
	unsigned mask;            /* the entities it applies to */
	enum kind kind;
	const char *field;        /* API field; for ranges the part after "minimum_" */
	int lookup;               /* enum lookup the names come from ... */
	const char *const *names; /* ... or fixed names */
	bool ids;                 /* fixed names are sent as their index */
	bool none;                /* "none" means -2: no value */
	enum dir dir;
	const char *what, *whats; /* for messages */
};

/* A name a value may stand for. */
struct cand {
	const char *name, *alt; /* alt: a user's email */
	double id;
	const cJSON *obj;
	const char *hit;        /* set by pick() on the chosen ones */
};
struct cands {
	struct cand *v;
	size_t n;
};

/* ---- text ---------------------------------------------------------------- */

static inline int lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : (unsigned char)c;
}

static inline int casecmp(const char *a, const char *b)
{
	while (*a && lower(*a) == lower(*b))
		a++, b++;
	return lower(*a) - lower(*b);
}

static inline bool has_prefix(const char *s, const char *prefix)
{
	while (*prefix && lower(*s) == lower(*prefix))
		s++, prefix++;
	return !*prefix;
}

/* A later word of s starts with prefix ("smi" in "Jane Smith"). */
static inline bool word_prefix(const char *s, const char *prefix)
{
	for (const char *w = s + (*s != 0); *w; w++)
		if (strchr(" -(/", w[-1]) && has_prefix(w, prefix))
			return true;
	return false;
}

/* ---- filter_syntax.c ---- */

/* From s[i] to white space outside quotes (or n); with ops, to the first
 * comparison character outside quotes instead. *open (may be NULL): a
 * quote is left open. */
size_t filter_scan(const char *s, size_t i, size_t n, bool ops, bool *open);
/* s[0..n) without its quotes, \" and \\ inside them resolved. */
char *filter_unquote(const char *s, size_t n);
/* s as a key or value, quoted (and escaped) only when it must be. */
void filter_quote_into(struct strbuf *sb, const char *s);
/* Reads the operator at s[k]: ":" "=" "<" "<=" ">" ">=", also ":<" etc.;
 * returns the index after it. */
size_t filter_skip_op(const char *s, size_t k, size_t n, enum cmp *cmp);
/* The next term at or after *i: [*start, *i); false at the end. */
bool filter_next_term(const char *s, size_t *i, size_t *start, bool *open);

/* ---- filter.c ---- */

/* The first key definition named key (any case) whose mask has a bit of mask. */
const struct keydef *filter_find_key(const char *key, unsigned mask);
/* Whether a key's values are names resolved against a list. */
bool filter_resolvable(const struct keydef *kd);
void filter_cand_add(struct cands *c, const cJSON *obj, double id, const char *name,
		     const char *alt);
/* The names a key's value may take (into c, which points into the look-ups);
 * false while their look-up is missing. */
bool filter_gather(const struct filter_context *ctx, const struct keydef *kd, struct cands *c);

#endif
