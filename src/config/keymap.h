/*
 * keymap.h - which key does what, in which context.
 *
 * Keymap files use the config language (conf.h):
 *
 *     bind CONTEXT KEY ACTION        e.g.  bind list j move-down
 *
 * Contexts: global (everywhere unless a context binds the key itself) and
 * the names the application registers before reading keymaps (each view's
 * name: list, detail, form, board...; help; prompt), so a new view brings
 * its own context without a change here.  Keys: a printable character ("j", "G", "?", "/"),
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
	KEYC_UNKNOWN = KEYC_F1 + 12, /* a key patina has no name for */
	/* what the terminal reports rather than a key (ui/input.h reads
	 * what follows them): never bound */
	KEYC_PASTE_BEGIN,   /* CSI 200 ~ */
	KEYC_PASTE_END,     /* CSI 201 ~ */
	KEYC_MOUSE_SGR,     /* CSI <: "b;x;yM" or "b;x;ym" follows */
	KEYC_MOUSE_X10      /* CSI M: three bytes follow */
};
#define KEYC_F(n) (KEYC_F1 + (n) - 1)

#define KEYCTX_GLOBAL 0
#define KEYCTX_MAX 24

struct binding {
	int ctx;           /* index into the keymap's contexts */
	int key;
	enum action action;
};

struct keymap {
	char *contexts[KEYCTX_MAX]; /* names; contexts[KEYCTX_GLOBAL] is "global" */
	int ncontexts;
	struct binding *bindings;
	size_t count;
};

/* An empty keymap with the global context only. */
void keymap_init(struct keymap *km);
void keymap_free(struct keymap *km);
/* Registers a context name (before parsing); returns its index (the same
 * for a name registered twice), or -1 when there is no room. */
int keymap_add_context(struct keymap *km, const char *name);
/* A context's index by name, or -1. */
int keymap_context(const struct keymap *km, const char *name);
const char *keymap_context_name(const struct keymap *km, int ctx);

void keymap_bind(struct keymap *km, int ctx, int key, enum action a);
/* The context's own binding, else the global one, else ACTION_NONE. */
enum action keymap_lookup(const struct keymap *km, int ctx, int key);
/* Keys that do a in ctx (its own bindings, then the global ones it does
 * not shadow), each key once, as "j, Down"; caller frees. NULL if none. */
char *keymap_keys_for(const struct keymap *km, int ctx, enum action a);
/* The keys of ctx's own bindings that do a and are no text: for a view
 * that takes what is typed as text (a finder's query), where only these
 * reach it; caller frees, NULL if none. */
char *keymap_command_keys_for(const struct keymap *km, int ctx, enum action a);

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
