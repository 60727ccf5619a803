/*
 * fuzz_field_layouts - a field layout from the server
 * (GET /field_layouts/by_entity/{entity}), applied to a known record.
 *
 * Input: the layout's JSON.  Path: for every entity, fields_build() of that
 * entity's well-filled fixture record with this layout and the fixture
 * look-ups, and of no record at all.
 *
 * Checks: fields.h's invariants (fuzz_fields_check.h); without a record
 * every field is empty but those the layout names and patina cannot map.
 */
#include "fuzz_fields_check.h"

static struct lookups *lookups;
static cJSON *records[ENT_COUNT];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	lookups = fuzz_lookups_new(LOOKUP_COUNT);
	for (int e = 0; e < ENT_COUNT; e++)
		records[e] = fuzz_json(fixture_records[e]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *layout = cJSON_ParseWithLength((const char *)data, size);
	if (!layout)
		return 0;
	fuzz_maybe_clamp(layout);

	for (int e = 0; e < ENT_COUNT; e++) {
		struct field_list *fl = fields_build((enum entity)e, layout, records[e], lookups, NULL);
		fuzz_check_fields(fl, 0);
		if (cJSON_IsArray(layout))
			FUZZ_CHECK(fl->count <= (size_t)cJSON_GetArraySize(layout),
				   "%zu fields from a layout of %d", fl->count, cJSON_GetArraySize(layout));
		fields_free(fl);

		fl = fields_build((enum entity)e, layout, NULL, lookups, NULL);
		fuzz_check_fields(fl, 0);
		for (size_t i = 0; i < fl->count; i++)
			FUZZ_CHECK(fl->fields[i].kind == FIELD_UNMAPPED || fl->fields[i].empty,
				   "field %s has a value without a record", fl->fields[i].key);
		fields_free(fl);
	}
	cJSON_Delete(layout);
	return 0;
}
