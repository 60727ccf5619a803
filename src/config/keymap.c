/* keymap.c - see keymap.h */
#include "config.h"

#include "config/keymap.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const ctx_names[KEYCTX_COUNT] = { "global", "list", "detail", "help", "form", "board" };

const char *keyctx_name(enum keyctx c)
{
	return (unsigned)c < KEYCTX_COUNT ? ctx_names[c] : "?";
}

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{ "Up", KEYC_UP }, { "Down", KEYC_DOWN }, { "Left", KEYC_LEFT }, { "Right", KEYC_RIGHT },
	{ "PageUp", KEYC_PAGE_UP }, { "PageDown", KEYC_PAGE_DOWN }, { "Home", KEYC_HOME },
	{ "End", KEYC_END }, { "Enter", '\n' }, { "Return", '\r' }, { "Esc", 27 }, { "Tab", '\t' },
	{ "BackTab", KEYC_BACKTAB }, { "Space", ' ' }, { "Backspace", KEYC_BACKSPACE },
	{ "Delete", KEYC_DELETE }, { "Insert", KEYC_INSERT },
	{ "Hash", '#' },
};

bool keyname_parse(const char *name, int *key)
{
	size_t len = strlen(name);
	if (len == 1 && (unsigned char)name[0] > ' ' && (unsigned char)name[0] < 0x7f) {
		*key = (unsigned char)name[0];
		return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++) {
		if (!strcasecmp(name, named_keys[i].name)) {
			*key = named_keys[i].key;
			return true;
		}
	}
	if (len == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-') {
		char c = name[2];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= '@' && c <= '_') {
			*key = c - '@';
			return true;
		}
	}
	if ((name[0] == 'F' || name[0] == 'f') && len >= 2 && len <= 3) {
		int64_t n;
		if (str_to_i64(name + 1, &n) && n >= 1 && n <= 12) {
			*key = KEYC_F((int)n);
			return true;
		}
	}
	return false;
}

char *keyname_of(int key)
{
	/* the canonical spelling first (Enter before Return) */
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++)
		if (named_keys[i].key == key && strcmp(named_keys[i].name, "Hash"))
			return xstrdup(named_keys[i].name);
	if (key > ' ' && key < 0x7f)
		return xasprintf("%c", key);
	if (key >= 0 && key < ' ')
		return xasprintf("C-%c", key + '@' >= 'A' && key + '@' <= 'Z' ? key + 'a' - 1 : key + '@');
	for (int n = 1; n <= 12; n++)
		if (key == KEYC_F(n))
			return xasprintf("F%d", n);
	return xasprintf("key-%d", key);
}

void keymap_init(struct keymap *km)
{
	memset(km, 0, sizeof(*km));
}

void keymap_free(struct keymap *km)
{
	free(km->bindings);
	memset(km, 0, sizeof(*km));
}

void keymap_bind(struct keymap *km, enum keyctx ctx, int key, enum action a)
{
	for (size_t i = 0; i < km->count; i++) {
		if (km->bindings[i].ctx == ctx && km->bindings[i].key == key) {
			km->bindings[i].action = a;
			return;
		}
	}
	km->bindings = xrealloc(km->bindings, (km->count + 1) * sizeof(*km->bindings));
	km->bindings[km->count++] = (struct binding){ ctx, key, a };
}

static bool find(const struct keymap *km, enum keyctx ctx, int key, enum action *a)
{
	for (size_t i = 0; i < km->count; i++) {
		if (km->bindings[i].ctx == ctx && km->bindings[i].key == key) {
			*a = km->bindings[i].action;
			return true;
		}
	}
	return false;
}

enum action keymap_lookup(const struct keymap *km, enum keyctx ctx, int key)
{
	enum action a;
	if (find(km, ctx, key, &a))
		return a;
	if (ctx != KEYCTX_GLOBAL && find(km, KEYCTX_GLOBAL, key, &a))
		return a;
	return ACTION_NONE;
}

char *keymap_keys_for(const struct keymap *km, enum keyctx ctx, enum action a)
{
	struct strbuf sb = {0};
	for (int pass = 0; pass < 2; pass++) {
		enum keyctx c = pass ? KEYCTX_GLOBAL : ctx;
		if (pass && ctx == KEYCTX_GLOBAL)
			break;
		for (size_t i = 0; i < km->count; i++) {
			const struct binding *b = &km->bindings[i];
			/* shadowed: a global key the context binds to something else */
			if (b->ctx != c || b->action != a || keymap_lookup(km, ctx, b->key) != a)
				continue;
			char *name = keyname_of(b->key);
			sb_printf(&sb, "%s%s", sb.len ? ", " : "", name);
			free(name);
		}
	}
	if (!sb.len) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

static char *cmd_bind(void *ctx, int argc, char **argv)
{
	struct keymap *km = ctx;
	if (argc != 4)
		return xstrdup("bind: expected 'bind CONTEXT KEY ACTION'");
	int c;
	for (c = 0; c < KEYCTX_COUNT; c++)
		if (!strcmp(argv[1], ctx_names[c]))
			break;
	if (c == KEYCTX_COUNT)
		return xasprintf("bind: unknown context '%s' (expected global, list, detail, help, form or board)",
				 argv[1]);
	int key;
	if (!keyname_parse(argv[2], &key))
		return xasprintf("bind: unknown key '%s' (expected a character, C-x, F1-F12, or one of "
				 "Up Down Left Right PageUp PageDown Home End Enter Esc Tab BackTab "
				 "Space Backspace Delete Insert Hash)", argv[2]);
	enum action a;
	if (!action_parse(argv[3], &a))
		return xasprintf("bind: unknown action '%s' (see the help screen, '?', for the names)",
				 argv[3]);
	keymap_bind(km, (enum keyctx)c, key, a);
	return NULL;
}

const struct conf_command keymap_commands[] = {
	{ "bind", cmd_bind },
};
const size_t keymap_command_count = ARRAY_SIZE(keymap_commands);
