/*
 * fuzz_filter - the filter line the user types, parsed into a search body
 * and completed.
 *
 * Input: two bytes giving the cursor (little-endian; clamped to the text by
 * filter_complete), then the filter text.  Path: for every entity,
 * filter_parse() and filter_complete() (at most 64 candidates, as the list
 * view asks) with the fixture look-ups; for one entity also without
 * look-ups and API user, and with a small candidate limit.
 *
 * Checks (filter.h): a body or an error, never both; errors and candidates
 * (names from the server) are sanitized; at most max candidates, no
 * duplicates; the replaced range lies in the text around the cursor.
 */
#include "fuzz_common.h"

#include "model/filter.h"

static struct lookups *lookups;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	lookups = fuzz_lookups_new(LOOKUP_COUNT);
	return 0;
}

static void parse(const char *text, const struct filter_context *fc)
{
	char *error = NULL;
	cJSON *body = filter_parse(text, fc, &error);
	FUZZ_CHECK(!body != !error, "filter_parse gave %s and %s", body ? "a body" : "no body",
		   error ? "an error" : "no error");
	if (error)
		FUZZ_CHECK_CLEAN(error, false, "a filter error");
	if (body) {
		FUZZ_CHECK(cJSON_IsObject(body), "the body is not an object");
		char *json = cJSON_PrintUnformatted(body);
		FUZZ_CHECK(json, "the body does not print");
		cJSON_free(json);
	}
	cJSON_Delete(body);
	free(error);
	/* without the error pointer */
	cJSON_Delete(filter_parse(text, fc, NULL));
}

static void complete(const char *text, size_t cursor, const struct filter_context *fc, size_t max)
{
	char **out = (char **)1;
	size_t start = (size_t)-1, end = (size_t)-1, len = strlen(text);
	size_t n = filter_complete(text, cursor, fc, &out, max, &start, &end);
	size_t at = cursor > len ? len : cursor;
	FUZZ_CHECK(n <= max, "%zu candidates for at most %zu", n, max);
	FUZZ_CHECK(n ? out != NULL : out == NULL, "%zu candidates, out %p", n, (void *)out);
	FUZZ_CHECK(start <= at && at <= end && end <= len,
		   "range [%zu, %zu) for cursor %zu in %zu bytes", start, end, at, len);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(out[i] && *out[i], "candidate %zu is empty", i);
		FUZZ_CHECK_CLEAN(out[i], false, "a completion candidate");
		FUZZ_CHECK(i == 0 || strcmp(out[i - 1], out[i]), "candidate %zu repeated: %s", i, out[i]);
	}
	filter_free_candidates(out, n);
	/* the range pointers are optional */
	n = filter_complete(text, cursor, fc, &out, max, NULL, NULL);
	filter_free_candidates(out, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t cursor = (size_t)data[0] | (size_t)data[1] << 8;
	char *text = fuzz_text(data + 2, size - 2);

	for (int e = 0; e < ENT_COUNT; e++) {
		struct filter_context fc = { lookups, (enum entity)e, FIXTURE_ME_ID, FUZZ_NOW };
		parse(text, &fc);
		complete(text, cursor, &fc, 64);
	}
	struct filter_context bare = { NULL, (enum entity)(cursor % ENT_COUNT), 0, FUZZ_NOW };
	parse(text, &bare);
	complete(text, cursor, &bare, 64);
	struct filter_context few = { lookups, (enum entity)(cursor % ENT_COUNT), FIXTURE_ME_ID, FUZZ_NOW };
	complete(text, cursor, &few, 1 + cursor % 3);
	complete(text, cursor, &few, 0);

	free(text);
	return 0;
}
