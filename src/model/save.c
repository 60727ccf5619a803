/* save.c - see save.h */
#include "config.h"

#include "model/save.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* How far back a lost create is looked for: the clocks of patina's
 * machine and Copper's may disagree by this much. */
#define CREATE_CLOCK_SLACK 120
#define CREATE_MATCHES 5

void save_clear(struct save *s)
{
	cJSON_Delete(s->body);
	cJSON_Delete(s->record);
	free(s->conflicts);
	free(s->message);
	struct edit_form *form = s->form;
	enum entity e = s->entity;
	int64_t id = s->id;
	memset(s, 0, sizeof(*s));
	s->form = form;
	s->entity = e;
	s->id = id;
}

bool save_busy(const struct save *s)
{
	return s->state == SAVE_CHECKING || s->state == SAVE_SENDING || s->state == SAVE_VERIFYING;
}

static void say(struct save *s, enum save_state state, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void say(struct save *s, enum save_state state, const char *fmt, ...)
{
	/* formatted before the old message goes: it may be one of the parts */
	va_list ap;
	va_start(ap, fmt);
	char *message = sanitize_vprintf(fmt, ap);
	va_end(ap);
	free(s->message);
	s->message = message;
	s->state = state;
}

static void keep_record(struct save *s, const cJSON *record)
{
	cJSON_Delete(s->record);
	s->record = record ? cJSON_Duplicate(record, true) : NULL;
}

/* The PUT of what is still the user's, or the POST of a create. */
static struct api_request *send(struct save *s, int64_t now)
{
	cJSON_Delete(s->body);
	s->body = NULL;
	if (s->id) {
		s->body = edit_body(s->form);
		if (!s->body) {
			s->state = SAVE_DONE;
			s->nothing_sent = true;
			return NULL;
		}
		s->state = SAVE_SENDING;
		return api_update(s->entity, s->id, s->body);
	}
	char *missing = NULL;
	s->body = edit_create_body(s->form, &missing);
	if (!s->body) {
		say(s, SAVE_FAILED, "%s", missing ? missing : "Nothing to create");
		free(missing);
		return NULL;
	}
	s->started = now;
	s->state = SAVE_SENDING;
	return api_create(s->entity, s->body);
}

struct api_request *save_begin(struct save *s, enum entity e, int64_t id,
			       struct edit_form *form, bool fresh, int64_t now)
{
	s->form = form;
	s->entity = e;
	s->id = id;
	save_clear(s);
	if (!id || fresh)
		return send(s, now);
	s->state = SAVE_CHECKING;
	return api_fetch(e, id);
}

/* The record as the server has it now, held against the form: a conflict,
 * done (the user's values are there), or what still has to be sent. */
static struct api_request *compare(struct save *s, const cJSON *server, bool after_loss)
{
	size_t *conflicts = NULL;
	size_t n = edit_conflicts(s->form, server, &conflicts);
	s->after_lost_answer = after_loss;
	if (n) {
		keep_record(s, server);
		s->conflicts = conflicts;
		s->nconflicts = n;
		s->state = SAVE_CONFLICT;
		return NULL;
	}
	free(conflicts);
	/* the server's changes to other fields are kept; a change the server
	 * already holds is no longer one */
	edit_rebase(s->form, server, NULL, NULL, 0);
	if (!edit_change_count(s->form)) {
		keep_record(s, server);
		s->state = SAVE_DONE;
		s->nothing_sent = !after_loss;
		return NULL;
	}
	if (after_loss) {
		say(s, SAVE_FAILED, "the record still has its old values; the answer was lost: %s",
		    s->message ? s->message : "");
		return NULL;
	}
	return send(s, 0);
}

struct api_request *save_begin_read(struct save *s, enum entity e, int64_t id,
				    struct edit_form *form, const cJSON *server)
{
	s->form = form;
	s->entity = e;
	s->id = id;
	save_clear(s);
	if (!cJSON_IsObject(server)) {
		say(s, SAVE_FAILED, "the record could not be checked first: what was read was not a record");
		return NULL;
	}
	return compare(s, server, false);
}

/* A create whose answer was lost is looked for: the same name, made since
 * just before it was sent. */
static struct api_request *look_for_create(struct save *s)
{
	const char *name = json_member_str(s->body, "name");
	if (!name) {
		say(s, SAVE_UNKNOWN, "the answer was lost (%s), and without a name the record cannot "
		    "be looked for", s->message);
		return NULL;
	}
	cJSON *q = cJSON_CreateObject();
	cJSON_AddStringToObject(q, "name", name);
	cJSON_AddNumberToObject(q, "minimum_created_date", (double)(s->started - CREATE_CLOCK_SLACK));
	struct api_request *req = api_search(s->entity, q, 1, CREATE_MATCHES, "date_created", true);
	cJSON_Delete(q);
	s->state = SAVE_VERIFYING;
	return req;
}

static struct api_request *sent_answer(struct save *s, const struct api_result *r)
{
	if (r->error.kind == APIE_NONE && cJSON_IsObject(r->json)) {
		keep_record(s, r->json);
		if (!s->id)
			s->id = json_member_i64(r->json, "id");
		else
			edit_rebase(s->form, r->json, NULL, NULL, 0);
		s->state = SAVE_DONE;
		return NULL;
	}
	const char *why = r->error.message ? r->error.message : "the answer was not a record";
	enum api_error_kind kind = r->error.kind == APIE_NONE ? APIE_PROTOCOL : r->error.kind;
	s->error = kind;
	if (kind == APIE_INVALID) {
		edit_apply_server_error(s->form, why);
		say(s, SAVE_REFUSED, "%s", why);
		return NULL;
	}
	if (!api_error_maybe_done(kind)) {
		say(s, SAVE_FAILED, "%s", why);
		return NULL;
	}
	/* it may have happened: re-read before saying either way */
	free(s->message);
	s->message = sanitize_line(why, strlen(why));
	if (!s->id)
		return look_for_create(s);
	s->state = SAVE_VERIFYING;
	return api_fetch(s->entity, s->id);
}

static struct api_request *verify_answer(struct save *s, const struct api_result *r)
{
	if (r->error.kind != APIE_NONE) {
		say(s, SAVE_UNKNOWN, "the answer was lost (%s), and the record could not be read "
		    "again: %s", s->message ? s->message : "", r->error.message ? r->error.message : "");
		return NULL;
	}
	if (s->id)
		return cJSON_IsObject(r->json) ? compare(s, r->json, true)
		       : (say(s, SAVE_UNKNOWN, "the answer was lost, and what was read again was not "
			      "a record"), NULL);
	const char *name = json_member_str(s->body, "name");
	const cJSON *rec;
	cJSON_ArrayForEach(rec, json_array(r->json)) {
		const char *n = json_member_str(rec, "name");
		if (n && name && !strcmp(n, name)) {
			keep_record(s, rec);
			s->id = json_member_i64(rec, "id");
			s->after_lost_answer = true;
			s->state = SAVE_DONE;
			return NULL;
		}
	}
	s->after_lost_answer = true;
	say(s, SAVE_FAILED, "Copper has no such record; the answer was lost: %s",
	    s->message ? s->message : "");
	return NULL;
}

struct api_request *save_answer(struct save *s, const struct api_result *r)
{
	switch (s->state) {
	case SAVE_CHECKING:
		if (r->error.kind != APIE_NONE || !cJSON_IsObject(r->json)) {
			s->error = r->error.kind;
			say(s, SAVE_FAILED, "the record could not be checked first: %s",
			    r->error.message ? r->error.message : "the answer was not a record");
			return NULL;
		}
		return compare(s, r->json, false);
	case SAVE_SENDING:
		return sent_answer(s, r);
	case SAVE_VERIFYING:
		return verify_answer(s, r);
	default:
		return NULL; /* not waiting for anything */
	}
}

void save_resolve(struct save *s, const bool *take_theirs)
{
	if (s->state != SAVE_CONFLICT)
		return;
	edit_rebase(s->form, s->record, s->conflicts, take_theirs, s->nconflicts);
	save_clear(s);
}

struct api_request *save_recheck(struct save *s)
{
	if (s->state != SAVE_UNKNOWN)
		return NULL;
	if (!s->id)
		return look_for_create(s);
	s->state = SAVE_VERIFYING;
	return api_fetch(s->entity, s->id);
}
