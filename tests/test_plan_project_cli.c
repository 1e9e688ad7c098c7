/* test_plan_project_cli.c: `poshan plan project` over the lab results store.
 * The egg plan serves 50 g of boiled egg (M004: 13.43 g protein per 100 g, so 6.715 g)
 * on 70 of the 240 school days, in Kunkuri (Jashpur) and Bhairamgarh (Bijapur).
 * tests/fixtures/lab/project-egg.csv:
 *   K-1 Kunkuri primary 440 kcal, 10 g: below both norms today; with an egg
 *       10 + 6.715 = 16.7 g and 440 + egg energy > 450: meets both on a serving day;
 *       averaged over the year the protein is 10 + 6.715 * 70/240 = 11.96 g: still below 12.
 *   B-1 Bhairamgarh upper primary 690 kcal, 19 g: below both today; on a serving day
 *       25.7 g and > 700 kcal; averaged, 19 + 1.9585 = 20.96 g: meets protein.
 *   D-1 Durg: outside the plan's blocks, left out unless --all. */
#include "helpers.h"

static char *ingest_fixture(void) {
    char *db = NULL;
    cr_assert(asprintf(&db, "/tmp/poshan-test-project-%d.db", getpid()) > 0);
    unlink(db);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "lab ingest tests/fixtures/lab/project-egg.csv --db %s --by test", db);
    cr_assert_eq(test_run_poshan(cmd, NULL, NULL), 0);
    return db;
}

static cJSON *view(cJSON *root, const char *level, const char *name) {
    return cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "as_written"), level), name);
}

static int count(cJSON *o, const char *key) {
    cJSON *v = cJSON_GetObjectItem(o, key);
    cr_assert(cJSON_IsNumber(v), "no number '%s'", key);
    return (int)v->valuedouble;
}

Test(plan_project_cli, shares_today_and_with_the_item_from_the_store) {
    char *db = ingest_fixture(), *out = NULL, cmd[512];
    snprintf(cmd, sizeof cmd, "plan project menus/interventions/egg.json --db %s --format json", db);
    cr_assert_eq(test_run_poshan(cmd, &out, NULL), 0);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "%s", out);
    cr_assert_eq(count(root, "samples_used"), 2);
    cr_assert_eq(count(root, "samples_outside"), 1);
    cr_assert_eq(count(view(root, "primary", "today"), "meets_both"), 0);
    cr_assert_eq(count(view(root, "primary", "serving_day"), "meets_both"), 1);
    cr_assert_eq(count(view(root, "primary", "average_day"), "meets_protein"), 0);
    cr_assert_float_eq(cJSON_GetObjectItem(view(root, "primary", "serving_day"), "added_protein_g")->valuedouble,
                       6.715, 1e-9);
    cr_assert_eq(count(view(root, "upper_primary", "today"), "meets_protein"), 0);
    cr_assert_eq(count(view(root, "upper_primary", "serving_day"), "meets_both"), 1);
    cr_assert_eq(count(view(root, "upper_primary", "average_day"), "meets_protein"), 1);
    cJSON_Delete(root);
    free(out);
    snprintf(cmd, sizeof cmd, "plan project menus/interventions/egg.json --db %s --all --format json", db);
    cr_assert_eq(test_run_poshan(cmd, &out, NULL), 0);
    root = cJSON_Parse(out);
    cr_assert_eq(count(root, "samples_used"), 3, "--all counts Durg too");
    cr_assert_eq(count(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "as_written"), "primary"), "samples"), 2);
    cJSON_Delete(root);
    free(out);
    unlink(db);
    free(db);
}

Test(plan_project_cli, no_database_is_an_error_and_creates_none) {
    char *err = NULL;
    cr_assert_eq(test_run_poshan("plan project menus/interventions/egg.json --db /tmp/poshan-no-such.db", NULL, &err), 1);
    cr_assert(strstr(err, "no lab results database"), "%s", err);
    cr_assert_neq(access("/tmp/poshan-no-such.db", F_OK), 0);
    free(err);
}

Test(plan_project_cli, db_without_project_is_a_usage_error) {
    cr_assert_eq(test_run_poshan("plan menus/interventions/egg.json --db x.db", NULL, NULL), 2);
}

/* Only Durg's sample is stored: the egg plan covers Kunkuri and Bhairamgarh, so none
 * matches, and the answer says so instead of a table of zeros ("0 (0.0%)"). */
Test(plan_project_cli, no_matching_sample_says_none_matched) {
    char *csv = test_write_temp(".csv",
        "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,energy_kcal,protein_g\n"
        "D-1,State FDA Lab,22060100101,GPS Durg,Durg,Durg,primary,school,2019-01-10,2019-01-12,400,9\n");
    char *db = NULL, cmd[512], *out = NULL;
    cr_assert(asprintf(&db, "/tmp/poshan-test-nomatch-%d.db", getpid()) > 0);
    unlink(db);
    snprintf(cmd, sizeof cmd, "lab ingest %s --db %s --by test", csv, db);
    cr_assert_eq(test_run_poshan(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "plan project menus/interventions/egg.json --db %s", db);
    cr_assert_eq(test_run_poshan(cmd, &out, NULL), 0);
    cr_assert(strstr(out, "none of the 1 stored samples matched"), "%s", out);
    cr_assert(strstr(out, "Kunkuri, Bhairamgarh") && strstr(out, "--all"), "%s", out);
    cr_assert_null(strstr(out, "0 (0.0%)"), "no table of zeros: %s", out);
    free(out);
    /* with --all the Durg sample counts: one primary sample, and no empty upper primary rows */
    snprintf(cmd, sizeof cmd, "plan project menus/interventions/egg.json --db %s --all", db);
    cr_assert_eq(test_run_poshan(cmd, &out, NULL), 0);
    cr_assert(strstr(out, "No upper_primary sample matched"), "%s", out);
    cr_assert_null(strstr(out, "upper_primary  as written"), "no rows of zeros for a level without samples: %s", out);
    cr_assert(strstr(out, "primary  as written  today"), "%s", out);
    free(out);
    unlink(db);
    unlink(csv);
    free(db);
    free(csv);
}
