/*
 * activity.h - activities as patina reads them: their types, what a
 * system activity says, who may change one, and one laid out as lines of
 * the detail layout (model/detail.h) for the timeline.
 *
 * Everything here reads server data through util/json.h and sanitizes
 * what it returns: an activity or a type of the wrong shape reads as
 * "unknown", never as a crash. Writing activities is activity_save.h's.
 *
 * The activity types look-up (GET /activity_types) is
 * {"user": [{"id", "name", "is_disabled", ...}], "system": [...]}: user
 * types (Note, Phone Call, Meeting and the account's own) are logged by
 * people, system types (Property Changed, Pipeline Stage Changed) by
 * Copper itself, and the two may reuse an id.
 */
#ifndef PATINA_ACTIVITY_H
#define PATINA_ACTIVITY_H

#include "copper/api.h"
#include "copper/lookups.h"
#include "model/detail.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A type as offered for logging or filtering. */
struct activity_type {
	struct activity_type_ref ref;
	char *name;                  /* sanitized, owned */
};

struct activity_types {
	struct activity_type *items;
	size_t count;
};

/* The user types that can be logged (not disabled), in the look-up's
 * order; with_system adds the system types after them (for a filter).
 * types may be NULL or of any shape: then none. Free with
 * activity_types_free. */
void activity_types_list(const cJSON *types, bool with_system, struct activity_types *out);
void activity_types_free(struct activity_types *t);

/* The type text names, among list: a whole name (case ignored), else the
 * only one a name or a word of a name starts with ("call" is "Phone
 * Call"). NULL, with a message naming the choices in *error (caller
 * frees), when none or several answer. */
const struct activity_type *activity_type_match(const struct activity_types *list,
						const char *text, char **error);

/* Details as they are sent: without the blank lines and spaces they end
 * with (an editor's last newline, echo's). Caller frees. */
char *activity_details_clean(const char *details);

/* The name of a type by category and id, sanitized (caller frees), or
 * NULL when the look-up does not have it. */
char *activity_type_name(const cJSON *types, const char *category, int64_t id);

/* An activity's type; false when it has none that reads. */
bool activity_type_of(const cJSON *activity, struct activity_type_ref *out);
/* Whether Copper logged it (a stage change...), not a person. */
bool activity_is_system(const cJSON *activity);

/* Why the user me may not edit or delete the activity (caller frees), or
 * NULL when they may: only one's own user activities can be changed.
 * lk names the author. */
char *activity_not_changeable(const cJSON *activity, int64_t me, struct lookups *lk);

/* What a system activity changed, e.g. "Stage: Qualified → Proposal",
 * with names from the look-ups where the values are ids they know;
 * sanitized, caller frees. NULL when the activity carries no change. */
char *activity_change_text(const cJSON *activity, struct lookups *lk);

/* The activity as timeline lines of item: its date and time, type and
 * author on the first, then its details as Markdown (indented two
 * columns) or the change it records, then a blank line. */
void activity_add_lines(struct detail_doc *doc, int item, const cJSON *activity,
			struct lookups *lk, int width);

#endif
