/* table.c: aligned text and CSV output of a poshan_table (see table.h). */
#define _GNU_SOURCE /* vasprintf */
#include "table.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "csvsafe.h"
#include "text.h"

int poshan_format_parse(const char *text, poshan_format *out) {
    if (strcmp(text, "table") == 0) *out = POSHAN_FORMAT_TABLE;
    else if (strcmp(text, "json") == 0) *out = POSHAN_FORMAT_JSON;
    else if (strcmp(text, "csv") == 0) *out = POSHAN_FORMAT_CSV;
    else return -1;
    return 0;
}

poshan_table *poshan_table_new(size_t ncols, const char *const *headers) {
    poshan_table *t = calloc(1, sizeof *t);
    if (t == NULL) return NULL;
    t->ncols = ncols;
    if (poshan_table_row(t) != POSHAN_OK) { free(t); return NULL; }
    for (size_t c = 0; c < ncols; c++) poshan_table_cell(t, "%s", headers[c]);
    return t;
}

poshan_status poshan_table_row(poshan_table *t) {
    if (t->nrows == t->capacity) {
        size_t cap = t->capacity ? t->capacity * 2 : 16;
        char **cells = realloc(t->cells, cap * t->ncols * sizeof *cells);
        if (cells == NULL) return POSHAN_ESYSTEM;
        t->cells = cells;
        t->capacity = cap;
    }
    for (size_t c = 0; c < t->ncols; c++) t->cells[t->nrows * t->ncols + c] = NULL;
    t->nrows++;
    t->next_col = 0;
    return POSHAN_OK;
}

poshan_status poshan_table_cell(poshan_table *t, const char *fmt, ...) {
    if (t->nrows == 0 || t->next_col >= t->ncols) return POSHAN_EUSAGE;
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) return POSHAN_ESYSTEM;
    t->cells[(t->nrows - 1) * t->ncols + t->next_col++] = s;
    return POSHAN_OK;
}


static int looks_numeric(const char *s) {
    double v;
    if (s[0] == '<' && s[1] == ' ') s += 2;   /* a bound: "< 0.0001" */
    if (s[0] == '\0') return 0;
    if (poshan_parse_number(s, &v) == 1) return 1;
    /* "12.3 (-2.1)" or "-4.5%": numbers with a suffix still align right */
    char *end;
    strtod(s, &end);
    return end != s;
}

static void print_aligned(const poshan_table *t, FILE *out) {
    size_t *width = calloc(t->ncols, sizeof *width);
    if (width == NULL) return;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            size_t w = s ? poshan_text_width(s) : 0;
            if (w > width[c]) width[c] = w;
        }
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            if (s == NULL) s = "";
            size_t pad = width[c] - poshan_text_width(s);
            int right = r > 0 && looks_numeric(s);
            if (c) fputs("  ", out);
            if (right) fprintf(out, "%*s%s", (int)pad, "", s);
            else if (c + 1 < t->ncols) fprintf(out, "%s%*s", s, (int)pad, "");
            else fputs(s, out);
        }
        fputc('\n', out);
        if (r == 0) {
            for (size_t c = 0; c < t->ncols; c++) {
                if (c) fputs("  ", out);
                for (size_t k = 0; k < width[c]; k++) fputc('-', out);
            }
            fputc('\n', out);
        }
    }
    free(width);
}

void poshan_csv_write_field(FILE *out, const char *s) {
    /* A cell a spreadsheet would run is written as text (csvsafe.h), in every CSV. */
    char *safe = poshan_csv_cell_is_formula(s) ? poshan_csv_neutralise(s) : NULL;
    if (safe) s = safe;
    /* Quote only when needed, so plain numbers and codes stay plain. */
    if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && (s[0] == '\0' || s[strlen(s) - 1] != ' '))
        fputs(s, out);
    else
        csv_fwrite(out, s, strlen(s));
    free(safe);
}

size_t poshan_format_fixed(char *buf, size_t size, double value, int decimals) {
    static const double scale[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
    double scaled = fabs(value) * scale[decimals];
    double frac = scaled - floor(scaled);
    /* Far from a tie (x.5), rounding the scaled double gives printf's digits; near one,
     * or beyond 2^52, the multiplication's own rounding could matter: ask printf. */
    if (decimals < 0 || decimals > 6 || !(scaled < 4e15) || fabs(frac - 0.5) < 1e-6 || size < 24) {
        int n = snprintf(buf, size, "%.*f", decimals, value);
        return n < 0 ? 0 : (size_t)n;
    }
    unsigned long long digits = (unsigned long long)(frac < 0.5 ? floor(scaled) : floor(scaled) + 1);
    char tmp[32];   /* built backwards: decimals, the point, then the whole part */
    size_t n = 0;
    for (int d = 0; d < decimals; d++, digits /= 10) tmp[n++] = (char)('0' + digits % 10);
    if (decimals > 0) tmp[n++] = '.';
    do tmp[n++] = (char)('0' + digits % 10); while (digits /= 10);
    size_t len = 0;
    if (signbit(value)) buf[len++] = '-';   /* printf writes -0.00 for -0.004 too */
    while (n) buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}

static void print_csv(const poshan_table *t, FILE *out) {
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            if (s == NULL) s = "";
            if (c) fputc(',', out);
            poshan_csv_write_field(out, s);
        }
        fputc('\n', out);
    }
}

void poshan_table_print(const poshan_table *t, FILE *out, poshan_format format) {
    if (format == POSHAN_FORMAT_CSV) print_csv(t, out);
    else print_aligned(t, out);
}

void poshan_table_free(poshan_table *t) {
    if (t == NULL) return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cells[i]);
    free(t->cells);
    free(t);
}

void poshan_json_print(cJSON *value, FILE *out) {
    char *text = cJSON_Print(value);
    if (text) fprintf(out, "%s\n", text);
    free(text);
    cJSON_Delete(value);
}
