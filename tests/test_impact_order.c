/* test_impact_order.c: `impact estimate` reads a file in any row order
 * (by child, all baseline rows then all endline rows, shuffled) and gives
 * the same results to the last bit, on one thread or several; children
 * measured in two schools are listed. The reordered fixtures are
 * impact-children.csv's rows, made by scripts/impact-reorder.py. */
#include "helpers.h"
#include "impact_expected.h"

#include "holding.h"
#include "impact.h"

static poshan_impact_options eight_options(void) {
    poshan_impact_options o = eight_districts();
    o.threads = 1;
    return o;
}

#define BY_CHILD "tests/fixtures/impact-children.csv"
#define BY_ROUND "tests/fixtures/impact-children-rounds.csv"
#define SHUFFLED "tests/fixtures/impact-children-shuffled.csv"

/* file gives, with o, what the child-ordered fixture gives, to the last bit
 * (only the lines of the examples differ), on 1 and on 2 threads. */
static void assert_order_free(const char *file, poshan_impact_options o) {
    poshan_impact_result *by_child = impact_estimate_ok(BY_CHILD, &o);
    poshan_impact_result *other = impact_estimate_ok(file, &o);
    assert_same_results(by_child, other, 0);
    free(other);
    o.threads = 2;
    o.read_block_bytes = 2048;   /* 62 KB: 31 blocks */
    other = impact_estimate_ok(file, &o);
    cr_assert_eq(other->read_threads, 2);
    assert_same_results(by_child, other, 0);
    free(other);
    free(by_child);
}

Test(impact_order, a_file_sorted_by_round_gives_the_child_ordered_results_to_the_last_bit) {
    poshan_impact_options o = eight_options();
    assert_order_free(BY_ROUND, o);
    o.covariates = POSHAN_COV_AGE | POSHAN_COV_SEX | POSHAN_COV_LEVEL;
    assert_order_free(BY_ROUND, o);
    o.gain_form = 1;
    assert_order_free(BY_ROUND, o);
}

Test(impact_order, a_shuffled_file_gives_the_child_ordered_results_to_the_last_bit) {
    poshan_impact_options o = eight_options();
    assert_order_free(SHUFFLED, o);
    o.outcome = POSHAN_OUTCOME_HEIGHT_CM;
    o.arms.cluster = POSHAN_LEVEL_DISTRICT;
    assert_order_free(SHUFFLED, o);
    o.covariates = POSHAN_COV_AGE;
    o.gain_form = 1;
    assert_order_free(SHUFFLED, o);
}

Test(impact_order, random_bootstrap_draws_do_not_depend_on_the_row_order) {
    /* 8 districts, Webb weights: 6^8 vectors, more than 9,999 draws, so
     * they are drawn at random; the draws follow the districts' names */
    poshan_impact_options o = eight_options();
    poshan_impact_result *r = impact_estimate_ok(SHUFFLED, &o);
    cr_assert_not(r->did.wild.enumerated);
    impact_free(r);
    assert_order_free(SHUFFLED, o);
}

Test(impact_order, reordered_files_still_agree_with_estimatr) {
    static const char *const files[] = {BY_ROUND, SHUFFLED};
    for (int i = 0; i < 2; i++) {
        poshan_impact_options o = eight_options();
        poshan_impact_result *r = impact_estimate_ok(files[i], &o);
        assert_agrees(r->did.estimate, "children.weight.estimate");
        assert_agrees(r->did.std_error, "children.weight.std_error");
        assert_agrees(r->did.p_value, "children.weight.p_value");
        assert_agrees((double)r->did.n_obs, "children.weight.n_obs");
        impact_free(r);
        o.arms.cluster = POSHAN_LEVEL_DISTRICT;
        o.inference.weights = POSHAN_WEIGHTS_RADEMACHER;
        r = impact_estimate_ok(files[i], &o);
        assert_agrees(r->did.std_error, "children.weight_district.std_error");
        assert_agrees(r->did.wild.p_value, "children.weight.wild_rademacher_p");
        assert_agrees(r->did.ri.p_value, "children.weight.ri_p");
        impact_free(r);
    }
}

/* ---- the tiny file, in round order, by hand ------------------------------ */

#define HEADER "child_id,school_udise,district,block,sex,age_months,level,round,weight_kg,height_cm\n"

/* tests/fixtures/impact-children-tiny.csv's rows, baseline rows first */
static const char tiny_by_round[] = HEADER
    "A1,S1,DT,B1,M,100,primary,baseline,25.0,125.0\n"
    "A2,S1,DT,B1,F,110,primary,baseline,28.0,130.0\n"
    "A3,S2,DT,B1,F,120,primary,baseline,30.0,132.0\n"
    "A4,S2,DT,B1,M,96,primary,baseline,22.0,120.0\n"
    "C1,S3,DC,B2,M,100,primary,baseline,24.0,124.0\n"
    "C2,S3,DC,B2,F,140,upper_primary,baseline,35.0,145.0\n"
    "C3,S4,DC,B2,M,130,upper_primary,baseline,31.0,140.0\n"
    "A1,S1,DT,B1,M,108,primary,endline,27.0,129.0\n"
    "A2,S1,DT,B1,F,118,primary,endline,29.0,133.0\n"
    "A3,S2,DT,B1,F,128,primary,endline,26.0,135.0\n"
    "C1,S3,DC,B2,M,108,primary,endline,25.0,128.0\n"
    "C2,S3,DC,B2,F,148,upper_primary,endline,35.5,145.5\n"
    "C3,S4,DC,B2,M,138,upper_primary,endline,32.0,152.0\n"
    "C4,S4,DC,B2,F,104,primary,endline,23.0,122.0\n";

static poshan_impact_result *tiny_estimate(const char *text, poshan_impact_options *o) {
    static const char *const t[] = {"DT"}, *const c[] = {"DC"};
    poshan_impact_defaults(o);
    o->arms = (poshan_trial_arms){t, 1, c, 1, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    o->threads = 1;
    char *path = test_write_temp(".csv", text);
    poshan_impact_result *r = impact_estimate_ok(path, o);
    unlink(path);
    free(path);
    return r;
}

Test(impact_order, round_ordered_rows_pair_each_childs_rounds) {
    /* As the hand-worked test of the child-ordered file (test_impact_estimate.c):
     * A3 (lost 4 kg) and C3 (grew 12 cm) set aside; A4 baseline only, C4
     * endline only. DiD = (28 - 25) - (83.5 / 3 - 29.5) = 4.6667 */
    poshan_impact_options o;
    poshan_impact_result *r = tiny_estimate(tiny_by_round, &o);
    cr_assert_float_eq(r->did.estimate, 3 + (29.5 - 83.5 / 3), 1e-9);
    cr_assert_eq(r->did.n_obs, 10);
    cr_assert_eq(r->arm[1].both_rounds, 3);
    cr_assert_eq(r->arm[1].baseline_only, 1);
    cr_assert_eq(r->arm[0].both_rounds, 3);
    cr_assert_eq(r->arm[0].endline_only, 1);
    cr_assert_eq(r->arm[1].excluded_children, 1);
    cr_assert_eq(r->arm[0].excluded_children, 1);
    cr_assert_eq(r->nexamples, 2);
    cr_assert_str_eq(r->examples[0].child_id, "A3");
    cr_assert_eq(r->examples[0].line, 11);   /* A3's endline */
    impact_free(r);
}

Test(impact_order, a_second_baseline_far_from_the_first_is_refused_naming_both_lines) {
    /* A4's baseline on line 5, waiting for its endline; another baseline on line 16 */
    char *text = NULL;
    cr_assert(asprintf(&text, "%s%s", tiny_by_round, "A4,S2,DT,B1,M,96,primary,baseline,22.0,120.0\n") > 0);
    char *path = test_write_temp(".csv", text);
    poshan_impact_options o;
    poshan_impact_result *r = tiny_estimate(tiny_by_round, &o);
    impact_free(r);
    poshan_impact_result res;
    poshan_error err;
    cr_assert_eq(poshan_impact_estimate(path, &o, &res, &err), POSHAN_EINPUT);
    cr_assert_eq(err.line, 16, "%ld: %s", err.line, err.message);
    cr_assert_str_eq(err.field, "round");
    cr_assert(strstr(err.message, "child A4 already has a baseline record on line 5") != NULL, "%s", err.message);
    unlink(path);
    free(path);
    free(text);
}

/* ---- children who moved ---------------------------------------------------- */

/* The tiny file's rows by child, with three children measured in two schools:
 * M2 from a comparison school to a treated one, M1 within the treated
 * district, M3 from the treated district to one in neither list. */
static const char moved_rows[] = HEADER
    "M2,S3,DC,B2,F,110,primary,baseline,28.0,130.0\n"
    "M2,S1,DT,B1,F,118,primary,endline,29.0,133.0\n"
    "A1,S1,DT,B1,M,100,primary,baseline,25.0,125.0\n"
    "A1,S1,DT,B1,M,108,primary,endline,27.0,129.0\n"
    "M1,S1,DT,B1,M,100,primary,baseline,25.0,125.0\n"
    "A2,S2,DT,B1,F,110,primary,baseline,28.0,130.0\n"
    "A2,S2,DT,B1,F,118,primary,endline,29.0,133.0\n"
    "M3,S2,DT,B1,M,100,primary,baseline,25.0,125.0\n"
    "M3,S5,DX,B3,M,108,primary,endline,27.0,129.0\n"
    "C1,S3,DC,B2,M,100,primary,baseline,24.0,124.0\n"
    "C1,S3,DC,B2,M,108,primary,endline,25.0,128.0\n"
    "C2,S4,DC,B2,F,140,upper_primary,baseline,35.0,145.0\n"
    "C2,S4,DC,B2,F,148,upper_primary,endline,35.5,145.5\n"
    "M1,S2,DT,B1,M,108,primary,endline,27.0,129.0\n";

Test(impact_order, children_measured_in_two_schools_are_listed_by_child_with_schools_and_arms) {
    poshan_impact_options o;
    poshan_impact_result *r = tiny_estimate(moved_rows, &o);
    cr_assert_eq(r->children_moved, 3);
    cr_assert_eq(r->nmoved, 3);
    /* sorted by child_id */
    cr_assert_str_eq(r->moved[0].child_id, "M1");
    cr_assert_str_eq(r->moved[0].from_school, "S1");
    cr_assert_str_eq(r->moved[0].to_school, "S2");
    cr_assert_eq(r->moved[0].from_arm, POSHAN_ARM_TREATED);
    cr_assert_eq(r->moved[0].to_arm, POSHAN_ARM_TREATED);
    cr_assert_str_eq(r->moved[1].child_id, "M2");
    cr_assert_str_eq(r->moved[1].from_school, "S3");
    cr_assert_eq(r->moved[1].from_arm, POSHAN_ARM_CONTROL);
    cr_assert_str_eq(r->moved[1].to_school, "S1");
    cr_assert_eq(r->moved[1].to_arm, POSHAN_ARM_TREATED);
    cr_assert_str_eq(r->moved[2].child_id, "M3");
    cr_assert_eq(r->moved[2].to_arm, POSHAN_ARM_OUTSIDE);
    /* none of their rows is used: 4 children in both rounds, 8 rows */
    cr_assert_eq(r->did.n_obs, 8);
    impact_free(r);
}

/* ---- the holding itself ------------------------------------------------------ */

/* Key i: every third one longer than the 15 bytes a record keeps inline. */
static const char *held_key(long i, char *key, size_t size) {
    snprintf(key, size, i % 3 ? "C%07ld" : "child-with-a-long-id-%07ld", i);
    return key;
}

Test(impact_order, held_records_are_found_after_others_come_and_go) {
    /* 70,000 keys in (the table and the records grow past 2 MiB, where
     * they ask for huge pages), every other one taken out (each take shifts
     * back the slots that probed past it, and frees a record's place for
     * the next), then each must be where it should */
    poshan_holding h;
    poshan_holding_init(&h, sizeof(long));
    char key[64], expected[64];
    for (long i = 0; i < 70000; i++) {
        held_key(i, key, sizeof key);
        cr_assert_eq(poshan_holding_put(&h, key, poshan_holding_hash(key), &i), 0);
    }
    long v;
    for (long i = 0; i < 70000; i += 2) {
        held_key(i, key, sizeof key);
        cr_assert_eq(poshan_holding_take(&h, key, poshan_holding_hash(key), &v), 1);
        cr_assert_eq(v, i);
    }
    cr_assert_eq(h.count, 35000);
    for (long i = 0; i < 70000; i++) {
        held_key(i, key, sizeof key);
        size_t hash = poshan_holding_hash(key);
        cr_assert_eq(poshan_holding_take(&h, key, hash, &v), i % 2, "%s", key);
        if (i % 2) cr_assert_eq(v, i);
        if (i % 2) cr_assert_eq(poshan_holding_put(&h, key, hash, &i), 0);   /* back in */
    }
    /* a key held, swapped for its record; one not held, put in by a swap */
    long other = 70001, held = 0;
    held_key(1, key, sizeof key);
    cr_assert_eq(poshan_holding_swap(&h, key, poshan_holding_hash(key), &other, &held), 1);
    cr_assert_eq(held, 1);
    cr_assert_eq(poshan_holding_swap(&h, key, poshan_holding_hash(key), &held, &other), 0);
    /* 70,000 held at most at once: the 35,000 taken out and put back (and
     * the swaps) used places let go, not new ones (105,000 otherwise) */
    cr_assert_eq(h.used, 70000);
    size_t at = 0, seen = 0;
    long sum = 0;
    const char *k;
    while (poshan_holding_next(&h, &at, &v, &k)) {
        seen++;
        sum += v;
        cr_assert_str_eq(k, held_key(v, expected, sizeof expected));
    }
    cr_assert_eq(seen, 35000);
    cr_assert_eq(sum, 35000L * 35000);   /* 1 + 3 + ... + 69999 = 35000^2 */
    poshan_holding_free(&h);
}
