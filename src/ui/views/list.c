/*
 * list.c - one entity's list: paginated search, columns, sort, search as
 * you type, filters.
 *
 * Rows live in a rowstore (compact); the full records of the pages nearest
 * the cursor are kept so the detail pane never refetches what the list
 * already holds. Pages are fetched as they come into view and the next one
 * just before the user reaches it; a jump fetches only the page it lands
 * on. Names of the records a page refers to (primary contacts, related
 * records) are asked for in one search per entity (copper/refnames.h).
 */
#include "config.h"

#include "model/columns.h"
#include "model/filter.h"
#include "model/quicksearch.h"
#include "model/rows.h"
#include "ui/mirror_link.h"
#include "ui/paint.h"
#include "ui/views/list_internal.h"
#include "ui/views/views.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define PREFETCH_ROWS 60      /* fetch the next page this close to its start */
#define TAG_NAMES (-100)      /* job tags: pages are >= 1, name searches below 0 */

/* ---- loading ------------------------------------------------------------ */

/* What a search sends besides the filter: the text typed as a name, an
 * email or a phone, as the API allows the entity (model/quicksearch.h);
 * *way says how it is to be sent.  For a way other than QUICK_SEARCH the
 * body carries the text as a name, which the mirror understands. */
static cJSON *search_body_as(struct listview *l, enum quick_way *way)
{
	cJSON *body = l->filter ? cJSON_Duplicate(l->filter, true) : cJSON_CreateObject();
	*way = QUICK_SEARCH;
	if (l->search && *l->search) {
		cJSON *criteria, *c;
		*way = quick_search(l->entity, l->search, &criteria);
		if (*way != QUICK_SEARCH) {
			criteria = cJSON_CreateObject();
			cJSON_AddStringToObject(criteria, "name", l->search);
		}
		cJSON_ArrayForEach(c, criteria) {
			cJSON_DeleteItemFromObjectCaseSensitive(body, c->string);
			cJSON_AddItemToObject(body, c->string, cJSON_Duplicate(c, true));
		}
		cJSON_Delete(criteria);
	}
	if (l->entity == ENT_LEADS && l->with_converted) {
		cJSON_DeleteItemFromObjectCaseSensitive(body, "include_converted_leads");
		cJSON_AddBoolToObject(body, "include_converted_leads", true);
	}
	return body;
}

cJSON *list_search_body(struct listview *l)
{
	enum quick_way way;
	cJSON *body = search_body_as(l, &way);
	if (way == QUICK_SEARCH)
		return body;
	cJSON_Delete(body);
	return NULL;
}

/* A search the server cannot make (tasks by name) goes to the mirror. */
static bool submit_to_mirror(struct view *v, struct api_request *req, enum api_priority prio,
			     int64_t tag)
{
	struct mirror_link *m = v->env->mirror;
	if (!mirror_link_ready(m)) {
		api_request_free(req);
		view_message(v, MSG_ERROR, "Copper cannot search %s by name (the API has no such "
			     "filter), and the mirror, which can, is %s", entity_plural(lv(v)->entity),
			     m ? "not open yet" : "off (set mirror = 1)");
		return false;
	}
	if (!mirror_link_entity_complete(m, lv(v)->entity))
		view_message(v, MSG_WARNING, "%s are searched by name in the mirror, which does not "
			     "hold them all yet", entity_plural(lv(v)->entity));
	struct api_sender local = mirror_link_local_sender(m);
	local.submit(local.ctx, req, v->owner, v->generation, prio, tag);
	return true;
}

/* force: read it again when it is loaded but a row short (a record
 * before it was deleted). */
static void request_page_as(struct view *v, int page, enum api_priority prio, bool force)
{
	struct listview *l = lv(v);
	if (page < 1)
		return;
	if ((size_t)page > l->nrequested) {
		size_t n = (size_t)page + 16;
		l->requested = xrealloc(l->requested, n);
		memset(l->requested + l->nrequested, 0, n - l->nrequested);
		l->nrequested = n;
	}
	if (l->requested[page - 1] ||
	    (rowstore_page_loaded(&l->rows, page) && !(force && rowstore_page_short(&l->rows, page))))
		return;
	if (l->rows.total >= 0 && page > rowstore_page_count(&l->rows))
		return;
	enum quick_way way;
	cJSON *body = search_body_as(l, &way);
	const char *sort = l->sort >= 0 ? l->cols[l->sort].sort_by : NULL;
	l->requested[page - 1] = 1;
	if (way == QUICK_BY_EMAIL) /* a person by email: one record, or none */
		view_submit(v, api_fetch_person_by_email(l->search), prio, page);
	else if (way == QUICK_UNSEARCHABLE && !mirror_link_offline(v->env->mirror))
		l->requested[page - 1] = submit_to_mirror(v, api_search(l->entity, body, page,
			LIST_PAGE_SIZE, sort, l->descending), prio, page);
	else
		view_submit(v, api_search(l->entity, body, page, LIST_PAGE_SIZE, sort, l->descending),
			    prio, page);
	cJSON_Delete(body);
}

void list_request_page(struct view *v, int page, enum api_priority prio)
{
	request_page_as(v, page, prio, false);
}

/* Forgets everything loaded and starts the list again from page 1; a
 * reload keeps the cursor where it was (a new search starts at the top). */
void list_reload(struct view *v, bool keep_cursor)
{
	struct listview *l = lv(v);
	view_new_generation(v);
	rowstore_reset(&l->rows);
	free(l->requested);
	l->requested = NULL;
	l->nrequested = 0;
	for (int i = 0; i < KEPT_PAGES; i++) {
		cJSON_Delete(l->kept[i].records);
		l->kept[i] = (struct kept_page){0};
	}
	free(l->error);
	l->error = NULL;
	/* a selection waiting for pages waits no more: they are gone */
	l->wait = WAIT_NONE;
	if (!keep_cursor) {
		l->cursor = l->top = 0;
		/* until the new rows arrive, the pane shows nothing of the old
		 * (a first start had none: a record opened in the pane meanwhile,
		 * a conversion's new person, stays) */
		if (l->started)
			view_post(v, EV_SHOW_RECORD, l->entity, 0, NULL, true);
	}
	l->first_loaded = false;
	l->started = true;
	l->shown_id = 0;
	list_request_page(v, 1, PRIO_VISIBLE);
	v->dirty = true;
}

/* A new search or order: the selection starts again with it. */
void list_restart(struct view *v)
{
	list_select_clear(v);
	list_reload(v, false);
}

/* Pages the visible rows need, and the next one when the cursor nears it. */
void list_ensure_pages(struct view *v)
{
	struct listview *l = lv(v);
	if (!l->first_loaded)
		return;
	size_t count = rowstore_count(&l->rows);
	if (!count)
		return;
	int height = v->rows > 1 ? v->rows - 1 : 1;
	size_t last = l->top + (size_t)height;
	if (last > count)
		last = count;
	for (size_t i = l->top; i < last; i += LIST_PAGE_SIZE)
		list_request_page(v, rowstore_page_of(&l->rows, i), PRIO_VISIBLE);
	if (last > 0)
		list_request_page(v, rowstore_page_of(&l->rows, last - 1), PRIO_VISIBLE);
	/* a row on screen missing from a page a deletion left short */
	for (size_t i = l->top; i < last; i++)
		if (!rowstore_get(&l->rows, i))
			request_page_as(v, rowstore_page_of(&l->rows, i), PRIO_VISIBLE, true);
	size_t ahead = l->cursor + PREFETCH_ROWS;
	if (ahead < count)
		list_request_page(v, rowstore_page_of(&l->rows, ahead), PRIO_PREFETCH);
	if (l->cursor >= PREFETCH_ROWS)
		list_request_page(v, rowstore_page_of(&l->rows, l->cursor - PREFETCH_ROWS), PRIO_PREFETCH);
}

static struct kept_page *kept_page_of(struct listview *l, size_t index)
{
	int page = rowstore_page_of(&l->rows, index);
	for (int i = 0; i < KEPT_PAGES; i++) {
		if (l->kept[i].page == page) {
			l->kept[i].used = ++l->use_clock;
			return &l->kept[i];
		}
	}
	return NULL;
}

const cJSON *list_kept_record(struct listview *l, size_t index)
{
	struct kept_page *k = kept_page_of(l, index);
	return k ? cJSON_GetArrayItem(k->records, (int)(index % LIST_PAGE_SIZE)) : NULL;
}

/* Tells the detail pane about the row at index: its record, if kept, and
 * when it was read. */
static void post_row(struct view *v, size_t index, int64_t id, bool by_user)
{
	struct listview *l = lv(v);
	struct kept_page *k = kept_page_of(l, index);
	view_post_event(v, &(struct ui_event){ EV_SHOW_RECORD, l->entity, id,
		k ? cJSON_GetArrayItem(k->records, (int)(index % LIST_PAGE_SIZE)) : NULL,
		by_user, v, k ? k->fetched_at : 0 });
}

static void keep_page(struct listview *l, int page, cJSON *records)
{
	int slot = 0;
	for (int i = 0; i < KEPT_PAGES; i++) {
		if (l->kept[i].page == page || !l->kept[i].page) {
			slot = i;
			break;
		}
		if (l->kept[i].used < l->kept[slot].used)
			slot = i;
	}
	cJSON_Delete(l->kept[slot].records);
	l->kept[slot] = (struct kept_page){ page, records, ++l->use_clock, (int64_t)time(NULL) };
}

/* Tells the detail pane which record the cursor is on. */
static void show_current(struct view *v, bool by_user)
{
	struct listview *l = lv(v);
	const struct row *row = rowstore_get(&l->rows, l->cursor);
	if (!row) {
		l->shown_id = 0;
		return;
	}
	const cJSON *rec = list_kept_record(l, l->cursor);
	if (row->id == l->shown_id && (l->shown_loaded || !rec))
		return;
	l->shown_id = row->id;
	l->shown_loaded = rec != NULL;
	post_row(v, l->cursor, row->id, by_user);
}

/* The records a page refers to by id only (an opportunity's primary
 * contact, the related record of a task or project): one search by ids
 * per entity learns all their names before anyone opens a detail. */
static void ask_referenced_names(struct view *v, const cJSON *records)
{
	struct refnames_batch batch = {0};
	refnames_want_refs(v->env->refnames, &batch, lv(v)->entity, records);
	refnames_ask(v->env->refnames, &batch, v->env->sender, v->owner, v->generation,
		     PRIO_PREFETCH, TAG_NAMES);
}

static void take_page(struct view *v, struct api_result *r)
{
	struct listview *l = lv(v);
	bool learned;
	if (refnames_on_result(v->env->refnames, r, TAG_NAMES, &learned)) {
		if (learned)
			view_post(v, EV_NAMES_LEARNED, l->entity, 0, NULL, false);
		return;
	}
	int page = (int)r->tag;
	if ((size_t)page <= l->nrequested)
		l->requested[page - 1] = 0;
	if (r->kind == API_RECORD && page == 1) {
		/* a person by email: one record, or none (404) */
		cJSON *one = cJSON_CreateArray();
		if (r->error.kind == APIE_NONE && cJSON_IsObject(r->json)) {
			cJSON_AddItemToArray(one, r->json);
			r->json = NULL;
		}
		if (r->error.kind == APIE_NONE || r->error.kind == APIE_NOT_FOUND) {
			api_error_clear(&r->error);
			cJSON_Delete(r->json);
			r->json = one;
			r->total = cJSON_GetArraySize(one);
		} else {
			cJSON_Delete(one);
		}
	}
	if (r->error.kind != APIE_NONE) {
		free(l->error);
		l->error = xstrdup(r->error.message);
		view_message(v, MSG_ERROR, "%s", r->error.message);
		v->dirty = true;
		return;
	}
	if (!cJSON_IsArray(r->json)) {
		view_message(v, MSG_ERROR, "the server's search answer was not a list");
		return;
	}
	if (r->total >= 0) {
		bool was_capped = rowstore_capped(&l->rows);
		rowstore_set_total(&l->rows, r->total);
		if (rowstore_capped(&l->rows) && !was_capped) {
			char *total = str_thousands(r->total);
			view_message(v, MSG_WARNING, "%s match; Copper shows only the first 100,000: "
				     "narrow the list with / (search) or f (filter)", total);
			free(total);
		}
	} else if (!l->first_loaded) {
		/* no X-PW-TOTAL: trust what came back */
		rowstore_set_total(&l->rows, cJSON_GetArraySize(r->json) +
				   (int64_t)(page - 1) * LIST_PAGE_SIZE);
	}
	refnames_learn(v->env->refnames, l->entity, r->json);
	ask_referenced_names(v, r->json);
	int n = cJSON_GetArraySize(r->json);
	struct row **rows = xcalloc((size_t)(n ? n : 1), sizeof(*rows));
	char **cells = xcalloc(l->ncols, sizeof(*cells));
	int kept = 0;
	const cJSON *rec;
	cJSON_ArrayForEach(rec, r->json) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
		for (size_t c = 0; c < l->ncols; c++)
			cells[c] = l->cols[c].extract(rec);
		rows[kept++] = row_new(cJSON_IsNumber(id) ? json_i64(id) : 0,
				       (unsigned)l->ncols, (const char *const *)cells);
		for (size_t c = 0; c < l->ncols; c++)
			free(cells[c]);
	}
	free(cells);
	rowstore_put_page(&l->rows, page, rows, kept);
	keep_page(l, page, r->json);
	r->json = NULL;
	l->first_loaded = true;
	if (l->cursor >= rowstore_count(&l->rows) && rowstore_count(&l->rows))
		l->cursor = rowstore_count(&l->rows) - 1;
	list_ensure_pages(v);
	if (rowstore_page_of(&l->rows, l->cursor) == page)
		show_current(v, false);
	list_select_page_arrived(v);
	v->dirty = true;
}

/* ---- moving ------------------------------------------------------------- */

void list_move_to(struct view *v, size_t index)
{
	struct listview *l = lv(v);
	size_t count = rowstore_count(&l->rows);
	if (!count)
		return;
	if (index >= count)
		index = count - 1;
	l->cursor = index;
	int height = v->rows > 1 ? v->rows - 1 : 1;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + (size_t)height)
		l->top = l->cursor - (size_t)height + 1;
	list_ensure_pages(v);
	show_current(v, true);
	v->dirty = true;
}

static void move_by(struct view *v, long delta)
{
	struct listview *l = lv(v);
	if (delta < 0 && (size_t)-delta > l->cursor)
		list_move_to(v, 0);
	else
		list_move_to(v, l->cursor + (size_t)delta);
}

/* ---- the view ----------------------------------------------------------- */

/* Keys that act on a record act on the row under the cursor: the detail
 * pane shows it (if it showed a record followed from elsewhere, it comes
 * back to the row) and performs the action. */
static void act_on_row(struct view *v, enum action a)
{
	struct listview *l = lv(v);
	const struct row *row = rowstore_get(&l->rows, l->cursor);
	if (!row) {
		view_message(v, MSG_INFO, "No record here");
		return;
	}
	l->shown_id = row->id;
	l->shown_loaded = list_kept_record(l, l->cursor) != NULL;
	post_row(v, l->cursor, row->id, true);
	if (a == ACTION_RELATED || a == ACTION_ACTIVITIES)
		view_post(v, EV_FOCUS_DETAIL, l->entity, 0, NULL, true);
	view_post(v, EV_PANE_ACTION, l->entity, a, NULL, true);
}

static bool list_action(struct view *v, enum action a)
{
	struct listview *l = lv(v);
	int page = v->rows > 2 ? v->rows - 2 : 1;
	switch (a) {
	case ACTION_MOVE_DOWN: move_by(v, 1); break;
	case ACTION_MOVE_UP: move_by(v, -1); break;
	case ACTION_PAGE_DOWN: move_by(v, page); break;
	case ACTION_PAGE_UP: move_by(v, -page); break;
	case ACTION_HALF_PAGE_DOWN: move_by(v, page / 2 ? page / 2 : 1); break;
	case ACTION_HALF_PAGE_UP: move_by(v, -(page / 2 ? page / 2 : 1)); break;
	case ACTION_MOVE_FIRST: list_move_to(v, 0); break;
	case ACTION_MOVE_LAST:
		if (rowstore_count(&l->rows))
			list_move_to(v, rowstore_count(&l->rows) - 1);
		break;
	case ACTION_RELOAD: {
		/* the record in the pane is re-read too, not only the rows */
		const struct row *row = rowstore_get(&l->rows, l->cursor);
		if (row)
			view_post(v, EV_REFRESH_RECORD, l->entity, row->id, NULL, true);
		list_reload(v, true);
		view_message(v, MSG_INFO, "Reloading");
		break;
	}
	case ACTION_OPEN:
		if (rowstore_get(&l->rows, l->cursor))
			view_post(v, EV_FOCUS_DETAIL, l->entity, 0, NULL, true);
		break;
	case ACTION_CREATE:
		view_post(v, EV_CREATE_RECORD, l->entity, 0, NULL, true);
		break;
	case ACTION_EDIT: case ACTION_RELATED: case ACTION_ACTIVITIES: case ACTION_COPY_VALUE:
	case ACTION_COPY_URL: case ACTION_OPEN_BROWSER: case ACTION_LOG_ACTIVITY:
	case ACTION_DELETE:
		act_on_row(v, a);
		break;
	case ACTION_COLUMNS:
		list_columns_ask(v);
		break;
	case ACTION_CONVERT_LEAD:
		if (l->entity != ENT_LEADS)
			view_message(v, MSG_INFO, "Only a lead converts; these are %s (3 lists the leads)",
				     entity_plural(l->entity));
		else
			act_on_row(v, a);
		break;
	case ACTION_TOGGLE_CONVERTED:
		if (l->entity != ENT_LEADS) {
			view_message(v, MSG_INFO, "Only leads are converted; 3 lists them");
			break;
		}
		l->with_converted = !l->with_converted;
		list_restart(v);
		view_message(v, MSG_INFO, l->with_converted ? "Listing converted leads too"
			     : "Converted leads left out");
		break;
	default:
		return list_query_action(v, a) || list_select_action(v, a);
	}
	return true;
}

/* A click puts the cursor on the row; a double click opens it. */
static bool list_mouse(struct view *v, const struct mouse_event *ev)
{
	struct listview *l = lv(v);
	if (ev->kind != MOUSE_PRESS || ev->y < 1)
		return false;
	size_t index = l->top + (size_t)(ev->y - 1);
	if (index >= rowstore_count(&l->rows))
		return true;
	list_move_to(v, index);
	if (ev->clicks == 2)
		list_action(v, ACTION_OPEN);
	return true;
}

static void list_result(struct view *v, struct api_result *r)
{
	if (bulk_result(v, &lv(v)->bulk, r) || list_export_result(v, r))
		return;
	take_page(v, r);
}

static void list_close(struct view *v)
{
	struct listview *l = lv(v);
	rowstore_free(&l->rows);
	free(l->requested);
	for (int i = 0; i < KEPT_PAGES; i++)
		cJSON_Delete(l->kept[i].records);
	free(l->error);
	free(l->search);
	free(l->pending_search);
	free(l->search_before);
	free(l->filter_text);
	cJSON_Delete(l->filter);
	bulk_free(&l->bulk);
	tag_edit_clear(&l->tags);
	list_select_free(l);
	list_export_free(v);
	free(l->bulk_field);
	free(l);
}

static void *list_create(struct view *v, enum entity e)
{
	struct listview *l = xcalloc(1, sizeof(*l));
	(void)v;
	l->entity = e;
	l->cols = columns_for(e, &l->ncols);
	l->sort = -1;
	rowstore_init(&l->rows, LIST_PAGE_SIZE);
	bulk_init(&l->bulk, &list_bulk_hooks);
	return l;
}

/* A record of this list was saved: its row and kept copy become the
 * server's answer. */
void list_record_saved(struct view *v, const cJSON *record)
{
	struct listview *l = lv(v);
	const cJSON *jid = cJSON_GetObjectItemCaseSensitive(record, "id");
	if (!cJSON_IsNumber(jid))
		return;
	int64_t id = json_i64(jid);
	for (int k = 0; k < KEPT_PAGES; k++) {
		if (!l->kept[k].page)
			continue;
		int n = cJSON_GetArraySize(l->kept[k].records);
		for (int i = 0; i < n; i++) {
			const cJSON *rec = cJSON_GetArrayItem(l->kept[k].records, i);
			const cJSON *rid = cJSON_GetObjectItemCaseSensitive(rec, "id");
			if (!cJSON_IsNumber(rid) || json_i64(rid) != id)
				continue;
			cJSON_ReplaceItemInArray(l->kept[k].records, i, cJSON_Duplicate(record, true));
			/* the compact row too */
			size_t index = (size_t)(l->kept[k].page - 1) * LIST_PAGE_SIZE + (size_t)i;
			const struct row *old = rowstore_get(&l->rows, index);
			if (old && old->id == id) {
				char **cells = xcalloc(l->ncols, sizeof(*cells));
				for (size_t c = 0; c < l->ncols; c++)
					cells[c] = l->cols[c].extract(record);
				rowstore_replace(&l->rows, index,
						 row_new(id, (unsigned)l->ncols, (const char *const *)cells));
				for (size_t c = 0; c < l->ncols; c++)
					free(cells[c]);
				free(cells);
			}
			v->dirty = true;
		}
	}
}

/* A record is gone from Copper: its row goes, and its full record, and
 * the count follows, with no request (Copper's search may still list it
 * for a while). A converted lead stays when converted leads are listed:
 * the list is read again to show it so. */
static void record_deleted(struct view *v, int64_t id)
{
	struct listview *l = lv(v);
	if (l->entity == ENT_LEADS && l->with_converted) {
		list_reload(v, true);
		return;
	}
	size_t index;
	if (!rowstore_remove(&l->rows, id, &index)) {
		bool all_loaded = true;
		for (int p = 1; p <= rowstore_page_count(&l->rows); p++)
			all_loaded = all_loaded && rowstore_page_loaded(&l->rows, p);
		/* not in this list at all, or in a page not read: then where
		 * the pages after it start is not known, and the list is read
		 * again */
		if (l->started && l->first_loaded && !all_loaded)
			list_reload(v, true);
		return;
	}
	int page = rowstore_page_of(&l->rows, index);
	struct kept_page *from = NULL;
	for (int p = page; ; p++) {
		struct kept_page *k = NULL;
		for (int i = 0; i < KEPT_PAGES; i++)
			if (l->kept[i].page == p)
				k = &l->kept[i];
		if (!k)
			break;
		if (p == page) {
			cJSON_DeleteItemFromArray(k->records, (int)(index % LIST_PAGE_SIZE));
		} else {
			/* the next kept page's first record moves up to this one */
			cJSON *first = cJSON_DetachItemFromArray(k->records, 0);
			if (from && first)
				cJSON_AddItemToArray(from->records, first);
			else
				cJSON_Delete(first);
		}
		from = k;
	}
	/* kept pages past a gap are out of step: forget them */
	for (int i = 0; i < KEPT_PAGES; i++) {
		if (l->kept[i].page > page && !rowstore_page_loaded(&l->rows, l->kept[i].page)) {
			cJSON_Delete(l->kept[i].records);
			l->kept[i] = (struct kept_page){0};
		}
	}
	size_t count = rowstore_count(&l->rows);
	if (l->cursor >= count && count)
		l->cursor = count - 1;
	if (l->top > l->cursor)
		l->top = l->cursor;
	l->shown_id = 0;
	list_ensure_pages(v);
	show_current(v, false);
	v->dirty = true;
}

/* The tab became visible: load the first page if nothing is loaded yet,
 * and show the row under the cursor in the detail pane. */
static void activate(struct view *v)
{
	struct listview *l = lv(v);
	struct lookups *lk = v->env->lookups;
	/* the list first: it is what the user is waiting for */
	if (!l->started)
		list_restart(v);
	/* then what its columns resolve */
	lookups_need(lk, LOOKUP_USERS);
	if (l->entity == ENT_OPPORTUNITIES)
		lookups_need(lk, LOOKUP_PIPELINES);
	if (l->entity == ENT_COMPANIES)
		lookups_need(lk, LOOKUP_CONTACT_TYPES);
	if (l->entity == ENT_LEADS) {
		lookups_need(lk, LOOKUP_LEAD_STATUSES);
		lookups_need(lk, LOOKUP_CUSTOMER_SOURCES);
	}
	l->shown_id = 0;
	show_current(v, false);
	v->dirty = true;
}

static void list_event(struct view *v, const struct ui_event *ev)
{
	struct listview *l = lv(v);
	switch (ev->type) {
	case EV_TAB_SHOWN:
		activate(v);
		break;
	case EV_RECORD_SAVED:
		if (ev->entity == l->entity)
			list_record_saved(v, ev->record);
		break;
	case EV_RECORD_CREATED:
		/* the new record is counted and found where it belongs */
		if (ev->entity == l->entity && l->started)
			list_reload(v, true);
		break;
	case EV_RECORD_DELETED:
		if (ev->entity == l->entity)
			record_deleted(v, ev->id);
		break;
	case EV_NAMES_LEARNED: case EV_LOOKUPS_CHANGED:
		v->dirty = true;
		break;
	case EV_SHOW_FILTERED:
		if (ev->entity == l->entity && cJSON_IsString(ev->record)) {
			/* what is shown is the filter's records, not a search's */
			free(l->search);
			l->search = NULL;
			list_need_filter_lookups(v);
			list_apply_filter(v, ev->record->valuestring);
		}
		break;
	case EV_SOURCE_CHANGED:
		if (l->started)
			list_reload(v, true);
		break;
	default:
		break;
	}
}

const struct view_ops list_view = {
	.name = "list",
	.help_title = "In the list",
	.place = VIEW_LIST,
	.create = list_create,
	.draw = list_draw,
	.action = list_action,
	.result = list_result,
	.timer = list_query_timer,
	.event = list_event,
	.describe = list_describe,
	.mouse = list_mouse,
	.close = list_close,
};
