/* error.c: filling and formatting poshan_error records (see error.h). */
#define _GNU_SOURCE
#include "error.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "text.h"

/* Copies text into dst (size bytes), cut if it must be at a character
 * boundary, never in the middle of a Devanagari letter. */
static void copy_cut(char *dst, size_t size, const char *text) {
    size_t n = poshan_utf8_cut(text, strlen(text), size - 1);
    memcpy(dst, text, n);
    dst[n] = '\0';
}

poshan_status poshan_error_set(poshan_error *err, poshan_status status,
                               const char *file, long line, const char *field,
                               const char *fmt, ...) {
    if (err == NULL) return status;
    memset(err, 0, sizeof *err);
    copy_cut(err->file, sizeof err->file, file ? file : "");
    copy_cut(err->field, sizeof err->field, field ? field : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    char *message = NULL;
    if (vasprintf(&message, fmt, ap) >= 0) copy_cut(err->message, sizeof err->message, message);
    else copy_cut(err->message, sizeof err->message, "out of memory writing an error message");
    va_end(ap);
    free(message);
    return status;
}

void poshan_error_format(const poshan_error *err, char *buf, size_t size) {
    char where[48] = "";
    if (err->line > 0 && err->column > 0) snprintf(where, sizeof where, "%ld:%ld:", err->line, err->column);
    else if (err->line > 0) snprintf(where, sizeof where, "%ld:", err->line);
    int located = err->file[0] || where[0];
    snprintf(buf, size, "%s%s%s%s%s%s%s", err->file, err->file[0] ? ":" : "", where,
             located ? " " : "", err->field, err->field[0] ? ": " : "", err->message);
}

poshan_status poshan_error_list_add(poshan_error_list *list, const poshan_error *err) {
    if (poshan_grow((void **)&list->items, &list->capacity, list->count + 1, sizeof *list->items) != 0)
        return POSHAN_ESYSTEM;
    list->items[list->count++] = *err;
    return POSHAN_OK;
}

void poshan_error_list_free(poshan_error_list *list) {
    free(list->items);
    memset(list, 0, sizeof *list);
}

cJSON *poshan_error_json(const poshan_error *err) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", err->message);
    if (err->file[0]) cJSON_AddStringToObject(o, "file", err->file);
    else cJSON_AddNullToObject(o, "file");
    if (err->line > 0) cJSON_AddNumberToObject(o, "line", (double)err->line);
    else cJSON_AddNullToObject(o, "line");
    if (err->column > 0) cJSON_AddNumberToObject(o, "column", (double)err->column);
    else cJSON_AddNullToObject(o, "column");
    if (err->field[0]) cJSON_AddStringToObject(o, "field", err->field);
    else cJSON_AddNullToObject(o, "field");
    return o;
}
