/* csvsafe.h: making a cell of a CSV safe to open in a spreadsheet. A cell
 * starting with =, +, -, @, a tab or a carriage return is read by Excel,
 * LibreOffice and Google Sheets as a formula ("CSV injection", OWASP); such a
 * cell gets a leading apostrophe, which the spreadsheet shows as text. A cell
 * that is a plain number (-3.5, +2) or a lone sign is left alone: it cannot run
 * anything, and changing it would corrupt data. Every CSV poshan writes goes
 * through poshan_csv_write_field (table.h), which does this; the lab ingest
 * refuses such text outright. */
#ifndef POSHAN_CSVSAFE_H
#define POSHAN_CSVSAFE_H

#include <stdio.h>

/* 1 when text would be taken for a formula. */
int poshan_csv_cell_is_formula(const char *text);

/* A malloc'd copy of text, with "'" in front when it would be a formula;
 * NULL when out of memory. */
char *poshan_csv_neutralise(const char *text);

/* Writes the rows of t (header first) as CSV with every cell neutralised. */
struct poshan_table;
void poshan_csv_write_safe_table(FILE *out, const struct poshan_table *t);
/* One neutralised CSV cell, then ',' or, when last, a newline. */
void poshan_csv_write_safe_cell(FILE *out, const char *text, int last);

#endif
