/*
 * fuzz_search_results - a search answer from the server, through the list.
 *
 * Input: one byte choosing the entity (byte % 6) and the answer's variant
 * (byte / 6: mostly a 200 application/json answer, sometimes a 422 or a
 * 200 with another content type), then the body.  Path: api_interpret(),
 * then what listview.c does with a page (refnames_learn, each column's
 * extract(), row_new, rowstore_set_total/put_page) and with each drawn row
 * (columns_fit_layout, columns_display, columns_fit).
 *
 * Checks: error messages and cells are sanitized; a fitted cell is exactly
 * its width; a stored row reads back as stored.
 */
#include "fuzz_common.h"

#include "model/columns.h"
#include "copper/refnames.h"
#include "model/rows.h"

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

static void draw_rows(enum entity e, const struct rowstore *rs, int screen_cols)
{
	size_t ncols;
	const struct column *cols = columns_for(e, &ncols);
	int widths[16];
	FUZZ_CHECK(ncols <= 16, "too many columns");
	struct column_choice all;
	int want[COLUMNS_MAX];
	columns_choice_all(e, &all);
	for (size_t c = 0; c < ncols; c++)
		want[c] = (int)(c * 7 % 40);
	columns_fit_layout(cols, &all, want, screen_cols, widths);
	int used = 0;
	for (size_t c = 0; c < ncols; c++)
		used += widths[c] + (c && widths[c] ? 1 : 0);
	FUZZ_CHECK(screen_cols < 1 || used <= screen_cols, "columns %d wide in %d", used, screen_cols);
	size_t count = rowstore_count(rs);
	for (size_t i = 0; i < count && i < 400; i++) {
		const struct row *row = rowstore_get(rs, i);
		if (!row)
			continue;
		FUZZ_CHECK(row->ncells == ncols, "row has %u cells, want %zu", row->ncells, ncols);
		for (size_t c = 0; c < ncols; c++) {
			char *text = columns_display(&cols[c], row->cells[c], lookups, NULL);
			FUZZ_CHECK_CLEAN(text, false, "a displayed cell");
			if (widths[c] > 0) {
				char *cell = columns_fit(text, widths[c], cols[c].right_align);
				FUZZ_CHECK(text_width(cell) == widths[c],
					   "columns_fit(\"%.100s\", %d) is %d columns wide: \"%.100s\"",
					   text, widths[c], text_width(cell), cell);
				free(cell);
			}
			free(text);
		}
	}
}

static void take_page(enum entity e, cJSON *json, int page_size, int page, int64_t total,
		      struct refnames *names)
{
	struct rowstore rs;
	rowstore_init(&rs, page_size);
	int n = cJSON_GetArraySize(json);
	rowstore_set_total(&rs, total >= 0 ? total : n + (int64_t)(page - 1) * page_size);
	refnames_learn(names, e, json);

	size_t ncols;
	const struct column *cols = columns_for(e, &ncols);
	struct row **rows = xcalloc((size_t)(n ? n : 1), sizeof(*rows));
	char **cells = xcalloc(ncols, sizeof(*cells));
	int kept = 0;
	const cJSON *rec;
	cJSON_ArrayForEach(rec, json) {
		for (size_t c = 0; c < ncols; c++) {
			cells[c] = cols[c].extract(rec);
			FUZZ_CHECK_CLEAN(cells[c], false, "an extracted cell");
		}
		int64_t id = fuzz_id_of(cJSON_GetObjectItemCaseSensitive(rec, "id"));
		rows[kept] = row_new(id, (unsigned)ncols, (const char *const *)cells);
		FUZZ_CHECK(rows[kept]->id == id, "row id");
		for (size_t c = 0; c < ncols; c++) {
			FUZZ_CHECK(!strcmp(rows[kept]->cells[c], cells[c]), "row cell %zu differs", c);
			free(cells[c]);
		}
		kept++;
	}
	free(cells);
	rowstore_put_page(&rs, page, rows, kept);
	(void)rowstore_bytes(&rs);

	/* every remembered name is sanitized */
	cJSON_ArrayForEach(rec, json) {
		const char *name = refnames_get(names, e, fuzz_id_of(cJSON_GetObjectItemCaseSensitive(rec, "id")));
		if (name)
			FUZZ_CHECK_CLEAN(name, false, "a remembered name");
	}

	draw_rows(e, &rs, page_size == 1 ? 0 : 30 + page_size % 150);
	rowstore_drop_page(&rs, page);
	rowstore_free(&rs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum entity e = (enum entity)(data[0] % ENT_COUNT);
	unsigned variant = data[0] / ENT_COUNT; /* 0..42 */
	data++, size--;

	char *body = malloc(size + 1);
	if (!body)
		abort();
	if (size)
		memcpy(body, data, size);
	body[size] = '\0';

	struct http_response r = {
		.transport = TRANSPORT_OK,
		.status = variant == 6 ? 422 : variant == 8 ? 500 : 200,
		.content_type = variant == 7 ? (char *)"text/html" : (char *)"application/json; charset=utf-8",
		.body = body,
		.body_len = size,
		.total = variant % 3 == 1 ? (int64_t)(variant * 997) : -1,
		.retry_after_ms = -1,
	};
	struct api_error err = { 0 };
	cJSON *json = api_interpret(&r, &err);
	if (!json) {
		FUZZ_CHECK(err.kind != APIE_NONE && err.message, "no JSON and no error");
		FUZZ_CHECK_CLEAN(err.message, false, "api_interpret's error message");
	} else {
		FUZZ_CHECK(err.kind == APIE_NONE, "JSON and an error");
	}
	api_error_clear(&err);
	fuzz_maybe_clamp(json);

	if (cJSON_IsArray(json)) {
		static const int page_sizes[] = { 200, 25, 1, 200 };
		struct refnames *names = refnames_new();
		int page_size = page_sizes[variant % 4];
		take_page(e, json, page_size, 1 + (int)(variant % 5 == 4), r.total, names);
		refnames_free(names);
	}
	cJSON_Delete(json);
	free(body);
	return 0;
}
