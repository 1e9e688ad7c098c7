/* growth_helpers.h: the WHO 2007 reference the growth tests share, loaded
 * from nutrients/who2007/ before each test of a suite and freed after it. */
#ifndef POSHAN_TEST_GROWTH_HELPERS_H
#define POSHAN_TEST_GROWTH_HELPERS_H

#include <criterion/criterion.h>

#include "growth.h"

static poshan_growth_reference ref;

static void load(void) {
    poshan_error err;
    cr_assert_eq(poshan_growth_load(&ref, "nutrients/who2007", &err), POSHAN_OK, "%s", err.message);
}
static void unload(void) { poshan_growth_free(&ref); }

#endif
