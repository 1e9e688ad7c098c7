/* csvsafe.c: neutralising spreadsheet formulas in CSV downloads (see csvsafe.h). */
#define _GNU_SOURCE
#include "csvsafe.h"

#include <stdio.h>
#include <string.h>

#include "csvread.h"

int poshan_csv_cell_is_formula(const char *text) {
    double number;
    if (text == NULL || text[0] == '\0' || strchr("=+-@", text[0]) == NULL) return 0;
    return poshan_parse_number(text, &number) != 1;
}

char *poshan_csv_neutralise(const char *text) {
    char *out = NULL;
    if (asprintf(&out, "%s%s", poshan_csv_cell_is_formula(text) ? "'" : "", text ? text : "") < 0) return NULL;
    return out;
}
