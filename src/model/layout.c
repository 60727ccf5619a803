/* layout.c - see layout.h */
#include "config.h"

#include "model/layout.h"
#include "util/json.h"
#include "util/util.h"

#include <string.h>

bool layout_read_entry(const cJSON *item, struct layout_entry *out)
{
	const cJSON *en = json_get(item, "enabled");
	if (!cJSON_IsObject(item) || cJSON_IsFalse(en) ||
	    (cJSON_IsNumber(en) && en->valuedouble == 0))
		return false;
	out->key = json_str(json_get(item, "field_key"));
	out->label = json_str(json_get(item, "field_label"));
	out->required = cJSON_IsTrue(json_get(item, "required"));
	return true;
}

bool layout_custom_field_key(const char *key, int64_t *id)
{
	if (!key || strncmp(key, "cf_", 3) != 0 || !key[3] ||
	    strspn(key + 3, "0123456789") != strlen(key + 3))
		return false;
	return str_to_i64(key + 3, id) && *id > 0;
}

const cJSON *layout_find_id(const cJSON *array, const char *id_key, int64_t id)
{
	const cJSON *item;
	cJSON_ArrayForEach(item, json_array(array)) {
		int64_t got;
		if (json_int64(json_get(item, id_key), &got) && got == id)
			return item;
	}
	return NULL;
}
