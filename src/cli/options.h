/*
 * options.h - the one table of patina's command-line options: the global
 * flags, the commands' own, their parsing and their help text.
 *
 * The global flags (-c, --api-url, --email, --help) go before a command
 * and may come again after it; --check and --version go only before one,
 * where main.c reads them with getopt_long from tables built here. After
 * a command, options come anywhere before "--" (a filter term never
 * starts with '-'), as --name VALUE, --name=VALUE or -x VALUE.
 */
#ifndef PATINA_CLI_OPTIONS_H
#define PATINA_CLI_OPTIONS_H

#include "cli/output.h"
#include "config/settings.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct cli_open;

enum opt_id {
	OPT_CONFIG, OPT_API_URL, OPT_EMAIL, OPT_CHECK, OPT_HELP, OPT_VERSION,
	OPT_FORMAT, OPT_LIMIT, OPT_SORT, OPT_COLUMNS, OPT_DRY_RUN, OPT_BASE, OPT_WAIT,
	OPT_RAW_CELLS, OPT_TYPE, OPT_DATE,
	OPT_OFFLINE, OPT_ONLINE,   /* the mirror: everything from it, or nothing */
	OPT_COUNT
};

#define OPT_BIT(o) (1u << (o))
/* Before a command and after it. */
#define OPTS_GLOBAL (OPT_BIT(OPT_CONFIG) | OPT_BIT(OPT_API_URL) | OPT_BIT(OPT_EMAIL) | \
		     OPT_BIT(OPT_HELP) | OPT_BIT(OPT_OFFLINE))
/* What main.c takes: the global flags and its own. */
#define OPTS_MAIN (OPTS_GLOBAL | OPT_BIT(OPT_CHECK) | OPT_BIT(OPT_VERSION))

struct optdef {
	const char *name;   /* the long form, without "--" */
	char letter;        /* the short form, or 0 */
	const char *arg;    /* the value's name, NULL for a switch */
	const char *help;   /* may hold '\n': continued under the first line */
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
	int64_t wait_ms;      /* --wait, 0: not given (oneshot.h's default) */
	bool raw_cells;       /* TSV/CSV cells without the formula guard (output.h) */
	const char *type;     /* log: the activity's type */
	const char *date;     /* log: when it happened */
	bool online;          /* find: the server, even with a fresh mirror */
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

/*
 * The options of mask as getopt_long(3)'s tables, stopping at the first
 * word that is not an option ("+") and reporting a missing value as ':'.
 * longs must hold OPT_COUNT + 1 entries, shorts OPTS_SHORT_MAX chars.
 * getopt_long then returns OPT_GETOPT_BASE + the id of a long option and
 * the letter of a short one: options_from_getopt() turns either into its
 * id (-1 for anything else, such as '?' and ':').
 */
#define OPT_GETOPT_BASE 256
#define OPTS_SHORT_MAX (3 * OPT_COUNT + 3)
void options_getopt(unsigned mask, struct option *longs, char *shorts);
int options_from_getopt(int c, unsigned mask);

#endif
