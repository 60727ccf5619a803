/* dates.c - see dates.h */
#include "config.h"

#include "model/dates.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ASCII only: tolower() would follow the locale. */
static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* ---- the calendar -------------------------------------------------------- */

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

bool date_valid(struct ymd d)
{
	return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= month_days(d.y, d.m);
}

/* Days since 1970-01-01 of a proleptic Gregorian date and back (H. Hinnant's
 * algorithms): calendar arithmetic without the time zone in the way. */
static int64_t days_from_civil(struct ymd c)
{
	int64_t y = c.y - (c.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (c.m + (c.m > 2 ? -3 : 9)) + 2) / 5 + c.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct ymd civil_from_days(int64_t z)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t m = mp + (mp < 10 ? 3 : -9);
	struct ymd out = { (int)(yoe + era * 400 + (m <= 2)), (int)m, (int)(doy - (153 * mp + 2) / 5 + 1) };
	return out;
}

void date_to_tm(struct ymd d, struct tm *tm)
{
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = d.y - 1900;
	tm->tm_mon = d.m - 1;
	tm->tm_mday = d.d;
	tm->tm_isdst = -1;
}

/* ---- the local time zone ------------------------------------------------- */

static bool local_ymd(int64_t t, struct ymd *out)
{
	time_t tt = (time_t)t;
	struct tm tm;
	tzset();
	if ((int64_t)tt != t || !localtime_r(&tt, &tm))
		return false;
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
	return true;
}

/* The Unix time of local midnight starting that day (where a DST change
 * skips midnight, the first moment of the day). */
static bool local_midnight(struct ymd d, int64_t *out)
{
	struct tm tm;
	date_to_tm(d, &tm);
	tzset();
	time_t t = mktime(&tm);
	if (t == (time_t)-1 && !(tm.tm_year == 69 && tm.tm_mon == 11 && tm.tm_mday == 31))
		return false;
	*out = (int64_t)t;
	return true;
}

bool date_same_local_day(int64_t a, int64_t b)
{
	struct ymd x, y;
	return local_ymd(a, &x) && local_ymd(b, &y) && x.y == y.y && x.m == y.m && x.d == y.d;
}

/* ---- what people type ---------------------------------------------------- */

/* Up to max digits at *p into *out; false when there is none. */
static bool take_digits(const char **p, int max, int *out, int *count)
{
	int v = 0, n = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (*(*p)++ - '0');
		n++;
	}
	*out = v;
	if (count)
		*count = n;
	return n > 0;
}

bool date_parse_slashed(const char *s, struct ymd *out)
{
	const char *p = s;
	int a, b, c, n;
	if (!take_digits(&p, 2, &a, NULL) || *p++ != '/' || !take_digits(&p, 2, &b, NULL) ||
	    *p++ != '/' || !take_digits(&p, 4, &c, &n) || n != 4 || *p)
		return false;
	*out = a > 12 && b <= 12 ? (struct ymd){ c, b, a } : (struct ymd){ c, a, b };
	return date_valid(*out);
}

bool date_parse_calendar(const char *s, struct ymd *out)
{
	const char *p = s;
	int a, b, c, n;
	if (take_digits(&p, 4, &a, &n) && n == 4 && *p == '-') {
		p++;
		if (!take_digits(&p, 2, &b, NULL) || *p++ != '-' || !take_digits(&p, 2, &c, NULL) || *p)
			return false;
		*out = (struct ymd){ a, b, c };
		return date_valid(*out);
	}
	return date_parse_slashed(s, out);
}

/* "+3d", "-2w", "+1m", "+1y": calendar arithmetic from today; months keep
 * the day where they can, else take the month's last day. */
static bool parse_relative(const char *s, struct ymd today, struct ymd *out)
{
	const char *p = s + 1;
	int n, count;
	if ((*s != '+' && *s != '-') || !take_digits(&p, 6, &n, &count) || !*p || p[1])
		return false;
	if (*s == '-')
		n = -n;
	int64_t days = days_from_civil(today);
	switch (lower((unsigned char)*p)) {
	case 'd':
		*out = civil_from_days(days + n);
		break;
	case 'w':
		*out = civil_from_days(days + 7 * (int64_t)n);
		break;
	case 'm':
	case 'y': {
		int64_t months = (int64_t)today.y * 12 + (today.m - 1) + (lower((unsigned char)*p) == 'y' ? 12 * (int64_t)n : n);
		if (months < 12 || months > 9999 * 12 + 11)
			return false;
		out->y = (int)(months / 12);
		out->m = (int)(months % 12) + 1;
		out->d = today.d < month_days(out->y, out->m) ? today.d : month_days(out->y, out->m);
		break;
	}
	default:
		return false;
	}
	return date_valid(*out);
}

bool date_parse_day(const char *text, int64_t now, struct ymd *out)
{
	char *s = str_trim(xstrdup(text));
	struct ymd today;
	bool ok = false;
	for (char *p = s; *p; p++)
		*p = (char)lower((unsigned char)*p);
	if (!local_ymd(now, &today)) {
		ok = date_parse_calendar(s, out);
	} else if (!strcmp(s, "today")) {
		*out = today;
		ok = true;
	} else if (!strcmp(s, "tomorrow") || !strcmp(s, "yesterday")) {
		*out = civil_from_days(days_from_civil(today) + (s[0] == 't' ? 1 : -1));
		ok = true;
	} else if (!strcmp(s, "eom")) {
		*out = (struct ymd){ today.y, today.m, month_days(today.y, today.m) };
		ok = true;
	} else if (!strcmp(s, "eow")) {
		/* the Sunday ending this ISO week (Monday to Sunday); today on a Sunday */
		int64_t days = days_from_civil(today);
		int weekday = (int)(((days + 4) % 7 + 7) % 7); /* 0: Sunday */
		*out = civil_from_days(days + (7 - weekday) % 7);
		ok = true;
	} else if (*s == '+' || *s == '-') {
		ok = parse_relative(s, today, out);
	} else {
		ok = date_parse_calendar(s, out);
	}
	free(s);
	return ok && date_valid(*out);
}

bool edit_parse_date(const char *text, int64_t now, int64_t *out)
{
	struct ymd d;
	return text && out && date_parse_day(text, now, &d) && local_midnight(d, out);
}

/* ---- text of a day ------------------------------------------------------- */

char *date_iso_text(struct ymd d)
{
	return xasprintf("%04d-%02d-%02d", d.y, d.m, d.d);
}

char *date_local_text(int64_t unix_time)
{
	struct ymd d;
	return local_ymd(unix_time, &d) && date_valid(d) ? date_iso_text(d)
		: xasprintf("%" PRId64, unix_time);
}

char *date_close_text(struct ymd d)
{
	return xasprintf("%02d/%02d/%04d", d.m, d.d, d.y);
}

char *edit_close_date_string(int64_t unix_time)
{
	struct ymd d;
	if (!local_ymd(unix_time, &d) || !date_valid(d))
		return NULL;
	return date_close_text(d);
}
