/* utf8.h: the one UTF-8 decoder: sequence lengths and cuts at a character
 * boundary. */
#ifndef SHARED_UTF8_H
#define SHARED_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The length in bytes (1-4) of the well-formed UTF-8 sequence at s (RFC
 * 3629 §4: no overlong forms, no surrogates, nothing past U+10FFFF), or 0
 * if s does not start one (also at the terminating NUL). Cannot fail.
 */
size_t	utf8_seq(const char *s);
/*
 * The length of the longest prefix of s of at most max bytes that does not
 * end inside a character (for "%.*s"): a cut there never splits a UTF-8
 * sequence. Bytes that are not UTF-8 count as one character each.
 */
size_t	utf8_prefix(const char *s, size_t max);
/*
 * True if the len bytes at s are well-formed UTF-8 as utf8_seq() says (a
 * NUL among them is not); s[len] must be readable, a NUL. Cannot fail.
 */
bool	utf8_valid(const char *s, size_t len);

#endif
