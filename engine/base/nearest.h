/* nearest.h: "did you mean": the known word closest to a misspelt one, for
 * messages that refuse an unknown key and say what would be right. */
#ifndef POSHAN_NEAREST_H
#define POSHAN_NEAREST_H

#include <stddef.h>

/* Edits (insert, delete, change a letter; case ignored) from a[0..n) to b[0..m),
 * counting at most the first 63 bytes of each. */
size_t poshan_edit_distance(const char *a, size_t n, const char *b, size_t m);

/* The word of words[0..n) closest to text, or NULL when n is 0. */
const char *poshan_nearest_word(const char *text, const char *const *words, size_t n);

#endif
