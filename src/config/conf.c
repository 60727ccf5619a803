/* conf.c - see conf.h */
#include "config.h"

#include "config/conf.h"
#include "util/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SOURCE_DEPTH 8
#define CONF_MAX_FILE (4u * 1024 * 1024) /* a config file, not a data dump */

void conf_add_error(struct conf_errors *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	e->messages = xrealloc(e->messages, (e->count + 1) * sizeof(*e->messages));
	e->messages[e->count++] = msg;
}

void conf_errors_free(struct conf_errors *e)
{
	for (size_t i = 0; i < e->count; i++)
		free(e->messages[i]);
	free(e->messages);
	e->messages = NULL;
	e->count = 0;
}

void conf_free_argv(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* "#rrggbb" as a word of its own is a colour (themes), not a comment. */
static bool is_rgb_word(const char *p)
{
	for (int i = 1; i <= 6; i++)
		if (!isxdigit((unsigned char)p[i]))
			return false;
	return !p[7] || p[7] == ' ' || p[7] == '\t' || p[7] == '\r' || p[7] == '\n';
}

int conf_split(const char *line, char ***argv_out, char **error)
{
	char **argv = NULL;
	int argc = 0;
	const char *p = line;
	struct strbuf word = {0};

	*argv_out = NULL;
	*error = NULL;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || (*p == '#' && (!argc || !is_rgb_word(p))))
			break;
		sb_reset(&word);
		sb_reserve(&word, 0);
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
			if (*p == '"') {
				p++;
				while (*p && *p != '"') {
					if (*p == '\\' && p[1]) {
						p++;
						char c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
						sb_putc(&word, c);
					} else {
						sb_putc(&word, *p);
					}
					p++;
				}
				if (*p != '"')
					goto unterminated;
				p++;
			} else if (*p == '\'') {
				p++;
				const char *end = strchr(p, '\'');
				if (!end)
					goto unterminated;
				sb_append(&word, p, (size_t)(end - p));
				p = end + 1;
			} else {
				sb_putc(&word, *p++);
			}
		}
		argv = xrealloc(argv, (size_t)(argc + 1) * sizeof(*argv));
		argv[argc++] = xstrdup(word.data ? word.data : "");
	}
	sb_free(&word);
	*argv_out = argv;
	return argc;

unterminated:
	sb_free(&word);
	conf_free_argv(argc, argv);
	*error = xstrdup("unterminated quote");
	return -1;
}

char *conf_expand_home(const char *path)
{
	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0')) {
		const char *home = getenv("HOME");
		if (home && *home)
			return xasprintf("%s%s", home, path + 1);
	}
	return xstrdup(path);
}

static void parse_text(struct conf_parser *p, const char *name, const char *text, int depth);

static const char *read_error(int err)
{
	return err == EINVAL ? "not a regular file" : strerror(err);
}

/* Edit distance of two short words, capped: enough to suggest a command. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 32 || lb > 32)
		return SIZE_MAX;
	size_t row[33];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* A word that is no command is never repeated: a token pasted alone on a
 * line would be, and error messages end up in terminals, scrollback and
 * bug reports. What is said about it (its length, the kind of its first
 * character, a command close to it) gives nothing of a secret away. */
static void unknown_command(struct conf_parser *p, const char *name, int lineno, const char *word)
{
	unsigned char c = (unsigned char)word[0];
	const char *kind = c >= 0x80 ? "a non-ASCII character"
			 : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? "a letter"
			 : c >= '0' && c <= '9' ? "a digit" : "punctuation";
	const char *close = NULL;
	for (size_t i = 0; i < p->command_count && !close; i++)
		if (distance(word, p->commands[i].name) <= 2)
			close = p->commands[i].name;
	if (!close && distance(word, "source") <= 2)
		close = "source";
	struct strbuf known = {0};
	for (size_t i = 0; i < p->command_count; i++)
		sb_printf(&known, "%s, ", p->commands[i].name);
	sb_puts(&known, "source");
	char *hint = close ? xasprintf("; did you mean '%s'?", close) : xstrdup("");
	conf_add_error(p->errors, "%s:%d: unknown command on line %d (a word of %zu characters "
		       "starting with %s, not shown in case it is a secret); expected one of: %s%s",
		       name, lineno, lineno, strlen(word), kind, known.data, hint);
	free(hint);
	sb_free(&known);
}

static void do_source(struct conf_parser *p, const char *from, int lineno,
		      const char *arg, int depth)
{
	char *path = conf_expand_home(arg);
	if (path[0] != '/') {
		/* relative to the directory of the including file */
		const char *slash = strrchr(from, '/');
		if (slash) {
			char *full = xasprintf("%.*s/%s", (int)(slash - from), from, path);
			free(path);
			path = full;
		}
	}
	if (depth >= MAX_SOURCE_DEPTH) {
		conf_add_error(p->errors, "%s:%d: source: nested too deeply (more than %d levels)",
			       from, lineno, MAX_SOURCE_DEPTH);
		free(path);
		return;
	}
	struct stat st;
	char *text = file_read(path, CONF_MAX_FILE, 0, NULL, &st);
	if (!text) {
		conf_add_error(p->errors, "%s:%d: source: cannot read %s: %s",
			       from, lineno, path, read_error(errno));
		free(path);
		return;
	}
	char *refused = p->check_file ? p->check_file(p->ctx, path, &st) : NULL;
	if (refused) {
		conf_add_error(p->errors, "%s:%d: source: %s", from, lineno, refused);
		free(refused);
		free(text);
		free(path);
		return;
	}
	const char *saved = p->current_path;
	p->current_path = path;
	parse_text(p, path, text, depth + 1);
	p->current_path = saved;
	free(text);
	free(path);
}

static void parse_line(struct conf_parser *p, const char *name, int lineno,
		       const char *line, int depth)
{
	char **argv, *error;
	int argc = conf_split(line, &argv, &error);
	if (argc < 0) {
		conf_add_error(p->errors, "%s:%d: %s", name, lineno, error);
		free(error);
		return;
	}
	if (argc == 0)
		goto out;
	if (!strcmp(argv[0], "source")) {
		if (argc != 2)
			conf_add_error(p->errors, "%s:%d: source: expected one file name", name, lineno);
		else
			do_source(p, name, lineno, argv[1], depth);
		goto out;
	}
	for (size_t i = 0; i < p->command_count; i++) {
		if (strcmp(argv[0], p->commands[i].name))
			continue;
		char *msg = p->commands[i].handler(p->ctx, argc, argv);
		if (msg) {
			conf_add_error(p->errors, "%s:%d: %s", name, lineno, msg);
			free(msg);
		}
		goto out;
	}
	unknown_command(p, name, lineno, argv[0]);
out:
	conf_free_argv(argc, argv);
}

static void parse_text(struct conf_parser *p, const char *name, const char *text, int depth)
{
	int lineno = 0;
	const char *line = text;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *copy = xstrndup(line, len);
		lineno++;
		parse_line(p, name, lineno, copy, depth);
		free(copy);
		line += len;
		if (*line == '\n')
			line++;
	}
}

void conf_parse_string(struct conf_parser *p, const char *name, const char *text)
{
	parse_text(p, name, text, 0);
}

bool conf_parse_file(struct conf_parser *p, const char *path, bool missing_ok)
{
	struct stat st;
	char *text = file_read(path, CONF_MAX_FILE, 0, NULL, &st);
	if (!text) {
		if (!(missing_ok && errno == ENOENT))
			conf_add_error(p->errors, "%s: cannot read: %s", path, read_error(errno));
		return false;
	}
	char *refused = p->check_file ? p->check_file(p->ctx, path, &st) : NULL;
	if (refused) {
		conf_add_error(p->errors, "%s", refused);
		free(refused);
		free(text);
		return false;
	}
	p->current_path = path;
	parse_text(p, path, text, 0);
	p->current_path = NULL;
	free(text);
	return true;
}
