/* optimise_spec.c: reading an optimiser spec (see optimise.h; every key is in
 * docs/formats/optimiser-spec.md). Every JSON value's type is checked before it is
 * used, an unknown key is refused with the nearest known one, and every bound is
 * resolved here ("norm" from norms.json, one number for every level or one per
 * level), so that building the program cannot fail on the data. */
#include "optimise.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jsonread.h"
#include "text.h"

/* A food counted as served under "variety" gets at least this many grams, so
 * that a trace is not counted as a different pulse (docs/formats/optimiser-spec.md, "variety"). */
#define DEFAULT_MIN_SERVING_G 10.0
/* How long an advisor waits for a week with variety before taking the best
 * menu found so far, with its gap (docs/formats/optimiser-spec.md, "variety"). */
#define DEFAULT_TIME_LIMIT_S 10.0
#define MAX_TIME_LIMIT_S 3600.0

typedef struct spec_ctx {
    const char *file;
    const poshan_foods *foods;
    const poshan_norms *norms;
    poshan_opt_spec *spec;
    poshan_error *err;
} spec_ctx;

static poshan_status bad(spec_ctx *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static poshan_status bad(spec_ctx *c, const char *field, const char *fmt, ...) {
    char message[sizeof c->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return poshan_error_set(c->err, POSHAN_EINPUT, c->file, 0, field, _("%s"), message);
}

static void join(char *out, size_t size, const char *path, const char *key) {
    snprintf(out, size, "%s%s%s", path, path[0] ? "." : "", key);
}

/* Refuses a key not in keys, naming the nearest known one. */
static poshan_status known_keys(spec_ctx *c, const cJSON *obj, const char *path,
                                const char *const *keys, size_t nkeys, const char *what) {
    const cJSON *v;
    cJSON_ArrayForEach(v, obj) {
        size_t k = 0;
        while (k < nkeys && strcmp(keys[k], v->string) != 0) k++;
        if (k < nkeys) continue;
        char field[160];
        join(field, sizeof field, path, v->string);
        const char *near = poshan_nearest_word(v->string, keys, nkeys);
        return bad(c, field, _("'%s' is not %s; did you mean '%s'? (docs/formats/optimiser-spec.md "
                   "lists every key)"), v->string, what, near ? near : "");
    }
    return POSHAN_OK;
}

static poshan_status need_object(spec_ctx *c, const cJSON *v, const char *field, const char *shape) {
    if (cJSON_IsObject(v)) return POSHAN_OK;
    return bad(c, field, _("must be an object, such as %s"), shape);
}

static void range_unbounded(poshan_opt_range *r) {
    for (int L = 0; L < POSHAN_MAX_LEVELS; L++) {
        r->min[L] = -INFINITY;
        r->max[L] = INFINITY;
    }
}

/* One bound: a number, "norm" (norm[L], when the key has one) or one of those per
 * level. limit: the largest believable value. */
static poshan_status read_bound(spec_ctx *c, const cJSON *v, const char *field,
                                const double *norm, double limit, double out[POSHAN_MAX_LEVELS]) {
    const poshan_norms *norms = c->norms;
    if (cJSON_IsObject(v)) {
        const char *names[POSHAN_MAX_LEVELS];
        for (size_t L = 0; L < norms->nlevels; L++) names[L] = norms->levels[L].name;
        poshan_status st = known_keys(c, v, field, names, norms->nlevels, "a level of norms.json");
        for (size_t L = 0; st == POSHAN_OK && L < norms->nlevels; L++) {
            char sub[160];
            join(sub, sizeof sub, field, names[L]);
            const cJSON *one = cJSON_GetObjectItemCaseSensitive(v, names[L]);
            if (one == NULL)
                return bad(c, sub, _("missing: give one value for every level, or one per level "
                           "(%s)"), "primary, upper_primary");
            if (cJSON_IsObject(one)) return bad(c, sub, _("must be a number or \"norm\""));
            double each[POSHAN_MAX_LEVELS];
            st = read_bound(c, one, sub, norm, limit, each);
            out[L] = each[L];
        }
        return st;
    }
    if (cJSON_IsString(v)) {
        if (strcmp(v->valuestring, "norm") != 0)
            return bad(c, field, _("'%s' is not a bound: write a number, or \"norm\" for the "
                       "level's value in norms.json"), v->valuestring);
        if (norm == NULL)
            return bad(c, field, _("norms.json has no norm for this; write a number"));
        for (size_t L = 0; L < norms->nlevels; L++) {
            if (!isfinite(norm[L]) || norm[L] < 0)
                return bad(c, field, _("the norm of level %s in norms.json is not a number of zero "
                           "or more"), norms->levels[L].name);
            out[L] = norm[L];
        }
        return POSHAN_OK;
    }
    if (!cJSON_IsNumber(v))
        return bad(c, field, _("must be a number, \"norm\", or one per level such as "
                   "{\"primary\": 20, \"upper_primary\": 30}"));
    double x = v->valuedouble;
    if (!isfinite(x) || x < 0 || x > limit)
        return bad(c, field, _("%g is not a bound here: it must be from 0 to %g"), x, limit);
    for (size_t L = 0; L < norms->nlevels; L++) out[L] = x;
    return POSHAN_OK;
}

/* {min_key: bound, max_key: bound}, both optional, min at most max. */
static poshan_status read_range(spec_ctx *c, const cJSON *obj, const char *path, const char *min_key,
                                const char *max_key, const double *norm, double limit,
                                poshan_opt_range *out) {
    const char *keys[] = {min_key, max_key};
    poshan_status st = need_object(c, obj, path, "{\"min\": 3.0}");
    if (st == POSHAN_OK) st = known_keys(c, obj, path, keys, 2, "a key of a bound");
    if (st != POSHAN_OK) return st;
    range_unbounded(out);
    for (int k = 0; k < 2; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, keys[k]);
        if (v == NULL) continue;
        char field[160];
        join(field, sizeof field, path, keys[k]);
        st = read_bound(c, v, field, norm, limit, k == 0 ? out->min : out->max);
        if (st != POSHAN_OK) return st;
    }
    for (size_t L = 0; L < c->norms->nlevels; L++)
        if (out->min[L] > out->max[L])
            return bad(c, path, _("%s %g is above %s %g (level %s): no menu can meet both"), min_key,
                       out->min[L], max_key, out->max[L], c->norms->levels[L].name);
    return POSHAN_OK;
}

static poshan_status read_levels(spec_ctx *c, const cJSON *v) {
    const poshan_norms *norms = c->norms;
    poshan_opt_spec *s = c->spec;
    if (v == NULL) {
        for (size_t L = 0; L < norms->nlevels; L++) s->levels[s->nlevels++] = (int)L;
        return POSHAN_OK;
    }
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
        return bad(c, "levels", _("must list levels of norms.json, such as [\"primary\", \"upper_primary\"]"));
    const char *names[POSHAN_MAX_LEVELS];
    for (size_t L = 0; L < norms->nlevels; L++) names[L] = norms->levels[L].name;
    const cJSON *item;
    size_t i = 0;
    cJSON_ArrayForEach(item, v) {
        char field[64];
        snprintf(field, sizeof field, "levels[%zu]", i++);
        if (!cJSON_IsString(item)) return bad(c, field, _("must be a level's name, such as \"primary\""));
        int L = poshan_norms_level_index(norms, item->valuestring);
        if (L < 0) {
            const char *near = poshan_nearest_word(item->valuestring, names, norms->nlevels);
            return bad(c, field, _("'%s' is not a level of norms.json; did you mean '%s'?"),
                       item->valuestring, near ? near : "");
        }
        for (size_t k = 0; k < s->nlevels; k++)
            if (s->levels[k] == L) return bad(c, field, _("level '%s' is listed twice"), item->valuestring);
        s->levels[s->nlevels++] = L;
    }
    return POSHAN_OK;
}

static poshan_status read_days(spec_ctx *c, const cJSON *v) {
    poshan_opt_spec *s = c->spec;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
        return bad(c, "days", _("must list the days to plan, such as [\"Monday\", \"Tuesday\"]"));
    if (cJSON_GetArraySize(v) > POSHAN_OPT_MAX_DAYS)
        return bad(c, "days", _("at most %d days (a month's menu); plan a longer cycle in parts"), POSHAN_OPT_MAX_DAYS);
    s->days = calloc((size_t)cJSON_GetArraySize(v), sizeof *s->days);
    if (s->days == NULL) return poshan_error_set(c->err, POSHAN_ESYSTEM, c->file, 0, NULL, _("out of memory"));
    const cJSON *item;
    cJSON_ArrayForEach(item, v) {
        char field[64];
        snprintf(field, sizeof field, "days[%zu]", s->ndays);
        if (!cJSON_IsString(item) || item->valuestring[0] == '\0')
            return bad(c, field, _("must be a day's name, such as \"Monday\""));
        for (size_t d = 0; d < s->ndays; d++)
            if (strcmp(s->days[d], item->valuestring) == 0)
                return bad(c, field, _("day '%s' is listed twice"), item->valuestring);
        if ((s->days[s->ndays] = strdup(item->valuestring)) == NULL)
            return poshan_error_set(c->err, POSHAN_ESYSTEM, c->file, 0, NULL, _("out of memory"));
        s->ndays++;
    }
    return POSHAN_OK;
}

static poshan_status read_food_ref(spec_ctx *c, const cJSON *v, const char *field,
                                   const poshan_food **out) {
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
        return bad(c, field, _("must be a food code or name, such as \"B021\" or \"toor dal\""));
    poshan_status st = poshan_foods_resolve(c->foods, v->valuestring, out, c->err);
    if (st != POSHAN_OK) {
        char message[sizeof c->err->message];
        snprintf(message, sizeof message, "%s", c->err->message);
        return bad(c, field, _("%s"), message);
    }
    return POSHAN_OK;
}

static poshan_status read_foods(spec_ctx *c, const cJSON *v) {
    poshan_opt_spec *s = c->spec;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
        return bad(c, "foods", _("must list the foods the district can get, such as "
                   "[{\"food\": \"A015\", \"max_g\": 150}]"));
    s->foods = calloc((size_t)cJSON_GetArraySize(v), sizeof *s->foods);
    if (s->foods == NULL) return poshan_error_set(c->err, POSHAN_ESYSTEM, c->file, 0, NULL, _("out of memory"));
    static const char *const keys[] = {"food", "min_g", "max_g"};
    const cJSON *item;
    cJSON_ArrayForEach(item, v) {
        char path[64], field[96];
        snprintf(path, sizeof path, "foods[%zu]", s->nfoods);
        poshan_opt_food *f = &s->foods[s->nfoods];
        poshan_status st = need_object(c, item, path, "{\"food\": \"B021\", \"max_g\": 40}");
        if (st == POSHAN_OK) st = known_keys(c, item, path, keys, 3, "a key of a food");
        join(field, sizeof field, path, "food");
        if (st == POSHAN_OK) {
            const cJSON *food = cJSON_GetObjectItemCaseSensitive(item, "food");
            st = food ? read_food_ref(c, food, field, &f->food)
                      : bad(c, field, _("missing: each food needs \"food\", a code or name"));
        }
        if (st != POSHAN_OK) return st;
        for (size_t k = 0; k < s->nfoods; k++)
            if (s->foods[k].food == f->food)
                return bad(c, field, _("%s (%s) is listed twice (also foods[%zu])"), f->food->code,
                           f->food->name, k);
        for (int L = 0; L < POSHAN_MAX_LEVELS; L++) {
            f->grams.min[L] = 0;
            f->grams.max[L] = POSHAN_MAX_GRAMS_PER_CHILD;
        }
        static const char *const bound_keys[] = {"min_g", "max_g"};
        for (int k = 0; k < 2; k++) {
            const cJSON *b = cJSON_GetObjectItemCaseSensitive(item, bound_keys[k]);
            join(field, sizeof field, path, bound_keys[k]);
            if (b && (st = read_bound(c, b, field, NULL, POSHAN_MAX_GRAMS_PER_CHILD,
                                      k == 0 ? f->grams.min : f->grams.max)) != POSHAN_OK)
                return st;
        }
        for (size_t L = 0; L < c->norms->nlevels; L++)
            if (f->grams.min[L] > f->grams.max[L])
                return bad(c, path, _("min_g %g is above max_g %g (level %s) for %s"), f->grams.min[L],
                           f->grams.max[L], c->norms->levels[L].name, f->food->code);
        s->nfoods++;
    }
    return POSHAN_OK;
}

/* The keys of "nutrients": every column of the food table, and the shares of energy. */
static const char *nutrient_key(size_t i) {
    if (i < POSHAN_NUTRIENT_COUNT) return poshan_nutrient_column((poshan_nutrient)i);
    return i == POSHAN_NUTRIENT_COUNT ? "energy_from_fat_pct" : "energy_from_protein_pct";
}

static poshan_status read_nutrients(spec_ctx *c, const cJSON *v) {
    poshan_opt_spec *s = c->spec;
    const poshan_norms *norms = c->norms;
    const char *keys[POSHAN_NUTRIENT_COUNT + 2];
    for (size_t i = 0; i < POSHAN_NUTRIENT_COUNT + 2; i++) keys[i] = nutrient_key(i);
    poshan_status st = need_object(c, v, "nutrients", "{\"protein_g\": {\"min\": \"norm\"}}");
    if (st == POSHAN_OK) st = known_keys(c, v, "nutrients", keys, POSHAN_NUTRIENT_COUNT + 2, "a nutrient");
    if (st != POSHAN_OK) return st;
    const cJSON *item;
    cJSON_ArrayForEach(item, v) {
        size_t i = 0;
        while (strcmp(keys[i], item->string) != 0) i++;
        poshan_opt_nutrient *n = &s->nutrients[s->nnutrients];
        snprintf(n->key, sizeof n->key, "%s", keys[i]);
        n->kind = i < POSHAN_NUTRIENT_COUNT ? POSHAN_OPT_AMOUNT
                  : i == POSHAN_NUTRIENT_COUNT ? POSHAN_OPT_FAT_PCT : POSHAN_OPT_PROTEIN_PCT;
        n->nutrient = i < POSHAN_NUTRIENT_COUNT ? (poshan_nutrient)i : POSHAN_ENERGY_KCAL;
        double norm[POSHAN_MAX_LEVELS];
        const double *has_norm = NULL;
        for (size_t L = 0; L < norms->nlevels; L++) {
            if (i == POSHAN_ENERGY_KCAL) norm[L] = norms->levels[L].energy_kcal, has_norm = norm;
            if (i == POSHAN_PROTEIN_G) norm[L] = norms->levels[L].protein_g, has_norm = norm;
        }
        char path[96];
        join(path, sizeof path, "nutrients", keys[i]);
        /* a share of energy is at most 100 %; an amount at most what 1 kg of every food could give */
        st = read_range(c, item, path, "min", "max", has_norm, n->kind == POSHAN_OPT_AMOUNT ? 1e7 : 100, &n->range);
        if (st != POSHAN_OK) return st;
        s->nnutrients++;
    }
    return POSHAN_OK;
}

static poshan_status read_groups(spec_ctx *c, const cJSON *v) {
    poshan_opt_spec *s = c->spec;
    const poshan_norms *norms = c->norms;
    const char *keys[POSHAN_MAX_GROUPS];
    for (size_t g = 0; g < norms->ngroups; g++) keys[g] = norms->groups[g].name;
    poshan_status st = need_object(c, v, "food_groups", "{\"pulses\": {\"min_g\": \"norm\"}}");
    if (st == POSHAN_OK) st = known_keys(c, v, "food_groups", keys, norms->ngroups, "a food group of norms.json");
    if (st != POSHAN_OK) return st;
    const cJSON *item;
    cJSON_ArrayForEach(item, v) {
        size_t g = 0;
        while (strcmp(keys[g], item->string) != 0) g++;
        double norm[POSHAN_MAX_LEVELS];
        for (size_t L = 0; L < norms->nlevels; L++) norm[L] = norms->levels[L].group_g[g];
        char path[96];
        join(path, sizeof path, "food_groups", keys[g]);
        poshan_opt_group *out = &s->groups[s->ngroups];
        out->group = (int)g;
        /* a group is at most every food of it at 1 kg: 1000 foods' worth is a safe ceiling */
        st = read_range(c, item, path, "min_g", "max_g", norm, 1000 * POSHAN_MAX_GRAMS_PER_CHILD,
                        &out->grams);
        if (st != POSHAN_OK) return st;
        s->ngroups++;
    }
    return POSHAN_OK;
}

static poshan_status read_cost(spec_ctx *c, const cJSON *v) {
    static const char *const keys[] = {"max_rs"};
    poshan_status st = need_object(c, v, "cost", "{\"max_rs\": \"norm\"}");
    if (st == POSHAN_OK) st = known_keys(c, v, "cost", keys, 1, "a key of \"cost\"");
    if (st != POSHAN_OK) return st;
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(v, "max_rs");
    if (max == NULL) return POSHAN_OK;
    double norm[POSHAN_MAX_LEVELS];
    for (size_t L = 0; L < c->norms->nlevels; L++) norm[L] = c->norms->levels[L].cost_rs_per_meal;
    /* no meal costs above Rs 10,000 a child: a larger figure is a typing error */
    return read_bound(c, max, "cost.max_rs", norm, 10000, c->spec->max_cost_rs);
}

static poshan_status read_whole(spec_ctx *c, const cJSON *v, const char *field, int lo, int hi, int *out) {
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < lo ||
        v->valuedouble > hi)
        return bad(c, field, _("must be a whole number from %d to %d"), lo, hi);
    *out = (int)v->valuedouble;
    return POSHAN_OK;
}

static poshan_status read_positive(spec_ctx *c, const cJSON *v, const char *field, double hi, double *out) {
    if (!cJSON_IsNumber(v) || !(v->valuedouble > 0) || v->valuedouble > hi)
        return bad(c, field, _("must be a number above 0 and at most %g"), hi);
    *out = v->valuedouble;
    return POSHAN_OK;
}

static poshan_status read_variety(spec_ctx *c, const cJSON *v) {
    poshan_opt_spec *s = c->spec;
    const poshan_norms *norms = c->norms;
    static const char *const keys[] = {"max_days_per_food", "except", "min_different",
                                       "min_serving_g", "time_limit_s"};
    poshan_status st = need_object(c, v, "variety", "{\"max_days_per_food\": 3, \"except\": [\"A015\"]}");
    if (st == POSHAN_OK) st = known_keys(c, v, "variety", keys, 5, "a key of \"variety\"");
    if (st != POSHAN_OK) return st;
    s->variety = 1;
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(v, "max_days_per_food");
    if (max && (st = read_whole(c, max, "variety.max_days_per_food", 1, (int)s->ndays, &s->max_days_per_food)))
        return st;
    const cJSON *serving = cJSON_GetObjectItemCaseSensitive(v, "min_serving_g");
    if (serving && (st = read_positive(c, serving, "variety.min_serving_g", POSHAN_MAX_GRAMS_PER_CHILD,
                                       &s->min_serving_g)))
        return st;
    const cJSON *limit = cJSON_GetObjectItemCaseSensitive(v, "time_limit_s");
    if (limit && (st = read_positive(c, limit, "variety.time_limit_s", MAX_TIME_LIMIT_S, &s->time_limit_s)))
        return st;
    const cJSON *except = cJSON_GetObjectItemCaseSensitive(v, "except");
    if (except && !cJSON_IsArray(except))
        return bad(c, "variety.except", _("must list the staples served any day, such as [\"A015\"]"));
    const cJSON *item;
    size_t i = 0;
    cJSON_ArrayForEach(item, except) {
        char field[64];
        snprintf(field, sizeof field, "variety.except[%zu]", i++);
        const poshan_food *food;
        if ((st = read_food_ref(c, item, field, &food)) != POSHAN_OK) return st;
        size_t k = 0;
        while (k < s->nfoods && s->foods[k].food != food) k++;
        if (k == s->nfoods) return bad(c, field, _("%s (%s) is not in \"foods\""), food->code, food->name);
        s->foods[k].staple = 1;
    }
    const cJSON *different = cJSON_GetObjectItemCaseSensitive(v, "min_different");
    if (different) {
        const char *gkeys[POSHAN_MAX_GROUPS];
        for (size_t g = 0; g < norms->ngroups; g++) gkeys[g] = norms->groups[g].name;
        if ((st = need_object(c, different, "variety.min_different", "{\"pulses\": 2}")) ||
            (st = known_keys(c, different, "variety.min_different", gkeys, norms->ngroups,
                             "a food group of norms.json")))
            return st;
        cJSON_ArrayForEach(item, different) {
            int g = 0;
            while (strcmp(gkeys[g], item->string) != 0) g++;
            int in_group = 0;
            for (size_t k = 0; k < s->nfoods; k++)
                in_group += poshan_norms_group_of(norms, s->foods[k].food->group) == g;
            char field[96];
            join(field, sizeof field, "variety.min_different", item->string);
            if (!cJSON_IsNumber(item) || item->valuedouble != floor(item->valuedouble) ||
                item->valuedouble < 0 || item->valuedouble > in_group)
                return bad(c, field, _("must be a whole number from 0 to %d: \"foods\" has %d of %s"),
                           in_group, in_group, item->string);
            s->min_different[g] = (int)item->valuedouble;
        }
    }
    /* Each food is served on a day or not: a food held above zero every day must be a staple,
     * and a food counted as served gets some grams, so it must be allowed some. */
    for (size_t k = 0; k < s->nfoods; k++) {
        const poshan_opt_food *f = &s->foods[k];
        char field[64];
        double most = 0;
        for (size_t L = 0; L < norms->nlevels; L++) {
            snprintf(field, sizeof field, "foods[%zu].min_g", k);
            if (f->grams.min[L] > 0 && !f->staple && s->max_days_per_food > 0 &&
                (size_t)s->max_days_per_food < s->ndays)
                return bad(c, field, _("%s must be served every day (min_g above 0) but "
                           "variety.max_days_per_food is %d: add it to variety.except or drop min_g"),
                           f->food->code, s->max_days_per_food);
            if (f->grams.max[L] > most) most = f->grams.max[L];
        }
        snprintf(field, sizeof field, "foods[%zu].max_g", k);
        if (most == 0)
            return bad(c, field, _("%s may not be served at any level (max_g 0): leave it out of "
                       "\"foods\""), f->food->code);
    }
    return POSHAN_OK;
}

static poshan_status read_spec(spec_ctx *c, const cJSON *root, int for_fix) {
    poshan_opt_spec *s = c->spec;
    static const char *const keys[] = {"name", "levels", "days", "foods", "nutrients",
                                       "food_groups", "cost", "variety"};
    if (!cJSON_IsObject(root))
        return bad(c, NULL, _("a spec is a JSON object with \"days\", \"foods\" and \"nutrients\""));
    poshan_status st = known_keys(c, root, "", keys, 8, "a key of a spec");
    if (st != POSHAN_OK) return st;
    if (for_fix) {
        static const char *const menu_keys[] = {"days", "foods", "variety"};
        for (int k = 0; k < 3; k++)
            if (cJSON_GetObjectItemCaseSensitive(root, menu_keys[k]))
                return bad(c, menu_keys[k], _("is for `menu optimise`: with --fix the days, foods and "
                           "dishes come from the menu being mended; leave it out"));
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (name && !cJSON_IsString(name)) return bad(c, "name", _("must be text, such as \"Durg, winter\""));
    if ((s->name = strdup(name ? name->valuestring : c->file)) == NULL)
        return poshan_error_set(c->err, POSHAN_ESYSTEM, c->file, 0, NULL, _("out of memory"));
    for (int L = 0; L < POSHAN_MAX_LEVELS; L++) s->max_cost_rs[L] = INFINITY;
    s->min_serving_g = DEFAULT_MIN_SERVING_G;
    s->time_limit_s = DEFAULT_TIME_LIMIT_S;
    const cJSON *v;
    if ((st = read_levels(c, cJSON_GetObjectItemCaseSensitive(root, "levels"))) != POSHAN_OK) return st;
    if (!for_fix) {
        if ((st = read_days(c, cJSON_GetObjectItemCaseSensitive(root, "days"))) != POSHAN_OK) return st;
        if ((st = read_foods(c, cJSON_GetObjectItemCaseSensitive(root, "foods"))) != POSHAN_OK) return st;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "nutrients")) && (st = read_nutrients(c, v))) return st;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "food_groups")) && (st = read_groups(c, v))) return st;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "cost")) && (st = read_cost(c, v))) return st;
    if ((v = cJSON_GetObjectItemCaseSensitive(root, "variety")) && (st = read_variety(c, v))) return st;
    return POSHAN_OK;
}

poshan_status poshan_opt_spec_parse(poshan_opt_spec *spec, const char *text, size_t size,
                                    const char *name, const poshan_foods *foods,
                                    const poshan_norms *norms, int for_fix, poshan_error *err) {
    memset(spec, 0, sizeof *spec);
    cJSON *root;
    poshan_status st = poshan_json_parse(text, size, name, &root, err);
    if (st != POSHAN_OK) return st;
    spec_ctx c = {.file = name, .foods = foods, .norms = norms, .spec = spec, .err = err};
    st = read_spec(&c, root, for_fix);
    cJSON_Delete(root);
    if (st != POSHAN_OK) poshan_opt_spec_free(spec);
    return st;
}

poshan_status poshan_opt_spec_load(poshan_opt_spec *spec, const char *path, const poshan_foods *foods,
                                   const poshan_norms *norms, int for_fix, poshan_error *err) {
    char *text;
    size_t size;
    memset(spec, 0, sizeof *spec);
    poshan_status st = poshan_read_file(path, &text, &size, err);
    if (st != POSHAN_OK) return st;
    st = poshan_opt_spec_parse(spec, text, size, path, foods, norms, for_fix, err);
    free(text);
    return st;
}

void poshan_opt_spec_free(poshan_opt_spec *spec) {
    for (size_t d = 0; spec->days && d < spec->ndays; d++) free(spec->days[d]);
    free(spec->days);
    free(spec->foods);
    free(spec->name);
    memset(spec, 0, sizeof *spec);
}
