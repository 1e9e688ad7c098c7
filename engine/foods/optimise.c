/* optimise.c: the menu optimiser's programs, built and solved with GNU GLPK
 * (see optimise.h). It owns the model: one column per food (or ingredient),
 * level and day, in grams per child; one row per bound of the spec, level and
 * day. It must not judge or cost a menu itself: the menu found is rounded and
 * handed to poshan_meal_add / poshan_menu_evaluate, as `menu evaluate` does.
 *
 * Every bound of the spec is soft: a row has a shortfall column that costs a
 * large penalty (goal programming), so the program always has a solution, and
 * the least weighted shortfall is found when the norms cannot all be met.
 * Food bounds and variety are hard: the spec reader makes sure they can hold. */
#include "optimise.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* Grams in the menu found are rounded to this (0.01 g). Each bound is tightened
 * by what rounding every food in it could move it, so that the rounded menu
 * still meets what the program met. */
#define ROUND_G 0.01
/* Goal programming (docs/methods.md, the optimiser): a shortfall is
 * measured as a share of its target and weighs PENALTY rupees (or weighted grams,
 * for --fix) per whole target missed, far above any meal's cost, so no bound is
 * given up to save money. Energy and protein weigh FIRST_WEIGHT times more than
 * any other bound, so they are met first. */
#define PENALTY 1000.0
#define FIRST_WEIGHT 100.0
/* A norm met to within rounding noise counts as met, as poshan_meal_judge does. */
#define MET_TOLERANCE 1e-9

typedef enum { ROW_NUTRIENT, ROW_GROUP, ROW_COST } row_kind;

typedef struct qty_col {
    int level;
    size_t day;
    const poshan_food *food;
    poshan_meal per_g;       /* what one gram brings, as poshan_meal_add counts it */
    double grams0;           /* --fix: the menu's grams; else 0 */
    size_t dish, ingredient; /* --fix: where in the menu */
} qty_col;

typedef struct model {
    glp_prob *lp;
    const poshan_opt_spec *spec;
    const poshan_norms *norms;
    qty_col *cols;           /* GLPK column j is cols[j - 1] */
    size_t ncols, ndays;
    poshan_opt_row_info *rows; /* soft rows: GLPK row i is rows[i - 1] */
    size_t nrows;
    int *slack;              /* the shortfall column of each soft row */
    poshan_error *err;
} model;

static poshan_status no_memory(poshan_error *err) {
    return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
}

/* ---- soft rows: the spec's bounds ------------------------------------------ */

/* The coefficient of one gram of a column's food in a row of this kind. pct: the
 * bound of a share of energy, which is linear as 100 * 9 * fat - pct * kcal >= 0. */
static double coef(const qty_col *c, row_kind kind, const poshan_opt_nutrient *n, int group, double pct) {
    const double *v = c->per_g.nutrient;
    switch (kind) {
    case ROW_GROUP: return c->per_g.group_g[group];
    case ROW_COST: return c->per_g.cost_rs;
    case ROW_NUTRIENT: break;
    }
    if (n->kind == POSHAN_OPT_FAT_PCT)
        return 100 * POSHAN_KCAL_PER_G_FAT * v[POSHAN_FAT_G] - pct * v[POSHAN_ENERGY_KCAL];
    if (n->kind == POSHAN_OPT_PROTEIN_PCT)
        return 100 * POSHAN_KCAL_PER_G_PROTEIN * v[POSHAN_PROTEIN_G] - pct * v[POSHAN_ENERGY_KCAL];
    return v[n->nutrient];
}

static double row_weight(const char *what) {
    return strcmp(what, "energy_kcal") == 0 || strcmp(what, "protein_g") == 0 ? FIRST_WEIGHT : 1.0;
}

/* Adds the row "bound of what, at level L on day d", with its shortfall column. */
static poshan_status add_soft_row(model *m, const int *cols, size_t ncols, row_kind kind,
                                  const poshan_opt_nutrient *n, int group, const char *what,
                                  int level, size_t day, int is_min, double target) {
    int pct_row = kind == ROW_NUTRIENT && n->kind != POSHAN_OPT_AMOUNT;
    int *index = malloc((ncols + 2) * sizeof *index);
    double *value = malloc((ncols + 2) * sizeof *value);
    poshan_opt_row_info *grown = realloc(m->rows, (m->nrows + 1) * sizeof *m->rows);
    int *slack = realloc(m->slack, (m->nrows + 1) * sizeof *m->slack);
    if (grown) m->rows = grown;
    if (slack) m->slack = slack;
    if (!index || !value || !grown || !slack) {
        free(index);
        free(value);
        return no_memory(m->err);
    }
    size_t len = 0;
    double margin = 0;
    for (size_t k = 0; k < ncols; k++) {
        double a = coef(&m->cols[cols[k] - 1], kind, n, group, target);
        if (!isfinite(a)) {
            free(index);
            free(value);
            return poshan_error_set(m->err, POSHAN_EINPUT, m->cols[cols[k] - 1].food->source, 0, what,
                                    _("%s has a value that is not a number"), m->cols[cols[k] - 1].food->code);
        }
        if (a == 0) continue;
        index[len + 1] = cols[k];
        value[len + 1] = a;
        len++;
        margin += fabs(a) * ROUND_G / 2;
    }
    int shortfall = glp_add_cols(m->lp, 1);
    glp_set_col_bnds(m->lp, shortfall, GLP_LO, 0, 0);
    index[len + 1] = shortfall;
    value[len + 1] = is_min ? 1 : -1;
    len++;
    int row = glp_add_rows(m->lp, 1);
    glp_set_mat_row(m->lp, row, (int)len, index, value);
    free(index);
    free(value);
    double rhs = pct_row ? 0 : target;
    if (is_min) glp_set_row_bnds(m->lp, row, GLP_LO, rhs + margin, 0);
    else glp_set_row_bnds(m->lp, row, GLP_UP, 0, rhs - margin);
    /* the shortfall as a share of the target; a share of energy against the energy norm */
    double scale = pct_row ? fmax(target, 1) * fmax(m->norms->levels[level].energy_kcal, 1) : fmax(target, 1);
    glp_set_obj_coef(m->lp, shortfall, PENALTY * row_weight(what) / scale);
    poshan_opt_row_info *info = &m->rows[m->nrows];
    snprintf(info->what, sizeof info->what, "%s", what);
    info->level = level;
    info->day = day;
    info->is_min = is_min;
    info->target = target;
    m->slack[m->nrows++] = shortfall;
    return POSHAN_OK;
}

/* Every bound of the spec, for every level and day. cols_of(L, d): the columns of that level and day. */
static poshan_status add_soft_rows(model *m, int **cols_of, size_t *ncols_of) {
    const poshan_opt_spec *s = m->spec;
    poshan_status st = POSHAN_OK;
    for (size_t li = 0; li < s->nlevels; li++) {
        int L = s->levels[li];
        for (size_t d = 0; d < m->ndays; d++) {
            const int *cols = cols_of[li * m->ndays + d];
            size_t n = ncols_of[li * m->ndays + d];
            for (size_t k = 0; k < s->nnutrients && st == POSHAN_OK; k++) {
                const poshan_opt_nutrient *nu = &s->nutrients[k];
                if (isfinite(nu->range.min[L]))
                    st = add_soft_row(m, cols, n, ROW_NUTRIENT, nu, 0, nu->key, L, d, 1, nu->range.min[L]);
                if (st == POSHAN_OK && isfinite(nu->range.max[L]))
                    st = add_soft_row(m, cols, n, ROW_NUTRIENT, nu, 0, nu->key, L, d, 0, nu->range.max[L]);
            }
            for (size_t k = 0; k < s->ngroups && st == POSHAN_OK; k++) {
                const poshan_opt_group *g = &s->groups[k];
                const char *name = m->norms->groups[g->group].name;
                if (isfinite(g->grams.min[L]))
                    st = add_soft_row(m, cols, n, ROW_GROUP, NULL, g->group, name, L, d, 1, g->grams.min[L]);
                if (st == POSHAN_OK && isfinite(g->grams.max[L]))
                    st = add_soft_row(m, cols, n, ROW_GROUP, NULL, g->group, name, L, d, 0, g->grams.max[L]);
            }
            if (st == POSHAN_OK && isfinite(s->max_cost_rs[L]))
                st = add_soft_row(m, cols, n, ROW_COST, NULL, 0, "cost_rs", L, d, 0, s->max_cost_rs[L]);
            if (st != POSHAN_OK) return st;
        }
    }
    return POSHAN_OK;
}

/* Groups the quantity columns by level and day, then adds the soft rows. */
static poshan_status add_spec_rows(model *m) {
    size_t ngroups = m->spec->nlevels * m->ndays;
    int **cols_of = calloc(ngroups, sizeof *cols_of);
    size_t *ncols_of = calloc(ngroups, sizeof *ncols_of);
    poshan_status st = cols_of && ncols_of ? POSHAN_OK : no_memory(m->err);
    for (size_t g = 0; st == POSHAN_OK && g < ngroups; g++)
        if ((cols_of[g] = malloc((m->ncols + 1) * sizeof **cols_of)) == NULL) st = no_memory(m->err);
    for (size_t j = 0; st == POSHAN_OK && j < m->ncols; j++) {
        size_t li = 0;
        while (m->spec->levels[li] != m->cols[j].level) li++;
        size_t g = li * m->ndays + m->cols[j].day;
        cols_of[g][ncols_of[g]++] = (int)j + 1;
    }
    if (st == POSHAN_OK) st = add_soft_rows(m, cols_of, ncols_of);
    for (size_t g = 0; cols_of && g < ngroups; g++) free(cols_of[g]);
    free(cols_of);
    free(ncols_of);
    return st;
}

/* ---- quantity columns ------------------------------------------------------- */

static poshan_status add_qty_col(model *m, const qty_col *c, double lo, double hi, double cost) {
    qty_col *grown = realloc(m->cols, (m->ncols + 1) * sizeof *m->cols);
    if (grown == NULL) return no_memory(m->err);
    m->cols = grown;
    m->cols[m->ncols++] = *c;
    int j = glp_add_cols(m->lp, 1);
    glp_set_col_bnds(m->lp, j, lo == hi ? GLP_FX : GLP_DB, lo, hi);
    glp_set_obj_coef(m->lp, j, cost);
    return POSHAN_OK;
}

static void per_gram(qty_col *c, const poshan_norms *norms, const poshan_prices *prices) {
    memset(&c->per_g, 0, sizeof c->per_g);
    poshan_meal_add(&c->per_g, c->food, 1.0, norms, prices);
}

/* ---- variety: which food on which day, as binaries --------------------------- */

static void add_row(glp_prob *lp, int len, const int *index, const double *value, int type, double lo, double hi) {
    int row = glp_add_rows(lp, 1);
    glp_set_mat_row(lp, row, len, index, value);
    glp_set_row_bnds(lp, row, type, lo, hi);
}

static poshan_status add_variety(model *m) {
    const poshan_opt_spec *s = m->spec;
    size_t nf = s->nfoods, nd = m->ndays;
    int *index = malloc((nf * nd + 2) * sizeof *index);
    double *value = malloc((nf * nd + 2) * sizeof *value);
    if (index == NULL || value == NULL) {
        free(index);
        free(value);
        return no_memory(m->err);
    }
    int y0 = glp_add_cols(m->lp, (int)(nf * nd));
    for (int j = y0; j < y0 + (int)(nf * nd); j++) glp_set_col_kind(m->lp, j, GLP_BV);
    /* the quantity column of (food f, level index li, day d) is ((f * nlevels + li) * nd + d) + 1 */
    for (size_t f = 0; f < nf; f++)
        for (size_t li = 0; li < s->nlevels; li++)
            for (size_t d = 0; d < nd; d++) {
                int x = (int)((f * s->nlevels + li) * nd + d) + 1, y = y0 + (int)(f * nd + d);
                int idx[3] = {0, x, y};
                double max_g = s->foods[f].grams.max[s->levels[li]];
                double up[3] = {0, 1, -max_g};
                add_row(m->lp, 2, idx, up, GLP_UP, 0, 0);          /* x <= max_g * y */
                /* x >= min_serving_g * y, or the food's max_g when that is less (oil) */
                double serve[3] = {0, 1, -fmin(s->min_serving_g, max_g)};
                add_row(m->lp, 2, idx, serve, GLP_LO, 0, 0);
            }
    if (s->max_days_per_food > 0)
        for (size_t f = 0; f < nf; f++) {
            if (s->foods[f].staple) continue;
            for (size_t d = 0; d < nd; d++) index[d + 1] = y0 + (int)(f * nd + d), value[d + 1] = 1;
            add_row(m->lp, (int)nd, index, value, GLP_UP, 0, s->max_days_per_food);
        }
    for (size_t g = 0; g < m->norms->ngroups; g++) {
        if (s->min_different[g] <= 0) continue;
        /* z_f <= sum_d y(f, d): food f is served some day; the group's z add up to at least K.
         * index[1..len] collects the z; the link row of each uses index and value beyond nd + 1 */
        int len = 0;
        int link[POSHAN_OPT_MAX_DAYS + 2];
        double lv[POSHAN_OPT_MAX_DAYS + 2];
        for (size_t f = 0; f < nf; f++) {
            if (poshan_norms_group_of(m->norms, s->foods[f].food->group) != (int)g) continue;
            int z = glp_add_cols(m->lp, 1);
            glp_set_col_kind(m->lp, z, GLP_BV);
            link[1] = z, lv[1] = 1;
            for (size_t d = 0; d < nd; d++) link[d + 2] = y0 + (int)(f * nd + d), lv[d + 2] = -1;
            add_row(m->lp, (int)nd + 1, link, lv, GLP_UP, 0, 0);
            index[++len] = z;
            value[len] = 1;
        }
        add_row(m->lp, len, index, value, GLP_LO, s->min_different[g], 0);
    }
    free(index);
    free(value);
    return POSHAN_OK;
}

/* ---- solving ------------------------------------------------------------------ */

typedef struct mip_watch { double gap; } mip_watch;

/* GLPK calls this during branch and bound: keep the gap of the best menu so far. */
static void watch_gap(glp_tree *tree, void *info) {
    mip_watch *w = info;
    int reason = glp_ios_reason(tree);
    if (reason == GLP_IBINGO || reason == GLP_ISELECT) w->gap = glp_ios_mip_gap(tree);
}

static poshan_status solve_lp(model *m) {
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    glp_scale_prob(m->lp, GLP_SF_AUTO);
    int rc = glp_simplex(m->lp, &parm);
    if (rc != 0 || glp_get_status(m->lp) != GLP_OPT)
        return poshan_error_set(m->err, POSHAN_ESYSTEM, NULL, 0, NULL,
                                _("the linear program could not be solved (GLPK code %d, status %d)"),
                                rc, glp_get_status(m->lp));
    return POSHAN_OK;
}

/* Solves the variety program, then fixes which food is on which day and solves the
 * linear program left, for its duals. */
static poshan_status solve_mip(model *m, poshan_opt_result *out) {
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.mir_cuts = GLP_ON;
    parm.tm_lim = (int)(m->spec->time_limit_s * 1000);
    /* proximity search finds better weeks early (on the benchmark's 60-food weeks, 7 % from
     * the bound in 10 s against 12 % without it); it may take half the time allowed */
    parm.ps_heur = GLP_ON;
    parm.ps_tm_lim = parm.tm_lim / 2;
    mip_watch watch = {0};
    parm.cb_func = watch_gap;
    parm.cb_info = &watch;
    glp_scale_prob(m->lp, GLP_SF_AUTO);
    int rc = glp_intopt(m->lp, &parm);
    int status = glp_mip_status(m->lp);
    if (status != GLP_OPT && status != GLP_FEAS)
        return poshan_error_set(m->err, POSHAN_EINPUT, NULL, 0, "variety.time_limit_s",
                                _("no menu with this variety was found in %g s; allow more time or "
                                "ask for less variety"), m->spec->time_limit_s);
    out->time_limit_hit = !(status == GLP_OPT && rc == 0);
    out->status = out->time_limit_hit ? POSHAN_OPT_TIME_LIMIT : POSHAN_OPT_OPTIMAL;
    out->gap = out->time_limit_hit ? watch.gap : 0;
    int ncols = glp_get_num_cols(m->lp);
    for (int j = 1; j <= ncols; j++) {
        if (glp_get_col_kind(m->lp, j) != GLP_BV) continue;
        double v = round(glp_mip_col_val(m->lp, j));
        glp_set_col_kind(m->lp, j, GLP_CV);
        glp_set_col_bnds(m->lp, j, GLP_FX, v, v);
    }
    return solve_lp(m);
}

/* ---- the result ----------------------------------------------------------------- */

static double round_g(double x) {
    double r = round(x / ROUND_G) * ROUND_G;
    return r > 0 ? r : 0;
}

/* What one child gets on day d at one level, as `menu evaluate` adds it up. */
static void day_meal(const poshan_menu *menu, size_t d, int level, const poshan_norms *norms,
                     const poshan_prices *prices, poshan_meal *meal) {
    memset(meal, 0, sizeof *meal);
    const poshan_menu_day *day = &menu->days[d];
    for (size_t k = 0; k < day->count; k++)
        for (size_t i = 0; i < day->dishes[k].count; i++)
            poshan_meal_add(meal, day->dishes[k].ingredients[i].food,
                            day->dishes[k].ingredients[i].grams[level], norms, prices);
}

/* The value a soft row bounds, in the menu found: the day's meal as poshan_meal_add counts it. */
static double achieved(const poshan_opt_row_info *row, const poshan_meal *meal, const poshan_norms *norms) {
    const double *v = meal->nutrient;
    double kcal = v[POSHAN_ENERGY_KCAL];
    if (strcmp(row->what, "cost_rs") == 0) return meal->cost_rs;
    if (strcmp(row->what, "energy_from_fat_pct") == 0)
        return kcal > 0 ? 100 * POSHAN_KCAL_PER_G_FAT * v[POSHAN_FAT_G] / kcal : 0;
    if (strcmp(row->what, "energy_from_protein_pct") == 0)
        return kcal > 0 ? 100 * POSHAN_KCAL_PER_G_PROTEIN * v[POSHAN_PROTEIN_G] / kcal : 0;
    for (size_t g = 0; g < norms->ngroups; g++)
        if (strcmp(row->what, norms->groups[g].name) == 0) return meal->group_g[g];
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++)
        if (strcmp(row->what, poshan_nutrient_column((poshan_nutrient)n)) == 0) return v[n];
    return 0;
}

/* Holds the rounded menu against every bound; records what cannot be met and,
 * when everything is met, the binding bounds with their duals. */
static poshan_status judge(model *m, const poshan_prices *prices, poshan_opt_result *out) {
    out->shortfalls = calloc(m->nrows + 1, sizeof *out->shortfalls);
    out->binding = calloc(m->nrows + 1, sizeof *out->binding);
    if (!out->shortfalls || !out->binding) return no_memory(m->err);
    for (size_t i = 0; i < m->nrows; i++) {
        const poshan_opt_row_info *row = &m->rows[i];
        poshan_meal meal;
        day_meal(&out->menu, row->day, row->level, m->norms, prices, &meal);
        double got = achieved(row, &meal, m->norms);
        double miss = row->is_min ? row->target - got : got - row->target;
        if (miss > MET_TOLERANCE) {
            poshan_opt_shortfall *s = &out->shortfalls[out->nshortfalls++];
            s->row = *row;
            s->achieved = got;
            s->shortfall = miss;
        }
        int r = (int)i + 1;
        double dual = glp_get_row_dual(m->lp, r);
        if (glp_get_row_stat(m->lp, r) != GLP_BS && fabs(dual) > MET_TOLERANCE &&
            glp_get_col_prim(m->lp, m->slack[i]) <= MET_TOLERANCE) {
            poshan_opt_binding *b = &out->binding[out->nbinding++];
            b->row = *row;
            /* a share of energy: one point more moves the row's right side by the day's kcal */
            int pct = strstr(row->what, "_pct") != NULL;
            b->dual = pct ? dual * meal.nutrient[POSHAN_ENERGY_KCAL] : dual;
        }
    }
    if (out->nshortfalls > 0) {
        out->status = POSHAN_OPT_INFEASIBLE;
        out->nbinding = 0;   /* duals of a program that gave up bounds mean nothing to a reader */
    }
    return POSHAN_OK;
}

void poshan_opt_result_free(poshan_opt_result *result) {
    poshan_menu_free(&result->menu);
    free(result->binding);
    free(result->shortfalls);
    memset(result, 0, sizeof *result);
}

static void model_free(model *m) {
    if (m->lp) glp_delete_prob(m->lp);
    free(m->cols);
    free(m->rows);
    free(m->slack);
}

/* ---- the cheapest menu ---------------------------------------------------------- */

/* The rounded solution as a menu: each day one dish per food served, named for it. */
static poshan_status optimal_menu(model *m, poshan_opt_result *out) {
    const poshan_opt_spec *s = m->spec;
    poshan_menu *menu = &out->menu;
    menu->name = strdup(s->name);
    menu->days = calloc(m->ndays, sizeof *menu->days);
    if (!menu->name || !menu->days) return no_memory(m->err);
    menu->ndays = m->ndays;
    for (size_t d = 0; d < m->ndays; d++) {
        poshan_menu_day *day = &menu->days[d];
        if ((day->day = strdup(s->days[d])) == NULL) return no_memory(m->err);
        if ((day->dishes = calloc(s->nfoods, sizeof *day->dishes)) == NULL) return no_memory(m->err);
        for (size_t f = 0; f < s->nfoods; f++) {
            double grams[POSHAN_MAX_LEVELS] = {0};
            int served = 0;
            for (size_t li = 0; li < s->nlevels; li++) {
                int j = (int)((f * s->nlevels + li) * m->ndays + d) + 1;
                grams[s->levels[li]] = round_g(glp_get_col_prim(m->lp, j));
                served |= grams[s->levels[li]] > 0;
            }
            if (!served) continue;
            poshan_dish *dish = &day->dishes[day->count++];
            dish->name = strdup(s->foods[f].food->name);
            dish->ingredients = calloc(1, sizeof *dish->ingredients);
            if (!dish->name || !dish->ingredients) return no_memory(m->err);
            dish->count = 1;
            dish->ingredients[0].food = s->foods[f].food;
            memcpy(dish->ingredients[0].grams, grams, sizeof grams);
        }
    }
    return POSHAN_OK;
}

poshan_status poshan_optimise(const poshan_opt_spec *spec, const poshan_norms *norms,
                              const poshan_prices *prices, const char *lp_path,
                              poshan_opt_result *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    for (size_t f = 0; f < spec->nfoods; f++) {
        poshan_meal one = {0};
        poshan_meal_add(&one, spec->foods[f].food, 1.0, norms, prices);
        if (one.unpriced)
            return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "--prices",
                                    _("%s (%s) has no price: the cheapest menu needs the price of "
                                    "every food that counts against the cooking cost"),
                                    spec->foods[f].food->code, spec->foods[f].food->name);
    }
    glp_term_out(GLP_OFF);
    model m = {.lp = glp_create_prob(), .spec = spec, .norms = norms, .ndays = spec->ndays, .err = err};
    glp_set_obj_dir(m.lp, GLP_MIN);
    poshan_status st = POSHAN_OK;
    for (size_t f = 0; f < spec->nfoods && st == POSHAN_OK; f++)
        for (size_t li = 0; li < spec->nlevels && st == POSHAN_OK; li++)
            for (size_t d = 0; d < spec->ndays && st == POSHAN_OK; d++) {
                int L = spec->levels[li];
                qty_col c = {.level = L, .day = d, .food = spec->foods[f].food};
                per_gram(&c, norms, prices);
                st = add_qty_col(&m, &c, spec->foods[f].grams.min[L], spec->foods[f].grams.max[L],
                                 c.per_g.cost_rs);
            }
    if (st == POSHAN_OK) st = add_spec_rows(&m);
    if (st == POSHAN_OK && spec->variety) st = add_variety(&m);
    if (st == POSHAN_OK && lp_path && glp_write_lp(m.lp, NULL, lp_path) != 0)
        st = poshan_error_set(err, POSHAN_EINPUT, lp_path, 0, NULL, _("cannot write the program here"));
    out->mip = spec->variety;
    if (st == POSHAN_OK) st = spec->variety ? solve_mip(&m, out) : solve_lp(&m);
    if (st == POSHAN_OK) {
        out->objective = glp_get_obj_val(m.lp);
        st = optimal_menu(&m, out);
    }
    if (st == POSHAN_OK) st = judge(&m, prices, out);
    model_free(&m);
    if (st != POSHAN_OK) poshan_opt_result_free(out);
    return st;
}

/* ---- the smallest fix -------------------------------------------------------------- */

/* The rounded solution as a copy of the menu, its grams changed, its dishes kept. */
static poshan_status mended_menu(model *m, const poshan_menu *menu, poshan_opt_result *out) {
    poshan_menu *copy = &out->menu;
    copy->name = strdup(menu->name);
    copy->days = calloc(menu->ndays, sizeof *copy->days);
    if (!copy->name || !copy->days) return no_memory(m->err);
    copy->ndays = menu->ndays;
    for (size_t d = 0; d < menu->ndays; d++) {
        poshan_menu_day *day = &copy->days[d];
        day->day = strdup(menu->days[d].day);
        day->dishes = calloc(menu->days[d].count, sizeof *day->dishes);
        if (!day->day || !day->dishes) return no_memory(m->err);
        day->count = menu->days[d].count;
        for (size_t k = 0; k < day->count; k++) {
            const poshan_dish *from = &menu->days[d].dishes[k];
            poshan_dish *to = &day->dishes[k];
            to->name = strdup(from->name);
            to->only_levels = from->only_levels;
            to->ingredients = malloc(from->count * sizeof *to->ingredients);
            if (!to->name || !to->ingredients) return no_memory(m->err);
            memcpy(to->ingredients, from->ingredients, from->count * sizeof *to->ingredients);
            to->count = from->count;
        }
    }
    for (size_t j = 0; j < m->ncols; j++) {
        const qty_col *c = &m->cols[j];
        double x = glp_get_col_prim(m->lp, (int)j + 1);
        /* an ingredient the fix leaves alone keeps its grams exactly */
        double grams = fabs(x - c->grams0) < ROUND_G / 2 ? c->grams0 : round_g(x);
        copy->days[c->day].dishes[c->dish].ingredients[c->ingredient].grams[c->level] = grams;
    }
    return POSHAN_OK;
}

poshan_status poshan_optimise_fix(const poshan_menu *menu, const poshan_opt_spec *spec,
                                  const poshan_norms *norms, const poshan_prices *prices,
                                  poshan_opt_result *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    poshan_opt_spec norms_only = {0};
    if (spec == NULL) {
        /* the energy and protein norms of every level, as `menu evaluate` judges them */
        for (size_t L = 0; L < norms->nlevels; L++) {
            norms_only.levels[L] = (int)L;
            norms_only.max_cost_rs[L] = INFINITY;
        }
        norms_only.nlevels = norms->nlevels;
        const poshan_nutrient judged[2] = {POSHAN_ENERGY_KCAL, POSHAN_PROTEIN_G};
        for (int k = 0; k < 2; k++) {
            poshan_opt_nutrient *n = &norms_only.nutrients[norms_only.nnutrients++];
            snprintf(n->key, sizeof n->key, "%s", poshan_nutrient_column(judged[k]));
            n->kind = POSHAN_OPT_AMOUNT;
            n->nutrient = judged[k];
            for (int L = 0; L < POSHAN_MAX_LEVELS; L++) {
                n->range.min[L] = (size_t)L < norms->nlevels
                    ? (k == 0 ? norms->levels[L].energy_kcal : norms->levels[L].protein_g) : -INFINITY;
                n->range.max[L] = INFINITY;
            }
        }
        spec = &norms_only;
    }
    glp_term_out(GLP_OFF);
    model m = {.lp = glp_create_prob(), .spec = spec, .norms = norms, .ndays = menu->ndays, .err = err};
    glp_set_obj_dir(m.lp, GLP_MIN);
    poshan_status st = POSHAN_OK;
    for (size_t d = 0; d < menu->ndays && st == POSHAN_OK; d++)
        for (size_t k = 0; k < menu->days[d].count && st == POSHAN_OK; k++)
            for (size_t i = 0; i < menu->days[d].dishes[k].count && st == POSHAN_OK; i++)
                for (size_t li = 0; li < spec->nlevels && st == POSHAN_OK; li++) {
                    const poshan_ingredient *ing = &menu->days[d].dishes[k].ingredients[i];
                    int L = spec->levels[li];
                    qty_col c = {.level = L, .day = d, .food = ing->food, .grams0 = ing->grams[L],
                                 .dish = k, .ingredient = i};
                    per_gram(&c, norms, prices);
                    st = add_qty_col(&m, &c, 0, POSHAN_MAX_GRAMS_PER_CHILD, 0);
                }
    size_t nqty = m.ncols;
    if (st == POSHAN_OK) st = add_spec_rows(&m);
    /* x = grams0 + up - down; moving a gram weighs 1 / (the ingredient's grams, at least 1 g) */
    for (size_t j = 0; st == POSHAN_OK && j < nqty; j++) {
        double g0 = m.cols[j].grams0, w = 1.0 / fmax(g0, 1.0);
        int up = glp_add_cols(m.lp, 2), down = up + 1;
        glp_set_col_bnds(m.lp, up, GLP_LO, 0, 0);
        glp_set_col_bnds(m.lp, down, GLP_LO, 0, 0);
        glp_set_obj_coef(m.lp, up, w);
        glp_set_obj_coef(m.lp, down, w);
        int idx[4] = {0, (int)j + 1, up, down};
        double val[4] = {0, 1, -1, 1};
        add_row(m.lp, 3, idx, val, GLP_FX, g0, g0);
    }
    if (st == POSHAN_OK) st = solve_lp(&m);
    if (st == POSHAN_OK) {
        out->objective = glp_get_obj_val(m.lp);
        st = mended_menu(&m, menu, out);
    }
    if (st == POSHAN_OK) st = judge(&m, prices, out);
    out->nbinding = 0;   /* duals in weighted grams are not the rupees an advisor reads */
    model_free(&m);
    if (st != POSHAN_OK) poshan_opt_result_free(out);
    return st;
}

double poshan_opt_menu_cost_rs(const poshan_menu *menu, const poshan_norms *norms,
                               const poshan_prices *prices, int level) {
    double rs = 0;
    for (size_t d = 0; d < menu->ndays; d++) {
        poshan_meal meal;
        day_meal(menu, d, level, norms, prices, &meal);
        rs += meal.cost_rs;
    }
    return rs;
}
