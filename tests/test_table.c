/* test_table.c: output formatting. The fast fixed-decimal formatter must write
 * exactly what printf writes (printf is the independent reference here). */
#include "helpers.h"

#include <math.h>

#include "table.h"
#include "text.h"

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

/* Columns by Unicode class, worked out by hand: a letter or a spacing vowel sign (ा U+093E,
 * Mc) takes one column, a mark above or below (ं U+0902, ु U+0941, ् U+094D, all Mn) none,
 * a CJK ideograph two. */
Test(format, text_width_counts_columns_not_characters) {
    cr_assert_eq(poshan_text_width("Monday"), 6);
    cr_assert_eq(poshan_text_width("मंगलवार"), 6);  /* म ं ग ल व ा र: 7 characters, ं takes none */
    cr_assert_eq(poshan_text_width("बुधवार"), 5);   /* ब ु ध व ा र: ु takes none */
    cr_assert_eq(poshan_text_width("क्या"), 3);     /* क ् य ा */
    cr_assert_eq(poshan_text_width("中"), 2);
    cr_assert_eq(poshan_text_width("\xff" "a"), 2); /* a byte that is not UTF-8 still takes a column */
}

Test(format, devanagari_day_names_keep_the_columns_aligned) {
    static const char *const headers[] = {"day", "energy_kcal", "note"};
    poshan_table *t = poshan_table_new(3, headers);
    static const char *const days[] = {"मंगलवार", "बुधवार", "Monday"};
    for (size_t i = 0; i < 3; i++) {
        poshan_table_row(t);
        poshan_table_cell(t, "%s", days[i]);
        poshan_table_cell(t, "%.1f", 450.0 + (double)i);
        poshan_table_cell(t, "x");
    }
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    poshan_table_print(t, out, POSHAN_FORMAT_TABLE);
    fclose(out);
    poshan_table_free(t);
    /* every line ends in the one-column note ("x", "note" is wider: the header line is
     * "day" padded to 6, two spaces, "energy_kcal", two spaces, "note" = 6+2+11+2+4 = 25);
     * each data row: the day padded to 6 columns, 2, the number right-aligned in 11, 2, "x" = 22 */
    char *save = NULL;
    size_t line_no = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), line_no++) {
        if (line_no == 1) continue;   /* the rule under the header */
        cr_assert_eq(poshan_text_width(line), line_no == 0 ? 25u : 22u, "line %zu: '%s'", line_no, line);
    }
    cr_assert_eq(line_no, 5);
    free(text);
}
