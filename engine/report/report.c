/* report.c: the HTML report's sections (see report.h; the title page is
 * report_title.c). Everything a reader needs is in the one file: it must open
 * offline, print on A4, and be readable without running any script. Every
 * number beside a verdict is printed with the digits that show the verdict
 * (svg.h: poshan_svg_judged_decimals), and every share with its count. */
#include "report.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

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
    poshan_bar_chart chart = {.title = title, .unit = unit, .bars = bars, .nbars = r->ndays + 1, .norm = norm,
                              .norm_label = norm_label, .mark_below_norm = 1, .decimals = 1};
    poshan_svg_bar_chart(out, &chart);
    free(bars);
}

/* A value in a table cell judged against norm: digits enough to show its side. */
static void judged_cell(poshan_buf *out, double value, double norm, int decimals) {
    int below = value < norm - 1e-9;
    poshan_buf_printf(out, "<td class=\"n%s\">%.*f</td>", below ? " below" : "",
                      poshan_svg_judged_decimals(value, norm, below, decimals), value);
}

static void judgement_cell(poshan_buf *out, int meets, double shortfall, const char *unit) {
    if (meets) poshan_buf_puts(out, "<td class=\"ok\">meets</td>");
    else poshan_buf_printf(out, "<td class=\"below\">below by %.*f %s</td>",
                           poshan_svg_nonzero_decimals(shortfall, 1), shortfall, unit);
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
        poshan_buf_puts(out, "</td>");
        judged_cell(out, m->nutrient[POSHAN_ENERGY_KCAL], norm->energy_kcal, 1);
        judged_cell(out, m->nutrient[POSHAN_PROTEIN_G], norm->protein_g, 1);
        poshan_buf_printf(out, "<td class=\"n\">%.2f</td><td class=\"n\">%.1f</td>", m->nutrient[POSHAN_IRON_MG],
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

/* "58 of 64 (90.6 %)": a share never without its count. */
static void share_text(char *buf, size_t size, size_t k, size_t n) {
    snprintf(buf, size, "%zu of %zu (%.1f %%)", k, n, n ? 100.0 * (double)k / (double)n : 0.0);
}

/* Per level, as the state reports it (AWP&B 2019-20, section 2.13.3): samples, mean,
 * how many at or above the norm, the outliers and the mean without them. One column
 * a level, so that the table fits the page whatever the number of levels. */
static void summary_table(poshan_buf *out, const poshan_lab_summary *s, const poshan_norms *norms) {
    poshan_buf_puts(out, "<h3>Summary per level</h3><table id=\"lab-summary\"><tr><th></th>");
    for (size_t i = 0; i < s->count; i++) {
        const poshan_level_norm *norm = poshan_norms_level(norms, s->groups[i].level);
        poshan_buf_puts(out, "<th>");
        poshan_buf_escape(out, norm ? norm->label : s->groups[i].level);
        poshan_buf_puts(out, "</th>");
    }
    poshan_buf_puts(out, "</tr>\n<tr><td>samples</td>");
    for (size_t i = 0; i < s->count; i++) poshan_buf_printf(out, "<td class=\"n\">%zu</td>", s->groups[i].n);
    poshan_buf_puts(out, "</tr>\n");
    static const char *const what[] = {"energy, kcal per serving", "protein, g per serving"};
    for (int k = 0; k < 2; k++) {
        static const char *const rows[] = {"mean", "norm", "at or above the norm", "outliers", "mean without the outliers"};
        for (int r = 0; r < 5; r++) {
            poshan_buf_printf(out, "<tr><td>%s: %s</td>", what[k], rows[r]);
            for (size_t i = 0; i < s->count; i++) {
                const poshan_lab_measure *m = k ? &s->groups[i].protein_g : &s->groups[i].energy_kcal;
                char share[64];
                share_text(share, sizeof share, m->at_or_above, s->groups[i].n);
                switch (r) {
                case 0: poshan_buf_printf(out, "<td class=\"n\">%.2f</td>", m->mean); break;
                case 1: poshan_buf_printf(out, "<td class=\"n\">%g</td>", m->norm); break;
                case 2: poshan_buf_printf(out, "<td class=\"n\">%s</td>", share); break;
                case 3: poshan_buf_printf(out, "<td class=\"n\">%zu</td>", m->outliers); break;
                default: poshan_buf_printf(out, "<td class=\"n\">%.2f</td>", m->mean_without_outliers); break;
                }
            }
            poshan_buf_puts(out, "</tr>\n");
        }
    }
    poshan_buf_printf(out, "</table><p class=\"note\">Outliers: more than %g scaled median absolute deviations "
                      "from the level's median (Iglewicz and Hoaglin's modified z-score), as <code>poshan lab "
                      "summary</code> finds them.</p>\n", POSHAN_LAB_OUTLIER_MADS);
}

typedef struct share_row {
    const char *key;
    size_t samples, below_energy, below_protein;
    char text[64];
} share_row;

static share_row *share_find(share_row *rows, size_t *n, const char *key) {
    for (size_t i = 0; i < *n; i++)
        if (strcmp(rows[i].key, key) == 0) return &rows[i];
    rows[*n].key = key;
    return &rows[(*n)++];
}

/* Per key (district or kitchen): the share of a level's samples below each norm,
 * as horizontal bars with "k of n" beside each. */
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
            size_t k = protein ? rows[i].below_protein : rows[i].below_energy;
            share_text(rows[i].text, sizeof rows[i].text, k, rows[i].samples);
            bars[i] = (poshan_bar){rows[i].key, 100.0 * (double)k / (double)rows[i].samples, rows[i].text};
        }
        char title[192];
        snprintf(title, sizeof title, "%s: share of samples below the %s norm, by %s", norm->label,
                 protein ? "protein" : "energy", by_kitchen ? "kitchen" : "district");
        poshan_bar_chart chart = {.title = title, .unit = "% of the samples below the norm (samples below of all)",
                                  .bars = bars, .nbars = nrows, .decimals = 1, .horizontal = 1};
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

static int is_flagged(const poshan_report_sample *s, const poshan_norms *norms) {
    const poshan_level_norm *norm = poshan_norms_level(norms, s->level);
    return norm && (s->energy_kcal < norm->energy_kcal || s->protein_g < norm->protein_g || s->contaminated);
}

typedef struct school_row {
    const poshan_report_sample *first;
    size_t samples, flagged;
} school_row;

static int by_flagged_then_udise(const void *a, const void *b) {
    const school_row *x = a, *y = b;
    if (x->flagged != y->flagged) return x->flagged < y->flagged ? 1 : -1;
    return strcmp(x->first->school_udise, y->first->school_udise);
}

/* Each school with a flagged sample, by its UDISE code, district and block. */
static void flagged_schools(poshan_buf *out, const poshan_report_sample *s, size_t n, const poshan_norms *norms) {
    school_row *rows = calloc(n + 1, sizeof *rows);
    if (rows == NULL) return;
    size_t nrows = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = 0;
        while (r < nrows && strcmp(rows[r].first->school_udise, s[i].school_udise) != 0) r++;
        if (r == nrows) rows[nrows++].first = &s[i];
        rows[r].samples++;
        rows[r].flagged += (size_t)is_flagged(&s[i], norms);
    }
    qsort(rows, nrows, sizeof *rows, by_flagged_then_udise);
    poshan_buf_puts(out, "<h3>Flagged schools</h3><table id=\"flagged-schools\"><tr><th>UDISE</th><th>school</th>"
                         "<th>district</th><th>block</th><th>kitchen</th><th>samples</th><th>flagged</th></tr>\n");
    size_t shown = 0;
    for (size_t r = 0; r < nrows && rows[r].flagged; r++, shown++) {
        const poshan_report_sample *f = rows[r].first;
        const char *cells[] = {f->school_udise, f->school_name, f->district, f->block, f->kitchen};
        poshan_buf_puts(out, "<tr>");
        for (size_t c = 0; c < 5; c++) {
            poshan_buf_puts(out, c == 0 ? "<td class=\"code\">" : "<td>");   /* a code read whole, never broken */
            poshan_buf_escape(out, cells[c] ? cells[c] : "");
            poshan_buf_puts(out, "</td>");
        }
        poshan_buf_printf(out, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n", rows[r].samples,
                          rows[r].flagged);
    }
    poshan_buf_printf(out, "</table><p>%zu of %zu schools sampled have a flagged sample.</p>\n", shown, nrows);
    free(rows);
}

static void flagged_samples(poshan_buf *out, const poshan_report_sample *s, size_t n, const poshan_norms *norms) {
    poshan_buf_puts(out, "<h3>Flagged samples</h3><table id=\"flagged-samples\"><tr><th>sample</th><th>UDISE</th>"
                         "<th>level</th><th>energy kcal</th><th>protein g</th><th>finding</th></tr>\n");
    size_t flagged = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_flagged(&s[i], norms)) continue;
        const poshan_level_norm *norm = poshan_norms_level(norms, s[i].level);
        int low_e = s[i].energy_kcal < norm->energy_kcal, low_p = s[i].protein_g < norm->protein_g;
        flagged++;
        poshan_buf_puts(out, "<tr><td class=\"code\">");   /* codes are read whole: never broken at a '-' or '/' */
        poshan_buf_escape(out, s[i].sample_id);
        poshan_buf_puts(out, "</td><td class=\"code\">");
        poshan_buf_escape(out, s[i].school_udise);
        poshan_buf_puts(out, "</td><td>");
        char words[64];
        poshan_buf_escape(out, poshan_level_words(s[i].level, words, sizeof words));
        poshan_buf_puts(out, "</td>");
        judged_cell(out, s[i].energy_kcal, norm->energy_kcal, 1);
        judged_cell(out, s[i].protein_g, norm->protein_g, 1);
        poshan_buf_puts(out, "<td class=\"below\">");
        double short_e = norm->energy_kcal - s[i].energy_kcal, short_p = norm->protein_g - s[i].protein_g;
        if (low_e) poshan_buf_printf(out, "energy %.*f kcal short; ", poshan_svg_nonzero_decimals(short_e, 1), short_e);
        if (low_p) poshan_buf_printf(out, "protein %.*f g short; ", poshan_svg_nonzero_decimals(short_p, 1), short_p);
        if (s[i].contaminated) poshan_buf_puts(out, "microbial contamination");
        poshan_buf_puts(out, "</td></tr>\n");
    }
    poshan_buf_printf(out, "</table><p>%zu of %zu samples flagged.</p>\n", flagged, n);
}

void poshan_report_lab(poshan_buf *out, const poshan_report_sample *samples, size_t n,
                       const poshan_norms *norms, const poshan_lab_summary *summary) {
    poshan_buf_puts(out, "<section class=\"lab\"><h2>Lab results of cooked-meal samples</h2>\n"
                         "<p>The summary the state reports, then per level the distribution of the samples "
                         "(red bins lie wholly below the norm), the share of samples under each norm by "
                         "district and by kitchen type with the number of samples, and every flagged school "
                         "and sample.</p>\n");
    if (summary) summary_table(out, summary, norms);
    for (size_t L = 0; L < norms->nlevels; L++) lab_level(out, samples, n, &norms->levels[L]);
    flagged_schools(out, samples, n, norms);
    flagged_samples(out, samples, n, norms);
    poshan_buf_puts(out, "</section>\n");
}

/* ---- interventions ---------------------------------------------------------- */

/* served_only: leave out the plans that serve nothing (a kitchen garden adds no protein). */
static void plan_chart(poshan_buf *out, const poshan_report_plan *plans, size_t n, const char *title,
                       const char *unit, size_t offset, int decimals, int served_only) {
    poshan_bar *bars = calloc(n + 1, sizeof *bars);
    if (bars == NULL) return;
    size_t nbars = 0;
    for (size_t i = 0; i < n; i++) {
        if (served_only && !plans[i].serves_food) continue;
        bars[nbars].label = plans[i].name;
        bars[nbars++].value = *(const double *)((const char *)&plans[i] + offset);
    }
    poshan_bar_chart chart = {.title = title, .unit = unit, .bars = bars, .nbars = nbars, .decimals = decimals,
                              .horizontal = 1};
    poshan_svg_bar_chart(out, &chart);
    free(bars);
}

void poshan_report_plans(poshan_buf *out, const poshan_report_plan *plans, size_t n) {
    poshan_buf_puts(out, "<section class=\"plans\"><h2>Interventions side by side</h2>\n");
    plan_chart(out, plans, n, "Cost per child covered per year", "Rs a child a year",
               offsetof(poshan_report_plan, cost_rs_per_child_year), 2, 0);
    plan_chart(out, plans, n, "Protein added per child on a serving day", "g a serving day",
               offsetof(poshan_report_plan, protein_g_per_serving), 2, 1);
    plan_chart(out, plans, n, "Energy added per child on a serving day", "kcal a serving day",
               offsetof(poshan_report_plan, energy_kcal_per_serving), 1, 1);
    plan_chart(out, plans, n, "Rupees per gram of protein added", "Rs a gram of protein",
               offsetof(poshan_report_plan, rs_per_g_protein), 2, 1);
    poshan_buf_puts(out, "<table id=\"plans\"><tr><th>intervention and level</th><th>Rs per child per year</th>"
                         "<th>kcal per serving</th><th>protein g per serving</th><th>Rs per g protein</th>"
                         "<th>the level's cost, Rs lakh</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        poshan_buf_puts(out, "<tr><td>");
        poshan_buf_escape(out, plans[i].name);
        poshan_buf_printf(out, "</td><td class=\"n\">%.2f</td>", plans[i].cost_rs_per_child_year);
        if (plans[i].serves_food)
            poshan_buf_printf(out, "<td class=\"n\">%.1f</td><td class=\"n\">%.2f</td><td class=\"n\">%.2f</td>",
                              plans[i].energy_kcal_per_serving, plans[i].protein_g_per_serving,
                              plans[i].rs_per_g_protein);
        else
            poshan_buf_puts(out, "<td colspan=\"3\">nothing served</td>");
        poshan_buf_printf(out, "<td class=\"n\">%.2f</td></tr>\n", plans[i].cost_lakh);
    }
    poshan_buf_puts(out, "</table><p class=\"note\">Each row is one level of one budget, with that level's own "
                         "cost: a plan's levels add up to its total (to rounding). Where a plan has two budgets "
                         "(as the text says, as the table implies), they are alternatives: add one of them.</p>"
                         "</section>\n");
}

/* ---- impact ------------------------------------------------------------------- */

/* A p-value as printed: never 0.0000. */
static void p_text(char *buf, size_t size, double p) {
    if (p < 0.0001) snprintf(buf, size, "&lt; 0.0001");
    else snprintf(buf, size, "%.4f", p);
}

/* An interval's end: the wild bootstrap's is unbounded when the data reject no effect size. */
static void bound_text(char *buf, size_t size, double v, int decimals) {
    if (isinf(v)) snprintf(buf, size, "%s", v > 0 ? "unbounded" : "&#8722;unbounded");
    else snprintf(buf, size, "%.*f", decimals, v);
}

/* What the result says, in words a committee member reads without statistics. */
static void impact_reading(poshan_buf *out, const poshan_report_impact *m) {
    /* a share (stunted, thin: a 0/1 outcome) reads in percentage points of children */
    int share = strcmp(m->unit, "share") == 0;
    double k = share ? 100.0 : 1.0;
    const char *unit = share ? "percentage points" : m->unit;
    double change_t = k * (m->mean[1][1] - m->mean[1][0]), change_c = k * (m->mean[0][1] - m->mean[0][0]);
    char wild[32], ri[32], low[32], high[32];
    bound_text(low, sizeof low, k * m->wild_low, 2);
    bound_text(high, sizeof high, k * m->wild_high, 2);
    p_text(wild, sizeof wild, m->wild_p);
    p_text(ri, sizeof ri, m->randomization_p);
    poshan_buf_puts(out, "<div class=\"reading\" id=\"impact-reading\"><p>Between the baseline and the endline, ");
    poshan_buf_puts(out, share ? "the share of children " : "the children's mean ");
    poshan_buf_escape(out, m->title);
    poshan_buf_printf(out, " %s by %.2f %s in the treated %ss and %s by %.2f %s in the comparison %ss. "
                      "The estimated effect of the intervention (the difference of the two changes) is %+.2f %s.</p>\n",
                      change_t >= 0 ? "rose" : "fell", fabs(change_t), unit, m->unit_level,
                      change_c >= 0 ? "rose" : "fell", fabs(change_c), unit, m->unit_level, k * m->estimate, unit);
    int wild_sure = m->wild_p < 0.05, ri_sure = m->randomization_p < 0.05;
    if (wild_sure && ri_sure)
        poshan_buf_printf(out, "<p>A difference this large would seldom arise by chance: both the wild bootstrap "
                          "(p = %s) and re-assigning the treatment among the %ss (p = %s) say so at the 5 %% level. "
                          "The effect lies, with 95 %% confidence, between %s and %s %s.</p>\n", wild, m->unit_level,
                          ri, low, high, unit);
    else if (!wild_sure && !ri_sure)
        poshan_buf_printf(out, "<p>The data cannot tell this difference from chance: neither the wild bootstrap "
                          "(p = %s) nor re-assigning the treatment among the %ss (p = %s) is below 5 %%. The effect "
                          "could be anything from %s to %s %s (wild bootstrap, 95 %%), no effect included.</p>\n",
                          wild, m->unit_level, ri, low, high, unit);
    else
        poshan_buf_printf(out, "<p>The two tests disagree: the wild bootstrap gives p = %s, re-assigning the "
                          "treatment among the %ss p = %s. With so few %ss, treat the effect as not shown.</p>\n",
                          wild, m->unit_level, ri, m->unit_level);
    if (m->assignments_exact && m->assignments > 0)
        poshan_buf_printf(out, "<p>With %zu treated and %zu comparison %ss there are only %ld ways to choose the "
                          "treated ones, so re-assigning cannot give a p-value below 1/%ld = %.4f, however large "
                          "the effect.</p>\n", m->treated_units, m->control_units, m->unit_level, m->assignments,
                          m->assignments, 1.0 / (double)m->assignments);
    poshan_buf_puts(out, "</div>\n");
}

/* <tr><th>label</th><td>value</td></tr>, both escaped. */
static void design_row(poshan_buf *out, const char *label, const char *value) {
    poshan_buf_puts(out, "<tr><th>");
    poshan_buf_escape(out, label);
    poshan_buf_puts(out, "</th><td>");
    poshan_buf_escape(out, value);
    poshan_buf_puts(out, "</td></tr>");
}

void poshan_report_impact_section(poshan_buf *out, const poshan_report_impact *m) {
    static const char *const arm[2] = {"comparison", "treated"}, *const round_name[2] = {"baseline", "endline"};
    poshan_buf_puts(out, "<section class=\"impact\"><h2>Impact: ");
    poshan_buf_escape(out, m->title);
    poshan_buf_puts(out, "</h2>\n<table id=\"impact-design\">");
    char label[64];
    snprintf(label, sizeof label, "treated %ss", m->unit_level);
    design_row(out, label, m->treated);
    snprintf(label, sizeof label, "comparison %ss", m->unit_level);
    design_row(out, label, m->control);
    poshan_buf_puts(out, "<tr><th>standard errors clustered by</th><td>");
    poshan_buf_escape(out, m->cluster_level);
    poshan_buf_printf(out, " (%zu clusters)", m->clusters);
    if (strcmp(m->cluster_level, m->unit_level) != 0 && strcmp(m->cluster_level, "school") == 0)
        poshan_buf_puts(out, ", finer than the level treatment was assigned at: the clustered interval is too "
                             "narrow; read the wild bootstrap");
    poshan_buf_puts(out, "</td></tr></table>\n");
    if (m->treated_units < 5 || m->control_units < 5)
        poshan_buf_printf(out, "<p class=\"below\">Only %zu treated and %zu comparison %ss: ordinary "
                          "clustered intervals mislead with so few; read the wild bootstrap and "
                          "randomization results.</p>\n", m->treated_units, m->control_units, m->unit_level);
    impact_reading(out, m);
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
    int wild_bounded = isfinite(m->wild_low) && isfinite(m->wild_high);
    poshan_svg_interval_chart(out, title, m->unit, effect, wild_bounded ? 2 : 1, 0); /* an unbounded one cannot be drawn */
    char cp[32], wp[32], rp[32], wl[32], wh[32];
    bound_text(wl, sizeof wl, m->wild_low, 3);
    bound_text(wh, sizeof wh, m->wild_high, 3);
    p_text(cp, sizeof cp, m->cluster_p);
    p_text(wp, sizeof wp, m->wild_p);
    p_text(rp, sizeof rp, m->randomization_p);
    poshan_buf_printf(out, "<table><tr><th>estimate (%s)</th><th>clustered 95%% CI</th><th>p</th>"
                      "<th>wild bootstrap 95%% CI</th><th>p</th><th>randomization p</th></tr>"
                      "<tr><td class=\"n\">%.3f</td><td class=\"n\">[%.3f, %.3f]</td><td class=\"n\">%s</td>"
                      "<td class=\"n\">[%s, %s]</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>"
                      "</table></section>\n", m->unit, m->estimate, m->cluster_low, m->cluster_high, cp,
                      wl, wh, wp, rp);
}
