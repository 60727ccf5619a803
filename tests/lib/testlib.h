/*
 * testlib.h - a very small unit-test harness.
 *
 * A test file defines functions `static void test_x(void)` and calls
 * RUN(test_x) from main, then returns test_summary(). Each CHECK failure
 * prints file:line and the expression; the summary line is the plain
 * "N passed, N failed" that CI reads.
 */
#ifndef PATINA_TESTLIB_H
#define PATINA_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

extern int test_failures_in_current;

void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void test_run(const char *name, void (*fn)(void));
int test_summary(void);

#define RUN(fn) test_run(#fn, fn)

#define CHECK(cond) do { \
	if (!(cond)) \
		test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond); \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *got_ = (got), *want_ = (want); \
	if (!got_ || !want_ || strcmp(got_, want_)) \
		test_fail(__FILE__, __LINE__, "%s is \"%s\", expected \"%s\"", #got, \
			  got_ ? got_ : "(null)", want_ ? want_ : "(null)"); \
} while (0)

#define CHECK_INT(got, want) do { \
	long long got_ = (long long)(got), want_ = (long long)(want); \
	if (got_ != want_) \
		test_fail(__FILE__, __LINE__, "%s is %lld, expected %lld", #got, got_, want_); \
} while (0)

#define CHECK_CONTAINS(hay, needle) do { \
	const char *hay_ = (hay), *needle_ = (needle); \
	if (!hay_ || !strstr(hay_, needle_)) \
		test_fail(__FILE__, __LINE__, "%s = \"%s\" does not contain \"%s\"", #hay, \
			  hay_ ? hay_ : "(null)", needle_); \
} while (0)

/* A fresh private temporary directory (removed at exit). */
const char *test_tmpdir(void);
/* Writes text to a file in the temp dir; returns its path (static buffer
 * per call is NOT used: caller frees). */
char *test_write_file(const char *name, const char *text, int mode);

#endif
