/*
 * cli.c - see cli.h: the command table, and running the command named.
 *
 * The commands are in their own files (cli_internal.h lists them); this
 * one reads the command's words (options.c), loads the settings when the
 * command talks to Copper, and runs it on a one-shot session (oneshot.c).
 */
#include "config.h"

#include "cli/cli.h"
#include "cli/cli_internal.h"
#include "fetch/session.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct command cli_commands[] = {
	{ "find", cmd_find, "find <entity> [QUERY] [FILTERS...] [--format F] [--limit N] "
	  "[--sort FIELD[:desc]] [--columns A,B]",
	  "search by name and filters; print a table, TSV, CSV or JSON",
	  "QUERY words are searched for in names; FILTERS are terms of the filter\n"
	  "prompt (f in the UI), e.g. owner:me stage:Proposal value>10k closes:<30d\n"
	  "tag:vip city:Boston cf:\"Deal Type\"=Renewal. Quote a value with spaces\n"
	  "(owner:'Jane Smith'). --columns takes id and the titles of the list's\n"
	  "columns; --sort a column or a Copper sort field (Tab completes both).\n"
	  "Formats: table (on a terminal, sized to it), tsv (piped; no header),\n"
	  "csv (with a header), json (an array of the API's records), ndjson.\n"
	  "A TSV or CSV cell starting with = + - @ gets a ' in front, so that a\n"
	  "spreadsheet shows it rather than runs it (--raw-cells: as it is).\n"
	  "Pages of up to 200 records are fetched as needed, in parallel and\n"
	  "within the request budget. Exit status 1 when nothing matches; 5 when\n"
	  "--wait ran out or a look-up failed: the pages that came are printed, and\n"
	  "a name that did not load shows as \"#ID (not loaded: users)\".\n"
	  "When the local mirror holds every record of the entity (patina sync),\n"
	  "find answers from it without a request (tasks by name too), and says on\n"
	  "stderr how old it is once older than sync-interval; --online asks the\n"
	  "server all the same, --offline never does.",
	  OPT_BIT(OPT_FORMAT) | OPT_BIT(OPT_LIMIT) | OPT_BIT(OPT_SORT) | OPT_BIT(OPT_COLUMNS) |
	  OPT_BIT(OPT_WAIT) | OPT_BIT(OPT_RAW_CELLS) | OPT_BIT(OPT_ONLINE), true },
	{ "show", cmd_show, "show <entity> <id|email|name> [--format F]",
	  "one record, laid out as the detail pane shows it",
	  "An email is looked up with POST /people/fetch_by_email (people) or a\n"
	  "search by email (leads); anything else but an id is a name search.\n"
	  "A name matching several records lists them on stderr (exit status 6),\n"
	  "unless exactly one has that whole name.\n"
	  "Formats: table (default: the field layout, Markdown rendered; styled\n"
	  "and wrapped on a terminal, plain when piped), tsv and csv (label and\n"
	  "value per line), json and ndjson (the API's record as is).\n"
	  "A look-up that fails or does not come within --wait leaves its values\n"
	  "marked, e.g. \"(not loaded: custom field definitions)\", said on stderr,\n"
	  "and exit status 5.",
	  OPT_BIT(OPT_FORMAT) | OPT_BIT(OPT_WAIT) | OPT_BIT(OPT_RAW_CELLS), true },
	{ "open", cmd_open, "open <entity> <id>", "the interactive UI, opened on that record",
	  "Needs a terminal.", 0, true },
	{ "url", cmd_url, "url <entity> <id>", "print the record's address in Copper's web app",
	  "The account id comes from the cache, else from GET /account.", OPT_BIT(OPT_WAIT),
	  true },
	{ "set", cmd_set, "set <entity> <id> FIELD[+-]=VALUE... [--dry-run] [--base FILE|-]",
	  "change fields of a record (a partial update)",
	  "FIELD is a label, layout key or record key (title, owner, stage,\n"
	  "close_date, a custom field's label); VALUE is typed as in the edit form:\n"
	  "names for owners and stages, dates like 2026-12-31, today, +3d, eom;\n"
	  "an empty VALUE clears the field. A list (emails, phones, websites,\n"
	  "socials, tags, multi-selects) takes FIELD+=ITEMS to add and FIELD-=ITEMS\n"
	  "to remove (items ';' or ',' separated; one not on the list is refused);\n"
	  "FIELD=ITEMS replaces the list and names on stderr what that removes.\n"
	  "One PUT carries exactly the fields that change. An unknown field or a\n"
	  "refused value sends nothing (status 2). The PUT is sent once: if its\n"
	  "answer is lost the record is read again and the command says whether\n"
	  "the change was made.\n"
	  "The record is fetched first and is the base the values are checked\n"
	  "against; Copper has no conditional update, so an edit by someone else\n"
	  "between that fetch and the PUT cannot be seen. --base gives the record\n"
	  "as the script read it earlier (patina show --format json): a field set\n"
	  "that changed on the server since is a conflict (status 7), nothing sent.",
	  OPT_BIT(OPT_DRY_RUN) | OPT_BIT(OPT_BASE) | OPT_BIT(OPT_FORMAT) | OPT_BIT(OPT_WAIT),
	  true },
	{ "log", cmd_log, "log <entity> <id> TYPE [DETAILS...|-] [--date WHEN] [--type TYPE] "
	  "[--dry-run]",
	  "log an activity (a call, a meeting, a note...) on a record",
	  "TYPE is one of the account's activity types: its name, or the start of\n"
	  "it or of one of its words (call for Phone Call); with --type every word\n"
	  "after the id is details. DETAILS (Markdown) are the remaining words;\n"
	  "\"-\", or none with stdin not a terminal, reads them from stdin.\n"
	  "--date takes now (the default), -2h, -30min, yesterday 15:30, mon 9am,\n"
	  "2026-12-06 09:30 (local time).\n"
	  "One POST /activities, sent once: if its answer is lost, the record's\n"
	  "activities are searched and the command says whether it was logged,\n"
	  "never sending it again. Prints \"Logged a TYPE on ENTITY #ID (activity\n"
	  "#N)\", or the activity as JSON with --format json. Exit status 0\n"
	  "logged; 2 a word, type or date not understood, or Copper refused it\n"
	  "(HTTP 422, e.g. no such record; nothing logged); 1 not found (404);\n"
	  "3 credentials; 4 network, or the answer lost and whether it was\n"
	  "logged unknown; 5 --wait ran out.",
	  OPT_BIT(OPT_TYPE) | OPT_BIT(OPT_DATE) | OPT_BIT(OPT_DRY_RUN) | OPT_BIT(OPT_FORMAT) |
	  OPT_BIT(OPT_WAIT), true },
	{ "sync", cmd_sync, "sync", "bring the local mirror of the account up to date",
	  "The first sync reads every record of the six entities in pages of 200\n"
	  "(it goes on where it stopped after a quit or a crash); later ones read\n"
	  "what changed since, and look for deleted records when the server's\n"
	  "count differs from the mirror's. A progress bar on a terminal; then the\n"
	  "records held, the server's counts and the requests each entity cost.\n"
	  "The mirror is $XDG_CACHE_HOME/patina/ACCOUNT/USER/mirror.db. Exit status\n"
	  "4 when the server cannot be reached, 5 when interrupted (C-c).",
	  0, true },
	{ "help", cmd_help, "help [COMMAND]", "show the usage of a command", NULL, 0, false },
	{ "__complete", cmd_complete, "__complete WORDS...",
	  NULL, "Prints completion candidates, one a line, from the disk cache only.", 0, false },
};

const size_t cli_command_count = ARRAY_SIZE(cli_commands);

const struct command *cli_command(const char *name)
{
	for (size_t i = 0; i < cli_command_count; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}

bool cli_is_command(const char *name)
{
	return cli_command(name) != NULL;
}

void cli_print_commands(FILE *out)
{
	fprintf(out, "Commands:\n");
	for (size_t i = 0; i < cli_command_count; i++)
		if (cli_commands[i].summary)
			fprintf(out, "  %-6s  %s\n", cli_commands[i].name, cli_commands[i].summary);
	fprintf(out, "'patina help COMMAND' or 'patina COMMAND --help' tells more.\n");
}

/* ---- what the commands share ----------------------------------------------- */

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "patina %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'patina help %s'.\n", cmd);
	va_end(ap);
	return EXIT_USAGE;
}

bool cli_parse_entity(const char *cmd, const char *word, enum entity *e, int *code)
{
	if (!word) {
		*code = cli_usage_error(cmd, "which entity? people, companies, leads, "
					"opportunities, projects or tasks");
		return false;
	}
	if (!entity_parse(word, e)) {
		char *clean = sanitize_line(word, strlen(word));
		*code = cli_usage_error(cmd, "unknown entity '%s' (people, companies, leads, "
					"opportunities, projects, tasks)", clean);
		free(clean);
		return false;
	}
	return true;
}

bool cli_parse_id(const char *cmd, const char *word, int64_t *id, int *code)
{
	if (word && str_to_i64(word, id) && *id > 0)
		return true;
	if (!word) {
		*code = cli_usage_error(cmd, "which record? give its id");
	} else {
		char *clean = sanitize_line(word, strlen(word));
		*code = cli_usage_error(cmd, "'%s' is not a record id (a positive number)", clean);
		free(clean);
	}
	return false;
}

/* ---- running one ------------------------------------------------------------ */

/* The settings and the credentials in them, or why not on stderr. */
static bool load_settings(struct settings *s, const struct settings_flags *flags)
{
	struct conf_errors errors = {0};
	if (!settings_load(s, flags, &errors)) {
		for (size_t i = 0; i < errors.count; i++)
			fprintf(stderr, "patina: %s\n", errors.messages[i]);
		conf_errors_free(&errors);
		return false;
	}
	conf_errors_free(&errors);
	char *why;
	if (!session_settings_usable(s, &why)) {
		fprintf(stderr, "patina: %s\n", why);
		free(why);
		return false;
	}
	return true;
}

int cli_main(int argc, char **argv, const struct settings_flags *flags, struct cli_open *open)
{
	open->wanted = false;
	const struct command *cmd = cli_command(argv[0]);
	if (!cmd)
		return cli_usage_error("help", "unknown command '%s'", argv[0]);
	struct opts o = { .flags = *flags, .open = open };
	int code = EXIT_OK;
	bool options = strcmp(cmd->name, "__complete") != 0;
	if (!options_parse(cmd->name, cmd->options, options, argc, argv, &o, &code)) {
		opts_free(&o);
		return code;
	}
	if (o.help) {
		cli_command_usage(stdout, cmd);
		opts_free(&o);
		return EXIT_OK;
	}
	struct settings settings;
	settings_init(&settings);
	if (cmd->settings && !load_settings(&settings, &o.flags)) {
		settings_free(&settings);
		opts_free(&o);
		return EXIT_USAGE;
	}
	struct oneshot c = { .s = &settings, .wait_ms = o.wait_ms };
	code = cmd->run(&c, &o);
	fflush(stdout);
	oneshot_stop(&c);
	opts_free(&o);
	if (open->wanted)
		open->settings = settings; /* main.c's now */
	else
		settings_free(&settings);
	return code;
}
