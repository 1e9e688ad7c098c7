/* lab_batches.h: the files the stored lab results came from, as each ingest
 * recorded them (name, SHA-256, when and by whom, rows stored): the sources a
 * report names. Reads the store; prints nothing. */
#ifndef POSHAN_LAB_BATCHES_H
#define POSHAN_LAB_BATCHES_H

#include "store.h"

typedef struct poshan_lab_batch {
    const char *file, *sha256, *ingested_at, *ingested_by;
    long long rows_stored, rows_amended;
} poshan_lab_batch;

typedef poshan_status (*poshan_lab_batch_fn)(void *ctx, const poshan_lab_batch *batch, poshan_error *err);

/* Every ingest that stored or amended a row, oldest first. */
poshan_status poshan_lab_batches(poshan_store *store, poshan_lab_batch_fn fn, void *ctx, poshan_error *err);

#endif
