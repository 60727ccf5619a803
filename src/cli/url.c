/*
 * url.c - `patina url` and `patina open`: a record's address in Copper's
 * web app, and the interactive UI opened on a record.
 *
 * url needs only the account id, which the cache usually knows: then it
 * costs no request at all. open checks its words and that there is a
 * terminal, then leaves the record in o->open: the UI is main.c's to run,
 * for the command line does not see it.
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "copper/entity.h"
#include "fetch/session.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The account id: from the cache, else GET /account (0, said on stderr,
 * with the exit code in *code, when that fails). */
static int64_t account_id(struct oneshot *c, int *code)
{
	int64_t account = cache_account(c->cache);
	if (account)
		return account;
	if (!oneshot_start(c)) {
		*code = EXIT_NETWORK;
		return 0;
	}
	oneshot_need(c, LOOKUP_ACCOUNT);
	if (!oneshot_settle(c)) {
		*code = oneshot_gave_up(c, "GET /account");
		return 0;
	}
	account = json_member_i64(lookups_get(c->lookups, LOOKUP_ACCOUNT), "id");
	if (!account) {
		const char *why = lookups_error(c->lookups);
		fprintf(stderr, "patina: cannot learn the account id: %s\n",
			why ? why : "GET /account gave no id");
		*code = c->lookup_kind != APIE_NONE ? exit_code_for(c->lookup_kind) : EXIT_NETWORK;
	}
	return account;
}

char *cli_record_link(struct oneshot *c, const struct term *t, enum entity e, int64_t id)
{
	if (!t->styled || id <= 0)
		return NULL;
	int64_t account = c->cache ? cache_account(c->cache) : 0;
	if (!account && c->lookups)
		account = json_member_i64(lookups_get(c->lookups, LOOKUP_ACCOUNT), "id");
	return account > 0 ? entity_web_url(account, e, id) : NULL;
}

int cmd_url(struct oneshot *c, struct opts *o)
{
	enum entity e;
	int64_t id;
	int code = EXIT_OK;
	if (!cli_parse_entity("url", o->nargs ? o->args[0] : NULL, &e, &code) ||
	    !cli_parse_id("url", o->nargs > 1 ? o->args[1] : NULL, &id, &code))
		return code;
	if (o->nargs > 2)
		return cli_usage_error("url", "unexpected argument after the id");
	c->cache = oneshot_open_cache(c->s);
	int64_t account = account_id(c, &code);
	if (!account)
		return code;
	char *url = entity_web_url(account, e, id);
	printf("%s\n", url);
	free(url);
	return EXIT_OK;
}

int cmd_open(struct oneshot *c, struct opts *o)
{
	(void)c;
	enum entity e;
	int64_t id;
	int code = EXIT_OK;
	if (!cli_parse_entity("open", o->nargs ? o->args[0] : NULL, &e, &code) ||
	    !cli_parse_id("open", o->nargs > 1 ? o->args[1] : NULL, &id, &code))
		return code;
	if (o->nargs > 2)
		return cli_usage_error("open", "unexpected argument after the id");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "patina open: needs a terminal; use 'patina show' in scripts\n");
		return EXIT_USAGE;
	}
	o->open->wanted = true;
	o->open->entity = e;
	o->open->id = id;
	return EXIT_OK;
}
