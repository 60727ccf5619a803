/* term.c - see term.h */
#include "config.h"

#include "config/settings.h"
#include "ui/input.h"
#include "ui/term.h"
#include "util/util.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

/* DEC private modes patina turns on: synchronized output (2026), mouse
 * button reports (1000) in SGR form (1006), bracketed paste (2004). */
#define SYNC_BEGIN "\033[?2026h"
#define SYNC_END "\033[?2026l"
#define MOUSE_ON "\033[?1000h\033[?1006h"
#define MOUSE_OFF "\033[?1006l\033[?1000l"
#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"

/* Straight to the terminal, past curses' buffer (empty between frames). */
static void write_bytes(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void write_all(const char *s)
{
	write_bytes(s, strlen(s));
}

/* ---- a crash leaves the terminal usable ---------------------------------- */

static struct termios saved_tty;
static bool have_saved_tty;
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
static struct sigaction previous[sizeof(fatal_signals) / sizeof(fatal_signals[0])];

/* Async-signal-safe only: leave the alternate screen, show the cursor,
 * restore the modes the terminal had before curses, then let the previous
 * handler (the sanitizers', or the default that dumps core) run. */
static void on_fatal(int sig)
{
	static const char reset[] = SYNC_END MOUSE_OFF PASTE_OFF "\033[0m\033[?25h\033[?1049l\r\n";
	ssize_t ignored = write(STDOUT_FILENO, reset, sizeof(reset) - 1);
	(void)ignored;
	if (have_saved_tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
		if (fatal_signals[i] == sig) {
			sigaction(sig, &previous[i], NULL);
			break;
		}
	}
	raise(sig);
}

static void install_crash_handlers(void)
{
	if (tcgetattr(STDIN_FILENO, &saved_tty) == 0)
		have_saved_tty = true;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &previous[i]);
}

static void remove_crash_handlers(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &previous[i], NULL);
}

/* ---- the modes ----------------------------------------------------------- */

/* ---- the output layer ------------------------------------------------------
 *
 * curses writes to a descriptor of its own (screen_fd, a duplicate of the
 * terminal's). For a frame, that descriptor is pointed at a file in memory
 * (capture_fd); doupdate() and curs_set() write there however often they
 * flush, and the frame goes to the terminal in one write(2), wrapped in
 * synchronized output, with any mode changes asked for since the last
 * one. Without a memory file (none could be made) a frame is three writes:
 * the start of the mode, curses' own, its end.
 */
static int screen_fd = -1;     /* curses' output descriptor */
static int terminal_fd = -1;   /* the terminal, to point screen_fd back at */
static int capture_fd = -1;    /* where a frame is drawn */
static struct strbuf pending;  /* mode changes for the next frame */
static struct strbuf frame;

static int open_capture(void)
{
	int fd = -1;
#if defined(__linux__) && defined(MFD_CLOEXEC)
	fd = memfd_create("patina-frame", MFD_CLOEXEC);
#endif
	if (fd < 0) {
		FILE *f = tmpfile();
		if (f) {
			fd = dup(fileno(f));
			fclose(f);
			if (fd >= 0)
				fcntl(fd, F_SETFD, FD_CLOEXEC);
		}
	}
	return fd;
}

/* What curses wrote into the memory file, appended to frame; the file is
 * emptied. False if it could not be read. */
static bool take_capture(void)
{
	off_t size = lseek(capture_fd, 0, SEEK_CUR);
	if (size < 0)
		return false;
	sb_reserve(&frame, (size_t)size);
	size_t got = 0;
	while (got < (size_t)size) {
		ssize_t n = pread(capture_fd, frame.data + frame.len + got, (size_t)size - got,
				  (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	frame.len += got;
	frame.data[frame.len] = '\0';
	if (ftruncate(capture_fd, 0) < 0 || lseek(capture_fd, 0, SEEK_SET) < 0)
		return false;
	return got == (size_t)size;
}

/* Into the next frame. */
static void modes_on(struct term *t)
{
	if (t->mouse)
		sb_puts(&pending, MOUSE_ON);
	sb_puts(&pending, PASTE_ON);
	t->modes_on = true;
}

/* Straight away: the terminal is about to be someone else's. */
static void modes_off(struct term *t)
{
	if (t->modes_on)
		write_all(SYNC_END MOUSE_OFF PASTE_OFF);
	t->modes_on = false;
	sb_reset(&pending);
}

void term_set_mouse(struct term *t, bool on)
{
	if (t->mouse == on)
		return;
	t->mouse = on;
	if (t->modes_on)
		sb_puts(&pending, on ? MOUSE_ON : MOUSE_OFF);
}

/* ---- the screen ---------------------------------------------------------- */

static void disable_flow_control(void)
{
	/* C-s and C-q are keys here, not XON/XOFF */
	struct termios t;
	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_iflag &= ~(tcflag_t)IXON;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
}

/* The modes the terminal had before patina, flow control included. */
static void restore_user_tty(void)
{
	if (have_saved_tty)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved_tty);
}

/*
 * ncurses (6.4 and the snapshots of 2026 alike) flushes its output buffer
 * after every cursor movement of an update while the screen is in its
 * initial state (lib_mvcur.c: _nc_mvcur() flushes when SP->_endwin ==
 * ewInitial), which newterm() sets and only endwin() followed by an
 * update leaves: a frame goes out in one write(2) per cursor jump, some
 * 50 for a key and 250 for a full repaint. One endwin() and refresh()
 * here leave that state for good; the round trip through the normal
 * screen is inside synchronized output, so a terminal that knows the
 * mode shows nothing of it.
 */
static void leave_initial_state(void)
{
	write_all(SYNC_BEGIN);
	endwin();
	refresh();
	write_all(SYNC_END);
}

/* COLORTERM says the terminal takes 24-bit colour, but the terminfo entry
 * of TERM has 256 colours: its -direct sibling (xterm-direct, tmux-direct,
 * from ncurses-term) describes the same terminal with direct colour, if
 * it is installed. Caller frees; NULL when there is nothing to try. */
static char *direct_variant(void)
{
	const char *colorterm = getenv("COLORTERM"), *term = getenv("TERM");
	if (!colorterm || (strcmp(colorterm, "truecolor") && strcmp(colorterm, "24bit")) || !term)
		return NULL;
	size_t n = strlen(term);
	const char *suffix = "-256color";
	size_t k = strlen(suffix);
	if (n <= k || strcmp(term + n - k, suffix))
		return NULL;
	return xasprintf("%.*s-direct", (int)(n - k), term);
}

/* The screen on a descriptor of curses' own, so that a frame can be
 * pointed elsewhere (above) while stdout stays the terminal for the
 * crash handler and for the programs patina runs. */
static bool open_screen(void)
{
	terminal_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	screen_fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	FILE *out = screen_fd >= 0 ? fdopen(screen_fd, "w") : NULL;
	char *direct = direct_variant();
	bool opened = out && direct && newterm(direct, out, stdin);
	free(direct);
	if (terminal_fd < 0 || !out || (!opened && !newterm(NULL, out, stdin))) {
		if (out)
			fclose(out);
		else if (screen_fd >= 0)
			close(screen_fd);
		if (terminal_fd >= 0)
			close(terminal_fd);
		screen_fd = terminal_fd = -1;
		return false;
	}
	capture_fd = open_capture();
	return true;
}

bool term_start(struct term *t)
{
	const char *no_color = getenv("NO_COLOR");
	t->want_color = !(no_color && *no_color);
	install_crash_handlers();
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	/* before curses writes anything: a C-s typed while patina starts
	 * would otherwise stop the terminal's output (XOFF) and the first
	 * write would block for good. Clearing IXON also restarts stopped
	 * output. endwin() then restores this mode, so term_stop() and
	 * run_shell() put back the user's own. */
	disable_flow_control();
	if (!open_screen()) {
		restore_user_tty();
		remove_crash_handlers();
		fprintf(stderr, "patina: cannot initialise the terminal\n");
		return false;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	disable_flow_control();
	/* the loop reads every key waiting before it draws: doupdate must
	 * not stop half-way for one (the frame would go out in pieces) */
	typeahead(-1);
	/* patina reads mouse reports itself (ui/input.h): curses must not
	 * wait for a click to complete */
	mouseinterval(0);
	input_define_keys();
	def_prog_mode();
	curs_set(0);
	t->cursor = 0;
	leave_initial_state();
	modes_on(t);
	t->color = t->want_color && has_colors();
	if (t->color) {
		start_color();
		use_default_colors();
	}
	t->redraw = true;
	return true;
}

/* Shows or hides the cursor; curses flushes what it sends at once. */
static void set_cursor(struct term *t, bool visible)
{
	int want = visible ? 1 : 0;
	if (want != t->cursor && curs_set(want) != ERR)
		t->cursor = want;
}

/* Without a memory file: the mode's start, curses' writes, its end. */
static void frame_direct(struct term *t, bool cursor_visible)
{
	sb_reset(&frame);
	sb_puts(&frame, SYNC_BEGIN);
	sb_append(&frame, pending.data ? pending.data : "", pending.len);
	sb_reset(&pending);
	write_all(frame.data);
	doupdate();
	set_cursor(t, cursor_visible);
	write_all(SYNC_END);
}

void term_frame(struct term *t, bool cursor_visible)
{
	if (capture_fd < 0 || isendwin() || dup2(capture_fd, screen_fd) < 0) {
		frame_direct(t, cursor_visible);
		return;
	}
	doupdate();
	set_cursor(t, cursor_visible);
	while (dup2(terminal_fd, screen_fd) < 0 && errno == EINTR)
		;
	sb_reset(&frame);
	sb_puts(&frame, SYNC_BEGIN);
	sb_append(&frame, pending.data ? pending.data : "", pending.len);
	sb_reset(&pending);
	if (!take_capture()) {
		/* the frame is lost: draw the whole screen again next time */
		close(capture_fd);
		capture_fd = -1;
		clearok(curscr, TRUE);
		t->redraw = true;
	}
	sb_puts(&frame, SYNC_END);
	write_bytes(frame.data, frame.len);
}

/* SIGTSTP is patina's (app.c catches it before curses starts, so curses
 * leaves it alone): the modes go off before the shell gets the terminal
 * and come back with the screen. */
void term_suspend(struct term *t)
{
	modes_off(t);
	def_prog_mode();
	endwin();
	restore_user_tty();
	struct sigaction dfl, old;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP); /* stops here until continued */
	sigaction(SIGTSTP, &old, NULL);
	reset_prog_mode();
	disable_flow_control();
	modes_on(t);
	clearok(curscr, TRUE);
	t->redraw = true;
}

void term_stop(struct term *t)
{
	modes_off(t);
	endwin();
	restore_user_tty();
	remove_crash_handlers();
}

/* ---- handing the terminal over ------------------------------------------- */

void term_scrub_child_env(void)
{
	for (const char *const *v = settings_secret_variables; *v; v++)
		unsetenv(*v);
}

/* Runs sh -c script with the positional arguments, the terminal handed
 * over; returns the exit status or -1. */
static int run_shell(struct term *t, const char *script, const char *name, const char *arg)
{
	modes_off(t);
	def_prog_mode();
	endwin();
	restore_user_tty();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		term_scrub_child_env();
		execl("/bin/sh", "sh", "-c", script, name, arg, (char *)NULL);
		_exit(127);
	}
	int status = -1;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	disable_flow_control();
	modes_on(t);
	clearok(curscr, TRUE);
	t->redraw = true;
	if (pid < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int term_run_program(struct term *t, const char *program, const char *arg)
{
	/* as git runs $EDITOR: the command is shell text (so quotes in it
	 * work, "/opt/my editor/bin/ed" included), the file is "$1" */
	char *script = xasprintf("%s \"$1\"", program);
	int status = run_shell(t, script, program, arg);
	free(script);
	return status;
}

bool term_open_url(struct term *t, const char *url, const char **why)
{
	const char *browser = getenv("BROWSER");
	if (!browser || !*browser) {
		*why = "Set $BROWSER to open records";
		return false;
	}
	char *script = xasprintf("%s \"$1\"", browser);
	int status = run_shell(t, script, browser, url);
	free(script);
	if (status != 0) {
		*why = "$BROWSER failed";
		return false;
	}
	return true;
}

void term_copy(struct term *t, const char *text)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	(void)t;
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
}
