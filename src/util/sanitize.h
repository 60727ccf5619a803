/*
 * sanitize.h - the one gate between untrusted text and the terminal.
 *
 * Every string that came from the server (or from a file the user did not
 * write) passes through here before a draw call: escape sequences (CSI, OSC,
 * DCS, APC, PM, SOS and two-byte ESC forms, in 7-bit and 8-bit form) are
 * removed whole, other C0/C1 control characters and bidi overrides are
 * removed or replaced, and invalid UTF-8 becomes U+FFFD.  The result is
 * always valid UTF-8 with no byte below 0x20 except '\n' where allowed.
 */
#ifndef PATINA_SANITIZE_H
#define PATINA_SANITIZE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Single-line text: newlines and tabs become spaces. Caller frees. */
char *sanitize_line(const char *s, size_t len);
/* A message built with printf from parts that may hold server text (a
 * record's name, the server's words), as one sanitized line. Caller frees. */
char *sanitize_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *sanitize_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Multi-line text: '\n' kept ("\r\n" and lone '\r' become '\n'), tabs become
 * four spaces. Caller frees. */
char *sanitize_text(const char *s, size_t len);

/* Decodes one UTF-8 code point at s (n bytes available). Returns its length
 * in bytes (>= 1) and stores the code point, or U+FFFD for a bad sequence
 * (consuming one byte). */
size_t utf8_decode(const char *s, size_t n, unsigned *cp);

/* Encodes code point cp as UTF-8 into out (room for 4 bytes); returns the
 * length, 0 for a surrogate or a value past U+10FFFF. */
size_t utf8_encode(unsigned cp, char *out);

/* The longest prefix of s (len bytes) of at most max bytes that does not
 * split a UTF-8 sequence: its length. */
size_t utf8_cut(const char *s, size_t len, size_t max);

/* Display width in terminal columns of sanitized UTF-8 text (wcwidth() of
 * each code point under the current locale; unknown widths count as 1). */
int text_width(const char *s);
/* Number of bytes of s that fit in max_cols columns, never splitting a code
 * point; *cols receives the width used. */
size_t text_fit(const char *s, int max_cols, int *cols);

#endif
