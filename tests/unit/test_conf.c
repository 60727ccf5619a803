/* Unit tests: conf.c, the one command language */
#include "config.h"

#include "config/conf.h"
#include "testlib.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

TEST(test_split)
{
	char **argv, *err;
	int argc = conf_split("  bind list  j \"move down\" 'a \"b\"' # comment", &argv, &err);
	CHECK_INT(argc, 5);
	CHECK_STR(argv[0], "bind");
	CHECK_STR(argv[3], "move down");
	CHECK_STR(argv[4], "a \"b\"");
	conf_free_argv(argc, argv);

	argc = conf_split("set x = \"a\\\"b\\\\c\\n\"", &argv, &err);
	CHECK_INT(argc, 4);
	CHECK_STR(argv[3], "a\"b\\c\n");
	conf_free_argv(argc, argv);

	argc = conf_split("   # only a comment", &argv, &err);
	CHECK_INT(argc, 0);
	conf_free_argv(argc, argv);

	argc = conf_split("set x = \"open", &argv, &err);
	CHECK_INT(argc, -1);
	CHECK_STR(err, "unterminated quote");
	free(err);
}

struct seen {
	struct strbuf log;
};

static char *cmd_echo(void *ctx, int argc, char **argv)
{
	struct seen *s = ctx;
	for (int i = 1; i < argc; i++)
		sb_printf(&s->log, "%s%s", argv[i], i + 1 < argc ? " " : ";");
	if (argc > 1 && !strcmp(argv[1], "bad"))
		return xstrdup("echo: 'bad' is not allowed");
	return NULL;
}

static const struct conf_command commands[] = { { "echo", cmd_echo } };

TEST(test_errors_carry_file_and_line_and_parsing_goes_on)
{
	struct seen s = {0};
	struct conf_errors errs = {0};
	struct conf_parser p = { commands, 1, &s, &errs, NULL };
	conf_parse_string(&p, "test.conf",
			  "echo one\n"
			  "\n"
			  "frobnicate now\n"
			  "echo bad\n"
			  "echo \"unclosed\n"
			  "echo two\n");
	CHECK_STR(s.log.data, "one;bad;two;");
	CHECK_INT(errs.count, 3);
	CHECK_STR(errs.messages[0], "test.conf:3: unknown command on line 3 (a word of 10 characters "
		  "starting with a letter, not shown in case it is a secret); expected one of: echo, "
		  "source");
	CHECK_STR(errs.messages[1], "test.conf:4: echo: 'bad' is not allowed");
	CHECK_STR(errs.messages[2], "test.conf:5: unterminated quote");
	conf_errors_free(&errs);
	sb_free(&s.log);
}

/* A token pasted alone on a line is no command, and must not be
 * repeated in the message that says so. */
TEST(test_unknown_command_is_never_repeated)
{
	struct seen s = {0};
	struct conf_errors errs = {0};
	struct conf_parser p = { commands, 1, &s, &errs, NULL };
	conf_parse_string(&p, "cfg",
			  "sk_live_4eC39HqLyjWDarjtT1zdp7dc\n"
			  "  \"7c4a8d09ca3762af61e59520943dc26494f8941b\" trailing\n"
			  "ehco typo\n"
			  "sorce x\n");
	CHECK_INT(errs.count, 4);
	CHECK_STR(errs.messages[0], "cfg:1: unknown command on line 1 (a word of 32 characters "
		  "starting with a letter, not shown in case it is a secret); expected one of: echo, "
		  "source");
	CHECK_CONTAINS(errs.messages[1], "cfg:2: unknown command on line 2 (a word of 40 characters "
		       "starting with a digit");
	CHECK_CONTAINS(errs.messages[2], "; did you mean 'echo'?");
	CHECK_CONTAINS(errs.messages[3], "; did you mean 'source'?");
	for (size_t i = 0; i < errs.count; i++) {
		CHECK(!strstr(errs.messages[i], "sk_live"));
		CHECK(!strstr(errs.messages[i], "4eC39"));
		CHECK(!strstr(errs.messages[i], "7c4a8d"));
		CHECK(!strstr(errs.messages[i], "ehco"));
		CHECK(!strstr(errs.messages[i], "sorce"));
	}
	conf_errors_free(&errs);
	sb_free(&s.log);
}

TEST(test_source_relative_and_bounded)
{
	char *inner = test_write_file("inner.conf", "echo inner\n", 0644);
	char *outer = test_write_file("outer.conf", "echo outer\nsource inner.conf\nsource missing.conf\n", 0644);
	char *loop = test_write_file("loop.conf", "source loop.conf\n", 0644);
	struct seen s = {0};
	struct conf_errors errs = {0};
	struct conf_parser p = { commands, 1, &s, &errs, NULL };
	CHECK(conf_parse_file(&p, outer, false));
	CHECK_STR(s.log.data, "outer;inner;");
	CHECK_INT(errs.count, 1);
	CHECK_CONTAINS(errs.messages[0], "outer.conf:3: source: cannot read");
	conf_errors_free(&errs);

	conf_parse_file(&p, loop, false);
	CHECK_INT(errs.count, 1);
	CHECK_CONTAINS(errs.messages[0], "nested too deeply");
	conf_errors_free(&errs);

	CHECK(!conf_parse_file(&p, "/nonexistent/x.conf", true));
	CHECK_INT(errs.count, 0);
	CHECK(!conf_parse_file(&p, "/nonexistent/x.conf", false));
	CHECK_INT(errs.count, 1);
	conf_errors_free(&errs);
	sb_free(&s.log);
	free(inner);
	free(outer);
	free(loop);
}
