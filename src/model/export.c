/* export.c - see export.h */
#include "config.h"

#include "model/export.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- cells: TSV and CSV ----------------------------------------------------- */

/* Characters a reader may take for the end of a line or field (export.h). */
static bool breaks_row(bool csv, unsigned cp)
{
	if (cp == '\t' || cp == '\r' || cp == '\n')
		return !csv; /* CSV quotes them */
	return cp == 0x0b || cp == 0x0c || (cp >= 0x1c && cp <= 0x1f) || cp == 0x85 ||
	       cp == 0x2028 || cp == 0x2029;
}

/* [+-]digits[.digits]: a spreadsheet reads it as the number it is. */
static bool plain_number(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	size_t digits = strspn(s, "0123456789");
	if (!digits)
		return false;
	s += digits;
	if (*s == '.') {
		digits = strspn(++s, "0123456789");
		if (!digits)
			return false;
		s += digits;
	}
	return !*s;
}

/* A cell a spreadsheet would run as a formula (OWASP's list, with the
 * full-width forms some spreadsheets also take). */
static bool formula_start(const char *s)
{
	unsigned cp;
	size_t len;
	/* a U+FEFF in front is dropped: what follows it is what a reader sees */
	while ((len = utf8_decode(s, strlen(s), &cp)) == 3 && cp == 0xfeff)
		s += len;
	if (!*s)
		return false;
	switch (cp) {
	case '=': case '+': case '-': case '@': case '\t': case '\r':
	case 0xff1d: case 0xff0b: case 0xff0d: case 0xff20: /* = + - @ full width */
		return !plain_number(s);
	default:
		return false;
	}
}

char *export_cell(bool csv, const char *cell, bool raw)
{
	struct strbuf text = {0};
	size_t n = strlen(cell);
	sb_reserve(&text, n + 2);
	if (!raw && formula_start(cell))
		sb_putc(&text, '\'');
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = utf8_decode(cell + i, n - i, &cp);
		if (breaks_row(csv, cp))
			sb_putc(&text, ' ');
		else if (cp != 0xfeff)
			sb_append(&text, cell + i, len);
		i += len;
	}
	const char *t = text.data;
	if (!csv || (!strpbrk(t, ",\"\r\n") && t[0] != ' ' &&
			       (!text.len || t[text.len - 1] != ' ')))
		return sb_detach(&text);
	struct strbuf quoted = {0};
	sb_putc(&quoted, '"');
	for (; *t; t++) {
		if (*t == '"')
			sb_putc(&quoted, '"');
		sb_putc(&quoted, *t);
	}
	sb_putc(&quoted, '"');
	sb_free(&text);
	return sb_detach(&quoted);
}

void export_row(struct strbuf *out, bool csv, char *const *cells, size_t n, bool raw)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_putc(out, csv ? ',' : '\t');
		char *cell = export_cell(csv, cells[i], raw);
		sb_puts(out, cell);
		free(cell);
	}
	sb_putc(out, '\n');
}

/* ---- JSON ------------------------------------------------------------------ */

/* What cJSON leaves raw and a terminal acts on or reorders (export.h). */
static bool json_escaped(unsigned cp)
{
	return cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c ||
	       cp == 0x2028 || cp == 0x2029;
}

char *export_json_text(const char *json)
{
	struct strbuf out = {0};
	size_t n = strlen(json);
	sb_reserve(&out, n + 1);
	/* outside strings cJSON writes ASCII only: every byte from 0x7f up is
	 * inside a string, where a \u escape means the same */
	for (size_t i = 0; i < n;) {
		size_t run = i;
		while (run < n && (unsigned char)json[run] < 0x7f)
			run++;
		sb_append(&out, json + i, run - i);
		if ((i = run) >= n)
			break;
		unsigned cp;
		size_t len = utf8_decode(json + i, n - i, &cp);
		if (cp == 0xfffd && len == 1)
			sb_puts(&out, "\\ufffd"); /* not UTF-8: JSON text must be */
		else if (json_escaped(cp))
			sb_printf(&out, "\\u%04x", cp);
		else
			sb_append(&out, json + i, len);
		i += len;
	}
	return sb_detach(&out);
}

void export_json_record(struct strbuf *out, const cJSON *rec, long i)
{
	char *text = cJSON_Print(rec);
	if (!text)
		abort(); /* cJSON's allocation failed: as xmalloc's */
	char *safe = export_json_text(text);
	cJSON_free(text);
	sb_puts(out, i ? ",\n" : "[\n");
	sb_puts(out, safe);
	free(safe);
}

void export_json_end(struct strbuf *out, long count)
{
	sb_puts(out, count ? "\n]\n" : "[]\n");
}

/* ---- a list as a table --------------------------------------------------------- */

void export_csv_header(struct strbuf *out, enum entity e)
{
	size_t n;
	const struct column *cols = columns_for(e, &n);
	char **titles = xcalloc(n + 1, sizeof(*titles));
	titles[0] = (char *)"Id";
	for (size_t i = 0; i < n; i++)
		titles[i + 1] = (char *)cols[i].title;
	export_row(out, true, titles, n + 1, false);
	free(titles);
}

void export_csv_record(struct strbuf *out, enum entity e, const cJSON *rec, struct lookups *lookups,
		       const struct refnames *names)
{
	size_t n;
	const struct column *cols = columns_for(e, &n);
	char **cells = xcalloc(n + 1, sizeof(*cells));
	int64_t id = json_member_i64(rec, "id");
	cells[0] = id ? xasprintf("%" PRId64, id) : xstrdup("");
	for (size_t i = 0; i < n; i++) {
		char *raw = cols[i].extract(rec);
		cells[i + 1] = columns_display(&cols[i], raw, lookups, names);
		free(raw);
	}
	export_row(out, true, cells, n + 1, false);
	for (size_t i = 0; i <= n; i++)
		free(cells[i]);
	free(cells);
}
