/* text.h: text as people read it. The text poshan takes in is UTF-8 without
 * NUL bytes (STYLE.md, "Input from the real world"): the readers (csvread,
 * jsonread, the server's query arguments) ask poshan_text_problem and refuse
 * what breaks that. Text is counted in characters (a Devanagari letter is three
 * bytes but one character) and cut on character boundaries; and how far apart
 * two words are, for "did you mean". */
#ifndef POSHAN_TEXT_H
#define POSHAN_TEXT_H

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

/* How many bytes of s hold its first max_chars characters (all of s when it
 * has fewer): a cut there never splits a character. */
size_t poshan_utf8_prefix(const char *s, size_t max_chars);

/* Columns text takes on a terminal: wcwidth() of each character under a UTF-8
 * locale, whatever the process's own locale is. Marks written above or below a
 * letter (Devanagari ं ् ु, U+0902, U+094D, U+0941) take none, wide CJK glyphs two;
 * a byte that is not UTF-8, or a control character, counts as one. */
size_t poshan_text_width(const char *text);

/* Levenshtein distance between a[0..n) and b[0..m), ASCII letters compared
 * case-blind; each side is cut to its first 63 bytes. */
size_t poshan_edit_distance(const char *a, size_t n, const char *b, size_t m);

/* The word of words[0..n) closest to text ("did you mean"), or NULL when n is 0. */
const char *poshan_nearest_word(const char *text, const char *const *words, size_t n);

#endif
