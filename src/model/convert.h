/*
 * convert.h - converting a lead (leads/convert-a-lead.txt): the form of
 * what Copper will create, the details of the one
 * POST /leads/{id}/convert, and the protocol that sends it once.
 *
 * The form is an edit form (model/edit.h: typing, choices, a pipeline's
 * stages, drafts) of these fields, prefilled from the lead:
 *   the person      its name (required), contact type and owner; its
 *                   email and phones shown as the lead has them (Copper
 *                   copies them; the endpoint takes no others)
 *   the company     an existing one, picked by search (company_id), or a
 *                   name (company_name: Copper uses the company of exactly
 *                   that name, else makes one); neither: no company
 *   an opportunity  if asked for (yes/no): its name, pipeline, stage,
 *                   value; its close date, which the endpoint does not
 *                   take, is set by one PUT of the new opportunity after
 *
 * The protocol sends the POST once, never again by itself. An answer that
 * was lost (the lead may or may not be converted) is checked by searching
 * for the lead, converted ones included: converted, it names the person
 * and opportunity made; not converted, nothing was made; not found at
 * all, Copper removed it, as it does converted leads. Only then is
 * anything said. The close date goes through the one save protocol
 * (model/save.h), so its lost answer is read again too.
 */
#ifndef PATINA_CONVERT_H
#define PATINA_CONVERT_H

#include "copper/api.h"
#include "copper/lookups.h"
#include "model/edit.h"
#include "model/save.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* The form over lead (its "id" the form's id). Never NULL. */
struct edit_form *convert_form_new(const cJSON *lead, struct lookups *lookups);
/* The same from a draft of it (edit_draft); NULL and *error if unusable. */
struct edit_form *convert_form_from_draft(const cJSON *draft, struct lookups *lookups,
					  char **error);
/* The "details" to send (caller frees), or NULL and *error (caller
 * frees) naming what is missing or contradictory: a person's name; an
 * opportunity's name when one is asked for; an existing company and a
 * new name both given. *close_date (caller frees): the close date to set
 * on the new opportunity ("MM/DD/YYYY"), or NULL. */
cJSON *convert_details(const struct edit_form *f, char **close_date, char **error);
/* Whether the lead record says it was converted already. */
bool convert_lead_converted(const cJSON *lead);

enum convert_state {
	CONVERT_IDLE,
	CONVERT_SENDING,    /* the POST is out */
	CONVERT_VERIFYING,  /* its answer was lost: searching for the lead */
	CONVERT_CLOSING,    /* converted; the close date's PUT (or its check) is out */
	CONVERT_DONE,       /* converted (answered, or found converted) */
	CONVERT_GONE,       /* the answer was lost and the lead is no more: Copper
			     * removed it, as it does converted leads */
	CONVERT_REFUSED,    /* Copper said no (400/404/422): message says why */
	CONVERT_FAILED,     /* not converted: message says why */
	CONVERT_UNKNOWN     /* the answer was lost and the lead could not be searched */
};

struct convert {
	enum convert_state state;
	int64_t lead_id;
	cJSON *details;          /* what was sent (owned) */
	char *close_date;        /* to set after, or NULL (owned) */
	cJSON *person;           /* the answer's records (owned; NULL when learned by */
	cJSON *company;          /* searching for the lead, or none made) */
	cJSON *opportunity;
	int64_t person_id, opportunity_id;
	bool after_lost_answer;  /* DONE or FAILED: learned by searching */
	enum api_error_kind error;
	char *message;           /* REFUSED, FAILED, UNKNOWN: why, without a verdict */
	char *close_message;     /* DONE: why the close date was not set, or NULL */
	bool close_set;          /* DONE: the close date is the opportunity's */
	struct save close;       /* the close date's save */
	struct edit_form *close_form;
	struct lookups *lookups;
};

/* Starts converting lead_id with details (copied); close_date (copied)
 * may be NULL. Returns the POST to send. */
struct api_request *convert_begin(struct convert *c, int64_t lead_id, const cJSON *details,
				  const char *close_date, struct lookups *lookups);
/* The answer to the request convert_* returned last; the next request,
 * or NULL when the state is final. */
struct api_request *convert_answer(struct convert *c, const struct api_result *r);
/* A conversion sent earlier (by a session that ended before its answer)
 * whose fate is not known: the state is CONVERT_UNKNOWN, for
 * convert_recheck; details and close_date (copied, may be NULL) are what
 * was sent. */
void convert_resume(struct convert *c, int64_t lead_id, const cJSON *details,
		    const char *close_date, struct lookups *lookups);
/* After CONVERT_UNKNOWN: searches for the lead again (never sends again). */
struct api_request *convert_recheck(struct convert *c);
bool convert_busy(const struct convert *c);
void convert_clear(struct convert *c);

#endif
