/* impact.c: reads child measurements and estimates an intervention's effect
 * on weight or height (see impact.h). One pass: each record is parsed and
 * checked, a child's records are held until the next child starts, and then
 * the child is classified (attrition, implausible change, moved school) and
 * added to its school's sufficient statistics. */
#include "impact.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "keyindex.h"

enum { COL_CHILD, COL_SCHOOL, COL_DISTRICT, COL_BLOCK, COL_SEX, COL_AGE, COL_LEVEL, COL_ROUND,
       COL_WEIGHT, COL_HEIGHT, NCOLS };
static const poshan_csv_column columns[NCOLS] = {
    {"child_id", 1}, {"school_udise", 1}, {"district", 1}, {"block", 1}, {"sex", 1},
    {"age_months", 1}, {"level", 1}, {"round", 1}, {"weight_kg", 1}, {"height_cm", 1}};

static const char *const flag_descriptions[POSHAN_FLAG_COUNT] = {
    "weight loss over the limit", "height loss over the limit",
    "weight gain beyond what the months between rounds allow",
    "height gain beyond what the months between rounds allow"};

const char *poshan_flag_description(int flag) { return flag_descriptions[flag]; }

static const char *const balance_names[POSHAN_BAL_COUNT] = {
    "age_months", "share_male", "share_upper_primary", "weight_kg", "height_cm"};

const char *poshan_balance_name(int variable) { return balance_names[variable]; }

void poshan_impact_defaults(poshan_impact_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->arms.unit = POSHAN_LEVEL_DISTRICT;
    opt->arms.cluster = POSHAN_LEVEL_SCHOOL;
    opt->max_weight_loss_kg = 2.0;  /* issue 4: "weight loss over 2 kg" */
    opt->max_height_loss_cm = 1.0;  /* issue 4: "height loss over 1 cm" */
    /* Peak growth velocities of adolescents are about 9-10 cm and 8-9 kg a
     * year (Tanner, Whitehouse & Takaishi 1966, Arch Dis Child 41:454). The
     * rounds are about 8 months apart (REFERENCE.md section 5: before the
     * start, again in March); 8 months at 1.5 times the peak velocity, to
     * leave room for measurement error, is about 10 cm and 8 kg. */
    opt->max_weight_gain_kg = 8.0;
    opt->max_height_gain_cm = 10.0;
    poshan_inference_defaults(&opt->inference);
}

/* ---- one child's records ------------------------------------------------ */

typedef struct child_round {
    int present;
    long line;
    size_t school;
    double age_months, male, upper, weight_kg, height_cm;
} child_round;

typedef struct reader {
    const char *path;
    const poshan_impact_options *opt;
    poshan_impact_result *out;
    int index[NCOLS];
    int header_done;
    poshan_trial trial;
    poshan_keyindex once;            /* children seen in one round so far */
    poshan_groups levels, gains;     /* the same group index for both: one per school */
    poshan_design levels_design, gains_design;
    char child[64];                  /* the child whose records are being collected */
    child_round round[2];
} reader;

static double outcome_of(const reader *r, const child_round *c) {
    return r->opt->outcome == POSHAN_OUTCOME_WEIGHT_KG ? c->weight_kg : c->height_cm;
}

/* z = constant [, post], then the chosen covariates. Returns its length. */
static size_t design_row(const reader *r, const child_round *c, int with_post, double post, double *z) {
    size_t n = 0;
    z[n++] = 1.0;
    if (with_post) z[n++] = post;
    if (r->opt->covariates & POSHAN_COV_AGE) z[n++] = c->age_months;
    if (r->opt->covariates & POSHAN_COV_SEX) z[n++] = c->male;
    if (r->opt->covariates & POSHAN_COV_LEVEL) z[n++] = c->upper;
    return n;
}

/* The first implausible change of a child seen in both rounds, or -1. */
static int implausible(const reader *r, double *change) {
    const poshan_impact_options *o = r->opt;
    double dw = r->round[1].weight_kg - r->round[0].weight_kg;
    double dh = r->round[1].height_cm - r->round[0].height_cm;
    *change = dw;
    if (dw < -o->max_weight_loss_kg) return POSHAN_FLAG_WEIGHT_LOSS;
    if (dw > o->max_weight_gain_kg) return POSHAN_FLAG_WEIGHT_GAIN;
    *change = dh;
    if (dh < -o->max_height_loss_cm) return POSHAN_FLAG_HEIGHT_LOSS;
    if (dh > o->max_height_gain_cm) return POSHAN_FLAG_HEIGHT_GAIN;
    return -1;
}

static void note_example(reader *r, int flag, double change) {
    poshan_impact_result *out = r->out;
    if (out->nexamples == POSHAN_FLAG_EXAMPLES) return;
    poshan_flag_example *e = &out->examples[out->nexamples++];
    snprintf(e->child_id, sizeof e->child_id, "%s", r->child);
    e->line = r->round[1].line;
    e->flag = flag;
    e->change = change;
}

static poshan_status group_of(reader *r, size_t school, size_t *group, poshan_error *err) {
    poshan_trial_school *s = &r->trial.info[school];
    if (s->group == SIZE_MAX) {
        size_t cluster, boot, unit, g2;
        poshan_trial_ids(&r->trial, school, &cluster, &boot, &unit);
        poshan_status st = poshan_groups_add(&r->levels, s->arm, cluster, boot, unit, &s->group, err);
        if (st == POSHAN_OK) st = poshan_groups_add(&r->gains, s->arm, cluster, boot, unit, &g2, err);
        if (st != POSHAN_OK) return st;
    }
    *group = s->group;
    return POSHAN_OK;
}

static void add_balance(poshan_impact_arm *a, const child_round *c) {
    double v[POSHAN_BAL_COUNT] = {c->age_months, c->male, c->upper, c->weight_kg, c->height_cm};
    a->balance_n++;
    for (int i = 0; i < POSHAN_BAL_COUNT; i++) {
        a->balance_sum[i] += v[i];
        a->balance_sumsq[i] += v[i] * v[i];
    }
}

static poshan_status add_child(reader *r, poshan_impact_arm *a, int both, poshan_error *err) {
    double z[POSHAN_MAX_COEFS];
    for (int k = 0; k < 2; k++) {
        const child_round *c = &r->round[k];
        if (!c->present) continue;
        size_t group;
        poshan_status st = group_of(r, c->school, &group, err);
        if (st != POSHAN_OK) return st;
        design_row(r, c, 1, k, z);
        poshan_groups_accumulate(&r->levels, group, z, outcome_of(r, c), 1.0);
        a->n[k]++;
        a->outcome_sum[k] += outcome_of(r, c);
        if (k == 0) add_balance(a, c);
        if (k == 1 && both) {
            design_row(r, &r->round[0], 0, 0, z);   /* covariates at baseline */
            poshan_groups_accumulate(&r->gains, group, z, outcome_of(r, c) - outcome_of(r, &r->round[0]), 1.0);
        }
    }
    return POSHAN_OK;
}

/* Classifies the collected child and adds it to the statistics. */
static poshan_status finish_child(reader *r, poshan_error *err) {
    child_round *b = &r->round[0], *e = &r->round[1];
    const child_round *any = b->present ? b : e;
    if (!any->present) return POSHAN_OK;
    int both = b->present && e->present;
    int arm = r->trial.info[any->school].arm;
    poshan_status st = POSHAN_OK;
    if (both && b->school != e->school) r->out->children_moved++;
    else if (arm == POSHAN_ARM_OUTSIDE) r->out->records_outside += both ? 2 : 1;
    else {
        poshan_impact_arm *a = &r->out->arm[arm];
        a->children++;
        if (both) a->both_rounds++;
        else if (b->present) a->baseline_only++;
        else a->endline_only++;
        double change;
        int flag = both ? implausible(r, &change) : -1;
        if (flag >= 0) {
            a->excluded[flag]++;
            a->excluded_children++;
            note_example(r, flag, change);
        } else st = add_child(r, a, both, err);
    }
    if (st == POSHAN_OK && !both) {
        size_t ignored;
        st = poshan_keyindex_intern(&r->once, r->child, &ignored, NULL, err);
    }
    memset(r->round, 0, sizeof r->round);
    return st;
}

/* ---- parsing a record --------------------------------------------------- */

/* The measurements are short decimals ("33.2", "128"): read exactly, these
 * are an integer of at most 15 digits (below 2^53, so exact in a double)
 * divided by a power of ten of at most 10^15 (exact too), and IEEE division
 * rounds that quotient correctly, as strtod would (Clinger 1990, "How to read
 * floating point numbers accurately", the fast path). Anything else goes to
 * poshan_parse_number. Returns 1 when it read the text. */
static int short_decimal(const char *text, double *out) {
    static const double powers_of_ten[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                             1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char *p = text + (text[0] == '-');
    long long mantissa = 0;
    int digits = 0, decimals = -1;
    for (; *p; p++) {
        if (*p == '.' && decimals < 0) { decimals = 0; continue; }
        if (*p < '0' || *p > '9' || ++digits > 15) return 0;
        mantissa = mantissa * 10 + (*p - '0');
        if (decimals >= 0) decimals++;
    }
    if (digits == 0 || decimals == 0) return 0;
    double v = (double)mantissa / powers_of_ten[decimals < 0 ? 0 : decimals];
    *out = text[0] == '-' ? -v : v;
    return 1;
}

static poshan_status number_in(reader *r, const poshan_csv_row *row, int col, double lo, double hi,
                               const char *what, double *out, poshan_error *err) {
    const char *text = poshan_csv_field(row, r->index[col]);
    int ok = short_decimal(text, out) ? 1 : poshan_parse_number(text, out);
    if (ok == 1 && *out >= lo && *out <= hi) return POSHAN_OK;
    return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, columns[col].name,
                            ok == 0 ? "is empty: every record needs %s"
                                    : "'%s' is not possible for %s (expected %g to %g)",
                            ok == 0 ? what : text, ok == 0 ? "" : what, lo, hi);
}

static poshan_status word_in(reader *r, const poshan_csv_row *row, int col, const char *const *words,
                             size_t nwords, const char *expected, int *out, poshan_error *err) {
    const char *text = poshan_csv_field(row, r->index[col]);
    for (size_t i = 0; i < nwords; i++)   /* first letters first: most words differ there */
        if (tolower((unsigned char)text[0]) == tolower((unsigned char)words[i][0]) &&
            strcasecmp(text, words[i]) == 0) {
            *out = (int)i;
            return POSHAN_OK;
        }
    return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, columns[col].name,
                            "'%s' is not understood: write %s", text, expected);
}

/* Bounds on single measurements: beyond these no school child can be (the
 * record is a typing error, not a measurement). Age: 3 to 20 years. Weight:
 * 5-150 kg; height 60-220 cm, well outside the WHO 2007 reference ranges for
 * 5-19 years (de Onis et al., Bull WHO 85:660). */
static poshan_status parse_round(reader *r, const poshan_csv_row *row, child_round *c, int *round,
                                 poshan_error *err) {
    static const char *const rounds[] = {"baseline", "endline"};
    static const char *const sexes[] = {"F", "M", "female", "male", "girl", "boy"};
    static const char *const levels[] = {"primary", "upper_primary"};
    int sex = 0, level = 0;
    poshan_status st = word_in(r, row, COL_ROUND, rounds, 2, "baseline or endline", round, err);
    if (st == POSHAN_OK) st = word_in(r, row, COL_SEX, sexes, 6, "M or F", &sex, err);
    if (st == POSHAN_OK) st = word_in(r, row, COL_LEVEL, levels, 2, "primary or upper_primary", &level, err);
    if (st == POSHAN_OK) st = number_in(r, row, COL_AGE, 36, 240, "a child's age in months", &c->age_months, err);
    if (st == POSHAN_OK) st = number_in(r, row, COL_WEIGHT, 5, 150, "a child's weight in kg", &c->weight_kg, err);
    if (st == POSHAN_OK) st = number_in(r, row, COL_HEIGHT, 60, 220, "a child's height in cm", &c->height_cm, err);
    c->male = sex % 2;
    c->upper = level;
    c->line = row->line;
    c->present = 1;
    return st;
}

static poshan_status on_row(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    reader *r = ctx;
    if (!r->header_done) {
        r->header_done = 1;
        return poshan_csv_map_header(row, columns, NCOLS, 1, r->index, r->path, err);
    }
    r->out->records++;
    const char *child = poshan_csv_field(row, r->index[COL_CHILD]);
    if (child[0] == '\0' || strlen(child) >= sizeof r->child)
        return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, "child_id",
                                "every record needs a child_id of at most %zu characters",
                                sizeof r->child - 1);
    child_round c = {0};
    int round = 0;
    poshan_status st = parse_round(r, row, &c, &round, err);
    if (st == POSHAN_OK)
        st = poshan_trial_school_of(&r->trial, poshan_csv_field(row, r->index[COL_SCHOOL]),
                                    poshan_csv_field(row, r->index[COL_DISTRICT]),
                                    poshan_csv_field(row, r->index[COL_BLOCK]), r->path, row->line,
                                    &c.school, err);
    if (st != POSHAN_OK) return st;
    if (strcmp(child, r->child) != 0) {
        st = finish_child(r, err);
        if (st == POSHAN_OK && poshan_keyindex_find(&r->once, child) >= 0)
            return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, "child_id",
                                    "child %s already has a record earlier in the file, not next to "
                                    "this one: a child's records must be next to each other (sort "
                                    "the file by child_id)", child);
        memcpy(r->child, child, strlen(child) + 1);   /* length checked above */
    } else if (r->round[round].present)
        return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, "round",
                                "child %s already has a %s record on line %ld: one record per round",
                                child, round ? "endline" : "baseline", r->round[round].line);
    r->round[round] = c;
    return st;
}

/* ---- the estimate --------------------------------------------------------- */

static void set_designs(reader *r) {
    size_t ncov = 0;
    static const char *const cov_names[] = {"age_months", "male", "upper_primary"};
    const char *names[3];
    for (int b = 0; b < 3; b++)
        if (r->opt->covariates & (1 << b)) names[ncov++] = cov_names[b];
    poshan_design_did(&r->levels_design, ncov, names);
    poshan_design_gain(&r->gains_design, ncov, names);
}

static poshan_status read_file(reader *r, poshan_error *err) {
    poshan_status st = poshan_csv_read_file(r->path, on_row, r, err);
    if (st == POSHAN_OK) st = finish_child(r, err);
    if (st == POSHAN_OK && !r->header_done)
        st = poshan_error_set(err, POSHAN_EINPUT, r->path, 0, NULL, "the file is empty");
    if (st == POSHAN_OK) st = poshan_trial_check_seen(&r->trial, r->path, err);
    return st;
}

poshan_status poshan_impact_estimate(const char *path, const poshan_impact_options *opt,
                                     poshan_impact_result *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    reader *r = calloc(1, sizeof *r);
    if (r == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
    r->path = path;
    r->opt = opt;
    r->out = out;
    set_designs(r);
    poshan_status st = poshan_trial_init(&r->trial, &opt->arms, err);
    if (st == POSHAN_OK) st = poshan_groups_init(&r->levels, r->levels_design.kz, err);
    if (st == POSHAN_OK) st = poshan_groups_init(&r->gains, r->gains_design.kz, err);
    if (st == POSHAN_OK) st = read_file(r, err);
    if (st == POSHAN_OK)
        st = opt->gain_form ? poshan_did_estimate(&r->gains, &r->gains_design, &opt->inference, &out->did, err)
                            : poshan_did_estimate(&r->levels, &r->levels_design, &opt->inference, &out->did, err);
    for (int a = 0; st == POSHAN_OK && a < 2; a++)
        for (int round = 0; st == POSHAN_OK && round < 2; round++)
            st = poshan_groups_mean(&r->levels, a, round, opt->inference.alpha, &out->means[a][round], err);
    if (st == POSHAN_EINPUT && err->file[0] == '\0') snprintf(err->file, sizeof err->file, "%s", path);
    poshan_groups_free(&r->levels);
    poshan_groups_free(&r->gains);
    poshan_trial_free(&r->trial);
    poshan_keyindex_free(&r->once);
    free(r);
    return st;
}
