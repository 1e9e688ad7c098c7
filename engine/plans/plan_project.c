/* plan_project.c: lab samples held against the norms with an intervention's
 * item added (see plan_project.h). */
#include "plan_project.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"

static int same(const char *a, const char *b) { return a && b && strcasecmp(a, b) == 0; }

static int covered(const poshan_plan *plan, const poshan_project_sample *s) {
    int by_block = strcmp(plan->area_kind, "block") == 0;
    for (size_t a = 0; a < plan->nareas; a++) {
        const poshan_plan_area *area = &plan->areas[a];
        if (same(s->district, area->district) && (!by_block || same(s->block, area->block))) return 1;
    }
    return 0;
}

static poshan_status check_sample(const poshan_norms *norms, const poshan_project_sample *s, size_t i,
                                  int *level, poshan_error *err) {
    char field[64];
    *level = s->level ? poshan_norms_level_index(norms, s->level) : -1;
    if (*level < 0) {
        snprintf(field, sizeof field, "samples[%zu].level", i);
        return poshan_error_set(err, POSHAN_EINPUT, "", 0, field,
                                _("'%s' is not a level of norms.json (primary, upper_primary)"),
                                s->level ? s->level : "");
    }
    if (!isfinite(s->energy_kcal) || s->energy_kcal < 0 || !isfinite(s->protein_g) || s->protein_g < 0) {
        snprintf(field, sizeof field, "samples[%zu].%s", i,
                 !isfinite(s->energy_kcal) || s->energy_kcal < 0 ? "energy_kcal" : "protein_g");
        return poshan_error_set(err, POSHAN_EINPUT, "", 0, field,
                                _("a sample needs energy and protein of zero or more"));
    }
    return POSHAN_OK;
}

static void count(poshan_projection_level *L, const poshan_level_norm *norm, const poshan_project_sample *s) {
    L->samples++;
    for (int v = 0; v < POSHAN_PROJECT_VIEWS; v++) {
        int e = s->energy_kcal + L->added_energy_kcal[v] >= norm->energy_kcal;
        int p = s->protein_g + L->added_protein_g[v] >= norm->protein_g;
        L->meets_energy[v] += (size_t)e;
        L->meets_protein[v] += (size_t)p;
        L->meets_both[v] += (size_t)(e && p);
    }
}

static void shares(poshan_projection_level *L) {
    for (int v = 0; L->samples > 0 && v < POSHAN_PROJECT_VIEWS; v++) {
        L->share_energy[v] = (double)L->meets_energy[v] / (double)L->samples;
        L->share_protein[v] = (double)L->meets_protein[v] / (double)L->samples;
        L->share_both[v] = (double)L->meets_both[v] / (double)L->samples;
    }
}

poshan_status poshan_plan_project(const poshan_plan *plan, const poshan_plan_budget *budget,
                                  const poshan_norms *norms, const poshan_project_sample *samples,
                                  size_t nsamples, int covered_only, poshan_projection *out,
                                  poshan_error *err) {
    memset(out, 0, sizeof *out);
    if (plan->item == NULL)
        return poshan_error_set(err, POSHAN_EINPUT, plan->path, 0, "item",
                                _("this intervention serves no food, so it changes no meal sample"));
    out->nlevels = norms->nlevels;
    for (size_t l = 0; l < norms->nlevels; l++) {
        /* poshan_plan_nutrients: energy first, protein second */
        out->levels[l].added_energy_kcal[POSHAN_PROJECT_SERVING_DAY] = budget->per_day[l][0];
        out->levels[l].added_protein_g[POSHAN_PROJECT_SERVING_DAY] = budget->per_day[l][1];
        out->levels[l].added_energy_kcal[POSHAN_PROJECT_AVERAGE_DAY] = budget->per_year_day[l][0];
        out->levels[l].added_protein_g[POSHAN_PROJECT_AVERAGE_DAY] = budget->per_year_day[l][1];
    }
    for (size_t i = 0; i < nsamples; i++) {
        int level;
        poshan_status st = check_sample(norms, &samples[i], i, &level, err);
        if (st != POSHAN_OK) return st;
        if (covered_only && !covered(plan, &samples[i])) {
            out->outside++;
            continue;
        }
        count(&out->levels[level], &norms->levels[level], &samples[i]);
        out->used++;
    }
    for (size_t l = 0; l < out->nlevels; l++) shares(&out->levels[l]);
    return POSHAN_OK;
}
