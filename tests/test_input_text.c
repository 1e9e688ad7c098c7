/* test_input_text.c: text that must not get in (NUL bytes, bytes that are not
 * UTF-8, spreadsheet formulas) is refused naming line and field; cuts fall on
 * character boundaries; every CSV poshan writes neutralises formulas. */
#include "lab_helpers.h"

#include "csvsafe.h"
#include "text.h"

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

TestSuite(input_text, .init = open_db, .fini = close_db);

/* Writes size bytes (NULs included) to a new temporary file. */
static char *write_bytes(const char *suffix, const char *data, size_t size) {
    char *path = test_write_temp(suffix, "");
    FILE *f = fopen(path, "wb");
    cr_assert(fwrite(data, 1, size, f) == size);
    fclose(f);
    return path;
}

/* Ingests size bytes; expects them refused at line and field with a message containing words. */
static void expect_refused(const char *suffix, const char *data, size_t size, long line, const char *field,
                           const char *words) {
    char *path = write_bytes(suffix, data, size);
    poshan_lab_ingest_result r;
    poshan_error err;
    poshan_status st = lab_ingest(&store, path, 0, NULL, &r, &err);
    if (r.bad.count) err = r.bad.items[0];  /* a bad row, not the file */
    cr_assert(st != POSHAN_OK, "stored");
    cr_assert_eq(err.line, line, "line %ld: %s", err.line, err.message);
    cr_assert_str_eq(err.field, field, "%s", err.message);
    cr_assert(strstr(err.message, words) != NULL, "%s", err.message);
    cr_assert_null(poshan_text_problem(err.message, strlen(err.message), &(size_t){0}), "the message is not UTF-8");
    cr_assert_eq(lab_query_number(&store, "SELECT count(*) FROM samples"), 0);
    poshan_lab_ingest_result_free(&r);
    unlink(path);
    free(path);
}

#define ROW_START "S1,Lab A,22070100101,"
#define ROW_END ",Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n"

/* "GPS\0HIDDEN" was stored as "GPS". */
Test(input_text, a_nul_byte_in_a_csv_field_is_refused_naming_line_and_field) {
    static const char text[] = LAB_HEADER ROW_START "GPS\0HIDDEN" ROW_END;
    expect_refused(".csv", text, sizeof text - 1, 2, "school_name", "a NUL byte at character 4");
}

/* "lab\0x" was read as "lab". */
Test(input_text, a_nul_byte_in_the_header_is_refused) {
    static const char text[] = "sample_id,lab\0x,school_udise\nS1,Lab A,22070100101\n";
    expect_refused(".csv", text, sizeof text - 1, 1, "column 2", "a NUL byte");
}

Test(input_text, bytes_that_are_not_utf8_in_a_csv_field_are_refused) {
    static const char text[] = LAB_HEADER ROW_START "GPS \xff\xfe" ROW_END;
    expect_refused(".csv", text, sizeof text - 1, 2, "school_name", "not UTF-8 at character 5");
}

/* "N3\u0000a" and "N3\u0000b" both became "N3". */
Test(input_text, a_json_nul_escape_is_refused_naming_line_and_field) {
    static const char text[] = "[\n{\"sample_id\": \"N3\\u0000a\", \"lab\": \"Lab A\"}\n]\n";
    expect_refused(".json", text, sizeof text - 1, 2, "sample_id", "\\u0000");
}

Test(input_text, a_raw_nul_or_bad_bytes_in_json_are_refused) {
    static const char nul[] = "[\n{\"sample_id\": \"N3\0a\"}\n]\n";
    expect_refused(".json", nul, sizeof nul - 1, 2, "sample_id", "a NUL byte");
    static const char bad[] = "[\n{\"sample_id\": \"S1\",\n \"school_name\": \"GPS \xc0\xaf\"}\n]\n";
    expect_refused(".json", bad, sizeof bad - 1, 3, "school_name", "not UTF-8");
}

/* An escaped backslash before u0000 is the text "\u0000", not a NUL. */
Test(input_text, an_escaped_backslash_is_not_a_nul_escape) {
    cJSON *doc;
    poshan_error err;
    static const char text[] = "{\"remarks\": \"\\\\u0000\"}";
    cr_assert_eq(poshan_json_parse(text, sizeof text - 1, "t", &doc, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "remarks")->valuestring, "\\u0000");
    cJSON_Delete(doc);
}

Test(input_text, devanagari_text_is_stored_as_it_is) {
    static const char text[] = LAB_HEADER ROW_START "शासकीय प्राथमिक शाला" ROW_END;
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&store, ".csv", text, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(r.stored, 1);
    poshan_lab_ingest_result_free(&r);
}

/* RFC 3629: overlong forms, surrogates, code points above U+10FFFF and cut
 * sequences are not UTF-8; a 4-byte character (U+1F600) is. */
Test(input_text, utf8_is_checked_as_rfc_3629_says) {
    static const char *const bad[] = {"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe0\xa4",
                                      "\x80", "\xf8\x88\x80\x80\x80"};
    size_t at;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_not_null(poshan_text_problem(bad[i], strlen(bad[i]), &at), "case %zu passed", i);
    static const char good[] = "a\xf0\x9f\x98\x80 \xe0\xa4\xb6 \xc3\xa9";
    cr_assert_null(poshan_text_problem(good, strlen(good), &at));
}

/* "श" is 3 bytes (E0 A4 B6): 300 of them are 900 bytes, more than the 767 a
 * message holds; the cut keeps 255 whole letters (765 bytes), not 255 and a third. */
Test(input_text, a_long_message_is_cut_at_a_character_boundary) {
    char text[901];
    for (int i = 0; i < 300; i++) memcpy(text + 3 * i, "\xe0\xa4\xb6", 3);
    text[900] = '\0';
    poshan_error err;
    poshan_error_set(&err, POSHAN_EINPUT, text, 0, text, "%s", text);
    size_t at;
    cr_assert_eq(strlen(err.message), 765);
    cr_assert_null(poshan_text_problem(err.message, strlen(err.message), &at));
    cr_assert_null(poshan_text_problem(err.field, strlen(err.field), &at));   /* 159 -> 159 = 53 letters */
    cr_assert_null(poshan_text_problem(err.file, strlen(err.file), &at));     /* 255 -> 255 = 85 letters */
    cr_assert_eq(strlen(err.field), 159);
}

/* ---- spreadsheet formulas ---- */

Test(input_text, formula_text_is_refused_at_ingest_naming_the_field) {
    static const char *const starts[] = {"=HYPERLINK(A1)", "@SUM(1)", "+cmd", "-2+3", "\tGPS", "\rGPS"};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        char text[1024];
        int n = snprintf(text, sizeof text, LAB_HEADER ROW_START "%s" ROW_END, starts[i]);
        if (starts[i][0] == '\r' || starts[i][0] == '\t')  /* quoted: libcsv trims an unquoted tab */
            n = snprintf(text, sizeof text, LAB_HEADER ROW_START "\"%s\"" ROW_END, starts[i]);
        expect_refused(".csv", text, (size_t)n, 2, "school_name", "formula");
    }
    static const char remark[] = LAB_HEADER
        "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,=1+1\n";
    expect_refused(".csv", remark, sizeof remark - 1, 2, "remarks", "formula");
}

/* A minus sign in a number column is a number's, judged by its range, not a formula. */
Test(input_text, a_negative_number_is_judged_as_a_number) {
    static const char text[] = LAB_HEADER
        "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,-5,14.2,absent,12000,10,monday,\n";
    char *path = write_bytes(".csv", text, sizeof text - 1);
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_neq(lab_ingest(&store, path, 0, NULL, &r, &err), POSHAN_OK);
    cr_assert_eq(r.bad.count, 1);
    cr_assert_str_eq(r.bad.items[0].field, "energy_kcal");
    cr_assert_null(strstr(r.bad.items[0].message, "formula"), "%s", r.bad.items[0].message);
    poshan_lab_ingest_result_free(&r);
    unlink(path);
    free(path);
}

Test(input_text, a_cell_is_a_formula_by_its_first_character_unless_a_number) {
    static const char *const formulas[] = {"=1", "+cmd", "-cmd", "@SUM(1)", "\tx", "\rx", "="};
    static const char *const plain[] = {"-3.5", "+2", "-", "+", "GPS", "", "a=b"};
    for (size_t i = 0; i < 7; i++) {
        cr_assert(poshan_csv_cell_is_formula(formulas[i]), "'%s'", formulas[i]);
        cr_assert_not(poshan_csv_cell_is_formula(plain[i]), "'%s'", plain[i]);
    }
}

/* Text stored before the ingest refused formulas (put in here by SQL) comes
 * out of every CSV as text: export, flags, summary, history. */
Test(input_text, every_csv_the_command_line_writes_neutralises_formulas) {
    static const char text[] = LAB_HEADER
        "S1,Lab A,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,300,14.2,absent,12000,10,monday,\n";
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest_text(&store, ".csv", text, &r, &err), POSHAN_OK, "%s", err.message);
    poshan_lab_ingest_result_free(&r);
    cr_assert_eq(sqlite3_exec(store.db, "UPDATE samples SET school_name = '=HYPERLINK(\"http://x\")', "
                                        "district = '@SUM(1)', remarks = '+cmd'", NULL, NULL, NULL), SQLITE_OK);
    static const char *const commands[][2] = {
        {"lab export", "'=HYPERLINK"}, {"lab flags --format csv", "'=HYPERLINK"},
        {"lab summary --by district --format csv", "'@SUM(1)"}, {"lab export", "'+cmd"}};
    for (size_t i = 0; i < 4; i++) {
        char *args, *out, *err_text;
        cr_assert(asprintf(&args, "%s --db %s", commands[i][0], db_path) > 0);
        cr_assert_eq(test_run_poshan(args, &out, &err_text), 0, "%s: %s", args, err_text);
        cr_assert(strstr(out, commands[i][1]) != NULL, "%s:\n%s", args, out);
        free(args);
        free(out);
        free(err_text);
    }
}

/* The rejects file of --partial holds the bad row as it came: neutralised. */
Test(input_text, the_rejects_file_neutralises_formulas) {
    char *path = test_write_temp(".csv", LAB_HEADER LAB_GOOD_ROW
        "S2,Lab A,22070100101,=HYPERLINK(A1),Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n");
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&store, path, 1, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(r.rejected, 1);
    char *rejects;
    size_t size;
    cr_assert_eq(poshan_read_file(r.rejects_path, &rejects, &size, &err), POSHAN_OK, "%s", err.message);
    cr_assert(strstr(rejects, "'=HYPERLINK") != NULL, "%s", rejects);
    unlink(r.rejects_path);
    free(rejects);
    poshan_lab_ingest_result_free(&r);
    unlink(path);
    free(path);
}
