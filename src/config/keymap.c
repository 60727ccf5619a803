/* keymap.c - see keymap.h */
#include "config.h"

#include "config/keymap.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	keymap_add_context(km, "global");
}

void keymap_free(struct keymap *km)
{
	for (int i = 0; i < km->ncontexts; i++)
		free(km->contexts[i]);
	free(km->bindings);
	memset(km, 0, sizeof(*km));
}

int keymap_context(const struct keymap *km, const char *name)
{
	for (int i = 0; i < km->ncontexts; i++)
		if (!strcmp(km->contexts[i], name))
			return i;
	return -1;
}

int keymap_add_context(struct keymap *km, const char *name)
{
	int have = keymap_context(km, name);
	if (have >= 0)
		return have;
	if (km->ncontexts == KEYCTX_MAX)
		return -1;
	km->contexts[km->ncontexts] = xstrdup(name);
	return km->ncontexts++;
}

const char *keymap_context_name(const struct keymap *km, int ctx)
{
	return ctx >= 0 && ctx < km->ncontexts ? km->contexts[ctx] : "?";
}

void keymap_bind(struct keymap *km, int ctx, int key, enum action a)
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

static bool find(const struct keymap *km, int ctx, int key, enum action *a)
{
	for (size_t i = 0; i < km->count; i++) {
		if (km->bindings[i].ctx == ctx && km->bindings[i].key == key) {
			*a = km->bindings[i].action;
			return true;
		}
	}
	return false;
}

enum action keymap_lookup(const struct keymap *km, int ctx, int key)
{
	enum action a;
	if (find(km, ctx, key, &a))
		return a;
	if (ctx != KEYCTX_GLOBAL && find(km, KEYCTX_GLOBAL, key, &a))
		return a;
	return ACTION_NONE;
}

/* The keys that do a in ctx, as "j, Down": its own bindings, then (unless
 * commands_only) the global ones it does not shadow; commands_only leaves
 * out keys that are text. NULL if none. */
static char *keys_for(const struct keymap *km, int ctx, enum action a, bool commands_only)
{
	struct strbuf sb = {0};
	for (int pass = 0; pass < 2; pass++) {
		int c = pass ? KEYCTX_GLOBAL : ctx;
		if (pass && (ctx == KEYCTX_GLOBAL || commands_only))
			break;
		for (size_t i = 0; i < km->count; i++) {
			const struct binding *b = &km->bindings[i];
			bool text = b->key >= ' ' && b->key < KEYC_BASE && b->key != 127;
			/* shadowed: a global key the context binds to something else */
			if (b->ctx != c || b->action != a || keymap_lookup(km, ctx, b->key) != a ||
			    (commands_only && text))
				continue;
			/* "R, R": the same key bound in the context and globally */
			if (pass && find(km, ctx, b->key, &(enum action){ ACTION_NONE }))
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

char *keymap_keys_for(const struct keymap *km, int ctx, enum action a)
{
	return keys_for(km, ctx, a, false);
}

char *keymap_command_keys_for(const struct keymap *km, int ctx, enum action a)
{
	return keys_for(km, ctx, a, true);
}

static char *cmd_bind(void *ctx, int argc, char **argv)
{
	struct keymap *km = ctx;
	if (argc != 4)
		return xstrdup("bind: expected 'bind CONTEXT KEY ACTION'");
	int c = keymap_context(km, argv[1]);
	if (c < 0) {
		struct strbuf known = {0};
		for (int i = 0; i < km->ncontexts; i++)
			sb_printf(&known, "%s%s", i ? (i + 1 == km->ncontexts ? " or " : ", ") : "",
				  km->contexts[i]);
		char *msg = xasprintf("bind: unknown context '%s' (expected %s)", argv[1], known.data);
		sb_free(&known);
		return msg;
	}
	int key;
	if (!keyname_parse(argv[2], &key))
		return xasprintf("bind: unknown key '%s' (expected a character, C-x, F1-F12, or one of "
				 "Up Down Left Right PageUp PageDown Home End Enter Esc Tab BackTab "
				 "Space Backspace Delete Insert Hash)", argv[2]);
	enum action a;
	if (!action_parse(argv[3], &a))
		return xasprintf("bind: unknown action '%s' (see the help screen, '?', for the names)",
				 argv[3]);
	keymap_bind(km, c, key, a);
	return NULL;
}

const struct conf_command keymap_commands[] = {
	{ "bind", cmd_bind },
};
const size_t keymap_command_count = ARRAY_SIZE(keymap_commands);
