/*
 * input.h - keys from the terminal as patina names them.
 *
 * curses reports special keys with codes of its own (KEY_UP, KEY_NPAGE...);
 * the keymap knows keys by config/keymap.h's codes. This is the one place
 * that translates, so nothing below the UI depends on curses.
 */
#ifndef PATINA_INPUT_H
#define PATINA_INPUT_H

#include <stdbool.h>
#include <wchar.h>

/* What get_wch() returned (rc == KEY_CODE_YES: a function key code in ch;
 * else a character) as a keymap key: a character's code point, or a
 * KEYC_* code. Enter arrives as '\r' (nonl), '\n' or KEY_ENTER: all are
 * '\n'. */
int input_key(bool is_function_key, wint_t ch);

#endif
