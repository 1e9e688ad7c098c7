/* test_impact_means.c: the means by arm and round with their clustered
 * intervals. Expected values from R (scripts/impact-means-reference.R):
 * estimatr::lm_robust(weight_kg ~ 1, clusters = school_udise, se_type = "stata")
 * on each arm and round of tests/fixtures/impact-children.csv, treated D01-D03,
 * comparison D04-D08, implausible changes set aside as the estimate does. */
#include "helpers.h"

#include "impact.h"

static const char *const treated[] = {"D01", "D02", "D03"};
static const char *const control[] = {"D04", "D05", "D06", "D07", "D08"};

Test(impact_means, means_and_intervals_match_estimatr) {
    static const double want[2][2][3] = {
        {{30.0122866894, 29.3724188141, 30.6521545648}, {31.5835087719, 30.9393179516, 32.2276995922}},
        {{30.9205714286, 30.3208664972, 31.5202763600}, {32.7497175141, 32.1119288801, 33.3875061481}}};
    static const size_t want_clusters[2] = {30, 18};
    static const double want_n[2][2] = {{293, 285}, {175, 177}};
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){treated, 3, control, 5, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    poshan_impact_result *r = malloc(sizeof *r);
    poshan_error err;
    cr_assert_eq(poshan_impact_estimate("tests/fixtures/impact-children.csv", &o, r, &err), POSHAN_OK, "%s", err.message);
    for (int a = 0; a < 2; a++)
        for (int round = 0; round < 2; round++) {
            const poshan_mean_ci *m = &r->means[a][round];
            cr_assert_float_eq(m->mean, want[a][round][0], 1e-9, "arm %d round %d", a, round);
            cr_assert_float_eq(m->low, want[a][round][1], 1e-9, "arm %d round %d", a, round);
            cr_assert_float_eq(m->high, want[a][round][2], 1e-9, "arm %d round %d", a, round);
            cr_assert_eq(m->clusters, want_clusters[a]);
            cr_assert_float_eq(m->weight, want_n[a][round], 1e-12);
        }
    free(r);
}
