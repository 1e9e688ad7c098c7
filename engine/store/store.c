/* store.c: opening, configuring and migrating the SQLite database (see store.h).
 *
 * The schema is the ordered list `migrations` below; entry i brings a
 * database from version i to version i + 1 (PRAGMA user_version). To add a
 * table, append one entry: never edit an entry that has shipped. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "i18n.h"

/* How long a writer waits for another process's transaction before giving
 * up. An ingest of ten million rows holds the write lock for about a minute
 * on the benchmark machine, so a second ingest waits up to ten minutes. */
#define STORE_BUSY_TIMEOUT_MS (10 * 60 * 1000)

/* The columns of a lab sample, shared by the latest values and the revisions. */
#define SAMPLE_COLUMNS                                             \
    "  lab TEXT NOT NULL, sample_id TEXT NOT NULL,"                \
    "  revision INTEGER NOT NULL,"                                 \
    "  batch_id INTEGER NOT NULL REFERENCES batches(id),"          \
    "  reason TEXT,"                                               \
    "  school_udise TEXT NOT NULL, school_name TEXT NOT NULL,"     \
    "  district TEXT NOT NULL, block TEXT NOT NULL,"               \
    "  level TEXT NOT NULL, kitchen TEXT NOT NULL,"                \
    "  sampled_on TEXT NOT NULL, tested_on TEXT NOT NULL,"         \
    "  energy_kcal REAL NOT NULL, protein_g REAL NOT NULL,"        \
    "  e_coli TEXT, total_plate_count_cfu_g REAL, coliforms_cfu_g REAL," \
    "  menu_day TEXT, remarks TEXT,"

/* A migration is SQL, or a function of the module owning the tables (one of the two). */
typedef struct migration {
    const char *sql;
    poshan_status (*run)(sqlite3 *db, poshan_error *err);
} migration;

static const migration migrations[] = {
    /* 1: lab results (engine/lab/lab.c). `samples` holds the latest revision of
     * each (lab, sample_id); `sample_revisions` the values it replaced. */
    {"CREATE TABLE batches ("
    "  id INTEGER PRIMARY KEY,"
    "  file TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  ingested_at TEXT NOT NULL,"
    "  ingested_by TEXT NOT NULL,"
    "  rows_read INTEGER NOT NULL DEFAULT 0,"
    "  rows_stored INTEGER NOT NULL DEFAULT 0,"
    "  rows_unchanged INTEGER NOT NULL DEFAULT 0,"
    "  rows_amended INTEGER NOT NULL DEFAULT 0,"
    "  rows_rejected INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE samples (" SAMPLE_COLUMNS "  PRIMARY KEY (lab, sample_id)) WITHOUT ROWID;"
    "CREATE TABLE sample_revisions (" SAMPLE_COLUMNS "  PRIMARY KEY (lab, sample_id, revision));",
     NULL},
    /* 2: users, sessions and the audit table of the server (engine/store/auth.c). */
    {NULL, poshan_auth_migrate},
    /* 3: the flags and summary filters (GET /api/lab/flags?district=...&level=...&from=...)
     * read one district's level and months, not every sample. */
    {"CREATE INDEX samples_by_district ON samples (district, level, sampled_on);"
     "CREATE INDEX samples_by_date ON samples (sampled_on);", NULL},
    /* 4: ... and then measured: the two indexes made a large ingest 2.2 times
     * slower (random inserts into two more B-trees), while a filter that scans
     * every sample takes 0.3 s at a million results and the server keeps each
     * answer until the next ingest. Bulk loads matter more: drop them. */
    {"DROP INDEX samples_by_district; DROP INDEX samples_by_date;", NULL},
    /* 5: users an office runs: passwords, revocation, last use, failed logins
     * (engine/store/auth.c, login.c); and the rejected rows of a partial upload
     * on the lab page, kept with its batch for the clerk to download. */
    {NULL, poshan_auth_migrate_offices},
    {"CREATE TABLE IF NOT EXISTS batch_rejects ("
     "  batch_id INTEGER PRIMARY KEY REFERENCES batches(id),"
     "  lab TEXT NOT NULL,"  /* the lab of the user who uploaded: only that lab sees them */
     "  csv TEXT NOT NULL);", NULL},
};
static const int nmigrations = (int)(sizeof migrations / sizeof migrations[0]);

int poshan_store_latest_version(void) { return nmigrations; }

const char *poshan_store_default_path(const char *path) {
    if (path && path[0]) return path;
    const char *env = getenv("POSHAN_DB");
    return env && env[0] ? env : "poshan.db";
}

poshan_status poshan_store_error(sqlite3 *db, const char *path, const char *what, poshan_error *err) {
    int extended = db ? sqlite3_extended_errcode(db) : SQLITE_MISUSE, code = extended & 0xff;
    /* SQLite says SQLITE_FULL for ENOSPC; a write refused otherwise (a quota,
     * a file-size limit: EDQUOT, EFBIG) comes as SQLITE_IOERR_WRITE, without
     * the errno, and means the same to the user. */
    if (code == SQLITE_FULL || extended == SQLITE_IOERR_WRITE)
        return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL,
                                _("the disk is full%s: nothing was stored (database %s); free some space "
                                "and run the same command again"), code == SQLITE_FULL ? "" :
                                " (or refuses more writes: a quota or file-size limit)", what);
    if (code == SQLITE_READONLY)
        return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL,
                                _("the database file is read-only (or its folder is) for this user: nothing "
                                "was stored (database %s); reading commands still work"), what);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return poshan_error_set(err, POSHAN_EBUSY, path, 0, NULL,
                                _("the database is busy with another change (an ingest?): try again shortly "
                                "(database %s)"), what);
    return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, _("database %s: %s"), what,
                            db ? sqlite3_errmsg(db) : "not open");
}

poshan_status poshan_store_fail(poshan_store *store, const char *what, poshan_error *err) {
    return poshan_store_error(store->db, store->path, what, err);
}

static poshan_status exec(poshan_store *store, const char *sql, const char *what,
                          poshan_error *err) {
    if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return poshan_store_fail(store, what, err);
    return POSHAN_OK;
}

poshan_status poshan_store_prepare(poshan_store *store, const char *sql, sqlite3_stmt **out,
                                   poshan_error *err) {
    if (sqlite3_prepare_v2(store->db, sql, -1, out, NULL) != SQLITE_OK)
        return poshan_store_fail(store, "statement", err);
    return POSHAN_OK;
}

int poshan_store_version(poshan_store *store) {
    sqlite3_stmt *st;
    int version = -1;
    if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return version;
}

poshan_status poshan_store_begin(poshan_store *store, poshan_error *err) {
    return exec(store, "BEGIN IMMEDIATE", "cannot start a transaction", err);
}

poshan_status poshan_store_commit(poshan_store *store, poshan_error *err) {
    poshan_status st = exec(store, "COMMIT", "cannot commit", err);
    if (st != POSHAN_OK) poshan_store_rollback(store);
    return st;
}

void poshan_store_rollback(poshan_store *store) {
    if (!sqlite3_get_autocommit(store->db)) sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A version this poshan can read or bring up to date: 0 (a new file) to
 * nmigrations. Any other is refused before the file is touched: a negative
 * one would index the migrations before their start. */
static poshan_status check_version(poshan_store *store, int version, poshan_error *err) {
    if (version > nmigrations)
        return poshan_error_set(err, POSHAN_EINPUT, store->path, 0, NULL,
                                _("this database has schema version %d, written by a newer poshan; "
                                "this poshan knows versions up to %d: use the newer poshan"),
                                version, nmigrations);
    if (version < 0)
        return poshan_error_set(err, POSHAN_EINPUT, store->path, 0, NULL,
                                _("this database has schema version %d, which no poshan writes (they are 0 "
                                "to %d): it is damaged or not a poshan database; it was left as it is"),
                                version, nmigrations);
    return POSHAN_OK;
}

/* Runs the migrations this database lacks, all in one transaction, after
 * re-reading the version under the write lock (another process may have
 * migrated it meanwhile). An up-to-date database takes no lock: opening
 * never waits for another process's write. */
static poshan_status migrate(poshan_store *store, poshan_error *err) {
    int version = poshan_store_version(store);
    if (version == nmigrations) return POSHAN_OK;
    poshan_status st = poshan_store_begin(store, err);
    if (st != POSHAN_OK) return st;
    version = poshan_store_version(store);
    if ((st = check_version(store, version, err)) != POSHAN_OK) {
        poshan_store_rollback(store);
        return st;
    }
    for (int v = version; v < nmigrations && st == POSHAN_OK; v++) {
        char sql[64];
        st = migrations[v].sql ? exec(store, migrations[v].sql, "cannot update the schema", err)
                               : migrations[v].run(store->db, err);
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (st == POSHAN_OK) st = exec(store, sql, "cannot record the schema version", err);
    }
    if (st != POSHAN_OK) {
        poshan_store_rollback(store);
        return st;
    }
    return poshan_store_commit(store, err);
}

/* Opens the database at path (by the URI name when not NULL) with flags, and
 * refuses a schema version out of range before anything is written. */
static poshan_status open_checked(poshan_store *store, const char *path, const char *name, int flags,
                                  poshan_error *err) {
    memset(store, 0, sizeof *store);
    snprintf(store->path, sizeof store->path, "%s", path);
    if (sqlite3_open_v2(name ? name : path, &store->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        poshan_status st = poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL,
                                            _("cannot open the database: %s"),
                                            store->db ? sqlite3_errmsg(store->db) : "out of memory");
        poshan_store_close(store);
        return st;
    }
    sqlite3_busy_timeout(store->db, STORE_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(store->db, 1);
    int version = poshan_store_version(store);
    poshan_status st = version == -1 && sqlite3_errcode(store->db) != SQLITE_OK
                           ? poshan_store_fail(store, "cannot be read (is it a poshan database?)", err)
                           : check_version(store, version, err);
    if (st != POSHAN_OK) poshan_store_close(store);
    return st;
}

poshan_status poshan_store_open(poshan_store *store, const char *path, poshan_error *err) {
    poshan_status st = open_checked(store, path, NULL, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, err);
    if (st != POSHAN_OK) return st;
    /* synchronous=FULL: a commit is on disk before it returns (it costs only
     * at commit, and an ingest commits once per file). cache_size: 64 MB of
     * pages, so a large ingest spills to the WAL less often; memory stays at
     * that bound however long the file. page_size: 16 kB pages hold about
     * a hundred samples each, so an ingest splits and writes a quarter as
     * many pages as with the default 4 kB (20 % faster on a million rows). It
     * applies only to a new, empty file, so it comes before WAL mode. */
    st = exec(store,
                            "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
                            " PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;",
                            "cannot be set up (is it a poshan database?)", err);
    if (st == POSHAN_OK) st = migrate(store, err);
    if (st != POSHAN_OK) poshan_store_close(store);
    return st;
}

void poshan_store_close(poshan_store *store) {
    if (store->db) sqlite3_close_v2(store->db);
    store->db = NULL;
}

poshan_status poshan_store_open_readonly(poshan_store *store, const char *path, poshan_error *err) {
    /* No file yet, or a path a URI would read otherwise: the writing open, as before. */
    if (access(path, F_OK) != 0 || strpbrk(path, "%?#")) return poshan_store_open(store, path, err);
    char *dir = strdup(path), *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash) *slash = '\0';
    /* A file nobody here may change (its folder read-only too) is read as
     * unchanging: SQLite then needs no -shm file beside it, which it could not make. */
    int immutable = access(path, W_OK) != 0 && access(slash ? (dir[0] ? dir : "/") : ".", W_OK) != 0;
    free(dir);
    char uri[sizeof store->path + 32];
    snprintf(uri, sizeof uri, "file:%s%s", path, immutable ? "?immutable=1" : "");
    poshan_status st = open_checked(store, path, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, err);
    if (st != POSHAN_OK) return st;
    if (poshan_store_version(store) < nmigrations) {  /* an old schema: brought up to date first */
        poshan_store_close(store);
        return poshan_store_open(store, path, err);
    }
    st = exec(store, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
              "cannot be set up (is it a poshan database?)", err);
    if (st != POSHAN_OK) poshan_store_close(store);
    return st;
}

poshan_status poshan_store_open_connection(const char *path, sqlite3 **out, poshan_error *err) {
    poshan_store store;
    poshan_status st = poshan_store_open(&store, path, err);
    *out = st == POSHAN_OK ? store.db : NULL;
    return st;
}
