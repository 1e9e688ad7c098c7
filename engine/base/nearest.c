/* nearest.c: the closest known word, for "did you mean" (see nearest.h). */
#include "nearest.h"

#include <ctype.h>
#include <string.h>

size_t poshan_edit_distance(const char *a, size_t n, const char *b, size_t m) {
    if (n > 63) n = 63;
    if (m > 63) m = 63;
    size_t row[64];
    for (size_t j = 0; j <= m; j++) row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = diag + cost;
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

const char *poshan_nearest_word(const char *text, const char *const *words, size_t n) {
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = poshan_edit_distance(text, strlen(text), words[i], strlen(words[i]));
        if (d < best_d) {
            best_d = d;
            best = words[i];
        }
    }
    return best;
}
