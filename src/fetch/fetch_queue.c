/* fetch_queue.c - the fetcher's queues: jobs waiting by priority, and
 * results handed to the UI thread (see fetch_internal.h). Below both
 * fetch.c (the thread) and fetch_auth.c (refused credentials), which use
 * it and nothing of each other's but fetch.c's calls into fetch_auth.c. */
#include "config.h"

#include "fetch/fetch_internal.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fetch_job_free(struct job *j)
{
	api_request_free(j->req);
	api_error_clear(&j->auth_error);
	free(j);
}

void fetch_wake_ui(struct fetcher *f)
{
	char c = 1;
	/* the pipe is non-blocking: when full, the UI has wake-ups pending */
	while (write(f->wake_w, &c, 1) < 0 && errno == EINTR)
		;
}

int fetch_count_jobs(const struct job *j)
{
	int n = 0;
	for (; j; j = j->next)
		n++;
	return n;
}

void fetch_deliver(struct fetcher *f, struct job *j, cJSON *json, const struct http_response *resp,
		   struct api_error *err)
{
	struct api_result *r = xcalloc(1, sizeof(*r));
	r->job_id = j->id;
	r->owner = j->owner;
	r->generation = j->generation;
	r->tag = j->tag;
	r->kind = j->req->kind;
	r->json = json;
	r->total = resp ? resp->total : -1;
	r->status = resp ? resp->status : 0;
	r->error = *err;
	memset(err, 0, sizeof(*err));
	r->attempts = j->attempts;
	r->elapsed_ms = now_ms() - j->submitted;
	r->server_date = resp ? resp->server_date : 0;
	r->entity = j->req->entity;
	r->record_id = j->req->record_id;

	struct result_node *n = xcalloc(1, sizeof(*n));
	n->result = r;
	int queued = fetch_count_jobs(f->pending), flying = fetch_count_jobs(f->flying);
	pthread_mutex_lock(&f->lock);
	*f->results_tail = n;
	f->results_tail = &n->next;
	/* the counts go with the result: a UI woken by it must not read
	 * counts from before it (and jobs still being handed over count) */
	f->stats.queued = queued + fetch_count_jobs(f->incoming);
	f->stats.in_flight = flying;
	pthread_mutex_unlock(&f->lock);
	fetch_wake_ui(f);
	fetch_job_free(j);
}

/* Inserts by priority, then by submission order. */
void fetch_pending_insert(struct fetcher *f, struct job *j)
{
	struct job **p = &f->pending;
	while (*p && ((*p)->prio < j->prio || ((*p)->prio == j->prio && (*p)->id < j->id)))
		p = &(*p)->next;
	j->next = *p;
	*p = j;
}
