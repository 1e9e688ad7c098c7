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

/* The estimate of file with options o, which must succeed (malloc'd, to free). */
static inline poshan_impact_result *impact_estimate_ok(const char *file, const poshan_impact_options *o) {
    poshan_impact_result *r = malloc(sizeof *r);
    poshan_error err;
    cr_assert_eq(poshan_impact_estimate(file, o, r, &err), POSHAN_OK, "%s", err.message);
    return r;
}

#endif
