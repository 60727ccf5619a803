/* cache.c - see cache.h */
#include "config.h"

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
};

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
	char *text = file_read_all(c->identity_file, 64, NULL);
	int64_t id;
	if (text && str_to_i64(str_trim(text), &id) && id > 0)
		c->account = id;
	free(text);
	return c;
}

void cache_close(struct cache *c)
{
	if (!c)
		return;
	free(c->base);
	free(c->identity_file);
	free(c);
}

int64_t cache_account(const struct cache *c)
{
	return c->account;
}

void cache_set_account(struct cache *c, int64_t account_id)
{
	if (account_id <= 0 || account_id == c->account)
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

cJSON *cache_get(const struct cache *c, const char *name, int64_t now)
{
	if (!c->account || !cache_name_valid(name))
		return NULL;
	char *path = entry_path(c, name);
	char *text = file_read_all(path, 32u * 1024 * 1024, NULL);
	free(path);
	if (!text)
		return NULL;
	cJSON *wrapper = cJSON_Parse(text);
	free(text);
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(wrapper, "fetched_at");
	cJSON *data = NULL;
	if (cJSON_IsNumber(at) && now - json_i64(at) < c->ttl &&
	    json_i64(at) <= now)
		data = cJSON_DetachItemFromObjectCaseSensitive(wrapper, "data");
	cJSON_Delete(wrapper);
	return data;
}

bool cache_put(const struct cache *c, const char *name, const cJSON *data, int64_t now)
{
	if (!c->account || !cache_name_valid(name) || !data)
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
	if (!c->account)
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
