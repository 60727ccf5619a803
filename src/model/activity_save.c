/* activity_save.c - see activity_save.h */
#include "config.h"

#include "model/activity.h"
#include "model/activity_save.h"
#include "model/save.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The window of dates searched around the one sent, in seconds, in case
 * Copper stores the date a little differently; and how far back a lost
 * create's date_created may be (the clocks may disagree). */
#define VERIFY_WINDOW 300
#define CREATE_CLOCK_SLACK 120
#define VERIFY_PAGE 200

void activity_save_clear(struct activity_save *s)
{
	cJSON_Delete(s->before);
	cJSON_Delete(s->body);
	cJSON_Delete(s->activity);
	free(s->message);
	free(s->lost);
	memset(s, 0, sizeof(*s));
}

bool activity_save_busy(const struct activity_save *s)
{
	return s->state == ASAVE_SENDING || s->state == ASAVE_VERIFYING;
}

static void say(struct activity_save *s, enum activity_save_state state, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static void say(struct activity_save *s, enum activity_save_state state, const char *fmt, ...)
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

static void start(struct activity_save *s, enum activity_write op, enum entity parent,
		  int64_t parent_id)
{
	activity_save_clear(s);
	s->op = op;
	s->parent = parent;
	s->parent_id = parent_id;
}

struct api_request *activity_save_create(struct activity_save *s, enum entity parent,
					 int64_t parent_id, int64_t type_id, const char *details,
					 int64_t when, int64_t me, int64_t now)
{
	start(s, ACTIVITY_CREATE, parent, parent_id);
	snprintf(s->type.category, sizeof(s->type.category), "user");
	s->type.id = type_id;
	s->date = when;
	s->me = me;
	s->started = now;
	struct api_request *req = api_create_activity(parent, parent_id, type_id, details, when);
	s->body = cJSON_Parse(req->body);
	s->state = ASAVE_SENDING;
	return req;
}

/* What an update or a delete needs of the activity as it was. */
static bool take_before(struct activity_save *s, const cJSON *activity)
{
	s->before = cJSON_Duplicate(activity, true);
	if (!json_int64(json_get(activity, "id"), &s->id) || s->id <= 0) {
		say(s, ASAVE_FAILED, "the activity has no id to address it by");
		return false;
	}
	activity_type_of(activity, &s->type);
	s->old_date = json_member_i64(activity, "activity_date");
	s->date = s->old_date;
	return true;
}

struct api_request *activity_save_update(struct activity_save *s, enum entity parent,
					 int64_t parent_id, const cJSON *activity,
					 const char *details, int64_t when)
{
	start(s, ACTIVITY_UPDATE, parent, parent_id);
	if (!take_before(s, activity))
		return NULL;
	cJSON *changes = cJSON_CreateObject();
	const char *was = json_member_str(activity, "details");
	if (details && (!was || strcmp(was, details)))
		cJSON_AddStringToObject(changes, "details", details);
	if (when != s->old_date)
		cJSON_AddNumberToObject(changes, "activity_date", (double)when);
	s->date = when;
	if (!cJSON_GetArraySize(changes)) {
		cJSON_Delete(changes);
		s->state = ASAVE_DONE;
		s->nothing_sent = true;
		return NULL;
	}
	s->body = changes;
	s->state = ASAVE_SENDING;
	return api_update_activity(s->id, changes);
}

struct api_request *activity_save_delete(struct activity_save *s, enum entity parent,
					 int64_t parent_id, const cJSON *activity)
{
	start(s, ACTIVITY_DELETE, parent, parent_id);
	if (!take_before(s, activity))
		return NULL;
	s->state = ASAVE_SENDING;
	return api_delete_activity(s->id);
}

/* The record's activities of the type around the dates concerned. */
static struct api_request *search(struct activity_save *s)
{
	int64_t lo = s->date, hi = s->date;
	if (s->op != ACTIVITY_CREATE) {
		lo = s->old_date < lo ? s->old_date : lo;
		hi = s->old_date > hi ? s->old_date : hi;
	}
	bool typed = s->type.category[0] != '\0';
	struct activity_query q = {
		.parent = s->parent, .parent_id = s->parent_id,
		.types = typed ? &s->type : NULL, .ntypes = typed ? 1 : 0,
		.dated = true, .min_date = lo - VERIFY_WINDOW, .max_date = hi + VERIFY_WINDOW,
		.page_number = 1, .page_size = VERIFY_PAGE,
	};
	s->state = ASAVE_VERIFYING;
	return api_activities(&q);
}

static void done(struct activity_save *s, const cJSON *activity, bool after_loss)
{
	cJSON_Delete(s->activity);
	s->activity = activity ? cJSON_Duplicate(activity, true) : NULL;
	if (activity && !s->id)
		s->id = json_member_i64(activity, "id");
	s->after_lost_answer = after_loss;
	s->state = ASAVE_DONE;
}

static struct api_request *sent_answer(struct activity_save *s, const struct api_result *r)
{
	if (r->error.kind == APIE_NONE && cJSON_IsObject(r->json)) {
		if (s->op == ACTIVITY_DELETE && cJSON_IsFalse(json_get(r->json, "is_deleted"))) {
			say(s, ASAVE_FAILED, "Copper answered that the activity was not deleted");
			return NULL;
		}
		done(s, s->op == ACTIVITY_DELETE ? NULL : r->json, false);
		return NULL;
	}
	const char *why = r->error.message ? r->error.message : "the answer was not an object";
	enum api_error_kind kind = r->error.kind == APIE_NONE ? APIE_PROTOCOL : r->error.kind;
	s->error = kind;
	if (kind == APIE_INVALID) {
		say(s, ASAVE_REFUSED, "%s", why);
		return NULL;
	}
	if (kind == APIE_NOT_FOUND && s->op != ACTIVITY_CREATE) {
		say(s, ASAVE_FAILED, "Copper has no such activity any more (deleted elsewhere?): %s",
		    why);
		return NULL;
	}
	if (!api_error_maybe_done(kind)) {
		say(s, ASAVE_FAILED, "%s", why);
		return NULL;
	}
	/* it may have happened: look before saying either way */
	free(s->lost);
	s->lost = sanitize_line(why, strlen(why));
	return search(s);
}

static bool same_string(const cJSON *v, const char *want)
{
	const char *have = json_str(v);
	return have && want && !strcmp(have, want);
}

/* A create whose answer was lost, recognised among the record's activities. */
static bool is_ours(const struct activity_save *s, const cJSON *a)
{
	struct activity_type_ref type;
	int64_t author, created;
	if (!activity_type_of(a, &type) || strcmp(type.category, "user") || type.id != s->type.id)
		return false;
	if (!same_string(json_get(a, "details"), json_member_str(s->body, "details")))
		return false;
	if (s->me && (!json_int64(json_get(a, "user_id"), &author) || author != s->me))
		return false;
	/* made since just before it was sent, not an older twin */
	return !json_int64(json_get(a, "date_created"), &created) ||
	       created >= s->started - CREATE_CLOCK_SLACK;
}

/* Whether the activity holds each value of body (what was sent, or the
 * values before). */
static bool holds(const cJSON *a, const cJSON *body, const cJSON *before)
{
	const cJSON *change;
	cJSON_ArrayForEach(change, body) {
		const cJSON *want = before ? json_get(before, change->string) : change;
		const cJSON *have = json_get(a, change->string);
		int64_t x, y;
		/* details: null and "" are the same nothing */
		const char *hs = json_str(have), *ws = json_str(want);
		if (!strcmp(change->string, "activity_date")
		    ? !(json_int64(have, &x) && json_int64(want, &y) && x == y)
		    : strcmp(hs ? hs : "", ws ? ws : "") ||
		      (!hs && !json_is_nothing(have)) || (!ws && !json_is_nothing(want)))
			return false;
	}
	return true;
}

static struct api_request *verify_answer(struct activity_save *s, const struct api_result *r)
{
	const char *lost = s->lost ? s->lost : "";
	if (r->error.kind != APIE_NONE || !cJSON_IsArray(r->json)) {
		s->error = r->error.kind != APIE_NONE ? r->error.kind : APIE_PROTOCOL;
		say(s, ASAVE_UNKNOWN, "the answer was lost (%s), and Copper could not be asked what "
		    "happened: %s", lost, r->error.message ? r->error.message
		    : "the search's answer was not a list");
		return NULL;
	}
	bool full = cJSON_GetArraySize(r->json) >= VERIFY_PAGE;
	const cJSON *a, *found = NULL;
	cJSON_ArrayForEach(a, r->json) {
		int64_t id;
		if (s->op == ACTIVITY_CREATE ? is_ours(s, a)
		    : json_int64(json_get(a, "id"), &id) && id == s->id) {
			found = a;
			break;
		}
	}
	s->after_lost_answer = true;
	if (!found && full) {
		say(s, ASAVE_UNKNOWN, "the answer was lost (%s), and the record has too many "
		    "activities around that date to tell", lost);
		return NULL;
	}
	switch (s->op) {
	case ACTIVITY_CREATE:
		if (found)
			done(s, found, true);
		else
			say(s, ASAVE_FAILED, "Copper has no such activity: it was not logged (the answer "
			    "was lost: %s)", lost);
		break;
	case ACTIVITY_UPDATE:
		if (!found) {
			s->error = APIE_NOT_FOUND;
			say(s, ASAVE_FAILED, "the activity is not there any more (deleted elsewhere?); "
			    "the answer was lost: %s", lost);
		} else if (holds(found, s->body, NULL)) {
			done(s, found, true);
		} else if (holds(found, s->body, s->before)) {
			say(s, ASAVE_FAILED, "the activity still has its old values (the answer was lost: "
			    "%s)", lost);
		} else {
			say(s, ASAVE_FAILED, "the activity now holds values that are neither yours nor "
			    "its old ones (changed elsewhere?); the answer was lost: %s", lost);
		}
		break;
	case ACTIVITY_DELETE:
		if (found)
			say(s, ASAVE_FAILED, "the activity is still there: it was not deleted (the "
			    "answer was lost: %s)", lost);
		else
			done(s, NULL, true);
		break;
	}
	return NULL;
}

struct api_request *activity_save_answer(struct activity_save *s, const struct api_result *r)
{
	switch (s->state) {
	case ASAVE_SENDING: return sent_answer(s, r);
	case ASAVE_VERIFYING: return verify_answer(s, r);
	default: return NULL; /* not waiting for anything */
	}
}

struct api_request *activity_save_recheck(struct activity_save *s)
{
	return s->state == ASAVE_UNKNOWN ? search(s) : NULL;
}
