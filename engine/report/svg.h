/* svg.h: the charts of poshan's reports, drawn as inline SVG text.
 *
 * Charts are plain SVG (no script), so a report opens and prints anywhere.
 * Every bar, point and interval carries data-label and data-value attributes
 * with the number it draws, so that a test can read the numbers back and
 * hold them against the command line's. Every text has its font-size and
 * position written out, and is placed so that no two texts overlap and none
 * leaves the chart (a label too wide for its bar turns the chart into
 * horizontal bars; long labels wrap): the page scales a chart as a whole, so
 * what does not overlap in the chart's units does not overlap on A4. The
 * chart's title is the caller's (HTML wraps it); it is repeated in <title>. */
#ifndef POSHAN_SVG_H
#define POSHAN_SVG_H

#include <stddef.h>

#include "buf.h"

/* Font sizes, in the chart's units (a chart is 640 wide: 10 is about 8 pt on A4). */
#define POSHAN_SVG_FONT 10.0

typedef struct poshan_bar {
    const char *label;
    double value;
    const char *value_text;    /* written at the bar instead of the number ("50.0 % (1 of 2)"); NULL: the number */
} poshan_bar;

typedef struct poshan_bar_chart {
    const char *title;
    const char *unit;          /* "kcal", "g", "%" */
    const poshan_bar *bars;
    size_t nbars;
    double norm;               /* drawn as a line when > 0 */
    const char *norm_label;    /* "norm 450 kcal" */
    int mark_below_norm;       /* bars under the norm drawn in the warning colour, shortfall written */
    int decimals;              /* of the numbers written at the bars; more where needed so that a bar
                                  below the norm never reads as reaching it, nor a shortfall as 0 */
    int horizontal;            /* 1: horizontal bars; 0: vertical unless a label does not fit its bar */
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

/* The decimals (from `decimals` up to 6) that print value on the side of the norm
 * it is judged on: below (value < norm) never printed as the norm or more, met
 * never printed under it. */
int poshan_svg_judged_decimals(double value, double norm, int below, int decimals);
/* The decimals (from `decimals` up to 6) that print a positive amount as more than 0. */
int poshan_svg_nonzero_decimals(double amount, int decimals);

#endif
