/* mirror_link.c - see mirror_link.h */
#include "config.h"

#include "fetch/fetch.h"
#include "mirror/store.h"
#include "mirror/worker.h"
#include "ui/mirror_link.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct mirror_link {
	const struct settings *settings;
	struct api_sender fetcher;
	int sync_owner;
	struct mirror_worker *worker;
	struct mirror_store *reader;
	struct query_engine *engine;
	struct sync_progress progress;
	bool opened;               /* tried: it opens once */
	bool offline;
	bool forced;               /* --offline */
};

struct mirror_link *mirror_link_new(const struct settings *s, struct api_sender fetcher,
				    int sync_owner)
{
	if (!s->mirror)
		return NULL;
	struct mirror_link *l = xcalloc(1, sizeof(*l));
	l->settings = s;
	l->fetcher = fetcher;
	l->sync_owner = sync_owner;
	l->offline = l->forced = s->offline;
	return l;
}

void mirror_link_free(struct mirror_link *l)
{
	if (!l)
		return;
	query_engine_free(l->engine);
	store_close(l->reader);
	/* what was handed over reaches the disk before patina exits */
	worker_stop(l->worker);
	free(l);
}

static char *identity(const struct settings *s)
{
	/* as app.c's disk cache: what tells accounts apart without a secret */
	return xasprintf("%s\n%s", s->api_url ? s->api_url : "",
			 s->access_token ? "oauth" : s->email ? s->email : "");
}

bool mirror_link_known(const struct settings *s, int64_t *account_id, int64_t *user_id)
{
	char *base = xdg_dir("cache"), *id = identity(s);
	store_identity(base, id, account_id, user_id);
	free(base);
	free(id);
	return *account_id && *user_id;
}

bool mirror_link_open(struct mirror_link *l, int64_t account_id, int64_t user_id, char **why)
{
	*why = NULL;
	if (!l || l->opened)
		return l && l->worker;
	l->opened = true;
	char *base = xdg_dir("cache");
	char *path = store_path(base, account_id, user_id);
	free(base);
	const struct settings *s = l->settings;
	struct worker_options wo = { .run_sync = !l->forced, .rate_per_minute = s->rate_limit,
				     .share_percent = s->sync_share, .reserve = s->burst / 2 };
	sync_options_defaults(&wo.sync);
	wo.sync.owner = l->sync_owner;
	wo.sync.interval_s = s->sync_interval;
	l->worker = worker_start(path, l->fetcher, &wo, why);
	if (l->worker) {
		l->reader = store_open(path, false, why);
		l->engine = l->reader ? query_engine_new(l->reader, why) : NULL;
	}
	free(path);
	if (!l->engine) {
		query_engine_free(l->engine);
		store_close(l->reader);
		worker_stop(l->worker);
		l->engine = NULL;
		l->reader = NULL;
		l->worker = NULL;
		return false;
	}
	worker_progress(l->worker, &l->progress);
	if (!l->forced)
		worker_sync_now(l->worker);
	return true;
}

bool mirror_link_ready(const struct mirror_link *l)
{
	return l && l->worker;
}

int mirror_link_fd(const struct mirror_link *l)
{
	return l && l->worker ? worker_fd(l->worker) : -1;
}

bool mirror_link_unreachable(enum api_error_kind kind)
{
	return kind == APIE_DNS || kind == APIE_CONNECT;
}

/* Records in an answer, copied for the mirror: what patina fetched or
 * saved anyway costs no request of its own. */
static void learn(struct mirror_link *l, const struct api_result *r)
{
	if ((unsigned)r->entity >= ENT_COUNT)
		return;
	/* gone: the server said so (404), or patina deleted it */
	if ((r->error.kind == APIE_NOT_FOUND && r->record_id > 0) ||
	    (r->kind == API_DELETE && r->error.kind == APIE_NONE && r->record_id > 0)) {
		worker_forget(l->worker, r->entity, r->record_id);
		return;
	}
	if (r->error.kind != APIE_NONE || !r->json)
		return;
	bool records = (r->kind == API_SEARCH && cJSON_IsArray(r->json)) ||
		       ((r->kind == API_RECORD || r->kind == API_CREATE) && cJSON_IsObject(r->json));
	/* a delete's answer ({"id", "is_deleted": true}) is no record */
	if (records && cJSON_IsObject(r->json) &&
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->json, "is_deleted"))) {
		worker_forget(l->worker, r->entity, r->record_id);
		return;
	}
	if (records)
		worker_learn(l->worker, r->entity, cJSON_Duplicate(r->json, true));
}

bool mirror_link_on_result(struct mirror_link *l, struct api_result *r)
{
	if (!l || !l->worker)
		return false;
	if (r->owner == l->sync_owner) {
		worker_take_result(l->worker, r);
		return true;
	}
	learn(l, r);
	return false;
}

struct api_result *mirror_link_next_answer(struct mirror_link *l)
{
	return l && l->worker ? worker_next_result(l->worker) : NULL;
}

bool mirror_link_take_news(struct mirror_link *l)
{
	if (!l || !l->worker || !worker_take_news(l->worker))
		return false;
	worker_progress(l->worker, &l->progress);
	return true;
}

char *mirror_link_take_error(struct mirror_link *l)
{
	return l && l->worker ? worker_take_error(l->worker) : NULL;
}

void mirror_link_pace(struct mirror_link *l, const struct fetch_stats *st, int64_t now,
		      bool user_active)
{
	struct worker_budget b = { fetch_stats_tokens(st, now), st->budget_per_ms,
				   st->budget_capacity };
	if (l && l->worker && !l->offline)
		worker_pace(l->worker, b, user_active);
}

const struct sync_progress *mirror_link_progress(const struct mirror_link *l)
{
	return l && l->worker ? &l->progress : NULL;
}

bool mirror_link_complete(const struct mirror_link *l)
{
	if (!l || !l->worker)
		return false;
	for (int e = 0; e < ENT_COUNT; e++)
		if (!l->progress.entity[e].complete)
			return false;
	return true;
}

bool mirror_link_entity_complete(const struct mirror_link *l, enum entity e)
{
	return l && l->worker && (unsigned)e < ENT_COUNT && l->progress.entity[e].complete;
}

int64_t mirror_link_synced_at(const struct mirror_link *l)
{
	int64_t at = 0;
	for (int e = 0; l && l->worker && e < ENT_COUNT; e++) {
		int64_t t = l->progress.entity[e].synced_at;
		if (!t)
			return 0;
		if (!at || t < at)
			at = t;
	}
	return at;
}

char *mirror_link_status(struct mirror_link *l)
{
	if (!l || !l->worker || l->offline)
		return NULL;
	const struct sync_progress *p = &l->progress;
	int64_t held = 0, total = 0;
	int pending = -1;
	for (int e = 0; e < ENT_COUNT; e++) {
		if (p->entity[e].complete)
			continue;
		if (pending < 0)
			pending = e;
		held += p->entity[e].held;
		total += p->entity[e].total > 0 ? p->entity[e].total : 0;
	}
	if (pending < 0)
		return NULL; /* the first sync is done: incremental ones are quiet */
	if (!p->running)
		return xstrdup(" mirror: paused ");
	int pct = total ? (int)(100 * held / total) : 0;
	return xasprintf(" mirror: %s %d%% ", entity_plural((enum entity)pending),
			 pct > 100 ? 100 : pct);
}

struct query_engine *mirror_link_engine(struct mirror_link *l)
{
	return l ? l->engine : NULL;
}

struct mirror_store *mirror_link_reader(struct mirror_link *l)
{
	return l ? l->reader : NULL;
}

bool mirror_link_offline(const struct mirror_link *l)
{
	return l && l->offline;
}

bool mirror_link_forced_offline(const struct mirror_link *l)
{
	return l && l->forced;
}

struct api_sender mirror_link_local_sender(struct mirror_link *l)
{
	return worker_local_sender(l->worker);
}

bool mirror_link_set_offline(struct mirror_link *l, bool offline)
{
	if (!l || !l->worker || l->offline == offline || l->forced)
		return false;
	l->offline = offline;
	if (!offline)
		worker_sync_now(l->worker); /* back: what changed meanwhile */
	return true;
}
