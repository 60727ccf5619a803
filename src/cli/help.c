/*
 * help.c - `patina help [COMMAND]` and `patina COMMAND --help`: a
 * command's synopsis, what it does, and its options from the one option
 * table (options.h).
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "fetch/session.h"
#include "util/sanitize.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_command_usage(FILE *out, const struct command *cmd)
{
	fprintf(out, "Usage: patina [OPTIONS] %s\n", cmd->synopsis);
	if (cmd->summary)
		fprintf(out, "%c%s.\n", toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
	if (cmd->help && *cmd->help)
		fprintf(out, "\n%s\n", cmd->help);
	fprintf(out, "\nOptions:\n");
	options_print(out, cmd->options | OPTS_GLOBAL);
	fprintf(out, "\nExit status: 0 ok, 1 not found, 2 usage, 3 authentication, 4 network,\n"
		"5 rate limited or incomplete (--wait ran out, a look-up failed),\n"
		"6 ambiguous name, 7 conflict. See patina(1).\n");
}

int cmd_help(struct oneshot *c, struct opts *o)
{
	(void)c;
	if (!o->nargs) {
		printf("Usage: patina [OPTIONS] COMMAND [ARGS...]\n\n");
		cli_print_commands(stdout);
		printf("'patina --help' lists the global options.\n");
		return EXIT_OK;
	}
	const struct command *cmd = cli_command(o->args[0]);
	if (!cmd) {
		char *clean = sanitize_line(o->args[0], strlen(o->args[0]));
		int code = cli_usage_error("help", "unknown command '%s'", clean);
		free(clean);
		return code;
	}
	cli_command_usage(stdout, cmd);
	return EXIT_OK;
}
