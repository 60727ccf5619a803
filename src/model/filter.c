/* filter.c - see filter.h */
#include "config.h"

#include "model/filter.h"
#include "model/number.h"
#include "copper/lookups.h"
#include "model/dates.h"
#include "model/filter_internal.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define M_PE (1u << ENT_PEOPLE)
#define M_CO (1u << ENT_COMPANIES)
#define M_LE (1u << ENT_LEADS)
#define M_OP (1u << ENT_OPPORTUNITIES)
#define M_PR (1u << ENT_PROJECTS)
#define M_TA (1u << ENT_TASKS)
#define M_ALL (M_PE | M_CO | M_LE | M_OP | M_PR | M_TA)
#define LIST_MAX 5  /* names listed in an error */
#define SHOW_MAX 60 /* bytes of a term repeated in an error */

static const char *const opp_statuses[] = { "Open", "Won", "Lost", "Abandoned", NULL };
static const char *const work_statuses[] = { "Open", "Completed", NULL };
static const char *const priorities[] = { "None", "Low", "Medium", "High", NULL };
static const char *const yes_no[] = { "yes", "no", NULL };

/* The first row of a key whose mask has the entity wins. See the search
 * pages of the API reference: each field here is in the entity's table. */
static const struct keydef keydefs[] = {
	{ "name", M_ALL & ~M_TA, K_NAME, "name" },
	{ "owner", M_ALL, K_OWNER, "assignee_ids", LOOKUP_USERS, .none = true, .what = "user", .whats = "users" },
	{ "tag", M_ALL, K_TAG, "tags", LOOKUP_TAGS, .what = "tag", .whats = "tags" },
	{ "status", M_OP, K_FIXED, "status_ids", .names = opp_statuses, .ids = true, .what = "status",
	  .whats = "statuses" },
	{ "status", M_LE, K_LOOKUP, "status_ids", LOOKUP_LEAD_STATUSES, .what = "lead status",
	  .whats = "lead statuses" },
	{ "status", M_PR | M_TA, K_FIXED, "statuses", .names = work_statuses, .what = "status",
	  .whats = "statuses" },
	{ "stage", M_OP, K_STAGE, "pipeline_stage_ids", LOOKUP_PIPELINES, .what = "stage", .whats = "stages" },
	{ "pipeline", M_OP, K_LOOKUP, "pipeline_ids", LOOKUP_PIPELINES, .what = "pipeline",
	  .whats = "pipelines" },
	{ "type", M_PE | M_CO, K_LOOKUP, "contact_type_ids", LOOKUP_CONTACT_TYPES, .what = "contact type",
	  .whats = "contact types" },
	{ "source", M_LE, K_LOOKUP, "customer_source_ids", LOOKUP_CUSTOMER_SOURCES, .what = "customer source",
	  .whats = "customer sources" },
	{ "source", M_OP, K_LOOKUP, "customer_source_ids", LOOKUP_CUSTOMER_SOURCES, .none = true,
	  .what = "customer source", .whats = "customer sources" },
	{ "loss", M_OP, K_LOOKUP, "loss_reason_ids", LOOKUP_LOSS_REASONS, .none = true, .what = "loss reason",
	  .whats = "loss reasons" },
	{ "priority", M_OP, K_FIXED, "priorities", .names = priorities, .what = "priority",
	  .whats = "priorities" },
	{ "company", M_PE, K_COMPANY, "company_ids", .none = true },
	{ "company", M_OP, K_COMPANY, "company_ids" },
	{ "city", M_PE | M_CO | M_LE, K_TEXT, "city" },
	{ "state", M_PE | M_CO | M_LE, K_TEXT, "state" },
	{ "zip", M_PE | M_CO | M_LE, K_TEXT, "postal_code" },
	{ "country", M_PE | M_CO | M_LE, K_COUNTRY, "country" },
	{ "value", M_LE | M_OP, K_MONEY, "monetary_value" },
	{ "interactions", M_PE | M_CO | M_LE | M_OP, K_COUNT, "interaction_count" },
	{ "closes", M_OP, K_DATE, "close_date", .dir = D_FUTURE },
	{ "due", M_TA, K_DATE, "due_date", .dir = D_FUTURE },
	{ "created", M_ALL, K_DATE, "created_date", .dir = D_PAST },
	{ "modified", M_LE | M_OP | M_PR | M_TA, K_DATE, "modified_date", .dir = D_PAST },
	{ "contacted", M_PE | M_CO | M_LE | M_OP, K_DATE, "interaction_date", .dir = D_PAST },
	{ "followed", M_ALL, K_FOLLOWED, "followed", .names = yes_no },
	{ "cf", M_ALL, K_CF, "custom_fields" },
};

struct parser {
	const struct filter_context *ctx;
	cJSON *body;
	struct strbuf name; /* free words */
	const char *term;   /* the term being applied, for messages */
	size_t term_len;
	char *error;
};

struct term {
	char *key;        /* unquoted; NULL for a free word */
	bool quoted;      /* the key was quoted: a custom field's name */
	enum cmp cmp;
	char *value;      /* unquoted and trimmed */
	const char *vraw; /* the value as typed */
	size_t vlen;
};

/* ---- terms -------------------------------------------------------------- */

static bool PRINTF_LIKE(2, 3) fail(struct parser *p, const char *fmt, ...);

/* Records the first error, naming the term; always false. */
static bool fail(struct parser *p, const char *fmt, ...)
{
	if (p->error)
		return false;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	bool cut = p->term_len > SHOW_MAX;
	char *full = xasprintf("%.*s%s: %s", (int)(cut ? SHOW_MAX : p->term_len), p->term,
			       cut ? "..." : "", msg);
	p->error = sanitize_line(full, strlen(full));
	free(full);
	free(msg);
	return false;
}

/* Splits a term into key, comparison and value (t is always safe to free). */
static bool split(struct parser *p, const char *raw, size_t len, struct term *t)
{
	memset(t, 0, sizeof(*t));
	size_t k = filter_scan(raw, 0, len, true, NULL);
	if (k == len) {
		t->value = str_trim(filter_unquote(raw, len));
		return true;
	}
	size_t i = filter_skip_op(raw, k, len, &t->cmp);
	t->key = str_trim(filter_unquote(raw, k));
	t->quoted = memchr(raw, '"', k) != NULL;
	t->vraw = raw + i;
	t->vlen = len - i;
	t->value = str_trim(filter_unquote(t->vraw, t->vlen));
	if (!*t->key)
		return fail(p, "missing key before '%c'", raw[k]);
	return *t->value || fail(p, "missing value after '%.*s'", (int)i, raw);
}

static void term_free(struct term *t)
{
	free(t->key);
	free(t->value);
}

/* ---- keys --------------------------------------------------------------- */

const char *const *filter_keys(enum entity e)
{
	static const char *keys[ENT_COUNT][ARRAY_SIZE(keydefs) + 1];
	static const char *const none[] = { NULL };
	static bool built; /* filled once, on the UI thread */
	if ((unsigned)e >= ENT_COUNT)
		return none;
	for (int x = 0; !built && x < ENT_COUNT; x++) {
		for (size_t i = 0, n = 0; i < ARRAY_SIZE(keydefs); i++) {
			bool dup = false;
			for (size_t j = 0; j < n; j++)
				dup |= !strcmp(keys[x][j], keydefs[i].key);
			if ((keydefs[i].mask & (1u << x)) && !dup)
				keys[x][n++] = keydefs[i].key;
		}
	}
	built = true;
	return keys[e];
}

const struct keydef *filter_find_key(const char *key, unsigned mask)
{
	for (size_t i = 0; i < ARRAY_SIZE(keydefs); i++)
		if ((keydefs[i].mask & mask) && !casecmp(keydefs[i].key, key))
			return &keydefs[i];
	return NULL;
}

static char *key_list(enum entity e)
{
	struct strbuf sb = { 0 };
	for (const char *const *k = filter_keys(e); *k; k++)
		sb_printf(&sb, "%s%s", sb.len ? ", " : "", *k);
	return sb_detach(&sb);
}

/* ---- names -------------------------------------------------------------- */

void filter_cand_add(struct cands *c, const cJSON *obj, double id, const char *name,
		     const char *alt)
{
	c->v = xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	c->v[c->n++] = (struct cand){ name, alt, id, obj, NULL };
}

/* Adds an {"id", "name"} object (with a user's "email") or a plain string. */
static void add_one(struct cands *c, const cJSON *e)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
	const cJSON *email = cJSON_GetObjectItemCaseSensitive(e, "email");
	if (cJSON_IsString(e))
		filter_cand_add(c, e, 0, e->valuestring, NULL);
	else if (cJSON_IsString(name))
		filter_cand_add(c, e, cJSON_IsNumber(id) ? id->valuedouble : 0, name->valuestring,
			 cJSON_IsString(email) ? email->valuestring : NULL);
}

bool filter_resolvable(const struct keydef *kd)
{
	return kd->kind >= K_OWNER && kd->kind <= K_FIXED;
}

/* The names a key's value may take; false while their look-up is missing. */
bool filter_gather(const struct filter_context *ctx, const struct keydef *kd, struct cands *c)
{
	const cJSON *data = NULL, *e, *s;
	for (int i = 0; kd->names && kd->names[i]; i++)
		filter_cand_add(c, NULL, i, kd->names[i], NULL);
	if (kd->names)
		return true;
	if (ctx->lookups)
		data = lookups_get(ctx->lookups, (enum lookup)kd->lookup);
	cJSON_ArrayForEach(e, data) {
		if (kd->kind != K_STAGE)
			add_one(c, e);
		else
			cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(e, "stages"))
				add_one(c, s);
	}
	return cJSON_IsArray(data);
}

/* The custom field definitions available on the entity. */
static bool gather_fields(const struct filter_context *ctx, struct cands *c)
{
	const cJSON *defs = ctx->lookups ? lookups_get(ctx->lookups, LOOKUP_CUSTOM_FIELDS) : NULL, *d, *x;
	cJSON_ArrayForEach(d, defs) {
		const cJSON *on = cJSON_GetObjectItemCaseSensitive(d, "available_on");
		bool ok = !cJSON_IsArray(on);
		cJSON_ArrayForEach(x, on)
			ok |= cJSON_IsString(x) && !strcmp(x->valuestring, entity_type_name(ctx->entity));
		if (ok)
			add_one(c, d);
	}
	return cJSON_IsArray(defs);
}

static const char *tier_key(int tier, const struct cand *c, const char *v)
{
	if (tier == 0)
		return !casecmp(c->name, v) ? c->name : c->alt && !casecmp(c->alt, v) ? c->alt : NULL;
	return (tier == 1 ? has_prefix(c->name, v) : word_prefix(c->name, v)) ? c->name : NULL;
}

/* Up to LIST_MAX distinct names: of all the candidates, or of the hits. */
static char *name_list(const struct cands *c, bool hits)
{
	struct strbuf sb = { 0 };
	size_t shown = 0;
	for (size_t i = 0; i < c->n; i++) {
		const char *n = hits ? c->v[i].hit : c->v[i].name;
		bool seen = !n;
		for (size_t j = 0; j < i && !seen; j++) {
			const char *m = hits ? c->v[j].hit : c->v[j].name;
			seen = m && !casecmp(m, n);
		}
		if (!seen && shown++ == LIST_MAX) {
			sb_puts(&sb, ", ...");
			break;
		}
		if (!seen)
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", n);
	}
	return sb_detach(&sb);
}

/* Marks the candidates value names: an exact name (or email), else the one
 * name it prefixes, else the one name with a word it prefixes.  Names equal
 * but for case count as one: a stage in several pipelines gives them all. */
static bool pick(struct parser *p, struct cands *c, const char *value, const char *what, const char *whats)
{
	char *list;
	for (int tier = 0; tier < 3; tier++) {
		const char *first = NULL;
		bool many = false;
		for (size_t i = 0; i < c->n; i++) {
			const char *hit = c->v[i].hit = tier_key(tier, &c->v[i], value);
			many |= hit && first && casecmp(first, hit);
			first = first ? first : hit;
		}
		if (first && !many)
			return true;
		if (many) {
			fail(p, "'%s' matches several %s: %s", value, whats, list = name_list(c, true));
			free(list);
			return false;
		}
	}
	list = name_list(c, false);
	fail(p, "no %s named '%s' (%s: %s)", what, value, whats, c->n ? list : "none");
	free(list);
	return false;
}

/* ---- the body ----------------------------------------------------------- */

static void add_unique(cJSON *obj, const char *field, cJSON *item)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, field), *e;
	if (!arr)
		arr = cJSON_AddArrayToObject(obj, field);
	cJSON_ArrayForEach(e, arr) {
		if (cJSON_Compare(e, item, true)) {
			cJSON_Delete(item);
			return;
		}
	}
	cJSON_AddItemToArray(arr, item);
}

/* Sets a single-valued field; the same value again is fine. */
static bool put(struct parser *p, cJSON *obj, const char *field, cJSON *item)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(obj, field);
	bool same = old && cJSON_Compare(old, item, true);
	if (!old)
		cJSON_AddItemToObject(obj, field, item);
	else
		cJSON_Delete(item);
	return !old || same || fail(p, "conflicts with an earlier term (the search takes a single '%s')", field);
}

struct span {
	bool has_lo, has_hi;
	double lo, hi;
};

static bool put_range(struct parser *p, cJSON *obj, const char *suffix, const struct span *s)
{
	char *lo = xasprintf("minimum_%s", suffix), *hi = xasprintf("maximum_%s", suffix);
	bool ok = (!s->has_lo || put(p, obj, lo, cJSON_CreateNumber(s->lo))) &&
		  (!s->has_hi || put(p, obj, hi, cJSON_CreateNumber(s->hi)));
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, lo), *b = cJSON_GetObjectItemCaseSensitive(obj, hi);
	if (ok && a && b && a->valuedouble > b->valuedouble)
		ok = fail(p, "no record can match: %s would be above %s", lo, hi);
	free(lo);
	free(hi);
	return ok;
}

/* 10000, 10,000, 10k, 1.5m, $250 (exact decimals: 0.3k is 300) */
/* An amount as typed in a filter: a number (model/number.h) after an
 * optional '$'; never negative. */
static bool amount(const char *s, double *out)
{
	return number_parse(s + (*s == '$'), out) && *out >= 0 && *s != '-' && s[*s == '$'] != '-';
}

/* The smallest difference two values of a field can have. */
enum step { STEP_WHOLE, STEP_CENT, STEP_ANY };

/* Copper's minimum_ and maximum_ bounds include the value, so > and <
 * step past it by the smallest difference the field can have: 1 for a
 * count, a cent for money, the next double for a custom number (dates
 * step a second: date_span). >= and <= send the value itself. */
static bool num_range(struct parser *p, cJSON *obj, const char *suffix, enum cmp cmp, double v,
		      enum step step)
{
	struct span s = { cmp != LT && cmp != LE, cmp != GT && cmp != GE, v, v };
	if (cmp == GT)
		s.lo = step == STEP_WHOLE ? v + 1 : step == STEP_CENT ? floor(v * 100 + 1e-6) / 100 + 0.01
			: nextafter(v, INFINITY);
	if (cmp == LT)
		s.hi = step == STEP_WHOLE ? v - 1 : step == STEP_CENT ? ceil(v * 100 - 1e-6) / 100 - 0.01
			: nextafter(v, -INFINITY);
	return put_range(p, obj, suffix, &s);
}

static bool yes_or_no(const char *v, bool *out)
{
	static const char *const words[] = { "yes", "no", "y", "n", "true", "false", "1", "0" };
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		if (!casecmp(v, words[i])) {
			*out = i % 2 == 0;
			return true;
		}
	}
	return false;
}

/* ---- dates -------------------------------------------------------------- */

static double local_day(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1 };
	return (double)mktime(&tm);
}

static const char *digits_at(const char *s, int max, int *out)
{
	int n = 0;
	for (*out = 0; n < max && s[n] >= '0' && s[n] <= '9'; n++)
		*out = *out * 10 + (s[n] - '0');
	return n ? s + n : NULL;
}

/* A day, month or year as [start, end] local time: 1 ok, 0 not a date, -1 no such date. */
static int period(const char *s, int64_t now, double *start, double *end)
{
	static const char *const rel[] = { "yesterday", "today", "tomorrow" };
	int y, m = 0, d = 0;
	for (int i = 0; i < 3; i++) {
		time_t t = (time_t)now;
		struct tm tm;
		if (casecmp(s, rel[i]))
			continue;
		if (!localtime_r(&t, &tm))
			return -1;
		*start = local_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday + i - 1);
		*end = local_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday + i) - 1;
		return 1;
	}
	const char *q = digits_at(s, 4, &y);
	bool has_m = false, has_d = false;
	if (!q || q - s != 4 || (*q == '-' && !(has_m = (q = digits_at(q + 1, 2, &m)) != NULL)))
		return 0;
	if ((has_m && *q == '-' && !(has_d = (q = digits_at(q + 1, 2, &d)) != NULL)) || *q)
		return 0;
	if (y < 1970 || (has_m && !date_valid((struct ymd){ y, m, has_d ? d : 1 })))
		return -1;
	*start = local_day(y, has_m ? m : 1, has_d ? d : 1);
	*end = local_day(y + !has_m, has_m ? m + !has_d : 1, has_d ? d + 1 : 1) - 1;
	return *start < 0 || *end < *start ? -1 : 1;
}

static bool date_span(struct parser *p, enum dir dir, enum cmp cmp, const char *v, struct span *s)
{
	int64_t now = p->ctx->now;
	double a, b, c, d;
	int n;
	const char *dots = strstr(v, ".."), *q = digits_at(v, 5, &n);
	const char *eg = dir == D_NONE ? "2026-12-31, 2026-12, 2026 or today"
		: dir == D_PAST ? "2026-12-31, 2026-12, today or 30d" : "2026-12-31, 2026-12, today, 30d or overdue";
	*s = (struct span){ cmp != LT && cmp != LE, cmp != GT && cmp != GE, 0, 0 };
	if (dots) {
		char *first = xstrndup(v, (size_t)(dots - v));
		int r1 = period(first, now, &a, &b), r2 = period(dots + 2, now, &c, &d);
		free(first);
		if (cmp != EQ)
			return fail(p, "a range A..B takes ':' (e.g. created:2026-01..2026-03)");
		if (r1 <= 0 || r2 <= 0)
			return fail(p, "expected a range of dates like 2026-01-01..2026-03-31");
		*s = (struct span){ true, true, a, d };
		return c >= a || fail(p, "the range ends before it starts");
	}
	if (!casecmp(v, "overdue")) { /* before today */
		if (dir != D_FUTURE || cmp != EQ)
			return fail(p, "'overdue' is only for closes:overdue and due:overdue");
		period("today", now, &a, &b);
		*s = (struct span){ false, true, 0, a - 1 };
		return true;
	}
	if (q && (*q == 'd' || *q == 'w') && !q[1]) { /* within / beyond n days of now */
		if (dir == D_NONE)
			return fail(p, "relative dates like 30d do not apply here; use a date like %s", eg);
		double delta = n * (*q == 'w' ? 7.0 : 1.0) * 86400, far = dir == D_PAST ? now - delta : now + delta;
		if (cmp == GT || cmp == GE) /* beyond: only the far bound */
			*s = (struct span){ dir == D_FUTURE, dir == D_PAST, far, far };
		else                        /* within: between now and far */
			*s = (struct span){ true, true, dir == D_PAST ? far : now, dir == D_PAST ? now : far };
		return true;
	}
	int r = period(v, now, &a, &b);
	if (r <= 0)
		return r < 0 ? fail(p, "'%s' is not a valid date", v) : fail(p, "expected a date like %s", eg);
	s->lo = cmp == GT ? b + 1 : a;
	s->hi = cmp == LT ? a - 1 : b;
	return true;
}

/* ---- applying terms ----------------------------------------------------- */

static bool add_name(struct parser *p, const char *words)
{
	if (p->ctx->entity == ENT_TASKS) {
		char *keys = key_list(ENT_TASKS);
		fail(p, "tasks cannot be searched by name (the API has no name filter for tasks); keys: %s", keys);
		free(keys);
		return false;
	}
	if (*words)
		sb_printf(&p->name, "%s%s", p->name.len ? " " : "", words);
	return true;
}

static bool resolve(struct parser *p, const struct keydef *kd, const char *v)
{
	struct cands c = { 0 };
	int64_t id = -2;
	bool ok, me = kd->kind == K_OWNER && !casecmp(v, "me");
	if (me && p->ctx->me_id <= 0)
		return fail(p, "the API user is not known yet; try again in a moment");
	if (me || (kd->none && !casecmp(v, "none")) ||
	    (!kd->names && kd->kind != K_TAG && str_to_i64(v, &id) && id > 0)) { /* an id as such */
		add_unique(p->body, kd->field, cJSON_CreateNumber((double)(me ? p->ctx->me_id : id)));
		return true;
	}
	if (!filter_gather(p->ctx, kd, &c)) {
		free(c.v);
		if (kd->kind == K_TAG) { /* tags are plain strings: fine without the list */
			add_unique(p->body, kd->field, cJSON_CreateString(v));
			return true;
		}
		return fail(p, "cannot resolve '%s': the %s are not loaded yet; try again in a moment", v, kd->whats);
	}
	ok = pick(p, &c, v, kd->what, kd->whats);
	for (size_t i = 0; ok && i < c.n; i++) {
		bool text = kd->kind == K_TAG || (kd->names && !kd->ids);
		if (c.v[i].hit)
			add_unique(p->body, kd->field,
				   text ? cJSON_CreateString(c.v[i].name) : cJSON_CreateNumber(c.v[i].id));
	}
	free(c.v);
	return ok;
}

/* The body's entry for a custom field, created on first use. */
static cJSON *cf_entry(cJSON *body, double id)
{
	cJSON *list = cJSON_GetObjectItemCaseSensitive(body, "custom_fields"), *e;
	if (!list)
		list = cJSON_AddArrayToObject(body, "custom_fields");
	cJSON_ArrayForEach(e, list) {
		const cJSON *x = cJSON_GetObjectItemCaseSensitive(e, "custom_field_definition_id");
		if (cJSON_IsNumber(x) && x->valuedouble == id)
			return e;
	}
	cJSON_AddItemToArray(list, e = cJSON_CreateObject());
	cJSON_AddNumberToObject(e, "custom_field_definition_id", id);
	return e;
}

/* As the custom field search reference has it: option ids for (multi-select)
 * dropdowns, true/false for checkboxes, minimum_/maximum_value otherwise. */
static bool cf_value(struct parser *p, const struct cand *def, const struct term *t)
{
	const cJSON *dt = cJSON_GetObjectItemCaseSensitive(def->obj, "data_type");
	const char *type = cJSON_IsString(dt) ? dt->valuestring : "?", *v = t->value;
	bool multi = !casecmp(type, "MultiSelect"), list = multi || !casecmp(type, "Dropdown"), b, ok;
	double num;
	struct span s;
	struct cands c = { 0 };
	if ((list || !casecmp(type, "Checkbox")) && t->cmp != EQ)
		return fail(p, "custom field '%s' cannot be compared with < or >", def->name);
	if (!casecmp(type, "Checkbox"))
		return yes_or_no(v, &b) ? put(p, cf_entry(p->body, def->id), "value", cJSON_CreateBool(b))
			: fail(p, "expected yes or no for checkbox '%s'", def->name);
	if (list && !casecmp(v, "none"))
		return put(p, cf_entry(p->body, def->id), "allow_empty", cJSON_CreateTrue());
	if (list) {
		const cJSON *o;
		cJSON *entry = cf_entry(p->body, def->id);
		cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(def->obj, "options"))
			add_one(&c, o);
		ok = pick(p, &c, v, "option", "options");
		for (size_t i = 0; ok && i < c.n; i++)
			if (c.v[i].hit)
				add_unique(entry, "value", cJSON_CreateNumber(c.v[i].id));
		free(c.v);
		return ok && (!multi || put(p, entry, "option", cJSON_CreateString("ANY")));
	}
	if (!casecmp(type, "Date"))
		return date_span(p, D_NONE, t->cmp, v, &s) && put_range(p, cf_entry(p->body, def->id), "value", &s);
	if (!casecmp(type, "Float") || !casecmp(type, "Percentage") || !casecmp(type, "Currency"))
		return amount(v, &num) ? num_range(p, cf_entry(p->body, def->id), "value", t->cmp, num,
						   STEP_ANY)
			: fail(p, "expected a number like 50 or 10k for '%s'", def->name);
	return fail(p, "custom field '%s' (%s) cannot be searched: Copper searches only dropdown, "
		    "multi-select, date, checkbox, number, percentage and currency fields", def->name, type);
}

static bool apply_cf(struct parser *p, const char *name, const struct term *t)
{
	struct cands c = { 0 };
	bool ok = gather_fields(p->ctx, &c) ||
		fail(p, "cannot resolve '%s': the custom fields are not loaded yet; try again in a moment", name);
	const struct cand *def = NULL;
	ok = ok && pick(p, &c, name, "custom field", "custom fields");
	for (size_t i = 0; ok && !def && i < c.n; i++)
		def = c.v[i].hit ? &c.v[i] : NULL;
	ok = ok && cf_value(p, def, t);
	free(c.v);
	return ok;
}

static bool unknown_key(struct parser *p, const struct term *t)
{
	enum entity e = p->ctx->entity;
	char *keys = key_list(e);
	if (filter_find_key(t->key, M_ALL))
		fail(p, "'%s' does not apply to %s (keys for %s: %s)", t->key, entity_path(e), entity_path(e), keys);
	else
		fail(p, "unknown key '%s' for %s (known: %s)", t->key, entity_path(e), keys);
	free(keys);
	return false;
}

static bool apply(struct parser *p, const struct term *t)
{
	const struct keydef *kd;
	const char *v = t->value;
	struct span s;
	struct term sub;
	int64_t id = -2;
	double num;
	bool b, ok;
	if (!t->key)
		return add_name(p, v);
	if (t->quoted)
		return apply_cf(p, t->key, t);
	if (!(kd = filter_find_key(t->key, 1u << p->ctx->entity)))
		return unknown_key(p, t);
	if (kd->kind < K_MONEY && t->cmp != EQ)
		return fail(p, "'%s' cannot be compared with < or >; use %s:value", kd->key, kd->key);
	if (filter_resolvable(kd))
		return resolve(p, kd, v);
	switch (kd->kind) {
	case K_NAME:
		return add_name(p, v);
	case K_COMPANY:
		if (!(kd->none && !casecmp(v, "none")) && (!str_to_i64(v, &id) || id <= 0))
			return fail(p, "expected a company id like company:12345 (company names are not supported)");
		add_unique(p->body, kd->field, cJSON_CreateNumber((double)id));
		return true;
	case K_TEXT:
		return put(p, p->body, kd->field, cJSON_CreateString(v));
	case K_COUNTRY: {
		char code[3] = { (char)(lower(v[0]) - 32), (char)(v[0] ? lower(v[1]) - 32 : 0), 0 };
		if (strlen(v) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z')
			return fail(p, "expected a two-letter country code like US");
		return put(p, p->body, kd->field, cJSON_CreateString(code));
	}
	case K_MONEY:
		return amount(v, &num) ? num_range(p, p->body, kd->field, t->cmp, num, STEP_CENT)
			: fail(p, "expected a number like 10000 or 10k");
	case K_COUNT:
		return amount(v, &num) && num < 1e15 && num == (double)(int64_t)num
			? num_range(p, p->body, kd->field, t->cmp, num, STEP_WHOLE)
			: fail(p, "expected a whole number like 5");
	case K_DATE:
		return date_span(p, kd->dir, t->cmp, v, &s) && put_range(p, p->body, kd->field, &s);
	case K_FOLLOWED:
		return yes_or_no(v, &b) ? put(p, p->body, kd->field, cJSON_CreateNumber(b ? 1 : 2))
			: fail(p, "expected yes or no");
	case K_CF: /* cf:"Field name"=value */
		ok = split(p, t->vraw, t->vlen, &sub) &&
			(sub.key ? apply_cf(p, sub.key, &sub) : fail(p, "expected cf:\"Field name\"=value"));
		term_free(&sub);
		return ok;
	default:
		return fail(p, "internal error: key '%s' not handled", kd->key);
	}
}

cJSON *filter_parse(const char *text, const struct filter_context *ctx, char **error)
{
	struct parser p = { .ctx = ctx, .body = cJSON_CreateObject(), .term = "" };
	const char *s = text ? text : "";
	struct term t;
	bool open;
	if (error)
		*error = NULL;
	if ((unsigned)ctx->entity >= ENT_COUNT)
		fail(&p, "no such entity");
	for (size_t i = 0, start; !p.error && filter_next_term(s, &i, &start, &open);) {
		p.term = s + start;
		p.term_len = i - start;
		if (open)
			fail(&p, "unterminated quote");
		else if (split(&p, p.term, p.term_len, &t))
			apply(&p, &t);
		if (!open)
			term_free(&t);
	}
	if (!p.error && p.name.len)
		cJSON_AddStringToObject(p.body, "name", p.name.data);
	sb_free(&p.name);
	if (!p.error)
		return p.body;
	cJSON_Delete(p.body);
	if (error)
		*error = p.error;
	else
		free(p.error);
	return NULL;
}
