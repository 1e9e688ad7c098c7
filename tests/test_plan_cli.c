/* test_plan_cli.c: `poshan plan` and `poshan plan compare` from the command
 * line: exit codes, the Indian grouping of the table format, numbers as
 * numbers in JSON. Expected figures are the source's (AWP&B 2019-20). */
#include "helpers.h"

#include <math.h>

Test(plan_cli, egg_table_prints_kunkuri_cost_the_indian_way) {
    char *out;
    cr_assert_eq(test_run_poshan("plan menus/interventions/egg.json", &out, NULL), 0);
    cr_assert(strstr(out, "45,45,310") != NULL, "%s", out);      /* Kunkuri, as the source prints it */
    cr_assert(strstr(out, "1,04,90,480") != NULL, "%s", out);    /* total */
    cr_assert(strstr(out, "446 schools") != NULL, "%s", out);    /* the contradiction, in words */
    free(out);
}

Test(plan_cli, soy_milk_json_gives_both_budgets_as_numbers) {
    char *out;
    cr_assert_eq(test_run_poshan("plan menus/interventions/soy-milk.json --format json", &out, NULL), 0);
    cJSON *root;
    poshan_error err;
    cr_assert_eq(poshan_json_parse(out, strlen(out), "stdout", &root, &err), POSHAN_OK, "%s", out);
    const cJSON *implied = cJSON_GetObjectItem(root, "as_table_implies");
    const cJSON *total = cJSON_GetObjectItem(implied, "total");
    /* 2,940,400 litres x Rs 56 = Rs 16,46,62,400 */
    cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(total, "cost_rs")));
    cr_assert_float_eq(cJSON_GetObjectItem(total, "cost_rs")->valuedouble, 164662400, 1e-6);
    cr_assert_float_eq(cJSON_GetObjectItem(total, "quantity_total")->valuedouble, 2940400, 1e-6);
    const cJSON *written = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "as_written"), "total");
    cr_assert_float_eq(cJSON_GetObjectItem(written, "cost_rs")->valuedouble, 192039232, 1e-6); /* at 200 ml */
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(root, "contradictions")), 2);
    cJSON_Delete(root);
    free(out);
}

Test(plan_cli, compare_csv_has_a_row_per_intervention_budget_and_level) {
    char *out;
    cr_assert_eq(test_run_poshan("plan compare menus/interventions/egg.json "
                                 "menus/interventions/kitchen-garden.json --format csv", &out, NULL), 0);
    /* header + egg primary + egg upper primary + kitchen garden (all) */
    int lines = 0;
    for (char *c = out; *c; c++) lines += *c == '\n';
    cr_assert_eq(lines, 4, "%s", out);
    /* each level its own cost: primary 18,720 children x Rs 5.5 x 70 = Rs 72,07,200 = 72.07 lakh,
     * upper primary 8,528 x 385 = Rs 32,83,280 = 32.83 lakh; together the plan's 104.90 */
    cr_assert(strstr(out, "Egg, two days a week\",as written,primary,72.07,385.00") != NULL, "%s", out);
    cr_assert(strstr(out, "Egg, two days a week\",as written,upper_primary,32.83,385.00") != NULL, "%s", out);
    free(out);
}

/* Breakfast (Rs 3 x 225 days x 0.9 = Rs 607.50 a child): primary 16,386 children = Rs 99,54,495
 * = 99.54 lakh, upper primary 11,513 = Rs 69,94,147.50 = 69.94 lakh. The plan's total, Rs 169.49
 * lakh, is printed once, under the table, not on both level rows. */
Test(plan_cli, compare_gives_each_level_its_own_cost_and_the_total_once) {
    char *out;
    cr_assert_eq(test_run_poshan("plan compare menus/interventions/breakfast.json", &out, NULL), 0);
    cr_assert(strstr(out, "99.54") && strstr(out, "69.94"), "%s", out);
    const char *first = strstr(out, "169.49");
    cr_assert_not_null(first, "%s", out);
    cr_assert_null(strstr(first + 1, "169.49"), "the total appears once: %s", out);
    cr_assert(strstr(out, "Breakfast on arrival (chikki), as written: Rs 169.49 lakh"), "%s", out);
    free(out);
}

Test(plan_cli, a_bad_file_exits_1_naming_file_and_field) {
    char *path = test_write_temp(".json", "{\"name\": \"x\", \"days\": {\"per_year\": 0}}");
    char *args, *err_text;
    cr_assert(asprintf(&args, "plan %s", path) > 0);
    cr_assert_eq(test_run_poshan(args, NULL, &err_text), 1);
    cr_assert(strstr(err_text, path) != NULL, "%s", err_text);
    cr_assert(strstr(err_text, "days.per_year") != NULL, "%s", err_text);
    unlink(path);
    free(path); free(args); free(err_text);
}

Test(plan_cli, no_file_is_a_usage_error) {
    cr_assert_eq(test_run_poshan("plan", NULL, NULL), 2);
    cr_assert_eq(test_run_poshan("plan a.json b.json", NULL, NULL), 2);
    cr_assert_eq(test_run_poshan("plan menus/interventions/egg.json --format xml", NULL, NULL), 2);
}

Test(plan_cli, help_describes_the_command) {
    char *out;
    cr_assert_eq(test_run_poshan("plan --help", &out, NULL), 0);
    cr_assert(strstr(out, "poshan plan compare") != NULL);
    free(out);
}

Test(plan_cli, kitchen_garden_lists_what_the_tables_do_not_let_poshan_check) {
    char *out;
    cr_assert_eq(test_run_poshan("plan menus/interventions/kitchen-garden.json", &out, NULL), 0);
    cr_assert(strstr(out, "Not checked") != NULL, "%s", out);
    cr_assert(strstr(out, "10 % of the state's schools") != NULL, "%s", out);
    cr_assert(strstr(out, "5,25,75,000") != NULL, "%s", out); /* 10,515 x Rs 5,000 */
    free(out);
}
