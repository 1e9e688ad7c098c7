/* report.h: one self-contained HTML report (inline CSS and SVG, no script, A4)
 * that a committee can file: a title page saying when and from what it was
 * made, then one section per kind of input. Each section is built from the
 * same library results the command line prints. */
#ifndef POSHAN_REPORT_H
#define POSHAN_REPORT_H

#include <time.h>

#include "buf.h"
#include "lab_flags.h"
#include "lab_summary.h"
#include "menu.h"
#include "norms.h"

/* ---- the title page: when, from what, for which period ----------------------- */

/* One file the report was made from. */
typedef struct poshan_report_source {
    char what[160];           /* "menu", "lab results database", "lab file, ingested" */
    char path[1024];
    char sha256[65];          /* lower-case hex */
    long long bytes;          /* -1 when the file itself was not read (its hash is the one recorded) */
    char note[512];           /* "ingested 2026-11-30T10:00:00Z by asha, 94 rows" */
} poshan_report_source;

#define POSHAN_REPORT_MAX_SOURCES 64
#define POSHAN_REPORT_MAX_PERIODS 8

typedef struct poshan_report_meta {
    char title[256];
    char version[32];
    char made_at[64];         /* "2026-12-01 04:50 UTC" (in Hindi "1 दिसंबर 2026 04:50 UTC") */
    char periods[POSHAN_REPORT_MAX_PERIODS][640];   /* what each input covers, in words */
    size_t nperiods;
    poshan_report_source sources[POSHAN_REPORT_MAX_SOURCES];
    size_t nsources;
    size_t sources_left_out;  /* beyond POSHAN_REPORT_MAX_SOURCES */
} poshan_report_meta;

void poshan_report_meta_init(poshan_report_meta *meta, const char *title, const char *version, time_t made);
/* Reads the file and adds it with its SHA-256 (OpenSSL) and size. */
poshan_status poshan_report_add_file(poshan_report_meta *meta, const char *what, const char *path,
                                     const char *note, poshan_error *err);
/* Adds a file known by the hash recorded when it was read (an ingested lab file). */
void poshan_report_add_source(poshan_report_meta *meta, const char *what, const char *path,
                              const char *sha256, const char *note);
void poshan_report_add_period(poshan_report_meta *meta, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The page's head and the title page; then the sections; then the end. */
void poshan_report_begin(poshan_buf *out, const poshan_report_meta *meta);
void poshan_report_end(poshan_buf *out);

/* The report as the PDF printer (WeasyPrint) is given it: the same page, but
 * each chart text in Devanagari laid over its chart as HTML, which WeasyPrint
 * shapes, where its SVG text it draws a code point at a time (report_print.c). */
void poshan_report_for_print(const char *html, poshan_buf *out);

/* ---- sections ------------------------------------------------------------------ */

/* A menu: energy and protein per day against the norm, per level, shortfalls
 * marked; results[i] is the evaluation for norms level i (nlevels of them). */
void poshan_report_menu(poshan_buf *out, const poshan_menu *menu, const poshan_level_result *results,
                        size_t nlevels, const poshan_norms *norms);

/* One lab sample as the report needs it (the lab store fills these). */
typedef struct poshan_report_sample {
    const char *sample_id, *lab, *school_udise, *school_name, *district, *block, *kitchen, *level;
    double energy_kcal, protein_g;
    int contaminated;        /* E. coli present or counts above the limits */
} poshan_report_sample;

/* Lab results: the summary table as the state reports it (when summary is not
 * NULL: per level samples, mean, how many at or above each norm, outliers);
 * per level the distribution of energy and protein with the norm drawn in;
 * the share of samples below each norm by district and by kitchen type, each
 * with its number of samples; the flagged schools (UDISE, district, block)
 * and the flagged samples (below a norm or contaminated). */
void poshan_report_lab(poshan_buf *out, const poshan_report_sample *samples, size_t n,
                       const poshan_norms *norms, const poshan_lab_summary *summary);

/* The lab section from every sample in the results store (latest revisions),
 * contamination judged as `poshan lab flags` judges it with these limits.
 * Adds to meta the period the samples were taken in and the lab files that
 * were ingested. */
poshan_status poshan_report_lab_store(poshan_buf *out, poshan_report_meta *meta, poshan_store *store,
                                      const poshan_norms *norms, const poshan_lab_limits *limits,
                                      poshan_error *err);

/* One intervention and level as the report compares them (the plan module fills these). */
typedef struct poshan_report_plan {
    const char *name;
    double cost_rs_per_child_year;    /* per child covered */
    double energy_kcal_per_serving;   /* added per child on a serving day */
    double protein_g_per_serving;
    double rs_per_g_protein;
    double cost_lakh;                 /* this level's own cost, so that the rows add up */
    int serves_food;                  /* 0: nothing is served (a kitchen garden): no nutrient figures */
} poshan_report_plan;

/* Interventions side by side: cost per child per year, energy and protein added
 * per serving, rupees per gram of protein, with a table of the same numbers. */
void poshan_report_plans(poshan_buf *out, const poshan_report_plan *plans, size_t n);

/* An impact estimate as the report draws it (the impact module fills this). */
typedef struct poshan_report_impact {
    const char *title;        /* "weight" */
    const char *unit;         /* "kg" */
    const char *treated, *control;   /* the areas, as listed: "D01, D02, D03" */
    const char *unit_level;   /* what the lists name, the level treatment was assigned at: "district" */
    const char *cluster_level;       /* the level the standard errors are clustered at */
    size_t clusters;
    /* means by arm (0 control, 1 treated) and round (0 baseline, 1 endline), with 95 % intervals */
    double mean[2][2], mean_low[2][2], mean_high[2][2];
    double estimate;
    double cluster_low, cluster_high, cluster_p;   /* CR1, t(G-1) */
    double wild_low, wild_high, wild_p;            /* wild cluster bootstrap-t */
    double randomization_p;
    long assignments;                              /* re-assignments used by the randomization p */
    int assignments_exact;                         /* ... and they are every possible one */
    size_t treated_units, control_units;
} poshan_report_impact;

void poshan_report_impact_section(poshan_buf *out, const poshan_report_impact *impact);

#endif
