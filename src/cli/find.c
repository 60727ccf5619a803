/*
 * find.c - `patina find <entity> [QUERY] [FILTERS...]`: a search, printed
 * as a table, TSV, CSV, JSON or NDJSON.
 *
 * The words are split into filter terms (key:value, key>value... as the
 * filter prompt takes them) and name words. The filter is resolved
 * against the look-ups, loaded only when its names need them; a filter
 * that is wrong whatever they say costs no request at all. Pages of up to
 * 200 records are asked for in parallel once the first tells the total,
 * and printed in order as they come; a table waits for them all, to be
 * sized to them.
 *
 * Cells show names, not ids: the list's look-ups are asked for alongside
 * the first page, and a task's or project's related record is named by one
 * search by ids per entity (oneshot_want_names) per page. TSV and CSV rows
 * wait for those names rather than print ids.
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "copper/refnames.h"
#include "fetch/session.h"
#include "model/columns.h"
#include "model/filter.h"
#include "model/rows.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define PAGE_MAX 200         /* Copper's largest search page */
#define DEFAULT_LIMIT 200    /* one request */

struct find {
	struct oneshot *c;
	enum entity e;
	enum format fmt;
	struct term term;
	const struct column **cols;
	size_t ncols;
	bool names;         /* a column shows related records: name them */
	cJSON *criteria;
	char *sort_by;      /* Copper's sort field, NULL: its default order */
	bool descending;
	long limit;
	int page_size;
	int pages;          /* pages wanted; known once page 1 is in */
	int64_t total;      /* X-PW-TOTAL, -1 unknown */
	cJSON **arrived;    /* per page, waiting for its turn to print */
	int next;           /* the page to print next */
	long printed;
	int code;           /* nonzero: a page failed */
	bool raw_cells;     /* --raw-cells */
	char ***rows;       /* table: cells kept to size the columns */
	size_t nrows;
	/* answered from the mirror: its pages, as the server's would come */
	bool from_mirror;
	struct cli_mirror mirror;
	struct api_result **local;
	size_t nlocal;
};

/* The table, each row's id a link to the record in Copper's web app where
 * the terminal takes them (cli_record_link: no request for it). */
static void print_table(struct find *f)
{
	char **links = xcalloc(f->nrows, sizeof(*links));
	for (size_t c = 0; c < f->ncols; c++) {
		if (f->cols[c] != &output_id_column)
			continue;
		for (size_t r = 0; r < f->nrows; r++) {
			int64_t id;
			if (str_to_i64(f->rows[r][c], &id))
				links[r] = cli_record_link(f->c, &f->term, f->e, id);
		}
	}
	output_table(&f->term, f->cols, f->ncols, f->rows, f->nrows, links);
	for (size_t r = 0; r < f->nrows; r++)
		free(links[r]);
	free(links);
}

/* ---- columns and order -------------------------------------------------------- */

/* The column for a name: its title or its sort name, or "id". */
static const struct column *column_named(enum entity e, const char *name, size_t len)
{
	size_t n;
	const struct column *cols = columns_for(e, &n);
	if (len == 2 && !strncasecmp(name, "id", 2))
		return &output_id_column;
	for (size_t i = 0; i < n; i++) {
		if ((strlen(cols[i].title) == len && !strncasecmp(cols[i].title, name, len)) ||
		    (cols[i].sort_by && strlen(cols[i].sort_by) == len &&
		     !strncasecmp(cols[i].sort_by, name, len)))
			return &cols[i];
	}
	return NULL;
}

static char *column_list(enum entity e)
{
	size_t n;
	const struct column *cols = columns_for(e, &n);
	struct strbuf sb = {0};
	sb_puts(&sb, "id");
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, ", %s", cols[i].title);
	return sb_detach(&sb);
}

static bool choose_columns(struct find *f, const char *spec, int *code)
{
	size_t n;
	const struct column *cols = columns_for(f->e, &n);
	if (!spec) {
		f->cols = xcalloc(n + 1, sizeof(*f->cols));
		f->cols[f->ncols++] = &output_id_column;
		for (size_t i = 0; i < n; i++)
			f->cols[f->ncols++] = &cols[i];
		return true;
	}
	f->cols = xcalloc(strlen(spec) + 1, sizeof(*f->cols));
	for (const char *p = spec; *p;) {
		size_t len = strcspn(p, ",");
		const struct column *col = column_named(f->e, p, len);
		if (!col) {
			char *name = sanitize_line(p, len), *list = column_list(f->e);
			*code = cli_usage_error("find", "no column '%s' for %s (columns: %s)", name,
						entity_path(f->e), list);
			free(name);
			free(list);
			return false;
		}
		f->cols[f->ncols++] = col;
		p += len;
		if (*p == ',')
			p++;
	}
	if (!f->ncols) {
		*code = cli_usage_error("find", "--columns needs at least one column");
		return false;
	}
	return true;
}

/* FIELD or FIELD:desc (also :asc); a column's title or sort name stands for
 * its sort field, anything else goes to Copper as is (it refuses unknown
 * fields with a message naming sort_by). */
static bool choose_sort(struct find *f, const char *spec, int *code)
{
	if (!spec)
		return true;
	const char *colon = strrchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	if (colon && strcasecmp(colon + 1, "desc") && strcasecmp(colon + 1, "asc")) {
		*code = cli_usage_error("find", "--sort FIELD[:desc]: expected 'desc' or 'asc' "
					"after ':'");
		return false;
	}
	f->descending = colon && !strcasecmp(colon + 1, "desc");
	const struct column *col = column_named(f->e, spec, len);
	if (col && !col->sort_by) {
		*code = cli_usage_error("find", "'%s' cannot be sorted on", col->title);
		return false;
	}
	if (!len) {
		*code = cli_usage_error("find", "--sort needs a field");
		return false;
	}
	f->sort_by = col ? xstrdup(col->sort_by) : xstrndup(spec, len);
	return true;
}

/* ---- the filter ----------------------------------------------------------------- */

/* key:value, key>value, "Custom field":value... as the filter prompt takes
 * them; anything else is a word of the name searched for. */
static size_t term_key_length(const char *arg)
{
	if (arg[0] == '"') {
		const char *end = strchr(arg + 1, '"');
		return end && end[1] && strchr(":<>=", end[1]) ? (size_t)(end + 1 - arg) : 0;
	}
	size_t n = 0;
	while (isalnum((unsigned char)arg[n]) || arg[n] == '_' || arg[n] == '-')
		n++;
	return n && isalpha((unsigned char)arg[0]) && arg[n] && strchr(":<>=", arg[n]) ? n : 0;
}

/* The shell removed the quotes the user typed: a value with spaces is
 * quoted again so the filter sees one term. */
static void append_term(struct strbuf *sb, const char *arg)
{
	if (sb->len)
		sb_putc(sb, ' ');
	if (strchr(arg, '"') || !strpbrk(arg, " \t")) {
		sb_puts(sb, arg);
		return;
	}
	size_t op = term_key_length(arg);
	while (arg[op] && strchr(":<>=", arg[op]))
		op++;
	sb_append(sb, arg, op);
	sb_putc(sb, '"');
	for (const char *p = arg + op; *p; p++) {
		if (*p == '\\')
			sb_putc(sb, '\\');
		sb_putc(sb, *p);
	}
	sb_putc(sb, '"');
}

static bool lookups_missing(const char *error)
{
	return error && (strstr(error, "not loaded yet") || strstr(error, "not known yet"));
}

/* The look-ups a filter's keys resolve names against (an optimisation:
 * when it falls short, every filter look-up is loaded and the parse tried
 * again). */
static void need_filter_lookups(struct oneshot *c, enum entity e, char **terms, int n, bool all)
{
	static const struct { const char *key; enum lookup which; } keys[] = {
		{ "owner", LOOKUP_USERS }, { "tag", LOOKUP_TAGS }, { "stage", LOOKUP_PIPELINES },
		{ "pipeline", LOOKUP_PIPELINES }, { "type", LOOKUP_CONTACT_TYPES },
		{ "source", LOOKUP_CUSTOMER_SOURCES }, { "loss", LOOKUP_LOSS_REASONS },
		{ "cf", LOOKUP_CUSTOM_FIELDS },
	};
	for (int i = 0; i < n; i++) {
		size_t k = term_key_length(terms[i]);
		if (terms[i][0] == '"' || all)
			oneshot_need(c, LOOKUP_CUSTOM_FIELDS);
		for (size_t j = 0; j < ARRAY_SIZE(keys); j++)
			if (all || (strlen(keys[j].key) == k &&
				    !strncasecmp(terms[i], keys[j].key, k)))
				oneshot_need(c, keys[j].which);
		if (e == ENT_LEADS && (all || (k == 6 && !strncasecmp(terms[i], "status", 6))))
			oneshot_need(c, LOOKUP_LEAD_STATUSES);
		if (all || (k == 5 && !strncasecmp(terms[i], "owner", 5) &&
			    !strcasecmp(terms[i] + k + 1, "me")))
			oneshot_need(c, LOOKUP_ME);
	}
}

/* c NULL: without look-ups, to tell a filter that is wrong whatever they
 * say from one that needs them. */
static cJSON *parse_criteria(struct oneshot *c, enum entity e, const char *text, char **error)
{
	struct filter_context ctx = { c ? c->lookups : NULL, e, c ? oneshot_me_id(c) : 0,
				      (int64_t)time(NULL) };
	free(*error);
	*error = NULL;
	return filter_parse(text, &ctx, error);
}

/* The search body: the filter, resolved against the look-ups (loaded when
 * its names need them), plus the name words. */
static cJSON *find_criteria(struct find *f, char **terms, int nterms, const char *text,
			    const char *name)
{
	struct oneshot *c = f->c;
	char *error = NULL;
	cJSON *body = parse_criteria(c, f->e, text, &error);
	for (int round = 0; !body && lookups_missing(error) && round < 2; round++) {
		need_filter_lookups(c, f->e, terms, nterms, round > 0);
		if (!oneshot_settle(c)) {
			free(error);
			f->code = oneshot_gave_up(c, "the look-ups the filter names");
			return NULL;
		}
		body = parse_criteria(c, f->e, text, &error);
	}
	if (!body) {
		if (lookups_missing(error) && c->lookup_kind != APIE_NONE) {
			fprintf(stderr, "patina: %s\n", lookups_error(c->lookups));
			f->code = exit_code_for(c->lookup_kind);
		} else {
			f->code = cli_usage_error("find", "%s", error ? error : "invalid filter");
		}
		free(error);
		return NULL;
	}
	free(error);
	if (*name) {
		cJSON_DeleteItemFromObjectCaseSensitive(body, "name");
		cJSON_AddStringToObject(body, "name", name);
	}
	return body;
}

/* ---- pages ------------------------------------------------------------------------ */

static void submit_page(struct find *f, int page)
{
	if (f->from_mirror) {
		f->local = xrealloc(f->local, (f->nlocal + 1) * sizeof(*f->local));
		f->local[f->nlocal++] = cli_mirror_search(&f->mirror, f->e, f->criteria, page,
							  f->page_size, f->sort_by, f->descending);
		return;
	}
	oneshot_submit(f->c, api_search(f->e, f->criteria, page, f->page_size, f->sort_by,
					f->descending), page);
}

/* The next page from the mirror, or the next result from the server. */
static bool next_result(struct find *f, struct api_result **r)
{
	if (f->nlocal) {
		*r = f->local[0];
		memmove(f->local, f->local + 1, --f->nlocal * sizeof(*f->local));
		return true;
	}
	return oneshot_pump(f->c, r);
}

static void free_cells(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

/* The look-up a cell's ids are named by. */
static bool cell_lookup(enum cell_kind kind, enum lookup *which)
{
	switch (kind) {
	case CELL_USER: *which = LOOKUP_USERS; return true;
	case CELL_STAGE: *which = LOOKUP_PIPELINES; return true;
	case CELL_CONTACT_TYPE: *which = LOOKUP_CONTACT_TYPES; return true;
	case CELL_SOURCE: *which = LOOKUP_CUSTOMER_SOURCES; return true;
	case CELL_LEAD_STATUS: *which = LOOKUP_LEAD_STATUSES; return true;
	default: return false;
	}
}

/* An id shown for a name ("#12", "Company #40"), when what names it did
 * not load, says so beside the id: never a bare id passed off as the
 * value (oneshot.h). */
static char *mark_cell(struct find *f, const struct column *col, char *cell)
{
	enum lookup which;
	const char *note = NULL, *hash = strrchr(cell, '#');
	if (!hash || (hash != cell && hash[-1] != ' ') || !hash[1] ||
	    strspn(hash + 1, "0123456789") != strlen(hash + 1))
		return cell;
	if (cell_lookup(col->kind, &which))
		note = oneshot_unloaded(f->c, which);
	else if (col->kind == CELL_RELATED)
		note = oneshot_names_unloaded(f->c);
	if (!note)
		return cell;
	char *marked = xasprintf("%s %s", cell, note);
	free(cell);
	return marked;
}

static char **record_cells(struct find *f, const cJSON *rec)
{
	char **cells = xcalloc(f->ncols, sizeof(*cells));
	for (size_t i = 0; i < f->ncols; i++) {
		char *raw = f->cols[i]->extract(rec);
		cells[i] = mark_cell(f, f->cols[i], columns_display(f->cols[i], raw, f->c->lookups,
								    f->c->names));
		free(raw);
	}
	return cells;
}

static void emit_record(struct find *f, const cJSON *rec)
{
	switch (f->fmt) {
	case FMT_JSON:
		/* the API's own record, as is: JSON escapes what it holds */
		output_json_item(rec, f->printed);
		break;
	case FMT_NDJSON:
		output_json(FMT_NDJSON, rec);
		break;
	case FMT_TABLE:
		f->rows = xrealloc(f->rows, (f->nrows + 1) * sizeof(*f->rows));
		f->rows[f->nrows++] = record_cells(f, rec);
		break;
	default: {
		char **cells = record_cells(f, rec);
		output_row(f->fmt, cells, f->ncols, f->raw_cells);
		free_cells(cells, f->ncols);
		break;
	}
	}
	f->printed++;
}

/* Prints the pages that are next in order, once the names their cells
 * show are in (a cold cache asks for them alongside the first page), or
 * at once when the wait is over (force): then what did not come is
 * marked. */
static void flush_pages(struct find *f, bool force)
{
	if (!f->arrived || (format_tabular(f->fmt) && oneshot_pending(f->c) && !force))
		return; /* page 1 not in yet, or names still coming */
	while (f->next <= f->pages && f->arrived[f->next]) {
		const cJSON *rec;
		cJSON_ArrayForEach(rec, f->arrived[f->next]) {
			if (f->printed >= f->limit)
				break;
			emit_record(f, rec);
		}
		cJSON_Delete(f->arrived[f->next]);
		f->arrived[f->next] = NULL;
		f->next++;
	}
}

static void plan_pages(struct find *f, const struct api_result *first)
{
	int64_t want = f->limit;
	f->total = first->total;
	if (f->total >= 0 && f->total < want)
		want = f->total;
	if (want > SEARCH_CAP)
		want = SEARCH_CAP;
	int pages = (int)((want + f->page_size - 1) / f->page_size);
	if (f->total < 0) /* no X-PW-TOTAL: go page by page until a short one */
		pages = cJSON_GetArraySize(first->json) == f->page_size &&
			f->limit > f->page_size ? 2 : 1;
	f->pages = pages < 1 ? 1 : pages;
	f->arrived = xcalloc((size_t)f->pages + 1, sizeof(*f->arrived));
	/* the budget paces the further pages by its rule: the default wait
	 * grows by their time in it, so that a big find is not cut short */
	oneshot_extend(f->c, oneshot_budget_ms(f->c, f->pages - 1));
	for (int p = 2; p <= f->pages; p++)
		submit_page(f, p);
}

/* A page's related records: named from what is known, else asked for in
 * one search by ids per entity. */
static void want_names(struct find *f, const cJSON *page)
{
	struct refnames_batch batch = {0};
	refnames_learn(f->c->names, f->e, page);
	refnames_want_refs(f->c->names, &batch, f->e, page);
	if (f->from_mirror)
		cli_mirror_names(&f->mirror, f->c->names, &batch);
	else
		oneshot_want_names(f->c, &batch);
}

static void take_page(struct find *f, struct api_result *r)
{
	int page = (int)r->tag;
	if (r->error.kind != APIE_NONE || !cJSON_IsArray(r->json)) {
		if (!f->code) {
			if (r->error.kind == APIE_NONE) {
				fprintf(stderr, "patina: the server's search answer was not a "
					"list\n");
				f->code = EXIT_NETWORK;
			} else {
				char *what = xasprintf("searching %s", entity_path(f->e));
				f->code = oneshot_failed(r, what);
				free(what);
			}
		}
		return;
	}
	if (page == 1)
		plan_pages(f, r);
	if (page < 1 || page > f->pages)
		return;
	int n = cJSON_GetArraySize(r->json);
	if (f->names)
		want_names(f, r->json);
	f->arrived[page] = r->json;
	r->json = NULL;
	/* without a total, a full page means there may be another */
	if (f->total < 0 && page == f->pages && n == f->page_size &&
	    (int64_t)page * f->page_size < f->limit && (int64_t)page * f->page_size < SEARCH_CAP) {
		f->pages++;
		f->arrived = xrealloc(f->arrived, ((size_t)f->pages + 1) * sizeof(*f->arrived));
		f->arrived[f->pages] = NULL;
		oneshot_extend(f->c, oneshot_budget_ms(f->c, 1));
		submit_page(f, f->pages);
	}
	flush_pages(f, false);
}

/* ---- the command -------------------------------------------------------------------- */

static void find_free(struct find *f)
{
	for (size_t r = 0; r < f->nrows; r++)
		free_cells(f->rows[r], f->ncols);
	free(f->rows);
	for (int p = 0; f->arrived && p <= f->pages; p++)
		cJSON_Delete(f->arrived[p]);
	free(f->arrived);
	free(f->cols);
	free(f->sort_by);
	cJSON_Delete(f->criteria);
	for (size_t i = 0; i < f->nlocal; i++)
		api_result_free(f->local[i]);
	free(f->local);
	cli_mirror_close(&f->mirror);
}

/* The look-ups the cells name ids with, and whether they name records. */
static void need_column_names(struct find *f)
{
	for (size_t i = 0; i < f->ncols; i++) {
		switch (f->cols[i]->kind) {
		case CELL_USER: oneshot_need(f->c, LOOKUP_USERS); break;
		case CELL_STAGE: oneshot_need(f->c, LOOKUP_PIPELINES); break;
		case CELL_CONTACT_TYPE: oneshot_need(f->c, LOOKUP_CONTACT_TYPES); break;
		case CELL_SOURCE: oneshot_need(f->c, LOOKUP_CUSTOMER_SOURCES); break;
		case CELL_LEAD_STATUS: oneshot_need(f->c, LOOKUP_LEAD_STATUSES); break;
		case CELL_RELATED: f->names = true; break;
		default: break;
		}
	}
}

/* The deadline passed before every page came: says what is missing and
 * returns the exit code. */
static int pages_missing(struct find *f)
{
	char *what;
	if (!f->arrived) {
		what = xasprintf("searching %s", entity_path(f->e));
	} else if (f->next > f->pages) {
		return EXIT_OK; /* every page came; only names may be missing */
	} else {
		int64_t wanted = f->total >= 0 && f->total < f->limit ? f->total : f->limit;
		fprintf(stderr, "patina: incomplete: printed %ld of %" PRId64 " %s\n", f->printed,
			wanted, entity_path(f->e));
		what = f->next < f->pages
			? xasprintf("searching %s, pages %d-%d", entity_path(f->e), f->next, f->pages)
			: xasprintf("searching %s, page %d", entity_path(f->e), f->next);
	}
	int code = oneshot_gave_up(f->c, what);
	free(what);
	return code;
}

static void print_csv_header(const struct find *f)
{
	char **titles = xcalloc(f->ncols, sizeof(*titles));
	for (size_t i = 0; i < f->ncols; i++)
		titles[i] = (char *)f->cols[i]->title;
	output_row(FMT_CSV, titles, f->ncols, f->raw_cells);
	free(titles);
}

static int run_find(struct find *f, char **terms, int nterms, const char *text, const char *name)
{
	struct oneshot *c = f->c;
	if (!oneshot_start(c))
		return EXIT_NETWORK;
	/* the names the table shows load (from disk, or alongside the search) */
	if (format_tabular(f->fmt))
		need_column_names(f);
	f->criteria = find_criteria(f, terms, nterms, text, name);
	if (!f->criteria)
		return f->code;
	f->pages = 1;
	f->next = 1;
	submit_page(f, 1);
	if (f->from_mirror && f->local[0]->error.kind == APIE_OFFLINE) {
		fprintf(stderr, "patina: %s\n", f->local[0]->error.message);
		if (c->s->offline)
			return EXIT_NETWORK;
		fprintf(stderr, "patina: asking the server instead\n");
		api_result_free(f->local[0]);
		f->nlocal = 0;
		f->from_mirror = false;
		submit_page(f, 1);
	} else if (f->from_mirror) {
		cli_mirror_staleness(c->s, &f->mirror);
	}
	if (f->fmt == FMT_CSV) /* a header names the columns; TSV stays bare for cut and awk */
		print_csv_header(f);
	while (!f->code && f->next <= f->pages) {
		struct api_result *r;
		if (!next_result(f, &r))
			break; /* the deadline: print what came */
		if (r)
			take_page(f, r);
		api_result_free(r);
		flush_pages(f, false); /* a look-up's arrival may be what pages waited for */
	}
	if (c->expired && !f->code) {
		flush_pages(f, true);
		f->code = pages_missing(f);
	}
	if (f->fmt == FMT_TABLE && f->nrows)
		print_table(f);
	if (f->fmt == FMT_JSON)
		output_json_end(f->printed);
	int incomplete = oneshot_incomplete(c);
	if (f->code)
		return f->code;
	if (!f->printed) {
		fprintf(stderr, "patina: no %s found\n", entity_path(f->e));
		return incomplete ? incomplete : EXIT_NOT_FOUND;
	}
	if (f->term.tty && f->total > f->printed)
		fprintf(stderr, "%ld of %" PRId64 " %s; --limit N for more\n", f->printed, f->total,
			entity_path(f->e));
	return incomplete;
}

/* Filter terms and name words, apart, then the search. */
static int find_words(struct find *f, struct opts *o)
{
	struct strbuf text = {0}, name = {0};
	char **terms = xcalloc((size_t)o->nargs + 1, sizeof(*terms));
	int nterms = 0, code;
	for (int i = 1; i < o->nargs; i++) {
		if (term_key_length(o->args[i])) {
			terms[nterms++] = o->args[i];
			append_term(&text, o->args[i]);
		} else {
			sb_printf(&name, "%s%s", name.len ? " " : "", o->args[i]);
		}
	}
	sb_reserve(&text, 1);
	sb_reserve(&name, 1);

	/* a filter that is wrong whatever the look-ups say costs no request */
	char *error = NULL;
	cJSON *dry = parse_criteria(NULL, f->e, text.data, &error);
	if (!dry && !lookups_missing(error))
		code = cli_usage_error("find", "%s", error ? error : "invalid filter");
	else if (name.len && f->e == ENT_TASKS && !f->from_mirror)
		code = cli_usage_error("find", "tasks cannot be searched by name (the API has no "
				       "name filter for tasks); use filters such as due:overdue "
				       "owner:me");
	else
		code = run_find(f, terms, nterms, text.data, name.data);
	cJSON_Delete(dry);
	free(error);
	free(terms);
	sb_free(&text);
	sb_free(&name);
	return code;
}

int cmd_find(struct oneshot *c, struct opts *o)
{
	struct find f = { .c = c, .total = -1 };
	int code = EXIT_OK;
	if (!cli_parse_entity("find", o->nargs ? o->args[0] : NULL, &f.e, &code))
		return code;
	term_init(&f.term);
	f.fmt = format_auto(o->format, f.term.tty);
	f.limit = o->limit ? o->limit : DEFAULT_LIMIT;
	f.raw_cells = o->raw_cells;
	f.page_size = f.limit < PAGE_MAX ? (int)f.limit : PAGE_MAX;
	if (!choose_columns(&f, o->columns, &code) || !choose_sort(&f, o->sort, &code)) {
		find_free(&f);
		return code;
	}
	/* from the mirror when it holds them all (no request), unless --online */
	char *why = NULL;
	if (!o->online && cli_mirror_open(c->s, f.e, &f.mirror, &why)) {
		f.from_mirror = true;
		c->any_age = true; /* names from the disk cache, whatever their age */
	} else if (c->s->offline) {
		fprintf(stderr, "patina: --offline: %s\n", why ? why : "the mirror is off");
		free(why);
		find_free(&f);
		return EXIT_NETWORK;
	}
	free(why);
	code = find_words(&f, o);
	find_free(&f);
	return code;
}
