/* growth_zscores.c: `growth zscores` as a library call (growth_zscores.h):
 * each good record is written as soon as it is read, through one buffer,
 * with the fields as they came and the scores as WHO reports them. */
#include "growth_zscores.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static const char *const added[POSHAN_GROWTH_ADDED_COLUMNS] = {"bmi", "haz", "waz", "baz",
                                                                "haz_flag", "waz_flag", "baz_flag"};

/* Output through one buffer: a record is many short pieces. */
typedef struct writer {
    FILE *out;
    const poshan_growth_zscores_options *opt;
    char buf[1 << 16];
    size_t used;
    int failed;
    long written;
    size_t ncols;                /* the file's columns, then the added ones */
    char **names;                /* all columns' names, for JSON and the table */
    size_t *width;               /* table: each column's width */
} writer;

static void flush(writer *w) {
    if (w->used && fwrite(w->buf, 1, w->used, w->out) != w->used) w->failed = 1;
    w->used = 0;
}

static void put(writer *w, const char *text, size_t n) {
    if (w->used + n > sizeof w->buf) flush(w);
    if (n > sizeof w->buf) {
        if (fwrite(text, 1, n, w->out) != n) w->failed = 1;
        return;
    }
    memcpy(w->buf + w->used, text, n);
    w->used += n;
}

static void put_char(writer *w, char c) { put(w, &c, 1); }

/* A CSV field, quoted (quotes doubled) only when it must be. */
static void put_csv(writer *w, const char *text, size_t n) {
    if (n == 0 || (strpbrk(text, ",\"\r\n") == NULL && text[0] != ' ' && text[n - 1] != ' ' && text[0] != '\t' &&
                   text[n - 1] != '\t')) {
        put(w, text, n);
        return;
    }
    put_char(w, '"');
    for (const char *p = text; *p; p++) {
        if (*p == '"') put_char(w, '"');
        put_char(w, *p);
    }
    put_char(w, '"');
}

/* A JSON string. */
static void put_json(writer *w, const char *text) {
    put_char(w, '"');
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            put_char(w, '\\');
            put_char(w, (char)*p);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            put(w, esc, 6);
        } else put_char(w, (char)*p);
    }
    put_char(w, '"');
}

/* A table cell, right-aligned to its column's width. */
static void put_cell(writer *w, size_t col, const char *text, size_t n) {
    if (col) put(w, "  ", 2);
    for (size_t i = n; i < w->width[col]; i++) put_char(w, ' ');
    put(w, text, n);
}

static void put_value(writer *w, size_t col, int first, const char *text, size_t n, int number) {
    switch (w->opt->format) {
    case POSHAN_FORMAT_CSV:
        if (!first) put_char(w, ',');
        put_csv(w, text, n);
        break;
    case POSHAN_FORMAT_JSON:
        put(w, first ? "{" : ", ", first ? 1 : 2);
        put_json(w, w->names[col]);
        put(w, ": ", 2);
        if (!number) put_json(w, text);
        else if (n == 0) put(w, "null", 4);
        else put(w, text, n);
        break;
    default: put_cell(w, col, text, n); break;
    }
}

static poshan_status on_header(void *ctx, const poshan_csv_row *header, poshan_error *err) {
    writer *w = ctx;
    for (size_t f = 0; f < header->count; f++)
        for (int a = 0; a < POSHAN_GROWTH_ADDED_COLUMNS; a++)
            if (strcmp(header->fields[f], added[a]) == 0)
                return poshan_error_set(err, POSHAN_EINPUT, NULL, header->line, added[a],
                                        _("the file already has a column '%s', which poshan adds: rename or "
                                        "remove it"), added[a]);
    w->ncols = header->count + POSHAN_GROWTH_ADDED_COLUMNS;
    w->names = calloc(w->ncols, sizeof *w->names);
    w->width = calloc(w->ncols, sizeof *w->width);
    if (w->names == NULL || w->width == NULL)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    for (size_t c = 0; c < w->ncols; c++) {
        const char *name = c < header->count ? header->fields[c] : added[c - header->count];
        w->names[c] = strdup(name);
        if (w->names[c] == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
        /* a streamed table cannot measure its rows: at least 8, enough for a score */
        size_t n = strlen(name);
        w->width[c] = n < 8 ? 8 : n;
    }
    if (w->opt->format == POSHAN_FORMAT_JSON) put_char(w, '[');
    else {
        for (size_t c = 0; c < w->ncols; c++) {
            if (w->opt->format == POSHAN_FORMAT_CSV) {
                if (c) put_char(w, ',');
                put_csv(w, w->names[c], strlen(w->names[c]));
            } else put_cell(w, c, w->names[c], strlen(w->names[c]));
        }
        put_char(w, '\n');
    }
    return POSHAN_OK;
}

static poshan_status on_child(void *ctx, const poshan_csv_row *row, const poshan_growth_child *c,
                              const poshan_growth_scores *s, const char *const *group, poshan_error *err) {
    (void)c, (void)group;
    writer *w = ctx;
    const poshan_growth_reference *ref = w->opt->ref;
    size_t nfile = w->ncols - POSHAN_GROWTH_ADDED_COLUMNS;
    if (w->opt->format == POSHAN_FORMAT_JSON) put(w, w->written ? ",\n" : "\n", w->written ? 2 : 1);
    for (size_t f = 0; f < nfile; f++)
        put_value(w, f, f == 0, f < row->count ? row->fields[f] : "", f < row->count ? row->lengths[f] : 0, 0);
    char text[48];
    size_t n = poshan_format_fixed(text, sizeof text, s->bmi, 2);
    put_value(w, nfile, 0, text, n, 1);
    for (int k = 0; k < POSHAN_GROWTH_SCORES; k++) {
        n = s->defined[k] ? poshan_growth_format(ref, s->z[k], text, sizeof text) : 0;
        put_value(w, nfile + 1 + (size_t)k, 0, text, n, 1);
    }
    for (int k = 0; k < POSHAN_GROWTH_SCORES; k++)
        put_value(w, nfile + 4 + (size_t)k, 0, s->flagged[k] ? "1" : "0", s->defined[k] ? 1 : 0, 1);
    put(w, w->opt->format == POSHAN_FORMAT_JSON ? "}" : "\n", 1);
    w->written++;
    if (w->failed) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("cannot write the output"));
    return POSHAN_OK;
}

poshan_status poshan_growth_zscores(FILE *in, const char *name, FILE *out, const poshan_growth_zscores_options *opt,
                                    poshan_growth_zscores_result *result, poshan_error *err) {
    writer *w = calloc(1, sizeof *w);
    if (w == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    w->out = out;
    w->opt = opt;
    poshan_growth_reader reader = {.ref = opt->ref, .on_header = on_header, .on_child = on_child,
                                   .on_bad = opt->on_bad, .strict = opt->strict, .ctx = w};
    memset(result, 0, sizeof *result);
    poshan_status st = poshan_growth_read(in, name, &reader, &result->bad, err);
    if (st == POSHAN_OK && opt->format == POSHAN_FORMAT_JSON) put(w, w->written ? "\n]\n" : "]\n", w->written ? 3 : 2);
    flush(w);
    if (st == POSHAN_OK && (w->failed || fflush(out) != 0))
        st = poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("cannot write the output"));
    if (st == POSHAN_EINPUT && err->file[0] == '\0') snprintf(err->file, sizeof err->file, "%s", name);
    result->written = w->written;
    for (size_t c = 0; w->names && c < w->ncols; c++) free(w->names[c]);
    free(w->names);
    free(w->width);
    free(w);
    return st;
}
