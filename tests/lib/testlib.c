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
static int passed, failed;
static char *tmpdir;

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "  %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	test_failures_in_current++;
}

void test_run(const char *name, void (*fn)(void))
{
	test_failures_in_current = 0;
	fn();
	if (test_failures_in_current) {
		failed++;
		printf("FAIL %s\n", name);
	} else {
		passed++;
		printf("ok   %s\n", name);
	}
	fflush(stdout);
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

int test_summary(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
