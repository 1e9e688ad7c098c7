/* test_impact_estimate.c: `impact estimate` against an independent
 * implementation (scripts/impact-reference.R: estimatr::lm_robust with
 * se_type = "stata", sandwich::vcovCL, and plain-R enumeration of bootstrap
 * weight vectors and re-assignments) on the committed fixtures, and against
 * a tiny file worked out by hand. */
#include "helpers.h"
#include "impact_expected.h"

#include "impact.h"



static void assert_did_agrees(const poshan_did_result *d, const char *prefix) {
    static const char *const what[] = {"estimate", "std_error", "ci_low", "ci_high", "p_value",
                                       "df", "n_obs", "n_clusters"};
    double got[] = {d->estimate, d->std_error, d->ci_low, d->ci_high, d->p_value,
                    (double)d->df, (double)d->n_obs, (double)d->n_clusters};
    char name[128];
    for (size_t i = 0; i < sizeof what / sizeof what[0]; i++) {
        snprintf(name, sizeof name, "%s.%s", prefix, what[i]);
        assert_agrees(got[i], name);
    }
}

Test(impact_estimate, did_with_cr1_by_school_matches_estimatr) {
    poshan_impact_options o = eight_districts();
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    assert_did_agrees(&r->did, "children.weight");
    free(r);
}

Test(impact_estimate, height_outcome_matches_estimatr) {
    poshan_impact_options o = eight_districts();
    o.outcome = POSHAN_OUTCOME_HEIGHT_CM;
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    assert_did_agrees(&r->did, "children.height");
    free(r);
}

Test(impact_estimate, clustering_by_district_matches_estimatr) {
    poshan_impact_options o = eight_districts();
    o.arms.cluster = POSHAN_LEVEL_DISTRICT;
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    assert_did_agrees(&r->did, "children.weight_district");
    free(r);
}

Test(impact_estimate, covariates_age_sex_level_match_estimatr) {
    poshan_impact_options o = eight_districts();
    o.covariates = POSHAN_COV_AGE | POSHAN_COV_SEX | POSHAN_COV_LEVEL;
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    assert_did_agrees(&r->did, "children.weight_cov");
    free(r);
}

Test(impact_estimate, gain_form_matches_estimatr) {
    poshan_impact_options o = eight_districts();
    o.gain_form = 1;
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    assert_agrees(r->did.estimate, "children.gain.estimate");
    assert_agrees(r->did.std_error, "children.gain.std_error");
    assert_agrees((double)r->did.n_obs, "children.gain.n_obs");
    free(r);
}

Test(impact_estimate, gain_form_takes_covariates_at_baseline_as_r_does) {
    poshan_impact_options o = eight_districts();
    o.gain_form = 1;
    o.covariates = POSHAN_COV_AGE | POSHAN_COV_SEX | POSHAN_COV_LEVEL;
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    assert_agrees(r->did.estimate, "children.gain_cov.estimate");
    assert_agrees(r->did.std_error, "children.gain_cov.std_error");
    free(r);
}

Test(impact_estimate, randomization_draws_at_random_when_reassignments_exceed_draws) {
    /* C(8, 3) = 56 re-assignments > 50 draws: 50 random ones, p = (1 + extreme) / 51 */
    poshan_impact_options o = eight_districts();
    o.inference.draws = 50;
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    cr_assert_not(r->did.ri.exact);
    cr_assert_eq(r->did.ri.assignments, 50);
    double extreme = r->did.ri.p_value * 51 - 1;
    cr_assert_float_eq(extreme, round(extreme), 1e-9);
    cr_assert(extreme >= 0 && extreme <= 50);
    free(r);
}

Test(impact_estimate, children_used_and_treated_baseline_mean_match_r) {
    poshan_impact_options o = eight_districts();
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    long used = r->arm[0].children - r->arm[0].excluded_children + r->arm[1].children -
                r->arm[1].excluded_children;
    assert_agrees((double)used, "children.n_children");
    assert_agrees(r->arm[1].outcome_sum[0] / (double)r->arm[1].n[0], "children.treated_baseline_mean");
    free(r);
}

Test(impact_estimate, gain_form_equals_did_on_a_balanced_panel) {
    /* Every child in both rounds, no covariates: the DiD coefficient is the
     * treated mean change minus the comparison mean change, which is exactly
     * the gain regression's treatment coefficient. */
    static const char *const t[] = {"D01", "D02"}, *const c[] = {"D03", "D04", "D05", "D06"};
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){t, 2, c, 4, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    poshan_impact_result *did = impact_estimate_ok("tests/fixtures/impact-children-balanced.csv", &o);
    o.gain_form = 1;
    poshan_impact_result *gain = impact_estimate_ok("tests/fixtures/impact-children-balanced.csv", &o);
    cr_assert_eq(did->arm[0].baseline_only + did->arm[1].endline_only + did->arm[0].excluded_children, 0);
    cr_assert_float_eq(gain->did.estimate, did->did.estimate, 1e-10);
    cr_assert_eq(gain->did.n_obs * 2, did->did.n_obs);
    free(did);
    free(gain);
}

Test(impact_estimate, rademacher_bootstrap_enumerates_and_matches_r_exactly) {
    /* 8 districts: 2^8 = 256 weight vectors, fewer than 9,999 draws: all of them. */
    poshan_impact_options o = eight_districts();
    o.inference.weights = POSHAN_WEIGHTS_RADEMACHER;
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    cr_assert(r->did.wild.enumerated);
    cr_assert_eq(r->did.wild.draws, (long)expected("children.weight.wild_rademacher_draws"));
    cr_assert_eq(r->did.wild.p_value, expected("children.weight.wild_rademacher_p"));
    free(r);
}

Test(impact_estimate, wild_bootstrap_interval_inverts_the_test_as_r_does) {
    /* R bisects its own enumerated bootstrap p-value on the null effect */
    poshan_impact_options o = eight_districts();
    o.inference.weights = POSHAN_WEIGHTS_RADEMACHER;
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    assert_agrees(r->did.wild.ci_low, "children.weight.wild_rademacher_ci_low");
    assert_agrees(r->did.wild.ci_high, "children.weight.wild_rademacher_ci_high");
    free(r);
}

Test(impact_estimate, webb_weights_below_12_units_enumerate_and_match_r_exactly) {
    /* 5 districts: Webb's six points by default, 6^5 = 7,776 vectors <= 9,999. */
    static const char *const t[] = {"D01", "D02"}, *const c[] = {"D03", "D04", "D05"};
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){t, 2, c, 3, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children-few.csv", &o);
    assert_did_agrees(&r->did, "few.weight");
    cr_assert_eq(r->did.wild.weights, POSHAN_WEIGHTS_WEBB);
    cr_assert(r->did.wild.enumerated);
    cr_assert_eq(r->did.wild.draws, (long)expected("few.weight.wild_webb_draws"));
    cr_assert_eq(r->did.wild.p_value, expected("few.weight.wild_webb_p"));
    cr_assert_eq(r->did.ri.assignments, (long)expected("few.weight.ri_assignments"));
    cr_assert_eq(r->did.ri.p_value, expected("few.weight.ri_p"));
    free(r);
}

Test(impact_estimate, randomization_inference_is_exact_and_matches_r) {
    /* C(8, 3) = 56 re-assignments of the treated districts, all enumerated. */
    poshan_impact_options o = eight_districts();
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    cr_assert(r->did.ri.exact);
    cr_assert_eq(r->did.ri.assignments, (long)expected("children.weight.ri_assignments"));
    cr_assert_eq(r->did.ri.p_value, expected("children.weight.ri_p"));
    free(r);
}

Test(impact_estimate, random_bootstrap_draws_repeat_with_the_same_seed) {
    /* 6^8 Webb vectors exceed 999 draws: drawn at random, reproducibly. */
    poshan_impact_options o = eight_districts();
    o.inference.draws = 999;
    o.inference.seed = 42;
    poshan_impact_result *a = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    poshan_impact_result *b = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    cr_assert_not(a->did.wild.enumerated);
    cr_assert_eq(a->did.wild.draws, 999);
    cr_assert_eq(a->did.wild.p_value, b->did.wild.p_value);
    cr_assert_eq(a->did.wild.ci_low, b->did.wild.ci_low);
    free(a);
    free(b);
}

Test(impact_estimate, block_unit_reassigns_blocks_and_bootstraps_by_block) {
    /* 6 treated and 7 comparison blocks: 13 units, at least 12: Rademacher,
     * 2^13 = 8,192 vectors <= 9,999, all of them; C(13, 6) = 1,716 re-assignments. */
    static const char *const t[] = {"B0101", "B0102", "B0201", "B0202", "B0301", "B0302"};
    static const char *const c[] = {"B0401", "B0402", "B0501", "B0502", "B0601", "B0602", "B0701"};
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){t, 6, c, 7, POSHAN_LEVEL_BLOCK, POSHAN_LEVEL_SCHOOL};
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    cr_assert_eq(r->did.n_treated_units, 6);
    cr_assert_eq(r->did.n_control_units, 7);
    cr_assert_eq(r->did.wild.n_clusters, 13);
    cr_assert_eq(r->did.wild.weights, POSHAN_WEIGHTS_RADEMACHER);
    cr_assert_eq(r->did.wild.draws, 8192);
    cr_assert_eq(r->did.ri.assignments, 1716);
    cr_assert_eq(r->did.n_clusters, 39);   /* 13 blocks x 3 schools */
    free(r);
}

/* ---- the tiny file, by hand ------------------------------------------------ */

static poshan_impact_result *tiny(int gain_form) {
    static const char *const t[] = {"DT"}, *const c[] = {"DC"};
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){t, 1, c, 1, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    o.gain_form = gain_form;
    return impact_estimate_ok("tests/fixtures/impact-children-tiny.csv", &o);
}

Test(impact_tiny, did_is_the_difference_of_mean_changes) {
    /* Used weights (A3 lost 4 kg and C3 grew 12 cm: set aside):
     * treated baseline A1 25, A2 28, A4 22 -> 25; endline A1 27, A2 29 -> 28; change +3
     * comparison baseline C1 24, C2 35 -> 29.5; endline C1 25, C2 35.5, C4 23 -> 27.8333;
     * change -1.6667. DiD = 3 + 1.6667 = 4.6667 (the saturated model fits cell means). */
    poshan_impact_result *r = tiny(0);
    cr_assert_float_eq(r->did.estimate, 3 + (29.5 - 83.5 / 3), 1e-9);
    cr_assert_eq(r->did.n_obs, 10);
    cr_assert_eq(r->did.n_clusters, 4);   /* S1, S2 (A4), S3, S4 (C4) */
    free(r);
}

Test(impact_tiny, gain_form_uses_children_seen_twice) {
    /* gains: treated A1 2, A2 1 -> 1.5; comparison C1 1, C2 0.5 -> 0.75; 1.5 - 0.75 = 0.75 */
    poshan_impact_result *r = tiny(1);
    cr_assert_float_eq(r->did.estimate, 0.75, 1e-9);
    cr_assert_eq(r->did.n_obs, 4);
    free(r);
}

Test(impact_tiny, implausible_changes_are_flagged_and_excluded) {
    poshan_impact_result *r = tiny(0);
    cr_assert_eq(r->arm[1].excluded[POSHAN_FLAG_WEIGHT_LOSS], 1);   /* A3: 30 -> 26 kg */
    cr_assert_eq(r->arm[0].excluded[POSHAN_FLAG_HEIGHT_GAIN], 1);   /* C3: 140 -> 152 cm */
    cr_assert_eq(r->arm[0].excluded_children + r->arm[1].excluded_children, 2);
    cr_assert_eq(r->nexamples, 2);
    cr_assert_str_eq(r->examples[0].child_id, "A3");
    cr_assert_eq(r->examples[0].line, 7);
    cr_assert_float_eq(r->examples[0].change, -4.0, 1e-9);
    free(r);
}

Test(impact_tiny, attrition_is_counted_by_arm) {
    /* treated: A1-A3 both rounds, A4 baseline only; comparison: C1-C3 both, C4 endline only */
    poshan_impact_result *r = tiny(0);
    cr_assert_eq(r->arm[1].children, 4);
    cr_assert_eq(r->arm[1].both_rounds, 3);
    cr_assert_eq(r->arm[1].baseline_only, 1);
    cr_assert_eq(r->arm[0].endline_only, 1);
    cr_assert_eq(r->arm[0].baseline_only, 0);
    cr_assert_eq(r->records, 15);
    cr_assert_eq(r->records_outside, 1);   /* X1 in DX, in neither list */
    free(r);
}

Test(impact_tiny, baseline_balance_sums_the_used_baseline_records) {
    /* treated A1 (100 m, M, 25 kg), A2 (110, F, 28), A4 (96, M, 22): age 102, male 2/3, 25 kg;
     * comparison C1 (100, M, primary), C2 (140, F, upper): age 120, male 1/2, upper 1/2 */
    poshan_impact_result *r = tiny(0);
    const poshan_impact_arm *t = &r->arm[1], *c = &r->arm[0];
    cr_assert_eq(t->balance_n, 3);
    cr_assert_float_eq(t->balance_sum[POSHAN_BAL_AGE] / 3, 102, 1e-9);
    cr_assert_float_eq(t->balance_sum[POSHAN_BAL_MALE] / 3, 2.0 / 3, 1e-9);
    cr_assert_float_eq(t->balance_sum[POSHAN_BAL_WEIGHT] / 3, 25, 1e-9);
    cr_assert_float_eq(c->balance_sum[POSHAN_BAL_AGE] / 2, 120, 1e-9);
    cr_assert_float_eq(c->balance_sum[POSHAN_BAL_UPPER] / 2, 0.5, 1e-9);
    free(r);
}

/* ---- bad input ----------------------------------------------------------------- */

static void assert_input_error(const char *csv, long line, const char *field, const char *words) {
    static const char *const t[] = {"DT"}, *const c[] = {"DC"};
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){t, 1, c, 1, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    char *path = test_write_temp(".csv", csv);
    poshan_impact_result *r = malloc(sizeof *r);
    poshan_error err;
    cr_assert_eq(poshan_impact_estimate(path, &o, r, &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.file, path);
    cr_assert_eq(err.line, line, "line %ld: %s", err.line, err.message);
    cr_assert_str_eq(err.field, field, "%s", err.message);
    cr_assert(strstr(err.message, words) != NULL, "%s", err.message);
    unlink(path);
    free(path);
    free(r);
}

#define HEADER "child_id,school_udise,district,block,sex,age_months,level,round,weight_kg,height_cm\n"

Test(impact_errors, a_weight_that_is_not_a_number_names_line_and_field) {
    assert_input_error(HEADER "A1,S1,DT,B1,M,100,primary,baseline,25,125\n"
                              "A1,S1,DT,B1,M,108,primary,endline,2x7,129\n",
                       3, "weight_kg", "'2x7'");
}

Test(impact_errors, an_empty_height_is_refused_not_read_as_zero) {
    assert_input_error(HEADER "A1,S1,DT,B1,M,100,primary,baseline,25,\n", 2, "height_cm", "empty");
}

Test(impact_errors, a_second_baseline_for_a_child_is_refused) {
    assert_input_error(HEADER "A1,S1,DT,B1,M,100,primary,baseline,25,125\n"
                              "A1,S1,DT,B1,M,100,primary,baseline,25,125\n",
                       3, "round", "line 2");
}

Test(impact_errors, an_unknown_round_is_refused) {
    assert_input_error(HEADER "A1,S1,DT,B1,M,100,primary,midline,25,125\n", 2, "round", "baseline or endline");
}

Test(impact_errors, a_school_in_two_districts_is_refused) {
    assert_input_error(HEADER "A1,S1,DT,B1,M,100,primary,baseline,25,125\n"
                              "A2,S1,DC,B2,M,100,primary,baseline,25,125\n",
                       3, "school_udise", "district 'DT'");
}

Test(impact_errors, a_listed_district_without_records_is_named) {
    assert_input_error(HEADER "A1,S1,DT,B1,M,100,primary,baseline,25,125\n", 0, "--control", "'DC'");
}
