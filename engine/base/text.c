/* text.c: checking UTF-8, counting and cutting it by characters, the columns
 * it takes on a terminal, and edit distance (see text.h). The rules of
 * well-formed UTF-8 are RFC 3629 section 4: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF. */
#define _GNU_SOURCE /* newlocale, uselocale */
#include "text.h"

#include <ctype.h>
#include <locale.h>
#include <pthread.h>
#include <string.h>
#include <wchar.h>

/* A continuation byte of a UTF-8 sequence is 10xxxxxx. */
static int continues(unsigned char c) { return (c & 0xC0) == 0x80; }

/* The length of the well-formed character at s (n bytes left), or 0. */
static size_t char_length(const unsigned char *s, size_t n) {
    if (s[0] < 0x80) return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  /* the second byte's range */
    if (s[0] >= 0xC2 && s[0] <= 0xDF) len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        len = 3;
        if (s[0] == 0xE0) lo = 0xA0;       /* overlong */
        if (s[0] == 0xED) hi = 0x9F;       /* surrogates */
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4;
        if (s[0] == 0xF0) lo = 0x90;       /* overlong */
        if (s[0] == 0xF4) hi = 0x8F;       /* above U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

const char *poshan_text_problem(const char *text, size_t size, size_t *at) {
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < size;) {
        if (s[i] >= 0x80) {
            size_t len = char_length(s + i, size - i);
            if (len == 0) {
                *at = i;
                return "bytes that are not UTF-8";
            }
            i += len;
        } else if (s[i] == 0) {
            *at = i;
            return "a NUL byte";
        } else {
            i++;
        }
    }
    return NULL;
}

size_t poshan_utf8_cut(const char *text, size_t size, size_t max) {
    if (size <= max) return size;
    size_t n = max;
    /* back over continuation bytes to the start of the character cut in two */
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
    return n;
}

size_t poshan_utf8_chars(const char *text, size_t size) {
    size_t chars = 0;
    for (size_t i = 0; i < size; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) chars++;
    return chars;
}

size_t poshan_utf8_prefix(const char *s, size_t max_chars) {
    size_t i = 0, chars = 0;
    while (s[i]) {
        if (!continues((unsigned char)s[i]) && chars++ == max_chars) break;
        i++;
    }
    return i;
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

/* ---- display width ---------------------------------------------------- */

/* wcwidth() follows LC_CTYPE, which the program may leave as "C" (where every
 * Devanagari byte is unprintable); the width is asked under C.UTF-8, made once. */
static locale_t utf8_locale;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;
static void make_utf8_locale(void) {
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (utf8_locale == (locale_t)0) utf8_locale = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
}

size_t poshan_text_width(const char *text) {
    pthread_once(&utf8_once, make_utf8_locale);
    size_t width = 0, n = strlen(text);
    if (utf8_locale == (locale_t)0) return poshan_utf8_chars(text, n);
    locale_t previous = uselocale(utf8_locale);
    mbstate_t state;
    memset(&state, 0, sizeof state);
    while (n > 0) {
        wchar_t wc;
        size_t len = mbrtowc(&wc, text, n, &state);
        if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
            memset(&state, 0, sizeof state);
            width++, text++, n--;
            continue;
        }
        int w = wcwidth(wc);
        width += w < 0 ? 1 : (size_t)w;
        text += len, n -= len;
    }
    uselocale(previous);
    return width;
}
