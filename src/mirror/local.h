/*
 * local.h - the mirror answering API requests in the server's stead:
 * offline, and for what the API cannot search (tasks by name).
 *
 * It answers as the server would, in the same shapes, so that the views
 * need not know where records come from:
 *   GET /{entity}/{id}            the record, or 404 when the mirror has none
 *   POST /people/fetch_by_email   the person with that email, or 404
 *   POST /{entity}/search         the records matching the criteria patina's
 *                                 filter language makes (ids, name, emails,
 *                                 phone, owner, status, pipeline, stage,
 *                                 contact type, company, source, loss reason,
 *                                 priority, tags, address, date and value
 *                                 ranges, converted leads), sorted and paged,
 *                                 with the total in X-PW-TOTAL's place
 * Anything else, and a criterion the mirror cannot judge (followed, custom
 * fields), is an APIE_OFFLINE error that says so: nothing is sent, and
 * nothing false is answered. Writes are refused the same way: edits are
 * never queued behind the user's back.
 *
 * A search that is not a plain listing reads every record of the entity
 * once, then keeps the sorted result for the next pages of the same
 * criteria.
 */
#ifndef PATINA_MIRROR_LOCAL_H
#define PATINA_MIRROR_LOCAL_H

#include "copper/api.h"
#include "mirror/store.h"

#include <stdint.h>

struct local;

struct local *local_new(struct mirror_store *store);
void local_free(struct local *l);

/* The answer to req (caller frees), or NULL with *err filled. *total is
 * a search's count of matches, else -1. */
cJSON *local_answer(struct local *l, const struct api_request *req, int64_t *total,
		    struct api_error *err);

#endif
