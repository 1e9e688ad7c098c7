/* inference.c: DiD estimates from per-group sufficient statistics, with CR1
 * errors, the wild cluster bootstrap-t and randomization inference (see
 * inference.h for the idea). Linear algebra, t quantiles and random numbers
 * come from GSL. */
#include "inference.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sum.h"

/* A statistic counts as "at least as extreme" as the observed one when it is
 * within this relative distance below it: the bootstrap draw with every
 * weight 1 reproduces the observed t up to rounding, and must count. Our
 * choice, far above rounding (1e-15) and far below any real difference;
 * scripts/impact-reference.R uses the same. */
#define TIE_TOLERANCE 1e-9
/* Matrices whose reciprocal condition number is below this are singular for
 * our purposes (the effect is not identified). Our choice: about 500 times
 * the double-precision epsilon (2.2e-16), where solutions lose all digits. */
#define RCOND_MIN 1e-13

/* ---- groups ------------------------------------------------------------- */

poshan_status poshan_groups_init(poshan_groups *g, size_t kz, poshan_error *err) {
    memset(g, 0, sizeof *g);
    if (kz == 0 || kz > POSHAN_MAX_COEFS)
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, NULL, _("too many regressors (%zu)"), kz);
    g->kz = kz;
    return POSHAN_OK;
}

static int grow_groups(poshan_groups *g) {
    size_t cap = g->capacity ? g->capacity * 2 : 64, kz = g->kz;
    void *p[9] = {realloc(g->zz, cap * kz * kz * sizeof(double)), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    if (p[0]) g->zz = p[0];
    if ((p[1] = realloc(g->zy, cap * kz * sizeof(double)))) g->zy = p[1];
    if ((p[2] = realloc(g->n_obs, cap * sizeof(long)))) g->n_obs = p[2];
    if ((p[3] = realloc(g->treated, cap * sizeof(int)))) g->treated = p[3];
    if ((p[4] = realloc(g->cluster, cap * sizeof(size_t)))) g->cluster = p[4];
    if ((p[5] = realloc(g->boot, cap * sizeof(size_t)))) g->boot = p[5];
    if ((p[6] = realloc(g->unit, cap * sizeof(size_t)))) g->unit = p[6];
    if ((p[7] = realloc(g->zz_error, cap * kz * kz * sizeof(double)))) g->zz_error = p[7];
    if ((p[8] = realloc(g->zy_error, cap * kz * sizeof(double)))) g->zy_error = p[8];
    for (int i = 0; i < 9; i++)
        if (p[i] == NULL) return -1;
    g->capacity = cap;
    return 0;
}

poshan_status poshan_groups_add(poshan_groups *g, int treated, size_t cluster, size_t boot,
                                size_t unit, size_t *index, poshan_error *err) {
    if (g->count == g->capacity && grow_groups(g) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory adding a school"));
    size_t i = g->count++, kz = g->kz;
    memset(g->zz + i * kz * kz, 0, kz * kz * sizeof(double));
    memset(g->zy + i * kz, 0, kz * sizeof(double));
    memset(g->zz_error + i * kz * kz, 0, kz * kz * sizeof(double));
    memset(g->zy_error + i * kz, 0, kz * sizeof(double));
    g->n_obs[i] = 0;
    g->treated[i] = treated;
    g->cluster[i] = cluster;
    g->boot[i] = boot;
    g->unit[i] = unit;
    *index = i;
    return POSHAN_OK;
}

static void add_row(poshan_groups *g, size_t group, const double *z, double y, double w) {
    size_t kz = g->kz;
    double *zz = g->zz + group * kz * kz, *zy = g->zy + group * kz;
    double *zz_error = g->zz_error + group * kz * kz, *zy_error = g->zy_error + group * kz;
    for (size_t a = 0; a < kz; a++) {
        double wza = w * z[a];
        poshan_sum_add(&zy[a], &zy_error[a], wza * y);
        for (size_t b = 0; b < kz; b++) poshan_sum_add(&zz[a * kz + b], &zz_error[a * kz + b], wza * z[b]);
    }
}

void poshan_groups_accumulate(poshan_groups *g, size_t group, const double *z, double y, double w) {
    add_row(g, group, z, y, w);
    g->n_obs[group]++;
}

void poshan_groups_remove(poshan_groups *g, size_t group, const double *z, double y) {
    add_row(g, group, z, y, -1.0);   /* -1 * z[a] is exact: the products are the added ones, negated */
    g->n_obs[group]--;
}

void poshan_groups_merge(poshan_groups *g, size_t group, const poshan_groups *from, size_t from_group) {
    size_t kz = g->kz;
    for (size_t i = 0; i < kz * kz; i++) {
        size_t to = group * kz * kz + i, at = from_group * kz * kz + i;
        poshan_sum_add(&g->zz[to], &g->zz_error[to], from->zz[at]);
        g->zz_error[to] += from->zz_error[at];
    }
    for (size_t i = 0; i < kz; i++) {
        size_t to = group * kz + i, at = from_group * kz + i;
        poshan_sum_add(&g->zy[to], &g->zy_error[to], from->zy[at]);
        g->zy_error[to] += from->zy_error[at];
    }
    g->n_obs[group] += from->n_obs[from_group];
}

void poshan_groups_settle(poshan_groups *g) {
    for (size_t i = 0; i < g->count * g->kz * g->kz; i++) poshan_sum_settle(&g->zz[i], &g->zz_error[i]);
    for (size_t i = 0; i < g->count * g->kz; i++) poshan_sum_settle(&g->zy[i], &g->zy_error[i]);
}

/* Moves n items of size bytes into the order `order`, through scratch. */
static void permute(void *items, size_t size, const size_t *order, size_t n, void *scratch) {
    for (size_t i = 0; i < n; i++) memcpy((char *)scratch + i * size, (char *)items + order[i] * size, size);
    memcpy(items, scratch, n * size);
}

/* ids renumbered 0, 1, ... in order of first appearance. */
static void renumber(size_t *ids, size_t n, size_t *scratch) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++) scratch[i] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {   /* ids are below n: one group at least per id in use */
        if (scratch[ids[i]] == SIZE_MAX) scratch[ids[i]] = count++;
        ids[i] = scratch[ids[i]];
    }
}

static size_t *dense_ids(const size_t *ids, size_t n, size_t *count);

poshan_status poshan_groups_reorder(poshan_groups *g, const size_t *order, size_t n, poshan_error *err) {
    size_t all = g->count, kz = g->kz, dummy;
    poshan_groups_settle(g);
    g->count = n;
    if (n == 0) return POSHAN_OK;
    void *scratch = malloc(all * kz * kz * sizeof(double));
    size_t *ids[3] = {g->cluster, g->boot, g->unit};
    for (int i = 0; scratch && i < 3; i++) {   /* first made dense: the ids may be any numbers */
        size_t *dense = dense_ids(ids[i], all, &dummy);
        if (dense == NULL) { free(scratch); scratch = NULL; break; }
        memcpy(ids[i], dense, all * sizeof *dense);
        free(dense);
    }
    if (scratch == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    permute(g->zz, kz * kz * sizeof(double), order, n, scratch);
    permute(g->zy, kz * sizeof(double), order, n, scratch);
    permute(g->n_obs, sizeof(long), order, n, scratch);
    permute(g->treated, sizeof(int), order, n, scratch);
    for (int i = 0; i < 3; i++) {
        permute(ids[i], sizeof(size_t), order, n, scratch);
        renumber(ids[i], n, scratch);
    }
    free(scratch);
    return POSHAN_OK;
}

void poshan_groups_free(poshan_groups *g) {
    free(g->zz); free(g->zy); free(g->zz_error); free(g->zy_error); free(g->n_obs); free(g->treated);
    free(g->cluster); free(g->boot); free(g->unit);
    memset(g, 0, sizeof *g);
}

const char *poshan_boot_weights_name(poshan_boot_weights w) {
    return w == POSHAN_WEIGHTS_WEBB ? "webb" : w == POSHAN_WEIGHTS_RADEMACHER ? "rademacher" : "auto";
}

void poshan_inference_defaults(poshan_inference_options *opt) {
    opt->alpha = 0.05;
    opt->draws = 9999;  /* the default; 9,999 makes (draws + 1) * alpha whole */
    opt->seed = 1;
    opt->weights = POSHAN_WEIGHTS_AUTO;
    opt->threads = 0;   /* the bootstrap and the re-assignments side by side */
}

void poshan_design_did(poshan_design *d, size_t ncov, const char *const *cov_names) {
    *d = (poshan_design){.kz = 2 + ncov, .k = 4 + ncov, .coef = 3, .src = {0, 0, 1, 1},
                         .by_treatment = {0, 1, 0, 1},
                         .names = {"(intercept)", "treated", "post", "treated:post"}};
    for (size_t i = 0; i < ncov; i++) {
        d->src[4 + i] = (int)(2 + i);
        d->names[4 + i] = cov_names[i];
    }
}

void poshan_design_gain(poshan_design *d, size_t ncov, const char *const *cov_names) {
    *d = (poshan_design){.kz = 1 + ncov, .k = 2 + ncov, .coef = 1, .src = {0, 0}, .by_treatment = {0, 1},
                         .names = {"(intercept)", "treated"}};
    for (size_t i = 0; i < ncov; i++) {
        d->src[2 + i] = (int)(1 + i);
        d->names[2 + i] = cov_names[i];
    }
}

/* ---- X'X and X'y of clusters ------------------------------------------- */

/* Adds group i's X'X and X'y, with treatment `treated`, to h (k x k) and c. */
static void add_group(const poshan_groups *g, const poshan_design *d, size_t i, int treated,
                      double *h, double *c) {
    size_t kz = g->kz, k = d->k;
    const double *zz = g->zz + i * kz * kz, *zy = g->zy + i * kz;
    for (size_t a = 0; a < k; a++) {
        if (d->by_treatment[a] && !treated) continue;
        c[a] += zy[d->src[a]];
        for (size_t b = 0; b < k; b++)
            if (!d->by_treatment[b] || treated) h[a * k + b] += zz[d->src[a] * kz + d->src[b]];
    }
}

typedef struct clusters {
    size_t count, k;
    double *h;   /* count x k x k */
    double *c;   /* count x k */
} clusters;

/* Maps arbitrary ids to 0..count-1; map[i] is group i's dense id. */
static size_t *dense_ids(const size_t *ids, size_t n, size_t *count) {
    size_t max = 0;
    for (size_t i = 0; i < n; i++) if (ids[i] > max) max = ids[i];
    size_t *seen = malloc((max + 1) * sizeof *seen), *map = malloc((n ? n : 1) * sizeof *map);
    if (!seen || !map) { free(seen); free(map); return NULL; }
    for (size_t i = 0; i <= max; i++) seen[i] = SIZE_MAX;
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        if (seen[ids[i]] == SIZE_MAX) seen[ids[i]] = (*count)++;
        map[i] = seen[ids[i]];
    }
    free(seen);
    return map;
}

static int collapse(const poshan_groups *g, const poshan_design *d, const size_t *ids, clusters *out) {
    size_t *map = dense_ids(ids, g->count, &out->count), k = d->k;
    out->k = k;
    out->h = calloc(out->count * k * k + 1, sizeof(double));
    out->c = calloc(out->count * k + 1, sizeof(double));
    if (!map || !out->h || !out->c) { free(map); return -1; }
    for (size_t i = 0; i < g->count; i++)
        add_group(g, d, i, g->treated[i], out->h + map[i] * k * k, out->c + map[i] * k);
    free(map);
    return 0;
}

static void clusters_free(clusters *cl) { free(cl->h); free(cl->c); }

/* ---- least squares ------------------------------------------------------ */

/* Inverts the symmetric k x k matrix a into inv; -1 when it is singular. */
static int invert_spd(const double *a, size_t k, double *inv) {
    memcpy(inv, a, k * k * sizeof(double));
    gsl_matrix_view m = gsl_matrix_view_array(inv, k, k);
    if (gsl_linalg_cholesky_decomp1(&m.matrix) != GSL_SUCCESS) return -1;
    double rcond = 0, work[3 * POSHAN_MAX_COEFS];   /* on the stack: randomization inference inverts thousands */
    gsl_vector_view w = gsl_vector_view_array(work, 3 * k);
    if (gsl_linalg_cholesky_rcond(&m.matrix, &rcond, &w.vector) != GSL_SUCCESS || rcond < RCOND_MIN) return -1;
    return gsl_linalg_cholesky_invert(&m.matrix) == GSL_SUCCESS ? 0 : -1;
}

/* out = m v for a k x k matrix, and u'v. These are the reference BLAS's
 * loops (gsl_blas_dgemv with alpha 1 and beta 0, gsl_blas_ddot: the same
 * products summed in the same order, so the same bits), written out: they
 * run once a cluster, and for k of 4 or 5 the call to the library cost
 * more than the sums. */
static void mat_vec(const double *m, const double *v, size_t k, double *out) {
    for (size_t i = 0; i < k; i++) {
        double sum = 0.0, y = 0.0;
        for (size_t j = 0; j < k; j++) sum += v[j] * m[i * k + j];
        y += 1.0 * sum;
        out[i] = y;
    }
}

static double dot(const double *u, const double *v, size_t k) {
    double s = 0.0;
    for (size_t i = 0; i < k; i++) s += u[i] * v[i];
    return s;
}

/* Stata's CR1 factor G/(G-1) * (N-1)/(N-K) (Stata [U] 20.22; estimatr
 * se_type = "stata"). */
static double cr1_factor(size_t clusters_n, long n_obs, size_t k) {
    return (double)clusters_n / (double)(clusters_n - 1) * (double)(n_obs - 1) / (double)(n_obs - (long)k);
}

/* CR1 standard error of coefficient j: a_j is row j of (X'X)^-1. */
static double cr1_se(const clusters *cl, const double *a_j, const double *b, double factor) {
    size_t k = cl->k;
    double sum = 0, fitted[POSHAN_MAX_COEFS];
    for (size_t l = 0; l < cl->count; l++) {
        mat_vec(cl->h + l * k * k, b, k, fitted);
        double s = 0;
        for (size_t a = 0; a < k; a++) s += a_j[a] * (cl->c[l * k + a] - fitted[a]);
        sum += s * s;
    }
    return sqrt(factor * sum);
}

static void sum_clusters(const clusters *cl, double *a, double *c) {
    size_t k = cl->k;
    memset(a, 0, k * k * sizeof(double));
    memset(c, 0, k * sizeof(double));
    for (size_t l = 0; l < cl->count; l++) {
        for (size_t i = 0; i < k * k; i++) a[i] += cl->h[l * k * k + i];
        for (size_t i = 0; i < k; i++) c[i] += cl->c[l * k + i];
    }
}

/* ---- the wild cluster bootstrap-t --------------------------------------- */

/* Webb's six-point distribution (Webb 2014, Queen's Economics Department
 * Working Paper 1315): +-sqrt(3/2), +-1, +-sqrt(1/2), each with probability 1/6. */
static const double webb_values[6] = {-1.224744871391589, -1.0, -0.7071067811865476,
                                      0.7071067811865476, 1.0, 1.224744871391589};
static const double rademacher_values[2] = {-1.0, 1.0};

/* Under the null "coefficient j = beta0" the restricted estimate, and so each
 * cluster's restricted score, is affine in beta0. So is a draw's numerator
 * b*_j - beta0, and each cluster's bootstrap score; its CR1 variance is then
 * a quadratic in beta0. Each draw is summarised once by five numbers, and the
 * p-value at any null (the interval's inversion tries many) costs O(draws). */
typedef struct draw_terms {
    double num0, num1;            /* numerator = num0 + beta0 num1 */
    double ss0, ss1, ss2;         /* sum of squared scores = ss0 + 2 beta0 ss1 + beta0^2 ss2 */
} draw_terms;

typedef struct wild {
    const clusters *cl;
    size_t k, j, L;
    const double *a, *ainv, *b;   /* X'X, its inverse, the unrestricted estimate */
    double factor, se;            /* CR1 factor and standard error at this level */
    const double *values;         /* the weight distribution */
    size_t nvalues;
    long draws;
    int enumerate;
    unsigned long seed;
    double *sub_inv;              /* (X'X without row and column j)^-1 */
    double *p[2], *d[2];          /* per cluster, at null 0 and the change per unit of null:
                                     a_j'u and A^-1 u (u: restricted score X_g'e_g) */
    double *q;                    /* per cluster: H_g a_j */
    double *w;                    /* one weight vector */
    draw_terms *terms;            /* per draw */
} wild;

/* The estimate with coefficient j held at beta0 (the null imposed). */
static void restricted_fit(const wild *wb, const double *c, double beta0, double *br) {
    size_t k = wb->k, j = wb->j, m = 0;
    double rhs[POSHAN_MAX_COEFS] = {0}, gamma[POSHAN_MAX_COEFS];
    for (size_t a = 0; a < k; a++)
        if (a != j) rhs[m++] = c[a] - beta0 * wb->a[a * k + j];
    mat_vec(wb->sub_inv, rhs, k - 1, gamma);
    for (size_t a = 0, r = 0; a < k; a++) br[a] = a == j ? beta0 : gamma[r++];
}

/* p[which], d[which] at null beta0 (which 0: beta0 = 0; which 1: beta0 = 1). */
static void restricted_scores(wild *wb, const double *c, int which) {
    size_t k = wb->k;
    double br[POSHAN_MAX_COEFS], u[POSHAN_MAX_COEFS], fitted[POSHAN_MAX_COEFS];
    restricted_fit(wb, c, which, br);
    const double *a_j = wb->ainv + wb->j * k;
    for (size_t l = 0; l < wb->L; l++) {
        const double *h = wb->cl->h + l * k * k;
        mat_vec(h, br, k, fitted);
        for (size_t a = 0; a < k; a++) u[a] = wb->cl->c[l * k + a] - fitted[a];
        wb->p[which][l] = dot(a_j, u, k);
        mat_vec(wb->ainv, u, k, wb->d[which] + l * k);
        if (which == 0) mat_vec(h, a_j, k, wb->q + l * k);
    }
}

/* From values at null 0 and 1 to value at 0 and slope. */
static void to_slopes(wild *wb) {
    for (size_t l = 0; l < wb->L; l++) {
        wb->p[1][l] -= wb->p[0][l];
        for (size_t a = 0; a < wb->k; a++) wb->d[1][l * wb->k + a] -= wb->d[0][l * wb->k + a];
    }
}

/* Fills wb->w with draw r: digit l of r in base nvalues when enumerating,
 * else the next seeded draws. */
static void next_weights(wild *wb, long r, gsl_rng *rng) {
    unsigned long rest = (unsigned long)r;
    for (size_t l = 0; l < wb->L; l++) {
        size_t v;
        if (rng) v = gsl_rng_uniform_int(rng, wb->nvalues);
        else { v = rest % wb->nvalues; rest /= wb->nvalues; }
        wb->w[l] = wb->values[v];
    }
}

/* The five numbers of the current weight vector: bootstrap coefficient
 * b* = b_r + A^-1 sum_g w_g u_g, bootstrap score of cluster g
 * a_j'(X_g'y*_g - H_g b*) = w_g a_j'u_g - (H_g a_j)'(A^-1 sum_h w_h u_h). */
static draw_terms draw_summary(const wild *wb) {
    size_t k = wb->k;
    double delta0[POSHAN_MAX_COEFS] = {0}, delta1[POSHAN_MAX_COEFS] = {0};
    draw_terms t = {0, 0, 0, 0, 0};
    for (size_t l = 0; l < wb->L; l++) {
        double w = wb->w[l];
        t.num0 += w * wb->p[0][l];
        t.num1 += w * wb->p[1][l];
        for (size_t a = 0; a < k; a++) {
            delta0[a] += w * wb->d[0][l * k + a];
            delta1[a] += w * wb->d[1][l * k + a];
        }
    }
    for (size_t l = 0; l < wb->L; l++) {
        double s0 = wb->w[l] * wb->p[0][l] - dot(wb->q + l * k, delta0, k);
        double s1 = wb->w[l] * wb->p[1][l] - dot(wb->q + l * k, delta1, k);
        t.ss0 += s0 * s0;
        t.ss1 += s0 * s1;
        t.ss2 += s1 * s1;
    }
    return t;
}

static int wild_draws(wild *wb) {
    wb->terms = malloc((size_t)wb->draws * sizeof *wb->terms);
    if (wb->terms == NULL) return -1;
    gsl_rng *rng = wb->enumerate ? NULL : gsl_rng_alloc(gsl_rng_mt19937);
    if (rng) gsl_rng_set(rng, wb->seed);
    for (long r = 0; r < wb->draws; r++) {
        next_weights(wb, r, rng);
        wb->terms[r] = draw_summary(wb);
    }
    gsl_rng_free(rng);
    return 0;
}

/* Bootstrap p-value of the hypothesis coefficient = beta0. */
static double wild_p(const wild *wb, double beta0) {
    double t_obs = fabs((wb->b[wb->j] - beta0) / wb->se) * (1 - TIE_TOLERANCE);
    long extreme = 0;
    for (long r = 0; r < wb->draws; r++) {
        const draw_terms *t = &wb->terms[r];
        double ss = beta0 == 0 ? t->ss0 : t->ss0 + 2 * beta0 * t->ss1 + beta0 * beta0 * t->ss2;
        double tstar = (t->num0 + beta0 * t->num1) / sqrt(wb->factor * ss);
        if (fabs(tstar) >= t_obs) extreme++;   /* NaN (a zero variance) never counts */
    }
    return (double)extreme / (double)wb->draws;
}

/* The edge of the bootstrap confidence set on one side (direction +1 or -1):
 * the null values still accepted at level alpha end there. */
static double wild_bound(const wild *wb, double alpha, int direction) {
    double inside = wb->b[wb->j], step = wb->se, outside = inside + direction * step;
    while (wild_p(wb, outside) > alpha) {
        inside = outside;
        step *= 2;
        if (step > 1e6 * wb->se) return direction * INFINITY;   /* never rejected: unbounded */
        outside = wb->b[wb->j] + direction * step;
    }
    /* to a billionth of a standard error: far below any reported digit */
    for (int it = 0; it < 100 && fabs(outside - inside) > 1e-9 * wb->se; it++) {
        double mid = (inside + outside) / 2;
        if (wild_p(wb, mid) > alpha) inside = mid; else outside = mid;
    }
    return (inside + outside) / 2;
}

static poshan_boot_weights choose_weights(poshan_boot_weights asked, size_t L) {
    if (asked != POSHAN_WEIGHTS_AUTO) return asked;
    return L < 12 ? POSHAN_WEIGHTS_WEBB : POSHAN_WEIGHTS_RADEMACHER;  /* the rule (Webb 2014) */
}

static int run_wild(const poshan_groups *g, const poshan_design *d, const poshan_inference_options *opt,
                    long n_obs, const double *b, poshan_did_result *out) {
    clusters cl = {0};
    if (collapse(g, d, g->boot, &cl) != 0) return -1;
    size_t k = d->k, j = d->coef, L = cl.count;
    double a[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS], c[POSHAN_MAX_COEFS], ainv[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS];
    double sub[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS], sub_inv[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS];
    sum_clusters(&cl, a, c);
    size_t m = 0;
    for (size_t r = 0; r < k; r++)
        for (size_t s = 0; s < k; s++)
            if (r != j && s != j) sub[m++] = a[r * k + s];
    out->wild.n_clusters = L;
    out->wild.weights = choose_weights(opt->weights, L);
    wild wb = {.cl = &cl, .k = k, .j = j, .L = L, .a = a, .ainv = ainv, .b = b,
               .factor = cr1_factor(L, n_obs, k), .seed = opt->seed, .sub_inv = sub_inv};
    wb.values = out->wild.weights == POSHAN_WEIGHTS_WEBB ? webb_values : rademacher_values;
    wb.nvalues = out->wild.weights == POSHAN_WEIGHTS_WEBB ? 6 : 2;
    double vectors = pow((double)wb.nvalues, (double)L);
    wb.enumerate = vectors <= (double)opt->draws;
    wb.draws = wb.enumerate ? (long)vectors : opt->draws;
    for (int i = 0; i < 2; i++) {
        wb.p[i] = malloc(L * sizeof(double));
        wb.d[i] = malloc(L * k * sizeof(double));
    }
    wb.q = malloc(L * k * sizeof(double));
    wb.w = malloc(L * sizeof(double));
    int ok = L >= 2 && wb.p[0] && wb.p[1] && wb.d[0] && wb.d[1] && wb.q && wb.w &&
             invert_spd(a, k, ainv) == 0 && invert_spd(sub, k - 1, sub_inv) == 0;
    if (ok) {
        wb.se = cr1_se(&cl, ainv + j * k, b, wb.factor);
        restricted_scores(&wb, c, 0);
        restricted_scores(&wb, c, 1);
        to_slopes(&wb);
        ok = wild_draws(&wb) == 0;
    }
    if (ok) {
        out->wild.t_stat = b[j] / wb.se;
        out->wild.p_value = wild_p(&wb, 0.0);
        out->wild.ci_low = wild_bound(&wb, opt->alpha, -1);
        out->wild.ci_high = wild_bound(&wb, opt->alpha, +1);
        out->wild.draws = wb.draws;
        out->wild.enumerated = wb.enumerate;
    }
    for (int i = 0; i < 2; i++) { free(wb.p[i]); free(wb.d[i]); }
    free(wb.q); free(wb.w); free(wb.terms);
    clusters_free(&cl);
    return ok ? 0 : -1;
}

/* ---- randomization inference --------------------------------------------- */

typedef struct units {
    size_t count, kz;
    double *zz, *zy;      /* per unit, in Z space */
    double all_zz[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS], all_zy[POSHAN_MAX_COEFS];
    int *treated;
} units;

static int collect_units(const poshan_groups *g, units *u) {
    size_t *map = dense_ids(g->unit, g->count, &u->count), kz = g->kz;
    u->kz = kz;
    u->zz = calloc(u->count * kz * kz + 1, sizeof(double));
    u->zy = calloc(u->count * kz + 1, sizeof(double));
    u->treated = calloc(u->count + 1, sizeof(int));
    if (!map || !u->zz || !u->zy || !u->treated) { free(map); return -1; }
    memset(u->all_zz, 0, sizeof u->all_zz);
    memset(u->all_zy, 0, sizeof u->all_zy);
    for (size_t i = 0; i < g->count; i++) {
        for (size_t a = 0; a < kz * kz; a++) { u->zz[map[i] * kz * kz + a] += g->zz[i * kz * kz + a]; u->all_zz[a] += g->zz[i * kz * kz + a]; }
        for (size_t a = 0; a < kz; a++) { u->zy[map[i] * kz + a] += g->zy[i * kz + a]; u->all_zy[a] += g->zy[i * kz + a]; }
        u->treated[map[i]] = g->treated[i];
    }
    free(map);
    return 0;
}

static void units_free(units *u) { free(u->zz); free(u->zy); free(u->treated); }

/* The effect estimate when the units in `chosen` (n1 of them) are the treated
 * ones; NAN when that assignment does not identify it. */
static double ri_estimate(const units *u, const poshan_design *d, const size_t *chosen, size_t n1) {
    size_t kz = u->kz, k = d->k;
    double tzz[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS] = {0}, tzy[POSHAN_MAX_COEFS] = {0};
    for (size_t i = 0; i < n1; i++) {
        for (size_t a = 0; a < kz * kz; a++) tzz[a] += u->zz[chosen[i] * kz * kz + a];
        for (size_t a = 0; a < kz; a++) tzy[a] += u->zy[chosen[i] * kz + a];
    }
    double a_[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS] = {0}, c[POSHAN_MAX_COEFS] = {0}, inv[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS];
    for (size_t r = 0; r < k; r++) {
        c[r] = d->by_treatment[r] ? tzy[d->src[r]] : u->all_zy[d->src[r]];
        for (size_t s = 0; s < k; s++) {
            size_t z = d->src[r] * kz + d->src[s];
            a_[r * k + s] = d->by_treatment[r] || d->by_treatment[s] ? tzz[z] : u->all_zz[z];
        }
    }
    if (invert_spd(a_, k, inv) != 0) return NAN;
    return dot(inv + d->coef * k, c, k);
}

/* Next n1-subset of 0..n-1 in lexicographic order; 0 after the last. */
static int next_combination(size_t *idx, size_t n1, size_t n) {
    size_t i = n1;
    while (i > 0 && idx[i - 1] == n - n1 + i - 1) i--;
    if (i == 0) return 0;
    idx[i - 1]++;
    for (size_t r = i; r < n1; r++) idx[r] = idx[r - 1] + 1;
    return 1;
}

/* Counts one re-assignment: used when it identifies the effect, extreme when
 * its estimate is at least as large in size as the observed one. */
typedef struct ri_tally {
    double threshold;
    long used, extreme;
} ri_tally;

static void ri_count(ri_tally *t, const units *u, const poshan_design *d, const size_t *chosen, size_t n1) {
    double b = ri_estimate(u, d, chosen, n1);
    if (isnan(b)) return;
    t->used++;
    t->extreme += fabs(b) >= t->threshold;
}

/* Every choice of n1 of the n units, in turn. */
static void ri_exact(ri_tally *t, const units *u, const poshan_design *d, size_t *chosen, size_t n1) {
    for (size_t i = 0; i < n1; i++) chosen[i] = i;
    do ri_count(t, u, d, chosen, n1);
    while (next_combination(chosen, n1, u->count));
}

/* draws random choices of n1 of the n units. */
static int ri_random(ri_tally *t, const units *u, const poshan_design *d, size_t *chosen, size_t n1,
                     long draws, unsigned long seed) {
    size_t *all = malloc((u->count + 1) * sizeof *all);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (all && rng) {
        gsl_rng_set(rng, seed);
        for (size_t i = 0; i < u->count; i++) all[i] = i;
        for (long r = 0; r < draws; r++) {
            gsl_ran_choose(rng, chosen, n1, all, u->count, sizeof(size_t));
            ri_count(t, u, d, chosen, n1);
        }
    }
    int ok = all && rng;
    free(all);
    gsl_rng_free(rng);
    return ok ? 0 : -1;
}

static int run_ri(const poshan_groups *g, const poshan_design *d, const poshan_inference_options *opt,
                  double observed, poshan_did_result *out) {
    units u = {0};
    if (collect_units(g, &u) != 0) return -1;
    size_t n1 = 0;
    for (size_t i = 0; i < u.count; i++) n1 += (size_t)u.treated[i];
    size_t *chosen = malloc((u.count + 1) * sizeof *chosen);
    ri_tally t = {fabs(observed) * (1 - TIE_TOLERANCE), 0, 0};
    /* exact when the re-assignments are no more than the draws */
    out->ri.exact = floor(exp(gsl_sf_lnchoose((unsigned)u.count, (unsigned)n1)) + 0.5) <= (double)opt->draws;
    int ok = chosen != NULL;
    if (ok && out->ri.exact) ri_exact(&t, &u, d, chosen, n1);
    else if (ok) ok = ri_random(&t, &u, d, chosen, n1, opt->draws, opt->seed) == 0;
    /* at random, the observed assignment counts once more: p = (1 + extreme) / (1 + used) */
    out->ri.p_value = out->ri.exact ? (double)t.extreme / (double)t.used
                                    : (1.0 + (double)t.extreme) / (1.0 + (double)t.used);
    out->ri.assignments = t.used;
    free(chosen);
    units_free(&u);
    return ok ? 0 : -1;
}

/* run_ri on a thread of its own. */
typedef struct ri_job {
    const poshan_groups *g;
    const poshan_design *d;
    const poshan_inference_options *opt;
    double observed;
    poshan_did_result *out;
    int status;
} ri_job;

static void *ri_thread(void *arg) {
    ri_job *job = arg;
    job->status = run_ri(job->g, job->d, job->opt, job->observed, job->out);
    return NULL;
}

/* ---- the estimate --------------------------------------------------------- */

static void count_units(const poshan_groups *g, poshan_did_result *out) {
    size_t n = 0, *map = dense_ids(g->unit, g->count, &n);
    int *seen = calloc(n + 1, sizeof *seen);
    out->n_units = n;
    out->n_treated_units = out->n_control_units = 0;
    for (size_t i = 0; map && seen && i < g->count; i++) {
        if (seen[map[i]]) continue;
        seen[map[i]] = 1;
        if (g->treated[i]) out->n_treated_units++; else out->n_control_units++;
    }
    free(map);
    free(seen);
}

/* X'X and X'y of all groups together. */
static void sum_groups(const poshan_groups *g, const poshan_design *d, double *a, double *c) {
    memset(a, 0, d->k * d->k * sizeof(double));
    memset(c, 0, d->k * sizeof(double));
    for (size_t i = 0; i < g->count; i++) add_group(g, d, i, g->treated[i], a, c);
}

/* Each CR1 cluster's score for coefficient j, a_j'(X_g'y_g - X_g'X_g b): the
 * sum of its groups' scores, so no cluster's X'X is ever kept. */
static double *cluster_scores(const poshan_groups *g, const poshan_design *d, const double *a_j,
                              const double *b, size_t *count) {
    size_t k = d->k, *map = dense_ids(g->cluster, g->count, count);
    double *scores = map ? calloc(*count + 1, sizeof *scores) : NULL;
    for (size_t i = 0; scores && i < g->count; i++) {
        double h[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS] = {0}, c[POSHAN_MAX_COEFS] = {0}, fitted[POSHAN_MAX_COEFS];
        add_group(g, d, i, g->treated[i], h, c);
        mat_vec(h, b, k, fitted);
        for (size_t r = 0; r < k; r++) scores[map[i]] += a_j[r] * (c[r] - fitted[r]);
    }
    free(map);
    return scores;
}

static void t_inference(const poshan_inference_options *opt, poshan_did_result *out) {
    out->t_stat = out->estimate / out->std_error;
    out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->t_stat), (double)out->df);
    double crit = gsl_cdf_tdist_Pinv(1 - opt->alpha / 2, (double)out->df);
    out->ci_low = out->estimate - crit * out->std_error;
    out->ci_high = out->estimate + crit * out->std_error;
}

static poshan_status fit_cr1(const poshan_groups *g, const poshan_design *d, const poshan_inference_options *opt,
                             poshan_did_result *out, poshan_error *err) {
    size_t k = d->k, j = d->coef;
    double a[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS], c[POSHAN_MAX_COEFS], ainv[POSHAN_MAX_COEFS * POSHAN_MAX_COEFS];
    sum_groups(g, d, a, c);
    if (invert_spd(a, k, ainv) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, NULL,
                                _("the effect cannot be estimated from these data: the treated or the "
                                "comparison area has no records in one period (baseline or endline, "
                                "before or after the start), or a covariate never varies"));
    out->k = k;
    memcpy(out->names, d->names, sizeof out->names);
    mat_vec(ainv, c, k, out->coefs);
    out->estimate = out->coefs[j];
    double *scores = cluster_scores(g, d, ainv + j * k, out->coefs, &out->n_clusters);
    if (scores == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    double sum = 0;
    for (size_t l = 0; l < out->n_clusters; l++) sum += scores[l] * scores[l];
    free(scores);
    if (out->n_clusters < 2 || out->n_obs <= (long)k)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, NULL,
                                _("too little data: %ld records in %zu clusters for %zu coefficients; "
                                "clustered errors need at least 2 clusters"), out->n_obs, out->n_clusters, k);
    out->std_error = sqrt(cr1_factor(out->n_clusters, out->n_obs, k) * sum);
    out->df = (long)out->n_clusters - 1;
    t_inference(opt, out);
    return POSHAN_OK;
}

poshan_status poshan_did_estimate(const poshan_groups *g, const poshan_design *d,
                                  const poshan_inference_options *opt, poshan_did_result *out,
                                  poshan_error *err) {
    memset(out, 0, sizeof *out);
    gsl_set_error_handler_off();   /* GSL reports by status: the library must never abort */
    for (size_t i = 0; i < g->count; i++) out->n_obs += g->n_obs[i];
    count_units(g, out);
    if (out->n_treated_units == 0 || out->n_control_units == 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, NULL,
                                _("the data have %zu treated and %zu comparison units with records: "
                                "both are needed"), out->n_treated_units, out->n_control_units);
    poshan_status st = fit_cr1(g, d, opt, out, err);
    if (st != POSHAN_OK) return st;
    /* The bootstrap and the re-assignments share nothing but what they
     * read (each its own random numbers, seeded alike; the one fills
     * out->wild, the other out->ri), so they run side by side. */
    ri_job ri = {g, d, opt, out->estimate, out, -1};
    pthread_t thread;
    int side_by_side = opt->threads != 1 && pthread_create(&thread, NULL, ri_thread, &ri) == 0;
    int wild_status = run_wild(g, d, opt, out->n_obs, out->coefs, out);
    if (side_by_side) pthread_join(thread, NULL);
    else ri_thread(&ri);
    if (wild_status != 0 || ri.status != 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, NULL,
                                _("the bootstrap or randomization inference could not be computed "
                                "(fewer than 2 units, or out of memory)"));
    return POSHAN_OK;
}

/* ---- in words ------------------------------------------------------------- */

const char *poshan_p_value_text(double p, char *buf, size_t n) {
    if (p < 0.00005) snprintf(buf, n, "< 0.0001");   /* would print as 0.0000 */
    else snprintf(buf, n, "%.4f", p);
    return buf;
}

/* English, or the thread's language when translate is not 0. */
__attribute__((format_arg(2))) static const char *maybe_gettext(int translate, const char *english) {
    return translate ? gettext(english) : english;
}

int poshan_did_disagreement(const poshan_did_result *d, const char *units_name, double alpha, int translate,
                            char *buf, size_t n) {
    int wild_below = d->wild.p_value < alpha, ri_below = d->ri.p_value < alpha;
    if (wild_below == ri_below) return 0;
    char wp[16], rp[16];
    poshan_p_value_text(d->wild.p_value, wp, sizeof wp);
    poshan_p_value_text(d->ri.p_value, rp, sizeof rp);
    /* exact: the observed assignment is one of them, so at least 1 is as extreme;
     * at random: p = (1 + extreme) / (1 + draws) */
    long ri_n = d->ri.exact ? d->ri.assignments : d->ri.assignments + 1;
    double ri_min = 1.0 / (double)ri_n;
    size_t used = 0;
    if (wild_below)
        used += (size_t)snprintf(buf, n, maybe_gettext(translate, N_("The wild bootstrap p-value (%s) is below %g and "
                                                                   "the randomization p-value (%s) is not. ")),
                                 wp, alpha, rp);
    else
        used += (size_t)snprintf(buf, n, maybe_gettext(translate, N_("The randomization p-value (%s) is below %g and "
                                                                   "the wild bootstrap p-value (%s) is not. ")),
                                 rp, alpha, wp);
    if (used < n && d->ri.exact)
        used += (size_t)snprintf(buf + used, n - used,
                                 ri_min >= alpha
                                     ? maybe_gettext(translate, N_("With %zu treated of %zu %s there are only %ld ways "
                                                                   "to choose the treated ones, so the smallest "
                                                                   "randomization p-value possible is 1/%ld = %.4f: "
                                                                   "with so few units randomization inference cannot "
                                                                   "show an effect at this level, however large it "
                                                                   "is. "))
                                     : maybe_gettext(translate, N_("With %zu treated of %zu %s there are only %ld ways "
                                                                   "to choose the treated ones, so the smallest "
                                                                   "randomization p-value possible is 1/%ld = %.4f. ")),
                                 d->n_treated_units, d->n_units, units_name, d->ri.assignments,
                                 d->ri.assignments, ri_min);
    else if (used < n)
        used += (size_t)snprintf(buf + used, n - used,
                                 maybe_gettext(translate, N_("Randomization inference drew %ld of the ways to choose "
                                                             "%zu treated of %zu %s at random; its smallest possible "
                                                             "p-value is 1/%ld = %.4f. ")),
                                 d->ri.assignments, d->n_treated_units, d->n_units, units_name, ri_n, ri_min);
    /* p = extreme / draws: it moves in steps of 1/draws */
    double wild_step = 1.0 / (double)d->wild.draws;
    int finer = wild_step < ri_min;
    const char *wild_text =
        d->wild.enumerated
            ? (finer ? N_("The wild bootstrap used all %ld weight vectors over %zu clusters, so its p-value moves in "
                          "steps of 1/%ld = %.4f, finer than randomization inference can, but with few clusters it "
                          "is only approximate (MacKinnon & Webb 2017). Read the effect as suggestive, not shown.")
                     : N_("The wild bootstrap used all %ld weight vectors over %zu clusters, so its p-value moves in "
                          "steps of 1/%ld = %.4f, but with few clusters it is only approximate (MacKinnon & Webb "
                          "2017). Read the effect as suggestive, not shown."))
            : (finer ? N_("The wild bootstrap drew %ld weight vectors over %zu clusters, so its p-value moves in "
                          "steps of 1/%ld = %.4f, finer than randomization inference can, but with few clusters it "
                          "is only approximate (MacKinnon & Webb 2017). Read the effect as suggestive, not shown.")
                     : N_("The wild bootstrap drew %ld weight vectors over %zu clusters, so its p-value moves in "
                          "steps of 1/%ld = %.4f, but with few clusters it is only approximate (MacKinnon & Webb "
                          "2017). Read the effect as suggestive, not shown."));
    if (used < n)
        snprintf(buf + used, n - used, maybe_gettext(translate, wild_text), d->wild.draws, d->wild.n_clusters,
                 d->wild.draws, wild_step);
    return 1;
}

/* ---- a mean by arm and round, with its clustered interval ------------------ */

poshan_status poshan_groups_mean(const poshan_groups *g, int treated, int post, double alpha,
                                 poshan_mean_ci *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    out->mean = out->low = out->high = NAN;
    if (g->kz < 2) return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, NULL, _("means need Z = (1, post, ...)"));
    size_t nclusters = 0;
    for (size_t i = 0; i < g->count; i++)
        if (g->cluster[i] + 1 > nclusters) nclusters = g->cluster[i] + 1;
    double *sum = calloc(nclusters + 1, sizeof *sum), *rows = calloc(nclusters + 1, sizeof *rows);
    if (sum == NULL || rows == NULL) {
        free(sum);
        free(rows);
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    }
    /* a group's rows and outcome sum in the round: Z'Z[0][1] counts post rows, Z'y[1] sums their y */
    double total_rows = 0, total_sum = 0;
    for (size_t i = 0; i < g->count; i++) {
        if (g->treated[i] != treated) continue;
        const double *zz = g->zz + i * g->kz * g->kz, *zy = g->zy + i * g->kz;
        double n = post ? zz[1] : zz[0] - zz[1], y = post ? zy[1] : zy[0] - zy[1];
        sum[g->cluster[i]] += y;
        rows[g->cluster[i]] += n;
        total_rows += n;
        total_sum += y;
    }
    if (total_rows > 0) {
        double mean = total_sum / total_rows, scores = 0;
        for (size_t c = 0; c < nclusters; c++) {
            if (rows[c] <= 0) continue;
            out->clusters++;
            scores += (sum[c] - rows[c] * mean) * (sum[c] - rows[c] * mean);
        }
        out->mean = mean;
        out->weight = total_rows;
        if (out->clusters > 1) {
            double G = (double)out->clusters;
            double se = sqrt(G / (G - 1) * scores) / total_rows;
            double t = gsl_cdf_tdist_Pinv(1 - alpha / 2, G - 1);
            out->low = mean - t * se;
            out->high = mean + t * se;
        }
    }
    free(sum);
    free(rows);
    return POSHAN_OK;
}
