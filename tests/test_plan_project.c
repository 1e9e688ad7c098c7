/* test_plan_project.c: lab samples held against the norms with the egg of
 * Intervention 4 added. Norms (section 2.13.3): primary 450 kcal and 12 g
 * protein, upper primary 700 kcal and 20 g. One boiled egg, 50 g of IFCT M004
 * (618 kJ = 147.7055 kcal and 13.43 g protein per 100 g), adds 73.8528 kcal and
 * 6.715 g on an egg day; spread over the year's 240 school days (70 egg days)
 * it adds 73.8528 x 70/240 = 21.5404 kcal and 6.715 x 70/240 = 1.9585 g. */
#include "plan_helpers.h"

#include "plan_project.h"

static poshan_foods foods;
static poshan_norms norms;
static poshan_plan plan;
static poshan_plan_result result;

static void load_egg(void) {
    poshan_error err;
    test_load_foods_and_norms(&foods, &norms);
    cr_assert_eq(poshan_plan_load(&plan, "menus/interventions/egg.json", &foods, &norms, &err), POSHAN_OK,
                 "%s", err.message);
    cr_assert_eq(poshan_plan_compute(&plan, &norms, &result, &err), POSHAN_OK, "%s", err.message);
}

static void free_egg(void) { poshan_foods_free(&foods); }

TestSuite(project, .init = load_egg, .fini = free_egg);

/* energy, protein:                 today       egg day            average day
 * 540, 10.0 (Kunkuri)              E           E P                E
 * 440, 10.5 (Kunkuri)              -           E P (513.9, 17.2)  E P (461.5, 12.46)
 * 380,  5.0 (Kunkuri)              -           E   (453.9, 11.7)  -   (401.5, 6.96)
 * 450, 12.0 (Kunkuri, at the norm) E P         E P                E P
 * 300,  5.0 (Durg, not covered)    -           -   (373.9, 11.7)  -
 * upper primary 690, 19 (Bhairamgarh) -        E P (763.9, 25.7)  E P (711.5, 20.96) */
static const poshan_project_sample samples[] = {
    {"primary", "Jashpur", "Kunkuri", 540, 10.0},
    {"primary", "Jashpur", "Kunkuri", 440, 10.5},
    {"primary", "jashpur", "KUNKURI", 380, 5.0},
    {"primary", "Jashpur", "Kunkuri", 450, 12.0},
    {"primary", "Durg", "Patan", 300, 5.0},
    {"upper_primary", "Bijapur", "Bhairamgarh", 690, 19.0},
};
enum { P = 0, UP = 1, TODAY = POSHAN_PROJECT_TODAY, EGG_DAY = POSHAN_PROJECT_SERVING_DAY,
       AVERAGE = POSHAN_PROJECT_AVERAGE_DAY };

Test(project, covered_blocks_only_leaves_out_other_districts) {
    poshan_projection pr;
    poshan_error err;
    cr_assert_eq(poshan_plan_project(&plan, &result.as_written, &norms, samples, 6, 1, &pr, &err), POSHAN_OK,
                 "%s", err.message);
    cr_assert_eq(pr.used, 5);
    cr_assert_eq(pr.outside, 1);
    cr_assert_eq(pr.levels[P].samples, 4);
    cr_assert_eq(pr.levels[UP].samples, 1);
}

Test(project, primary_shares_today_on_an_egg_day_and_on_an_average_day) {
    poshan_projection pr;
    poshan_error err;
    cr_assert_eq(poshan_plan_project(&plan, &result.as_written, &norms, samples, 6, 1, &pr, &err), POSHAN_OK);
    const poshan_projection_level *L = &pr.levels[P];
    cr_assert_eq(L->meets_energy[TODAY], 2);   /* 540 and 450 (at the norm counts) */
    cr_assert_eq(L->meets_protein[TODAY], 1);
    cr_assert_eq(L->meets_energy[EGG_DAY], 4);
    cr_assert_eq(L->meets_protein[EGG_DAY], 3);
    cr_assert_eq(L->meets_both[EGG_DAY], 3);
    cr_assert_eq(L->meets_energy[AVERAGE], 3);
    cr_assert_eq(L->meets_protein[AVERAGE], 2);
    cr_assert_float_eq(L->share_protein[TODAY], 0.25, 1e-12);
    cr_assert_float_eq(L->share_protein[EGG_DAY], 0.75, 1e-12);
    cr_assert_float_eq(L->share_both[AVERAGE], 0.5, 1e-12);
    cr_assert_float_eq(L->added_protein_g[AVERAGE], 6.715 * 70 / 240, 1e-9);
}

Test(project, upper_primary_sample_meets_both_norms_only_with_the_egg) {
    poshan_projection pr;
    poshan_error err;
    cr_assert_eq(poshan_plan_project(&plan, &result.as_written, &norms, samples, 6, 1, &pr, &err), POSHAN_OK);
    const poshan_projection_level *L = &pr.levels[UP];
    cr_assert_eq(L->meets_both[TODAY], 0);
    cr_assert_eq(L->meets_both[EGG_DAY], 1);
    cr_assert_eq(L->meets_both[AVERAGE], 1);
}

Test(project, all_samples_counts_the_uncovered_district_too) {
    poshan_projection pr;
    poshan_error err;
    cr_assert_eq(poshan_plan_project(&plan, &result.as_written, &norms, samples, 6, 0, &pr, &err), POSHAN_OK);
    cr_assert_eq(pr.levels[P].samples, 5);
    cr_assert_eq(pr.outside, 0);
    /* Durg's 300 kcal + 73.85 stays under 450: energy on an egg day 4 of 5 */
    cr_assert_float_eq(pr.levels[P].share_energy[EGG_DAY], 0.8, 1e-12);
}

Test(project, an_unknown_level_names_the_sample) {
    const poshan_project_sample bad[] = {{"primary", "Jashpur", "Kunkuri", 500, 13},
                                     {"secondary", "Jashpur", "Kunkuri", 500, 13}};
    poshan_projection pr;
    poshan_error err;
    cr_assert_eq(poshan_plan_project(&plan, &result.as_written, &norms, bad, 2, 1, &pr, &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "samples[1].level");
}

Test(project, a_negative_protein_is_refused) {
    const poshan_project_sample bad[] = {{"primary", "Jashpur", "Kunkuri", 500, -1}};
    poshan_projection pr;
    poshan_error err;
    cr_assert_eq(poshan_plan_project(&plan, &result.as_written, &norms, bad, 1, 1, &pr, &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "samples[0].protein_g");
}

Test(project, a_plan_that_serves_no_food_cannot_be_projected) {
    poshan_plan garden;
    poshan_plan_result r;
    poshan_projection pr;
    poshan_error err;
    cr_assert_eq(poshan_plan_load(&garden, "menus/interventions/kitchen-garden.json", &foods, &norms, &err),
                 POSHAN_OK);
    cr_assert_eq(poshan_plan_compute(&garden, &norms, &r, &err), POSHAN_OK);
    cr_assert_eq(poshan_plan_project(&garden, &r.as_written, &norms, samples, 6, 0, &pr, &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "item");
}
