/*
 * export.h - records as CSV, TSV and JSON text: what `patina find` prints
 * and what the TUI's export (X) writes to a file, the same bytes.
 *
 * Cells (TSV, CSV) are written so that neither a row nor a spreadsheet can
 * be subverted by what they hold, whatever reached export_row:
 *   - a row is one line: tab, CR, LF and the other characters that some
 *     readers take for a line or field break (VT, FF, FS, GS, RS, US, NEL,
 *     U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR) become a space in
 *     TSV, which has no quoting; in CSV, tab, CR and LF stay, inside the
 *     RFC 4180 quotes, and the others become a space too, for readers that
 *     split lines the Unicode way (Python's str.splitlines) before parsing;
 *   - U+FEFF (a byte order mark, or zero-width no-break space) is dropped:
 *     a reader may strip it, or take the cell for the start of a file;
 *   - a cell that a spreadsheet would run as a formula (it starts with
 *     '=', '+', '-', '@', a tab or a CR, or their full-width forms) gets a
 *     "'" in front, as OWASP advises against CSV injection; a plain number
 *     ("-12.5", "+3") is left alone, for it cannot run anything. The caller
 *     turns this off with raw (find's --raw-cells); the row stays one row.
 *
 * JSON is the API's own records as cJSON prints them, except that what a
 * terminal would act on or reorder, and cJSON leaves raw, is written as a
 * \u escape: DEL, the C1 controls (U+0080-U+009F: 8-bit CSI, OSC...), the
 * bidi embeddings, overrides, isolates and marks (U+202A-U+202E,
 * U+2066-U+2069, U+200E, U+200F, U+061C), and U+2028/U+2029 (line breaks to
 * JavaScript). A byte that is not UTF-8 becomes \ufffd. This is done on a
 * terminal and in a pipe alike: it is still the same JSON, and valid JSON.
 *
 * Pure: text in, text out (util/util.h's string buffers).
 */
#ifndef PATINA_EXPORT_H
#define PATINA_EXPORT_H

#include "copper/entity.h"
#include "copper/lookups.h"
#include "copper/refnames.h"
#include "model/columns.h"
#include "util/util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* A cell as export_row writes it (csv: CSV, else TSV): separators
 * replaced, a formula neutralised unless raw, quoted for CSV when needed.
 * Caller frees. */
char *export_cell(bool csv, const char *cell, bool raw);
/* One row of cells as TSV, or as CSV with RFC 4180 quoting, and a line
 * break, appended to out. */
void export_row(struct strbuf *out, bool csv, char *const *cells, size_t n, bool raw);

/* JSON text as cJSON prints it, with what a terminal would act on escaped
 * (see above). Caller frees. */
char *export_json_text(const char *json);
/* Records as one JSON array: export_json_record for the i-th (from 0),
 * then export_json_end with how many there were. */
void export_json_record(struct strbuf *out, const cJSON *rec, long i);
void export_json_end(struct strbuf *out, long count);

/* A list as CSV: the header ("Id" and the entity's list columns), then a
 * row per record, cells as the list shows them (names through the
 * look-ups and the names of records seen; either may be NULL). */
void export_csv_header(struct strbuf *out, enum entity e);
void export_csv_record(struct strbuf *out, enum entity e, const cJSON *rec, struct lookups *lookups,
		       const struct refnames *names);

#endif
