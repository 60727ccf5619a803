/*
 * text.h - sanitized text laid out in terminal columns: wrapped at spaces.
 *
 * The one word wrapper of patina: the detail layout (model/detail.h) and
 * through it the detail pane and `patina show` break values with it, so a
 * record reads the same on the screen and on the command line.
 *
 * Widths are terminal columns as sanitize.h counts them (text_width,
 * text_fit). A line breaks at the last space that fits; a word wider than
 * the width is cut, at a character boundary, never inside a UTF-8
 * sequence; every line holds at least one character, so wrapping always
 * ends. The text is expected to be one sanitized line: a '\n' in it is no
 * line break here (markdown.h lays out text that has paragraphs).
 */
#ifndef PATINA_TEXT_H
#define PATINA_TEXT_H

#include <stddef.h>

/*
 * The first line of text wrapped to width columns (less than 1 counts as
 * 1): returns its length in bytes, and in *next where the line after it
 * starts (the spaces after the break skipped). text[*next] == '\0' when it
 * was the last line. A line keeps the spaces inside it (and those before
 * the break, where there were several), and a text with nothing in it is
 * one empty line.
 */
size_t text_wrap_next(const char *text, int width, size_t *next);

/* The whole text wrapped to width: at least one line, each a copy.
 * *count receives their number; free with text_lines_free(). */
char **text_wrap(const char *text, int width, size_t *count);
void text_lines_free(char **lines, size_t count);

#endif
