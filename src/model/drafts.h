/*
 * drafts.h - unsaved edits on disk, so that nothing typed is lost.
 *
 * One file per record being edited, $XDG_STATE_HOME/patina/drafts/
 * <entity>-<id>.json (<entity>-new.json for a create; <entity>-<id>-
 * convert.json for a lead's conversion), and per activity
 * being logged on a record (activity-<entity>-<id>.json) or edited
 * (activity-<activity id>.json), rewritten as the
 * user types: written to a temporary file and renamed, so a crash, a
 * SIGHUP or a lost SSH session leaves the last complete state. Private to
 * the user (directory 0700, files 0600). Drafts hold field values and the
 * record as loaded, never credentials.
 *
 * A state or drafts directory someone else could write (another owner,
 * group or world write, a link to such a directory) is not used: drafts
 * read from it could have been planted, and drafts written there read.
 * Only regular files are read, never through a link.
 */
#ifndef PATINA_DRAFTS_H
#define PATINA_DRAFTS_H

#include "copper/api.h"

#include "util/writer.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* The directory (caller frees). */
char *drafts_dir(void);
/* Why drafts are not kept (a message naming the directory and the fix),
 * or NULL when they are. Caller frees. */
char *drafts_problem(void);
/* Writes (replaces) the draft of a record through w (NULL: at once); id 0
 * is a create. False if the draft cannot be serialized or drafts are not
 * kept (drafts_problem); a disk failure is the writer's to report
 * (writer_take_error). */
bool drafts_write(struct writer *w, enum entity e, int64_t id, const cJSON *draft);
/* Removes it, after the writes asked for before. */
void drafts_remove(struct writer *w, enum entity e, int64_t id);
/* The same for an activity (model/activity.h): logged on the record
 * (parent, parent_id) when activity_id is 0, else that activity edited.
 * Its JSON says "kind": "activity", for whoever restores drafts. */
bool drafts_write_activity(struct writer *w, enum entity parent, int64_t parent_id,
			   int64_t activity_id, const cJSON *draft);
void drafts_remove_activity(struct writer *w, enum entity parent, int64_t parent_id,
			    int64_t activity_id);
/* The same for a draft of another purpose than editing the record (NULL:
 * editing): "convert", the conversion of a lead, kept in a file of its
 * own (<entity>-<id>-convert.json) beside an edit of the same lead. Any
 * other purpose is refused (false; nothing removed): it names a file. */
bool drafts_write_for(struct writer *w, enum entity e, int64_t id, const char *purpose,
		      const cJSON *draft);
void drafts_remove_for(struct writer *w, enum entity e, int64_t id, const char *purpose);
/* Every draft on disk, oldest first, as parsed JSON (caller frees the
 * array and each item). Unreadable files are skipped; none when drafts are
 * not kept. */
size_t drafts_list(cJSON ***out);

#endif
