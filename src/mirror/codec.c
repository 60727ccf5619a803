/* codec.c - see codec.h */
#include "config.h"

#include "mirror/codec.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* The largest record JSON decoded: the HTTP layer refuses an answer of
 * more than 8 MiB, so no single record of one is larger. */
#define CODEC_MAX_JSON (8u * 1024 * 1024)

extern const char codec_dictionary_text[];
extern const size_t codec_dictionary_size;

const char *codec_dictionary(size_t *len)
{
	if (len)
		*len = codec_dictionary_size;
	return codec_dictionary_text;
}

struct codec {
	z_stream deflater, inflater;
	bool deflating, inflating;   /* set up */
};

struct codec *codec_new(void)
{
	return xcalloc(1, sizeof(struct codec));
}

void codec_free(struct codec *c)
{
	if (!c)
		return;
	if (c->deflating)
		deflateEnd(&c->deflater);
	if (c->inflating)
		inflateEnd(&c->inflater);
	free(c);
}

static unsigned char *plain(const char *json, size_t len, size_t *out_len)
{
	unsigned char *blob = xmalloc(len + 1);
	blob[0] = CODEC_PLAIN;
	memcpy(blob + 1, json, len);
	*out_len = len + 1;
	return blob;
}

/* A deflater ready for a record: set up once, reset after. */
static bool deflater(struct codec *c)
{
	if (!c->deflating) {
		memset(&c->deflater, 0, sizeof(c->deflater));
		/* raw deflate (no zlib header: the format byte says what it is);
		 * level 6: level 9 saves 1% on records this small, at more cost */
		if (deflateInit2(&c->deflater, 6, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
			return false;
		c->deflating = true;
	} else if (deflateReset(&c->deflater) != Z_OK) {
		return false;
	}
	return deflateSetDictionary(&c->deflater, (const Bytef *)codec_dictionary_text,
				    (uInt)codec_dictionary_size) == Z_OK;
}

unsigned char *codec_encode(struct codec *c, const char *json, size_t len, size_t *out_len)
{
	struct codec own = {0};
	struct codec *use = c ? c : &own;
	if (!deflater(use)) {
		if (!c && own.deflating)
			deflateEnd(&own.deflater);
		return plain(json, len, out_len);
	}
	z_stream *z = &use->deflater;
	size_t cap = deflateBound(z, (uLong)len) + 1;
	unsigned char *blob = xmalloc(cap);
	blob[0] = CODEC_DEFLATE_V1;
	z->next_in = (Bytef *)json;
	z->avail_in = (uInt)len;
	z->next_out = blob + 1;
	z->avail_out = (uInt)(cap - 1);
	int rc = deflate(z, Z_FINISH);
	size_t used = cap - 1 - z->avail_out;
	if (!c)
		deflateEnd(&own.deflater);
	if (rc != Z_STREAM_END || used >= len) {
		free(blob);
		return plain(json, len, out_len);
	}
	*out_len = used + 1;
	return blob;
}

static bool inflater(struct codec *c)
{
	if (!c->inflating) {
		memset(&c->inflater, 0, sizeof(c->inflater));
		if (inflateInit2(&c->inflater, -15) != Z_OK)
			return false;
		c->inflating = true;
	} else if (inflateReset(&c->inflater) != Z_OK) {
		return false;
	}
	/* raw inflate takes the dictionary before the first byte */
	return inflateSetDictionary(&c->inflater, (const Bytef *)codec_dictionary_text,
				    (uInt)codec_dictionary_size) == Z_OK;
}

static char *inflate_blob(struct codec *c, const unsigned char *data, size_t len, size_t max,
			  size_t *out_len)
{
	struct codec own = {0};
	struct codec *use = c ? c : &own;
	if (!inflater(use)) {
		if (!c && own.inflating)
			inflateEnd(&own.inflater);
		return NULL;
	}
	z_stream *z = &use->inflater;
	size_t cap = len * 4 + 256, used = 0;
	char *out = xmalloc(cap + 1);
	z->next_in = (Bytef *)data;
	z->avail_in = (uInt)len;
	int rc = Z_OK;
	while (rc == Z_OK) {
		if (used == cap) {
			if (cap >= max)
				break;
			cap = cap * 2 > max ? max : cap * 2;
			out = xrealloc(out, cap + 1);
		}
		z->next_out = (Bytef *)out + used;
		z->avail_out = (uInt)(cap - used);
		rc = inflate(z, Z_NO_FLUSH);
		used = cap - z->avail_out;
		if (rc == Z_BUF_ERROR && z->avail_out)
			break; /* truncated input */
		if (rc == Z_BUF_ERROR)
			rc = Z_OK;
	}
	if (!c)
		inflateEnd(&own.inflater);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	out[used] = '\0';
	if (out_len)
		*out_len = used;
	return out;
}

char *codec_decode(struct codec *c, const unsigned char *blob, size_t len, size_t max,
		   size_t *out_len)
{
	if (!blob || len < 1)
		return NULL;
	switch (blob[0]) {
	case CODEC_PLAIN:
		if (len - 1 > max)
			return NULL;
		if (out_len)
			*out_len = len - 1;
		return xstrndup((const char *)blob + 1, len - 1);
	case CODEC_DEFLATE_V1:
		return inflate_blob(c, blob + 1, len - 1, max, out_len);
	default:
		return NULL;
	}
}

cJSON *codec_decode_json(struct codec *c, const unsigned char *blob, size_t len)
{
	size_t n;
	char *text = codec_decode(c, blob, len, CODEC_MAX_JSON, &n);
	if (!text)
		return NULL;
	enum json_verdict verdict;
	cJSON *json = json_parse_bounded(text, n, &verdict);
	free(text);
	return json;
}
