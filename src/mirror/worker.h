/*
 * worker.h - the mirror's thread: every write to the database, the sync,
 * and the answers the mirror gives in the server's stead.
 *
 * The UI thread never waits on the disk: it hands over what the mirror
 * should learn (records fetched or saved anyway, a record found deleted,
 * the sync's results) and goes on. The thread owns the one writing
 * connection (store.h) and the sync (sync.h); it paces the sync within a
 * share of the request budget while the user is active (worker_pace), and
 * answers API requests from the mirror (worker_local_sender: offline, and
 * what the API cannot search), through a queue the UI polls like the
 * fetcher's (worker_fd).
 *
 * Requests the sync sends go through the sender given (the fetcher):
 * the fetcher is safe to submit to from any thread, and its results come
 * back on the UI thread, which hands the sync's to worker_take_result.
 */
#ifndef PATINA_MIRROR_WORKER_H
#define PATINA_MIRROR_WORKER_H

#include "copper/api.h"
#include "mirror/sync.h"

#include <stdbool.h>
#include <stdint.h>

struct worker_options {
	struct sync_options sync;
	bool run_sync;          /* false: learn and answer only (offline) */
	int rate_per_minute;    /* the client's request budget */
	int share_percent;      /* of it the sync may take while the user is active */
	int reserve;            /* budget tokens the sync always leaves to the user */
};

struct mirror_worker;

/* Opens the database at path to write (store.h) and starts the thread.
 * sender: where the sync's requests go (NULL submit with run_sync false).
 * NULL with *error (malloc'd). */
struct mirror_worker *worker_start(const char *path, struct api_sender sender,
				   const struct worker_options *opt, char **error);
/* Writes what is queued, stops the thread and closes the database. */
void worker_stop(struct mirror_worker *w);

/* Readable when local answers or news (progress, an error) are waiting. */
int worker_fd(const struct mirror_worker *w);

/* A result of the sync's requests (owner opt.sync.owner): taken over. */
void worker_take_result(struct mirror_worker *w, struct api_result *r);
/* Records of e fetched or saved elsewhere (an array or one object): taken
 * over, stored unless older than the mirror's. */
void worker_learn(struct mirror_worker *w, enum entity e, cJSON *records);
/* A record the server says is gone (404, or deleted by patina). */
void worker_forget(struct mirror_worker *w, enum entity e, int64_t id);
/* Starts a sync round now (unless one runs). */
void worker_sync_now(struct mirror_worker *w);
/* The request budget as the fetcher last reported it (fetch_stats): its
 * tokens now, refilling at refill_per_ms up to capacity.  The sync reckons
 * the refill itself between calls: an idle UI makes no further call. */
struct worker_budget {
	int tokens;
	double refill_per_ms;
	int capacity;
};
/* What the sync may take: the budget, and whether the user is active (a
 * key within the last minute). */
void worker_pace(struct mirror_worker *w, struct worker_budget budget, bool user_active);
/* Waits until everything handed over so far is written (one-shot
 * commands, tests). */
void worker_flush(struct mirror_worker *w);

/* The sync's progress, as of the last change. */
void worker_progress(struct mirror_worker *w, struct sync_progress *out);
/* Whether the progress changed since the last call (and clears it). */
bool worker_take_news(struct mirror_worker *w);
/* The last write error (caller frees), or NULL. */
char *worker_take_error(struct mirror_worker *w);

/* An api_sender answering from the mirror (local.h) on the thread. */
struct api_sender worker_local_sender(struct mirror_worker *w);
/* The next local answer, or NULL; call until NULL when worker_fd is
 * readable. Caller frees. */
struct api_result *worker_next_result(struct mirror_worker *w);

#endif
