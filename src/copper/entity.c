/* entity.c - see entity.h */
#include "config.h"

#include "copper/entity.h"
#include "util/util.h"

#include <inttypes.h>
#include <strings.h>

static const struct {
	const char *path, *type, *singular, *plural, *route;
} entities[ENT_COUNT] = {
#define ENTITY_ROW(id, path, type, singular, plural, route) \
	[ENT_##id] = { path, type, singular, plural, route },
	ENTITY_TABLE(ENTITY_ROW)
#undef ENTITY_ROW
};

const char *entity_path(enum entity e)
{
	return (unsigned)e < ENT_COUNT ? entities[e].path : NULL;
}

const char *entity_type_name(enum entity e)
{
	return (unsigned)e < ENT_COUNT ? entities[e].type : NULL;
}

const char *entity_title(enum entity e)
{
	return (unsigned)e < ENT_COUNT ? entities[e].singular : "Record";
}

const char *entity_plural(enum entity e)
{
	return (unsigned)e < ENT_COUNT ? entities[e].plural : "Records";
}

bool entity_parse(const char *name, enum entity *out)
{
	static const struct { const char *alias; enum entity e; } aliases[] = {
		{ "opps", ENT_OPPORTUNITIES }, { "deals", ENT_OPPORTUNITIES }, { "deal", ENT_OPPORTUNITIES },
	};
	for (int i = 0; i < ENT_COUNT; i++) {
		if (!strcasecmp(name, entities[i].path) || !strcasecmp(name, entities[i].type)) {
			*out = (enum entity)i;
			return true;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
		if (!strcasecmp(name, aliases[i].alias)) {
			*out = aliases[i].e;
			return true;
		}
	}
	return false;
}

char *entity_web_url(int64_t account_id, enum entity e, int64_t id)
{
	if ((unsigned)e >= ENT_COUNT)
		return NULL;
	return xasprintf("https://app.copper.com/companies/%" PRId64 "/app#/%s/%" PRId64,
			 account_id, entities[e].route, id);
}
