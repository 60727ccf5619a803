/*
 * list_export.c - the list, every page, to a file (X; see
 * list_internal.h).
 *
 * The user names the file (by default <entity>-<date>.csv in the current
 * directory; .csv or .json); a file already there is replaced only when
 * the user says so. The search is the list's as it was when asked, read
 * page by page (200 records a request, two at a time, so the user's own
 * requests go between and the fetch thread's budget paces the whole), as
 * the list's work: a new search does not stop it. CSV is the list's
 * columns as shown, with the id first, written as `patina find -o csv`
 * writes them (model/export.h: no cell runs as a formula); JSON is the
 * records as Copper sent them. The related records' names are asked for
 * page by page, as the list does. The text goes to the disk off the UI
 * thread (util/writer.h) as it is made, a part at a time, into a file
 * beside the one named, which takes its name only once it is whole: the
 * memory it costs is a part, not the file. "Exported" is said only then.
 */
#include "config.h"

#include "model/export.h"
#include "ui/loop.h"
#include "ui/views/list_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define EXPORT_WINDOW 2       /* pages asked for at once */
#define TAG_NAMES_BIT (1LL << 40)
#define WRITER_POLL_MS 100
#define PART_BYTES (256 * 1024) /* text handed to the writer at once */

struct export {
	char *path;
	bool json;
	bool replace;
	enum entity entity;
	cJSON *body;              /* the search as it was asked */
	const char *sort_by;
	bool descending;
	int pages;
	int next_request;         /* the next page to ask for */
	cJSON **arrived;          /* per page (1-based), until written */
	int next_write;           /* the next page to put in the text */
	int names_pending;        /* name searches out */
	long written;             /* records in the text */
	struct strbuf text;       /* not yet handed to the writer */
	uint64_t ticket;          /* with the writer */
	bool streaming;           /* parts go to the writer as they are made
				   * (without a writer thread: all at the end) */
	bool writing;             /* all is with the writer */
	long long timer;
};

char *list_export_progress(struct listview *l)
{
	struct export *x = l->export;
	if (!x || !x->path)
		return NULL;
	if (x->writing)
		return xstrdup("writing the export");
	return xasprintf("exporting %d/%d pages", x->next_write - 1, x->pages);
}

void list_export_free(struct view *v)
{
	struct listview *l = lv(v);
	free(l->export_asked);
	l->export_asked = NULL;
	struct export *x = l->export;
	if (!x)
		return;
	if (x->timer)
		loop_del_timer(v->env->loop, x->timer);
	/* stopped before the end: what was written goes, under no name */
	if (x->streaming && !x->writing)
		writer_export_abort(v->env->writer, x->ticket, x->path);
	for (int p = 1; x->arrived && p <= x->pages; p++)
		cJSON_Delete(x->arrived[p]);
	free(x->arrived);
	cJSON_Delete(x->body);
	free(x->path);
	sb_free(&x->text);
	free(x);
	l->export = NULL;
}

/* ---- reading and writing --------------------------------------------------- */

static void ask_page(struct view *v, struct export *x)
{
	int p = x->next_request++;
	view_submit_work(v, api_search(x->entity, x->body, p, LIST_PAGE_SIZE, x->sort_by, x->descending),
			 PRIO_PREFETCH, LIST_TAG_EXPORT | p);
}

static void stop(struct view *v, const char *why)
{
	struct listview *l = lv(v);
	view_message(v, MSG_ERROR, "Not exported to %s: %s", l->export->path, why);
	list_export_free(v);
	v->dirty = true;
}

static void poll_writer(struct loop *loop, long long id, void *data)
{
	struct view *v = data;
	struct listview *l = lv(v);
	struct export *x = l->export;
	(void)id;
	x->timer = 0;
	char *error = NULL;
	if (!writer_finished(v->env->writer, x->ticket, &error)) {
		x->timer = loop_add_timer(loop, now_ms() + WRITER_POLL_MS, poll_writer, v);
		return;
	}
	if (error) {
		stop(v, error);
		free(error);
		return;
	}
	char *n = str_thousands(x->written);
	view_message(v, MSG_INFO, "Exported %s %s to %s", n, x->written == 1 ? entity_title(x->entity)
		     : entity_plural(x->entity), x->path);
	free(n);
	list_export_free(v);
	v->dirty = true;
}

/* The text made so far to the writer, as a part of the file. */
static void hand_over(struct view *v, struct export *x)
{
	if (!x->text.len)
		return;
	size_t len = x->text.len;
	writer_export_part(v->env->writer, x->ticket, x->path, sb_detach(&x->text), len);
}

/* Hands the rest to the disk writer; its outcome is watched for. */
static void write_out(struct view *v, struct export *x)
{
	if (x->json)
		export_json_end(&x->text, x->written);
	char *error = NULL;
	x->writing = true;
	if (x->streaming) {
		hand_over(v, x);
		writer_export_close(v->env->writer, x->ticket, x->path, x->replace);
	} else {
		size_t len = x->text.len;
		x->ticket = writer_export(v->env->writer, x->path, sb_detach(&x->text), len, x->replace,
					  &error);
	}
	if (!x->ticket) {
		/* no writer thread: written already */
		if (error)
			stop(v, error);
		else
			poll_writer(v->env->loop, 0, v);
		free(error);
		return;
	}
	char *n = str_thousands(x->written);
	view_message(v, MSG_INFO, "Writing %s %s to %s\xe2\x80\xa6", n, entity_plural(x->entity), x->path);
	free(n);
	x->timer = loop_add_timer(v->env->loop, now_ms() + WRITER_POLL_MS, poll_writer, v);
}

/* Puts the pages that are next in order in the text, once the names their
 * cells show have come. */
static void write_ready(struct view *v, struct export *x)
{
	while (x->next_write <= x->pages && x->arrived[x->next_write] && !x->names_pending) {
		const cJSON *rec;
		cJSON_ArrayForEach(rec, x->arrived[x->next_write]) {
			if (x->json)
				export_json_record(&x->text, rec, x->written);
			else
				export_csv_record(&x->text, x->entity, rec, v->env->lookups, v->env->refnames);
			x->written++;
		}
		cJSON_Delete(x->arrived[x->next_write]);
		x->arrived[x->next_write++] = NULL;
		if (x->streaming && x->text.len >= PART_BYTES)
			hand_over(v, x);
	}
	if (x->next_write > x->pages && !x->writing)
		write_out(v, x);
	v->dirty = true;
}

bool list_export_result(struct view *v, struct api_result *r)
{
	struct listview *l = lv(v);
	struct export *x = l->export;
	if (r->tag < 0 || !(r->tag & LIST_TAG_EXPORT) || (r->tag & BULK_TAG))
		return false;
	if (!x || x->writing)
		return true;
	if (r->tag & TAG_NAMES_BIT) {
		refnames_on_result(v->env->refnames, r, LIST_TAG_EXPORT | TAG_NAMES_BIT, NULL);
		x->names_pending--;
		write_ready(v, x);
		return true;
	}
	int page = (int)(r->tag & 0xffffff);
	if (page < 1 || page > x->pages)
		return true;
	if (r->error.kind != APIE_NONE || !cJSON_IsArray(r->json)) {
		char *why = xasprintf("page %d of %d could not be read (%s); nothing was written", page,
				      x->pages, r->error.message ? r->error.message : "the answer was not a list");
		stop(v, why);
		free(why);
		return true;
	}
	x->arrived[page] = r->json;
	r->json = NULL;
	if (!x->json) {
		/* the names of related records its cells show */
		struct refnames_batch names = {0};
		refnames_learn(v->env->refnames, x->entity, x->arrived[page]);
		refnames_want_refs(v->env->refnames, &names, x->entity, x->arrived[page]);
		x->names_pending += (int)refnames_ask(v->env->refnames, &names, v->env->sender, v->work_owner,
						       1, PRIO_PREFETCH, LIST_TAG_EXPORT | TAG_NAMES_BIT);
		refnames_batch_clear(&names);
	}
	if (x->next_request <= x->pages)
		ask_page(v, x);
	write_ready(v, x);
	return true;
}

/* ---- asking ------------------------------------------------------------------- */

static void begin(struct view *v, const char *path, bool replace)
{
	struct listview *l = lv(v);
	cJSON *body = list_search_body(l);
	if (!body) {
		view_message(v, MSG_ERROR, "Not exported: the list's search (%s) is not one Copper's "
			     "search can repeat page by page; clear it with / first",
			     l->entity == ENT_TASKS ? "tasks by name, from the mirror" : "a look-up by email");
		return;
	}
	size_t count = rowstore_count(&l->rows);
	struct export *x = xcalloc(1, sizeof(*x));
	size_t len = strlen(path);
	x->path = xstrdup(path);
	x->json = len >= 5 && !strcasecmp(path + len - 5, ".json");
	x->replace = replace;
	x->entity = l->entity;
	x->body = body;
	x->sort_by = l->sort >= 0 ? l->cols[l->sort].sort_by : NULL;
	x->descending = l->descending;
	x->pages = count ? (int)((count + LIST_PAGE_SIZE - 1) / LIST_PAGE_SIZE) : 1;
	x->arrived = xcalloc((size_t)x->pages + 1, sizeof(*x->arrived));
	x->next_request = 1;
	x->next_write = 1;
	if (!x->json)
		export_csv_header(&x->text, x->entity);
	x->streaming = v->env->writer != NULL;
	if (x->streaming)
		x->ticket = writer_export_open(v->env->writer, path);
	l->export = x;
	lookups_need_for_record(v->env->lookups, l->entity);
	for (int i = 0; i < EXPORT_WINDOW && x->next_request <= x->pages; i++)
		ask_page(v, x);
	char *n = str_thousands((int64_t)count);
	view_message(v, MSG_INFO, "Exporting %s %s to %s: %d page%s to read\xe2\x80\xa6", n,
		     entity_plural(l->entity), path, x->pages, x->pages == 1 ? "" : "s");
	free(n);
	v->dirty = true;
}

static const struct prompt_ops path_ops, replace_ops;

static void replace_submit(void *ctx, const char *answer)
{
	struct view *v = ctx;
	char *path = lv(v)->export_asked;
	lv(v)->export_asked = NULL;
	if (answer && *answer == 'y' && path && !lv(v)->export)
		begin(v, path, true);
	else if (path)
		view_prompt(v, "Export to (.csv or .json): ", path, &path_ops, v);
	free(path);
}

static void replace_cancel(void *ctx)
{
	struct view *v = ctx;
	free(lv(v)->export_asked);
	lv(v)->export_asked = NULL;
}

static const struct prompt_ops replace_ops = {
	.submit = replace_submit, .cancel = replace_cancel, .answer_keys = "yn",
};

static char *expand_home(const char *text)
{
	char *t = str_trim(xstrdup(text));
	const char *home = getenv("HOME");
	if (t[0] == '~' && (t[1] == '/' || !t[1]) && home && *home) {
		char *full = xasprintf("%s%s", home, t + 1);
		free(t);
		return full;
	}
	return t;
}

static void path_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	char *path = expand_home(text);
	size_t len = strlen(path);
	bool csv = len >= 4 && !strcasecmp(path + len - 4, ".csv");
	bool json = len >= 5 && !strcasecmp(path + len - 5, ".json");
	struct stat st;
	if (!csv && !json) {
		view_message(v, MSG_ERROR, "Name the file .csv or .json (it says which)");
		view_prompt(v, "Export to (.csv or .json): ", text, &path_ops, v);
	} else if (lstat(path, &st) == 0) {
		/* never over a file without asking */
		char *q = xasprintf("%s is there already: replace it? (y/n) ", path);
		free(lv(v)->export_asked);
		lv(v)->export_asked = xstrdup(path);
		view_prompt(v, q, "", &replace_ops, v);
		free(q);
	} else if (errno != ENOENT) {
		view_message(v, MSG_ERROR, "Cannot export to %s: %s", path, strerror(errno));
		view_prompt(v, "Export to (.csv or .json): ", text, &path_ops, v);
	} else {
		begin(v, path, false);
	}
	free(path);
}

static const struct prompt_ops path_ops = { .submit = path_submit };

void list_export_start(struct view *v)
{
	struct listview *l = lv(v);
	if (l->export) {
		char *p = list_export_progress(l);
		view_message(v, MSG_INFO, "An export is under way (%s)", p ? p : "");
		free(p);
		return;
	}
	if (!l->first_loaded) {
		view_message(v, MSG_INFO, "The list is still loading; X exports it once it is here");
		return;
	}
	if (!rowstore_count(&l->rows)) {
		view_message(v, MSG_INFO, "Nothing to export: the list is empty");
		return;
	}
	char day[16];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	char *name = xasprintf("%s-%s.csv", entity_path(l->entity), day);
	char *many = str_thousands((int64_t)rowstore_count(&l->rows));
	char *label = xasprintf("Export %s %s to (.csv or .json): ", many, entity_plural(l->entity));
	view_prompt(v, label, name, &path_ops, v);
	free(label);
	free(many);
	free(name);
}
