/* report.c: the HTML report's page and sections (see report.h).
 * Everything a reader needs is in the one file: it must open offline, print
 * on A4, and be readable without running any script. */
#include "report.h"

#include <stdlib.h>

#include "svg.h"

static const char style[] =
    "@page{size:A4;margin:14mm}"
    "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10.5pt;color:#222;max-width:182mm;margin:auto}"
    "h1{font-size:17pt;margin-bottom:2mm}h2{font-size:13.5pt;border-bottom:1px solid #999;margin-top:8mm}"
    "h3{font-size:11.5pt;margin-bottom:1mm}"
    "table{border-collapse:collapse;margin:2mm 0}th,td{padding:1px 6px;border-bottom:1px solid #ddd}"
    "td.n{text-align:right}th{text-align:left;background:#f2f2f2}"
    ".below{color:#c0392b;font-weight:bold}.ok{color:#1e7b34}"
    "svg.chart{width:100%;height:auto;page-break-inside:avoid}"
    ".chart-title{font-size:13px;font-weight:bold}.tick,.value,.norm-label,.shortfall{font-size:10px}"
    "section{page-break-before:auto}.note{color:#555;font-size:9.5pt}";

void poshan_report_begin(poshan_buf *out, const char *title) {
    poshan_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
    poshan_buf_escape(out, title);
    poshan_buf_printf(out, "</title><style>%s</style></head><body>\n<h1>", style);
    poshan_buf_escape(out, title);
    poshan_buf_puts(out, "</h1>\n");
}

void poshan_report_end(poshan_buf *out) {
    poshan_buf_puts(out, "<p class=\"note\">Made by poshan from IFCT 2017 and the Mid-Day Meal norms "
                         "(nutrients/norms.json). Numbers here are those of the command line.</p>\n"
                         "</body></html>\n");
}

static void nutrient_chart(poshan_buf *out, const char *title, const char *unit,
                           const poshan_level_result *r, poshan_nutrient n, double norm) {
    poshan_bar *bars = calloc(r->ndays + 1, sizeof *bars);
    if (bars == NULL) return;
    for (size_t d = 0; d < r->ndays; d++) {
        bars[d].label = r->days[d].day;
        bars[d].value = r->days[d].total.nutrient[n];
    }
    bars[r->ndays].label = "week";
    bars[r->ndays].value = r->week.nutrient[n];
    char norm_label[64];
    snprintf(norm_label, sizeof norm_label, "norm %g %s", norm, unit);
    poshan_bar_chart chart = {title, unit, bars, r->ndays + 1, norm, norm_label, 1};
    poshan_svg_bar_chart(out, &chart);
    free(bars);
}

static void judgement_cell(poshan_buf *out, int meets, double shortfall, const char *unit) {
    if (meets) poshan_buf_puts(out, "<td class=\"ok\">meets</td>");
    else poshan_buf_printf(out, "<td class=\"below\">below by %.1f %s</td>", shortfall, unit);
}

static void menu_level(poshan_buf *out, const poshan_level_result *r, const poshan_norms *norms) {
    const poshan_level_norm *norm = &norms->levels[r->level];
    poshan_buf_puts(out, "<h3>");
    poshan_buf_escape(out, norm->label);
    poshan_buf_printf(out, "</h3><p>Norms per child per meal: %g kcal and %g g protein. "
                      "Days below the energy norm: %zu of %zu; below the protein norm: %zu of %zu.</p>\n",
                      norm->energy_kcal, norm->protein_g, r->days_below_energy, r->ndays,
                      r->days_below_protein, r->ndays);
    char title[160];
    snprintf(title, sizeof title, "Energy per child, %s", norm->label);
    nutrient_chart(out, title, "kcal", r, POSHAN_ENERGY_KCAL, norm->energy_kcal);
    snprintf(title, sizeof title, "Protein per child, %s", norm->label);
    nutrient_chart(out, title, "g", r, POSHAN_PROTEIN_G, norm->protein_g);
    poshan_buf_puts(out, "<table><tr><th>day</th><th>energy kcal</th><th>protein g</th>"
                         "<th>iron mg</th><th>calcium mg</th><th>energy</th><th>protein</th></tr>\n");
    for (size_t d = 0; d <= r->ndays; d++) {
        const poshan_meal *m = d < r->ndays ? &r->days[d].total : &r->week;
        const poshan_judgement *j = d < r->ndays ? &r->days[d].judged : &r->week_judged;
        poshan_buf_puts(out, "<tr><td>");
        poshan_buf_escape(out, d < r->ndays ? r->days[d].day : "week average");
        poshan_buf_printf(out, "</td><td class=\"n\">%.1f</td><td class=\"n\">%.1f</td><td class=\"n\">%.2f</td>"
                          "<td class=\"n\">%.1f</td>", m->nutrient[POSHAN_ENERGY_KCAL],
                          m->nutrient[POSHAN_PROTEIN_G], m->nutrient[POSHAN_IRON_MG],
                          m->nutrient[POSHAN_CALCIUM_MG]);
        judgement_cell(out, j->meets_energy, j->energy_shortfall_kcal, "kcal");
        judgement_cell(out, j->meets_protein, j->protein_shortfall_g, "g");
        poshan_buf_puts(out, "</tr>\n");
    }
    poshan_buf_puts(out, "</table>\n");
}

void poshan_report_menu(poshan_buf *out, const poshan_menu *menu, const poshan_level_result *results,
                        size_t nlevels, const poshan_norms *norms) {
    poshan_buf_puts(out, "<section class=\"menu\"><h2>Menu: ");
    poshan_buf_escape(out, menu->name);
    poshan_buf_puts(out, "</h2>\n<p>What one child gets from each day's meal, from the raw quantities "
                         "and IFCT 2017. Red bars fall short of the norm; the number above them is the "
                         "shortfall.</p>\n");
    for (size_t L = 0; L < nlevels; L++) menu_level(out, &results[L], norms);
    poshan_buf_puts(out, "</section>\n");
}
