/* jsonread.c: parsing JSON files with cJSON and locating syntax errors (see jsonread.h).
 * Before cJSON sees a text, the text is checked: cJSON would cut a string at a
 * NUL byte or a \u0000 escape, and pass bytes that are not UTF-8 on to every
 * answer made from it. */
#include "jsonread.h"

#include "i18n.h"
#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

poshan_status poshan_read_file(const char *path, char **out, size_t *size, poshan_error *err) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("cannot open: %s"), strerror(errno));
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
        return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, _("cannot read the file"));
    }
    buf[used] = '\0';
    *out = buf;
    if (size) *size = used;
    return POSHAN_OK;
}

/* Line and column (1-based, in characters) of offset at in text. */
static void locate(const char *text, size_t at, long *line, long *column) {
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') { *line += 1; *column = 1; }
        else if (((unsigned char)text[i] & 0xC0) != 0x80) *column += 1;
    }
}

/* The offset of the first \u0000 escape inside a string of text, or size; *key
 * gets the name of the member it is in ("" when not known). */
static size_t find_nul_escape(const char *text, size_t size, char *key, size_t key_size) {
    const char *start = NULL;  /* the string being read */
    key[0] = '\0';
    for (size_t i = 0; i < size; i++) {
        if (start == NULL) {
            if (text[i] == '"') start = text + i + 1;
            continue;
        }
        if (text[i] == '\\' && i + 1 < size) {
            if (text[i + 1] == 'u' && i + 5 < size && strncmp(text + i + 2, "0000", 4) == 0) return i;
            i++;
        } else if (text[i] == '"') {  /* a string ends; a ':' after it makes it a member's name */
            size_t j = i + 1;
            while (j < size && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n')) j++;
            if (j < size && text[j] == ':') {
                size_t n = poshan_utf8_cut(start, (size_t)(text + i - start), key_size - 1);
                memcpy(key, start, n);
                key[n] = '\0';
            }
            start = NULL;
        }
    }
    return size;
}

/* Refuses a NUL byte, bytes that are not UTF-8 and a \u0000 escape, naming the place. */
static poshan_status check_text(const char *text, size_t size, const char *name, poshan_error *err) {
    char key[160];
    size_t at;
    const char *problem = poshan_text_problem(text, size, &at);
    if (problem == NULL) {
        if ((at = find_nul_escape(text, size, key, sizeof key)) == size) return POSHAN_OK;
        problem = "\\u0000 (a NUL character)";
    } else {
        find_nul_escape(text, at, key, sizeof key);  /* for the name of the member it is in */
    }
    long line, column;
    locate(text, at, &line, &column);
    poshan_status st = poshan_error_set(err, POSHAN_EINPUT, name, line, key,
                                        _("%s at line %ld, column %ld: text must be UTF-8 without NUL "
                                        "characters; save the file as UTF-8"), problem, line, column);
    if (err) err->column = column;
    return st;
}

poshan_status poshan_json_parse(const char *text, size_t size, const char *name, cJSON **out,
                                poshan_error *err) {
    *out = NULL;
    poshan_status checked = check_text(text, size, name, err);
    if (checked != POSHAN_OK) return checked;
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
                                        _("malformed JSON near line %ld, column %ld: check for a "
                                        "missing comma, quote or bracket there"), line, column);
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
