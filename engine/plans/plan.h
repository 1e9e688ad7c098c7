/* plan.h: interventions (soy milk, egg, breakfast, kitchen garden) as data, and
 * what each one costs and adds to a child's plate.
 *
 * An intervention file (a JSON file under menus/interventions/, README "Interventions")
 * names an item from the food tables, a serving per level, the serving days,
 * a price, an attendance factor, funding shares and the covered districts or
 * blocks, with the figures the source document states. Loading checks every
 * field; computing reproduces the source's budget table with the source's
 * rounding and checks each stated figure. This file owns the arithmetic; it
 * prints nothing (cmd_plan.c does). Projection over lab samples: plan_project.h. */
#ifndef POSHAN_PLAN_H
#define POSHAN_PLAN_H

#include <stddef.h>

#include "error.h"
#include "foods.h"
#include "norms.h"

#define POSHAN_PLAN_MAX_AREAS 64
#define POSHAN_PLAN_MAX_STATED 64   /* stated figures in one file, areas included */
#define POSHAN_PLAN_MAX_NOTES 16

/* How a serving is measured; the quantity bought is litres, kg or pieces. */
typedef enum { POSHAN_SERVING_NONE, POSHAN_SERVING_ML, POSHAN_SERVING_G, POSHAN_SERVING_PIECE } poshan_serving_unit;

/* What the price is for. */
typedef enum {
    POSHAN_PRICE_PER_LITRE, POSHAN_PRICE_PER_KG, POSHAN_PRICE_PER_PIECE,
    POSHAN_PRICE_PER_CHILD_DAY, POSHAN_PRICE_PER_SCHOOL
} poshan_price_basis;

/* A figure the source states, to be checked against the computed one. */
typedef enum {
    POSHAN_FIG_AREAS, POSHAN_FIG_SCHOOLS, POSHAN_FIG_SCHOOLS_LEVEL, POSHAN_FIG_CHILDREN,
    POSHAN_FIG_ENROLLED_LEVEL, POSHAN_FIG_ATTENDING, POSHAN_FIG_ATTENDING_LEVEL,
    POSHAN_FIG_QUANTITY, POSHAN_FIG_QUANTITY_LEVEL, POSHAN_FIG_COST_RS, POSHAN_FIG_COST_LAKH
} poshan_figure;

typedef struct poshan_stated {
    poshan_figure figure;
    int level;            /* norms level index for the *_LEVEL figures, else -1 */
    int area;             /* index into areas, or -1 for the whole plan */
    double value;
    char name[48];        /* as written in the file: "quantity_upper_primary" */
    char where[200];      /* where the source says it */
} poshan_stated;

typedef struct poshan_plan_area {
    char district[64];
    char block[64];       /* "" when the plan covers whole districts */
    long schools[POSHAN_MAX_LEVELS];
    long schools_total;   /* sum of schools[], or the only figure given */
    long enrolled[POSHAN_MAX_LEVELS];
    long children;        /* sum of enrolled[], or the only figure given */
    int by_level;         /* enrolled[] was given per level */
} poshan_plan_area;

typedef struct poshan_plan {
    char path[256];
    char name[128];
    char source[256];
    const poshan_food *item;                 /* NULL: nothing is served (kitchen garden) */
    poshan_serving_unit serving_unit;
    double serving[POSHAN_MAX_LEVELS];       /* ml, g or pieces per child per serving day */
    double grams_per_piece;                  /* edible grams of one piece (egg) */
    double days_per_year;                    /* serving days */
    double days_per_week, weeks;             /* 0 when days were given per year */
    double price_rs;                         /* before tax */
    poshan_price_basis price_per;
    double tax_pct;
    double attendance_factor;                /* share of enrolled children served */
    int round_attending;                     /* attending children rounded to whole children */
    int round_quantity;                      /* quantity per level rounded to whole units */
    double funding_pct[3];                   /* central, state, CSR */
    char area_kind[16];                      /* "district" or "block" */
    poshan_plan_area areas[POSHAN_PLAN_MAX_AREAS];
    size_t nareas;
    size_t nlevels;                          /* norms levels, copied at load */
    char level_names[POSHAN_MAX_LEVELS][32];
    poshan_stated stated[POSHAN_PLAN_MAX_STATED];
    size_t nstated;
    char not_checked[POSHAN_PLAN_MAX_NOTES][400]; /* what the file says poshan cannot check */
    size_t nnot_checked;
} poshan_plan;

/* Reads and checks an intervention file. Every error names the file and the
 * field ("areas[2].enrolled.primary"). The item is looked up in foods. */
poshan_status poshan_plan_load(poshan_plan *plan, const char *path, const poshan_foods *foods,
                               const poshan_norms *norms, poshan_error *err);
/* The same for the text of such a file (size bytes), called path in errors. */
poshan_status poshan_plan_parse(poshan_plan *plan, const char *text, size_t size, const char *path,
                                const poshan_foods *foods, const poshan_norms *norms, poshan_error *err);

/* The nutrients a plan reports, in this order. */
#define POSHAN_PLAN_NUTRIENTS 4
extern const poshan_nutrient poshan_plan_nutrients[POSHAN_PLAN_NUTRIENTS];

typedef struct poshan_plan_row {            /* one area, or the total */
    double attending[POSHAN_MAX_LEVELS];    /* rounded when the plan says so */
    double quantity[POSHAN_MAX_LEVELS];     /* litres, kg or pieces */
    double attending_total, quantity_total;
    double cost_rs;                         /* whole rupees */
} poshan_plan_row;

typedef struct poshan_plan_budget {
    double serving[POSHAN_MAX_LEVELS];      /* the servings this budget uses */
    poshan_plan_row areas[POSHAN_PLAN_MAX_AREAS];
    poshan_plan_row total;                  /* sums of the area rows, as the source adds */
    long schools_total, children;
    double grams[POSHAN_MAX_LEVELS];        /* edible grams per serving */
    double per_day[POSHAN_MAX_LEVELS][POSHAN_PLAN_NUTRIENTS];  /* per child on a serving day */
    double per_year_day[POSHAN_MAX_LEVELS][POSHAN_PLAN_NUTRIENTS]; /* averaged over the school year */
    double cost_lakh;                       /* total rupees / 1,00,000 */
    double rs_per_child_year;               /* total cost / children covered */
    double cost_rs_level[POSHAN_MAX_LEVELS]; /* that level's own cost (its units x price x tax,
                                               not rounded): the levels add up to the total but
                                               for the area rows' rounding; 0 for a price per school */
    double rs_per_child_year_level[POSHAN_MAX_LEVELS]; /* cost_rs_level over the level's enrolled children */
    double rs_per_g_protein, rs_per_100_kcal; /* 0 when nothing is served */
    double funding_rs[3];                   /* central, state, CSR */
    /* checks of the stated figures against this budget */
    double computed[POSHAN_PLAN_MAX_STATED];
    int agrees[POSHAN_PLAN_MAX_STATED];
    size_t disagreements;
} poshan_plan_budget;

typedef struct poshan_plan_result {
    poshan_plan_budget as_written;          /* servings as the file (the text) gives them */
    int has_implied;                        /* the stated quantities imply other servings */
    poshan_plan_budget as_implied;          /* ... and the budget at those servings */
    int implied_level[POSHAN_MAX_LEVELS];   /* 1: this level's serving differs */
    char notes[POSHAN_PLAN_MAX_NOTES][600]; /* contradictions, in plain words */
    size_t nnotes;
} poshan_plan_result;

/* Computes the budget as written, checks the stated figures, and when stated
 * quantities disagree works out the serving they imply and budgets that too. */
poshan_status poshan_plan_compute(const poshan_plan *plan, const poshan_norms *norms,
                                  poshan_plan_result *out, poshan_error *err);

/* What the quantity is counted in: "litres", "kg" or "pieces" ("" when nothing is served). */
const char *poshan_plan_quantity_unit(const poshan_plan *plan);

/* A stated figure in words ("upper primary litres"), and how poshan works it
 * out ("attending upper primary children x serving x serving days / 1,000"):
 * what its check compares. */
void poshan_plan_figure_words(const poshan_plan *plan, const poshan_stated *stated, char *label,
                              size_t label_size, char *worked_out, size_t worked_size);

#endif
