/*
 * format.h - values as people read them: dates, money and plain numbers.
 *
 * The detail view (fields_render.c), the list columns, the board and the
 * edit form show values the same way through these. Every result is sanitized
 * single-line text, malloc'd: the caller frees it.
 *
 * Dates are strftime "%e %b %Y" (the leading blank dropped) in the local
 * time zone and LC_TIME: "23 Jan 2017" under TZ=UTC, LC_TIME=C. Numbers
 * always use '.' for decimals and ',' between thousands, whatever
 * LC_NUMERIC says, so that what is shown can be typed back.
 *
 * The names keep the fields_ prefix they were born with; fields.h includes
 * this header.
 */
#ifndef PATINA_FORMAT_H
#define PATINA_FORMAT_H

#include <cjson/cJSON.h>
#include <stdint.h>

/* A Unix time as a date in the local time zone and LC_TIME, "%e %b %Y"
 * without the leading blank ("23 Jan 2017" under TZ=UTC, LC_TIME=C);
 * the number itself when the C library cannot represent it. */
char *fields_format_date(int64_t unix_time);
/* Copper's "MM/DD/YYYY" date string (an opportunity's close_date) in the
 * same format as fields_format_date(); "DD/MM/YYYY" is assumed only when
 * the first part cannot be a month.  NULL when s is not such a date.
 * Spaces around it are ignored. */
char *fields_format_date_string(const char *s);
/* "250,000 USD", "1,000.50 USD", "-12.25" (currency NULL or ""). The
 * currency is sanitized. Not-a-number and infinities give "(not a number)". */
char *fields_format_money(double value, const char *currency);
/* A plain number: integers without decimals, else up to 15 significant
 * digits ("1.5", "250000"). */
char *fields_format_number(double value);

/* How much of an unexpected value's JSON is shown (json_compact()). */
#define FORMAT_RAW_MAX 200
/* A value that should be a scalar, on one line: a string sanitized and
 * trimmed, a number as fields_format_number(), true and false as "Yes" and
 * "No", nothing (absent or null) as ""; anything else as its compact JSON,
 * cut to FORMAT_RAW_MAX bytes. */
char *fields_format_scalar(const cJSON *v);
/* A contact entry (an email, a phone number...) as "value (category)",
 * both sanitized and trimmed; the value alone when either is empty or the
 * category is NULL. value is not NULL. */
char *fields_format_contact(const char *value, const char *category);

#endif
