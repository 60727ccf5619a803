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

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool parse_color(const char *s, int *out)
{
	if (s[0] == '#' && strlen(s) == 7) {
		int rgb = 0;
		for (int i = 1; i < 7; i++) {
			int d = hex_digit(s[i]);
			if (d < 0)
				return false;
			rgb = rgb << 4 | d;
		}
		*out = THEME_RGB | rgb;
		return true;
	}
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
			*out = i + 8;
			return true;
		}
	}
	int64_t n;
	if (str_starts_with(s, "color"))
		s += 5;
	if (str_to_i64(s, &n) && n >= 0 && n <= 255) {
		*out = (int)n;
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
				 "blue or bright-blue, a number 0-255 or #rrggbb)", argv[2]);
	if (!parse_color(argv[3], &e.bg))
		return xasprintf("color: unknown colour '%s' (expected default, a name such as "
				 "blue or bright-blue, a number 0-255 or #rrggbb)", argv[3]);
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

/* The cube's six levels, as xterm draws them. */
static const int cube_level[6] = { 0, 95, 135, 175, 215, 255 };

static int nearest_level(int v)
{
	int best = 0;
	for (int i = 1; i < 6; i++)
		if (abs(cube_level[i] - v) < abs(cube_level[best] - v))
			best = i;
	return best;
}

static long distance(int a, int b)
{
	long dr = ((a >> 16) & 255) - ((b >> 16) & 255), dg = ((a >> 8) & 255) - ((b >> 8) & 255),
	     db = (a & 255) - (b & 255);
	return dr * dr + dg * dg + db * db;
}

int theme_rgb_of(int c)
{
	static const int basic[16] = {
		0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
		0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
	};
	if (c < 0)
		return -1;
	if (c & THEME_RGB)
		return c & 0xffffff;
	if (c < 16)
		return basic[c];
	if (c >= 232) {
		int v = 8 + (c - 232) * 10;
		return v << 16 | v << 8 | v;
	}
	int v = c - 16;
	return cube_level[v / 36] << 16 | cube_level[(v / 6) % 6] << 8 | cube_level[v % 6];
}

int theme_to_256(int c)
{
	if (c < 0 || !(c & THEME_RGB))
		return c;
	int rgb = c & 0xffffff;
	int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
	int cube = 16 + 36 * nearest_level(r) + 6 * nearest_level(g) + nearest_level(b);
	int grey_step = ((r + g + b) / 3 - 8 + 5) / 10;
	int grey = 232 + (grey_step < 0 ? 0 : grey_step > 23 ? 23 : grey_step);
	return distance(theme_rgb_of(grey), rgb) < distance(theme_rgb_of(cube), rgb) ? grey : cube;
}

short theme_fold_color(int c, unsigned *extra)
{
	c = theme_to_256(c);
	if (c < 8)
		return (short)c;
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
