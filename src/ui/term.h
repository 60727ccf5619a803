/*
 * term.h - the terminal itself: curses set-up and tear-down, handing the
 * terminal to another program ($EDITOR, $BROWSER) and taking it back, the
 * clipboard through OSC 52, and leaving the terminal usable after a crash.
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
};

/* Opens the screen (initscr and its modes). Installs the crash handlers
 * that restore the terminal. False with a message on stderr if the
 * terminal cannot be used. */
bool term_start(struct term *t);
/* Closes the screen. */
void term_stop(struct term *t);

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
