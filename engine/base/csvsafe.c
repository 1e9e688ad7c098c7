/* csvsafe.c: neutralising spreadsheet formulas in CSV downloads (see csvsafe.h). */
#define _GNU_SOURCE
#include "csvsafe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "table.h"

int poshan_csv_cell_is_formula(const char *text) {
    double number;
    if (text == NULL || text[0] == '\0' || strchr("=+-@\t\r", text[0]) == NULL) return 0;
    /* a lone sign is no formula, and a number is data */
    if ((text[0] == '+' || text[0] == '-') && text[1] == '\0') return 0;
    return poshan_parse_number(text, &number) != 1;
}

char *poshan_csv_neutralise(const char *text) {
    char *out = NULL;
    if (asprintf(&out, "%s%s", poshan_csv_cell_is_formula(text) ? "'" : "", text ? text : "") < 0) return NULL;
    return out;
}

void poshan_csv_write_safe_cell(FILE *out, const char *text, int last) {
    char *safe = poshan_csv_neutralise(text);
    poshan_csv_write_field(out, safe ? safe : "");
    free(safe);
    fputc(last ? '\n' : ',', out);
}

void poshan_csv_write_safe_table(FILE *out, const poshan_table *t) {
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++)
            poshan_csv_write_safe_cell(out, t->cells[r * t->ncols + c] ? t->cells[r * t->ncols + c] : "",
                                       c + 1 == t->ncols);
}
