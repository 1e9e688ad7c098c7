/* norms.h: the Mid-Day Meal norms per level, read from nutrients/norms.json.
 * Nothing of the norms is written in C: a state that changes them edits the file. */
#ifndef POSHAN_NORMS_H
#define POSHAN_NORMS_H

#include <stddef.h>
#include "error.h"

#define POSHAN_MAX_LEVELS 4
#define POSHAN_MAX_GROUPS 8
#define POSHAN_MAX_GROUP_MEMBERS 8

typedef struct poshan_level_norm {
    char name[32];           /* "primary", as menus and lab files write it */
    char label[64];          /* "Primary (classes I-V)" */
    double energy_kcal;      /* per child per meal */
    double protein_g;
    double group_g[POSHAN_MAX_GROUPS]; /* raw grams per food group, by norms.groups index */
    double cost_rs_per_meal; /* cooking cost allowed */
    double lpg_incentive_rs;
    char cost_year[16];
} poshan_level_norm;

typedef struct poshan_food_group {
    char name[32];                                    /* "pulses" */
    char members[POSHAN_MAX_GROUP_MEMBERS][48];       /* IFCT groups, "Grain Legumes" */
    size_t nmembers;
    int supplied_free;                                /* not counted in the cooking cost */
} poshan_food_group;

typedef struct poshan_norms {
    poshan_level_norm levels[POSHAN_MAX_LEVELS];
    size_t nlevels;
    poshan_food_group groups[POSHAN_MAX_GROUPS];
    size_t ngroups;
    double school_days_per_year;
    char supplied_free_note[256];
} poshan_norms;

poshan_status poshan_norms_load(poshan_norms *norms, const char *path, poshan_error *err);

/* The level of that name, or NULL. */
const poshan_level_norm *poshan_norms_level(const poshan_norms *norms, const char *name);
int poshan_norms_level_index(const poshan_norms *norms, const char *name);

/* A level's key in words a reader knows ("upper_primary": "upper primary"),
 * in the thread's language: the levels of the shipped norms through _(),
 * any other key with its underscores as spaces (into buf, of size bytes). */
const char *poshan_level_words(const char *level, char *buf, size_t size);

/* The norm group (index into norms->groups) an IFCT food group belongs to, or -1. */
int poshan_norms_group_of(const poshan_norms *norms, const char *food_group);

#endif
