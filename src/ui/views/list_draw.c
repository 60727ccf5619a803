/*
 * list_draw.c - a list on screen: the header, the rows (placeholders for
 * pages not loaded yet), what the list cannot show and why; and the title
 * bar's account of the search, filter, sort and position (see
 * list_internal.h).
 */
#include "config.h"

#include "ui/paint.h"
#include "ui/views/list_internal.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

char *list_describe(struct view *v)
{
	struct listview *l = lv(v);
	struct strbuf sb = {0};
	if (l->search)
		sb_printf(&sb, "search \"%s\"  ", l->search);
	if (l->filter_text)
		sb_printf(&sb, "filter %s  ", l->filter_text);
	if (l->with_converted)
		sb_puts(&sb, "with converted  ");
	if (l->sort >= 0)
		sb_printf(&sb, "sort %s %s  ", l->cols[l->sort].title,
			  l->descending ? "\xe2\x86\x93" : "\xe2\x86\x91");
	size_t count = rowstore_count(&l->rows);
	if (l->first_loaded) {
		int height = v->rows > 1 ? v->rows - 1 : 1;
		size_t last = l->top + (size_t)height;
		if (last > count)
			last = count;
		char *first = str_thousands((int64_t)l->top + 1), *upto = str_thousands((int64_t)last);
		char *total = str_thousands(l->rows.total);
		if (count)
			sb_printf(&sb, "%s\xe2\x80\x93%s of %s", first, upto, total);
		else
			sb_puts(&sb, "none");
		free(first);
		free(upto);
		free(total);
		if (rowstore_capped(&l->rows))
			sb_puts(&sb, " (first 100,000 shown)");
	} else if (l->started) {
		sb_puts(&sb, "loading\xe2\x80\xa6");
	}
	if (l->sel.n) {
		char *n = str_thousands((int64_t)l->sel.n);
		sb_printf(&sb, "  \xe2\x9c\x93 %s selected", n);
		free(n);
	}
	if (l->wait != WAIT_NONE)
		sb_puts(&sb, "  selecting\xe2\x80\xa6");
	char *saving = bulk_progress(&l->bulk), *exporting = list_export_progress(l);
	if (saving)
		sb_printf(&sb, "  %s", saving);
	if (exporting)
		sb_printf(&sb, "  %s", exporting);
	free(saving);
	free(exporting);
	return sb_detach(&sb);
}

/* The cells of the visible rows, as drawn (names resolved, money and
 * dates formatted): [row][shown column], NULL for a row not loaded. */
static char ***visible_cells(struct view *v, size_t first, int height)
{
	struct listview *l = lv(v);
	char ***cells = xcalloc((size_t)(height > 0 ? height : 1), sizeof(*cells));
	for (int y = 0; y < height; y++) {
		const struct row *row = rowstore_get(&l->rows, first + (size_t)y);
		if (!row)
			continue;
		cells[y] = xcalloc(l->choice.n, sizeof(char *));
		for (size_t c = 0; c < l->choice.n; c++) {
			int k = l->choice.index[c];
			cells[y][c] = columns_display(&l->cols[k], row->cells[k], v->env->lookups,
						      v->env->refnames);
			int w = text_width(cells[y][c]);
			if (w > l->seen_width[k])
				l->seen_width[k] = w; /* widths only grow: no jumping as rows scroll */
		}
	}
	return cells;
}

static void draw_row(struct view *v, WINDOW *w, int y, size_t index, char **cells,
		     const int *widths, bool focused)
{
	struct listview *l = lv(v);
	bool is_cursor = index == l->cursor;
	attr_t base = theme_attr(is_cursor ? (focused ? AREA_CURSOR : AREA_CURSOR_UNFOCUSED) : AREA_ROW);
	wattrset(w, base);
	wmove(w, y, 0);
	for (int x = 0; x < v->cols; x++)
		waddch(w, ' ');
	wmove(w, y, 0);
	if (!cells) {
		wattrset(w, is_cursor ? base : theme_attr(AREA_PLACEHOLDER));
		waddstr(w, " \xe2\x80\xa6");
		return;
	}
	int x = 0;
	const struct row *row = rowstore_get(&l->rows, index);
	bool selected = row && list_is_selected(l, row->id);
	if (selected && !is_cursor)
		wattrset(w, base = theme_attr(AREA_PENDING) | A_BOLD);
	for (size_t c = 0; c < l->choice.n; c++) {
		if (!widths[c])
			continue;
		const struct column *col = &l->cols[l->choice.index[c]];
		/* a selected row says so in its first cell, in any theme */
		char *text = c == 0 && l->sel.n ? xasprintf("%s%s", selected ? "\xe2\x9c\x93 " : "  ", cells[c])
			: xstrdup(cells[c]);
		char *cell = columns_fit(text, widths[c], col->right_align);
		free(text);
		wmove(w, y, x);
		if (c == 0 && list_row_matches(l, index) && !is_cursor)
			wattrset(w, theme_attr(AREA_MATCH));
		else
			wattrset(w, base);
		waddstr(w, cell);
		free(cell);
		x += widths[c] + 1;
	}
}

static void draw_header(struct view *v, WINDOW *w, const int *widths)
{
	struct listview *l = lv(v);
	wattrset(w, theme_attr(AREA_HEADER));
	wmove(w, 0, 0);
	for (int x = 0; x < v->cols; x++)
		waddch(w, ' ');
	int x = 0;
	for (size_t c = 0; c < l->choice.n; c++) {
		if (!widths[c])
			continue;
		int k = l->choice.index[c];
		char *title = k == l->sort
			? xasprintf("%s %s", l->cols[k].title, l->descending ? "\xe2\x86\x93" : "\xe2\x86\x91")
			: xstrdup(l->cols[k].title);
		char *cell = columns_fit(title, widths[c], l->cols[k].right_align);
		mvwaddstr(w, 0, x, cell);
		free(title);
		free(cell);
		x += widths[c] + 1;
	}
}

void list_draw(struct view *v, WINDOW *w, bool focused)
{
	struct listview *l = lv(v);
	if (!l->choice.n)
		list_columns_init(v);
	int height = v->rows - 1;
	size_t count = rowstore_count(&l->rows);
	/* keep the cursor in view after a resize */
	if (l->cursor >= l->top + (size_t)(height > 0 ? height : 1))
		l->top = l->cursor - (size_t)(height > 0 ? height : 1) + 1;
	bool rows_shown = l->first_loaded && count;
	int shown = 0;
	while (rows_shown && shown < height && l->top + (size_t)shown < count)
		shown++;
	char ***cells = visible_cells(v, l->top, shown);
	/* each column as wide as the widest cell drawn so far (the titles too) */
	int want[COLUMNS_MAX], widths[COLUMNS_MAX];
	for (size_t c = 0; c < l->choice.n; c++) {
		int k = l->choice.index[c];
		int title = text_width(l->cols[k].title) + (k == l->sort ? 2 : 0);
		want[c] = l->seen_width[k] > title ? l->seen_width[k] : title;
	}
	columns_fit_layout(l->cols, &l->choice, want, v->cols, widths);
	draw_header(v, w, widths);
	if (!rows_shown) {
		wattrset(w, theme_attr(l->error ? AREA_ERROR : AREA_PLACEHOLDER));
		wmove(w, 1, 1);
		const char *msg = l->error ? l->error
			: !l->first_loaded ? "Loading\xe2\x80\xa6"
			: (l->search || l->filter) ? "No records match (c clears the search and filter)"
			: "No records.";
		int used;
		waddnstr(w, msg, (int)text_fit(msg, v->cols - 2, &used));
	}
	for (int y = 0; y < shown; y++) {
		draw_row(v, w, 1 + y, l->top + (size_t)y, cells[y], widths, focused);
		if (cells[y])
			for (size_t c = 0; c < l->choice.n; c++)
				free(cells[y][c]);
		free(cells[y]);
	}
	free(cells);
	list_ensure_pages(v);
}
