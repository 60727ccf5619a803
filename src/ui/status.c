/* status.c - see status.h */
#include "config.h"

#include "ui/status.h"
#include "util/sanitize.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGE_MS 6000

void status_vmessage(struct status *s, enum message_kind kind, const char *fmt, va_list ap)
{
	char *text = sanitize_vprintf(fmt, ap); /* before: it may be a part */
	free(s->text);
	s->text = text;
	s->kind = kind;
	s->until = now_ms() + (kind == MSG_ERROR ? 3 * MESSAGE_MS : MESSAGE_MS);
	s->dirty = true;
}

void status_message(struct status *s, enum message_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	status_vmessage(s, kind, fmt, ap);
	va_end(ap);
}

const char *status_current(const struct status *s, int64_t now, enum message_kind *kind)
{
	if (!s->text || now >= s->until)
		return NULL;
	if (kind)
		*kind = s->kind;
	return s->text;
}

void status_clear(struct status *s)
{
	free(s->text);
	s->text = NULL;
	s->until = 0;
	s->dirty = true;
}

void status_free(struct status *s)
{
	free(s->text);
	s->text = NULL;
}
