/* report_lab.c: the report's lab section fed from the results store: every
 * stored sample (latest revision), with contamination judged by the same flag
 * rules as `poshan lab flags`, so the report and the command line agree. */
#include <stdlib.h>
#include <string.h>

#include "lab_flags.h"
#include "report.h"

static int by_lab_and_id(const void *a, const void *b) {
    const poshan_lab_sample *x = a, *y = b;
    int c = strcmp(x->lab, y->lab);
    return c ? c : strcmp(x->sample_id, y->sample_id);
}

/* Marks the samples the flag rules find contaminated (the query gives them
 * ordered by lab and sample_id, so they can be searched). */
static void mark_contaminated(const poshan_lab_sample *stored, size_t n, const poshan_lab_flags *flags,
                              poshan_report_sample *samples) {
    for (size_t i = 0; i < flags->count; i++) {
        const poshan_lab_flag *f = &flags->flags[i];
        if (!f->e_coli_present && !f->plate_count_over && !f->coliforms_over) continue;
        const poshan_lab_sample *k = bsearch(&f->sample, stored, n, sizeof *stored, by_lab_and_id);
        if (k) samples[k - stored].contaminated = 1;
    }
}

poshan_status poshan_report_lab_store(poshan_buf *out, poshan_store *store, const poshan_norms *norms,
                                      const poshan_lab_limits *limits, poshan_error *err) {
    poshan_lab_sample *stored = NULL;
    size_t n = 0;
    poshan_lab_filter all = {0};
    poshan_lab_flags flags = {0};
    poshan_lab_flag_options options = {.norms = norms, .limits = limits};
    poshan_status st = poshan_lab_collect(store, &all, &stored, &n, err);
    if (st == POSHAN_OK) st = poshan_lab_flag_samples(store, &all, &options, &flags, err);
    poshan_report_sample *samples = NULL;
    if (st == POSHAN_OK && (samples = calloc(n + 1, sizeof *samples)) == NULL)
        st = poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
    if (st == POSHAN_OK) {
        for (size_t i = 0; i < n; i++) {
            const poshan_lab_sample *k = &stored[i];
            samples[i] = (poshan_report_sample){k->sample_id, k->lab, k->school_udise, k->school_name,
                                                k->district, k->kitchen, k->level, k->energy_kcal,
                                                k->protein_g, 0};
        }
        mark_contaminated(stored, n, &flags, samples);
        poshan_report_lab(out, samples, n, norms);
    }
    free(samples);
    free(stored);
    poshan_lab_flags_free(&flags);
    return st;
}
