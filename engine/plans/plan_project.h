/* plan_project.h: what an intervention would do to the lab results. For each
 * level, the share of stored meal samples meeting the energy and protein norms
 * today, on a serving day with the item added, and on an average school day
 * (the item's serving days spread over the norms' school days of the year).
 * Works over a plain array of samples, so the lab store, a CSV or a test can
 * feed it; it reads no files and prints nothing. */
#ifndef POSHAN_PLAN_PROJECT_H
#define POSHAN_PLAN_PROJECT_H

#include <stddef.h>

#include "error.h"
#include "norms.h"
#include "plan.h"

typedef struct poshan_project_sample {
    const char *level;      /* a norms level name: "primary", "upper_primary" */
    const char *district;
    const char *block;      /* NULL or "" when the lab did not record it */
    double energy_kcal;     /* per child per meal, as the lab found it */
    double protein_g;
} poshan_project_sample;

typedef enum {
    POSHAN_PROJECT_TODAY,        /* the meal as sampled */
    POSHAN_PROJECT_SERVING_DAY,  /* plus one serving of the item */
    POSHAN_PROJECT_AVERAGE_DAY,  /* plus the serving spread over every school day */
    POSHAN_PROJECT_VIEWS
} poshan_project_view;

typedef struct poshan_projection_level {
    size_t samples;
    double added_energy_kcal[POSHAN_PROJECT_VIEWS];  /* what the item adds in each view */
    double added_protein_g[POSHAN_PROJECT_VIEWS];
    size_t meets_energy[POSHAN_PROJECT_VIEWS];       /* at or above the norm */
    size_t meets_protein[POSHAN_PROJECT_VIEWS];
    size_t meets_both[POSHAN_PROJECT_VIEWS];
    double share_energy[POSHAN_PROJECT_VIEWS];       /* 0..1; 0 when there are no samples */
    double share_protein[POSHAN_PROJECT_VIEWS];
    double share_both[POSHAN_PROJECT_VIEWS];
} poshan_projection_level;

typedef struct poshan_projection {
    poshan_projection_level levels[POSHAN_MAX_LEVELS];  /* by norms level index */
    size_t nlevels;
    size_t used;      /* samples counted */
    size_t outside;   /* samples left out because their district or block is not covered */
} poshan_projection;

/* budget: one of the plan's budgets (result.as_written or result.as_implied).
 * covered_only: count only samples from the plan's districts (or blocks, when
 * the plan covers blocks), matched case-insensitively; else every sample.
 * A sample with an unknown level or a negative or missing value is an error
 * naming "samples[i].field". A plan that serves no food is an error. */
poshan_status poshan_plan_project(const poshan_plan *plan, const poshan_plan_budget *budget,
                                  const poshan_norms *norms, const poshan_project_sample *samples,
                                  size_t nsamples, int covered_only, poshan_projection *out,
                                  poshan_error *err);

#endif
