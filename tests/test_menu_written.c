/* test_menu_written.c: menus as advisors write them: every error at once, household
 * units, state pot recipes per 100 children and pots shared by both levels.
 *
 * IFCT 2017 rows (per 100 g): A015 rice protein 7.94; B021 red gram dal protein 21.7;
 * L002 cow's milk protein 3.26; M001 egg protein 13.28; T005 groundnut oil fat 100 (9 kcal/g).
 * Household measures (nutrients/household.csv, from USDA SR Legacy cups and pieces):
 * vegetable oil 0.921 g/ml, milk 1.031 g/ml, an egg 50 g. */
#include "helpers.h"

#include "menu.h"

static poshan_foods foods;
static poshan_norms norms;
static int primary, upper;

static void setup(void) {
    poshan_error err;
    cr_assert_eq(poshan_foods_load_default(&foods, "nutrients", &err), POSHAN_OK, "%s", err.message);
    cr_assert_eq(poshan_norms_load(&norms, "nutrients/norms.json", &err), POSHAN_OK, "%s", err.message);
    primary = poshan_norms_level_index(&norms, "primary");
    upper = poshan_norms_level_index(&norms, "upper_primary");
}
static void teardown(void) { poshan_foods_free(&foods); }
TestSuite(written, .init = setup, .fini = teardown);

static void parse_ok(const char *json, poshan_menu *menu) {
    poshan_error err;
    cr_assert_eq(poshan_menu_parse(menu, json, strlen(json), "m.json", &foods, &norms, &err), POSHAN_OK,
                 "%s: %s", err.field, err.message);
}

static size_t parse_errors(const char *json, poshan_error_list *errors) {
    poshan_menu menu;
    cr_assert_eq(poshan_menu_parse_all(&menu, json, strlen(json), "m.json", &foods, &norms, errors),
                 POSHAN_EINPUT, "a bad menu was accepted");
    cr_assert_null(menu.days, "nothing of a bad menu is kept");
    return errors->count;
}

#define DAY(name, dishes) "{\"day\": \"" name "\", \"dishes\": [" dishes "]}"
#define MENU(days) "{\"name\": \"m\", \"days\": [" days "]}"
#define DISH(name, ingredients) "{\"name\": \"" name "\", \"ingredients\": [" ingredients "]}"

Test(written, every_error_of_a_menu_is_listed_in_one_run) {
    const char *json = MENU(DAY("Monday", DISH("Rice", "{\"food\": \"A015\", \"gms\": 100},"
                                               "{\"food\": \"B021\", \"grams\": {\"primary\": 20, \"upper_primry\": 30}}"))
                            "," DAY("monday", DISH("Dal", "{\"food\": \"B021\", \"grams\": 20}"))
                            "," DAY("Tuesday", "{\"name\": 5, \"ingredients\": [{\"food\": \"A015\", \"grams\": \"100\"}]}"));
    poshan_error_list errors = {0};
    cr_assert_eq(parse_errors(json, &errors), 5);
    /* the unknown key, with the nearest one */
    cr_assert(strstr(errors.items[0].field, "Monday > Rice > A015: gms"), "%s", errors.items[0].field);
    cr_assert(strstr(errors.items[0].message, "did you mean \"grams\""), "%s", errors.items[0].message);
    /* the misspelt level, named with the nearest level */
    cr_assert(strstr(errors.items[1].message, "'upper_primry' is not a level; did you mean 'upper_primary'"),
              "%s", errors.items[1].message);
    /* the day given twice, whatever its case */
    cr_assert(strstr(errors.items[2].message, "given twice"), "%s", errors.items[2].message);
    /* a dish name that is not text, and a quantity in quotes */
    cr_assert(strstr(errors.items[3].message, "name is text"), "%s", errors.items[3].message);
    cr_assert(strstr(errors.items[4].message, "must be a number"), "%s", errors.items[4].message);
    poshan_error_list_free(&errors);
}

Test(written, errors_beyond_the_limit_are_counted) {
    /* 60 ingredients with an unknown key each: 50 listed, then one saying 10 more */
    char json[8192] = "{\"name\": \"m\", \"days\": [{\"day\": \"Monday\", \"dishes\": [{\"name\": \"d\", \"ingredients\": [";
    for (int i = 0; i < 60; i++) strcat(json, i ? ",{\"food\": \"A015\", \"gram\": 1}" : "{\"food\": \"A015\", \"gram\": 1}");
    strcat(json, "]}]}]}");
    poshan_error_list errors = {0};
    cr_assert_eq(parse_errors(json, &errors), POSHAN_MENU_MAX_ERRORS + 1);
    cr_assert(strstr(errors.items[POSHAN_MENU_MAX_ERRORS].message, "and 10 more errors"), "%s",
              errors.items[POSHAN_MENU_MAX_ERRORS].message);
    poshan_error_list_free(&errors);
}

Test(written, first_error_says_how_many_others_there_are) {
    const char *json = MENU(DAY("Monday", DISH("Rice", "{\"food\": \"A015\", \"gms\": 100}, {\"food\": \"A015\", \"kgs\": 1}")));
    poshan_menu menu;
    poshan_error err;
    cr_assert_eq(poshan_menu_parse(&menu, json, strlen(json), "m.json", &foods, &norms, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "(and 1 more errors in this menu)"), "%s", err.message);
}

Test(written, household_units_per_child) {
    /* 10 ml groundnut oil = 9.21 g -> 82.89 kcal; 0.15 litres milk = 154.65 g -> 1.5465 * 3.26
     * = 5.04159 g protein; 1 egg = 50 g -> 6.64 g protein */
    poshan_menu menu;
    parse_ok(MENU(DAY("Monday", DISH("d", "{\"food\": \"T005\", \"ml\": 10}, {\"food\": \"L002\", \"litres\": 0.15},"
                                          "{\"food\": \"anda\", \"pieces\": 1}"))), &menu);
    const poshan_ingredient *in = menu.days[0].dishes[0].ingredients;
    cr_assert_float_eq(in[0].grams[primary], 9.21, 1e-9);
    cr_assert_float_eq(in[1].grams[primary], 154.65, 1e-9);
    cr_assert_float_eq(in[2].grams[upper], 50, 1e-9);
    poshan_level_result r;
    poshan_error err;
    cr_assert_eq(poshan_menu_evaluate(&menu, &norms, NULL, primary, &r, &err), POSHAN_OK);
    cr_assert_float_eq(r.days[0].dishes[0].nutrient[POSHAN_PROTEIN_G], 5.04159 + 6.64, 1e-9);
    poshan_level_result_free(&r);
    poshan_menu_free(&menu);
}

Test(written, a_unit_the_food_has_no_measure_for_is_refused) {
    poshan_error_list errors = {0};
    parse_errors(MENU(DAY("Monday", DISH("d", "{\"food\": \"A015\", \"pieces\": 2}, {\"food\": \"B021\", \"ml\": 20}"))),
                 &errors);
    cr_assert_eq(errors.count, 2);
    cr_assert(strstr(errors.items[0].message, "no weight per piece"), "%s", errors.items[0].message);
    cr_assert(strstr(errors.items[1].message, "no density"), "%s", errors.items[1].message);
    poshan_error_list_free(&errors);
}

Test(written, state_pot_per_100_children_per_level) {
    /* 10 kg rice for 100 primary children = 100 g each; 15 kg for 100 upper primary = 150 g */
    poshan_menu menu;
    parse_ok(MENU(DAY("Monday", "{\"name\": \"Rice\", \"serves\": 100, \"ingredients\": ["
                                "{\"food\": \"A015\", \"kg\": {\"primary\": 10, \"upper_primary\": 15}}]}")), &menu);
    cr_assert_float_eq(menu.days[0].dishes[0].ingredients[0].grams[primary], 100, 1e-9);
    cr_assert_float_eq(menu.days[0].dishes[0].ingredients[0].grams[upper], 150, 1e-9);
    cr_assert_eq(menu.warnings.count, 0);
    poshan_menu_free(&menu);
}

Test(written, one_pot_for_both_levels_is_shared_by_the_norms_and_says_so) {
    /* 14 kg rice for 80 primary and 40 upper primary children, shared 100 : 150 (cereal norms):
     * 80 * 100 + 40 * 150 = 14,000 g, so 100 g each primary and 150 g each upper primary child
     * (not 14,000 / 80 = 175 g and 14,000 / 40 = 350 g). Litres too: 0.76 litres of oil =
     * 699.96 g for 80 * 5 + 40 * 7.5 = 700 shares: 4.9997 g and 7.49957... g */
    poshan_menu menu;
    parse_ok(MENU(DAY("Monday", "{\"name\": \"Khichdi\", \"serves\": {\"primary\": 80, \"upper_primary\": 40},"
                                "\"ingredients\": [{\"food\": \"A015\", \"kg\": 14}, {\"food\": \"T005\", \"litres\": 0.76}]}")),
             &menu);
    const poshan_ingredient *in = menu.days[0].dishes[0].ingredients;
    cr_assert_float_eq(in[0].grams[primary], 100, 1e-9);
    cr_assert_float_eq(in[0].grams[upper], 150, 1e-9);
    cr_assert_float_eq(in[1].grams[primary], 699.96 * 5 / 700, 1e-9);
    cr_assert_float_eq(in[1].grams[upper], 699.96 * 7.5 / 700, 1e-9);
    cr_assert(menu.days[0].dishes[0].shared_pot);
    cr_assert_eq(menu.notes.count, 1);
    cr_assert(strstr(menu.notes.items[0].message, "shared in proportion to the levels' food-group norms (1 : 1.5)"),
              "%s", menu.notes.items[0].message);
    poshan_menu_free(&menu);
}

Test(written, a_per_child_share_written_as_a_pot_is_warned) {
    /* 0.02 kg dal for 120 children is 0.17 g each: the 20 g of one child written as the pot */
    poshan_menu menu;
    parse_ok(MENU(DAY("Monday", "{\"name\": \"Dal\", \"serves\": 120, \"ingredients\": [{\"food\": \"B021\", \"kg\": 0.02}]}")),
             &menu);
    cr_assert_eq(menu.warnings.count, 1);
    cr_assert(strstr(menu.warnings.items[0].message, "was one child's share written as the pot"), "%s",
              menu.warnings.items[0].message);
    cr_assert(strstr(menu.warnings.items[0].field, "Monday > Dal > B021"), "%s", menu.warnings.items[0].field);
    poshan_menu_free(&menu);
}

Test(written, grams_typed_as_kg_get_the_right_hint) {
    /* 2400 kg rice for 120 children is 20 kg each: 2400 g would be 20 g each */
    poshan_error_list errors = {0};
    parse_errors(MENU(DAY("Monday", "{\"name\": \"Rice\", \"serves\": 120, \"ingredients\": [{\"food\": \"A015\", \"kg\": 2400}]}")),
                 &errors);
    cr_assert_eq(errors.count, 1);
    cr_assert(strstr(errors.items[0].message, "was g meant, typed as kg? 2400 g for the pot would be 20.0 g per child"),
              "%s", errors.items[0].message);
    poshan_error_list_free(&errors);
    /* 24 kg of dal for 120 children is 200 g each, over five times the 30 g norm: evaluated, warned */
    poshan_menu menu;
    parse_ok(MENU(DAY("Monday", "{\"name\": \"Dal\", \"serves\": 120, \"ingredients\": [{\"food\": \"B021\", \"kg\": 24}]}")),
             &menu);
    cr_assert_eq(menu.warnings.count, 1);
    cr_assert(strstr(menu.warnings.items[0].message, "was g meant, typed as kg?"), "%s", menu.warnings.items[0].message);
    poshan_menu_free(&menu);
}

Test(written, litres_typed_for_ml_get_a_hint_in_ml) {
    /* 500 litres of groundnut oil (T005, 0.921 g/ml) for 100 children: 500 * 1000 * 0.921 / 100
     * = 4605 g each, above 1 kg: refused; 500 ml would be 4605 / 1000 = 4.6 g each */
    poshan_error_list errors = {0};
    parse_errors(MENU(DAY("Monday", "{\"name\": \"Tadka\", \"serves\": 100, \"ingredients\": [{\"food\": \"T005\", \"litres\": 500}]}")),
                 &errors);
    cr_assert_eq(errors.count, 1);
    cr_assert(strstr(errors.items[0].message, "was ml meant, typed as litres? 500 ml for the pot would be 4.6 g per child"),
              "%s", errors.items[0].message);
    cr_assert_null(strstr(errors.items[0].message, "g meant"), "%s", errors.items[0].message);
    poshan_error_list_free(&errors);
    /* 6 litres for 100 children: 6 * 1000 * 0.921 / 100 = 55.26 g each, over five times the
     * 5 g oil norm (primary): evaluated, warned in ml: 6 ml would be 0.05526 g, printed 0.1 */
    poshan_menu menu;
    parse_ok(MENU(DAY("Monday", "{\"name\": \"Tadka\", \"serves\": 100, \"ingredients\": [{\"food\": \"T005\", \"litres\": 6}]}")),
             &menu);
    cr_assert_eq(menu.warnings.count, 1);
    cr_assert(strstr(menu.warnings.items[0].message, "was ml meant, typed as litres? 6 ml would be 0.1 g per child"),
              "%s", menu.warnings.items[0].message);
    poshan_menu_free(&menu);
    /* 250000 g for 100 children is 2.5 kg each: no smaller unit to suggest, the amount is named */
    poshan_error_list more = {0};
    parse_errors(MENU(DAY("Monday", "{\"name\": \"Rice\", \"serves\": 100, \"ingredients\": [{\"food\": \"A015\", \"g\": 250000}]}")),
                 &more);
    cr_assert(strstr(more.items[0].message, "check the amount for the pot and the number of children"),
              "%s", more.items[0].message);
    poshan_error_list_free(&more);
}

Test(written, a_loose_name_is_read_and_the_output_says_how) {
    /* "wheat semolina": whole words of A022's name and of no other food's */
    poshan_menu menu;
    parse_ok(MENU(DAY("Monday", DISH("Upma", "{\"food\": \"wheat semolina\", \"grams\": 100}"))), &menu);
    cr_assert_str_eq(menu.days[0].dishes[0].ingredients[0].food->code, "A022");
    cr_assert_eq(menu.notes.count, 1);
    cr_assert(strstr(menu.notes.items[0].message, "'wheat semolina' was read as A022"), "%s", menu.notes.items[0].message);
    poshan_menu_free(&menu);
}

Test(written, hindi_menu_with_household_units_evaluates_on_the_command_line) {
    char *path = test_write_temp(".json",
        MENU(DAY("सोमवार", "{\"name\": \"खिचड़ी\", \"serves\": {\"primary\": 80, \"upper_primary\": 40}, \"ingredients\": ["
                           "{\"food\": \"चावल\", \"kg\": 14}, {\"food\": \"अरहर दाल\", \"kg\": 2.8}]},"
                           DISH("दूध", "{\"food\": \"दूध\", \"ml\": 150}"))));
    char args[256], *out;
    snprintf(args, sizeof args, "menu evaluate %s --format json", path);
    cr_assert_eq(test_run_poshan(args, &out, NULL), 0);
    cJSON *root = cJSON_Parse(out);
    cr_assert_not_null(root, "%s", out);
    /* the shared pot, and what चावल and दूध are read as (names of several kinds) */
    cJSON *notes = cJSON_GetObjectItem(root, "notes");
    cr_assert_eq(cJSON_GetArraySize(notes), 3, "%s", out);
    cr_assert(strstr(out, "'चावल' is read as A015") && strstr(out, "'दूध' is read as L002"), "%s", out);
    /* primary: 100 g rice + 20 g dal (shared 1 : 1.5) + 154.65 g milk:
     * protein 7.94 + 4.34 + 1.5465 * 3.26 = 17.32159 g */
    cJSON *day = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "levels"),
                                                                              "primary"), "days"), 0);
    cr_assert_float_eq(cJSON_GetObjectItem(day, "protein_g")->valuedouble, 7.94 + 4.34 + 1.5465 * 3.26, 1e-9);
    cJSON_Delete(root);
    free(out);
    unlink(path);
    free(path);
}

Test(written, a_dish_for_some_levels_only_gives_the_others_none) {
    /* 50 g curd (Z005, protein 3.47 g per 100 g) for primary children only:
     * primary 0.5 * 3.47 = 1.735 g; upper primary nothing */
    poshan_menu menu;
    parse_ok(MENU(DAY("Monday", "{\"name\": \"Dahi\", \"levels\": [\"primary\"], \"ingredients\": [{\"food\": \"दही\", \"grams\": 50}]}")),
             &menu);
    const poshan_ingredient *in = &menu.days[0].dishes[0].ingredients[0];
    cr_assert_float_eq(in->grams[primary], 50, 1e-9);
    cr_assert_eq(in->grams[upper], 0);
    poshan_level_result r;
    poshan_error err;
    cr_assert_eq(poshan_menu_evaluate(&menu, &norms, NULL, primary, &r, &err), POSHAN_OK);
    cr_assert_float_eq(r.days[0].total.nutrient[POSHAN_PROTEIN_G], 1.735, 1e-9);
    poshan_level_result_free(&r);
    poshan_menu_free(&menu);
    /* a quantity for a level the dish is not served to, and a level that is no level */
    poshan_error_list errors = {0};
    parse_errors(MENU(DAY("Monday", "{\"name\": \"Dahi\", \"levels\": [\"primary\"], \"ingredients\": "
                                    "[{\"food\": \"Z005\", \"grams\": {\"primary\": 50, \"upper_primary\": 75}}]},"
                                    "{\"name\": \"Fruit\", \"levels\": [\"primery\"], \"ingredients\": [{\"food\": \"फल\", \"grams\": 50}]}")),
                 &errors);
    cr_assert_eq(errors.count, 2);
    cr_assert(strstr(errors.items[0].message, "level 'upper_primary' is not among the dish's \"levels\""), "%s",
              errors.items[0].message);
    cr_assert(strstr(errors.items[1].message, "did you mean 'primary'?"), "%s", errors.items[1].message);
    poshan_error_list_free(&errors);
}
