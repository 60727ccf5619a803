/*
 * app_tabs.c - the tabs: an entity's (its list and detail panes) or a page
 * (a view of its own over the whole body, Today), in one row; moving
 * between them by key, by name (":"), and the one to start on
 * (start-view). See app_internal.h.
 */
#include "config.h"

#include "ui/app_internal.h"
#include "ui/views/views.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void app_switch_tab(struct app *a, enum entity e)
{
	if (a->current == e && !a->page)
		return;
	a->page = NULL;
	a->current = e;
	a->focus_detail = false;
	a->help_open = false;
	app_deliver(a->tabs[e].list, &(struct ui_event){ .type = EV_TAB_SHOWN, .entity = e });
	app_mark_all_dirty(a);
	if (a->maximized)
		a->layout_dirty = true;
}

/* Shows a page (a tab of its own) instead of the entity's tab. */
void app_show_page(struct app *a, struct view *page)
{
	if (a->page == page)
		return;
	a->page = page;
	a->help_open = false;
	app_deliver(page, &(struct ui_event){ .type = EV_TAB_SHOWN, .entity = ENT_COUNT });
	app_mark_all_dirty(a);
	a->layout_dirty = true;
}

/* Opens what a tab-by-name candidate names: i < ENT_COUNT an entity's
 * tab, else a page or a modal view with a title. */
static void open_named(struct app *a, struct view *titled, int entity)
{
	if (!titled)
		app_switch_tab(a, (enum entity)entity);
	else if (titled->ops->place == VIEW_PAGE)
		app_show_page(a, titled);
	else if (titled->ops->open)
		titled->ops->open(titled);
}

/* A page or a modal view with a title, named by t (exact: the whole
 * title; else a prefix of it). */
static size_t titled_views(struct app *a, const char *t, bool exact, struct view **found)
{
	size_t n = 0;
	struct view *views[2 * ENT_COUNT + MAX_PAGES + MAX_MODALS];
	size_t count = app_all_views(a, views);
	for (size_t i = 0; i < count; i++) {
		const char *title = views[i]->ops->title;
		enum view_place place = views[i]->ops->place;
		if (!title || (place != VIEW_PAGE && place != VIEW_MODAL))
			continue;
		if (exact ? !strcasecmp(title, t) : !strncasecmp(title, t, strlen(t))) {
			*found = views[i];
			n++;
		}
	}
	return n;
}

static void tab_by_name_submit(void *ctx, const char *text)
{
	struct app *a = ctx;
	enum entity e;
	char *t = str_trim(xstrdup(text));
	struct view *titled = NULL;
	int found = -1;
	size_t matches = 0;
	if (entity_parse(t, &e)) {
		found = (int)e;
		matches = 1;
	} else if (*t && !(matches = titled_views(a, t, true, &titled))) {
		/* a unique prefix of a tab's title is enough */
		for (int i = 0; i < ENT_COUNT; i++)
			if (!strncasecmp(entity_plural((enum entity)i), t, strlen(t)))
				found = i, matches++;
		matches += titled_views(a, t, false, &titled);
	}
	if (matches == 1)
		open_named(a, titled, found);
	else
		status_message(&a->status, MSG_ERROR, "No single tab named '%s' (Today, People, Companies, "
			       "Leads, Opportunities, Projects, Tasks, Tags)", t);
	free(t);
}

static size_t tab_by_name_complete(void *ctx, const char *text, size_t cursor, char ***out,
				   size_t *start, size_t *end)
{
	struct app *a = ctx;
	(void)cursor;
	size_t n = 0;
	*out = xcalloc(ENT_COUNT + MAX_PAGES + MAX_MODALS + 1, sizeof(char *));
	for (size_t i = 0; i < a->npages; i++)
		if (a->pages[i]->ops->title && !strncasecmp(a->pages[i]->ops->title, text, strlen(text)))
			(*out)[n++] = xstrdup(a->pages[i]->ops->title);
	for (int i = 0; i < ENT_COUNT; i++)
		if (!strncasecmp(entity_plural((enum entity)i), text, strlen(text)))
			(*out)[n++] = xstrdup(entity_plural((enum entity)i));
	for (size_t i = 0; i < a->nmodals; i++)
		if (a->modals[i]->ops->title && !strncasecmp(a->modals[i]->ops->title, text, strlen(text)))
			(*out)[n++] = xstrdup(a->modals[i]->ops->title);
	*start = 0;
	*end = strlen(text);
	return n;
}

/* The tabs in order: the pages, then the entities'. */
static size_t tab_count(struct app *a)
{
	return a->npages + ENT_COUNT;
}

static size_t tab_index(struct app *a)
{
	for (size_t i = 0; i < a->npages; i++)
		if (a->page == a->pages[i])
			return i;
	return a->npages + (size_t)a->current;
}

void app_go_to_tab(struct app *a, size_t index)
{
	if (index < a->npages)
		app_show_page(a, a->pages[index]);
	else if (index < tab_count(a))
		app_switch_tab(a, (enum entity)(index - a->npages));
}

void app_step_tab(struct app *a, int step)
{
	size_t n = tab_count(a);
	app_go_to_tab(a, (tab_index(a) + (step > 0 ? 1 : n - 1)) % n);
}

/* A tab's label: the key that shows it, and its title. Caller frees. */
static char *tab_label(struct app *a, enum action shows, const char *title)
{
	char *keys = keymap_keys_for(&a->keymap, KEYCTX_GLOBAL, shows);
	if (keys)
		keys[strcspn(keys, ",")] = '\0'; /* the first is enough */
	char *label = keys ? xasprintf("%s %s", keys, title) : xstrdup(title);
	free(keys);
	return label;
}

size_t app_tab_labels(struct app *a, char **labels, size_t *current)
{
	size_t n = 0;
	*current = 0;
	for (size_t i = 0; i < a->npages; i++) {
		if (a->page == a->pages[i])
			*current = n;
		labels[n++] = tab_label(a, a->pages[i]->ops->opener, a->pages[i]->ops->title);
	}
	for (int i = 0; i < ENT_COUNT; i++) {
		if (!a->page && a->current == (enum entity)i)
			*current = n;
		labels[n++] = tab_label(a, (enum action)(ACTION_TAB_PEOPLE + i), entity_plural((enum entity)i));
	}
	return n;
}

static const struct prompt_ops tab_by_name_ops = {
	.submit = tab_by_name_submit,
	.complete = tab_by_name_complete,
};

void app_ask_tab_by_name(struct app *a)
{
	prompt_open(&a->prompt, "Tab: ", "", &tab_by_name_ops, a);
}

/* The page the settings name to start on (start-view), or NULL. */
struct view *app_start_page(struct app *a)
{
	const char *name = a->settings->start_view;
	for (size_t i = 0; name && i < a->npages; i++)
		if (a->pages[i]->ops->title && !strcasecmp(a->pages[i]->ops->title, name))
			return a->pages[i];
	return NULL;
}

/* start-view names a page or a tab; else the user is told before the
 * screen opens. */
bool app_start_view_valid(const struct settings *s)
{
	enum entity e;
	if (!s->start_view || entity_parse(s->start_view, &e))
		return true;
	for (size_t i = 0; i < view_registry_count; i++)
		if (view_registry[i]->place == VIEW_PAGE && view_registry[i]->title &&
		    !strcasecmp(view_registry[i]->title, s->start_view))
			return true;
	fprintf(stderr, "patina: start-view: no view named '%s' (today, people, companies, leads, "
		"opportunities, projects, tasks)\n", s->start_view);
	return false;
}
