/*
 * json.h - reading numbers out of untrusted JSON safely.
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

/* The whole number v holds (a number, or a string of digits), if it holds
 * one that fits in 64 bits exactly; false otherwise. */
bool json_int64(const cJSON *v, int64_t *out);
/* The same, or 0 when v is absent or not such a number. */
int64_t json_i64(const cJSON *v);
/* json_i64 of obj's member key. */
int64_t json_member_i64(const cJSON *obj, const char *key);

#endif
