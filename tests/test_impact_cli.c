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
