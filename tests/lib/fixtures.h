/*
 * fixtures.h - test data helpers shared by the unit tests.
 */
#ifndef PATINA_TEST_FIXTURES_H
#define PATINA_TEST_FIXTURES_H

#include "copper/lookups.h"

#include <cjson/cJSON.h>

/* JSON written with ' for " (for readable literals; the data must hold no
 * apostrophe: "\\u0027" spells one). A parse failure fails the test. */
cJSON *test_json(const char *text);
/* Gives the look-ups an answer as if the fetcher had delivered it (owner 0,
 * generation 1), for look-ups made with lookups_new((struct api_sender){0}, NULL, 0). */
void test_feed_lookup(struct lookups *l, enum lookup which, const char *json);

#endif
