/*
 * fetch_internal.h - the fetcher's own state, shared by the files of the
 * fetch thread, which call one way: fetch.c (dispatch, completions, the
 * public calls) -> fetch_auth.c (refused credentials: hold,
 * token-command, a new token, giving up) -> fetch_queue.c (the queues and
 * the delivery of results).  Nothing outside src/fetch includes it.
 *
 * Every function here runs on the fetch thread, except fetch_wake_ui()
 * and fetch_wipe_free(), which any thread may call.
 */
#ifndef PATINA_FETCH_INTERNAL_H
#define PATINA_FETCH_INTERNAL_H

#include "fetch/budget.h"
#include "fetch/fetch.h"
#include "fetch/http.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct job {
	uint64_t id;
	int owner;
	uint64_t generation;
	int64_t tag;
	enum api_priority prio;
	struct api_request *req;
	int attempts;
	int rate_attempts;
	int64_t not_before;
	int64_t submitted;
	struct http_transfer *xfer;
	int sends;              /* of the current attempt, libcurl's re-send included */
	uint64_t token_gen;     /* the credentials it went out with */
	struct api_error auth_error; /* held after a 401: the error if the user gives up */
	struct fetcher *fetcher;
	struct job *next;
};

struct result_node {
	struct api_result *result;
	struct result_node *next;
};

struct cancel_node {
	int owner;
	uint64_t before;
	struct cancel_node *next;
};

struct fetcher {
	struct fetch_options opt;
	char *base_url;  /* owned copies behind opt.http's pointers; the */
	char *email;     /* secrets live only in the header list */
	pthread_t thread;
	CURLM *multi;
	struct curl_slist *headers;
	int wake_r, wake_w;

	/* ---- shared, under lock ---- */
	pthread_mutex_t lock;
	struct job *incoming, **incoming_tail;
	struct cancel_node *cancels;
	struct result_node *results, **results_tail;
	uint64_t min_generation[FETCH_MAX_OWNERS];
	uint64_t next_id;
	bool stopping;
	struct fetch_stats stats;
	char *new_token;         /* secret, from the UI */
	bool give_up_auth;

	/* ---- the fetch thread's own ---- */
	struct job *pending;   /* waiting to be sent */
	struct job *flying;    /* in flight */
	struct budget budget;
	struct job *held;      /* refused credentials (401): waiting for new ones */
	bool auth_blocked;     /* nothing goes out until then */
	bool auth_given_up;    /* the user gave up: 401s are answered as they come */
	bool command_tried;    /* token-command ran for this refusal */
	bool token_untried;    /* a new token, until an answer shows it works */
	char *token_command;
	uint64_t token_gen;
	struct curl_slist *retired[8]; /* header lists of old tokens, until idle */
	size_t nretired;
};

/* fetch_queue.c: the queues, used by fetch.c and fetch_auth.c alike */
void fetch_job_free(struct job *j);
int fetch_count_jobs(const struct job *j);
/* Wakes the UI thread (any thread may). */
void fetch_wake_ui(struct fetcher *f);
/* Into the pending queue, by priority, then by submission order. */
void fetch_pending_insert(struct fetcher *f, struct job *j);
/* The job's result (json and *err taken over) to the UI; the job is freed. */
void fetch_deliver(struct fetcher *f, struct job *j, cJSON *json, const struct http_response *resp,
		   struct api_error *err);

/* fetch_auth.c: a 401 holds the job (and everything after it) until a new
 * token comes (token-command first, once; then the UI asks), or the user
 * gives up and what was held fails with its 401. */
void fetch_wipe_free(char *secret);
void fetch_set_auth_stats(struct fetcher *f, bool needed, bool renewed);
void fetch_use_token(struct fetcher *f, char *token);
void fetch_hold(struct fetcher *f, struct job *j, struct api_error *err);
void fetch_give_up(struct fetcher *f);

#endif
