/* svg.c: bar charts, histograms and interval charts as inline SVG (see svg.h).
 * Layout works with an estimate of each text's width (text_width), so that
 * labels are wrapped, or bars turned horizontal, before any text overlaps. */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* Drawing area of the vertical charts, in SVG units (the page scales it). */
#define WIDTH 640.0
#define HEIGHT 220.0
#define LEFT 56.0
#define RIGHT 100.0  /* room for the norm label beside the plot */
#define TOP 24.0
#define BOTTOM 40.0
#define PLOT_W (WIDTH - LEFT - RIGHT)
#define PLOT_H (HEIGHT - TOP - BOTTOM)
#define FONT POSHAN_SVG_FONT
#define LINE (FONT * 1.25)       /* baseline to baseline of wrapped lines */
#define LABEL_W_MAX 230.0        /* the label column of horizontal bars */
#define MAX_LINES 3

#define COLOUR_BAR "#2e6da4"
#define COLOUR_BELOW "#c0392b"
#define COLOUR_NORM "#222"

/* Advance of one character in em, erring wide: DejaVu Sans, the report's font,
 * advances about 0.53 em on average over a line of text (measured on a printed
 * report: "Egg, two days a week, primary" is 15.3 em wide), digits 0.64, capitals
 * up to 0.8 and m and w about 1; 0.64 for every other character (any script's,
 * one code point) leaves room for a fallback font. */
static double char_em(unsigned char c) {
    if (c == 'm' || c == 'w' || c == 'M' || c == 'W') return 1.0;
    if (c >= 'A' && c <= 'Z') return 0.8;
    return 0.64;
}

static double text_width(const char *s, size_t len, double size) {
    double em = 0;
    for (size_t i = 0; i < len && s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) em += char_em((unsigned char)s[i]);
    return em * size;
}

/* s split into at most max_lines (and MAX_LINES) lines no wider than max_w,
 * at spaces (a word wider than a line is cut between characters); `cut` when
 * text is left over, and then the last line is shortened to leave room for
 * an ellipsis. */
typedef struct text_lines {
    const char *start[MAX_LINES];
    size_t len[MAX_LINES];
    int n, cut;
} text_lines;

#define ELLIPSIS "\u2026"

static size_t utf8_next(const char *s, size_t i) {
    i++;
    while (s[i] && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    return i;
}

static int wrap(const char *s, double max_w, int max_lines, text_lines *out) {
    out->n = out->cut = 0;
    if (max_lines > MAX_LINES) max_lines = MAX_LINES;
    while (*s == ' ') s++;
    while (*s) {
        if (out->n == max_lines) {
            out->cut = 1;
            size_t *len = &out->len[out->n - 1];
            const char *last = out->start[out->n - 1];
            while (*len > 0 && text_width(last, *len, FONT) + FONT > max_w) {
                do (*len)--; while (*len > 0 && ((unsigned char)last[*len] & 0xC0) == 0x80);
            }
            break;
        }
        size_t fit = 0, space = 0;   /* the longest prefix that fits, and the last space in it */
        for (size_t i = 0; s[i];) {
            size_t next = utf8_next(s, i);
            if (text_width(s, next, FONT) > max_w) break;
            if (s[i] == ' ') space = i;
            fit = i = next;
        }
        if (fit == 0) fit = utf8_next(s, 0);          /* one character wider than the line */
        size_t len = s[fit] == '\0' || s[fit] == ' ' || space == 0 ? fit : space;
        out->start[out->n] = s;
        out->len[out->n++] = len;
        s += len;
        while (*s == ' ') s++;
    }
    return out->n;
}

static double lines_width(const text_lines *l) {
    double w = 0;
    for (int i = 0; i < l->n; i++) {
        double x = text_width(l->start[i], l->len[i], FONT);
        if (x > w) w = x;
    }
    return w;
}

/* One <text> of the chart; the text (len bytes of s) is escaped. */
static void text_n(poshan_buf *out, double x, double y, const char *anchor, const char *cls, const char *fill,
                   const char *s, size_t len) {
    poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"%s\" class=\"%s\"", x, y,
                      FONT, anchor, cls);
    if (fill) poshan_buf_printf(out, " fill=\"%s\"", fill);
    poshan_buf_puts(out, ">");
    char *copy = strndup(s, len);
    if (copy) poshan_buf_escape(out, copy);
    free(copy);
    poshan_buf_puts(out, "</text>\n");
}

static void text(poshan_buf *out, double x, double y, const char *anchor, const char *cls, const char *s) {
    text_n(out, x, y, anchor, cls, NULL, s, strlen(s));
}

/* The chart in a figure with its title as the caption (HTML wraps it). */
static void open_svg(poshan_buf *out, const char *title, double height) {
    poshan_buf_puts(out, "<figure class=\"chart\"><figcaption class=\"chart-title\">");
    poshan_buf_escape(out, title);
    poshan_buf_printf(out, "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                      "role=\"img\" class=\"chart\"><title>", WIDTH, height);
    poshan_buf_escape(out, title);
    poshan_buf_puts(out, "</title>\n");
}

static void close_svg(poshan_buf *out) { poshan_buf_puts(out, "</svg></figure>\n"); }

/* A round step for about four axis ticks up to top: 1, 2, 2.5 or 5 times a power of 10. */
static double nice_step(double top) {
    if (!(top > 0)) return 1;
    double raw = top / 4, power = pow(10, floor(log10(raw)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * power >= raw) return steps[i] * power;
    return 10 * power;
}

static double axis_top_for(double top) {
    double step = nice_step(top), axis_top = ceil(top / step) * step;
    return axis_top > 0 ? axis_top : 1;
}

/* The value axis from 0 to axis_top, with gridlines, and the unit turned upright. */
static void value_axis(poshan_buf *out, double axis_top, const char *unit) {
    double step = nice_step(axis_top);
    for (double v = 0; v <= axis_top + step / 2; v += step) {
        double y = TOP + PLOT_H * (1 - v / axis_top);
        char tick[32];
        snprintf(tick, sizeof tick, "%g", v);
        poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                          LEFT, y, LEFT + PLOT_W, y);
        text(out, LEFT - 4, y + 4, "end", "tick", tick);
    }
    poshan_buf_printf(out, "<text x=\"14\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"middle\" class=\"tick\" "
                      "transform=\"rotate(-90 14 %.1f)\">", TOP + PLOT_H / 2, FONT, TOP + PLOT_H / 2);
    poshan_buf_escape(out, unit);
    poshan_buf_puts(out, "</text>\n");
}

int poshan_svg_judged_decimals(double value, double norm, int below, int decimals) {
    char buf[64];
    for (; decimals < 6; decimals++) {
        snprintf(buf, sizeof buf, "%.*f", decimals, value);
        double shown = strtod(buf, NULL);
        if (below ? shown < norm : shown >= norm) break;
    }
    return decimals;
}

int poshan_svg_nonzero_decimals(double amount, int decimals) {
    char buf[64];
    for (; decimals < 6; decimals++) {
        snprintf(buf, sizeof buf, "%.*f", decimals, amount);
        if (strtod(buf, NULL) > 0) break;
    }
    return decimals;
}

/* What is written at one bar: its value (and, below the norm, the shortfall). */
typedef struct bar_text {
    char value[96], shortfall[48];
    int below;
} bar_text;

static void bar_texts(const poshan_bar_chart *c, size_t i, bar_text *t) {
    double v = c->bars[i].value;
    t->below = c->mark_below_norm && c->norm > 0 && v < c->norm - 1e-9;
    int d = c->mark_below_norm && c->norm > 0 ? poshan_svg_judged_decimals(v, c->norm, t->below, c->decimals)
                                              : c->decimals;
    if (c->bars[i].value_text) snprintf(t->value, sizeof t->value, "%s", c->bars[i].value_text);
    else snprintf(t->value, sizeof t->value, "%.*f", d, v);
    t->shortfall[0] = '\0';
    if (t->below) {
        double s = c->norm - v;
        snprintf(t->shortfall, sizeof t->shortfall, "\u2212%.*f", poshan_svg_nonzero_decimals(s, d), s);
    }
}

static void bar_rect(poshan_buf *out, double x, double y, double w, double h, int below, const poshan_bar *b) {
    poshan_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                      "class=\"bar%s\" data-label=\"", x, y, w, h, below ? COLOUR_BELOW : COLOUR_BAR,
                      below ? " below" : "");
    poshan_buf_escape(out, b->label);
    poshan_buf_printf(out, "\" data-value=\"%.6g\"/>\n", b->value);
}

static void shortfall_text(poshan_buf *out, double x, double y, const char *anchor, double amount, const char *s) {
    poshan_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" text-anchor=\"%s\" class=\"shortfall\" "
                      "fill=\"%s\" data-value=\"%.6g\">", x, y, FONT, anchor, COLOUR_BELOW, amount);
    poshan_buf_escape(out, s);
    poshan_buf_puts(out, "</text>\n");
}

/* Vertical bars fit when every label wraps under its bar in two lines and every value fits above it. */
static int vertical_fits(const poshan_bar_chart *c) {
    double room = (c->nbars ? PLOT_W / (double)c->nbars : PLOT_W) - 6;
    for (size_t i = 0; i < c->nbars; i++) {
        text_lines l;
        bar_text t;
        bar_texts(c, i, &t);
        wrap(c->bars[i].label, room, 2, &l);
        if (l.cut) return 0;
        for (int k = 0; k < l.n; k++)   /* a word cut in two does not fit */
            if (k + 1 < l.n && l.start[k][l.len[k]] != ' ') return 0;
        if (text_width(t.value, strlen(t.value), FONT) > room || text_width(t.shortfall, strlen(t.shortfall), FONT) > room)
            return 0;
    }
    return 1;
}

static void vertical_bars(poshan_buf *out, const poshan_bar_chart *c) {
    double top = c->norm;
    for (size_t i = 0; i < c->nbars; i++)
        if (c->bars[i].value > top) top = c->bars[i].value;
    double axis_top = axis_top_for(top * 1.08);
    open_svg(out, c->title, HEIGHT);
    value_axis(out, axis_top, c->unit);
    double slot = c->nbars ? PLOT_W / (double)c->nbars : PLOT_W;
    for (size_t i = 0; i < c->nbars; i++) {
        bar_text t;
        bar_texts(c, i, &t);
        double v = c->bars[i].value > 0 ? c->bars[i].value : 0;
        double h = PLOT_H * v / axis_top, x = LEFT + slot * (double)i + slot * 0.15, mid = x + slot * 0.35;
        bar_rect(out, x, TOP + PLOT_H - h, slot * 0.7, h, t.below, &c->bars[i]);
        text(out, mid, TOP + PLOT_H - h - 4, "middle", "value", t.value);
        if (t.below) shortfall_text(out, mid, TOP + PLOT_H - h - 4 - LINE, "middle", c->norm - c->bars[i].value, t.shortfall);
        text_lines l;
        wrap(c->bars[i].label, slot - 6, 2, &l);
        for (int k = 0; k < l.n; k++)
            text_n(out, mid, TOP + PLOT_H + 14 + LINE * k, "middle", "tick", NULL, l.start[k], l.len[k]);
    }
    if (c->norm > 0) {
        double y = TOP + PLOT_H * (1 - c->norm / axis_top);
        poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                          "stroke-dasharray=\"6 3\" class=\"norm\" data-value=\"%.6g\"/>\n",
                          LEFT, y, LEFT + PLOT_W, y, COLOUR_NORM, c->norm);
        text(out, LEFT + PLOT_W + 4, y + 4, "start", "norm-label", c->norm_label ? c->norm_label : _("norm"));
    }
    close_svg(out);
}

/* Horizontal bars: the labels in a column on the left, wrapped; each value after its bar. */
static void horizontal_bars(poshan_buf *out, const poshan_bar_chart *c) {
    text_lines *lines = calloc(c->nbars + 1, sizeof *lines);
    bar_text *texts = calloc(c->nbars + 1, sizeof *texts);
    if (lines == NULL || texts == NULL) { free(lines); free(texts); return; }
    double label_w = 0, value_w = 0, top = c->norm, height = c->norm > 0 ? 26 : 8;
    for (size_t i = 0; i < c->nbars; i++) {
        wrap(c->bars[i].label, LABEL_W_MAX, MAX_LINES, &lines[i]);
        if (lines[i].n == 0) lines[i] = (text_lines){{""}, {0}, 1, 0};
        double lw = lines_width(&lines[i]) + (lines[i].cut ? FONT : 0);
        if (lw > label_w) label_w = lw;
        bar_texts(c, i, &texts[i]);
        double w = text_width(texts[i].value, strlen(texts[i].value), FONT) +
                   (texts[i].below ? 6 + text_width(texts[i].shortfall, strlen(texts[i].shortfall), FONT) : 0);
        if (w > value_w) value_w = w;
        if (c->bars[i].value > top) top = c->bars[i].value;
        height += fmax(20, lines[i].n * LINE + 8);
    }
    double x0 = 8 + label_w + 8, plot_w = WIDTH - x0 - value_w - 12, y = c->norm > 0 ? 26 : 8;
    double axis_top = axis_top_for(top), plot_top = y;
    height += 24;
    open_svg(out, c->title, height);
    for (size_t i = 0; i < c->nbars; i++) {
        double row = fmax(20, lines[i].n * LINE + 8), mid = y + row / 2;
        double v = c->bars[i].value > 0 ? c->bars[i].value : 0, w = plot_w * v / axis_top;
        bar_rect(out, x0, mid - 6, w, 12, texts[i].below, &c->bars[i]);
        for (int k = 0; k < lines[i].n; k++) {
            char line[512];
            int cut = lines[i].cut && k == lines[i].n - 1;
            snprintf(line, sizeof line, "%.*s%s", (int)lines[i].len[k], lines[i].start[k], cut ? ELLIPSIS : "");
            text(out, x0 - 6, mid + 3.5 + LINE * (k - (lines[i].n - 1) / 2.0), "end", "tick", line);
        }
        text(out, x0 + w + 4, mid + 3.5, "start", "value", texts[i].value);
        if (texts[i].below)
            shortfall_text(out, x0 + w + 10 + text_width(texts[i].value, strlen(texts[i].value), FONT), mid + 3.5,
                           "start", c->norm - c->bars[i].value, texts[i].shortfall);
        y += row;
    }
    poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>\n", x0,
                      plot_top, x0, y);
    if (c->norm > 0) {
        double xn = x0 + plot_w * c->norm / axis_top;
        const char *label = c->norm_label ? c->norm_label : _("norm");
        double half = text_width(label, strlen(label), FONT) / 2, xl = fmin(fmax(xn, half + 2), WIDTH - half - 2);
        poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                          "stroke-dasharray=\"6 3\" class=\"norm\" data-value=\"%.6g\"/>\n",
                          xn, plot_top - 4, xn, y, COLOUR_NORM, c->norm);
        text(out, xl, plot_top - 10, "middle", "norm-label", label);
    }
    text(out, x0 + plot_w / 2, height - 8, "middle", "tick", c->unit);
    close_svg(out);
    free(lines);
    free(texts);
}

void poshan_svg_bar_chart(poshan_buf *out, const poshan_bar_chart *c) {
    if (!c->horizontal && vertical_fits(c)) vertical_bars(out, c);
    else horizontal_bars(out, c);
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
    open_svg(out, title, HEIGHT);
    double axis_top = axis_top_for((double)most * 1.1);
    value_axis(out, axis_top, _("samples"));
    double span = bin_width * (double)nbins, slot = PLOT_W / (double)nbins;
    for (size_t b = 0; b < nbins; b++) {
        double h = PLOT_H * (double)counts[b] / axis_top, x = LEFT + slot * (double)b;
        int below = first + bin_width * (double)(b + 1) <= norm + 1e-9;
        poshan_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                          "class=\"bin\" data-label=\"%g-%g\" data-value=\"%zu\"/>\n",
                          x + 0.5, TOP + PLOT_H - h, slot - 1, h, below ? COLOUR_BELOW : COLOUR_BAR,
                          first + bin_width * (double)b, first + bin_width * (double)(b + 1), counts[b]);
    }
    /* tick labels at bin edges, as many as fit side by side */
    char tick[32];
    snprintf(tick, sizeof tick, "%g", first + span);
    double tick_w = text_width(tick, strlen(tick), FONT) + 8;
    size_t every = 1;
    while (slot * (double)every < tick_w) every++;
    for (size_t b = 0; b <= nbins; b += every) {
        snprintf(tick, sizeof tick, "%g", first + bin_width * (double)b);
        text(out, LEFT + slot * (double)b, TOP + PLOT_H + 14, "middle", "tick", tick);
    }
    double xn = LEFT + PLOT_W * (norm - first) / span;
    poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                      "stroke-dasharray=\"6 3\" class=\"norm\" data-value=\"%.6g\"/>\n",
                      xn, TOP - 4, xn, TOP + PLOT_H, COLOUR_NORM, norm);
    char label[48];
    snprintf(label, sizeof label, _("norm %g"), norm);
    text(out, xn, TOP - 8, "middle", "norm-label", label);
    text(out, LEFT + PLOT_W / 2, HEIGHT - 6, "middle", "tick", unit);
    close_svg(out);
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
    /* the label column widens for labels longer than "comparison, baseline" (Hindi's are), up to half the chart */
    for (size_t i = 0; i < n; i++) {
        double need = text_width(items[i].label, strlen(items[i].label), FONT) + 12;
        if (need > left) left = fmin(need, WIDTH / 2);
    }
    lo -= pad;
    hi += pad;
    open_svg(out, title, HEIGHT);
    double row = PLOT_H / (double)(n ? n : 1), w = WIDTH - 40 - left;
#define XPOS(v) (left + w * ((v) - lo) / (hi - lo))
    if (has_reference)
        poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                          "stroke-dasharray=\"6 3\" class=\"reference\" data-value=\"%.6g\"/>\n",
                          XPOS(reference), TOP, XPOS(reference), TOP + PLOT_H, COLOUR_NORM, reference);
    for (size_t i = 0; i < n; i++) {
        double y = TOP + row * ((double)i + 0.5);
        text(out, left - 8, y + 4, "end", "tick", items[i].label);
        poshan_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                          "stroke-width=\"2\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
                          "class=\"estimate\" data-label=\"", XPOS(items[i].low), y, XPOS(items[i].high), y,
                          COLOUR_BAR, XPOS(items[i].estimate), y, COLOUR_BAR);
        poshan_buf_escape(out, items[i].label);
        poshan_buf_printf(out, "\" data-value=\"%.6g\" data-low=\"%.6g\" data-high=\"%.6g\"/>\n", items[i].estimate,
                          items[i].low, items[i].high);
        char value[96];
        snprintf(value, sizeof value, "%.2f [%.2f, %.2f]", items[i].estimate, items[i].low, items[i].high);
        /* over the point, kept inside the plot */
        double half = text_width(value, strlen(value), FONT) / 2;
        double x = fmin(fmax(XPOS(items[i].estimate), left + half), WIDTH - 4 - half);
        text(out, x, y - 8, "middle", "value", value);
    }
    for (int t = 0; t <= 4; t++) {
        double v = lo + (hi - lo) * t / 4;
        char tick[32];
        snprintf(tick, sizeof tick, "%.2f", v);
        text(out, XPOS(v), TOP + PLOT_H + 14, "middle", "tick", tick);
    }
#undef XPOS
    text(out, left + w / 2, HEIGHT - 6, "middle", "tick", unit);
    close_svg(out);
}
