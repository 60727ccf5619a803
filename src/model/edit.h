/*
 * edit.h - the editing model: which fields of a record can be edited and
 * how, what the user typed, and the minimal partial update that results.
 *
 * Pure (no curses, no I/O): the edit form, the pipeline board and
 * `patina set` all use it, so they validate and build bodies the same way.
 *
 * A form is built from the entity's field layout (per pipeline for
 * opportunities) and the record as loaded (its "base"). The user's changes
 * are kept apart from the base; edit_body() is the PUT body holding only
 * the keys the user changed (a cleared field is null; custom fields only
 * the changed definitions, as {"custom_fields":[{"custom_field_definition_id",
 * "value"}]}; list fields as their whole new value).
 *
 * Formats are the API's: opportunity close_date is an "MM/DD/YYYY" string;
 * task due/reminder dates and Date custom fields are Unix timestamps;
 * dropdowns hold option ids, multi-selects lists of option ids; owner,
 * stage, source... are ids. The user types one friendly form for every
 * date ("2026-12-31", "12/31/2026", "today", "tomorrow", "+3d", "+2w",
 * "+1m", "eom" end of month, "eow" end of week) and names for choices.
 *
 * What each type accepts as text (edit_set_text) and stores (JSON):
 *   TEXT       one line (escape sequences and controls removed), a string;
 *              String custom fields at most 255 characters
 *   LONGTEXT   several lines (tabs become spaces), a string
 *   NUMBER     "42", "-3.5", "1,234.5" (',' only between groups of three;
 *              no exponent), a number
 *   MONEY      the same, >= 0, with an optional "$" "€" "£" "¥" or a
 *              3-letter code before or after ("$12,500", "12500 USD")
 *   PERCENT    a number with an optional "%"; win_probability a whole
 *              number from 0 to 100
 *   DATE       any date form above; stores the Unix time of LOCAL MIDNIGHT
 *              starting that day
 *   CLOSE_DATE any date form above; stores "MM/DD/YYYY" (zero-padded)
 *   CHECKBOX   yes/no, y/n, true/false, on/off, 1/0, x; true or false
 *   URL        "https://..." or a host with a dot ("www.x.com/a"), a string
 *   CHOICE     a name (any case: exact, else a unique prefix, else a unique
 *              part), or an id "#123" / "123"; the id as a number. A
 *              refusal lists the names, or those that matched.
 *   MULTI_CHOICE names as for CHOICE, ',' separated (one per line when the
 *              text has a newline, else ';' separated when it has a ';');
 *              a list of option ids, duplicates dropped
 *   ENUM       one of the values, matched as CHOICE names; that value
 *   TAGS       separated as MULTI_CHOICE; a list of strings, duplicates
 *              dropped
 *   CONTACTS   one per line, or ';' separated: "value (category)" or
 *              "value" (the first allowed category); a list of
 *              {"<value_key>": value, "category": category}. Categories:
 *              Copper's (see categories) or one already on the record.
 *   EMAIL      one "value (category)"; {"email", "category"}
 *   ADDRESS    "street, city, state postal_code, country" on one line, or
 *              lines "street" / "city, state postal_code" / "country" (or
 *              those lines joined with "; "); extra leading parts or lines
 *              are the street, the postal code starts at the first word
 *              holding a digit; an object with all five keys, empty parts
 *              null
 *   REFERENCE  an id "#123" / "123" (names go through the caller's search)
 * "" clears (JSON null) where the field may be empty. edit_field_text
 * writes what these accept: dates as "2026-12-31", names for ids, "#id"
 * for unknown ids, tags "a, b", contacts one "value (category)" per line,
 * addresses as lines (a leading empty line when there is no street; a
 * trailing line break after a street holding a comma). A one-line editor
 * may show any of these with its lines joined by "; ": that is accepted
 * back as the same text.
 *
 * Equal values are no change: text trimmed; numbers within rounding; DATE
 * by local calendar day (a due time of day is kept); close dates by day
 * however spelt; tags and multi-select options as SETS (order and
 * duplicates mean nothing); contact lists in ORDER (the first is the
 * primary), comparing value and category only; addresses part by part
 * ("" == null); null == "" == [] for every field.
 *
 * A person's company is read-only once the person exists: the people
 * reference changes it through related items (model/related.h: a move),
 * never through company_id in a PUT; readonly_why says so.
 *
 * A form holds private data: make it only with edit_form_new() or
 * edit_form_from_draft().
 *
 * The implementation is split by concern into edit_*.c; model/edit_internal.h
 * says which file does what. Calendar days are model/dates.h's.
 */
#ifndef PATINA_EDIT_H
#define PATINA_EDIT_H

#include "copper/api.h"
#include "copper/lookups.h"
#include "model/dates.h" /* edit_parse_date(), edit_close_date_string() */

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum edit_type {
	EDIT_READONLY,     /* ids, created/modified dates, interaction counts,
			    * completed dates, related_resource, a task's type,
			    * custom fields without a definition or of a type
			    * patina cannot edit (Connect), unmapped layout keys
			    * the record has */
	EDIT_TEXT,         /* one line */
	EDIT_LONGTEXT,     /* details, Text custom fields: multi-line, may go to $EDITOR */
	EDIT_NUMBER,       /* Float custom fields */
	EDIT_MONEY,        /* monetary_value, Currency custom fields: >= 0 */
	EDIT_PERCENT,      /* win_probability (whole 0-100), Percentage custom fields */
	EDIT_DATE,         /* Unix timestamp */
	EDIT_CLOSE_DATE,   /* "MM/DD/YYYY" */
	EDIT_CHECKBOX,
	EDIT_URL,
	EDIT_CHOICE,       /* one id from a list: owner, contact type, stage, source,
			    * loss reason, lead status, pipeline, Dropdown options */
	EDIT_MULTI_CHOICE, /* MultiSelect options: a list of ids */
	EDIT_ENUM,         /* one string from a fixed list: status, priority */
	EDIT_TAGS,         /* a list of strings, completed from the account's tags */
	EDIT_CONTACTS,     /* emails, phone_numbers, websites, socials:
			    * [{"<value key>": ..., "category": ...}] */
	EDIT_EMAIL,        /* a lead's single email object {"email","category"} */
	EDIT_ADDRESS,      /* {"street","city","state","postal_code","country"} */
	EDIT_REFERENCE     /* company_id, primary_contact_id: a record picked by a
			    * server search (the caller does the search) */
};

struct edit_choice {
	int64_t id;        /* for EDIT_CHOICE / EDIT_MULTI_CHOICE */
	char *name;        /* sanitized; for EDIT_ENUM the value itself */
};

struct edit_field {
	char *label;       /* from the layout */
	char *key;         /* the record key ("close_date", "assignee_id"), or
			    * "custom_fields" for a custom field */
	int64_t cf_id;     /* custom field definition id, else 0 */
	enum edit_type type;
	bool required;     /* layout: "required", on create and edit (the
			    * reference calls required_editable "required on
			    * edit", but its own example gives Name false and
			    * Close Date true: it is whether an admin may change
			    * the requirement); also
			    * the name always, an opportunity's primary contact
			    * on create. Status, priority, pipeline, stage and a
			    * lead's status are never required but cannot be
			    * emptied either. */
	const char *value_key;      /* EDIT_CONTACTS: "email", "number", "url", "url" */
	const char *const *categories; /* EDIT_CONTACTS/EMAIL: allowed categories,
					* NULL-terminated, the first the default:
					* emails work personal other; phones mobile
					* work home other; websites work personal
					* other; socials linkedin twitter googleplus
					* facebook youtube quora foursquare klout
					* gravatar other (Copper's appendix) */
	struct edit_choice *choices;   /* EDIT_CHOICE, EDIT_MULTI_CHOICE, EDIT_ENUM; a
					* stage's are its pipeline's (every stage while
					* the pipeline is unknown) and follow it */
	size_t nchoices;
	enum entity ref_entity;        /* EDIT_REFERENCE */
	const char *readonly_why;      /* EDIT_READONLY: how it changes instead, when it
					* does ("a person's company changes through its
					* related items..."), or NULL */
	char *error;       /* the last refusal for this field (local or the server's) */
};

struct edit_form {
	enum entity entity;
	int64_t id;        /* 0 for a create */
	cJSON *base;       /* the record as loaded (owned); an empty object for create */
	cJSON *changes;    /* owned: field index (as a string key "0", "1"...) -> new JSON value */
	struct edit_field *fields;
	size_t count;
};

/* Builds a form. layout: the entity's layout (NULL: a default set of the
 * entity's editable fields, then the custom fields defined for it). Enabled
 * entries only, in order, once per value; keys patina cannot map are left
 * out unless the record has that key (then read-only). record: NULL for a
 * create. lookups: choices for owners, stages, sources... (fields whose
 * look-up is missing get no choices and accept ids; may be NULL); what is
 * needed is copied. Never NULL. */
struct edit_form *edit_form_new(enum entity e, const cJSON *layout, const cJSON *record,
				struct lookups *lookups);
void edit_form_free(struct edit_form *f);

/* A field of a form that is not a record's layout (edit_form_of_fields):
 * its key in the base and in the values; its type: by the key as a record
 * of the form's entity edits it ("assignee_id" a choice of users,
 * "close_date" a close date...), or the one given. */
struct edit_spec {
	const char *key;
	const char *label;
	bool typed;            /* type says how it is edited; else the key does */
	enum edit_type type;
	bool required;         /* must not be emptied */
};

/* Builds a form of exactly these fields over base (copied; its "id" is
 * the form's id): the conversion of a lead, say, where the fields are
 * what Copper will create, not a record's. Everything else (typing,
 * choices, a pipeline's stages, drafts) is as for a record's form; no
 * field is the name or primary contact a create requires. Never NULL. */
struct edit_form *edit_form_of_fields(enum entity e, const struct edit_spec *specs, size_t n,
				      const cJSON *base, struct lookups *lookups);

/* The field for a name typed by a user (record key, layout key or label,
 * case-insensitive), or -1. */
long edit_field_index(const struct edit_form *f, const char *name);

/* The field's current value (changed, else base) as the user would type it:
 * names for ids, friendly dates, "a, b" for tags, one "value (category)"
 * per line for contact lists, address lines. Caller frees. */
char *edit_field_text(const struct edit_form *f, size_t i);

/* Parses what the user typed for field i and records it as a change. ""
 * clears (null) unless the field is required. On refusal returns false,
 * sets *error (malloc'd, also kept in the field; error may be NULL) saying
 * what is expected, and changes nothing. now: Unix time for relative
 * dates. A value equal to the base is no change, and so is the base's own
 * edit_field_text() (however lossy) and the change's own text. Choosing
 * a pipeline moves the stage to the base's (if in it) or the new
 * pipeline's first; choosing a stage of another pipeline (JSON) moves the
 * pipeline with it. */
bool edit_set_text(struct edit_form *f, size_t i, const char *text, int64_t now, char **error);
/* Records a JSON value directly (pickers, the board's one-key actions),
 * checked as typed text is: the JSON type must be the stored one (CLOSE_DATE
 * also takes "2026-12-31"; ENUM any case; EMAIL {"email"[, "category"]});
 * EDIT_REFERENCE takes an id or {"id": ..., "name": ...}, the name then
 * being what edit_field_text() shows. */
bool edit_set_json(struct edit_form *f, size_t i, const cJSON *value, char **error);
/* What a change to a list field does with the list's items. */
enum edit_list_verb {
	EDIT_LIST_REPLACE, /* the typed items are the whole new list */
	EDIT_LIST_ADD,     /* appended, those already there skipped */
	EDIT_LIST_REMOVE,  /* taken out; each must be there */
	EDIT_LIST_DISCARD  /* taken out where there, the others ignored: one
			    * change for many records, each with its own list */
};

/* Whether field i holds a list the verbs apply to (tags, multi-select
 * options, emails, phone numbers, websites, socials). */
bool edit_is_list(const struct edit_form *f, size_t i);

/*
 * Changes list field i by verb, from typed items as edit_set_text() takes
 * them ("a@x.com (work); b@y.com"). ADD checks the new items as typed text
 * is and appends those whose value is not there yet; REMOVE takes out every
 * item whose value is typed (and category, if one is given in
 * parentheses), refusing an item that is not on the list, so a typo
 * removes nothing (DISCARD ignores it: no change when none is there);
 * contacts' values compare case-insensitively, phone
 * numbers by their digits; multi-select options are named as for
 * edit_set_text. REPLACE is edit_set_text(). The change is to the field's
 * current value (an earlier change is built on). On refusal: false, *error
 * as for edit_set_text(), nothing changed.
 */
bool edit_change_list(struct edit_form *f, size_t i, enum edit_list_verb verb, const char *text,
		      int64_t now, char **error);

/* Text as typed in a form's prompt: a list field's "+= items" adds and
 * "-= items" removes (edit_change_list), anything else is edit_set_text(). */
bool edit_apply_text(struct edit_form *f, size_t i, const char *text, int64_t now, char **error);

/* The items of list field i as loaded that its current value no longer
 * has, one "value (category)" each, joined with ", ": what saving would
 * drop. NULL when none (or not a list). Caller frees. */
char *edit_dropped_items(const struct edit_form *f, size_t i);
/* Forgets the change to field i. */
void edit_revert(struct edit_form *f, size_t i);
bool edit_field_changed(const struct edit_form *f, size_t i);
size_t edit_change_count(const struct edit_form *f);
/* The current JSON value of field i (changed, else base; NULL if absent).
 * Owned by the form. */
const cJSON *edit_value(const struct edit_form *f, size_t i);

/* The minimal PUT body (caller owns), or NULL when nothing changed. */
cJSON *edit_body(const struct edit_form *f);
/* A create body: every field set (nothing null); NULL with *error
 * "Required: Name, Primary Contact" naming the missing required fields
 * (every entity needs a name, opportunities a primary contact, even when
 * the layout has no field for it). */
cJSON *edit_create_body(const struct edit_form *f, char **error);

/* Conflicts with the record as it is now on the server: fills *out
 * (malloc'd, NULL when none) with the indexes of fields the user changed
 * that the server also changed since base (server value != base value,
 * compared as edit_set_text compares; a custom field by its definition's
 * value only). Returns the count. Fields changed only on the server, or
 * changed by both to the same value, are not conflicts. */
size_t edit_conflicts(const struct edit_form *f, const cJSON *server, size_t **out);
/* Takes the server's record as the new base. For each conflicting field,
 * take_theirs[k] (parallel to edit_conflicts' list; may be NULL: keep all)
 * drops the user's change; the other changes stay, except those now equal
 * to the base. server not an object: nothing happens. */
void edit_rebase(struct edit_form *f, const cJSON *server, const size_t *conflicts,
		 const bool *take_theirs, size_t nconflicts);

/* The field a server error message (422) names, or -1. The message is
 * stored (sanitized) as that field's error. Looked for: a quoted name
 * ('win_probability', "Close Date", 'emails[0].email'), then
 * custom_fields[N] / "custom field N" (definition N, else the N-th custom
 * field of the body), then the longest record key, layout key, label or
 * key in words ("primary contact") found as a word. */
long edit_apply_server_error(struct edit_form *f, const char *message);

/* Drafts: the form's state as JSON, for the journal; and back. Holds no
 * credentials:
 *   {"version": 1, "entity": "opportunities", "id": 2827698, "base": {...},
 *    "changes": [{"key": "close_date", "value": "12/31/2026"},
 *                {"key": "custom_fields", "cf_id": 24, "value": "x"},
 *                {"key": "company_id", "value": 9607580, "name": "Dunder"}]}
 * (id 0: a create; other top-level keys, such as a caller's own, are
 * ignored). edit_form_from_draft() checks everything and applies
 * the changes as edit_set_json() does; a malformed draft, a value refused,
 * or a change for a field the form does not have gives NULL and *error
 * ("The draft cannot be used: ..."). */
cJSON *edit_draft(const struct edit_form *f);
struct edit_form *edit_form_from_draft(const cJSON *draft, const cJSON *layout,
				       struct lookups *lookups, char **error);
/* The same for a form of given fields (edit_form_of_fields). */
struct edit_form *edit_form_of_fields_from_draft(const cJSON *draft, const struct edit_spec *specs,
						 size_t n, struct lookups *lookups, char **error);

#endif
