/* prefs.c - see prefs.h */
#include "config.h"

#include "ui/prefs.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void load_file(struct conf_parser *p, const char *dir, const char *name, const char *ext)
{
	char *path = strchr(name, '/') ? conf_expand_home(name) : xasprintf("%s/%s.%s", dir, name, ext);
	conf_parse_file(p, path, false);
	free(path);
}

/* The user's directory first, then the installed one. */
static void load_named(struct conf_parser *p, const char *kind, const char *name, const char *ext)
{
	if (strchr(name, '/')) {
		load_file(p, NULL, name, ext);
		return;
	}
	char *user = xdg_dir("config");
	char *path = xasprintf("%s/%s.%s", user, name, ext);
	if (access(path, R_OK) == 0) {
		load_file(p, user, name, ext);
	} else {
		char *dir = xasprintf("%s/%s", PATINA_DATADIR, kind);
		load_file(p, dir, name, ext);
		free(dir);
	}
	free(path);
	free(user);
}

bool prefs_load_keymap(struct keymap *km, const struct settings *s, struct conf_errors *errs)
{
	size_t before = errs->count;
	struct conf_parser kp = { keymap_commands, keymap_command_count, km, errs, NULL };
	conf_parse_string(&kp, "default.keys (built in)", default_keymap_text);
	if (strcmp(s->keymap, "default"))
		load_named(&kp, "keymaps", s->keymap, "keys");
	char *dir = xdg_dir("config");
	char *user_keys = xasprintf("%s/keys", dir);
	conf_parse_file(&kp, user_keys, true);
	free(user_keys);
	free(dir);
	return errs->count == before;
}

bool prefs_load_theme(struct theme *t, const struct settings *s, bool use_color,
		      struct conf_errors *errs)
{
	size_t before = errs->count;
	theme_init(t);
	struct conf_parser tp = { theme_commands, theme_command_count, t, errs, NULL };
	if (!use_color) {
		conf_parse_string(&tp, "mono.theme (built in)", mono_theme_text);
	} else {
		conf_parse_string(&tp, "default.theme (built in)", default_theme_text);
		if (strcmp(s->theme, "default"))
			load_named(&tp, "themes", s->theme, "theme");
	}
	return errs->count == before;
}
