/* menu.h: menus, and what one child gets from them.
 *
 * A menu (a JSON file under menus/) is days of dishes of ingredients, each a food and its
 * raw edible grams per child, per level. Loading resolves every food and
 * quantity once, so evaluation is plain arithmetic over the IFCT rows.
 * The batch form reads every school's menu from one long CSV, streaming. */
#ifndef POSHAN_MENU_H
#define POSHAN_MENU_H

#include <stdio.h>

#include "error.h"
#include "foods.h"
#include "norms.h"
#include "prices.h"

/* Above this many raw grams of one ingredient per child a quantity is
 * taken for a typing error (a whole pot written as one child's share). */
#define POSHAN_MAX_GRAMS_PER_CHILD 1000.0

/* A menu's errors are all listed, up to this many (then how many more). */
#define POSHAN_MENU_MAX_ERRORS 50

typedef struct poshan_ingredient {
    const poshan_food *food;
    double grams[POSHAN_MAX_LEVELS];   /* per child, by norms level index */
} poshan_ingredient;

typedef struct poshan_dish {
    char *name;
    poshan_ingredient *ingredients;
    size_t count;
    double serves;                     /* > 0 when given as a pot recipe: children in all */
    int shared_pot;                    /* one pot for several levels, shared by their norms */
    unsigned only_levels;              /* 0: served to every level; else bit L for each level
                                        * it is served to ("levels": ["primary"]), the rest get none */
} poshan_dish;

/* Whether a dish is served to level L. */
static inline int poshan_dish_serves_level(const poshan_dish *dish, size_t L) {
    return dish->only_levels == 0 || (dish->only_levels >> L & 1u);
}

typedef struct poshan_menu_day {
    char *day;
    poshan_dish *dishes;
    size_t count;
} poshan_menu_day;

typedef struct poshan_menu {
    char *name;
    poshan_menu_day *days;
    size_t ndays;
    /* What the reader should know, each with where (field) and what (message):
     * notes are assumptions the menu was read with (a shared pot's split, a name
     * read by a loose match, a generic item's recipe); warnings are amounts that
     * were evaluated but look like a typing mistake. */
    poshan_error_list notes, warnings;
} poshan_menu;

/* Reads and checks a menu. Every error names the file, day, dish and ingredient;
 * all of them are listed in errors (up to POSHAN_MENU_MAX_ERRORS, then one saying
 * how many more), so that one run shows everything to fix. On error the menu is
 * empty. errors may be NULL. */
poshan_status poshan_menu_parse_all(poshan_menu *menu, const char *text, size_t size, const char *name,
                                    const poshan_foods *foods, const poshan_norms *norms,
                                    poshan_error_list *errors);
poshan_status poshan_menu_load_all(poshan_menu *menu, const char *path, const poshan_foods *foods,
                                   const poshan_norms *norms, poshan_error_list *errors);
/* The same, giving the first error in err (its message says how many others there are). */
poshan_status poshan_menu_load(poshan_menu *menu, const char *path, const poshan_foods *foods,
                               const poshan_norms *norms, poshan_error *err);
poshan_status poshan_menu_parse(poshan_menu *menu, const char *text, size_t size, const char *name,
                                const poshan_foods *foods, const poshan_norms *norms,
                                poshan_error *err);
void poshan_menu_free(poshan_menu *menu);

/* What one child gets from some food: nutrients and grams per norm food group. */
typedef struct poshan_meal {
    double nutrient[POSHAN_NUTRIENT_COUNT];
    double group_g[POSHAN_MAX_GROUPS];
    double cost_rs;          /* of the priced ingredients that count against the cooking cost */
    int unpriced;            /* ingredients that count but have no price */
} poshan_meal;

void poshan_meal_add(poshan_meal *meal, const poshan_food *food, double grams,
                     const poshan_norms *norms, const poshan_prices *prices);

/* A meal held against one level's norms. */
typedef struct poshan_judgement {
    int meets_energy, meets_protein;
    double energy_shortfall_kcal;  /* 0 when met */
    double protein_shortfall_g;
    double energy_from_fat_pct;    /* share of energy: fat 9 kcal/g, protein 4 kcal/g */
    double energy_from_protein_pct;
} poshan_judgement;

void poshan_meal_judge(const poshan_meal *meal, const poshan_level_norm *norm, poshan_judgement *out);

/* A sum that reaches a norm only to within the rounding of its own arithmetic
 * (699.9999999999998 kcal) is set to the norm, so that every output shows what
 * was judged: the norm, met. Call before poshan_meal_judge. */
void poshan_meal_settle(poshan_meal *meal, const poshan_level_norm *norm);

/* Printed equals judged. The decimals (at least `decimals`, at most
 * POSHAN_MAX_DECIMALS) to print value with so that the printed figure is at or
 * above norm exactly when `meets` says so: 699.96 kcal that fails prints 699.96,
 * not 700.0. */
#define POSHAN_MAX_DECIMALS 9
int poshan_judged_decimals(double value, double norm, int meets, int decimals);
/* Over the cooking cost allowed per meal: above it by more than rounding noise. */
int poshan_meal_over_cost(const poshan_meal *meal, const poshan_level_norm *norm);
/* The decimals (at least `decimals`) to print a cost with so that it prints above
 * the allowed cost exactly when `over` says so: Rs 5.451 over Rs 5.45 prints 5.451. */
int poshan_cost_decimals(double cost_rs, double allowed_rs, int over, int decimals);
/* The decimals that show a shortfall above zero as above zero (0.004 g, not 0.00). */
int poshan_shortfall_decimals(double shortfall, int decimals);

typedef struct poshan_day_result {
    const char *day;
    poshan_meal total;
    poshan_meal *dishes;     /* one per dish of the day, same order */
    size_t ndishes;
    poshan_judgement judged;
} poshan_day_result;

typedef struct poshan_level_result {
    int level;               /* norms level index */
    poshan_day_result *days;
    size_t ndays;
    poshan_meal week;        /* average over the days */
    poshan_judgement week_judged;
    size_t days_below_energy, days_below_protein;
} poshan_level_result;

poshan_status poshan_menu_evaluate(const poshan_menu *menu, const poshan_norms *norms,
                                   const poshan_prices *prices, int level,
                                   poshan_level_result *out, poshan_error *err);
void poshan_level_result_free(poshan_level_result *result);

/* ---- every school's menu at once ----------------------------------------
 * CSV columns school_udise,level,day,dish,food,grams, one row per ingredient,
 * the rows of a school together. One callback per school-day, in file order. */
typedef struct poshan_school_day {
    const char *school_udise;
    int level;               /* norms level index */
    const char *day;
    long first_line;         /* line of its first ingredient */
    size_t bad_rows;         /* its rows that were reported bad and left out */
    poshan_meal meal;
    poshan_judgement judged;
} poshan_school_day;

typedef poshan_status (*poshan_school_day_fn)(void *ctx, const poshan_school_day *day,
                                              poshan_error *err);

/* Told of each bad row (file, line, field, message); returning non-OK stops the run. */
typedef poshan_status (*poshan_bad_row_fn)(void *ctx, const poshan_error *bad_row);

typedef struct poshan_batch_options {
    int strict;                    /* the first bad row stops the run and is returned */
    poshan_bad_row_fn on_bad_row;  /* may be NULL */
    /* Told, at its first use, of each composite ("sabzi") the file names: the row
     * (file, line, field "food") and what the composite is and assumes. May be NULL. */
    poshan_bad_row_fn on_note;
    const poshan_prices *prices;   /* may be NULL */
} poshan_batch_options;

typedef struct poshan_batch_stats {
    size_t lines, school_days, schools, bad_rows;
} poshan_batch_stats;

poshan_status poshan_menu_batch(FILE *in, const char *name, const poshan_foods *foods,
                                const poshan_norms *norms, const poshan_batch_options *options,
                                poshan_school_day_fn fn, void *ctx, poshan_batch_stats *stats,
                                poshan_error *err);

#endif
