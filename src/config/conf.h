/*
 * conf.h - patina's one small command language, shared by the config file,
 * keymaps and themes (in the spirit of tigrc and muttrc):
 *
 *     # comment
 *     set api-url = https://api.copper.com/developer_api/v1
 *     bind list j move-down
 *     color title white blue bold
 *     source ~/.config/patina/work.conf
 *
 * A line is split into words: white space separates, "double quotes" allow
 * spaces and backslash escapes (\" \\ \n \t), 'single quotes' are literal,
 * and '#' at the start of a word begins a comment (except a word after the
 * first that is '#' and six hex digits: a colour, #rrggbb).  `source` is handled here
 * (relative paths resolve against the including file; nesting is bounded).
 * Every other command is dispatched to a handler from the caller's table.
 *
 * Errors never stop the parse: each is recorded as "file:line: message" and
 * the next line is read, so the user sees every mistake at once.
 */
#ifndef PATINA_CONF_H
#define PATINA_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* Returns NULL on success or a malloc'd message (without file:line). */
typedef char *(*conf_handler)(void *ctx, int argc, char **argv);

struct conf_command {
	const char *name;
	conf_handler handler;
};

struct conf_errors {
	char **messages; /* "file:line: message", each malloc'd */
	size_t count;
};

struct conf_parser {
	const struct conf_command *commands;
	size_t command_count;
	void *ctx;
	struct conf_errors *errors;
	/* Set while a file is parsed: the file's path, for handlers that check
	 * the file itself (e.g. its permissions). */
	const char *current_path;
	/* Called with the fstat of each file about to be parsed (the file
	 * given and every file it sources). A message (malloc'd, naming the
	 * file) refuses it: it is recorded and the file is not parsed. NULL:
	 * every file is taken. */
	char *(*check_file)(void *ctx, const char *path, const struct stat *st);
};

/* Parses a file. Returns false if it could not be read (recorded as an
 * error unless missing_ok and it does not exist) or was refused. Only a
 * regular file is read: a FIFO or a device never blocks the parse. */
bool conf_parse_file(struct conf_parser *p, const char *path, bool missing_ok);
/* Parses text held in memory; name is used in error messages. */
void conf_parse_string(struct conf_parser *p, const char *name, const char *text);

/* Splits one line into words (exposed for tests). Returns the word count,
 * or -1 with *error set (malloc'd) on an unterminated quote. */
int conf_split(const char *line, char ***argv, char **error);
void conf_free_argv(int argc, char **argv);

void conf_add_error(struct conf_errors *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void conf_errors_free(struct conf_errors *e);

/* Expands a leading "~/" to $HOME. Caller frees. */
char *conf_expand_home(const char *path);

#endif
