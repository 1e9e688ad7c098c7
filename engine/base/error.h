/* error.h: the error record every library call fills instead of printing.
 *
 * A library function returns a poshan_status and, when it fails, fills a
 * poshan_error saying where (file, line, field) and what was wrong. The
 * caller (the command line, a test, the server) decides how to show it.
 * Nothing in the library writes to stderr or exits. */
#ifndef POSHAN_ERROR_H
#define POSHAN_ERROR_H

#include <stddef.h>

typedef enum {
    POSHAN_OK = 0,
    POSHAN_EINPUT = 1,  /* the user's data is wrong: file, line and field say where */
    POSHAN_EUSAGE = 2,  /* the call itself is wrong (unknown option, missing argument) */
    POSHAN_ESYSTEM = 3, /* I/O, memory, database: not the user's data */
    POSHAN_EBUSY = 4    /* the database is held by another writer: the same call may work shortly */
} poshan_status;

typedef struct poshan_error {
    char file[256];     /* input file, or "" */
    long line;          /* 1-based line in that file, 0 when not applicable */
    long column;        /* 1-based column, 0 when not applicable */
    char field[160];    /* column, JSON path or option name, or "" */
    char message[768];  /* what was wrong and what would be right */
} poshan_error;

/* Fills err (when not NULL) and returns status, so a caller can write
 * `return poshan_error_set(err, POSHAN_EINPUT, file, line, "grams", "...")`. */
poshan_status poshan_error_set(poshan_error *err, poshan_status status,
                               const char *file, long line, const char *field,
                               const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* "file:line:column: field: message" with the empty parts left out. */
void poshan_error_format(const poshan_error *err, char *buf, size_t size);
/* {"error", "file", "line", "column", "field"}, null where not known (the server's
 * error answers and an ingest's bad rows). */
struct cJSON;
struct cJSON *poshan_error_json(const poshan_error *err);

/* A growing list of errors, for reports that name every bad row. */
typedef struct poshan_error_list {
    poshan_error *items;
    size_t count;
    size_t capacity;
} poshan_error_list;

poshan_status poshan_error_list_add(poshan_error_list *list, const poshan_error *err);
void poshan_error_list_free(poshan_error_list *list);

#endif
