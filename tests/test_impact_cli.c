/* test_impact_cli.c: the `poshan impact` command line: JSON fields, the
 * plain warning about few units, exit codes and messages. */
#include "helpers.h"

#define CHILDREN "impact estimate tests/fixtures/impact-children.csv --outcome weight_kg "

Test(impact_cli, json_carries_the_fields_the_issue_names) {
    char *out = NULL;
    cr_assert_eq(test_run_poshan(CHILDREN "--treated D01,D02,D03 --control D04,D05,D06,D07,D08 "
                                 "--weights rademacher --format json", &out, NULL), 0);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "%s", out);
    static const char *const fields[] = {"estimate", "std_error", "ci_low", "ci_high", "p_value", "n_obs",
                                         "n_clusters", "randomization_p_value"};
    for (size_t i = 0; i < 8; i++) cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(j, fields[i])), "%s", fields[i]);
    cJSON *w = cJSON_GetObjectItem(j, "wild_bootstrap");
    cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(w, "p_value")));
    cr_assert_str_eq(cJSON_GetObjectItem(w, "weights")->valuestring, "rademacher");
    cr_assert_eq(cJSON_GetObjectItem(w, "draws")->valuedouble, 256);   /* 2^8, all enumerated */
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(w, "enumerated")));
    cJSON_Delete(j);
    free(out);
}

Test(impact_cli, fewer_than_5_treated_units_warn_in_the_output) {
    /* 3 treated districts: the warning is in the printed table, not only on stderr */
    char *out = NULL;
    cr_assert_eq(test_run_poshan(CHILDREN "--treated D01,D02,D03 --control D04,D05,D06,D07,D08 --draws 99",
                                 &out, NULL), 0);
    cr_assert(strstr(out, "WARNING: only 3 treated and 5 comparison districts") != NULL, "%s", out);
    free(out);
}

Test(impact_cli, csv_output_carries_the_warning_too) {
    char *out = NULL;
    cr_assert_eq(test_run_poshan(CHILDREN "--treated D01,D02,D03 --control D04,D05,D06,D07,D08 --draws 99 "
                                 "--format csv", &out, NULL), 0);
    cr_assert(strstr(out, "\nwarning\n") != NULL && strstr(out, "only 3 treated and 5 comparison") != NULL,
              "%s", out);
    free(out);
}

Test(impact_cli, json_warnings_name_the_few_units) {
    char *out = NULL;
    cr_assert_eq(test_run_poshan(CHILDREN "--treated D01,D02,D03 --control D04,D05,D06,D07,D08 --draws 99 "
                                 "--format json", &out, NULL), 0);
    cJSON *j = cJSON_Parse(out);
    cJSON *w = cJSON_GetObjectItem(j, "warnings");
    cr_assert_eq(cJSON_GetArraySize(w), 1);
    cr_assert(strstr(cJSON_GetArrayItem(w, 0)->valuestring, "fewer than 5") != NULL);
    cJSON_Delete(j);
    free(out);
}

Test(impact_cli, a_missing_outcome_is_a_usage_error) {
    char *err = NULL;
    cr_assert_eq(test_run_poshan("impact estimate tests/fixtures/impact-children.csv --treated D01 "
                                 "--control D04", NULL, &err), 2);
    cr_assert(strstr(err, "--outcome") != NULL, "%s", err);
    free(err);
}

Test(impact_cli, a_misspelt_district_exits_1_naming_it) {
    char *err = NULL;
    cr_assert_eq(test_run_poshan(CHILDREN "--treated D01,Durg --control D04", NULL, &err), 1);
    cr_assert(strstr(err, "impact-children.csv") != NULL && strstr(err, "'Durg'") != NULL, "%s", err);
    free(err);
}

Test(impact_cli, power_inverse_prints_clusters_needed) {
    char *out = NULL;
    cr_assert_eq(test_run_poshan("impact power --children-per-cluster 30 --icc 0.05 --sd 1 --effect 0.26 "
                                 "--format json", &out, NULL), 0);
    cJSON *j = cJSON_Parse(out);
    cr_assert_eq(cJSON_GetObjectItem(j, "clusters_per_arm")->valuedouble, 20);  /* see test_impact_power.c */
    cJSON_Delete(j);
    free(out);
}

/* ---- clustering, p-values, units, moved children ------------------------------- */

#define ATTENDANCE "impact attendance tests/fixtures/impact-attendance.csv --treated D01,D02 " \
                   "--control D03,D04,D05,D06 --start 2019-11 "

static cJSON *json_of(const char *args) {
    char *out = NULL;
    cr_assert_eq(test_run_poshan(args, &out, NULL), 0, "%s", args);
    cJSON *j = cJSON_Parse(out);
    cr_assert_not_null(j, "%s", out);
    free(out);
    return j;
}

Test(impact_cli, by_default_errors_are_clustered_at_the_level_treatment_was_assigned) {
    /* treatment by district: 8 district clusters, R's children.weight_district */
    cJSON *j = json_of(CHILDREN "--treated D01,D02,D03 --control D04,D05,D06,D07,D08 --draws 99 --format json");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "cluster")->valuestring, "district");
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "cluster_is_assignment_level")));
    cr_assert_eq(cJSON_GetObjectItem(j, "n_clusters")->valuedouble, 8);
    cr_assert_float_eq(cJSON_GetObjectItem(j, "std_error")->valuedouble, 0.12911824733084942, 1e-6);
    cJSON_Delete(j);
    /* treatment by block: block clusters (16 blocks, 2 a district) */
    j = json_of(CHILDREN "--unit block --treated B0101,B0102 --control B0401,B0402,B0501 --draws 99 "
                "--format json");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "cluster")->valuestring, "block");
    cr_assert_eq(cJSON_GetObjectItem(j, "n_clusters")->valuedouble, 5);
    cJSON_Delete(j);
}

Test(impact_cli, the_table_says_which_level_it_clustered_at_and_why) {
    char *out = NULL;
    cr_assert_eq(test_run_poshan(CHILDREN "--treated D01,D02,D03 --control D04,D05,D06,D07,D08 --draws 99",
                                 &out, NULL), 0);
    cr_assert(strstr(out, "standard errors clustered by") != NULL, "%s", out);
    cr_assert(strstr(out, "district, the level treatment was assigned") != NULL, "%s", out);
    free(out);
    cr_assert_eq(test_run_poshan(CHILDREN "--treated D01,D02,D03 --control D04,D05,D06,D07,D08 --draws 99 "
                                 "--cluster school", &out, NULL), 0);
    cr_assert(strstr(out, "school (--cluster); treatment was assigned by district") != NULL, "%s", out);
    free(out);
}

Test(impact_cli, a_p_value_below_0_00005_prints_as_below_0_0001_never_0_0000) {
    /* clustered by school, R's attendance.p_value is 7.5e-11 */
    static const char *const formats[] = {"table", "csv"};
    for (int i = 0; i < 2; i++) {
        char args[256], *out = NULL;
        snprintf(args, sizeof args, ATTENDANCE "--cluster school --format %s", formats[i]);
        cr_assert_eq(test_run_poshan(args, &out, NULL), 0);
        cr_assert(strstr(out, "< 0.0001") != NULL, "%s", out);
        cr_assert(strstr(out, "0.0000") == NULL, "%s", out);
        free(out);
    }
    cJSON *j = json_of(ATTENDANCE "--cluster school --format json");   /* JSON keeps the number */
    cr_assert_float_eq(cJSON_GetObjectItem(j, "p_value")->valuedouble, 7.4786508951279077e-11, 1e-15);
    cJSON_Delete(j);
}

Test(impact_cli, the_attendance_effect_is_also_given_in_percentage_points) {
    /* R: 0.052289509954628187 (a share) = 5.23 percentage points */
    cJSON *j = json_of(ATTENDANCE "--format json");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "unit")->valuestring, "share");
    cr_assert_float_eq(cJSON_GetObjectItem(j, "estimate_percentage_points")->valuedouble, 5.2289509954628187, 1e-6);
    cJSON_Delete(j);
    char *out = NULL;
    cr_assert_eq(test_run_poshan(ATTENDANCE, &out, NULL), 0);
    const char *at = strstr(out, "estimate in percentage points");
    cr_assert(at != NULL, "%s", out);
    cr_assert(strstr(at, "5.23\n") != NULL, "%s", out);
    free(out);
}

Test(impact_cli, disagreeing_p_values_are_explained_with_the_smallest_randomization_p_value) {
    /* 2 treated of 6 districts: C(6,2) = 15 re-assignments, so the
     * randomization p-value is at least 1/15 = 0.0667 (R: attendance.ri_p);
     * the wild bootstrap's is below 0.05 */
    cJSON *j = json_of(ATTENDANCE "--format json");
    cr_assert_lt(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "wild_bootstrap"), "p_value")->valuedouble, 0.05);
    cJSON *w = cJSON_GetObjectItem(j, "warnings");
    const char *text = cJSON_GetArrayItem(w, cJSON_GetArraySize(w) - 1)->valuestring;
    cr_assert(strstr(text, "randomization p-value (0.0667) is not") != NULL, "%s", text);
    cr_assert(strstr(text, "only 15 ways to choose the treated ones") != NULL, "%s", text);
    cr_assert(strstr(text, "1/15 = 0.0667") != NULL, "%s", text);
    cr_assert(strstr(text, "cannot show an effect") != NULL, "%s", text);
    cJSON_Delete(j);
}

Test(impact_cli, agreeing_p_values_carry_no_explanation) {
    /* children, by district: wild 0.22 and randomization 0.107, both above 0.05 */
    cJSON *j = json_of(CHILDREN "--treated D01,D02,D03 --control D04,D05,D06,D07,D08 --format json");
    cJSON *w = cJSON_GetObjectItem(j, "warnings");
    for (int i = 0; i < cJSON_GetArraySize(w); i++)
        cr_assert(strstr(cJSON_GetArrayItem(w, i)->valuestring, "is not.") == NULL);
    cJSON_Delete(j);
}

Test(impact_cli, power_prints_the_mde_with_its_unit_and_echoes_alpha_and_power) {
    /* J = 20, m = 30, rho = 0.05, sigma 4.5 kg: 0.2599 SD (test_impact_power.c) x 4.5 = 1.1694 kg */
    char *out = NULL;
    cr_assert_eq(test_run_poshan("impact power --clusters-per-arm 20 --children-per-cluster 30 --icc 0.05 "
                                 "--sd 4.5 --outcome weight_kg --alpha 0.1 --power 0.9", &out, NULL), 0);
    cr_assert(strstr(out, "minimum detectable effect (kg)") != NULL, "%s", out);
    cr_assert(strstr(out, "alpha (two-sided)") != NULL && strstr(out, "0.1\n") != NULL, "%s", out);
    cr_assert(strstr(out, "power  ") != NULL && strstr(out, "0.9\n") != NULL, "%s", out);
    free(out);
    cJSON *j = json_of("impact power --clusters-per-arm 20 --children-per-cluster 30 --icc 0.05 --sd 4.5 "
                       "--outcome weight_kg --format json");
    cr_assert_str_eq(cJSON_GetObjectItem(j, "unit")->valuestring, "kg");
    cr_assert_float_eq(cJSON_GetObjectItem(j, "mde")->valuedouble / 4.5,
                       cJSON_GetObjectItem(j, "mde_in_sd")->valuedouble, 1e-12);
    cJSON_Delete(j);
    cr_assert_eq(test_run_poshan("impact power --clusters-per-arm 20 --children-per-cluster 30 --icc 0.05 --sd 1",
                                 &out, NULL), 0);
    cr_assert(strstr(out, "minimum detectable effect (in the unit of --sd)") != NULL, "%s", out);
    free(out);
}

Test(impact_cli, power_without_sd_asks_for_it) {
    char *err = NULL;
    cr_assert_eq(test_run_poshan("impact power --clusters-per-arm 20 --children-per-cluster 30 --icc 0.05",
                                 NULL, &err), 2);
    cr_assert(strstr(err, "give --sd") != NULL, "%s", err);
    cr_assert(strstr(err, "must be above 0") == NULL, "%s", err);
    free(err);
}

/* A trial file of two schools a district and `movers` children measured in
 * S1 at baseline and S3 at endline, ids M01, M02, ... */
static char *moved_file(int movers) {
    char *path = test_write_temp(".csv", "child_id,school_udise,district,block,sex,age_months,level,round,"
                                         "weight_kg,height_cm\n");
    FILE *f = fopen(path, "a");
    cr_assert(f != NULL);
    static const char *const schools[] = {"S1,DT,B1", "S2,DT,B1", "S3,DC,B2", "S4,DC,B2"};
    for (int s = 0; s < 4; s++)
        for (int c = 0; c < 3; c++)
            fprintf(f, "K%d%d,%s,M,100,primary,baseline,%d.0,125.0\nK%d%d,%s,M,108,primary,endline,%d.5,129.0\n",
                    s, c, schools[s], 25 + c, s, c, schools[s], 26 + c + s % 2);
    for (int m = 1; m <= movers; m++)
        fprintf(f, "M%02d,S1,DT,B1,F,100,primary,baseline,25.0,125.0\nM%02d,S3,DC,B2,F,108,primary,endline,26.0,128.0\n",
                m, m);
    fclose(f);
    return path;
}

Test(impact_cli, moved_children_are_listed_in_every_format_and_the_table_shows_the_first_20) {
    char *path = moved_file(25), args[512], *out = NULL;
    const char *common = "--treated DT --control DC --outcome weight_kg --cluster school --draws 99";
    snprintf(args, sizeof args, "impact estimate %s %s", path, common);
    cr_assert_eq(test_run_poshan(args, &out, NULL), 0);
    const char *row = strstr(out, "\nM01 ");
    cr_assert(row != NULL, "%s", out);
    char line[128];
    cr_assert_eq(sscanf(row + 1, "%127[^\n]", line), 1);
    char child[8], from[8], from_arm[16], to[8], to_arm[16];
    cr_assert_eq(sscanf(line, "%7s %7s %15s %7s %15s", child, from, from_arm, to, to_arm), 5, "%s", line);
    cr_assert_str_eq(from, "S1");
    cr_assert_str_eq(from_arm, "treated");
    cr_assert_str_eq(to, "S3");
    cr_assert_str_eq(to_arm, "comparison");
    cr_assert(strstr(out, "M20") != NULL && strstr(out, "M21") == NULL, "%s", out);
    cr_assert(strstr(out, "... and 5 more: --format csv or json lists all 25") != NULL, "%s", out);
    free(out);
    snprintf(args, sizeof args, "impact estimate %s %s --format csv", path, common);
    cr_assert_eq(test_run_poshan(args, &out, NULL), 0);
    cr_assert(strstr(out, "child_id,from_school,from_arm,to_school,to_arm\n") != NULL, "%s", out);
    cr_assert(strstr(out, "M25,S1,treated,S3,comparison\n") != NULL, "%s", out);
    free(out);
    snprintf(args, sizeof args, "impact estimate %s %s --format json", path, common);
    cJSON *j = json_of(args);
    cJSON *list = cJSON_GetObjectItem(j, "children_moved");
    cr_assert_eq(cJSON_GetArraySize(list), 25);
    cr_assert_eq(cJSON_GetObjectItem(j, "children_moved_school")->valuedouble, 25);
    cJSON *first = cJSON_GetArrayItem(list, 0);
    cr_assert_str_eq(cJSON_GetObjectItem(first, "child_id")->valuestring, "M01");
    cr_assert_str_eq(cJSON_GetObjectItem(first, "from_school")->valuestring, "S1");
    cr_assert_str_eq(cJSON_GetObjectItem(first, "from_arm")->valuestring, "treated");
    cr_assert_str_eq(cJSON_GetObjectItem(first, "to_school")->valuestring, "S3");
    cr_assert_str_eq(cJSON_GetObjectItem(first, "to_arm")->valuestring, "comparison");
    cJSON_Delete(j);
    unlink(path);
    free(path);
}
