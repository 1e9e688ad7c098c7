/* test_growth_reference.c: prevalence and the impact on growth against R
 * (scripts/growth-reference.R: the z-scores computed in plain R from the
 * same tables, intervals and regressions by estimatr's lm_robust, CR1),
 * whose values are in tests/fixtures/growth-expected.csv. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "growth_prevalence.h"
#include "growth_helpers.h"
#include "impact.h"
#include "impact_expected.h"

static double growth_expected(const char *name) {
    return expected_in("tests/fixtures/growth-expected.csv", "scripts/growth-reference.R", name);
}
#define assert_agrees_r(actual, name) assert_agrees_with(growth_expected(name), actual, name)

TestSuite(growth_reference, .init = load, .fini = unload);

Test(growth_reference, prevalence_and_its_cr1_intervals_agree_with_lm_robust) {
    poshan_growth_prevalence_options o;
    poshan_growth_prevalence_defaults(&o, &ref);
    o.by = POSHAN_GROWTH_COL_DISTRICT;
    FILE *in = fopen("tests/fixtures/growth-children.csv", "rb");
    cr_assert(in != NULL);
    poshan_growth_prevalence p;
    poshan_error err;
    cr_assert_eq(poshan_growth_prevalence_read(in, "growth-children.csv", &o, &p, &err), POSHAN_OK, "%s", err.message);
    fclose(in);
    cr_assert_eq(p.ngroups, 5);   /* all, D01-D04 */
    char name[96];
    for (size_t g = 0; g < p.ngroups; g++) {
        const poshan_growth_group *gr = &p.groups[g];
        for (size_t k = 0; k < ref.ncutoffs; k++) {
            const poshan_growth_share *s = &gr->cutoff[k];
            snprintf(name, sizeof name, "%s.%s.children", gr->name, ref.cutoffs[k].name);
            assert_agrees_r((double)s->children, name);
            snprintf(name, sizeof name, "%s.%s.cases", gr->name, ref.cutoffs[k].name);
            assert_agrees_r((double)s->cases, name);
            snprintf(name, sizeof name, "%s.%s.share", gr->name, ref.cutoffs[k].name);
            assert_agrees_r(s->share, name);
            snprintf(name, sizeof name, "%s.%s.ci_low", gr->name, ref.cutoffs[k].name);
            assert_agrees_r(s->low, name);
            snprintf(name, sizeof name, "%s.%s.ci_high", gr->name, ref.cutoffs[k].name);
            assert_agrees_r(s->high, name);
        }
        for (int k = 0; k < POSHAN_GROWTH_SCORES; k++) {
            snprintf(name, sizeof name, "%s.%s.children", gr->name, ref.score[k].name);
            assert_agrees_r((double)gr->score[k].children, name);
            snprintf(name, sizeof name, "%s.%s.flagged", gr->name, ref.score[k].name);
            assert_agrees_r((double)gr->score[k].flagged, name);
            snprintf(name, sizeof name, "%s.%s.mean", gr->name, ref.score[k].name);
            assert_agrees_r(gr->score[k].mean, name);
            snprintf(name, sizeof name, "%s.%s.sd", gr->name, ref.score[k].name);
            assert_agrees_r(gr->score[k].sd, name);
        }
    }
    /* the fixture has flagged scores and oedema, so the rules above were exercised */
    cr_assert(p.groups[0].score[POSHAN_GROWTH_BAZ].flagged > 0);
    cr_assert(p.outside_ages > 0);
    poshan_growth_prevalence_free(&p);
}

/* The estimate of one growth outcome on the balanced panel (D01-D03 treated). */
static void check_outcome(const char *outcome) {
    static const char *const t[] = {"D01", "D02", "D03"}, *const c[] = {"D04", "D05", "D06"};
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){t, 3, c, 3, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    o.outcome = POSHAN_OUTCOME_GROWTH;
    o.inference.draws = 99;
    cr_assert_eq(poshan_growth_outcome_parse(&ref, outcome, &o.growth), 0);
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children-balanced.csv", &o);
    char name[96];
    snprintf(name, sizeof name, "impact.%s.estimate", outcome);
    assert_agrees_r(r->did.estimate, name);
    snprintf(name, sizeof name, "impact.%s.std_error", outcome);
    assert_agrees_r(r->did.std_error, name);
    snprintf(name, sizeof name, "impact.%s.n_obs", outcome);
    assert_agrees_r((double)r->did.n_obs, name);
    for (int a = 0; a < 2; a++)
        for (int p = 0; p < 2; p++) {
            snprintf(name, sizeof name, "impact.%s.mean_%d_%d", outcome, a, p);
            assert_agrees_r(r->means[a][p].mean, name);
            snprintf(name, sizeof name, "impact.%s.without_%d_%d", outcome, a, p);
            assert_agrees_r((double)r->arm[a].no_score[p], name);
        }
    free(r);
}

Test(growth_reference, impact_on_haz_agrees_with_lm_robust) { check_outcome("haz"); }
Test(growth_reference, impact_on_waz_leaves_out_records_past_120_months) {
    check_outcome("waz");
    /* and there are such records, in both arms */
    cr_assert(growth_expected("impact.waz.without_0_1") > 0 && growth_expected("impact.waz.without_1_1") > 0);
}
Test(growth_reference, impact_on_baz_agrees_with_lm_robust) { check_outcome("baz"); }
Test(growth_reference, impact_on_stunting_is_a_linear_probability_model) { check_outcome("stunted"); }
Test(growth_reference, impact_on_thinness_agrees_with_lm_robust) { check_outcome("thin"); }
Test(growth_reference, impact_on_overweight_agrees_with_lm_robust) { check_outcome("overweight"); }
