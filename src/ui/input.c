/* input.c - see input.h */
#include "config.h"

#include "config/keymap.h"
#include "ui/input.h"

#include <curses.h>

int input_key(bool is_function_key, wint_t ch)
{
	if (!is_function_key)
		return ch == '\r' ? '\n' : (int)ch;
	switch ((int)ch) {
	case KEY_UP: return KEYC_UP;
	case KEY_DOWN: return KEYC_DOWN;
	case KEY_LEFT: return KEYC_LEFT;
	case KEY_RIGHT: return KEYC_RIGHT;
	case KEY_PPAGE: return KEYC_PAGE_UP;
	case KEY_NPAGE: return KEYC_PAGE_DOWN;
	case KEY_HOME: return KEYC_HOME;
	case KEY_END: return KEYC_END;
	case KEY_BTAB: return KEYC_BACKTAB;
	case KEY_BACKSPACE: return KEYC_BACKSPACE;
	case KEY_DC: return KEYC_DELETE;
	case KEY_IC: return KEYC_INSERT;
	case KEY_ENTER: return '\n';
	case KEY_RESIZE: return KEYC_RESIZE;
	default:
		break;
	}
	for (int n = 1; n <= 12; n++)
		if ((int)ch == KEY_F(n))
			return KEYC_F(n);
	return KEYC_UNKNOWN;
}
