/*
 * options.h - the commands' options: the table, their parsing and their
 * help text.
 *
 * The global flags (-c, --api-url, --email, --help) may come again after a
 * command. A command's options come anywhere before "--" (a filter term
 * never starts with '-'), as --name VALUE, --name=VALUE or -x VALUE.
 */
#ifndef PATINA_CLI_OPTIONS_H
#define PATINA_CLI_OPTIONS_H

#include "cli/output.h"
#include "config/settings.h"

#include <stdbool.h>
#include <stdio.h>

struct cli_open;

enum opt_id {
	OPT_CONFIG, OPT_API_URL, OPT_EMAIL, OPT_HELP,
	OPT_FORMAT, OPT_LIMIT, OPT_SORT, OPT_COLUMNS, OPT_DRY_RUN, OPT_BASE,
	OPT_COUNT
};

#define OPT_BIT(o) (1u << (o))
/* Before a command and after it. */
#define OPTS_GLOBAL (OPT_BIT(OPT_CONFIG) | OPT_BIT(OPT_API_URL) | OPT_BIT(OPT_EMAIL) | \
		     OPT_BIT(OPT_HELP))

struct optdef {
	const char *name;   /* the long form, without "--" */
	char letter;        /* the short form, or 0 */
	const char *arg;    /* the value's name, NULL for a switch */
	const char *help;
};

extern const struct optdef optdefs[OPT_COUNT];

/* A command's options as given, and the words that are not options. */
struct opts {
	struct settings_flags flags;
	enum format format;
	long limit;           /* 0: not given */
	const char *sort;
	const char *columns;
	bool dry_run;
	const char *base;
	bool help;
	char **args;          /* the other words: pointers into argv; the array is owned */
	int nargs;
	struct cli_open *open; /* not an option: where `patina open` leaves its record */
};

/*
 * Reads a command's words, argv[1..argc) (argv[0] is the command, cmd its
 * name for messages): the options of mask and the global ones, unless
 * options is false (every word an argument). On a usage error says why on
 * stderr and returns false with the exit code in *code. Either way free
 * with opts_free.
 */
bool options_parse(const char *cmd, unsigned mask, bool options, int argc, char **argv,
		   struct opts *o, int *code);
void opts_free(struct opts *o);

/* The option of mask a word names ("--name", "--name=value", "-x"), or
 * -1; *inline_value tells whether the word holds its value after '='. */
int options_find(const char *word, unsigned mask, bool *inline_value);

/* One line per option of mask, in the table's order (help text). */
void options_print(FILE *out, unsigned mask);

#endif
