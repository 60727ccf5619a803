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

struct oneshot {
	const struct settings *s;   /* not owned */
	struct fetcher *fetcher;    /* the rest is owned, NULL until started */
	struct cache *cache;
	struct lookups *lookups;
	struct refnames *names;     /* names of related records */
	int names_pending;          /* name searches out */
	int timeout_ms;             /* how long a result may take */
	bool account_asked;
	enum api_error_kind lookup_kind; /* the first look-up failure */
};

/* Starts the fetch thread, opens the cache (unless open already) and sets
 * up the look-ups and the names. False (said on stderr) if the fetcher
 * cannot start. */
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
 * own comes back in *own for the caller to free. False when nothing came
 * in time (said on stderr).
 */
bool oneshot_pump(struct oneshot *c, struct api_result **own);
/* Look-ups and name searches still out. */
int oneshot_pending(const struct oneshot *c);
/* Waits until none is out (none of the command's own may be). */
bool oneshot_settle(struct oneshot *c);

/* A look-up that failed leaves ids where names would be: says so once. */
void oneshot_warn_lookups(const struct oneshot *c);
/* Says on stderr that what failed (r's error) and returns the exit code. */
int oneshot_failed(const struct api_result *r, const char *what);
/* The signed-in user's id, 0 until LOOKUP_ME is in. */
int64_t oneshot_me_id(const struct oneshot *c);

#endif
