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
 * reading a million-row file. Any other line goes to libcsv, and so does
 * every line while libcsv holds part of a record (a quoted field may hold a
 * line break, so a line after it may lie inside a field). A test feeds the
 * same lines to both and compares the records (csv_plain_lines_read_as_libcsv_reads_them). */
#include "csvread.h"

#include "i18n.h"
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
    /* A malformed record (a stray or unclosed quote): with on_malformed it is
     * handed over and reading goes on at the line after the record's first;
     * without, it stops the read. */
    poshan_csv_malformed_fn on_malformed;
    int open;               /* a record began on an earlier line and goes on */
    long record_line;       /* the line the record being read began on */
    size_t open_field;      /* the field left open at the end of that line */
    char *pending;          /* with on_malformed: the record's lines so far, for reading them again */
    size_t pending_used, pending_cap, first_len;   /* first_len: bytes of its first line */
    int first_whole;        /* first_len holds the whole first line */
    int skipping;           /* the rest of a malformed line still to come: passed over */
    long pending_lines;
    int partial;            /* libcsv has part of the current line (a read ended inside it) */
} reader;

/* With on_malformed, a quoted value may run over this many lines at most: a
 * quote never closed would otherwise swallow the rest of the file, and every
 * line of it is read again from the line after the quote. A lab's remarks
 * with a line break or two are far below it. */
#define MAX_RECORD_LINES 32

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
                                     _("out of memory reading a field"));
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
                                _("%s at character %zu of the value (%s): text must be UTF-8 without NUL "
                                "bytes; save the file as UTF-8 (in Excel: \"CSV UTF-8\")"),
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
                                     _("out of memory reading a field"));
        return 1;
    }
    if (c.count == 1 && c.lengths[0] == 0) return 1;   /* blank: libcsv makes no record of it */
    r->nfields = c.count;
    r->bytes_used = n + 1;
    end_record(r, 0);
    return 1;
}

/* The name of field i for a message: the header's name when there is one. */
static const char *field_name(const reader *r, size_t i, char *buf, size_t size) {
    if (i < r->nheader && r->header[i]) return r->header[i];
    snprintf(buf, size, "column %zu", i + 1);
    return buf;
}

/* Splits text (one line, without its end) for the values of a malformed
 * record's row: at each comma, quotes kept as typed, when that gives as many
 * values as the header has names (the usual case: a stray quote in one
 * value); else as libcsv reads it leniently (quotes taken as they come). */
static void split_leniently(reader *r, const char *text, size_t n) {
    r->nfields = 0;
    r->bytes_used = 0;
    size_t commas = 0;
    for (size_t i = 0; i < n; i++) commas += text[i] == ',';
    if (commas + 1 == r->nheader) {
        for (const char *at = text, *end = text + n; r->status == POSHAN_OK;) {
            const char *comma = memchr(at, ',', (size_t)(end - at));
            on_field((void *)at, (size_t)((comma ? comma : end) - at), r);
            if (comma == NULL) break;
            at = comma + 1;
        }
    } else {
        struct csv_parser lenient;
        if (csv_init(&lenient, 0) != 0) return;
        csv_parse(&lenient, text, n, on_field, NULL, r);
        csv_fini(&lenient, on_field, NULL, r);
        csv_free(&lenient);
    }
    for (size_t i = 0; i < r->nfields; i++) r->fields[i] = r->bytes + r->offsets[i];
}

static void feed_lines(reader *r, const char *data, size_t size);

/* libcsv refused the record begun on r->record_line (at line `at`, or at the
 * end of the file when at is 0). Without on_malformed the read stops there;
 * with it, the record's first line goes to on_malformed as a row of its own,
 * split as a spreadsheet would, and the lines after it are read again. */
static void malformed(reader *r, long at) {
    size_t field = r->open ? r->open_field : r->nfields;
    char column[32];
    const char *name = field_name(r, field, column, sizeof column);
    if (r->on_malformed == NULL || r->records == 0) {   /* a header must be read whole */
        if (at == 0)
            r->status = poshan_error_set(r->err, POSHAN_EINPUT, r->name, r->record_line, name,
                                         _("malformed CSV: a quoted value begun here is never closed (the file ends inside it); "
                                         "a value that contains a comma, quote or line break must be in quotes, "
                                         "with each quote inside it doubled"));
        else if (at != r->record_line)
            r->status = poshan_error_set(r->err, POSHAN_EINPUT, r->name, r->record_line, name,
                                         _("malformed CSV: a quoted value begun here is not closed on this line, and line %ld does "
                                         "not go on as a value would; a value that contains a comma, quote or line "
                                         "break must be in quotes, with each quote inside it doubled"), at);
        else
            r->status = poshan_error_set(r->err, POSHAN_EINPUT, r->name, r->record_line, name,
                                         _("malformed CSV: a quote is where CSV allows none; a value that contains a comma, quote "
                                         "or line break must be in quotes, with each quote inside it doubled "
                                         "(\"GPS \"\"Y\"\"\")"));
        return;
    }
    poshan_error reason;
    poshan_error_set(&reason, POSHAN_EINPUT, r->name, r->record_line, name,
                     r->open ? _("malformed CSV: a quoted value begun on this line is not closed on it (the lines after it were "
                               "read as rows of their own); a value that contains a comma, quote or line break "
                               "must be in quotes, with each quote inside it doubled")
                             : _("malformed CSV: a quote is where CSV allows none; a value that contains a comma, quote or line "
                               "break must be in quotes, with each quote inside it doubled (\"GPS \"\"Y\"\"\")"));
    /* the lines after the record's first, to read again: pending is reused by them */
    size_t again_n = r->pending_used - r->first_len;
    char *again = again_n ? malloc(again_n) : NULL;
    if (again_n && again == NULL) {
        r->status = poshan_error_set(r->err, POSHAN_ESYSTEM, r->name, r->record_line, NULL, _("out of memory"));
        return;
    }
    if (again) memcpy(again, r->pending + r->first_len, again_n);
    size_t first_n = r->first_len;
    while (first_n > 0 && (r->pending[first_n - 1] == '\n' || r->pending[first_n - 1] == '\r')) first_n--;
    split_leniently(r, r->pending, first_n);
    if (check_fields(r) != POSHAN_OK) r->nfields = 0;   /* its text is no text: the row goes without values */
    r->records++;
    poshan_csv_row row = {r->fields, r->lengths, r->nfields, r->record_line};
    r->status = r->on_malformed(r->ctx, &row, &reason, r->err);
    r->nfields = 0;
    r->bytes_used = 0;
    csv_free(&r->parser);
    if (r->status == POSHAN_OK && csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        r->status = poshan_error_set(r->err, POSHAN_ESYSTEM, r->name, 0, NULL, _("cannot start the CSV parser"));
    r->open = 0;
    r->skipping = !r->first_whole && at != 0;   /* a line longer than a read: its rest is this row's */
    r->line = r->record_line + !r->skipping;
    if (again && r->status == POSHAN_OK) feed_lines(r, again, again_n);
    free(again);
}

/* Keeps a line of the record being read, to read it again if the record is
 * malformed: only a record that goes on past its line, or is refused, is kept
 * (a copy of every line would cost an ingest of a clean file for nothing). */
static int keep_line(reader *r, const char *line, size_t n, int has_newline) {
    if (r->pending_used + n > r->pending_cap) {
        size_t cap = r->pending_cap ? r->pending_cap : 1024;
        while (cap < r->pending_used + n) cap *= 2;
        char *p = realloc(r->pending, cap);
        if (p == NULL) {
            r->status = poshan_error_set(r->err, POSHAN_ESYSTEM, r->name, r->line, NULL, _("out of memory"));
            return -1;
        }
        r->pending = p;
        r->pending_cap = cap;
    }
    memcpy(r->pending + r->pending_used, line, n);
    r->pending_used += n;
    if (!r->first_whole) {   /* a line may come in pieces, cut where a read ended */
        r->first_len += n;
        r->first_whole = has_newline;
    }
    return 0;
}

/* One physical line (n bytes, with its newline when it has one). */
static void feed_line(reader *r, const char *line, size_t n, int has_newline) {
    if (r->skipping) {
        r->skipping = !has_newline;
        r->line += has_newline;
        return;
    }
    if (!r->open) {
        r->record_line = r->line;
        r->pending_used = 0;
        r->pending_lines = 0;
        r->first_len = 0;
        r->first_whole = 0;
    }
    /* a whole plain line outside any record libcsv has begun: split here */
    if (!r->open && !r->partial && has_newline && plain_line(r, line, n - 1)) {
        r->line++;
        return;
    }
    if (csv_parse(&r->parser, line, n, on_field, on_record, r) != n) {
        r->partial = 0;
        if (r->on_malformed == NULL || keep_line(r, line, n, has_newline) == 0) malformed(r, r->line);
        return;
    }
    r->partial = !has_newline;
    /* libcsv's state 0 is ROW_NOT_BEGUN (libcsv.c): the line ended its record */
    int was_open = r->open;
    r->open = r->parser.pstate != 0;
    if (r->open && !was_open) r->open_field = r->nfields;
    if (r->open && r->on_malformed && keep_line(r, line, n, has_newline) != 0) return;
    if (has_newline) r->line++;
    if (has_newline) r->pending_lines++;
    if (r->open && r->on_malformed && r->pending_lines >= MAX_RECORD_LINES) malformed(r, r->line - 1);
}

static void feed_lines(reader *r, const char *data, size_t size) {
    while (size > 0 && r->status == POSHAN_OK) {
        const char *nl = memchr(data, '\n', size);
        size_t n = nl ? (size_t)(nl - data) + 1 : size;
        feed_line(r, data, n, nl != NULL);
        data += n;
        size -= n;
    }
}

static void feed(reader *r, const char *data, size_t size) {
    if (r->at_start && size > 0) {
        r->at_start = 0;
        if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { data += 3; size -= 3; }
    }
    feed_lines(r, data, size);
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
        return poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("cannot start the CSV parser"));
    return POSHAN_OK;
}

static poshan_status reader_close(reader *r) {
    /* a quote never closed: its record is malformed, and the lines after it are read again */
    while (r->status == POSHAN_OK && csv_fini(&r->parser, on_field, on_record, r) != 0) {
        if (!r->open) r->record_line = r->line;
        malformed(r, 0);
    }
    csv_free(&r->parser);
    free(r->pending);
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

/* The stream's records to fn; malformed ones to on_malformed when not NULL. */
static poshan_status read_stream(FILE *in, const char *name, poshan_csv_row_fn fn,
                                 poshan_csv_malformed_fn on_malformed, void *ctx, poshan_error *err) {
    reader r;
    poshan_status st = reader_open(&r, name, fn, ctx, err);
    if (st != POSHAN_OK) return st;
    r.on_malformed = on_malformed;
    static const size_t chunk = 1 << 16;
    char *buf = malloc(chunk);
    if (buf == NULL) {
        r.status = poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("out of memory"));
    }
    while (buf != NULL && r.status == POSHAN_OK) {
        size_t n = fread(buf, 1, chunk, in);
        if (n > 0) feed(&r, buf, n);
        if (n < chunk) {
            if (ferror(in))
                r.status = poshan_error_set(err, POSHAN_ESYSTEM, name, r.line, NULL,
                                            _("read error: %s"), strerror(errno));
            break;
        }
    }
    free(buf);
    return reader_close(&r);
}

poshan_status poshan_csv_read_stream(FILE *in, const char *name, poshan_csv_row_fn fn,
                                     void *ctx, poshan_error *err) {
    return read_stream(in, name, fn, NULL, ctx, err);
}

poshan_status poshan_csv_read_file(const char *path, poshan_csv_row_fn fn, void *ctx,
                                   poshan_error *err) {
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("cannot open: %s"),
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
                                    _("unknown column '%s' in the header (column %zu)"), name, f + 1);
        }
        if (index[c] >= 0)
            return poshan_error_set(err, POSHAN_EINPUT, file, header->line, name,
                                    _("column '%s' appears twice in the header"), name);
        index[c] = (int)f;
    }
    for (size_t c = 0; c < ncolumns; c++)
        if (columns[c].required && index[c] < 0)
            return poshan_error_set(err, POSHAN_EINPUT, file, header->line, columns[c].name,
                                    _("the header has no column '%s', which is required"),
                                    columns[c].name);
    return POSHAN_OK;
}

typedef struct table_reader {
    const poshan_csv_column *columns;
    size_t ncolumns;
    int allow_unknown;
    const char *name;
    poshan_csv_table_fn fn;
    poshan_csv_table_malformed_fn on_malformed;
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

/* A malformed record after the header (csvread stops at a malformed header itself). */
static poshan_status table_malformed(void *ctx, const poshan_csv_row *row, const poshan_error *reason,
                                     poshan_error *err) {
    table_reader *t = ctx;
    return t->on_malformed(t->ctx, row, t->index, reason, err);
}

poshan_status poshan_csv_read_table_past(FILE *in, const char *name, const poshan_csv_column *columns,
                                         size_t ncolumns, int allow_unknown, poshan_csv_table_fn fn,
                                         poshan_csv_table_malformed_fn on_malformed, void *ctx,
                                         poshan_error *err) {
    table_reader t = {columns, ncolumns, allow_unknown, name, fn, on_malformed, ctx, NULL, 0};
    t.index = malloc((ncolumns + 1) * sizeof *t.index);
    if (t.index == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("out of memory"));
    poshan_status st = read_stream(in, name, table_row, on_malformed ? table_malformed : NULL, &t, err);
    if (st == POSHAN_OK && !t.have_header)
        st = poshan_error_set(err, POSHAN_EINPUT, name, 1, NULL,
                              _("the file is empty: it needs a header line naming its columns"));
    free(t.index);
    return st;
}

poshan_status poshan_csv_read_table(FILE *in, const char *name, const poshan_csv_column *columns,
                                    size_t ncolumns, int allow_unknown, poshan_csv_table_fn fn,
                                    void *ctx, poshan_error *err) {
    return poshan_csv_read_table_past(in, name, columns, ncolumns, allow_unknown, fn, NULL, ctx, err);
}

poshan_status poshan_csv_read_table_file(const char *path, const poshan_csv_column *columns,
                                         size_t ncolumns, int allow_unknown,
                                         poshan_csv_table_fn fn, void *ctx, poshan_error *err) {
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("cannot open: %s"), strerror(errno));
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
