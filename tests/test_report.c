/* test_report.c: the HTML report. Its charts are read back from the SVG (the
 * data-value of each bar) and held against hand-worked values and against the
 * command line's JSON for the same menu: the numbers must be the same. */
#include "helpers.h"

#include <time.h>

#include "report.h"
#include "svg.h"
#include "svg_layout.h"

/* Finds the bar of that chart (by its title) and label; returns its data-value. */
static int bar_value(const char *html, const char *chart_title, const char *label, double *value,
                     int *below) {
    const char *chart = strstr(html, chart_title);
    if (chart == NULL) return 0;
    const char *end = strstr(chart, "</svg>");
    char want[128];
    snprintf(want, sizeof want, "data-label=\"%s\" data-value=\"", label);
    const char *at = strstr(chart, want);
    if (at == NULL || at > end) return 0;
    const char *rect = at;
    while (rect > chart && strncmp(rect, "<rect", 5) != 0) rect--;
    *below = strstr(rect, "class=\"bar below\"") != NULL && strstr(rect, "class=\"bar below\"") < at;
    return sscanf(at + strlen(want), "%lf", value) == 1;
}

static char *report_of(const char *args) {
    char path[] = "/tmp/poshan-test-report-XXXXXX";
    close(mkstemp(path));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "report %s --out %s", args, path);
    cr_assert_eq(test_run_poshan(cmd, NULL, NULL), 0, "%s", cmd);
    char *html;
    size_t size;
    poshan_error err;
    cr_assert_eq(poshan_read_file(path, &html, &size, &err), POSHAN_OK);
    unlink(path);
    return html;
}

Test(report, menu_bars_carry_the_hand_worked_values) {
    char *html = report_of("--menu menus/norm-basket.json");
    double v;
    int below;
    /* primary energy: 1854.4 kJ / 4.184 + 45 kcal of oil = 488.21224 kcal, above 450 */
    cr_assert(bar_value(html, "Energy per child, Primary", "Norm day", &v, &below));
    cr_assert_float_eq(v, 1854.4 / 4.184 + 45, 1e-3);
    cr_assert_not(below);
    /* upper primary protein: 1.5 * 12.945 = 19.4175 g, below the 20 g norm */
    cr_assert(bar_value(html, "Protein per child, Upper primary", "Norm day", &v, &below));
    cr_assert_float_eq(v, 19.4175, 1e-4);
    cr_assert(below, "a day below the norm is drawn as below");
    /* the norm lines are drawn at the norms */
    cr_assert(strstr(html, "class=\"norm\" data-value=\"450\""));
    cr_assert(strstr(html, "class=\"norm\" data-value=\"20\""));
    free(html);
}

Test(report, chart_numbers_equal_the_command_line_json) {
    char *html = report_of("--menu menus/chhattisgarh-weekly.json");
    char *json_text;
    cr_assert_eq(test_run_poshan("menu evaluate menus/chhattisgarh-weekly.json --format json", &json_text, NULL), 0);
    cJSON *root = cJSON_Parse(json_text);
    static const char *const levels[] = {"primary", "upper_primary"};
    static const char *const titles[] = {"Primary", "Upper primary"};
    int checked = 0;
    for (int L = 0; L < 2; L++) {
        cJSON *days = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "levels"), levels[L]), "days");
        cJSON *day;
        cJSON_ArrayForEach(day, days) {
            const char *name = cJSON_GetObjectItem(day, "day")->valuestring;
            char title[64];
            double v;
            int below;
            snprintf(title, sizeof title, "Energy per child, %s", titles[L]);
            cr_assert(bar_value(html, title, name, &v, &below), "%s %s", title, name);
            cr_assert_float_eq(v, cJSON_GetObjectItem(day, "energy_kcal")->valuedouble, 1e-3);
            snprintf(title, sizeof title, "Protein per child, %s", titles[L]);
            cr_assert(bar_value(html, title, name, &v, &below));
            cr_assert_float_eq(v, cJSON_GetObjectItem(day, "protein_g")->valuedouble, 1e-4);
            cr_assert_eq(below, cJSON_IsFalse(cJSON_GetObjectItem(day, "meets_protein_norm")), "%s", name);
            checked += 2;
        }
    }
    cr_assert_eq(checked, 24, "6 days x 2 nutrients x 2 levels");
    cJSON_Delete(root);
    free(json_text);
    free(html);
}

Test(report, opens_offline_without_script) {
    char *html = report_of("--menu menus/norm-basket.json --title \"Durg <district> & co\"");
    cr_assert_null(strstr(html, "<script"), "no script needed to read it");
    cr_assert_null(strstr(html, "src="), "nothing loaded from elsewhere");
    cr_assert_null(strstr(html, "<link"), "no external stylesheet");
    cr_assert(strstr(html, "@page{size:A4"), "printable on A4");
    cr_assert(strstr(html, "td.code{white-space:nowrap}"), "a sample code or UDISE code is never broken across lines");
    cr_assert(strstr(html, "Durg &lt;district&gt; &amp; co"), "text is escaped");
    free(html);
}

Test(report, bad_menu_writes_nothing) {
    char path[] = "/tmp/poshan-test-report-XXXXXX";
    close(mkstemp(path));
    unlink(path);
    char cmd[256], *err = NULL;
    snprintf(cmd, sizeof cmd, "report --menu tests/fixtures/menus-batch.csv --out %s", path);
    cr_assert_eq(test_run_poshan(cmd, NULL, &err), 1);
    cr_assert(strstr(err, "malformed JSON"), "%s", err);
    cr_assert_neq(access(path, F_OK), 0, "no report file is left behind");
    free(err);
}

Test(svg, histogram_counts_values_per_bin) {
    /* 430, 445 in [420,440) and [440,460); 455 in [440,460); 512 in [500,520) */
    const double v[] = {430, 445, 455, 512};
    poshan_buf b = {0};
    poshan_svg_histogram(&b, "Energy", "kcal", v, 4, 20, 450);
    cr_assert(strstr(b.data, "data-label=\"420-440\" data-value=\"1\""), "%s", b.data);
    cr_assert(strstr(b.data, "data-label=\"440-460\" data-value=\"2\""));
    cr_assert(strstr(b.data, "data-label=\"500-520\" data-value=\"1\""));
    cr_assert(strstr(b.data, "data-label=\"460-480\" data-value=\"0\""));
    poshan_buf_free(&b);
}

Test(svg, interval_chart_carries_estimate_and_bounds) {
    const poshan_interval items[] = {{"clustered", 0.42, 0.1, 0.74}, {"wild bootstrap", 0.42, -0.05, 0.9}};
    poshan_buf b = {0};
    poshan_svg_interval_chart(&b, "Effect on weight", "kg", items, 2, 0);
    cr_assert(strstr(b.data, "data-label=\"clustered\" data-value=\"0.42\" data-low=\"0.1\" data-high=\"0.74\""));
    cr_assert(strstr(b.data, "data-label=\"wild bootstrap\" data-value=\"0.42\" data-low=\"-0.05\" data-high=\"0.9\""));
    poshan_buf_free(&b);
}

Test(report, lab_section_shares_and_flags) {
    /* primary samples: Durg 430 kcal / 11 g (below both), Durg 500 / 13, Korba 520 / 14 (E. coli);
     * upper primary: Korba 690 kcal / 21 g (below energy only).
     * Durg primary: 1 of 2 below energy = 50 %; Korba primary: 0 of 1 = 0 %.
     * By kitchen, primary: school 1 of 2 below = 50 %, centralized 0 of 1. */
    poshan_norms norms;
    poshan_error err;
    cr_assert_eq(poshan_norms_load(&norms, "nutrients/norms.json", &err), POSHAN_OK);
    const poshan_report_sample s[] = {
        {"S1", "Lab A", "22010100101", "GPS Durg", "Durg", "Durg", "school", "primary", 430, 11, 0},
        {"S2", "Lab A", "22010100102", "GPS Bhilai", "Durg", "Bhilai", "centralized", "primary", 500, 13, 0},
        {"S3", "Lab A", "22020100101", "GPS Korba", "Korba", "Katghora", "school", "primary", 520, 14, 1},
        {"S4", "Lab A", "22020100102", "GMS Korba", "Korba", "Katghora", "school", "upper_primary", 690, 21, 0},
    };
    poshan_buf b = {0};
    poshan_report_lab(&b, s, 4, &norms, NULL);
    double v;
    int below;
    cr_assert(bar_value(b.data, "Primary (classes I-V): share of samples below the energy norm, by district", "Durg", &v, &below));
    cr_assert_float_eq(v, 50, 1e-9);
    cr_assert(bar_value(b.data, "Primary (classes I-V): share of samples below the energy norm, by district", "Korba", &v, &below));
    cr_assert_float_eq(v, 0, 1e-9);
    cr_assert(bar_value(b.data, "Primary (classes I-V): share of samples below the protein norm, by kitchen", "school", &v, &below));
    cr_assert_float_eq(v, 50, 1e-9);
    cr_assert(bar_value(b.data, "Upper primary (classes VI-VIII): share of samples below the energy norm, by district", "Korba", &v, &below));
    cr_assert_float_eq(v, 100, 1e-9);
    /* flagged: S1 (both short: 20 kcal, 1 g), S3 (contamination), S4 (10 kcal short) */
    cr_assert(strstr(b.data, "<td class=\"below\">energy 20.0 kcal short; protein 1.0 g short</td>"));
    cr_assert(strstr(b.data, "<td class=\"below\">microbial contamination</td>"));
    cr_assert(strstr(b.data, "<td class=\"below\">energy 10.0 kcal short</td>"), "no ';' after the last finding");
    cr_assert(strstr(b.data, "3 of 4 samples flagged."));
    cr_assert_null(strstr(b.data, "GPS Bhilai"), "a sample meeting both norms is not flagged");
    /* every share has its count beside it: Durg primary energy 1 of 2, the centralized kitchen 0 of 1 */
    cr_assert(strstr(b.data, ">1 of 2 (50.0 %)</text>"), "%s", b.data);
    cr_assert(strstr(b.data, ">0 of 1 (0.0 %)</text>"), "%s", b.data);
    cr_assert(strstr(b.data, ">1 of 1 (100.0 %)</text>"), "Korba upper primary: 100 %% of one sample, with its n");
    /* flagged schools by UDISE, district and block */
    cr_assert(strstr(b.data, "<td class=\"code\">22010100101</td><td>GPS Durg</td><td>Durg</td><td>Durg</td>"), "%s", b.data);
    cr_assert(strstr(b.data, "<td class=\"code\">22020100101</td><td>GPS Korba</td><td>Korba</td><td>Katghora</td>"), "%s", b.data);
    /* sample codes and UDISE codes are cells the style never breaks (td.code: white-space nowrap);
     * levels are named in words */
    cr_assert(strstr(b.data, "<tr><td class=\"code\">S4</td><td class=\"code\">22020100102</td><td>upper primary</td>"),
              "%s", b.data);
    cr_assert(strstr(b.data, "3 of 4 schools sampled have a flagged sample."), "%s", b.data);
    poshan_buf_free(&b);
}

Test(report, plans_side_by_side) {
    const poshan_report_plan p[] = {{"Soy milk", 200.5, 117.4, 4.53, 44.2, 1646.62, 1},
                                    {"Egg", 385, 67.4, 6.64, 58.0, 104.9, 1}};
    poshan_buf b = {0};
    poshan_report_plans(&b, p, 2);
    double v;
    int below;
    cr_assert(bar_value(b.data, "Protein added per child on a serving day", "Egg", &v, &below));
    cr_assert_float_eq(v, 6.64, 1e-9);
    cr_assert(bar_value(b.data, "Rupees per gram of protein added", "Soy milk", &v, &below));
    cr_assert_float_eq(v, 44.2, 1e-9);
    cr_assert(bar_value(b.data, "Cost per child covered per year", "Egg", &v, &below));
    cr_assert_float_eq(v, 385, 1e-9);
    poshan_buf_free(&b);
}

Test(report, impact_shows_both_intervals_and_warns_when_units_are_few) {
    poshan_report_impact m = {.title = "Soy milk: weight", .unit = "kg", .treated = "Durg, Korba",
                              .control = "Raipur, Bastar", .unit_level = "district", .cluster_level = "district",
                              .clusters = 8, .assignments = 70, .assignments_exact = 1,
                              .mean = {{20.1, 21.0}, {19.8, 21.3}},
                              .mean_low = {{19.9, 20.8}, {19.5, 21.0}},
                              .mean_high = {{20.3, 21.2}, {20.1, 21.6}},
                              .estimate = 0.6, .cluster_low = 0.2, .cluster_high = 1.0, .cluster_p = 0.01,
                              .wild_low = -0.1, .wild_high = 1.3, .wild_p = 0.09,
                              .randomization_p = 0.12, .treated_units = 4, .control_units = 4};
    poshan_buf b = {0};
    poshan_report_impact_section(&b, &m);
    cr_assert(strstr(b.data, "data-label=\"clustered (CR1)\" data-value=\"0.6\" data-low=\"0.2\" data-high=\"1\""));
    cr_assert(strstr(b.data, "data-label=\"wild bootstrap\" data-value=\"0.6\" data-low=\"-0.1\" data-high=\"1.3\""));
    cr_assert(strstr(b.data, "data-label=\"treated, endline\" data-value=\"21.3\""));
    cr_assert(strstr(b.data, "Only 4 treated and 4 comparison districts"));
    poshan_buf_free(&b);
}

Test(report, plan_section_from_the_intervention_files) {
    /* Egg: Rs 5.5 an egg x 70 days = Rs 385 per child a year (no attendance factor);
     * protein 50 g of boiled egg (M004, 13.43 g/100 g) = 6.715 g a serving.
     * Soy milk, primary, 100 ml: 0.1 L x 70 days x Rs 56 (50 + 12 % GST) x 0.85 attending
     * = Rs 333.20 per enrolled child a year; protein 3.02 g (the label, per 100 ml).
     * Upper primary at the 150 ml the table implies: 3.02 x 1.5 = 4.53 g. */
    char *html = report_of("--plan menus/interventions/egg.json --plan menus/interventions/soy-milk.json");
    double v;
    int below;
    cr_assert(bar_value(html, "Cost per child covered per year", "Egg, two days a week, primary", &v, &below));
    cr_assert_float_eq(v, 385, 1e-6);
    cr_assert(bar_value(html, "Protein added per child on a serving day", "Egg, two days a week, primary", &v, &below));
    cr_assert_float_eq(v, 6.715, 1e-6);
    cr_assert(bar_value(html, "Cost per child covered per year", "Soy milk, two days a week, primary", &v, &below));
    cr_assert_float_eq(v, 333.2, 1e-6);
    cr_assert(bar_value(html, "Protein added per child on a serving day",
                        "Soy milk, two days a week, upper_primary (as the table implies)", &v, &below));
    cr_assert_float_eq(v, 4.53, 1e-6);
    free(html);
}

Test(report, lab_section_from_the_store_agrees_with_lab_flags) {
    /* tests/fixtures/lab/project-egg.csv: primary 440 kcal/10 g (Jashpur) and 400/9 (Durg),
     * upper primary 690/19 (Bijapur): every sample is below both norms of its level.
     * Primary energy bins of 50 kcal: 400-450 holds both primary samples. */
    char db[] = "/tmp/poshan-test-reportdb-XXXXXX";
    close(mkstemp(db));
    unlink(db);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "lab ingest tests/fixtures/lab/project-egg.csv --db %s --by test", db);
    cr_assert_eq(test_run_poshan(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "--db %s", db);
    char *html = report_of(cmd);
    double v;
    int below;
    cr_assert(bar_value(html, "Primary (classes I-V): share of samples below the energy norm, by district", "Durg", &v, &below));
    cr_assert_float_eq(v, 100, 1e-9);
    cr_assert(strstr(html, "data-label=\"400-450\" data-value=\"2\""), "both primary samples in one bin");
    cr_assert(strstr(html, "3 of 3 samples flagged."));
    /* the command line flags the same three samples */
    char *json;
    snprintf(cmd, sizeof cmd, "lab flags --db %s --format json", db);
    cr_assert_eq(test_run_poshan(cmd, &json, NULL), 0);
    cJSON *flags = cJSON_Parse(json);
    cJSON *list = cJSON_GetObjectItem(flags, "samples");
    cr_assert_eq(cJSON_GetArraySize(list), 3, "%s", json);
    cJSON_Delete(flags);
    free(json);
    free(html);
    unlink(db);
}

/* The estimate and interval the chart draws for label. */
static void interval_of(const char *html, const char *label, double *v, double *lo, double *hi) {
    char want[128];
    snprintf(want, sizeof want, "data-label=\"%s\" data-value=\"", label);
    const char *at = strstr(html, want);
    cr_assert_not_null(at, "%s", label);
    cr_assert_eq(sscanf(at + strlen(want), "%lf\" data-low=\"%lf\" data-high=\"%lf\"", v, lo, hi), 3);
}

Test(report, impact_section_equals_the_impact_command) {
    /* clustered by school, as scripts/impact-means-reference.R's interval below */
    const char *trial = "tests/fixtures/impact-children.csv --treated D01,D02,D03 --control D04,D05,D06,D07,D08 "
                        "--cluster school";
    char args[512], *json;
    snprintf(args, sizeof args, "--impact %s", trial);
    char *html = report_of(args);
    snprintf(args, sizeof args, "impact estimate %s --outcome weight_kg --format json", trial);
    cr_assert_eq(test_run_poshan(args, &json, NULL), 0);
    cJSON *j = cJSON_Parse(json);
    double v, lo, hi;
    interval_of(html, "clustered (CR1)", &v, &lo, &hi);
    cr_assert_float_eq(v, cJSON_GetObjectItem(j, "estimate")->valuedouble, 1e-5);
    cr_assert_float_eq(lo, cJSON_GetObjectItem(j, "ci_low")->valuedouble, 1e-5);
    cr_assert_float_eq(hi, cJSON_GetObjectItem(j, "ci_high")->valuedouble, 1e-5);
    cJSON *wild = cJSON_GetObjectItem(j, "wild_bootstrap");
    interval_of(html, "wild bootstrap", &v, &lo, &hi);
    cr_assert_float_eq(lo, cJSON_GetObjectItem(wild, "ci_low")->valuedouble, 1e-5);
    cr_assert_float_eq(hi, cJSON_GetObjectItem(wild, "ci_high")->valuedouble, 1e-5);
    /* treated endline mean and its interval (estimatr gives 32.7497175141 [32.1119288801, 33.3875061481]) */
    interval_of(html, "treated, endline", &v, &lo, &hi);
    cr_assert_float_eq(v, 32.7497175141, 1e-4);
    cr_assert_float_eq(lo, 32.1119288801, 1e-4);
    cr_assert_float_eq(hi, 33.3875061481, 1e-4);
    cr_assert(strstr(html, "Only 3 treated and 5 comparison districts"));
    cr_assert(strstr(html, "<td>D01, D02, D03</td>") && strstr(html, "<td>D04, D05, D06, D07, D08</td>"), "the areas");
    cr_assert(strstr(html, "<th>standard errors clustered by</th><td>school ("), "the clustering level");
    cr_assert(strstr(html, "finer than the level treatment was assigned at"), "and what it means");
    /* C(8,3) = 56 ways to choose 3 treated districts of 8: p cannot go below 1/56 = 0.0179 */
    cr_assert(strstr(html, "only 56 ways to choose the treated ones"), "the reading in words");
    cJSON_Delete(j);
    free(json);
    free(html);
}

/* ---- what a person sees on paper ------------------------------------------------- */

/* The checker must be able to fail: two labels drawn on one spot, one label run off
 * the chart's right edge, and, as a control, two labels side by side. */
Test(svg_layout, finds_labels_drawn_over_each_other_and_off_the_chart) {
    char why[256];
    const char *overlapping =
        "<svg viewBox=\"0 0 640 220\"><text x=\"200\" y=\"50\" font-size=\"10\" text-anchor=\"middle\">"
        "Soy milk, two days a week, primary</text><text x=\"250\" y=\"52\" font-size=\"10\" "
        "text-anchor=\"middle\">Egg, two days a week</text></svg>";
    cr_assert(svg_layout_problem(overlapping, why, sizeof why));
    cr_assert(strstr(why, "overlap"), "%s", why);
    const char *off = "<svg viewBox=\"0 0 640 220\"><text x=\"600\" y=\"50\" font-size=\"10\">norm 700 kcal</text></svg>";
    cr_assert(svg_layout_problem(off, why, sizeof why));
    cr_assert(strstr(why, "leaves its chart"), "%s", why);
    /* 'Monday' at 100 and 'Tuesday' at 200, 10 units high: about 37 and 43 units wide, apart */
    const char *apart = "<svg viewBox=\"0 0 640 220\"><text x=\"100\" y=\"50\" font-size=\"10\" "
                        "text-anchor=\"middle\">Monday</text><text x=\"200\" y=\"50\" font-size=\"10\" "
                        "text-anchor=\"middle\">Tuesday</text></svg>";
    cr_assert_not(svg_layout_problem(apart, why, sizeof why), "%s", why);
}

/* Nine long labels do not fit under nine bars of a 640-wide chart: the chart turns
 * horizontal and wraps them, and nothing overlaps. */
Test(svg_layout, long_labels_turn_the_bars_horizontal_without_overlap) {
    const poshan_bar bars[] = {
        {"Soy milk, two days a week, primary", 333.2, NULL},
        {"Soy milk, two days a week, upper_primary", 666.4, NULL},
        {"Soy milk, two days a week, upper_primary (as the table implies)", 499.8, NULL},
        {"Egg, two days a week, primary", 385, NULL}, {"Egg, two days a week, upper_primary", 385, NULL},
        {"Breakfast on arrival (chikki), primary", 607.5, NULL},
        {"Breakfast on arrival (chikki), upper_primary", 607.5, NULL},
        {"Kitchen gardens in schools, all children", 82.93, NULL},
        {"An intervention whose name is far too long to sit on one line or even on three lines of the "
         "label column of a chart", 10, NULL}};
    poshan_bar_chart c = {.title = "Cost per child", .unit = "Rs", .bars = bars, .nbars = 9, .decimals = 2};
    poshan_buf b = {0};
    poshan_svg_bar_chart(&b, &c);
    char why[256] = "";
    cr_assert_not(svg_layout_problem(b.data, why, sizeof why), "%s", why);
    /* horizontal: the label is right-aligned in a column left of its bar */
    cr_assert(strstr(b.data, "text-anchor=\"end\" class=\"tick\">Egg, two days a week, primary</text>"), "%s", b.data);
    cr_assert(strstr(b.data, "\u2026</text>"), "a label too long for three lines is shortened");
    cr_assert(strstr(b.data, "data-label=\"Egg, two days a week, primary\" data-value=\"385\""));
    poshan_buf_free(&b);
}

/* Printed equals judged: 19.96 g under a 20 g norm is drawn red; at one decimal it would
 * read "20.0" with a shortfall of "0.0". It is printed 19.96, short by 0.04. */
Test(svg, a_bar_just_below_the_norm_prints_the_digits_that_show_it) {
    const poshan_bar bars[] = {{"Monday", 19.96, NULL}, {"Tuesday", 20.0, NULL}, {"Wednesday", 19.6, NULL}};
    poshan_bar_chart c = {.title = "Protein", .unit = "g", .bars = bars, .nbars = 3, .norm = 20,
                          .norm_label = "norm 20 g", .mark_below_norm = 1, .decimals = 1};
    poshan_buf b = {0};
    poshan_svg_bar_chart(&b, &c);
    cr_assert(strstr(b.data, "class=\"value\">19.96</text>"), "%s", b.data);
    cr_assert(strstr(b.data, ">\u22120.04</text>"), "%s", b.data);
    cr_assert(strstr(b.data, "class=\"value\">20.0</text>"), "a met norm keeps one decimal");
    cr_assert(strstr(b.data, ">\u22120.4</text>"), "19.6 is short by 0.4 at one decimal");
    cr_assert_null(strstr(b.data, "\u22120.0<"), "no red bar labelled -0.0");
    poshan_buf_free(&b);
}

/* The judged digits as numbers: 449.96 kcal is below 450 and must not read 450.0. */
Test(svg, judged_decimals_keep_each_value_on_its_side_of_the_norm) {
    cr_assert_eq(poshan_svg_judged_decimals(449.96, 450, 1, 1), 2);   /* 450.0 -> 449.96 */
    cr_assert_eq(poshan_svg_judged_decimals(449.4, 450, 1, 1), 1);    /* 449.4 already below */
    cr_assert_eq(poshan_svg_judged_decimals(450.0, 450, 0, 1), 1);    /* met: 450.0 */
    cr_assert_eq(poshan_svg_nonzero_decimals(0.004, 1), 3);           /* 0.0, 0.00, 0.004 */
}

static char *full_report(char **db_out) {
    char *db = NULL;
    cr_assert(asprintf(&db, "/tmp/poshan-test-fullreport-%d.db", getpid()) > 0);
    unlink(db);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "lab ingest tests/fixtures/lab/2018-19.csv --db %s --by clerk", db);
    cr_assert_eq(test_run_poshan(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "--db %s --menu menus/chhattisgarh-weekly.json --menu menus/norm-basket.json "
             "--plan menus/interventions/egg.json --plan menus/interventions/soy-milk.json "
             "--plan menus/interventions/breakfast.json --plan menus/interventions/kitchen-garden.json "
             "--impact tests/fixtures/impact-children.csv --treated D01,D02,D03 --control D04,D05,D06,D07,D08", db);
    *db_out = db;
    return report_of(cmd);
}

/* Every chart of a whole report (lab, menus, four plans, impact): no two texts overlap
 * and none leaves its chart. Charts scale as a whole to the A4 column, so this holds on paper. */
Test(report, no_chart_label_overlaps_another_at_a4) {
    char *db, *html = full_report(&db), why[256] = "";
    cr_assert_not(svg_layout_problem(html, why, sizeof why), "%s", why);
    size_t charts = 0;
    for (const char *p = strstr(html, "<svg"); p; p = strstr(p + 1, "<svg")) charts++;
    cr_assert_geq(charts, 20, "the whole report was checked (%zu charts)", charts);
    unlink(db);
    free(db);
    free(html);
}

/* SHA-256 of a file by the system's sha256sum: an independent tool. */
static void sha256_of(const char *path, char hex[65]) {
    char cmd[512];
    snprintf(cmd, sizeof cmd, "sha256sum %s", path);
    FILE *p = popen(cmd, "r");
    cr_assert(p && fscanf(p, "%64s", hex) == 1);
    pclose(p);
}

/* The title page: when it was made, by which poshan, the period the samples cover
 * (2018-19.csv: sampled from 2018-07-01 on), every file with its SHA-256. */
Test(report, title_page_names_date_period_sources_and_version) {
    char *db, *html = full_report(&db);
    cr_assert(strstr(html, "<td id=\"version\">poshan "), "%s", html);
    const char *made = strstr(html, "<td id=\"made-at\">");
    cr_assert_not_null(made);
    int year, month, day, hour, minute;
    cr_assert_eq(sscanf(made + strlen("<td id=\"made-at\">"), "%d-%d-%d %d:%d UTC", &year, &month, &day, &hour,
                        &minute), 5, "%.60s", made);
    struct tm tm = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = hour, .tm_min = minute};
    double age = difftime(time(NULL), timegm(&tm));
    cr_assert(age >= 0 && age < 3600, "made %.0f s ago: the date of making, in UTC", age);
    cr_assert(strstr(html, "Lab results: 158 samples taken from 2018-07-01 to "), "94 + 64 samples");
    cr_assert(strstr(html, "Impact data: two survey rounds"), "%s", html);
    const char *files[] = {"menus/chhattisgarh-weekly.json", "menus/interventions/egg.json",
                           "tests/fixtures/impact-children.csv", db};
    for (size_t i = 0; i < 4; i++) {
        char hex[65], want[1200];
        sha256_of(files[i], hex);
        const char *row = strstr(html, files[i]);
        cr_assert_not_null(row, "%s is listed", files[i]);
        snprintf(want, sizeof want, "<div class=\"hash\">%s</div>", hex);
        cr_assert(strstr(row, want), "%s: SHA-256 %s", files[i], hex);
    }
    /* the ingested lab file, with the SHA-256 the ingest recorded */
    char hex[65];
    sha256_of("tests/fixtures/lab/2018-19.csv", hex);
    cr_assert(strstr(html, hex), "the ingested file's SHA-256");
    unlink(db);
    free(db);
    free(html);
}

/* The lab summary as AWP&B 2019-20 section 2.13.3 reports it (the fixture reproduces it):
 * upper primary 94 samples, 78 at or above 700 kcal, mean protein 23.30 g, 55 at or above 20 g;
 * primary 64, mean 540.95 kcal without the papad school (its one outlier), 58 and 42 at or above. */
Test(report, lab_summary_table_gives_the_states_figures) {
    char *db, *html = full_report(&db);
    const char *table = strstr(html, "id=\"lab-summary\"");
    cr_assert_not_null(table);
    cr_assert(strstr(table, "<td class=\"n\">64</td><td class=\"n\">94</td>"), "samples");
    cr_assert(strstr(table, "<td class=\"n\">58 of 64 (90.6 %)</td><td class=\"n\">78 of 94 (83.0 %)</td>"), "energy");
    cr_assert(strstr(table, "<td class=\"n\">42 of 64 (65.6 %)</td><td class=\"n\">55 of 94 (58.5 %)</td>"), "protein");
    cr_assert(strstr(table, "<td class=\"n\">540.95</td>"), "primary mean without its outlier");
    cr_assert(strstr(table, "<td class=\"n\">23.30</td>"), "upper primary mean protein");
    unlink(db);
    free(db);
    free(html);
}

/* Without --cluster the report clusters by the level treatment was assigned at
 * (--unit, district here), and says so: the same estimate as `impact estimate --cluster district`. */
Test(report, impact_clusters_by_the_assignment_level_unless_told) {
    const char *trial = "tests/fixtures/impact-children.csv --treated D01,D02,D03 --control D04,D05,D06,D07,D08";
    char args[512], *json;
    snprintf(args, sizeof args, "--impact %s", trial);
    char *html = report_of(args);
    cr_assert(strstr(html, "<th>standard errors clustered by</th><td>district (8 clusters)</td>"), "%s", html);
    snprintf(args, sizeof args, "impact estimate %s --outcome weight_kg --cluster district --format json", trial);
    cr_assert_eq(test_run_poshan(args, &json, NULL), 0);
    cJSON *j = cJSON_Parse(json);
    double v, lo, hi;
    interval_of(html, "clustered (CR1)", &v, &lo, &hi);
    cr_assert_float_eq(lo, cJSON_GetObjectItem(j, "ci_low")->valuedouble, 1e-5);
    cr_assert_float_eq(hi, cJSON_GetObjectItem(j, "ci_high")->valuedouble, 1e-5);
    cJSON_Delete(j);
    free(json);
    free(html);
}

/* A p-value too small for four decimals is "< 0.0001", never 0.0000. */
Test(report, impact_p_values_are_never_printed_as_zero) {
    poshan_report_impact m = {.title = "weight", .unit = "kg", .treated = "A", .control = "B",
                              .unit_level = "block", .cluster_level = "block", .clusters = 40,
                              .mean = {{20, 21}, {20, 22}}, .mean_low = {{19, 20}, {19, 21}},
                              .mean_high = {{21, 22}, {21, 23}}, .estimate = 1, .cluster_low = 0.8,
                              .cluster_high = 1.2, .cluster_p = 0.000001, .wild_low = 0.7, .wild_high = 1.3,
                              .wild_p = 0.00002, .randomization_p = 0.0001, .treated_units = 20,
                              .control_units = 20};
    poshan_buf b = {0};
    poshan_report_impact_section(&b, &m);
    cr_assert_null(strstr(b.data, "0.0000<"), "%s", b.data);
    cr_assert(strstr(b.data, "<td class=\"n\">&lt; 0.0001</td>"), "%s", b.data);
    cr_assert(strstr(b.data, "A difference this large would seldom arise by chance"), "%s", b.data);
    poshan_buf_free(&b);
}

/* The plans' table gives each level its own cost: egg primary 18,720 x Rs 385 = 72.07 lakh,
 * upper primary 8,528 x 385 = 32.83 lakh (together the plan's 104.90, which no row repeats). */
Test(report, plan_rows_carry_each_levels_own_cost) {
    char *html = report_of("--plan menus/interventions/egg.json");
    cr_assert(strstr(html, "<td class=\"n\">72.07</td></tr>"), "%s", html);
    cr_assert(strstr(html, "<td class=\"n\">32.83</td></tr>"), "%s", html);
    cr_assert_null(strstr(html, "104.90"), "the total is not repeated on the level rows");
    free(html);
}

/* Prints a PDF with `poshan report ARGS --pdf FILE`, then runs the command
 * READ on it (%1$s: the file) and returns what READ wrote (malloc'd); the PDF
 * is checked to begin as one, and removed. */
static char *print_and_read(const char *args, const char *read) {
    char pdf[] = "/tmp/poshan-test-report-XXXXXX.pdf";
    close(mkstemps(pdf, 4));
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "report %s --pdf %s", args, pdf);
    cr_assert_eq(test_run_poshan(cmd, NULL, NULL), 0);
    FILE *f = fopen(pdf, "rb");
    char head[5] = "";
    cr_assert(f && fread(head, 1, 4, f) == 4);
    fclose(f);
    cr_assert_str_eq(head, "%PDF");
    snprintf(cmd, sizeof cmd, read, pdf);
    FILE *p = popen(cmd, "r");
    char *out = calloc(1, 1 << 16);
    cr_assert(p && out);
    size_t n = fread(out, 1, (1 << 16) - 1, p);
    pclose(p);
    out[n] = '\0';
    unlink(pdf);
    return out;
}

/* --pdf prints the same report to an A4 PDF with WeasyPrint (no browser); the PDF's
 * text, read back by poppler's pdftotext, holds the report's charts and title page. */
Test(report, pdf_is_an_a4_pdf_of_the_same_report) {
    char *out = print_and_read("--menu menus/norm-basket.json", "pdfinfo %1$s | grep 'Page size'; pdftotext %1$s -");
    cr_assert(strstr(out, "(A4)"), "%s", out);
    cr_assert(strstr(out, "Mid-Day Meal nutrition report"), "%s", out);
    cr_assert(strstr(out, "Energy per child, Primary"), "%s", out);
    free(out);
}

/* Devanagari in the printed report is text, not empty boxes: the PDF carries a
 * Devanagari font (scripts/install-deps.sh installs one), so pdftotext reads
 * the Hindi title back. Without the font the title came out blank. */
Test(report, pdf_keeps_devanagari_text) {
    char *out = print_and_read("--menu menus/norm-basket.json --title 'मध्याह्न भोजन'", "pdftotext %1$s -");
    cr_assert(strstr(out, "मध्याह्न भोजन"), "the Hindi title is lost: %s", out);
    free(out);
}

/* Bold Hindi prints bold: the headings of a Hindi report use a Devanagari face
 * that is bold (Annapurna SIL's; Lohit has none, and WeasyPrint then set the
 * Devanagari of a bold heading in the regular face). pdffonts lists the faces
 * the PDF embeds. */
Test(report, a_hindi_pdf_sets_bold_devanagari_in_a_bold_face) {
    char *out = print_and_read("--menu menus/norm-basket.json --lang hi", "pdffonts %1$s");
    cr_assert(strstr(out, "Annapurna-SIL-Bold"), "no bold Devanagari face: %s", out);
    cr_assert(strstr(out, "Lohit-Devanagari "), "no regular Devanagari face: %s", out);
    free(out);
}

/* Without WeasyPrint the command says what to install, and leaves no PDF behind. */
Test(report, pdf_without_weasyprint_says_what_to_install) {
    char pdf[] = "/tmp/poshan-test-report-XXXXXX.pdf";
    close(mkstemps(pdf, 4));
    unlink(pdf);
    setenv("PATH", "/nonexistent", 1);   /* this test's own process: no weasyprint to be found */
    char cmd[512], *err = NULL;
    snprintf(cmd, sizeof cmd, "report --menu menus/norm-basket.json --pdf %s", pdf);
    cr_assert_eq(test_run_poshan(cmd, NULL, &err), 1);
    cr_assert(strstr(err, "apt-get install weasyprint"), "%s", err);
    cr_assert_neq(access(pdf, F_OK), 0);
    free(err);
}

/* A growth outcome in the report: the estimate is the one R's lm_robust gives on
 * the same WHO 2007 indicator (tests/fixtures/growth-expected.csv,
 * impact.stunted.estimate = -0.0925925926, clustered by school), and a 0/1
 * outcome reads in percentage points: -0.0926 is -9.26 percentage points. */
Test(report, impact_on_stunting_agrees_with_r_and_reads_in_percentage_points) {
    char *html = report_of("--impact tests/fixtures/impact-children-balanced.csv --treated D01,D02,D03 "
                           "--control D04,D05,D06 --cluster school --outcome stunted");
    double v, lo, hi;
    interval_of(html, "clustered (CR1)", &v, &lo, &hi);
    cr_assert_float_eq(v, -0.092592592592592476, 1e-5);
    cr_assert(strstr(html, "Impact: stunted"), "the section names its outcome");
    cr_assert(strstr(html, "the share of children stunted fell by 5.56 percentage points in the treated"),
              "treated: 0.2407 at baseline, 0.1852 at endline (R), a fall of 5.56 percentage points");
    cr_assert(strstr(html, "is -9.26 percentage points"), "the effect in percentage points");
    free(html);
}
