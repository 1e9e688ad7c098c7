/* menu.c: reading a menu (a JSON file under menus/) and evaluating it per child (see menu.h).
 *
 * Every quantity is checked and resolved to grams per child per level while the
 * menu is read, so that evaluation cannot fail on the data. Error messages name
 * the day, dish and ingredient, because cJSON keeps no line numbers of values. */
#include "menu.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"

typedef struct parse_ctx {
    const char *file;
    const poshan_foods *foods;
    const poshan_norms *norms;
    poshan_error *err;
    char where[160];   /* "Monday > Arhar dal > B021" */
} parse_ctx;

/* An input error located at p->where (day > dish > ingredient) and field. */
static poshan_status fail(parse_ctx *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static poshan_status fail(parse_ctx *p, const char *field, const char *fmt, ...) {
    char full[320], message[sizeof p->err->message];
    snprintf(full, sizeof full, "%s%s%s", p->where, field && field[0] ? ": " : "", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return poshan_error_set(p->err, POSHAN_EINPUT, p->file, 0, full, "%s", message);
}

static char *dup_string(const char *s) {
    char *d = strdup(s ? s : "");
    return d;
}

/* A quantity per level: one number for every level, or {"primary": 100, ...}. */
static poshan_status read_per_level(parse_ctx *p, const cJSON *value, const char *key,
                                    double scale, double out[POSHAN_MAX_LEVELS]) {
    const poshan_norms *norms = p->norms;
    for (size_t L = 0; L < norms->nlevels; L++) {
        const cJSON *v = value;
        if (cJSON_IsObject(value)) {
            v = cJSON_GetObjectItemCaseSensitive(value, norms->levels[L].name);
            if (v == NULL)
                return fail(p, key, "no quantity for level '%s'; give one number for every level "
                            "or one per level", norms->levels[L].name);
        }
        if (!cJSON_IsNumber(v))
            return fail(p, key, "the quantity must be a number");
        if (!isfinite(v->valuedouble) || v->valuedouble < 0) {
            char text[64];
            snprintf(text, sizeof text, "%g", v->valuedouble);
            return fail(p, key, "%s is not a quantity: it must be zero or more", text);
        }
        out[L] = v->valuedouble * scale;
    }
    if (cJSON_IsObject(value)) {
        const cJSON *item;
        cJSON_ArrayForEach(item, value)
            if (poshan_norms_level_index(norms, item->string) < 0)
                return fail(p, key, "'%s' is not a level; the levels are those of norms.json "
                            "(primary, upper_primary)", item->string);
    }
    return POSHAN_OK;
}

static poshan_status read_ingredient(parse_ctx *p, const cJSON *j, const cJSON *serves,
                                     poshan_ingredient *out) {
    const cJSON *food = cJSON_GetObjectItemCaseSensitive(j, "food");
    if (!cJSON_IsString(food) || food->valuestring[0] == '\0')
        return fail(p, "food", "each ingredient needs \"food\": a food code or name");
    size_t n = strlen(p->where);
    snprintf(p->where + n, sizeof p->where - n, " > %s", food->valuestring);
    poshan_status st = poshan_foods_resolve(p->foods, food->valuestring, &out->food, p->err);
    if (st != POSHAN_OK) {
        /* keep the resolver's message, add where it happened */
        char msg[sizeof p->err->message];
        snprintf(msg, sizeof msg, "%s", p->err->message);
        return fail(p, "food", "%s", msg);
    }
    const cJSON *grams = cJSON_GetObjectItemCaseSensitive(j, "grams");
    const cJSON *ml = cJSON_GetObjectItemCaseSensitive(j, "ml");
    const cJSON *kg = cJSON_GetObjectItemCaseSensitive(j, "kg");
    if ((grams != NULL) + (ml != NULL) + (kg != NULL) != 1)
        return fail(p, "grams", "give exactly one of \"grams\" (per child), \"ml\" (per child, for "
                    "liquids) or \"kg\" (for the whole pot, with the dish's \"serves\")");
    if (kg != NULL && serves == NULL)
        return fail(p, "kg", "\"kg\" is for pot recipes: the dish needs \"serves\", the number "
                    "of children the pot feeds");
    if (grams != NULL && serves != NULL)
        return fail(p, "grams", "this dish is a pot recipe (\"serves\"): give \"kg\" for the pot");
    if (ml != NULL && out->food->density_g_per_ml <= 0)
        return fail(p, "ml", "%s has no density in the food table, so give \"grams\"",
                    out->food->code);
    if (grams) st = read_per_level(p, grams, "grams", 1.0, out->grams);
    else if (ml) st = read_per_level(p, ml, "ml", out->food->density_g_per_ml, out->grams);
    else {
        double pot_g[POSHAN_MAX_LEVELS], children[POSHAN_MAX_LEVELS];
        st = read_per_level(p, kg, "kg", 1000.0, pot_g);
        if (st == POSHAN_OK) st = read_per_level(p, serves, "serves", 1.0, children);
        for (size_t L = 0; st == POSHAN_OK && L < p->norms->nlevels; L++) {
            if (children[L] < 1)
                return fail(p, "serves", "a pot must serve at least one child");
            out->grams[L] = pot_g[L] / children[L];   /* the pot divided per child */
        }
    }
    if (st != POSHAN_OK) return st;
    for (size_t L = 0; L < p->norms->nlevels; L++) {
        if (out->grams[L] > POSHAN_MAX_GRAMS_PER_CHILD) {
            char text[64];
            snprintf(text, sizeof text, "%.0f g", out->grams[L]);
            return fail(p, grams ? "grams" : ml ? "ml" : "kg",
                        "%s per child (level %s) is not believable: above 1 kg of one "
                        "ingredient; was a whole pot written as one child's share?",
                        text, p->norms->levels[L].name);
        }
    }
    return POSHAN_OK;
}

static poshan_status read_dish(parse_ctx *p, const cJSON *j, size_t index, poshan_dish *out) {
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
    size_t n = strlen(p->where);
    char fallback[32];
    snprintf(fallback, sizeof fallback, "dish %zu", index + 1);
    snprintf(p->where + n, sizeof p->where - n, " > %s", cJSON_IsString(name) ? name->valuestring : fallback);
    out->name = dup_string(cJSON_IsString(name) ? name->valuestring : fallback);
    const cJSON *serves = cJSON_GetObjectItemCaseSensitive(j, "serves");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(j, "ingredients");
    if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) == 0)
        return fail(p, "ingredients", "a dish needs a non-empty \"ingredients\" list");
    out->count = (size_t)cJSON_GetArraySize(list);
    out->ingredients = calloc(out->count, sizeof *out->ingredients);
    if (out->ingredients == NULL) return poshan_error_set(p->err, POSHAN_ESYSTEM, p->file, 0, NULL, "out of memory");
    size_t i = 0, base = strlen(p->where);
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        p->where[base] = '\0';
        poshan_status st = read_ingredient(p, item, serves, &out->ingredients[i++]);
        if (st != POSHAN_OK) return st;
    }
    if (serves) out->serves = cJSON_IsNumber(serves) ? serves->valuedouble : -1;
    return POSHAN_OK;
}

static poshan_status read_day(parse_ctx *p, const cJSON *j, size_t index, poshan_menu_day *out) {
    const cJSON *day = cJSON_GetObjectItemCaseSensitive(j, "day");
    snprintf(p->where, sizeof p->where, "days[%zu]", index);
    if (!cJSON_IsString(day) || day->valuestring[0] == '\0')
        return fail(p, "day", "each day needs a \"day\" name, such as \"Monday\"");
    snprintf(p->where, sizeof p->where, "%s", day->valuestring);
    out->day = dup_string(day->valuestring);
    const cJSON *dishes = cJSON_GetObjectItemCaseSensitive(j, "dishes");
    if (!cJSON_IsArray(dishes) || cJSON_GetArraySize(dishes) == 0)
        return fail(p, "dishes", "a day needs a non-empty \"dishes\" list");
    out->count = (size_t)cJSON_GetArraySize(dishes);
    out->dishes = calloc(out->count, sizeof *out->dishes);
    if (out->dishes == NULL) return poshan_error_set(p->err, POSHAN_ESYSTEM, p->file, 0, NULL, "out of memory");
    size_t i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, dishes) {
        snprintf(p->where, sizeof p->where, "%s", day->valuestring);
        poshan_status st = read_dish(p, item, i, &out->dishes[i]);
        i++;
        if (st != POSHAN_OK) return st;
    }
    return POSHAN_OK;
}

static poshan_status read_menu(parse_ctx *p, const cJSON *root, poshan_menu *menu) {
    if (!cJSON_IsObject(root))
        return fail(p, NULL, "a menu is a JSON object with \"name\" and \"days\"");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    menu->name = dup_string(cJSON_IsString(name) ? name->valuestring : p->file);
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(root, "days");
    if (!cJSON_IsArray(days) || cJSON_GetArraySize(days) == 0)
        return fail(p, "days", "the menu has no days: \"days\" must list at least one day");
    menu->ndays = (size_t)cJSON_GetArraySize(days);
    menu->days = calloc(menu->ndays, sizeof *menu->days);
    if (menu->days == NULL) return poshan_error_set(p->err, POSHAN_ESYSTEM, p->file, 0, NULL, "out of memory");
    size_t i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, days) {
        poshan_status st = read_day(p, item, i, &menu->days[i]);
        i++;
        if (st != POSHAN_OK) return st;
    }
    return POSHAN_OK;
}

poshan_status poshan_menu_parse(poshan_menu *menu, const char *text, size_t size, const char *name,
                                const poshan_foods *foods, const poshan_norms *norms,
                                poshan_error *err) {
    memset(menu, 0, sizeof *menu);
    cJSON *root;
    poshan_status st = poshan_json_parse(text, size, name, &root, err);
    if (st != POSHAN_OK) return st;
    parse_ctx p = {.file = name, .foods = foods, .norms = norms, .err = err};
    st = read_menu(&p, root, menu);
    cJSON_Delete(root);
    if (st != POSHAN_OK) poshan_menu_free(menu);
    return st;
}

poshan_status poshan_menu_load(poshan_menu *menu, const char *path, const poshan_foods *foods,
                               const poshan_norms *norms, poshan_error *err) {
    char *text;
    size_t size;
    memset(menu, 0, sizeof *menu);
    poshan_status st = poshan_read_file(path, &text, &size, err);
    if (st != POSHAN_OK) return st;
    st = poshan_menu_parse(menu, text, size, path, foods, norms, err);
    free(text);
    return st;
}

void poshan_menu_free(poshan_menu *menu) {
    for (size_t d = 0; menu->days && d < menu->ndays; d++) {
        poshan_menu_day *day = &menu->days[d];
        for (size_t k = 0; day->dishes && k < day->count; k++) {
            free(day->dishes[k].name);
            free(day->dishes[k].ingredients);
        }
        free(day->dishes);
        free(day->day);
    }
    free(menu->days);
    free(menu->name);
    memset(menu, 0, sizeof *menu);
}

/* ---- evaluation ---------------------------------------------------------- */

void poshan_meal_add(poshan_meal *meal, const poshan_food *food, double grams,
                     const poshan_norms *norms, const poshan_prices *prices) {
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) meal->nutrient[n] += grams * food->per_100g[n] / 100.0;
    int group = poshan_norms_group_of(norms, food->group);
    if (group >= 0) meal->group_g[group] += grams;
    if (group >= 0 && norms->groups[group].supplied_free) return; /* not paid from the cooking cost */
    double rs_per_kg = poshan_prices_rs_per_kg(prices, food);
    if (rs_per_kg >= 0) meal->cost_rs += grams / 1000.0 * rs_per_kg;
    else if (grams > 0) meal->unpriced++;
}

/* A norm met to within rounding noise counts as met: 449.9999999 kcal is 450. */
#define NORM_TOLERANCE 1e-9

void poshan_meal_judge(const poshan_meal *meal, const poshan_level_norm *norm, poshan_judgement *out) {
    double kcal = meal->nutrient[POSHAN_ENERGY_KCAL], protein = meal->nutrient[POSHAN_PROTEIN_G];
    out->meets_energy = kcal + NORM_TOLERANCE >= norm->energy_kcal;
    out->meets_protein = protein + NORM_TOLERANCE >= norm->protein_g;
    out->energy_shortfall_kcal = out->meets_energy ? 0 : norm->energy_kcal - kcal;
    out->protein_shortfall_g = out->meets_protein ? 0 : norm->protein_g - protein;
    out->energy_from_fat_pct = kcal > 0 ? 100.0 * POSHAN_KCAL_PER_G_FAT * meal->nutrient[POSHAN_FAT_G] / kcal : 0;
    out->energy_from_protein_pct = kcal > 0 ? 100.0 * POSHAN_KCAL_PER_G_PROTEIN * protein / kcal : 0;
}

void poshan_meal_settle(poshan_meal *meal, const poshan_level_norm *norm) {
    double *kcal = &meal->nutrient[POSHAN_ENERGY_KCAL], *protein = &meal->nutrient[POSHAN_PROTEIN_G];
    if (*kcal < norm->energy_kcal && *kcal + NORM_TOLERANCE >= norm->energy_kcal) {
        *kcal = norm->energy_kcal;
        meal->nutrient[POSHAN_ENERGY_KJ] = norm->energy_kcal * POSHAN_KJ_PER_KCAL;
    }
    if (*protein < norm->protein_g && *protein + NORM_TOLERANCE >= norm->protein_g) *protein = norm->protein_g;
}

/* The number printf would print with that many decimals, read back. */
static double as_printed(double value, int decimals) {
    char text[64];
    snprintf(text, sizeof text, "%.*f", decimals, value);
    return strtod(text, NULL);
}

int poshan_judged_decimals(double value, double norm, int meets, int decimals) {
    /* Rounding moves a figure by at most half a unit of its last decimal. */
    if (!isfinite(value) || fabs(value - norm) >= 1.0) return decimals;
    while (decimals < POSHAN_MAX_DECIMALS && (as_printed(value, decimals) >= norm) != !!meets) decimals++;
    return decimals;
}

int poshan_shortfall_decimals(double shortfall, int decimals) {
    if (!(shortfall > 0) || shortfall >= 1.0) return decimals;
    while (decimals < POSHAN_MAX_DECIMALS && as_printed(shortfall, decimals) == 0) decimals++;
    return decimals;
}

static void meal_accumulate(poshan_meal *sum, const poshan_meal *add, double weight) {
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) sum->nutrient[n] += weight * add->nutrient[n];
    for (int g = 0; g < POSHAN_MAX_GROUPS; g++) sum->group_g[g] += weight * add->group_g[g];
    sum->cost_rs += weight * add->cost_rs;
    sum->unpriced += add->unpriced;
}

poshan_status poshan_menu_evaluate(const poshan_menu *menu, const poshan_norms *norms,
                                   const poshan_prices *prices, int level,
                                   poshan_level_result *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    if (level < 0 || (size_t)level >= norms->nlevels)
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "level", "no such level");
    const poshan_level_norm *norm = &norms->levels[level];
    out->level = level;
    out->ndays = menu->ndays;
    out->days = calloc(menu->ndays, sizeof *out->days);
    if (out->days == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
    for (size_t d = 0; d < menu->ndays; d++) {
        const poshan_menu_day *day = &menu->days[d];
        poshan_day_result *r = &out->days[d];
        r->day = day->day;
        r->ndishes = day->count;
        r->dishes = calloc(day->count, sizeof *r->dishes);
        if (r->dishes == NULL) {
            poshan_level_result_free(out);
            return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
        }
        for (size_t k = 0; k < day->count; k++) {
            const poshan_dish *dish = &day->dishes[k];
            for (size_t i = 0; i < dish->count; i++)
                poshan_meal_add(&r->dishes[k], dish->ingredients[i].food,
                                dish->ingredients[i].grams[level], norms, prices);
            meal_accumulate(&r->total, &r->dishes[k], 1.0);
        }
        poshan_meal_settle(&r->total, norm);
        poshan_meal_judge(&r->total, norm, &r->judged);
        out->days_below_energy += !r->judged.meets_energy;
        out->days_below_protein += !r->judged.meets_protein;
        meal_accumulate(&out->week, &r->total, 1.0 / (double)menu->ndays);
    }
    poshan_meal_settle(&out->week, norm);
    poshan_meal_judge(&out->week, norm, &out->week_judged);
    return POSHAN_OK;
}

void poshan_level_result_free(poshan_level_result *result) {
    for (size_t d = 0; result->days && d < result->ndays; d++) free(result->days[d].dishes);
    free(result->days);
    memset(result, 0, sizeof *result);
}
