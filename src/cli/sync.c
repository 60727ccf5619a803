/*
 * sync.c - `patina sync`: brings the account's mirror up to date (the
 * first sync from where it stands, else the changes since the last),
 * with a progress bar on a terminal, and says what it held and cost.
 *
 * The same worker and sync as the interactive UI's (mirror/worker.h), on
 * the one-shot session's fetcher, with the whole request budget (there is
 * no user to leave it to) and as many requests at once as max-parallel.
 * An interrupt (C-c) stops after the pages in flight are written: the
 * next run goes on from there.
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "fetch/session.h"
#include "mirror/worker.h"
#include "util/util.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BAR_WIDTH 24

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* The entity being synced and how far it is, on one line of stderr. */
static void draw_bar(const struct sync_progress *p)
{
	int e = 0;
	while (e < ENT_COUNT && p->entity[e].step == SYNC_IDLE)
		e++;
	if (e == ENT_COUNT)
		e = ENT_COUNT - 1;
	const struct sync_entity_progress *ep = &p->entity[e];
	int64_t total = ep->total > 0 ? ep->total : 0;
	double done = total ? (double)ep->held / (double)total : 0;
	if (done > 1)
		done = 1;
	int fill = (int)(done * BAR_WIDTH);
	char bar[BAR_WIDTH * 3 + 1];
	size_t n = 0;
	for (int i = 0; i < BAR_WIDTH; i++)
		n += (size_t)snprintf(bar + n, sizeof(bar) - n, "%s", i < fill ? "\u2588" : " ");
	char *held = str_thousands(ep->held), *all = str_thousands(total);
	fprintf(stderr, "\r%-13s [%s] %3d%% %s/%s, %d requests ", entity_plural((enum entity)e),
		bar, (int)(done * 100), held, total ? all : "?", p->requests);
	free(held);
	free(all);
	fflush(stderr);
}

static void print_summary(const struct sync_progress *p, int64_t ms)
{
	printf("%-14s %12s %12s %9s\n", "", "mirror", "server", "requests");
	int64_t held = 0, server = 0;
	for (int e = 0; e < ENT_COUNT; e++) {
		const struct sync_entity_progress *ep = &p->entity[e];
		char *h = str_thousands(ep->held);
		char *t = ep->total >= 0 ? str_thousands(ep->total) : xstrdup("?");
		printf("%-14s %12s %12s %9d%s\n", entity_plural((enum entity)e), h, t, ep->requests,
		       ep->step == SYNC_FAILED ? "  (failed)" : !ep->complete ? "  (first sync not done)"
		       : "");
		held += ep->held;
		server += ep->total > 0 ? ep->total : 0;
		free(h);
		free(t);
	}
	char *h = str_thousands(held), *t = str_thousands(server);
	printf("%-14s %12s %12s %9d  in %.1f s\n", "all", h, t, p->requests, (double)ms / 1000.0);
	free(h);
	free(t);
}

/* Results until the round is over, an interrupt, or the server is out of
 * reach. */
static void run(struct oneshot *c, struct mirror_worker *w, bool tty)
{
	struct sync_progress p;
	int64_t drawn = 0;
	for (;;) {
		struct fetch_stats st;
		fetcher_stats(c->fetcher, &st);
		struct worker_budget b = { fetch_stats_tokens(&st, now_ms()), st.budget_per_ms,
					   st.budget_capacity };
		worker_pace(w, b, false);
		struct api_result *r = fetcher_wait_result(c->fetcher, 200);
		if (r && r->owner == ONESHOT_OWNER_MIRROR) {
			worker_take_result(w, r);
		} else if (r) {
			lookups_on_result(c->lookups, r);
			api_result_free(r);
		}
		worker_take_news(w);
		worker_progress(w, &p);
		if (tty && now_ms() - drawn > 200) {
			draw_bar(&p);
			drawn = now_ms();
		}
		/* out of reach after the fetcher's retries: a script is told now,
		 * and the next run goes on from here */
		if (interrupted || p.unreachable || (!p.running && !p.in_flight))
			break;
	}
	if (tty)
		fprintf(stderr, "\r%*s\r", 78, "");
}

int cmd_sync(struct oneshot *c, struct opts *o)
{
	(void)o;
	if (!oneshot_start(c))
		return EXIT_NETWORK;
	int code = EXIT_OK;
	char *path = cli_mirror_path(c, &code);
	if (!path)
		return code;
	struct worker_options wo = { .run_sync = true, .rate_per_minute = c->s->rate_limit,
				     .share_percent = 100 };
	sync_options_defaults(&wo.sync);
	wo.sync.owner = ONESHOT_OWNER_MIRROR;
	wo.sync.interval_s = c->s->sync_interval;
	wo.sync.max_in_flight = c->s->max_parallel;
	char *error;
	struct mirror_worker *w = worker_start(path, fetcher_sender(c->fetcher), &wo, &error);
	free(path);
	if (!w) {
		fprintf(stderr, "patina: %s\n", error);
		free(error);
		return EXIT_USAGE;
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	int64_t started = now_ms();
	worker_sync_now(w);
	worker_flush(w);
	run(c, w, isatty(STDERR_FILENO));
	worker_flush(w);
	struct sync_progress p;
	worker_take_news(w);
	worker_progress(w, &p);
	char *write_error = worker_take_error(w);
	worker_stop(w);
	print_summary(&p, now_ms() - started);
	if (write_error) {
		fprintf(stderr, "patina: %s\n", write_error);
		code = EXIT_USAGE;
	} else if (interrupted) {
		fprintf(stderr, "patina: sync: stopped; the next 'patina sync' goes on from here\n");
		code = EXIT_RATE_LIMITED;
	} else if (p.unreachable) {
		fprintf(stderr, "patina: sync: the server cannot be reached: %s\n", p.error);
		code = EXIT_NETWORK;
	} else if (p.error[0]) {
		fprintf(stderr, "patina: sync: %s\n", p.error);
		code = EXIT_NETWORK;
	}
	free(write_error);
	return code;
}
