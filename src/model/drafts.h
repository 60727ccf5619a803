/*
 * drafts.h - unsaved edits on disk, so that nothing typed is lost.
 *
 * One file per record being edited, $XDG_STATE_HOME/patina/drafts/
 * <entity>-<id>.json (<entity>-new.json for a create), rewritten as the
 * user types: written to a temporary file and renamed, so a crash, a
 * SIGHUP or a lost SSH session leaves the last complete state. Private to
 * the user (directory 0700, files 0600). Drafts hold field values and the
 * record as loaded, never credentials.
 */
#ifndef PATINA_DRAFTS_H
#define PATINA_DRAFTS_H

#include "copper/api.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* The directory (caller frees). */
char *drafts_dir(void);
/* Writes (replaces) the draft of a record; id 0 is a create. */
bool drafts_write(enum entity e, int64_t id, const cJSON *draft);
void drafts_remove(enum entity e, int64_t id);
/* Every draft on disk, oldest first, as parsed JSON (caller frees the
 * array and each item). Unreadable files are skipped. */
size_t drafts_list(cJSON ***out);

#endif
