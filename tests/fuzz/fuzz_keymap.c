/*
 * fuzz_keymap - a keymap file (`bind CONTEXT KEY ACTION`, `source`).
 *
 * Input: the file's text.  Path: as the app loads keymaps: the compiled-in
 * default keymap first, then conf_parse_string() of the input with
 * keymap_commands on top; then the questions the help screen and the views
 * ask of it (keymap_lookup, keyname_of and back for every binding;
 * keymap_keys_for, in one context chosen by the input's length, of the
 * actions the input bound and of those the status line shows).
 *
 * Checks: at most one binding per context and key; a bound key's name
 * parses back to the key; keymap_lookup agrees with the bindings.
 */
#include "fuzz_conf.h"

#include "config/keymap.h"


static struct keymap defaults;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The contexts the UI registers: "help" and its views' names (the .name of
 * each view in src/ui/views/views.h's registry; a view added there is added
 * here, or the default keymap's bindings for it fail the check below). */
static void init_contexts(struct keymap *km)
{
	keymap_init(km);
	static const char *const names[] = { "help", "list", "detail", "form", "board", "link",
						    "activity", "tags", "today", "finder" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		keymap_add_context(km, names[i]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_setup_environment();
	fuzz_conf_setup();
	struct conf_errors errs = { 0 };
	struct conf_parser p = { keymap_commands, keymap_command_count, &defaults, &errs, NULL };
	init_contexts(&defaults);
	conf_parse_string(&p, "default.keys (built in)", default_keymap_text);
	FUZZ_CHECK(errs.count == 0, "the default keymap has errors: %s", errs.messages[0]);
	conf_errors_free(&errs);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	if (!fuzz_conf_safe(text)) {
		free(text);
		return 0;
	}
	struct keymap km;
	init_contexts(&km);
	km.bindings = xmalloc((defaults.count + 1) * sizeof(*km.bindings));
	memcpy(km.bindings, defaults.bindings, defaults.count * sizeof(*km.bindings));
	km.count = defaults.count;

	struct conf_errors errs = { 0 };
	struct conf_parser p = { keymap_commands, keymap_command_count, &km, &errs, NULL };
	conf_parse_string(&p, fuzz_conf_name, text);
	fuzz_conf_check_errors(&errs);
	conf_errors_free(&errs);
	free(text);

	for (size_t i = 0; i < km.count; i++) {
		const struct binding *b = &km.bindings[i];
		FUZZ_CHECK(b->ctx >= 0 && b->ctx < km.ncontexts && (unsigned)b->action < ACTION_COUNT,
			   "binding %zu: context %d action %d", i, (int)b->ctx, (int)b->action);
		for (size_t j = i + 1; j < km.count; j++)
			FUZZ_CHECK(km.bindings[j].ctx != b->ctx || km.bindings[j].key != b->key,
				   "key %d bound twice in %s", b->key, keymap_context_name(&km, b->ctx));
		FUZZ_CHECK(keymap_lookup(&km, b->ctx, b->key) == b->action, "lookup disagrees");
		char *name = keyname_of(b->key);
		int key = -1;
		FUZZ_CHECK(keyname_parse(name, &key) && key == b->key,
			   "key %d is named '%s', which parses to %d", b->key, name, key);
		free(name);
	}
	/* the help screen's and the status line's question, in one context,
	 * for the actions the input bound and those the status line shows */
	int c = (int)(size % (size_t)km.ncontexts);
	static const enum action shown[] = { ACTION_HELP, ACTION_SEARCH, ACTION_FILTER, ACTION_QUIT };
	for (size_t i = 0; i < km.count + sizeof(shown) / sizeof(shown[0]); i++) {
		enum action a;
		if (i >= km.count)
			a = shown[i - km.count];
		else if (i >= defaults.count || km.bindings[i].action != defaults.bindings[i].action)
			a = km.bindings[i].action;
		else
			continue;
		char *keys = keymap_keys_for(&km, c, a);
		FUZZ_CHECK(!keys || *keys, "empty key list");
		free(keys);
	}
	(void)keymap_lookup(&km, c, KEYC_F(5));
	(void)keymap_lookup(&km, c, 'j');
	keymap_free(&km);
	return 0;
}
