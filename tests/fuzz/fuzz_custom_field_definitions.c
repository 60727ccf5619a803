/*
 * fuzz_custom_field_definitions - the custom field definitions look-up
 * (GET /custom_field_definitions) from the server.
 *
 * Input: the look-up's JSON.  Path: fed to the look-ups through
 * lookups_on_result() as the fetch thread would deliver it (the other
 * look-ups are the fixtures), then, for every entity, fields_build() of the
 * entity's fixture record (which holds custom fields of every type) with
 * its layout and with none (custom fields labelled by their definitions),
 * and filter_parse() of custom field terms naming the first definitions
 * (each for one entity, in turn).
 *
 * Checks: fields.h's invariants (fuzz_fields_check.h); filter errors are
 * sanitized.
 */
#include "fuzz_fields_check.h"

#include "model/filter.h"

static struct lookups *lookups;
static cJSON *layouts[ENT_COUNT], *records[ENT_COUNT];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	lookups = fuzz_lookups_new(LOOKUP_CUSTOM_FIELDS);
	for (int e = 0; e < ENT_COUNT; e++) {
		layouts[e] = fuzz_json(fixture_layouts[e]);
		records[e] = fuzz_json(fixture_records[e]);
	}
	return 0;
}

/* "name" quoted for the filter line. */
static void quote(struct strbuf *sb, const char *name)
{
	sb_putc(sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			sb_putc(sb, '\\');
		sb_putc(sb, *p);
	}
	sb_putc(sb, '"');
}

static void filter_terms(const cJSON *defs)
{
	static const char *const values[] = { ":yes", ":Software", ">5", ":2026-01..2026-03", "<=10k", ":none" };
	struct strbuf sb = { 0 };
	const cJSON *d;
	int k = 0;
	cJSON_ArrayForEach(d, defs) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(d, "name");
		if (!cJSON_IsString(name))
			continue;
		sb_reset(&sb);
		if (k % 2)
			sb_puts(&sb, "cf:");
		quote(&sb, name->valuestring);
		sb_puts(&sb, values[k % 6]);
		/* one entity per term, in turn (what is available where differs) */
		struct filter_context fc = { lookups, (enum entity)(k % ENT_COUNT), FIXTURE_ME_ID, FUZZ_NOW };
		char *error = NULL;
		cJSON *body = filter_parse(sb.data, &fc, &error);
		FUZZ_CHECK(!body != !error, "filter_parse gave %s and %s", body ? "a body" : "no body",
			   error ? "an error" : "no error");
		if (error)
			FUZZ_CHECK_CLEAN(error, false, "a filter error");
		cJSON_Delete(body);
		free(error);
		if (++k == 6)
			break;
	}
	sb_free(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON *defs = cJSON_ParseWithLength((const char *)data, size);
	if (!defs)
		return 0;
	fuzz_maybe_clamp(defs);
	fuzz_feed_lookup(lookups, LOOKUP_CUSTOM_FIELDS, defs); /* now owned by the look-ups */
	defs = (cJSON *)lookups_get(lookups, LOOKUP_CUSTOM_FIELDS);

	for (int e = 0; e < ENT_COUNT; e++) {
		struct field_list *fl = fields_build((enum entity)e, layouts[e], records[e], lookups, NULL);
		fuzz_check_fields(fl, 0);
		fields_free(fl);
		fl = fields_build((enum entity)e, NULL, records[e], lookups, NULL);
		fuzz_check_fields(fl, 0);
		fields_free(fl);
	}
	filter_terms(defs);
	return 0;
}
