/* delete.c - see delete.h */
#include "config.h"

#include "model/delete.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_SHOWN 60

char *delete_record_label(enum entity e, int64_t id, const char *name)
{
	if (!name || !*name)
		return xasprintf("%s #%" PRId64, entity_title(e), id);
	char *clean = sanitize_line(name, strlen(name));
	int used;
	size_t fit = text_fit(clean, NAME_MAX_SHOWN, &used);
	char *label = xasprintf("%s '%.*s%s' #%" PRId64, entity_title(e), (int)fit, clean,
				fit < strlen(clean) ? "\xe2\x80\xa6" : "", id);
	free(clean);
	return label;
}

static void count_phrase(struct strbuf *sb, size_t n, const char *one, const char *many)
{
	sb_printf(sb, "%zu %s", n, n == 1 ? one : many);
}

char *delete_question(enum entity e, int64_t id, const char *name,
		      const struct related_list *related, bool *typed)
{
	char *label = delete_record_label(e, id, name);
	struct strbuf sb = {0};
	sb_printf(&sb, "Delete %s", label);
	*typed = false;
	if (e == ENT_COMPANIES) {
		size_t people = related ? related->per_entity[ENT_PEOPLE] : 0;
		size_t deals = related ? related->per_entity[ENT_OPPORTUNITIES] : 0;
		if (!related) {
			*typed = true;
			sb_puts(&sb, " (its people and opportunities not known)");
		} else if (people || deals) {
			*typed = true;
			sb_puts(&sb, " (");
			if (people)
				count_phrase(&sb, people, "person", "people");
			if (people && deals)
				sb_puts(&sb, " and ");
			if (deals)
				count_phrase(&sb, deals, "opportunity", "opportunities");
			sb_puts(&sb, " lose it)");
		}
	}
	sb_puts(&sb, *typed ? "? Copper has no undo. Type yes: " : "? Copper has no undo. (y/n) ");
	free(label);
	return sb_detach(&sb);
}

/* ---- the protocol ------------------------------------------------------------ */

void delete_clear(struct deletion *d)
{
	free(d->label);
	free(d->message);
	memset(d, 0, sizeof(*d));
}

bool delete_busy(const struct deletion *d)
{
	return d->state == DELETE_SENDING || d->state == DELETE_VERIFYING;
}

bool delete_gone(const struct deletion *d)
{
	return d->state == DELETE_DONE || d->state == DELETE_GONE;
}

static void say(struct deletion *d, enum delete_state state, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void say(struct deletion *d, enum delete_state state, const char *fmt, ...)
{
	/* formatted before the old message goes: it may be one of the parts */
	va_list ap;
	va_start(ap, fmt);
	char *message = sanitize_vprintf(fmt, ap);
	va_end(ap);
	free(d->message);
	d->message = message;
	d->state = state;
}

struct api_request *delete_begin(struct deletion *d, enum entity e, int64_t id, const char *name)
{
	delete_clear(d);
	d->entity = e;
	d->id = id;
	d->label = delete_record_label(e, id, name);
	d->state = DELETE_SENDING;
	return api_delete(e, id);
}

static struct api_request *verify(struct deletion *d)
{
	d->state = DELETE_VERIFYING;
	return api_fetch(d->entity, d->id);
}

static struct api_request *sent_answer(struct deletion *d, const struct api_result *r)
{
	if (r->error.kind == APIE_NONE && cJSON_IsTrue(json_get(r->json, "is_deleted"))) {
		d->state = DELETE_DONE;
		return NULL;
	}
	if (r->error.kind == APIE_NOT_FOUND) {
		d->state = DELETE_GONE;
		return NULL;
	}
	const char *why = r->error.message ? r->error.message
			: "Copper's answer did not say it was deleted";
	enum api_error_kind kind = r->error.kind == APIE_NONE ? APIE_PROTOCOL : r->error.kind;
	d->error = kind;
	if (!api_error_maybe_done(kind)) {
		say(d, DELETE_FAILED, "%s", why);
		return NULL;
	}
	free(d->message);
	d->message = sanitize_line(why, strlen(why));
	d->after_lost_answer = true;
	return verify(d);
}

static struct api_request *verify_answer(struct deletion *d, const struct api_result *r)
{
	if (r->error.kind == APIE_NOT_FOUND) {
		d->state = DELETE_DONE;
		return NULL;
	}
	if (r->error.kind == APIE_NONE && cJSON_IsObject(r->json)) {
		say(d, DELETE_FAILED, "it is still in Copper, read again after the answer was lost (%s)",
		    d->message ? d->message : "");
		return NULL;
	}
	say(d, DELETE_UNKNOWN, "the answer was lost (%s), and the record could not be read again: %s",
	    d->message ? d->message : "",
	    r->error.message ? r->error.message : "the answer was not a record");
	return NULL;
}

struct api_request *delete_answer(struct deletion *d, const struct api_result *r)
{
	switch (d->state) {
	case DELETE_SENDING: return sent_answer(d, r);
	case DELETE_VERIFYING: return verify_answer(d, r);
	default: return NULL;
	}
}

struct api_request *delete_recheck(struct deletion *d)
{
	return d->state == DELETE_UNKNOWN ? verify(d) : NULL;
}
