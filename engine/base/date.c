/* date.c: dates as people write them in the files poshan reads (see date.h). */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static const char *const months[] = {N_("January"), N_("February"), N_("March"), N_("April"),
                                     /* TRANSLATORS: the month */
                                     N_("May"), N_("June"), N_("July"), N_("August"), N_("September"),
                                     N_("October"), N_("November"), N_("December")};

static int days_in_month(int year, int month) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int poshan_date_check(const char *s, char *why, size_t size) {
    int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) ok = 0;
    if (!ok) {
        snprintf(why, size, "%s", _("write it as YYYY-MM-DD, e.g. 2018-11-23"));
        return 0;
    }
#define DIGITS2(p) (((p)[0] - '0') * 10 + (p)[1] - '0')
    int y = DIGITS2(s) * 100 + DIGITS2(s + 2), m = DIGITS2(s + 5), d = DIGITS2(s + 8);
#undef DIGITS2
    /* 1900: earlier is a slip of the year, not a school meal */
    if (y < 1900) snprintf(why, size, _("the year %d is before 1900"), y);
    else if (m < 1 || m > 12) snprintf(why, size, _("there is no month %d: the month is 01 to 12"), m);
    else if (d < 1 || d > days_in_month(y, m))
        snprintf(why, size, _("%s %d has %d days"), _(months[m - 1]), y, days_in_month(y, m));
    else return 1;
    return 0;
}

/* 1 when the n characters of text from at are all digits. */
static int digits(const char *text, size_t at, size_t n) {
    for (size_t i = at; i < at + n; i++)
        if (text[i] < '0' || text[i] > '9') return 0;
    return 1;
}

int poshan_date_from_either(const char *text, char *out) {
    if (strlen(text) != 10) return 0;
    if (text[4] == '-' && text[7] == '-' && digits(text, 0, 4) && digits(text, 5, 2) && digits(text, 8, 2)) {
        memcpy(out, text, 11);
        return 1;
    }
    int dashes = text[2] == '-' && text[5] == '-', slashes = text[2] == '/' && text[5] == '/';
    if (!(dashes || slashes) || !digits(text, 0, 2) || !digits(text, 3, 2) || !digits(text, 6, 4)) return 0;
    snprintf(out, 11, "%.4s-%.2s-%.2s", text + 6, text + 3, text);
    return 1;
}

/* Hinnant's days_from_civil: days since 1970-01-01, proleptic Gregorian. */
int poshan_date_days(const char *text, long *days) {
    char why[256];
    if (!poshan_date_check(text, why, sizeof why)) return -1;
    long y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    long m = (text[5] - '0') * 10 + (text[6] - '0'), d = (text[8] - '0') * 10 + (text[9] - '0');
    y -= m <= 2;
    long era = y / 400, yoe = y - era * 400, mp = (m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return 0;
}

void poshan_date_words(const char *iso, char *out, size_t size) {
    int m = strlen(iso) >= 7 ? atoi(iso + 5) : 0;
    if (m < 1 || m > 12) snprintf(out, size, "%s", iso);
    else if (strlen(iso) >= 10) snprintf(out, size, "%d %s %.4s", atoi(iso + 8), _(months[m - 1]), iso);
    else snprintf(out, size, "%s %.4s", _(months[m - 1]), iso);
}

void poshan_date_for_reader(const char *iso, char *out, size_t size) {
    if (poshan_lang_current() == POSHAN_LANG_HI) poshan_date_words(iso, out, size);
    else snprintf(out, size, "%s", iso);
}
