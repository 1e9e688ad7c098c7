/* test_menu_batch.c: every school's menu from one long CSV.
 * tests/fixtures/menus-batch.csv has a UTF-8 BOM and CRLF line ends on purpose.
 * Hand sums (IFCT rows as in test_menu.c):
 *   school ...101 primary Monday: 1491 + 0.2*1384 kJ = 1767.8 kJ = 422.51434 kcal + 45 (5 g oil)
 *       = 467.51434 kcal; protein 7.94 + 4.34 = 12.28 g: meets both norms
 *   school ...101 upper primary Monday: 1.5*1491 + 0.3*1384 = 2651.7 kJ = 633.77151 kcal;
 *       protein 11.91 + 6.51 = 18.42 g: below both (700 kcal, 20 g)
 *   school ...102 primary Monday: rice alone 1491 kJ = 356.35755 kcal, 7.94 g: below both
 *   school ...102 primary Tuesday: 422.51434 kcal, 12.28 g: below energy, meets protein */
#include "helpers.h"

#include "menu.h"

static poshan_foods foods;
static poshan_norms norms;

static void setup(void) {
    poshan_error err;
    cr_assert_eq(poshan_foods_load_default(&foods, "nutrients", &err), POSHAN_OK);
    cr_assert_eq(poshan_norms_load(&norms, "nutrients/norms.json", &err), POSHAN_OK);
}
static void teardown(void) { poshan_foods_free(&foods); }
TestSuite(batch, .init = setup, .fini = teardown);

typedef struct seen {
    char school[8][16], day[8][16];
    int level[8];
    double energy[8], protein[8];
    int meets_energy[8], meets_protein[8];
    size_t bad_rows[8];
    size_t n;
    poshan_error bad[8];
    size_t nbad;
} seen;

static poshan_status collect(void *ctx, const poshan_school_day *d, poshan_error *err) {
    (void)err;
    seen *s = ctx;
    cr_assert_lt(s->n, 8);
    snprintf(s->school[s->n], 16, "%s", d->school_udise);
    snprintf(s->day[s->n], 16, "%s", d->day);
    s->level[s->n] = d->level;
    s->energy[s->n] = d->meal.nutrient[POSHAN_ENERGY_KCAL];
    s->protein[s->n] = d->meal.nutrient[POSHAN_PROTEIN_G];
    s->meets_energy[s->n] = d->judged.meets_energy;
    s->meets_protein[s->n] = d->judged.meets_protein;
    s->bad_rows[s->n] = d->bad_rows;
    s->n++;
    return POSHAN_OK;
}

static poshan_status collect_bad(void *ctx, const poshan_error *e) {
    seen *s = ctx;
    if (s->nbad < 8) s->bad[s->nbad++] = *e;
    return POSHAN_OK;
}

static poshan_status run_text(const char *csv, int strict, seen *s, poshan_batch_stats *stats,
                              poshan_error *err) {
    FILE *in = fmemopen((void *)csv, strlen(csv), "r");
    poshan_batch_options o = {.strict = strict, .on_bad_row = collect_bad};
    poshan_status st = poshan_menu_batch(in, "m.csv", &foods, &norms, &o, collect, s, stats, err);
    fclose(in);
    return st;
}

Test(batch, one_row_per_school_day_with_hand_sums) {
    seen s = {0};
    poshan_batch_stats stats;
    poshan_error err;
    FILE *in = fopen("tests/fixtures/menus-batch.csv", "rb");
    poshan_batch_options o = {.on_bad_row = collect_bad};
    cr_assert_eq(poshan_menu_batch(in, "menus-batch.csv", &foods, &norms, &o, collect, &s, &stats, &err),
                 POSHAN_OK, "%s", err.message);
    fclose(in);
    cr_assert_eq(s.n, 4);
    cr_assert_eq(stats.lines, 8);
    cr_assert_eq(stats.schools, 2);
    cr_assert_eq(stats.school_days, 4);
    cr_assert_eq(stats.bad_rows, 0);
    cr_assert_str_eq(s.school[0], "22010100101");
    cr_assert_float_eq(s.energy[0], 1767.8 / 4.184 + 45, 1e-9);
    cr_assert_float_eq(s.protein[0], 12.28, 1e-9);
    cr_assert(s.meets_energy[0] && s.meets_protein[0]);
    cr_assert_eq(s.level[1], 1);
    cr_assert_float_eq(s.energy[1], 2651.7 / 4.184, 1e-9);
    cr_assert_float_eq(s.protein[1], 18.42, 1e-9);
    cr_assert(!s.meets_energy[1] && !s.meets_protein[1]);
    cr_assert_float_eq(s.energy[2], 1491 / 4.184, 1e-9);
    cr_assert_str_eq(s.day[3], "Tuesday");
    cr_assert_float_eq(s.energy[3], 1767.8 / 4.184, 1e-9);
    cr_assert(!s.meets_energy[3] && s.meets_protein[3]);
}

Test(batch, bad_rows_are_reported_with_line_and_the_rest_goes_on) {
    const char *csv = "school_udise,level,day,dish,food,grams\n"
                      "22010100101,primary,Monday,Rice,A015,100\n"
                      "22010100101,primary,Monday,Dal,B0211,20\n"      /* line 3: unknown food */
                      "22010100101,primary,Monday,Dal,B021,-3\n"       /* line 4: negative */
                      "2201010010,primary,Monday,Dal,B021,20\n"        /* line 5: 10 digits */
                      "22010100101,senior,Monday,Dal,B021,20\n"        /* line 6: level */
                      "22010100101,primary,Tuesday,Rice,A015,100\n";
    seen s = {0};
    poshan_batch_stats stats;
    poshan_error err;
    cr_assert_eq(run_text(csv, 0, &s, &stats, &err), POSHAN_OK);
    cr_assert_eq(stats.bad_rows, 4);
    cr_assert_eq(s.nbad, 4);
    cr_assert_eq(s.bad[0].line, 3);
    cr_assert_str_eq(s.bad[0].field, "food");
    cr_assert_eq(s.bad[1].line, 4);
    cr_assert_str_eq(s.bad[1].field, "grams");
    cr_assert_eq(s.bad[2].line, 5);
    cr_assert_str_eq(s.bad[2].field, "school_udise");
    cr_assert_eq(s.bad[3].line, 6);
    cr_assert_str_eq(s.bad[3].field, "level");
    cr_assert_eq(s.n, 2);
    /* every row left out counts: the unknown food and the negative quantity (its own day),
     * the 10-digit code and the unknown level (rows that name Monday, while it is summed) */
    cr_assert_eq(s.bad_rows[0], 4, "Monday is marked as missing four rows");
    cr_assert_float_eq(s.energy[0], 1491 / 4.184, 1e-9);
    cr_assert_eq(s.bad_rows[1], 0);
}

Test(batch, strict_stops_at_the_first_bad_row) {
    const char *csv = "school_udise,level,day,dish,food,grams\n"
                      "22010100101,primary,Monday,Rice,A015,100\n"
                      "22010100101,primary,Monday,Dal,B021,abc\n"
                      "22010100101,primary,Monday,Dal,B0211,20\n";
    seen s = {0};
    poshan_batch_stats stats;
    poshan_error err;
    cr_assert_eq(run_text(csv, 1, &s, &stats, &err), POSHAN_EINPUT);
    cr_assert_eq(err.line, 3);
    cr_assert_str_eq(err.field, "grams");
    cr_assert_str_eq(err.file, "m.csv");
    cr_assert_eq(s.n, 0, "nothing is reported for the school-day cut short");
}

Test(batch, a_school_that_comes_back_is_a_bad_row) {
    const char *csv = "school_udise,level,day,dish,food,grams\n"
                      "22010100101,primary,Monday,Rice,A015,100\n"
                      "22010100102,primary,Monday,Rice,A015,100\n"
                      "22010100101,primary,Tuesday,Rice,A015,100\n"
                      "22010100102,primary,Monday,Dal,B021,20\n";
    seen s = {0};
    poshan_batch_stats stats;
    poshan_error err;
    cr_assert_eq(run_text(csv, 0, &s, &stats, &err), POSHAN_OK);
    /* line 4 is left out; ...102's Monday, which it interrupted, goes on at line 5 and
     * counts the row left out, since the Tuesday of ...101 it belongs to is never written */
    cr_assert_eq(s.nbad, 1);
    cr_assert_eq(s.bad[0].line, 4);
    cr_assert(strstr(s.bad[0].message, "must be together"), "%s", s.bad[0].message);
    cr_assert_eq(s.n, 2);
    cr_assert_str_eq(s.school[1], "22010100102");
    cr_assert_eq(s.bad_rows[1], 1);
    cr_assert_float_eq(s.energy[1], (1491 + 0.2 * 1384) / 4.184, 1e-9);
}

Test(batch, a_day_that_comes_back_is_a_bad_row_of_the_day_it_interrupts) {
    const char *csv = "school_udise,level,day,dish,food,grams\n"
                      "22010100101,primary,Monday,Rice,A015,100\n"
                      "22010100101,primary,Tuesday,Rice,A015,100\n"
                      "22010100101,primary,Monday,Dal,B021,20\n";
    seen s = {0};
    poshan_batch_stats stats;
    poshan_error err;
    cr_assert_eq(run_text(csv, 0, &s, &stats, &err), POSHAN_OK);
    cr_assert_eq(s.nbad, 1);
    cr_assert_str_eq(s.bad[0].field, "day");
    cr_assert_eq(s.n, 2);
    cr_assert_eq(s.bad_rows[0], 0);
    cr_assert_eq(s.bad_rows[1], 1, "Tuesday, which the returning Monday row interrupted");
}

Test(batch, level_names_are_case_blind) {
    /* "Primary" and "UPPER_PRIMARY" are the levels primary and upper_primary: 100 g rice
     * each, 1491 kJ = 356.357... kcal, no row left out */
    const char *csv = "school_udise,level,day,dish,food,grams\n"
                      "22010100101,Primary,Monday,Rice,A015,100\n"
                      "22010100101,UPPER_PRIMARY,Monday,Rice,A015,100\n";
    seen s = {0};
    poshan_batch_stats stats;
    poshan_error err;
    cr_assert_eq(run_text(csv, 0, &s, &stats, &err), POSHAN_OK);
    cr_assert_eq(stats.bad_rows, 0);
    cr_assert_eq(s.n, 2);
    cr_assert_eq(s.level[0], poshan_norms_level_index(&norms, "primary"));
    cr_assert_eq(s.level[1], poshan_norms_level_index(&norms, "upper_primary"));
    cr_assert_float_eq(s.energy[0], 1491 / 4.184, 1e-9);
}

Test(batch, a_bad_row_before_any_school_day_counts_in_the_next) {
    const char *csv = "school_udise,level,day,dish,food,grams\n"
                      "22010100101,senior,Monday,Rice,A015,100\n"
                      "22010100101,primary,Monday,Rice,A015,100\n";
    seen s = {0};
    poshan_batch_stats stats;
    poshan_error err;
    cr_assert_eq(run_text(csv, 0, &s, &stats, &err), POSHAN_OK);
    cr_assert_eq(s.n, 1);
    cr_assert_eq(s.bad_rows[0], 1);
}

Test(batch, missing_column_is_fatal_and_named) {
    const char *csv = "school_udise,level,day,dish,food\n22010100101,primary,Monday,Rice,A015\n";
    seen s = {0};
    poshan_batch_stats stats;
    poshan_error err;
    cr_assert_eq(run_text(csv, 0, &s, &stats, &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "grams");
    cr_assert_eq(err.line, 1);
}

Test(batch, malformed_quotes_are_reported_with_the_line) {
    const char *csv = "school_udise,level,day,dish,food,grams\n"
                      "22010100101,primary,Monday,\"Rice\"x,A015,100\n";
    seen s = {0};
    poshan_batch_stats stats;
    poshan_error err;
    cr_assert_eq(run_text(csv, 0, &s, &stats, &err), POSHAN_EINPUT);
    cr_assert_eq(err.line, 2);
    cr_assert(strstr(err.message, "malformed CSV"), "%s", err.message);
}

/* ---- the command line ------------------------------------------------------ */

Test(cli, version_help_and_exit_codes) {
    char *out = NULL, *err = NULL;
    cr_assert_eq(test_run_poshan("--version", &out, NULL), 0);
    cr_assert(strncmp(out, "poshan ", 7) == 0);
    free(out);
    cr_assert_eq(test_run_poshan("menu --help", &out, NULL), 0);
    cr_assert(strstr(out, "menu evaluate"));
    free(out);
    cr_assert_eq(test_run_poshan("nosuchcommand", NULL, NULL), 2);
    cr_assert_eq(test_run_poshan("menu evaluate menus/norm-basket.json --format yaml", NULL, NULL), 2);
    cr_assert_eq(test_run_poshan("menu evaluate tests/fixtures/menus-batch.csv", NULL, &err), 1);
    cr_assert(strstr(err, "tests/fixtures/menus-batch.csv:"), "%s", err);
    free(err);
}

Test(cli, json_output_has_the_documented_shape) {
    char *out = NULL;
    cr_assert_eq(test_run_poshan("menu evaluate menus/norm-basket.json --format json", &out, NULL), 0);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "not JSON: %s", out);
    cr_assert_str_eq(cJSON_GetObjectItem(root, "menu")->valuestring, "MDM norm basket: exactly the food-group norms");
    cJSON *up = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "levels"), "upper_primary");
    cJSON *day = cJSON_GetArrayItem(cJSON_GetObjectItem(up, "days"), 0);
    cr_assert_str_eq(cJSON_GetObjectItem(day, "day")->valuestring, "Norm day");
    cr_assert_float_eq(cJSON_GetObjectItem(day, "protein_g")->valuedouble, 19.4175, 1e-9);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(day, "meets_energy_norm")));
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(day, "meets_protein_norm")));
    cJSON *week = cJSON_GetObjectItem(up, "week");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(week, "days_below_protein_norm")), 1);
    cJSON_Delete(root);
    free(out);
}

Test(cli, batch_says_once_what_a_name_of_several_kinds_is_read_as) {
    char *csv = test_write_temp(".csv", "school_udise,level,day,dish,food,grams\n"
                                        "22010100101,primary,Monday,Kheer,दूध,150\n"
                                        "22010100101,primary,Monday,Kheer,चावल,100\n"
                                        "22010100101,primary,Tuesday,Kheer,दूध,150\n");
    char args[256], *out = NULL, *errs = NULL;
    snprintf(args, sizeof args, "menu evaluate --batch %s", csv);
    cr_assert_eq(test_run_poshan(args, &out, &errs), 0, "%s", errs);
    cr_assert(strstr(errs, ":2: food: 'दूध' is read as L002, Milk, whole, Cow: milk of no named kind"), "%s", errs);
    cr_assert(strstr(errs, ":3: food: 'चावल' is read as A015"), "%s", errs);
    cr_assert_null(strstr(strstr(errs, "'दूध' is read") + 1, "'दूध' is read"), "said twice: %s", errs);
    unlink(csv);
    free(csv);
    free(out);
    free(errs);
}

Test(cli, batch_writes_school_days_and_a_summary) {
    char *out = NULL, *summary = NULL;
    char path[] = "/tmp/poshan-test-summary-XXXXXX";
    close(mkstemp(path));
    char args[256];
    snprintf(args, sizeof args, "menu evaluate --batch tests/fixtures/menus-batch.csv --summary %s", path);
    cr_assert_eq(test_run_poshan(args, &out, NULL), 0);
    /* header + 4 school-days; the Tuesday day name had a quoted dish with a comma */
    size_t lines = 0;
    for (char *p = out; *p; p++) lines += *p == '\n';
    cr_assert_eq(lines, 5, "%s", out);
    cr_assert(strstr(out, "\n22010100101,primary,Monday,467.5,12.28,"), "%s", out);
    size_t size;
    poshan_error e;
    cr_assert_eq(poshan_read_file(path, &summary, &size, &e), POSHAN_OK);
    /* school ...102 primary: 2 days, both below energy, Monday below protein */
    cr_assert(strstr(summary, "\n22010100102,primary,2,2,1,"), "%s", summary);
    cr_assert(strstr(summary, "\n22010100101,upper_primary,1,1,1,"), "%s", summary);
    unlink(path);
    free(out);
    free(summary);
}
