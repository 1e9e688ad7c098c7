/* test_impact_attendance.c: `impact attendance` against
 * scripts/impact-reference.R (estimatr::lm_robust with enrolment weights,
 * se_type = "stata"; enumerated bootstrap and re-assignments in plain R). */
#include "helpers.h"
#include "impact_expected.h"

#include "attendance.h"

static poshan_attendance_result run(poshan_boot_weights weights) {
    static const char *const t[] = {"D01", "D02"}, *const c[] = {"D03", "D04", "D05", "D06"};
    poshan_attendance_options o;
    memset(&o, 0, sizeof o);
    o.arms = (poshan_trial_arms){t, 2, c, 4, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    snprintf(o.start, sizeof o.start, "2019-11");
    poshan_inference_defaults(&o.inference);
    o.inference.weights = weights;
    poshan_attendance_result r;
    poshan_error err;
    cr_assert_eq(poshan_attendance_estimate("tests/fixtures/impact-attendance.csv", &o, &r, &err), POSHAN_OK,
                 "%s", err.message);
    return r;
}

Test(impact_attendance, enrolment_weighted_did_matches_estimatr) {
    poshan_attendance_result r = run(POSHAN_WEIGHTS_AUTO);
    assert_agrees(r.did.estimate, "attendance.estimate");
    assert_agrees(r.did.std_error, "attendance.std_error");
    assert_agrees(r.did.ci_low, "attendance.ci_low");
    assert_agrees(r.did.ci_high, "attendance.ci_high");
    assert_agrees(r.did.p_value, "attendance.p_value");
    assert_agrees((double)r.did.n_obs, "attendance.n_obs");
    assert_agrees((double)r.did.n_clusters, "attendance.n_clusters");
}

Test(impact_attendance, enumerated_bootstrap_and_randomization_match_r_exactly) {
    /* 6 districts: 2^6 = 64 Rademacher vectors; C(6, 2) = 15 re-assignments */
    poshan_attendance_result r = run(POSHAN_WEIGHTS_RADEMACHER);
    cr_assert(r.did.wild.enumerated);
    cr_assert_eq(r.did.wild.draws, (long)expected("attendance.wild_rademacher_draws"));
    cr_assert_eq(r.did.wild.p_value, expected("attendance.wild_rademacher_p"));
    assert_agrees(r.did.wild.ci_low, "attendance.wild_rademacher_ci_low");
    assert_agrees(r.did.wild.ci_high, "attendance.wild_rademacher_ci_high");
    cr_assert_eq(r.did.ri.assignments, (long)expected("attendance.ri_assignments"));
    cr_assert_eq(r.did.ri.p_value, expected("attendance.ri_p"));
}

Test(impact_attendance, months_from_the_start_count_as_after) {
    /* 48 schools x 8 months, 2019-07..2020-02: 4 before 2019-11, 4 from it;
     * 2 of 6 districts treated: 16 treated schools x 4 months = 64 each side */
    poshan_attendance_result r = run(POSHAN_WEIGHTS_AUTO);
    cr_assert_eq(r.arm[1].school_months[0], 64);
    cr_assert_eq(r.arm[1].school_months[1], 64);
    cr_assert_eq(r.arm[0].school_months[0], 128);
}

static void assert_attendance_error(const char *row, const char *field, const char *words) {
    static const char *const t[] = {"DT"}, *const c[] = {"DC"};
    poshan_attendance_options o;
    memset(&o, 0, sizeof o);
    o.arms = (poshan_trial_arms){t, 1, c, 1, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    snprintf(o.start, sizeof o.start, "2019-11");
    poshan_inference_defaults(&o.inference);
    char *text = NULL;
    cr_assert(asprintf(&text, "school_udise,district,block,month,enrolled,attendance_days,school_days\n%s\n",
                       row) > 0);
    char *path = test_write_temp(".csv", text);
    poshan_attendance_result r;
    poshan_error err;
    cr_assert_eq(poshan_attendance_estimate(path, &o, &r, &err), POSHAN_EINPUT);
    cr_assert_eq(err.line, 2);
    cr_assert_str_eq(err.field, field, "%s", err.message);
    cr_assert(strstr(err.message, words) != NULL, "%s", err.message);
    unlink(path);
    free(path);
    free(text);
}

Test(impact_attendance, more_child_days_than_possible_are_refused) {
    /* 40 children x 22 days = 880 child-days at most */
    assert_attendance_error("S1,DT,B1,2019-11,40,900,22", "attendance_days", "at most 880");
}

Test(impact_attendance, a_month_not_written_yyyy_mm_is_refused) {
    assert_attendance_error("S1,DT,B1,Nov 2019,40,800,22", "month", "YYYY-MM");
}
