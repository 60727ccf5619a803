/*
 * complete.c - `patina __complete WORDS...`: shell completion.
 *
 * WORDS are the words after "patina", the last being the one under the
 * cursor (maybe ""). Prints candidates for it, one a line, as shell words
 * (a name with spaces comes quoted, as the filter prompt quotes it), for
 * the completion scripts (completions/) to insert as they are: commands,
 * options and their values, entities, filter terms for find, fields and
 * their choices for set, activity types and dates for log.
 *
 * Reads the disk cache only, never the network: what was never fetched
 * (or went stale) simply is not offered.
 */
#include "config.h"

#include "cli/cli_internal.h"
#include "copper/cache.h"
#include "copper/lookups.h"
#include "fetch/session.h"
#include "model/activity.h"
#include "model/columns.h"
#include "model/edit.h"
#include "model/filter.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define COMPLETE_MAX 200     /* candidates offered, at most */
#define OWNER_LOOKUPS 1      /* of the cached look-ups fed in as results */

struct completion {
	const char *cur;
	struct cache *cache;
	struct lookups *lookups;
	char **offered;     /* what was printed: a stage in two pipelines once */
	size_t count;
};

/* Prints a candidate. any_form: it matched the word its own way (the
 * filter's completion matches names by any word, ignoring case). */
static void offer_as(struct completion *k, const char *cand, bool any_form)
{
	if (k->count >= COMPLETE_MAX || (!any_form && strncmp(cand, k->cur, strlen(k->cur))))
		return;
	char *clean = sanitize_line(cand, strlen(cand));
	for (size_t i = 0; i < k->count; i++) {
		if (!strcmp(k->offered[i], clean)) {
			free(clean);
			return;
		}
	}
	printf("%s\n", clean);
	k->offered = xrealloc(k->offered, (k->count + 1) * sizeof(*k->offered));
	k->offered[k->count++] = clean;
}

static void offer(struct completion *k, const char *cand)
{
	offer_as(k, cand, false);
}

/* A cached look-up handed to the look-ups as if just fetched. The page
 * number 100 tells them it is the last, so they never ask for more. */
static void load_cached(struct completion *k, enum lookup which)
{
	cJSON *data = cache_get(k->cache, lookup_name(which), (int64_t)time(NULL));
	if (!data)
		return;
	struct api_result r = { .owner = OWNER_LOOKUPS, .generation = 1,
				  .tag = (int64_t)which | ((int64_t)100 << 32), .json = data };
	lookups_on_result(k->lookups, &r);
	cJSON_Delete(r.json);
}

static const char *const entity_words[] = {
	"people", "person", "companies", "company", "leads", "lead", "opportunities",
	"opportunity", "projects", "project", "tasks", "task", NULL
};

static void offer_option_values(struct completion *k, enum opt_id id, enum entity e, bool have_e,
				const char *prefix)
{
	char *cand;
	size_t n;
	const struct column *cols = have_e ? columns_for(e, &n) : NULL;
	if (id == OPT_FORMAT) {
		for (int i = 1; format_names[i]; i++) {
			cand = xasprintf("%s%s", prefix, format_names[i]);
			offer(k, cand);
			free(cand);
		}
	} else if (id == OPT_SORT && cols) {
		for (size_t i = 0; i < n; i++) {
			if (!cols[i].sort_by)
				continue;
			for (int desc = 0; desc < 2; desc++) {
				cand = xasprintf("%s%s%s", prefix, cols[i].sort_by,
						 desc ? ":desc" : "");
				offer(k, cand);
				free(cand);
			}
		}
	} else if (id == OPT_COLUMNS && cols) {
		/* the last of a comma list: keep what is before it */
		const char *value = k->cur + strlen(prefix), *comma = strrchr(value, ',');
		size_t keep = comma ? (size_t)(comma + 1 - k->cur) : strlen(prefix);
		for (size_t i = 0; i <= n; i++) {
			const char *title = i < n ? cols[i].title : "id";
			char *lower = xstrdup(title);
			for (char *p = lower; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			cand = xasprintf("%.*s%s", (int)keep, k->cur, lower);
			offer(k, cand);
			free(cand);
			free(lower);
		}
	}
}

static void offer_filter(struct completion *k, enum entity e)
{
	static const enum lookup wanted[] = {
		LOOKUP_ME, LOOKUP_USERS, LOOKUP_TAGS, LOOKUP_PIPELINES, LOOKUP_CONTACT_TYPES,
		LOOKUP_CUSTOMER_SOURCES, LOOKUP_LOSS_REASONS, LOOKUP_LEAD_STATUSES,
		LOOKUP_CUSTOM_FIELDS,
	};
	for (size_t i = 0; i < ARRAY_SIZE(wanted); i++)
		load_cached(k, wanted[i]);
	struct filter_context ctx = { k->lookups, e,
				      json_member_i64(lookups_get(k->lookups, LOOKUP_ME), "id"),
				      (int64_t)time(NULL) };
	char **cands = NULL;
	size_t n = filter_complete(k->cur, strlen(k->cur), &ctx, &cands, COMPLETE_MAX, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		offer_as(k, cands[i], true);
	filter_free_candidates(cands, n);
}

/* A name as a shell word: quoted when the shell would split or expand it. */
static char *shell_word(const char *s)
{
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			 "._@+-/:,%") == strlen(s))
		return xstrdup(s);
	struct strbuf sb = {0};
	sb_putc(&sb, '"');
	for (; *s; s++) {
		if (strchr("\"\\$`", *s))
			sb_putc(&sb, '\\');
		sb_putc(&sb, *s);
	}
	sb_putc(&sb, '"');
	return sb_detach(&sb);
}

/* An opportunity's layout depends on its pipeline, which only the server
 * knows: the first pipeline whose layout is cached stands in. */
static cJSON *cached_layout(struct completion *k, enum entity e)
{
	if (e != ENT_OPPORTUNITIES) {
		char *key = xasprintf("layout-%s", entity_path(e));
		cJSON *layout = cache_get(k->cache, key, (int64_t)time(NULL));
		free(key);
		return layout;
	}
	const cJSON *p;
	cJSON_ArrayForEach(p, lookups_get(k->lookups, LOOKUP_PIPELINES)) {
		char *key = xasprintf("layout-opportunities-%" PRId64, json_member_i64(p, "id"));
		cJSON *layout = cache_get(k->cache, key, (int64_t)time(NULL));
		free(key);
		if (layout)
			return layout;
	}
	return NULL;
}

/* The word a field is named by: its label when that is one word, else its
 * record key, else (a custom field) its label quoted. */
static char *field_word(const struct edit_field *f)
{
	if (!strpbrk(f->label, " \t\"'")) {
		char *w = xstrdup(f->label);
		for (char *p = w; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		return w;
	}
	return f->cf_id ? shell_word(f->label) : xstrdup(f->key);
}

/* A choice answers to what was typed: the start of its name or of a word
 * of it, case ignored (as the filter's completion matches). */
static bool choice_matches(const char *name, const char *typed)
{
	size_t n = strlen(typed);
	for (const char *w = name; w; w = strchr(w, ' ')) {
		w += *w == ' ';
		if (!strncasecmp(w, typed, n))
			return true;
	}
	return false;
}

/* FIELD=VALUE: the choices of the field typed before '=' (owners, stages,
 * statuses, dropdown options...). */
static void offer_set_values(struct completion *k, struct edit_form *form, const char *eq)
{
	/* the field as the shell will pass it: "Key Account" without quotes */
	char *field = xstrndup(k->cur, (size_t)(eq - k->cur)), *to = field;
	for (const char *from = field; *from; from++)
		if (!strchr("\"'\\", *from))
			*to++ = *from;
	*to = '\0';
	long i = edit_field_index(form, field);
	free(field);
	if (i < 0)
		return;
	const struct edit_field *f = &form->fields[i];
	const char *typed = eq + 1 + (eq[1] == '"' || eq[1] == '\'');
	static const struct edit_choice yes_no[] = { { 0, (char *)"yes" }, { 0, (char *)"no" } };
	const struct edit_choice *choices = f->type == EDIT_CHECKBOX ? yes_no : f->choices;
	size_t n = f->type == EDIT_CHECKBOX ? 2 : f->nchoices;
	for (size_t c = 0; c < n; c++) {
		if (!choice_matches(choices[c].name, typed))
			continue;
		char *value = shell_word(choices[c].name);
		char *cand = xasprintf("%.*s%s", (int)(eq + 1 - k->cur), k->cur, value);
		offer_as(k, cand, true);
		free(cand);
		free(value);
	}
}

/* `set ENTITY ID <Tab>`: the fields that can be changed, from the cached
 * layout (without the record: its values do not matter here). */
static void offer_set(struct completion *k, enum entity e)
{
	static const enum lookup wanted[] = {
		LOOKUP_USERS, LOOKUP_CUSTOM_FIELDS, LOOKUP_CONTACT_TYPES, LOOKUP_LEAD_STATUSES,
		LOOKUP_CUSTOMER_SOURCES, LOOKUP_PIPELINES, LOOKUP_LOSS_REASONS, LOOKUP_TAGS,
	};
	for (size_t i = 0; i < ARRAY_SIZE(wanted); i++)
		load_cached(k, wanted[i]);
	cJSON *layout = cached_layout(k, e);
	struct edit_form *form = edit_form_new(e, layout, NULL, k->lookups);
	const char *eq = strchr(k->cur, '=');
	if (eq) {
		offer_set_values(k, form, eq);
	} else {
		for (size_t i = 0; i < form->count; i++) {
			if (form->fields[i].type == EDIT_READONLY)
				continue;
			char *word = field_word(&form->fields[i]);
			char *cand = xasprintf("%s=", word);
			offer(k, cand);
			free(cand);
			free(word);
		}
	}
	edit_form_free(form);
	cJSON_Delete(layout);
}

/* `log ENTITY ID <Tab>` and --type: the account's activity types, from the
 * cache; a name matches by the start of any of its words, as log reads it. */
static void offer_activity_types(struct completion *k, const char *prefix)
{
	load_cached(k, LOOKUP_ACTIVITY_TYPES);
	struct activity_types list;
	activity_types_list(lookups_get(k->lookups, LOOKUP_ACTIVITY_TYPES), false, &list);
	const char *typed = k->cur + strlen(prefix);
	typed += *typed == '"' || *typed == '\'';
	for (size_t i = 0; i < list.count; i++) {
		if (!choice_matches(list.items[i].name, typed))
			continue;
		char *word = shell_word(list.items[i].name);
		char *cand = xasprintf("%s%s", prefix, word);
		offer_as(k, cand, true);
		free(cand);
		free(word);
	}
	activity_types_free(&list);
}

/* --date: the forms it takes, to start from. */
static void offer_dates(struct completion *k, const char *prefix)
{
	static const char *const forms[] = {
		"now", "-1h", "-30min", "today", "yesterday", "\"yesterday 15:30\"", "\"mon 9am\"",
	};
	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		char *cand = xasprintf("%s%s", prefix, forms[i]);
		offer(k, cand);
		free(cand);
	}
}

/* The cache of the account the command line's settings point to. Settings
 * load without their token: completion must not run token-command (a
 * password manager's prompt at every Tab), and needs only the api-url and
 * email that tell the account's cache apart. */
static void open_completion_cache(struct completion *k, const struct settings_flags *flags)
{
	struct settings s;
	struct conf_errors errors = {0};
	settings_init(&s);
	if (!getenv("COPPER_API_TOKEN") && !getenv("COPPER_ACCESS_TOKEN"))
		setenv("COPPER_API_TOKEN", "(completion: no token needed)", 1);
	settings_load(&s, flags, &errors); /* errors do not matter here */
	conf_errors_free(&errors);
	k->cache = oneshot_open_cache(&s);
	k->lookups = lookups_new((struct api_sender){0}, NULL, OWNER_LOOKUPS);
	settings_free(&s);
}

/* Global flags before the command: what they say of the account is kept
 * in flags. Returns the index of the command's word, n - 1 when the cursor
 * is still before it, -1 when it is on a flag's value (a file or a URL:
 * the shell's own completion). */
static int skip_global_flags(char **w, int n, struct settings_flags *flags)
{
	bool inline_value;
	int i = 0;
	for (; i < n - 1 && w[i][0] == '-'; i++) {
		int id = options_find(w[i], OPTS_GLOBAL, &inline_value);
		const char *v = inline_value ? strchr(w[i], '=') + 1
			: i + 1 < n - 1 ? w[i + 1] : NULL;
		if (id >= 0 && optdefs[id].arg && !inline_value && i + 1 == n - 1)
			return -1;
		if (id == OPT_CONFIG)
			flags->config_path = v;
		else if (id == OPT_API_URL)
			flags->api_url = v;
		else if (id == OPT_EMAIL)
			flags->email = v;
		if (id >= 0 && optdefs[id].arg && !inline_value)
			i++;
	}
	return i;
}

static void offer_commands(struct completion *k)
{
	for (size_t c = 0; c < cli_command_count; c++)
		if (cli_commands[c].summary)
			offer(k, cli_commands[c].name);
}

static void offer_options(struct completion *k, unsigned mask)
{
	for (int id = 0; id < OPT_COUNT; id++) {
		if (mask & OPT_BIT(id)) {
			char *cand = xasprintf("--%s", optdefs[id].name);
			offer(k, cand);
			free(cand);
		}
	}
}

/* A command's words before the cursor. */
struct command_words {
	const char *pos[4];  /* the first positional words */
	int npos;            /* how many there are */
	int pending;         /* the option whose value is under the cursor, or -1 */
};

static void scan_words(char **w, int from, int n, unsigned mask, struct command_words *cw,
		       struct settings_flags *flags)
{
	bool inline_value;
	*cw = (struct command_words){ .pending = -1 };
	for (int j = from; j < n - 1; j++) {
		if (!strcmp(w[j], "--"))
			break;
		if (w[j][0] == '-' && w[j][1]) {
			int id = options_find(w[j], mask, &inline_value);
			if (id == OPT_CONFIG && inline_value)
				flags->config_path = strchr(w[j], '=') + 1;
			if (id >= 0 && optdefs[id].arg && !inline_value) {
				if (j + 1 == n - 1)
					cw->pending = id;
				else if (id == OPT_CONFIG)
					flags->config_path = w[j + 1];
				j++;
			}
			continue;
		}
		if (cw->npos < 4)
			cw->pos[cw->npos] = w[j];
		cw->npos++;
	}
}

/* Whether an option is among the words before the cursor. */
static bool has_option(char **w, int from, int n, enum opt_id id)
{
	bool inline_value;
	for (int j = from; j < n - 1 && strcmp(w[j], "--"); j++)
		if (w[j][0] == '-' && options_find(w[j], OPT_BIT(id), &inline_value) == (int)id)
			return true;
	return false;
}

/* The word under the cursor after a command's name (w[i]). */
static void complete_command(struct completion *k, const struct command *cmd, char **w, int i,
			     int n, struct settings_flags *flags)
{
	unsigned mask = cmd->options | OPTS_GLOBAL;
	struct command_words cw;
	scan_words(w, i + 1, n, mask, &cw, flags);
	enum entity e = ENT_COUNT;
	bool have_e = cw.npos > 0 && entity_parse(cw.pos[0], &e);
	/* files, URLs, numbers and emails: nothing to offer */
	if (cw.pending == OPT_CONFIG || cw.pending == OPT_BASE || cw.pending == OPT_API_URL ||
	    cw.pending == OPT_LIMIT || cw.pending == OPT_EMAIL)
		return;
	if (cw.pending == OPT_TYPE || cw.pending == OPT_DATE) {
		open_completion_cache(k, flags);
		if (cw.pending == OPT_TYPE)
			offer_activity_types(k, "");
		else
			offer_dates(k, "");
		return;
	}
	if (cw.pending >= 0) {
		offer_option_values(k, (enum opt_id)cw.pending, e, have_e, "");
		return;
	}
	if (k->cur[0] == '-') {
		bool inline_value;
		int id = options_find(k->cur, mask, &inline_value);
		if (id >= 0 && inline_value) {
			char *prefix = xasprintf("--%s=", optdefs[id].name);
			if (id == OPT_TYPE || id == OPT_DATE)
				open_completion_cache(k, flags);
			if (id == OPT_TYPE)
				offer_activity_types(k, prefix);
			else if (id == OPT_DATE)
				offer_dates(k, prefix);
			else
				offer_option_values(k, (enum opt_id)id, e, have_e, prefix);
			free(prefix);
			return;
		}
		offer_options(k, mask);
		return;
	}
	if (cw.npos == 0) {
		for (const char *const *ew = entity_words; *ew; ew++)
			offer(k, *ew);
		return;
	}
	if (!have_e)
		return;
	open_completion_cache(k, flags);
	if (cmd->run == cmd_find)
		offer_filter(k, e);
	else if (cmd->run == cmd_set && cw.npos >= 2)
		offer_set(k, e);
	else if (cmd->run == cmd_log && cw.npos == 2 && !has_option(w, i + 1, n, OPT_TYPE))
		offer_activity_types(k, "");
}

static void complete_words(struct completion *k, char **w, int n, struct settings_flags *flags)
{
	int i = skip_global_flags(w, n, flags);
	if (i < 0)
		return;
	if (i == n - 1) {
		if (k->cur[0] == '-')
			offer_options(k, OPTS_GLOBAL);
		else
			offer_commands(k);
		return;
	}
	const struct command *cmd = cli_command(w[i]);
	if (!cmd || !cmd->summary)
		return;
	if (cmd->run == cmd_help) {
		if (i + 1 == n - 1)
			offer_commands(k);
		return;
	}
	complete_command(k, cmd, w, i, n, flags);
}

int cmd_complete(struct oneshot *c, struct opts *o)
{
	(void)c;
	char *empty[] = { (char *)"" };
	char **w = o->nargs ? o->args : empty;
	int n = o->nargs ? o->nargs : 1;
	struct completion k = { .cur = w[n - 1] };
	struct settings_flags flags = o->flags;
	complete_words(&k, w, n, &flags);
	for (size_t i = 0; i < k.count; i++)
		free(k.offered[i]);
	free(k.offered);
	lookups_free(k.lookups);
	cache_close(k.cache);
	return EXIT_OK;
}
