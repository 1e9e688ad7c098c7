/* growth_prevalence.c: prevalence of the WHO cut-offs and the scores' means
 * by group (growth_prevalence.h). Each group keeps, per cut-off, the
 * per-cluster sums of inference.h (a poshan_groups with Z = (1, 0), one
 * entry a cluster), so the interval is the impact estimate's CR1 mean with
 * its t on clusters - 1 degrees of freedom; the means and SDs come from
 * whole-number sums of the rounded scores, exact in any order. */
#define _GNU_SOURCE   /* strverscmp */
#include "growth_prevalence.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "i18n.h"
#include "inference.h"
#include "keyindex.h"

typedef struct group_state {
    long children;
    size_t first_pair;                         /* its clusters: a list through pair_next, SIZE_MAX ends */
    long long n[POSHAN_GROWTH_SCORES], sum[POSHAN_GROWTH_SCORES], sumsq[POSHAN_GROWTH_SCORES];
    long flagged[POSHAN_GROWTH_SCORES];
} group_state;

/* One cluster's children within one group: per cut-off, counted and cases. */
typedef struct pair_counts {
    long counted[POSHAN_GROWTH_MAX_CUTOFFS], cases[POSHAN_GROWTH_MAX_CUTOFFS];
    size_t next;                               /* the group's next pair, SIZE_MAX at the end */
} pair_counts;

typedef struct state {
    const poshan_growth_prevalence_options *opt;
    double min_age, max_age;                   /* ages some score has */
    poshan_keyindex names;                     /* group names; group id = index + 1 (0: everyone) */
    group_state *groups;
    size_t ngroups, groups_capacity;
    poshan_keyindex pairs;                     /* "group id \x1f cluster" */
    pair_counts *counts;                       /* per pair */
    size_t counts_capacity;
    long records, outside;
} state;

static poshan_status new_group(state *s, poshan_error *err) {
    if (poshan_grow((void **)&s->groups, &s->groups_capacity, s->ngroups + 1, sizeof *s->groups) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    memset(&s->groups[s->ngroups], 0, sizeof *s->groups);
    s->groups[s->ngroups++].first_pair = SIZE_MAX;
    return POSHAN_OK;
}

/* The counts of the cluster within group gid, added when new. */
static poshan_status pair_of(state *s, size_t gid, const char *cluster, pair_counts **out, poshan_error *err) {
    char key[512];
    snprintf(key, sizeof key, "%zu\x1f%s", gid, cluster);
    size_t pair;
    int added;
    poshan_status st = poshan_keyindex_intern(&s->pairs, key, &pair, &added, err);
    if (st != POSHAN_OK) return st;
    if (added) {
        if (poshan_grow((void **)&s->counts, &s->counts_capacity, pair + 1, sizeof *s->counts) != 0)
            return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
        memset(&s->counts[pair], 0, sizeof *s->counts);
        s->counts[pair].next = s->groups[gid].first_pair;
        s->groups[gid].first_pair = pair;
    }
    *out = &s->counts[pair];
    return POSHAN_OK;
}

static poshan_status add_to(state *s, size_t gid, const char *cluster, const poshan_growth_child *c,
                            const poshan_growth_scores *sc, poshan_error *err) {
    const poshan_growth_reference *ref = s->opt->ref;
    pair_counts *p;
    poshan_status st = pair_of(s, gid, cluster, &p, err);
    if (st != POSHAN_OK) return st;
    group_state *g = &s->groups[gid];
    g->children++;
    for (int k = 0; k < POSHAN_GROWTH_SCORES; k++) {
        if (!sc->defined[k]) continue;
        if (sc->flagged[k]) {
            g->flagged[k]++;
            continue;
        }
        g->n[k]++;
        g->sum[k] += sc->z[k];
        g->sumsq[k] += (long long)sc->z[k] * sc->z[k];
    }
    for (size_t k = 0; k < ref->ncutoffs; k++) {
        int is_case = poshan_growth_cutoff_case(ref, k, c, sc);
        if (is_case < 0) continue;
        p->counted[k]++;
        p->cases[k] += is_case;
    }
    return POSHAN_OK;
}

static poshan_status on_child(void *ctx, const poshan_csv_row *row, const poshan_growth_child *c,
                              const poshan_growth_scores *sc, const char *const *group, poshan_error *err) {
    (void)row;
    state *s = ctx;
    const poshan_growth_prevalence_options *o = s->opt;
    s->records++;
    if (!(c->age_months >= s->min_age && c->age_months <= s->max_age)) {
        s->outside++;
        return POSHAN_OK;
    }
    const char *cluster = group[o->cluster];
    poshan_status st = add_to(s, 0, cluster, c, sc, err);
    if (st != POSHAN_OK || o->by == POSHAN_GROWTH_BY_NONE) return st;
    char years[16];
    const char *name = years;
    if (o->by == POSHAN_GROWTH_BY_SEX) name = c->sex == 1 ? "male" : "female";
    else if (o->by == POSHAN_GROWTH_BY_AGE_YEARS) snprintf(years, sizeof years, "%d", (int)floor(c->age_months / 12));
    else name = group[o->by];
    size_t index;
    int added;
    st = poshan_keyindex_intern(&s->names, name, &index, &added, err);
    if (st == POSHAN_OK && added) st = new_group(s, err);
    return st == POSHAN_OK ? add_to(s, index + 1, cluster, c, sc, err) : st;
}

void poshan_growth_prevalence_defaults(poshan_growth_prevalence_options *opt, const poshan_growth_reference *ref) {
    memset(opt, 0, sizeof *opt);
    opt->ref = ref;
    opt->by = POSHAN_GROWTH_BY_NONE;
    opt->cluster = POSHAN_GROWTH_COL_SCHOOL;
    opt->alpha = 0.05;
}

static const state *sort_state;   /* for qsort: the names of the groups being ordered */

static int by_name(const void *a, const void *b) {
    return strverscmp(sort_state->names.keys[*(const size_t *)a], sort_state->names.keys[*(const size_t *)b]);
}

/* The share of cut-off k in group g with its CR1 interval: the clusters'
 * sums go into inference.h's groups, one a cluster, Z = (1, post = 0), each
 * cluster as counted rows of mean cases / counted (Z'Z = counted, Z'y = cases),
 * and poshan_groups_mean gives the intercept-only regression's mean and interval. */
static poshan_status share_of(const state *s, const group_state *g, size_t k, poshan_growth_share *out,
                              poshan_error *err) {
    static const double z[2] = {1, 0};
    poshan_groups groups;
    poshan_status st = poshan_groups_init(&groups, 2, err);
    memset(out, 0, sizeof *out);
    size_t cluster = 0;
    for (size_t p = g->first_pair; st == POSHAN_OK && p != SIZE_MAX; p = s->counts[p].next) {
        const pair_counts *c = &s->counts[p];
        if (c->counted[k] == 0) continue;
        size_t index;
        st = poshan_groups_add(&groups, 0, cluster, cluster, 0, &index, err);
        if (st == POSHAN_OK)
            poshan_groups_accumulate(&groups, index, z, (double)c->cases[k] / (double)c->counted[k],
                                     (double)c->counted[k]);
        cluster++;
        out->children += c->counted[k];
        out->cases += c->cases[k];
    }
    poshan_mean_ci ci;
    if (st == POSHAN_OK) st = poshan_groups_mean(&groups, 0, 0, s->opt->alpha, &ci, err);
    poshan_groups_free(&groups);
    if (st != POSHAN_OK) return st;
    out->share = ci.mean;
    /* a share is 0 to 1: the t interval of a rare or common condition can pass an end */
    out->low = ci.low < 0 ? 0 : ci.low;     /* NAN stays NAN */
    out->high = ci.high > 1 ? 1 : ci.high;
    out->clusters = ci.clusters;
    return POSHAN_OK;
}

/* One group's figures from its sums. */
static poshan_status summarise(const state *s, const group_state *g, const char *name, poshan_growth_group *out,
                               poshan_error *err) {
    const poshan_growth_reference *ref = s->opt->ref;
    double scale = (double)ref->scale;
    out->name = strdup(name);
    if (out->name == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    out->children = g->children;
    for (int k = 0; k < POSHAN_GROWTH_SCORES; k++) {
        poshan_growth_summary *m = &out->score[k];
        double n = (double)g->n[k];
        m->children = (long)g->n[k];
        m->flagged = g->flagged[k];
        m->mean = n > 0 ? (double)g->sum[k] / n / scale : NAN;
        /* n sum(z^2) - (sum z)^2 is exact in whole numbers (of hundredths) */
        double spread = (double)((__int128)g->n[k] * g->sumsq[k] - (__int128)g->sum[k] * g->sum[k]);
        m->sd = n > 1 ? sqrt(spread / (n * (n - 1))) / scale : NAN;
    }
    poshan_status st = POSHAN_OK;
    for (size_t k = 0; st == POSHAN_OK && k < ref->ncutoffs; k++) st = share_of(s, g, k, &out->cutoff[k], err);
    return st;
}

static poshan_status results(state *s, poshan_growth_prevalence *out, poshan_error *err) {
    size_t n = s->names.count;
    size_t *order = malloc((n + 1) * sizeof *order);
    out->groups = calloc(n + 1, sizeof *out->groups);
    if (order == NULL || out->groups == NULL) {
        free(order);
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    }
    for (size_t i = 0; i < n; i++) order[i] = i;
    sort_state = s;
    qsort(order, n, sizeof *order, by_name);
    poshan_status st = summarise(s, &s->groups[0], "all", &out->groups[0], err);
    out->ngroups = 1;
    for (size_t i = 0; st == POSHAN_OK && i < n; i++, out->ngroups++)
        st = summarise(s, &s->groups[order[i] + 1], s->names.keys[order[i]], &out->groups[i + 1], err);
    free(order);
    return st;
}

poshan_status poshan_growth_prevalence_read(FILE *in, const char *name, const poshan_growth_prevalence_options *opt,
                                            poshan_growth_prevalence *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    state s = {.opt = opt, .min_age = INFINITY, .max_age = -INFINITY};
    for (int k = 0; k < POSHAN_GROWTH_SCORES; k++) {
        s.min_age = fmin(s.min_age, opt->ref->score[k].min_age_months);
        s.max_age = fmax(s.max_age, opt->ref->score[k].max_age_months);
    }
    int need = 1 << opt->cluster;
    if (opt->by >= 0 && opt->by < POSHAN_GROWTH_GROUP_COLS) need |= 1 << opt->by;
    poshan_growth_reader reader = {.ref = opt->ref, .need_columns = need, .on_child = on_child,
                                   .on_bad = opt->on_bad, .strict = opt->strict, .ctx = &s};
    poshan_status st = new_group(&s, err);
    if (st == POSHAN_OK) st = poshan_growth_read(in, name, &reader, &out->bad, err);
    if (st == POSHAN_OK) st = results(&s, out, err);
    if (st == POSHAN_EINPUT && err->file[0] == '\0') snprintf(err->file, sizeof err->file, "%s", name);
    out->records = s.records;
    out->outside_ages = s.outside;
    free(s.groups);
    free(s.counts);
    poshan_keyindex_free(&s.names);
    poshan_keyindex_free(&s.pairs);
    if (st != POSHAN_OK) poshan_growth_prevalence_free(out);
    return st;
}

void poshan_growth_prevalence_free(poshan_growth_prevalence *p) {
    for (size_t g = 0; g < p->ngroups; g++) free(p->groups[g].name);
    free(p->groups);
    p->groups = NULL;
    p->ngroups = 0;
}
