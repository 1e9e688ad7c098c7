/* jsonread.h: every JSON poshan reads goes through here, on top of cJSON.
 * A malformed document is reported with its line and column. */
#ifndef POSHAN_JSONREAD_H
#define POSHAN_JSONREAD_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include "error.h"

poshan_status poshan_json_parse(const char *text, size_t size, const char *name, cJSON **out,
                                poshan_error *err);
poshan_status poshan_json_read_file(const char *path, cJSON **out, poshan_error *err);

/* Reads a whole file into a NUL-terminated buffer the caller frees. */
poshan_status poshan_read_file(const char *path, char **out, size_t *size, poshan_error *err);

#endif
