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
	const char *title;
	const char *sort_by;   /* Copper's sort_by name, NULL if not sortable */
	enum cell_kind kind;
	int min_width;
	int weight;            /* share of the spare width */
	bool right_align;
	/* Extracts the raw cell from a record (caller frees). */
	char *(*extract)(const cJSON *record);
};

const struct column *columns_for(enum entity e, size_t *count);

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
