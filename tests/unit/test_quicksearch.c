/* test_quicksearch.c - what typed text is searched for on the server, per
 * entity, as the API reference allows (model/quicksearch.h). */
#include "config.h"

#include "model/quicksearch.h"
#include "testlib.h"
#include "util/json.h"

#include <stdlib.h>

TEST(test_kinds_of_text)
{
	CHECK(quick_kind_of("jo@acme.example") == QUICK_EMAIL);
	CHECK(quick_kind_of("  jo@acme.example ") == QUICK_EMAIL);
	CHECK(quick_kind_of("@acme") == QUICK_EMAIL);
	CHECK(quick_kind_of("jo@") == QUICK_NAME);
	CHECK(quick_kind_of("jo @acme") == QUICK_NAME);
	CHECK(quick_kind_of("555-23") == QUICK_PHONE);
	CHECK(quick_kind_of("(305) 555") == QUICK_PHONE);
	CHECK(quick_kind_of("+1 415") == QUICK_PHONE);
	CHECK(quick_kind_of("55") == QUICK_NAME);
	CHECK(quick_kind_of("Route 66") == QUICK_NAME);
	CHECK(quick_kind_of("") == QUICK_NAME);
}

static const char *member(const cJSON *c, const char *key)
{
	return json_member_str(c, key);
}

TEST(test_each_entity_as_the_reference_allows)
{
	cJSON *c;
	CHECK(quick_search(ENT_PEOPLE, "jo@acme.example", &c) == QUICK_BY_EMAIL && !c);
	CHECK(quick_search(ENT_LEADS, "jo@acme.example", &c) == QUICK_SEARCH);
	CHECK_STR(member(c, "emails"), "jo@acme.example");
	cJSON_Delete(c);
	CHECK(quick_search(ENT_COMPANIES, "jo@acme.example", &c) == QUICK_SEARCH);
	CHECK_STR(member(c, "email_domains"), "acme.example");
	cJSON_Delete(c);
	CHECK(quick_search(ENT_PEOPLE, " 555-23 ", &c) == QUICK_SEARCH);
	CHECK_STR(member(c, "phone_number"), "555-23");
	CHECK(!member(c, "name"));
	cJSON_Delete(c);
	/* opportunities have no phone filter: a name, as typed */
	CHECK(quick_search(ENT_OPPORTUNITIES, "555-23", &c) == QUICK_SEARCH);
	CHECK_STR(member(c, "name"), "555-23");
	cJSON_Delete(c);
	CHECK(quick_search(ENT_PROJECTS, "Website", &c) == QUICK_SEARCH);
	CHECK_STR(member(c, "name"), "Website");
	cJSON_Delete(c);
	/* tasks: no name filter in the reference */
	CHECK(quick_search(ENT_TASKS, "Call back", &c) == QUICK_UNSEARCHABLE && !c);
}
