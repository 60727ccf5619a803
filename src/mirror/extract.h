/*
 * extract.h - what of a record the mirror indexes and shows: its id and
 * dates, its owner, its name, and its searchable text in three columns.
 *
 * The full-text index (store.h) has three columns, which the finder ranks
 * in this order (query.h):
 *   name     the record's name
 *   contact  emails, phone numbers, a company's email domain, websites;
 *            and every phone number's digits with each of their suffixes
 *            ("3055552345 055552345 ... 345"), so that "555-23" finds
 *            "(305) 555-2345" by a prefix of a token
 *   other    company name, title, city, tags, custom text fields, details
 * The same record always gives the same text: the index keeps no copy of
 * it (contentless), and removing a record's entry needs its text again,
 * recomputed from the record stored beside it. Change what is extracted
 * only with a new EXTRACT_VERSION (the store then rebuilds the index).
 *
 * Nothing here is sanitized: the text is for the tokenizer, and what is
 * shown passes through util/sanitize.h first.
 */
#ifndef PATINA_MIRROR_EXTRACT_H
#define PATINA_MIRROR_EXTRACT_H

#include "copper/entity.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXTRACT_VERSION 1

enum extract_column { EXTRACT_NAME, EXTRACT_CONTACT, EXTRACT_OTHER, EXTRACT_COLUMNS };

/* Bounds on what one record puts into the index (hostile records carry
 * 100 KB details): a field, a column. */
#define EXTRACT_FIELD_MAX 4096
#define EXTRACT_COLUMN_MAX 16384

struct extract {
	int64_t id;          /* > 0 */
	int64_t created;     /* date_created, 0 unknown */
	int64_t modified;    /* date_modified, 0 unknown */
	int64_t owner;       /* assignee_id, 0 none */
	char *name;          /* the name as sent, NULL none; owned */
	char *text[EXTRACT_COLUMNS]; /* never NULL; owned */
};

/* Fills x from a record of entity e. False (x empty) when it is not an
 * object with a positive id. */
bool extract_record(enum entity e, const cJSON *rec, struct extract *x);
void extract_free(struct extract *x);

/* One searchable field of a record, for showing what matched. */
struct extract_field {
	enum extract_column column;
	const char *label;   /* "email", "phone", "company", ... (static) */
	int64_t custom_id;   /* a custom field's definition id, else 0 */
	char *value;         /* as sent, cut to EXTRACT_FIELD_MAX; owned */
};

/* The record's searchable fields in ranking order (the name first). The
 * array and values are the caller's (extract_fields_free). */
struct extract_field *extract_fields(enum entity e, const cJSON *rec, size_t *count);
void extract_fields_free(struct extract_field *f, size_t count);

/* The digits of s (at most max - 1 of them), NUL-terminated into out. */
size_t extract_digits(const char *s, char *out, size_t max);

#endif
