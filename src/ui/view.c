/* view.c - see view.h */
#include "config.h"

#include "ui/loop.h"
#include "ui/view.h"
#include "util/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <time.h>

struct view *view_new(const struct view_ops *ops, struct view_env *env, enum entity e, int owner,
		      int keyctx)
{
	struct view *v = xcalloc(1, sizeof(*v));
	v->ops = ops;
	v->env = env;
	v->entity = e;
	v->owner = owner;
	v->work_owner = owner + VIEW_WORK_OWNERS;
	v->keyctx = keyctx;
	v->generation = 1;
	v->rows = 24;
	v->cols = 80;
	v->priv = ops->create ? ops->create(v, e) : NULL;
	return v;
}

void view_free(struct view *v)
{
	if (!v)
		return;
	view_set_timer(v, -1);
	prompt_forget(v->env->prompt, v);
	events_forget(v->env->events, v);
	if (v->ops->close)
		v->ops->close(v);
	free(v);
}

uint64_t view_new_generation(struct view *v)
{
	v->generation++;
	if (v->env->sender.cancel)
		v->env->sender.cancel(v->env->sender.ctx, v->owner, v->generation);
	/* names it was asking for are asked again by whoever needs them next */
	refnames_superseded(v->env->refnames, v->owner, v->generation);
	return v->generation;
}

uint64_t view_submit(struct view *v, struct api_request *req, enum api_priority prio, int64_t tag)
{
	return v->env->sender.submit(v->env->sender.ctx, req, v->owner, v->generation, prio, tag);
}

uint64_t view_submit_work(struct view *v, struct api_request *req, enum api_priority prio,
			  int64_t tag)
{
	return v->env->sender.submit(v->env->sender.ctx, req, v->work_owner, 1, prio, tag);
}

static void fire(struct loop *l, long long id, void *data)
{
	struct view *v = data;
	(void)l;
	(void)id;
	v->timer = 0;
	if (v->ops->timer)
		v->ops->timer(v);
}

void view_set_timer(struct view *v, int64_t delay_ms)
{
	if (v->timer)
		loop_del_timer(v->env->loop, v->timer);
	v->timer = delay_ms < 0 ? 0 : loop_add_timer(v->env->loop, now_ms() + delay_ms, fire, v);
}

void view_post(struct view *v, enum ui_event_type type, enum entity e, int64_t id,
	       const cJSON *record, bool by_user)
{
	events_post(v->env->events, type, e, id, record, by_user, v);
}

void view_post_event(struct view *v, const struct ui_event *ev)
{
	struct ui_event copy = *ev;
	copy.from = v;
	events_post_event(v->env->events, &copy);
}

void view_modal(struct view *v, bool open)
{
	if (v->active == open)
		return;
	v->active = open;
	v->dirty = true;
	events_post(v->env->events, open ? EV_MODAL_OPENED : EV_MODAL_CLOSED, v->entity, 0, NULL,
		    true, v);
}

void view_message(struct view *v, enum message_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	status_vmessage(v->env->status, kind, fmt, ap);
	va_end(ap);
}

void view_prompt(struct view *v, const char *label, const char *initial,
		 const struct prompt_ops *ops, void *ctx)
{
	prompt_open(v->env->prompt, label, initial, ops, ctx);
}

int64_t view_me_id(const struct view *v)
{
	return lookups_me_id(v->env->lookups);
}

int64_t view_account_id(const struct view *v)
{
	return lookups_account_id(v->env->lookups);
}

struct filter_context view_filter_context(const struct view *v, enum entity e)
{
	return (struct filter_context){ v->env->lookups, e, view_me_id(v), (int64_t)time(NULL) };
}

bool view_parse_filter(struct view *v, enum entity e, const char *text, cJSON **body)
{
	struct filter_context fc = view_filter_context(v, e);
	char *error = NULL;
	*body = filter_parse(text, &fc, &error);
	if (!*body) {
		view_message(v, MSG_ERROR, "%s", error ? error : "invalid filter");
		free(error);
		return false;
	}
	if (!cJSON_GetArraySize(*body)) {
		cJSON_Delete(*body);
		*body = NULL;
	}
	return true;
}
