/* growth.h: children's growth as nutritionists measure it: z-scores against
 * the WHO 2007 reference for 5-19 years (height-for-age, weight-for-age,
 * BMI-for-age), their flags of implausible values, and the cut-offs of
 * stunting, thinness, overweight and underweight.
 *
 * Everything WHO defines is data: the LMS tables and the rules (ages, the
 * restricted rule beyond +-3 SD, flags, oedema, cut-offs) are read from
 * nutrients/who2007/ (its README says where they come from). A score is
 * kept as WHO reports it, rounded to 2 decimals, as a whole number of
 * hundredths: flags and cut-offs are judged on that number, and it is what
 * is printed, so a printed -2.00 is never counted as stunted.
 *
 * A file of measurements is read as a stream (poshan_growth_read): one
 * record at a time, memory flat in rows. Prints nothing; see
 * growth_zscores.h and growth_prevalence.h for the two uses. */
#ifndef POSHAN_GROWTH_H
#define POSHAN_GROWTH_H

#include <stdio.h>
#include "csvread.h"
#include "error.h"

/* The three scores, in this order everywhere. */
enum { POSHAN_GROWTH_HAZ, POSHAN_GROWTH_WAZ, POSHAN_GROWTH_BAZ, POSHAN_GROWTH_SCORES };

#define POSHAN_GROWTH_MAX_CUTOFFS 16

typedef struct poshan_growth_lms {
    double l, m, s;
} poshan_growth_lms;

/* One score's table and rules, as rules.json gives them. */
typedef struct poshan_growth_indicator {
    char name[8];                /* haz, waz, baz */
    int first_month, months;     /* the table's whole months: first_month .. first_month + months - 1 */
    poshan_growth_lms *lms;      /* [(sex - 1) * months + month - first_month] */
    double min_age_months, max_age_months;   /* the ages WHO computes the score for */
    int restricted;              /* the restricted rule beyond +-3 SD */
    long flag_below, flag_above; /* implausible below / above, in units of the rounding */
    int oedema_below_3;          /* with oedema: no score, counted below -3 SD in prevalence */
} poshan_growth_indicator;

typedef struct poshan_growth_cutoff {
    char name[32];               /* stunting, thinness, ... */
    int score;                   /* POSHAN_GROWTH_* */
    int above;                   /* 1: score > limit; 0: score < limit */
    long limit;                  /* in units of the rounding */
} poshan_growth_cutoff;

typedef struct poshan_growth_reference {
    double days_per_month;
    int decimals;                /* 2: scores are whole numbers of hundredths */
    long scale;                  /* 10^decimals */
    poshan_growth_indicator score[POSHAN_GROWTH_SCORES];
    poshan_growth_cutoff cutoffs[POSHAN_GROWTH_MAX_CUTOFFS];
    size_t ncutoffs;
} poshan_growth_reference;

/* Reads DIR/rules.json and the three tables it names (in DIR). */
poshan_status poshan_growth_load(poshan_growth_reference *ref, const char *dir, poshan_error *err);
void poshan_growth_free(poshan_growth_reference *ref);
/* The cut-off called name, or -1. */
int poshan_growth_cutoff_find(const poshan_growth_reference *ref, const char *name);

/* One measurement of a child. */
typedef struct poshan_growth_child {
    int sex;                     /* 1 male, 2 female (WHO's coding) */
    double age_months, weight_kg, height_cm;
    int oedema;
} poshan_growth_child;

/* What WHO reports for one measurement. */
typedef struct poshan_growth_scores {
    double bmi;                              /* kg / m^2 */
    int defined[POSHAN_GROWTH_SCORES];       /* 0: WHO defines no score (age, oedema) */
    long z[POSHAN_GROWTH_SCORES];            /* the rounded score, in units of 1/scale */
    int flagged[POSHAN_GROWTH_SCORES];       /* implausible (only when defined) */
} poshan_growth_scores;

void poshan_growth_compute(const poshan_growth_reference *ref, const poshan_growth_child *c,
                           poshan_growth_scores *out);
/* The unrounded score of y (cm, kg or BMI) at an age, or NAN outside the
 * score's ages: the interpolated LMS formula, with the restricted rule. */
double poshan_growth_z(const poshan_growth_reference *ref, int score, int sex, double age_months, double y);
/* 1 when a child counts under the cut-off (a defined, unflagged score beyond
 * the limit, or oedema for a weight-based score below the limit); 0 when
 * not; -1 when the child does not count for it at all. */
int poshan_growth_cutoff_case(const poshan_growth_reference *ref, size_t cutoff, const poshan_growth_child *c,
                              const poshan_growth_scores *s);
/* Writes a rounded score (units of 1/scale) as text with ref->decimals places. */
size_t poshan_growth_format(const poshan_growth_reference *ref, long z, char *buf, size_t size);

/* ---- an outcome of the impact estimate ---------------------------------- */

/* A z-score (cutoff -1) or the 0/1 indicator of a cut-off. */
typedef struct poshan_growth_outcome {
    const poshan_growth_reference *ref;
    int score;
    int cutoff;
    char name[16];               /* as the user named it: haz, ..., stunted */
} poshan_growth_outcome;

/* haz, waz, baz, stunted (stunting), thin (thinness), overweight: 0, or -1
 * for another name. */
int poshan_growth_outcome_parse(const poshan_growth_reference *ref, const char *name, poshan_growth_outcome *out);
/* The outcome of one measurement (no oedema recorded), or NAN when WHO
 * defines no score at that age or the score is flagged as implausible. */
double poshan_growth_outcome_value(const poshan_growth_outcome *o, int male, double age_months, double weight_kg,
                                   double height_cm);

/* ---- reading a file of measurements ----------------------------------------- */

/* Columns the reader knows beyond the measurements, for grouping. */
enum { POSHAN_GROWTH_COL_DISTRICT, POSHAN_GROWTH_COL_BLOCK, POSHAN_GROWTH_COL_SCHOOL, POSHAN_GROWTH_COL_LEVEL,
       POSHAN_GROWTH_GROUP_COLS };
/* "district", "block", "school_udise", "level". */
const char *poshan_growth_group_column(int col);

typedef struct poshan_growth_reader {
    const poshan_growth_reference *ref;
    /* Columns (POSHAN_GROWTH_COL_* bits) the file must have. */
    int need_columns;
    /* The header, once (its fields are the file's columns). */
    poshan_status (*on_header)(void *ctx, const poshan_csv_row *header, poshan_error *err);
    /* Each good record: its fields (as read), the child and the scores.
     * group[i] is the POSHAN_GROWTH_COL_* field, "" when the file has none. */
    poshan_status (*on_child)(void *ctx, const poshan_csv_row *row, const poshan_growth_child *c,
                              const poshan_growth_scores *s, const char *const *group, poshan_error *err);
    /* Each bad record (what is wrong, with line and field); NULL or strict:
     * the first bad record stops the read with its error. */
    poshan_status (*on_bad)(void *ctx, const poshan_error *reason);
    int strict;
    void *ctx;
} poshan_growth_reader;

/* Reads a CSV of measurements: child_id, sex, age_months (or date_of_birth
 * and measured_on), weight_kg, height_cm, optional oedema; other columns
 * are handed on untouched. *bad counts the bad records. */
poshan_status poshan_growth_read(FILE *in, const char *name, const poshan_growth_reader *reader, long *bad,
                                 poshan_error *err);
poshan_status poshan_growth_read_buffer(const char *data, size_t size, const char *name,
                                        const poshan_growth_reader *reader, long *bad, poshan_error *err);

#endif
