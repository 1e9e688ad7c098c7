/* report.h: one self-contained HTML report (inline CSS and SVG, no script, A4).
 * Each section is built from the same library results the command line prints. */
#ifndef POSHAN_REPORT_H
#define POSHAN_REPORT_H

#include "buf.h"
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

#endif
