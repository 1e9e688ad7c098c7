/* plan_json.c: an intervention's budget as JSON, the one form the command line
 * (`poshan plan --format json`) and the server (GET /api/plans/NAME) both give. */
#include "plan_json.h"

const char *poshan_plan_area_name(const poshan_plan_area *a) { return a->block[0] ? a->block : a->district; }

static cJSON *levels_json(const poshan_plan *p, const double *v) {
    cJSON *o = cJSON_CreateObject();
    for (size_t l = 0; l < p->nlevels; l++) cJSON_AddNumberToObject(o, p->level_names[l], v[l]);
    return o;
}

static cJSON *row_json(const poshan_plan *p, const poshan_plan_row *r) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "attending", levels_json(p, r->attending));
    cJSON_AddNumberToObject(o, "attending_total", r->attending_total);
    if (p->item) {
        cJSON_AddItemToObject(o, "quantity", levels_json(p, r->quantity));
        cJSON_AddNumberToObject(o, "quantity_total", r->quantity_total);
    }
    cJSON_AddNumberToObject(o, "cost_rs", r->cost_rs);
    cJSON_AddNumberToObject(o, "cost_lakh", r->cost_rs / 100000.0); /* rupees in a lakh */
    return o;
}

static cJSON *nutrients_json(const poshan_plan *p, const double (*v)[POSHAN_PLAN_NUTRIENTS]) {
    cJSON *o = cJSON_CreateObject();
    for (size_t l = 0; l < p->nlevels; l++) {
        cJSON *lv = cJSON_AddObjectToObject(o, p->level_names[l]);
        for (int k = 0; k < POSHAN_PLAN_NUTRIENTS; k++)
            cJSON_AddNumberToObject(lv, poshan_nutrient_column(poshan_plan_nutrients[k]), v[l][k]);
    }
    return o;
}

static cJSON *budget_json(const poshan_plan *p, const poshan_plan_budget *b) {
    cJSON *o = cJSON_CreateObject();
    if (p->item) cJSON_AddItemToObject(o, "serving", levels_json(p, b->serving));
    cJSON *areas = cJSON_AddArrayToObject(o, "areas");
    for (size_t a = 0; a < p->nareas; a++) {
        cJSON *row = row_json(p, &b->areas[a]);
        cJSON_AddStringToObject(row, "district", p->areas[a].district);
        if (p->areas[a].block[0]) cJSON_AddStringToObject(row, "block", p->areas[a].block);
        cJSON_AddNumberToObject(row, "schools", (double)p->areas[a].schools_total);
        cJSON_AddNumberToObject(row, "children", (double)p->areas[a].children);
        cJSON_AddItemToArray(areas, row);
    }
    cJSON *total = row_json(p, &b->total);
    cJSON_AddNumberToObject(total, "schools", (double)b->schools_total);
    cJSON_AddNumberToObject(total, "children", (double)b->children);
    cJSON_AddItemToObject(o, "total", total);
    if (p->item) {
        cJSON_AddItemToObject(o, "edible_g", levels_json(p, b->grams));
        cJSON_AddItemToObject(o, "added_per_serving_day", nutrients_json(p, b->per_day));
        cJSON_AddItemToObject(o, "added_per_school_day_year_average", nutrients_json(p, b->per_year_day));
        cJSON_AddNumberToObject(o, "rs_per_g_protein", b->rs_per_g_protein);
        cJSON_AddNumberToObject(o, "rs_per_100_kcal", b->rs_per_100_kcal);
    }
    cJSON_AddNumberToObject(o, "rs_per_child_year", b->rs_per_child_year);
    if (p->item) {
        cJSON_AddItemToObject(o, "cost_rs_by_level", levels_json(p, b->cost_rs_level));
        cJSON_AddItemToObject(o, "rs_per_child_year_by_level", levels_json(p, b->rs_per_child_year_level));
    }
    cJSON *fund = cJSON_AddObjectToObject(o, "funding_rs");
    static const char *const payers[] = {"central", "state", "csr"};
    for (int k = 0; k < 3; k++) cJSON_AddNumberToObject(fund, payers[k], b->funding_rs[k]);
    cJSON *checks = cJSON_AddArrayToObject(o, "checks");
    for (size_t i = 0; i < p->nstated; i++) {
        cJSON *c = cJSON_CreateObject();
        char label[80], worked_out[200];
        poshan_plan_figure_words(p, &p->stated[i], label, sizeof label, worked_out, sizeof worked_out);
        cJSON_AddStringToObject(c, "figure", p->stated[i].name);
        cJSON_AddStringToObject(c, "label", label);
        cJSON_AddStringToObject(c, "worked_out_as", worked_out);
        if (p->stated[i].area >= 0) cJSON_AddStringToObject(c, "area", poshan_plan_area_name(&p->areas[p->stated[i].area]));
        cJSON_AddStringToObject(c, "where", p->stated[i].where);
        cJSON_AddNumberToObject(c, "stated", p->stated[i].value);
        cJSON_AddNumberToObject(c, "computed", b->computed[i]);
        cJSON_AddBoolToObject(c, "agrees", b->agrees[i]);
        cJSON_AddItemToArray(checks, c);
    }
    return o;
}

cJSON *poshan_plan_json(const poshan_plan *p, const poshan_plan_result *r) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", p->name);
    cJSON_AddStringToObject(o, "file", p->path);
    if (p->item) {
        static const char *const serving_units[] = {"", "ml", "g", "piece"};
        cJSON_AddStringToObject(o, "item", p->item->code);
        cJSON_AddStringToObject(o, "serving_unit", serving_units[p->serving_unit]);
        cJSON_AddStringToObject(o, "quantity_unit", poshan_plan_quantity_unit(p));
    }
    cJSON_AddNumberToObject(o, "days_per_year", p->days_per_year);
    cJSON_AddItemToObject(o, "as_written", budget_json(p, &r->as_written));
    if (r->has_implied) cJSON_AddItemToObject(o, "as_table_implies", budget_json(p, &r->as_implied));
    cJSON *notes = cJSON_AddArrayToObject(o, "contradictions");
    for (size_t i = 0; i < r->nnotes; i++) cJSON_AddItemToArray(notes, cJSON_CreateString(r->notes[i]));
    cJSON *unchecked = cJSON_AddArrayToObject(o, "not_checked");
    for (size_t i = 0; i < p->nnot_checked; i++) cJSON_AddItemToArray(unchecked, cJSON_CreateString(p->not_checked[i]));
    return o;
}
