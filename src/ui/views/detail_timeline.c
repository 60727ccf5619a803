/*
 * detail_timeline.c - the detail pane's activity timeline, newest first
 * (see detail_internal.h).
 */
#include "config.h"

#include "model/format.h"
#include "ui/views/detail_internal.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define TIMELINE_PAGE 50

void detail_timeline_clear(struct detailview *d)
{
	cJSON_Delete(d->activities);
	d->activities = NULL;
	d->activities_loading = false;
	free(d->activities_error);
	d->activities_error = NULL;
}

void detail_timeline_start(struct view *v)
{
	struct detailview *d = dv(v);
	detail_timeline_clear(d);
	lookups_need(v->env->lookups, LOOKUP_ACTIVITY_TYPES);
	d->activities_loading = true;
	view_submit(v, api_activities(d->entity, d->id, 1, TIMELINE_PAGE), PRIO_VISIBLE,
		    TAG_ACTIVITIES);
}

static double activity_date(const cJSON *a)
{
	const cJSON *d = json_get(a, "activity_date");
	return cJSON_IsNumber(d) ? d->valuedouble : 0;
}

static int by_date_desc(const void *x, const void *y)
{
	double a = activity_date(*(cJSON *const *)x), b = activity_date(*(cJSON *const *)y);
	return a < b ? 1 : a > b ? -1 : 0;
}

/* The timeline reads newest first whatever order the server used. */
static cJSON *newest_first(cJSON *list)
{
	int n = cJSON_GetArraySize(list);
	if (n < 2)
		return list;
	cJSON **items = xcalloc((size_t)n, sizeof(*items));
	for (int i = 0; i < n; i++)
		items[i] = cJSON_DetachItemFromArray(list, 0);
	qsort(items, (size_t)n, sizeof(*items), by_date_desc);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(list, items[i]);
	free(items);
	return list;
}

void detail_timeline_take(struct view *v, struct api_result *r)
{
	struct detailview *d = dv(v);
	d->activities_loading = false;
	if (r->error.kind != APIE_NONE) {
		d->activities_error = xasprintf("The timeline could not be read: %s", r->error.message);
		view_message(v, MSG_ERROR, "%s", r->error.message);
	} else if (!cJSON_IsArray(r->json)) {
		d->activities_error = xstrdup("The timeline could not be read: the server's answer "
					      "was not a list");
	} else {
		cJSON_Delete(d->activities);
		d->activities = newest_first(r->json);
		r->json = NULL;
	}
	detail_invalidate(v);
}

void detail_timeline_lines(struct view *v, int width)
{
	struct detailview *d = dv(v);
	struct lookups *lk = v->env->lookups;
	d->nitems = 0;
	if (d->activities_loading) {
		detail_add_span(detail_add_line(d->doc, -1), "Loading the activity timeline\xe2\x80\xa6",
				DETAIL_PENDING);
		return;
	}
	if (d->activities_error) {
		/* a failure is shown as one, never as an empty timeline */
		detail_add_wrapped(d->doc, -1, "", DETAIL_ERROR, 0, d->activities_error, DETAIL_ERROR,
				   width);
		detail_add_span(detail_add_line(d->doc, -1),
				"(a shows the timeline again, R re-reads the record)", DETAIL_EMPTY);
		return;
	}
	if (!cJSON_GetArraySize(d->activities)) {
		detail_add_span(detail_add_line(d->doc, -1), "No activities.", DETAIL_EMPTY);
		return;
	}
	const cJSON *a;
	int i = 0;
	cJSON_ArrayForEach(a, d->activities) {
		int64_t date, tid, user;
		bool dated = json_int64(json_get(a, "activity_date"), &date);
		bool typed = json_int64(json_get(json_get(a, "type"), "id"), &tid);
		bool by = json_int64(json_get(a, "user_id"), &user);
		char *when = dated ? fields_format_date(date) : xstrdup("(no date)");
		const char *tname = typed ? lookups_name(lk, LOOKUP_ACTIVITY_TYPES, tid) : NULL;
		const char *uname = by ? lookups_user_name(lk, user) : NULL;
		struct detail_line *l = detail_add_line(d->doc, i);
		detail_add_span(l, when, DETAIL_LABEL);
		detail_add_span(l, "  ", DETAIL_VALUE);
		detail_add_span(l, tname ? tname : "Activity", DETAIL_HEADING);
		if (uname) {
			detail_add_span(l, "  by ", DETAIL_EMPTY);
			detail_add_span(l, uname, DETAIL_VALUE);
		}
		free(when);
		const char *details = json_member_str(a, "details");
		if (details && *details)
			detail_add_markdown(d->doc, i, details, 2, width);
		detail_add_line(d->doc, -1);
		i++;
	}
	d->nitems = i;
}
