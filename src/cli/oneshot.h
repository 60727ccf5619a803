/*
 * oneshot.h - the session of a one-shot command: the fetch thread, the
 * disk cache, the look-ups, the names of related records, and the wait
 * loop every command runs.
 *
 * It is the interactive UI's machinery, run once: the fetcher with its
 * request budget, the cache of look-ups and field layouts (a warm cache
 * means no look-up request), the one resolver of related records' names
 * (copper/refnames.h). What a command needs besides its own request is
 * asked for alongside it, and oneshot_pump() sorts what comes back: the
 * look-ups' and the names' results are taken in here, the command's own
 * are handed to it.
 *
 * A script wants an answer, not the UI's patience: two retries of a
 * transient failure, one of a 429 (after the budget's pause of about
 * 2 s), and then the failure decides the command's exit code.
 *
 * And it wants it within a bound it can rely on (--wait): from the start
 * of the session, ONESHOT_WAIT_DEFAULT_S seconds (one pause after a 429 and
 * its retry, with room), which a command may extend for work the request
 * budget paces by its own rule (find's further pages); a --wait given is
 * a hard bound, never extended. Once it passes, oneshot_pump() says so and
 * the command prints what it has, with what did not come marked as such,
 * never an id passed off as a value (oneshot_unloaded), says on stderr what
 * is missing (oneshot_incomplete) and exits with EXIT_RATE_LIMITED (5).
 */
#ifndef PATINA_CLI_ONESHOT_H
#define PATINA_CLI_ONESHOT_H

#include "config/settings.h"
#include "copper/api.h"
#include "copper/cache.h"
#include "copper/lookups.h"
#include "copper/refnames.h"
#include "fetch/fetch.h"

#include <stdbool.h>
#include <stdint.h>

/* --wait's default, in seconds. */
#define ONESHOT_WAIT_DEFAULT_S 10
/* The owner of the mirror's sync requests (cli/mirror.c). */
#define ONESHOT_OWNER_MIRROR 4

struct oneshot {
	const struct settings *s;   /* not owned */
	struct fetcher *fetcher;    /* the rest is owned, NULL until started */
	struct cache *cache;
	struct lookups *lookups;
	struct refnames *names;     /* names of related records */
	int names_pending;          /* name searches out */
	bool names_failed;          /* a name search failed */
	int64_t wait_ms;            /* --wait as given (set before the start), 0: default */
	int64_t started;            /* monotonic ms */
	int64_t deadline;           /* monotonic ms: when waiting stops */
	bool expired;               /* the deadline passed with something still out */
	unsigned asked;             /* 1u << enum lookup: look-ups asked for */
	unsigned missing;           /* ... values marked as not loaded */
	bool missing_names;         /* names of related records marked unloaded */
	bool missing_layout;        /* set by the command: shown without its field layout */
	bool told_why;              /* why waiting stopped is said once */
	bool account_asked;
	enum api_error_kind lookup_kind; /* the first look-up failure */
	bool any_age;               /* set before the start: look-ups from disk whatever
				     * their age (an answer from the mirror, offline) */
};

/* Starts the fetch thread, opens the cache (unless open already), sets
 * up the look-ups and the names, and starts the --wait clock. False (said
 * on stderr) if the fetcher cannot start. */
bool oneshot_start(struct oneshot *c);
/* Stops and frees what the session holds; the settings stay the caller's. */
void oneshot_stop(struct oneshot *c);

/* The disk cache of the account the settings name (as the UI's). Caller
 * closes it (cache_close). */
struct cache *oneshot_open_cache(const struct settings *s);

/* A look-up from memory or disk, else asked for alongside what is out. */
void oneshot_need(struct oneshot *c, enum lookup which);
void oneshot_need_layout(struct oneshot *c, enum entity e, int64_t pipeline_id);
/* The look-ups the detail layout names a record's ids with. */
void oneshot_need_detail_lookups(struct oneshot *c, enum entity e);
/* Asks for the names a batch holds (refnames_want*), one search by ids per
 * entity; they are learned into c->names as they come. */
void oneshot_want_names(struct oneshot *c, struct refnames_batch *batch);

/* A request of the command's own, tagged for it to tell its answers
 * apart. */
void oneshot_submit(struct oneshot *c, struct api_request *req, int64_t tag);

/*
 * Waits for the next result. A look-up's or a name search's is taken in
 * here (a look-up's failure remembered) and *own stays NULL; the command's
 * own comes back in *own for the caller to free. False, with c->expired
 * set and nothing said, when the deadline passed first: the caller prints
 * what it has, or says what never came with oneshot_gave_up().
 */
bool oneshot_pump(struct oneshot *c, struct api_result **own);
/* Look-ups and name searches still out. */
int oneshot_pending(const struct oneshot *c);
/* Waits until none is out (none of the command's own may be); false when
 * the deadline passed first. */
bool oneshot_settle(struct oneshot *c);
/* Moves the deadline ms later, unless --wait was given: for requests the
 * budget paces anyway (find's further pages). */
void oneshot_extend(struct oneshot *c, int64_t ms);
/* The request budget's time for n more requests, in ms (its rate). */
int64_t oneshot_budget_ms(const struct oneshot *c, int n);

/*
 * A value that needs look-up `which` is about to be shown while that
 * look-up is missing (asked for, and failed or still out at the deadline):
 * returns the note to show instead of, or beside, the bare id, e.g.
 * "(not loaded: custom field definitions)", and remembers it for
 * oneshot_incomplete(). NULL when the look-up is loaded: show the name.
 */
const char *oneshot_unloaded(struct oneshot *c, enum lookup which);
/* The same for related records' names (a name search failed, or was out
 * at the deadline): the note, or NULL when every name asked for came (an
 * id still unnamed then is a record the server did not return). */
const char *oneshot_names_unloaded(struct oneshot *c);
/* After the output: if anything was marked unloaded, or the deadline cut
 * the wait short, says on stderr what is incomplete and why, and returns
 * EXIT_RATE_LIMITED; else EXIT_OK. */
int oneshot_incomplete(struct oneshot *c);
/* The deadline passed before what (the command's own request: "person
 * 7", "searching people") came: says so and why, and returns
 * EXIT_RATE_LIMITED. */
int oneshot_gave_up(struct oneshot *c, const char *what);
/* Says on stderr that what failed (r's error) and returns the exit code. */
int oneshot_failed(const struct api_result *r, const char *what);
/* The signed-in user's id, 0 until LOOKUP_ME is in. */
int64_t oneshot_me_id(const struct oneshot *c);

#endif
