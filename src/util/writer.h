/*
 * writer.h - files written off the calling thread.
 *
 * The UI thread must never wait on a disk: an fsync can take a second on a
 * busy disk. Writes go to one background thread, in the order they were
 * asked for; a newer write of a path replaces one still waiting for it.
 * Each write is atomic (temporary file, then rename; mode 0600), as
 * file_write_atomic, in a directory made private to the user if it was
 * missing (dir_make_private), and never in one someone else could write
 * (dir_check_private). A failure is kept for the caller to report
 * (writer_take_error), since the caller has moved on.
 *
 * A NULL writer writes at once, on the calling thread (the command line
 * and tests).
 */
#ifndef PATINA_WRITER_H
#define PATINA_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct writer;

/* NULL if the thread cannot start (then writes happen at once). */
struct writer *writer_start(void);
/* Writes everything still waiting, then stops the thread. */
void writer_stop(struct writer *w);

/* Replaces path with a copy of data. sync: fsync before the rename. */
void writer_write(struct writer *w, const char *path, const char *data, size_t len, bool sync);
/* Removes path (after the writes asked for before). */
void writer_remove(struct writer *w, const char *path);
/* Writes data (taken over) to path for the user, as an export: in any
 * directory the user can write (not only a private one), mode 0600, never
 * over a file already there unless replace (then atomically, through a
 * temporary file and a rename). Returns a ticket for writer_finished; a
 * NULL writer writes at once, returns 0, and *error (NULL when it worked)
 * says why it failed. */
uint64_t writer_export(struct writer *w, const char *path, char *data, size_t len, bool replace,
		       char **error);
/* The same, streamed: an export too large to hold in memory is written
 * part by part (data taken over) into a temporary file beside path, which
 * close publishes as writer_export would (fsync'd; over a file there only
 * when replace) and abort removes. The writer must be running (not NULL).
 * The ticket is answered once, for the close; a failure of the open or a
 * part is said then. */
uint64_t writer_export_open(struct writer *w, const char *path);
void writer_export_part(struct writer *w, uint64_t ticket, const char *path, char *data, size_t len);
void writer_export_close(struct writer *w, uint64_t ticket, const char *path, bool replace);
void writer_export_abort(struct writer *w, uint64_t ticket, const char *path);
/* Whether the export with this ticket is over; then *error is NULL if it
 * worked, else "path: reason" (caller frees). Each ticket is answered
 * once. */
bool writer_finished(struct writer *w, uint64_t ticket, char **error);
/* Waits until everything asked for so far is done. */
void writer_flush(struct writer *w);
/* The first failure since the last call ("path: reason", caller frees),
 * or NULL. */
char *writer_take_error(struct writer *w);

#endif
