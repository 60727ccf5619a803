/*
 * tag_edit.h - the prompt that adds and removes tags (T): in a list on its
 * selection (else the row), in the detail pane on its record.
 *
 * Typed as the edit model's list verbs: "+= vip, hot" adds, "-= cold"
 * removes, both in one line ("+= vip -= cold"); words alone add them, and
 * "= a, b" makes a, b the whole list. Tab completes from the account's
 * tags, most used first (GET /tags: one look-up, held, asked for again
 * only after patina changed tags). Saved as one batch (ui/views/bulk.h):
 * each record gets one PUT carrying its whole new list of tags, built on
 * the tags it has when it is read, so a colleague's new tag is kept; one
 * record's "-= typo" is refused, many records' removes it where it is.
 */
#ifndef PATINA_TAG_EDIT_H
#define PATINA_TAG_EDIT_H

#include "copper/lookups.h"
#include "ui/view.h"
#include "ui/views/bulk.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

struct tag_edit {
	struct view *view;
	struct bulk *bulk;
	enum entity entity;
	int64_t *ids;
	cJSON **held;         /* per record: as shown, or NULL */
	size_t n;
};

/* Opens the prompt for n records of entity e (held[i] may be NULL; held
 * may be NULL). Their ids and records are copied. */
void tag_edit_open(struct tag_edit *te, struct view *v, struct bulk *bk, enum entity e,
		   const int64_t *ids, const cJSON *const *held, size_t n);
/* Forgets the records (and closes the prompt if it is this one's). */
void tag_edit_clear(struct tag_edit *te);

/* What typed text asks, as the edit model's changes of a list field:
 * "+= a, b", "-= c", or "a, b" for the whole list. Fills *out (malloc'd
 * strings in a malloc'd array); returns the count, 0 for nothing. */
size_t tag_edit_parse(const char *text, char ***out);
/* The account's tags whose name starts with prefix (any case), most used
 * first, at most max; *out malloc'd (sanitized names). */
size_t tag_edit_candidates(struct lookups *lk, const char *prefix, char ***out, size_t max);

#endif
