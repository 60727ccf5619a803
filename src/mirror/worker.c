/* worker.c - see worker.h */
#include "config.h"

#include "mirror/local.h"
#include "mirror/store.h"
#include "mirror/worker.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WORKER_MAX_OWNERS 64
#define TICK_MS 250            /* how often a running sync looks at its pace */
#define PROGRESS_EVERY_MS 500  /* the progress is counted at most this often */

enum job_kind { JOB_RESULT, JOB_LEARN, JOB_FORGET, JOB_SYNC_NOW, JOB_LOCAL };

struct job {
	enum job_kind kind;
	struct api_result *result;
	enum entity entity;
	cJSON *records;
	int64_t id;
	struct api_request *req;    /* JOB_LOCAL */
	int owner;
	uint64_t generation, job_id;
	int64_t tag;
	struct job *next;
};

struct answer {
	struct api_result *result;
	struct answer *next;
};

struct mirror_worker {
	struct worker_options opt;
	struct api_sender sender;
	pthread_t thread;
	int wake_r, wake_w;

	/* ---- shared, under lock ---- */
	pthread_mutex_t lock;
	pthread_cond_t cond;       /* jobs came, or a batch is done */
	struct job *jobs, **jobs_tail;
	uint64_t queued, done;     /* jobs handed over, and written */
	bool stopping;
	struct worker_budget budget;
	int64_t paced_at;          /* when budget was reported */
	bool user_active;
	int sent_since_pace;
	struct answer *answers, **answers_tail;
	uint64_t min_generation[WORKER_MAX_OWNERS];
	uint64_t next_job_id;
	struct sync_progress progress;
	bool news;
	char *error;

	/* ---- the thread's own ---- */
	struct mirror_store *store;
	struct sync *sync;
	struct local *local;
	double bucket;
	int64_t bucket_at;
	int64_t progress_at;
};

static void wake(struct mirror_worker *w)
{
	char c = 1;
	while (write(w->wake_w, &c, 1) < 0 && errno == EINTR)
		;
}

static void set_error(struct mirror_worker *w, const char *what)
{
	pthread_mutex_lock(&w->lock);
	free(w->error);
	w->error = xasprintf("the mirror: %s", what);
	pthread_mutex_unlock(&w->lock);
	wake(w);
}

/* ---- the thread ------------------------------------------------------------ */

static void learn(struct mirror_worker *w, struct job *batch)
{
	if (!store_begin(w->store)) {
		set_error(w, store_error(w->store));
		return;
	}
	bool ok = true;
	for (struct job *j = batch; j && ok; j = j->next) {
		if (j->kind == JOB_LEARN)
			ok = store_put(w->store, j->entity, j->records, NULL);
		else if (j->kind == JOB_FORGET)
			ok = store_delete(w->store, j->entity, j->id);
	}
	if (ok && store_commit(w->store))
		return;
	set_error(w, store_error(w->store));
	store_rollback(w->store);
}

static void answer(struct mirror_worker *w, struct job *j)
{
	struct api_result *r = xcalloc(1, sizeof(*r));
	r->job_id = j->job_id;
	r->owner = j->owner;
	r->generation = j->generation;
	r->tag = j->tag;
	r->kind = j->req->kind;
	r->entity = j->req->entity;
	r->record_id = j->req->record_id;
	r->total = -1;
	r->attempts = 1;
	r->json = local_answer(w->local, j->req, &r->total, &r->error);
	r->status = r->error.kind == APIE_NONE ? 200 : r->error.status;
	struct answer *a = xcalloc(1, sizeof(*a));
	a->result = r;
	pthread_mutex_lock(&w->lock);
	*w->answers_tail = a;
	w->answers_tail = &a->next;
	pthread_mutex_unlock(&w->lock);
	wake(w);
}

static void job_free(struct job *j)
{
	api_result_free(j->result);
	cJSON_Delete(j->records);
	api_request_free(j->req);
	free(j);
}

static void run_jobs(struct mirror_worker *w, struct job *batch)
{
	bool writes = false;
	for (struct job *j = batch; j; j = j->next)
		writes = writes || j->kind == JOB_LEARN || j->kind == JOB_FORGET;
	/* everything learned in one transaction: a page is one commit */
	if (writes)
		learn(w, batch);
	int64_t now = (int64_t)time(NULL);
	for (struct job *j = batch; j; j = j->next) {
		switch (j->kind) {
		case JOB_RESULT:
			if (w->sync)
				sync_on_result(w->sync, j->result, now);
			else
				api_result_free(j->result);
			j->result = NULL;
			w->progress_at = 0; /* count again */
			break;
		case JOB_SYNC_NOW:
			if (w->sync)
				sync_start(w->sync, now);
			w->progress_at = 0;
			break;
		case JOB_LOCAL:
			answer(w, j);
			break;
		default:
			break;
		}
	}
}

/* Requests the pace allows now: while the user is active, the sync's
 * share of the budget's rate (its own bucket); otherwise what the budget
 * holds; always leaving the reserve. */
static int allowed(struct mirror_worker *w)
{
	int64_t now = now_ms();
	pthread_mutex_lock(&w->lock);
	double held = w->budget.tokens + (double)(now - w->paced_at) * w->budget.refill_per_ms;
	if (held > w->budget.capacity)
		held = w->budget.capacity;
	int tokens = (int)held - w->sent_since_pace;
	bool active = w->user_active;
	pthread_mutex_unlock(&w->lock);
	int room = tokens - w->opt.reserve;
	if (room <= 0)
		return 0;
	double per_ms = w->opt.rate_per_minute * (w->opt.share_percent / 100.0) / 60000.0;
	w->bucket += w->bucket_at ? (double)(now - w->bucket_at) * per_ms : 2;
	w->bucket_at = now;
	if (w->bucket > 2)
		w->bucket = 2; /* no saving up for a burst */
	if (!active)
		return room;
	int n = (int)w->bucket;
	return n < room ? n : room;
}

static void pump(struct mirror_worker *w)
{
	if (!w->sync)
		return;
	int64_t due;
	if (!sync_running(w->sync, &due) && due && (int64_t)time(NULL) >= due)
		sync_start(w->sync, (int64_t)time(NULL));
	int n = allowed(w);
	int sent = n > 0 ? sync_pump(w->sync, n, now_ms()) : 0;
	w->bucket = w->bucket > sent ? w->bucket - sent : 0;
	if (sent) {
		pthread_mutex_lock(&w->lock);
		w->sent_since_pace += sent;
		pthread_mutex_unlock(&w->lock);
		w->progress_at = 0;
	}
}

static void publish(struct mirror_worker *w)
{
	int64_t now = now_ms();
	if (!w->sync || (w->progress_at && now - w->progress_at < PROGRESS_EVERY_MS))
		return;
	struct sync_progress p;
	sync_progress(w->sync, &p);
	w->progress_at = now;
	pthread_mutex_lock(&w->lock);
	bool changed = memcmp(&p, &w->progress, sizeof(p)) != 0;
	w->progress = p;
	w->news = w->news || changed;
	pthread_mutex_unlock(&w->lock);
	if (changed)
		wake(w);
}

/* How long the thread may sleep: until a tick while the sync runs, its
 * next retry, or its next round. */
static int64_t sleep_ms(struct mirror_worker *w)
{
	if (!w->sync)
		return 3600 * 1000;
	int64_t due;
	if (sync_running(w->sync, &due))
		return TICK_MS;
	int64_t until = due ? (due - (int64_t)time(NULL)) * 1000 : 3600 * 1000;
	return until < TICK_MS ? TICK_MS : until > 3600 * 1000 ? 3600 * 1000 : until;
}

static void *worker_main(void *arg)
{
	struct mirror_worker *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		if (!w->jobs && !w->stopping) {
			int64_t ms = sleep_ms(w);
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += ms / 1000;
			until.tv_nsec += (ms % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&w->cond, &w->lock, &until);
		}
		struct job *batch = w->jobs;
		uint64_t taken = w->queued;
		w->jobs = NULL;
		w->jobs_tail = &w->jobs;
		bool stopping = w->stopping;
		pthread_mutex_unlock(&w->lock);

		run_jobs(w, batch);
		while (batch) {
			struct job *next = batch->next;
			job_free(batch);
			batch = next;
		}
		if (!stopping)
			pump(w);
		publish(w);

		pthread_mutex_lock(&w->lock);
		w->done = taken;
		pthread_cond_broadcast(&w->cond);
		if (stopping && !w->jobs)
			break;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* ---- the UI's side -------------------------------------------------------------- */

struct mirror_worker *worker_start(const char *path, struct api_sender sender,
				   const struct worker_options *opt, char **error)
{
	struct mirror_store *store = store_open(path, true, error);
	if (!store)
		return NULL;
	struct mirror_worker *w = xcalloc(1, sizeof(*w));
	w->opt = *opt;
	w->sender = sender;
	w->store = store;
	w->local = local_new(store);
	if (opt->run_sync && sender.submit)
		w->sync = sync_new(store, sender, &opt->sync);
	w->jobs_tail = &w->jobs;
	w->answers_tail = &w->answers;
	w->next_job_id = 1;
	int fds[2];
	if (pipe(fds) < 0) {
		*error = xasprintf("cannot create a pipe: %s", strerror(errno));
		goto fail;
	}
	w->wake_r = fds[0];
	w->wake_w = fds[1];
	for (int i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (w->sync)
		sync_progress(w->sync, &w->progress);
	else
		sync_progress_stored(w->store, &w->progress);
	w->news = true;
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		*error = xstrdup("cannot start the mirror's thread");
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->cond);
		close(w->wake_r);
		close(w->wake_w);
		goto fail;
	}
	return w;
fail:
	sync_free(w->sync);
	local_free(w->local);
	store_close(store);
	free(w);
	return NULL;
}

void worker_stop(struct mirror_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	while (w->answers) {
		struct answer *a = w->answers;
		w->answers = a->next;
		api_result_free(a->result);
		free(a);
	}
	sync_free(w->sync);
	local_free(w->local);
	store_close(w->store);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	close(w->wake_r);
	close(w->wake_w);
	free(w->error);
	free(w);
}

int worker_fd(const struct mirror_worker *w)
{
	return w->wake_r;
}

static void push(struct mirror_worker *w, struct job *j)
{
	pthread_mutex_lock(&w->lock);
	*w->jobs_tail = j;
	w->jobs_tail = &j->next;
	w->queued++;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void worker_take_result(struct mirror_worker *w, struct api_result *r)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->kind = JOB_RESULT;
	j->result = r;
	push(w, j);
}

void worker_learn(struct mirror_worker *w, enum entity e, cJSON *records)
{
	if ((unsigned)e >= ENT_COUNT || !records) {
		cJSON_Delete(records);
		return;
	}
	struct job *j = xcalloc(1, sizeof(*j));
	j->kind = JOB_LEARN;
	j->entity = e;
	j->records = records;
	push(w, j);
}

void worker_forget(struct mirror_worker *w, enum entity e, int64_t id)
{
	if ((unsigned)e >= ENT_COUNT || id <= 0)
		return;
	struct job *j = xcalloc(1, sizeof(*j));
	j->kind = JOB_FORGET;
	j->entity = e;
	j->id = id;
	push(w, j);
}

void worker_sync_now(struct mirror_worker *w)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->kind = JOB_SYNC_NOW;
	push(w, j);
}

void worker_pace(struct mirror_worker *w, struct worker_budget budget, bool user_active)
{
	pthread_mutex_lock(&w->lock);
	bool wakes = budget.tokens > w->budget.tokens - w->sent_since_pace;
	w->budget = budget;
	w->paced_at = now_ms();
	w->sent_since_pace = 0;
	w->user_active = user_active;
	if (wakes)
		pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void worker_flush(struct mirror_worker *w)
{
	pthread_mutex_lock(&w->lock);
	uint64_t target = w->queued;
	pthread_cond_broadcast(&w->cond);
	while (w->done < target)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

void worker_progress(struct mirror_worker *w, struct sync_progress *out)
{
	pthread_mutex_lock(&w->lock);
	*out = w->progress;
	pthread_mutex_unlock(&w->lock);
}

bool worker_take_news(struct mirror_worker *w)
{
	char buf[64];
	while (read(w->wake_r, buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&w->lock);
	bool news = w->news;
	w->news = false;
	pthread_mutex_unlock(&w->lock);
	return news;
}

char *worker_take_error(struct mirror_worker *w)
{
	pthread_mutex_lock(&w->lock);
	char *e = w->error;
	w->error = NULL;
	pthread_mutex_unlock(&w->lock);
	return e;
}

/* ---- answers from the mirror ----------------------------------------------------- */

static uint64_t local_submit(void *ctx, struct api_request *req, int owner, uint64_t generation,
			     enum api_priority prio, int64_t tag)
{
	struct mirror_worker *w = ctx;
	(void)prio;
	struct job *j = xcalloc(1, sizeof(*j));
	j->kind = JOB_LOCAL;
	j->req = req;
	j->owner = owner >= 0 && owner < WORKER_MAX_OWNERS ? owner : 0;
	j->generation = generation;
	j->tag = tag;
	pthread_mutex_lock(&w->lock);
	j->job_id = w->next_job_id++;
	uint64_t id = j->job_id;
	pthread_mutex_unlock(&w->lock);
	push(w, j);
	return id;
}

static void local_cancel(void *ctx, int owner, uint64_t before_generation)
{
	struct mirror_worker *w = ctx;
	if (owner < 0 || owner >= WORKER_MAX_OWNERS)
		return;
	pthread_mutex_lock(&w->lock);
	if (before_generation > w->min_generation[owner])
		w->min_generation[owner] = before_generation;
	pthread_mutex_unlock(&w->lock);
}

struct api_sender worker_local_sender(struct mirror_worker *w)
{
	return (struct api_sender){ local_submit, local_cancel, w };
}

struct api_result *worker_next_result(struct mirror_worker *w)
{
	struct api_result *r = NULL;
	pthread_mutex_lock(&w->lock);
	while (w->answers && !r) {
		struct answer *a = w->answers;
		w->answers = a->next;
		if (!w->answers)
			w->answers_tail = &w->answers;
		if (a->result->generation < w->min_generation[a->result->owner])
			api_result_free(a->result); /* superseded while it waited */
		else
			r = a->result;
		free(a);
	}
	pthread_mutex_unlock(&w->lock);
	return r;
}
