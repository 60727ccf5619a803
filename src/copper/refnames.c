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
struct slot {
	int64_t id;       /* 0: empty */
	int entity;
	char *name;
};

struct refnames {
	struct slot *slots;
	size_t cap, count;
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

void refnames_put(struct refnames *r, enum entity e, int64_t id, const char *name)
{
	if (!id || !name)
		return;
	if ((r->count + 1) * 4 > r->cap * 3)
		grow(r);
	struct slot *s = find(r, (int)e, id);
	char *clean = sanitize_line(name, strlen(name));
	if (s->id) {
		free(s->name);
	} else {
		s->id = id;
		s->entity = (int)e;
		r->count++;
	}
	s->name = clean;
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
	return s->id ? s->name : NULL;
}

size_t refnames_count(const struct refnames *r)
{
	return r->count;
}
