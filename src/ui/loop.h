/*
 * loop.h - the UI thread's event loop: file descriptors, timers and
 * signals, one poll() (in the spirit of redis' ae.h).
 *
 * Signals are caught by a handler that only writes the signal's number to
 * a pipe the loop watches, so a signal that lands while the program draws
 * still wakes the next poll() and its callback runs on the loop, never in
 * the handler. Timers are one-shot, on the monotonic clock (util now_ms).
 * Before each sleep the loop runs its hook (the UI drains the keyboard,
 * delivers events and draws there).
 *
 * One loop per process (signals are process-wide).
 */
#ifndef PATINA_LOOP_H
#define PATINA_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;

/* hangup: the other end is gone (or the descriptor is in error). */
typedef void (*loop_fd_fn)(struct loop *l, int fd, bool hangup, void *data);
typedef void (*loop_timer_fn)(struct loop *l, long long id, void *data);
typedef void (*loop_signal_fn)(struct loop *l, int sig, void *data);
typedef void (*loop_hook_fn)(struct loop *l, void *data);

/* NULL if the signal pipe cannot be made. */
struct loop *loop_new(void);
/* Restores the signals it caught and closes its pipe. */
void loop_free(struct loop *l);

/* Watches fd for input; fn runs when it is readable, hung up or in error. */
bool loop_watch_fd(struct loop *l, int fd, loop_fd_fn fn, void *data);
void loop_unwatch_fd(struct loop *l, int fd);

/* Calls fn once at monotonic time at_ms (or as soon as possible after).
 * Returns the timer's id (> 0). */
long long loop_add_timer(struct loop *l, int64_t at_ms, loop_timer_fn fn, void *data);
/* Cancels a timer that has not fired; unknown ids are ignored. */
void loop_del_timer(struct loop *l, long long id);

/* Catches sig: fn runs on the loop after the handler has noted it. */
bool loop_catch_signal(struct loop *l, int sig, loop_signal_fn fn, void *data);

/* fn runs before every sleep. */
void loop_before_sleep(struct loop *l, loop_hook_fn fn, void *data);

/* Runs until loop_stop(). */
void loop_run(struct loop *l);
void loop_stop(struct loop *l);
/* One pass: the hook, then at most timeout_ms asleep (-1: until something
 * happens), then what woke it. For tests. */
void loop_once(struct loop *l, int timeout_ms);

#endif
