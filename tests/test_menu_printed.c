/* test_menu_printed.c: what is printed agrees with what is judged.
 *
 * Exact ties built from pairs of IFCT 2017 rows (kJ as measured, per 100 g):
 *   A019 wheat flour, atta  1340 kJ  protein 10.57      C033 spinach  102 kJ
 *   A015 rice, raw, milled  protein 7.94                F006 potato   protein 1.54
 *   T005 groundnut oil, T006 mustard oil: fat 100 g, no kJ in IFCT -> 9 kcal/g
 * kJ tie:   214 g atta + 60 g spinach = 2.14*1340 + 0.6*102 = 2867.6 + 61.2 = 2928.8 kJ
 *           = 2928.8 / 4.184 = 700 kcal exactly: the upper primary norm.
 * kcal tie: 25 g groundnut oil + 25 g mustard oil = 50 g * 9 = 450 kcal: the primary norm.
 * protein:  149 g rice + 11 g potato = 1.49*7.94 + 0.11*1.54 = 11.8306 + 0.1694 = 12 g:
 *           the primary norm. With 10.99 g potato: 11.8306 + 0.169246 = 11.999846 g, which
 *           prints 12.00 at two decimals: it must print 11.9998 and a shortfall of 0.0002. */
#include "helpers.h"

#include "menu.h"

static poshan_foods foods;
static poshan_norms norms;

static void setup(void) {
    poshan_error err;
    cr_assert_eq(poshan_foods_load_default(&foods, "nutrients", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_norms_load(&norms, "nutrients/norms.json", &err), POSHAN_OK, "%s", err.message);
}
static void teardown(void) { poshan_foods_free(&foods); }
TestSuite(printed, .init = setup, .fini = teardown);

static void evaluate(const char *json, const char *level, poshan_level_result *out) {
    poshan_menu menu;
    poshan_error err;
    cr_assert_eq(poshan_menu_parse(&menu, json, strlen(json), "tie.json", &foods, &norms, &err), POSHAN_OK,
                 "%s: %s", err.field, err.message);
    cr_assert_eq(poshan_menu_evaluate(&menu, &norms, NULL, poshan_norms_level_index(&norms, level), out, &err),
                 POSHAN_OK);
    poshan_menu_free(&menu);
}

#define ONE_DAY(ingredients) \
    "{\"name\": \"tie\", \"days\": [{\"day\": \"Monday\", \"dishes\": [{\"name\": \"d\", " \
    "\"ingredients\": [" ingredients "]}]}]}"

Test(printed, kj_tie_at_the_energy_norm_passes_and_prints_the_norm) {
    poshan_level_result r;
    evaluate(ONE_DAY("{\"food\": \"A019\", \"grams\": 214}, {\"food\": \"C033\", \"grams\": 60}"),
             "upper_primary", &r);
    cr_assert_eq(r.days[0].total.nutrient[POSHAN_ENERGY_KCAL], 700.0);
    cr_assert(r.days[0].judged.meets_energy);
    cr_assert_eq(r.days[0].judged.energy_shortfall_kcal, 0.0);
    poshan_level_result_free(&r);
}

Test(printed, kcal_tie_at_the_energy_norm_passes) {
    poshan_level_result r;
    evaluate(ONE_DAY("{\"food\": \"T005\", \"grams\": 25}, {\"food\": \"T006\", \"grams\": 25}"), "primary", &r);
    cr_assert_eq(r.days[0].total.nutrient[POSHAN_ENERGY_KCAL], 450.0);
    cr_assert(r.days[0].judged.meets_energy);
    poshan_level_result_free(&r);
}

Test(printed, protein_tie_at_the_norm_passes) {
    poshan_level_result r;
    evaluate(ONE_DAY("{\"food\": \"A015\", \"grams\": 149}, {\"food\": \"F006\", \"grams\": 11}"), "primary", &r);
    cr_assert_eq(r.days[0].total.nutrient[POSHAN_PROTEIN_G], 12.0);
    cr_assert(r.days[0].judged.meets_protein);
    poshan_level_result_free(&r);
}

Test(printed, a_fail_never_prints_at_the_norm) {
    /* 11.999846 g fails 12 g: 2 decimals give 12.00, 3 give 12.000, 4 give 11.9998 */
    cr_assert_eq(poshan_judged_decimals(11.999846, 12, 0, 2), 4);
    /* a pass exactly at the norm keeps its decimals; 699.96 kcal failing 700 needs 2 */
    cr_assert_eq(poshan_judged_decimals(700.0, 700, 1, 1), 1);
    cr_assert_eq(poshan_judged_decimals(699.96, 700, 0, 1), 2);
    /* shortfalls: 0.000154 g shows at 4 decimals (0.0002), 0.04 kcal at 2 */
    cr_assert_eq(poshan_shortfall_decimals(0.000154, 2), 4);
    cr_assert_eq(poshan_shortfall_decimals(0.04, 1), 2);
    cr_assert_eq(poshan_shortfall_decimals(0.5, 1), 1);
}

static void cli_row(const char *json, const char *level, const char *format, char **out) {
    char *path = test_write_temp(".json", json), args[512];
    snprintf(args, sizeof args, "menu evaluate %s --level %s --format %s", path, level, format);
    cr_assert_eq(test_run_poshan(args, out, NULL), 0);
    unlink(path);
    free(path);
}

Test(printed, csv_and_table_show_the_near_miss_with_its_digits) {
    char *out;
    cli_row(ONE_DAY("{\"food\": \"A015\", \"grams\": 149}, {\"food\": \"F006\", \"grams\": 10.99}"),
            "primary", "csv", &out);
    /* protein 11.9998, below: false, shortfall 12 - 11.999846 = 0.000154 -> 0.0002 */
    cr_assert(strstr(out, ",11.9998,"), "%s", out);
    cr_assert(strstr(out, ",true,false,0.00,0.0002\n"), "%s", out);
    free(out);
    cli_row(ONE_DAY("{\"food\": \"A015\", \"grams\": 149}, {\"food\": \"F006\", \"grams\": 10.99}"),
            "primary", "table", &out);
    cr_assert(strstr(out, "BELOW by 0.0002 g"), "%s", out);
    cr_assert_null(strstr(out, "12.00 "), "%s", out);
    free(out);
}

Test(printed, csv_shows_the_tie_at_the_norm_as_met) {
    char *out;
    cli_row(ONE_DAY("{\"food\": \"A019\", \"grams\": 214}, {\"food\": \"C033\", \"grams\": 60}"),
            "upper_primary", "csv", &out);
    /* energy 700.0 and met; protein 2.14*10.57 + 0.6*2.14 = 22.6198 + 1.284 = 23.9038 -> 23.90 */
    cr_assert(strstr(out, "upper_primary,Monday,700.0,23.90,"), "%s", out);
    cr_assert(strstr(out, ",true,true,0.00,0.00\n"), "%s", out);
    free(out);
}

/* The cooking cost allowed a primary child is Rs 4.82 (norms.json). Red gram dal (B021) is
 * the only priced ingredient: 20 g at Rs 241.05/kg = 0.02 * 241.05 = Rs 4.821, over by
 * 0.001, which at two decimals would print 4.82, the allowance itself: it must print
 * 4.821. At Rs 241/kg, 0.02 * 241 = Rs 4.82 exactly: within, printed 4.82. */
static void cost_run(const char *rs_per_kg, const char *format, char **out) {
    char *prices = test_write_temp(".csv", "");
    FILE *f = fopen(prices, "w");
    fprintf(f, "food,rs_per_kg\nB021,%s\n", rs_per_kg);
    fclose(f);
    char *path = test_write_temp(".json", ONE_DAY("{\"food\": \"B021\", \"grams\": 20}"));
    char args[512];
    snprintf(args, sizeof args, "menu evaluate %s --level primary --prices %s --format %s", path, prices, format);
    cr_assert_eq(test_run_poshan(args, out, NULL), 0);
    unlink(path), unlink(prices);
    free(path), free(prices);
}

Test(printed, a_cost_over_the_allowance_never_prints_equal_to_it) {
    char *out;
    cost_run("241.05", "table", &out);
    cr_assert(strstr(out, "Monday         Rs 4.821  OVER the allowed cost"), "%s", out);
    cr_assert_null(strstr(out, "Rs  4.82  OVER"), "%s", out);
    free(out);
    cost_run("241.05", "csv", &out);
    cr_assert(strstr(out, ",4.821\n"), "%s", out);
    free(out);
    cost_run("241.05", "json", &out);
    cr_assert(strstr(out, "\"within_allowed\":\tfalse"), "%s", out);
    free(out);
}

Test(printed, a_cost_at_the_allowance_is_within_and_prints_it) {
    char *out;
    cost_run("241", "table", &out);
    cr_assert(strstr(out, "Monday         Rs  4.82\n"), "%s", out);
    cr_assert_null(strstr(out, "OVER"), "%s", out);
    free(out);
    cost_run("241", "json", &out);
    cr_assert(strstr(out, "\"within_allowed\":\ttrue"), "%s", out);
    free(out);
}
