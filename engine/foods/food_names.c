/* food_names.c: finding foods by what people call them (see foods.h).
 *
 * IFCT's local names come as "B., Kash., H. Arhar dal; E. Pigeon pea; ...":
 * language tags, then names separated by commas. A menu may name a food by
 * its code, its English name, any one of those local names, or an alias from
 * nutrients/aliases.csv. A name that fits two foods is refused rather than
 * guessed, because a wrong guess would silently change a child's nutrients. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "foods.h"
#include "text.h"

/* Calls fn on each name of a food (English, local, alias), trimmed, with
 * language tags removed. Stops early when fn returns nonzero. */
typedef int (*name_fn)(void *ctx, const char *name, size_t len);

static int is_language_tag(const char *s, size_t len) {
    /* "H.", "Kash.", "B.": letters then a dot */
    if (len < 2 || s[len - 1] != '.') return 0;
    for (size_t i = 0; i + 1 < len; i++)
        if (!isalpha((unsigned char)s[i])) return 0;
    return len <= 6;
}

static int each_piece(const char *list, name_fn fn, void *ctx) {
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
        if (b > a && !is_language_tag(a, (size_t)(b - a) + 1) && fn(ctx, a, (size_t)(b - a)))
            return 1;
        p = *end ? end + 1 : end;
    }
    return 0;
}

static int each_name(const poshan_food *f, name_fn fn, void *ctx) {
    if (fn(ctx, f->name, strlen(f->name))) return 1;
    if (each_piece(f->local_names, fn, ctx)) return 1;
    return each_piece(f->aliases, fn, ctx);
}

typedef struct exact_ctx { const char *text; size_t len; } exact_ctx;

static int name_equals(void *ctx, const char *name, size_t len) {
    exact_ctx *c = ctx;
    return len == c->len && strncasecmp(name, c->text, len) == 0;
}

/* ---- closeness, for "did you mean" --------------------------------------- */

typedef struct close_ctx { const char *text; size_t len; size_t best; } close_ctx;

static int name_closeness(void *ctx, const char *name, size_t len) {
    close_ctx *c = ctx;
    size_t d = poshan_edit_distance(c->text, c->len, name, len);
    /* a name that starts with what was typed is as good as one edit away */
    if (len >= c->len && strncasecmp(name, c->text, c->len) == 0) d = d < 1 ? d : 1;
    if (d < c->best) c->best = d;
    return 0;
}

static void closest_matches(const poshan_foods *foods, const char *text, char *out, size_t size) {
    enum { K = 3 };
    size_t best_d[K] = {(size_t)-1, (size_t)-1, (size_t)-1};
    const poshan_food *best_f[K] = {0};
    for (size_t i = 0; i < foods->count; i++) {
        close_ctx c = {text, strlen(text), (size_t)-1};
        each_name(&foods->items[i], name_closeness, &c);
        each_piece(foods->items[i].name, name_closeness, &c); /* "Rice" of "Rice, raw, milled" */
        size_t d = poshan_edit_distance(text, strlen(text), foods->items[i].code,
                                 strlen(foods->items[i].code));
        if (d < c.best) c.best = d;
        for (int k = 0; k < K; k++) {
            if (c.best < best_d[k]) {
                for (int j = K - 1; j > k; j--) { best_d[j] = best_d[j - 1]; best_f[j] = best_f[j - 1]; }
                best_d[k] = c.best;
                best_f[k] = &foods->items[i];
                break;
            }
        }
    }
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < K && best_f[k] && used < size; k++) {
        int n = snprintf(out + used, size - used, "%s%s (%s)", k ? ", " : "", best_f[k]->code,
                         best_f[k]->name);
        if (n > 0) used += (size_t)n;
    }
}

poshan_status poshan_foods_resolve(const poshan_foods *foods, const char *text,
                                   const poshan_food **out, poshan_error *err) {
    *out = poshan_foods_find(foods, text);
    if (*out) return POSHAN_OK;
    exact_ctx c = {text, strlen(text)};
    const poshan_food *found[4];
    size_t nfound = 0;
    for (size_t i = 0; i < foods->count; i++)
        if (each_name(&foods->items[i], name_equals, &c) && nfound < 4)
            found[nfound++] = &foods->items[i];
    if (nfound == 1) {
        *out = found[0];
        return POSHAN_OK;
    }
    if (nfound > 1) {
        char list[512];
        size_t used = 0;
        for (size_t k = 0; k < nfound && used < sizeof list; k++) {
            int n = snprintf(list + used, sizeof list - used, "%s%s (%s)", k ? ", " : "",
                             found[k]->code, found[k]->name);
            if (n > 0) used += (size_t)n;
        }
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "food",
                                "'%s' is ambiguous: it names %s%s; use the food code", text, list,
                                nfound == 4 ? " and more" : "");
    }
    char suggestions[512];
    closest_matches(foods, text, suggestions, sizeof suggestions);
    return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "food",
                            "unknown food '%s'; closest matches: %s", text, suggestions);
}

/* ---- search ------------------------------------------------------------- */

static int contains_ci(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    if (n == 0) return 1;
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return 1;
    return 0;
}

/* 0: code or name matches exactly, 1: name contains, 2: local name or alias contains */
static int search_rank(const poshan_food *f, const char *text) {
    if (strcasecmp(f->code, text) == 0 || strcasecmp(f->name, text) == 0) return 0;
    if (contains_ci(f->name, text)) return 1;
    if (contains_ci(f->local_names, text) || contains_ci(f->aliases, text)) return 2;
    return -1;
}

size_t poshan_foods_search(const poshan_foods *foods, const char *text,
                           const poshan_food **out, size_t max) {
    size_t total = 0, written = 0;
    for (int rank = 0; rank <= 2; rank++) {
        for (size_t i = 0; i < foods->count; i++) {
            if (search_rank(&foods->items[i], text) != rank) continue;
            if (written < max) out[written++] = &foods->items[i];
            total++;
        }
    }
    return total;
}
