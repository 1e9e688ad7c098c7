/* api_lab.c: lab results over HTTP: POST /api/lab/ingest (a lab user stores
 * its own lab's results), GET /api/lab/flags and GET /api/lab/summary (JSON
 * as `poshan lab ... --format json` prints it, or a CSV download), and the
 * upload the lab page shares with the API. */
#define _GNU_SOURCE
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csvread.h"
#include "csvsafe.h"
#include "date.h"
#include "handlers.h"
#include "i18n.h"
#include "lab_json.h"
#include "text.h"

/* What an upload needs of its hooks: who uploads, whether a row was of another
 * lab, and (for the pages) the store, to tell a changed sample in page words. */
typedef struct upload {
    const poshan_user *user;
    const char *name;
    size_t foreign_rows;
    poshan_error foreign;  /* the first such row's reason */
    const poshan_upload_options *options;
    poshan_store *store;
} upload;

/* The latest stored values of a sample, through its history. */
typedef struct latest {
    int found;
    poshan_lab_sample sample;
} latest;

static poshan_status keep_latest(void *ctx, const poshan_lab_revision *rev, poshan_error *err) {
    (void)err;
    latest *l = ctx;
    if (rev->latest) l->sample = rev->sample;
    l->found |= rev->latest;
    return POSHAN_OK;
}

/* A row whose sample is stored with other values, when not amending, is refused
 * here in the page's words (the library's own words name the command's options);
 * the rule is the library's: the same values are "already stored", other values
 * need an amendment with a reason. */
static poshan_status changed_sample(upload *u, const poshan_lab_sample *sample, poshan_error *reason) {
    latest l = {0};
    poshan_error ignored;
    if (poshan_lab_history(u->store, sample->sample_id, sample->lab, keep_latest, &l, &ignored) != POSHAN_OK ||
        !l.found || poshan_lab_sample_equal(&l.sample, sample))
        return POSHAN_OK;
    return poshan_error_set(reason, POSHAN_EINPUT, NULL, 0, "sample_id",
                            _("sample %s is already stored with other values. If this row corrects it, upload "
                            "the file again with \"These rows correct samples already stored\" ticked and the "
                            "reason; if it is another sample, give it its own sample_id"),
                            sample->sample_id);
}

static poshan_status own_lab_only(void *ctx, const poshan_lab_sample *sample, poshan_error *reason) {
    upload *u = ctx;
    poshan_status st = poshan_auth_check_lab_write(u->user, sample->lab, reason);
    if (st != POSHAN_OK && u->foreign_rows++ == 0) u->foreign = *reason;
    if (st == POSHAN_OK && u->options->page_words && !u->options->amend) st = changed_sample(u, sample, reason);
    return st;
}

/* The audit record, written in the ingest's transaction: stored together or not at all. */
static poshan_status audit_upload(void *ctx, poshan_store *store, const poshan_lab_ingest_result *r,
                                  poshan_error *err) {
    const upload *u = ctx;
    if (u->foreign_rows)  /* refuse the whole file: a partial upload of it would be stored otherwise */
        return poshan_error_set(err, POSHAN_EINPUT, u->name, u->foreign.line, "lab", "%s",
                                u->foreign.message);
    char detail[1024];
    snprintf(detail, sizeof detail, "%s (sha256 %s): %zu rows read, %zu stored, %zu already stored, "
             "%zu amended, %zu rejected", u->name, r->sha256, r->read, r->stored, r->unchanged,
             r->amended, r->rejected);
    return poshan_auth_audit(store->db, u->user->name, "lab ingest", detail, err);
}

static poshan_store request_store(poshan_request *rq) {
    poshan_store store = {.db = rq->db};
    snprintf(store.path, sizeof store.path, "%s", rq->config->db_path);
    return store;
}

unsigned poshan_lab_upload(poshan_request *rq, const char *data, size_t size, const char *name,
                           const poshan_upload_options *options, cJSON **answer) {
    poshan_store store = request_store(rq);
    upload u = {.user = rq->user, .name = name, .options = options, .store = &store};
    poshan_lab_ingest_options o = {.norms = rq->config->norms, .plausibility = rq->config->plausibility,
                                   .by = rq->user->name, .partial = options->partial,
                                   .rejects_lab = rq->user->lab,
                                   .amend = options->amend, .reason = options->reason,
                                   .max_listed = POSHAN_API_BAD_ROWS_LISTED, .check_row = own_lab_only,
                                   .before_commit = audit_upload, .hook_ctx = &u};
    poshan_lab_ingest_result r;
    poshan_error err;
    poshan_status st = poshan_lab_ingest_buffer(&store, data, size, name, &o, &r, &err);
    *answer = poshan_lab_ingest_json(&r, name, st == POSHAN_OK);
    if (st != POSHAN_OK) cJSON_AddStringToObject(*answer, "error", u.foreign_rows ? u.foreign.message : err.message);
    poshan_lab_ingest_result_free(&r);
    if (u.foreign_rows) return MHD_HTTP_FORBIDDEN;
    return st == POSHAN_OK ? MHD_HTTP_OK : poshan_http_status(st);
}

/* A query parameter that is 0 or 1 (0 when absent) into *on; 0, or -1 having answered 400. */
static int query_flag(poshan_request *rq, const char *name, int *on) {
    const char *v = poshan_request_query(rq, name);
    *on = v && strcmp(v, "1") == 0;
    if (v == NULL || *on || strcmp(v, "0") == 0) return 0;
    poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, name, _("%s must be 0 or 1, not '%s'"), name, v);
    return -1;
}

int poshan_upload_name(poshan_request *rq, const char *given, int refuse, char *name, size_t size) {
    if (given == NULL || given[0] == '\0') {   /* when and by whom, which tells one upload from another */
        char when[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
        snprintf(name, size, "upload %s by %s", when, rq->user ? rq->user->name : "?");
        return 0;
    }
    /* a browser may send C:\Users\...\results.csv: the name is the last part */
    for (const char *p = given; *p; p++)
        if (*p == '/' || *p == '\\') given = p + 1;
    size_t at, n = strlen(given);
    const char *problem = poshan_text_problem(given, n, &at);
    for (size_t i = 0; problem == NULL && i < n; i++)
        if ((unsigned char)given[i] < 0x20 || given[i] == 0x7f) problem = "a control character";
    if (problem == NULL && poshan_utf8_chars(given, n) > POSHAN_UPLOAD_NAME_CHARS) problem = "too long";
    if (problem == NULL && n == 0) problem = "no name after its folders";
    if (problem && !refuse) return poshan_upload_name(rq, NULL, 0, name, size);
    if (problem) {
        poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, "file",
                             _("the file name is not one a batch can be kept under (%s): give a name of up to %d "
                               "characters of UTF-8 text, such as results-2025-11.csv, or none"),
                             problem, POSHAN_UPLOAD_NAME_CHARS);
        return -1;
    }
    snprintf(name, size, "%s", given);
    return 0;
}

void poshan_api_lab_ingest(poshan_request *rq) {
    poshan_upload_options o = {.reason = poshan_request_query(rq, "reason")};
    if (query_flag(rq, "partial", &o.partial) != 0 || query_flag(rq, "amend", &o.amend) != 0) return;
    if (o.amend && (o.reason == NULL || o.reason[0] == '\0')) {
        poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, "reason", _("amend=1 needs reason=TEXT saying why the values change"));
        return;
    }
    const char *file = poshan_request_query(rq, "file");
    char name[4 * POSHAN_UPLOAD_NAME_CHARS + 64];
    if (poshan_upload_name(rq, file && file[0] ? file : poshan_request_header(rq, "X-File-Name"), 1, name,
                           sizeof name) != 0)
        return;
    cJSON *answer;
    unsigned status = poshan_lab_upload(rq, rq->body, rq->body_size, name, &o, &answer);
    poshan_reply_json(rq, status, answer);
}

/* ---- reading ---------------------------------------------------------------- */

/* A filter's value, NULL when absent or empty (a form's blank field means "any"). */
static const char *given(poshan_request *rq, const char *key) {
    const char *v = poshan_request_query(rq, key);
    return v && v[0] ? v : NULL;
}

/* A filter's dates, as the reader wrote them rewritten YYYY-MM-DD. */
typedef struct query_dates {
    char from[11], to[11];
} query_dates;

/* from= or to= as DD-MM-YYYY (how the page's field asks for it) or YYYY-MM-DD, into
 * out (NULL when not given); POSHAN_EUSAGE naming the field when it is neither. */
static poshan_status query_date(poshan_request *rq, const char *key, char *buf, const char **out,
                                poshan_error *err) {
    const char *v = given(rq, key);
    *out = NULL;
    if (v == NULL) return POSHAN_OK;
    if (!poshan_date_from_either(v, buf))
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, key,
                                _("'%s' is not a date: write it as dd-mm-yyyy (23-11-2018) or yyyy-mm-dd "
                                  "(2018-11-23)"), v);
    *out = buf;
    return POSHAN_OK;
}

/* The filter of the query string, as the CLI's --level --district --block --kitchen --lab --from --to. */
static poshan_status query_filter(poshan_request *rq, query_dates *dates, poshan_lab_filter *filter,
                                  poshan_error *err) {
    *filter = (poshan_lab_filter){.level = given(rq, "level"), .district = given(rq, "district"),
                                  .block = given(rq, "block"), .kitchen = given(rq, "kitchen"), .lab = given(rq, "lab")};
    poshan_status st = query_date(rq, "from", dates->from, &filter->from, err);
    return st == POSHAN_OK ? query_date(rq, "to", dates->to, &filter->to, err) : st;
}

/* format=json (the default) or csv; 0, or -1 having answered 400. */
static int query_csv(poshan_request *rq, int *csv) {
    const char *format = poshan_request_query(rq, "format");
    *csv = format && strcmp(format, "csv") == 0;
    if (format == NULL || *csv || strcmp(format, "json") == 0) return 0;
    poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, "format", _("format must be json or csv, not '%s'"), format);
    return -1;
}

/* Answers with t as a CSV download (every cell neutralised) and frees it. */
static void reply_table_csv(poshan_request *rq, poshan_table *t) {
    char *csv = NULL;
    size_t size = 0;
    FILE *out = t ? open_memstream(&csv, &size) : NULL;
    if (out == NULL) {
        poshan_table_free(t);
        poshan_reply_message(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL, "out of memory");
        return;
    }
    poshan_csv_write_safe_table(out, t);
    fclose(out);
    poshan_table_free(t);
    poshan_reply(rq, MHD_HTTP_OK, "text/csv; charset=utf-8", csv, size);
}

/* A whole-number parameter within [least, most], or fallback when absent;
 * 0, or -1 having answered 400. */
static int query_count(poshan_request *rq, const char *name, size_t least, size_t most,
                       size_t fallback, size_t *out) {
    const char *text = poshan_request_query(rq, name);
    unsigned long long v = fallback;
    if (text == NULL || poshan_parse_whole(text, least, most, &v) == 0) {
        *out = (size_t)v;
        return 0;
    }
    poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, name, _("%s must be a whole number from %zu to %zu, not '%s'"),
                         name, least, most, text);
    return -1;
}

int poshan_lab_flags_for(poshan_request *rq, size_t default_limit, poshan_lab_flags *out, poshan_error *refused) {
    size_t limit, offset;
    if (query_count(rq, "limit", 1, POSHAN_API_FLAGS_MAX_LIMIT, default_limit, &limit) != 0 ||
        query_count(rq, "offset", 0, SIZE_MAX / 2, 0, &offset) != 0)
        return -1;
    poshan_lab_filter filter;
    query_dates dates;
    /* 80 %: the CLI's default --menu-share (menus are not compared here: no --menus) */
    poshan_lab_flag_options fo = {rq->config->norms, rq->config->limits, NULL, 80, offset, limit};
    poshan_store store = request_store(rq);
    poshan_error err;
    poshan_status st = query_filter(rq, &dates, &filter, &err);
    if (st == POSHAN_OK) st = poshan_lab_flag_samples(&store, &filter, &fo, out, &err);
    if (st == POSHAN_OK) return 0;
    if (refused && (st == POSHAN_EUSAGE || st == POSHAN_EINPUT)) {   /* what the reader typed */
        *refused = err;
        return 1;
    }
    poshan_reply_error(rq, poshan_http_status(st), &err);
    return -1;
}

poshan_status poshan_lab_summary_of(poshan_request *rq, poshan_lab_summary *out, poshan_error *err) {
    poshan_lab_filter filter;
    query_dates dates;
    poshan_status st = query_filter(rq, &dates, &filter, err);
    if (st != POSHAN_OK) return st;
    poshan_store store = request_store(rq);
    return poshan_lab_summarise(&store, rq->config->norms, poshan_request_query(rq, "by"), &filter, out, err);
}

/* The stored data's generation: the highest batch id (every ingest adds a batch); -1 on error. */
static long long generation(poshan_request *rq) {
    sqlite3_stmt *st;
    long long g = -1;
    if (sqlite3_prepare_v2(rq->db, "SELECT coalesce(max(id), 0) FROM batches", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) g = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return g;
}

/* The flags request's language and parameters as a cache key; 0, or -1 when they do not fit. */
static int flags_key(poshan_request *rq, char *key, size_t size) {
    static const char *const names[] = {"level", "district", "block", "kitchen", "lab", "from", "to", "format",
                                        "limit", "offset"};
    /* the language first: an answer's words (its findings, its errors) are the reader's */
    int n0 = snprintf(key, size, "%s\x1f", poshan_lang_code(rq->lang));
    if (n0 < 0 || (size_t)n0 >= size) return -1;
    size_t n = (size_t)n0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = poshan_request_query(rq, names[i]);
        int w = snprintf(key + n, size - n, "%s\x1f", v ? v : "\x1e");  /* \x1e: not given */
        if (w < 0 || (size_t)w >= size - n) return -1;
        n += (size_t)w;
    }
    return 0;
}

void poshan_api_lab_flags(poshan_request *rq) {
    int csv;
    if (query_csv(rq, &csv) != 0) return;
    const char *type = csv ? "text/csv; charset=utf-8" : "application/json";
    char key[2048];
    poshan_answer_cache *cache = rq->config->answers;
    long long gen = cache && flags_key(rq, key, sizeof key) == 0 ? generation(rq) : -1;
    size_t size;
    char *hit = gen >= 0 ? poshan_answer_cache_get(cache, key, gen, &size) : NULL;
    if (hit) {
        poshan_reply(rq, MHD_HTTP_OK, type, hit, size);
        return;
    }
    poshan_lab_flags flags;
    /* JSON a page at a time (the dashboard's and a script's usual question is
     * "the worst first"); CSV, a download, the most a request may ask for, so
     * that no request makes the server hold every flag of a big store */
    if (poshan_lab_flags_for(rq, csv ? POSHAN_API_FLAGS_MAX_LIMIT : POSHAN_API_FLAGS_PAGE, &flags, NULL) != 0) return;
    if (csv) reply_table_csv(rq, poshan_lab_flags_table(&flags, 0));
    else poshan_reply_json(rq, MHD_HTTP_OK, poshan_lab_flags_json(&flags));
    poshan_lab_flags_free(&flags);
    if (gen >= 0 && rq->status == MHD_HTTP_OK) poshan_answer_cache_put(cache, key, gen, rq->reply, rq->reply_size);
}

void poshan_api_lab_summary(poshan_request *rq) {
    int csv;
    if (query_csv(rq, &csv) != 0) return;
    const char *by = poshan_request_query(rq, "by");
    poshan_lab_summary sum;
    poshan_error err;
    poshan_status st = poshan_lab_summary_of(rq, &sum, &err);
    if (st != POSHAN_OK) {
        poshan_reply_error(rq, poshan_http_status(st), &err);
        return;
    }
    if (csv) reply_table_csv(rq, poshan_lab_summary_table(&sum, by));
    else poshan_reply_json(rq, MHD_HTTP_OK, poshan_lab_summary_json(&sum, by));
    poshan_lab_summary_free(&sum);
}
