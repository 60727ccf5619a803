/*
 * number.h - numbers as people type them, for the edit form and the
 * filter language alike: "12500", "12,500.50", "-3.5", ".5", and with a
 * multiplier "10k", "1.5m", "2B".
 *
 * By hand, not strtod: that follows LC_NUMERIC and accepts exponents, hex,
 * inf and nan. At most 15 significant digits, so the value is exact before
 * its one division.
 */
#ifndef PATINA_NUMBER_H
#define PATINA_NUMBER_H

#include <stdbool.h>

/* ',' only as a thousands separator (groups of three, before the point);
 * a sign in front; an optional k, m or b (any case) at the end for
 * thousands, millions, billions. False on anything else. */
bool number_parse(const char *s, double *out);

#endif
