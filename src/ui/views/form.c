/* form.c - see form.h */
#include "config.h"

#include "ui/view.h"
#include "model/drafts.h"
#include "model/edit.h"
#include "model/fields.h"
#include "ui/views/views.h"
#include "util/sanitize.h"
#include "ui/paint.h"
#include "util/util.h"
#include "util/json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum form_state {
	FS_CLOSED,
	FS_LOADING,     /* waiting for the field layout */
	FS_EDITING,
	FS_PREVIEW,     /* what will be sent */
	FS_CHECKING,    /* re-reading the record before a PUT */
	FS_CONFLICTS,   /* fields changed on both sides */
	FS_SAVING,
	FS_PICKING,     /* choosing a related record among search results */
	FS_DISCARD,     /* asking before throwing changes away */
	FS_VERIFYING    /* a create failed mid-flight: does the record exist? */
};

enum { TAG_CHECK = 1, TAG_SAVE, TAG_SEARCH, TAG_VERIFY };

#define LABEL_W 22

struct formview {
	enum form_state state;
	enum entity entity;
	int64_t id;
	cJSON *record;          /* the record as loaded (NULL for a create) */
	cJSON *draft;           /* a draft waiting for its layout */
	struct edit_form *form;
	size_t selected, top;
	cJSON *body;            /* the previewed body */
	/* conflicts */
	cJSON *server;
	size_t *conflicts;
	bool *take_theirs;
	size_t nconflicts;
	/* picking a related record */
	cJSON *candidates;
	size_t picked;
	size_t pick_field;
	/* the prompt being typed, journaled with the draft */
	long editing_field;
	char *editing_text;
	int64_t create_started; /* unix time of the last create attempt */
};

static struct formview *fv(struct view *v)
{
	return v->priv;
}

/* Long text in the one-line prompt: line breaks shown as \n, and a
 * backslash as \\, so nothing is lost on the way back. */
static char *escape_lines(const char *text)
{
	struct strbuf sb = {0};
	sb_reserve(&sb, 0);
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			sb_puts(&sb, "\\n");
		else if (*p == '\\')
			sb_puts(&sb, "\\\\");
		else
			sb_putc(&sb, *p);
	}
	return sb_detach(&sb);
}

static char *unescape_lines(const char *text)
{
	struct strbuf sb = {0};
	sb_reserve(&sb, 0);
	for (const char *p = text; *p; p++) {
		if (p[0] == '\\' && p[1] == 'n') {
			sb_putc(&sb, '\n');
			p++;
		} else if (p[0] == '\\' && p[1] == '\\') {
			sb_putc(&sb, '\\');
			p++;
		} else {
			sb_putc(&sb, *p);
		}
	}
	return sb_detach(&sb);
}

/* ---- the journal ---------------------------------------------------------- */

static void journal(struct view *v)
{
	struct formview *f = fv(v);
	if (!f->form)
		return;
	cJSON *draft = edit_draft(f->form);
	if (f->editing_field >= 0 && f->editing_text) {
		cJSON *ed = cJSON_AddObjectToObject(draft, "editing");
		cJSON_AddStringToObject(ed, "key", f->form->fields[f->editing_field].key);
		cJSON_AddNumberToObject(ed, "cf_id", (double)f->form->fields[f->editing_field].cf_id);
		cJSON_AddStringToObject(ed, "text", f->editing_text);
	}
	if (!drafts_write(v->env->writer, f->entity, f->id, draft))
		view_message(v, MSG_WARNING, "Could not write the draft of this edit to %s",
			    "$XDG_STATE_HOME/patina/drafts");
	cJSON_Delete(draft);
}

/* ---- opening and closing -------------------------------------------------- */

static void reset(struct formview *f)
{
	edit_form_free(f->form);
	f->form = NULL;
	cJSON_Delete(f->record);
	cJSON_Delete(f->draft);
	cJSON_Delete(f->body);
	cJSON_Delete(f->server);
	cJSON_Delete(f->candidates);
	f->record = f->draft = f->body = f->server = f->candidates = NULL;
	free(f->conflicts);
	free(f->take_theirs);
	f->conflicts = NULL;
	f->take_theirs = NULL;
	f->nconflicts = 0;
	free(f->editing_text);
	f->editing_text = NULL;
	f->editing_field = -1;
	f->selected = f->top = 0;
}

static void close_form(struct view *v, bool remove_draft)
{
	struct formview *f = fv(v);
	if (remove_draft)
		drafts_remove(v->env->writer, f->entity, f->id);
	view_new_generation(v);
	reset(f);
	f->state = FS_CLOSED;
	view_modal(v, false);
}

static int64_t pipeline_of(const cJSON *record, struct lookups *lk)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(record, "pipeline_id");
	if (cJSON_IsNumber(p))
		return json_i64(p);
	/* a new opportunity: the first pipeline's layout */
	const cJSON *first = cJSON_GetArrayItem(lookups_get(lk, LOOKUP_PIPELINES), 0);
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(first, "id");
	return cJSON_IsNumber(id) ? json_i64(id) : 0;
}

static void need_lookups(struct lookups *lk, enum entity e)
{
	lookups_need_for_record(lk, e);
	lookups_need(lk, LOOKUP_TAGS); /* completion of tags */
}

/* Builds the form once the layout (and, for opportunities, the pipelines)
 * are there; until then the form says it is loading. */
static void try_build(struct view *v)
{
	struct formview *f = fv(v);
	struct lookups *lk = v->env->lookups;
	if (f->state != FS_LOADING)
		return;
	if (f->entity == ENT_OPPORTUNITIES && !lookups_get(lk, LOOKUP_PIPELINES))
		return;
	const cJSON *base = f->draft ? cJSON_GetObjectItemCaseSensitive(f->draft, "base") : f->record;
	int64_t pipeline = f->entity == ENT_OPPORTUNITIES ? pipeline_of(base, lk) : 0;
	if (!lookups_need_layout(lk, f->entity, pipeline))
		return;
	const cJSON *layout = lookups_layout(lk, f->entity, pipeline);
	if (f->draft) {
		char *error = NULL;
		f->form = edit_form_from_draft(f->draft, layout, lk, &error);
		if (!f->form) {
			view_message(v, MSG_ERROR, "The draft could not be restored: %s",
				    error ? error : "unreadable");
			free(error);
			close_form(v, false);
			return;
		}
		const cJSON *ed = cJSON_GetObjectItemCaseSensitive(f->draft, "editing");
		const cJSON *key = cJSON_GetObjectItemCaseSensitive(ed, "key");
		const cJSON *text = cJSON_GetObjectItemCaseSensitive(ed, "text");
		const cJSON *cf = cJSON_GetObjectItemCaseSensitive(ed, "cf_id");
		if (cJSON_IsString(key) && cJSON_IsString(text)) {
			/* what was being typed when the session ended */
			for (size_t i = 0; i < f->form->count; i++) {
				if (!strcmp(f->form->fields[i].key, key->valuestring) &&
				    (!cJSON_IsNumber(cf) || f->form->fields[i].cf_id == json_i64(cf))) {
					char *err = NULL;
					char *value = f->form->fields[i].type == EDIT_LONGTEXT
						? unescape_lines(text->valuestring) : xstrdup(text->valuestring);
					bool ok = edit_set_text(f->form, i, value, (int64_t)time(NULL), &err);
					free(value);
					if (!ok)
						view_message(v, MSG_WARNING, "%s", err);
					free(err);
					f->selected = i;
				}
			}
		}
		cJSON_Delete(f->draft);
		f->draft = NULL;
		view_message(v, MSG_INFO, "Restored your unsaved edit (%zu changes): w saves, Esc leaves",
			    edit_change_count(f->form));
	} else {
		f->form = edit_form_new(f->entity, layout, f->record, lk);
	}
	f->state = FS_EDITING;
	/* start on the first field that can be changed */
	while (f->selected + 1 < f->form->count && f->form->fields[f->selected].type == EDIT_READONLY)
		f->selected++;
	v->dirty = true;
}

static void open_common(struct view *v, enum entity e, int64_t id)
{
	struct formview *f = fv(v);
	view_new_generation(v);
	reset(f);
	f->entity = e;
	f->id = id;
	f->state = FS_LOADING;
	need_lookups(v->env->lookups, e);
	view_modal(v, true);
}

/* Edits a record as loaded (record is copied). */
static void edit_record(struct view *v, enum entity e, const cJSON *record)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(record, "id");
	if (!cJSON_IsNumber(id))
		return;
	open_common(v, e, json_i64(id));
	fv(v)->record = cJSON_Duplicate(record, true);
	try_build(v);
	v->dirty = true;
}

static void create_record(struct view *v, enum entity e)
{
	open_common(v, e, 0);
	try_build(v);
	v->dirty = true;
}

/* Reopens a draft from the journal. */
static void restore_draft(struct view *v, const cJSON *draft)
{
	const cJSON *ent = cJSON_GetObjectItemCaseSensitive(draft, "entity");
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(draft, "id");
	enum entity e;
	if (!cJSON_IsString(ent) || !entity_parse(ent->valuestring, &e)) {
		view_message(v, MSG_ERROR, "A draft names no known kind of record; it was left on disk");
		return;
	}
	open_common(v, e, cJSON_IsNumber(id) ? json_i64(id) : 0);
	fv(v)->draft = cJSON_Duplicate(draft, true);
	try_build(v);
	v->dirty = true;
}

/* ---- changing fields ------------------------------------------------------ */

static const struct prompt_ops field_prompt_ops;

static char *one_line(const char *text)
{
	/* list fields edit in one line: "a (work); b (home)" */
	struct strbuf sb = {0};
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			sb_puts(&sb, "; ");
		else
			sb_putc(&sb, *p);
	}
	return sb_detach(&sb);
}

static void edit_field(struct view *v, const char *initial)
{
	struct formview *f = fv(v);
	struct edit_field *fld = &f->form->fields[f->selected];
	if (fld->type == EDIT_READONLY) {
		view_message(v, MSG_INFO, "%s cannot be changed", fld->label);
		return;
	}
	char *text;
	if (initial) {
		text = xstrdup(initial);
	} else {
		char *current = edit_field_text(f->form, f->selected);
		text = fld->type == EDIT_LONGTEXT ? escape_lines(current) : one_line(current);
		free(current);
	}
	f->editing_field = (long)f->selected;
	free(f->editing_text);
	f->editing_text = xstrdup(text);
	char *label = xasprintf("%s%s: ", fld->label,
				fld->type == EDIT_REFERENCE ? " (name to search)"
				: fld->type == EDIT_LONGTEXT ? " (\\n for a new line; E for $EDITOR)" : "");
	view_prompt(v, label, text, &field_prompt_ops, v);
	free(label);
	free(text);
}

static void search_reference(struct view *v, const char *text)
{
	struct formview *f = fv(v);
	struct edit_field *fld = &f->form->fields[f->selected];
	int64_t id;
	char *t = str_trim(xstrdup(text));
	if (!*t || (str_to_i64(t + (*t == '#'), &id) && id > 0)) {
		/* empty clears; a number (or #number) is an id */
		char *err = NULL;
		if (!edit_set_text(f->form, f->selected, t, (int64_t)time(NULL), &err)) {
			view_message(v, MSG_ERROR, "%s", err);
			free(err);
		}
		free(t);
		journal(v);
		return;
	}
	cJSON *body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "name", t);
	view_submit(v, api_search(fld->ref_entity, body, 1, 20, NULL, false), PRIO_VISIBLE, TAG_SEARCH);
	cJSON_Delete(body);
	f->pick_field = f->selected;
	view_message(v, MSG_INFO, "Searching for '%s'\xe2\x80\xa6", t);
	free(t);
}

static void field_changed(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct formview *f = fv(v);
	free(f->editing_text);
	f->editing_text = xstrdup(text);
	journal(v); /* as the user types: a dropped session loses nothing */
}

static void field_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct formview *f = fv(v);
	if (!f->form)
		return;
	f->editing_field = -1;
	free(f->editing_text);
	f->editing_text = NULL;
	struct edit_field *fld = &f->form->fields[f->selected];
	if (fld->type == EDIT_REFERENCE) {
		search_reference(v, text);
		v->dirty = true;
		return;
	}
	char *err = NULL;
	char *value = fld->type == EDIT_LONGTEXT ? unescape_lines(text) : xstrdup(text);
	bool ok = edit_set_text(f->form, f->selected, value, (int64_t)time(NULL), &err);
	free(value);
	if (!ok) {
		view_message(v, MSG_ERROR, "%s", err ? err : "not accepted");
		free(err);
		journal(v);
		edit_field(v, text); /* keep what was typed, so it can be fixed */
		return;
	}
	journal(v);
	v->dirty = true;
}

static void field_cancel(void *ctx)
{
	struct view *v = ctx;
	struct formview *f = fv(v);
	f->editing_field = -1;
	free(f->editing_text);
	f->editing_text = NULL;
	journal(v);
	v->dirty = true;
}

/* Completion from the field's choices: names for owners, stages, options;
 * the last item of a comma-separated list for tags and multi-selects. */
static size_t field_complete(void *ctx, const char *text, size_t cursor, char ***out,
			     size_t *start, size_t *end)
{
	struct view *v = ctx;
	struct formview *f = fv(v);
	struct edit_field *fld = &f->form->fields[f->selected];
	bool list = fld->type == EDIT_TAGS || fld->type == EDIT_MULTI_CHOICE;
	size_t from = 0;
	if (list) {
		const char *comma = NULL;
		for (const char *p = text; p < text + cursor; p++)
			if (*p == ',')
				comma = p;
		from = comma ? (size_t)(comma - text) + 1 : 0;
		while (text[from] == ' ')
			from++;
	}
	char *word = xstrndup(text + from, cursor - from);
	size_t n = 0;
	*out = NULL;
	if (fld->type == EDIT_TAGS) {
		const cJSON *tags = lookups_get(v->env->lookups, LOOKUP_TAGS), *t;
		cJSON_ArrayForEach(t, tags) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(t, "name");
			if (cJSON_IsString(name) && !strncasecmp(name->valuestring, word, strlen(word))) {
				*out = xrealloc(*out, (n + 1) * sizeof(char *));
				(*out)[n++] = sanitize_line(name->valuestring, strlen(name->valuestring));
			}
		}
	} else {
		for (size_t i = 0; i < fld->nchoices; i++) {
			if (!strncasecmp(fld->choices[i].name, word, strlen(word))) {
				*out = xrealloc(*out, (n + 1) * sizeof(char *));
				(*out)[n++] = xstrdup(fld->choices[i].name);
			}
		}
	}
	free(word);
	*start = from;
	*end = cursor;
	return n;
}

static const struct prompt_ops field_prompt_ops = {
	.changed = field_changed,
	.submit = field_submit,
	.cancel = field_cancel,
	.complete = field_complete,
};

/* $EDITOR for long text; the terminal is handed over and restored. */
static void external_editor(struct view *v)
{
	struct formview *f = fv(v);
	struct edit_field *fld = &f->form->fields[f->selected];
	if (fld->type == EDIT_READONLY) {
		view_message(v, MSG_INFO, "%s cannot be changed", fld->label);
		return;
	}
	const char *tmpdir = getenv("TMPDIR");
	char *path = xasprintf("%s/patina-edit-XXXXXX.md", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemps(path, 3);
	if (fd < 0) {
		view_message(v, MSG_ERROR, "Cannot create a file for $EDITOR: %s", strerror(errno));
		free(path);
		return;
	}
	char *text = edit_field_text(f->form, f->selected);
	FILE *out = fdopen(fd, "w");
	fputs(text, out);
	if (*text && text[strlen(text) - 1] != '\n')
		fputc('\n', out);
	fclose(out);
	free(text);

	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	int status = term_run_program(v->env->term, editor && *editor ? editor : "vi", path);
	if (status != 0) {
		view_message(v, MSG_ERROR, "The editor exited with status %d; nothing changed", status);
	} else {
		FILE *in = fopen(path, "r");
		struct strbuf sb = {0};
		char buf[4096];
		size_t n;
		while (in && (n = fread(buf, 1, sizeof(buf), in)) > 0)
			sb_append(&sb, buf, n);
		if (in)
			fclose(in);
		/* editors add a final newline; it is not part of the value */
		while (sb.len && sb.data[sb.len - 1] == '\n')
			sb.data[--sb.len] = '\0';
		char *err = NULL;
		if (!edit_set_text(f->form, f->selected, sb.data ? sb.data : "", (int64_t)time(NULL), &err)) {
			view_message(v, MSG_ERROR, "%s", err);
			free(err);
		}
		sb_free(&sb);
		journal(v);
	}
	unlink(path);
	free(path);
	v->dirty = true;
}

/* ---- saving --------------------------------------------------------------- */

static void show_preview(struct view *v)
{
	struct formview *f = fv(v);
	cJSON_Delete(f->body);
	f->body = NULL;
	char *error = NULL;
	if (f->id)
		f->body = edit_body(f->form);
	else
		f->body = edit_create_body(f->form, &error);
	if (!f->body) {
		view_message(v, error ? MSG_ERROR : MSG_INFO, "%s",
			    error ? error : "Nothing changed: nothing to save");
		free(error);
		return;
	}
	f->state = FS_PREVIEW;
	f->top = 0;
	v->dirty = true;
}

static void send_body(struct view *v)
{
	struct formview *f = fv(v);
	f->state = FS_SAVING;
	if (f->id) {
		view_submit(v, api_update(f->entity, f->id, f->body), PRIO_VISIBLE, TAG_SAVE);
	} else {
		f->create_started = (int64_t)time(NULL);
		view_submit(v, api_create(f->entity, f->body), PRIO_VISIBLE, TAG_SAVE);
	}
	v->dirty = true;
}

static void confirm_send(struct view *v)
{
	struct formview *f = fv(v);
	if (!f->id) {
		send_body(v);
		return;
	}
	/* has anyone changed the record since it was loaded? */
	f->state = FS_CHECKING;
	view_submit(v, api_fetch(f->entity, f->id), PRIO_VISIBLE, TAG_CHECK);
	v->dirty = true;
}

static double modified_of(const cJSON *rec)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(rec, "date_modified");
	return cJSON_IsNumber(m) ? m->valuedouble : -1;
}

static void take_check(struct view *v, struct api_result *r)
{
	struct formview *f = fv(v);
	if (r->error.kind != APIE_NONE || !cJSON_IsObject(r->json)) {
		f->state = FS_EDITING;
		view_message(v, MSG_ERROR, "Not saved: could not check the record first: %s; "
			    "your changes are kept (w to try again)",
			    r->error.message ? r->error.message : "bad answer");
		return;
	}
	if (modified_of(r->json) == modified_of(f->form->base)) {
		send_body(v);
		return;
	}
	free(f->conflicts);
	f->conflicts = NULL;
	f->nconflicts = edit_conflicts(f->form, r->json, &f->conflicts);
	if (!f->nconflicts) {
		/* only fields the user did not touch changed: keep theirs, send ours */
		edit_rebase(f->form, r->json, NULL, NULL, 0);
		cJSON_Delete(f->body);
		f->body = edit_body(f->form);
		journal(v);
		if (!f->body) {
			view_message(v, MSG_INFO, "The server already has these values; nothing sent");
			close_form(v, true);
			return;
		}
		send_body(v);
		return;
	}
	cJSON_Delete(f->server);
	f->server = r->json;
	r->json = NULL;
	free(f->take_theirs);
	f->take_theirs = xcalloc(f->nconflicts, sizeof(bool));
	f->state = FS_CONFLICTS;
	f->selected = 0;
	view_message(v, MSG_WARNING, "%zu field%s changed on the server since you opened the "
		    "record: choose for each", f->nconflicts, f->nconflicts == 1 ? "" : "s");
}

static void resolve_conflicts(struct view *v)
{
	struct formview *f = fv(v);
	edit_rebase(f->form, f->server, f->conflicts, f->take_theirs, f->nconflicts);
	cJSON_Delete(f->server);
	f->server = NULL;
	free(f->conflicts);
	free(f->take_theirs);
	f->conflicts = NULL;
	f->take_theirs = NULL;
	f->nconflicts = 0;
	f->selected = 0;
	journal(v);
	f->state = FS_EDITING;
	/* show what is now going to be sent, before it is */
	show_preview(v);
	if (f->state != FS_PREVIEW) {
		view_message(v, MSG_INFO, "Nothing left to send: the server's values were kept");
		close_form(v, true);
	}
}

static void take_save(struct view *v, struct api_result *r)
{
	struct formview *f = fv(v);
	if (r->error.kind == APIE_NONE && cJSON_IsObject(r->json)) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(r->json, "id");
		bool created = !f->id;
		view_post(v, created ? EV_RECORD_CREATED : EV_RECORD_SAVED, f->entity,
			  cJSON_IsNumber(id) ? json_i64(id) : f->id, r->json, true);
		view_message(v, MSG_INFO, created ? "Created %s #%" PRId64 : "Saved %s #%" PRId64,
			    entity_title(f->entity), cJSON_IsNumber(id) ? json_i64(id) : f->id);
		close_form(v, true);
		return;
	}
	f->state = FS_EDITING;
	if (r->error.kind == APIE_INVALID) {
		long i = edit_apply_server_error(f->form, r->error.message);
		if (i >= 0)
			f->selected = (size_t)i;
		view_message(v, MSG_ERROR, "Not saved: %s", r->error.message);
		return;
	}
	if (!f->id && r->error.kind != APIE_AUTH && r->error.kind != APIE_FORBIDDEN &&
	    r->error.kind != APIE_RATE_LIMIT) {
		/* the POST may have reached the server: look before offering to
		 * send it again, so no duplicate is ever made */
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(f->body, "name");
		if (cJSON_IsString(name)) {
			cJSON *q = cJSON_CreateObject();
			cJSON_AddStringToObject(q, "name", name->valuestring);
			cJSON_AddNumberToObject(q, "minimum_created_date", (double)(f->create_started - 120));
			view_submit(v, api_search(f->entity, q, 1, 5, "date_created", true), PRIO_VISIBLE,
				    TAG_VERIFY);
			cJSON_Delete(q);
			f->state = FS_VERIFYING;
			view_message(v, MSG_WARNING, "The create may have reached Copper (%s); checking "
				    "before anything is sent again", r->error.message);
			return;
		}
	}
	view_message(v, MSG_ERROR, "Not saved: %s; your changes are kept (w to try again)",
		    r->error.message ? r->error.message : "unknown error");
}

static void take_verify(struct view *v, struct api_result *r)
{
	struct formview *f = fv(v);
	f->state = FS_EDITING;
	if (r->error.kind != APIE_NONE) {
		view_message(v, MSG_ERROR, "Could not check whether the record was created (%s); "
			    "look for it before saving again", r->error.message);
		return;
	}
	const cJSON *rec = cJSON_GetArrayItem(r->json, 0);
	if (rec) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
		view_post(v, EV_RECORD_CREATED, f->entity, cJSON_IsNumber(id) ? json_i64(id) : 0, rec, true);
		view_message(v, MSG_INFO, "It was created after all: %s #%" PRId64 "; nothing sent again",
			    entity_title(f->entity), cJSON_IsNumber(id) ? json_i64(id) : 0);
		close_form(v, true);
		return;
	}
	view_message(v, MSG_WARNING, "It was not created; w sends it again");
}

static void take_search(struct view *v, struct api_result *r)
{
	struct formview *f = fv(v);
	if (r->error.kind != APIE_NONE) {
		view_message(v, MSG_ERROR, "%s", r->error.message);
		return;
	}
	int n = cJSON_GetArraySize(r->json);
	if (n == 0) {
		view_message(v, MSG_ERROR, "No match: try another name, or the record's id");
		return;
	}
	if (n == 1) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(r->json, 0), "id");
		char *err = NULL;
		if (!edit_set_json(f->form, f->pick_field, id, &err)) {
			view_message(v, MSG_ERROR, "%s", err);
			free(err);
		}
		refnames_learn(v->env->refnames, f->form->fields[f->pick_field].ref_entity, r->json);
		journal(v);
		return;
	}
	cJSON_Delete(f->candidates);
	f->candidates = r->json;
	r->json = NULL;
	refnames_learn(v->env->refnames, f->form->fields[f->pick_field].ref_entity, f->candidates);
	f->picked = 0;
	f->state = FS_PICKING;
}

/* ---- the view ------------------------------------------------------------- */

static void move_cursor(struct view *v, long delta)
{
	struct formview *f = fv(v);
	size_t count = f->state == FS_CONFLICTS ? f->nconflicts
		     : f->state == FS_PICKING ? (size_t)cJSON_GetArraySize(f->candidates)
		     : f->form ? f->form->count : 0;
	size_t *cur = f->state == FS_PICKING ? &f->picked : &f->selected;
	if (f->state == FS_PREVIEW) {
		if (delta < 0 && (size_t)-delta > f->top)
			f->top = 0;
		else if (delta > 0 || f->top)
			f->top = (size_t)((long)f->top + delta);
		return;
	}
	if (!count)
		return;
	long next = (long)*cur + delta;
	if (next < 0)
		next = 0;
	if (next >= (long)count)
		next = (long)count - 1;
	*cur = (size_t)next;
}

static bool form_action(struct view *v, enum action a)
{
	struct formview *f = fv(v);
	long page = v->rows > 4 ? v->rows - 4 : 1;
	switch (a) {
	case ACTION_MOVE_DOWN: move_cursor(v, 1); break;
	case ACTION_MOVE_UP: move_cursor(v, -1); break;
	case ACTION_PAGE_DOWN: case ACTION_HALF_PAGE_DOWN: move_cursor(v, page); break;
	case ACTION_PAGE_UP: case ACTION_HALF_PAGE_UP: move_cursor(v, -page); break;
	case ACTION_MOVE_FIRST: move_cursor(v, -(1L << 30)); break;
	case ACTION_MOVE_LAST: move_cursor(v, 1L << 30); break;
	case ACTION_CANCEL:
		switch (f->state) {
		case FS_EDITING:
			if (f->form && edit_change_count(f->form)) {
				f->state = FS_DISCARD;
				break;
			}
			close_form(v, true);
			return true;
		case FS_LOADING:
			close_form(v, false);
			return true;
		case FS_PREVIEW: case FS_PICKING: case FS_DISCARD:
			f->state = FS_EDITING;
			break;
		case FS_CONFLICTS:
			/* back to editing with the old base; saving checks again */
			f->state = FS_EDITING;
			f->selected = 0;
			break;
		default:
			view_message(v, MSG_INFO, "Waiting for the server; the form stays open");
			break;
		}
		break;
	case ACTION_FIELD_EDIT: case ACTION_OPEN:
		switch (f->state) {
		case FS_EDITING: edit_field(v, NULL); break;
		case FS_PREVIEW: confirm_send(v); break;
		case FS_CONFLICTS: f->take_theirs[f->selected] = !f->take_theirs[f->selected]; break;
		case FS_DISCARD:
			view_message(v, MSG_INFO, "Changes discarded");
			close_form(v, true);
			return true;
		case FS_PICKING: {
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(
				cJSON_GetArrayItem(f->candidates, (int)f->picked), "id");
			char *err = NULL;
			if (!edit_set_json(f->form, f->pick_field, id, &err)) {
				view_message(v, MSG_ERROR, "%s", err);
				free(err);
			}
			journal(v);
			f->state = FS_EDITING;
			break;
		}
		default: break;
		}
		break;
	case ACTION_FIELD_CLEAR:
		if (f->state == FS_EDITING) {
			char *err = NULL;
			if (f->form->fields[f->selected].type == EDIT_READONLY)
				view_message(v, MSG_INFO, "%s cannot be changed", f->form->fields[f->selected].label);
			else if (!edit_set_text(f->form, f->selected, "", (int64_t)time(NULL), &err))
				view_message(v, MSG_ERROR, "%s", err);
			free(err);
			journal(v);
		}
		break;
	case ACTION_FIELD_REVERT:
		if (f->state == FS_EDITING) {
			edit_revert(f->form, f->selected);
			journal(v);
		}
		break;
	case ACTION_FIELD_EDITOR:
		if (f->state == FS_EDITING)
			external_editor(v);
		break;
	case ACTION_SAVE:
		if (f->state == FS_EDITING)
			show_preview(v);
		else if (f->state == FS_PREVIEW)
			confirm_send(v);
		else if (f->state == FS_CONFLICTS)
			resolve_conflicts(v);
		break;
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

static void form_result(struct view *v, struct api_result *r)
{
	switch (r->tag) {
	case TAG_CHECK: take_check(v, r); break;
	case TAG_SAVE: take_save(v, r); break;
	case TAG_SEARCH: take_search(v, r); break;
	case TAG_VERIFY: take_verify(v, r); break;
	default: break;
	}
	v->dirty = true;
}

static void form_event(struct view *v, const struct ui_event *ev)
{
	switch (ev->type) {
	case EV_EDIT_RECORD:
		edit_record(v, ev->entity, ev->record);
		break;
	case EV_CREATE_RECORD:
		create_record(v, ev->entity);
		break;
	case EV_RESTORE_DRAFT:
		restore_draft(v, ev->record);
		break;
	case EV_LOOKUPS_CHANGED: case EV_NAMES_LEARNED:
		try_build(v);
		v->dirty = true;
		break;
	default:
		break;
	}
}

/* ---- drawing -------------------------------------------------------------- */

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
		int lw = put(w, label, LABEL_W);
		for (; lw < LABEL_W; lw++)
			waddch(w, ' ');
		free(label);
		waddch(w, ' ');
		char *text = field_display(v, i);
		char *line = one_line(text);
		wattrset(w, theme_attr(fld->type == EDIT_READONLY ? AREA_EMPTY
				       : !*line ? AREA_EMPTY : AREA_VALUE));
		put(w, *line ? line : "\xe2\x80\x94", cols - LABEL_W - 1);
		if (fld->type == EDIT_READONLY && cols > LABEL_W + 20) {
			wattrset(w, theme_attr(AREA_EMPTY));
			waddstr(w, "  (read-only)");
		}
		free(text);
		free(line);
		y++;
		if (fld->error && y < top_y + rows) {
			char *msg = xasprintf("%*s\xe2\x86\xb3 %s", LABEL_W + 1, "", fld->error);
			draw_line(w, y++, cols, theme_attr(AREA_ERROR), msg);
			free(msg);
		}
	}
}

static void draw_preview(struct view *v, WINDOW *w, int top_y)
{
	struct formview *f = fv(v);
	char *head = f->id ? xasprintf("PUT /%s/%" PRId64 " will send exactly this:", entity_path(f->entity), f->id)
			   : xasprintf("POST /%s will send exactly this (a create is never re-sent "
				       "automatically):", entity_path(f->entity));
	draw_line(w, top_y, v->cols, theme_attr(AREA_HEADING), head);
	free(head);
	char *json = cJSON_Print(f->body);
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
	for (size_t k = 0; k < f->nconflicts && y + 2 < v->rows; k++) {
		size_t i = f->conflicts[k];
		struct edit_field *fld = &f->form->fields[i];
		bool sel = k == f->selected;
		draw_line(w, y++, v->cols, theme_attr(sel ? AREA_CURSOR : AREA_LABEL), fld->label);
		char *mine = edit_field_text(f->form, i);
		/* theirs: the server's value of the field, as text */
		cJSON *probe = cJSON_Duplicate(f->server, true);
		struct edit_form *tmp = edit_form_new(f->entity, NULL, probe, v->env->lookups);
		long ti = edit_field_index(tmp, fld->key);
		char *theirs = NULL;
		if (fld->cf_id) {
			const cJSON *cfs = cJSON_GetObjectItemCaseSensitive(f->server, "custom_fields"), *c;
			cJSON_ArrayForEach(c, cfs) {
				const cJSON *d = cJSON_GetObjectItemCaseSensitive(c, "custom_field_definition_id");
				if (cJSON_IsNumber(d) && json_i64(d) == fld->cf_id)
					theirs = json_text(cJSON_GetObjectItemCaseSensitive(c, "value"));
			}
		} else if (ti >= 0) {
			theirs = edit_field_text(tmp, (size_t)ti);
		}
		if (!theirs)
			theirs = json_text(cJSON_GetObjectItemCaseSensitive(f->server, fld->key));
		edit_form_free(tmp);
		cJSON_Delete(probe);
		char *a = one_line(mine), *b = one_line(theirs);
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
	int y = top_y + 2;
	int i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, f->candidates) {
		if (y >= v->rows - 1)
			break;
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
		const cJSON *company = cJSON_GetObjectItemCaseSensitive(c, "company_name");
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id");
		char *line = xasprintf("%s%s%s  #%.0f", cJSON_IsString(name) ? name->valuestring : "(no name)",
				       cJSON_IsString(company) ? " \xc2\xb7 " : "",
				       cJSON_IsString(company) ? company->valuestring : "",
				       cJSON_IsNumber(id) ? id->valuedouble : 0.0);
		char *clean = sanitize_line(line, strlen(line));
		draw_line(w, y++, v->cols, theme_attr((size_t)i == f->picked ? AREA_CURSOR : AREA_VALUE), clean);
		free(clean);
		free(line);
		i++;
	}
}

static void form_draw(struct view *v, WINDOW *w, bool focused)
{
	struct formview *f = fv(v);
	(void)focused;
	char *title = f->id ? xasprintf("Edit %s #%" PRId64, entity_title(f->entity), f->id)
			    : xasprintf("New %s", entity_title(f->entity));
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
		hint = "Enter change  d clear  u undo  E $EDITOR  Tab completes  w save  Esc leave";
		break;
	case FS_DISCARD:
		draw_fields(v, w, 2);
		hint = "Discard your changes? Enter discards, Esc keeps editing";
		break;
	case FS_PREVIEW:
		draw_preview(v, w, 2);
		hint = "Enter or w sends it  Esc goes back to the form";
		break;
	case FS_CHECKING:
		draw_preview(v, w, 2);
		hint = "Checking whether the record changed on the server\xe2\x80\xa6";
		break;
	case FS_SAVING:
		draw_preview(v, w, 2);
		hint = "Sending\xe2\x80\xa6 (keys still work; the form stays until Copper answers)";
		break;
	case FS_VERIFYING:
		draw_fields(v, w, 2);
		hint = "Checking whether the record was created\xe2\x80\xa6";
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

static void form_close(struct view *v)
{
	reset(fv(v));
	free(v->priv);
}

static void *form_create(struct view *v, enum entity e)
{
	struct formview *f = xcalloc(1, sizeof(*f));
	(void)v;
	(void)e;
	f->editing_field = -1;
	return f;
}

const struct view_ops form_view = {
	.name = "form",
	.help_title = "In the edit form (e edits, + creates)",
	.place = VIEW_MODAL,
	.create = form_create,
	.draw = form_draw,
	.action = form_action,
	.result = form_result,
	.event = form_event,
	.close = form_close,
};
