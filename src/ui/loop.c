/* loop.c - see loop.h */
#include "config.h"

#include "ui/loop.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FDS 8
#define MAX_SIGNALS 8

struct watch {
	int fd;
	loop_fd_fn fn;
	void *data;
};

struct timer {
	long long id;
	int64_t at;
	loop_timer_fn fn;
	void *data;
};

struct catch {
	int sig;
	loop_signal_fn fn;
	void *data;
	struct sigaction old;
};

struct loop {
	struct watch fds[MAX_FDS];
	int nfds;
	struct timer *timers;
	size_t ntimers;
	long long next_id;
	struct catch catches[MAX_SIGNALS];
	int ncatches;
	loop_hook_fn hook;
	void *hook_data;
	bool stopped;
};

/* The handler's only state: where to write. */
static int signal_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	if (signal_pipe[1] >= 0) {
		ssize_t ignored = write(signal_pipe[1], &c, 1);
		(void)ignored;
	}
	errno = saved;
}

struct loop *loop_new(void)
{
	if (signal_pipe[0] < 0) {
		if (pipe(signal_pipe) < 0)
			return NULL;
		for (int i = 0; i < 2; i++) {
			fcntl(signal_pipe[i], F_SETFL, fcntl(signal_pipe[i], F_GETFL) | O_NONBLOCK);
			fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC);
		}
	}
	struct loop *l = xcalloc(1, sizeof(*l));
	l->next_id = 1;
	return l;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->ncatches; i++)
		sigaction(l->catches[i].sig, &l->catches[i].old, NULL);
	for (int i = 0; i < 2; i++) {
		if (signal_pipe[i] >= 0)
			close(signal_pipe[i]);
		signal_pipe[i] = -1;
	}
	free(l->timers);
	free(l);
}

bool loop_watch_fd(struct loop *l, int fd, loop_fd_fn fn, void *data)
{
	if (l->nfds == MAX_FDS || fd < 0)
		return false;
	l->fds[l->nfds++] = (struct watch){ fd, fn, data };
	return true;
}

void loop_unwatch_fd(struct loop *l, int fd)
{
	for (int i = 0; i < l->nfds; i++) {
		if (l->fds[i].fd == fd) {
			l->fds[i] = l->fds[--l->nfds];
			return;
		}
	}
}

long long loop_add_timer(struct loop *l, int64_t at_ms, loop_timer_fn fn, void *data)
{
	l->timers = xrealloc(l->timers, (l->ntimers + 1) * sizeof(*l->timers));
	long long id = l->next_id++;
	l->timers[l->ntimers++] = (struct timer){ id, at_ms, fn, data };
	return id;
}

void loop_del_timer(struct loop *l, long long id)
{
	for (size_t i = 0; i < l->ntimers; i++) {
		if (l->timers[i].id == id) {
			memmove(&l->timers[i], &l->timers[i + 1], (l->ntimers - i - 1) * sizeof(*l->timers));
			l->ntimers--;
			return;
		}
	}
}

bool loop_catch_signal(struct loop *l, int sig, loop_signal_fn fn, void *data)
{
	if (l->ncatches == MAX_SIGNALS)
		return false;
	struct catch *c = &l->catches[l->ncatches];
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, &c->old) < 0)
		return false;
	c->sig = sig;
	c->fn = fn;
	c->data = data;
	l->ncatches++;
	return true;
}

void loop_before_sleep(struct loop *l, loop_hook_fn fn, void *data)
{
	l->hook = fn;
	l->hook_data = data;
}

void loop_stop(struct loop *l)
{
	l->stopped = true;
}

/* Runs the timers that are due; returns the next deadline, or -1. */
static int64_t run_timers(struct loop *l)
{
	int64_t now = now_ms();
	/* a callback may add or delete timers: take one due timer at a time */
	for (;;) {
		size_t due = SIZE_MAX;
		for (size_t i = 0; i < l->ntimers; i++)
			if (l->timers[i].at <= now && (due == SIZE_MAX || l->timers[i].at < l->timers[due].at))
				due = i;
		if (due == SIZE_MAX)
			break;
		struct timer t = l->timers[due];
		loop_del_timer(l, t.id);
		t.fn(l, t.id, t.data);
		if (l->stopped)
			return -1;
	}
	int64_t next = -1;
	for (size_t i = 0; i < l->ntimers; i++)
		if (next < 0 || l->timers[i].at < next)
			next = l->timers[i].at;
	return next;
}

static void run_signals(struct loop *l)
{
	unsigned char buf[64];
	ssize_t n;
	while ((n = read(signal_pipe[0], buf, sizeof(buf))) > 0) {
		for (ssize_t k = 0; k < n; k++)
			for (int i = 0; i < l->ncatches; i++)
				if (l->catches[i].sig == buf[k])
					l->catches[i].fn(l, buf[k], l->catches[i].data);
	}
}

void loop_once(struct loop *l, int timeout_ms)
{
	int64_t next = run_timers(l);
	if (l->stopped)
		return;
	if (l->hook)
		l->hook(l, l->hook_data);
	if (l->stopped)
		return;
	/* the hook may have set timers */
	next = -1;
	for (size_t i = 0; i < l->ntimers; i++)
		if (next < 0 || l->timers[i].at < next)
			next = l->timers[i].at;
	int timeout = timeout_ms;
	if (next >= 0) {
		int64_t until = next - now_ms();
		if (until < 0)
			until = 0;
		if (timeout < 0 || until < timeout)
			timeout = (int)until;
	}
	struct pollfd pfds[MAX_FDS + 1];
	int n = 0;
	for (int i = 0; i < l->nfds; i++)
		pfds[n++] = (struct pollfd){ .fd = l->fds[i].fd, .events = POLLIN };
	pfds[n++] = (struct pollfd){ .fd = signal_pipe[0], .events = POLLIN };
	if (poll(pfds, (nfds_t)n, timeout) < 0) {
		if (errno != EINTR)
			l->stopped = true;
		return;
	}
	if (pfds[n - 1].revents & POLLIN)
		run_signals(l);
	/* by descriptor, not index: a callback may unwatch */
	for (int i = 0; i < n - 1 && !l->stopped; i++) {
		if (!pfds[i].revents)
			continue;
		for (int k = 0; k < l->nfds; k++) {
			if (l->fds[k].fd == pfds[i].fd) {
				l->fds[k].fn(l, pfds[i].fd, (pfds[i].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0,
					     l->fds[k].data);
				break;
			}
		}
	}
}

void loop_run(struct loop *l)
{
	while (!l->stopped)
		loop_once(l, -1);
}
