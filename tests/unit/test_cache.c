/* Unit tests: cache.c, look-ups on disk */
#include "config.h"

#include "copper/cache.h"
#include "testlib.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void plant(const char *base, int64_t account, const char *name, const char *text)
{
	char *path = xasprintf("%s/%" PRId64 "/%s.json", base, account, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

/* A hostile or corrupted cache cannot feed a shape its reader does not
 * expect: the users must be a list, the account an object... */
TEST(test_entries_of_the_wrong_shape_are_a_miss)
{
	char *base = xasprintf("%s/cache-d", test_tmpdir());
	struct cache *c = cache_open(base, "id", 60, NULL);
	cache_set_account(c, 8);
	cJSON *v = cJSON_CreateArray();
	CHECK(cache_put(c, "tags", v, 5)); /* makes the directory */
	cJSON_Delete(v);
	static const struct {
		const char *name, *data;
		bool taken;
	} entries[] = {
		{ "users", "[{\"id\": 1}]", true },
		{ "users", "{\"id\": 1}", false },
		{ "users", "\"x\"", false },
		{ "account", "{\"id\": 8}", true },
		{ "account", "[8]", false },
		{ "me", "null", false },
		{ "activity_types", "{\"user\": []}", true },
		{ "activity_types", "[]", false },
		{ "layout-people", "[]", true },
		{ "layout-people", "{}", false },
		{ "layout-opportunities-3", "7", false },
		{ "pipelines", "{}", false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(entries); i++) {
		char *text = xasprintf("{\"fetched_at\": 5, \"data\": %s}", entries[i].data);
		plant(base, 8, entries[i].name, text);
		free(text);
		cJSON *got = cache_get(c, entries[i].name, 6);
		if ((got != NULL) != entries[i].taken)
			test_fail(__FILE__, __LINE__, "%s = %s %s", entries[i].name, entries[i].data,
				  got ? "was taken" : "was refused");
		cJSON_Delete(got);
	}
	plant(base, 8, "tags", "{\"fetched_at\": 5}"); /* no data at all */
	CHECK(cache_get(c, "tags", 6) == NULL);
	cache_close(c);
	free(base);
}

/* Only regular files are read: a FIFO named like an entry once hung the
 * start, and a link could point anywhere. */
TEST(test_entries_that_are_no_regular_files)
{
	char *base = xasprintf("%s/cache-e", test_tmpdir());
	struct cache *c = cache_open(base, "id", 60, NULL);
	cache_set_account(c, 9);
	cJSON *v = cJSON_CreateArray();
	CHECK(cache_put(c, "tags", v, 5));
	cJSON_Delete(v);
	char *fifo = xasprintf("%s/9/users.json", base);
	CHECK(mkfifo(fifo, 0600) == 0);
	alarm(30); /* a blocking open would wait here for ever */
	CHECK(cache_get(c, "users", 6) == NULL);
	alarm(0);
	char *target = xasprintf("%s/9/tags.json", base);
	char *link = xasprintf("%s/9/pipelines.json", base);
	CHECK(symlink(target, link) == 0);
	cJSON *got = cache_get(c, "tags", 6);
	CHECK(got != NULL);
	cJSON_Delete(got);
	CHECK(cache_get(c, "pipelines", 6) == NULL);
	free(link);
	free(target);
	free(fifo);
	cache_close(c);
	free(base);
}

/* A cache directory someone else can write is not used at all, and the
 * reason names it. */
TEST(test_directories_others_can_write_turn_the_cache_off)
{
	char *base = xasprintf("%s/cache-f", test_tmpdir());
	struct cache *c = cache_open(base, "id", 60, NULL);
	CHECK(cache_problem(c) == NULL);
	cache_set_account(c, 10);
	cJSON *v = cJSON_CreateArray();
	CHECK(cache_put(c, "tags", v, 5));
	cache_close(c);

	CHECK(chmod(base, 0777) == 0);
	c = cache_open(base, "id", 60, NULL);
	CHECK_CONTAINS(cache_problem(c), "the disk cache is not used: ");
	CHECK_CONTAINS(cache_problem(c), "cache-f is writable by other users (mode 0777)");
	CHECK_INT(cache_account(c), 0);
	CHECK(cache_get(c, "tags", 6) == NULL);
	cache_set_account(c, 10);
	CHECK(!cache_put(c, "tags", v, 5));
	cache_close(c);
	CHECK(chmod(base, 0700) == 0);

	/* the account's directory, a link to a directory others can write */
	char *shared = xasprintf("%s/cache-f-shared", test_tmpdir());
	CHECK(mkdir(shared, 0700) == 0 && chmod(shared, 0777) == 0);
	char *dir = xasprintf("%s/11", base);
	CHECK(symlink(shared, dir) == 0);
	c = cache_open(base, "id", 60, NULL);
	CHECK_INT(cache_account(c), 10);
	CHECK(cache_problem(c) == NULL);
	cache_set_account(c, 11);
	CHECK_CONTAINS(cache_problem(c), "11 is a symbolic link to a directory that is writable");
	CHECK(!cache_put(c, "tags", v, 5));
	cache_close(c);
	cJSON_Delete(v);
	free(dir);
	free(shared);
	free(base);
}
