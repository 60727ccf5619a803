/* http.c - see http.h */
#include "config.h"

#include "fetch/http.h"
#include "util/util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

struct http_transfer {
	CURL *easy;
	struct strbuf body;
	char *content_type;
	int64_t total;
	char *retry_after;
	int64_t server_date;
	char errbuf[CURL_ERROR_SIZE];
	char *url;
	bool too_large;
	bool out_of_memory;
	void (*on_send)(void *data);
	void *on_send_data;
};

static bool loopback_literal(const char *host)
{
	if (!strcasecmp(host, "localhost"))
		return true;
	struct in_addr a4;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	size_t n = strlen(host);
	char inner[INET6_ADDRSTRLEN];
	struct in6_addr a6;
	if (n > 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof(inner)) {
		memcpy(inner, host + 1, n - 2);
		inner[n - 2] = '\0';
		return inet_pton(AF_INET6, inner, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
	}
	return false;
}

bool http_url_allowed(const char *url, bool *plain_loopback, char **why)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	bool ok = false;

	*why = NULL;
	if (plain_loopback)
		*plain_loopback = false;
	if (!u)
		abort();
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		*why = xasprintf("api-url '%s' is not a valid URL", url);
		goto out;
	}
	if (!strcmp(scheme, "https")) {
		ok = true;
	} else if (!strcmp(scheme, "http") && loopback_literal(host)) {
		ok = true;
		if (plain_loopback)
			*plain_loopback = true;
	} else if (!strcmp(scheme, "http")) {
		*why = xasprintf("api-url '%s' is plain http to a host that is not a loopback address; "
				 "use https (plain http is allowed only for 127.0.0.1, [::1] and localhost)",
				 url);
	} else {
		*why = xasprintf("api-url '%s': scheme '%s' is not supported (use https)", url, scheme);
	}
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

/* Plain http: a connection to anything but a loopback address is refused
 * before a byte is sent, whatever a resolver or a proxy setting says. */
static curl_socket_t open_loopback_socket(void *clientp, curlsocktype purpose,
					  struct curl_sockaddr *addr)
{
	(void)clientp;
	(void)purpose;
	bool loopback = false;
	if (addr->family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)&addr->addr;
		loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	} else if (addr->family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)&addr->addr;
		loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	}
	if (!loopback)
		return CURL_SOCKET_BAD;
	return socket(addr->family, addr->socktype, addr->protocol);
}

struct curl_slist *http_headers_new(const struct http_config *cfg)
{
	struct curl_slist *h = NULL;
	char *line;
	if (cfg->access_token) {
		line = xasprintf("Authorization: Bearer %s", cfg->access_token);
		h = curl_slist_append(h, line);
		free(line);
	} else {
		line = xasprintf("X-PW-AccessToken: %s", cfg->api_token ? cfg->api_token : "");
		h = curl_slist_append(h, line);
		free(line);
		line = xasprintf("X-PW-UserEmail: %s", cfg->email ? cfg->email : "");
		h = curl_slist_append(h, line);
		free(line);
	}
	h = curl_slist_append(h, "X-PW-Application: developer_api");
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	/* libcurl would otherwise send "Expect: 100-continue" for large PUTs,
	 * costing a round trip */
	h = curl_slist_append(h, "Expect:");
	if (!h)
		abort();
	return h;
}

void http_headers_free(struct curl_slist *headers)
{
	/* wipe the secret before the memory goes back to the allocator */
	for (struct curl_slist *h = headers; h; h = h->next) {
		volatile char *p = h->data;
		while (*p)
			*p++ = '\0';
	}
	curl_slist_free_all(headers);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_transfer *t = userp;
	size_t n = size * nmemb;
	if (t->body.len + n > HTTP_MAX_BODY) {
		t->too_large = true;
		return 0; /* aborts the transfer */
	}
	/* the server chose this size: running out of memory for it is its
	 * answer's failure, not a reason to abort the program */
	if (!sb_try_append(&t->body, data, n)) {
		t->out_of_memory = true;
		return 0;
	}
	return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_transfer *t = userp;
	size_t n = size * nmemb;
	const char *colon = memchr(data, ':', n);
	if (!colon)
		return n;
	size_t name_len = (size_t)(colon - data);
	const char *value = colon + 1;
	size_t value_len = n - name_len - 1;
	while (value_len && (*value == ' ' || *value == '\t'))
		value++, value_len--;
	while (value_len && (value[value_len - 1] == '\r' || value[value_len - 1] == '\n' ||
			     value[value_len - 1] == ' '))
		value_len--;

	if (name_len == 12 && !strncasecmp(data, "Content-Type", 12)) {
		free(t->content_type);
		t->content_type = xstrndup(value, value_len);
	} else if (name_len == 10 && !strncasecmp(data, "X-PW-TOTAL", 10)) {
		char *v = xstrndup(value, value_len);
		int64_t total;
		if (str_to_i64(v, &total) && total >= 0)
			t->total = total;
		free(v);
	} else if (name_len == 11 && !strncasecmp(data, "Retry-After", 11)) {
		free(t->retry_after);
		t->retry_after = xstrndup(value, value_len);
	} else if (name_len == 4 && !strncasecmp(data, "Date", 4)) {
		char *v = xstrndup(value, value_len);
		int64_t when = api_parse_http_date(v);
		t->server_date = when > 0 ? when : 0;
		free(v);
	}
	return n;
}

static void setopt_checked(CURL *easy, CURLoption opt, CURLcode rc)
{
	(void)easy;
	(void)opt;
	if (rc != CURLE_OK && rc != CURLE_UNKNOWN_OPTION && rc != CURLE_NOT_BUILT_IN)
		abort();
}

#define SETOPT(easy, opt, val) setopt_checked(easy, opt, curl_easy_setopt(easy, opt, val))

#if LIBCURL_VERSION_NUM >= 0x075000
static int on_prereq(void *clientp, char *ip, char *local_ip, int port, int local_port)
{
	struct http_transfer *t = clientp;
	(void)ip, (void)local_ip, (void)port, (void)local_port;
	if (t->on_send)
		t->on_send(t->on_send_data);
	return CURL_PREREQFUNC_OK;
}
#endif

struct http_transfer *http_transfer_new(const struct http_config *cfg,
					struct curl_slist *headers,
					const struct api_request *req,
					void (*on_send)(void *data), void *data)
{
	struct http_transfer *t = xcalloc(1, sizeof(*t));
	t->on_send = on_send;
	t->on_send_data = data;
	t->total = -1;
	t->easy = curl_easy_init();
	if (!t->easy)
		abort();
	t->url = xasprintf("%s%s", cfg->base_url, req->path);

	CURL *e = t->easy;
	SETOPT(e, CURLOPT_URL, t->url);
	SETOPT(e, CURLOPT_HTTPHEADER, headers);
	SETOPT(e, CURLOPT_USERAGENT, "patina/" PACKAGE_VERSION);
	SETOPT(e, CURLOPT_NOSIGNAL, 1L);
	SETOPT(e, CURLOPT_ERRORBUFFER, t->errbuf);
	SETOPT(e, CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(e, CURLOPT_WRITEDATA, t);
	SETOPT(e, CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(e, CURLOPT_HEADERDATA, t);
	SETOPT(e, CURLOPT_ACCEPT_ENCODING, "");
	/* an answer that says up front it is too large is refused before its
	 * body is read; on_body counts what arrives, decoded */
	SETOPT(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)HTTP_MAX_BODY);
	SETOPT(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	SETOPT(e, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms);
	SETOPT(e, CURLOPT_TIMEOUT_MS, cfg->request_timeout_ms);
	SETOPT(e, CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(e, CURLOPT_SSL_VERIFYHOST, 2L);
	SETOPT(e, CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(e, CURLOPT_TCP_KEEPALIVE, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	SETOPT(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	SETOPT(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (cfg->ca_file)
		SETOPT(e, CURLOPT_CAINFO, cfg->ca_file);
	if (cfg->plain_loopback) {
		/* the token in clear text must never reach a proxy (http_proxy)
		 * or an address that is not this machine */
		SETOPT(e, CURLOPT_NOPROXY, "*");
		SETOPT(e, CURLOPT_OPENSOCKETFUNCTION, open_loopback_socket);
	}

	/* libcurl re-sends a request by itself when a reused connection turns
	 * out to have died before the answer; a write the server carried out
	 * would go twice (a duplicate record, or a colleague's change
	 * overwritten), so it goes on a connection of its own, which libcurl
	 * never retries */
	if (req->method != HTTP_GET && req->fresh_connection)
		SETOPT(e, CURLOPT_FRESH_CONNECT, 1L);
	if (req->method == HTTP_GET || (req->method == HTTP_DELETE && !req->body)) {
		/* a read, or a record's DELETE: no body */
		SETOPT(e, CURLOPT_HTTPGET, 1L);
		if (req->method == HTTP_DELETE)
			SETOPT(e, CURLOPT_CUSTOMREQUEST, "DELETE");
	} else {
		/* POST, PUT, and DELETE .../related, which carries a body */
		const char *body = req->body ? req->body : "{}";
		SETOPT(e, CURLOPT_POST, 1L);
		SETOPT(e, CURLOPT_POSTFIELDS, body);
		SETOPT(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
		if (req->method != HTTP_POST)
			SETOPT(e, CURLOPT_CUSTOMREQUEST, http_method_name(req->method));
	}
#if LIBCURL_VERSION_NUM >= 0x075000
	SETOPT(e, CURLOPT_PREREQFUNCTION, on_prereq);
	SETOPT(e, CURLOPT_PREREQDATA, t);
#endif
	SETOPT(e, CURLOPT_PRIVATE, t);
	return t;
}

CURL *http_transfer_easy(struct http_transfer *t)
{
	return t->easy;
}

static enum transport_result classify(CURLcode rc, bool too_large)
{
	if (too_large)
		return TRANSPORT_TOO_LARGE;
	switch (rc) {
	case CURLE_OK:
		return TRANSPORT_OK;
	case CURLE_FILESIZE_EXCEEDED:
		return TRANSPORT_TOO_LARGE;
	case CURLE_OPERATION_TIMEDOUT:
		return TRANSPORT_TIMEOUT;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return TRANSPORT_DNS;
	case CURLE_COULDNT_CONNECT:
		return TRANSPORT_CONNECT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return TRANSPORT_TLS;
	default:
		return TRANSPORT_NETWORK;
	}
}

static void free_transfer(struct http_transfer *t)
{
	curl_easy_cleanup(t->easy);
	sb_free(&t->body);
	free(t->content_type);
	free(t->retry_after);
	free(t->url);
	free(t);
}

void http_transfer_finish(struct http_transfer *t, CURLcode result, struct http_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->transport = classify(result, t->too_large || t->out_of_memory);
	if (t->out_of_memory)
		resp->transport_detail = xasprintf("no memory for an answer of %zu bytes", t->body.len);
	else if (resp->transport == TRANSPORT_TOO_LARGE)
		resp->transport_detail = xasprintf("more than %u MiB once decoded",
						   HTTP_MAX_BODY / (1024 * 1024));
	else if (resp->transport != TRANSPORT_OK)
		resp->transport_detail = xstrdup(t->errbuf[0] ? t->errbuf : curl_easy_strerror(result));
	long status = 0;
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	resp->status = status;
	resp->content_type = t->content_type;
	t->content_type = NULL;
	resp->body_len = t->body.len;
	resp->body = sb_detach(&t->body);
	resp->total = t->total;
	resp->retry_after_ms = api_parse_retry_after(t->retry_after, (int64_t)time(NULL));
	resp->server_date = t->server_date;
	free_transfer(t);
}

void http_transfer_abort(struct http_transfer *t)
{
	free_transfer(t);
}
