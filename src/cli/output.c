/* output.c - see output.h */
#include "config.h"

#include "cli/output.h"
#include "model/export.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

const char *const format_names[] = { "auto", "table", "tsv", "csv", "json", "ndjson", NULL };

bool format_parse(const char *name, enum format *out)
{
	for (int i = 1; format_names[i]; i++) {
		if (!strcasecmp(name, format_names[i])) {
			*out = (enum format)i;
			return true;
		}
	}
	return false;
}

enum format format_auto(enum format fmt, bool tty)
{
	return fmt != FMT_AUTO ? fmt : tty ? FMT_TABLE : FMT_TSV;
}

bool format_tabular(enum format fmt)
{
	return fmt == FMT_TABLE || fmt == FMT_TSV || fmt == FMT_CSV;
}

/* ---- the terminal --------------------------------------------------------- */

void term_init(struct term *t)
{
	t->tty = isatty(STDOUT_FILENO);
	const char *term = getenv("TERM");
	t->styled = t->tty && !(term && !strcmp(term, "dumb"));
	t->width = 80;
	struct winsize ws;
	if (t->tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		t->width = ws.ws_col;
	} else {
		const char *cols = getenv("COLUMNS");
		int64_t n;
		if (cols && str_to_i64(cols, &n) && n > 10 && n < 10000)
			t->width = (int)n;
	}
}

static void sgr(const struct term *t, const char *code)
{
	if (t->styled)
		printf("\033[%sm", code);
}

/* ---- cells: TSV and CSV ----------------------------------------------------- */

char *output_cell(enum format fmt, const char *cell, bool raw)
{
	return export_cell(fmt == FMT_CSV, cell, raw);
}

void output_row(enum format fmt, char *const *cells, size_t n, bool raw)
{
	struct strbuf line = {0};
	export_row(&line, fmt == FMT_CSV, cells, n, raw);
	fputs(line.data, stdout);
	sb_free(&line);
}

/* ---- JSON ------------------------------------------------------------------ */

char *output_json_text(const char *json)
{
	return export_json_text(json);
}

/* Prints cJSON's text, escaped, then frees it. */
static void put_json(char *text, const char *before, const char *after)
{
	if (!text)
		abort(); /* cJSON's allocation failed: as xmalloc's */
	char *safe = output_json_text(text);
	printf("%s%s%s", before, safe, after);
	free(safe);
	cJSON_free(text);
}

void output_json(enum format fmt, const cJSON *json)
{
	put_json(fmt == FMT_JSON ? cJSON_Print(json) : cJSON_PrintUnformatted(json), "", "\n");
}

void output_json_item(const cJSON *rec, long i)
{
	put_json(cJSON_Print(rec), i ? ",\n" : "[\n", "");
}

void output_json_end(long count)
{
	printf(count ? "\n]\n" : "[]\n");
}

/* ---- tables ------------------------------------------------------------------ */

char *output_record_id(const cJSON *rec)
{
	int64_t id = json_member_i64(rec, "id");
	return id ? xasprintf("%" PRId64, id) : xstrdup("");
}

const struct column output_id_column = { "Id", NULL, CELL_TEXT, 2, 0, true, output_record_id };

/* Widths: each column's widest cell when everything fits, else the list
 * view's layout for the terminal's width. */
static void table_widths(const struct term *t, const struct column *const *cols, size_t ncols,
			 char **const *rows, size_t nrows, int *widths)
{
	int total = 0;
	for (size_t i = 0; i < ncols; i++) {
		widths[i] = text_width(cols[i]->title);
		for (size_t r = 0; r < nrows; r++) {
			int w = text_width(rows[r][i]);
			if (w > widths[i])
				widths[i] = w;
		}
		total += widths[i] + (i ? 1 : 0);
	}
	if (total <= t->width)
		return;
	/* ids are never cut: they are what one copies */
	struct column *flex_cols = xcalloc(ncols, sizeof(*flex_cols));
	int fixed = 0;
	size_t nflex = 0;
	for (size_t i = 0; i < ncols; i++) {
		if (cols[i] == &output_id_column)
			fixed += widths[i] + 1;
		else
			flex_cols[nflex++] = *cols[i];
	}
	int *flex = xcalloc(nflex ? nflex : 1, sizeof(*flex));
	columns_layout(flex_cols, nflex, t->width - fixed, flex);
	for (size_t i = 0, k = 0; i < ncols; i++)
		if (cols[i] != &output_id_column)
			widths[i] = flex[k++];
	free(flex);
	free(flex_cols);
}

#define OSC8_OPEN "\033]8;;"
#define OSC8_END "\033\\"

void output_link(const struct term *t, const char *url, const char *text)
{
	if (url && t->styled)
		printf(OSC8_OPEN "%s" OSC8_END "%s" OSC8_OPEN OSC8_END, url, text);
	else
		fputs(text, stdout);
}

void output_table(const struct term *t, const struct column *const *cols, size_t ncols,
		  char **const *rows, size_t nrows, char *const *links)
{
	int *widths = xcalloc(ncols ? ncols : 1, sizeof(*widths));
	table_widths(t, cols, ncols, rows, nrows, widths);
	for (size_t r = 0; r <= nrows; r++) {
		struct strbuf line = {0};
		for (size_t i = 0, k = 0; i < ncols; i++) {
			if (!widths[i])
				continue;
			const char *text = r ? rows[r - 1][i] : cols[i]->title;
			char *cell = columns_fit(text, widths[i], cols[i]->right_align);
			const char *url = r && links && cols[i] == &output_id_column ? links[r - 1] : NULL;
			if (url && t->styled) {
				/* the id, not its padding: the link's text is what copies */
				size_t pad = strspn(cell, " ");
				sb_printf(&line, "%s%.*s" OSC8_OPEN "%s" OSC8_END "%s" OSC8_OPEN OSC8_END,
					  k++ ? " " : "", (int)pad, cell, url, cell + pad);
			} else {
				sb_printf(&line, "%s%s", k++ ? " " : "", cell);
			}
			free(cell);
		}
		/* padding at the end of a line is noise in a terminal's copy */
		while (line.len && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		if (!r)
			sgr(t, "1");
		fputs(line.len ? line.data : "", stdout);
		if (!r)
			sgr(t, "0");
		putchar('\n');
		sb_free(&line);
	}
	free(widths);
}

/* ---- a record --------------------------------------------------------------- */

/* A span's SGR attributes, "" for none. A related record's name (a link
 * in the detail pane) stays plain: a terminal cannot follow it. */
static void style_codes(unsigned style, struct strbuf *codes)
{
	if (style & (DETAIL_LABEL | DETAIL_HEADING | DETAIL_BOLD))
		sb_puts(codes, ";1");
	if (style & (DETAIL_EMPTY | DETAIL_QUOTE))
		sb_puts(codes, ";2");
	if (style & DETAIL_ITALIC)
		sb_puts(codes, ";3");
	if (style & DETAIL_URL)
		sb_puts(codes, ";4");
	if (style & DETAIL_CODE)
		sb_puts(codes, ";7");
}

void output_detail(const struct term *t, const struct detail_doc *doc, const char *header_link)
{
	for (size_t i = 0; i < doc->nlines; i++) {
		const struct detail_line *l = &doc->lines[i];
		for (size_t k = 0; k < l->nspans; k++) {
			struct strbuf codes = {0};
			style_codes(l->spans[k].style, &codes);
			if (codes.len)
				sgr(t, codes.data + 1);
			output_link(t, i == 0 ? header_link : NULL, l->spans[k].text);
			if (codes.len)
				sgr(t, "0");
			sb_free(&codes);
		}
		putchar('\n');
	}
}

void output_fields(enum format fmt, const struct field_list *fl, bool raw)
{
	if (fmt == FMT_CSV)
		printf("field,value\n");
	for (size_t i = 0; i < fl->count; i++) {
		const struct field *f = &fl->fields[i];
		size_t n = f->nlines ? f->nlines : 1;
		for (size_t k = 0; k < n; k++) {
			char *value = f->nlines ? sanitize_line(f->lines[k], strlen(f->lines[k]))
						: xstrdup("");
			char *cells[2] = { f->label, value };
			output_row(fmt, cells, 2, raw);
			free(value);
		}
	}
}
