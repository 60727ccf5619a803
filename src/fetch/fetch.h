/*
 * fetch.h - the background fetch thread and its protocol with the UI.
 *
 * The UI thread submits jobs (an api_request plus who asked, for which
 * generation, and how urgent) and collects results; it never performs I/O
 * and never waits on a lock held across a request: the one mutex here
 * guards only the hand-over lists.  Results wake the UI through a file
 * descriptor it polls together with the keyboard.
 *
 * Jobs move to the thread and results move back; nothing is shared.
 *
 * Staleness: each job has an owner (a small integer, e.g. a view) and a
 * generation.  fetcher_cancel(owner, gen) cancels every job of that owner
 * older than gen, aborting transfers in flight, and results of such jobs
 * that already arrived are never handed out.
 *
 * The thread spends the request budget (budget.h) and retries what is safe
 * to retry: idempotent requests on 5xx, timeouts, dropped connections and
 * malformed answers, a bounded number of times with backoff; on 429 after
 * the budget's pause.  A request that creates a record is never retried,
 * nor one whose answer was too large (APIE_TOO_LARGE): asking again would
 * only pay for it again.
 */
#ifndef PATINA_FETCH_H
#define PATINA_FETCH_H

#include "copper/api.h"
#include "fetch/http.h"

#include <stdint.h>

#define FETCH_MAX_OWNERS 64


struct fetch_options {
	struct http_config http;
	int rate_per_minute;
	int burst;
	int max_parallel;
	int max_retries;       /* for transient errors on idempotent requests */
	int max_rate_retries;  /* for 429s */
	int64_t retry_base_ms;
	const char *token_command;  /* run again on a 401; NULL: ask the UI */
	bool hold_refused;          /* hold work after a 401 (the interactive UI);
				     * false: a 401 is an answer like any error */
};

void fetch_options_defaults(struct fetch_options *o);


struct fetch_stats {
	int queued;            /* waiting to be sent */
	int in_flight;
	int64_t budget_wait_ms;/* > 0: queued work waits for the budget */
	int budget_tokens;
	/* the bucket at budget_at_ms, so that the UI can tell what it holds
	 * later without waking the fetch thread (see fetch_stats_tokens) */
	double budget_tokens_exact;
	int64_t budget_at_ms;
	double budget_per_ms;
	int budget_capacity;
	uint64_t sent;         /* requests put on the wire, retries included */
	uint64_t retried;
	uint64_t rate_limited; /* 429s seen */
	bool auth_needed;      /* credentials refused: requests wait for a token */
	unsigned auth_renewed; /* times a new token was taken (and work resumed) */
};

struct fetcher;

/* Starts the thread (calls curl_global_init first). The options are copied;
 * the secrets in them too, and wiped on stop. NULL with *error on failure. */
struct fetcher *fetcher_start(const struct fetch_options *opt, char **error);
/* Stops the thread, aborting what is in flight, and frees everything. */
void fetcher_stop(struct fetcher *f);

/* Readable when results are waiting. */
int fetcher_fd(const struct fetcher *f);

/* The fetcher as an api_sender (copper/api.h), for modules below this
 * layer that send requests (the look-ups, the name resolver). */
struct api_sender fetcher_sender(struct fetcher *f);

/* Takes ownership of req. Returns the job's id (never 0). */
uint64_t fetcher_submit(struct fetcher *f, struct api_request *req, int owner,
			uint64_t generation, enum api_priority prio, int64_t tag);
/* Cancels owner's jobs whose generation is below before_generation. */
void fetcher_cancel(struct fetcher *f, int owner, uint64_t before_generation);

/* Next result, or NULL when none is waiting. Never blocks. Call until NULL
 * each time the fd is readable. Caller frees with api_result_free. */
struct api_result *fetcher_next_result(struct fetcher *f);
/* Waits up to timeout_ms for a result (for command-line use and tests;
 * the interactive UI never calls this). */
struct api_result *fetcher_wait_result(struct fetcher *f, int timeout_ms);

void fetcher_stats(struct fetcher *f, struct fetch_stats *out);

/* A new token for the requests held after a 401 (copied; the caller wipes
 * its own copy). Of the kind in use: an API token, or an OAuth token. */
void fetcher_set_token(struct fetcher *f, const char *token);
/* No new token: the requests held fail with their 401, and later ones are
 * answered as they come. */
void fetcher_auth_give_up(struct fetcher *f);
/* Whole requests the budget allows at time now (monotonic ms), from a
 * snapshot: the bucket refills while the fetch thread sleeps. */
int fetch_stats_tokens(const struct fetch_stats *st, int64_t now);

#endif
