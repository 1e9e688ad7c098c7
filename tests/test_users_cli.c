/* test_users_cli.c: `poshan users token|passwd|revoke|list` as an office runs
 * them, on a temporary database; what they change is read back from it. */
#include "helpers.h"

#include <sqlite3.h>

static char *db_path;

static void setup(void) {
    db_path = test_write_temp(".db", "");
    char *args = NULL;
    cr_assert(asprintf(&args, "users add asha --role advisor --db %s >/dev/null", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, NULL, NULL), 0);
    free(args);
}

static void teardown(void) {
    test_remove_db(db_path);
    free(db_path);
}

TestSuite(users_cli, .init = setup, .fini = teardown, .timeout = 60);

/* Runs `poshan users ARGS --db DB` (args may end in a redirection); exit code. */
static int users(const char *args, char **out, char **errs) {
    char *cmd = NULL;
    cr_assert(asprintf(&cmd, "users %s --db %s", args, db_path) > 0);
    int rc = test_run_poshan(cmd, out, errs);
    free(cmd);
    return rc;
}

static long long count(const char *sql) {
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    long long n = test_count(db, sql);
    sqlite3_close(db);
    return n;
}

Test(users_cli, adding_an_existing_name_is_a_plain_message_and_exit_1) {
    char *out, *errs;
    cr_assert_eq(users("add asha --role admin", &out, &errs), 1);
    cr_assert_str_eq(out, "");
    cr_assert(strstr(errs, "a user named 'asha' already exists"), "%s", errs);
    cr_assert_null(strstr(errs, "UNIQUE"), "%s", errs);
    free(out);
    free(errs);
}

Test(users_cli, token_prints_a_new_token_alone_and_audits_it) {
    char *out, *errs;
    cr_assert_eq(users("token asha", &out, &errs), 0, "%s", errs);
    cr_assert_eq(strlen(out), 86, "%s", out);  /* psh_ + 16 + _ + 64 hex, and a newline */
    cr_assert_eq(strncmp(out, "psh_", 4), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE action = 'users.token' AND detail = 'asha' "
                       "AND who LIKE 'cli:%'"), 1);
    free(out);
    free(errs);
}

Test(users_cli, passwd_reads_standard_input_and_keeps_an_argon2id_hash) {
    char *pw = test_write_temp(".txt", "haldi chawal 42\n"), *args = NULL, *errs;
    cr_assert(asprintf(&args, "passwd asha < %s", pw) > 0);
    cr_assert_eq(users(args, NULL, &errs), 0, "%s", errs);
    cr_assert_eq(count("SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%' "
                       "AND instr(password_hash, 'haldi') = 0"), 1);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE action = 'users.passwd' AND detail = 'asha'"), 1);
    unlink(pw);
    free(pw);
    free(args);
    free(errs);
}

Test(users_cli, passwd_too_short_is_exit_1_and_sets_nothing) {
    char *pw = test_write_temp(".txt", "short\n"), *args = NULL, *errs;
    cr_assert(asprintf(&args, "passwd asha < %s", pw) > 0);
    cr_assert_eq(users(args, NULL, &errs), 1);
    unlink(pw);
    free(pw);
    free(args);
    cr_assert(strstr(errs, "8 to 256 characters; this one has 5"), "%s", errs);
    cr_assert_eq(count("SELECT count(*) FROM users WHERE password_hash IS NOT NULL"), 0);
    free(errs);
}

Test(users_cli, revoke_ends_access_and_list_shows_the_user_revoked) {
    char *out, *errs;
    cr_assert_eq(users("revoke asha", NULL, &errs), 0, "%s", errs);
    free(errs);
    cr_assert_eq(users("list --format csv", &out, NULL), 0);
    cr_assert(strstr(out, "\nasha,advisor,,revoked,none,never,"), "%s", out);
    free(out);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE action = 'users.revoke' AND detail = 'asha'"), 1);
}

Test(users_cli, naming_nobody_is_exit_1) {
    char *errs;
    cr_assert_eq(users("revoke nobody", NULL, &errs), 1);
    cr_assert(strstr(errs, "no user named 'nobody'"), "%s", errs);
    free(errs);
}

Test(users_cli, unknown_action_or_a_missing_name_is_exit_2) {
    cr_assert_eq(users("delete asha", NULL, NULL), 2);
    cr_assert_eq(users("token", NULL, NULL), 2);
    cr_assert_eq(users("revoke asha --role admin", NULL, NULL), 2);
}
