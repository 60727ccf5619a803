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
