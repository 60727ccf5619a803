/* Unit tests: json.c, numbers from untrusted JSON */
#include "config.h"

#include "util/json.h"
#include "util/util.h"
#include "copper/refnames.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

TEST(test_whole_numbers_that_fit)
{
	cJSON *j = cJSON_Parse("{\"a\": 7, \"b\": 8589934593, \"c\": -2, \"d\": \"123\", \"e\": 1.5,"
			       " \"f\": 1e300, \"g\": -1e19, \"h\": 9223372036854775808, \"i\": null,"
			       " \"k\": \"12x\", \"l\": [1]}");
	int64_t v;
	CHECK(json_int64(cJSON_GetObjectItem(j, "a"), &v) && v == 7);
	CHECK(json_int64(cJSON_GetObjectItem(j, "b"), &v) && v == 8589934593LL);
	CHECK(json_int64(cJSON_GetObjectItem(j, "c"), &v) && v == -2);
	CHECK(json_int64(cJSON_GetObjectItem(j, "d"), &v) && v == 123);
	CHECK(!json_int64(cJSON_GetObjectItem(j, "e"), &v));
	CHECK(!json_int64(cJSON_GetObjectItem(j, "f"), &v));
	CHECK(!json_int64(cJSON_GetObjectItem(j, "g"), &v));
	CHECK(!json_int64(cJSON_GetObjectItem(j, "h"), &v));
	CHECK(!json_int64(cJSON_GetObjectItem(j, "i"), &v));
	CHECK(!json_int64(cJSON_GetObjectItem(j, "k"), &v));
	CHECK(!json_int64(cJSON_GetObjectItem(j, "l"), &v));
	CHECK(!json_int64(NULL, &v));
	CHECK_INT(json_member_i64(j, "f"), 0);
	CHECK_INT(json_member_i64(j, "missing"), 0);
	CHECK_INT(json_member_i64(j, "b"), 8589934593LL);
	cJSON_Delete(j);
}

/* What the fuzzers sent: out-of-range ids must not be converted blindly. */
TEST(test_fuzzer_inputs)
{
	struct refnames *r = refnames_new();
	cJSON *page = cJSON_Parse("[{\"id\": 1e30, \"name\": \"Jim\"},"
				  " {\"id\": 5, \"name\": \"Jim\", \"company_id\": -1e19, \"company_name\": \"Acme\"}]");
	refnames_learn(r, ENT_PEOPLE, page);
	CHECK_INT(refnames_count(r), 1);
	CHECK_STR(refnames_get(r, ENT_PEOPLE, 5), "Jim");
	cJSON_Delete(page);
	refnames_free(r);
}

static cJSON *parse(const char *text, enum json_verdict *v)
{
	return json_parse_bounded(text, strlen(text), v);
}

/* Text of n copies of unit between head and tail. Caller frees. */
static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
	struct strbuf sb = {0};
	sb_puts(&sb, head);
	for (size_t i = 0; i < n; i++)
		sb_puts(&sb, unit);
	sb_puts(&sb, tail);
	return sb_detach(&sb);
}

TEST(test_bounded_parse_measures_before_it_allocates)
{
	enum json_verdict v;
	cJSON *j = parse("{\"a\": [1, -2.5e3, true, null, \"x\\\"]\"], \"b\": {}}", &v);
	CHECK(j && v == JSON_OK);
	CHECK(cJSON_IsObject(json_get(j, "b")));
	CHECK_STR(json_str(cJSON_GetArrayItem(json_get(j, "a"), 4)), "x\"]");
	cJSON_Delete(j);

	CHECK(!parse("[1, 2", &v) && v == JSON_MALFORMED);
	CHECK(!parse("", &v) && v == JSON_MALFORMED);
	CHECK(!json_parse_bounded("[1]\0]", 5, &v) && v == JSON_MALFORMED);

	/* depth: the limit itself parses, one more does not */
	char *deep = repeat("", "[", JSON_MAX_DEPTH, "");
	char *text = repeat(deep, "]", JSON_MAX_DEPTH, "");
	j = parse(text, &v);
	CHECK(j && v == JSON_OK);
	cJSON_Delete(j);
	free(text);
	text = repeat(deep, "]", JSON_MAX_DEPTH, "");
	char *deeper = xasprintf("[%s]", text);
	CHECK(!parse(deeper, &v) && v == JSON_TOO_DEEP);
	free(deeper);
	free(text);
	free(deep);
	/* brackets inside strings are text, not depth */
	text = repeat("[\"", "[[[[", JSON_MAX_DEPTH, "\"]");
	j = parse(text, &v);
	CHECK(j && v == JSON_OK);
	cJSON_Delete(j);
	free(text);

	/* values and keys: the limit itself parses, one more does not */
	text = repeat("[0", ",0", JSON_MAX_VALUES - 2, "]");
	j = parse(text, &v);
	CHECK(j && v == JSON_OK);
	CHECK_INT(cJSON_GetArraySize(j), JSON_MAX_VALUES - 1);
	cJSON_Delete(j);
	free(text);
	text = repeat("[0", ",0", JSON_MAX_VALUES - 1, "]");
	CHECK(!parse(text, &v) && v == JSON_TOO_MANY);
	free(text);
	text = repeat("{\"k\":{", "\"\":1,", JSON_MAX_VALUES / 2, "\"\":1}}");
	CHECK(!parse(text, &v) && v == JSON_TOO_MANY);
	free(text);
}
