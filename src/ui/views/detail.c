/*
 * detail.c - one record, laid out by its field layout.
 *
 * Shows the record the list's cursor is on (from the list's own data: no
 * request), or one the user followed from a related record or opened
 * (fetched), with a history to go back. Modes: the fields; the related
 * records; the activity timeline, newest first.
 */
#include "config.h"

#include "ui/view.h"
#include "ui/views/views.h"
#include "model/fields.h"
#include "model/markdown.h"
#include "util/sanitize.h"
#include "ui/paint.h"
#include "util/util.h"
#include "util/json.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define FETCH_DEBOUNCE_MS 120
#define RELATED_PAGE 50
#define LABEL_MAX 22

enum mode { MODE_FIELDS, MODE_RELATED, MODE_ACTIVITIES };

/* Job tags */
enum { TAG_RECORD = 1, TAG_ACTIVITIES = 2, TAG_NAMES = 10, TAG_RELATED = 100 };

struct span {
	char *text;
	enum theme_area area;
	attr_t extra;
};

/* One screen line, with what it stands for. */
struct dline {
	struct span *spans;
	size_t nspans;
	int item;              /* field or related index it belongs to, -1 none */
};

struct related {
	enum entity entity;
	int64_t id;
	char *label;
	char *group;
};

struct place {
	enum entity entity;
	int64_t id;
};

struct detailview {
	enum entity entity;
	int64_t id;
	cJSON *record;
	bool loading;
	char *error;
	struct place *history;
	size_t nhistory;
	enum mode mode;
	bool show_empty;

	struct field_list *fields;
	struct dline *lines;
	size_t nlines;
	int width;             /* lines were laid out for this width */
	size_t top;
	int selected;          /* item index */
	int nitems;

	struct related *related;
	size_t nrelated;
	int related_pending;
	cJSON *activities;
	bool activities_loading;
	char *activities_error;      /* the timeline could not be read: why */
	bool from_list;              /* the list asks for its records' names itself */
	bool pinned;                 /* followed or opened, not the list's row */
};

static struct detailview *dv(struct view *v)
{
	return v->priv;
}

/* ---- line building ------------------------------------------------------ */

static void lines_free(struct detailview *d)
{
	for (size_t i = 0; i < d->nlines; i++) {
		for (size_t k = 0; k < d->lines[i].nspans; k++)
			free(d->lines[i].spans[k].text);
		free(d->lines[i].spans);
	}
	free(d->lines);
	d->lines = NULL;
	d->nlines = 0;
}

static struct dline *new_line(struct detailview *d, int item)
{
	d->lines = xrealloc(d->lines, (d->nlines + 1) * sizeof(*d->lines));
	struct dline *l = &d->lines[d->nlines++];
	memset(l, 0, sizeof(*l));
	l->item = item;
	return l;
}

static void add_span(struct dline *l, const char *text, enum theme_area area, attr_t extra)
{
	l->spans = xrealloc(l->spans, (l->nspans + 1) * sizeof(*l->spans));
	l->spans[l->nspans++] = (struct span){ xstrdup(text), area, extra };
}

/* Adds text wrapped to width, the first line after prefix, the rest
 * indented by indent columns. */
static void add_wrapped(struct detailview *d, int item, const char *prefix, enum theme_area prefix_area,
			int indent, const char *text, enum theme_area area, int width)
{
	int room = width - indent;
	if (room < 1)
		room = 1;
	const char *p = text;
	bool first = true;
	do {
		struct dline *l = new_line(d, item);
		if (first) {
			add_span(l, prefix, prefix_area, 0);
			int pw = text_width(prefix);
			for (int i = pw; i < indent; i++)
				add_span(l, " ", prefix_area, 0);
		} else {
			char *pad = xasprintf("%*s", indent, "");
			add_span(l, pad, AREA_VALUE, 0);
			free(pad);
		}
		int used;
		size_t n = text_fit(p, room, &used);
		/* break at a space when the text goes on */
		if (p[n]) {
			size_t sp = n;
			while (sp > 0 && p[sp] != ' ')
				sp--;
			if (sp > 0)
				n = sp;
		}
		if (n == 0 && *p) {
			unsigned cp;
			n = utf8_decode(p, strlen(p), &cp);
		}
		char *chunk = xstrndup(p, n);
		add_span(l, chunk, area, 0);
		free(chunk);
		p += n;
		while (*p == ' ')
			p++;
		first = false;
	} while (*p);
}

static enum theme_area md_area(unsigned style)
{
	if (style & MD_HEADING)
		return AREA_HEADING;
	if (style & MD_LINK)
		return AREA_LINK;
	if (style & MD_CODE)
		return AREA_CODE;
	if (style & MD_QUOTE)
		return AREA_QUOTE;
	if (style & MD_DIM)
		return AREA_EMPTY;
	return AREA_VALUE;
}

static void add_markdown(struct detailview *d, int item, const char *text, int indent, int width)
{
	struct md_doc *doc = md_render(text, strlen(text), width - indent > 10 ? width - indent : 10);
	char *pad = xasprintf("%*s", indent, "");
	for (size_t i = 0; i < doc->nlines; i++) {
		struct dline *l = new_line(d, item);
		add_span(l, pad, AREA_VALUE, 0);
		for (size_t k = 0; k < doc->lines[i].nspans; k++) {
			unsigned st = doc->lines[i].spans[k].style;
			attr_t extra = (st & MD_BOLD ? A_BOLD : 0) | (st & MD_ITALIC ? A_ITALIC : 0);
			add_span(l, doc->lines[i].spans[k].text, md_area(st), extra);
		}
	}
	free(pad);
	md_free(doc);
}

static void add_header(struct detailview *d, int width)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(d->record, "name");
	char *clean = cJSON_IsString(name) ? sanitize_line(name->valuestring, strlen(name->valuestring))
					   : xstrdup("(no name)");
	char *kind = xasprintf("  %s #%" PRId64, entity_title(d->entity), d->id);
	struct dline *l = new_line(d, -1);
	int used;
	size_t n = text_fit(clean, width - text_width(kind) > 8 ? width - text_width(kind) : 8, &used);
	char *cut = xstrndup(clean, n);
	add_span(l, cut, AREA_HEADING, 0);
	add_span(l, kind, AREA_EMPTY, 0);
	free(cut);
	free(clean);
	free(kind);
	if (d->nhistory) {
		l = new_line(d, -1);
		add_span(l, "\xe2\x86\x90 back: h", AREA_EMPTY, 0);
	}
	new_line(d, -1);
}

static int64_t record_pipeline(const cJSON *record)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(record, "pipeline_id");
	return cJSON_IsNumber(p) ? json_i64(p) : 0;
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

static void build_fields(struct view *v, int width)
{
	struct detailview *d = dv(v);
	struct lookups *lk = v->env->lookups;
	const cJSON *layout = lookups_layout(lk, d->entity, record_pipeline(d->record));
	fields_free(d->fields);
	d->fields = fields_build(d->entity, layout, d->record, lk, v->env->refnames);
	int label_w = 0;
	for (size_t i = 0; i < d->fields->count; i++) {
		int w = text_width(d->fields->fields[i].label);
		if (w > label_w)
			label_w = w;
	}
	if (label_w > LABEL_MAX)
		label_w = LABEL_MAX;
	if (label_w > width / 3)
		label_w = width / 3;
	int indent = label_w + 2;
	int item = 0;
	for (size_t i = 0; i < d->fields->count; i++) {
		const struct field *f = &d->fields->fields[i];
		if (f->empty && !d->show_empty)
			continue;
		int used;
		size_t n = text_fit(f->label, label_w, &used);
		char *label = xstrndup(f->label, n);
		if (f->empty) {
			add_wrapped(d, (int)i, label, AREA_LABEL, indent, "\xe2\x80\x94", AREA_EMPTY, width);
		} else if (f->kind == FIELD_LONGTEXT) {
			struct dline *l = new_line(d, (int)i);
			add_span(l, label, AREA_LABEL, 0);
			add_markdown(d, (int)i, f->lines[0], 2, width);
		} else {
			for (size_t k = 0; k < f->nlines; k++)
				add_wrapped(d, (int)i, k ? "" : label, AREA_LABEL, indent, f->lines[k],
					    f->kind == FIELD_UNMAPPED ? AREA_EMPTY
					    : f->ref_id ? AREA_LINK : AREA_VALUE, width);
		}
		free(label);
		item++;
	}
	(void)item;
	d->nitems = (int)d->fields->count;
}

static void build_related(struct view *v, int width)
{
	struct detailview *d = dv(v);
	const char *group = NULL;
	if (!d->nrelated && !d->related_pending) {
		struct dline *l = new_line(d, -1);
		add_span(l, "No related records.", AREA_EMPTY, 0);
	}
	for (size_t i = 0; i < d->nrelated; i++) {
		struct related *r = &d->related[i];
		if (!group || strcmp(group, r->group)) {
			if (group)
				new_line(d, -1);
			struct dline *l = new_line(d, -1);
			add_span(l, r->group, AREA_HEADER, 0);
			group = r->group;
		}
		add_wrapped(d, (int)i, "  ", AREA_VALUE, 2, r->label, AREA_LINK, width);
	}
	if (d->related_pending) {
		struct dline *l = new_line(d, -1);
		add_span(l, "Loading related records\xe2\x80\xa6", AREA_PLACEHOLDER, 0);
	}
	d->nitems = (int)d->nrelated;
}

static void build_activities(struct view *v, int width)
{
	struct detailview *d = dv(v);
	struct lookups *lk = v->env->lookups;
	d->nitems = 0;
	if (d->activities_loading) {
		struct dline *l = new_line(d, -1);
		add_span(l, "Loading the activity timeline\xe2\x80\xa6", AREA_PLACEHOLDER, 0);
		return;
	}
	if (d->activities_error) {
		/* a failure is shown as one, never as an empty timeline */
		add_wrapped(d, -1, "", AREA_ERROR, 0, d->activities_error, AREA_ERROR, width);
		struct dline *l = new_line(d, -1);
		add_span(l, "(a shows the timeline again, R re-reads the record)", AREA_EMPTY, 0);
		return;
	}
	if (!cJSON_GetArraySize(d->activities)) {
		struct dline *l = new_line(d, -1);
		add_span(l, "No activities.", AREA_EMPTY, 0);
		return;
	}
	const cJSON *a;
	int i = 0;
	cJSON_ArrayForEach(a, d->activities) {
		const cJSON *date = cJSON_GetObjectItemCaseSensitive(a, "activity_date");
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(a, "type");
		const cJSON *tid = cJSON_GetObjectItemCaseSensitive(type, "id");
		const cJSON *user = cJSON_GetObjectItemCaseSensitive(a, "user_id");
		const cJSON *details = cJSON_GetObjectItemCaseSensitive(a, "details");
		char *when = cJSON_IsNumber(date) ? fields_format_date(json_i64(date))
						  : xstrdup("(no date)");
		const char *tname = cJSON_IsNumber(tid) ? lookups_name(lk, LOOKUP_ACTIVITY_TYPES,
									json_i64(tid)) : NULL;
		const char *uname = cJSON_IsNumber(user) ? lookups_user_name(lk, json_i64(user))
							 : NULL;
		struct dline *l = new_line(d, i);
		add_span(l, when, AREA_LABEL, 0);
		add_span(l, "  ", AREA_VALUE, 0);
		add_span(l, tname ? tname : "Activity", AREA_HEADING, 0);
		if (uname) {
			add_span(l, "  by ", AREA_EMPTY, 0);
			add_span(l, uname, AREA_VALUE, 0);
		}
		free(when);
		if (cJSON_IsString(details) && details->valuestring[0])
			add_markdown(d, i, details->valuestring, 2, width);
		new_line(d, -1);
		i++;
	}
	d->nitems = i;
}

static void rebuild(struct view *v, int width)
{
	struct detailview *d = dv(v);
	lines_free(d);
	d->width = width;
	if (!d->id)
		return;
	if (!d->record) {
		struct dline *l = new_line(d, -1);
		if (d->error)
			add_span(l, d->error, AREA_ERROR, 0);
		else
			add_span(l, "Loading\xe2\x80\xa6", AREA_PLACEHOLDER, 0);
		return;
	}
	add_header(d, width);
	switch (d->mode) {
	case MODE_FIELDS: build_fields(v, width); break;
	case MODE_RELATED: build_related(v, width); break;
	case MODE_ACTIVITIES: build_activities(v, width); break;
	}
	if (d->selected >= d->nitems)
		d->selected = d->nitems ? d->nitems - 1 : 0;
}

static void invalidate(struct view *v)
{
	dv(v)->width = -1;
	v->dirty = true;
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

static void clear_mode_data(struct detailview *d)
{
	for (size_t i = 0; i < d->nrelated; i++) {
		free(d->related[i].label);
		free(d->related[i].group);
	}
	free(d->related);
	d->related = NULL;
	d->nrelated = 0;
	d->related_pending = 0;
	cJSON_Delete(d->activities);
	d->activities = NULL;
	d->activities_loading = false;
	free(d->activities_error);
	d->activities_error = NULL;
}

static void load(struct view *v, enum entity e, int64_t id, const cJSON *record)
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
	/* a record the list holds costs nothing; one it does not is fetched,
	 * after a short pause so that scrolling fast does not spend requests */
	view_set_timer(v, record || !id ? -1 : FETCH_DEBOUNCE_MS);
	if (record)
		ask_ref_names(v);
	need_lookups(v);
	invalidate(v);
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
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(record, "id");
	if (d->entity != e || !cJSON_IsNumber(id) || json_i64(id) != d->id)
		return;
	cJSON_Delete(d->record);
	d->record = cJSON_Duplicate(record, true);
	d->loading = false;
	need_lookups(v);
	invalidate(v);
}

/* Shows a record. record may be NULL: it is fetched. followed=true keeps
 * the current record in the history (for back); false starts afresh. */
static void show(struct view *v, enum entity e, int64_t id, const cJSON *record, bool followed)
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
	load(v, e, id, record);
}

static void add_related(struct detailview *d, const char *group, enum entity e, int64_t id,
			const char *label)
{
	d->related = xrealloc(d->related, (d->nrelated + 1) * sizeof(*d->related));
	d->related[d->nrelated++] = (struct related){ e, id, sanitize_line(label, strlen(label)),
						      xstrdup(group) };
}

static int64_t id_of(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? json_i64(v) : 0;
}

static void related_search(struct view *v, enum entity e, const char *filter_key, int tag_group)
{
	struct detailview *d = dv(v);
	cJSON *body = cJSON_CreateObject();
	cJSON *ids = cJSON_AddArrayToObject(body, filter_key);
	cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)d->id));
	view_submit(v, api_search(e, body, 1, RELATED_PAGE, NULL, false), PRIO_VISIBLE,
		    TAG_RELATED + tag_group * ENT_COUNT + e);
	cJSON_Delete(body);
	d->related_pending++;
}

static void start_related(struct view *v)
{
	struct detailview *d = dv(v);
	clear_mode_data(d);
	const cJSON *r = d->record;
	char *label;
	int64_t cid = id_of(r, "company_id"), pid = id_of(r, "primary_contact_id");
	const cJSON *cname = cJSON_GetObjectItemCaseSensitive(r, "company_name");
	switch (d->entity) {
	case ENT_PEOPLE:
		if (cid) {
			label = xasprintf("%s", cJSON_IsString(cname) ? cname->valuestring : "(company)");
			add_related(d, "Company", ENT_COMPANIES, cid, label);
			free(label);
		}
		related_search(v, ENT_OPPORTUNITIES, "primary_contact_ids", 0);
		break;
	case ENT_COMPANIES:
		related_search(v, ENT_PEOPLE, "company_ids", 0);
		related_search(v, ENT_OPPORTUNITIES, "company_ids", 0);
		break;
	case ENT_OPPORTUNITIES:
		if (pid) {
			const char *known = refnames_get(v->env->refnames, ENT_PEOPLE, pid);
			label = known ? xstrdup(known) : xasprintf("Person #%" PRId64, pid);
			add_related(d, "Primary contact", ENT_PEOPLE, pid, label);
			free(label);
		}
		if (cid) {
			label = xasprintf("%s", cJSON_IsString(cname) ? cname->valuestring : "(company)");
			add_related(d, "Company", ENT_COMPANIES, cid, label);
			free(label);
		}
		related_search(v, ENT_TASKS, "opportunity_ids", 0);
		break;
	case ENT_PROJECTS:
		related_search(v, ENT_TASKS, "project_ids", 0);
		/* a project has a related record too */
		/* fall through */
	case ENT_TASKS: {
		const cJSON *rr = cJSON_GetObjectItemCaseSensitive(r, "related_resource");
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(rr, "type");
		enum entity e;
		int64_t rid = id_of(rr, "id");
		if (rid && cJSON_IsString(type) && entity_parse(type->valuestring, &e)) {
			const char *known = refnames_get(v->env->refnames, e, rid);
			label = known ? xasprintf("%s: %s", entity_title(e), known)
				      : xasprintf("%s #%" PRId64, entity_title(e), rid);
			add_related(d, "Related to", e, rid, label);
			free(label);
		}
		break;
	}
	case ENT_LEADS:
	default:
		break;
	}
}

static void take_related(struct view *v, struct api_result *r)
{
	struct detailview *d = dv(v);
	enum entity e = (enum entity)((r->tag - TAG_RELATED) % ENT_COUNT);
	d->related_pending--;
	if (r->error.kind != APIE_NONE) {
		view_message(v, MSG_ERROR, "%s", r->error.message);
	} else {
		const cJSON *rec;
		int n = 0;
		refnames_learn(v->env->refnames, e, r->json);
		cJSON_ArrayForEach(rec, r->json) {
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(rec, "name");
			add_related(d, entity_plural(e), e, id_of(rec, "id"),
				    cJSON_IsString(name) ? name->valuestring : "(no name)");
			n++;
		}
		if (r->total > n) {
			char *more = xasprintf("\xe2\x80\xa6 and %" PRId64 " more (filter the %s tab)",
					       r->total - n, entity_plural(e));
			add_related(d, entity_plural(e), e, 0, more);
			free(more);
		}
	}
	invalidate(v);
}

/* ---- actions ------------------------------------------------------------ */

/* The line range [first, last] an item occupies. */
static bool item_lines(struct detailview *d, int item, size_t *first, size_t *last)
{
	bool found = false;
	for (size_t i = 0; i < d->nlines; i++) {
		if (d->lines[i].item != item)
			continue;
		if (!found)
			*first = i;
		*last = i;
		found = true;
	}
	return found;
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
	} else if (dir > 0 && d->top + height < d->nlines) {
		d->top++;
	} else if (dir < 0 && d->top > 0) {
		d->top--;
	}
}

static void scroll_page(struct view *v, long delta)
{
	struct detailview *d = dv(v);
	size_t height = (size_t)(v->rows > 0 ? v->rows : 1);
	size_t max_top = d->nlines > height ? d->nlines - height : 0;
	if (delta < 0 && (size_t)-delta > d->top)
		d->top = 0;
	else
		d->top = d->top + (size_t)delta > max_top ? max_top : d->top + (size_t)delta;
	/* select the first item that starts on screen */
	for (size_t i = d->top; i < d->nlines && i < d->top + height; i++) {
		if (d->lines[i].item >= 0) {
			d->selected = d->lines[i].item;
			break;
		}
	}
}

static char *selected_value(struct detailview *d)
{
	struct strbuf sb = {0};
	if (d->mode == MODE_FIELDS && d->fields && d->selected >= 0 &&
	    (size_t)d->selected < d->fields->count) {
		const struct field *f = &d->fields->fields[d->selected];
		for (size_t i = 0; i < f->nlines; i++)
			sb_printf(&sb, "%s%s", i ? "\n" : "", f->lines[i]);
	} else if (d->mode == MODE_RELATED && d->selected >= 0 && (size_t)d->selected < d->nrelated) {
		sb_puts(&sb, d->related[d->selected].label);
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
		if (d->selected >= 0 && (size_t)d->selected < d->nrelated && d->related[d->selected].id)
			view_post(v, EV_FOLLOW, d->related[d->selected].entity,
				  d->related[d->selected].id, NULL, true);
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
		invalidate(v);
		return;
	}
	if (!d->nhistory) {
		view_message(v, MSG_INFO, "Nothing to go back to");
		return;
	}
	struct place p = d->history[--d->nhistory];
	load(v, p.entity, p.id, NULL);
}

static bool detail_action(struct view *v, enum action a)
{
	struct detailview *d = dv(v);
	if (a == ACTION_CREATE) {
		view_post(v, EV_CREATE_RECORD, v->entity, 0, NULL, true);
		return true;
	}
	if (!d->id)
		return false;
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
		view_message(v, MSG_INFO, "Reloading the record");
		break;
	case ACTION_MOVE_DOWN: move_selection(v, 1); break;
	case ACTION_MOVE_UP: move_selection(v, -1); break;
	case ACTION_PAGE_DOWN: scroll_page(v, page); break;
	case ACTION_PAGE_UP: scroll_page(v, -page); break;
	case ACTION_HALF_PAGE_DOWN: scroll_page(v, page / 2); break;
	case ACTION_HALF_PAGE_UP: scroll_page(v, -page / 2); break;
	case ACTION_MOVE_FIRST: d->top = 0; d->selected = 0; break;
	case ACTION_MOVE_LAST: scroll_page(v, (long)d->nlines); break;
	case ACTION_OPEN: follow_selected(v); break;
	case ACTION_BACK: go_back(v); break;
	case ACTION_TOGGLE_EMPTY:
		d->show_empty = !d->show_empty;
		view_message(v, MSG_INFO, d->show_empty ? "Showing empty fields" : "Hiding empty fields");
		invalidate(v);
		break;
	case ACTION_RELATED:
		if (!d->record)
			break;
		d->mode = d->mode == MODE_RELATED ? MODE_FIELDS : MODE_RELATED;
		if (d->mode == MODE_RELATED)
			start_related(v);
		d->selected = 0;
		d->top = 0;
		invalidate(v);
		break;
	case ACTION_ACTIVITIES:
		if (!d->record)
			break;
		d->mode = d->mode == MODE_ACTIVITIES ? MODE_FIELDS : MODE_ACTIVITIES;
		if (d->mode == MODE_ACTIVITIES) {
			clear_mode_data(d);
			lookups_need(v->env->lookups, LOOKUP_ACTIVITY_TYPES);
			d->activities_loading = true;
			view_submit(v, api_activities(d->entity, d->id, 1, 50), PRIO_VISIBLE, TAG_ACTIVITIES);
		}
		d->selected = 0;
		d->top = 0;
		invalidate(v);
		break;
	case ACTION_COPY_VALUE: {
		char *value = selected_value(d);
		if (value) {
			term_copy(v->env->term, value);
			view_message(v, MSG_INFO, "Copied the value to the clipboard");
		} else
			view_message(v, MSG_INFO, "Nothing to copy here");
		free(value);
		break;
	}
	case ACTION_COPY_URL:
	case ACTION_OPEN_BROWSER: {
		int64_t account = view_account_id(v);
		if (!account) {
			view_message(v, MSG_WARNING, "The account is not known yet; try again in a moment");
			break;
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
		break;
	}
	default:
		return false;
	}
	v->dirty = true;
	return true;
}

static double activity_date(const cJSON *a)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(a, "activity_date");
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

static void detail_result(struct view *v, struct api_result *r)
{
	struct detailview *d = dv(v);
	if (r->tag == TAG_RECORD) {
		d->loading = false;
		if (r->error.kind != APIE_NONE) {
			free(d->error);
			d->error = xstrdup(r->error.message);
		} else if (!cJSON_IsObject(r->json)) {
			free(d->error);
			d->error = xstrdup("the server's answer was not a record");
		} else {
			cJSON_Delete(d->record);
			d->record = r->json;
			r->json = NULL;
			free(d->error);
			d->error = NULL;
			refnames_learn(v->env->refnames, d->entity, d->record);
			ask_ref_names(v);
			need_lookups(v);
		}
	} else if (r->tag == TAG_ACTIVITIES) {
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
	} else if (r->tag >= TAG_RELATED) {
		take_related(v, r);
	} else {
		bool learned;
		if (refnames_on_result(v->env->refnames, r, TAG_NAMES, &learned) && learned)
			view_post(v, EV_NAMES_LEARNED, d->entity, 0, NULL, false);
	}
	invalidate(v);
}

static void detail_timer(struct view *v)
{
	struct detailview *d = dv(v);
	if (d->id && !d->record && d->loading)
		view_submit(v, api_fetch(d->entity, d->id), PRIO_VISIBLE, TAG_RECORD);
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
	size_t height = (size_t)v->rows;
	if (d->top + height > d->nlines)
		d->top = d->nlines > height ? d->nlines - height : 0;
	for (size_t y = 0; y < height && d->top + y < d->nlines; y++) {
		const struct dline *l = &d->lines[d->top + y];
		bool sel = focused && l->item >= 0 && l->item == d->selected;
		wmove(w, (int)y, 0);
		int x = 0;
		for (size_t k = 0; k < l->nspans && x < v->cols; k++) {
			attr_t at = theme_attr(l->spans[k].area) | l->spans[k].extra;
			if (sel && k == 0 && d->mode == MODE_FIELDS)
				at = theme_attr(AREA_CURSOR);
			else if (sel && d->mode != MODE_FIELDS && k > 0)
				at = theme_attr(AREA_CURSOR);
			wattrset(w, at);
			int used;
			size_t n = text_fit(l->spans[k].text, v->cols - x, &used);
			waddnstr(w, l->spans[k].text, (int)n);
			x += used;
		}
	}
	/* more below: a marker in the last column */
	if (d->top + height < d->nlines && v->cols > 0) {
		wattrset(w, theme_attr(AREA_BORDER));
		mvwaddstr(w, v->rows - 1, v->cols - 1, "\xe2\x86\x93");
	}
}

static char *detail_describe(struct view *v)
{
	(void)v;
	return xstrdup("");
}

static void detail_close(struct view *v)
{
	struct detailview *d = dv(v);
	lines_free(d);
	fields_free(d->fields);
	clear_mode_data(d);
	cJSON_Delete(d->record);
	free(d->history);
	free(d->error);
	free(d);
}

static void *detail_create(struct view *v, enum entity e)
{
	struct detailview *d = xcalloc(1, sizeof(*d));
	(void)v;
	d->entity = e;
	d->width = -1;
	return d;
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
	invalidate(v);
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
			show(v, ev->entity, ev->id, ev->record, false);
		break;
	case EV_FOLLOW: case EV_OPEN_RECORD:
		show(v, ev->entity, ev->id, ev->record, true);
		break;
	case EV_RECORD_SAVED:
		record_saved(v, ev->entity, ev->record);
		break;
	case EV_REFRESH_RECORD:
		if (ev->entity == d->entity && ev->id == d->id)
			refetch(v);
		break;
	case EV_PANE_ACTION:
		detail_action(v, (enum action)ev->id);
		break;
	case EV_NAMES_LEARNED: case EV_LOOKUPS_CHANGED:
		if (d->record)
			invalidate(v);
		break;
	default:
		break;
	}
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
	.describe = detail_describe,
	.close = detail_close,
};
