/*
 * budget.h - how many requests patina may send, and when.
 *
 * Copper allows 180 requests per rolling minute per user and answers 429
 * past it, without Retry-After.  patina keeps itself under that with a
 * token bucket (rate per minute plus a burst), so in any 60 s window it
 * sends at most burst + rate requests (20 + 150 = 170 by default).  A 429
 * still pauses everything with exponential backoff and jitter, honouring a
 * Retry-After if a server ever sends one.
 *
 * Pure arithmetic on a caller-supplied clock (milliseconds), so tests can
 * drive time; the fetch thread is its only user at run time.
 */
#ifndef PATINA_BUDGET_H
#define PATINA_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

struct budget {
	double per_ms;          /* refill rate */
	double capacity;        /* burst */
	double tokens;
	int64_t last_ms;
	int64_t paused_until;   /* after a 429 */
	int rate_limited;       /* consecutive 429s, drives the backoff */
	uint64_t rng;           /* xorshift state for jitter */
};

void budget_init(struct budget *b, int per_minute, int burst, int64_t now);
/* Milliseconds until a request may be sent (0: now). */
int64_t budget_wait(struct budget *b, int64_t now);
/* Takes one token if a request may be sent now. */
bool budget_take(struct budget *b, int64_t now);
/* Charges one request that is going out whatever the bucket holds (it may
 * go below zero: a debt the next requests wait for). For sends patina did
 * not choose, such as libcurl's own re-send on a dead reused connection. */
void budget_charge(struct budget *b, int64_t now);
/* Whole tokens available now (for the status bar). */
int budget_available(struct budget *b, int64_t now);
/* A 429 arrived. retry_after_ms is the server's Retry-After or -1.
 * Returns the pause chosen. */
int64_t budget_on_rate_limited(struct budget *b, int64_t now, int64_t retry_after_ms);
/* A request succeeded: the backoff starts again from its base. */
void budget_on_success(struct budget *b);

/* Delay before retry number attempt (1, 2, ...) of a failed request:
 * exponential from base_ms, capped at max_ms, with "full jitter" (a uniform
 * draw in [delay/2, delay]) so that clients do not retry in lockstep. */
int64_t backoff_delay(int attempt, int64_t base_ms, int64_t max_ms, uint64_t *rng);

#endif
