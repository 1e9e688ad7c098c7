/* csvread.c: a streaming, line-numbering CSV reader over libcsv (see csvread.h).
 *
 * libcsv is a push parser: we feed it bytes and it calls back per field and
 * per record. We feed it one physical line at a time so that, when it reports
 * the end of a record, we know which line that record ended on. Every field
 * is checked before a callback sees it: a NUL byte would cut it short and
 * bytes that are not UTF-8 would make every JSON answer invalid.
 *
 * A plain line, one of printable ASCII without a quote (nearly every line
 * of the files poshan reads), is split at its commas here instead: with no
 * quote, a CSV field is the bytes between two commas, and libcsv trims
 * spaces and tabs at its ends, as plain_line does; nothing in it needs the
 * UTF-8 check. libcsv, byte by byte, was three quarters of the time of
 * reading a million-row file. Any other line goes to libcsv, and once a
 * quote has been seen every later line does (a quoted field may hold a line
 * break, so a line after it may lie inside a field). A test feeds the same
 * lines to both and compares the records (csv_plain_lines_read_as_libcsv_reads_them). */
#include "csvread.h"

#include "text.h"

#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct reader {
    struct csv_parser parser;
    const char *name;
    poshan_csv_row_fn fn;
    void *ctx;
    poshan_error *err;
    poshan_status status;   /* first non-OK status from the callback */
    long line;              /* physical line being fed, 1-based */
    int at_start;           /* still before the first byte (for the BOM) */
    int at_file_start;      /* began at the file's start: its first record is the header */
    /* the record being assembled: field bytes packed in one buffer */
    char *bytes;
    size_t bytes_used, bytes_cap;
    size_t *offsets, *lengths;
    char **fields;
    size_t nfields, fields_cap;
    char **header;          /* the first record's fields, when the reader began at the file's start */
    size_t nheader;
    int records;            /* records seen */
    int quoted;             /* a quote has been seen: libcsv reads every line from here on */
    int partial;            /* libcsv has part of the current line */
} reader;

static int grow_bytes(reader *r, size_t need) {
    if (need <= r->bytes_cap) return 0;
    size_t cap = r->bytes_cap ? r->bytes_cap : 256;
    while (cap < need) cap *= 2;
    char *p = realloc(r->bytes, cap);
    if (p == NULL) return -1;
    r->bytes = p;
    r->bytes_cap = cap;
    return 0;
}

static int grow_fields(reader *r) {
    if (r->nfields < r->fields_cap) return 0;
    size_t cap = r->fields_cap ? r->fields_cap * 2 : 32;
    size_t *offsets = realloc(r->offsets, cap * sizeof *offsets);
    if (offsets) r->offsets = offsets;
    size_t *lengths = realloc(r->lengths, cap * sizeof *lengths);
    if (lengths) r->lengths = lengths;
    char **fields = realloc(r->fields, cap * sizeof *fields);
    if (fields) r->fields = fields;
    if (!offsets || !lengths || !fields) return -1;
    r->fields_cap = cap;
    return 0;
}

static void on_field(void *s, size_t len, void *data) {
    reader *r = data;
    if (r->status != POSHAN_OK) return;
    if (grow_bytes(r, r->bytes_used + len + 1) != 0 || grow_fields(r) != 0) {
        r->status = poshan_error_set(r->err, POSHAN_ESYSTEM, r->name, r->line, NULL,
                                     "out of memory reading a field");
        return;
    }
    if (len) memcpy(r->bytes + r->bytes_used, s, len);
    r->bytes[r->bytes_used + len] = '\0';
    r->offsets[r->nfields] = r->bytes_used;
    r->lengths[r->nfields] = len;
    r->bytes_used += len + 1;
    r->nfields++;
}

/* Refuses a field with a NUL byte or bytes that are not UTF-8, naming its
 * line and its column (by the header's name when there is one). */
static poshan_status check_fields(reader *r) {
    for (size_t i = 0; i < r->nfields; i++) {
        size_t at;
        const char *problem = poshan_text_problem(r->fields[i], r->lengths[i], &at);
        if (problem == NULL) continue;
        char column[32];
        snprintf(column, sizeof column, "column %zu", i + 1);
        return poshan_error_set(r->err, POSHAN_EINPUT, r->name, r->line,
                                i < r->nheader && r->records > 0 && r->header[i] ? r->header[i] : column,
                                "%s at character %zu of the value (%s): text must be UTF-8 without NUL "
                                "bytes; save the file as UTF-8 (in Excel: \"CSV UTF-8\")",
                                problem, poshan_utf8_chars(r->fields[i], at) + 1, column);
    }
    return POSHAN_OK;
}

/* Keeps the header's names for the messages of check_fields. */
static void keep_header(reader *r) {
    if (r->records != 0 || !r->at_file_start || (r->header = calloc(r->nfields, sizeof *r->header)) == NULL)
        return;
    r->nheader = r->nfields;
    for (size_t i = 0; i < r->nfields; i++) r->header[i] = strdup(r->fields[i]);  /* NULL: "column N" */
}

/* The record assembled: to the callback, its fields first checked unless
 * they came from a plain line. */
static void end_record(reader *r, int check) {
    if (r->status == POSHAN_OK) {
        for (size_t i = 0; i < r->nfields; i++) r->fields[i] = r->bytes + r->offsets[i];
        if (check) r->status = check_fields(r);
        if (r->status == POSHAN_OK) keep_header(r);
        r->records++;
        poshan_csv_row row = {r->fields, r->lengths, r->nfields, r->line};
        if (r->status == POSHAN_OK) r->status = r->fn(r->ctx, &row, r->err);
    }
    r->nfields = 0;
    r->bytes_used = 0;
}

static void on_record(int c, void *data) {
    (void)c;
    end_record(data, 1);
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Printable ASCII, a space or a tab, and not a quote. */
static int plain_byte(unsigned char c) { return (c >= 0x20 || c == '\t') && c < 0x7F && c != '"'; }

#ifdef __SSE2__
/* The 16 bytes at p, one bit each: returned, those that are not plain
 * bytes; in *commas, the commas. */
static unsigned scan16(const char *p, unsigned *commas) {
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    /* signed: bytes from 0x80 are negative, so below 0x20 too */
    __m128i bad = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
    bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    *commas = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
    return (unsigned)_mm_movemask_epi8(bad);
}
#endif

/* The fields of a plain line, cut in a copy of it (its commas become NULs):
 * kept in locals while the line is read, so that the stores into the copy
 * need not be taken to change the reader. */
typedef struct cutting {
    char *copy;
    size_t *offsets, *lengths;
    size_t count, capacity;
} cutting;

/* The field [start, end) of the copy, its blanks trimmed at both ends as
 * libcsv trims them. -1 when out of memory. */
static inline int cut_field(reader *r, cutting *c, size_t start, size_t end) {
    /* the bytes are plain (checked up to here): only a blank is at or below a space */
    if (start < end && ((unsigned char)c->copy[start] <= ' ' || (unsigned char)c->copy[end - 1] <= ' ')) {
        while (start < end && is_blank(c->copy[start])) start++;
        while (end > start && is_blank(c->copy[end - 1])) end--;
    }
    c->copy[end] = '\0';
    if (c->count == c->capacity) {
        r->nfields = c->count;   /* what grow_fields looks at; no record is in r until the line is read */
        int grown = grow_fields(r);
        r->nfields = 0;
        if (grown != 0) return -1;
        c->offsets = r->offsets;
        c->lengths = r->lengths;
        c->capacity = r->fields_cap;
    }
    c->offsets[c->count] = start;
    c->lengths[c->count] = end - start;
    c->count++;
    return 0;
}

/* Reads line (n bytes, its LF left off) as libcsv would when it is plain:
 * every byte printable ASCII, space or tab, no quote, a CR only at the end.
 * Returns 0, having read nothing, when it is not. */
static int plain_line(reader *r, const char *line, size_t n) {
    if (n > 0 && line[n - 1] == '\r') n--;
    if (grow_bytes(r, n + 1) != 0) return 0;   /* libcsv says so */
    cutting c = {r->bytes, r->offsets, r->lengths, 0, r->fields_cap};
    memcpy(c.copy, line, n);
    c.copy[n] = '\0';
    size_t i = 0, start = 0;
    int failed = 0;
#ifdef __SSE2__
    for (; i + 16 <= n; i += 16) {
        unsigned commas;
        if (scan16(c.copy + i, &commas) != 0) return 0;
        for (; commas != 0; commas &= commas - 1) {
            size_t at = i + (size_t)__builtin_ctz(commas);
            failed |= cut_field(r, &c, start, at);
            start = at + 1;
        }
    }
#endif
    for (; i < n; i++) {
        if (!plain_byte((unsigned char)c.copy[i])) return 0;
        if (c.copy[i] == ',') {
            failed |= cut_field(r, &c, start, i);
            start = i + 1;
        }
    }
    failed |= cut_field(r, &c, start, n);
    if (failed) {
        r->status = poshan_error_set(r->err, POSHAN_ESYSTEM, r->name, r->line, NULL,
                                     "out of memory reading a field");
        return 1;
    }
    if (c.count == 1 && c.lengths[0] == 0) return 1;   /* blank: libcsv makes no record of it */
    r->nfields = c.count;
    r->bytes_used = n + 1;
    end_record(r, 0);
    return 1;
}

static void feed(reader *r, const char *data, size_t size) {
    if (r->at_start && size > 0) {
        r->at_start = 0;
        if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { data += 3; size -= 3; }
    }
    while (size > 0 && r->status == POSHAN_OK) {
        const char *nl = memchr(data, '\n', size);
        size_t n = nl ? (size_t)(nl - data) + 1 : size;
        if (nl && !r->quoted && !r->partial && plain_line(r, data, n - 1)) {
            r->line++;
            data += n;
            size -= n;
            continue;
        }
        if (memchr(data, '"', n) != NULL) r->quoted = 1;
        r->partial = nl == NULL;
        if (csv_parse(&r->parser, data, n, on_field, on_record, r) != n) {
            r->status = poshan_error_set(r->err, POSHAN_EINPUT, r->name, r->line, NULL,
                                         "malformed CSV (%s); a field that contains a comma, "
                                         "quote or line break must be quoted, with quotes doubled",
                                         csv_strerror(csv_error(&r->parser)));
            return;
        }
        if (nl) r->line++;
        data += n;
        size -= n;
    }
}

static poshan_status reader_open(reader *r, const char *name, poshan_csv_row_fn fn, void *ctx,
                                 poshan_error *err) {
    memset(r, 0, sizeof *r);
    r->name = name;
    r->fn = fn;
    r->ctx = ctx;
    r->err = err;
    r->line = 1;
    r->at_start = 1;
    r->at_file_start = 1;
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, "cannot start the CSV parser");
    return POSHAN_OK;
}

static poshan_status reader_close(reader *r) {
    if (r->status == POSHAN_OK && csv_fini(&r->parser, on_field, on_record, r) != 0)
        r->status = poshan_error_set(r->err, POSHAN_EINPUT, r->name, r->line, NULL,
                                     "malformed CSV at the end of the file: a quoted field "
                                     "is never closed");
    csv_free(&r->parser);
    free(r->bytes);
    free(r->offsets);
    free(r->lengths);
    free(r->fields);
    for (size_t i = 0; i < r->nheader; i++) free(r->header[i]);
    free(r->header);
    return r->status;
}

poshan_status poshan_csv_read_buffer(const char *data, size_t size, const char *name,
                                     poshan_csv_row_fn fn, void *ctx, poshan_error *err) {
    reader r;
    poshan_status st = reader_open(&r, name, fn, ctx, err);
    if (st != POSHAN_OK) return st;
    feed(&r, data, size);
    return reader_close(&r);
}

poshan_status poshan_csv_read_span(const char *data, size_t size, const char *name, long *line,
                                   poshan_csv_row_fn fn, void *ctx, poshan_error *err) {
    reader r;
    poshan_status st = reader_open(&r, name, fn, ctx, err);
    if (st != POSHAN_OK) return st;
    r.at_start = 0;
    r.at_file_start = 0;
    r.line = *line;
    feed(&r, data, size);
    *line = r.line;
    return reader_close(&r);
}

poshan_status poshan_csv_read_stream(FILE *in, const char *name, poshan_csv_row_fn fn,
                                     void *ctx, poshan_error *err) {
    reader r;
    poshan_status st = reader_open(&r, name, fn, ctx, err);
    if (st != POSHAN_OK) return st;
    static const size_t chunk = 1 << 16;
    char *buf = malloc(chunk);
    if (buf == NULL) {
        r.status = poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, "out of memory");
    }
    while (buf != NULL && r.status == POSHAN_OK) {
        size_t n = fread(buf, 1, chunk, in);
        if (n > 0) feed(&r, buf, n);
        if (n < chunk) {
            if (ferror(in))
                r.status = poshan_error_set(err, POSHAN_ESYSTEM, name, r.line, NULL,
                                            "read error: %s", strerror(errno));
            break;
        }
    }
    free(buf);
    return reader_close(&r);
}

poshan_status poshan_csv_read_file(const char *path, poshan_csv_row_fn fn, void *ctx,
                                   poshan_error *err) {
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, "cannot open: %s",
                                strerror(errno));
    poshan_status st = poshan_csv_read_stream(in, path, fn, ctx, err);
    fclose(in);
    return st;
}

poshan_status poshan_csv_map_header(const poshan_csv_row *header,
                                    const poshan_csv_column *columns, size_t ncolumns,
                                    int allow_unknown, int *index, const char *file,
                                    poshan_error *err) {
    for (size_t c = 0; c < ncolumns; c++) index[c] = -1;
    for (size_t f = 0; f < header->count; f++) {
        const char *name = header->fields[f];
        size_t c = 0;
        while (c < ncolumns && strcasecmp(columns[c].name, name) != 0) c++;
        if (c == ncolumns) {
            if (allow_unknown) continue;
            return poshan_error_set(err, POSHAN_EINPUT, file, header->line, name,
                                    "unknown column '%s' in the header (column %zu)", name, f + 1);
        }
        if (index[c] >= 0)
            return poshan_error_set(err, POSHAN_EINPUT, file, header->line, name,
                                    "column '%s' appears twice in the header", name);
        index[c] = (int)f;
    }
    for (size_t c = 0; c < ncolumns; c++)
        if (columns[c].required && index[c] < 0)
            return poshan_error_set(err, POSHAN_EINPUT, file, header->line, columns[c].name,
                                    "the header has no column '%s', which is required",
                                    columns[c].name);
    return POSHAN_OK;
}

typedef struct table_reader {
    const poshan_csv_column *columns;
    size_t ncolumns;
    int allow_unknown;
    const char *name;
    poshan_csv_table_fn fn;
    void *ctx;
    int *index;
    int have_header;
} table_reader;

static poshan_status table_row(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    table_reader *t = ctx;
    if (t->have_header) return t->fn(t->ctx, row, t->index, err);
    t->have_header = 1;
    return poshan_csv_map_header(row, t->columns, t->ncolumns, t->allow_unknown, t->index, t->name, err);
}

poshan_status poshan_csv_read_table(FILE *in, const char *name, const poshan_csv_column *columns,
                                    size_t ncolumns, int allow_unknown, poshan_csv_table_fn fn,
                                    void *ctx, poshan_error *err) {
    table_reader t = {columns, ncolumns, allow_unknown, name, fn, ctx, NULL, 0};
    t.index = malloc((ncolumns + 1) * sizeof *t.index);
    if (t.index == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, "out of memory");
    poshan_status st = poshan_csv_read_stream(in, name, table_row, &t, err);
    if (st == POSHAN_OK && !t.have_header)
        st = poshan_error_set(err, POSHAN_EINPUT, name, 1, NULL,
                              "the file is empty: it needs a header line naming its columns");
    free(t.index);
    return st;
}

poshan_status poshan_csv_read_table_file(const char *path, const poshan_csv_column *columns,
                                         size_t ncolumns, int allow_unknown,
                                         poshan_csv_table_fn fn, void *ctx, poshan_error *err) {
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, "cannot open: %s", strerror(errno));
    poshan_status st = poshan_csv_read_table(in, path, columns, ncolumns, allow_unknown, fn, ctx, err);
    fclose(in);
    return st;
}

const char *poshan_csv_field(const poshan_csv_row *row, int index) {
    if (index < 0 || (size_t)index >= row->count) return "";
    return row->fields[index];
}

int poshan_parse_number(const char *text, double *out) {
    while (*text == ' ' || *text == '\t') text++;
    if (*text == '\0') return 0;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    while (*end == ' ' || *end == '\t') end++;
    if (end == text || *end != '\0' || errno == ERANGE || !isfinite(v)) return -1;
    *out = v;
    return 1;
}

int poshan_parse_whole(const char *text, unsigned long long min, unsigned long long max,
                       unsigned long long *out) {
    if (text == NULL || !isdigit((unsigned char)text[0])) return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0' || errno == ERANGE || v < min || v > max) return -1;
    *out = v;
    return 0;
}
