/* test_growth_cli.c: `poshan growth zscores` and `growth prevalence` as a
 * clerk runs them: the columns added, bad records named by line and field,
 * dates of birth, and the formats. Scores worked by hand in test_growth.c. */
#include "helpers.h"

Test(growth_cli, zscores_adds_the_who_columns_and_passes_the_others_through) {
    /* the first record is test_growth.c's boy of 100 months: -0.70, -0.35, 0.11;
     * the second, a girl of 150 months, has no weight-for-age (it ends at 120 months);
     * hfa 2 150: M 154.0041, S 0.04483: (150/154.0041 - 1) / 0.04483 = -0.5800 -> -0.58;
     * BMI 40 / 1.5^2 = 17.78; bfa 2 150: L -1.3621, M 18.3986, S 0.13295 -> -0.2643 -> -0.26 */
    char *f = test_write_temp(".csv", "child_id,school,sex,age_months,weight_kg,height_cm,note\n"
                                      "A1,S1,M,100,25,125,\"first, quoted\"\n"
                                      "A2,S1,F,150,40,150,\n");
    char *cmd, *out;
    cr_assert(asprintf(&cmd, "growth zscores %s", f) > 0);
    cr_assert_eq(test_run_poshan(cmd, &out, NULL), 0);
    cr_assert_str_eq(out, "child_id,school,sex,age_months,weight_kg,height_cm,note,bmi,haz,waz,baz,haz_flag,waz_flag,baz_flag\n"
                          "A1,S1,M,100,25,125,\"first, quoted\",16.00,-0.70,-0.35,0.11,0,0,0\n"
                          "A2,S1,F,150,40,150,,17.78,-0.58,,-0.26,0,,0\n");
    free(cmd);
    free(out);
    unlink(f);
    free(f);
}

Test(growth_cli, zscores_names_each_bad_record_by_line_and_field_and_writes_the_others) {
    char *f = test_write_temp(".csv", "child_id,sex,age_months,weight_kg,height_cm\n"
                                      "A1,M,100,25,125\n"
                                      "A2,M,100,25,0\n"
                                      "A3,F,300,25,125\n"
                                      "A4,X,100,25,125\n"
                                      "A5,F,100,25,125\n"
                                      "A6,F,100,25,125.5,6\n");
    char *cmd, *out, *err;
    cr_assert(asprintf(&cmd, "growth zscores %s", f) > 0);
    cr_assert_eq(test_run_poshan(cmd, &out, &err), 1);
    cr_assert(strstr(err, ":3: height_cm: '0' is not possible for a child's height in cm") != NULL, "%s", err);
    cr_assert(strstr(err, ":4: age_months: '300' is not possible") != NULL, "%s", err);
    cr_assert(strstr(err, ":5: sex: 'X' is not understood: write M or F") != NULL, "%s", err);
    cr_assert(strstr(err, ":7: 6 fields where the header has 5") != NULL, "%s", err);
    cr_assert(strstr(err, "4 bad records left out") != NULL, "%s", err);
    cr_assert(strstr(out, "\nA1,") != NULL && strstr(out, "\nA5,") != NULL && strstr(out, "A2,") == NULL, "%s", out);
    free(out);
    free(err);
    free(cmd);
    /* --strict: nothing after the first bad record */
    cr_assert(asprintf(&cmd, "growth zscores %s --strict", f) > 0);
    cr_assert_eq(test_run_poshan(cmd, &out, &err), 1);
    cr_assert(strstr(err, ":3: height_cm") != NULL && strstr(err, ":4:") == NULL, "%s", err);
    cr_assert(strstr(out, "A5,") == NULL, "%s", out);
    free(out);
    free(err);
    free(cmd);
    unlink(f);
    free(f);
}

Test(growth_cli, zscores_reads_the_age_from_the_dates) {
    /* 2015-01-01 to 2023-01-01 is 2922 days (8 years, 2 of them leap) = 2922 / 30.4375 = 96 months;
     * hfa 1 96: M 127.2651, S 0.04438: (125/127.2651 - 1) / 0.04438 = -0.4010 -> -0.40 */
    char *f = test_write_temp(".csv", "child_id,sex,date_of_birth,measured_on,weight_kg,height_cm\n"
                                      "A1,boy,2015-01-01,2023-01-01,25,125\n"
                                      "A2,girl,2015-02-30,2023-01-01,25,125\n");
    char *cmd, *out, *err;
    cr_assert(asprintf(&cmd, "growth zscores %s --format json", f) > 0);
    cr_assert_eq(test_run_poshan(cmd, &out, &err), 1);
    cr_assert(strstr(out, "\"haz\": -0.40") != NULL, "%s", out);
    /* the message says why, as the lab's does: February 2015 has 28 days */
    cr_assert(strstr(err, ":3: date_of_birth: '2015-02-30' is not a date: February 2015 has 28 days") != NULL, "%s",
              err);
    free(out);
    free(err);
    free(cmd);
    unlink(f);
    free(f);
}

Test(growth_cli, zscores_writes_null_in_json_where_who_has_no_score) {
    char *f = test_write_temp(".csv", "child_id,sex,age_months,weight_kg,height_cm,oedema\nA1,M,100,25,125,y\n");
    char *cmd, *out;
    cr_assert(asprintf(&cmd, "growth zscores %s --format json", f) > 0);
    cr_assert_eq(test_run_poshan(cmd, &out, NULL), 0);
    cr_assert(strstr(out, "\"haz\": -0.70, \"waz\": null, \"baz\": null, \"haz_flag\": 0, \"waz_flag\": null") != NULL,
              "%s", out);
    free(out);
    free(cmd);
    unlink(f);
    free(f);
}

Test(growth_cli, zscores_refuses_a_file_that_already_has_a_score_column) {
    char *f = test_write_temp(".csv", "child_id,sex,age_months,weight_kg,height_cm,haz\nA1,M,100,25,125,-1\n");
    char *cmd, *err;
    cr_assert(asprintf(&cmd, "growth zscores %s", f) > 0);
    cr_assert_eq(test_run_poshan(cmd, NULL, &err), 1);
    cr_assert(strstr(err, ":1: haz: the file already has a column 'haz'") != NULL, "%s", err);
    free(err);
    free(cmd);
    unlink(f);
    free(f);
}

Test(growth_cli, prevalence_needs_the_school_column_to_cluster) {
    char *f = test_write_temp(".csv", "child_id,sex,age_months,weight_kg,height_cm\nA1,M,100,25,125\n");
    char *cmd, *err;
    cr_assert(asprintf(&cmd, "growth prevalence %s", f) > 0);
    cr_assert_eq(test_run_poshan(cmd, NULL, &err), 1);
    cr_assert(strstr(err, "school_udise: the header has no column 'school_udise'") != NULL, "%s", err);
    free(err);
    free(cmd);
    cr_assert(asprintf(&cmd, "growth prevalence %s --by weight", f) > 0);
    cr_assert_eq(test_run_poshan(cmd, NULL, &err), 2);
    cr_assert(strstr(err, "--by must be district, block, school, sex, level or age_years") != NULL, "%s", err);
    free(err);
    free(cmd);
    unlink(f);
    free(f);
}

Test(growth_cli, prevalence_prints_the_share_and_interval_of_each_cut_off) {
    /* the R reference (tests/fixtures/growth-expected.csv): all.stunting 151 of 554 = 27.3 %,
     * CR1 interval 22.38 to 32.14 % */
    char *out;
    cr_assert_eq(test_run_poshan("growth prevalence tests/fixtures/growth-children.csv --format csv", &out, NULL), 0);
    cr_assert(strstr(out, "all,stunting,554,151,27.3,22.4,32.1,40\n") != NULL, "%s", out);
    free(out);
}
