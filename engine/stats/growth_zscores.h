/* growth_zscores.h: every record of a file of measurements with its BMI,
 * z-scores and flags added, written as it is read (memory flat in rows).
 * Writes to the stream it is given; prints nothing else. */
#ifndef POSHAN_GROWTH_ZSCORES_H
#define POSHAN_GROWTH_ZSCORES_H

#include <stdio.h>
#include "growth.h"
#include "table.h"

/* The columns added, after the file's own: bmi, haz, waz, baz, haz_flag,
 * waz_flag, baz_flag (empty, or null in JSON, where WHO defines no score). */
#define POSHAN_GROWTH_ADDED_COLUMNS 7

typedef struct poshan_growth_zscores_options {
    const poshan_growth_reference *ref;
    poshan_format format;        /* csv, json (an array of objects) or table */
    /* each bad record; NULL or strict: the first one stops the run */
    poshan_status (*on_bad)(void *ctx, const poshan_error *reason);
    void *ctx;
    int strict;
} poshan_growth_zscores_options;

typedef struct poshan_growth_zscores_result {
    long written, bad;
} poshan_growth_zscores_result;

poshan_status poshan_growth_zscores(FILE *in, const char *name, FILE *out, const poshan_growth_zscores_options *opt,
                                    poshan_growth_zscores_result *result, poshan_error *err);

#endif
