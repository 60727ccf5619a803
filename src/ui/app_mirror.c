/*
 * app_mirror.c - the application and the mirror (ui/mirror_link.h):
 * opening it when the account and the user are known, routing the sync's
 * results and the mirror's answers, the sync's pace, and going offline
 * and back.
 */
#include "config.h"

#include "fetch/fetch.h"
#include "ui/app_internal.h"
#include "ui/loop.h"
#include "ui/mirror_link.h"
#include "util/util.h"

#include <stdlib.h>
#include <time.h>

#define PROBE_MS 30000        /* offline: how often the server is tried */
#define ACTIVE_MS 60000       /* a key this recent: the user is active */

static void on_mirror(struct loop *l, int fd, bool hangup, void *data);

/* Opens the mirror once its account and user are known (at once from the
 * disk cache, else when the look-ups tell). */
void app_mirror_open(struct app *a)
{
	int64_t account, user;
	if (!a->mirror || mirror_link_ready(a->mirror))
		return;
	if (!mirror_link_known(a->settings, &account, &user)) {
		account = lookups_account_id(a->env.lookups);
		user = lookups_me_id(a->env.lookups);
		if (!account || !user)
			return;
	}
	char *why;
	if (!mirror_link_open(a->mirror, account, user, &why)) {
		if (why)
			status_message(&a->status, MSG_ERROR, "%s", why);
		free(why);
		return;
	}
	loop_watch_fd(a->loop, mirror_link_fd(a->mirror), on_mirror, a);
	if (mirror_link_offline(a->mirror))
		a->env.sender = mirror_link_local_sender(a->mirror);
	/* the finder opens on it, and what was shown may come from it (at
	 * start, --offline opens it before there are views) */
	if (a->tabs[0].list)
		app_mark_all_dirty(a);
}

static void on_probe(struct loop *l, long long id, void *data)
{
	struct app *a = data;
	(void)l;
	(void)id;
	a->probe_timer = 0;
	fetcher_submit(a->fetcher, api_lookup(LOOKUP_ACCOUNT), PROBE_OWNER, 1, PRIO_BACKGROUND, 0);
}

static void switch_source(struct app *a, bool offline)
{
	if (!mirror_link_set_offline(a->mirror, offline))
		return;
	a->env.sender = offline ? mirror_link_local_sender(a->mirror) : fetcher_sender(a->fetcher);
	events_post(a->env.events, EV_SOURCE_CHANGED, ENT_COUNT, 0, NULL, false, NULL);
	if (offline) {
		status_message(&a->status, MSG_WARNING, "Offline: the server cannot be reached. "
			       "Showing the mirror; edits are not sent (your typing is kept)");
		if (!a->probe_timer)
			a->probe_timer = loop_add_timer(a->loop, now_ms() + PROBE_MS, on_probe, a);
	} else {
		status_message(&a->status, MSG_INFO, "Back online: reading from the server again");
	}
	app_mark_all_dirty(a);
}

bool app_mirror_result(struct app *a, struct api_result *r)
{
	if (r->owner == PROBE_OWNER) {
		if (r->error.kind == APIE_NONE)
			switch_source(a, false);
		else if (!a->probe_timer)
			a->probe_timer = loop_add_timer(a->loop, now_ms() + PROBE_MS, on_probe, a);
		return false; /* the caller frees it */
	}
	/* the network is down: what the mirror holds is better than errors */
	if (mirror_link_unreachable(r->error.kind) && mirror_link_ready(a->mirror))
		switch_source(a, true);
	return mirror_link_on_result(a->mirror, r);
}

static void on_mirror(struct loop *l, int fd, bool hangup, void *data)
{
	struct app *a = data;
	(void)l;
	(void)fd;
	(void)hangup;
	if (mirror_link_take_news(a->mirror)) {
		a->chrome_dirty = true;
		/* the finder says what is still syncing */
		if (top_modal(a))
			top_modal(a)->dirty = true;
	}
	struct api_result *r;
	while ((r = mirror_link_next_answer(a->mirror))) {
		app_deliver_result(a, r);
		api_result_free(r);
	}
}

void app_mirror_before_sleep(struct app *a)
{
	if (!mirror_link_ready(a->mirror))
		return;
	int64_t now = now_ms();
	mirror_link_pace(a->mirror, &a->stats, now,
			 a->last_key_ms && now - a->last_key_ms < ACTIVE_MS);
	char *error = mirror_link_take_error(a->mirror);
	if (error) {
		status_message(&a->status, MSG_ERROR, "%s", error);
		free(error);
	}
}

void app_mirror_free(struct app *a)
{
	if (a->probe_timer)
		loop_del_timer(a->loop, a->probe_timer);
	a->probe_timer = 0;
	if (mirror_link_ready(a->mirror))
		loop_unwatch_fd(a->loop, mirror_link_fd(a->mirror));
	mirror_link_free(a->mirror);
	a->mirror = NULL;
}
