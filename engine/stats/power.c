/* power.c: minimum detectable effect and clusters needed (see power.h). */
#include "power.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

#include "i18n.h"

/* Beyond this many clusters per arm no school programme is planned: the
 * search stops and says so rather than loop for ever. */
#define MAX_CLUSTERS_PER_ARM 1000000L

static poshan_status check(const poshan_power_design *d, int need_clusters, poshan_error *err) {
    const char *field = NULL, *what = NULL;
    if (need_clusters && !(d->clusters_per_arm >= 2)) field = "--clusters-per-arm", what = N_("at least 2");
    else if (!(d->children_per_cluster >= 1)) field = "--children-per-cluster", what = N_("at least 1");
    else if (!(d->icc >= 0 && d->icc <= 1)) field = "--icc", what = N_("between 0 and 1");
    else if (!(d->sd > 0)) field = "--sd", what = N_("above 0");
    else if (!(d->alpha > 0 && d->alpha < 1)) field = "--alpha", what = N_("between 0 and 1");
    else if (!(d->power > 0 && d->power < 1)) field = "--power", what = N_("between 0 and 1");
    if (field == NULL) return POSHAN_OK;
    return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, field, _("must be %s"), _(what));
}

static double mde_of(const poshan_power_design *d, double clusters, double *multiplier, double *deff) {
    double df = 2 * clusters - 2;
    double m = gsl_cdf_tdist_Pinv(1 - d->alpha / 2, df) + gsl_cdf_tdist_Pinv(d->power, df);
    double design_effect = 1 + (d->children_per_cluster - 1) * d->icc;
    if (multiplier) *multiplier = m;
    if (deff) *deff = design_effect;
    return m * sqrt(2 * d->sd * d->sd * design_effect / (clusters * d->children_per_cluster));
}

poshan_status poshan_power_mde(const poshan_power_design *d, double *mde, double *multiplier,
                               double *design_effect, poshan_error *err) {
    poshan_status st = check(d, 1, err);
    if (st == POSHAN_OK) *mde = mde_of(d, d->clusters_per_arm, multiplier, design_effect);
    return st;
}

poshan_status poshan_power_clusters(const poshan_power_design *d, double effect, long *clusters_per_arm,
                                    double *mde, poshan_error *err) {
    poshan_status st = check(d, 0, err);
    if (st != POSHAN_OK) return st;
    if (!(effect > 0)) return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "--effect", _("must be above 0"));
    /* The MDE falls as clusters grow: bracket by doubling, then bisect. */
    long lo = 1, hi = 2;
    while (mde_of(d, (double)hi, NULL, NULL) > effect) {
        lo = hi;
        hi *= 2;
        if (hi > MAX_CLUSTERS_PER_ARM)
            return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "--effect",
                                    _("an effect of %g needs more than %ld clusters per arm: with this "
                                    "intra-cluster correlation, more children per cluster cannot help much"),
                                    effect, MAX_CLUSTERS_PER_ARM);
    }
    while (hi - lo > 1) {
        long mid = (lo + hi) / 2;
        if (mde_of(d, (double)mid, NULL, NULL) > effect) lo = mid; else hi = mid;
    }
    *clusters_per_arm = hi;
    *mde = mde_of(d, (double)hi, NULL, NULL);
    return POSHAN_OK;
}
