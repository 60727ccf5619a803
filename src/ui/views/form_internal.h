/*
 * form_internal.h - what the edit form's two files share: its state
 * (form.c changes it) and what form_draw.c shows of it.
 *
 * The form is built from the field layout by the editing model
 * (model/edit.h). Each field is changed in the prompt (names, friendly
 * dates, completion), in $EDITOR for long text, or in a picker for related
 * records found by a server search. Saving shows exactly what will be
 * sent, then goes through the one save protocol (model/save.h): the record
 * is re-read, a field changed on both sides is the user's choice, one
 * partial PUT (or one POST) is sent, and a lost answer is checked before
 * anything is said. Everything typed is journaled to a draft
 * (model/drafts.h) until it is saved or discarded. The same form converts
 * a lead (form_convert.c): its fields are what Copper will create, its
 * send is model/convert.h's.
 */
#ifndef PATINA_FORM_INTERNAL_H
#define PATINA_FORM_INTERNAL_H

#include "model/convert.h"
#include "model/edit.h"
#include "model/save.h"
#include "ui/picker.h"
#include "ui/view.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum form_state {
	FS_CLOSED,
	FS_LOADING,     /* waiting for the field layout */
	FS_EDITING,
	FS_PREVIEW,     /* what will be sent */
	FS_SAVING,      /* the save protocol has a request out */
	FS_CONFLICTS,   /* fields changed on both sides */
	FS_UNKNOWN,     /* the answer was lost and the record could not be re-read */
	FS_PICKING,     /* choosing a related record among search results */
	FS_DISCARD      /* asking before throwing changes away */
};

#define FORM_LABEL_W 22

struct formview {
	enum form_state state;
	enum entity entity;
	int64_t id;
	cJSON *record;          /* the record as loaded (NULL for a create) */
	cJSON *draft;           /* a draft waiting for its layout */
	struct edit_form *form;
	size_t selected, top;
	cJSON *body;            /* the previewed body */
	struct save save;       /* the save under way; its conflicts */
	bool converting;        /* the conversion of a lead (form_convert.c), not an edit */
	struct convert conv;    /* the conversion under way */
	char *close_date;       /* previewed: the new opportunity's close date, set after */
	bool *take_theirs;      /* per conflict: the user keeps the server's value */
	/* picking a related record (ui/picker.h) */
	struct picker picker;
	size_t pick_field;
	/* the prompt being typed, journaled with the draft */
	long editing_field;
	char *editing_text;
};

static inline struct formview *fv(struct view *v)
{
	return v->priv;
}

/* Job tags: the save protocol's requests, and the searches of the picker
 * (FORM_TAG_SEARCH + entity). */
enum { FORM_TAG_SAVE = 1, FORM_TAG_SEARCH = 10 };

/* "a, b" lists and lines joined for a one-line display. Caller frees. */
char *form_one_line(const char *text);
/* Writes the draft of what is typed (the journal). */
void form_journal(struct view *v);
/* Opens the (modal) form on entity e's record id, loading. */
void form_open_common(struct view *v, enum entity e, int64_t id);
/* Closes it; remove_draft: what was typed is done with. */
void form_leave(struct view *v, bool remove_draft);

/* form_convert.c: converting a lead in the form (model/convert.h). */
void form_convert_open(struct view *v, int64_t lead_id, const cJSON *lead);
void form_convert_need_lookups(struct view *v);
/* Builds the form once the look-ups it needs are there: false until then
 * (f->form NULL and *error when a draft could not be used). */
bool form_convert_build(struct view *v, char **error);
/* The details to preview and send, or NULL and *error. */
cJSON *form_convert_details(struct view *v, char **error);
void form_convert_send(struct view *v);
void form_convert_step(struct view *v, struct api_request *next);
void form_convert_recheck(struct view *v);
/* A restored draft whose POST may have reached Copper: nothing is sent
 * before the lead is looked for (w). */
void form_convert_resume(struct view *v);

/* form_field.c: the prompt for the selected field (initial: its text, NULL
 * for the field's value); $EDITOR for it; the answer of a picker's search. */
void form_edit_field(struct view *v, const char *initial);
void form_external_editor(struct view *v);
void form_take_search(struct view *v);
/* Warns, naming them, when field i's change removes items the record has
 * (a list retyped without them). */
void form_warn_dropped(struct view *v, size_t i);
/* The whole form, as its state shows it. */
void form_draw(struct view *v, WINDOW *w, bool focused);

#endif
