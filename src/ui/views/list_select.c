/*
 * list_select.c - a list's selection and what acts on it (see
 * list_internal.h): Space a row, V a range from the row last selected,
 * * every record the search and filter match (all pages; asked first
 * beyond SELECT_ALL_ASK), Esc none; then B sets a field on all of them,
 * T adds or removes tags, u undoes, through ui/views/bulk.h.
 *
 * The selection is of ids, kept sorted: it survives the pages it came
 * from being dropped, and a reload; a new search starts it again. Rows of
 * a range or of "every match" that are not loaded yet are loaded first
 * (one search per page of 200), and the selection completes when they are.
 */
#include "config.h"

#include "model/edit.h"
#include "ui/views/list_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define FIELD_CANDIDATES 64

/* ---- the set of ids --------------------------------------------------------- */

/* Where id is, or would go. */
static size_t position(const struct selection *s, int64_t id, bool *found)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < s->n && s->ids[lo] == id;
	return lo;
}

bool list_is_selected(const struct listview *l, int64_t id)
{
	bool found;
	position(&l->sel, id, &found);
	return found;
}

static void add_id(struct selection *s, int64_t id)
{
	bool found;
	size_t at = position(s, id, &found);
	if (found || !id)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->ids = xrealloc(s->ids, s->cap * sizeof(*s->ids));
	}
	memmove(s->ids + at + 1, s->ids + at, (s->n - at) * sizeof(*s->ids));
	s->ids[at] = id;
	s->n++;
}

static void remove_id(struct selection *s, int64_t id)
{
	bool found;
	size_t at = position(s, id, &found);
	if (!found)
		return;
	memmove(s->ids + at, s->ids + at + 1, (s->n - at - 1) * sizeof(*s->ids));
	s->n--;
}

static int by_value(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

void list_select_free(struct listview *l)
{
	free(l->sel.ids);
	memset(&l->sel, 0, sizeof(l->sel));
	l->wait = WAIT_NONE;
	l->has_anchor = false;
}

void list_select_clear(struct view *v)
{
	list_select_free(lv(v));
	v->dirty = true;
}

/* ---- selecting ---------------------------------------------------------------- */

static void toggle(struct view *v)
{
	struct listview *l = lv(v);
	const struct row *row = rowstore_get(&l->rows, l->cursor);
	if (!row) {
		view_message(v, MSG_INFO, "No record here");
		return;
	}
	if (list_is_selected(l, row->id)) {
		remove_id(&l->sel, row->id);
	} else {
		add_id(&l->sel, row->id);
		l->anchor = l->cursor;
		l->has_anchor = true;
	}
	if (l->cursor + 1 < rowstore_count(&l->rows))
		list_move_to(v, l->cursor + 1);
	v->dirty = true;
}

/* Whether rows [from, to] are all loaded; asks for the pages that are not
 * (request), each once. */
static bool rows_loaded(struct view *v, size_t from, size_t to, bool request)
{
	struct listview *l = lv(v);
	bool all = true;
	int last = rowstore_page_of(&l->rows, to);
	for (int p = rowstore_page_of(&l->rows, from); p <= last; p++) {
		if (rowstore_page_loaded(&l->rows, p))
			continue;
		all = false;
		if (request)
			list_request_page(v, p, PRIO_PREFETCH);
		else
			break;
	}
	return all;
}

static size_t add_rows(struct listview *l, size_t from, size_t to)
{
	size_t before = l->sel.n;
	/* appended, then sorted once: a hundred thousand ids stay quick */
	size_t room = to - from + 1;
	if (l->sel.n + room > l->sel.cap) {
		l->sel.cap = l->sel.n + room;
		l->sel.ids = xrealloc(l->sel.ids, l->sel.cap * sizeof(*l->sel.ids));
	}
	for (size_t i = from; i <= to; i++) {
		const struct row *row = rowstore_get(&l->rows, i);
		if (row && row->id)
			l->sel.ids[l->sel.n++] = row->id;
	}
	qsort(l->sel.ids, l->sel.n, sizeof(*l->sel.ids), by_value);
	size_t w = 0;
	for (size_t i = 0; i < l->sel.n; i++)
		if (!w || l->sel.ids[w - 1] != l->sel.ids[i])
			l->sel.ids[w++] = l->sel.ids[i];
	l->sel.n = w;
	return l->sel.n - before;
}

static void say_selected(struct view *v, const char *how)
{
	struct listview *l = lv(v);
	char *n = str_thousands((int64_t)l->sel.n);
	view_message(v, MSG_INFO, "%s: %s %s selected (B sets a field, T tags, X exports the list, "
		     "Esc clears)", how, n, l->sel.n == 1 ? entity_title(l->entity) : entity_plural(l->entity));
	free(n);
}

static void select_range(struct view *v)
{
	struct listview *l = lv(v);
	if (!l->has_anchor || !rowstore_count(&l->rows)) {
		view_message(v, MSG_INFO, "Select a row first (Space); V then selects from it to here");
		return;
	}
	size_t from = l->anchor < l->cursor ? l->anchor : l->cursor;
	size_t to = l->anchor < l->cursor ? l->cursor : l->anchor;
	if (to >= rowstore_count(&l->rows))
		to = rowstore_count(&l->rows) - 1;
	if (rows_loaded(v, from, to, true)) {
		add_rows(l, from, to);
		say_selected(v, "Range");
	} else {
		l->wait = WAIT_RANGE;
		l->wait_from = from;
		l->wait_to = to;
		view_message(v, MSG_INFO, "Loading the rows of the range\xe2\x80\xa6");
	}
	v->dirty = true;
}

static void select_every(struct view *v)
{
	struct listview *l = lv(v);
	size_t count = rowstore_count(&l->rows);
	if (rows_loaded(v, 0, count - 1, true)) {
		add_rows(l, 0, count - 1);
		say_selected(v, "Every match");
		return;
	}
	l->wait = WAIT_ALL;
	l->wait_from = 0;
	l->wait_to = count - 1;
	int pages = 0;
	for (int p = 1; p <= rowstore_page_count(&l->rows); p++)
		pages += !rowstore_page_loaded(&l->rows, p);
	char *n = str_thousands((int64_t)count);
	view_message(v, MSG_INFO, "Selecting all %s %s: listing them takes %d request%s\xe2\x80\xa6", n,
		     entity_plural(l->entity), pages, pages == 1 ? "" : "s");
	free(n);
	v->dirty = true;
}

static void confirm_every(void *ctx, const char *answer)
{
	if (answer && *answer == 'y')
		select_every(ctx);
}

static const struct prompt_ops confirm_ops = { .submit = confirm_every, .answer_keys = "yn" };

static void select_all(struct view *v)
{
	struct listview *l = lv(v);
	size_t count = rowstore_count(&l->rows);
	if (!l->first_loaded || !count) {
		view_message(v, MSG_INFO, l->first_loaded ? "No record to select" : "The list is still loading");
		return;
	}
	if (l->sel.n >= count && l->wait == WAIT_NONE) {
		list_select_clear(v);
		view_message(v, MSG_INFO, "Selection cleared");
		return;
	}
	if (count <= SELECT_ALL_ASK) {
		select_every(v);
		return;
	}
	int pages = 0;
	for (int p = 1; p <= rowstore_page_count(&l->rows); p++)
		pages += !rowstore_page_loaded(&l->rows, p);
	char *n = str_thousands((int64_t)count);
	char *q = xasprintf("Select all %s %s%s? Listing them takes %d request%s (y/n) ", n,
			    entity_plural(l->entity), rowstore_capped(&l->rows) ? " (Copper lists the first "
			    "100,000)" : "", pages, pages == 1 ? "" : "s");
	view_prompt(v, q, "", &confirm_ops, v);
	free(q);
	free(n);
}

void list_select_page_arrived(struct view *v)
{
	struct listview *l = lv(v);
	if (l->wait == WAIT_NONE || !rows_loaded(v, l->wait_from, l->wait_to, false))
		return;
	bool all = l->wait == WAIT_ALL;
	l->wait = WAIT_NONE;
	add_rows(l, l->wait_from, l->wait_to);
	say_selected(v, all ? "Every match" : "Range");
	v->dirty = true;
}

/* ---- acting on it ------------------------------------------------------------- */

/* The records an action applies to: the selection, else the row under the
 * cursor (then held is its record if the list keeps it). Caller frees. */
static size_t targets(struct view *v, int64_t **ids, const cJSON ***held)
{
	struct listview *l = lv(v);
	*held = NULL;
	if (l->sel.n) {
		*ids = xcalloc(l->sel.n, sizeof(**ids));
		memcpy(*ids, l->sel.ids, l->sel.n * sizeof(**ids));
		return l->sel.n;
	}
	const struct row *row = rowstore_get(&l->rows, l->cursor);
	if (!row) {
		*ids = NULL;
		return 0;
	}
	*ids = xcalloc(1, sizeof(**ids));
	(*ids)[0] = row->id;
	*held = xcalloc(1, sizeof(**held));
	(*held)[0] = list_kept_record(l, l->cursor);
	return 1;
}

static void need_record_lookups(struct view *v)
{
	struct lookups *lk = v->env->lookups;
	lookups_need_for_record(lk, lv(v)->entity);
	lookups_need(lk, LOOKUP_TAGS);
	lookups_need(lk, LOOKUP_PIPELINES);
}

/* A form on no record, for the names of fields and their choices. */
static struct edit_form *template_form(struct view *v)
{
	cJSON *empty = cJSON_CreateObject();
	struct edit_form *f = edit_form_new(lv(v)->entity, NULL, empty, v->env->lookups);
	cJSON_Delete(empty);
	return f;
}

static char *count_text(struct view *v, size_t n)
{
	char *many = str_thousands((int64_t)n);
	char *text = xasprintf("%s %s", many, n == 1 ? entity_title(lv(v)->entity)
			       : entity_plural(lv(v)->entity));
	free(many);
	return text;
}

static const struct prompt_ops field_ops, value_ops;

static void ask_value(struct view *v, const char *initial)
{
	struct listview *l = lv(v);
	int64_t *ids;
	const cJSON **held;
	size_t n = targets(v, &ids, &held);
	char *many = count_text(v, n);
	struct edit_form *f = template_form(v);
	long i = edit_field_index(f, l->bulk_field);
	bool list = i >= 0 && edit_is_list(f, (size_t)i);
	edit_form_free(f);
	char *label = xasprintf("%s for %s (Tab completes%s): ", l->bulk_field, many,
				list ? "; words add, -= removes, = a, b is the whole list" : "");
	view_prompt(v, label, initial, &value_ops, v);
	free(label);
	free(many);
	free(ids);
	free(held);
}

static void field_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct listview *l = lv(v);
	struct edit_form *f = template_form(v);
	long i = edit_field_index(f, text);
	if (i < 0 || f->fields[i].type == EDIT_READONLY) {
		view_message(v, MSG_ERROR, i < 0 ? "%s have no field '%s' (Tab lists them)"
			     : "%s: '%s' cannot be changed", entity_plural(l->entity), text);
		view_prompt(v, "Set which field? ", text, &field_ops, v);
		edit_form_free(f);
		return;
	}
	free(l->bulk_field);
	l->bulk_field = xstrdup(f->fields[i].label);
	edit_form_free(f);
	ask_value(v, "");
}

static size_t field_complete(void *ctx, const char *text, size_t cursor, char ***out, size_t *start,
			     size_t *end)
{
	struct view *v = ctx;
	struct edit_form *f = template_form(v);
	size_t n = 0;
	*out = xcalloc(f->count + 1, sizeof(char *));
	for (size_t i = 0; i < f->count && n < FIELD_CANDIDATES; i++)
		if (f->fields[i].type != EDIT_READONLY && f->fields[i].type != EDIT_REFERENCE &&
		    !strncasecmp(f->fields[i].label, text, cursor))
			(*out)[n++] = xstrdup(f->fields[i].label);
	edit_form_free(f);
	*start = 0;
	*end = strlen(text);
	return n;
}

static const struct prompt_ops field_ops = { .submit = field_submit, .complete = field_complete };

/* On a list field (tags, multi-select options) words alone are added, as
 * T takes them, and "= items" is the whole new list: many records' lists
 * are never replaced by a slip. Caller frees. */
static char *list_value(struct view *v, const char *text)
{
	struct edit_form *f = template_form(v);
	long i = edit_field_index(f, lv(v)->bulk_field);
	bool list = i >= 0 && edit_is_list(f, (size_t)i);
	edit_form_free(f);
	const char *p = text;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!list || ((p[0] == '+' || p[0] == '-') && p[1] == '='))
		return xstrdup(text);
	return p[0] == '=' ? xstrdup(p + 1) : xasprintf("+= %s", p);
}

static void value_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct listview *l = lv(v);
	int64_t *ids;
	const cJSON **held;
	size_t n = targets(v, &ids, &held);
	char *what = xasprintf("Set %s", l->bulk_field);
	struct batch *b = batch_new(what, v->env->lookups);
	char *value = list_value(v, text);
	batch_add_change(b, l->bulk_field, NULL, value);
	free(value);
	for (size_t i = 0; i < n; i++)
		batch_add_record(b, l->entity, ids[i], held ? held[i] : NULL);
	if (!bulk_start(v, &l->bulk, b))
		ask_value(v, text); /* refused: what was typed stays, for a fix */
	free(what);
	free(ids);
	free(held);
}

/* Completion of a value: the field's choices by name, or the tags. */
static size_t value_complete(void *ctx, const char *text, size_t cursor, char ***out, size_t *start,
			     size_t *end)
{
	struct view *v = ctx;
	struct edit_form *f = template_form(v);
	long i = edit_field_index(f, lv(v)->bulk_field);
	size_t n = 0;
	size_t from = cursor;
	while (from > 0 && text[from - 1] != ',' && text[from - 1] != '=')
		from--;
	while (from < cursor && text[from] == ' ')
		from++;
	*start = from;
	*end = cursor;
	*out = NULL;
	if (i >= 0 && f->fields[i].type == EDIT_TAGS) {
		char *prefix = xstrndup(text + from, cursor - from);
		n = tag_edit_candidates(v->env->lookups, prefix, out, FIELD_CANDIDATES);
		free(prefix);
	} else if (i >= 0) {
		const struct edit_field *fld = &f->fields[i];
		*out = xcalloc(fld->nchoices + 1, sizeof(char *));
		for (size_t k = 0; k < fld->nchoices && n < FIELD_CANDIDATES; k++)
			if (!strncasecmp(fld->choices[k].name, text + from, cursor - from))
				(*out)[n++] = xstrdup(fld->choices[k].name);
	}
	edit_form_free(f);
	return n;
}

static const struct prompt_ops value_ops = { .submit = value_submit, .complete = value_complete };

static void bulk_set(struct view *v)
{
	int64_t *ids;
	const cJSON **held;
	size_t n = targets(v, &ids, &held);
	if (!n) {
		view_message(v, MSG_INFO, "No record here");
		return;
	}
	need_record_lookups(v);
	char *many = count_text(v, n);
	char *label = xasprintf("Set which field of %s? (Tab completes): ", many);
	view_prompt(v, label, "", &field_ops, v);
	free(label);
	free(many);
	free(ids);
	free(held);
}

static void edit_tags(struct view *v)
{
	struct listview *l = lv(v);
	int64_t *ids;
	const cJSON **held;
	size_t n = targets(v, &ids, &held);
	tag_edit_open(&l->tags, v, &l->bulk, l->entity, ids, held, n);
	free(ids);
	free(held);
}

bool list_select_action(struct view *v, enum action a)
{
	struct listview *l = lv(v);
	switch (a) {
	case ACTION_SELECT: toggle(v); break;
	case ACTION_SELECT_RANGE: select_range(v); break;
	case ACTION_SELECT_ALL: select_all(v); break;
	case ACTION_SELECT_NONE:
		/* a change under way is stopped first (asked) */
		if (bulk_ask_stop(v, &l->bulk))
			break;
		if (!l->sel.n && l->wait == WAIT_NONE)
			return false;
		list_select_clear(v);
		view_message(v, MSG_INFO, "Selection cleared");
		break;
	case ACTION_BULK_SET: bulk_set(v); break;
	case ACTION_EDIT_TAGS: edit_tags(v); break;
	case ACTION_UNDO: bulk_undo(v, &l->bulk); break;
	case ACTION_EXPORT: list_export_start(v); break;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

/* ---- how the list shows a bulk change ----------------------------------------- */

static void show_record(struct view *v, const struct batch_op *op, const cJSON *record,
			enum bulk_show how)
{
	(void)how;
	if (record && op->entity == lv(v)->entity)
		list_record_saved(v, record);
}

/* What failed stays selected, for another try; what was saved stays too. */
static void finished(struct view *v, struct batch *b)
{
	struct listview *l = lv(v);
	if (!b->failed || b->n < 2 || b->is_undo)
		return;
	list_select_free(l);
	for (size_t i = 0; i < b->n; i++)
		if (b->ops[i].state == BATCH_FAILED)
			add_id(&l->sel, b->ops[i].id);
	v->dirty = true;
}

const struct bulk_hooks list_bulk_hooks = {
	.show = show_record,
	.finished = finished,
	.failed_note = "; what failed stays selected",
	.stop_hint = "Esc stops it",
};
