/* settings.c - see settings.h */
#include "config.h"

#include "config/settings.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
/* environ comes from unistd.h, with the system extensions config.h turns on */

/* Set while a config file is parsed, so `set api-token` can check the
 * file's permissions, as ssh does for its keys. */
struct set_ctx {
	struct settings *settings;
	struct conf_parser *parser;
};

void settings_init(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->api_url = xstrdup(DEFAULT_API_URL);
	s->keymap = xstrdup("default");
	s->theme = xstrdup("default");
	s->rate_limit = 150;
	s->burst = 20;
	s->connect_timeout = 10;
	s->request_timeout = 30;
	s->cache_ttl = 24 * 3600;
	s->mirror = 1;
	s->sync_interval = 300;
	s->sync_share = 30;
	s->max_parallel = 4;
	s->stale_days = 30;
	s->show_age_after = 300;
	s->mouse = true;
}

/* volatile so the compiler keeps the wipe of memory about to be freed */
static void wipe(volatile char *p, size_t n)
{
	while (n--)
		*p++ = '\0';
}

static void wipe_free(char *secret)
{
	if (!secret)
		return;
	wipe(secret, strlen(secret));
	free(secret);
}

void settings_free(struct settings *s)
{
	free(s->api_url);
	free(s->email);
	wipe_free(s->api_token);
	wipe_free(s->access_token);
	free(s->token_command);
	free(s->keymap);
	free(s->theme);
	free(s->start_view);
	for (size_t i = 0; i < s->search_count; i++) {
		free(s->search_names[i]);
		free(s->search_texts[i]);
	}
	for (size_t i = 0; i < s->column_count; i++) {
		free(s->column_lists[i]);
		free(s->column_specs[i]);
	}
	free(s->column_lists);
	free(s->column_specs);
	free(s->search_names);
	free(s->search_texts);
	memset(s, 0, sizeof(*s));
}

static void replace(char **slot, const char *value)
{
	char *old = *slot;
	*slot = value ? xstrdup(value) : NULL;
	free(old);
}

static void replace_secret(char **slot, const char *value)
{
	char *old = *slot;
	*slot = value ? xstrdup(value) : NULL;
	wipe_free(old);
}

enum option_type { OPT_STRING, OPT_SECRET, OPT_INT, OPT_BOOL };

struct option {
	const char *name;
	enum option_type type;
	size_t offset;
	int min, max;
	const char *help;
};

#define STR_OPT(name, field, help) { name, OPT_STRING, offsetof(struct settings, field), 0, 0, help }
#define SECRET_OPT(name, field, help) { name, OPT_SECRET, offsetof(struct settings, field), 0, 0, help }
#define INT_OPT(name, field, lo, hi, help) { name, OPT_INT, offsetof(struct settings, field), lo, hi, help }
#define BOOL_OPT(name, field, help) { name, OPT_BOOL, offsetof(struct settings, field), 0, 0, help }

static const struct option options[] = {
	STR_OPT("api-url", api_url, "Copper API base URL"),
	STR_OPT("email", email, "the email of the user who made the API token"),
	SECRET_OPT("api-token", api_token, "the API token (file must be private: chmod 600)"),
	SECRET_OPT("access-token", access_token, "an OAuth access token (file must be private)"),
	STR_OPT("token-command", token_command, "a shell command that prints the token"),
	STR_OPT("keymap", keymap, "keymap name or file"),
	STR_OPT("theme", theme, "theme name or file"),
	/* above Copper's 180 only for a stand-in server (the benchmarks' sandbox) */
	INT_OPT("rate-limit", rate_limit, 1, 60000, "requests per minute patina allows itself"),
	INT_OPT("burst", burst, 1, 100, "requests that may go at once"),
	INT_OPT("connect-timeout", connect_timeout, 1, 300, "seconds to connect"),
	INT_OPT("request-timeout", request_timeout, 1, 3600, "seconds for a whole request"),
	INT_OPT("cache-ttl", cache_ttl, 0, 30 * 24 * 3600, "seconds look-ups stay fresh"),
	INT_OPT("max-parallel", max_parallel, 1, 16, "concurrent requests"),
	INT_OPT("stale-days", stale_days, 1, 3650,
		"days after which an untouched record is stale (the board, Today)"),
	STR_OPT("start-view", start_view, "the first screen: today, or a tab (people, tasks...)"),
	INT_OPT("show-age-after", show_age_after, 0, 7 * 24 * 3600,
		"seconds after which the detail pane says how old its record is"),
	BOOL_OPT("mouse", mouse, "clicks and the wheel (off: the terminal selects text as usual)"),
	INT_OPT("mirror", mirror, 0, 1, "keep a local mirror of the account (1) or not (0)"),
	INT_OPT("sync-interval", sync_interval, 30, 24 * 3600,
		"seconds between the mirror's incremental syncs"),
	INT_OPT("sync-share", sync_share, 1, 100,
		"percent of the request budget the mirror's sync may take while you work"),
};

char *(*settings_column_check)(const char *list, const char *spec);

static char *set_columns(struct settings *s, const char *list, const char *spec)
{
	char *error = settings_column_check ? settings_column_check(list, spec) : NULL;
	if (error)
		return error;
	for (size_t i = 0; i < s->column_count; i++) {
		if (!strcmp(s->column_lists[i], list)) {
			replace(&s->column_specs[i], spec);
			return NULL;
		}
	}
	s->column_lists = xrealloc(s->column_lists, (s->column_count + 1) * sizeof(char *));
	s->column_specs = xrealloc(s->column_specs, (s->column_count + 1) * sizeof(char *));
	s->column_lists[s->column_count] = xstrdup(list);
	s->column_specs[s->column_count] = xstrdup(spec);
	s->column_count++;
	return NULL;
}

static char *set_option(struct set_ctx *ctx, const char *name, const char *value)
{
	if (str_starts_with(name, "columns."))
		return set_columns(ctx->settings, name + 8, value);
	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		const struct option *o = &options[i];
		if (strcmp(o->name, name))
			continue;
		void *field = (char *)ctx->settings + o->offset;
		switch (o->type) {
		case OPT_STRING:
			replace(field, value);
			return NULL;
		case OPT_SECRET: {
			const char *path = ctx->parser ? ctx->parser->current_path : NULL;
			struct stat st;
			if (path && stat(path, &st) == 0 && (st.st_mode & 077))
				return xasprintf("%s holds a secret but other users can read it "
						 "(mode %03o); run: chmod 600 %s",
						 name, (unsigned)(st.st_mode & 0777), path);
			replace_secret(field, value);
			return NULL;
		}
		case OPT_INT: {
			int64_t v;
			if (!str_to_i64(value, &v) || v < o->min || v > o->max)
				return xasprintf("%s: expected a whole number from %d to %d, got '%s'",
						 name, o->min, o->max, value);
			*(int *)field = (int)v;
			return NULL;
		}
		case OPT_BOOL:
			if (!strcmp(value, "on") || !strcmp(value, "yes") || !strcmp(value, "true"))
				*(bool *)field = true;
			else if (!strcmp(value, "off") || !strcmp(value, "no") || !strcmp(value, "false"))
				*(bool *)field = false;
			else
				return xasprintf("%s: expected on or off, got '%s'", name, value);
			return NULL;
		}
	}
	struct strbuf known = {0};
	for (size_t i = 0; i < ARRAY_SIZE(options); i++)
		sb_printf(&known, "%s%s", i ? ", " : "", options[i].name);
	char *msg = xasprintf("unknown setting '%s' (known: %s)", name, known.data);
	sb_free(&known);
	return msg;
}

static char *cmd_set(void *vctx, int argc, char **argv)
{
	/* set NAME = VALUE  or  set NAME VALUE */
	if (argc == 4 && !strcmp(argv[2], "="))
		return set_option(vctx, argv[1], argv[3]);
	if (argc > 4 && !strcmp(argv[2], "=") && str_starts_with(argv[1], "columns.")) {
		/* a list of columns: the words after '=' */
		struct strbuf spec = {0};
		for (int i = 3; i < argc; i++)
			sb_printf(&spec, "%s%s", i > 3 ? " " : "", argv[i]);
		char *msg = set_option(vctx, argv[1], spec.data);
		sb_free(&spec);
		return msg;
	}
	if (argc == 3 && strcmp(argv[2], "="))
		return set_option(vctx, argv[1], argv[2]);
	return xstrdup("set: expected 'set NAME = VALUE'");
}

static char *cmd_search(void *vctx, int argc, char **argv)
{
	struct settings *s = ((struct set_ctx *)vctx)->settings;
	if (argc != 3)
		return xstrdup("search: expected 'search NAME \"FILTER\"', e.g. "
			       "search closing \"owner:me status:open closes:<30d\"");
	for (size_t i = 0; i < s->search_count; i++) {
		if (!strcmp(s->search_names[i], argv[1])) {
			replace(&s->search_texts[i], argv[2]);
			return NULL;
		}
	}
	s->search_names = xrealloc(s->search_names, (s->search_count + 1) * sizeof(char *));
	s->search_texts = xrealloc(s->search_texts, (s->search_count + 1) * sizeof(char *));
	s->search_names[s->search_count] = xstrdup(argv[1]);
	s->search_texts[s->search_count] = xstrdup(argv[2]);
	s->search_count++;
	return NULL;
}

const struct conf_command settings_commands[] = {
	{ "set", cmd_set },
	{ "search", cmd_search },
};
const size_t settings_command_count = ARRAY_SIZE(settings_commands);

/* The config file chooses where the token goes (api-url) and what runs
 * as the user (token-command): a file someone else can change is refused
 * even when it holds no secret, as ssh refuses its config. */
static char *check_config_file(void *vctx, const char *path, const struct stat *st)
{
	(void)vctx;
	if (st->st_uid != geteuid() && st->st_uid != 0)
		return xasprintf("%s belongs to another user (uid %u), who can choose where your "
				 "token goes and what runs as you (token-command); patina does not "
				 "read it: use a file of your own", path, (unsigned)st->st_uid);
	if (st->st_mode & 022)
		return xasprintf("%s is writable by other users (mode %04o): they could send your "
				 "token to another host or run commands as you (token-command); "
				 "patina does not read it until you run: chmod go-w %s",
				 path, (unsigned)(st->st_mode & 07777), path);
	return NULL;
}

char *settings_default_config_path(void)
{
	char *dir = xdg_dir("config");
	char *path = xasprintf("%s/config", dir);
	free(dir);
	return path;
}

const char *const settings_secret_variables[] = { "COPPER_API_TOKEN", "COPPER_ACCESS_TOKEN", NULL };

static bool secret_variable(const char *entry)
{
	for (const char *const *v = settings_secret_variables; *v; v++) {
		size_t n = strlen(*v);
		if (!strncmp(entry, *v, n) && entry[n] == '=')
			return true;
	}
	return false;
}

/* Our environment without the secrets, for a child. The strings are
 * environ's own; free only the array. */
static char **child_environment(void)
{
	size_t n = 0;
	for (char **e = environ; *e; e++)
		n++;
	char **env = xcalloc(n + 1, sizeof(*env));
	size_t k = 0;
	for (char **e = environ; *e; e++)
		if (!secret_variable(*e))
			env[k++] = *e;
	return env;
}

/* Runs command with sh -c, its standard output into a pipe, in an
 * environment without the secrets: a command that supplies the token has
 * no business seeing one, and whatever it runs in turn would inherit them.
 * Returns the child's pid and the pipe's reading end in *fd, or -1 with
 * errno set. */
static pid_t spawn_shell(const char *command, int *fd)
{
	int fds[2];
	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	/* built before fork: after it, the child calls only what is safe
	 * between fork and exec */
	char **env = child_environment();
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		if (fds[1] != STDOUT_FILENO) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[1]);
		}
		execle("/bin/sh", "sh", "-c", command, (char *)NULL, env);
		_exit(127);
	}
	int saved = errno;
	free(env);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		errno = saved;
		return -1;
	}
	*fd = fds[0];
	return pid;
}

#define TOKEN_COMMAND_MAX (64 * 1024)

bool settings_run_token_command(const char *command, char **token, char **error)
{
	int fd;
	pid_t pid = spawn_shell(command, &fd);
	if (pid < 0) {
		*error = xasprintf("token-command could not be started: %s", strerror(errno));
		return false;
	}
	struct strbuf out = {0};
	char buf[512];
	bool endless = false;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sb_append(&out, buf, (size_t)n);
		if (out.len > TOKEN_COMMAND_MAX) {
			/* no token is this long; closing the pipe ends a command
			 * that would print for ever (SIGPIPE) */
			endless = true;
			break;
		}
	}
	close(fd);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	wipe(buf, sizeof(buf));
	if (endless) {
		*error = xasprintf("token-command '%s' printed more than %d KB; it should print "
				   "the token alone", command, TOKEN_COMMAND_MAX / 1024);
		goto fail;
	}
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*error = xasprintf("token-command '%s' failed (exit status %d)", command,
				   status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		goto fail;
	}
	sb_reserve(&out, 0); /* out.data exists even when nothing was printed */
	char *line = out.data;
	line[strcspn(line, "\r\n")] = '\0';
	str_trim(line);
	if (!*line) {
		*error = xasprintf("token-command '%s' printed nothing", command);
		goto fail;
	}
	*token = xstrdup(line);
	wipe(out.data, out.cap);
	sb_free(&out);
	return true;
fail:
	if (out.data)
		wipe(out.data, out.cap);
	sb_free(&out);
	return false;
}

/* A process holding a secret writes no core file (the secret would be in
 * it, readable wherever cores are collected) and cannot be inspected by
 * other processes of the same user: a non-dumpable process's
 * /proc/PID/mem, environ and the like belong to root, and ptrace is
 * refused. Programs it starts are dumpable again (exec resets it); they
 * never get the secrets (child_environment, ui/term.c). */
static void protect_secrets(void)
{
#ifdef RLIMIT_CORE
	struct rlimit rl;
	if (getrlimit(RLIMIT_CORE, &rl) == 0) {
		rl.rlim_cur = 0;
		setrlimit(RLIMIT_CORE, &rl);
	}
#endif
#if defined(__linux__) && defined(PR_SET_DUMPABLE)
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

bool settings_load(struct settings *s, const struct settings_flags *flags,
		   struct conf_errors *errs)
{
	size_t errors_before = errs->count;

	/* 1. the config file (weakest of the three explicit sources) */
	struct set_ctx ctx = { s, NULL };
	struct conf_parser parser = {
		.commands = settings_commands,
		.command_count = settings_command_count,
		.ctx = &ctx,
		.errors = errs,
		.check_file = check_config_file,
	};
	ctx.parser = &parser;
	if (flags && flags->config_path) {
		conf_parse_file(&parser, flags->config_path, false);
	} else {
		char *path = settings_default_config_path();
		conf_parse_file(&parser, path, true);
		free(path);
	}

	/* 2. the environment overrides the file */
	const char *v;
	if ((v = env_nonempty("COPPER_API_URL")))
		replace(&s->api_url, v);
	if ((v = env_nonempty("COPPER_USER_EMAIL")))
		replace(&s->email, v);
	if ((v = env_nonempty("COPPER_API_TOKEN")))
		replace_secret(&s->api_token, v);
	if ((v = env_nonempty("COPPER_ACCESS_TOKEN")))
		replace_secret(&s->access_token, v);

	/* 3. flags override both (no flag for the token: argv is visible to
	 * every user of the machine and lands in core dumps) */
	if (flags && flags->api_url)
		replace(&s->api_url, flags->api_url);
	if (flags && flags->email)
		replace(&s->email, flags->email);
	if (flags && flags->offline)
		s->offline = true;
	/* the mirror on or off for one run, whatever the config file says */
	const char *mirror = getenv("PATINA_MIRROR");
	if (mirror && (!strcmp(mirror, "0") || !strcmp(mirror, "1")))
		s->mirror = mirror[0] == '1';

	/* 4. token-command only when no token was given any other way */
	if (!s->api_token && !s->access_token && s->token_command) {
		char *token = NULL, *error = NULL;
		if (settings_run_token_command(s->token_command, &token, &error)) {
			s->api_token = token;
		} else {
			conf_add_error(errs, "%s", error);
			free(error);
		}
	}

	if (s->api_token || s->access_token)
		protect_secrets();

	if (!s->api_token && !s->access_token)
		conf_add_error(errs, "no Copper credentials: set COPPER_API_TOKEN and "
			       "COPPER_USER_EMAIL (or COPPER_ACCESS_TOKEN for OAuth), or "
			       "api-token/token-command and email in %s",
			       flags && flags->config_path ? flags->config_path : "the config file");
	else if (s->api_token && !s->access_token && !s->email)
		conf_add_error(errs, "an API token needs the email of the user who made it: "
			       "set COPPER_USER_EMAIL, --email, or 'set email = ...' in the config file");
	return errs->count == errors_before;
}
