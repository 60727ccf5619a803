/* picker.c - see picker.h */
#include "config.h"

#include "ui/paint.h"
#include "ui/picker.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void forget_found(struct picker *p)
{
	for (size_t i = 0; i < p->ngroups; i++) {
		struct picker_group *g = &p->groups[i];
		cJSON_Delete(g->records);
		free(g->error);
		g->records = NULL;
		g->error = NULL;
		g->pending = false;
		g->total = -1;
	}
	p->cursor = 0;
}

void picker_clear(struct picker *p)
{
	forget_found(p);
	free(p->query);
	memset(p, 0, sizeof(*p));
}

void picker_start(struct picker *p, const enum entity *kinds, size_t n, int64_t tag_base)
{
	picker_clear(p);
	for (size_t i = 0; i < n && i < ENT_COUNT; i++)
		p->groups[p->ngroups++] = (struct picker_group){ .entity = kinds[i], .total = -1 };
	p->tag_base = tag_base;
}

void picker_search(struct picker *p, struct view *v, const char *text)
{
	forget_found(p);
	free(p->query);
	p->query = str_trim(xstrdup(text ? text : ""));
	if (!*p->query)
		return;
	const char *q = p->query;
	int64_t id = 0;
	bool by_id = str_to_i64(q + (*q == '#'), &id) && id > 0;
	for (size_t i = 0; i < p->ngroups; i++) {
		struct picker_group *g = &p->groups[i];
		cJSON *body = cJSON_CreateObject();
		if (by_id)
			cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "ids"),
					     cJSON_CreateNumber((double)id));
		else
			cJSON_AddStringToObject(body, "name", q);
		view_submit(v, api_search(g->entity, body, 1, PICKER_PAGE, NULL, false), PRIO_VISIBLE,
			    p->tag_base + g->entity);
		cJSON_Delete(body);
		g->pending = true;
	}
}

bool picker_take(struct picker *p, struct view *v, struct api_result *r)
{
	if (r->tag < p->tag_base || r->tag >= p->tag_base + ENT_COUNT)
		return false;
	enum entity e = (enum entity)(r->tag - p->tag_base);
	for (size_t i = 0; i < p->ngroups; i++) {
		struct picker_group *g = &p->groups[i];
		if (g->entity != e || !g->pending)
			continue;
		g->pending = false;
		if (r->error.kind != APIE_NONE) {
			g->error = xstrdup(r->error.message ? r->error.message : "the search failed");
		} else {
			g->records = r->json;
			r->json = NULL;
			g->total = r->total;
			refnames_learn(v->env->refnames, e, g->records);
		}
		return true;
	}
	return true; /* a search of this picker that no longer matters */
}

bool picker_pending(const struct picker *p)
{
	for (size_t i = 0; i < p->ngroups; i++)
		if (p->groups[i].pending)
			return true;
	return false;
}

static size_t group_count(const struct picker_group *g)
{
	return (size_t)cJSON_GetArraySize(json_array(g->records));
}

size_t picker_count(const struct picker *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->ngroups; i++)
		n += group_count(&p->groups[i]);
	return n;
}

const cJSON *picker_selected(const struct picker *p, enum entity *e)
{
	size_t k = p->cursor;
	for (size_t i = 0; i < p->ngroups; i++) {
		size_t n = group_count(&p->groups[i]);
		if (k < n) {
			if (e)
				*e = p->groups[i].entity;
			return cJSON_GetArrayItem(p->groups[i].records, (int)k);
		}
		k -= n;
	}
	return NULL;
}

void picker_move(struct picker *p, long delta)
{
	size_t n = picker_count(p);
	if (!n) {
		p->cursor = 0;
		return;
	}
	long next = (long)p->cursor + delta;
	p->cursor = next < 0 ? 0 : next >= (long)n ? n - 1 : (size_t)next;
}

/* ---- drawing ------------------------------------------------------------------ */

struct pline {
	char *text;
	enum theme_area area;
	bool cursor;
};

static void add_line(struct pline **lines, size_t *n, char *text, enum theme_area area, bool cursor)
{
	*lines = xrealloc(*lines, (*n + 1) * sizeof(**lines));
	(*lines)[(*n)++] = (struct pline){ text, area, cursor };
}

static char *candidate_text(const cJSON *rec)
{
	const char *name = json_member_str(rec, "name");
	const char *company = json_member_str(rec, "company_name");
	int64_t id = json_member_i64(rec, "id");
	char *raw = xasprintf("  %s%s%s  #%" PRId64, name && *name ? name : "(no name)",
			      company && *company ? " \xc2\xb7 " : "", company && *company ? company : "",
			      id);
	char *clean = sanitize_line(raw, strlen(raw));
	free(raw);
	return clean;
}

static void group_lines(const struct picker *p, const struct picker_group *g, size_t *k,
			struct pline **lines, size_t *n)
{
	size_t count = group_count(g);
	char *head = g->pending ? xasprintf("%s: searching\xe2\x80\xa6", entity_plural(g->entity))
		: g->error ? xasprintf("%s: the search failed: %s", entity_plural(g->entity), g->error)
		: !g->records ? xasprintf("%s", entity_plural(g->entity))
		: !count ? xasprintf("%s: none named so", entity_plural(g->entity))
		: g->total > (int64_t)count ? xasprintf("%s: %zu of %" PRId64 " (type more of the name)",
							entity_plural(g->entity), count, g->total)
		: xasprintf("%s: %zu", entity_plural(g->entity), count);
	char *clean = sanitize_line(head, strlen(head));
	free(head);
	add_line(lines, n, clean, g->error ? AREA_ERROR : AREA_HEADER, false);
	const cJSON *rec;
	cJSON_ArrayForEach(rec, json_array(g->records)) {
		bool at = *k == p->cursor;
		add_line(lines, n, candidate_text(rec), at ? AREA_CURSOR : AREA_VALUE, at);
		(*k)++;
	}
}

void picker_draw(struct picker *p, WINDOW *w, int y, int rows, int cols)
{
	struct pline *lines = NULL;
	size_t n = 0, k = 0, at = 0;
	for (size_t i = 0; i < p->ngroups; i++)
		group_lines(p, &p->groups[i], &k, &lines, &n);
	for (size_t i = 0; i < n; i++)
		if (lines[i].cursor)
			at = i;
	size_t top = rows > 0 && at >= (size_t)rows ? at - (size_t)rows + 1 : 0;
	for (size_t i = top; i < n && (int)(i - top) < rows; i++) {
		wattrset(w, theme_attr(lines[i].area));
		wmove(w, y + (int)(i - top), 0);
		paint_text(w, lines[i].text, cols);
	}
	for (size_t i = 0; i < n; i++)
		free(lines[i].text);
	free(lines);
}
