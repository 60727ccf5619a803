/*
 * form_convert.c - converting a lead in the edit form (C on a lead): the
 * form of what Copper will create (model/convert.h), its preview, the
 * one POST /leads/{id}/convert, and what follows: the lead leaves the
 * lists, the new person (or opportunity) opens. See form_internal.h.
 */
#include "config.h"

#include "model/delete.h"
#include "ui/views/form_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void form_convert_need_lookups(struct view *v)
{
	struct lookups *lk = v->env->lookups;
	lookups_need(lk, LOOKUP_USERS);
	lookups_need(lk, LOOKUP_CONTACT_TYPES);
	lookups_need(lk, LOOKUP_PIPELINES);
}

void form_convert_open(struct view *v, int64_t lead_id, const cJSON *lead)
{
	if (!lead_id || !cJSON_IsObject(lead))
		return;
	form_open_common(v, ENT_LEADS, lead_id);
	struct formview *f = fv(v);
	f->converting = true;
	f->record = cJSON_Duplicate(lead, true);
	form_convert_need_lookups(v);
}

bool form_convert_build(struct view *v, char **error)
{
	struct formview *f = fv(v);
	struct lookups *lk = v->env->lookups;
	/* the owner's and contact type's names, the pipelines' stages */
	if (!lookups_get(lk, LOOKUP_USERS) || !lookups_get(lk, LOOKUP_CONTACT_TYPES) ||
	    !lookups_get(lk, LOOKUP_PIPELINES))
		return false;
	f->form = f->draft ? convert_form_from_draft(f->draft, lk, error)
			   : convert_form_new(f->record, lk);
	return true;
}

cJSON *form_convert_details(struct view *v, char **error)
{
	struct formview *f = fv(v);
	free(f->close_date);
	f->close_date = NULL;
	return convert_details(f->form, &f->close_date, error);
}

void form_convert_send(struct view *v)
{
	struct formview *f = fv(v);
	view_submit(v, convert_begin(&f->conv, f->id, f->body, f->close_date, v->env->lookups),
		    PRIO_VISIBLE, FORM_TAG_SAVE);
	f->state = FS_SAVING;
	form_journal(v); /* says it went out, should the session end now */
	v->dirty = true;
}

void form_convert_resume(struct view *v)
{
	struct formview *f = fv(v);
	char *error = NULL;
	cJSON *details = form_convert_details(v, &error);
	convert_resume(&f->conv, f->id, details, f->close_date, v->env->lookups);
	cJSON_Delete(details);
	free(error);
	f->state = FS_UNKNOWN;
	view_message(v, MSG_WARNING, "This conversion was sent before patina stopped, and its answer "
		     "was not seen: w looks for the lead first (nothing is sent again)");
}

void form_convert_recheck(struct view *v)
{
	struct api_request *req = convert_recheck(&fv(v)->conv);
	if (req) {
		view_submit(v, req, PRIO_VISIBLE, FORM_TAG_SAVE);
		fv(v)->state = FS_SAVING;
	}
}

/* "Person 'Pam Beesly' #31" from a record of the answer, else by id. */
static char *made(struct view *v, enum entity e, int64_t id, const cJSON *rec)
{
	const char *name = json_member_str(rec, "name");
	if (!name)
		name = refnames_get(v->env->refnames, e, id);
	return delete_record_label(e, id, name);
}

/* Converted: said, the lead leaves the lists, what was made opens (the
 * opportunity if one was, else the person). */
static void converted(struct view *v)
{
	struct formview *f = fv(v);
	struct convert *c = &f->conv;
	char *lead = made(v, ENT_LEADS, f->id, f->record);
	char *person = xasprintf("Person #%" PRId64, c->person_id);
	char *company = c->company ? made(v, ENT_COMPANIES, json_member_i64(c->company, "id"), c->company)
				   : NULL;
	char *opp = c->opportunity_id ? xasprintf("Opportunity #%" PRId64, c->opportunity_id) : NULL;
	char *close = c->close_message ? xasprintf("; its close date was not set (%s): e on it sets it",
						   c->close_message) : xstrdup("");
	view_message(v, c->close_message ? MSG_WARNING : MSG_INFO, "Converted %s: %s%s%s%s%s%s%s",
		     lead, person, company ? ", " : "", company ? company : "", opp ? ", " : "",
		     opp ? opp : "", close, c->after_lost_answer
		     ? " (the answer was lost; the lead, looked for, is converted; nothing was sent twice)"
		     : "");
	view_post(v, EV_RECORD_DELETED, ENT_LEADS, f->id, NULL, true);
	if (c->company)
		view_post(v, EV_RECORD_SAVED, ENT_COMPANIES, json_member_i64(c->company, "id"),
			  c->company, false);
	/* a record the answer holds opens as it is; one known by id is read */
	view_post(v, c->person ? EV_RECORD_CREATED : EV_OPEN_RECORD, ENT_PEOPLE, c->person_id,
		  c->person, true);
	if (c->opportunity_id) {
		const cJSON *rec = c->close_set && c->close.record ? c->close.record : c->opportunity;
		view_post(v, rec ? EV_RECORD_CREATED : EV_OPEN_RECORD, ENT_OPPORTUNITIES,
			  c->opportunity_id, rec, true);
	}
	free(lead);
	free(person);
	free(company);
	free(opp);
	free(close);
	form_leave(v, true);
}

void form_convert_step(struct view *v, struct api_request *next)
{
	struct formview *f = fv(v);
	struct convert *c = &f->conv;
	if (next) {
		view_submit(v, next, PRIO_VISIBLE, FORM_TAG_SAVE);
		f->state = FS_SAVING;
		v->dirty = true;
		return;
	}
	switch (c->state) {
	case CONVERT_DONE:
		converted(v);
		return;
	case CONVERT_GONE:
		view_message(v, MSG_WARNING, "The lead is no longer in Copper: its answer was lost, and "
			     "Copper removes the leads it converts, so it was most likely converted; "
			     "nothing was sent again (look for the person in 1)");
		view_post(v, EV_RECORD_DELETED, ENT_LEADS, f->id, NULL, false);
		form_leave(v, true);
		return;
	case CONVERT_REFUSED: case CONVERT_FAILED:
		f->state = FS_EDITING;
		view_message(v, MSG_ERROR, "Not converted, your entries are kept: %s",
			     c->message ? c->message : "");
		break;
	case CONVERT_UNKNOWN:
		f->state = FS_UNKNOWN;
		view_message(v, MSG_ERROR, "Whether the lead was converted is not known (w looks for it "
			     "again; nothing is sent again): %s", c->message ? c->message : "");
		break;
	default:
		break;
	}
	form_journal(v);
	v->dirty = true;
}
