/* lab_store.c: lab samples in the database (see lab_store.h): ingest with its
 * rules, query, history and export. Tables are created by store.c's migrations.
 *
 * Ingest is one transaction per file with four statements prepared once:
 * a row is an INSERT ... ON CONFLICT DO NOTHING; only when the key (lab,
 * sample_id) already exists do we read the stored row to tell "already
 * stored" from "different values" (and, with --amend, archive and update). */
#define _GNU_SOURCE
#include "lab_store.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "csvread.h"
#include "date.h"
#include "grow.h"
#include "i18n.h"
#include "lab_browse.h"
#include "lab_pipe.h"
#include "text.h"

/* The sample columns in the order of lab.h's enum (sample_id first). */
#define SAMPLE_COLS                                                                            \
    "sample_id, lab, school_udise, school_name, district, block, level, kitchen, sampled_on, " \
    "tested_on, energy_kcal, protein_g, e_coli, total_plate_count_cfu_g, coliforms_cfu_g, "    \
    "menu_day, remarks"
#define PROGRESS_EVERY_ROWS 100000
/* A per-100 g value is the per-serving value x 100 / the serving's grams. */
#define GRAMS_PER_100G 100.0
#define DEFAULT_MAX_LISTED 1000

static const char *text_of(const poshan_lab_sample *s, int c) {
    switch (c) {
    case POSHAN_LAB_SAMPLE_ID: return s->sample_id;
    case POSHAN_LAB_LAB: return s->lab;
    case POSHAN_LAB_SCHOOL_UDISE: return s->school_udise;
    case POSHAN_LAB_SCHOOL_NAME: return s->school_name;
    case POSHAN_LAB_DISTRICT: return s->district;
    case POSHAN_LAB_BLOCK: return s->block;
    case POSHAN_LAB_LEVEL: return s->level;
    case POSHAN_LAB_KITCHEN: return s->kitchen;
    case POSHAN_LAB_SAMPLED_ON: return s->sampled_on;
    case POSHAN_LAB_TESTED_ON: return s->tested_on;
    case POSHAN_LAB_E_COLI: return s->e_coli;
    case POSHAN_LAB_MENU_DAY: return s->menu_day;
    case POSHAN_LAB_REMARKS: return s->remarks;
    default: return NULL;
    }
}

static double number_of(const poshan_lab_sample *s, int c) {
    switch (c) {
    case POSHAN_LAB_ENERGY_KCAL: return s->energy_kcal;
    case POSHAN_LAB_PROTEIN_G: return s->protein_g;
    case POSHAN_LAB_TPC: return s->total_plate_count_cfu_g;
    default: return s->coliforms_cfu_g;
    }
}

/* Binds the sample's columns to parameters 1..17. */
static void bind_sample(sqlite3_stmt *st, const poshan_lab_sample *s) {
    for (int c = 0; c < POSHAN_LAB_EXPORT_COLUMNS; c++) {
        const char *text = text_of(s, c);
        double v = text ? 0 : number_of(s, c);
        if (text) sqlite3_bind_text(st, c + 1, text, -1, SQLITE_STATIC);
        else if (isnan(v)) sqlite3_bind_null(st, c + 1);
        else sqlite3_bind_double(st, c + 1, v);
    }
}

/* Reads the sample's columns from result columns first..first+16. */
static void column_sample(sqlite3_stmt *st, int first, poshan_lab_sample *s) {
    s->serving_g = NAN;   /* not stored */
    for (int c = 0; c < POSHAN_LAB_EXPORT_COLUMNS; c++) {
        const char *text = text_of(s, c);
        if (text) {
            const unsigned char *v = sqlite3_column_text(st, first + c);
            /* every text member is a char array of at least 8 bytes; sizes below */
            size_t size = c == POSHAN_LAB_SAMPLE_ID ? sizeof s->sample_id
                        : c == POSHAN_LAB_LAB ? sizeof s->lab
                        : c == POSHAN_LAB_SCHOOL_UDISE ? sizeof s->school_udise
                        : c == POSHAN_LAB_SCHOOL_NAME ? sizeof s->school_name
                        : c == POSHAN_LAB_DISTRICT ? sizeof s->district
                        : c == POSHAN_LAB_BLOCK ? sizeof s->block
                        : c == POSHAN_LAB_LEVEL ? sizeof s->level
                        : c == POSHAN_LAB_KITCHEN ? sizeof s->kitchen
                        : c == POSHAN_LAB_SAMPLED_ON ? sizeof s->sampled_on
                        : c == POSHAN_LAB_TESTED_ON ? sizeof s->tested_on
                        : c == POSHAN_LAB_E_COLI ? sizeof s->e_coli
                        : c == POSHAN_LAB_MENU_DAY ? sizeof s->menu_day : sizeof s->remarks;
            /* a bounded copy: snprintf's "%s" was a tenth of reading a big store */
            size_t n = v ? (size_t)sqlite3_column_bytes(st, first + c) : 0;
            if (n >= size) n = size - 1;
            if (n) memcpy((char *)text, v, n);
            ((char *)text)[n] = '\0';
            continue;
        }
        double v = sqlite3_column_type(st, first + c) == SQLITE_NULL ? NAN
                                                                      : sqlite3_column_double(st, first + c);
        switch (c) {
        case POSHAN_LAB_ENERGY_KCAL: s->energy_kcal = v; break;
        case POSHAN_LAB_PROTEIN_G: s->protein_g = v; break;
        case POSHAN_LAB_TPC: s->total_plate_count_cfu_g = v; break;
        default: s->coliforms_cfu_g = v; break;
        }
    }
}

/* The sample's values as text, by column, for a rejects file. */
static void sample_values(const poshan_lab_sample *s, char numbers[][32], const char **values) {
    for (int c = 0; c < POSHAN_LAB_NCOLUMNS; c++) {
        values[c] = "";
        if (c >= POSHAN_LAB_EXPORT_COLUMNS) continue;
        values[c] = text_of(s, c);
        if (values[c] == NULL) {
            poshan_lab_format_number(numbers[c], 32, number_of(s, c));
            values[c] = numbers[c];
        }
    }
}

/* ---- ingest ---------------------------------------------------------------- */

typedef struct ingest {
    poshan_store *store;
    const poshan_lab_ingest_options *o;
    poshan_lab_ingest_result *r;
    const char *path;
    sqlite3_stmt *insert, *select, *archive, *update;
    long long batch;
    FILE *rejects_file;           /* FILE.rejects.csv (--partial) */
    size_t max_listed;
    int columns[POSHAN_LAB_NCOLUMNS];   /* the file's columns, in its order */
    size_t ncolumns;
    int has_column[POSHAN_LAB_NCOLUMNS];
    size_t rejects_written;
    FILE *rejects_kept;           /* with partial: the rejects as CSV in memory, kept with the batch */
    char *kept_csv;
    size_t kept_size;
    char lab[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_LAB_CHARS)];   /* the one lab the rows name ... */
    int labs_differ;                                          /* ... unless they name several */
} ingest;

/* The file is hashed as the reader reads it (one pass over the bytes): a
 * stdio stream over the file whose read also feeds SHA-256. Seeking back to
 * the start, as the reader does once to peek, starts the hash again. */
typedef struct hashing_file {
    FILE *file;
    EVP_MD_CTX *sha256;   /* OpenSSL's SHA-256 uses the CPU's SHA instructions */
} hashing_file;

static ssize_t hashing_read(void *cookie, char *buf, size_t size) {
    hashing_file *h = cookie;
    size_t n = fread(buf, 1, size, h->file);
    if (n == 0 && ferror(h->file)) return -1;
    EVP_DigestUpdate(h->sha256, buf, n);
    return (ssize_t)n;
}

static int hashing_seek(void *cookie, off64_t *offset, int whence) {
    hashing_file *h = cookie;
    if (*offset != 0 || whence != SEEK_SET || fseek(h->file, 0, SEEK_SET) != 0) return -1;
    return EVP_DigestInit_ex(h->sha256, EVP_sha256(), NULL) == 1 ? 0 : -1;
}

/* Reads file (closed here; NULL when it could not be opened) as name, hashing it. */
static poshan_status read_hashing(FILE *file, const char *name, const poshan_lab_reader *reader,
                                  char *hex, poshan_error *err) {
    hashing_file h = {file, EVP_MD_CTX_new()};
    if (h.file == NULL || h.sha256 == NULL) {
        if (h.file) fclose(h.file);
        EVP_MD_CTX_free(h.sha256);
        return poshan_error_set(err, POSHAN_EINPUT, name, 0, NULL, _("cannot open this file"));
    }
    cookie_io_functions_t io = {hashing_read, NULL, hashing_seek, NULL};
    FILE *in = EVP_DigestInit_ex(h.sha256, EVP_sha256(), NULL) == 1 ? fopencookie(&h, "rb", io) : NULL;
    poshan_status st = in ? poshan_lab_read_stream(in, name, reader, err)
                          : poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("out of memory"));
    if (in) fclose(in);
    fclose(h.file);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(h.sha256, digest, &size);
    EVP_MD_CTX_free(h.sha256);
    for (unsigned int i = 0; i < size && i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    return st;
}

/* What the reading thread needs to read and hash one file. */
typedef struct hashed_read {
    FILE *file;
    const char *name;
    char *hex;
} hashed_read;

static poshan_status read_hashed(void *arg, const poshan_lab_reader *reader, poshan_error *err) {
    hashed_read *h = arg;
    return read_hashing(h->file, h->name, reader, h->hex, err);
}

static void tick(ingest *g) {
    g->r->read++;
    if (g->o->progress && g->r->read % PROGRESS_EVERY_ROWS == 0) g->o->progress(g->o->progress_ctx, g->r->read);
}

static void take_columns(void *ctx, const int *columns, size_t count) {
    ingest *g = ctx;
    g->ncolumns = count;
    memcpy(g->columns, columns, count * sizeof *columns);
    for (size_t i = 0; i < count; i++) g->has_column[columns[i]] = 1;
}

/* A bad row in the file's own columns, then the reason: so the corrected row ingests again. */
static void write_reject(ingest *g, FILE *out, const poshan_error *reason, const char *const *values) {
    if (g->rejects_written == 0) {
        for (size_t i = 0; i < g->ncolumns; i++)
            fprintf(out, "%s,", poshan_lab_column_name(g->columns[i]));
        fputs(POSHAN_LAB_REJECT_COLUMNS "\n", out);
    }
    for (size_t i = 0; i < g->ncolumns; i++) {
        poshan_csv_write_field(out, values[g->columns[i]]);
        fputc(',', out);
    }
    fprintf(out, "%ld,", reason->line);
    poshan_csv_write_field(out, reason->field);
    fputc(',', out);
    poshan_csv_write_field(out, reason->message);
    fputc('\n', out);
}

/* The lab the file's rows name, for keeping its rejects where its clerk finds them. */
static void see_lab(ingest *g, const char *lab) {
    if (lab == NULL || lab[0] == '\0' || strcmp(g->lab, lab) == 0) return;
    if (g->lab[0]) g->labs_differ = 1;
    else snprintf(g->lab, sizeof g->lab, "%s", lab);
}

static poshan_status on_bad(void *ctx, const poshan_error *reason, const char *const *values) {
    ingest *g = ctx;
    tick(g);
    g->r->rejected++;
    if (g->r->bad.count < g->max_listed && poshan_error_list_add(&g->r->bad, reason) != POSHAN_OK)
        return POSHAN_ESYSTEM;
    if (g->ncolumns == 0) {   /* a reader that named no columns: all of them */
        int every[POSHAN_LAB_NCOLUMNS];
        for (int c = 0; c < POSHAN_LAB_NCOLUMNS; c++) every[c] = c;
        take_columns(g, every, POSHAN_LAB_NCOLUMNS);
    }
    see_lab(g, values[POSHAN_LAB_LAB]);
    if (g->rejects_file) write_reject(g, g->rejects_file, reason, values);
    if (g->rejects_kept) write_reject(g, g->rejects_kept, reason, values);
    if (g->o->rejects_out) write_reject(g, g->o->rejects_out, reason, values);
    g->rejects_written++;
    return POSHAN_OK;
}

/* A stored-form sample as the row of this file would give it: energy and
 * protein in the form the file has a column for (kcal, kJ or per 100 g). */
static void row_values(const ingest *g, const poshan_lab_sample *s, char numbers[][32], const char **values) {
    sample_values(s, numbers, values);
    const int *has = g->has_column;
    int per_100g = !isnan(s->serving_g) && s->serving_g > 0;
    if (!isnan(s->serving_g)) poshan_lab_format_number(numbers[POSHAN_LAB_SERVING_G], 32, s->serving_g);
    if (!isnan(s->serving_g)) values[POSHAN_LAB_SERVING_G] = numbers[POSHAN_LAB_SERVING_G];
    if (!has[POSHAN_LAB_ENERGY_KCAL] && has[POSHAN_LAB_ENERGY_KJ]) {
        poshan_lab_format_number(numbers[POSHAN_LAB_ENERGY_KJ], 32, s->energy_kcal * POSHAN_LAB_KJ_PER_KCAL);
        values[POSHAN_LAB_ENERGY_KJ] = numbers[POSHAN_LAB_ENERGY_KJ];
    } else if (!has[POSHAN_LAB_ENERGY_KCAL] && per_100g) {
        poshan_lab_format_number(numbers[POSHAN_LAB_ENERGY_KCAL_100G], 32, s->energy_kcal * GRAMS_PER_100G / s->serving_g);
        values[POSHAN_LAB_ENERGY_KCAL_100G] = numbers[POSHAN_LAB_ENERGY_KCAL_100G];
    }
    if (!has[POSHAN_LAB_PROTEIN_G] && per_100g) {
        poshan_lab_format_number(numbers[POSHAN_LAB_PROTEIN_G_100G], 32, s->protein_g * GRAMS_PER_100G / s->serving_g);
        values[POSHAN_LAB_PROTEIN_G_100G] = numbers[POSHAN_LAB_PROTEIN_G_100G];
    }
}

static poshan_status step_done(ingest *g, sqlite3_stmt *st, const char *what, poshan_error *err) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? POSHAN_OK : poshan_store_fail(g->store, what, err);
}

/* The key exists: same values, an amendment, or a conflict (a bad row). */
static poshan_status on_existing(ingest *g, const poshan_lab_sample *s, long line, poshan_error *err) {
    poshan_lab_sample old;
    sqlite3_bind_text(g->select, 1, s->sample_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(g->select, 2, s->lab, -1, SQLITE_STATIC);
    int rc = sqlite3_step(g->select);
    if (rc == SQLITE_ROW) column_sample(g->select, 0, &old);
    sqlite3_reset(g->select);
    if (rc != SQLITE_ROW) return poshan_store_fail(g->store, "cannot read a stored sample", err);
    if (poshan_lab_sample_equal(&old, s)) {
        g->r->unchanged++;
        return POSHAN_OK;
    }
    if (!g->o->amend) {
        poshan_error reason;
        char numbers[POSHAN_LAB_NCOLUMNS][32];
        const char *values[POSHAN_LAB_NCOLUMNS];
        poshan_error_set(&reason, POSHAN_EINPUT, g->path, line, "sample_id",
                         _("sample %s of %s is already stored with different values; to correct "
                         "it, ingest again with --amend --reason \"why\""),
                         s->sample_id, s->lab);
        row_values(g, s, numbers, values);
        g->r->read--;  /* on_bad counts the row again */
        return on_bad(g, &reason, values);
    }
    sqlite3_bind_text(g->archive, 1, s->sample_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(g->archive, 2, s->lab, -1, SQLITE_STATIC);
    poshan_status st = step_done(g, g->archive, "cannot keep the old values", err);
    bind_sample(g->update, s);
    sqlite3_bind_int64(g->update, 18, g->batch);
    sqlite3_bind_text(g->update, 19, g->o->reason, -1, SQLITE_STATIC);
    if (st == POSHAN_OK) st = step_done(g, g->update, "cannot amend a sample", err);
    if (st == POSHAN_OK) g->r->amended++;
    return st;
}

/* A row the caller's check_row refuses is a bad row, with the check's reason. */
static poshan_status refused_row(ingest *g, const poshan_lab_sample *s, long line, int *refused) {
    poshan_error reason;
    *refused = g->o->check_row && g->o->check_row(g->o->hook_ctx, s, &reason) != POSHAN_OK;
    if (!*refused) return POSHAN_OK;
    char numbers[POSHAN_LAB_NCOLUMNS][32];
    const char *values[POSHAN_LAB_NCOLUMNS];
    snprintf(reason.file, sizeof reason.file, "%s", g->path);
    reason.line = line;
    row_values(g, s, numbers, values);
    return on_bad(g, &reason, values);
}

static poshan_status on_sample(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    ingest *g = ctx;
    int refused;
    poshan_status st = refused_row(g, s, line, &refused);
    if (st != POSHAN_OK || refused) return st;
    tick(g);
    see_lab(g, s->lab);
    bind_sample(g->insert, s);
    sqlite3_bind_int64(g->insert, 18, g->batch);
    st = step_done(g, g->insert, "cannot store a sample", err);
    if (st != POSHAN_OK) return st;
    if (sqlite3_changes(g->store->db) == 1) {
        g->r->stored++;
        return POSHAN_OK;
    }
    return on_existing(g, s, line, err);
}

static poshan_status prepare_all(ingest *g, poshan_error *err) {
    static const char *const sql[] = {
        "INSERT INTO samples (" SAMPLE_COLS ", revision, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 1, ?18) "
        "ON CONFLICT (lab, sample_id) DO NOTHING",
        "SELECT " SAMPLE_COLS " FROM samples WHERE sample_id = ?1 AND lab = ?2",
        "INSERT INTO sample_revisions (" SAMPLE_COLS ", revision, batch_id, reason) SELECT " SAMPLE_COLS
        ", revision, batch_id, reason FROM samples WHERE sample_id = ?1 AND lab = ?2",
        "UPDATE samples SET school_udise = ?3, school_name = ?4, district = ?5, block = ?6, "
        "level = ?7, kitchen = ?8, sampled_on = ?9, tested_on = ?10, energy_kcal = ?11, "
        "protein_g = ?12, e_coli = ?13, total_plate_count_cfu_g = ?14, coliforms_cfu_g = ?15, "
        "menu_day = ?16, remarks = ?17, revision = revision + 1, batch_id = ?18, reason = ?19 "
        "WHERE sample_id = ?1 AND lab = ?2"};
    sqlite3_stmt **out[] = {&g->insert, &g->select, &g->archive, &g->update};
    for (size_t i = 0; i < 4; i++) {
        poshan_status st = poshan_store_prepare(g->store, sql[i], out[i], err);
        if (st != POSHAN_OK) return st;
    }
    return POSHAN_OK;
}

static poshan_status start_batch(ingest *g, const char *path, poshan_error *err) {
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sqlite3_stmt *st;
    poshan_status s = poshan_store_prepare(
        g->store, "INSERT INTO batches (file, sha256, ingested_at, ingested_by) VALUES (?, '', ?, ?)",
        &st, err);
    if (s != POSHAN_OK) return s;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, g->o->by, -1, SQLITE_STATIC);
    s = step_done(g, st, "cannot record the batch", err);
    sqlite3_finalize(st);
    g->batch = sqlite3_last_insert_rowid(g->store->db);
    return s;
}

static poshan_status finish_batch(ingest *g, poshan_error *err) {
    sqlite3_stmt *st;
    poshan_status s = poshan_store_prepare(
        g->store, "UPDATE batches SET rows_read = ?, rows_stored = ?, rows_unchanged = ?, "
                  "rows_amended = ?, rows_rejected = ?, sha256 = ? WHERE id = ?", &st, err);
    if (s != POSHAN_OK) return s;
    size_t counts[] = {g->r->read, g->r->stored, g->r->unchanged, g->r->amended, g->r->rejected};
    for (int i = 0; i < 5; i++) sqlite3_bind_int64(st, i + 1, (sqlite3_int64)counts[i]);
    sqlite3_bind_text(st, 6, g->r->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, g->batch);
    s = step_done(g, st, "cannot record the batch", err);
    sqlite3_finalize(st);
    return s;
}

/* The rejects file: the one the options name (the caller's to overwrite), or
 * else FILE.rejects.csv beside the file, never over one that is there (the
 * clerk may be correcting it): then FILE.rejects-2.csv, -3, ... the first
 * free, made with O_EXCL so that two ingests cannot take the same name. */
#define MAX_REJECTS_NUMBER 999
static poshan_status open_rejects(ingest *g, const char *path, poshan_error *err) {
    char *name = g->r->rejects_path;
    size_t size = sizeof g->r->rejects_path;
    if (g->o->rejects_path) {
        snprintf(name, size, "%s", g->o->rejects_path);
        g->rejects_file = fopen(name, "w");
    }
    for (int n = 1; g->o->rejects_path == NULL && n <= MAX_REJECTS_NUMBER; n++) {
        if (n == 1) snprintf(name, size, "%s.rejects.csv", path);
        else snprintf(name, size, "%s.rejects-%d.csv", path, n);
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno == EEXIST) {
            g->r->rejects_numbered = 1;
            continue;
        }
        if (fd >= 0 && (g->rejects_file = fdopen(fd, "w")) == NULL) close(fd);
        break;
    }
    if (g->rejects_file == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, name, 0, NULL,
                                g->r->rejects_numbered ? _("cannot write a rejects file beside the file: %s.rejects.csv "
                                                         "to -%d.csv are all there; move them away")
                                                       : _("cannot write the rejects file here%s"),
                                g->r->rejects_numbered ? path : "", MAX_REJECTS_NUMBER);
    return POSHAN_OK;   /* its header comes with the first reject: it needs the file's columns */
}

/* The rejects of a partial ingest, kept with its batch for the batches page
 * (whatever the route: command line, API or page), for the lab the options
 * name, or else the one lab the rows name; rows of several labs and no lab
 * named: not kept (the rejects file has them). */
static poshan_status keep_rejects(ingest *g, poshan_error *err) {
    if (g->rejects_kept == NULL) return POSHAN_OK;
    int failed = fclose(g->rejects_kept) != 0;
    g->rejects_kept = NULL;
    if (failed || g->kept_csv == NULL)
        return poshan_error_set(err, POSHAN_ESYSTEM, g->path, 0, NULL, _("out of memory keeping the rejected rows"));
    const char *lab = g->o->rejects_lab ? g->o->rejects_lab : g->labs_differ ? NULL : g->lab;
    if (g->r->rejected == 0 || lab == NULL || lab[0] == '\0') return POSHAN_OK;
    return poshan_lab_rejects_keep(g->store, g->batch, lab, g->kept_csv, g->kept_size, err);
}

static poshan_status check_options(const poshan_lab_ingest_options *o, poshan_error *err) {
    if (o->by == NULL || o->by[0] == '\0')
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "--by",
                                _("say who is ingesting with --by NAME (it is kept with the batch)"));
    if (o->plausibility == NULL || o->norms == NULL)
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, NULL,
                                _("an ingest needs the norms and the plausible ranges of a serving"));
    if (o->amend && (o->reason == NULL || o->reason[0] == '\0'))
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "--reason",
                                _("--amend needs --reason TEXT saying why the values change"));
    return POSHAN_OK;
}

/* One file (in, read as name) in one transaction; a rejects file only when
 * rejects_beside names a path to write NAME.rejects.csv beside, or the options name one. */
static poshan_status ingest_stream(poshan_store *store, FILE *in, const char *name,
                                   const char *rejects_beside, const poshan_lab_ingest_options *options,
                                   poshan_lab_ingest_result *result, poshan_error *err) {
    memset(result, 0, sizeof *result);
    ingest g = {.store = store, .o = options, .r = result, .path = name,
                .max_listed = options->max_listed ? options->max_listed : DEFAULT_MAX_LISTED};
    poshan_status st = check_options(options, err);
    if (st == POSHAN_OK && options->partial && (rejects_beside || options->rejects_path))
        st = open_rejects(&g, rejects_beside, err);
    if (st == POSHAN_OK && options->partial && (g.rejects_kept = open_memstream(&g.kept_csv, &g.kept_size)) == NULL)
        st = poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("out of memory"));
    if (st == POSHAN_OK) st = poshan_store_begin(store, err);
    if (st == POSHAN_OK) {
        st = prepare_all(&g, err);
        if (st == POSHAN_OK) st = start_batch(&g, name, err);
        poshan_lab_reader reader = {options->norms, "", on_sample, on_bad, &g, options->plausibility,
                                    take_columns};
        poshan_lab_today(reader.today);
        /* parsing on a second thread, storing on this one (lab_pipe.h) */
        hashed_read h = {in, name, result->sha256};
        if (st == POSHAN_OK) st = poshan_lab_read_piped(read_hashed, &h, &reader, err);
        else if (in) fclose(in);
        if (st == POSHAN_OK && result->rejected && !options->partial)
            st = poshan_error_set(err, POSHAN_EINPUT, name, 0, NULL,
                                  result->rejected > 1 ? _("%zu of its %zu rows are wrong, so nothing of this file "
                                                           "was stored; correct them, or use --partial to store the "
                                                           "good rows")
                                  : result->read > 1 ? _("%zu of its %zu rows is wrong, so nothing of this file was "
                                                         "stored; correct it, or use --partial to store the good rows")
                                                     : _("%zu of its %zu row is wrong, so nothing of this file was "
                                                         "stored; correct it, or use --partial to store the good rows"),
                                  result->rejected, result->read);
        if (st == POSHAN_OK) st = finish_batch(&g, err);
        if (st == POSHAN_OK) st = keep_rejects(&g, err);
        if (st == POSHAN_OK && options->before_commit)
            st = options->before_commit(options->hook_ctx, store, result, err);
        sqlite3_stmt *all[] = {g.insert, g.select, g.archive, g.update};
        for (int i = 0; i < 4; i++) sqlite3_finalize(all[i]);
        if (st == POSHAN_OK) st = poshan_store_commit(store, err);
        else poshan_store_rollback(store);
    } else if (in) {
        fclose(in);
    }
    if (g.rejects_file) {
        if (fclose(g.rejects_file) != 0 && st == POSHAN_OK)
            st = poshan_error_set(err, POSHAN_ESYSTEM, result->rejects_path, 0, NULL,
                                  _("cannot write the rejects file"));
        if (result->rejected == 0 || st != POSHAN_OK) {
            unlink(result->rejects_path);
            result->rejects_path[0] = '\0';
        }
    }
    if (g.rejects_kept) fclose(g.rejects_kept);
    free(g.kept_csv);
    if (st == POSHAN_OK) result->batch_id = g.batch;
    return st;
}

poshan_status poshan_lab_ingest_file(poshan_store *store, const char *path,
                                     const poshan_lab_ingest_options *options,
                                     poshan_lab_ingest_result *result, poshan_error *err) {
    return ingest_stream(store, fopen(path, "rb"), path, path, options, result, err);
}

poshan_status poshan_lab_ingest_buffer(poshan_store *store, const char *data, size_t size,
                                       const char *name, const poshan_lab_ingest_options *options,
                                       poshan_lab_ingest_result *result, poshan_error *err) {
    if (size == 0) {  /* fmemopen refuses zero bytes */
        memset(result, 0, sizeof *result);
        return poshan_error_set(err, POSHAN_EINPUT, name, 0, NULL,
                                _("the file is empty: it needs a header row naming the columns, then the results"));
    }
    return ingest_stream(store, fmemopen((void *)data, size, "rb"), name, NULL, options, result, err);
}

void poshan_lab_ingest_result_free(poshan_lab_ingest_result *result) {
    poshan_error_list_free(&result->bad);
}

/* ---- reading back -------------------------------------------------------- */

static void bind_or_null(sqlite3_stmt *st, int i, const char *text) {
    if (text) sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

/* The filter's values by column, in the order of the query's parameters ?1..?5. */
#define NFILTER_VALUES 5
static void filter_values(const poshan_lab_filter *f, const char **values) {
    values[0] = f->level, values[1] = f->district, values[2] = f->block, values[3] = f->kitchen;
    values[4] = f->lab;
}
static const char *const filter_columns[NFILTER_VALUES] = {"level", "district", "block", "kitchen", "lab"};

poshan_status poshan_lab_filter_check(const poshan_lab_filter *filter, poshan_error *err) {
    const char *dates[] = {filter->from, filter->to}, *options[] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        char why[256];
        if (dates[i] && !poshan_date_check(dates[i], why, sizeof why))
            return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, options[i], _("'%s' is not a date: %s"),
                                    dates[i], why);
    }
    if (filter->from && filter->to && strcmp(filter->from, filter->to) > 0)
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "from",
                                _("%s is after the 'to' date %s: no day is both; give the earlier date first"),
                                filter->from, filter->to);
    return POSHAN_OK;
}

/* The query for filter: only the conditions it sets ("?N IS NULL OR"
 * conditions cost a test a row). Names match case-blind (NOCASE folds ASCII;
 * Devanagari has no case). Parameter N is always the same condition. */
static void filter_sql(const poshan_lab_filter *filter, char *sql, size_t size) {
    static const char *const conditions[] = {
        "level = ?1 COLLATE NOCASE", "district = ?2 COLLATE NOCASE", "block = ?3 COLLATE NOCASE",
        "kitchen = ?4 COLLATE NOCASE", "lab = ?5 COLLATE NOCASE", "sampled_on >= ?6", "sampled_on <= ?7"};
    const char *given[NFILTER_VALUES + 2];
    filter_values(filter, given);
    given[5] = filter->from, given[6] = filter->to;
    size_t n = (size_t)snprintf(sql, size, "SELECT " SAMPLE_COLS " FROM samples WHERE 1");
    for (int i = 0; i < NFILTER_VALUES + 2 && n < size; i++)
        if (given[i]) n += (size_t)snprintf(sql + n, size - n, " AND %s", conditions[i]);
    if (n < size) snprintf(sql + n, size - n, " ORDER BY lab, sample_id");
}

/* The stored values of a column, closest to text first (then alphabetical), into a
 * "Raipur, Durg" list; the count of them. */
typedef struct stored_value {
    char text[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_LAB_CHARS)];
    size_t distance;
} stored_value;

static int compare_stored(const void *a, const void *b) {
    const stored_value *x = a, *y = b;
    if (x->distance != y->distance) return x->distance < y->distance ? -1 : 1;
    return strcmp(x->text, y->text);
}

/* A filter value that no stored sample has: the error naming what is stored.
 * POSHAN_OK when the value is stored (the filter as a whole just matched nothing). */
static poshan_status value_stored(poshan_store *store, const char *column, const char *value,
                                  poshan_error *err) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT DISTINCT %s FROM samples", column);
    sqlite3_stmt *st;
    poshan_status s = poshan_store_prepare(store, sql, &st, err);
    if (s != POSHAN_OK) return s;
    stored_value *items = NULL;
    size_t n = 0, cap = 0;
    int found = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && !found) {
        const char *text = (const char *)sqlite3_column_text(st, 0);
        if (text == NULL) continue;
        if (sqlite3_stricmp(text, value) == 0) found = 1;
        if (poshan_grow((void **)&items, &cap, n + 1, sizeof *items) != 0) {
            rc = SQLITE_NOMEM;
            break;
        }
        snprintf(items[n].text, sizeof items[n].text, "%s", text);
        items[n++].distance = poshan_edit_distance(value, strlen(value), text, strlen(text));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) s = poshan_error_set(err, POSHAN_ESYSTEM, store->path, 0, NULL,
                                                                   _("database cannot list the stored %ss"), column);
    if (s == POSHAN_OK && !found) {
        if (n > 0) qsort(items, n, sizeof *items, compare_stored);
        char list[512] = "";
        size_t used = 0, shown = 0;
        /* the ten closest: a clerk reads them; "and N more" says the rest exist */
        for (; shown < n && shown < 10 && used < sizeof list; shown++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", shown ? ", " : "", items[shown].text);
        if (n > shown && used < sizeof list) snprintf(list + used, sizeof list - used, " and %zu more", n - shown);
        s = n == 0 ? poshan_error_set(err, POSHAN_EINPUT, store->path, 0, column,
                                      _("no %s '%s' is stored: the store has no samples yet"), column, value)
                   : poshan_error_set(err, POSHAN_EINPUT, store->path, 0, column,
                                      _("no %s '%s' is stored; the stored %ss are: %s"), column, value, column, list);
    }
    free(items);
    return s;
}

poshan_status poshan_lab_query(poshan_store *store, const poshan_lab_filter *filter,
                               poshan_lab_sample_fn fn, void *ctx, poshan_error *err) {
    static const poshan_lab_filter none = {0};
    if (filter == NULL) filter = &none;
    poshan_status s = poshan_lab_filter_check(filter, err);
    if (s != POSHAN_OK) return s;
    char sql[1024];
    filter_sql(filter, sql, sizeof sql);
    sqlite3_stmt *st;
    s = poshan_store_prepare(store, sql, &st, err);
    if (s != POSHAN_OK) return s;
    const char *params[NFILTER_VALUES + 2];
    filter_values(filter, params);
    params[5] = filter->from, params[6] = filter->to;
    for (int i = 0; i < NFILTER_VALUES + 2; i++)
        if (params[i]) sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
    int rc;
    size_t rows = 0;
    poshan_lab_sample sample;
    while (s == POSHAN_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        column_sample(st, 0, &sample);
        rows++;
        s = fn(ctx, &sample, 0, err);
    }
    if (s == POSHAN_OK && rc != SQLITE_DONE) s = poshan_store_fail(store, "cannot read the samples", err);
    sqlite3_finalize(st);
    /* nothing passed: is it a name that is not stored at all (a misspelling), or only no such samples? */
    for (int i = 0; s == POSHAN_OK && rows == 0 && i < NFILTER_VALUES; i++)
        if (params[i]) s = value_stored(store, filter_columns[i], params[i], err);
    return s;
}

poshan_status poshan_lab_history(poshan_store *store, const char *sample_id, const char *lab,
                                 poshan_lab_revision_fn fn, void *ctx, poshan_error *err) {
    sqlite3_stmt *st;
    poshan_status s = poshan_store_prepare(
        store, "SELECT revision, file, ingested_at, ingested_by, reason, 0 AS latest, " SAMPLE_COLS
               " FROM sample_revisions JOIN batches ON batches.id = batch_id"
               " WHERE sample_id = ?1 AND (?2 IS NULL OR lab = ?2)"
               " UNION ALL SELECT revision, file, ingested_at, ingested_by, reason, 1, " SAMPLE_COLS
               " FROM samples JOIN batches ON batches.id = batch_id"
               " WHERE sample_id = ?1 AND (?2 IS NULL OR lab = ?2) ORDER BY lab, revision",
        &st, err);
    if (s != POSHAN_OK) return s;
    sqlite3_bind_text(st, 1, sample_id, -1, SQLITE_STATIC);
    bind_or_null(st, 2, lab);
    int rc, found = 0;
    while (s == POSHAN_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        poshan_lab_revision rev;
        rev.revision = sqlite3_column_int(st, 0);
        rev.file = (const char *)sqlite3_column_text(st, 1);
        rev.ingested_at = (const char *)sqlite3_column_text(st, 2);
        rev.ingested_by = (const char *)sqlite3_column_text(st, 3);
        rev.reason = (const char *)sqlite3_column_text(st, 4);
        rev.latest = sqlite3_column_int(st, 5);
        column_sample(st, 6, &rev.sample);
        found++;
        s = fn(ctx, &rev, err);
    }
    if (s == POSHAN_OK && rc != SQLITE_DONE) s = poshan_store_fail(store, "cannot read the history", err);
    sqlite3_finalize(st);
    if (s == POSHAN_OK && !found)
        s = poshan_error_set(err, POSHAN_EINPUT, store->path, 0, "sample_id",
                             lab ? _("no sample '%s' of lab %s is stored") : _("no sample '%s'%s is stored"),
                             sample_id, lab ? lab : "");
    return s;
}

/* ---- export --------------------------------------------------------------- */

typedef struct export_ctx {
    FILE *out;
    poshan_format format;
    size_t count;
} export_ctx;

static poshan_status export_csv_row(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    (void)line, (void)err;
    export_ctx *e = ctx;
    char numbers[POSHAN_LAB_NCOLUMNS][32];
    const char *values[POSHAN_LAB_NCOLUMNS];
    sample_values(s, numbers, values);
    for (int c = 0; c < POSHAN_LAB_EXPORT_COLUMNS; c++) {
        if (c) fputc(',', e->out);
        poshan_csv_write_field(e->out, values[c]);
    }
    fputc('\n', e->out);
    return POSHAN_OK;
}

static poshan_status export_json_row(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    (void)line;
    export_ctx *e = ctx;
    cJSON *o = cJSON_CreateObject();
    for (int c = 0; o && c < POSHAN_LAB_EXPORT_COLUMNS; c++) {
        const char *text = text_of(s, c);
        double v = text ? 0 : number_of(s, c);
        if (text) cJSON_AddStringToObject(o, poshan_lab_column_name(c), text);
        else if (isnan(v)) cJSON_AddNullToObject(o, poshan_lab_column_name(c));
        else cJSON_AddNumberToObject(o, poshan_lab_column_name(c), v);
    }
    char *json = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (json == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    fprintf(e->out, "%s  %s", e->count++ ? ",\n" : "", json);
    free(json);
    return POSHAN_OK;
}

poshan_status poshan_lab_export(poshan_store *store, const poshan_lab_filter *filter, FILE *out,
                                poshan_format format, poshan_error *err) {
    export_ctx e = {out, format, 0};
    if (format == POSHAN_FORMAT_JSON) {
        fputs("[\n", out);
        poshan_status st = poshan_lab_query(store, filter, export_json_row, &e, err);
        fputs("\n]\n", out);
        return st;
    }
    for (int c = 0; c < POSHAN_LAB_EXPORT_COLUMNS; c++)
        fprintf(out, "%s%s", c ? "," : "", poshan_lab_column_name(c));
    fputc('\n', out);
    return poshan_lab_query(store, filter, export_csv_row, &e, err);
}

/* ---- all samples in one array -------------------------------------------------- */

typedef struct collected {
    poshan_lab_sample *items;
    size_t n, cap;
} collected;

static poshan_status collect_one(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    (void)line;
    collected *c = ctx;
    if (poshan_grow((void **)&c->items, &c->cap, c->n + 1, sizeof *c->items) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    c->items[c->n++] = *s;
    return POSHAN_OK;
}

poshan_status poshan_lab_collect(poshan_store *store, const poshan_lab_filter *filter,
                                 poshan_lab_sample **out, size_t *count, poshan_error *err) {
    collected c = {0};
    poshan_status st = poshan_lab_query(store, filter, collect_one, &c, err);
    if (st != POSHAN_OK) {
        free(c.items);
        c.items = NULL;
        c.n = 0;
    }
    *out = c.items;
    *count = c.n;
    return st;
}
