/* format.c - see format.h */
#include "config.h"

#include "model/format.h"
#include "model/dates.h"
#include "util/json.h"
#include "util/sanitize.h"
#include "util/util.h"

#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *format_tm(const struct tm *tm)
{
	char buf[128];
	size_t n = strftime(buf, sizeof(buf), "%e %b %Y", tm);
	if (n == 0)
		return NULL;
	const char *s = buf;
	while (*s == ' ')
		s++;
	return sanitize_line(s, strlen(s));
}

char *fields_format_date(int64_t unix_time)
{
	time_t t = (time_t)unix_time;
	struct tm tm;
	char *s = NULL;
	tzset();
	if ((int64_t)t == unix_time && localtime_r(&t, &tm))
		s = format_tm(&tm);
	return s ? s : xasprintf("%" PRId64, unix_time);
}

char *fields_format_date_string(const char *s)
{
	struct ymd d;
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	char *t = xstrndup(s, n);
	bool ok = date_parse_slashed(t, &d);
	free(t);
	if (!ok)
		return NULL;
	struct tm tm;
	date_to_tm(d, &tm);
	return format_tm(&tm);
}

/* printf writes LC_NUMERIC's decimal point; patina always shows '.', as
 * its thousands separator is always ','. */
static char *c_decimal_point(char *s)
{
	const struct lconv *lc = localeconv();
	const char *dp = lc ? lc->decimal_point : NULL;
	char *p;
	if (dp && *dp && strcmp(dp, ".") != 0 && (p = strstr(s, dp))) {
		size_t n = strlen(dp);
		*p = '.';
		memmove(p + 1, p + n, strlen(p + n) + 1);
	}
	return s;
}

char *fields_format_number(double value)
{
	if (!isfinite(value))
		return xstrdup("(not a number)");
	if (value > -1e15 && value < 1e15 && value == (double)(long long)value)
		return xasprintf("%lld", (long long)value);
	return c_decimal_point(xasprintf("%.15g", value));
}

char *fields_format_money(double value, const char *currency)
{
	if (!isfinite(value))
		return xstrdup("(not a number)");
	bool negative = value < 0;
	char *digits = c_decimal_point(xasprintf("%.2f", negative ? -value : value));
	size_t intlen = strspn(digits, "0123456789");
	const char *dot = digits[intlen] == '.' ? digits + intlen : NULL;
	struct strbuf sb = { 0 };
	if (negative && strcmp(digits, "0.00") != 0)
		sb_putc(&sb, '-');
	for (size_t i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0)
			sb_putc(&sb, ',');
		sb_putc(&sb, digits[i]);
	}
	if (dot && strcmp(dot, ".00") != 0)
		sb_puts(&sb, dot);
	free(digits);
	if (currency && *currency) {
		char *c = str_trim(sanitize_line(currency, strlen(currency)));
		if (*c) {
			sb_putc(&sb, ' ');
			sb_puts(&sb, c);
		}
		free(c);
	}
	return sb_detach(&sb);
}

char *fields_format_scalar(const cJSON *v)
{
	if (json_is_nothing(v))
		return xstrdup("");
	if (json_str(v))
		return str_trim(sanitize_line(v->valuestring, strlen(v->valuestring)));
	if (cJSON_IsNumber(v))
		return fields_format_number(v->valuedouble);
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "Yes" : "No");
	return json_compact(v, FORMAT_RAW_MAX);
}

char *fields_format_contact(const char *value, const char *category)
{
	char *v = str_trim(sanitize_line(value, strlen(value)));
	if (!*v || !category || !*category)
		return v;
	char *c = str_trim(sanitize_line(category, strlen(category)));
	char *line = *c ? xasprintf("%s (%s)", v, c) : xstrdup(v);
	free(c);
	free(v);
	return line;
}
