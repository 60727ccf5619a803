/*
 * util.h - small helpers every module uses: checked allocation, a growable
 * byte buffer, and a few string routines.
 *
 * Allocation failure is not recoverable in an interactive program that
 * cannot even draw an error, so the x* functions print a message and abort.
 */
#ifndef PATINA_UTIL_H
#define PATINA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
char *xvasprintf(const char *fmt, va_list ap) PRINTF_LIKE(1, 0);

/* A growable, always NUL-terminated byte buffer. Zero-initialise to use. */
struct strbuf {
	char *data;
	size_t len;
	size_t cap;
};

void sb_reserve(struct strbuf *sb, size_t extra);
void sb_append(struct strbuf *sb, const char *data, size_t len);
/* As sb_append, but for data whose size someone else chose (an answer
 * from the network): when memory cannot be had, false and the buffer as it
 * was, never an abort. */
bool sb_try_append(struct strbuf *sb, const char *data, size_t len);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void sb_reset(struct strbuf *sb);
/* Hands the buffer's string to the caller (who frees it); the buffer is emptied. */
char *sb_detach(struct strbuf *sb);
void sb_free(struct strbuf *sb);

bool str_starts_with(const char *s, const char *prefix);
/* Trims ASCII white space in place; returns s. */
char *str_trim(char *s);
/* n with thousands separators: 120012 -> "120,012". Caller frees. */
char *str_thousands(int64_t n);
/* Parses a whole decimal signed 64-bit integer; false on junk or overflow. */
bool str_to_i64(const char *s, int64_t *out);

/* Reads a whole regular file (at most max bytes; NULL if larger or
 * unreadable, with errno set). The text is NUL-terminated; *len (if
 * given) its length. Caller frees. Anything but a regular file (a FIFO, a
 * device, a directory) is refused with errno EINVAL, without blocking: it
 * is opened non-blocking and judged by fstat before a byte is read. */
char *file_read_all(const char *path, size_t max, size_t *len);

enum {
	FILE_NOFOLLOW = 1 /* refuse a symbolic link as the last component (ELOOP) */
};
/* file_read_all with flags (FILE_*); st (may be NULL) receives the fstat of
 * the file read, which is the file judged (no race with a rename). */
char *file_read(const char *path, size_t max, unsigned flags, size_t *len, struct stat *st);
/* Whether path, a directory patina keeps its own files in (cache, state),
 * can be trusted: owned by the user and writable by no one else, or a
 * symbolic link to such a directory. Someone else who can write there can
 * plant files patina reads (cache entries, drafts) or swap those it
 * writes. A missing path is fine (patina makes it, private). false with
 * *why (malloc'd): what is wrong and how to fix it. */
bool dir_check_private(const char *path, char **why);
/* mkdir -p, creating missing directories private to the user (0700); the
 * last one must then pass dir_check_private. false with *why (malloc'd). */
bool dir_make_private(const char *path, char **why);
/* Replaces path with data, atomically (temporary file and rename), mode
 * 0600. sync: fsync before the rename (survives power loss, costs time). */
bool file_write_atomic(const char *path, const char *data, size_t len, bool sync);

/* patina's XDG base directory of a kind, "config", "cache" or "state":
 * $XDG_<KIND>_HOME/patina, else ~/.config/patina, ~/.cache/patina,
 * ~/.local/state/patina (a relative $XDG_* is ignored, as the spec
 * says). Caller frees. */
char *xdg_dir(const char *kind);

/* Monotonic clock in milliseconds. */
int64_t now_ms(void);

#endif
