/*
 * cache.h - look-ups and field layouts kept on disk between runs.
 *
 * Layout: $XDG_CACHE_HOME/patina/<account id>/<name>.json, each file
 * {"fetched_at": <unix time>, "data": <the API's answer>}, written
 * atomically (temporary file + rename) with mode 0600.  Which account a
 * set of credentials belongs to is remembered in
 * $XDG_CACHE_HOME/patina/identities/<hash of api-url and email>, so a warm
 * start knows its account directory without asking the server.
 *
 * Nothing secret is ever written here: the identity hash covers the URL
 * and email only.
 *
 * Nothing is trusted that someone else could have written: a directory
 * of the cache that another user owns or can write, or that is a link to
 * one, turns the cache off (cache_problem says why); entries are read only
 * from regular files, never through a link, and only when their data has
 * the shape of their look-up (an object for the account, a list for the
 * users...).
 */
#ifndef PATINA_CACHE_H
#define PATINA_CACHE_H

#include "util/writer.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

struct cache;

/* base_dir is e.g. $XDG_CACHE_HOME/patina; identity is what tells accounts
 * apart without secrets (api-url + email). writes go through writer (may
 * be NULL: written at once), so that the UI thread never waits on the
 * disk. Never fails: a cache that cannot be written is simply empty. */
struct cache *cache_open(const char *base_dir, const char *identity, int ttl_seconds,
			 struct writer *writer);
void cache_close(struct cache *c);
/* Why the cache is not used (a message naming the directory and the
 * fix), or NULL when it is. */
const char *cache_problem(const struct cache *c);

/* The account id remembered for this identity, or 0. */
int64_t cache_account(const struct cache *c);
/* Records the account (learned from GET /account); later puts go to its
 * directory. */
void cache_set_account(struct cache *c, int64_t account_id);

/* A fresh entry (younger than the TTL at time now) of the right shape, or
 * NULL. The caller owns the returned JSON. */
cJSON *cache_get(const struct cache *c, const char *name, int64_t now);
/* Stores an entry fetched at time now (queued to the writer). False if it
 * cannot be stored (no account yet). */
bool cache_put(const struct cache *c, const char *name, const cJSON *data, int64_t now);
/* Forgets every entry of the account (an explicit refresh). */
void cache_clear(const struct cache *c);

/* Entry names must be plain: letters, digits, '-', '_' (checked). */
bool cache_name_valid(const char *name);

#endif
