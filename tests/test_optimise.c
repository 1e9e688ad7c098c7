/* test_optimise.c: the menu optimiser (`poshan menu optimise`), against optima
 * worked by hand.
 *
 * The small problems use made-up foods (tests/fixtures/optimise-foods.csv, per
 * 100 g; prices in tests/fixtures/optimise-prices.csv, Rs per kg), so that each
 * corner can be found on paper. Per gram:
 *   Y001 pulse A      4 kcal  0.05 g protein  0 fat    Rs 0.02
 *   Y002 vegetable B  1 kcal  0.25 g protein  0 fat    Rs 0.05
 *   Y003 oil C        9 kcal  0    g protein  1 g fat  Rs 0.10
 *   Y004 grain S      3.5 kcal, a cereal: supplied free, not costed
 *   Y011-Y013 pulses P1-P3: 3 kcal, 0.2 g protein; Rs 0.04, 0.06, 0.08
 * The program meets each bound with a margin of what rounding grams to 0.01 g
 * could take away (half a hundredth of a gram of every food in it), so grams are
 * checked to within 0.05 g and rupees to within Rs 0.01. */
#include "helpers.h"

#include <math.h>

#include "optimise.h"

static poshan_foods foods;
static poshan_norms norms;
static poshan_prices prices;

static void setup(void) {
    poshan_error err;
    cr_assert_eq(poshan_foods_load_default(&foods, "nutrients", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_foods_load(&foods, "tests/fixtures/optimise-foods.csv", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_norms_load(&norms, "nutrients/norms.json", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_prices_load(&prices, "tests/fixtures/optimise-prices.csv", &foods, &err), POSHAN_OK,
                 "%s", err.message);
}
static void teardown(void) {
    poshan_prices_free(&prices);
    poshan_foods_free(&foods);
}

TestSuite(optimise, .init = setup, .fini = teardown);

static void parse(const char *text, poshan_opt_spec *spec) {
    poshan_error err;
    cr_assert_eq(poshan_opt_spec_parse(spec, text, strlen(text), "spec.json", &foods, &norms, 0, &err),
                 POSHAN_OK, "%s: %s", err.field, err.message);
}

static void solve(const char *text, poshan_opt_result *r) {
    poshan_opt_spec spec;
    poshan_error err;
    parse(text, &spec);
    cr_assert_eq(poshan_optimise(&spec, &norms, &prices, NULL, r, &err), POSHAN_OK, "%s", err.message);
    poshan_opt_spec_free(&spec);
}

/* Grams of food code on day d at the primary level (0 when not served). */
static double grams_of(const poshan_menu *menu, size_t d, const char *code) {
    double g = 0;
    for (size_t k = 0; k < menu->days[d].count; k++)
        for (size_t i = 0; i < menu->days[d].dishes[k].count; i++)
            if (strcmp(menu->days[d].dishes[k].ingredients[i].food->code, code) == 0)
                g += menu->days[d].dishes[k].ingredients[i].grams[0];
    return g;
}

static const poshan_opt_binding *binding(const poshan_opt_result *r, const char *what) {
    for (size_t b = 0; b < r->nbinding; b++)
        if (strcmp(r->binding[b].row.what, what) == 0) return &r->binding[b];
    return NULL;
}

static poshan_status spec_error(const char *text, poshan_error *err) {
    poshan_opt_spec spec;
    poshan_status st = poshan_opt_spec_parse(&spec, text, strlen(text), "spec.json", &foods, &norms, 0, err);
    if (st == POSHAN_OK) poshan_opt_spec_free(&spec);
    return st;
}

/* ---- optima worked by hand ------------------------------------------------------ */

Test(optimise, two_foods_cheapest_at_the_corner_of_energy_and_protein) {
    /* min 0.02a + 0.05b  s.t.  4a + b >= 400 (kcal),  0.05a + 0.25b >= 20 (g protein).
     * Corners: a alone 400 g (protein needs 400), Rs 8; b alone 400 g, Rs 20; both bind:
     * b = 400 - 4a, 0.05a + 0.25(400 - 4a) = 20 -> 0.95a = 80 -> a = 84.21 g, b = 63.16 g,
     * Rs 1.684 + 3.158 = 4.842, the least. Duals y: 4y1 + 0.05y2 = 0.02, y1 + 0.25y2 = 0.05
     * -> y2 = 0.18 / 0.95 = 0.18947 Rs a gram of protein, y1 = 0.05 - 0.25y2 = 0.00263 Rs a kcal. */
    poshan_opt_result r;
    solve("{\"levels\": [\"primary\"], \"days\": [\"Monday\"],"
          " \"foods\": [{\"food\": \"Y001\"}, {\"food\": \"Y002\"}],"
          " \"nutrients\": {\"energy_kcal\": {\"min\": 400}, \"protein_g\": {\"min\": 20}}}", &r);
    cr_assert_eq(r.status, POSHAN_OPT_OPTIMAL);
    cr_assert_float_eq(grams_of(&r.menu, 0, "Y001"), 84.21, 0.05);
    cr_assert_float_eq(grams_of(&r.menu, 0, "Y002"), 63.16, 0.05);
    cr_assert_float_eq(poshan_opt_menu_cost_rs(&r.menu, &norms, &prices, 0), 4.842, 0.01);
    const poshan_opt_binding *protein = binding(&r, "protein_g"), *energy = binding(&r, "energy_kcal");
    cr_assert(protein && energy, "both norms bind");
    cr_assert_float_eq(protein->dual, 0.18947, 1e-4);
    cr_assert_float_eq(energy->dual, 0.00263, 1e-4);
    poshan_opt_result_free(&r);
}

Test(optimise, three_foods_fat_share_moves_the_corner) {
    /* a <= 50 g, and A is the cheapest energy (Rs 0.005 a kcal), so a = 50: 200 kcal, 2.5 g protein.
     * Left: b + 9c >= 200 kcal, 2.5 + 0.25b >= 20 (b >= 70), fat share <= 30 %:
     * 9c <= 0.3 (200 + b + 9c) -> 6.3c <= 60 + 0.3b. Cost 0.05b + 0.1c rises along the energy
     * line with b (0.05 - 0.1/9 > 0), so b is the least the fat share allows:
     * 6.3 (200 - b)/9 <= 60 + 0.3b -> 1260 - 6.3b <= 540 + 2.7b -> b >= 80; c = 120/9 = 13.33 g.
     * Rs 1 + 4 + 1.333 = 6.333. (Without the fat bound: b = 70, c = 14.44, Rs 5.944.)
     * The fat row per gram is 900 fat - 30 kcal: A -120, B -30, C 630; its rounding margin is
     * 0.005 * 780 = 3.9 and energy's 0.005 * 14 = 0.07, so the program solves
     * b + 9c = 200.07, 630c - 30b = 6000 - 3.9 -> 70 (200.07 - b) - 30b = 5996.1 -> b = 80.088. */
    poshan_opt_result r;
    solve("{\"levels\": [\"primary\"], \"days\": [\"Monday\"],"
          " \"foods\": [{\"food\": \"Y001\", \"max_g\": 50}, {\"food\": \"Y002\"}, {\"food\": \"Y003\"}],"
          " \"nutrients\": {\"energy_kcal\": {\"min\": 400}, \"protein_g\": {\"min\": 20},"
          "                 \"energy_from_fat_pct\": {\"max\": 30}}}", &r);
    cr_assert_eq(r.status, POSHAN_OPT_OPTIMAL);
    cr_assert_float_eq(grams_of(&r.menu, 0, "Y001"), 50, 0.05);
    cr_assert_float_eq(grams_of(&r.menu, 0, "Y002"), 80.09, 0.005);
    cr_assert_float_eq(grams_of(&r.menu, 0, "Y003"), 13.33, 0.05);
    cr_assert_float_eq(poshan_opt_menu_cost_rs(&r.menu, &norms, &prices, 0), 6.333, 0.01);
    cr_assert_not_null(binding(&r, "energy_from_fat_pct"));
    cr_assert_null(binding(&r, "protein_g"), "22.5 g protein: the protein norm does not bind");
    poshan_opt_result_free(&r);
}

Test(optimise, food_group_norm_resolves_to_the_level_value) {
    /* pulses min_g "norm" is 20 g at primary (norms.json); A is the only pulse and its energy
     * alone would need 100 g of it, so: 4a + b >= 400 with a >= 20 -> a alone is cheapest
     * (Rs 0.005 a kcal against B's 0.05): a = 100 g, b = 0, Rs 2. */
    poshan_opt_result r;
    solve("{\"levels\": [\"primary\"], \"days\": [\"Monday\"],"
          " \"foods\": [{\"food\": \"Y001\"}, {\"food\": \"Y002\"}],"
          " \"nutrients\": {\"energy_kcal\": {\"min\": 400}},"
          " \"food_groups\": {\"pulses\": {\"min_g\": \"norm\"}}}", &r);
    cr_assert_float_eq(grams_of(&r.menu, 0, "Y001"), 100, 0.05);
    cr_assert_float_eq(grams_of(&r.menu, 0, "Y002"), 0, 0.005);
    cr_assert_float_eq(poshan_opt_menu_cost_rs(&r.menu, &norms, &prices, 0), 2.0, 0.01);
    poshan_opt_result_free(&r);
}

Test(optimise, infeasible_gives_the_least_shortfall) {
    /* a <= 50, b <= 20: at most 4*50 + 20 = 220 kcal and 2.5 + 5 = 7.5 g protein. Both foods
     * only add energy and protein, so the least shortfall is both at their maximum:
     * energy 400 - 220 = 180 kcal short, protein 20 - 7.5 = 12.5 g short. */
    poshan_opt_result r;
    solve("{\"levels\": [\"primary\"], \"days\": [\"Monday\"],"
          " \"foods\": [{\"food\": \"Y001\", \"max_g\": 50}, {\"food\": \"Y002\", \"max_g\": 20}],"
          " \"nutrients\": {\"energy_kcal\": {\"min\": 400}, \"protein_g\": {\"min\": 20}}}", &r);
    cr_assert_eq(r.status, POSHAN_OPT_INFEASIBLE);
    cr_assert_eq(r.nshortfalls, 2);
    cr_assert_str_eq(r.shortfalls[0].row.what, "energy_kcal");
    cr_assert_float_eq(r.shortfalls[0].achieved, 220, 1e-6);
    cr_assert_float_eq(r.shortfalls[0].shortfall, 180, 1e-6);
    cr_assert_str_eq(r.shortfalls[1].row.what, "protein_g");
    cr_assert_float_eq(r.shortfalls[1].row.target, 20, 1e-9);
    cr_assert_float_eq(r.shortfalls[1].shortfall, 12.5, 1e-6);
    cr_assert_eq(r.nbinding, 0, "no duals for a program that gave up its bounds");
    poshan_opt_result_free(&r);
}

Test(optimise, infeasible_puts_energy_and_protein_before_other_bounds) {
    /* Energy >= 400 and at most 50 g of pulses: A is the only pulse, B gives 1 kcal a gram
     * (b <= 20), so energy needs a = (400 - 20)/4 = 95 g of pulse. Energy weighs first: the
     * pulse bound gives way, 45 g over; energy is met. */
    poshan_opt_result r;
    solve("{\"levels\": [\"primary\"], \"days\": [\"Monday\"],"
          " \"foods\": [{\"food\": \"Y001\"}, {\"food\": \"Y002\", \"max_g\": 20}],"
          " \"nutrients\": {\"energy_kcal\": {\"min\": 400}},"
          " \"food_groups\": {\"pulses\": {\"max_g\": 50}}}", &r);
    cr_assert_eq(r.status, POSHAN_OPT_INFEASIBLE);
    cr_assert_eq(r.nshortfalls, 1);
    cr_assert_str_eq(r.shortfalls[0].row.what, "pulses");
    cr_assert_float_eq(r.shortfalls[0].shortfall, 45, 0.05);
    poshan_opt_result_free(&r);
}

Test(optimise, week_with_variety_spreads_the_pulses) {
    /* Three days, 10 g protein a day = 50 g of pulse (0.2 g/g); grain S 100 g every day (a staple,
     * free). Without variety P1 every day: Rs 0.04 * 150 = 6. With each pulse on at most 2 days
     * and all 3 pulses in the week (each at least 10 g when served): P1 on two days (Rs 2 each);
     * the third day cannot have P1, and P3 must appear: P2 40 g + P3 10 g = Rs 2.4 + 0.8 = 3.2
     * (P3 with P1 instead: 40 g P1 + 10 g P3 = 2.4, and the third day P2 alone = 3: Rs 7.4 in all).
     * Least: Rs 2 + 2 + 3.2 = 7.2. */
    poshan_opt_result r;
    solve("{\"levels\": [\"primary\"], \"days\": [\"Mon\", \"Tue\", \"Wed\"],"
          " \"foods\": [{\"food\": \"Y004\", \"min_g\": 100, \"max_g\": 100}, {\"food\": \"Y011\"},"
          "             {\"food\": \"Y012\"}, {\"food\": \"Y013\"}],"
          " \"nutrients\": {\"protein_g\": {\"min\": 10}},"
          " \"variety\": {\"max_days_per_food\": 2, \"except\": [\"Y004\"],"
          "               \"min_different\": {\"pulses\": 3}}}", &r);
    cr_assert_eq(r.status, POSHAN_OPT_OPTIMAL);
    cr_assert(r.mip);
    cr_assert_float_eq(r.gap, 0, 1e-9);
    cr_assert_float_eq(poshan_opt_menu_cost_rs(&r.menu, &norms, &prices, 0), 7.2, 0.01);
    const char *pulses[] = {"Y011", "Y012", "Y013"};
    for (int p = 0; p < 3; p++) {
        int days = 0;
        for (size_t d = 0; d < 3; d++) days += grams_of(&r.menu, d, pulses[p]) > 0;
        cr_assert(days >= 1 && days <= 2, "%s on %d days", pulses[p], days);
    }
    for (size_t d = 0; d < 3; d++) cr_assert_float_eq(grams_of(&r.menu, d, "Y004"), 100, 1e-9);
    poshan_opt_result_free(&r);
}

Test(optimise, without_variety_the_cheapest_pulse_every_day) {
    /* the same week as above without "variety": 50 g of P1 a day, Rs 0.04 * 150 = 6 */
    poshan_opt_result r;
    solve("{\"levels\": [\"primary\"], \"days\": [\"Mon\", \"Tue\", \"Wed\"],"
          " \"foods\": [{\"food\": \"Y011\"}, {\"food\": \"Y012\"}, {\"food\": \"Y013\"}],"
          " \"nutrients\": {\"protein_g\": {\"min\": 10}}}", &r);
    cr_assert_eq(r.mip, 0);
    cr_assert_float_eq(poshan_opt_menu_cost_rs(&r.menu, &norms, &prices, 0), 6.0, 0.01);
    for (size_t d = 0; d < 3; d++) cr_assert_float_eq(grams_of(&r.menu, d, "Y011"), 50, 0.05);
    poshan_opt_result_free(&r);
}

Test(optimise, fix_raises_rice_to_meet_upper_primary_protein) {
    /* The norm basket at upper primary: protein 150*0.0794 + 30*0.217 + 30*0.0154 + 22.5*0.0148
     * + 22.5*0.009 = 19.4175 g, 0.5825 g short of 20. Moving an ingredient by a share of its
     * grams buys its protein share: rice gives 11.91 g, the most, so rice rises by
     * 0.5825 / 0.0794 = 7.34 g (plus the rounding margin, 0.02 g): 157.36 g. Primary meets
     * both norms already and is left alone. */
    poshan_menu menu;
    poshan_error err;
    cr_assert_eq(poshan_menu_load(&menu, "menus/norm-basket.json", &foods, &norms, &err), POSHAN_OK);
    poshan_opt_result r;
    cr_assert_eq(poshan_optimise_fix(&menu, NULL, &norms, NULL, &r, &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(r.status, POSHAN_OPT_OPTIMAL);
    int up = poshan_norms_level_index(&norms, "upper_primary");
    const poshan_dish *rice = &r.menu.days[0].dishes[0];
    cr_assert_float_eq(rice->ingredients[0].grams[up], 157.36, 0.02);
    cr_assert_float_eq(rice->ingredients[0].grams[0], 100, 1e-12);
    cr_assert_float_eq(r.menu.days[0].dishes[1].ingredients[0].grams[up], 30, 1e-12, "dal unchanged");
    poshan_level_result lr;
    cr_assert_eq(poshan_menu_evaluate(&r.menu, &norms, NULL, up, &lr, &err), POSHAN_OK);
    cr_assert(lr.days[0].judged.meets_protein);
    poshan_level_result_free(&lr);
    poshan_opt_result_free(&r);
    poshan_menu_free(&menu);
}

/* ---- bad specs ---------------------------------------------------------------------- */

Test(optimise, unknown_food_is_named_with_its_key) {
    poshan_error err;
    cr_assert_eq(spec_error("{\"days\": [\"Mon\"], \"foods\": [{\"food\": \"A015\"}, {\"food\": \"Q999\"}]}", &err),
                 POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "foods[1].food");
    cr_assert(strstr(err.message, "Q999"), "%s", err.message);
}

Test(optimise, min_above_max_is_refused) {
    poshan_error err;
    cr_assert_eq(spec_error("{\"days\": [\"Mon\"], \"foods\": [{\"food\": \"A015\", \"min_g\": 50, \"max_g\": 40}]}", &err),
                 POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "foods[0]");
    cr_assert(strstr(err.message, "min_g 50 is above max_g 40"), "%s", err.message);
    cr_assert_eq(spec_error("{\"days\": [\"Mon\"], \"foods\": [{\"food\": \"A015\"}],"
                            " \"nutrients\": {\"iron_mg\": {\"min\": 5, \"max\": 2}}}", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "nutrients.iron_mg");
}

Test(optimise, norm_that_is_not_a_number_names_the_key) {
    poshan_error err;
    cr_assert_eq(spec_error("{\"days\": [\"Mon\"], \"foods\": [{\"food\": \"A015\"}],"
                            " \"nutrients\": {\"protein_g\": {\"min\": \"normal\"}}}", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "nutrients.protein_g.min");
    cr_assert_eq(spec_error("{\"days\": [\"Mon\"], \"foods\": [{\"food\": \"A015\"}],"
                            " \"nutrients\": {\"iron_mg\": {\"min\": \"norm\"}}}", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "nutrients.iron_mg.min");
    cr_assert(strstr(err.message, "no norm"), "%s", err.message);
    cr_assert_eq(spec_error("{\"days\": [\"Mon\"], \"foods\": [{\"food\": \"A015\", \"max_g\": \"40\"}]}", &err),
                 POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "foods[0].max_g");
}

Test(optimise, unknown_key_is_refused_with_the_nearest_known_one) {
    poshan_error err;
    cr_assert_eq(spec_error("{\"days\": [\"Mon\"], \"foods\": [{\"food\": \"A015\"}],"
                            " \"nutrients\": {\"protien_g\": {\"min\": 20}}}", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "nutrients.protien_g");
    cr_assert(strstr(err.message, "did you mean 'protein_g'"), "%s", err.message);
    cr_assert_eq(spec_error("{\"days\": [\"Mon\"], \"foods\": [{\"food\": \"A015\"}], \"varity\": {}}", &err),
                 POSHAN_EINPUT);
    cr_assert(strstr(err.message, "did you mean 'variety'"), "%s", err.message);
}

Test(optimise, variety_refuses_a_daily_food_that_is_not_a_staple) {
    poshan_error err;
    cr_assert_eq(spec_error("{\"days\": [\"Mon\", \"Tue\"], \"foods\": [{\"food\": \"A015\", \"min_g\": 100}],"
                            " \"variety\": {\"max_days_per_food\": 1}}", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "foods[0].min_g");
    cr_assert(strstr(err.message, "variety.except"), "%s", err.message);
}

Test(optimise, a_food_without_a_price_is_refused) {
    /* B021 is not in tests/fixtures/optimise-prices.csv and pulses count against the cost */
    poshan_opt_spec spec;
    poshan_opt_result r;
    poshan_error err;
    parse("{\"days\": [\"Mon\"], \"foods\": [{\"food\": \"B021\"}]}", &spec);
    cr_assert_eq(poshan_optimise(&spec, &norms, &prices, NULL, &r, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "B021"), "%s", err.message);
    poshan_opt_spec_free(&spec);
}

/* ---- the command line: the menu written is evaluated by `menu evaluate` ------------- */

static double json_number(const cJSON *o, const char *a, const char *b) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, a), b);
    cr_assert(cJSON_IsNumber(v), "%s.%s", a, b);
    return v->valuedouble;
}

Test(optimise, written_menu_passes_menu_evaluate_at_the_same_cost) {
    char *out_path = test_write_temp(".json", "");
    char *args, *text, *errs;
    cr_assert(asprintf(&args, "menu optimise tests/fixtures/optimise-week.json --prices menus/prices-example.csv"
                       " --format json --out %s", out_path) > 0);
    cr_assert_eq(test_run_poshan(args, &text, &errs), 0, "%s", errs);
    cJSON *opt = cJSON_Parse(text);
    cr_assert_not_null(opt);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(opt, "status")->valuestring, "optimal");
    free(args), free(text), free(errs);
    cr_assert(asprintf(&args, "menu evaluate %s --prices menus/prices-example.csv --format json", out_path) > 0);
    cr_assert_eq(test_run_poshan(args, &text, &errs), 0, "%s", errs);
    cJSON *eval = cJSON_Parse(text);
    cr_assert_not_null(eval);
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(eval, "levels"), *level;
    double total = 0;
    cJSON_ArrayForEach(level, levels) {
        const cJSON *week = cJSON_GetObjectItemCaseSensitive(level, "week");
        cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(week, "days_below_energy_norm")), 0);
        cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(week, "days_below_protein_norm")), 0);
        double rs = 0;
        const cJSON *day;
        cJSON_ArrayForEach(day, cJSON_GetObjectItemCaseSensitive(level, "days")) {
            rs += json_number(day, "cost", "rs_per_child");
            cr_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(day, "cost"),
                                                                    "within_allowed")));
        }
        /* the same cost, counted by the same rule, from the same grams */
        cr_assert_float_eq(rs, json_number(opt, "cost_rs", level->string), 1e-9, "%s", level->string);
        total += rs;
    }
    cr_assert_float_eq(total, json_number(opt, "cost_rs", "total"), 1e-9);
    cJSON_Delete(opt);
    cJSON_Delete(eval);
    free(args), free(text), free(errs);
    unlink(out_path);
    free(out_path);
}

Test(optimise, infeasible_exits_1_and_writes_no_menu) {
    char *spec = test_write_temp(".json",
        "{\"levels\": [\"primary\"], \"days\": [\"Monday\"],"
        " \"foods\": [{\"food\": \"A015\", \"max_g\": 100}, {\"food\": \"B021\", \"max_g\": 10}],"
        " \"nutrients\": {\"energy_kcal\": {\"min\": \"norm\"}, \"protein_g\": {\"min\": \"norm\"}}}");
    char *args, *text, *errs;
    cr_assert(asprintf(&args, "menu optimise %s --prices menus/prices-example.csv --format json --out %s.menu",
                       spec, spec) > 0);
    cr_assert_eq(test_run_poshan(args, &text, &errs), 1);
    cr_assert(strstr(errs, "cannot all be met"), "%s", errs);
    cJSON *doc = cJSON_Parse(text);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "status")->valuestring, "infeasible");
    /* rice 100 g + arhar 10 g: 356.36 + 33.08 = 389.44 kcal, 60.56 short of 450;
     * protein 7.94 + 2.17 = 10.11 g, 1.89 short of 12 */
    const cJSON *energy = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "shortfalls"), 0);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(energy, "nutrient")->valuestring, "energy_kcal");
    cr_assert_float_eq(cJSON_GetObjectItemCaseSensitive(energy, "shortfall")->valuedouble, 60.56, 0.01);
    char *menu_path;
    cr_assert(asprintf(&menu_path, "%s.menu", spec) > 0);
    cr_assert_neq(access(menu_path, F_OK), 0, "no menu written for an infeasible spec");
    cJSON_Delete(doc);
    free(args), free(text), free(errs), free(menu_path);
    unlink(spec);
    free(spec);
}

Test(optimise, fix_on_the_command_line_lists_the_change_and_writes_a_passing_menu) {
    /* the norm basket's upper-primary rice, 150 g -> 157.36 g (see fix_raises_rice_...) */
    char *out_path = test_write_temp(".json", "");
    char *args, *text, *errs;
    cr_assert(asprintf(&args, "menu optimise --fix menus/norm-basket.json --format json --out %s", out_path) > 0);
    cr_assert_eq(test_run_poshan(args, &text, &errs), 0, "%s", errs);
    cJSON *doc = cJSON_Parse(text);
    const cJSON *changes = cJSON_GetObjectItemCaseSensitive(doc, "changes");
    cr_assert_eq(cJSON_GetArraySize(changes), 1);
    const cJSON *c = cJSON_GetArrayItem(changes, 0);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(c, "food")->valuestring, "A015");
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(c, "level")->valuestring, "upper_primary");
    cr_assert_float_eq(cJSON_GetObjectItemCaseSensitive(c, "to_g")->valuedouble, 157.36, 0.02);
    free(args), free(text), free(errs);
    cr_assert(asprintf(&args, "menu evaluate %s --level upper_primary", out_path) > 0);
    cr_assert_eq(test_run_poshan(args, &text, &errs), 0, "%s", errs);
    cr_assert(strstr(text, "days below the protein norm: none"), "%s", text);
    cJSON_Delete(doc);
    free(args), free(text), free(errs);
    unlink(out_path);
    free(out_path);
}

Test(optimise, fix_spec_may_not_name_days_or_foods) {
    poshan_opt_spec spec;
    poshan_error err;
    const char *text = "{\"foods\": [{\"food\": \"A015\"}]}";
    cr_assert_eq(poshan_opt_spec_parse(&spec, text, strlen(text), "spec.json", &foods, &norms, 1, &err),
                 POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "foods");
}

Test(optimise, optimise_without_prices_is_a_usage_error) {
    char *errs;
    cr_assert_eq(test_run_poshan("menu optimise tests/fixtures/optimise-week.json", NULL, &errs), 2);
    cr_assert(strstr(errs, "--prices"), "%s", errs);
    free(errs);
}

Test(optimise, several_specs_give_a_json_list_one_result_each) {
    /* the test week (optimal) and a spec whose foods cannot give the primary norms (rice 100 g
     * and arhar 10 g: 389 kcal) in one run: a list of two, and exit status 1 for the second */
    char *spec = test_write_temp(".json",
        "{\"levels\": [\"primary\"], \"days\": [\"Monday\"],"
        " \"foods\": [{\"food\": \"A015\", \"max_g\": 100}, {\"food\": \"B021\", \"max_g\": 10}],"
        " \"nutrients\": {\"energy_kcal\": {\"min\": \"norm\"}}}");
    char *args, *text, *errs;
    cr_assert(asprintf(&args, "menu optimise tests/fixtures/optimise-week.json %s"
                       " --prices menus/prices-example.csv --format json", spec) > 0);
    cr_assert_eq(test_run_poshan(args, &text, &errs), 1, "%s", errs);
    cJSON *doc = cJSON_Parse(text);
    cr_assert(cJSON_IsArray(doc), "%s", text);
    cr_assert_eq(cJSON_GetArraySize(doc), 2);
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(doc, 0), "status")->valuestring, "optimal");
    cr_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(doc, 1), "status")->valuestring, "infeasible");
    cJSON_Delete(doc);
    free(args), free(text), free(errs);
    unlink(spec);
    free(spec);
}

/* The written menu holds only real amounts: in the fixture's optimum spinach (C033) is
 * 29.19 g for a primary child and 0 g for an upper primary one, so its dish is written as
 * served to primary only, with no 0 g anywhere; and it evaluates as the optimiser found. */
static void assert_no_zero_grams(const cJSON *menu) {
    const cJSON *day, *dish, *ing, *g;
    cJSON_ArrayForEach(day, cJSON_GetObjectItem(menu, "days"))
        cJSON_ArrayForEach(dish, cJSON_GetObjectItem(day, "dishes"))
            cJSON_ArrayForEach(ing, cJSON_GetObjectItem(dish, "ingredients"))
                cJSON_ArrayForEach(g, cJSON_GetObjectItem(ing, "grams"))
                    cr_assert_gt(g->valuedouble, 0, "%s: %s", cJSON_GetObjectItem(dish, "name")->valuestring, g->string);
}

Test(optimise, written_menu_has_only_real_amounts) {
    char *out_path = test_write_temp(".json", "");
    char *args, *text;
    cr_assert(asprintf(&args, "menu optimise tests/fixtures/optimise-week.json --prices menus/prices-example.csv"
                       " --out %s", out_path) > 0);
    cr_assert_eq(test_run_poshan(args, &text, NULL), 0);
    /* the table says "-" for a level that gets none, not 0.00 g */
    cr_assert(strstr(text, "C033   29.19 g  -"), "%s", text);
    cr_assert_null(strstr(text, " 0.00 g"), "%s", text);
    free(args), free(text);
    char *written;
    size_t size;
    poshan_error err;
    cr_assert_eq(poshan_read_file(out_path, &written, &size, &err), POSHAN_OK);
    cJSON *menu = cJSON_Parse(written);
    cr_assert_not_null(menu);
    assert_no_zero_grams(menu);
    const cJSON *spinach = NULL, *dish;
    cJSON_ArrayForEach(dish, cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(menu, "days"), 0), "dishes"))
        if (strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(dish, "ingredients"), 0), "food")->valuestring,
                   "C033") == 0) spinach = dish;
    cr_assert_not_null(spinach);
    const cJSON *levels = cJSON_GetObjectItem(spinach, "levels");
    cr_assert_eq(cJSON_GetArraySize(levels), 1);
    cr_assert_str_eq(cJSON_GetArrayItem(levels, 0)->valuestring, "primary");
    cr_assert_float_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(spinach,
                       "ingredients"), 0), "grams"), "primary")->valuedouble, 29.19, 1e-9);
    /* read back: upper primary children get no spinach */
    poshan_menu back;
    cr_assert_eq(poshan_menu_parse(&back, written, size, out_path, &foods, &norms, &err), POSHAN_OK, "%s", err.message);
    int upper = poshan_norms_level_index(&norms, "upper_primary");
    for (size_t k = 0; k < back.days[0].count; k++)
        if (strcmp(back.days[0].dishes[k].ingredients[0].food->code, "C033") == 0)
            cr_assert_eq(back.days[0].dishes[k].ingredients[0].grams[upper], 0);
    poshan_menu_free(&back);
    cJSON_Delete(menu);
    free(written);
    unlink(out_path);
    free(out_path);
}

Test(optimise, a_spec_for_one_level_writes_dishes_for_that_level_only) {
    char *spec = test_write_temp(".json",
        "{\"levels\": [\"primary\"], \"days\": [\"Monday\"],"
        " \"foods\": [{\"food\": \"A015\", \"min_g\": 100, \"max_g\": 100}, {\"food\": \"B021\", \"max_g\": 40},"
        " {\"food\": \"T005\", \"max_g\": 10}],"
        " \"nutrients\": {\"energy_kcal\": {\"min\": \"norm\"}, \"protein_g\": {\"min\": \"norm\"}}}");
    char *args, *written;
    size_t size;
    poshan_error err;
    cr_assert(asprintf(&args, "menu optimise %s --prices menus/prices-example.csv --out %s.menu", spec, spec) > 0);
    cr_assert_eq(test_run_poshan(args, NULL, NULL), 0);
    free(args);
    cr_assert(asprintf(&args, "%s.menu", spec) > 0);
    cr_assert_eq(poshan_read_file(args, &written, &size, &err), POSHAN_OK);
    cJSON *menu = cJSON_Parse(written);
    assert_no_zero_grams(menu);
    const cJSON *dish;
    cJSON_ArrayForEach(dish, cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(menu, "days"), 0), "dishes")) {
        const cJSON *levels = cJSON_GetObjectItem(dish, "levels");
        cr_assert_eq(cJSON_GetArraySize(levels), 1);
        cr_assert_str_eq(cJSON_GetArrayItem(levels, 0)->valuestring, "primary");
    }
    cJSON_Delete(menu);
    free(written);
    unlink(args), unlink(spec);
    free(args), free(spec);
}
