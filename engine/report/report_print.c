/* report_print.c: the report as WeasyPrint is given it for the PDF (see
 * report.h). WeasyPrint 57 (Debian 12) draws an SVG <text> one code point at a
 * time, so Devanagari loses its shaping: vowel signs stand alone on dotted
 * circles and conjuncts come apart. HTML text it shapes whole. So a chart text
 * in Devanagari is taken out of the SVG and laid over the chart as an HTML
 * span at the same place, in the same size and colour; every other text stays
 * in the SVG. The HTML file itself keeps its texts in the SVG (browsers shape
 * them), and a report with no Devanagari chart text is printed unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* The report's column is A4 less two 14 mm margins (report_title.c's @page),
 * and a chart fills its width: one unit of a chart's viewBox is this many mm
 * when it is WIDTH units wide. */
#define COLUMN_MM 182.0

static int has_devanagari(const char *s, const char *end) {
    for (; s + 2 < end; s++)   /* U+0900-U+097F: E0 A4 xx, E0 A5 xx */
        if ((unsigned char)s[0] == 0xE0 && ((unsigned char)s[1] == 0xA4 || (unsigned char)s[1] == 0xA5)) return 1;
    return 0;
}

/* The value of attribute name in the tag starting at tag (up to its '>'), copied into buf; NULL when absent. */
static const char *attr(const char *tag, const char *name, char *buf, size_t size) {
    const char *end = strchr(tag, '>');
    char want[32];
    snprintf(want, sizeof want, " %s=\"", name);
    const char *at = strstr(tag, want);
    if (at == NULL || (end && at > end)) return NULL;
    at += strlen(want);
    size_t n = strcspn(at, "\"");
    if (n >= size) n = size - 1;
    memcpy(buf, at, n);
    buf[n] = '\0';
    return buf;
}

static double attr_number(const char *tag, const char *name, double def) {
    char buf[64];
    return attr(tag, name, buf, sizeof buf) ? strtod(buf, NULL) : def;
}

/* One <text> (tag .. the end of its </text>) as a span over a chart width x height units. */
static void overlay(poshan_buf *out, const char *tag, const char *text, size_t len, double width, double height) {
    double x = attr_number(tag, "x", 0), y = attr_number(tag, "y", 0), size = attr_number(tag, "font-size", 10);
    char anchor[16] = "start", fill[32] = "", transform[64];
    attr(tag, "text-anchor", anchor, sizeof anchor);
    attr(tag, "fill", fill, sizeof fill);
    int upright = attr(tag, "transform", transform, sizeof transform) && strncmp(transform, "rotate(-90", 10) == 0;
    double mm = COLUMN_MM / width, size_mm = size * mm;
    /* the SVG places a text by its baseline; an HTML box of line-height 1 has
     * its baseline about 0.8 em below its top (DejaVu Sans and Lohit alike) */
    double left = x, top = y - 0.8 * size;
    const char *shift = strcmp(anchor, "middle") == 0 ? "translateX(-50%)"
                        : strcmp(anchor, "end") == 0  ? "translateX(-100%)" : "none";
    if (upright) {
        /* WeasyPrint 57 stacks the letters of a turned Devanagari span one on another
         * (seen in the PDF's pages), so the axis's unit is written level instead, above
         * the axis at the chart's top left, where the SVG has nothing */
        left = 0;
        top = 0;
        shift = "none";
    }
    poshan_buf_printf(out, "<span class=\"chart-text\" style=\"position:absolute;left:%.3f%%;top:%.3f%%;"
                      "font-size:%.3fmm;line-height:1;white-space:nowrap;transform:%s;%s%s%s\">",
                      100.0 * left / width, 100.0 * top / height, size_mm, shift, fill[0] ? "color:" : "", fill,
                      fill[0] ? ";" : "");
    poshan_buf_printf(out, "%.*s</span>", (int)len, text);
}

/* One chart (<svg ...> .. </svg>): its Devanagari texts laid over it, the rest as it was. */
static void print_chart(poshan_buf *out, const char *svg, const char *svg_end) {
    char box[64];
    double width = 640, height = 220;
    if (attr(svg, "viewBox", box, sizeof box)) sscanf(box, "%*f %*f %lf %lf", &width, &height);
    poshan_buf spans = {0};
    /* a block, so that the box the spans are placed in is the chart's own, with no line's descent below it */
    poshan_buf_puts(out, "<div style=\"position:relative\"><svg style=\"display:block\" ");
    const char *p = svg + 5;
    for (const char *t = strstr(p, "<text"); t && t < svg_end; t = strstr(p, "<text")) {
        const char *open_end = strchr(t, '>'), *close = strstr(t, "</text>");
        if (open_end == NULL || close == NULL || close > svg_end) break;
        if (!has_devanagari(open_end + 1, close)) {
            poshan_buf_printf(out, "%.*s", (int)(close + 7 - p), p);
        } else {
            poshan_buf_printf(out, "%.*s", (int)(t - p), p);
            overlay(&spans, t, open_end + 1, (size_t)(close - open_end - 1), width, height);
        }
        p = close + 7;
    }
    poshan_buf_printf(out, "%.*s", (int)(svg_end - p), p);
    poshan_buf_puts(out, spans.data ? spans.data : "");
    poshan_buf_puts(out, "</div>");
    poshan_buf_free(&spans);
}

void poshan_report_for_print(const char *html, poshan_buf *out) {
    const char *p = html;
    for (const char *svg = strstr(p, "<svg "); svg; svg = strstr(p, "<svg ")) {
        const char *end = strstr(svg, "</svg>");
        if (end == NULL) break;
        end += 6;
        poshan_buf_printf(out, "%.*s", (int)(svg - p), p);
        if (has_devanagari(svg, end)) print_chart(out, svg, end);
        else poshan_buf_printf(out, "%.*s", (int)(end - svg), svg);
        p = end;
    }
    poshan_buf_puts(out, p);
}
