/* lab.h: lab results of cooked-meal samples: the record, its validation,
 * reading CSV and JSON, storing (ingest with its all-or-nothing, --partial,
 * duplicate and --amend rules), reading back (query, history) and export.
 *
 * Units are converted once, when a row is read: a stored sample always holds
 * energy in kcal and protein in grams per serving. */
#ifndef POSHAN_LAB_H
#define POSHAN_LAB_H

#include <stdio.h>

#include "error.h"
#include "norms.h"
#include "plausible.h"
#include "table.h"

/* The columns a lab file may have, in the order export writes them. */
enum {
    POSHAN_LAB_SAMPLE_ID, POSHAN_LAB_LAB, POSHAN_LAB_SCHOOL_UDISE, POSHAN_LAB_SCHOOL_NAME,
    POSHAN_LAB_DISTRICT, POSHAN_LAB_BLOCK, POSHAN_LAB_LEVEL, POSHAN_LAB_KITCHEN,
    POSHAN_LAB_SAMPLED_ON, POSHAN_LAB_TESTED_ON, POSHAN_LAB_ENERGY_KCAL, POSHAN_LAB_PROTEIN_G,
    POSHAN_LAB_E_COLI, POSHAN_LAB_TPC, POSHAN_LAB_COLIFORMS, POSHAN_LAB_MENU_DAY,
    POSHAN_LAB_REMARKS,
    /* accepted on input only, converted to the columns above */
    POSHAN_LAB_ENERGY_KJ, POSHAN_LAB_ENERGY_KCAL_100G, POSHAN_LAB_PROTEIN_G_100G,
    POSHAN_LAB_SERVING_G,
    POSHAN_LAB_NCOLUMNS
};
#define POSHAN_LAB_EXPORT_COLUMNS (POSHAN_LAB_REMARKS + 1)

/* The column's name in files ("energy_kcal"). */
const char *poshan_lab_column_name(int column);

/* 1 kcal = 4.184 kJ (the thermochemical calorie IFCT 2017 converts with). */
#define POSHAN_LAB_KJ_PER_KCAL 4.184

/* The columns a rejects file adds after the input's own (lab_store.h): a
 * file that has them is read as if it had not, so a corrected rejects file
 * ingests as it is. */
#define POSHAN_LAB_REJECT_COLUMNS "rejected_line,rejected_field,rejected_reason"

/* Text is limited in characters, not bytes (a Devanagari letter is three
 * bytes); a buffer holds that many characters of up to 4 bytes each. */
#define POSHAN_LAB_TEXT_BYTES(chars) (4 * (chars) + 1)
enum {
    POSHAN_LAB_SAMPLE_ID_CHARS = 63, POSHAN_LAB_LAB_CHARS = 127,
    POSHAN_LAB_SCHOOL_NAME_CHARS = 200, POSHAN_LAB_PLACE_CHARS = 63,   /* district, block */
    POSHAN_LAB_MENU_DAY_CHARS = 47, POSHAN_LAB_REMARKS_CHARS = 511
};

typedef struct poshan_lab_sample {
    char sample_id[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_SAMPLE_ID_CHARS)];
    char lab[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_LAB_CHARS)];
    char school_udise[12];        /* 11 digits */
    char school_name[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_SCHOOL_NAME_CHARS)];
    char district[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_PLACE_CHARS)];
    char block[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_PLACE_CHARS)];
    char level[32];               /* a level of norms.json: "primary", "upper_primary" */
    char kitchen[16];             /* "school" or "centralized" */
    char sampled_on[11], tested_on[11];  /* YYYY-MM-DD */
    double energy_kcal, protein_g;       /* per serving */
    char e_coli[8];               /* "absent", "present", or "" when not tested */
    double total_plate_count_cfu_g, coliforms_cfu_g;  /* NAN when not tested */
    char menu_day[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_MENU_DAY_CHARS)];
    char remarks[POSHAN_LAB_TEXT_BYTES(POSHAN_LAB_REMARKS_CHARS)];
    double serving_g;             /* as read (NAN when not given); not stored */
} poshan_lab_sample;

/* A sample is mostly room for long names: packed, it is its numbers and the
 * used bytes of its text, one after another (at most sizeof (poshan_lab_sample)
 * bytes), for passing many of them through a small buffer. pack returns the
 * bytes written to dst; unpack reads them back into a whole sample. */
size_t poshan_lab_sample_pack(const poshan_lab_sample *s, char *dst);
void poshan_lab_sample_unpack(const char *src, poshan_lab_sample *s);


/* 1 when every stored value of a and b is the same. */
int poshan_lab_sample_equal(const poshan_lab_sample *a, const poshan_lab_sample *b);

/* ---- reading files --------------------------------------------------------
 * A file is CSV (header names, any order, BOM or not, LF or CRLF) or JSON (an
 * array of objects with the same names), told apart by its first character.
 * Each good row goes to on_sample; each bad row to on_bad with the reason
 * (file, line, field) and the row's raw values by column (for a rejects file).
 * A problem with the file as a whole (no header, a missing column, malformed
 * JSON) is returned instead. */
typedef poshan_status (*poshan_lab_sample_fn)(void *ctx, const poshan_lab_sample *sample,
                                              long line, poshan_error *err);
typedef poshan_status (*poshan_lab_bad_fn)(void *ctx, const poshan_error *reason,
                                           const char *const *values);

/* The file's own columns, in its order (ids of the enum above), before any
 * row: a CSV's header; for JSON, which has none, every column. */
typedef void (*poshan_lab_columns_fn)(void *ctx, const int *columns, size_t count);

typedef struct poshan_lab_reader {
    const poshan_norms *norms;    /* the levels a sample may name */
    char today[11];               /* a date after this is "in the future" */
    poshan_lab_sample_fn on_sample;
    poshan_lab_bad_fn on_bad;
    void *ctx;
    const poshan_lab_plausibility *plausibility;  /* what a serving can be; required */
    poshan_lab_columns_fn on_columns;             /* may be NULL */
} poshan_lab_reader;

/* today as YYYY-MM-DD (UTC) into buf[11]. */
void poshan_lab_today(char *buf);

poshan_status poshan_lab_read_file(const char *path, const poshan_lab_reader *reader,
                                   poshan_error *err);
/* From a stream that can seek back to its start (it is peeked at to tell CSV from JSON). */
poshan_status poshan_lab_read_stream(FILE *in, const char *name, const poshan_lab_reader *reader,
                                     poshan_error *err);
poshan_status poshan_lab_read_buffer(const char *data, size_t size, const char *name,
                                     const poshan_lab_reader *reader, poshan_error *err);

/* A number as the shortest text that reads back to the same double; "" for NAN. */
void poshan_lab_format_number(char *buf, size_t size, double value);

#endif
