/*
 * json.h - reading untrusted JSON safely: members, strings and numbers.
 *
 * Everything the server sends may have the wrong type or be missing. The
 * accessors here answer NULL (or false, or 0) for anything that is not
 * what was asked for, so callers never dereference a surprise.
 *
 * cJSON keeps every number as a double. A server (or a draft, or a cache
 * file) can send 1e300 or a value past 2^63 where an id belongs, and
 * converting such a double to an integer is undefined behaviour in C.
 * Every id or timestamp patina reads goes through here.
 */
#ifndef PATINA_JSON_H
#define PATINA_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Parsing text from outside (the server, files on disk) within bounds.
 * cJSON spends a node of some 64 bytes, plus an allocation for its key,
 * on every value: "0," costs forty times its size, so a bound on the text
 * alone still let 60 MiB of [0,0,...] (61 KB gzipped) cost gigabytes. The
 * largest honest answer, a 200-record page of opportunities, is 0.36 MB
 * with about 30,000 values and keys, nested 5 deep: the bounds below are
 * more than fifteen times that, and cost at most some 50 MB to parse.
 */
#define JSON_MAX_DEPTH 64
#define JSON_MAX_VALUES (512u * 1024) /* values and keys */

enum json_verdict {
	JSON_OK,
	JSON_MALFORMED,  /* not JSON (or a NUL inside) */
	JSON_TOO_DEEP,   /* nested deeper than JSON_MAX_DEPTH */
	JSON_TOO_MANY    /* more than JSON_MAX_VALUES values and keys */
};

/* Parses len bytes of text, after a scan that measures its depth and
 * counts its values and keys without allocating anything: beyond the
 * bounds nothing is parsed. NULL on failure, with *verdict (may be NULL)
 * saying why; the caller owns the result. */
cJSON *json_parse_bounded(const char *text, size_t len, enum json_verdict *verdict);

/* obj's member key, or NULL when obj is not an object or has no such key. */
const cJSON *json_get(const cJSON *obj, const char *key);
/* v's text when v is a string, else NULL. */
const char *json_str(const cJSON *v);
/* json_str of obj's member key. */
const char *json_member_str(const cJSON *obj, const char *key);
/* v when it is an array, else NULL (for cJSON_ArrayForEach over data of
 * unknown shape). */
const cJSON *json_array(const cJSON *v);
/* No value: absent or null. */
bool json_is_nothing(const cJSON *v);
/* v as compact JSON text on one line, sanitized, cut to at most max bytes
 * with an ellipsis: how an unexpected value is shown. Caller frees. */
char *json_compact(const cJSON *v, size_t max);

/* The whole number v holds (a number, or a string of digits), if it holds
 * one that fits in 64 bits exactly; false otherwise. */
bool json_int64(const cJSON *v, int64_t *out);
/* The same, or 0 when v is absent or not such a number. */
int64_t json_i64(const cJSON *v);
/* json_i64 of obj's member key. */
int64_t json_member_i64(const cJSON *obj, const char *key);

#endif
