/*
 * fields.h - the detail model: one record laid out as Copper's web app lays
 * it out.
 *
 * GET /field_layouts/by_entity/{entity} (per pipeline for opportunities)
 * names the fields to show, in order, with their labels.  Layout keys are
 * NOT record keys ("full_name" is the record's "name", "assignee" its
 * "assignee_id", "deal_date" an opportunity's "close_date", "cf_123" an
 * entry of "custom_fields"...), so every key is mapped explicitly, per
 * entity (fields_record_key()).  A key patina cannot map is still shown, as
 * a FIELD_UNMAPPED field whose one line says so, never silently dropped.
 *
 * Values are rendered for people: ids resolved to names through the
 * look-ups ("#<id>" while unknown), timestamps as dates, money with its
 * currency, percentages, one list item per line, addresses as addresses,
 * custom fields by their definition's data type.  Every line is sanitized
 * (sanitize.h); data of the wrong type shows as its raw JSON, compacted and
 * cut to about 200 bytes, never crashes.
 *
 * Choices:
 *   - tags are a FIELD_LIST, one tag per line (like every other list);
 *   - dates are strftime "%e %b %Y" (leading blank dropped) in the local
 *     time zone and LC_TIME: "23 Jan 2017" under TZ=UTC, LC_TIME=C;
 *   - money is "250,000 USD" / "1,000.50 USD": ',' thousands separators,
 *     cents only when there are any, the currency code after the number;
 *   - a layout entry is left out when its "enabled" is false (one without
 *     "enabled" is shown), and when it is a setting the API never returns
 *     (Visibility);
 *   - a layout key with no explicit mapping whose exact name is a key of
 *     the record is shown from that key (record_key set, not editable);
 *     fields_record_key() still returns NULL for it.
 */
#ifndef PATINA_FIELDS_H
#define PATINA_FIELDS_H

#include "copper/api.h"
#include "copper/lookups.h"
#include "copper/refnames.h"
#include "model/format.h" /* fields_format_date(), _money(), ...: how values read */

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_kind {
	FIELD_TEXT,
	FIELD_LONGTEXT, /* Markdown, e.g. details: lines[0] holds the whole text */
	FIELD_LIST,     /* one item per line */
	FIELD_ADDRESS,  /* street / city, state postal_code / country */
	FIELD_UNMAPPED  /* a layout key patina cannot show: lines[0] says so; draw dimmed */
};

struct field {
	char *label;          /* sanitized layout label (the key when the layout has none) */
	char *key;            /* layout key, sanitized, e.g. "assignee", "cf_123" */
	char *record_key;     /* the record's key it maps to ("assignee_id",
			       * "custom_fields"...), NULL if unmapped */
	enum field_kind kind;
	char **lines;         /* display lines, sanitized, never NULL and NULL-terminated
			       * (lines[nlines] == NULL); for FIELD_LONGTEXT one line
			       * holding the sanitized text with its newlines */
	size_t nlines;        /* 0 when empty */
	bool empty;           /* no value: the caller shows it dimmed or hides it
			       * (never true for FIELD_UNMAPPED) */
	bool required;        /* from the layout */
	bool editable;        /* the API allows editing it (ids, created/modified dates,
			       * interaction counts, completed dates are not) */
	int64_t ref_id;       /* the related record (company, primary contact, related
			       * record of a project or task...), else 0 */
	enum entity ref_entity; /* valid when ref_id != 0 (else ENT_COUNT) */
};

struct field_list {
	struct field *fields;
	size_t count;
};

/*
 * Builds the display model.  layout: the layout array (NULL or not an
 * array: a default order of the entity's known fields, then the record's
 * custom fields).  record: the record as fetched (NULL or not an object:
 * every field empty).  lookups: for id->name and custom field definitions
 * (may be NULL or incomplete: ids show as "#<id>").  Enabled fields only.
 * Never returns NULL; free with fields_free().
 */
struct field_list *fields_build(enum entity e, const cJSON *layout, const cJSON *record,
				struct lookups *lookups, const struct refnames *names);
void fields_free(struct field_list *f);

/* The record key a layout key maps to for an entity, NULL if none; every
 * "cf_<digits>" maps to "custom_fields". For tests and the edit form. */
const char *fields_record_key(enum entity e, const char *layout_key);

/* The name a record gives its primary contact: "primary_contact" as a
 * string or as {"name": ...}, else "primary_contact_name"; NULL when none
 * (unsanitized: it points into record). For the detail and the edit form. */
const char *fields_primary_contact_name(const cJSON *record);

#endif
