/* serve_db.c: the database of the server and of `poshan users` (see serve_db.h). */
#include "serve_db.h"

#include <stdlib.h>

#include "auth.h"

/* How long a writer waits for another one before giving up, in milliseconds:
 * a lab ingest of 100,000 rows commits in well under this. */
#define BUSY_TIMEOUT_MS 10000

const char *poshan_serve_db_path(const char *option) {
    const char *env = getenv("POSHAN_DB");
    return option ? option : env && env[0] ? env : "poshan.db";
}

poshan_status poshan_serve_db_open(const char *path, sqlite3 **out, poshan_error *err) {
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL) != SQLITE_OK) {
        poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, "cannot open the database: %s",
                         db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return POSHAN_EINPUT;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    poshan_status st = POSHAN_OK;
    if (sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;", NULL, NULL, NULL) != SQLITE_OK)
        st = poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, "not a usable SQLite database: %s",
                              sqlite3_errmsg(db));
    if (st == POSHAN_OK) st = poshan_auth_migrate(db, err);
    if (st != POSHAN_OK) {
        sqlite3_close(db);
        return st;
    }
    *out = db;
    return POSHAN_OK;
}
