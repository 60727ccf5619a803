/* Unit tests: util.c */
#include "config.h"

#include "testlib.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

TEST(test_strbuf_grows_and_detaches)
{
	struct strbuf sb = {0};
	for (int i = 0; i < 1000; i++)
		sb_putc(&sb, (char)('a' + i % 26));
	CHECK_INT(sb.len, 1000);
	CHECK_INT(strlen(sb.data), 1000);
	sb_printf(&sb, "%d-%s", 42, "x");
	CHECK_STR(sb.data + 1000, "42-x");
	char *s = sb_detach(&sb);
	CHECK(sb.data == NULL && sb.len == 0);
	CHECK_INT(strlen(s), 1004);
	free(s);
	/* an empty buffer still detaches to a string */
	s = sb_detach(&sb);
	CHECK_STR(s, "");
	free(s);
}

/* Sizes chosen by the network must not end the program: a failure is
 * an answer, and the buffer is left as it was. */
TEST(test_strbuf_try_append_fails_without_aborting)
{
	struct strbuf sb = {0};
	CHECK(sb_try_append(&sb, "abc", 3));
	CHECK(sb_try_append(&sb, "", 0));
	CHECK_STR(sb.data, "abc");
	CHECK(!sb_try_append(&sb, "x", SIZE_MAX - 2));
	CHECK(!sb_try_append(&sb, "x", SIZE_MAX / 2));
	CHECK_STR(sb.data, "abc");
	CHECK_INT(sb.len, 3);
	sb_free(&sb);
}

/* A FIFO named like a cache entry once hung the start: reading waits for
 * a writer. Only regular files are read, and without blocking. */
TEST(test_file_read_takes_regular_files_only)
{
	char *path = test_write_file("plain.txt", "hello", 0600);
	struct stat st;
	size_t len = 0;
	char *t = file_read(path, 100, FILE_NOFOLLOW, &len, &st);
	CHECK_STR(t, "hello");
	CHECK_INT(len, 5);
	CHECK(S_ISREG(st.st_mode) && st.st_size == 5);
	free(t);
	errno = 0;
	CHECK(!file_read_all(path, 4, NULL) && errno == EFBIG);

	char *fifo = xasprintf("%s/fifo", test_tmpdir());
	CHECK(mkfifo(fifo, 0600) == 0);
	alarm(30); /* a blocking open would wait here for ever */
	errno = 0;
	CHECK(!file_read_all(fifo, 100, NULL) && errno == EINVAL);
	alarm(0);
	errno = 0;
	CHECK(!file_read_all(test_tmpdir(), 100, NULL) && errno == EINVAL);
	errno = 0;
	CHECK(!file_read_all("/dev/null", 100, NULL) && errno == EINVAL);

	char *link = xasprintf("%s/link.txt", test_tmpdir());
	CHECK(symlink(path, link) == 0);
	t = file_read_all(link, 100, NULL);
	CHECK_STR(t, "hello");
	free(t);
	errno = 0;
	CHECK(!file_read(link, 100, FILE_NOFOLLOW, NULL, NULL) && errno == ELOOP);
	free(link);
	free(fifo);
	free(path);
}

static bool refused(const char *path, const char *words)
{
	char *why = NULL;
	bool ok = dir_check_private(path, &why);
	CHECK(ok == (why == NULL));
	if (!ok)
		CHECK_CONTAINS(why, words);
	free(why);
	return !ok;
}

/* Cache and state directories someone else can write are not used. */
TEST(test_private_directories)
{
	char *why;
	char *dir = xasprintf("%s/private/sub", test_tmpdir());
	CHECK(!refused(dir, "")); /* missing: patina makes it */
	CHECK(dir_make_private(dir, &why) && !why);
	struct stat st;
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK(!refused(dir, ""));

	CHECK(chmod(dir, 0770) == 0);
	CHECK(refused(dir, "sub is writable by other users (mode 0770)"));
	CHECK(refused(dir, "chmod 700"));
	/* an existing directory is not quietly trusted by mkdir -p either */
	CHECK(!dir_make_private(dir, &why));
	CHECK_CONTAINS(why, "writable by other users");
	free(why);
	CHECK(chmod(dir, 0701) == 0);
	CHECK(!refused(dir, "")); /* others may enter, not write */
	CHECK(chmod(dir, 0702) == 0);
	CHECK(refused(dir, "mode 0702"));
	CHECK(chmod(dir, 0700) == 0);

	char *shared = xasprintf("%s/shared", test_tmpdir());
	CHECK(mkdir(shared, 0700) == 0 && chmod(shared, 0777) == 0);
	char *link = xasprintf("%s/link-to-shared", test_tmpdir());
	CHECK(symlink(shared, link) == 0);
	CHECK(refused(link, "is a symbolic link to a directory that is writable by other users"));
	char *good = xasprintf("%s/link-to-private", test_tmpdir());
	CHECK(symlink(dir, good) == 0);
	CHECK(!refused(good, ""));
	char *dangling = xasprintf("%s/dangling", test_tmpdir());
	CHECK(symlink("/nonexistent/patina", dangling) == 0);
	CHECK(refused(dangling, "is a symbolic link to nothing"));
	char *file = test_write_file("not-a-dir", "", 0600);
	CHECK(refused(file, "is not a directory"));

	/* another user's directory: as root, one is made; otherwise a link
	 * to root's own does */
	char *other = xasprintf("%s/others", test_tmpdir());
	if (geteuid() == 0) {
		CHECK(mkdir(other, 0700) == 0 && chown(other, 65534, 65534) == 0);
		CHECK(refused(other, "others belongs to another user (uid 65534)"));
	} else {
		CHECK(symlink("/", other) == 0);
		CHECK(refused(other, "is a symbolic link to a directory that belongs to another user (uid 0)"));
	}
	free(other);
	free(file);
	free(dangling);
	free(good);
	free(link);
	free(shared);
	free(dir);
}

TEST(test_trim)
{
	char a[] = "  \t hello world \n";
	CHECK_STR(str_trim(a), "hello world");
	char b[] = "   ";
	CHECK_STR(str_trim(b), "");
}

TEST(test_to_i64)
{
	int64_t v;
	CHECK(str_to_i64("9007199254740993", &v) && v == 9007199254740993LL);
	CHECK(str_to_i64("-2", &v) && v == -2);
	CHECK(!str_to_i64("12x", &v));
	CHECK(!str_to_i64("", &v));
	CHECK(!str_to_i64(" 1", &v));
	CHECK(!str_to_i64("99999999999999999999", &v));
}
