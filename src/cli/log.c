/*
 * log.c - `patina log <entity> <id> TYPE [DETAILS...]`: logs an activity
 * on a record from the shell, as L does in the UI.
 *
 *   patina log person 7 call "Left a voicemail"
 *   patina log opportunity 42 meeting --date "yesterday 15:30" < notes.md
 *   patina log company 3 --type "Product Demo" Went well
 *
 * TYPE is a user activity type of the account (GET /activity_types, from
 * the cache when it holds them), named as in the UI: a whole name, or the
 * only one a name or a word of it starts with ("call" is Phone Call).
 * DETAILS are the remaining words; "-", or none with stdin not a terminal,
 * reads them from stdin (Markdown, as typed). --date takes what the form's
 * When takes (now by default). Everything is checked before anything is
 * sent: a refusal sends nothing.
 *
 * The write is model/activity_save.h's, as the form's: one POST
 * /activities, never sent again; an answer lost on the way is looked for
 * among the record's activities, and the command says what Copper holds.
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "fetch/session.h"
#include "model/activity.h"
#include "model/activity_save.h"
#include "model/dates.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DETAILS_MAX (1024u * 1024)

struct log {
	struct oneshot *c;
	enum entity e;
	int64_t id;
	int64_t when;
	const char *type_word;
	char *details;
	enum format fmt;
};

/* The details: the words after the type, or stdin. NULL (said) when
 * stdin cannot be read or is too long. */
static char *read_details(struct opts *o, int first, int *code)
{
	bool from_stdin = o->nargs == first + 1 && !strcmp(o->args[first], "-");
	if (o->nargs > first && !from_stdin) {
		struct strbuf sb = {0};
		for (int i = first; i < o->nargs; i++)
			sb_printf(&sb, "%s%s", i > first ? " " : "", o->args[i]);
		return sb_detach(&sb);
	}
	if (!from_stdin && isatty(STDIN_FILENO))
		return xstrdup(""); /* none given: an activity without details */
	struct strbuf sb = {0};
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		sb_append(&sb, buf, n);
		if (sb.len > DETAILS_MAX) {
			sb_free(&sb);
			*code = cli_usage_error("log", "the details on stdin pass %u bytes", DETAILS_MAX);
			return NULL;
		}
	}
	if (ferror(stdin)) {
		sb_free(&sb);
		fprintf(stderr, "patina log: cannot read the details from stdin: %s\n",
			strerror(errno));
		*code = EXIT_USAGE;
		return NULL;
	}
	if (sb.len && memchr(sb.data, '\0', sb.len)) {
		sb_free(&sb);
		*code = cli_usage_error("log", "the details on stdin hold a NUL byte: not text");
		return NULL;
	}
	return sb.len ? sb_detach(&sb) : xstrdup("");
}

static bool parse_words(struct log *lg, struct opts *o, int *code)
{
	if (!cli_parse_entity("log", o->nargs ? o->args[0] : NULL, &lg->e, code) ||
	    !cli_parse_id("log", o->nargs > 1 ? o->args[1] : NULL, &lg->id, code))
		return false;
	int first = 2;
	lg->type_word = o->type;
	if (!lg->type_word) {
		if (o->nargs < 3) {
			*code = cli_usage_error("log", "which type of activity? e.g. note, call, "
						"meeting (or --type)");
			return false;
		}
		lg->type_word = o->args[2];
		first = 3;
	}
	const char *date = o->date ? o->date : "now";
	if (!date_parse_moment(date, (int64_t)time(NULL), &lg->when)) {
		char *clean = sanitize_line(date, strlen(date));
		*code = cli_usage_error("log", "--date: '%s' is not a date and time (now, -2h, "
					"yesterday 15:30, mon 9am, 2026-12-06 09:30)", clean);
		free(clean);
		return false;
	}
	char *details = read_details(o, first, code);
	if (!details)
		return false;
	lg->details = activity_details_clean(details);
	free(details);
	return true;
}

/* The account's types (cached, else fetched) and who the user is. */
static const struct activity_type *resolve_type(struct log *lg, struct activity_types *list,
						int *code)
{
	struct oneshot *c = lg->c;
	oneshot_need(c, LOOKUP_ACTIVITY_TYPES);
	oneshot_need(c, LOOKUP_ME); /* a lost answer is looked for by its author */
	if (!oneshot_settle(c)) {
		*code = oneshot_gave_up(c, "GET /activity_types (nothing was sent)");
		return NULL;
	}
	const cJSON *types = lookups_get(c->lookups, LOOKUP_ACTIVITY_TYPES);
	if (!types) {
		const char *why = lookups_error(c->lookups);
		fprintf(stderr, "patina log: the account's activity types could not be read "
			"(nothing was sent): %s\n", why ? why : "no answer");
		*code = c->lookup_kind != APIE_NONE ? exit_code_for(c->lookup_kind) : EXIT_NETWORK;
		return NULL;
	}
	activity_types_list(types, false, list);
	char *error = NULL;
	const struct activity_type *t = activity_type_match(list, lg->type_word, &error);
	if (!t) {
		fprintf(stderr, "patina log: %s; nothing was sent\n", error);
		free(error);
		*code = EXIT_USAGE;
	}
	return t;
}

/* Says how the write ended and returns the exit code. */
static int report(struct log *lg, const struct activity_save *s, const char *type_name)
{
	const char *what = entity_type_name(lg->e);
	switch (s->state) {
	case ASAVE_DONE:
		if (s->after_lost_answer)
			fprintf(stderr, "patina log: the answer was lost; Copper, asked, has the "
				"activity: nothing was sent again\n");
		if (lg->fmt == FMT_JSON || lg->fmt == FMT_NDJSON)
			output_json(lg->fmt, s->activity);
		else
			printf("Logged a %s on %s #%" PRId64 " (activity #%" PRId64 ")\n", type_name,
			       what, lg->id, s->id);
		return EXIT_OK;
	case ASAVE_REFUSED:
		fprintf(stderr, "patina log: not logged: %s\n", s->message ? s->message : "refused");
		return EXIT_USAGE;
	case ASAVE_UNKNOWN:
		fprintf(stderr, "patina log: %s #%" PRId64 ": the answer was lost and Copper could "
			"not tell whether the activity was logged: %s; look at the timeline before "
			"logging it again\n", what, lg->id, s->message ? s->message : "");
		return EXIT_NETWORK;
	default:
		fprintf(stderr, "patina log: not logged: %s\n", s->message ? s->message : "failed");
		if (s->error == APIE_RATE_LIMIT)
			fprintf(stderr, "patina log: gave up after one retry; try again in a minute\n");
		return s->error != APIE_NONE ? (int)exit_code_for(s->error) : EXIT_NETWORK;
	}
}

/* The protocol to its end: each request sent, its answer read. */
static int write_activity(struct log *lg, const struct activity_type *t)
{
	struct activity_save s = {0};
	int code;
	struct api_request *req = activity_save_create(&s, lg->e, lg->id, t->ref.id, lg->details,
						       lg->when, oneshot_me_id(lg->c),
						       (int64_t)time(NULL));
	while (req) {
		oneshot_submit(lg->c, req, TAG_UPDATE);
		struct api_result *r = NULL;
		while (!r) {
			if (!oneshot_pump(lg->c, &r)) {
				char *what = xasprintf("logging on %s #%" PRId64 " (it may or may not "
						       "have been logged: look at the timeline)",
						       entity_type_name(lg->e), lg->id);
				code = oneshot_gave_up(lg->c, what);
				free(what);
				goto out;
			}
		}
		req = activity_save_answer(&s, r);
		api_result_free(r);
	}
	code = report(lg, &s, t->name);
out:
	activity_save_clear(&s);
	return code;
}

int cmd_log(struct oneshot *c, struct opts *o)
{
	struct log lg = { .c = c };
	int code = EXIT_OK;
	if (!parse_words(&lg, o, &code))
		return code;
	lg.fmt = format_auto(o->format, true);
	struct activity_types list = {0};
	const struct activity_type *t = NULL;
	if (!oneshot_start(c)) {
		code = EXIT_NETWORK;
	} else if ((t = resolve_type(&lg, &list, &code))) {
		if (o->dry_run) {
			struct api_request *req = api_create_activity(lg.e, lg.id, t->ref.id,
								      lg.details, lg.when);
			cJSON *body = cJSON_Parse(req->body);
			output_json(FMT_JSON, body);
			cJSON_Delete(body);
			api_request_free(req);
		} else {
			code = write_activity(&lg, t);
		}
	}
	activity_types_free(&list);
	free(lg.details);
	return code;
}
