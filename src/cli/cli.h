/*
 * cli.h - the scriptable commands: one look-up, one answer, one exit code.
 *
 *   patina find <entity> [QUERY] [FILTERS...]   search, print a table/TSV/CSV/JSON
 *   patina show <entity> <id|email|name>        one record, as the detail pane lays it out
 *   patina open <entity> <id>                   the interactive UI on that record
 *   patina url <entity> <id>                    the record's address in Copper's web app
 *   patina set <entity> <id> field=value...     a partial update, validated like the form
 *   patina log <entity> <id> TYPE [DETAILS]     log an activity (a call, a note...)
 *   patina help [COMMAND]
 *   patina __complete WORDS...                  (hidden) shell completion candidates
 *
 * Each command is one short-lived session on the same machinery as the
 * interactive UI (oneshot.h): the fetch thread and its request budget, the
 * disk cache of look-ups and field layouts, the filter language of the
 * filter prompt, the list columns and the detail layout. Results go to
 * stdout, errors to stderr only, and the exit code says what happened
 * (session.h, plus the two below).
 *
 * The command line does not see the UI (layers): `patina open` checks its
 * words and hands the record back to main.c, which runs the UI on it.
 */
#ifndef PATINA_CLI_H
#define PATINA_CLI_H

#include "config/settings.h"
#include "copper/entity.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes of the commands beyond session.h's 0-5. */
enum {
	CLI_EXIT_AMBIGUOUS = 6, /* a name matched several records (listed on stderr) */
	CLI_EXIT_CONFLICT = 7   /* set --base: a field to change changed on the server */
};

/* What `patina open` leaves for main.c to run the interactive UI on. */
struct cli_open {
	bool wanted;             /* false: nothing to open, the rest untouched */
	enum entity entity;
	int64_t id;
	struct settings settings; /* as the command loaded them; main.c owns them
				   * then (settings_free) */
};

/* True if name is a command (the hidden __complete included). */
bool cli_is_command(const char *name);

/* Runs a command: argv[0] is its name, the rest its arguments (options
 * anywhere before "--"). flags: the global flags given before the command
 * (the command line may repeat them after it). Returns the exit code,
 * and sets open->wanted when the UI is to open on a record. */
int cli_main(int argc, char **argv, const struct settings_flags *flags, struct cli_open *open);

/* The commands' one-line summaries, for `patina --help`. */
void cli_print_commands(FILE *out);

#endif
