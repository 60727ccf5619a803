/*
 * app_auth.c - a token refused in mid-session (HTTP 401): the fetcher
 * holds every request (fetch/fetch.h) and has run token-command again if
 * there is one; when it needs the user, the status line says why and a
 * prompt takes a new token, never shown and never stored, after which what
 * waited goes out again. Esc gives up: what waited fails with the 401.
 */
#include "config.h"

#include "ui/app_internal.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static void token_submit(void *ctx, const char *text)
{
	struct app *a = ctx;
	a->auth_asking = false;
	char *token = str_trim(xstrdup(text));
	if (!*token) {
		free(token);
		return; /* asked again at the next look */
	}
	fetcher_set_token(a->fetcher, token);
	for (volatile char *p = token; *p; p++)
		*p = '\0';
	free(token);
	a->auth_tries++;
	status_message(&a->status, MSG_INFO, "Trying the new token\xe2\x80\xa6");
}

static void token_cancel(void *ctx)
{
	struct app *a = ctx;
	a->auth_asking = false;
	a->auth_given_up = true;
	fetcher_auth_give_up(a->fetcher);
	status_message(&a->status, MSG_ERROR, "No new token: what waited failed (HTTP 401); "
		       "restart patina with a valid token");
}

static const struct prompt_ops token_ops = {
	.submit = token_submit,
	.cancel = token_cancel,
	.secret = true,
};

void app_watch_auth(struct app *a, const struct fetch_stats *st)
{
	if (st->auth_renewed != a->auth_renewed) {
		a->auth_renewed = st->auth_renewed;
		status_message(&a->status, MSG_INFO, a->auth_tries ? "Copper took the new token: "
			       "what waited went out again" : "Copper refused the token; token-command "
			       "gave a new one, and what waited went out again");
		a->auth_tries = 0;
	}
	if (!st->auth_needed || a->auth_asking || a->auth_given_up)
		return;
	if (a->prompt.active) {
		/* what the user is typing is theirs: ask when the prompt closes */
		if (!a->auth_said) {
			status_message(&a->status, MSG_ERROR, "Copper refused the token (HTTP 401): "
				       "requests wait; leave this prompt to give a new one");
			a->auth_said = true;
		}
		return;
	}
	a->auth_said = false;
	a->auth_asking = true;
	prompt_open(&a->prompt, a->auth_tries
		    ? "401 again: check the token and its user's email; new token (Esc: stop): "
		    : "401: check the API token and its user's email; new token (Esc: stop): ",
		    "", &token_ops, a);
}
