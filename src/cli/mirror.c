/*
 * mirror.c - where the one-shot commands find the account's mirror
 * (mirror/store.h): the account and the user from the disk cache, or
 * from the look-ups when the cache does not know them yet.
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "copper/refnames.h"
#include "fetch/session.h"
#include "mirror/local.h"
#include "mirror/store.h"
#include "util/json.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

char *cli_mirror_path(struct oneshot *c, int *code)
{
	const struct settings *s = c->s;
	if (!s->mirror) {
		fprintf(stderr, "patina: the mirror is off (set mirror = 1 in the config file)\n");
		*code = EXIT_USAGE;
		return NULL;
	}
	char *base = xdg_dir("cache");
	char *identity = xasprintf("%s\n%s", s->api_url ? s->api_url : "",
				   s->access_token ? "oauth" : s->email ? s->email : "");
	int64_t account, user;
	store_identity(base, identity, &account, &user);
	free(identity);
	if (!account || !user) {
		/* a first run: who this is, from the server */
		oneshot_need(c, LOOKUP_ACCOUNT);
		oneshot_need(c, LOOKUP_ME);
		if (!oneshot_settle(c)) {
			free(base);
			*code = oneshot_gave_up(c, "the account and the user");
			return NULL;
		}
		account = lookups_account_id(c->lookups);
		user = lookups_me_id(c->lookups);
	}
	if (!account || !user) {
		fprintf(stderr, "patina: cannot tell which account this is: %s\n",
			lookups_error(c->lookups) ? lookups_error(c->lookups) : "no answer");
		free(base);
		*code = exit_code_for(c->lookup_kind != APIE_NONE ? c->lookup_kind : APIE_NETWORK);
		return NULL;
	}
	char *path = store_path(base, account, user);
	free(base);
	return path;
}

bool cli_mirror_open(const struct settings *s, enum entity e, struct cli_mirror *m, char **why)
{
	memset(m, 0, sizeof(*m));
	*why = NULL;
	if (!s->mirror)
		return false;
	char *base = xdg_dir("cache");
	char *identity = xasprintf("%s\n%s", s->api_url ? s->api_url : "",
				   s->access_token ? "oauth" : s->email ? s->email : "");
	int64_t account, user;
	store_identity(base, identity, &account, &user);
	free(identity);
	char *path = account && user ? store_path(base, account, user) : NULL;
	free(base);
	struct stat st;
	if (!path || stat(path, &st) != 0) {
		free(path);
		*why = xstrdup("no mirror here yet ('patina sync' makes one)");
		return false;
	}
	m->store = store_open(path, false, why);
	free(path);
	struct store_sync sync;
	if (m->store && store_get_sync(m->store, e, &sync) && sync.complete) {
		m->local = local_new(m->store);
		m->synced_at = sync.synced_at;
		return true;
	}
	if (m->store && !*why)
		*why = xasprintf("the mirror does not hold every %s yet ('patina sync' goes on)",
				 entity_title(e));
	cli_mirror_close(m);
	return false;
}

void cli_mirror_close(struct cli_mirror *m)
{
	local_free(m->local);
	store_close(m->store);
	memset(m, 0, sizeof(*m));
}

struct api_result *cli_mirror_search(struct cli_mirror *m, enum entity e, const cJSON *criteria,
				     int page, int page_size, const char *sort_by, bool descending)
{
	struct api_request *req = api_search(e, criteria, page, page_size, sort_by, descending);
	struct api_result *r = xcalloc(1, sizeof(*r));
	r->kind = API_SEARCH;
	r->tag = page;
	r->entity = e;
	r->json = local_answer(m->local, req, &r->total, &r->error);
	r->status = r->error.kind == APIE_NONE ? 200 : r->error.status;
	api_request_free(req);
	return r;
}

void cli_mirror_names(struct cli_mirror *m, struct refnames *names, struct refnames_batch *batch)
{
	for (int e = 0; e < ENT_COUNT; e++) {
		const cJSON *id;
		cJSON_ArrayForEach(id, batch->ids[e]) {
			cJSON *rec = store_get(m->store, (enum entity)e, json_i64(id));
			if (rec)
				refnames_learn(names, (enum entity)e, rec);
			cJSON_Delete(rec);
		}
	}
	refnames_batch_clear(batch);
}

void cli_mirror_staleness(const struct settings *s, const struct cli_mirror *m)
{
	int64_t age = (int64_t)time(NULL) - m->synced_at;
	if (m->synced_at && age <= s->sync_interval)
		return;
	char when[32] = "never";
	time_t t = (time_t)m->synced_at;
	struct tm tm;
	if (m->synced_at && localtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	fprintf(stderr, "patina: from the mirror as last synced (%s, %lld minutes ago); "
		"'patina sync' brings it up to date, --online asks the server\n", when,
		(long long)(age / 60));
}
