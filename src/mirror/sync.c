/*
 * sync.c - see sync.h: rounds, the first sync, incremental syncs and the
 * count check (the sweep for deletions is in sync_sweep.c).
 */
#include "config.h"

#include "mirror/sync_state.h"
#include "util/json.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAUSE_BASE_MS 5000
#define OPTIMIZE_AFTER 5000   /* records changed in a round */
#define PAUSE_MAX_MS (5 * 60 * 1000)

void sync_options_defaults(struct sync_options *o)
{
	memset(o, 0, sizeof(*o));
	o->interval_s = 300;
	o->margin_s = 30;
	o->max_in_flight = 1;
	o->search_cap = SYNC_SEARCH_CAP;
}

/* The reference gives these a minimum_modified_date filter; people and
 * companies have none (sync.h). */
static bool has_modified_filter(enum entity e)
{
	return e == ENT_LEADS || e == ENT_OPPORTUNITIES || e == ENT_PROJECTS || e == ENT_TASKS;
}

struct sync *sync_new(struct mirror_store *store, struct api_sender sender,
		      const struct sync_options *opt)
{
	struct sync *s = xcalloc(1, sizeof(*s));
	s->store = store;
	s->sender = sender;
	s->opt = *opt;
	if (s->opt.max_in_flight < 1)
		s->opt.max_in_flight = 1;
	if (s->opt.search_cap < SYNC_PAGE)
		s->opt.search_cap = SYNC_SEARCH_CAP;
	for (int e = 0; e < ENT_COUNT; e++)
		store_get_sync(store, (enum entity)e, &s->e[e].st);
	return s;
}

void sync_free(struct sync *s)
{
	if (!s)
		return;
	for (int e = 0; e < ENT_COUNT; e++)
		sweep_clear(&s->e[e]);
	free(s);
}

/* Says why the entity's sync stopped (kept for sync_progress). */
static void sync_fail(struct sync *s, enum entity e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void sync_fail(struct sync *s, enum entity e, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(s->error, sizeof(s->error), "%s: %s", entity_plural(e), msg);
	s->e[e].step = SYNC_FAILED;
	sweep_clear(&s->e[e]);
}

void sync_start(struct sync *s, int64_t now)
{
	s->now = now;
	if (s->running)
		return;
	s->running = true;
	s->error[0] = '\0';
	for (int i = 0; i < ENT_COUNT; i++) {
		struct entity_sync *es = &s->e[i];
		if (es->in_flight)
			continue;
		es->step = es->st.complete ? SYNC_CHANGES : SYNC_FIRST;
		es->page = 1;
		es->round_date = 0;
		es->retry_at = 0;
		es->failures = 0;
	}
}

bool sync_running(const struct sync *s, int64_t *due)
{
	if (due)
		*due = s->round_end ? s->round_end + s->opt.interval_s : 0;
	return s->running;
}

int sync_in_flight(const struct sync *s)
{
	int n = 0;
	for (int e = 0; e < ENT_COUNT; e++)
		n += s->e[e].in_flight;
	return n;
}

int64_t sync_retry_at(const struct sync *s)
{
	int64_t at = 0;
	for (int e = 0; e < ENT_COUNT; e++) {
		int64_t r = s->e[e].retry_at;
		if (r && !s->e[e].in_flight && (!at || r < at))
			at = r;
	}
	return at;
}

/* ---- requests -------------------------------------------------------------- */

/* The search body every request of e starts from (caller owns). */
static cJSON *sync_body(enum entity e)
{
	cJSON *body = cJSON_CreateObject();
	if (!body)
		abort();
	/* the mirror holds every lead: a converted one is found, and its
	 * conversion is a change the incremental sync sees */
	if (e == ENT_LEADS)
		cJSON_AddBoolToObject(body, "include_converted_leads", true);
	return body;
}

static void send_search(struct sync *s, enum entity e, cJSON *body, int page, int page_size,
			const char *sort_by, bool descending)
{
	struct entity_sync *es = &s->e[e];
	struct api_request *req = api_search(e, body, page, page_size, sort_by, descending);
	cJSON_Delete(body);
	es->in_flight = true;
	es->requests++;
	s->requests++;
	s->sender.submit(s->sender.ctx, req, s->opt.owner, 1, PRIO_BACKGROUND, (int64_t)e);
}

/* A window of the sweep for deleted records (sync_sweep.c). */
static void send_window(struct sync *s, enum entity e, const struct sweep_window *w, int page)
{
	cJSON *body = sync_body(e);
	cJSON_AddNumberToObject(body, "minimum_created_date", (double)w->lo);
	cJSON_AddNumberToObject(body, "maximum_created_date", (double)w->hi);
	s->e[e].sweep_requests++;
	send_search(s, e, body, page, SYNC_PAGE, "date_created", false);
}

static void sync_entity_done(struct sync *s, enum entity e, int64_t now);

/* The sweep of e as far as it goes without asking: true with a window to
 * send; over, the entity's round ends; failed, it says why. */
static bool sweep_window_to_ask(struct sync *s, enum entity e, struct sweep_window *w, int *page)
{
	switch (sweep_next(s, e, w, page)) {
	case SWEEP_ASK:
		return true;
	case SWEEP_DONE:
		sync_entity_done(s, e, s->now);
		return false;
	default:
		sync_fail(s, e, "%s", s->e[e].sweep_why);
		return false;
	}
}

static void send_first(struct sync *s, enum entity e)
{
	struct entity_sync *es = &s->e[e];
	cJSON *body = sync_body(e);
	if (es->st.window_lo)
		cJSON_AddNumberToObject(body, "minimum_created_date", (double)es->st.window_lo);
	send_search(s, e, body, es->st.page, SYNC_PAGE, "date_created", false);
}

static void send_changes(struct sync *s, enum entity e)
{
	struct entity_sync *es = &s->e[e];
	cJSON *body = sync_body(e);
	/* the first page is unfiltered: it is also the entity's count */
	if (has_modified_filter(e) && es->page > 1) {
		int64_t since = es->st.watermark - s->opt.margin_s;
		cJSON_AddNumberToObject(body, "minimum_modified_date", (double)(since > 0 ? since : 0));
	}
	send_search(s, e, body, es->page, SYNC_PAGE, "date_modified", true);
}

int sync_pump(struct sync *s, int allowed, int64_t now_ms)
{
	int sent = 0;
	for (int i = 0; i < ENT_COUNT && sent < allowed; i++) {
		struct entity_sync *es = &s->e[i];
		enum entity e = (enum entity)i;
		if (sync_in_flight(s) >= s->opt.max_in_flight)
			break;
		if (es->in_flight || (es->retry_at && es->retry_at > now_ms))
			continue;
		es->retry_at = 0;
		switch (es->step) {
		case SYNC_FIRST: send_first(s, e); break;
		case SYNC_CHANGES: send_changes(s, e); break;
		case SYNC_SWEEP: {
			struct sweep_window w;
			int page;
			if (!sweep_window_to_ask(s, e, &w, &page))
				continue;
			send_window(s, e, &w, page);
			break;
		}
		default:
			continue;
		}
		sent++;
	}
	return sent;
}

/* ---- answers --------------------------------------------------------------- */

/* Stores records and the entity's state in one transaction. */
static bool sync_commit(struct sync *s, enum entity e, const cJSON *records)
{
	struct mirror_store *st = s->store;
	if (store_begin(st) && (!records || store_put(st, e, records, &s->round_changes)) &&
	    store_set_sync(st, e, &s->e[e].st) && store_commit(st))
		return true;
	char why[256];
	snprintf(why, sizeof(why), "%s", store_error(st));
	store_rollback(st);
	/* what is committed stays as it was: the next run goes on from there */
	store_get_sync(st, e, &s->e[e].st);
	sync_fail(s, e, "the mirror could not be written (%s)", why);
	return false;
}

/* The round is over once no entity has anything left to do. */
static void round_check(struct sync *s, int64_t now)
{
	if (!s->running)
		return;
	for (int i = 0; i < ENT_COUNT; i++)
		if (s->e[i].in_flight || (s->e[i].step != SYNC_IDLE && s->e[i].step != SYNC_FAILED))
			return;
	s->running = false;
	s->round_end = now;
	/* an index written a page at a time, or changed in many places, is
	 * merged again: each change left a deletion for queries to skip */
	if (s->first_done || s->round_changes >= OPTIMIZE_AFTER)
		store_optimize(s->store);
	s->first_done = false;
	s->round_changes = 0;
}

/* The entity's round is over (state committed). */
static void sync_entity_done(struct sync *s, enum entity e, int64_t now)
{
	s->e[e].step = SYNC_IDLE;
	sweep_clear(&s->e[e]);
	round_check(s, now);
}

static int64_t last_created(const cJSON *page)
{
	int n = cJSON_GetArraySize(page);
	return n ? json_member_i64(cJSON_GetArrayItem(page, n - 1), "date_created") : 0;
}

/* Too many changes to page through (past the search cap): the first sync
 * again, over what is held (the sweep then removes what went). */
static void start_over(struct sync *s, enum entity e, const cJSON *page)
{
	struct entity_sync *es = &s->e[e];
	es->st = (struct store_sync){ .page = 1, .server_total = es->st.server_total };
	if (sync_commit(s, e, page))
		es->step = SYNC_FIRST;
}

static void first_result(struct sync *s, enum entity e, const struct api_result *r, int64_t now)
{
	struct entity_sync *es = &s->e[e];
	struct store_sync *st = &es->st;
	int n = cJSON_GetArraySize(r->json);
	int64_t cap = s->opt.search_cap;
	int64_t reach = r->total >= 0 && r->total < cap ? r->total : cap;
	/* the watermark: the server's clock as the first sync began; what
	 * changes after it is read by the next incremental sync */
	if (!st->watermark)
		st->watermark = r->server_date > 0 ? r->server_date : now;
	if (!st->window_lo && st->page == 1)
		st->server_total = r->total; /* the entity's count, for the progress */
	if (n == SYNC_PAGE && (int64_t)st->page * SYNC_PAGE < reach) {
		st->page++;
	} else if (r->total > cap && n > 0) {
		int64_t lo = last_created(r->json);
		if (lo <= st->window_lo) {
			sync_commit(s, e, r->json);
			sync_fail(s, e, "more than %lld were created in the same second; the search "
				  "cannot page past them", (long long)cap);
			return;
		}
		st->window_lo = lo;
		st->page = 1;
	} else {
		st->complete = true;
		st->window_lo = 0;
		st->page = 1;
	}
	if (!sync_commit(s, e, r->json))
		return;
	if (st->complete) {
		s->first_done = true;
		/* what changed while it ran, and the count */
		es->step = SYNC_CHANGES;
		es->page = 1;
		es->round_date = 0;
	}
}

static void compare_counts(struct sync *s, enum entity e, int64_t total, int64_t now)
{
	int64_t held = store_count(s->store, e);
	if (total >= 0 && held >= 0 && held != total)
		sweep_start(s, e, total);
	else
		sync_entity_done(s, e, now);
}

static void changes_result(struct sync *s, enum entity e, const struct api_result *r, int64_t now)
{
	struct entity_sync *es = &s->e[e];
	int n = cJSON_GetArraySize(r->json);
	int64_t cap = s->opt.search_cap;
	int64_t since = es->st.watermark - s->opt.margin_s;
	int64_t oldest = n ? json_member_i64(cJSON_GetArrayItem(r->json, n - 1), "date_modified") : 0;
	bool more, past_cap;
	if (es->page == 1) {
		/* unfiltered: newest first, and X-PW-TOTAL is the entity's count */
		es->round_date = r->server_date > 0 ? r->server_date : now;
		es->st.server_total = r->total;
		more = n == SYNC_PAGE && oldest >= since;
		past_cap = false;
	} else if (has_modified_filter(e)) {
		/* the same order, filtered: X-PW-TOTAL counts the changes */
		more = n == SYNC_PAGE && (r->total < 0 || (int64_t)es->page * SYNC_PAGE < r->total);
		past_cap = r->total > cap;
	} else {
		more = n == SYNC_PAGE && oldest >= since;
		past_cap = more && (int64_t)es->page * SYNC_PAGE >= cap;
	}
	if (past_cap) {
		start_over(s, e, r->json);
		return;
	}
	if (more) {
		es->page++;
		sync_commit(s, e, r->json);
		return;
	}
	es->st.watermark = es->round_date;
	es->st.synced_at = now;
	if (sync_commit(s, e, r->json))
		compare_counts(s, e, es->st.server_total, now);
}

static bool unreachable_kind(enum api_error_kind k)
{
	return k == APIE_DNS || k == APIE_CONNECT || k == APIE_TIMEOUT || k == APIE_NETWORK;
}

static void pause_entity(struct sync *s, enum entity e, const struct api_result *r)
{
	struct entity_sync *es = &s->e[e];
	int shift = es->failures < 6 ? es->failures : 6;
	int64_t pause = (int64_t)PAUSE_BASE_MS << shift;
	es->failures++;
	es->retry_at = now_ms() + (pause > PAUSE_MAX_MS ? PAUSE_MAX_MS : pause);
	snprintf(s->error, sizeof(s->error), "%s: %s (trying again)", entity_plural(e),
		 r->error.message ? r->error.message : "failed");
}

void sync_on_result(struct sync *s, struct api_result *r, int64_t now)
{
	int64_t tag = r->tag;
	if (tag < 0 || tag >= ENT_COUNT || !s->e[tag].in_flight) {
		api_result_free(r);
		return;
	}
	enum entity e = (enum entity)tag;
	struct entity_sync *es = &s->e[e];
	es->in_flight = false;
	s->now = now;
	if (r->error.kind != APIE_NONE) {
		s->unreachable = unreachable_kind(r->error.kind);
		if (s->unreachable || api_error_transient(r->error.kind))
			pause_entity(s, e, r);
		else
			sync_fail(s, e, "%s", r->error.message ? r->error.message : "failed");
		round_check(s, now);
		api_result_free(r);
		return;
	}
	s->unreachable = false;
	es->failures = 0;
	if (!cJSON_IsArray(r->json)) {
		sync_fail(s, e, "the search answer was not a list");
	} else {
		switch (es->step) {
		case SYNC_FIRST: first_result(s, e, r, now); break;
		case SYNC_CHANGES: changes_result(s, e, r, now); break;
		case SYNC_SWEEP:
			if (!sweep_on_result(s, e, r))
				sync_fail(s, e, "%s", es->sweep_why);
			break;
		default: break;
		}
	}
	round_check(s, now);
	api_result_free(r);
}

void sync_progress(const struct sync *s, struct sync_progress *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < ENT_COUNT; i++) {
		const struct entity_sync *es = &s->e[i];
		struct sync_entity_progress *p = &out->entity[i];
		p->step = es->step;
		p->complete = es->st.complete;
		p->held = store_count(s->store, (enum entity)i);
		p->total = es->st.server_total;
		p->synced_at = es->st.synced_at;
		p->requests = es->requests;
	}
	out->running = s->running;
	out->unreachable = s->unreachable;
	out->requests = s->requests;
	out->in_flight = sync_in_flight(s);
	int64_t due;
	out->next_round = sync_running(s, &due) ? 0 : due;
	snprintf(out->error, sizeof(out->error), "%s", s->error);
}

void sync_progress_stored(struct mirror_store *store, struct sync_progress *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < ENT_COUNT; i++) {
		struct store_sync st;
		store_get_sync(store, (enum entity)i, &st);
		struct sync_entity_progress *p = &out->entity[i];
		p->step = SYNC_IDLE;
		p->complete = st.complete;
		p->held = store_count(store, (enum entity)i);
		p->total = st.server_total;
		p->synced_at = st.synced_at;
	}
}
