/*
 * detail.c - the detail pane: one record laid out by its field layout, its
 * history, moving and acting in it (see detail_internal.h).
 */
#include "config.h"

#include "ui/paint.h"
#include "ui/views/detail_internal.h"
#include "ui/views/views.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FETCH_DEBOUNCE_MS 120

/* ---- laying out --------------------------------------------------------- */

void detail_invalidate(struct view *v)
{
	dv(v)->width = -1;
	v->dirty = true;
}

static int64_t record_pipeline(const cJSON *record)
{
	return json_member_i64(record, "pipeline_id");
}

static void fields_lines(struct view *v, int width)
{
	struct detailview *d = dv(v);
	struct lookups *lk = v->env->lookups;
	const cJSON *layout = lookups_layout(lk, d->entity, record_pipeline(d->record));
	fields_free(d->fields);
	d->fields = fields_build(d->entity, layout, d->record, lk, v->env->refnames);
	struct detail_options o = { width, d->show_empty, true };
	detail_add_fields(d->doc, d->fields, &o);
	d->nitems = (int)d->fields->count;
}

static void rebuild(struct view *v, int width)
{
	struct detailview *d = dv(v);
	detail_free(d->doc);
	d->doc = detail_new();
	d->width = width;
	if (!d->id)
		return;
	if (!d->record) {
		detail_add_wrapped(d->doc, -1, "", DETAIL_VALUE, 0, d->error ? d->error : "Loading\xe2\x80\xa6",
				   d->error ? DETAIL_ERROR : DETAIL_PENDING, width);
		return;
	}
	detail_add_header(d->doc, json_member_str(d->record, "name"), d->entity, d->id, width);
	int64_t age = (int64_t)time(NULL) - d->fetched_at;
	if (d->fetched_at && age >= v->env->settings->show_age_after && age >= 60) {
		char *line = age < 3600 ? xasprintf("read %" PRId64 " min ago (R reads it again)", age / 60)
			: xasprintf("read %" PRId64 " h %" PRId64 " min ago (R reads it again)", age / 3600,
				    age % 3600 / 60);
		detail_add_span(detail_add_line(d->doc, -1), line, DETAIL_PENDING);
		free(line);
	}
	if (d->nhistory)
		detail_add_span(detail_add_line(d->doc, -1), "\xe2\x86\x90 back: h", DETAIL_EMPTY);
	detail_add_line(d->doc, -1);
	switch (d->mode) {
	case MODE_FIELDS: fields_lines(v, width); break;
	case MODE_RELATED: detail_related_lines(v, width); break;
	case MODE_ACTIVITIES: detail_timeline_lines(v, width); break;
	}
	if (d->selected >= d->nitems)
		d->selected = d->nitems ? d->nitems - 1 : 0;
}

/* ---- loading ------------------------------------------------------------ */

static void need_lookups(struct view *v)
{
	struct detailview *d = dv(v);
	struct lookups *lk = v->env->lookups;
	lookups_need_for_record(lk, d->entity);
	if (d->record)
		lookups_need_layout(lk, d->entity, record_pipeline(d->record));
}

/* Related records shown by id ("#123") get their names from what patina
 * has seen, or from one search by ids for all the missing ones (the list
 * asks for the names of its own records itself). */
static void ask_ref_names(struct view *v)
{
	struct detailview *d = dv(v);
	if (d->from_list)
		return;
	struct refnames_batch batch = {0};
	refnames_want_refs(v->env->refnames, &batch, d->entity, d->record);
	refnames_ask(v->env->refnames, &batch, v->env->sender, v->owner, v->generation,
		     PRIO_VISIBLE, TAG_NAMES);
}

static void clear_mode_data(struct detailview *d)
{
	detail_related_clear(d);
	detail_timeline_clear(d);
	d->link_after_related = false;
}

/* While a record is shown, the pane wakes once a minute after it turns
 * old, to say how old. */
static void watch_age(struct view *v)
{
	struct detailview *d = dv(v);
	if (!d->record || !d->fetched_at)
		return;
	int64_t age = (int64_t)time(NULL) - d->fetched_at, after = v->env->settings->show_age_after;
	if (after < 60)
		after = 60;
	view_set_timer(v, (age < after ? after - age : 60 - age % 60) * 1000);
}

static void load(struct view *v, enum entity e, int64_t id, const cJSON *record,
		 int64_t fetched_at)
{
	struct detailview *d = dv(v);
	view_new_generation(v);
	clear_mode_data(d);
	cJSON_Delete(d->record);
	d->record = record ? cJSON_Duplicate(record, true) : NULL;
	d->entity = e;
	d->id = id;
	d->mode = MODE_FIELDS;
	d->top = 0;
	d->selected = 0;
	free(d->error);
	d->error = NULL;
	d->loading = !record;
	d->from_list = record != NULL;
	d->fetched_at = record ? (fetched_at ? fetched_at : (int64_t)time(NULL)) : 0;
	/* a record the list holds costs nothing; one it does not is fetched,
	 * after a short pause so that scrolling fast does not spend requests */
	view_set_timer(v, record || !id ? -1 : FETCH_DEBOUNCE_MS);
	if (record) {
		ask_ref_names(v);
		watch_age(v);
	}
	need_lookups(v);
	detail_invalidate(v);
}

/* Fetches the shown record again (its fields stay until the answer). */
static void refetch(struct view *v)
{
	struct detailview *d = dv(v);
	if (!d->id)
		return;
	d->loading = true;
	view_submit(v, api_fetch(d->entity, d->id), PRIO_VISIBLE, TAG_RECORD);
}

/* A record was saved: the pane shows the server's answer if it is on it. */
static void record_saved(struct view *v, enum entity e, const cJSON *record)
{
	struct detailview *d = dv(v);
	if (d->entity != e || json_member_i64(record, "id") != d->id || !d->id)
		return;
	cJSON_Delete(d->record);
	d->record = cJSON_Duplicate(record, true);
	d->loading = false;
	d->fetched_at = (int64_t)time(NULL);
	watch_age(v);
	need_lookups(v);
	detail_invalidate(v);
}

/* Shows a record. record may be NULL: it is fetched. followed=true keeps
 * the current record in the history (for back); false starts afresh. */
static void show(struct view *v, enum entity e, int64_t id, const cJSON *record, bool followed,
		 int64_t fetched_at)
{
	struct detailview *d = dv(v);
	d->pinned = followed;
	if (followed && d->id) {
		d->history = xrealloc(d->history, (d->nhistory + 1) * sizeof(*d->history));
		d->history[d->nhistory++] = (struct place){ d->entity, d->id };
	} else if (!followed) {
		free(d->history);
		d->history = NULL;
		d->nhistory = 0;
	}
	if (!followed && d->id == id && d->entity == e && d->record && record)
		return;
	load(v, e, id, record, fetched_at);
}

/* Back to "No record selected." */
static void show_nothing(struct view *v)
{
	struct detailview *d = dv(v);
	view_new_generation(v);
	view_set_timer(v, -1);
	clear_mode_data(d);
	cJSON_Delete(d->record);
	d->record = NULL;
	d->id = 0;
	d->pinned = false;
	d->nhistory = 0;
	free(d->error);
	d->error = NULL;
	detail_invalidate(v);
}

/* A record is gone from Copper: the pane showing it goes back to where
 * the user came from, or shows nothing until the list shows its next
 * row; one in the related items is taken out of them. */
static void record_deleted(struct view *v, enum entity e, int64_t id)
{
	struct detailview *d = dv(v);
	for (size_t i = d->nhistory; i-- > 0;) {
		if (d->history[i].entity == e && d->history[i].id == id) {
			memmove(&d->history[i], &d->history[i + 1],
				(d->nhistory - i - 1) * sizeof(*d->history));
			d->nhistory--;
		}
	}
	if (d->entity == e && d->id == id) {
		if (d->nhistory) {
			struct place p = d->history[--d->nhistory];
			load(v, p.entity, p.id, NULL, 0);
		} else {
			show_nothing(v);
		}
		return;
	}
	if (d->mode == MODE_RELATED && related_remove(&d->related, e, id))
		detail_invalidate(v);
}

/* ---- moving ------------------------------------------------------------- */

/* The line range [first, last] an item occupies. */
static bool item_lines(struct detailview *d, int item, size_t *first, size_t *last)
{
	bool found = false;
	for (size_t i = 0; d->doc && i < d->doc->nlines; i++) {
		if (d->doc->lines[i].field != item)
			continue;
		if (!found)
			*first = i;
		*last = i;
		found = true;
	}
	return found;
}

static size_t line_count(const struct detailview *d)
{
	return d->doc ? d->doc->nlines : 0;
}

static int visible_item_after(struct detailview *d, int item, int dir)
{
	for (int i = item + dir; i >= 0 && i < d->nitems; i += dir) {
		size_t a, b;
		if (item_lines(d, i, &a, &b))
			return i;
	}
	return -1;
}

static void scroll_to_selected(struct view *v)
{
	struct detailview *d = dv(v);
	size_t first = 0, last = 0;
	if (!item_lines(d, d->selected, &first, &last))
		return;
	size_t height = (size_t)(v->rows > 0 ? v->rows : 1);
	if (first < d->top)
		d->top = first;
	else if (first >= d->top + height)
		d->top = first - height + 1;
}

static void move_selection(struct view *v, int dir)
{
	struct detailview *d = dv(v);
	size_t height = (size_t)(v->rows > 0 ? v->rows : 1);
	size_t first = 0, last = 0;
	bool has = item_lines(d, d->selected, &first, &last);
	/* a field taller than the pane scrolls through before moving on */
	if (has && dir > 0 && last >= d->top + height && first < d->top + height) {
		d->top++;
		return;
	}
	if (has && dir < 0 && first < d->top && last >= d->top) {
		d->top--;
		return;
	}
	int next = visible_item_after(d, has ? d->selected : -1, dir);
	if (next >= 0) {
		d->selected = next;
		scroll_to_selected(v);
	} else if (dir > 0 && d->top + height < line_count(d)) {
		d->top++;
	} else if (dir < 0 && d->top > 0) {
		d->top--;
	}
}

static void scroll_page(struct view *v, long delta)
{
	struct detailview *d = dv(v);
	size_t height = (size_t)(v->rows > 0 ? v->rows : 1), n = line_count(d);
	size_t max_top = n > height ? n - height : 0;
	if (delta < 0 && (size_t)-delta > d->top)
		d->top = 0;
	else
		d->top = d->top + (size_t)delta > max_top ? max_top : d->top + (size_t)delta;
	/* select the first item that starts on screen */
	for (size_t i = d->top; i < n && i < d->top + height; i++) {
		if (d->doc->lines[i].field >= 0) {
			d->selected = d->doc->lines[i].field;
			break;
		}
	}
}

/* ---- acting ------------------------------------------------------------- */

static char *selected_value(struct view *v, struct detailview *d)
{
	struct strbuf sb = {0};
	if (d->mode == MODE_FIELDS && d->fields && d->selected >= 0 &&
	    (size_t)d->selected < d->fields->count) {
		const struct field *f = &d->fields->fields[d->selected];
		for (size_t i = 0; i < f->nlines; i++)
			sb_printf(&sb, "%s%s", i ? "\n" : "", f->lines[i]);
	} else if (detail_related_selected(d)) {
		const struct related_item *it = detail_related_selected(d);
		const char *name = refnames_get(v->env->refnames, it->entity, it->id);
		sb_puts(&sb, name ? name : "");
	}
	if (!sb.len) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

static void follow_selected(struct view *v)
{
	struct detailview *d = dv(v);
	if (d->mode == MODE_RELATED) {
		const struct related_item *it = detail_related_selected(d);
		if (it)
			view_post(v, EV_FOLLOW, it->entity, it->id, NULL, true);
		return;
	}
	if (d->mode == MODE_FIELDS && d->fields && (size_t)d->selected < d->fields->count) {
		const struct field *f = &d->fields->fields[d->selected];
		if (f->ref_id)
			view_post(v, EV_FOLLOW, f->ref_entity, f->ref_id, NULL, true);
		else
			view_message(v, MSG_INFO, "%s is not a related record; r lists them", f->label);
	}
}

static void go_back(struct view *v)
{
	struct detailview *d = dv(v);
	if (d->mode != MODE_FIELDS) {
		d->mode = MODE_FIELDS;
		d->selected = 0;
		d->top = 0;
		detail_invalidate(v);
		return;
	}
	if (!d->nhistory) {
		view_message(v, MSG_INFO, "Nothing to go back to");
		return;
	}
	struct place p = d->history[--d->nhistory];
	load(v, p.entity, p.id, NULL, 0);
}

void detail_set_mode(struct view *v, enum detail_mode mode)
{
	struct detailview *d = dv(v);
	bool link_after = d->link_after_related && mode == MODE_RELATED;
	d->mode = mode;
	clear_mode_data(d);
	d->link_after_related = link_after;
	if (d->mode == MODE_RELATED)
		detail_related_start(v);
	else if (d->mode == MODE_ACTIVITIES)
		detail_timeline_start(v);
	d->selected = 0;
	d->top = 0;
	detail_invalidate(v);
}

/* Switches to mode, or back to the fields when it is shown already. */
static void toggle_mode(struct view *v, enum detail_mode mode)
{
	struct detailview *d = dv(v);
	if (!d->record)
		return;
	detail_set_mode(v, d->mode == mode ? MODE_FIELDS : mode);
}

static void address_action(struct view *v, enum action a)
{
	struct detailview *d = dv(v);
	int64_t account = view_account_id(v);
	if (!account) {
		view_message(v, MSG_WARNING, "The account is not known yet; try again in a moment");
		return;
	}
	char *url = entity_web_url(account, d->entity, d->id);
	const char *why;
	if (a == ACTION_COPY_URL) {
		term_copy(v->env->term, url);
		view_message(v, MSG_INFO, "Copied the record's address to the clipboard");
	} else if (!term_open_url(v->env->term, url, &why)) {
		view_message(v, MSG_ERROR, "%s; the address is %s", why, url);
	} else {
		view_message(v, MSG_INFO, "Opened %s", url);
	}
	free(url);
}

/* Logging an activity on the record shown (its name from the record, when
 * it is here). */
static void log_activity(struct view *v)
{
	struct detailview *d = dv(v);
	view_post(v, EV_LOG_ACTIVITY, d->entity, d->id, d->record, true);
}

/* The actions on the record, whatever the mode (the list asks for these
 * too, through EV_PANE_ACTION). */
static bool record_action(struct view *v, enum action a)
{
	struct detailview *d = dv(v);
	if (a == ACTION_CREATE) {
		view_post(v, EV_CREATE_RECORD, v->entity, 0, NULL, true);
		return true;
	}
	if (!d->id) {
		if (a == ACTION_LOG_ACTIVITY) {
			view_message(v, MSG_INFO, "No record here to log an activity on");
			return true;
		}
		return false;
	}
	long page = v->rows > 1 ? v->rows - 1 : 1;
	switch (a) {
	case ACTION_EDIT:
		if (!d->record)
			view_message(v, MSG_INFO, "The record is still loading; e edits it once it is here");
		else
			view_post(v, EV_EDIT_RECORD, d->entity, d->id, d->record, true);
		break;
	case ACTION_RELOAD:
		refetch(v);
		if (d->mode == MODE_RELATED && !d->related_loading) {
			detail_related_start(v);
			view_message(v, MSG_INFO, "Reading the record and its related items again");
		} else {
			view_message(v, MSG_INFO, "Reloading the record");
		}
		break;
	case ACTION_MOVE_DOWN: move_selection(v, 1); break;
	case ACTION_MOVE_UP: move_selection(v, -1); break;
	case ACTION_PAGE_DOWN: scroll_page(v, page); break;
	case ACTION_PAGE_UP: scroll_page(v, -page); break;
	case ACTION_HALF_PAGE_DOWN: scroll_page(v, page / 2); break;
	case ACTION_HALF_PAGE_UP: scroll_page(v, -page / 2); break;
	case ACTION_MOVE_FIRST: d->top = 0; d->selected = 0; break;
	case ACTION_MOVE_LAST: scroll_page(v, (long)line_count(d)); break;
	case ACTION_OPEN: follow_selected(v); break;
	case ACTION_BACK: go_back(v); break;
	case ACTION_TOGGLE_EMPTY:
		d->show_empty = !d->show_empty;
		view_message(v, MSG_INFO, d->show_empty ? "Showing empty fields" : "Hiding empty fields");
		detail_invalidate(v);
		break;
	case ACTION_RELATED: toggle_mode(v, MODE_RELATED); break;
	case ACTION_DELETE:
		if (d->mode == MODE_ACTIVITIES)
			return false;
		if (d->mode == MODE_RELATED)
			detail_unlink(v);
		else
			detail_delete(v);
		break;
	case ACTION_LINK_RECORD: detail_link(v); break;
	case ACTION_CONVERT_LEAD: detail_convert(v); break;
	case ACTION_ACTIVITIES: toggle_mode(v, MODE_ACTIVITIES); break;
	case ACTION_LOG_ACTIVITY: log_activity(v); break;
	case ACTION_FILTER_ACTIVITY_TYPE:
		view_message(v, MSG_INFO, "That filters the activity timeline: a shows it");
		break;
	case ACTION_COPY_VALUE: {
		char *value = selected_value(v, d);
		if (value) {
			term_copy(v->env->term, value);
			view_message(v, MSG_INFO, "Copied the value to the clipboard");
		} else {
			view_message(v, MSG_INFO, "Nothing to copy here");
		}
		free(value);
		break;
	}
	case ACTION_COPY_URL: case ACTION_OPEN_BROWSER:
		address_action(v, a);
		break;
	case ACTION_EDIT_TAGS:
		if (!d->record)
			view_message(v, MSG_INFO, "The record is still loading; T tags it once it is here");
		else
			tag_edit_open(&d->tags, v, &d->bulk, d->entity, &d->id,
				      (const cJSON *const *)&d->record, 1);
		break;
	case ACTION_UNDO:
		bulk_undo(v, &d->bulk);
		break;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

/* In the timeline, e, D, t and R act on its activities; moving near its
 * end loads more. */
static bool detail_action(struct view *v, enum action a)
{
	struct detailview *d = dv(v);
	bool timeline = d->mode == MODE_ACTIVITIES && d->id;
	if (timeline && detail_timeline_action(v, a)) {
		v->dirty = true;
		return true;
	}
	bool done = record_action(v, a);
	if (done && timeline && d->mode == MODE_ACTIVITIES)
		detail_timeline_scrolled(v);
	return done;
}

/* ---- the view ----------------------------------------------------------- */

static void detail_result(struct view *v, struct api_result *r)
{
	struct detailview *d = dv(v);
	bool learned;
	if (bulk_result(v, &d->bulk, r))
		return;
	if (detail_change_result(v, r)) {
		v->dirty = true;
		return;
	}
	if (r->tag == TAG_RECORD) {
		d->loading = false;
		free(d->error);
		d->error = NULL;
		if (r->error.kind != APIE_NONE) {
			d->error = xstrdup(r->error.message);
		} else if (!cJSON_IsObject(r->json)) {
			d->error = xstrdup("the server's answer was not a record");
		} else {
			cJSON_Delete(d->record);
			d->record = r->json;
			r->json = NULL;
			d->fetched_at = (int64_t)time(NULL);
			watch_age(v);
			refnames_learn(v->env->refnames, d->entity, d->record);
			ask_ref_names(v);
			need_lookups(v);
		}
	} else if (r->tag >= TAG_ACTIVITIES) {
		detail_timeline_take(v, r);
	} else if (r->tag == TAG_RELATED) {
		detail_related_take(v, r);
	} else if (refnames_on_result(v->env->refnames, r, TAG_NAMES, &learned)) {
		if (learned)
			view_post(v, EV_NAMES_LEARNED, d->entity, 0, NULL, false);
		if (d->mode == MODE_RELATED)
			detail_related_ask_names(v); /* past the first 200 of a kind */
	}
	detail_invalidate(v);
}

static void detail_timer(struct view *v)
{
	struct detailview *d = dv(v);
	if (d->id && !d->record && d->loading) {
		view_submit(v, api_fetch(d->entity, d->id), PRIO_VISIBLE, TAG_RECORD);
	} else if (d->record) {
		detail_invalidate(v); /* the age line */
		watch_age(v);
	}
}

static void detail_draw(struct view *v, WINDOW *w, bool focused)
{
	struct detailview *d = dv(v);
	if (!d->id) {
		wattrset(w, theme_attr(AREA_EMPTY));
		mvwaddstr(w, 0, 1, "No record selected.");
		return;
	}
	if (d->width != v->cols)
		rebuild(v, v->cols);
	size_t height = (size_t)v->rows, n = line_count(d);
	/* the pane may have grown: the first line shown still fills it */
	if (d->top + height > n)
		d->top = n > height ? n - height : 0;
	/* the end of the timeline in sight: its next page */
	if (d->mode == MODE_ACTIVITIES)
		detail_timeline_scrolled(v);
	for (size_t y = 0; y < height && d->top + y < n; y++) {
		const struct detail_line *l = &d->doc->lines[d->top + y];
		bool sel = focused && l->field >= 0 && l->field == d->selected;
		wmove(w, (int)y, 0);
		int x = 0;
		for (size_t k = 0; k < l->nspans && x < v->cols; k++) {
			attr_t at = paint_detail_attr(l->spans[k].style);
			/* the selection: a field's label, or a related record or activity */
			if (sel && ((k == 0 && d->mode == MODE_FIELDS) || (k > 0 && d->mode != MODE_FIELDS)))
				at = theme_attr(AREA_CURSOR);
			wattrset(w, at);
			x += paint_text(w, l->spans[k].text, v->cols - x);
		}
	}
	/* more below: a marker in the last column */
	if (d->top + height < n && v->cols > 0) {
		wattrset(w, theme_attr(AREA_BORDER));
		mvwaddstr(w, v->rows - 1, v->cols - 1, "\xe2\x86\x93");
	}
}

static void detail_event(struct view *v, const struct ui_event *ev)
{
	struct detailview *d = dv(v);
	switch (ev->type) {
	case EV_SHOW_RECORD:
		/* a page arriving does not replace a record the user followed */
		if (!ev->by_user && d->pinned)
			break;
		if (!ev->id)
			show_nothing(v);
		else
			show(v, ev->entity, ev->id, ev->record, false, ev->fetched_at);
		break;
	case EV_FOLLOW: case EV_OPEN_RECORD:
		show(v, ev->entity, ev->id, ev->record, true, ev->fetched_at);
		break;
	case EV_RECORD_SAVED:
		record_saved(v, ev->entity, ev->record);
		break;
	case EV_REFRESH_RECORD:
		if (ev->entity == d->entity && ev->id == d->id)
			refetch(v);
		break;
	case EV_PANE_ACTION:
		record_action(v, (enum action)ev->id);
		break;
	case EV_ACTIVITY_SAVED: case EV_ACTIVITY_DELETED:
		if (ev->entity == d->entity && ev->id == d->id && d->id) {
			if (ev->type == EV_ACTIVITY_SAVED)
				detail_timeline_saved(v, ev->record);
			else
				detail_timeline_deleted(v, ev->record);
		}
		break;
	case EV_NAMES_LEARNED: case EV_LOOKUPS_CHANGED:
		if (d->record)
			detail_invalidate(v);
		break;
	case EV_RECORD_DELETED:
		record_deleted(v, ev->entity, ev->id);
		break;
	case EV_RELATIONS_CHANGED:
		if (ev->entity == d->entity && ev->id == d->id && d->mode == MODE_RELATED)
			detail_related_start(v);
		break;
	case EV_LINK_CHOSEN:
		detail_link_chosen(v, ev);
		break;
	case EV_SOURCE_CHANGED:
		if (d->id)
			refetch(v);
		break;
	default:
		break;
	}
}

/* A tag change shows at once, and goes back if it fails. */
static void show_tagged(struct view *v, const struct batch_op *op, const cJSON *record,
			enum bulk_show how)
{
	(void)how;
	if (record)
		record_saved(v, op->entity, record);
}

static const struct bulk_hooks detail_bulk_hooks = { .show = show_tagged };

static void *detail_create(struct view *v, enum entity e)
{
	struct detailview *d = xcalloc(1, sizeof(*d));
	(void)v;
	d->entity = e;
	d->width = -1;
	bulk_init(&d->bulk, &detail_bulk_hooks);
	return d;
}

static void detail_close(struct view *v)
{
	struct detailview *d = dv(v);
	detail_free(d->doc);
	fields_free(d->fields);
	clear_mode_data(d);
	delete_clear(&d->deletion);
	relate_clear(&d->relate);
	free(d->ask.name);
	cJSON_Delete(d->record);
	free(d->history);
	free(d->error);
	bulk_free(&d->bulk);
	tag_edit_clear(&d->tags);
	free(d);
}

const struct view_ops detail_view = {
	.name = "detail",
	.help_title = "In the detail pane",
	.place = VIEW_DETAIL,
	.create = detail_create,
	.draw = detail_draw,
	.action = detail_action,
	.result = detail_result,
	.timer = detail_timer,
	.event = detail_event,
	.close = detail_close,
};
