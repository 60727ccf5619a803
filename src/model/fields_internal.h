/*
 * fields_internal.h - what the detail model's two files share: fields.c
 * (which fields a record shows: the layout and the per-entity key maps)
 * and fields_render.c (how each value reads). Nothing else includes it.
 *
 * A struct field's lines are owned by it: field_add_owned() takes a
 * malloc'd line (and frees it when it is blank).
 */
#ifndef PATINA_FIELDS_INTERNAL_H
#define PATINA_FIELDS_INTERNAL_H

#include "model/fields.h"
#include "copper/lookups.h"
#include "copper/refnames.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* How much of an unknown layout key is quoted. */
#define KEY_QUOTE_MAX 80

/* How a mapped key's value is shown. */
enum render {
	R_TEXT,          /* a string (numbers and booleans shown as such) */
	R_PERSON_NAME,   /* "name", else prefix first middle last suffix */
	R_LONGTEXT,      /* Markdown */
	R_USER,          /* a user id */
	R_LOOKUP,        /* an id in the look-up .lookup */
	R_ACTIVITY_TYPE, /* a task's custom_activity_type_id */
	R_PIPELINE,
	R_STAGE,
	R_LEAD_STATUS,   /* status_id, else the record's "status" string */
	R_COMPANY,       /* company_id, named by company_name */
	R_PRIMARY_CONTACT, /* primary_contact_id, named if the record has it */
	R_RELATED,       /* related_resource {id, type[, name]} */
	R_DATE,          /* Unix time */
	R_CLOSE_DATE,    /* "MM/DD/YYYY" */
	R_MONEY,         /* with the record's monetary_unit */
	R_PERCENT,
	R_NUMBER,
	R_CONTACT_LIST,  /* [{<sub>: ..., category: ...}] or one such object */
	R_ADDRESS,
	R_STRING_LIST    /* tags */
};

/* One layout key of an entity (fields.c's tables). */
struct keymap {
	const char *key;        /* layout key */
	const char *record_key;
	enum render how;
	bool editable;
	const char *label;      /* label in the default layout; NULL: not in it */
	const char *sub;        /* R_CONTACT_LIST: the item's value key */
	enum lookup lookup;     /* R_LOOKUP */
};

/* What rendering one record needs; nothing here is owned. */
struct ctx {
	enum entity entity;
	const cJSON *record;
	struct lookups *lookups;
	const struct refnames *names; /* names of related records, or NULL */
	const cJSON *definitions; /* custom field definitions, or NULL */
};

/* What the record holds for a layout key, rendered as k says into f. */
void field_render_static(const struct ctx *c, struct field *f, const struct keymap *k);
/* The record's value of custom field def_id, rendered by its definition's
 * data type into f. */
void field_render_custom(const struct ctx *c, struct field *f, int64_t def_id);
/* Adds a line (taken; dropped when blank after trimming). */
void field_add_owned(struct field *f, char *s);
/* Adds any value: an array as one line per element (f becomes a list). */
void field_add_generic(struct field *f, const cJSON *v);

#endif
