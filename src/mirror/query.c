/* query.c - see query.h */
#include "config.h"

#include "mirror/codec.h"
#include "mirror/extract.h"
#include "mirror/query.h"
#include "mirror/store_db.h"
#include "util/util.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NAME_TIER_MAX 400      /* name matches read to be ordered exact-first */
#define QTOK_MAX 24

struct query_engine {
	struct mirror_store *store;
	fts5_tokenizer tokenizer;
	Fts5Tokenizer *tok;
	int64_t deadline;
	bool interrupted;
};

/* ---- the language ------------------------------------------------------------ */

bool query_entity_key(const char *key, size_t len, enum entity *e)
{
	static const struct { const char *key; enum entity e; } keys[] = {
		{ "p", ENT_PEOPLE }, { "c", ENT_COMPANIES }, { "l", ENT_LEADS },
		{ "o", ENT_OPPORTUNITIES }, { "pr", ENT_PROJECTS }, { "t", ENT_TASKS },
	};
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (strlen(keys[i].key) == len && !strncasecmp(keys[i].key, key, len))
			return (*e = keys[i].e), true;
	if (len == 0 || len > 20)
		return false;
	char word[21];
	memcpy(word, key, len);
	word[len] = '\0';
	return entity_parse(word, e);
}

/* The next word of text (quotes group: owner:"Jane Smith"), unquoted,
 * into *word (malloc'd); the position after it. NULL at the end. */
static const char *next_word(const char *p, char **word)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return NULL;
	struct strbuf sb = {0};
	bool quoted = false;
	for (; *p && (quoted || (*p != ' ' && *p != '\t')); p++) {
		if (*p == '"')
			quoted = !quoted;
		else
			sb_putc(&sb, *p);
	}
	*word = sb_detach(&sb);
	return p;
}

static bool add_term(struct query *q, const char *term, char **error)
{
	if (!*term)
		return true;
	if (q->nterms == QUERY_MAX_TERMS) {
		*error = xasprintf("at most %d words", QUERY_MAX_TERMS);
		return false;
	}
	q->terms[q->nterms++] = xstrdup(term);
	return true;
}

static bool take_word(struct query *q, char *word, query_owner_fn resolve, void *ctx,
		      char **error)
{
	const char *colon = strchr(word, ':');
	enum entity e;
	if (colon && colon != word && query_entity_key(word, (size_t)(colon - word), &e)) {
		q->entities |= 1u << e;
		return add_term(q, colon + 1, error);
	}
	if (colon && colon - word == 5 && !strncasecmp(word, "owner", 5)) {
		int64_t id;
		if (!colon[1]) {
			*error = xstrdup("owner: needs a name (owner:me, owner:jane)");
			return false;
		}
		if (q->nowners == QUERY_MAX_OWNERS) {
			*error = xasprintf("at most %d owners", QUERY_MAX_OWNERS);
			return false;
		}
		if (!resolve) {
			*error = xstrdup("owners cannot be named here");
			return false;
		}
		if (!resolve(ctx, colon + 1, &id, error))
			return false;
		q->owners[q->nowners++] = id;
		return true;
	}
	return add_term(q, word, error);
}

bool query_parse(const char *text, query_owner_fn resolve, void *ctx, struct query *q,
		 char **error)
{
	memset(q, 0, sizeof(*q));
	*error = NULL;
	char *word;
	const char *p = text ? text : "";
	while ((p = next_word(p, &word))) {
		bool ok = take_word(q, word, resolve, ctx, error);
		free(word);
		if (!ok) {
			query_free(q);
			return false;
		}
	}
	return true;
}

void query_free(struct query *q)
{
	for (size_t i = 0; i < q->nterms; i++)
		free(q->terms[i]);
	memset(q, 0, sizeof(*q));
}

/* ---- the tokenizer: the index's own ---------------------------------------------- */

static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

struct query_engine *query_engine_new(struct mirror_store *reader, char **error)
{
	*error = NULL;
	fts5_api *api = fts5_of(reader->db);
	void *user = NULL;
	struct query_engine *qe = xcalloc(1, sizeof(*qe));
	qe->store = reader;
	/* the same options as the index's (store.c), so that a query's words
	 * fold as the records' did */
	const char *args[] = { "remove_diacritics", "2" };
	if (!api || api->iVersion < 2 ||
	    api->xFindTokenizer(api, "unicode61", &user, &qe->tokenizer) != SQLITE_OK ||
	    qe->tokenizer.xCreate(user, args, 2, &qe->tok) != SQLITE_OK) {
		*error = xstrdup("this SQLite has no FTS5 unicode61 tokenizer");
		free(qe);
		return NULL;
	}
	return qe;
}

void query_engine_free(struct query_engine *qe)
{
	if (!qe)
		return;
	qe->tokenizer.xDelete(qe->tok);
	free(qe);
}

struct token_sink {
	struct query_token *out;
	size_t count, max;
};

static int take_token(void *ctx, int flags, const char *token, int len, int start, int end)
{
	struct token_sink *sink = ctx;
	(void)flags;
	if (sink->count == sink->max)
		return SQLITE_DONE; /* enough: stops the tokenizer */
	if (len <= 0 || (size_t)len >= sizeof(sink->out->text))
		return SQLITE_OK;
	struct query_token *t = &sink->out[sink->count++];
	memcpy(t->text, token, (size_t)len);
	t->text[len] = '\0';
	t->start = (size_t)start;
	t->end = (size_t)end;
	return SQLITE_OK;
}

size_t query_tokens(struct query_engine *qe, const char *text, struct query_token *out,
		    size_t max)
{
	struct token_sink sink = { out, 0, max };
	if (!text || !max)
		return 0;
	size_t len = strlen(text);
	qe->tokenizer.xTokenize(qe->tok, &sink, FTS5_TOKENIZE_DOCUMENT, text,
				(int)(len > 65536 ? 65536 : len), take_token);
	return sink.count;
}

/* ---- what to look for ------------------------------------------------------------ */

struct qtok {
	char text[64];
	bool phone;          /* digits, looked for anywhere in phone numbers */
	bool contact;        /* a word of an email ("@acme"): contact fields only */
};

struct query_plan {
	struct qtok toks[QTOK_MAX];
	size_t n;
	size_t words;        /* of them, looked for in every field */
};

/* Digits with phone punctuation around them, three digits at least. */
static bool phone_like(const char *term)
{
	size_t digits = 0;
	for (const char *p = term; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr("+-().,/ ", *p))
			return false;
	}
	return digits >= 3;
}

static void plan_add(struct query_plan *pl, const char *text, bool phone, bool contact)
{
	for (size_t i = 0; i < pl->n; i++)
		if (pl->toks[i].phone == phone && pl->toks[i].contact == contact &&
		    !strcmp(pl->toks[i].text, text))
			return;
	if (pl->n == QTOK_MAX)
		return;
	struct qtok *t = &pl->toks[pl->n++];
	snprintf(t->text, sizeof(t->text), "%s", text);
	t->phone = phone;
	t->contact = contact;
	if (!phone && !contact)
		pl->words++;
}

static void make_plan(struct query_engine *qe, const struct query *q, struct query_plan *pl)
{
	memset(pl, 0, sizeof(*pl));
	for (size_t i = 0; i < q->nterms; i++) {
		if (phone_like(q->terms[i])) {
			char digits[64];
			extract_digits(q->terms[i], digits, sizeof(digits));
			plan_add(pl, digits, true, true);
			continue;
		}
		struct query_token toks[QTOK_MAX];
		size_t n = query_tokens(qe, q->terms[i], toks, QTOK_MAX);
		bool email = strchr(q->terms[i], '@') != NULL;
		for (size_t k = 0; k < n; k++)
			plan_add(pl, toks[k].text, false, email);
	}
}

/* An FTS5 expression: the words (column, or every column when NULL) and
 * the phones and email words (always the contact column), each a prefix. */
static char *match_expr(const struct query_plan *pl, const char *column)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < pl->n; i++) {
		const struct qtok *t = &pl->toks[i];
		const char *col = t->phone || t->contact ? "contact" : column;
		sb_puts(&sb, sb.len ? " AND " : "");
		if (col)
			sb_printf(&sb, "{%s} : ", col);
		sb_putc(&sb, '"');
		for (const char *c = t->text; *c; c++) {
			if (*c == '"')
				sb_putc(&sb, '"');
			sb_putc(&sb, *c);
		}
		sb_puts(&sb, "\"*");
	}
	return sb_detach(&sb);
}

/* ---- reading the index ----------------------------------------------------------- */

static int over_budget(void *ctx)
{
	struct query_engine *qe = ctx;
	if (now_ms() < qe->deadline)
		return 0;
	qe->interrupted = true;
	return 1;
}

static void filters_sql(struct strbuf *sb, const struct query *q, const char *table)
{
	if (q->entities) {
		/* the entity is in the rowid (store_db.h): no table read */
		if (table)
			sb_printf(sb, " AND (%s.rowid & 7) IN (", table);
		else
			sb_puts(sb, " AND r.entity IN (");
		for (int e = 0, n = 0; e < ENT_COUNT; e++)
			if (q->entities & (1u << e))
				sb_printf(sb, "%s%d", n++ ? "," : "", e);
		sb_puts(sb, ")");
	}
	if (q->nowners) {
		sb_puts(sb, " AND r.owner IN (");
		for (size_t i = 0; i < q->nowners; i++)
			sb_printf(sb, "%s%" PRId64, i ? "," : "", q->owners[i]);
		sb_puts(sb, ")");
	}
}

static bool seen(const struct query_results *r, enum entity e, int64_t id)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->hits[i].entity == e && r->hits[i].id == id)
			return true;
	return false;
}

/* Appends up to limit hits of one tier (an index of store.h's, NULL: no
 * words, the records themselves), most recent first. */
static bool run_tier(struct query_engine *qe, const struct query *q, const char *table,
		     const char *match, enum query_rank rank, size_t limit,
		     struct query_results *out, char **error)
{
	struct strbuf sql = {0};
	if (table)
		sb_printf(&sql, "SELECT r.entity, r.id, r.modified, r.owner, r.name FROM %s"
			  " JOIN records r ON r.rowid = %s.rowid WHERE %s MATCH ?1", table, table, table);
	else
		sb_puts(&sql, "SELECT r.entity, r.id, r.modified, r.owner, r.name FROM records r"
			" WHERE 1");
	filters_sql(&sql, q, table);
	sb_printf(&sql, " ORDER BY %s.rowid DESC LIMIT %zu", table ? table : "r", limit);
	sqlite3_stmt *st = store_prepare(qe->store, sql.data);
	sb_free(&sql);
	if (!st) {
		*error = xstrdup(store_error(qe->store));
		return false;
	}
	if (table)
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	size_t taken = 0;
	int rc = SQLITE_DONE;
	while (taken < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		enum entity e = (enum entity)sqlite3_column_int(st, 0);
		int64_t id = sqlite3_column_int64(st, 1);
		if ((unsigned)e >= ENT_COUNT || seen(out, e, id))
			continue;
		out->hits = xrealloc(out->hits, (out->count + 1) * sizeof(*out->hits));
		struct query_hit *h = &out->hits[out->count++];
		memset(h, 0, sizeof(*h));
		h->entity = e;
		h->id = id;
		h->modified = sqlite3_column_int64(st, 2);
		h->owner = sqlite3_column_int64(st, 3);
		const char *name = (const char *)sqlite3_column_text(st, 4);
		h->name = name ? xstrdup(name) : NULL;
		h->rank = rank;
		taken++;
	}
	if (taken < limit && rc != SQLITE_DONE && !qe->interrupted) {
		*error = xasprintf("searching the mirror: %s", sqlite3_errmsg(qe->store->db));
		sqlite3_finalize(st);
		return false;
	}
	sqlite3_finalize(st);
	return true;
}

/* ---- ranking within the names ---------------------------------------------------- */

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Exact (the name is the words), prefix (it starts with them, in order)
 * or a name that has them somewhere. */
static enum query_rank name_rank(struct query_engine *qe, const struct query_plan *pl,
				 const char *name)
{
	struct query_token nt[QTOK_MAX];
	size_t n = query_tokens(qe, name, nt, QTOK_MAX);
	size_t k = 0;
	bool exact = true;
	for (size_t i = 0; i < pl->n; i++) {
		if (pl->toks[i].phone || pl->toks[i].contact)
			continue;
		if (k >= n || !starts_with(nt[k].text, pl->toks[i].text))
			return RANK_NAME;
		exact = exact && !strcmp(nt[k].text, pl->toks[i].text);
		k++;
	}
	return exact && k == n ? RANK_NAME_EXACT : RANK_NAME_PREFIX;
}

static int compare_rank(const void *a, const void *b)
{
	const struct query_hit *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	/* recency: the store's order, kept by a stable pass (see below) */
	return 0;
}

/* qsort is not stable: sort by rank with the index order as the key. */
static void order_names(struct query_engine *qe, const struct query_plan *pl,
			struct query_results *r, size_t from)
{
	size_t n = r->count - from;
	struct query_hit *h = r->hits + from;
	for (size_t i = 0; i < n; i++)
		h[i].rank = h[i].name ? name_rank(qe, pl, h[i].name) : RANK_NAME;
	/* insertion sort: stable, and n is at most NAME_TIER_MAX */
	for (size_t i = 1; i < n; i++) {
		struct query_hit t = h[i];
		size_t j = i;
		while (j > 0 && compare_rank(&h[j - 1], &t) > 0) {
			h[j] = h[j - 1];
			j--;
		}
		h[j] = t;
	}
}

/* ---- what matched, and where ----------------------------------------------------- */

static void mark(struct query_hit *h, size_t start, size_t end)
{
	if (h->nmarks < QUERY_MAX_MARKS && end > start)
		h->marks[h->nmarks++] = (struct query_mark){ start, end };
}

/* Marks text's words that start with a word looked for; returns how many
 * of the words looked for (and phones) it holds. */
static size_t mark_text(struct query_engine *qe, const struct query_plan *pl, const char *text,
			bool phone, struct query_hit *h)
{
	struct query_token toks[64];
	size_t n = query_tokens(qe, text, toks, ARRAY_SIZE(toks));
	size_t found = 0;
	for (size_t i = 0; i < pl->n; i++) {
		const struct qtok *t = &pl->toks[i];
		bool hit = false;
		if (t->phone) {
			char digits[64];
			size_t nd = extract_digits(text, digits, sizeof(digits));
			const char *at = phone && nd ? strstr(digits, t->text) : NULL;
			if (at) {
				/* back from the digits to the bytes of text */
				size_t first = (size_t)(at - digits), last = first + strlen(t->text);
				size_t d = 0, start = 0, end = 0;
				for (size_t b = 0; text[b]; b++) {
					if (!isdigit((unsigned char)text[b]))
						continue;
					if (d == first)
						start = b;
					if (++d == last)
						end = b + 1;
				}
				mark(h, start, end);
				hit = true;
			}
		} else {
			for (size_t k = 0; k < n; k++)
				if (starts_with(toks[k].text, t->text)) {
					mark(h, toks[k].start, toks[k].end);
					hit = true;
				}
		}
		found += hit;
	}
	return found;
}

static void sort_marks(struct query_hit *h)
{
	for (size_t i = 1; i < h->nmarks; i++)
		for (size_t j = i; j > 0 && h->marks[j - 1].start > h->marks[j].start; j--) {
			struct query_mark t = h->marks[j];
			h->marks[j] = h->marks[j - 1];
			h->marks[j - 1] = t;
		}
}

/* The field that holds most of the words (the first such), marked. */
static void find_field(struct query_engine *qe, const struct query_plan *pl, struct query_hit *h)
{
	if (h->rank <= RANK_NAME || h->rank == RANK_RECENT) {
		if (h->name && h->rank != RANK_RECENT)
			mark_text(qe, pl, h->name, false, h);
		sort_marks(h);
		return;
	}
	cJSON *rec = NULL;
	sqlite3_stmt *st = store_stmt(qe->store, STMT_FIND);
	if (st) {
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, (int)h->entity);
		sqlite3_bind_int64(st, 2, h->id);
		if (sqlite3_step(st) == SQLITE_ROW)
			rec = codec_decode_json(qe->store->codec, sqlite3_column_blob(st, 2),
						(size_t)sqlite3_column_bytes(st, 2));
		sqlite3_reset(st);
	}
	size_t n;
	struct extract_field *f = extract_fields(h->entity, rec, &n);
	size_t best = 0, best_i = n;
	struct query_hit probe;
	for (size_t i = 0; i < n; i++) {
		if (f[i].column == EXTRACT_NAME)
			continue;
		probe.nmarks = 0;
		size_t found = mark_text(qe, pl, f[i].value, !strcmp(f[i].label, "phone"), &probe);
		if (found > best) {
			best = found;
			best_i = i;
		}
	}
	if (best_i < n) {
		h->field = f[best_i].label;
		h->custom_id = f[best_i].custom_id;
		h->value = f[best_i].value;
		f[best_i].value = NULL;
		mark_text(qe, pl, h->value, !strcmp(h->field, "phone"), h);
		sort_marks(h);
	}
	extract_fields_free(f, n);
	cJSON_Delete(rec);
}

/* ---- the search ---------------------------------------------------------------- */

static bool run_tiers(struct query_engine *qe, const struct query *q, const struct query_plan *pl,
		      size_t limit, struct query_results *out, char **error)
{
	bool ok = true;
	if (pl->words && pl->words == pl->n) {
		/* each tier its own index: a name query reads names only */
		char *m = match_expr(pl, NULL);
		size_t wide = limit * 4 > NAME_TIER_MAX ? NAME_TIER_MAX : limit * 4;
		ok = run_tier(qe, q, "names", m, RANK_NAME, wide, out, error);
		free(m);
		order_names(qe, pl, out, 0);
		while (out->count > limit) {
			struct query_hit *h = &out->hits[--out->count];
			free(h->name);
		}
	}
	if (ok && out->count < limit && !qe->interrupted) {
		char *m = match_expr(pl, "contact");
		ok = run_tier(qe, q, "contacts", m, RANK_CONTACT, limit - out->count, out, error);
		free(m);
	}
	if (ok && out->count < limit && !qe->interrupted) {
		char *m = match_expr(pl, NULL);
		ok = run_tier(qe, q, "fts", m, RANK_OTHER, limit - out->count, out, error);
		free(m);
	}
	return ok;
}

void query_describe(struct query_engine *qe, struct query_results *r, size_t i)
{
	if (i >= r->count || r->hits[i].described || !r->plan)
		return;
	find_field(qe, r->plan, &r->hits[i]);
	r->hits[i].described = true;
}

bool query_run(struct query_engine *qe, const struct query *q, size_t limit, size_t described,
	       struct query_results *out, char **error)
{
	memset(out, 0, sizeof(*out));
	*error = NULL;
	if (!limit)
		return true;
	struct query_plan pl;
	make_plan(qe, q, &pl);
	qe->deadline = now_ms() + QUERY_BUDGET_MS;
	qe->interrupted = false;
	sqlite3_progress_handler(qe->store->db, 2000, over_budget, qe);
	bool ok = pl.n ? run_tiers(qe, q, &pl, limit, out, error)
		       : run_tier(qe, q, NULL, NULL, RANK_RECENT, limit, out, error);
	sqlite3_progress_handler(qe->store->db, 0, NULL, NULL);
	out->plan = xmalloc(sizeof(pl));
	*out->plan = pl;
	for (size_t i = 0; ok && i < out->count && i < described; i++)
		query_describe(qe, out, i);
	out->cut_short = qe->interrupted;
	if (!ok)
		query_results_free(out);
	return ok;
}

void query_results_free(struct query_results *r)
{
	for (size_t i = 0; i < r->count; i++) {
		free(r->hits[i].name);
		free(r->hits[i].value);
	}
	free(r->hits);
	free(r->plan);
	memset(r, 0, sizeof(*r));
}
