/* edit_choice.c - a field's choices (edit.h: CHOICE, MULTI_CHOICE, ENUM):
 * built from the look-ups, a stage's from its pipeline, and the one a
 * typed name picks.
 */
#include "config.h"

#include "model/edit.h"
#include "model/edit_internal.h"
#include "util/json.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define NAMES_MAX 10       /* choice names listed in a refusal */

void form_add_choice(struct edit_field *fld, int64_t id, const char *name)
{
	fld->choices = xrealloc(fld->choices, (fld->nchoices + 1) * sizeof(*fld->choices));
	struct edit_choice *c = &fld->choices[fld->nchoices++];
	c->id = id;
	c->name = clean_line(name);
	if (!*c->name) {
		free(c->name);
		c->name = xasprintf("#%" PRId64, id);
	}
}

/* From [{"id", "name"}...]; items without an id are skipped. */
void form_choices_from_list(struct edit_field *fld, const cJSON *list)
{
	const cJSON *item;
	if (!cJSON_IsArray(list))
		return;
	cJSON_ArrayForEach(item, list) {
		int64_t id;
		if (json_id(json_get(item, "id"), &id))
			form_add_choice(fld, id, json_str(json_get(item, "name")));
	}
}

void form_free_choices(struct edit_field *fld)
{
	for (size_t i = 0; i < fld->nchoices; i++)
		free(fld->choices[i].name);
	free(fld->choices);
	fld->choices = NULL;
	fld->nchoices = 0;
}

const struct edit_choice *form_choice_by_id(const struct edit_field *fld, int64_t id)
{
	for (size_t i = 0; i < fld->nchoices; i++)
		if (fld->choices[i].id == id)
			return &fld->choices[i];
	return NULL;
}

/* The stages of one pipeline (pipeline_id 0: of every pipeline). */
void form_set_stages(struct form *F, struct edit_field *stage, int64_t pipeline_id)
{
	const cJSON *p;
	form_free_choices(stage);
	cJSON_ArrayForEach(p, F->pipelines) {
		int64_t id;
		if (pipeline_id && !(json_id(json_get(p, "id"), &id) && id == pipeline_id))
			continue;
		form_choices_from_list(stage, json_get(p, "stages"));
	}
}

/* The pipeline a stage belongs to and its name; 0 when unknown. */
int64_t form_stage_pipeline(const struct form *F, int64_t stage_id, const char **name)
{
	const cJSON *p, *s;
	cJSON_ArrayForEach(p, F->pipelines) {
		cJSON_ArrayForEach(s, json_array(json_get(p, "stages"))) {
			int64_t id, pid;
			if (json_id(json_get(s, "id"), &id) && id == stage_id &&
			    json_id(json_get(p, "id"), &pid)) {
				if (name)
					*name = json_str(json_get(s, "name"));
				return pid;
			}
		}
	}
	return 0;
}

/* "A, B, C" (at most NAMES_MAX, then "..."), of all choices or of those
 * matching typed under how. */
char *form_choice_names(const struct edit_field *fld, const char *typed,
			bool (*match)(const char *, const char *))
{
	struct strbuf sb = { 0 };
	size_t shown = 0;
	sb_puts(&sb, "");
	for (size_t i = 0; i < fld->nchoices; i++) {
		if (typed && !match(fld->choices[i].name, typed))
			continue;
		if (shown == NAMES_MAX) {
			sb_puts(&sb, ", ...");
			break;
		}
		sb_printf(&sb, "%s%s", shown++ ? ", " : "", fld->choices[i].name);
	}
	return sb_detach(&sb);
}

static bool match_exact(const char *name, const char *typed)
{
	return ieq(name, typed);
}

static bool match_prefix(const char *name, const char *typed)
{
	return iprefix(name, typed);
}

static bool match_part(const char *name, const char *typed)
{
	return ifind(name, typed) != NULL;
}

/*
 * The one choice a typed text names: an exact name (any case), else an id
 * ("#123" or "123"; not for EDIT_ENUM), else a unique prefix, else a unique
 * part of a name. Returns its index, PICK_ID with *id when there is no list
 * and an id was typed, or PICK_NONE with *msg.
 */
long form_pick(const struct edit_form *f, size_t i, const char *typed, int64_t *id, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	const struct fpriv *p = priv_of(f, i);
	bool (*const tiers[3])(const char *, const char *) = { match_exact, match_prefix, match_part };
	char *q = form_quote(typed);
	long found = PICK_NONE;

	for (int t = 0; t < 3 && found == PICK_NONE && !*msg; t++) {
		size_t hits = 0, last = 0;
		for (size_t k = 0; k < fld->nchoices; k++)
			if (tiers[t](fld->choices[k].name, typed)) {
				hits++;
				last = k;
			}
		if (hits == 1) {
			found = (long)last;
		} else if (hits > 1) {
			char *names = form_choice_names(fld, typed, tiers[t]);
			*msg = xasprintf("%s: '%s' matches several %s: %s", fld->label, q, p->nouns, names);
			free(names);
		} else if (t == 0 && fld->type != EDIT_ENUM) {
			const char *digits = typed[0] == '#' ? typed + 1 : typed;
			int64_t x;
			if (*digits >= '0' && *digits <= '9' && str_to_i64(digits, &x) && x > 0) {
				const struct edit_choice *c = form_choice_by_id(fld, x);
				if (x > MAX_ID)
					*msg = xasprintf("%s: the id %s is too large", fld->label, q);
				else if (!fld->nchoices)
					found = PICK_ID;
				else if (c)
					found = (long)(c - fld->choices);
				else if (typed[0] == '#') /* a bare number may still start a name */
					*msg = xasprintf("%s: no %s with id %" PRId64, fld->label, p->noun, x);
				*id = x;
			}
		}
	}
	if (found == PICK_NONE && !*msg) {
		char *names = form_choice_names(fld, NULL, NULL);
		if (fld->type == EDIT_ENUM)
			*msg = xasprintf("%s: expected one of %s", fld->label, names);
		else if (!fld->nchoices)
			*msg = xasprintf("%s: the %s are not loaded; type an id like #123", fld->label, p->nouns);
		else
			*msg = xasprintf("%s: no %s named '%s' (%s: %s)", fld->label, p->noun, q, p->nouns, names);
		free(names);
	}
	if (found >= 0)
		*id = fld->choices[found].id;
	free(q);
	return found;
}
