/* Unit tests: json.c, numbers from untrusted JSON */
#include "config.h"

#include "util/json.h"
#include "copper/refnames.h"
#include "testlib.h"

#include <stdlib.h>

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
