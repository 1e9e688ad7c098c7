/* store.h: the one SQLite database poshan keeps results in.
 *
 * Opening sets the connection up the same way everywhere (WAL, foreign keys,
 * full synchronous commits, a busy timeout so two processes can write one
 * after the other) and brings the schema up to date by running, in order, the
 * migrations it has not run yet. Other modules add tables by adding a
 * migration to the list in store.c. This file owns the connection, the schema
 * version and transactions; it knows nothing of what the tables mean. */
#ifndef POSHAN_STORE_H
#define POSHAN_STORE_H

#include <sqlite3.h>

#include "error.h"

typedef struct poshan_store {
    sqlite3 *db;
    char path[1024];
} poshan_store;

/* The database to use: path when not NULL, else $POSHAN_DB, else ./poshan.db. */
const char *poshan_store_default_path(const char *path);

/* Opens (creating when absent) and migrates. A database written by a newer
 * poshan (schema version above ours) is refused and left untouched. */
poshan_status poshan_store_open(poshan_store *store, const char *path, poshan_error *err);
/* Opens for reading only (lab summary, flags, export, history): works on a file
 * or folder this user may not write, and writes nothing, so a full disk does
 * not stop it. A missing file or an older schema goes through poshan_store_open. */
poshan_status poshan_store_open_readonly(poshan_store *store, const char *path, poshan_error *err);
void poshan_store_close(poshan_store *store);
/* Opens as poshan_store_open does and hands over the bare connection (close it
 * with sqlite3_close): the server's worker threads each keep one. */
poshan_status poshan_store_open_connection(const char *path, sqlite3 **out, poshan_error *err);

/* The schema version this build writes, and the one the open database has. */
int poshan_store_latest_version(void);
int poshan_store_version(poshan_store *store);

/* BEGIN IMMEDIATE (waits for another writer up to the busy timeout), COMMIT, ROLLBACK. */
poshan_status poshan_store_begin(poshan_store *store, poshan_error *err);
poshan_status poshan_store_commit(poshan_store *store, poshan_error *err);
void poshan_store_rollback(poshan_store *store);

/* A prepared statement, or POSHAN_ESYSTEM with SQLite's message. */
poshan_status poshan_store_prepare(poshan_store *store, const char *sql, sqlite3_stmt **out,
                                   poshan_error *err);
/* Fills err with what went wrong on this connection, in plain words for a full
 * disk ("the disk is full") and a read-only file ("the database file is
 * read-only"), else SQLite's message; returns POSHAN_ESYSTEM, or POSHAN_EBUSY
 * when another writer held the database past the busy timeout. */
poshan_status poshan_store_fail(poshan_store *store, const char *what, poshan_error *err);
poshan_status poshan_store_error(sqlite3 *db, const char *path, const char *what, poshan_error *err);

#endif
