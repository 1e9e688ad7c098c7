/* impact.c: reads child measurements and estimates an intervention's effect
 * on weight or height (see impact.h). The single reader makes one pass:
 * each record is parsed and checked; a child is collected while its records
 * are next to each other, held by its id when it has one round so far and
 * another child starts, and classified (attrition, implausible change,
 * moved school) and added to its school's sufficient statistics (a tally)
 * once both rounds are in, or at the end of the file. A large file is read
 * in blocks on several threads (csvblocks.h): each worker adds its records
 * up as it reads them and finishes the children it can; the calling thread
 * joins the runs cut by the blocks' edges and keeps the loose records, which
 * are matched in parts on all threads at the end; the parts' tallies are
 * then added to the file's. */
#include "impact.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* A value in a line of text: n bytes at `at`, not NUL-terminated. */
typedef struct text {
    const char *at;
    size_t n;
} text;

/* ---- one child's records ------------------------------------------------ */

typedef struct child_round {
    int present;
    int arm;                     /* the school's POSHAN_ARM_* */
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
    signed char arm;
} held_round;

/* The rounding errors of the sums by arm (sum.h), folded in at the end. */
typedef struct arm_errors {
    double outcome[2], balance[POSHAN_BAL_COUNT], balance_sq[POSHAN_BAL_COUNT];
} arm_errors;

/* What finished children add up to: the whole file's (the reader's), or a
 * part's, added to the whole later (tally_merge): a block's children that a
 * worker thread finished, in the block's own numbering of schools, or the
 * children a thread matched at the end of a read on several threads. */
typedef struct tally {
    const poshan_impact_options *opt;
    const poshan_trial *trial;       /* the schools' arms and names */
    size_t *group_of;                /* per school of trial: its group in levels and gains, or SIZE_MAX */
    size_t ngroup_of, group_of_capacity;
    poshan_groups levels, gains;     /* the same group index for both: one per school; gains
                                      * only for the gain form (the means come from levels) */
    arm_errors errors[2];
    poshan_impact_result *out;       /* the counts, the moved children and the examples */
} tally;

static poshan_status tally_init(tally *t, const poshan_impact_options *opt, const poshan_trial *trial,
                                const poshan_design *levels, const poshan_design *gains,
                                poshan_impact_result *out, poshan_error *err) {
    memset(t, 0, sizeof *t);
    t->opt = opt;
    t->trial = trial;
    t->out = out;
    poshan_status st = poshan_groups_init(&t->levels, levels->kz, err);
    if (st == POSHAN_OK) st = poshan_groups_init(&t->gains, gains->kz, err);
    return st;
}

/* Empty again, its memory kept (the moved children were handed on by tally_merge). */
static void tally_clear(tally *t) {
    t->ngroup_of = 0;
    t->levels.count = t->gains.count = 0;
    memset(t->errors, 0, sizeof t->errors);
    poshan_moved_child *moved = t->out->moved;
    size_t capacity = t->out->moved_capacity;
    memset(t->out, 0, sizeof *t->out);
    t->out->moved = moved;
    t->out->moved_capacity = capacity;
}

static void tally_free(tally *t) {
    free(t->group_of);
    poshan_groups_free(&t->levels);
    poshan_groups_free(&t->gains);
    t->group_of = NULL;
}

/* NAN for a record that has no value of a growth outcome. */
static double outcome_of(const poshan_impact_options *opt, const child_round *c) {
    if (opt->outcome == POSHAN_OUTCOME_GROWTH)
        return poshan_growth_outcome_value(&opt->growth, c->male != 0, c->age_months, c->weight_kg, c->height_cm);
    return opt->outcome == POSHAN_OUTCOME_WEIGHT_KG ? c->weight_kg : c->height_cm;
}

/* z = constant [, post], then the chosen covariates. Returns its length. */
static size_t design_row(const poshan_impact_options *opt, const child_round *c, int with_post, double post,
                         double *z) {
    size_t n = 0;
    z[n++] = 1.0;
    if (with_post) z[n++] = post;
    if (opt->covariates & POSHAN_COV_AGE) z[n++] = c->age_months;
    if (opt->covariates & POSHAN_COV_SEX) z[n++] = c->male;
    if (opt->covariates & POSHAN_COV_LEVEL) z[n++] = c->upper;
    return n;
}

/* The first implausible change of a child seen in both rounds, or -1. */
static int implausible(const poshan_impact_options *o, const child_round *round, double *change) {
    double dw = round[1].weight_kg - round[0].weight_kg;
    double dh = round[1].height_cm - round[0].height_cm;
    *change = dw;
    if (dw < -o->max_weight_loss_kg) return POSHAN_FLAG_WEIGHT_LOSS;
    if (dw > o->max_weight_gain_kg) return POSHAN_FLAG_WEIGHT_GAIN;
    *change = dh;
    if (dh < -o->max_height_loss_cm) return POSHAN_FLAG_HEIGHT_LOSS;
    if (dh > o->max_height_gain_cm) return POSHAN_FLAG_HEIGHT_GAIN;
    return -1;
}

/* Keeps the POSHAN_FLAG_EXAMPLES first by child_id, in that order: the same
 * children whatever the order of the rows, or of the parts merged. */
static void keep_example(poshan_impact_result *out, const poshan_flag_example *example) {
    size_t at = out->nexamples;
    while (at > 0 && strcmp(out->examples[at - 1].child_id, example->child_id) > 0) at--;
    if (at == POSHAN_FLAG_EXAMPLES) return;
    if (out->nexamples < POSHAN_FLAG_EXAMPLES) out->nexamples++;
    memmove(&out->examples[at + 1], &out->examples[at], (out->nexamples - 1 - at) * sizeof *out->examples);
    out->examples[at] = *example;
}

static void note_example(tally *t, const char *child, const child_round *round, int flag, double change) {
    poshan_flag_example e;
    snprintf(e.child_id, sizeof e.child_id, "%s", child);
    e.line = round[1].line;
    e.flag = flag;
    e.change = change;
    keep_example(t->out, &e);
}

static poshan_status group_of(tally *t, size_t school, size_t *group, poshan_error *err) {
    if (school >= t->ngroup_of) {
        size_t n = t->trial->schools.count > school ? t->trial->schools.count : school + 1;
        if (poshan_grow((void **)&t->group_of, &t->group_of_capacity, n, sizeof *t->group_of) != 0)
            return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
        for (; t->ngroup_of < n; t->ngroup_of++) t->group_of[t->ngroup_of] = SIZE_MAX;
    }
    if (t->group_of[school] == SIZE_MAX) {
        size_t cluster, boot, unit, g2;
        int arm = t->trial->info[school].arm;
        poshan_trial_ids(t->trial, school, &cluster, &boot, &unit);
        poshan_status st = poshan_groups_add(&t->levels, arm, cluster, boot, unit, &t->group_of[school], err);
        if (st == POSHAN_OK && t->opt->gain_form)
            st = poshan_groups_add(&t->gains, arm, cluster, boot, unit, &g2, err);
        if (st != POSHAN_OK) return st;
    }
    *group = t->group_of[school];
    return POSHAN_OK;
}

static void add_balance(poshan_impact_arm *a, arm_errors *e, const child_round *c, int sign) {
    double v[POSHAN_BAL_COUNT] = {c->age_months, c->male, c->upper, c->weight_kg, c->height_cm};
    a->balance_n += sign;
    for (int i = 0; i < POSHAN_BAL_COUNT; i++) {
        poshan_sum_add(&a->balance_sum[i], &e->balance[i], sign * v[i]);
        poshan_sum_add(&a->balance_sumsq[i], &e->balance_sq[i], sign * (v[i] * v[i]));
    }
}

static void settle_arms(tally *t) {
    for (int arm = 0; arm < 2; arm++) {
        poshan_impact_arm *a = &t->out->arm[arm];
        arm_errors *e = &t->errors[arm];
        for (int k = 0; k < 2; k++) poshan_sum_settle(&a->outcome_sum[k], &e->outcome[k]);
        for (int i = 0; i < POSHAN_BAL_COUNT; i++) {
            poshan_sum_settle(&a->balance_sum[i], &e->balance[i]);
            poshan_sum_settle(&a->balance_sumsq[i], &e->balance_sq[i]);
        }
    }
}

/* Adds a record of round k of a child kept (sign 1), or takes it back
 * (sign -1: a child found to have moved or changed implausibly after its
 * records were added as they were read). Records of schools in neither arm
 * are not added. */
static poshan_status add_record(tally *t, const child_round *c, int k, int sign, poshan_error *err) {
    if (c->arm == POSHAN_ARM_OUTSIDE) return POSHAN_OK;
    const poshan_impact_options *opt = t->opt;
    poshan_impact_arm *a = &t->out->arm[c->arm];
    double y = outcome_of(opt, c), z[POSHAN_MAX_COEFS];
    if (isnan(y)) {
        a->no_score[k] += sign;
        return POSHAN_OK;
    }
    size_t group;
    poshan_status st = group_of(t, c->school, &group, err);
    if (st != POSHAN_OK) return st;
    design_row(opt, c, 1, k, z);
    if (sign > 0) poshan_groups_accumulate(&t->levels, group, z, y, 1.0);
    else poshan_groups_remove(&t->levels, group, z, y);
    a->n[k] += sign;
    poshan_sum_add(&a->outcome_sum[k], &t->errors[c->arm].outcome[k], sign * y);
    if (k == 0) add_balance(a, &t->errors[c->arm], c, sign);
    return POSHAN_OK;
}

/* A kept child seen in both rounds, for the gain form: its gain. */
static poshan_status add_gain(tally *t, const child_round *round, poshan_error *err) {
    const poshan_impact_options *opt = t->opt;
    double before = outcome_of(opt, &round[0]), after = outcome_of(opt, &round[1]), z[POSHAN_MAX_COEFS];
    if (isnan(before) || isnan(after)) return POSHAN_OK;
    size_t group;
    poshan_status st = group_of(t, round[1].school, &group, err);
    if (st != POSHAN_OK) return st;
    design_row(opt, &round[0], 0, 0, z);   /* covariates at baseline */
    poshan_groups_accumulate(&t->gains, group, z, after - before, 1.0);
    return POSHAN_OK;
}

/* Adds (sign 1) or takes back (-1) the child's records. */
static poshan_status add_rounds(tally *t, const child_round *round, int sign, poshan_error *err) {
    poshan_status st = POSHAN_OK;
    for (int k = 0; st == POSHAN_OK && k < 2; k++)
        if (round[k].present) st = add_record(t, &round[k], k, sign, err);
    return st;
}

/* Room for one more moved child; NULL when out of memory. */
static poshan_moved_child *new_moved(poshan_impact_result *out) {
    if (poshan_grow((void **)&out->moved, &out->moved_capacity, out->nmoved + 1, sizeof *out->moved) != 0)
        return NULL;
    return &out->moved[out->nmoved++];
}

/* The child, measured in two schools, goes on the list. */
static poshan_status note_moved(tally *t, const char *child, const child_round *round, poshan_error *err) {
    poshan_impact_result *out = t->out;
    const char *from, *to, *district, *block;
    poshan_trial_school_names(t->trial, round[0].school, &from, &district, &block);
    poshan_trial_school_names(t->trial, round[1].school, &to, &district, &block);
    size_t nc = strlen(child) + 1, nf = strlen(from) + 1, nt = strlen(to) + 1;
    char *text = malloc(nc + nf + nt);
    poshan_moved_child *m = text ? new_moved(out) : NULL;
    if (m == NULL) {
        free(text);
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory listing moved children"));
    }
    m->child_id = memcpy(text, child, nc);
    m->from_school = memcpy(text + nc, from, nf);
    m->to_school = memcpy(text + nc + nf, to, nt);
    m->from_arm = t->trial->info[round[0].school].arm;
    m->to_arm = t->trial->info[round[1].school].arm;
    out->children_moved++;
    return POSHAN_OK;
}

/* Classifies a child (one or both rounds present) and adds it up. Its
 * records were added already when `added` (as they were read, on several
 * threads): a child set aside has them taken back. */
static poshan_status finish_child(tally *t, const char *child, const child_round *round, int added,
                                  poshan_error *err) {
    const child_round *b = &round[0], *e = &round[1];
    const child_round *any = b->present ? b : e;
    if (!any->present) return POSHAN_OK;
    int both = b->present && e->present, arm = any->arm;
    poshan_status st = POSHAN_OK;
    if (both && b->school != e->school) {
        if (added) st = add_rounds(t, round, -1, err);
        return st == POSHAN_OK ? note_moved(t, child, round, err) : st;
    }
    if (arm == POSHAN_ARM_OUTSIDE) {
        t->out->records_outside += both ? 2 : 1;
        return POSHAN_OK;
    }
    poshan_impact_arm *a = &t->out->arm[arm];
    a->children++;
    if (both) a->both_rounds++;
    else if (b->present) a->baseline_only++;
    else a->endline_only++;
    double change;
    int flag = both ? implausible(t->opt, round, &change) : -1;
    if (flag >= 0) {
        a->excluded[flag]++;
        a->excluded_children++;
        note_example(t, child, round, flag, change);
        return added ? add_rounds(t, round, -1, err) : POSHAN_OK;
    }
    if (!added) st = add_rounds(t, round, 1, err);
    if (st == POSHAN_OK && both && t->opt->gain_form) st = add_gain(t, round, err);
    return st;
}

/* ---- adding a part's tally to the whole ---------------------------------- */

static void merge_arm(poshan_impact_arm *a, arm_errors *ae, const poshan_impact_arm *b, const arm_errors *be) {
    a->children += b->children;
    a->both_rounds += b->both_rounds;
    a->baseline_only += b->baseline_only;
    a->endline_only += b->endline_only;
    for (int f = 0; f < POSHAN_FLAG_COUNT; f++) a->excluded[f] += b->excluded[f];
    a->excluded_children += b->excluded_children;
    a->balance_n += b->balance_n;
    for (int k = 0; k < 2; k++) {
        a->n[k] += b->n[k];
        a->no_score[k] += b->no_score[k];
        poshan_sum_add(&a->outcome_sum[k], &ae->outcome[k], b->outcome_sum[k]);
        ae->outcome[k] += be->outcome[k];
    }
    for (int i = 0; i < POSHAN_BAL_COUNT; i++) {
        poshan_sum_add(&a->balance_sum[i], &ae->balance[i], b->balance_sum[i]);
        ae->balance[i] += be->balance[i];
        poshan_sum_add(&a->balance_sumsq[i], &ae->balance_sq[i], b->balance_sumsq[i]);
        ae->balance_sq[i] += be->balance_sq[i];
    }
}

/* Adds part to whole: part's school s is whole's school_map[s] (s itself
 * when school_map is NULL), and its line numbers are line_offset short.
 * The moved children's texts pass to whole. Every sum stays order-free
 * (sum.h): a sum and its rounding error are both carried over. */
static poshan_status tally_merge(tally *whole, tally *part, const size_t *school_map, long line_offset,
                                 poshan_error *err) {
    for (size_t s = 0; s < part->ngroup_of; s++) {
        size_t from = part->group_of[s], to;
        if (from == SIZE_MAX) continue;
        poshan_status st = group_of(whole, school_map ? school_map[s] : s, &to, err);
        if (st != POSHAN_OK) return st;
        poshan_groups_merge(&whole->levels, to, &part->levels, from);
        if (whole->opt->gain_form) poshan_groups_merge(&whole->gains, to, &part->gains, from);
    }
    poshan_impact_result *w = whole->out, *p = part->out;
    for (int arm = 0; arm < 2; arm++) merge_arm(&w->arm[arm], &whole->errors[arm], &p->arm[arm], &part->errors[arm]);
    w->records += p->records;
    w->records_outside += p->records_outside;
    w->children_moved += p->children_moved;
    if (p->nmoved > 0 &&
        poshan_grow((void **)&w->moved, &w->moved_capacity, w->nmoved + p->nmoved, sizeof *w->moved) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory listing moved children"));
    if (p->nmoved > 0) memcpy(w->moved + w->nmoved, p->moved, p->nmoved * sizeof *p->moved);
    w->nmoved += p->nmoved;
    p->nmoved = 0;
    for (size_t i = 0; i < p->nexamples; i++) {
        poshan_flag_example e = p->examples[i];
        e.line += line_offset;
        keep_example(w, &e);
    }
    return POSHAN_OK;
}

/* ---- children whose rounds are apart ------------------------------------- */

/* Read on several threads, a child whose records are not next to each
 * other ("loose": a file by round, or a child cut by a block's edge and
 * still alone) has each record kept until the end of the file, in one of
 * PARTITIONS parts by its id's hash, in file order. The parts are then
 * matched on all threads, each in a table small enough for the cache (the
 * one table of the single reader, with half a million children waiting,
 * costs a trip to memory a look-up). A worker sorts its block's loose
 * records by part, and the calling thread only hands each part its piece
 * of the block (a segment).
 *
 * A file by round keeps every record so, and each kept megabyte is fresh
 * memory the kernel must clear first (on the 2-core development virtual
 * machine, after a few seconds' idling or another program's run, about 2 ms
 * of CPU a megabyte: a fifth of a run by round). So a record is kept
 * as bytes, about 22 for a usual one: its flags, its id with its length
 * and NUL, and each number as a varint (7 bits a byte): the measurements'
 * digits with their decimals (digits / 10^decimals gives back the same
 * double exactly), its line and its school in its block. */
#define PARTITION_BITS 8
#define PARTITIONS (1 << PARTITION_BITS)

/* A loose record read back (or about to be kept). */
typedef struct loose_record {
    const char *child;           /* its id, NUL-terminated (in the kept bytes) */
    size_t child_len;
    uint32_t value[3];           /* age_months, weight_kg, height_cm: value / 10^decimals, exactly */
    unsigned char decimals[3];
    unsigned char bits;          /* male, upper, round, then arm + 1 in two bits */
    uint32_t line, school;       /* in its block: the segment makes them the file's */
} loose_record;

/* The most bytes a record takes: flags, id length, id and NUL (ids are
 * shorter than 64), two bytes of decimals, five varints of 32 bits. */
#define LOOSE_BYTES_MAX (1 + 1 + 64 + 2 + 5 * 5)

/* Powers of ten, each exact in a double. */
static const double tens[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* v as m / 10^d, exactly as the reading divides (the same double back): 0,
 * or -1 for a value no short decimal gives (a value read by the CSV
 * reader's path, not as digits). */
static int compact(double v, uint32_t *m, unsigned char *d) {
    for (int k = 0; k < 10; k++) {
        double scaled = v * tens[k];
        if (!(scaled >= 0 && scaled < 4294967295.0)) return -1;
        long long n = llround(scaled);
        if ((double)n / tens[k] == v) {
            *m = (uint32_t)n;
            *d = (unsigned char)k;
            return 0;
        }
    }
    return -1;
}

/* A round of a child as a loose record; -1 when a value has no short form
 * (the read then goes again with the single reader) or the school or line
 * does not fit. `digits` (NULL: worked out here) are its values' as read,
 * with their `decimals`. */
static int loosen(const child_round *c, int round, const char *child, size_t child_len, const uint32_t *digits,
                  const unsigned char *decimals, loose_record *rec) {
    double v[3] = {c->age_months, c->weight_kg, c->height_cm};
    if (digits) {
        memcpy(rec->value, digits, sizeof rec->value);
        memcpy(rec->decimals, decimals, sizeof rec->decimals);
    } else
        for (int i = 0; i < 3; i++)
            if (compact(v[i], &rec->value[i], &rec->decimals[i]) != 0) return -1;
    if (c->school > UINT32_MAX || c->line < 0 || c->line > (long)UINT32_MAX || child_len >= 64) return -1;
    rec->child = child;
    rec->child_len = child_len;
    rec->bits = (unsigned char)((c->male != 0) | (c->upper != 0) << 1 | round << 2 | (c->arm + 1) << 3);
    rec->line = (uint32_t)c->line;
    rec->school = (uint32_t)c->school;
    return 0;
}

static int loose_round(const loose_record *rec) { return rec->bits >> 2 & 1; }

static unsigned char *put_varint(unsigned char *at, uint32_t v) {
    for (; v >= 0x80; v >>= 7) *at++ = (unsigned char)(v | 0x80);
    *at++ = (unsigned char)v;
    return at;
}

static const unsigned char *get_varint(const unsigned char *at, uint32_t *v) {
    uint32_t x = 0;
    for (int shift = 0;; shift += 7) {
        unsigned char byte = *at++;
        x |= (uint32_t)(byte & 0x7F) << shift;
        if (byte < 0x80) break;
    }
    *v = x;
    return at;
}

/* The record as bytes at `at` (room for LOOSE_BYTES_MAX); their end. */
static unsigned char *put_loose(unsigned char *at, const loose_record *rec) {
    *at++ = rec->bits;
    *at++ = (unsigned char)rec->child_len;
    memcpy(at, rec->child, rec->child_len);
    at += rec->child_len;
    *at++ = '\0';
    *at++ = (unsigned char)(rec->decimals[0] | rec->decimals[1] << 4);
    *at++ = rec->decimals[2];
    for (int i = 0; i < 3; i++) at = put_varint(at, rec->value[i]);
    at = put_varint(at, rec->line);
    return put_varint(at, rec->school);
}

/* The record whose bytes start at `at`; the end of its bytes. */
static const unsigned char *get_loose(const unsigned char *at, loose_record *rec) {
    rec->bits = *at++;
    rec->child_len = *at++;
    rec->child = (const char *)at;
    at += rec->child_len + 1;
    rec->decimals[0] = at[0] & 0x0F;
    rec->decimals[1] = at[0] >> 4;
    rec->decimals[2] = at[1];
    at += 2;
    for (int i = 0; i < 3; i++) at = get_varint(at, &rec->value[i]);
    at = get_varint(at, &rec->line);
    return get_varint(at, &rec->school);
}

/* A block's records of one part, as bytes: their schools in the block's
 * numbering, school_map[s] in the file's (NULL: the file's already), their
 * lines line_offset short of the file's. */
typedef struct segment {
    const unsigned char *bytes;
    size_t count;
    const uint32_t *school_map;
    long line_offset;
} segment;

typedef struct partition {
    segment *segments;           /* in file order */
    size_t nsegments, capacity;
    size_t count;                /* records in all */
} partition;

/* A child whose two rounds were next to each other is finished at once, in
 * whichever thread read it. The single reader would have refused it had a
 * record of its id been waiting at that point (a round twice). So once any
 * record is loose, the calling thread keeps the hashes of the loose ids in a
 * set, and looks up every child finished so: one found (a child both
 * loose and finished, or two ids of one 64-bit hash) makes the read give up
 * and go again with the single reader, which decides exactly. A file by
 * child (whose only loose records are the children seen once) keeps a small
 * set; a file by round finishes no child so and keeps none. */
static size_t mixed(size_t hash) { return (size_t)((uint64_t)hash * UINT64_C(0x9E3779B97F4A7C15)); }
static size_t partition_of(size_t hash) { return mixed(hash) >> (64 - PARTITION_BITS); }

typedef struct hash_set {
    size_t *slots;               /* a hash, 0 as 1; 0: empty */
    size_t nslots, count;
} hash_set;

static size_t set_key(size_t hash) { return hash ? hash : 1; }

static int set_has(const hash_set *h, size_t hash) {
    if (h->count == 0) return 0;
    size_t key = set_key(hash), mask = h->nslots - 1;
    for (size_t s = mixed(key) & mask; h->slots[s] != 0; s = (s + 1) & mask)
        if (h->slots[s] == key) return 1;
    return 0;
}

/* -1 when out of memory. */
static int set_add(hash_set *h, size_t hash) {
    if ((h->count + 1) * 2 > h->nslots) {
        size_t n = h->nslots ? h->nslots * 2 : 1024, mask = n - 1;
        size_t *slots = calloc(n, sizeof *slots);
        if (slots == NULL) return -1;
        for (size_t i = 0; i < h->nslots; i++) {
            if (h->slots[i] == 0) continue;
            size_t s = mixed(h->slots[i]) & mask;
            while (slots[s] != 0) s = (s + 1) & mask;
            slots[s] = h->slots[i];
        }
        free(h->slots);
        h->slots = slots;
        h->nslots = n;
    }
    size_t key = set_key(hash), mask = h->nslots - 1, s = mixed(key) & mask;
    for (; h->slots[s] != 0; s = (s + 1) & mask)
        if (h->slots[s] == key) return 0;
    h->slots[s] = key;
    h->count++;
    return 0;
}

typedef struct loose_children {
    partition parts[PARTITIONS];
    size_t count;                /* records kept */
    hash_set ids;                /* their ids' hashes, once a child is finished with records loose */
    void **owned;                /* the memory the records are in, freed at the end */
    size_t nowned, owned_capacity;
} loose_children;

/* Memory the records live in, freed at the end; -1 (and freed now) when
 * out of memory. */
static int own(loose_children *l, void *p) {
    if (poshan_grow((void **)&l->owned, &l->owned_capacity, l->nowned + 1, sizeof *l->owned) != 0) {
        free(p);
        return -1;
    }
    l->owned[l->nowned++] = p;
    return 0;
}

/* Adds the hashes of a segment's ids to the set. -1 when out of memory. */
static int add_ids(hash_set *ids, const segment *seg) {
    const unsigned char *at = seg->bytes;
    loose_record rec;
    for (size_t i = 0; i < seg->count; i++) {
        at = get_loose(at, &rec);
        if (set_add(ids, poshan_key_hash_n(rec.child, rec.child_len)) != 0) return -1;
    }
    return 0;
}

/* Appends the n records of part p (their bytes), which stay where they
 * are; -1 when out of memory. */
static int add_segment(loose_children *l, size_t p, const unsigned char *bytes, size_t n,
                       const uint32_t *school_map, long line_offset) {
    partition *part = &l->parts[p];
    segment seg = {bytes, n, school_map, line_offset};
    if ((l->ids.nslots > 0 && add_ids(&l->ids, &seg) != 0) ||
        poshan_grow((void **)&part->segments, &part->capacity, part->nsegments + 1, sizeof *part->segments) != 0)
        return -1;
    part->segments[part->nsegments++] = seg;
    part->count += n;
    l->count += n;
    return 0;
}

/* Keeps one loose record (of the calling thread's collecting: its school
 * and line the file's); -1 when out of memory or it has no short form. */
static int keep_loose(loose_children *l, const char *child, size_t hash, const child_round *c, int round) {
    loose_record rec;
    if (loosen(c, round, child, strlen(child), NULL, NULL, &rec) != 0) return -1;
    unsigned char *bytes = malloc(LOOSE_BYTES_MAX);
    if (bytes == NULL || own(l, bytes) != 0) return -1;
    put_loose(bytes, &rec);
    return add_segment(l, partition_of(hash), bytes, 1, NULL, 0);
}

/* 0 when no record of the id of a child finished at once (by its hash)
 * is loose so far; 1 when one may be (the read gives up); -1 when out of
 * memory. The set is made at the first such look-up with records loose. */
static int loose_has(loose_children *l, size_t hash) {
    if (l->count == 0) return 0;
    if (l->ids.nslots == 0)
        for (size_t i = 0; i < PARTITIONS; i++)
            for (size_t k = 0; k < l->parts[i].nsegments; k++)
                if (add_ids(&l->ids, &l->parts[i].segments[k]) != 0) return -1;
    return set_has(&l->ids, hash);
}

static void loose_free(loose_children *l) {
    if (l == NULL) return;
    for (size_t i = 0; i < PARTITIONS; i++) free(l->parts[i].segments);
    for (size_t i = 0; i < l->nowned; i++) free(l->owned[i]);
    free(l->owned);
    free(l->ids.slots);
    free(l);
}

/* ---- the reader --------------------------------------------------------- */

typedef struct reader {
    const char *path;
    const poshan_impact_options *opt;
    poshan_impact_result *out;
    int index[NCOLS];
    int header_done;
    size_t nfields;                  /* the header's */
    signed char column_of[64];       /* per field of a line (the first 64): its COL_*, or -1 */
    poshan_trial trial;
    tally tally;                     /* the file's: out, schools of trial */
    poshan_design levels_design, gains_design;
    poshan_holding waiting;          /* the single reader's held_round by child_id: children seen in
                                      * one round so far */
    loose_children *loose;           /* a read on several threads: the loose records */
    char child[64];                  /* the child whose records are being collected */
    size_t child_hash;               /* its poshan_holding_hash */
    child_round round[2];
} reader;

/* A round as held, and back: the same values, the school in 32 bits (-1
 * beyond: no file has four thousand million schools, and the table of
 * them would have run out of memory first). */
static int hold(const child_round *c, int round, held_round *h) {
    if (c->school > UINT32_MAX) return -1;
    *h = (held_round){c->line, c->age_months, c->weight_kg, c->height_cm, (uint32_t)c->school,
                      (unsigned char)c->male, (unsigned char)c->upper, (unsigned char)round, (signed char)c->arm};
    return 0;
}

static void unhold(const held_round *h, child_round *c) {
    *c = (child_round){1, h->arm, h->line, h->school, h->age_months, h->male, h->upper, h->weight_kg, h->height_cm};
}

/* The collected child, finished: added up, and forgotten. */
static poshan_status finish_collected(reader *r, poshan_error *err) {
    poshan_status st = finish_child(&r->tally, r->child, r->round, r->loose != NULL, err);
    memset(r->round, 0, sizeof r->round);
    return st;
}

/* The collected child has a round twice: its record of `round` and the held one. */
static poshan_status second_record(const reader *r, int round, long held_line, poshan_error *err) {
    return poshan_error_set(err, POSHAN_EINPUT, r->path, r->round[round].line, "round",
                            _("child %s already has a %s record on line %ld: one record per round"),
                            r->child, round ? "endline" : "baseline", held_line);
}

static poshan_status out_of_memory_holding(const reader *r, poshan_error *err) {
    return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL,
                            _("out of memory holding child %s until its other round"), r->child);
}

/* The read on several threads gives up; the single reader reads again and decides. */
static poshan_status gave_up(poshan_error *err) {
    return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, NULL, "read again by the single reader");
}

/* Another child starts, on several threads: the collected child is
 * finished when it has both rounds, else its record is kept as loose. */
static poshan_status put_aside_loose(reader *r, int rounds, poshan_error *err) {
    if (rounds == 2) {
        int found = loose_has(r->loose, r->child_hash);
        if (found != 0) return found < 0 ? out_of_memory_holding(r, err) : gave_up(err);
        return finish_collected(r, err);
    }
    int round = r->round[1].present;
    if (keep_loose(r->loose, r->child, r->child_hash, &r->round[round], round) != 0) return gave_up(err);
    memset(r->round, 0, sizeof r->round);
    return POSHAN_OK;
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
    if (r->loose) return put_aside_loose(r, rounds, err);
    if (rounds == 2) {
        if (r->waiting.count > 0 && poshan_holding_take(&r->waiting, r->child, r->child_hash, &held))
            return second_record(r, held.round, held.line, err);
        return finish_collected(r, err);
    }
    int round = r->round[1].present, found = -1;
    if (hold(&r->round[round], round, &mine) == 0)
        found = poshan_holding_swap(&r->waiting, r->child, r->child_hash, &mine, &held);
    if (found < 0) return out_of_memory_holding(r, err);
    if (found == 0) {
        memset(r->round, 0, sizeof r->round);
        return POSHAN_OK;
    }
    if (held.round == round) return second_record(r, round, held.line, err);
    unhold(&held, &r->round[held.round]);
    return finish_collected(r, err);
}

/* At the end of the file: the children still waiting were seen in one round only. */
static poshan_status finish_waiting(reader *r, poshan_error *err) {
    poshan_status st = put_aside(r, err);
    held_round h;
    const char *child;
    for (size_t at = 0; st == POSHAN_OK && poshan_holding_next(&r->waiting, &at, &h, &child);) {
        memcpy(r->child, child, strlen(child) + 1);   /* length checked in parse_record */
        unhold(&h, &r->round[h.round]);
        st = finish_collected(r, err);
    }
    return st;
}

/* ---- parsing a record --------------------------------------------------- */

/* The measurements are short decimals ("33.2", "128"): read exactly, these
 * are an integer of at most 15 digits (below 2^53, so exact in a double)
 * divided by a power of ten of at most 10^15 (exact too), and IEEE division
 * rounds that quotient correctly, as strtod would (Clinger 1990, "How to read
 * floating point numbers accurately", the fast path). Anything else goes to
 * poshan_parse_number. Returns 1 when it read the text: its digits as an
 * integer (*mantissa, not negative) and its number of decimals. */
static inline int short_decimal_parts(const char *text, size_t n, long long *mantissa, int *decimals) {
    const char *p = text + (n > 0 && text[0] == '-'), *end = text + n;
    int digits = 0, d = -1;
    long long m = 0;
    for (; p < end; p++) {
        if (*p == '.' && d < 0) { d = 0; continue; }
        if (*p < '0' || *p > '9' || ++digits > 15) return 0;
        m = m * 10 + (*p - '0');
        if (d >= 0) d++;
    }
    if (digits == 0 || d == 0) return 0;
    *mantissa = m;
    *decimals = d < 0 ? 0 : d;
    return 1;
}

/* The number short_decimal_parts read from text. */
static inline double decimal_value(const char *text, long long mantissa, int decimals) {
    double v = (double)mantissa / tens[decimals];
    return text[0] == '-' ? -v : v;
}

static int short_decimal_n(const char *text, size_t n, double *out) {
    long long mantissa;
    int decimals;
    if (!short_decimal_parts(text, n, &mantissa, &decimals)) return 0;
    *out = decimal_value(text, mantissa, decimals);
    return 1;
}

static int short_decimal(const char *text, double *out) { return short_decimal_n(text, strlen(text), out); }

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
    if (st == POSHAN_OK) c->arm = t->info[c->school].arm;
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
    r->nfields = row->count;
    poshan_status st = poshan_csv_map_header(row, columns, NCOLS, 1, r->index, r->path, err);
    memset(r->column_of, -1, sizeof r->column_of);
    for (int col = 0; st == POSHAN_OK && col < NCOLS; col++)
        if (r->index[col] >= 0 && (size_t)r->index[col] < sizeof r->column_of) r->column_of[r->index[col]] = (signed char)col;
    return st;
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
    int short_form;              /* 1: c's age, weight and height are digits / 10^decimals, as read */
    uint32_t digits[3];
    unsigned char decimals[3];
    size_t child_at;             /* the child's id: an offset into the block's ids */
    size_t hash;                 /* its poshan_holding_hash, worked out on the worker thread */
} parsed_record;

/* One slot's state (csvblocks.h), emptied for each block it is used for.
 * The worker collects each child's records while they are next to each
 * other (a run) and, when another child starts, finishes the child itself
 * when the run has both rounds, else keeps the record in `records` for the
 * calling thread as loose. The block's first run and its last may go on in
 * the blocks either side: their records go to the calling thread as well,
 * which joins them to the runs there, as the single reader does. */
typedef struct record_block {
    const reader *r;
    poshan_trial trial;          /* the block's schools, in its own numbering */
    size_t *global;              /* per school of trial: its number in the file's trial, or SIZE_MAX */
    size_t nglobal, global_capacity;
    tally tally;                 /* the children finished here, schools of trial */
    poshan_impact_result result; /* the tally's counts */
    parsed_record *records;      /* the first run's records, once another run began */
    size_t count, capacity;
    int runs;                    /* runs ended in the block */
    unsigned char *loose;        /* the loose records' bytes, in file order (schools of trial) */
    size_t loose_used, loose_capacity;
    struct loose_entry *entries; /* each one's place in them and its child's hash */
    size_t nloose, entries_capacity;
    unsigned char *sorted;       /* the same bytes by part, made at the block's end, in the arena */
    size_t part_start[PARTITIONS + 1];   /* part p's: sorted[part_start[p], part_start[p + 1]) */
    size_t part_count[PARTITIONS];       /* and its records */
    char *arena;                 /* the rest of the slot's last arena block */
    size_t arena_left;
    void **fresh;                /* arena blocks the calling thread has not kept yet */
    size_t nfresh, fresh_capacity;
    char *ids;                   /* the records' child ids, each ending in NUL */
    size_t ids_used, ids_capacity;
    size_t *finished;            /* the hashes of the children finished here */
    size_t nfinished, finished_capacity;
    size_t named_school;         /* the school whose names are in school_names, or SIZE_MAX */
    text school_names[3];        /* its name, district and block (usual_line) */
    char run_child[64];          /* the run going on: its child, */
    size_t run_hash;
    parsed_record run[2];        /* its records by round (c.present), */
    int run_first;               /* the round of its first record */
} record_block;

static void block_free(void *block) {
    record_block *b = block;
    poshan_trial_free(&b->trial);
    tally_free(&b->tally);
    poshan_impact_result_free(&b->result);
    free(b->global);
    free(b->records);
    free(b->ids);
    free(b->finished);
    free(b->loose);
    free(b->entries);
    for (size_t i = 0; i < b->nfresh; i++) free(b->fresh[i]);
    free(b->fresh);
    free(b);
}

static int block_clear(void *block) {
    record_block *b = block;
    poshan_error err;
    poshan_trial_free(&b->trial);
    tally_clear(&b->tally);
    b->nglobal = 0;
    b->named_school = SIZE_MAX;
    b->count = 0;
    b->runs = 0;
    b->nloose = b->loose_used = 0;
    b->sorted = NULL;   /* handed on with its arena */
    b->ids_used = 0;
    b->nfinished = 0;
    memset(b->run, 0, sizeof b->run);
    return poshan_trial_init(&b->trial, &b->r->opt->arms, &err) == POSHAN_OK ? 0 : -1;
}

static void *block_new(void *ctx) {
    const reader *r = ctx;
    record_block *b = calloc(1, sizeof *b);
    poshan_error err;
    if (b == NULL) return NULL;
    b->r = r;
    b->named_school = SIZE_MAX;
    if (poshan_trial_init(&b->trial, &r->opt->arms, &err) == POSHAN_OK &&
        tally_init(&b->tally, r->opt, &b->trial, &r->levels_design, &r->gains_design, &b->result, &err) == POSHAN_OK)
        return b;
    block_free(b);
    return NULL;
}

static poshan_status block_out_of_memory(poshan_error *err) {
    return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
}

/* A record of the run for the calling thread. */
static poshan_status pass_on(record_block *b, const parsed_record *p, poshan_error *err) {
    size_t n = strlen(b->run_child) + 1;
    if (poshan_grow((void **)&b->records, &b->capacity, b->count + 1, sizeof *b->records) != 0 ||
        poshan_grow((void **)&b->ids, &b->ids_capacity, b->ids_used + n, 1) != 0)
        return block_out_of_memory(err);
    parsed_record *q = &b->records[b->count++];
    *q = *p;
    q->child_at = b->ids_used;
    q->hash = b->run_hash;
    memcpy(b->ids + b->ids_used, b->run_child, n);
    b->ids_used += n;
    return POSHAN_OK;
}

/* A loose record of a block: where its bytes are, and its child's hash. */
typedef struct loose_entry {
    size_t hash;
    size_t at, n;
} loose_entry;

/* A loose record, kept in the block; a value with no short form makes the
 * read give up (the single reader reads the file). */
static poshan_status keep_block_loose(record_block *b, const parsed_record *p, poshan_error *err) {
    if (poshan_grow((void **)&b->loose, &b->loose_capacity, b->loose_used + LOOSE_BYTES_MAX, 1) != 0 ||
        poshan_grow((void **)&b->entries, &b->entries_capacity, b->nloose + 1, sizeof *b->entries) != 0)
        return block_out_of_memory(err);
    loose_record rec;
    if (loosen(&p->c, p->round, b->run_child, strlen(b->run_child), p->short_form ? p->digits : NULL,
               p->decimals, &rec) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, NULL, "read again by the single reader");
    size_t n = (size_t)(put_loose(b->loose + b->loose_used, &rec) - (b->loose + b->loose_used));
    b->entries[b->nloose++] = (loose_entry){b->run_hash, b->loose_used, n};
    b->loose_used += n;
    return POSHAN_OK;
}

/* Arena blocks are 2 MiB, asked to be backed by a huge page (Linux
 * madvise(2), MADV_HUGEPAGE; a hint only): a file by round keeps tens of
 * MB of loose records, and a fault a 4 KiB page would cost more than the
 * keeping. */
#define ARENA_BYTES ((size_t)2 << 20)

/* n bytes of the slot's arena, a new block when the last is full; NULL when out of memory. */
static void *from_arena(record_block *b, size_t n) {
    if (n > b->arena_left) {
        size_t size = (n + ARENA_BYTES - 1) / ARENA_BYTES * ARENA_BYTES;
        char *p = aligned_alloc(ARENA_BYTES, size);
        if (p == NULL || poshan_grow((void **)&b->fresh, &b->fresh_capacity, b->nfresh + 1, sizeof *b->fresh) != 0) {
            free(p);
            return NULL;
        }
#ifdef MADV_HUGEPAGE
        madvise(p, size, MADV_HUGEPAGE);
#endif
        b->fresh[b->nfresh++] = p;
        b->arena = p;
        b->arena_left = size;
    }
    void *at = b->arena;
    b->arena += n;
    b->arena_left -= n;
    return at;
}

/* After the block's last record, on the worker: its loose records' bytes
 * by part, in the slot's arena, for the calling thread to keep (a
 * counting sort, stable: each part's records stay in file order). */
static int block_end(void *block) {
    record_block *b = block;
    memset(b->part_start, 0, sizeof b->part_start);
    memset(b->part_count, 0, sizeof b->part_count);
    if (b->nloose == 0) return 0;
    if ((b->sorted = from_arena(b, b->loose_used)) == NULL) return -1;
    for (size_t i = 0; i < b->nloose; i++) {
        size_t p = partition_of(b->entries[i].hash);
        b->part_start[p + 1] += b->entries[i].n;
        b->part_count[p]++;
    }
    for (size_t p = 0; p < PARTITIONS; p++) b->part_start[p + 1] += b->part_start[p];
    size_t at[PARTITIONS];
    memcpy(at, b->part_start, sizeof at);
    for (size_t i = 0; i < b->nloose; i++) {
        const loose_entry *e = &b->entries[i];
        size_t p = partition_of(e->hash);
        memcpy(b->sorted + at[p], b->loose + e->at, e->n);
        at[p] += e->n;
    }
    return 0;
}

/* The run is over: another child starts. */
static poshan_status end_run(record_block *b, poshan_error *err) {
    int rounds = b->run[0].c.present + b->run[1].c.present;
    poshan_status st = POSHAN_OK;
    if (rounds == 0) return POSHAN_OK;
    if (b->runs++ == 0) {   /* the block's first run: the calling thread joins it to the run before */
        st = pass_on(b, &b->run[b->run_first], err);
        if (st == POSHAN_OK && rounds == 2) st = pass_on(b, &b->run[!b->run_first], err);
    } else if (rounds == 1) {
        st = keep_block_loose(b, &b->run[b->run_first], err);
    } else {
        child_round round[2] = {b->run[0].c, b->run[1].c};
        if (poshan_grow((void **)&b->finished, &b->finished_capacity, b->nfinished + 1, sizeof *b->finished) != 0)
            return block_out_of_memory(err);
        b->finished[b->nfinished++] = b->run_hash;
        b->result.records += 2;
        st = finish_child(&b->tally, b->run_child, round, 1, err);
    }
    memset(b->run, 0, sizeof b->run);
    return st;
}

/* A checked record (of child, n bytes, its hash), added up and collected
 * into its run. */
static poshan_status block_take(record_block *b, const char *child, size_t n, size_t hash, parsed_record *p,
                                poshan_error *err) {
    poshan_status st = add_record(&b->tally, &p->c, p->round, 1, err);   /* taken back if set aside */
    if (st != POSHAN_OK) return st;
    int going_on = b->run[0].c.present || b->run[1].c.present;
    if (going_on && (hash != b->run_hash || strlen(b->run_child) != n || memcmp(child, b->run_child, n) != 0)) {
        st = end_run(b, err);
        if (st != POSHAN_OK) return st;
        going_on = 0;
    }
    if (!going_on) {
        memcpy(b->run_child, child, n);   /* n checked: below sizeof run_child */
        b->run_child[n] = '\0';
        b->run_hash = hash;
        b->run_first = p->round;
    }
    if (b->run[p->round].c.present)   /* a round twice: the single reader names it */
        return poshan_error_set(err, POSHAN_EINPUT, b->r->path, p->c.line, "round", "a round twice");
    b->run[p->round] = *p;
    return POSHAN_OK;
}

static poshan_status block_row(void *block, const poshan_csv_row *row, poshan_error *err) {
    record_block *b = block;
    const char *child;
    parsed_record p = {.short_form = 0};
    poshan_status st = parse_record(b->r, &b->trial, row, &child, &p.c, &p.round, err);
    if (st != POSHAN_OK) return st;
    size_t n = strlen(child);
    return block_take(b, child, n, poshan_key_hash_n(child, n), &p, err);
}

/* ---- a worker's usual lines ------------------------------------------------- */

/* Nearly every line of a survey's file is plain and usual: printable ASCII
 * with no blank at a value's ends, as many values as the header, rounds,
 * sexes and levels written as poshan writes them, short decimals in range,
 * the school of the line before. Such a line is read here, in place,
 * without the CSV reader's copies and checks, into exactly what
 * parse_record makes of it; any other line goes to the CSV reader and
 * parse_record, which take the same values the same way and name any error
 * (the threads tests and the impact fuzz target compare the two readings). */

static int is(text t, text word) { return t.n == word.n && memcmp(t.at, word.at, t.n) == 0; }

#define WORD(w) {w, sizeof w - 1}

/* The value's index among the two words as written (lower case; sex as a
 * capital letter), or -1: other spellings go the usual way. */
static int usual_word(text t, const text *words) { return is(t, words[0]) ? 0 : is(t, words[1]) ? 1 : -1; }

/* A measurement in range, with its digits and decimals kept for a loose
 * record (loosen) when they fit in 32 bits. */
static inline int usual_number(text t, double lo, double hi, double *out, parsed_record *p, int i) {
    long long mantissa;
    int decimals;
    if (!short_decimal_parts(t.at, t.n, &mantissa, &decimals)) return 0;
    *out = decimal_value(t.at, mantissa, decimals);
    if (mantissa > UINT32_MAX || t.at[0] == '-') p->short_form = 0;
    p->digits[i] = (uint32_t)mantissa;
    p->decimals[i] = (unsigned char)decimals;
    return *out >= lo && *out <= hi;
}

/* The school of a line, in the block's trial: 1, or 0 when the line must
 * go the usual way (a long name, or a school in two districts or blocks,
 * which the usual way names as an error). The last school's names are kept
 * with their lengths: nearly every line has the school of the line before. */
static int usual_school(record_block *b, text school, text district, text block, size_t *out) {
    size_t last = b->trial.last_school;
    if (last != SIZE_MAX && last != b->named_school) {
        const char *name[3];
        poshan_trial_school_names(&b->trial, last, &name[0], &name[1], &name[2]);
        for (int i = 0; i < 3; i++) b->school_names[i] = (text){name[i], strlen(name[i])};
        b->named_school = last;
    }
    if (last != SIZE_MAX && is(school, b->school_names[0]) && is(district, b->school_names[1]) &&
        is(block, b->school_names[2])) {
        *out = last;
        return 1;
    }
    char names[3][256];
    text t[3] = {school, district, block};
    for (int i = 0; i < 3; i++) {
        if (t[i].n >= sizeof names[i]) return 0;
        memcpy(names[i], t[i].at, t[i].n);
        names[i][t[i].n] = '\0';
    }
    poshan_error ignored;
    return poshan_trial_school_of(&b->trial, names[0], names[1], names[2], NULL, 0, out, &ignored) == POSHAN_OK;
}

/* The line's values by column: 0 when it is not plain (a byte not
 * printable ASCII: a tab, a control byte, UTF-8), a value is empty or has a
 * blank at an end, or the count is not the header's. There is no quote:
 * csvblocks.h reads no such file in blocks. */
static int cut_line(const reader *r, const char *line, size_t n, text *field) {
    size_t count = 0, start = 0, i = 0;
#define CUT(end)                                                                                     \
    do {                                                                                             \
        if ((end) == start || line[start] == ' ' || line[(end) - 1] == ' ') return 0;               \
        if (count < sizeof r->column_of && r->column_of[count] >= 0)                                 \
            field[(int)r->column_of[count]] = (text){line + start, (end) - start};                   \
        count++;                                                                                     \
        start = (end) + 1;                                                                           \
    } while (0)
#ifdef __SSE2__
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(line + i));
        /* signed: bytes from 0x80 are negative, so below 0x20 too */
        __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
        if (_mm_movemask_epi8(bad) != 0) return 0;
        for (unsigned commas = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
             commas != 0; commas &= commas - 1)
            CUT(i + (size_t)__builtin_ctz(commas));
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c < 0x20 || c >= 0x7F) return 0;
        if (c == ',') CUT(i);
    }
    CUT(n);
#undef CUT
    return count == r->nfields && count <= sizeof r->column_of;
}

/* 1 when the line (n bytes, no newline) was read here, 0 when it must go
 * the usual way; an error of adding it up is returned in *st. */
static int usual_line(record_block *b, const char *line, size_t n, long line_no, poshan_status *st,
                      poshan_error *err) {
    static const text rounds[] = {WORD("baseline"), WORD("endline")}, sexes[] = {WORD("F"), WORD("M")},
                      levels[] = {WORD("primary"), WORD("upper_primary")};
    text field[NCOLS];
    if (n > 0 && line[n - 1] == '\r') n--;
    if (!cut_line(b->r, line, n, field)) return 0;
    parsed_record p;
    text child = field[COL_CHILD];
    int sex = usual_word(field[COL_SEX], sexes), level = usual_word(field[COL_LEVEL], levels);
    p.round = usual_word(field[COL_ROUND], rounds);
    memset(&p.c, 0, sizeof p.c);
    p.short_form = 1;
    if (child.n >= sizeof b->run_child || sex < 0 || level < 0 || p.round < 0 ||
        !usual_number(field[COL_AGE], 36, 240, &p.c.age_months, &p, 0) ||
        !usual_number(field[COL_WEIGHT], 5, 150, &p.c.weight_kg, &p, 1) ||
        !usual_number(field[COL_HEIGHT], 60, 220, &p.c.height_cm, &p, 2) ||
        !usual_school(b, field[COL_SCHOOL], field[COL_DISTRICT], field[COL_BLOCK], &p.c.school))
        return 0;
    p.c.present = 1;
    p.c.line = line_no;
    p.c.male = sex;
    p.c.upper = level;
    p.c.arm = b->trial.info[p.c.school].arm;
    *st = block_take(b, child.at, child.n, poshan_key_hash_n(child.at, child.n), &p, err);
    return 1;
}

/* A block's text: the usual lines read here, the others by the CSV reader. */
static poshan_status block_span(void *block, const char *data, size_t size, const char *path, long *line,
                                poshan_error *err) {
    poshan_status st = POSHAN_OK;
    for (const char *end = data + size; st == POSHAN_OK && data < end;) {
        const char *nl = memchr(data, '\n', (size_t)(end - data));
        size_t n = nl ? (size_t)(nl - data) : (size_t)(end - data);
        if (usual_line(block, data, n, *line, &st, err)) (*line)++;
        else st = poshan_csv_read_span(data, n + (nl != NULL), path, line, block_row, block, err);
        data += n + (nl != NULL);
    }
    return st;
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

/* A record of the block's edge runs, to the single reader's collecting. */
static poshan_status take_edge(reader *r, record_block *b, const char *child, size_t hash, const parsed_record *p,
                               long first_line, poshan_error *err) {
    child_round c = p->c;
    c.line += first_line - 1;
    poshan_status st = global_school(r, b, p->c.school, c.line, &c.school, err);
    return st == POSHAN_OK ? take_record(r, child, hash, &c, p->round, err) : st;
}

/* A block, in file order, on the calling thread: its first run joined to
 * the run before it, its loose records kept, its children's tally added,
 * and its last run collected, to be joined to the next block's first. */
static poshan_status block_done(void *ctx, void *block, long first_line, poshan_error *err) {
    reader *r = ctx;
    record_block *b = block;
    poshan_status st = POSHAN_OK;
    size_t school;
    /* the loose records' memory, kept from here on (to be freed with the others) */
    const unsigned char *sorted = b->sorted;
    b->sorted = NULL;
    for (size_t i = 0; i < b->nfresh; i++)
        if (own(r->loose, b->fresh[i]) != 0) st = block_out_of_memory(err);
    b->nfresh = 0;
    /* every school of the block, in the file's trial: a listed district is
     * seen even when all its children were set aside */
    for (size_t s = 0; st == POSHAN_OK && s < b->trial.schools.count; s++)
        st = global_school(r, b, s, first_line, &school, err);
    for (size_t i = 0; st == POSHAN_OK && i < b->count; i++) {
        const parsed_record *p = &b->records[i];
        st = take_edge(r, b, b->ids + p->child_at, p->hash, p, first_line, err);
    }
    if (st == POSHAN_OK && b->runs > 0) st = put_aside(r, err);
    /* the loose records, each part's piece handed on with the block's schools
     * in the file's numbering (the matching threads number the records' own) */
    uint32_t *school_map = NULL;
    if (st == POSHAN_OK && sorted) {
        size_t n = b->trial.schools.count;
        if ((school_map = malloc((n ? n : 1) * sizeof *school_map)) == NULL || own(r->loose, school_map) != 0)
            st = block_out_of_memory(err);
        for (size_t i = 0; st == POSHAN_OK && i < n; i++) {
            if (b->global[i] > UINT32_MAX) st = block_out_of_memory(err);
            else school_map[i] = (uint32_t)b->global[i];
        }
    }
    for (size_t p = 0; st == POSHAN_OK && sorted && p < PARTITIONS; p++)
        if (b->part_count[p] > 0 &&
            add_segment(r->loose, p, sorted + b->part_start[p], b->part_count[p], school_map, first_line - 1) != 0)
            st = block_out_of_memory(err);
    r->out->records += (long)b->nloose;
    for (size_t i = 0; st == POSHAN_OK && i < b->nfinished && r->loose->count > 0; i++) {
        int found = loose_has(r->loose, b->finished[i]);
        if (found != 0) st = found < 0 ? block_out_of_memory(err) : gave_up(err);
    }
    if (st == POSHAN_OK) st = tally_merge(&r->tally, &b->tally, b->global, first_line - 1, err);
    int first = b->run[0].c.present && b->run[1].c.present ? b->run_first : b->run[1].c.present;
    for (int k = 0; st == POSHAN_OK && k < 2; k++) {
        const parsed_record *p = &b->run[k ? !first : first];
        if (p->c.present) st = take_edge(r, b, b->run_child, b->run_hash, p, first_line, err);
    }
    return st;
}

/* ---- matching the loose records ------------------------------------------- */

typedef struct matcher {
    reader *r;
    int index, threads;
    tally tally;                 /* the children matched here, schools of the file's trial */
    poshan_impact_result result;
    int failed;                  /* 1: give up (the single reader decides), 2: out of memory */
    uint32_t *tags;              /* the table: per slot, EMPTY, LET_GO, or tag_of its record's key */
    struct waiting *slots;       /* and the waiting record */
    size_t nslots;
} matcher;

/* A table's slot tags: emptied for each part, so kept apart from the
 * records (4 bytes a slot to clear, not a record's 56). */
#define EMPTY 0
#define LET_GO 1
static uint32_t tag_of(uint64_t key) { return (uint32_t)(key >> 32) | 2; }

/* A waiting record, read into the table: its other round, when it comes,
 * finds it there (in the cache) rather than in the arena. */
typedef struct waiting {
    loose_record record;
    const segment *segment;      /* where its school and line are made the file's */
    uint64_t key;                /* poshan_key_hash_n of its id */
} waiting;

static void unhold_loose(const loose_record *rec, const segment *seg, child_round *round) {
    child_round *c = &round[loose_round(rec)];
    c->present = 1;
    c->arm = (rec->bits >> 3 & 3) - 1;
    c->line = (long)rec->line + seg->line_offset;
    c->school = seg->school_map ? seg->school_map[rec->school] : rec->school;
    c->age_months = (double)rec->value[0] / tens[rec->decimals[0]];
    c->weight_kg = (double)rec->value[1] / tens[rec->decimals[1]];
    c->height_cm = (double)rec->value[2] / tens[rec->decimals[2]];
    c->male = rec->bits & 1;
    c->upper = rec->bits >> 1 & 1;
}

/* The child of a waiting record and the record of its other round, or of
 * one left waiting at the end (b NULL). */
static int finish_loose(matcher *m, const waiting *a, const loose_record *b, const segment *b_segment,
                        poshan_error *err) {
    child_round round[2];
    memset(round, 0, sizeof round);
    unhold_loose(&a->record, a->segment, round);
    if (b) unhold_loose(b, b_segment, round);
    return finish_child(&m->tally, a->record.child, round, 1, err) == POSHAN_OK ? 0 : 2;
}

/* One part's records, in file order, as the single reader's holding takes
 * them: a child's other round found is finished with it, else the record
 * waits; the records still waiting at the end are children of one round. */
static int match_part(matcher *m, const partition *p, poshan_error *err) {
    size_t need = 64;
    while (need < 2 * p->count) need *= 2;
    if (need > m->nslots) {
        free(m->tags);
        free(m->slots);
        m->tags = malloc(need * sizeof *m->tags);
        m->slots = malloc(need * sizeof *m->slots);
        m->nslots = m->tags && m->slots ? need : 0;
        if (m->nslots == 0) return 2;
    }
    size_t mask = need - 1;
    uint32_t *tags = m->tags;
    waiting *slots = m->slots;
    memset(tags, EMPTY, need * sizeof *tags);
    for (size_t k = 0; k < p->nsegments; k++) {
        const segment *seg = &p->segments[k];
        const unsigned char *at = seg->bytes;
        for (size_t i = 0; i < seg->count; i++) {
            loose_record rec;
            at = get_loose(at, &rec);
            uint64_t key = poshan_key_hash_n(rec.child, rec.child_len);
            uint32_t tag = tag_of(key);
            size_t s = key & mask, free_slot = SIZE_MAX;
            for (; tags[s] != EMPTY; s = (s + 1) & mask) {
                if (tags[s] == LET_GO) {
                    if (free_slot == SIZE_MAX) free_slot = s;
                } else if (tags[s] == tag && slots[s].key == key && slots[s].record.child_len == rec.child_len &&
                           memcmp(slots[s].record.child, rec.child, rec.child_len) == 0)
                    break;
            }
            if (tags[s] == EMPTY) {   /* waits */
                if (free_slot != SIZE_MAX) s = free_slot;
                tags[s] = tag;
                slots[s] = (waiting){rec, seg, key};
                continue;
            }
            if (loose_round(&slots[s].record) == loose_round(&rec)) return 1;   /* a round twice: the single reader names it */
            if (finish_loose(m, &slots[s], &rec, seg, err) != 0) return 2;
            tags[s] = LET_GO;
        }
    }
    for (size_t s = 0; s < need; s++)
        if (tags[s] > LET_GO && finish_loose(m, &slots[s], NULL, NULL, err) != 0) return 2;
    return 0;
}

static void *match_parts(void *arg) {
    matcher *m = arg;
    poshan_error err;
    for (int i = m->index; m->failed == 0 && i < PARTITIONS; i += m->threads)
        m->failed = match_part(m, &m->r->loose->parts[i], &err);
    return NULL;
}

/* All parts, on `threads` threads, each thread's tally then added to the
 * file's. 0, or -1 when the read must go again with the single reader. */
static int match_loose(reader *r, int threads) {
    size_t records = 0;
    for (int i = 0; i < PARTITIONS; i++) records += r->loose->parts[i].count;
    if (records == 0) return 0;
    if ((size_t)threads > records / 1024 + 1) threads = (int)(records / 1024) + 1;   /* a few: one thread */
    matcher *m = calloc((size_t)threads, sizeof *m);
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    int *running = calloc((size_t)threads, sizeof *running);
    int made = 0, ok = m != NULL && ids != NULL && running != NULL;
    poshan_error err;
    for (; ok && made < threads; made++) {
        m[made] = (matcher){.r = r, .index = made, .threads = threads};
        ok = tally_init(&m[made].tally, r->opt, &r->trial, &r->levels_design, &r->gains_design,
                        &m[made].result, &err) == POSHAN_OK;
    }
    for (int i = 1; ok && i < threads; i++)   /* a thread not started leaves its parts unmatched */
        if (!(running[i] = pthread_create(&ids[i], NULL, match_parts, &m[i]) == 0)) m[i].failed = 2;
    if (ok) match_parts(&m[0]);
    for (int i = 1; ok && i < threads; i++)
        if (running[i]) pthread_join(ids[i], NULL);
    for (int i = 0; ok && i < threads; i++)
        ok = m[i].failed == 0 && tally_merge(&r->tally, &m[i].tally, NULL, 0, &err) == POSHAN_OK;
    for (int i = 0; m && i < made; i++) {
        tally_free(&m[i].tally);
        poshan_impact_result_free(&m[i].result);
        free(m[i].tags);
        free(m[i].slots);
    }
    free(m);
    free(ids);
    free(running);
    return ok ? 0 : -1;
}

/* The threads to read with: as asked, else one a processor, at most
 * POSHAN_READ_THREADS_MAX. */
static int reading_threads(const poshan_impact_options *opt) {
    if (opt->threads > 0) return opt->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > POSHAN_READ_THREADS_MAX ? POSHAN_READ_THREADS_MAX : (int)n;
}

/* Reads the file in blocks on several threads, then matches the loose
 * records; 0 when it was not read so. */
static int read_in_blocks(reader *r, int threads) {
    poshan_csv_blocks spec = {
        .threads = threads,
        .block_bytes = r->opt->read_block_bytes ? r->opt->read_block_bytes : POSHAN_READ_BLOCK_BYTES,
        .ctx = r, .header = on_header, .block_new = block_new, .block_clear = block_clear,
        .row = block_row, .span = block_span, .block_end = block_end, .block_done = block_done, .block_free = block_free};
    poshan_error err;
    if ((r->loose = calloc(1, sizeof *r->loose)) == NULL) return 0;
    int ok = poshan_csv_read_blocks(r->path, &spec);
    if (ok) ok = put_aside(r, &err) == POSHAN_OK;   /* the file's last run */
    if (ok) ok = match_loose(r, threads) == 0;
    loose_free(r->loose);
    r->loose = NULL;
    return ok;
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
    tally *t = &r->tally;
    size_t n = 0, all = t->levels.count, *order = malloc((all ? all : 1) * sizeof *order);
    named_group *named = malloc((all ? all : 1) * sizeof *named);
    poshan_status st = POSHAN_OK;
    if (order == NULL || named == NULL)
        st = poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    /* a school whose records were all taken back (read on several threads)
     * has a group with no rows: it goes, as if it had never been added */
    for (size_t s = 0; st == POSHAN_OK && s < t->ngroup_of; s++) {
        size_t g = t->group_of[s];
        if (g == SIZE_MAX || t->levels.n_obs[g] == 0) continue;
        named[n].group = g;
        poshan_trial_school_names(&r->trial, s, &named[n].school, &named[n].district, &named[n].block);
        n++;
    }
    if (st == POSHAN_OK) {
        size_t sorted = 1;   /* schools come in the file's order, often sorted already */
        while (sorted < n && by_names(&named[sorted - 1], &named[sorted]) <= 0) sorted++;
        if (sorted < n) qsort(named, n, sizeof *named, by_names);
        for (size_t i = 0; i < n; i++) order[i] = named[i].group;
        st = poshan_groups_reorder(&t->levels, order, n, err);
    }
    if (st == POSHAN_OK && r->opt->gain_form) st = poshan_groups_reorder(&t->gains, order, n, err);
    free(order);
    free(named);
    settle_arms(t);
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
    poshan_holding_init(&r->waiting, sizeof(held_round));
    poshan_impact_result_free(r->out);
    memset(r->out, 0, sizeof *r->out);
    poshan_status st = poshan_trial_init(&r->trial, &r->opt->arms, err);
    if (st == POSHAN_OK)
        st = tally_init(&r->tally, r->opt, &r->trial, &r->levels_design, &r->gains_design, r->out, err);
    return st;
}

static void reader_end(reader *r) {
    tally_free(&r->tally);
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
        st = opt->gain_form ? poshan_did_estimate(&r->tally.gains, &r->gains_design, &inference, &out->did, err)
                            : poshan_did_estimate(&r->tally.levels, &r->levels_design, &inference, &out->did, err);
    for (int a = 0; st == POSHAN_OK && a < 2; a++)
        for (int round = 0; st == POSHAN_OK && round < 2; round++)
            st = poshan_groups_mean(&r->tally.levels, a, round, opt->inference.alpha, &out->means[a][round], err);
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
