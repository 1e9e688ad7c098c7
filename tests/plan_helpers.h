/* plan_helpers.h: what the intervention tests share: the shipped foods and
 * norms, loaded once per suite. Header-only, like helpers.h. */
#ifndef POSHAN_TEST_PLAN_HELPERS_H
#define POSHAN_TEST_PLAN_HELPERS_H

#include "helpers.h"

#include "foods.h"
#include "norms.h"

static inline void test_load_foods_and_norms(poshan_foods *foods, poshan_norms *norms) {
    poshan_error err;
    cr_assert_eq(poshan_foods_load_default(foods, "nutrients", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_norms_load(norms, "nutrients/norms.json", &err), POSHAN_OK, "%s", err.message);
}

#endif
