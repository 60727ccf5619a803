/*
 * related.h - related items (supplement/README.md): which records may be
 * related, the limits Copper enforces, a record's relations as
 * GET /{entity}/{id}/related lists them, and the one protocol that changes
 * a relation.
 *
 * Pure (no I/O): the detail pane and the link picker use it, and the
 * tests check every rule and every answer without a network.
 *
 * The rules, checked before anything is sent, so that a refusal is a
 * clear sentence instead of the server's 422:
 *   - the pairs of the table (a lead relates only to tasks...);
 *   - a person has at most 1 company: relating it to another is a move
 *     (the old relation removed, then the new one added, as the people
 *     reference says), never a PUT of company_id;
 *   - a task has at most 1 related record;
 *   - an opportunity keeps its primary contact (Copper refuses to remove
 *     it: another contact is chosen in the edit form instead).
 *
 * The protocol sends each change once. An answer that was lost (a
 * dropped connection, a timeout, a 5xx: the change may or may not have
 * been made) is never answered by sending again: the record's relations
 * are read again and the outcome is what Copper holds. A move is two
 * steps, each checked so; when the second fails the person is left
 * without a company, and the message says so.
 */
#ifndef PATINA_RELATED_H
#define PATINA_RELATED_H

#include "copper/api.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether records of a and b may be related (in either direction). */
bool related_allowed(enum entity a, enum entity b);
/* The kinds a record of e may be related to, in the order of the
 * entity table; returns how many (out has room for ENT_COUNT). */
size_t related_targets(enum entity e, enum entity out[ENT_COUNT]);
/* "companies, opportunities, tasks or projects" for e (caller frees). */
char *related_targets_text(enum entity e);

struct related_item {
	enum entity entity;
	int64_t id;
};

/* A record's relations: sorted by kind (the entity table's order), then
 * by id; no duplicates. */
struct related_list {
	struct related_item *items;
	size_t count;
	size_t per_entity[ENT_COUNT];
};

/* Reads the answer of GET .../related. Entries of an unknown type or
 * without a whole positive id are skipped and counted in *skipped (may be
 * NULL); false (and an empty list) if the answer is not a list at all. */
bool related_parse(const cJSON *answer, struct related_list *out, size_t *skipped);
void related_list_free(struct related_list *l);
bool related_has(const struct related_list *l, enum entity e, int64_t id);
/* Takes (e, id) out of the list; false if it was not in it. */
bool related_remove(struct related_list *l, enum entity e, int64_t id);
/* The first related record of kind e, or 0. */
int64_t related_first(const struct related_list *l, enum entity e);

enum related_verdict {
	RELATED_OK,       /* may be related: one POST */
	RELATED_ALREADY,  /* they are related: nothing to send */
	RELATED_MOVE,     /* the person has another company: a move, if the user wants it */
	RELATED_REFUSED   /* not allowed: *why says so and what to do instead */
};

/* Whether the record (e, id) may be related to (other, other_id) now.
 * list: e's relations as read (NULL: unknown); other_record: the other
 * record as a search returned it (its company_id, its related_resource),
 * may be NULL. For RELATED_MOVE, *person and *old_company name the
 * person and the company it would leave. For RELATED_REFUSED and
 * RELATED_ALREADY, *why (caller frees) says why. */
enum related_verdict related_check_link(enum entity e, int64_t id, const cJSON *record,
					const struct related_list *list, enum entity other,
					int64_t other_id, const cJSON *other_record,
					int64_t *person, int64_t *old_company, char **why);
/* Why (caller frees) the relation between (e, record) and (other,
 * other_id, other_record) may not be removed, or NULL when it may. Either
 * record may be NULL (not known here: the server then decides). */
char *related_check_unlink(enum entity e, const cJSON *record, enum entity other,
			   int64_t other_id, const cJSON *other_record);

/* ---- the protocol ---------------------------------------------------- */

enum relate_op { RELATE_LINK, RELATE_UNLINK, RELATE_MOVE };

enum relate_state {
	RELATE_IDLE,
	RELATE_SENDING,    /* a POST or DELETE .../related is out */
	RELATE_VERIFYING,  /* its answer was lost: reading the relations again */
	RELATE_DONE,       /* Copper has it so (answered, or read again) */
	RELATE_REFUSED,    /* Copper said no (400/403/404/422): message says why */
	RELATE_FAILED,     /* not done: message says why */
	RELATE_UNKNOWN     /* the answer was lost and the relations could not be read */
};

struct relate_step {
	bool link;         /* POST; else DELETE */
	enum entity entity;
	int64_t id;
	enum entity other;
	int64_t other_id;
};

struct relate {
	enum relate_state state;
	enum relate_op op;
	struct relate_step steps[2];
	size_t nsteps, step;   /* step: the one under way (or that ended it) */
	bool after_lost_answer;/* DONE or FAILED: learned by reading again */
	enum api_error_kind error;
	char *message;         /* REFUSED, FAILED, UNKNOWN: why, without a verdict
				* (sanitized, owned) */
};

/* Starts a link or an unlink of (e, id) and (other, other_id). Returns the
 * request to send. */
struct api_request *relate_begin(struct relate *r, enum relate_op op, enum entity e, int64_t id,
				 enum entity other, int64_t other_id);
/* Starts moving person to new_company from old_company: the DELETE of
 * the old relation, then the POST of the new one. */
struct api_request *relate_begin_move(struct relate *r, int64_t person, int64_t old_company,
				      int64_t new_company);
/* The answer to the request relate_* returned last; the next request, or
 * NULL when the state is final. */
struct api_request *relate_answer(struct relate *r, const struct api_result *res);
/* After RELATE_UNKNOWN: reads the relations again (never sends again). */
struct api_request *relate_recheck(struct relate *r);
bool relate_busy(const struct relate *r);
/* For a move: whether the old relation is gone (the first step done). */
bool relate_moved_out(const struct relate *r);
void relate_clear(struct relate *r);

#endif
