/* plausible.h: what a serving of a cooked school meal can weigh and give
 * (nutrients/plausibility.json). A lab row outside these ranges is a typing
 * mistake, refused with the reason and the likely mistake; lab.c applies them. */
#ifndef POSHAN_PLAUSIBLE_H
#define POSHAN_PLAUSIBLE_H

#include "error.h"

typedef struct poshan_lab_range {
    double min, max;
} poshan_lab_range;

typedef struct poshan_lab_plausibility {
    poshan_lab_range serving_g, energy_kcal, protein_g;   /* one child's serving */
} poshan_lab_plausibility;

/* Reads the file; each range needs {"min": a number above 0, "max": a larger one}. */
poshan_status poshan_lab_plausibility_load(poshan_lab_plausibility *out, const char *path,
                                           poshan_error *err);

#endif
