/* app.c - see app.h */
#include "config.h"

#include "ui/app.h"
#include "ui/input.h"
#include "ui/views/board.h"
#include "ui/views/detail.h"
#include "model/drafts.h"
#include "ui/views/form.h"
#include "ui/views/list.h"
#include "util/sanitize.h"
#include "fetch/session.h"
#include "util/util.h"
#include "util/json.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#define MIN_COLS 20
#define MIN_LINES 5
#define WIDE_COLS 110
#define LOOKUP_OWNER (FETCH_MAX_OWNERS - 1)
#define MESSAGE_MS 6000

static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t resize_pending;
static int signal_pipe[2] = { -1, -1 };

/* Signals wake the loop through a pipe that poll() watches: a flag alone
 * would wait for the next key when the signal lands between draining the
 * keyboard and sleeping. */
static void on_signal(int sig)
{
	int saved = errno;
	if (sig == SIGWINCH)
		resize_pending = 1;
	else
		quit_signal = sig;
	if (signal_pipe[1] >= 0) {
		char c = 1;
		ssize_t ignored = write(signal_pipe[1], &c, 1);
		(void)ignored;
	}
	errno = saved;
}

static bool setup_signals(void)
{
	if (pipe(signal_pipe) < 0)
		return false;
	for (int i = 0; i < 2; i++) {
		fcntl(signal_pipe[i], F_SETFL, fcntl(signal_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* installed before initscr, so curses leaves SIGWINCH to us */
	int sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGWINCH };
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	return true;
}


struct tab {
	enum entity entity;
	struct view *list;
	struct view *detail;
};

struct prompt {
	bool active;
	char *label;
	struct strbuf text;
	size_t cursor;                 /* byte offset into text */
	const struct prompt_ops *ops;
	void *ctx;
	char **candidates;             /* completion cycling */
	size_t ncandidates, candidate;
	size_t cand_start, cand_end;
};

struct app {
	const struct settings *settings;
	struct fetcher *fetcher;
	struct cache *cache;
	struct lookups *lookups;
	struct refnames *refnames;
	struct keymap keymap;
	struct theme theme;
	struct tab tabs[ENT_COUNT];
	struct view *form;           /* the edit form, over the panes when open */
	struct view *board;          /* the pipeline board, likewise */
	cJSON **drafts;              /* drafts found at start, offered one by one */
	size_t ndrafts, next_draft;
	enum entity current;
	bool focus_detail;
	bool maximized;
	bool help_open;
	int help_top;
	int help_jump;               /* open help at this context's keys, -1 none */
	struct prompt prompt;
	char *message;
	enum message_kind message_kind;
	int64_t message_until;
	bool layout_dirty;
	bool chrome_dirty;            /* title, tabs, status */
	bool too_small;
	WINDOW *w_title, *w_tabs, *w_list, *w_detail, *w_status, *w_border;
	bool wide;
	struct fetch_stats stats;
	int64_t budget_redraw_at;
};

static void switch_tab(struct app *a, enum entity e);
static struct view *modal_view(struct app *a);


int64_t app_now(void)
{
	return now_ms();
}

/* The terminal's new size, applied to curses. */
static void apply_resize(struct app *a)
{
	struct winsize ws;
	resize_pending = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	a->layout_dirty = true;
}

/* ---- services for views ------------------------------------------------ */

static void disable_flow_control(void)
{
	/* C-s and C-q are keys here, not XON/XOFF */
	struct termios t;
	if (tcgetattr(0, &t) == 0) {
		t.c_iflag &= ~(tcflag_t)IXON;
		tcsetattr(0, TCSANOW, &t);
	}
}

struct fetcher *app_fetcher(struct app *a) { return a->fetcher; }
struct lookups *app_lookups(struct app *a) { return a->lookups; }
struct refnames *app_refnames(struct app *a) { return a->refnames; }
const struct settings *app_settings(struct app *a) { return a->settings; }
const struct keymap *app_keymap(struct app *a) { return &a->keymap; }

struct view *view_new(struct app *app, const struct view_ops *ops, int owner, void *priv)
{
	struct view *v = xcalloc(1, sizeof(*v));
	v->ops = ops;
	v->app = app;
	v->owner = owner;
	v->generation = 1;
	v->priv = priv;
	v->rows = 24;
	v->cols = 80;
	return v;
}

uint64_t view_new_generation(struct view *v)
{
	v->generation++;
	fetcher_cancel(v->app->fetcher, v->owner, v->generation);
	return v->generation;
}

uint64_t view_submit(struct view *v, struct api_request *req, enum api_priority prio, int64_t tag)
{
	return fetcher_submit(v->app->fetcher, req, v->owner, v->generation, prio, tag);
}

void app_message(struct app *a, enum message_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *raw = xvasprintf(fmt, ap);
	va_end(ap);
	free(a->message);
	a->message = sanitize_line(raw, strlen(raw));
	free(raw);
	a->message_kind = kind;
	a->message_until = now_ms() + (kind == MSG_ERROR ? 3 * MESSAGE_MS : MESSAGE_MS);
	a->chrome_dirty = true;
}

int64_t app_me_id(struct app *a)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(lookups_get(a->lookups, LOOKUP_ME), "id");
	return cJSON_IsNumber(id) ? json_i64(id) : 0;
}

int64_t app_account_id(struct app *a)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(lookups_get(a->lookups, LOOKUP_ACCOUNT), "id");
	if (cJSON_IsNumber(id))
		return json_i64(id);
	return a->cache ? cache_account(a->cache) : 0;
}

size_t app_saved_searches(struct app *a, const char *const **names, const char *const **texts)
{
	*names = (const char *const *)a->settings->search_names;
	*texts = (const char *const *)a->settings->search_texts;
	return a->settings->search_count;
}

static struct tab *current_tab(struct app *a)
{
	return &a->tabs[a->current];
}

void app_show_record(struct app *a, enum entity e, int64_t id, const cJSON *record, bool by_user)
{
	/* the pane of the list's own tab: a page may arrive after the user
	 * has moved to another tab */
	struct view *detail = a->tabs[e].detail;
	if (!by_user && detailview_pinned(detail))
		return;
	detailview_show(detail, e, id, record, false);
}

void app_follow(struct app *a, enum entity e, int64_t id)
{
	detailview_show(current_tab(a)->detail, e, id, NULL, true);
	a->focus_detail = true;
	a->chrome_dirty = true;
}

static void notify_lookups_changed(struct app *a)
{
	if (a->form)
		a->form->ops->lookups_changed(a->form);
	if (a->board)
		a->board->ops->lookups_changed(a->board);
	for (int i = 0; i < ENT_COUNT; i++) {
		struct view *vs[2] = { a->tabs[i].list, a->tabs[i].detail };
		for (int k = 0; k < 2; k++)
			if (vs[k]->ops->lookups_changed)
				vs[k]->ops->lookups_changed(vs[k]);
	}
}

void app_names_learned(struct app *a)
{
	notify_lookups_changed(a);
}

void app_focus_detail(struct app *a)
{
	a->focus_detail = true;
	a->tabs[a->current].list->dirty = true;
	a->tabs[a->current].detail->dirty = true;
	if (a->maximized)
		a->layout_dirty = true;
}

void app_open_in_detail(struct app *a, enum entity e, const cJSON *record)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(record, "id");
	if (!cJSON_IsNumber(id))
		return;
	switch_tab(a, e);
	detailview_show(a->tabs[e].detail, e, json_i64(id), record, true);
	app_focus_detail(a);
	a->layout_dirty = true;
}

void app_form_closed(struct app *a)
{
	a->layout_dirty = true;
	a->chrome_dirty = true;
}

void app_record_saved(struct app *a, enum entity e, const cJSON *record)
{
	refnames_learn(a->refnames, e, record);
	listview_record_saved(a->tabs[e].list, record);
	for (int i = 0; i < ENT_COUNT; i++)
		detailview_record_saved(a->tabs[i].detail, e, record);
}

int app_run_program(struct app *a, const char *program, const char *arg)
{
	def_prog_mode();
	endwin();
	pid_t pid = fork();
	if (pid == 0) {
		/* the program may carry arguments ($EDITOR="code -w"); the file
		 * name goes as an argument, never through the shell's parser */
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", program, arg, (char *)NULL);
		_exit(127);
	}
	int status = -1;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	disable_flow_control();
	a->layout_dirty = true;
	clearok(curscr, TRUE);
	if (pid < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* OSC 52: the terminal puts text on the clipboard, even over SSH. */
void app_copy(struct app *a, const char *what, const char *text)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct strbuf sb = {0};
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text);
	sb_puts(&sb, "\033]52;c;");
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? s[i + 2] : 0);
		sb_putc(&sb, b64[v >> 18 & 63]);
		sb_putc(&sb, b64[v >> 12 & 63]);
		sb_putc(&sb, i + 1 < n ? b64[v >> 6 & 63] : '=');
		sb_putc(&sb, i + 2 < n ? b64[v & 63] : '=');
	}
	sb_puts(&sb, "\a");
	fwrite(sb.data, 1, sb.len, stdout);
	fflush(stdout);
	sb_free(&sb);
	app_message(a, MSG_INFO, "Copied %s to the clipboard", what);
}

void app_open_url(struct app *a, const char *url)
{
	const char *browser = getenv("BROWSER");
	if (!browser || !*browser) {
		app_message(a, MSG_WARNING, "Set $BROWSER to open records; the address is %s", url);
		return;
	}
	/* the URL goes as an argument, never through the shell's parser */
	def_prog_mode();
	endwin();
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "$BROWSER \"$1\"", "sh", url, (char *)NULL);
		_exit(127);
	}
	int status = 0;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	a->layout_dirty = true;
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		app_message(a, MSG_ERROR, "$BROWSER failed to open %s", url);
	else
		app_message(a, MSG_INFO, "Opened %s", url);
}

/* ---- layout ------------------------------------------------------------ */

static void delete_windows(struct app *a)
{
	WINDOW **ws[] = { &a->w_title, &a->w_tabs, &a->w_list, &a->w_detail, &a->w_status, &a->w_border };
	for (size_t i = 0; i < ARRAY_SIZE(ws); i++) {
		if (*ws[i])
			delwin(*ws[i]);
		*ws[i] = NULL;
	}
}

static void mark_all_dirty(struct app *a)
{
	for (int i = 0; i < ENT_COUNT; i++) {
		a->tabs[i].list->dirty = true;
		a->tabs[i].detail->dirty = true;
	}
	a->chrome_dirty = true;
}

static void layout(struct app *a)
{
	delete_windows(a);
	a->layout_dirty = false;
	mark_all_dirty(a);
	int lines = LINES, cols = COLS;
	int body = lines - 3;
	a->too_small = cols < MIN_COLS || lines < MIN_LINES || body < 2;
	if (a->too_small)
		return;
	a->w_title = newwin(1, cols, 0, 0);
	a->w_tabs = newwin(1, cols, 1, 0);
	a->w_status = newwin(1, cols, lines - 1, 0);
	a->wide = cols >= WIDE_COLS;
	if (a->maximized) {
		WINDOW **w = a->focus_detail ? &a->w_detail : &a->w_list;
		*w = newwin(body, cols, 2, 0);
		return;
	}
	if (a->wide) {
		int lw = cols * 55 / 100;
		a->w_list = newwin(body, lw, 2, 0);
		a->w_border = newwin(body, 1, 2, lw);
		a->w_detail = newwin(body, cols - lw - 1, 2, lw + 1);
	} else {
		int lh = body / 2 > 1 ? body / 2 : 1;
		a->w_list = newwin(lh, cols, 2, 0);
		if (body - lh - 1 >= 1) {
			a->w_border = newwin(1, cols, 2 + lh, 0);
			a->w_detail = newwin(body - lh - 1, cols, 3 + lh, 0);
		}
	}
}

/* ---- drawing ----------------------------------------------------------- */

/* Writes s clipped to width columns; returns the columns used. */
static int put_text(WINDOW *w, const char *s, int width)
{
	int used;
	size_t bytes = text_fit(s, width, &used);
	waddnstr(w, s, (int)bytes);
	return used;
}

static void fill_line(WINDOW *w, attr_t attr)
{
	wattrset(w, attr);
	wmove(w, 0, 0);
	for (int x = 0; x < getmaxx(w); x++)
		waddch(w, ' ');
	wmove(w, 0, 0);
}

static void draw_title(struct app *a)
{
	WINDOW *w = a->w_title;
	fill_line(w, theme_attr(AREA_TITLE));
	struct view *list = current_tab(a)->list;
	char *where = list->ops->describe ? list->ops->describe(list) : xstrdup("");
	char *left = xasprintf(" patina \xe2\x94\x82 %s%s%s", entity_plural(a->current),
			       *where ? "  " : "", where);
	free(where);
	/* right: who is signed in */
	char *right = NULL;
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(lookups_get(a->lookups, LOOKUP_ME), "name");
	if (cJSON_IsString(name)) {
		char *clean = sanitize_line(name->valuestring, strlen(name->valuestring));
		right = xasprintf("%s ", clean);
		free(clean);
	}
	int cols = getmaxx(w);
	int rw = right ? text_width(right) : 0;
	if (rw > cols / 3)
		rw = 0;
	put_text(w, left, cols - rw - 1);
	if (rw) {
		wmove(w, 0, cols - rw);
		put_text(w, right, rw);
	}
	free(left);
	free(right);
	wnoutrefresh(w);
}

static void draw_tabs(struct app *a)
{
	WINDOW *w = a->w_tabs;
	fill_line(w, theme_attr(AREA_TABS));
	int cols = getmaxx(w);
	for (int i = 0; i < ENT_COUNT; i++) {
		char *label = xasprintf(" %d %s ", i + 1, entity_plural((enum entity)i));
		int x = getcurx(w);
		if (x + text_width(label) > cols) {
			free(label);
			break;
		}
		wattrset(w, theme_attr(i == (int)a->current ? AREA_TAB_ACTIVE : AREA_TABS));
		put_text(w, label, cols - x);
		free(label);
	}
	wnoutrefresh(w);
}

static void draw_prompt(struct app *a)
{
	WINDOW *w = a->w_status;
	struct prompt *p = &a->prompt;
	fill_line(w, theme_attr(AREA_PROMPT));
	int cols = getmaxx(w);
	int lw = put_text(w, p->label, cols);
	wattrset(w, theme_attr(AREA_VALUE));
	const char *text = p->text.data ? p->text.data : "";
	/* keep the cursor visible: scroll the text left if it is too long */
	char *before = xstrndup(text, p->cursor);
	int before_w = text_width(before);
	free(before);
	int room = cols - lw - 1;
	size_t skip = 0;
	while (room > 0 && before_w > room && skip < p->cursor) {
		unsigned cp;
		size_t n = utf8_decode(text + skip, p->cursor - skip, &cp);
		char tmp[5] = {0};
		memcpy(tmp, text + skip, n < 4 ? n : 4);
		before_w -= text_width(tmp);
		skip += n;
	}
	int text_w = put_text(w, text + skip, room > 0 ? room : 0);
	/* a fresh message (why the last entry was refused, completions) goes
	 * after the text, so the prompt can stay open for a fix */
	int at = lw + text_w + 3;
	if (a->message && now_ms() < a->message_until && at < cols - 8) {
		wattrset(w, theme_attr(a->message_kind == MSG_ERROR ? AREA_ERROR
				       : a->message_kind == MSG_WARNING ? AREA_WARNING : AREA_STATUS));
		wmove(w, 0, at);
		put_text(w, a->message, cols - at);
	}
	wmove(w, 0, lw + before_w);
	wnoutrefresh(w);
}

static void draw_status(struct app *a)
{
	WINDOW *w = a->w_status;
	if (a->prompt.active) {
		draw_prompt(a);
		return;
	}
	int64_t now = now_ms();
	bool show_message = a->message && now < a->message_until;
	enum theme_area area = AREA_STATUS;
	if (show_message && a->message_kind == MSG_ERROR)
		area = AREA_ERROR;
	else if (show_message && a->message_kind == MSG_WARNING)
		area = AREA_WARNING;
	fill_line(w, theme_attr(area));
	int cols = getmaxx(w);

	/* right: what is in flight, and the budget when it is short */
	struct strbuf right = {0};
	struct fetch_stats *st = &a->stats;
	int busy = st->in_flight + st->queued;
	if (st->budget_wait_ms > 0)
		sb_printf(&right, " rate limit: waiting %" PRId64 ".%" PRId64 " s ",
			  st->budget_wait_ms / 1000, st->budget_wait_ms % 1000 / 100);
	else if (fetch_stats_tokens(st, now) < a->settings->burst / 2)
		sb_printf(&right, " budget %d/%d ", fetch_stats_tokens(st, now), a->settings->burst);
	if (busy)
		sb_printf(&right, " \xe2\x9f\xb3 %d loading ", busy);
	int rw = right.len ? text_width(right.data) : 0;
	if (rw > cols / 2)
		rw = 0;

	if (show_message) {
		put_text(w, " ", 1);
		put_text(w, a->message, cols - rw - 1);
	} else {
		char *help = keymap_keys_for(&a->keymap, KEYCTX_LIST, ACTION_HELP);
		char *search = keymap_keys_for(&a->keymap, KEYCTX_LIST, ACTION_SEARCH);
		char *filter = keymap_keys_for(&a->keymap, KEYCTX_LIST, ACTION_FILTER);
		char *quit = keymap_keys_for(&a->keymap, KEYCTX_LIST, ACTION_QUIT);
		char *hints = xasprintf(" %s help  %s search  %s filter  %s quit",
					help ? help : "-", search ? search : "-",
					filter ? filter : "-", quit ? quit : "-");
		put_text(w, hints, cols - rw - 1);
		free(hints);
		free(help);
		free(search);
		free(filter);
		free(quit);
	}
	if (rw) {
		wattrset(w, theme_attr(AREA_PENDING) | A_REVERSE);
		wmove(w, 0, cols - rw);
		put_text(w, right.data, rw);
	}
	sb_free(&right);
	wnoutrefresh(w);
}

static void draw_border(struct app *a)
{
	if (!a->w_border)
		return;
	WINDOW *w = a->w_border;
	werase(w);
	wattrset(w, theme_attr(AREA_BORDER));
	if (a->wide)
		for (int y = 0; y < getmaxy(w); y++)
			mvwaddstr(w, y, 0, "\xe2\x94\x82");
	else
		for (int x = 0; x < getmaxx(w); x++)
			mvwaddstr(w, 0, x, "\xe2\x94\x80");
	wnoutrefresh(w);
}

static void draw_help(struct app *a)
{
	WINDOW *w = a->w_list;
	/* the help covers the whole body */
	int rows = LINES - 3, cols = COLS;
	WINDOW *h = newwin(rows, cols, 2, 0);
	(void)w;
	wattrset(h, theme_attr(AREA_HELP));
	werase(h);
	enum { MAX_LINES = 256 };
	struct strbuf lines[MAX_LINES];
	int n = 0;
	memset(lines, 0, sizeof(lines));
	static const struct { enum keyctx ctx; const char *title; } sections[] = {
		{ KEYCTX_GLOBAL, "Everywhere" }, { KEYCTX_LIST, "In the list" },
		{ KEYCTX_DETAIL, "In the detail pane" },
		{ KEYCTX_FORM, "In the edit form (e edits, + creates)" },
		{ KEYCTX_BOARD, "On the pipeline board (b opens it)" },
	};
	for (size_t s = 0; s < ARRAY_SIZE(sections) && n < MAX_LINES - 2; s++) {
		if ((int)sections[s].ctx == a->help_jump && sections[s].ctx != KEYCTX_GLOBAL) {
			a->help_top = n;
			a->help_jump = -1;
		}
		sb_printf(&lines[n++], "\x01%s", sections[s].title);
		for (int act = 1; act < ACTION_COUNT && n < MAX_LINES - 1; act++) {
			char *keys = keymap_keys_for(&a->keymap, sections[s].ctx, (enum action)act);
			if (!keys)
				continue;
			/* in a context, list only its own bindings and the global
			 * ones it shadows differently */
			if (sections[s].ctx != KEYCTX_GLOBAL) {
				char *global = keymap_keys_for(&a->keymap, KEYCTX_GLOBAL, (enum action)act);
				bool same = global && !strcmp(global, keys);
				free(global);
				if (same) {
					free(keys);
					continue;
				}
			}
			sb_printf(&lines[n++], "%s\x02%-18s %s", keys, action_name((enum action)act),
				  action_help((enum action)act));
			free(keys);
		}
		if (n < MAX_LINES)
			sb_puts(&lines[n++], "");
	}
	if (n < MAX_LINES - 1) {
		sb_puts(&lines[n++], "\x01In prompts");
		sb_puts(&lines[n++], "Enter\x02                   accept; Esc cancels; Tab completes names, stages, tags");
	}
	if (n < MAX_LINES)
		sb_puts(&lines[n++], "C-u C-k C-w\x02                   delete to the start, to the end, a word; C-a C-e to the ends");
	if (a->help_top > n - rows)
		a->help_top = n - rows > 0 ? n - rows : 0;
	int key_w = 8;
	for (int i = 0; i < n; i++) {
		const char *sep = lines[i].data ? strchr(lines[i].data, '\x02') : NULL;
		if (sep) {
			char *k = xstrndup(lines[i].data, (size_t)(sep - lines[i].data));
			if (text_width(k) > key_w)
				key_w = text_width(k);
			free(k);
		}
	}
	if (key_w > 24)
		key_w = 24;
	for (int y = 0; y < rows && a->help_top + y < n; y++) {
		struct strbuf *l = &lines[a->help_top + y];
		wmove(h, y, 1);
		if (l->data && l->data[0] == '\x01') {
			wattrset(h, theme_attr(AREA_HEADING));
			put_text(h, l->data + 1, cols - 2);
		} else if (l->data && strchr(l->data, '\x02')) {
			char *sep = strchr(l->data, '\x02');
			*sep = '\0';
			wattrset(h, theme_attr(AREA_HELP_KEY));
			put_text(h, l->data, key_w);
			wattrset(h, theme_attr(AREA_HELP));
			wmove(h, y, 2 + key_w);
			put_text(h, sep + 1, cols - key_w - 3);
		}
	}
	for (int i = 0; i < n; i++)
		sb_free(&lines[i]);
	wnoutrefresh(h);
	delwin(h);
}

static void draw(struct app *a)
{
	if (a->layout_dirty)
		layout(a);
	if (a->too_small) {
		werase(stdscr);
		wattrset(stdscr, A_BOLD);
		mvwaddstr(stdscr, 0, 0, "Terminal too");
		mvwaddstr(stdscr, 1, 0, "small: need");
		mvwprintw(stdscr, 2, 0, "%dx%d or more", MIN_COLS, MIN_LINES);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	struct tab *t = current_tab(a);
	if (a->chrome_dirty) {
		draw_title(a);
		draw_tabs(a);
		draw_border(a);
	} else if (t->list->dirty) {
		draw_title(a); /* it shows the list's position */
	}
	if (a->help_open) {
		draw_help(a);
	} else if (modal_view(a)) {
		struct view *m = modal_view(a);
		if (m->dirty || a->layout_dirty || a->chrome_dirty) {
			WINDOW *mw = newwin(LINES - 3, COLS, 2, 0);
			m->rows = LINES - 3;
			m->cols = COLS;
			m->ops->draw(m, mw, true);
			wnoutrefresh(mw);
			delwin(mw);
			m->dirty = false;
		}
	} else {
		if (a->w_list && t->list->dirty) {
			werase(a->w_list);
			t->list->rows = getmaxy(a->w_list);
			t->list->cols = getmaxx(a->w_list);
			t->list->ops->draw(t->list, a->w_list, !a->focus_detail);
			wnoutrefresh(a->w_list);
			t->list->dirty = false;
		}
		if (a->w_detail && t->detail->dirty) {
			werase(a->w_detail);
			t->detail->rows = getmaxy(a->w_detail);
			t->detail->cols = getmaxx(a->w_detail);
			t->detail->ops->draw(t->detail, a->w_detail, a->focus_detail);
			wnoutrefresh(a->w_detail);
			t->detail->dirty = false;
		}
	}
	/* the status line last, so the prompt's cursor is where the terminal's is */
	draw_status(a);
	a->chrome_dirty = false;
	curs_set(a->prompt.active ? 1 : 0);
	doupdate();
}

/* ---- the prompt -------------------------------------------------------- */

static void prompt_clear_candidates(struct prompt *p)
{
	for (size_t i = 0; i < p->ncandidates; i++)
		free(p->candidates[i]);
	free(p->candidates);
	p->candidates = NULL;
	p->ncandidates = p->candidate = 0;
}

static void prompt_close(struct app *a)
{
	struct prompt *p = &a->prompt;
	prompt_clear_candidates(p);
	free(p->label);
	p->label = NULL;
	sb_free(&p->text);
	p->active = false;
	a->chrome_dirty = true;
}

void app_prompt(struct app *a, const char *label, const char *initial,
		const struct prompt_ops *ops, void *ctx)
{
	if (a->prompt.active)
		prompt_close(a);
	struct prompt *p = &a->prompt;
	p->active = true;
	p->label = xstrdup(label);
	sb_reset(&p->text);
	sb_puts(&p->text, initial ? initial : "");
	p->cursor = p->text.len;
	p->ops = ops;
	p->ctx = ctx;
	a->chrome_dirty = true;
}

static void prompt_changed(struct app *a)
{
	struct prompt *p = &a->prompt;
	prompt_clear_candidates(p);
	if (p->ops && p->ops->changed)
		p->ops->changed(p->ctx, p->text.data ? p->text.data : "");
	a->chrome_dirty = true;
}

static size_t prev_char(const char *s, size_t at)
{
	while (at > 0 && ((unsigned char)s[--at] & 0xc0) == 0x80)
		;
	return at;
}

static size_t next_char(const char *s, size_t len, size_t at)
{
	if (at >= len)
		return len;
	unsigned cp;
	return at + utf8_decode(s + at, len - at, &cp);
}

static void prompt_delete(struct prompt *p, size_t from, size_t to)
{
	memmove(p->text.data + from, p->text.data + to, p->text.len - to + 1);
	p->text.len -= to - from;
	p->cursor = from;
}

static void prompt_complete(struct app *a)
{
	struct prompt *p = &a->prompt;
	if (!p->ops || !p->ops->complete)
		return;
	if (!p->ncandidates) {
		p->ncandidates = p->ops->complete(p->ctx, p->text.data ? p->text.data : "", p->cursor,
						  &p->candidates, &p->cand_start, &p->cand_end);
		p->candidate = 0;
		if (!p->ncandidates) {
			app_message(a, MSG_INFO, "No completions");
			return;
		}
	} else {
		p->candidate = (p->candidate + 1) % p->ncandidates;
	}
	/* replace [cand_start, cand_end) with the candidate */
	const char *c = p->candidates[p->candidate];
	struct strbuf nt = {0};
	sb_append(&nt, p->text.data, p->cand_start);
	sb_puts(&nt, c);
	size_t end = nt.len;
	sb_puts(&nt, p->text.data + p->cand_end);
	sb_free(&p->text);
	p->text = nt;
	p->cand_end = end;
	p->cursor = end;
	if (p->ncandidates > 1) {
		struct strbuf list = {0};
		for (size_t i = 0; i < p->ncandidates && i < 8; i++)
			sb_printf(&list, "%s%s", i ? "  " : "", p->candidates[i]);
		if (p->ncandidates > 8)
			sb_printf(&list, "  (+%zu more)", p->ncandidates - 8);
		app_message(a, MSG_INFO, "%s", list.data);
		sb_free(&list);
	}
	if (p->ops->changed)
		p->ops->changed(p->ctx, p->text.data);
	a->chrome_dirty = true;
}

static void prompt_key(struct app *a, int key)
{
	struct prompt *p = &a->prompt;
	const char *s = p->text.data ? p->text.data : "";
	if (key == '\t') {
		prompt_complete(a);
		return;
	}
	if (key == '\n') {
		char *text = xstrdup(s);
		const struct prompt_ops *ops = p->ops;
		void *ctx = p->ctx;
		prompt_close(a);
		if (ops && ops->submit)
			ops->submit(ctx, text);
		free(text);
		return;
	}
	if (key == 27 || key == 7) { /* Esc, C-g */
		const struct prompt_ops *ops = p->ops;
		void *ctx = p->ctx;
		prompt_close(a);
		if (ops && ops->cancel)
			ops->cancel(ctx);
		return;
	}
	if (key == KEYC_BACKSPACE || key == 127 || key == 8) {
		if (p->cursor > 0) {
			prompt_delete(p, prev_char(s, p->cursor), p->cursor);
			prompt_changed(a);
		} else if (!p->text.len) {
			prompt_key(a, 27); /* backspace on empty: leave */
		}
		return;
	}
	if (key == KEYC_DELETE || key == 4) {
		if (p->cursor < p->text.len) {
			prompt_delete(p, p->cursor, next_char(s, p->text.len, p->cursor));
			prompt_changed(a);
		}
		return;
	}
	if (key == KEYC_LEFT || key == 2) {
		p->cursor = prev_char(s, p->cursor);
	} else if (key == KEYC_RIGHT || key == 6) {
		p->cursor = next_char(s, p->text.len, p->cursor);
	} else if (key == KEYC_HOME || key == 1) {
		p->cursor = 0;
	} else if (key == KEYC_END || key == 5) {
		p->cursor = p->text.len;
	} else if (key == 21) { /* C-u: delete to the start */
		prompt_delete(p, 0, p->cursor);
		prompt_changed(a);
	} else if (key == 11) { /* C-k: delete to the end */
		prompt_delete(p, p->cursor, p->text.len);
		prompt_changed(a);
	} else if (key == 23) { /* C-w: delete the word before */
		size_t at = p->cursor;
		while (at > 0 && s[at - 1] == ' ')
			at--;
		while (at > 0 && s[at - 1] != ' ')
			at--;
		prompt_delete(p, at, p->cursor);
		prompt_changed(a);
	} else if (key >= ' ' && key != 127 && key < KEYC_BASE) {
		char buf[MB_LEN_MAX + 1];
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		size_t n = wcrtomb(buf, (wchar_t)key, &st);
		if (n == (size_t)-1)
			return;
		struct strbuf nt = {0};
		sb_append(&nt, s, p->cursor);
		sb_append(&nt, buf, n);
		sb_puts(&nt, s + p->cursor);
		sb_free(&p->text);
		p->text = nt;
		p->cursor += n;
		prompt_changed(a);
	}
	a->chrome_dirty = true;
}

/* ---- actions ----------------------------------------------------------- */

/* The view over the panes that takes the keys, if any. */
static struct view *modal_view(struct app *a)
{
	if (formview_active(a->form))
		return a->form;
	if (boardview_active(a->board))
		return a->board;
	return NULL;
}



static void switch_tab(struct app *a, enum entity e)
{
	if (a->current == e)
		return;
	a->current = e;
	a->focus_detail = false;
	a->help_open = false;
	listview_activate(a->tabs[e].list);
	mark_all_dirty(a);
	if (a->maximized)
		a->layout_dirty = true;
}

static void tab_by_name_submit(void *ctx, const char *text)
{
	struct app *a = ctx;
	enum entity e;
	char *t = str_trim(xstrdup(text));
	if (entity_parse(t, &e)) {
		switch_tab(a, e);
	} else {
		/* a unique prefix of a tab's title is enough */
		int found = -1, matches = 0;
		for (int i = 0; i < ENT_COUNT; i++) {
			if (*t && !strncasecmp(entity_plural((enum entity)i), t, strlen(t))) {
				found = i;
				matches++;
			}
		}
		if (matches == 1)
			switch_tab(a, (enum entity)found);
		else
			app_message(a, MSG_ERROR, "No single tab named '%s' (People, Companies, Leads, "
				    "Opportunities, Projects, Tasks)", t);
	}
	free(t);
}

static size_t tab_by_name_complete(void *ctx, const char *text, size_t cursor, char ***out,
				   size_t *start, size_t *end)
{
	(void)ctx;
	(void)cursor;
	size_t n = 0;
	*out = xcalloc(ENT_COUNT, sizeof(char *));
	for (int i = 0; i < ENT_COUNT; i++)
		if (!strncasecmp(entity_plural((enum entity)i), text, strlen(text)))
			(*out)[n++] = xstrdup(entity_plural((enum entity)i));
	*start = 0;
	*end = strlen(text);
	return n;
}

static const struct prompt_ops tab_by_name_ops = {
	.submit = tab_by_name_submit,
	.complete = tab_by_name_complete,
};

/* Actions the application handles itself, whatever has the focus. */
static bool app_action(struct app *a, enum action act, bool *running)
{
	switch (act) {
	case ACTION_QUIT:
		*running = false;
		return true;
	case ACTION_HELP: {
		a->help_open = !a->help_open;
		a->help_top = 0;
		/* start at the keys of where the user is */
		struct view *m = modal_view(a);
		struct tab *t = current_tab(a);
		a->help_jump = m ? (int)m->ops->keyctx : a->focus_detail ? (int)t->detail->ops->keyctx : -1;
		mark_all_dirty(a);
		return true;
	}
	case ACTION_TAB_PEOPLE: case ACTION_TAB_COMPANIES: case ACTION_TAB_LEADS:
	case ACTION_TAB_OPPORTUNITIES: case ACTION_TAB_PROJECTS: case ACTION_TAB_TASKS:
		switch_tab(a, (enum entity)(act - ACTION_TAB_PEOPLE));
		return true;
	case ACTION_TAB_NEXT:
		switch_tab(a, (enum entity)((a->current + 1) % ENT_COUNT));
		return true;
	case ACTION_TAB_PREV:
		switch_tab(a, (enum entity)((a->current + ENT_COUNT - 1) % ENT_COUNT));
		return true;
	case ACTION_TAB_BY_NAME:
		app_prompt(a, "Tab: ", "", &tab_by_name_ops, a);
		return true;
	case ACTION_FOCUS_NEXT:
		a->focus_detail = !a->focus_detail;
		current_tab(a)->list->dirty = true;
		current_tab(a)->detail->dirty = true;
		if (a->maximized)
			a->layout_dirty = true;
		return true;
	case ACTION_MAXIMIZE:
		a->maximized = !a->maximized;
		a->layout_dirty = true;
		return true;
	case ACTION_REFRESH_LOOKUPS:
		lookups_refresh(a->lookups);
		app_message(a, MSG_INFO, "Refreshing users, pipelines, layouts and other look-ups");
		return true;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		mark_all_dirty(a);
		return true;
	case ACTION_EDIT: {
		const cJSON *rec = detailview_record(current_tab(a)->detail);
		enum entity e = detailview_entity(current_tab(a)->detail);
		if (!rec) {
			app_message(a, MSG_INFO, "No record loaded to edit yet");
			return true;
		}
		formview_edit(a->form, e, rec);
		a->layout_dirty = true;
		return true;
	}
	case ACTION_CREATE:
		formview_create(a->form, a->current);
		a->layout_dirty = true;
		return true;
	case ACTION_BOARD:
		boardview_open(a->board);
		a->layout_dirty = true;
		return true;
	default:
		return false;
	}
}

static void help_action(struct app *a, enum action act)
{
	int page = LINES - 4 > 1 ? LINES - 4 : 1;
	switch (act) {
	case ACTION_MOVE_DOWN: a->help_top++; break;
	case ACTION_MOVE_UP: if (a->help_top > 0) a->help_top--; break;
	case ACTION_PAGE_DOWN: a->help_top += page; break;
	case ACTION_PAGE_UP: a->help_top = a->help_top > page ? a->help_top - page : 0; break;
	case ACTION_MOVE_FIRST: a->help_top = 0; break;
	case ACTION_MOVE_LAST: a->help_top = 1 << 20; break;
	default: return;
	}
}

static void handle_key(struct app *a, int key, bool *running)
{
	if (key == KEYC_RESIZE) {
		a->layout_dirty = true;
		return;
	}
	if (a->prompt.active) {
		prompt_key(a, key);
		return;
	}
	if (key > 0x7f && key < KEYC_BASE)
		return; /* no action is bound to a non-ASCII character */
	struct tab *t = current_tab(a);
	struct view *modal = modal_view(a);
	struct view *focused = modal ? modal : a->focus_detail ? t->detail : t->list;
	enum keyctx ctx = a->help_open ? KEYCTX_HELP : focused->ops->keyctx;
	enum action act = keymap_lookup(&a->keymap, ctx, key);
	if (act == ACTION_NONE)
		return;
	if (a->help_open) {
		if (!app_action(a, act, running))
			help_action(a, act);
		a->chrome_dirty = true;
		return;
	}
	/* in the form or the board, their own keys come first (q leaves them,
	 * it does not quit patina) */
	if (modal && modal->ops->action(modal, act))
		return;
	if (modal && act != ACTION_QUIT && act != ACTION_HELP && act != ACTION_REDRAW) {
		app_message(a, MSG_INFO, modal == a->form ? "Finish or leave the form first (Esc)"
			    : "That key does nothing on the board (? lists the keys)");
		return;
	}
	if (app_action(a, act, running))
		return;
	if (!focused->ops->action(focused, act)) {
		char *name = keyname_of(key);
		app_message(a, MSG_INFO, "%s (%s) does nothing here", name, action_name(act));
		free(name);
	}
}

/* ---- results ----------------------------------------------------------- */

static void handle_result(struct app *a, struct api_result *r)
{
	if (lookups_on_result(a->lookups, r)) {
		if (r->error.kind != APIE_NONE)
			app_message(a, MSG_ERROR, "%s", r->error.message);
		/* names may resolve now, in every view */
		notify_lookups_changed(a);
		a->chrome_dirty = true;
		return;
	}
	struct view *modals[2] = { a->form, a->board };
	for (int k = 0; k < 2; k++) {
		if (r->owner == modals[k]->owner) {
			if (r->generation == modals[k]->generation)
				modals[k]->ops->result(modals[k], r);
			return;
		}
	}
	for (int i = 0; i < ENT_COUNT; i++) {
		struct view *vs[2] = { a->tabs[i].list, a->tabs[i].detail };
		for (int k = 0; k < 2; k++) {
			if (vs[k]->owner == r->owner) {
				/* a result of a superseded generation never reaches a view */
				if (r->generation == vs[k]->generation)
					vs[k]->ops->result(vs[k], r);
				return;
			}
		}
	}
}

/* ---- drafts left from an earlier session ------------------------------- */

static const struct prompt_ops draft_ops;

static void offer_next_draft(struct app *a)
{
	while (a->next_draft < a->ndrafts) {
		const cJSON *d = a->drafts[a->next_draft];
		const cJSON *ent = cJSON_GetObjectItemCaseSensitive(d, "entity");
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(d, "id");
		const cJSON *base = cJSON_GetObjectItemCaseSensitive(d, "base");
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(base, "name");
		enum entity e;
		if (!cJSON_IsString(ent) || !entity_parse(ent->valuestring, &e)) {
			a->next_draft++;
			continue;
		}
		char *what = cJSON_IsNumber(id) && id->valuedouble > 0
			? xasprintf("%s #%.0f%s%s%s", entity_type_name(e), id->valuedouble,
				    cJSON_IsString(name) ? " \"" : "",
				    cJSON_IsString(name) ? name->valuestring : "",
				    cJSON_IsString(name) ? "\"" : "")
			: xasprintf("a new %s", entity_type_name(e));
		char *clean = sanitize_line(what, strlen(what));
		char *label = xasprintf("Unsaved edit of %s: restore it? (y: restore, n: discard, "
					"Esc: keep for later) ", clean);
		app_prompt(a, label, "", &draft_ops, a);
		free(label);
		free(clean);
		free(what);
		return;
	}
}

static void draft_submit(void *ctx, const char *text)
{
	struct app *a = ctx;
	const cJSON *d = a->drafts[a->next_draft++];
	if (text[0] == 'y' || text[0] == 'Y') {
		formview_restore(a->form, d);
		a->layout_dirty = true;
		return;
	}
	if (text[0] == 'n' || text[0] == 'N') {
		const cJSON *ent = cJSON_GetObjectItemCaseSensitive(d, "entity");
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(d, "id");
		enum entity e;
		if (cJSON_IsString(ent) && entity_parse(ent->valuestring, &e))
			drafts_remove(e, cJSON_IsNumber(id) ? json_i64(id) : 0);
		app_message(a, MSG_INFO, "Draft discarded");
	}
	offer_next_draft(a);
}

static void draft_cancel(void *ctx)
{
	struct app *a = ctx;
	a->next_draft++;
	app_message(a, MSG_INFO, "Draft kept for the next start");
	offer_next_draft(a);
}

static const struct prompt_ops draft_ops = {
	.submit = draft_submit,
	.cancel = draft_cancel,
};

/* ---- set-up ------------------------------------------------------------ */

static void load_file(struct conf_parser *p, const char *dir, const char *name, const char *ext)
{
	char *path;
	if (strchr(name, '/'))
		path = conf_expand_home(name);
	else
		path = xasprintf("%s/%s.%s", dir, name, ext);
	conf_parse_file(p, path, false);
	free(path);
}

/* The user's directory first, then the installed one. */
static void load_named(struct conf_parser *p, const char *kind, const char *name, const char *ext)
{
	if (strchr(name, '/')) {
		load_file(p, NULL, name, ext);
		return;
	}
	char *user = xdg_dir("config");
	char *path = xasprintf("%s/%s.%s", user, name, ext);
	if (access(path, R_OK) == 0) {
		load_file(p, user, name, ext);
	} else {
		char *dir = xasprintf("%s/%s", PATINA_DATADIR, kind);
		load_file(p, dir, name, ext);
		free(dir);
	}
	free(path);
	free(user);
}

static bool load_keys_and_theme(struct app *a, struct conf_errors *errs, bool use_color)
{
	size_t before = errs->count;
	keymap_init(&a->keymap);
	struct conf_parser kp = { keymap_commands, keymap_command_count, &a->keymap, errs, NULL };
	conf_parse_string(&kp, "default.keys (built in)", default_keymap_text);
	if (strcmp(a->settings->keymap, "default"))
		load_named(&kp, "keymaps", a->settings->keymap, "keys");
	char *dir = xdg_dir("config");
	char *user_keys = xasprintf("%s/keys", dir);
	conf_parse_file(&kp, user_keys, true);
	free(user_keys);
	free(dir);

	theme_init(&a->theme);
	struct conf_parser tp = { theme_commands, theme_command_count, &a->theme, errs, NULL };
	if (!use_color) {
		conf_parse_string(&tp, "mono.theme (built in)", mono_theme_text);
	} else {
		conf_parse_string(&tp, "default.theme (built in)", default_theme_text);
		if (strcmp(a->settings->theme, "default"))
			load_named(&tp, "themes", a->settings->theme, "theme");
	}
	return errs->count == before;
}

int app_run(const struct settings *s, enum entity open_entity, int64_t open_id)
{
	struct app *a = xcalloc(1, sizeof(*a));
	a->settings = s;

	const char *no_color = getenv("NO_COLOR");
	bool want_color = !(no_color && *no_color);
	struct conf_errors errs = {0};
	/* key and theme errors are the user's to fix before the screen opens */
	if (!load_keys_and_theme(a, &errs, want_color)) {
		for (size_t i = 0; i < errs.count; i++)
			fprintf(stderr, "patina: %s\n", errs.messages[i]);
		conf_errors_free(&errs);
		keymap_free(&a->keymap);
		free(a);
		return EXIT_USAGE;
	}

	struct fetch_options opt;
	session_fetch_options(s, &opt);
	char *error;
	a->fetcher = fetcher_start(&opt, &error);
	if (!a->fetcher) {
		fprintf(stderr, "patina: %s\n", error);
		free(error);
		keymap_free(&a->keymap);
		free(a);
		return EXIT_NETWORK;
	}
	char *cache_dir = xdg_dir("cache");
	char *identity = xasprintf("%s\n%s", s->api_url, s->access_token ? "oauth" : s->email);
	a->cache = cache_open(cache_dir, identity, s->cache_ttl);
	free(cache_dir);
	free(identity);
	a->lookups = lookups_new(fetcher_sender(a->fetcher), a->cache, LOOKUP_OWNER);
	a->refnames = refnames_new();

	if (!setup_signals()) {
		fprintf(stderr, "patina: cannot create a pipe for signals: %s\n", strerror(errno));
		fetcher_stop(a->fetcher);
		return EXIT_USAGE;
	}

	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	if (!initscr()) {
		fprintf(stderr, "patina: cannot initialise the terminal\n");
		fetcher_stop(a->fetcher);
		return EXIT_USAGE;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	disable_flow_control();
	def_prog_mode();
	curs_set(0);
	bool color = want_color && has_colors();
	if (color) {
		start_color();
		use_default_colors();
	} else if (want_color) {
		/* the terminal has no colour: the attributes-only theme */
		theme_init(&a->theme);
		struct conf_parser tp = { theme_commands, theme_command_count, &a->theme, &errs, NULL };
		conf_parse_string(&tp, "mono.theme (built in)", mono_theme_text);
	}
	theme_apply(&a->theme, color);

	for (int i = 0; i < ENT_COUNT; i++) {
		a->tabs[i].entity = (enum entity)i;
		a->tabs[i].list = listview_new(a, (enum entity)i, i);
		a->tabs[i].detail = detailview_new(a, ENT_COUNT + i);
	}
	a->form = formview_new(a, 2 * ENT_COUNT);
	a->board = boardview_new(a, 2 * ENT_COUNT + 1);
	a->current = open_id && (unsigned)open_entity < ENT_COUNT ? open_entity : ENT_PEOPLE;
	a->layout_dirty = true;
	/* the list first: it is what the user is waiting for */
	listview_activate(a->tabs[a->current].list);
	if (open_id) {
		app_follow(a, a->current, open_id);
		a->maximized = false;
	}
	lookups_need(a->lookups, LOOKUP_ACCOUNT);
	lookups_need(a->lookups, LOOKUP_ME);
	/* edits left unsaved by a crash, a kill or a dropped session */
	a->ndrafts = drafts_list(&a->drafts);
	offer_next_draft(a);

	bool running = true;
	while (running && !quit_signal) {
		if (resize_pending)
			apply_resize(a);
		/* ncurses buffers input itself: drain it before sleeping in poll() */
		wint_t ch;
		int rc;
		while (running && (rc = get_wch(&ch)) != ERR)
			handle_key(a, input_key(rc == KEY_CODE_YES, ch), &running);
		struct api_result *r;
		while ((r = fetcher_next_result(a->fetcher))) {
			handle_result(a, r);
			api_result_free(r);
		}
		if (!running)
			break;

		/* timers: debounced searches and the like */
		int64_t now = now_ms(), next = -1;
		for (int i = 0; i < ENT_COUNT; i++) {
			struct view *vs[2] = { a->tabs[i].list, a->tabs[i].detail };
			for (int k = 0; k < 2; k++) {
				struct view *v = vs[k];
				if (v->timer_at && v->timer_at <= now) {
					v->timer_at = 0;
					if (v->ops->timer)
						v->ops->timer(v);
				}
				if (v->timer_at && (next < 0 || v->timer_at < next))
					next = v->timer_at;
			}
		}
		if (a->message && a->message_until) {
			if (a->message_until <= now) {
				a->message_until = 0;
				a->chrome_dirty = true;
			} else if (next < 0 || a->message_until < next) {
				next = a->message_until;
			}
		}

		struct fetch_stats st;
		fetcher_stats(a->fetcher, &st);
		if (st.in_flight != a->stats.in_flight || st.queued != a->stats.queued ||
		    (st.budget_wait_ms > 0) != (a->stats.budget_wait_ms > 0) ||
		    st.budget_tokens != a->stats.budget_tokens)
			a->chrome_dirty = true;
		a->stats = st;
		/* while the budget makes work wait, or is short, keep its figure
		 * current: it refills while the fetch thread sleeps */
		bool budget_shown = st.budget_wait_ms > 0 ||
				    fetch_stats_tokens(&st, now) < a->settings->burst / 2;
		if (budget_shown && (next < 0 || now + 500 < next))
			next = now + 500;
		if (budget_shown && now >= a->budget_redraw_at) {
			a->chrome_dirty = true;
			a->budget_redraw_at = now + 500;
		}

		struct tab *t = current_tab(a);
		if (a->layout_dirty || a->chrome_dirty || t->list->dirty || t->detail->dirty ||
		    a->form->dirty || a->board->dirty)
			draw(a);

		struct pollfd fds[3] = {
			{ .fd = 0, .events = POLLIN },
			{ .fd = fetcher_fd(a->fetcher), .events = POLLIN },
			{ .fd = signal_pipe[0], .events = POLLIN },
		};
		int timeout = next < 0 ? -1 : (int)(next - now_ms() > 0 ? next - now_ms() : 0);
		if (resize_pending || quit_signal)
			timeout = 0;
		if (poll(fds, 3, timeout) < 0 && errno != EINTR)
			break;
		if (fds[2].revents & POLLIN) {
			char buf[64];
			while (read(signal_pipe[0], buf, sizeof(buf)) > 0)
				;
		}
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break; /* the terminal went away */
	}

	endwin();
	fetcher_stop(a->fetcher);
	close(signal_pipe[0]);
	close(signal_pipe[1]);
	signal_pipe[0] = signal_pipe[1] = -1;
	for (int i = 0; i < ENT_COUNT; i++) {
		a->tabs[i].list->ops->close(a->tabs[i].list);
		a->tabs[i].detail->ops->close(a->tabs[i].detail);
	}
	a->form->ops->close(a->form);
	a->board->ops->close(a->board);
	for (size_t i = 0; i < a->ndrafts; i++)
		cJSON_Delete(a->drafts[i]);
	free(a->drafts);
	delete_windows(a);
	lookups_free(a->lookups);
	refnames_free(a->refnames);
	cache_close(a->cache);
	keymap_free(&a->keymap);
	prompt_close(a);
	free(a->message);
	conf_errors_free(&errs);
	int sig = quit_signal;
	free(a);
	return sig && sig != SIGINT ? 128 + sig : EXIT_OK;
}
