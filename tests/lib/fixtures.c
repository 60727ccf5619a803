/* fixtures.c - see fixtures.h */
#include "config.h"

#include "fixtures.h"
#include "testlib.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

cJSON *test_json(const char *text)
{
	char *s = xstrdup(text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	cJSON *j = cJSON_Parse(s);
	if (!j)
		test_fail(__FILE__, __LINE__, "bad test JSON: %.80s", s);
	free(s);
	return j;
}

void test_feed_lookup(struct lookups *l, enum lookup which, const char *json)
{
	struct api_result r;
	memset(&r, 0, sizeof(r));
	r.generation = 1;
	r.tag = (int64_t)which;
	r.kind = API_LOOKUP;
	r.total = -1;
	r.json = test_json(json);
	CHECK(lookups_on_result(l, &r));
	cJSON_Delete(r.json); /* what the look-ups did not take */
}
