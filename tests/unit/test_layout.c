/* Unit tests: layout.c, field layout entries and custom field look-ups */
#include "config.h"

#include "model/layout.h"
#include "testlib.h"

#include <stdlib.h>

static void test_entries(void)
{
	cJSON *layout = cJSON_Parse(
		"[{\"field_key\": \"name\", \"field_label\": \"Name\", \"enabled\": true, \"required\": true},"
		" {\"field_key\": \"title\", \"field_label\": \"Title\"},"
		" {\"field_key\": \"tags\", \"enabled\": false},"
		" {\"field_key\": \"details\", \"enabled\": 0},"
		" {\"field_key\": \"email\", \"enabled\": 1, \"required\": \"yes\"},"
		" {\"field_key\": 12, \"field_label\": [\"x\"], \"enabled\": null},"
		" \"status\", null, 7]");
	struct layout_entry en = { 0 };
	const char *keys[8] = { 0 };
	size_t n = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, layout) {
		if (layout_read_entry(item, &en) && n < 8)
			keys[n++] = en.key ? en.key : "(none)";
	}
	CHECK_INT(n, 4);
	CHECK_STR(keys[0], "name");
	CHECK_STR(keys[1], "title");   /* no "enabled": shown */
	CHECK_STR(keys[2], "email");
	CHECK_STR(keys[3], "(none)");  /* a key of the wrong type reads as none */

	CHECK(layout_read_entry(cJSON_GetArrayItem(layout, 0), &en));
	CHECK_STR(en.label, "Name");
	CHECK(en.required);
	CHECK(layout_read_entry(cJSON_GetArrayItem(layout, 4), &en));
	CHECK(en.label == NULL);
	CHECK(!en.required);           /* only true is true */
	CHECK(!layout_read_entry(NULL, &en));
	cJSON_Delete(layout);
}

static void test_custom_field_keys(void)
{
	int64_t id = 0;
	CHECK(layout_custom_field_key("cf_123", &id) && id == 123);
	CHECK(layout_custom_field_key("cf_9007199254740993", &id) && id == 9007199254740993LL);
	static const char *const bad[] = {
		"cf_", "cf_12x", "cf_-1", "cf_+1", "cf_0", "cf_ 1", "cf_99999999999999999999", "CF_1",
		"cf1", "name", "",
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		if (layout_custom_field_key(bad[k], &id))
			test_fail(__FILE__, __LINE__, "'%s' taken for a custom field", bad[k]);
	CHECK(!layout_custom_field_key(NULL, &id));
}

static void test_find_id(void)
{
	cJSON *defs = cJSON_Parse(
		"[{\"id\": 3, \"name\": \"Industry\"}, {\"id\": \"4\", \"name\": \"Region\"},"
		" {\"id\": 4, \"name\": \"Second\"}, {\"id\": 5.5}, {\"name\": \"no id\"}, 6,"
		" {\"custom_field_definition_id\": 7, \"value\": \"x\"}]");
	const cJSON *d;
	CHECK((d = layout_find_id(defs, "id", 3)) &&
	      cJSON_IsString(cJSON_GetObjectItem(d, "name")) &&
	      !strcmp(cJSON_GetObjectItem(d, "name")->valuestring, "Industry"));
	/* a string of digits counts; the first match wins */
	CHECK((d = layout_find_id(defs, "id", 4)) &&
	      !strcmp(cJSON_GetObjectItem(d, "name")->valuestring, "Region"));
	CHECK(layout_find_id(defs, "id", 5) == NULL);
	CHECK(layout_find_id(defs, "id", 6) == NULL);
	CHECK(layout_find_id(defs, "custom_field_definition_id", 7) != NULL);
	CHECK(layout_find_id(defs, "id", 7) == NULL);
	/* not an array: nothing */
	CHECK(layout_find_id(cJSON_GetArrayItem(defs, 0), "id", 3) == NULL);
	CHECK(layout_find_id(NULL, "id", 3) == NULL);
	cJSON_Delete(defs);
}

int main(void)
{
	RUN(test_entries);
	RUN(test_custom_field_keys);
	RUN(test_find_id);
	return test_summary();
}
