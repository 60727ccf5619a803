/*
 * filter.h - the filter line: a small readable query language turned into
 * the body of a Copper /{entity}/search request.
 *
 *   owner:me stage:Proposal tag:vip value>10k status:open   (opportunities)
 *   city:Boston type:"Current Customer" owner:"Jane Smith"  (people)
 *   closes:<30d  closes:2026-12  created>=2026-01-01  due:overdue
 *   acme corp                          (free words: searched by name)
 *   cf:"Deal Type"=Renewal  "Region":West  (custom fields, by name)
 *
 * Terms are separated by white space and all must hold (the API ANDs its
 * criteria).  A key repeated where the API takes a list (owner, tag, stage,
 * status, ...) means "any of"; elsewhere a second, different value is an
 * error.  Keys are case-insensitive; "..." quotes a key or a value, with \"
 * and \\ inside.  filter_keys() lists the keys valid for each entity.
 *
 * Names are matched case-insensitively against the look-ups: an exact name
 * (or a user's email), else the one name it is a prefix of, else the one
 * name with a later word it is a prefix of ("smith" for "Jane Smith").  A
 * stage name found in several pipelines means all of those stages.  A plain
 * number is taken as an id (owner:159258); "none" is -2 (no value) where the
 * API documents it, "me" the API user.
 *
 * Comparisons: key:v (equal, or within a period), key>v key>=v key<v key<=v,
 * also key:>v.  > and < are strict, >= and <= include the value: Copper's
 * bounds are inclusive, so > and < step past the value by the smallest
 * difference the field has (value>10k: from 10000.01; interactions>2: from
 * 3).  Amounts: 10000, 10,000, 10k, 1.5m, $250.  Dates are local: 2026-12-31, 2026-12, 2026, today,
 * yesterday, tomorrow, A..B; >2026-01-01 means from the next day on.  Nd and
 * Nw are relative: forward for closes/due (closes:<30d: from now to 30 days
 * on), backward for created/modified/contacted (created:<7d: in the last 7
 * days); overdue (closes/due) is before today.
 *
 * Pure: no I/O; the only state is the static key tables.
 */
#ifndef PATINA_FILTER_H
#define PATINA_FILTER_H

#include "copper/api.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

struct lookups;

struct filter_context {
	struct lookups *lookups; /* may be NULL or incomplete: then names cannot
				  * resolve, and the error says the look-ups
				  * are not loaded yet */
	enum entity entity;      /* which search: the valid keys differ */
	int64_t me_id;           /* the API user's id, for owner:me (<= 0: unknown) */
	int64_t now;             /* unix time, for relative dates */
};

/*
 * Parses text into a Copper search body (a cJSON object without page or
 * sort keys; the caller owns it).  Empty text gives an empty object.  On
 * error returns NULL and *error (malloc'd) says what is wrong, naming the
 * term, e.g. "value>abc: expected a number like 10000 or 10k".
 */
cJSON *filter_parse(const char *text, const struct filter_context *ctx, char **error);

/*
 * Completion for the term at byte offset cursor (clamped to the text).
 * Fills *out with a malloc'd array of malloc'd candidates, each the full
 * replacement text of the term (e.g. `owner:"Jane Smith"`), sorted, at most
 * max; *term_start and *term_end receive the byte range they replace.
 * Keys while a key is typed; names from the look-ups while a value of
 * owner, stage, pipeline, tag, status, type, source, loss, priority or
 * followed is typed.  Returns the count (0: *out is NULL).
 */
size_t filter_complete(const char *text, size_t cursor, const struct filter_context *ctx,
		       char ***out, size_t max, size_t *term_start, size_t *term_end);
void filter_free_candidates(char **c, size_t n);

/* The keys valid for an entity, for help text: a NULL-terminated static
 * array (empty for a bad entity). */
const char *const *filter_keys(enum entity e);

#endif
