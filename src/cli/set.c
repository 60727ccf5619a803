/*
 * set.c - `patina set <entity> <id> FIELD=VALUE...`: a partial update of
 * exactly the fields named, validated by the edit model as the form
 * validates them.
 *
 * The record is fetched first: it is the base the values are checked
 * against (a value equal to the record's is no change), and its pipeline
 * picks an opportunity's layout and stages. A refusal, of any field,
 * sends nothing.
 *
 * Conflicts: Copper has no conditional update (no ETag, no If-Match), so a
 * colleague's edit between this fetch and the PUT (milliseconds) cannot be
 * detected. A script that read the record earlier and decided on the
 * change from what it read passes that record with --base: then a field it
 * sets that has changed on the server since is a conflict (exit 7), and
 * nothing is sent.
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "fetch/session.h"
#include "model/edit.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct assignment {
	char *field;
	const char *value;
	long index;
};

struct set {
	struct oneshot *c;
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
		*code = cli_usage_error("set", "--base %s: %s", path, strerror(errno));
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
		*code = cli_usage_error("set", "--base %s: expected a record as JSON (patina show "
					"--format json)", path);
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
			*code = cli_usage_error("set", "'%s': expected FIELD=VALUE", clean);
			free(clean);
			return false;
		}
		st->as[st->nas++] = (struct assignment){ xstrndup(a, (size_t)(eq - a)), eq + 1,
							 -1 };
	}
	if (!st->nas) {
		*code = cli_usage_error("set", "what to change? give FIELD=VALUE (e.g. title=CEO)");
		return false;
	}
	return true;
}

static void set_result(struct set *st, struct api_result *r)
{
	if (r->error.kind != APIE_NONE) {
		char *what = xasprintf("%s %s #%" PRId64,
				       r->tag == TAG_UPDATE ? "updating" : "fetching",
				       entity_type_name(st->e), st->id);
		st->code = oneshot_failed(r, what);
		free(what);
	} else if (!cJSON_IsObject(r->json)) {
		fprintf(stderr, "patina: the server's answer was not a %s\n",
			entity_type_name(st->e));
		st->code = EXIT_NETWORK;
	} else if (r->tag == TAG_RECORD) {
		st->server = r->json;
		r->json = NULL;
		if (st->e == ENT_OPPORTUNITIES)
			oneshot_need_layout(st->c, st->e,
					    json_member_i64(st->base ? st->base : st->server,
							    "pipeline_id"));
	} else {
		st->updated = r->json;
		r->json = NULL;
	}
}

static int set_wait(struct set *st, cJSON **until)
{
	while (!st->code && !(*until && lookups_pending(st->c->lookups) == 0)) {
		struct api_result *r;
		if (!oneshot_pump(st->c, &r)) {
			/* the PUT may have gone out and been carried out: say so */
			char *what = until == &st->updated
				? xasprintf("updating %s #%" PRId64 " (it may or may not have been "
					    "made: patina show tells)", entity_type_name(st->e), st->id)
				: xasprintf("fetching %s #%" PRId64 " and what checks the values "
					    "(nothing was sent)", entity_type_name(st->e), st->id);
			st->code = oneshot_gave_up(st->c, what);
			free(what);
			return st->code;
		}
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
			fprintf(stderr, "patina set: %s: cannot be changed\n",
				form->fields[a->index].label);
			ok = false;
		} else if (!edit_set_text(form, (size_t)a->index, a->value, now, &error)) {
			/* the model's messages mostly name the field already */
			const char *label = form->fields[a->index].label;
			bool named = error && str_starts_with(error, label);
			fprintf(stderr, "patina set: %s%s%s\n", named ? "" : label,
				named ? "" : ": ", error ? error : "invalid value");
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
			fprintf(stderr, "patina set: conflict: %s changed on the server since "
				"the base\n", form->fields[k].label);
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
		output_json(st->fmt, st->updated);
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
	struct oneshot *c = st->c;
	if (!oneshot_start(c))
		return EXIT_NETWORK;
	oneshot_submit(c, api_fetch(st->e, st->id), TAG_RECORD);
	oneshot_need_detail_lookups(c, st->e);
	if (st->e != ENT_OPPORTUNITIES)
		oneshot_need_layout(c, st->e, 0);
	if (set_wait(st, &st->server))
		return st->code;
	const cJSON *base = st->base ? st->base : st->server;
	const cJSON *layout = lookups_layout(c->lookups, st->e,
					     json_member_i64(base, "pipeline_id"));
	struct edit_form *form = edit_form_new(st->e, layout, base, c->lookups);
	cJSON *body = NULL;
	int code = EXIT_OK;
	if (!apply_assignments(st, form))
		code = EXIT_USAGE;
	else if (st->base && check_conflicts(st, form, layout))
		code = CLI_EXIT_CONFLICT;
	else if (!(body = edit_body(form)))
		fprintf(stderr, "patina set: nothing to change: %s #%" PRId64 " already holds "
			"these values\n", entity_type_name(st->e), st->id);
	if (code || !body)
		goto out;
	if (o->dry_run) {
		output_json(FMT_JSON, body);
		goto out;
	}
	oneshot_submit(c, api_update(st->e, st->id, body), TAG_UPDATE);
	if ((code = set_wait(st, &st->updated)))
		goto out; /* the server's words (a 422 names the field) are on stderr */
	print_updated(st, form);
out:
	cJSON_Delete(body);
	edit_form_free(form);
	return code;
}

int cmd_set(struct oneshot *c, struct opts *o)
{
	struct set st = { .c = c };
	int code = EXIT_OK;
	if (!cli_parse_entity("set", o->nargs ? o->args[0] : NULL, &st.e, &code) ||
	    !cli_parse_id("set", o->nargs > 1 ? o->args[1] : NULL, &st.id, &code))
		return code;
	st.fmt = format_auto(o->format, true);
	if (parse_assignments(&st, o, &code) &&
	    (!o->base || (st.base = read_base(o->base, &code)))) {
		int64_t base_id = json_member_i64(st.base, "id");
		if (st.base && base_id && base_id != st.id)
			code = cli_usage_error("set", "--base is record #%" PRId64 ", not #%"
					       PRId64, base_id, st.id);
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

