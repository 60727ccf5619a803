/*
 * mirror_link.h - the interactive application's side of the mirror
 * (src/mirror): opening it once the account and the user are known,
 * feeding it every record the views fetch or save anyway, handing the
 * sync its results and its pace, the finder's reading connection, and
 * offline mode.
 *
 * Everything here runs on the UI thread and only hands work over: the
 * writes, the sync's decisions and the answers from the mirror are the
 * worker's (mirror/worker.h); the finder's queries read a connection of
 * their own, which never waits for the worker (WAL).
 *
 * Offline: with --offline, or once the network is found unreachable (a
 * request could not resolve or connect), requests go to the mirror
 * instead (mirror/local.h): lists, details, the board and the finder show
 * what it holds, the title says so and when it was last synced, and a
 * write is refused with a message (the form keeps what was typed). Out of
 * reach (not --offline), a request every PROBE_S seconds tells when the
 * server is back: then everything is read from it again.
 */
#ifndef PATINA_MIRROR_LINK_H
#define PATINA_MIRROR_LINK_H

#include "config/settings.h"
#include "copper/api.h"
#include "mirror/query.h"
#include "mirror/sync.h"

struct fetch_stats;

#include <stdbool.h>
#include <stdint.h>

struct mirror_link;

/* fetcher: the sender of the sync's requests (owner sync_owner). The
 * mirror opens when its account and user are known (mirror_link_open).
 * NULL when the settings want no mirror. */
struct mirror_link *mirror_link_new(const struct settings *s, struct api_sender fetcher,
				    int sync_owner);
void mirror_link_free(struct mirror_link *l);

/* Opens the mirror of that account and user (once), starts its thread
 * and, online, a sync. False with *why (malloc'd) when it cannot be
 * used (the rest of patina works without it). */
bool mirror_link_open(struct mirror_link *l, int64_t account_id, int64_t user_id, char **why);
/* The account and user from the disk cache, when it knows them. */
bool mirror_link_known(const struct settings *s, int64_t *account_id, int64_t *user_id);
bool mirror_link_ready(const struct mirror_link *l);
/* The worker's descriptor (readable: answers or news), -1 before it opens. */
int mirror_link_fd(const struct mirror_link *l);

/* A result from the fetcher: the sync's are taken over (true: the caller
 * must not free it); every other is learned from (records copied, a 404
 * forgotten) and left to the caller (false). */
bool mirror_link_on_result(struct mirror_link *l, struct api_result *r);
/* The next answer from the mirror (offline), or NULL. Caller frees. */
struct api_result *mirror_link_next_answer(struct mirror_link *l);
/* Whether the sync's progress changed since the last call. */
bool mirror_link_take_news(struct mirror_link *l);
/* The last write error of the mirror (caller frees), or NULL. */
char *mirror_link_take_error(struct mirror_link *l);
/* The request budget (fetch_stats) at now, and whether the user is active. */
void mirror_link_pace(struct mirror_link *l, const struct fetch_stats *st, int64_t now,
		      bool user_active);
/* What the status line says of the sync (caller frees), NULL nothing. */
char *mirror_link_status(struct mirror_link *l);
const struct sync_progress *mirror_link_progress(const struct mirror_link *l);
/* The oldest of the entities' last syncs (local Unix time), 0 never. */
int64_t mirror_link_synced_at(const struct mirror_link *l);
/* Whether every entity's first sync is done; whether e's is. */
bool mirror_link_complete(const struct mirror_link *l);
bool mirror_link_entity_complete(const struct mirror_link *l, enum entity e);

/* The finder's engine and its connection (NULL until open). */
struct query_engine *mirror_link_engine(struct mirror_link *l);
struct mirror_store *mirror_link_reader(struct mirror_link *l);

/* Offline mode: where requests go. */
bool mirror_link_offline(const struct mirror_link *l);
/* Whether the user asked for it (--offline) rather than the network. */
bool mirror_link_forced_offline(const struct mirror_link *l);
struct api_sender mirror_link_local_sender(struct mirror_link *l);
/* Whether the error means the server is out of reach (DNS, connect). */
bool mirror_link_unreachable(enum api_error_kind kind);
/* Goes offline (the network is down) or back online; false when nothing
 * changed (or no mirror is open to go offline to). */
bool mirror_link_set_offline(struct mirror_link *l, bool offline);

#endif
