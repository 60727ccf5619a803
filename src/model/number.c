/* number.c - see number.h */
#include "config.h"

#include "model/number.h"

#include <stdint.h>

static double multiplier(char c)
{
	switch (c) {
	case 'k': case 'K': return 1e3;
	case 'm': case 'M': return 1e6;
	case 'b': case 'B': return 1e9;
	default: return 0;
	}
}

bool number_parse(const char *s, double *out)
{
	const char *p = s;
	bool negative = false;
	int64_t mant = 0;
	int digits = 0, intdigits = 0, group = -1, frac = 0;

	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			if (!intdigits || (group < 0 ? intdigits > 3 : group != 3))
				return false;
			group = 0;
			continue;
		}
		if (++digits > 15)
			return false;
		mant = mant * 10 + (*p - '0');
		intdigits++;
		if (group >= 0)
			group++;
	}
	if (group >= 0 && group != 3)
		return false;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, frac++) {
			if (++digits > 15)
				return false;
			mant = mant * 10 + (*p - '0');
		}
		if (!frac)
			return false;
	}
	double mult = 1;
	if (*p && multiplier(*p))
		mult = multiplier(*p++);
	if (*p || !digits)
		return false;
	double v = (double)mant, scale = 1;
	for (int k = 0; k < frac; k++)
		scale *= 10;
	v = v * mult / scale;
	*out = negative && v != 0 ? -v : v;
	return true;
}
