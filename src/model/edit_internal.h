/*
 * edit_internal.h - what the edit model's files share, and nothing else
 * includes: the form behind struct edit_form, and the helpers every part
 * of the model uses.
 *
 * The model is one idea split by concern (edit.h is its contract):
 *   edit_form.c     building a form: tables, field types and rules, where
 *                   each value lives (base, changes)
 *   edit_choice.c   a field's choices: from the look-ups, a pipeline's
 *                   stages, the one a typed name picks
 *   edit_compare.c  whether two values of a field mean the same
 *   edit_text.c     a value as the user would type it
 *   edit_parse.c    typed text as the value stored, per type
 *   edit_change.c   JSON values checked as typed text is; recording
 *                   changes and what follows them (pipeline and stage)
 *   edit_list.c     list fields' verbs: adding items, removing items,
 *                   what replacing a list drops
 *   edit_body.c     what goes to the server and what comes back: bodies,
 *                   conflicts and rebase, server errors
 *   edit_draft.c    the form's state as a draft, and back
 * Calendar days are model/dates.h's, layouts model/layout.h's.
 *
 * Field i's change is f->changes' member "i"; a change equal to the base
 * is never kept (form_record_value). Every char * returned is malloc'd
 * (the caller frees); every cJSON * returned is owned by the caller unless
 * said otherwise. A refusal is a malloc'd message in *msg and NULL.
 */
#ifndef PATINA_EDIT_INTERNAL_H
#define PATINA_EDIT_INTERNAL_H

#include "model/edit.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Ids travel as JSON numbers (doubles): beyond 2^53 they would change. */
#define MAX_ID 9007199254740992LL

/* form_pick()'s answers besides an index into the choices */
#define PICK_NONE (-1L)
#define PICK_ID (-2L) /* no list to pick from: the typed id is taken as is */

/* The refusal of a date (a printf format taking the field's label). */
#define DATE_EXPECTED "%s: expected a date like 2026-12-31, 12/31/2026, today, +2w or eom"

/* ---- the private form ---------------------------------------------------- */

struct fpriv {
	char *layout_key;    /* the layout's key ("assignee", "cf_12"), sanitized */
	const char *noun;    /* what one choice is, for refusals: "user" */
	const char *nouns;   /* ... and several: "users" */
	bool clearable;      /* false where Copper needs a value (status, stage...) */
	bool whole_percent;  /* win_probability: a whole number from 0 to 100 */
	size_t max_chars;    /* String custom fields; 0: no limit */
	char *ref_name;      /* EDIT_REFERENCE: the picked record's name, for display */
};

struct form {
	struct edit_form pub; /* first: an edit_form pointer is a form pointer */
	struct fpriv *priv;
	cJSON *pipelines;     /* a copy of the pipelines look-up, for stage choices */
	bool create;
};

static inline struct form *form_of(struct edit_form *f)
{
	return (struct form *)f;
}

static inline struct fpriv *priv_of(const struct edit_form *f, size_t i)
{
	return &((const struct form *)f)->priv[i];
}

/* ---- small helpers ------------------------------------------------------- */

/* An id: a whole number, or a string of digits (the reference itself once
 * sends "primary_contact_id": "27140359"), that a JSON number carries back
 * exactly. */
static inline bool json_id(const cJSON *v, int64_t *out)
{
	int64_t x;
	if (!json_int64(v, &x) || x < -MAX_ID || x > MAX_ID)
		return false;
	*out = x;
	return true;
}

/* The same, for a JSON number only. */
static inline bool json_whole(const cJSON *v, int64_t *out)
{
	return cJSON_IsNumber(v) && json_id(v, out);
}

static inline int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* ASCII case-insensitive comparisons (UTF-8 bytes compare as they are). */
static inline bool ieq(const char *a, const char *b)
{
	for (; *a && lower((unsigned char)*a) == lower((unsigned char)*b); a++)
		b++;
	return *a == *b;
}

static inline bool iprefix(const char *s, const char *prefix)
{
	for (; *prefix && lower((unsigned char)*s) == lower((unsigned char)*prefix); prefix++)
		s++;
	return !*prefix;
}

/* Position of needle in hay (case-insensitive), or NULL. */
static inline const char *ifind(const char *hay, const char *needle)
{
	for (; *hay; hay++)
		if (iprefix(hay, needle))
			return hay;
	return NULL;
}

/* Sanitized single-line text, trimmed. */
static inline char *clean_line(const char *s)
{
	return str_trim(sanitize_line(s ? s : "", s ? strlen(s) : 0));
}

static inline void free_items(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

/* ---- edit_form.c: the form's values ---- */

/* The field of a record key (cf_id 0) or of a custom field, or -1. */
long form_find_field(const struct edit_form *f, const char *key, int64_t cf_id);
/* A field's value in a record: its key, or its custom_fields entry's value.
 * Points into record. */
const cJSON *form_value_in(const cJSON *record, const struct edit_field *fld);
/* Field i's value in the base, and its change (NULL: none). Owned by the form. */
const cJSON *form_base_value(const struct edit_form *f, size_t i);
const cJSON *form_change(const struct edit_form *f, size_t i);
/* The id field i holds now (changed, else base), 0 for none or i < 0. */
int64_t form_current_id(const struct edit_form *f, long i);

/* ---- edit_choice.c ---- */

void form_add_choice(struct edit_field *fld, int64_t id, const char *name);
/* From [{"id", "name"}...]; items without an id are skipped. */
void form_choices_from_list(struct edit_field *fld, const cJSON *list);
void form_free_choices(struct edit_field *fld);
const struct edit_choice *form_choice_by_id(const struct edit_field *fld, int64_t id);
/* The stage field's choices: one pipeline's stages (pipeline_id 0: every
 * pipeline's). */
void form_set_stages(struct form *F, struct edit_field *stage, int64_t pipeline_id);
/* The pipeline a stage belongs to (0: unknown) and, if name, the stage's
 * name (pointing into the form's pipelines). */
int64_t form_stage_pipeline(const struct form *F, int64_t stage_id, const char **name);
/* "A, B, C" (at most ten, then "..."): every choice when typed is
 * NULL, else those match(name, typed) takes. */
char *form_choice_names(const struct edit_field *fld, const char *typed,
			bool (*match)(const char *, const char *));
/* The one choice of field i a typed text names: its index, PICK_ID (*id
 * set) or PICK_NONE (*msg set). */
long form_pick(const struct edit_form *f, size_t i, const char *typed, int64_t *id, char **msg);

/* ---- edit_compare.c ---- */

/* Nothing, an empty or blank string, or an empty list. */
bool form_blank(const cJSON *v);
/* One element of a list field (or an EDIT_EMAIL object) against another. */
bool form_same_item(const struct edit_field *fld, const cJSON *a, const cJSON *b);
/* Whether two values of field i mean the same (edit.h: "Equal values are
 * no change"). */
bool form_same_value(const struct edit_form *f, size_t i, const cJSON *a, const cJSON *b);

/* ---- edit_text.c ---- */

/* The value v of field i as the user would type it. from_base: v is the
 * base's (names of referenced records come from the record). */
char *form_value_text(const struct edit_form *f, size_t i, const cJSON *v, bool from_base);

/* ---- edit_parse.c ---- */

/* Splits on '\n' when the text has one, else on ';' when it has one (a
 * one-line editor shows lines as "a; b"), else on sep; items trimmed,
 * empty ones dropped. Returns the count; *out is a malloc'd array. */
size_t form_split_items(const char *text, char sep, char ***out);
/* "value (category)" or "value": a trailing "(word)" is the category (set
 * to NULL when absent). Cuts text in place; both point into it. */
void form_split_contact(char *text, char **value, char **category);

/* Typed text as quoted back in a message: one line, cut, sanitized. */
char *form_quote(const char *s);
/* One contact entry {"<value key>": value, "category": ...} for fld
 * (category NULL: the first allowed), checked; base: the field's value in
 * the base, whose categories and entries are accepted as they are. */
cJSON *form_contact_item(const struct edit_field *fld, const cJSON *base, const char *value,
			 const char *category, char **msg);
/* An address part: the string, or null when value is "". */
void form_put_part(cJSON *address, const char *key, const char *value);
/* What the user typed for field i (cleaned, not empty) as its JSON value. */
cJSON *form_parse_text(const struct edit_form *f, size_t i, const char *text, int64_t now,
		       char **msg);

/* ---- edit_change.c ---- */

/* A JSON value for field i, checked and normalized as typed text is. */
cJSON *form_check_json(struct edit_form *f, size_t i, const cJSON *v, char **msg);
/* v (taken) as field i's value, its error cleared, and what follows. */
void form_commit(struct edit_form *f, size_t i, cJSON *v);
/* Refuses a change to field i: msg (taken) kept in the field and handed
 * to *error (or freed when error is NULL). Returns false. */
bool form_refuse(struct edit_form *f, size_t i, char **error, char *msg);
/* What the user typed for field type, cleaned (sanitized; one-line
 * fields trimmed to one line). */
char *form_clean_input(enum edit_type type, const char *text);
/* Forgets field i's change (and a picked reference's name). */
void form_drop_change(struct edit_form *f, size_t i);
/* v (taken) as field i's value: a change, or none when it means the base's. */
void form_record_value(struct edit_form *f, size_t i, cJSON *v);
/* What follows a change of field i: the pipeline's stages, a stage's pipeline. */
void form_after_change(struct edit_form *f, size_t i);

/* "Company cannot be edited[ here: how it changes instead]" (edit_change.c). */
char *form_readonly_message(const struct edit_field *fld);

#endif
