/*
 * refnames.h - names of records by id: the one resolver of related
 * records' names, for the lists, the detail pane, the board and the
 * command line.
 *
 * Names are learned from what was already fetched (every page and record
 * passes through refnames_learn), so a related record (an opportunity's
 * primary contact, a task's related company) shows a name without a
 * request of its own. What is still unknown is collected in a batch
 * (refnames_want_refs) and asked for in one search by ids per entity
 * (refnames_ask); the answers come back through refnames_on_result. An id
 * is asked for once: again only after its answer failed, never while a
 * search for it is out, and never when the server did not return it (a
 * deleted or invisible record keeps showing its id).
 */
#ifndef PATINA_REFNAMES_H
#define PATINA_REFNAMES_H

#include "copper/api.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

struct refnames;

struct refnames *refnames_new(void);
void refnames_free(struct refnames *r);
/* Remembers a name (sanitized inside). */
void refnames_put(struct refnames *r, enum entity e, int64_t id, const char *name);
/* Remembers the "id" and "name" of each record of an array (or one record). */
void refnames_learn(struct refnames *r, enum entity e, const cJSON *records);
/* The name, or NULL. Valid until the next put for the same id. */
const char *refnames_get(const struct refnames *r, enum entity e, int64_t id);
size_t refnames_count(const struct refnames *r);

/* Ids to ask for, per entity. Zero-initialise; refnames_ask empties it. */
struct refnames_batch {
	cJSON *ids[ENT_COUNT];
};

/* Adds id unless its name is known, asked for, or known to be missing. */
void refnames_want(struct refnames *r, struct refnames_batch *b, enum entity e, int64_t id);
/* Adds the records' references that lack a name: primary contacts,
 * companies, related records (records: an array or one object of entity
 * e). */
void refnames_want_refs(struct refnames *r, struct refnames_batch *b, enum entity e,
			const cJSON *records);
/* Sends one search by ids per entity of the batch (at most 200 ids each;
 * the rest stay unasked until the next call), tagged tag_base + entity.
 * Returns the number of requests sent. */
size_t refnames_ask(struct refnames *r, struct refnames_batch *b, struct api_sender sender,
		    int owner, uint64_t generation, enum api_priority prio, int64_t tag_base);
/* The searches owner sent before before_generation will never answer
 * (the asker moved on and they were cancelled): their ids may be asked
 * for again. */
void refnames_superseded(struct refnames *r, int owner, uint64_t before_generation);
/* Frees what a batch holds without asking. */
void refnames_batch_clear(struct refnames_batch *b);
/* Feeds a result; true (consumed: the caller still frees it) if its tag
 * is tag_base + an entity and its job one of refnames_ask's. New names are
 * learned; *learned (may be NULL) tells whether any was. */
bool refnames_on_result(struct refnames *r, const struct api_result *res, int64_t tag_base,
			bool *learned);

#endif
