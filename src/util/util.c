/* util.c - see util.h */
#include "config.h"

#include "util/util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(size_t size)
{
	fprintf(stderr, "patina: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return xstrdup("");
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void sb_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->data = xrealloc(sb->data, cap);
	sb->cap = cap;
	sb->data[sb->len] = '\0';
}

void sb_append(struct strbuf *sb, const char *data, size_t len)
{
	sb_reserve(sb, len);
	if (len)
		memcpy(sb->data + sb->len, data, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

bool sb_try_append(struct strbuf *sb, const char *data, size_t len)
{
	if (len > SIZE_MAX / 2 - 1 - sb->len)
		return false;
	if (sb->len + len + 1 > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 64;
		while (cap < sb->len + len + 1)
			cap *= 2;
		char *p = realloc(sb->data, cap);
		if (!p)
			return false;
		sb->data = p;
		sb->cap = cap;
	}
	if (len)
		memcpy(sb->data + sb->len, data, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
	return true;
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_append(sb, s, strlen(s));
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_append(sb, &c, 1);
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	sb_puts(sb, s);
	free(s);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

char *sb_detach(struct strbuf *sb)
{
	char *s = sb->data ? sb->data : xstrdup("");
	sb->data = NULL;
	sb->len = sb->cap = 0;
	return s;
}

void sb_free(struct strbuf *sb)
{
	free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *str_trim(char *s)
{
	char *start = s;
	while (isspace((unsigned char)*start))
		start++;
	size_t len = strlen(start);
	while (len && isspace((unsigned char)start[len - 1]))
		len--;
	memmove(s, start, len);
	s[len] = '\0';
	return s;
}

char *str_thousands(int64_t n)
{
	char digits[24], out[32];
	snprintf(digits, sizeof(digits), "%" PRId64, n);
	size_t nd = strlen(digits), o = 0;
	for (size_t i = 0; i < nd; i++) {
		if (i && digits[i - 1] != '-' && (nd - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return xstrdup(out);
}

bool str_to_i64(const char *s, int64_t *out)
{
	if (!s || !*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = (int64_t)v;
	return true;
}

int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *file_read(const char *path, size_t max, unsigned flags, size_t *len, struct stat *st)
{
	/* non-blocking: opening a FIFO for reading would otherwise wait for a
	 * writer, for ever; the flag changes nothing for a regular file */
	int oflags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
	if (flags & FILE_NOFOLLOW)
		oflags |= O_NOFOLLOW;
	int fd = open(path, oflags);
	if (fd < 0)
		return NULL;
	struct stat own;
	if (!st)
		st = &own;
	int err = fstat(fd, st) < 0 ? errno : !S_ISREG(st->st_mode) ? EINVAL : 0;
	if (err) {
		close(fd);
		errno = err;
		return NULL;
	}
	struct strbuf sb = {0};
	sb_reserve(&sb, 0);
	char buf[8192];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			break;
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > max) {
			err = EFBIG;
			break;
		}
		sb_append(&sb, buf, (size_t)n);
	}
	close(fd);
	if (err) {
		sb_free(&sb);
		errno = err;
		return NULL;
	}
	if (len)
		*len = sb.len;
	return sb_detach(&sb);
}

char *file_read_all(const char *path, size_t max, size_t *len)
{
	return file_read(path, max, 0, len, NULL);
}

bool dir_check_private(const char *path, char **why)
{
	struct stat lst, st;
	*why = NULL;
	if (lstat(path, &lst) < 0) {
		if (errno == ENOENT)
			return true;
		*why = xasprintf("%s: %s", path, strerror(errno));
		return false;
	}
	bool link = S_ISLNK(lst.st_mode);
	const char *is = link ? "is a symbolic link to a directory that" : "";
	if (stat(path, &st) < 0) {
		*why = xasprintf("%s is a symbolic link to nothing (%s): patina will not make its "
				 "files wherever it may come to point; remove it", path, strerror(errno));
	} else if (!S_ISDIR(st.st_mode)) {
		*why = xasprintf("%s is not a directory; remove it", path);
	} else if (st.st_uid != geteuid() || (link && lst.st_uid != geteuid() && lst.st_uid != 0)) {
		*why = xasprintf("%s %s%sbelongs to another user (uid %u): patina neither reads nor "
				 "writes there; remove it (rm -r %s)", path, is, link ? " " : "",
				 (unsigned)(st.st_uid != geteuid() ? st.st_uid : lst.st_uid), path);
	} else if (st.st_mode & 022) {
		*why = xasprintf("%s %s%sis writable by other users (mode %04o): they could plant "
				 "or swap patina's files there; run: chmod 700 %s", path, is,
				 link ? " " : "", (unsigned)(st.st_mode & 07777), path);
	}
	return *why == NULL;
}

bool dir_make_private(const char *path, char **why)
{
	*why = NULL;
	char *p = xstrdup(path);
	bool ok = true;
	for (char *s = p + 1; ok; s++) {
		if (*s == '/' || *s == '\0') {
			char saved = *s;
			*s = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				*why = xasprintf("cannot create %s: %s", p, strerror(errno));
				ok = false;
			}
			*s = saved;
			if (!saved)
				break;
		}
	}
	free(p);
	return ok && dir_check_private(path, why);
}

bool file_write_atomic(const char *path, const char *data, size_t len, bool sync)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return false;
	}
	bool ok = true;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			ok = false;
			break;
		}
		off += (size_t)w;
	}
	ok = fchmod(fd, 0600) == 0 && ok;
	if (sync)
		ok = fsync(fd) == 0 && ok;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

char *xdg_dir(const char *kind)
{
	const char *var, *fallback;
	if (!strcmp(kind, "config"))
		var = "XDG_CONFIG_HOME", fallback = ".config";
	else if (!strcmp(kind, "cache"))
		var = "XDG_CACHE_HOME", fallback = ".cache";
	else
		var = "XDG_STATE_HOME", fallback = ".local/state";
	const char *base = getenv(var);
	/* XDG says relative paths are invalid and must be ignored */
	if (base && base[0] == '/')
		return xasprintf("%s/patina", base);
	const char *home = getenv("HOME");
	return xasprintf("%s/%s/patina", home && *home ? home : ".", fallback);
}
