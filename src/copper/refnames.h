/*
 * refnames.h - names of records by id, learned from what was already
 * fetched, so a related record (an opportunity's primary contact, a task's
 * related company) shows a name instead of an id without a request of its
 * own. What is not known is asked for in one batched search by ids.
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

#endif
