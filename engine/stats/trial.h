/* trial.h: the layout of a comparison trial as its data reveal it: which
 * district and block each school is in, which arm (treated, comparison or
 * neither) each school falls in from the --treated and --control lists, and
 * the ids of the clusters a school belongs to at each level. Shared by the
 * child-measurement and the attendance readers; reads no files itself. */
#ifndef POSHAN_TRIAL_H
#define POSHAN_TRIAL_H

#include <stddef.h>
#include "error.h"
#include "keyindex.h"

/* Ordered from the finest to the coarsest. */
typedef enum { POSHAN_LEVEL_SCHOOL, POSHAN_LEVEL_BLOCK, POSHAN_LEVEL_DISTRICT } poshan_level;

/* "school", "block" or "district"; -1 for anything else. */
int poshan_level_parse(const char *text, poshan_level *out);
const char *poshan_level_name(poshan_level level);

typedef struct poshan_trial_arms {
    const char *const *treated;  /* names of the units that got the intervention */
    size_t ntreated;
    const char *const *control;  /* names of the comparison units */
    size_t ncontrol;
    poshan_level unit;           /* what the names name: block or district */
    poshan_level cluster;        /* the level of the CR1 clusters */
} poshan_trial_arms;

enum { POSHAN_ARM_OUTSIDE = -1, POSHAN_ARM_CONTROL = 0, POSHAN_ARM_TREATED = 1 };

typedef struct poshan_trial_school {
    size_t district, block;      /* indices into the trial's districts and blocks */
    int arm;                     /* POSHAN_ARM_* */
    size_t group;                /* the reader's group for this school, or (size_t)-1 */
} poshan_trial_school;

typedef struct poshan_trial {
    poshan_trial_arms arms;
    poshan_keyindex schools, districts, blocks;  /* blocks keyed "district\x1f" "block" */
    poshan_trial_school *info;                   /* per school */
    size_t info_capacity;
    int *seen;                   /* per name in treated then control: found in the data */
    size_t last_school;          /* the school of the previous record, or (size_t)-1 */
    int *unit_arms;              /* per district (or block: arms.unit): its arm, once looked up */
    size_t nunit_arms, unit_arms_capacity;
} poshan_trial;

/* Checks the lists (both given, no name in both) and starts an empty trial. */
poshan_status poshan_trial_init(poshan_trial *t, const poshan_trial_arms *arms, poshan_error *err);
void poshan_trial_free(poshan_trial *t);

/* The school of one record: registered when new, else checked to be in the
 * same district and block as before. *index is its index in t->info. */
poshan_status poshan_trial_school_of(poshan_trial *t, const char *school, const char *district,
                                     const char *block, const char *file, long line, size_t *index,
                                     poshan_error *err);

/* The names a school was registered with (pointers into t). */
void poshan_trial_school_names(const poshan_trial *t, size_t school, const char **name,
                               const char **district, const char **block);

/* Cluster, bootstrap-cluster and assignment-unit ids of a school: the
 * bootstrap clusters at the coarser of the cluster and the assignment level. */
void poshan_trial_ids(const poshan_trial *t, size_t school, size_t *cluster, size_t *boot, size_t *unit);

/* After the read: every name in the lists must have had records. */
poshan_status poshan_trial_check_seen(const poshan_trial *t, const char *file, poshan_error *err);

#endif
