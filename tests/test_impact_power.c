/* test_impact_power.c: minimum detectable effect and clusters needed, worked
 * by hand from the formula, with t quantiles from R (qt, stored by
 * scripts/impact-reference.R), and against Bloom's published multiplier. */
#include "helpers.h"
#include "impact_expected.h"

#include "power.h"

static const poshan_power_design example = {.clusters_per_arm = 20, .children_per_cluster = 30,
                                             .icc = 0.05, .sd = 1, .alpha = 0.05, .power = 0.8};

Test(impact_power, mde_of_20_schools_a_arm_by_hand) {
    /* df = 2*20 - 2 = 38; qt(0.975, 38) = 2.0243942, qt(0.80, 38) = 0.8511828: M = 2.8755769
     * design effect 1 + 29 * 0.05 = 2.45; sqrt(2 * 1 * 2.45 / (20 * 30)) = sqrt(0.0081667) = 0.0903696
     * MDE = 2.8755769 * 0.0903696 = 0.25987 SD */
    double mde, multiplier, deff;
    poshan_error err;
    cr_assert_eq(poshan_power_mde(&example, &mde, &multiplier, &deff, &err), POSHAN_OK);
    cr_assert_float_eq(multiplier, expected("power.qt_975_df38") + expected("power.qt_80_df38"), 1e-9);
    cr_assert_float_eq(deff, 2.45, 1e-12);
    cr_assert_float_eq(mde, 0.25987, 1e-5);
}

Test(impact_power, clusters_needed_is_the_smallest_design_reaching_the_effect) {
    /* 20 a arm reach 0.25987 <= 0.26; 19 a arm: df 36, M = 2.0281 + 0.8517 = 2.8798,
     * sqrt(4.9 / 570) = 0.092718, MDE = 0.26701 > 0.26. So 20. */
    long clusters;
    double mde;
    poshan_error err;
    cr_assert_eq(poshan_power_clusters(&example, 0.26, &clusters, &mde, &err), POSHAN_OK);
    cr_assert_eq(clusters, 20);
    cr_assert_float_eq(mde, 0.25987, 1e-5);
}

Test(impact_power, multiplier_tends_to_blooms_2_8_with_many_clusters) {
    /* Bloom (1995), "Minimum detectable effects", Evaluation Review 19(5):547-556:
     * two-sided 5 % test with 80 % power, large samples: M = 1.960 + 0.842 = 2.80. */
    poshan_power_design d = example;
    d.clusters_per_arm = 1e6;
    double mde, multiplier;
    poshan_error err;
    cr_assert_eq(poshan_power_mde(&d, &mde, &multiplier, NULL, &err), POSHAN_OK);
    cr_assert_float_eq(multiplier, 2.80, 0.005);
}

Test(impact_power, an_icc_above_one_is_refused) {
    poshan_power_design d = example;
    d.icc = 1.5;
    double mde;
    poshan_error err;
    cr_assert_eq(poshan_power_mde(&d, &mde, NULL, NULL, &err), POSHAN_EUSAGE);
    cr_assert_str_eq(err.field, "--icc");
}
