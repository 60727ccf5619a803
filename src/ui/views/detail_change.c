/*
 * detail_change.c - what the detail pane changes in Copper: deleting the
 * record it shows, relating it to another record (the link picker
 * chooses), unlinking a related one, and the conversion of a lead (the
 * form does it; this opens it). See detail_internal.h.
 *
 * Each change is asked first, sent once on the pane's write channel
 * (view_submit_work: moving to another record never cancels it) through
 * its protocol (model/delete.h, model/related.h), and said only once
 * Copper has answered or a read has shown what happened. One change at a
 * time: a second waits until the first is answered.
 */
#include "config.h"

#include "model/convert.h"
#include "model/delete.h"
#include "ui/views/detail_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* A change still out: says so, and true. */
static bool busy(struct view *v)
{
	struct detailview *d = dv(v);
	if (delete_busy(&d->deletion)) {
		view_message(v, MSG_INFO, "Waiting for Copper to answer the deletion of %s",
			     d->deletion.label);
		return true;
	}
	if (relate_busy(&d->relate)) {
		view_message(v, MSG_INFO, "Waiting for Copper to answer the change of related items");
		return true;
	}
	return false;
}

/* A record's name for a message (sanitized), or its kind and id. Caller
 * frees. */
static char *short_name(struct view *v, enum entity e, int64_t id)
{
	struct detailview *d = dv(v);
	const char *name = e == d->entity && id == d->id ? json_member_str(d->record, "name") : NULL;
	if (!name)
		name = refnames_get(v->env->refnames, e, id);
	return name && *name ? sanitize_line(name, strlen(name))
			     : xasprintf("%s #%" PRId64, entity_title(e), id);
}

static char *record_label(struct view *v, enum entity e, int64_t id)
{
	struct detailview *d = dv(v);
	const char *name = e == d->entity && id == d->id ? json_member_str(d->record, "name") : NULL;
	if (!name)
		name = refnames_get(v->env->refnames, e, id);
	return delete_record_label(e, id, name);
}

/* ---- deleting ------------------------------------------------------------- */

static const struct prompt_ops delete_yes_ops, delete_key_ops;

static void ask_delete(struct view *v, const struct related_list *related)
{
	struct detailview *d = dv(v);
	bool typed;
	char *q = delete_question(d->ask.entity, d->ask.id, d->ask.name, related, &typed);
	view_prompt(v, q, "", typed ? &delete_yes_ops : &delete_key_ops, v);
	free(q);
}

static void send_delete(struct view *v)
{
	struct detailview *d = dv(v);
	view_submit_work(v, delete_begin(&d->deletion, d->ask.entity, d->ask.id, d->ask.name),
			 PRIO_VISIBLE, TAG_DELETE);
	view_message(v, MSG_INFO, "Deleting %s\xe2\x80\xa6", d->deletion.label);
}

static void delete_typed(void *ctx, const char *text)
{
	struct view *v = ctx;
	char *t = str_trim(xstrdup(text));
	if (!strcmp(t, "yes"))
		send_delete(v);
	else
		view_message(v, MSG_INFO, "Not deleted: the answer was not yes");
	free(t);
}

static void delete_key(void *ctx, const char *text)
{
	struct view *v = ctx;
	if (text[0] == 'y')
		send_delete(v);
	else
		view_message(v, MSG_INFO, "Not deleted");
}

static void delete_cancelled(void *ctx)
{
	view_message(ctx, MSG_INFO, "Not deleted");
}

static const struct prompt_ops delete_yes_ops = {
	.submit = delete_typed,
	.cancel = delete_cancelled,
};
static const struct prompt_ops delete_key_ops = {
	.submit = delete_key,
	.cancel = delete_cancelled,
	.answer_keys = "yn",
};

void detail_delete(struct view *v)
{
	struct detailview *d = dv(v);
	if (d->deletion.state == DELETE_UNKNOWN && d->deletion.entity == d->entity &&
	    d->deletion.id == d->id) {
		/* whether it happened is not known: read, never send again */
		view_submit_work(v, delete_recheck(&d->deletion), PRIO_VISIBLE, TAG_DELETE);
		view_message(v, MSG_INFO, "Reading %s to learn whether it was deleted\xe2\x80\xa6",
			     d->deletion.label);
		return;
	}
	if (busy(v))
		return;
	if (!d->record) {
		view_message(v, MSG_INFO, "The record is still loading; D deletes it once it is here");
		return;
	}
	free(d->ask.name);
	const char *name = json_member_str(d->record, "name");
	d->ask = (struct detail_ask){ d->entity, d->id, name ? xstrdup(name) : NULL, 0, 0 };
	/* a company: how many people and opportunities would lose it */
	if (d->entity == ENT_COMPANIES && !(d->mode == MODE_RELATED && d->related_read)) {
		view_submit(v, api_related(d->entity, d->id), PRIO_VISIBLE, TAG_DELETE_RELATED);
		view_message(v, MSG_INFO, "Counting the people and opportunities of %s\xe2\x80\xa6",
			     name ? name : "the company");
		return;
	}
	ask_delete(v, d->entity == ENT_COMPANIES ? &d->related : NULL);
}

/* The company's relations, for the question (the pane may have moved on:
 * then the answer comes no more, its generation superseded). */
static void counted(struct view *v, struct api_result *r)
{
	struct related_list l;
	status_clear(v->env->status);
	bool known = r->error.kind == APIE_NONE && related_parse(r->json, &l, NULL);
	ask_delete(v, known ? &l : NULL);
	if (known)
		related_list_free(&l);
}

static void deleted(struct view *v)
{
	struct detailview *d = dv(v);
	struct deletion *del = &d->deletion;
	switch (del->state) {
	case DELETE_DONE:
		view_message(v, MSG_INFO, "Deleted %s%s", del->label, del->after_lost_answer
			     ? " (its answer was lost; read again, it is gone; nothing was sent twice)" : "");
		view_post(v, EV_RECORD_DELETED, del->entity, del->id, NULL, true);
		break;
	case DELETE_GONE:
		view_message(v, MSG_INFO, "%s was deleted already (Copper answered 404)", del->label);
		view_post(v, EV_RECORD_DELETED, del->entity, del->id, NULL, false);
		break;
	case DELETE_FAILED:
		view_message(v, MSG_ERROR, "Not deleted: %s", del->message ? del->message : "");
		break;
	case DELETE_UNKNOWN:
		view_message(v, MSG_ERROR, "%s may or may not be deleted (D on it reads it again, "
			     "never deletes twice): %s", del->label, del->message ? del->message : "");
		return; /* kept, for the recheck */
	default:
		return;
	}
	delete_clear(del);
}

/* ---- relating ---------------------------------------------------------------- */

/* The record whose own fields hold a relation that changed (a person's
 * company_id, a task's related_resource, an opportunity's company_id):
 * read again so that lists and panes show its fields as they now are. */
static void reread_holder(struct view *v, const struct relate_step *s)
{
	enum entity e = ENT_COUNT;
	int64_t id = 0;
	if (s->entity == ENT_TASKS || s->other == ENT_TASKS) {
		e = ENT_TASKS;
		id = s->entity == ENT_TASKS ? s->id : s->other_id;
	} else if ((s->entity == ENT_PEOPLE || s->entity == ENT_OPPORTUNITIES) &&
		   s->other == ENT_COMPANIES) {
		e = s->entity, id = s->id;
	} else if ((s->other == ENT_PEOPLE || s->other == ENT_OPPORTUNITIES) &&
		   s->entity == ENT_COMPANIES) {
		e = s->other, id = s->other_id;
	}
	if (id)
		view_submit_work(v, api_fetch(e, id), PRIO_VISIBLE, TAG_REREAD + e);
}

static void relations_changed(struct view *v, const struct relate *r)
{
	const struct relate_step *s = &r->steps[0];
	view_post(v, EV_RELATIONS_CHANGED, s->entity, s->id, NULL, true);
	for (size_t i = 0; i < r->nsteps; i++)
		view_post(v, EV_RELATIONS_CHANGED, r->steps[i].other, r->steps[i].other_id, NULL, true);
	reread_holder(v, s);
}

static void related_done(struct view *v)
{
	struct detailview *d = dv(v);
	struct relate *r = &d->relate;
	const struct relate_step *s = &r->steps[r->nsteps - 1];
	char *a = short_name(v, s->entity, s->id), *b = short_name(v, s->other, s->other_id);
	const char *lost = r->after_lost_answer
		? " (its answer was lost; read again, it is done; nothing was sent twice)" : "";
	switch (r->state) {
	case RELATE_DONE: {
		if (r->op == RELATE_MOVE) {
			char *old = short_name(v, ENT_COMPANIES, r->steps[0].other_id);
			view_message(v, MSG_INFO, "Moved %s to %s, from %s%s", a, b, old, lost);
			free(old);
		} else {
			view_message(v, MSG_INFO, "%s %s %s %s%s", r->op == RELATE_LINK ? "Linked" : "Unlinked",
				     b, r->op == RELATE_LINK ? "to" : "from", a, lost);
		}
		relations_changed(v, r);
		break;
	}
	case RELATE_REFUSED: case RELATE_FAILED:
		if (relate_moved_out(r)) {
			char *old = short_name(v, ENT_COMPANIES, r->steps[0].other_id);
			/* the truth first: a long server message is cut at the edge */
			view_message(v, MSG_ERROR, "%s has no company now (i links one): it left %s, "
				     "but was not linked to %s: %s", a, old, b, r->message ? r->message : "");
			free(old);
			relations_changed(v, r);
		} else {
			view_message(v, MSG_ERROR, "Not %s: %s", r->op == RELATE_UNLINK ? "unlinked"
				     : r->op == RELATE_MOVE ? "moved" : "linked",
				     r->message ? r->message : "");
		}
		break;
	case RELATE_UNKNOWN:
		view_message(v, MSG_ERROR, "Whether the related items changed is not known (R in them "
			     "reads them again; nothing is sent again): %s", r->message ? r->message : "");
		view_post(v, EV_RELATIONS_CHANGED, s->entity, s->id, NULL, true);
		break;
	default:
		break;
	}
	free(a);
	free(b);
	relate_clear(r);
}

static void unlink_answer(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct detailview *d = dv(v);
	if (text[0] != 'y') {
		view_message(v, MSG_INFO, "Not unlinked");
		return;
	}
	view_submit_work(v, relate_begin(&d->relate, RELATE_UNLINK, d->ask.entity, d->ask.id,
					 d->ask.other, d->ask.other_id), PRIO_VISIBLE, TAG_RELATE);
	view_message(v, MSG_INFO, "Unlinking\xe2\x80\xa6");
}

static void unlink_cancelled(void *ctx)
{
	view_message(ctx, MSG_INFO, "Not unlinked");
}

static const struct prompt_ops unlink_ops = {
	.submit = unlink_answer,
	.cancel = unlink_cancelled,
	.answer_keys = "yn",
};

void detail_unlink(struct view *v)
{
	struct detailview *d = dv(v);
	const struct related_item *it = detail_related_selected(d);
	if (!it) {
		view_message(v, MSG_INFO, "No related record here to unlink");
		return;
	}
	if (busy(v))
		return;
	char *why = related_check_unlink(d->entity, d->record, it->entity, it->id, NULL);
	if (why) {
		view_message(v, MSG_ERROR, "Not unlinked: %s", why);
		free(why);
		return;
	}
	free(d->ask.name);
	d->ask = (struct detail_ask){ d->entity, d->id, NULL, it->entity, it->id };
	char *a = record_label(v, d->entity, d->id), *b = record_label(v, it->entity, it->id);
	char *q = xasprintf("Unlink %s from %s? Neither record is deleted. (y/n) ", b, a);
	view_prompt(v, q, "", &unlink_ops, v);
	free(q);
	free(a);
	free(b);
}

void detail_link_open(struct view *v)
{
	struct detailview *d = dv(v);
	cJSON *what = cJSON_CreateObject();
	cJSON_AddItemToObject(what, "record", cJSON_Duplicate(d->record, true));
	cJSON *list = cJSON_AddArrayToObject(what, "related");
	for (size_t i = 0; i < d->related.count; i++) {
		cJSON *item = cJSON_CreateObject();
		cJSON_AddNumberToObject(item, "id", (double)d->related.items[i].id);
		cJSON_AddStringToObject(item, "type", entity_type_name(d->related.items[i].entity));
		cJSON_AddItemToArray(list, item);
	}
	view_post(v, EV_LINK_RECORD, d->entity, d->id, what, true);
	cJSON_Delete(what);
}

/* i: the picker, once the related items are read (they decide what may
 * be linked). */
void detail_link(struct view *v)
{
	struct detailview *d = dv(v);
	if (!d->record) {
		view_message(v, MSG_INFO, "The record is still loading; i links once it is here");
		return;
	}
	if (busy(v))
		return;
	if (d->mode == MODE_RELATED && d->related_read) {
		detail_link_open(v);
		return;
	}
	d->link_after_related = true;
	if (d->mode != MODE_RELATED)
		detail_set_mode(v, MODE_RELATED);
	else if (!d->related_loading)
		detail_related_start(v);
}

void detail_link_chosen(struct view *v, const struct ui_event *ev)
{
	struct detailview *d = dv(v);
	if (ev->entity != d->entity || ev->id != d->id || !d->id)
		return;
	enum entity other;
	const char *type = json_member_str(ev->record, "type");
	int64_t other_id = json_member_i64(ev->record, "id");
	int64_t from = json_member_i64(ev->record, "move_from");
	if (!type || !entity_parse(type, &other) || !other_id || busy(v))
		return;
	struct api_request *req;
	if (from) {
		int64_t person = d->entity == ENT_PEOPLE ? d->id : other_id;
		int64_t company = d->entity == ENT_PEOPLE ? other_id : d->id;
		req = relate_begin_move(&d->relate, person, from, company);
	} else {
		req = relate_begin(&d->relate, RELATE_LINK, d->entity, d->id, other, other_id);
	}
	view_submit_work(v, req, PRIO_VISIBLE, TAG_RELATE);
	view_message(v, MSG_INFO, from ? "Moving\xe2\x80\xa6" : "Linking\xe2\x80\xa6");
}

/* ---- converting ------------------------------------------------------------- */

void detail_convert(struct view *v)
{
	struct detailview *d = dv(v);
	if (d->entity != ENT_LEADS) {
		view_message(v, MSG_INFO, "Only a lead converts; this is a %s", entity_type_name(d->entity));
		return;
	}
	if (!d->record) {
		view_message(v, MSG_INFO, "The lead is still loading; C converts it once it is here");
		return;
	}
	int64_t person = json_member_i64(d->record, "converted_contact_id");
	if (convert_lead_converted(d->record)) {
		char *to = person ? record_label(v, ENT_PEOPLE, person) : xstrdup("a person");
		view_message(v, MSG_INFO, "This lead was converted already, to %s", to);
		free(to);
		return;
	}
	view_post(v, EV_CONVERT_LEAD, ENT_LEADS, d->id, d->record, true);
}

/* ---- answers ------------------------------------------------------------------ */

bool detail_change_result(struct view *v, struct api_result *r)
{
	struct detailview *d = dv(v);
	struct api_request *next;
	switch (r->tag) {
	case TAG_DELETE_RELATED:
		counted(v, r);
		return true;
	case TAG_DELETE:
		next = delete_answer(&d->deletion, r);
		if (next)
			view_submit_work(v, next, PRIO_VISIBLE, TAG_DELETE);
		else
			deleted(v);
		return true;
	case TAG_RELATE:
		next = relate_answer(&d->relate, r);
		if (next)
			view_submit_work(v, next, PRIO_VISIBLE, TAG_RELATE);
		else
			related_done(v);
		return true;
	default:
		if (r->tag < TAG_REREAD || r->tag >= TAG_REREAD + ENT_COUNT)
			return false;
		/* the lists and panes show its fields as they now are */
		if (r->error.kind == APIE_NONE && cJSON_IsObject(r->json))
			view_post(v, EV_RECORD_SAVED, (enum entity)(r->tag - TAG_REREAD),
				  json_member_i64(r->json, "id"), r->json, false);
		return true;
	}
}
