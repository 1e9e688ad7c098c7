/* cmd_plan.c: `poshan plan FILE.json` and `poshan plan compare A.json B.json ...`.
 * Parses options, calls the plan library (plan.h) and prints; no arithmetic here. */
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "inr.h"
#include "jsonread.h"
#include "lab_store.h"
#include "plan.h"
#include "plan_json.h"
#include "plan_project.h"
#include "store.h"

static const char plan_help[] = N_(
    "usage: poshan plan FILE.json [--format table|json|csv] [--foods FILE]... [--norms FILE]\n"
    "       poshan plan compare A.json B.json ... [--format table|json|csv]\n\n"
    "plan     what an intervention (menus/interventions/*.json) costs and adds to a child's\n"
    "         plate: per district or block and in total, children covered and attending,\n"
    "         quantity (litres, kg or pieces), cost in rupees and lakh, energy, protein,\n"
    "         calcium and iron added per child on a serving day and averaged over the school\n"
    "         year, rupees per gram of protein and per 100 kcal, funding shares, and a check\n"
    "         of every figure the source document states. Where the stated quantities imply\n"
    "         another serving than the text gives, both budgets are shown.\n"
    "compare  one line per intervention and level, side by side\n"
    "project  from the lab results stored in the database (--db PATH, else $POSHAN_DB, else\n"
    "         ./poshan.db): per level, the share of samples meeting the energy and protein\n"
    "         norms today, with the item added on a serving day, and with it spread over every\n"
    "         school day of the year. Only samples from the plan's districts or blocks count,\n"
    "         unless --all.\n"
    "         usage: poshan plan project FILE.json [--db PATH] [--all] [--format ...]\n\n"
    "--format table (default; Indian digit grouping: 45,45,310), json or csv (plain numbers;\n"
    "         csv gives the budget rows of `plan`, the comparison rows of `compare`)\n"
    "--foods FILE  also load this food table; --norms FILE  norms other than the shipped ones\n");

typedef struct plan_options {
    poshan_format format;
    const char *db;
    int all_samples;
    char *foods[32];
    size_t nfoods;
    const char *norms;
} plan_options;

typedef struct loaded {
    poshan_plan plan;
    poshan_plan_result result;
} loaded;

/* Numbers for the table format are grouped the Indian way; CSV keeps them plain. */
static void cell_number(poshan_table *t, poshan_format format, double v, int decimals) {
    if (format == POSHAN_FORMAT_TABLE) {
        char buf[48];
        poshan_format_indian(v, decimals, buf, sizeof buf);
        poshan_table_cell(t, "%s", buf);
    } else {
        poshan_table_cell(t, "%.*f", decimals, poshan_round_half_up(v, decimals));
    }
}


static void level_header(char *buf, size_t size, const char *what, const char *level) {
    snprintf(buf, size, "%s_%s", what, level);
}

static int by_block(const poshan_plan *p) { return strcmp(p->area_kind, "block") == 0; }

/* The source gives schools per area for some tables only (not for soy milk). */
static int has_schools(const poshan_plan *p) {
    for (size_t a = 0; a < p->nareas; a++)
        if (p->areas[a].schools_total > 0) return 1;
    return 0;
}

static poshan_table *budget_table(const poshan_plan *p) {
    char names[32][48];
    const char *headers[32];
    size_t n = 0;
    int levels = p->areas[0].by_level, item = p->item != NULL;
    snprintf(names[n++], 48, "budget");
    snprintf(names[n++], 48, "district");
    if (by_block(p)) snprintf(names[n++], 48, "block");
    if (has_schools(p)) snprintf(names[n++], 48, "schools");
    for (size_t l = 0; levels && l < p->nlevels; l++) level_header(names[n++], 48, "enrolled", p->level_names[l]);
    snprintf(names[n++], 48, "children");
    for (size_t l = 0; levels && l < p->nlevels; l++) level_header(names[n++], 48, "attending", p->level_names[l]);
    snprintf(names[n++], 48, "attending");
    for (size_t l = 0; item && l < p->nlevels; l++)
        level_header(names[n++], 48, poshan_plan_quantity_unit(p), p->level_names[l]);
    if (item) snprintf(names[n++], 48, "%s", poshan_plan_quantity_unit(p));
    snprintf(names[n++], 48, "cost_rs");
    snprintf(names[n++], 48, "cost_lakh");
    for (size_t i = 0; i < n; i++) headers[i] = names[i];
    return poshan_table_new(n, headers);
}

static void budget_row(poshan_table *t, poshan_format f, const poshan_plan *p, const char *budget,
                       const char *district, const char *block, long schools, const long *enrolled, long children,
                       const poshan_plan_row *r) {
    int levels = p->areas[0].by_level, item = p->item != NULL;
    int att_decimals = p->round_attending ? 0 : 1, qty_decimals = p->round_quantity ? 0 : 1;
    poshan_table_row(t);
    poshan_table_cell(t, "%s", budget);
    poshan_table_cell(t, "%s", district);
    if (by_block(p)) poshan_table_cell(t, "%s", block);
    if (has_schools(p)) cell_number(t, f, (double)schools, 0);
    for (size_t l = 0; levels && l < p->nlevels; l++) cell_number(t, f, (double)enrolled[l], 0);
    cell_number(t, f, (double)children, 0);
    for (size_t l = 0; levels && l < p->nlevels; l++) cell_number(t, f, r->attending[l], att_decimals);
    cell_number(t, f, r->attending_total, att_decimals);
    for (size_t l = 0; item && l < p->nlevels; l++) cell_number(t, f, r->quantity[l], qty_decimals);
    if (item) cell_number(t, f, r->quantity_total, qty_decimals);
    cell_number(t, f, r->cost_rs, 0);
    cell_number(t, f, r->cost_rs / 100000.0, 2); /* rupees in a lakh */
}

static void budget_rows(poshan_table *t, poshan_format f, const poshan_plan *p,
                        const poshan_plan_budget *b, const char *budget) {
    long enrolled[POSHAN_MAX_LEVELS] = {0};
    for (size_t a = 0; a < p->nareas; a++) {
        const poshan_plan_area *area = &p->areas[a];
        for (size_t l = 0; l < p->nlevels; l++) enrolled[l] += area->enrolled[l];
        budget_row(t, f, p, budget, area->district, area->block, area->schools_total, area->enrolled, area->children,
                   &b->areas[a]);
    }
    budget_row(t, f, p, budget, "total", "", b->schools_total, enrolled, b->children, &b->total);
}

static void servings_text(const poshan_plan *p, const double *serving, char *buf, size_t size) {
    const char *unit = p->serving_unit == POSHAN_SERVING_ML ? "ml" : p->serving_unit == POSHAN_SERVING_G ? "g" : "";
    size_t used = 0;
    buf[0] = '\0';
    for (size_t l = 0; l < p->nlevels && used < size; l++)
        used += (size_t)snprintf(buf + used, size - used, "%s%g %s %s", l ? ", " : "", serving[l],
                                 unit[0] ? unit : (serving[l] == 1 ? "piece" : "pieces"), p->level_names[l]);
}

static const char *budget_name(const poshan_plan_result *r, int implied) {
    if (!r->has_implied) return "as written";
    return implied ? "as the table implies" : "as the text says";
}

static void print_nutrients(const poshan_plan *p, const poshan_plan_budget *b, const char *budget) {
    static const char *const headers[] = {"budget", "level", "edible_g", "basis", "energy_kcal",
                                          "protein_g", "calcium_mg", "iron_mg"};
    poshan_table *t = poshan_table_new(8, headers);
    for (size_t l = 0; l < p->nlevels; l++)
        for (int avg = 0; avg < 2; avg++) {
            poshan_table_row(t);
            poshan_table_cell(t, "%s", budget);
            poshan_table_cell(t, "%s", p->level_names[l]);
            poshan_table_cell(t, "%.1f", b->grams[l]);
            poshan_table_cell(t, "%s", avg ? "school-year average" : "serving day");
            const double *v = avg ? b->per_year_day[l] : b->per_day[l];
            poshan_table_cell(t, "%.1f", v[0]);
            poshan_table_cell(t, "%.2f", v[1]);
            poshan_table_cell(t, "%.1f", v[2]);
            poshan_table_cell(t, "%.2f", v[3]);
        }
    poshan_table_print(t, stdout, POSHAN_FORMAT_TABLE);
    poshan_table_free(t);
}

static void print_money(const poshan_plan *p, const poshan_plan_budget *b, const char *budget) {
    char lakh[32], per_child[32], shares[3][32];
    poshan_format_indian(b->cost_lakh, 2, lakh, sizeof lakh);
    poshan_format_indian(b->rs_per_child_year, 2, per_child, sizeof per_child);
    for (int k = 0; k < 3; k++) poshan_format_indian(b->funding_rs[k] / 100000.0, 2, shares[k], sizeof shares[k]);
    printf(_("%s: Rs %s lakh; Rs %s per child covered a year"), budget, lakh, per_child);
    if (b->rs_per_g_protein > 0)
        printf(_("; Rs %.2f per gram of protein and Rs %.2f per 100 kcal added"), b->rs_per_g_protein,
               b->rs_per_100_kcal);
    printf(_("\n  paid by: central Rs %s lakh (%g %%), state Rs %s lakh (%g %%), CSR Rs %s lakh (%g %%)\n"),
           shares[0], p->funding_pct[0], shares[1], p->funding_pct[1], shares[2], p->funding_pct[2]);
}

static void print_plan_header(const poshan_plan *p) {
    printf(_("%s\n  file: %s\n"), p->name, p->path);
    if (p->source[0]) printf(_("  source: %s\n"), p->source);
    if (p->item) {
        char s[256];
        servings_text(p, p->serving, s, sizeof s);
        printf(_("  item: %s %s; %s a serving\n"), p->item->code, p->item->name, s);
    }
    static const char *const per[] = {N_("a litre"), N_("a kg"), N_("a piece"), N_("a child a day"),
                                      N_("a school")};
    printf(_("  Rs %g %s"), p->price_rs, _(per[p->price_per]));
    if (p->tax_pct > 0) printf(_(" + %g %% tax"), p->tax_pct);
    if (p->item) {
        printf(_("; %g serving days a year"), p->days_per_year);
        if (p->days_per_week > 0) printf(_(" (%g a week for %g weeks)"), p->days_per_week, p->weeks);
        printf(_("; attendance %g %%%s"), p->attendance_factor * 100,
               p->round_attending ? _(" (rounded to whole children)") : _(" (not rounded)"));
    }
    printf("\n\n");
}

static void print_checks(const poshan_plan *p, const poshan_plan_result *r) {
    const poshan_plan_budget *b = r->has_implied ? &r->as_implied : &r->as_written;
    printf(_("\nChecks against the source: %zu of %zu stated figures follow from the inputs%s.\n"),
           p->nstated - b->disagreements, p->nstated,
           r->has_implied ? " (at the servings the table implies)" : "");
    for (size_t i = 0; i < r->nnotes; i++) printf("  * %s\n", r->notes[i]);
    if (p->nnot_checked) printf(_("Not checked (the tables do not allow it; from the file):\n"));
    for (size_t i = 0; i < p->nnot_checked; i++) printf("  * %s\n", p->not_checked[i]);
}

static void print_plan_table(const loaded *x, poshan_format format) {
    const poshan_plan *p = &x->plan;
    const poshan_plan_result *r = &x->result;
    if (format == POSHAN_FORMAT_TABLE) print_plan_header(p);
    poshan_table *t = budget_table(p);
    budget_rows(t, format, p, &r->as_written, budget_name(r, 0));
    if (r->has_implied) budget_rows(t, format, p, &r->as_implied, budget_name(r, 1));
    poshan_table_print(t, stdout, format);
    poshan_table_free(t);
    if (format == POSHAN_FORMAT_CSV) return;
    printf("\n");
    if (p->item) {
        printf(_("Added per child: on a serving day, and spread over every school day of the year\n"));
        print_nutrients(p, &r->as_written, budget_name(r, 0));
        if (r->has_implied) print_nutrients(p, &r->as_implied, budget_name(r, 1));
        printf("\n");
    }
    print_money(p, &r->as_written, budget_name(r, 0));
    if (r->has_implied) print_money(p, &r->as_implied, budget_name(r, 1));
    print_checks(p, r);
}

/* ---- compare ------------------------------------------------------------- */

static void compare_rows(poshan_table *t, poshan_format f, const loaded *x, const poshan_plan_budget *b,
                         const char *budget) {
    const poshan_plan *p = &x->plan;
    size_t nlevels = p->item ? p->nlevels : 1;
    for (size_t l = 0; l < nlevels; l++) {
        poshan_table_row(t);
        poshan_table_cell(t, "%s", p->name);
        poshan_table_cell(t, "%s", budget);
        poshan_table_cell(t, "%s", p->item ? p->level_names[l] : "all");
        /* each level its own cost, so that a column sum counts every rupee once */
        cell_number(t, f, p->item ? b->cost_rs_level[l] / 100000.0 : b->cost_lakh, 2); /* rupees in a lakh */
        cell_number(t, f, p->item ? b->rs_per_child_year_level[l] : b->rs_per_child_year, 2);
        for (int k = 0; k < 2; k++) {
            if (p->item) poshan_table_cell(t, "%.*f", k ? 2 : 1, b->per_day[l][k]);
            else poshan_table_cell(t, "%s", "");
        }
        for (int k = 0; k < 2; k++) {
            if (p->item) poshan_table_cell(t, "%.*f", k ? 2 : 1, b->per_year_day[l][k]);
            else poshan_table_cell(t, "%s", "");
        }
        if (p->item) poshan_table_cell(t, "%.2f", b->rs_per_g_protein);
        else poshan_table_cell(t, "%s", "");
        if (p->item) poshan_table_cell(t, "%.2f", b->rs_per_100_kcal);
        else poshan_table_cell(t, "%s", "");
    }
}

static int compare(loaded *plans, size_t n, poshan_format format) {
    if (format == POSHAN_FORMAT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++) cJSON_AddItemToArray(arr, poshan_plan_json(&plans[i].plan, &plans[i].result));
        poshan_json_print(arr, stdout);
        return POSHAN_EXIT_OK;
    }
    static const char *const headers[] = {
        "intervention", "budget", "level", "cost_lakh", "rs_per_child_year", "energy_kcal_serving_day",
        "protein_g_serving_day", "energy_kcal_year_average", "protein_g_year_average",
        "rs_per_g_protein", "rs_per_100_kcal"};
    poshan_table *t = poshan_table_new(11, headers);
    for (size_t i = 0; i < n; i++) {
        compare_rows(t, format, &plans[i], &plans[i].result.as_written, budget_name(&plans[i].result, 0));
        if (plans[i].result.has_implied)
            compare_rows(t, format, &plans[i], &plans[i].result.as_implied, budget_name(&plans[i].result, 1));
    }
    poshan_table_print(t, stdout, format);
    poshan_table_free(t);
    if (format == POSHAN_FORMAT_TABLE) {
        printf(_("\ncost_lakh: the level's own cost; a plan's levels add up to its total (to rounding):\n"));
        for (size_t i = 0; i < n; i++)
            for (int implied = 0; implied <= plans[i].result.has_implied; implied++) {
                const poshan_plan_budget *b = implied ? &plans[i].result.as_implied : &plans[i].result.as_written;
                char lakh[32];
                poshan_format_indian(b->cost_lakh, 2, lakh, sizeof lakh);
                printf(_("  %s, %s: Rs %s lakh\n"), plans[i].plan.name, budget_name(&plans[i].result, implied), lakh);
            }
        printf(_("Where a plan has two budgets (as the text says, as the table implies), they are "
               "alternatives: add one of them, not both.\n"
               "year average: what a serving adds spread over every school day of the year "
               "(serving days / school days in norms.json).\nrs_per_child_year: the level's cost over "
               "every child of that level covered (enrolled), not only those attending.\n"));
    }
    return POSHAN_EXIT_OK;
}

/* ---- the command ----------------------------------------------------------- */

static int parse_options(int argc, char **argv, plan_options *o) {
    static const struct option options[] = {{"format", required_argument, 0, 'f'},
                                            {"foods", required_argument, 0, 'F'},
                                            {"norms", required_argument, 0, 'n'},
                                            {"db", required_argument, 0, 'd'},
                                            {"all", no_argument, 0, 'a'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if (poshan_cli_format("plan", optarg, &o->format)) return POSHAN_EXIT_USAGE;
            break;
        case 'F':
            if (o->nfoods == 32) return poshan_cli_usage("plan", _("at most 32 --foods files"));
            o->foods[o->nfoods++] = optarg;
            break;
        case 'n': o->norms = optarg; break;
        case 'd': o->db = optarg; break;
        case 'a': o->all_samples = 1; break;
        case 'h': fputs(_(plan_help), stdout); return -1;
        default: return poshan_cli_usage("plan", _("bad option"));
        }
    }
    return POSHAN_EXIT_OK;
}

static int run(char **files, size_t n, int comparing, const plan_options *o) {
    poshan_foods foods = {0};
    poshan_norms norms;
    poshan_error err;
    loaded *plans = calloc(n, sizeof *plans);
    if (plans == NULL) return POSHAN_EXIT_INPUT;
    poshan_status st = poshan_cli_load_foods(&foods, o->foods, o->nfoods, &err);
    if (st == POSHAN_OK) st = poshan_cli_load_norms(&norms, o->norms, &err);
    for (size_t i = 0; st == POSHAN_OK && i < n; i++) {
        st = poshan_plan_load(&plans[i].plan, files[i], &foods, &norms, &err);
        if (st == POSHAN_OK) st = poshan_plan_compute(&plans[i].plan, &norms, &plans[i].result, &err);
    }
    int rc = POSHAN_EXIT_OK;
    if (st != POSHAN_OK) rc = poshan_cli_report(st, &err);
    else if (comparing) rc = compare(plans, n, o->format);
    else if (o->format == POSHAN_FORMAT_JSON) poshan_json_print(poshan_plan_json(&plans[0].plan, &plans[0].result), stdout);
    else print_plan_table(&plans[0], o->format);
    free(plans);
    poshan_foods_free(&foods);
    return rc;
}

/* ---- project: the plan against the stored lab results ------------------------ */

static poshan_status load_samples(const char *db, poshan_lab_sample **out, size_t *n, poshan_error *err) {
    const char *path = poshan_store_default_path(db);
    /* reading must not leave an empty database behind where none was */
    if (access(path, F_OK) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("no lab results database here: "
                                "ingest results with `poshan lab ingest` first, or give --db"));
    poshan_store store;
    poshan_status st = poshan_store_open(&store, path, err);
    if (st != POSHAN_OK) return st;
    poshan_lab_filter all = {0};
    st = poshan_lab_collect(&store, &all, out, n, err);
    poshan_store_close(&store);
    return st;
}

static const char *const view_names[POSHAN_PROJECT_VIEWS] = {"today", "serving_day", "average_day"};

static cJSON *projection_json(const poshan_plan *p, const poshan_projection *pr) {
    cJSON *levels = cJSON_CreateObject();
    for (size_t l = 0; l < pr->nlevels; l++) {
        const poshan_projection_level *L = &pr->levels[l];
        cJSON *lv = cJSON_AddObjectToObject(levels, p->level_names[l]);
        cJSON_AddNumberToObject(lv, "samples", (double)L->samples);
        for (int v = 0; v < POSHAN_PROJECT_VIEWS; v++) {
            cJSON *o = cJSON_AddObjectToObject(lv, view_names[v]);
            cJSON_AddNumberToObject(o, "added_energy_kcal", L->added_energy_kcal[v]);
            cJSON_AddNumberToObject(o, "added_protein_g", L->added_protein_g[v]);
            cJSON_AddNumberToObject(o, "meets_energy", (double)L->meets_energy[v]);
            cJSON_AddNumberToObject(o, "meets_protein", (double)L->meets_protein[v]);
            cJSON_AddNumberToObject(o, "meets_both", (double)L->meets_both[v]);
            cJSON_AddNumberToObject(o, "share_energy", L->share_energy[v]);
            cJSON_AddNumberToObject(o, "share_protein", L->share_protein[v]);
            cJSON_AddNumberToObject(o, "share_both", L->share_both[v]);
        }
    }
    return levels;
}

static void projection_rows(poshan_table *t, const poshan_plan *p, const char *budget,
                            const poshan_projection *pr) {
    static const char *const view_text[POSHAN_PROJECT_VIEWS] = {
        "today", "with it, on a serving day", "with it, school-year average"};
    for (size_t l = 0; l < pr->nlevels; l++) {
        const poshan_projection_level *L = &pr->levels[l];
        for (int v = 0; L->samples > 0 && v < POSHAN_PROJECT_VIEWS; v++) {
            poshan_table_row(t);
            poshan_table_cell(t, "%s", p->level_names[l]);
            poshan_table_cell(t, "%s", budget);
            poshan_table_cell(t, "%s", view_text[v]);
            poshan_table_cell(t, "%zu", L->samples);
            poshan_table_cell(t, "%zu (%.1f%%)", L->meets_energy[v], 100 * L->share_energy[v]);
            poshan_table_cell(t, "%zu (%.1f%%)", L->meets_protein[v], 100 * L->share_protein[v]);
            poshan_table_cell(t, "%zu (%.1f%%)", L->meets_both[v], 100 * L->share_both[v]);
        }
    }
}

/* Says that no stored sample is from the plan's areas (or that none is stored), and what to do. */
static void no_samples_matched(const poshan_plan *p, size_t nstored, const plan_options *o, FILE *out) {
    if (nstored == 0) {
        fprintf(out, _("%s: no lab sample is stored in the database: nothing to project. "
                "Ingest results with `poshan lab ingest` first.\n"), p->name);
        return;
    }
    fprintf(out, _("%s: none of the %zu stored samples matched: none is from the plan's %ss ("), p->name,
            nstored, p->area_kind);
    for (size_t a = 0; a < p->nareas; a++)
        fprintf(out, "%s%s", a ? ", " : "", poshan_plan_area_name(&p->areas[a]));
    fprintf(out, ")%s.\n", o->all_samples ? "" : ". Give --all to project over every stored sample");
}

static int project(char *file, const plan_options *o) {
    poshan_foods foods = {0};
    poshan_norms norms;
    poshan_error err;
    loaded *x = calloc(1, sizeof *x);
    poshan_lab_sample *stored = NULL;
    size_t nstored = 0;
    poshan_project_sample *samples = NULL;
    poshan_projection pr[2];
    int nbudgets = 0;
    poshan_status st = x ? poshan_cli_load_foods(&foods, o->foods, o->nfoods, &err) : POSHAN_ESYSTEM;
    if (st == POSHAN_OK) st = poshan_cli_load_norms(&norms, o->norms, &err);
    if (st == POSHAN_OK) st = poshan_plan_load(&x->plan, file, &foods, &norms, &err);
    if (st == POSHAN_OK) st = poshan_plan_compute(&x->plan, &norms, &x->result, &err);
    if (st == POSHAN_OK) st = load_samples(o->db, &stored, &nstored, &err);
    if (st == POSHAN_OK && (samples = calloc(nstored + 1, sizeof *samples)) == NULL) st = POSHAN_ESYSTEM;
    for (size_t i = 0; st == POSHAN_OK && i < nstored; i++)
        samples[i] = (poshan_project_sample){stored[i].level, stored[i].district, stored[i].block,
                                             stored[i].energy_kcal, stored[i].protein_g};
    const poshan_plan_budget *budgets[2] = {&x->result.as_written, &x->result.as_implied};
    nbudgets = x && x->result.has_implied ? 2 : 1;
    for (int b = 0; st == POSHAN_OK && b < nbudgets; b++)
        st = poshan_plan_project(&x->plan, budgets[b], &norms, samples, nstored, !o->all_samples, &pr[b], &err);
    int rc = POSHAN_EXIT_OK;
    if (st != POSHAN_OK) {
        rc = poshan_cli_report(st, &err);
    } else if (o->format == POSHAN_FORMAT_JSON) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddStringToObject(root, "plan", x->plan.name);
        cJSON_AddBoolToObject(root, "covered_areas_only", !o->all_samples);
        cJSON_AddNumberToObject(root, "samples_used", (double)pr[0].used);
        cJSON_AddNumberToObject(root, "samples_outside", (double)pr[0].outside);
        for (int b = 0; b < nbudgets; b++)
            cJSON_AddItemToObject(root, b ? "as_table_implies" : "as_written", projection_json(&x->plan, &pr[b]));
        poshan_json_print(root, stdout);
    } else if (pr[0].used == 0) {
        /* a table of zeros would read as "no meal meets the norm" */
        no_samples_matched(&x->plan, nstored, o, o->format == POSHAN_FORMAT_TABLE ? stdout : stderr);
    } else {
        static const char *const headers[] = {"level", "budget", "meals", "samples", "meet_energy",
                                              "meet_protein", "meet_both"};
        poshan_table *t = poshan_table_new(7, headers);
        for (int b = 0; b < nbudgets; b++) projection_rows(t, &x->plan, budget_name(&x->result, b), &pr[b]);
        if (o->format == POSHAN_FORMAT_TABLE)
            printf(_("%s: %zu stored samples %s (%zu outside the plan's areas left out)\n\n"), x->plan.name,
                   pr[0].used, o->all_samples ? "in all areas" : "from the plan's areas", pr[0].outside);
        poshan_table_print(t, stdout, o->format);
        poshan_table_free(t);
        for (size_t l = 0; o->format == POSHAN_FORMAT_TABLE && l < pr[0].nlevels; l++)
            if (pr[0].levels[l].samples == 0) printf(_("No %s sample matched: that level is not shown.\n"), x->plan.level_names[l]);
    }
    free(samples);
    free(stored);
    free(x);
    poshan_foods_free(&foods);
    return rc;
}

int poshan_cmd_plan(int argc, char **argv) {
    plan_options o = {.format = POSHAN_FORMAT_TABLE};
    int rc = parse_options(argc, argv, &o);
    if (rc != POSHAN_EXIT_OK) return rc < 0 ? POSHAN_EXIT_OK : rc;
    char **files = argv + optind;
    size_t n = (size_t)(argc - optind);
    if (n > 0 && strcmp(files[0], "project") == 0) {
        if (n != 2) return poshan_cli_usage("plan", _("expected `plan project FILE.json [--db PATH]`"));
        return project(files[1], &o);
    }
    if (o.db || o.all_samples) return poshan_cli_usage("plan", _("--db and --all go with `plan project`"));
    int comparing = n > 0 && strcmp(files[0], "compare") == 0;
    if (comparing) { files++; n--; }
    if (n == 0 || (!comparing && n != 1))
        return poshan_cli_usage("plan", comparing ? "compare needs one or more intervention files"
                                                  : "expected one intervention file (or `plan compare A.json B.json`)");
    return run(files, n, comparing, &o);
}
