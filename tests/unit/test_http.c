/* Unit tests: http.c, which URLs may carry the credentials */
#include "config.h"

#include "fetch/http.h"
#include "testlib.h"

#include <stdlib.h>

static bool allowed(const char *url, bool *plain)
{
	char *why = NULL;
	bool ok = http_url_allowed(url, plain, &why);
	CHECK(ok == (why == NULL));
	free(why);
	return ok;
}

TEST(test_https_anywhere_http_only_to_loopback)
{
	bool plain = true;
	CHECK(allowed("https://api.copper.com/developer_api/v1", &plain) && !plain);
	CHECK(allowed("http://127.0.0.1:8080/developer_api/v1", &plain) && plain);
	CHECK(allowed("http://127.8.9.10/x", &plain) && plain);
	CHECK(allowed("http://localhost:1/x", &plain) && plain);
	CHECK(allowed("http://LOCALHOST:1/x", &plain) && plain);
	CHECK(allowed("http://[::1]:1/x", &plain) && plain);
	char *why = NULL;
	CHECK(!http_url_allowed("http://api.copper.com/developer_api/v1", NULL, &why));
	CHECK_CONTAINS(why, "plain http");
	free(why);
	CHECK(!allowed("ftp://x.example/", NULL));
	CHECK(!allowed("not a url", NULL));
}

/* A prefix test once let these through; they resolve through DNS to any
 * address, and the token would have gone there in clear text. */
TEST(test_names_that_look_like_loopback_are_refused)
{
	CHECK(!allowed("http://127.0.0.1.evil.example/developer_api/v1", NULL));
	CHECK(!allowed("http://127.evil.example/", NULL));
	CHECK(!allowed("http://localhost.evil.example/", NULL));
	CHECK(allowed("http://127.1/", NULL));  /* libcurl reads it as the literal 127.0.0.1 */
	CHECK(!allowed("http://[::2]/", NULL));
	CHECK(!allowed("http://[::ffff:8.8.8.8]/", NULL));
	CHECK(!allowed("http://10.0.0.1/", NULL));
}
