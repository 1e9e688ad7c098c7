/* norms.c: reading nutrients/norms.json into poshan_norms (see norms.h). */
#include "norms.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "jsonread.h"

static poshan_status need_number(const cJSON *obj, const char *key, double *out, const char *path,
                                 const char *where, poshan_error *err) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, where,
                                _("'%s' must be a non-negative number"), key);
    *out = v->valuedouble;
    return POSHAN_OK;
}

static poshan_status load_groups(poshan_norms *norms, const cJSON *root, const char *path,
                                 poshan_error *err) {
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(root, "food_groups");
    if (!cJSON_IsObject(groups))
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, "food_groups",
                                _("needs an object of norm group -> list of IFCT food groups"));
    const cJSON *g;
    cJSON_ArrayForEach(g, groups) {
        if (norms->ngroups == POSHAN_MAX_GROUPS)
            return poshan_error_set(err, POSHAN_EINPUT, path, 0, "food_groups",
                                    _("at most %d groups"), POSHAN_MAX_GROUPS);
        poshan_food_group *fg = &norms->groups[norms->ngroups++];
        snprintf(fg->name, sizeof fg->name, "%s", g->string);
        const cJSON *m;
        cJSON_ArrayForEach(m, g) {
            if (!cJSON_IsString(m) || fg->nmembers == POSHAN_MAX_GROUP_MEMBERS)
                return poshan_error_set(err, POSHAN_EINPUT, path, 0, g->string,
                                        _("must list at most %d IFCT food group names"),
                                        POSHAN_MAX_GROUP_MEMBERS);
            snprintf(fg->members[fg->nmembers++], sizeof fg->members[0], "%s", m->valuestring);
        }
    }
    const cJSON *free_list = cJSON_GetObjectItemCaseSensitive(root, "supplied_free");
    const cJSON *f;
    cJSON_ArrayForEach(f, free_list) {
        size_t k = 0;
        while (k < norms->ngroups && !(cJSON_IsString(f) && strcmp(norms->groups[k].name, f->valuestring) == 0)) k++;
        if (k == norms->ngroups)
            return poshan_error_set(err, POSHAN_EINPUT, path, 0, "supplied_free",
                                    _("names a group that food_groups does not define"));
        norms->groups[k].supplied_free = 1;
    }
    const cJSON *note = cJSON_GetObjectItemCaseSensitive(root, "supplied_free_note");
    if (cJSON_IsString(note))
        snprintf(norms->supplied_free_note, sizeof norms->supplied_free_note, "%s", note->valuestring);
    return POSHAN_OK;
}

static poshan_status load_level(poshan_norms *norms, const cJSON *lv, const char *path,
                                poshan_error *err) {
    poshan_level_norm *L = &norms->levels[norms->nlevels++];
    snprintf(L->name, sizeof L->name, "%s", lv->string);
    const cJSON *label = cJSON_GetObjectItemCaseSensitive(lv, "label");
    snprintf(L->label, sizeof L->label, "%s", cJSON_IsString(label) ? label->valuestring : lv->string);
    poshan_status st;
    if ((st = need_number(lv, "energy_kcal", &L->energy_kcal, path, lv->string, err)) ||
        (st = need_number(lv, "protein_g", &L->protein_g, path, lv->string, err)))
        return st;
    const cJSON *fg = cJSON_GetObjectItemCaseSensitive(lv, "food_groups_g");
    for (size_t k = 0; k < norms->ngroups; k++)
        if ((st = need_number(fg, norms->groups[k].name, &L->group_g[k], path, lv->string, err)))
            return st;
    const cJSON *cost = cJSON_GetObjectItemCaseSensitive(lv, "cooking_cost");
    if ((st = need_number(cost, "rs_per_meal", &L->cost_rs_per_meal, path, lv->string, err)))
        return st;
    const cJSON *lpg = cJSON_GetObjectItemCaseSensitive(cost, "lpg_incentive_rs");
    L->lpg_incentive_rs = cJSON_IsNumber(lpg) ? lpg->valuedouble : 0;
    const cJSON *year = cJSON_GetObjectItemCaseSensitive(cost, "year");
    snprintf(L->cost_year, sizeof L->cost_year, "%s", cJSON_IsString(year) ? year->valuestring : "");
    return POSHAN_OK;
}

poshan_status poshan_norms_load(poshan_norms *norms, const char *path, poshan_error *err) {
    memset(norms, 0, sizeof *norms);
    cJSON *root;
    poshan_status st = poshan_json_read_file(path, &root, err);
    if (st != POSHAN_OK) return st;
    st = load_groups(norms, root, path, err);
    const cJSON *levels = cJSON_GetObjectItemCaseSensitive(root, "levels");
    if (st == POSHAN_OK && (!cJSON_IsObject(levels) || cJSON_GetArraySize(levels) == 0 ||
                            cJSON_GetArraySize(levels) > POSHAN_MAX_LEVELS))
        st = poshan_error_set(err, POSHAN_EINPUT, path, 0, "levels",
                              _("needs an object with 1 to %d levels"), POSHAN_MAX_LEVELS);
    const cJSON *lv;
    if (st == POSHAN_OK) {
        cJSON_ArrayForEach(lv, levels) {
            if ((st = load_level(norms, lv, path, err)) != POSHAN_OK) break;
        }
    }
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(root, "school_days_per_year");
    norms->school_days_per_year = cJSON_IsNumber(days) ? days->valuedouble : 0;
    cJSON_Delete(root);
    return st;
}

int poshan_norms_level_index(const poshan_norms *norms, const char *name) {
    for (size_t i = 0; i < norms->nlevels; i++)
        if (strcasecmp(norms->levels[i].name, name) == 0) return (int)i; /* "Primary" too */
    return -1;
}

const poshan_level_norm *poshan_norms_level(const poshan_norms *norms, const char *name) {
    int i = poshan_norms_level_index(norms, name);
    return i < 0 ? NULL : &norms->levels[i];
}

int poshan_norms_group_of(const poshan_norms *norms, const char *food_group) {
    for (size_t k = 0; k < norms->ngroups; k++)
        for (size_t m = 0; m < norms->groups[k].nmembers; m++)
            if (strcmp(norms->groups[k].members[m], food_group) == 0) return (int)k;
    return -1;
}

const char *poshan_level_words(const char *level, char *buf, size_t size) {
    if (strcmp(level, "primary") == 0) return _("primary");
    if (strcmp(level, "upper_primary") == 0) return _("upper primary");
    snprintf(buf, size, "%s", level);
    for (char *p = buf; *p; p++)
        if (*p == '_') *p = ' ';
    return buf;
}
