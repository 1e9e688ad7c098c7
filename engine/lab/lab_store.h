/* lab_store.h: lab samples in the database: ingest (one file, one
 * transaction, one batch; the all-or-nothing, --partial, duplicate and --amend
 * rules), query, history and export. The record and file reading are lab.h. */
#ifndef POSHAN_LAB_STORE_H
#define POSHAN_LAB_STORE_H

#include <stdio.h>

#include "lab.h"
#include "store.h"

/* ---- storing --------------------------------------------------------------- */
struct poshan_lab_ingest_result;
typedef struct poshan_lab_ingest_options {
    const poshan_norms *norms;
    const poshan_lab_plausibility *plausibility;  /* what a serving can be; required */
    const char *by;               /* who ingests (--by); required */
    int partial;                  /* store the good rows, reject the bad */
    /* with partial: where rejects go, overwritten (NULL: FILE.rejects.csv, or when that
     * is there already FILE.rejects-2.csv, -3, ...: an existing one is never overwritten) */
    const char *rejects_path;
    /* May be NULL. Every bad row is written here as CSV, partial or not (a
     * download for the web page): the file's own columns first, in its order,
     * then POSHAN_LAB_REJECT_COLUMNS; corrected, it ingests as it is. Nothing
     * is written when no row is bad. */
    FILE *rejects_out;
    /* With partial, the rejects are kept with the batch in the store (the
     * batches page offers them) for this lab, or when NULL for the one lab
     * the file's rows name (rows of several labs: not kept). */
    const char *rejects_lab;
    int amend;                    /* replace stored values, keeping them as a revision */
    const char *reason;           /* why (required with amend) */
    size_t max_listed;            /* bad rows kept in the result's list (0: 1000) */
    void (*progress)(void *ctx, size_t rows);  /* every 100,000 rows; may be NULL */
    void *progress_ctx;
    /* May be NULL. check_row refuses a good row (filling reason's field and
     * message): it then counts as a bad row. before_commit runs inside the
     * transaction after every row (an audit record); its failure stores nothing. */
    poshan_status (*check_row)(void *ctx, const poshan_lab_sample *sample, poshan_error *reason);
    poshan_status (*before_commit)(void *ctx, poshan_store *store,
                                   const struct poshan_lab_ingest_result *result, poshan_error *err);
    void *hook_ctx;
} poshan_lab_ingest_options;

typedef struct poshan_lab_ingest_result {
    long long batch_id;           /* 0 when nothing was stored */
    char sha256[65];
    size_t read, stored, unchanged, amended, rejected;
    poshan_error_list bad;        /* the first max_listed bad rows */
    char rejects_path[1100];      /* "" when no rejects file was written */
    int rejects_numbered;         /* FILE.rejects.csv was there already (left as it is): a numbered name was taken */
} poshan_lab_ingest_result;

/* One file, one transaction, one batch. Without partial, any bad row means
 * nothing of the file is stored: returns POSHAN_EINPUT with every bad row
 * counted in result->rejected and listed in result->bad. */
poshan_status poshan_lab_ingest_file(poshan_store *store, const char *path,
                                     const poshan_lab_ingest_options *options,
                                     poshan_lab_ingest_result *result, poshan_error *err);
/* The same for a file held in memory (an upload), called name; a rejects file
 * is written only when options->rejects_path names one. */
poshan_status poshan_lab_ingest_buffer(poshan_store *store, const char *data, size_t size,
                                       const char *name, const poshan_lab_ingest_options *options,
                                       poshan_lab_ingest_result *result, poshan_error *err);
void poshan_lab_ingest_result_free(poshan_lab_ingest_result *result);

/* ---- reading back ------------------------------------------------------------ */
typedef struct poshan_lab_filter {
    /* NULL: any. Each matches the stored value case-blind ("raipur" is Raipur). */
    const char *level, *district, *block, *kitchen, *lab;
    const char *from, *to;        /* sampled_on between, inclusive (YYYY-MM-DD); NULL: open */
} poshan_lab_filter;

/* The filter's dates must be real dates, from no later than to: else
 * POSHAN_EUSAGE naming the field ("from") and saying why ("'2025-11-31'
 * is not a date: November 2025 has 30 days"). Needs no database, so a
 * command can check its options before opening one. */
poshan_status poshan_lab_filter_check(const poshan_lab_filter *filter, poshan_error *err);

/* Every sample (latest revision) the filter lets through, ordered by lab and
 * sample_id. The filter is checked first (poshan_lab_filter_check); and when
 * nothing passes, a value that matches no stored sample at all is
 * POSHAN_EINPUT naming the values that are stored, closest first ("no
 * district 'Rajpur' is stored; stored: Raipur, Durg"): a misspelt name is an
 * error, not an empty answer. */
poshan_status poshan_lab_query(poshan_store *store, const poshan_lab_filter *filter,
                               poshan_lab_sample_fn fn, void *ctx, poshan_error *err);

/* The same samples gathered into one array (*out, to free) of *count, for the
 * readers that need them all at once (projections, reports). */
poshan_status poshan_lab_collect(poshan_store *store, const poshan_lab_filter *filter,
                                 poshan_lab_sample **out, size_t *count, poshan_error *err);

typedef struct poshan_lab_revision {
    int revision;
    const char *file, *ingested_at, *ingested_by, *reason;  /* reason: NULL for the first */
    int latest;
    poshan_lab_sample sample;
} poshan_lab_revision;
typedef poshan_status (*poshan_lab_revision_fn)(void *ctx, const poshan_lab_revision *rev,
                                                poshan_error *err);

/* Every revision of sample_id (of that lab, or of any lab when lab is NULL),
 * oldest first. A sample never stored is POSHAN_EINPUT. */
poshan_status poshan_lab_history(poshan_store *store, const char *sample_id, const char *lab,
                                 poshan_lab_revision_fn fn, void *ctx, poshan_error *err);

/* Every sample the filter lets through (NULL: all) as CSV (the ingest
 * columns) or JSON (an array of objects), numbers written so they read back
 * to the same value. */
poshan_status poshan_lab_export(poshan_store *store, const poshan_lab_filter *filter, FILE *out,
                                poshan_format format, poshan_error *err);

#endif
