/* power.h: sample size for a two-arm cluster-randomized comparison: the
 * minimum detectable effect of a design, and the clusters per arm needed to
 * detect a given effect. Pure arithmetic with GSL's t quantiles. */
#ifndef POSHAN_POWER_H
#define POSHAN_POWER_H

#include "error.h"

typedef struct poshan_power_design {
    double clusters_per_arm;       /* J: schools (or blocks) in each arm */
    double children_per_cluster;   /* m: children measured in each cluster */
    double icc;                    /* rho: intra-cluster correlation of the outcome */
    double sd;                     /* sigma: the outcome's standard deviation, in its unit */
    double alpha;                  /* two-sided significance level */
    double power;                  /* 1 - beta */
} poshan_power_design;

/* MDE = (t_{1-alpha/2,df} + t_{power,df}) * sqrt(2 sigma^2 (1 + (m-1) rho) / (J m)),
 * df = 2J - 2 (Bloom 2005, "Randomizing groups to evaluate place-based
 * programs", eq. 4.4 with t multipliers). Also returns the multiplier and the
 * design effect when those pointers are not NULL. */
poshan_status poshan_power_mde(const poshan_power_design *d, double *mde, double *multiplier,
                               double *design_effect, poshan_error *err);

/* The smallest whole number of clusters per arm whose MDE is at most effect
 * (d->clusters_per_arm is ignored); *mde is the MDE it reaches. */
poshan_status poshan_power_clusters(const poshan_power_design *d, double effect, long *clusters_per_arm,
                                    double *mde, poshan_error *err);

#endif
