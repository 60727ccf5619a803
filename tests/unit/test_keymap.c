/* Unit tests: keymap.c and the shipped keymaps */
#include "config.h"

#include "config/keymap.h"
#include "testlib.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

enum { LIST = 1, DETAIL, HELP, FORM, LINK, BOARD, ACTIVITY, TODAY, TAGS, FINDER };

/* The contexts the UI registers (its views' names), in its order. */
static void init(struct keymap *km)
{
	keymap_init(km);
	CHECK_INT(keymap_add_context(km, "list"), LIST);
	CHECK_INT(keymap_add_context(km, "detail"), DETAIL);
	CHECK_INT(keymap_add_context(km, "help"), HELP);
	CHECK_INT(keymap_add_context(km, "form"), FORM);
	CHECK_INT(keymap_add_context(km, "link"), LINK);
	CHECK_INT(keymap_add_context(km, "board"), BOARD);
	CHECK_INT(keymap_add_context(km, "activity"), ACTIVITY);
	CHECK_INT(keymap_add_context(km, "today"), TODAY);
	CHECK_INT(keymap_add_context(km, "tags"), TAGS);
	CHECK_INT(keymap_add_context(km, "finder"), FINDER);
	CHECK_INT(keymap_add_context(km, "list"), LIST); /* once */
}

static void load(struct keymap *km, const char *name, const char *text, struct conf_errors *errs)
{
	struct conf_parser p = { keymap_commands, keymap_command_count, km, errs, NULL };
	conf_parse_string(&p, name, text);
}

TEST(test_key_names_roundtrip)
{
	const char *names[] = { "j", "G", "?", "/", "#", "Up", "PageDown", "Enter", "Esc", "Tab",
				"BackTab", "Space", "Backspace", "C-r", "C-l", "F1", "F12", "Home" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int key;
		CHECK(keyname_parse(names[i], &key));
		char *back = keyname_of(key);
		CHECK_STR(back, names[i]);
		free(back);
	}
	int key;
	CHECK(keyname_parse("pagedown", &key) && key == KEYC_PAGE_DOWN);
	CHECK(keyname_parse("c-R", &key) && key == 18);
	CHECK(!keyname_parse("Hyper-x", &key));
	CHECK(!keyname_parse("F13", &key));
	CHECK(!keyname_parse("", &key));
}

TEST(test_default_keymap_is_clean_and_complete)
{
	struct keymap km;
	struct conf_errors errs = {0};
	init(&km);
	load(&km, "default.keys", default_keymap_text, &errs);
	for (size_t i = 0; i < errs.count; i++)
		test_fail(__FILE__, __LINE__, "%s", errs.messages[i]);
	/* every action is reachable from some context by default */
	for (int a = 1; a < ACTION_COUNT; a++) {
		bool bound = false;
		for (int c = 0; c < km.ncontexts && !bound; c++) {
			char *keys = keymap_keys_for(&km, c, (enum action)a);
			bound = keys != NULL;
			free(keys);
		}
		if (!bound)
			test_fail(__FILE__, __LINE__, "no default key for %s", action_name((enum action)a));
	}
	CHECK_INT(keymap_lookup(&km, LIST, 'j'), ACTION_MOVE_DOWN);
	CHECK_INT(keymap_lookup(&km, LIST, '/'), ACTION_SEARCH);
	/* in a list Space selects; elsewhere it still pages */
	CHECK_INT(keymap_lookup(&km, LIST, ' '), ACTION_SELECT);
	CHECK_INT(keymap_lookup(&km, DETAIL, ' '), ACTION_PAGE_DOWN);
	CHECK_INT(keymap_lookup(&km, LIST, KEYC_PAGE_DOWN), ACTION_PAGE_DOWN);
	CHECK_INT(keymap_lookup(&km, TODAY, '0'), ACTION_TAB_TODAY);
	CHECK_INT(keymap_lookup(&km, TODAY, 'x'), ACTION_COMPLETE_TASK);
	CHECK_INT(keymap_lookup(&km, DETAIL, 'T'), ACTION_EDIT_TAGS);
	CHECK_INT(keymap_lookup(&km, DETAIL, '/'), ACTION_NONE);
	/* #13's keys, where the issue puts them */
	CHECK_INT(keymap_lookup(&km, LIST, 'L'), ACTION_LOG_ACTIVITY);
	CHECK_INT(keymap_lookup(&km, DETAIL, 'L'), ACTION_LOG_ACTIVITY);
	CHECK_INT(keymap_lookup(&km, DETAIL, 't'), ACTION_FILTER_ACTIVITY_TYPE);
	CHECK_INT(keymap_lookup(&km, DETAIL, 'e'), ACTION_EDIT);
	CHECK_INT(keymap_lookup(&km, LIST, 'D'), ACTION_DELETE);
	CHECK_INT(keymap_lookup(&km, DETAIL, 'D'), ACTION_DELETE);
	CHECK_INT(keymap_lookup(&km, BOARD, 'N'), ACTION_ADD_NOTE);
	CHECK_INT(keymap_lookup(&km, ACTIVITY, 'w'), ACTION_SAVE);
	CHECK_INT(keymap_lookup(&km, ACTIVITY, 27), ACTION_CANCEL);
	CHECK_INT(keymap_lookup(&km, DETAIL, 'i'), ACTION_LINK_RECORD);
	CHECK_INT(keymap_lookup(&km, DETAIL, 'C'), ACTION_CONVERT_LEAD);
	CHECK_INT(keymap_lookup(&km, LIST, 'C'), ACTION_CONVERT_LEAD);
	CHECK_INT(keymap_lookup(&km, LIST, 'I'), ACTION_TOGGLE_CONVERTED);
	CHECK_INT(keymap_lookup(&km, LINK, '\n'), ACTION_PICK);
	/* the finder from anywhere; C-p moves up in it */
	CHECK_INT(keymap_lookup(&km, LIST, '\''), ACTION_FINDER);
	CHECK_INT(keymap_lookup(&km, BOARD, 16), ACTION_FINDER);
	CHECK_INT(keymap_lookup(&km, FINDER, 16), ACTION_MOVE_UP);
	conf_errors_free(&errs);
	keymap_free(&km);
}

TEST(test_context_overrides_global_and_user_rebinds)
{
	struct keymap km;
	struct conf_errors errs = {0};
	init(&km);
	load(&km, "a", "bind global x quit\nbind list x reload\nbind detail x none\n", &errs);
	CHECK_INT(errs.count, 0);
	CHECK_INT(keymap_lookup(&km, LIST, 'x'), ACTION_RELOAD);
	CHECK_INT(keymap_lookup(&km, HELP, 'x'), ACTION_QUIT);
	CHECK_INT(keymap_lookup(&km, DETAIL, 'x'), ACTION_NONE);
	/* rebinding replaces */
	load(&km, "b", "bind global x help\n", &errs);
	CHECK_INT(keymap_lookup(&km, HELP, 'x'), ACTION_HELP);
	char *keys = keymap_keys_for(&km, LIST, ACTION_HELP);
	CHECK(keys == NULL); /* list's own x shadows the global one */
	free(keys);
	keys = keymap_keys_for(&km, HELP, ACTION_HELP);
	CHECK_STR(keys, "x");
	free(keys);
	conf_errors_free(&errs);
	keymap_free(&km);
}

TEST(test_errors_name_line_and_what_is_expected)
{
	struct keymap km;
	struct conf_errors errs = {0};
	init(&km);
	load(&km, "my.keys",
	     "bind list j move-down\n"
	     "bind lsit j move-down\n"
	     "bind list Hyper-j move-down\n"
	     "bind list j fly\n"
	     "bind list j\n", &errs);
	CHECK_INT(errs.count, 4);
	CHECK_CONTAINS(errs.messages[0], "my.keys:2: bind: unknown context 'lsit' (expected global, "
		       "list, detail, help, form, link, board, activity, today, tags or finder)");
	CHECK_CONTAINS(errs.messages[1], "my.keys:3: bind: unknown key 'Hyper-j'");
	CHECK_CONTAINS(errs.messages[2], "my.keys:4: bind: unknown action 'fly'");
	CHECK_CONTAINS(errs.messages[3], "my.keys:5: bind: expected 'bind CONTEXT KEY ACTION'");
	conf_errors_free(&errs);
	keymap_free(&km);
}

TEST(test_shipped_emacs_keymap)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path = xasprintf("%s/keymaps/emacs.keys", top ? top : ".");
	struct keymap km;
	struct conf_errors errs = {0};
	init(&km);
	struct conf_parser p = { keymap_commands, keymap_command_count, &km, &errs, NULL };
	CHECK(conf_parse_file(&p, path, false));
	for (size_t i = 0; i < errs.count; i++)
		test_fail(__FILE__, __LINE__, "%s", errs.messages[i]);
	CHECK_INT(keymap_lookup(&km, LIST, 14), ACTION_MOVE_DOWN); /* C-n */
	conf_errors_free(&errs);
	keymap_free(&km);
	free(path);
}

/* A key bound to the same action in a context and globally is one key,
 * not "R, R"; a context shadowing a global key lists only its own. */
TEST(test_keys_listed_once)
{
	struct keymap km;
	struct conf_errors errs = {0};
	init(&km);
	load(&km, "d", "bind global R reload\nbind list R reload\nbind global b board\n"
	     "bind board b board\nbind board q board\nbind board Esc board\n", &errs);
	CHECK_INT(errs.count, 0);
	char *keys = keymap_keys_for(&km, LIST, ACTION_RELOAD);
	CHECK_STR(keys, "R");
	free(keys);
	keys = keymap_keys_for(&km, BOARD, ACTION_BOARD);
	CHECK_STR(keys, "b, q, Esc");
	free(keys);
	conf_errors_free(&errs);
	keymap_free(&km);
}

/* A view that takes typed text (the finder) hears only its own keys that
 * are no text: the help lists those, never a global j or its own q. */
TEST(test_command_keys_leave_out_text_and_global_keys)
{
	struct keymap km;
	struct conf_errors errs = {0};
	init(&km);
	load(&km, "d", "bind global j move-down\nbind finder Down move-down\n"
	     "bind finder C-n move-down\nbind finder q cancel\nbind finder Space page-down\n", &errs);
	CHECK_INT(errs.count, 0);
	char *keys = keymap_command_keys_for(&km, FINDER, ACTION_MOVE_DOWN);
	CHECK_STR(keys, "Down, C-n");
	free(keys);
	CHECK(keymap_command_keys_for(&km, FINDER, ACTION_CANCEL) == NULL);
	CHECK(keymap_command_keys_for(&km, FINDER, ACTION_PAGE_DOWN) == NULL);
	conf_errors_free(&errs);
	keymap_free(&km);
}
