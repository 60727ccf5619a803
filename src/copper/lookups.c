/* lookups.c - see lookups.h */
#include "config.h"

#include "copper/lookups.h"
#include "util/sanitize.h"
#include "util/util.h"
#include "util/json.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define USERS_PAGE 200

struct idname {
	int64_t id;
	char *name;
};

struct names {
	struct idname *items;
	size_t count;
	bool built;
};

struct item {
	char *key;              /* cache name: "users", "layout-people", ... */
	struct api_request *(*make)(const struct item *it, int page);
	enum lookup which;      /* LOOKUP_COUNT for layouts */
	enum entity entity;     /* layouts */
	int64_t pipeline_id;    /* opportunity layouts */
	cJSON *data;
	cJSON *partial;         /* users arriving page by page */
	bool pending;
	bool stale;             /* changed on the server: asked for again when needed */
	struct names names;
};

struct lookups {
	struct api_sender sender;
	struct cache *cache;
	int owner;
	uint64_t generation;
	struct item *items;
	size_t count;
	int pending;
	char *error;
	struct names stages, pipelines;
};

static struct api_request *make_lookup(const struct item *it, int page)
{
	if (it->which == LOOKUP_USERS) {
		cJSON *body = cJSON_CreateObject();
		cJSON_AddNumberToObject(body, "page_size", USERS_PAGE);
		cJSON_AddNumberToObject(body, "page_number", page);
		struct api_request *r = api_lookup(LOOKUP_USERS);
		free(r->body);
		char *text = cJSON_PrintUnformatted(body);
		r->body = xstrdup(text);
		cJSON_free(text);
		cJSON_Delete(body);
		return r;
	}
	return api_lookup(it->which);
}

static struct api_request *make_layout(const struct item *it, int page)
{
	(void)page;
	return api_field_layout(it->entity, it->pipeline_id);
}

static void names_free(struct names *n)
{
	for (size_t i = 0; i < n->count; i++)
		free(n->items[i].name);
	free(n->items);
	memset(n, 0, sizeof(*n));
}

struct lookups *lookups_new(struct api_sender sender, struct cache *cache, int owner)
{
	struct lookups *l = xcalloc(1, sizeof(*l));
	l->sender = sender;
	l->cache = cache;
	l->owner = owner;
	l->generation = 1;
	l->items = xcalloc(LOOKUP_COUNT, sizeof(*l->items));
	for (int i = 0; i < LOOKUP_COUNT; i++) {
		l->items[i].key = xstrdup(lookup_name((enum lookup)i));
		l->items[i].make = make_lookup;
		l->items[i].which = (enum lookup)i;
	}
	l->count = LOOKUP_COUNT;
	return l;
}

void lookups_free(struct lookups *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->count; i++) {
		free(l->items[i].key);
		cJSON_Delete(l->items[i].data);
		cJSON_Delete(l->items[i].partial);
		names_free(&l->items[i].names);
	}
	names_free(&l->stages);
	names_free(&l->pipelines);
	free(l->items);
	free(l->error);
	free(l);
}

static int64_t wall_now(void)
{
	return (int64_t)time(NULL);
}

static void invalidate_names(struct lookups *l)
{
	for (size_t i = 0; i < l->count; i++)
		names_free(&l->items[i].names);
	names_free(&l->stages);
	names_free(&l->pipelines);
}

static void learn_account(struct lookups *l, const cJSON *account)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(account, "id");
	if (!l->cache || !cJSON_IsNumber(id) || id->valuedouble <= 0)
		return;
	cache_set_account(l->cache, json_i64(id));
	/* what arrived before we knew where to put it */
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].data)
			cache_put(l->cache, l->items[i].key, l->items[i].data, wall_now());
}

static void submit(struct lookups *l, size_t index, int page)
{
	struct item *it = &l->items[index];
	struct api_request *req = it->make(it, page);
	if (!l->sender.submit) {
		api_request_free(req);
		return;
	}
	l->sender.submit(l->sender.ctx, req, l->owner, l->generation, PRIO_VISIBLE,
			 (int64_t)index | ((int64_t)page << 32));
	if (!it->pending) {
		it->pending = true;
		l->pending++;
	}
}

static bool need(struct lookups *l, size_t index)
{
	struct item *it = &l->items[index];
	if (it->data && it->stale && !it->pending) {
		/* what is held serves until the new copy arrives */
		it->stale = false;
		submit(l, index, 1);
	}
	if (it->data)
		return true;
	if (it->pending)
		return false;
	if (l->cache && (it->data = cache_get(l->cache, it->key, wall_now()))) {
		invalidate_names(l);
		return true;
	}
	submit(l, index, 1);
	return false;
}

bool lookups_need(struct lookups *l, enum lookup which)
{
	return (unsigned)which < LOOKUP_COUNT && need(l, (size_t)which);
}

size_t lookups_for_record(enum entity e, enum lookup *which)
{
	size_t n = 0;
	which[n++] = LOOKUP_USERS;
	which[n++] = LOOKUP_CUSTOM_FIELDS;
	switch (e) {
	case ENT_PEOPLE: case ENT_COMPANIES:
		which[n++] = LOOKUP_CONTACT_TYPES;
		break;
	case ENT_LEADS:
		which[n++] = LOOKUP_LEAD_STATUSES;
		which[n++] = LOOKUP_CUSTOMER_SOURCES;
		break;
	case ENT_OPPORTUNITIES:
		which[n++] = LOOKUP_PIPELINES;
		which[n++] = LOOKUP_CUSTOMER_SOURCES;
		which[n++] = LOOKUP_LOSS_REASONS;
		break;
	case ENT_TASKS:
		which[n++] = LOOKUP_ACTIVITY_TYPES; /* a task's type */
		break;
	default:
		break;
	}
	return n;
}

bool lookups_need_for_record(struct lookups *l, enum entity e)
{
	enum lookup which[LOOKUP_COUNT];
	size_t n = lookups_for_record(e, which);
	bool all = true;
	for (size_t i = 0; i < n; i++)
		all = lookups_need(l, which[i]) && all;
	return all;
}

static size_t layout_index(struct lookups *l, enum entity e, int64_t pipeline_id, bool create)
{
	char *key = e == ENT_OPPORTUNITIES
		? xasprintf("layout-opportunities-%" PRId64, pipeline_id)
		: xasprintf("layout-%s", entity_path(e));
	for (size_t i = LOOKUP_COUNT; i < l->count; i++) {
		if (!strcmp(l->items[i].key, key)) {
			free(key);
			return i;
		}
	}
	if (!create) {
		free(key);
		return SIZE_MAX;
	}
	l->items = xrealloc(l->items, (l->count + 1) * sizeof(*l->items));
	struct item *it = &l->items[l->count];
	memset(it, 0, sizeof(*it));
	it->key = key;
	it->make = make_layout;
	it->which = LOOKUP_COUNT;
	it->entity = e;
	it->pipeline_id = pipeline_id;
	return l->count++;
}

bool lookups_need_layout(struct lookups *l, enum entity e, int64_t pipeline_id)
{
	return need(l, layout_index(l, e, pipeline_id, true));
}

bool lookups_on_result(struct lookups *l, struct api_result *r)
{
	if (r->owner != l->owner)
		return false;
	if (r->generation != l->generation)
		return true; /* from before a refresh */
	size_t index = (size_t)(r->tag & 0xffffffff);
	int page = (int)(r->tag >> 32);
	if (index >= l->count)
		return true;
	struct item *it = &l->items[index];

	if (r->error.kind != APIE_NONE) {
		free(l->error);
		l->error = xasprintf("%s: %s", it->key, r->error.message);
		cJSON_Delete(it->partial);
		it->partial = NULL;
		goto done;
	}
	if (it->which == LOOKUP_USERS && cJSON_IsArray(r->json)) {
		/* users/search is paged: gather every page */
		if (!it->partial)
			it->partial = cJSON_CreateArray();
		int n = cJSON_GetArraySize(r->json);
		while (cJSON_GetArraySize(r->json) > 0)
			cJSON_AddItemToArray(it->partial, cJSON_DetachItemFromArray(r->json, 0));
		if (n == USERS_PAGE && page < 100) {
			submit(l, index, page + 1);
			return true;
		}
		cJSON_Delete(it->data);
		it->data = it->partial;
		it->partial = NULL;
	} else {
		cJSON_Delete(it->data);
		it->data = r->json;
		r->json = NULL;
	}
	invalidate_names(l);
	if (l->cache)
		cache_put(l->cache, it->key, it->data, wall_now());
	if (it->which == LOOKUP_ACCOUNT)
		learn_account(l, it->data);
done:
	if (it->pending) {
		it->pending = false;
		l->pending--;
	}
	return true;
}

const cJSON *lookups_get(const struct lookups *l, enum lookup which)
{
	return (unsigned)which < LOOKUP_COUNT ? l->items[which].data : NULL;
}

const cJSON *lookups_layout(const struct lookups *l, enum entity e, int64_t pipeline_id)
{
	size_t i = layout_index((struct lookups *)l, e, pipeline_id, false);
	return i == SIZE_MAX ? NULL : l->items[i].data;
}

int64_t lookups_me_id(const struct lookups *l)
{
	return json_member_i64(lookups_get(l, LOOKUP_ME), "id");
}

int64_t lookups_account_id(const struct lookups *l)
{
	int64_t id = json_member_i64(lookups_get(l, LOOKUP_ACCOUNT), "id");
	if (!id && l->cache)
		id = cache_account(l->cache);
	return id;
}

int lookups_pending(const struct lookups *l)
{
	return l->pending;
}

const char *lookups_error(const struct lookups *l)
{
	return l->error;
}

void lookups_mark_stale(struct lookups *l, enum lookup which)
{
	if ((unsigned)which < LOOKUP_COUNT)
		l->items[which].stale = true;
}

void lookups_refresh(struct lookups *l)
{
	if (l->cache)
		cache_clear(l->cache);
	++l->generation;
	if (l->sender.cancel)
		l->sender.cancel(l->sender.ctx, l->owner, l->generation);
	l->pending = 0;
	invalidate_names(l);
	for (size_t i = 0; i < l->count; i++) {
		struct item *it = &l->items[i];
		bool wanted = it->data || it->pending;
		cJSON_Delete(it->data);
		cJSON_Delete(it->partial);
		it->data = it->partial = NULL;
		it->pending = false;
		if (wanted)
			submit(l, i, 1);
	}
	free(l->error);
	l->error = NULL;
}

/* ---- names -------------------------------------------------------------- */

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct idname *)a)->id, y = ((const struct idname *)b)->id;
	return x < y ? -1 : x > y;
}

static void names_add(struct names *n, const cJSON *obj)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(obj, "name");
	if (!cJSON_IsNumber(id))
		return;
	n->items = xrealloc(n->items, (n->count + 1) * sizeof(*n->items));
	n->items[n->count].id = json_i64(id);
	n->items[n->count].name = cJSON_IsString(name)
		? sanitize_line(name->valuestring, strlen(name->valuestring))
		: xstrdup("(unnamed)");
	n->count++;
}

static const char *names_find(struct names *n, int64_t id)
{
	struct idname key = { id, NULL };
	struct idname *hit = n->count ? bsearch(&key, n->items, n->count, sizeof(*n->items), by_id) : NULL;
	return hit ? hit->name : NULL;
}

static void names_sort(struct names *n)
{
	if (n->count)
		qsort(n->items, n->count, sizeof(*n->items), by_id);
	n->built = true;
}

const char *lookups_name(struct lookups *l, enum lookup which, int64_t id)
{
	if ((unsigned)which >= LOOKUP_COUNT || !l->items[which].data)
		return NULL;
	struct item *it = &l->items[which];
	if (!it->names.built) {
		const cJSON *list = it->data, *e;
		/* activity types come as {"user": [...], "system": [...]} */
		if (cJSON_IsObject(list)) {
			const cJSON *group;
			cJSON_ArrayForEach(group, list)
				cJSON_ArrayForEach(e, group)
					names_add(&it->names, e);
		} else {
			cJSON_ArrayForEach(e, list)
				names_add(&it->names, e);
		}
		names_sort(&it->names);
	}
	return names_find(&it->names, id);
}

const char *lookups_user_name(struct lookups *l, int64_t id)
{
	return lookups_name(l, LOOKUP_USERS, id);
}

static void build_pipeline_names(struct lookups *l)
{
	const cJSON *pipelines = l->items[LOOKUP_PIPELINES].data, *p, *s;
	cJSON_ArrayForEach(p, pipelines) {
		names_add(&l->pipelines, p);
		cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(p, "stages"))
			names_add(&l->stages, s);
	}
	names_sort(&l->pipelines);
	names_sort(&l->stages);
}

const char *lookups_stage_name(struct lookups *l, int64_t id)
{
	if (!l->items[LOOKUP_PIPELINES].data)
		return NULL;
	if (!l->stages.built)
		build_pipeline_names(l);
	return names_find(&l->stages, id);
}

const char *lookups_pipeline_name(struct lookups *l, int64_t id)
{
	if (!l->items[LOOKUP_PIPELINES].data)
		return NULL;
	if (!l->pipelines.built)
		build_pipeline_names(l);
	return names_find(&l->pipelines, id);
}
