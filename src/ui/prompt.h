/*
 * prompt.h - the one-line editor on the status line: search as you type,
 * filters, field values, questions.
 *
 * Pure state and keys (no curses: the chrome draws it), so it is tested
 * without a terminal. Keys are config/keymap.h codes. Editing keys follow
 * readline: C-a C-e to the ends, C-b C-f and the arrows to move, C-u C-k
 * C-w to delete to the start, to the end, a word back; Tab completes
 * (cycling through the candidates, listed on the status line); Enter
 * submits, Esc and C-g cancel, Backspace on an empty line cancels.
 *
 * A question (prompt_ops.answer_keys) takes one key as its answer.
 */
#ifndef PATINA_PROMPT_H
#define PATINA_PROMPT_H

#include "ui/status.h"
#include "util/util.h"

#include <stdbool.h>
#include <stddef.h>

/* The prompt's callbacks. Any may be NULL. The prompt is already closed
 * when submit or cancel runs, so they may open another. */
struct prompt_ops {
	/* the text changed (search as you type) */
	void (*changed)(void *ctx, const char *text);
	void (*submit)(void *ctx, const char *text);
	void (*cancel)(void *ctx);
	/* candidates for completing the term at cursor: fills *out (malloc'd
	 * array of malloc'd strings) and the byte range [start, end) they
	 * replace; returns the count */
	size_t (*complete)(void *ctx, const char *text, size_t cursor, char ***out,
			   size_t *start, size_t *end);
	/* a question: these characters answer at once (submit gets the
	 * character as the text), e.g. "yn"; Esc still cancels */
	const char *answer_keys;
	/* a paste of several lines (sanitized, '\n' between lines) as the
	 * text to insert, for a prompt that keeps lines its own way (caller
	 * frees); NULL: the lines are joined with spaces, and the user told */
	char *(*paste_lines)(void *ctx, const char *text);
	/* a secret (a token): what is typed is never shown, and wiped */
	bool secret;
	/* a key that is not text (a control or special key, Esc and Enter
	 * aside), offered first: true when ctx took it (the finder moves
	 * through its results with them) */
	bool (*key)(void *ctx, int key);
};

struct prompt {
	bool active;
	char *label;
	struct strbuf text;
	size_t cursor;                 /* byte offset into text */
	const struct prompt_ops *ops;
	void *ctx;
	char **candidates;             /* completion cycling */
	size_t ncandidates, candidate;
	size_t cand_start, cand_end;
	bool listed;                   /* the candidates are on the status line */
	struct status *status;         /* where messages go */
	bool dirty;                    /* changed since drawn */
};

void prompt_init(struct prompt *p, struct status *status);
/* Opens the prompt (closing one that was open, without its cancel). */
void prompt_open(struct prompt *p, const char *label, const char *initial,
		 const struct prompt_ops *ops, void *ctx);
/* Closes without calling anything. */
void prompt_close(struct prompt *p);
/* One key (a character or a KEYC_* code). */
void prompt_key(struct prompt *p, int key);
/* Inserts text at the cursor as typed, however it arrived. */
void prompt_insert(struct prompt *p, const char *text);
/* A paste (bracketed by the terminal): inserted at the cursor as text,
 * never run as keys; control characters dropped. Several lines are joined
 * with spaces (the status line says so) unless ops->paste_lines keeps
 * them; a question takes no paste. */
void prompt_paste(struct prompt *p, const char *text);
/* The text, never NULL. */
const char *prompt_text(const struct prompt *p);
/* Closes the prompt if ctx owns it (a view going away). */
void prompt_forget(struct prompt *p, const void *ctx);

#endif
