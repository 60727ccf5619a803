/*
 * lookups.h - Copper's slowly changing reference data, fetched once.
 *
 * Users, pipelines and stages, contact types, customer sources, lead
 * statuses, loss reasons, custom field definitions, tags, activity types,
 * the account and the API user, and field layouts (per entity; per
 * pipeline for opportunities).  Each is taken from memory, else from the
 * disk cache (cache.h), else requested through the fetcher once, however
 * many views ask.  A warm start therefore sends no look-up request at all.
 *
 * Lives on the UI thread: results come back through lookups_on_result().
 * It never sees the fetch thread: requests go out through an api_sender.
 */
#ifndef PATINA_LOOKUPS_H
#define PATINA_LOOKUPS_H

#include "copper/api.h"
#include "copper/cache.h"

#include <stdbool.h>
#include <stdint.h>

struct lookups;

/* sender: where look-up requests go (a NULL submit: nowhere, for tests
 * and completion, which read the disk cache only). owner: the owner id
 * reserved for look-up jobs. cache may be NULL. */
struct lookups *lookups_new(struct api_sender sender, struct cache *cache, int owner);
void lookups_free(struct lookups *l);

/* Asks for a look-up; true if it is already available. */
bool lookups_need(struct lookups *l, enum lookup which);
/* Asks for a field layout; pipeline_id only for opportunities. */
bool lookups_need_layout(struct lookups *l, enum entity e, int64_t pipeline_id);

/* The look-ups a record of entity e needs to be shown or edited: the
 * users and custom fields always, and what its ids refer to (contact
 * types, lead statuses, sources, pipelines, loss reasons). Fills which
 * (room for LOOKUP_COUNT) and returns how many. */
size_t lookups_for_record(enum entity e, enum lookup *which);
/* Asks for all of them; true if all are available. */
bool lookups_need_for_record(struct lookups *l, enum entity e);

/* Feeds a fetch result; true if it was a look-up's (and is now consumed:
 * the caller still frees r). Errors are kept for lookups_error(). */
bool lookups_on_result(struct lookups *l, struct api_result *r);

/* The data, or NULL while missing. Owned by the lookups. */
const cJSON *lookups_get(const struct lookups *l, enum lookup which);
const cJSON *lookups_layout(const struct lookups *l, enum entity e, int64_t pipeline_id);

/* The API user's id and the account's id, 0 while unknown (the account
 * is also remembered by the cache from an earlier run). */
int64_t lookups_me_id(const struct lookups *l);
int64_t lookups_account_id(const struct lookups *l);

/* Look-up requests still in flight. */
int lookups_pending(const struct lookups *l);
/* The last look-up error message, or NULL. */
const char *lookups_error(const struct lookups *l);

/* The data of which changed on the server through patina (a tag added:
 * the tags' counts): the next lookups_need asks for it again, while what
 * is held stays usable meanwhile. */
void lookups_mark_stale(struct lookups *l, enum lookup which);

/* Drops memory and disk copies and asks again for what was loaded. */
void lookups_refresh(struct lookups *l);

/* Id-to-name resolution (names sanitized). NULL when unknown or not yet
 * loaded. A returned name stays valid until the next call that loads or
 * refreshes data (lookups_need*, lookups_on_result, lookups_refresh). */
const char *lookups_user_name(struct lookups *l, int64_t id);
const char *lookups_stage_name(struct lookups *l, int64_t id);
const char *lookups_pipeline_name(struct lookups *l, int64_t id);
const char *lookups_name(struct lookups *l, enum lookup which, int64_t id);

#endif
