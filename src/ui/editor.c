/* editor.c - see editor.h */
#include "config.h"

#include "ui/editor.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *editor_escape_lines(const char *text)
{
	struct strbuf sb = {0};
	sb_reserve(&sb, 0);
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			sb_puts(&sb, "\\n");
		else if (*p == '\\')
			sb_puts(&sb, "\\\\");
		else
			sb_putc(&sb, *p);
	}
	return sb_detach(&sb);
}

char *editor_unescape_lines(const char *text)
{
	struct strbuf sb = {0};
	sb_reserve(&sb, 0);
	for (const char *p = text; *p; p++) {
		if (p[0] == '\\' && p[1] == 'n') {
			sb_putc(&sb, '\n');
			p++;
		} else if (p[0] == '\\' && p[1] == '\\') {
			sb_putc(&sb, '\\');
			p++;
		} else {
			sb_putc(&sb, *p);
		}
	}
	return sb_detach(&sb);
}

/* Writes text to fd (taken over), with the final newline editors expect.
 * False with errno set if any of it failed (a full disk): nothing else
 * may happen then, or the editor would show an empty file whose saving
 * would clear the text. */
static bool write_for_editor(int fd, const char *text)
{
	FILE *out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		return false;
	}
	bool ok = fputs(text, out) >= 0;
	if (ok && *text && text[strlen(text) - 1] != '\n')
		ok = fputc('\n', out) != EOF;
	ok = fflush(out) == 0 && ok;
	ok = !ferror(out) && ok;
	int saved = errno;
	ok = fclose(out) == 0 && ok;
	if (!ok && !errno)
		errno = saved ? saved : EIO;
	return ok;
}

/* The file the editor left, without the final newline editors add; NULL
 * with errno set if it could not be read whole. Caller frees. */
static char *read_from_editor(const char *path)
{
	size_t len;
	char *text = file_read_all(path, 64u * 1024 * 1024, &len);
	if (!text)
		return NULL;
	while (len && text[len - 1] == '\n')
		text[--len] = '\0';
	return text;
}

char *editor_edit(struct term *t, const char *text, char **error)
{
	*error = NULL;
	const char *tmpdir = getenv("TMPDIR");
	char *path = xasprintf("%s/patina-edit-XXXXXX.md", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemps(path, 3);
	char *edited = NULL;
	if (fd < 0) {
		*error = xasprintf("Cannot create a file for $EDITOR: %s; nothing changed",
				   strerror(errno));
		free(path);
		return NULL;
	}
	if (!write_for_editor(fd, text ? text : "")) {
		*error = xasprintf("Cannot write %s for $EDITOR: %s; nothing changed", path,
				   strerror(errno));
		goto out;
	}
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	int status = term_run_program(t, editor && *editor ? editor : "vi", path);
	if (status != 0) {
		*error = xasprintf("The editor exited with status %d; nothing changed", status);
		goto out;
	}
	edited = read_from_editor(path);
	if (!edited)
		*error = xasprintf("Cannot read back %s: %s; nothing changed", path,
				   strerror(errno));
out:
	unlink(path);
	free(path);
	return edited;
}
