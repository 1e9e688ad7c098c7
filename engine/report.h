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

#endif
