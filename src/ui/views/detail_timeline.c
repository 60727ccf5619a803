/*
 * detail_timeline.c - the detail pane's activity timeline, newest first,
 * a page at a time as the user scrolls (see detail_internal.h).
 *
 * Pages are asked for by number. A page may repeat activities of the one
 * before (one was logged since, pushing the rest down): they are kept
 * once, by id. An activity deleted here pulls the server's pages up by
 * one: the next request steps back as many pages as that takes, so that
 * nothing is skipped, and the repeats are dropped again.
 */
#include "config.h"

#include "model/activity.h"
#include "model/dates.h"
#include "ui/views/detail_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TIMELINE_PAGE 50
/* the next page is asked for this many activities before the end */
#define TIMELINE_AHEAD 10

static void clear_filter(struct timeline *t)
{
	free(t->types);
	free(t->types_text);
	t->types = NULL;
	t->types_text = NULL;
	t->ntypes = 0;
}

static void clear_loaded(struct timeline *t)
{
	cJSON_Delete(t->activities);
	t->activities = NULL;
	free(t->error);
	free(t->more_error);
	t->error = t->more_error = NULL;
	t->loading = t->more = false;
	t->next_page = 1;
	t->total = -1;
	t->removed = 0;
}

void detail_timeline_clear(struct detailview *d)
{
	clear_loaded(&d->timeline);
	clear_filter(&d->timeline);
	d->timeline.query++;
}

static void request_page(struct view *v)
{
	struct detailview *d = dv(v);
	struct timeline *t = &d->timeline;
	/* deletions moved the server's pages up: step back over them */
	int page = t->next_page - (t->removed + TIMELINE_PAGE - 1) / TIMELINE_PAGE;
	if (page < 1)
		page = 1;
	struct activity_query q = {
		.parent = d->entity, .parent_id = d->id, .types = t->types, .ntypes = t->ntypes,
		.page_number = page, .page_size = TIMELINE_PAGE,
	};
	t->loading = true;
	free(t->more_error);
	t->more_error = NULL;
	view_submit(v, api_activities(&q), PRIO_VISIBLE,
		    TAG_ACTIVITIES + t->query * TIMELINE_QUERY + page);
}

/* The first page, again (the filter kept). */
static void restart(struct view *v)
{
	struct detailview *d = dv(v);
	clear_loaded(&d->timeline);
	d->timeline.query++;
	d->selected = 0;
	d->top = 0;
	request_page(v);
	detail_invalidate(v);
}

void detail_timeline_start(struct view *v)
{
	lookups_need(v->env->lookups, LOOKUP_ACTIVITY_TYPES);
	lookups_need(v->env->lookups, LOOKUP_USERS);
	restart(v);
}

void detail_timeline_scrolled(struct view *v)
{
	struct detailview *d = dv(v);
	struct timeline *t = &d->timeline;
	if (!t->more || t->loading || t->error || t->more_error)
		return;
	int n = cJSON_GetArraySize(t->activities);
	size_t lines = d->doc ? d->doc->nlines : 0;
	bool end_shown = d->top + (size_t)(v->rows > 0 ? v->rows : 1) >= lines;
	if (d->selected + TIMELINE_AHEAD >= n || end_shown)
		request_page(v);
}

/* ---- pages and changes ----------------------------------------------------- */

static int64_t date_of(const cJSON *a)
{
	return json_member_i64(a, "activity_date");
}

static int index_of(const cJSON *list, int64_t id)
{
	const cJSON *a;
	int i = 0;
	cJSON_ArrayForEach(a, list) {
		if (json_member_i64(a, "id") == id)
			return i;
		i++;
	}
	return -1;
}

/* Puts a (taken over) in its place by date, newest first, after those of
 * the same date; returns its index. */
static int insert_by_date(cJSON *list, cJSON *a)
{
	int n = cJSON_GetArraySize(list);
	const cJSON *last = n ? cJSON_GetArrayItem(list, n - 1) : NULL;
	int64_t date = date_of(a);
	if (!last || date_of(last) >= date) {
		cJSON_AddItemToArray(list, a); /* a page in the server's order: the usual case */
		return n;
	}
	int i = 0;
	const cJSON *b;
	cJSON_ArrayForEach(b, list) {
		if (date_of(b) < date)
			break;
		i++;
	}
	cJSON_InsertItemInArray(list, i, a);
	return i;
}

/* Whether the filter shows activities of that type. */
static bool filter_shows(const struct timeline *t, const cJSON *a)
{
	struct activity_type_ref type;
	if (!t->ntypes)
		return true;
	if (!activity_type_of(a, &type))
		return false;
	for (size_t i = 0; i < t->ntypes; i++)
		if (t->types[i].id == type.id && !strcmp(t->types[i].category, type.category))
			return true;
	return false;
}

void detail_timeline_take(struct view *v, struct api_result *r)
{
	struct detailview *d = dv(v);
	struct timeline *t = &d->timeline;
	int64_t rest = r->tag - TAG_ACTIVITIES;
	int page = (int)(rest % TIMELINE_QUERY);
	if (rest / TIMELINE_QUERY != t->query)
		return; /* a page of an earlier timeline */
	t->loading = false;
	if (r->error.kind != APIE_NONE || !cJSON_IsArray(r->json)) {
		const char *why = r->error.kind != APIE_NONE ? r->error.message
				: "the server's answer was not a list";
		/* a failure is shown as one, never as an empty timeline */
		if (!t->activities)
			t->error = xasprintf("The timeline could not be read: %s", why);
		else
			t->more_error = xasprintf("More could not be read: %s", why);
		view_message(v, MSG_ERROR, "%s", why);
		detail_invalidate(v);
		return;
	}
	if (!t->activities)
		t->activities = cJSON_CreateArray();
	int n = cJSON_GetArraySize(r->json);
	cJSON *a;
	cJSON_ArrayForEach(a, r->json)
		if (activity_is_system(a)) /* a stage change names stages */
			lookups_need(v->env->lookups, LOOKUP_PIPELINES);
	while ((a = cJSON_DetachItemFromArray(r->json, 0))) {
		int64_t id;
		if (!cJSON_IsObject(a) || !json_int64(json_get(a, "id"), &id) ||
		    index_of(t->activities, id) >= 0)
			cJSON_Delete(a); /* not an activity, or one this timeline has */
		else
			insert_by_date(t->activities, a);
	}
	if (r->total >= 0)
		t->total = r->total;
	t->next_page = page + 1;
	t->removed = 0;
	t->more = n >= TIMELINE_PAGE && (t->total < 0 || (int64_t)page * TIMELINE_PAGE < t->total);
	detail_invalidate(v);
}

void detail_timeline_saved(struct view *v, const cJSON *activity)
{
	struct detailview *d = dv(v);
	struct timeline *t = &d->timeline;
	int64_t id = json_member_i64(activity, "id");
	if (d->mode != MODE_ACTIVITIES || !t->activities || !id)
		return;
	int at = index_of(t->activities, id);
	if (at >= 0) {
		cJSON_DeleteItemFromArray(t->activities, at);
		if (at < d->selected)
			d->selected--;
	} else if (!filter_shows(t, activity)) {
		return;
	} else if (t->total >= 0) {
		t->total++;
	}
	int i = insert_by_date(t->activities, cJSON_Duplicate(activity, true));
	if (at >= 0 && at == d->selected)
		d->selected = i;        /* an edited one stays focused where it moved */
	else if (i <= d->selected && cJSON_GetArraySize(t->activities) > 1)
		d->selected++;          /* what was focused stays focused */
	detail_invalidate(v);
}

void detail_timeline_deleted(struct view *v, const cJSON *activity)
{
	struct detailview *d = dv(v);
	struct timeline *t = &d->timeline;
	int at = t->activities ? index_of(t->activities, json_member_i64(activity, "id")) : -1;
	if (at < 0)
		return;
	cJSON_DeleteItemFromArray(t->activities, at);
	if (t->total > 0)
		t->total--;
	t->removed++;
	if (at < d->selected)
		d->selected--;
	detail_invalidate(v);
}

/* ---- the lines ---------------------------------------------------------------- */

static char *count_text(const struct timeline *t, int loaded)
{
	if (t->total >= 0) {
		char *n = str_thousands(t->total);
		char *s = xasprintf("%s activit%s", n, t->total == 1 ? "y" : "ies");
		free(n);
		return s;
	}
	return xasprintf("%d%s activit%s", loaded, t->more ? "+" : "",
			 loaded == 1 && !t->more ? "y" : "ies");
}

static void header_lines(struct view *v, int loaded)
{
	struct detailview *d = dv(v);
	struct timeline *t = &d->timeline;
	struct detail_line *l = detail_add_line(d->doc, -1);
	char *count = count_text(t, loaded);
	detail_add_span(l, "Timeline: ", DETAIL_LABEL);
	detail_add_span(l, count, DETAIL_VALUE);
	free(count);
	if (t->types_text) {
		char *clean = sanitize_line(t->types_text, strlen(t->types_text));
		detail_add_span(l, " of type ", DETAIL_EMPTY);
		detail_add_span(l, clean, DETAIL_VALUE);
		free(clean);
	}
	detail_add_span(l, ", newest first", DETAIL_EMPTY);
	char *keys = keymap_keys_for(v->env->keymap, v->keyctx, ACTION_FILTER_ACTIVITY_TYPE);
	char *log = keymap_keys_for(v->env->keymap, v->keyctx, ACTION_LOG_ACTIVITY);
	if (keys || log) {
		char *hint = xasprintf("  (%s%s%s%s%s)", keys ? keys : "", keys ? ": types" : "",
				       keys && log ? ", " : "", log ? log : "", log ? ": log one" : "");
		detail_add_span(l, hint, DETAIL_EMPTY);
		free(hint);
	}
	free(keys);
	free(log);
	detail_add_line(d->doc, -1);
}

static void footer_lines(struct view *v, int loaded, int width)
{
	struct detailview *d = dv(v);
	struct timeline *t = &d->timeline;
	if (t->more_error) {
		detail_add_wrapped(d->doc, -1, "", DETAIL_ERROR, 0, t->more_error, DETAIL_ERROR, width);
		detail_add_span(detail_add_line(d->doc, -1), "(R reads the timeline again)",
				DETAIL_EMPTY);
	} else if (t->loading) {
		detail_add_span(detail_add_line(d->doc, -1), "Loading more\xe2\x80\xa6", DETAIL_PENDING);
	} else if (t->more) {
		char *total = t->total >= 0 ? str_thousands(t->total) : NULL;
		char *text = total ? xasprintf("\xe2\x86\x93 %d of %s shown: more load as you scroll",
					       loaded, total)
				   : xasprintf("\xe2\x86\x93 %d shown: more load as you scroll", loaded);
		detail_add_span(detail_add_line(d->doc, -1), text, DETAIL_EMPTY);
		free(text);
		free(total);
	} else if (loaded) {
		char *text = xasprintf("(the end of the timeline: all %d shown)", loaded);
		detail_add_span(detail_add_line(d->doc, -1), text, DETAIL_EMPTY);
		free(text);
	}
}

void detail_timeline_lines(struct view *v, int width)
{
	struct detailview *d = dv(v);
	struct timeline *t = &d->timeline;
	d->nitems = 0;
	if (t->error) {
		/* a failure is shown as one, never as an empty timeline */
		detail_add_wrapped(d->doc, -1, "", DETAIL_ERROR, 0, t->error, DETAIL_ERROR, width);
		detail_add_span(detail_add_line(d->doc, -1), "(R reads the timeline again)",
				DETAIL_EMPTY);
		return;
	}
	if (!t->activities) {
		detail_add_span(detail_add_line(d->doc, -1), "Loading the activity timeline\xe2\x80\xa6",
				DETAIL_PENDING);
		return;
	}
	int loaded = cJSON_GetArraySize(t->activities);
	header_lines(v, loaded);
	if (!loaded && !t->loading && !t->more)
		detail_add_span(detail_add_line(d->doc, -1), t->ntypes ? "No activities of that type."
				: "No activities.", DETAIL_EMPTY);
	const cJSON *a;
	int i = 0;
	cJSON_ArrayForEach(a, t->activities)
		activity_add_lines(d->doc, i++, a, v->env->lookups, width);
	d->nitems = i;
	footer_lines(v, loaded, width);
}

/* ---- acting on an activity ---------------------------------------------------- */

static const cJSON *focused(struct detailview *d)
{
	if (!d->timeline.activities || d->selected < 0)
		return NULL;
	return cJSON_GetArrayItem(d->timeline.activities, d->selected);
}

/* The focused activity, if the user may change it (else why not, said). */
static const cJSON *changeable(struct view *v)
{
	struct detailview *d = dv(v);
	const cJSON *a = focused(d);
	if (!a) {
		view_message(v, MSG_INFO, "No activity here");
		return NULL;
	}
	char *why = activity_not_changeable(a, view_me_id(v), v->env->lookups);
	if (why) {
		view_message(v, MSG_INFO, "%s", why);
		free(why);
		return NULL;
	}
	return a;
}

static const struct prompt_ops filter_prompt_ops;

static void ask_filter(struct view *v, const char *initial)
{
	view_prompt(v, "Activity types (a, b; Tab completes; empty: all): ", initial,
		    &filter_prompt_ops, v);
}

static void types_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct detailview *d = dv(v);
	struct activity_types all;
	activity_types_list(lookups_get(v->env->lookups, LOOKUP_ACTIVITY_TYPES), true, &all);
	struct activity_type_ref *types = NULL;
	size_t n = 0;
	struct strbuf names = {0};
	char *copy = xstrdup(text), *save = NULL, *error = NULL;
	for (char *word = strtok_r(copy, ",", &save); word; word = strtok_r(NULL, ",", &save)) {
		if (!*str_trim(word))
			continue;
		const struct activity_type *t = activity_type_match(&all, word, &error);
		if (!t)
			break;
		types = xrealloc(types, (n + 1) * sizeof(*types));
		types[n++] = t->ref;
		sb_printf(&names, "%s%s", names.len ? ", " : "", t->name);
	}
	free(copy);
	activity_types_free(&all);
	if (error) {
		view_message(v, MSG_ERROR, "%s", error);
		free(error);
		free(types);
		sb_free(&names);
		ask_filter(v, text); /* keep what was typed, so it can be fixed */
		return;
	}
	clear_filter(&d->timeline);
	d->timeline.types = types;
	d->timeline.ntypes = n;
	d->timeline.types_text = n ? sb_detach(&names) : NULL;
	sb_free(&names);
	restart(v);
}

/* The last name of the list under the cursor, among every type's. */
static size_t types_complete(void *ctx, const char *text, size_t cursor, char ***out,
			      size_t *start, size_t *end)
{
	struct view *v = ctx;
	size_t from = 0;
	for (size_t i = 0; i < cursor; i++)
		if (text[i] == ',')
			from = i + 1;
	while (text[from] == ' ' && from < cursor)
		from++;
	struct activity_types all;
	activity_types_list(lookups_get(v->env->lookups, LOOKUP_ACTIVITY_TYPES), true, &all);
	size_t n = 0;
	*out = xcalloc(all.count + 1, sizeof(char *));
	for (size_t i = 0; i < all.count; i++)
		if (!strncasecmp(all.items[i].name, text + from, cursor - from))
			(*out)[n++] = xstrdup(all.items[i].name);
	activity_types_free(&all);
	*start = from;
	*end = cursor;
	return n;
}

static const struct prompt_ops filter_prompt_ops = {
	.submit = types_submit,
	.complete = types_complete,
};

bool detail_timeline_action(struct view *v, enum action a)
{
	struct detailview *d = dv(v);
	const cJSON *act;
	switch (a) {
	case ACTION_EDIT:
		if ((act = changeable(v)))
			view_post(v, EV_EDIT_ACTIVITY, d->entity, d->id, act, true);
		return true;
	case ACTION_DELETE:
		if ((act = changeable(v)))
			view_post(v, EV_DELETE_ACTIVITY, d->entity, d->id, act, true);
		return true;
	case ACTION_FILTER_ACTIVITY_TYPE:
		if (!lookups_get(v->env->lookups, LOOKUP_ACTIVITY_TYPES)) {
			view_message(v, MSG_INFO, "The activity types are still loading; try again "
				     "in a moment");
			return true;
		}
		ask_filter(v, d->timeline.types_text ? d->timeline.types_text : "");
		return true;
	case ACTION_RELOAD:
		restart(v);
		view_message(v, MSG_INFO, "Reloading the timeline");
		return true;
	default:
		return false;
	}
}
