/* draft_offer.c - see draft_offer.h */
#include "config.h"

#include "model/drafts.h"
#include "ui/draft_offer.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const struct prompt_ops draft_ops;

/* An activity being logged or edited (model/drafts.h), not a record. */
static bool is_activity(const cJSON *d)
{
	const char *kind = json_member_str(d, "kind");
	return kind && !strcmp(kind, "activity");
}

/* "convert" for a lead's conversion, NULL for an edit or a create. */
static const char *purpose_of(const cJSON *draft)
{
	const char *p = json_member_str(draft, "purpose");
	return p && !strcmp(p, "convert") ? "convert" : NULL;
}

static void remove_draft(struct draft_offer *o, const cJSON *d, enum entity e)
{
	int64_t id = json_member_i64(d, "id");
	if (is_activity(d))
		drafts_remove_activity(o->writer, e, id, json_member_i64(json_get(d, "activity"), "id"));
	else
		drafts_remove_for(o->writer, e, id, purpose_of(d));
}

static void offer_next(struct draft_offer *o)
{
	while (o->next < o->count) {
		const cJSON *d = o->drafts[o->next];
		const char *ent = json_member_str(d, "entity");
		bool activity = is_activity(d);
		const char *name = activity ? json_member_str(d, "parent_name")
			: json_member_str(json_get(d, "base"), "name");
		int64_t id = json_member_i64(d, "id");
		enum entity e;
		if (!ent || !entity_parse(ent, &e) || (activity && id <= 0)) {
			o->next++;
			continue;
		}
		char *record = id > 0 ? xasprintf("%s #%" PRId64 "%s%s%s", entity_type_name(e), id,
						  name ? " \"" : "", name ? name : "", name ? "\"" : "")
				      : xasprintf("a new %s", entity_type_name(e));
		char *what = !activity ? xasprintf("Unsaved %s of %s", purpose_of(d) ? "conversion" : "edit",
						   record)
			: json_get(d, "activity") ? xasprintf("Unsaved edit of an activity on %s", record)
			: xasprintf("Unsaved activity to log on %s", record);
		free(record);
		char *clean = sanitize_line(what, strlen(what));
		char *label = xasprintf("%s: restore it? (y: restore, n: discard, "
					"Esc: keep for later) ", clean);
		prompt_open(o->prompt, label, "", &draft_ops, o);
		free(label);
		free(clean);
		free(what);
		return;
	}
}

static void draft_submit(void *ctx, const char *text)
{
	struct draft_offer *o = ctx;
	const cJSON *d = o->drafts[o->next++];
	if (text[0] == 'y') {
		events_post(o->events, EV_RESTORE_DRAFT, ENT_COUNT, 0, d, true, NULL);
		return;
	}
	enum entity e;
	const char *ent = json_member_str(d, "entity");
	if (ent && entity_parse(ent, &e))
		remove_draft(o, d, e);
	status_message(o->status, MSG_INFO, "Draft discarded");
	offer_next(o);
}

static void draft_cancel(void *ctx)
{
	struct draft_offer *o = ctx;
	o->next++;
	status_message(o->status, MSG_INFO, "Draft kept for the next start");
	offer_next(o);
}

static const struct prompt_ops draft_ops = {
	.submit = draft_submit,
	.cancel = draft_cancel,
	.answer_keys = "yn",
};

void draft_offer_start(struct draft_offer *o, struct prompt *p, struct status *s,
		       struct events *e, struct writer *w)
{
	o->prompt = p;
	o->status = s;
	o->events = e;
	o->writer = w;
	o->count = drafts_list(&o->drafts);
	o->next = 0;
	offer_next(o);
}

void draft_offer_free(struct draft_offer *o)
{
	for (size_t i = 0; i < o->count; i++)
		cJSON_Delete(o->drafts[i]);
	free(o->drafts);
	o->drafts = NULL;
	o->count = o->next = 0;
}
