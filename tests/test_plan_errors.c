/* test_plan_errors.c: a wrong intervention file is refused with the file and
 * the field named, in words a committee clerk can act on; nothing becomes a
 * silent zero. Each test changes one thing in a small valid file (one block
 * of the egg proposal, Intervention 4). */
#include "plan_helpers.h"

#include "plan.h"

static poshan_foods foods;
static poshan_norms norms;

static void load_data(void) {
    test_load_foods_and_norms(&foods, &norms);
}

static void free_data(void) { poshan_foods_free(&foods); }

TestSuite(plan_errors, .init = load_data, .fini = free_data);

static const char valid[] =
    "{\"name\": \"Egg\",\n"
    " \"item\": {\"code\": \"M004\", \"serving_unit\": \"piece\",\n"
    "          \"serving\": {\"primary\": 1, \"upper_primary\": 1}, \"grams_per_piece\": 50},\n"
    " \"days\": {\"per_week\": 2, \"weeks\": 35},\n"
    " \"price\": {\"rs\": 5.5, \"per\": \"piece\"},\n"
    " \"attendance\": {\"factor\": 1, \"round_to_whole_children\": true},\n"
    " \"funding_pct\": {\"central\": 60, \"state\": 40, \"csr\": 0},\n"
    " \"area_kind\": \"block\",\n"
    " \"areas\": [{\"district\": \"Jashpur\", \"block\": \"Kunkuri\",\n"
    "             \"enrolled\": {\"primary\": 7277, \"upper_primary\": 4529},\n"
    "             \"stated\": {\"cost_rs\": 4545310}}]}\n";

/* Loads `valid` with the first `from` replaced by `to`; returns the status. */
static poshan_status load_variant(const char *from, const char *to, poshan_error *err) {
    const char *at = strstr(valid, from);
    cr_assert_not_null(at, "the test's text '%s' is not in the valid file", from);
    char text[4096];
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - valid), valid, to, at + strlen(from));
    char *path = test_write_temp(".json", text);
    poshan_plan plan;
    poshan_status st = poshan_plan_load(&plan, path, &foods, &norms, err);
    if (st != POSHAN_OK) cr_assert_str_eq(err->file, path, "the error must name the file");
    unlink(path);
    free(path);
    return st;
}

Test(plan_errors, the_valid_file_loads_and_its_stated_cost_agrees) {
    poshan_error err;
    cr_assert_eq(load_variant("Egg", "Egg", &err), POSHAN_OK, "%s: %s", err.field, err.message);
}

Test(plan_errors, an_unknown_item_code_names_item_code) {
    poshan_error err;
    cr_assert_eq(load_variant("M004", "M999", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "item.code");
    cr_assert(strstr(err.message, "M999") != NULL, "%s", err.message);
}

Test(plan_errors, a_missing_level_of_enrolment_names_the_area_and_level) {
    poshan_error err;
    cr_assert_eq(load_variant(", \"upper_primary\": 4529", "", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "areas[0].enrolled.upper_primary");
}

Test(plan_errors, enrolment_written_with_commas_in_quotes_is_refused) {
    poshan_error err;
    cr_assert_eq(load_variant("7277", "\"7,277\"", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "areas[0].enrolled.primary");
    cr_assert(strstr(err.message, "without quotes or commas") != NULL, "%s", err.message);
}

Test(plan_errors, attendance_written_as_a_percentage_is_refused) {
    poshan_error err;
    cr_assert_eq(load_variant("\"factor\": 1", "\"factor\": 85", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "attendance.factor");
    cr_assert(strstr(err.message, "0.85") != NULL, "%s", err.message);
}

Test(plan_errors, funding_shares_must_add_to_100) {
    poshan_error err;
    cr_assert_eq(load_variant("\"state\": 40", "\"state\": 30", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "funding_pct");
    cr_assert(strstr(err.message, "90") != NULL, "%s", err.message);
}

Test(plan_errors, an_unknown_stated_figure_names_it) {
    poshan_error err;
    cr_assert_eq(load_variant("\"cost_rs\"", "\"rupees\"", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "areas[0].stated.rupees");
}

Test(plan_errors, a_price_per_litre_for_eggs_is_refused) {
    poshan_error err;
    cr_assert_eq(load_variant("\"per\": \"piece\"", "\"per\": \"litre\"", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "price.per");
}

Test(plan_errors, a_block_plan_needs_each_block_named) {
    poshan_error err;
    cr_assert_eq(load_variant("\"block\": \"Kunkuri\",", "", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "areas[0].block");
}

Test(plan_errors, malformed_json_gives_the_line) {
    poshan_error err;
    cr_assert_eq(load_variant("\"area_kind\": \"block\",", "\"area_kind\": \"block\"", &err), POSHAN_EINPUT);
    cr_assert_eq(err.line, 9); /* the line after the missing comma */
}

Test(plan_errors, eggs_without_grams_per_piece_are_refused) {
    poshan_error err;
    cr_assert_eq(load_variant(", \"grams_per_piece\": 50", "", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "item.grams_per_piece");
}

Test(plan_errors, a_misspelt_optional_key_is_refused_rather_than_taken_as_zero) {
    poshan_error err;
    cr_assert_eq(load_variant("\"per\": \"piece\"", "\"per\": \"piece\", \"tax_pc\": 12", &err), POSHAN_EINPUT);
    cr_assert_str_eq(err.field, "price");
    cr_assert(strstr(err.message, "tax_pc") != NULL, "%s", err.message);
}

/* A list where an object belongs has members without names: it is refused by
 * its field, never looked into (it crashed the key check before). */
Test(plan_errors, a_list_where_an_object_belongs_names_that_field) {
    static const char *const cases[][3] = {
        {"{\"factor\": 1, \"round_to_whole_children\": true}", "[1]", "attendance"},
        {"{\"rs\": 5.5, \"per\": \"piece\"}", "[\"rs\", 5.5]", "price"},
        {"{\"per_week\": 2, \"weeks\": 35}", "[2, 35]", "days"},
        {"{\"central\": 60, \"state\": 40, \"csr\": 0}", "[60, 40, 0]", "funding_pct"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        poshan_error err;
        cr_assert_eq(load_variant(cases[i][0], cases[i][1], &err), POSHAN_EINPUT, "case %zu", i);
        cr_assert_str_eq(err.field, cases[i][2], "case %zu: %s", i, err.message);
    }
}

Test(plan_errors, a_file_that_is_a_list_is_not_an_intervention_file) {
    poshan_plan plan;
    poshan_error err;
    cr_assert_eq(poshan_plan_parse(&plan, "[1, 2]", 6, "list.json", &foods, &norms, &err), POSHAN_EINPUT);
    cr_assert(strstr(err.message, "one JSON object") != NULL, "%s", err.message);
}
