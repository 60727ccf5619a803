/*
 * testlib.h - a very small unit-test harness that speaks TAP.
 *
 * A test file defines its cases with TEST(name) { ... } (one registration
 * per case, no list to keep) and, if it needs them, TEST_SETUP(fn) and
 * TEST_TEARDOWN(fn), run once around the cases that run; testlib provides
 * main(). The program prints TAP (automake's tap-driver.sh reads it):
 *
 *     1..12
 *     ok 1 - test_whole_numbers_that_fit
 *     not ok 2 - test_fuzzer_inputs
 *     # tests/unit/test_json.c:40: CHECK(...)
 *
 * Arguments name the cases to run ("tests/unit/test_json
 * test_fuzzer_inputs"): one case at a time, under a debugger too. Each
 * CHECK failure is a TAP diagnostic with file:line and the expression.
 */
#ifndef PATINA_TESTLIB_H
#define PATINA_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

extern int test_failures_in_current;

void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Marks the running case skipped (reported "ok ... # SKIP why"). */
void test_skip(const char *why);

/* Registration (by the macros below, from constructors). */
void test_register(const char *name, void (*fn)(void), int line);
void test_register_setup(void (*fn)(void), bool teardown);

#define TEST(name) \
	static void name(void); \
	__attribute__((constructor)) static void name##_register(void) \
	{ test_register(#name, name, __LINE__); } \
	static void name(void)

#define TEST_SETUP(fn) \
	__attribute__((constructor)) static void fn##_register_setup(void) \
	{ test_register_setup(fn, false); }
#define TEST_TEARDOWN(fn) \
	__attribute__((constructor)) static void fn##_register_teardown(void) \
	{ test_register_setup(fn, true); }

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
