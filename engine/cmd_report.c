/* cmd_report.c: `poshan report`, one HTML file a committee can open offline and print. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"

static const char report_help[] =
    "usage: poshan report --menu FILE [--menu FILE]... [--title TEXT] --out report.html\n\n"
    "Writes one HTML file with inline SVG charts: it opens offline in any browser, needs no\n"
    "script to read, and prints on A4. For each menu and level: energy and protein per day\n"
    "against the norm, shortfalls marked, and the day-by-day table.\n";

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
                                            {"out", required_argument, 0, 'o'},
                                            {"title", required_argument, 0, 't'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    const char *menus[16], *out_path = NULL, *title = "Mid-Day Meal nutrition report";
    size_t nmenus = 0;
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'm':
            if (nmenus == 16) return poshan_cli_usage("report", "at most 16 --menu files");
            menus[nmenus++] = optarg;
            break;
        case 'o': out_path = optarg; break;
        case 't': title = optarg; break;
        case 'h': fputs(report_help, stdout); return POSHAN_EXIT_OK;
        default: return poshan_cli_usage("report", "unknown option");
        }
    }
    if (optind != argc) return poshan_cli_usage("report", "unexpected argument '%s'", argv[optind]);
    if (out_path == NULL) return poshan_cli_usage("report", "--out FILE is required");
    if (nmenus == 0) return poshan_cli_usage("report", "nothing to report: give at least one --menu");
    poshan_foods foods = {0};
    poshan_norms norms;
    poshan_error err;
    poshan_buf html = {0};
    poshan_status st = poshan_cli_load_foods(&foods, NULL, 0, &err);
    if (st == POSHAN_OK) st = poshan_cli_load_norms(&norms, NULL, &err);
    if (st == POSHAN_OK) poshan_report_begin(&html, title);
    for (size_t i = 0; st == POSHAN_OK && i < nmenus; i++) st = add_menu(&html, menus[i], &foods, &norms, &err);
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
