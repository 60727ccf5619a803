/*
 * fuzz_common.h - what the libFuzzer harnesses share: a fixed environment
 * (C.UTF-8, TZ=UTC), the realistic fixed half of each test (look-ups,
 * layouts, records from fuzz_fixtures.h) and checks of the documented
 * output invariants, which abort() so that libFuzzer reports a violation
 * as a crash with its input.
 *
 * Header-only on purpose: each target is one .c file plus this.
 */
#ifndef PATINA_FUZZ_COMMON_H
#define PATINA_FUZZ_COMMON_H

#include "config.h"

#include "copper/api.h"
#include "fetch/fetch.h"
#include "copper/lookups.h"
#include "util/sanitize.h"
#include "util/util.h"

#include "fuzz_fixtures.h"

#include <cjson/cJSON.h>
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FUZZ_UNUSED __attribute__((unused))

/* 2026-01-01T00:00:00Z: "now" for relative dates, fixed so that a crash
 * reproduces on another day. */
#define FUZZ_NOW ((int64_t)1767225600)

/* Reports a broken invariant and aborts (libFuzzer keeps the input). */
#define FUZZ_CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "\nFUZZ INVARIANT BROKEN at %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

static FUZZ_UNUSED void fuzz_setup_environment(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	/* text_width() uses wcwidth(), which needs a UTF-8 locale */
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8"))
		setlocale(LC_ALL, "");
}

/* The input as a NUL-terminated string (inner NULs end it early, as they
 * would for every C string API). Caller frees. */
static FUZZ_UNUSED char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static FUZZ_UNUSED cJSON *fuzz_json(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	FUZZ_CHECK(j, "fixture JSON does not parse: %.80s", text);
	return j;
}

/* Feeds a look-up as the fetch thread would deliver it; consumes json. */
static FUZZ_UNUSED void fuzz_feed_lookup(struct lookups *l, enum lookup which, cJSON *json)
{
	struct api_result r;
	memset(&r, 0, sizeof(r));
	r.owner = 0;
	r.generation = 1;
	r.tag = (int64_t)which;
	r.kind = API_LOOKUP;
	r.total = -1;
	r.json = json;
	FUZZ_CHECK(lookups_on_result(l, &r), "look-up result not taken");
	cJSON_Delete(r.json); /* whatever the look-ups did not keep */
}

/* Look-ups filled with the fixtures (no fetcher: never call lookups_need*).
 * skip: a look-up to leave out (LOOKUP_COUNT: none). */
static FUZZ_UNUSED struct lookups *fuzz_lookups_new(enum lookup skip)
{
	struct lookups *l = lookups_new((struct api_sender){0}, NULL, 0);
	for (size_t i = 0; i < sizeof(fixture_lookups) / sizeof(fixture_lookups[0]); i++)
		if (fixture_lookups[i].which != skip)
			fuzz_feed_lookup(l, fixture_lookups[i].which, fuzz_json(fixture_lookups[i].json));
	return l;
}

/* ---- invariants ---------------------------------------------------------- */

/* Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
 * Returns the offset of the first bad byte, or len when all is valid. */
static FUZZ_UNUSED size_t fuzz_utf8_bad_at(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i], cp, n;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 2, cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 3, cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 4, cp = c & 0x07;
		} else {
			return i;
		}
		if (i + n > len)
			return i;
		for (unsigned k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n;
	}
	return len;
}

/* What sanitize.h promises of its output, and so of every string documented
 * as sanitized: valid UTF-8; no C0 control (but '\n' where newlines_ok), no
 * ESC, no DEL, no C1 control (U+0080-U+009F), no bidi override or isolate.
 * Returns a description of the first problem, or NULL. */
static FUZZ_UNUSED const char *fuzz_unclean(const char *s, bool newlines_ok)
{
	static char why[96];
	if (!s)
		return "NULL string";
	size_t len = strlen(s), bad = fuzz_utf8_bad_at(s, len);
	if (bad < len) {
		snprintf(why, sizeof(why), "invalid UTF-8 at byte %zu (0x%02x)", bad, (unsigned char)s[bad]);
		return why;
	}
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if ((cp < 0x20 && !(cp == '\n' && newlines_ok)) || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
		    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
			snprintf(why, sizeof(why), "control U+%04X at byte %zu", cp, i);
			return why;
		}
		i += n;
	}
	return NULL;
}

#define FUZZ_CHECK_CLEAN(s, newlines_ok, what) do { \
	const char *why_ = fuzz_unclean((s), (newlines_ok)); \
	FUZZ_CHECK(!why_, "%s is not sanitized: %s: \"%.200s\"", (what), why_, (s) ? (s) : "(null)"); \
} while (0)

/* A double as an id, without the undefined behaviour of casting an
 * out-of-range value (the harness must not report its own bugs). */
static FUZZ_UNUSED int64_t fuzz_id_of(const cJSON *v)
{
	if (!cJSON_IsNumber(v))
		return 0;
	double d = v->valuedouble;
	return d >= -9223372036854775808.0 && d < 9223372036854775808.0 ? (int64_t)d : 0;
}

/*
 * FUZZ_WORKAROUNDS=1 in the environment: numbers beyond what an int64_t
 * holds (or infinite) are clamped to +-2^53 in parsed input before the
 * project's code sees it.  Off by default, so that `make fuzz` reports the
 * undefined double-to-int64 casts of ids found by fuzzing (columns.c,
 * refnames.c, lookups.c); on, it lets a run look past them for other bugs.
 */
static FUZZ_UNUSED bool fuzz_workarounds(void)
{
	static int on = -1;
	if (on < 0) {
		const char *v = getenv("FUZZ_WORKAROUNDS");
		on = v && *v && strcmp(v, "0") != 0;
	}
	return on;
}

static FUZZ_UNUSED void fuzz_clamp_numbers(cJSON *j)
{
	for (; j; j = j->next) {
		if (cJSON_IsNumber(j)) {
			double d = j->valuedouble;
			if (!(d > -9223372036854775808.0 && d < 9223372036854775808.0))
				cJSON_SetNumberValue(j, d > 0 ? 9007199254740992.0 : -9007199254740992.0);
		}
		fuzz_clamp_numbers(j->child);
	}
}

/* Applies the workaround above when it is on. */
static FUZZ_UNUSED void fuzz_maybe_clamp(cJSON *j)
{
	if (j && fuzz_workarounds())
		fuzz_clamp_numbers(j);
}

#endif
