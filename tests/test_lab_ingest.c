/* test_lab_ingest.c: storing lab results: the store, reading CSV and JSON,
 * every validation rule, all-or-nothing, --partial, duplicates, --amend,
 * history and export. Expected values are worked out by hand in comments. */
#include "lab_helpers.h"

#include <sys/stat.h>

#include "auth.h"

typedef struct lab_db {
    char *path;
    poshan_store store;
} lab_db;

static lab_db db;
static void db_open(void) {
    db.path = lab_temp_db();
    lab_open(&db.store, db.path);
}
static void db_close(void) {
    poshan_store_close(&db.store);
    lab_remove_db(db.path);
}
TestSuite(lab_ingest, .init = db_open, .fini = db_close);

static double count(const char *sql) { return lab_query_number(&db.store, sql); }

Test(lab_ingest, a_good_file_is_stored_whole_as_one_batch) {
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&db.store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(r.read, 3);
    cr_assert_eq(r.stored, 3);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 3);
    cr_assert_eq(count("SELECT energy_kcal FROM samples WHERE sample_id = 'S-001'"), 520.5);
    /* S-002 has no counts: stored as NULL, not zero */
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE sample_id = 'S-002' AND total_plate_count_cfu_g IS NULL"), 1);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, the_batch_records_file_hash_counts_and_who) {
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&db.store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err), POSHAN_OK);
    /* `sha256sum tests/fixtures/lab/good.csv` (GNU coreutils) */
    const char *expected = "36d4be9d29c7dfa2df8c9bc3469eb30e90274a627a0916d4675934125a5eff89";
    cr_assert_str_eq(r.sha256, expected);
    cr_assert_eq(count("SELECT count(*) FROM batches WHERE sha256 = '36d4be9d29c7dfa2df8c9bc3469eb30e90274a627a0916d4675934125a5eff89'"
                       " AND ingested_by = 'tester' AND rows_read = 3 AND rows_stored = 3"
                       " AND file = 'tests/fixtures/lab/good.csv' AND ingested_at LIKE '20__-__-__T__:__:__Z'"), 1);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, the_same_sample_with_the_same_values_changes_nothing) {
    poshan_lab_ingest_result r;
    poshan_error err;
    lab_ingest(&db.store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err);
    cr_assert_eq(lab_ingest(&db.store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err), POSHAN_OK);
    cr_assert_eq(r.unchanged, 3);
    cr_assert_eq(r.stored, 0);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 3);
    cr_assert_eq(count("SELECT count(*) FROM sample_revisions"), 0);
    cr_assert_eq(count("SELECT max(revision) FROM samples"), 1);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, the_same_sample_with_other_values_is_refused_without_amend) {
    poshan_lab_ingest_result r;
    poshan_error err;
    lab_ingest(&db.store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err);
    char *changed = test_write_temp(".csv", LAB_HEADER
        "S-001,Mitra S K Lab Kolkata,22070100101,GPS Kharora,Raipur,Arang,primary,school,2018-11-05,2018-11-08,480,14.2,absent,12000,10,monday,\n");
    cr_assert_eq(lab_ingest(&db.store, changed, 0, NULL, &r, &err), POSHAN_EINPUT);
    cr_assert_eq(r.bad.count, 1);
    cr_assert_eq(r.bad.items[0].line, 2);
    cr_assert(strstr(r.bad.items[0].message, "--amend") != NULL, "%s", r.bad.items[0].message);
    cr_assert_eq(count("SELECT energy_kcal FROM samples WHERE sample_id = 'S-001'"), 520.5);
    cr_assert_eq(count("SELECT count(*) FROM batches"), 1);
    unlink(changed);
    free(changed);
    poshan_lab_ingest_result_free(&r);
}

static poshan_status collect_revision(void *ctx, const poshan_lab_revision *rev, poshan_error *err) {
    (void)err;
    poshan_lab_revision *seen = ctx;
    while (seen->revision) seen++;
    *seen = *rev;
    seen->reason = rev->reason ? strdup(rev->reason) : NULL;
    return POSHAN_OK;
}

Test(lab_ingest, amend_keeps_the_old_values_as_a_revision_with_why) {
    poshan_lab_ingest_result r;
    poshan_error err;
    lab_ingest(&db.store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err);
    char *changed = test_write_temp(".csv", LAB_HEADER
        "S-001,Mitra S K Lab Kolkata,22070100101,GPS Kharora,Raipur,Arang,primary,school,2018-11-05,2018-11-08,480,14.2,absent,12000,10,monday,\n");
    cr_assert_eq(lab_ingest(&db.store, changed, 0, "lab re-weighed the serving", &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(r.amended, 1);
    cr_assert_eq(count("SELECT energy_kcal FROM samples WHERE sample_id = 'S-001'"), 480);
    cr_assert_eq(count("SELECT energy_kcal FROM sample_revisions WHERE sample_id = 'S-001' AND revision = 1"), 520.5);
    poshan_lab_revision seen[4] = {0};
    cr_assert_eq(poshan_lab_history(&db.store, "S-001", NULL, collect_revision, seen, &err), POSHAN_OK);
    cr_assert_eq(seen[0].revision, 1);
    cr_assert_eq(seen[0].sample.energy_kcal, 520.5);
    cr_assert_null(seen[0].reason);
    cr_assert_eq(seen[1].revision, 2);
    cr_assert(seen[1].latest);
    cr_assert_eq(seen[1].sample.energy_kcal, 480);
    cr_assert_str_eq(seen[1].reason, "lab re-weighed the serving");
    cr_assert_eq(seen[2].revision, 0);
    free((char *)seen[1].reason);
    unlink(changed);
    free(changed);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, amend_without_a_reason_is_a_usage_error) {
    poshan_lab_ingest_options o = {.norms = lab_norms(), .plausibility = lab_plausibility(), .by = "tester", .amend = 1};
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(poshan_lab_ingest_file(&db.store, "tests/fixtures/lab/good.csv", &o, &r, &err), POSHAN_EUSAGE);
    cr_assert_str_eq(err.field, "--reason");
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
}

Test(lab_ingest, history_of_an_unknown_sample_says_so) {
    poshan_error err;
    poshan_lab_revision seen[1] = {0};
    cr_assert_eq(poshan_lab_history(&db.store, "NOPE", NULL, collect_revision, seen, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "NOPE") != NULL);
}

Test(lab_ingest, one_bad_file_stores_nothing_and_lists_every_bad_row) {
    poshan_lab_ingest_result r;
    poshan_error err;
    /* lines 3 and 5 are bad (UDISE of 10 digits; level "secondary") */
    const char *text = LAB_HEADER LAB_GOOD_ROW
        "S2,Lab A,2207010010,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,,,,,\n"
        "S3,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,500,13,,,,,\n"
        "S4,Lab A,22070100101,GPS X,Raipur,Arang,secondary,school,2018-11-05,2018-11-08,500,13,,,,,\n";
    cr_assert_eq(lab_ingest_text(&db.store, ".csv", text, &r, &err), POSHAN_EINPUT);
    cr_assert_eq(r.rejected, 2);
    cr_assert_eq(r.bad.count, 2);
    cr_assert_eq(r.bad.items[0].line, 3);
    cr_assert_str_eq(r.bad.items[0].field, "school_udise");
    cr_assert_eq(r.bad.items[1].line, 5);
    cr_assert_str_eq(r.bad.items[1].field, "level");
    cr_assert(strstr(err.message, "nothing of this file was stored") != NULL, "%s", err.message);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    cr_assert_eq(count("SELECT count(*) FROM batches"), 0);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, partial_stores_the_good_rows_and_writes_the_rejects_with_reasons) {
    char *path = test_write_temp(".csv", LAB_HEADER LAB_GOOD_ROW
        "S2,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,abc,14.2,,,,,\n"
        "S3,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,500,13,,,,,\n");
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&db.store, path, 1, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(r.stored, 2);
    cr_assert_eq(r.rejected, 1);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 2);
    cr_assert_eq(count("SELECT rows_rejected FROM batches"), 1);
    char expected_path[1100], *rejects;
    snprintf(expected_path, sizeof expected_path, "%s.rejects.csv", path);
    cr_assert_str_eq(r.rejects_path, expected_path);
    cr_assert_eq(poshan_read_file(expected_path, &rejects, NULL, &err), POSHAN_OK);
    /* the input's columns first, in its order, then the reason */
    cr_assert_str_eq(rejects,
        "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,energy_kcal,"
        "protein_g,e_coli,total_plate_count_cfu_g,coliforms_cfu_g,menu_day,remarks,rejected_line,rejected_field,"
        "rejected_reason\n"
        "S2,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,abc,14.2,,,,,,3,energy_kcal,"
        "'abc' is not a number\n");
    free(rejects);
    unlink(expected_path);
    unlink(path);
    free(path);
    poshan_lab_ingest_result_free(&r);
}

/* A row with a stray quote in school_name ("GPS"Y), and a row whose quote is
 * never closed ("GPS Y, which libcsv would run on into the rows below until
 * the quote of S4's "GPS, W"), each among good rows. */
#define LAB_ROW_STRAY_QUOTE \
    "S2,Lab A,22070100101,\"GPS\"Y,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n"
#define LAB_ROW_UNCLOSED_QUOTE \
    "S2,Lab A,22070100101,\"GPS Y,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n"
#define LAB_ROW_S3 \
    "S3,Lab A,22070100101,GPS Z,Raipur,Arang,upper_primary,school,2018-11-05,2018-11-08,720.5,20.2,absent,12000,10,monday,\n"
#define LAB_ROW_S4_QUOTED_COMMA \
    "S4,Lab A,22070100101,\"GPS, W\",Raipur,Arang,upper_primary,school,2018-11-05,2018-11-08,720.5,20.2,absent,12000,10,monday,\n"

/* Ingests text with --partial; the rejects file's text into *rejects (to free). */
static poshan_status ingest_partial(const char *text, poshan_lab_ingest_result *r, char **rejects) {
    char *path = test_write_temp(".csv", text);
    poshan_error err;
    poshan_status st = lab_ingest(&db.store, path, 1, NULL, r, &err);
    cr_assert_eq(st, POSHAN_OK, "%s", err.message);
    *rejects = NULL;
    if (r->rejects_path[0]) cr_assert_eq(poshan_read_file(r->rejects_path, rejects, NULL, &err), POSHAN_OK);
    if (r->rejects_path[0]) unlink(r->rejects_path);
    unlink(path);
    free(path);
    return st;
}

Test(lab_ingest, partial_rejects_a_row_with_a_stray_quote_and_stores_the_others) {
    poshan_lab_ingest_result r;
    char *rejects;
    ingest_partial(LAB_HEADER LAB_GOOD_ROW LAB_ROW_STRAY_QUOTE LAB_ROW_S3, &r, &rejects);
    /* 3 rows read = 2 stored (S1, S3) + 1 rejected (S2, line 3) */
    cr_assert_eq(r.read, 3);
    cr_assert_eq(r.stored, 2);
    cr_assert_eq(r.rejected, 1);
    cr_assert_eq(r.bad.items[0].line, 3);
    cr_assert_str_eq(r.bad.items[0].field, "school_name");
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE sample_id IN ('S1', 'S3')"), 2);
    cr_assert_eq(count("SELECT rows_read - rows_stored - rows_rejected FROM batches"), 0);
    /* the rejected row split at its commas, the quote kept as typed, for the clerk to correct */
    cr_assert(strstr(rejects, "\nS2,Lab A,22070100101,\"\"\"GPS\"\"Y\",Raipur,Arang,primary,school,2018-11-05,"
                              "2018-11-08,520.5,14.2,absent,12000,10,monday,,3,school_name,") != NULL, "%s", rejects);
    free(rejects);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, partial_rejects_a_row_whose_quote_is_never_closed_and_reads_the_rows_after_it) {
    poshan_lab_ingest_result r;
    char *rejects;
    ingest_partial(LAB_HEADER LAB_GOOD_ROW LAB_ROW_UNCLOSED_QUOTE LAB_ROW_S3 LAB_ROW_S4_QUOTED_COMMA, &r, &rejects);
    /* 4 rows read = 3 stored (S1, S3, S4) + 1 rejected (S2 on line 3): S3 is not swallowed, not doubled */
    cr_assert_eq(r.read, 4);
    cr_assert_eq(r.stored, 3);
    cr_assert_eq(r.rejected, 1);
    cr_assert_eq(r.bad.items[0].line, 3);
    cr_assert_str_eq(r.bad.items[0].field, "school_name");
    cr_assert(strstr(r.bad.items[0].message, "not closed") != NULL, "%s", r.bad.items[0].message);
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE school_name = 'GPS, W' AND sample_id = 'S4'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE sample_id = 'S3'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 3);
    free(rejects);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, an_unclosed_quote_on_the_last_line_with_no_newline_is_its_row_only) {
    poshan_lab_ingest_result r;
    char *rejects;
    ingest_partial(LAB_HEADER LAB_GOOD_ROW LAB_ROW_S3 "S9,\"Lab A,22070100101", &r, &rejects);
    cr_assert_eq(r.read, 3);
    cr_assert_eq(r.stored, 2);
    cr_assert_eq(r.rejected, 1);
    cr_assert_eq(r.bad.items[0].line, 4);
    cr_assert_str_eq(r.bad.items[0].field, "lab");
    free(rejects);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, a_remark_over_two_lines_in_quotes_is_still_one_row) {
    poshan_lab_ingest_result r;
    char *rejects;
    ingest_partial(LAB_HEADER
        "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\"dal thin\nrice short\"\n"
        LAB_ROW_S3, &r, &rejects);
    cr_assert_eq(r.read, 2);
    cr_assert_eq(r.stored, 2);
    cr_assert_eq(r.rejected, 0);
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE remarks = 'dal thin' || char(10) || 'rice short'"), 1);
    free(rejects);
    poshan_lab_ingest_result_free(&r);
}

/* The reader takes a file 64 KiB at a time: a bad row cut by a read is still
 * one row. Rows of 113 bytes up to just before byte 65,536, then a row whose
 * stray quote comes after it (its school name begins with 100 X's). */
Test(lab_ingest, a_stray_quote_past_a_read_boundary_rejects_only_its_row) {
    char *text = NULL;
    size_t size;
    FILE *f = open_memstream(&text, &size);
    fputs(LAB_HEADER, f);
    int rows = 0;
    for (; ftell(f) < 65536 - 113; rows++)
        fprintf(f, "G%04d,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,,,,,\n", rows);
    long bad_starts = ftell(f);
    fprintf(f, "B1,Lab A,22070100101,%0100d\"Y,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,,,,,\n", 0);
    fputs(LAB_ROW_S3, f);
    fclose(f);
    cr_assert(bad_starts < 65536 && bad_starts + 21 + 100 > 65536, "the quote is past the read's end");
    poshan_lab_ingest_result r;
    char *rejects;
    ingest_partial(text, &r, &rejects);
    /* every good row, S3 too, stored; the bad row (line rows + 2) the one rejected */
    cr_assert_eq(r.read, (size_t)rows + 2);
    cr_assert_eq(r.stored, (size_t)rows + 1);
    cr_assert_eq(r.rejected, 1);
    cr_assert_eq(r.bad.items[0].line, rows + 2);
    cr_assert_str_eq(r.bad.items[0].field, "school_name");
    free(rejects);
    free(text);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, without_partial_a_stray_quote_names_file_line_and_field_and_stores_nothing) {
    char *file = test_write_temp(".csv", LAB_HEADER LAB_GOOD_ROW LAB_ROW_STRAY_QUOTE LAB_ROW_S3);
    char *args, *out, *err_text, *expected;
    cr_assert(asprintf(&args, "lab ingest %s --db %s --by clerk", file, db.path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &err_text), 1);
    cr_assert(asprintf(&expected, "poshan: %s:3: school_name: malformed CSV: a quote is where CSV allows none", file) > 0);
    cr_assert(strstr(err_text, expected) != NULL, "%s", err_text);
    cr_assert(strstr(err_text, "1 of its 3 rows is wrong, so nothing of this file was stored") != NULL, "%s", err_text);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    free(expected);
    free(args);
    free(out);
    free(err_text);
    unlink(file);
    free(file);
}

Test(lab_ingest, a_second_partial_run_never_overwrites_the_rejects_file_being_corrected) {
    char *path = test_write_temp(".csv", LAB_HEADER LAB_GOOD_ROW LAB_ROW_STRAY_QUOTE);
    char first[1100], second[1100], third[1100], *text, *args, *out, *err_text;
    snprintf(first, sizeof first, "%s.rejects.csv", path);
    snprintf(second, sizeof second, "%s.rejects-2.csv", path);
    snprintf(third, sizeof third, "%s.rejects-3.csv", path);
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&db.store, path, 1, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_eq(r.rejects_path, first);
    cr_assert_eq(r.rejects_numbered, 0);
    poshan_lab_ingest_result_free(&r);
    /* the clerk is correcting it */
    FILE *f = fopen(first, "w");
    fputs("corrected by the clerk\n", f);
    fclose(f);
    cr_assert_eq(lab_ingest(&db.store, path, 1, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_eq(r.rejects_path, second);
    cr_assert_eq(r.rejects_numbered, 1);
    poshan_lab_ingest_result_free(&r);
    cr_assert_eq(poshan_read_file(first, &text, NULL, &err), POSHAN_OK);
    cr_assert_str_eq(text, "corrected by the clerk\n");
    free(text);
    cr_assert_eq(poshan_read_file(second, &text, NULL, &err), POSHAN_OK);
    cr_assert(strstr(text, "\nS2,Lab A,") != NULL, "%s", text);
    free(text);
    /* the command says where the rows went and that the old file was left */
    cr_assert(asprintf(&args, "lab ingest %s --db %s --by clerk --partial", path, db.path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &err_text), 0);
    char *expected;
    cr_assert(asprintf(&expected, "rejected rows and reasons written to %s (a new name: %s is there already and was "
                                  "left as it is", third, first) > 0);
    cr_assert(strstr(out, expected) != NULL, "%s", out);
    free(expected);
    free(args);
    free(out);
    free(err_text);
    unlink(first);
    unlink(second);
    unlink(third);
    unlink(path);
    free(path);
}

Test(lab_ingest, energy_in_kilojoules_is_converted_to_kcal) {
    /* 2092 kJ / 4.184 kJ per kcal = 500 kcal */
    poshan_lab_ingest_result r;
    poshan_error err;
    const char *text = "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,energy_kj,protein_g\n"
                       "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,2092,14\n";
    cr_assert_eq(lab_ingest_text(&db.store, ".csv", text, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_float_eq(count("SELECT energy_kcal FROM samples"), 500, 1e-9);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, values_per_100g_are_multiplied_by_the_serving) {
    /* 150 kcal and 4 g per 100 g, a 300 g serving: 150 x 3 = 450 kcal, 4 x 3 = 12 g */
    poshan_lab_ingest_result r;
    poshan_error err;
    const char *text = "tested_on,sampled_on,sample_id,lab,school_udise,school_name,district,block,level,kitchen,"
                       "energy_kcal_per_100g,protein_g_per_100g,serving_g\n"
                       "2018-11-08,2018-11-05,S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,150,4,300\n";
    cr_assert_eq(lab_ingest_text(&db.store, ".csv", text, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_float_eq(count("SELECT energy_kcal FROM samples"), 450, 1e-9);
    cr_assert_float_eq(count("SELECT protein_g FROM samples"), 12, 1e-9);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, a_byte_order_mark_and_crlf_lines_are_read) {
    poshan_lab_ingest_result r;
    poshan_error err;
    const char *text = "\xEF\xBB\xBFsample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,energy_kcal,protein_g\r\n"
                       "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2\r\n";
    cr_assert_eq(lab_ingest_text(&db.store, ".csv", text, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(count("SELECT protein_g FROM samples WHERE sample_id = 'S1' AND tested_on = '2018-11-08'"), 14.2);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, a_json_array_is_read_like_the_csv) {
    poshan_lab_ingest_result r;
    poshan_error err;
    const char *text = "[\n {\"sample_id\": \"S1\", \"lab\": \"Lab A\", \"school_udise\": \"22070100101\",\n"
                       "  \"school_name\": \"GPS X\", \"district\": \"Raipur\", \"block\": \"Arang\", \"level\": \"primary\",\n"
                       "  \"kitchen\": \"school\", \"sampled_on\": \"2018-11-05\", \"tested_on\": \"2018-11-08\",\n"
                       "  \"energy_kcal\": 520.5, \"protein_g\": \"14.2\", \"e_coli\": \"Absent\", \"coliforms_cfu_g\": null}\n]\n";
    cr_assert_eq(lab_ingest_text(&db.store, ".json", text, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE energy_kcal = 520.5 AND protein_g = 14.2 AND e_coli = 'absent'"
                       " AND coliforms_cfu_g IS NULL"), 1);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_ingest, a_bad_json_object_is_named_by_the_line_it_starts_on) {
    poshan_lab_ingest_result r;
    poshan_error err;
    /* the second object starts on line 3 */
    const char *text = "[\n{\"sample_id\": \"S1\"},\n{\"sample_id\": \"S2\", \"lab\": \"L\", \"school_udise\": \"22070100101\","
                       " \"school_name\": \"X\", \"district\": \"D\", \"block\": \"B\", \"level\": \"primary\", \"kitchen\": \"school\","
                       " \"sampled_on\": \"2018-11-05\", \"tested_on\": \"2018-11-08\", \"energy_kcal\": true, \"protein_g\": 1}\n]";
    cr_assert_eq(lab_ingest_text(&db.store, ".json", text, &r, &err), POSHAN_EINPUT);
    cr_assert_eq(r.bad.count, 2);
    cr_assert_eq(r.bad.items[0].line, 2);
    cr_assert_str_eq(r.bad.items[0].field, "lab");
    cr_assert_eq(r.bad.items[1].line, 3);
    cr_assert_str_eq(r.bad.items[1].field, "energy_kcal");
    poshan_lab_ingest_result_free(&r);
}

/* Exports db as text (CSV or JSON) into a malloc'd string. */
static char *export_text(poshan_store *store, poshan_format format) {
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    poshan_error err;
    cr_assert_eq(poshan_lab_export(store, NULL, out, format, &err), POSHAN_OK, "%s", err.message);
    fclose(out);
    return text;
}

static void export_round_trip(poshan_format format, const char *suffix) {
    poshan_lab_ingest_result r;
    poshan_error err;
    lab_ingest(&db.store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err);
    lab_ingest(&db.store, "tests/fixtures/lab/2018-19.csv", 0, NULL, &r, &err);
    char *first = export_text(&db.store, format);
    char *second_db = lab_temp_db();
    poshan_store second;
    lab_open(&second, second_db);
    char *file = test_write_temp(suffix, first);
    cr_assert_eq(lab_ingest(&second, file, 0, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(r.stored, 161);  /* 3 + 158 */
    char *again = export_text(&second, format);
    cr_assert_str_eq(again, first);
    free(first);
    free(again);
    unlink(file);
    free(file);
    poshan_store_close(&second);
    lab_remove_db(second_db);
}

Test(lab_ingest, the_csv_export_ingests_into_an_empty_database_unchanged) {
    export_round_trip(POSHAN_FORMAT_CSV, ".csv");
}

Test(lab_ingest, the_json_export_ingests_into_an_empty_database_unchanged) {
    export_round_trip(POSHAN_FORMAT_JSON, ".json");
}

Test(lab_ingest, a_new_database_is_at_the_latest_schema_version) {
    cr_assert_eq(poshan_store_version(&db.store), poshan_store_latest_version());
    cr_assert_eq(count("PRAGMA foreign_keys"), 1);
    cr_assert_eq(count("PRAGMA synchronous"), 2); /* 2 = FULL (sqlite.org/pragma.html#pragma_synchronous) */
}

Test(lab_ingest, a_database_from_a_newer_poshan_is_refused_and_left_alone) {
    sqlite3_exec(db.store.db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    poshan_store other;
    poshan_error err;
    cr_assert_eq(poshan_store_open(&other, db.path, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "newer poshan") != NULL, "%s", err.message);
    cr_assert_eq(count("PRAGMA user_version"), 99);
}

/* A lab database written before the server existed (schema version 1: the lab
 * tables only) is made by dropping what versions 2 and 3 added; opening it again adds
 * the users tables and keeps the samples. */
Test(lab_ingest, a_lab_database_gets_the_users_tables_when_opened) {
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&db.store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    poshan_lab_ingest_result_free(&r);
    cr_assert_eq(sqlite3_exec(db.store.db, "DROP TABLE sessions; DROP TABLE audit; DROP TABLE users;"
                              " PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
    poshan_store_close(&db.store);
    lab_open(&db.store, db.path);
    cr_assert_eq(poshan_store_version(&db.store), poshan_store_latest_version());
    cr_assert_eq(count("SELECT count(*) FROM sqlite_master WHERE name IN ('users', 'sessions', 'audit')"), 3);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 3);
    /* versions 3 and 4 ran too: the indexes 3 made, 4 dropped */
    cr_assert_eq(count("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'samples_by_%'"), 0);
}

/* A new file gets 16 kB pages, not SQLite's default 4 kB (store.c says why). */
Test(lab_ingest, a_new_database_has_16_kb_pages) {
    cr_assert_eq(count("PRAGMA page_size"), 16384);
}

Test(lab_ingest, users_and_lab_results_live_in_one_file) {
    poshan_lab_ingest_result r;
    poshan_error err;
    char token[POSHAN_TOKEN_SIZE];
    cr_assert_eq(lab_ingest(&db.store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    poshan_lab_ingest_result_free(&r);
    cr_assert_eq(poshan_auth_add_user(db.store.db, "mitra", POSHAN_ROLE_LAB, "Mitra S K Lab Kolkata",
                                      "test", token, &err), POSHAN_OK, "%s", err.message);
    poshan_store_close(&db.store);
    sqlite3 *raw;  /* the file itself, opened without the store */
    cr_assert_eq(sqlite3_open_v2(db.path, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    poshan_store plain = {.db = raw};
    cr_assert_eq(lab_query_number(&plain, "SELECT count(*) FROM samples"), 3);
    cr_assert_eq(lab_query_number(&plain, "SELECT count(*) FROM users WHERE name = 'mitra'"), 1);
    sqlite3_close(raw);
    lab_open(&db.store, db.path);
}

/* ---- every bad-input case -------------------------------------------------
 * One bad row after a good one: the file is refused, the reason names line 3
 * and the field, and nothing is stored. */
static void expect_bad_row(const char *row, const char *field, const char *words) {
    char text[4096];
    snprintf(text, sizeof text, LAB_HEADER LAB_GOOD_ROW "%s", row);
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&db.store, ".csv", text, &r, &err), POSHAN_EINPUT);
    cr_assert_eq(r.bad.count, 1);
    cr_assert_eq(r.bad.items[0].line, 3);
    cr_assert_str_eq(r.bad.items[0].field, field);
    cr_assert(strstr(r.bad.items[0].message, words) != NULL, "%s", r.bad.items[0].message);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    poshan_lab_ingest_result_free(&r);
}

TestSuite(lab_bad_input, .init = db_open, .fini = db_close);

#define ROW(udise, level, kitchen, sampled, tested, energy, protein, e_coli, tpc) \
    "S2,Lab A," udise ",GPS X,Raipur,Arang," level "," kitchen "," sampled "," tested "," energy "," protein "," e_coli "," tpc ",,,\n"

Test(lab_bad_input, a_udise_code_of_ten_digits) {
    expect_bad_row(ROW("2207010010", "primary", "school", "2018-11-05", "2018-11-08", "500", "13", "", ""), "school_udise", "it has 10 digits; a UDISE code has 11");
}
Test(lab_bad_input, a_udise_code_with_letters) {
    expect_bad_row(ROW("2207010010A", "primary", "school", "2018-11-05", "2018-11-08", "500", "13", "", ""), "school_udise", "'A' is not a digit; a UDISE code is 11 digits");
}
Test(lab_bad_input, an_unknown_level) {
    expect_bad_row(ROW("22070100101", "secondary", "school", "2018-11-05", "2018-11-08", "500", "13", "", ""), "level", "primary or upper_primary");
}
Test(lab_bad_input, an_unknown_kitchen) {
    expect_bad_row(ROW("22070100101", "primary", "home", "2018-11-05", "2018-11-08", "500", "13", "", ""), "kitchen", "school or centralized");
}
Test(lab_bad_input, a_date_not_in_iso_form) {
    expect_bad_row(ROW("22070100101", "primary", "school", "05/11/2018", "2018-11-08", "500", "13", "", ""), "sampled_on", "YYYY-MM-DD");
}
Test(lab_bad_input, a_date_that_does_not_exist) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2019-02-29", "500", "13", "", ""), "tested_on", "not a date");
}
Test(lab_bad_input, tested_before_sampled) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-04", "500", "13", "", ""), "tested_on", "before the sample was taken");
}
Test(lab_bad_input, a_date_in_the_future) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2999-01-01", "500", "13", "", ""), "tested_on", "in the future");
}
Test(lab_bad_input, energy_that_is_not_a_number) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "5OO", "13", "", ""), "energy_kcal", "not a number");
}
Test(lab_bad_input, negative_energy) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "-500", "13", "", ""), "energy_kcal", "more than zero");
}
/* nutrients/plausibility.json: energy 100-2000 kcal, protein 2-100 g, serving 50-1500 g a serving */
Test(lab_bad_input, energy_typed_in_kj_for_kcal_is_refused_naming_the_mistake) {
    /* an upper-primary meal of 700 kcal is 700 x 4.184 = 2928.8 kJ; 2929 / 4.184 = 700.05 */
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "2929", "13", "", ""), "energy_kcal",
                   "2929 kcal a serving is more than one child's serving of a cooked meal can give (100 to 2000 kcal, "
                   "nutrients/plausibility.json): was it in kJ? 2929 kJ is 700.0 kcal: put it in an energy_kj column");
}
Test(lab_bad_input, energy_below_any_cooked_meal) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "0.65", "13", "", ""), "energy_kcal",
                   "0.65 kcal a serving is less than one child's serving of a cooked meal can give (100 to 2000 kcal");
}
Test(lab_bad_input, protein_typed_in_milligrams_is_refused_naming_the_mistake) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "500", "15000", "", ""), "protein_g",
                   "15000 g protein a serving is more than one child's serving of a cooked meal can give (2 to 100 g, "
                   "nutrients/plausibility.json): was it in milligrams? 15000 mg is 15 g");
}
Test(lab_bad_input, a_serving_typed_in_kilograms_is_refused_not_stored_as_a_tiny_meal) {
    /* the row: 145 kcal per 100 g with serving_g 0.45 would be 145 x 0.45 / 100 = 0.65 kcal */
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&db.store, ".csv",
        "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,"
        "energy_kcal_per_100g,protein_g_per_100g,serving_g\n"
        "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,145,3.2,0.45\n", &r, &err),
        POSHAN_EINPUT);
    cr_assert_eq(r.bad.count, 1);
    cr_assert_str_eq(r.bad.items[0].field, "serving_g");
    cr_assert_str_eq(r.bad.items[0].message,
                     "0.45 g is less than one child's serving of a cooked meal can weigh (50 to 1500 g, "
                     "nutrients/plausibility.json): was it weighed in kilograms? 0.45 kg is 450 g");
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    poshan_lab_ingest_result_free(&r);
}
Test(lab_bad_input, the_papad_schools_extreme_but_possible_energy_is_stored) {
    /* 1,650 kcal (AWP&B 2019-20 section 2.13.3) is inside 100-2000: stored, for the summary to mark as an outlier */
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&db.store, ".csv", LAB_HEADER
        "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,1650,15.2,,,,,papad\n", &r, &err),
        POSHAN_OK, "%s", err.message);
    cr_assert_eq(count("SELECT energy_kcal FROM samples"), 1650);
    poshan_lab_ingest_result_free(&r);
}
Test(lab_bad_input, protein_above_what_a_meal_can_give) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "500", "200.5", "", ""), "protein_g",
                   "200.5 g protein a serving is more than");
}
Test(lab_bad_input, negative_protein) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "500", "-1", "", ""), "protein_g", "cannot be negative");
}
Test(lab_bad_input, missing_energy) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "", "13", "", ""), "energy_kcal", "is missing");
}
Test(lab_bad_input, an_unknown_e_coli_result) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "500", "13", "maybe", ""), "e_coli", "absent or present");
}
Test(lab_bad_input, a_negative_plate_count) {
    expect_bad_row(ROW("22070100101", "primary", "school", "2018-11-05", "2018-11-08", "500", "13", "", "-3"), "total_plate_count_cfu_g", "cannot be negative");
}
Test(lab_bad_input, an_empty_sample_id) {
    expect_bad_row(",Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,500,13,,,,,\n", "sample_id", "empty");
}
Test(lab_bad_input, energy_given_two_ways) {
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&db.store, ".csv",
        "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,energy_kcal,energy_kj,protein_g\n"
        "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,500,2092,14\n", &r, &err), POSHAN_EINPUT);
    cr_assert_str_eq(r.bad.items[0].field, "energy_kcal");
    cr_assert(strstr(r.bad.items[0].message, "more than one way") != NULL, "%s", r.bad.items[0].message);
    poshan_lab_ingest_result_free(&r);
}

/* Problems with the file as a whole: returned, not listed per row (line -1: any). */
static void expect_bad_file(const char *suffix, const char *text, long line, const char *field, const char *words) {
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&db.store, suffix, text, &r, &err), POSHAN_EINPUT);
    if (line >= 0) cr_assert_eq(err.line, line);
    cr_assert_str_eq(err.field, field);
    cr_assert(strstr(err.message, words) != NULL, "%s", err.message);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    cr_assert_eq(count("SELECT count(*) FROM batches"), 0);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_bad_input, a_missing_column) {
    expect_bad_file(".csv", "sample_id,lab,school_udise,school_name,block,level,kitchen,sampled_on,tested_on,energy_kcal,protein_g\n",
                    1, "district", "no column 'district'");
}
Test(lab_bad_input, an_unknown_column) {
    expect_bad_file(".csv", "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,energy_kcal,protein_g,colour\n",
                    1, "colour", "unknown column");
}
Test(lab_bad_input, no_energy_column) {
    expect_bad_file(".csv", "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,protein_g\n" "S1,L,22070100101,X,D,B,primary,school,2018-11-05,2018-11-08,14\n",
                    1, "energy_kcal", "no energy column");
}
Test(lab_bad_input, values_per_100g_without_a_serving_column) {
    expect_bad_file(".csv", "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,energy_kcal_per_100g,protein_g\n" "S1,L,22070100101,X,D,B,primary,school,2018-11-05,2018-11-08,150,14\n",
                    1, "serving_g", "serving_g");
}
Test(lab_bad_input, an_empty_file) {
    expect_bad_file(".csv", "", 1, "", "empty");
}
Test(lab_bad_input, an_unclosed_quote_at_the_end_is_a_bad_row_naming_its_line_and_column) {
    /* S1's lab opens a quote the file never closes: row 2, column lab */
    expect_bad_row("S1,\"Lab A,22070100101\n", "lab", "begun on this line is not closed");
}
Test(lab_bad_input, a_quote_inside_an_unquoted_value_is_a_bad_row_naming_its_line_and_column) {
    expect_bad_row("S2,Lab A,22070100101,\"GPS\"X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,500,13,,,,,\n",
                   "school_name", "a quote is where CSV allows none");
}
Test(lab_bad_input, a_malformed_header_still_stops_the_file) {
    expect_bad_file(".csv", "sample_id,\"lab\"x,school_udise\n" LAB_GOOD_ROW, 1, "column 2", "malformed CSV");
}
Test(lab_bad_input, malformed_json) {
    expect_bad_file(".json", "[\n{\"sample_id\": \"S1\",,}\n]", 2, "", "malformed JSON");
}
Test(lab_bad_input, a_json_object_instead_of_an_array) {
    expect_bad_file(".json", "{\"sample_id\": \"S1\"}", 1, "", "array of samples");
}

Test(lab_bad_input, the_command_exits_1_naming_file_line_and_field_of_each_bad_row) {
    char *file = test_write_temp(".csv", LAB_HEADER LAB_GOOD_ROW
        "S2,Lab A,2207010010,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,500,13,,,,,\n"
        "S3,Lab A,22070100101,GPS X,Raipur,Arang,primary,home,2018-11-05,2018-11-08,500,13,,,,,\n");
    char *args, *out, *err_text, *expected;
    cr_assert(asprintf(&args, "lab ingest %s --db %s --by clerk", file, db.path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &err_text), 1);
    cr_assert(asprintf(&expected, "poshan: %s:3: school_udise: '2207010010' is not a UDISE code", file) > 0);
    cr_assert(strstr(err_text, expected) != NULL, "%s", err_text);
    free(expected);
    cr_assert(asprintf(&expected, "poshan: %s:4: kitchen: 'home' is not known", file) > 0);
    cr_assert(strstr(err_text, expected) != NULL, "%s", err_text);
    cr_assert(strstr(err_text, "2 of its 3 rows are wrong, so nothing of this file was stored") != NULL, "%s", err_text);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    free(expected);
    free(args);
    free(out);
    free(err_text);
    unlink(file);
    free(file);
}

Test(lab_bad_input, an_unknown_lab_command_is_a_usage_error) {
    cr_assert_eq(test_run_poshan("lab weigh", NULL, NULL), 2);
}

/* A level typed in another case is the level norms.json names: stored as upper_primary, so
 * that a summary, a report and a letter see one upper primary group, not two. */
Test(lab_ingest, a_level_in_another_case_is_stored_as_the_norms_name_it) {
    static const char csv[] =
        "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,energy_kcal,protein_g\n"
        "R-001,Mitra S K Lab Kolkata,22070100101,GPS Kharora,Raipur,Arang,upper_primary,school,2018-11-05,2018-11-08,650,18.5\n"
        "R-002,Mitra S K Lab Kolkata,22070100102,GMS Kharora,Raipur,Arang,Upper_Primary,School,2018-11-05,2018-11-08,640,18\n"
        "R-003,Mitra S K Lab Kolkata,22070100103,GPS Arang,Raipur,Arang,PRIMARY,school,2018-11-05,2018-11-08,500,13\n";
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&db.store, ".csv", csv, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(r.stored, 3);
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE level = 'upper_primary'"), 2);
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE level = 'primary'"), 1);
    cr_assert_eq(count("SELECT count(DISTINCT level) FROM samples"), 2);
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE kitchen = 'school'"), 3);
    poshan_lab_ingest_result_free(&r);
}
