/*
 * sync.h - keeping the mirror equal to the server, in as few requests as
 * the API allows.
 *
 * First sync: each entity's records in pages of 200 by creation date,
 * oldest first. Search stops at its first 100,000 results, so past them
 * the next window starts at the last creation date seen
 * (minimum_created_date; records of that second come twice, harmlessly).
 * Where the sync stands is committed with each page (store.h), so a quit
 * or a crash loses at most the page in flight: it goes on from there.
 * Cost: ceil(N / 200) requests per entity, and one more per window.
 *
 * Incremental sync (on start, then every interval): the changes since the
 * watermark, newest first, in pages of 200 (sort_by date_modified, desc:
 * a record changed while the pages are read moves to the front, where it
 * is read twice rather than skipped). The first page is unfiltered: its
 * X-PW-TOTAL is the entity's count, and when its last record is older
 * than the watermark it held every change. Past it:
 *   leads, opportunities, projects, tasks: minimum_modified_date, the
 *     watermark less a margin (the same order, so page 2 of it follows
 *     page 1), whose X-PW-TOTAL says how many pages there are;
 *   people, companies: the reference has no such filter for them, so the
 *     pages go on unfiltered until one reaches past the watermark.
 * So k changes cost at most ceil(k / 200) + 1 requests per entity, the
 * count included (one request for none).
 * The watermark is the server's clock (the Date header) when the round's
 * first page was answered, committed with the round's last page.
 *
 * Deletions: Copper says nothing of them to a client, so when the count
 * the server gives differs from the mirror's, a sweep finds where: it
 * halves the creation dates at the mirror's median and asks the server
 * how many records the half holds (one request, which also brings the
 * first 200 of them), the other half's count following by difference,
 * until a window whose records fit in one page: there the ids are
 * compared and what the server no longer has is removed. One deletion
 * among N records costs about log2(N / 200) requests. A record fetched
 * and found gone (404) is removed at once by whoever fetched it.
 *
 * This module decides and interprets; it sends through an api_sender and
 * writes through the store it is given, on its caller's thread (the
 * mirror's worker, worker.h). It never sleeps: the caller says how many
 * requests it may send (sync_pump) and feeds it its results.
 */
#ifndef PATINA_MIRROR_SYNC_H
#define PATINA_MIRROR_SYNC_H

#include "copper/api.h"
#include "mirror/store.h"

#include <stdbool.h>
#include <stdint.h>

#define SYNC_PAGE 200
#define SYNC_SEARCH_CAP 100000

struct sync_options {
	int owner;             /* the sender's owner id of the sync's requests */
	int interval_s;        /* between incremental syncs */
	int margin_s;          /* asked again before the watermark: changes that
				* became visible late */
	int max_in_flight;     /* requests out at once (one per entity at most) */
	int search_cap;        /* the server's (SYNC_SEARCH_CAP; smaller in tests) */
};

void sync_options_defaults(struct sync_options *o);

enum sync_step {
	SYNC_IDLE,             /* up to date until the next round */
	SYNC_FIRST,            /* the first sync, page by page */
	SYNC_CHANGES,          /* an incremental sync */
	SYNC_SWEEP,            /* looking for deleted records */
	SYNC_FAILED            /* stopped: sync_progress.error says why */
};

struct sync_entity_progress {
	enum sync_step step;
	bool complete;         /* the first sync is done */
	int64_t held;          /* records in the mirror */
	int64_t total;         /* the server's count, -1 unknown */
	int64_t synced_at;     /* local Unix time of the last completed sync, 0 never */
	int requests;          /* sent for this entity since sync_new */
};

struct sync_progress {
	struct sync_entity_progress entity[ENT_COUNT];
	bool running;          /* a round is under way */
	bool unreachable;      /* the last request could not reach the server */
	int requests;          /* sent since sync_new */
	int in_flight;
	int64_t next_round;    /* local Unix time of the next round, 0 none due */
	char error[256];       /* the last failure, "" none */
};

struct sync;

/* A sync of the mirror in store (written to), sending through sender. */
struct sync *sync_new(struct mirror_store *store, struct api_sender sender,
		      const struct sync_options *opt);
void sync_free(struct sync *s);

/* Starts a round at now (local Unix time): the first sync of each entity
 * that has none, from where it stopped, else an incremental sync. */
void sync_start(struct sync *s, int64_t now);
/* Whether a round is under way; when not, *due (may be NULL) is when the
 * next one should start (local Unix time). */
bool sync_running(const struct sync *s, int64_t *due);
/* Sends up to allowed requests now (monotonic ms now_ms, for retries);
 * returns how many it sent. */
int sync_pump(struct sync *s, int allowed, int64_t now_ms);
/* The answer to one of the sync's requests (taken over and freed). */
void sync_on_result(struct sync *s, struct api_result *r, int64_t now);
/* Requests out and not answered. */
int sync_in_flight(const struct sync *s);
/* The earliest monotonic ms a paused entity may send again, 0 none. */
int64_t sync_retry_at(const struct sync *s);

void sync_progress(const struct sync *s, struct sync_progress *out);
/* The same read from the store alone (no sync running: offline). */
void sync_progress_stored(struct mirror_store *store, struct sync_progress *out);

#endif
