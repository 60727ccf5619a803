/* Unit tests: refnames.c */
#include "config.h"

#include "copper/refnames.h"
#include "testlib.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_learn_and_get(void)
{
	struct refnames *r = refnames_new();
	cJSON *page = cJSON_Parse("[{\"id\": 7, \"name\": \"Jim Halpert\", \"company_id\": 2, "
				  "\"company_name\": \"Dunder\\u001b]0;x\\u0007 Mifflin\"},"
				  "{\"id\": 8589934593, \"name\": \"Big Id\"}, {\"id\": 9}, {\"name\": \"no id\"}]");
	refnames_learn(r, ENT_PEOPLE, page);
	CHECK_STR(refnames_get(r, ENT_PEOPLE, 7), "Jim Halpert");
	CHECK_STR(refnames_get(r, ENT_PEOPLE, 8589934593LL), "Big Id");
	CHECK_STR(refnames_get(r, ENT_COMPANIES, 2), "Dunder Mifflin"); /* sanitized */
	CHECK(refnames_get(r, ENT_COMPANIES, 7) == NULL);  /* entities kept apart */
	CHECK(refnames_get(r, ENT_PEOPLE, 9) == NULL);
	CHECK_INT(refnames_count(r), 3);
	refnames_put(r, ENT_PEOPLE, 7, "James Halpert");
	CHECK_STR(refnames_get(r, ENT_PEOPLE, 7), "James Halpert");
	CHECK_INT(refnames_count(r), 3);
	cJSON_Delete(page);
	refnames_free(r);
}

static void test_grows(void)
{
	struct refnames *r = refnames_new();
	char name[32];
	for (int64_t i = 1; i <= 100000; i++) {
		snprintf(name, sizeof(name), "n%lld", (long long)i);
		refnames_put(r, (enum entity)(i % ENT_COUNT), i * 4294967311LL, name);
	}
	CHECK_INT(refnames_count(r), 100000);
	CHECK_STR(refnames_get(r, (enum entity)(77777 % ENT_COUNT), 77777 * 4294967311LL), "n77777");
	refnames_free(r);
}

int main(void)
{
	RUN(test_learn_and_get);
	RUN(test_grows);
	return test_summary();
}
