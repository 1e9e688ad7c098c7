/* test_lab_flags.c: flagged samples, per-school counts, warning letters and
 * the comparison with the menu. tests/fixtures/lab/good.csv by hand:
 *   S-001 primary 520.5 kcal, 14.2 g, E. coli absent, 12000 and 10 cfu/g: meets everything
 *   S-002 upper primary 650 kcal (700 - 650 = 50 kcal, 50 / 700 = 7.142857 %),
 *         18.5 g (1.5 g, 7.5 %), E. coli present
 *   S-003 primary 430 kcal (20 kcal, 20 / 450 = 4.444444 %), 11 g (1 g, 8.333333 %),
 *         plate count 250000 cfu/g above the 100000 of nutrients/microbial-limits.json */
#include "lab_helpers.h"

#include <sys/stat.h>

#include "lab_flags.h"

static char *db_path;
static poshan_store store;
static poshan_lab_limits limits;

static void load_good(void) {
    db_path = lab_temp_db();
    lab_open(&store, db_path);
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&store, "tests/fixtures/lab/good.csv", 0, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_lab_limits_load(&limits, "nutrients/microbial-limits.json", &err), POSHAN_OK, "%s", err.message);
}

static void unload(void) {
    poshan_store_close(&store);
    lab_remove_db(db_path);
}

TestSuite(lab_flags, .init = load_good, .fini = unload);

static void flag(const poshan_lab_filter *filter, const poshan_lab_limits *lim, poshan_lab_flags *out) {
    poshan_lab_flag_options o = {.norms = lab_norms(), .limits = lim ? lim : &limits, .menu_share_pct = 80};
    poshan_error err;
    cr_assert_eq(poshan_lab_flag_samples(&store, filter, &o, out, &err), POSHAN_OK, "%s", err.message);
}

Test(lab_flags, shortfalls_are_given_in_units_and_per_cent) {
    poshan_lab_flags f;
    flag(NULL, NULL, &f);
    cr_assert_eq(f.count, 2);
    const poshan_lab_flag *s3 = &f.flags[0];
    cr_assert_str_eq(s3->sample.sample_id, "S-003");
    cr_assert_float_eq(s3->energy_short_kcal, 20, 1e-9);
    cr_assert_float_eq(s3->energy_short_pct, 100.0 * 20 / 450, 1e-9);
    cr_assert_float_eq(s3->protein_short_g, 1, 1e-9);
    cr_assert_float_eq(s3->protein_short_pct, 100.0 / 12, 1e-9);
    cr_assert(s3->plate_count_over);
    const poshan_lab_flag *s2 = &f.flags[1];
    cr_assert_float_eq(s2->energy_short_kcal, 50, 1e-9);
    cr_assert_float_eq(s2->protein_short_pct, 7.5, 1e-9);
    cr_assert(s2->e_coli_present);
    poshan_lab_flags_free(&f);
}

Test(lab_flags, contamination_comes_first_then_the_larger_shortfall) {
    /* with a plate-count limit of 300000 S-003 is no longer contaminated, so
     * S-002 (E. coli) comes before S-003 (8.3 %, larger than S-002's 7.5 %) */
    poshan_lab_limits lenient = limits;
    lenient.total_plate_count_max_cfu_g = 300000;
    poshan_lab_flags f;
    flag(NULL, &lenient, &f);
    cr_assert_str_eq(f.flags[0].sample.sample_id, "S-002");
    cr_assert_str_eq(f.flags[1].sample.sample_id, "S-003");
    cr_assert_not(f.flags[1].plate_count_over);
    poshan_lab_flags_free(&f);
}

Test(lab_flags, each_school_counts_its_failed_samples) {
    poshan_lab_flags f;
    flag(NULL, NULL, &f);
    cr_assert_eq(f.nschools, 2);
    cr_assert_str_eq(f.schools[0].school_udise, "22070100102");
    cr_assert_eq(f.schools[0].samples, 1);
    cr_assert_eq(f.schools[0].failed, 1);
    cr_assert_str_eq(f.schools[1].school_name, "Akshaya Patra Raipur");
    poshan_lab_flags_free(&f);
}

Test(lab_flags, filters_by_level_and_date) {
    poshan_lab_filter by_level = {.level = "upper_primary"};
    poshan_lab_flags f;
    flag(&by_level, NULL, &f);
    cr_assert_eq(f.count, 1);
    cr_assert_str_eq(f.flags[0].sample.sample_id, "S-002");
    poshan_lab_flags_free(&f);
    poshan_lab_filter by_date = {.from = "2018-11-06", .to = "2018-11-30"};  /* only S-003 sampled on the 6th */
    flag(&by_date, NULL, &f);
    cr_assert_eq(f.count, 1);
    cr_assert_str_eq(f.flags[0].sample.sample_id, "S-003");
    poshan_lab_flags_free(&f);
}

Test(lab_flags, letters_go_to_each_school_found_short_from_the_template) {
    poshan_lab_flags f;
    flag(NULL, NULL, &f);
    char dir[] = "/tmp/poshan-test-letters-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    size_t written;
    poshan_error err;
    const char *tpl = "To {{school_name}} ({{school_udise}}), {{district}}: {{failed}} of {{samples}} on {{date}}\n{{findings}}{{unknown}}";
    cr_assert_eq(poshan_lab_write_letters(&f, tpl, dir, "2019-01-10", &written, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(written, 2);
    char path[256], *text;
    snprintf(path, sizeof path, "%s/22070100102_2018-11.txt", dir);   /* the school, the month sampled */
    cr_assert_eq(poshan_read_file(path, &text, NULL, &err), POSHAN_OK);
    cr_assert_str_eq(text, "To GMS Kharora (22070100102), Raipur: 1 of 1 on 10 January 2019\n"
                           "- sample S-002 (upper primary), taken 5 November 2018, tested by Mitra S K Lab Kolkata "
                           "on 8 November 2018: "
                           "energy 650.0 kcal, 50.0 kcal (7.1 %) below the norm of 700 kcal; "
                           "protein 18.50 g, 1.50 g (7.5 %) below the norm of 20 g; E. coli present\n"
                           "{{unknown}}");
    free(text);
    unlink(path);
    snprintf(path, sizeof path, "%s/22070100103_2018-11.txt", dir);
    unlink(path);
    rmdir(dir);
    poshan_lab_flags_free(&f);
}

static char *read_letter(const char *dir, const char *name) {
    char path[256], *text;
    poshan_error err;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_eq(poshan_read_file(path, &text, NULL, &err), POSHAN_OK, "%s", err.message);
    return text;
}

Test(lab_flags, the_shipped_letter_has_a_reference_plain_words_and_what_to_do_and_comes_out_the_same_again) {
    /* GMS Kharora (22070100102): S-002 of Mitra S K Lab Kolkata, sampled 2018-11-05, tested 2018-11-08.
     * Reference: FNV-1a of "Mitra S K Lab Kolkata", "S-002" (each followed by 0x1f), low 24 bits:
     * 3D0EDC (worked out with a few lines of Python). Date: its latest result, 8 November 2018. */
    char dir[] = "/tmp/poshan-test-letters-XXXXXX", *args, *first, *again;
    cr_assert_not_null(mkdtemp(dir));
    cr_assert(asprintf(&args, "lab flags --db %s --letters %s", db_path, dir) > 0);
    cr_assert_eq(test_run_poshan(args, NULL, NULL), 0);
    first = read_letter(dir, "22070100102_2018-11.txt");
    cr_assert(strstr(first, "Reference: MDM-LAB/22070100102/2018-11/3D0EDC\nDate: 8 November 2018\n") != NULL, "%s", first);
    cr_assert(strstr(first, "below the norms, November 2018") != NULL, "%s", first);
    cr_assert(strstr(first, "The one sample tested did not\nmeet") != NULL, "%s", first);
    cr_assert(strstr(first, "- sample S-002 (upper primary), taken 5 November 2018, tested by Mitra S K Lab Kolkata "
                            "on 8 November 2018: energy 650.0 kcal, 50.0 kcal (7.1 %) below the norm of 700 kcal") != NULL,
              "%s", first);
    cr_assert(strstr(first, "What you must do:") != NULL, "%s", first);
    cr_assert(strstr(first, "upper_primary") == NULL && strstr(first, "1 of the 1") == NULL, "%s", first);
    cr_assert_eq(test_run_poshan(args, NULL, NULL), 0);   /* written again, another day: the same bytes */
    again = read_letter(dir, "22070100102_2018-11.txt");
    cr_assert_str_eq(again, first);
    free(first);
    free(again);
    /* S-003: total plate count 250000 cfu/g against the 100000 of nutrients/microbial-limits.json */
    char *s3 = read_letter(dir, "22070100103_2018-11.txt");
    cr_assert(strstr(s3, "total plate count 250000 cfu/g above the limit of 100000 cfu/g") != NULL, "%s", s3);
    free(s3);
    char path[256];
    snprintf(path, sizeof path, "%s/22070100102_2018-11.txt", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/22070100103_2018-11.txt", dir);
    unlink(path);
    rmdir(dir);
    free(args);
}

Test(lab_flags, served_less_than_the_menu_under_80_per_cent_of_it) {
    /* tests/fixtures/menus-batch.csv, school 22010100101 primary Monday: rice A015 100 g,
     * dal B021 20 g, groundnut oil T005 5 g; from nutrients/ifct2017.csv:
     * energy 356.3576 + 330.7839 x 0.2 + 900 x 0.05 = 467.5143 kcal (80 %: 374.01);
     * protein 7.94 + 21.7 x 0.2 = 12.28 g (80 %: 9.824).
     * M-1: 470 kcal, 10 g: above both 80 % marks, but 10 g is below the 12 g norm.
     * M-2: 460 kcal, 12.5 g: meets the norms and the menu. Then at 85 %:
     * protein mark 10.438, so M-1 (10 g) is served less than the menu. */
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&store, "tests/fixtures/lab/menu-days.csv", 0, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    poshan_foods foods = {0};
    cr_assert_eq(poshan_foods_load_default(&foods, "nutrients", &err), POSHAN_OK, "%s", err.message);
    FILE *in = fopen("tests/fixtures/menus-batch.csv", "rb");
    poshan_lab_promises menus;
    cr_assert_eq(poshan_lab_promises_load(&menus, in, "menus-batch.csv", &foods, lab_norms(), &err), POSHAN_OK, "%s", err.message);
    fclose(in);
    poshan_lab_filter school = {.district = "Raipur", .lab = "Lab A"};
    poshan_lab_flag_options o = {.norms = lab_norms(), .limits = &limits, .menus = &menus, .menu_share_pct = 80};
    poshan_lab_flags f;
    cr_assert_eq(poshan_lab_flag_samples(&store, &school, &o, &f, &err), POSHAN_OK);
    cr_assert_eq(f.count, 1);
    cr_assert_str_eq(f.flags[0].sample.sample_id, "M-1");
    cr_assert_not_null(f.flags[0].menu);
    cr_assert_float_eq(f.flags[0].menu->energy_kcal, 467.5143, 1e-4);
    cr_assert_float_eq(f.flags[0].menu->protein_g, 12.28, 1e-9);
    cr_assert_not(f.flags[0].served_less_protein);
    poshan_lab_flags_free(&f);
    o.menu_share_pct = 85;
    cr_assert_eq(poshan_lab_flag_samples(&store, &school, &o, &f, &err), POSHAN_OK);
    cr_assert(f.flags[0].served_less_protein);
    cr_assert_not(f.flags[0].served_less_energy);
    poshan_lab_flags_free(&f);
    poshan_lab_promises_free(&menus);
    poshan_foods_free(&foods);
    poshan_lab_ingest_result_free(&r);
}

/* Flags are S-003 then S-002; schools, each with one failure, in UDISE order:
 * 22070100102 (GMS Kharora, S-002), then 22070100103 (Akshaya Patra, S-003). */
static void flag_page(size_t offset, size_t limit, poshan_lab_flags *out) {
    poshan_lab_flag_options o = {.norms = lab_norms(), .limits = &limits, .menu_share_pct = 80,
                                 .offset = offset, .limit = limit};
    poshan_error err;
    cr_assert_eq(poshan_lab_flag_samples(&store, NULL, &o, out, &err), POSHAN_OK, "%s", err.message);
}

Test(lab_flags, a_page_keeps_the_asked_entries_and_the_totals) {
    poshan_lab_flags f;
    flag_page(1, 1, &f);
    cr_assert_eq(f.count, 1);
    cr_assert_str_eq(f.flags[0].sample.sample_id, "S-002");
    cr_assert_eq(f.nschools, 1);
    cr_assert_str_eq(f.schools[0].school_name, "Akshaya Patra Raipur");
    cr_assert_eq(f.total, 2);
    cr_assert_eq(f.total_schools, 2);
    cr_assert(f.paged);
    poshan_lab_flags_free(&f);
    flag_page(5, 10, &f);  /* past the end: nothing, totals kept */
    cr_assert_eq(f.count + f.nschools, 0);
    cr_assert_eq(f.total, 2);
    poshan_lab_flags_free(&f);
}

/* The first page keeps only S-003's flag, but its school is GMS Kharora (S-002's):
 * the name must come from reading the store again. */
Test(lab_flags, a_school_whose_flags_are_not_on_the_page_still_has_its_name) {
    poshan_lab_flags f;
    flag_page(0, 1, &f);
    cr_assert_str_eq(f.flags[0].sample.sample_id, "S-003");
    cr_assert_str_eq(f.schools[0].school_udise, "22070100102");
    cr_assert_str_eq(f.schools[0].school_name, "GMS Kharora");
    cr_assert_str_eq(f.schools[0].district, "Raipur");
    poshan_lab_flags_free(&f);
}

Test(lab_flags, the_command_shows_a_page_and_says_so) {
    char *args, *out, *err_text;
    cr_assert(asprintf(&args, "lab flags --db %s --limit 1 --offset 1 --format csv", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &err_text), 0, "%s", err_text);
    cr_assert(strstr(out, "S-002") && !strstr(out, "S-003"), "%s", out);
    free(args);
    free(out);
    free(err_text);
    cr_assert(asprintf(&args, "lab flags --db %s --limit 1", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &err_text), 0, "%s", err_text);
    cr_assert(strstr(out, "S-003") && !strstr(out, "S-002"), "%s", out);
    cr_assert(strstr(err_text, "1 of 2 flagged samples shown, from number 1"), "%s", err_text);
    free(args);
    free(out);
    free(err_text);
    cr_assert(asprintf(&args, "lab flags --db %s --limit -3", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &err_text), 2);
    cr_assert(strstr(err_text, "--limit is a whole number above 0, not '-3'"), "%s", err_text);
    free(args);
    free(out);
    free(err_text);
}

Test(lab_flags, a_limits_file_with_a_bad_limit_is_refused) {
    char *path = test_write_temp(".json", "{\"coliforms_cfu_g\": {\"max\": \"many\"}}");
    poshan_lab_limits l;
    poshan_error err;
    cr_assert_eq(poshan_lab_limits_load(&l, path, &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "coliforms_cfu_g");
    unlink(path);
    free(path);
}

Test(lab_flags, the_command_makes_the_letters_folder_writes_letters_and_exits_0) {
    char top[] = "/tmp/poshan-test-letters-XXXXXX", dir[128], *args, *out, *err_text;
    cr_assert_not_null(mkdtemp(top));
    snprintf(dir, sizeof dir, "%s/2018-19/november", top);   /* neither folder exists yet */
    cr_assert(asprintf(&args, "lab flags --db %s --letters %s --format csv", db_path, dir) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &err_text), 0, "%s", err_text);
    cr_assert(strncmp(out, "sample_id,lab,school_udise,", 27) == 0, "%s", out);
    cr_assert(strstr(err_text, "2 warning letters") != NULL, "%s", err_text);
    char path[256];
    struct stat sb;
    snprintf(path, sizeof path, "%s/22070100103_2018-11.txt", dir);
    cr_assert_eq(stat(path, &sb), 0);
    unlink(path);
    snprintf(path, sizeof path, "%s/22070100102_2018-11.txt", dir);
    unlink(path);
    rmdir(dir);
    snprintf(path, sizeof path, "%s/2018-19", top);
    rmdir(path);
    rmdir(top);
    free(args);
    free(out);
    free(err_text);
}

/* tests/fixtures/lab/2018-19.csv UP-027: upper primary, 699.99 kcal against the 700 kcal norm.
 * By hand: short by 700 - 699.99 = 0.01 kcal, 0.01 / 700 = 0.00143 % of the norm. One decimal
 * would print the fail as "700.0" short by "0.0" (0.0 %): the table, the CSV and the findings
 * (letters, pages) print 699.99, 0.01 and 0.001 instead. */
Test(lab_flags, a_fail_a_hair_below_the_norm_never_prints_at_it) {
    char *db;
    cr_assert(asprintf(&db, "/tmp/poshan-test-flags-hair-%d.db", getpid()) > 0);
    unlink(db);
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd, "lab ingest tests/fixtures/lab/2018-19.csv --db %s --by test", db);
    cr_assert_eq(test_run_poshan(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "lab flags --db %s --format csv", db);
    cr_assert_eq(test_run_poshan(cmd, &out, NULL), 0);
    cr_assert(strstr(out, "UP-027,Mitra S K Lab Kolkata,22070205894,School 027,upper_primary,699.99,0.001,29.57,0.0,"
                          "\"energy 699.99 kcal, 0.01 kcal (0.001 %) below the norm of 700 kcal\""),
              "%s", out);
    cr_assert_null(strstr(out, "700.0,"), "no failing energy prints at the norm");
    free(out);
    unlink(db);
    free(db);
}
