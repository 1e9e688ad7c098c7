/* fuzz_csv.c: libFuzzer target for the CSV reader every CSV goes through
 * (engine/base/csvread.c), which splits plain lines itself and hands the
 * rest to libcsv. The same bytes are read with libcsv alone, set up as the
 * reader sets it up, and the two must agree: the same records, field for
 * field, or both refuse the bytes. The reader may refuse more than libcsv
 * alone, but only for what it checks on top (a NUL byte or bytes that are
 * not UTF-8, so only when such a byte is there). Built by `make fuzz` with
 * clang -fsanitize=fuzzer,address,undefined. */
#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"

/* Records written out as text: each field as its length and bytes, each
 * record ended by a mark, so that no field's bytes can pass for another's. */
typedef struct records {
    char *text;
    size_t used, cap;
} records;

static void put(records *r, const void *s, size_t n) {
    if (r->used + n > r->cap) {
        r->cap = (r->used + n) * 2;
        if ((r->text = realloc(r->text, r->cap)) == NULL) abort();
    }
    memcpy(r->text + r->used, s, n);
    r->used += n;
}

static void put_field(records *r, const void *s, size_t n) {
    put(r, &n, sizeof n);
    put(r, s, n);
}

static void put_end(records *r) {
    size_t mark = SIZE_MAX;
    put(r, &mark, sizeof mark);
}

static void libcsv_field(void *s, size_t n, void *data) { put_field(data, s, n); }
static void libcsv_record(int c, void *data) { (void)c; put_end(data); }

static poshan_status collect(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    (void)err;
    for (size_t i = 0; i < row->count; i++) put_field(ctx, row->fields[i], row->lengths[i]);
    put_end(ctx);
    return POSHAN_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static records alone, reader;
    alone.used = reader.used = 0;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) abort();
    /* the reader strips a UTF-8 byte-order mark first */
    size_t skip = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int alone_ok = csv_parse(&p, data + skip, size - skip, libcsv_field, libcsv_record, &alone) == size - skip &&
                   csv_fini(&p, libcsv_field, libcsv_record, &alone) == 0;
    csv_free(&p);
    poshan_error err;
    int reader_ok = poshan_csv_read_buffer((const char *)data, size, "fuzz.csv", collect, &reader, &err) == POSHAN_OK;
    if (reader_ok && !alone_ok) abort();
    if (reader_ok && (reader.used != alone.used || (reader.used > 0 && memcmp(reader.text, alone.text, reader.used) != 0)))
        abort();
    if (!reader_ok && alone_ok) {   /* only the reader's own checks may refuse what libcsv reads */
        int checked = 0;
        for (size_t i = 0; i < size && !checked; i++) checked = data[i] == 0 || data[i] >= 0x80;
        if (!checked) abort();
    }
    return 0;
}
