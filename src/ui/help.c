/* help.c - see help.h */
#include "config.h"

#include "ui/help.h"
#include "ui/paint.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define KEYS_MAX_WIDTH 24

static void add(struct help *h, const char *keys, const char *text, bool heading)
{
	h->lines = xrealloc(h->lines, (h->count + 1) * sizeof(*h->lines));
	h->lines[h->count++] = (struct help_line){ keys ? xstrdup(keys) : NULL, xstrdup(text), heading };
}

void help_build(struct help *h, const struct keymap *km, const struct help_section *sections,
		size_t nsections)
{
	help_free(h);
	h->section_at = xcalloc(nsections ? nsections : 1, sizeof(*h->section_at));
	for (size_t s = 0; s < nsections; s++) {
		h->section_at[h->nsections++] = h->count;
		add(h, NULL, sections[s].title, true);
		for (int act = 1; act < ACTION_COUNT; act++) {
			char *keys = keymap_keys_for(km, sections[s].ctx, (enum action)act);
			if (!keys)
				continue;
			/* in a context, only what it binds differently from everywhere */
			if (sections[s].ctx != KEYCTX_GLOBAL) {
				char *global = keymap_keys_for(km, KEYCTX_GLOBAL, (enum action)act);
				bool same = global && !strcmp(global, keys);
				free(global);
				if (same) {
					free(keys);
					continue;
				}
			}
			char *text = xasprintf("%-18s %s", action_name((enum action)act),
					       action_help((enum action)act));
			add(h, keys, text, false);
			free(text);
			free(keys);
		}
		add(h, NULL, "", false);
	}
	add(h, NULL, "In prompts", true);
	add(h, "Enter", "accept; Esc cancels; Tab completes names, stages, tags", false);
	add(h, "C-u C-k C-w", "delete to the start, to the end, a word; C-a C-e to the ends", false);
}

void help_free(struct help *h)
{
	for (size_t i = 0; i < h->count; i++) {
		free(h->lines[i].keys);
		free(h->lines[i].text);
	}
	free(h->lines);
	free(h->section_at);
	memset(h, 0, sizeof(*h));
}

void help_show_section(struct help *h, size_t i)
{
	h->top = i < h->nsections ? (int)h->section_at[i] : 0;
}

void help_scroll(struct help *h, int delta)
{
	long top = (long)h->top + delta;
	h->top = top < 0 ? 0 : top > (long)h->count ? (int)h->count : (int)top;
}

void help_draw(struct help *h, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	if (h->top > (int)h->count - rows)
		h->top = (int)h->count - rows > 0 ? (int)h->count - rows : 0;
	int key_w = 8;
	for (size_t i = 0; i < h->count; i++)
		if (h->lines[i].keys && text_width(h->lines[i].keys) > key_w)
			key_w = text_width(h->lines[i].keys);
	if (key_w > KEYS_MAX_WIDTH)
		key_w = KEYS_MAX_WIDTH;
	wattrset(w, theme_attr(AREA_HELP));
	werase(w);
	for (int y = 0; y < rows && h->top + y < (int)h->count; y++) {
		const struct help_line *l = &h->lines[h->top + y];
		wmove(w, y, 1);
		if (l->heading) {
			wattrset(w, theme_attr(AREA_HEADING));
			paint_text(w, l->text, cols - 2);
		} else if (l->keys) {
			wattrset(w, theme_attr(AREA_HELP_KEY));
			paint_text(w, l->keys, key_w);
			wattrset(w, theme_attr(AREA_HELP));
			wmove(w, y, 2 + key_w);
			paint_text(w, l->text, cols - key_w - 3);
		}
	}
	wnoutrefresh(w);
}
