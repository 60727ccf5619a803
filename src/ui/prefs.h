/*
 * prefs.h - the keymap and the theme, from the shipped files and the
 * user's.
 *
 * Keys: the compiled-in keymaps/default.keys, then the `keymap` setting's
 * file (a name looked up in $XDG_CONFIG_HOME/patina, then the installed
 * keymaps/; or a path), then $XDG_CONFIG_HOME/patina/keys. Theme: the
 * compiled-in default, then the `theme` setting's file the same way;
 * without colour (NO_COLOR, or a terminal without colours) the built-in
 * monochrome theme. Every mistake is reported as file:line.
 */
#ifndef PATINA_PREFS_H
#define PATINA_PREFS_H

#include "config/conf.h"
#include "config/keymap.h"
#include "config/settings.h"
#include "config/theme.h"

#include <stdbool.h>

/* km must be initialised with its contexts registered. False if any file
 * had an error (all are in errs). */
bool prefs_load_keymap(struct keymap *km, const struct settings *s, struct conf_errors *errs);
/* use_color false: the monochrome theme. */
bool prefs_load_theme(struct theme *t, const struct settings *s, bool use_color,
		      struct conf_errors *errs);

#endif
