/* utf8.h: the text poshan takes in is UTF-8 without NUL bytes (STYLE.md,
 * "Input from the real world"); these say where a text breaks that, and where
 * a cut may fall without halving a character. The readers (csvread, jsonread)
 * and the error records use them. */
#ifndef POSHAN_UTF8_H
#define POSHAN_UTF8_H

#include <stddef.h>

/* What is wrong with text (size bytes): NULL when it is UTF-8 without NUL bytes,
 * else a phrase for a clerk ("a NUL byte", "bytes that are not UTF-8"), with
 * *at the offset of the first bad byte. */
const char *poshan_text_problem(const char *text, size_t size, size_t *at);

/* The longest prefix of text (size bytes) of at most max bytes that ends on a
 * character boundary. */
size_t poshan_utf8_cut(const char *text, size_t size, size_t max);

/* Characters (not bytes) in the first size bytes of UTF-8 text. */
size_t poshan_utf8_chars(const char *text, size_t size);

#endif
