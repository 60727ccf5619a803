/*
 * formview.h - the edit and create form.
 *
 * Built from the field layout by the editing model (edit.h). Each field is
 * changed in the prompt (names, friendly dates, completion), in $EDITOR
 * for long text, or in a picker for related records found by a server
 * search. Saving shows exactly what will be sent, checks the record for
 * changes made meanwhile on the server (a field changed on both sides is
 * the user's choice), and sends one partial PUT, or one POST for a create,
 * which is never repeated behind the user's back. Everything typed is
 * journaled to a draft (drafts.h) until it is saved or discarded.
 */
#ifndef PATINA_FORMVIEW_H
#define PATINA_FORMVIEW_H

#include "copper/api.h"
#include "ui/view.h"

struct view *formview_new(struct app *app, int owner);
bool formview_active(struct view *v);
/* Edits a record as loaded (record is copied). */
void formview_edit(struct view *v, enum entity e, const cJSON *record);
void formview_create(struct view *v, enum entity e);
/* Reopens a draft from the journal. */
void formview_restore(struct view *v, const cJSON *draft);

#endif
