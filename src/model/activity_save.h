/*
 * activity_save.h - the one protocol for writing an activity: logging one
 * (POST /activities), changing one's details and date (PUT
 * /activities/{id}) and deleting one (DELETE /activities/{id}). The
 * activity form, the timeline and `patina log` all write through it.
 *
 * It has save.h's shape: a pure state machine that says which request to
 * send next and reads the answers, the caller sending them and talking to
 * the user. What it guarantees:
 *
 *   - A write is sent once (its request is never retried, and goes on a
 *     fresh connection).
 *   - "Logged", "Saved", "Deleted" (ASAVE_DONE) only from the server's
 *     answer, or from looking and finding it so.
 *   - An answer that was lost (the write may or may not have been carried
 *     out: api_error_maybe_done) is never answered by sending again: the
 *     record's activities around that date are searched (POST
 *     /activities/search with the parent, the type and a window of dates),
 *     and the outcome is what Copper holds: a create found (the same type,
 *     details and author, made since just before it was sent) is done,
 *     none is not logged; an update is done if the activity holds what was
 *     sent, not saved if it still holds its old values; a delete is done if
 *     the activity is gone. When the search cannot tell (it failed, or it
 *     is full), the outcome is ASAVE_UNKNOWN and activity_save_recheck
 *     searches again - it never sends the write again.
 */
#ifndef PATINA_ACTIVITY_SAVE_H
#define PATINA_ACTIVITY_SAVE_H

#include "copper/api.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

enum activity_write { ACTIVITY_CREATE, ACTIVITY_UPDATE, ACTIVITY_DELETE };

enum activity_save_state {
	ASAVE_IDLE,
	ASAVE_SENDING,    /* the write is out */
	ASAVE_VERIFYING,  /* its answer was lost: searching for what happened */
	ASAVE_DONE,       /* the server has it (activity: its copy; NULL for a delete) */
	ASAVE_REFUSED,    /* the server refused it (400/422): nothing changed */
	ASAVE_FAILED,     /* not done (message says why; error NOT_FOUND: the
			   * activity is not there any more) */
	ASAVE_UNKNOWN     /* the answer was lost and the search could not tell */
};

struct activity_save {
	enum activity_save_state state;
	enum activity_write op;
	enum entity parent;
	int64_t parent_id;
	struct activity_type_ref type;
	int64_t id;               /* the activity's; a create's once known */
	int64_t date;             /* the date sent (a create, an update), else the activity's */
	int64_t old_date;         /* an update's, a delete's: the activity's date before */
	cJSON *before;            /* an update's, a delete's: the activity as it was (owned) */
	cJSON *body;              /* a create's, an update's: what was sent (owned) */
	cJSON *activity;          /* DONE: the server's copy (owned; NULL for a delete) */
	char *message;            /* FAILED, REFUSED, UNKNOWN: why, without a verdict,
				   * sanitized (owned) */
	char *lost;               /* why the answer was lost (owned) */
	enum api_error_kind error;/* the failure that led here */
	bool after_lost_answer;   /* DONE or FAILED: learned by searching */
	bool nothing_sent;        /* DONE: an update that changes nothing */
	int64_t me;               /* the author a lost create is looked for by (0: any) */
	int64_t started;          /* Unix time the create went out */
};

/* Logs an activity of user type type_id on the record, dated when (Unix
 * seconds), by me (0 if not known yet). now: Unix time. Returns the POST. */
struct api_request *activity_save_create(struct activity_save *s, enum entity parent,
					 int64_t parent_id, int64_t type_id, const char *details,
					 int64_t when, int64_t me, int64_t now);
/* Changes an activity (as read: copied) of the record to details and
 * when: the PUT holds only what differs. NULL with ASAVE_DONE and
 * nothing_sent when nothing does; NULL with ASAVE_FAILED when the
 * activity has no id. */
struct api_request *activity_save_update(struct activity_save *s, enum entity parent,
					 int64_t parent_id, const cJSON *activity,
					 const char *details, int64_t when);
/* Deletes an activity (as read: copied) of the record. */
struct api_request *activity_save_delete(struct activity_save *s, enum entity parent,
					 int64_t parent_id, const cJSON *activity);
/* The answer to the request returned last; returns the next request to
 * send, or NULL when the state is final. */
struct api_request *activity_save_answer(struct activity_save *s, const struct api_result *r);
/* After ASAVE_UNKNOWN: the search again (never the write). */
struct api_request *activity_save_recheck(struct activity_save *s);
bool activity_save_busy(const struct activity_save *s);
/* Frees what the machine holds and returns to ASAVE_IDLE. */
void activity_save_clear(struct activity_save *s);

#endif
