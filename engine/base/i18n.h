/* i18n.h: the words users read, in English or Hindi, through GNU gettext.
 *
 * Every user-facing string is written in English inside _() (or N_() where
 * it must stay a constant and is translated where it is used); xgettext
 * collects them into po/poshan.pot and po/hi.po holds their Hindi. The
 * catalogue is compiled by the Makefile into LOCALEDIR/hi/LC_MESSAGES/poshan.mo.
 *
 * Languages are chosen per thread (uselocale), never per process, so one
 * server thread can answer a Hindi page while another answers in English.
 * Only LC_MESSAGES changes: numbers are always written with '.' as decimal
 * point, whatever the reader's locale, so CSV and JSON stay readable by tools. */
#ifndef POSHAN_I18N_H
#define POSHAN_I18N_H

#include <libintl.h>
#include <locale.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define P_(one, many, n) ngettext(one, many, n)
/* A word whose translation depends on where it stands (msgctxt), as gettext.h's
 * pgettext: the catalogue keys it as "context\004word". */
#define C_(context, s) poshan_pgettext(context "\004" s, s)
static inline const char *poshan_pgettext(const char *keyed, const char *msgid) {
    const char *t = dcgettext(NULL, keyed, LC_MESSAGES);
    return t == keyed ? msgid : t;
}

typedef enum { POSHAN_LANG_EN = 0, POSHAN_LANG_HI = 1 } poshan_lang;

/* Binds the "poshan" domain to its catalogue folder (POSHAN_LOCALEDIR, from
 * the build). Safe to call more than once and from several threads. */
void poshan_i18n_init(void);

/* "en"/"english" or "hi"/"hindi"/"hi_IN..." (case-blind); 0 on success, -1 when
 * the name is no language poshan speaks. */
int poshan_lang_parse(const char *name, poshan_lang *out);

/* The language an Accept-Language header asks for first among those poshan
 * speaks (q-values honoured); English when none or NULL. */
poshan_lang poshan_lang_from_accept(const char *accept_language);

/* "en" or "hi": for <html lang> and cookies. */
const char *poshan_lang_code(poshan_lang lang);

/* Makes the calling thread speak LANG until poshan_lang_end(previous).
 * Returns the thread's previous locale; (locale_t)0 when Hindi's messages
 * cannot be switched on (the hi_IN.UTF-8 locale is missing), in which case
 * the thread stays as it was and poshan_lang_end((locale_t)0) does nothing. */
locale_t poshan_lang_begin(poshan_lang lang);
void poshan_lang_end(locale_t previous);

/* The language the calling thread speaks now (what poshan_lang_begin set):
 * for what is not a message, <html lang>, dates written in words. */
poshan_lang poshan_lang_current(void);

/* The language the process's own locale asks for (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG, as gettext reads them): for the command line. */
poshan_lang poshan_lang_from_environment(void);

#endif
