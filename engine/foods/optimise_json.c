/* optimise_json.c: the optimiser's result as JSON, and a menu written back in
 * the ordinary menu format (see optimise.h). The nutrients of each day are not
 * computed here: they are `menu evaluate`'s own document (poshan_menu_json). */
#include "optimise.h"

#include "i18n.h"
#include "menu_json.h"

const char *poshan_opt_status_name(poshan_opt_status status) {
    switch (status) {
    case POSHAN_OPT_OPTIMAL: return "optimal";
    case POSHAN_OPT_TIME_LIMIT: return "time_limit";
    case POSHAN_OPT_INFEASIBLE: return "infeasible";
    }
    return "unknown";
}

/* {"primary": 100, "upper_primary": 150}: one number for each level in served (bits). */
static cJSON *grams_json(const double *grams, const poshan_norms *norms, unsigned served) {
    cJSON *g = cJSON_CreateObject();
    for (size_t L = 0; L < norms->nlevels; L++)
        if (served >> L & 1u) cJSON_AddNumberToObject(g, norms->levels[L].name, grams[L]);
    return g;
}

/* The levels a dish gives anything to, as bits. */
static unsigned levels_served(const poshan_dish *dish, const poshan_norms *norms) {
    unsigned served = 0;
    for (size_t i = 0; i < dish->count; i++)
        for (size_t L = 0; L < norms->nlevels; L++)
            if (dish->ingredients[i].grams[L] > 0 && poshan_dish_serves_level(dish, L)) served |= 1u << L;
    return served;
}

/* Only real amounts are written: an ingredient no level gets is left out, a dish no
 * level gets too, and a dish some levels do not get says which it is served to
 * ("levels"), rather than giving the others 0 g. */
cJSON *poshan_menu_to_json(const poshan_menu *menu, const poshan_norms *norms) {
    unsigned every = (1u << norms->nlevels) - 1;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "name", menu->name);
    cJSON *days = cJSON_AddArrayToObject(root, "days");
    for (size_t d = 0; d < menu->ndays; d++) {
        cJSON *day = cJSON_CreateObject();
        cJSON_AddStringToObject(day, "day", menu->days[d].day);
        cJSON *dishes = cJSON_AddArrayToObject(day, "dishes");
        for (size_t k = 0; k < menu->days[d].count; k++) {
            const poshan_dish *dish = &menu->days[d].dishes[k];
            unsigned served = levels_served(dish, norms);
            if (served == 0) continue;
            cJSON *dj = cJSON_CreateObject();
            cJSON_AddStringToObject(dj, "name", dish->name);
            if (served != every) {
                cJSON *lv = cJSON_AddArrayToObject(dj, "levels");
                for (size_t L = 0; L < norms->nlevels; L++)
                    if (served >> L & 1u) cJSON_AddItemToArray(lv, cJSON_CreateString(norms->levels[L].name));
            }
            cJSON *ings = cJSON_AddArrayToObject(dj, "ingredients");
            for (size_t i = 0; i < dish->count; i++) {
                const poshan_ingredient *in = &dish->ingredients[i];
                int any = 0;
                for (size_t L = 0; L < norms->nlevels; L++) any |= (served >> L & 1u) && in->grams[L] > 0;
                if (!any) continue;
                cJSON *ij = cJSON_CreateObject();
                cJSON_AddStringToObject(ij, "food", in->food->code);
                cJSON_AddItemToObject(ij, "grams", grams_json(in->grams, norms, served));
                cJSON_AddItemToArray(ings, ij);
            }
            cJSON_AddItemToArray(dishes, dj);
        }
        cJSON_AddItemToArray(days, day);
    }
    return root;
}

static cJSON *row_json(const poshan_opt_row_info *row, const char *what_key, const poshan_menu *menu,
                       const poshan_norms *norms) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, what_key, row->what);
    cJSON_AddStringToObject(o, "bound", row->is_min ? "min" : "max");
    cJSON_AddStringToObject(o, "level", norms->levels[row->level].name);
    cJSON_AddStringToObject(o, "day", menu->days[row->day].day);
    cJSON_AddNumberToObject(o, "target", row->target);
    return o;
}

/* Each ingredient whose grams the fix changed. */
static void add_changes(cJSON *root, const poshan_menu *before, const poshan_menu *after,
                        const poshan_norms *norms, const int *levels, size_t nlevels) {
    cJSON *changes = cJSON_AddArrayToObject(root, "changes");
    for (size_t d = 0; d < before->ndays; d++)
        for (size_t k = 0; k < before->days[d].count; k++)
            for (size_t i = 0; i < before->days[d].dishes[k].count; i++)
                for (size_t li = 0; li < nlevels; li++) {
                    const poshan_ingredient *a = &before->days[d].dishes[k].ingredients[i];
                    const poshan_ingredient *b = &after->days[d].dishes[k].ingredients[i];
                    int L = levels[li];
                    if (a->grams[L] == b->grams[L]) continue;
                    cJSON *c = cJSON_CreateObject();
                    cJSON_AddStringToObject(c, "day", before->days[d].day);
                    cJSON_AddStringToObject(c, "dish", before->days[d].dishes[k].name);
                    cJSON_AddStringToObject(c, "food", a->food->code);
                    cJSON_AddStringToObject(c, "level", norms->levels[L].name);
                    cJSON_AddNumberToObject(c, "from_g", a->grams[L]);
                    cJSON_AddNumberToObject(c, "to_g", b->grams[L]);
                    cJSON_AddItemToArray(changes, c);
                }
}

poshan_status poshan_opt_result_json(const poshan_opt_result *result, const poshan_menu *before,
                                     const poshan_norms *norms, const poshan_prices *prices,
                                     const int *levels, size_t nlevels, cJSON **out,
                                     poshan_error *err) {
    const poshan_menu *menu = &result->menu;
    cJSON *root = cJSON_CreateObject();
    if (root == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    cJSON_AddStringToObject(root, "name", menu->name);
    cJSON_AddStringToObject(root, "status", poshan_opt_status_name(result->status));
    cJSON *solver = cJSON_AddObjectToObject(root, "solver");
    cJSON_AddStringToObject(solver, "program", result->mip ? "mixed-integer" : "linear");
    cJSON_AddNumberToObject(solver, "gap", result->gap);
    cJSON_AddBoolToObject(solver, "time_limit_hit", result->time_limit_hit);
    cJSON_AddNumberToObject(solver, "objective", result->objective);
    if (prices) {
        cJSON *cost = cJSON_AddObjectToObject(root, "cost_rs");
        double total = 0;
        for (size_t li = 0; li < nlevels; li++) {
            double rs = poshan_opt_menu_cost_rs(menu, norms, prices, levels[li]);
            cJSON_AddNumberToObject(cost, norms->levels[levels[li]].name, rs);
            total += rs;
        }
        cJSON_AddNumberToObject(cost, "total", total);
    }
    cJSON *days = cJSON_AddArrayToObject(root, "days");
    for (size_t d = 0; d < menu->ndays; d++) {
        cJSON *day = cJSON_CreateObject();
        cJSON_AddStringToObject(day, "day", menu->days[d].day);
        cJSON *foods = cJSON_AddArrayToObject(day, "foods");
        for (size_t k = 0; k < menu->days[d].count; k++)
            for (size_t i = 0; i < menu->days[d].dishes[k].count; i++) {
                const poshan_ingredient *ing = &menu->days[d].dishes[k].ingredients[i];
                cJSON *f = cJSON_CreateObject();
                cJSON_AddStringToObject(f, "dish", menu->days[d].dishes[k].name);
                cJSON_AddStringToObject(f, "food", ing->food->code);
                cJSON_AddStringToObject(f, "name", ing->food->name);
                cJSON *g = cJSON_AddObjectToObject(f, "grams");
                for (size_t li = 0; li < nlevels; li++)
                    cJSON_AddNumberToObject(g, norms->levels[levels[li]].name, ing->grams[levels[li]]);
                cJSON_AddItemToArray(foods, f);
            }
        cJSON_AddItemToArray(days, day);
    }
    if (before) add_changes(root, before, menu, norms, levels, nlevels);
    cJSON *binding = cJSON_AddArrayToObject(root, "binding");
    for (size_t b = 0; b < result->nbinding; b++) {
        cJSON *o = row_json(&result->binding[b].row, "constraint", menu, norms);
        cJSON_AddNumberToObject(o, "dual_rs", result->binding[b].dual);
        cJSON_AddItemToArray(binding, o);
    }
    cJSON *shortfalls = cJSON_AddArrayToObject(root, "shortfalls");
    for (size_t s = 0; s < result->nshortfalls; s++) {
        cJSON *o = row_json(&result->shortfalls[s].row, "nutrient", menu, norms);
        cJSON_AddNumberToObject(o, "achieved", result->shortfalls[s].achieved);
        cJSON_AddNumberToObject(o, "shortfall", result->shortfalls[s].shortfall);
        cJSON_AddItemToArray(shortfalls, o);
    }
    /* each day's nutrients exactly as `menu evaluate --format json` gives them */
    cJSON *evaluation = NULL, *levels_json = NULL;
    for (size_t li = 0; li < nlevels; li++) {
        cJSON *one;
        poshan_status st = poshan_menu_json(menu, norms, prices, levels[li], &one, err);
        if (st != POSHAN_OK) {
            cJSON_Delete(root);
            cJSON_Delete(evaluation);
            return st;
        }
        if (evaluation == NULL) {
            evaluation = one;
            levels_json = cJSON_GetObjectItemCaseSensitive(one, "levels");
            continue;
        }
        cJSON *level = cJSON_DetachItemFromObjectCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(one, "levels"), norms->levels[levels[li]].name);
        cJSON_AddItemToObject(levels_json, norms->levels[levels[li]].name, level);
        cJSON_Delete(one);
    }
    cJSON_AddItemToObject(root, "evaluation", evaluation);
    *out = root;
    return POSHAN_OK;
}
