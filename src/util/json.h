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
