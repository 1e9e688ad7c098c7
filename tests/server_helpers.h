/* server_helpers.h: what the server suites (test_server.c, test_attack.c)
 * share: the shipped data a server serves with, and a fresh database with its
 * schema, opened for the test's own checks. Header-only, like helpers.h. */
#ifndef POSHAN_TEST_SERVER_HELPERS_H
#define POSHAN_TEST_SERVER_HELPERS_H

#include "helpers.h"

#include "auth.h"
#include "foods.h"
#include "handlers.h"
#include "lab_flags.h"
#include "norms.h"
#include "plausible.h"
#include "store.h"

/* Every test user's password is "haldi chawal 42", stored as this Argon2id hash of
 * it (crypto_pwhash_str at the interactive limits, made once with libsodium), so
 * that setting up costs no hashing; a login still checks it as any login does. */
#define TEST_PASSWORD "haldi chawal 42"
#define TEST_PASSWORD_HASH \
    "$argon2id$v=19$m=65536,t=2,p=1$G44sLMmWQkTiThSqagoGIw$RSx5dWXnAGxb6bckEoC3WcQyHVCkti4x0QaWQbYTAns"
/* The login form's body for a test user (TEST_PASSWORD, form-encoded). */
#define TEST_LOGIN_BODY(name) "name=" name "&password=haldi+chawal+42"

/* Loads the shipped foods, norms, microbial limits and plausible ranges, and
 * opens a new temporary database (*db_path, malloc'd) as *db. */
static inline void test_server_data(poshan_foods *foods, poshan_norms *norms, poshan_lab_limits *limits,
                                    poshan_lab_plausibility *plausibility, char **db_path, sqlite3 **db) {
    poshan_error err;
    cr_assert_eq(poshan_foods_load_default(foods, "nutrients", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_norms_load(norms, "nutrients/norms.json", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_lab_limits_load(limits, "nutrients/microbial-limits.json", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_lab_plausibility_load(plausibility, "nutrients/plausibility.json", &err), POSHAN_OK, "%s",
                 err.message);
    *db_path = test_write_temp(".db", "");
    cr_assert_eq(poshan_store_open_connection(*db_path, db, &err), POSHAN_OK, "%s", err.message);
}

/* A user of the test database with the test password; its token in token. */
static inline void test_add_user(sqlite3 *db, const char *name, poshan_role role, const char *lab_name,
                                 char *token) {
    poshan_error err;
    cr_assert_eq(poshan_auth_add_user(db, name, role, lab_name, "test", token, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_auth_store_password(db, name, TEST_PASSWORD_HASH, "test", &err), POSHAN_OK, "%s", err.message);
}

/* A server on a free loopback port, on two threads, serving the data of
 * test_server_data, every route and the shipped pages and plans; the caller
 * sets what its suite does otherwise, then sets answers and starts it. */
static inline poshan_server_config test_server_config(const char *db_path, const poshan_foods *foods,
                                                      const poshan_norms *norms, const poshan_lab_limits *limits,
                                                      const poshan_lab_plausibility *plausibility) {
    return (poshan_server_config){.bind = "127.0.0.1", .port = 0, .threads = 2, .db_path = db_path,
                                  .db_open = poshan_store_open_connection, .foods = foods, .norms = norms,
                                  .limits = limits, .plausibility = plausibility, .pages_dir = "web",
                                  .plans_dir = "menus/interventions", .session_lifetime_s = 3600,
                                  .routes = poshan_routes, .nroutes = poshan_nroutes,
                                  .bodies = poshan_route_bodies, .nbodies = poshan_nroute_bodies};
}

#endif
