/* test_report.c: the HTML report. Its charts are read back from the SVG (the
 * data-value of each bar) and held against hand-worked values and against the
 * command line's JSON for the same menu: the numbers must be the same. */
#include "helpers.h"

#include "report.h"
#include "svg.h"

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
        {"S1", "Lab A", "22010100101", "GPS Durg", "Durg", "school", "primary", 430, 11, 0},
        {"S2", "Lab A", "22010100102", "GPS Bhilai", "Durg", "centralized", "primary", 500, 13, 0},
        {"S3", "Lab A", "22020100101", "GPS Korba", "Korba", "school", "primary", 520, 14, 1},
        {"S4", "Lab A", "22020100102", "GMS Korba", "Korba", "school", "upper_primary", 690, 21, 0},
    };
    poshan_buf b = {0};
    poshan_report_lab(&b, s, 4, &norms);
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
    cr_assert(strstr(b.data, "energy 20.0 kcal short; protein 1.0 g short;"));
    cr_assert(strstr(b.data, "microbial contamination"));
    cr_assert(strstr(b.data, "energy 10.0 kcal short;"));
    cr_assert(strstr(b.data, "3 of 4 samples flagged."));
    cr_assert_null(strstr(b.data, "GPS Bhilai"), "a sample meeting both norms is not flagged");
    poshan_buf_free(&b);
}

Test(report, plans_side_by_side) {
    const poshan_report_plan p[] = {{"Soy milk", 200.5, 117.4, 4.53, 44.2, 1646.62},
                                    {"Egg", 385, 67.4, 6.64, 58.0, 104.9}};
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
    poshan_report_impact m = {.title = "Soy milk: weight", .unit = "kg",
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
    cr_assert(strstr(b.data, "Only 4 treated and 4 control units"));
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
    const char *at = strstr(html, "data-label=\"clustered (CR1)\" data-value=\"");
    cr_assert_not_null(at);
    cr_assert_eq(sscanf(strchr(at, 'v'), "value=\"%lf\" data-low=\"%lf\" data-high=\"%lf\"", &v, &lo, &hi), 3);
    cr_assert_float_eq(v, cJSON_GetObjectItem(j, "estimate")->valuedouble, 1e-5);
    cr_assert_float_eq(lo, cJSON_GetObjectItem(j, "ci_low")->valuedouble, 1e-5);
    cr_assert_float_eq(hi, cJSON_GetObjectItem(j, "ci_high")->valuedouble, 1e-5);
    cJSON *wild = cJSON_GetObjectItem(j, "wild_bootstrap");
    at = strstr(html, "data-label=\"wild bootstrap\" data-value=\"");
    cr_assert_eq(sscanf(strchr(at, 'v'), "value=\"%lf\" data-low=\"%lf\" data-high=\"%lf\"", &v, &lo, &hi), 3);
    cr_assert_float_eq(lo, cJSON_GetObjectItem(wild, "ci_low")->valuedouble, 1e-5);
    cr_assert_float_eq(hi, cJSON_GetObjectItem(wild, "ci_high")->valuedouble, 1e-5);
    /* treated endline mean and its interval (estimatr gives 32.7497175141 [32.1119288801, 33.3875061481]) */
    at = strstr(html, "data-label=\"treated, endline\" data-value=\"");
    cr_assert_eq(sscanf(strchr(at, 'v'), "value=\"%lf\" data-low=\"%lf\" data-high=\"%lf\"", &v, &lo, &hi), 3);
    cr_assert_float_eq(v, 32.7497175141, 1e-4);
    cr_assert_float_eq(lo, 32.1119288801, 1e-4);
    cr_assert_float_eq(hi, 33.3875061481, 1e-4);
    cr_assert(strstr(html, "Only 3 treated and 5 control units"));
    cJSON_Delete(j);
    free(json);
    free(html);
}
