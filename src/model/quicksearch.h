/*
 * quicksearch.h - what a few typed characters can be searched for on the
 * server: a name, an email, a phone number, as the API allows for each
 * entity (the list's / and the finder while the mirror is incomplete).
 *
 *   an email ("jo@acme.example")  people: POST /people/fetch_by_email;
 *                                 leads: the emails filter; companies: the
 *                                 email_domains filter with its domain
 *   a phone ("555-23", "(305) 555") people, companies, leads: phone_number
 *   anything else                 name (not tasks: the reference has no
 *                                 name filter for them; the mirror does)
 */
#ifndef PATINA_QUICKSEARCH_H
#define PATINA_QUICKSEARCH_H

#include "copper/entity.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

enum quick_kind { QUICK_NAME, QUICK_EMAIL, QUICK_PHONE };

/* What text looks like: an email (one word with an '@'), a phone number
 * (digits and phone punctuation, three digits at least), else a name. */
enum quick_kind quick_kind_of(const char *text);

enum quick_way {
	QUICK_SEARCH,        /* POST /{entity}/search with the criteria */
	QUICK_BY_EMAIL,      /* POST /people/fetch_by_email */
	QUICK_UNSEARCHABLE   /* the API cannot (tasks by name) */
};

/* How entity e is searched for text; for QUICK_SEARCH, the criteria to
 * add to a search body in *criteria (caller frees). */
enum quick_way quick_search(enum entity e, const char *text, cJSON **criteria);

#endif
