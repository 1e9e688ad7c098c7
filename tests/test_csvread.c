/* test_csvread.c: the CSV reader splits plain lines itself and hands every
 * other line to libcsv (csvread.c); whatever the lines, its records must be
 * the records libcsv makes of the same bytes, read here with libcsv alone. */
#include <criterion/criterion.h>
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"

/* Records written out as text: fields joined by '|', each record ended by '\n'. */
typedef struct records {
    char text[1 << 16];
    size_t used;
    int in_record;
} records;

static void put(records *r, const char *s, size_t n) {
    cr_assert_lt(r->used + n, sizeof r->text);
    memcpy(r->text + r->used, s, n);
    r->used += n;
    r->text[r->used] = '\0';
}

static void libcsv_field(void *s, size_t n, void *data) {
    records *r = data;
    if (r->in_record) put(r, "|", 1);
    put(r, s, n);
    r->in_record = 1;
}

static void libcsv_record(int c, void *data) {
    (void)c;
    records *r = data;
    put(r, "\n", 1);
    r->in_record = 0;
}

/* libcsv alone, as csvread.c sets it up: the records, or -1 when it refuses the bytes. */
static int by_libcsv(const char *bytes, size_t n, records *out) {
    struct csv_parser p;
    memset(out, 0, sizeof *out);
    cr_assert_eq(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    int ok = csv_parse(&p, bytes, n, libcsv_field, libcsv_record, out) == n &&
             csv_fini(&p, libcsv_field, libcsv_record, out) == 0;
    csv_free(&p);
    return ok ? 0 : -1;
}

static poshan_status collect(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    (void)err;
    records *r = ctx;
    for (size_t i = 0; i < row->count; i++) {
        if (i) put(r, "|", 1);
        put(r, row->fields[i], row->lengths[i]);
    }
    put(r, "\n", 1);
    return POSHAN_OK;
}

static int by_poshan(const char *bytes, size_t n, records *out) {
    poshan_error err;
    memset(out, 0, sizeof *out);
    return poshan_csv_read_buffer(bytes, n, "t.csv", collect, out, &err) == POSHAN_OK ? 0 : -1;
}

static void same_records(const char *bytes, size_t n) {
    static records a, b;
    int ra = by_libcsv(bytes, n, &a), rb = by_poshan(bytes, n, &b);
    cr_assert_eq(rb, ra, "accepted differently: %.*s", (int)n, bytes);
    if (ra == 0) cr_assert_str_eq(b.text, a.text, "for the bytes: %.*s", (int)n, bytes);
}

Test(csvread, plain_lines_are_trimmed_and_split_as_libcsv_does) {
    /* worked by hand: blanks around fields go, blanks inside stay, a blank
     * line and a line of blanks make no record, CRLF ends a line */
    const char *text = "  a , b c\t,\r\n\n \t \r\nx,,y\n";
    static records r;
    cr_assert_eq(by_poshan(text, strlen(text), &r), 0);
    cr_assert_str_eq(r.text, "a|b c|\nx||y\n");
    same_records(text, strlen(text));
}

Test(csvread, plain_lines_read_as_libcsv_reads_them) {
    const char *cases[] = {
        "a,b\n", "a,b", "a,b\r\n", ",\n", ",,,\n", " \n", "\t\n", "\r\n", "\n\n\n",
        "a\rb,c\n",                       /* a CR inside a line ends a record there */
        "a,b\r\r\n",                     /* two CRs: the second is not at the end */
        "0123456789abcdef,0123456789abcde,\n",                    /* commas at 16 and 31 */
        "0123456789abcde,0123456789abcdef,0123456789abcdef0123456789\n",
        "  padded  ,\t tabbed\t ,0123456789abcdef  \n",
        "na\xc3\xafve,caf\xc3\xa9\nplain,line\n",  /* UTF-8: to libcsv, then plain again */
        "\x01,ctl\n",
        "a,\"quoted, with comma\"\nlater,plain\n",  /* after a quote, libcsv reads all */
        "a,\"line\nbreak\",b\nc,d\n",
        "a,b\"c\n",                       /* a quote inside a field: both refuse */
        "a,\"open\n",                     /* never closed: both refuse */
        "last,line,no newline",
        "x\x7fy,z\n",
        /* more fields than the reader first has room for, then a byte that is not plain */
        "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,"
        "35,36,37,38,39,caf\xc3\xa9\nx,y\n",
        "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,"
        "35,36,37,38,39,40\nx,y\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) same_records(cases[i], strlen(cases[i]));
}

Test(csvread, random_lines_read_as_libcsv_reads_them) {
    /* 3,000 texts of 0-80 pieces drawn from letters, blanks, commas, line
     * ends, a control byte, a 2-byte character and (in one text in ten) a
     * quote; a fixed seed, so a failure is reproducible */
    static const char *const pieces[] = {"a", "b", "7", " ", "\t", ",", ",", "\n", "\r\n", "\r", "\x01",
                                         "\xc3\xa9", "0123456789abcdef", "\""};
    srand(11);
    char text[2048];
    for (int t = 0; t < 3000; t++) {
        size_t n = 0, npieces = (size_t)(rand() % 81), choices = t % 10 == 0 ? 14 : 13;
        for (size_t k = 0; k < npieces; k++) {
            const char *p = pieces[rand() % (int)choices];
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
        same_records(text, n);
    }
}

typedef struct line_numbers {
    long line[8];
    size_t n;
} line_numbers;

static poshan_status note_line(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    (void)err;
    line_numbers *l = ctx;
    cr_assert_lt(l->n, 8);
    l->line[l->n++] = row->line;
    return POSHAN_OK;
}

Test(csvread, records_are_numbered_by_the_line_they_end_on) {
    /* line 1 the header, 2 blank, 3 plain, 4-5 a quoted field with a line
     * break (libcsv from here on), 6 plain */
    const char *text = "h1,h2\n\na,b\r\n\"c\nd\",e\nf,g\n";
    line_numbers l = {{0}, 0};
    poshan_error err;
    cr_assert_eq(poshan_csv_read_buffer(text, strlen(text), "t.csv", note_line, &l, &err), POSHAN_OK);
    cr_assert_eq(l.n, 4);
    cr_assert_eq(l.line[0], 1);
    cr_assert_eq(l.line[1], 3);
    cr_assert_eq(l.line[2], 5);
    cr_assert_eq(l.line[3], 6);
}
