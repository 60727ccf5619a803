/* edit_form.c - building an edit form (edit.h): which fields a layout
 * gives and how each is edited, and where each value lives.
 *
 * The layout key -> record key mapping itself is fields.c's
 * (fields_record_key); the tables here say how each record key is edited.
 */
#include "config.h"

#include "model/edit.h"
#include "model/edit_internal.h"
#include "model/fields.h"
#include "model/layout.h"
#include "util/json.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CF_STRING_MAX 255  /* "Text fields are 255 chars or less!" (create-a-new-lead) */

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

/* ---- building a form ----------------------------------------------------- */

/* The field of a record key (cf_id 0) or of a custom field. */
long form_find_field(const struct edit_form *f, const char *key, int64_t cf_id)
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
			form_choices_from_list(fld, F->pipelines);
		else if (kt->lookup != LOOKUP_COUNT && l)
			form_choices_from_list(fld, lookups_get(l, kt->lookup));
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
			form_add_choice(fld, 0, values[k]);
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
		form_choices_from_list(fld, json_get(def, "options"));
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
	if (form_find_field(f, rk, cf_id) >= 0)
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
	/* "use the related items API call to delete and then add a new
	 * company_id" (update-a-person): not a PUT */
	if (!F->create && f->entity == ENT_PEOPLE && !strcmp(fld->key, "company_id")) {
		fld->type = EDIT_READONLY;
		fld->required = false;
		fld->readonly_why = "a person's company changes through its related items: i in "
				    "the detail pane moves it";
	}
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

/* The base and what every form needs, before its fields. */
static struct form *form_start(enum entity e, const cJSON *record, struct lookups *lookups)
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
	if (lookups && cJSON_IsArray(lookups_get(lookups, LOOKUP_PIPELINES)))
		F->pipelines = cJSON_Duplicate(lookups_get(lookups, LOOKUP_PIPELINES), true);
	return F;
}

/* A stage's choices are its pipeline's. */
static void form_finish(struct form *F)
{
	struct edit_form *f = &F->pub;
	long s = form_find_field(f, "pipeline_stage_id", 0);
	if (s >= 0 && f->fields[s].type == EDIT_CHOICE) {
		int64_t pid = 0;
		long p = form_find_field(f, "pipeline_id", 0);
		json_id(p >= 0 ? form_base_value(f, (size_t)p) : json_get(f->base, "pipeline_id"), &pid);
		form_set_stages(F, &f->fields[s], pid);
	}
}

struct edit_form *edit_form_new(enum entity e, const cJSON *layout, const cJSON *record,
				struct lookups *lookups)
{
	struct form *F = form_start(e, record, lookups);
	struct edit_form *f = &F->pub;
	if ((unsigned)e >= ENT_COUNT)
		return f;

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

	form_finish(F);
	return f;
}

struct edit_form *edit_form_of_fields(enum entity e, const struct edit_spec *specs, size_t n,
				      const cJSON *base, struct lookups *lookups)
{
	struct form *F = form_start(e, cJSON_IsObject(base) ? base : NULL, lookups);
	struct edit_form *f = &F->pub;
	F->create = false;
	for (size_t k = 0; k < n; k++) {
		if (!specs[k].key || form_find_field(f, specs[k].key, 0) >= 0)
			continue;
		f->fields = xrealloc(f->fields, (f->count + 1) * sizeof(*f->fields));
		F->priv = xrealloc(F->priv, (f->count + 1) * sizeof(*F->priv));
		size_t i = f->count++;
		struct edit_field *fld = &f->fields[i];
		struct fpriv *p = &F->priv[i];
		memset(fld, 0, sizeof(*fld));
		memset(p, 0, sizeof(*p));
		fld->key = xstrdup(specs[k].key);
		fld->ref_entity = ENT_COUNT;
		p->layout_key = clean_line(specs[k].key);
		p->clearable = true;
		if (specs[k].typed)
			fld->type = specs[k].type;
		else
			setup_static(F, i, lookups);
		fld->label = clean_line(specs[k].label ? specs[k].label : specs[k].key);
		fld->required = specs[k].required && fld->type != EDIT_READONLY;
		if (fld->required)
			p->clearable = false;
	}
	form_finish(F);
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
		form_free_choices(&f->fields[i]);
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
const cJSON *form_value_in(const cJSON *record, const struct edit_field *fld)
{
	if (!fld->cf_id)
		return json_get(record, fld->key);
	if (fld->cf_id > MAX_ID) /* never matches (json_id) */
		return NULL;
	const cJSON *entry = layout_find_id(json_get(record, "custom_fields"),
					    "custom_field_definition_id", fld->cf_id);
	return json_get(entry, "value");
}

const cJSON *form_base_value(const struct edit_form *f, size_t i)
{
	return form_value_in(f->base, &f->fields[i]);
}

const cJSON *form_change(const struct edit_form *f, size_t i)
{
	char k[24];
	snprintf(k, sizeof(k), "%zu", i);
	return cJSON_GetObjectItemCaseSensitive(f->changes, k);
}

int64_t form_current_id(const struct edit_form *f, long i)
{
	int64_t id = 0;
	return i >= 0 && json_id(edit_value(f, (size_t)i), &id) ? id : 0;
}

const cJSON *edit_value(const struct edit_form *f, size_t i)
{
	if (!f || i >= f->count)
		return NULL;
	const cJSON *c = form_change(f, i);
	return c ? c : form_base_value(f, i);
}

bool edit_field_changed(const struct edit_form *f, size_t i)
{
	return f && i < f->count && form_change(f, i) != NULL;
}

size_t edit_change_count(const struct edit_form *f)
{
	return f ? (size_t)cJSON_GetArraySize(f->changes) : 0;
}
