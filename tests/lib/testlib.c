/* testlib.c - see testlib.h */
#include "config.h"

#include "testlib.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int test_failures_in_current;
static char *tmpdir;
static char *skipped;

struct test_case {
	const char *name;
	void (*fn)(void);
	int line;
};

static struct test_case *cases;
static size_t ncases;
static void (*setup)(void), (*teardown)(void);

void test_register(const char *name, void (*fn)(void), int line)
{
	cases = xrealloc(cases, (ncases + 1) * sizeof(*cases));
	cases[ncases++] = (struct test_case){ name, fn, line };
}

void test_register_setup(void (*fn)(void), bool is_teardown)
{
	if (is_teardown)
		teardown = fn;
	else
		setup = fn;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	/* a TAP diagnostic, on stdout with the results it explains */
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	test_failures_in_current++;
}

void test_skip(const char *why)
{
	free(skipped);
	skipped = xstrdup(why);
}

static int by_line(const void *a, const void *b)
{
	return ((const struct test_case *)a)->line - ((const struct test_case *)b)->line;
}

static bool wanted(const struct test_case *c, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], c->name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	/* constructors may run in any order: the file's order is the cases' */
	qsort(cases, ncases, sizeof(*cases), by_line);
	size_t planned = 0;
	for (size_t i = 0; i < ncases; i++)
		planned += wanted(&cases[i], argc, argv);
	for (int i = 1; i < argc; i++) {
		bool known = false;
		for (size_t k = 0; k < ncases; k++)
			known |= !strcmp(argv[i], cases[k].name);
		if (!known) {
			fprintf(stderr, "%s: no test case named %s\n", argv[0], argv[i]);
			return 99;
		}
	}
	printf("1..%zu\n", planned);
	fflush(stdout);
	if (planned && setup)
		setup();
	int failed = 0;
	size_t n = 0;
	for (size_t i = 0; i < ncases; i++) {
		if (!wanted(&cases[i], argc, argv))
			continue;
		test_failures_in_current = 0;
		cases[i].fn();
		n++;
		if (skipped)
			printf("ok %zu - %s # SKIP %s\n", n, cases[i].name, skipped);
		else if (test_failures_in_current)
			printf("not ok %zu - %s\n", n, cases[i].name);
		else
			printf("ok %zu - %s\n", n, cases[i].name);
		failed += test_failures_in_current > 0;
		free(skipped);
		skipped = NULL;
		fflush(stdout);
	}
	if (planned && teardown)
		teardown();
	free(cases);
	return failed ? 1 : 0;
}

static void remove_tmpdir(void)
{
	if (tmpdir) {
		char *cmd = xasprintf("rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
		free(cmd);
		free(tmpdir);
	}
}

const char *test_tmpdir(void)
{
	if (!tmpdir) {
		const char *base = getenv("TMPDIR");
		char *tmpl = xasprintf("%s/patina-test-XXXXXX", base && *base ? base : "/tmp");
		if (!mkdtemp(tmpl)) {
			perror("mkdtemp");
			exit(99);
		}
		tmpdir = tmpl;
		atexit(remove_tmpdir);
	}
	return tmpdir;
}

char *test_write_file(const char *name, const char *text, int mode)
{
	char *path = xasprintf("%s/%s", test_tmpdir(), name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(99);
	}
	fputs(text, f);
	fclose(f);
	chmod(path, (mode_t)mode);
	return path;
}

