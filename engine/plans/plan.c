/* plan.c: reading and checking an intervention file into a poshan_plan (see
 * plan.h). Every complaint names the file and the field, in words a committee
 * clerk can act on. The arithmetic is in plan_budget.c. */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jsonread.h"

typedef struct loader {
    poshan_plan *plan;
    const poshan_norms *norms;
    const char *path;
    poshan_error *err;
} loader;

static poshan_status bad(loader *L, const char *field, const char *message) {
    return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, field, _("%s"), message);
}

/* A number at obj[key]; must be >= min (and > 0 when positive is set). */
static poshan_status get_number(loader *L, const cJSON *obj, const char *key, const char *field,
                                int positive, double *out) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0 ||
        (positive && v->valuedouble == 0))
        return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, field,
                                _("must be a number%s (write it without quotes or commas)"),
                                positive ? " above zero" : " of zero or more");
    *out = v->valuedouble;
    return POSHAN_OK;
}

static poshan_status get_count(loader *L, const cJSON *obj, const char *key, const char *field,
                               long *out) {
    double v;
    poshan_status st = get_number(L, obj, key, field, 0, &v);
    if (st != POSHAN_OK) return st;
    if (v != floor(v) || v > 1e12) return bad(L, field, _("must be a whole number of schools or children"));
    *out = (long)v;
    return POSHAN_OK;
}

static poshan_status get_text(loader *L, const cJSON *obj, const char *key, const char *field,
                              int required, char *out, size_t size) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL && !required) { out[0] = '\0'; return POSHAN_OK; }
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
        return bad(L, field, _("must be text in quotes, and not empty"));
    if (strlen(v->valuestring) >= size)
        return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, field,
                                _("is too long (at most %zu characters)"), size - 1);
    snprintf(out, size, "%s", v->valuestring);
    return POSHAN_OK;
}

static poshan_status get_flag(loader *L, const cJSON *obj, const char *key, const char *field,
                              int *out) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL) { *out = 0; return POSHAN_OK; }
    if (!cJSON_IsBool(v)) return bad(L, field, _("must be true or false"));
    *out = cJSON_IsTrue(v);
    return POSHAN_OK;
}

/* Refuses a key the format does not know, so that a misspelt optional key
 * ("tax_pc") is not silently taken as zero. "why" is a note anywhere. An absent
 * obj has no keys; anything else that is not an object (a list, a number) is
 * refused here, before its members (which have no names) are looked at. */
static poshan_status known_keys(loader *L, const cJSON *obj, const char *const *keys, const char *field) {
    if (obj == NULL) return POSHAN_OK;
    if (!cJSON_IsObject(obj))
        return bad(L, field[0] ? field : "", field[0] ? "must be an object of \"key\": value, in braces { }"
                                                      : "an intervention file must be one JSON object");
    const cJSON *v;
    cJSON_ArrayForEach(v, obj) {
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], v->string) != 0) k++;
        if (keys[k] == NULL && strcmp(v->string, "why") != 0)
            return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, field[0] ? field : v->string,
                                    _("'%s' is not a key of an intervention file here (see "
                                    "docs/formats/intervention.md); check its spelling"), v->string);
    }
    return POSHAN_OK;
}

static int word_index(const char *text, const char *const *words, int nwords) {
    for (int i = 0; i < nwords; i++)
        if (strcmp(text, words[i]) == 0) return i;
    return -1;
}

/* A per-level object { "primary": 100, "upper_primary": 200 }: every level of norms.json. */
static poshan_status get_levels(loader *L, const cJSON *obj, const char *field, double *out,
                                int positive) {
    if (!cJSON_IsObject(obj)) return bad(L, field, _("must give a figure for each level, e.g. "
                                                   "{\"primary\": 100, \"upper_primary\": 200}"));
    const cJSON *v;
    cJSON_ArrayForEach(v, obj) {
        if (poshan_norms_level_index(L->norms, v->string) < 0) {
            char f[200];
            snprintf(f, sizeof f, "%s.%s", field, v->string);
            return bad(L, f, _("is not a level of norms.json (primary, upper_primary)"));
        }
    }
    for (size_t l = 0; l < L->norms->nlevels; l++) {
        char f[200];
        snprintf(f, sizeof f, "%s.%s", field, L->norms->levels[l].name);
        poshan_status st = get_number(L, obj, L->norms->levels[l].name, f, positive, &out[l]);
        if (st != POSHAN_OK) return st;
    }
    return POSHAN_OK;
}

static poshan_status load_item(loader *L, const cJSON *root, const poshan_foods *foods) {
    poshan_plan *p = L->plan;
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, "item");
    if (item == NULL) return POSHAN_OK; /* nothing served: kitchen garden */
    if (!cJSON_IsObject(item)) return bad(L, "item", _("must be an object with code, serving_unit and serving"));
    char code[32], unit[16];
    static const char *const keys[] = {"code", "serving_unit", "serving", "grams_per_piece", NULL};
    poshan_status st = known_keys(L, item, keys, "item");
    if (st != POSHAN_OK) return st;
    if ((st = get_text(L, item, "code", "item.code", 1, code, sizeof code))) return st;
    p->item = poshan_foods_find(foods, code);
    if (p->item == NULL)
        return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, "item.code",
                                _("'%s' is not a food or product code (see `poshan foods search`)"), code);
    if ((st = get_text(L, item, "serving_unit", "item.serving_unit", 1, unit, sizeof unit))) return st;
    static const char *const units[] = {"ml", "g", "piece"};
    int u = word_index(unit, units, 3);
    if (u < 0) return bad(L, "item.serving_unit", _("must be \"ml\", \"g\" or \"piece\""));
    p->serving_unit = (poshan_serving_unit)(u + 1);
    if ((st = get_levels(L, cJSON_GetObjectItemCaseSensitive(item, "serving"), "item.serving", p->serving, 0)))
        return st;
    if (p->serving_unit == POSHAN_SERVING_PIECE)
        return get_number(L, item, "grams_per_piece", "item.grams_per_piece", 1, &p->grams_per_piece);
    if (p->serving_unit == POSHAN_SERVING_ML && !(p->item->density_g_per_ml > 0))
        return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, "item.serving_unit",
                                _("is ml, but %s has no density in the food table to turn ml into grams"),
                                p->item->code);
    return POSHAN_OK;
}

static poshan_status load_days(loader *L, const cJSON *root) {
    poshan_plan *p = L->plan;
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(root, "days");
    if (!cJSON_IsObject(days))
        return bad(L, "days", _("must be {\"per_week\": 2, \"weeks\": 35} or {\"per_year\": 225}"));
    static const char *const keys[] = {"per_week", "weeks", "per_year", NULL};
    poshan_status st = known_keys(L, days, keys, "days");
    if (st != POSHAN_OK) return st;
    if (cJSON_GetObjectItemCaseSensitive(days, "per_year"))
        return get_number(L, days, "per_year", "days.per_year", 1, &p->days_per_year);
    if ((st = get_number(L, days, "per_week", "days.per_week", 1, &p->days_per_week)) ||
        (st = get_number(L, days, "weeks", "days.weeks", 1, &p->weeks)))
        return st;
    if (p->days_per_week > 7) return bad(L, "days.per_week", _("cannot be more than 7"));
    p->days_per_year = p->days_per_week * p->weeks;
    return POSHAN_OK;
}

static poshan_status load_money(loader *L, const cJSON *root) {
    poshan_plan *p = L->plan;
    const cJSON *price = cJSON_GetObjectItemCaseSensitive(root, "price");
    const cJSON *att = cJSON_GetObjectItemCaseSensitive(root, "attendance");
    const cJSON *rounding = cJSON_GetObjectItemCaseSensitive(root, "rounding");
    const cJSON *fund = cJSON_GetObjectItemCaseSensitive(root, "funding_pct");
    static const char *const price_keys[] = {"rs", "per", "tax_pct", NULL};
    static const char *const att_keys[] = {"factor", "round_to_whole_children", NULL};
    static const char *const rounding_keys[] = {"quantity_to_whole_units", NULL};
    static const char *const payers[] = {"central", "state", "csr", NULL};
    poshan_status st;
    if ((st = known_keys(L, price, price_keys, "price")) || (st = known_keys(L, att, att_keys, "attendance")) ||
        (st = known_keys(L, rounding, rounding_keys, "rounding")) ||
        (st = known_keys(L, fund, payers, "funding_pct")))
        return st;
    char per[16];
    if ((st = get_number(L, price, "rs", "price.rs", 0, &p->price_rs)) ||
        (st = get_text(L, price, "per", "price.per", 1, per, sizeof per)))
        return st;
    static const char *const bases[] = {"litre", "kg", "piece", "child_day", "school"};
    int b = word_index(per, bases, 5);
    if (b < 0) return bad(L, "price.per", _("must be \"litre\", \"kg\", \"piece\", \"child_day\" or \"school\""));
    p->price_per = (poshan_price_basis)b;
    static const poshan_serving_unit needs[] = {POSHAN_SERVING_ML, POSHAN_SERVING_G, POSHAN_SERVING_PIECE};
    if (b <= POSHAN_PRICE_PER_PIECE && p->serving_unit != needs[b])
        return bad(L, "price.per", _("a price per litre needs servings in ml, per kg servings in g, "
                                   "per piece servings in pieces"));
    p->tax_pct = 0;
    if (cJSON_GetObjectItemCaseSensitive(price, "tax_pct") &&
        (st = get_number(L, price, "tax_pct", "price.tax_pct", 0, &p->tax_pct)))
        return st;
    if ((st = get_number(L, att, "factor", "attendance.factor", 1, &p->attendance_factor)) ||
        (st = get_flag(L, att, "round_to_whole_children", "attendance.round_to_whole_children",
                       &p->round_attending)) ||
        (st = get_flag(L, rounding, "quantity_to_whole_units",
                       "rounding.quantity_to_whole_units", &p->round_quantity)))
        return st;
    if (p->attendance_factor > 1) return bad(L, "attendance.factor", _("is a share of the children: 0.85 for 85 %, at most 1"));
    static const char *const fields[] = {"funding_pct.central", "funding_pct.state", "funding_pct.csr"};
    double sum = 0;
    for (int k = 0; k < 3; k++) {
        if ((st = get_number(L, fund, payers[k], fields[k], 0, &p->funding_pct[k]))) return st;
        sum += p->funding_pct[k];
    }
    if (fabs(sum - 100) > 1e-9)
        return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, "funding_pct",
                                _("central, state and csr shares add up to %g %%, not 100 %%"), sum);
    return POSHAN_OK;
}

/* "quantity_upper_primary" -> (POSHAN_FIG_QUANTITY_LEVEL, upper_primary). */
static int parse_figure(const poshan_norms *norms, const char *name, poshan_figure *fig, int *level) {
    static const struct { const char *name; poshan_figure whole, by_level; } figs[] = {
        {"areas", POSHAN_FIG_AREAS, POSHAN_FIG_AREAS},
        {"schools", POSHAN_FIG_SCHOOLS, POSHAN_FIG_SCHOOLS_LEVEL},
        {"children", POSHAN_FIG_CHILDREN, POSHAN_FIG_CHILDREN},
        {"enrolled", POSHAN_FIG_CHILDREN, POSHAN_FIG_ENROLLED_LEVEL},
        {"attending", POSHAN_FIG_ATTENDING, POSHAN_FIG_ATTENDING_LEVEL},
        {"quantity", POSHAN_FIG_QUANTITY, POSHAN_FIG_QUANTITY_LEVEL},
        {"cost_rs", POSHAN_FIG_COST_RS, POSHAN_FIG_COST_RS},
        {"cost_lakh", POSHAN_FIG_COST_LAKH, POSHAN_FIG_COST_LAKH}};
    for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
        size_t n = strlen(figs[i].name);
        if (strncmp(name, figs[i].name, n) != 0) continue;
        if (name[n] == '\0') { *fig = figs[i].whole; *level = -1; return 0; }
        if (name[n] != '_' || figs[i].whole == figs[i].by_level) continue;
        *level = poshan_norms_level_index(norms, name + n + 1);
        if (*level >= 0) { *fig = figs[i].by_level; return 0; }
    }
    return -1;
}

static poshan_status add_stated(loader *L, const char *name, const cJSON *value, int area,
                                const char *where, const char *field) {
    poshan_plan *p = L->plan;
    if (p->nstated == POSHAN_PLAN_MAX_STATED)
        return bad(L, field, _("too many stated figures (at most 64 in one file)"));
    poshan_stated *s = &p->stated[p->nstated];
    if (parse_figure(L->norms, name, &s->figure, &s->level) != 0)
        return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, field,
                                _("'%s' is not a figure poshan can check: use areas, schools, children, "
                                "attending, quantity, cost_rs or cost_lakh, or schools_, enrolled_, "
                                "attending_, quantity_ followed by a level"), name);
    if (!cJSON_IsNumber(value) || !isfinite(value->valuedouble) || value->valuedouble < 0)
        return bad(L, field, _("the stated value must be a number of zero or more"));
    s->value = value->valuedouble;
    s->area = area;
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->where, sizeof s->where, "%s", where);
    p->nstated++;
    return POSHAN_OK;
}

/* Whole numbers per level (schools, children), and their sum. */
static poshan_status get_level_counts(loader *L, const cJSON *obj, const char *field, long *out, long *total) {
    double v[POSHAN_MAX_LEVELS];
    poshan_status st = get_levels(L, obj, field, v, 0);
    if (st != POSHAN_OK) return st;
    for (size_t l = 0; l < L->norms->nlevels; l++) {
        if (v[l] != floor(v[l]) || v[l] > 1e12) return bad(L, field, _("must be whole numbers of schools or children"));
        out[l] = (long)v[l];
        *total += out[l];
    }
    return POSHAN_OK;
}

/* "schools": 10515 or {"primary": 178, "upper_primary": 64}; the same for enrolled/children. */
static poshan_status load_area_counts(loader *L, const cJSON *a, poshan_plan_area *area,
                                      const char *field) {
    char f[200];
    poshan_status st;
    const cJSON *schools = cJSON_GetObjectItemCaseSensitive(a, "schools");
    snprintf(f, sizeof f, "%s.schools", field);
    if (cJSON_IsObject(schools)) {
        if ((st = get_level_counts(L, schools, f, area->schools, &area->schools_total))) return st;
    } else if (schools != NULL && (st = get_count(L, a, "schools", f, &area->schools_total))) {
        return st;
    }
    const cJSON *enrolled = cJSON_GetObjectItemCaseSensitive(a, "enrolled");
    snprintf(f, sizeof f, "%s.enrolled", field);
    if (enrolled != NULL) {
        if ((st = get_level_counts(L, enrolled, f, area->enrolled, &area->children))) return st;
        area->by_level = 1;
        return POSHAN_OK;
    }
    snprintf(f, sizeof f, "%s.children", field);
    if (L->plan->item != NULL)
        return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, field,
                                _("needs \"enrolled\" children per level, since the servings differ by level"));
    return get_count(L, a, "children", f, &area->children);
}

static poshan_status load_area(loader *L, const cJSON *a, size_t i, const char *table_source) {
    poshan_plan *p = L->plan;
    poshan_plan_area *area = &p->areas[i];
    char field[64], f[200];
    snprintf(field, sizeof field, "areas[%zu]", i);
    if (!cJSON_IsObject(a)) return bad(L, field, _("must be an object with district, enrolled and stated"));
    static const char *const keys[] = {"district", "block", "schools", "enrolled", "children", "stated", NULL};
    poshan_status st = known_keys(L, a, keys, field);
    if (st != POSHAN_OK) return st;
    snprintf(f, sizeof f, "%s.district", field);
    if ((st = get_text(L, a, "district", f, 1, area->district, sizeof area->district))) return st;
    snprintf(f, sizeof f, "%s.block", field);
    if ((st = get_text(L, a, "block", f, strcmp(p->area_kind, "block") == 0, area->block, sizeof area->block)))
        return st;
    if ((st = load_area_counts(L, a, area, field))) return st;
    if (p->price_per == POSHAN_PRICE_PER_SCHOOL && area->schools_total == 0)
        return poshan_error_set(L->err, POSHAN_EINPUT, L->path, 0, field,
                                _("the price is per school, so the area needs its number of \"schools\""));
    const cJSON *stated = cJSON_GetObjectItemCaseSensitive(a, "stated"), *v;
    if (stated != NULL && !cJSON_IsObject(stated))
        return bad(L, field, _("\"stated\" must be an object of figure: value"));
    cJSON_ArrayForEach(v, stated) {
        snprintf(f, sizeof f, "%s.stated.%s", field, v->string);
        if ((st = add_stated(L, v->string, v, (int)i, table_source, f))) return st;
    }
    return POSHAN_OK;
}

static poshan_status load_coverage(loader *L, const cJSON *root) {
    poshan_plan *p = L->plan;
    poshan_status st;
    if ((st = get_text(L, root, "area_kind", "area_kind", 1, p->area_kind, sizeof p->area_kind))) return st;
    if (strcmp(p->area_kind, "district") != 0 && strcmp(p->area_kind, "block") != 0)
        return bad(L, "area_kind", _("must be \"district\" or \"block\""));
    char table_source[200];
    if ((st = get_text(L, root, "table_source", "table_source", 0, table_source, sizeof table_source))) return st;
    if (table_source[0] == '\0') snprintf(table_source, sizeof table_source, "the source's table");
    const cJSON *areas = cJSON_GetObjectItemCaseSensitive(root, "areas");
    int n = cJSON_GetArraySize(areas);
    if (!cJSON_IsArray(areas) || n == 0 || n > POSHAN_PLAN_MAX_AREAS)
        return bad(L, "areas", _("must list 1 to 64 districts or blocks"));
    for (int i = 0; i < n; i++)
        if ((st = load_area(L, cJSON_GetArrayItem(areas, i), (size_t)i, table_source))) return st;
    p->nareas = (size_t)n;
    const cJSON *stated = cJSON_GetObjectItemCaseSensitive(root, "stated");
    if (stated != NULL && !cJSON_IsArray(stated))
        return bad(L, "stated", _("must be a list of {\"figure\", \"value\", \"where\"}"));
    for (int i = 0; i < cJSON_GetArraySize(stated); i++) {
        const cJSON *s = cJSON_GetArrayItem(stated, i);
        char field[64], name[48], where[200];
        snprintf(field, sizeof field, "stated[%d]", i);
        char f1[80], f2[80];
        snprintf(f1, sizeof f1, "%s.figure", field);
        snprintf(f2, sizeof f2, "%s.where", field);
        if ((st = get_text(L, s, "figure", f1, 1, name, sizeof name)) ||
            (st = get_text(L, s, "where", f2, 1, where, sizeof where)))
            return st;
        snprintf(f1, sizeof f1, "%s.value", field);
        if ((st = add_stated(L, name, cJSON_GetObjectItemCaseSensitive(s, "value"), -1, where, f1))) return st;
    }
    return POSHAN_OK;
}

/* "not_checked": sentences about figures the tables do not let poshan check. */
static poshan_status load_not_checked(loader *L, const cJSON *root) {
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "not_checked"), *s;
    if (list != NULL && !cJSON_IsArray(list)) return bad(L, "not_checked", _("must be a list of sentences"));
    cJSON_ArrayForEach(s, list) {
        if (!cJSON_IsString(s) || strlen(s->valuestring) >= sizeof L->plan->not_checked[0] ||
            L->plan->nnot_checked == POSHAN_PLAN_MAX_NOTES)
            return bad(L, "not_checked", _("must list at most 16 sentences of at most 399 characters"));
        snprintf(L->plan->not_checked[L->plan->nnot_checked++], sizeof L->plan->not_checked[0], "%s",
                 s->valuestring);
    }
    return POSHAN_OK;
}

poshan_status poshan_plan_parse(poshan_plan *plan, const char *text, size_t size, const char *path,
                                const poshan_foods *foods, const poshan_norms *norms, poshan_error *err) {
    memset(plan, 0, sizeof *plan);
    snprintf(plan->path, sizeof plan->path, "%s", path);
    plan->nlevels = norms->nlevels;
    for (size_t l = 0; l < norms->nlevels; l++)
        snprintf(plan->level_names[l], sizeof plan->level_names[l], "%s", norms->levels[l].name);
    cJSON *root;
    poshan_status st = poshan_json_parse(text, size, path, &root, err);
    if (st != POSHAN_OK) return st;
    loader L = {plan, norms, path, err};
    static const char *const keys[] = {"name", "source", "item", "days", "price", "attendance", "rounding",
                                       "funding_pct", "area_kind", "table_source", "areas", "stated",
                                       "not_checked", NULL};
    if (st == POSHAN_OK) st = known_keys(&L, root, keys, "");
    if (st == POSHAN_OK) st = get_text(&L, root, "name", "name", 1, plan->name, sizeof plan->name);
    if (st == POSHAN_OK) st = get_text(&L, root, "source", "source", 0, plan->source, sizeof plan->source);
    if (st == POSHAN_OK) st = load_item(&L, root, foods);
    if (st == POSHAN_OK) st = load_days(&L, root);
    if (st == POSHAN_OK) st = load_money(&L, root);
    if (st == POSHAN_OK) st = load_coverage(&L, root);
    if (st == POSHAN_OK) st = load_not_checked(&L, root);
    cJSON_Delete(root);
    return st;
}

poshan_status poshan_plan_load(poshan_plan *plan, const char *path, const poshan_foods *foods,
                               const poshan_norms *norms, poshan_error *err) {
    char *text;
    size_t size;
    poshan_status st = poshan_read_file(path, &text, &size, err);
    if (st != POSHAN_OK) return st;
    st = poshan_plan_parse(plan, text, size, path, foods, norms, err);
    free(text);
    return st;
}
