/* oneshot.c - see oneshot.h */
#include "config.h"

#include "cli/oneshot.h"
#include "fetch/session.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fetch owners: the look-ups' jobs, the command's own, the names' */
enum { OWNER_LOOKUPS = 1, OWNER_CMD = 2, OWNER_NAMES = 3 };
#define TAG_NAMES 0 /* + the entity: the names' searches, by their own owner */

static char *cache_identity(const struct settings *s)
{
	/* as app.c: what tells accounts apart without a secret */
	return xasprintf("%s\n%s", s->api_url ? s->api_url : "",
			 s->access_token ? "oauth" : s->email ? s->email : "");
}

struct cache *oneshot_open_cache(const struct settings *s)
{
	char *dir = xdg_dir("cache");
	char *identity = cache_identity(s);
	struct cache *cache = cache_open(dir, identity, s->cache_ttl, NULL);
	free(dir);
	free(identity);
	return cache;
}

bool oneshot_start(struct oneshot *c)
{
	struct fetch_options opt;
	session_fetch_options(c->s, &opt);
	/* a script wants an answer, not the UI's patience (oneshot.h) */
	opt.max_retries = 2;
	opt.max_rate_retries = 1;
	char *error;
	c->fetcher = fetcher_start(&opt, &error);
	if (!c->fetcher) {
		fprintf(stderr, "patina: %s\n", error);
		free(error);
		return false;
	}
	if (!c->cache)
		c->cache = oneshot_open_cache(c->s);
	c->lookups = lookups_new(fetcher_sender(c->fetcher), c->cache, OWNER_LOOKUPS);
	c->names = refnames_new();
	/* every attempt may take the full timeouts; add the retries' pauses */
	c->timeout_ms = (c->s->connect_timeout + c->s->request_timeout) * 1000 * 3 + 10000;
	return true;
}

void oneshot_stop(struct oneshot *c)
{
	if (c->fetcher)
		fetcher_stop(c->fetcher);
	lookups_free(c->lookups);
	refnames_free(c->names);
	cache_close(c->cache);
	c->fetcher = NULL;
	c->lookups = NULL;
	c->names = NULL;
	c->cache = NULL;
}

/* The cache lives in the account's directory: while the account is not
 * known the cache is empty, and asking GET /account alongside lets this
 * run fill it for the next. */
static void ensure_account(struct oneshot *c)
{
	if (!cache_account(c->cache) && !c->account_asked) {
		c->account_asked = true;
		lookups_need(c->lookups, LOOKUP_ACCOUNT);
	}
}

void oneshot_need(struct oneshot *c, enum lookup which)
{
	ensure_account(c);
	lookups_need(c->lookups, which);
}

void oneshot_need_layout(struct oneshot *c, enum entity e, int64_t pipeline_id)
{
	ensure_account(c);
	lookups_need_layout(c->lookups, e, pipeline_id);
}

void oneshot_need_detail_lookups(struct oneshot *c, enum entity e)
{
	enum lookup which[LOOKUP_COUNT];
	size_t n = lookups_for_record(e, which);
	for (size_t i = 0; i < n; i++)
		oneshot_need(c, which[i]);
}

void oneshot_want_names(struct oneshot *c, struct refnames_batch *batch)
{
	c->names_pending += (int)refnames_ask(c->names, batch, fetcher_sender(c->fetcher),
					      OWNER_NAMES, 1, PRIO_VISIBLE, TAG_NAMES);
}

void oneshot_submit(struct oneshot *c, struct api_request *req, int64_t tag)
{
	fetcher_submit(c->fetcher, req, OWNER_CMD, 1, PRIO_VISIBLE, tag);
}

bool oneshot_pump(struct oneshot *c, struct api_result **own)
{
	*own = NULL;
	struct api_result *r = fetcher_wait_result(c->fetcher, c->timeout_ms);
	if (!r) {
		char *url = sanitize_line(c->s->api_url, strlen(c->s->api_url));
		fprintf(stderr, "patina: no answer from %s in %d s\n", url, c->timeout_ms / 1000);
		free(url);
		return false;
	}
	if (r->owner == OWNER_LOOKUPS) {
		if (r->error.kind != APIE_NONE && c->lookup_kind == APIE_NONE)
			c->lookup_kind = r->error.kind;
		lookups_on_result(c->lookups, r);
		api_result_free(r);
		return true;
	}
	/* a name search that failed leaves its ids shown: no reason to fail */
	if (r->owner == OWNER_NAMES) {
		if (refnames_on_result(c->names, r, TAG_NAMES, NULL))
			c->names_pending--;
		api_result_free(r);
		return true;
	}
	*own = r;
	return true;
}

int oneshot_pending(const struct oneshot *c)
{
	return (int)lookups_pending(c->lookups) + c->names_pending;
}

bool oneshot_settle(struct oneshot *c)
{
	while (oneshot_pending(c) > 0) {
		struct api_result *r;
		if (!oneshot_pump(c, &r))
			return false;
		api_result_free(r); /* nothing of ours was out */
	}
	return true;
}

void oneshot_warn_lookups(const struct oneshot *c)
{
	const char *e = lookups_error(c->lookups);
	if (e)
		fprintf(stderr, "patina: warning: look-up failed, ids shown for names: %s\n", e);
}

int oneshot_failed(const struct api_result *r, const char *what)
{
	fprintf(stderr, "patina: %s: %s\n", what, r->error.message ? r->error.message : "failed");
	if (r->error.kind == APIE_RATE_LIMIT)
		fprintf(stderr, "patina: gave up after one retry; try again in a minute\n");
	return exit_code_for(r->error.kind);
}

int64_t oneshot_me_id(const struct oneshot *c)
{
	return json_member_i64(lookups_get(c->lookups, LOOKUP_ME), "id");
}
