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
 * A list field (emails, phones, tags...) takes verbs: FIELD+=ITEMS adds,
 * FIELD-=ITEMS removes (an item not on the list is refused), FIELD=ITEMS
 * replaces the whole list and says on stderr which items that drops.
 *
 * The save is the form's (model/save.h): sent once, and an answer lost on
 * the way is never guessed at nor answered by sending again; the record is
 * re-read and the command says what the server holds.
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
#include "model/save.h"
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
	char *field;            /* as typed, a verb's '+' or '-' included */
	const char *value;
	long index;
	enum edit_list_verb verb;
};

struct set {
	struct oneshot *c;
	enum entity e;
	int64_t id;
	enum format fmt;
	cJSON *server;     /* the record as it is now */
	cJSON *base;       /* --base, else NULL: the server's record is the base */
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
		char *what = xasprintf("fetching %s #%" PRId64, entity_type_name(st->e), st->id);
		st->code = oneshot_failed(r, what);
		free(what);
	} else if (!cJSON_IsObject(r->json)) {
		fprintf(stderr, "patina: the server's answer was not a %s\n",
			entity_type_name(st->e));
		st->code = EXIT_NETWORK;
	} else {
		st->server = r->json;
		r->json = NULL;
		if (st->e == ENT_OPPORTUNITIES)
			oneshot_need_layout(st->c, st->e,
					    json_member_i64(st->base ? st->base : st->server,
							    "pipeline_id"));
	}
}

/* The record, and what checks the values (look-ups, the layout). */
static int fetch_record(struct set *st)
{
	while (!st->code && !(st->server && lookups_pending(st->c->lookups) == 0)) {
		struct api_result *r;
		if (!oneshot_pump(st->c, &r)) {
			char *what = xasprintf("fetching %s #%" PRId64 " and what checks the values "
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

/* The field an assignment names, and its verb: "emails+" is emails' ADD
 * when no field is called "emails+". */
static long find_field(struct edit_form *form, struct assignment *a)
{
	long i = edit_field_index(form, a->field);
	size_t n = strlen(a->field);
	a->verb = EDIT_LIST_REPLACE;
	if (i >= 0 || n < 2 || (a->field[n - 1] != '+' && a->field[n - 1] != '-'))
		return i;
	char *name = xstrndup(a->field, n - 1);
	i = edit_field_index(form, name);
	free(name);
	if (i >= 0)
		a->verb = a->field[n - 1] == '+' ? EDIT_LIST_ADD : EDIT_LIST_REMOVE;
	return i;
}

/* Every field named is found and its value accepted, or nothing is sent;
 * all the refusals are told at once. A list replaced whole says what it
 * drops. */
static bool apply_assignments(struct set *st, struct edit_form *form)
{
	bool ok = true;
	int64_t now = (int64_t)time(NULL);
	for (int i = 0; i < st->nas; i++) {
		struct assignment *a = &st->as[i];
		char *field = sanitize_line(a->field, strlen(a->field)), *error = NULL;
		a->index = find_field(form, a);
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
			const struct edit_field *fld = &form->fields[a->index];
			fprintf(stderr, "patina set: %s: cannot be changed%s%s\n", fld->label,
				fld->readonly_why ? " here: " : "",
				fld->readonly_why ? fld->readonly_why : "");
			ok = false;
		} else if (!edit_change_list(form, (size_t)a->index, a->verb, a->value, now, &error)) {
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
	for (int i = 0; ok && i < st->nas; i++) {
		const struct assignment *a = &st->as[i];
		char *dropped = a->verb == EDIT_LIST_REPLACE
			? edit_dropped_items(form, (size_t)a->index) : NULL;
		if (dropped) {
			char *field = sanitize_line(a->field, strlen(a->field));
			fprintf(stderr, "patina set: warning: %s=... replaces the whole list, removing "
				"%s (%s+=... adds to it instead)\n", field, dropped, field);
			free(field);
		}
		free(dropped);
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

/* "Title, Emails": the fields the form changes, before the save moves
 * its base to the server's record. Caller frees. */
static char *changed_labels(const struct edit_form *form)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < form->count; i++)
		if (edit_field_changed(form, i))
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", form->fields[i].label);
	return sb_detach(&sb);
}

static void print_updated(struct set *st, const char *changed, const cJSON *record)
{
	if (st->fmt == FMT_JSON || st->fmt == FMT_NDJSON)
		output_json(st->fmt, record);
	else
		printf("Updated %s #%" PRId64 ": %s\n", entity_title(st->e), st->id, changed);
}

/* Says how the save ended and returns the exit code. */
static int report_save(struct set *st, struct save *sv, const char *changed)
{
	const char *what = entity_type_name(st->e);
	switch (sv->state) {
	case SAVE_DONE:
		if (sv->nothing_sent) {
			fprintf(stderr, "patina set: nothing to change: %s #%" PRId64 " already holds "
				"these values\n", what, st->id);
			return EXIT_OK;
		}
		if (sv->after_lost_answer)
			fprintf(stderr, "patina set: the answer was lost; re-reading %s #%" PRId64
				" shows the change was made\n", what, st->id);
		print_updated(st, changed, sv->record);
		return EXIT_OK;
	case SAVE_CONFLICT:
		for (size_t k = 0; k < sv->nconflicts; k++)
			fprintf(stderr, "patina set: conflict: %s changed on the server since it was read\n",
				sv->form->fields[sv->conflicts[k]].label);
		return CLI_EXIT_CONFLICT;
	case SAVE_REFUSED:
		for (size_t i = 0; i < sv->form->count; i++)
			if (sv->form->fields[i].error)
				fprintf(stderr, "patina set: %s: %s\n", sv->form->fields[i].label,
					sv->form->fields[i].error);
		fprintf(stderr, "patina set: not saved: %s\n", sv->message ? sv->message : "refused");
		return EXIT_USAGE;
	case SAVE_UNKNOWN:
		fprintf(stderr, "patina set: %s #%" PRId64 ": the answer was lost and the record could "
			"not be read again: %s; the change may or may not have been made (patina show "
			"tells)\n", what, st->id, sv->message ? sv->message : "");
		return EXIT_NETWORK;
	default:
		fprintf(stderr, "patina set: not saved: %s\n", sv->message ? sv->message : "failed");
		if (sv->error == APIE_RATE_LIMIT)
			fprintf(stderr, "patina set: gave up after one retry; try again in a minute\n");
		return sv->error != APIE_NONE ? (int)exit_code_for(sv->error) : EXIT_NETWORK;
	}
}

/* Runs the save protocol to its end: each request sent, its answer read. */
static int save(struct set *st, struct edit_form *form)
{
	struct save sv = {0};
	char *changed = changed_labels(form);
	int code;
	/* the record was read just now (its base, with --base, was checked
	 * against it): no need to read it again before the PUT */
	struct api_request *req = save_begin(&sv, st->e, st->id, form, true, (int64_t)time(NULL));
	while (req) {
		oneshot_submit(st->c, req, TAG_UPDATE);
		struct api_result *r = NULL;
		while (!r) {
			if (!oneshot_pump(st->c, &r)) {
				char *what = xasprintf("updating %s #%" PRId64 " (it may or may not have "
						       "been made: patina show tells)",
						       entity_type_name(st->e), st->id);
				code = oneshot_gave_up(st->c, what);
				free(what);
				goto out;
			}
		}
		req = save_answer(&sv, r);
		api_result_free(r);
	}
	code = report_save(st, &sv, changed);
out:
	save_clear(&sv);
	free(changed);
	return code;
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
	if (fetch_record(st))
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
	if (o->dry_run)
		output_json(FMT_JSON, body);
	else
		code = save(st, form);
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
	return code;
}

