/*
 * codec.h - a record as the mirror keeps it on disk: its JSON, deflated
 * with a preset dictionary.
 *
 * A record of the API is 1 to 2 KB of JSON, most of it the same keys in
 * the same order ("custom_field_definition_id" a dozen times); deflate
 * alone halves it, deflate primed with a dictionary of those keys (made
 * from the reference's example records) brings it near 400 bytes, which
 * is what keeps the mirror under 1.5 KB a record with its index.
 *
 * A blob is one format byte and the data: CODEC_PLAIN (JSON as is) or
 * CODEC_DEFLATE_V1 (raw deflate, zlib window 15, primed with
 * codec_dictionary()). The dictionary is also stored in the database
 * (store.h), so that anything reading the file (a test, the sqlite3
 * shell with Python's zlib) can decode it without this code.
 */
#ifndef PATINA_MIRROR_CODEC_H
#define PATINA_MIRROR_CODEC_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum codec_format {
	CODEC_PLAIN = 0,
	CODEC_DEFLATE_V1 = 1
};

/* The preset dictionary of CODEC_DEFLATE_V1 (static, NUL-terminated). */
const char *codec_dictionary(size_t *len);

/* zlib's streams, kept from one record to the next (setting one up costs
 * more than a record's compression); one thread's at a time. The
 * functions below take NULL for a stream of their own. */
struct codec;
struct codec *codec_new(void);
void codec_free(struct codec *c);

/* Encodes JSON text of len bytes: a malloc'd blob, its size in *out_len.
 * Never fails (falls back to CODEC_PLAIN). Caller frees. */
unsigned char *codec_encode(struct codec *c, const char *json, size_t len, size_t *out_len);
/* Decodes a blob into NUL-terminated JSON text (caller frees), or NULL
 * when it is corrupt or would decode past max bytes. */
char *codec_decode(struct codec *c, const unsigned char *blob, size_t len, size_t max,
		   size_t *out_len);
/* Decodes and parses a blob (within util/json.h's bounds); NULL when it
 * is corrupt. Caller frees. */
cJSON *codec_decode_json(struct codec *c, const unsigned char *blob, size_t len);

#endif
