/*
 * show.c - `patina show <entity> <id|email|name>`: one record, laid out as
 * the detail pane lays it out (model/detail.h), or as TSV, CSV or JSON.
 *
 * The record is asked for first: the look-ups and the field layout come
 * from disk, or alongside it, while it travels. Once it is in, an
 * opportunity's layout can be asked for (it depends on the pipeline), and
 * the names of the records it refers to by id only (a task's related
 * record, an opportunity's primary contact) in one search by ids per
 * entity.
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "copper/refnames.h"
#include "fetch/session.h"
#include "model/columns.h"
#include "model/detail.h"
#include "model/fields.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MATCHES_PAGE 25      /* a name search */
#define CANDIDATES_SHOWN 10  /* of an ambiguous name */

struct show {
	struct oneshot *c;
	enum entity e;
	const char *target;
	enum format fmt;
	bool raw_cells;     /* --raw-cells */
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
		char *id = output_record_id(rec);
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

/* The record is in: what its layout depends on, and the names of the
 * records it refers to, are asked for alongside the look-ups rather than
 * after them. */
static void take_record(struct show *s, cJSON *rec)
{
	s->record = rec;
	if (s->fmt == FMT_JSON || s->fmt == FMT_NDJSON)
		return;
	if (s->e == ENT_OPPORTUNITIES)
		oneshot_need_layout(s->c, s->e, json_member_i64(rec, "pipeline_id"));
	struct refnames_batch batch = {0};
	refnames_learn(s->c->names, s->e, rec);
	refnames_want_refs(s->c->names, &batch, s->e, rec);
	oneshot_want_names(s->c, &batch);
}

static void take_matches(struct show *s, struct api_result *r)
{
	int n = cJSON_GetArraySize(r->json);
	int64_t total = r->total >= 0 ? r->total : n;
	const cJSON *hit = n == 1 ? cJSON_GetArrayItem(r->json, 0)
				  : exact_match(r->json, s->target);
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
		s->code = oneshot_failed(r, clean);
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
		fprintf(stderr, "patina: the server's answer was not a %s\n",
			entity_type_name(s->e));
		s->code = EXIT_NETWORK;
	}
}

/* A name search, for a name or a lead's email. */
static void ask_matches(struct show *s, const char *key)
{
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, key, s->target);
	oneshot_submit(s->c, api_search(s->e, body, 1, MATCHES_PAGE, NULL, false), TAG_MATCHES);
	cJSON_Delete(body);
}

/* The request that finds the record: by id, by email, else by name. */
static bool ask_record(struct show *s)
{
	int64_t id;
	const char *t = s->target;
	if (str_to_i64(t, &id) && id > 0) {
		oneshot_submit(s->c, api_fetch(s->e, id), TAG_RECORD);
	} else if (strchr(t, '@') && s->e == ENT_PEOPLE) {
		oneshot_submit(s->c, api_fetch_person_by_email(t), TAG_RECORD);
	} else if (strchr(t, '@') && s->e == ENT_LEADS) {
		ask_matches(s, "emails");
	} else if (s->e == ENT_TASKS) {
		s->code = cli_usage_error("show", "tasks cannot be searched by name (the API has "
					  "no name filter for tasks); give the task's id");
		return false;
	} else {
		ask_matches(s, "name");
	}
	return true;
}

/* What the command was asked for, for messages. Caller frees. */
static char *show_what(const struct show *s)
{
	char *what = xasprintf("%s %s", entity_type_name(s->e), s->target);
	char *clean = sanitize_line(what, strlen(what));
	free(what);
	return clean;
}

/* Until the record and what names its ids are in, or the deadline: then
 * the record is printed with what is missing marked, and without a
 * record there is nothing to print. */
static int show_loop(struct show *s)
{
	while (!s->code && !(s->record && oneshot_pending(s->c) == 0)) {
		struct api_result *r;
		if (!oneshot_pump(s->c, &r)) {
			if (s->record)
				return EXIT_OK;
			char *what = show_what(s);
			s->code = oneshot_gave_up(s->c, what);
			free(what);
			return s->code;
		}
		if (r)
			show_result(s, r);
		api_result_free(r);
	}
	return s->code;
}

/* ---- what did not load ------------------------------------------------------ */

/* The record keys whose ids a look-up names (model/fields.c's maps). */
static const struct { const char *record_key; enum lookup which; } id_keys[] = {
	{ "assignee_id", LOOKUP_USERS },
	{ "contact_type_id", LOOKUP_CONTACT_TYPES },
	{ "customer_source_id", LOOKUP_CUSTOMER_SOURCES },
	{ "loss_reason_id", LOOKUP_LOSS_REASONS },
	{ "status_id", LOOKUP_LEAD_STATUSES },
	{ "pipeline_id", LOOKUP_PIPELINES },
	{ "pipeline_stage_id", LOOKUP_PIPELINES },
	{ "custom_activity_type_id", LOOKUP_ACTIVITY_TYPES },
};

/* "#123", or "Company: #123" ending in it: an id shown for a name. */
static bool shows_id(const char *line)
{
	const char *hash = strrchr(line, '#');
	if (!hash || (hash != line && hash[-1] != ' ') || !hash[1])
		return false;
	return strspn(hash + 1, "0123456789") == strlen(hash + 1);
}

static void set_lines(struct field *f, char *only)
{
	for (size_t i = 0; i < f->nlines; i++)
		free(f->lines[i]);
	f->lines = xrealloc(f->lines, 2 * sizeof(*f->lines));
	f->lines[0] = only;
	f->lines[1] = NULL;
	f->nlines = 1;
	f->kind = FIELD_TEXT;
}

/* A custom field's value as the server labelled it (computed_value): it
 * needs no definition to be read. */
static bool custom_has_label(const cJSON *record, const char *key)
{
	int64_t id;
	const cJSON *entry;
	if (!key || !str_starts_with(key, "cf_") || !str_to_i64(key + 3, &id))
		return false;
	cJSON_ArrayForEach(entry, cJSON_GetObjectItemCaseSensitive(record, "custom_fields")) {
		if (json_member_i64(entry, "custom_field_definition_id") != id)
			continue;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, "computed_value");
		return v && !cJSON_IsNull(v);
	}
	return false;
}

/*
 * Values whose look-up did not load are marked as such: without its
 * definition a custom field's value is a bare option id or Unix time that
 * would pass for the value ("8", "1515744000"), so it is replaced by the
 * note; an id shown for a name ("#451493") keeps the id and gets the note
 * beside it. model/fields.c shows "#id" for any unknown id; which of them
 * are unknown because a look-up is missing is this command's to know.
 */
static void mark_unloaded(struct show *s, struct field_list *fl)
{
	struct oneshot *c = s->c;
	for (size_t i = 0; i < fl->count; i++) {
		struct field *f = &fl->fields[i];
		const char *note = NULL;
		if (!f->nlines || !f->record_key)
			continue;
		if (!strcmp(f->record_key, "custom_fields")) {
			if (!custom_has_label(s->record, f->key) &&
			    (note = oneshot_unloaded(c, LOOKUP_CUSTOM_FIELDS)))
				set_lines(f, xstrdup(note));
			continue;
		}
		for (size_t k = 0; k < ARRAY_SIZE(id_keys) && !note; k++)
			if (!strcmp(f->record_key, id_keys[k].record_key))
				note = oneshot_unloaded(c, id_keys[k].which);
		bool ids = false;
		for (size_t k = 0; k < f->nlines; k++)
			ids = ids || shows_id(f->lines[k]);
		if (!note && ids && f->ref_id)
			note = oneshot_names_unloaded(c);
		for (size_t k = 0; note && k < f->nlines; k++) {
			if (!shows_id(f->lines[k]))
				continue;
			char *marked = xasprintf("%s %s", f->lines[k], note);
			free(f->lines[k]);
			f->lines[k] = marked;
		}
	}
}

/* The detail layout: the name and kind, then the fields; wrapped to the
 * terminal and styled on one, plain and never wrapped when piped. */
static void print_detail(struct show *s, const struct field_list *fl)
{
	int width = s->term.tty ? s->term.width : DETAIL_UNWRAPPED;
	struct detail_doc *doc = detail_new();
	detail_add_header(doc, record_name(s->record), s->e, json_member_i64(s->record, "id"),
			  width);
	detail_add_line(doc, -1);
	struct detail_options opt = { .width = width };
	detail_add_fields(doc, fl, &opt);
	char *link = cli_record_link(s->c, &s->term, s->e, json_member_i64(s->record, "id"));
	output_detail(&s->term, doc, link);
	free(link);
	detail_free(doc);
}

/* Prints the record; returns EXIT_RATE_LIMITED (said on stderr) when what
 * names its ids did not all load. */
static int print_record(struct show *s)
{
	struct oneshot *c = s->c;
	if (s->fmt == FMT_JSON || s->fmt == FMT_NDJSON) {
		output_json(s->fmt, s->record);
		return EXIT_OK;
	}
	const cJSON *layout = lookups_layout(c->lookups, s->e,
					     json_member_i64(s->record, "pipeline_id"));
	c->missing_layout = !layout;
	struct field_list *fl = fields_build(s->e, layout, s->record, c->lookups, c->names);
	mark_unloaded(s, fl);
	if (s->fmt == FMT_TSV || s->fmt == FMT_CSV)
		output_fields(s->fmt, fl, s->raw_cells);
	else
		print_detail(s, fl);
	fields_free(fl);
	return oneshot_incomplete(c);
}

int cmd_show(struct oneshot *c, struct opts *o)
{
	struct show s = { .c = c };
	int code = EXIT_OK;
	if (!cli_parse_entity("show", o->nargs ? o->args[0] : NULL, &s.e, &code))
		return code;
	if (o->nargs < 2)
		return cli_usage_error("show", "which %s? give an id, an email or a name",
				       entity_type_name(s.e));
	if (o->nargs > 2)
		return cli_usage_error("show", "one record at a time (quote a name with spaces)");
	s.target = o->args[1];
	term_init(&s.term);
	s.fmt = format_auto(o->format, true);
	s.raw_cells = o->raw_cells;
	if (!oneshot_start(c))
		return EXIT_NETWORK;
	/* the record first: the look-ups come from disk while it travels */
	if (!ask_record(&s))
		return s.code;
	if (s.fmt != FMT_JSON && s.fmt != FMT_NDJSON) {
		oneshot_need_detail_lookups(c, s.e);
		if (s.e != ENT_OPPORTUNITIES) /* theirs depends on the pipeline */
			oneshot_need_layout(c, s.e, 0);
	}
	code = show_loop(&s);
	if (!code)
		code = print_record(&s);
	cJSON_Delete(s.record);
	return code;
}
