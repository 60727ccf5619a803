/*
 * detail_related.c - the detail pane's related records: the company and
 * primary contact a record names, and the records that name it, found by
 * searches (see detail_internal.h).
 */
#include "config.h"

#include "ui/views/detail_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define RELATED_PAGE 50

void detail_related_clear(struct detailview *d)
{
	for (size_t i = 0; i < d->nrelated; i++) {
		free(d->related[i].label);
		free(d->related[i].group);
	}
	free(d->related);
	d->related = NULL;
	d->nrelated = 0;
	d->related_pending = 0;
}

static void add_related(struct detailview *d, const char *group, enum entity e, int64_t id,
			const char *label)
{
	d->related = xrealloc(d->related, (d->nrelated + 1) * sizeof(*d->related));
	d->related[d->nrelated++] = (struct related){ e, id, sanitize_line(label, strlen(label)),
						      xstrdup(group) };
}

static void related_search(struct view *v, enum entity e, const char *filter_key)
{
	struct detailview *d = dv(v);
	cJSON *body = cJSON_CreateObject();
	cJSON *ids = cJSON_AddArrayToObject(body, filter_key);
	cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)d->id));
	view_submit(v, api_search(e, body, 1, RELATED_PAGE, NULL, false), PRIO_VISIBLE,
		    TAG_RELATED + e);
	cJSON_Delete(body);
	d->related_pending++;
}

/* A record the shown one names by id: its name if known, else its id. */
static void add_named(struct view *v, const char *group, enum entity e, int64_t id,
		      const char *name, bool with_kind)
{
	struct detailview *d = dv(v);
	if (!name || !*name)
		name = refnames_get(v->env->refnames, e, id);
	char *label = name ? (with_kind ? xasprintf("%s: %s", entity_title(e), name) : xstrdup(name))
			   : xasprintf("%s #%" PRId64, entity_title(e), id);
	add_related(d, group, e, id, label);
	free(label);
}

void detail_related_start(struct view *v)
{
	struct detailview *d = dv(v);
	detail_related_clear(d);
	const cJSON *r = d->record;
	int64_t cid = json_member_i64(r, "company_id"), pid = json_member_i64(r, "primary_contact_id");
	const char *cname = json_member_str(r, "company_name");
	switch (d->entity) {
	case ENT_PEOPLE:
		if (cid)
			add_named(v, "Company", ENT_COMPANIES, cid, cname, false);
		related_search(v, ENT_OPPORTUNITIES, "primary_contact_ids");
		break;
	case ENT_COMPANIES:
		related_search(v, ENT_PEOPLE, "company_ids");
		related_search(v, ENT_OPPORTUNITIES, "company_ids");
		break;
	case ENT_OPPORTUNITIES:
		if (pid)
			add_named(v, "Primary contact", ENT_PEOPLE, pid, NULL, false);
		if (cid)
			add_named(v, "Company", ENT_COMPANIES, cid, cname, false);
		related_search(v, ENT_TASKS, "opportunity_ids");
		break;
	case ENT_PROJECTS: case ENT_TASKS: {
		if (d->entity == ENT_PROJECTS)
			related_search(v, ENT_TASKS, "project_ids");
		const cJSON *rr = json_get(r, "related_resource");
		const char *type = json_member_str(rr, "type");
		int64_t rid = json_member_i64(rr, "id");
		enum entity e;
		if (rid && type && entity_parse(type, &e))
			add_named(v, "Related to", e, rid, NULL, true);
		break;
	}
	case ENT_LEADS:
	default:
		break;
	}
}

void detail_related_take(struct view *v, struct api_result *r)
{
	struct detailview *d = dv(v);
	enum entity e = (enum entity)((r->tag - TAG_RELATED) % ENT_COUNT);
	d->related_pending--;
	if (r->error.kind != APIE_NONE) {
		view_message(v, MSG_ERROR, "%s", r->error.message);
	} else {
		const cJSON *rec;
		int n = 0;
		refnames_learn(v->env->refnames, e, r->json);
		cJSON_ArrayForEach(rec, json_array(r->json)) {
			const char *name = json_member_str(rec, "name");
			add_related(d, entity_plural(e), e, json_member_i64(rec, "id"),
				    name ? name : "(no name)");
			n++;
		}
		if (r->total > n) {
			char *more = xasprintf("\xe2\x80\xa6 and %" PRId64 " more (filter the %s tab)",
					       r->total - n, entity_plural(e));
			add_related(d, entity_plural(e), e, 0, more);
			free(more);
		}
	}
	detail_invalidate(v);
}

void detail_related_lines(struct view *v, int width)
{
	struct detailview *d = dv(v);
	const char *group = NULL;
	if (!d->nrelated && !d->related_pending)
		detail_add_span(detail_add_line(d->doc, -1), "No related records.", DETAIL_EMPTY);
	for (size_t i = 0; i < d->nrelated; i++) {
		struct related *r = &d->related[i];
		if (!group || strcmp(group, r->group)) {
			if (group)
				detail_add_line(d->doc, -1);
			detail_add_span(detail_add_line(d->doc, -1), r->group, DETAIL_GROUP);
			group = r->group;
		}
		detail_add_wrapped(d->doc, (int)i, "  ", DETAIL_VALUE, 2, r->label, DETAIL_LINK, width);
	}
	if (d->related_pending)
		detail_add_span(detail_add_line(d->doc, -1), "Loading related records\xe2\x80\xa6",
				DETAIL_PENDING);
	d->nitems = (int)d->nrelated;
}
