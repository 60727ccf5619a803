/*
 * columns.h - what each entity's list shows, and how.
 *
 * A row stores each cell's raw text (sanitized) when its page arrives; ids
 * of users, stages, sources and the like are stored as ids and resolved to
 * names when drawn, so names appear as soon as the look-ups arrive and a
 * row never has to be rebuilt.
 */
#ifndef PATINA_COLUMNS_H
#define PATINA_COLUMNS_H

#include "copper/api.h"
#include "copper/lookups.h"
#include "copper/refnames.h"

#include <cjson/cJSON.h>
#include <stddef.h>

enum cell_kind {
	CELL_TEXT,
	CELL_USER,          /* a user id: the owner */
	CELL_STAGE,         /* a pipeline stage id */
	CELL_CONTACT_TYPE,
	CELL_SOURCE,        /* customer source id */
	CELL_LEAD_STATUS,
	CELL_MONEY,         /* "amount currency" */
	CELL_DATE,          /* unix time */
	CELL_CLOSE_DATE,    /* Copper's "MM/DD/YYYY" string */
	CELL_RELATED        /* a task's or project's related record, "type:id" */
};

struct column {
	const char *title;     /* in lower case, its key in settings: "name", "close" */
	const char *sort_by;   /* Copper's sort_by name, NULL if not sortable */
	enum cell_kind kind;
	int min_width;
	int weight;            /* share of the spare width */
	bool right_align;
	/* Extracts the raw cell from a record (caller frees). */
	char *(*extract)(const cJSON *record);
};

const struct column *columns_for(enum entity e, size_t *count);

/*
 * Which columns a list shows, in which order, how wide: the user's choice,
 * written "name company:20 email phone owner" (a key, and a width in
 * columns or none for one that fits the content). Set with `set
 * columns.people = ...` in the config, or typed in the list (C); the
 * typed choice is remembered in the state directory.
 */
#define COLUMNS_MAX 16

struct column_choice {
	size_t n;
	int index[COLUMNS_MAX];  /* into columns_for() */
	int width[COLUMNS_MAX];  /* 0: fits the content */
};

/* Every column of e, as declared. */
void columns_choice_all(enum entity e, struct column_choice *out);
/* Parses a choice for e. False with *error (malloc'd) naming the unknown
 * column and the known ones, a bad width, a column twice or none. */
bool columns_parse_choice(enum entity e, const char *spec, struct column_choice *out,
			  char **error);
/* The choice written back as a spec. Caller frees. */
char *columns_format_choice(enum entity e, const struct column_choice *c);
/* For `set columns.ENTITY = SPEC` in the config (config/settings.h):
 * NULL if valid, else the message (malloc'd). */
char *columns_check_setting(const char *entity, const char *spec);

/* The remembered choices: lines "ENTITY SPEC" in a state file. */
/* Reads the remembered choice for e into *out; false if none (or the
 * file is not trusted or names unknown columns). */
bool columns_remembered(const char *text, enum entity e, struct column_choice *out);
/* text (the file as it was, may be NULL) with e's line replaced by spec.
 * Caller frees. */
char *columns_remember(const char *text, enum entity e, const char *spec);

/* Lays out widths for total columns of space: the chosen columns of cols
 * (one space between), each as wide as its widest content seen (want[i],
 * for the i-th shown column) within bounds, a fixed width as chosen; the
 * spare width goes by weight; too narrow, the widest shrink first, then
 * columns drop from the right. widths must hold choice->n ints. */
void columns_fit_layout(const struct column *cols, const struct column_choice *choice,
			const int *want, int total, int *widths);

/* The text to draw for a raw cell (caller frees): names resolved through
 * the look-ups and the names of records seen (either may be NULL), money
 * and dates formatted. */
char *columns_display(const struct column *c, const char *raw, struct lookups *l,
		      const struct refnames *names);

/* Lays out widths for total columns of space (one space between columns).
 * widths must hold count ints. */
void columns_layout(const struct column *cols, size_t count, int total, int *widths);

/* Copies s truncated to width columns with an ellipsis when cut, padded
 * with spaces to exactly width columns (right-aligned if asked). */
char *columns_fit(const char *s, int width, bool right_align);

#endif
