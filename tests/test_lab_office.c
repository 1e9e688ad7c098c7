/* test_lab_office.c: the lab clerk's and the office's day around the store:
 * who acted when $USER is unset, refusals that create no database, filters
 * that answer (real dates, any case, misspelt names named), the rejects file
 * that goes back in as it is, text limited in characters, and messages with
 * their numbers right. Fixtures: tests/fixtures/lab/good.csv (3 samples, all
 * Raipur district, blocks Arang and Raipur) and 2018-19.csv (158 samples,
 * districts Bilaspur, Durg, Kanker, Korba, Raipur). */
#include "lab_helpers.h"

#include "date.h"

#include <pwd.h>
#include <sys/stat.h>

#include "lab_flags.h"
#include "lab_summary.h"

static char *db_path;
static poshan_store store;

static void open_db(void) {
    db_path = lab_temp_db();
    lab_open(&store, db_path);
}

static void close_db(void) {
    poshan_store_close(&store);
    lab_remove_db(db_path);
}

static void ingest_fixture(const char *path) {
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&store, path, 0, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    poshan_lab_ingest_result_free(&r);
}

static double number(const char *sql) { return lab_query_number(&store, sql); }

/* Runs poshan with args (a %s for the database path); the exit code, stdout and stderr. */
static int run(const char *args_format, const char *extra, char **out, char **err_text) {
    char *args;
    cr_assert(asprintf(&args, args_format, extra, db_path) > 0);
    int rc = test_run_poshan(args, out, err_text);
    free(args);
    return rc;
}

static int file_exists(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* ---- who acted ------------------------------------------------------------- */

TestSuite(lab_account, .init = open_db, .fini = close_db);

Test(lab_account, ingest_without_user_records_the_operating_systems_account_name) {
    /* cron, systemd and containers run without $USER: the batch gets the
     * account's name from the system (getpwuid), as id(1) would print it */
    unsetenv("USER");
    char *err_text;
    cr_assert_eq(run("lab ingest %s --db %s", "tests/fixtures/lab/good.csv", NULL, &err_text), 0, "%s", err_text);
    free(err_text);
    struct passwd *pw = getpwuid(geteuid());
    cr_assert_not_null(pw);
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(store.db, "SELECT ingested_by FROM batches", -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), pw->pw_name);
    sqlite3_finalize(st);
    cr_assert_eq(number("SELECT count(*) FROM samples"), 3);
}

/* ---- refusals create nothing ---------------------------------------------------- */

TestSuite(lab_refusal);

/* Runs args (a %s for a database path that does not exist); expects the exit
 * code and words on stderr, and no database made. */
static void expect_refused_without_a_database(const char *args_format, int code, const char *words) {
    char *path = lab_temp_db(), *args, *err_text;
    cr_assert(asprintf(&args, args_format, path) > 0);
    cr_assert_eq(test_run_poshan(args, NULL, &err_text), code, "%s", err_text);
    cr_assert(strstr(err_text, words) != NULL, "%s", err_text);
    cr_assert(!file_exists(path), "a refusal created %s", path);
    free(err_text);
    free(args);
    free(path);
}

Test(lab_refusal, ingest_without_a_file_creates_no_database) {
    expect_refused_without_a_database("lab ingest --db %s", 2, "ingest needs at least one FILE");
}
Test(lab_refusal, amend_without_a_reason_creates_no_database) {
    expect_refused_without_a_database("lab ingest tests/fixtures/lab/good.csv --amend --db %s", 2,
                                      "--amend needs --reason");
}
Test(lab_refusal, a_file_that_cannot_be_opened_creates_no_database) {
    expect_refused_without_a_database("lab ingest /tmp/poshan-no-such-file.csv --db %s", 1,
                                      "/tmp/poshan-no-such-file.csv: cannot open this file");
}
Test(lab_refusal, reading_a_database_that_is_not_there_says_so_and_makes_none) {
    expect_refused_without_a_database("lab flags --db %s", 1, "there is no lab database here yet");
}
Test(lab_refusal, a_bad_filter_date_creates_no_database) {
    expect_refused_without_a_database("lab flags --from 2025-11-31 --db %s", 2,
                                      "--from '2025-11-31' is not a date: November 2025 has 30 days");
}

/* ---- filters that answer ---------------------------------------------------------- */

TestSuite(lab_filters, .init = open_db, .fini = close_db);

Test(lab_filters, a_date_in_another_form_is_a_usage_error) {
    char *err_text;
    cr_assert_eq(run("lab flags --from %s --db %s", "01-11-2025", NULL, &err_text), 2);
    cr_assert(strstr(err_text, "--from '01-11-2025' is not a date: write it as YYYY-MM-DD") != NULL, "%s", err_text);
    free(err_text);
    cr_assert_eq(run("lab summary --to %s --db %s", "yesterday", NULL, &err_text), 2);
    cr_assert(strstr(err_text, "--to 'yesterday' is not a date") != NULL, "%s", err_text);
    free(err_text);
}

Test(lab_filters, a_date_typed_dd_mm_yyyy_is_rewritten_yyyy_mm_dd) {
    char out[11];
    cr_assert_eq(poshan_date_from_either("23-11-2018", out), 1);
    cr_assert_str_eq(out, "2018-11-23");
    cr_assert_eq(poshan_date_from_either("23/11/2018", out), 1);
    cr_assert_str_eq(out, "2018-11-23");
    cr_assert_eq(poshan_date_from_either("2018-11-23", out), 1);
    cr_assert_str_eq(out, "2018-11-23");
    /* whether the day is real is poshan_date_check's to say */
    cr_assert_eq(poshan_date_from_either("31-11-2018", out), 1);
    cr_assert_str_eq(out, "2018-11-31");
    const char *neither[] = {"3-11-2018", "2018/11/23", "23.11.2018", "23-11-18", "Nov 2018", "", "23-11-2018x"};
    for (size_t i = 0; i < sizeof neither / sizeof neither[0]; i++)
        cr_assert_eq(poshan_date_from_either(neither[i], out), 0, "%s", neither[i]);
}

Test(lab_filters, a_date_that_does_not_exist_says_what_the_month_lacks) {
    poshan_error err;
    poshan_lab_filter february = {.to = "2023-02-29"}, month_99 = {.from = "2099-99-99"};
    cr_assert_eq(poshan_lab_filter_check(&february, &err), POSHAN_EUSAGE);
    cr_assert_str_eq(err.field, "to");
    cr_assert_str_eq(err.message, "'2023-02-29' is not a date: February 2023 has 28 days");
    cr_assert_eq(poshan_lab_filter_check(&month_99, &err), POSHAN_EUSAGE);
    cr_assert_str_eq(err.message, "'2099-99-99' is not a date: there is no month 99: the month is 01 to 12");
    poshan_lab_filter leap = {.from = "2024-02-29"};   /* 2024 is a leap year */
    cr_assert_eq(poshan_lab_filter_check(&leap, &err), POSHAN_OK);
}

Test(lab_filters, from_after_to_is_a_usage_error) {
    poshan_error err;
    poshan_lab_filter backwards = {.from = "2019-03-31", .to = "2018-07-01"};
    cr_assert_eq(poshan_lab_filter_check(&backwards, &err), POSHAN_EUSAGE);
    cr_assert(strstr(err.message, "2019-03-31 is after the 'to' date 2018-07-01") != NULL, "%s", err.message);
}

static size_t flags_count(const poshan_lab_filter *filter, poshan_status expect, poshan_error *err) {
    poshan_lab_limits limits;
    cr_assert_eq(poshan_lab_limits_load(&limits, "nutrients/microbial-limits.json", err), POSHAN_OK);
    poshan_lab_flag_options o = {.norms = lab_norms(), .limits = &limits, .menu_share_pct = 80};
    poshan_lab_flags f;
    cr_assert_eq(poshan_lab_flag_samples(&store, filter, &o, &f, err), expect, "%s", err->message);
    size_t n = f.total;
    poshan_lab_flags_free(&f);
    return n;
}

Test(lab_filters, names_match_in_any_case) {
    /* good.csv: S-002 (block Arang) and S-003 (block Raipur) fail, both of Raipur district */
    ingest_fixture("tests/fixtures/lab/good.csv");
    poshan_error err;
    poshan_lab_filter lower = {.district = "raipur"}, block = {.block = "ARANG"},
                      lab = {.lab = "mitra s k lab kolkata", .kitchen = "SCHOOL", .level = "Upper_Primary"};
    cr_assert_eq(flags_count(&lower, POSHAN_OK, &err), 2);
    cr_assert_eq(flags_count(&block, POSHAN_OK, &err), 1);
    cr_assert_eq(flags_count(&lab, POSHAN_OK, &err), 1);   /* S-002 */
}

Test(lab_filters, a_misspelt_district_is_an_error_naming_the_stored_ones_closest_first) {
    /* edit distances from "Rajpur": Raipur 1, Bilaspur 4, Kanker 4, Durg 5, Korba 6 (ties alphabetical) */
    ingest_fixture("tests/fixtures/lab/2018-19.csv");
    poshan_error err;
    poshan_lab_filter misspelt = {.district = "Rajpur"};
    flags_count(&misspelt, POSHAN_EINPUT, &err);
    cr_assert_str_eq(err.field, "district");
    cr_assert_str_eq(err.message,
                     "no district 'Rajpur' is stored; the stored districts are: Raipur, Bilaspur, Kanker, Durg, Korba");
}

Test(lab_filters, a_stored_name_with_no_samples_in_the_dates_is_an_empty_answer_not_an_error) {
    ingest_fixture("tests/fixtures/lab/good.csv");
    poshan_error err;
    poshan_lab_filter later = {.district = "Raipur", .from = "2019-01-01"};   /* all sampled in November 2018 */
    cr_assert_eq(flags_count(&later, POSHAN_OK, &err), 0);
}

Test(lab_filters, summary_and_export_refuse_a_name_not_stored) {
    ingest_fixture("tests/fixtures/lab/good.csv");
    char *out, *err_text;
    cr_assert_eq(run("lab summary --district %s --db %s", "Rajpur", NULL, &err_text), 1);
    cr_assert(strstr(err_text, "district: no district 'Rajpur' is stored; the stored districts are: Raipur") != NULL,
              "%s", err_text);
    free(err_text);
    cr_assert_eq(run("lab export --block %s --db %s", "arang", &out, &err_text), 0, "%s", err_text);
    /* the header and S-001, S-002 (block Arang); not S-003 (block Raipur) */
    cr_assert(strstr(out, "\nS-001,") != NULL && strstr(out, "\nS-002,") != NULL, "%s", out);
    cr_assert(strstr(out, "S-003") == NULL, "%s", out);
    free(out);
    free(err_text);
}

Test(lab_filters, the_summary_call_reads_any_case) {
    ingest_fixture("tests/fixtures/lab/good.csv");
    poshan_lab_summary sum;
    poshan_error err;
    poshan_lab_filter filter = {.district = "RAIPUR", .level = "primary"};
    cr_assert_eq(poshan_lab_summarise(&store, lab_norms(), NULL, &filter, &sum, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(sum.count, 1);
    cr_assert_eq(sum.groups[0].n, 2);   /* S-001 and S-003 are primary */
    poshan_lab_summary_free(&sum);
}

/* ---- the rejects file goes back in ---------------------------------------------------- */

TestSuite(lab_rejects, .init = open_db, .fini = close_db);

static char *read_text(const char *path) {
    char *text;
    poshan_error err;
    cr_assert_eq(poshan_read_file(path, &text, NULL, &err), POSHAN_OK, "%s", err.message);
    return text;
}

/* Removes a temporary file and frees its path. */
static void discard(char *path) {
    unlink(path);
    free(path);
}

/* Replaces the first `from` in text (malloc'd) with `to`. */
static char *replaced(const char *text, const char *from, const char *to) {
    const char *at = strstr(text, from);
    cr_assert_not_null(at, "no '%s' in %s", from, text);
    char *out;
    cr_assert(asprintf(&out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from)) > 0);
    return out;
}

/* `lab ingest FILE --partial`; the text of FILE.rejects.csv, and its path (both malloc'd). */
static char *ingest_partial(const char *file, char **rejects_path) {
    char *err_text;
    cr_assert_eq(run("lab ingest %s --partial --db %s", file, NULL, &err_text), 0, "%s", err_text);
    free(err_text);
    cr_assert(asprintf(rejects_path, "%s.rejects.csv", file) > 0);
    return read_text(*rejects_path);
}

Test(lab_rejects, the_corrected_rejects_file_ingests_as_it_is) {
    /* columns in the clerk's own order, energy in kJ: the rejects file keeps both */
    char *file = test_write_temp(".csv",
        "energy_kj,protein_g,sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on\n"
        "2092,14,S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08\n"
        "2092,14,S2,Lab A,22 070100102,GPS Y,Raipur,Arang,primary,school,2018-11-05,2018-11-08\n"
        "2092,14,S3,Lab A,22070100103,GPS Z,Raipur,Arang,primary,school,2018-11-31,2018-12-02\n");
    char *err_text, *rejects_path;
    char *rejects = ingest_partial(file, &rejects_path);
    cr_assert_str_eq(rejects,
        "energy_kj,protein_g,sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,"
        "rejected_line,rejected_field,rejected_reason\n"
        "2092,14,S2,Lab A,22 070100102,GPS Y,Raipur,Arang,primary,school,2018-11-05,2018-11-08,3,school_udise,"
        "'22 070100102' is not a UDISE code: it has a space; write the 11 digits with nothing between them\n"
        "2092,14,S3,Lab A,22070100103,GPS Z,Raipur,Arang,primary,school,2018-11-31,2018-12-02,4,sampled_on,"
        "'2018-11-31' is not a date: November 2018 has 30 days\n");
    /* the clerk corrects the two values and ingests the file as it is, reasons and all */
    char *fixed1 = replaced(rejects, "22 070100102,", "22070100102,");
    char *fixed2 = replaced(fixed1, "2018-11-31,", "2018-11-30,");
    char *fixed = test_write_temp(".csv", fixed2);
    cr_assert_eq(run("lab ingest %s --db %s", fixed, NULL, &err_text), 0, "%s", err_text);
    cr_assert_eq(number("SELECT count(*) FROM samples"), 3);
    /* 2092 kJ / 4.184 = 500 kcal */
    cr_assert_float_eq(number("SELECT energy_kcal FROM samples WHERE sample_id = 'S3'"), 500, 1e-9);
    free(err_text);
    free(rejects);
    free(fixed1);
    free(fixed2);
    discard(fixed);
    discard(rejects_path);
    discard(file);
}

Test(lab_rejects, a_sample_stored_with_other_values_comes_back_in_the_files_own_form) {
    /* stored at 2092 kJ (500 kcal); sent again at 2200 kJ without --amend: the
     * row is refused, and its rejects row gives the energy as the file did, in
     * energy_kj (2200 / 4.184 x 4.184 = 2200), so that it ingests with --amend */
    ingest_fixture("tests/fixtures/lab/good.csv");
    const char *header = "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,"
                         "energy_kj,protein_g\n";
    char *first, *second;
    cr_assert(asprintf(&first, "%sS9,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,2092,14\n",
                       header) > 0);
    cr_assert(asprintf(&second, "%sS9,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,2200,14\n",
                       header) > 0);
    char *a = test_write_temp(".csv", first), *b = test_write_temp(".csv", second), *err_text, *rejects_path;
    cr_assert_eq(run("lab ingest %s --db %s", a, NULL, &err_text), 0, "%s", err_text);
    free(err_text);
    cr_assert_eq(run("lab ingest %s --partial --db %s", b, NULL, &err_text), 0, "%s", err_text);
    free(err_text);
    cr_assert(asprintf(&rejects_path, "%s.rejects.csv", b) > 0);
    char *rejects = read_text(rejects_path);
    cr_assert(strncmp(rejects, "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,"
                               "tested_on,energy_kj,protein_g,rejected_line,", 120) == 0, "%s", rejects);
    cr_assert(strstr(rejects, "\nS9,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,2200,14,2,"
                              "sample_id,") != NULL, "%s", rejects);
    cr_assert_eq(run("lab ingest %s --amend --reason 'lab re-weighed' --db %s", rejects_path, NULL, &err_text), 0,
                 "%s", err_text);
    cr_assert_float_eq(number("SELECT energy_kcal FROM samples WHERE sample_id = 'S9'"), 2200 / 4.184, 1e-9);
    free(err_text);
    free(rejects);
    unlink(rejects_path);
    free(rejects_path);
    unlink(a);
    unlink(b);
    free(a);
    free(b);
    free(first);
    free(second);
}

Test(lab_rejects, the_library_writes_the_rejects_to_a_stream_for_a_download) {
    /* the web page's case: a file in memory, refused whole, its bad rows offered as a CSV */
    const char *upload = LAB_HEADER LAB_GOOD_ROW
        "S2,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,abc,14.2,,,,,\n";
    char *csv = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&csv, &size);
    poshan_lab_ingest_options o = {.norms = lab_norms(), .plausibility = lab_plausibility(), .by = "clerk",
                                   .rejects_out = out};
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(poshan_lab_ingest_buffer(&store, upload, strlen(upload), "upload.csv", &o, &r, &err), POSHAN_EINPUT);
    fclose(out);
    cr_assert_str_eq(csv, "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,"
                          "energy_kcal,protein_g,e_coli,total_plate_count_cfu_g,coliforms_cfu_g,menu_day,remarks,"
                          "rejected_line,rejected_field,rejected_reason\n"
                          "S2,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,abc,14.2,,,,,,"
                          "3,energy_kcal,'abc' is not a number\n");
    cr_assert_eq(number("SELECT count(*) FROM samples"), 0);
    free(csv);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_rejects, a_json_files_rejects_ingest_as_a_csv) {
    /* JSON objects name their own fields: the rejects file has every column, the absent ones empty */
    char *file = test_write_temp(".json",
        "[{\"sample_id\": \"S1\", \"lab\": \"Lab A\", \"school_udise\": \"2207010010\", \"school_name\": \"GPS X\","
        " \"district\": \"Raipur\", \"block\": \"Arang\", \"level\": \"primary\", \"kitchen\": \"school\","
        " \"sampled_on\": \"2018-11-05\", \"tested_on\": \"2018-11-08\", \"energy_kcal\": 500, \"protein_g\": 13}]");
    char *err_text, *rejects_path;
    char *rejects = ingest_partial(file, &rejects_path);
    char *fixed_text = replaced(rejects, "2207010010,", "22070100101,");
    char *fixed = test_write_temp(".csv", fixed_text);
    cr_assert_eq(run("lab ingest %s --db %s", fixed, NULL, &err_text), 0, "%s", err_text);
    cr_assert_eq(number("SELECT count(*) FROM samples WHERE school_udise = '22070100101'"), 1);
    free(err_text);
    free(rejects);
    free(fixed_text);
    discard(fixed);
    discard(rejects_path);
    discard(file);
}

/* ---- text in characters and numbers in words ------------------------------------------ */

TestSuite(lab_text, .init = open_db, .fini = close_db);

/* n copies of a three-byte Devanagari letter (क, U+0915). */
static char *devanagari(size_t n) {
    char *s = malloc(3 * n + 1);
    for (size_t i = 0; i < n; i++) memcpy(s + 3 * i, "\xE0\xA4\x95", 3);
    s[3 * n] = '\0';
    return s;
}

static poshan_status ingest_school_name(const char *name, poshan_lab_ingest_result *r, poshan_error *err) {
    char *text;
    cr_assert(asprintf(&text, LAB_HEADER "S1,Lab A,22070100101,%s,Raipur,Arang,primary,school,2018-11-05,2018-11-08,"
                                         "520.5,14.2,,,,,\n", name) > 0);
    poshan_status st = lab_ingest_text(&store, ".csv", text, r, err);
    free(text);
    return st;
}

Test(lab_text, a_126_character_hindi_school_name_is_stored) {
    /* 126 characters of 3 bytes: 378 bytes, more than the 159 bytes a name once had */
    char *name = devanagari(126);
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(ingest_school_name(name, &r, &err), POSHAN_OK, "%s", err.message);
    poshan_lab_ingest_result_free(&r);
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(store.db, "SELECT school_name FROM samples", -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), name);
    sqlite3_finalize(st);
    free(name);
}

Test(lab_text, a_school_name_over_200_characters_is_refused_counting_characters) {
    char *name = devanagari(201);
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(ingest_school_name(name, &r, &err), POSHAN_EINPUT);
    cr_assert_eq(r.bad.count, 1);
    cr_assert_str_eq(r.bad.items[0].field, "school_name");
    /* the message quotes the first 40 characters, whole: 120 bytes of the name */
    char *expected;
    cr_assert(asprintf(&expected, "is longer than 200 characters (it has 201): '%.120s...'", name) > 0);
    cr_assert_str_eq(r.bad.items[0].message, expected);
    free(expected);
    free(name);
    poshan_lab_ingest_result_free(&r);
}

Test(lab_text, a_message_cut_to_fit_ends_between_characters) {
    /* 300 Devanagari letters in a message of at most 767 bytes: 255 whole letters fit
     * (765 bytes); a cut by bytes would leave 2 bytes of the 256th */
    char *text = devanagari(300);
    poshan_error err;
    poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, NULL, "%s", text);
    cr_assert_eq(strlen(err.message), 765);
    free(text);
}

Test(lab_text, one_wrong_row_of_three_is_one_row_that_is_wrong) {
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&store, ".csv", LAB_HEADER LAB_GOOD_ROW
        "S2,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520,14,,,,,\n"
        "S3,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,abc,14,,,,,\n", &r, &err),
        POSHAN_EINPUT);
    cr_assert(strstr(err.message, "1 of its 3 rows is wrong, so nothing of this file was stored; correct it,") != NULL,
              "%s", err.message);
    poshan_lab_ingest_result_free(&r);
}

/* One row after the header; its one reason must read exactly so. */
static void expect_reason(const char *row, const char *message) {
    char *text;
    cr_assert(asprintf(&text, LAB_HEADER "%s", row) > 0);
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&store, ".csv", text, &r, &err), POSHAN_EINPUT);
    cr_assert_eq(r.bad.count, 1);
    cr_assert_str_eq(r.bad.items[0].message, message);
    poshan_lab_ingest_result_free(&r);
    free(text);
}

Test(lab_text, a_day_the_month_lacks_is_named) {
    expect_reason("S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2025-11-31,2025-12-02,520,14,,,,,\n",
                  "'2025-11-31' is not a date: November 2025 has 30 days");
}

Test(lab_text, a_udise_code_with_a_space_says_so) {
    expect_reason("S1,Lab A,22 070000013,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520,14,,,,,\n",
                  "'22 070000013' is not a UDISE code: it has a space; write the 11 digits with nothing between them");
}
