/*
 * layout.h - reading Copper's field layouts and custom fields, the same way
 * for the detail model (fields.c) and the edit form (edit_form.c).
 *
 * GET /field_layouts/by_entity/{entity} gives an array of entries
 * {"field_key", "field_label", "enabled", "required", ...}. An entry is
 * shown unless its "enabled" says false (false or 0); one without
 * "enabled" is shown. A custom field's layout key is "cf_<definition id>".
 *
 * Everything here reads untrusted JSON: any member may be missing or of
 * another type. Nothing is allocated; returned pointers point into the
 * JSON given.
 */
#ifndef PATINA_LAYOUT_H
#define PATINA_LAYOUT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

struct layout_entry {
	const char *key;   /* "field_key" when a string, else NULL */
	const char *label; /* "field_label" when a string, else NULL */
	bool required;     /* "required" is true */
};

/* An enabled entry of a layout array into *out; false (nothing written) for
 * a disabled entry or anything that is not an object. */
bool layout_read_entry(const cJSON *item, struct layout_entry *out);

/* "cf_<digits>" -> the custom field definition id (> 0); false for any other
 * key ("cf_", "cf_12x", "cf_-1", "cf_0", NULL). */
bool layout_custom_field_key(const char *key, int64_t *id);

/* The first element of array (NULL or not an array: none) whose member
 * id_key holds id, as a number or a string of digits (json_int64): a
 * custom field definition ("id"), one of its options ("id"), or a record's
 * custom_fields entry ("custom_field_definition_id"). NULL when none. */
const cJSON *layout_find_id(const cJSON *array, const char *id_key, int64_t id);

#endif
