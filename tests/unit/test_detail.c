/* Unit tests: detail.c, a record's fields laid out as lines of styled spans */
#include "config.h"

#include "model/detail.h"
#include "model/fields.h"
#include "copper/lookups.h"
#include "fixtures.h"
#include "testlib.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define EM_DASH "\xe2\x80\x94"
#define ELLIPSIS "\xe2\x80\xa6"

/* ---- helpers ------------------------------------------------------------ */

/* A field with its lines (NULL-terminated varargs); none: an empty field. */
static void set_field(struct field *f, const char *label, enum field_kind kind, ...)
{
	memset(f, 0, sizeof(*f));
	f->label = xstrdup(label);
	f->key = xstrdup(label);
	f->kind = kind;
	f->ref_entity = ENT_COUNT;
	f->lines = xcalloc(1, sizeof(*f->lines));
	va_list ap;
	va_start(ap, kind);
	for (const char *line; (line = va_arg(ap, const char *));) {
		f->lines = xrealloc(f->lines, (f->nlines + 2) * sizeof(*f->lines));
		f->lines[f->nlines++] = xstrdup(line);
		f->lines[f->nlines] = NULL;
	}
	va_end(ap);
	f->empty = f->nlines == 0;
}

static struct field_list *new_list(size_t count)
{
	struct field_list *fl = xcalloc(1, sizeof(*fl));
	fl->fields = xcalloc(count, sizeof(*fl->fields));
	fl->count = count;
	return fl;
}

/* A line's text, spans joined. Caller frees. */
static char *line_text(const struct detail_line *l)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < l->nspans; i++)
		sb_puts(&sb, l->spans[i].text);
	sb_reserve(&sb, 1);
	return sb_detach(&sb);
}

/* The whole document as text, one line per '\n'. Caller frees. */
static char *doc_text(const struct detail_doc *d)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < d->nlines; i++) {
		char *t = line_text(&d->lines[i]);
		sb_printf(&sb, "%s\n", t);
		free(t);
	}
	sb_reserve(&sb, 1);
	return sb_detach(&sb);
}

static struct detail_doc *lay_out(const struct field_list *fl, int width, bool show_empty,
				  bool labels_of_all)
{
	struct detail_doc *d = detail_new();
	struct detail_options o = { width, show_empty, labels_of_all };
	detail_add_fields(d, fl, &o);
	return d;
}

#define CHECK_DOC(doc, want) do { \
	char *doc_text_ = doc_text(doc); \
	CHECK_STR(doc_text_, want); \
	free(doc_text_); \
} while (0)

/* The style of the span holding text on a line, or -1. */
static int style_of(const struct detail_line *l, const char *text)
{
	for (size_t i = 0; i < l->nspans; i++)
		if (strstr(l->spans[i].text, text))
			return (int)l->spans[i].style;
	return -1;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_label_column(void)
{
	struct field_list *fl = new_list(3);
	set_field(&fl->fields[0], "Name", FIELD_TEXT, "Ada Lovelace", NULL);
	set_field(&fl->fields[1], "Title", FIELD_TEXT, "Countess", NULL);
	set_field(&fl->fields[2], "A label much too long to keep", FIELD_TEXT, "x", NULL);
	struct detail_doc *d = lay_out(fl, 80, false, false);
	/* the widest label, at most 22 columns, cut with an ellipsis */
	CHECK_DOC(d, "Name                    Ada Lovelace\n"
		     "Title                   Countess\n"
		     "A label much too long" ELLIPSIS "  x\n");
	detail_free(d);
	/* and at most a third of the width */
	d = lay_out(fl, 30, false, false);
	CHECK_DOC(d, "Name        Ada Lovelace\n"
		     "Title       Countess\n"
		     "A label m" ELLIPSIS "  x\n");
	detail_free(d);
	fields_free(fl);
}

static void test_values_wrap_under_their_column(void)
{
	struct field_list *fl = new_list(2);
	set_field(&fl->fields[0], "About", FIELD_TEXT, "one two three four five six seven", NULL);
	set_field(&fl->fields[1], "Tags", FIELD_LIST, "vip", "churn-risk", NULL);
	struct detail_doc *d = lay_out(fl, 24, false, false);
	CHECK_DOC(d, "About  one two three\n"
		     "       four five six\n"
		     "       seven\n"
		     "Tags   vip\n"
		     "       churn-risk\n");
	/* each line knows its field */
	CHECK_INT(d->nlines, 5);
	int want[] = { 0, 0, 0, 1, 1 };
	for (size_t i = 0; i < d->nlines && i < 5; i++)
		CHECK_INT(d->lines[i].field, want[i]);
	/* the label is a span of its own, padded to the column */
	CHECK_STR(d->lines[0].spans[0].text, "About");
	CHECK_INT(d->lines[0].spans[0].style, DETAIL_LABEL);
	CHECK_STR(d->lines[0].spans[1].text, "  ");
	CHECK_INT(d->lines[0].spans[1].style, DETAIL_VALUE);
	detail_free(d);
	/* a pipe: never wrapped */
	d = lay_out(fl, DETAIL_UNWRAPPED, false, false);
	CHECK_DOC(d, "About  one two three four five six seven\n"
		     "Tags   vip\n"
		     "       churn-risk\n");
	detail_free(d);
	fields_free(fl);
}

static void test_text_keeps_ten_columns(void)
{
	struct field_list *fl = new_list(1);
	set_field(&fl->fields[0], "Name", FIELD_TEXT, "abcdefghijklmnopqrstuvwxyz", NULL);
	struct detail_doc *d = lay_out(fl, 12, false, false);
	/* label 4 columns (12 / 3), the text 10 columns however narrow */
	CHECK_DOC(d, "Name  abcdefghij\n"
		     "      klmnopqrst\n"
		     "      uvwxyz\n");
	detail_free(d);
	fields_free(fl);
}

static void test_empty_fields(void)
{
	struct field_list *fl = new_list(3);
	set_field(&fl->fields[0], "Name", FIELD_TEXT, "Ada", NULL);
	set_field(&fl->fields[1], "Very long label", FIELD_TEXT, NULL);
	set_field(&fl->fields[2], "Title", FIELD_TEXT, "Countess", NULL);
	/* left out, and their labels do not widen the column */
	struct detail_doc *d = lay_out(fl, 80, false, false);
	CHECK_DOC(d, "Name   Ada\n"
		     "Title  Countess\n");
	CHECK_INT(d->lines[1].field, 2);
	detail_free(d);
	/* ... unless the column is to fit every label */
	d = lay_out(fl, 80, false, true);
	CHECK_DOC(d, "Name             Ada\n"
		     "Title            Countess\n");
	detail_free(d);
	/* shown: an em dash, dimmed */
	d = lay_out(fl, 80, true, false);
	CHECK_DOC(d, "Name             Ada\n"
		     "Very long label  " EM_DASH "\n"
		     "Title            Countess\n");
	CHECK_INT(d->lines[1].field, 1);
	CHECK_INT(style_of(&d->lines[1], EM_DASH), DETAIL_EMPTY);
	detail_free(d);
	fields_free(fl);
}

static void test_styles(void)
{
	struct field_list *fl = new_list(3);
	set_field(&fl->fields[0], "Company", FIELD_TEXT, "Acme", NULL);
	fl->fields[0].ref_id = 7;
	fl->fields[0].ref_entity = ENT_COMPANIES;
	set_field(&fl->fields[1], "Odd", FIELD_UNMAPPED, "(patina cannot show this field yet)", NULL);
	set_field(&fl->fields[2], "Title", FIELD_TEXT, "CEO", NULL);
	struct detail_doc *d = lay_out(fl, 80, false, false);
	CHECK_INT(style_of(&d->lines[0], "Company"), DETAIL_LABEL);
	CHECK_INT(style_of(&d->lines[0], "Acme"), DETAIL_LINK);
	CHECK_INT(style_of(&d->lines[1], "patina cannot"), DETAIL_EMPTY);
	CHECK_INT(style_of(&d->lines[2], "CEO"), DETAIL_VALUE);
	detail_free(d);
	fields_free(fl);
}

static void test_long_text_is_markdown(void)
{
	struct field_list *fl = new_list(2);
	set_field(&fl->fields[0], "Name", FIELD_TEXT, "Ada", NULL);
	set_field(&fl->fields[1], "Description", FIELD_LONGTEXT,
		  "# Plan\n\nShip **now**, then `rest`.\n\n> quoted [site](https://x.example)", NULL);
	struct detail_doc *d = lay_out(fl, 40, false, false);
	/* under its whole label (which sizes the column, as any other), indented */
	CHECK_DOC(d, "Name         Ada\n"
		     "Description\n"
		     "  Plan\n"
		     "  \n"
		     "  Ship now, then rest.\n"
		     "  \n"
		     "  \xe2\x94\x82 quoted site <https://x.example>\n");
	for (size_t i = 1; i < d->nlines; i++)
		CHECK_INT(d->lines[i].field, 1);
	CHECK_INT(style_of(&d->lines[1], "Description"), DETAIL_LABEL);
	CHECK(style_of(&d->lines[2], "Plan") & DETAIL_HEADING);
	CHECK(style_of(&d->lines[4], "now") & DETAIL_BOLD);
	CHECK(style_of(&d->lines[4], "rest") & DETAIL_CODE);
	CHECK(style_of(&d->lines[6], "quoted") & DETAIL_QUOTE);
	CHECK(style_of(&d->lines[6], "site") & DETAIL_URL);
	CHECK(!(style_of(&d->lines[6], "site") & DETAIL_LINK));
	detail_free(d);
	fields_free(fl);
}

static void test_header(void)
{
	struct detail_doc *d = detail_new();
	detail_add_header(d, "Ada Lovelace", ENT_PEOPLE, 12, 80);
	CHECK_DOC(d, "Ada Lovelace  Person #12\n");
	CHECK_INT(d->lines[0].field, -1);
	CHECK_INT(style_of(&d->lines[0], "Ada"), DETAIL_HEADING);
	CHECK_INT(style_of(&d->lines[0], "Person"), DETAIL_EMPTY);
	detail_free(d);
	/* too long for one line: the name wrapped whole, the kind under it */
	d = detail_new();
	detail_add_header(d, "Analytical Engine Company", ENT_COMPANIES, 3, 20);
	CHECK_DOC(d, "Analytical Engine\n"
		     "Company\n"
		     "Company #3\n");
	detail_free(d);
	/* no name; and a name is sanitized */
	d = detail_new();
	detail_add_header(d, NULL, ENT_TASKS, 5, 80);
	detail_add_header(d, "Evil\x1b[2J name", ENT_LEADS, 6, 80);
	CHECK_DOC(d, "(no name)  Task #5\n"
		     "Evil name  Lead #6\n");
	detail_free(d);
}

static void test_building_blocks(void)
{
	struct detail_doc *d = detail_new();
	struct detail_line *l = detail_add_line(d, 4);
	detail_add_span(l, "Related", DETAIL_LABEL);
	detail_add_wrapped(d, 9, "  ", DETAIL_VALUE, 2, "a related record with a long name",
			   DETAIL_LINK, 16);
	CHECK_DOC(d, "Related\n"
		     "  a related\n"
		     "  record with a\n"
		     "  long name\n");
	CHECK_INT(d->lines[0].field, 4);
	CHECK_INT(d->lines[3].field, 9);
	CHECK_INT(detail_line_width(&d->lines[2]), 15);
	detail_free(d);
}

/* Through the detail model: a task's related record shows its name once
 * the resolver knows it. */
static void test_related_names_from_fields(void)
{
	cJSON *rec = test_json("{'id':1,'name':'Call back','related_resource':{'id':2,'type':'company'}}");
	struct refnames *names = refnames_new();
	struct field_list *fl = fields_build(ENT_TASKS, NULL, rec, NULL, names);
	struct detail_doc *d = lay_out(fl, DETAIL_UNWRAPPED, false, false);
	char *text = doc_text(d);
	CHECK_CONTAINS(text, "Company: #2");
	free(text);
	detail_free(d);
	fields_free(fl);
	refnames_put(names, ENT_COMPANIES, 2, "Acme Corp");
	fl = fields_build(ENT_TASKS, NULL, rec, NULL, names);
	d = lay_out(fl, DETAIL_UNWRAPPED, false, false);
	text = doc_text(d);
	CHECK_CONTAINS(text, "Company: Acme Corp");
	free(text);
	detail_free(d);
	fields_free(fl);
	refnames_free(names);
	cJSON_Delete(rec);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	RUN(test_label_column);
	RUN(test_values_wrap_under_their_column);
	RUN(test_text_keeps_ten_columns);
	RUN(test_empty_fields);
	RUN(test_styles);
	RUN(test_long_text_is_markdown);
	RUN(test_header);
	RUN(test_building_blocks);
	RUN(test_related_names_from_fields);
	return test_summary();
}
