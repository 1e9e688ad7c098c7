/* test_users.c: users an office runs (engine/store/auth.c, login.c): new
 * tokens, passwords kept as Argon2id, revocation, last use, and the limit on
 * failed logins, on a fresh in-memory database per test migrated as the store
 * does it (with SQLite's extended result codes, as the store turns them on). */
#include "helpers.h"

#include <sqlite3.h>

#include "auth.h"
#include "login.h"

static sqlite3 *db;
static char token[POSHAN_TOKEN_SIZE];
/* A fixed time for the login limit, unix seconds (2026-11-30T00:00:00Z). */
#define NOW 1796083200LL

static void setup(void) {
    poshan_error err;
    cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    sqlite3_extended_result_codes(db, 1);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    cr_assert_eq(poshan_auth_migrate(db, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_auth_migrate_offices(db, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_auth_add_user(db, "asha", POSHAN_ROLE_ADVISOR, NULL, "cli:test", token, &err), POSHAN_OK);
}
static void teardown(void) { sqlite3_close(db); }

TestSuite(users, .init = setup, .fini = teardown, .timeout = 60);

static long long count(const char *sql) { return test_count(db, sql); }

static poshan_status token_user(const char *t) {
    poshan_user u;
    poshan_error err;
    return poshan_auth_token_user(db, t, &u, &err);
}

static poshan_status login(const char *name, const char *password, const char *address, long long now,
                           long *wait) {
    poshan_user u;
    poshan_error err;
    return poshan_auth_password_login(db, name, password, address, now, &u, wait, &err);
}

static void set_password(const char *name, const char *password) {
    poshan_error err;
    cr_assert_eq(poshan_auth_set_password(db, name, password, "cli:test", &err), POSHAN_OK, "%s", err.message);
}

Test(users, adding_an_existing_name_says_so_in_words) {
    char again[POSHAN_TOKEN_SIZE];
    poshan_error err;
    cr_assert_eq(poshan_auth_add_user(db, "asha", POSHAN_ROLE_ADMIN, NULL, "cli:test", again, &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "name");
    cr_assert(strstr(err.message, "a user named 'asha' already exists"), "%s", err.message);
    cr_assert_null(strstr(err.message, "UNIQUE"));
    cr_assert_eq(count("SELECT count(*) FROM users"), 1);
}

Test(users, a_new_token_works_and_the_old_one_stops) {
    char fresh[POSHAN_TOKEN_SIZE];
    poshan_error err;
    cr_assert_eq(poshan_auth_new_token(db, "asha", "cli:root", fresh, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_neq(fresh, token);
    cr_assert_eq(token_user(token), POSHAN_EINPUT);
    cr_assert_eq(token_user(fresh), POSHAN_OK);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE who = 'cli:root' AND action = 'users.token' AND detail = 'asha'"), 1);
}

Test(users, a_new_token_for_nobody_is_refused) {
    char fresh[POSHAN_TOKEN_SIZE];
    poshan_error err;
    cr_assert_eq(poshan_auth_new_token(db, "nobody", "cli:root", fresh, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "no user named 'nobody'"), "%s", err.message);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE action = 'users.token'"), 0);
}

Test(users, a_password_is_kept_only_as_an_argon2id_hash) {
    set_password("asha", "chawal dal 2025");
    cr_assert_eq(count("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%' "
                       "AND instr(password_hash, 'chawal') = 0"), 1);
    long wait;
    cr_assert_eq(login("asha", "chawal dal 2025", "10.0.0.1", NOW, &wait), POSHAN_OK);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE action = 'users.passwd' AND detail = 'asha'"), 1);
}

Test(users, a_devanagari_password_counts_characters) {
    /* "पोषण आहार": 9 characters (4 + space + 4) in 25 bytes: long enough */
    set_password("asha", "पोषण आहार");
    long wait;
    cr_assert_eq(login("asha", "पोषण आहार", "10.0.0.1", NOW, &wait), POSHAN_OK);
}

Test(users, short_or_control_character_passwords_are_refused) {
    poshan_error err;
    cr_assert_eq(poshan_auth_set_password(db, "asha", "seven77", "cli:test", &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "8 to 256 characters; this one has 7"), "%s", err.message);
    cr_assert_eq(poshan_auth_set_password(db, "asha", "tab\there too", "cli:test", &err), POSHAN_EINPUT);
    cr_assert_eq(poshan_auth_set_password(db, "asha", "bad \xff utf-8 text", "cli:test", &err), POSHAN_EINPUT);
    cr_assert_eq(count("SELECT count(*) FROM users WHERE password_hash IS NOT NULL"), 0);
}

Test(users, wrong_password_and_unknown_name_give_the_same_answer) {
    set_password("asha", "chawal dal 2025");
    poshan_user u;
    poshan_error a, b;
    long wait;
    cr_assert_eq(poshan_auth_password_login(db, "asha", "wrong guess!", "10.0.0.1", NOW, &u, &wait, &a), POSHAN_EINPUT);
    cr_assert_eq(poshan_auth_password_login(db, "nobody", "wrong guess!", "10.0.0.1", NOW, &u, &wait, &b), POSHAN_EINPUT);
    cr_assert_str_eq(a.message, "wrong user name or password");
    cr_assert_str_eq(b.message, a.message);
    cr_assert_eq(wait, 0);
    cr_assert_eq(count("SELECT count(*) FROM login_failures"), 2);
}

Test(users, revoke_ends_token_password_and_sessions_and_keeps_the_user) {
    set_password("asha", "chawal dal 2025");
    poshan_user u;
    char session[POSHAN_SESSION_SIZE];
    poshan_error err;
    cr_assert_eq(poshan_auth_token_user(db, token, &u, &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_session_start(db, &u, 3600, session, &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_revoke(db, "asha", "root", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(token_user(token), POSHAN_EINPUT);
    cr_assert_eq(poshan_auth_session_user(db, session, &u, &err), POSHAN_EINPUT);
    long wait;
    cr_assert_eq(login("asha", "chawal dal 2025", "10.0.0.1", NOW, &wait), POSHAN_EINPUT);
    cr_assert_eq(count("SELECT count(*) FROM users WHERE name = 'asha' AND revoked_at IS NOT NULL "
                       "AND password_hash IS NULL"), 1);
    cr_assert_eq(count("SELECT count(*) FROM sessions"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE who = 'root' AND action = 'users.revoke' AND detail = 'asha'"), 1);
    cJSON *users;
    cr_assert_eq(poshan_auth_users_json(db, &users, &err), POSHAN_OK);
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(users, 0), "state")->valuestring, "revoked");
    cJSON_Delete(users);
}

Test(users, a_new_token_makes_a_revoked_user_active_again) {
    char fresh[POSHAN_TOKEN_SIZE];
    poshan_error err;
    cr_assert_eq(poshan_auth_revoke(db, "asha", "root", &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_new_token(db, "asha", "root", fresh, &err), POSHAN_OK);
    cr_assert_eq(token_user(fresh), POSHAN_OK);
    cr_assert_eq(count("SELECT count(*) FROM users WHERE revoked_at IS NULL"), 1);
}

Test(users, a_new_password_ends_the_users_sessions) {
    poshan_user u;
    char session[POSHAN_SESSION_SIZE];
    poshan_error err;
    cr_assert_eq(poshan_auth_token_user(db, token, &u, &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_session_start(db, &u, 3600, session, &err), POSHAN_OK);
    set_password("asha", "a new pass phrase");
    cr_assert_eq(poshan_auth_session_user(db, session, &u, &err), POSHAN_EINPUT);
}

Test(users, last_use_is_recorded_and_listed) {
    cJSON *users;
    poshan_error err;
    cr_assert_eq(poshan_auth_users_json(db, &users, &err), POSHAN_OK);
    cJSON *asha = cJSON_GetArrayItem(users, 0);
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(asha, "last_used_at")));
    cr_assert_str_eq(cJSON_GetObjectItem(asha, "state")->valuestring, "active");
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(asha, "password")));
    cJSON_Delete(users);
    cr_assert_eq(token_user(token), POSHAN_OK);
    cr_assert_eq(count("SELECT count(*) FROM users WHERE last_used_at >= strftime('%s', 'now') - 5"), 1);
    cr_assert_eq(poshan_auth_users_json(db, &users, &err), POSHAN_OK);
    const cJSON *last = cJSON_GetObjectItem(cJSON_GetArrayItem(users, 0), "last_used_at");
    cr_assert(cJSON_IsString(last) && strlen(last->valuestring) == 20, "YYYY-MM-DDTHH:MM:SSZ");
    cJSON_Delete(users);
}

Test(users, the_sixth_failure_for_a_name_in_15_minutes_is_refused_unchecked) {
    set_password("asha", "chawal dal 2025");
    long wait;
    /* five failures, a minute apart, from five addresses (so only the name's limit counts) */
    for (int i = 0; i < POSHAN_LOGIN_MAX_PER_NAME; i++) {
        char address[32];
        snprintf(address, sizeof address, "10.0.0.%d", i + 1);
        cr_assert_eq(login("asha", "wrong guess!", address, NOW + 60 * i, &wait), POSHAN_EINPUT);
        cr_assert_eq(wait, 0);
    }
    /* even the right password waits: the first failure (NOW) leaves the window
     * at NOW + 900; asked at NOW + 300, that is 600 s away */
    cr_assert_eq(login("asha", "chawal dal 2025", "10.0.0.9", NOW + 300, &wait), POSHAN_EINPUT);
    cr_assert_eq(wait, 600);
    cr_assert_eq(count("SELECT count(*) FROM login_failures"), 5, "a refused try is not counted");
    /* at NOW + 900 the first failure has left: four remain, a try is allowed */
    cr_assert_eq(login("asha", "chawal dal 2025", "10.0.0.9", NOW + 900, &wait), POSHAN_OK);
    cr_assert_eq(count("SELECT count(*) FROM login_failures WHERE name = 'asha'"), 0, "a success forgets");
}

Test(users, the_twenty_first_failure_from_an_address_is_refused_for_any_name) {
    /* twenty failures from one address, for twenty names, recorded as the login records them */
    for (int i = 0; i < POSHAN_LOGIN_MAX_PER_ADDRESS; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "INSERT INTO login_failures (at, name, address) VALUES (%lld, 'name%d', '10.9.9.9')",
                 NOW + i, i);
        cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    }
    set_password("asha", "chawal dal 2025");
    long wait;
    /* the oldest (NOW) leaves at NOW + 900: from NOW + 100, 800 s */
    cr_assert_eq(login("asha", "chawal dal 2025", "10.9.9.9", NOW + 100, &wait), POSHAN_EINPUT);
    cr_assert_eq(wait, 800);
    cr_assert_eq(login("asha", "chawal dal 2025", "10.9.9.8", NOW + 100, &wait), POSHAN_OK);
}

Test(users, old_failures_are_forgotten_when_a_new_one_is_recorded) {
    cr_assert_eq(sqlite3_exec(db, "INSERT INTO login_failures (at, name, address) VALUES (1000, 'x', 'a')",
                              NULL, NULL, NULL), SQLITE_OK);
    long wait;
    cr_assert_eq(login("nobody", "wrong guess!", "10.0.0.1", NOW, &wait), POSHAN_EINPUT);
    cr_assert_eq(count("SELECT count(*) FROM login_failures"), 1);
    cr_assert_eq(count("SELECT count(*) FROM login_failures WHERE name = 'nobody'"), 1);
}
