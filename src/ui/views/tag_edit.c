/* tag_edit.c - see tag_edit.h */
#include "config.h"

#include "ui/views/tag_edit.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CANDIDATES_MAX 64

void tag_edit_clear(struct tag_edit *te)
{
	if (te->view)
		prompt_forget(te->view->env->prompt, te);
	for (size_t i = 0; i < te->n; i++)
		cJSON_Delete(te->held ? te->held[i] : NULL);
	free(te->ids);
	free(te->held);
	te->ids = NULL;
	te->held = NULL;
	te->n = 0;
}

static char *trimmed(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == ','))
		len--;
	return xstrndup(s, len);
}

/* The next "+=" or "-=" at or after p, or NULL. */
static const char *next_verb(const char *p)
{
	for (; *p; p++)
		if ((*p == '+' || *p == '-') && p[1] == '=')
			return p;
	return NULL;
}

size_t tag_edit_parse(const char *text, char ***out)
{
	size_t n = 0;
	*out = NULL;
	const char *p = text ? text : "";
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '=') {
		/* the whole new list */
		*out = xcalloc(1, sizeof(char *));
		(*out)[n++] = trimmed(p + 1, strlen(p + 1));
		return n;
	}
	const char *verb = next_verb(p);
	size_t cap = 1;
	for (const char *q = p; (q = next_verb(q)); q += 2)
		cap++;
	*out = xcalloc(cap, sizeof(char *));
	/* words before any verb are added */
	char *first = trimmed(p, verb ? (size_t)(verb - p) : strlen(p));
	if (*first)
		(*out)[n++] = xasprintf("+= %s", first);
	free(first);
	while (verb) {
		const char *items = verb + 2, *after = next_verb(items);
		char *part = trimmed(items, after ? (size_t)(after - items) : strlen(items));
		if (*part)
			(*out)[n++] = xasprintf("%c= %s", verb[0], part);
		free(part);
		verb = after;
	}
	if (!n) {
		free(*out);
		*out = NULL;
	}
	return n;
}

struct ranked {
	const char *name;
	double count;
};

static int by_use(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcasecmp(x->name, y->name);
}

size_t tag_edit_candidates(struct lookups *lk, const char *prefix, char ***out, size_t max)
{
	const cJSON *tags = lookups_get(lk, LOOKUP_TAGS), *t;
	size_t n = 0, k = 0, len = strlen(prefix);
	struct ranked *r = xcalloc((size_t)cJSON_GetArraySize(tags) + 1, sizeof(*r));
	cJSON_ArrayForEach(t, json_array(tags)) {
		/* {"name", "count", ...}, or a bare name (tag_names_only) */
		const char *name = json_str(t) ? t->valuestring : json_member_str(t, "name");
		if (!name || strncasecmp(name, prefix, len))
			continue;
		const cJSON *count = json_get(t, "count");
		r[n++] = (struct ranked){ name, cJSON_IsNumber(count) ? count->valuedouble : 0 };
	}
	qsort(r, n, sizeof(*r), by_use);
	*out = xcalloc(n < max ? n + 1 : max + 1, sizeof(char *));
	for (size_t i = 0; i < n && k < max; i++)
		(*out)[k++] = sanitize_line(r[i].name, strlen(r[i].name));
	free(r);
	return k;
}

/* ---- the prompt ------------------------------------------------------------ */

static void submit(void *ctx, const char *text);

static size_t complete(void *ctx, const char *text, size_t cursor, char ***out, size_t *start,
		       size_t *end)
{
	struct tag_edit *te = ctx;
	/* the word being typed: after the last verb or comma */
	size_t from = cursor;
	while (from > 0 && text[from - 1] != ',' && text[from - 1] != '=')
		from--;
	while (from < cursor && text[from] == ' ')
		from++;
	char *prefix = xstrndup(text + from, cursor - from);
	size_t n = tag_edit_candidates(te->view->env->lookups, prefix, out, CANDIDATES_MAX);
	free(prefix);
	*start = from;
	*end = cursor;
	return n;
}

static const struct prompt_ops tag_prompt_ops = {
	.submit = submit,
	.complete = complete,
};

static char *what_of(char **parts, size_t n)
{
	struct strbuf sb = {0};
	sb_puts(&sb, "Tags");
	for (size_t i = 0; i < n; i++)
		sb_printf(&sb, " %s%s", parts[i][0] == '+' || parts[i][0] == '-' ? "" : "= ", parts[i]);
	return sb_detach(&sb);
}

static void submit(void *ctx, const char *text)
{
	struct tag_edit *te = ctx;
	struct view *v = te->view;
	char **parts;
	size_t n = tag_edit_parse(text, &parts);
	if (!n) {
		view_message(v, MSG_INFO, "No tag typed: nothing changed");
		return;
	}
	char *what = what_of(parts, n);
	struct batch *b = batch_new(what, v->env->lookups);
	for (size_t i = 0; i < n; i++)
		batch_add_change(b, "tags", NULL, parts[i]);
	for (size_t i = 0; i < te->n; i++)
		batch_add_record(b, te->entity, te->ids[i], te->held ? te->held[i] : NULL);
	if (!bulk_start(v, te->bulk, b))
		/* refused (the reason is shown): what was typed stays for a fix */
		view_prompt(v, "Tags: ", text, &tag_prompt_ops, te);
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
	free(what);
}

void tag_edit_open(struct tag_edit *te, struct view *v, struct bulk *bk, enum entity e,
		   const int64_t *ids, const cJSON *const *held, size_t n)
{
	tag_edit_clear(te);
	if (!n) {
		view_message(v, MSG_INFO, "No record here");
		return;
	}
	te->view = v;
	te->bulk = bk;
	te->entity = e;
	te->n = n;
	te->ids = xcalloc(n, sizeof(*te->ids));
	te->held = xcalloc(n, sizeof(*te->held));
	memcpy(te->ids, ids, n * sizeof(*ids));
	for (size_t i = 0; held && i < n; i++)
		te->held[i] = held[i] ? cJSON_Duplicate(held[i], true) : NULL;
	lookups_need(v->env->lookups, LOOKUP_TAGS);
	char *label;
	if (n == 1 && held && held[0]) {
		/* one record: what it has now, in the label */
		struct strbuf has = {0};
		const cJSON *t;
		cJSON_ArrayForEach(t, json_array(json_get(held[0], "tags")))
			if (json_str(t))
				sb_printf(&has, "%s%s", has.len ? ", " : "", t->valuestring);
		char *clean = sanitize_line(has.len ? has.data : "none", has.len ? has.len : 4);
		label = xasprintf("Tags (has: %s; += adds, -= removes): ", clean);
		free(clean);
		sb_free(&has);
	} else {
		char *many = str_thousands((int64_t)n);
		const char *noun = n == 1 ? entity_title(e) : entity_plural(e);
		label = xasprintf("Tags of %s %s (+= adds, -= removes, Tab completes): ", many, noun);
		free(many);
	}
	view_prompt(v, label, "+= ", &tag_prompt_ops, te);
	free(label);
}
