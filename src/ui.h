/*
 * ui.h - the interactive terminal interface.
 *
 * Runs on the calling thread, which is the only one that touches curses.
 * Network work goes through the fetcher; the loop sleeps in poll() on the
 * keyboard and the fetcher's descriptor, so an idle patina uses no CPU.
 */
#ifndef PATINA_UI_H
#define PATINA_UI_H

#include "settings.h"

/* Returns the process exit code. */
int ui_run(const struct settings *s);

#endif
