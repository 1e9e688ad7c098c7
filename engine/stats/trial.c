/* trial.c: schools, their district and block, and their arm (see trial.h). */
#include "trial.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "i18n.h"

static const char *const level_names[] = {"school", "block", "district"};

int poshan_level_parse(const char *text, poshan_level *out) {
    for (int i = 0; i < 3; i++)
        if (strcmp(text, level_names[i]) == 0) { *out = (poshan_level)i; return 0; }
    return -1;
}

const char *poshan_level_name(poshan_level level) { return level_names[level]; }

static const char *list_name(const poshan_trial_arms *a, size_t i) {
    return i < a->ntreated ? a->treated[i] : a->control[i - a->ntreated];
}

poshan_status poshan_trial_init(poshan_trial *t, const poshan_trial_arms *arms, poshan_error *err) {
    memset(t, 0, sizeof *t);
    t->arms = *arms;
    t->last_school = SIZE_MAX;
    if (arms->ntreated == 0 || arms->ncontrol == 0)
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "--treated/--control",
                                _("name at least one treated and one comparison %s"),
                                poshan_level_name(arms->unit));
    for (size_t i = 0; i < arms->ntreated; i++)
        for (size_t j = 0; j < arms->ncontrol; j++)
            if (strcmp(arms->treated[i], arms->control[j]) == 0)
                return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "--treated/--control",
                                        _("'%s' is named both treated and comparison"), arms->treated[i]);
    t->seen = calloc(arms->ntreated + arms->ncontrol, sizeof *t->seen);
    if (t->seen == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    return POSHAN_OK;
}

void poshan_trial_free(poshan_trial *t) {
    poshan_keyindex_free(&t->schools);
    poshan_keyindex_free(&t->districts);
    poshan_keyindex_free(&t->blocks);
    free(t->info);
    free(t->seen);
    free(t->unit_arms);
    memset(t, 0, sizeof *t);
}

/* Does the block key "district\x1fblock" name this district and block? */
static int block_key_is(const char *key, const char *district, const char *block) {
    size_t n = strlen(district);
    return strncmp(key, district, n) == 0 && key[n] == '\x1f' && strcmp(key + n + 1, block) == 0;
}

/* Not a POSHAN_ARM_*: a unit whose arm is not looked up yet. */
#define ARM_UNKNOWN (-2)

/* The arm of the unit named name, its name marked seen in the lists. */
static int arm_of(poshan_trial *t, const char *name) {
    size_t n = t->arms.ntreated + t->arms.ncontrol;
    for (size_t i = 0; i < n; i++)
        if (strcmp(list_name(&t->arms, i), name) == 0) {
            t->seen[i] = 1;
            return i < t->arms.ntreated ? POSHAN_ARM_TREATED : POSHAN_ARM_CONTROL;
        }
    return POSHAN_ARM_OUTSIDE;
}

static poshan_status add_school(poshan_trial *t, size_t index, const char *district, const char *block,
                                poshan_error *err) {
    if (poshan_grow((void **)&t->info, &t->info_capacity, index + 1, sizeof *t->info) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    poshan_trial_school *s = &t->info[index];
    char key[1024];
    size_t nd = strlen(district), nb = strlen(block);
    if (nd + 1 + nb < sizeof key) {   /* the usual case, without snprintf (a school a row of a block) */
        memcpy(key, district, nd);
        key[nd] = '\x1f';
        memcpy(key + nd + 1, block, nb + 1);
    } else snprintf(key, sizeof key, "%s\x1f%s", district, block);
    poshan_status st = poshan_keyindex_intern(&t->districts, district, &s->district, NULL, err);
    if (st == POSHAN_OK) st = poshan_keyindex_intern(&t->blocks, key, &s->block, NULL, err);
    s->group = SIZE_MAX;
    if (st != POSHAN_OK) return st;
    /* the arm, looked up in the lists once per district (or block) */
    int by_district = t->arms.unit == POSHAN_LEVEL_DISTRICT;
    size_t unit = by_district ? s->district : s->block;
    if (unit >= t->nunit_arms) {
        if (poshan_grow((void **)&t->unit_arms, &t->unit_arms_capacity, unit + 1, sizeof *t->unit_arms) != 0)
            return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
        for (; t->nunit_arms <= unit; t->nunit_arms++) t->unit_arms[t->nunit_arms] = ARM_UNKNOWN;
    }
    if (t->unit_arms[unit] == ARM_UNKNOWN) t->unit_arms[unit] = arm_of(t, by_district ? district : block);
    s->arm = t->unit_arms[unit];
    return POSHAN_OK;
}

poshan_status poshan_trial_school_of(poshan_trial *t, const char *school, const char *district,
                                     const char *block, const char *file, long line, size_t *index,
                                     poshan_error *err) {
    size_t i = t->last_school;
    int added = 0;
    if (i == SIZE_MAX || strcmp(t->schools.keys[i], school) != 0) {
        poshan_status st = poshan_keyindex_intern(&t->schools, school, &i, &added, err);
        if (st == POSHAN_OK && added) st = add_school(t, i, district, block, err);
        if (st != POSHAN_OK) return st;
        t->last_school = i;
    }
    const poshan_trial_school *s = &t->info[i];
    if (strcmp(t->districts.keys[s->district], district) != 0 ||
        !block_key_is(t->blocks.keys[s->block], district, block))
        return poshan_error_set(err, POSHAN_EINPUT, file, line, "school_udise",
                                _("school %s was listed earlier in district '%s', block '%s'; "
                                "here it is in district '%s', block '%s'. A school must have one "
                                "district and block"), school, t->districts.keys[s->district],
                                strchr(t->blocks.keys[s->block], '\x1f') + 1, district, block);
    *index = i;
    return POSHAN_OK;
}

void poshan_trial_school_names(const poshan_trial *t, size_t school, const char **name,
                               const char **district, const char **block) {
    const poshan_trial_school *s = &t->info[school];
    *name = t->schools.keys[school];
    *district = t->districts.keys[s->district];
    *block = strchr(t->blocks.keys[s->block], '\x1f') + 1;
}

static size_t id_at(const poshan_trial *t, size_t school, poshan_level level) {
    if (level == POSHAN_LEVEL_DISTRICT) return t->info[school].district;
    return level == POSHAN_LEVEL_BLOCK ? t->info[school].block : school;
}

void poshan_trial_ids(const poshan_trial *t, size_t school, size_t *cluster, size_t *boot, size_t *unit) {
    poshan_level coarser = t->arms.cluster > t->arms.unit ? t->arms.cluster : t->arms.unit;
    *cluster = id_at(t, school, t->arms.cluster);
    *boot = id_at(t, school, coarser);
    *unit = id_at(t, school, t->arms.unit);
}

poshan_status poshan_trial_check_seen(const poshan_trial *t, const char *file, poshan_error *err) {
    for (size_t i = 0; i < t->arms.ntreated + t->arms.ncontrol; i++)
        if (!t->seen[i])
            return poshan_error_set(err, POSHAN_EINPUT, file, 0,
                                    i < t->arms.ntreated ? "--treated" : "--control",
                                    _("%s '%s' has no records in this file (check the spelling)"),
                                    poshan_level_name(t->arms.unit), list_name(&t->arms, i));
    return POSHAN_OK;
}
