/*
 * http.h - one HTTP exchange with Copper over libcurl.
 *
 * Only the fetch thread uses this module: it creates a transfer, adds its
 * easy handle to its multi handle, and finishes it when libcurl says it is
 * done.  Every transfer verifies TLS (never turned off), accepts compressed
 * answers, prefers HTTP/2 over TLS, reuses connections through the multi
 * handle, sends no body with a GET, and caps the answer's size.
 */
#ifndef PATINA_HTTP_H
#define PATINA_HTTP_H

#include "copper/api.h"

#include <curl/curl.h>

struct http_config {
	const char *base_url;     /* without trailing slash */
	const char *email;        /* with api_token */
	const char *api_token;    /* secret */
	const char *access_token; /* secret: OAuth bearer */
	long connect_timeout_ms;
	long request_timeout_ms;
	const char *ca_file;     /* NULL: the system's store */
	bool plain_loopback;     /* set by http_url_allowed: plain http, so every
				  * connection must go to a loopback address,
				  * never through a proxy */
};

/* True if url may carry the credentials: https, or plain http to a host
 * that is a literal loopback address (127.0.0.0/8, [::1]) or exactly
 * "localhost" (never a name a resolver could send elsewhere, such as
 * 127.0.0.1.example.com). On false, *why says what is wrong (malloc'd).
 * *plain_loopback (may be NULL) tells whether it is the plain http case. */
bool http_url_allowed(const char *url, bool *plain_loopback, char **why);

/* Builds the fixed header list (auth, content type, accept) once. The
 * list holds the secret; free with http_headers_free. */
struct curl_slist *http_headers_new(const struct http_config *cfg);
void http_headers_free(struct curl_slist *headers);

struct http_transfer;

/* Prepares a transfer; its easy handle is ready for curl_multi_add_handle.
 * The request and headers must outlive the transfer. */
/* on_send, if given, is called each time the request actually goes out on
 * a connection (libcurl may send it twice: see fetch.c). */
struct http_transfer *http_transfer_new(const struct http_config *cfg,
					struct curl_slist *headers,
					const struct api_request *req,
					void (*on_send)(void *data), void *data);
CURL *http_transfer_easy(struct http_transfer *t);
/* Completes a transfer after libcurl reported result for it; moves the
 * answer into *resp (caller frees with http_response_free) and frees t.
 * The easy handle must already be removed from the multi handle. */
void http_transfer_finish(struct http_transfer *t, CURLcode result, struct http_response *resp);
/* Abandons a transfer (cancelled); the easy handle must be removed first. */
void http_transfer_abort(struct http_transfer *t);

/* Largest answer accepted, counted once decoded (a gzip answer of 61 KB
 * can decode to 60 MiB): more is an error, not an out-of-memory. The
 * largest honest answer, a 200-record page of opportunities, is 0.36 MB;
 * this is over twenty times that. What parsing may cost is bounded
 * separately (util/json.h). */
#define HTTP_MAX_BODY (8u * 1024 * 1024)

#endif
