/* Unit tests: the prompt (ui/prompt.c) and the help (ui/help.c), without a
 * terminal: keys in, text and callbacks out. */
#include "config.h"

#include "config/keymap.h"
#include "testlib.h"
#include "ui/help.h"
#include "ui/prompt.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

struct seen {
	char *submitted;
	int cancelled;
	int changed;
};

static void on_changed(void *ctx, const char *text)
{
	(void)text;
	((struct seen *)ctx)->changed++;
}

static void on_submit(void *ctx, const char *text)
{
	struct seen *s = ctx;
	free(s->submitted);
	s->submitted = xstrdup(text);
}

static void on_cancel(void *ctx)
{
	((struct seen *)ctx)->cancelled++;
}

static size_t complete_fruit(void *ctx, const char *text, size_t cursor, char ***out,
			     size_t *start, size_t *end)
{
	static const char *const fruit[] = { "apple", "apricot", "banana" };
	(void)ctx;
	size_t n = 0;
	*out = xcalloc(3, sizeof(char *));
	for (size_t i = 0; i < 3; i++)
		if (!strncmp(fruit[i], text, cursor))
			(*out)[n++] = xstrdup(fruit[i]);
	*start = 0;
	*end = cursor;
	return n;
}

static const struct prompt_ops ops = {
	.changed = on_changed, .submit = on_submit, .cancel = on_cancel, .complete = complete_fruit,
};

static void keys(struct prompt *p, const char *s)
{
	for (; *s; s++)
		prompt_key(p, (unsigned char)*s);
}

TEST(test_typing_and_readline_keys)
{
	struct status st = {0};
	struct prompt p;
	struct seen seen = {0};
	prompt_init(&p, &st);
	prompt_open(&p, "Search: ", "", &ops, &seen);
	keys(&p, "hello world");
	CHECK_STR(prompt_text(&p), "hello world");
	prompt_key(&p, 23);                 /* C-w: a word back */
	CHECK_STR(prompt_text(&p), "hello ");
	prompt_key(&p, 1);                  /* C-a, then type at the start */
	keys(&p, ">");
	CHECK_STR(prompt_text(&p), ">hello ");
	prompt_key(&p, KEYC_END);
	prompt_key(&p, KEYC_BACKSPACE);
	CHECK_STR(prompt_text(&p), ">hello");
	prompt_key(&p, KEYC_LEFT);
	prompt_key(&p, 11);                 /* C-k: to the end */
	CHECK_STR(prompt_text(&p), ">hell");
	CHECK(seen.changed >= 8);
	prompt_key(&p, '\n');
	CHECK(!p.active);
	CHECK_STR(seen.submitted, ">hell");
	free(seen.submitted);
	status_free(&st);
}

TEST(test_unicode_is_edited_by_character)
{
	struct status st = {0};
	struct prompt p;
	prompt_init(&p, &st);
	prompt_open(&p, "Name: ", "Sofía", &ops, &(struct seen){0});
	prompt_key(&p, KEYC_BACKSPACE);
	prompt_key(&p, KEYC_BACKSPACE);
	CHECK_STR(prompt_text(&p), "Sof");
	prompt_key(&p, 0x00ed);             /* í, typed */
	CHECK_STR(prompt_text(&p), "Sof\xc3\xad");
	prompt_close(&p);
	status_free(&st);
}

TEST(test_completion_cycles_and_its_list_leaves_with_the_prompt)
{
	struct status st = {0};
	struct prompt p;
	struct seen seen = {0};
	prompt_init(&p, &st);
	prompt_open(&p, "Fruit: ", "ap", &ops, &seen);
	prompt_key(&p, '\t');
	CHECK_STR(prompt_text(&p), "apple");
	CHECK_CONTAINS(status_current(&st, now_ms(), NULL), "apple  apricot");
	prompt_key(&p, '\t');
	CHECK_STR(prompt_text(&p), "apricot");
	/* Esc: the prompt and its list of candidates go */
	prompt_key(&p, 27);
	CHECK(!p.active);
	CHECK_INT(seen.cancelled, 1);
	CHECK(status_current(&st, now_ms(), NULL) == NULL);
	status_free(&st);
}

TEST(test_a_question_takes_one_key)
{
	struct status st = {0};
	struct prompt p;
	struct seen seen = {0};
	static const struct prompt_ops question = { .submit = on_submit, .cancel = on_cancel,
						    .answer_keys = "yn" };
	prompt_init(&p, &st);
	prompt_open(&p, "Restore? ", "", &question, &seen);
	prompt_key(&p, 'q');                /* not an answer: said so, not typed */
	CHECK(p.active);
	CHECK_STR(prompt_text(&p), "");
	CHECK_CONTAINS(status_current(&st, now_ms(), NULL), "Answer with one of: yn");
	prompt_key(&p, 'y');
	CHECK(!p.active);
	CHECK_STR(seen.submitted, "y");
	free(seen.submitted);
	status_free(&st);
}

TEST(test_a_paste_is_text)
{
	struct status st = {0};
	struct prompt p;
	struct seen seen = {0};
	prompt_init(&p, &st);
	prompt_open(&p, "Note: ", "", &ops, &seen);
	prompt_insert(&p, "q\twith keys in it");
	CHECK(p.active);
	CHECK_STR(prompt_text(&p), "q\twith keys in it");
	prompt_close(&p);
	status_free(&st);
}

static char *keep_lines(void *ctx, const char *text)
{
	(void)ctx;
	struct strbuf sb = {0};
	for (const char *c = text; *c; c++)
		sb_puts(&sb, *c == '\n' ? "\\n" : (char[]){ *c, 0 });
	return sb_detach(&sb);
}

TEST(test_a_bracketed_paste_joins_lines_in_one_line_fields_and_says_so)
{
	struct status st = {0};
	struct prompt p;
	struct seen seen = {0};
	enum message_kind kind;
	prompt_init(&p, &st);
	prompt_open(&p, "Search: ", "x ", &ops, &seen);
	/* a copied line's end is dropped silently; control characters go */
	prompt_paste(&p, "Ada\x1b[31m\r\n");
	CHECK_STR(prompt_text(&p), "x Ada");
	CHECK(status_current(&st, now_ms(), &kind) == NULL);
	prompt_paste(&p, " one\r\ntwo\nthree\n");
	CHECK_STR(prompt_text(&p), "x Ada one two three");
	CHECK_CONTAINS(status_current(&st, now_ms(), &kind), "Pasted 3 lines as one");
	CHECK_INT(kind, MSG_WARNING);
	CHECK(!seen.submitted); /* a pasted line break is no Enter */
	CHECK(p.active);
	prompt_close(&p);
	status_free(&st);
}

TEST(test_a_paste_keeps_lines_where_the_prompt_says_how)
{
	struct status st = {0};
	struct prompt p;
	struct seen seen = {0};
	struct prompt_ops lines = ops;
	lines.paste_lines = keep_lines;
	prompt_init(&p, &st);
	prompt_open(&p, "Details: ", "", &lines, &seen);
	prompt_paste(&p, "first\r\nsecond\n");
	CHECK_STR(prompt_text(&p), "first\\nsecond");
	prompt_close(&p);
	/* a question takes no paste */
	struct prompt_ops question = ops;
	question.answer_keys = "yn";
	prompt_open(&p, "Sure? ", "", &question, &seen);
	prompt_paste(&p, "y");
	CHECK(p.active);
	CHECK(!seen.submitted);
	prompt_close(&p);
	status_free(&st);
}

TEST(test_help_lists_every_context_and_each_key_once)
{
	struct keymap km;
	struct conf_errors errs = {0};
	keymap_init(&km);
	int list = keymap_add_context(&km, "list"), board = keymap_add_context(&km, "board");
	struct conf_parser cp = { keymap_commands, keymap_command_count, &km, &errs, NULL };
	conf_parse_string(&cp, "k", "bind global R reload\nbind list R reload\nbind list / search\n"
			  "bind global b board\nbind board b board\nbind board q board\n");
	CHECK_INT(errs.count, 0);
	struct help_section sections[] = {
		{ KEYCTX_GLOBAL, "Everywhere" }, { list, "In the list" }, { board, "On the board" },
	};
	struct help h = {0};
	help_build(&h, &km, sections, 3);
	CHECK_INT(h.nsections, 3);
	CHECK(h.lines[h.section_at[1]].heading);
	CHECK_STR(h.lines[h.section_at[1]].text, "In the list");
	bool search = false;
	for (size_t i = 0; i < h.count; i++) {
		if (h.lines[i].keys)
			CHECK(!strstr(h.lines[i].keys, "R, R") && !strstr(h.lines[i].keys, "b, q, b"));
		if (h.lines[i].keys && !strcmp(h.lines[i].keys, "/"))
			search = strstr(h.lines[i].text, "search") != NULL;
	}
	CHECK(search);
	help_show_section(&h, 2);
	CHECK_INT(h.top, (long long)h.section_at[2]);
	help_free(&h);
	conf_errors_free(&errs);
	keymap_free(&km);
}

static int keys_taken;

static bool take_arrows(void *ctx, int key)
{
	(void)ctx;
	if (key != KEYC_DOWN && key != KEYC_UP && key != 16 /* C-p */)
		return false;
	keys_taken++;
	return true;
}

TEST(test_keys_that_are_not_text_go_to_the_owner_first)
{
	struct status st = {0};
	struct prompt p;
	struct seen seen = {0};
	static const struct prompt_ops finder_like = { .changed = on_changed, .submit = on_submit,
					       .key = take_arrows };
	prompt_init(&p, &st);
	prompt_open(&p, "Find: ", "", &finder_like, &seen);
	keys_taken = 0;
	prompt_key(&p, 'p');
	prompt_key(&p, KEYC_DOWN);
	prompt_key(&p, 16);
	prompt_key(&p, 2); /* C-b: not taken, the prompt moves left */
	prompt_key(&p, 'a');
	CHECK(keys_taken == 2);
	CHECK_STR(prompt_text(&p), "ap");
	prompt_key(&p, '\n'); /* Enter is the prompt's: it submits */
	CHECK_STR(seen.submitted, "ap");
	CHECK(!p.active);
	free(seen.submitted);
	status_free(&st);
}
