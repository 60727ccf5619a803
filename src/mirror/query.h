/*
 * query.h - the finder's search of the mirror: what the user typed,
 * understood, and the records that match it, ranked, with the field that
 * matched and where.
 *
 * The language: words are searched for as prefixes of the words of every
 * indexed field ("sofia hern" finds "Sofía Hernández": accents and case
 * do not matter); a word of digits and phone punctuation ("555-23") is
 * searched for anywhere in phone numbers; "@acme" finds emails at acme.
 * Filters: p: (people), c: (companies), l: (leads), o: (opportunities),
 * pr: (projects), t: (tasks), or the entity's name ("deal:", "task:"),
 * alone or glued to a word ("p:sofia"); several widen the search; and
 * owner:NAME (owner:me, owner:jane, owner:"Jane Smith"), resolved by the
 * caller.
 *
 * Ranking, first to last: the whole name is what was typed; the name
 * starts with it; the name has the words; an email, phone or website has
 * them; any field has them. Recency breaks ties: the most recently changed
 * record first (the store's rowid order, store.h), so every tier is read
 * from the index in that order and stops at the limit.
 *
 * Everything runs on one reading connection of the store, on the caller's
 * thread (the UI's: a query takes about a millisecond on a mirror of
 * 720,000 records, measured by bench/bench_mirror.py); a progress handler
 * cuts a query short after QUERY_BUDGET_MS and says so.
 */
#ifndef PATINA_MIRROR_QUERY_H
#define PATINA_MIRROR_QUERY_H

#include "copper/entity.h"
#include "mirror/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QUERY_MAX_OWNERS 8
#define QUERY_MAX_TERMS 16
#define QUERY_BUDGET_MS 250

/* Resolves an owner's name as typed ("me", "jane") to a user id; false
 * with *error (malloc'd) saying why (unknown, ambiguous, not loaded). */
typedef bool (*query_owner_fn)(void *ctx, const char *name, int64_t *id, char **error);

struct query {
	unsigned entities;          /* 1u << entity; 0: every entity */
	int64_t owners[QUERY_MAX_OWNERS];
	size_t nowners;
	char *terms[QUERY_MAX_TERMS];  /* the words to find, as typed */
	size_t nterms;
};

/* Parses text. False with *error (malloc'd) for an owner that cannot be
 * resolved or too many terms or owners; q is then empty. */
bool query_parse(const char *text, query_owner_fn resolve, void *ctx, struct query *q,
		 char **error);
void query_free(struct query *q);
/* The entity a filter key names ("p", "pr", "deal"...), if it does. */
bool query_entity_key(const char *key, size_t len, enum entity *e);

enum query_rank {
	RANK_NAME_EXACT,
	RANK_NAME_PREFIX,
	RANK_NAME,
	RANK_CONTACT,
	RANK_OTHER,
	RANK_RECENT    /* no words: the most recent records */
};

/* A byte range of a text to highlight. */
struct query_mark {
	size_t start, end;
};

#define QUERY_MAX_MARKS 8

struct query_hit {
	enum entity entity;
	int64_t id;
	int64_t modified;
	int64_t owner;             /* 0: none */
	enum query_rank rank;
	char *name;                /* as stored (raw: sanitize to show); may be NULL */
	const char *field;         /* the field that matched ("email", "phone"...); NULL
				    * when it is the name (static) */
	int64_t custom_id;         /* the custom field's definition id, when field is one */
	char *value;               /* the matched field's text (raw), NULL for the name */
	struct query_mark marks[QUERY_MAX_MARKS]; /* in value, or in name */
	size_t nmarks;
	bool described;            /* field, value and marks are known (query_describe) */
};

struct query_plan;

struct query_results {
	struct query_hit *hits;
	size_t count;
	bool cut_short;            /* QUERY_BUDGET_MS passed: there may be more */
	struct query_plan *plan;   /* what was looked for, for query_describe */
};

struct query_engine;

/* An engine on a reading connection (not owned). NULL with *error. */
struct query_engine *query_engine_new(struct mirror_store *reader, char **error);
void query_engine_free(struct query_engine *qe);

/* Up to limit records matching q, best first; the first described of
 * them with the field that matched (the rest on demand: reading a
 * record for it is most of a query's cost). False with *error on a
 * database error. Free with query_results_free. */
bool query_run(struct query_engine *qe, const struct query *q, size_t limit, size_t described,
	       struct query_results *out, char **error);
/* Finds the field that matched hit i (its field, value and marks), once. */
void query_describe(struct query_engine *qe, struct query_results *r, size_t i);
void query_results_free(struct query_results *r);

/* The words of text as the index folds them ("Sofía-Hernández" gives
 * "sofia" and "hernandez"), each with its byte range in text; for
 * highlighting in other text. Returns the count (at most max). */
struct query_token {
	char text[64];
	size_t start, end;
};
size_t query_tokens(struct query_engine *qe, const char *text, struct query_token *out,
		    size_t max);

#endif
