/* Unit tests: settings.c, credentials and where they come from */
#include "config.h"

#include "config/settings.h"
#include "testlib.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void clear_env(void)
{
	unsetenv("COPPER_API_URL");
	unsetenv("COPPER_USER_EMAIL");
	unsetenv("COPPER_API_TOKEN");
	unsetenv("COPPER_ACCESS_TOKEN");
	setenv("XDG_CONFIG_HOME", test_tmpdir(), 1);
}

static bool load(struct settings *s, const char *config, const char *api_url_flag,
		 struct conf_errors *errs)
{
	struct settings_flags flags = { .config_path = config, .api_url = api_url_flag };
	settings_init(s);
	return settings_load(s, &flags, errs);
}

static bool any_error_contains(const struct conf_errors *e, const char *needle)
{
	for (size_t i = 0; i < e->count; i++)
		if (strstr(e->messages[i], needle))
			return true;
	return false;
}

TEST(test_precedence_flag_env_file)
{
	clear_env();
	char *cfg = test_write_file("prec.conf",
				    "set api-url = https://file.example/v1\n"
				    "set email = file@example.com\n"
				    "set api-token = file-token\n", 0600);
	struct settings s;
	struct conf_errors errs = {0};
	CHECK(load(&s, cfg, NULL, &errs));
	CHECK_STR(s.api_url, "https://file.example/v1");
	CHECK_STR(s.email, "file@example.com");
	CHECK_STR(s.api_token, "file-token");
	settings_free(&s);

	setenv("COPPER_API_URL", "https://env.example/v1", 1);
	setenv("COPPER_API_TOKEN", "env-token", 1);
	CHECK(load(&s, cfg, NULL, &errs));
	CHECK_STR(s.api_url, "https://env.example/v1");
	CHECK_STR(s.api_token, "env-token");
	CHECK_STR(s.email, "file@example.com");
	settings_free(&s);

	CHECK(load(&s, cfg, "https://flag.example/v1", &errs));
	CHECK_STR(s.api_url, "https://flag.example/v1");
	settings_free(&s);
	CHECK_INT(errs.count, 0);
	conf_errors_free(&errs);
	free(cfg);
}

TEST(test_secret_in_readable_file_refused)
{
	clear_env();
	setenv("COPPER_USER_EMAIL", "me@example.com", 1);
	char *cfg = test_write_file("open.conf", "set api-token = s3cr3t-value\n", 0644);
	struct settings s;
	struct conf_errors errs = {0};
	CHECK(!load(&s, cfg, NULL, &errs));
	CHECK(s.api_token == NULL);
	CHECK(any_error_contains(&errs, "open.conf:1: api-token holds a secret but other users can read it"));
	CHECK(any_error_contains(&errs, "chmod 600"));
	for (size_t i = 0; i < errs.count; i++)
		CHECK(!strstr(errs.messages[i], "s3cr3t"));
	settings_free(&s);
	conf_errors_free(&errs);
	free(cfg);
}

/* A config file others can change chooses where the token goes and what
 * runs as the user: it is refused, secret or not, and nothing in it runs. */
TEST(test_config_others_can_write_is_refused)
{
	clear_env();
	setenv("COPPER_USER_EMAIL", "me@example.com", 1);
	char *marker = xasprintf("%s/token-command-ran", test_tmpdir());
	char *text = xasprintf("set api-url = https://evil.example/v1\n"
			       "set token-command = 'touch %s; echo t'\n", marker);
	int modes[] = { 0664, 0646, 0666 };
	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		char *cfg = test_write_file("shared.conf", text, modes[i]);
		struct settings s;
		struct conf_errors errs = {0};
		CHECK(!load(&s, cfg, NULL, &errs));
		char *want = xasprintf("%s is writable by other users (mode %04o)", cfg, modes[i]);
		CHECK(any_error_contains(&errs, want));
		free(want);
		want = xasprintf("chmod go-w %s", cfg);
		CHECK(any_error_contains(&errs, want));
		free(want);
		CHECK_STR(s.api_url, DEFAULT_API_URL);
		CHECK(s.token_command == NULL);
		CHECK(access(marker, F_OK) != 0);
		settings_free(&s);
		conf_errors_free(&errs);
		free(cfg);
	}
	/* a file it sources too */
	char *inner = test_write_file("shared-inner.conf", text, 0620);
	char *cfg = test_write_file("private.conf", "source shared-inner.conf\n", 0600);
	struct settings s;
	struct conf_errors errs = {0};
	CHECK(!load(&s, cfg, NULL, &errs));
	CHECK(any_error_contains(&errs, "private.conf:1: source: "));
	CHECK(any_error_contains(&errs, "shared-inner.conf is writable by other users (mode 0620)"));
	CHECK(s.token_command == NULL);
	CHECK(access(marker, F_OK) != 0);
	settings_free(&s);
	conf_errors_free(&errs);
	free(cfg);
	free(inner);
	free(text);
	free(marker);
}

/* A FIFO where the config file belongs would block the start for ever. */
TEST(test_config_that_is_no_regular_file)
{
	clear_env();
	setenv("COPPER_API_TOKEN", "t", 1);
	setenv("COPPER_USER_EMAIL", "me@example.com", 1);
	char *fifo = xasprintf("%s/fifo.conf", test_tmpdir());
	CHECK(mkfifo(fifo, 0600) == 0);
	alarm(30);
	struct settings s;
	struct conf_errors errs = {0};
	CHECK(!load(&s, fifo, NULL, &errs));
	alarm(0);
	CHECK(any_error_contains(&errs, "fifo.conf: cannot read: not a regular file"));
	settings_free(&s);
	conf_errors_free(&errs);
	free(fifo);
}

TEST(test_bad_values_named_with_line)
{
	clear_env();
	setenv("COPPER_API_TOKEN", "t", 1);
	setenv("COPPER_USER_EMAIL", "me@example.com", 1);
	char *cfg = test_write_file("bad.conf",
				    "set rate-limit = lots\n"
				    "set colour = blue\n"
				    "set burst\n", 0600);
	struct settings s;
	struct conf_errors errs = {0};
	CHECK(!load(&s, cfg, NULL, &errs));
	CHECK_INT(errs.count, 3);
	CHECK_CONTAINS(errs.messages[0], "bad.conf:1: rate-limit: expected a whole number from 1 to 60000, got 'lots'");
	CHECK_CONTAINS(errs.messages[1], "bad.conf:2: unknown setting 'colour'");
	CHECK_CONTAINS(errs.messages[2], "bad.conf:3: set: expected 'set NAME = VALUE'");
	settings_free(&s);
	conf_errors_free(&errs);
	free(cfg);
}

TEST(test_missing_credentials_explained)
{
	clear_env();
	struct settings s;
	struct conf_errors errs = {0};
	CHECK(!load(&s, NULL, NULL, &errs));
	CHECK(any_error_contains(&errs, "no Copper credentials"));
	settings_free(&s);
	conf_errors_free(&errs);

	setenv("COPPER_API_TOKEN", "t", 1);
	CHECK(!load(&s, NULL, NULL, &errs));
	CHECK(any_error_contains(&errs, "needs the email"));
	settings_free(&s);
	conf_errors_free(&errs);

	/* OAuth needs no email */
	clear_env();
	setenv("COPPER_ACCESS_TOKEN", "oauth", 1);
	CHECK(load(&s, NULL, NULL, &errs));
	settings_free(&s);
	conf_errors_free(&errs);
}

TEST(test_token_command)
{
	clear_env();
	setenv("COPPER_USER_EMAIL", "me@example.com", 1);
	char *cfg = test_write_file("cmd.conf", "set token-command = 'printf \"tok-from-cmd\\n\"'\n", 0644);
	struct settings s;
	struct conf_errors errs = {0};
	CHECK(load(&s, cfg, NULL, &errs));
	CHECK_STR(s.api_token, "tok-from-cmd");
	settings_free(&s);
	free(cfg);

	/* an explicit token wins over the command, which then never runs */
	setenv("COPPER_API_TOKEN", "env-token", 1);
	cfg = test_write_file("cmd2.conf", "set token-command = false\n", 0644);
	CHECK(load(&s, cfg, NULL, &errs));
	CHECK_STR(s.api_token, "env-token");
	settings_free(&s);
	free(cfg);

	unsetenv("COPPER_API_TOKEN");
	/* the command prints "secret" (base64-encoded here so that the word is
	 * not in the command itself), then fails: its output must not leak */
	cfg = test_write_file("cmd3.conf", "set token-command = 'echo c2VjcmV0 | base64 -d; exit 3'\n", 0644);
	CHECK(!load(&s, cfg, NULL, &errs));
	CHECK(any_error_contains(&errs, "failed (exit status 3)"));
	for (size_t i = 0; i < errs.count; i++)
		CHECK(!strstr(errs.messages[i], "secret"));
	settings_free(&s);
	conf_errors_free(&errs);
	free(cfg);
}

/* token-command gets no credential through its environment, and a
 * command that prints more than a token can be is stopped, with a message
 * that says so, rather than read for ever. */
TEST(test_token_command_environment_and_output)
{
	clear_env();
	setenv("COPPER_USER_EMAIL", "me@example.com", 1);
	/* empty, so the command runs; still not for the command to see */
	setenv("COPPER_API_TOKEN", "", 1);
	setenv("COPPER_ACCESS_TOKEN", "", 1);
	char *dump = xasprintf("%s/token-command.env", test_tmpdir());
	char *text = xasprintf("set token-command = 'env > %s; echo tok'\n", dump);
	char *cfg = test_write_file("env.conf", text, 0600);
	struct settings s;
	struct conf_errors errs = {0};
	CHECK(load(&s, cfg, NULL, &errs));
	CHECK_STR(s.api_token, "tok");
	settings_free(&s);
	char *env = file_read_all(dump, 1 << 20, NULL);
	CHECK_CONTAINS(env, "XDG_CONFIG_HOME=");
	CHECK(env && !strstr(env, "COPPER_API_TOKEN"));
	CHECK(env && !strstr(env, "COPPER_ACCESS_TOKEN"));
	CHECK_CONTAINS(env, "COPPER_USER_EMAIL=me@example.com");
	free(env);
	free(cfg);
	free(text);
	free(dump);

	alarm(30); /* a command blocked on a full pipe would hang the test */
	cfg = test_write_file("long.conf", "set token-command = 'echo tok2; head -c 300000 /dev/zero; "
			      "exit 0'\n", 0600);
	CHECK(!load(&s, cfg, NULL, &errs));
	CHECK(any_error_contains(&errs, "printed more than 64 KB"));
	settings_free(&s);
	conf_errors_free(&errs);
	free(cfg);
	cfg = test_write_file("endless.conf", "set token-command = yes\n", 0600);
	CHECK(!load(&s, cfg, NULL, &errs));
	CHECK(any_error_contains(&errs, "printed more than 64 KB"));
	alarm(0);
	settings_free(&s);
	conf_errors_free(&errs);
	free(cfg);
}

TEST(test_xdg)
{
	setenv("XDG_CACHE_HOME", "/tmp/xdgcache", 1);
	char *d = xdg_dir("cache");
	CHECK_STR(d, "/tmp/xdgcache/patina");
	free(d);
	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	setenv("HOME", "/home/rep", 1);
	d = xdg_dir("state");
	CHECK_STR(d, "/home/rep/.local/state/patina");
	free(d);
}
