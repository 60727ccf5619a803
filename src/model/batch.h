/*
 * batch.h - one change saved on many records, paced, and undone: the
 * pipeline board's actions, a list's bulk changes and tag changes, the
 * Today view's one-key actions.
 *
 * A pure state machine over the one save protocol (model/save.h): it says
 * which requests to send and reads their answers; the caller sends them
 * and talks to the user. Every record has a save of its own, so what
 * save.h promises holds for each: nobody's change is overwritten unseen,
 * "done" only from the server, a lost answer re-read and never sent again.
 * What a batch adds:
 *
 *   - Records are read just before their PUTs, many at once: up to
 *     BATCH_READ_CHUNK by one search by ids (a chunk of one is a GET).
 *     A hundred records cost 2 searches and 100 PUTs, never a GET each.
 *   - Two kinds of record. A held one (the caller shows it: a card, a
 *     Today row) with only absolute changes: its form is built on what the
 *     user saw, the changes are checked before anything is sent, and the
 *     fresh copy is held against it (save_begin_read): a field the server
 *     changed meanwhile is a conflict, the record fails, theirs stays.
 *     Any other (not held: a selection across pages, every match of a
 *     filter; or a relative change, a list's "+= a" or "-= b"): the changes
 *     apply to the fresh copy, so a tag added goes to the tags the record
 *     has now and a colleague's new tag is kept. "-= b" removes b where it
 *     is (EDIT_LIST_DISCARD): a record without it is unchanged.
 *   - Pacing: at most BATCH_WINDOW records are being saved at once, and a
 *     chunk is read only when the records read are nearly all saved, so the
 *     caller's other requests go between and the fetch thread's budget
 *     paces the whole.
 *   - Undo (batch_undo): per record, the opposite of what its PUT sent,
 *     held on the server's record after the change, so a record changed
 *     again since is a conflict, not overwritten.
 *
 * Tags: every request a batch makes carries a tag below BATCH_TAG_LIMIT,
 * for the caller to add its own bits above.
 */
#ifndef PATINA_BATCH_H
#define PATINA_BATCH_H

#include "copper/api.h"
#include "copper/lookups.h"
#include "model/edit.h"
#include "model/save.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BATCH_READ_CHUNK 50
#define BATCH_WINDOW 4
#define BATCH_TAG_LIMIT (1LL << 40)

enum batch_state {
	BATCH_QUEUED,    /* not read yet */
	BATCH_READING,
	BATCH_READY,     /* read, waiting for its turn */
	BATCH_SAVING,    /* its save is under way */
	BATCH_DONE,      /* the server has the change */
	BATCH_UNCHANGED, /* it had it already: nothing sent */
	BATCH_FAILED
};

/* One change: a field (a name edit_field_index takes, or a custom field by
 * its definition) and a value, as JSON (edit_set_json) or as typed
 * (edit_apply_text: "+= a, b" adds to a list, "-= c" removes). */
struct batch_change {
	char *field;
	int64_t cf_id;
	cJSON *json;
	char *text;
};

struct batch_op {
	enum entity entity;
	int64_t id;
	enum batch_state state;
	cJSON *held;          /* the record as the caller shows it, or NULL */
	cJSON *fresh;         /* READY: as just read */
	cJSON *before;        /* the record the change applied to (held, else as read) */
	cJSON *after;         /* DONE, UNCHANGED: the server's record; FAILED after
			       * a conflict: the server's, which stays */
	cJSON *sent;          /* DONE: what the PUT carried */
	struct batch_change *changes; /* its own (undo), else the batch's */
	size_t nchanges;
	struct edit_form *form;
	struct save save;
	struct api_request *pending; /* the save's next request, for batch_pump */
	char *why;            /* FAILED: the reason, without a verdict (sanitized) */
	bool conflict;        /* FAILED: changed on the server meanwhile */
};

struct batch {
	char *what;           /* "Set Owner", "Moved to Proposal" */
	struct lookups *lookups;
	struct batch_change *changes;
	size_t nchanges;
	struct batch_op *ops;
	size_t n;
	size_t done, unchanged, failed;
	size_t stopped;       /* of the failed: stopped before anything was sent */
	bool is_undo;
	bool reading;         /* a read is out */
	size_t next_read;     /* ops before it are read or being read */
	size_t open;          /* ops before it are settled */
	size_t *settled;      /* indexes of ops settled since batch_take_settled */
	size_t nsettled;
	/* the caller's, kept for it: the action, and what the user typed, so a
	 * failure can bring it back for another try (owned) */
	int act;
	char *typed;
};

/* An empty batch; what is copied. lookups: for the forms' choices. */
struct batch *batch_new(const char *what, struct lookups *lookups);
void batch_free(struct batch *b);

/* A change every record gets (values copied; text may be NULL for json). */
void batch_add_change(struct batch *b, const char *field, const cJSON *json, const char *text);
/* A record: held (copied) when the caller shows it, NULL to read it first.
 * Returns its op, valid until the next batch_add_record. */
struct batch_op *batch_add_record(struct batch *b, enum entity e, int64_t id, const cJSON *held);
/* A change of this record only (undo's old values); then the batch's
 * changes do not apply to it. */
void batch_op_add_change(struct batch_op *op, const char *field, int64_t cf_id, const cJSON *json);

/* Checks every change before anything is sent: on the held records (their
 * forms are built now), and on an empty record of each other entity. False
 * with *error (caller frees) naming what is refused; nothing changed. */
bool batch_validate(struct batch *b, int64_t now, char **error);
/* A held record as it will be once saved (caller frees), NULL when its
 * form changes nothing. After batch_validate. */
cJSON *batch_optimistic(const struct batch *b, size_t i);

/* The requests to send now (at most max; each is the caller's to send,
 * with its tag). Call after batch_validate and after every answer. */
size_t batch_pump(struct batch *b, int64_t now, struct api_request **out, int64_t *tags,
		  size_t max);
/* The answer to a request of the batch (its tag as batch_pump gave it). */
void batch_answer(struct batch *b, const struct api_result *r, int64_t tag, int64_t now);
/* The ops settled (DONE, UNCHANGED or FAILED) since the last call: fills
 * out with up to max indexes; returns how many. */
size_t batch_take_settled(struct batch *b, size_t *out, size_t max);
/* Every record is settled. */
bool batch_finished(const struct batch *b);
/* Stops the records not being saved yet: they settle as failed, "stopped
 * before it was sent" (a read out settles its records when it answers);
 * those whose PUT is out come to their end. Returns how many stopped. */
size_t batch_stop(struct batch *b);
/* Settled so far. */
size_t batch_settled_count(const struct batch *b);

/* The opposite of what the batch did, as a new batch ("Undid \"what\""),
 * or NULL when it changed nothing. Records changed since are conflicts. */
struct batch *batch_undo(const struct batch *b);

#endif
