/* columns.c - see columns.h */
#include "config.h"

#include "model/columns.h"
#include "model/fields.h"
#include "util/sanitize.h"
#include "util/util.h"
#include "util/json.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- extraction from a record ----------------------------------------- */

static char *str_of(const cJSON *v)
{
	if (cJSON_IsString(v))
		return sanitize_line(v->valuestring, strlen(v->valuestring));
	if (cJSON_IsNumber(v))
		return xasprintf("%.15g", v->valuedouble);
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "yes" : "no");
	return xstrdup("");
}

static char *member(const cJSON *rec, const char *key)
{
	return str_of(cJSON_GetObjectItemCaseSensitive(rec, key));
}

static char *id_member(const cJSON *rec, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, key);
	return cJSON_IsNumber(v) ? xasprintf("%" PRId64, json_i64(v)) : xstrdup("");
}

static char *first_of(const cJSON *rec, const char *list, const char *key)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(rec, list);
	const cJSON *first = cJSON_IsArray(arr) ? cJSON_GetArrayItem(arr, 0) : NULL;
	return str_of(cJSON_GetObjectItemCaseSensitive(first, key));
}

static char *x_name(const cJSON *r) { return member(r, "name"); }
static char *x_company(const cJSON *r) { return member(r, "company_name"); }
static char *x_title(const cJSON *r) { return member(r, "title"); }
static char *x_email(const cJSON *r) { return first_of(r, "emails", "email"); }
static char *x_phone(const cJSON *r) { return first_of(r, "phone_numbers", "number"); }
static char *x_owner(const cJSON *r) { return id_member(r, "assignee_id"); }
static char *x_contact_type(const cJSON *r) { return id_member(r, "contact_type_id"); }
static char *x_stage(const cJSON *r) { return id_member(r, "pipeline_stage_id"); }
static char *x_source(const cJSON *r) { return id_member(r, "customer_source_id"); }
static char *x_lead_status(const cJSON *r) { return id_member(r, "status_id"); }
static char *x_status(const cJSON *r) { return member(r, "status"); }
static char *x_priority(const cJSON *r) { return member(r, "priority"); }
static char *x_close_date(const cJSON *r) { return member(r, "close_date"); }
static char *x_due(const cJSON *r) { return id_member(r, "due_date"); }

static char *x_city(const cJSON *r)
{
	return member(cJSON_GetObjectItemCaseSensitive(r, "address"), "city");
}

static char *x_lead_email(const cJSON *r)
{
	/* a lead has one email object, a person a list of them */
	return member(cJSON_GetObjectItemCaseSensitive(r, "email"), "email");
}

static char *x_value(const cJSON *r)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "monetary_value");
	if (!cJSON_IsNumber(v))
		return xstrdup("");
	char *unit = member(r, "monetary_unit");
	char *s = xasprintf("%.2f %s", v->valuedouble, unit);
	free(unit);
	return s;
}

/* "person:123": resolved to "Person: Jane Doe" when drawn, by which time
 * its name may have been learned. */
static char *x_related(const cJSON *r)
{
	const cJSON *rr = json_get(r, "related_resource");
	const char *type = json_member_str(rr, "type");
	int64_t id;
	enum entity e;
	if (!type || !entity_parse(type, &e) || !json_int64(json_get(rr, "id"), &id) || id <= 0)
		return xstrdup("");
	return xasprintf("%s:%" PRId64, entity_type_name(e), id);
}

/* ---- per entity --------------------------------------------------------- */

#define COL(title, sort, kind, min, weight, right, fn) { title, sort, kind, min, weight, right, fn }

static const struct column people[] = {
	COL("Name", "name", CELL_TEXT, 12, 4, false, x_name),
	COL("Company", "company_name", CELL_TEXT, 10, 3, false, x_company),
	COL("Title", "title", CELL_TEXT, 8, 2, false, x_title),
	COL("Email", "email", CELL_TEXT, 10, 3, false, x_email),
	COL("Phone", "phone", CELL_TEXT, 8, 2, false, x_phone),
	COL("Owner", "assignee", CELL_USER, 6, 2, false, x_owner),
};

static const struct column companies[] = {
	COL("Name", "name", CELL_TEXT, 12, 4, false, x_name),
	COL("City", "city", CELL_TEXT, 8, 2, false, x_city),
	COL("Phone", "phone", CELL_TEXT, 8, 2, false, x_phone),
	COL("Owner", "assignee", CELL_USER, 6, 2, false, x_owner),
	COL("Type", "contact_group", CELL_CONTACT_TYPE, 6, 2, false, x_contact_type),
};

static const struct column leads[] = {
	COL("Name", "name", CELL_TEXT, 12, 4, false, x_name),
	COL("Company", "company_name", CELL_TEXT, 10, 3, false, x_company),
	COL("Status", "status", CELL_LEAD_STATUS, 6, 2, false, x_lead_status),
	COL("Source", "source", CELL_SOURCE, 6, 2, false, x_source),
	COL("Value", "value", CELL_MONEY, 12, 2, true, x_value),
	COL("Owner", "assignee", CELL_USER, 6, 2, false, x_owner),
	COL("Email", "email", CELL_TEXT, 8, 2, false, x_lead_email),
};

static const struct column opportunities[] = {
	COL("Name", "name", CELL_TEXT, 12, 4, false, x_name),
	COL("Company", "company_name", CELL_TEXT, 10, 3, false, x_company),
	COL("Stage", "stage", CELL_STAGE, 8, 2, false, x_stage),
	COL("Value", "value", CELL_MONEY, 12, 2, true, x_value),
	COL("Close", "close_date", CELL_CLOSE_DATE, 10, 1, false, x_close_date),
	COL("Status", "status", CELL_TEXT, 6, 1, false, x_status),
	COL("Owner", "assignee", CELL_USER, 6, 2, false, x_owner),
};

static const struct column projects[] = {
	COL("Name", "name", CELL_TEXT, 12, 5, false, x_name),
	COL("Status", "status", CELL_TEXT, 8, 1, false, x_status),
	COL("Owner", "assignee", CELL_USER, 6, 2, false, x_owner),
	COL("Related", "related_to", CELL_RELATED, 8, 2, false, x_related),
};

static const struct column tasks[] = {
	COL("Name", "name", CELL_TEXT, 12, 5, false, x_name),
	COL("Due", "due_date", CELL_DATE, 10, 1, false, x_due),
	COL("Priority", "priority", CELL_TEXT, 6, 1, false, x_priority),
	COL("Status", "status", CELL_TEXT, 6, 1, false, x_status),
	COL("Related", "related_to", CELL_RELATED, 8, 2, false, x_related),
	COL("Owner", "assignee", CELL_USER, 6, 2, false, x_owner),
};

/* A column's key: its title in lower case ("Close" -> "close"). */
static void key_of(const struct column *c, char *out, size_t size)
{
	size_t i = 0;
	for (; c->title[i] && i + 1 < size; i++)
		out[i] = (char)(c->title[i] >= 'A' && c->title[i] <= 'Z' ? c->title[i] + 32 : c->title[i]);
	out[i] = '\0';
}

const struct column *columns_for(enum entity e, size_t *count)
{
	static const struct { const struct column *cols; size_t n; } table[ENT_COUNT] = {
		[ENT_PEOPLE] = { people, ARRAY_SIZE(people) },
		[ENT_COMPANIES] = { companies, ARRAY_SIZE(companies) },
		[ENT_LEADS] = { leads, ARRAY_SIZE(leads) },
		[ENT_OPPORTUNITIES] = { opportunities, ARRAY_SIZE(opportunities) },
		[ENT_PROJECTS] = { projects, ARRAY_SIZE(projects) },
		[ENT_TASKS] = { tasks, ARRAY_SIZE(tasks) },
	};
	*count = table[e].n;
	return table[e].cols;
}

/* ---- display ------------------------------------------------------------ */

static char *resolved(const char *raw, const char *name)
{
	if (name)
		return xstrdup(name);
	return *raw ? xasprintf("#%s", raw) : xstrdup("");
}

static char *related_display(const char *raw, const struct refnames *names)
{
	const char *colon = strchr(raw, ':');
	char *type = colon ? xstrndup(raw, (size_t)(colon - raw)) : NULL;
	enum entity e;
	int64_t id;
	char *out;
	if (!type || !entity_parse(type, &e) || !str_to_i64(colon + 1, &id)) {
		out = xstrdup(raw);
	} else {
		const char *name = names ? refnames_get(names, e, id) : NULL;
		out = name ? xasprintf("%s: %s", entity_title(e), name)
			   : xasprintf("%s #%" PRId64, entity_title(e), id);
	}
	free(type);
	return out;
}

char *columns_display(const struct column *c, const char *raw, struct lookups *l,
		      const struct refnames *names)
{
	int64_t id = 0;
	bool has_id = str_to_i64(raw, &id);
	switch (c->kind) {
	case CELL_USER:
		return resolved(raw, has_id && l ? lookups_user_name(l, id) : NULL);
	case CELL_STAGE:
		return resolved(raw, has_id && l ? lookups_stage_name(l, id) : NULL);
	case CELL_CONTACT_TYPE:
		return resolved(raw, has_id && l ? lookups_name(l, LOOKUP_CONTACT_TYPES, id) : NULL);
	case CELL_SOURCE:
		return resolved(raw, has_id && l ? lookups_name(l, LOOKUP_CUSTOMER_SOURCES, id) : NULL);
	case CELL_LEAD_STATUS:
		return resolved(raw, has_id && l ? lookups_name(l, LOOKUP_LEAD_STATUSES, id) : NULL);
	case CELL_MONEY: {
		if (!*raw)
			return xstrdup("");
		char *end;
		double v = strtod(raw, &end);
		while (*end == ' ')
			end++;
		return fields_format_money(v, *end ? end : NULL);
	}
	case CELL_DATE:
		return has_id ? fields_format_date(id) : xstrdup(raw);
	case CELL_CLOSE_DATE: {
		char *date = fields_format_date_string(raw);
		return date ? date : xstrdup(raw);
	}
	case CELL_RELATED:
		return *raw ? related_display(raw, names) : xstrdup("");
	case CELL_TEXT:
	default:
		return xstrdup(raw);
	}
}

void columns_layout(const struct column *cols, size_t count, int total, int *widths)
{
	int used = 0, weights = 0;
	for (size_t i = 0; i < count; i++) {
		widths[i] = cols[i].min_width;
		used += widths[i] + (i ? 1 : 0);
		weights += cols[i].weight;
	}
	if (used > total) {
		/* too narrow: drop columns from the right, keep the first */
		for (size_t i = count; i-- > 1 && used > total;) {
			used -= widths[i] + 1;
			widths[i] = 0;
		}
		if (used > total)
			widths[0] = total > 0 ? total : 0;
		return;
	}
	int spare = total - used, given = 0;
	for (size_t i = 0; i < count; i++) {
		int extra = weights ? spare * cols[i].weight / weights : 0;
		widths[i] += extra;
		given += extra;
	}
	widths[0] += spare - given;
}

char *columns_fit(const char *s, int width, bool right_align)
{
	struct strbuf sb = {0};
	if (width <= 0)
		return xstrdup("");
	int w = text_width(s), used;
	if (w <= width) {
		if (right_align)
			for (int i = w; i < width; i++)
				sb_putc(&sb, ' ');
		sb_puts(&sb, s);
		used = w;
	} else {
		size_t n = text_fit(s, width - 1, &used);
		sb_append(&sb, s, n);
		sb_puts(&sb, "\xe2\x80\xa6"); /* … */
		used++;
	}
	if (!right_align || w > width)
		for (; used < width; used++)
			sb_putc(&sb, ' ');
	return sb_detach(&sb);
}

/* ---- the user's choice ------------------------------------------------------ */

void columns_choice_all(enum entity e, struct column_choice *out)
{
	size_t n;
	columns_for(e, &n);
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n && i < COLUMNS_MAX; i++)
		out->index[out->n++] = (int)i;
}

static char *known_keys(const struct column *cols, size_t n)
{
	struct strbuf sb = {0};
	char key[32];
	for (size_t i = 0; i < n; i++) {
		key_of(&cols[i], key, sizeof(key));
		sb_printf(&sb, "%s%s", i ? ", " : "", key);
	}
	return sb_detach(&sb);
}

bool columns_parse_choice(enum entity e, const char *spec, struct column_choice *out,
			  char **error)
{
	size_t n;
	const struct column *cols = columns_for(e, &n);
	memset(out, 0, sizeof(*out));
	char *copy = xstrdup(spec), *save = NULL;
	*error = NULL;
	for (char *w = strtok_r(copy, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
		char *colon = strchr(w, ':');
		int64_t width = 0;
		if (colon) {
			*colon = '\0';
			if (!str_to_i64(colon + 1, &width) || width < 1 || width > 500) {
				*error = xasprintf("%s: the width after ':' must be a number of columns "
						   "from 1 to 500, not '%s'", w, colon + 1);
				break;
			}
		}
		size_t i;
		char key[32];
		for (i = 0; i < n; i++) {
			key_of(&cols[i], key, sizeof(key));
			if (!strcasecmp(key, w))
				break;
		}
		if (i == n) {
			char *known = known_keys(cols, n);
			*error = xasprintf("unknown column '%s' for %s (known: %s)", w,
					   entity_plural(e), known);
			free(known);
			break;
		}
		for (size_t k = 0; k < out->n; k++)
			if (out->index[k] == (int)i && !*error)
				*error = xasprintf("column '%s' is named twice", w);
		if (*error)
			break;
		if (out->n == COLUMNS_MAX) {
			*error = xasprintf("at most %d columns", COLUMNS_MAX);
			break;
		}
		out->index[out->n] = (int)i;
		out->width[out->n++] = (int)width;
	}
	free(copy);
	if (!*error && !out->n)
		*error = xstrdup("no column named: give at least one, e.g. name");
	return !*error;
}

char *columns_format_choice(enum entity e, const struct column_choice *c)
{
	size_t n;
	const struct column *cols = columns_for(e, &n);
	struct strbuf sb = {0};
	char key[32];
	sb_reserve(&sb, 0);
	for (size_t i = 0; i < c->n; i++) {
		key_of(&cols[c->index[i]], key, sizeof(key));
		sb_printf(&sb, "%s%s", i ? " " : "", key);
		if (c->width[i])
			sb_printf(&sb, ":%d", c->width[i]);
	}
	return sb_detach(&sb);
}

char *columns_check_setting(const char *entity, const char *spec)
{
	enum entity e;
	if (!entity_parse(entity, &e))
		return xasprintf("columns.%s: no such list (columns.people, columns.companies, "
				 "columns.leads, columns.opportunities, columns.projects, "
				 "columns.tasks)", entity);
	struct column_choice c;
	char *error;
	if (columns_parse_choice(e, spec, &c, &error))
		return NULL;
	char *msg = xasprintf("columns.%s: %s", entity, error);
	free(error);
	return msg;
}

bool columns_remembered(const char *text, enum entity e, struct column_choice *out)
{
	const char *name = entity_plural(e);
	size_t len = strlen(name);
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n > len && !strncasecmp(line, name, len) && line[len] == ' ') {
			char *spec = xstrndup(line + len + 1, n - len - 1), *error = NULL;
			bool ok = columns_parse_choice(e, spec, out, &error);
			free(spec);
			free(error);
			return ok;
		}
		line = end ? end + 1 : NULL;
	}
	return false;
}

char *columns_remember(const char *text, enum entity e, const char *spec)
{
	const char *name = entity_plural(e);
	size_t len = strlen(name);
	struct strbuf sb = {0};
	sb_reserve(&sb, 0);
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (n && !(n > len && !strncasecmp(line, name, len) && line[len] == ' ')) {
			sb_append(&sb, line, n);
			sb_putc(&sb, '\n');
		}
		line = end ? end + 1 : NULL;
	}
	sb_printf(&sb, "%s %s\n", name, spec);
	return sb_detach(&sb);
}

/* Money and dates are never cut ("368,000.35 \u2026" hides the currency):
 * their minimum is their content, up to a bound. */
static int floor_width(const struct column *c, int want)
{
	bool whole = c->kind == CELL_MONEY || c->kind == CELL_DATE || c->kind == CELL_CLOSE_DATE;
	if (whole && want > c->min_width)
		return want < 24 ? want : 24;
	return c->min_width;
}

void columns_fit_layout(const struct column *cols, const struct column_choice *choice,
			const int *want, int total, int *widths)
{
	size_t n = choice->n;
	int floors[COLUMNS_MAX];
	int used = 0, weights = 0, excess = 0, floor_sum = 0;
	for (size_t i = 0; i < n; i++) {
		const struct column *c = &cols[choice->index[i]];
		int w = choice->width[i];
		floors[i] = w ? w : floor_width(c, want[i]);
		if (!w) {
			w = want[i] > floors[i] ? want[i] : floors[i];
			if (w > total * 3 / 5)
				w = total * 3 / 5 > floors[i] ? total * 3 / 5 : floors[i];
			weights += c->weight;
			excess += w - floors[i];
		}
		widths[i] = w;
		floor_sum += floors[i] + (i ? 1 : 0);
		used += w + (i ? 1 : 0);
	}
	if (used > total && floor_sum <= total) {
		/* too wide: every flexible column gives up the same share of what
		 * it has above its floor */
		int room = total - floor_sum, given = 0;
		size_t first = n;
		for (size_t i = 0; i < n; i++) {
			if (choice->width[i])
				continue;
			int over = widths[i] - floors[i];
			int keep = excess ? (int)((long)over * room / excess) : 0;
			widths[i] = floors[i] + keep;
			given += keep;
			if (first == n)
				first = i;
		}
		if (first < n)
			widths[first] += room - given; /* the rounding, to the name */
		return;
	}
	if (used > total) {
		/* narrower than the floors: floors, then drop columns from the right */
		used = floor_sum;
		for (size_t i = 0; i < n; i++)
			widths[i] = floors[i];
		for (size_t i = n; i-- > 1 && used > total;) {
			used -= widths[i] + 1;
			widths[i] = 0;
		}
		if (used > total)
			widths[0] = total > 0 ? total : 0;
		return;
	}
	/* room to spare: by weight among the flexible ones, the rest to the first */
	int spare = total - used, given = 0;
	size_t first_flexible = n;
	for (size_t i = 0; i < n; i++) {
		if (choice->width[i])
			continue;
		if (first_flexible == n)
			first_flexible = i;
		int extra = weights ? spare * cols[choice->index[i]].weight / weights : 0;
		widths[i] += extra;
		given += extra;
	}
	if (first_flexible < n)
		widths[first_flexible] += spare - given;
}
