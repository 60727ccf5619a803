/*
 * main.c - patina's entry point: command-line flags, settings, and the
 * choice between the interactive UI and one-shot commands.
 *
 * Global flags come before a command (`patina -c FILE find people acme`);
 * the first word that is not a flag is the command, and everything after
 * it is the command's own (cli.c). The flags are those of the one option
 * table (cli/options.h), which also writes their help.
 */
#include "config.h"

#include "cli/cli.h"
#include "cli/options.h"
#include "fetch/session.h"
#include "config/settings.h"
#include "model/columns.h"
#include "ui/app.h"
#include "util/util.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: patina [OPTIONS]\n"
		"       patina [OPTIONS] COMMAND [ARGS...]\n"
		"A keyboard-driven terminal client for the Copper CRM.\n"
		"\n"
		"Options:\n");
	options_print(out, OPTS_MAIN);
	fprintf(out, "\n");
	cli_print_commands(out);
	fprintf(out,
		"\n"
		"Credentials come from the environment (COPPER_API_TOKEN and\n"
		"COPPER_USER_EMAIL, or COPPER_ACCESS_TOKEN for OAuth; COPPER_API_URL)\n"
		"or the config file (api-token, email, token-command). The token is\n"
		"never accepted as a flag: command lines are visible to other users.\n"
		"\n"
		"Exit status: 0 ok, 1 not found, 2 usage or configuration error,\n"
		"3 authentication, 4 network, 5 rate limited or incomplete (--wait),\n"
		"6 ambiguous name, 7 conflict (set --base).\n"
		"See patina(1) for commands, keys, files and settings.\n");
}

/* A command, run by the command line; `patina open` comes back here for
 * the UI, which the command line does not see. */
static int run_command(int argc, char **argv, const struct settings_flags *flags)
{
	struct cli_open open;
	int code = cli_main(argc, argv, flags, &open);
	if (!open.wanted)
		return code;
	code = app_run(&open.settings, open.entity, open.id);
	settings_free(&open.settings);
	return code;
}

int main(int argc, char **argv)
{
	struct option long_options[OPT_COUNT + 1];
	char short_options[OPTS_SHORT_MAX];
	struct settings_flags flags = {0};
	bool check = false;
	int c;

	setlocale(LC_ALL, "");
	/* `set columns.people = ...` is checked against the lists' columns */
	settings_column_check = columns_check_setting;
	options_getopt(OPTS_MAIN, long_options, short_options);
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		switch (options_from_getopt(c, OPTS_MAIN)) {
		case OPT_CONFIG: flags.config_path = optarg; break;
		case OPT_API_URL: flags.api_url = optarg; break;
		case OPT_EMAIL: flags.email = optarg; break;
		case OPT_CHECK: check = true; break;
		case OPT_OFFLINE: flags.offline = true; break;
		case OPT_HELP: usage(stdout); return EXIT_OK;
		case OPT_VERSION: printf("patina %s\n", PACKAGE_VERSION); return EXIT_OK;
		default:
			fprintf(stderr, c == ':' ? "patina: option '%s' needs a value\n"
				: "patina: unknown option '%s'\n", argv[optind - 1]);
			fprintf(stderr, "Try 'patina --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		if (!cli_is_command(argv[optind])) {
			fprintf(stderr, "patina: unknown command '%s'\nTry 'patina --help'.\n",
				argv[optind]);
			return EXIT_USAGE;
		}
		if (check) {
			fprintf(stderr, "patina: --check takes no command\nTry 'patina --help'.\n");
			return EXIT_USAGE;
		}
		return run_command(argc - optind, argv + optind, &flags);
	}

	struct settings settings;
	struct conf_errors errors = {0};
	settings_init(&settings);
	if (!settings_load(&settings, &flags, &errors)) {
		for (size_t i = 0; i < errors.count; i++)
			fprintf(stderr, "patina: %s\n", errors.messages[i]);
		conf_errors_free(&errors);
		settings_free(&settings);
		return EXIT_USAGE;
	}
	conf_errors_free(&errors);
	char *why;
	if (!session_settings_usable(&settings, &why)) {
		fprintf(stderr, "patina: %s\n", why);
		free(why);
		settings_free(&settings);
		return EXIT_USAGE;
	}

	int code = check ? session_check(&settings) : app_run(&settings, ENT_COUNT, 0);
	settings_free(&settings);
	return code;
}
