/* test_parse.c: numbers as options, query strings and CSV cells give them
 * (csvread.h): what is a number, what is a whole number in range. */
#include "helpers.h"

#include "csvread.h"

Test(parse, a_number_may_have_spaces_around_but_nothing_else) {
    double v;
    cr_assert_eq(poshan_parse_number(" 12.5 ", &v), 1);
    cr_assert_eq(v, 12.5);
    cr_assert_eq(poshan_parse_number("", &v), 0, "empty is no value, not a bad one");
    cr_assert_eq(poshan_parse_number("12 kg", &v), -1);
    cr_assert_eq(poshan_parse_number("inf", &v), -1);
}

Test(parse, a_whole_number_is_digits_within_its_range) {
    unsigned long long v = 7;
    cr_assert_eq(poshan_parse_whole("100", 1, 100, &v), 0);
    cr_assert_eq(v, 100);
    cr_assert_eq(poshan_parse_whole("0", 0, 5, &v), 0);
    cr_assert_eq(v, 0);
    const char *bad[] = {"101", "0", "-1", "+3", " 3", "3 ", "2.0", "ten", "", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 7;
        cr_assert_eq(poshan_parse_whole(bad[i], 1, 100, &v), -1, "'%s' was taken", bad[i]);
        cr_assert_eq(v, 7, "'%s' changed the value", bad[i]);
    }
    cr_assert_eq(poshan_parse_whole(NULL, 0, 1, &v), -1);
}
