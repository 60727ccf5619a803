/* fetch_auth.c - refused credentials (see fetch_internal.h) */
#include "config.h"

#include "config/settings.h"
#include "fetch/fetch_internal.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

void fetch_wipe_free(char *secret)
{
	if (!secret)
		return;
	for (volatile char *p = secret; *p; p++)
		*p = '\0';
	free(secret);
}

void fetch_set_auth_stats(struct fetcher *f, bool needed, bool renewed)
{
	pthread_mutex_lock(&f->lock);
	f->stats.auth_needed = needed;
	if (renewed)
		f->stats.auth_renewed++;
	pthread_mutex_unlock(&f->lock);
	fetch_wake_ui(f);
}

/* The token taken over (wiped here): new headers, and what was held goes
 * again. The old header list stays until no transfer uses it. */
void fetch_use_token(struct fetcher *f, char *token)
{
	struct http_config cfg = f->opt.http;
	if (cfg.access_token || !f->email)
		cfg.access_token = token;
	else
		cfg.api_token = token;
	struct curl_slist *fresh = http_headers_new(&cfg);
	fetch_wipe_free(token);
	if (f->nretired == ARRAY_SIZE(f->retired)) {
		http_headers_free(f->retired[0]); /* the oldest: long idle by now */
		memmove(f->retired, f->retired + 1, (f->nretired - 1) * sizeof(*f->retired));
		f->nretired--;
	}
	f->retired[f->nretired++] = f->headers;
	f->headers = fresh;
	f->token_gen++;
	f->auth_blocked = false;
	while (f->held) {
		struct job *j = f->held;
		f->held = j->next;
		api_error_clear(&j->auth_error);
		j->not_before = 0;
		fetch_pending_insert(f, j);
	}
	f->token_untried = true;
	fetch_set_auth_stats(f, false, false);
}

/* The first 401 of a refusal runs token-command (here: the thread holds
 * everything anyway); after that, or without one, the UI asks. */
void fetch_hold(struct fetcher *f, struct job *j, struct api_error *err)
{
	j->auth_error = *err;
	memset(err, 0, sizeof(*err));
	j->xfer = NULL;
	j->next = f->held;
	f->held = j;
	if (f->auth_blocked)
		return;
	f->auth_blocked = true;
	if (f->token_command && !f->command_tried) {
		f->command_tried = true;
		char *token = NULL, *error = NULL;
		if (settings_run_token_command(f->token_command, &token, &error)) {
			fetch_use_token(f, token);
			return;
		}
		free(error); /* the UI says the token was refused and asks */
	}
	fetch_set_auth_stats(f, true, false);
}

/* The user gave up: what was held fails with its 401. */
void fetch_give_up(struct fetcher *f)
{
	f->auth_blocked = false;
	f->auth_given_up = true;
	while (f->held) {
		struct job *j = f->held;
		f->held = j->next;
		struct api_error err = j->auth_error;
		memset(&j->auth_error, 0, sizeof(j->auth_error));
		fetch_deliver(f, j, NULL, NULL, &err);
	}
	fetch_set_auth_stats(f, false, false);
}

void fetcher_set_token(struct fetcher *f, const char *token)
{
	pthread_mutex_lock(&f->lock);
	fetch_wipe_free(f->new_token);
	f->new_token = xstrdup(token);
	f->stats.auth_needed = false; /* until the thread has tried it */
	pthread_mutex_unlock(&f->lock);
	curl_multi_wakeup(f->multi);
}

void fetcher_auth_give_up(struct fetcher *f)
{
	pthread_mutex_lock(&f->lock);
	f->give_up_auth = true;
	f->stats.auth_needed = false;
	pthread_mutex_unlock(&f->lock);
	curl_multi_wakeup(f->multi);
}
