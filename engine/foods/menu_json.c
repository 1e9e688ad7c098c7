/* menu_json.c: a menu's evaluation as JSON (see menu_json.h). The field names
 * are the API's contract: the CLI and the server both print this document. */
#include "menu_json.h"

#include <stdio.h>

#include "i18n.h"

const poshan_nutrient poshan_menu_shown[POSHAN_MENU_NSHOWN] = {
    POSHAN_ENERGY_KCAL, POSHAN_PROTEIN_G, POSHAN_FAT_G,   POSHAN_CARBOHYDRATE_G, POSHAN_FIBRE_G,
    POSHAN_IRON_MG,     POSHAN_CALCIUM_MG, POSHAN_ZINC_MG, POSHAN_FOLATE_UG,      POSHAN_VITAMIN_C_MG};

static void add_nutrients(cJSON *o, const poshan_meal *meal) {
    for (size_t i = 0; i < POSHAN_MENU_NSHOWN; i++)
        cJSON_AddNumberToObject(o, poshan_nutrient_column(poshan_menu_shown[i]),
                                meal->nutrient[poshan_menu_shown[i]]);
}

static void add_judgement(cJSON *o, const poshan_judgement *j) {
    cJSON_AddNumberToObject(o, "energy_from_fat_pct", j->energy_from_fat_pct);
    cJSON_AddNumberToObject(o, "energy_from_protein_pct", j->energy_from_protein_pct);
    cJSON_AddBoolToObject(o, "meets_energy_norm", j->meets_energy);
    cJSON_AddBoolToObject(o, "meets_protein_norm", j->meets_protein);
    cJSON_AddNumberToObject(o, "energy_shortfall_kcal", j->energy_shortfall_kcal);
    cJSON_AddNumberToObject(o, "protein_shortfall_g", j->protein_shortfall_g);
}

static void add_groups(cJSON *o, const poshan_meal *meal, const poshan_norms *norms, int level) {
    cJSON *groups = cJSON_AddObjectToObject(o, "food_groups_g");
    for (size_t g = 0; g < norms->ngroups; g++) {
        cJSON *one = cJSON_AddObjectToObject(groups, norms->groups[g].name);
        cJSON_AddNumberToObject(one, "grams", meal->group_g[g]);
        cJSON_AddNumberToObject(one, "norm", norms->levels[level].group_g[g]);
    }
}

static void add_cost(cJSON *o, const poshan_meal *meal, const poshan_level_norm *norm) {
    cJSON *cost = cJSON_AddObjectToObject(o, "cost");
    cJSON_AddNumberToObject(cost, "rs_per_child", meal->cost_rs);
    cJSON_AddNumberToObject(cost, "allowed_rs", norm->cost_rs_per_meal);
    cJSON_AddBoolToObject(cost, "within_allowed", !poshan_meal_over_cost(meal, norm));
    cJSON_AddNumberToObject(cost, "unpriced_ingredients", meal->unpriced);
}

static cJSON *level_json(const poshan_menu *menu, const poshan_level_result *r,
                         const poshan_norms *norms, int priced) {
    const poshan_level_norm *norm = &norms->levels[r->level];
    cJSON *lv = cJSON_CreateObject();
    cJSON *nj = cJSON_AddObjectToObject(lv, "norms");
    cJSON_AddNumberToObject(nj, "energy_kcal", norm->energy_kcal);
    cJSON_AddNumberToObject(nj, "protein_g", norm->protein_g);
    cJSON_AddNumberToObject(nj, "cooking_cost_rs", norm->cost_rs_per_meal);
    cJSON_AddStringToObject(nj, "cooking_cost_year", norm->cost_year);
    cJSON *days = cJSON_AddArrayToObject(lv, "days");
    for (size_t d = 0; d < r->ndays; d++) {
        const poshan_day_result *day = &r->days[d];
        cJSON *dj = cJSON_CreateObject();
        cJSON_AddStringToObject(dj, "day", day->day);
        add_nutrients(dj, &day->total);
        add_judgement(dj, &day->judged);
        add_groups(dj, &day->total, norms, r->level);
        if (priced) add_cost(dj, &day->total, norm);
        cJSON *dishes = cJSON_AddArrayToObject(dj, "dishes");
        for (size_t k = 0; k < day->ndishes; k++) {
            cJSON *kj = cJSON_CreateObject();
            cJSON_AddStringToObject(kj, "name", menu->days[d].dishes[k].name);
            add_nutrients(kj, &day->dishes[k]);
            cJSON_AddItemToArray(dishes, kj);
        }
        cJSON_AddItemToArray(days, dj);
    }
    cJSON *week = cJSON_AddObjectToObject(lv, "week");
    add_nutrients(week, &r->week);
    add_judgement(week, &r->week_judged);
    add_groups(week, &r->week, norms, r->level);
    if (priced) add_cost(week, &r->week, norm);
    cJSON *below_e = cJSON_AddArrayToObject(week, "days_below_energy_norm");
    cJSON *below_p = cJSON_AddArrayToObject(week, "days_below_protein_norm");
    for (size_t d = 0; d < r->ndays; d++) {
        if (!r->days[d].judged.meets_energy) cJSON_AddItemToArray(below_e, cJSON_CreateString(r->days[d].day));
        if (!r->days[d].judged.meets_protein) cJSON_AddItemToArray(below_p, cJSON_CreateString(r->days[d].day));
    }
    return lv;
}

/* "Monday > Khichdi: serves: one pot for ..." */
static cJSON *located_list(const poshan_error_list *list) {
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < list->count; i++) {
        char text[sizeof list->items[i].field + sizeof list->items[i].message + 4];
        snprintf(text, sizeof text, "%s%s%s", list->items[i].field, list->items[i].field[0] ? ": " : "",
                 list->items[i].message);
        cJSON_AddItemToArray(arr, cJSON_CreateString(text));
    }
    return arr;
}

poshan_status poshan_menu_json(const poshan_menu *menu, const poshan_norms *norms,
                               const poshan_prices *prices, int level, cJSON **out,
                               poshan_error *err) {
    int first = level < 0 ? 0 : level, last = level < 0 ? (int)norms->nlevels - 1 : level;
    cJSON *root = cJSON_CreateObject();
    if (root == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    cJSON_AddStringToObject(root, "menu", menu->name);
    if (prices) cJSON_AddStringToObject(root, "cost_note", norms->supplied_free_note);
    cJSON_AddItemToObject(root, "notes", located_list(&menu->notes));
    cJSON_AddItemToObject(root, "warnings", located_list(&menu->warnings));
    cJSON *levels = cJSON_AddObjectToObject(root, "levels");
    for (int L = first; L <= last; L++) {
        poshan_level_result r;
        poshan_status st = poshan_menu_evaluate(menu, norms, prices, L, &r, err);
        if (st != POSHAN_OK) {
            cJSON_Delete(root);
            return st;
        }
        cJSON_AddItemToObject(levels, norms->levels[L].name, level_json(menu, &r, norms, prices != NULL));
        poshan_level_result_free(&r);
    }
    *out = root;
    return POSHAN_OK;
}
