/* extract.c - see extract.h */
#include "config.h"

#include "mirror/extract.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define PHONE_DIGITS_MAX 24
#define SUFFIX_MIN 3          /* "555" is the shortest digit run worth finding */

struct fields {
	struct extract_field *items;
	size_t count, cap;
};

static void add(struct fields *f, enum extract_column column, const char *label, int64_t custom,
		const char *value)
{
	if (!value || !*value)
		return;
	if (f->count == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->items = xrealloc(f->items, f->cap * sizeof(*f->items));
	}
	size_t len = strlen(value);
	f->items[f->count++] = (struct extract_field){
		column, label, custom, xstrndup(value, utf8_cut(value, len, EXTRACT_FIELD_MAX)) };
}

/* The "sub" string of each object of an array member ({"email": ...}). */
static void add_each(struct fields *f, enum extract_column column, const char *label,
		     const cJSON *rec, const char *key, const char *sub)
{
	const cJSON *item;
	cJSON_ArrayForEach(item, json_array(json_get(rec, key)))
		add(f, column, label, 0, sub ? json_member_str(item, sub) : json_str(item));
}

static void add_custom(struct fields *f, const cJSON *rec)
{
	const cJSON *cf;
	cJSON_ArrayForEach(cf, json_array(json_get(rec, "custom_fields"))) {
		/* text, text areas and URLs; dropdowns hold option ids */
		const char *value = json_member_str(cf, "value");
		int64_t def = json_member_i64(cf, "custom_field_definition_id");
		if (value)
			add(f, EXTRACT_OTHER, "custom field", def, value);
	}
}

struct extract_field *extract_fields(enum entity e, const cJSON *rec, size_t *count)
{
	struct fields f = {0};
	add(&f, EXTRACT_NAME, "name", 0, json_member_str(rec, "name"));
	add_each(&f, EXTRACT_CONTACT, "email", rec, "emails", "email");
	add(&f, EXTRACT_CONTACT, "email", 0, json_member_str(json_get(rec, "email"), "email"));
	add_each(&f, EXTRACT_CONTACT, "phone", rec, "phone_numbers", "number");
	add(&f, EXTRACT_CONTACT, "email domain", 0, json_member_str(rec, "email_domain"));
	add_each(&f, EXTRACT_CONTACT, "website", rec, "websites", "url");
	if (e != ENT_COMPANIES)
		add(&f, EXTRACT_OTHER, "company", 0, json_member_str(rec, "company_name"));
	add(&f, EXTRACT_OTHER, "title", 0, json_member_str(rec, "title"));
	add(&f, EXTRACT_OTHER, "city", 0, json_member_str(json_get(rec, "address"), "city"));
	add_each(&f, EXTRACT_OTHER, "tag", rec, "tags", NULL);
	add_custom(&f, rec);
	add(&f, EXTRACT_OTHER, "details", 0, json_member_str(rec, "details"));
	*count = f.count;
	return f.items;
}

void extract_fields_free(struct extract_field *f, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(f[i].value);
	free(f);
}

size_t extract_digits(const char *s, char *out, size_t max)
{
	size_t n = 0;
	for (; s && *s && n + 1 < max; s++)
		if (isdigit((unsigned char)*s))
			out[n++] = *s;
	if (max)
		out[n] = '\0';
	return n;
}

static void append_bounded(struct strbuf *sb, const char *text)
{
	if (sb->len >= EXTRACT_COLUMN_MAX)
		return;
	if (sb->len)
		sb_putc(sb, ' ');
	size_t room = EXTRACT_COLUMN_MAX - sb->len, len = strlen(text);
	sb_append(sb, text, utf8_cut(text, len, room));
}

/* Every suffix of a phone's digits of SUFFIX_MIN or more, the whole first. */
static void append_suffixes(struct strbuf *sb, const char *phone)
{
	char digits[PHONE_DIGITS_MAX + 1];
	size_t n = extract_digits(phone, digits, sizeof(digits));
	for (size_t i = 0; n >= SUFFIX_MIN && i + SUFFIX_MIN <= n; i++)
		append_bounded(sb, digits + i);
}

bool extract_record(enum entity e, const cJSON *rec, struct extract *x)
{
	memset(x, 0, sizeof(*x));
	int64_t id;
	if (!cJSON_IsObject(rec) || !json_int64(json_get(rec, "id"), &id) || id <= 0)
		return false;
	x->id = id;
	x->created = json_member_i64(rec, "date_created");
	x->modified = json_member_i64(rec, "date_modified");
	x->owner = json_member_i64(rec, "assignee_id");
	const char *name = json_member_str(rec, "name");
	x->name = name ? xstrndup(name, utf8_cut(name, strlen(name), EXTRACT_FIELD_MAX)) : NULL;

	struct strbuf cols[EXTRACT_COLUMNS] = {{0}};
	size_t n;
	struct extract_field *f = extract_fields(e, rec, &n);
	for (size_t i = 0; i < n; i++) {
		append_bounded(&cols[f[i].column], f[i].value);
		if (!strcmp(f[i].label, "phone"))
			append_suffixes(&cols[EXTRACT_CONTACT], f[i].value);
	}
	extract_fields_free(f, n);
	for (int c = 0; c < EXTRACT_COLUMNS; c++) {

		x->text[c] = sb_detach(&cols[c]);
	}
	return true;
}

void extract_free(struct extract *x)
{
	free(x->name);
	for (int c = 0; c < EXTRACT_COLUMNS; c++)
		free(x->text[c]);
	memset(x, 0, sizeof(*x));
}
