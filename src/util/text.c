/* text.c - see text.h */
#include "config.h"

#include "util/text.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

size_t text_wrap_next(const char *text, int width, size_t *next)
{
	int used;
	size_t n = text_fit(text, width < 1 ? 1 : width, &used);
	/* the text goes on: break at the last space that fits, if any (a
	 * space right after what fits breaks there) */
	if (text[n]) {
		size_t sp = n;
		while (sp > 0 && text[sp] != ' ')
			sp--;
		if (sp > 0)
			n = sp;
	}
	/* a character wider than the width still takes a line of its own */
	if (n == 0 && *text) {
		unsigned cp;
		n = utf8_decode(text, strlen(text), &cp);
	}
	size_t after = n;
	while (text[after] == ' ')
		after++;
	*next = after;
	return n;
}

char **text_wrap(const char *text, int width, size_t *count)
{
	char **lines = NULL;
	size_t n = 0;
	const char *p = text;
	do {
		size_t next, len = text_wrap_next(p, width, &next);
		lines = xrealloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = xstrndup(p, len);
		p += next;
	} while (*p);
	*count = n;
	return lines;
}

void text_lines_free(char **lines, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
}
