/* svg.h: the charts of poshan's reports, drawn as inline SVG text.
 *
 * Charts are plain SVG (no script), so a report opens and prints anywhere.
 * Every bar, point and interval carries data-label and data-value attributes
 * with the number it draws, so that a test can read the numbers back and
 * hold them against the command line's. */
#ifndef POSHAN_SVG_H
#define POSHAN_SVG_H

#include <stddef.h>

#include "buf.h"

typedef struct poshan_bar {
    const char *label;
    double value;
} poshan_bar;

typedef struct poshan_bar_chart {
    const char *title;
    const char *unit;          /* "kcal", "g", "%" */
    const poshan_bar *bars;
    size_t nbars;
    double norm;               /* drawn as a line when > 0 */
    const char *norm_label;    /* "norm 450 kcal" */
    int mark_below_norm;       /* bars under the norm drawn in the warning colour, shortfall written */
} poshan_bar_chart;

void poshan_svg_bar_chart(poshan_buf *out, const poshan_bar_chart *chart);

/* A histogram of values in bins of bin_width, with the norm drawn in. */
void poshan_svg_histogram(poshan_buf *out, const char *title, const char *unit,
                          const double *values, size_t n, double bin_width, double norm);

typedef struct poshan_interval {
    const char *label;
    double estimate, low, high;
} poshan_interval;

/* Point estimates with their intervals on one horizontal axis; `reference`
 * (usually 0, no effect) is drawn as a line, unless it is NAN. */
void poshan_svg_interval_chart(poshan_buf *out, const char *title, const char *unit,
                               const poshan_interval *items, size_t n, double reference);

#endif
