/* impact.h: the effect of an intervention on children's weight or height,
 * from a file of measurements in two rounds (baseline, endline) in treated
 * and comparison areas: difference-in-differences (or per-child gains) with
 * plausibility checks, attrition and a baseline balance table. The file is
 * read once, in memory that grows with schools, not rows; the statistics are in
 * inference.h. Reads one CSV (through csvread.h); prints nothing.
 *
 * The rows may come in any order: by child (as our generator writes them),
 * all baseline rows then all endline rows (as survey rounds are exported),
 * or shuffled. A child whose rows are next to each other is finished when
 * the next row names another child; a child seen in one round only so far
 * is held (holding.h) until its other round comes or the file ends, so
 * memory grows with the children waiting, not with the rows. Schools are
 * then put in order of their district, block and code names, and every sum
 * is order-free (sum.h): the results do not depend on the order of the rows.
 *
 * A large regular file is read on several threads (csvblocks.h): workers
 * check the records of blocks of the file, add each record up as it is read,
 * and finish the children whose rounds are next to each other; a child set
 * aside later (moved, implausible) has its records taken back, exactly
 * (sum.h). Records whose child is not next to its other round (a file by
 * round) are kept, about 22 bytes each, in parts by the child's id, and the parts
 * are matched on all threads at the end. Sums being order-free, the result is
 * the same to the last bit whatever the number of threads. A file with a
 * quote character, or with any error, or with a child both next to its other
 * round and apart from it, is read (again) by the single reader, whose
 * message names the first bad line. */
#ifndef POSHAN_IMPACT_H
#define POSHAN_IMPACT_H

#include "error.h"
#include "growth.h"
#include "inference.h"
#include "trial.h"

/* GROWTH: a WHO 2007 z-score or a 0/1 cut-off of one, computed per record
 * from sex, age_months, weight_kg and height_cm (options.growth). */
typedef enum { POSHAN_OUTCOME_WEIGHT_KG, POSHAN_OUTCOME_HEIGHT_CM, POSHAN_OUTCOME_GROWTH } poshan_outcome;

/* Covariates, as bits of poshan_impact_options.covariates. */
enum { POSHAN_COV_AGE = 1, POSHAN_COV_SEX = 2, POSHAN_COV_LEVEL = 4 };

/* Why a child's records were set aside. */
enum { POSHAN_FLAG_WEIGHT_LOSS, POSHAN_FLAG_HEIGHT_LOSS, POSHAN_FLAG_WEIGHT_GAIN,
       POSHAN_FLAG_HEIGHT_GAIN, POSHAN_FLAG_COUNT };
const char *poshan_flag_description(int flag);

typedef struct poshan_impact_options {
    poshan_trial_arms arms;
    poshan_outcome outcome;
    poshan_growth_outcome growth;   /* the score or cut-off, when outcome is GROWTH */
    int covariates;              /* POSHAN_COV_* bits */
    int gain_form;               /* 1: regress each child's gain on treatment */
    double max_weight_loss_kg;   /* the issue: a loss over 2 kg is implausible */
    double max_height_loss_cm;   /* the issue: a loss over 1 cm is implausible */
    double max_weight_gain_kg;   /* between the rounds (about 8 months) */
    double max_height_gain_cm;
    poshan_inference_options inference;
    int threads;                 /* threads reading the file; 0: one a processor, at most 4 */
    size_t read_block_bytes;     /* the blocks read on each thread; 0: POSHAN_READ_BLOCK_BYTES */
} poshan_impact_options;

/* At most this many threads read a file unless more are asked for: reading
 * is parsing, and on the 2- and 4-core machines poshan runs on more threads
 * only compete with the one taking the records in order. */
#define POSHAN_READ_THREADS_MAX 4
/* 512 KiB, about 8,000 records: handing a block over costs nothing next to
 * parsing it, and the few blocks in hand take a few MB. */
#define POSHAN_READ_BLOCK_BYTES ((size_t)1 << 19)

void poshan_impact_defaults(poshan_impact_options *opt);

/* Baseline characteristics compared between the arms. */
enum { POSHAN_BAL_AGE, POSHAN_BAL_MALE, POSHAN_BAL_UPPER, POSHAN_BAL_WEIGHT, POSHAN_BAL_HEIGHT,
       POSHAN_BAL_COUNT };
const char *poshan_balance_name(int variable);

typedef struct poshan_impact_arm {
    long children;               /* children of this arm with any record */
    long both_rounds, baseline_only, endline_only;
    long excluded[POSHAN_FLAG_COUNT];
    long excluded_children;
    long n[2];                   /* records used, by round (0 baseline, 1 endline) */
    long no_score[2];            /* growth outcomes: records left out, by round, for having no
                                  * score at their age or an implausible (flagged) one */
    double outcome_sum[2];
    long balance_n;              /* baseline records used */
    double balance_sum[POSHAN_BAL_COUNT], balance_sumsq[POSHAN_BAL_COUNT];
} poshan_impact_arm;

#define POSHAN_FLAG_EXAMPLES 20
typedef struct poshan_flag_example {
    char child_id[64];
    long line;                   /* the child's endline record */
    int flag;
    double change;               /* endline minus baseline, in the flag's unit */
} poshan_flag_example;

/* A child measured in two different schools (both records set aside). */
typedef struct poshan_moved_child {
    char *child_id;              /* the three texts are one allocation, freed with the result */
    char *from_school, *to_school;   /* the school of the baseline record, of the endline record */
    int from_arm, to_arm;        /* POSHAN_ARM_* of those schools */
} poshan_moved_child;

typedef struct poshan_impact_result {
    poshan_impact_arm arm[2];    /* POSHAN_ARM_CONTROL, POSHAN_ARM_TREATED */
    long records;
    long records_outside;        /* in areas in neither list */
    long children_moved;         /* rows in two different schools: set aside */
    poshan_moved_child *moved;   /* all of them, sorted by child_id */
    size_t nmoved, moved_capacity;
    poshan_flag_example examples[POSHAN_FLAG_EXAMPLES];
    size_t nexamples;
    poshan_did_result did;
    /* mean outcome by arm (POSHAN_ARM_*) and round (0 baseline, 1 endline), with
     * clustered 95 % intervals (clusters as for the standard errors) */
    poshan_mean_ci means[2][2];
    int read_threads;            /* threads that read the file; 1: the single reader */
} poshan_impact_result;

/* Reads path and estimates. On success the caller frees the result's lists
 * with poshan_impact_result_free; on failure nothing is left to free. */
poshan_status poshan_impact_estimate(const char *path, const poshan_impact_options *opt,
                                     poshan_impact_result *out, poshan_error *err);
/* Frees the result's list of moved children (its numbers stay). */
void poshan_impact_result_free(poshan_impact_result *r);

#endif
