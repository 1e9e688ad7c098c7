/* lab_summary.c: summary statistics of stored lab samples with GSL (see lab_summary.h).
 * Two passes over the samples: the first collects the values per group, the
 * second, once the fences are known, names the outlying samples. */
#define _GNU_SOURCE
#include "lab_summary.h"

#include <math.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "i18n.h"

typedef struct summarise_ctx {
    poshan_lab_summary *out;
    const poshan_norms *norms;
    const char *by;
} summarise_ctx;

static const char *group_of(const poshan_lab_sample *s, const char *by) {
    if (by == NULL) return "";
    if (strcmp(by, "district") == 0) return s->district;
    if (strcmp(by, "kitchen") == 0) return s->kitchen;
    return s->lab;
}

static poshan_lab_group *find_group(poshan_lab_summary *sum, const char *group, const char *level) {
    for (size_t i = 0; i < sum->count; i++)
        if (strcmp(sum->groups[i].group, group) == 0 && strcmp(sum->groups[i].level, level) == 0)
            return &sum->groups[i];
    return NULL;
}

static poshan_status collect(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    (void)line;
    summarise_ctx *c = ctx;
    const char *group = group_of(s, c->by);
    poshan_lab_group *g = find_group(c->out, group, s->level);
    if (g == NULL) {
        poshan_lab_group *more = realloc(c->out->groups, (c->out->count + 1) * sizeof *more);
        if (more == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
        c->out->groups = more;
        g = &more[c->out->count++];
        memset(g, 0, sizeof *g);
        snprintf(g->group, sizeof g->group, "%s", group);
        snprintf(g->level, sizeof g->level, "%s", s->level);
    }
    if (poshan_grow((void **)&g->values, &g->cap, 2 * (g->n + 1), sizeof *g->values) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    /* energy in the even slots, protein in the odd: a stride of 2 for GSL */
    g->values[2 * g->n] = s->energy_kcal;
    g->values[2 * g->n + 1] = s->protein_g;
    g->n++;
    return POSHAN_OK;
}

static int is_outlier(const poshan_lab_measure *m, double x) {
    return x < m->low_fence || x > m->high_fence;
}

/* Statistics of data[0], data[stride], ... (n values), which it sorts. */
static void measure(double *data, size_t stride, size_t n, double norm, poshan_lab_measure *m) {
    m->norm = norm;
    m->mean = gsl_stats_mean(data, stride, n);
    double *work = malloc(n * sizeof *work);
    m->scaled_mad = work ? gsl_stats_mad(data, stride, n, work) : 0;
    free(work);
    gsl_sort(data, stride, n);
    m->median = gsl_stats_median_from_sorted_data(data, stride, n);
    m->q1 = gsl_stats_quantile_from_sorted_data(data, stride, n, 0.25);
    m->q3 = gsl_stats_quantile_from_sorted_data(data, stride, n, 0.75);
    /* With a MAD of 0 (most values equal) the rule cannot scale: flag nothing. */
    double reach = m->scaled_mad > 0 ? POSHAN_LAB_OUTLIER_MADS * m->scaled_mad : HUGE_VAL;
    m->low_fence = m->median - reach;
    m->high_fence = m->median + reach;
    double sum_kept = 0;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        double x = data[i * stride];
        if (x >= norm) m->at_or_above++;
        if (!is_outlier(m, x)) {
            sum_kept += x;
            kept++;
        }
    }
    m->share_pct = 100.0 * (double)m->at_or_above / (double)n;
    m->mean_without_outliers = kept ? sum_kept / (double)kept : NAN;
}

static poshan_status add_id(poshan_lab_measure *m, const poshan_lab_sample *s, poshan_error *err) {
    char **ids = realloc(m->outlier_ids, (m->outliers + 1) * sizeof *ids);
    if (ids == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    m->outlier_ids = ids;
    size_t size = strlen(s->lab) + strlen(s->sample_id) + 2;
    ids[m->outliers] = malloc(size);
    if (ids[m->outliers] == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    snprintf(ids[m->outliers++], size, "%s/%s", s->lab, s->sample_id);
    return POSHAN_OK;
}

static poshan_status name_outliers(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    (void)line;
    summarise_ctx *c = ctx;
    poshan_lab_group *g = find_group(c->out, group_of(s, c->by), s->level);
    poshan_status st = POSHAN_OK;
    if (g && is_outlier(&g->energy_kcal, s->energy_kcal)) st = add_id(&g->energy_kcal, s, err);
    if (st == POSHAN_OK && g && is_outlier(&g->protein_g, s->protein_g)) st = add_id(&g->protein_g, s, err);
    return st;
}

static int level_rank(const poshan_norms *norms, const char *level) {
    int i = poshan_norms_level_index(norms, level);
    return i < 0 ? POSHAN_MAX_LEVELS : i;
}

static int compare_groups(const void *a, const void *b, void *norms) {
    const poshan_lab_group *x = a, *y = b;
    int c = strcmp(x->group, y->group);
    return c ? c : level_rank(norms, x->level) - level_rank(norms, y->level);
}

poshan_status poshan_lab_summarise(poshan_store *store, const poshan_norms *norms, const char *by,
                                   const poshan_lab_filter *filter, poshan_lab_summary *out,
                                   poshan_error *err) {
    memset(out, 0, sizeof *out);
    if (by && strcmp(by, "district") != 0 && strcmp(by, "kitchen") != 0 && strcmp(by, "lab") != 0)
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "--by",
                                _("summary --by takes district, kitchen or lab, not '%s'"), by);
    summarise_ctx c = {out, norms, by};
    poshan_status st = poshan_lab_query(store, filter, collect, &c, err);
    for (size_t i = 0; st == POSHAN_OK && i < out->count; i++) {
        poshan_lab_group *g = &out->groups[i];
        const poshan_level_norm *norm = poshan_norms_level(norms, g->level);
        measure(g->values, 2, g->n, norm ? norm->energy_kcal : NAN, &g->energy_kcal);
        measure(g->values + 1, 2, g->n, norm ? norm->protein_g : NAN, &g->protein_g);
        free(g->values);
        g->values = NULL;
    }
    if (st == POSHAN_OK) st = poshan_lab_query(store, filter, name_outliers, &c, err);
    if (st == POSHAN_OK && out->count > 1)  /* no groups: groups is NULL, which qsort_r must not get */
        qsort_r(out->groups, out->count, sizeof *out->groups, compare_groups, (void *)norms);
    if (st != POSHAN_OK) poshan_lab_summary_free(out);
    return st;
}

static void free_measure(poshan_lab_measure *m) {
    for (size_t i = 0; i < m->outliers; i++) free(m->outlier_ids[i]);
    free(m->outlier_ids);
}

void poshan_lab_summary_free(poshan_lab_summary *summary) {
    for (size_t i = 0; i < summary->count; i++) {
        free(summary->groups[i].values);
        free_measure(&summary->groups[i].energy_kcal);
        free_measure(&summary->groups[i].protein_g);
    }
    free(summary->groups);
    memset(summary, 0, sizeof *summary);
}
