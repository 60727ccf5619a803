/*
 * settings.h - what patina needs to know to talk to Copper, and where it
 * comes from.
 *
 * Sources, strongest first: command-line flags (never the token), the
 * environment (COPPER_API_URL, COPPER_USER_EMAIL, COPPER_API_TOKEN,
 * COPPER_ACCESS_TOKEN), the config file ($XDG_CONFIG_HOME/patina/config or
 * -c FILE), and last `token-command`, whose first output line is the token.
 *
 * Secrets (api-token, access-token) are held only here and in the request
 * headers built from them; no function in this module ever prints them.
 * Once one is loaded the process writes no core file and other processes
 * cannot read its memory (Linux: not dumpable); token-command runs without
 * COPPER_API_TOKEN and COPPER_ACCESS_TOKEN in its environment.
 */
#ifndef PATINA_SETTINGS_H
#define PATINA_SETTINGS_H

#include "config/conf.h"

#include <stdbool.h>

#define DEFAULT_API_URL "https://api.copper.com/developer_api/v1"

struct settings {
	char *api_url;
	char *email;
	char *api_token;     /* secret: X-PW-AccessToken */
	char *access_token;  /* secret: OAuth bearer token */
	char *token_command;
	char *keymap;        /* name in keymaps/ or a path */
	char *theme;         /* name in themes/ or a path */
	int rate_limit;      /* requests per minute the client allows itself */
	int burst;           /* requests that may go at once from a full budget */
	int connect_timeout; /* seconds */
	int request_timeout; /* seconds */
	int cache_ttl;       /* seconds look-ups stay fresh on disk */
	int max_parallel;    /* concurrent transfers */
	int stale_days;      /* a record untouched this long is stale (board, Today) */
	char *start_view;    /* the first screen: "today" or a tab's name; NULL: People */
	int show_age_after;  /* seconds: a record read longer ago says so */
	bool mouse;          /* the terminal reports clicks and the wheel */
	/* list columns: `set columns.ENTITY = SPEC` lines (model/columns.h) */
	char **column_lists;
	char **column_specs;
	size_t column_count;
	/* the local mirror (src/mirror) */
	int mirror;          /* 1: keep one (default), 0: none */
	int sync_interval;   /* seconds between incremental syncs */
	int sync_share;      /* percent of the request budget the sync may take
			      * while the user is active */
	bool offline;        /* --offline: everything from the mirror, nothing sent */
	/* saved searches: `search NAME TEXT` lines */
	char **search_names;
	char **search_texts;
	size_t search_count;
};

/* Values that came from the command line; NULL means "not given". */
struct settings_flags {
	const char *config_path;
	const char *api_url;
	const char *email;
	bool offline;        /* --offline */
};

void settings_init(struct settings *s);
void settings_free(struct settings *s);

/* The `set` and `search` commands, for a conf_parser whose ctx is the
 * settings module's own (used by settings_load). */
extern const struct conf_command settings_commands[];
extern const size_t settings_command_count;

/*
 * Loads everything in order and checks the result. Returns true when patina
 * has what it needs to connect; otherwise false with every problem in errs
 * (config file errors carry file:line). need_credentials=false allows a
 * missing token (e.g. for --help-like uses).
 */
bool settings_load(struct settings *s, const struct settings_flags *flags,
		   struct conf_errors *errs);

/* The environment variables that hold secrets, NULL-terminated: a child
 * program (token-command, $EDITOR, $BROWSER) never inherits them. */
extern const char *const settings_secret_variables[];

/* Checks `set columns.ENTITY = SPEC` (NULL: valid, else a malloc'd
 * message); installed by the program (model/columns.h knows the columns,
 * this layer does not). NULL: every spec is taken as it is. */
extern char *(*settings_column_check)(const char *list, const char *spec);

/* Runs token-command (sh -c, without the secrets in its environment); its
 * first line is the token (*token, caller wipes and frees). Its output
 * never reaches *error (malloc'd). Blocks until the command ends: never
 * on the UI thread (the fetch thread runs it again after a 401). */
bool settings_run_token_command(const char *command, char **token, char **error);

/* The default config path ($XDG_CONFIG_HOME/patina/config). Caller frees. */
char *settings_default_config_path(void);


#endif
