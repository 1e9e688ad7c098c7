/* jsonread.c: parsing JSON files with cJSON and locating syntax errors (see jsonread.h). */
#include "jsonread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

poshan_status poshan_read_file(const char *path, char **out, size_t *size, poshan_error *err) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        used += fread(buf + used, 1, cap - used - 1, f);
        if (used < cap - 1) break;
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL) { free(buf); buf = NULL; break; }
        buf = bigger;
        cap *= 2;
    }
    int failed = buf == NULL || ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, "cannot read the file");
    }
    buf[used] = '\0';
    *out = buf;
    if (size) *size = used;
    return POSHAN_OK;
}

poshan_status poshan_json_parse(const char *text, size_t size, const char *name, cJSON **out,
                                poshan_error *err) {
    const char *end = NULL;
    *out = cJSON_ParseWithLengthOpts(text, size, &end, 0);
    if (*out != NULL) return POSHAN_OK;
    /* cJSON points at where it stopped: turn that into line and column. */
    long line = 1, column = 1;
    const char *stop = end && end >= text && end <= text + size ? end : text + size;
    for (const char *p = text; p < stop; p++) {
        if (*p == '\n') { line++; column = 1; }
        else column++;
    }
    poshan_status st = poshan_error_set(err, POSHAN_EINPUT, name, line, NULL,
                                        "malformed JSON near line %ld, column %ld: check for a "
                                        "missing comma, quote or bracket there", line, column);
    if (err) err->column = column;
    return st;
}

poshan_status poshan_json_read_file(const char *path, cJSON **out, poshan_error *err) {
    char *text;
    size_t size;
    poshan_status st = poshan_read_file(path, &text, &size, err);
    if (st != POSHAN_OK) return st;
    st = poshan_json_parse(text, size, path, out, err);
    free(text);
    return st;
}
