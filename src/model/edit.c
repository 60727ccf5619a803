/* edit.c - see edit.h
 *
 * In order: tables; the private form; small helpers; choices;
 * building a form; values and their equality; values as text; parsing
 * what was typed; checking a JSON value; recording changes; bodies;
 * conflicts; server errors; drafts.
 */
#include "config.h"

#include "model/edit.h"
#include "model/dates.h"
#include "model/layout.h"
#include "model/fields.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <math.h> /* isfinite only: patina links without libm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DRAFT_VERSION 1
/* Ids travel as JSON numbers (doubles): beyond 2^53 they would change. */
#define MAX_ID 9007199254740992LL
#define QUOTE_MAX 60       /* bytes of typed text quoted back in a refusal */
#define NAMES_MAX 10       /* choice names listed in a refusal */
#define RAW_MAX 200        /* bytes of an unexpected value's JSON shown */
#define CF_STRING_MAX 255  /* "Text fields are 255 chars or less!" (create-a-new-lead) */
#define SET_COMPARE_MAX 2000 /* longer lists compare in order (keeps hostile data cheap) */

/* ---- tables -------------------------------------------------------------- */

/* The categories Copper accepts, in the order of the reference's appendix
 * (developer.copper.com/introduction/appendix.html, "Categories"; the
 * local copy lacks that page, its examples only use a subset). The first
 * is the default for a value typed without one. */
static const char *const email_categories[] = { "work", "personal", "other", NULL };
static const char *const phone_categories[] = { "mobile", "work", "home", "other", NULL };
static const char *const social_categories[] = {
	"linkedin", "twitter", "googleplus", "facebook", "youtube", "quora",
	"foursquare", "klout", "gravatar", "other", NULL
};
static const char *const website_categories[] = { "work", "personal", "other", NULL };

static const char *const opportunity_statuses[] = { "Open", "Won", "Lost", "Abandoned", NULL };
static const char *const open_completed[] = { "Open", "Completed", NULL };
static const char *const priorities[] = { "None", "Low", "Medium", "High", NULL };

/* How a record key is edited. Keys not listed are read-only. The layout
 * key -> record key mapping itself is fields.c's (fields_record_key). */
struct key_type {
	const char *key;
	enum edit_type type;
	enum lookup lookup;   /* EDIT_CHOICE: where the choices come from */
	const char *noun, *nouns;
};

static const struct key_type key_types[] = {
	{ "name", EDIT_TEXT, LOOKUP_COUNT, NULL, NULL },
	{ "prefix", EDIT_TEXT, LOOKUP_COUNT, NULL, NULL },
	{ "first_name", EDIT_TEXT, LOOKUP_COUNT, NULL, NULL },
	{ "middle_name", EDIT_TEXT, LOOKUP_COUNT, NULL, NULL },
	{ "last_name", EDIT_TEXT, LOOKUP_COUNT, NULL, NULL },
	{ "suffix", EDIT_TEXT, LOOKUP_COUNT, NULL, NULL },
	{ "title", EDIT_TEXT, LOOKUP_COUNT, NULL, NULL },
	{ "company_name", EDIT_TEXT, LOOKUP_COUNT, NULL, NULL }, /* a lead's */
	{ "email_domain", EDIT_TEXT, LOOKUP_COUNT, NULL, NULL },
	{ "details", EDIT_LONGTEXT, LOOKUP_COUNT, NULL, NULL },
	{ "assignee_id", EDIT_CHOICE, LOOKUP_USERS, "user", "users" },
	{ "contact_type_id", EDIT_CHOICE, LOOKUP_CONTACT_TYPES, "contact type", "contact types" },
	{ "customer_source_id", EDIT_CHOICE, LOOKUP_CUSTOMER_SOURCES, "source", "sources" },
	{ "loss_reason_id", EDIT_CHOICE, LOOKUP_LOSS_REASONS, "loss reason", "loss reasons" },
	{ "status_id", EDIT_CHOICE, LOOKUP_LEAD_STATUSES, "lead status", "lead statuses" },
	{ "pipeline_id", EDIT_CHOICE, LOOKUP_PIPELINES, "pipeline", "pipelines" },
	{ "pipeline_stage_id", EDIT_CHOICE, LOOKUP_COUNT, "stage", "stages" },
	{ "company_id", EDIT_REFERENCE, LOOKUP_COUNT, "company", "companies" },
	{ "primary_contact_id", EDIT_REFERENCE, LOOKUP_COUNT, "person", "people" },
	{ "emails", EDIT_CONTACTS, LOOKUP_COUNT, NULL, NULL },
	{ "phone_numbers", EDIT_CONTACTS, LOOKUP_COUNT, NULL, NULL },
	{ "websites", EDIT_CONTACTS, LOOKUP_COUNT, NULL, NULL },
	{ "socials", EDIT_CONTACTS, LOOKUP_COUNT, NULL, NULL },
	{ "email", EDIT_EMAIL, LOOKUP_COUNT, NULL, NULL },
	{ "address", EDIT_ADDRESS, LOOKUP_COUNT, NULL, NULL },
	{ "tags", EDIT_TAGS, LOOKUP_COUNT, NULL, NULL },
	{ "close_date", EDIT_CLOSE_DATE, LOOKUP_COUNT, NULL, NULL },
	{ "due_date", EDIT_DATE, LOOKUP_COUNT, NULL, NULL },
	{ "reminder_date", EDIT_DATE, LOOKUP_COUNT, NULL, NULL },
	{ "status", EDIT_ENUM, LOOKUP_COUNT, "value", "values" },
	{ "priority", EDIT_ENUM, LOOKUP_COUNT, "value", "values" },
	{ "win_probability", EDIT_PERCENT, LOOKUP_COUNT, NULL, NULL },
	{ "monetary_value", EDIT_MONEY, LOOKUP_COUNT, NULL, NULL },
};

/* Custom field data types (custom_field_definitions' data_type). */
static const struct { const char *name; enum edit_type type; } cf_types[] = {
	{ "String", EDIT_TEXT }, { "Text", EDIT_LONGTEXT }, { "Dropdown", EDIT_CHOICE },
	{ "MultiSelect", EDIT_MULTI_CHOICE }, { "Date", EDIT_DATE }, { "Checkbox", EDIT_CHECKBOX },
	{ "Float", EDIT_NUMBER }, { "Currency", EDIT_MONEY }, { "Percentage", EDIT_PERCENT },
	{ "URL", EDIT_URL },
};

/* The form without a layout: the entity's editable fields (layout keys). */
struct default_field {
	const char *key, *label;
};

#define CONTACT_DEFAULTS \
	{ "phones", "Phones" }, { "websites", "Websites" }, \
	{ "socials", "Social Media Accounts" }, { "address", "Address" }
#define TAIL_DEFAULTS { "details", "Description" }, { "tags", "Tags" }, { NULL, NULL }

static const struct default_field people_default[] = {
	{ "full_name", "Name" }, { "primary_organization", "Company" }, { "title", "Title" },
	{ "contact_group_id", "Contact Type" }, { "assignee", "Owner" }, { "emails", "Emails" },
	CONTACT_DEFAULTS, TAIL_DEFAULTS
};
static const struct default_field companies_default[] = {
	{ "name", "Name" }, { "email_domain", "Email Domain" },
	{ "contact_group_id", "Contact Type" }, { "assignee", "Owner" },
	{ "primary_contact", "Primary Contact" }, CONTACT_DEFAULTS, TAIL_DEFAULTS
};
static const struct default_field leads_default[] = {
	{ "full_name", "Name" }, { "company_name", "Company" }, { "title", "Title" },
	{ "status", "Status" }, { "customer_source_id", "Source" }, { "assignee", "Owner" },
	{ "monetary_value", "Value" }, { "email", "Email" }, CONTACT_DEFAULTS, TAIL_DEFAULTS
};
static const struct default_field opportunities_default[] = {
	{ "name", "Name" }, { "pipeline_id", "Pipeline" }, { "stage_id", "Stage" },
	{ "related_contact", "Primary Contact" }, { "related_organization", "Company" },
	{ "deal_date", "Close Date" }, { "status", "Status" }, { "assignee", "Owner" },
	{ "customer_source_id", "Source" }, { "monetary_value", "Value" },
	{ "priority", "Priority" }, { "win_probability", "Win Percentage" },
	{ "loss_reason_id", "Loss Reason" }, TAIL_DEFAULTS
};
static const struct default_field projects_default[] = {
	{ "name", "Name" }, { "assignee", "Owner" }, { "status", "Status" }, TAIL_DEFAULTS
};
static const struct default_field tasks_default[] = {
	{ "name", "Name" }, { "assignee", "Owner" }, { "due_date", "Due Date" },
	{ "reminder_date", "Reminder" }, { "priority", "Priority" }, { "status", "Status" },
	TAIL_DEFAULTS
};

static const struct default_field *const defaults[ENT_COUNT] = {
	[ENT_PEOPLE] = people_default, [ENT_COMPANIES] = companies_default,
	[ENT_LEADS] = leads_default, [ENT_OPPORTUNITIES] = opportunities_default,
	[ENT_PROJECTS] = projects_default, [ENT_TASKS] = tasks_default,
};

/* ---- the private form ---------------------------------------------------- */

struct fpriv {
	char *layout_key;    /* the layout's key ("assignee", "cf_12"), sanitized */
	const char *noun;    /* what one choice is, for refusals: "user" */
	const char *nouns;   /* ... and several: "users" */
	bool clearable;      /* false where Copper needs a value (status, stage...) */
	bool whole_percent;  /* win_probability: a whole number from 0 to 100 */
	size_t max_chars;    /* String custom fields; 0: no limit */
	char *ref_name;      /* EDIT_REFERENCE: the picked record's name, for display */
};

struct form {
	struct edit_form pub; /* first: an edit_form pointer is a form pointer */
	struct fpriv *priv;
	cJSON *pipelines;     /* a copy of the pipelines look-up, for stage choices */
	bool create;
};

static struct form *form_of(struct edit_form *f)
{
	return (struct form *)f;
}

static struct fpriv *priv_of(const struct edit_form *f, size_t i)
{
	return &((const struct form *)f)->priv[i];
}

/* ---- small helpers -------------------------------------------------------- */

/* An id: a whole number, or a string of digits (the reference itself once
 * sends "primary_contact_id": "27140359"), that a JSON number carries back
 * exactly. */
static bool json_id(const cJSON *v, int64_t *out)
{
	int64_t x;
	if (!json_int64(v, &x) || x < -MAX_ID || x > MAX_ID)
		return false;
	*out = x;
	return true;
}

/* The same, for a JSON number only. */
static bool json_whole(const cJSON *v, int64_t *out)
{
	return cJSON_IsNumber(v) && json_id(v, out);
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* ASCII case-insensitive comparisons (UTF-8 bytes compare as they are). */
static bool ieq(const char *a, const char *b)
{
	for (; *a && lower((unsigned char)*a) == lower((unsigned char)*b); a++)
		b++;
	return *a == *b;
}

static bool iprefix(const char *s, const char *prefix)
{
	for (; *prefix && lower((unsigned char)*s) == lower((unsigned char)*prefix); prefix++)
		s++;
	return !*prefix;
}

/* Position of needle in hay (case-insensitive), or NULL. */
static const char *ifind(const char *hay, const char *needle)
{
	for (; *hay; hay++)
		if (iprefix(hay, needle))
			return hay;
	return NULL;
}

/* Sanitized single-line text, trimmed. */
static char *clean_line(const char *s)
{
	return str_trim(sanitize_line(s ? s : "", s ? strlen(s) : 0));
}

/* Typed text as quoted back in a message: one line, cut, sanitized. */
static char *quote(const char *s)
{
	size_t len = strlen(s), cut = utf8_cut(s, len, QUOTE_MAX);
	char *q = sanitize_line(s, cut);
	if (cut < len) {
		char *t = xasprintf("%s\xe2\x80\xa6", q); /* U+2026 */
		free(q);
		q = t;
	}
	return q;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Splits on '\n' when the text has one, else on ';' when it has one (a
 * one-line editor shows lines as "a; b"), else on sep; items trimmed,
 * empty ones dropped. Returns the count; *out is a malloc'd array. */
static size_t split_items(const char *text, char sep, char ***out)
{
	char delim = strchr(text, '\n') ? '\n' : strchr(text, ';') ? ';' : sep;
	size_t n = 0;
	*out = NULL;
	for (const char *p = text;;) {
		const char *end = strchr(p, delim);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *item = str_trim(xstrndup(p, len));
		if (*item) {
			*out = xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n++] = item;
		} else {
			free(item);
		}
		if (!end)
			break;
		p = end + 1;
	}
	return n;
}

static void free_items(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

/* Items joined with ", ", or one per line when an item holds a comma. */
static char *join_items(char **items, size_t n)
{
	const char *sep = ", ";
	for (size_t i = 0; i < n; i++)
		if (strchr(items[i], ','))
			sep = "\n";
	struct strbuf sb = { 0 };
	sb_puts(&sb, "");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(&sb, sep);
		sb_puts(&sb, items[i]);
	}
	return sb_detach(&sb);
}

/* ---- choices ------------------------------------------------------------- */

static void add_choice(struct edit_field *fld, int64_t id, const char *name)
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
static void choices_from_list(struct edit_field *fld, const cJSON *list)
{
	const cJSON *item;
	if (!cJSON_IsArray(list))
		return;
	cJSON_ArrayForEach(item, list) {
		int64_t id;
		if (json_id(json_get(item, "id"), &id))
			add_choice(fld, id, json_str(json_get(item, "name")));
	}
}

static void free_choices(struct edit_field *fld)
{
	for (size_t i = 0; i < fld->nchoices; i++)
		free(fld->choices[i].name);
	free(fld->choices);
	fld->choices = NULL;
	fld->nchoices = 0;
}

static const struct edit_choice *choice_by_id(const struct edit_field *fld, int64_t id)
{
	for (size_t i = 0; i < fld->nchoices; i++)
		if (fld->choices[i].id == id)
			return &fld->choices[i];
	return NULL;
}

/* The stages of one pipeline (pipeline_id 0: of every pipeline). */
static void set_stage_choices(struct form *F, struct edit_field *stage, int64_t pipeline_id)
{
	const cJSON *p;
	free_choices(stage);
	cJSON_ArrayForEach(p, F->pipelines) {
		int64_t id;
		if (pipeline_id && !(json_id(json_get(p, "id"), &id) && id == pipeline_id))
			continue;
		choices_from_list(stage, json_get(p, "stages"));
	}
}

/* The pipeline a stage belongs to and its name; 0 when unknown. */
static int64_t stage_pipeline(const struct form *F, int64_t stage_id, const char **name)
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
static char *choice_names(const struct edit_field *fld, const char *typed,
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

#define PICK_NONE (-1L)
#define PICK_ID (-2L) /* no list to pick from: the typed id is taken as is */

/*
 * The one choice a typed text names: an exact name (any case), else an id
 * ("#123" or "123"; not for EDIT_ENUM), else a unique prefix, else a unique
 * part of a name. Returns its index, PICK_ID with *id when there is no list
 * and an id was typed, or PICK_NONE with *msg.
 */
static long pick(const struct edit_form *f, size_t i, const char *typed, int64_t *id, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	const struct fpriv *p = priv_of(f, i);
	bool (*const tiers[3])(const char *, const char *) = { match_exact, match_prefix, match_part };
	char *q = quote(typed);
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
			char *names = choice_names(fld, typed, tiers[t]);
			*msg = xasprintf("%s: '%s' matches several %s: %s", fld->label, q, p->nouns, names);
			free(names);
		} else if (t == 0 && fld->type != EDIT_ENUM) {
			const char *digits = typed[0] == '#' ? typed + 1 : typed;
			int64_t x;
			if (*digits >= '0' && *digits <= '9' && str_to_i64(digits, &x) && x > 0) {
				const struct edit_choice *c = choice_by_id(fld, x);
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
		char *names = choice_names(fld, NULL, NULL);
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

/* ---- building a form ----------------------------------------------------- */

/* The field of a record key (cf_id 0) or of a custom field. */
static long find_field(const struct edit_form *f, const char *key, int64_t cf_id)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->fields[i].cf_id == cf_id && (cf_id || (key && !strcmp(f->fields[i].key, key))))
			return (long)i;
	return -1;
}

static const struct key_type *find_key_type(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_types); i++)
		if (!strcmp(key_types[i].key, key))
			return &key_types[i];
	return NULL;
}

static void setup_contacts(struct edit_field *fld)
{
	bool emails = !strcmp(fld->key, "emails"), phones = !strcmp(fld->key, "phone_numbers");
	fld->value_key = emails ? "email" : phones ? "number" : "url";
	fld->categories = emails ? email_categories : phones ? phone_categories
		: !strcmp(fld->key, "websites") ? website_categories : social_categories;
}

/* Type, choices and rules of a field mapped to a record key. */
static void setup_static(struct form *F, size_t i, struct lookups *l)
{
	struct edit_field *fld = &F->pub.fields[i];
	struct fpriv *p = &F->priv[i];
	const struct key_type *kt = find_key_type(fld->key);
	enum entity e = F->pub.entity;

	fld->type = kt ? kt->type : EDIT_READONLY;
	if (kt) {
		p->noun = kt->noun;
		p->nouns = kt->nouns;
	}
	switch (fld->type) {
	case EDIT_CHOICE:
		if (kt->lookup == LOOKUP_PIPELINES)
			choices_from_list(fld, F->pipelines);
		else if (kt->lookup != LOOKUP_COUNT && l)
			choices_from_list(fld, lookups_get(l, kt->lookup));
		/* Copper needs a pipeline, a stage and a lead status */
		p->clearable = kt->lookup == LOOKUP_USERS || kt->lookup == LOOKUP_CONTACT_TYPES ||
			       kt->lookup == LOOKUP_CUSTOMER_SOURCES || kt->lookup == LOOKUP_LOSS_REASONS;
		break;
	case EDIT_ENUM: {
		const char *const *values = !strcmp(fld->key, "priority") ? priorities
			: e == ENT_OPPORTUNITIES ? opportunity_statuses
			: e == ENT_TASKS || e == ENT_PROJECTS ? open_completed : NULL;
		if (!values || (!strcmp(fld->key, "priority") && e != ENT_OPPORTUNITIES && e != ENT_TASKS)) {
			fld->type = EDIT_READONLY;
			break;
		}
		for (size_t k = 0; values[k]; k++)
			add_choice(fld, 0, values[k]);
		p->clearable = false;
		break;
	}
	case EDIT_CONTACTS:
		setup_contacts(fld);
		break;
	case EDIT_EMAIL:
		fld->value_key = "email";
		fld->categories = email_categories;
		break;
	case EDIT_REFERENCE:
		fld->ref_entity = !strcmp(fld->key, "company_id") ? ENT_COMPANIES : ENT_PEOPLE;
		break;
	case EDIT_PERCENT:
		p->whole_percent = true;
		break;
	default:
		break;
	}
	if (!strcmp(fld->key, "name"))
		p->clearable = false; /* every entity's name is required (name* in the reference) */
}

static void setup_custom(struct edit_field *fld, struct fpriv *p, const cJSON *def)
{
	const char *dt = json_str(json_get(def, "data_type"));
	fld->type = EDIT_READONLY; /* no definition, or a type patina cannot edit (Connect) */
	for (size_t k = 0; dt && k < ARRAY_SIZE(cf_types); k++)
		if (ieq(dt, cf_types[k].name))
			fld->type = cf_types[k].type;
	if (fld->type == EDIT_CHOICE || fld->type == EDIT_MULTI_CHOICE) {
		choices_from_list(fld, json_get(def, "options"));
		p->noun = "option";
		p->nouns = "options";
	}
	if (ieq(dt ? dt : "", "String"))
		p->max_chars = CF_STRING_MAX;
}

/* Ids past MAX_ID never match (json_id): they cannot travel back. */
static const cJSON *find_definition(const cJSON *defs, int64_t id)
{
	return id <= MAX_ID ? layout_find_id(defs, "id", id) : NULL;
}

struct build {
	const cJSON *record;
	struct lookups *lookups;
	const cJSON *defs; /* custom field definitions, or NULL */
};

static void add_field(struct form *F, const struct build *b, const char *layout_key,
		      const char *label, bool required)
{
	struct edit_form *f = &F->pub;
	int64_t cf_id = 0;
	const char *rk;
	bool mapped = true;

	if (!layout_key || !*layout_key)
		return;
	if (layout_custom_field_key(layout_key, &cf_id)) {
		rk = "custom_fields";
	} else if (!(rk = fields_record_key(f->entity, layout_key))) {
		/* not mapped: shown (read-only) only if the record has that very key */
		if (!json_get(b->record, layout_key))
			return;
		rk = layout_key;
		mapped = false;
	}
	if (find_field(f, rk, cf_id) >= 0)
		return; /* two layout keys for one value ("primary_contact", "related_contact") */

	f->fields = xrealloc(f->fields, (f->count + 1) * sizeof(*f->fields));
	F->priv = xrealloc(F->priv, (f->count + 1) * sizeof(*F->priv));
	size_t i = f->count++;
	struct edit_field *fld = &f->fields[i];
	struct fpriv *p = &F->priv[i];
	memset(fld, 0, sizeof(*fld));
	memset(p, 0, sizeof(*p));
	fld->key = mapped ? xstrdup(rk) : clean_line(rk);
	fld->cf_id = cf_id;
	fld->ref_entity = ENT_COUNT;
	p->layout_key = clean_line(layout_key);
	p->clearable = true;
	const cJSON *def = cf_id ? find_definition(b->defs, cf_id) : NULL;
	if (cf_id)
		setup_custom(fld, p, def);
	else if (mapped)
		setup_static(F, i, b->lookups);
	else
		fld->type = EDIT_READONLY;

	fld->label = clean_line(label);
	if (!*fld->label) {
		free(fld->label);
		const char *name = json_str(json_get(def, "name"));
		fld->label = name && *name ? clean_line(name) : cf_id ? xasprintf("Custom field %" PRId64, cf_id)
			   : xstrdup(p->layout_key);
	}
	/* required: must have a value to create / to save; "not clearable"
	 * (status, stage...) only refuses emptying, the server has defaults */
	fld->required = fld->type != EDIT_READONLY && (required || !strcmp(fld->key, "name"));
	/* the API itself requires an opportunity's primary contact on create */
	if (F->create && f->entity == ENT_OPPORTUNITIES && !strcmp(fld->key, "primary_contact_id"))
		fld->required = true;
}

static void build_default(struct form *F, const struct build *b)
{
	enum entity e = F->pub.entity;
	for (const struct default_field *d = defaults[e]; d->key; d++)
		add_field(F, b, d->key, d->label, false);
	/* then every custom field defined for the entity */
	const cJSON *def, *on;
	cJSON_ArrayForEach(def, json_array(b->defs)) {
		int64_t id;
		bool applies = false;
		cJSON_ArrayForEach(on, json_array(json_get(def, "available_on")))
			applies |= json_str(on) && !strcmp(on->valuestring, entity_type_name(e));
		if (!applies || !json_id(json_get(def, "id"), &id) || id <= 0)
			continue;
		char *key = xasprintf("cf_%" PRId64, id);
		add_field(F, b, key, json_str(json_get(def, "name")), false);
		free(key);
	}
}

struct edit_form *edit_form_new(enum entity e, const cJSON *layout, const cJSON *record,
				struct lookups *lookups)
{
	struct form *F = xcalloc(1, sizeof(*F));
	struct edit_form *f = &F->pub;
	int64_t id;

	f->entity = e;
	F->create = record == NULL;
	f->base = cJSON_IsObject(record) ? cJSON_Duplicate(record, true) : cJSON_CreateObject();
	f->changes = cJSON_CreateObject();
	if (!F->create && json_id(json_get(record, "id"), &id) && id > 0)
		f->id = id;
	if ((unsigned)e >= ENT_COUNT)
		return f;
	if (lookups && cJSON_IsArray(lookups_get(lookups, LOOKUP_PIPELINES)))
		F->pipelines = cJSON_Duplicate(lookups_get(lookups, LOOKUP_PIPELINES), true);

	struct build b = {
		.record = f->base,
		.lookups = lookups,
		.defs = lookups ? lookups_get(lookups, LOOKUP_CUSTOM_FIELDS) : NULL,
	};
	if (cJSON_IsArray(layout)) {
		const cJSON *item;
		cJSON_ArrayForEach(item, layout) {
			struct layout_entry en;
			/* "required" decides, on create and on edit. The
			 * reference calls required_editable "required on edit",
			 * but its own example gives Name required_editable
			 * false and Close Date true: it says whether an admin
			 * may change the requirement, not the requirement. */
			if (layout_read_entry(item, &en))
				add_field(F, &b, en.key, en.label, en.required);
		}
	} else {
		build_default(F, &b);
	}

	long s = find_field(f, "pipeline_stage_id", 0);
	if (s >= 0 && f->fields[s].type == EDIT_CHOICE) {
		int64_t pid = 0;
		json_id(json_get(f->base, "pipeline_id"), &pid);
		set_stage_choices(F, &f->fields[s], pid);
	}
	return f;
}

void edit_form_free(struct edit_form *f)
{
	if (!f)
		return;
	struct form *F = form_of(f);
	for (size_t i = 0; i < f->count; i++) {
		free(f->fields[i].label);
		free(f->fields[i].key);
		free(f->fields[i].error);
		free_choices(&f->fields[i]);
		free(F->priv[i].layout_key);
		free(F->priv[i].ref_name);
	}
	free(f->fields);
	free(F->priv);
	cJSON_Delete(f->base);
	cJSON_Delete(f->changes);
	cJSON_Delete(F->pipelines);
	free(F);
}

long edit_field_index(const struct edit_form *f, const char *name)
{
	if (!f || !name)
		return -1;
	char *n = str_trim(xstrdup(name));
	long hit = -1;
	for (size_t i = 0; i < f->count && hit < 0; i++) {
		const struct edit_field *fld = &f->fields[i];
		if ((!fld->cf_id && ieq(n, fld->key)) || ieq(n, priv_of(f, i)->layout_key) ||
		    ieq(n, fld->label))
			hit = (long)i;
	}
	free(n);
	return hit;
}

/* ---- values -------------------------------------------------------------- */

/* A field's value in a record: its key, or its custom_fields entry. */
static const cJSON *value_in(const cJSON *record, const struct edit_field *fld)
{
	if (!fld->cf_id)
		return json_get(record, fld->key);
	if (fld->cf_id > MAX_ID) /* never matches (json_id) */
		return NULL;
	return json_get(layout_find_id(json_get(record, "custom_fields"), "custom_field_definition_id",
				       fld->cf_id), "value");
}

static const cJSON *base_value(const struct edit_form *f, size_t i)
{
	return value_in(f->base, &f->fields[i]);
}

static const cJSON *change_of(const struct edit_form *f, size_t i)
{
	char k[24];
	snprintf(k, sizeof(k), "%zu", i);
	return cJSON_GetObjectItemCaseSensitive(f->changes, k);
}

const cJSON *edit_value(const struct edit_form *f, size_t i)
{
	if (!f || i >= f->count)
		return NULL;
	const cJSON *c = change_of(f, i);
	return c ? c : base_value(f, i);
}

bool edit_field_changed(const struct edit_form *f, size_t i)
{
	return f && i < f->count && change_of(f, i) != NULL;
}

size_t edit_change_count(const struct edit_form *f)
{
	return f ? (size_t)cJSON_GetArraySize(f->changes) : 0;
}

/* Nothing, an empty or blank string, or an empty list. */
static bool blank(const cJSON *v)
{
	if (json_is_nothing(v))
		return true;
	if (json_str(v)) {
		for (const char *p = v->valuestring; *p; p++)
			if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				return false;
		return true;
	}
	return cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0;
}

static bool same_json(const cJSON *a, const cJSON *b)
{
	if (json_is_nothing(a) || json_is_nothing(b))
		return json_is_nothing(a) && json_is_nothing(b);
	return cJSON_Compare(a, b, true);
}

static bool same_trimmed(const char *a, const char *b)
{
	char *x = str_trim(xstrdup(a)), *y = str_trim(xstrdup(b));
	bool same = !strcmp(x, y);
	free(x);
	free(y);
	return same;
}

static double absolute(double x)
{
	return x < 0 ? -x : x;
}

/* Equal within rounding (12500.5 typed vs 12500.499999 sent back). */
static bool same_number(const cJSON *a, const cJSON *b)
{
	double x = a->valuedouble, y = b->valuedouble;
	double scale = absolute(x) > absolute(y) ? absolute(x) : absolute(y);
	return x == y || absolute(x - y) <= 1e-9 * (scale > 1 ? scale : 1);
}

static bool same_close_date(const cJSON *a, const cJSON *b)
{
	struct ymd x, y;
	if (json_str(a) && json_str(b)) {
		char *sa = str_trim(xstrdup(a->valuestring)), *sb = str_trim(xstrdup(b->valuestring));
		bool both = date_parse_calendar(sa, &x) && date_parse_calendar(sb, &y);
		bool same = both ? x.y == y.y && x.m == y.m && x.d == y.d : !strcmp(sa, sb);
		free(sa);
		free(sb);
		return same;
	}
	return same_json(a, b);
}

/* One element of a list field, for comparing lists. */
static bool same_item(const struct edit_field *fld, const cJSON *a, const cJSON *b)
{
	int64_t x, y;
	switch (fld->type) {
	case EDIT_MULTI_CHOICE:
		return json_id(a, &x) && json_id(b, &y) ? x == y : same_json(a, b);
	case EDIT_CONTACTS:
	case EDIT_EMAIL: {
		const char *va = json_str(json_get(a, fld->value_key)), *vb = json_str(json_get(b, fld->value_key));
		const char *ca = json_str(json_get(a, "category")), *cb = json_str(json_get(b, "category"));
		if (!va || !vb)
			return same_json(a, b);
		return same_trimmed(va, vb) && !strcmp(ca ? ca : "", cb ? cb : "");
	}
	default:
		return json_str(a) && json_str(b) ? !strcmp(a->valuestring, b->valuestring) : same_json(a, b);
	}
}

/* Every element of a is in b. */
static bool contains_all(const struct edit_field *fld, const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;
	cJSON_ArrayForEach(x, a) {
		bool found = false;
		cJSON_ArrayForEach(y, b)
			if ((found = same_item(fld, x, y)))
				break;
		if (!found)
			return false;
	}
	return true;
}

/* Lists: in order (contacts: the first is the primary), or as sets (tags,
 * multi-select options: the order means nothing). */
static bool same_list(const struct edit_field *fld, const cJSON *a, const cJSON *b, bool as_set)
{
	int na = cJSON_GetArraySize(a), nb = cJSON_GetArraySize(b);
	if (as_set && na <= SET_COMPARE_MAX && nb <= SET_COMPARE_MAX)
		return contains_all(fld, a, b) && contains_all(fld, b, a);
	if (na != nb)
		return false;
	for (const cJSON *x = a->child, *y = b->child; x && y; x = x->next, y = y->next)
		if (!same_item(fld, x, y))
			return false;
	return true;
}

static bool same_address(const cJSON *a, const cJSON *b)
{
	static const char *const parts[] = { "street", "city", "state", "postal_code", "country" };
	if ((!json_is_nothing(a) && !cJSON_IsObject(a)) || (!json_is_nothing(b) && !cJSON_IsObject(b)))
		return same_json(a, b);
	for (size_t k = 0; k < ARRAY_SIZE(parts); k++) {
		const cJSON *x = json_get(a, parts[k]), *y = json_get(b, parts[k]);
		if (blank(x) && blank(y))
			continue;
		if (!json_str(x) || !json_str(y) || !same_trimmed(x->valuestring, y->valuestring))
			return same_json(x, y);
	}
	return true;
}

/*
 * Whether two values of field i mean the same: nothing, "" and [] are all
 * empty; text compares trimmed; numbers within rounding; Date fields by
 * local calendar day; close dates by day whatever their spelling; ids by
 * value; tags and multi-select options as sets; contact lists in order on
 * value and category only; addresses part by part.
 */
static bool same_value(const struct edit_form *f, size_t i, const cJSON *a, const cJSON *b)
{
	const struct edit_field *fld = &f->fields[i];
	int64_t x, y;
	bool lists = fld->type == EDIT_TAGS || fld->type == EDIT_MULTI_CHOICE || fld->type == EDIT_CONTACTS;

	if (blank(a) && blank(b))
		return true;
	switch (fld->type) {
	case EDIT_NUMBER:
	case EDIT_MONEY:
	case EDIT_PERCENT:
		return cJSON_IsNumber(a) && cJSON_IsNumber(b) ? same_number(a, b) : same_json(a, b);
	case EDIT_DATE:
		return json_whole(a, &x) && json_whole(b, &y) ? x == y || date_same_local_day(x, y) : same_json(a, b);
	case EDIT_CLOSE_DATE:
		return same_close_date(a, b);
	case EDIT_CHECKBOX:
		/* unchecked: false or null */
		return (cJSON_IsBool(a) || json_is_nothing(a)) && (cJSON_IsBool(b) || json_is_nothing(b))
			? cJSON_IsTrue(a) == cJSON_IsTrue(b) : same_json(a, b);
	case EDIT_CHOICE:
	case EDIT_REFERENCE:
		return json_id(a, &x) && json_id(b, &y) ? x == y : same_json(a, b);
	case EDIT_EMAIL:
		return cJSON_IsObject(a) && cJSON_IsObject(b) ? same_item(fld, a, b) : same_json(a, b);
	case EDIT_ADDRESS:
		return same_address(a, b);
	default:
		break;
	}
	if (lists) {
		if ((blank(a) || cJSON_IsArray(a)) && (blank(b) || cJSON_IsArray(b))) {
			if (blank(a) || blank(b))
				return false;
			return same_list(fld, a, b, fld->type != EDIT_CONTACTS);
		}
		return same_json(a, b);
	}
	if (json_str(a) && json_str(b))
		return same_trimmed(a->valuestring, b->valuestring);
	return same_json(a, b);
}

/* ---- values as text ------------------------------------------------------ */

/* A scalar as text; anything else as its (cut, sanitized) JSON. */
static char *scalar_text(const cJSON *v)
{
	if (json_is_nothing(v))
		return xstrdup("");
	if (json_str(v))
		return clean_line(v->valuestring);
	if (cJSON_IsNumber(v))
		return fields_format_number(v->valuedouble);
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "Yes" : "No");
	return json_compact(v, RAW_MAX);
}

static char *choice_text(const struct edit_form *f, size_t i, int64_t id)
{
	const struct edit_choice *c = choice_by_id(&f->fields[i], id);
	const char *name = NULL;
	if (c)
		return xstrdup(c->name);
	/* a stage of another pipeline than the one now chosen */
	if (!strcmp(f->fields[i].key, "pipeline_stage_id") &&
	    stage_pipeline((const struct form *)f, id, &name) && name && *name)
		return clean_line(name);
	return xasprintf("#%" PRId64, id);
}

/* "value (category)" */
static char *contact_line(const struct edit_field *fld, const cJSON *item)
{
	if (!cJSON_IsObject(item))
		return scalar_text(item);
	const cJSON *v = json_get(item, fld->value_key);
	if (!json_str(v))
		return json_is_nothing(v) ? xstrdup("") : json_compact(item, RAW_MAX);
	char *value = clean_line(v->valuestring), *cat = clean_line(json_str(json_get(item, "category")));
	char *line = *value && *cat ? xasprintf("%s (%s)", value, cat) : xstrdup(value);
	free(value);
	free(cat);
	return line;
}

/* One text per element: names for option ids, strings as themselves,
 * contact lines. */
static char *list_text(const struct edit_form *f, size_t i, const cJSON *v)
{
	const struct edit_field *fld = &f->fields[i];
	const cJSON *item;
	char **items = NULL;
	size_t n = 0;
	cJSON_ArrayForEach(item, v) {
		int64_t id;
		char *t = fld->type == EDIT_CONTACTS ? contact_line(fld, item)
			: fld->type == EDIT_MULTI_CHOICE && json_id(item, &id) ? choice_text(f, i, id)
			: scalar_text(item);
		if (!*t) {
			free(t);
			continue;
		}
		items = xrealloc(items, (n + 1) * sizeof(*items));
		items[n++] = t;
	}
	char *s;
	if (fld->type == EDIT_CONTACTS) {
		struct strbuf sb = { 0 };
		sb_puts(&sb, "");
		for (size_t k = 0; k < n; k++)
			sb_printf(&sb, "%s%s", k ? "\n" : "", items[k]);
		s = sb_detach(&sb);
	} else {
		s = join_items(items, n);
	}
	free_items(items, n);
	return s;
}

static char *address_part(const cJSON *a, const char *key)
{
	const cJSON *v = json_get(a, key);
	return cJSON_IsNumber(v) ? fields_format_number(v->valuedouble) : scalar_text(v);
}

/*
 * street
 * city, state postal_code      (", state postal_code" when there is no city)
 * country
 * Trailing empty lines are dropped, except that a street holding a comma
 * keeps a line break after it so that it is not read as the comma form.
 */
static char *address_text(const cJSON *a)
{
	char *street = address_part(a, "street"), *city = address_part(a, "city");
	char *state = address_part(a, "state"), *postal = address_part(a, "postal_code");
	char *country = address_part(a, "country");
	struct strbuf line2 = { 0 }, sb = { 0 };
	sb_puts(&line2, city);
	if (*state || *postal)
		sb_printf(&line2, ", %s%s%s", state, *state && *postal ? " " : "", postal);
	sb_puts(&sb, street);
	if (*country)
		sb_printf(&sb, "\n%s\n%s", line2.data, country);
	else if (line2.len || strchr(street, ','))
		sb_printf(&sb, "\n%s", line2.data);
	sb_free(&line2);
	free(street);
	free(city);
	free(state);
	free(postal);
	free(country);
	return sb_detach(&sb);
}

static char *reference_text(const struct edit_form *f, size_t i, int64_t id, bool from_base)
{
	const char *name = NULL;
	const cJSON *pc;
	if (!from_base) {
		name = priv_of(f, i)->ref_name;
	} else if (!strcmp(f->fields[i].key, "company_id")) {
		name = json_str(json_get(f->base, "company_name"));
	} else {
		pc = json_get(f->base, "primary_contact");
		name = json_str(pc) ? pc->valuestring : json_str(json_get(pc, "name"));
		if (!name)
			name = json_str(json_get(f->base, "primary_contact_name"));
	}
	char *s = clean_line(name);
	if (!*s) {
		free(s);
		s = xasprintf("#%" PRId64, id);
	}
	return s;
}

/* Read-only values: dates as dates, a related record as "type #id". */
static char *readonly_text(const struct edit_field *fld, const cJSON *v)
{
	int64_t t;
	if ((str_starts_with(fld->key, "date_") || !strcmp(fld->key, "completed_date")) && json_whole(v, &t))
		return date_local_text(t);
	if (cJSON_IsObject(v) && json_id(json_get(v, "id"), &t)) {
		const char *name = json_str(json_get(v, "name"));
		char *type = clean_line(json_str(json_get(v, "type")));
		char *s = name && *name ? clean_line(name) : xasprintf("%s%s#%" PRId64, type, *type ? " " : "", t);
		free(type);
		return s;
	}
	if (cJSON_IsObject(v) && json_is_nothing(json_get(v, "id")))
		return xstrdup(""); /* {"id": null, "type": null}: nothing related */
	return scalar_text(v);
}

/* The value v of field i as the user would type it. from_base: v is the
 * base's (names of referenced records come from the record). */
static char *value_text(const struct edit_form *f, size_t i, const cJSON *v, bool from_base)
{
	const struct edit_field *fld = &f->fields[i];
	int64_t x;
	if (json_is_nothing(v))
		return xstrdup("");
	switch (fld->type) {
	case EDIT_LONGTEXT:
		if (json_str(v))
			return str_trim(sanitize_text(v->valuestring, strlen(v->valuestring)));
		break;
	case EDIT_NUMBER:
	case EDIT_PERCENT:
		if (cJSON_IsNumber(v))
			return fields_format_number(v->valuedouble);
		break;
	case EDIT_MONEY:
		if (cJSON_IsNumber(v))
			return fields_format_money(v->valuedouble, NULL);
		break;
	case EDIT_DATE:
		if (json_whole(v, &x))
			return date_local_text(x);
		break;
	case EDIT_CLOSE_DATE: {
		struct ymd d;
		char *s = json_str(v) ? clean_line(v->valuestring) : NULL;
		if (s && date_parse_calendar(s, &d)) {
			free(s);
			return date_iso_text(d);
		}
		if (s)
			return s;
		if (json_whole(v, &x))
			return date_local_text(x);
		break;
	}
	case EDIT_CHOICE:
		if (json_id(v, &x))
			return choice_text(f, i, x);
		break;
	case EDIT_REFERENCE:
		if (json_id(v, &x))
			return reference_text(f, i, x, from_base);
		break;
	case EDIT_MULTI_CHOICE:
	case EDIT_TAGS:
	case EDIT_CONTACTS:
		if (cJSON_IsArray(v))
			return list_text(f, i, v);
		if (fld->type == EDIT_CONTACTS && cJSON_IsObject(v))
			return contact_line(fld, v);
		break;
	case EDIT_EMAIL:
		if (cJSON_IsObject(v))
			return contact_line(fld, v);
		break;
	case EDIT_ADDRESS:
		if (cJSON_IsObject(v))
			return address_text(v);
		break;
	case EDIT_READONLY:
		return readonly_text(fld, v);
	default:
		break;
	}
	return scalar_text(v);
}

char *edit_field_text(const struct edit_form *f, size_t i)
{
	if (!f || i >= f->count)
		return xstrdup("");
	const cJSON *c = change_of(f, i);
	return value_text(f, i, c ? c : base_value(f, i), c == NULL);
}

/* ---- parsing what was typed ---------------------------------------------- */

/* A number as a person types it: "12500", "12,500.50", "-3.5", ".5".
 * ',' only as a thousands separator (groups of three); no exponent, hex,
 * inf or nan. By hand, as strtod follows LC_NUMERIC; at most 15 digits so
 * the value is exact before its one division. */
static bool parse_decimal(const char *s, double *out)
{
	const char *p = s;
	bool negative = false;
	int64_t mant = 0;
	int digits = 0, intdigits = 0, group = -1, frac = 0;

	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			if (!intdigits || (group < 0 ? intdigits > 3 : group != 3))
				return false;
			group = 0;
			continue;
		}
		if (++digits > 15)
			return false;
		mant = mant * 10 + (*p - '0');
		intdigits++;
		if (group >= 0)
			group++;
	}
	if (group >= 0 && group != 3)
		return false;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, frac++) {
			if (++digits > 15)
				return false;
			mant = mant * 10 + (*p - '0');
		}
		if (!frac)
			return false;
	}
	if (*p || !digits)
		return false;
	double v = (double)mant, scale = 1;
	for (int k = 0; k < frac; k++)
		scale *= 10;
	v /= scale;
	*out = negative && v != 0 ? -v : v;
	return true;
}

static bool alpha3(const char *s)
{
	for (int k = 0; k < 3; k++)
		if (lower((unsigned char)s[k]) < 'a' || lower((unsigned char)s[k]) > 'z')
			return false;
	return true;
}

/* Drops a currency sign or a three-letter code before or after an amount
 * ("$12,500", "12,500 USD", "EUR 99.50", "99 €"). */
static void strip_currency(char *s)
{
	static const char *const signs[] = { "$", "\xe2\x82\xac", "\xc2\xa3", "\xc2\xa5" };
	size_t len;
	str_trim(s);
	for (size_t k = 0; k < ARRAY_SIZE(signs); k++) {
		size_t n = strlen(signs[k]);
		if (!strncmp(s, signs[k], n))
			memmove(s, s + n, strlen(s + n) + 1);
		len = strlen(s);
		if (len >= n && !strcmp(s + len - n, signs[k]))
			s[len - n] = '\0';
	}
	str_trim(s);
	len = strlen(s);
	if (len > 4 && s[3] == ' ' && alpha3(s))
		memmove(s, s + 4, len - 3);
	else if (len > 4 && s[len - 4] == ' ' && alpha3(s + len - 3))
		s[len - 4] = '\0';
	str_trim(s);
}

static bool valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t,;<>()[]\\\""))
		return false;
	const char *domain = at + 1, *dot = strchr(domain, '.');
	size_t n = strlen(domain);
	return dot && dot != domain && domain[n - 1] != '.' && !strstr(domain, "..");
}

/* A web address: "https://x.y/...", or a host with a dot ("www.x.com",
 * "facebook.com/someone" as the reference's records have them). */
static bool valid_url(const char *s)
{
	if (!*s || strlen(s) > 2048 || strpbrk(s, " \t\n"))
		return false;
	const char *scheme_end = strstr(s, "://");
	if (scheme_end) {
		if (scheme_end == s || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") !=
		    (size_t)(scheme_end - s))
			return false;
		return scheme_end[3] && scheme_end[3] != '/';
	}
	return strchr(s, '.') && *s != '.' && *s != '/';
}

static bool valid_phone(const char *s)
{
	return strpbrk(s, "0123456789") != NULL;
}

/* "Label: 'typed' is not ..." */
static char *refusal(const char *label, const char *typed, const char *what)
{
	char *q = quote(typed);
	char *m = xasprintf("%s: '%s' %s", label, q, what);
	free(q);
	return m;
}

/* The categories already on the record, accepted as they are even when
 * Copper's list does not name them (so what the server sent round-trips). */
static const char *base_category(const cJSON *base, const char *typed)
{
	const cJSON *item;
	if (cJSON_IsObject(base)) {
		const char *c = json_str(json_get(base, "category"));
		return c && ieq(c, typed) ? c : NULL;
	}
	cJSON_ArrayForEach(item, json_array(base)) {
		const char *c = json_str(json_get(item, "category"));
		if (c && ieq(c, typed))
			return c;
	}
	return NULL;
}

static bool in_base(const struct edit_field *fld, const cJSON *base, const cJSON *item)
{
	const cJSON *x;
	if (cJSON_IsObject(base))
		return same_item(fld, base, item);
	cJSON_ArrayForEach(x, json_array(base))
		if (same_item(fld, x, item))
			return true;
	return false;
}

/*
 * One contact entry {"<value key>": value, "category": category} from a
 * value and a category (NULL: the first allowed). The category must be
 * Copper's or already on the record; the value must look like what it
 * is, unless the very entry is already on the record.
 */
static cJSON *contact_item(const struct edit_field *fld, const cJSON *base, const char *value,
			   const char *category, char **msg)
{
	const char *cat = fld->categories[0];
	if (category) {
		cat = NULL;
		for (size_t k = 0; fld->categories[k] && !cat; k++)
			if (ieq(category, fld->categories[k]))
				cat = fld->categories[k];
		if (!cat && !(cat = base_category(base, category))) {
			char *list = NULL;
			struct strbuf sb = { 0 };
			for (size_t k = 0; fld->categories[k]; k++)
				sb_printf(&sb, "%s%s", k ? ", " : "", fld->categories[k]);
			list = sb_detach(&sb);
			char *q = quote(category);
			*msg = xasprintf("%s: '%s' is not a category here (%s)", fld->label, q, list);
			free(q);
			free(list);
			return NULL;
		}
	}
	cJSON *item = cJSON_CreateObject();
	cJSON_AddStringToObject(item, fld->value_key, value);
	cJSON_AddStringToObject(item, "category", cat);
	if (in_base(fld, base, item))
		return item;
	const char *bad = NULL;
	if (!strcmp(fld->value_key, "email") && !valid_email(value))
		bad = "is not an email address";
	else if (!strcmp(fld->value_key, "number") && !valid_phone(value))
		bad = "is not a phone number";
	else if (!strcmp(fld->value_key, "url") && !valid_url(value))
		bad = "is not a web address";
	if (bad) {
		*msg = refusal(fld->label, value, bad);
		cJSON_Delete(item);
		return NULL;
	}
	return item;
}

/* "value (category)" or "value". A trailing "(word)" is taken as the
 * category; anything else in parentheses stays part of the value. */
static cJSON *parse_contact(const struct edit_field *fld, const cJSON *base, const char *text, char **msg)
{
	char *s = str_trim(xstrdup(text));
	char *category = NULL;
	size_t len = strlen(s);
	char *open = strrchr(s, '(');
	if (len > 2 && s[len - 1] == ')' && open && open > s && open[-1] == ' ') {
		size_t n = (size_t)(s + len - 1 - (open + 1));
		if (n > 0 && n <= 32 && strspn(open + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-") == n) {
			s[len - 1] = '\0';
			category = open + 1;
			*open = '\0';
			str_trim(s);
		}
	}
	cJSON *item = contact_item(fld, base, s, category, msg);
	free(s);
	return item;
}

static cJSON *parse_contacts(const struct edit_form *f, size_t i, const char *text, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	char **items;
	size_t n = split_items(text, ';', &items);
	cJSON *list = cJSON_CreateArray();
	for (size_t k = 0; k < n && list; k++) {
		cJSON *item = parse_contact(fld, base_value(f, i), items[k], msg);
		if (item) {
			cJSON_AddItemToArray(list, item);
		} else {
			cJSON_Delete(list);
			list = NULL;
		}
	}
	free_items(items, n);
	return list;
}

static cJSON *parse_tags(const char *text)
{
	char **items;
	size_t n = split_items(text, ',', &items);
	cJSON *list = cJSON_CreateArray();
	for (size_t k = 0; k < n; k++) {
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = !strcmp(items[j], items[k]);
		if (!dup)
			cJSON_AddItemToArray(list, cJSON_CreateString(items[k]));
	}
	free_items(items, n);
	return list;
}

static cJSON *parse_multi(const struct edit_form *f, size_t i, const char *text, char **msg)
{
	char **items;
	size_t n = split_items(text, ',', &items);
	int64_t *ids = xcalloc(n + 1, sizeof(*ids));
	size_t nids = 0;
	cJSON *list = cJSON_CreateArray();
	for (size_t k = 0; k < n && list; k++) {
		int64_t id;
		if (pick(f, i, items[k], &id, msg) == PICK_NONE) {
			cJSON_Delete(list);
			list = NULL;
			break;
		}
		bool dup = false;
		for (size_t j = 0; j < nids && !dup; j++)
			dup = ids[j] == id;
		if (!dup) {
			ids[nids++] = id;
			cJSON_AddItemToArray(list, cJSON_CreateNumber((double)id));
		}
	}
	free(ids);
	free_items(items, n);
	return list;
}

/* state and postal code from "CA 94105", "New York 10001", "Ontario A1A 1A1":
 * the postal code starts at the first word holding a digit. */
static void split_state_postal(const char *s, char **state, char **postal)
{
	const char *p = s, *start = NULL;
	while (*p && !start) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if (w < p && strpbrk(w, "0123456789") && strpbrk(w, "0123456789") < p)
			start = w;
	}
	*state = str_trim(xstrndup(s, start ? (size_t)(start - s) : strlen(s)));
	*postal = str_trim(xstrdup(start ? start : ""));
}

/* "city, state postal_code" (split at the last comma; no comma: a city) */
static void split_city_line(const char *s, char **city, char **state, char **postal)
{
	const char *comma = strrchr(s, ',');
	if (!comma) {
		*city = str_trim(xstrdup(s));
		*state = xstrdup("");
		*postal = xstrdup("");
		return;
	}
	*city = str_trim(xstrndup(s, (size_t)(comma - s)));
	split_state_postal(comma + 1, state, postal);
}

static void set_part(cJSON *a, const char *key, const char *value)
{
	cJSON_AddItemToObject(a, key, *value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

/*
 * An address, as lines ("street", "city, state postal_code", "country";
 * more lines: the first ones are the street) or on one line with commas
 * ("street, city, state postal_code, country"; more parts: the first ones
 * are the street). Empty parts are null; all empty clears the address.
 */
static cJSON *parse_address(const char *text)
{
	char **lines = NULL, *parts[5] = { 0 };
	size_t n = 0;
	bool by_lines = strchr(text, '\n') != NULL;
	for (const char *p = text;;) {
		const char *end = strchr(p, by_lines ? '\n' : ',');
		lines = xrealloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = str_trim(xstrndup(p, end ? (size_t)(end - p) : strlen(p)));
		if (!end)
			break;
		p = end + 1;
	}
	size_t tail = by_lines ? (n >= 3 ? 2 : n - 1) : (n >= 4 ? 3 : n - 1); /* parts after the street */
	struct strbuf street = { 0 };
	sb_puts(&street, "");
	for (size_t k = 0; k < n - tail; k++)
		if (*lines[k])
			sb_printf(&street, "%s%s", street.len ? ", " : "", lines[k]);
	parts[0] = sb_detach(&street);
	const char *const *rest = (const char *const *)lines + (n - tail);
	if (by_lines) {
		if (tail >= 1)
			split_city_line(rest[0], &parts[1], &parts[2], &parts[3]);
		parts[4] = xstrdup(tail >= 2 ? rest[1] : "");
	} else {
		parts[1] = xstrdup(tail >= 1 ? rest[0] : "");
		if (tail >= 2)
			split_state_postal(rest[1], &parts[2], &parts[3]);
		parts[4] = xstrdup(tail >= 3 ? rest[2] : "");
	}
	static const char *const keys[] = { "street", "city", "state", "postal_code", "country" };
	cJSON *a = cJSON_CreateObject();
	bool any = false;
	for (size_t k = 0; k < 5; k++) {
		if (!parts[k])
			parts[k] = xstrdup("");
		any |= *parts[k] != '\0';
		set_part(a, keys[k], parts[k]);
		free(parts[k]);
	}
	free_items(lines, n);
	if (!any) {
		cJSON_Delete(a);
		a = cJSON_CreateNull();
	}
	return a;
}

static cJSON *parse_checkbox(const char *s)
{
	static const char *const yes[] = { "yes", "y", "true", "on", "1", "x", "checked" };
	static const char *const no[] = { "no", "n", "false", "off", "0", "unchecked" };
	for (size_t k = 0; k < ARRAY_SIZE(yes); k++)
		if (ieq(s, yes[k]))
			return cJSON_CreateTrue();
	for (size_t k = 0; k < ARRAY_SIZE(no); k++)
		if (ieq(s, no[k]))
			return cJSON_CreateFalse();
	return NULL;
}

static cJSON *parse_number_field(const struct edit_form *f, size_t i, const char *text, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	char *s = xstrdup(text);
	double v = 0;
	bool ok;
	if (fld->type == EDIT_MONEY)
		strip_currency(s);
	if (fld->type == EDIT_PERCENT && *s && s[strlen(s) - 1] == '%') {
		s[strlen(s) - 1] = '\0';
		str_trim(s);
	}
	ok = parse_decimal(s, &v);
	free(s);
	if (fld->type == EDIT_MONEY) {
		if (!ok)
			*msg = xasprintf("%s: expected an amount like 12500 or 12,500.50", fld->label);
		else if (v < 0)
			*msg = xasprintf("%s: an amount cannot be negative", fld->label);
	} else if (fld->type == EDIT_PERCENT && priv_of(f, i)->whole_percent) {
		if (!ok || v != (double)(int)v || v < 0 || v > 100)
			*msg = xasprintf("%s: expected a whole number from 0 to 100", fld->label);
	} else if (!ok) {
		*msg = xasprintf(fld->type == EDIT_PERCENT ? "%s: expected a percentage like 25 or 12.5"
				 : "%s: expected a number like 42 or 3.5", fld->label);
	}
	return *msg ? NULL : cJSON_CreateNumber(v);
}

static const char date_expected[] =
	"%s: expected a date like 2026-12-31, 12/31/2026, today, +2w or eom";

/* What the user typed for field i (trimmed, not empty) as its JSON value,
 * or NULL with *msg. */
static cJSON *parse_text(const struct edit_form *f, size_t i, const char *text, int64_t now, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	const struct fpriv *p = priv_of(f, i);
	struct ymd day;
	int64_t t, id;
	cJSON *v;

	switch (fld->type) {
	case EDIT_TEXT:
		if (p->max_chars && utf8_chars(text) > p->max_chars) {
			*msg = xasprintf("%s: at most %zu characters (this is %zu)", fld->label,
					 p->max_chars, utf8_chars(text));
			return NULL;
		}
		return cJSON_CreateString(text);
	case EDIT_LONGTEXT:
		return cJSON_CreateString(text);
	case EDIT_URL:
		if (!valid_url(text)) {
			*msg = refusal(fld->label, text, "is not a web address");
			return NULL;
		}
		return cJSON_CreateString(text);
	case EDIT_NUMBER:
	case EDIT_MONEY:
	case EDIT_PERCENT:
		return parse_number_field(f, i, text, msg);
	case EDIT_DATE:
		if (!edit_parse_date(text, now, &t)) {
			*msg = xasprintf(date_expected, fld->label);
			return NULL;
		}
		return cJSON_CreateNumber((double)t);
	case EDIT_CLOSE_DATE: {
		if (!date_parse_day(text, now, &day)) {
			*msg = xasprintf(date_expected, fld->label);
			return NULL;
		}
		char *s = date_close_text(day);
		v = cJSON_CreateString(s);
		free(s);
		return v;
	}
	case EDIT_CHECKBOX:
		if (!(v = parse_checkbox(text)))
			*msg = xasprintf("%s: expected yes or no", fld->label);
		return v;
	case EDIT_CHOICE:
		return pick(f, i, text, &id, msg) == PICK_NONE ? NULL : cJSON_CreateNumber((double)id);
	case EDIT_ENUM: {
		long k = pick(f, i, text, &id, msg);
		return k < 0 ? NULL : cJSON_CreateString(fld->choices[k].name);
	}
	case EDIT_MULTI_CHOICE:
		return parse_multi(f, i, text, msg);
	case EDIT_TAGS:
		return parse_tags(text);
	case EDIT_CONTACTS:
		return parse_contacts(f, i, text, msg);
	case EDIT_EMAIL:
		return parse_contact(fld, base_value(f, i), text, msg);
	case EDIT_ADDRESS:
		return parse_address(text);
	case EDIT_REFERENCE: {
		const char *digits = text[0] == '#' ? text + 1 : text;
		if (*digits >= '0' && *digits <= '9' && str_to_i64(digits, &id) && id > 0 && id <= MAX_ID)
			return cJSON_CreateNumber((double)id);
		*msg = xasprintf("%s: pick a %s from the search, or type its id like #123",
				 fld->label, priv_of(f, i)->noun);
		return NULL;
	}
	case EDIT_READONLY:
		break;
	}
	*msg = xasprintf("%s cannot be edited", fld->label);
	return NULL;
}

/* ---- checking a JSON value ----------------------------------------------- */

/* Field i's value "nothing": null, or a refusal where a value is needed. */
static cJSON *cleared(const struct edit_form *f, size_t i, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	if (fld->type == EDIT_ENUM) {
		char *names = choice_names(fld, NULL, NULL);
		*msg = xasprintf("%s: expected one of %s", fld->label, names);
		free(names);
		return NULL;
	}
	if (fld->required || !priv_of(f, i)->clearable) {
		*msg = xasprintf("%s is required", fld->label);
		return NULL;
	}
	return cJSON_CreateNull();
}

static cJSON *check_id(const struct edit_form *f, size_t i, const cJSON *v, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	int64_t id;
	if (!json_whole(v, &id) || id <= 0) {
		*msg = xasprintf("%s: expected an id", fld->label);
		return NULL;
	}
	/* a stage may be of another pipeline: the pipeline follows it */
	bool known = !fld->nchoices || choice_by_id(fld, id) ||
		     (!strcmp(fld->key, "pipeline_stage_id") && stage_pipeline((const struct form *)f, id, NULL));
	if (fld->type == EDIT_CHOICE && !known) {
		*msg = xasprintf("%s: no %s with id %" PRId64, fld->label, priv_of(f, i)->noun, id);
		return NULL;
	}
	return cJSON_CreateNumber((double)id);
}

static cJSON *check_list(const struct edit_form *f, size_t i, const cJSON *v, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	const cJSON *item;
	cJSON *out = cJSON_CreateArray();
	if (!cJSON_IsArray(v))
		goto bad;
	cJSON_ArrayForEach(item, v) {
		cJSON *x = NULL;
		if (fld->type == EDIT_TAGS && json_str(item)) {
			char *t = clean_line(item->valuestring);
			if (*t)
				x = cJSON_CreateString(t);
			free(t);
			if (!x)
				continue;
		} else if (fld->type == EDIT_MULTI_CHOICE) {
			int64_t id;
			if (!json_whole(item, &id) || (fld->nchoices && !choice_by_id(fld, id)))
				goto bad;
			x = cJSON_CreateNumber((double)id);
		} else if (fld->type == EDIT_CONTACTS && json_str(json_get(item, fld->value_key))) {
			const char *cat = json_str(json_get(item, "category"));
			if (!(x = contact_item(fld, base_value(f, i), json_get(item, fld->value_key)->valuestring, cat, msg)))
				goto fail;
		} else {
			goto bad;
		}
		bool dup = false;
		const cJSON *y;
		cJSON_ArrayForEach(y, out)
			dup |= fld->type != EDIT_CONTACTS && same_item(fld, x, y);
		if (dup)
			cJSON_Delete(x);
		else
			cJSON_AddItemToArray(out, x);
	}
	return out;
bad:
	*msg = xasprintf("%s: %s", fld->label, fld->type == EDIT_TAGS ? "expected a list of tags"
			 : fld->type == EDIT_MULTI_CHOICE ? "expected a list of option ids"
			 : "expected a list of entries");
fail:
	cJSON_Delete(out);
	return NULL;
}

/*
 * A JSON value for field i, checked and normalized; NULL with *msg. The
 * same rules as typed text, for values a picker or the board supplies.
 */
static cJSON *check_json(struct edit_form *f, size_t i, const cJSON *v, char **msg)
{
	struct edit_field *fld = &f->fields[i];
	struct fpriv *p = priv_of(f, i);
	int64_t t;

	if (fld->type == EDIT_READONLY) {
		*msg = xasprintf("%s cannot be edited", fld->label);
		return NULL;
	}
	if (json_is_nothing(v))
		return cleared(f, i, msg);
	switch (fld->type) {
	case EDIT_TEXT:
	case EDIT_LONGTEXT:
	case EDIT_URL:
		if (json_str(v)) {
			char *s = fld->type == EDIT_LONGTEXT ? str_trim(sanitize_text(v->valuestring, strlen(v->valuestring)))
				  : clean_line(v->valuestring);
			cJSON *out = *s ? parse_text(f, i, s, 0, msg) : cleared(f, i, msg);
			free(s);
			return out;
		}
		break;
	case EDIT_CLOSE_DATE:
		/* literal dates only: "today" needs a clock */
		if (json_str(v)) {
			struct ymd d;
			char *s = clean_line(v->valuestring);
			bool ok = date_parse_calendar(s, &d);
			free(s);
			if (!ok) {
				*msg = xasprintf(date_expected, fld->label);
				return NULL;
			}
			s = date_close_text(d);
			cJSON *out = cJSON_CreateString(s);
			free(s);
			return out;
		}
		break;
	case EDIT_ENUM:
		/* exactly one of the values (any case) */
		for (size_t k = 0; json_str(v) && k < fld->nchoices; k++)
			if (ieq(v->valuestring, fld->choices[k].name))
				return cJSON_CreateString(fld->choices[k].name);
		return cleared(f, i, msg); /* says what is expected */
	case EDIT_NUMBER:
	case EDIT_MONEY:
	case EDIT_PERCENT:
		if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
			double d = v->valuedouble;
			if (fld->type == EDIT_MONEY && d < 0)
				*msg = xasprintf("%s: an amount cannot be negative", fld->label);
			else if (p->whole_percent && (d < 0 || d > 100 || d != (double)(int)d))
				*msg = xasprintf("%s: expected a whole number from 0 to 100", fld->label);
			return *msg ? NULL : cJSON_CreateNumber(d);
		}
		break;
	case EDIT_DATE:
		if (json_whole(v, &t))
			return cJSON_CreateNumber((double)t);
		break;
	case EDIT_CHECKBOX:
		if (cJSON_IsBool(v))
			return cJSON_CreateBool(cJSON_IsTrue(v));
		break;
	case EDIT_CHOICE:
		return check_id(f, i, v, msg);
	case EDIT_REFERENCE: {
		/* an id, or {"id": ..., "name": ...} from a picker (the name is shown) */
		const cJSON *idv = cJSON_IsObject(v) ? json_get(v, "id") : v;
		cJSON *out = check_id(f, i, idv, msg);
		if (out) {
			free(p->ref_name);
			p->ref_name = json_str(json_get(v, "name")) ? clean_line(json_get(v, "name")->valuestring) : NULL;
		}
		return out;
	}
	case EDIT_MULTI_CHOICE:
	case EDIT_TAGS:
	case EDIT_CONTACTS:
		return check_list(f, i, v, msg);
	case EDIT_EMAIL:
		if (json_str(json_get(v, "email")))
			return contact_item(fld, base_value(f, i), json_get(v, "email")->valuestring,
					    json_str(json_get(v, "category")), msg);
		break;
	case EDIT_ADDRESS:
		if (cJSON_IsObject(v)) {
			static const char *const keys[] = { "street", "city", "state", "postal_code", "country" };
			cJSON *a = cJSON_CreateObject();
			bool any = false;
			for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
				char *s = clean_line(json_str(json_get(v, keys[k])));
				any |= *s != '\0';
				set_part(a, keys[k], s);
				free(s);
			}
			if (!any) {
				cJSON_Delete(a);
				return cleared(f, i, msg);
			}
			return a;
		}
		break;
	case EDIT_READONLY:
		break;
	}
	*msg = xasprintf("%s: a value of the wrong type", fld->label);
	return NULL;
}

/* ---- recording changes --------------------------------------------------- */

static void put_change(struct edit_form *f, size_t i, cJSON *v)
{
	char k[24];
	snprintf(k, sizeof(k), "%zu", i);
	cJSON_DeleteItemFromObjectCaseSensitive(f->changes, k);
	cJSON_AddItemToObject(f->changes, k, v);
}

static void drop_change(struct edit_form *f, size_t i)
{
	char k[24];
	snprintf(k, sizeof(k), "%zu", i);
	cJSON_DeleteItemFromObjectCaseSensitive(f->changes, k);
	free(priv_of(f, i)->ref_name);
	priv_of(f, i)->ref_name = NULL;
}

/* v as field i's value: a change, or none when it means the base's value. */
static void record_value(struct edit_form *f, size_t i, cJSON *v)
{
	if (same_value(f, i, base_value(f, i), v)) {
		cJSON_Delete(v);
		drop_change(f, i);
	} else {
		put_change(f, i, v);
	}
}

static int64_t current_id(const struct edit_form *f, long i)
{
	int64_t id = 0;
	return i >= 0 && json_id(edit_value(f, (size_t)i), &id) ? id : 0;
}

/* The pipeline changed (or was reverted): the stage choices follow, and a
 * stage outside the pipeline becomes the base's (if in it) or the first. */
static void pipeline_changed(struct edit_form *f)
{
	long p = find_field(f, "pipeline_id", 0), s = find_field(f, "pipeline_stage_id", 0);
	if (s < 0 || f->fields[s].type != EDIT_CHOICE)
		return;
	struct edit_field *stage = &f->fields[s];
	int64_t pid = p >= 0 ? current_id(f, p) : 0, base_stage = 0;
	set_stage_choices(form_of(f), stage, pid);
	if (!pid || !stage->nchoices || choice_by_id(stage, current_id(f, s)))
		return;
	if (json_id(base_value(f, (size_t)s), &base_stage) && choice_by_id(stage, base_stage))
		drop_change(f, (size_t)s);
	else
		record_value(f, (size_t)s, cJSON_CreateNumber((double)stage->choices[0].id));
}

/* A stage was chosen: its pipeline becomes the opportunity's. */
static void stage_changed(struct edit_form *f)
{
	long p = find_field(f, "pipeline_id", 0), s = find_field(f, "pipeline_stage_id", 0);
	int64_t sp = stage_pipeline(form_of(f), current_id(f, s), NULL);
	if (p < 0 || f->fields[p].type != EDIT_CHOICE || !sp || sp == current_id(f, p))
		return;
	record_value(f, (size_t)p, cJSON_CreateNumber((double)sp));
	set_stage_choices(form_of(f), &f->fields[s], sp);
}

static void after_change(struct edit_form *f, size_t i)
{
	if (f->fields[i].cf_id)
		return;
	if (!strcmp(f->fields[i].key, "pipeline_id"))
		pipeline_changed(f);
	else if (!strcmp(f->fields[i].key, "pipeline_stage_id"))
		stage_changed(f);
}

static void clear_error(struct edit_field *fld)
{
	free(fld->error);
	fld->error = NULL;
}

static void commit(struct edit_form *f, size_t i, cJSON *v)
{
	record_value(f, i, v);
	clear_error(&f->fields[i]);
	after_change(f, i);
}

static bool refuse(struct edit_form *f, size_t i, char **error, char *msg)
{
	if (i < f->count) {
		free(f->fields[i].error);
		f->fields[i].error = xstrdup(msg);
	}
	if (error)
		*error = msg;
	else
		free(msg);
	return false;
}

/* Whether typed is text as shown, also as a one-line editor shows it
 * (lines joined with "; "). */
static bool same_text(const char *typed, const char *shown)
{
	if (!strcmp(typed, shown))
		return true;
	for (; *shown; shown++, typed++) {
		if (*shown == '\n') {
			if (strncmp(typed, "; ", 2) && strncmp(typed, ";", 1))
				return false;
			typed += typed[1] == ' ' ? 1 : 0;
		} else if (*typed != *shown) {
			return false;
		}
	}
	return !*typed;
}

/* What the user typed, cleaned: multi-line fields keep their lines. An
 * address keeps its leading empty line (an empty street). */
static char *clean_input(enum edit_type type, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	if (!text)
		text = "";
	if (type != EDIT_LONGTEXT && type != EDIT_CONTACTS && type != EDIT_ADDRESS &&
	    type != EDIT_TAGS && type != EDIT_MULTI_CHOICE)
		return str_trim(sanitize_line(text, len));
	char *s = sanitize_text(text, len);
	if (type != EDIT_ADDRESS)
		return str_trim(s);
	/* "; " separates lines too (one-line editors); each line trimmed;
	 * blank lines after the second dropped */
	for (char *p = s; *p; p++)
		if (*p == ';')
			*p = '\n';
	char **lines = NULL;
	size_t n = 0;
	for (char *p = s;;) {
		char *end = strchr(p, '\n');
		lines = xrealloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = str_trim(xstrndup(p, end ? (size_t)(end - p) : strlen(p)));
		if (!end)
			break;
		p = end + 1;
	}
	while (n > 2 && !*lines[n - 1])
		free(lines[--n]);
	struct strbuf sb = { 0 };
	bool any = false;
	for (size_t k = 0; k < n; k++) {
		sb_printf(&sb, "%s%s", k ? "\n" : "", lines[k]);
		any |= *lines[k] != '\0';
	}
	free_items(lines, n);
	free(s);
	if (!any)
		sb_reset(&sb);
	return sb_detach(&sb);
}

bool edit_set_text(struct edit_form *f, size_t i, const char *text, int64_t now, char **error)
{
	if (error)
		*error = NULL;
	if (!f || i >= f->count)
		return f ? refuse(f, i, error, xstrdup("no such field")) : false;
	struct edit_field *fld = &f->fields[i];
	if (fld->type == EDIT_READONLY)
		return refuse(f, i, error, xasprintf("%s cannot be edited", fld->label));

	char *typed = clean_input(fld->type, text);
	/* The base's own text is no change, however lossy the text is (a
	 * task's due time of day, a wrong-typed value, a name for an id).
	 * Except for the stage once the pipeline changed: the base's stage
	 * is not one of the new pipeline's, so it cannot be gone back to. */
	long pipeline = find_field(f, "pipeline_id", 0);
	bool moved = !fld->cf_id && !strcmp(fld->key, "pipeline_stage_id") && pipeline >= 0 &&
		     change_of(f, (size_t)pipeline);
	char *shown = value_text(f, i, base_value(f, i), true);
	if (!moved && same_text(typed, shown)) {
		free(typed);
		free(shown);
		drop_change(f, i);
		clear_error(fld);
		after_change(f, i);
		return true;
	}
	free(shown);
	/* ... and the change's own text keeps the change (a picked name) */
	if (change_of(f, i)) {
		shown = value_text(f, i, change_of(f, i), false);
		bool same = same_text(typed, shown);
		free(shown);
		if (same) {
			free(typed);
			clear_error(fld);
			return true;
		}
	}
	char *msg = NULL;
	cJSON *v = *typed ? parse_text(f, i, typed, now, &msg) : cleared(f, i, &msg);
	free(typed);
	if (!v)
		return refuse(f, i, error, msg ? msg : xasprintf("%s: not accepted", fld->label));
	if (fld->type == EDIT_REFERENCE) {
		free(priv_of(f, i)->ref_name);
		priv_of(f, i)->ref_name = NULL;
	}
	commit(f, i, v);
	return true;
}

bool edit_set_json(struct edit_form *f, size_t i, const cJSON *value, char **error)
{
	if (error)
		*error = NULL;
	if (!f || i >= f->count)
		return f ? refuse(f, i, error, xstrdup("no such field")) : false;
	char *msg = NULL;
	cJSON *v = check_json(f, i, value, &msg);
	if (!v)
		return refuse(f, i, error, msg ? msg : xasprintf("%s: not accepted", f->fields[i].label));
	commit(f, i, v);
	return true;
}

void edit_revert(struct edit_form *f, size_t i)
{
	if (!f || i >= f->count)
		return;
	drop_change(f, i);
	clear_error(&f->fields[i]);
	after_change(f, i);
}

/* ---- bodies -------------------------------------------------------------- */

/* The changes as a body; skip_nulls for a create (nothing to clear). */
static cJSON *make_body(const struct edit_form *f, bool skip_nulls)
{
	cJSON *body = cJSON_CreateObject(), *cfs = NULL;
	for (size_t i = 0; i < f->count; i++) {
		const cJSON *c = change_of(f, i);
		const struct edit_field *fld = &f->fields[i];
		if (!c || (skip_nulls && blank(c)))
			continue;
		if (fld->cf_id) {
			cJSON *entry = cJSON_CreateObject();
			cJSON_AddNumberToObject(entry, "custom_field_definition_id", (double)fld->cf_id);
			cJSON_AddItemToObject(entry, "value", cJSON_Duplicate(c, true));
			if (!cfs)
				cfs = cJSON_CreateArray();
			cJSON_AddItemToArray(cfs, entry);
		} else {
			cJSON_AddItemToObject(body, fld->key, cJSON_Duplicate(c, true));
		}
	}
	if (cfs)
		cJSON_AddItemToObject(body, "custom_fields", cfs);
	return body;
}

cJSON *edit_body(const struct edit_form *f)
{
	return edit_change_count(f) ? make_body(f, false) : NULL;
}

cJSON *edit_create_body(const struct edit_form *f, char **error)
{
	if (error)
		*error = NULL;
	if (!f || (unsigned)f->entity >= ENT_COUNT) {
		if (error)
			*error = xstrdup("nothing to create");
		return NULL;
	}
	struct strbuf missing = { 0 };
	for (size_t i = 0; i < f->count; i++)
		if (f->fields[i].required && blank(edit_value(f, i)))
			sb_printf(&missing, "%s%s", missing.len ? ", " : "", f->fields[i].label);
	/* what the API requires even when the form has no field for it */
	if (find_field(f, "name", 0) < 0)
		sb_printf(&missing, "%sName", missing.len ? ", " : "");
	if (f->entity == ENT_OPPORTUNITIES && find_field(f, "primary_contact_id", 0) < 0)
		sb_printf(&missing, "%sPrimary Contact", missing.len ? ", " : "");
	if (missing.len) {
		if (error)
			*error = xasprintf("Required: %s", missing.data);
		sb_free(&missing);
		return NULL;
	}
	return make_body(f, true);
}

/* ---- conflicts ----------------------------------------------------------- */

size_t edit_conflicts(const struct edit_form *f, const cJSON *server, size_t **out)
{
	size_t n = 0;
	if (out)
		*out = NULL;
	if (!f || !out || !cJSON_IsObject(server))
		return 0;
	for (size_t i = 0; i < f->count; i++) {
		const cJSON *c = change_of(f, i);
		const cJSON *theirs = value_in(server, &f->fields[i]);
		/* both changed it, to different values */
		if (!c || same_value(f, i, base_value(f, i), theirs) || same_value(f, i, c, theirs))
			continue;
		*out = xrealloc(*out, (n + 1) * sizeof(**out));
		(*out)[n++] = i;
	}
	return n;
}

void edit_rebase(struct edit_form *f, const cJSON *server, const size_t *conflicts,
		 const bool *take_theirs, size_t nconflicts)
{
	if (!f || !cJSON_IsObject(server))
		return;
	for (size_t k = 0; conflicts && take_theirs && k < nconflicts; k++)
		if (take_theirs[k] && conflicts[k] < f->count)
			drop_change(f, conflicts[k]);
	cJSON_Delete(f->base);
	f->base = cJSON_Duplicate(server, true);
	/* a change that now equals the base is none */
	for (size_t i = 0; i < f->count; i++) {
		const cJSON *c = change_of(f, i);
		if (c && same_value(f, i, base_value(f, i), c))
			drop_change(f, i);
	}
	long s = find_field(f, "pipeline_stage_id", 0);
	if (s >= 0 && f->fields[s].type == EDIT_CHOICE)
		set_stage_choices(form_of(f), &f->fields[s], current_id(f, find_field(f, "pipeline_id", 0)));
}

/* ---- server errors -------------------------------------------------------- */

/* "custom_fields[N]": the definition N, else the N-th custom field of the
 * body (the index into the array sent). */
static long custom_field_at(const struct edit_form *f, int64_t n)
{
	long hit = n > 0 ? find_field(f, NULL, n) : -1;
	for (size_t i = 0, k = 0; hit < 0 && i < f->count; i++)
		if (f->fields[i].cf_id && change_of(f, i) && (int64_t)k++ == n)
			hit = (long)i;
	return hit;
}

/* The number after a marker ("custom_fields[" 12), or -1. */
static int64_t number_after(const char *s, const char *marker)
{
	const char *p = ifind(s, marker);
	int64_t n = 0;
	if (!p)
		return -1;
	for (p += strlen(marker); *p == ' ' || *p == ':' || *p == '='; p++)
		;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9' && n < MAX_ID; p++)
		n = n * 10 + (*p - '0');
	return n;
}

static char *humanized(const char *key, bool drop_id)
{
	char *h = xstrdup(key);
	for (char *p = h; *p; p++)
		if (*p == '_')
			*p = ' ';
	size_t n = strlen(h);
	if (drop_id && n > 3 && !strcmp(h + n - 3, " id"))
		h[n - 3] = '\0';
	return h;
}

/* The field a name from a message stands for: record key, layout key,
 * label, key in words ("win probability", "primary contact"). */
static long field_named(const struct edit_form *f, const char *name)
{
	int64_t n;
	if ((n = number_after(name, "custom_fields[")) >= 0 || (n = number_after(name, "custom field ")) >= 0)
		return custom_field_at(f, n);
	if (layout_custom_field_key(name, &n))
		return find_field(f, NULL, n);
	for (size_t i = 0; i < f->count; i++) {
		const struct edit_field *fld = &f->fields[i];
		char *h1 = humanized(fld->key, false), *h2 = humanized(fld->key, true);
		bool hit = (!fld->cf_id && (ieq(name, fld->key) || ieq(name, h1) || ieq(name, h2))) ||
			   ieq(name, priv_of(f, i)->layout_key) || ieq(name, fld->label);
		free(h1);
		free(h2);
		if (hit)
			return (long)i;
	}
	return -1;
}

/* A quoted name: 'close_date', "Win Percentage", `emails[0].email`. */
static long match_quoted(const struct edit_form *f, const char *msg)
{
	for (const char *p = msg; *p; p++) {
		if (*p != '\'' && *p != '"' && *p != '`')
			continue;
		const char *end = strchr(p + 1, *p);
		if (!end)
			break;
		if (end - p - 1 > 0 && end - p - 1 <= 80) {
			char *name = xstrndup(p + 1, (size_t)(end - p - 1));
			long hit = field_named(f, name);
			if (hit < 0) { /* "emails[0].email" -> "emails" */
				name[strcspn(name, "[.")] = '\0';
				hit = *name ? field_named(f, name) : -1;
			}
			free(name);
			if (hit >= 0)
				return hit;
		}
		p = end;
	}
	return -1;
}

static bool word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* A field's name anywhere in the words: the longest one found wins. */
static long match_words(const struct edit_form *f, const char *msg)
{
	/* Copper's and api.c's own words are not field names */
	static const char *const boilerplate[] = {
		"invalid value for field", "copper refused the request", "check the values entered",
	};
	char *s = xstrdup(msg);
	for (size_t k = 0; k < ARRAY_SIZE(boilerplate); k++)
		for (char *p; (p = (char *)ifind(s, boilerplate[k]));)
			memset(p, ' ', strlen(boilerplate[k]));
	long best = -1;
	size_t best_len = 0;
	for (size_t i = 0; i < f->count; i++) {
		const struct edit_field *fld = &f->fields[i];
		char *cands[5] = { xstrdup(fld->label), xstrdup(priv_of(f, i)->layout_key),
				   fld->cf_id ? NULL : xstrdup(fld->key),
				   fld->cf_id ? NULL : humanized(fld->key, false),
				   fld->cf_id ? NULL : humanized(fld->key, true) };
		for (size_t k = 0; k < 5; k++) {
			size_t len = cands[k] ? strlen(cands[k]) : 0;
			for (const char *p = s; len >= 3 && len > best_len && (p = ifind(p, cands[k])); p++) {
				if ((p == s || !word_char(p[-1])) && !word_char(p[len])) {
					best = (long)i;
					best_len = len;
					break;
				}
			}
			free(cands[k]);
		}
	}
	free(s);
	return best;
}

long edit_apply_server_error(struct edit_form *f, const char *message)
{
	if (!f || !message)
		return -1;
	int64_t n;
	long hit = match_quoted(f, message);
	if (hit < 0 && ((n = number_after(message, "custom_fields[")) >= 0 ||
			(n = number_after(message, "custom field ")) >= 0 ||
			(n = number_after(message, "custom_field_definition_id")) >= 0))
		hit = custom_field_at(f, n);
	if (hit < 0)
		hit = match_words(f, message);
	if (hit >= 0) {
		free(f->fields[hit].error);
		f->fields[hit].error = clean_line(message);
	}
	return hit;
}

/* ---- drafts -------------------------------------------------------------- */

cJSON *edit_draft(const struct edit_form *f)
{
	if (!f)
		return NULL;
	cJSON *d = cJSON_CreateObject(), *changes = cJSON_CreateArray();
	const char *entity = entity_path(f->entity);
	cJSON_AddNumberToObject(d, "version", DRAFT_VERSION);
	if (entity)
		cJSON_AddStringToObject(d, "entity", entity);
	else
		cJSON_AddNullToObject(d, "entity");
	cJSON_AddNumberToObject(d, "id", (double)f->id);
	cJSON_AddItemToObject(d, "base", cJSON_Duplicate(f->base, true));
	for (size_t i = 0; i < f->count; i++) {
		const cJSON *c = change_of(f, i);
		if (!c)
			continue;
		cJSON *entry = cJSON_CreateObject();
		cJSON_AddStringToObject(entry, "key", f->fields[i].key);
		if (f->fields[i].cf_id)
			cJSON_AddNumberToObject(entry, "cf_id", (double)f->fields[i].cf_id);
		cJSON_AddItemToObject(entry, "value", cJSON_Duplicate(c, true));
		if (priv_of(f, i)->ref_name)
			cJSON_AddStringToObject(entry, "name", priv_of(f, i)->ref_name);
		cJSON_AddItemToArray(changes, entry);
	}
	cJSON_AddItemToObject(d, "changes", changes);
	return d;
}

/* Applies one change of a draft; a refusal names what is wrong. */
static char *apply_draft_change(struct edit_form *f, const cJSON *entry, bool *applied)
{
	const char *key = json_str(json_get(entry, "key"));
	const cJSON *cfv = json_get(entry, "cf_id"), *value = json_get(entry, "value");
	int64_t cf_id = 0;
	if (!cJSON_IsObject(entry) || !key || !value)
		return xstrdup("a change without a key or a value");
	if (cfv && (!json_whole(cfv, &cf_id) || cf_id <= 0))
		return xstrdup("a change with a bad custom field id");
	if (!cf_id && !strcmp(key, "custom_fields"))
		return xstrdup("a custom field change without its id");
	long i = find_field(f, key, cf_id);
	if (i < 0) {
		char *q = quote(key);
		char *m = cf_id ? xasprintf("it changes custom field %" PRId64 ", which this form does not have", cf_id)
				: xasprintf("it changes '%s', which this form does not have", q);
		free(q);
		return m;
	}
	if (applied[i])
		return xasprintf("two changes for %s", f->fields[i].label);
	applied[i] = true;
	const cJSON *name = json_get(entry, "name");
	cJSON *picked = NULL; /* a reference with its name, as a picker gives it */
	if (f->fields[i].type == EDIT_REFERENCE && json_str(name)) {
		picked = cJSON_CreateObject();
		cJSON_AddItemToObject(picked, "id", cJSON_Duplicate(value, true));
		cJSON_AddStringToObject(picked, "name", name->valuestring);
	}
	char *msg = NULL;
	cJSON *checked = check_json(f, (size_t)i, picked ? picked : value, &msg);
	cJSON_Delete(picked);
	if (!checked)
		return msg;
	record_value(f, (size_t)i, checked);
	after_change(f, (size_t)i);
	return NULL;
}

struct edit_form *edit_form_from_draft(const cJSON *draft, const cJSON *layout,
				       struct lookups *lookups, char **error)
{
	const cJSON *version = json_get(draft, "version"), *base = json_get(draft, "base");
	const cJSON *changes = json_get(draft, "changes"), *entry;
	const char *entity = json_str(json_get(draft, "entity"));
	enum entity e = ENT_COUNT;
	int64_t v = 0, id = 0;
	char *why = NULL;

	if (error)
		*error = NULL;
	if (!cJSON_IsObject(draft))
		why = xstrdup("it is not a JSON object");
	else if (!json_whole(version, &v))
		why = xstrdup("it has no version");
	else if (v != DRAFT_VERSION)
		why = xasprintf("it is version %" PRId64 "; this patina reads version %d", v, DRAFT_VERSION);
	else if (!entity || !entity_parse(entity, &e))
		why = xstrdup("it names no known record type");
	else if (!json_whole(json_get(draft, "id"), &id) || id < 0)
		why = xstrdup("its record id is not a whole number");
	else if (!cJSON_IsObject(base) && !(id == 0 && json_is_nothing(base)))
		why = xstrdup("its record is not a JSON object");
	else if (!cJSON_IsArray(changes))
		why = xstrdup("its changes are not a list");
	if (why) {
		if (error)
			*error = xasprintf("The draft cannot be used: %s.", why);
		free(why);
		return NULL;
	}

	/* the base decides, not the id: a record without a usable id still
	 * comes back as the edit it was, not as a create */
	struct edit_form *f = edit_form_new(e, layout,
					    cJSON_IsObject(base) && base->child ? base : NULL, lookups);
	f->id = id;
	bool *applied = xcalloc(f->count + 1, sizeof(*applied));
	cJSON_ArrayForEach(entry, changes)
		if ((why = apply_draft_change(f, entry, applied)))
			break;
	free(applied);
	if (why) {
		if (error)
			*error = xasprintf("The draft cannot be used: %s.", why);
		free(why);
		edit_form_free(f);
		return NULL;
	}
	return f;
}
