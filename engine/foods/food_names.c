/* food_names.c: finding foods by what people call them (see foods.h).
 *
 * IFCT's local names come as "B., Kash., H. Arhar dal; E. Pigeon pea; ...":
 * language tags, then names separated by commas. A menu may name a food by
 * its code, an alias of nutrients/aliases.csv, its English name or one of those
 * local names, in that order of trust: the alias table is what an office means by
 * a market name, so it wins over a local name that happens to be spelt the same
 * (IFCT gives "Aalu" as a Sanskrit name of yam). A name that fits two foods
 * equally is refused rather than guessed, because a wrong guess would silently
 * change a child's nutrients. */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "foods.h"
#include "i18n.h"
#include "text.h"

const char *poshan_match_kind_name(poshan_match_kind kind) {
    static const char *const names[] = {"code", "alias", "name", "local name", "whole words",
                                        "start of a word", "part of a name", "close spelling", "none"};
    return names[kind <= POSHAN_MATCH_NONE ? kind : POSHAN_MATCH_NONE];
}

/* Calls fn on each name of a list, trimmed, with language tags removed.
 * Stops early when fn returns nonzero. */
typedef int (*name_fn)(void *ctx, const char *name, size_t len, poshan_match_kind kind);

static int is_language_tag(const char *s, size_t len) {
    /* "H.", "Kash.", "B.": letters then a dot */
    if (len < 2 || s[len - 1] != '.') return 0;
    for (size_t i = 0; i + 1 < len; i++)
        if (!isalpha((unsigned char)s[i])) return 0;
    return len <= 6;
}

static int each_piece(const char *list, poshan_match_kind kind, name_fn fn, void *ctx) {
    const char *p = list;
    while (*p) {
        const char *end = p;
        while (*end && *end != ';' && *end != ',') end++;
        const char *a = p, *b = end;
        while (a < b && isspace((unsigned char)*a)) a++;
        /* drop leading language tags such as "H. " */
        for (;;) {
            const char *t = a;
            while (t < b && !isspace((unsigned char)*t) && *t != ',') t++;
            if (t < b && is_language_tag(a, (size_t)(t - a))) {
                a = t;
                while (a < b && isspace((unsigned char)*a)) a++;
            } else {
                break;
            }
        }
        while (b > a && (isspace((unsigned char)b[-1]) || b[-1] == '.')) b--;
        if (b > a && !is_language_tag(a, (size_t)(b - a) + 1) && fn(ctx, a, (size_t)(b - a), kind))
            return 1;
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* Every name of a food with the kind of match an exact fit would be. */
static int each_name(const poshan_food *f, name_fn fn, void *ctx) {
    if (fn(ctx, f->code, strlen(f->code), POSHAN_MATCH_CODE)) return 1;
    if (each_piece(f->aliases, POSHAN_MATCH_ALIAS, fn, ctx)) return 1;
    if (fn(ctx, f->name, strlen(f->name), POSHAN_MATCH_NAME)) return 1;
    if (each_piece(f->name, POSHAN_MATCH_NAME, fn, ctx)) return 1; /* "Rice" of "Rice, raw, milled" */
    return each_piece(f->local_names, POSHAN_MATCH_LOCAL, fn, ctx);
}

/* ---- how well one name fits ---------------------------------------------- */

static int is_word_byte(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* The next word of s[0..len) from *at: its start and length; 0 when none is left. */
static int next_word(const char *s, size_t len, size_t *at, const char **word, size_t *wlen) {
    size_t i = *at;
    while (i < len && !is_word_byte((unsigned char)s[i])) i++;
    if (i >= len) return 0;
    size_t j = i;
    while (j < len && is_word_byte((unsigned char)s[j])) j++;
    *word = s + i;
    *wlen = j - i;
    *at = j;
    return 1;
}

static int has_word(const char *name, size_t len, const char *w, size_t wlen) {
    size_t at = 0;
    const char *word;
    size_t n;
    while (next_word(name, len, &at, &word, &n))
        if (n == wlen && strncasecmp(word, w, n) == 0) return 1;
    return 0;
}

static int all_words_in(const char *name, size_t len, const char *text, size_t tlen) {
    size_t at = 0, count = 0;
    const char *w;
    size_t n;
    while (next_word(text, tlen, &at, &w, &n)) {
        if (!has_word(name, len, w, n)) return 0;
        count++;
    }
    return count > 0;
}

static int a_word_starts_with(const char *name, size_t len, const char *text, size_t tlen) {
    if (len >= tlen && strncasecmp(name, text, tlen) == 0) return 1;
    size_t at = 0;
    const char *w;
    size_t n;
    while (next_word(name, len, &at, &w, &n))
        if (n >= tlen && strncasecmp(w, text, tlen) == 0) return 1;
    return 0;
}

static int contains(const char *name, size_t len, const char *text, size_t tlen) {
    for (size_t i = 0; i + tlen <= len; i++)
        if (strncasecmp(name + i, text, tlen) == 0) return 1;
    return 0;
}

/* Typing slips allowed: none in a short name, one from 4 letters, two from 8. */
static size_t slips_allowed(size_t tlen) { return tlen >= 8 ? 2 : tlen >= 4 ? 1 : 0; }

typedef struct fit_ctx {
    const char *text;
    size_t tlen;
    int fuzzy;                /* also try typing slips */
    poshan_match_kind best;
    size_t distance;          /* of the best fuzzy fit, to rank them */
    poshan_match_kind source; /* what the fitting name is: an English name before a local one */
    const char *name;         /* the name that fitted best */
    size_t name_len;
} fit_ctx;

static void fit_take(fit_ctx *c, poshan_match_kind kind, poshan_match_kind source, const char *name,
                     size_t len, size_t distance) {
    if (kind < c->best || (kind == c->best && distance < c->distance) ||
        (kind == c->best && distance == c->distance && source < c->source)) {
        c->best = kind;
        c->distance = distance;
        c->source = source;
        c->name = name;
        c->name_len = len;
    }
}

static int fit_name(void *ctx, const char *name, size_t len, poshan_match_kind exact) {
    fit_ctx *c = ctx;
    if (len == c->tlen && strncasecmp(name, c->text, len) == 0) {
        fit_take(c, exact, exact, name, len, 0);
        return exact == POSHAN_MATCH_CODE;
    }
    if (exact == POSHAN_MATCH_CODE) return 0;   /* a code matches whole or not at all */
    if (c->best < POSHAN_MATCH_WORDS) return 0;
    if (all_words_in(name, len, c->text, c->tlen)) fit_take(c, POSHAN_MATCH_WORDS, exact, name, len, 0);
    else if (a_word_starts_with(name, len, c->text, c->tlen)) fit_take(c, POSHAN_MATCH_PREFIX, exact, name, len, 0);
    else if (contains(name, len, c->text, c->tlen)) fit_take(c, POSHAN_MATCH_PART, exact, name, len, 0);
    else if (c->fuzzy && c->best >= POSHAN_MATCH_FUZZY) {
        size_t slips = slips_allowed(c->tlen);
        if (slips == 0) return 0;
        /* a name whose length is more slips away than allowed cannot be that close */
        size_t d = (len > c->tlen ? len - c->tlen : c->tlen - len) <= slips
                       ? poshan_edit_distance(c->text, c->tlen, name, len) : (size_t)-1;
        /* "masur" against the word "Masoor" of "Masoor dal" too */
        size_t at = 0;
        const char *w;
        size_t n;
        while (next_word(name, len, &at, &w, &n)) {
            if ((n > c->tlen ? n - c->tlen : c->tlen - n) > slips) continue;
            size_t dw = poshan_edit_distance(c->text, c->tlen, w, n);
            if (dw < d) d = dw;
        }
        if (d <= slips) fit_take(c, POSHAN_MATCH_FUZZY, exact, name, len, d);
    }
    return 0;
}

/* Whether the first word of text appears anywhere in the food's names: every kind of
 * match but a code or a typing slip needs it, and one search of three strings is far
 * cheaper than taking each of a food's twenty names apart. */
static int might_fit(const poshan_food *f, const char *text, size_t tlen) {
    size_t at = 0, n;
    const char *w;
    char word[64];
    if (!next_word(text, tlen, &at, &w, &n)) return 1;
    if (n >= sizeof word) n = sizeof word - 1;
    memcpy(word, w, n);
    word[n] = '\0';
    return strcasestr(f->name, word) || strcasestr(f->local_names, word) || strcasestr(f->aliases, word);
}

static void fit_food(const poshan_food *f, const char *text, int fuzzy, poshan_food_match *out,
                     size_t *distance, poshan_match_kind *source) {
    fit_ctx c = {.text = text, .tlen = strlen(text), .fuzzy = fuzzy, .best = POSHAN_MATCH_NONE,
                 .distance = (size_t)-1, .source = POSHAN_MATCH_NONE};
    while (c.tlen > 0 && isspace((unsigned char)c.text[0])) c.text++, c.tlen--;
    while (c.tlen > 0 && isspace((unsigned char)c.text[c.tlen - 1])) c.tlen--;
    if (c.tlen > 0 && !fuzzy && !might_fit(f, c.text, c.tlen)) {
        if (strlen(f->code) == c.tlen && strncasecmp(f->code, c.text, c.tlen) == 0)
            fit_take(&c, POSHAN_MATCH_CODE, POSHAN_MATCH_CODE, f->code, c.tlen, 0);
    } else if (c.tlen > 0) {
        each_name(f, fit_name, &c);
    }
    out->food = f;
    out->kind = c.best;
    size_t n = c.name_len < sizeof out->name ? c.name_len : sizeof out->name - 1;
    memcpy(out->name, c.name ? c.name : "", c.name ? n : 0);
    out->name[c.name ? n : 0] = '\0';
    *distance = c.distance;
    *source = c.source;
}

const char *poshan_nearest_name(const char *text, const char *const *names, size_t count) {
    const char *best = poshan_nearest_word(text, names, count);
    size_t tlen = strlen(text);
    if (best == NULL) return NULL;
    /* "gms" is three slips from "grams" and "kg" two: take it only when it is near */
    size_t d = poshan_edit_distance(text, tlen, best, strlen(best));
    return d <= (tlen > 3 ? tlen / 2 + 1 : 2) ? best : NULL;
}

/* ---- ranking --------------------------------------------------------------- */

typedef struct ranked {
    poshan_food_match m;
    size_t distance, order;
    poshan_match_kind source;
} ranked;

static int ranked_cmp(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->m.kind != y->m.kind) return x->m.kind < y->m.kind ? -1 : 1;
    if (x->distance != y->distance) return x->distance < y->distance ? -1 : 1;
    if (x->source != y->source) return x->source < y->source ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Every food that fits, best first; *total how many. Caller frees. */
static ranked *rank_all(const poshan_foods *foods, const char *text, int fuzzy, size_t *total) {
    ranked *all = malloc((foods->count + 1) * sizeof *all);
    size_t n = 0;
    if (all == NULL) { *total = 0; return NULL; }
    for (size_t i = 0; i < foods->count; i++) {
        fit_food(&foods->items[i], text, fuzzy, &all[n].m, &all[n].distance, &all[n].source);
        if (all[n].m.kind == POSHAN_MATCH_NONE) continue;
        all[n].order = i;
        n++;
    }
    qsort(all, n, sizeof *all, ranked_cmp);
    *total = n;
    return all;
}

size_t poshan_foods_search_ranked(const poshan_foods *foods, const char *text,
                                  poshan_food_match *out, size_t max) {
    size_t total;
    ranked *all = rank_all(foods, text, 1, &total);
    for (size_t i = 0; i < total && i < max; i++) out[i] = all[i].m;
    free(all);
    return total;
}

size_t poshan_foods_search(const poshan_foods *foods, const char *text,
                           const poshan_food **out, size_t max) {
    size_t total;
    ranked *all = rank_all(foods, text, 1, &total);
    for (size_t i = 0; i < total && i < max; i++) out[i] = all[i].m.food;
    free(all);
    return total;
}

/* ---- resolving a menu's name ------------------------------------------------ */

/* "B021 (Red gram, dal), B013 (Lentil dal)" from the first k of a ranking. */
static void list_foods(const ranked *all, size_t k, char *out, size_t size) {
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < k && used < size; i++) {
        int n = snprintf(out + used, size - used, "%s%s (%s)", i ? ", " : "", all[i].m.food->code,
                         all[i].m.food->name);
        if (n > 0) used += (size_t)n;
    }
}

poshan_status poshan_foods_resolve_match(const poshan_foods *foods, const char *text, int allow_loose,
                                         poshan_food_match *out, poshan_error *err) {
    const poshan_food *byc = poshan_foods_find(foods, text);
    if (byc) {
        out->food = byc;
        out->kind = POSHAN_MATCH_CODE;
        snprintf(out->name, sizeof out->name, "%s", byc->code);
        return POSHAN_OK;
    }
    /* typing slips only for the suggestions, when nothing else fits */
    size_t total;
    ranked *all = rank_all(foods, text, 0, &total);
    if (all != NULL && total == 0) {
        free(all);
        all = rank_all(foods, text, 1, &total);
    }
    if (all == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, "food", _("out of memory"));
    /* how many foods share the best kind of fit */
    size_t tied = 0;
    while (tied < total && all[tied].m.kind == all[0].m.kind &&
           all[tied].distance == all[0].distance) tied++;
    poshan_status st = POSHAN_OK;
    char list[512];
    if (total > 0 && all[0].m.kind <= POSHAN_MATCH_LOCAL && tied == 1) {
        *out = all[0].m;
    } else if (total > 0 && all[0].m.kind <= POSHAN_MATCH_LOCAL) {
        list_foods(all, tied < 4 ? tied : 4, list, sizeof list);
        st = poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "food",
                              _("'%s' is ambiguous: it is a %s of %s%s; use the food code"), text,
                              poshan_match_kind_name(all[0].m.kind), list, tied > 4 ? " and more" : "");
    } else if (allow_loose && total > 0 && all[0].m.kind <= POSHAN_MATCH_PREFIX && tied == 1) {
        *out = all[0].m;     /* one food fits better than every other: the caller says how */
    } else if (total > 0 && all[0].m.kind < POSHAN_MATCH_NONE) {
        list_foods(all, total < 3 ? total : 3, list, sizeof list);
        st = poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "food",
                              _("unknown food '%s': no food has that code or name; closest matches: %s"),
                              text, list);
    } else {
        st = poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "food",
                              _("unknown food '%s': no food has that code or name, nor one close to it; "
                              "`poshan foods search` finds foods by any name"), text);
    }
    free(all);
    return st;
}

poshan_status poshan_foods_resolve(const poshan_foods *foods, const char *text,
                                   const poshan_food **out, poshan_error *err) {
    poshan_food_match m;
    poshan_status st = poshan_foods_resolve_match(foods, text, 0, &m, err);
    *out = st == POSHAN_OK ? m.food : NULL;
    return st;
}
