/*
 * cli.c - see cli.h
 *
 * Layout: options; the one-shot session (fetcher, cache, look-ups, and
 * pump(), the wait loop every command runs); then find, show, url and
 * open, set; the command table and help; completion; the command line.
 */
#include "config.h"

#include "copper/cache.h"
#include "cli/cli.h"
#include "model/columns.h"
#include "model/detail.h"
#include "model/edit.h"
#include "fetch/fetch.h"
#include "model/fields.h"
#include "model/filter.h"
#include "copper/lookups.h"
#include "copper/refnames.h"
#include "model/rows.h"
#include "util/sanitize.h"
#include "fetch/session.h"
#include "util/util.h"
#include "util/json.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define OWNER_LOOKUPS 1      /* fetch owners: the look-ups' jobs, */
#define OWNER_CMD 2          /* the command's own, */
#define OWNER_NAMES 3        /* and the searches for related records' names */
#define PAGE_MAX 200         /* Copper's largest search page */
#define DEFAULT_LIMIT 200    /* one request */
#define MATCHES_PAGE 25      /* a name search for show/set */
#define CANDIDATES_SHOWN 10  /* of an ambiguous name */
#define COMPLETE_MAX 200

/* Job tags of the command's own requests. */
enum { TAG_RECORD = -1, TAG_MATCHES = -2, TAG_UPDATE = -3 };
#define TAG_NAMES 0          /* + the entity: a names' search, by its own owner */

enum format { FMT_AUTO, FMT_TABLE, FMT_TSV, FMT_CSV, FMT_JSON, FMT_NDJSON };
static const char *const format_names[] = { "auto", "table", "tsv", "csv", "json", "ndjson", NULL };

/* ---- options -------------------------------------------------------------- */

enum opt_id { O_CONFIG, O_API_URL, O_EMAIL, O_HELP, O_FORMAT, O_LIMIT, O_SORT, O_COLUMNS,
	      O_DRY_RUN, O_BASE, O_COUNT };
#define BIT(o) (1u << (o))
#define GLOBAL_OPTS (BIT(O_CONFIG) | BIT(O_API_URL) | BIT(O_EMAIL) | BIT(O_HELP))

struct optdef {
	const char *name;   /* long form, without "--" */
	char letter;        /* short form, or 0 */
	const char *arg;    /* the value's name, NULL for a switch */
	const char *help;
};

static const struct optdef optdefs[O_COUNT] = {
	[O_CONFIG] = { "config", 'c', "FILE", "read settings from FILE" },
	[O_API_URL] = { "api-url", 0, "URL", "Copper API base URL" },
	[O_EMAIL] = { "email", 0, "EMAIL", "the email of the user who made the API token" },
	[O_HELP] = { "help", 'h', NULL, "show this help" },
	[O_FORMAT] = { "format", 0, "FORMAT", "table, tsv, csv, json or ndjson" },
	[O_LIMIT] = { "limit", 0, "N", "at most N records (default 200, at most 100000)" },
	[O_SORT] = { "sort", 0, "FIELD[:desc]", "sort by a column or Copper sort field" },
	[O_COLUMNS] = { "columns", 0, "A,B,...", "the columns to print, in order" },
	[O_DRY_RUN] = { "dry-run", 'n', NULL, "print the body that would be sent; send nothing" },
	[O_BASE] = { "base", 0, "FILE|-", "the record as the script read it, for the conflict check" },
};

struct opts {
	struct settings_flags flags;
	enum format format;
	long limit;
	const char *sort;
	const char *columns;
	bool dry_run;
	const char *base;
	bool help;
	char **args;        /* positional arguments (pointers into argv) */
	int nargs;
	struct cli_open *open; /* where `patina open` leaves its record */
};

/* ---- the one-shot session --------------------------------------------------- */

struct cli {
	const struct settings *s;
	struct fetcher *fetcher;
	struct cache *cache;
	struct lookups *lookups;
	struct refnames *names;  /* names of related records */
	int names_pending;       /* name searches out */
	int timeout_ms;
	bool account_asked;
	enum api_error_kind lookup_kind; /* the first look-up failure */
};

struct command {
	const char *name;
	int (*run)(struct cli *c, struct opts *o);
	const char *synopsis;
	const char *summary;
	const char *help;
	unsigned options;
	bool settings;      /* needs the settings (credentials) loaded */
};

/* ---- small helpers ------------------------------------------------------------ */

static int usage_error(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);
static int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "patina %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'patina help %s'.\n", cmd);
	va_end(ap);
	return EXIT_USAGE;
}

static bool parse_entity(const char *cmd, const char *word, enum entity *e, int *code)
{
	if (!word) {
		*code = usage_error(cmd, "which entity? people, companies, leads, opportunities, "
				    "projects or tasks");
		return false;
	}
	if (!entity_parse(word, e)) {
		char *clean = sanitize_line(word, strlen(word));
		*code = usage_error(cmd, "unknown entity '%s' (people, companies, leads, "
				    "opportunities, projects, tasks)", clean);
		free(clean);
		return false;
	}
	return true;
}

static bool parse_id(const char *cmd, const char *word, int64_t *id, int *code)
{
	if (word && str_to_i64(word, id) && *id > 0)
		return true;
	if (!word) {
		*code = usage_error(cmd, "which record? give its id");
	} else {
		char *clean = sanitize_line(word, strlen(word));
		*code = usage_error(cmd, "'%s' is not a record id (a positive number)", clean);
		free(clean);
	}
	return false;
}

static int64_t json_int(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? json_i64(v) : 0;
}

/* ---- terminal output -------------------------------------------------------- */

struct term {
	bool tty;     /* stdout is a terminal */
	bool styled;  /* ... that takes SGR attributes */
	int width;
};

static void term_init(struct term *t)
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

/* SGR attributes only, never colours: they read on any background and
 * need no NO_COLOR exception. */
static void sgr(const struct term *t, const char *code)
{
	if (t->styled)
		printf("\033[%sm", code);
}

/* ---- the session -------------------------------------------------------------- */

static char *cache_identity(const struct settings *s)
{
	/* as app.c: what tells accounts apart without a secret */
	return xasprintf("%s\n%s", s->api_url ? s->api_url : "",
			 s->access_token ? "oauth" : s->email ? s->email : "");
}

static struct cache *open_cache(const struct settings *s)
{
	char *dir = xdg_dir("cache");
	char *identity = cache_identity(s);
	struct cache *cache = cache_open(dir, identity, s->cache_ttl);
	free(dir);
	free(identity);
	return cache;
}

static bool cli_start(struct cli *c)
{
	struct fetch_options opt;
	session_fetch_options(c->s, &opt);
	/* a script wants an answer, not the UI's patience: two retries of a
	 * transient failure, one of a 429 (after the budget's ~2 s pause) */
	opt.max_retries = 2;
	opt.max_rate_retries = 1;
	char *error;
	c->fetcher = fetcher_start(&opt, &error);
	if (!c->fetcher) {
		fprintf(stderr, "patina: %s\n", error);
		free(error);
		return false;
	}
	if (!c->cache)
		c->cache = open_cache(c->s);
	c->lookups = lookups_new(fetcher_sender(c->fetcher), c->cache, OWNER_LOOKUPS);
	c->names = refnames_new();
	/* every attempt may take the full timeouts; add the retries' pauses */
	c->timeout_ms = (c->s->connect_timeout + c->s->request_timeout) * 1000 * 3 + 10000;
	return true;
}

static void cli_stop(struct cli *c)
{
	if (c->fetcher)
		fetcher_stop(c->fetcher);
	lookups_free(c->lookups);
	refnames_free(c->names);
	cache_close(c->cache);
	c->fetcher = NULL;
	c->lookups = NULL;
	c->names = NULL;
	c->cache = NULL;
}

/* The cache lives in the account's directory: while the account is not
 * known the cache is empty, and asking GET /account alongside lets this
 * run fill it for the next. */
static void ensure_account(struct cli *c)
{
	if (!cache_account(c->cache) && !c->account_asked) {
		c->account_asked = true;
		lookups_need(c->lookups, LOOKUP_ACCOUNT);
	}
}

/* A look-up from memory or disk, else asked for alongside what is out. */
static void need(struct cli *c, enum lookup which)
{
	ensure_account(c);
	lookups_need(c->lookups, which);
}

static void need_layout(struct cli *c, enum entity e, int64_t pipeline_id)
{
	ensure_account(c);
	lookups_need_layout(c->lookups, e, pipeline_id);
}

/* What the detail pane needs to name what a record holds as ids. */
static void need_detail_lookups(struct cli *c, enum entity e)
{
	enum lookup which[LOOKUP_COUNT];
	size_t n = lookups_for_record(e, which);
	for (size_t i = 0; i < n; i++)
		need(c, which[i]);
}

/* Asks for the names a batch holds (refnames_want*): one search by ids per
 * entity, learned into c->names as they come. */
static void want_names(struct cli *c, struct refnames_batch *batch)
{
	c->names_pending += (int)refnames_ask(c->names, batch, fetcher_sender(c->fetcher),
					      OWNER_NAMES, 1, PRIO_VISIBLE, TAG_NAMES);
}

/*
 * Waits for the next result.  A look-up's goes to the look-ups (its failure
 * remembered), a name search's to the names, and *own stays NULL; the
 * command's own comes back in *own for the caller to free.  False when
 * nothing arrived in time (said on stderr).
 */
static bool pump(struct cli *c, struct api_result **own)
{
	*own = NULL;
	struct api_result *r = fetcher_wait_result(c->fetcher, c->timeout_ms);
	if (!r) {
		char *url = sanitize_line(c->s->api_url, strlen(c->s->api_url));
		fprintf(stderr, "patina: no answer from %s in %d s\n", url, c->timeout_ms / 1000);
		free(url);
		return false;
	}
	if (r->owner == OWNER_LOOKUPS) {
		if (r->error.kind != APIE_NONE && c->lookup_kind == APIE_NONE)
			c->lookup_kind = r->error.kind;
		lookups_on_result(c->lookups, r);
		api_result_free(r);
		return true;
	}
	/* a name search that failed leaves its ids shown: no reason to fail */
	if (r->owner == OWNER_NAMES) {
		if (refnames_on_result(c->names, r, TAG_NAMES, NULL))
			c->names_pending--;
		api_result_free(r);
		return true;
	}
	*own = r;
	return true;
}

/* Look-ups and name searches in flight. */
static int pending(const struct cli *c)
{
	return lookups_pending(c->lookups) + c->names_pending;
}

/* Waits until none is in flight (none of the command's own may be). */
static bool settle(struct cli *c)
{
	while (pending(c) > 0) {
		struct api_result *r;
		if (!pump(c, &r))
			return false;
		api_result_free(r); /* nothing of ours was out */
	}
	return true;
}

/* A look-up that failed leaves ids where names would be: say so once. */
static void warn_lookups(struct cli *c)
{
	const char *e = lookups_error(c->lookups);
	if (e)
		fprintf(stderr, "patina: warning: look-up failed, ids shown for names: %s\n", e);
}

static int request_failed(const struct api_result *r, const char *what)
{
	fprintf(stderr, "patina: %s: %s\n", what, r->error.message ? r->error.message : "failed");
	if (r->error.kind == APIE_RATE_LIMIT)
		fprintf(stderr, "patina: gave up after one retry; try again in a minute\n");
	return exit_code_for(r->error.kind);
}

static int64_t me_id(struct cli *c)
{
	return json_int(lookups_get(c->lookups, LOOKUP_ME), "id");
}

static void submit(struct cli *c, struct api_request *req, int64_t tag)
{
	fetcher_submit(c->fetcher, req, OWNER_CMD, 1, PRIO_VISIBLE, tag);
}

/* ---- cells: TSV, CSV, tables ------------------------------------------------- */

static char *x_id(const cJSON *r)
{
	int64_t id = json_int(r, "id");
	return id ? xasprintf("%" PRId64, id) : xstrdup("");
}

static const struct column id_column = { "Id", NULL, CELL_TEXT, 2, 0, true, x_id };

static void put_csv(const char *s)
{
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

/* One row of cells as TSV (cells are sanitized single lines: no tab or
 * newline can split them) or CSV (RFC 4180 quoting). */
static void put_row(enum format fmt, char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			putchar(fmt == FMT_CSV ? ',' : '\t');
		if (fmt == FMT_CSV)
			put_csv(cells[i]);
		else
			fputs(cells[i], stdout);
	}
	putchar('\n');
}

/* ---- find ------------------------------------------------------------------- */

struct find {
	struct cli *c;
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
	char ***rows;       /* table: cells kept to size the columns */
	size_t nrows;
};

/* The column for a name: its title or its sort name, or "id". */
static const struct column *column_named(enum entity e, const char *name, size_t len)
{
	size_t n;
	const struct column *cols = columns_for(e, &n);
	if (len == 2 && !strncasecmp(name, "id", 2))
		return &id_column;
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
		f->cols[f->ncols++] = &id_column;
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
			*code = usage_error("find", "no column '%s' for %s (columns: %s)", name,
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
		*code = usage_error("find", "--columns needs at least one column");
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
		*code = usage_error("find", "--sort FIELD[:desc]: expected 'desc' or 'asc' after ':'");
		return false;
	}
	f->descending = colon && !strcasecmp(colon + 1, "desc");
	const struct column *col = column_named(f->e, spec, len);
	if (col && !col->sort_by) {
		*code = usage_error("find", "'%s' cannot be sorted on", col->title);
		return false;
	}
	if (!len) {
		*code = usage_error("find", "--sort needs a field");
		return false;
	}
	f->sort_by = col ? xstrdup(col->sort_by) : xstrndup(spec, len);
	return true;
}

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
static void need_filter_lookups(struct cli *c, enum entity e, char **terms, int n, bool all)
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
			need(c, LOOKUP_CUSTOM_FIELDS);
		for (size_t j = 0; j < ARRAY_SIZE(keys); j++)
			if (all || (strlen(keys[j].key) == k && !strncasecmp(terms[i], keys[j].key, k)))
				need(c, keys[j].which);
		if (e == ENT_LEADS && (all || (k == 6 && !strncasecmp(terms[i], "status", 6))))
			need(c, LOOKUP_LEAD_STATUSES);
		if (all || (k == 5 && !strncasecmp(terms[i], "owner", 5) &&
			    !strcasecmp(terms[i] + k + 1, "me")))
			need(c, LOOKUP_ME);
	}
}

static cJSON *parse_criteria(struct cli *c, enum entity e, const char *text, char **error)
{
	struct filter_context ctx = { c ? c->lookups : NULL, e, c ? me_id(c) : 0, (int64_t)time(NULL) };
	free(*error);
	*error = NULL;
	return filter_parse(text, &ctx, error);
}

/* The search body: the filter, resolved against the look-ups (loaded when
 * its names need them), plus the name words. */
static cJSON *find_criteria(struct find *f, char **terms, int nterms, const char *text,
			    const char *name)
{
	struct cli *c = f->c;
	char *error = NULL;
	cJSON *body = parse_criteria(c, f->e, text, &error);
	for (int round = 0; !body && lookups_missing(error) && round < 2; round++) {
		need_filter_lookups(c, f->e, terms, nterms, round > 0);
		if (!settle(c)) {
			free(error);
			f->code = EXIT_NETWORK;
			return NULL;
		}
		body = parse_criteria(c, f->e, text, &error);
	}
	if (!body) {
		if (lookups_missing(error) && c->lookup_kind != APIE_NONE) {
			fprintf(stderr, "patina: %s\n", lookups_error(c->lookups));
			f->code = exit_code_for(c->lookup_kind);
		} else {
			f->code = usage_error("find", "%s", error ? error : "invalid filter");
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

static void submit_page(struct find *f, int page)
{
	submit(f->c, api_search(f->e, f->criteria, page, f->page_size, f->sort_by, f->descending),
	       page);
}

static char **record_cells(struct find *f, const cJSON *rec)
{
	char **cells = xcalloc(f->ncols, sizeof(*cells));
	for (size_t i = 0; i < f->ncols; i++) {
		char *raw = f->cols[i]->extract(rec);
		cells[i] = columns_display(f->cols[i], raw, f->c->lookups, f->c->names);
		free(raw);
	}
	return cells;
}

static bool tabular(enum format fmt)
{
	return fmt == FMT_TABLE || fmt == FMT_TSV || fmt == FMT_CSV;
}

static void free_cells(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

static void emit_record(struct find *f, const cJSON *rec)
{
	char *text;
	switch (f->fmt) {
	case FMT_JSON:
		/* the API's own record, as is: JSON escapes what it holds */
		text = cJSON_Print(rec);
		printf("%s%s", f->printed ? ",\n" : "[\n", text);
		cJSON_free(text);
		break;
	case FMT_NDJSON:
		text = cJSON_PrintUnformatted(rec);
		printf("%s\n", text);
		cJSON_free(text);
		break;
	case FMT_TABLE:
		f->rows = xrealloc(f->rows, (f->nrows + 1) * sizeof(*f->rows));
		f->rows[f->nrows++] = record_cells(f, rec);
		break;
	default: {
		char **cells = record_cells(f, rec);
		put_row(f->fmt, cells, f->ncols);
		free_cells(cells, f->ncols);
		break;
	}
	}
	f->printed++;
}

/* Prints the pages that are next in order, once the names their cells
 * show are in (a cold cache asks for them alongside the first page). */
static void flush_pages(struct find *f)
{
	if (!f->arrived || (tabular(f->fmt) && pending(f->c)))
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
		pages = cJSON_GetArraySize(first->json) == f->page_size && f->limit > f->page_size ? 2 : 1;
	f->pages = pages < 1 ? 1 : pages;
	f->arrived = xcalloc((size_t)f->pages + 1, sizeof(*f->arrived));
	for (int p = 2; p <= f->pages; p++)
		submit_page(f, p);
}

/* A page's related records: named from what is known, else asked for in
 * one search by ids per entity. */
static void want_page_names(struct find *f, const cJSON *page)
{
	struct refnames_batch batch = {0};
	refnames_learn(f->c->names, f->e, page);
	refnames_want_refs(f->c->names, &batch, f->e, page);
	want_names(f->c, &batch);
}

static void take_page(struct find *f, struct api_result *r)
{
	int page = (int)r->tag;
	if (r->error.kind != APIE_NONE || !cJSON_IsArray(r->json)) {
		if (!f->code) {
			if (r->error.kind == APIE_NONE) {
				fprintf(stderr, "patina: the server's search answer was not a list\n");
				f->code = EXIT_NETWORK;
			} else {
				char *what = xasprintf("searching %s", entity_path(f->e));
				f->code = request_failed(r, what);
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
		want_page_names(f, r->json);
	f->arrived[page] = r->json;
	r->json = NULL;
	/* without a total, a full page means there may be another */
	if (f->total < 0 && page == f->pages && n == f->page_size &&
	    (int64_t)page * f->page_size < f->limit && (int64_t)page * f->page_size < SEARCH_CAP) {
		f->pages++;
		f->arrived = xrealloc(f->arrived, ((size_t)f->pages + 1) * sizeof(*f->arrived));
		f->arrived[f->pages] = NULL;
		submit_page(f, f->pages);
	}
	flush_pages(f);
}

/* Widths: each column's widest cell when everything fits, else the list
 * view's layout for the terminal's width. */
static void table_widths(struct find *f, int *widths)
{
	int total = 0;
	for (size_t i = 0; i < f->ncols; i++) {
		widths[i] = text_width(f->cols[i]->title);
		for (size_t r = 0; r < f->nrows; r++) {
			int w = text_width(f->rows[r][i]);
			if (w > widths[i])
				widths[i] = w;
		}
		total += widths[i] + (i ? 1 : 0);
	}
	if (total <= f->term.width)
		return;
	/* ids are never cut: they are what one copies */
	struct column *cols = xcalloc(f->ncols, sizeof(*cols));
	int fixed = 0;
	size_t nflex = 0;
	for (size_t i = 0; i < f->ncols; i++) {
		if (f->cols[i] == &id_column)
			fixed += widths[i] + 1;
		else
			cols[nflex++] = *f->cols[i];
	}
	int *flex = xcalloc(nflex ? nflex : 1, sizeof(*flex));
	columns_layout(cols, nflex, f->term.width - fixed, flex);
	for (size_t i = 0, k = 0; i < f->ncols; i++)
		if (f->cols[i] != &id_column)
			widths[i] = flex[k++];
	free(flex);
	free(cols);
}

static void print_table(struct find *f)
{
	int *widths = xcalloc(f->ncols, sizeof(*widths));
	table_widths(f, widths);
	for (size_t r = 0; r <= f->nrows; r++) {
		struct strbuf line = {0};
		for (size_t i = 0, k = 0; i < f->ncols; i++) {
			if (!widths[i])
				continue;
			const char *text = r ? f->rows[r - 1][i] : f->cols[i]->title;
			char *cell = columns_fit(text, widths[i], f->cols[i]->right_align);
			sb_printf(&line, "%s%s", k++ ? " " : "", cell);
			free(cell);
		}
		/* padding at the end of a line is noise in a terminal's copy */
		while (line.len && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		if (!r)
			sgr(&f->term, "1");
		fputs(line.len ? line.data : "", stdout);
		if (!r)
			sgr(&f->term, "0");
		putchar('\n');
		sb_free(&line);
	}
	free(widths);
}

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
}

/* The look-ups the cells name ids with, and whether they name records. */
static void need_column_lookups(struct find *f)
{
	for (size_t i = 0; i < f->ncols; i++) {
		switch (f->cols[i]->kind) {
		case CELL_USER: need(f->c, LOOKUP_USERS); break;
		case CELL_STAGE: need(f->c, LOOKUP_PIPELINES); break;
		case CELL_CONTACT_TYPE: need(f->c, LOOKUP_CONTACT_TYPES); break;
		case CELL_SOURCE: need(f->c, LOOKUP_CUSTOMER_SOURCES); break;
		case CELL_LEAD_STATUS: need(f->c, LOOKUP_LEAD_STATUSES); break;
		case CELL_RELATED: f->names = true; break;
		default: break;
		}
	}
}

static int run_find(struct find *f, char **terms, int nterms, const char *text, const char *name)
{
	struct cli *c = f->c;
	if (!cli_start(c))
		return EXIT_NETWORK;
	/* the names the table shows load (from disk, or alongside the search) */
	if (tabular(f->fmt))
		need_column_lookups(f);
	f->criteria = find_criteria(f, terms, nterms, text, name);
	if (!f->criteria)
		return f->code;
	f->pages = 1;
	f->next = 1;
	submit_page(f, 1);
	if (f->fmt == FMT_CSV) { /* a header names the columns; TSV stays bare for cut and awk */
		char **titles = xcalloc(f->ncols, sizeof(*titles));
		for (size_t i = 0; i < f->ncols; i++)
			titles[i] = (char *)f->cols[i]->title;
		put_row(FMT_CSV, titles, f->ncols);
		free(titles);
	}
	while (!f->code && f->next <= f->pages) {
		struct api_result *r;
		if (!pump(c, &r))
			return EXIT_NETWORK;
		if (r)
			take_page(f, r);
		api_result_free(r);
		flush_pages(f); /* a look-up's arrival may be what pages waited for */
	}
	if (f->fmt == FMT_TABLE && f->nrows)
		print_table(f);
	if (f->fmt == FMT_JSON)
		printf(f->printed ? "\n]\n" : "[]\n");
	if (tabular(f->fmt))
		warn_lookups(c);
	if (f->code)
		return f->code;
	if (!f->printed) {
		fprintf(stderr, "patina: no %s found\n", entity_path(f->e));
		return EXIT_NOT_FOUND;
	}
	if (f->term.tty && f->total > f->printed)
		fprintf(stderr, "%ld of %" PRId64 " %s; --limit N for more\n", f->printed, f->total,
			entity_path(f->e));
	return EXIT_OK;
}

static enum format auto_format(enum format fmt, bool tty)
{
	return fmt != FMT_AUTO ? fmt : tty ? FMT_TABLE : FMT_TSV;
}

static int cmd_find(struct cli *c, struct opts *o)
{
	struct find f = { .c = c, .total = -1 };
	int code = EXIT_OK;
	if (!parse_entity("find", o->nargs ? o->args[0] : NULL, &f.e, &code))
		return code;
	term_init(&f.term);
	f.fmt = auto_format(o->format, f.term.tty);
	f.limit = o->limit ? o->limit : DEFAULT_LIMIT;
	f.page_size = f.limit < PAGE_MAX ? (int)f.limit : PAGE_MAX;
	if (!choose_columns(&f, o->columns, &code) || !choose_sort(&f, o->sort, &code)) {
		find_free(&f);
		return code;
	}

	/* filter terms and name words, apart */
	struct strbuf text = {0}, name = {0};
	char **terms = xcalloc((size_t)o->nargs + 1, sizeof(*terms));
	int nterms = 0;
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
	cJSON *dry = parse_criteria(NULL, f.e, text.data, &error);
	if (!dry && !lookups_missing(error))
		code = usage_error("find", "%s", error ? error : "invalid filter");
	else if (name.len && f.e == ENT_TASKS)
		code = usage_error("find", "tasks cannot be searched by name (the API has no name "
				   "filter for tasks); use filters such as due:overdue owner:me");
	else
		code = run_find(&f, terms, nterms, text.data, name.data);
	cJSON_Delete(dry);
	free(error);
	free(terms);
	sb_free(&text);
	sb_free(&name);
	find_free(&f);
	return code;
}

/* ---- show ------------------------------------------------------------------ */

struct show {
	struct cli *c;
	enum entity e;
	const char *target;
	enum format fmt;
	struct term term;
	cJSON *record;
	int code;
};

static const char *record_name(const cJSON *rec)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(rec, "name");
	return cJSON_IsString(n) ? n->valuestring : NULL;
}

/* Several records answer to a name: one whose whole name it is (ignoring
 * case) wins, else the caller lists them. */
static const cJSON *exact_match(const cJSON *list, const char *name)
{
	const cJSON *rec, *hit = NULL;
	cJSON_ArrayForEach(rec, list) {
		const char *n = record_name(rec);
		if (n && !strcasecmp(n, name)) {
			if (hit)
				return NULL;
			hit = rec;
		}
	}
	return hit;
}

static void list_candidates(enum entity e, const cJSON *list, int64_t total, const char *what)
{
	size_t ncols;
	const struct column *cols = columns_for(e, &ncols);
	char *clean = sanitize_line(what, strlen(what));
	fprintf(stderr, "patina: '%s' matches %" PRId64 " %s; say which by id:\n", clean, total,
		entity_path(e));
	free(clean);
	int shown = 0;
	const cJSON *rec;
	cJSON_ArrayForEach(rec, list) {
		if (shown == CANDIDATES_SHOWN)
			break;
		shown++;
		char *id = x_id(rec);
		fprintf(stderr, "  %s", id);
		free(id);
		/* the first two plain-text columns: name, then company or the like */
		for (size_t i = 0, k = 0; i < ncols && k < 2; i++) {
			if (cols[i].kind != CELL_TEXT)
				continue;
			char *cell = cols[i].extract(rec);
			if (*cell)
				fprintf(stderr, "%s%s", k ? ", " : "  ", cell);
			free(cell);
			k++;
		}
		fputc('\n', stderr);
	}
	if (total > shown)
		fprintf(stderr, "  ... and %" PRId64 " more\n", total - shown);
}

/* The record is in: an opportunity's layout can be asked for (it depends
 * on the pipeline), and the names of the records it refers to by id only
 * (copper/refnames), alongside the look-ups rather than after them. */
static void take_record(struct show *s, cJSON *rec)
{
	s->record = rec;
	if (s->fmt == FMT_JSON || s->fmt == FMT_NDJSON)
		return;
	int64_t pipeline = json_int(rec, "pipeline_id");
	if (s->e == ENT_OPPORTUNITIES)
		need_layout(s->c, s->e, pipeline);
	struct refnames_batch batch = {0};
	refnames_learn(s->c->names, s->e, rec);
	refnames_want_refs(s->c->names, &batch, s->e, rec);
	want_names(s->c, &batch);
}

static void take_matches(struct show *s, struct api_result *r)
{
	int n = cJSON_GetArraySize(r->json);
	int64_t total = r->total >= 0 ? r->total : n;
	const cJSON *hit = n == 1 ? cJSON_GetArrayItem(r->json, 0) : exact_match(r->json, s->target);
	if (!n) {
		char *clean = sanitize_line(s->target, strlen(s->target));
		fprintf(stderr, "patina: no %s matches '%s'\n", entity_type_name(s->e), clean);
		free(clean);
		s->code = EXIT_NOT_FOUND;
	} else if (!hit) {
		list_candidates(s->e, r->json, total, s->target);
		s->code = CLI_EXIT_AMBIGUOUS;
	} else {
		take_record(s, cJSON_DetachItemViaPointer(r->json, (cJSON *)hit));
	}
}

static void show_result(struct show *s, struct api_result *r)
{
	if (r->error.kind != APIE_NONE) {
		char *what = r->tag == TAG_RECORD && s->e == ENT_PEOPLE && strchr(s->target, '@')
			? xasprintf("no person with the email '%s'", s->target)
			: xasprintf("%s %s", entity_type_name(s->e), s->target);
		char *clean = sanitize_line(what, strlen(what));
		s->code = request_failed(r, clean);
		free(clean);
		free(what);
		return;
	}
	if (r->tag == TAG_MATCHES && cJSON_IsArray(r->json)) {
		take_matches(s, r);
	} else if (r->tag == TAG_RECORD && cJSON_IsObject(r->json)) {
		take_record(s, r->json);
		r->json = NULL;
	} else {
		fprintf(stderr, "patina: the server's answer was not a %s\n", entity_type_name(s->e));
		s->code = EXIT_NETWORK;
	}
}

/* The request that finds the record: by id, by email, else by name. */
static bool ask_record(struct show *s)
{
	int64_t id;
	const char *t = s->target;
	cJSON *body;
	if (str_to_i64(t, &id) && id > 0) {
		submit(s->c, api_fetch(s->e, id), TAG_RECORD);
	} else if (strchr(t, '@') && s->e == ENT_PEOPLE) {
		submit(s->c, api_fetch_person_by_email(t), TAG_RECORD);
	} else if (strchr(t, '@') && s->e == ENT_LEADS) {
		body = cJSON_CreateObject();
		cJSON_AddStringToObject(body, "emails", t);
		submit(s->c, api_search(s->e, body, 1, MATCHES_PAGE, NULL, false), TAG_MATCHES);
		cJSON_Delete(body);
	} else if (s->e == ENT_TASKS) {
		s->code = usage_error("show", "tasks cannot be searched by name (the API has no "
				      "name filter for tasks); give the task's id");
		return false;
	} else {
		body = cJSON_CreateObject();
		cJSON_AddStringToObject(body, "name", t);
		submit(s->c, api_search(s->e, body, 1, MATCHES_PAGE, NULL, false), TAG_MATCHES);
		cJSON_Delete(body);
	}
	return true;
}

/* A span's SGR attributes. A related record's name (a link in the detail
 * pane) stays plain: a terminal cannot follow it. */
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

static void print_doc(const struct term *t, const struct detail_doc *doc)
{
	for (size_t i = 0; i < doc->nlines; i++) {
		const struct detail_line *l = &doc->lines[i];
		for (size_t k = 0; k < l->nspans; k++) {
			struct strbuf codes = {0};
			style_codes(l->spans[k].style, &codes);
			if (codes.len)
				sgr(t, codes.data + 1);
			fputs(l->spans[k].text, stdout);
			if (codes.len)
				sgr(t, "0");
			sb_free(&codes);
		}
		putchar('\n');
	}
}

/* The detail pane's layout (model/detail.h): the name and kind, then the
 * fields; wrapped to the terminal and styled on one, plain and never
 * wrapped when piped. */
static void print_detail(struct show *s, const struct field_list *fl)
{
	const struct term *t = &s->term;
	int width = t->tty ? t->width : DETAIL_UNWRAPPED;
	struct detail_doc *doc = detail_new();
	detail_add_header(doc, record_name(s->record), s->e, json_int(s->record, "id"), width);
	detail_add_line(doc, -1);
	struct detail_options opt = { .width = width };
	detail_add_fields(doc, fl, &opt);
	print_doc(t, doc);
	detail_free(doc);
}

/* label<TAB>value (or CSV), one row per line of a value, empty fields
 * included so the rows do not depend on the data. */
static void print_fields_rows(enum format fmt, const struct field_list *fl)
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
			put_row(fmt, cells, 2);
			free(value);
		}
	}
}

static bool show_done(const struct show *s)
{
	return s->code || (s->record && pending(s->c) == 0);
}

static int show_loop(struct show *s)
{
	while (!show_done(s)) {
		struct api_result *r;
		if (!pump(s->c, &r))
			return EXIT_NETWORK;
		if (r)
			show_result(s, r);
		api_result_free(r);
	}
	return s->code;
}

static int cmd_show(struct cli *c, struct opts *o)
{
	struct show s = { .c = c };
	int code = EXIT_OK;
	if (!parse_entity("show", o->nargs ? o->args[0] : NULL, &s.e, &code))
		return code;
	if (o->nargs < 2)
		return usage_error("show", "which %s? give an id, an email or a name",
				   entity_type_name(s.e));
	if (o->nargs > 2)
		return usage_error("show", "one record at a time (quote a name with spaces)");
	s.target = o->args[1];
	term_init(&s.term);
	s.fmt = auto_format(o->format, true);
	bool raw = s.fmt == FMT_JSON || s.fmt == FMT_NDJSON;
	if (!cli_start(c))
		return EXIT_NETWORK;
	/* the record first: the look-ups come from disk while it travels */
	if (!ask_record(&s)) {
		code = s.code;
		goto out;
	}
	if (!raw) {
		need_detail_lookups(c, s.e);
		if (s.e != ENT_OPPORTUNITIES) /* theirs depends on the pipeline */
			need_layout(c, s.e, 0);
	}
	if ((code = show_loop(&s)))
		goto out;
	if (raw) {
		char *text = s.fmt == FMT_JSON ? cJSON_Print(s.record) : cJSON_PrintUnformatted(s.record);
		printf("%s\n", text);
		cJSON_free(text);
		goto out;
	}
	const cJSON *layout = lookups_layout(c->lookups, s.e, json_int(s.record, "pipeline_id"));
	struct field_list *fl = fields_build(s.e, layout, s.record, c->lookups, c->names);
	if (s.fmt == FMT_TSV || s.fmt == FMT_CSV)
		print_fields_rows(s.fmt, fl);
	else
		print_detail(&s, fl);
	fields_free(fl);
	warn_lookups(c);
out:
	cJSON_Delete(s.record);
	return code;
}

/* ---- url, open ------------------------------------------------------------- */

static int cmd_url(struct cli *c, struct opts *o)
{
	enum entity e;
	int64_t id;
	int code = EXIT_OK;
	if (!parse_entity("url", o->nargs ? o->args[0] : NULL, &e, &code) ||
	    !parse_id("url", o->nargs > 1 ? o->args[1] : NULL, &id, &code))
		return code;
	if (o->nargs > 2)
		return usage_error("url", "unexpected argument after the id");
	/* the account id is all it takes, and the cache usually knows it */
	c->cache = open_cache(c->s);
	int64_t account = cache_account(c->cache);
	if (!account) {
		if (!cli_start(c))
			return EXIT_NETWORK;
		need(c, LOOKUP_ACCOUNT);
		if (!settle(c))
			return EXIT_NETWORK;
		account = json_int(lookups_get(c->lookups, LOOKUP_ACCOUNT), "id");
		if (!account) {
			const char *why = lookups_error(c->lookups);
			fprintf(stderr, "patina: cannot learn the account id: %s\n",
				why ? why : "GET /account gave no id");
			return c->lookup_kind != APIE_NONE ? exit_code_for(c->lookup_kind) : EXIT_NETWORK;
		}
	}
	char *url = entity_web_url(account, e, id);
	printf("%s\n", url);
	free(url);
	return EXIT_OK;
}

static int cmd_open(struct cli *c, struct opts *o)
{
	enum entity e;
	int64_t id;
	int code = EXIT_OK;
	if (!parse_entity("open", o->nargs ? o->args[0] : NULL, &e, &code) ||
	    !parse_id("open", o->nargs > 1 ? o->args[1] : NULL, &id, &code))
		return code;
	if (o->nargs > 2)
		return usage_error("open", "unexpected argument after the id");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "patina open: needs a terminal; use 'patina show' in scripts\n");
		return EXIT_USAGE;
	}
	/* the UI is main.c's to run: the command line does not see it */
	(void)c;
	o->open->wanted = true;
	o->open->entity = e;
	o->open->id = id;
	return EXIT_OK;
}

/* ---- set ------------------------------------------------------------------- */

/*
 * A partial PUT of exactly the fields named, validated by the edit model as
 * the form validates them.  The record is fetched first: it is the base the
 * values are checked against (a value equal to the record's is no change),
 * and its pipeline picks an opportunity's layout and stages.  A refusal, of
 * any field, sends nothing.
 *
 * Conflicts: Copper has no conditional update (no ETag, no If-Match), so a
 * colleague's edit between this fetch and the PUT (milliseconds) cannot be
 * detected.  A script that read the record earlier and decided on the
 * change from what it read passes that record with --base: then a field it
 * sets that has changed on the server since is a conflict (exit 7), and
 * nothing is sent.
 */

struct assignment {
	char *field;
	const char *value;
	long index;
};

struct set {
	struct cli *c;
	enum entity e;
	int64_t id;
	enum format fmt;
	cJSON *server;     /* the record as it is now */
	cJSON *base;       /* --base, else NULL: the server's record is the base */
	cJSON *updated;    /* the PUT's answer */
	struct assignment *as;
	int nas;
	int code;
};

static cJSON *read_base(const char *path, int *code)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		*code = usage_error("set", "--base %s: %s", path, strerror(errno));
		return NULL;
	}
	struct strbuf sb = {0};
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < 64u * 1024 * 1024)
		sb_append(&sb, buf, n);
	if (f != stdin)
		fclose(f);
	cJSON *json = sb.len ? cJSON_ParseWithLength(sb.data, sb.len) : NULL;
	sb_free(&sb);
	/* `patina find --format json` gives an array: one record is fine */
	if (cJSON_IsArray(json) && cJSON_GetArraySize(json) == 1) {
		cJSON *one = cJSON_DetachItemFromArray(json, 0);
		cJSON_Delete(json);
		json = one;
	}
	if (!cJSON_IsObject(json)) {
		cJSON_Delete(json);
		*code = usage_error("set", "--base %s: expected a record as JSON (patina show --format json)",
				    path);
		return NULL;
	}
	return json;
}

static bool parse_assignments(struct set *st, struct opts *o, int *code)
{
	st->as = xcalloc((size_t)o->nargs + 1, sizeof(*st->as));
	for (int i = 2; i < o->nargs; i++) {
		const char *a = o->args[i], *eq = strchr(a, '=');
		if (!eq || eq == a) {
			char *clean = sanitize_line(a, strlen(a));
			*code = usage_error("set", "'%s': expected FIELD=VALUE", clean);
			free(clean);
			return false;
		}
		st->as[st->nas++] = (struct assignment){ xstrndup(a, (size_t)(eq - a)), eq + 1, -1 };
	}
	if (!st->nas) {
		*code = usage_error("set", "what to change? give FIELD=VALUE (e.g. title=CEO)");
		return false;
	}
	return true;
}

static void set_result(struct set *st, struct api_result *r)
{
	if (r->error.kind != APIE_NONE) {
		char *what = xasprintf("%s %s #%" PRId64, r->tag == TAG_UPDATE ? "updating" : "fetching",
				       entity_type_name(st->e), st->id);
		st->code = request_failed(r, what);
		free(what);
	} else if (!cJSON_IsObject(r->json)) {
		fprintf(stderr, "patina: the server's answer was not a %s\n", entity_type_name(st->e));
		st->code = EXIT_NETWORK;
	} else if (r->tag == TAG_RECORD) {
		st->server = r->json;
		r->json = NULL;
		if (st->e == ENT_OPPORTUNITIES)
			need_layout(st->c, st->e, json_int(st->base ? st->base : st->server, "pipeline_id"));
	} else {
		st->updated = r->json;
		r->json = NULL;
	}
}

static int set_wait(struct set *st, cJSON **until)
{
	while (!st->code && !(*until && lookups_pending(st->c->lookups) == 0)) {
		struct api_result *r;
		if (!pump(st->c, &r))
			return EXIT_NETWORK;
		if (r)
			set_result(st, r);
		api_result_free(r);
	}
	return st->code;
}

/* Every field named is found and its value accepted, or nothing is sent;
 * all the refusals are told at once. */
static bool apply_assignments(struct set *st, struct edit_form *form)
{
	bool ok = true;
	int64_t now = (int64_t)time(NULL);
	for (int i = 0; i < st->nas; i++) {
		struct assignment *a = &st->as[i];
		char *field = sanitize_line(a->field, strlen(a->field)), *error = NULL;
		a->index = edit_field_index(form, a->field);
		for (int j = 0; j < i && a->index >= 0; j++) {
			if (st->as[j].index == a->index) {
				fprintf(stderr, "patina set: %s: given twice\n", field);
				ok = false;
			}
		}
		if (a->index < 0) {
			fprintf(stderr, "patina set: %s has no field '%s' (patina show %s %" PRId64
				" lists them; Tab completes them)\n", entity_path(st->e), field,
				entity_type_name(st->e), st->id);
			ok = false;
		} else if (form->fields[a->index].type == EDIT_READONLY) {
			fprintf(stderr, "patina set: %s: cannot be changed\n", form->fields[a->index].label);
			ok = false;
		} else if (!edit_set_text(form, (size_t)a->index, a->value, now, &error)) {
			/* the model's messages mostly name the field already */
			const char *label = form->fields[a->index].label;
			bool named = error && str_starts_with(error, label);
			fprintf(stderr, "patina set: %s%s%s\n", named ? "" : label, named ? "" : ": ",
				error ? error : "invalid value");
			ok = false;
		}
		free(error);
		free(field);
	}
	return ok;
}

/* --base: a field being set that the server changed since the base. */
static bool check_conflicts(struct set *st, struct edit_form *form, const cJSON *layout)
{
	size_t *list = NULL, n = edit_conflicts(form, st->server, &list);
	bool conflict = n > 0;
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "patina set: conflict: %s changed on the server since the base\n",
			form->fields[list[i]].label);
	free(list);
	/* a value equal to the base is no change for the form, yet the script
	 * still means it: the server holding something else is a conflict too */
	struct edit_form *now = edit_form_new(st->e, layout, st->server, st->c->lookups);
	struct edit_form *was = edit_form_new(st->e, layout, st->base, st->c->lookups);
	for (int i = 0; i < st->nas; i++) {
		size_t k = (size_t)st->as[i].index;
		if (edit_field_changed(form, k) || k >= now->count || k >= was->count)
			continue;
		const cJSON *a = edit_value(was, k), *b = edit_value(now, k);
		if (!(a == b || (a && b && cJSON_Compare(a, b, true)))) {
			fprintf(stderr, "patina set: conflict: %s changed on the server since the base\n",
				form->fields[k].label);
			conflict = true;
		}
	}
	edit_form_free(now);
	edit_form_free(was);
	return conflict;
}

static void print_updated(struct set *st, struct edit_form *form)
{
	if (st->fmt == FMT_JSON || st->fmt == FMT_NDJSON) {
		char *text = st->fmt == FMT_JSON ? cJSON_Print(st->updated) : cJSON_PrintUnformatted(st->updated);
		printf("%s\n", text);
		cJSON_free(text);
		return;
	}
	printf("Updated %s #%" PRId64 ":", entity_title(st->e), st->id);
	for (size_t i = 0, k = 0; i < form->count; i++)
		if (edit_field_changed(form, i))
			printf("%s %s", k++ ? "," : "", form->fields[i].label);
	putchar('\n');
}

static int run_set(struct set *st, struct opts *o)
{
	struct cli *c = st->c;
	if (!cli_start(c))
		return EXIT_NETWORK;
	submit(c, api_fetch(st->e, st->id), TAG_RECORD);
	need_detail_lookups(c, st->e);
	if (st->e != ENT_OPPORTUNITIES)
		need_layout(c, st->e, 0);
	if (set_wait(st, &st->server))
		return st->code;
	const cJSON *base = st->base ? st->base : st->server;
	const cJSON *layout = lookups_layout(c->lookups, st->e, json_int(base, "pipeline_id"));
	struct edit_form *form = edit_form_new(st->e, layout, base, c->lookups);
	cJSON *body = NULL;
	int code = EXIT_OK;
	if (!apply_assignments(st, form))
		code = EXIT_USAGE;
	else if (st->base && check_conflicts(st, form, layout))
		code = CLI_EXIT_CONFLICT;
	else if (!(body = edit_body(form)))
		fprintf(stderr, "patina set: nothing to change: %s #%" PRId64 " already holds these values\n",
			entity_type_name(st->e), st->id);
	if (code || !body)
		goto out;
	if (o->dry_run) {
		char *text = cJSON_Print(body);
		printf("%s\n", text);
		cJSON_free(text);
		goto out;
	}
	submit(c, api_update(st->e, st->id, body), TAG_UPDATE);
	if ((code = set_wait(st, &st->updated)))
		goto out; /* the server's words (a 422 names the field) are on stderr */
	print_updated(st, form);
out:
	cJSON_Delete(body);
	edit_form_free(form);
	return code;
}

static int cmd_set(struct cli *c, struct opts *o)
{
	struct set st = { .c = c };
	int code = EXIT_OK;
	if (!parse_entity("set", o->nargs ? o->args[0] : NULL, &st.e, &code) ||
	    !parse_id("set", o->nargs > 1 ? o->args[1] : NULL, &st.id, &code))
		return code;
	st.fmt = auto_format(o->format, true);
	if (parse_assignments(&st, o, &code) && (!o->base || (st.base = read_base(o->base, &code)))) {
		int64_t base_id = json_int(st.base, "id");
		if (st.base && base_id && base_id != st.id)
			code = usage_error("set", "--base is record #%" PRId64 ", not #%" PRId64, base_id, st.id);
		else
			code = run_set(&st, o);
	}
	for (int i = 0; i < st.nas; i++)
		free(st.as[i].field);
	free(st.as);
	cJSON_Delete(st.server);
	cJSON_Delete(st.base);
	cJSON_Delete(st.updated);
	return code;
}

/* ---- help -------------------------------------------------------------------- */

static int cmd_help(struct cli *c, struct opts *o);
static int cmd_complete(struct cli *c, struct opts *o);

static const struct command commands[] = {
	{ "find", cmd_find, "find <entity> [QUERY] [FILTERS...] [--format F] [--limit N] "
	  "[--sort FIELD[:desc]] [--columns A,B]",
	  "search by name and filters; print a table, TSV, CSV or JSON",
	  "QUERY words are searched for in names; FILTERS are terms of the filter\n"
	  "prompt (f in the UI), e.g. owner:me stage:Proposal value>10k closes:<30d\n"
	  "tag:vip city:Boston cf:\"Deal Type\"=Renewal. Quote a value with spaces\n"
	  "(owner:'Jane Smith'). --columns takes id and the titles of the list's\n"
	  "columns; --sort a column or a Copper sort field (Tab completes both).\n"
	  "Formats: table (on a terminal, sized to it), tsv (piped; no header),\n"
	  "csv (with a header), json (an array of the API's records), ndjson.\n"
	  "Pages of up to 200 records are fetched as needed, in parallel and\n"
	  "within the request budget. Exit status 1 when nothing matches.",
	  BIT(O_FORMAT) | BIT(O_LIMIT) | BIT(O_SORT) | BIT(O_COLUMNS), true },
	{ "show", cmd_show, "show <entity> <id|email|name> [--format F]",
	  "one record, laid out as the detail pane shows it",
	  "An email is looked up with POST /people/fetch_by_email (people) or a\n"
	  "search by email (leads); anything else but an id is a name search.\n"
	  "A name matching several records lists them on stderr (exit status 6),\n"
	  "unless exactly one has that whole name.\n"
	  "Formats: table (default: the field layout, Markdown rendered; styled\n"
	  "and wrapped on a terminal, plain when piped), tsv and csv (label and\n"
	  "value per line), json and ndjson (the API's record as is).",
	  BIT(O_FORMAT), true },
	{ "open", cmd_open, "open <entity> <id>", "the interactive UI, opened on that record",
	  "Needs a terminal.", 0, true },
	{ "url", cmd_url, "url <entity> <id>", "print the record's address in Copper's web app",
	  "The account id comes from the cache, else from GET /account.", 0, true },
	{ "set", cmd_set, "set <entity> <id> FIELD=VALUE... [--dry-run] [--base FILE|-]",
	  "change fields of a record (a partial update)",
	  "FIELD is a label, layout key or record key (title, owner, stage,\n"
	  "close_date, a custom field's label); VALUE is typed as in the edit form:\n"
	  "names for owners and stages, dates like 2026-12-31, today, +3d, eom;\n"
	  "an empty VALUE clears the field. One PUT carries exactly the fields that\n"
	  "change. An unknown field or a refused value sends nothing (status 2).\n"
	  "The record is fetched first and is the base the values are checked\n"
	  "against; Copper has no conditional update, so an edit by someone else\n"
	  "between that fetch and the PUT cannot be seen. --base gives the record\n"
	  "as the script read it earlier (patina show --format json): a field set\n"
	  "that changed on the server since is a conflict (status 7), nothing sent.",
	  BIT(O_DRY_RUN) | BIT(O_BASE) | BIT(O_FORMAT), true },
	{ "help", cmd_help, "help [COMMAND]", "show the usage of a command", NULL, 0, false },
	{ "__complete", cmd_complete, "__complete WORDS...",
	  NULL, "Prints completion candidates, one a line, from the disk cache only.", 0, false },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

bool cli_is_command(const char *name)
{
	return find_command(name) != NULL;
}

void cli_print_commands(FILE *out)
{
	fprintf(out, "Commands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].summary)
			fprintf(out, "  %-6s  %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "'patina help COMMAND' or 'patina COMMAND --help' tells more.\n");
}

static void print_options(FILE *out, unsigned mask)
{
	for (int i = 0; i < O_COUNT; i++) {
		if (!(mask & BIT(i)))
			continue;
		const struct optdef *d = &optdefs[i];
		char *flag = d->letter
			? xasprintf("-%c, --%s%s%s", d->letter, d->name, d->arg ? " " : "", d->arg ? d->arg : "")
			: xasprintf("    --%s%s%s", d->name, d->arg ? " " : "", d->arg ? d->arg : "");
		fprintf(out, "  %-26s %s\n", flag, d->help);
		free(flag);
	}
}

static void command_usage(FILE *out, const struct command *cmd)
{
	fprintf(out, "Usage: patina [OPTIONS] %s\n", cmd->synopsis);
	if (cmd->summary)
		fprintf(out, "%c%s.\n", toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
	if (cmd->help && *cmd->help)
		fprintf(out, "\n%s\n", cmd->help);
	fprintf(out, "\nOptions:\n");
	print_options(out, cmd->options | GLOBAL_OPTS);
	fprintf(out, "\nExit status: 0 ok, 1 not found, 2 usage, 3 authentication, 4 network,\n"
		"5 rate limited, 6 ambiguous name, 7 conflict. See patina(1).\n");
}

static int cmd_help(struct cli *c, struct opts *o)
{
	(void)c;
	if (!o->nargs) {
		printf("Usage: patina [OPTIONS] COMMAND [ARGS...]\n\n");
		cli_print_commands(stdout);
		printf("'patina --help' lists the global options.\n");
		return EXIT_OK;
	}
	const struct command *cmd = find_command(o->args[0]);
	if (!cmd) {
		char *clean = sanitize_line(o->args[0], strlen(o->args[0]));
		int code = usage_error("help", "unknown command '%s'", clean);
		free(clean);
		return code;
	}
	command_usage(stdout, cmd);
	return EXIT_OK;
}

/* ---- completion ---------------------------------------------------------------- */

/*
 * `patina __complete WORDS...`: the words after "patina", the last being
 * the one under the cursor (maybe ""). Prints candidates for it, one a
 * line, as shell words (a name with spaces comes quoted, as the filter
 * prompt quotes it), for the completion scripts to insert as they are.
 * Reads the disk cache only, never the network: what was never fetched
 * (or went stale) simply is not offered.
 */

struct completion {
	const char *cur;
	struct cache *cache;
	struct lookups *lookups;
	char **offered;     /* what was printed: a stage in two pipelines once */
	size_t count;
};

/* Prints a candidate. any_form: it matched the word its own way (the
 * filter's completion matches names by any word, ignoring case). */
static void offer_as(struct completion *k, const char *cand, bool any_form)
{
	if (k->count >= COMPLETE_MAX || (!any_form && strncmp(cand, k->cur, strlen(k->cur))))
		return;
	char *clean = sanitize_line(cand, strlen(cand));
	for (size_t i = 0; i < k->count; i++) {
		if (!strcmp(k->offered[i], clean)) {
			free(clean);
			return;
		}
	}
	printf("%s\n", clean);
	k->offered = xrealloc(k->offered, (k->count + 1) * sizeof(*k->offered));
	k->offered[k->count++] = clean;
}

static void offer(struct completion *k, const char *cand)
{
	offer_as(k, cand, false);
}

/* A cached look-up handed to the look-ups as if just fetched. The page
 * number 100 tells them it is the last, so they never ask for more. */
static void load_cached(struct completion *k, enum lookup which)
{
	cJSON *data = cache_get(k->cache, lookup_name(which), (int64_t)time(NULL));
	if (!data)
		return;
	struct api_result r = { .owner = OWNER_LOOKUPS, .generation = 1,
				  .tag = (int64_t)which | ((int64_t)100 << 32), .json = data };
	lookups_on_result(k->lookups, &r);
	cJSON_Delete(r.json);
}

static const char *const entity_words[] = {
	"people", "person", "companies", "company", "leads", "lead", "opportunities",
	"opportunity", "projects", "project", "tasks", "task", NULL
};

static int option_index(const char *word, unsigned mask, bool *inline_value)
{
	const char *eq = str_starts_with(word, "--") ? strchr(word, '=') : NULL;
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	*inline_value = eq != NULL;
	for (int i = 0; i < O_COUNT; i++)
		if ((mask & BIT(i)) && ((len > 2 && word[1] == '-' && strlen(optdefs[i].name) == len - 2 &&
					 !strncmp(word + 2, optdefs[i].name, len - 2)) ||
					(len == 2 && word[1] == optdefs[i].letter)))
			return i;
	return -1;
}

static void offer_option_values(struct completion *k, enum opt_id id, enum entity e, bool have_e,
				const char *prefix)
{
	char *cand;
	size_t n;
	const struct column *cols = have_e ? columns_for(e, &n) : NULL;
	if (id == O_FORMAT) {
		for (int i = 1; format_names[i]; i++) {
			cand = xasprintf("%s%s", prefix, format_names[i]);
			offer(k, cand);
			free(cand);
		}
	} else if (id == O_SORT && cols) {
		for (size_t i = 0; i < n; i++) {
			if (!cols[i].sort_by)
				continue;
			for (int desc = 0; desc < 2; desc++) {
				cand = xasprintf("%s%s%s", prefix, cols[i].sort_by, desc ? ":desc" : "");
				offer(k, cand);
				free(cand);
			}
		}
	} else if (id == O_COLUMNS && cols) {
		/* the last of a comma list: keep what is before it */
		const char *value = k->cur + strlen(prefix), *comma = strrchr(value, ',');
		size_t keep = comma ? (size_t)(comma + 1 - k->cur) : strlen(prefix);
		for (size_t i = 0; i <= n; i++) {
			const char *title = i < n ? cols[i].title : "id";
			char *lower = xstrdup(title);
			for (char *p = lower; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			cand = xasprintf("%.*s%s", (int)keep, k->cur, lower);
			offer(k, cand);
			free(cand);
			free(lower);
		}
	}
}

static void offer_filter(struct completion *k, enum entity e)
{
	static const enum lookup wanted[] = {
		LOOKUP_ME, LOOKUP_USERS, LOOKUP_TAGS, LOOKUP_PIPELINES, LOOKUP_CONTACT_TYPES,
		LOOKUP_CUSTOMER_SOURCES, LOOKUP_LOSS_REASONS, LOOKUP_LEAD_STATUSES,
		LOOKUP_CUSTOM_FIELDS,
	};
	for (size_t i = 0; i < ARRAY_SIZE(wanted); i++)
		load_cached(k, wanted[i]);
	struct filter_context ctx = { k->lookups, e, json_int(lookups_get(k->lookups, LOOKUP_ME), "id"),
				      (int64_t)time(NULL) };
	char **cands = NULL;
	size_t n = filter_complete(k->cur, strlen(k->cur), &ctx, &cands, COMPLETE_MAX, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		offer_as(k, cands[i], true);
	filter_free_candidates(cands, n);
}

/* A name as a shell word: quoted when the shell would split or expand it. */
static char *shell_word(const char *s)
{
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			 "._@+-/:,%") == strlen(s))
		return xstrdup(s);
	struct strbuf sb = {0};
	sb_putc(&sb, '"');
	for (; *s; s++) {
		if (strchr("\"\\$`", *s))
			sb_putc(&sb, '\\');
		sb_putc(&sb, *s);
	}
	sb_putc(&sb, '"');
	return sb_detach(&sb);
}

/* An opportunity's layout depends on its pipeline, which only the server
 * knows: the first pipeline whose layout is cached stands in. */
static cJSON *cached_layout(struct completion *k, enum entity e)
{
	if (e != ENT_OPPORTUNITIES) {
		char *key = xasprintf("layout-%s", entity_path(e));
		cJSON *layout = cache_get(k->cache, key, (int64_t)time(NULL));
		free(key);
		return layout;
	}
	const cJSON *p;
	cJSON_ArrayForEach(p, lookups_get(k->lookups, LOOKUP_PIPELINES)) {
		char *key = xasprintf("layout-opportunities-%" PRId64, json_int(p, "id"));
		cJSON *layout = cache_get(k->cache, key, (int64_t)time(NULL));
		free(key);
		if (layout)
			return layout;
	}
	return NULL;
}

/* The word a field is named by: its label when that is one word, else its
 * record key, else (a custom field) its label quoted. */
static char *field_word(const struct edit_field *f)
{
	if (!strpbrk(f->label, " \t\"'")) {
		char *w = xstrdup(f->label);
		for (char *p = w; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		return w;
	}
	return f->cf_id ? shell_word(f->label) : xstrdup(f->key);
}

/* A choice answers to what was typed: the start of its name or of a word
 * of it, case ignored (as the filter's completion matches). */
static bool choice_matches(const char *name, const char *typed)
{
	size_t n = strlen(typed);
	for (const char *w = name; w; w = strchr(w, ' ')) {
		w += *w == ' ';
		if (!strncasecmp(w, typed, n))
			return true;
	}
	return false;
}

/* FIELD=VALUE: the choices of the field typed before '=' (owners, stages,
 * statuses, dropdown options...). */
static void offer_set_values(struct completion *k, struct edit_form *form, const char *eq)
{
	/* the field as the shell will pass it: "Key Account" without quotes */
	char *field = xstrndup(k->cur, (size_t)(eq - k->cur)), *to = field;
	for (const char *from = field; *from; from++)
		if (!strchr("\"'\\", *from))
			*to++ = *from;
	*to = '\0';
	long i = edit_field_index(form, field);
	free(field);
	if (i < 0)
		return;
	const struct edit_field *f = &form->fields[i];
	const char *typed = eq + 1 + (eq[1] == '"' || eq[1] == '\'');
	static const struct edit_choice yes_no[] = { { 0, (char *)"yes" }, { 0, (char *)"no" } };
	const struct edit_choice *choices = f->type == EDIT_CHECKBOX ? yes_no : f->choices;
	size_t n = f->type == EDIT_CHECKBOX ? 2 : f->nchoices;
	for (size_t c = 0; c < n; c++) {
		if (!choice_matches(choices[c].name, typed))
			continue;
		char *value = shell_word(choices[c].name);
		char *cand = xasprintf("%.*s%s", (int)(eq + 1 - k->cur), k->cur, value);
		offer_as(k, cand, true);
		free(cand);
		free(value);
	}
}

/* `set ENTITY ID <Tab>`: the fields that can be changed, from the cached
 * layout (without the record: its values do not matter here). */
static void offer_set(struct completion *k, enum entity e)
{
	static const enum lookup wanted[] = {
		LOOKUP_USERS, LOOKUP_CUSTOM_FIELDS, LOOKUP_CONTACT_TYPES, LOOKUP_LEAD_STATUSES,
		LOOKUP_CUSTOMER_SOURCES, LOOKUP_PIPELINES, LOOKUP_LOSS_REASONS, LOOKUP_TAGS,
	};
	for (size_t i = 0; i < ARRAY_SIZE(wanted); i++)
		load_cached(k, wanted[i]);
	cJSON *layout = cached_layout(k, e);
	struct edit_form *form = edit_form_new(e, layout, NULL, k->lookups);
	const char *eq = strchr(k->cur, '=');
	if (eq) {
		offer_set_values(k, form, eq);
	} else {
		for (size_t i = 0; i < form->count; i++) {
			if (form->fields[i].type == EDIT_READONLY)
				continue;
			char *word = field_word(&form->fields[i]);
			char *cand = xasprintf("%s=", word);
			offer(k, cand);
			free(cand);
			free(word);
		}
	}
	edit_form_free(form);
	cJSON_Delete(layout);
}

static void complete_words(struct completion *k, char **w, int n, struct settings_flags *flags);

static int cmd_complete(struct cli *c, struct opts *o)
{
	(void)c;
	char *empty[] = { (char *)"" };
	char **w = o->nargs ? o->args : empty;
	int n = o->nargs ? o->nargs : 1;
	struct completion k = { .cur = w[n - 1] };
	struct settings_flags flags = o->flags;
	complete_words(&k, w, n, &flags);
	for (size_t i = 0; i < k.count; i++)
		free(k.offered[i]);
	free(k.offered);
	lookups_free(k.lookups);
	cache_close(k.cache);
	return EXIT_OK;
}

/* The cache of the account the command line's settings point to. Settings
 * load without their token: completion must not run token-command (a
 * password manager's prompt at every Tab), and needs only the api-url and
 * email that tell the account's cache apart. */
static void open_completion_cache(struct completion *k, const struct settings_flags *flags)
{
	struct settings s;
	struct conf_errors errors = {0};
	settings_init(&s);
	if (!getenv("COPPER_API_TOKEN") && !getenv("COPPER_ACCESS_TOKEN"))
		setenv("COPPER_API_TOKEN", "(completion: no token needed)", 1);
	settings_load(&s, flags, &errors); /* errors do not matter here */
	conf_errors_free(&errors);
	k->cache = open_cache(&s);
	k->lookups = lookups_new((struct api_sender){0}, NULL, OWNER_LOOKUPS);
	settings_free(&s);
}

static void complete_words(struct completion *k, char **w, int n, struct settings_flags *flags)
{
	bool inline_value;
	int i = 0, id;
	/* global flags before the command */
	for (; i < n - 1 && w[i][0] == '-'; i++) {
		id = option_index(w[i], GLOBAL_OPTS, &inline_value);
		const char *v = inline_value ? strchr(w[i], '=') + 1 : i + 1 < n - 1 ? w[i + 1] : NULL;
		if (id >= 0 && optdefs[id].arg && !inline_value && i + 1 == n - 1)
			return; /* a file or URL: the shell's own completion */
		if (id == O_CONFIG)
			flags->config_path = v;
		else if (id == O_API_URL)
			flags->api_url = v;
		else if (id == O_EMAIL)
			flags->email = v;
		if (id >= 0 && optdefs[id].arg && !inline_value)
			i++;
	}
	if (i == n - 1) {
		for (size_t c = 0; c < ARRAY_SIZE(commands); c++)
			if (commands[c].summary && k->cur[0] != '-')
				offer(k, commands[c].name);
		for (id = 0; id < O_COUNT && k->cur[0] == '-'; id++)
			if (GLOBAL_OPTS & BIT(id)) {
				char *cand = xasprintf("--%s", optdefs[id].name);
				offer(k, cand);
				free(cand);
			}
		return;
	}
	const struct command *cmd = find_command(w[i]);
	if (!cmd || !cmd->summary)
		return;
	if (cmd->run == cmd_help) {
		if (i + 1 == n - 1)
			for (size_t c = 0; c < ARRAY_SIZE(commands); c++)
				if (commands[c].summary)
					offer(k, commands[c].name);
		return;
	}
	unsigned mask = cmd->options | GLOBAL_OPTS;
	/* the positional words before the cursor, and a pending option */
	const char *pos[4] = {0};
	int npos = 0, pending = -1;
	for (int j = i + 1; j < n - 1; j++) {
		if (!strcmp(w[j], "--"))
			break;
		if (w[j][0] == '-' && w[j][1]) {
			id = option_index(w[j], mask, &inline_value);
			if (id == O_CONFIG && inline_value)
				flags->config_path = strchr(w[j], '=') + 1;
			if (id >= 0 && optdefs[id].arg && !inline_value) {
				if (j + 1 == n - 1)
					pending = id;
				else if (id == O_CONFIG)
					flags->config_path = w[j + 1];
				j++;
			}
			continue;
		}
		if (npos < 4)
			pos[npos] = w[j];
		npos++;
	}
	enum entity e = ENT_COUNT;
	bool have_e = npos > 0 && entity_parse(pos[0], &e);
	if (pending == O_CONFIG || pending == O_BASE || pending == O_API_URL || pending == O_LIMIT ||
	    pending == O_EMAIL)
		return;
	if (pending >= 0) {
		offer_option_values(k, (enum opt_id)pending, e, have_e, "");
		return;
	}
	if (k->cur[0] == '-') {
		id = option_index(k->cur, mask, &inline_value);
		if (id >= 0 && inline_value) {
			char *prefix = xasprintf("--%s=", optdefs[id].name);
			offer_option_values(k, (enum opt_id)id, e, have_e, prefix);
			free(prefix);
			return;
		}
		for (id = 0; id < O_COUNT; id++)
			if (mask & BIT(id)) {
				char *cand = xasprintf("--%s", optdefs[id].name);
				offer(k, cand);
				free(cand);
			}
		return;
	}
	if (npos == 0) {
		for (const char *const *ew = entity_words; *ew; ew++)
			offer(k, *ew);
		return;
	}
	if (!have_e)
		return;
	open_completion_cache(k, flags);
	if (cmd->run == cmd_find)
		offer_filter(k, e);
	else if (cmd->run == cmd_set && npos >= 2)
		offer_set(k, e);
}

/* ---- the command line ---------------------------------------------------------- */

static bool parse_format(const char *cmd, const char *v, enum format *out, int *code)
{
	for (int i = 1; format_names[i]; i++) {
		if (!strcasecmp(v, format_names[i])) {
			*out = (enum format)i;
			return true;
		}
	}
	*code = usage_error(cmd, "--format: '%s' is not one of table, tsv, csv, json, ndjson", v);
	return false;
}

static bool set_option(const struct command *cmd, struct opts *o, enum opt_id id, const char *v,
		       int *code)
{
	int64_t n;
	switch (id) {
	case O_CONFIG: o->flags.config_path = v; break;
	case O_API_URL: o->flags.api_url = v; break;
	case O_EMAIL: o->flags.email = v; break;
	case O_HELP: o->help = true; break;
	case O_FORMAT: return parse_format(cmd->name, v, &o->format, code);
	case O_LIMIT:
		if (!str_to_i64(v, &n) || n < 1 || n > SEARCH_CAP) {
			*code = usage_error(cmd->name, "--limit: expected a number from 1 to %d", SEARCH_CAP);
			return false;
		}
		o->limit = (long)n;
		break;
	case O_SORT: o->sort = v; break;
	case O_COLUMNS: o->columns = v; break;
	case O_DRY_RUN: o->dry_run = true; break;
	case O_BASE: o->base = v; break;
	case O_COUNT: break;
	}
	return true;
}

static int find_option(const struct command *cmd, const char *arg, size_t len)
{
	unsigned mask = cmd->options | GLOBAL_OPTS;
	for (int i = 0; i < O_COUNT; i++) {
		if (!(mask & BIT(i)))
			continue;
		if (len > 1 && arg[1] == '-' ? strlen(optdefs[i].name) == len - 2 &&
		    !strncmp(optdefs[i].name, arg + 2, len - 2)
		    : len == 2 && optdefs[i].letter == arg[1])
			return i;
	}
	return -1;
}

/* Options anywhere before "--" (filter terms never start with '-'). */
static bool parse_args(const struct command *cmd, int argc, char **argv, struct opts *o, int *code)
{
	o->args = xcalloc((size_t)argc + 1, sizeof(*o->args));
	bool options = strcmp(cmd->name, "__complete") != 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!options || a[0] != '-' || !a[1]) {
			o->args[o->nargs++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			options = false;
			continue;
		}
		const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		int id = find_option(cmd, a, len);
		if (id < 0) {
			char *clean = sanitize_line(a, len);
			*code = usage_error(cmd->name, "unknown option '%s'", clean);
			free(clean);
			return false;
		}
		const char *value = NULL;
		if (optdefs[id].arg) {
			value = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
			if (!value) {
				*code = usage_error(cmd->name, "option '%s' needs a value", a);
				return false;
			}
		} else if (eq) {
			*code = usage_error(cmd->name, "option '--%s' takes no value", optdefs[id].name);
			return false;
		}
		if (!set_option(cmd, o, (enum opt_id)id, value, code))
			return false;
	}
	return true;
}

int cli_main(int argc, char **argv, const struct settings_flags *flags, struct cli_open *open)
{
	open->wanted = false;
	const struct command *cmd = find_command(argv[0]);
	if (!cmd)
		return usage_error("help", "unknown command '%s'", argv[0]);
	struct opts o = { .flags = *flags, .open = open };
	int code = EXIT_OK;
	if (!parse_args(cmd, argc, argv, &o, &code)) {
		free(o.args);
		return code;
	}
	if (o.help) {
		command_usage(stdout, cmd);
		free(o.args);
		return EXIT_OK;
	}
	struct settings settings;
	settings_init(&settings);
	struct cli c = { .s = &settings };
	if (cmd->settings) {
		struct conf_errors errors = {0};
		if (!settings_load(&settings, &o.flags, &errors)) {
			for (size_t i = 0; i < errors.count; i++)
				fprintf(stderr, "patina: %s\n", errors.messages[i]);
			conf_errors_free(&errors);
			settings_free(&settings);
			free(o.args);
			return EXIT_USAGE;
		}
		conf_errors_free(&errors);
		char *why;
		if (!session_settings_usable(&settings, &why)) {
			fprintf(stderr, "patina: %s\n", why);
			free(why);
			settings_free(&settings);
			free(o.args);
			return EXIT_USAGE;
		}
	}
	code = cmd->run(&c, &o);
	fflush(stdout);
	cli_stop(&c);
	if (open->wanted)
		open->settings = settings; /* main.c's now */
	else
		settings_free(&settings);
	free(o.args);
	return code;
}
