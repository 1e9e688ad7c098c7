/* test_store_guard.c: a database that is damaged, read-only or on a full disk:
 * a schema version out of range is refused with the file untouched; reading
 * commands work on a file and folder the user may only read; writing commands
 * say plainly which it is. */
#include "lab_helpers.h"

#include <sys/stat.h>

static char dir[] = "/tmp/poshan-guard-XXXXXX";
static char db_path[64];

static void make_dir(void) {
    cr_assert_not_null(mkdtemp(dir));
    snprintf(db_path, sizeof db_path, "%s/poshan.db", dir);
}

static void remove_dir(void) {
    chmod(dir, 0700);
    char *cmd = NULL;
    cr_assert(asprintf(&cmd, "rm -rf %s", dir) > 0);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
}

TestSuite(store_guard, .init = make_dir, .fini = remove_dir);

/* Runs poshan with args (db_path appended as --db); returns the exit code,
 * stdout and stderr. prefix goes before the binary (a shell command's start). */
static int run(const char *prefix, const char *args, char **out, char **err_text) {
    const char *bin = getenv("POSHAN_BIN");
    char *cmd = NULL, *err_path = test_write_temp(".err", "");
    cr_assert(asprintf(&cmd, "%s %s %s --db %s 2>%s", prefix, bin ? bin : "build/poshan", args, db_path, err_path) > 0);
    FILE *p = popen(cmd, "r");
    size_t cap = 1 << 16, used = 0, n;
    char *buf = malloc(cap);
    while ((n = fread(buf + used, 1, cap - used - 1, p)) > 0) {
        used += n;
        if (used + 1 == cap) buf = realloc(buf, cap *= 2);
    }
    buf[used] = '\0';
    int rc = pclose(p);
    poshan_error e;
    size_t size;
    cr_assert_eq(poshan_read_file(err_path, err_text, &size, &e), POSHAN_OK);
    unlink(err_path);
    free(err_path);
    free(cmd);
    *out = buf;
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void store_one_sample(void) {
    poshan_store store;
    lab_open(&store, db_path);
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&store, ".csv", LAB_HEADER LAB_GOOD_ROW, &r, &err), POSHAN_OK, "%s", err.message);
    poshan_lab_ingest_result_free(&r);
    poshan_store_close(&store);
}

static char *file_bytes(const char *path, size_t *size) {
    char *data;
    poshan_error err;
    cr_assert_eq(poshan_read_file(path, &data, size, &err), POSHAN_OK, "%s", err.message);
    return data;
}

/* PRAGMA user_version = -1 made every command index the migrations at -1. */
Test(store_guard, a_negative_schema_version_is_refused_and_the_file_is_untouched) {
    store_one_sample();
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = -1", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    size_t before_size, after_size;
    char *before = file_bytes(db_path, &before_size);
    poshan_store store;
    poshan_error err;
    cr_assert_eq(poshan_store_open(&store, db_path, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "schema version -1") != NULL, "%s", err.message);
    char *out, *err_text;
    cr_assert_eq(run("", "lab summary", &out, &err_text), 1);
    cr_assert(strstr(err_text, "schema version -1") != NULL, "%s", err_text);
    char *after = file_bytes(db_path, &after_size);
    cr_assert(before_size == after_size && memcmp(before, after, before_size) == 0, "the file changed");
    free(before);
    free(after);
    free(out);
    free(err_text);
}

/* As root every file is writable: the commands then run as nobody. */
static const char *as_reader(void) { return geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : ""; }

/* The file 0444 in a folder 0555: no -wal or -shm can be made beside it. */
Test(store_guard, reading_commands_work_on_a_read_only_file_and_folder) {
    store_one_sample();
    cr_assert_eq(chmod(db_path, 0444), 0);
    cr_assert_eq(chmod(dir, 0555), 0);
    static const char *const reads[][2] = {{"lab summary --format json", "\"samples\""},
                                           {"lab flags --format csv", "sample_id"},
                                           {"lab export", "S1,Lab A"},
                                           {"lab history S1 --lab 'Lab A'", "Lab A"}};
    for (size_t i = 0; i < 4; i++) {
        char *out, *err_text;
        cr_assert_eq(run(as_reader(), reads[i][0], &out, &err_text), 0, "%s: %s", reads[i][0], err_text);
        cr_assert(strstr(out, reads[i][1]) != NULL, "%s:\n%s", reads[i][0], out);
        free(out);
        free(err_text);
    }
    char *out, *err_text, *csv = test_write_temp(".csv", LAB_HEADER
        "S2,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n");
    chmod(csv, 0644);
    char args[256];
    snprintf(args, sizeof args, "lab ingest %s --by clerk", csv);
    cr_assert_eq(run(as_reader(), args, &out, &err_text), 1);
    cr_assert(strstr(err_text, "the database file is read-only") != NULL, "%s", err_text);
    unlink(csv);
    free(csv);
    free(out);
    free(err_text);
}

/* A file-size limit stops the ingest's writes as a full disk does (EFBIG;
 * SIGXFSZ ignored so that the write fails instead of killing the process). */
Test(store_guard, a_full_disk_is_named_plainly_and_nothing_is_stored) {
    store_one_sample();
    char *csv = NULL;
    size_t size;
    FILE *f = open_memstream(&csv, &size);
    fputs(LAB_HEADER, f);
    for (int i = 0; i < 3000; i++)
        fprintf(f, "F%d,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,"
                   "absent,12000,10,monday,a remark long enough to fill pages quickly\n", i);
    fclose(f);
    char *path = test_write_temp(".csv", csv);
    free(csv);
    char args[256], *out, *err_text;
    snprintf(args, sizeof args, "lab ingest %s --by clerk", path);
    /* 64 blocks (32 or 64 kB): the database is larger, the WAL grows past it */
    cr_assert_eq(run("trap '' XFSZ; ulimit -f 64;", args, &out, &err_text), 1);
    cr_assert(strstr(err_text, "the disk is full") != NULL, "%s", err_text);
    free(out);
    free(err_text);
    poshan_store store;
    lab_open(&store, db_path);
    cr_assert_eq(lab_query_number(&store, "SELECT count(*) FROM samples"), 1);
    poshan_store_close(&store);
    unlink(path);
    free(path);
}
