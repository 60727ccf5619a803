/*
 * cli_internal.h - what the command files share (private to src/cli).
 *
 * Each command is a file (find.c, show.c, set.c, log.c, url.c for url and
 * open, help.c, complete.c) with one entry point, run with the one-shot session
 * (oneshot.h) and the options as given (options.h); cli.c holds the
 * command table and runs the one named. A command returns its exit code
 * (session.h's, plus cli.h's) and says what went wrong on stderr.
 */
#ifndef PATINA_CLI_INTERNAL_H
#define PATINA_CLI_INTERNAL_H

#include "cli/cli.h"
#include "cli/oneshot.h"
#include "cli/options.h"
#include "util/util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Job tags of a command's own requests (find tags its pages 1, 2, ...). */
enum { TAG_RECORD = -1, TAG_MATCHES = -2, TAG_UPDATE = -3 };

struct command {
	const char *name;
	int (*run)(struct oneshot *c, struct opts *o);
	const char *synopsis;
	const char *summary;   /* NULL: hidden (not listed, not completed) */
	const char *help;
	unsigned options;      /* OPT_BIT()s of its own, besides OPTS_GLOBAL */
	bool settings;         /* needs the settings (credentials) loaded */
};

/* The command table (cli.c), in the order help lists it. */
extern const struct command cli_commands[];
extern const size_t cli_command_count;
/* The command of that name, or NULL. */
const struct command *cli_command(const char *name);

/* The commands. open leaves the record to open in o->open. */
int cmd_find(struct oneshot *c, struct opts *o);
int cmd_show(struct oneshot *c, struct opts *o);
int cmd_open(struct oneshot *c, struct opts *o);
int cmd_url(struct oneshot *c, struct opts *o);
int cmd_set(struct oneshot *c, struct opts *o);
int cmd_log(struct oneshot *c, struct opts *o);
int cmd_help(struct oneshot *c, struct opts *o);
int cmd_complete(struct oneshot *c, struct opts *o);

int cmd_sync(struct oneshot *c, struct opts *o);

/* The mirror of the account the settings name (mirror.c): its path
 * (caller frees), from the disk cache when it knows the account and the
 * user, else asking for them (settling the look-ups). NULL, said on
 * stderr with *code, when they cannot be had or the mirror is off. */
char *cli_mirror_path(struct oneshot *c, int *code);

/* The mirror answering a one-shot command with no request (mirror.c). */
struct cli_mirror {
	struct mirror_store *store;
	struct local *local;
	int64_t synced_at;        /* the entity's last sync, local Unix time */
};
/* The mirror of the settings' account, read-only, when it holds every
 * record of e: found from the disk cache alone (no request). False with
 * *why (malloc'd, may be NULL) when it cannot answer. */
bool cli_mirror_open(const struct settings *s, enum entity e, struct cli_mirror *m, char **why);
void cli_mirror_close(struct cli_mirror *m);
/* A page of a search of e answered from the mirror, as the server's
 * would come (tag = page). Caller frees. */
struct api_result *cli_mirror_search(struct cli_mirror *m, enum entity e, const cJSON *criteria,
				     int page, int page_size, const char *sort_by, bool descending);
/* Names the batch's records from the mirror (the batch is emptied). */
void cli_mirror_names(struct cli_mirror *m, struct refnames *names, struct refnames_batch *batch);
/* Says on stderr how old the mirror's answer is, when it is older than
 * the sync interval. */
void cli_mirror_staleness(const struct settings *s, const struct cli_mirror *m);

/* `patina COMMAND --help` and `patina help COMMAND` (help.c). */
void cli_command_usage(FILE *out, const struct command *cmd);

/* "patina CMD: <message>" and where to read more, on stderr; returns
 * EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* The entity a word names (people, person, companies...), or a usage error
 * in *code. */
bool cli_parse_entity(const char *cmd, const char *word, enum entity *e, int *code);
/* A record id (a positive number), or a usage error in *code. */
bool cli_parse_id(const char *cmd, const char *word, int64_t *id, int *code);
/* url.c: the record's address in Copper's web app, for an OSC 8 link on a
 * terminal that takes styles: built from the account's and the record's
 * numbers alone, and only when the account id is known without a request
 * (the cache, the look-ups loaded); else NULL. Caller frees. */
char *cli_record_link(struct oneshot *c, const struct term *t, enum entity e, int64_t id);

#endif
