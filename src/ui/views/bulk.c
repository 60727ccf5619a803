/* bulk.c - see bulk.h */
#include "config.h"

#include "ui/views/bulk.h"
#include "util/json.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOT_SHIFT 41
#define PUMP_MAX 16

void bulk_init(struct bulk *bk, const struct bulk_hooks *hooks)
{
	memset(bk, 0, sizeof(*bk));
	bk->hooks = hooks;
}

void bulk_free(struct bulk *bk)
{
	if (bk->view)
		prompt_forget(bk->view->env->prompt, bk);
	batch_free(bk->asked);
	bk->asked = NULL;
	for (size_t i = 0; i < BULK_SLOTS; i++)
		batch_free(bk->running[i]);
	for (size_t i = 0; i < bk->nundo; i++)
		batch_free(bk->undo[i]);
	memset(bk->running, 0, sizeof(bk->running));
	bk->nundo = 0;
}

/* "person", "people", or the hooks' word. Caller frees. */
static char *noun(const struct bulk *bk, enum entity e, size_t n)
{
	const char *word = n == 1 ? bk->hooks->noun : bk->hooks->nouns;
	char *s = xstrdup(word ? word : n == 1 ? entity_title(e) : entity_plural(e));
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

static enum entity batch_entity(const struct batch *b)
{
	return b->n ? b->ops[0].entity : ENT_COUNT;
}

static void show(struct view *v, struct bulk *bk, const struct batch_op *op, const cJSON *record,
		 enum bulk_show how)
{
	if (bk->hooks->show)
		bk->hooks->show(v, op, record, how);
}

static void remember_undo(struct bulk *bk, struct batch *u)
{
	if (bk->nundo == BULK_UNDO_DEPTH) {
		batch_free(bk->undo[0]);
		memmove(bk->undo, bk->undo + 1, (BULK_UNDO_DEPTH - 1) * sizeof(*bk->undo));
		bk->nundo--;
	}
	bk->undo[bk->nundo++] = u;
}

/* The first failure's reason, for the outcome. */
static const struct batch_op *first_failure(const struct batch *b, bool *held)
{
	const struct batch_op *first = NULL;
	*held = false;
	for (size_t i = 0; i < b->n; i++) {
		if (b->ops[i].state != BATCH_FAILED)
			continue;
		if (!first)
			first = &b->ops[i];
		*held |= b->ops[i].held != NULL;
	}
	return first;
}

static void say_outcome(struct view *v, struct bulk *bk, const struct batch *b)
{
	enum entity e = batch_entity(b);
	char *nouns = noun(bk, e, b->n);
	if (b->stopped) {
		const char *note = !b->is_undo && bk->hooks->failed_note ? bk->hooks->failed_note : "";
		view_message(v, MSG_WARNING, "%s: stopped; %zu of %zu %s changed, %zu not sent%s%s%s",
			     b->what, b->done, b->n, nouns, b->stopped,
			     b->failed > b->stopped ? ", some failed" : "", note,
			     b->done && !b->is_undo ? "; u undoes what was changed" : "");
	} else if (b->failed) {
		bool held;
		const struct batch_op *f = first_failure(b, &held);
		const char *note = b->n > 1 && !b->is_undo && bk->hooks->failed_note
			? bk->hooks->failed_note : "";
		view_message(v, MSG_ERROR, "%s: %zu of %zu %s failed%s (%s)%s%s", b->what, b->failed, b->n,
			     nouns, held ? (b->failed == 1 ? " and was put back" : " and were put back") : "",
			     f && f->why ? f->why : "no reason given", note,
			     b->done && !b->is_undo ? "; u undoes the others" : "");
	} else {
		char *unchanged = b->unchanged ? xasprintf(" (%zu already so)", b->unchanged) : xstrdup("");
		size_t shown = b->done ? b->done : b->unchanged;
		char *what = noun(bk, e, shown);
		view_message(v, MSG_INFO, "%s: %zu %s%s%s", b->what, shown, what,
			     b->done ? unchanged : "", b->is_undo || !b->done ? "" : "  (u undoes)");
		free(what);
		free(unchanged);
	}
	free(nouns);
}

/* Tags put on or taken off records change the tags' counts. */
static void tags_changed(struct view *v, const struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->ops[i].state == BATCH_DONE && json_get(b->ops[i].sent, "tags")) {
			lookups_mark_stale(v->env->lookups, LOOKUP_TAGS);
			return;
		}
	}
}

static void finish(struct view *v, struct bulk *bk, size_t slot)
{
	struct batch *b = bk->running[slot];
	bk->running[slot] = NULL;
	tags_changed(v, b);
	say_outcome(v, bk, b);
	if (!b->is_undo) {
		struct batch *u = batch_undo(b);
		if (u)
			remember_undo(bk, u);
	}
	if (bk->hooks->finished)
		bk->hooks->finished(v, b);
	batch_free(b);
	v->dirty = true;
}

static void progress(struct view *v, struct bulk *bk, const struct batch *b)
{
	if (b->n < 2)
		return;
	char *nouns = noun(bk, batch_entity(b), b->n);
	char *failed = b->failed ? xasprintf(", %zu failed", b->failed) : xstrdup("");
	view_message(v, b->failed ? MSG_WARNING : MSG_INFO, "%s: %zu of %zu %s%s\xe2\x80\xa6", b->what,
		     batch_settled_count(b), b->n, nouns, failed);
	free(failed);
	free(nouns);
}

/* Shows what settled, sends what is next, and ends the batch when all
 * is settled. */
static void pump(struct view *v, struct bulk *bk, size_t slot)
{
	struct batch *b = bk->running[slot];
	int64_t now = (int64_t)time(NULL);
	enum api_priority prio = b->n > BATCH_WINDOW ? PRIO_PREFETCH : PRIO_VISIBLE;
	struct api_request *reqs[PUMP_MAX];
	int64_t tags[PUMP_MAX];
	size_t n, settled[64], k;
	bool moved = false;
	do {
		n = batch_pump(b, now, reqs, tags, PUMP_MAX);
		for (size_t i = 0; i < n; i++)
			view_submit_work(v, reqs[i], prio, BULK_TAG | ((int64_t)slot << SLOT_SHIFT) | tags[i]);
		while ((k = batch_take_settled(b, settled, ARRAY_SIZE(settled))) > 0) {
			moved = true;
			for (size_t i = 0; i < k; i++) {
				const struct batch_op *op = &b->ops[settled[i]];
				if (op->state == BATCH_DONE && op->after)
					view_post(v, EV_RECORD_SAVED, op->entity, op->id, op->after, true);
				if (op->state == BATCH_FAILED)
					show(v, bk, op, op->conflict && op->after ? op->after : op->held,
					     BULK_PUT_BACK);
				else
					show(v, bk, op, op->after, BULK_SAVED);
			}
		}
	} while (n == PUMP_MAX);
	if (batch_finished(b))
		finish(v, bk, slot);
	else if (moved)
		progress(v, bk, b);
	v->dirty = true;
}

/* Starts a batch that was checked. */
static void run(struct view *v, struct bulk *bk, struct batch *b)
{
	size_t slot = 0;
	while (slot < BULK_SLOTS && bk->running[slot])
		slot++;
	if (slot == BULK_SLOTS) {
		view_message(v, MSG_WARNING, "Wait: %d changes are still being saved", BULK_SLOTS);
		batch_free(b);
		return;
	}
	/* keys answer at once: what the user sees changes now */
	for (size_t i = 0; i < b->n; i++) {
		cJSON *opt = batch_optimistic(b, i);
		if (opt)
			show(v, bk, &b->ops[i], opt, BULK_PENDING);
		cJSON_Delete(opt);
	}
	bk->running[slot] = b;
	if (b->n > 1)
		progress(v, bk, b);
	pump(v, bk, slot);
}

static void answer_go(void *ctx, const char *answer)
{
	struct bulk *bk = ctx;
	struct batch *b = bk->asked;
	bk->asked = NULL;
	if (!b)
		return;
	if (answer && *answer == 'y') {
		run(bk->view, bk, b);
		return;
	}
	view_message(bk->view, MSG_INFO, "%s: not done; nothing was sent", b->what);
	batch_free(b);
}

static void cancel_go(void *ctx)
{
	answer_go(ctx, "n");
}

static const struct prompt_ops go_ops = { .submit = answer_go, .cancel = cancel_go, .answer_keys = "yn" };

/* A large change says what it costs before it starts. */
static void ask(struct view *v, struct bulk *bk, struct batch *b)
{
	size_t requests = b->n + (b->n + BATCH_READ_CHUNK - 1) / BATCH_READ_CHUNK;
	int rate = v->env->settings->rate_limit > 0 ? v->env->settings->rate_limit : 1;
	size_t minutes = (requests + (size_t)rate - 1) / (size_t)rate;
	char *n = str_thousands((int64_t)b->n), *r = str_thousands((int64_t)requests);
	char *nouns = noun(bk, batch_entity(b), b->n);
	const char *hint = bk->hooks->stop_hint;
	char *q = xasprintf("%s on %s %s: up to %s requests, about %zu min at %d a minute (you can go "
			    "on meanwhile%s%s). Go? (y/n) ", b->what, n, nouns, r, minutes, rate,
			    hint ? "; " : "", hint ? hint : "");
	batch_free(bk->asked);
	bk->asked = b;
	view_prompt(v, q, "", &go_ops, bk);
	free(q);
	free(nouns);
	free(r);
	free(n);
}

bool bulk_start(struct view *v, struct bulk *bk, struct batch *b)
{
	bk->view = v;
	if (!b->n) {
		view_message(v, MSG_INFO, "No record to change here");
		batch_free(b);
		return false;
	}
	char *error = NULL;
	if (!batch_validate(b, (int64_t)time(NULL), &error)) {
		view_message(v, MSG_ERROR, "%s", error ? error : "not accepted");
		free(error);
		batch_free(b);
		return false;
	}
	if (b->n > BULK_ASK_OVER)
		ask(v, bk, b);
	else
		run(v, bk, b);
	return true;
}

static void answer_stop(void *ctx, const char *answer)
{
	struct bulk *bk = ctx;
	if (!answer || *answer != 'y')
		return;
	size_t stopped = 0;
	for (size_t s = 0; s < BULK_SLOTS; s++) {
		if (!bk->running[s])
			continue;
		stopped += batch_stop(bk->running[s]);
		pump(bk->view, bk, s); /* what stopped is shown, and the batch may be over */
	}
	if (!stopped)
		view_message(bk->view, MSG_INFO, "Nothing left to stop: what was sent is coming back");
}

static const struct prompt_ops stop_ops = { .submit = answer_stop, .answer_keys = "yn" };

bool bulk_ask_stop(struct view *v, struct bulk *bk)
{
	size_t left = 0;
	for (size_t s = 0; s < BULK_SLOTS; s++)
		if (bk->running[s])
			left += bk->running[s]->n - batch_settled_count(bk->running[s]);
	if (!left)
		return false;
	bk->view = v;
	char *n = str_thousands((int64_t)left);
	char *q = xasprintf("Stop the change? %s record%s not done yet; what was sent stays (y/n) ", n,
			    left == 1 ? " is" : "s are");
	view_prompt(v, q, "", &stop_ops, bk);
	free(q);
	free(n);
	return true;
}

bool bulk_result(struct view *v, struct bulk *bk, struct api_result *r)
{
	if (r->tag < 0 || !(r->tag & BULK_TAG))
		return false; /* a view's own (negative tags are some views' too) */
	size_t slot = (size_t)((r->tag & ~BULK_TAG) >> SLOT_SHIFT);
	int64_t tag = r->tag & (BATCH_TAG_LIMIT - 1);
	if (slot >= BULK_SLOTS || !bk->running[slot])
		return true;
	batch_answer(bk->running[slot], r, tag, (int64_t)time(NULL));
	pump(v, bk, slot);
	return true;
}

void bulk_undo(struct view *v, struct bulk *bk)
{
	if (!bk->nundo) {
		view_message(v, MSG_INFO, bulk_busy(bk) ? "Nothing to undo yet: the change is still being saved"
			     : "Nothing to undo");
		return;
	}
	struct batch *u = bk->undo[--bk->nundo];
	bk->undo[bk->nundo] = NULL;
	bulk_start(v, bk, u);
}

bool bulk_pending(const struct bulk *bk, enum entity e, int64_t id)
{
	for (size_t s = 0; s < BULK_SLOTS; s++) {
		const struct batch *b = bk->running[s];
		for (size_t i = 0; b && i < b->n; i++)
			if (b->ops[i].id == id && b->ops[i].entity == e && b->ops[i].state < BATCH_DONE)
				return true;
	}
	return false;
}

bool bulk_busy(const struct bulk *bk)
{
	for (size_t s = 0; s < BULK_SLOTS; s++)
		if (bk->running[s])
			return true;
	return false;
}

char *bulk_progress(const struct bulk *bk)
{
	size_t done = 0, n = 0, failed = 0;
	for (size_t s = 0; s < BULK_SLOTS; s++) {
		const struct batch *b = bk->running[s];
		if (!b)
			continue;
		done += batch_settled_count(b);
		failed += b->failed;
		n += b->n;
	}
	if (!n)
		return NULL;
	return failed ? xasprintf("saving %zu/%zu, %zu failed", done, n, failed)
		      : xasprintf("saving %zu/%zu", done, n);
}
