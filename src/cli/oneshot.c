/* oneshot.c - see oneshot.h */
#include "config.h"

#include "cli/oneshot.h"
#include "fetch/session.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdint.h>
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
	if (!c->cache && c->any_age) {
		char *dir = xdg_dir("cache"), *identity = cache_identity(c->s);
		c->cache = cache_open(dir, identity, INT32_MAX, NULL);
		free(dir);
		free(identity);
	}
	if (!c->cache)
		c->cache = oneshot_open_cache(c->s);
	/* a script's user would otherwise only see every run go to the server */
	if (cache_problem(c->cache))
		fprintf(stderr, "patina: warning: %s\n", cache_problem(c->cache));
	c->lookups = lookups_new(fetcher_sender(c->fetcher), c->cache, OWNER_LOOKUPS);
	c->names = refnames_new();
	c->started = now_ms();
	c->deadline = c->started + (c->wait_ms > 0 ? c->wait_ms : ONESHOT_WAIT_DEFAULT_S * 1000);
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
	c->asked |= 1u << which;
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
	int64_t left = c->deadline - now_ms();
	/* past the deadline, what is waiting already is still taken */
	struct api_result *r = left > 0 ? fetcher_wait_result(c->fetcher, (int)left)
		: fetcher_next_result(c->fetcher);
	if (!r) {
		c->expired = true;
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
		if (refnames_on_result(c->names, r, TAG_NAMES, NULL)) {
			c->names_pending--;
			if (r->error.kind != APIE_NONE)
				c->names_failed = true;
		}
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

void oneshot_extend(struct oneshot *c, int64_t ms)
{
	if (c->wait_ms <= 0 && ms > 0)
		c->deadline += ms;
}

int64_t oneshot_budget_ms(const struct oneshot *c, int n)
{
	int rate = c->s->rate_limit > 0 ? c->s->rate_limit : 1;
	return (int64_t)n * 60000 / rate;
}

/* ---- what did not come --------------------------------------------------- */

/* What a look-up is called in messages, and the note that stands where
 * its names would be. */
#define UNLOADED(which, name) [which] = { name, "(not loaded: " name ")" }
static const struct { const char *name, *note; } unloaded[LOOKUP_COUNT] = {
	UNLOADED(LOOKUP_ACCOUNT, "the account"),
	UNLOADED(LOOKUP_ME, "the signed-in user"),
	UNLOADED(LOOKUP_USERS, "users"),
	UNLOADED(LOOKUP_CONTACT_TYPES, "contact types"),
	UNLOADED(LOOKUP_CUSTOMER_SOURCES, "customer sources"),
	UNLOADED(LOOKUP_LEAD_STATUSES, "lead statuses"),
	UNLOADED(LOOKUP_LOSS_REASONS, "loss reasons"),
	UNLOADED(LOOKUP_PIPELINES, "pipelines and stages"),
	UNLOADED(LOOKUP_CUSTOM_FIELDS, "custom field definitions"),
	UNLOADED(LOOKUP_TAGS, "tags"),
	UNLOADED(LOOKUP_ACTIVITY_TYPES, "activity types"),
};
#define NAMES_NOTE "(not loaded: name)"

const char *oneshot_unloaded(struct oneshot *c, enum lookup which)
{
	if ((unsigned)which >= LOOKUP_COUNT || !(c->asked & (1u << which)) || !c->lookups ||
	    lookups_get(c->lookups, which))
		return NULL;
	c->missing |= 1u << which;
	return unloaded[which].note;
}

const char *oneshot_names_unloaded(struct oneshot *c)
{
	if (!c->names_failed && c->names_pending == 0)
		return NULL;
	c->missing_names = true;
	return NAMES_NOTE;
}

/* Why waiting stopped: the bound, and the rate limit if it held requests
 * back (the usual reason a look-up takes that long). */
static void say_why(struct oneshot *c)
{
	if (c->told_why)
		return;
	c->told_why = true;
	struct fetch_stats st = {0};
	if (c->fetcher)
		fetcher_stats(c->fetcher, &st);
	int64_t tenths = (c->deadline - c->started + 50) / 100;
	if (c->expired)
		fprintf(stderr, "patina: stopped waiting after %" PRId64 ".%" PRId64 " s (%s)\n",
			tenths / 10, tenths % 10,
			c->wait_ms > 0 ? "--wait" : "the default bound; --wait SECONDS sets it");
	if (st.rate_limited)
		fprintf(stderr, "patina: Copper's rate limit answered %" PRIu64 " request%s "
			"with 429; try again in a minute\n", st.rate_limited,
			st.rate_limited == 1 ? "" : "s");
}

int oneshot_incomplete(struct oneshot *c)
{
	if (!c->missing && !c->missing_names && !c->missing_layout)
		return EXIT_OK;
	struct strbuf what = {0};
	for (int i = 0; i < LOOKUP_COUNT; i++)
		if (c->missing & (1u << i))
			sb_printf(&what, "%s%s", what.len ? ", " : "", unloaded[i].name);
	if (c->missing_names)
		sb_printf(&what, "%snames of related records", what.len ? ", " : "");
	if (c->missing_layout)
		sb_printf(&what, "%sthe field layout (fields shown in patina's own order)",
			  what.len ? ", " : "");
	fprintf(stderr, "patina: incomplete: not loaded: %s; marked \"(not loaded: ...)\" "
		"where a value would be\n", what.data);
	const char *e = c->lookups ? lookups_error(c->lookups) : NULL;
	if (e && (c->missing || c->missing_layout))
		fprintf(stderr, "patina: a look-up failed: %s\n", e);
	say_why(c);
	sb_free(&what);
	return EXIT_RATE_LIMITED;
}

int oneshot_gave_up(struct oneshot *c, const char *what)
{
	fprintf(stderr, "patina: %s: no answer in time\n", what);
	say_why(c);
	return EXIT_RATE_LIMITED;
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
