/* inference.h: difference-in-differences regressions estimated from per-group
 * sufficient statistics, with their inference: CR1 cluster-robust standard
 * errors (Stata's small-sample factor), the wild cluster bootstrap-t with the
 * null imposed, and randomization inference over re-assignments of treatment.
 *
 * The data never come here row by row. A reader accumulates, for each group
 * (a school), the weighted cross-products of a treatment-free design Z
 * (constant, post, covariates) with itself and with the outcome. Treatment is
 * constant within a group, so the regression's design X is Z's columns, some
 * multiplied by the group's treatment indicator: X'X and X'y of any group, of
 * any cluster and under any re-assignment of treatment follow from Z'Z and
 * Z'y. Every estimate, every bootstrap draw and every re-assignment then costs
 * O(clusters * k^2), whatever the number of rows. This file reads no files
 * and prints nothing. */
#ifndef POSHAN_INFERENCE_H
#define POSHAN_INFERENCE_H

#include <stddef.h>
#include "error.h"

#define POSHAN_MAX_COEFS 8

/* The regression's columns: X column i is Z column src[i], multiplied by the
 * group's treatment indicator when by_treatment[i]. */
typedef struct poshan_design {
    size_t kz, k;
    int src[POSHAN_MAX_COEFS];
    int by_treatment[POSHAN_MAX_COEFS];
    size_t coef;                 /* the X column whose coefficient is the effect */
    const char *names[POSHAN_MAX_COEFS];
} poshan_design;

/* outcome ~ 1 + treated + post + treated:post + covariates, the effect being
 * treated:post; Z is (1, post, covariates). */
void poshan_design_did(poshan_design *d, size_t ncov, const char *const *cov_names);
/* gain ~ 1 + treated + covariates, the effect being treated; Z is (1, covariates). */
void poshan_design_gain(poshan_design *d, size_t ncov, const char *const *cov_names);

/* Per-group sufficient statistics and where each group belongs. */
typedef struct poshan_groups {
    size_t kz;
    size_t count, capacity;
    double *zz;        /* count x kz x kz: sum of w z z' */
    double *zy;        /* count x kz: sum of w z y */
    double *zz_error, *zy_error;  /* their rounding errors until settled (sum.h) */
    long *n_obs;       /* rows */
    int *treated;      /* 0 or 1, the group's own assignment */
    size_t *cluster;   /* cluster for the CR1 standard error */
    size_t *boot;      /* cluster for the wild bootstrap (the assignment level) */
    size_t *unit;      /* assignment unit, re-assigned by randomization inference */
} poshan_groups;

poshan_status poshan_groups_init(poshan_groups *g, size_t kz, poshan_error *err);
/* A new group; its index is returned in *index. */
poshan_status poshan_groups_add(poshan_groups *g, int treated, size_t cluster, size_t boot,
                                size_t unit, size_t *index, poshan_error *err);
/* Adds one row (z has kz entries) with weight w. */
void poshan_groups_accumulate(poshan_groups *g, size_t group, const double *z, double y, double w);
/* Takes back a row added with weight 1: the same products subtracted, so
 * that the sums come out as if it had never been added (sum.h). */
void poshan_groups_remove(poshan_groups *g, size_t group, const double *z, double y);
/* Adds group from_group of from (the same kz) into group `group` of g: its
 * sums with their rounding errors (sum.h), so that sums made in parts and
 * added up are as order-free as sums made in one. */
void poshan_groups_merge(poshan_groups *g, size_t group, const poshan_groups *from, size_t from_group);
/* After the last row: the sums with their rounding errors folded in, the
 * same whatever order the rows came in (sum.h). */
void poshan_groups_settle(poshan_groups *g);
/* Settles, then keeps the groups order[0], ..., order[n - 1] (distinct
 * indices below count; the groups not named are dropped) in that order and
 * numbers their clusters and units 0, 1, ... in that order. Clusters are
 * summed, and bootstrap weights and re-assignments drawn, in this
 * numbering: a reader that orders its groups by name gets results that do
 * not depend on the order of its rows. */
poshan_status poshan_groups_reorder(poshan_groups *g, const size_t *order, size_t n, poshan_error *err);
void poshan_groups_free(poshan_groups *g);

/* A mean with its 95 % (1 - alpha) interval. */
typedef struct poshan_mean_ci {
    double mean, low, high;      /* NAN when there are no rows */
    double weight;               /* rows (sum of weights) behind the mean */
    size_t clusters;
} poshan_mean_ci;

/* The mean outcome of one arm's groups (treated 0 or 1) in one round (post 0
 * or 1), with a CR1 interval over the groups' clusters: what an intercept-only
 * regression with Stata's clustered errors gives, V = G/(G-1) sum_c (S_c -
 * N_c mean)^2 / N^2, and t with G-1 degrees of freedom. Needs Z's first two
 * columns to be 1 and post, as poshan_design_did makes them. */
poshan_status poshan_groups_mean(const poshan_groups *g, int treated, int post, double alpha,
                                 poshan_mean_ci *out, poshan_error *err);

typedef enum { POSHAN_WEIGHTS_AUTO, POSHAN_WEIGHTS_RADEMACHER, POSHAN_WEIGHTS_WEBB } poshan_boot_weights;

const char *poshan_boot_weights_name(poshan_boot_weights w);

typedef struct poshan_inference_options {
    double alpha;                /* 0.05 for 95 % intervals */
    long draws;                  /* bootstrap draws and random re-assignments */
    unsigned long seed;          /* for the GSL random number generator */
    poshan_boot_weights weights; /* AUTO: Webb below 12 clusters, else Rademacher */
    int threads;                 /* 1: all on the calling thread; else the bootstrap and the
                                  * re-assignments run side by side on two (the same results) */
} poshan_inference_options;

void poshan_inference_defaults(poshan_inference_options *opt);

typedef struct poshan_did_result {
    double coefs[POSHAN_MAX_COEFS];
    const char *names[POSHAN_MAX_COEFS];  /* the design's column names */
    size_t k;
    double estimate, std_error, t_stat, p_value, ci_low, ci_high;
    long df;                     /* clusters - 1 */
    long n_obs;
    size_t n_clusters;
    size_t n_units, n_treated_units, n_control_units;
    struct {
        double p_value, ci_low, ci_high, t_stat;
        poshan_boot_weights weights;
        long draws;              /* weight vectors used (all of them when enumerated) */
        int enumerated;
        size_t n_clusters;
    } wild;
    struct {
        double p_value;
        long assignments;        /* re-assignments used (all of them when exact) */
        int exact;
    } ri;
} poshan_did_result;

/* A p-value as text: four decimals, or "< 0.0001" below 0.00005, where
 * four decimals would print 0.0000 (a p-value is never 0). buf holds at
 * least 16 bytes; returns buf. */
const char *poshan_p_value_text(double p, char *buf, size_t n);

/* When the wild bootstrap and the randomization p-values fall on different
 * sides of alpha: 1, with words in buf on what each can show with this many
 * units (units_name: "districts" or "blocks", as the words are written);
 * else 0. The words are English, or in the thread's language when translate
 * is not 0 (a terminal's table; CSV and JSON stay English). */
int poshan_did_disagreement(const poshan_did_result *d, const char *units_name, double alpha, int translate,
                            char *buf, size_t n);

/* Estimates the design's effect with CR1 errors, the wild cluster bootstrap
 * and randomization inference. POSHAN_EINPUT (with a message for a district
 * officer) when the data cannot identify the effect. */
poshan_status poshan_did_estimate(const poshan_groups *g, const poshan_design *d,
                                  const poshan_inference_options *opt, poshan_did_result *out,
                                  poshan_error *err);

#endif
