/* edit_parse.c - what the user typed for a field, as the JSON value
 * stored, per type (edit.h: "What each type accepts as text"), or a
 * refusal saying what is expected.
 */
#include "config.h"

#include "model/edit.h"
#include "model/edit_internal.h"
#include "model/number.h"
#include "model/dates.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define QUOTE_MAX 60       /* bytes of typed text quoted back in a refusal */

/* ---- text ---------------------------------------------------------------- */

/* Typed text as quoted back in a message: one line, cut, sanitized. */
char *form_quote(const char *s)
{
	size_t len = strlen(s), cut = utf8_cut(s, len, QUOTE_MAX);
	char *q = sanitize_line(s, cut);
	if (cut < len) {
		char *t = xasprintf("%s\xe2\x80\xa6", q); /* U+2026 */
		free(q);
		q = t;
	}
	return q;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

size_t form_split_items(const char *text, char sep, char ***out)
{
	char delim = strchr(text, '\n') ? '\n' : strchr(text, ';') ? ';' : sep;
	size_t n = 0;
	*out = NULL;
	for (const char *p = text;;) {
		const char *end = strchr(p, delim);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *item = str_trim(xstrndup(p, len));
		if (*item) {
			*out = xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n++] = item;
		} else {
			free(item);
		}
		if (!end)
			break;
		p = end + 1;
	}
	return n;
}

/* ---- numbers ------------------------------------------------------------- */

static bool alpha3(const char *s)
{
	for (int k = 0; k < 3; k++)
		if (lower((unsigned char)s[k]) < 'a' || lower((unsigned char)s[k]) > 'z')
			return false;
	return true;
}

/* Drops a currency sign or a three-letter code before or after an amount
 * ("$12,500", "12,500 USD", "EUR 99.50", "99 €"). */
static void strip_currency(char *s)
{
	static const char *const signs[] = { "$", "\xe2\x82\xac", "\xc2\xa3", "\xc2\xa5" };
	size_t len;
	str_trim(s);
	for (size_t k = 0; k < ARRAY_SIZE(signs); k++) {
		size_t n = strlen(signs[k]);
		if (!strncmp(s, signs[k], n))
			memmove(s, s + n, strlen(s + n) + 1);
		len = strlen(s);
		if (len >= n && !strcmp(s + len - n, signs[k]))
			s[len - n] = '\0';
	}
	str_trim(s);
	len = strlen(s);
	if (len > 4 && s[3] == ' ' && alpha3(s))
		memmove(s, s + 4, len - 3);
	else if (len > 4 && s[len - 4] == ' ' && alpha3(s + len - 3))
		s[len - 4] = '\0';
	str_trim(s);
}

/* ---- contacts ------------------------------------------------------------ */

static bool valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strpbrk(s, " \t,;<>()[]\\\""))
		return false;
	const char *domain = at + 1, *dot = strchr(domain, '.');
	size_t n = strlen(domain);
	return dot && dot != domain && domain[n - 1] != '.' && !strstr(domain, "..");
}

/* A web address: "https://x.y/...", or a host with a dot ("www.x.com",
 * "facebook.com/someone" as the reference's records have them). */
static bool valid_url(const char *s)
{
	if (!*s || strlen(s) > 2048 || strpbrk(s, " \t\n"))
		return false;
	const char *scheme_end = strstr(s, "://");
	if (scheme_end) {
		if (scheme_end == s || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") !=
		    (size_t)(scheme_end - s))
			return false;
		return scheme_end[3] && scheme_end[3] != '/';
	}
	return strchr(s, '.') && *s != '.' && *s != '/';
}

static bool valid_phone(const char *s)
{
	return strpbrk(s, "0123456789") != NULL;
}

/* "Label: 'typed' is not ..." */
static char *refusal(const char *label, const char *typed, const char *what)
{
	char *q = form_quote(typed);
	char *m = xasprintf("%s: '%s' %s", label, q, what);
	free(q);
	return m;
}

/* The categories already on the record, accepted as they are even when
 * Copper's list does not name them (so what the server sent round-trips). */
static const char *base_category(const cJSON *base, const char *typed)
{
	const cJSON *item;
	if (cJSON_IsObject(base)) {
		const char *c = json_str(json_get(base, "category"));
		return c && ieq(c, typed) ? c : NULL;
	}
	cJSON_ArrayForEach(item, json_array(base)) {
		const char *c = json_str(json_get(item, "category"));
		if (c && ieq(c, typed))
			return c;
	}
	return NULL;
}

static bool in_base(const struct edit_field *fld, const cJSON *base, const cJSON *item)
{
	const cJSON *x;
	if (cJSON_IsObject(base))
		return form_same_item(fld, base, item);
	cJSON_ArrayForEach(x, json_array(base))
		if (form_same_item(fld, x, item))
			return true;
	return false;
}

/*
 * One contact entry {"<value key>": value, "category": category} from a
 * value and a category (NULL: the first allowed). The category must be
 * Copper's or already on the record; the value must look like what it
 * is, unless the very entry is already on the record.
 */
/* A social network's category from the address's host ("twitter.com/x",
 * "https://www.linkedin.com/in/x"), among the field's categories; NULL
 * when the host names none of them. */
static const char *category_of_host(const struct edit_field *fld, const char *url)
{
	static const struct { const char *host, *category; } hosts[] = {
		{ "twitter.com", "twitter" }, { "x.com", "twitter" }, { "linkedin.com", "linkedin" },
		{ "facebook.com", "facebook" }, { "fb.com", "facebook" }, { "youtube.com", "youtube" },
		{ "youtu.be", "youtube" }, { "quora.com", "quora" }, { "foursquare.com", "foursquare" },
		{ "klout.com", "klout" }, { "gravatar.com", "gravatar" }, { "plus.google.com", "googleplus" },
	};
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	size_t n = strcspn(h, "/?#:");
	for (size_t k = 0; k < ARRAY_SIZE(hosts); k++) {
		size_t m = strlen(hosts[k].host);
		/* the host itself or a subdomain of it (www., mobile.) */
		if (n < m || strncasecmp(h + n - m, hosts[k].host, m) || (n > m && h[n - m - 1] != '.'))
			continue;
		for (size_t c = 0; fld->categories[c]; c++)
			if (!strcmp(fld->categories[c], hosts[k].category))
				return fld->categories[c];
	}
	return NULL;
}

cJSON *form_contact_item(const struct edit_field *fld, const cJSON *base, const char *value,
			 const char *category, char **msg)
{
	/* no category given: a social profile's is its network's ("other"
	 * for a network Copper has no category for), anything else's the
	 * field's first */
	const char *cat = fld->categories[0];
	if (!strcmp(fld->key, "socials")) {
		cat = category_of_host(fld, value);
		for (size_t k = 0; !cat && fld->categories[k]; k++)
			if (!strcmp(fld->categories[k], "other"))
				cat = fld->categories[k];
		if (!cat)
			cat = fld->categories[0];
	}
	if (category) {
		cat = NULL;
		for (size_t k = 0; fld->categories[k] && !cat; k++)
			if (ieq(category, fld->categories[k]))
				cat = fld->categories[k];
		if (!cat && !(cat = base_category(base, category))) {
			char *list = NULL;
			struct strbuf sb = { 0 };
			for (size_t k = 0; fld->categories[k]; k++)
				sb_printf(&sb, "%s%s", k ? ", " : "", fld->categories[k]);
			list = sb_detach(&sb);
			char *q = form_quote(category);
			*msg = xasprintf("%s: '%s' is not a category here (%s)", fld->label, q, list);
			free(q);
			free(list);
			return NULL;
		}
	}
	cJSON *item = cJSON_CreateObject();
	cJSON_AddStringToObject(item, fld->value_key, value);
	cJSON_AddStringToObject(item, "category", cat);
	if (in_base(fld, base, item))
		return item;
	const char *bad = NULL;
	if (!strcmp(fld->value_key, "email") && !valid_email(value))
		bad = "is not an email address";
	else if (!strcmp(fld->value_key, "number") && !valid_phone(value))
		bad = "is not a phone number";
	else if (!strcmp(fld->value_key, "url") && !valid_url(value))
		bad = "is not a web address";
	if (bad) {
		*msg = refusal(fld->label, value, bad);
		cJSON_Delete(item);
		return NULL;
	}
	return item;
}

void form_split_contact(char *text, char **value, char **category)
{
	char *s = str_trim(text);
	size_t len = strlen(s);
	char *open = strrchr(s, '(');
	*value = s;
	*category = NULL;
	if (len > 2 && s[len - 1] == ')' && open && open > s && open[-1] == ' ') {
		size_t n = (size_t)(s + len - 1 - (open + 1));
		/* anything else in parentheses stays part of the value */
		if (n > 0 && n <= 32 && strspn(open + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-") == n) {
			s[len - 1] = '\0';
			*category = open + 1;
			*open = '\0';
			str_trim(s);
		}
	}
}

static cJSON *parse_contact(const struct edit_field *fld, const cJSON *base, const char *text, char **msg)
{
	char *s = xstrdup(text), *value, *category;
	form_split_contact(s, &value, &category);
	cJSON *item = form_contact_item(fld, base, value, category, msg);
	free(s);
	return item;
}

static cJSON *parse_contacts(const struct edit_form *f, size_t i, const char *text, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	char **items;
	size_t n = form_split_items(text, ';', &items);
	cJSON *list = cJSON_CreateArray();
	for (size_t k = 0; k < n && list; k++) {
		cJSON *item = parse_contact(fld, form_base_value(f, i), items[k], msg);
		if (item) {
			cJSON_AddItemToArray(list, item);
		} else {
			cJSON_Delete(list);
			list = NULL;
		}
	}
	free_items(items, n);
	return list;
}

/* ---- lists --------------------------------------------------------------- */

static cJSON *parse_tags(const char *text)
{
	char **items;
	size_t n = form_split_items(text, ',', &items);
	cJSON *list = cJSON_CreateArray();
	for (size_t k = 0; k < n; k++) {
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = !strcmp(items[j], items[k]);
		if (!dup)
			cJSON_AddItemToArray(list, cJSON_CreateString(items[k]));
	}
	free_items(items, n);
	return list;
}

static cJSON *parse_multi(const struct edit_form *f, size_t i, const char *text, char **msg)
{
	char **items;
	size_t n = form_split_items(text, ',', &items);
	int64_t *ids = xcalloc(n + 1, sizeof(*ids));
	size_t nids = 0;
	cJSON *list = cJSON_CreateArray();
	for (size_t k = 0; k < n && list; k++) {
		int64_t id;
		if (form_pick(f, i, items[k], &id, msg) == PICK_NONE) {
			cJSON_Delete(list);
			list = NULL;
			break;
		}
		bool dup = false;
		for (size_t j = 0; j < nids && !dup; j++)
			dup = ids[j] == id;
		if (!dup) {
			ids[nids++] = id;
			cJSON_AddItemToArray(list, cJSON_CreateNumber((double)id));
		}
	}
	free(ids);
	free_items(items, n);
	return list;
}

/* ---- addresses ----------------------------------------------------------- */

/* state and postal code from "CA 94105", "New York 10001", "Ontario A1A 1A1":
 * the postal code starts at the first word holding a digit. */
static void split_state_postal(const char *s, char **state, char **postal)
{
	const char *p = s, *start = NULL;
	while (*p && !start) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if (w < p && strpbrk(w, "0123456789") && strpbrk(w, "0123456789") < p)
			start = w;
	}
	*state = str_trim(xstrndup(s, start ? (size_t)(start - s) : strlen(s)));
	*postal = str_trim(xstrdup(start ? start : ""));
}

/* "city, state postal_code" (split at the last comma; no comma: a city) */
static void split_city_line(const char *s, char **city, char **state, char **postal)
{
	const char *comma = strrchr(s, ',');
	if (!comma) {
		*city = str_trim(xstrdup(s));
		*state = xstrdup("");
		*postal = xstrdup("");
		return;
	}
	*city = str_trim(xstrndup(s, (size_t)(comma - s)));
	split_state_postal(comma + 1, state, postal);
}

void form_put_part(cJSON *a, const char *key, const char *value)
{
	cJSON_AddItemToObject(a, key, *value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

/*
 * An address, as lines ("street", "city, state postal_code", "country";
 * more lines: the first ones are the street) or on one line with commas
 * ("street, city, state postal_code, country"; more parts: the first ones
 * are the street). Empty parts are null; all empty clears the address.
 */
static cJSON *parse_address(const char *text)
{
	char **lines = NULL, *parts[5] = { 0 };
	size_t n = 0;
	bool by_lines = strchr(text, '\n') != NULL;
	for (const char *p = text;;) {
		const char *end = strchr(p, by_lines ? '\n' : ',');
		lines = xrealloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = str_trim(xstrndup(p, end ? (size_t)(end - p) : strlen(p)));
		if (!end)
			break;
		p = end + 1;
	}
	size_t tail = by_lines ? (n >= 3 ? 2 : n - 1) : (n >= 4 ? 3 : n - 1); /* parts after the street */
	struct strbuf street = { 0 };
	sb_puts(&street, "");
	for (size_t k = 0; k < n - tail; k++)
		if (*lines[k])
			sb_printf(&street, "%s%s", street.len ? ", " : "", lines[k]);
	parts[0] = sb_detach(&street);
	const char *const *rest = (const char *const *)lines + (n - tail);
	if (by_lines) {
		if (tail >= 1)
			split_city_line(rest[0], &parts[1], &parts[2], &parts[3]);
		parts[4] = xstrdup(tail >= 2 ? rest[1] : "");
	} else {
		parts[1] = xstrdup(tail >= 1 ? rest[0] : "");
		if (tail >= 2)
			split_state_postal(rest[1], &parts[2], &parts[3]);
		parts[4] = xstrdup(tail >= 3 ? rest[2] : "");
	}
	static const char *const keys[] = { "street", "city", "state", "postal_code", "country" };
	cJSON *a = cJSON_CreateObject();
	bool any = false;
	for (size_t k = 0; k < 5; k++) {
		if (!parts[k])
			parts[k] = xstrdup("");
		any |= *parts[k] != '\0';
		form_put_part(a, keys[k], parts[k]);
		free(parts[k]);
	}
	free_items(lines, n);
	if (!any) {
		cJSON_Delete(a);
		a = cJSON_CreateNull();
	}
	return a;
}

/* ---- every type ---------------------------------------------------------- */

static cJSON *parse_checkbox(const char *s)
{
	static const char *const yes[] = { "yes", "y", "true", "on", "1", "x", "checked" };
	static const char *const no[] = { "no", "n", "false", "off", "0", "unchecked" };
	for (size_t k = 0; k < ARRAY_SIZE(yes); k++)
		if (ieq(s, yes[k]))
			return cJSON_CreateTrue();
	for (size_t k = 0; k < ARRAY_SIZE(no); k++)
		if (ieq(s, no[k]))
			return cJSON_CreateFalse();
	return NULL;
}

static cJSON *parse_number_field(const struct edit_form *f, size_t i, const char *text, char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	char *s = xstrdup(text);
	double v = 0;
	bool ok;
	if (fld->type == EDIT_MONEY)
		strip_currency(s);
	if (fld->type == EDIT_PERCENT && *s && s[strlen(s) - 1] == '%') {
		s[strlen(s) - 1] = '\0';
		str_trim(s);
	}
	ok = number_parse(s, &v);
	free(s);
	if (fld->type == EDIT_MONEY) {
		if (!ok)
			*msg = xasprintf("%s: expected an amount like 12500, 12,500.50 or 12.5k", fld->label);
		else if (v < 0)
			*msg = xasprintf("%s: an amount cannot be negative", fld->label);
	} else if (fld->type == EDIT_PERCENT && priv_of(f, i)->whole_percent) {
		if (!ok || v != (double)(int)v || v < 0 || v > 100)
			*msg = xasprintf("%s: expected a whole number from 0 to 100", fld->label);
	} else if (!ok) {
		*msg = xasprintf(fld->type == EDIT_PERCENT ? "%s: expected a percentage like 25 or 12.5"
				 : "%s: expected a number like 42 or 3.5", fld->label);
	}
	return *msg ? NULL : cJSON_CreateNumber(v);
}

/* What the user typed for field i (trimmed, not empty) as its JSON value,
 * or NULL with *msg. */
cJSON *form_parse_text(const struct edit_form *f, size_t i, const char *text, int64_t now,
		       char **msg)
{
	const struct edit_field *fld = &f->fields[i];
	const struct fpriv *p = priv_of(f, i);
	struct ymd day;
	int64_t t, id;
	cJSON *v;

	switch (fld->type) {
	case EDIT_TEXT:
		if (p->max_chars && utf8_chars(text) > p->max_chars) {
			*msg = xasprintf("%s: at most %zu characters (this is %zu)", fld->label,
					 p->max_chars, utf8_chars(text));
			return NULL;
		}
		return cJSON_CreateString(text);
	case EDIT_LONGTEXT:
		return cJSON_CreateString(text);
	case EDIT_URL:
		if (!valid_url(text)) {
			*msg = refusal(fld->label, text, "is not a web address");
			return NULL;
		}
		return cJSON_CreateString(text);
	case EDIT_NUMBER:
	case EDIT_MONEY:
	case EDIT_PERCENT:
		return parse_number_field(f, i, text, msg);
	case EDIT_DATE:
		if (!edit_parse_date(text, now, &t)) {
			*msg = xasprintf(DATE_EXPECTED, fld->label);
			return NULL;
		}
		return cJSON_CreateNumber((double)t);
	case EDIT_CLOSE_DATE: {
		if (!date_parse_day(text, now, &day)) {
			*msg = xasprintf(DATE_EXPECTED, fld->label);
			return NULL;
		}
		char *s = date_close_text(day);
		v = cJSON_CreateString(s);
		free(s);
		return v;
	}
	case EDIT_CHECKBOX:
		if (!(v = parse_checkbox(text)))
			*msg = xasprintf("%s: expected yes or no", fld->label);
		return v;
	case EDIT_CHOICE:
		return form_pick(f, i, text, &id, msg) == PICK_NONE ? NULL
			: cJSON_CreateNumber((double)id);
	case EDIT_ENUM: {
		long k = form_pick(f, i, text, &id, msg);
		return k < 0 ? NULL : cJSON_CreateString(fld->choices[k].name);
	}
	case EDIT_MULTI_CHOICE:
		return parse_multi(f, i, text, msg);
	case EDIT_TAGS:
		return parse_tags(text);
	case EDIT_CONTACTS:
		return parse_contacts(f, i, text, msg);
	case EDIT_EMAIL:
		return parse_contact(fld, form_base_value(f, i), text, msg);
	case EDIT_ADDRESS:
		return parse_address(text);
	case EDIT_REFERENCE: {
		const char *digits = text[0] == '#' ? text + 1 : text;
		if (*digits >= '0' && *digits <= '9' && str_to_i64(digits, &id) && id > 0 && id <= MAX_ID)
			return cJSON_CreateNumber((double)id);
		*msg = xasprintf("%s: pick a %s from the search, or type its id like #123",
				 fld->label, priv_of(f, i)->noun);
		return NULL;
	}
	case EDIT_READONLY:
		break;
	}
	*msg = form_readonly_message(fld);
	return NULL;
}
