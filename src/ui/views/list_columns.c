/*
 * list_columns.c - the columns a list shows (see model/columns.h): the
 * choice typed in the list (C) and remembered in the state directory, else
 * `set columns.ENTITY` from the config, else all of them. Every row holds
 * every column's cell, so a new choice costs no request.
 */
#include "config.h"

#include "ui/views/list_internal.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *lower(char *s)
{
	for (char *c = s; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	return s;
}

static char *state_path(void)
{
	char *dir = xdg_dir("state");
	char *path = xasprintf("%s/columns", dir);
	free(dir);
	return path;
}

/* The state file, if it lives where only the user can write. */
static char *read_state(void)
{
	char *dir = xdg_dir("state"), *why = NULL;
	bool trusted = dir_check_private(dir, &why);
	free(why);
	free(dir);
	if (!trusted)
		return NULL;
	char *path = state_path();
	char *text = file_read(path, 64 * 1024, FILE_NOFOLLOW, NULL, NULL);
	free(path);
	return text;
}

void list_columns_init(struct view *v)
{
	struct listview *l = lv(v);
	const struct settings *s = v->env->settings;
	char *text = read_state();
	bool remembered = text && columns_remembered(text, l->entity, &l->choice);
	free(text);
	if (remembered)
		return;
	for (size_t i = 0; i < s->column_count; i++) {
		enum entity e;
		char *error = NULL;
		if (entity_parse(s->column_lists[i], &e) && e == l->entity &&
		    columns_parse_choice(e, s->column_specs[i], &l->choice, &error))
			return;
		free(error);
	}
	columns_choice_all(l->entity, &l->choice);
}

static void columns_submit(void *ctx, const char *text)
{
	struct view *v = ctx;
	struct listview *l = lv(v);
	struct column_choice c;
	char *error;
	if (!columns_parse_choice(l->entity, text, &c, &error)) {
		view_message(v, MSG_ERROR, "Columns unchanged: %s", error);
		free(error);
		return;
	}
	l->choice = c;
	v->dirty = true;
	char *spec = columns_format_choice(l->entity, &c);
	char *old = read_state();
	char *state = columns_remember(old, l->entity, spec);
	char *path = state_path();
	writer_write(v->env->writer, path, state, strlen(state), false);
	view_message(v, MSG_INFO, "Columns of %s: %s (remembered)", entity_plural(l->entity), spec);
	free(path);
	free(state);
	free(old);
	free(spec);
}

static size_t columns_complete(void *ctx, const char *text, size_t cursor, char ***out,
			       size_t *start, size_t *end)
{
	struct view *v = ctx;
	size_t from = cursor;
	while (from > 0 && text[from - 1] != ' ')
		from--;
	size_t n = 0, count;
	const struct column *cols = columns_for(lv(v)->entity, &count);
	*out = xcalloc(count ? count : 1, sizeof(char *));
	for (size_t i = 0; i < count; i++)
		if (!strncasecmp(cols[i].title, text + from, cursor - from))
			(*out)[n++] = lower(xstrdup(cols[i].title));
	*start = from;
	*end = cursor;
	return n;
}

static const struct prompt_ops columns_ops = {
	.submit = columns_submit,
	.complete = columns_complete,
};

void list_columns_ask(struct view *v)
{
	char *spec = columns_format_choice(lv(v)->entity, &lv(v)->choice);
	view_prompt(v, "Columns (name:20 fixes a width; Tab completes): ", spec, &columns_ops, v);
	free(spec);
}
