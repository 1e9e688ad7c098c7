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

#include "grow.h"
#include "i18n.h"
#include "svg.h"

/* Names the report reads from data files and the other modules (the shipped
 * norms' labels, the levels as stored, the impact outcomes), listed here so
 * that xgettext collects them; they are translated where they are printed,
 * and a name not listed (a norms file of one's own) prints as written. */
static const char *const data_words[] __attribute__((unused)) = {
    N_("Primary (classes I-V)"), N_("Upper primary (classes VI-VIII)"),
    /* TRANSLATORS: a school level as stored with a sample */
    N_("primary"), N_("upper_primary"),
    /* TRANSLATORS: the outcome an impact estimate is of; haz, waz, baz are WHO 2007
       z-scores (height-, weight-, BMI-for-age) and stunted, thin, overweight their cut-offs */
    N_("weight"), N_("height"), N_("haz"), N_("waz"), N_("baz"), N_("stunted"), N_("thin"), N_("overweight"),
    /* TRANSLATORS: the unit of a 0/1 outcome: the share of children */
    N_("share"),
    N_("school"), N_("block"), N_("district"),
    /* TRANSLATORS: a kitchen type as stored with a sample */
    N_("centralized"),
    /* TRANSLATORS: a menu's day, as menus name them */
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday")};

/* A word of the data in the thread's language when data_words (or the
 * catalogue) has it; "" stays "" (gettext("") is the catalogue's header). */
static const char *data_word(const char *word) { return word && word[0] ? gettext(word) : word; }

/* The plural of a level the areas of a trial were chosen at ("districts"). */
static const char *levels_word(const char *level) {
    if (strcmp(level, "district") == 0) return _("districts");
    if (strcmp(level, "block") == 0) return _("blocks");
    if (strcmp(level, "school") == 0) return _("schools");
    return level;
}

static void nutrient_chart(poshan_buf *out, const char *title, const char *unit,
                           const poshan_level_result *r, poshan_nutrient n, double norm) {
    poshan_bar *bars = calloc(r->ndays + 1, sizeof *bars);
    if (bars == NULL) return;
    for (size_t d = 0; d < r->ndays; d++) {
        bars[d].label = data_word(r->days[d].day);
        bars[d].value = r->days[d].total.nutrient[n];
    }
    bars[r->ndays].label = _("week");
    bars[r->ndays].value = r->week.nutrient[n];
    char norm_label[64];
    snprintf(norm_label, sizeof norm_label, _("norm %g %s"), norm, unit);
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
    if (meets) poshan_buf_printf(out, "<td class=\"ok\">%s</td>", _("meets"));
    else {
        poshan_buf_puts(out, "<td class=\"below\">");
        poshan_buf_printf(out, _("below by %.*f %s"), poshan_svg_nonzero_decimals(shortfall, 1), shortfall, unit);
        poshan_buf_puts(out, "</td>");
    }
}

static void menu_level(poshan_buf *out, const poshan_level_result *r, const poshan_norms *norms) {
    const poshan_level_norm *norm = &norms->levels[r->level];
    poshan_buf_puts(out, "<h3>");
    const char *label = data_word(norm->label);
    poshan_buf_escape(out, label);
    poshan_buf_puts(out, "</h3><p>");
    poshan_buf_printf(out, _("Norms per child per meal: %g kcal and %g g protein. "
                             "Days below the energy norm: %zu of %zu; below the protein norm: %zu of %zu."),
                      norm->energy_kcal, norm->protein_g, r->days_below_energy, r->ndays,
                      r->days_below_protein, r->ndays);
    poshan_buf_puts(out, "</p>\n");
    char title[256];
    snprintf(title, sizeof title, _("Energy per child, %s"), label);
    nutrient_chart(out, title, "kcal", r, POSHAN_ENERGY_KCAL, norm->energy_kcal);
    snprintf(title, sizeof title, _("Protein per child, %s"), label);
    nutrient_chart(out, title, "g", r, POSHAN_PROTEIN_G, norm->protein_g);
    poshan_buf_printf(out, "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                      "<th>%s</th></tr>\n", _("day"), _("energy kcal"), _("protein g"), _("iron mg"),
                      _("calcium mg"), _("energy"), _("protein"));
    for (size_t d = 0; d <= r->ndays; d++) {
        const poshan_meal *m = d < r->ndays ? &r->days[d].total : &r->week;
        const poshan_judgement *j = d < r->ndays ? &r->days[d].judged : &r->week_judged;
        poshan_buf_puts(out, "<tr><td>");
        poshan_buf_escape(out, d < r->ndays ? data_word(r->days[d].day) : _("week average"));
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

/* The foods of the menu, each once, in the order they are first served: in a
 * Hindi report by their Devanagari name where aliases.csv has one. */
static void menu_foods(poshan_buf *out, const poshan_menu *menu) {
    const poshan_food **seen = NULL;
    size_t nseen = 0, cap = 0;
    int hindi = poshan_lang_current() == POSHAN_LANG_HI;
    poshan_buf_printf(out, "<p class=\"note\" id=\"menu-foods\">%s ", _("Foods of this menu:"));
    for (size_t d = 0; d < menu->ndays; d++)
        for (size_t k = 0; k < menu->days[d].count; k++)
            for (size_t i = 0; i < menu->days[d].dishes[k].count; i++) {
                const poshan_food *f = menu->days[d].dishes[k].ingredients[i].food;
                size_t j = 0;
                while (j < nseen && seen[j] != f) j++;
                if (j < nseen || poshan_grow((void **)&seen, &cap, nseen + 1, sizeof *seen) != 0) continue;
                seen[nseen++] = f;
                char hindi_name[128];
                const char *name = hindi ? poshan_food_hindi_name(f, hindi_name, sizeof hindi_name) : NULL;
                poshan_buf_puts(out, nseen > 1 ? "; " : "");
                poshan_buf_escape(out, name ? name : f->name);
                poshan_buf_printf(out, " (%s)", f->code);
            }
    poshan_buf_puts(out, "</p>\n");
    free(seen);
}

void poshan_report_menu(poshan_buf *out, const poshan_menu *menu, const poshan_level_result *results,
                        size_t nlevels, const poshan_norms *norms) {
    poshan_buf_printf(out, "<section class=\"menu\"><h2>%s", _("Menu: "));
    poshan_buf_escape(out, menu->name);
    poshan_buf_printf(out, "</h2>\n<p>%s</p>\n", _("What one child gets from each day's meal, from the raw "
                                                    "quantities and IFCT 2017. Red bars fall short of the norm; "
                                                    "the number above them is the shortfall."));
    menu_foods(out, menu);
    for (size_t L = 0; L < nlevels; L++) menu_level(out, &results[L], norms);
    poshan_buf_puts(out, "</section>\n");
}

/* ---- lab results ---------------------------------------------------------- */

/* "58 of 64 (90.6 %)": a share never without its count. */
static void share_text(char *buf, size_t size, size_t k, size_t n) {
    snprintf(buf, size, _("%zu of %zu (%.1f %%)"), k, n, n ? 100.0 * (double)k / (double)n : 0.0);
}

/* Per level, as the state reports it (AWP&B 2019-20, section 2.13.3): samples, mean,
 * how many at or above the norm, the outliers and the mean without them. One column
 * a level, so that the table fits the page whatever the number of levels. */
static void summary_table(poshan_buf *out, const poshan_lab_summary *s, const poshan_norms *norms) {
    poshan_buf_printf(out, "<h3>%s</h3><table id=\"lab-summary\"><tr><th></th>", _("Summary per level"));
    for (size_t i = 0; i < s->count; i++) {
        const poshan_level_norm *norm = poshan_norms_level(norms, s->groups[i].level);
        poshan_buf_puts(out, "<th>");
        poshan_buf_escape(out, norm ? data_word(norm->label) : data_word(s->groups[i].level));
        poshan_buf_puts(out, "</th>");
    }
    poshan_buf_printf(out, "</tr>\n<tr><td>%s</td>", _("samples"));
    for (size_t i = 0; i < s->count; i++) poshan_buf_printf(out, "<td class=\"n\">%zu</td>", s->groups[i].n);
    poshan_buf_puts(out, "</tr>\n");
    static const char *const what[] = {N_("energy, kcal per serving"), N_("protein, g per serving")};
    for (int k = 0; k < 2; k++) {
        static const char *const rows[] = {N_("mean"), N_("norm"), N_("at or above the norm"), N_("outliers"),
                                           N_("mean without the outliers")};
        for (int r = 0; r < 5; r++) {
            poshan_buf_printf(out, "<tr><td>%s: %s</td>", _(what[k]), _(rows[r]));
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
    poshan_buf_puts(out, "</table><p class=\"note\">");
    poshan_buf_printf(out, _("Outliers: more than %g scaled median absolute deviations from the level's median "
                             "(Iglewicz and Hoaglin's modified z-score), as <code>poshan lab summary</code> finds "
                             "them."), POSHAN_LAB_OUTLIER_MADS);
    poshan_buf_puts(out, "</p>\n");
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
            bars[i] = (poshan_bar){by_kitchen ? data_word(rows[i].key) : rows[i].key, 100.0 * (double)k / (double)rows[i].samples, rows[i].text};
        }
        static const char *const titles[2][2] = {
            {N_("%s: share of samples below the energy norm, by district"),
             N_("%s: share of samples below the protein norm, by district")},
            {N_("%s: share of samples below the energy norm, by kitchen"),
             N_("%s: share of samples below the protein norm, by kitchen")}};
        char title[320];
        snprintf(title, sizeof title, _(titles[by_kitchen][protein]), data_word(norm->label));
        /* xgettext:no-c-format */
        const char *unit = _("% of the samples below the norm (samples below of all)");
        poshan_bar_chart chart = {.title = title, .unit = unit,
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
        poshan_buf_escape(out, data_word(norm->label));
        poshan_buf_printf(out, _(": %zu samples"), m);
        poshan_buf_puts(out, "</h3>\n");
        char title[256];
        snprintf(title, sizeof title, _("Energy of the samples, %s (norm %g kcal)"), data_word(norm->label), norm->energy_kcal);
        poshan_svg_histogram(out, title, _("kcal per serving"), energy, m, 50, norm->energy_kcal);
        snprintf(title, sizeof title, _("Protein of the samples, %s (norm %g g)"), data_word(norm->label), norm->protein_g);
        poshan_svg_histogram(out, title, _("g per serving"), protein, m, 2, norm->protein_g);
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
    poshan_buf_printf(out, "<h3>%s</h3><table id=\"flagged-schools\"><tr><th>UDISE</th><th>%s</th><th>%s</th>"
                      "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n", _("Flagged schools"), _("school"),
                      _("district"), _("block"), _("kitchen"), _("samples"), _("flagged"));
    size_t shown = 0;
    for (size_t r = 0; r < nrows && rows[r].flagged; r++, shown++) {
        const poshan_report_sample *f = rows[r].first;
        const char *cells[] = {f->school_udise, f->school_name, f->district, f->block, data_word(f->kitchen)};
        poshan_buf_puts(out, "<tr>");
        for (size_t c = 0; c < 5; c++) {
            poshan_buf_puts(out, c == 0 ? "<td class=\"code\">" : "<td>");   /* a code read whole, never broken */
            poshan_buf_escape(out, cells[c] ? cells[c] : "");
            poshan_buf_puts(out, "</td>");
        }
        poshan_buf_printf(out, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n", rows[r].samples,
                          rows[r].flagged);
    }
    poshan_buf_puts(out, "</table><p>");
    poshan_buf_printf(out, _("%zu of %zu schools sampled have a flagged sample."), shown, nrows);
    poshan_buf_puts(out, "</p>\n");
    free(rows);
}

static void flagged_samples(poshan_buf *out, const poshan_report_sample *s, size_t n, const poshan_norms *norms) {
    poshan_buf_printf(out, "<h3>%s</h3><table id=\"flagged-samples\"><tr><th>%s</th><th>UDISE</th><th>%s</th>"
                      "<th>%s</th><th>%s</th><th>%s</th></tr>\n", _("Flagged samples"), _("sample"), _("level"),
                      _("energy kcal"), _("protein g"), _("finding"));
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
        const char *sep = "";   /* "; " between findings, none after the last */
        if (low_e) {
            poshan_buf_printf(out, _("energy %.*f kcal short"), poshan_svg_nonzero_decimals(short_e, 1), short_e);
            sep = "; ";
        }
        if (low_p) {
            poshan_buf_puts(out, sep);
            poshan_buf_printf(out, _("protein %.*f g short"), poshan_svg_nonzero_decimals(short_p, 1), short_p);
            sep = "; ";
        }
        if (s[i].contaminated) {
            poshan_buf_puts(out, sep);
            poshan_buf_puts(out, _("microbial contamination"));
        }
        poshan_buf_puts(out, "</td></tr>\n");
    }
    poshan_buf_puts(out, "</table><p>");
    poshan_buf_printf(out, _("%zu of %zu samples flagged."), flagged, n);
    poshan_buf_puts(out, "</p>\n");
}

void poshan_report_lab(poshan_buf *out, const poshan_report_sample *samples, size_t n,
                       const poshan_norms *norms, const poshan_lab_summary *summary) {
    poshan_buf_printf(out, "<section class=\"lab\"><h2>%s</h2>\n<p>%s</p>\n", _("Lab results of cooked-meal samples"),
                      _("The summary the state reports, then per level the distribution of the samples (red bins "
                        "lie wholly below the norm), the share of samples under each norm by district and by "
                        "kitchen type with the number of samples, and every flagged school and sample."));
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
    poshan_buf_printf(out, "<section class=\"plans\"><h2>%s</h2>\n", _("Interventions side by side"));
    plan_chart(out, plans, n, _("Cost per child covered per year"), _("Rs a child a year"),
               offsetof(poshan_report_plan, cost_rs_per_child_year), 2, 0);
    plan_chart(out, plans, n, _("Protein added per child on a serving day"), _("g a serving day"),
               offsetof(poshan_report_plan, protein_g_per_serving), 2, 1);
    plan_chart(out, plans, n, _("Energy added per child on a serving day"), _("kcal a serving day"),
               offsetof(poshan_report_plan, energy_kcal_per_serving), 1, 1);
    plan_chart(out, plans, n, _("Rupees per gram of protein added"), _("Rs a gram of protein"),
               offsetof(poshan_report_plan, rs_per_g_protein), 2, 1);
    poshan_buf_printf(out, "<table id=\"plans\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                      "<th>%s</th></tr>\n", _("intervention and level"), _("Rs per child per year"),
                      _("kcal per serving"), _("protein g per serving"), _("Rs per g protein"),
                      _("the level's cost, Rs lakh"));
    for (size_t i = 0; i < n; i++) {
        poshan_buf_puts(out, "<tr><td>");
        poshan_buf_escape(out, plans[i].name);
        poshan_buf_printf(out, "</td><td class=\"n\">%.2f</td>", plans[i].cost_rs_per_child_year);
        if (plans[i].serves_food)
            poshan_buf_printf(out, "<td class=\"n\">%.1f</td><td class=\"n\">%.2f</td><td class=\"n\">%.2f</td>",
                              plans[i].energy_kcal_per_serving, plans[i].protein_g_per_serving,
                              plans[i].rs_per_g_protein);
        else
            poshan_buf_printf(out, "<td colspan=\"3\">%s</td>", _("nothing served"));
        poshan_buf_printf(out, "<td class=\"n\">%.2f</td></tr>\n", plans[i].cost_lakh);
    }
    poshan_buf_printf(out, "</table><p class=\"note\">%s</p></section>\n",
                      _("Each row is one level of one budget, with that level's own cost: a plan's levels add up "
                        "to its total (to rounding). Where a plan has two budgets (as the text says, as the table "
                        "implies), they are alternatives: add one of them."));
}

/* ---- impact ------------------------------------------------------------------- */

/* A p-value as printed: never 0.0000. */
static void p_text(char *buf, size_t size, double p) {
    if (p < 0.0001) snprintf(buf, size, "&lt; 0.0001");
    else snprintf(buf, size, "%.4f", p);
}

/* An interval's end: the wild bootstrap's is unbounded when the data reject no effect size. */
static void bound_text(char *buf, size_t size, double v, int decimals) {
    if (isinf(v)) snprintf(buf, size, v > 0 ? "%s" : "&#8722;%s", _("unbounded"));
    else snprintf(buf, size, "%.*f", decimals, v);
}

/* What the result says, in words a committee member reads without statistics. */
static void impact_reading(poshan_buf *out, const poshan_report_impact *m) {
    /* a share (stunted, thin: a 0/1 outcome) reads in percentage points of children */
    int share = strcmp(m->unit, "share") == 0;
    double k = share ? 100.0 : 1.0;
    const char *unit = share ? _("percentage points") : m->unit, *areas = levels_word(m->unit_level);
    double change_t = k * (m->mean[1][1] - m->mean[1][0]), change_c = k * (m->mean[0][1] - m->mean[0][0]);
    char wild[32], ri[32], low[32], high[32];
    bound_text(low, sizeof low, k * m->wild_low, 2);
    bound_text(high, sizeof high, k * m->wild_high, 2);
    p_text(wild, sizeof wild, m->wild_p);
    p_text(ri, sizeof ri, m->randomization_p);
    poshan_buf title = {0};
    poshan_buf_escape(&title, data_word(m->title));
    poshan_buf_puts(out, "<div class=\"reading\" id=\"impact-reading\"><p>");
    /* TRANSLATORS: %1$s the outcome (weight), %2$s "rose" or "fell", %3$.2f and %4$s the change in the
       treated areas and its unit, %5$s the areas (districts); %6$s to %9$s the same for the comparison
       areas; %10$+.2f and %11$s the effect and its unit */
    poshan_buf_printf(out, share ? _("Between the baseline and the endline, the share of children %s %s by %.2f %s "
                                     "in the treated %s and %s by %.2f %s in the comparison %s. The estimated effect "
                                     "of the intervention (the difference of the two changes) is %+.2f %s.")
                                 : _("Between the baseline and the endline, the children's mean %s %s by %.2f %s "
                                     "in the treated %s and %s by %.2f %s in the comparison %s. The estimated effect "
                                     "of the intervention (the difference of the two changes) is %+.2f %s."),
                      title.data ? title.data : "", change_t >= 0 ? _("rose") : _("fell"), fabs(change_t), unit,
                      areas, change_c >= 0 ? _("rose") : _("fell"), fabs(change_c), unit, areas, k * m->estimate,
                      unit);
    poshan_buf_free(&title);
    poshan_buf_puts(out, "</p>\n<p>");
    int wild_sure = m->wild_p < 0.05, ri_sure = m->randomization_p < 0.05;
    if (wild_sure && ri_sure)
        poshan_buf_printf(out, _("A difference this large would seldom arise by chance: both the wild bootstrap "
                                 "(p = %s) and re-assigning the treatment among the %s (p = %s) say so at the 5 %% "
                                 "level. The effect lies, with 95 %% confidence, between %s and %s %s."),
                          wild, areas, ri, low, high, unit);
    else if (!wild_sure && !ri_sure)
        poshan_buf_printf(out, _("The data cannot tell this difference from chance: neither the wild bootstrap "
                                 "(p = %s) nor re-assigning the treatment among the %s (p = %s) is below 5 %%. The "
                                 "effect could be anything from %s to %s %s (wild bootstrap, 95 %%), no effect "
                                 "included."), wild, areas, ri, low, high, unit);
    else
        poshan_buf_printf(out, _("The two tests disagree: the wild bootstrap gives p = %s, re-assigning the "
                                 "treatment among the %s p = %s. With so few %s, treat the effect as not shown."),
                          wild, areas, ri, areas);
    poshan_buf_puts(out, "</p>\n");
    if (m->assignments_exact && m->assignments > 0) {
        poshan_buf_puts(out, "<p>");
        poshan_buf_printf(out, _("With %zu treated and %zu comparison %s there are only %ld ways to choose the "
                                 "treated ones, so re-assigning cannot give a p-value below 1/%ld = %.4f, however "
                                 "large the effect."), m->treated_units, m->control_units, areas, m->assignments,
                          m->assignments, 1.0 / (double)m->assignments);
        poshan_buf_puts(out, "</p>\n");
    }
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
    static const char *const arm[2] = {N_("comparison"), N_("treated")},
                             *const round_name[2] = {N_("baseline"), N_("endline")};
    const char *areas = levels_word(m->unit_level), *unit = data_word(m->unit);
    poshan_buf_printf(out, "<section class=\"impact\"><h2>%s", _("Impact: "));
    poshan_buf_escape(out, data_word(m->title));
    poshan_buf_puts(out, "</h2>\n<table id=\"impact-design\">");
    /* the treated and the comparison areas, named whole (Hindi does not make them from "area" + "s") */
    int block = strcmp(m->unit_level, "block") == 0;
    design_row(out, block ? _("treated blocks") : _("treated districts"), m->treated);
    design_row(out, block ? _("comparison blocks") : _("comparison districts"), m->control);
    poshan_buf_printf(out, "<tr><th>%s</th><td>", _("standard errors clustered by"));
    poshan_buf_escape(out, data_word(m->cluster_level));
    poshan_buf_printf(out, _(" (%zu clusters)"), m->clusters);
    if (strcmp(m->cluster_level, m->unit_level) != 0 && strcmp(m->cluster_level, "school") == 0)
        poshan_buf_puts(out, _(", finer than the level treatment was assigned at: the clustered interval is too "
                               "narrow; read the wild bootstrap"));
    poshan_buf_puts(out, "</td></tr></table>\n");
    if (m->treated_units < 5 || m->control_units < 5) {
        poshan_buf_puts(out, "<p class=\"below\">");
        poshan_buf_printf(out, _("Only %zu treated and %zu comparison %s: ordinary clustered intervals mislead "
                                 "with so few; read the wild bootstrap and randomization results."),
                          m->treated_units, m->control_units, areas);
        poshan_buf_puts(out, "</p>\n");
    }
    impact_reading(out, m);
    poshan_interval means[4];
    char labels[4][96];
    for (int a = 0; a < 2; a++)
        for (int r = 0; r < 2; r++) {
            int k = a * 2 + r;
            /* TRANSLATORS: an arm (treated, comparison) and a survey round (baseline, endline) */
            snprintf(labels[k], sizeof labels[k], _("%s, %s"), _(arm[a]), _(round_name[r]));
            means[k] = (poshan_interval){labels[k], m->mean[a][r], m->mean_low[a][r], m->mean_high[a][r]};
        }
    char title[256];
    snprintf(title, sizeof title, _("Means by arm and round, with 95%% intervals (%s)"), unit);
    poshan_svg_interval_chart(out, title, unit, means, 4, NAN); /* no "no effect" line for means */
    const poshan_interval effect[2] = {
        {_("clustered (CR1)"), m->estimate, m->cluster_low, m->cluster_high},
        {_("wild bootstrap"), m->estimate, m->wild_low, m->wild_high}};
    snprintf(title, sizeof title, _("Difference-in-differences estimate, 95%% intervals (%s)"), unit);
    int wild_bounded = isfinite(m->wild_low) && isfinite(m->wild_high);
    poshan_svg_interval_chart(out, title, unit, effect, wild_bounded ? 2 : 1, 0); /* an unbounded one cannot be drawn */
    char cp[32], wp[32], rp[32], wl[32], wh[32];
    bound_text(wl, sizeof wl, m->wild_low, 3);
    bound_text(wh, sizeof wh, m->wild_high, 3);
    p_text(cp, sizeof cp, m->cluster_p);
    p_text(wp, sizeof wp, m->wild_p);
    p_text(rp, sizeof rp, m->randomization_p);
    poshan_buf_puts(out, "<table><tr><th>");
    poshan_buf_printf(out, _("estimate (%s)"), unit);
    poshan_buf_printf(out, "</th><th>%s</th><th>p</th><th>%s</th><th>p</th><th>%s</th></tr>"
                      "<tr><td class=\"n\">%.3f</td><td class=\"n\">[%.3f, %.3f]</td><td class=\"n\">%s</td>"
                      "<td class=\"n\">[%s, %s]</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>"
                      "</table></section>\n",
                      /* xgettext:no-c-format */
                      _("clustered 95% CI"),
                      /* xgettext:no-c-format */
                      _("wild bootstrap 95% CI"),
                      _("randomization p"), m->estimate, m->cluster_low, m->cluster_high, cp, wl, wh, wp, rp);
}
