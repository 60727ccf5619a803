/*
 * draft_offer.h - edits left unsaved by a crash, a kill or a dropped
 * session, offered one by one when patina starts: y restores one (the
 * edit form opens on it, or the activity form on an activity's), n
 * discards it, Esc keeps it for the next start.
 */
#ifndef PATINA_DRAFT_OFFER_H
#define PATINA_DRAFT_OFFER_H

#include "ui/events.h"
#include "ui/prompt.h"
#include "ui/status.h"
#include "util/writer.h"

#include <cjson/cJSON.h>
#include <stddef.h>

struct draft_offer {
	cJSON **drafts;          /* owned */
	size_t count, next;
	struct prompt *prompt;
	struct status *status;
	struct events *events;
	struct writer *writer;
};

/* Reads the drafts on disk and asks about the first, if any. */
void draft_offer_start(struct draft_offer *o, struct prompt *p, struct status *s,
		       struct events *e, struct writer *w);
void draft_offer_free(struct draft_offer *o);

#endif
