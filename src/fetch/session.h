/*
 * session.h - a connection to one Copper account: the settings resolved
 * into fetch options, and the fetcher started on them.
 *
 * Shared by every front end (the interactive UI, --check, and later the
 * command-line lookups), so all of them use the same credentials, budget
 * and caches.
 */
#ifndef PATINA_SESSION_H
#define PATINA_SESSION_H

#include "fetch/fetch.h"
#include "config/settings.h"

/* Exit codes scripts can rely on. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_NOT_FOUND = 1,
	EXIT_USAGE = 2,
	EXIT_AUTH = 3,
	EXIT_NETWORK = 4,
	EXIT_RATE_LIMITED = 5
};

/* Checks what settings_load cannot judge without the transport: that the
 * API URL may carry the credentials (fetch/http.h). On false, *why says
 * what is wrong (malloc'd). */
bool session_settings_usable(const struct settings *s, char **why);

/* Fills o from s. The secrets are referenced, not copied: o must not
 * outlive s (fetcher_start copies what it keeps). */
void session_fetch_options(const struct settings *s, struct fetch_options *o);

/* The exit code that fits an API error. */
enum exit_code exit_code_for(enum api_error_kind kind);

/* `patina --check`: verifies the credentials with GET /users/me and
 * GET /account, prints who is signed in to which account, or an actionable
 * error on stderr. Returns the exit code. */
int session_check(const struct settings *s);

#endif
