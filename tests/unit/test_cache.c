/* Unit tests: cache.c, look-ups on disk */
#include "config.h"

#include "copper/cache.h"
#include "testlib.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

TEST(test_roundtrip_expiry_and_identity)
{
	char *base = xasprintf("%s/cache-a", test_tmpdir());
	struct cache *c = cache_open(base, "https://api.example/v1\nme@example.com", 3600, NULL);
	CHECK_INT(cache_account(c), 0);
	cJSON *users = cJSON_Parse("[{\"id\": 137658, \"name\": \"John Doe\"}]");
	/* no account yet: nowhere to put it */
	CHECK(!cache_put(c, "users", users, 1000));
	cache_set_account(c, 9007199254740993LL / 1024);
	CHECK(cache_put(c, "users", users, 1000));

	cJSON *got = cache_get(c, "users", 1000 + 3599);
	CHECK(got && cJSON_Compare(got, users, true));
	cJSON_Delete(got);
	CHECK(cache_get(c, "users", 1000 + 3600) == NULL);  /* expired */
	CHECK(cache_get(c, "users", 999) == NULL);           /* from the future: distrust */
	CHECK(cache_get(c, "pipelines", 1000) == NULL);
	cache_close(c);

	/* a new process with the same identity finds the account and entries */
	c = cache_open(base, "https://api.example/v1\nme@example.com", 3600, NULL);
	CHECK_INT(cache_account(c), 9007199254740993LL / 1024);
	got = cache_get(c, "users", 2000);
	CHECK(got != NULL);
	cJSON_Delete(got);
	cache_clear(c);
	CHECK(cache_get(c, "users", 2000) == NULL);
	cache_close(c);

	/* another identity does not see it */
	c = cache_open(base, "https://api.example/v1\nother@example.com", 3600, NULL);
	CHECK_INT(cache_account(c), 0);
	cache_close(c);
	cJSON_Delete(users);
	free(base);
}

TEST(test_files_are_private_and_names_checked)
{
	char *base = xasprintf("%s/cache-b", test_tmpdir());
	struct cache *c = cache_open(base, "id", 60, NULL);
	cache_set_account(c, 42);
	cJSON *v = cJSON_CreateNumber(1);
	CHECK(cache_put(c, "layout-opportunities-123", v, 5));
	char *path = xasprintf("%s/42/layout-opportunities-123.json", base);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(!cache_put(c, "../escape", v, 5));
	CHECK(!cache_put(c, "a/b", v, 5));
	CHECK(!cache_name_valid(""));
	cJSON_Delete(v);
	free(path);
	cache_close(c);
	free(base);
}

TEST(test_corrupt_file_is_a_miss)
{
	char *base = xasprintf("%s/cache-c", test_tmpdir());
	struct cache *c = cache_open(base, "id", 60, NULL);
	cache_set_account(c, 7);
	cJSON *v = cJSON_CreateNumber(1);
	CHECK(cache_put(c, "tags", v, 5));
	char *path = xasprintf("%s/7/tags.json", base);
	FILE *f = fopen(path, "w");
	fputs("{\"fetched_at\": 5, \"data\": [1, 2", f);
	fclose(f);
	CHECK(cache_get(c, "tags", 6) == NULL);
	cJSON_Delete(v);
	free(path);
	cache_close(c);
	free(base);
}
