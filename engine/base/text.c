/* text.c: counting and cutting UTF-8 by characters, and edit distance (see text.h). */
#include "text.h"

#include <ctype.h>
#include <string.h>

/* A continuation byte of a UTF-8 sequence is 10xxxxxx. */
static int continues(unsigned char c) { return (c & 0xC0) == 0x80; }

size_t poshan_utf8_chars(const char *s) {
    size_t n = 0;
    for (; *s; s++) n += !continues((unsigned char)*s);
    return n;
}

size_t poshan_utf8_prefix(const char *s, size_t max_chars) {
    size_t i = 0, chars = 0;
    while (s[i]) {
        if (!continues((unsigned char)s[i]) && chars++ == max_chars) break;
        i++;
    }
    return i;
}

void poshan_utf8_mend_cut(char *s) {
    size_t n = strlen(s), start = n;
    while (start > 0 && continues((unsigned char)s[start - 1])) start--;
    if (start == 0 || n == 0) return;
    unsigned char lead = (unsigned char)s[start - 1];
    /* a lead byte 110xxxxx, 1110xxxx or 11110xxx starts 2, 3 or 4 bytes */
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (start - 1) < need) s[start - 1] = '\0';
}

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
