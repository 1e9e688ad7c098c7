/* lab_summary.h: the committee's summary of stored lab results, per level
 * (and optionally per district, kitchen type or lab): count, mean, median and
 * interquartile range of energy and protein, how many meet each norm, and the
 * outliers by a robust rule, with the mean shown with and without them. */
#ifndef POSHAN_LAB_SUMMARY_H
#define POSHAN_LAB_SUMMARY_H

#include "lab_store.h"
#include "norms.h"

/* The outlier rule: a value further than this many scaled MADs (median
 * absolute deviation x 1.4826) from its group's median. 3.5 is the cut-off
 * Iglewicz and Hoaglin (1993) recommend for their modified z-score. */
#define POSHAN_LAB_OUTLIER_MADS 3.5

typedef struct poshan_lab_measure {
    double mean, median, q1, q3;     /* q1, q3: 25th and 75th percentiles (linear interpolation) */
    double norm;                     /* the level's norm from norms.json */
    size_t at_or_above;
    double share_pct;                /* at_or_above / n x 100 */
    double scaled_mad, low_fence, high_fence;
    size_t outliers;
    double mean_without_outliers;
    char **outlier_ids;              /* "lab/sample_id", `outliers` of them */
} poshan_lab_measure;

typedef struct poshan_lab_group {
    char group[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_LAB_CHARS)];  /* the district, kitchen or lab; "" without --by */
    char level[32];
    size_t n;
    poshan_lab_measure energy_kcal, protein_g;
    double *values;                  /* working store: energy then protein, 2n of them */
    size_t cap;
} poshan_lab_group;

typedef struct poshan_lab_summary {
    poshan_lab_group *groups;        /* in order of group, then norms level order */
    size_t count;
} poshan_lab_summary;

/* by: NULL, "district", "kitchen" or "lab". */
poshan_status poshan_lab_summarise(poshan_store *store, const poshan_norms *norms, const char *by,
                                   const poshan_lab_filter *filter, poshan_lab_summary *out,
                                   poshan_error *err);
void poshan_lab_summary_free(poshan_lab_summary *summary);

#endif
