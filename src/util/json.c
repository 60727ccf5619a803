/* json.c - see json.h */
#include "config.h"

#include "util/json.h"
#include "util/util.h"

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
	return json_i64(cJSON_GetObjectItemCaseSensitive(obj, key));
}
