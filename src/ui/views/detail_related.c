/*
 * detail_related.c - the detail pane's related items: what
 * GET /{entity}/{id}/related lists, grouped by kind with a count, each
 * named by the one resolver of names (copper/refnames.h: what patina has
 * seen, the rest in one search by ids per kind), each openable (see
 * detail_internal.h).
 */
#include "config.h"

#include "ui/views/detail_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void detail_related_clear(struct detailview *d)
{
	related_list_free(&d->related);
	free(d->related_error);
	d->related_error = NULL;
	d->related_loading = false;
	d->related_read = false;
}

void detail_related_start(struct view *v)
{
	struct detailview *d = dv(v);
	detail_related_clear(d);
	d->related_loading = true;
	view_submit(v, api_related(d->entity, d->id), PRIO_VISIBLE, TAG_RELATED);
}

/* The names not known yet: one search by ids per kind. */
void detail_related_ask_names(struct view *v)
{
	struct detailview *d = dv(v);
	struct refnames_batch batch = {0};
	for (size_t i = 0; i < d->related.count; i++)
		refnames_want(v->env->refnames, &batch, d->related.items[i].entity,
			      d->related.items[i].id);
	refnames_ask(v->env->refnames, &batch, v->env->sender, v->owner, v->generation,
		     PRIO_VISIBLE, TAG_NAMES);
}

void detail_related_take(struct view *v, struct api_result *r)
{
	struct detailview *d = dv(v);
	size_t skipped = 0;
	detail_related_clear(d);
	if (r->error.kind != APIE_NONE) {
		d->related_error = xstrdup(r->error.message ? r->error.message : "unreadable");
		d->link_after_related = false;
		view_message(v, MSG_ERROR, "Related items not read: %s", d->related_error);
	} else if (!related_parse(r->json, &d->related, &skipped)) {
		d->related_error = xstrdup("the answer was not a list");
		d->link_after_related = false;
	} else {
		d->related_read = true;
		if (skipped)
			view_message(v, MSG_WARNING, "%zu related item%s of a kind patina does not know "
				     "left out", skipped, skipped == 1 ? "" : "s");
		detail_related_ask_names(v);
		if (d->link_after_related) {
			d->link_after_related = false;
			detail_link_open(v);
		}
	}
	detail_invalidate(v);
}

/* A related record's name if known, else its kind and id. Caller frees. */
char *detail_related_label(struct view *v, enum entity e, int64_t id)
{
	const char *name = refnames_get(v->env->refnames, e, id);
	return name ? xasprintf("%s  #%" PRId64, name, id)
		    : xasprintf("%s #%" PRId64, entity_title(e), id);
}

void detail_related_lines(struct view *v, int width)
{
	struct detailview *d = dv(v);
	if (d->related_loading) {
		detail_add_span(detail_add_line(d->doc, -1), "Reading related items\xe2\x80\xa6",
				DETAIL_PENDING);
	} else if (d->related_error) {
		char *line = xasprintf("Related items could not be read: %s (R reads them again)",
				       d->related_error);
		detail_add_wrapped(d->doc, -1, "", DETAIL_VALUE, 0, line, DETAIL_ERROR, width);
		free(line);
	} else if (!d->related.count) {
		detail_add_span(detail_add_line(d->doc, -1), "No related records (i links one).",
				DETAIL_EMPTY);
	} else {
		detail_add_span(detail_add_line(d->doc, -1),
				"Enter opens  i links another  D unlinks", DETAIL_EMPTY);
	}
	enum entity group = ENT_COUNT;
	for (size_t i = 0; i < d->related.count; i++) {
		const struct related_item *it = &d->related.items[i];
		if (it->entity != group) {
			group = it->entity;
			detail_add_line(d->doc, -1);
			char *head = xasprintf("%s (%zu)", entity_plural(group),
					       d->related.per_entity[group]);
			detail_add_span(detail_add_line(d->doc, -1), head, DETAIL_GROUP);
			free(head);
		}
		char *label = detail_related_label(v, it->entity, it->id);
		detail_add_wrapped(d->doc, (int)i, "  ", DETAIL_VALUE, 2, label, DETAIL_LINK, width);
		free(label);
	}
	d->nitems = (int)d->related.count;
}

/* The related record under the selection, or NULL. */
const struct related_item *detail_related_selected(struct detailview *d)
{
	if (d->mode != MODE_RELATED || d->selected < 0 || (size_t)d->selected >= d->related.count)
		return NULL;
	return &d->related.items[d->selected];
}
