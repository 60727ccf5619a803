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

/* ---- moments: a day and a time of day ------------------------------------ */

static const char *const weekdays[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"
};

/* 0 (Sunday) to 6 of a day. */
static int weekday_of(struct ymd d)
{
	return (int)(((days_from_civil(d) + 4) % 7 + 7) % 7);
}

/* "mon", "monday", "Tues"...: the weekday, or -1. At least three letters. */
static int parse_weekday(const char *s)
{
	size_t n = strlen(s);
	for (int i = 0; i < 7 && n >= 3; i++)
		if (!strncmp(weekdays[i], s, n))
			return i;
	return -1;
}

/* A weekday relative to today: which < 0 the one before today, 0 the
 * latest up to today, > 0 the one after today. */
static struct ymd weekday_near(struct ymd today, int weekday, int which)
{
	int64_t days = days_from_civil(today);
	int back = ((weekday_of(today) - weekday) % 7 + 7) % 7;
	if (which > 0)
		return civil_from_days(days + (7 - back));
	if (which < 0 && back == 0)
		back = 7;
	return civil_from_days(days - back);
}

/* "15:30", "9am", "9:30pm", "12am", "noon": hour and minute. */
static bool parse_time_of_day(const char *s, int *hour, int *minute)
{
	const char *p = s;
	int h, m = 0, n;
	if (!strcmp(s, "noon")) {
		*hour = 12;
		*minute = 0;
		return true;
	}
	if (!take_digits(&p, 2, &h, NULL))
		return false;
	bool colon = *p == ':';
	if (colon && (p++, !take_digits(&p, 2, &m, &n) || n != 2))
		return false;
	if (!strcmp(p, "am") || !strcmp(p, "pm")) {
		if (h < 1 || h > 12 || m > 59)
			return false;
		*hour = h % 12 + (p[0] == 'p' ? 12 : 0);
	} else {
		/* a bare number is no time: "15" could be a day as well */
		if (*p || !colon || h > 23 || m > 59)
			return false;
		*hour = h;
	}
	*minute = m;
	return true;
}

/* A day as date_parse_day reads it, or a weekday ("mon", "last mon",
 * "next mon"). s is lowercase and trimmed. */
static bool parse_moment_day(const char *s, struct ymd today, int64_t now, struct ymd *out)
{
	int which = 0;
	if (!strncmp(s, "last ", 5) || !strncmp(s, "next ", 5)) {
		which = s[0] == 'l' ? -1 : 1;
		s += 5;
	}
	int w = parse_weekday(s);
	if (w >= 0) {
		*out = weekday_near(today, w, which);
		return true;
	}
	return !which && date_parse_day(s, now, out);
}

/* The Unix time of a local day at hour:minute (mktime settles a time a DST
 * change skips). */
static bool local_moment(struct ymd d, int hour, int minute, int64_t *out)
{
	struct tm tm;
	date_to_tm(d, &tm);
	tm.tm_hour = hour;
	tm.tm_min = minute;
	tzset();
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return false;
	*out = (int64_t)t;
	return true;
}

/* "-2h", "+1h", "-30min": from now, to the second. */
static bool parse_offset(const char *s, int64_t now, int64_t *out)
{
	const char *p = s + 1;
	int n, count;
	if ((*s != '+' && *s != '-') || !take_digits(&p, 6, &n, &count))
		return false;
	int64_t unit = !strcmp(p, "h") ? 3600 : !strcmp(p, "min") ? 60 : 0;
	if (!unit)
		return false;
	*out = now + (*s == '-' ? -1 : 1) * unit * n;
	return true;
}

bool date_parse_moment(const char *text, int64_t now, int64_t *out)
{
	if (!text || !out)
		return false;
	/* lowercase, trimmed, blanks (and an ISO 'T') made single spaces */
	char *s = str_trim(xstrdup(text)), *w = s;
	for (const char *r = s; *r; r++) {
		char c = (char)lower((unsigned char)*r);
		if (c == 't' && r > s && r[-1] >= '0' && r[-1] <= '9' && r[1] >= '0' && r[1] <= '9')
			c = ' ';
		if (c == ' ' || c == '\t' || c == '\n')
			c = ' ';
		if (c != ' ' || (w > s && w[-1] != ' '))
			*w++ = c;
	}
	*w = '\0';
	struct ymd today, day;
	struct tm clock;
	time_t tt = (time_t)now;
	bool ok = false;
	int hour, minute;
	tzset();
	if (!strcmp(s, "now")) {
		*out = now;
		ok = true;
	} else if (parse_offset(s, now, out)) {
		ok = true;
	} else if ((int64_t)tt != now || !localtime_r(&tt, &clock) || !local_ymd(now, &today)) {
		ok = false; /* a clock the C library cannot represent */
	} else if (parse_time_of_day(s, &hour, &minute)) {
		ok = local_moment(today, hour, minute, out);
	} else {
		char *space = strrchr(s, ' ');
		if (space && parse_time_of_day(space + 1, &hour, &minute)) {
			*space = '\0';
			ok = parse_moment_day(s, today, now, &day) && local_moment(day, hour, minute, out);
		} else {
			/* a day alone: at the time of day it is now */
			ok = parse_moment_day(s, today, now, &day) &&
			     local_moment(day, clock.tm_hour, clock.tm_min, out);
		}
	}
	free(s);
	return ok;
}

static bool local_clock(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;
	tzset();
	return (int64_t)tt == t && localtime_r(&tt, tm) && tm->tm_year + 1900 >= 1 &&
	       tm->tm_year + 1900 <= 9999;
}

char *date_moment_text(int64_t unix_time)
{
	struct tm tm;
	if (!local_clock(unix_time, &tm))
		return xasprintf("%" PRId64, unix_time);
	return xasprintf("%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min);
}

char *date_moment_long_text(int64_t unix_time)
{
	struct tm tm;
	if (!local_clock(unix_time, &tm) || tm.tm_wday < 0 || tm.tm_wday > 6)
		return xasprintf("%" PRId64, unix_time);
	return xasprintf("%c%.2s %04d-%02d-%02d %02d:%02d", weekdays[tm.tm_wday][0] - 32,
			 weekdays[tm.tm_wday] + 1, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min);
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
