/*
 * main.c - patina's entry point: command-line flags, settings, and the
 * choice between the interactive UI and one-shot commands.
 *
 * Global flags come before a command (`patina -c FILE find people acme`);
 * the first word that is not a flag is the command, and everything after
 * it is the command's own (cli.c).
 */
#include "config.h"

#include "cli/cli.h"
#include "fetch/session.h"
#include "config/settings.h"
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
		"Options:\n"
		"  -c, --config FILE   read settings from FILE instead of\n"
		"                      $XDG_CONFIG_HOME/patina/config\n"
		"      --api-url URL   Copper API base URL (default %s)\n"
		"      --email EMAIL   the email of the user who made the API token\n"
		"      --check         verify the credentials and print who is signed in\n"
		"  -h, --help          show this help and exit\n"
		"  -V, --version       show the version and exit\n"
		"\n", DEFAULT_API_URL);
	cli_print_commands(out);
	fprintf(out,
		"\n"
		"Credentials come from the environment (COPPER_API_TOKEN and\n"
		"COPPER_USER_EMAIL, or COPPER_ACCESS_TOKEN for OAuth; COPPER_API_URL)\n"
		"or the config file (api-token, email, token-command). The token is\n"
		"never accepted as a flag: command lines are visible to other users.\n"
		"\n"
		"Exit status: 0 ok, 1 not found, 2 usage or configuration error,\n"
		"3 authentication, 4 network, 5 rate limited, 6 ambiguous name,\n"
		"7 conflict (set --base).\n"
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
	enum { OPT_API_URL = 256, OPT_EMAIL, OPT_CHECK };
	static const struct option long_options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "api-url", required_argument, NULL, OPT_API_URL },
		{ "email", required_argument, NULL, OPT_EMAIL },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct settings_flags flags = {0};
	bool check = false;
	int c;

	setlocale(LC_ALL, "");
	opterr = 0;
	/* '+': stop at the first word that is not an option, the command */
	while ((c = getopt_long(argc, argv, "+:c:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'c': flags.config_path = optarg; break;
		case OPT_API_URL: flags.api_url = optarg; break;
		case OPT_EMAIL: flags.email = optarg; break;
		case OPT_CHECK: check = true; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("patina %s\n", PACKAGE_VERSION); return EXIT_OK;
		case ':':
			fprintf(stderr, "patina: option '%s' needs a value\n", argv[optind - 1]);
			fprintf(stderr, "Try 'patina --help'.\n");
			return EXIT_USAGE;
		default:
			fprintf(stderr, "patina: unknown option '%s'\n", argv[optind - 1]);
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
