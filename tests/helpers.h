/* helpers.h: small things the Criterion tests share (temporary files, running
 * the poshan binary). Header-only so each test file stays self-contained. */
#ifndef POSHAN_TEST_HELPERS_H
#define POSHAN_TEST_HELPERS_H

#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "jsonread.h"

/* Writes text to a new temporary file whose name ends in suffix; returns its
 * path (static storage per call site is not needed: the caller frees it). */
static inline char *test_write_temp(const char *suffix, const char *text) {
    char *path = NULL;
    cr_assert(asprintf(&path, "/tmp/poshan-test-XXXXXX%s", suffix) > 0);
    int fd = mkstemps(path, (int)strlen(suffix));
    cr_assert(fd >= 0, "cannot create a temporary file");
    size_t n = strlen(text);
    cr_assert(write(fd, text, n) == (ssize_t)n);
    close(fd);
    return path;
}

/* Runs `$POSHAN_BIN args` through the shell; returns the exit code and, when
 * out is not NULL, what it printed on stdout (malloc'd). stderr goes to err_out. */
static inline int test_run_poshan(const char *args, char **out, char **err_out) {
    const char *bin = getenv("POSHAN_BIN");
    if (bin == NULL) bin = "build/poshan";
    char err_path[] = "/tmp/poshan-test-stderr-XXXXXX";
    int efd = mkstemp(err_path);
    cr_assert(efd >= 0);
    close(efd);
    char *cmd = NULL;
    cr_assert(asprintf(&cmd, "%s %s 2>%s", bin, args, err_path) > 0);
    FILE *p = popen(cmd, "r");
    cr_assert(p != NULL);
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + used, 1, cap - used - 1, p)) > 0) {
        used += n;
        if (used + 1 == cap) buf = realloc(buf, cap *= 2);
    }
    buf[used] = '\0';
    int status = pclose(p);
    free(cmd);
    if (out) *out = buf; else free(buf);
    if (err_out) {
        size_t size;
        poshan_error e;
        cr_assert(poshan_read_file(err_path, err_out, &size, &e) == POSHAN_OK);
    }
    unlink(err_path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The one number sql selects from db. */
static inline long long test_count(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Removes a database file and its -wal and -shm companions. */
static inline void test_remove_db(const char *path) {
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char *file = NULL;
        cr_assert(asprintf(&file, "%s%s", path, suffixes[i]) > 0);
        unlink(file);
        free(file);
    }
}

#endif
