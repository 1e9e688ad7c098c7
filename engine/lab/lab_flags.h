/* lab_flags.h: which stored samples fail, and the warning letters.
 *
 * A sample is flagged when it is below its level's energy or protein norm
 * (nutrients/norms.json), when E. coli is present or a count is above its
 * limit (nutrients/microbial-limits.json), or, given the schools' menus, when
 * it measures under a share (80 % unless told) of what the menu promises for
 * that day. Letters are filled from an editable template
 * (nutrients/warning-letter.txt). */
#ifndef POSHAN_LAB_FLAGS_H
#define POSHAN_LAB_FLAGS_H

#include <stdio.h>

#include "foods.h"
#include "lab_store.h"
#include "norms.h"

typedef struct poshan_lab_limits {
    int e_coli_must_be_absent;
    double total_plate_count_max_cfu_g;   /* HUGE_VAL when the file sets none */
    double coliforms_max_cfu_g;
} poshan_lab_limits;

poshan_status poshan_lab_limits_load(poshan_lab_limits *limits, const char *path, poshan_error *err);

/* What each school's menu promises one child on a day (from the batch menu CSV). */
typedef struct poshan_lab_promise {
    char school_udise[12], level[32], day[48];
    double energy_kcal, protein_g;
} poshan_lab_promise;

typedef struct poshan_lab_promises {
    poshan_lab_promise *items;  /* sorted by school, level, day */
    size_t count, cap;
} poshan_lab_promises;

/* Evaluates every school-day of a batch menu CSV (poshan_menu_batch); the
 * first bad row is an error. */
poshan_status poshan_lab_promises_load(poshan_lab_promises *out, FILE *in, const char *name,
                                       const poshan_foods *foods, const poshan_norms *norms,
                                       poshan_error *err);
void poshan_lab_promises_free(poshan_lab_promises *promises);

typedef struct poshan_lab_flag {
    poshan_lab_sample sample;
    double energy_norm_kcal, protein_norm_g;
    double energy_short_kcal, energy_short_pct;   /* 0 when the norm is met */
    double protein_short_g, protein_short_pct;
    int e_coli_present, plate_count_over, coliforms_over;
    double plate_count_limit_cfu_g, coliforms_limit_cfu_g;  /* the limits it was judged by */
    const poshan_lab_promise *menu;               /* the menu day compared, or NULL */
    int served_less_energy, served_less_protein;  /* under the share of the menu */
} poshan_lab_flag;

typedef struct poshan_lab_school {
    char school_udise[12], kitchen[16];
    char school_name[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_SCHOOL_NAME_CHARS)];
    char district[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_PLACE_CHARS)], block[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_PLACE_CHARS)];
    size_t samples, failed;
} poshan_lab_school;

typedef struct poshan_lab_flags {
    poshan_lab_flag *flags;       /* worst first: contamination, then the larger shortfall in per cent */
    size_t count, cap;
    poshan_lab_school *schools;   /* schools with a failed sample, most failures first */
    size_t nschools;
    size_t total, total_schools;  /* failed samples, schools with one: all, not only the page */
    int paged;                    /* the lists are the page options->offset, ->limit asked for */
    size_t offset, limit;
} poshan_lab_flags;

typedef struct poshan_lab_flag_options {
    const poshan_norms *norms;
    const poshan_lab_limits *limits;
    const poshan_lab_promises *menus;  /* may be NULL */
    double menu_share_pct;             /* served less when under this share of the menu */
    /* A page of both lists (samples and schools, each in its own order): from
     * offset, at most limit long (0: all). A screen or an API answer shows the
     * worst first; only offset + limit flags are held while reading. */
    size_t offset, limit;
} poshan_lab_flag_options;

poshan_status poshan_lab_flag_samples(poshan_store *store, const poshan_lab_filter *filter,
                                      const poshan_lab_flag_options *options, poshan_lab_flags *out,
                                      poshan_error *err);
void poshan_lab_flags_free(poshan_lab_flags *flags);

/* One line per finding of a flagged sample ("energy 400 kcal, 50 kcal (11.1 %) below ..."), "; "-joined. */
void poshan_lab_flag_findings(const poshan_lab_flag *flag, char *buf, size_t size);

/* Writes one letter per school with a failed sample into dir (made when
 * absent), from the template text. The file is DIR/UDISE_PERIOD.txt, PERIOD
 * the month of the school's failed samples ("2018-11") or the months they
 * span ("2018-11_2019-01"): one file per school per period. Placeholders:
 * {{reference}} (MDM-LAB/UDISE/PERIOD/ and six hex digits of a hash of its
 * samples: the same letter always gets the same number), {{date}} (date when
 * not NULL, else the day of the school's latest result, so that a letter
 * written again comes out byte for byte the same), {{period}} ("November
 * 2018"), {{school_name}}, {{school_udise}}, {{district}}, {{block}},
 * {{kitchen}}, {{samples}}, {{failed}}, {{failed_of_samples}} ("The one
 * sample", "Both samples", "2 of the 3 samples") and {{findings}} (a line a
 * failed sample: lab, sample, dates, what was found against which norm).
 * Anything else in braces is left as it is. */
poshan_status poshan_lab_write_letters(const poshan_lab_flags *flags, const char *template_text,
                                       const char *dir, const char *date, size_t *written,
                                       poshan_error *err);

#endif
