/* test_impact_threads.c: `impact estimate` reading a file on several threads
 * gives what the single reader gives, to the last bit, and refuses a bad
 * file with the single reader's message and line. Small blocks
 * (read_block_bytes) cut the fixtures into many blocks, as the 512 KiB
 * blocks cut a file of millions of rows; the command-line tests use a file
 * over 1 MiB written here. */
#include "helpers.h"
#include "impact_expected.h"

#include "impact.h"

static const char *const tiny_treated[] = {"DT"}, *const tiny_control[] = {"DC"};

static poshan_impact_options tiny_options(int threads, size_t block_bytes) {
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){tiny_treated, 1, tiny_control, 1, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    o.threads = threads;
    o.read_block_bytes = block_bytes;
    return o;
}

static poshan_impact_options eight_options(int threads, size_t block_bytes) {
    poshan_impact_options o = tiny_options(threads, block_bytes);
    o.arms = (poshan_trial_arms){eight_treated, 3, eight_control, 5, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    return o;
}


/* Reads file with 1 thread and with `threads`, and checks both agree; the
 * second must really have been read in blocks. */
static void assert_threads_agree(const char *file, poshan_impact_options o, int threads) {
    o.threads = 1;
    poshan_impact_result *one = impact_estimate_ok(file, &o);
    o.threads = threads;
    poshan_impact_result *many = impact_estimate_ok(file, &o);
    cr_assert_eq(one->read_threads, 1);
    cr_assert_eq(many->read_threads, threads, "the file was not read in blocks");
    assert_same_results(one, many, 1);
    impact_free(one);
    impact_free(many);
}

Test(impact_threads, two_and_three_threads_give_the_single_readers_result_to_the_last_bit) {
    /* 62 KB in 2 KB blocks: 31 blocks, children and schools cut at most of the cuts */
    static const char *file = "tests/fixtures/impact-children.csv";
    poshan_impact_options o = eight_options(1, 2048);
    assert_threads_agree(file, o, 2);
    assert_threads_agree(file, o, 3);
    o.covariates = POSHAN_COV_AGE | POSHAN_COV_SEX | POSHAN_COV_LEVEL;
    assert_threads_agree(file, o, 2);
    o.gain_form = 1;
    assert_threads_agree(file, o, 2);
    o.outcome = POSHAN_OUTCOME_HEIGHT_CM;
    o.arms.cluster = POSHAN_LEVEL_DISTRICT;
    assert_threads_agree(file, o, 4);
}

Test(impact_threads, read_on_two_threads_the_estimates_still_match_estimatr) {
    poshan_impact_options o = eight_options(2, 2048);
    poshan_impact_result *r = impact_estimate_ok("tests/fixtures/impact-children.csv", &o);
    cr_assert_eq(r->read_threads, 2);
    assert_agrees(r->did.estimate, "children.weight.estimate");
    assert_agrees(r->did.std_error, "children.weight.std_error");
    assert_agrees(r->did.p_value, "children.weight.p_value");
    assert_agrees((double)r->did.n_obs, "children.weight.n_obs");
    impact_free(r);
}

/* The tiny fixture's header is 84 bytes with its newline and each of its
 * rows 46 or 47 (the numbers of the hand-worked tests in
 * test_impact_estimate.c). Blocks of 130 bytes put the first cut at byte 130,
 * the start of line 3, so that A1's baseline (line 2) and endline (line 3)
 * fall in different blocks. */
static const char tiny_header[] =
    "child_id,school_udise,district,block,sex,age_months,level,round,weight_kg,height_cm\n";
static const char tiny_rows[] =
    "A1,S1,DT,B1,M,100,primary,baseline,25.0,125.0\n"
    "A1,S1,DT,B1,M,108,primary,endline,27.0,129.0\n"
    "A2,S1,DT,B1,F,110,primary,baseline,28.0,130.0\n"
    "A2,S1,DT,B1,F,118,primary,endline,29.0,133.0\n"
    "A3,S2,DT,B1,F,120,primary,baseline,30.0,132.0\n"
    "A3,S2,DT,B1,F,128,primary,endline,26.0,135.0\n"
    "A4,S2,DT,B1,M,96,primary,baseline,22.0,120.0\n"
    "C1,S3,DC,B2,M,100,primary,baseline,24.0,124.0\n"
    "C1,S3,DC,B2,M,108,primary,endline,25.0,128.0\n"
    "C2,S3,DC,B2,F,140,upper_primary,baseline,35.0,145.0\n"
    "C2,S3,DC,B2,F,148,upper_primary,endline,35.5,145.5\n"
    "C3,S4,DC,B2,M,130,upper_primary,baseline,31.0,140.0\n"
    "C3,S4,DC,B2,M,138,upper_primary,endline,32.0,152.0\n"
    "C4,S4,DC,B2,F,104,primary,endline,23.0,122.0\n"
    "X1,S5,DX,B3,M,100,primary,baseline,24.0,124.0\n";

/* text with its first `from` replaced by `to` (malloc'd). */
static char *replaced(const char *text, const char *from, const char *to) {
    const char *at = strstr(text, from);
    cr_assert(at != NULL);
    char *out = NULL;
    cr_assert(asprintf(&out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from)) > 0);
    return out;
}

static char *tiny_file_with(const char *rows) {
    char *text = NULL;
    cr_assert(asprintf(&text, "%s%s", tiny_header, rows) > 0);
    char *path = test_write_temp(".csv", text);
    free(text);
    return path;
}

/* The numbers of the hand-worked tiny file (test_impact_estimate.c), read
 * on two threads: treated A1-A3 in both rounds, A4 baseline only;
 * DiD = 3 + (29.5 - 83.5 / 3). */
static void assert_tiny_numbers(const poshan_impact_result *r) {
    cr_assert_eq(r->read_threads, 2);
    cr_assert_eq(r->arm[1].children, 4);
    cr_assert_eq(r->arm[1].both_rounds, 3);
    cr_assert_eq(r->arm[1].baseline_only, 1);
    cr_assert_float_eq(r->did.estimate, 3 + (29.5 - 83.5 / 3), 1e-9);
    cr_assert_eq(r->did.n_obs, 10);
}

Test(impact_threads, a_child_whose_rounds_straddle_a_block_boundary_is_one_child) {
    cr_assert_eq(strlen(tiny_header) + strlen("A1,S1,DT,B1,M,100,primary,baseline,25.0,125.0\n"), 130);
    char *path = tiny_file_with(tiny_rows);
    poshan_impact_options o = tiny_options(2, 130);
    poshan_impact_result *r = impact_estimate_ok(path, &o);
    assert_tiny_numbers(r);   /* A1 counted once, in both rounds */
    cr_assert_eq(r->examples[0].line, 7);   /* A3, whose endline is in another block than line 2 */
    impact_free(r);
    assert_threads_agree(path, o, 2);
    /* every other block size from one row a block up: every child cut somewhere */
    for (size_t bytes = 84; bytes < 400; bytes += 7) {
        o.read_block_bytes = bytes;
        assert_threads_agree(path, o, 2);
    }
    unlink(path);
    free(path);
}

/* The tiny file with these rows, read by the single reader and on two
 * threads: the same error, at this line and field. */
static void assert_same_error(const char *rows, long line, const char *field, const char *message_part) {
    char *path = tiny_file_with(rows);
    poshan_impact_options o = tiny_options(1, 130);
    poshan_impact_result r;
    poshan_error one, many;
    cr_assert_eq(poshan_impact_estimate(path, &o, &r, &one), POSHAN_EINPUT);
    o.threads = 2;
    cr_assert_eq(poshan_impact_estimate(path, &o, &r, &many), POSHAN_EINPUT);
    cr_assert_eq(many.line, line, "line %ld, not %ld: %s", many.line, line, many.message);
    cr_assert_str_eq(many.field, field);
    cr_assert(strstr(many.message, message_part) != NULL, "%s", many.message);
    cr_assert_eq(many.line, one.line);
    cr_assert_str_eq(many.field, one.field);
    cr_assert_str_eq(many.message, one.message);
    cr_assert_str_eq(many.file, one.file);
    unlink(path);
    free(path);
}

Test(impact_threads, a_bad_row_in_a_later_block_is_named_by_its_line) {
    /* line 12 (C2's endline) is in the fourth block; its weight is mistyped */
    char *rows = replaced(tiny_rows, "35.5,145.5", "3x.5,145.5");
    assert_same_error(rows, 12, "weight_kg", "'3x.5' is not possible");
    free(rows);
}

Test(impact_threads, a_childs_rounds_apart_in_two_blocks_make_one_child) {
    /* A4's baseline is line 8; its endline comes on line 16, three blocks
     * later: A4 is then seen in both rounds, as if its rows were together */
    char *rows = replaced(tiny_rows, "X1,S5", "A4,S2,DT,B1,M,104,primary,endline,23.0,121.0\nX1,S5");
    char *path = tiny_file_with(rows);
    poshan_impact_options o = tiny_options(2, 130);
    poshan_impact_result *r = impact_estimate_ok(path, &o);
    cr_assert_eq(r->read_threads, 2);
    cr_assert_eq(r->arm[1].children, 4);
    cr_assert_eq(r->arm[1].both_rounds, 4);
    cr_assert_eq(r->arm[1].baseline_only, 0);
    cr_assert_eq(r->did.n_obs, 11);
    /* treated endline: A1 27, A2 29, A4 23 (A3 set aside) = 79 / 3 */
    cr_assert_float_eq(r->arm[1].outcome_sum[1] / (double)r->arm[1].n[1], 79.0 / 3, 1e-12);
    impact_free(r);
    for (size_t bytes = 84; bytes < 400; bytes += 7) {
        o.read_block_bytes = bytes;
        assert_threads_agree(path, o, 2);
    }
    unlink(path);
    free(path);
    free(rows);
}

Test(impact_threads, a_school_moved_to_another_district_in_a_later_block_is_refused) {
    /* S1 is in DT, block B1 on lines 2-5; line 16 puts it in DC */
    char *rows = replaced(tiny_rows, "X1,S5", "Z1,S1,DC,B2,M,100,primary,baseline,24.0,124.0\nX1,S5");
    assert_same_error(rows, 16, "school_udise", "school S1 was listed earlier");
    free(rows);
}

Test(impact_threads, a_second_record_for_a_round_across_a_cut_is_refused) {
    /* A1's baseline twice, on lines 2 and 3, either side of the first cut */
    char *rows = replaced(tiny_rows, "108,primary,endline", "108,primary,baseline");
    assert_same_error(rows, 3, "round", "already has a baseline record on line 2");
    free(rows);
}

/* The tiny file with these rows, read on two threads in blocks of every
 * size from a row a block up (every child cut somewhere), agrees with the
 * single reader to the last bit. */
static void assert_agrees_at_every_block_size(const char *rows) {
    char *path = tiny_file_with(rows);
    for (size_t bytes = 84; bytes < 600; bytes += 7) assert_threads_agree(path, tiny_options(2, bytes), 2);
    unlink(path);
    free(path);
}

/* rows (of tiny_rows' form) with every child_id given `prefix`, and all
 * baseline rows before all endline rows, as survey rounds are exported. */
static char *by_round(const char *rows, const char *prefix) {
    char *out = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&out, &size);
    cr_assert(f != NULL);
    for (int round = 0; round < 2; round++)
        for (const char *line = rows; *line;) {
            const char *end = strchr(line, '\n');
            int len = (int)(end - line);
            if ((strstr(line, ",endline,") != NULL && strstr(line, ",endline,") < end) == round)
                fprintf(f, "%s%.*s\n", prefix, len, line);
            line = end + 1;
        }
    fclose(f);
    return out;
}

Test(impact_threads, a_file_by_round_with_long_ids_and_a_moved_child_gives_the_single_readers_result) {
    /* every record is loose: kept by part, as bytes, and matched at the
     * end; ids of 25 characters; M1 moved from S1 (treated) to S3 */
    char *rows = replaced(tiny_rows, "X1,S5", "M1,S1,DT,B1,M,100,primary,baseline,24.0,124.0\n"
                                              "M1,S3,DC,B2,M,108,primary,endline,25.0,128.0\nX1,S5");
    char *ordered = by_round(rows, "2201010000100001-child-");
    char *path = tiny_file_with(ordered);
    poshan_impact_options o = tiny_options(2, 130);
    poshan_impact_result *r = impact_estimate_ok(path, &o);
    assert_tiny_numbers(r);   /* M1 set aside as moved */
    cr_assert_eq(r->arm[0].endline_only, 1);
    cr_assert_eq(r->nmoved, 1);
    cr_assert_str_eq(r->moved[0].child_id, "2201010000100001-child-M1");
    cr_assert_str_eq(r->moved[0].from_school, "S1");
    cr_assert_str_eq(r->moved[0].to_school, "S3");
    cr_assert_eq(r->nexamples, 2);   /* A3 lost 4 kg, C3 grew 12 cm */
    cr_assert_str_eq(r->examples[0].child_id, "2201010000100001-child-A3");
    cr_assert_str_eq(r->examples[1].child_id, "2201010000100001-child-C3");
    impact_free(r);
    unlink(path);
    free(path);
    assert_agrees_at_every_block_size(ordered);
    free(ordered);
    free(rows);
}

Test(impact_threads, a_file_by_round_with_the_longest_ids_and_many_decimals_is_read_on_two_threads) {
    /* a kept record holds its id (here 63 characters, the most a child_id
     * may have) and each measurement's digits (here up to 7 decimals) as
     * bytes: read back, they give the single reader's result to the last bit */
    char prefix[64];
    memset(prefix, 'x', 61);
    prefix[61] = '\0';   /* 61 + "A1" = 63 characters */
    char *rows = replaced(tiny_rows, "A1,S1,DT,B1,M,100,primary,baseline,25.0,125.0",
                          "A1,S1,DT,B1,M,100.5,primary,baseline,25.1234567,125.12345");
    char *more = replaced(rows, "C2,S3,DC,B2,F,148,upper_primary,endline,35.5,145.5",
                          "C2,S3,DC,B2,F,148.25,upper_primary,endline,35.0000001,145.999");
    char *ordered = by_round(more, prefix);
    char *path = tiny_file_with(ordered);
    poshan_impact_options o = tiny_options(2, 130);
    poshan_impact_result *r = impact_estimate_ok(path, &o);
    cr_assert_eq(r->read_threads, 2);
    cr_assert_eq(r->arm[1].both_rounds, 3);
    /* baseline weights of the treated children kept: A1, A2 and A4 (A3 set aside) */
    cr_assert_float_eq(r->arm[1].balance_sum[POSHAN_BAL_WEIGHT], 75.1234567, 1e-12);
    cr_assert_eq(strlen(r->examples[0].child_id), 63);
    impact_free(r);
    unlink(path);
    free(path);
    assert_agrees_at_every_block_size(ordered);
    free(ordered);
    free(more);
    free(rows);
}

Test(impact_threads, a_loose_measurement_with_no_short_form_sends_the_file_to_the_single_reader) {
    /* a loose record keeps a measurement as digits and decimals (up to 9):
     * A4's weight with 12 decimals has no such form, so the file is read by
     * the single reader, with the same result */
    char *rows = replaced(tiny_rows, "A4,S2,DT,B1,M,96,primary,baseline,22.0,120.0",
                          "A4,S2,DT,B1,M,96,primary,baseline,22.000000000001,120.0");
    char *ordered = by_round(rows, "");
    char *path = tiny_file_with(ordered);
    poshan_impact_options o = tiny_options(1, 130);
    poshan_impact_result *one = impact_estimate_ok(path, &o);
    o.threads = 2;
    poshan_impact_result *two = impact_estimate_ok(path, &o);
    cr_assert_eq(two->read_threads, 1);
    assert_same_results(one, two, 1);
    /* baseline weights of the treated children kept: A1, A2 and A4 (A3 set aside) */
    cr_assert_float_eq(two->arm[1].balance_sum[POSHAN_BAL_WEIGHT], 25.0 + 28.0 + 22.000000000001, 1e-12);
    impact_free(one);
    impact_free(two);
    unlink(path);
    free(path);
    free(ordered);
    free(rows);
}

Test(impact_threads, a_child_waiting_and_then_next_to_itself_is_refused_as_the_single_reader_refuses) {
    /* A4's baseline (line 8) waits; on lines 17-18 A4 comes again with both
     * rounds next to each other, then another child: a worker finishes that
     * run at once, and the read goes again with the single reader, which
     * names the second baseline */
    char *rows = replaced(tiny_rows, "X1,S5", "A4,S2,DT,B1,M,96,primary,baseline,22.0,120.0\n"
                                              "A4,S2,DT,B1,M,104,primary,endline,23.0,121.0\nX1,S5");
    char *path = tiny_file_with(rows);
    for (size_t bytes = 84; bytes < 600; bytes += 7) {
        poshan_impact_options o = tiny_options(1, bytes);
        poshan_impact_result r;
        poshan_error one, many;
        cr_assert_eq(poshan_impact_estimate(path, &o, &r, &one), POSHAN_EINPUT);
        o.threads = 2;
        cr_assert_eq(poshan_impact_estimate(path, &o, &r, &many), POSHAN_EINPUT);
        cr_assert_eq(one.line, 16);
        cr_assert(strstr(one.message, "already has a baseline record on line 8") != NULL, "%s", one.message);
        cr_assert_eq(many.line, one.line, "blocks of %zu bytes", bytes);
        cr_assert_str_eq(many.message, one.message);
    }
    unlink(path);
    free(path);
    free(rows);
}

Test(impact_threads, a_child_finished_and_then_seen_again_alone_is_counted_as_the_single_reader_counts_it) {
    /* A1's rounds are next to each other on lines 2-3; a lone endline of
     * A1 comes on line 16, after A1 was finished: the single reader holds it
     * as a new child (it keeps no list of the children it finished), and so
     * does a read on two threads */
    char *rows = replaced(tiny_rows, "X1,S5", "A1,S1,DT,B1,M,108,primary,endline,27.5,129.5\nX1,S5");
    assert_agrees_at_every_block_size(rows);
    free(rows);
}

Test(impact_threads, a_file_with_a_quote_is_read_by_the_single_reader) {
    /* a quoted field might hold a line break, so a cut at a line start might
     * fall inside a record: such a file is read by one reader */
    char *quoted = replaced(tiny_rows, "C1,S3,DC,B2,M,108", "\"C1\",S3,DC,B2,M,108");
    char *path = tiny_file_with(quoted);
    poshan_impact_options o = tiny_options(2, 130);
    poshan_impact_result *r = impact_estimate_ok(path, &o);
    cr_assert_eq(r->read_threads, 1);
    cr_assert_float_eq(r->did.estimate, 3 + (29.5 - 83.5 / 3), 1e-9);
    impact_free(r);
    unlink(path);
    free(path);
    free(quoted);
}

/* ---- the command line ------------------------------------------------------ */

/* Over 1 MiB (so read in 512 KiB blocks): 8 districts x 25 schools x 60
 * children x 2 rounds, less a baseline-only tenth: 22,800 rows of about 55 bytes.
 * Weights and heights follow a fixed sequence. */
static char *large_file(void) {
    char *path = test_write_temp(".csv", tiny_header);
    FILE *f = fopen(path, "a");
    cr_assert(f != NULL);
    unsigned long x = 12345;
    for (int d = 1; d <= 8; d++)
        for (int s = 1; s <= 25; s++)
            for (int c = 1; c <= 60; c++) {
                x = (x * 1103515245 + 12345) % 2147483648UL;
                double w = 20 + (double)(x % 200) / 10, h = 120 + (double)(x / 200 % 300) / 10;
                const char *sex = x % 2 ? "M" : "F";
                for (int round = 0; round < (c % 10 ? 2 : 1); round++)
                    fprintf(f, "K%d-%d-%d,S%d-%d,D%02d,B%d,%s,%d,primary,%s,%.1f,%.1f\n", d, s, c, d, s, d, d,
                            sex, 100 + 8 * round, round ? "endline" : "baseline",
                            w + round * (0.5 + (d <= 3) * 0.3), h + round * 3);
            }
    cr_assert(ftell(f) > (1 << 20));
    fclose(f);
    return path;
}

Test(impact_threads, the_command_prints_the_same_json_with_one_and_two_threads) {
    char *path = large_file(), *args = NULL, *one = NULL, *two = NULL, *env = NULL;
    const char *common = "--treated D01,D02,D03 --control D04,D05,D06,D07,D08 --outcome weight_kg "
                         "--draws 199 --format json";
    cr_assert(asprintf(&args, "impact estimate %s %s --threads 1", path, common) > 0);
    cr_assert_eq(test_run_poshan(args, &one, NULL), 0);
    free(args);
    cr_assert(asprintf(&args, "impact estimate %s %s --threads 2", path, common) > 0);
    cr_assert_eq(test_run_poshan(args, &two, NULL), 0);
    free(args);
    cr_assert(strstr(one, "\"estimate\"") != NULL);
    cr_assert_str_eq(one, two);
    cr_assert(asprintf(&args, "impact estimate %s %s", path, common) > 0);
    setenv("POSHAN_THREADS", "2", 1);
    cr_assert_eq(test_run_poshan(args, &env, NULL), 0);
    unsetenv("POSHAN_THREADS");
    cr_assert_str_eq(one, env);
    free(args);
    free(one);
    free(two);
    free(env);
    unlink(path);
    free(path);
}

Test(impact_threads, threads_must_be_a_whole_number_from_1_to_64) {
    char *err = NULL;
    cr_assert_eq(test_run_poshan("impact estimate tests/fixtures/impact-children.csv --treated D01 "
                                 "--control D04 --outcome weight_kg --threads 0", NULL, &err), 2);
    cr_assert(strstr(err, "--threads must be a whole number of threads from 1 to 64") != NULL, "%s", err);
    free(err);
}

Test(impact_threads, help_names_the_option_and_the_environment_variable) {
    char *out = NULL;
    cr_assert_eq(test_run_poshan("impact estimate --help", &out, NULL), 0);
    cr_assert(strstr(out, "[--threads N]") != NULL, "%s", out);
    cr_assert(strstr(out, "POSHAN_THREADS") != NULL, "%s", out);
    free(out);
}
