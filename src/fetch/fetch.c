/* fetch.c - see fetch.h */
#include "config.h"

#include "fetch/budget.h"
#include "fetch/fetch.h"
#include "fetch/fetch_internal.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


void fetch_options_defaults(struct fetch_options *o)
{
	memset(o, 0, sizeof(*o));
	o->http.connect_timeout_ms = 10000;
	o->http.request_timeout_ms = 30000;
	o->rate_per_minute = 150;
	o->burst = 20;
	o->max_parallel = 4;
	o->max_retries = 3;
	o->max_rate_retries = 8;
	o->retry_base_ms = 500;
}

static bool is_cancelled(const struct cancel_node *c, const struct job *j)
{
	for (; c; c = c->next)
		if (c->owner == j->owner && j->generation < c->before)
			return true;
	return false;
}

static void apply_cancels(struct fetcher *f, struct cancel_node *cancels)
{
	if (!cancels)
		return;
	for (struct job **p = &f->pending; *p;) {
		struct job *j = *p;
		if (is_cancelled(cancels, j)) {
			*p = j->next;
			fetch_job_free(j);
		} else {
			p = &j->next;
		}
	}
	for (struct job **p = &f->held; *p;) {
		struct job *j = *p;
		if (is_cancelled(cancels, j)) {
			*p = j->next;
			fetch_job_free(j);
		} else {
			p = &j->next;
		}
	}
	for (struct job **p = &f->flying; *p;) {
		struct job *j = *p;
		if (is_cancelled(cancels, j)) {
			*p = j->next;
			curl_multi_remove_handle(f->multi, http_transfer_easy(j->xfer));
			http_transfer_abort(j->xfer);
			fetch_job_free(j);
		} else {
			p = &j->next;
		}
	}
	while (cancels) {
		struct cancel_node *next = cancels->next;
		free(cancels);
		cancels = next;
	}
}

/* A request went out on a connection. The first send was paid for when
 * the job started; a second one is libcurl re-sending by itself a request
 * whose reused connection turned out dead, and Copper counts it too. */
static void on_send(void *data)
{
	struct job *j = data;
	if (j->sends++ == 0)
		return;
	budget_charge(&j->fetcher->budget, now_ms());
	pthread_mutex_lock(&j->fetcher->lock);
	j->fetcher->stats.sent++;
	pthread_mutex_unlock(&j->fetcher->lock);
}

/* Starts what the budget and the parallelism allow. Returns how long until
 * the budget lets the next pending job go (0 if none is waiting on it). */
static int64_t dispatch(struct fetcher *f, int64_t now)
{
	int64_t wait_ms = 0;
	while (!f->auth_blocked && fetch_count_jobs(f->flying) < f->opt.max_parallel) {
		struct job **pick = NULL;
		for (struct job **p = &f->pending; *p; p = &(*p)->next) {
			if ((*p)->not_before <= now) {
				pick = p;
				break;
			}
		}
		if (!pick)
			break;
		if ((wait_ms = budget_wait(&f->budget, now)) > 0)
			break;
		budget_charge(&f->budget, now);
		struct job *j = *pick;
		*pick = j->next;
		j->attempts++;
		j->sends = 0;
		j->fetcher = f;
		j->token_gen = f->token_gen;
		j->xfer = http_transfer_new(&f->opt.http, f->headers, j->req, on_send, j);
		curl_multi_add_handle(f->multi, http_transfer_easy(j->xfer));
		j->next = f->flying;
		f->flying = j;
		pthread_mutex_lock(&f->lock);
		f->stats.sent++;
		if (j->attempts > 1)
			f->stats.retried++;
		pthread_mutex_unlock(&f->lock);
	}
	return wait_ms;
}

static void retry_later(struct fetcher *f, struct job *j, int64_t when)
{
	j->not_before = when;
	j->xfer = NULL;
	fetch_pending_insert(f, j);
}

static void free_retired(struct fetcher *f)
{
	if (f->flying)
		return;
	for (size_t i = 0; i < f->nretired; i++)
		http_headers_free(f->retired[i]);
	f->nretired = 0;
}

static void complete(struct fetcher *f, struct job *j, CURLcode rc)
{
	struct http_response resp;
	struct api_error err = {0};
	int64_t now = now_ms();

	curl_multi_remove_handle(f->multi, http_transfer_easy(j->xfer));
	http_transfer_finish(j->xfer, rc, &resp);
	j->xfer = NULL;
	cJSON *json = api_interpret_for(j->req, &resp, &err);

	if (err.kind == APIE_AUTH && f->opt.hold_refused && !f->auth_given_up) {
		http_response_free(&resp);
		cJSON_Delete(json);
		if (j->token_gen != f->token_gen) {
			/* it went out with the old token: again, with the new */
			api_error_clear(&err);
			retry_later(f, j, now);
		} else {
			fetch_hold(f, j, &err);
		}
		return;
	}
	if (err.kind == APIE_RATE_LIMIT) {
		int64_t pause = budget_on_rate_limited(&f->budget, now, resp.retry_after_ms);
		pthread_mutex_lock(&f->lock);
		f->stats.rate_limited++;
		pthread_mutex_unlock(&f->lock);
		/* a 429 was refused before anything happened, so an update may
		 * go again; a create is still never repeated behind the user's
		 * back */
		if (j->req->kind != API_CREATE && ++j->rate_attempts <= f->opt.max_rate_retries) {
			api_error_clear(&err);
			http_response_free(&resp);
			retry_later(f, j, now + pause);
			return;
		}
	} else if (err.kind != APIE_NONE && api_error_transient(err.kind) &&
		   j->req->idempotent && j->attempts <= f->opt.max_retries) {
		int64_t delay = backoff_delay(j->attempts, f->opt.retry_base_ms,
					      f->opt.retry_base_ms * 16, &f->budget.rng);
		api_error_clear(&err);
		http_response_free(&resp);
		retry_later(f, j, now + delay);
		return;
	} else if (err.kind == APIE_NONE) {
		budget_on_success(&f->budget);
		/* the credentials work: a later refusal may run token-command again */
		f->command_tried = false;
		if (f->token_untried) {
			f->token_untried = false;
			fetch_set_auth_stats(f, false, true);
		}
	}
	fetch_deliver(f, j, json, &resp, &err);
	http_response_free(&resp);
}

/* Returns how many transfers finished. */
static int read_completions(struct fetcher *f)
{
	CURLMsg *msg;
	int left, done = 0;
	while ((msg = curl_multi_info_read(f->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		CURL *easy = msg->easy_handle;
		CURLcode rc = msg->data.result;
		for (struct job **p = &f->flying; *p; p = &(*p)->next) {
			if (http_transfer_easy((*p)->xfer) == easy) {
				struct job *j = *p;
				*p = j->next;
				complete(f, j, rc);
				done++;
				break;
			}
		}
	}
	return done;
}

static void update_stats(struct fetcher *f, int64_t wait_ms)
{
	int queued = fetch_count_jobs(f->pending), flying = fetch_count_jobs(f->flying);
	int64_t now = now_ms();
	int tokens = budget_available(&f->budget, now);
	pthread_mutex_lock(&f->lock);
	f->stats.queued = queued + fetch_count_jobs(f->incoming);
	f->stats.in_flight = flying;
	f->stats.budget_wait_ms = wait_ms;
	f->stats.budget_tokens = tokens;
	f->stats.budget_tokens_exact = f->budget.tokens;
	f->stats.budget_at_ms = now;
	f->stats.budget_per_ms = f->budget.per_ms;
	f->stats.budget_capacity = (int)f->budget.capacity;
	pthread_mutex_unlock(&f->lock);
}

static void *fetch_main(void *arg)
{
	struct fetcher *f = arg;
	for (;;) {
		pthread_mutex_lock(&f->lock);
		bool stopping = f->stopping;
		struct job *incoming = f->incoming;
		f->incoming = NULL;
		f->incoming_tail = &f->incoming;
		struct cancel_node *cancels = f->cancels;
		f->cancels = NULL;
		char *token = f->new_token;
		f->new_token = NULL;
		bool giving_up = f->give_up_auth;
		f->give_up_auth = false;
		pthread_mutex_unlock(&f->lock);
		if (token)
			fetch_use_token(f, token);
		else if (giving_up && f->auth_blocked)
			fetch_give_up(f);

		while (incoming) {
			struct job *next = incoming->next;
			fetch_pending_insert(f, incoming);
			incoming = next;
		}
		apply_cancels(f, cancels);
		if (stopping)
			break;

		int running = 0;
		curl_multi_perform(f->multi, &running);
		read_completions(f);
		if (f->nretired)
			free_retired(f);

		int64_t now = now_ms();
		int64_t wait_ms = dispatch(f, now);
		if (f->flying) {
			/* a transfer may finish right here (a reused connection,
			 * a fast server): handle it now, and if a slot came free,
			 * go round again rather than sleep with work waiting */
			curl_multi_perform(f->multi, &running);
			if (read_completions(f) > 0 && f->pending) {
				update_stats(f, wait_ms);
				continue;
			}
		}
		update_stats(f, wait_ms);

		/* idle: sleep until woken (submit, cancel, stop); with work
		 * waiting for a slot, look again soon even if no transfer
		 * wakes the poll, so nothing can wait long behind it */
		int64_t timeout = f->pending ? 100 : f->flying ? 1000 : 3600 * 1000;
		if (wait_ms > 0 && wait_ms < timeout)
			timeout = wait_ms;
		for (struct job *j = f->pending; j; j = j->next) {
			/* a job ready now is waiting for a free slot or for the
			 * budget, both accounted for: only a future retry time
			 * may shorten the sleep, or the loop would spin */
			int64_t until = j->not_before - now;
			if (until > 0 && until < timeout)
				timeout = until;
		}
		curl_multi_poll(f->multi, NULL, 0, (int)timeout, NULL);
	}
	return NULL;
}

struct fetcher *fetcher_start(const struct fetch_options *opt, char **error)
{
	*error = NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		*error = xstrdup("libcurl could not be initialised");
		return NULL;
	}
	bool plain_loopback;
	if (!http_url_allowed(opt->http.base_url, &plain_loopback, error))
		return NULL;
	struct fetcher *f = xcalloc(1, sizeof(*f));
	f->opt = *opt;
	f->opt.http.plain_loopback = plain_loopback;
	f->base_url = xstrdup(opt->http.base_url);
	/* a trailing slash would double up with the paths, which all start with one */
	size_t len = strlen(f->base_url);
	while (len && f->base_url[len - 1] == '/')
		f->base_url[--len] = '\0';
	f->email = opt->http.email ? xstrdup(opt->http.email) : NULL;
	f->token_command = opt->token_command ? xstrdup(opt->token_command) : NULL;
	f->opt.http.base_url = f->base_url;
	f->opt.http.email = f->email;
	f->opt.http.api_token = NULL;
	/* which kind of token is in use, for a new one (use_token); never the token */
	f->opt.http.access_token = opt->http.access_token ? "" : NULL;
	f->opt.token_command = NULL;
	if (f->opt.max_parallel < 1)
		f->opt.max_parallel = 1;
	f->headers = http_headers_new(&opt->http);
	f->incoming_tail = &f->incoming;
	f->results_tail = &f->results;
	f->next_id = 1;
	budget_init(&f->budget, opt->rate_per_minute, opt->burst, now_ms());

	int fds[2];
	if (pipe(fds) < 0) {
		*error = xasprintf("cannot create a pipe: %s", strerror(errno));
		goto fail;
	}
	f->wake_r = fds[0];
	f->wake_w = fds[1];
	for (int i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	f->multi = curl_multi_init();
	if (!f->multi) {
		*error = xstrdup("libcurl could not create a multi handle");
		goto fail_pipe;
	}
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)f->opt.max_parallel);
	curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	pthread_mutex_init(&f->lock, NULL);
	if (pthread_create(&f->thread, NULL, fetch_main, f) != 0) {
		*error = xstrdup("cannot start the fetch thread");
		pthread_mutex_destroy(&f->lock);
		curl_multi_cleanup(f->multi);
		goto fail_pipe;
	}
	return f;

fail_pipe:
	close(f->wake_r);
	close(f->wake_w);
fail:
	http_headers_free(f->headers);
	free(f->base_url);
	free(f->email);
	free(f->token_command);
	free(f);
	curl_global_cleanup();
	return NULL;
}

void fetcher_stop(struct fetcher *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->stopping = true;
	pthread_mutex_unlock(&f->lock);
	curl_multi_wakeup(f->multi);
	pthread_join(f->thread, NULL);

	while (f->pending) {
		struct job *j = f->pending;
		f->pending = j->next;
		fetch_job_free(j);
	}
	while (f->flying) {
		struct job *j = f->flying;
		f->flying = j->next;
		curl_multi_remove_handle(f->multi, http_transfer_easy(j->xfer));
		http_transfer_abort(j->xfer);
		fetch_job_free(j);
	}
	while (f->held) {
		struct job *j = f->held;
		f->held = j->next;
		fetch_job_free(j);
	}
	for (size_t i = 0; i < f->nretired; i++)
		http_headers_free(f->retired[i]);
	fetch_wipe_free(f->new_token);
	free(f->token_command);
	while (f->results) {
		struct result_node *n = f->results;
		f->results = n->next;
		api_result_free(n->result);
		free(n);
	}
	curl_multi_cleanup(f->multi);
	http_headers_free(f->headers);
	pthread_mutex_destroy(&f->lock);
	close(f->wake_r);
	close(f->wake_w);
	free(f->base_url);
	free(f->email);
	free(f);
	curl_global_cleanup();
}

int fetcher_fd(const struct fetcher *f)
{
	return f->wake_r;
}

uint64_t fetcher_submit(struct fetcher *f, struct api_request *req, int owner,
			uint64_t generation, enum api_priority prio, int64_t tag)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->owner = owner >= 0 && owner < FETCH_MAX_OWNERS ? owner : 0;
	j->generation = generation;
	j->tag = tag;
	j->prio = prio < PRIO_COUNT ? prio : PRIO_BACKGROUND;
	j->req = req;
	j->submitted = now_ms();

	pthread_mutex_lock(&f->lock);
	j->id = f->next_id++;
	*f->incoming_tail = j;
	f->incoming_tail = &j->next;
	f->stats.queued++;
	uint64_t id = j->id;
	pthread_mutex_unlock(&f->lock);
	curl_multi_wakeup(f->multi);
	return id;
}

void fetcher_cancel(struct fetcher *f, int owner, uint64_t before_generation)
{
	if (owner < 0 || owner >= FETCH_MAX_OWNERS)
		return;
	struct cancel_node *c = xcalloc(1, sizeof(*c));
	c->owner = owner;
	c->before = before_generation;
	pthread_mutex_lock(&f->lock);
	if (before_generation > f->min_generation[owner])
		f->min_generation[owner] = before_generation;
	/* jobs still in the hand-over list never reach the thread */
	for (struct job **p = &f->incoming; *p;) {
		struct job *j = *p;
		if (j->owner == owner && j->generation < before_generation) {
			*p = j->next;
			fetch_job_free(j);
		} else {
			p = &j->next;
		}
	}
	f->incoming_tail = &f->incoming;
	while (*f->incoming_tail)
		f->incoming_tail = &(*f->incoming_tail)->next;
	c->next = f->cancels;
	f->cancels = c;
	pthread_mutex_unlock(&f->lock);
	curl_multi_wakeup(f->multi);
}

struct api_result *fetcher_next_result(struct fetcher *f)
{
	char buf[256];
	while (read(f->wake_r, buf, sizeof(buf)) > 0)
		;
	struct api_result *r = NULL;
	pthread_mutex_lock(&f->lock);
	while (f->results && !r) {
		struct result_node *n = f->results;
		f->results = n->next;
		if (!f->results)
			f->results_tail = &f->results;
		if (n->result->generation < f->min_generation[n->result->owner])
			api_result_free(n->result); /* superseded while it waited */
		else
			r = n->result;
		free(n);
	}
	pthread_mutex_unlock(&f->lock);
	return r;
}

struct api_result *fetcher_wait_result(struct fetcher *f, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	for (;;) {
		struct api_result *r = fetcher_next_result(f);
		if (r)
			return r;
		int64_t left = deadline - now_ms();
		if (left <= 0)
			return NULL;
		struct pollfd pfd = { .fd = f->wake_r, .events = POLLIN };
		poll(&pfd, 1, (int)left);
	}
}

void fetcher_stats(struct fetcher *f, struct fetch_stats *out)
{
	pthread_mutex_lock(&f->lock);
	*out = f->stats;
	pthread_mutex_unlock(&f->lock);
}

int fetch_stats_tokens(const struct fetch_stats *st, int64_t now)
{
	double t = st->budget_tokens_exact;
	if (now > st->budget_at_ms)
		t += (double)(now - st->budget_at_ms) * st->budget_per_ms;
	if (t > st->budget_capacity)
		t = st->budget_capacity;
	return st->budget_wait_ms > 0 && now < st->budget_at_ms + st->budget_wait_ms ? 0 : (int)t;
}

static uint64_t sender_submit(void *ctx, struct api_request *req, int owner, uint64_t generation,
			      enum api_priority prio, int64_t tag)
{
	return fetcher_submit(ctx, req, owner, generation, prio, tag);
}

static void sender_cancel(void *ctx, int owner, uint64_t before_generation)
{
	fetcher_cancel(ctx, owner, before_generation);
}

struct api_sender fetcher_sender(struct fetcher *f)
{
	return (struct api_sender){ sender_submit, sender_cancel, f };
}
