/* test_lab_pipe.c: a lab file read on a second thread (lab_pipe.h): rows
 * arrive in file order across many batches, bad rows with their own values,
 * a failing callback stops the reading, a file-level error comes back whole,
 * and an ingest through the pipe stores exactly the good rows.
 *
 * The generated file has 3,000 rows (about twelve of the pipe's 256-row
 * batches); every 500th row, counting from the first, names the level
 * "secondary", which norms.json does not know: rows 1, 501, ..., 2501, six
 * bad rows at file lines 2, 502, ..., 2502 (line 1 is the header). */
#include "lab_helpers.h"

#include "lab_pipe.h"

#define PIPE_TEST_ROWS 3000
#define PIPE_TEST_EVERY 500

/* The generated CSV (malloc'd). Row i (0-based) has sample_id S<i>. */
static char *generated_file(size_t *size) {
    size_t cap = 200 * (PIPE_TEST_ROWS + 1), n = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    n += (size_t)snprintf(text, cap, "%s", LAB_HEADER);
    for (int i = 0; i < PIPE_TEST_ROWS; i++)
        n += (size_t)snprintf(text + n, cap - n,
                              "S%d,Lab A,22070100101,GPS X,Raipur,Arang,%s,school,2018-11-05,"
                              "2018-11-08,%d.5,14.2,absent,12000,10,monday,\n",
                              i, i % PIPE_TEST_EVERY == 0 ? "secondary" : "primary", 400 + i % 300);
    *size = n;
    return text;
}

typedef struct buffer_arg {
    const char *data;
    size_t size;
} buffer_arg;

static poshan_status read_buffer(void *arg, const poshan_lab_reader *reader, poshan_error *err) {
    buffer_arg *b = arg;
    return poshan_lab_read_buffer(b->data, b->size, "generated.csv", reader, err);
}

/* What the callbacks saw, and where to fail. */
typedef struct seen {
    long next_line;             /* the line the next row must have */
    int samples, bad, out_of_order;
    int fail_at_sample;         /* 0: never */
    char bad_level[8][16];
} seen;

static poshan_status on_sample(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    seen *w = ctx;
    char id[32];
    snprintf(id, sizeof id, "S%ld", line - 2);
    if (line != w->next_line || strcmp(s->sample_id, id) != 0) w->out_of_order++;
    w->next_line = line + 1;
    if (++w->samples == w->fail_at_sample)
        return poshan_error_set(err, POSHAN_ESYSTEM, "test.db", 0, NULL, "disk full at sample %d", w->samples);
    return POSHAN_OK;
}

static poshan_status on_bad(void *ctx, const poshan_error *reason, const char *const *values) {
    seen *w = ctx;
    if (reason->line != w->next_line || strcmp(reason->field, "level") != 0) w->out_of_order++;
    w->next_line = reason->line + 1;
    if (w->bad < 8) snprintf(w->bad_level[w->bad], sizeof w->bad_level[0], "%s", values[POSHAN_LAB_LEVEL]);
    w->bad++;
    return POSHAN_OK;
}

static poshan_status read_piped(const char *data, size_t size, seen *w, poshan_error *err) {
    buffer_arg b = {data, size};
    poshan_lab_reader reader = {lab_norms(), "", on_sample, on_bad, w, lab_plausibility(), NULL};
    poshan_lab_today(reader.today);
    w->next_line = 2;
    return poshan_lab_read_piped(read_buffer, &b, &reader, err);
}

Test(lab_pipe, rows_arrive_in_file_order_across_many_batches) {
    size_t size;
    char *text = generated_file(&size);
    seen w = {0};
    poshan_error err;
    cr_assert_eq(read_piped(text, size, &w, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(w.samples, PIPE_TEST_ROWS - PIPE_TEST_ROWS / PIPE_TEST_EVERY);  /* 2,994 */
    cr_assert_eq(w.bad, 6);
    cr_assert_eq(w.out_of_order, 0);
    cr_assert_eq(w.next_line, PIPE_TEST_ROWS + 2);
    /* the bad rows' values were copied before the parser moved on */
    for (int i = 0; i < 6; i++) cr_assert_str_eq(w.bad_level[i], "secondary");
    free(text);
}

Test(lab_pipe, a_failing_callback_stops_the_reading_and_its_error_is_returned) {
    size_t size;
    char *text = generated_file(&size);
    seen w = {.fail_at_sample = 700};
    poshan_error err;
    cr_assert_eq(read_piped(text, size, &w, &err), POSHAN_ESYSTEM);
    cr_assert_str_eq(err.message, "disk full at sample 700");
    cr_assert_eq(w.samples, 700, "no row may be delivered after the failure");
    /* 700 good rows and the bad rows 1 and 501 before them */
    cr_assert_eq(w.bad, 2);
    free(text);
}

Test(lab_pipe, a_file_error_comes_back_as_the_reading_found_it) {
    const char *text = "sample_id,lab\nS1,Lab A\n";
    seen w = {0};
    poshan_error piped, direct;
    cr_assert_eq(read_piped(text, strlen(text), &w, &piped), POSHAN_EINPUT);
    poshan_lab_reader reader = {lab_norms(), "", on_sample, on_bad, &w, lab_plausibility(), NULL};
    cr_assert_eq(poshan_lab_read_buffer(text, strlen(text), "generated.csv", &reader, &direct), POSHAN_EINPUT);
    cr_assert_str_eq(piped.message, direct.message);
    cr_assert_str_eq(piped.file, "generated.csv");
    cr_assert_eq(piped.line, direct.line);
    cr_assert_eq(w.samples + w.bad, 0);
}

Test(lab_pipe, a_partial_ingest_of_many_batches_stores_exactly_the_good_rows) {
    size_t size;
    char *text = generated_file(&size);
    char *path = lab_temp_db();
    poshan_store store;
    lab_open(&store, path);
    poshan_lab_ingest_options o = {.norms = lab_norms(), .plausibility = lab_plausibility(), .by = "tester", .partial = 1};
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(poshan_lab_ingest_buffer(&store, text, size, "generated.csv", &o, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(r.read, PIPE_TEST_ROWS);
    cr_assert_eq(r.stored, 2994);
    cr_assert_eq(r.rejected, 6);
    cr_assert_eq(r.bad.count, 6);
    cr_assert_eq(r.bad.items[5].line, 2502);
    cr_assert_eq(lab_query_number(&store, "SELECT count(*) FROM samples"), 2994);
    /* rows 1 and 501 were refused; S2 is stored with 400 + 2 % 300 + 0.5 kcal */
    cr_assert_eq(lab_query_number(&store, "SELECT count(*) FROM samples WHERE sample_id IN ('S0', 'S500')"), 0);
    cr_assert_eq(lab_query_number(&store, "SELECT energy_kcal FROM samples WHERE sample_id = 'S2'"), 402.5);
    poshan_lab_ingest_result_free(&r);
    poshan_store_close(&store);
    lab_remove_db(path);
    free(text);
}
