/* optimise.h: the menu optimiser. Given the foods a district can get, their
 * prices and the norms, the cheapest week that meets them (a linear program,
 * or a mixed-integer one when the spec asks for variety); when the norms cannot
 * all be met, the menu with the least weighted shortfall; and the smallest
 * change that mends an existing menu. Solved with GNU GLPK.
 *
 * The spec is a JSON file (README, "The menu optimiser", lists every key);
 * optimise_spec.c reads it, optimise.c builds and solves the program,
 * optimise_json.c writes the result. The menu found is an ordinary poshan_menu,
 * so it is judged and costed by poshan_menu_evaluate, as `menu evaluate` does. */
#ifndef POSHAN_OPTIMISE_H
#define POSHAN_OPTIMISE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "error.h"
#include "foods.h"
#include "menu.h"
#include "norms.h"
#include "prices.h"

/* A menu cycle is a week or a month of school days: more days than a month is
 * taken for a mistake (and would make the program needlessly large). */
#define POSHAN_OPT_MAX_DAYS 31

/* A lower and an upper bound per norms level; -INFINITY / INFINITY when absent. */
typedef struct poshan_opt_range {
    double min[POSHAN_MAX_LEVELS], max[POSHAN_MAX_LEVELS];
} poshan_opt_range;

typedef struct poshan_opt_food {
    const poshan_food *food;
    poshan_opt_range grams;  /* per child per day; 0 to POSHAN_MAX_GRAMS_PER_CHILD by default */
    int staple;              /* in variety.except: may be served every day */
} poshan_opt_food;

/* What a "nutrients" key bounds: an amount, or a share of energy. */
typedef enum { POSHAN_OPT_AMOUNT, POSHAN_OPT_FAT_PCT, POSHAN_OPT_PROTEIN_PCT } poshan_opt_kind;

typedef struct poshan_opt_nutrient {
    char key[32];            /* as the spec writes it: "protein_g", "energy_from_fat_pct" */
    poshan_opt_kind kind;
    poshan_nutrient nutrient; /* for POSHAN_OPT_AMOUNT */
    poshan_opt_range range;
} poshan_opt_nutrient;

typedef struct poshan_opt_group {
    int group;               /* norms->groups index */
    poshan_opt_range grams;
} poshan_opt_group;

typedef struct poshan_opt_spec {
    char *name;
    int levels[POSHAN_MAX_LEVELS];  /* norms level indexes, in the spec's order */
    size_t nlevels;
    char **days;
    size_t ndays;
    poshan_opt_food *foods;
    size_t nfoods;
    poshan_opt_nutrient nutrients[POSHAN_NUTRIENT_COUNT + 2];
    size_t nnutrients;
    poshan_opt_group groups[POSHAN_MAX_GROUPS];
    size_t ngroups;
    double max_cost_rs[POSHAN_MAX_LEVELS]; /* per child per day; INFINITY when not bounded */
    int variety;                     /* the spec has a "variety" object: a mixed-integer program */
    int max_days_per_food;           /* 0: no limit */
    int min_different[POSHAN_MAX_GROUPS]; /* different foods of a norm group in the week */
    double min_serving_g;            /* a food counted as served gets at least this much
                                      * (or its max_g, when that is less) */
    double time_limit_s;
} poshan_opt_spec;

/* Reads a spec. for_fix: the spec of `--fix`, which takes its days and foods
 * from the menu (so "days", "foods" and "variety" are refused). Every error
 * names the file and the key ("foods[2].max_g"). */
poshan_status poshan_opt_spec_parse(poshan_opt_spec *spec, const char *text, size_t size,
                                    const char *name, const poshan_foods *foods,
                                    const poshan_norms *norms, int for_fix, poshan_error *err);
poshan_status poshan_opt_spec_load(poshan_opt_spec *spec, const char *path, const poshan_foods *foods,
                                   const poshan_norms *norms, int for_fix, poshan_error *err);
void poshan_opt_spec_free(poshan_opt_spec *spec);

typedef enum {
    POSHAN_OPT_OPTIMAL,      /* meets every bound at the least cost (or least change) */
    POSHAN_OPT_TIME_LIMIT,   /* meets every bound; the best found when time ran out (see gap) */
    POSHAN_OPT_INFEASIBLE    /* some bound cannot be met: the least weighted shortfall */
} poshan_opt_status;

/* A constraint of one level and day: a nutrient, a food group or the cost. */
typedef struct poshan_opt_row_info {
    char what[40];           /* "protein_g", "pulses", "cost_rs" */
    int level;               /* norms level index */
    size_t day;
    int is_min;              /* a lower bound (else an upper one) */
    double target;           /* the bound; a share of energy in % for *_pct */
} poshan_opt_row_info;

typedef struct poshan_opt_binding {
    poshan_opt_row_info row;
    double dual;             /* rupees per child the optimum changes by when the bound is one
                              * unit (a percentage point for a share of energy) higher */
} poshan_opt_binding;

typedef struct poshan_opt_shortfall {
    poshan_opt_row_info row;
    double achieved;         /* in the menu found, as poshan_menu_evaluate counts it */
    double shortfall;        /* how far from the target, always >= 0 */
} poshan_opt_shortfall;

typedef struct poshan_opt_result {
    poshan_opt_status status;
    int mip;                 /* solved as a mixed-integer program (variety) */
    double gap;              /* relative MIP gap of the menu returned; 0 for a linear program */
    int time_limit_hit;      /* the MIP stopped at variety.time_limit_s (the status may still be
                              * infeasible: the best found had a shortfall) */
    double objective;        /* rupees (optimise) or weighted grams moved (fix), before rounding */
    poshan_menu menu;        /* the menu found, grams rounded to 0.01 g */
    poshan_opt_binding *binding;
    size_t nbinding;
    poshan_opt_shortfall *shortfalls;
    size_t nshortfalls;
} poshan_opt_result;

/* The cheapest menu of spec. prices must price every food that counts against
 * the cooking cost. lp_path, when not NULL, also receives the program in CPLEX
 * LP format. */
poshan_status poshan_optimise(const poshan_opt_spec *spec, const poshan_norms *norms,
                              const poshan_prices *prices, const char *lp_path,
                              poshan_opt_result *out, poshan_error *err);

/* The smallest weighted change in grams (each ingredient's change divided by
 * its grams, at least 1 g) that makes menu meet spec's bounds, keeping its
 * dishes. spec may be NULL: the energy and protein norms of every level. */
poshan_status poshan_optimise_fix(const poshan_menu *menu, const poshan_opt_spec *spec,
                                  const poshan_norms *norms, const poshan_prices *prices,
                                  poshan_opt_result *out, poshan_error *err);

void poshan_opt_result_free(poshan_opt_result *result);

/* The result as JSON: status, cost_rs per level and in total, each day's foods
 * and grams, the evaluation as `menu evaluate --format json` gives it, the
 * binding constraints with their duals and the shortfalls; for --fix (before is
 * the menu mended, else NULL) also each change of grams. prices may be NULL. */
poshan_status poshan_opt_result_json(const poshan_opt_result *result, const poshan_menu *before,
                                     const poshan_norms *norms, const poshan_prices *prices,
                                     const int *levels, size_t nlevels, cJSON **out,
                                     poshan_error *err);

/* "optimal", "time_limit" or "infeasible". */
const char *poshan_opt_status_name(poshan_opt_status status);

/* A menu in the ordinary menu format (what `menu evaluate` reads). */
cJSON *poshan_menu_to_json(const poshan_menu *menu, const poshan_norms *norms);

/* Rupees per child over every day of the menu at one level, as `menu evaluate
 * --prices` counts them. */
double poshan_opt_menu_cost_rs(const poshan_menu *menu, const poshan_norms *norms,
                               const poshan_prices *prices, int level);

#endif
