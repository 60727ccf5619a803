/* Unit tests: theme.c and the shipped themes */
#include "config.h"

#include "testlib.h"
#include "config/theme.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static void check_complete(const char *name, const char *path_or_null, const char *text)
{
	struct theme t;
	struct conf_errors errs = {0};
	theme_init(&t);
	struct conf_parser p = { theme_commands, theme_command_count, &t, &errs, NULL };
	if (path_or_null)
		CHECK(conf_parse_file(&p, path_or_null, false));
	else
		conf_parse_string(&p, name, text);
	for (size_t i = 0; i < errs.count; i++)
		test_fail(__FILE__, __LINE__, "%s", errs.messages[i]);
	for (int a = 0; a < AREA_COUNT; a++)
		if (!t.areas[a].set)
			test_fail(__FILE__, __LINE__, "%s does not set area %s", name,
				  theme_area_name((enum theme_area)a));
	conf_errors_free(&errs);
}

TEST(test_shipped_themes_set_every_area)
{
	check_complete("default.theme", NULL, default_theme_text);
	check_complete("mono.theme", NULL, mono_theme_text);
	const char *top = getenv("TOP_SRCDIR");
	const char *files[] = { "light", "high-contrast", "dusk" };
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *path = xasprintf("%s/themes/%s.theme", top ? top : ".", files[i]);
		check_complete(files[i], path, NULL);
		free(path);
	}
}

/* High contrast is exact on any colour terminal: the basic eight only. */
TEST(test_high_contrast_uses_the_basic_colours_and_bold)
{
	struct theme t;
	struct conf_errors errs = {0};
	theme_init(&t);
	struct conf_parser p = { theme_commands, theme_command_count, &t, &errs, NULL };
	const char *top = getenv("TOP_SRCDIR");
	char *path = xasprintf("%s/themes/high-contrast.theme", top ? top : ".");
	CHECK(conf_parse_file(&p, path, false));
	for (int a = 0; a < AREA_COUNT; a++) {
		CHECK(t.areas[a].fg >= -1 && t.areas[a].fg < 8);
		CHECK(t.areas[a].bg >= -1 && t.areas[a].bg < 8);
	}
	CHECK(t.areas[AREA_CURSOR].attrs & THEME_BOLD);
	CHECK(t.areas[AREA_CURSOR].bg != t.areas[AREA_ROW].bg);
	free(path);
	conf_errors_free(&errs);
}

TEST(test_24_bit_colours_parse_and_fold_to_256_and_8)
{
	struct theme t;
	struct conf_errors errs = {0};
	theme_init(&t);
	struct conf_parser p = { theme_commands, theme_command_count, &t, &errs, NULL };
	conf_parse_string(&p, "t", "color title #1F3B57 #ff0000 bold\ncolor row 300 default\n");
	CHECK_INT(errs.count, 1);
	CHECK_CONTAINS(errs.messages[0], "#rrggbb");
	CHECK_INT(t.areas[AREA_TITLE].fg, THEME_RGB | 0x1f3b57);
	CHECK_INT(theme_rgb_of(t.areas[AREA_TITLE].fg), 0x1f3b57);
	/* the nearest of the palette: cube or grey ramp */
	CHECK_INT(theme_to_256(THEME_RGB | 0xff0000), 196);
	CHECK_INT(theme_to_256(THEME_RGB | 0x000000), 16);
	CHECK_INT(theme_to_256(THEME_RGB | 0x808080), 244);
	CHECK_INT(theme_to_256(THEME_RGB | 0x5f87af), 67);
	CHECK_INT(theme_to_256(42), 42);
	CHECK_INT(theme_rgb_of(67), 0x5f87af);
	CHECK_INT(theme_rgb_of(244), 0x808080);
	CHECK_INT(theme_rgb_of(-1), -1);
	unsigned extra = 0;
	CHECK_INT(theme_fold_color(THEME_RGB | 0xff0000, &extra), 1);
	CHECK_INT(theme_fold_color(THEME_RGB | 0x1f3b57, &extra), 0);
	conf_errors_free(&errs);
}

/* Without colour the cursor must still be visible: mono uses attributes. */
TEST(test_mono_theme_uses_attributes_for_what_matters)
{
	struct theme t;
	struct conf_errors errs = {0};
	theme_init(&t);
	struct conf_parser p = { theme_commands, theme_command_count, &t, &errs, NULL };
	conf_parse_string(&p, "mono", mono_theme_text);
	CHECK(t.areas[AREA_CURSOR].attrs & THEME_REVERSE);
	CHECK(t.areas[AREA_TITLE].attrs != 0);
	CHECK(t.areas[AREA_ERROR].attrs != 0);
	for (int a = 0; a < AREA_COUNT; a++)
		CHECK(t.areas[a].fg == -1 && t.areas[a].bg == -1);
	conf_errors_free(&errs);
}

TEST(test_parse_and_errors)
{
	struct theme t;
	struct conf_errors errs = {0};
	theme_init(&t);
	struct conf_parser p = { theme_commands, theme_command_count, &t, &errs, NULL };
	conf_parse_string(&p, "x.theme",
			  "color cursor bright-white 25 bold underline\n"
			  "color cursr white blue\n"
			  "color row mauve default\n"
			  "color row white default sparkly\n"
			  "color row 256 default\n"
			  "color row white\n");
	CHECK_INT(t.areas[AREA_CURSOR].fg, 15);
	CHECK_INT(t.areas[AREA_CURSOR].bg, 25);
	CHECK(t.areas[AREA_CURSOR].attrs == (THEME_BOLD | THEME_UNDERLINE));
	CHECK_INT(errs.count, 5);
	CHECK_CONTAINS(errs.messages[0], "x.theme:2: color: unknown area 'cursr'");
	CHECK_CONTAINS(errs.messages[1], "x.theme:3: color: unknown colour 'mauve'");
	CHECK_CONTAINS(errs.messages[2], "x.theme:4: color: unknown attribute 'sparkly'");
	CHECK_CONTAINS(errs.messages[3], "x.theme:5: color: unknown colour '256'");
	CHECK_CONTAINS(errs.messages[4], "x.theme:6: color: expected");
	conf_errors_free(&errs);
}

TEST(test_fold_onto_eight_colours)
{
	unsigned extra = 0;
	CHECK_INT(theme_fold_color(4, &extra), 4);
	CHECK(extra == 0);
	CHECK_INT(theme_fold_color(12, &extra), 4); /* bright blue -> blue + bold */
	CHECK(extra & THEME_BOLD);
	extra = 0;
	CHECK_INT(theme_fold_color(196, &extra), 1); /* pure red in the cube */
	CHECK_INT(theme_fold_color(21, &extra), 4);  /* pure blue */
	CHECK_INT(theme_fold_color(46, &extra), 2);  /* pure green */
	CHECK_INT(theme_fold_color(231, &extra), 7); /* white */
	CHECK_INT(theme_fold_color(16, &extra), 0);  /* black */
	CHECK_INT(theme_fold_color(236, &extra), 0); /* dark grey */
	CHECK_INT(theme_fold_color(250, &extra), 7); /* light grey */
}
