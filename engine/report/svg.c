/* svg.c: bar charts, histograms and interval charts as inline SVG (see svg.h). */
#include "svg.h"

#include <math.h>
#include <stdlib.h>

/* Drawing area of every chart, in SVG units (the page scales it). */
#define WIDTH 640.0
#define HEIGHT 240.0
#define LEFT 56.0
#define RIGHT 84.0   /* room for the norm label beside the plot */
#define TOP 34.0
#define BOTTOM 44.0
#define PLOT_W (WIDTH - LEFT - RIGHT)
#define PLOT_H (HEIGHT - TOP - BOTTOM)

#define COLOUR_BAR "#2e6da4"
#define COLOUR_BELOW "#c0392b"
#define COLOUR_NORM "#222"

/* A round step for about four axis ticks up to top: 1, 2, 2.5 or 5 times a power of 10. */
static double nice_step(double top) {
    if (!(top > 0)) return 1;
    double raw = top / 4, power = pow(10, floor(log10(raw)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * power >= raw) return steps[i] * power;
    return 10 * power;
}

static void open_svg(poshan_buf *out, const char *title) {
    poshan_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                      "role=\"img\" class=\"chart\"><title>", WIDTH, HEIGHT);
    poshan_buf_escape(out, title);
    poshan_buf_printf(out, "</title><text x=\"%.0f\" y=\"18\" class=\"chart-title\">", LEFT);
    poshan_buf_escape(out, title);
    poshan_buf_puts(out, "</text>\n");
}

/* The value axis from 0 to top, with gridlines; returns the axis top used. */
static double value_axis(poshan_buf *out, double top, const char *unit) {
    double step = nice_step(top);
    double axis_top = ceil(top / step) * step;
    if (axis_top <= 0) axis_top = 1;
    for (double v = 0; v <= axis_top + step / 2; v += step) {
        double y = TOP + PLOT_H * (1 - v / axis_top);
        poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%g</text>\n",
                          LEFT, y, LEFT + PLOT_W, y, LEFT - 4, y + 4, v);
    }
    poshan_buf_printf(out, "<text x=\"12\" y=\"%.1f\" class=\"tick\" transform=\"rotate(-90 12 %.1f)\" "
                      "text-anchor=\"middle\">", TOP + PLOT_H / 2, TOP + PLOT_H / 2);
    poshan_buf_escape(out, unit);
    poshan_buf_puts(out, "</text>\n");
    return axis_top;
}

static void norm_line(poshan_buf *out, double norm, double axis_top, const char *label) {
    double y = TOP + PLOT_H * (1 - norm / axis_top);
    poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                      "stroke-dasharray=\"6 3\" class=\"norm\" data-value=\"%.6g\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\" class=\"norm-label\">",
                      LEFT, y, LEFT + PLOT_W, y, COLOUR_NORM, norm, LEFT + PLOT_W + 4, y + 4);
    poshan_buf_escape(out, label ? label : "norm");
    poshan_buf_puts(out, "</text>\n");
}

void poshan_svg_bar_chart(poshan_buf *out, const poshan_bar_chart *c) {
    double top = c->norm;
    for (size_t i = 0; i < c->nbars; i++)
        if (c->bars[i].value > top) top = c->bars[i].value;
    open_svg(out, c->title);
    double axis_top = value_axis(out, top * 1.08, c->unit);
    double slot = c->nbars ? PLOT_W / (double)c->nbars : PLOT_W;
    for (size_t i = 0; i < c->nbars; i++) {
        double v = c->bars[i].value > 0 ? c->bars[i].value : 0;
        int below = c->mark_below_norm && c->norm > 0 && c->bars[i].value < c->norm - 1e-9;
        double h = PLOT_H * v / axis_top, x = LEFT + slot * (double)i + slot * 0.15;
        poshan_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                          "class=\"bar%s\" data-label=\"", x, TOP + PLOT_H - h, slot * 0.7, h,
                          below ? COLOUR_BELOW : COLOUR_BAR, below ? " below" : "");
        poshan_buf_escape(out, c->bars[i].label);
        poshan_buf_printf(out, "\" data-value=\"%.6g\"/>\n", c->bars[i].value);
        poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"value\">%.1f</text>",
                          x + slot * 0.35, TOP + PLOT_H - h - 4, c->bars[i].value);
        if (below)
            poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"shortfall\" "
                              "fill=\"%s\" data-value=\"%.6g\">&#8722;%.1f</text>", x + slot * 0.35,
                              TOP + PLOT_H - h - 17, COLOUR_BELOW, c->norm - c->bars[i].value,
                              c->norm - c->bars[i].value);
        poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
                          x + slot * 0.35, TOP + PLOT_H + 16);
        poshan_buf_escape(out, c->bars[i].label);
        poshan_buf_puts(out, "</text>\n");
    }
    if (c->norm > 0) norm_line(out, c->norm, axis_top, c->norm_label);
    poshan_buf_puts(out, "</svg>\n");
}

void poshan_svg_histogram(poshan_buf *out, const char *title, const char *unit,
                          const double *values, size_t n, double bin_width, double norm) {
    double lo = norm, hi = norm;
    for (size_t i = 0; i < n; i++) {
        if (values[i] < lo) lo = values[i];
        if (values[i] > hi) hi = values[i];
    }
    if (!(bin_width > 0)) bin_width = 1;
    double first = floor(lo / bin_width) * bin_width;
    size_t nbins = (size_t)floor((hi - first) / bin_width) + 1;
    if (nbins > 200) nbins = 200; /* a histogram wider than the page says nothing more */
    size_t *counts = calloc(nbins, sizeof *counts), most = 1;
    if (counts == NULL) return;
    for (size_t i = 0; i < n; i++) {
        size_t b = (size_t)floor((values[i] - first) / bin_width);
        if (b >= nbins) b = nbins - 1;
        if (++counts[b] > most) most = counts[b];
    }
    open_svg(out, title);
    double axis_top = value_axis(out, (double)most * 1.1, "samples");
    double span = bin_width * (double)nbins, slot = PLOT_W / (double)nbins;
    for (size_t b = 0; b < nbins; b++) {
        double h = PLOT_H * (double)counts[b] / axis_top, x = LEFT + slot * (double)b;
        int below = first + bin_width * (double)(b + 1) <= norm + 1e-9;
        poshan_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                          "class=\"bin\" data-label=\"%g-%g\" data-value=\"%zu\"/>\n",
                          x + 0.5, TOP + PLOT_H - h, slot - 1, h, below ? COLOUR_BELOW : COLOUR_BAR,
                          first + bin_width * (double)b, first + bin_width * (double)(b + 1), counts[b]);
    }
    for (size_t b = 0; b <= nbins; b += nbins > 10 ? nbins / 5 : 1)
        poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">%g</text>\n",
                          LEFT + slot * (double)b, TOP + PLOT_H + 16, first + bin_width * (double)b);
    double xn = LEFT + PLOT_W * (norm - first) / span;
    poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                      "stroke-dasharray=\"6 3\" class=\"norm\" data-value=\"%.6g\"/>"
                      "<text x=\"%.1f\" y=\"%.1f\" class=\"norm-label\">norm %g</text>\n",
                      xn, TOP, xn, TOP + PLOT_H, COLOUR_NORM, norm, xn + 4, TOP + 10, norm);
    poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
                      LEFT + PLOT_W / 2, HEIGHT - 6);
    poshan_buf_escape(out, unit);
    poshan_buf_puts(out, "</text></svg>\n");
    free(counts);
}

void poshan_svg_interval_chart(poshan_buf *out, const char *title, const char *unit,
                               const poshan_interval *items, size_t n, double reference) {
    int has_reference = !isnan(reference);
    double lo = has_reference ? reference : (n ? items[0].low : 0), hi = has_reference ? reference : lo;
    for (size_t i = 0; i < n; i++) {
        if (items[i].low < lo) lo = items[i].low;
        if (items[i].high > hi) hi = items[i].high;
    }
    double pad = (hi - lo) * 0.08 + 1e-9, left = 150;
    lo -= pad;
    hi += pad;
    open_svg(out, title);
    double row = PLOT_H / (double)(n ? n : 1), w = WIDTH - RIGHT - left;
#define XPOS(v) (left + w * ((v) - lo) / (hi - lo))
    if (has_reference)
        poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                          "stroke-dasharray=\"6 3\" class=\"reference\" data-value=\"%.6g\"/>\n",
                          XPOS(reference), TOP, XPOS(reference), TOP + PLOT_H, COLOUR_NORM, reference);
    for (size_t i = 0; i < n; i++) {
        double y = TOP + row * ((double)i + 0.5);
        poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">", left - 8, y + 4);
        poshan_buf_escape(out, items[i].label);
        poshan_buf_printf(out, "</text><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                          "stroke-width=\"2\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
                          "class=\"estimate\" data-label=\"", XPOS(items[i].low), y, XPOS(items[i].high), y,
                          COLOUR_BAR, XPOS(items[i].estimate), y, COLOUR_BAR);
        poshan_buf_escape(out, items[i].label);
        poshan_buf_printf(out, "\" data-value=\"%.6g\" data-low=\"%.6g\" data-high=\"%.6g\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"value\">%.2f "
                          "[%.2f, %.2f]</text>\n", items[i].estimate, items[i].low, items[i].high,
                          XPOS(items[i].estimate), y - 8, items[i].estimate, items[i].low, items[i].high);
    }
    for (int t = 0; t <= 4; t++) {
        double v = lo + (hi - lo) * t / 4;
        poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">%.2f</text>\n",
                          XPOS(v), TOP + PLOT_H + 16, v);
    }
#undef XPOS
    poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
                      left + w / 2, HEIGHT - 6);
    poshan_buf_escape(out, unit);
    poshan_buf_puts(out, "</text></svg>\n");
}
