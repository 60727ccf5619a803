/* batch.c - see batch.h */
#include "config.h"

#include "model/batch.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define TAG_READ (1LL << 39)
#define TAG_INDEX (TAG_READ - 1)

/* ---- building ------------------------------------------------------------ */

struct batch *batch_new(const char *what, struct lookups *lookups)
{
	struct batch *b = xcalloc(1, sizeof(*b));
	b->what = xstrdup(what ? what : "Changed");
	b->lookups = lookups;
	return b;
}

static void free_changes(struct batch_change *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].field);
		cJSON_Delete(c[i].json);
		free(c[i].text);
	}
	free(c);
}

static void free_op(struct batch_op *op)
{
	cJSON_Delete(op->held);
	cJSON_Delete(op->fresh);
	cJSON_Delete(op->before);
	cJSON_Delete(op->after);
	cJSON_Delete(op->sent);
	free_changes(op->changes, op->nchanges);
	save_clear(&op->save);
	edit_form_free(op->form);
	api_request_free(op->pending);
	free(op->why);
}

void batch_free(struct batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		free_op(&b->ops[i]);
	free(b->ops);
	free_changes(b->changes, b->nchanges);
	free(b->settled);
	free(b->what);
	free(b->typed);
	free(b);
}

static void push_change(struct batch_change **list, size_t *n, const char *field, int64_t cf_id,
			const cJSON *json, const char *text)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = (struct batch_change){
		field ? xstrdup(field) : NULL, cf_id,
		json ? cJSON_Duplicate(json, true) : text ? NULL : cJSON_CreateNull(),
		text ? xstrdup(text) : NULL,
	};
}

void batch_add_change(struct batch *b, const char *field, const cJSON *json, const char *text)
{
	push_change(&b->changes, &b->nchanges, field, 0, json, text);
}

void batch_op_add_change(struct batch_op *op, const char *field, int64_t cf_id, const cJSON *json)
{
	push_change(&op->changes, &op->nchanges, field, cf_id, json, NULL);
}

struct batch_op *batch_add_record(struct batch *b, enum entity e, int64_t id, const cJSON *held)
{
	b->ops = xrealloc(b->ops, (b->n + 1) * sizeof(*b->ops));
	b->settled = xrealloc(b->settled, (b->n + 1) * sizeof(*b->settled));
	struct batch_op *op = &b->ops[b->n++];
	memset(op, 0, sizeof(*op));
	op->entity = e;
	op->id = id;
	op->held = held ? cJSON_Duplicate(held, true) : NULL;
	return op;
}

/* ---- applying changes ------------------------------------------------------ */

/* '+' for "+= items", '-' for "-= items", else 0; *rest: the items. */
static int list_verb(const char *text, const char **rest)
{
	if (!text)
		return 0;
	while (*text == ' ' || *text == '\t')
		text++;
	if ((text[0] != '+' && text[0] != '-') || text[1] != '=')
		return 0;
	if (rest)
		*rest = text + 2;
	return text[0];
}

static bool relative_text(const char *text)
{
	return list_verb(text, NULL) != 0;
}

static void op_changes(const struct batch *b, const struct batch_op *op,
		       const struct batch_change **c, size_t *n)
{
	*c = op->changes ? op->changes : b->changes;
	*n = op->changes ? op->nchanges : b->nchanges;
}

/* A held record whose changes are all absolute keeps what the user saw as
 * its base; any other is changed as it is read. */
static bool on_held(const struct batch *b, const struct batch_op *op)
{
	const struct batch_change *c;
	size_t n;
	if (!op->held)
		return false;
	op_changes(b, op, &c, &n);
	for (size_t i = 0; i < n; i++)
		if (relative_text(c[i].text))
			return false;
	return true;
}

static long field_of(const struct edit_form *f, const struct batch_change *c)
{
	if (!c->cf_id)
		return edit_field_index(f, c->field);
	for (size_t i = 0; i < f->count; i++)
		if (f->fields[i].cf_id == c->cf_id)
			return (long)i;
	return -1;
}

/* Applies the changes to form. strict: "-= x" must find x (one record:
 * a typo removes nothing and says so); else it removes x where it is.
 * optional: a field the form lacks is skipped (undo of what another
 * layout had), else refused. */
static bool apply(struct edit_form *f, const struct batch_change *c, size_t n, bool strict,
		  bool optional, int64_t now, char **error)
{
	*error = NULL;
	for (size_t k = 0; k < n; k++) {
		long i = field_of(f, &c[k]);
		if (i < 0) {
			if (optional)
				continue;
			*error = xasprintf("%s has no field '%s'", entity_plural(f->entity),
					   c[k].field ? c[k].field : "?");
			return false;
		}
		const char *t = c[k].text, *items = NULL;
		bool ok;
		if (c[k].json) {
			ok = edit_set_json(f, (size_t)i, c[k].json, error);
		} else if (!strict && list_verb(t, &items) == '-' && edit_is_list(f, (size_t)i)) {
			ok = edit_change_list(f, (size_t)i, EDIT_LIST_DISCARD, items, now, error);
		} else {
			ok = edit_apply_text(f, (size_t)i, t, now, error);
		}
		if (!ok) {
			if (!*error)
				*error = xasprintf("%s: not accepted", f->fields[i].label);
			return false;
		}
	}
	return true;
}

bool batch_validate(struct batch *b, int64_t now, char **error)
{
	bool strict = b->n == 1;
	bool checked[ENT_COUNT] = { false };
	*error = NULL;
	for (size_t i = 0; i < b->n; i++) {
		struct batch_op *op = &b->ops[i];
		const struct batch_change *c;
		size_t n;
		op_changes(b, op, &c, &n);
		bool optional = op->changes != NULL;
		if (on_held(b, op)) {
			op->form = edit_form_new(op->entity, NULL, op->held, b->lookups);
			op->before = cJSON_Duplicate(op->held, true);
			if (!apply(op->form, c, n, strict, optional, now, error))
				return false;
			continue;
		}
		if (op->changes || checked[op->entity])
			continue;
		/* the record is read later: the changes are checked now on what
		 * is shown of it, or on an empty one */
		checked[op->entity] = true;
		cJSON *empty = cJSON_CreateObject();
		struct edit_form *f = edit_form_new(op->entity, NULL, op->held ? op->held : empty,
						    b->lookups);
		bool ok = apply(f, c, n, strict, false, now, error);
		edit_form_free(f);
		cJSON_Delete(empty);
		if (!ok)
			return false;
	}
	return true;
}

/* The custom field entry for definition id in a record's list, or NULL. */
static cJSON *custom_entry(const cJSON *record, int64_t id)
{
	cJSON *cf;
	cJSON_ArrayForEach(cf, json_array(json_get(record, "custom_fields")))
		if (json_member_i64(cf, "custom_field_definition_id") == id)
			return cf;
	return NULL;
}

/* Puts what body changes into record. */
static void merge_body(cJSON *record, const cJSON *body)
{
	const cJSON *item;
	cJSON_ArrayForEach(item, body) {
		if (strcmp(item->string, "custom_fields")) {
			cJSON_DeleteItemFromObjectCaseSensitive(record, item->string);
			cJSON_AddItemToObject(record, item->string, cJSON_Duplicate(item, true));
			continue;
		}
		if (!cJSON_IsArray(json_get(record, "custom_fields"))) {
			cJSON_DeleteItemFromObjectCaseSensitive(record, "custom_fields");
			cJSON_AddArrayToObject(record, "custom_fields");
		}
		const cJSON *cf;
		cJSON_ArrayForEach(cf, item) {
			int64_t id = json_member_i64(cf, "custom_field_definition_id");
			cJSON *old = custom_entry(record, id);
			if (old)
				cJSON_Delete(cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(record, "custom_fields"), old));
			cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(record, "custom_fields"),
					     cJSON_Duplicate(cf, true));
		}
	}
}

cJSON *batch_optimistic(const struct batch *b, size_t i)
{
	if (i >= b->n || !b->ops[i].held)
		return NULL;
	const struct batch_op *op = &b->ops[i];
	struct edit_form *f = op->form;
	struct edit_form *temp = NULL;
	if (!f) {
		const struct batch_change *c;
		size_t n;
		char *error;
		op_changes(b, op, &c, &n);
		f = temp = edit_form_new(op->entity, NULL, op->held, b->lookups);
		apply(f, c, n, false, true, 0, &error);
		free(error);
	}
	cJSON *body = edit_body(f);
	cJSON *copy = NULL;
	if (body) {
		copy = cJSON_Duplicate(op->held, true);
		merge_body(copy, body);
	}
	cJSON_Delete(body);
	edit_form_free(temp);
	return copy;
}

/* ---- running ------------------------------------------------------------ */

static void settle(struct batch *b, size_t i, enum batch_state state, const char *why)
{
	struct batch_op *op = &b->ops[i];
	op->state = state;
	if (state == BATCH_DONE)
		b->done++;
	else if (state == BATCH_UNCHANGED)
		b->unchanged++;
	else
		b->failed++;
	if (why && !op->why)
		op->why = sanitize_line(why, strlen(why));
	cJSON_Delete(op->fresh);
	op->fresh = NULL;
	b->settled[b->nsettled++] = i;
}

/* What the save of op came to, once it needs nothing more. */
static void save_settled(struct batch *b, size_t i)
{
	struct batch_op *op = &b->ops[i];
	struct save *s = &op->save;
	switch (s->state) {
	case SAVE_DONE:
		cJSON_Delete(op->after);
		op->after = s->record ? cJSON_Duplicate(s->record, true) : NULL;
		if (s->nothing_sent || !s->body) {
			settle(b, i, BATCH_UNCHANGED, NULL);
		} else {
			op->sent = cJSON_Duplicate(s->body, true);
			settle(b, i, BATCH_DONE, NULL);
		}
		break;
	case SAVE_CONFLICT:
		/* a colleague changed what this changes: theirs stays */
		cJSON_Delete(op->after);
		op->after = s->record ? cJSON_Duplicate(s->record, true) : NULL;
		op->conflict = true;
		settle(b, i, BATCH_FAILED, "changed on the server meanwhile: review it and repeat");
		break;
	default:
		settle(b, i, BATCH_FAILED, s->message ? s->message : "not saved");
		break;
	}
}

/* Starts saving a record that has been read; its request, or NULL when
 * it settled at once. */
static struct api_request *start(struct batch *b, size_t i, int64_t now)
{
	struct batch_op *op = &b->ops[i];
	if (!op->form) {
		const struct batch_change *c;
		size_t n;
		char *error = NULL;
		op_changes(b, op, &c, &n);
		op->form = edit_form_new(op->entity, NULL, op->fresh, b->lookups);
		cJSON_Delete(op->before);
		op->before = cJSON_Duplicate(op->fresh, true);
		if (!apply(op->form, c, n, b->n == 1, op->changes != NULL, now, &error)) {
			settle(b, i, BATCH_FAILED, error);
			free(error);
			return NULL;
		}
		if (!edit_change_count(op->form)) {
			op->after = cJSON_Duplicate(op->fresh, true);
			settle(b, i, BATCH_UNCHANGED, NULL);
			return NULL;
		}
	}
	struct api_request *req = save_begin_read(&op->save, op->entity, op->id, op->form, op->fresh);
	if (req) {
		op->state = BATCH_SAVING;
		return req;
	}
	save_settled(b, i);
	return NULL;
}

/* A read of the next ops (of one entity, in order): a GET for one, else
 * one search by ids. */
static struct api_request *read_next(struct batch *b, int64_t *tag)
{
	size_t first = b->next_read, n = 0;
	enum entity e = b->ops[first].entity;
	while (first + n < b->n && n < BATCH_READ_CHUNK && b->ops[first + n].entity == e)
		n++;
	for (size_t k = 0; k < n; k++)
		b->ops[first + k].state = BATCH_READING;
	b->next_read = first + n;
	b->reading = true;
	*tag = TAG_READ | (int64_t)first;
	if (n == 1)
		return api_fetch(e, b->ops[first].id);
	cJSON *q = cJSON_CreateObject();
	cJSON *ids = cJSON_AddArrayToObject(q, "ids");
	for (size_t k = 0; k < n; k++)
		cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)b->ops[first + k].id));
	struct api_request *req = api_search(e, q, 1, (int)n, NULL, false);
	cJSON_Delete(q);
	return req;
}

size_t batch_pump(struct batch *b, int64_t now, struct api_request **out, int64_t *tags,
		  size_t max)
{
	size_t k = 0, busy = 0, ready = 0;
	/* the ops before b->open are settled for good */
	while (b->open < b->next_read && b->ops[b->open].state >= BATCH_DONE)
		b->open++;
	/* a record re-read after a lost answer first */
	for (size_t i = b->open; i < b->next_read; i++) {
		struct batch_op *op = &b->ops[i];
		if (op->state != BATCH_SAVING)
			continue;
		busy++;
		if (op->pending && k < max) {
			out[k] = op->pending;
			tags[k++] = (int64_t)i;
			op->pending = NULL;
		}
	}
	for (size_t i = b->open; i < b->next_read && k < max; i++) {
		if (b->ops[i].state != BATCH_READY)
			continue;
		if (busy >= BATCH_WINDOW) {
			ready++;
			continue;
		}
		struct api_request *req = start(b, i, now);
		if (req) {
			out[k] = req;
			tags[k++] = (int64_t)i;
			busy++;
		}
	}
	/* the next records are read while the last ones read are being saved */
	if (!b->reading && b->next_read < b->n && ready < BATCH_WINDOW && k < max) {
		out[k] = read_next(b, &tags[k]);
		k++;
	}
	return k;
}

static const cJSON *record_with_id(const cJSON *json, int64_t id)
{
	if (cJSON_IsObject(json))
		return json_member_i64(json, "id") == id ? json : NULL;
	const cJSON *rec;
	cJSON_ArrayForEach(rec, json_array(json))
		if (cJSON_IsObject(rec) && json_member_i64(rec, "id") == id)
			return rec;
	return NULL;
}

static void read_answer(struct batch *b, const struct api_result *r, size_t first)
{
	b->reading = false;
	for (size_t i = first; i < b->n && b->ops[i].state == BATCH_READING; i++) {
		struct batch_op *op = &b->ops[i];
		if (r->error.kind != APIE_NONE) {
			char *why = xasprintf("it could not be read first: %s",
					      r->error.message ? r->error.message : "no answer");
			settle(b, i, BATCH_FAILED, why);
			free(why);
			continue;
		}
		const cJSON *rec = record_with_id(r->json, op->id);
		if (!rec) {
			settle(b, i, BATCH_FAILED, "it is no longer there (deleted, or not yours to see)");
			continue;
		}
		op->fresh = cJSON_Duplicate(rec, true);
		op->state = BATCH_READY;
	}
}

void batch_answer(struct batch *b, const struct api_result *r, int64_t tag, int64_t now)
{
	(void)now;
	size_t i = (size_t)(tag & TAG_INDEX);
	if (i >= b->n)
		return;
	if (tag & TAG_READ) {
		read_answer(b, r, i);
		return;
	}
	struct batch_op *op = &b->ops[i];
	if (op->state != BATCH_SAVING)
		return;
	struct api_request *next = save_answer(&op->save, r);
	if (next) {
		/* the answer was lost: the record is read again before anything
		 * is said; the request goes out with the next pump */
		op->pending = next;
		return;
	}
	save_settled(b, i);
}

#define STOPPED "stopped before it was sent"

size_t batch_stop(struct batch *b)
{
	size_t n = 0;
	for (size_t i = b->open; i < b->n; i++) {
		enum batch_state st = b->ops[i].state;
		if (st == BATCH_QUEUED || st == BATCH_READY || st == BATCH_READING) {
			settle(b, i, BATCH_FAILED, STOPPED);
			b->stopped++;
			n++;
		}
	}
	/* nothing more is read */
	b->next_read = b->n;
	return n;
}

size_t batch_take_settled(struct batch *b, size_t *out, size_t max)
{
	size_t n = b->nsettled < max ? b->nsettled : max;
	memcpy(out, b->settled, n * sizeof(*out));
	memmove(b->settled, b->settled + n, (b->nsettled - n) * sizeof(*b->settled));
	b->nsettled -= n;
	return n;
}

size_t batch_settled_count(const struct batch *b)
{
	return b->done + b->unchanged + b->failed;
}

bool batch_finished(const struct batch *b)
{
	return batch_settled_count(b) >= b->n;
}

/* ---- undo ------------------------------------------------------------------ */

/* The value a record had for a custom field definition (null if none). */
static cJSON *old_custom_value(const cJSON *before, int64_t id)
{
	const cJSON *entry = custom_entry(before, id);
	const cJSON *v = entry ? json_get(entry, "value") : NULL;
	return v ? cJSON_Duplicate(v, true) : cJSON_CreateNull();
}

struct batch *batch_undo(const struct batch *b)
{
	char *what = xasprintf("Undid \"%s\"", b->what);
	struct batch *u = batch_new(what, b->lookups);
	free(what);
	u->is_undo = true;
	for (size_t i = 0; i < b->n; i++) {
		const struct batch_op *op = &b->ops[i];
		if (op->state != BATCH_DONE || !op->sent || !op->after)
			continue;
		struct batch_op *inv = batch_add_record(u, op->entity, op->id, op->after);
		const cJSON *item, *cf;
		cJSON_ArrayForEach(item, op->sent) {
			if (!strcmp(item->string, "custom_fields")) {
				cJSON_ArrayForEach(cf, item) {
					int64_t id = json_member_i64(cf, "custom_field_definition_id");
					cJSON *old = old_custom_value(op->before, id);
					batch_op_add_change(inv, NULL, id, old);
					cJSON_Delete(old);
				}
				continue;
			}
			const cJSON *old = json_get(op->before, item->string);
			cJSON *null = old ? NULL : cJSON_CreateNull();
			batch_op_add_change(inv, item->string, 0, old ? old : null);
			cJSON_Delete(null);
		}
	}
	if (!u->n) {
		batch_free(u);
		return NULL;
	}
	return u;
}
