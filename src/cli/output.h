/*
 * output.h - what the commands print, and how: the record formats (table,
 * TSV, CSV, JSON, NDJSON), the detail layout with SGR styles, and what the
 * terminal on stdout can take.
 *
 * Everything goes to stdout. Text from the server arrives sanitized (the
 * columns, the fields, the detail layout see to it: no control characters,
 * no bidi overrides, tabs and newlines made spaces). Styles are SGR
 * attributes only, never colours: they read on any background and need no
 * NO_COLOR exception, and they are written only to a terminal that is not
 * "dumb".
 *
 * Cells (TSV, CSV) and JSON are written as model/export.h says (the TUI's
 * export writes the same): no cell can split a row or run as a formula
 * unless raw (--raw-cells), and JSON escapes what a terminal would act on.
 */
#ifndef PATINA_CLI_OUTPUT_H
#define PATINA_CLI_OUTPUT_H

#include "model/columns.h"
#include "model/detail.h"
#include "model/fields.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum format { FMT_AUTO, FMT_TABLE, FMT_TSV, FMT_CSV, FMT_JSON, FMT_NDJSON };

/* By enum format ("auto" first), NULL-terminated. */
extern const char *const format_names[];
/* A format's name, any case; "auto" is not one. */
bool format_parse(const char *name, enum format *out);
/* FMT_AUTO: a table on a terminal, TSV in a pipe. */
enum format format_auto(enum format fmt, bool tty);
/* Rows of cells (table, TSV, CSV), not records (JSON, NDJSON). */
bool format_tabular(enum format fmt);

/* stdout. */
struct term {
	bool tty;     /* a terminal */
	bool styled;  /* ... that takes SGR attributes */
	int width;    /* its columns; else $COLUMNS, else 80 */
};

void term_init(struct term *t);

/* A cell as output_row writes it in fmt (FMT_TSV or FMT_CSV): separators
 * replaced, a formula neutralised unless raw, quoted for CSV when needed.
 * Caller frees. */
char *output_cell(enum format fmt, const char *cell, bool raw);
/* One row of cells as TSV, or as CSV with RFC 4180 quoting (output_cell). */
void output_row(enum format fmt, char *const *cells, size_t n, bool raw);

/* JSON text as cJSON prints it, with what a terminal would act on escaped
 * (see above). Caller frees. */
char *output_json_text(const char *json);
/* One JSON value on its own: indented (FMT_JSON) or on one line (else). */
void output_json(enum format fmt, const cJSON *json);
/* Records streamed as one JSON array: output_json_item for the i-th (from
 * 0), then output_json_end with how many there were. */
void output_json_item(const cJSON *rec, long i);
void output_json_end(long count);

/* The record's "id" column (not one of the list's): right-aligned and,
 * in a table, never cut, for ids are what one copies. */
extern const struct column output_id_column;
/* A record's id as text ("" without one). Caller frees. */
char *output_record_id(const cJSON *rec);

/* text as an OSC 8 hyperlink to url on a terminal that takes styles
 * (url NULL, or a pipe: the text alone). Only for patina's own web
 * addresses, built from numbers (entity_web_url), never a server's. */
void output_link(const struct term *t, const char *url, const char *text);
/* A table with a bold title row: every column as wide as its widest cell
 * when that fits the terminal, else the list view's layout for its width.
 * rows[r][c] are the cells (display text), only read; links (NULL, or one
 * per row, each NULL or a URL) make the row's id a link (output_link). */
void output_table(const struct term *t, const struct column *const *cols, size_t ncols,
		  char **const *rows, size_t nrows, char *const *links);

/* A laid-out record (model/detail.h): styled on a terminal, plain text
 * when piped; header_link (or NULL) links the first line (output_link). */
void output_detail(const struct term *t, const struct detail_doc *doc, const char *header_link);
/* A record's fields as TSV or CSV (a "field,value" header): a row per
 * line of a value, empty fields included so that the rows do not depend
 * on the data. raw: as output_row's. */
void output_fields(enum format fmt, const struct field_list *fl, bool raw);

#endif
