/* Unit tests: tag_edit.c, what T's prompt makes of what is typed, and its
 * completion from the account's tags, most used first. */
#include "config.h"

#include "copper/lookups.h"
#include "testlib.h"
#include "ui/views/tag_edit.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static void check_parse(int line, const char *text, const char *want)
{
	char **parts;
	size_t n = tag_edit_parse(text, &parts);
	struct strbuf got = {0};
	for (size_t i = 0; i < n; i++) {
		sb_printf(&got, "%s[%s]", i ? " " : "", parts[i]);
		free(parts[i]);
	}
	free(parts);
	if (strcmp(got.data ? got.data : "", want))
		test_fail(__FILE__, line, "'%s' gave '%s', expected '%s'", text, got.data ? got.data : "", want);
	sb_free(&got);
}

#define PARSE(text, want) check_parse(__LINE__, text, want)

TEST(test_verbs_as_the_edit_model_takes_them)
{
	PARSE("+= vip, hot", "[+= vip, hot]");
	PARSE("+= vip -= cold", "[+= vip] [-= cold]");
	PARSE("-=cold+=vip", "[-= cold] [+= vip]");
	/* words alone are added; "=" is the whole list */
	PARSE("vip", "[+= vip]");
	PARSE("vip -= cold", "[+= vip] [-= cold]");
	PARSE("= a, b", "[a, b]");
	PARSE("=", "[]");
	/* nothing typed: nothing to do */
	PARSE("", "");
	PARSE("+= ", "");
	PARSE("  +=  ,  ", "");
}

TEST(test_candidates_most_used_first)
{
	struct api_sender none = {0};
	struct lookups *l = lookups_new(none, NULL, 63);
	struct api_result r = { .owner = 63, .generation = 1, .tag = LOOKUP_TAGS, .total = -1 };
	r.json = cJSON_Parse("[{\"name\": \"vintage\", \"count\": 2}, {\"name\": \"VIP\", \"count\": 40},"
			     " {\"name\": \"hot\", \"count\": 9}, {\"name\": \"vip-2\", \"count\": 40},"
			     " \"vendor\", {\"name\": 7}, {\"count\": 3}]");
	lookups_need(l, LOOKUP_TAGS);
	CHECK(lookups_on_result(l, &r));
	cJSON_Delete(r.json);
	char **out;
	size_t n = tag_edit_candidates(l, "v", &out, 10);
	CHECK_INT(n, 4);
	CHECK_STR(out[0], "VIP");
	CHECK_STR(out[1], "vip-2");
	CHECK_STR(out[2], "vintage");
	CHECK_STR(out[3], "vendor");
	for (size_t i = 0; i < n; i++)
		free(out[i]);
	free(out);
	n = tag_edit_candidates(l, "", &out, 2);
	CHECK_INT(n, 2);
	for (size_t i = 0; i < n; i++)
		free(out[i]);
	free(out);
	lookups_free(l);
}
