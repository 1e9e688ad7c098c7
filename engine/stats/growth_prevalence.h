/* growth_prevalence.h: per group of children, the share stunted, thin,
 * overweight, ... (each cut-off of nutrients/who2007/rules.json) with a 95 %
 * interval clustered as the impact estimate's (CR1, inference.h), and each
 * score's mean and SD. Flagged (implausible) scores are left out and
 * counted; ages outside the reference are left out. One pass over the file;
 * memory grows with groups and clusters, not rows. Prints nothing. */
#ifndef POSHAN_GROWTH_PREVALENCE_H
#define POSHAN_GROWTH_PREVALENCE_H

#include <stdio.h>
#include "growth.h"

/* What a group is: none (everyone), a column (POSHAN_GROWTH_COL_*), sex or completed years of age. */
enum { POSHAN_GROWTH_BY_NONE = -1, POSHAN_GROWTH_BY_SEX = POSHAN_GROWTH_GROUP_COLS, POSHAN_GROWTH_BY_AGE_YEARS };

typedef struct poshan_growth_prevalence_options {
    const poshan_growth_reference *ref;
    int by;                      /* POSHAN_GROWTH_BY_* or POSHAN_GROWTH_COL_* */
    int cluster;                 /* POSHAN_GROWTH_COL_*: the CR1 clusters (school_udise by default) */
    double alpha;                /* 0.05: 95 % intervals */
    poshan_status (*on_bad)(void *ctx, const poshan_error *reason);
    void *ctx;
    int strict;
} poshan_growth_prevalence_options;

void poshan_growth_prevalence_defaults(poshan_growth_prevalence_options *opt, const poshan_growth_reference *ref);

typedef struct poshan_growth_share {
    long children;               /* children counted for the cut-off */
    long cases;                  /* of them, beyond it */
    double share, low, high;     /* 0-1; the interval cut at 0 and 1; NAN with fewer than 2 clusters */
    size_t clusters;
} poshan_growth_share;

typedef struct poshan_growth_summary {
    long children;               /* with a valid (defined, not flagged) score */
    long flagged;                /* left out as implausible */
    double mean, sd;             /* of the rounded scores; NAN when too few */
} poshan_growth_summary;

typedef struct poshan_growth_group {
    char *name;                  /* "all" for everyone */
    long children;               /* records in the reference's ages */
    poshan_growth_summary score[POSHAN_GROWTH_SCORES];
    poshan_growth_share cutoff[POSHAN_GROWTH_MAX_CUTOFFS];
} poshan_growth_group;

typedef struct poshan_growth_prevalence {
    poshan_growth_group *groups; /* [0] is everyone, then the groups in natural order of their names */
    size_t ngroups;
    long records;                /* good records read */
    long outside_ages;           /* good records at ages no score has: left out */
    long bad;                    /* bad records */
} poshan_growth_prevalence;

poshan_status poshan_growth_prevalence_read(FILE *in, const char *name, const poshan_growth_prevalence_options *opt,
                                            poshan_growth_prevalence *out, poshan_error *err);
void poshan_growth_prevalence_free(poshan_growth_prevalence *p);

#endif
