/*
 * fuzz_config - the config file (`set`, `search`, `source`).
 *
 * Input: the file's text.  Path: conf_split() of every line, then the text
 * written to a file in a scratch directory (mode 0600 or, for inputs of odd
 * length, 0644: secrets are refused there) and settings_load() with it as
 * the config path, as `patina -c FILE` does.  The settings' command table
 * needs settings.c's private context, so settings_load() is the way in.
 *
 * token-command never runs: COPPER_API_TOKEN is set in the environment, so
 * settings_load() has a token and does not ask the command for one; and
 * this target is linked with -Wl,--wrap=popen, so settings.c's popen() is
 * __wrap_popen() below, which aborts (a reported crash) instead of running
 * anything while an input is tested.
 *
 * Checks: the environment's token wins over the file; the URL is one
 * http_url_allowed() accepts, or an error says why not; no integer
 * setting leaves its range.
 */
#include "fuzz_conf.h"

#include "config/settings.h"
#include "fetch/http.h"

#include <fcntl.h>

#define ENV_TOKEN "fuzz-env-token"

FILE *__wrap_popen(const char *command, const char *mode);
FILE *__real_popen(const char *command, const char *mode);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool in_test; /* inside LLVMFuzzerTestOneInput */

FILE *__wrap_popen(const char *command, const char *mode)
{
	if (!in_test) /* libFuzzer's own uses (-minimize_crash...) */
		return __real_popen(command, mode);
	fprintf(stderr, "\nFUZZ: settings.c ran popen(\"%.200s\") although a token was set\n", command);
	abort();
}

static char *config_path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	fuzz_conf_setup();
	config_path = xasprintf("%s/config", fuzz_conf_scratch);
	unsetenv("COPPER_API_URL");
	unsetenv("COPPER_USER_EMAIL");
	unsetenv("COPPER_ACCESS_TOKEN");
	setenv("COPPER_API_TOKEN", ENV_TOKEN, 1);
	setenv("XDG_CONFIG_HOME", fuzz_conf_scratch, 1);
	setenv("HOME", fuzz_conf_scratch, 1);
	return 0;
}

static void write_config(const uint8_t *data, size_t size, mode_t mode)
{
	unlink(config_path);
	int fd = open(config_path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	FUZZ_CHECK(fd >= 0, "cannot write %s", config_path);
	for (size_t done = 0; done < size;) {
		ssize_t n = write(fd, data + done, size - done);
		FUZZ_CHECK(n > 0, "short write");
		done += (size_t)n;
	}
	close(fd);
	chmod(config_path, mode);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	bool safe = fuzz_conf_safe(text);
	free(text);
	if (!safe)
		return 0;

	in_test = true;
	write_config(data, size, size % 2 ? 0644 : 0600);
	struct settings s;
	struct conf_errors errs = { 0 };
	struct settings_flags flags = { .config_path = config_path };
	settings_init(&s);
	bool ok = settings_load(&s, &flags, &errs);
	fuzz_conf_check_errors(&errs);
	FUZZ_CHECK(ok == (errs.count == 0), "settings_load says %d with %zu errors", ok, errs.count);
	FUZZ_CHECK(s.api_token && !strcmp(s.api_token, ENV_TOKEN), "the environment's token was not kept");
	FUZZ_CHECK(s.api_url, "no api-url");
	char *why = NULL;
	/* the URL is judged by the transport (fetch/http), which must say why
	 * it refuses one */
	if (!http_url_allowed(s.api_url, NULL, &why))
		FUZZ_CHECK(why && *why, "api-url '%s' refused without a reason", s.api_url);
	free(why);
	FUZZ_CHECK(s.rate_limit >= 1 && s.rate_limit <= 60000, "rate-limit %d", s.rate_limit);
	FUZZ_CHECK(s.burst >= 1 && s.burst <= 100, "burst %d", s.burst);
	FUZZ_CHECK(s.connect_timeout >= 1 && s.connect_timeout <= 300, "connect-timeout %d", s.connect_timeout);
	FUZZ_CHECK(s.request_timeout >= 1 && s.request_timeout <= 3600, "request-timeout %d", s.request_timeout);
	FUZZ_CHECK(s.cache_ttl >= 0 && s.cache_ttl <= 30 * 24 * 3600, "cache-ttl %d", s.cache_ttl);
	FUZZ_CHECK(s.max_parallel >= 1 && s.max_parallel <= 16, "max-parallel %d", s.max_parallel);
	for (size_t i = 0; i < s.search_count; i++)
		FUZZ_CHECK(s.search_names[i] && s.search_texts[i], "saved search %zu incomplete", i);
	settings_free(&s);
	conf_errors_free(&errs);
	in_test = false;
	return 0;
}
