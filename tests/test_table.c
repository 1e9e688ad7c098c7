/* test_table.c: output formatting. The fast fixed-decimal formatter must write
 * exactly what printf writes (printf is the independent reference here). */
#include "helpers.h"

#include <math.h>

#include "table.h"

Test(format, fixed_decimals_match_printf_on_many_values) {
    /* a deterministic spread: uniform values, values at and near ties (x.xx5),
     * tiny and large magnitudes, negatives and -0 */
    unsigned long state = 12345;
    for (long i = 0; i < 300000; i++) {
        state = state * 6364136223846793005UL + 1442695040888963407UL;
        double u = (double)(state >> 11) / 9007199254740992.0;
        double v;
        switch (i % 5) {
        case 0: v = u * 2000 - 100; break;
        case 1: v = floor(u * 200000) / 100.0 + 0.005; break;
        case 2: v = floor(u * 2000000) / 1000.0; break;
        case 3: v = ldexp(u, (int)(i % 60) - 20); break;
        default: v = -u * 10; break;
        }
        int d = (int)(i % 4);
        char want[64], got[64];
        snprintf(want, sizeof want, "%.*f", d, v);
        size_t n = poshan_format_fixed(got, sizeof got, v, d);
        cr_assert_str_eq(got, want, "%.17g with %d decimals", v, d);
        cr_assert_eq(n, strlen(want));
    }
}

Test(format, fixed_decimals_edge_values) {
    char got[64];
    poshan_format_fixed(got, sizeof got, -0.0, 2);
    cr_assert_str_eq(got, "-0.00");
    poshan_format_fixed(got, sizeof got, 0.125, 2); /* an exact tie: printf rounds to even */
    cr_assert_str_eq(got, "0.12");
    char big[400], want[400]; /* 1e300 prints 301 digits: printf's own path */
    poshan_format_fixed(big, sizeof big, 1e300, 1);
    snprintf(want, sizeof want, "%.1f", 1e300);
    cr_assert_str_eq(big, want);
    poshan_format_fixed(got, sizeof got, NAN, 2);
    cr_assert_str_eq(got, "nan");
}

Test(format, csv_fields_are_quoted_only_when_needed) {
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    poshan_csv_write_field(f, "Monday");
    fputc('|', f);
    poshan_csv_write_field(f, "Rice, plain");
    fputc('|', f);
    poshan_csv_write_field(f, "say \"hi\"");
    fclose(f);
    cr_assert_str_eq(buf, "Monday|\"Rice, plain\"|\"say \"\"hi\"\"\"");
    free(buf);
}
