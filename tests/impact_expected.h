/* impact_expected.h: the values scripts/impact-reference.R computed with R
 * (estimatr, sandwich, plain enumeration) on the committed fixtures, read
 * from tests/fixtures/impact-expected.csv. Header-only, for the
 * test_impact_*.c files. */
#ifndef POSHAN_TEST_IMPACT_EXPECTED_H
#define POSHAN_TEST_IMPACT_EXPECTED_H

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "csvread.h"
#include "impact.h"

typedef struct expected_lookup {
    const char *name;
    double value;
    int found;
} expected_lookup;

static poshan_status expected_row(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    (void)err;
    expected_lookup *l = ctx;
    if (row->count == 2 && strcmp(row->fields[0], l->name) == 0 &&
        poshan_parse_number(row->fields[1], &l->value) == 1)
        l->found = 1;
    return POSHAN_OK;
}

/* The value R wrote under name in file (a fixture the script named in its
 * message wrote); the test fails when there is none. */
static inline double expected_in(const char *file, const char *script, const char *name) {
    expected_lookup l = {name, NAN, 0};
    poshan_error err;
    cr_assert_eq(poshan_csv_read_file(file, expected_row, &l, &err), POSHAN_OK, "%s", err.message);
    cr_assert(l.found, "no expected value '%s': re-run %s", name, script);
    return l.value;
}

static inline double expected(const char *name) {
    return expected_in("tests/fixtures/impact-expected.csv", "scripts/impact-reference.R", name);
}

/* Agreement to 1e-6 relative (or absolute, near zero), as the issue asks. */
#define assert_agrees_with(want, actual, name)                                               \
    do {                                                                                     \
        double want_ = (want), got_ = (actual);                                              \
        cr_assert(fabs(got_ - want_) <= 1e-6 * fmax(1.0, fabs(want_)),                       \
                  "%s: poshan %.12g, R %.12g", name, got_, want_);                           \
    } while (0)
#define assert_agrees(actual, name) assert_agrees_with(expected(name), actual, name)

/* Bit for bit: memcmp, so that even the last binary digit counts. */
#define assert_same_bits(a, b, what) \
    cr_assert(memcmp(&(a), &(b), sizeof(a)) == 0, "%s differs between the two readings", what)

/* Two readings agree to the last bit; the lines of the examples only when
 * same_lines (a file in another row order has them on other lines). */
static inline void assert_same_results(const poshan_impact_result *one, const poshan_impact_result *many,
                                       int same_lines) {
    const poshan_did_result *a = &one->did, *b = &many->did;
    assert_same_bits(a->estimate, b->estimate, "estimate");
    assert_same_bits(a->std_error, b->std_error, "std_error");
    assert_same_bits(a->ci_low, b->ci_low, "ci_low");
    assert_same_bits(a->ci_high, b->ci_high, "ci_high");
    assert_same_bits(a->p_value, b->p_value, "p_value");
    assert_same_bits(a->coefs, b->coefs, "coefficients");
    assert_same_bits(a->n_obs, b->n_obs, "n_obs");
    assert_same_bits(a->n_clusters, b->n_clusters, "n_clusters");
    assert_same_bits(a->wild.p_value, b->wild.p_value, "wild bootstrap p_value");
    assert_same_bits(a->wild.ci_low, b->wild.ci_low, "wild bootstrap ci_low");
    assert_same_bits(a->wild.ci_high, b->wild.ci_high, "wild bootstrap ci_high");
    assert_same_bits(a->ri.p_value, b->ri.p_value, "randomization p_value");
    assert_same_bits(one->arm, many->arm, "counts, means and balance by arm");
    assert_same_bits(one->means, many->means, "means and their intervals");
    cr_assert_eq(one->records, many->records);
    cr_assert_eq(one->records_outside, many->records_outside);
    cr_assert_eq(one->children_moved, many->children_moved);
    cr_assert_eq(one->nmoved, many->nmoved);
    for (size_t i = 0; i < one->nmoved; i++) {
        cr_assert_str_eq(one->moved[i].child_id, many->moved[i].child_id);
        cr_assert_str_eq(one->moved[i].from_school, many->moved[i].from_school);
        cr_assert_str_eq(one->moved[i].to_school, many->moved[i].to_school);
        cr_assert_eq(one->moved[i].from_arm, many->moved[i].from_arm);
        cr_assert_eq(one->moved[i].to_arm, many->moved[i].to_arm);
    }
    cr_assert_eq(one->nexamples, many->nexamples);
    for (size_t i = 0; i < one->nexamples; i++) {
        cr_assert_str_eq(one->examples[i].child_id, many->examples[i].child_id);
        if (same_lines) cr_assert_eq(one->examples[i].line, many->examples[i].line);
        cr_assert_eq(one->examples[i].flag, many->examples[i].flag);
        assert_same_bits(one->examples[i].change, many->examples[i].change, "an example's change");
    }
}

/* The trial of tests/fixtures/impact-children.csv and its reorderings:
 * districts D01-D03 treated, D04-D08 the comparison, clustered by school
 * (as most of the R reference values are). */
static const char *const eight_treated[] = {"D01", "D02", "D03"};
static const char *const eight_control[] = {"D04", "D05", "D06", "D07", "D08"};

static inline poshan_impact_options eight_districts(void) {
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){eight_treated, 3, eight_control, 5, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    return o;
}

/* The estimate of file with options o, which must succeed (malloc'd, to free
 * with impact_free). */
static inline poshan_impact_result *impact_estimate_ok(const char *file, const poshan_impact_options *o) {
    poshan_impact_result *r = malloc(sizeof *r);
    poshan_error err;
    cr_assert_eq(poshan_impact_estimate(file, o, r, &err), POSHAN_OK, "%s", err.message);
    return r;
}

/* Frees a result of impact_estimate_ok. */
static inline void impact_free(poshan_impact_result *r) {
    poshan_impact_result_free(r);
    free(r);
}

#endif
