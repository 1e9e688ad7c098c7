/* text.h: text as people read it: UTF-8 counted in characters (a Devanagari
 * letter is three bytes but one character), cut on character boundaries, and
 * how far apart two words are (for "did you mean"). It does not check that
 * text is valid UTF-8: the readers refuse invalid text before it gets here. */
#ifndef POSHAN_TEXT_H
#define POSHAN_TEXT_H

#include <stddef.h>

/* The number of characters (code points) in s: bytes that do not continue a
 * UTF-8 sequence. */
size_t poshan_utf8_chars(const char *s);

/* How many bytes of s hold its first max_chars characters (all of s when it
 * has fewer): a cut there never splits a character. */
size_t poshan_utf8_prefix(const char *s, size_t max_chars);

/* Drops an incomplete character from the end of s, where a cut by bytes
 * (snprintf into a full buffer) may have split one. */
void poshan_utf8_mend_cut(char *s);

/* Levenshtein distance between a[0..n) and b[0..m), ASCII letters compared
 * case-blind; each side is cut to its first 63 bytes. */
size_t poshan_edit_distance(const char *a, size_t n, const char *b, size_t m);

/* The word of words[0..n) closest to text ("did you mean"), or NULL when n is 0. */
const char *poshan_nearest_word(const char *text, const char *const *words, size_t n);

#endif
