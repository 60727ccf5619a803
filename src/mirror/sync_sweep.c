/*
 * sync_sweep.c - finding the records the server no longer has (sync.h):
 * windows of creation dates halved at the mirror's median until the
 * server's count and the mirror's agree, or the server's records of the
 * window fit in one page and their ids can be compared. It says what to
 * ask next (sweep_next) and takes the answers; sync.c sends.
 */
#include "config.h"

#include "mirror/sync_state.h"
#include "util/json.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SWEEP_HI ((int64_t)1 << 40)  /* past any creation date */

void sweep_clear(struct entity_sync *es)
{
	free(es->paged_ids);
	es->paged_ids = NULL;
	es->npaged = 0;
	es->depth = 0;
}

void sweep_start(struct sync *s, enum entity e, int64_t total)
{
	struct entity_sync *es = &s->e[e];
	sweep_clear(es);
	es->step = SYNC_SWEEP;
	es->sweep_requests = 0;
	es->stack[0] = (struct sweep_window){ 0, SWEEP_HI, total, -1, 0 };
	es->depth = 1;
}

static bool failed(struct entity_sync *es, const char *why)
{
	snprintf(es->sweep_why, sizeof(es->sweep_why), "%s", why);
	return false;
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static void add_ids(struct entity_sync *es, const cJSON *page)
{
	const cJSON *rec;
	cJSON_ArrayForEach(rec, page) {
		int64_t id = json_member_i64(rec, "id");
		if (id <= 0)
			continue;
		es->paged_ids = xrealloc(es->paged_ids, (es->npaged + 1) * sizeof(int64_t));
		es->paged_ids[es->npaged++] = id;
	}
}

/* The server's records of the window are all known (es->paged_ids): what
 * else the mirror holds there is gone. */
static bool reconcile(struct sync *s, enum entity e, const struct sweep_window *w,
		      const cJSON *page)
{
	struct entity_sync *es = &s->e[e];
	if (es->npaged)
		qsort(es->paged_ids, es->npaged, sizeof(int64_t), compare_ids);
	bool ok = store_begin(s->store) && (!page || store_put(s->store, e, page, NULL)) &&
		  store_delete_window_except(s->store, e, w->lo, w->hi, es->paged_ids, es->npaged,
					     NULL) &&
		  store_commit(s->store);
	if (!ok) {
		char why[200];
		snprintf(why, sizeof(why), "the mirror could not be written (%s)", store_error(s->store));
		store_rollback(s->store);
		failed(es, why);
	}
	free(es->paged_ids);
	es->paged_ids = NULL;
	es->npaged = 0;
	es->depth--;
	return ok;
}

/* Splits the top window in two at the mirror's median: the left half is
 * asked for next, the right's count follows from it. */
static bool split(struct sync *s, enum entity e, int64_t held)
{
	struct entity_sync *es = &s->e[e];
	struct sweep_window w = es->stack[es->depth - 1];
	if (w.lo >= w.hi || es->depth == SWEEP_DEPTH)
		return false;
	int64_t mid = held > 0 ? store_median_created(s->store, e, w.lo, w.hi) : w.lo + (w.hi - w.lo) / 2;
	if (mid >= w.hi)
		mid = w.hi - 1;
	if (mid < w.lo)
		mid = w.lo;
	es->stack[es->depth - 1] = (struct sweep_window){ mid + 1, w.hi, -1, w.server, 0 };
	es->stack[es->depth++] = (struct sweep_window){ w.lo, mid, -1, -1, 0 };
	return true;
}

enum sweep_state sweep_next(struct sync *s, enum entity e, struct sweep_window *ask, int *page)
{
	struct entity_sync *es = &s->e[e];
	/* a sweep never costs more than reading everything would */
	int64_t budget = 2 * (es->st.server_total / SYNC_PAGE + 1) + 2 * SWEEP_DEPTH;
	while (es->depth > 0) {
		struct sweep_window *w = &es->stack[es->depth - 1];
		if (es->sweep_requests >= budget) {
			failed(es, "the search for deleted records took too many requests");
			return SWEEP_FAILED;
		}
		if (w->server < 0 || w->page > 0) {
			*ask = *w;
			*page = w->page > 0 ? w->page : 1;
			return SWEEP_ASK;
		}
		int64_t held = store_count_window(s->store, e, w->lo, w->hi);
		if (held == w->server) {
			es->depth--;
		} else if (w->server == 0) {
			if (!reconcile(s, e, w, NULL))
				return SWEEP_FAILED;
		} else if (w->server <= SYNC_PAGE) {
			w->server = -1; /* its records are needed: ask again */
		} else if (!split(s, e, held)) {
			w->page = 1; /* one second holds them all: page through it */
		}
	}
	return SWEEP_DONE;
}

bool sweep_on_result(struct sync *s, enum entity e, const struct api_result *r)
{
	struct entity_sync *es = &s->e[e];
	if (es->depth == 0)
		return true;
	struct sweep_window *w = &es->stack[es->depth - 1];
	int n = cJSON_GetArraySize(r->json);
	if (r->total < 0)
		return failed(es, "the server did not say how many records it holds");
	if (w->page > 0) {
		add_ids(es, r->json);
		if (store_begin(s->store) && store_put(s->store, e, r->json, NULL))
			store_commit(s->store);
		else
			store_rollback(s->store);
		if (n == SYNC_PAGE && (int64_t)w->page * SYNC_PAGE < r->total) {
			w->page++;
			return true;
		}
		return reconcile(s, e, w, NULL);
	}
	w->server = r->total;
	if (es->depth > 1) {
		struct sweep_window *sibling = &es->stack[es->depth - 2];
		if (sibling->server < 0 && sibling->parent >= r->total)
			sibling->server = sibling->parent - r->total;
	}
	if (r->total <= SYNC_PAGE && n == r->total) {
		add_ids(es, r->json);
		return reconcile(s, e, w, r->json);
	}
	return true;
}
