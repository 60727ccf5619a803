/*
 * fuzz_edit - the editing model: a record from the server and what the
 * user types into its form.
 *
 * Input: one byte (entity = byte % 6; byte / 6 odd: a create form, with no
 * record), then the record's JSON, then, after a NUL, texts separated by
 * NULs (none: a fixed list of realistic typed values).  Path:
 * edit_form_new() with the entity's fixture layout and look-ups;
 * edit_field_text() and edit_set_text() of a text on every field;
 * edit_body() (or edit_create_body()); the draft round trip edit_draft() ->
 * edit_form_from_draft() -> edit_draft(); edit_conflicts()/edit_rebase()
 * against the entity's fixture record; edit_apply_server_error();
 * edit_field_index(); and the record's JSON itself read as a draft.
 *
 * Checks (edit.h): labels, choices, field texts and refusals are sanitized;
 * a refused text changes nothing; edit_body() is NULL exactly when nothing
 * changed; a create body or an error, not both; a draft restores the same
 * form (same draft, same body).
 */
#include "fuzz_common.h"

#include "model/edit.h"

static struct lookups *lookups;
static cJSON *layouts[ENT_COUNT], *records[ENT_COUNT];

/* What users type, for inputs that bring no texts of their own. */
static const char *const typical[] = {
	"Acme Corp", "2026-12-31", "tomorrow", "+3d", "12,500.50", "Jane Smith", "vip, renewal",
	"a@b.example (work)\nme@home.example (personal)", "yes", "", "50", "https://x.example",
	"221 Main St\nVancouver, BC A1A1A1\nCA", "Negotiation", "High", "eom", "12/31/2026",
	"Software, Analytics", "none",
};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	lookups = fuzz_lookups_new(LOOKUP_COUNT);
	for (int e = 0; e < ENT_COUNT; e++) {
		layouts[e] = fuzz_json(fixture_layouts[e]);
		records[e] = fuzz_json(fixture_records[e]);
	}
	return 0;
}

static void check_form(const struct edit_form *f)
{
	FUZZ_CHECK(f, "no form");
	FUZZ_CHECK(f->count == 0 || f->fields, "fields missing");
	for (size_t i = 0; i < f->count; i++) {
		const struct edit_field *fld = &f->fields[i];
		FUZZ_CHECK_CLEAN(fld->label, false, "a form label");
		FUZZ_CHECK(fld->key && *fld->key, "field %zu has no key", i);
		for (size_t c = 0; c < fld->nchoices; c++)
			FUZZ_CHECK_CLEAN(fld->choices[c].name, false, "a choice");
		char *text = edit_field_text(f, i);
		FUZZ_CHECK_CLEAN(text, true, "a field's text");
		free(text);
	}
}

static char *body_text(const cJSON *body)
{
	char *s = body ? cJSON_PrintUnformatted(body) : NULL;
	char *copy = xstrdup(s ? s : "(none)");
	cJSON_free(s);
	return copy;
}

/* The two texts from a little before where they first differ. */
static size_t diff_at(const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	return i > 80 ? i - 80 : 0;
}

static void draft_round_trip(const struct edit_form *f, enum entity e)
{
	cJSON *draft = edit_draft(f);
	FUZZ_CHECK(draft, "no draft");
	char *error = NULL;
	struct edit_form *g = edit_form_from_draft(draft, layouts[e], lookups, &error);
	char *d1 = body_text(draft);
	FUZZ_CHECK(g, "a fresh draft is refused: %s\n  draft: %.500s", error ? error : "(no message)", d1);
	free(error);
	cJSON *again = edit_draft(g);
	char *d2 = body_text(again);
	/* compared as text: cJSON_Compare finds an object with a repeated key
	 * unequal even to its own copy */
	FUZZ_CHECK(!strcmp(d1, d2), "the draft changed on the round trip:\n  ...%.400s\n  ...%.400s",
		   d1 + diff_at(d1, d2), d2 + diff_at(d1, d2));
	cJSON *b1 = edit_body(f), *b2 = edit_body(g);
	char *t1 = body_text(b1), *t2 = body_text(b2);
	FUZZ_CHECK(!strcmp(t1, t2),
		   "the body changed on the draft round trip:\n  ...%.400s\n  ...%.400s",
		   t1 + diff_at(t1, t2), t2 + diff_at(t1, t2));
	free(t1), free(t2), free(d1), free(d2);
	cJSON_Delete(b1), cJSON_Delete(b2), cJSON_Delete(again), cJSON_Delete(draft);
	edit_form_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum entity e = (enum entity)(data[0] % ENT_COUNT);
	bool create = (data[0] / ENT_COUNT) % 2;
	data++, size--;

	/* the record up to the first NUL, then the texts */
	const uint8_t *nul = memchr(data, 0, size);
	size_t json_len = nul ? (size_t)(nul - data) : size;
	cJSON *record = cJSON_ParseWithLength((const char *)data, json_len);
	if (!record && !create)
		return 0;
	fuzz_maybe_clamp(record);
	char *rest = nul ? fuzz_text(nul + 1, size - json_len - 1) : NULL;
	size_t rest_len = nul ? size - json_len - 1 : 0;
	const char *texts[64];
	size_t ntexts = 0;
	for (size_t at = 0; rest && at <= rest_len && ntexts < 64;) {
		texts[ntexts++] = rest + at;
		at += strlen(rest + at) + 1;
	}
	if (!ntexts) {
		for (; ntexts < sizeof(typical) / sizeof(typical[0]); ntexts++)
			texts[ntexts] = typical[ntexts];
	}

	struct edit_form *f = edit_form_new(e, layouts[e], create ? NULL : record, lookups);
	check_form(f);
	for (size_t i = 0; i < f->count; i++) {
		const char *text = texts[(i + json_len) % ntexts];
		bool changed = edit_field_changed(f, i);
		const cJSON *v = edit_value(f, i);
		char *before = v ? body_text(v) : NULL;
		char *error = NULL;
		if (!edit_set_text(f, i, text, FUZZ_NOW, &error)) {
			FUZZ_CHECK(error, "field %s: refused without a message", f->fields[i].key);
			FUZZ_CHECK_CLEAN(error, false, "a refusal");
			v = edit_value(f, i);
			char *after = v ? body_text(v) : NULL;
			FUZZ_CHECK(edit_field_changed(f, i) == changed && !before == !after &&
				   (!after || !strcmp(before, after)),
				   "field %s: a refused text changed the value", f->fields[i].key);
			free(after);
		}
		free(error);
		free(before);
	}
	check_form(f);

	cJSON *body = edit_body(f);
	FUZZ_CHECK(!body == (edit_change_count(f) == 0), "edit_body %s with %zu changes",
		   body ? "given" : "NULL", edit_change_count(f));
	cJSON_Delete(body);
	if (create) {
		char *error = NULL;
		cJSON *cb = edit_create_body(f, &error);
		FUZZ_CHECK(!cb != !error, "edit_create_body gave %s and %s", cb ? "a body" : "no body",
			   error ? "an error" : "no error");
		cJSON_Delete(cb);
		free(error);
	}
	/* Known, reported, and looked past with FUZZ_WORKAROUNDS=1: a record
	 * without a usable id makes a form with id 0 (a create, to edit.h)
	 * whose base is not empty, and its draft comes back as a create
	 * without that base; a stage set back to the base's after the pipeline
	 * changed stays outside the new pipeline, and the draft's pipeline
	 * change then picks the pipeline's first stage. */
	long pipeline = edit_field_index(f, "pipeline_id");
	if (!(fuzz_workarounds() && ((f->id == 0 && cJSON_GetArraySize(f->base) > 0) ||
				     (pipeline >= 0 && edit_field_changed(f, (size_t)pipeline)))))
		draft_round_trip(f, e);

	/* the server changed the record meanwhile */
	size_t *conflicts = NULL;
	size_t n = edit_conflicts(f, records[e], &conflicts);
	bool theirs[64];
	for (size_t k = 0; k < n && k < 64; k++)
		theirs[k] = k % 2;
	edit_rebase(f, records[e], conflicts, theirs, n < 64 ? n : 64);
	free(conflicts);
	check_form(f);

	char *msg = xasprintf("Validation error: %s is invalid", texts[0]);
	long at = edit_apply_server_error(f, msg);
	FUZZ_CHECK(at < (long)f->count, "server error at field %ld of %zu", at, f->count);
	free(msg);
	(void)edit_field_index(f, texts[ntexts - 1]);
	edit_form_free(f);

	/* the input as a draft file, e.g. one damaged on disk */
	if (record) {
		char *error = NULL;
		struct edit_form *g = edit_form_from_draft(record, layouts[e], lookups, &error);
		FUZZ_CHECK(!g != !error, "edit_form_from_draft gave %s and %s", g ? "a form" : "no form",
			   error ? "an error" : "no error");
		if (g)
			check_form(g);
		else
			FUZZ_CHECK_CLEAN(error, false, "a draft's refusal");
		edit_form_free(g);
		free(error);
	}

	free(rest);
	cJSON_Delete(record);
	return 0;
}
