/* serve_db.h: opening the database for `poshan serve` and `poshan users`.
 * A stand-in until the lab store (store.c) exists: then its open replaces this
 * file, and poshan_auth_migrate becomes one entry of the store's migrations. */
#ifndef POSHAN_SERVE_DB_H
#define POSHAN_SERVE_DB_H

#include <sqlite3.h>

#include "error.h"

/* option when given, else $POSHAN_DB, else ./poshan.db. */
const char *poshan_serve_db_path(const char *option);

/* Opens (creating) the database with WAL, foreign keys and a busy timeout,
 * and creates the auth tables. Close with sqlite3_close. */
poshan_status poshan_serve_db_open(const char *path, sqlite3 **out, poshan_error *err);

#endif
