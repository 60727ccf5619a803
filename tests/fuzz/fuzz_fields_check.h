/*
 * fuzz_fields_check.h - the detail model's documented invariants (fields.h),
 * shared by the targets that build one: record_detail, field_layouts and
 * custom_field_definitions.  Each LONGTEXT field also goes through the
 * Markdown renderer, as the detail pane does.
 */
#ifndef PATINA_FUZZ_FIELDS_CHECK_H
#define PATINA_FUZZ_FIELDS_CHECK_H

#include "fuzz_common.h"

#include "model/fields.h"
#include "model/markdown.h"

static FUZZ_UNUSED void fuzz_check_fields(const struct field_list *fl, int md_width)
{
	FUZZ_CHECK(fl, "fields_build returned NULL");
	FUZZ_CHECK(fl->count == 0 || fl->fields, "fields missing");
	for (size_t i = 0; i < fl->count; i++) {
		const struct field *f = &fl->fields[i];
		FUZZ_CHECK_CLEAN(f->label, false, "a field label");
		FUZZ_CHECK_CLEAN(f->key, false, "a field key");
		FUZZ_CHECK(*f->label, "field %zu has an empty label", i);
		if (f->record_key)
			FUZZ_CHECK(*f->record_key, "field %s: empty record key", f->key);
		FUZZ_CHECK(f->lines, "field %s: lines is NULL", f->key);
		FUZZ_CHECK(f->lines[f->nlines] == NULL, "field %s: lines not NULL-terminated", f->key);
		FUZZ_CHECK(f->empty == (f->nlines == 0 && f->kind != FIELD_UNMAPPED),
			   "field %s: empty is %d with %zu lines", f->key, f->empty, f->nlines);
		FUZZ_CHECK(f->kind != FIELD_UNMAPPED || f->nlines == 1,
			   "unmapped field %s has %zu lines", f->key, f->nlines);
		FUZZ_CHECK(f->kind != FIELD_LONGTEXT || f->nlines <= 1,
			   "long text field %s has %zu lines", f->key, f->nlines);
		FUZZ_CHECK(f->ref_id == 0 ? f->ref_entity == ENT_COUNT : (unsigned)f->ref_entity < ENT_COUNT,
			   "field %s: ref_id %lld with entity %d", f->key, (long long)f->ref_id,
			   (int)f->ref_entity);
		for (size_t j = 0; j < f->nlines; j++) {
			const char *line = f->lines[j];
			FUZZ_CHECK_CLEAN(line, f->kind == FIELD_LONGTEXT, "a field line");
			FUZZ_CHECK(line[strspn(line, " \n")] != '\0', "field %s: line %zu is blank", f->key, j);
		}
		if (f->kind == FIELD_LONGTEXT && f->nlines && md_width > 0) {
			struct md_doc *doc = md_render(f->lines[0], strlen(f->lines[0]), md_width);
			char *plain = md_to_plain(doc);
			FUZZ_CHECK_CLEAN(plain, true, "rendered Markdown");
			free(plain);
			md_free(doc);
		}
	}
}

#endif
