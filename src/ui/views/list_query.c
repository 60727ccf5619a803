/*
 * list_query.c - what a list shows: search as you type (debounced on the
 * server), filters in patina's filter language, saved searches, sorting,
 * jumping to a row, the next loaded match (see list_internal.h).
 */
#include "config.h"

#include "model/filter.h"
#include "ui/views/list_internal.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define SEARCH_DEBOUNCE_MS 250


static void apply_search(struct view *v, const char *text)
{
	struct listview *l = lv(v);
	const char *now = l->search ? l->search : "";
	if (!strcmp(now, text ? text : ""))
		return;
	free(l->search);
	l->search = text && *text ? xstrdup(text) : NULL;
	list_restart(v);
}

static void search_changed(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct listview *l = lv(v);
	free(l->pending_search);
	l->pending_search = xstrdup(text);
	view_set_timer(v, SEARCH_DEBOUNCE_MS);
}

static void search_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct listview *l = lv(v);
	view_set_timer(v, -1);
	free(l->pending_search);
	l->pending_search = NULL;
	free(l->search_before);
	l->search_before = NULL;
	apply_search(v, text);
}

static void search_cancel(void *ctx)
{
	struct view *v = ctx;
	struct listview *l = lv(v);
	view_set_timer(v, -1);
	free(l->pending_search);
	l->pending_search = NULL;
	char *before = l->search_before;
	l->search_before = NULL;
	apply_search(v, before);
	free(before);
}

static const struct prompt_ops search_ops = {
	.changed = search_changed,
	.submit = search_submit,
	.cancel = search_cancel,
};

bool list_apply_filter(struct view *v, const char *text)
{
	struct listview *l = lv(v);
	cJSON *body;
	if (!view_parse_filter(v, l->entity, text, &body))
		return false;
	cJSON_Delete(l->filter);
	free(l->filter_text);
	l->filter = body;
	l->filter_text = body ? xstrdup(text) : NULL;
	list_restart(v);
	return true;
}

static const struct prompt_ops filter_ops;

static void filter_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	if (!list_apply_filter(v, text))
		/* keep what was typed, so it can be fixed */
		view_prompt(v, "Filter: ", text, &filter_ops, v);
}

static size_t filter_complete_cb(void *ctx, const char *text, size_t cursor, char ***out,
				 size_t *start, size_t *end)
{
	struct view *v = ctx;
	struct filter_context fc = view_filter_context(v, lv(v)->entity);
	return filter_complete(text, cursor, &fc, out, 64, start, end);
}

void list_need_filter_lookups(struct view *v)
{
	struct lookups *lk = v->env->lookups;
	lookups_need(lk, LOOKUP_USERS);
	lookups_need(lk, LOOKUP_TAGS);
	switch (lv(v)->entity) {
	case ENT_OPPORTUNITIES:
		lookups_need(lk, LOOKUP_PIPELINES);
		lookups_need(lk, LOOKUP_LOSS_REASONS);
		lookups_need(lk, LOOKUP_CUSTOMER_SOURCES);
		break;
	case ENT_LEADS:
		lookups_need(lk, LOOKUP_LEAD_STATUSES);
		lookups_need(lk, LOOKUP_CUSTOMER_SOURCES);
		break;
	case ENT_PEOPLE: case ENT_COMPANIES:
		lookups_need(lk, LOOKUP_CONTACT_TYPES);
		break;
	default:
		break;
	}
	lookups_need(lk, LOOKUP_CUSTOM_FIELDS);
}

static const struct prompt_ops filter_ops = {
	.submit = filter_submit,
	.complete = filter_complete_cb,
};

static void saved_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	const struct settings *st = v->env->settings;
	for (size_t i = 0; i < st->search_count; i++) {
		const char *const *names = (const char *const *)st->search_names;
		const char *const *texts = (const char *const *)st->search_texts;
		if (!strcmp(names[i], text)) {
			if (list_apply_filter(v, texts[i]))
				view_message(v, MSG_INFO, "Saved search %s: %s", names[i], texts[i]);
			return;
		}
	}
	view_message(v, MSG_ERROR, "No saved search named '%s'", text);
}

static size_t saved_complete(void *ctx, const char *text, size_t cursor, char ***out,
			     size_t *start, size_t *end)
{
	struct view *v = ctx;
	(void)cursor;
	const char *const *names = (const char *const *)v->env->settings->search_names;
	size_t n = v->env->settings->search_count, k = 0;
	*out = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		if (!strncmp(names[i], text, strlen(text)))
			(*out)[k++] = xstrdup(names[i]);
	*start = 0;
	*end = strlen(text);
	return k;
}

static const struct prompt_ops saved_ops = {
	.submit = saved_submit,
	.complete = saved_complete,
};

static void goto_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	int64_t n;
	char *t = str_trim(xstrdup(text));
	/* allow 12,345 */
	char *w = t;
	for (char *r = t; *r; r++)
		if (*r != ',')
			*w++ = *r;
	*w = '\0';
	if (!str_to_i64(t, &n) || n < 1 || (size_t)n > rowstore_count(&lv(v)->rows))
		view_message(v, MSG_ERROR, "Row: expected a number from 1 to %zu",
			    rowstore_count(&lv(v)->rows));
	else
		list_move_to(v, (size_t)n - 1);
	free(t);
}

static const struct prompt_ops goto_ops = { .submit = goto_submit };

bool list_row_matches(struct listview *l, size_t i)
{
	const struct row *row = rowstore_get(&l->rows, i);
	return row && l->search && strcasestr(row->cells[0], l->search);
}

static void next_match(struct view *v, int dir)
{
	struct listview *l = lv(v);
	size_t count = rowstore_count(&l->rows);
	if (!l->search) {
		view_message(v, MSG_INFO, "No search: press / to search by name");
		return;
	}
	for (size_t step = 1; step < count; step++) {
		size_t i = dir > 0 ? (l->cursor + step) % count : (l->cursor + count - step) % count;
		if (list_row_matches(l, i)) {
			list_move_to(v, i);
			return;
		}
	}
	view_message(v, MSG_INFO, "No other loaded row matches '%s'", l->search);
}

static void sort_next(struct view *v)
{
	struct listview *l = lv(v);
	for (size_t step = 1; step <= l->ncols; step++) {
		size_t c = (size_t)(l->sort + (long)step) % (l->ncols + 1);
		/* ncols stands for the server's default order */
		if (c == l->ncols || l->cols[c].sort_by) {
			l->sort = c == l->ncols ? -1 : (int)c;
			break;
		}
	}
	l->descending = false;
	list_restart(v);
}

bool list_query_action(struct view *v, enum action a)
{
	struct listview *l = lv(v);
	switch (a) {
	case ACTION_GOTO_ROW:
		view_prompt(v, "Row: ", "", &goto_ops, v);
		break;
	case ACTION_SEARCH:
		free(l->search_before);
		l->search_before = l->search ? xstrdup(l->search) : NULL;
		view_prompt(v, "Search: ", l->search, &search_ops, v);
		break;
	case ACTION_FILTER:
		list_need_filter_lookups(v);
		view_prompt(v, "Filter: ", l->filter_text, &filter_ops, v);
		break;
	case ACTION_SAVED_SEARCH: {
		if (!v->env->settings->search_count) {
			view_message(v, MSG_INFO, "No saved searches: add lines such as "
				    "search mine \"owner:me\" to the config file");
			break;
		}
		list_need_filter_lookups(v);
		view_prompt(v, "Saved search (Tab completes): ", "", &saved_ops, v);
		break;
	}
	case ACTION_CLEAR_FILTER:
		if (l->search || l->filter) {
			free(l->search);
			l->search = NULL;
			free(l->filter_text);
			l->filter_text = NULL;
			cJSON_Delete(l->filter);
			l->filter = NULL;
			list_restart(v);
		}
		break;
	case ACTION_SORT_NEXT: sort_next(v); break;
	case ACTION_SORT_REVERSE:
		if (l->sort < 0) {
			view_message(v, MSG_INFO, "Pick a sort column first (s)");
			break;
		}
		l->descending = !l->descending;
		list_restart(v);
		break;
	case ACTION_NEXT_MATCH: next_match(v, 1); break;
	case ACTION_PREV_MATCH: next_match(v, -1); break;
	default:
		return false;
	}
	return true;
}

void list_query_timer(struct view *v)
{
	struct listview *l = lv(v);
	if (l->pending_search) {
		char *text = l->pending_search;
		l->pending_search = NULL;
		apply_search(v, text);
		free(text);
	}
}

