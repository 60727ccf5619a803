/* json.c - see json.h */
#include "config.h"

#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static bool ends_token(char c)
{
	switch (c) {
	case ' ': case '\t': case '\r': case '\n': case ',': case ':':
	case '[': case ']': case '{': case '}': case '"':
		return true;
	default:
		return false;
	}
}

/* What parsing text would cost, measured without parsing: the depth of
 * its arrays and objects and the number of values and keys. Malformed
 * text is left to cJSON to refuse. */
static enum json_verdict json_scan(const char *p, size_t len)
{
	size_t depth = 0, values = 0;
	for (size_t i = 0; i < len; i++) {
		switch (p[i]) {
		case '[': case '{':
			if (++depth > JSON_MAX_DEPTH)
				return JSON_TOO_DEEP;
			values++;
			break;
		case ']': case '}':
			if (depth)
				depth--;
			break;
		case '"': /* a string or a key: skip to its closing quote */
			values++;
			for (i++; i < len && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			break;
		case ' ': case '\t': case '\r': case '\n': case ',': case ':':
			break;
		default: /* a number, true, false, null: skip the rest of it */
			values++;
			while (i + 1 < len && !ends_token(p[i + 1]))
				i++;
			break;
		}
		if (values > JSON_MAX_VALUES)
			return JSON_TOO_MANY;
	}
	return JSON_OK;
}

cJSON *json_parse_bounded(const char *text, size_t len, enum json_verdict *verdict)
{
	enum json_verdict v = JSON_MALFORMED;
	cJSON *json = NULL;
	if (text && len && !memchr(text, '\0', len) && (v = json_scan(text, len)) == JSON_OK) {
		json = cJSON_ParseWithLength(text, len);
		if (!json)
			v = JSON_MALFORMED;
	}
	if (verdict)
		*verdict = v;
	return json;
}

const cJSON *json_get(const cJSON *obj, const char *key)
{
	return cJSON_IsObject(obj) && key ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

const char *json_str(const cJSON *v)
{
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

const char *json_member_str(const cJSON *obj, const char *key)
{
	return json_str(json_get(obj, key));
}

const cJSON *json_array(const cJSON *v)
{
	return cJSON_IsArray(v) ? v : NULL;
}

bool json_is_nothing(const cJSON *v)
{
	return !v || cJSON_IsNull(v);
}

char *json_compact(const cJSON *v, size_t max)
{
	char *p = cJSON_PrintUnformatted(v);
	if (!p)
		return xstrdup("(unexpected value)");
	size_t len = strlen(p), cut = utf8_cut(p, len, max);
	char *s = str_trim(sanitize_line(p, cut));
	cJSON_free(p);
	if (cut < len) {
		char *t = xasprintf("%s\xe2\x80\xa6", s); /* U+2026 */
		free(s);
		s = t;
	}
	if (!*s) {
		free(s);
		s = xstrdup("(unexpected value)");
	}
	return s;
}

bool json_int64(const cJSON *v, int64_t *out)
{
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		/* also false for NaN and the infinities */
		if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
			return false;
		int64_t i = (int64_t)d;
		if ((double)i != d)
			return false;
		*out = i;
		return true;
	}
	if (cJSON_IsString(v))
		return str_to_i64(v->valuestring, out);
	return false;
}

int64_t json_i64(const cJSON *v)
{
	int64_t i;
	return json_int64(v, &i) ? i : 0;
}

int64_t json_member_i64(const cJSON *obj, const char *key)
{
	return json_i64(json_get(obj, key));
}
