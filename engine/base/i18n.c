/* i18n.c: per-thread language switching over GNU gettext (see i18n.h). */
#include "i18n.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef POSHAN_LOCALEDIR
#define POSHAN_LOCALEDIR "/usr/local/share/locale"
#endif

static pthread_once_t bound = PTHREAD_ONCE_INIT;
static locale_t locales[2];

static void bind_domain(void) {
    bindtextdomain("poshan", POSHAN_LOCALEDIR);
    bind_textdomain_codeset("poshan", "UTF-8");
    textdomain("poshan");
    /* English: the C messages; Hindi: hi_IN's. Only LC_MESSAGES is taken,
     * the rest stays C so numbers keep their '.'. */
    locales[POSHAN_LANG_EN] = newlocale(LC_MESSAGES_MASK, "C", (locale_t)0);
    locales[POSHAN_LANG_HI] = newlocale(LC_MESSAGES_MASK, "hi_IN.UTF-8", (locale_t)0);
    if (!locales[POSHAN_LANG_HI]) locales[POSHAN_LANG_HI] = newlocale(LC_MESSAGES_MASK, "hi_IN.utf8", (locale_t)0);
}

void poshan_i18n_init(void) { pthread_once(&bound, bind_domain); }

int poshan_lang_parse(const char *name, poshan_lang *out) {
    if (!name) return -1;
    if (strcasecmp(name, "en") == 0 || strcasecmp(name, "english") == 0 ||
        strncasecmp(name, "en_", 3) == 0 || strncasecmp(name, "en-", 3) == 0 ||
        strcmp(name, "C") == 0 || strncmp(name, "C.", 2) == 0 || strcmp(name, "POSIX") == 0) {
        *out = POSHAN_LANG_EN;
        return 0;
    }
    if (strcasecmp(name, "hi") == 0 || strcasecmp(name, "hindi") == 0 ||
        strncasecmp(name, "hi_", 3) == 0 || strncasecmp(name, "hi-", 3) == 0 ||
        strcmp(name, "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\x82\xe0\xa4\xa6\xe0\xa5\x80") == 0) { /* हिंदी */
        *out = POSHAN_LANG_HI;
        return 0;
    }
    return -1;
}

poshan_lang poshan_lang_from_accept(const char *header) {
    /* "hi-IN,hi;q=0.9,en;q=0.8": the highest q among en and hi wins; ties go
     * to the one named first. Anything else in the header is skipped. */
    poshan_lang best = POSHAN_LANG_EN;
    double best_q = -1;
    const char *p = header;
    while (p && *p) {
        while (*p == ' ' || *p == ',') p++;
        const char *tag = p;
        size_t len = strcspn(p, ";,");
        double q = 1.0;
        const char *after = p + len;
        if (*after == ';') {
            const char *qp = strstr(after, "q=");
            const char *end = after + strcspn(after, ",");
            if (qp && qp < end) q = strtod(qp + 2, NULL);
            after = end;
        }
        char name[16];
        size_t n = len < sizeof name - 1 ? len : sizeof name - 1;
        memcpy(name, tag, n);
        while (n > 0 && name[n - 1] == ' ') n--;
        name[n] = '\0';
        poshan_lang lang;
        if (poshan_lang_parse(name, &lang) == 0 && q > 0 && q > best_q) {
            best = lang;
            best_q = q;
        }
        p = after;
    }
    return best;
}

const char *poshan_lang_code(poshan_lang lang) { return lang == POSHAN_LANG_HI ? "hi" : "en"; }

locale_t poshan_lang_begin(poshan_lang lang) {
    poshan_i18n_init();
    locale_t want = locales[lang == POSHAN_LANG_HI ? POSHAN_LANG_HI : POSHAN_LANG_EN];
    if (!want) return (locale_t)0;
    return uselocale(want);
}

void poshan_lang_end(locale_t previous) {
    if (previous) uselocale(previous);
}

poshan_lang poshan_lang_from_environment(void) {
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (!v || !*v) continue;
        char first[32];
        size_t n = strcspn(v, ":");
        if (n >= sizeof first) n = sizeof first - 1;
        memcpy(first, v, n);
        first[n] = '\0';
        poshan_lang lang;
        /* LANGUAGE is a list; a language poshan does not speak means English */
        return poshan_lang_parse(first, &lang) == 0 ? lang : POSHAN_LANG_EN;
    }
    return POSHAN_LANG_EN;
}

poshan_lang poshan_lang_current(void) {
    poshan_i18n_init();
    locale_t now = uselocale((locale_t)0);
    return locales[POSHAN_LANG_HI] && now == locales[POSHAN_LANG_HI] ? POSHAN_LANG_HI : POSHAN_LANG_EN;
}
