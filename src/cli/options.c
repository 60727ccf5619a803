/* options.c - see options.h */
#include "config.h"

#include "cli/options.h"
#include "cli/cli_internal.h"
#include "model/rows.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HELP_COLUMN 26 /* the flags' column, before the help text */
#define STR_(x) #x
#define STR(x) STR_(x)

const struct optdef optdefs[OPT_COUNT] = {
	[OPT_CONFIG] = { "config", 'c', "FILE",
			 "read settings from FILE instead of\n$XDG_CONFIG_HOME/patina/config" },
	[OPT_API_URL] = { "api-url", 0, "URL",
			  "Copper API base URL\n(default " DEFAULT_API_URL ")" },
	[OPT_EMAIL] = { "email", 0, "EMAIL", "the email of the user who made the API token" },
	[OPT_CHECK] = { "check", 0, NULL, "verify the credentials and print who is signed in" },
	[OPT_HELP] = { "help", 'h', NULL, "show this help and exit" },
	[OPT_VERSION] = { "version", 'V', NULL, "show the version and exit" },
	[OPT_FORMAT] = { "format", 0, "FORMAT", "table, tsv, csv, json or ndjson" },
	[OPT_LIMIT] = { "limit", 0, "N", "at most N records (default 200, at most 100000)" },
	[OPT_SORT] = { "sort", 0, "FIELD[:desc]", "sort by a column or Copper sort field" },
	[OPT_COLUMNS] = { "columns", 0, "A,B,...", "the columns to print, in order" },
	[OPT_DRY_RUN] = { "dry-run", 'n', NULL, "print the body that would be sent; send nothing" },
	[OPT_BASE] = { "base", 0, "FILE|-",
		       "the record as the script read it, for the conflict check" },
	[OPT_WAIT] = { "wait", 0, "SECONDS",
		       "stop waiting for the server after SECONDS\n(default " STR(ONESHOT_WAIT_DEFAULT_S)
		       ": a pause after a 429 and its retry;\nfind adds its further pages' "
		       "budget time);\nwhat did not come is marked, exit status 5" },
	[OPT_RAW_CELLS] = { "raw-cells", 0, NULL,
			    "TSV, CSV: write a cell starting with = + - @\nas it is (default: a ' "
			    "before it, so that a\nspreadsheet does not run it as a formula)" },
	[OPT_TYPE] = { "type", 0, "TYPE", "the activity's type (note, call, meeting...)" },
	[OPT_DATE] = { "date", 0, "WHEN", "when it happened (default now): -2h,\n"
		       "yesterday 15:30, mon 9am, 2026-12-06 09:30" },
	[OPT_OFFLINE] = { "offline", 0, NULL,
			  "read everything from the local mirror, send\nnothing (edits are refused)" },
	[OPT_ONLINE] = { "online", 0, NULL, "ask the server, even when the mirror is fresh" },
};

int options_find(const char *word, unsigned mask, bool *inline_value)
{
	const char *eq = str_starts_with(word, "--") ? strchr(word, '=') : NULL;
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	*inline_value = eq != NULL;
	for (int i = 0; i < OPT_COUNT; i++) {
		if (!(mask & OPT_BIT(i)))
			continue;
		if (len > 1 && word[1] == '-' ? strlen(optdefs[i].name) == len - 2 &&
		    !strncmp(optdefs[i].name, word + 2, len - 2)
		    : len == 2 && optdefs[i].letter && optdefs[i].letter == word[1])
			return i;
	}
	return -1;
}

void options_print(FILE *out, unsigned mask)
{
	for (int i = 0; i < OPT_COUNT; i++) {
		if (!(mask & OPT_BIT(i)))
			continue;
		const struct optdef *d = &optdefs[i];
		const char *arg = d->arg ? d->arg : "";
		const char *space = *arg ? " " : "";
		char *flag = d->letter ? xasprintf("-%c, --%s%s%s", d->letter, d->name, space, arg)
			: xasprintf("    --%s%s%s", d->name, space, arg);
		fprintf(out, "  %-*s ", HELP_COLUMN, flag);
		for (const char *p = d->help; *p;) {
			size_t n = strcspn(p, "\n");
			fprintf(out, "%.*s\n", (int)n, p);
			p += n;
			if (*p == '\n' && *++p)
				fprintf(out, "  %-*s ", HELP_COLUMN, "");
		}
		free(flag);
	}
}

/* ---- a command's words -------------------------------------------------- */

#define WAIT_MAX_S 86400

/* "30", "2.5": seconds, as milliseconds (at least 1). Read by hand, for
 * strtod would take "2,5" and refuse "2.5" under some locales. */
static bool parse_seconds(const char *v, int64_t *ms)
{
	int64_t whole = 0, frac = 0, scale = 1000;
	const char *p = v;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((whole = whole * 10 + (*p - '0')) > WAIT_MAX_S)
			return false;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (scale > 1)
				frac += (*p - '0') * (scale /= 10);
	if (*p || p == v || !strcmp(v, "."))
		return false;
	*ms = whole * 1000 + frac;
	return *ms > 0 && *ms <= (int64_t)WAIT_MAX_S * 1000;
}

static bool set_option(const char *cmd, struct opts *o, enum opt_id id, const char *v, int *code)
{
	int64_t n;
	switch (id) {
	case OPT_CONFIG: o->flags.config_path = v; break;
	case OPT_API_URL: o->flags.api_url = v; break;
	case OPT_EMAIL: o->flags.email = v; break;
	case OPT_HELP: o->help = true; break;
	case OPT_FORMAT:
		if (!format_parse(v, &o->format)) {
			*code = cli_usage_error(cmd, "--format: '%s' is not one of table, tsv, "
						"csv, json, ndjson", v);
			return false;
		}
		break;
	case OPT_LIMIT:
		if (!str_to_i64(v, &n) || n < 1 || n > SEARCH_CAP) {
			*code = cli_usage_error(cmd, "--limit: expected a number from 1 to %d",
						SEARCH_CAP);
			return false;
		}
		o->limit = (long)n;
		break;
	case OPT_SORT: o->sort = v; break;
	case OPT_COLUMNS: o->columns = v; break;
	case OPT_DRY_RUN: o->dry_run = true; break;
	case OPT_BASE: o->base = v; break;
	case OPT_WAIT:
		if (!parse_seconds(v, &o->wait_ms)) {
			*code = cli_usage_error(cmd, "--wait: expected seconds, more than 0 and at "
						"most %d (e.g. 30 or 2.5)", WAIT_MAX_S);
			return false;
		}
		break;
	case OPT_RAW_CELLS: o->raw_cells = true; break;
	case OPT_TYPE: o->type = v; break;
	case OPT_DATE: o->date = v; break;
	case OPT_OFFLINE: o->flags.offline = true; break;
	case OPT_ONLINE: o->online = true; break;
	case OPT_CHECK:   /* main.c's alone: never in a command's mask */
	case OPT_VERSION:
	case OPT_COUNT: break;
	}
	return true;
}

bool options_parse(const char *cmd, unsigned mask, bool options, int argc, char **argv,
		   struct opts *o, int *code)
{
	o->args = xcalloc((size_t)argc + 1, sizeof(*o->args));
	mask |= OPTS_GLOBAL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!options || a[0] != '-' || !a[1]) {
			o->args[o->nargs++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			options = false;
			continue;
		}
		bool inline_value;
		int id = options_find(a, mask, &inline_value);
		if (id < 0) {
			const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
			char *clean = sanitize_line(a, eq ? (size_t)(eq - a) : strlen(a));
			*code = cli_usage_error(cmd, "unknown option '%s'", clean);
			free(clean);
			return false;
		}
		const char *value = NULL;
		if (optdefs[id].arg) {
			value = inline_value ? strchr(a, '=') + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!value) {
				*code = cli_usage_error(cmd, "option '%s' needs a value", a);
				return false;
			}
		} else if (inline_value) {
			*code = cli_usage_error(cmd, "option '--%s' takes no value",
						optdefs[id].name);
			return false;
		}
		if (!set_option(cmd, o, (enum opt_id)id, value, code))
			return false;
	}
	return true;
}

void opts_free(struct opts *o)
{
	free(o->args);
	o->args = NULL;
	o->nargs = 0;
}

/* ---- main.c's getopt ------------------------------------------------------ */

void options_getopt(unsigned mask, struct option *longs, char *shorts)
{
	size_t nl = 0, ns = 0;
	shorts[ns++] = '+'; /* stop at the command */
	shorts[ns++] = ':'; /* a missing value is ':', not '?' */
	for (int i = 0; i < OPT_COUNT; i++) {
		if (!(mask & OPT_BIT(i)))
			continue;
		const struct optdef *d = &optdefs[i];
		int has_arg = d->arg ? required_argument : no_argument;
		longs[nl++] = (struct option){ d->name, has_arg, NULL, OPT_GETOPT_BASE + i };
		if (d->letter) {
			shorts[ns++] = d->letter;
			if (d->arg)
				shorts[ns++] = ':';
		}
	}
	longs[nl] = (struct option){ NULL, 0, NULL, 0 };
	shorts[ns] = '\0';
}

int options_from_getopt(int c, unsigned mask)
{
	if (c >= OPT_GETOPT_BASE && c < OPT_GETOPT_BASE + OPT_COUNT)
		return mask & OPT_BIT(c - OPT_GETOPT_BASE) ? c - OPT_GETOPT_BASE : -1;
	for (int i = 0; i < OPT_COUNT && c > 0; i++)
		if ((mask & OPT_BIT(i)) && optdefs[i].letter == c)
			return i;
	return -1;
}
