/*
 * save.h - the one protocol for saving a record: the edit form, the
 * pipeline board and `patina set` all save through it.
 *
 * A pure state machine: it says which request to send next and reads the
 * answers; the caller sends them (the fetch thread, or a one-shot session)
 * and talks to the user. What it guarantees:
 *
 *   - Nobody's change is overwritten unseen. Unless the record was read
 *     just now (fresh), it is re-read first; a field the user changed that
 *     the server changed too since the form's base is a conflict, left to
 *     the user (SAVE_CONFLICT) and never sent; the server's changes to
 *     other fields are kept (the base moves to the server's record, and the
 *     PUT holds only what is still the user's).
 *   - "Saved" means the server has it: SAVE_DONE only from the server's
 *     answer to the PUT, or from re-reading the record and finding the
 *     user's values there.
 *   - An answer that was lost (a dropped connection, a timeout, a 5xx or a
 *     garbled answer: the request may or may not have been carried out) is
 *     never answered by sending again: the record is re-read (a create is
 *     looked for by its name and time), and the outcome is what the server
 *     holds: done, not saved (its values are still the old ones), or
 *     changed by someone else (a conflict). If even that re-read fails,
 *     the outcome is SAVE_UNKNOWN, and save_recheck reads again.
 *   - Updates and creates are sent once: the request says so (no automatic
 *     retry), and a create goes on a fresh connection.
 *
 * The form it saves belongs to the caller; the machine moves its base to
 * the server's record when it learns it (edit_rebase), so the caller's
 * form always shows what is true.
 */
#ifndef PATINA_SAVE_H
#define PATINA_SAVE_H

#include "copper/api.h"
#include "model/edit.h"

#include <stdbool.h>
#include <stdint.h>

enum save_state {
	SAVE_IDLE,
	SAVE_CHECKING,   /* re-reading the record before the PUT */
	SAVE_SENDING,    /* the PUT or POST is out */
	SAVE_VERIFYING,  /* its answer was lost: re-reading to learn what happened */
	SAVE_CONFLICT,   /* changed on both sides: the user chooses (save_resolve) */
	SAVE_DONE,       /* the server has the user's values (record: its copy) */
	SAVE_REFUSED,    /* the server refused the values (400/422): nothing changed;
			  * the form's field carries the server's message */
	SAVE_FAILED,     /* not saved (message says why); the changes are kept */
	SAVE_UNKNOWN     /* the answer was lost and the record could not be re-read */
};

struct save {
	enum save_state state;
	enum entity entity;
	int64_t id;                /* 0: a create (until it is made) */
	struct edit_form *form;    /* the caller's */
	cJSON *body;               /* what was last sent (owned) */
	cJSON *record;             /* DONE: the server's record; CONFLICT: the
				    * server's record the conflicts are with (owned) */
	size_t *conflicts;         /* CONFLICT: field indexes (owned) */
	size_t nconflicts;
	char *message;             /* FAILED, REFUSED, UNKNOWN: why, without a
				    * verdict ("the record still has its old
				    * values; ..."), for the caller to put after
				    * its own "Not saved: " (sanitized, owned) */
	enum api_error_kind error; /* the failure that led here */
	bool nothing_sent;         /* DONE: the server already had the values */
	bool after_lost_answer;    /* DONE or FAILED: learned by re-reading */
	int64_t started;           /* Unix time the create went out */
};

/* Starts saving form (id: the record's, 0 to create it; fresh: the form's
 * base was read from the server just now, no need to re-read it first).
 * Returns the first request to send, or NULL when there is nothing to send
 * (state DONE with nothing_sent, or FAILED: a create missing a required
 * field, message says which). now: Unix time. */
struct api_request *save_begin(struct save *s, enum entity e, int64_t id,
			       struct edit_form *form, bool fresh, int64_t now);
/* Starts saving form against the record as the caller has just read it
 * (server: many records read at once by one search by ids, model/batch.h):
 * as save_begin's re-read would, a field the user changed that the server
 * changed since the form's base is a conflict (SAVE_CONFLICT, nothing
 * sent), a change the server already holds is none (SAVE_DONE with
 * nothing_sent), and the rest goes in one partial PUT, returned. An
 * update only (id > 0). */
struct api_request *save_begin_read(struct save *s, enum entity e, int64_t id,
				    struct edit_form *form, const cJSON *server);
/* The answer to the request save_* returned last. Returns the next request
 * to send, or NULL when the state is final or SAVE_CONFLICT. */
struct api_request *save_answer(struct save *s, const struct api_result *r);
/* After SAVE_CONFLICT: take_theirs[k] for each conflict drops the user's
 * change (NULL: keep all of the user's). The form's base becomes the
 * server's record; the state goes back to SAVE_IDLE, for the caller to
 * show what will now be sent and save_begin again (the record is re-read
 * then, in case it changed once more). */
void save_resolve(struct save *s, const bool *take_theirs);
/* After SAVE_UNKNOWN: the request that reads the record again. */
struct api_request *save_recheck(struct save *s);
/* True while a request is out. */
bool save_busy(const struct save *s);
/* Frees what the machine holds (not the form) and returns to SAVE_IDLE. */
void save_clear(struct save *s);

#endif
