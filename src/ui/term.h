/*
 * term.h - the terminal itself: curses set-up and tear-down, frames,
 * the modes patina turns on (mouse, bracketed paste), handing the terminal
 * to another program ($EDITOR, $BROWSER) or to the shell (suspend) and
 * taking it back, the clipboard through OSC 52, and leaving the terminal
 * usable after a crash.
 *
 * A frame is one write(2) of the screen's changes wrapped in synchronized
 * output (DEC mode 2026), whose end follows in a second write of 8 bytes:
 * a terminal that knows the mode shows the frame whole or not at all,
 * one that does not ignores it. Every way out of the screen (exit,
 * suspend, a program handed the terminal, a crash) turns the modes off
 * and ends a frame that might be open.
 *
 * Child programs never inherit the Copper credentials: the variables that
 * hold them (settings_secret_variables) are removed from their environment.
 */
#ifndef PATINA_TERM_H
#define PATINA_TERM_H

#include <stdbool.h>

struct term {
	bool color;        /* the terminal has colours and NO_COLOR is not set */
	bool want_color;   /* NO_COLOR is not set */
	bool redraw;       /* the terminal was handed over: draw everything again */
	bool mouse;        /* report mouse events (SGR 1006); set before term_start */
	bool modes_on;     /* mouse and paste reporting are on in the terminal */
	int cursor;        /* the cursor's visibility, as curs_set() has it */
};

/* Opens the screen (initscr and its modes). Installs the crash handlers
 * that restore the terminal. False with a message on stderr if the
 * terminal cannot be used. */
bool term_start(struct term *t);
/* Closes the screen. */
void term_stop(struct term *t);

/* Sends the frame: everything wnoutrefresh'd, in one doupdate() wrapped in
 * synchronized output, the cursor shown (for a prompt) or hidden. */
void term_frame(struct term *t, bool cursor_visible);
/* Turns mouse reporting on or off from now on (the `mouse` setting). */
void term_set_mouse(struct term *t, bool on);
/* C-z: gives the terminal back to the shell, stops patina until it is
 * continued, then takes the terminal again (t->redraw is set). */
void term_suspend(struct term *t);

/* Runs "program arg" with the terminal handed over. program is a shell
 * command as $EDITOR holds it (it may carry arguments and quotes, as git
 * reads it); arg goes as one argument, never through the shell's parser.
 * Returns its exit status, or -1 if it could not run. */
int term_run_program(struct term *t, const char *program, const char *arg);
/* Opens url with $BROWSER (a terminal browser gets the terminal). False
 * with *why (static text) when $BROWSER is unset or failed. */
bool term_open_url(struct term *t, const char *url, const char **why);
/* Puts text on the clipboard through OSC 52 (works over SSH). */
void term_copy(struct term *t, const char *text);

/* For a forked child: drops the credentials from the environment. */
void term_scrub_child_env(void);

#endif
