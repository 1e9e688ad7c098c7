/* test_plan.c: the intervention files reproduce the budget tables of the
 * Chhattisgarh MDM AWP&B 2019-20 (section 2.38.6, Intervention 3 section 2.9.6,
 * Intervention 4 section 6, section 2.33.5), and say where the source
 * contradicts itself. Every expected figure is copied from the source's
 * tables (REFERENCE.md section 5) or worked out by hand in the comment above it;
 * none was taken from the engine's output. */
#include "plan_helpers.h"

#include <math.h>

#include "inr.h"
#include "plan.h"

static poshan_foods foods;
static poshan_norms norms;
static poshan_plan plan;
static poshan_plan_result result;

static void load_data(void) {
    test_load_foods_and_norms(&foods, &norms);
}

static void free_data(void) { poshan_foods_free(&foods); }

static void plan_file(const char *path) {
    poshan_error err;
    cr_assert_eq(poshan_plan_load(&plan, path, &foods, &norms, &err), POSHAN_OK, "%s: %s", err.field, err.message);
    cr_assert_eq(poshan_plan_compute(&plan, &norms, &result, &err), POSHAN_OK, "%s", err.message);
}

static int has_note(const char *a, const char *b) {
    for (size_t i = 0; i < result.nnotes; i++)
        if (strstr(result.notes[i], a) && strstr(result.notes[i], b)) return 1;
    return 0;
}

enum { P = 0, UP = 1 }; /* norms.json lists primary, then upper_primary */

TestSuite(plan, .init = load_data, .fini = free_data);

/* ---- soy milk (section 2.38.6) ------------------------------------------- */

Test(plan, soy_milk_reproduces_every_district_row_of_the_budget_table) {
    plan_file("menus/interventions/soy-milk.json");
    cr_assert(result.has_implied);
    /* The source's table, column by column: attending P, UP; litres P, UP, total; Rs lakh */
    static const double table[4][6] = {{55642, 40173, 389494, 421817, 811311, 454.33},
                                       {65692, 42710, 459844, 448455, 908299, 508.65},
                                       {42900, 26194, 300300, 275037, 575337, 322.19},
                                       {46306, 30601, 324142, 321311, 645453, 361.45}};
    const poshan_plan_budget *b = &result.as_implied;
    for (int a = 0; a < 4; a++) {
        cr_assert_float_eq(b->areas[a].attending[P], table[a][0], 1e-9, "district %d", a);
        cr_assert_float_eq(b->areas[a].attending[UP], table[a][1], 1e-9, "district %d", a);
        cr_assert_float_eq(b->areas[a].quantity[P], table[a][2], 1e-9, "district %d", a);
        cr_assert_float_eq(b->areas[a].quantity[UP], table[a][3], 1e-9, "district %d", a);
        cr_assert_float_eq(b->areas[a].quantity_total, table[a][4], 1e-9, "district %d", a);
        cr_assert_float_eq(poshan_round_half_up(b->areas[a].cost_rs / 1e5, 2), table[a][5], 1e-9);
    }
    /* Durg by hand: 811,311 litres x Rs 50 x 1.12 = Rs 4,54,33,416 */
    cr_assert_float_eq(b->areas[0].cost_rs, 45433416, 1e-9);
}

Test(plan, soy_milk_total_row_is_the_sum_of_the_rounded_district_rows) {
    plan_file("menus/interventions/soy-milk.json");
    const poshan_plan_budget *b = &result.as_implied;
    /* Source total row: 210540, 139678 attending; 1473780, 1466620, 2940400 litres; 1646.62 lakh.
     * Worked from the total attending instead, UP litres would be 139,678 x 0.15 x 70 =
     * 1,466,619: the source added the district rows, so must we. The lakh agree both ways:
     * 2,940,400 x 56 = Rs 16,46,62,400 = 1,646.624 lakh, and 454.33 + 508.65 + 322.19 +
     * 361.45 = 1,646.62. */
    cr_assert_float_eq(b->total.attending[P], 210540, 1e-9);
    cr_assert_float_eq(b->total.attending[UP], 139678, 1e-9);
    cr_assert_float_eq(b->total.quantity[P], 1473780, 1e-9);
    cr_assert_float_eq(b->total.quantity[UP], 1466620, 1e-9);
    cr_assert_float_eq(b->total.quantity_total, 2940400, 1e-9);
    cr_assert_float_eq(b->total.cost_rs, 164662400, 1e-9);
    cr_assert_float_eq(poshan_round_half_up(b->cost_lakh, 2), 1646.62, 1e-9);
    cr_assert_eq(b->children, 412021); /* section 2.38.5.3 */
}

Test(plan, soy_milk_upper_primary_litres_imply_150_ml_while_the_text_says_200) {
    plan_file("menus/interventions/soy-milk.json");
    /* 1,466,620 litres / (139,678 children x 70 days) = 0.15000 litres = 150 ml */
    cr_assert(result.implied_level[UP]);
    cr_assert(!result.implied_level[P]);
    cr_assert_float_eq(result.as_implied.serving[UP], 150, 1e-9);
    cr_assert_float_eq(result.as_written.serving[UP], 200, 1e-9);
    /* At the text's 200 ml: Durg UP 40,173 x 0.2 x 70 = 562,422 litres; in all
     * 1,473,780 + 139,678 x 14 = 1,473,780 + 1,955,492 = 3,429,272 litres,
     * x Rs 56 = Rs 19,20,39,232 = 1,920.39 lakh */
    cr_assert_float_eq(result.as_written.areas[0].quantity[UP], 562422, 1e-9);
    cr_assert_float_eq(result.as_written.total.quantity_total, 3429272, 1e-9);
    cr_assert_float_eq(result.as_written.total.cost_rs, 192039232, 1e-9);
    cr_assert(has_note("150 ml", "200 ml"), "%s", result.notes[0]);
    cr_assert(has_note("1,920.39 lakh", "1,646.62 lakh"));
}

Test(plan, soy_milk_background_five_divisions_against_four_districts_is_reported) {
    plan_file("menus/interventions/soy-milk.json");
    cr_assert(has_note("5 districts", "lists 4"));
    /* 44 stated figures; only the five-districts one still disagrees at 150 ml */
    cr_assert_eq(result.as_implied.disagreements, 1);
}

Test(plan, soy_milk_adds_the_declared_nutrients_per_100_ml) {
    plan_file("menus/interventions/soy-milk.json");
    /* Label per 100 ml: 78.24 kcal, 3.02 g protein, 117.01 mg Ca, 0.42 mg Fe; primary gets 100 ml */
    const poshan_plan_budget *b = &result.as_written;
    cr_assert_float_eq(b->grams[P], 103, 1e-9); /* 100 ml x 1.03 g/ml */
    cr_assert_float_eq(b->per_day[P][0], 78.24, 1e-9);
    cr_assert_float_eq(b->per_day[P][1], 3.02, 1e-9);
    cr_assert_float_eq(b->per_day[P][2], 117.01, 1e-9);
    cr_assert_float_eq(b->per_day[P][3], 0.42, 1e-9);
    /* 200 ml upper primary: 6.04 g protein; over the 240-day year: 6.04 x 70 / 240 = 1.761667 */
    cr_assert_float_eq(b->per_day[UP][1], 6.04, 1e-9);
    cr_assert_float_eq(b->per_year_day[UP][1], 6.04 * 70 / 240, 1e-9);
}

Test(plan, soy_milk_funding_is_split_60_central_40_state) {
    plan_file("menus/interventions/soy-milk.json");
    /* Rs 16,46,62,400 x 0.6 = 9,87,97,440; x 0.4 = 6,58,64,960 */
    cr_assert_float_eq(result.as_implied.funding_rs[0], 98797440, 1e-6);
    cr_assert_float_eq(result.as_implied.funding_rs[1], 65864960, 1e-6);
    cr_assert_float_eq(result.as_implied.funding_rs[2], 0, 1e-9);
}

Test(plan, soy_milk_cost_per_child_a_year_by_level) {
    plan_file("menus/interventions/soy-milk.json");
    /* primary: 0.85 attending x 70 days x 0.1 litre x Rs 56 = about Rs 333.20 a child enrolled;
     * exactly 1,473,780 x 56 / 2,47,694 = 333.2036 */
    cr_assert_float_eq(result.as_written.rs_per_child_year_level[P], 1473780.0 * 56 / 247694, 1e-9);
    /* Rs per gram of protein: Rs 0.056 per ml / 0.0302 g per ml = Rs 1.8543 */
    cr_assert_float_eq(result.as_written.rs_per_g_protein, 0.056 / 0.0302, 1e-9);
}

/* ---- egg (Intervention 4, section 6) --------------------------------------- */

Test(plan, egg_reproduces_both_block_rows_and_the_total) {
    plan_file("menus/interventions/egg.json");
    /* Source: Kunkuri Rs 45,45,310; Bhairamgarh 59,45,170; total 1,04,90,480
     * (11,806 x 5.5 x 70 = 4,545,310; 15,442 x 385 = 5,945,170) */
    cr_assert_float_eq(result.as_written.areas[0].cost_rs, 4545310, 1e-9);
    cr_assert_float_eq(result.as_written.areas[1].cost_rs, 5945170, 1e-9);
    cr_assert_float_eq(result.as_written.total.cost_rs, 10490480, 1e-9);
    cr_assert_float_eq(result.as_written.areas[0].quantity_total, 11806 * 70, 1e-9); /* eggs */
    cr_assert_eq(result.as_written.children, 27248);
    cr_assert(!result.has_implied);
}

Test(plan, egg_table_schools_add_to_546_while_the_text_says_446) {
    plan_file("menus/interventions/egg.json");
    /* 178 + 64 + 241 + 63 = 546 */
    cr_assert_eq(result.as_written.schools_total, 546);
    cr_assert_eq(result.as_written.disagreements, 1);
    cr_assert(has_note("446 schools", "546"));
}

Test(plan, egg_adds_one_boiled_egg_of_50_grams) {
    plan_file("menus/interventions/egg.json");
    /* IFCT M004 per 100 g: 618 kJ = 147.7055 kcal, protein 13.43 g, iron 1.87 mg; 50 g is half */
    cr_assert_float_eq(result.as_written.per_day[P][0], 618 / 4.184 / 2, 1e-6);
    cr_assert_float_eq(result.as_written.per_day[P][1], 6.715, 1e-9);
    cr_assert_float_eq(result.as_written.per_day[UP][3], 0.935, 1e-9);
    /* every child gets an egg, so Rs per g protein = Rs 5.5 / 6.715 g = 0.81906 */
    cr_assert_float_eq(result.as_written.rs_per_g_protein, 5.5 / 6.715, 1e-9);
    cr_assert_float_eq(result.as_written.rs_per_100_kcal, 5.5 / (618 / 4.184 / 2 / 100), 1e-6);
}

/* ---- breakfast (Intervention 3, section 2.9.6) ------------------------------- */

Test(plan, breakfast_reproduces_both_block_rows_without_rounding_attendance) {
    plan_file("menus/interventions/breakfast.json");
    /* Source: Pendra Rs 61,24,815 = 10,082 x 0.9 x 3 x 225 (exactly); Khadgawan
     * 17,817 x 607.5 = 10,823,827.5, printed 1,08,23,828 (half up); total 1,69,48,643.
     * Rounding attending first would give 9,074 x 675 = 61,24,950 for Pendra. */
    cr_assert_float_eq(result.as_written.areas[0].cost_rs, 6124815, 1e-9);
    cr_assert_float_eq(result.as_written.areas[1].cost_rs, 10823828, 1e-9);
    cr_assert_float_eq(result.as_written.total.cost_rs, 16948643, 1e-9);
    cr_assert_eq(result.as_written.schools_total, 458); /* 125 + 61 + 190 + 82, section 2.9.5.2 */
    cr_assert_eq(result.as_written.disagreements, 0);
    cr_assert_eq(result.nnotes, 0);
}

/* ---- kitchen garden (section 2.33.5) ----------------------------------------- */

Test(plan, kitchen_garden_costs_525_75_lakh_and_adds_no_nutrients) {
    plan_file("menus/interventions/kitchen-garden.json");
    /* 10,515 schools x Rs 5,000 = Rs 5,25,75,000 = 525.75 lakh */
    cr_assert_float_eq(result.as_written.total.cost_rs, 52575000, 1e-9);
    cr_assert_float_eq(result.as_written.rs_per_g_protein, 0, 1e-9);
    cr_assert_null(plan.item);
    cr_assert_eq(result.as_written.disagreements, 0);
}

/* ---- rounding and numbers ------------------------------------------------------ */

Test(plan, halves_round_up_as_the_source_prints_them) {
    cr_assert_float_eq(poshan_round_half_up(30601 * 0.15 * 70, 0), 321311, 1e-9); /* Kanker UP litres */
    cr_assert_float_eq(poshan_round_half_up(17817 * 0.9 * 3 * 225, 0), 10823828, 1e-9);
    cr_assert_float_eq(poshan_round_half_up(65461 * 0.85, 0), 55642, 1e-9);   /* 55,641.85 */
    cr_assert_float_eq(poshan_round_half_up(1646.624, 2), 1646.62, 1e-9);
    /* 9 children x 0.9 x Rs 3 x 225 days = Rs 5,467.5 exactly, which binary floating
     * point computes as 5467.4999...: still a half, so Rs 5,468 */
    cr_assert_float_eq(poshan_round_half_up(9 * 0.9 * 3 * 225, 0), 5468, 1e-9);
}

Test(plan, indian_grouping_puts_commas_after_thousands_then_every_two_digits) {
    char buf[32];
    poshan_format_indian(4545310, 0, buf, sizeof buf);
    cr_assert_str_eq(buf, "45,45,310");
    poshan_format_indian(16948643, 0, buf, sizeof buf);
    cr_assert_str_eq(buf, "1,69,48,643");
    poshan_format_indian(1646.624, 2, buf, sizeof buf);
    cr_assert_str_eq(buf, "1,646.62");
    poshan_format_indian(999, 0, buf, sizeof buf);
    cr_assert_str_eq(buf, "999");
    poshan_format_indian(100000, 0, buf, sizeof buf);
    cr_assert_str_eq(buf, "1,00,000");
}
