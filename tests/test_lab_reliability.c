/* test_lab_reliability.c: the store under a killed ingest and under two
 * ingests at once, each from its own `poshan` process. */
#include "lab_helpers.h"

#include <signal.h>
#include <sys/stat.h>

/* Writes rows R-first .. R-(first+n-1), the same values for the same number. */
static char *write_rows(long first, long n) {
    char *path = test_write_temp(".csv", LAB_HEADER);
    FILE *out = fopen(path, "a");
    cr_assert_not_null(out);
    for (long i = first; i < first + n; i++)
        fprintf(out, "R-%ld,Lab R,%011ld,School %ld,Raipur,Arang,%s,school,2018-11-05,2018-11-08,%ld.5,%ld.25,absent,%ld,%ld,monday,\n",
                i, 22070000000L + i % 100000, i % 100000, i % 2 ? "primary" : "upper_primary",
                300 + i % 600, 8 + i % 20, i % 90000, i % 100);
    fclose(out);
    return path;
}

static pid_t start_ingest(const char *file, const char *db) {
    const char *bin = getenv("POSHAN_BIN");
    if (bin == NULL) bin = "build/poshan";
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execl(bin, "poshan", "lab", "ingest", file, "--db", db, "--by", "tester", (char *)NULL);
        _exit(127);
    }
    return pid;
}

static long file_size(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : 0;
}

Test(lab_reliability, a_killed_ingest_leaves_all_or_none_of_its_file_and_a_sound_database) {
    enum { ROWS = 300000 };
    char *file = write_rows(0, ROWS), *db = lab_temp_db(), wal[1100];
    snprintf(wal, sizeof wal, "%s-wal", db);
    pid_t pid = start_ingest(file, db);
    /* The transaction spills pages to the WAL long before it commits: once
     * the WAL passes 4 MB the ingest is in the middle of the file. */
    int status, exited = 0;
    while (file_size(wal) < 4L << 20 && !(exited = waitpid(pid, &status, WNOHANG) == pid)) usleep(2000);
    cr_assert_not(exited, "the ingest finished before it could be killed: make the file larger");
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    cr_assert(WIFSIGNALED(status));
    poshan_store store;
    lab_open(&store, db);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(store.db, "PRAGMA integrity_check", -1, &st, NULL);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    double stored = lab_query_number(&store, "SELECT count(*) FROM samples");
    double batches = lab_query_number(&store, "SELECT count(*) FROM batches");
    cr_assert(stored == 0 || stored == ROWS, "%g rows stored", stored);
    cr_assert_eq(batches, stored == ROWS ? 1 : 0);
    poshan_store_close(&store);
    lab_remove_db(db);
    unlink(file);
    free(file);
}

Test(lab_reliability, two_ingests_at_once_both_land_and_nothing_is_doubled) {
    /* A holds R-0..R-19999, B R-10000..R-29999: 30000 samples, 10000 in both */
    char *a = write_rows(0, 20000), *b = write_rows(10000, 20000), *db = lab_temp_db();
    poshan_store store;
    lab_open(&store, db);  /* created first, so both processes open an existing database */
    pid_t pa = start_ingest(a, db), pb = start_ingest(b, db);
    int sa, sb;
    waitpid(pa, &sa, 0);
    waitpid(pb, &sb, 0);
    cr_assert(WIFEXITED(sa) && WEXITSTATUS(sa) == 0);
    cr_assert(WIFEXITED(sb) && WEXITSTATUS(sb) == 0);
    cr_assert_eq(lab_query_number(&store, "SELECT count(*) FROM samples"), 30000);
    cr_assert_eq(lab_query_number(&store, "SELECT count(*) FROM batches"), 2);
    cr_assert_eq(lab_query_number(&store, "SELECT sum(rows_stored) FROM batches"), 30000);
    cr_assert_eq(lab_query_number(&store, "SELECT sum(rows_unchanged) FROM batches"), 10000);
    poshan_store_close(&store);
    lab_remove_db(db);
    unlink(a);
    unlink(b);
    free(a);
    free(b);
}
