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

static int show_loop(struct show *s)
{
	while (!s->code && !(s->record && oneshot_pending(s->c) == 0)) {
		struct api_result *r;
		if (!oneshot_pump(s->c, &r))
			return EXIT_NETWORK;
		if (r)
			show_result(s, r);
		api_result_free(r);
	}
	return s->code;
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
	output_detail(&s->term, doc);
	detail_free(doc);
}

static void print_record(struct show *s)
{
	struct oneshot *c = s->c;
	if (s->fmt == FMT_JSON || s->fmt == FMT_NDJSON) {
		output_json(s->fmt, s->record);
		return;
	}
	const cJSON *layout = lookups_layout(c->lookups, s->e,
					     json_member_i64(s->record, "pipeline_id"));
	struct field_list *fl = fields_build(s->e, layout, s->record, c->lookups, c->names);
	if (s->fmt == FMT_TSV || s->fmt == FMT_CSV)
		output_fields(s->fmt, fl);
	else
		print_detail(s, fl);
	fields_free(fl);
	oneshot_warn_lookups(c);
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
		print_record(&s);
	cJSON_Delete(s.record);
	return code;
}
