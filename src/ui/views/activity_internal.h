/*
 * activity_internal.h - what the activity form's files share.
 *
 * The activity form is a modal view (its own key context, "activity")
 * that does every write of an activity, through the one protocol of
 * model/activity_save.h:
 *   - logging one on a record (L in a list or a detail pane, N on the
 *     board): its type, picked among the account's (GET /activity_types,
 *     a cached look-up), when it happened (now unless typed otherwise:
 *     "yesterday 15:30", "-2h", "mon 9am"), and its details, Markdown
 *     typed in the prompt or in $EDITOR and shown rendered as they will
 *     read in the timeline; one POST /activities;
 *   - changing one's own activity (e in the timeline): its date and
 *     details only; one PUT with what changed;
 *   - deleting one's own activity (D in the timeline), after asking; one
 *     DELETE.
 * A lost answer is looked for before anything is said or sent again. What
 * is typed is journaled to a draft (model/drafts.h) as it is typed, so a
 * crash or SIGHUP loses nothing; the draft goes when the write is done or
 * the user discards it. Timelines learn of each write by an event
 * (EV_ACTIVITY_SAVED, EV_ACTIVITY_DELETED), without a request.
 *
 * activity.c opens, saves and routes; activity_field.c is the prompts,
 * $EDITOR and the journal; activity_draw.c draws it.
 */
#ifndef PATINA_ACTIVITY_INTERNAL_H
#define PATINA_ACTIVITY_INTERNAL_H

#include "model/activity.h"
#include "model/activity_save.h"
#include "ui/view.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum activity_form_state {
	AF_CLOSED,
	AF_LOADING,     /* waiting for the activity types */
	AF_EDITING,
	AF_CONFIRM,     /* a deletion: asking */
	AF_SAVING,      /* the protocol has a request out */
	AF_UNKNOWN,     /* the answer was lost and the search could not tell */
	AF_DISCARD      /* asking before throwing what was typed away */
};

/* The fields, in their order on screen. */
enum { AF_TYPE, AF_WHEN, AF_DETAILS, AF_FIELDS };

struct activityform {
	enum activity_form_state state;
	enum activity_write op;      /* what saving does */
	enum entity parent;
	int64_t parent_id;
	char *parent_name;           /* sanitized; NULL when not known */
	cJSON *activity;             /* an edit's or a deletion's: as read (owned) */
	struct activity_type_ref type; /* the type chosen (a log) or the activity's */
	bool typed;                  /* type holds one */
	bool note;                   /* opened for a Note (the board's add-note) */
	char *when_text;             /* as typed ("now") */
	int64_t when;                /* what it meant when typed; "now" is taken
				      * again when it is sent */
	char *details;               /* Markdown, as typed */
	bool changed;                /* something was typed: leaving asks */
	size_t selected;             /* AF_TYPE... */
	struct activity_save save;
	long editing;                /* the field typed in the prompt, -1: none */
	char *editing_text;          /* what is typed there, journaled */
	struct activity_type_ref last_type; /* the type last logged, the next default */
};

static inline struct activityform *afv(struct view *v)
{
	return v->priv;
}

/* The job tag of the protocol's requests. */
enum { AF_TAG_SAVE = 1 };

/* activity.c: the moment the form's "when" means now (Unix time). */
int64_t activity_form_when(const struct activityform *f);
/* The type's name (sanitized; caller frees), "(unknown type)" if the
 * look-up does not have it. */
char *activity_form_type_name(struct view *v);

/* activity_field.c: the prompt for the selected field; $EDITOR for the
 * details; the draft of what is typed written, or removed; the form's
 * state from a draft (false, said, when it cannot be read). */
void activity_edit_field(struct view *v, const char *initial);
void activity_external_editor(struct view *v);
void activity_journal(struct view *v);
void activity_forget_draft(struct view *v);
bool activity_from_draft(struct view *v, const cJSON *draft);

/* activity_draw.c */
void activity_draw(struct view *v, WINDOW *w, bool focused);

#endif
