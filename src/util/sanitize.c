/* sanitize.c - see sanitize.h */
#include "config.h"

#include "util/sanitize.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define ESC 0x1b
#define REPLACEMENT "\xef\xbf\xbd"

size_t utf8_decode(const char *str, size_t n, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	size_t len;
	unsigned min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2, min = 0x80, c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, min = 0x800, c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		goto bad;
	}
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

/* Bidi embeddings, overrides and isolates can make text render in an order
 * other than the one stored, which is a spoofing tool; drop them. */
static bool is_bidi_control(unsigned cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Skips an escape sequence whose introducer has been consumed. kind is the
 * character after ESC (or the 8-bit C1 equivalent minus 0x40). Returns the
 * index just past the sequence. */
static size_t skip_sequence(const char *s, size_t n, size_t i, unsigned kind)
{
	switch (kind) {
	case '[': /* CSI: parameters and intermediates, then one final byte */
		while (i < n) {
			unsigned char c = (unsigned char)s[i++];
			if (c >= 0x40 && c <= 0x7e)
				break;
			if (c < 0x20 && c != ESC)
				break;
		}
		return i;
	case ']': case 'P': case 'X': case '^': case '_':
		/* string sequences: up to BEL or ST (ESC \ or 8-bit 0x9c) */
		while (i < n) {
			unsigned char c = (unsigned char)s[i];
			if (c == 0x07)
				return i + 1;
			if (c == ESC)
				return (i + 1 < n && s[i + 1] == '\\') ? i + 2 : i + 1;
			if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0x9c)
				return i + 2;
			i++;
		}
		return i;
	default:
		/* ESC then a final byte (0x30-0x7e), already consumed, or
		 * intermediates (0x20-0x2f) and then a final byte */
		if (kind < 0x20 || kind > 0x2f)
			return i;
		while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x2f)
			i++;
		if (i < n && (unsigned char)s[i] >= 0x30 && (unsigned char)s[i] <= 0x7e)
			i++;
		return i;
	}
}

static char *sanitize(const char *s, size_t len, bool multiline)
{
	struct strbuf out = {0};
	sb_reserve(&out, len);
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == ESC) {
			i++;
			if (i < len)
				i = skip_sequence(s, len, i + 1, (unsigned char)s[i]);
			continue;
		}
		unsigned cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (cp >= 0x80 && cp <= 0x9f) {
			/* 8-bit C1 controls: CSI, OSC, DCS... start sequences too */
			i += n;
			if (cp == 0x9b || cp == 0x9d || cp == 0x90 || cp == 0x98 ||
			    cp == 0x9e || cp == 0x9f)
				i = skip_sequence(s, len, i, cp == 0x9b ? '[' : ']');
			continue;
		}
		if (cp == '\r') {
			i++;
			if (i < len && s[i] == '\n')
				i++;
			sb_putc(&out, multiline ? '\n' : ' ');
			continue;
		}
		if (cp == '\n') {
			i++;
			sb_putc(&out, multiline ? '\n' : ' ');
			continue;
		}
		if (cp == '\t') {
			i++;
			sb_puts(&out, multiline ? "    " : " ");
			continue;
		}
		if (cp < 0x20 || cp == 0x7f || is_bidi_control(cp)) {
			i += n;
			continue;
		}
		if (cp == 0xfffd && n == 1 && c >= 0x80)
			sb_puts(&out, REPLACEMENT);
		else
			sb_append(&out, s + i, n);
		i += n;
	}
	return sb_detach(&out);
}

char *sanitize_line(const char *s, size_t len)
{
	return sanitize(s, len, false);
}

char *sanitize_vprintf(const char *fmt, va_list ap)
{
	char *raw = xvasprintf(fmt, ap);
	char *clean = sanitize(raw, strlen(raw), false);
	free(raw);
	return clean;
}

char *sanitize_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *clean = sanitize_vprintf(fmt, ap);
	va_end(ap);
	return clean;
}

char *sanitize_text(const char *s, size_t len)
{
	return sanitize(s, len, true);
}

static int codepoint_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int text_width(const char *s)
{
	int cols = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		i += utf8_decode(s + i, n - i, &cp);
		cols += codepoint_width(cp);
	}
	return cols;
}

size_t text_fit(const char *s, int max_cols, int *cols)
{
	int used = 0;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		int w = codepoint_width(cp);
		if (used + w > max_cols)
			break;
		used += w;
		i += len;
	}
	if (cols)
		*cols = used;
	return i;
}

size_t utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

size_t utf8_encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if ((cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}
