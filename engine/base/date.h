/* date.h: checking a date written YYYY-MM-DD, with the reason in words when
 * it is not one ("November 2025 has 30 days", "there is no month 13"), for
 * every reader of dates: lab files, filters, growth data. */
#ifndef POSHAN_DATE_H
#define POSHAN_DATE_H

#include <stddef.h>

/* 1 when text is a real date written YYYY-MM-DD (year 1900 or later); else 0
 * with why (size bytes) saying what is wrong and what would be right. */
int poshan_date_check(const char *text, char *why, size_t size);

/* A date written as an Indian reader writes it, DD-MM-YYYY or DD/MM/YYYY
 * (23-11-2018), rewritten YYYY-MM-DD into out (11 bytes); YYYY-MM-DD is copied
 * as it is. 1 when text has one of these forms (whether the day is real is
 * poshan_date_check's to say), else 0. For filters people type: files keep
 * YYYY-MM-DD alone, which no reader can take for another date. */
int poshan_date_from_either(const char *text, char *out);

/* Days since 1970-01-01 of a date written YYYY-MM-DD, or -1 when it is not one. */
int poshan_date_days(const char *text, long *days);

/* "2018-11-05" as "5 November 2018" and "2018-11" as "November 2018", the
 * month named in the calling thread's language (i18n.h): "5 नवंबर 2018".
 * Anything else is copied as it is. For letters, which are read as prose. */
void poshan_date_words(const char *iso, char *out, size_t size);

/* A date as a reader of the thread's language knows it: in English as the
 * files write it (2026-12-01), in Hindi in words (1 दिसंबर 2026). */
void poshan_date_for_reader(const char *iso, char *out, size_t size);

#endif
