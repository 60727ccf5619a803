/* term.c - see term.h */
#include "config.h"

#include "config/settings.h"
#include "ui/term.h"
#include "util/util.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

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
	static const char reset[] = "\033[?2026l\033[0m\033[?25h\033[?1049l\r\n";
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
	if (!initscr()) {
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
	def_prog_mode();
	curs_set(0);
	t->color = t->want_color && has_colors();
	if (t->color) {
		start_color();
		use_default_colors();
	}
	t->redraw = true;
	return true;
}

void term_stop(struct term *t)
{
	(void)t;
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
