/*
 * fuzz_theme - a theme file (`color AREA FG BG [ATTR...]`, `source`).
 *
 * Input: the file's text.  Path: as the app loads a theme: the compiled-in
 * default theme, then conf_parse_string() of the input with theme_commands
 * on top; then what theme_apply() computes for an 8-colour terminal
 * (theme_fold_color) for every area.  (theme_apply itself needs a curses
 * screen and is not run.)
 *
 * Checks: every colour is -1 (default) or 0-255, and folds onto 0-7.
 */
#include "fuzz_conf.h"

#include "config/theme.h"

static struct theme defaults;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	fuzz_conf_setup();
	struct conf_errors errs = { 0 };
	struct conf_parser p = { theme_commands, theme_command_count, &defaults, &errs, NULL };
	theme_init(&defaults);
	conf_parse_string(&p, "default.theme (built in)", default_theme_text);
	FUZZ_CHECK(errs.count == 0, "the default theme has errors: %s", errs.messages[0]);
	conf_errors_free(&errs);
	return 0;
}

static void check_color(int c, enum theme_area a)
{
	FUZZ_CHECK((c >= -1 && c <= 255) || (c & ~0xffffff) == THEME_RGB, "area %s: colour %d",
		   theme_area_name(a), c);
	FUZZ_CHECK(theme_to_256(c) >= -1 && theme_to_256(c) <= 255, "colour %d to 256", c);
	if (c >= 0) {
		unsigned extra = 0;
		short folded = theme_fold_color(c, &extra);
		FUZZ_CHECK(folded >= 0 && folded <= 7, "colour %d folds to %d", c, folded);
		FUZZ_CHECK((extra & ~THEME_BOLD) == 0, "colour %d folds with attributes %lx", c,
			   (unsigned long)extra);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	if (!fuzz_conf_safe(text)) {
		free(text);
		return 0;
	}
	struct theme t = defaults;
	struct conf_errors errs = { 0 };
	struct conf_parser p = { theme_commands, theme_command_count, &t, &errs, NULL };
	conf_parse_string(&p, fuzz_conf_name, text);
	fuzz_conf_check_errors(&errs);
	conf_errors_free(&errs);
	free(text);

	for (int a = 0; a < AREA_COUNT; a++) {
		const struct theme_entry *e = &t.areas[a];
		FUZZ_CHECK(strcmp(theme_area_name((enum theme_area)a), "?"), "area %d has no name", a);
		check_color(e->fg, (enum theme_area)a);
		check_color(e->bg, (enum theme_area)a);
	}
	return 0;
}
