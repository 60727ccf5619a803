/* events.c - see events.h */
#include "config.h"

#include "ui/events.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

struct events {
	struct ui_event *items; /* a ring */
	size_t cap, head, count;
};

struct events *events_new(void)
{
	struct events *q = xcalloc(1, sizeof(*q));
	q->cap = 16;
	q->items = xcalloc(q->cap, sizeof(*q->items));
	return q;
}

void events_free(struct events *q)
{
	if (!q)
		return;
	struct ui_event ev;
	while (events_take(q, &ev))
		ui_event_clear(&ev);
	free(q->items);
	free(q);
}

static void grow(struct events *q)
{
	struct ui_event *items = xcalloc(q->cap * 2, sizeof(*items));
	for (size_t i = 0; i < q->count; i++)
		items[i] = q->items[(q->head + i) % q->cap];
	free(q->items);
	q->items = items;
	q->head = 0;
	q->cap *= 2;
}

void events_post_event(struct events *q, const struct ui_event *ev)
{
	if (q->count == q->cap)
		grow(q);
	struct ui_event *slot = &q->items[(q->head + q->count++) % q->cap];
	*slot = *ev;
	slot->record = ev->record ? cJSON_Duplicate(ev->record, true) : NULL;
}

void events_post(struct events *q, enum ui_event_type type, enum entity e, int64_t id,
		 const cJSON *record, bool by_user, struct view *from)
{
	events_post_event(q, &(struct ui_event){ type, e, id, (cJSON *)record, by_user, from, 0 });
}

bool events_take(struct events *q, struct ui_event *out)
{
	if (!q->count)
		return false;
	*out = q->items[q->head];
	q->head = (q->head + 1) % q->cap;
	q->count--;
	return true;
}

void ui_event_clear(struct ui_event *ev)
{
	cJSON_Delete(ev->record);
	ev->record = NULL;
}

void events_forget(struct events *q, const struct view *from)
{
	size_t kept = 0;
	for (size_t i = 0; i < q->count; i++) {
		struct ui_event *ev = &q->items[(q->head + i) % q->cap];
		if (ev->from == from)
			ui_event_clear(ev);
		else
			q->items[(q->head + kept++) % q->cap] = *ev;
	}
	q->count = kept;
}
