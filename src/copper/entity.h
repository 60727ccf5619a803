/*
 * entity.h - the six kinds of Copper record, declared once.
 *
 * One X-macro table gives each entity its enum value, the path segment the
 * API uses ("people"), the record type Copper writes in related_resource
 * and parent objects ("person"), the titles people read ("Person",
 * "People"), and the route of Copper's web app ("contact"), so no module
 * keeps a table of its own that could drift.
 */
#ifndef PATINA_ENTITY_H
#define PATINA_ENTITY_H

#include <stdbool.h>
#include <stdint.h>

/*        id             path             type           singular       plural           web route */
#define ENTITY_TABLE(E) \
	E(PEOPLE,        "people",        "person",      "Person",      "People",        "contact") \
	E(COMPANIES,     "companies",     "company",     "Company",     "Companies",     "organization") \
	E(LEADS,         "leads",         "lead",        "Lead",        "Leads",         "lead") \
	E(OPPORTUNITIES, "opportunities", "opportunity", "Opportunity", "Opportunities", "deal") \
	E(PROJECTS,      "projects",      "project",     "Project",     "Projects",      "project") \
	E(TASKS,         "tasks",         "task",        "Task",        "Tasks",         "task")

enum entity {
#define ENTITY_ENUM(id, path, type, singular, plural, route) ENT_##id,
	ENTITY_TABLE(ENTITY_ENUM)
#undef ENTITY_ENUM
	ENT_COUNT
};

/* "people", "companies", ... as used in API paths; NULL for a bad value. */
const char *entity_path(enum entity e);
/* The record type Copper uses in related_resource/parent objects
 * ("person", "company", "lead", "opportunity", "project", "task"). */
const char *entity_type_name(enum entity e);
/* "Person", "Company"...; "Record" for a bad value. */
const char *entity_title(enum entity e);
/* "People", "Companies"...; "Records" for a bad value. */
const char *entity_plural(enum entity e);
/* Parses a path, a type, a title or a common alias ("deal", "opps"), in
 * any case; false if unknown. */
bool entity_parse(const char *name, enum entity *out);
/* The record's address in Copper's web app (caller frees). Built from
 * numeric ids only, never from text the server sent. */
char *entity_web_url(int64_t account_id, enum entity e, int64_t id);

#endif
