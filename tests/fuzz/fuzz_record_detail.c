/*
 * fuzz_record_detail - a record from the server, laid out for the detail pane.
 *
 * Input: the JSON of one record (as GET /{entity}/{id} answers it).  Path:
 * for every entity, fields_build() with that entity's realistic layout and
 * the fixture look-ups, and again with no layout (the default order, then
 * the record's custom fields); for one entity (chosen by the input's
 * length) also without look-ups.  Long texts go through md_render as the
 * detail pane does.  Then refnames_learn() and refnames_get() for the
 * record and its company, and fields_record_key() for each of its keys.
 *
 * Checks: fields.h's invariants (fuzz_fields_check.h) and sanitized names.
 */
#include "fuzz_fields_check.h"

#include "copper/refnames.h"

static struct lookups *lookups;
static cJSON *layouts[ENT_COUNT];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	lookups = fuzz_lookups_new(LOOKUP_COUNT);
	for (int e = 0; e < ENT_COUNT; e++)
		layouts[e] = fuzz_json(fixture_layouts[e]);
	return 0;
}

static void build(enum entity e, const cJSON *layout, const cJSON *record, struct lookups *l)
{
	struct field_list *fl = fields_build(e, layout, record, l, NULL);
	fuzz_check_fields(fl, 20 + (int)e * 13);
	fields_free(fl);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *record = cJSON_ParseWithLength((const char *)data, size);
	if (!record)
		return 0;
	fuzz_maybe_clamp(record);

	for (int e = 0; e < ENT_COUNT; e++) {
		build((enum entity)e, layouts[e], record, lookups);
		build((enum entity)e, NULL, record, lookups);
	}
	build((enum entity)(size % ENT_COUNT), layouts[size % ENT_COUNT], record, NULL);

	struct refnames *names = refnames_new();
	for (int e = 0; e < ENT_COUNT; e++) {
		refnames_learn(names, (enum entity)e, record);
		const char *name = refnames_get(names, (enum entity)e,
						fuzz_id_of(cJSON_GetObjectItemCaseSensitive(record, "id")));
		if (name)
			FUZZ_CHECK_CLEAN(name, false, "a remembered name");
	}
	const char *company = refnames_get(names, ENT_COMPANIES,
					   fuzz_id_of(cJSON_GetObjectItemCaseSensitive(record, "company_id")));
	if (company)
		FUZZ_CHECK_CLEAN(company, false, "a remembered company name");
	refnames_free(names);

	const cJSON *item;
	if (cJSON_IsObject(record)) {
		cJSON_ArrayForEach(item, record)
			for (int e = 0; e < ENT_COUNT; e++)
				(void)fields_record_key((enum entity)e, item->string);
	}
	cJSON_Delete(record);
	return 0;
}
