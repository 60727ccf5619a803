/* related.c - see related.h */
#include "config.h"

#include "model/related.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define BIT(e) (1u << (e))
#define MAX_ID 9007199254740992LL /* 2^53: what a JSON number carries back exactly */

/* The table of supplement/README.md; it is symmetric (relating A to B is
 * relating B to A), which related_allowed relies on. */
static const unsigned allowed[ENT_COUNT] = {
	[ENT_LEADS] = BIT(ENT_TASKS),
	[ENT_PEOPLE] = BIT(ENT_COMPANIES) | BIT(ENT_OPPORTUNITIES) | BIT(ENT_TASKS) | BIT(ENT_PROJECTS),
	[ENT_COMPANIES] = BIT(ENT_OPPORTUNITIES) | BIT(ENT_PEOPLE) | BIT(ENT_TASKS) | BIT(ENT_PROJECTS),
	[ENT_OPPORTUNITIES] = BIT(ENT_COMPANIES) | BIT(ENT_PEOPLE) | BIT(ENT_TASKS) | BIT(ENT_PROJECTS),
	[ENT_PROJECTS] = BIT(ENT_COMPANIES) | BIT(ENT_PEOPLE) | BIT(ENT_OPPORTUNITIES) | BIT(ENT_TASKS),
	[ENT_TASKS] = BIT(ENT_COMPANIES) | BIT(ENT_PEOPLE) | BIT(ENT_OPPORTUNITIES) | BIT(ENT_LEADS) |
		      BIT(ENT_PROJECTS),
};

bool related_allowed(enum entity a, enum entity b)
{
	return (unsigned)a < ENT_COUNT && (unsigned)b < ENT_COUNT && (allowed[a] & BIT(b));
}

size_t related_targets(enum entity e, enum entity out[ENT_COUNT])
{
	size_t n = 0;
	for (int k = 0; k < ENT_COUNT; k++)
		if (related_allowed(e, (enum entity)k))
			out[n++] = (enum entity)k;
	return n;
}

static void lower_plural(struct strbuf *sb, enum entity e)
{
	for (const char *p = entity_plural(e); *p; p++)
		sb_putc(sb, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
}

char *related_targets_text(enum entity e)
{
	enum entity t[ENT_COUNT];
	size_t n = related_targets(e, t);
	struct strbuf sb = {0};
	sb_reserve(&sb, 0);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(&sb, i + 1 == n ? " or " : ", ");
		lower_plural(&sb, t[i]);
	}
	return sb_detach(&sb);
}

/* ---- a record's relations -------------------------------------------------- */

/* An id as Copper writes one: a whole positive JSON number that travels
 * back exactly. */
static bool record_id(const cJSON *v, int64_t *out)
{
	int64_t x;
	if (!cJSON_IsNumber(v) || !json_int64(v, &x) || x <= 0 || x > MAX_ID)
		return false;
	*out = x;
	return true;
}

static int by_entity_then_id(const void *a, const void *b)
{
	const struct related_item *x = a, *y = b;
	if (x->entity != y->entity)
		return x->entity < y->entity ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

bool related_parse(const cJSON *answer, struct related_list *out, size_t *skipped)
{
	memset(out, 0, sizeof(*out));
	if (skipped)
		*skipped = 0;
	if (!cJSON_IsArray(answer))
		return false;
	size_t cap = (size_t)cJSON_GetArraySize(answer);
	out->items = xcalloc(cap ? cap : 1, sizeof(*out->items));
	const cJSON *item;
	cJSON_ArrayForEach(item, answer) {
		const char *type = json_member_str(item, "type");
		int64_t id = 0;
		enum entity e;
		/* a type name only: "people" or "Person" is not how Copper writes it */
		bool known = type && entity_parse(type, &e) && !strcmp(entity_type_name(e), type);
		if (!known || !record_id(json_get(item, "id"), &id)) {
			if (skipped)
				(*skipped)++;
			continue;
		}
		out->items[out->count++] = (struct related_item){ e, id };
	}
	qsort(out->items, out->count, sizeof(*out->items), by_entity_then_id);
	size_t kept = 0;
	for (size_t i = 0; i < out->count; i++) {
		if (kept && !by_entity_then_id(&out->items[kept - 1], &out->items[i]))
			continue;
		out->items[kept++] = out->items[i];
		out->per_entity[out->items[i].entity]++;
	}
	out->count = kept;
	return true;
}

void related_list_free(struct related_list *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

bool related_has(const struct related_list *l, enum entity e, int64_t id)
{
	struct related_item key = { e, id };
	return l && l->count &&
	       bsearch(&key, l->items, l->count, sizeof(key), by_entity_then_id) != NULL;
}

bool related_remove(struct related_list *l, enum entity e, int64_t id)
{
	for (size_t i = 0; l && i < l->count; i++) {
		if (l->items[i].entity != e || l->items[i].id != id)
			continue;
		memmove(&l->items[i], &l->items[i + 1], (l->count - i - 1) * sizeof(*l->items));
		l->count--;
		l->per_entity[e]--;
		return true;
	}
	return false;
}

int64_t related_first(const struct related_list *l, enum entity e)
{
	for (size_t i = 0; l && i < l->count; i++)
		if (l->items[i].entity == e)
			return l->items[i].id;
	return 0;
}

/* ---- the rules ------------------------------------------------------------ */

/* A task's one relation as its record holds it, or false. */
static bool task_relation(const cJSON *task, struct related_item *out)
{
	const cJSON *rr = json_get(task, "related_resource");
	const char *type = json_member_str(rr, "type");
	int64_t id = 0;
	enum entity e;
	if (!type || !entity_parse(type, &e) || !record_id(json_get(rr, "id"), &id))
		return false;
	*out = (struct related_item){ e, id };
	return true;
}

static char *lowered(const char *s)
{
	char *t = xstrdup(s);
	for (char *p = t; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return t;
}

enum related_verdict related_check_link(enum entity e, int64_t id, const cJSON *record,
					const struct related_list *list, enum entity other,
					int64_t other_id, const cJSON *other_record,
					int64_t *person, int64_t *old_company, char **why)
{
	*why = NULL;
	*person = *old_company = 0;
	char *me = lowered(entity_title(e)), *it = lowered(entity_title(other));
	enum related_verdict v = RELATED_OK;
	struct related_item rel;
	if (e == other && id == other_id) {
		*why = xasprintf("A record cannot be related to itself");
		v = RELATED_REFUSED;
	} else if (!related_allowed(e, other)) {
		char *targets = related_targets_text(e);
		*why = xasprintf("A %s cannot be related to a %s: a %s relates to %s", me, it, me,
				 targets);
		free(targets);
		v = RELATED_REFUSED;
	} else if (related_has(list, other, other_id) ||
		   (e == ENT_PEOPLE && other == ENT_COMPANIES &&
		    json_member_i64(record, "company_id") == other_id) ||
		   (e == ENT_TASKS && task_relation(record, &rel) && rel.entity == other &&
		    rel.id == other_id)) {
		*why = xasprintf("They are related already: nothing to do");
		v = RELATED_ALREADY;
	} else if (e == ENT_TASKS && ((list && list->count) || (!list && task_relation(record, &rel)))) {
		if (list && list->count)
			rel = list->items[0];
		*why = xasprintf("A task has at most 1 related record, and this one is related to %s "
				 "#%" PRId64 ": unlink that first", entity_type_name(rel.entity), rel.id);
		v = RELATED_REFUSED;
	} else if (other == ENT_TASKS && task_relation(other_record, &rel)) {
		*why = xasprintf("A task has at most 1 related record, and that one is related to %s "
				 "#%" PRId64 " already: unlink it there first",
				 entity_type_name(rel.entity), rel.id);
		v = RELATED_REFUSED;
	} else if (e == ENT_PEOPLE && other == ENT_COMPANIES) {
		int64_t has = list ? related_first(list, ENT_COMPANIES)
				   : json_member_i64(record, "company_id");
		if (has && has != other_id) {
			*person = id;
			*old_company = has;
			v = RELATED_MOVE;
		}
	} else if (e == ENT_COMPANIES && other == ENT_PEOPLE) {
		int64_t has = json_member_i64(other_record, "company_id");
		if (has && has != id) {
			*person = other_id;
			*old_company = has;
			v = RELATED_MOVE;
		}
	}
	free(me);
	free(it);
	return v;
}

char *related_check_unlink(enum entity e, const cJSON *record, enum entity other,
			   int64_t other_id, const cJSON *other_record)
{
	bool primary = (e == ENT_OPPORTUNITIES && other == ENT_PEOPLE &&
			json_member_i64(record, "primary_contact_id") == other_id) ||
		       (e == ENT_PEOPLE && other == ENT_OPPORTUNITIES &&
			json_member_i64(record, "id") &&
			json_member_i64(other_record, "primary_contact_id") == json_member_i64(record, "id"));
	if (primary)
		return xstrdup("An opportunity keeps its primary contact: choose another one in the "
			       "opportunity's form (e) instead");
	return NULL;
}

/* ---- the protocol ------------------------------------------------------------ */

void relate_clear(struct relate *r)
{
	free(r->message);
	memset(r, 0, sizeof(*r));
}

bool relate_busy(const struct relate *r)
{
	return r->state == RELATE_SENDING || r->state == RELATE_VERIFYING;
}

bool relate_moved_out(const struct relate *r)
{
	return r->op == RELATE_MOVE && (r->step > 0 || r->state == RELATE_DONE);
}

static void say(struct relate *r, enum relate_state state, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void say(struct relate *r, enum relate_state state, const char *fmt, ...)
{
	/* formatted before the old message goes: it may be one of the parts */
	va_list ap;
	va_start(ap, fmt);
	char *message = sanitize_vprintf(fmt, ap);
	va_end(ap);
	free(r->message);
	r->message = message;
	r->state = state;
}

static struct api_request *send_step(struct relate *r)
{
	const struct relate_step *s = &r->steps[r->step];
	r->state = RELATE_SENDING;
	return s->link ? api_relate(s->entity, s->id, s->other, s->other_id)
		       : api_unrelate(s->entity, s->id, s->other, s->other_id);
}

struct api_request *relate_begin(struct relate *r, enum relate_op op, enum entity e, int64_t id,
				 enum entity other, int64_t other_id)
{
	relate_clear(r);
	r->op = op == RELATE_UNLINK ? RELATE_UNLINK : RELATE_LINK;
	r->steps[0] = (struct relate_step){ op != RELATE_UNLINK, e, id, other, other_id };
	r->nsteps = 1;
	return send_step(r);
}

struct api_request *relate_begin_move(struct relate *r, int64_t person, int64_t old_company,
				      int64_t new_company)
{
	relate_clear(r);
	r->op = RELATE_MOVE;
	r->steps[0] = (struct relate_step){ false, ENT_PEOPLE, person, ENT_COMPANIES, old_company };
	r->steps[1] = (struct relate_step){ true, ENT_PEOPLE, person, ENT_COMPANIES, new_company };
	r->nsteps = 2;
	return send_step(r);
}

/* This step is done: the next one goes, or it is all done. */
static struct api_request *step_done(struct relate *r)
{
	if (r->step + 1 < r->nsteps) {
		r->step++;
		return send_step(r);
	}
	r->state = RELATE_DONE;
	return NULL;
}

static struct api_request *verify(struct relate *r)
{
	const struct relate_step *s = &r->steps[r->step];
	r->state = RELATE_VERIFYING;
	return api_related(s->entity, s->id);
}

static struct api_request *sent_answer(struct relate *r, const struct api_result *res)
{
	const struct relate_step *s = &r->steps[r->step];
	const char *flag = s->link ? "added" : "removed";
	if (res->error.kind == APIE_NONE && cJSON_IsTrue(json_get(res->json, flag)))
		return step_done(r);
	const char *why = res->error.message ? res->error.message
			: "Copper's answer did not say it was done";
	enum api_error_kind kind = res->error.kind == APIE_NONE ? APIE_PROTOCOL : res->error.kind;
	r->error = kind;
	if (kind == APIE_INVALID || kind == APIE_NOT_FOUND || kind == APIE_FORBIDDEN ||
	    kind == APIE_REFUSED) {
		say(r, RELATE_REFUSED, "%s", why);
		return NULL;
	}
	if (!api_error_maybe_done(kind)) {
		say(r, RELATE_FAILED, "%s", why);
		return NULL;
	}
	/* it may have happened: read the relations before saying either way */
	free(r->message);
	r->message = sanitize_line(why, strlen(why));
	r->after_lost_answer = true;
	return verify(r);
}

static struct api_request *verify_answer(struct relate *r, const struct api_result *res)
{
	const struct relate_step *s = &r->steps[r->step];
	struct related_list now;
	if (res->error.kind != APIE_NONE || !related_parse(res->json, &now, NULL)) {
		say(r, RELATE_UNKNOWN, "the answer was lost (%s), and the relations could not be read "
		    "again: %s", r->message ? r->message : "",
		    res->error.message ? res->error.message : "the answer was not a list");
		return NULL;
	}
	bool related = related_has(&now, s->other, s->other_id);
	related_list_free(&now);
	if (related == s->link)
		return step_done(r);
	say(r, RELATE_FAILED, "Copper's relations, read again, do not have the change (its answer "
	    "was lost: %s)", r->message ? r->message : "");
	return NULL;
}

struct api_request *relate_answer(struct relate *r, const struct api_result *res)
{
	switch (r->state) {
	case RELATE_SENDING: return sent_answer(r, res);
	case RELATE_VERIFYING: return verify_answer(r, res);
	default: return NULL;
	}
}

struct api_request *relate_recheck(struct relate *r)
{
	return r->state == RELATE_UNKNOWN ? verify(r) : NULL;
}
