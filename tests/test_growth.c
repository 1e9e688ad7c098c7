/* test_growth.c: WHO 2007 z-scores of single measurements, worked by hand
 * from the LMS rows of nutrients/who2007/ (sex 1 boy, 2 girl; age in
 * months; L, M, S as the row gives them), with z = ((y/M)^L - 1) / (L S)
 * and, for weight and BMI beyond +-3, SD(k) = M (1 + L S k)^(1/L). Scores
 * are whole hundredths, as WHO rounds them. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "growth.h"
#include "growth_helpers.h"

TestSuite(growth, .init = load, .fini = unload);

static poshan_growth_scores scores_of(int sex, double age, double kg, double cm, int oedema) {
    poshan_growth_child c = {sex, age, kg, cm, oedema};
    poshan_growth_scores s;
    poshan_growth_compute(&ref, &c, &s);
    return s;
}

Test(growth, whole_month_scores_from_the_lms_rows) {
    /* boy, 100 months, 25 kg, 125 cm, BMI 25 / 1.25^2 = 16.00
     * hfa 1 100: L 1, M 129.0466, S 0.04470: (125/129.0466 - 1) / 0.04470 = -0.7015 -> -0.70
     * wfa 1 100: L -0.5799, M 26.2911, S 0.14608: ((25/26.2911)^-0.5799 - 1) / (-0.5799 x 0.14608) = -0.3498 -> -0.35
     * bfa 1 100: L -1.5252, M 15.8344, S 0.09693: ((16/15.8344)^-1.5252 - 1) / (-1.5252 x 0.09693) = 0.1065 -> 0.11 */
    poshan_growth_scores s = scores_of(1, 100, 25, 125, 0);
    cr_assert_float_eq(s.bmi, 16.0, 1e-12);
    cr_assert_eq(s.z[POSHAN_GROWTH_HAZ], -70);
    cr_assert_eq(s.z[POSHAN_GROWTH_WAZ], -35);
    cr_assert_eq(s.z[POSHAN_GROWTH_BAZ], 11);
    for (int k = 0; k < POSHAN_GROWTH_SCORES; k++) cr_assert(s.defined[k] && !s.flagged[k]);
}

Test(growth, an_age_between_months_interpolates_l_m_and_s) {
    /* girl, 110.5 months, 28 kg, 130 cm: halfway between the rows of months 110 and 111
     * hfa 2 110: M 133.5046, S 0.04614; 2 111: M 134.0118, S 0.04615 -> M 133.7582, S 0.046145
     *   (130/133.7582 - 1) / 0.046145 = -0.6089 -> -0.61 (month 110's row alone gives -0.5689 -> -0.57)
     * wfa: L (-0.5859 - 0.5872)/2 = -0.58655, M 28.9251, S 0.168755 -> -0.1945 -> -0.19
     * bfa: BMI 16.5680; L -1.4738, M 16.19625, S 0.11922 -> 0.1872 -> 0.19 */
    poshan_growth_scores s = scores_of(2, 110.5, 28, 130, 0);
    cr_assert_eq(s.z[POSHAN_GROWTH_HAZ], -61);
    cr_assert_eq(s.z[POSHAN_GROWTH_WAZ], -19);
    cr_assert_eq(s.z[POSHAN_GROWTH_BAZ], 19);
}

Test(growth, above_plus_3_weight_and_bmi_follow_the_restricted_rule) {
    /* boy, 120 months, 58.8 kg, 140 cm, BMI 30.00
     * bfa 1 120: L -1.7407, M 16.4433, S 0.10566. The LMS curve gives 3.5280, but beyond +3:
     *   SD(3) = 16.4433 (1 - 1.7407 x 0.10566 x 3)^(1/-1.7407) = 26.0732, SD(2) = 21.3999,
     *   z = 3 + (30 - 26.0732) / (26.0732 - 21.3999) = 3.8403 -> 3.84
     * wfa 1 120: L -0.6764, M 31.1586, S 0.16305: LMS 3.1663; SD(3) = 56.4335, SD(2) = 45.0381,
     *   z = 3 + (58.8 - 56.4335) / (56.4335 - 45.0381) = 3.2077 -> 3.21
     * hfa 1 120: M 137.7795, S 0.04626: (140/137.7795 - 1) / 0.04626 = 0.3484 -> 0.35 */
    poshan_growth_scores s = scores_of(1, 120, 58.8, 140, 0);
    cr_assert_eq(s.z[POSHAN_GROWTH_BAZ], 384);
    cr_assert_eq(s.z[POSHAN_GROWTH_WAZ], 321);
    cr_assert_eq(s.z[POSHAN_GROWTH_HAZ], 35);
}

Test(growth, below_minus_3_bmi_follows_the_restricted_rule) {
    /* girl, 200 months, 30 kg, 150 cm, BMI 13.3333
     * bfa 2 200: L -0.9740, M 20.9401, S 0.14164: LMS -4.0026; SD(-3) = 14.6742, SD(-2) = 16.3054,
     *   z = -3 + (13.3333 - 14.6742) / (16.3054 - 14.6742) = -3.8220 -> -3.82
     * hfa 2 200: M 162.7670, S 0.04130: (150/162.7670 - 1) / 0.04130 = -1.8992 -> -1.90
     * weight-for-age: 200 months is past its 120 */
    poshan_growth_scores s = scores_of(2, 200, 30, 150, 0);
    cr_assert_eq(s.z[POSHAN_GROWTH_BAZ], -382);
    cr_assert_eq(s.z[POSHAN_GROWTH_HAZ], -190);
    cr_assert(!s.defined[POSHAN_GROWTH_WAZ]);
}

Test(growth, height_is_never_restricted) {
    /* boy, 100 months, 105 cm: (105/129.0466 - 1) / 0.04470 = -4.1687 -> -4.17, straight on the curve */
    cr_assert_eq(scores_of(1, 100, 20, 105, 0).z[POSHAN_GROWTH_HAZ], -417);
}

Test(growth, scores_exist_from_61_to_228_months_weight_for_age_to_120) {
    poshan_growth_scores s = scores_of(1, 60.99, 18, 110, 0);
    for (int k = 0; k < POSHAN_GROWTH_SCORES; k++) cr_assert(!s.defined[k], "score %d at 60.99 months", k);
    /* boy, 61 months, 105 cm: hfa 1 61: M 110.2647, S 0.04164: (105/110.2647 - 1) / 0.04164 = -1.1466 -> -1.15 */
    s = scores_of(1, 61, 18, 105, 0);
    cr_assert_eq(s.z[POSHAN_GROWTH_HAZ], -115);
    cr_assert(s.defined[POSHAN_GROWTH_WAZ] && s.defined[POSHAN_GROWTH_BAZ]);
    s = scores_of(1, 120.01, 30, 138, 0);
    cr_assert(!s.defined[POSHAN_GROWTH_WAZ]);
    cr_assert(s.defined[POSHAN_GROWTH_HAZ] && s.defined[POSHAN_GROWTH_BAZ]);
    /* boy, 228 months, 170 cm: hfa 1 228: M 176.5432, S 0.04134: (170/176.5432 - 1) / 0.04134 = -0.8965 -> -0.90 */
    s = scores_of(1, 228, 60, 170, 0);
    cr_assert_eq(s.z[POSHAN_GROWTH_HAZ], -90);
    s = scores_of(1, 228.01, 60, 170, 0);
    cr_assert(!s.defined[POSHAN_GROWTH_HAZ] && !s.defined[POSHAN_GROWTH_BAZ]);
}

Test(growth, oedema_leaves_the_weight_scores_out_and_counts_below_minus_3) {
    poshan_growth_child c = {1, 100, 25, 125, 1};
    poshan_growth_scores s;
    poshan_growth_compute(&ref, &c, &s);
    cr_assert(!s.defined[POSHAN_GROWTH_WAZ] && !s.defined[POSHAN_GROWTH_BAZ]);
    cr_assert_eq(s.z[POSHAN_GROWTH_HAZ], -70);   /* height is still measured: as without oedema */
    int thin = poshan_growth_cutoff_find(&ref, "thinness"), severe = poshan_growth_cutoff_find(&ref, "severe_thinness");
    int over = poshan_growth_cutoff_find(&ref, "overweight"), under = poshan_growth_cutoff_find(&ref, "underweight");
    int stunt = poshan_growth_cutoff_find(&ref, "stunting");
    cr_assert_eq(poshan_growth_cutoff_case(&ref, (size_t)thin, &c, &s), 1);
    cr_assert_eq(poshan_growth_cutoff_case(&ref, (size_t)severe, &c, &s), 1);
    cr_assert_eq(poshan_growth_cutoff_case(&ref, (size_t)under, &c, &s), 1);
    cr_assert_eq(poshan_growth_cutoff_case(&ref, (size_t)over, &c, &s), 0);
    cr_assert_eq(poshan_growth_cutoff_case(&ref, (size_t)stunt, &c, &s), 0);   /* HAZ -0.70 */
    /* past 120 months weight-for-age has no age: the child does not count for underweight */
    c.age_months = 150;
    poshan_growth_compute(&ref, &c, &s);
    cr_assert_eq(poshan_growth_cutoff_case(&ref, (size_t)under, &c, &s), -1);
}

Test(growth, implausible_scores_are_flagged) {
    /* boy, 100 months, 90 cm: (90/129.0466 - 1) / 0.04470 = -6.7690 -> -6.77, beyond -6 */
    poshan_growth_scores s = scores_of(1, 100, 20, 90, 0);
    cr_assert(s.flagged[POSHAN_GROWTH_HAZ]);
    /* boy, 61 months, 10 kg, 100 cm, BMI 10: bfa 1 61: L -0.7387, M 15.2641, S 0.08390;
     * LMS -5.9170, restricted: SD(-3) = 12.1176, SD(-2) = 13.0308,
     * -3 + (10 - 12.1176) / (13.0308 - 12.1176) = -5.3187 -> -5.32, beyond -5 */
    s = scores_of(1, 61, 10, 100, 0);
    cr_assert_eq(s.z[POSHAN_GROWTH_BAZ], -532);
    cr_assert(s.flagged[POSHAN_GROWTH_BAZ]);
    cr_assert(!s.flagged[POSHAN_GROWTH_WAZ]);   /* WAZ flags only below -6 */
    int stunt = poshan_growth_cutoff_find(&ref, "stunting");
    poshan_growth_child c = {1, 100, 20, 90, 0};
    s = scores_of(1, 100, 20, 90, 0);
    cr_assert_eq(poshan_growth_cutoff_case(&ref, (size_t)stunt, &c, &s), -1);
}

Test(growth, a_score_printed_as_minus_2_00_is_not_stunted) {
    /* boy, 100 months: 117.49 cm is (117.49/129.0466 - 1) / 0.04470 = -2.0034, printed -2.00:
     * not below -2; 117.46 cm is -2.0086, printed -2.01: stunted */
    int stunt = poshan_growth_cutoff_find(&ref, "stunting");
    poshan_growth_child c = {1, 100, 20, 117.49, 0};
    poshan_growth_scores s = scores_of(1, 100, 20, 117.49, 0);
    char text[16];
    poshan_growth_format(&ref, s.z[POSHAN_GROWTH_HAZ], text, sizeof text);
    cr_assert_str_eq(text, "-2.00");
    cr_assert_eq(poshan_growth_cutoff_case(&ref, (size_t)stunt, &c, &s), 0);
    c.height_cm = 117.46;
    s = scores_of(1, 100, 20, 117.46, 0);
    poshan_growth_format(&ref, s.z[POSHAN_GROWTH_HAZ], text, sizeof text);
    cr_assert_str_eq(text, "-2.01");
    cr_assert_eq(poshan_growth_cutoff_case(&ref, (size_t)stunt, &c, &s), 1);
}

Test(growth, scores_print_with_two_decimals_and_their_sign) {
    char text[16];
    long values[] = {-70, 11, 0, -5, 384, -1000};
    const char *want[] = {"-0.70", "0.11", "0.00", "-0.05", "3.84", "-10.00"};
    for (size_t i = 0; i < 6; i++) {
        poshan_growth_format(&ref, values[i], text, sizeof text);
        cr_assert_str_eq(text, want[i]);
    }
}

Test(growth, impact_outcomes_are_the_score_or_its_cut_off) {
    poshan_growth_outcome o;
    cr_assert_eq(poshan_growth_outcome_parse(&ref, "haz", &o), 0);
    cr_assert_float_eq(poshan_growth_outcome_value(&o, 1, 100, 25, 125), -0.70, 1e-12);
    cr_assert_eq(poshan_growth_outcome_parse(&ref, "stunted", &o), 0);
    cr_assert_float_eq(poshan_growth_outcome_value(&o, 1, 100, 20, 117.46), 1.0, 0);
    cr_assert_float_eq(poshan_growth_outcome_value(&o, 1, 100, 20, 117.49), 0.0, 0);
    cr_assert(isnan(poshan_growth_outcome_value(&o, 1, 100, 20, 90)));   /* flagged */
    cr_assert_eq(poshan_growth_outcome_parse(&ref, "waz", &o), 0);
    cr_assert(isnan(poshan_growth_outcome_value(&o, 1, 150, 40, 150)));  /* past 120 months */
    cr_assert_eq(poshan_growth_outcome_parse(&ref, "weight", &o), -1);
}

Test(growth, a_rules_file_without_a_score_is_refused) {
    poshan_growth_reference other;
    poshan_error err;
    cr_assert_eq(poshan_growth_load(&other, "tests/fixtures/growth-bad-rules", &err), POSHAN_EINPUT);
    cr_assert(strstr(err.file, "rules.json") != NULL, "%s", err.file);
    cr_assert(strstr(err.message, "baz is missing") != NULL, "%s", err.message);
}
