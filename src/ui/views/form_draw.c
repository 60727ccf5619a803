/*
 * form_draw.c - the edit form on screen: the fields, the preview of what
 * will be sent, the conflicts to choose, the picker (see form_internal.h).
 */
#include "config.h"

#include "ui/paint.h"
#include "ui/views/form_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>



static int put(WINDOW *w, const char *s, int width)
{
	int used;
	size_t n = text_fit(s, width > 0 ? width : 0, &used);
	waddnstr(w, s, (int)n);
	return used;
}

static void draw_line(WINDOW *w, int y, int cols, attr_t attr, const char *text)
{
	wattrset(w, attr);
	wmove(w, y, 0);
	put(w, text, cols);
}

/* A field's text for the screen: a related record by its name when patina
 * has seen it (the model knows only its id). */
static char *field_display(struct view *v, size_t i)
{
	struct formview *f = fv(v);
	char *text = edit_field_text(f->form, i);
	const struct edit_field *fld = &f->form->fields[i];
	int64_t id;
	if (fld->type == EDIT_REFERENCE && text[0] == '#' && str_to_i64(text + 1, &id)) {
		const char *name = refnames_get(v->env->refnames, fld->ref_entity, id);
		if (name) {
			free(text);
			return xstrdup(name);
		}
	}
	return text;
}

static void draw_fields(struct view *v, WINDOW *w, int top_y)
{
	struct formview *f = fv(v);
	int rows = v->rows - top_y - 1, cols = v->cols;
	if (f->selected < f->top)
		f->top = f->selected;
	/* each field takes one line, plus one for an error */
	int used = 0;
	size_t last = f->top;
	for (size_t i = f->top; i < f->form->count; i++) {
		used += 1 + (f->form->fields[i].error ? 1 : 0);
		if (used > rows)
			break;
		last = i;
	}
	if (f->selected > last)
		f->top += f->selected - last;
	int y = top_y;
	for (size_t i = f->top; i < f->form->count && y < top_y + rows; i++) {
		struct edit_field *fld = &f->form->fields[i];
		bool sel = i == f->selected;
		bool changed = edit_field_changed(f->form, i);
		wmove(w, y, 0);
		wattrset(w, theme_attr(sel ? AREA_CURSOR : changed ? AREA_PENDING : AREA_LABEL));
		char *label = xasprintf("%s %s%s", changed ? "\xe2\x97\x8f" : " ", fld->label,
					fld->required ? " *" : "");
		int lw = put(w, label, FORM_LABEL_W);
		for (; lw < FORM_LABEL_W; lw++)
			waddch(w, ' ');
		free(label);
		waddch(w, ' ');
		char *text = field_display(v, i);
		char *line = form_one_line(text);
		wattrset(w, theme_attr(fld->type == EDIT_READONLY ? AREA_EMPTY
				       : !*line ? AREA_EMPTY : AREA_VALUE));
		put(w, *line ? line : "\xe2\x80\x94", cols - FORM_LABEL_W - 1);
		if (fld->type == EDIT_READONLY && cols > FORM_LABEL_W + 20) {
			wattrset(w, theme_attr(AREA_EMPTY));
			waddstr(w, "  (read-only)");
		}
		free(text);
		free(line);
		y++;
		if (fld->error && y < top_y + rows) {
			char *msg = xasprintf("%*s\xe2\x86\xb3 %s", FORM_LABEL_W + 1, "", fld->error);
			draw_line(w, y++, cols, theme_attr(AREA_ERROR), msg);
			free(msg);
		}
	}
}

static void draw_preview(struct view *v, WINDOW *w, int top_y)
{
	struct formview *f = fv(v);
	char *head = f->converting
		? xasprintf("POST /leads/%" PRId64 "/convert will send exactly this, once (never again by "
			    "itself):", f->id)
		: f->id ? xasprintf("PUT /%s/%" PRId64 " will send exactly this:", entity_path(f->entity), f->id)
		: xasprintf("POST /%s will send exactly this (a create is never re-sent "
			    "automatically):", entity_path(f->entity));
	draw_line(w, top_y, v->cols, theme_attr(AREA_HEADING), head);
	free(head);
	cJSON *shown = f->body;
	if (f->converting) {
		shown = cJSON_CreateObject();
		cJSON_AddItemReferenceToObject(shown, "details", f->body);
		if (f->close_date) {
			char *then = xasprintf("then PUT /opportunities/<the new one's id> "
					       "{\"close_date\": \"%s\"} (the endpoint takes no close date)",
					       f->close_date);
			char *clean = sanitize_line(then, strlen(then));
			draw_line(w, top_y + 1, v->cols, theme_attr(AREA_LABEL), clean);
			free(clean);
			free(then);
		}
	}
	char *json = cJSON_Print(shown);
	if (shown != f->body)
		cJSON_Delete(shown);
	char *clean = sanitize_text(json, strlen(json));
	cJSON_free(json);
	int y = top_y + 2;
	size_t lineno = 0;
	for (char *p = clean; *p && y < v->rows - 1;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (lineno++ >= f->top) {
			char *line = xstrndup(p, n);
			draw_line(w, y++, v->cols, theme_attr(AREA_CODE), line);
			free(line);
		}
		p += n + (nl ? 1 : 0);
	}
	free(clean);
}

static char *json_text(const cJSON *value)
{
	if (!value || cJSON_IsNull(value))
		return xstrdup("(empty)");
	char *s = cJSON_PrintUnformatted(value);
	char *clean = sanitize_line(s, strlen(s));
	cJSON_free(s);
	return clean;
}

static void draw_conflicts(struct view *v, WINDOW *w, int top_y)
{
	struct formview *f = fv(v);
	draw_line(w, top_y, v->cols, theme_attr(AREA_WARNING),
		  "Changed on the server since you opened it, and by you. For each: Enter switches "
		  "between yours and theirs; w continues.");
	int y = top_y + 2;
	const struct save *sv = &f->save;
	for (size_t k = 0; k < sv->nconflicts && y + 2 < v->rows; k++) {
		size_t i = sv->conflicts[k];
		struct edit_field *fld = &f->form->fields[i];
		bool sel = k == f->selected;
		draw_line(w, y++, v->cols, theme_attr(sel ? AREA_CURSOR : AREA_LABEL), fld->label);
		char *mine = edit_field_text(f->form, i);
		/* theirs: the server's value of the field, as text */
		cJSON *probe = cJSON_Duplicate(sv->record, true);
		struct edit_form *tmp = edit_form_new(f->entity, NULL, probe, v->env->lookups);
		long ti = edit_field_index(tmp, fld->key);
		char *theirs = NULL;
		if (fld->cf_id) {
			const cJSON *cfs = cJSON_GetObjectItemCaseSensitive(sv->record, "custom_fields"), *c;
			cJSON_ArrayForEach(c, cfs) {
				const cJSON *d = cJSON_GetObjectItemCaseSensitive(c, "custom_field_definition_id");
				if (cJSON_IsNumber(d) && json_i64(d) == fld->cf_id)
					theirs = json_text(cJSON_GetObjectItemCaseSensitive(c, "value"));
			}
		} else if (ti >= 0) {
			theirs = edit_field_text(tmp, (size_t)ti);
		}
		if (!theirs)
			theirs = json_text(cJSON_GetObjectItemCaseSensitive(sv->record, fld->key));
		edit_form_free(tmp);
		cJSON_Delete(probe);
		char *a = form_one_line(mine), *b = form_one_line(theirs);
		char *l1 = xasprintf("  %s yours:  %s", f->take_theirs[k] ? " " : "\xe2\x96\xb6", a);
		char *l2 = xasprintf("  %s theirs: %s", f->take_theirs[k] ? "\xe2\x96\xb6" : " ", b);
		draw_line(w, y++, v->cols, theme_attr(f->take_theirs[k] ? AREA_EMPTY : AREA_VALUE), l1);
		draw_line(w, y++, v->cols, theme_attr(f->take_theirs[k] ? AREA_VALUE : AREA_EMPTY), l2);
		free(l1);
		free(l2);
		free(a);
		free(b);
		free(mine);
		free(theirs);
	}
}

static void draw_picker(struct view *v, WINDOW *w, int top_y)
{
	struct formview *f = fv(v);
	draw_line(w, top_y, v->cols, theme_attr(AREA_HEADING), "Several records match: Enter picks one");
	picker_draw(&f->picker, w, top_y + 2, v->rows - top_y - 3, v->cols);
}

void form_draw(struct view *v, WINDOW *w, bool focused)
{
	struct formview *f = fv(v);
	(void)focused;
	const char *lead = f->converting ? json_member_str(f->record ? f->record : f->form ? f->form->base
							   : NULL, "name") : NULL;
	char *clean_lead = lead ? sanitize_line(lead, strlen(lead)) : NULL;
	char *title = f->converting ? xasprintf("Convert Lead %s%s%s#%" PRId64 ": what Copper will create",
						clean_lead ? "'" : "", clean_lead ? clean_lead : "",
						clean_lead ? "' " : "", f->id)
		    : f->id ? xasprintf("Edit %s #%" PRId64, entity_title(f->entity), f->id)
		    : xasprintf("New %s", entity_title(f->entity));
	free(clean_lead);
	char *changes = f->form ? xasprintf("  %zu change%s", edit_change_count(f->form),
					    edit_change_count(f->form) == 1 ? "" : "s") : xstrdup("");
	wattrset(w, theme_attr(AREA_HEADING));
	wmove(w, 0, 0);
	int used = put(w, title, v->cols);
	wattrset(w, theme_attr(AREA_PENDING));
	put(w, changes, v->cols - used);
	free(title);
	free(changes);

	const char *hint = "";
	switch (f->state) {
	case FS_LOADING:
		draw_line(w, 2, v->cols, theme_attr(AREA_PLACEHOLDER), "Loading the field layout\xe2\x80\xa6");
		hint = "Esc leaves";
		break;
	case FS_EDITING:
		draw_fields(v, w, 2);
		hint = f->converting ? "Enter change  d clear  u undo  Tab completes  w preview, then convert  Esc leave"
			: "Enter change  d clear  u undo  E $EDITOR  Tab completes  w save  Esc leave";
		break;
	case FS_DISCARD:
		draw_fields(v, w, 2);
		hint = "Discard your changes? Enter discards, Esc keeps editing";
		break;
	case FS_PREVIEW:
		draw_preview(v, w, 2);
		hint = f->converting ? "Enter or w converts the lead (Copper has no undo)  Esc goes back to the form"
			: "Enter or w sends it  Esc goes back to the form";
		break;
	case FS_SAVING:
		draw_preview(v, w, 2);
		hint = f->converting
			? (f->conv.state == CONVERT_VERIFYING
			   ? "The answer was lost: looking for the lead before anything else\xe2\x80\xa6"
			   : f->conv.state == CONVERT_CLOSING ? "Converted; setting the close date\xe2\x80\xa6"
			   : "Converting\xe2\x80\xa6 (the form stays until Copper answers)")
			: f->save.state == SAVE_CHECKING
			? "Checking whether the record changed on the server\xe2\x80\xa6"
			: f->save.state == SAVE_VERIFYING
			? (f->id ? "The answer was lost: reading the record again to learn whether it "
				   "was saved\xe2\x80\xa6"
				 : "The answer was lost: looking for the record before anything is sent "
				   "again\xe2\x80\xa6")
			: "Sending\xe2\x80\xa6 (keys still work; the form stays until Copper answers)";
		break;
	case FS_UNKNOWN:
		draw_fields(v, w, 2);
		hint = f->converting
			? "Whether it was converted is not known: w looks for the lead again  Esc leaves"
			: "Whether it was saved is not known: w reads the record again  Esc back to the form";
		break;
	case FS_CONFLICTS:
		draw_conflicts(v, w, 2);
		hint = "Enter yours/theirs  w continue  Esc back to the form";
		break;
	case FS_PICKING:
		draw_picker(v, w, 2);
		hint = "Enter picks  Esc back";
		break;
	case FS_CLOSED:
		break;
	}
	draw_line(w, v->rows - 1, v->cols,
		  theme_attr(f->state == FS_DISCARD ? AREA_WARNING : AREA_STATUS), hint);
}

