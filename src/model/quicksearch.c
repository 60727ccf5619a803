/* quicksearch.c - see quicksearch.h */
#include "config.h"

#include "model/quicksearch.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum quick_kind quick_kind_of(const char *text)
{
	const char *t = text ? text : "";
	while (*t == ' ')
		t++;
	size_t len = strlen(t);
	while (len && t[len - 1] == ' ')
		len--;
	const char *at = memchr(t, '@', len);
	if (at && !memchr(t, ' ', len) && at != t + len - 1)
		return QUICK_EMAIL;
	size_t digits = 0;
	for (size_t i = 0; i < len; i++) {
		if (isdigit((unsigned char)t[i]))
			digits++;
		else if (!strchr("+-().,/ ", t[i]))
			return QUICK_NAME;
	}
	return digits >= 3 ? QUICK_PHONE : QUICK_NAME;
}

enum quick_way quick_search(enum entity e, const char *text, cJSON **criteria)
{
	*criteria = NULL;
	char *t = str_trim(xstrdup(text ? text : ""));
	enum quick_kind kind = quick_kind_of(t);
	enum quick_way way = QUICK_SEARCH;
	cJSON *c = cJSON_CreateObject();
	if (!c)
		abort();
	if (kind == QUICK_EMAIL && e == ENT_PEOPLE) {
		way = QUICK_BY_EMAIL;
	} else if (kind == QUICK_EMAIL && e == ENT_LEADS) {
		cJSON_AddStringToObject(c, "emails", t);
	} else if (kind == QUICK_EMAIL && e == ENT_COMPANIES) {
		cJSON_AddStringToObject(c, "email_domains", strchr(t, '@') + 1);
	} else if (kind == QUICK_PHONE &&
		   (e == ENT_PEOPLE || e == ENT_COMPANIES || e == ENT_LEADS)) {
		cJSON_AddStringToObject(c, "phone_number", t);
	} else if (e == ENT_TASKS) {
		way = QUICK_UNSEARCHABLE;
	} else {
		cJSON_AddStringToObject(c, "name", t);
	}
	free(t);
	if (way == QUICK_SEARCH)
		*criteria = c;
	else
		cJSON_Delete(c);
	return way;
}
