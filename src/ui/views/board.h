/*
 * boardview.h - a pipeline's opportunities as a board, one column per
 * stage, and one-key actions for weekly triage.
 *
 * Columns are searches by pipeline and stage (paged like any list), with
 * the count from X-PW-TOTAL and the sum of the loaded deals (marked
 * partial until every deal is loaded). Actions change the card at once and
 * mark it pending; each is a partial PUT built by the editing model, after
 * the same check as the form: a deal changed on the server meanwhile is
 * not overwritten but returned for review. Failures put the card back.
 * The last action can be undone with the opposite update.
 */
#ifndef PATINA_BOARDVIEW_H
#define PATINA_BOARDVIEW_H

#include "ui/view.h"

struct view *boardview_new(struct app *app, int owner);
bool boardview_active(struct view *v);
void boardview_open(struct view *v);
void boardview_close(struct view *v);

#endif
