/* test_lab_summary.c: the committee's summary on the 2018-19 fixture.
 * tests/fixtures/lab/2018-19.csv is built by scripts/make-lab-2018-19-fixture.py
 * to match REFERENCE.md section 4 (AWP&B 2019-20 section 2.13.3); the same
 * script re-reads it with pandas and prints the medians and quartiles below
 * (pandas' linear-interpolation quantiles, as GSL's):
 *   upper_primary energy: median 795.07, q1 738.0425, q3 849.1675
 *   upper_primary protein: median 22.895, q1 19.4325, q3 27.72
 *   primary energy: median 541.105, q1 500.5175, q3 598.695, outlier P-018
 *   primary protein: median 15.56, q1 11.99, q3 17.72 */
#include "lab_helpers.h"

#include "lab_summary.h"

static char *db_path;
static poshan_store store;
static poshan_lab_summary summary;

static void load_2018_19(void) {
    db_path = lab_temp_db();
    lab_open(&store, db_path);
    poshan_lab_ingest_result r;
    poshan_error err;
    cr_assert_eq(lab_ingest(&store, "tests/fixtures/lab/2018-19.csv", 0, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_lab_summarise(&store, lab_norms(), NULL, NULL, &summary, &err), POSHAN_OK, "%s", err.message);
}

static void unload(void) {
    poshan_lab_summary_free(&summary);
    poshan_store_close(&store);
    lab_remove_db(db_path);
}

TestSuite(lab_summary, .init = load_2018_19, .fini = unload);

/* Groups come in norms.json level order: primary, then upper_primary. */
Test(lab_summary, upper_primary_matches_the_2018_19_report) {
    const poshan_lab_group *up = &summary.groups[1];
    cr_assert_str_eq(up->level, "upper_primary");
    cr_assert_eq(up->n, 94);
    cr_assert_float_eq(up->energy_kcal.mean, 786.0, 1e-9);
    cr_assert_eq(up->energy_kcal.at_or_above, 78);
    cr_assert_float_eq(up->protein_g.mean, 23.30, 1e-9);
    cr_assert_eq(up->protein_g.at_or_above, 55);
    cr_assert_eq(up->energy_kcal.outliers, 0);
    cr_assert_eq(up->protein_g.outliers, 0);
    /* shares: 78 / 94 = 82.978...%, 55 / 94 = 58.510...% */
    cr_assert_float_eq(up->energy_kcal.share_pct, 7800.0 / 94, 1e-9);
    cr_assert_float_eq(up->protein_g.share_pct, 5500.0 / 94, 1e-9);
}

Test(lab_summary, primary_matches_the_2018_19_report_without_the_papad_school) {
    const poshan_lab_group *p = &summary.groups[0];
    cr_assert_str_eq(p->level, "primary");
    cr_assert_eq(p->n, 64);
    cr_assert_eq(p->energy_kcal.outliers, 1);
    cr_assert_str_eq(p->energy_kcal.outlier_ids[0], "ANACON Laboratories Nagpur/P-018");
    cr_assert_float_eq(p->energy_kcal.mean_without_outliers, 540.95, 1e-9);
    /* with it: (540.95 x 63 + 1650) / 64 = 558.27890625 */
    cr_assert_float_eq(p->energy_kcal.mean, 558.27890625, 1e-9);
    cr_assert_eq(p->energy_kcal.at_or_above, 58);
    cr_assert_float_eq(p->protein_g.mean, 15.20, 1e-9);
    cr_assert_eq(p->protein_g.at_or_above, 42);
    cr_assert_eq(p->protein_g.outliers, 0);
}

Test(lab_summary, medians_and_quartiles_agree_with_pandas) {
    const poshan_lab_group *p = &summary.groups[0], *up = &summary.groups[1];
    cr_assert_float_eq(up->energy_kcal.median, 795.07, 1e-9);
    cr_assert_float_eq(up->energy_kcal.q1, 738.0425, 1e-9);
    cr_assert_float_eq(up->energy_kcal.q3, 849.1675, 1e-9);
    cr_assert_float_eq(up->protein_g.median, 22.895, 1e-9);
    cr_assert_float_eq(up->protein_g.q1, 19.4325, 1e-9);
    cr_assert_float_eq(up->protein_g.q3, 27.72, 1e-9);
    cr_assert_float_eq(p->energy_kcal.median, 541.105, 1e-9);
    cr_assert_float_eq(p->energy_kcal.q1, 500.5175, 1e-9);
    cr_assert_float_eq(p->energy_kcal.q3, 598.695, 1e-9);
    cr_assert_float_eq(p->protein_g.median, 15.56, 1e-9);
    cr_assert_float_eq(p->protein_g.q1, 11.99, 1e-9);
    cr_assert_float_eq(p->protein_g.q3, 17.72, 1e-9);
}

Test(lab_summary, by_kitchen_splits_each_level) {
    /* the fixture puts sample i (from 0) in a centralized kitchen when i % 9 == 4:
     * upper primary i < 94: 4, 13, ..., 85 = 10; primary i < 64: 4, ..., 58 = 7 */
    poshan_lab_summary by;
    poshan_error err;
    cr_assert_eq(poshan_lab_summarise(&store, lab_norms(), "kitchen", NULL, &by, &err), POSHAN_OK);
    cr_assert_eq(by.count, 4);
    cr_assert_str_eq(by.groups[0].group, "centralized");
    cr_assert_eq(by.groups[0].n, 7);
    cr_assert_eq(by.groups[1].n, 10);
    cr_assert_str_eq(by.groups[2].group, "school");
    cr_assert_eq(by.groups[2].n, 57);
    cr_assert_eq(by.groups[3].n, 84);
    poshan_lab_summary_free(&by);
}

Test(lab_summary, an_unknown_grouping_is_a_usage_error) {
    poshan_lab_summary by;
    poshan_error err;
    cr_assert_eq(poshan_lab_summarise(&store, lab_norms(), "block", NULL, &by, &err), POSHAN_EUSAGE);
    cr_assert_str_eq(err.field, "--by");
}

Test(lab_summary, the_command_prints_the_report_figures) {
    char *args, *out;
    cr_assert(asprintf(&args, "lab summary --db %s --format csv", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, NULL), 0);
    /* two decimals as printf rounds the computed double: the interpolated primary
     * energy q3 comes out a hair under 598.695 (so 598.69), the upper-primary
     * protein median a hair over 22.895 (so 22.90); both within 1e-9 above.
     * all,level,measure,samples,mean,median,q1,q3,norm,at_or_above,share_pct,outliers,mean_without_outliers,... */
    cr_assert(strstr(out, ",upper_primary,energy_kcal,94,786.00,795.07,738.04,849.17,700,78,83.0,0,786.00,") != NULL, "%s", out);
    cr_assert(strstr(out, ",upper_primary,protein_g,94,23.30,22.90,19.43,27.72,20,55,58.5,0,23.30,") != NULL, "%s", out);
    cr_assert(strstr(out, ",primary,energy_kcal,64,558.28,541.11,500.52,598.69,450,58,90.6,1,540.95,") != NULL, "%s", out);
    cr_assert(strstr(out, ",primary,protein_g,64,15.20,15.56,11.99,17.72,12,42,65.6,0,15.20,") != NULL, "%s", out);
    free(args);
    free(out);
}
