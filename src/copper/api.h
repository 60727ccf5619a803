/*
 * api.h - the Copper developer API as patina uses it, without any I/O.
 *
 * Builders return a struct api_request describing one HTTP request
 * (method, path relative to the base URL, JSON body); the fetch thread
 * performs it and api_interpret() turns the answer into parsed JSON or an
 * error a user can act on.  Keeping this pure lets the tests check every
 * body and every error message without a network.
 *
 * Ids are int64_t throughout: Copper's activity ids exceed 2^32.
 */
#ifndef PATINA_API_H
#define PATINA_API_H

#include "copper/entity.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_DELETE };
const char *http_method_name(enum http_method m);

/* What a request is for; carried back in its result. */
enum api_kind {
	API_SEARCH,
	API_RECORD,      /* fetch, update or create of one record */
	API_CREATE,
	API_LOOKUP,
	API_FIELD_LAYOUT,
	API_ACTIVITIES,
	API_RELATED,     /* a record's related items, or a change to them */
	API_DELETE,
	API_OTHER
};

struct api_request {
	enum http_method method;
	enum api_kind kind;
	char *path;       /* starts with '/', relative to the base URL */
	char *body;       /* JSON text; always NULL for GET, and for DELETE
			   * of a record */
	bool idempotent;  /* safe to send again automatically after a lost answer
			   * (reads); never an update or a create: whether they
			   * happened is learned by reading (model/save.h) */
	bool fresh_connection; /* never on a reused connection, which libcurl
				* would re-send it on by itself if it died: writes */
	int answer_type;  /* what a 2xx answer must be: cJSON_Array or
			   * cJSON_Object (every builder sets it); 0: anything */
	/* the records the request is about, carried back in its result so
	 * that whoever keeps records (the mirror) learns from every answer:
	 * set by the builders of searches, fetches, updates and creates;
	 * ENT_COUNT for anything else */
	enum entity entity;
	int64_t record_id;  /* the one record (fetch, update), else 0 */
};

void api_request_free(struct api_request *r);

/* POST /{entity}/search. filters may be NULL; its members are copied into
 * the body. page_size is clamped to 1..200. sort_by may be NULL. */
struct api_request *api_search(enum entity e, const cJSON *filters, int page_number,
			       int page_size, const char *sort_by, bool descending);
struct api_request *api_fetch(enum entity e, int64_t id);
struct api_request *api_fetch_person_by_email(const char *email);
/* PUT /{entity}/{id} with exactly the keys of changes (a partial update).
 * Never retried automatically: after a lost answer the record is re-read. */
struct api_request *api_update(enum entity e, int64_t id, const cJSON *changes);
/* POST /{entity}: never retried automatically, so no duplicate is made. */
struct api_request *api_create(enum entity e, const cJSON *record);
/* POST /leads/{id}/convert with {"details": details} (details: the
 * person, company and opportunity objects; NULL: {}). Never retried: a
 * lost answer is checked by searching for the converted lead. */
struct api_request *api_convert_lead(int64_t lead_id, const cJSON *details);
/* POST /leads/search for one lead, converted or not ({"ids": [id],
 * "include_converted_leads": true}): how a lost conversion is checked. */
struct api_request *api_find_lead(int64_t lead_id);

/* Related items (supplement/README.md). GET /{entity}/{id}/related: every
 * related record as [{"id", "type"}]. */
struct api_request *api_related(enum entity e, int64_t id);
/* POST /{entity}/{id}/related with {"resource": {"id", "type"}}: relates
 * two records. DELETE the same: removes the relation (neither record is
 * deleted). Writes: never retried; a lost answer is checked by
 * api_related. */
struct api_request *api_relate(enum entity e, int64_t id, enum entity other, int64_t other_id);
struct api_request *api_unrelate(enum entity e, int64_t id, enum entity other, int64_t other_id);
/* DELETE /{entity}/{id}, no body: removes the record for good (Copper has
 * no undelete). Never retried: a lost answer is checked by reading the
 * record (404: it is gone). */
struct api_request *api_delete(enum entity e, int64_t id);
/* GET /field_layouts/by_entity/{entity}; opportunities need pipeline_id. */
struct api_request *api_field_layout(enum entity e, int64_t pipeline_id);
/* An activity type as Copper names one: {"category": "user", "id": 0}. */
struct activity_type_ref {
	char category[8];   /* "user" or "system" */
	int64_t id;
};

/* What POST /activities/search asks for: the activities of one record,
 * newest first, of some types (none: all) and within some dates. */
struct activity_query {
	enum entity parent;
	int64_t parent_id;
	const struct activity_type_ref *types;
	size_t ntypes;
	bool dated;                   /* min_date and max_date apply */
	int64_t min_date, max_date;   /* Unix seconds, inclusive */
	int page_number;              /* from 1 */
	int page_size;                /* clamped to 1..200 */
};
struct api_request *api_activities(const struct activity_query *q);
/* POST /activities: a user activity of type_id on the record, dated
 * activity_date (Unix seconds). Never retried automatically, so no
 * duplicate is made: a lost answer is looked for (model/activity_save.h). */
struct api_request *api_create_activity(enum entity parent, int64_t parent_id,
					int64_t type_id, const char *details,
					int64_t activity_date);
/* PUT /activities/{id} with exactly the keys of changes (details,
 * activity_date). */
struct api_request *api_update_activity(int64_t id, const cJSON *changes);
/* DELETE /activities/{id}: gone for good; the answer is
 * {"id", "is_deleted": true}. */
struct api_request *api_delete_activity(int64_t id);

/* The look-ups: small, rarely changing, fetched once and cached. */
enum lookup {
	LOOKUP_ACCOUNT,
	LOOKUP_ME,
	LOOKUP_USERS,
	LOOKUP_CONTACT_TYPES,
	LOOKUP_CUSTOMER_SOURCES,
	LOOKUP_LEAD_STATUSES,
	LOOKUP_LOSS_REASONS,
	LOOKUP_PIPELINES,
	LOOKUP_CUSTOM_FIELDS,
	LOOKUP_TAGS,
	LOOKUP_ACTIVITY_TYPES,
	LOOKUP_COUNT
};
const char *lookup_name(enum lookup l); /* "users", "pipelines", ... */
/* The look-up a name is of, or LOOKUP_COUNT. */
enum lookup lookup_by_name(const char *name);
/* What a look-up's data is: cJSON_Array or cJSON_Object. */
int lookup_type(enum lookup l);
struct api_request *api_lookup(enum lookup l);

/* ---- answers ------------------------------------------------------------ */

enum api_error_kind {
	APIE_NONE,
	APIE_AUTH,        /* 401 */
	APIE_FORBIDDEN,   /* 403 */
	APIE_NOT_FOUND,   /* 404 */
	APIE_INVALID,     /* 400, 422: the server refused what was sent */
	APIE_RATE_LIMIT,  /* 429 */
	APIE_SERVER,      /* 5xx */
	APIE_TIMEOUT,
	APIE_DNS,
	APIE_CONNECT,
	APIE_TLS,
	APIE_NETWORK,     /* connection dropped, partial body, other transport */
	APIE_PROTOCOL,    /* not JSON, malformed JSON, wrong content type */
	APIE_REFUSED,     /* another 4xx (405, 409, 410...): the server answered no */
	APIE_TOO_LARGE,   /* beyond what any Copper answer can be: its size,
			   * depth or number of values (util/json.h); asking
			   * again would only pay for it again */
	APIE_CANCELLED,
	APIE_OFFLINE      /* answered from the mirror, which cannot do it (a
			   * write while offline, a search it cannot make):
			   * nothing was sent */
};

struct api_error {
	enum api_error_kind kind;
	long status;    /* HTTP status, 0 if none */
	char *message;  /* sanitized, ready to show; NULL when kind is NONE */
};

void api_error_clear(struct api_error *e);
/* True for errors worth retrying automatically on an idempotent request:
 * 429, 5xx, timeouts, connections refused or dropped, and answers garbled
 * on the way (malformed or truncated). Anything the server answered on
 * purpose (401, 403, 404, 405, 422...) is not: retrying cannot change it,
 * and it is shown as the error it is. */
bool api_error_transient(enum api_error_kind kind);
/* True when a write that failed so may have been carried out all the
 * same: its answer was lost on the way (a dropped connection, a timeout,
 * a garbled answer) or the server failed after starting (5xx). Such a
 * write is never sent again: what happened is learned by reading. False
 * for what the server refused (400, 401, 403, 404, 422, 429) and what
 * never left (DNS, TLS, a refused connection). */
bool api_error_maybe_done(enum api_error_kind kind);

/* Transport failure classes, filled in by the HTTP layer from libcurl. */
enum transport_result {
	TRANSPORT_OK,
	TRANSPORT_TIMEOUT,
	TRANSPORT_DNS,
	TRANSPORT_CONNECT,
	TRANSPORT_TLS,
	TRANSPORT_NETWORK,   /* dropped, partial, other */
	TRANSPORT_TOO_LARGE  /* the answer passed the transport's size cap (or
			      * memory for it ran out); transport_detail says
			      * which */
};

struct http_response {
	enum transport_result transport;
	char *transport_detail; /* libcurl's message, may be NULL */
	long status;
	char *content_type;     /* may be NULL */
	char *body;             /* NUL-terminated, may hold NULs inside */
	size_t body_len;
	int64_t total;          /* X-PW-TOTAL, or -1 */
	int64_t retry_after_ms; /* Retry-After, or -1 */
	int64_t server_date;    /* the Date header (Unix time, the server's clock), or 0 */
};

void http_response_free(struct http_response *r);

/* The answer to one request, as the fetch thread hands it back. */
struct api_result {
	uint64_t job_id;
	int owner;              /* who asked (a view, the look-ups...) */
	uint64_t generation;    /* the asker's generation when it asked */
	int64_t tag;            /* the asker's own value, returned as is */
	enum api_kind kind;
	cJSON *json;            /* owned by the result; NULL on error */
	int64_t total;          /* X-PW-TOTAL, or -1 */
	long status;
	struct api_error error; /* kind APIE_NONE on success */
	int attempts;
	int64_t elapsed_ms;     /* from submission to result */
	int64_t server_date;    /* the server's clock when it answered, or 0 */
	enum entity entity;     /* the request's (ENT_COUNT: not about records) */
	int64_t record_id;
};

void api_result_free(struct api_result *r);

/* How urgent a request is. */
enum api_priority {
	PRIO_VISIBLE,     /* what the user is looking at */
	PRIO_PREFETCH,    /* what they are about to look at */
	PRIO_BACKGROUND,  /* refreshes */
	PRIO_COUNT
};

/* Where requests go: the fetch thread, or a test's stand-in. Modules of
 * this layer send through one of these and never see the thread. submit
 * takes ownership of req and returns a job id (never 0); cancel drops
 * owner's jobs older than before_generation. */
struct api_sender {
	uint64_t (*submit)(void *ctx, struct api_request *req, int owner, uint64_t generation,
			   enum api_priority prio, int64_t tag);
	void (*cancel)(void *ctx, int owner, uint64_t before_generation);
	void *ctx;
};

/*
 * Interprets an answer. On success returns the parsed JSON (caller owns it)
 * and leaves err->kind APIE_NONE. On failure returns NULL and fills err
 * with a message that names the cause and what to do, including the
 * server's own field messages for a 422; never any credential. JSON is
 * parsed within util/json.h's bounds: beyond them, APIE_TOO_LARGE.
 */
cJSON *api_interpret(const struct http_response *r, struct api_error *err);
/* The same for the answer to req: a 2xx answer whose JSON is not of
 * req->answer_type (a list where one record belongs, say) is APIE_PROTOCOL,
 * so no caller ever meets a shape it did not ask for. */
cJSON *api_interpret_for(const struct api_request *req, const struct http_response *r,
			 struct api_error *err);

/* Retry-After as seconds or an HTTP date; -1 if unparseable. now is the
 * current Unix time, for the date form. */
int64_t api_parse_retry_after(const char *value, int64_t now);
/* An HTTP date (IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") as Unix
 * time; -1 if unparseable. */
int64_t api_parse_http_date(const char *value);

#endif
