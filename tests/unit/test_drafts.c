/* Unit tests: drafts.c, unsaved edits on disk, and what is not trusted */
#include "config.h"

#include "model/drafts.h"
#include "testlib.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *state_dir(const char *name)
{
	char *base = xasprintf("%s/%s", test_tmpdir(), name);
	setenv("XDG_STATE_HOME", base, 1);
	return base;
}

static void free_list(cJSON **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cJSON_Delete(list[i]);
	free(list);
}

TEST(test_written_drafts_are_listed)
{
	free(state_dir("state-a"));
	cJSON *d = cJSON_Parse("{\"entity\": \"people\", \"id\": 5}");
	CHECK(drafts_write(NULL, ENT_PEOPLE, 5, d));
	cJSON **list;
	size_t n = drafts_list(&list);
	CHECK_INT(n, 1);
	if (n)
		CHECK(cJSON_Compare(list[0], d, true));
	free_list(list, n);
	CHECK(drafts_problem() == NULL);
	char *dir = drafts_dir();
	struct stat st;
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	free(dir);
	cJSON_Delete(d);
}

/* A FIFO named like a draft would block the start; a link could point
 * anywhere. Neither is read. */
TEST(test_only_regular_files_are_read)
{
	free(state_dir("state-b"));
	cJSON *d = cJSON_Parse("{\"entity\": \"people\", \"id\": 6}");
	CHECK(drafts_write(NULL, ENT_PEOPLE, 6, d));
	char *dir = drafts_dir();
	char *fifo = xasprintf("%s/people-7.json", dir);
	CHECK(mkfifo(fifo, 0600) == 0);
	char *target = xasprintf("%s/people-6.json", dir);
	char *link = xasprintf("%s/people-8.json", dir);
	CHECK(symlink(target, link) == 0);
	alarm(30); /* a blocking open would wait here for ever */
	cJSON **list;
	size_t n = drafts_list(&list);
	alarm(0);
	CHECK_INT(n, 1);
	free_list(list, n);
	free(link);
	free(target);
	free(fifo);
	free(dir);
	cJSON_Delete(d);
}

/* A state or drafts directory someone else can write is not used: its
 * drafts could have been planted, and ours would be read there. */
TEST(test_directories_others_can_write_are_not_used)
{
	char *base = state_dir("state-c");
	cJSON *d = cJSON_Parse("{\"entity\": \"people\", \"id\": 9}");
	CHECK(drafts_write(NULL, ENT_PEOPLE, 9, d));
	char *state = xasprintf("%s/patina", base);
	CHECK(chmod(state, 0777) == 0);
	char *why = drafts_problem();
	CHECK_CONTAINS(why, "drafts are neither kept nor restored: ");
	CHECK_CONTAINS(why, "state-c/patina is writable by other users (mode 0777)");
	CHECK_CONTAINS(why, "run: chmod 700");
	free(why);
	cJSON **list;
	CHECK_INT(drafts_list(&list), 0);
	CHECK(!drafts_write(NULL, ENT_PEOPLE, 10, d));
	char *path = xasprintf("%s/drafts/people-10.json", state);
	CHECK(access(path, F_OK) != 0);
	CHECK(chmod(state, 0700) == 0);
	CHECK(drafts_problem() == NULL);

	/* the drafts directory a link to someone else's: as root one is made,
	 * otherwise root's own directory does */
	char *drafts = drafts_dir();
	char *aside = xasprintf("%s/drafts-aside", state);
	CHECK(rename(drafts, aside) == 0);
	char *other = xasprintf("%s/others", test_tmpdir());
	if (geteuid() == 0)
		CHECK(mkdir(other, 0700) == 0 && chown(other, 65534, 65534) == 0);
	else
		CHECK(symlink("/", other) == 0);
	CHECK(symlink(other, drafts) == 0);
	why = drafts_problem();
	CHECK_CONTAINS(why, "belongs to another user");
	free(why);
	CHECK_INT(drafts_list(&list), 0);
	free(aside);
	free(other);
	free(drafts);
	free(path);
	free(state);
	free(base);
	cJSON_Delete(d);
}

/* A lead's conversion is kept beside an edit of the same lead, and only
 * the purposes patina knows name a file. */
TEST(test_a_conversion_has_a_draft_of_its_own)
{
	free(state_dir("state-convert"));
	cJSON *edit = cJSON_Parse("{\"entity\": \"leads\", \"id\": 5}");
	cJSON *conv = cJSON_Parse("{\"entity\": \"leads\", \"id\": 5, \"purpose\": \"convert\"}");
	CHECK(drafts_write(NULL, ENT_LEADS, 5, edit));
	CHECK(drafts_write_for(NULL, ENT_LEADS, 5, "convert", conv));
	CHECK(!drafts_write_for(NULL, ENT_LEADS, 5, "../../x", conv));
	cJSON **list;
	size_t n = drafts_list(&list);
	CHECK_INT(n, 2);
	free_list(list, n);
	char *dir = drafts_dir();
	char *path = xasprintf("%s/leads-5-convert.json", dir);
	CHECK(access(path, F_OK) == 0);
	drafts_remove_for(NULL, ENT_LEADS, 5, "convert");
	CHECK(access(path, F_OK) != 0);
	n = drafts_list(&list);
	CHECK_INT(n, 1);
	if (n)
		CHECK(cJSON_Compare(list[0], edit, true));
	free_list(list, n);
	free(path);
	free(dir);
	cJSON_Delete(edit);
	cJSON_Delete(conv);
}
