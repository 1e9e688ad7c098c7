/* lab_batches.c: the ingests that put results in the store (see lab_batches.h). */
#include "lab_batches.h"

poshan_status poshan_lab_batches(poshan_store *store, poshan_lab_batch_fn fn, void *ctx, poshan_error *err) {
    sqlite3_stmt *st;
    poshan_status s = poshan_store_prepare(
        store, "SELECT file, sha256, ingested_at, ingested_by, rows_stored, rows_amended FROM batches"
               " WHERE rows_stored + rows_amended > 0 ORDER BY id", &st, err);
    if (s != POSHAN_OK) return s;
    int rc;
    while (s == POSHAN_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        poshan_lab_batch b = {(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                              (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
                              sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5)};
        s = fn(ctx, &b, err);
    }
    if (s == POSHAN_OK && rc != SQLITE_DONE) s = poshan_store_fail(store, "cannot read the ingested files", err);
    sqlite3_finalize(st);
    return s;
}
