/*
 * editor.h - long text typed outside the one-line prompt: in $EDITOR, or
 * in the prompt with its line breaks written as "\n".
 *
 * The edit form and the activity form share these, so a description and
 * an activity's details are typed the same way.
 */
#ifndef PATINA_EDITOR_H
#define PATINA_EDITOR_H

#include "ui/term.h"

/*
 * Hands the terminal to $VISUAL, else $EDITOR, else vi, on a private
 * temporary file (*.md) holding text, and takes it back. Returns what the
 * editor left (caller frees), without the final newline editors add; NULL
 * when nothing may change (the file could not be written or read back
 * whole, or the editor failed), with why in *error (caller frees): then
 * what the user had stays as it was.
 */
char *editor_edit(struct term *t, const char *text, char **error);

/* Long text in the one-line prompt: a line break shown as \n and a
 * backslash as \\, so that nothing is lost on the way back. Caller frees. */
char *editor_escape_lines(const char *text);
/* And back: "\n" to a line break, "\\" to a backslash. Caller frees. */
char *editor_unescape_lines(const char *text);

#endif
