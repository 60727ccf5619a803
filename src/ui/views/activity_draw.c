/*
 * activity_draw.c - the activity form on screen: its three fields, and the
 * activity as it will read in the timeline, laid out by the timeline's
 * own code (model/activity.h) (see activity_internal.h).
 */
#include "config.h"

#include "model/dates.h"
#include "ui/paint.h"
#include "ui/views/activity_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LABEL_W 12

static int put(WINDOW *w, const char *s, int width)
{
	return paint_text(w, s, width);
}

static void draw_line(WINDOW *w, int y, int cols, attr_t attr, const char *text)
{
	wattrset(w, attr);
	wmove(w, y, 0);
	put(w, text, cols);
}

/* The keys of an action where the user is, "w/C-s"; caller frees. */
static char *keys(struct view *v, enum action a, const char *fallback)
{
	char *k = keymap_keys_for(v->env->keymap, v->keyctx, a);
	if (!k)
		return xstrdup(fallback);
	struct strbuf sb = {0};
	for (const char *p = k; *p; p++) {
		if (p[0] == ',' && p[1] == ' ') {
			sb_putc(&sb, '/');
			p++;
		} else {
			sb_putc(&sb, *p);
		}
	}
	free(k);
	return sb_detach(&sb);
}

static void draw_lines(WINDOW *w, const struct detail_doc *doc, int y, int last_y, int cols)
{
	for (size_t i = 0; i < doc->nlines && y <= last_y; i++, y++) {
		const struct detail_line *l = &doc->lines[i];
		wmove(w, y, 0);
		int x = 0;
		for (size_t k = 0; k < l->nspans && x < cols; k++) {
			wattrset(w, paint_detail_attr(l->spans[k].style));
			x += paint_text(w, l->spans[k].text, cols - x);
		}
	}
}

/* The activity as the timeline will show it once it is sent. */
static cJSON *as_sent(struct view *v)
{
	struct activityform *f = afv(v);
	cJSON *a = f->activity ? cJSON_Duplicate(f->activity, true) : cJSON_CreateObject();
	if (!f->activity) {
		cJSON *t = cJSON_AddObjectToObject(a, "type");
		cJSON_AddStringToObject(t, "category", f->type.category[0] ? f->type.category : "user");
		cJSON_AddNumberToObject(t, "id", f->typed ? (double)f->type.id : -1);
		if (view_me_id(v))
			cJSON_AddNumberToObject(a, "user_id", (double)view_me_id(v));
	}
	cJSON_DeleteItemFromObject(a, "activity_date");
	cJSON_DeleteItemFromObject(a, "details");
	cJSON_AddNumberToObject(a, "activity_date", (double)activity_form_when(f));
	cJSON_AddStringToObject(a, "details", f->details ? f->details : "");
	return a;
}

static void field_line(struct view *v, WINDOW *w, int y, int field, const char *value,
		       unsigned value_style, const char *note)
{
	struct activityform *f = afv(v);
	static const char *const labels[AF_FIELDS] = { "Type", "When", "Details" };
	bool sel = f->state == AF_EDITING && f->selected == (size_t)field;
	wmove(w, y, 0);
	wattrset(w, theme_attr(AREA_LABEL));
	waddstr(w, "  ");
	wattrset(w, theme_attr(sel ? AREA_CURSOR : AREA_LABEL));
	int used = 2 + put(w, labels[field], v->cols - 2);
	wattrset(w, theme_attr(AREA_LABEL));
	for (; used < LABEL_W && used < v->cols; used++)
		waddch(w, ' ');
	wattrset(w, paint_detail_attr(value_style));
	used += put(w, value, v->cols - used);
	if (note && used + 2 < v->cols) {
		wattrset(w, theme_attr(AREA_EMPTY));
		put(w, "  ", v->cols - used);
		put(w, note, v->cols - used - 2);
	}
}

static char *type_choices(struct view *v)
{
	struct activity_types list;
	struct strbuf sb = {0};
	activity_types_list(lookups_get(v->env->lookups, LOOKUP_ACTIVITY_TYPES), false, &list);
	for (size_t i = 0; i < list.count; i++)
		sb_printf(&sb, "%s%s", sb.len ? " \xc2\xb7 " : "(", list.items[i].name);
	if (sb.len)
		sb_putc(&sb, ')');
	activity_types_free(&list);
	return sb.len ? sb_detach(&sb) : xstrdup("");
}

static void draw_fields(struct view *v, WINDOW *w, int y)
{
	struct activityform *f = afv(v);
	char *type = activity_form_type_name(v);
	char *choices = f->op == ACTIVITY_CREATE ? type_choices(v) : xstrdup("(cannot be changed)");
	field_line(v, w, y, AF_TYPE, type, f->typed ? DETAIL_HEADING : DETAIL_EMPTY, choices);
	free(choices);
	free(type);

	int64_t when = activity_form_when(f);
	char *moment = date_moment_long_text(when);
	char *clean = sanitize_line(f->when_text ? f->when_text : "now",
				    strlen(f->when_text ? f->when_text : "now"));
	char *value = xasprintf("%s  \xe2\x86\x92  %s", clean, moment);
	field_line(v, w, y + 1, AF_WHEN, value, DETAIL_VALUE,
		   when > (int64_t)time(NULL) + 60 ? "(in the future)" : NULL);
	free(value);
	free(clean);
	free(moment);

	const char *details = f->details ? f->details : "";
	size_t lines = 0;
	for (const char *p = details; *p; p++)
		lines += *p == '\n';
	char *summary = *details ? xasprintf("%zu line%s, %zu bytes of Markdown (below as it "
					      "will read)", lines + 1, lines ? "s" : "",
					      strlen(details))
				 : xstrdup("(none yet: Enter types them, E opens $EDITOR)");
	field_line(v, w, y + 2, AF_DETAILS, summary, *details ? DETAIL_VALUE : DETAIL_EMPTY, NULL);
	free(summary);
}

static void draw_preview(struct view *v, WINDOW *w, int y, int last_y)
{
	cJSON *a = as_sent(v);
	struct detail_doc *doc = detail_new();
	activity_add_lines(doc, -1, a, v->env->lookups, v->cols - 2);
	draw_line(w, y, v->cols, theme_attr(AREA_EMPTY), "  As it will read in the timeline:");
	struct detail_doc *indented = detail_new();
	for (size_t i = 0; i < doc->nlines; i++) {
		struct detail_line *l = detail_add_line(indented, -1);
		detail_add_span(l, "  ", DETAIL_VALUE);
		for (size_t k = 0; k < doc->lines[i].nspans; k++)
			detail_add_span(l, doc->lines[i].spans[k].text, doc->lines[i].spans[k].style);
	}
	draw_lines(w, indented, y + 2, last_y, v->cols);
	detail_free(indented);
	detail_free(doc);
	cJSON_Delete(a);
}

static char *title(struct view *v)
{
	struct activityform *f = afv(v);
	char *on = f->parent_name ? xasprintf("%s \"%s\"", entity_title(f->parent), f->parent_name)
				  : xasprintf("%s #%" PRId64, entity_title(f->parent), f->parent_id);
	char *t = xasprintf(f->op == ACTIVITY_CREATE ? "Log an activity on %s"
			    : f->op == ACTIVITY_UPDATE ? "Change your activity on %s"
			    : "Delete an activity of %s", on);
	free(on);
	return t;
}

static char *hint(struct view *v)
{
	struct activityform *f = afv(v);
	const char *what = f->op == ACTIVITY_CREATE ? "logged" : f->op == ACTIVITY_UPDATE ? "saved"
			 : "deleted";
	switch (f->state) {
	case AF_LOADING:
		return xstrdup("Loading the account's activity types\xe2\x80\xa6  Esc leaves");
	case AF_EDITING: {
		char *edit = keys(v, ACTION_FIELD_EDIT, "Enter"), *ed = keys(v, ACTION_FIELD_EDITOR, "E");
		char *save = keys(v, ACTION_SAVE, "w"), *esc = keys(v, ACTION_CANCEL, "Esc");
		char *h = xasprintf("%s: change the field  %s: details in $EDITOR  %s: %s it  %s: leave",
				    edit, ed, save, f->op == ACTIVITY_CREATE ? "log" : "save", esc);
		free(edit);
		free(ed);
		free(save);
		free(esc);
		return h;
	}
	case AF_DISCARD:
		return xstrdup("Discard your changes? Enter discards what you typed, Esc goes back to it");
	case AF_CONFIRM:
		return xstrdup("y deletes it for good, n keeps it");
	case AF_SAVING:
		return f->save.state == ASAVE_VERIFYING
			? xasprintf("The answer was lost: asking Copper whether it was %s, before "
				    "anything is sent again\xe2\x80\xa6", what)
			: xstrdup("Sending, once\xe2\x80\xa6 (the form stays until Copper answers)");
	case AF_UNKNOWN:
		return xasprintf("Whether it was %s is not known: w asks Copper again (nothing is "
				 "sent again)  Esc leaves", what);
	case AF_CLOSED:
		break;
	}
	return xstrdup("");
}

void activity_draw(struct view *v, WINDOW *w, bool focused)
{
	struct activityform *f = afv(v);
	(void)focused;
	char *t = title(v);
	draw_line(w, 0, v->cols, theme_attr(AREA_HEADING), t);
	free(t);
	int last = v->rows - 2;
	if (f->op == ACTIVITY_DELETE) {
		struct detail_doc *doc = detail_new();
		activity_add_lines(doc, -1, f->activity, v->env->lookups, v->cols);
		draw_lines(w, doc, 2, last, v->cols);
		detail_free(doc);
	} else if (f->state != AF_LOADING) {
		draw_fields(v, w, 2);
		if (last >= 6)
			draw_preview(v, w, 6, last);
	}
	char *h = hint(v);
	draw_line(w, v->rows - 1, v->cols, theme_attr(f->state == AF_DISCARD ? AREA_WARNING
						      : AREA_STATUS), h);
	free(h);
}
