/* table.h: rows of text cells printed as an aligned terminal table or as CSV.
 * JSON output is built with cJSON by each command, with numbers as numbers. */
#ifndef POSHAN_TABLE_H
#define POSHAN_TABLE_H

#include <stdio.h>
#include "error.h"

typedef enum { POSHAN_FORMAT_TABLE, POSHAN_FORMAT_JSON, POSHAN_FORMAT_CSV } poshan_format;

/* "table", "json" or "csv"; returns -1 for anything else. */
int poshan_format_parse(const char *text, poshan_format *out);

typedef struct poshan_table {
    size_t ncols;
    char **cells;      /* row-major; row 0 is the header */
    size_t nrows, capacity;
    size_t next_col;
} poshan_table;

/* A table with these column headers (ncols of them). NULL when out of memory. */
poshan_table *poshan_table_new(size_t ncols, const char *const *headers);
/* Starts a new row; cells are then added left to right. */
poshan_status poshan_table_row(poshan_table *t);
poshan_status poshan_table_cell(poshan_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Numbers right-aligned on a terminal; CSV quoted as RFC 4180 says. */
void poshan_table_print(const poshan_table *t, FILE *out, poshan_format format);
void poshan_table_free(poshan_table *t);

/* Prints a JSON value built with cJSON (numbers as numbers) and a newline to
 * out, then frees the value. */
struct cJSON;
void poshan_json_print(struct cJSON *value, FILE *out);

/* One CSV field, quoted (by libcsv) only when it holds a comma, quote,
 * line break or edge space; a cell a spreadsheet would take for a formula
 * gets a leading apostrophe (csvsafe.h). */
void poshan_csv_write_field(FILE *out, const char *text);

/* Writes value with `decimals` places (0 to 6) into buf, exactly as printf's
 * "%.Nf" would, and returns the length. Fast for the batch outputs: it only
 * falls back to snprintf when the value is too large or sits near a rounding tie. */
size_t poshan_format_fixed(char *buf, size_t size, double value, int decimals);

#endif
