/*
 * listview.h - one entity's list: paginated search, columns, sort, search
 * as you type, filters.
 *
 * Rows live in a rowstore (compact); the full records of the pages nearest
 * the cursor are kept so the detail pane never refetches what the list
 * already holds.  Pages are fetched as they come into view and the next
 * one just before the user reaches it; a jump fetches only the page it
 * lands on.
 */
#ifndef PATINA_LISTVIEW_H
#define PATINA_LISTVIEW_H

#include "copper/api.h"
#include "ui/view.h"

struct view *listview_new(struct app *app, enum entity e, int owner);
/* The tab became visible: load the first page if nothing is loaded yet,
 * and show the row under the cursor in the detail pane. */
void listview_activate(struct view *v);
/* A record of this list was saved or created: its row and kept copy
 * become the server's answer (a new record is found by a reload). */
void listview_record_saved(struct view *v, const cJSON *record);

#endif
