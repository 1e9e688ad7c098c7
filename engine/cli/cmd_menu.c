/* cmd_menu.c: `poshan menu evaluate`, for one menu file or (--batch) every school's. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_menu.h"
#include "i18n.h"
#include "jsonread.h"
#include "menu.h"
#include "menu_json.h"
#include "text.h"
#include "i18n.h"

static const char menu_help[] = N_(
    "usage: poshan menu evaluate MENU.json [--level primary|upper_primary]\n"
    "                            [--format table|json|csv] [--prices FILE]\n"
    "       poshan menu evaluate --batch MENUS.csv [--out FILE] [--summary FILE]\n"
    "                            [--strict] [--prices FILE]\n"
    "       poshan menu optimise SPEC.json --prices FILE   (the cheapest menu: menu optimise --help)\n\n"
    "For each level and day: what one child gets from the meal (energy, protein, fat,\n"
    "carbohydrate, fibre, iron, calcium, zinc, folate, vitamin C), the share of energy\n"
    "from fat and protein, grams per food group against the norms, pass or fail against\n"
    "the energy and protein norms with the shortfall, and each dish's contribution;\n"
    "then the week's average and the days that fail.\n\n"
    "--prices FILE   CSV food,rs_per_kg: cost per child per meal against the cooking cost\n"
    "                (cereals are supplied free and are not counted)\n"
    "--foods FILE    also load this food table (repeatable)\n"
    "--norms FILE    norms instead of the shipped nutrients/norms.json\n"
    "--composites FILE  generic items (sabzi, seasonal fruit, dal) as a state defines them,\n"
    "                instead of the shipped nutrients/composites.csv\n"
    "--batch CSV     school_udise,level,day,dish,food,grams: one row per ingredient, the rows\n"
    "                of a school together; writes one CSV row per school-day\n"
    "--summary FILE  with --batch: per school and level, the days below each norm\n"
    "--strict        with --batch: stop at the first bad row (default: report and go on)\n");

typedef struct menu_options {
    const char *menu_path, *batch_path, *out_path, *summary_path, *prices_path, *norms_path;
    const char *composites_path;
    const char *level;
    poshan_format format;
    int strict;
    char *foods[32];
    size_t nfoods;
} menu_options;

/* ---- table and CSV --------------------------------------------------------- */

/* Energy to 1 decimal and protein to 2 (more where needed), so that a figure never
 * shows at its norm beside a fail, nor a shortfall as 0. */
static void day_cells(poshan_table *t, const poshan_meal *meal, const poshan_judgement *j,
                      const poshan_level_norm *norm, int marks) {
    const double *v = meal->nutrient;
    int kcal_dp = poshan_judged_decimals(v[POSHAN_ENERGY_KCAL], norm->energy_kcal, j->meets_energy, 1);
    int protein_dp = poshan_judged_decimals(v[POSHAN_PROTEIN_G], norm->protein_g, j->meets_protein, 2);
    int short_kcal_dp = poshan_shortfall_decimals(j->energy_shortfall_kcal, 1);
    int short_protein_dp = poshan_shortfall_decimals(j->protein_shortfall_g, 2);
    for (size_t i = 0; i < POSHAN_MENU_NSHOWN; i++) {
        poshan_nutrient n = poshan_menu_shown[i];
        poshan_table_cell(t, "%.*f", n == POSHAN_ENERGY_KCAL ? kcal_dp : n == POSHAN_PROTEIN_G ? protein_dp : 2, v[n]);
    }
    poshan_table_cell(t, "%.1f", j->energy_from_fat_pct);
    poshan_table_cell(t, "%.1f", j->energy_from_protein_pct);
    if (marks) {
        /* the table is read by people: in their language (CSV, below, stays as tools read it) */
        if (j->meets_energy) poshan_table_cell(t, "%s", _("ok"));
        else poshan_table_cell(t, _("BELOW by %.*f kcal"), short_kcal_dp, j->energy_shortfall_kcal);
        if (j->meets_protein) poshan_table_cell(t, "%s", _("ok"));
        else poshan_table_cell(t, _("BELOW by %.*f g"), short_protein_dp, j->protein_shortfall_g);
    } else {
        poshan_table_cell(t, "%s", j->meets_energy ? "true" : "false");
        poshan_table_cell(t, "%s", j->meets_protein ? "true" : "false");
        poshan_table_cell(t, "%.*f", poshan_shortfall_decimals(j->energy_shortfall_kcal, 2), j->energy_shortfall_kcal);
        poshan_table_cell(t, "%.*f", short_protein_dp, j->protein_shortfall_g);
    }
}

static poshan_table *nutrient_table(const char *first, const char *second, int marks, int priced) {
    const char *headers[POSHAN_MENU_NSHOWN + 9];
    size_t n = 0;
    if (first) headers[n++] = first;
    headers[n++] = second;
    for (size_t i = 0; i < POSHAN_MENU_NSHOWN; i++) headers[n++] = poshan_nutrient_column(poshan_menu_shown[i]);
    headers[n++] = "fat_energy_pct";
    headers[n++] = "protein_energy_pct";
    if (marks) {
        headers[n++] = "energy_norm";
        headers[n++] = "protein_norm";
    } else {
        headers[n++] = "meets_energy_norm";
        headers[n++] = "meets_protein_norm";
        headers[n++] = "energy_shortfall_kcal";
        headers[n++] = "protein_shortfall_g";
    }
    if (priced) headers[n++] = "cost_rs";
    return poshan_table_new(n, headers);
}

static void print_day_names(const poshan_level_result *r, int energy) {
    size_t printed = 0;
    for (size_t d = 0; d < r->ndays; d++) {
        int meets = energy ? r->days[d].judged.meets_energy : r->days[d].judged.meets_protein;
        if (!meets) printf("%s%s", printed++ ? ", " : "", r->days[d].day);
    }
    printf("%s\n", printed ? "" : _("none"));
}

void print_level_table(const poshan_menu *menu, const poshan_level_result *r,
                              const poshan_norms *norms, int priced) {
    const poshan_level_norm *norm = &norms->levels[r->level];
    printf(_("\n== %s: %s ==\nnorms per child per meal: %.0f kcal, %.0f g protein\n\n"), menu->name,
           gettext(norm->label), norm->energy_kcal, norm->protein_g);   /* the shipped labels have Hindi (report.c) */
    poshan_table *t = nutrient_table(NULL, "day", 1, 0);
    for (size_t d = 0; d < r->ndays; d++) {
        poshan_table_row(t);
        poshan_table_cell(t, "%s", r->days[d].day);
        day_cells(t, &r->days[d].total, &r->days[d].judged, norm, 1);
    }
    poshan_table_row(t);
    poshan_table_cell(t, "%s", _("week average"));
    day_cells(t, &r->week, &r->week_judged, norm, 1);
    poshan_table_print(t, stdout, POSHAN_FORMAT_TABLE);
    poshan_table_free(t);
    printf(_("days below the energy norm: "));
    print_day_names(r, 1);
    printf(_("days below the protein norm: "));
    print_day_names(r, 0);

    /* food groups against their norms */
    const char *gh[POSHAN_MAX_GROUPS + 1] = {_("grams per child (norm)")};
    for (size_t g = 0; g < norms->ngroups; g++) gh[g + 1] = norms->groups[g].name;
    t = poshan_table_new(norms->ngroups + 1, gh);
    for (size_t d = 0; d <= r->ndays; d++) {
        const poshan_meal *meal = d < r->ndays ? &r->days[d].total : &r->week;
        poshan_table_row(t);
        poshan_table_cell(t, "%s", d < r->ndays ? r->days[d].day : _("week average"));
        for (size_t g = 0; g < norms->ngroups; g++) {
            int is_short = meal->group_g[g] + 1e-9 < norm->group_g[g];
            poshan_table_cell(t, "%.*f (%g)%s",
                              poshan_judged_decimals(meal->group_g[g], norm->group_g[g], !is_short, 1),
                              meal->group_g[g], norm->group_g[g], is_short ? _(" short") : "");
        }
    }
    putchar('\n');
    poshan_table_print(t, stdout, POSHAN_FORMAT_TABLE);
    poshan_table_free(t);

    /* each dish's contribution */
    static const char *const dh[] = {"day", "dish", "energy_kcal", "protein_g", "share_of_energy_pct"};
    t = poshan_table_new(5, dh);
    for (size_t d = 0; d < r->ndays; d++)
        for (size_t k = 0; k < r->days[d].ndishes; k++) {
            const poshan_meal *dish = &r->days[d].dishes[k];
            double total = r->days[d].total.nutrient[POSHAN_ENERGY_KCAL];
            poshan_table_row(t);
            poshan_table_cell(t, "%s", k == 0 ? r->days[d].day : "");
            poshan_table_cell(t, "%s", menu->days[d].dishes[k].name);
            /* with the day's decimals: a day of one dish shows the same figures twice */
            const poshan_judgement *j = &r->days[d].judged;
            poshan_table_cell(t, "%.*f", poshan_judged_decimals(total, norm->energy_kcal, j->meets_energy, 1),
                              dish->nutrient[POSHAN_ENERGY_KCAL]);
            poshan_table_cell(t, "%.*f",
                              poshan_judged_decimals(r->days[d].total.nutrient[POSHAN_PROTEIN_G],
                                                     norm->protein_g, j->meets_protein, 2),
                              dish->nutrient[POSHAN_PROTEIN_G]);
            poshan_table_cell(t, "%.0f", total > 0 ? 100 * dish->nutrient[POSHAN_ENERGY_KCAL] / total : 0);
        }
    putchar('\n');
    poshan_table_print(t, stdout, POSHAN_FORMAT_TABLE);
    poshan_table_free(t);

    if (priced) {
        printf(_("\ncooking cost per child per meal (allowed Rs %.2f, %s):\n"), norm->cost_rs_per_meal,
               norm->cost_year);
        for (size_t d = 0; d <= r->ndays; d++) {
            const poshan_meal *meal = d < r->ndays ? &r->days[d].total : &r->week;
            int over = poshan_meal_over_cost(meal, norm);
            const char *day = d < r->ndays ? r->days[d].day : _("week average");
            size_t width = poshan_text_width(day);   /* a Devanagari day pads by its columns */
            printf("  %s%*s Rs %5.*f%s%s\n", day, width < 14 ? (int)(14 - width) : 0, "",
                   poshan_cost_decimals(meal->cost_rs, norm->cost_rs_per_meal, over, 2), meal->cost_rs,
                   over ? _("  OVER the allowed cost") : "",
                   meal->unpriced ? _("  (some ingredients have no price: incomplete)") : "");
        }
        printf("  %s\n", norms->supplied_free_note);
    }
}

static void add_csv_rows(poshan_table *t, const poshan_level_result *r, const poshan_norms *norms,
                         int priced) {
    for (size_t d = 0; d <= r->ndays; d++) {
        const poshan_meal *meal = d < r->ndays ? &r->days[d].total : &r->week;
        const poshan_judgement *j = d < r->ndays ? &r->days[d].judged : &r->week_judged;
        poshan_table_row(t);
        poshan_table_cell(t, "%s", norms->levels[r->level].name);
        poshan_table_cell(t, "%s", d < r->ndays ? r->days[d].day : "week");
        day_cells(t, meal, j, &norms->levels[r->level], 0);
        if (priced) {
            const poshan_level_norm *norm = &norms->levels[r->level];
            poshan_table_cell(t, "%.*f", poshan_cost_decimals(meal->cost_rs, norm->cost_rs_per_meal,
                                                              poshan_meal_over_cost(meal, norm), 2),
                              meal->cost_rs);
        }
    }
}

/* ---- evaluate one menu ------------------------------------------------------ */

static int evaluate_menu(const menu_options *o, const poshan_foods *foods, const poshan_norms *norms,
                         const poshan_prices *prices) {
    poshan_menu menu;
    poshan_error err;
    poshan_error_list errors = {0};
    poshan_status st = poshan_menu_load_all(&menu, o->menu_path, foods, norms, &errors);
    if (st != POSHAN_OK) {
        /* every error of the menu at once, so that one run shows all there is to fix */
        int rc = POSHAN_EXIT_INPUT;
        for (size_t i = 0; i < errors.count; i++) rc = poshan_cli_report(st, &errors.items[i]);
        poshan_error_list_free(&errors);
        return rc;
    }
    poshan_error_list_free(&errors);
    /* What the menu was read with: above the tables, or on stderr beside CSV (JSON has them). */
    if (o->format != POSHAN_FORMAT_JSON) {
        FILE *to = o->format == POSHAN_FORMAT_TABLE ? stdout : stderr;
        const char *prefix = o->format == POSHAN_FORMAT_TABLE ? "" : "poshan: ";
        for (size_t i = 0; i < menu.warnings.count; i++)
            fprintf(to, "%swarning: %s: %s\n", prefix, menu.warnings.items[i].field, menu.warnings.items[i].message);
        for (size_t i = 0; i < menu.notes.count; i++)
            fprintf(to, "%snote: %s: %s\n", prefix, menu.notes.items[i].field, menu.notes.items[i].message);
    }
    int first = 0, last = (int)norms->nlevels - 1;
    if (o->level) {
        first = last = poshan_norms_level_index(norms, o->level);
        if (first < 0) {
            poshan_menu_free(&menu);
            return poshan_cli_usage("menu", _("--level must be one of the levels in norms.json "
                                    "(primary, upper_primary), not '%s'"), o->level);
        }
    }
    if (o->format == POSHAN_FORMAT_JSON) {
        cJSON *root;
        st = poshan_menu_json(&menu, norms, prices, o->level ? first : -1, &root, &err);
        if (st == POSHAN_OK) {
            char *text = cJSON_Print(root);
            if (text) puts(text);
            free(text);
            cJSON_Delete(root);
        }
        poshan_menu_free(&menu);
        return st == POSHAN_OK ? POSHAN_EXIT_OK : poshan_cli_report(st, &err);
    }
    poshan_table *csv = o->format == POSHAN_FORMAT_CSV ? nutrient_table("level", "day", 0, prices != NULL) : NULL;
    for (int level = first; level <= last; level++) {
        poshan_level_result r;
        st = poshan_menu_evaluate(&menu, norms, prices, level, &r, &err);
        if (st != POSHAN_OK) break;
        if (csv) add_csv_rows(csv, &r, norms, prices != NULL);
        else print_level_table(&menu, &r, norms, prices != NULL);
        poshan_level_result_free(&r);
    }
    if (csv) {
        poshan_table_print(csv, stdout, POSHAN_FORMAT_CSV);
        poshan_table_free(csv);
    }
    poshan_menu_free(&menu);
    return st == POSHAN_OK ? POSHAN_EXIT_OK : poshan_cli_report(st, &err);
}

/* ---- every school's menu (--batch) ------------------------------------------- */

/* Per school and level: how many of its days fall below each norm. */
typedef struct school_summary {
    char school[16];
    size_t days[POSHAN_MAX_LEVELS], below_energy[POSHAN_MAX_LEVELS], below_protein[POSHAN_MAX_LEVELS];
    size_t incomplete[POSHAN_MAX_LEVELS];
    double energy_kcal[POSHAN_MAX_LEVELS], protein_g[POSHAN_MAX_LEVELS];
} school_summary;

typedef struct batch_output {
    FILE *out, *summary;
    const poshan_norms *norms;
    int priced;
    school_summary current;
} batch_output;

static void summary_flush(batch_output *o) {
    school_summary *s = &o->current;
    if (o->summary == NULL || s->school[0] == '\0') return;
    for (size_t L = 0; L < o->norms->nlevels; L++) {
        if (s->days[L] == 0) continue;
        fprintf(o->summary, "%s,%s,%zu,%zu,%zu,%.2f,%.2f,%zu\n", s->school, o->norms->levels[L].name,
                s->days[L], s->below_energy[L], s->below_protein[L],
                s->energy_kcal[L] / (double)s->days[L], s->protein_g[L] / (double)s->days[L],
                s->incomplete[L]);
    }
    memset(s, 0, sizeof *s);
}

static size_t put_number(char *line, size_t at, double value, int decimals) {
    line[at++] = ',';
    return at + poshan_format_fixed(line + at, 64, value, decimals);
}

static poshan_status write_school_day(void *ctx, const poshan_school_day *d, poshan_error *err) {
    (void)err;
    batch_output *o = ctx;
    const double *v = d->meal.nutrient;
    fprintf(o->out, "%s,%s,", d->school_udise, o->norms->levels[d->level].name);
    poshan_csv_write_field(o->out, d->day);
    /* numbers formatted by hand (as printf would): half the run time went to printf */
    char line[(POSHAN_MENU_NSHOWN + 5) * 66];
    size_t n = 0;
    const poshan_level_norm *norm = &o->norms->levels[d->level];
    const poshan_judgement *j = &d->judged;
    for (size_t i = 0; i < POSHAN_MENU_NSHOWN; i++) {
        poshan_nutrient k = poshan_menu_shown[i];
        int decimals = k == POSHAN_ENERGY_KCAL ? poshan_judged_decimals(v[k], norm->energy_kcal, j->meets_energy, 1)
                       : k == POSHAN_PROTEIN_G ? poshan_judged_decimals(v[k], norm->protein_g, j->meets_protein, 2)
                                               : 2;
        n = put_number(line, n, v[k], decimals);
    }
    n += (size_t)sprintf(line + n, ",%s,%s", j->meets_energy ? "true" : "false",
                         j->meets_protein ? "true" : "false");
    n = put_number(line, n, j->energy_shortfall_kcal, poshan_shortfall_decimals(j->energy_shortfall_kcal, 1));
    n = put_number(line, n, j->protein_shortfall_g, poshan_shortfall_decimals(j->protein_shortfall_g, 2));
    n = put_number(line, n, (double)d->bad_rows, 0);
    if (o->priced)
        n = put_number(line, n, d->meal.cost_rs,
                       poshan_cost_decimals(d->meal.cost_rs, norm->cost_rs_per_meal,
                                            poshan_meal_over_cost(&d->meal, norm), 2));
    line[n++] = '\n';
    fwrite(line, 1, n, o->out);
    school_summary *s = &o->current;
    if (strcmp(s->school, d->school_udise) != 0) {
        summary_flush(o);
        snprintf(s->school, sizeof s->school, "%s", d->school_udise);
    }
    s->days[d->level]++;
    s->below_energy[d->level] += !d->judged.meets_energy;
    s->below_protein[d->level] += !d->judged.meets_protein;
    s->incomplete[d->level] += d->bad_rows > 0;
    s->energy_kcal[d->level] += v[POSHAN_ENERGY_KCAL];
    s->protein_g[d->level] += v[POSHAN_PROTEIN_G];
    return POSHAN_OK;
}

static poshan_status print_bad_row(void *ctx, const poshan_error *bad) {
    (void)ctx;
    char text[2048];
    poshan_error_format(bad, text, sizeof text);
    fprintf(stderr, _("poshan: bad row, left out: %s\n"), text);
    return POSHAN_OK;
}

static poshan_status print_note(void *ctx, const poshan_error *note) {
    (void)ctx;
    char text[2048];
    poshan_error_format(note, text, sizeof text);
    fprintf(stderr, _("poshan: note: %s\n"), text);
    return POSHAN_OK;
}

static FILE *open_output(const char *path, poshan_error *err) {
    FILE *f = fopen(path, "w");
    if (f == NULL) poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("cannot write this file"));
    return f;
}

static int evaluate_batch(const menu_options *o, const poshan_foods *foods, const poshan_norms *norms,
                          const poshan_prices *prices) {
    poshan_error err;
    batch_output out = {.out = stdout, .norms = norms, .priced = prices != NULL};
    FILE *in = strcmp(o->batch_path, "-") == 0 ? stdin : fopen(o->batch_path, "rb");
    if (in == NULL) {
        poshan_error_set(&err, POSHAN_EINPUT, o->batch_path, 0, NULL, _("cannot open this file"));
        return poshan_cli_report(POSHAN_EINPUT, &err);
    }
    if ((o->out_path && (out.out = open_output(o->out_path, &err)) == NULL) ||
        (o->summary_path && (out.summary = open_output(o->summary_path, &err)) == NULL)) {
        if (in != stdin) fclose(in);
        if (out.out && out.out != stdout) fclose(out.out);
        return poshan_cli_report(POSHAN_EINPUT, &err);
    }
    static char out_buffer[1 << 20];
    setvbuf(out.out, out_buffer, _IOFBF, sizeof out_buffer);
    fputs("school_udise,level,day", out.out);
    for (size_t i = 0; i < POSHAN_MENU_NSHOWN; i++) fprintf(out.out, ",%s", poshan_nutrient_column(poshan_menu_shown[i]));
    fputs(",meets_energy_norm,meets_protein_norm,energy_shortfall_kcal,protein_shortfall_g,bad_rows", out.out);
    fputs(prices ? ",cost_rs\n" : "\n", out.out);
    if (out.summary)
        fputs("school_udise,level,days,days_below_energy_norm,days_below_protein_norm,"
              "mean_energy_kcal,mean_protein_g,days_with_bad_rows\n", out.summary);
    poshan_batch_options options = {.strict = o->strict, .on_bad_row = print_bad_row, .on_note = print_note,
                                    .prices = prices};
    poshan_batch_stats stats;
    poshan_status st = poshan_menu_batch(in, o->batch_path, foods, norms, &options, write_school_day,
                                         &out, &stats, &err);
    summary_flush(&out);
    if (in != stdin) fclose(in);
    fflush(out.out);
    if (out.out != stdout) fclose(out.out);
    if (out.summary) fclose(out.summary);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    fprintf(stderr, _("poshan: %zu ingredient rows, %zu schools, %zu school-days"), stats.lines,
            stats.schools, stats.school_days);
    if (stats.bad_rows == 0) {
        fputs("\n", stderr);
        return POSHAN_EXIT_OK;
    }
    fprintf(stderr, _("; %zu bad rows were left out (listed above) and their school-days are marked "
            "in the bad_rows column\n"), stats.bad_rows);
    return POSHAN_EXIT_INPUT;
}

static int parse_options(int argc, char **argv, menu_options *o) {
    static const struct option options[] = {
        {"level", required_argument, 0, 'l'},  {"format", required_argument, 0, 'f'},
        {"prices", required_argument, 0, 'p'}, {"foods", required_argument, 0, 'F'},
        {"norms", required_argument, 0, 'n'},  {"batch", required_argument, 0, 'b'},
        {"out", required_argument, 0, 'o'},    {"summary", required_argument, 0, 's'},
        {"strict", no_argument, 0, 'S'},       {"help", no_argument, 0, 'h'},
        {"composites", required_argument, 0, 'C'},
        {0, 0, 0, 0}};
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'l': o->level = optarg; break;
        case 'C': o->composites_path = optarg; break;
        case 'f':
            if (poshan_cli_format("menu", optarg, &o->format)) return POSHAN_EXIT_USAGE;
            break;
        case 'p': o->prices_path = optarg; break;
        case 'F':
            if (o->nfoods == 32) return poshan_cli_usage("menu", _("at most 32 --foods files"));
            o->foods[o->nfoods++] = optarg;
            break;
        case 'n': o->norms_path = optarg; break;
        case 'b': o->batch_path = optarg; break;
        case 'o': o->out_path = optarg; break;
        case 's': o->summary_path = optarg; break;
        case 'S': o->strict = 1; break;
        case 'h': fputs(_(menu_help), stdout); return -1;
        default: return poshan_cli_usage("menu", _("unknown option"));
        }
    }
    if (optind >= argc || strcmp(argv[optind], "evaluate") != 0)
        return poshan_cli_usage("menu", _("expected `menu evaluate MENU.json` or `menu evaluate --batch FILE.csv`"));
    optind++;
    if (o->batch_path == NULL) {
        if (argc - optind != 1) return poshan_cli_usage("menu", _("give exactly one menu file"));
        o->menu_path = argv[optind];
    } else if (argc - optind != 0) {
        return poshan_cli_usage("menu", _("--batch takes its CSV as the option's value; drop '%s'"), argv[optind]);
    }
    if (!o->batch_path && (o->summary_path || o->strict || o->out_path))
        return poshan_cli_usage("menu", _("--out, --summary and --strict go with --batch"));
    return POSHAN_EXIT_OK;
}

poshan_status menu_load_data(char *const *foods_files, size_t nfoods, const char *composites_path,
                             const char *norms_path, const char *prices_path, poshan_foods *foods,
                             poshan_norms *norms, poshan_prices *prices, poshan_error *err) {
    poshan_status st = poshan_cli_load_foods_with(foods, composites_path, foods_files, nfoods, err);
    if (st == POSHAN_OK) st = poshan_cli_load_norms(norms, norms_path, err);
    if (st == POSHAN_OK && prices_path) st = poshan_prices_load(prices, prices_path, foods, err);
    return st;
}

int poshan_cmd_menu(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "optimise") == 0) return poshan_cmd_menu_optimise(argc, argv);
    menu_options o = {.format = POSHAN_FORMAT_TABLE};
    int rc = parse_options(argc, argv, &o);
    if (rc != POSHAN_EXIT_OK) return rc < 0 ? POSHAN_EXIT_OK : rc;
    poshan_foods foods = {0};
    poshan_norms norms;
    poshan_prices prices = {0};
    poshan_error err;
    poshan_status st = menu_load_data(o.foods, o.nfoods, o.composites_path, o.norms_path, o.prices_path, &foods, &norms,
                                      &prices, &err);
    if (st != POSHAN_OK) rc = poshan_cli_report(st, &err);
    else if (o.batch_path) rc = evaluate_batch(&o, &foods, &norms, o.prices_path ? &prices : NULL);
    else rc = evaluate_menu(&o, &foods, &norms, o.prices_path ? &prices : NULL);
    poshan_prices_free(&prices);
    poshan_foods_free(&foods);
    return rc;
}
