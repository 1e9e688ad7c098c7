/* cmd_report.c: `poshan report`, one HTML file a committee can open offline and print. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cli.h"
#include "impact.h"
#include "plan.h"
#include "report.h"

static const char report_help[] =
    "usage: poshan report [--db PATH] [--menu FILE]... [--plan FILE]... [--title TEXT]\n"
    "                     --out report.html\n\n"
    "Writes one HTML file with inline SVG charts: it opens offline in any browser, needs no\n"
    "script to read, and prints on A4.\n"
    "--db PATH    lab results from the store: distributions of energy and protein per level\n"
    "             with the norm drawn in, the share below each norm by district and kitchen,\n"
    "             and the flagged samples\n"
    "--impact DATA.csv --treated LIST --control LIST [--outcome weight_kg|height_cm]\n"
    "             [--unit district|block] [--cluster school|block|district]\n"
    "             the impact estimate (as `poshan impact estimate`): means by arm and round\n"
    "             with their intervals, and the estimate with its clustered and wild\n"
    "             bootstrap intervals\n"
    "--menu FILE  energy and protein per day against the norm, per level, shortfalls marked\n"
    "--plan FILE  interventions side by side: cost per child per year, energy and protein\n"
    "             added per serving, rupees per gram of protein (menus/interventions/*.json)\n";

/* The report's rows for the plans: one per plan and level served, and, where the
 * source's table implies other servings than its text, one more per such level. */
typedef struct plan_rows {
    poshan_report_plan rows[64];
    char labels[64][160];
    size_t n;
} plan_rows;

static void add_plan_rows(plan_rows *r, const poshan_plan *plan, const poshan_plan_budget *b,
                          const int *levels, const char *suffix) {
    for (size_t L = 0; L < plan->nlevels && r->n < 64; L++) {
        if (levels && !levels[L]) continue;
        if (plan->item != NULL && b->serving[L] <= 0) continue;
        snprintf(r->labels[r->n], sizeof r->labels[0], "%s, %s%s", plan->name,
                 plan->item ? plan->level_names[L] : "all children", suffix);
        r->rows[r->n] = (poshan_report_plan){r->labels[r->n], b->rs_per_child_year_level[L],
                                             b->per_day[L][0], b->per_day[L][1], b->rs_per_g_protein,
                                             b->cost_lakh};
        r->n++;
        if (plan->item == NULL) break; /* nothing served: one row for the plan */
    }
}

static poshan_status add_plan(plan_rows *rows, const char *path, const poshan_foods *foods,
                              const poshan_norms *norms, poshan_error *err) {
    poshan_plan *plan = calloc(1, sizeof *plan);
    poshan_plan_result *result = calloc(1, sizeof *result);
    poshan_status st = plan && result ? POSHAN_OK
                                      : poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, "out of memory");
    if (st == POSHAN_OK) st = poshan_plan_load(plan, path, foods, norms, err);
    if (st == POSHAN_OK) st = poshan_plan_compute(plan, norms, result, err);
    if (st == POSHAN_OK) {
        add_plan_rows(rows, plan, &result->as_written, NULL, "");
        if (result->has_implied)
            add_plan_rows(rows, plan, &result->as_implied, result->implied_level, " (as the table implies)");
    }
    free(plan);
    free(result);
    return st;
}

static poshan_status add_menu(poshan_buf *out, const char *path, const poshan_foods *foods,
                              const poshan_norms *norms, poshan_error *err) {
    poshan_menu menu;
    poshan_status st = poshan_menu_load(&menu, path, foods, norms, err);
    if (st != POSHAN_OK) return st;
    poshan_level_result results[POSHAN_MAX_LEVELS];
    size_t done = 0;
    for (; done < norms->nlevels && st == POSHAN_OK; done++)
        st = poshan_menu_evaluate(&menu, norms, NULL, (int)done, &results[done], err);
    if (st == POSHAN_OK) poshan_report_menu(out, &menu, results, norms->nlevels, norms);
    for (size_t L = 0; L < done; L++) poshan_level_result_free(&results[L]);
    poshan_menu_free(&menu);
    return st;
}

static poshan_status add_lab(poshan_buf *out, const char *db, const poshan_norms *norms,
                             poshan_error *err) {
    const char *path = poshan_store_default_path(db);
    if (access(path, F_OK) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, "no lab results database here: "
                                "ingest results with `poshan lab ingest` first, or give --db");
    char limits_path[4096];
    snprintf(limits_path, sizeof limits_path, "%s/microbial-limits.json", poshan_cli_data_dir());
    poshan_lab_limits limits;
    poshan_store store;
    poshan_status st = poshan_lab_limits_load(&limits, limits_path, err);
    if (st == POSHAN_OK) st = poshan_store_open(&store, path, err);
    if (st != POSHAN_OK) return st;
    st = poshan_report_lab_store(out, &store, norms, &limits, err);
    poshan_store_close(&store);
    return st;
}

/* What `--impact` needs: the data and the trial's layout, as `poshan impact estimate` takes them. */
typedef struct impact_request {
    const char *data;
    char *treated, *control;
    poshan_impact_options options;
} impact_request;

static poshan_status add_impact(poshan_buf *out, impact_request *q, poshan_error *err) {
    size_t nt = 0, nc = 0;
    const char **treated = poshan_cli_split_list(q->treated, &nt);
    const char **control = poshan_cli_split_list(q->control, &nc);
    poshan_impact_result *r = calloc(1, sizeof *r);
    poshan_status st = treated && control && r ? POSHAN_OK
                                               : poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
    q->options.arms.treated = treated;
    q->options.arms.ntreated = nt;
    q->options.arms.control = control;
    q->options.arms.ncontrol = nc;
    if (st == POSHAN_OK) st = poshan_impact_estimate(q->data, &q->options, r, err);
    if (st == POSHAN_OK) {
        int height = q->options.outcome == POSHAN_OUTCOME_HEIGHT_CM;
        poshan_report_impact m = {.title = height ? "height" : "weight", .unit = height ? "cm" : "kg",
                                  .estimate = r->did.estimate, .cluster_low = r->did.ci_low,
                                  .cluster_high = r->did.ci_high, .cluster_p = r->did.p_value,
                                  .wild_low = r->did.wild.ci_low, .wild_high = r->did.wild.ci_high,
                                  .wild_p = r->did.wild.p_value, .randomization_p = r->did.ri.p_value,
                                  .treated_units = r->did.n_treated_units,
                                  .control_units = r->did.n_control_units};
        for (int a = 0; a < 2; a++)
            for (int round = 0; round < 2; round++) {
                m.mean[a][round] = r->means[a][round].mean;
                m.mean_low[a][round] = r->means[a][round].low;
                m.mean_high[a][round] = r->means[a][round].high;
            }
        poshan_report_impact_section(out, &m);
    }
    free(treated);
    free(control);
    if (st == POSHAN_OK) poshan_impact_result_free(r);
    free(r);
    return st;
}

static int write_report(const char *path, const poshan_buf *html) {
    FILE *f = fopen(path, "w");
    poshan_error err;
    if (f == NULL || html->failed || fwrite(html->data, 1, html->len, f) != html->len) {
        if (f) fclose(f);
        poshan_error_set(&err, POSHAN_EINPUT, path, 0, NULL, "cannot write the report here");
        return poshan_cli_report(POSHAN_EINPUT, &err);
    }
    if (fclose(f) != 0) {
        poshan_error_set(&err, POSHAN_EINPUT, path, 0, NULL, "cannot finish writing the report");
        return poshan_cli_report(POSHAN_EINPUT, &err);
    }
    return POSHAN_EXIT_OK;
}

int poshan_cmd_report(int argc, char **argv) {
    static const struct option options[] = {{"menu", required_argument, 0, 'm'},
                                            {"plan", required_argument, 0, 'p'},
                                            {"db", required_argument, 0, 'd'},
                                            {"impact", required_argument, 0, 'I'},
                                            {"treated", required_argument, 0, 'T'},
                                            {"control", required_argument, 0, 'C'},
                                            {"outcome", required_argument, 0, 'O'},
                                            {"unit", required_argument, 0, 'U'},
                                            {"cluster", required_argument, 0, 'K'},
                                            {"out", required_argument, 0, 'o'},
                                            {"title", required_argument, 0, 't'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    const char *menus[16], *plans[16], *out_path = NULL, *title = "Mid-Day Meal nutrition report";
    size_t nmenus = 0, nplans = 0;
    const char *db = NULL;
    impact_request impact = {0};
    poshan_impact_defaults(&impact.options);
    int opt, cluster_given = 0;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'm':
            if (nmenus == 16) return poshan_cli_usage("report", "at most 16 --menu files");
            menus[nmenus++] = optarg;
            break;
        case 'p':
            if (nplans == 16) return poshan_cli_usage("report", "at most 16 --plan files");
            plans[nplans++] = optarg;
            break;
        case 'o': out_path = optarg; break;
        case 'd': db = optarg; break;
        case 'I': impact.data = optarg; break;
        case 'T': impact.treated = optarg; break;
        case 'C': impact.control = optarg; break;
        case 'O':
            if (strcmp(optarg, "weight_kg") == 0) impact.options.outcome = POSHAN_OUTCOME_WEIGHT_KG;
            else if (strcmp(optarg, "height_cm") == 0) impact.options.outcome = POSHAN_OUTCOME_HEIGHT_CM;
            else return poshan_cli_usage("report", "--outcome must be weight_kg or height_cm");
            break;
        case 'U':
            if (poshan_level_parse(optarg, &impact.options.arms.unit) != 0 ||
                impact.options.arms.unit == POSHAN_LEVEL_SCHOOL)
                return poshan_cli_usage("report", "--unit must be district or block");
            break;
        case 'K':
            if (poshan_level_parse(optarg, &impact.options.arms.cluster) != 0)
                return poshan_cli_usage("report", "--cluster must be school, block or district");
            cluster_given = 1;
            break;
        case 't': title = optarg; break;
        case 'h': fputs(report_help, stdout); return POSHAN_EXIT_OK;
        default: return poshan_cli_usage("report", "unknown option");
        }
    }
    if (optind != argc) return poshan_cli_usage("report", "unexpected argument '%s'", argv[optind]);
    if (!cluster_given) impact.options.arms.cluster = impact.options.arms.unit;   /* as impact estimate */
    if (out_path == NULL) return poshan_cli_usage("report", "--out FILE is required");
    if (nmenus + nplans == 0 && db == NULL && impact.data == NULL)
        return poshan_cli_usage("report", "nothing to report: give --db, --menu, --plan or --impact");
    if ((impact.data != NULL) != (impact.treated != NULL && impact.control != NULL))
        return poshan_cli_usage("report", "--impact needs --treated and --control (and they need --impact)");
    poshan_foods foods = {0};
    poshan_norms norms;
    poshan_error err;
    poshan_buf html = {0};
    poshan_status st = poshan_cli_load_foods(&foods, NULL, 0, &err);
    if (st == POSHAN_OK) st = poshan_cli_load_norms(&norms, NULL, &err);
    if (st == POSHAN_OK) poshan_report_begin(&html, title);
    if (st == POSHAN_OK && db) st = add_lab(&html, db, &norms, &err);
    for (size_t i = 0; st == POSHAN_OK && i < nmenus; i++) st = add_menu(&html, menus[i], &foods, &norms, &err);
    plan_rows *rows = calloc(1, sizeof *rows);
    if (rows == NULL) st = poshan_error_set(&err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
    for (size_t i = 0; st == POSHAN_OK && i < nplans; i++) st = add_plan(rows, plans[i], &foods, &norms, &err);
    if (st == POSHAN_OK && nplans) poshan_report_plans(&html, rows->rows, rows->n);
    free(rows);
    if (st == POSHAN_OK && impact.data) st = add_impact(&html, &impact, &err);
    int rc;
    if (st != POSHAN_OK) {
        rc = poshan_cli_report(st, &err);   /* nothing is written when any input is bad */
    } else {
        poshan_report_end(&html);
        rc = write_report(out_path, &html);
    }
    poshan_buf_free(&html);
    poshan_foods_free(&foods);
    return rc;
}
