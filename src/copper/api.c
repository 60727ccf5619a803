/* api.c - see api.h */
#include "config.h"

#include "copper/api.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *http_method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET: return "GET";
	case HTTP_POST: return "POST";
	case HTTP_PUT: return "PUT";
	case HTTP_DELETE: return "DELETE";
	}
	return "GET";
}

void api_request_free(struct api_request *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->body);
	free(r);
}

static struct api_request *request_new(enum http_method m, enum api_kind kind,
				       bool idempotent, int answer_type, char *path, cJSON *body)
{
	struct api_request *r = xcalloc(1, sizeof(*r));
	r->method = m;
	r->kind = kind;
	r->entity = ENT_COUNT;
	r->idempotent = idempotent;
	r->answer_type = answer_type;
	/* libcurl re-sends by itself a request whose reused connection dies
	 * unanswered; a write must not be, even an update: its answer lost,
	 * it is looked for by re-reading (model/save.h) */
	r->fresh_connection = m != HTTP_GET && !idempotent;
	r->path = path;
	if (body && m != HTTP_GET) {
		char *text = cJSON_PrintUnformatted(body);
		if (!text)
			abort(); /* cJSON fails only on allocation */
		r->body = xstrdup(text);
		cJSON_free(text);
	}
	cJSON_Delete(body);
	return r;
}

/* The records a request is about (api.h). */
static struct api_request *about(struct api_request *r, enum entity e, int64_t id)
{
	r->entity = e;
	r->record_id = id;
	return r;
}

static cJSON *json_object(void)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		abort();
	return o;
}

static void add_number(cJSON *o, const char *key, double v)
{
	cJSON_AddItemToObject(o, key, cJSON_CreateNumber(v));
}

/* cJSON stores numbers as doubles: exact up to 2^53, which covers every
 * Copper id.  Printing goes through "%1.15g"/"%1.17g", which keeps whole
 * numbers whole. */
static void add_id(cJSON *o, const char *key, int64_t id)
{
	add_number(o, key, (double)id);
}

struct api_request *api_search(enum entity e, const cJSON *filters, int page_number,
			       int page_size, const char *sort_by, bool descending)
{
	cJSON *body = filters ? cJSON_Duplicate(filters, true) : json_object();
	if (!body || !cJSON_IsObject(body)) {
		cJSON_Delete(body);
		body = json_object();
	}
	if (page_size < 1)
		page_size = 1;
	if (page_size > 200)
		page_size = 200;
	if (page_number < 1)
		page_number = 1;
	cJSON_DeleteItemFromObjectCaseSensitive(body, "page_number");
	cJSON_DeleteItemFromObjectCaseSensitive(body, "page_size");
	add_number(body, "page_number", page_number);
	add_number(body, "page_size", page_size);
	if (sort_by) {
		cJSON_DeleteItemFromObjectCaseSensitive(body, "sort_by");
		cJSON_DeleteItemFromObjectCaseSensitive(body, "sort_direction");
		cJSON_AddStringToObject(body, "sort_by", sort_by);
		cJSON_AddStringToObject(body, "sort_direction", descending ? "desc" : "asc");
	}
	return about(request_new(HTTP_POST, API_SEARCH, true, cJSON_Array,
				 xasprintf("/%s/search", entity_path(e)), body), e, 0);
}

struct api_request *api_fetch(enum entity e, int64_t id)
{
	return about(request_new(HTTP_GET, API_RECORD, true, cJSON_Object,
				 xasprintf("/%s/%" PRId64, entity_path(e), id), NULL), e, id);
}

struct api_request *api_fetch_person_by_email(const char *email)
{
	cJSON *body = json_object();
	cJSON_AddStringToObject(body, "email", email);
	return about(request_new(HTTP_POST, API_RECORD, true, cJSON_Object,
				 xstrdup("/people/fetch_by_email"), body), ENT_PEOPLE, 0);
}

struct api_request *api_update(enum entity e, int64_t id, const cJSON *changes)
{
	cJSON *body = cJSON_Duplicate(changes, true);
	if (!body)
		body = json_object();
	/* PUT replaces exactly the keys sent, so repeating it is harmless */
	return about(request_new(HTTP_PUT, API_RECORD, false, cJSON_Object,
				 xasprintf("/%s/%" PRId64, entity_path(e), id), body), e, id);
}

struct api_request *api_create(enum entity e, const cJSON *record)
{
	cJSON *body = cJSON_Duplicate(record, true);
	if (!body)
		body = json_object();
	return about(request_new(HTTP_POST, API_CREATE, false, cJSON_Object,
				 xasprintf("/%s", entity_path(e)), body), e, 0);
}

struct api_request *api_convert_lead(int64_t lead_id, const cJSON *details)
{
	cJSON *d = cJSON_IsObject(details) ? cJSON_Duplicate(details, true) : json_object();
	cJSON *body = json_object();
	cJSON_AddItemToObject(body, "details", d ? d : json_object());
	return request_new(HTTP_POST, API_CREATE, false, cJSON_Object,
			   xasprintf("/leads/%" PRId64 "/convert", lead_id), body);
}

struct api_request *api_find_lead(int64_t lead_id)
{
	cJSON *body = json_object();
	cJSON *ids = cJSON_AddArrayToObject(body, "ids");
	cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)lead_id));
	cJSON_AddBoolToObject(body, "include_converted_leads", true);
	struct api_request *r = api_search(ENT_LEADS, body, 1, 1, NULL, false);
	cJSON_Delete(body);
	return r;
}

struct api_request *api_related(enum entity e, int64_t id)
{
	return request_new(HTTP_GET, API_RELATED, true, cJSON_Array,
			   xasprintf("/%s/%" PRId64 "/related", entity_path(e), id), NULL);
}

static struct api_request *relation_request(enum http_method m, enum entity e, int64_t id,
					    enum entity other, int64_t other_id)
{
	cJSON *body = json_object();
	cJSON *res = json_object();
	add_id(res, "id", other_id);
	cJSON_AddStringToObject(res, "type", entity_type_name(other));
	cJSON_AddItemToObject(body, "resource", res);
	return request_new(m, API_RELATED, false, cJSON_Object,
			   xasprintf("/%s/%" PRId64 "/related", entity_path(e), id), body);
}

struct api_request *api_relate(enum entity e, int64_t id, enum entity other, int64_t other_id)
{
	return relation_request(HTTP_POST, e, id, other, other_id);
}

struct api_request *api_unrelate(enum entity e, int64_t id, enum entity other, int64_t other_id)
{
	return relation_request(HTTP_DELETE, e, id, other, other_id);
}

struct api_request *api_delete(enum entity e, int64_t id)
{
	return about(request_new(HTTP_DELETE, API_DELETE, false, cJSON_Object,
				 xasprintf("/%s/%" PRId64, entity_path(e), id), NULL), e, id);
}

struct api_request *api_field_layout(enum entity e, int64_t pipeline_id)
{
	char *path;
	if (e == ENT_OPPORTUNITIES)
		path = xasprintf("/field_layouts/by_entity/opportunities?pipeline_id=%" PRId64,
				 pipeline_id);
	else
		path = xasprintf("/field_layouts/by_entity/%s", entity_path(e));
	return request_new(HTTP_GET, API_FIELD_LAYOUT, true, cJSON_Array, path, NULL);
}

static cJSON *parent_object(enum entity parent, int64_t parent_id)
{
	cJSON *p = json_object();
	add_id(p, "id", parent_id);
	cJSON_AddStringToObject(p, "type", entity_type_name(parent));
	return p;
}

struct api_request *api_activities(const struct activity_query *q)
{
	cJSON *body = json_object();
	cJSON_AddItemToObject(body, "parent", parent_object(q->parent, q->parent_id));
	if (q->ntypes) {
		cJSON *types = cJSON_AddArrayToObject(body, "activity_types");
		for (size_t i = 0; i < q->ntypes; i++) {
			cJSON *t = json_object();
			add_id(t, "id", q->types[i].id);
			cJSON_AddStringToObject(t, "category", q->types[i].category);
			cJSON_AddItemToArray(types, t);
		}
	}
	if (q->dated) {
		add_id(body, "minimum_activity_date", q->min_date);
		add_id(body, "maximum_activity_date", q->max_date);
	}
	int size = q->page_size < 1 ? 1 : q->page_size > 200 ? 200 : q->page_size;
	add_number(body, "page_number", q->page_number < 1 ? 1 : q->page_number);
	add_number(body, "page_size", size);
	return request_new(HTTP_POST, API_ACTIVITIES, true, cJSON_Array,
			   xstrdup("/activities/search"), body);
}

struct api_request *api_create_activity(enum entity parent, int64_t parent_id,
					int64_t type_id, const char *details,
					int64_t activity_date)
{
	cJSON *body = json_object();
	cJSON_AddItemToObject(body, "parent", parent_object(parent, parent_id));
	cJSON *t = json_object();
	cJSON_AddStringToObject(t, "category", "user");
	add_id(t, "id", type_id);
	cJSON_AddItemToObject(body, "type", t);
	cJSON_AddStringToObject(body, "details", details ? details : "");
	add_id(body, "activity_date", activity_date);
	return request_new(HTTP_POST, API_CREATE, false, cJSON_Object, xstrdup("/activities"), body);
}

struct api_request *api_update_activity(int64_t id, const cJSON *changes)
{
	cJSON *body = changes ? cJSON_Duplicate(changes, true) : NULL;
	if (!body)
		body = json_object();
	return request_new(HTTP_PUT, API_RECORD, false, cJSON_Object,
			   xasprintf("/activities/%" PRId64, id), body);
}

struct api_request *api_delete_activity(int64_t id)
{
	return request_new(HTTP_DELETE, API_OTHER, false, cJSON_Object,
			   xasprintf("/activities/%" PRId64, id), NULL);
}

#define OBJECT cJSON_Object
#define ARRAY cJSON_Array
static const struct {
	const char *name;
	enum http_method method;
	const char *path;
	const char *body;
	int type;
} lookups[LOOKUP_COUNT] = {
	[LOOKUP_ACCOUNT] = { "account", HTTP_GET, "/account", NULL, OBJECT },
	[LOOKUP_ME] = { "me", HTTP_GET, "/users/me", NULL, OBJECT },
	[LOOKUP_USERS] = { "users", HTTP_POST, "/users/search", "{\"page_size\":200,\"page_number\":1}", ARRAY },
	[LOOKUP_CONTACT_TYPES] = { "contact_types", HTTP_GET, "/contact_types", NULL, ARRAY },
	[LOOKUP_CUSTOMER_SOURCES] = { "customer_sources", HTTP_GET, "/customer_sources", NULL, ARRAY },
	[LOOKUP_LEAD_STATUSES] = { "lead_statuses", HTTP_GET, "/lead_statuses", NULL, ARRAY },
	[LOOKUP_LOSS_REASONS] = { "loss_reasons", HTTP_GET, "/loss_reasons", NULL, ARRAY },
	[LOOKUP_PIPELINES] = { "pipelines", HTTP_GET, "/pipelines", NULL, ARRAY },
	[LOOKUP_CUSTOM_FIELDS] = { "custom_field_definitions", HTTP_GET, "/custom_field_definitions", NULL, ARRAY },
	[LOOKUP_TAGS] = { "tags", HTTP_GET, "/tags", NULL, ARRAY },
	/* {"user": [...], "system": [...]} */
	[LOOKUP_ACTIVITY_TYPES] = { "activity_types", HTTP_GET, "/activity_types", NULL, OBJECT },
};
#undef OBJECT
#undef ARRAY

const char *lookup_name(enum lookup l)
{
	return (unsigned)l < LOOKUP_COUNT ? lookups[l].name : NULL;
}

enum lookup lookup_by_name(const char *name)
{
	for (int l = 0; l < LOOKUP_COUNT; l++)
		if (!strcmp(lookups[l].name, name))
			return (enum lookup)l;
	return LOOKUP_COUNT;
}

int lookup_type(enum lookup l)
{
	return (unsigned)l < LOOKUP_COUNT ? lookups[l].type : 0;
}

struct api_request *api_lookup(enum lookup l)
{
	cJSON *body = lookups[l].body ? cJSON_Parse(lookups[l].body) : NULL;
	return request_new(lookups[l].method, API_LOOKUP, true, lookups[l].type,
			   xstrdup(lookups[l].path), body);
}

/* ---- answers ------------------------------------------------------------ */

void api_result_free(struct api_result *r)
{
	if (!r)
		return;
	cJSON_Delete(r->json);
	api_error_clear(&r->error);
	free(r);
}

void api_error_clear(struct api_error *e)
{
	free(e->message);
	e->message = NULL;
	e->kind = APIE_NONE;
	e->status = 0;
}

bool api_error_transient(enum api_error_kind kind)
{
	switch (kind) {
	case APIE_SERVER: case APIE_TIMEOUT: case APIE_NETWORK:
	case APIE_CONNECT: case APIE_RATE_LIMIT: case APIE_PROTOCOL:
		return true;
	default:
		return false;
	}
}

bool api_error_maybe_done(enum api_error_kind kind)
{
	switch (kind) {
	case APIE_SERVER: case APIE_TIMEOUT: case APIE_NETWORK: case APIE_PROTOCOL:
	case APIE_CANCELLED:
		return true;
	default:
		return false;
	}
}

void http_response_free(struct http_response *r)
{
	free(r->transport_detail);
	free(r->content_type);
	free(r->body);
	memset(r, 0, sizeof(*r));
	r->total = -1;
	r->retry_after_ms = -1;
}

static void set_error(struct api_error *e, enum api_error_kind kind, long status, char *msg)
{
	free(e->message);
	e->kind = kind;
	e->status = status;
	e->message = msg;
}

/* A short, sanitized look at a body, for messages about bad answers. */
static char *snippet(const char *body, size_t len)
{
	size_t n = len > 80 ? 80 : len;
	char *clean = sanitize_line(body ? body : "", body ? n : 0);
	char *s = xasprintf("\"%s%s\"", clean, len > n ? "..." : "");
	free(clean);
	return s;
}

/* The server's own words: Copper answers errors with {"message": ...} and,
 * for validation, sometimes a list of field errors. */
static char *server_message(const cJSON *json)
{
	if (!cJSON_IsObject(json))
		return NULL;
	struct strbuf sb = {0};
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(json, "message");
	if (cJSON_IsString(msg) && msg->valuestring[0])
		sb_puts(&sb, msg->valuestring);
	const cJSON *errors = cJSON_GetObjectItemCaseSensitive(json, "errors");
	const cJSON *item;
	cJSON_ArrayForEach(item, errors) {
		const char *text = cJSON_IsString(item) ? item->valuestring : NULL;
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(item, "message");
		if (!text && cJSON_IsString(m))
			text = m->valuestring;
		if (!text)
			continue;
		if (sb.len)
			sb_puts(&sb, "; ");
		if (item->string)
			sb_printf(&sb, "%s: ", item->string);
		sb_puts(&sb, text);
	}
	if (!sb.len) {
		sb_free(&sb);
		return NULL;
	}
	char *clean = sanitize_line(sb.data, sb.len > 500 ? 500 : sb.len);
	sb_free(&sb);
	return clean;
}

static bool is_json_content_type(const char *ct)
{
	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	size_t n = strcspn(ct, "; ");
	return (n == 16 && !strncasecmp(ct, "application/json", 16)) ||
	       (n > 5 && !strncasecmp(ct + n - 5, "+json", 5));
}

static char *transport_message(const struct http_response *r, enum api_error_kind *kind)
{
	const char *detail = r->transport_detail ? r->transport_detail : "";
	char *clean = sanitize_line(detail, strlen(detail));
	char *msg;
	switch (r->transport) {
	case TRANSPORT_TIMEOUT:
		*kind = APIE_TIMEOUT;
		msg = xasprintf("the request timed out (%s); Copper may be slow, try again", clean);
		break;
	case TRANSPORT_DNS:
		*kind = APIE_DNS;
		msg = xasprintf("cannot resolve the API host (%s); check api-url and your network", clean);
		break;
	case TRANSPORT_CONNECT:
		*kind = APIE_CONNECT;
		msg = xasprintf("cannot connect to the API host (%s); check api-url and your network", clean);
		break;
	case TRANSPORT_TLS:
		*kind = APIE_TLS;
		msg = xasprintf("TLS failure (%s); the certificate could not be verified, "
				"check the system's CA certificates and api-url", clean);
		break;
	case TRANSPORT_TOO_LARGE:
		*kind = APIE_TOO_LARGE;
		msg = xasprintf("the answer was too large to be a Copper response (%s); "
				"it was not asked for again", clean);
		break;
	default:
		*kind = APIE_NETWORK;
		msg = xasprintf("the connection failed mid-request (%s); try again", clean);
		break;
	}
	free(clean);
	return msg;
}

cJSON *api_interpret(const struct http_response *r, struct api_error *err)
{
	set_error(err, APIE_NONE, 0, NULL);
	if (r->transport != TRANSPORT_OK) {
		enum api_error_kind kind;
		char *msg = transport_message(r, &kind);
		set_error(err, kind, 0, msg);
		return NULL;
	}

	cJSON *json = NULL;
	enum json_verdict verdict = JSON_MALFORMED;
	long st = r->status;
	if (is_json_content_type(r->content_type) && r->body && r->body_len &&
	    strlen(r->body) == r->body_len)
		json = json_parse_bounded(r->body, r->body_len, &verdict);
	if (verdict == JSON_TOO_DEEP || verdict == JSON_TOO_MANY) {
		char *what = verdict == JSON_TOO_DEEP
			? xasprintf("nests deeper than %d levels", JSON_MAX_DEPTH)
			: xasprintf("holds more than %u values", JSON_MAX_VALUES);
		set_error(err, APIE_TOO_LARGE, st, xasprintf(
			"HTTP %ld: the answer %s, more than any Copper answer; "
			"it was not parsed, nor asked for again", st, what));
		free(what);
		return NULL;
	}

	if (st >= 200 && st < 300) {
		if (!is_json_content_type(r->content_type)) {
			char *ct = sanitize_line(r->content_type ? r->content_type : "none",
						 r->content_type ? strlen(r->content_type) : 4);
			char *snip = snippet(r->body, r->body_len);
			set_error(err, APIE_PROTOCOL, st,
				  xasprintf("HTTP %ld: expected JSON but got content type %s: %s",
					    st, ct, snip));
			free(ct);
			free(snip);
			return NULL;
		}
		if (!json) {
			char *snip = snippet(r->body, r->body_len);
			set_error(err, APIE_PROTOCOL, st,
				  xasprintf("HTTP %ld: the server sent malformed JSON: %s", st, snip));
			free(snip);
			return NULL;
		}
		return json;
	}

	char *server = server_message(json);
	const char *said = server ? server : "";
	const char *sep = server ? ": " : "";
	switch (st) {
	case 401:
		/* the advice first: a status line of 80 columns shows it whole */
		set_error(err, APIE_AUTH, st, xasprintf(
			"Copper refused the credentials: check the API token and its user's email "
			"(HTTP 401%s%s)", sep, said));
		break;
	case 403:
		set_error(err, APIE_FORBIDDEN, st, xasprintf(
			"HTTP 403: this user may not do that%s%s", sep, said));
		break;
	case 404:
		set_error(err, APIE_NOT_FOUND, st, xasprintf(
			"HTTP 404: not found%s%s (it may have been deleted)", sep, said));
		break;
	case 400: case 422:
		set_error(err, APIE_INVALID, st, xasprintf(
			"HTTP %ld: Copper refused the request%s%s", st, sep,
			server ? said : "; check the values entered"));
		break;
	case 429:
		set_error(err, APIE_RATE_LIMIT, st, xstrdup(
			"HTTP 429: Copper's rate limit was reached; patina slows down and retries"));
		break;
	default:
		if (st >= 500) {
			set_error(err, APIE_SERVER, st, xasprintf(
				"HTTP %ld: Copper had a server error%s%s; try again shortly", st, sep, said));
		} else {
			char *snip = snippet(r->body, r->body_len);
			set_error(err, st >= 400 ? APIE_REFUSED : APIE_PROTOCOL, st, xasprintf(
				"HTTP %ld: unexpected answer%s%s %s", st, sep, said, server ? "" : snip));
			free(snip);
		}
		break;
	}
	free(server);
	cJSON_Delete(json);
	return NULL;
}

static const char *json_type_name(const cJSON *v)
{
	return cJSON_IsObject(v) ? "an object" : cJSON_IsArray(v) ? "a list"
	     : cJSON_IsString(v) ? "a string" : cJSON_IsNumber(v) ? "a number"
	     : cJSON_IsBool(v) ? "true or false" : "null";
}

cJSON *api_interpret_for(const struct api_request *req, const struct http_response *r,
			 struct api_error *err)
{
	cJSON *json = api_interpret(r, err);
	int want = req ? req->answer_type : 0;
	if (!json || !want || (json->type & 0xff) == want)
		return json;
	set_error(err, APIE_PROTOCOL, r->status, xasprintf(
		"HTTP %ld: expected %s but the answer is %s: not a Copper answer", r->status,
		want == cJSON_Object ? "an object" : "a list", json_type_name(json)));
	cJSON_Delete(json);
	return NULL;
}

int64_t api_parse_retry_after(const char *value, int64_t now)
{
	if (!value)
		return -1;
	while (*value == ' ')
		value++;
	if (isdigit((unsigned char)*value)) {
		int64_t secs;
		char *copy = xstrdup(value);
		str_trim(copy);
		bool ok = str_to_i64(copy, &secs);
		free(copy);
		return ok && secs >= 0 && secs < 24 * 3600 ? secs * 1000 : -1;
	}
	int64_t when = api_parse_http_date(value);
	if (when < 0)
		return -1;
	int64_t delta = when - now;
	return delta < 0 ? 0 : delta > 24 * 3600 ? -1 : delta * 1000;
}

int64_t api_parse_http_date(const char *value)
{
	if (!value)
		return -1;
	while (*value == ' ')
		value++;
	/* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
	struct tm tm = {0};
	char month[4] = {0};
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (sscanf(value, "%*3s, %d %3s %d %d:%d:%d GMT", &tm.tm_mday, month, &tm.tm_year,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	const char *m = strstr(months, month);
	if (!m || strlen(month) != 3)
		return -1;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_year -= 1900;
	return (int64_t)timegm(&tm);
}
