/*
 * mirror.c - where the one-shot commands find the account's mirror
 * (mirror/store.h): the account and the user from the disk cache, or
 * from the look-ups when the cache does not know them yet.
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "fetch/session.h"
#include "mirror/store.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

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
