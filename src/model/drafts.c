/* drafts.c - see drafts.h */
#include "config.h"

#include "model/drafts.h"
#include "util/json.h"
#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *drafts_dir(void)
{
	char *state = xdg_dir("state");
	char *dir = xasprintf("%s/drafts", state);
	free(state);
	return dir;
}

char *drafts_problem(void)
{
	char *state = xdg_dir("state");
	char *dir = drafts_dir();
	char *why = NULL;
	if (dir_check_private(state, &why) && dir_check_private(dir, &why)) {
		free(state);
		free(dir);
		return NULL;
	}
	char *msg = xasprintf("drafts are neither kept nor restored: %s", why);
	free(why);
	free(state);
	free(dir);
	return msg;
}

static bool kept(void)
{
	char *problem = drafts_problem();
	bool ok = problem == NULL;
	free(problem);
	return ok;
}

static bool purpose_known(const char *purpose)
{
	return !purpose || !strcmp(purpose, "convert");
}

static char *draft_path(const char *dir, enum entity e, int64_t id, const char *purpose)
{
	if (purpose)
		return xasprintf("%s/%s-%" PRId64 "-%s.json", dir, entity_path(e), id, purpose);
	if (!id)
		return xasprintf("%s/%s-new.json", dir, entity_path(e));
	return xasprintf("%s/%s-%" PRId64 ".json", dir, entity_path(e), id);
}

static char *activity_path(const char *dir, enum entity parent, int64_t parent_id,
			   int64_t activity_id)
{
	if (activity_id)
		return xasprintf("%s/activity-%" PRId64 ".json", dir, activity_id);
	return xasprintf("%s/activity-%s-%" PRId64 ".json", dir, entity_path(parent), parent_id);
}

/* path is taken over. */
static bool write_draft(struct writer *w, char *path, const cJSON *draft)
{
	if (!kept()) {
		free(path);
		return false;
	}
	char *text = cJSON_PrintUnformatted(draft);
	if (!text) {
		free(path);
		return false;
	}
	/* no fsync: this runs as the user types, and rename is atomic
	 * against the crashes that matter here (the process, the SSH
	 * session), not power loss */
	writer_write(w, path, text, strlen(text), false);
	free(path);
	cJSON_free(text);
	return true;
}

bool drafts_write_for(struct writer *w, enum entity e, int64_t id, const char *purpose,
		      const cJSON *draft)
{
	if (!purpose_known(purpose))
		return false;
	char *dir = drafts_dir();
	char *path = draft_path(dir, e, id, purpose);
	free(dir);
	return write_draft(w, path, draft);
}

bool drafts_write(struct writer *w, enum entity e, int64_t id, const cJSON *draft)
{
	return drafts_write_for(w, e, id, NULL, draft);
}

bool drafts_write_activity(struct writer *w, enum entity parent, int64_t parent_id,
			   int64_t activity_id, const cJSON *draft)
{
	char *dir = drafts_dir();
	char *path = activity_path(dir, parent, parent_id, activity_id);
	free(dir);
	return write_draft(w, path, draft);
}

static void remove_draft(struct writer *w, char *path)
{
	writer_remove(w, path);
	free(path);
}

void drafts_remove_for(struct writer *w, enum entity e, int64_t id, const char *purpose)
{
	if (!purpose_known(purpose))
		return;
	char *dir = drafts_dir();
	remove_draft(w, draft_path(dir, e, id, purpose));
	free(dir);
}

void drafts_remove(struct writer *w, enum entity e, int64_t id)
{
	drafts_remove_for(w, e, id, NULL);
}

void drafts_remove_activity(struct writer *w, enum entity parent, int64_t parent_id,
			    int64_t activity_id)
{
	char *dir = drafts_dir();
	remove_draft(w, activity_path(dir, parent, parent_id, activity_id));
	free(dir);
}

struct found {
	cJSON *json;
	time_t mtime;
};

static int by_mtime(const void *a, const void *b)
{
	time_t x = ((const struct found *)a)->mtime, y = ((const struct found *)b)->mtime;
	return x < y ? -1 : x > y;
}

size_t drafts_list(cJSON ***out)
{
	*out = NULL;
	if (!kept())
		return 0;
	char *dir = drafts_dir();
	DIR *d = opendir(dir);
	struct found *found = NULL;
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		size_t text_len;
		/* only a regular file, never through a link, never waiting on
		 * a FIFO; st is the file read */
		char *text = file_read(path, 64u * 1024 * 1024, FILE_NOFOLLOW, &text_len, &st);
		free(path);
		if (!text)
			continue;
		cJSON *json = json_parse_bounded(text, text_len, NULL);
		free(text);
		if (!cJSON_IsObject(json)) {
			cJSON_Delete(json);
			continue;
		}
		found = xrealloc(found, (n + 1) * sizeof(*found));
		found[n++] = (struct found){ json, st.st_mtime };
	}
	if (d)
		closedir(d);
	free(dir);
	if (!n)
		return 0;
	qsort(found, n, sizeof(*found), by_mtime);
	*out = xcalloc(n, sizeof(cJSON *));
	for (size_t i = 0; i < n; i++)
		(*out)[i] = found[i].json;
	free(found);
	return n;
}
