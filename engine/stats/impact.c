/* impact.c: reads child measurements and estimates an intervention's effect
 * on weight or height (see impact.h). One pass: each record is parsed and
 * checked; a child is collected while its records are next to each other,
 * held by its id when it has one round so far and another child starts,
 * and classified (attrition, implausible change, moved school) and added to
 * its school's sufficient statistics once both rounds are in, or at the end
 * of the file. A large file is checked on several threads, block by block
 * (csvblocks.h), and its records are then taken in file order by the same
 * code, so everything happens in the same order as with one thread. */
#include "impact.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csvblocks.h"
#include "csvread.h"
#include "grow.h"
#include "holding.h"
#include "i18n.h"
#include "keyindex.h"
#include "sum.h"

enum { COL_CHILD, COL_SCHOOL, COL_DISTRICT, COL_BLOCK, COL_SEX, COL_AGE, COL_LEVEL, COL_ROUND,
       COL_WEIGHT, COL_HEIGHT, NCOLS };
static const poshan_csv_column columns[NCOLS] = {
    {"child_id", 1}, {"school_udise", 1}, {"district", 1}, {"block", 1}, {"sex", 1},
    {"age_months", 1}, {"level", 1}, {"round", 1}, {"weight_kg", 1}, {"height_cm", 1}};

static const char *const flag_descriptions[POSHAN_FLAG_COUNT] = {
    N_("weight loss over the limit"), N_("height loss over the limit"),
    N_("weight gain beyond what the months between rounds allow"),
    N_("height gain beyond what the months between rounds allow")};

const char *poshan_flag_description(int flag) { return flag_descriptions[flag]; }

static const char *const balance_names[POSHAN_BAL_COUNT] = {
    "age_months", "share_male", "share_upper_primary", "weight_kg", "height_cm"};

const char *poshan_balance_name(int variable) { return balance_names[variable]; }

void poshan_impact_defaults(poshan_impact_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->arms.unit = POSHAN_LEVEL_DISTRICT;
    opt->arms.cluster = POSHAN_LEVEL_DISTRICT;   /* the level treatment was assigned */
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

/* A child waiting for its other round: the one it has, in 40 bytes (with
 * a file by round, half a million of them wait at once). */
typedef struct held_round {
    long line;
    double age_months, weight_kg, height_cm;
    uint32_t school;
    unsigned char male, upper, round;
} held_round;

/* The rounding errors of the sums by arm (sum.h), folded in at the end. */
typedef struct arm_errors {
    double outcome[2], balance[POSHAN_BAL_COUNT], balance_sq[POSHAN_BAL_COUNT];
} arm_errors;

typedef struct reader {
    const char *path;
    const poshan_impact_options *opt;
    poshan_impact_result *out;
    int index[NCOLS];
    int header_done;
    poshan_trial trial;
    poshan_holding waiting;          /* held_round by child_id: children seen in one round so far */
    poshan_groups levels, gains;     /* the same group index for both: one per school; gains
                                      * only for the gain form (the means come from levels) */
    poshan_design levels_design, gains_design;
    arm_errors errors[2];
    char child[64];                  /* the child whose records are being collected */
    size_t child_hash;               /* its poshan_holding_hash */
    child_round round[2];
} reader;

/* NAN for a record that has no value of a growth outcome. */
static double outcome_of(const reader *r, const child_round *c) {
    if (r->opt->outcome == POSHAN_OUTCOME_GROWTH)
        return poshan_growth_outcome_value(&r->opt->growth, c->male != 0, c->age_months, c->weight_kg, c->height_cm);
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

/* Keeps the POSHAN_FLAG_EXAMPLES first by child_id, in that order: the same
 * children whatever the order of the rows. */
static void note_example(reader *r, int flag, double change) {
    poshan_impact_result *out = r->out;
    size_t at = out->nexamples;
    while (at > 0 && strcmp(out->examples[at - 1].child_id, r->child) > 0) at--;
    if (at == POSHAN_FLAG_EXAMPLES) return;
    if (out->nexamples < POSHAN_FLAG_EXAMPLES) out->nexamples++;
    memmove(&out->examples[at + 1], &out->examples[at], (out->nexamples - 1 - at) * sizeof *out->examples);
    poshan_flag_example *e = &out->examples[at];
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
        if (st == POSHAN_OK && r->opt->gain_form)
            st = poshan_groups_add(&r->gains, s->arm, cluster, boot, unit, &g2, err);
        if (st != POSHAN_OK) return st;
    }
    *group = s->group;
    return POSHAN_OK;
}

static void add_balance(poshan_impact_arm *a, arm_errors *e, const child_round *c) {
    double v[POSHAN_BAL_COUNT] = {c->age_months, c->male, c->upper, c->weight_kg, c->height_cm};
    a->balance_n++;
    for (int i = 0; i < POSHAN_BAL_COUNT; i++) {
        poshan_sum_add(&a->balance_sum[i], &e->balance[i], v[i]);
        poshan_sum_add(&a->balance_sumsq[i], &e->balance_sq[i], v[i] * v[i]);
    }
}

static void settle_arms(reader *r) {
    for (int arm = 0; arm < 2; arm++) {
        poshan_impact_arm *a = &r->out->arm[arm];
        arm_errors *e = &r->errors[arm];
        for (int k = 0; k < 2; k++) poshan_sum_settle(&a->outcome_sum[k], &e->outcome[k]);
        for (int i = 0; i < POSHAN_BAL_COUNT; i++) {
            poshan_sum_settle(&a->balance_sum[i], &e->balance[i]);
            poshan_sum_settle(&a->balance_sumsq[i], &e->balance_sq[i]);
        }
    }
}

static poshan_status add_child(reader *r, int arm, int both, poshan_error *err) {
    poshan_impact_arm *a = &r->out->arm[arm];
    double z[POSHAN_MAX_COEFS];
    for (int k = 0; k < 2; k++) {
        const child_round *c = &r->round[k];
        if (!c->present) continue;
        if (isnan(outcome_of(r, c))) {
            a->no_score[k]++;
            continue;
        }
        size_t group;
        poshan_status st = group_of(r, c->school, &group, err);
        if (st != POSHAN_OK) return st;
        design_row(r, c, 1, k, z);
        poshan_groups_accumulate(&r->levels, group, z, outcome_of(r, c), 1.0);
        a->n[k]++;
        poshan_sum_add(&a->outcome_sum[k], &r->errors[arm].outcome[k], outcome_of(r, c));
        if (k == 0) add_balance(a, &r->errors[arm], c);
        if (k == 1 && both && r->opt->gain_form && !isnan(outcome_of(r, &r->round[0]))) {
            design_row(r, &r->round[0], 0, 0, z);   /* covariates at baseline */
            poshan_groups_accumulate(&r->gains, group, z, outcome_of(r, c) - outcome_of(r, &r->round[0]), 1.0);
        }
    }
    return POSHAN_OK;
}

/* The collected child, measured in two schools, goes on the list. */
static poshan_status note_moved(reader *r, poshan_error *err) {
    poshan_impact_result *out = r->out;
    const char *from, *to, *district, *block;
    poshan_trial_school_names(&r->trial, r->round[0].school, &from, &district, &block);
    poshan_trial_school_names(&r->trial, r->round[1].school, &to, &district, &block);
    size_t nc = strlen(r->child) + 1, nf = strlen(from) + 1, nt = strlen(to) + 1;
    char *text = malloc(nc + nf + nt);
    if (text == NULL || poshan_grow((void **)&out->moved, &out->moved_capacity, out->nmoved + 1,
                                    sizeof *out->moved) != 0) {
        free(text);
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory listing moved children"));
    }
    poshan_moved_child *m = &out->moved[out->nmoved++];
    m->child_id = memcpy(text, r->child, nc);
    m->from_school = memcpy(text + nc, from, nf);
    m->to_school = memcpy(text + nc + nf, to, nt);
    m->from_arm = r->trial.info[r->round[0].school].arm;
    m->to_arm = r->trial.info[r->round[1].school].arm;
    out->children_moved++;
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
    if (both && b->school != e->school) st = note_moved(r, err);
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
        } else st = add_child(r, arm, both, err);
    }
    memset(r->round, 0, sizeof r->round);
    return st;
}

/* A round as held, and back: the same values, the school in 32 bits (-1
 * beyond: no file has four thousand million schools, and the table of
 * them would have run out of memory first). */
static int hold(const child_round *c, int round, held_round *h) {
    if (c->school > UINT32_MAX) return -1;
    *h = (held_round){c->line, c->age_months, c->weight_kg, c->height_cm, (uint32_t)c->school,
                      (unsigned char)c->male, (unsigned char)c->upper, (unsigned char)round};
    return 0;
}

static void unhold(const held_round *h, child_round *c) {
    *c = (child_round){1, h->line, h->school, h->age_months, h->male, h->upper, h->weight_kg, h->height_cm};
}

/* The collected child has a round twice: its record of `round` and the held one. */
static poshan_status second_record(const reader *r, int round, long held_line, poshan_error *err) {
    return poshan_error_set(err, POSHAN_EINPUT, r->path, r->round[round].line, "round",
                            _("child %s already has a %s record on line %ld: one record per round"),
                            r->child, round ? "endline" : "baseline", held_line);
}

/* Another child starts: the collected one is finished when it has both
 * rounds, else held by its id until its other round comes. One look-up
 * does both: a child whose other round is held already is finished with
 * it, else it is held. With nothing held (a file by child) there is no
 * look-up at all. */
static poshan_status put_aside(reader *r, poshan_error *err) {
    int rounds = r->round[0].present + r->round[1].present;
    held_round mine, held;
    if (rounds == 0) return POSHAN_OK;
    if (rounds == 2) {
        if (r->waiting.count > 0 && poshan_holding_take(&r->waiting, r->child, r->child_hash, &held))
            return second_record(r, held.round, held.line, err);
        return finish_child(r, err);
    }
    int round = r->round[1].present, found = -1;
    if (hold(&r->round[round], round, &mine) == 0)
        found = poshan_holding_swap(&r->waiting, r->child, r->child_hash, &mine, &held);
    if (found < 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL,
                                _("out of memory holding child %s until its other round"), r->child);
    if (found == 0) {
        memset(r->round, 0, sizeof r->round);
        return POSHAN_OK;
    }
    if (held.round == round) return second_record(r, round, held.line, err);
    unhold(&held, &r->round[held.round]);
    return finish_child(r, err);
}

/* At the end of the file: the children still waiting were seen in one round only. */
static poshan_status finish_waiting(reader *r, poshan_error *err) {
    poshan_status st = put_aside(r, err);
    held_round h;
    const char *child;
    for (size_t at = 0; st == POSHAN_OK && poshan_holding_next(&r->waiting, &at, &h, &child);) {
        memcpy(r->child, child, strlen(child) + 1);   /* length checked in parse_record */
        unhold(&h, &r->round[h.round]);
        st = finish_child(r, err);
    }
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

static poshan_status number_in(const reader *r, const poshan_csv_row *row, int col, double lo, double hi,
                               const char *what, double *out, poshan_error *err) {
    const char *text = poshan_csv_field(row, r->index[col]);
    int ok = short_decimal(text, out) ? 1 : poshan_parse_number(text, out);
    if (ok == 1 && *out >= lo && *out <= hi) return POSHAN_OK;
    return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, columns[col].name,
                            ok == 0 ? "is empty: every record needs %s"
                                    : "'%s' is not possible for %s (expected %g to %g)",
                            ok == 0 ? what : text, ok == 0 ? "" : what, lo, hi);
}

static poshan_status word_in(const reader *r, const poshan_csv_row *row, int col, const char *const *words,
                             size_t nwords, const char *expected, int *out, poshan_error *err) {
    const char *text = poshan_csv_field(row, r->index[col]);
    for (size_t i = 0; i < nwords; i++)   /* first letters first: most words differ there */
        if (tolower((unsigned char)text[0]) == tolower((unsigned char)words[i][0]) &&
            strcasecmp(text, words[i]) == 0) {
            *out = (int)i;
            return POSHAN_OK;
        }
    return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, columns[col].name,
                            _("'%s' is not understood: write %s"), text, expected);
}

/* Bounds on single measurements: beyond these no school child can be (the
 * record is a typing error, not a measurement). Age: 3 to 20 years. Weight:
 * 5-150 kg; height 60-220 cm, well outside the WHO 2007 reference ranges for
 * 5-19 years (de Onis et al., Bull WHO 85:660). */
static poshan_status parse_round(const reader *r, const poshan_csv_row *row, child_round *c, int *round,
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

/* Checks one record on its own: the child's id (*child points into row), the
 * round and the measurements, and the school, interned in t (the file's
 * trial, or a block's own when the file is read on several threads). */
static poshan_status parse_record(const reader *r, poshan_trial *t, const poshan_csv_row *row,
                                  const char **child, child_round *c, int *round, poshan_error *err) {
    *child = poshan_csv_field(row, r->index[COL_CHILD]);
    if ((*child)[0] == '\0' || strlen(*child) >= sizeof r->child)
        return poshan_error_set(err, POSHAN_EINPUT, r->path, row->line, "child_id",
                                _("every record needs a child_id of at most %zu characters"),
                                sizeof r->child - 1);
    memset(c, 0, sizeof *c);
    *round = 0;
    poshan_status st = parse_round(r, row, c, round, err);
    if (st == POSHAN_OK)
        st = poshan_trial_school_of(t, poshan_csv_field(row, r->index[COL_SCHOOL]),
                                    poshan_csv_field(row, r->index[COL_DISTRICT]),
                                    poshan_csv_field(row, r->index[COL_BLOCK]), r->path, row->line,
                                    &c->school, err);
    return st;
}

/* Takes a checked record, in file order (c->school in the file's trial): a
 * new child puts the one before aside. */
static poshan_status take_record(reader *r, const char *child, size_t hash, const child_round *c, int round,
                                 poshan_error *err) {
    r->out->records++;
    if (hash != r->child_hash || strcmp(child, r->child) != 0) {   /* another hash: another child */
        poshan_status st = put_aside(r, err);
        if (st != POSHAN_OK) return st;
        memcpy(r->child, child, strlen(child) + 1);   /* length checked in parse_record */
        r->child_hash = hash;
    }
    if (r->round[round].present)
        return poshan_error_set(err, POSHAN_EINPUT, r->path, c->line, "round",
                                _("child %s already has a %s record on line %ld: one record per round"),
                                child, round ? "endline" : "baseline", r->round[round].line);
    r->round[round] = *c;
    return POSHAN_OK;
}

static poshan_status on_header(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    reader *r = ctx;
    r->header_done = 1;
    return poshan_csv_map_header(row, columns, NCOLS, 1, r->index, r->path, err);
}

static poshan_status on_row(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    reader *r = ctx;
    if (!r->header_done) return on_header(r, row, err);
    const char *child;
    child_round c;
    int round;
    poshan_status st = parse_record(r, &r->trial, row, &child, &c, &round, err);
    return st == POSHAN_OK ? take_record(r, child, poshan_holding_hash(child), &c, round, err) : st;
}

/* ---- reading on several threads (csvblocks.h) ---------------------------- */

/* A record checked on a worker thread, waiting to be taken in file order. */
typedef struct parsed_record {
    child_round c;               /* c.school in the block's trial, c.line from the block's start */
    int round;
    size_t child_at;             /* the child's id: an offset into the block's ids */
    size_t hash;                 /* its poshan_holding_hash, worked out on the worker thread */
} parsed_record;

/* One slot's state (csvblocks.h), emptied for each block it is used for. */
typedef struct record_block {
    const reader *r;
    poshan_trial trial;          /* the block's schools, in its own numbering */
    size_t *global;              /* per school of trial: its number in the file's trial, or SIZE_MAX */
    size_t nglobal, global_capacity;
    parsed_record *records;
    size_t count, capacity;
    char *ids;                   /* the records' child ids, each ending in NUL */
    size_t ids_used, ids_capacity;
} record_block;

static void block_free(void *block) {
    record_block *b = block;
    poshan_trial_free(&b->trial);
    free(b->global);
    free(b->records);
    free(b->ids);
    free(b);
}

static int block_clear(void *block) {
    record_block *b = block;
    poshan_error err;
    poshan_trial_free(&b->trial);
    b->nglobal = 0;
    b->count = 0;
    b->ids_used = 0;
    return poshan_trial_init(&b->trial, &b->r->opt->arms, &err) == POSHAN_OK ? 0 : -1;
}

static void *block_new(void *ctx) {
    record_block *b = calloc(1, sizeof *b);
    poshan_error err;
    if (b == NULL) return NULL;
    b->r = ctx;
    if (poshan_trial_init(&b->trial, &b->r->opt->arms, &err) == POSHAN_OK) return b;
    block_free(b);
    return NULL;
}

static poshan_status block_row(void *block, const poshan_csv_row *row, poshan_error *err) {
    record_block *b = block;
    const char *child;
    parsed_record p;
    poshan_status st = parse_record(b->r, &b->trial, row, &child, &p.c, &p.round, err);
    if (st != POSHAN_OK) return st;
    size_t n = strlen(child) + 1;
    if (poshan_grow((void **)&b->records, &b->capacity, b->count + 1, sizeof *b->records) != 0 ||
        poshan_grow((void **)&b->ids, &b->ids_capacity, b->ids_used + n, 1) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    memcpy(b->ids + b->ids_used, child, n);
    p.child_at = b->ids_used;
    p.hash = poshan_holding_hash(child);
    b->ids_used += n;
    b->records[b->count++] = p;
    return POSHAN_OK;
}

/* The file's number of a school of the block's trial: looked up in (or
 * added to) the file's trial the first time, with the same check of its
 * district and block as a single reader makes. */
static poshan_status global_school(reader *r, record_block *b, size_t school, long line, size_t *out,
                                   poshan_error *err) {
    if (school < b->nglobal && b->global[school] != SIZE_MAX) {   /* the usual case: known already */
        *out = b->global[school];
        return POSHAN_OK;
    }
    if (poshan_grow((void **)&b->global, &b->global_capacity, b->trial.schools.count, sizeof *b->global) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    for (; b->nglobal < b->trial.schools.count; b->nglobal++) b->global[b->nglobal] = SIZE_MAX;
    if (b->global[school] == SIZE_MAX) {
        const char *name, *district, *block;
        poshan_trial_school_names(&b->trial, school, &name, &district, &block);
        poshan_status st = poshan_trial_school_of(&r->trial, name, district, block, r->path, line,
                                                  &b->global[school], err);
        if (st != POSHAN_OK) return st;
    }
    *out = b->global[school];
    return POSHAN_OK;
}

/* Records ahead: enough for a fetch from memory (about 100 ns) to arrive
 * while the records before are taken (a few tens of ns each); the slot
 * first, then, once it is at hand, the record it points to. Our choice,
 * measured on the benchmark's file sorted by round. */
#define PREFETCH_SLOT_AHEAD 16
#define PREFETCH_RECORD_AHEAD 8

/* A block's records, in order, taken as a single reader takes them. */
static poshan_status block_done(void *ctx, void *block, long first_line, poshan_error *err) {
    reader *r = ctx;
    record_block *b = block;
    poshan_status st = POSHAN_OK;
    for (size_t i = 0; st == POSHAN_OK && i < b->count; i++) {
        const parsed_record *p = &b->records[i];
        /* children held by the hundred thousand (a file by round): the slot
         * of a child some records on is fetched while these are taken */
        if (i + PREFETCH_SLOT_AHEAD < b->count)
            poshan_holding_prefetch_slot(&r->waiting, b->records[i + PREFETCH_SLOT_AHEAD].hash);
        if (i + PREFETCH_RECORD_AHEAD < b->count)
            poshan_holding_prefetch_record(&r->waiting, b->records[i + PREFETCH_RECORD_AHEAD].hash);
        child_round c = p->c;
        c.line += first_line - 1;
        st = global_school(r, b, p->c.school, c.line, &c.school, err);
        if (st == POSHAN_OK) st = take_record(r, b->ids + p->child_at, p->hash, &c, p->round, err);
    }
    return st;
}

/* The threads to read with: as asked, else one a processor, at most
 * POSHAN_READ_THREADS_MAX. */
static int reading_threads(const poshan_impact_options *opt) {
    if (opt->threads > 0) return opt->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > POSHAN_READ_THREADS_MAX ? POSHAN_READ_THREADS_MAX : (int)n;
}

/* Reads the file in blocks on several threads; 0 when it was not read so. */
static int read_in_blocks(reader *r, int threads) {
    poshan_csv_blocks spec = {
        .threads = threads,
        .block_bytes = r->opt->read_block_bytes ? r->opt->read_block_bytes : POSHAN_READ_BLOCK_BYTES,
        .ctx = r, .header = on_header, .block_new = block_new, .block_clear = block_clear,
        .row = block_row, .block_done = block_done, .block_free = block_free};
    return poshan_csv_read_blocks(r->path, &spec);
}

/* ---- the estimate --------------------------------------------------------- */

/* A school with kept records, by name. */
typedef struct named_group {
    const char *district, *block, *school;
    size_t group;
} named_group;

static int by_names(const void *a, const void *b) {
    const named_group *x = a, *y = b;
    int c = strcmp(x->district, y->district);
    if (c == 0) c = strcmp(x->block, y->block);
    return c ? c : strcmp(x->school, y->school);
}

static int by_child_id(const void *a, const void *b) {
    return strcmp(((const poshan_moved_child *)a)->child_id, ((const poshan_moved_child *)b)->child_id);
}

/* After the read, whatever the order of the rows: the sums settled, the
 * schools in order of district, block and school names (the order clusters
 * are summed and units drawn in), the moved children by child_id. */
static poshan_status put_in_order(reader *r, poshan_error *err) {
    size_t n = r->levels.count, *order = malloc((n ? n : 1) * sizeof *order);
    named_group *named = malloc((n ? n : 1) * sizeof *named);
    poshan_status st = POSHAN_OK;
    if (order == NULL || named == NULL)
        st = poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    for (size_t s = 0; st == POSHAN_OK && s < r->trial.schools.count; s++) {
        size_t g = r->trial.info[s].group;
        if (g == SIZE_MAX) continue;
        named[g].group = g;
        poshan_trial_school_names(&r->trial, s, &named[g].school, &named[g].district, &named[g].block);
    }
    if (st == POSHAN_OK) {
        if (n > 1) qsort(named, n, sizeof *named, by_names);
        for (size_t i = 0; i < n; i++) order[i] = named[i].group;
        st = poshan_groups_reorder(&r->levels, order, err);
    }
    if (st == POSHAN_OK && r->opt->gain_form) st = poshan_groups_reorder(&r->gains, order, err);
    free(order);
    free(named);
    settle_arms(r);
    if (r->out->nmoved > 1) qsort(r->out->moved, r->out->nmoved, sizeof *r->out->moved, by_child_id);
    return st;
}

static void set_designs(reader *r) {
    size_t ncov = 0;
    static const char *const cov_names[] = {"age_months", "male", "upper_primary"};
    const char *names[3];
    for (int b = 0; b < 3; b++)
        if (r->opt->covariates & (1 << b)) names[ncov++] = cov_names[b];
    poshan_design_did(&r->levels_design, ncov, names);
    poshan_design_gain(&r->gains_design, ncov, names);
}

/* The statistics and the trial start empty (again, when a read in blocks
 * gave up and the file is read once more with one reader). */
static poshan_status reader_start(reader *r, poshan_error *err) {
    r->header_done = 0;
    r->child[0] = '\0';
    r->child_hash = poshan_holding_hash(r->child);
    memset(r->round, 0, sizeof r->round);
    memset(r->errors, 0, sizeof r->errors);
    poshan_holding_init(&r->waiting, sizeof(held_round));
    poshan_impact_result_free(r->out);
    memset(r->out, 0, sizeof *r->out);
    poshan_status st = poshan_trial_init(&r->trial, &r->opt->arms, err);
    if (st == POSHAN_OK) st = poshan_groups_init(&r->levels, r->levels_design.kz, err);
    if (st == POSHAN_OK) st = poshan_groups_init(&r->gains, r->gains_design.kz, err);
    return st;
}

static void reader_end(reader *r) {
    poshan_groups_free(&r->levels);
    poshan_groups_free(&r->gains);
    poshan_trial_free(&r->trial);
    poshan_holding_free(&r->waiting);
}

static poshan_status read_file(reader *r, poshan_error *err) {
    poshan_status st = POSHAN_OK;
    int threads = reading_threads(r->opt), in_blocks = threads > 1 && read_in_blocks(r, threads);
    if (!in_blocks && threads > 1) {   /* start again from nothing */
        reader_end(r);
        st = reader_start(r, err);
    }
    r->out->read_threads = in_blocks ? threads : 1;
    if (st == POSHAN_OK && !in_blocks) st = poshan_csv_read_file(r->path, on_row, r, err);
    if (st == POSHAN_OK) st = finish_waiting(r, err);
    if (st == POSHAN_OK && !r->header_done)
        st = poshan_error_set(err, POSHAN_EINPUT, r->path, 0, NULL, _("the file is empty"));
    if (st == POSHAN_OK) st = poshan_trial_check_seen(&r->trial, r->path, err);
    return st;
}

poshan_status poshan_impact_estimate(const char *path, const poshan_impact_options *opt,
                                     poshan_impact_result *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    reader *r = calloc(1, sizeof *r);
    if (r == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    r->path = path;
    r->opt = opt;
    r->out = out;
    set_designs(r);
    poshan_status st = reader_start(r, err);
    if (st == POSHAN_OK) st = read_file(r, err);
    if (st == POSHAN_OK) st = put_in_order(r, err);
    poshan_inference_options inference = opt->inference;
    if (opt->threads == 1) inference.threads = 1;   /* asked for one thread: the inference too */
    if (st == POSHAN_OK)
        st = opt->gain_form ? poshan_did_estimate(&r->gains, &r->gains_design, &inference, &out->did, err)
                            : poshan_did_estimate(&r->levels, &r->levels_design, &inference, &out->did, err);
    for (int a = 0; st == POSHAN_OK && a < 2; a++)
        for (int round = 0; st == POSHAN_OK && round < 2; round++)
            st = poshan_groups_mean(&r->levels, a, round, opt->inference.alpha, &out->means[a][round], err);
    if (st == POSHAN_EINPUT && err->file[0] == '\0') snprintf(err->file, sizeof err->file, "%s", path);
    if (st != POSHAN_OK) poshan_impact_result_free(out);
    reader_end(r);
    free(r);
    return st;
}

void poshan_impact_result_free(poshan_impact_result *r) {
    for (size_t i = 0; i < r->nmoved; i++) free(r->moved[i].child_id);
    free(r->moved);
    r->moved = NULL;
    r->nmoved = r->moved_capacity = 0;
}
