/* lab.c: the lab sample record, its validation, and reading lab files (CSV
 * through csvread, JSON through jsonread) into records (see lab.h).
 * It does not touch the database: lab_store.c does. */
#define _GNU_SOURCE
#include "lab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "csvread.h"
#include "date.h"
#include "i18n.h"
#include "jsonread.h"
#include "text.h"

#define KJ_PER_KCAL POSHAN_LAB_KJ_PER_KCAL
/* A per-100 g value times the serving's grams, divided by 100. */
#define GRAMS_PER_100G 100.0
/* kilograms to grams, grams to milligrams: the likely slips of a unit. */
#define THOUSAND 1000.0

static const char *const column_names[POSHAN_LAB_NCOLUMNS] = {
    "sample_id", "lab", "school_udise", "school_name", "district", "block", "level", "kitchen",
    "sampled_on", "tested_on", "energy_kcal", "protein_g", "e_coli", "total_plate_count_cfu_g",
    "coliforms_cfu_g", "menu_day", "remarks", "energy_kj", "energy_kcal_per_100g",
    "protein_g_per_100g", "serving_g"};

const char *poshan_lab_column_name(int column) { return column_names[column]; }

/* Columns every file must have (energy and protein may come in other forms). */
static int column_required(int c) { return c <= POSHAN_LAB_TESTED_ON; }

/* The reason columns a rejects file adds (POSHAN_LAB_REJECT_COLUMNS): read and ignored. */
static const char *const reject_columns[] = {"rejected_line", "rejected_field", "rejected_reason"};
#define NREJECT_COLUMNS 3
#define NREAD_COLUMNS (POSHAN_LAB_NCOLUMNS + NREJECT_COLUMNS)

static int is_reject_column(const char *name) {
    for (int i = 0; i < NREJECT_COLUMNS; i++)
        if (strcmp(name, reject_columns[i]) == 0) return 1;
    return 0;
}

static const poshan_csv_column *csv_columns(void) {
    static poshan_csv_column columns[NREAD_COLUMNS];
    for (int c = 0; c < NREAD_COLUMNS; c++) {
        columns[c].name = c < POSHAN_LAB_NCOLUMNS ? column_names[c] : reject_columns[c - POSHAN_LAB_NCOLUMNS];
        columns[c].required = c < POSHAN_LAB_NCOLUMNS && column_required(c);
    }
    return columns;
}

void poshan_lab_today(char *buf) {
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

static int same_number(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

int poshan_lab_sample_equal(const poshan_lab_sample *a, const poshan_lab_sample *b) {
    return strcmp(a->sample_id, b->sample_id) == 0 && strcmp(a->lab, b->lab) == 0 &&
           strcmp(a->school_udise, b->school_udise) == 0 &&
           strcmp(a->school_name, b->school_name) == 0 && strcmp(a->district, b->district) == 0 &&
           strcmp(a->block, b->block) == 0 && strcmp(a->level, b->level) == 0 &&
           strcmp(a->kitchen, b->kitchen) == 0 && strcmp(a->sampled_on, b->sampled_on) == 0 &&
           strcmp(a->tested_on, b->tested_on) == 0 && a->energy_kcal == b->energy_kcal &&
           a->protein_g == b->protein_g && strcmp(a->e_coli, b->e_coli) == 0 &&
           same_number(a->total_plate_count_cfu_g, b->total_plate_count_cfu_g) &&
           same_number(a->coliforms_cfu_g, b->coliforms_cfu_g) &&
           strcmp(a->menu_day, b->menu_day) == 0 && strcmp(a->remarks, b->remarks) == 0;
}

/* The text of a sample in packed order. */
#define NPACKED_TEXTS 13
static void texts_of(const poshan_lab_sample *s, char **out) {
    char *const t[NPACKED_TEXTS] = {(char *)s->sample_id, (char *)s->lab, (char *)s->school_udise,
                                    (char *)s->school_name, (char *)s->district, (char *)s->block,
                                    (char *)s->level, (char *)s->kitchen, (char *)s->sampled_on,
                                    (char *)s->tested_on, (char *)s->e_coli, (char *)s->menu_day,
                                    (char *)s->remarks};
    memcpy(out, t, sizeof t);
}

size_t poshan_lab_sample_pack(const poshan_lab_sample *s, char *dst) {
    const double numbers[] = {s->energy_kcal, s->protein_g, s->total_plate_count_cfu_g, s->coliforms_cfu_g,
                              s->serving_g};
    memcpy(dst, numbers, sizeof numbers);
    size_t used = sizeof numbers;
    char *texts[NPACKED_TEXTS];
    texts_of(s, texts);
    for (int i = 0; i < NPACKED_TEXTS; i++) {
        size_t n = strlen(texts[i]) + 1;
        memcpy(dst + used, texts[i], n);
        used += n;
    }
    return used;
}

void poshan_lab_sample_unpack(const char *src, poshan_lab_sample *s) {
    double numbers[5];
    memcpy(numbers, src, sizeof numbers);
    s->energy_kcal = numbers[0], s->protein_g = numbers[1], s->total_plate_count_cfu_g = numbers[2];
    s->coliforms_cfu_g = numbers[3], s->serving_g = numbers[4];
    src += sizeof numbers;
    char *texts[NPACKED_TEXTS];
    texts_of(s, texts);
    for (int i = 0; i < NPACKED_TEXTS; i++) {
        size_t n = strlen(src) + 1;
        memcpy(texts[i], src, n);
        src += n;
    }
}

void poshan_lab_format_number(char *buf, size_t size, double value) {
    if (isnan(value)) {
        snprintf(buf, size, "%s", "");
        return;
    }
    /* Plain decimals when a few places read back exactly (520.5, 250000),
     * else the shortest %g that does. */
    for (int places = 0; fabs(value) < 1e15 && places <= 6; places++) {
        snprintf(buf, size, "%.*f", places, value);
        if (strtod(buf, NULL) == value) return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, value);
        if (strtod(buf, NULL) == value) return;
    }
}

/* ---- validation of one row ------------------------------------------------ */

typedef struct row_check {
    const char *file;
    long line;
    const char *const *v;     /* raw values by column, "" when absent */
    poshan_error *err;
} row_check;

static poshan_status bad(row_check *r, int column, const char *fmt, const char *a, const char *b) {
    char message[512];
    snprintf(message, sizeof message, fmt, a, b);
    return poshan_error_set(r->err, POSHAN_EINPUT, r->file, r->line, column_names[column], _("%s"),
                            message);
}

/* Text of at most max_chars characters into dst (which holds that many of 4 bytes). */
static poshan_status copy_text(row_check *r, int column, char *dst, size_t max_chars, int required) {
    const char *s = r->v[column];
    if (required && s[0] == '\0') return bad(r, column, _("%s is empty; every sample needs one"), column_names[column], "");
    size_t chars = poshan_utf8_chars(s, strlen(s)), bytes = strlen(s);
    if (chars > max_chars || bytes >= POSHAN_LAB_TEXT_BYTES(max_chars)) {
        char limit[96], start[256];
        snprintf(limit, sizeof limit, _("%zu characters (it has %zu)"), max_chars, chars);
        /* the first 40 characters, cut between characters */
        snprintf(start, sizeof start, "%.*s", (int)poshan_utf8_prefix(s, 40), s);
        return bad(r, column, _("is longer than %s: '%s...'"), limit, start);
    }
    memcpy(dst, s, bytes + 1);
    return POSHAN_OK;
}

static poshan_status check_date(row_check *r, int column, const char *today, char *dst) {
    const char *s = r->v[column];
    char why[256];
    if (!poshan_date_check(s, why, sizeof why)) return bad(r, column, _("'%s' is not a date: %s"), s, why);
    if (strcmp(s, today) > 0) return bad(r, column, _("%s is in the future (today is %s)"), s, today);
    memcpy(dst, s, 11);
    return POSHAN_OK;
}

/* The number in column, or NAN when empty. -1 sets err when it is not a number
 * or lies outside [min, max]. */
static poshan_status number(row_check *r, int column, double min, double max, double *out) {
    *out = NAN;
    int got = poshan_parse_number(r->v[column], out);
    if (got == 0) {
        *out = NAN;
        return POSHAN_OK;
    }
    if (got < 0) return bad(r, column, _("'%s' is not a number%s"), r->v[column], "");
    if (*out < min) {
        return bad(r, column, min > 0 ? "%s must be more than zero%s" : "%s cannot be negative%s",
                   r->v[column], "");
    }
    if (*out > max) {
        char limit[32];
        snprintf(limit, sizeof limit, "%g", max);
        return bad(r, column, _("%s is impossible for one serving (above %s)"), r->v[column], limit);
    }
    return POSHAN_OK;
}

/* A value outside what a cooked school meal's serving can be
 * (nutrients/plausibility.json): refused, with the likely mistake when there is one. */
static poshan_status implausible(row_check *r, int column, double v, const char *what, const char *unit,
                                 const poshan_lab_range *range, const char *hint) {
    char message[1024];
    /* whole sentences, so that each reads right in Hindi too ("weigh" for the serving itself, "give" for what it holds) */
    int less = v < range->min, weigh = strcmp(unit, "g") == 0 && what[0] == '\0';
    const char *sentence =
        less ? (weigh ? _("%g %s%s is less than one child's serving of a cooked meal can weigh (%g to %g %s, "
                          "nutrients/plausibility.json)%s%s")
                      : _("%g %s%s is less than one child's serving of a cooked meal can give (%g to %g %s, "
                          "nutrients/plausibility.json)%s%s"))
             : (weigh ? _("%g %s%s is more than one child's serving of a cooked meal can weigh (%g to %g %s, "
                          "nutrients/plausibility.json)%s%s")
                      : _("%g %s%s is more than one child's serving of a cooked meal can give (%g to %g %s, "
                          "nutrients/plausibility.json)%s%s"));
    snprintf(message, sizeof message, sentence, v, unit, what[0] ? _(what) : "", range->min, range->max, unit, hint[0] ? ": " : "",
             hint);
    return bad(r, column, _("%s%s"), message, "");
}

static int within(const poshan_lab_range *range, double v) { return v >= range->min && v <= range->max; }

static poshan_status check_serving(row_check *r, const poshan_lab_range *range, double serving) {
    if (isnan(serving) || within(range, serving)) return POSHAN_OK;
    char hint[384] = "";
    if (serving < range->min && within(range, serving * THOUSAND))
        snprintf(hint, sizeof hint, _("was it weighed in kilograms? %g kg is %g g"), serving, serving * THOUSAND);
    else if (serving > range->max)
        snprintf(hint, sizeof hint, _("is it the whole pot rather than one child's serving?"));
    return implausible(r, POSHAN_LAB_SERVING_G, serving, "", "g", range, hint);
}

/* The likely mistake behind an energy (kcal a serving) out of range, by the form it came in. */
static void energy_hint(const poshan_lab_range *range, int form, double given, double kcal, char *hint,
                        size_t size) {
    hint[0] = '\0';
    if (form == POSHAN_LAB_ENERGY_KCAL && kcal > range->max && within(range, kcal / KJ_PER_KCAL))
        snprintf(hint, size, _("was it in kJ? %g kJ is %.1f kcal: put it in an energy_kj column"), given,
                 given / KJ_PER_KCAL);
    else if (form == POSHAN_LAB_ENERGY_KCAL && kcal < range->min)
        snprintf(hint, size, _("was it per 100 g? then give it as energy_kcal_per_100g with serving_g"));
    else if (form == POSHAN_LAB_ENERGY_KJ && kcal < range->min && within(range, given))
        snprintf(hint, size, _("was it in kcal? %g kJ is only %.1f kcal: put it in an energy_kcal column"),
                 given, kcal);
    else if (form == POSHAN_LAB_ENERGY_KCAL_100G)
        snprintf(hint, size, _("%g kcal per 100 g x serving_g / 100; check that it is per 100 g of the "
                 "cooked meal and serving_g is in grams"), given);
}

static void protein_hint(const poshan_lab_range *range, int form, double given, double grams, char *hint,
                         size_t size) {
    hint[0] = '\0';
    if (form == POSHAN_LAB_PROTEIN_G && grams > range->max && within(range, grams / THOUSAND))
        snprintf(hint, size, _("was it in milligrams? %g mg is %g g"), given, given / THOUSAND);
    else if (form == POSHAN_LAB_PROTEIN_G_100G)
        snprintf(hint, size, _("%g g per 100 g x serving_g / 100; check that it is per 100 g of the "
                 "cooked meal and serving_g is in grams"), given);
}

/* Exactly one of the given per-serving and per-100 g forms; returns the value
 * per serving, which must be within range. */
static poshan_status per_serving(row_check *r, int direct, int alt_direct, double alt_factor,
                                 int per_100g, const poshan_lab_range *range, double min, double *out) {
    double v = NAN, alt = NAN, p100 = NAN, serving = NAN;
    poshan_status st = number(r, direct, min, HUGE_VAL, &v);
    if (st == POSHAN_OK && alt_direct >= 0) st = number(r, alt_direct, min, HUGE_VAL, &alt);
    if (st == POSHAN_OK) st = number(r, per_100g, min, HUGE_VAL, &p100);
    if (st == POSHAN_OK) st = number(r, POSHAN_LAB_SERVING_G, 1e-9, HUGE_VAL, &serving);
    if (st != POSHAN_OK) return st;
    int given = !isnan(v) + !isnan(alt) + !isnan(p100);
    if (given != 1)
        return bad(r, direct,
                   given ? "is given more than one way (%s, %s or per 100 g): give one"
                         : "is missing: give %s (or %s, or per 100 g with serving_g)",
                   column_names[direct], alt_direct >= 0 ? column_names[alt_direct] : "");
    int form = direct;
    double as_given = v;
    if (!isnan(alt)) {
        form = alt_direct;
        as_given = alt;
        v = alt / alt_factor;
    }
    if (!isnan(p100)) {
        if (isnan(serving))
            return bad(r, POSHAN_LAB_SERVING_G, _("is needed when %s is given per 100 g%s"),
                       column_names[per_100g], "");
        form = per_100g;
        as_given = p100;
        v = p100 * serving / GRAMS_PER_100G;
    }
    if (!within(range, v)) {
        char hint[256];
        if (direct == POSHAN_LAB_ENERGY_KCAL) energy_hint(range, form, as_given, v, hint, sizeof hint);
        else protein_hint(range, form, as_given, v, hint, sizeof hint);
        int energy = direct == POSHAN_LAB_ENERGY_KCAL;
        return implausible(r, form, v, energy ? N_(" a serving") : N_(" protein a serving"), energy ? "kcal" : "g", range,
                           hint);
    }
    *out = v;
    return POSHAN_OK;
}

static poshan_status check_choice(row_check *r, int column, const char *a, const char *b,
                                  char *dst, size_t size) {
    const char *s = r->v[column];
    if (strcasecmp(s, a) != 0 && strcasecmp(s, b) != 0) {
        char message[160];
        snprintf(message, sizeof message, _("'%%s' is not known: write %s or %s%%s"), a, b);
        return bad(r, column, message, s, "");
    }
    const char *known = strcasecmp(s, a) == 0 ? a : b;
    if (strlen(known) < size) memcpy(dst, known, strlen(known) + 1);
    return POSHAN_OK;
}

static poshan_status check_level(row_check *r, const poshan_norms *norms, char *dst) {
    const char *s = r->v[POSHAN_LAB_LEVEL];
    const poshan_level_norm *level = poshan_norms_level(norms, s);
    if (level != NULL) {
        /* stored as norms.json names it ("Upper_Primary" is upper_primary), so that one
         * level is one group in every summary, filter, report and letter */
        snprintf(dst, 32, "%s", level->name);
        return POSHAN_OK;
    }
    char known[160] = "";
    for (size_t i = 0; i < norms->nlevels; i++) {
        if (i) strncat(known, " or ", sizeof known - strlen(known) - 1);
        strncat(known, norms->levels[i].name, sizeof known - strlen(known) - 1);
    }
    return bad(r, POSHAN_LAB_LEVEL, _("'%s' is not a level: write %s"), s, known);
}

/* A UDISE code is 11 digits (UDISE+, Ministry of Education); the reason names what is wrong. */
#define UDISE_DIGITS 11
static poshan_status check_udise(row_check *r, char *dst) {
    const char *s = r->v[POSHAN_LAB_SCHOOL_UDISE];
    char why[256];
    const char *other = s;
    while (*other && *other >= '0' && *other <= '9') other++;
    if (s[0] == '\0') snprintf(why, sizeof why, _("it is empty; it should be the school's 11 digits"));
    else if (*other == ' ') snprintf(why, sizeof why, _("it has a space; write the 11 digits with nothing between them"));
    else if (*other)
        snprintf(why, sizeof why, _("'%.*s' is not a digit; a UDISE code is 11 digits"),
                 (int)poshan_utf8_prefix(other, 1), other);
    else if (strlen(s) != UDISE_DIGITS)
        snprintf(why, sizeof why, P_("it has %zu digit; a UDISE code has 11", "it has %zu digits; a UDISE code has 11",
                                     strlen(s)), strlen(s));
    else {
        memcpy(dst, s, UDISE_DIGITS + 1);
        return POSHAN_OK;
    }
    return bad(r, POSHAN_LAB_SCHOOL_UDISE, _("'%s' is not a UDISE code: %s"), s, why);
}

static poshan_status validate(row_check *r, const poshan_lab_reader *reader, poshan_lab_sample *s) {
    static const size_t text_chars[] = {
        [POSHAN_LAB_SAMPLE_ID] = POSHAN_LAB_SAMPLE_ID_CHARS, [POSHAN_LAB_LAB] = POSHAN_LAB_LAB_CHARS,
        [POSHAN_LAB_SCHOOL_NAME] = POSHAN_LAB_SCHOOL_NAME_CHARS,
        [POSHAN_LAB_DISTRICT] = POSHAN_LAB_PLACE_CHARS, [POSHAN_LAB_BLOCK] = POSHAN_LAB_PLACE_CHARS};
    char *text_dst[] = {[POSHAN_LAB_SAMPLE_ID] = s->sample_id, [POSHAN_LAB_LAB] = s->lab,
                        [POSHAN_LAB_SCHOOL_NAME] = s->school_name,
                        [POSHAN_LAB_DISTRICT] = s->district, [POSHAN_LAB_BLOCK] = s->block};
    const poshan_lab_plausibility *plausible = reader->plausibility;
    poshan_status st = POSHAN_OK;
    for (int c = 0; st == POSHAN_OK && c <= POSHAN_LAB_BLOCK; c++)
        if (text_dst[c]) st = copy_text(r, c, text_dst[c], text_chars[c], 1);
    if (st == POSHAN_OK) st = check_udise(r, s->school_udise);
    if (st == POSHAN_OK) st = check_level(r, reader->norms, s->level);
    if (st == POSHAN_OK)
        st = check_choice(r, POSHAN_LAB_KITCHEN, "school", "centralized", s->kitchen, sizeof s->kitchen);
    if (st == POSHAN_OK) st = check_date(r, POSHAN_LAB_SAMPLED_ON, reader->today, s->sampled_on);
    if (st == POSHAN_OK) st = check_date(r, POSHAN_LAB_TESTED_ON, reader->today, s->tested_on);
    if (st == POSHAN_OK && strcmp(s->tested_on, s->sampled_on) < 0)
        st = bad(r, POSHAN_LAB_TESTED_ON, _("%s is before the sample was taken (%s)"), s->tested_on,
                 s->sampled_on);
    if (st == POSHAN_OK) st = number(r, POSHAN_LAB_SERVING_G, 1e-9, HUGE_VAL, &s->serving_g);
    if (st == POSHAN_OK) st = check_serving(r, &plausible->serving_g, s->serving_g);
    if (st == POSHAN_OK)
        st = per_serving(r, POSHAN_LAB_ENERGY_KCAL, POSHAN_LAB_ENERGY_KJ, KJ_PER_KCAL,
                         POSHAN_LAB_ENERGY_KCAL_100G, &plausible->energy_kcal, 1e-9, &s->energy_kcal);
    if (st == POSHAN_OK)
        st = per_serving(r, POSHAN_LAB_PROTEIN_G, -1, 1, POSHAN_LAB_PROTEIN_G_100G,
                         &plausible->protein_g, 0, &s->protein_g);
    s->e_coli[0] = '\0';
    if (st == POSHAN_OK && r->v[POSHAN_LAB_E_COLI][0])
        st = check_choice(r, POSHAN_LAB_E_COLI, "absent", "present", s->e_coli, sizeof s->e_coli);
    if (st == POSHAN_OK) st = number(r, POSHAN_LAB_TPC, 0, HUGE_VAL, &s->total_plate_count_cfu_g);
    if (st == POSHAN_OK) st = number(r, POSHAN_LAB_COLIFORMS, 0, HUGE_VAL, &s->coliforms_cfu_g);
    if (st == POSHAN_OK) st = copy_text(r, POSHAN_LAB_MENU_DAY, s->menu_day, POSHAN_LAB_MENU_DAY_CHARS, 0);
    if (st == POSHAN_OK) st = copy_text(r, POSHAN_LAB_REMARKS, s->remarks, POSHAN_LAB_REMARKS_CHARS, 0);
    return st;
}

/* Text a spreadsheet would run as a formula (starting with =, +, -, @, a tab
 * or a carriage return) is refused in every column that is not a number: no
 * sample id, school, place or remark is written so, and a clerk opening an
 * export or the flags in a spreadsheet must not run it. */
static poshan_status refuse_formulas(row_check *r) {
    static const int numbers[] = {POSHAN_LAB_ENERGY_KCAL, POSHAN_LAB_PROTEIN_G, POSHAN_LAB_TPC,
                                  POSHAN_LAB_COLIFORMS, POSHAN_LAB_ENERGY_KJ, POSHAN_LAB_ENERGY_KCAL_100G,
                                  POSHAN_LAB_PROTEIN_G_100G, POSHAN_LAB_SERVING_G};
    for (int c = 0; c < POSHAN_LAB_NCOLUMNS; c++) {
        const char *v = r->v[c];
        if (v[0] == '\0' || strchr("=+-@\t\r", v[0]) == NULL) continue;
        size_t k = 0;
        while (k < sizeof numbers / sizeof numbers[0] && numbers[k] != c) k++;
        if (k == sizeof numbers / sizeof numbers[0])
            return bad(r, c, _("starts with '%s', which a spreadsheet would run as a formula: write the "
                             "text without it (no school, place or remark starts with =, +, -, @, a tab "
                             "or a line break)%s"),
                       v[0] == '\t' ? "a tab" : v[0] == '\r' ? "a carriage return" : (char[]){v[0], '\0'}, "");
    }
    return POSHAN_OK;
}

/* Validates one row and hands it to on_sample or on_bad. */
static poshan_status deliver(const poshan_lab_reader *reader, const char *file, long line,
                             const char *const *values, poshan_error *err) {
    poshan_lab_sample sample;
    poshan_error reason;
    row_check r = {file, line, values, &reason};
    if (refuse_formulas(&r) != POSHAN_OK || validate(&r, reader, &sample) != POSHAN_OK)
        return reader->on_bad ? reader->on_bad(reader->ctx, &reason, values) : POSHAN_OK;
    return reader->on_sample ? reader->on_sample(reader->ctx, &sample, line, err) : POSHAN_OK;
}

/* ---- CSV ------------------------------------------------------------------ */

typedef struct csv_ctx {
    const poshan_lab_reader *reader;
    const char *name;
    int checked_header;
} csv_ctx;

/* Energy and protein each need one of their columns; per 100 g needs serving_g. */
static poshan_status check_forms(const int *index, const char *file, long line, poshan_error *err) {
    if (index[POSHAN_LAB_ENERGY_KCAL] < 0 && index[POSHAN_LAB_ENERGY_KJ] < 0 &&
        index[POSHAN_LAB_ENERGY_KCAL_100G] < 0)
        return poshan_error_set(err, POSHAN_EINPUT, file, line, "energy_kcal",
                                _("no energy column: give energy_kcal, energy_kj or "
                                "energy_kcal_per_100g with serving_g"));
    if (index[POSHAN_LAB_PROTEIN_G] < 0 && index[POSHAN_LAB_PROTEIN_G_100G] < 0)
        return poshan_error_set(err, POSHAN_EINPUT, file, line, "protein_g",
                                _("no protein column: give protein_g or protein_g_per_100g "
                                "with serving_g"));
    if ((index[POSHAN_LAB_ENERGY_KCAL_100G] >= 0 || index[POSHAN_LAB_PROTEIN_G_100G] >= 0) &&
        index[POSHAN_LAB_SERVING_G] < 0)
        return poshan_error_set(err, POSHAN_EINPUT, file, line, "serving_g",
                                _("values per 100 g need a serving_g column"));
    return POSHAN_OK;
}

/* The header is the line before the first row the table reader hands us
 * (a good one or a malformed one): its forms are checked, its columns told. */
static poshan_status header_seen(csv_ctx *c, const int *index, poshan_error *err) {
    if (c->checked_header) return POSHAN_OK;
    poshan_status st = check_forms(index, c->name, 1, err);
    if (st != POSHAN_OK) return st;
    c->checked_header = 1;
    if (c->reader->on_columns) {   /* the file's columns in its order (all known: others are refused) */
        int order[POSHAN_LAB_NCOLUMNS];
        size_t n = 0;
        for (int at = 0; at < NREAD_COLUMNS; at++)
            for (int k = 0; k < POSHAN_LAB_NCOLUMNS; k++)
                if (index[k] == at) order[n++] = k;
        c->reader->on_columns(c->reader->ctx, order, n);
    }
    return POSHAN_OK;
}

static poshan_status csv_row(void *ctx, const poshan_csv_row *row, const int *index,
                             poshan_error *err) {
    csv_ctx *c = ctx;
    poshan_status st = header_seen(c, index, err);
    if (st != POSHAN_OK) return st;
    const char *values[POSHAN_LAB_NCOLUMNS];
    for (int i = 0; i < POSHAN_LAB_NCOLUMNS; i++) values[i] = poshan_csv_field(row, index[i]);
    return deliver(c->reader, c->name, row->line, values, err);
}

/* A row CSV cannot read (a stray or unclosed quote) is a bad row like any
 * other: with --partial the others are stored, and its values, as a
 * spreadsheet would split its line, go to the rejects file to correct. */
static poshan_status csv_malformed(void *ctx, const poshan_csv_row *row, const int *index,
                                   const poshan_error *reason, poshan_error *err) {
    csv_ctx *c = ctx;
    poshan_status st = header_seen(c, index, err);
    if (st != POSHAN_OK) return st;
    const char *values[POSHAN_LAB_NCOLUMNS];
    for (int i = 0; i < POSHAN_LAB_NCOLUMNS; i++) values[i] = poshan_csv_field(row, index[i]);
    return c->reader->on_bad ? c->reader->on_bad(c->reader->ctx, reason, values) : POSHAN_OK;
}

static poshan_status read_csv(FILE *in, const char *name, const poshan_lab_reader *reader,
                              poshan_error *err) {
    csv_ctx c = {reader, name, 0};
    return poshan_csv_read_table_past(in, name, csv_columns(), NREAD_COLUMNS, 0, csv_row, csv_malformed, &c, err);
}

/* ---- JSON ----------------------------------------------------------------- */

/* The line each object of the top-level array starts on (cJSON keeps no positions). */
static long *object_lines(const char *text, size_t size, size_t count) {
    long *lines = calloc(count + 1, sizeof *lines);
    if (lines == NULL) return NULL;
    long line = 1;
    int depth = 0, in_string = 0;
    size_t n = 0;
    for (size_t i = 0; i < size && n < count; i++) {
        char ch = text[i];
        if (ch == '\n') line++;
        if (in_string) {
            if (ch == '\\') i++;
            else if (ch == '"') in_string = 0;
        } else if (ch == '"') {
            in_string = 1;
        } else if (ch == '[' || ch == '{') {
            if (depth++ == 1 && ch == '{') lines[n++] = line;
        } else if (ch == ']' || ch == '}') {
            depth--;
        }
    }
    return lines;
}

static poshan_status json_object(const poshan_lab_reader *reader, const char *name, long line,
                                 size_t position, const cJSON *obj, poshan_error *err) {
    const char *values[POSHAN_LAB_NCOLUMNS];
    char numbers[POSHAN_LAB_NCOLUMNS][32];
    int present[POSHAN_LAB_NCOLUMNS] = {0};
    for (int c = 0; c < POSHAN_LAB_NCOLUMNS; c++) values[c] = "";
    poshan_error reason;
    if (!cJSON_IsObject(obj)) {
        poshan_error_set(&reason, POSHAN_EINPUT, name, line, NULL,
                         _("item %zu of the array is not an object like {\"sample_id\": ...}"), position + 1);
        return reader->on_bad ? reader->on_bad(reader->ctx, &reason, values) : POSHAN_OK;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, obj) {
        int c = 0;
        while (c < POSHAN_LAB_NCOLUMNS && strcmp(column_names[c], item->string) != 0) c++;
        if (c == POSHAN_LAB_NCOLUMNS && is_reject_column(item->string)) continue;
        const char *problem = NULL;
        if (c == POSHAN_LAB_NCOLUMNS) problem = "is not a known field";
        else if (cJSON_IsString(item)) values[c] = item->valuestring;
        else if (cJSON_IsNumber(item)) {
            poshan_lab_format_number(numbers[c], sizeof numbers[c], item->valuedouble);
            values[c] = numbers[c];
        } else if (!cJSON_IsNull(item)) problem = "must be text or a number";
        if (problem) {
            poshan_error_set(&reason, POSHAN_EINPUT, name, line, item->string, _("'%s' %s"), item->string, problem);
            return reader->on_bad ? reader->on_bad(reader->ctx, &reason, values) : POSHAN_OK;
        }
        present[c] = 1;
    }
    int index[POSHAN_LAB_NCOLUMNS];
    for (int c = 0; c < POSHAN_LAB_NCOLUMNS; c++) {
        index[c] = present[c] ? c : -1;
        if (column_required(c) && !present[c]) {
            poshan_error_set(&reason, POSHAN_EINPUT, name, line, column_names[c],
                             _("the object has no '%s', which is required"), column_names[c]);
            return reader->on_bad ? reader->on_bad(reader->ctx, &reason, values) : POSHAN_OK;
        }
    }
    if (check_forms(index, name, line, &reason) != POSHAN_OK)
        return reader->on_bad ? reader->on_bad(reader->ctx, &reason, values) : POSHAN_OK;
    return deliver(reader, name, line, values, err);
}

static poshan_status read_json(const char *text, size_t size, const char *name,
                               const poshan_lab_reader *reader, poshan_error *err) {
    cJSON *doc;
    poshan_status st = poshan_json_parse(text, size, name, &doc, err);
    if (st != POSHAN_OK) return st;
    if (!cJSON_IsArray(doc)) {
        cJSON_Delete(doc);
        return poshan_error_set(err, POSHAN_EINPUT, name, 1, NULL,
                                _("a JSON lab file is an array of samples: [{\"sample_id\": ...}, ...]"));
    }
    size_t count = (size_t)cJSON_GetArraySize(doc);
    if (reader->on_columns) {   /* objects name their own fields: a rejects file gets every column */
        int every[POSHAN_LAB_NCOLUMNS];
        for (int c = 0; c < POSHAN_LAB_NCOLUMNS; c++) every[c] = c;
        reader->on_columns(reader->ctx, every, POSHAN_LAB_NCOLUMNS);
    }
    long *lines = object_lines(text, size, count);
    if (lines == NULL) st = poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("out of memory"));
    size_t i = 0;
    const cJSON *obj;
    cJSON_ArrayForEach(obj, doc) {
        if (st != POSHAN_OK) break;
        st = json_object(reader, name, lines[i] ? lines[i] : 1, i, obj, err);
        i++;
    }
    free(lines);
    cJSON_Delete(doc);
    return st;
}

/* ---- either: JSON starts with [ (or, wrongly, {); a CSV header cannot --- ------------------------------------------------------------ */

static int looks_like_json(const char *data, size_t size) {
    size_t i = 0;
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) i++;
    return i < size && (data[i] == '[' || data[i] == '{');
}

poshan_status poshan_lab_read_buffer(const char *data, size_t size, const char *name,
                                     const poshan_lab_reader *reader, poshan_error *err) {
    if (looks_like_json(data, size)) {
        size_t skip = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        return read_json(data + skip, size - skip, name, reader, err);
    }
    if (size == 0)
        return poshan_error_set(err, POSHAN_EINPUT, name, 1, NULL,
                                _("the file is empty: it needs a header line naming its columns"));
    FILE *in = fmemopen((void *)data, size, "rb");
    if (in == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("out of memory"));
    poshan_status st = read_csv(in, name, reader, err);
    fclose(in);
    return st;
}

poshan_status poshan_lab_read_stream(FILE *in, const char *name, const poshan_lab_reader *reader,
                                     poshan_error *err) {
    char head[256];
    size_t n = fread(head, 1, sizeof head, in);
    if (fseek(in, 0, SEEK_SET) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("cannot read this file again from its start"));
    if (!looks_like_json(head, n)) return read_csv(in, name, reader, err);
    /* JSON is parsed whole: read it all */
    size_t size = 0, cap = 1 << 16;
    char *text = malloc(cap);
    while (text && (n = fread(text + size, 1, cap - size, in)) > 0) {
        size += n;
        char *more = size == cap ? realloc(text, cap *= 2) : text;
        if (more == NULL) free(text);
        text = more;
    }
    if (text == NULL || ferror(in)) {
        free(text);
        return poshan_error_set(err, POSHAN_ESYSTEM, name, 0, NULL, _("cannot read this file"));
    }
    poshan_status st = poshan_lab_read_buffer(text, size, name, reader, err);
    free(text);
    return st;
}

poshan_status poshan_lab_read_file(const char *path, const poshan_lab_reader *reader,
                                   poshan_error *err) {
    FILE *in = fopen(path, "rb");
    if (in == NULL) return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("cannot open this file"));
    poshan_status st = poshan_lab_read_stream(in, path, reader, err);
    fclose(in);
    return st;
}
