/* help.c - see help.h */
#include "config.h"

#include "ui/help.h"
#include "ui/paint.h"
#include "util/sanitize.h"
#include "util/text.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define KEYS_MAX_WIDTH 24
#define NAME_WIDTH 18       /* the action's name, before what it does */
#define MIN_WRAP_WIDTH 12   /* narrower than this, a line is cut, not wrapped */

static void add(struct help *h, const char *keys, const char *text, bool heading, int hang)
{
	h->lines = xrealloc(h->lines, (h->count + 1) * sizeof(*h->lines));
	h->lines[h->count++] = (struct help_line){ keys ? xstrdup(keys) : NULL, xstrdup(text),
						   heading, hang };
}

void help_build(struct help *h, const struct keymap *km, const struct help_section *sections,
		size_t nsections)
{
	help_free(h);
	h->section_at = xcalloc(nsections ? nsections : 1, sizeof(*h->section_at));
	for (size_t s = 0; s < nsections; s++) {
		h->section_at[h->nsections++] = h->count;
		add(h, NULL, sections[s].title, true, 0);
		for (int act = 1; act < ACTION_COUNT; act++) {
			char *keys = sections[s].takes_text
				? keymap_command_keys_for(km, sections[s].ctx, (enum action)act)
				: keymap_keys_for(km, sections[s].ctx, (enum action)act);
			if (!keys)
				continue;
			/* in a context, only what it binds differently from everywhere */
			if (sections[s].ctx != KEYCTX_GLOBAL && !sections[s].takes_text) {
				char *global = keymap_keys_for(km, KEYCTX_GLOBAL, (enum action)act);
				bool same = global && !strcmp(global, keys);
				free(global);
				if (same) {
					free(keys);
					continue;
				}
			}
			const char *name = action_name((enum action)act);
			char *text = xasprintf("%-*s %s", NAME_WIDTH, name, action_help((enum action)act));
			int hang = (int)strlen(name) + 1;
			add(h, keys, text, false, hang > NAME_WIDTH + 1 ? hang : NAME_WIDTH + 1);
			free(text);
			free(keys);
		}
		add(h, NULL, "", false, 0);
	}
	add(h, NULL, "In prompts", true, 0);
	add(h, "Enter", "accept; Esc cancels; Tab completes names, stages, tags", false, 0);
	add(h, "C-u C-k C-w", "delete to the start, to the end, a word; C-a C-e to the ends", false, 0);
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

/* Rows line i takes when its text has width columns: what it does wraps
 * under itself (too narrow a screen cuts it instead). */
static int rows_of(const struct help_line *l, int width)
{
	if (!l->keys || width - l->hang < MIN_WRAP_WIDTH)
		return 1;
	size_t next = 0;
	int rows = 0;
	const char *text = l->text;
	do {
		text += next;
		text_wrap_next(text, rows ? width - l->hang : width, &next);
		rows++;
	} while (text[next]);
	return rows;
}

/* Line l at (y, x) in height rows (rows_of), as many as rows_left allow. */
static void draw_line(WINDOW *w, int y, int x, const struct help_line *l, int width, int height,
		      int rows_left)
{
	size_t next = 0;
	const char *text = l->text;
	for (int row = 0; row < height && row < rows_left; row++) {
		text += next;
		int room = row ? width - l->hang : width;
		size_t len = height == 1 ? strlen(text) : text_wrap_next(text, room, &next);
		char *part = xstrndup(text, len);
		wmove(w, y + row, row ? x + l->hang : x);
		paint_text(w, part, room);
		free(part);
	}
}

void help_draw(struct help *h, WINDOW *w)
{
	int rows = getmaxy(w), cols = getmaxx(w);
	int key_w = 8;
	for (size_t i = 0; i < h->count; i++)
		if (h->lines[i].keys && text_width(h->lines[i].keys) > key_w)
			key_w = text_width(h->lines[i].keys);
	if (key_w > KEYS_MAX_WIDTH)
		key_w = KEYS_MAX_WIDTH;
	int text_w = cols - key_w - 3;
	/* the last screenful starts where the lines left fill it */
	int below = 0, last_top = (int)h->count;
	while (last_top > 0) {
		int height = rows_of(&h->lines[last_top - 1], text_w);
		if (below + height > rows)
			break;
		below += height;
		last_top--;
	}
	if (h->top > last_top)
		h->top = last_top;
	wattrset(w, theme_attr(AREA_HELP));
	werase(w);
	for (int y = 0, i = h->top; y < rows && i < (int)h->count; i++) {
		const struct help_line *l = &h->lines[i];
		int height = rows_of(l, text_w);
		wmove(w, y, 1);
		if (l->heading) {
			wattrset(w, theme_attr(AREA_HEADING));
			paint_text(w, l->text, cols - 2);
		} else if (l->keys) {
			wattrset(w, theme_attr(AREA_HELP_KEY));
			paint_text(w, l->keys, key_w);
			wattrset(w, theme_attr(AREA_HELP));
			draw_line(w, y, 2 + key_w, l, text_w, height, rows - y);
		}
		y += height;
	}
	wnoutrefresh(w);
}
