/* theme.c - see theme.h */
#include "config.h"

#include "config/theme.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static const char *const area_names[AREA_COUNT] = {
#define THEME_NAME(id, name) [AREA_##id] = name,
	THEME_AREAS(THEME_NAME)
#undef THEME_NAME
};

void theme_init(struct theme *t)
{
	memset(t, 0, sizeof(*t));
	for (int i = 0; i < AREA_COUNT; i++)
		t->areas[i].fg = t->areas[i].bg = -1;
}

const char *theme_area_name(enum theme_area a)
{
	return (unsigned)a < AREA_COUNT ? area_names[a] : "?";
}

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static bool parse_color(const char *s, short *out)
{
	if (!strcmp(s, "default")) {
		*out = -1;
		return true;
	}
	for (short i = 0; i < 8; i++) {
		if (!strcmp(s, color_names[i])) {
			*out = i;
			return true;
		}
		if (str_starts_with(s, "bright-") && !strcmp(s + 7, color_names[i])) {
			*out = (short)(i + 8);
			return true;
		}
	}
	int64_t n;
	if (str_starts_with(s, "color"))
		s += 5;
	if (str_to_i64(s, &n) && n >= 0 && n <= 255) {
		*out = (short)n;
		return true;
	}
	return false;
}

static bool parse_attr(const char *s, unsigned *out)
{
	static const struct { const char *name; unsigned attr; } attrs[] = {
		{ "normal", 0 }, { "bold", THEME_BOLD }, { "dim", THEME_DIM },
		{ "underline", THEME_UNDERLINE }, { "reverse", THEME_REVERSE }, { "italic", THEME_ITALIC },
		{ "blink", THEME_BLINK }, { "standout", THEME_STANDOUT },
	};
	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++) {
		if (!strcmp(s, attrs[i].name)) {
			*out = attrs[i].attr;
			return true;
		}
	}
	return false;
}

static char *cmd_color(void *ctx, int argc, char **argv)
{
	struct theme *t = ctx;
	if (argc < 4)
		return xstrdup("color: expected 'color AREA FOREGROUND BACKGROUND [ATTRIBUTES...]'");
	int area;
	for (area = 0; area < AREA_COUNT; area++)
		if (!strcmp(argv[1], area_names[area]))
			break;
	if (area == AREA_COUNT) {
		struct strbuf known = {0};
		for (int i = 0; i < AREA_COUNT; i++)
			sb_printf(&known, "%s%s", i ? ", " : "", area_names[i]);
		char *msg = xasprintf("color: unknown area '%s' (known: %s)", argv[1], known.data);
		sb_free(&known);
		return msg;
	}
	struct theme_entry e = { -1, -1, 0, true };
	if (!parse_color(argv[2], &e.fg))
		return xasprintf("color: unknown colour '%s' (expected default, a name such as "
				 "blue or bright-blue, or a number 0-255)", argv[2]);
	if (!parse_color(argv[3], &e.bg))
		return xasprintf("color: unknown colour '%s' (expected default, a name such as "
				 "blue or bright-blue, or a number 0-255)", argv[3]);
	for (int i = 4; i < argc; i++) {
		unsigned a;
		if (!parse_attr(argv[i], &a))
			return xasprintf("color: unknown attribute '%s' (expected normal, bold, dim, "
					 "underline, reverse, italic, blink or standout)", argv[i]);
		e.attrs |= a;
	}
	t->areas[area] = e;
	return NULL;
}

const struct conf_command theme_commands[] = {
	{ "color", cmd_color },
};
const size_t theme_command_count = ARRAY_SIZE(theme_commands);

short theme_fold_color(short c, unsigned *extra)
{
	if (c < 8)
		return c;
	if (c < 16) {
		*extra |= THEME_BOLD; /* bright colours: bold is how 8-colour terminals show them */
		return (short)(c - 8);
	}
	if (c >= 232) /* grey ramp */
		return c < 244 ? 0 : 7;
	/* the 6x6x6 cube: pick the basic colour whose channels match best */
	int v = c - 16, r = v / 36, g = (v / 6) % 6, b = v % 6;
	int bits = (r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0);
	return (short)bits; /* 1 red, 2 green, 4 blue: the ANSI order */
}
