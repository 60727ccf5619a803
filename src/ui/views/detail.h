/*
 * detailview.h - one record, laid out by its field layout.
 *
 * Shows the record the list's cursor is on (from the list's own data: no
 * request), or one the user followed from a related record (fetched), with
 * a history to go back.  Modes: the fields; the related records; the
 * activity timeline, newest first.
 */
#ifndef PATINA_DETAILVIEW_H
#define PATINA_DETAILVIEW_H

#include "copper/api.h"
#include "ui/view.h"

struct view *detailview_new(struct app *app, int owner);
/* Shows a record. record may be NULL: it is fetched. followed=true keeps
 * the current record in the history (for back); false starts afresh. */
void detailview_show(struct view *v, enum entity e, int64_t id, const cJSON *record, bool followed);

/* True while the pane shows a record the user followed or opened (not
 * simply the list's current row). */
bool detailview_pinned(struct view *v);

/* The record shown (NULL while loading) and its kind. */
const cJSON *detailview_record(struct view *v);
enum entity detailview_entity(struct view *v);
/* A record was saved: the pane shows the server's answer if it is on it. */
void detailview_record_saved(struct view *v, enum entity e, const cJSON *record);

#endif
