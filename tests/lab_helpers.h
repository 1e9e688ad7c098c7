/* lab_helpers.h: what the lab tests share: a fresh database, the shipped
 * norms, ingesting a file or a text, and one number from a query. */
#ifndef POSHAN_TEST_LAB_HELPERS_H
#define POSHAN_TEST_LAB_HELPERS_H

#include "helpers.h"

#include "lab_store.h"

#define LAB_HEADER                                                                               \
    "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on," \
    "energy_kcal,protein_g,e_coli,total_plate_count_cfu_g,coliforms_cfu_g,menu_day,remarks\n"
/* A row that passes every check; tests change one field of it. */
#define LAB_GOOD_ROW \
    "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n"

static inline const poshan_lab_plausibility *lab_plausibility(void) {
    static poshan_lab_plausibility plausible;
    static int loaded;
    poshan_error err;
    if (!loaded)
        cr_assert_eq(poshan_lab_plausibility_load(&plausible, "nutrients/plausibility.json", &err), POSHAN_OK, "%s",
                     err.message);
    loaded = 1;
    return &plausible;
}

static inline const poshan_norms *lab_norms(void) {
    static poshan_norms norms;
    static int loaded;
    poshan_error err;
    if (!loaded) cr_assert_eq(poshan_norms_load(&norms, "nutrients/norms.json", &err), POSHAN_OK, "%s", err.message);
    loaded = 1;
    return &norms;
}

/* A path for a database that does not exist yet (malloc'd). */
static inline char *lab_temp_db(void) {
    char *path = test_write_temp(".db", "");
    unlink(path);
    return path;
}

static inline void lab_open(poshan_store *store, const char *path) {
    poshan_error err;
    cr_assert_eq(poshan_store_open(store, path, &err), POSHAN_OK, "%s", err.message);
}

/* Removes the database and its WAL files, and frees the path. */
static inline void lab_remove_db(char *path) {
    char side[1100];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    unlink(path);
    free(path);
}

static inline poshan_status lab_ingest(poshan_store *store, const char *path, int partial,
                                       const char *amend_reason, poshan_lab_ingest_result *r,
                                       poshan_error *err) {
    poshan_lab_ingest_options o = {.norms = lab_norms(), .plausibility = lab_plausibility(), .by = "tester",
                                   .partial = partial,
                                   .amend = amend_reason != NULL, .reason = amend_reason};
    return poshan_lab_ingest_file(store, path, &o, r, err);
}

/* Writes text to a temporary file with that suffix, ingests it, removes it. */
static inline poshan_status lab_ingest_text(poshan_store *store, const char *suffix, const char *text,
                                            poshan_lab_ingest_result *r, poshan_error *err) {
    char *path = test_write_temp(suffix, text);
    poshan_status st = lab_ingest(store, path, 0, NULL, r, err);
    unlink(path);
    free(path);
    return st;
}

/* The first column of the first row of a query, as a double. */
static inline double lab_query_number(poshan_store *store, const char *sql) {
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(store->db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(store->db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    double v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

#endif
