/* csvread.h: every CSV poshan reads goes through here, on top of libcsv.
 *
 * The reader streams: it hands one record at a time to a callback and keeps
 * no more than that record in memory, so a file of millions of lines is read
 * in constant space. It strips a UTF-8 byte-order mark, accepts LF and CRLF,
 * skips blank lines, and numbers records by the physical line they end on so
 * that every message can say "line N". */
#ifndef POSHAN_CSVREAD_H
#define POSHAN_CSVREAD_H

#include <stdio.h>
#include "error.h"

typedef struct poshan_csv_row {
    char **fields;    /* NUL-terminated copies, valid only during the callback */
    size_t *lengths;
    size_t count;
    long line;        /* 1-based physical line the record ends on */
} poshan_csv_row;

/* Called once per record (the header too). Return POSHAN_OK to go on; any
 * other status stops the read and is returned by poshan_csv_read_*. */
typedef poshan_status (*poshan_csv_row_fn)(void *ctx, const poshan_csv_row *row,
                                           poshan_error *err);

poshan_status poshan_csv_read_file(const char *path, poshan_csv_row_fn fn, void *ctx,
                                   poshan_error *err);
poshan_status poshan_csv_read_stream(FILE *in, const char *name, poshan_csv_row_fn fn,
                                     void *ctx, poshan_error *err);
poshan_status poshan_csv_read_buffer(const char *data, size_t size, const char *name,
                                     poshan_csv_row_fn fn, void *ctx, poshan_error *err);
/* A piece of a file that starts at the beginning of a line (csvblocks.h cuts
 * them): no byte-order mark is looked for, and records are numbered from
 * *line, which is left at the number of the line after the piece. */
poshan_status poshan_csv_read_span(const char *data, size_t size, const char *name, long *line,
                                   poshan_csv_row_fn fn, void *ctx, poshan_error *err);

/* A record libcsv cannot read (a quote where CSV allows none, or a quoted
 * value never closed on its line) when the reader is asked to go on past it:
 * row is the record's first line split as a spreadsheet would (quotes taken
 * as they come), reason names the file, that line, the column and what is
 * wrong. Reading goes on at the next line: the lines an unclosed quote took
 * in are read again as records of their own. Return POSHAN_OK to go on. */
typedef poshan_status (*poshan_csv_malformed_fn)(void *ctx, const poshan_csv_row *row,
                                                 const poshan_error *reason, poshan_error *err);

/* A column a reader knows: its name and whether a file must have it. */
typedef struct poshan_csv_column {
    const char *name;
    int required;
} poshan_csv_column;

/* Maps a header record onto known columns: index[i] is the position of
 * columns[i] in the file, or -1. Missing required columns, duplicate columns
 * and (unless allow_unknown) unknown columns are errors naming the column. */
poshan_status poshan_csv_map_header(const poshan_csv_row *header,
                                    const poshan_csv_column *columns, size_t ncolumns,
                                    int allow_unknown, int *index, const char *file,
                                    poshan_error *err);

/* Called for each row after the header; index[i] is where columns[i] is (or -1). */
typedef poshan_status (*poshan_csv_table_fn)(void *ctx, const poshan_csv_row *row,
                                             const int *index, poshan_error *err);

/* A CSV whose first line names its columns: the header is mapped onto columns
 * (see poshan_csv_map_header) and fn gets every later row. A file without even
 * a header is an error. */
poshan_status poshan_csv_read_table(FILE *in, const char *name, const poshan_csv_column *columns,
                                    size_t ncolumns, int allow_unknown, poshan_csv_table_fn fn,
                                    void *ctx, poshan_error *err);
/* The same, handing each malformed record after the header to on_malformed
 * (with the header's index) instead of stopping; a malformed header still stops. */
typedef poshan_status (*poshan_csv_table_malformed_fn)(void *ctx, const poshan_csv_row *row, const int *index,
                                                       const poshan_error *reason, poshan_error *err);
poshan_status poshan_csv_read_table_past(FILE *in, const char *name, const poshan_csv_column *columns,
                                         size_t ncolumns, int allow_unknown, poshan_csv_table_fn fn,
                                         poshan_csv_table_malformed_fn on_malformed, void *ctx,
                                         poshan_error *err);
poshan_status poshan_csv_read_table_file(const char *path, const poshan_csv_column *columns,
                                         size_t ncolumns, int allow_unknown,
                                         poshan_csv_table_fn fn, void *ctx, poshan_error *err);

/* The field at a mapped index, or "" when the column is absent. */
const char *poshan_csv_field(const poshan_csv_row *row, int index);

/* Strict number parsing for fields: the whole text must be a finite number.
 * Returns 1 and sets *out, 0 for an empty field, -1 for anything else. */
int poshan_parse_number(const char *text, double *out);
/* text as a whole decimal number from min to max (digits only: no sign, space
 * or point), for counts in options and query strings: 0, or -1 when it is not. */
int poshan_parse_whole(const char *text, unsigned long long min, unsigned long long max,
                       unsigned long long *out);

#endif
