/*
 * keymap.h - which key does what, in which context.
 *
 * Keymap files use the config language (conf.h):
 *
 *     bind CONTEXT KEY ACTION        e.g.  bind list j move-down
 *
 * Contexts: global (everywhere unless a context binds the key itself),
 * list, detail, help, form, board.  Keys: a printable character ("j", "G", "?", "/"),
 * a name (Up Down Left Right PageUp PageDown Home End Enter Esc Tab
 * BackTab Space Backspace Delete Insert F1..F12), or C-x for Control-x.
 * Actions: the names in actions.h; "none" unbinds.
 *
 * The shipped keymaps/default.keys is compiled in, so patina works with
 * nothing installed; the `keymap` setting picks another file on top of it
 * and $XDG_CONFIG_HOME/patina/keys adds the user's own lines.
 */
#ifndef PATINA_KEYMAP_H
#define PATINA_KEYMAP_H

#include "config/actions.h"
#include "config/conf.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Keys. A character is its own code point; every other key has a code
 * above Unicode, named here so that this layer needs no terminal library
 * (the UI translates curses' codes into these: ui/input.h).
 */
enum {
	KEYC_BASE = 0x110000,
	KEYC_UP = KEYC_BASE, KEYC_DOWN, KEYC_LEFT, KEYC_RIGHT,
	KEYC_PAGE_UP, KEYC_PAGE_DOWN, KEYC_HOME, KEYC_END,
	KEYC_BACKTAB, KEYC_BACKSPACE, KEYC_DELETE, KEYC_INSERT,
	KEYC_RESIZE,    /* the terminal changed size */
	KEYC_F1,        /* ... KEYC_F(12) */
	KEYC_UNKNOWN = KEYC_F1 + 12  /* a key patina has no name for */
};
#define KEYC_F(n) (KEYC_F1 + (n) - 1)

enum keyctx { KEYCTX_GLOBAL, KEYCTX_LIST, KEYCTX_DETAIL, KEYCTX_HELP, KEYCTX_FORM, KEYCTX_BOARD,
	      KEYCTX_COUNT };

const char *keyctx_name(enum keyctx c);

struct binding {
	enum keyctx ctx;
	int key;
	enum action action;
};

struct keymap {
	struct binding *bindings;
	size_t count;
};

void keymap_init(struct keymap *km);
void keymap_free(struct keymap *km);
void keymap_bind(struct keymap *km, enum keyctx ctx, int key, enum action a);
/* The context's own binding, else the global one, else ACTION_NONE. */
enum action keymap_lookup(const struct keymap *km, enum keyctx ctx, int key);
/* Keys bound to a in ctx (its own, then global) as "j, Down"; caller frees.
 * NULL if none. */
char *keymap_keys_for(const struct keymap *km, enum keyctx ctx, enum action a);

/* Key names: parse returns false for an unknown name. */
bool keyname_parse(const char *name, int *key);
/* A readable name ("j", "PageDown", "C-x"); caller frees. */
char *keyname_of(int key);

/* The `bind` command, for a conf_parser whose ctx is a struct keymap. */
extern const struct conf_command keymap_commands[];
extern const size_t keymap_command_count;

/* The compiled-in default keymap (keymaps/default.keys). */
extern const char default_keymap_text[];

#endif
