/* svg_layout.h: reads the texts of the SVG charts in a page back as boxes
 * (position, anchor, font size, an estimate of the width) and finds any two
 * that overlap, or any that leaves its chart. The width estimate is this
 * file's own, not the one svg.c lays out with: every character is taken as
 * 0.62 em (DejaVu Sans averages about 0.55 em for text and 0.64 em for digits),
 * so a label is held to an estimate independent of the code that placed it.
 * Header-only, like helpers.h. */
#ifndef POSHAN_TEST_SVG_LAYOUT_H
#define POSHAN_TEST_SVG_LAYOUT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct svg_box {
    double x0, y0, x1, y1;
    char text[128];
} svg_box;

/* The number of an attribute of the element starting at tag (up to its '>'); def when absent. */
static inline double svg_attr(const char *tag, const char *name, double def) {
    const char *end = strchr(tag, '>');
    char want[32];
    snprintf(want, sizeof want, " %s=\"", name);
    const char *at = strstr(tag, want);
    return at && (!end || at < end) ? strtod(at + strlen(want), NULL) : def;
}

/* Characters of an element's text: an entity (&amp; &#8722;) and a UTF-8 sequence count one. */
static inline size_t svg_text_chars(const char *text, const char *end, char *copy, size_t size) {
    size_t n = 0, used = 0;
    for (const char *p = text; p < end; p++) {
        if (used + 1 < size) copy[used++] = *p;
        if (*p == '&') {
            const char *semi = memchr(p, ';', (size_t)(end - p));
            if (semi) p = semi;
            n++;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            n++;
        }
    }
    copy[used] = '\0';
    return n;
}

/* The text boxes of one <svg>...</svg> (at most max); returns how many. */
static inline size_t svg_text_boxes(const char *svg, const char *svg_end, svg_box *boxes, size_t max) {
    size_t n = 0;
    for (const char *t = strstr(svg, "<text"); t && t < svg_end && n < max; t = strstr(t + 1, "<text")) {
        const char *open_end = strchr(t, '>'), *close = strstr(t, "</text>");
        if (!open_end || !close) break;
        double x = svg_attr(t, "x", 0), y = svg_attr(t, "y", 0), size = svg_attr(t, "font-size", 16);
        svg_box *b = &boxes[n++];
        double w = 0.62 * size * (double)svg_text_chars(open_end + 1, close, b->text, sizeof b->text);
        const char *anchor = strstr(t, "text-anchor=\"");
        int middle = anchor && anchor < open_end && strncmp(anchor + 13, "middle", 6) == 0;
        int end = anchor && anchor < open_end && strncmp(anchor + 13, "end", 3) == 0;
        double left = end ? x - w : middle ? x - w / 2 : x;
        const char *rot = strstr(t, "rotate(-90");
        if (rot && rot < open_end) {   /* turned upright: the width runs up the page */
            b->x0 = x - 0.8 * size;
            b->x1 = x + 0.2 * size;
            b->y0 = y - (left + w - x);
            b->y1 = y + (x - left);
        } else {
            b->x0 = left;
            b->x1 = left + w;
            b->y0 = y - 0.8 * size;    /* ascent above the baseline, descent below */
            b->y1 = y + 0.2 * size;
        }
    }
    return n;
}

/* Checks every chart of the page: writes the first problem into why and returns 1,
 * or returns 0 when no two texts overlap and none leaves its chart. */
static inline int svg_layout_problem(const char *page, char *why, size_t why_size) {
    enum { MAX_BOXES = 4096 };
    svg_box *boxes = malloc(MAX_BOXES * sizeof *boxes);
    int problem = 0;
    for (const char *svg = strstr(page, "<svg"); svg && !problem; svg = strstr(svg + 1, "<svg")) {
        const char *end = strstr(svg, "</svg>");
        if (!end) break;
        double width = 0, height = 0;
        const char *vb = strstr(svg, "viewBox=\"");
        if (vb) sscanf(vb + 9, "%*f %*f %lf %lf", &width, &height);
        size_t n = svg_text_boxes(svg, end, boxes, MAX_BOXES);
        for (size_t i = 0; i < n && !problem; i++) {
            const svg_box *a = &boxes[i];
            if (a->x0 < -0.5 || a->y0 < -0.5 || a->x1 > width + 0.5 || a->y1 > height + 0.5) {
                snprintf(why, why_size, "'%.60s' leaves its chart (%.1f..%.1f of %.0f wide)", a->text, a->x0, a->x1, width);
                problem = 1;
            }
            for (size_t j = i + 1; j < n && !problem; j++) {
                const svg_box *b = &boxes[j];
                double ox = (a->x1 < b->x1 ? a->x1 : b->x1) - (a->x0 > b->x0 ? a->x0 : b->x0);
                double oy = (a->y1 < b->y1 ? a->y1 : b->y1) - (a->y0 > b->y0 ? a->y0 : b->y0);
                if (ox > 0.5 && oy > 0.5) {
                    snprintf(why, why_size, "'%.60s' and '%.60s' overlap (by %.1f x %.1f)", a->text, b->text, ox, oy);
                    problem = 1;
                }
            }
        }
        svg = end;
    }
    free(boxes);
    return problem;
}

#endif
