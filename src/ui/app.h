/*
 * app.h - the interactive application: tabs of panes, modal views, the
 * prompt, help and status, on one event loop.
 *
 * One tab per Copper entity, each a list view and a detail view; modal
 * views (the edit form, the board) cover the panes while open. Every view
 * comes from the registry (ui/views/views.h). The loop runs on the main
 * thread, the only one that touches curses: it drains the keyboard, hands
 * fetch results to the views that asked, delivers the events views post,
 * draws what is dirty as one frame (term_frame), then sleeps in poll() on the
 * keyboard, the fetcher's descriptor, the signal pipe and the next timer.
 */
#ifndef PATINA_APP_H
#define PATINA_APP_H

#include "config/settings.h"
#include "copper/entity.h"

#include <stdint.h>

/* Runs the interactive UI until the user quits or a signal ends it.
 * open_id != 0 opens on that record of open_entity (its tab, the record
 * fetched into the detail pane). Returns the exit code. */
int app_run(const struct settings *s, enum entity open_entity, int64_t open_id);

#endif
