/* test_auth.c: users, tokens, sessions, roles and the audit table (engine/store/auth.c),
 * on a fresh in-memory database per test. */
#include "helpers.h"

#include <sqlite3.h>

#include "auth.h"
#include "csvsafe.h"

static sqlite3 *db;

static void setup(void) {
    poshan_error err;
    cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    cr_assert_eq(poshan_auth_migrate(db, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_auth_migrate_offices(db, &err), POSHAN_OK, "%s", err.message);
}
static void teardown(void) { sqlite3_close(db); }

TestSuite(auth, .init = setup, .fini = teardown);

static long long count(const char *sql) { return test_count(db, sql); }

static void add(const char *name, poshan_role role, const char *lab, char token[POSHAN_TOKEN_SIZE]) {
    poshan_error err;
    cr_assert_eq(poshan_auth_add_user(db, name, role, lab, "cli:test", token, &err), POSHAN_OK, "%s", err.message);
}

Test(auth, migrate_twice_is_harmless) {
    poshan_error err;
    cr_assert_eq(poshan_auth_migrate(db, &err), POSHAN_OK);
    cr_assert_eq(count("SELECT count(*) FROM sqlite_master WHERE name IN ('users','sessions','audit')"), 3);
}

Test(auth, token_finds_its_user_with_role_and_lab) {
    char token[POSHAN_TOKEN_SIZE];
    add("mitra", POSHAN_ROLE_LAB, "Mitra S K Lab Kolkata", token);
    /* psh_ + 16 hex + _ + 64 hex = 85 characters */
    cr_assert_eq(strlen(token), 85);
    cr_assert_eq(strncmp(token, "psh_", 4), 0);
    poshan_user u;
    poshan_error err;
    cr_assert_eq(poshan_auth_token_user(db, token, &u, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_eq(u.name, "mitra");
    cr_assert_eq(u.role, POSHAN_ROLE_LAB);
    cr_assert_str_eq(u.lab, "Mitra S K Lab Kolkata");
}

Test(auth, database_keeps_only_a_salted_hash_of_the_token) {
    char a[POSHAN_TOKEN_SIZE], b[POSHAN_TOKEN_SIZE];
    add("one", POSHAN_ROLE_ADVISOR, NULL, a);
    add("two", POSHAN_ROLE_ADVISOR, NULL, b);
    cr_assert_str_neq(a, b);
    /* no column holds the secret half of the token */
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT quote(token_salt) || quote(token_hash) || token_id FROM users", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(st, 0);
        cr_assert_null(strstr(row, a + 21));
        cr_assert_null(strstr(row, b + 21));
    }
    sqlite3_finalize(st);
    cr_assert_eq(count("SELECT count(DISTINCT token_salt) FROM users"), 2);
    cr_assert_eq(count("SELECT min(length(token_salt)) FROM users"), 32);
}

Test(auth, changed_token_is_refused) {
    char token[POSHAN_TOKEN_SIZE];
    add("ad", POSHAN_ROLE_ADMIN, NULL, token);
    token[84] = token[84] == '0' ? '1' : '0';  /* last hex digit of the secret */
    poshan_user u;
    poshan_error err;
    cr_assert_eq(poshan_auth_token_user(db, token, &u, &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "token");
}

Test(auth, malformed_tokens_are_refused) {
    poshan_user u;
    poshan_error err;
    const char *bad[] = {"", "psh_", "Bearer", "psh_zzzzzzzzzzzzzzzz_00", NULL};
    for (size_t i = 0; i < 4; i++) cr_assert_eq(poshan_auth_token_user(db, bad[i], &u, &err), POSHAN_EINPUT);
    cr_assert_eq(poshan_auth_token_user(db, bad[4], &u, &err), POSHAN_EINPUT);
}

Test(auth, lab_user_needs_a_lab_and_others_must_not_have_one) {
    char token[POSHAN_TOKEN_SIZE];
    poshan_error err;
    cr_assert_eq(poshan_auth_add_user(db, "x", POSHAN_ROLE_LAB, NULL, "cli", token, &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "lab");
    cr_assert_eq(poshan_auth_add_user(db, "y", POSHAN_ROLE_ADVISOR, "Some Lab", "cli", token, &err), POSHAN_EINPUT);
    cr_assert_eq(count("SELECT count(*) FROM users"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit"), 0);
}

Test(auth, duplicate_name_is_refused_and_changes_nothing) {
    char token[POSHAN_TOKEN_SIZE];
    poshan_error err;
    add("asha", POSHAN_ROLE_ADVISOR, NULL, token);
    cr_assert_eq(poshan_auth_add_user(db, "asha", POSHAN_ROLE_ADMIN, NULL, "cli", token, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "already exists"));
    cr_assert_eq(count("SELECT count(*) FROM users"), 1);
    cr_assert_eq(count("SELECT count(*) FROM audit"), 1);
}

Test(auth, names_with_control_characters_are_refused) {
    char token[POSHAN_TOKEN_SIZE];
    poshan_error err;
    cr_assert_eq(poshan_auth_add_user(db, "a\nb", POSHAN_ROLE_ADVISOR, NULL, "cli", token, &err), POSHAN_EINPUT);
    cr_assert_eq(poshan_auth_add_user(db, "", POSHAN_ROLE_ADVISOR, NULL, "cli", token, &err), POSHAN_EINPUT);
}

Test(auth, adding_a_user_is_audited_with_who_and_what) {
    char token[POSHAN_TOKEN_SIZE];
    add("mitra", POSHAN_ROLE_LAB, "Mitra S K Lab Kolkata", token);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE who = 'cli:test' AND action = 'users.add' "
                       "AND detail = 'user mitra, role lab, lab Mitra S K Lab Kolkata' AND at LIKE '20__-__-__T%Z'"), 1);
}

Test(auth, session_finds_its_user_until_logout) {
    char token[POSHAN_TOKEN_SIZE], session[POSHAN_SESSION_SIZE];
    add("asha", POSHAN_ROLE_ADVISOR, NULL, token);
    poshan_user u, v;
    poshan_error err;
    cr_assert_eq(poshan_auth_token_user(db, token, &u, &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_session_start(db, &u, 3600, session, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(strlen(session), 64);
    cr_assert_eq(poshan_auth_session_user(db, session, &v, &err), POSHAN_OK);
    cr_assert_str_eq(v.name, "asha");
    cr_assert_eq(poshan_auth_session_end(db, session, &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_session_user(db, session, &v, &err), POSHAN_EINPUT);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE who = 'asha' AND action IN ('session.login', 'session.logout')"), 2);
}

Test(auth, expired_session_is_refused) {
    char token[POSHAN_TOKEN_SIZE], session[POSHAN_SESSION_SIZE];
    add("asha", POSHAN_ROLE_ADVISOR, NULL, token);
    poshan_user u, v;
    poshan_error err;
    poshan_auth_token_user(db, token, &u, &err);
    /* lifetime 0: it expires the second it starts */
    cr_assert_eq(poshan_auth_session_start(db, &u, 0, session, &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_session_user(db, session, &v, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "expired"));
}

Test(auth, forged_session_is_refused) {
    poshan_user v;
    poshan_error err;
    char forged[POSHAN_SESSION_SIZE];
    memset(forged, 'a', 64);
    forged[64] = '\0';
    cr_assert_eq(poshan_auth_session_user(db, forged, &v, &err), POSHAN_EINPUT);
    cr_assert_eq(poshan_auth_session_user(db, "not-hex", &v, &err), POSHAN_EINPUT);
}

Test(auth, reads_are_for_advisor_committee_and_admin) {
    poshan_user lab = {.role = POSHAN_ROLE_LAB}, adv = {.role = POSHAN_ROLE_ADVISOR},
                com = {.role = POSHAN_ROLE_COMMITTEE}, adm = {.role = POSHAN_ROLE_ADMIN};
    cr_assert(!poshan_auth_allows(&lab, POSHAN_ACCESS_READ));
    cr_assert(poshan_auth_allows(&adv, POSHAN_ACCESS_READ));
    cr_assert(poshan_auth_allows(&com, POSHAN_ACCESS_READ));
    cr_assert(poshan_auth_allows(&adm, POSHAN_ACCESS_READ));
    cr_assert(!poshan_auth_allows(NULL, POSHAN_ACCESS_READ));
    cr_assert(!poshan_auth_allows(NULL, POSHAN_ACCESS_ANY_USER));
    cr_assert(poshan_auth_allows(NULL, POSHAN_ACCESS_PUBLIC));
}

Test(auth, only_admin_manages_users_and_only_labs_write_results) {
    poshan_user lab = {.role = POSHAN_ROLE_LAB}, adv = {.role = POSHAN_ROLE_ADVISOR},
                com = {.role = POSHAN_ROLE_COMMITTEE}, adm = {.role = POSHAN_ROLE_ADMIN};
    cr_assert(poshan_auth_allows(&adm, POSHAN_ACCESS_ADMIN));
    cr_assert(!poshan_auth_allows(&adv, POSHAN_ACCESS_ADMIN));
    cr_assert(!poshan_auth_allows(&com, POSHAN_ACCESS_ADMIN));
    cr_assert(!poshan_auth_allows(&lab, POSHAN_ACCESS_ADMIN));
    cr_assert(poshan_auth_allows(&lab, POSHAN_ACCESS_LAB_WRITE));
    cr_assert(!poshan_auth_allows(&adm, POSHAN_ACCESS_LAB_WRITE));
    cr_assert(!poshan_auth_allows(&adv, POSHAN_ACCESS_LAB_WRITE));
}

Test(auth, lab_may_write_only_its_own_lab) {
    poshan_user mitra = {.role = POSHAN_ROLE_LAB, .lab = "Mitra S K Lab Kolkata"};
    poshan_user admin = {.role = POSHAN_ROLE_ADMIN};
    poshan_error err;
    cr_assert_eq(poshan_auth_check_lab_write(&mitra, "Mitra S K Lab Kolkata", &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_check_lab_write(&mitra, "ANACON Laboratories Nagpur", &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "ANACON"));
    cr_assert_eq(poshan_auth_check_lab_write(&mitra, "mitra s k lab kolkata", &err), POSHAN_EINPUT);
    cr_assert_eq(poshan_auth_check_lab_write(&admin, "Mitra S K Lab Kolkata", &err), POSHAN_EINPUT);
    cr_assert_eq(poshan_auth_check_lab_write(NULL, "Mitra S K Lab Kolkata", &err), POSHAN_EINPUT);
}

Test(auth, users_json_lists_names_roles_labs_and_no_secrets) {
    char token[POSHAN_TOKEN_SIZE];
    add("mitra", POSHAN_ROLE_LAB, "Mitra S K Lab Kolkata", token);
    add("asha", POSHAN_ROLE_ADVISOR, NULL, token);
    cJSON *users;
    poshan_error err;
    cr_assert_eq(poshan_auth_users_json(db, &users, &err), POSHAN_OK);
    cr_assert_eq(cJSON_GetArraySize(users), 2);
    cJSON *first = cJSON_GetArrayItem(users, 0), *second = cJSON_GetArrayItem(users, 1);
    cr_assert_str_eq(cJSON_GetObjectItem(first, "role")->valuestring, "lab");
    cr_assert_str_eq(cJSON_GetObjectItem(first, "lab")->valuestring, "Mitra S K Lab Kolkata");
    cr_assert(cJSON_IsNull(cJSON_GetObjectItem(second, "lab")));
    cr_assert_null(cJSON_GetObjectItem(first, "token_hash"));
    cJSON_Delete(users);
}

/* ---- CSV downloads ---- */

Test(csvsafe, formula_cells_get_an_apostrophe) {
    const char *in[] = {"=SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "=1"};
    const char *want[] = {"'=SUM(A1:A9)", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1)", "'=1"};
    for (size_t i = 0; i < 5; i++) {
        char *out = poshan_csv_neutralise(in[i]);
        cr_assert_str_eq(out, want[i]);
        free(out);
    }
}

Test(csvsafe, plain_numbers_and_text_are_unchanged) {
    const char *in[] = {"-3.5", "+2", "Mitra S K Lab", "", "a=b", "12"};
    for (size_t i = 0; i < 6; i++) {
        char *out = poshan_csv_neutralise(in[i]);
        cr_assert_str_eq(out, in[i]);
        free(out);
    }
}
