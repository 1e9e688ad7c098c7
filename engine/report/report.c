/* report.c: the HTML report's page and sections (see report.h).
 * Everything a reader needs is in the one file: it must open offline, print
 * on A4, and be readable without running any script. */
#include "report.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- lab results ---------------------------------------------------------- */

typedef struct share_row {
    const char *key;
    size_t samples, below_energy, below_protein;
} share_row;

static share_row *share_find(share_row *rows, size_t *n, const char *key) {
    for (size_t i = 0; i < *n; i++)
        if (strcmp(rows[i].key, key) == 0) return &rows[i];
    rows[*n].key = key;
    return &rows[(*n)++];
}

/* Per key (district or kitchen): the share of a level's samples below each norm. */
static void share_charts(poshan_buf *out, const poshan_report_sample *s, size_t n,
                         const poshan_level_norm *norm, int by_kitchen) {
    share_row *rows = calloc(n + 1, sizeof *rows);
    poshan_bar *bars = calloc(n + 1, sizeof *bars);
    if (rows == NULL || bars == NULL) { free(rows); free(bars); return; }
    size_t nrows = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s[i].level, norm->name) != 0) continue;
        share_row *r = share_find(rows, &nrows, by_kitchen ? s[i].kitchen : s[i].district);
        r->samples++;
        r->below_energy += s[i].energy_kcal < norm->energy_kcal;
        r->below_protein += s[i].protein_g < norm->protein_g;
    }
    for (int protein = 0; protein <= 1 && nrows; protein++) {
        for (size_t i = 0; i < nrows; i++) {
            bars[i].label = rows[i].key;
            bars[i].value = 100.0 * (double)(protein ? rows[i].below_protein : rows[i].below_energy) /
                            (double)rows[i].samples;
        }
        char title[192];
        snprintf(title, sizeof title, "%s: share of samples below the %s norm, by %s", norm->label,
                 protein ? "protein" : "energy", by_kitchen ? "kitchen" : "district");
        poshan_bar_chart chart = {title, "% of samples", bars, nrows, 0, NULL, 0};
        poshan_svg_bar_chart(out, &chart);
    }
    free(rows);
    free(bars);
}

static void lab_level(poshan_buf *out, const poshan_report_sample *s, size_t n, const poshan_level_norm *norm) {
    double *energy = malloc((n + 1) * sizeof *energy), *protein = malloc((n + 1) * sizeof *protein);
    size_t m = 0;
    for (size_t i = 0; energy && protein && i < n; i++) {
        if (strcmp(s[i].level, norm->name) != 0) continue;
        energy[m] = s[i].energy_kcal;
        protein[m++] = s[i].protein_g;
    }
    if (m > 0) {
        poshan_buf_puts(out, "<h3>");
        poshan_buf_escape(out, norm->label);
        poshan_buf_printf(out, ": %zu samples</h3>\n", m);
        char title[160];
        snprintf(title, sizeof title, "Energy of the samples, %s (norm %g kcal)", norm->label, norm->energy_kcal);
        poshan_svg_histogram(out, title, "kcal per serving", energy, m, 50, norm->energy_kcal);
        snprintf(title, sizeof title, "Protein of the samples, %s (norm %g g)", norm->label, norm->protein_g);
        poshan_svg_histogram(out, title, "g per serving", protein, m, 2, norm->protein_g);
        share_charts(out, s, n, norm, 0);
        share_charts(out, s, n, norm, 1);
    }
    free(energy);
    free(protein);
}

static void flagged_table(poshan_buf *out, const poshan_report_sample *s, size_t n, const poshan_norms *norms) {
    poshan_buf_puts(out, "<h3>Flagged samples</h3><table><tr><th>school</th><th>district</th>"
                         "<th>kitchen</th><th>level</th><th>energy kcal</th><th>protein g</th>"
                         "<th>finding</th></tr>\n");
    size_t flagged = 0;
    for (size_t i = 0; i < n; i++) {
        const poshan_level_norm *norm = poshan_norms_level(norms, s[i].level);
        if (norm == NULL) continue;
        int low_e = s[i].energy_kcal < norm->energy_kcal, low_p = s[i].protein_g < norm->protein_g;
        if (!low_e && !low_p && !s[i].contaminated) continue;
        flagged++;
        poshan_buf_puts(out, "<tr><td>");
        poshan_buf_escape(out, s[i].school_name && s[i].school_name[0] ? s[i].school_name : s[i].school_udise);
        poshan_buf_puts(out, "</td><td>");
        poshan_buf_escape(out, s[i].district);
        poshan_buf_puts(out, "</td><td>");
        poshan_buf_escape(out, s[i].kitchen);
        poshan_buf_puts(out, "</td><td>");
        poshan_buf_escape(out, s[i].level);
        poshan_buf_printf(out, "</td><td class=\"n%s\">%.1f</td><td class=\"n%s\">%.1f</td><td class=\"below\">",
                          low_e ? " below" : "", s[i].energy_kcal, low_p ? " below" : "", s[i].protein_g);
        if (low_e) poshan_buf_printf(out, "energy %.1f kcal short; ", norm->energy_kcal - s[i].energy_kcal);
        if (low_p) poshan_buf_printf(out, "protein %.1f g short; ", norm->protein_g - s[i].protein_g);
        if (s[i].contaminated) poshan_buf_puts(out, "microbial contamination");
        poshan_buf_puts(out, "</td></tr>\n");
    }
    poshan_buf_printf(out, "</table><p>%zu of %zu samples flagged.</p>\n", flagged, n);
}

void poshan_report_lab(poshan_buf *out, const poshan_report_sample *samples, size_t n,
                       const poshan_norms *norms) {
    poshan_buf_puts(out, "<section class=\"lab\"><h2>Lab results of cooked-meal samples</h2>\n"
                         "<p>Red bins lie wholly below the norm. Below: the share of samples under each "
                         "norm, by district and by kitchen type, and every flagged sample.</p>\n");
    for (size_t L = 0; L < norms->nlevels; L++) lab_level(out, samples, n, &norms->levels[L]);
    flagged_table(out, samples, n, norms);
    poshan_buf_puts(out, "</section>\n");
}

/* ---- interventions ---------------------------------------------------------- */

static void plan_chart(poshan_buf *out, const poshan_report_plan *plans, size_t n, const char *title,
                       const char *unit, size_t offset) {
    poshan_bar *bars = calloc(n + 1, sizeof *bars);
    if (bars == NULL) return;
    for (size_t i = 0; i < n; i++) {
        bars[i].label = plans[i].name;
        bars[i].value = *(const double *)((const char *)&plans[i] + offset);
    }
    poshan_bar_chart chart = {title, unit, bars, n, 0, NULL, 0};
    poshan_svg_bar_chart(out, &chart);
    free(bars);
}

void poshan_report_plans(poshan_buf *out, const poshan_report_plan *plans, size_t n) {
    poshan_buf_puts(out, "<section class=\"plans\"><h2>Interventions side by side</h2>\n");
    plan_chart(out, plans, n, "Cost per child covered per year", "Rs",
               offsetof(poshan_report_plan, cost_rs_per_child_year));
    plan_chart(out, plans, n, "Protein added per child on a serving day", "g",
               offsetof(poshan_report_plan, protein_g_per_serving));
    plan_chart(out, plans, n, "Energy added per child on a serving day", "kcal",
               offsetof(poshan_report_plan, energy_kcal_per_serving));
    plan_chart(out, plans, n, "Rupees per gram of protein added", "Rs/g",
               offsetof(poshan_report_plan, rs_per_g_protein));
    poshan_buf_puts(out, "<table><tr><th>intervention</th><th>Rs per child per year</th>"
                         "<th>kcal per serving</th><th>protein g per serving</th><th>Rs per g protein</th>"
                         "<th>total Rs lakh</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        poshan_buf_puts(out, "<tr><td>");
        poshan_buf_escape(out, plans[i].name);
        poshan_buf_printf(out, "</td><td class=\"n\">%.2f</td><td class=\"n\">%.1f</td><td class=\"n\">%.2f</td>"
                          "<td class=\"n\">%.2f</td><td class=\"n\">%.2f</td></tr>\n",
                          plans[i].cost_rs_per_child_year, plans[i].energy_kcal_per_serving,
                          plans[i].protein_g_per_serving, plans[i].rs_per_g_protein, plans[i].total_lakh);
    }
    poshan_buf_puts(out, "</table></section>\n");
}

/* ---- impact ------------------------------------------------------------------- */

void poshan_report_impact_section(poshan_buf *out, const poshan_report_impact *m) {
    static const char *const arm[2] = {"control", "treated"}, *const round_name[2] = {"baseline", "endline"};
    poshan_buf_puts(out, "<section class=\"impact\"><h2>Impact: ");
    poshan_buf_escape(out, m->title);
    poshan_buf_puts(out, "</h2>\n");
    if (m->treated_units < 5 || m->control_units < 5)
        poshan_buf_printf(out, "<p class=\"below\">Only %zu treated and %zu control units: ordinary "
                          "clustered intervals mislead with so few; read the wild bootstrap and "
                          "randomization results.</p>\n", m->treated_units, m->control_units);
    poshan_interval means[4];
    char labels[4][32];
    for (int a = 0; a < 2; a++)
        for (int r = 0; r < 2; r++) {
            int k = a * 2 + r;
            snprintf(labels[k], sizeof labels[k], "%s, %s", arm[a], round_name[r]);
            means[k] = (poshan_interval){labels[k], m->mean[a][r], m->mean_low[a][r], m->mean_high[a][r]};
        }
    char title[192];
    snprintf(title, sizeof title, "Means by arm and round, with 95%% intervals (%s)", m->unit);
    poshan_svg_interval_chart(out, title, m->unit, means, 4, NAN); /* no "no effect" line for means */
    const poshan_interval effect[2] = {
        {"clustered (CR1)", m->estimate, m->cluster_low, m->cluster_high},
        {"wild bootstrap", m->estimate, m->wild_low, m->wild_high}};
    snprintf(title, sizeof title, "Difference-in-differences estimate, 95%% intervals (%s)", m->unit);
    poshan_svg_interval_chart(out, title, m->unit, effect, 2, 0);
    poshan_buf_printf(out, "<table><tr><th>estimate</th><th>clustered 95%% CI</th><th>p</th>"
                      "<th>wild bootstrap 95%% CI</th><th>p</th><th>randomization p</th></tr>"
                      "<tr><td class=\"n\">%.3f</td><td class=\"n\">[%.3f, %.3f]</td><td class=\"n\">%.4f</td>"
                      "<td class=\"n\">[%.3f, %.3f]</td><td class=\"n\">%.4f</td><td class=\"n\">%.4f</td></tr>"
                      "</table></section>\n", m->estimate, m->cluster_low, m->cluster_high, m->cluster_p,
                      m->wild_low, m->wild_high, m->wild_p, m->randomization_p);
}
