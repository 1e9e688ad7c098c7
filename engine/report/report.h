/* report.h: one self-contained HTML report (inline CSS and SVG, no script, A4).
 * Each section is built from the same library results the command line prints. */
#ifndef POSHAN_REPORT_H
#define POSHAN_REPORT_H

#include "buf.h"
#include "lab_flags.h"
#include "menu.h"
#include "norms.h"

void poshan_report_begin(poshan_buf *out, const char *title);
void poshan_report_end(poshan_buf *out);

/* A menu: energy and protein per day against the norm, per level, shortfalls
 * marked; results[i] is the evaluation for norms level i (nlevels of them). */
void poshan_report_menu(poshan_buf *out, const poshan_menu *menu, const poshan_level_result *results,
                        size_t nlevels, const poshan_norms *norms);

/* One lab sample as the report needs it (the lab store fills these). */
typedef struct poshan_report_sample {
    const char *sample_id, *lab, *school_udise, *school_name, *district, *kitchen, *level;
    double energy_kcal, protein_g;
    int contaminated;        /* E. coli present or counts above the limits */
} poshan_report_sample;

/* Lab results: per level the distribution of energy and protein with the norm
 * drawn in; the share of samples below each norm by district and by kitchen
 * type; the flagged samples (below a norm or contaminated) as a table. */
void poshan_report_lab(poshan_buf *out, const poshan_report_sample *samples, size_t n,
                       const poshan_norms *norms);

/* The lab section from every sample in the results store (latest revisions),
 * contamination judged as `poshan lab flags` judges it with these limits. */
poshan_status poshan_report_lab_store(poshan_buf *out, poshan_store *store, const poshan_norms *norms,
                                      const poshan_lab_limits *limits, poshan_error *err);

/* One intervention as the report compares them (the plan module fills these). */
typedef struct poshan_report_plan {
    const char *name;
    double cost_rs_per_child_year;    /* per child covered */
    double energy_kcal_per_serving;   /* added per child on a serving day */
    double protein_g_per_serving;
    double rs_per_g_protein;
    double total_lakh;
} poshan_report_plan;

/* Interventions side by side: cost per child per year, energy and protein added
 * per serving, rupees per gram of protein, with a table of the same numbers. */
void poshan_report_plans(poshan_buf *out, const poshan_report_plan *plans, size_t n);

/* An impact estimate as the report draws it (the impact module fills this). */
typedef struct poshan_report_impact {
    const char *title;        /* "Soy milk: weight" */
    const char *unit;         /* "kg" */
    /* means by arm (0 control, 1 treated) and round (0 baseline, 1 endline), with 95 % intervals */
    double mean[2][2], mean_low[2][2], mean_high[2][2];
    double estimate;
    double cluster_low, cluster_high, cluster_p;   /* CR1, t(G-1) */
    double wild_low, wild_high, wild_p;            /* wild cluster bootstrap-t */
    double randomization_p;
    size_t treated_units, control_units;
} poshan_report_impact;

void poshan_report_impact_section(poshan_buf *out, const poshan_report_impact *impact);

#endif
