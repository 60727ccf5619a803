/*
 * finder.c - the finder: one search over every record (see
 * finder_internal.h).
 */
#include "config.h"

#include "mirror/store.h"
#include "model/quicksearch.h"
#include "ui/mirror_link.h"
#include "ui/views/finder_internal.h"
#include "ui/views/views.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SERVER_DEBOUNCE_MS 400
#define SERVER_PAGE 20

/* ---- owners ------------------------------------------------------------------- */

/* owner:me, owner:jane, owner:"Jane Smith": the user whose whole name is
 * that, else the one whose name has a word starting with it. */
static bool resolve_owner(void *ctx, const char *name, int64_t *id, char **error)
{
	struct view *v = ctx;
	if (!strcasecmp(name, "me")) {
		*id = view_me_id(v);
		if (*id)
			return true;
		*error = xstrdup("owner:me: who you are is not known yet");
		return false;
	}
	const cJSON *users = lookups_get(v->env->lookups, LOOKUP_USERS);
	if (!users) {
		lookups_need(v->env->lookups, LOOKUP_USERS);
		*error = xstrdup("owner: the users are not loaded yet");
		return false;
	}
	const cJSON *u, *found = NULL;
	int matches = 0;
	size_t len = strlen(name);
	cJSON_ArrayForEach(u, users) {
		const char *n = json_member_str(u, "name");
		if (!n)
			continue;
		if (!strcasecmp(n, name)) {
			found = u;
			matches = 1;
			break;
		}
		for (const char *w = n; *w; w++) {
			if ((w == n || w[-1] == ' ') && !strncasecmp(w, name, len)) {
				found = u;
				matches++;
				break;
			}
		}
	}
	if (matches == 1) {
		*id = json_member_i64(found, "id");
		return true;
	}
	*error = xasprintf(matches ? "owner:%s: %d users match; type more of the name"
			   : "owner:%s: no user has that name", name, matches);
	return false;
}

/* ---- what is shown ---------------------------------------------------------- */

static void clear_remote(struct finder *f)
{
	for (int e = 0; e < ENT_COUNT; e++) {
		cJSON_Delete(f->remote[e]);
		f->remote[e] = NULL;
	}
	f->asked = f->answered = 0;
}

static bool listed(const struct finder *f, enum entity e, int64_t id)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->items[i].entity == e && f->items[i].id == id)
			return true;
	return false;
}

static void add_item(struct finder *f, enum entity e, int64_t id, struct query_hit *hit,
		     size_t index, cJSON *record)
{
	if (id <= 0 || listed(f, e, id))
		return;
	f->items = xrealloc(f->items, (f->count + 1) * sizeof(*f->items));
	f->items[f->count++] = (struct finder_item){ e, id, hit, index, record };
}

/* The mirror's results, then what the server found that it lacks. */
static void rebuild(struct view *v)
{
	struct finder *f = fv(v);
	int64_t focused_id = f->cursor < f->count ? f->items[f->cursor].id : 0;
	free(f->items);
	f->items = NULL;
	f->count = 0;
	for (size_t i = 0; i < f->local.count; i++)
		add_item(f, f->local.hits[i].entity, f->local.hits[i].id, &f->local.hits[i], i, NULL);
	for (int e = 0; e < ENT_COUNT; e++) {
		const cJSON *rec;
		cJSON_ArrayForEach(rec, json_array(f->remote[e]))
			add_item(f, (enum entity)e, json_member_i64(rec, "id"), NULL, 0, (cJSON *)rec);
	}
	/* the focus stays on its record when the server's answers arrive */
	f->cursor = 0;
	for (size_t i = 0; focused_id && i < f->count; i++)
		if (f->items[i].id == focused_id)
			f->cursor = i;
	if (f->top > f->cursor)
		f->top = f->cursor;
	v->dirty = true;
}

unsigned finder_entities(struct view *v)
{
	struct finder *f = fv(v);
	struct query q;
	char *error = NULL;
	unsigned all = (1u << ENT_COUNT) - 1;
	/* owners are the mirror's to judge; the types are what matters here */
	if (!query_parse(f->text, NULL, NULL, &q, &error)) {
		free(error);
		return all;
	}
	unsigned e = q.entities ? q.entities : all;
	query_free(&q);
	return e;
}

bool finder_complete(struct view *v, enum entity e)
{
	return mirror_link_entity_complete(v->env->mirror, e);
}

/* ---- the server, while the mirror is incomplete --------------------------------- */

/* The words typed, without the filters the server would not understand. */
static char *plain_words(const char *text)
{
	struct query q;
	char *error = NULL;
	if (!query_parse(text, NULL, NULL, &q, &error)) {
		free(error);
		return xstrdup("");
	}
	struct strbuf sb = {0};
	for (size_t i = 0; i < q.nterms; i++)
		sb_printf(&sb, "%s%s", i ? " " : "", q.terms[i]);
	query_free(&q);
	return sb_detach(&sb);
}

static void ask_server(struct view *v)
{
	struct finder *f = fv(v);
	if (mirror_link_offline(v->env->mirror))
		return;
	char *words = plain_words(f->text);
	if (!*words || strstr(f->text, "owner:")) {
		free(words); /* nothing to search for by name (or an owner: the mirror's) */
		return;
	}
	unsigned entities = finder_entities(v);
	for (int i = 0; i < ENT_COUNT; i++) {
		enum entity e = (enum entity)i;
		if (!(entities & (1u << e)) || finder_complete(v, e))
			continue;
		cJSON *criteria;
		enum quick_way way = quick_search(e, words, &criteria);
		if (way == QUICK_UNSEARCHABLE)
			continue;
		struct api_request *req = way == QUICK_BY_EMAIL ? api_fetch_person_by_email(words)
			: api_search(e, criteria, 1, SERVER_PAGE, NULL, false);
		cJSON_Delete(criteria);
		view_submit(v, req, PRIO_VISIBLE, (int64_t)e);
		f->asked |= 1u << e;
	}
	free(words);
	v->dirty = true;
}

static void finder_timer(struct view *v)
{
	ask_server(v);
}

static void finder_result(struct view *v, struct api_result *r)
{
	struct finder *f = fv(v);
	if (r->tag < 0 || r->tag >= ENT_COUNT)
		return;
	enum entity e = (enum entity)r->tag;
	f->answered |= 1u << e;
	cJSON_Delete(f->remote[e]);
	f->remote[e] = NULL;
	if (r->error.kind == APIE_NONE && cJSON_IsArray(r->json)) {
		f->remote[e] = r->json;
		r->json = NULL;
	} else if (r->error.kind == APIE_NONE && cJSON_IsObject(r->json)) {
		/* fetch_by_email: one person */
		f->remote[e] = cJSON_CreateArray();
		cJSON_AddItemToArray(f->remote[e], r->json);
		r->json = NULL;
	} else if (r->error.kind != APIE_NOT_FOUND) {
		view_message(v, MSG_ERROR, "Searching %s on the server: %s", entity_plural(e),
			     r->error.message ? r->error.message : "failed");
	}
	rebuild(v);
}

/* ---- the query, at each keystroke ------------------------------------------------ */

static void run_query(struct view *v)
{
	struct finder *f = fv(v);
	query_results_free(&f->local);
	free(f->error);
	f->error = NULL;
	struct query_engine *qe = mirror_link_engine(v->env->mirror);
	if (qe) {
		struct query q;
		char *error = NULL;
		int64_t t0 = now_ms();
		if (query_parse(f->text, resolve_owner, v, &q, &error)) {
			if (!query_run(qe, &q, FINDER_LIMIT, FINDER_DESCRIBED, &f->local, &error))
				f->error = error;
			query_free(&q);
		} else {
			f->error = error;
		}
		f->took_ms = now_ms() - t0;
	}
	/* what the server said was for other words */
	view_new_generation(v);
	clear_remote(f);
	f->cursor = f->top = 0;
	rebuild(v);
	bool incomplete = false;
	for (int e = 0; e < ENT_COUNT; e++)
		incomplete = incomplete || !finder_complete(v, (enum entity)e);
	view_set_timer(v, incomplete && *f->text ? SERVER_DEBOUNCE_MS : -1);
}

static void changed(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct finder *f = fv(v);
	free(f->text);
	f->text = xstrdup(text);
	run_query(v);
}

static void close_finder(struct view *v)
{
	struct finder *f = fv(v);
	view_set_timer(v, -1);
	view_new_generation(v);
	query_results_free(&f->local);
	clear_remote(f);
	free(f->items);
	f->items = NULL;
	f->count = 0;
	cJSON_Delete(f->preview);
	f->preview = NULL;
	f->preview_id = 0;
	view_modal(v, false);
}

const cJSON *finder_focused_record(struct view *v)
{
	struct finder *f = fv(v);
	if (f->cursor >= f->count)
		return NULL;
	const struct finder_item *it = &f->items[f->cursor];
	if (it->record)
		return it->record;
	if (f->preview_id != it->id || f->preview_entity != it->entity) {
		cJSON_Delete(f->preview);
		struct mirror_store *reader = mirror_link_reader(v->env->mirror);
		f->preview = reader ? store_get(reader, it->entity, it->id) : NULL;
		f->preview_entity = it->entity;
		f->preview_id = it->id;
	}
	return f->preview;
}

static void submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct finder *f = fv(v);
	(void)text;
	if (f->cursor < f->count) {
		const struct finder_item *it = &f->items[f->cursor];
		/* the record as held: the pane shows it at once, and reads it
		 * again from the server (online) */
		view_post(v, EV_OPEN_RECORD, it->entity, it->id, NULL, true);
	}
	close_finder(v);
}

static void cancel(void *ctx)
{
	close_finder(ctx);
}

static void move_by(struct view *v, long delta)
{
	struct finder *f = fv(v);
	if (!f->count)
		return;
	long to = (long)f->cursor + delta;
	f->cursor = to < 0 ? 0 : (size_t)to >= f->count ? f->count - 1 : (size_t)to;
	int rows = finder_rows(v);
	if (f->cursor < f->top)
		f->top = f->cursor;
	if (rows > 0 && f->cursor >= f->top + (size_t)rows)
		f->top = f->cursor - (size_t)rows + 1;
	v->dirty = true;
}

/* The finder context's own binding of key, not a global one: C-f, C-b
 * and the others stay the prompt's editing keys. */
static enum action own_binding(const struct keymap *km, int ctx, int key)
{
	for (size_t i = 0; i < km->count; i++)
		if (km->bindings[i].ctx == ctx && km->bindings[i].key == key)
			return km->bindings[i].action;
	return ACTION_NONE;
}

/* Keys that are not text, through the finder's own key context. */
static bool finder_key(void *ctx, int key)
{
	struct view *v = ctx;
	int page = finder_rows(v) > 1 ? finder_rows(v) - 1 : 1;
	switch (own_binding(v->env->keymap, v->keyctx, key)) {
	case ACTION_MOVE_DOWN: move_by(v, 1); return true;
	case ACTION_MOVE_UP: move_by(v, -1); return true;
	case ACTION_PAGE_DOWN: move_by(v, page); return true;
	case ACTION_PAGE_UP: move_by(v, -page); return true;
	case ACTION_HALF_PAGE_DOWN: move_by(v, page / 2 + 1); return true;
	case ACTION_HALF_PAGE_UP: move_by(v, -(page / 2 + 1)); return true;
	default: return false;
	}
}

static const struct prompt_ops finder_prompt = {
	.changed = changed,
	.submit = submit,
	.cancel = cancel,
	.key = finder_key,
};

static void finder_open(struct view *v)
{
	struct finder *f = fv(v);
	if (!v->env->mirror) {
		view_message(v, MSG_INFO, "The finder searches the local mirror, which is off "
			     "(set mirror = 1 in the config file)");
		return;
	}
	lookups_need(v->env->lookups, LOOKUP_USERS);
	view_modal(v, true);
	free(f->text);
	f->text = xstrdup("");
	view_prompt(v, "Find: ", "", &finder_prompt, v);
	run_query(v);
}

/* Keys reach the finder through its prompt. Should another prompt have
 * taken the line (a question), Esc or q leaves the finder, Enter opens
 * the focused record, and anything else gives the query back to type. */
static bool finder_action(struct view *v, enum action a)
{
	struct finder *f = fv(v);
	switch (a) {
	case ACTION_CANCEL: case ACTION_QUIT: case ACTION_BACK:
		close_finder(v);
		return true;
	case ACTION_OPEN:
		submit(v, f->text);
		return true;
	default:
		view_prompt(v, "Find: ", f->text, &finder_prompt, v);
		return true;
	}
}

static void finder_event(struct view *v, const struct ui_event *ev)
{
	if (v->active && (ev->type == EV_LOOKUPS_CHANGED || ev->type == EV_NAMES_LEARNED))
		v->dirty = true;
}

static void *finder_create(struct view *v, enum entity e)
{
	(void)v;
	(void)e;
	return xcalloc(1, sizeof(struct finder));
}

static void finder_free(struct view *v)
{
	struct finder *f = fv(v);
	query_results_free(&f->local);
	clear_remote(f);
	free(f->items);
	free(f->text);
	free(f->error);
	cJSON_Delete(f->preview);
	free(f);
}

const struct view_ops finder_view = {
	.name = "finder",
	.takes_text = true,
	.help_title = "In the finder (' or C-p opens it; type to search, Enter opens)",
	.place = VIEW_MODAL,
	.opener = ACTION_FINDER,
	.create = finder_create,
	.draw = finder_draw,
	.action = finder_action,
	.result = finder_result,
	.timer = finder_timer,
	.event = finder_event,
	.open = finder_open,
	.close = finder_free,
};
