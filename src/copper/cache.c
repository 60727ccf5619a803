/* cache.c - see cache.h */
#include "config.h"

#include "copper/api.h"
#include "copper/cache.h"
#include "util/util.h"
#include "util/json.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cache {
	char *base;
	char *identity_file;
	int ttl;
	int64_t account;
	struct writer *writer;
	char *problem;   /* why the cache is not used; NULL: it is */
};

/* A directory someone else can write is not used at all: what patina
 * read there could have been planted, and what it wrote swapped. */
static bool usable(struct cache *c, const char *dir)
{
	if (c->problem)
		return false;
	char *why;
	if (dir_check_private(dir, &why))
		return true;
	c->problem = xasprintf("the disk cache is not used: %s", why);
	free(why);
	return false;
}

static char *account_dir(const struct cache *c, int64_t account)
{
	return xasprintf("%s/%" PRId64, c->base, account);
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

struct cache *cache_open(const char *base_dir, const char *identity, int ttl_seconds,
			 struct writer *writer)
{
	struct cache *c = xcalloc(1, sizeof(*c));
	c->writer = writer;
	c->base = xstrdup(base_dir);
	c->ttl = ttl_seconds;
	c->identity_file = xasprintf("%s/identities/%016" PRIx64, base_dir, fnv1a(identity));
	char *identities = xasprintf("%s/identities", base_dir);
	bool ok = usable(c, base_dir) && usable(c, identities);
	free(identities);
	char *text = ok ? file_read(c->identity_file, 64, FILE_NOFOLLOW, NULL, NULL) : NULL;
	int64_t id;
	if (text && str_to_i64(str_trim(text), &id) && id > 0) {
		char *dir = account_dir(c, id);
		if (usable(c, dir))
			c->account = id;
		free(dir);
	}
	free(text);
	return c;
}

void cache_close(struct cache *c)
{
	if (!c)
		return;
	free(c->base);
	free(c->identity_file);
	free(c->problem);
	free(c);
}

const char *cache_problem(const struct cache *c)
{
	return c->problem;
}

int64_t cache_account(const struct cache *c)
{
	return c->account;
}

void cache_set_account(struct cache *c, int64_t account_id)
{
	if (account_id <= 0 || account_id == c->account || c->problem)
		return;
	char *dir = account_dir(c, account_id);
	bool ok = usable(c, dir);
	free(dir);
	if (!ok)
		return;
	c->account = account_id;
	char *text = xasprintf("%" PRId64 "\n", account_id);
	writer_write(c->writer, c->identity_file, text, strlen(text), true);
	free(text);
}

bool cache_name_valid(const char *name)
{
	if (!*name || strlen(name) > 100)
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return false;
	return true;
}

static char *entry_path(const struct cache *c, const char *name)
{
	return xasprintf("%s/%" PRId64 "/%s.json", c->base, c->account, name);
}

/* What an entry's data must be: the shape of its look-up, a list for a
 * field layout; 0 for a name the cache does not know. */
static int entry_type(const char *name)
{
	enum lookup l = lookup_by_name(name);
	if (l != LOOKUP_COUNT)
		return lookup_type(l);
	return str_starts_with(name, "layout-") ? cJSON_Array : 0;
}

cJSON *cache_get(const struct cache *c, const char *name, int64_t now)
{
	if (!c->account || c->problem || !cache_name_valid(name))
		return NULL;
	char *path = entry_path(c, name);
	/* only a regular file, never through a link, never waiting on a FIFO */
	size_t len;
	char *text = file_read(path, 32u * 1024 * 1024, FILE_NOFOLLOW, &len, NULL);
	free(path);
	if (!text)
		return NULL;
	cJSON *wrapper = json_parse_bounded(text, len, NULL);
	free(text);
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(wrapper, "fetched_at");
	const cJSON *stored = cJSON_GetObjectItemCaseSensitive(wrapper, "data");
	int want = entry_type(name);
	cJSON *data = NULL;
	if (cJSON_IsNumber(at) && now - json_i64(at) < c->ttl && json_i64(at) <= now && stored &&
	    (!want || (stored->type & 0xff) == want))
		data = cJSON_DetachItemFromObjectCaseSensitive(wrapper, "data");
	cJSON_Delete(wrapper);
	return data;
}

bool cache_put(const struct cache *c, const char *name, const cJSON *data, int64_t now)
{
	if (!c->account || c->problem || !cache_name_valid(name) || !data)
		return false;
	cJSON *wrapper = cJSON_CreateObject();
	cJSON_AddNumberToObject(wrapper, "fetched_at", (double)now);
	cJSON_AddItemToObject(wrapper, "data", cJSON_Duplicate(data, true));
	char *text = cJSON_PrintUnformatted(wrapper);
	cJSON_Delete(wrapper);
	if (!text)
		return false;
	char *path = entry_path(c, name);
	writer_write(c->writer, path, text, strlen(text), true);
	free(path);
	cJSON_free(text);
	return true;
}

void cache_clear(const struct cache *c)
{
	if (!c->account || c->problem)
		return;
	char *dir = xasprintf("%s/%" PRId64, c->base, c->account);
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (n > 5 && !strcmp(e->d_name + n - 5, ".json")) {
				char *p = xasprintf("%s/%s", dir, e->d_name);
				writer_remove(c->writer, p);
				free(p);
			}
		}
		closedir(d);
	}
	free(dir);
}
