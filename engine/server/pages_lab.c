/* pages_lab.c: a lab clerk's pages: the upload form with its guide to the
 * columns, the answer to an upload (with the rejected rows to download), her
 * lab's stored samples (paged, searched by school or sample), its batches, a
 * sample's history, and the rejected rows of a batch as a CSV download. Every
 * page shows only the logged-in user's own lab. No page names a command-line
 * option: the words are the form's. */
#define _GNU_SOURCE
#include <microhttpd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "handlers.h"
#include "jsonread.h"
#include "lab_browse.h"
#include "lab_json.h"
#include "pages.h"

/* Rows a page of stored samples or batches shows: our choice, a screen or two
 * (the search narrows a long list further). */
#define LAB_PAGE_ROWS 50

static poshan_store user_store(poshan_request *rq) {
    poshan_store store = {.db = rq->db};
    snprintf(store.path, sizeof store.path, "%s", rq->config->db_path);
    return store;
}

static void write_ingest(FILE *out, const void *answer) { poshan_html_lab_ingest(out, answer); }

/* The upload form, with result (HTML, may be NULL) above it. */
static void lab_page(poshan_request *rq, unsigned status, const char *result) {
    char *lab = poshan_written(poshan_write_escaped, rq->user->lab);
    const poshan_html_var vars[] = {{"lab", lab}, {"result", result}};
    poshan_page_render(rq, status, "lab.html", _("Lab results"), vars, 2);
    free(lab);
}

void poshan_page_lab_form(poshan_request *rq) { lab_page(rq, MHD_HTTP_OK, NULL); }

/* A form field as a malloc'd string, or NULL when the form has none. */
static char *field(poshan_request *rq, const char *key) {
    char *value = NULL;
    size_t size;
    return poshan_request_form(rq, key, &value, &size, NULL, 0) == 0 ? value : NULL;
}

/* "1 of its 3 rows is wrong": the count of wrong rows, in words a clerk reads. */
static void whole_file_refused(cJSON *answer) {
    double rejected = poshan_html_number(answer, "rows_rejected"), read = poshan_html_number(answer, "rows_read");
    char *message = NULL;  /* as long as the words take: Devanagari is three bytes a letter */
    /* TRANSLATORS: %1$.0f rows of the %2$.0f read are wrong; "Store the good rows" is the lab form's box */
    if (asprintf(&message,
             P_("%1$.0f of its %2$.0f rows is wrong, so nothing of this file was stored. Correct the rows listed "
                "below and upload the file again, or tick \"Store the good rows\" to store the others now and "
                "download the rejected rows to correct.",
                "%1$.0f of its %2$.0f rows are wrong, so nothing of this file was stored. Correct the rows listed "
                "below and upload the file again, or tick \"Store the good rows\" to store the others now and "
                "download the rejected rows to correct.", (unsigned long)rejected),
             rejected, read) < 0)
        return;
    cJSON_ReplaceItemInObjectCaseSensitive(answer, "error", cJSON_CreateString(message));
    free(message);
}

/* The ingest kept the rejected rows with the batch (lab_store.h): the answer links them. */
static void link_rejects(cJSON *answer) {
    char url[64];
    snprintf(url, sizeof url, "/lab/rejects/%.0f", poshan_html_number(answer, "batch_id"));
    cJSON_AddStringToObject(answer, "rejects_url", url);
}

void poshan_page_lab_upload(poshan_request *rq) {
    char *text = NULL, name[256];
    size_t size = 0;
    poshan_error err;
    if (poshan_request_form(rq, "file", &text, &size, name, sizeof name) != 0 || size == 0) {
        free(text);
        poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "file", _("choose a results file (CSV or JSON) to upload"));
        char *message = poshan_written(poshan_write_error, &err);
        lab_page(rq, MHD_HTTP_BAD_REQUEST, message);
        free(message);
        return;
    }
    char batch_name[4 * POSHAN_UPLOAD_NAME_CHARS + 64];
    poshan_upload_name(rq, name, 0, batch_name, sizeof batch_name);
    char *partial = field(rq, "partial"), *amend = field(rq, "amend"), *reason = field(rq, "reason");
    poshan_upload_options o = {.partial = partial != NULL, .amend = amend != NULL, .reason = reason, .page_words = 1};
    cJSON *answer = NULL;
    unsigned status;
    if (o.amend && (reason == NULL || reason[0] == '\0')) {
        poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "reason",
                         _("say why the stored samples change (for example \"lab re-weighed the serving\")"));
        answer = NULL;
        status = MHD_HTTP_BAD_REQUEST;
    } else {
        status = poshan_lab_upload(rq, text, size, batch_name, &o, &answer);
        if (status == MHD_HTTP_BAD_REQUEST && poshan_html_number(answer, "rows_rejected") > 0) whole_file_refused(answer);
        if (status == MHD_HTTP_OK && o.partial && poshan_html_number(answer, "rows_rejected") > 0)
            link_rejects(answer);
    }
    char *output = answer ? poshan_written(write_ingest, answer) : poshan_written(poshan_write_error, &err);
    lab_page(rq, status, output);
    cJSON_Delete(answer);
    free(output);
    free(text);
    free(partial);
    free(amend);
    free(reason);
}

/* A whole query parameter from 0 up, 0 when absent or not a number. */
static size_t offset_of(poshan_request *rq) {
    const char *text = poshan_request_query(rq, "offset");
    unsigned long long v = 0;
    if (text == NULL || poshan_parse_whole(text, 0, SIZE_MAX / 2, &v) != 0) return 0;
    return (size_t)v;
}

static void write_samples(FILE *out, const void *ctx) {
    const void *const *pair = ctx;
    poshan_html_lab_samples(out, pair[0], pair[1]);
}

void poshan_page_lab_samples(poshan_request *rq) {
    const char *search = poshan_request_query(rq, "q");
    poshan_store store = user_store(rq);
    cJSON *page;
    poshan_error err;
    poshan_status st = poshan_lab_samples_page(&store, rq->user->lab, search, offset_of(rq), LAB_PAGE_ROWS, &page, &err);
    if (st != POSHAN_OK) {
        poshan_reply_error(rq, poshan_http_status(st), &err);
        return;
    }
    static const char *const keys[] = {"q"};
    const char *values[] = {search};
    char *query = poshan_url_query(keys, values, 1);
    const void *pair[] = {page, query ? query : ""};
    char *table = poshan_written(write_samples, pair), *typed = poshan_written(poshan_write_escaped, search),
         *lab = poshan_written(poshan_write_escaped, rq->user->lab);
    const poshan_html_var vars[] = {{"samples", table}, {"q", typed}, {"lab", lab}};
    poshan_page_render(rq, MHD_HTTP_OK, "lab-samples.html", _("Stored samples"), vars, 3);
    cJSON_Delete(page);
    free(query);
    free(table);
    free(typed);
    free(lab);
}

static void write_batches(FILE *out, const void *page) { poshan_html_lab_batches(out, page); }

void poshan_page_lab_batches(poshan_request *rq) {
    poshan_store store = user_store(rq);
    cJSON *page;
    poshan_error err;
    poshan_status st = poshan_lab_batches_page(&store, rq->user->lab, offset_of(rq), LAB_PAGE_ROWS, &page, &err);
    if (st != POSHAN_OK) {
        poshan_reply_error(rq, poshan_http_status(st), &err);
        return;
    }
    char *table = poshan_written(write_batches, page), *lab = poshan_written(poshan_write_escaped, rq->user->lab);
    const poshan_html_var vars[] = {{"batches", table}, {"lab", lab}};
    poshan_page_render(rq, MHD_HTTP_OK, "lab-batches.html", _("Batches"), vars, 2);
    cJSON_Delete(page);
    free(table);
    free(lab);
}

/* Each revision as the object poshan_html_lab_history draws. */
static poshan_status add_revision(void *ctx, const poshan_lab_revision *rev, poshan_error *err) {
    (void)err;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "revision", rev->revision);
    cJSON_AddBoolToObject(o, "latest", rev->latest);
    cJSON_AddStringToObject(o, "ingested_at", rev->ingested_at ? rev->ingested_at : "");
    cJSON_AddStringToObject(o, "ingested_by", rev->ingested_by ? rev->ingested_by : "");
    cJSON_AddStringToObject(o, "file", rev->file ? rev->file : "");
    cJSON_AddStringToObject(o, "reason", rev->reason ? rev->reason : "");
    cJSON_AddStringToObject(o, "school_name", rev->sample.school_name);
    cJSON_AddStringToObject(o, "sampled_on", rev->sample.sampled_on);
    cJSON_AddNumberToObject(o, "energy_kcal", rev->sample.energy_kcal);
    cJSON_AddNumberToObject(o, "protein_g", rev->sample.protein_g);
    cJSON_AddStringToObject(o, "e_coli", rev->sample.e_coli);
    cJSON_AddItemToArray(ctx, o);
    return POSHAN_OK;
}

static void write_history(FILE *out, const void *revisions) { poshan_html_lab_history(out, revisions); }

void poshan_page_lab_history(poshan_request *rq) {
    const char *sample = poshan_request_query(rq, "sample");
    if (sample == NULL || sample[0] == '\0') {
        poshan_reply_redirect(rq, "/lab/samples");
        return;
    }
    poshan_store store = user_store(rq);
    cJSON *revisions = cJSON_CreateArray();
    poshan_error err;
    poshan_status st = poshan_lab_history(&store, sample, rq->user->lab, add_revision, revisions, &err);
    if (st != POSHAN_OK) {
        cJSON_Delete(revisions);
        err.file[0] = '\0';  /* the database's path is the server's business */
        poshan_reply_error(rq, st == POSHAN_EINPUT ? MHD_HTTP_NOT_FOUND : poshan_http_status(st), &err);
        return;
    }
    char *table = poshan_written(write_history, revisions), *id = poshan_written(poshan_write_escaped, sample);
    const poshan_html_var vars[] = {{"history", table}, {"sample", id}};
    poshan_page_render(rq, MHD_HTTP_OK, "lab-history.html", _("History of a sample"), vars, 2);
    cJSON_Delete(revisions);
    free(table);
    free(id);
}

void poshan_page_lab_rejects(poshan_request *rq) {
    unsigned long long batch;
    poshan_error err;
    if (poshan_parse_whole(rq->name, 1, (unsigned long long)INT64_MAX, &batch) != 0) {
        poshan_reply_message(rq, MHD_HTTP_NOT_FOUND, "batch", _("no such batch: %s"), rq->name);
        return;
    }
    poshan_store store = user_store(rq);
    char *csv;
    size_t size;
    poshan_status st = poshan_lab_rejects_get(&store, (long long)batch, rq->user->lab, &csv, &size, &err);
    if (st != POSHAN_OK) {
        poshan_reply_error(rq, st == POSHAN_EINPUT ? MHD_HTTP_NOT_FOUND : poshan_http_status(st), &err);
        return;
    }
    snprintf(rq->download, sizeof rq->download, "batch-%llu-rejected-rows.csv", batch);
    poshan_reply(rq, MHD_HTTP_OK, "text/csv; charset=utf-8", csv, size);
}
