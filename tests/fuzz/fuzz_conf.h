/*
 * fuzz_conf.h - what the config-language targets (config, keymap, theme)
 * share: a scratch directory holding the files their `source` lines may
 * read, and the guard that keeps `source` inside it.
 *
 * The input is parsed as if it were the file <scratch>/fuzz.conf, so a
 * relative `source NAME` reads <scratch>/NAME: extra.conf, extra.keys,
 * extra.theme and loop.conf (which sources itself, up to the nesting
 * limit) are there.  An input that would source anything else (a path, a
 * name starting with '~', /dev/zero...) is skipped: reading arbitrary files
 * of the machine would make the runs depend on it, and a device such as
 * /dev/zero or a FIFO would never end.
 */
#ifndef PATINA_FUZZ_CONF_H
#define PATINA_FUZZ_CONF_H

#include "fuzz_common.h"

#include "config/conf.h"

#include <sys/stat.h>
#include <unistd.h>

static char *fuzz_conf_scratch;   /* the directory */
static char *fuzz_conf_name;      /* <scratch>/fuzz.conf */

static void fuzz_conf_write(const char *name, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", fuzz_conf_scratch, name);
	FILE *f = fopen(path, "w");
	FUZZ_CHECK(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	free(path);
}

static void fuzz_conf_cleanup(void)
{
	static const char *const files[] = {
		"extra.conf", "extra.keys", "extra.theme", "loop.conf", "config",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = xasprintf("%s/%s", fuzz_conf_scratch, files[i]);
		unlink(path);
		free(path);
	}
	rmdir(fuzz_conf_scratch);
}

static FUZZ_UNUSED void fuzz_conf_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/patina-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(dir), "mkdtemp %s failed", dir);
	fuzz_conf_scratch = dir;
	fuzz_conf_name = xasprintf("%s/fuzz.conf", dir);
	fuzz_conf_write("extra.conf", "set burst 5\nsearch mine \"owner:me\"\nset theme = mono\n", 0600);
	fuzz_conf_write("extra.keys", "bind list J move-down\nbind detail C-r reload\n", 0644);
	fuzz_conf_write("extra.theme", "color title red default bold\ncolor row 231 16\n", 0644);
	fuzz_conf_write("loop.conf", "source loop.conf\n", 0644);
	atexit(fuzz_conf_cleanup);
}

/* A plain file name: what `source` may name in a fuzz input. */
static bool fuzz_conf_plain_name(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '-' || *s == '_'))
			return false;
	return true;
}

/* False when a line of text (split as conf.c splits it) would source a
 * file outside the scratch directory. Also exercises conf_split itself. */
static FUZZ_UNUSED bool fuzz_conf_safe(const char *text)
{
	bool safe = true;
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *copy = xstrndup(line, len), **argv, *error;
		int argc = conf_split(copy, &argv, &error);
		if (argc < 0) {
			FUZZ_CHECK(error && !argv, "conf_split failed without an error");
			free(error);
		} else {
			FUZZ_CHECK(!error && (argc == 0 || argv), "conf_split: %d words", argc);
			for (int i = 0; i < argc; i++)
				FUZZ_CHECK(argv[i], "conf_split: word %d is NULL", i);
			if (argc == 2 && !strcmp(argv[0], "source") && !fuzz_conf_plain_name(argv[1]))
				safe = false;
			conf_free_argv(argc, argv);
		}
		free(copy);
		line += len;
		if (*line == '\n')
			line++;
	}
	return safe;
}

static FUZZ_UNUSED void fuzz_conf_check_errors(const struct conf_errors *e)
{
	for (size_t i = 0; i < e->count; i++)
		FUZZ_CHECK(e->messages[i] && *e->messages[i], "error %zu is empty", i);
}

#endif
