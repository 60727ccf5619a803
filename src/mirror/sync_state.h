/*
 * sync_state.h - the sync's state, shared by sync.c (rounds, the first
 * and incremental syncs, pacing, every request) and sync_sweep.c (finding
 * deletions), which sync.c calls and which calls nothing of sync.c's.
 */
#ifndef PATINA_MIRROR_SYNC_STATE_H
#define PATINA_MIRROR_SYNC_STATE_H

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
	char sweep_why[200];       /* why the sweep failed */
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
	int64_t now;               /* local Unix time, as last told (sync_start,
				    * sync_on_result): what sync_pump ends at */
	char error[256];
};

/* sync_sweep.c */
enum sweep_state {
	SWEEP_ASK,     /* a window is to be searched */
	SWEEP_DONE,    /* the mirror holds no record the server lost */
	SWEEP_FAILED   /* es->sweep_why says why */
};
/* Starts a sweep of e whose server holds total records. */
void sweep_start(struct sync *s, enum entity e, int64_t total);
/* Takes the sweep of e as far as it goes without asking (windows whose
 * counts agree, windows whose records are all known, splits): then the
 * window to search in *ask at *page, or that it is over. */
enum sweep_state sweep_next(struct sync *s, enum entity e, struct sweep_window *ask, int *page);
/* A sweep's answer (false: failed, es->sweep_why says why). */
bool sweep_on_result(struct sync *s, enum entity e, const struct api_result *r);
void sweep_clear(struct entity_sync *es);

#endif
