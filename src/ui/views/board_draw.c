/*
 * board_draw.c - the pipeline board on screen: a column per stage with its
 * count and sums, two lines per card (see board_internal.h).
 */
#include "config.h"

#include "model/format.h"
#include "ui/paint.h"
#include "ui/views/board_internal.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static bool is_selected(struct boardview *b, int64_t id)
{
	for (size_t i = 0; i < b->nselected; i++)
		if (b->selected[i] == id)
			return true;
	return false;
}

static int put(WINDOW *w, const char *s, int width)
{
	int used;
	size_t n = text_fit(s, width > 0 ? width : 0, &used);
	waddnstr(w, s, (int)n);
	return used;
}

/* The column's value: a sum per currency, largest first ("1,200,000 USD
 * + 30,500 EUR"), never a sum of different currencies; "(partial)" until
 * every deal is loaded. */
static char *column_sum(const struct column *c)
{
	struct currency_sum { const char *unit; double sum; } sums[8];
	size_t n = 0;
	bool more_units = false;
	const cJSON *card;
	cJSON_ArrayForEach(card, c->cards) {
		const cJSON *v = json_get(card, "monetary_value");
		const char *unit = json_member_str(card, "monetary_unit");
		if (!cJSON_IsNumber(v))
			continue;
		unit = unit ? unit : "";
		size_t i;
		for (i = 0; i < n && strcmp(sums[i].unit, unit); i++)
			;
		if (i == n && n == ARRAY_SIZE(sums)) {
			more_units = true;
			continue;
		}
		if (i == n)
			sums[n++] = (struct currency_sum){ unit, 0 };
		sums[i].sum += v->valuedouble;
	}
	/* largest first: a few entries, insertion sort */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && sums[k].sum > sums[k - 1].sum; k--) {
			struct currency_sum t = sums[k];
			sums[k] = sums[k - 1];
			sums[k - 1] = t;
		}
	struct strbuf sb = {0};
	for (size_t i = 0; i < n; i++) {
		char *money = fields_format_money(sums[i].sum, *sums[i].unit ? sums[i].unit : NULL);
		sb_printf(&sb, "%s%s", i ? " + " : "", money);
		free(money);
	}
	if (more_units)
		sb_puts(&sb, " + other currencies");
	if (c->total > cJSON_GetArraySize(c->cards))
		sb_puts(&sb, " (partial)");
	return sb_detach(&sb);
}
static bool overdue(const cJSON *card, int64_t now)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(card, "close_date");
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(card, "status");
	int m, day, y;
	if (!cJSON_IsString(d) || (cJSON_IsString(st) && strcmp(st->valuestring, "Open")) ||
	    sscanf(d->valuestring, "%d/%d/%d", &m, &day, &y) != 3)
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = day, .tm_hour = 23, .tm_min = 59 };
	return (int64_t)mktime(&tm) < now;
}

static void draw_card(struct view *v, WINDOW *w, int y, int x, int width, const cJSON *card, bool focused)
{
	struct boardview *b = bv(v);
	int64_t id = board_num(card, "id"), now = (int64_t)time(NULL);
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(card, "name");
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(card, "status");
	const char *badge = !cJSON_IsString(status) ? "" : !strcmp(status->valuestring, "Won") ? "\xe2\x9c\x94 "
		: !strcmp(status->valuestring, "Lost") ? "\xe2\x9c\x98 "
		: !strcmp(status->valuestring, "Abandoned") ? "\xe2\x8a\x98 " : "";
	bool pending = bulk_pending(&b->bulk, ENT_OPPORTUNITIES, id);
	char *clean = cJSON_IsString(name) ? sanitize_line(name->valuestring, strlen(name->valuestring))
					   : xstrdup("(no name)");
	char *line1 = xasprintf("%s%s%s%s", is_selected(b, id) ? "\xe2\x9c\x93 " : "", pending ? "\xe2\x80\xa6 " : "",
				badge, clean);
	wattrset(w, theme_attr(focused ? AREA_CURSOR : pending ? AREA_PENDING : AREA_VALUE) |
		 (focused ? 0 : A_BOLD));
	wmove(w, y, x);
	int used = put(w, line1, width);
	for (; used < width; used++)
		waddch(w, ' ');
	free(line1);
	free(clean);

	const cJSON *value = cJSON_GetObjectItemCaseSensitive(card, "monetary_value");
	const cJSON *unit = cJSON_GetObjectItemCaseSensitive(card, "monetary_unit");
	const cJSON *close = cJSON_GetObjectItemCaseSensitive(card, "close_date");
	const cJSON *company = cJSON_GetObjectItemCaseSensitive(card, "company_name");
	char *money = cJSON_IsNumber(value) ? fields_format_money(value->valuedouble,
				cJSON_IsString(unit) ? unit->valuestring : NULL) : xstrdup("");
	char *date = cJSON_IsString(close) ? fields_format_date_string(close->valuestring) : NULL;
	bool late = overdue(card, now);
	/* a won or lost deal is done, not stale */
	const char *st = json_member_str(card, "status");
	bool stale = (!st || !strcmp(st, "Open")) &&
		     now - board_num(card, "date_modified") > (int64_t)v->env->settings->stale_days * 86400;
	wmove(w, y + 1, x);
	wattrset(w, theme_attr(AREA_EMPTY));
	used = put(w, "  ", width);
	if (*money) {
		wattrset(w, theme_attr(AREA_VALUE));
		used += put(w, money, width - used);
		used += put(w, "  ", width - used);
	}
	if (date) {
		wattrset(w, theme_attr(late ? AREA_ERROR : AREA_LABEL));
		used += put(w, date, width - used);
		if (late)
			used += put(w, " overdue", width - used);
		used += put(w, "  ", width - used);
	}
	if (stale) {
		wattrset(w, theme_attr(AREA_WARNING));
		used += put(w, "stale", width - used);
		used += put(w, "  ", width - used);
	}
	if (cJSON_IsString(company)) {
		char *co = sanitize_line(company->valuestring, strlen(company->valuestring));
		wattrset(w, theme_attr(AREA_EMPTY));
		put(w, co, width - used);
		free(co);
	}
	free(money);
	free(date);
}

void board_draw(struct view *v, WINDOW *w, bool focused)
{
	struct boardview *b = bv(v);
	(void)focused;
	const cJSON *p = board_pipeline(v, b->pipeline_id);
	const cJSON *pname = cJSON_GetObjectItemCaseSensitive(p, "name");
	char *pn = cJSON_IsString(pname) ? sanitize_line(pname->valuestring, strlen(pname->valuestring))
					 : xstrdup("Pipeline");
	char *title = xasprintf("Board: %s%s%s%s", pn, b->filter_text ? "  filter " : "",
				b->filter_text ? b->filter_text : "", b->nselected ? "" : "");
	wattrset(w, theme_attr(AREA_HEADING));
	wmove(w, 0, 0);
	int used = put(w, title, v->cols);
	if (b->nselected) {
		char *sel = xasprintf("  %zu selected", b->nselected);
		wattrset(w, theme_attr(AREA_PENDING));
		put(w, sel, v->cols - used);
		free(sel);
	}
	char *prog = bulk_progress(&b->bulk);
	if (prog) {
		char *shown = xasprintf("  %s", prog);
		wattrset(w, theme_attr(AREA_PENDING));
		put(w, shown, v->cols - used);
		free(shown);
		free(prog);
	}
	free(title);
	free(pn);
	if (!b->ncols) {
		wattrset(w, theme_attr(AREA_PLACEHOLDER));
		mvwaddstr(w, 2, 1, "Loading the pipelines\xe2\x80\xa6");
		return;
	}
	if (b->follow_id) {
		struct column *fc;
		int index;
		if (board_find_card(b, b->follow_id, &fc, &index)) {
			b->col_sel = (size_t)(fc - b->cols);
			fc->sel = (size_t)index;
		}
	}
	/* as many columns as fit; scroll across stages on narrow terminals */
	size_t fit = (size_t)(v->cols / BOARD_COLUMN_MIN_WIDTH);
	if (fit < 1)
		fit = 1;
	if (fit > b->ncols)
		fit = b->ncols;
	/* the fit changes with the width: the first column shown must still
	 * leave room for fit columns, and the selected one among them */
	if (b->col_sel >= b->ncols)
		b->col_sel = b->ncols - 1;
	if (b->col_first > b->ncols - fit)
		b->col_first = b->ncols - fit;
	if (b->col_sel < b->col_first)
		b->col_first = b->col_sel;
	if (b->col_sel >= b->col_first + fit)
		b->col_first = b->col_sel - fit + 1;
	int width = v->cols / (int)fit;
	int rows = v->rows - 4;
	int per_column = rows / BOARD_CARD_LINES;
	for (size_t k = 0; k < fit; k++) {
		size_t ci = b->col_first + k;
		struct column *c = &b->cols[ci];
		int x = (int)k * width, cw = width - 1;
		wattrset(w, theme_attr(ci == b->col_sel ? AREA_TAB_ACTIVE : AREA_HEADER));
		wmove(w, 1, x);
		char *head = xasprintf("%s%s", c->name,
				       ci == b->col_first && b->col_first > 0 ? " \xe2\x86\x90" :
				       ci + 1 == b->col_first + fit && ci + 1 < b->ncols ? " \xe2\x86\x92" : "");
		used = put(w, head, cw);
		for (; used < cw; used++)
			waddch(w, ' ');
		free(head);
		char *sum = column_sum(c);
		char *stats = c->total < 0 ? xstrdup("loading\xe2\x80\xa6")
			: xasprintf("%" PRId64 " %sdeal%s%s%s", c->total, b->open_only ? "open " : "",
				    c->total == 1 ? "" : "s", *sum ? " \xc2\xb7 " : "", sum);
		wattrset(w, theme_attr(AREA_EMPTY));
		wmove(w, 2, x);
		put(w, stats, cw);
		free(stats);
		free(sum);
		int n = cJSON_GetArraySize(c->cards);
		if (c->sel >= (size_t)(n > 0 ? n : 1))
			c->sel = n > 0 ? (size_t)n - 1 : 0;
		if (c->sel < c->top)
			c->top = c->sel;
		if (per_column > 0 && c->sel >= c->top + (size_t)per_column)
			c->top = c->sel - (size_t)per_column + 1;
		for (int i = 0; i < per_column && c->top + (size_t)i < (size_t)n; i++)
			draw_card(v, w, 4 + i * BOARD_CARD_LINES, x, cw,
				  cJSON_GetArrayItem(c->cards, (int)(c->top + (size_t)i)),
				  ci == b->col_sel && c->top + (size_t)i == c->sel);
	}
}

