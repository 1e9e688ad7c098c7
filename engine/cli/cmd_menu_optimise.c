/* cmd_menu_optimise.c: `poshan menu optimise`, the cheapest menu that meets a
 * spec's norms (or the least-bad one), and `--fix`, the smallest change that
 * mends a menu. Parses options, calls the library (optimise.h), prints. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_menu.h"
#include "i18n.h"
#include "menu_json.h"
#include "optimise.h"

static const char optimise_help[] = N_(
    "usage: poshan menu optimise SPEC.json... --prices FILE [--format table|json] [--out MENU.json]\n"
    "       poshan menu optimise --fix MENU.json [SPEC.json] [--prices FILE] [--format table|json]\n"
    "                            [--out MENU.json]\n\n"
    "The cheapest menu, per child, that meets the bounds of SPEC.json (foods, nutrients, food\n"
    "groups, cost, variety; docs/formats/optimiser-spec.md lists every key), with the bounds that\n"
    "bind and what one more unit of each costs. When the bounds cannot all be met: the menu\n"
    "with the least shortfall (energy and protein first), status \"infeasible\", and what is\n"
    "short. --fix: the smallest change in grams that makes MENU.json meet the energy and\n"
    "protein norms (or SPEC.json's bounds), keeping its dishes. Several specs (districts) are\n"
    "solved in turn; --format json then prints a list, one result a spec.\n\n"
    "--prices FILE   CSV food,rs_per_kg (cereals are supplied free and are not counted)\n"
    "--out FILE      write the menu found in the ordinary menu format (for `menu evaluate`)\n"
    "--lp FILE       also write the program in CPLEX LP format (to check it with glpsol)\n"
    "--foods FILE    also load this food table (repeatable)\n"
    "--norms FILE    norms instead of the shipped nutrients/norms.json\n"
    "--composites FILE  generic items as a state defines them (see menu evaluate --help)\n"
    "Exit status 0 when every bound is met, 1 when the norms cannot all be met (the menu\n"
    "printed is then the least-bad one and --out writes nothing) or the input is wrong.\n");

typedef struct optimise_options {
    char **specs;
    size_t nspecs;
    const char *spec_path, *fix_path, *prices_path, *out_path, *lp_path, *norms_path;
    const char *composites_path;
    poshan_format format;
    char *foods[32];
    size_t nfoods;
} optimise_options;

static int parse_options(int argc, char **argv, optimise_options *o) {
    static const struct option options[] = {
        {"fix", required_argument, 0, 'x'},    {"prices", required_argument, 0, 'p'},
        {"format", required_argument, 0, 'f'}, {"out", required_argument, 0, 'o'},
        {"lp", required_argument, 0, 'L'},     {"foods", required_argument, 0, 'F'},
        {"norms", required_argument, 0, 'n'},  {"help", no_argument, 0, 'h'},
        {"composites", required_argument, 0, 'C'},
        {0, 0, 0, 0}};
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'x': o->fix_path = optarg; break;
        case 'p': o->prices_path = optarg; break;
        case 'f':
            if (poshan_cli_format("menu optimise", optarg, &o->format)) return POSHAN_EXIT_USAGE;
            if (o->format == POSHAN_FORMAT_CSV)
                return poshan_cli_usage("menu optimise", _("--format is table or json"));
            break;
        case 'o': o->out_path = optarg; break;
        case 'L': o->lp_path = optarg; break;
        case 'F':
            if (o->nfoods == 32) return poshan_cli_usage("menu optimise", _("at most 32 --foods files"));
            o->foods[o->nfoods++] = optarg;
            break;
        case 'n': o->norms_path = optarg; break;
        case 'C': o->composites_path = optarg; break;
        case 'h': fputs(_(optimise_help), stdout); return -1;
        default: return poshan_cli_usage("menu optimise", _("unknown option"));
        }
    }
    if (optind >= argc || strcmp(argv[optind], "optimise") != 0)
        return poshan_cli_usage("menu optimise", _("expected `menu optimise SPEC.json`"));
    optind++;
    o->specs = argv + optind;
    o->nspecs = (size_t)(argc - optind);
    if (o->nspecs > 1 && (o->fix_path || o->out_path || o->lp_path))
        return poshan_cli_usage("menu optimise", _("--fix, --out and --lp go with one spec file"));
    if (o->nspecs == 0 && !o->fix_path)
        return poshan_cli_usage("menu optimise", _("give a spec file, or --fix MENU.json"));
    if (!o->fix_path && !o->prices_path)
        return poshan_cli_usage("menu optimise", _("the cheapest menu needs what foods cost: give --prices FILE"));
    if (o->fix_path && o->lp_path) return poshan_cli_usage("menu optimise", _("--lp goes without --fix"));
    return POSHAN_EXIT_OK;
}

/* A figure printed so that it shows on the same side of target as it is. */
static int digits_apart(double value, double target) {
    int dec = 2;
    char a[64], b[64];
    for (; dec < 9; dec++) {
        snprintf(a, sizeof a, "%.*f", dec, value);
        snprintf(b, sizeof b, "%.*f", dec, target);
        if (strcmp(a, b) != 0) break;
    }
    return dec;
}

static void print_result(const poshan_opt_result *r, const poshan_menu *before, const int *levels,
                         size_t nlevels, const poshan_norms *norms, const poshan_prices *prices) {
    const poshan_menu *menu = &r->menu;
    printf(_("== %s: %s (%s program"), menu->name, poshan_opt_status_name(r->status),
           r->mip ? "mixed-integer" : "linear");
    if (r->mip) printf(_(", gap %.4g %%%s"), 100 * r->gap, r->time_limit_hit ? ", stopped at the time limit" : "");
    printf(") ==\n");
    if (prices) {
        double total = 0;
        printf(_("cost per child over all %zu days:"), menu->ndays);
        for (size_t li = 0; li < nlevels; li++) {
            double rs = poshan_opt_menu_cost_rs(menu, norms, prices, levels[li]);
            printf(" %s Rs %.2f,", norms->levels[levels[li]].name, rs);
            total += rs;
        }
        printf(_(" total Rs %.2f\n"), total);
    }
    const char *gh[2 + POSHAN_MAX_LEVELS + 1] = {"day", "dish", "food"};
    for (size_t li = 0; li < nlevels; li++) gh[3 + li] = norms->levels[levels[li]].name;
    poshan_table *t = poshan_table_new(3 + nlevels, gh);
    for (size_t d = 0; d < menu->ndays; d++)
        for (size_t k = 0; k < menu->days[d].count; k++)
            for (size_t i = 0; i < menu->days[d].dishes[k].count; i++) {
                const poshan_ingredient *ing = &menu->days[d].dishes[k].ingredients[i];
                poshan_table_row(t);
                poshan_table_cell(t, "%s", k == 0 && i == 0 ? menu->days[d].day : "");
                poshan_table_cell(t, "%s", i == 0 ? menu->days[d].dishes[k].name : "");
                poshan_table_cell(t, "%s", ing->food->code);
                for (size_t li = 0; li < nlevels; li++) {
                    int L = levels[li];
                    const double *was = before ? before->days[d].dishes[k].ingredients[i].grams : NULL;
                    if (was && was[L] != ing->grams[L]) poshan_table_cell(t, "%.2f g (was %.2f)", ing->grams[L], was[L]);
                    else if (ing->grams[L] == 0) poshan_table_cell(t, "-");   /* not served: no amount */
                    else poshan_table_cell(t, "%.2f g", ing->grams[L]);
                }
            }
    printf(_("\ngrams per child:\n"));
    poshan_table_print(t, stdout, POSHAN_FORMAT_TABLE);
    poshan_table_free(t);
    if (r->nbinding) {
        static const char *const bh[] = {"bound", "level", "day", "target", "rs_for_one_more_unit"};
        t = poshan_table_new(5, bh);
        for (size_t b = 0; b < r->nbinding; b++) {
            const poshan_opt_row_info *row = &r->binding[b].row;
            poshan_table_row(t);
            poshan_table_cell(t, "%s %s", row->what, row->is_min ? "min" : "max");
            poshan_table_cell(t, "%s", norms->levels[row->level].name);
            poshan_table_cell(t, "%s", menu->days[row->day].day);
            poshan_table_cell(t, "%g", row->target);
            poshan_table_cell(t, "%.4f", r->binding[b].dual);
        }
        printf(_("\nbounds that bind, and what one unit more would cost (Rs per child):\n"));
        poshan_table_print(t, stdout, POSHAN_FORMAT_TABLE);
        poshan_table_free(t);
    }
    if (r->nshortfalls) {
        static const char *const sh[] = {"bound", "level", "day", "target", "achieved", "shortfall"};
        t = poshan_table_new(6, sh);
        for (size_t s = 0; s < r->nshortfalls; s++) {
            const poshan_opt_shortfall *f = &r->shortfalls[s];
            int dec = digits_apart(f->achieved, f->row.target);
            poshan_table_row(t);
            poshan_table_cell(t, "%s %s", f->row.what, f->row.is_min ? "min" : "max");
            poshan_table_cell(t, "%s", norms->levels[f->row.level].name);
            poshan_table_cell(t, "%s", menu->days[f->row.day].day);
            poshan_table_cell(t, "%.*f", dec, f->row.target);
            poshan_table_cell(t, "%.*f", dec, f->achieved);
            poshan_table_cell(t, "%.*f", dec, f->shortfall);
        }
        printf(_("\nthe bounds cannot all be met; the least shortfall (energy and protein first):\n"));
        poshan_table_print(t, stdout, POSHAN_FORMAT_TABLE);
        poshan_table_free(t);
    }
    for (size_t li = 0; li < nlevels; li++) {
        poshan_level_result lr;
        poshan_error err;
        if (poshan_menu_evaluate(menu, norms, prices, levels[li], &lr, &err) != POSHAN_OK) continue;
        print_level_table(menu, &lr, norms, prices != NULL);
        poshan_level_result_free(&lr);
    }
}

static poshan_status write_menu(const char *path, const poshan_menu *menu, const poshan_norms *norms,
                                poshan_error *err) {
    cJSON *doc = poshan_menu_to_json(menu, norms);
    char *text = doc ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (text == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, _("out of memory"));
    FILE *f = fopen(path, "w");
    int ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
    if (f && fclose(f) != 0) ok = 0;
    free(text);
    return ok ? POSHAN_OK : poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("cannot write this file"));
}

/* Solves one spec (or mends o->fix_path) and prints the result. in_list: the JSON
 * result is an item of a list, printed as soon as it is solved (a comma before all but
 * the first), so that memory does not grow with the number of specs. */
static int run(const optimise_options *o, const poshan_foods *foods, const poshan_norms *norms,
               const poshan_prices *prices, size_t *in_list) {
    poshan_error err;
    poshan_opt_spec spec = {0};
    poshan_menu before = {0};
    poshan_opt_result r = {0};
    poshan_status st = POSHAN_OK;
    if (o->spec_path) st = poshan_opt_spec_load(&spec, o->spec_path, foods, norms, o->fix_path != NULL, &err);
    if (st == POSHAN_OK && o->fix_path) st = poshan_menu_load(&before, o->fix_path, foods, norms, &err);
    for (size_t li = 0; st == POSHAN_OK && !prices && li < spec.nlevels; li++)
        if (isfinite(spec.max_cost_rs[spec.levels[li]]))
            st = poshan_error_set(&err, POSHAN_EINPUT, o->spec_path, 0, "cost.max_rs",
                                  _("a bound on the cost needs --prices FILE"));
    if (st == POSHAN_OK)
        st = o->fix_path ? poshan_optimise_fix(&before, o->spec_path ? &spec : NULL, norms, prices, &r, &err)
                         : poshan_optimise(&spec, norms, prices, o->lp_path, &r, &err);
    int all_levels[POSHAN_MAX_LEVELS];
    for (size_t L = 0; L < norms->nlevels; L++) all_levels[L] = (int)L;
    const int *levels = o->spec_path ? spec.levels : all_levels;
    size_t nlevels = o->spec_path ? spec.nlevels : norms->nlevels;
    if (st == POSHAN_OK && o->format == POSHAN_FORMAT_JSON) {
        cJSON *doc;
        st = poshan_opt_result_json(&r, o->fix_path ? &before : NULL, norms, prices, levels, nlevels, &doc, &err);
        if (st == POSHAN_OK) {
            char *text = cJSON_Print(doc);
            if (text && in_list) printf("%s%s", (*in_list)++ ? ",\n" : "", text);
            else if (text) puts(text);
            free(text);
            cJSON_Delete(doc);
        }
    } else if (st == POSHAN_OK) {
        print_result(&r, o->fix_path ? &before : NULL, levels, nlevels, norms, prices);
    }
    int infeasible = st == POSHAN_OK && r.status == POSHAN_OPT_INFEASIBLE;
    if (st == POSHAN_OK && o->out_path && !infeasible) st = write_menu(o->out_path, &r.menu, norms, &err);
    int rc = st != POSHAN_OK ? poshan_cli_report(st, &err) : POSHAN_EXIT_OK;
    if (infeasible) {
        fprintf(stderr, _("poshan: %s: the bounds cannot all be met with these foods; the menu printed "
                "has the least shortfall (listed)%s\n"), o->spec_path ? o->spec_path : o->fix_path,
                o->out_path ? ", and nothing was written to --out" : "");
        rc = POSHAN_EXIT_INPUT;
    }
    poshan_opt_result_free(&r);
    poshan_menu_free(&before);
    poshan_opt_spec_free(&spec);
    return rc;
}

int poshan_cmd_menu_optimise(int argc, char **argv) {
    optimise_options o = {.format = POSHAN_FORMAT_TABLE};
    int rc = parse_options(argc, argv, &o);
    if (rc != POSHAN_EXIT_OK) return rc < 0 ? POSHAN_EXIT_OK : rc;
    poshan_foods foods = {0};
    poshan_norms norms;
    poshan_prices prices = {0};
    poshan_error err;
    poshan_status st = menu_load_data(o.foods, o.nfoods, o.composites_path, o.norms_path, o.prices_path, &foods, &norms,
                                      &prices, &err);
    const poshan_prices *priced = o.prices_path ? &prices : NULL;
    if (st != POSHAN_OK) rc = poshan_cli_report(st, &err);
    else if (o.nspecs <= 1) {
        o.spec_path = o.nspecs ? o.specs[0] : NULL;
        rc = run(&o, &foods, &norms, priced, NULL);
    } else {
        int json = o.format == POSHAN_FORMAT_JSON;
        size_t printed = 0;
        if (json) puts("[");
        for (size_t i = 0; i < o.nspecs; i++) {
            o.spec_path = o.specs[i];
            int one = run(&o, &foods, &norms, priced, json ? &printed : NULL);
            if (one > rc) rc = one;
        }
        if (json) puts("\n]");
    }
    poshan_prices_free(&prices);
    poshan_foods_free(&foods);
    return rc;
}
