/* edit_compare.c - whether two values of a field mean the same (edit.h:
 * "Equal values are no change"): what makes a typed value no change, and
 * what makes a server's change a conflict.
 */
#include "config.h"

#include "model/edit.h"
#include "model/edit_internal.h"
#include "model/dates.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

#define SET_COMPARE_MAX 2000 /* longer lists compare in order (keeps hostile data cheap) */

/* Nothing, an empty or blank string, or an empty list. */
bool form_blank(const cJSON *v)
{
	if (json_is_nothing(v))
		return true;
	if (json_str(v)) {
		for (const char *p = v->valuestring; *p; p++)
			if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				return false;
		return true;
	}
	return cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0;
}

static bool same_json(const cJSON *a, const cJSON *b)
{
	if (json_is_nothing(a) || json_is_nothing(b))
		return json_is_nothing(a) && json_is_nothing(b);
	return cJSON_Compare(a, b, true);
}

static bool same_trimmed(const char *a, const char *b)
{
	char *x = str_trim(xstrdup(a)), *y = str_trim(xstrdup(b));
	bool same = !strcmp(x, y);
	free(x);
	free(y);
	return same;
}

static double absolute(double x)
{
	return x < 0 ? -x : x;
}

/* Equal within rounding (12500.5 typed vs 12500.499999 sent back). */
static bool same_number(const cJSON *a, const cJSON *b)
{
	double x = a->valuedouble, y = b->valuedouble;
	double scale = absolute(x) > absolute(y) ? absolute(x) : absolute(y);
	return x == y || absolute(x - y) <= 1e-9 * (scale > 1 ? scale : 1);
}

static bool same_close_date(const cJSON *a, const cJSON *b)
{
	struct ymd x, y;
	if (json_str(a) && json_str(b)) {
		char *sa = str_trim(xstrdup(a->valuestring)), *sb = str_trim(xstrdup(b->valuestring));
		bool both = date_parse_calendar(sa, &x) && date_parse_calendar(sb, &y);
		bool same = both ? x.y == y.y && x.m == y.m && x.d == y.d : !strcmp(sa, sb);
		free(sa);
		free(sb);
		return same;
	}
	return same_json(a, b);
}

/* One element of a list field, for comparing lists. */
bool form_same_item(const struct edit_field *fld, const cJSON *a, const cJSON *b)
{
	int64_t x, y;
	switch (fld->type) {
	case EDIT_MULTI_CHOICE:
		return json_id(a, &x) && json_id(b, &y) ? x == y : same_json(a, b);
	case EDIT_CONTACTS:
	case EDIT_EMAIL: {
		const char *va = json_str(json_get(a, fld->value_key)), *vb = json_str(json_get(b, fld->value_key));
		const char *ca = json_str(json_get(a, "category")), *cb = json_str(json_get(b, "category"));
		if (!va || !vb)
			return same_json(a, b);
		return same_trimmed(va, vb) && !strcmp(ca ? ca : "", cb ? cb : "");
	}
	default:
		return json_str(a) && json_str(b) ? !strcmp(a->valuestring, b->valuestring) : same_json(a, b);
	}
}

/* Every element of a is in b. */
static bool contains_all(const struct edit_field *fld, const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;
	cJSON_ArrayForEach(x, a) {
		bool found = false;
		cJSON_ArrayForEach(y, b)
			if ((found = form_same_item(fld, x, y)))
				break;
		if (!found)
			return false;
	}
	return true;
}

/* Lists: in order (contacts: the first is the primary), or as sets (tags,
 * multi-select options: the order means nothing). */
static bool same_list(const struct edit_field *fld, const cJSON *a, const cJSON *b, bool as_set)
{
	int na = cJSON_GetArraySize(a), nb = cJSON_GetArraySize(b);
	if (as_set && na <= SET_COMPARE_MAX && nb <= SET_COMPARE_MAX)
		return contains_all(fld, a, b) && contains_all(fld, b, a);
	if (na != nb)
		return false;
	for (const cJSON *x = a->child, *y = b->child; x && y; x = x->next, y = y->next)
		if (!form_same_item(fld, x, y))
			return false;
	return true;
}

static bool same_address(const cJSON *a, const cJSON *b)
{
	static const char *const parts[] = { "street", "city", "state", "postal_code", "country" };
	if ((!json_is_nothing(a) && !cJSON_IsObject(a)) || (!json_is_nothing(b) && !cJSON_IsObject(b)))
		return same_json(a, b);
	for (size_t k = 0; k < ARRAY_SIZE(parts); k++) {
		const cJSON *x = json_get(a, parts[k]), *y = json_get(b, parts[k]);
		if (form_blank(x) && form_blank(y))
			continue;
		if (!json_str(x) || !json_str(y) || !same_trimmed(x->valuestring, y->valuestring))
			return same_json(x, y);
	}
	return true;
}

/*
 * Whether two values of field i mean the same: nothing, "" and [] are all
 * empty; text compares trimmed; numbers within rounding; Date fields by
 * local calendar day; close dates by day whatever their spelling; ids by
 * value; tags and multi-select options as sets; contact lists in order on
 * value and category only; addresses part by part.
 */
bool form_same_value(const struct edit_form *f, size_t i, const cJSON *a, const cJSON *b)
{
	const struct edit_field *fld = &f->fields[i];
	int64_t x, y;
	bool lists = fld->type == EDIT_TAGS || fld->type == EDIT_MULTI_CHOICE || fld->type == EDIT_CONTACTS;

	if (form_blank(a) && form_blank(b))
		return true;
	switch (fld->type) {
	case EDIT_NUMBER:
	case EDIT_MONEY:
	case EDIT_PERCENT:
		return cJSON_IsNumber(a) && cJSON_IsNumber(b) ? same_number(a, b) : same_json(a, b);
	case EDIT_DATE:
		return json_whole(a, &x) && json_whole(b, &y) ? x == y || date_same_local_day(x, y) : same_json(a, b);
	case EDIT_CLOSE_DATE:
		return same_close_date(a, b);
	case EDIT_CHECKBOX:
		/* unchecked: false or null */
		return (cJSON_IsBool(a) || json_is_nothing(a)) && (cJSON_IsBool(b) || json_is_nothing(b))
			? cJSON_IsTrue(a) == cJSON_IsTrue(b) : same_json(a, b);
	case EDIT_CHOICE:
	case EDIT_REFERENCE:
		return json_id(a, &x) && json_id(b, &y) ? x == y : same_json(a, b);
	case EDIT_EMAIL:
		return cJSON_IsObject(a) && cJSON_IsObject(b) ? form_same_item(fld, a, b)
			: same_json(a, b);
	case EDIT_ADDRESS:
		return same_address(a, b);
	default:
		break;
	}
	if (lists) {
		if ((form_blank(a) || cJSON_IsArray(a)) && (form_blank(b) || cJSON_IsArray(b))) {
			if (form_blank(a) || form_blank(b))
				return false;
			return same_list(fld, a, b, fld->type != EDIT_CONTACTS);
		}
		return same_json(a, b);
	}
	if (json_str(a) && json_str(b))
		return same_trimmed(a->valuestring, b->valuestring);
	return same_json(a, b);
}
