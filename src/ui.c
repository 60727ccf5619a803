/* ui.c - see ui.h */
#include "config.h"

#include "cache.h"
#include "fetch.h"
#include "lookups.h"
#include "sanitize.h"
#include "session.h"
#include "ui.h"
#include "util.h"

#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#define MIN_COLS 20
#define MIN_LINES 5
#define PAGE_SIZE 200

static volatile sig_atomic_t quit_signal;

static void on_quit_signal(int sig)
{
	quit_signal = sig;
}

struct row {
	int64_t id;
	char *name; /* sanitized */
};

struct tab {
	enum entity entity;
	uint64_t generation;
	bool loading;
	bool loaded;
	int64_t total;
	struct row *rows;
	size_t nrows;
	size_t cursor, top;
};

#define LOOKUP_OWNER (FETCH_MAX_OWNERS - 1)

struct ui {
	struct fetcher *fetcher;
	struct lookups *lookups;
	struct tab tabs[ENT_COUNT];
	enum entity current;
	char *message;   /* status line, sanitized */
	bool message_is_error;
	bool dirty;
};

static const char *const tab_titles[ENT_COUNT] = {
	"People", "Companies", "Leads", "Opportunities", "Projects", "Tasks",
};

static void set_message(struct ui *ui, bool error, const char *text)
{
	free(ui->message);
	ui->message = sanitize_line(text, strlen(text));
	ui->message_is_error = error;
	ui->dirty = true;
}

static void tab_clear_rows(struct tab *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		free(t->rows[i].name);
	free(t->rows);
	t->rows = NULL;
	t->nrows = 0;
}

static void tab_load(struct ui *ui, struct tab *t)
{
	t->generation++;
	fetcher_cancel(ui->fetcher, (int)t->entity, t->generation);
	fetcher_submit(ui->fetcher, api_search(t->entity, NULL, 1, PAGE_SIZE, NULL, false),
		       (int)t->entity, t->generation, PRIO_VISIBLE, 1);
	t->loading = true;
	ui->dirty = true;
}

static void tab_take_rows(struct tab *t, const struct fetch_result *r)
{
	tab_clear_rows(t);
	t->total = r->total;
	size_t n = (size_t)cJSON_GetArraySize(r->json);
	t->rows = xcalloc(n ? n : 1, sizeof(*t->rows));
	const cJSON *item;
	cJSON_ArrayForEach(item, r->json) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
		struct row *row = &t->rows[t->nrows++];
		row->id = cJSON_IsNumber(id) ? (int64_t)id->valuedouble : 0;
		if (cJSON_IsString(name))
			row->name = sanitize_line(name->valuestring, strlen(name->valuestring));
		else
			row->name = xstrdup("(no name)");
	}
	if (t->cursor >= t->nrows)
		t->cursor = t->nrows ? t->nrows - 1 : 0;
	t->loaded = true;
}

static void handle_result(struct ui *ui, struct fetch_result *r)
{
	if (lookups_on_result(ui->lookups, r)) {
		if (r->error.kind != APIE_NONE)
			set_message(ui, true, r->error.message);
		ui->dirty = true;
		return;
	}
	if (r->owner < 0 || r->owner >= ENT_COUNT)
		return;
	struct tab *t = &ui->tabs[r->owner];
	if (r->generation != t->generation)
		return; /* superseded */
	t->loading = false;
	if (r->error.kind != APIE_NONE)
		set_message(ui, true, r->error.message);
	else if (!cJSON_IsArray(r->json))
		set_message(ui, true, "the server's search answer was not a list");
	else
		tab_take_rows(t, r);
	ui->dirty = true;
}

/* Draws s at the cursor, clipped to width columns, padding with spaces. */
static void put_clipped(const char *s, int width)
{
	int used;
	size_t bytes = text_fit(s, width, &used);
	addnstr(s, (int)bytes);
	for (; used < width; used++)
		addch(' ');
}

static void draw(struct ui *ui)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		mvaddstr(0, 0, "Terminal too");
		mvaddstr(1, 0, "small for patina");
		return;
	}
	struct tab *t = &ui->tabs[ui->current];

	/* title bar: the tab, the position, who is signed in */
	attron(A_REVERSE);
	move(0, 0);
	struct strbuf title = {0};
	sb_printf(&title, " patina  %s", tab_titles[ui->current]);
	if (t->loaded && t->total >= 0)
		sb_printf(&title, "  %zu of %" PRId64, t->nrows, t->total);
	const cJSON *me = lookups_get(ui->lookups, LOOKUP_ME);
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(me, "name");
	if (cJSON_IsString(name)) {
		char *clean = sanitize_line(name->valuestring, strlen(name->valuestring));
		sb_printf(&title, "  %s", clean);
		free(clean);
	}
	put_clipped(title.data, COLS);
	sb_free(&title);
	attroff(A_REVERSE);

	/* tab bar */
	move(1, 0);
	for (int i = 0; i < ENT_COUNT; i++) {
		if (getcurx(stdscr) >= COLS - 1)
			break;
		if (i == (int)ui->current)
			attron(A_BOLD | A_UNDERLINE);
		printw("%d %s", i + 1, tab_titles[i]);
		if (i == (int)ui->current)
			attroff(A_BOLD | A_UNDERLINE);
		addstr("  ");
	}

	/* list */
	int list_top = 2, list_height = LINES - 3;
	if (t->cursor < t->top)
		t->top = t->cursor;
	if (t->cursor >= t->top + (size_t)list_height)
		t->top = t->cursor - (size_t)list_height + 1;
	for (int y = 0; y < list_height; y++) {
		size_t i = t->top + (size_t)y;
		if (i >= t->nrows)
			break;
		move(list_top + y, 0);
		if (i == t->cursor)
			attron(A_REVERSE);
		put_clipped(t->rows[i].name, COLS);
		if (i == t->cursor)
			attroff(A_REVERSE);
	}
	if (t->loaded && !t->nrows)
		mvaddstr(list_top, 1, "No records.");

	/* status bar */
	move(LINES - 1, 0);
	if (ui->message) {
		if (ui->message_is_error)
			attron(A_BOLD);
		put_clipped(ui->message, COLS);
		if (ui->message_is_error)
			attroff(A_BOLD);
	} else if (t->loading) {
		put_clipped("Loading...", COLS);
	} else {
		put_clipped("1-6 switch tab  j/k move  r reload  q quit", COLS);
	}
}

static bool handle_key(struct ui *ui, int key)
{
	struct tab *t = &ui->tabs[ui->current];
	int page = LINES - 3 > 1 ? LINES - 3 : 1;
	switch (key) {
	case 'q':
		return false;
	case '1': case '2': case '3': case '4': case '5': case '6':
		ui->current = (enum entity)(key - '1');
		if (!ui->tabs[ui->current].loaded && !ui->tabs[ui->current].loading)
			tab_load(ui, &ui->tabs[ui->current]);
		break;
	case '\t':
		ui->current = (enum entity)((ui->current + 1) % ENT_COUNT);
		if (!ui->tabs[ui->current].loaded && !ui->tabs[ui->current].loading)
			tab_load(ui, &ui->tabs[ui->current]);
		break;
	case 'j': case KEY_DOWN:
		if (t->cursor + 1 < t->nrows)
			t->cursor++;
		break;
	case 'k': case KEY_UP:
		if (t->cursor)
			t->cursor--;
		break;
	case KEY_NPAGE: case ' ':
		t->cursor = t->cursor + (size_t)page < t->nrows ? t->cursor + (size_t)page
				: (t->nrows ? t->nrows - 1 : 0);
		break;
	case KEY_PPAGE:
		t->cursor = t->cursor > (size_t)page ? t->cursor - (size_t)page : 0;
		break;
	case 'g': case KEY_HOME:
		t->cursor = 0;
		break;
	case 'G': case KEY_END:
		t->cursor = t->nrows ? t->nrows - 1 : 0;
		break;
	case 'r':
		free(ui->message);
		ui->message = NULL;
		tab_load(ui, t);
		break;
	case KEY_RESIZE:
		break;
	default:
		return true;
	}
	ui->dirty = true;
	return true;
}

int ui_run(const struct settings *s)
{
	struct fetch_options opt;
	session_fetch_options(s, &opt);
	char *error;
	struct fetcher *fetcher = fetcher_start(&opt, &error);
	if (!fetcher) {
		fprintf(stderr, "patina: %s\n", error);
		free(error);
		return EXIT_NETWORK;
	}

	struct sigaction sa = {0};
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	if (!initscr()) {
		fprintf(stderr, "patina: cannot initialise the terminal\n");
		fetcher_stop(fetcher);
		return EXIT_USAGE;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);

	char *cache_dir = xdg_dir("cache");
	char *identity = xasprintf("%s\n%s", s->api_url, s->access_token ? "oauth" : s->email);
	struct cache *cache = cache_open(cache_dir, identity, s->cache_ttl);
	free(cache_dir);
	free(identity);

	struct ui ui = { .fetcher = fetcher, .dirty = true };
	ui.lookups = lookups_new(fetcher, cache, LOOKUP_OWNER);
	for (int i = 0; i < ENT_COUNT; i++)
		ui.tabs[i].entity = (enum entity)i;
	/* the list first: it is what the user is waiting for */
	tab_load(&ui, &ui.tabs[ENT_PEOPLE]);
	lookups_need(ui.lookups, LOOKUP_ACCOUNT);
	lookups_need(ui.lookups, LOOKUP_ME);
	lookups_need(ui.lookups, LOOKUP_USERS);

	bool running = true;
	while (running && !quit_signal) {
		/* ncurses buffers input itself: drain it before sleeping in poll() */
		int key;
		while (running && (key = getch()) != ERR)
			running = handle_key(&ui, key);
		struct fetch_result *r;
		while ((r = fetcher_next_result(fetcher))) {
			handle_result(&ui, r);
			fetch_result_free(r);
		}
		if (!running)
			break;
		if (ui.dirty) {
			draw(&ui);
			wnoutrefresh(stdscr);
			doupdate();
			ui.dirty = false;
		}
		struct pollfd fds[2] = {
			{ .fd = 0, .events = POLLIN },
			{ .fd = fetcher_fd(fetcher), .events = POLLIN },
		};
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			break; /* the terminal went away */
	}

	endwin();
	fetcher_stop(fetcher);
	lookups_free(ui.lookups);
	cache_close(cache);
	for (int i = 0; i < ENT_COUNT; i++)
		tab_clear_rows(&ui.tabs[i]);
	free(ui.message);
	return quit_signal && quit_signal != SIGINT ? 128 + quit_signal : EXIT_OK;
}
