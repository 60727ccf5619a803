/*
 * delete.h - deleting a record: the question that names it, and the one
 * protocol that sends the DELETE once.
 *
 * Copper has no undo and no undelete (supplement/README.md), so the
 * question says so, names the record, and for a company that people or
 * opportunities belong to asks for "yes" typed out, saying how many
 * would lose it.
 *
 * The protocol sends one DELETE /{entity}/{id}. A 404 means the record
 * was gone already (deleted elsewhere): the lists follow all the same.
 * An answer that was lost (the DELETE may or may not have happened) is
 * never answered by sending again: the record is read; a 404 then means
 * it was deleted, the record itself that it was not.
 */
#ifndef PATINA_DELETE_H
#define PATINA_DELETE_H

#include "copper/api.h"
#include "model/related.h"

#include <stdbool.h>
#include <stdint.h>

/* The question before deleting (e, id) named name (may be NULL; shown
 * sanitized). related: its relations when known (NULL: not known), for a
 * company the people and opportunities it has. *typed: the answer must be
 * "yes" typed out (a company with people or opportunities, or one whose
 * relations could not be read); else one key, y. Caller frees. */
char *delete_question(enum entity e, int64_t id, const char *name,
		      const struct related_list *related, bool *typed);
/* "Person 'Jim Halpert' #7" (name sanitized; without quotes when NULL).
 * Caller frees. */
char *delete_record_label(enum entity e, int64_t id, const char *name);

enum delete_state {
	DELETE_IDLE,
	DELETE_SENDING,    /* the DELETE is out */
	DELETE_VERIFYING,  /* its answer was lost: reading the record */
	DELETE_DONE,       /* Copper said so, or the record, read again, is gone */
	DELETE_GONE,       /* 404: it was deleted already (elsewhere) */
	DELETE_FAILED,     /* not deleted: message says why */
	DELETE_UNKNOWN     /* the answer was lost and the record could not be read */
};

struct deletion {
	enum delete_state state;
	enum entity entity;
	int64_t id;
	char *label;            /* delete_record_label (owned) */
	bool after_lost_answer; /* DONE or FAILED: learned by reading */
	enum api_error_kind error;
	char *message;          /* FAILED, UNKNOWN: why, without a verdict (owned) */
};

/* Starts deleting (e, id); name as for delete_question. Returns the
 * DELETE to send. */
struct api_request *delete_begin(struct deletion *d, enum entity e, int64_t id, const char *name);
/* The answer to the request delete_* returned last; the next request,
 * or NULL when the state is final. */
struct api_request *delete_answer(struct deletion *d, const struct api_result *r);
/* After DELETE_UNKNOWN: reads the record again (never sends again). */
struct api_request *delete_recheck(struct deletion *d);
bool delete_busy(const struct deletion *d);
/* Whether the record is gone from Copper now (DONE or GONE). */
bool delete_gone(const struct deletion *d);
void delete_clear(struct deletion *d);

#endif
