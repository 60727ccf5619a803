/*
 * link.c - the link picker: relating another record to the one the detail
 * pane shows (i there). It searches by name every kind of record the
 * shown one may be related to (model/related.h) as the user types, one
 * search per kind once typing pauses on two characters or more
 * (ui/picker.h); Tab narrows it to one kind. The rules are checked on the chosen record before anything is
 * sent: a pair Copper refuses, a task's one relation and a relation that
 * exists already are said, not sent; a person's one company becomes the
 * question of a move. The pane that asked sends the change
 * (EV_LINK_CHOSEN), on its write channel.
 */
#include "config.h"

#include "model/delete.h"
#include "model/related.h"
#include "ui/paint.h"
#include "ui/picker.h"
#include "ui/views/views.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define TYPING_PAUSE_MS 250
#define LINK_TAG_SEARCH 10 /* + entity */

struct linkview {
	enum entity entity;
	int64_t id;
	cJSON *record;
	struct related_list related;
	enum entity kinds[ENT_COUNT];
	size_t nkinds;
	int only;              /* -1: every kind; else the index of the one searched */
	struct picker picker;
	char *query;           /* as typed */
	/* a move asked about */
	enum entity chosen_entity;
	cJSON *chosen;
	int64_t move_from;
};

static struct linkview *lk(struct view *v)
{
	return v->priv;
}

static void forget(struct linkview *l)
{
	cJSON_Delete(l->record);
	cJSON_Delete(l->chosen);
	related_list_free(&l->related);
	picker_clear(&l->picker);
	free(l->query);
	l->record = l->chosen = NULL;
	l->query = NULL;
	l->nkinds = 0;
}

static void close_picker(struct view *v)
{
	view_new_generation(v);
	view_set_timer(v, -1);
	prompt_forget(v->env->prompt, v);
	forget(lk(v));
	view_modal(v, false);
}

static char *label_of(struct view *v, enum entity e, int64_t id, const cJSON *rec)
{
	const char *name = json_member_str(rec, "name");
	if (!name)
		name = refnames_get(v->env->refnames, e, id);
	return delete_record_label(e, id, name);
}

/* ---- searching ------------------------------------------------------------------ */

static void start_kinds(struct linkview *l)
{
	if (l->only >= 0)
		picker_start(&l->picker, &l->kinds[l->only], 1, LINK_TAG_SEARCH);
	else
		picker_start(&l->picker, l->kinds, l->nkinds, LINK_TAG_SEARCH);
}

static void search_now(struct view *v)
{
	struct linkview *l = lk(v);
	view_new_generation(v); /* what was searched before is over */
	start_kinds(l);
	picker_search(&l->picker, v, l->query ? l->query : "");
	v->dirty = true;
}

static const struct prompt_ops query_ops;

static void ask_query(struct view *v)
{
	struct linkview *l = lk(v);
	view_prompt(v, "Name (or #id) to link: ", l->query ? l->query : "", &query_ops, v);
}

static void query_changed(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct linkview *l = lk(v);
	free(l->query);
	l->query = xstrdup(text);
	/* one search per kind once typing pauses, not per key; one letter
	 * matches too much to be worth them (Enter searches it all the same) */
	char *t = str_trim(xstrdup(text));
	view_set_timer(v, strlen(t) >= 2 || *t == '#' ? TYPING_PAUSE_MS : -1);
	free(t);
}

static void query_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct linkview *l = lk(v);
	free(l->query);
	l->query = xstrdup(text);
	view_set_timer(v, -1);
	/* what the pause searched already is not searched again */
	char *t = str_trim(xstrdup(text));
	if (!l->picker.query || strcmp(l->picker.query, t))
		search_now(v);
	free(t);
}

static void query_cancel(void *ctx)
{
	struct view *v = ctx;
	/* Esc before anything was found leaves the picker */
	if (!picker_count(&lk(v)->picker) && !picker_pending(&lk(v)->picker))
		close_picker(v);
	v->dirty = true;
}

static const struct prompt_ops query_ops = {
	.changed = query_changed,
	.submit = query_submit,
	.cancel = query_cancel,
};

static void link_timer(struct view *v)
{
	if (v->active)
		search_now(v);
}

/* ---- choosing ------------------------------------------------------------------ */

static void chosen(struct view *v, enum entity e, const cJSON *rec, int64_t move_from)
{
	struct linkview *l = lk(v);
	cJSON *what = cJSON_CreateObject();
	cJSON_AddStringToObject(what, "type", entity_type_name(e));
	cJSON_AddNumberToObject(what, "id", (double)json_member_i64(rec, "id"));
	cJSON_AddItemToObject(what, "record", cJSON_Duplicate(rec, true));
	if (move_from)
		cJSON_AddNumberToObject(what, "move_from", (double)move_from);
	view_post(v, EV_LINK_CHOSEN, l->entity, l->id, what, true);
	cJSON_Delete(what);
	close_picker(v);
}

static void move_answer(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct linkview *l = lk(v);
	if (text[0] != 'y' || !l->chosen) {
		view_message(v, MSG_INFO, "Not moved: pick another, or Esc");
		return;
	}
	cJSON *rec = l->chosen;
	l->chosen = NULL;
	chosen(v, l->chosen_entity, rec, l->move_from);
	cJSON_Delete(rec);
}

static void move_cancel(void *ctx)
{
	view_message(ctx, MSG_INFO, "Not moved: pick another, or Esc");
}

static const struct prompt_ops move_ops = {
	.submit = move_answer,
	.cancel = move_cancel,
	.answer_keys = "yn",
};

/* A record's name, or its kind and id. Caller frees. */
static char *name_of(struct view *v, enum entity e, int64_t id, const cJSON *rec, const char *name)
{
	if (!name)
		name = json_member_str(rec, "name");
	if (!name)
		name = refnames_get(v->env->refnames, e, id);
	return name && *name ? sanitize_line(name, strlen(name))
			     : xasprintf("%s #%" PRId64, entity_title(e), id);
}

static void ask_move(struct view *v, enum entity e, const cJSON *rec, int64_t person,
		     int64_t old_company)
{
	struct linkview *l = lk(v);
	bool from_person = l->entity == ENT_PEOPLE && person == l->id;
	const cJSON *person_rec = from_person ? l->record : rec;
	const cJSON *company_rec = from_person ? rec : l->record;
	int64_t company = json_member_i64(company_rec, "id");
	char *who = name_of(v, ENT_PEOPLE, person, person_rec, NULL);
	char *to = name_of(v, ENT_COMPANIES, company, company_rec, NULL);
	char *from = name_of(v, ENT_COMPANIES, old_company, NULL,
			     json_member_str(person_rec, "company_name"));
	char *q = xasprintf("Move %s to %s? It leaves %s (a person has 1 company). (y/n) ", who, to,
			    from);
	cJSON_Delete(l->chosen);
	l->chosen = cJSON_Duplicate(rec, true);
	l->chosen_entity = e;
	l->move_from = old_company;
	view_prompt(v, q, "", &move_ops, v);
	free(q);
	free(who);
	free(to);
	free(from);
}

static void pick(struct view *v)
{
	struct linkview *l = lk(v);
	enum entity e;
	const cJSON *rec = picker_selected(&l->picker, &e);
	int64_t other = json_member_i64(rec, "id");
	if (!rec || !other) {
		view_message(v, MSG_INFO, picker_pending(&l->picker) ? "Still searching\xe2\x80\xa6"
			     : "Nothing to pick: / types a name");
		return;
	}
	int64_t person, old_company;
	char *why;
	switch (related_check_link(l->entity, l->id, l->record, &l->related, e, other, rec, &person,
				   &old_company, &why)) {
	case RELATED_OK:
		chosen(v, e, rec, 0);
		break;
	case RELATED_MOVE:
		ask_move(v, e, rec, person, old_company);
		break;
	case RELATED_ALREADY:
		view_message(v, MSG_INFO, "%s", why);
		break;
	case RELATED_REFUSED:
		view_message(v, MSG_ERROR, "Not linked: %s", why);
		break;
	}
	free(why);
}

/* ---- the view -------------------------------------------------------------------- */

static void open_on(struct view *v, const struct ui_event *ev)
{
	struct linkview *l = lk(v);
	if ((unsigned)ev->entity >= ENT_COUNT || !ev->id)
		return;
	view_new_generation(v);
	forget(l);
	l->entity = ev->entity;
	l->id = ev->id;
	l->record = cJSON_Duplicate(json_get(ev->record, "record"), true);
	related_parse(json_get(ev->record, "related"), &l->related, NULL);
	l->nkinds = related_targets(l->entity, l->kinds);
	l->only = -1;
	start_kinds(l);
	view_modal(v, true);
	ask_query(v);
	v->dirty = true;
}

static void cycle_kind(struct view *v)
{
	struct linkview *l = lk(v);
	if (l->nkinds < 2)
		return;
	l->only = l->only + 1 >= (int)l->nkinds ? -1 : l->only + 1;
	search_now(v);
}

static bool link_action(struct view *v, enum action a)
{
	struct linkview *l = lk(v);
	long page = v->rows > 6 ? v->rows - 6 : 1;
	switch (a) {
	case ACTION_MOVE_DOWN: picker_move(&l->picker, 1); break;
	case ACTION_MOVE_UP: picker_move(&l->picker, -1); break;
	case ACTION_PAGE_DOWN: case ACTION_HALF_PAGE_DOWN: picker_move(&l->picker, page); break;
	case ACTION_PAGE_UP: case ACTION_HALF_PAGE_UP: picker_move(&l->picker, -page); break;
	case ACTION_MOVE_FIRST: picker_move(&l->picker, -(1L << 30)); break;
	case ACTION_MOVE_LAST: picker_move(&l->picker, 1L << 30); break;
	case ACTION_PICK: case ACTION_OPEN: pick(v); break;
	case ACTION_SEARCH: ask_query(v); break;
	case ACTION_PICK_KIND: cycle_kind(v); break;
	case ACTION_CANCEL:
		close_picker(v);
		return true;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

static void link_result(struct view *v, struct api_result *r)
{
	if (picker_take(&lk(v)->picker, v, r))
		v->dirty = true;
}

static void link_draw(struct view *v, WINDOW *w, bool focused)
{
	struct linkview *l = lk(v);
	(void)focused;
	char *me = label_of(v, l->entity, l->id, l->record);
	char *title = xasprintf("Link %s to\xe2\x80\xa6", me);
	paint_line(w, 0, theme_attr(AREA_HEADING), title);
	free(title);
	free(me);
	char *targets = related_targets_text(l->entity);
	char *kinds = l->only >= 0 ? xasprintf("Searching %s only (Tab: the next kind)",
					       entity_plural(l->kinds[l->only]))
		: xasprintf("Searching %s (Tab: one kind)", targets);
	paint_line(w, 1, theme_attr(AREA_LABEL), kinds);
	free(kinds);
	free(targets);
	char *q = l->query && *l->query ? sanitize_line(l->query, strlen(l->query)) : NULL;
	char *typed = xasprintf("Name: %s", q ? q : "(type a name; / types again)");
	paint_line(w, 2, theme_attr(q ? AREA_VALUE : AREA_EMPTY), typed);
	free(typed);
	free(q);
	picker_draw(&l->picker, w, 4, v->rows - 5, v->cols);
	paint_line(w, v->rows - 1, theme_attr(AREA_STATUS),
		   "j/k choose  Enter links  / types a name  Tab one kind  Esc leaves");
}

static void link_event(struct view *v, const struct ui_event *ev)
{
	if (ev->type == EV_LINK_RECORD)
		open_on(v, ev);
	else if (ev->type == EV_NAMES_LEARNED && v->active)
		v->dirty = true;
}

static void *link_create(struct view *v, enum entity e)
{
	(void)v;
	(void)e;
	struct linkview *l = xcalloc(1, sizeof(*l));
	l->only = -1;
	return l;
}

static void link_close(struct view *v)
{
	forget(lk(v));
	free(v->priv);
}

const struct view_ops link_view = {
	.name = "link",
	.help_title = "In the link picker (i in the detail pane)",
	.place = VIEW_MODAL,
	.create = link_create,
	.draw = link_draw,
	.action = link_action,
	.result = link_result,
	.timer = link_timer,
	.event = link_event,
	.close = link_close,
};
