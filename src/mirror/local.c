/* local.c - see local.h */
#include "config.h"

#include "mirror/codec.h"
#include "mirror/extract.h"
#include "mirror/local.h"
#include "mirror/store_db.h"
#include "util/json.h"
#include "util/util.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define PAGE_MAX 200
#define CAP 100000           /* as the server: never past the first 100,000 */

/* The sorted matches of the last search, for its next pages. */
struct local {
	struct mirror_store *store;
	char *key;               /* entity and criteria, paging left out */
	int64_t changes;         /* the connection's changes when it was made */
	int64_t *rows;
	size_t nrows;
};

struct local *local_new(struct mirror_store *store)
{
	struct local *l = xcalloc(1, sizeof(*l));
	l->store = store;
	return l;
}

static void forget(struct local *l)
{
	free(l->key);
	free(l->rows);
	l->key = NULL;
	l->rows = NULL;
	l->nrows = 0;
}

void local_free(struct local *l)
{
	if (!l)
		return;
	forget(l);
	free(l);
}

static cJSON *fail(struct api_error *err, enum api_error_kind kind, long status, char *msg)
{
	err->kind = kind;
	err->status = status;
	err->message = msg;
	return NULL;
}

static cJSON *offline(struct api_error *err, const char *what)
{
	return fail(err, APIE_OFFLINE, 0, xasprintf("offline: %s (answered from the mirror; "
						    "nothing was sent)", what));
}

/* ---- criteria ------------------------------------------------------------------ */

static int64_t parse_close_date(const char *s)
{
	int m, d, y;
	if (!s || sscanf(s, "%d/%d/%d", &m, &d, &y) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	struct tm tm = { .tm_mday = d, .tm_mon = m - 1, .tm_year = y - 1900 };
	return (int64_t)timegm(&tm);
}

static bool in_ids(const cJSON *want, const cJSON *have)
{
	int64_t id;
	bool none = !json_int64(have, &id);
	const cJSON *w;
	cJSON_ArrayForEach(w, want) {
		int64_t x = json_i64(w);
		if ((none && x == -2) || (!none && x == id))
			return true;
	}
	return false;
}

static bool in_strings(const cJSON *want, const char *have)
{
	if (cJSON_IsString(want))
		return have && !strcasecmp(want->valuestring, have);
	const cJSON *w;
	cJSON_ArrayForEach(w, want)
		if (have && json_str(w) && !strcasecmp(json_str(w), have))
			return true;
	return false;
}

static bool any_member(const cJSON *list, const char *sub, const cJSON *want)
{
	const cJSON *item;
	cJSON_ArrayForEach(item, json_array(list))
		if (in_strings(want, sub ? json_member_str(item, sub) : json_str(item)))
			return true;
	return false;
}

static bool phone_has(const cJSON *rec, const char *number)
{
	char want[64], have[64];
	if (!extract_digits(number, want, sizeof(want)))
		return true;
	const cJSON *p;
	cJSON_ArrayForEach(p, json_array(json_get(rec, "phone_numbers"))) {
		extract_digits(json_member_str(p, "number"), have, sizeof(have));
		if (strstr(have, want))
			return true;
	}
	return false;
}

static int64_t opp_status_id(const char *status)
{
	static const char *const names[] = { "Open", "Won", "Lost", "Abandoned" };
	for (int i = 0; i < 4; i++)
		if (status && !strcasecmp(status, names[i]))
			return i;
	return -1;
}

static bool converted(const cJSON *rec)
{
	return !json_is_nothing(json_get(rec, "converted_at")) ||
	       !json_is_nothing(json_get(rec, "converted_contact_id"));
}

static const struct { const char *field, *key; } ranges[] = {
	{ "created_date", "date_created" }, { "modified_date", "date_modified" },
	{ "monetary_value", "monetary_value" }, { "interaction_count", "interaction_count" },
	{ "due_date", "due_date" }, { "interaction_date", "date_last_contacted" },
	{ "reminder_date", "reminder_date" }, { "completed_date", "completed_date" },
	{ "close_date", "close_date" },
};

/* A range criterion (minimum_X, maximum_X) the mirror can judge: is rec
 * within it? *known false for any other. */
static bool in_range(enum entity e, const cJSON *rec, const cJSON *c, bool *known)
{
	const char *k = c->string;
	bool low = !strncmp(k, "minimum_", 8);
	*known = false;
	if ((!low && strncmp(k, "maximum_", 8)) || !cJSON_IsNumber(c))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++) {
		if (strcmp(ranges[i].field, k + 8))
			continue;
		*known = true;
		const cJSON *m = json_get(rec, ranges[i].key);
		double v;
		if (e == ENT_OPPORTUNITIES && !strcmp(ranges[i].key, "close_date")) {
			int64_t t = parse_close_date(json_str(m));
			if (!t)
				return false;
			v = (double)t;
		} else if (cJSON_IsNumber(m)) {
			v = m->valuedouble;
		} else {
			return false;
		}
		return low ? v >= c->valuedouble : v <= c->valuedouble;
	}
	return false;
}

/* One criterion: false when rec fails it; *unknown when it is not one
 * the mirror can judge. */
static bool criterion(enum entity e, const cJSON *rec, const cJSON *c, bool *unknown)
{
	const char *k = c->string;
	if (!strcmp(k, "ids"))
		return in_ids(c, json_get(rec, "id"));
	if (!strcmp(k, "name")) {
		const char *name = json_member_str(rec, "name");
		return !json_str(c) || !*json_str(c) || (name && strcasestr(name, json_str(c)));
	}
	if (!strcmp(k, "emails"))
		return e == ENT_LEADS ? in_strings(c, json_member_str(json_get(rec, "email"), "email"))
				      : any_member(json_get(rec, "emails"), "email", c);
	if (!strcmp(k, "email_domains"))
		return in_strings(c, json_member_str(rec, "email_domain"));
	if (!strcmp(k, "phone_number"))
		return !json_str(c) || phone_has(rec, json_str(c));
	static const struct { const char *key, *member; } ids[] = {
		{ "assignee_ids", "assignee_id" }, { "contact_type_ids", "contact_type_id" },
		{ "company_ids", "company_id" }, { "customer_source_ids", "customer_source_id" },
		{ "pipeline_ids", "pipeline_id" }, { "pipeline_stage_ids", "pipeline_stage_id" },
		{ "loss_reason_ids", "loss_reason_id" }, { "primary_contact_ids", "primary_contact_id" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		if (!strcmp(k, ids[i].key))
			return in_ids(c, json_get(rec, ids[i].member));
	if (!strcmp(k, "status_ids")) {
		if (e != ENT_OPPORTUNITIES)
			return in_ids(c, json_get(rec, "status_id"));
		cJSON *st = cJSON_CreateNumber((double)opp_status_id(json_member_str(rec, "status")));
		bool ok = in_ids(c, st);
		cJSON_Delete(st);
		return ok;
	}
	if (!strcmp(k, "statuses"))
		return in_strings(c, json_member_str(rec, "status"));
	if (!strcmp(k, "priorities") || !strcmp(k, "priority"))
		return in_strings(c, json_member_str(rec, "priority"));
	if (!strcmp(k, "tags"))
		return any_member(json_get(rec, "tags"), NULL,
				  cJSON_IsObject(c) ? json_get(c, "value") : c);
	if (!strcmp(k, "city") || !strcmp(k, "state") || !strcmp(k, "postal_code") ||
	    !strcmp(k, "country"))
		return in_strings(c, json_member_str(json_get(rec, "address"), k));
	if (!strcmp(k, "include_converted_leads") || !strncmp(k, "page_", 5) ||
	    !strncmp(k, "sort_", 5))
		return true;
	bool known;
	bool within = in_range(e, rec, c, &known);
	if (known)
		return within;
	*unknown = true;
	return false;
}

/* Whether rec meets every criterion; a criterion the mirror cannot judge
 * is named in *unknown. */
static bool matches(enum entity e, const cJSON *rec, const cJSON *body, const char **unknown)
{
	if (e == ENT_LEADS && !cJSON_IsTrue(json_get(body, "include_converted_leads")) &&
	    converted(rec))
		return false;
	const cJSON *c;
	cJSON_ArrayForEach(c, body) {
		bool odd = false;
		if (!criterion(e, rec, c, &odd)) {
			if (odd)
				*unknown = c->string;
			return false;
		}
	}
	return true;
}

/* ---- order ------------------------------------------------------------------ */

struct keyed {
	int64_t rowid, id;
	bool empty, number;
	double num;
	char *text;
};

static const char *default_sort(enum entity e)
{
	static const char *const sorts[ENT_COUNT] = {
		[ENT_PEOPLE] = "first_name", [ENT_COMPANIES] = "date_modified", [ENT_LEADS] = "name",
		[ENT_OPPORTUNITIES] = "name", [ENT_PROJECTS] = "name", [ENT_TASKS] = "due_date",
	};
	return sorts[e];
}

static void sort_key(enum entity e, const cJSON *rec, const char *by, struct keyed *k)
{
	static const struct { const char *by, *key; } alias[] = {
		{ "value", "monetary_value" }, { "stage", "pipeline_stage_id" },
		{ "assignee", "assignee_id" }, { "assigned_to", "assignee_id" },
		{ "account", "company_name" }, { "contact", "primary_contact_id" },
		{ "last_interaction", "date_last_contacted" }, { "phone", "phone_numbers" },
		{ "email", "emails" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(alias); i++)
		if (!strcmp(by, alias[i].by))
			by = alias[i].key;
	const cJSON *v = json_get(rec, by);
	if (!v && strstr("city state country zip postal_code", by))
		v = json_get(json_get(rec, "address"), !strcmp(by, "zip") ? "postal_code" : by);
	if (cJSON_IsArray(v)) /* the first phone, the first email */
		v = json_get(cJSON_GetArrayItem(v, 0), !strcmp(by, "emails") ? "email" : "number");
	if (e == ENT_OPPORTUNITIES && !strcmp(by, "close_date")) {
		int64_t t = parse_close_date(json_str(v));
		k->empty = !t;
		k->number = true;
		k->num = (double)t;
	} else if (cJSON_IsNumber(v)) {
		k->number = true;
		k->num = v->valuedouble;
	} else if (json_str(v) && *json_str(v)) {
		k->text = xstrdup(json_str(v));
	} else {
		k->empty = true;
	}
}

/* qsort's comparison has no context argument: scan() sets the direction
 * (only the mirror's thread, or a one-shot command, ever scans). */
static bool sort_descending;

static int compare_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c;
	if (x->empty != y->empty)
		c = x->empty ? 1 : -1; /* empty last, first when descending */
	else if (x->empty)
		c = 0;
	else if (x->number != y->number)
		c = x->number ? -1 : 1;
	else if (x->number)
		c = x->num < y->num ? -1 : x->num > y->num;
	else
		c = strcasecmp(x->text, y->text);
	if (!c)
		c = x->id < y->id ? -1 : x->id > y->id;
	return sort_descending ? -c : c;
}

/* ---- searching ---------------------------------------------------------------- */

static char *criteria_key(enum entity e, const cJSON *body)
{
	cJSON *copy = cJSON_Duplicate(body, true);
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "page_number");
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "page_size");
	char *text = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	char *key = xasprintf("%d %s", (int)e, text ? text : "");
	cJSON_free(text);
	return key;
}

/* Reads every record of e once: the matches, sorted, kept in l. */
static bool scan(struct local *l, enum entity e, const cJSON *body, struct api_error *err)
{
	sqlite3_stmt *q = store_prepare(l->store, "SELECT r.rowid, b.data FROM records r"
					" JOIN bodies b ON b.rowid = r.rowid WHERE r.entity = ?1");
	if (!q) {
		fail(err, APIE_OFFLINE, 0, xstrdup(store_error(l->store)));
		return false;
	}
	sqlite3_bind_int(q, 1, (int)e);
	const char *by = json_member_str(body, "sort_by");
	sort_descending = !strcasecmp(json_member_str(body, "sort_direction") ?
				      json_member_str(body, "sort_direction") : "", "desc");
	by = by ? by : default_sort(e);
	struct keyed *found = NULL;
	size_t n = 0, cap = 0;
	const char *unknown = NULL;
	while (!unknown && sqlite3_step(q) == SQLITE_ROW) {
		cJSON *rec = codec_decode_json(l->store->codec, sqlite3_column_blob(q, 1),
					       (size_t)sqlite3_column_bytes(q, 1));
		if (rec && matches(e, rec, body, &unknown)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				found = xrealloc(found, cap * sizeof(*found));
			}
			struct keyed *k = &found[n++];
			memset(k, 0, sizeof(*k));
			k->rowid = sqlite3_column_int64(q, 0);
			k->id = json_member_i64(rec, "id");
			sort_key(e, rec, by, k);
		}
		cJSON_Delete(rec);
	}
	sqlite3_finalize(q);
	if (unknown) {
		for (size_t i = 0; i < n; i++)
			free(found[i].text);
		free(found);
		char *what = xasprintf("the mirror cannot search by %s", unknown);
		offline(err, what);
		free(what);
		return false;
	}
	if (n)
		qsort(found, n, sizeof(*found), compare_keyed);
	forget(l);
	l->rows = xcalloc(n ? n : 1, sizeof(*l->rows));
	for (size_t i = 0; i < n; i++) {
		l->rows[i] = found[i].rowid;
		free(found[i].text);
	}
	free(found);
	l->nrows = n;
	return true;
}

static cJSON *page_of(struct local *l, int page, int size)
{
	cJSON *out = cJSON_CreateArray();
	sqlite3_stmt *q = store_prepare(l->store, "SELECT data FROM bodies WHERE rowid = ?1");
	size_t from = (size_t)(page - 1) * (size_t)size;
	size_t reach = l->nrows < CAP ? l->nrows : CAP;
	for (size_t i = from; q && i < reach && i < from + (size_t)size; i++) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, l->rows[i]);
		if (sqlite3_step(q) != SQLITE_ROW)
			continue;
		cJSON *rec = codec_decode_json(l->store->codec, sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0));
		if (rec)
			cJSON_AddItemToArray(out, rec);
	}
	sqlite3_finalize(q);
	return out;
}

static cJSON *search(struct local *l, enum entity e, const char *text, int64_t *total,
		     struct api_error *err)
{
	cJSON *body = text ? cJSON_Parse(text) : cJSON_CreateObject();
	if (!cJSON_IsObject(body)) {
		cJSON_Delete(body);
		return fail(err, APIE_INVALID, 422, xstrdup("the search body is not an object"));
	}
	int page = (int)json_member_i64(body, "page_number");
	int size = (int)json_member_i64(body, "page_size");
	page = page < 1 ? 1 : page;
	size = size < 1 ? 20 : size > PAGE_MAX ? PAGE_MAX : size;
	char *key = criteria_key(e, body);
	int64_t changes = sqlite3_total_changes64(l->store->db);
	bool ok = true;
	if (!l->key || strcmp(l->key, key) || l->changes != changes) {
		ok = scan(l, e, body, err);
		if (ok) {
			l->key = key;
			l->changes = changes;
			key = NULL;
		}
	}
	free(key);
	cJSON_Delete(body);
	if (!ok)
		return NULL;
	*total = (int64_t)l->nrows;
	return page_of(l, page, size);
}

static cJSON *by_email(struct local *l, const char *text, struct api_error *err)
{
	cJSON *body = text ? cJSON_Parse(text) : NULL;
	const char *email = json_member_str(body, "email");
	cJSON *found = NULL;
	if (email) {
		cJSON *criteria = cJSON_CreateObject();
		cJSON_AddStringToObject(criteria, "emails", email);
		cJSON_AddNumberToObject(criteria, "page_size", 1);
		char *crit = cJSON_PrintUnformatted(criteria);
		int64_t total;
		cJSON *page = search(l, ENT_PEOPLE, crit, &total, err);
		if (page && cJSON_GetArraySize(page) > 0)
			found = cJSON_DetachItemFromArray(page, 0);
		cJSON_Delete(page);
		cJSON_free(crit);
		cJSON_Delete(criteria);
	}
	cJSON_Delete(body);
	if (!found && err->kind == APIE_NONE)
		fail(err, APIE_NOT_FOUND, 404, xstrdup("HTTP 404: not found (no person with that "
						       "email in the mirror)"));
	return found;
}

/* ---- requests ------------------------------------------------------------------ */

cJSON *local_answer(struct local *l, const struct api_request *req, int64_t *total,
		    struct api_error *err)
{
	memset(err, 0, sizeof(*err));
	*total = -1;
	char seg[32];
	int64_t id;
	int used = 0;
	enum entity e;
	if (req->method != HTTP_GET && req->kind != API_SEARCH &&
	    strcmp(req->path, "/people/fetch_by_email"))
		return offline(err, "changes are not sent and not kept for later; "
			       "what you typed stays as a draft");
	if (req->method == HTTP_POST && !strcmp(req->path, "/people/fetch_by_email"))
		return by_email(l, req->body, err);
	if (sscanf(req->path, "/%31[a-z_]/search%n", seg, &used) == 1 && !req->path[used] &&
	    entity_parse(seg, &e) && req->method == HTTP_POST)
		return search(l, e, req->body, total, err);
	if (sscanf(req->path, "/%31[a-z_]/%" SCNd64 "%n", seg, &id, &used) == 2 &&
	    !req->path[used] && entity_parse(seg, &e) && req->method == HTTP_GET) {
		cJSON *rec = store_get(l->store, e, id);
		return rec ? rec : fail(err, APIE_NOT_FOUND, 404, xstrdup(
			"HTTP 404: not found (not in the mirror)"));
	}
	return offline(err, "this needs the server");
}
