/* lab_browse.c: a lab's stored samples and batches, a page at a time, and the
 * rejected rows kept with a batch (see lab_browse.h). */
#include "lab_browse.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* "%search%" for LIKE with % _ and \ in search taken as themselves (ESCAPE '\'). */
static char *like_pattern(const char *search) {
    size_t n = strlen(search);
    char *p = malloc(2 * n + 3), *w = p;
    if (p == NULL) return NULL;
    *w++ = '%';
    for (const char *c = search; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\') *w++ = '\\';
        *w++ = *c;
    }
    *w++ = '%';
    *w = '\0';
    return p;
}

/* Runs the count query (one number) with lab as ?1 and pattern as ?2. */
static poshan_status count_of(poshan_store *store, const char *sql, const char *lab, const char *pattern,
                              size_t *total, poshan_error *err) {
    sqlite3_stmt *st;
    poshan_status s = poshan_store_prepare(store, sql, &st, err);
    if (s != POSHAN_OK) return s;
    sqlite3_bind_text(st, 1, lab, -1, SQLITE_STATIC);
    if (pattern) sqlite3_bind_text(st, 2, pattern, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *total = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? POSHAN_OK : poshan_store_fail(store, "cannot count", err);
}

/* Each row of st as an object with the columns' names (text or number) into array. */
static poshan_status rows_json(poshan_store *store, sqlite3_stmt *st, cJSON *array, poshan_error *err) {
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const char *name = sqlite3_column_name(st, c);
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER:
            case SQLITE_FLOAT: cJSON_AddNumberToObject(o, name, sqlite3_column_double(st, c)); break;
            case SQLITE_NULL: cJSON_AddNullToObject(o, name); break;
            default: cJSON_AddStringToObject(o, name, (const char *)sqlite3_column_text(st, c));
            }
        }
        cJSON_AddItemToArray(array, o);
    }
    return rc == SQLITE_DONE ? POSHAN_OK : poshan_store_fail(store, "cannot read", err);
}

/* {"KEY": [rows of sql with ?1 lab, ?2 pattern, ?3 limit, ?4 offset], "total", "offset", "limit"}. */
static poshan_status page_json(poshan_store *store, const char *key, const char *sql, const char *count_sql,
                               const char *lab, const char *pattern, size_t offset, size_t limit,
                               cJSON **out, poshan_error *err) {
    size_t total = 0;
    poshan_status s = count_of(store, count_sql, lab, pattern, &total, err);
    sqlite3_stmt *st;
    if (s == POSHAN_OK) s = poshan_store_prepare(store, sql, &st, err);
    if (s != POSHAN_OK) return s;
    sqlite3_bind_text(st, 1, lab, -1, SQLITE_STATIC);
    if (pattern) sqlite3_bind_text(st, 2, pattern, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)offset);
    cJSON *root = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(root, key);
    s = rows_json(store, st, rows, err);
    sqlite3_finalize(st);
    if (s != POSHAN_OK) {
        cJSON_Delete(root);
        return s;
    }
    cJSON_AddNumberToObject(root, "total", (double)total);
    cJSON_AddNumberToObject(root, "offset", (double)offset);
    cJSON_AddNumberToObject(root, "limit", (double)limit);
    *out = root;
    return POSHAN_OK;
}

/* The lab's samples (the key's prefix, so the primary key finds them), matching ?2 when given. */
#define SAMPLES_WHERE                                                                                    \
    " FROM samples WHERE lab = ?1 AND (?2 IS NULL OR sample_id LIKE ?2 ESCAPE '\\' OR school_udise LIKE ?2 " \
    "ESCAPE '\\' OR school_name LIKE ?2 ESCAPE '\\')"

poshan_status poshan_lab_samples_page(poshan_store *store, const char *lab, const char *search,
                                      size_t offset, size_t limit, cJSON **out, poshan_error *err) {
    char *pattern = search && search[0] ? like_pattern(search) : NULL;
    if (search && search[0] && pattern == NULL)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    poshan_status s = page_json(
        store, "samples",
        "SELECT sample_id, school_udise, school_name, district, block, level, kitchen, sampled_on, energy_kcal, "
        "protein_g, revision" SAMPLES_WHERE " ORDER BY sampled_on DESC, sample_id LIMIT ?3 OFFSET ?4",
        "SELECT count(*)" SAMPLES_WHERE, lab, pattern, offset, limit, out, err);
    free(pattern);
    return s;
}

/* A batch is the lab's when it holds (or held, before an amendment) one of its
 * samples, or when a user of the lab sent it: batches carry no lab of their own,
 * and an upload whose rows were all already stored holds none. */
#define BATCHES_WHERE                                                                              \
    " FROM batches b WHERE b.ingested_by IN (SELECT name FROM users WHERE lab = ?1) OR b.id IN ("   \
    "SELECT batch_id FROM samples WHERE lab = ?1 UNION SELECT batch_id FROM sample_revisions WHERE lab = ?1)"

poshan_status poshan_lab_batches_page(poshan_store *store, const char *lab, size_t offset, size_t limit,
                                      cJSON **out, poshan_error *err) {
    poshan_status s = page_json(
        store, "batches",
        "SELECT b.id AS batch_id, file, ingested_at, ingested_by, rows_read, rows_stored, "
        "rows_unchanged AS rows_already_stored, rows_amended, rows_rejected, "
        "EXISTS (SELECT 1 FROM batch_rejects r WHERE r.batch_id = b.id AND r.lab = ?1) AS rejects"
        BATCHES_WHERE " ORDER BY b.id DESC LIMIT ?3 OFFSET ?4",
        "SELECT count(*)" BATCHES_WHERE, lab, NULL, offset, limit, out, err);
    if (s != POSHAN_OK) return s;
    /* rejects as true or false, not 1 or 0 */
    cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(*out, "batches")) {
        cJSON *r = cJSON_GetObjectItemCaseSensitive(b, "rejects");
        cJSON_ReplaceItemInObjectCaseSensitive(b, "rejects", cJSON_CreateBool(cJSON_IsNumber(r) && r->valuedouble));
    }
    return POSHAN_OK;
}

poshan_status poshan_lab_rejects_keep(poshan_store *store, long long batch_id, const char *lab,
                                      const char *csv, size_t size, poshan_error *err) {
    sqlite3_stmt *st;
    poshan_status s = poshan_store_prepare(
        store, "INSERT OR REPLACE INTO batch_rejects (batch_id, lab, csv) VALUES (?, ?, ?)", &st, err);
    if (s != POSHAN_OK) return s;
    sqlite3_bind_int64(st, 1, batch_id);
    sqlite3_bind_text(st, 2, lab, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, csv, (int)size, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? POSHAN_OK : poshan_store_fail(store, "cannot keep the rejected rows", err);
}

poshan_status poshan_lab_rejects_get(poshan_store *store, long long batch_id, const char *lab, char **csv,
                                     size_t *size, poshan_error *err) {
    sqlite3_stmt *st;
    poshan_status s = poshan_store_prepare(store, "SELECT csv FROM batch_rejects WHERE batch_id = ? AND lab = ?",
                                           &st, err);
    if (s != POSHAN_OK) return s;
    sqlite3_bind_int64(st, 1, batch_id);
    sqlite3_bind_text(st, 2, lab, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *size = (size_t)sqlite3_column_bytes(st, 0);
        *csv = malloc(*size + 1);
        if (*csv) {
            memcpy(*csv, sqlite3_column_text(st, 0), *size);
            (*csv)[*size] = '\0';
        }
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return *csv ? POSHAN_OK : poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    if (rc != SQLITE_DONE) return poshan_store_fail(store, "cannot read the rejected rows", err);
    return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "batch",
                            _("batch %lld has no rejected rows kept for your lab"), batch_id);
}
