/*
 * status.h - the message on the status line: what just happened, what
 * went wrong, what to do.
 *
 * One message at a time; the newest wins. Information fades after a few
 * seconds, errors stay three times as long. Text is sanitized here, so a
 * message quoting the server cannot reach the terminal raw.
 */
#ifndef PATINA_STATUS_H
#define PATINA_STATUS_H

#include "util/util.h"

#include <stdbool.h>
#include <stdint.h>

enum message_kind { MSG_INFO, MSG_WARNING, MSG_ERROR };

struct status {
	char *text;          /* sanitized; NULL: none */
	enum message_kind kind;
	int64_t until;       /* monotonic ms it fades at */
	bool dirty;          /* changed since the status line was drawn */
};

void status_message(struct status *s, enum message_kind kind, const char *fmt, ...) PRINTF_LIKE(3, 4);
void status_vmessage(struct status *s, enum message_kind kind, const char *fmt, va_list ap)
	PRINTF_LIKE(3, 0);
/* The message still showing at now, or NULL. */
const char *status_current(const struct status *s, int64_t now, enum message_kind *kind);
/* Drops the message (e.g. completions once the prompt closes). */
void status_clear(struct status *s);
void status_free(struct status *s);

#endif
