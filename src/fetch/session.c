/* session.c - see session.h */
#include "config.h"

#include "util/sanitize.h"
#include "fetch/session.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool session_settings_usable(const struct settings *s, char **why)
{
	return http_url_allowed(s->api_url, NULL, why);
}

void session_fetch_options(const struct settings *s, struct fetch_options *o)
{
	fetch_options_defaults(o);
	o->http.base_url = s->api_url;
	o->http.email = s->email;
	o->http.api_token = s->api_token;
	o->http.access_token = s->access_token;
	o->http.connect_timeout_ms = (long)s->connect_timeout * 1000;
	o->http.request_timeout_ms = (long)s->request_timeout * 1000;
	o->rate_per_minute = s->rate_limit;
	o->burst = s->burst;
	o->max_parallel = s->max_parallel;
	o->token_command = s->token_command;
}

enum exit_code exit_code_for(enum api_error_kind kind)
{
	switch (kind) {
	case APIE_NONE: return EXIT_OK;
	case APIE_NOT_FOUND: return EXIT_NOT_FOUND;
	case APIE_AUTH: case APIE_FORBIDDEN: return EXIT_AUTH;
	case APIE_RATE_LIMIT: return EXIT_RATE_LIMITED;
	case APIE_INVALID: case APIE_REFUSED: return EXIT_USAGE;
	default: return EXIT_NETWORK;
	}
}

/* A sanitized copy of a string member, or fallback. Caller frees. */
static char *json_text(const cJSON *obj, const char *key, const char *fallback)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (cJSON_IsString(v))
		return sanitize_line(v->valuestring, strlen(v->valuestring));
	if (cJSON_IsNumber(v))
		return xasprintf("%.0f", v->valuedouble);
	return xstrdup(fallback);
}

int session_check(const struct settings *s)
{
	struct fetch_options opt;
	session_fetch_options(s, &opt);
	/* a check should answer promptly, not retry for a minute */
	opt.max_retries = 1;
	opt.max_rate_retries = 0;

	char *error;
	struct fetcher *f = fetcher_start(&opt, &error);
	if (!f) {
		fprintf(stderr, "patina: %s\n", error);
		free(error);
		return EXIT_NETWORK;
	}
	fetcher_submit(f, api_lookup(LOOKUP_ME), 0, 1, PRIO_VISIBLE, LOOKUP_ME);
	fetcher_submit(f, api_lookup(LOOKUP_ACCOUNT), 0, 1, PRIO_VISIBLE, LOOKUP_ACCOUNT);

	cJSON *me = NULL, *account = NULL;
	int code = EXIT_OK;
	int timeout = (s->connect_timeout + s->request_timeout) * 1000 * 2;
	for (int received = 0; received < 2; received++) {
		struct api_result *r = fetcher_wait_result(f, timeout);
		if (!r) {
			fprintf(stderr, "patina: no answer from %s in %d s\n", s->api_url, timeout / 1000);
			code = EXIT_NETWORK;
			break;
		}
		if (r->error.kind != APIE_NONE) {
			if (code == EXIT_OK) {
				fprintf(stderr, "patina: %s: %s\n",
					r->tag == LOOKUP_ME ? "GET /users/me" : "GET /account",
					r->error.message);
				code = exit_code_for(r->error.kind);
			}
		} else if (r->tag == LOOKUP_ME) {
			me = r->json;
			r->json = NULL;
		} else {
			account = r->json;
			r->json = NULL;
		}
		api_result_free(r);
	}
	if (code == EXIT_OK && me && account) {
		char *name = json_text(me, "name", "(no name)");
		char *email = json_text(me, "email", "(no email)");
		char *acc = json_text(account, "name", "(unnamed account)");
		char *acc_id = json_text(account, "id", "?");
		printf("Signed in as %s <%s> to %s (account %s) at %s\n", name, email, acc, acc_id,
		       s->api_url);
		free(name);
		free(email);
		free(acc);
		free(acc_id);
	}
	cJSON_Delete(me);
	cJSON_Delete(account);
	fetcher_stop(f);
	return code;
}
