/* Unit tests: writer.c, the disk writer's streamed exports */
#include "config.h"

#include "testlib.h"
#include "util/util.h"
#include "util/writer.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How many files dir holds. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	size_t len;
	return file_read_all(path, 1 << 20, &len);
}

static char *finish(struct writer *w, uint64_t ticket)
{
	char *error = NULL;
	writer_flush(w);
	CHECK(writer_finished(w, ticket, &error));
	return error;
}

TEST(test_a_streamed_export_is_named_only_when_whole)
{
	char *dir = xasprintf("%s/stream-a", test_tmpdir());
	CHECK(mkdir(dir, 0700) == 0);
	char *path = xasprintf("%s/people.csv", dir);
	struct writer *w = writer_start();
	uint64_t t = writer_export_open(w, path);
	writer_export_part(w, t, path, xstrdup("id,name\n"), 8);
	writer_export_part(w, t, path, xstrdup("7,Ada\n"), 6);
	writer_flush(w);
	/* written so far, but not under its name */
	CHECK(access(path, F_OK) != 0);
	CHECK_INT(count_files(dir), 1);
	char *error = NULL;
	CHECK(!writer_finished(w, t, &error));
	writer_export_close(w, t, path, false);
	error = finish(w, t);
	CHECK(error == NULL);
	char *text = slurp(path);
	CHECK_STR(text, "id,name\n7,Ada\n");
	free(text);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK_INT(count_files(dir), 1); /* no temporary file is left */
	writer_stop(w);
	free(path);
	free(dir);
}

TEST(test_a_file_there_already_is_left_unless_replaced)
{
	char *dir = xasprintf("%s/stream-b", test_tmpdir());
	CHECK(mkdir(dir, 0700) == 0);
	char *path = xasprintf("%s/deals.json", dir);
	CHECK(file_write_atomic(path, "old", 3, false));
	struct writer *w = writer_start();
	uint64_t t = writer_export_open(w, path);
	writer_export_part(w, t, path, xstrdup("[]"), 2);
	writer_export_close(w, t, path, false);
	char *error = finish(w, t);
	CHECK(error && strstr(error, "there already"));
	free(error);
	char *text = slurp(path);
	CHECK_STR(text, "old");
	free(text);
	CHECK_INT(count_files(dir), 1);
	/* told to replace: the new text, whole */
	t = writer_export_open(w, path);
	writer_export_part(w, t, path, xstrdup("[]"), 2);
	writer_export_close(w, t, path, true);
	error = finish(w, t);
	CHECK(error == NULL);
	text = slurp(path);
	CHECK_STR(text, "[]");
	free(text);
	CHECK_INT(count_files(dir), 1);
	writer_stop(w);
	free(path);
	free(dir);
}

TEST(test_an_aborted_or_unwritable_export_leaves_nothing)
{
	char *dir = xasprintf("%s/stream-c", test_tmpdir());
	CHECK(mkdir(dir, 0700) == 0);
	char *path = xasprintf("%s/tasks.csv", dir);
	struct writer *w = writer_start();
	uint64_t t = writer_export_open(w, path);
	writer_export_part(w, t, path, xstrdup("id\n"), 3);
	writer_export_abort(w, t, path);
	writer_flush(w);
	CHECK_INT(count_files(dir), 0);
	char *error = NULL;
	CHECK(!writer_finished(w, t, &error)); /* an abort is answered by no one */
	/* a directory that is not there: said at the close, once */
	char *nowhere = xasprintf("%s/missing/tasks.csv", dir);
	t = writer_export_open(w, nowhere);
	writer_export_part(w, t, nowhere, xstrdup("id\n"), 3);
	writer_export_close(w, t, nowhere, false);
	error = finish(w, t);
	CHECK(error && strstr(error, nowhere));
	free(error);
	CHECK(!writer_finished(w, t, &error));
	/* a stream never closed is removed when the writer stops */
	t = writer_export_open(w, path);
	writer_export_part(w, t, path, xstrdup("id\n"), 3);
	writer_stop(w);
	CHECK_INT(count_files(dir), 0);
	free(nowhere);
	free(path);
	free(dir);
}
