/* refnames.c - see refnames.h */
#include "config.h"

#include "copper/refnames.h"
#include "util/sanitize.h"
#include "util/util.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>

/* Open addressing on (entity, id); names of a whole 100,000-row list fit
 * in a few megabytes, and a lookup per drawn cell stays O(1). */
#define ASK_MAX 200 /* ids per search: Copper's largest page */

enum slot_state { NAMED, ASKED, MISSING };

struct slot {
	int64_t id;       /* 0: empty */
	int entity;
	enum slot_state state;
	char *name;       /* when NAMED */
};

/* A search by ids that is out: which ids it asked for. */
struct asked {
	uint64_t job_id;
	enum entity entity;
	int64_t *ids;
	size_t n;
	int owner;            /* who sent it, at which generation: a search */
	uint64_t generation;  /* superseded never answers (refnames_superseded) */
};

struct refnames {
	struct slot *slots;
	size_t cap, used, count; /* used: slots taken; count: named ones */
	struct asked *asked;
	size_t nasked;
};

static uint64_t hash(int entity, int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL ^ (uint64_t)entity * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 31);
}

struct refnames *refnames_new(void)
{
	struct refnames *r = xcalloc(1, sizeof(*r));
	r->cap = 1024;
	r->slots = xcalloc(r->cap, sizeof(*r->slots));
	return r;
}

void refnames_free(struct refnames *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->cap; i++)
		free(r->slots[i].name);
	for (size_t i = 0; i < r->nasked; i++)
		free(r->asked[i].ids);
	free(r->asked);
	free(r->slots);
	free(r);
}

static struct slot *find(const struct refnames *r, int entity, int64_t id)
{
	size_t mask = r->cap - 1;
	for (size_t i = hash(entity, id) & mask;; i = (i + 1) & mask) {
		struct slot *s = &r->slots[i];
		if (!s->id || (s->id == id && s->entity == entity))
			return s;
	}
}

static void grow(struct refnames *r)
{
	struct slot *old = r->slots;
	size_t old_cap = r->cap;
	r->cap *= 2;
	r->slots = xcalloc(r->cap, sizeof(*r->slots));
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].id)
			*find(r, old[i].entity, old[i].id) = old[i];
	free(old);
}

/* The slot of (e, id), made (ASKED, no name) if there was none. */
static struct slot *slot_for(struct refnames *r, enum entity e, int64_t id)
{
	if ((r->used + 1) * 4 > r->cap * 3)
		grow(r);
	struct slot *s = find(r, (int)e, id);
	if (!s->id) {
		s->id = id;
		s->entity = (int)e;
		s->state = ASKED;
		s->name = NULL;
		r->used++;
	}
	return s;
}

void refnames_put(struct refnames *r, enum entity e, int64_t id, const char *name)
{
	if (!id || !name)
		return;
	struct slot *s = slot_for(r, e, id);
	char *clean = sanitize_line(name, strlen(name));
	if (s->state != NAMED)
		r->count++;
	free(s->name);
	s->name = clean;
	s->state = NAMED;
}

static void learn_one(struct refnames *r, enum entity e, const cJSON *rec)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(rec, "name");
	if (cJSON_IsNumber(id) && cJSON_IsString(name) && name->valuestring[0])
		refnames_put(r, e, json_i64(id), name->valuestring);
	/* a record names its company too */
	const cJSON *cid = cJSON_GetObjectItemCaseSensitive(rec, "company_id");
	const cJSON *cname = cJSON_GetObjectItemCaseSensitive(rec, "company_name");
	if (e != ENT_COMPANIES && cJSON_IsNumber(cid) && cJSON_IsString(cname) && cname->valuestring[0])
		refnames_put(r, ENT_COMPANIES, json_i64(cid), cname->valuestring);
}

void refnames_learn(struct refnames *r, enum entity e, const cJSON *records)
{
	if (cJSON_IsArray(records)) {
		const cJSON *rec;
		cJSON_ArrayForEach(rec, records)
			learn_one(r, e, rec);
	} else if (cJSON_IsObject(records)) {
		learn_one(r, e, records);
	}
}

const char *refnames_get(const struct refnames *r, enum entity e, int64_t id)
{
	if (!id)
		return NULL;
	const struct slot *s = find(r, (int)e, id);
	return s->id && s->state == NAMED ? s->name : NULL;
}

size_t refnames_count(const struct refnames *r)
{
	return r->count;
}

/* ---- asking for what is missing ------------------------------------------ */

/* Drops the ASKED slots of ids (open addressing has no deletion: the table
 * is rebuilt without them; failures are rare). */
static void forget_asked(struct refnames *r, enum entity e, const int64_t *ids, size_t n)
{
	struct slot *old = r->slots;
	size_t cap = r->cap;
	r->slots = xcalloc(cap, sizeof(*r->slots));
	r->used = 0;
	for (size_t i = 0; i < cap; i++) {
		bool drop = false;
		if (old[i].id && old[i].entity == (int)e && old[i].state == ASKED)
			for (size_t k = 0; k < n && !drop; k++)
				drop = old[i].id == ids[k];
		if (!old[i].id || drop)
			continue;
		*find(r, old[i].entity, old[i].id) = old[i];
		r->used++;
	}
	free(old);
}

void refnames_want(struct refnames *r, struct refnames_batch *b, enum entity e, int64_t id)
{
	if ((unsigned)e >= ENT_COUNT || id <= 0 || find(r, (int)e, id)->id)
		return; /* named, asked for, or known to be missing */
	if (!b->ids[e])
		b->ids[e] = cJSON_CreateArray();
	const cJSON *have;
	cJSON_ArrayForEach(have, b->ids[e])
		if (json_i64(have) == id)
			return;
	cJSON_AddItemToArray(b->ids[e], cJSON_CreateNumber((double)id));
}

static void want_refs_of(struct refnames *r, struct refnames_batch *b, const cJSON *rec)
{
	int64_t id;
	if (json_int64(json_get(rec, "primary_contact_id"), &id))
		refnames_want(r, b, ENT_PEOPLE, id);
	const char *company = json_member_str(rec, "company_name");
	if (!(company && *company) && json_int64(json_get(rec, "company_id"), &id))
		refnames_want(r, b, ENT_COMPANIES, id);
	const cJSON *rr = json_get(rec, "related_resource");
	const char *type = json_member_str(rr, "type");
	enum entity e;
	if (type && entity_parse(type, &e) && json_int64(json_get(rr, "id"), &id))
		refnames_want(r, b, e, id);
}

void refnames_want_refs(struct refnames *r, struct refnames_batch *b, enum entity e,
			const cJSON *records)
{
	(void)e; /* every entity names its references with the same keys */
	if (cJSON_IsArray(records)) {
		const cJSON *rec;
		cJSON_ArrayForEach(rec, records)
			want_refs_of(r, b, rec);
	} else if (cJSON_IsObject(records)) {
		want_refs_of(r, b, records);
	}
}

void refnames_batch_clear(struct refnames_batch *b)
{
	for (int e = 0; e < ENT_COUNT; e++) {
		cJSON_Delete(b->ids[e]);
		b->ids[e] = NULL;
	}
}

size_t refnames_ask(struct refnames *r, struct refnames_batch *b, struct api_sender sender,
		    int owner, uint64_t generation, enum api_priority prio, int64_t tag_base)
{
	size_t sent = 0;
	for (int e = 0; e < ENT_COUNT; e++) {
		int n = cJSON_GetArraySize(b->ids[e]);
		if (!n || !sender.submit)
			continue;
		if (n > ASK_MAX)
			n = ASK_MAX;
		cJSON *body = cJSON_CreateObject();
		cJSON *ids = cJSON_AddArrayToObject(body, "ids");
		struct asked a = { 0, (enum entity)e, xcalloc((size_t)n, sizeof(int64_t)), 0,
				   owner, generation };
		for (int i = 0; i < n; i++) {
			int64_t id = json_i64(cJSON_GetArrayItem(b->ids[e], i));
			cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)id));
			slot_for(r, (enum entity)e, id); /* ASKED: not asked again meanwhile */
			a.ids[a.n++] = id;
		}
		a.job_id = sender.submit(sender.ctx, api_search((enum entity)e, body, 1, n, NULL, false),
					 owner, generation, prio, tag_base + e);
		cJSON_Delete(body);
		r->asked = xrealloc(r->asked, (r->nasked + 1) * sizeof(*r->asked));
		r->asked[r->nasked++] = a;
		sent++;
	}
	refnames_batch_clear(b);
	return sent;
}

bool refnames_on_result(struct refnames *r, const struct api_result *res, int64_t tag_base,
			bool *learned)
{
	if (learned)
		*learned = false;
	if (res->tag < tag_base || res->tag >= tag_base + ENT_COUNT)
		return false;
	size_t k;
	for (k = 0; k < r->nasked; k++)
		if (r->asked[k].job_id == res->job_id)
			break;
	if (k == r->nasked)
		return false;
	struct asked a = r->asked[k];
	r->asked[k] = r->asked[--r->nasked];
	size_t before = r->count;
	bool ok = res->error.kind == APIE_NONE && cJSON_IsArray(res->json);
	if (ok)
		refnames_learn(r, a.entity, res->json);
	if (ok) {
		/* what the server did not return, it does not have (or not for
		 * this user): never asked for again */
		for (size_t i = 0; i < a.n; i++) {
			struct slot *s = find(r, (int)a.entity, a.ids[i]);
			if (s->id && s->state == ASKED)
				s->state = MISSING;
		}
	} else {
		forget_asked(r, a.entity, a.ids, a.n); /* so they are asked again */
	}
	free(a.ids);
	if (learned)
		*learned = r->count > before;
	return true;
}

void refnames_superseded(struct refnames *r, int owner, uint64_t before_generation)
{
	if (!r)
		return;
	for (size_t k = 0; k < r->nasked;) {
		struct asked *a = &r->asked[k];
		if (a->owner != owner || a->generation >= before_generation) {
			k++;
			continue;
		}
		forget_asked(r, a->entity, a->ids, a->n);
		free(a->ids);
		r->asked[k] = r->asked[--r->nasked];
	}
}
