/*
 * sync_internal.h - the sync's state, shared by sync.c (rounds, the first
 * and incremental syncs, pacing) and sync_sweep.c (finding deletions).
 */
#ifndef PATINA_MIRROR_SYNC_INTERNAL_H
#define PATINA_MIRROR_SYNC_INTERNAL_H

#include "mirror/sync.h"

#define SWEEP_DEPTH 64

/* A window of creation dates the sweep looks into. */
struct sweep_window {
	int64_t lo, hi;        /* inclusive */
	int64_t server;        /* records the server holds in it, -1 unknown */
	int64_t parent;        /* the count of the window it was split from, for
				* its sibling's by difference; -1 none */
	int page;              /* paging an unsplittable window: the next page */
};

struct entity_sync {
	enum sync_step step;
	struct store_sync st;      /* as committed */
	bool in_flight;
	int page;                  /* incremental: the next page */
	int64_t round_date;        /* the server's clock at the round's first page */
	int64_t retry_at;          /* monotonic ms; 0: may send */
	int failures;              /* in a row, for the pause */
	int requests;
	/* the sweep */
	struct sweep_window stack[SWEEP_DEPTH];
	int depth;
	int64_t *paged_ids;        /* an unsplittable window's ids, paged */
	size_t npaged;
	int sweep_requests;
};

struct sync {
	struct mirror_store *store;
	struct api_sender sender;
	struct sync_options opt;
	struct entity_sync e[ENT_COUNT];
	bool running;
	bool unreachable;
	int requests;
	int64_t round_end;         /* local Unix time the last round ended */
	bool first_done;           /* a first sync ended in this round: the
				    * index is merged once the round is over */
	int round_changes;         /* records stored new or changed this round */
	char error[256];
};

/* Says why the entity's sync stopped (kept for sync_progress). */
void sync_fail(struct sync *s, enum entity e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sends page of a search for e by creation date (body taken over; one
 * request in flight per entity). */
void sync_send(struct sync *s, enum entity e, cJSON *body, int page);
/* The search body every request of e starts from (caller owns). */
cJSON *sync_body(enum entity e);
/* Stores records and the entity's state in one transaction. */
bool sync_commit(struct sync *s, enum entity e, const cJSON *records);
/* The entity's round is over (state committed). */
void sync_entity_done(struct sync *s, enum entity e, int64_t now);

/* sync_sweep.c */
/* Starts a sweep of e whose server holds total records. */
void sweep_start(struct sync *s, enum entity e, int64_t total);
/* Sends the sweep's next request, or ends it (false: nothing sent). */
bool sweep_send(struct sync *s, enum entity e, int64_t now);
/* A sweep's answer. */
void sweep_on_result(struct sync *s, enum entity e, const struct api_result *r, int64_t now);
void sweep_clear(struct entity_sync *es);

#endif
