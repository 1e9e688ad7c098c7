/* report_lab.c: the report's lab section fed from the results store: every
 * stored sample (latest revision), with contamination judged by the same flag
 * rules as `poshan lab flags`, so the report and the command line agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "lab_batches.h"
#include "lab_flags.h"
#include "lab_summary.h"
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

/* Each ingested file that stored results, with the SHA-256 recorded at its ingest. */
static poshan_status add_batch(void *ctx, const poshan_lab_batch *b, poshan_error *err) {
    (void)err;
    char note[512];
    snprintf(note, sizeof note, _("ingested %s by %s; %lld rows stored, %lld amended"), b->ingested_at,
             b->ingested_by, b->rows_stored, b->rows_amended);
    poshan_report_add_source(ctx, _("lab file, as ingested"), b->file, b->sha256, note);
    return POSHAN_OK;
}

/* The days the samples were taken on, first to last. */
static void add_period(poshan_report_meta *meta, const poshan_lab_sample *s, size_t n) {
    const char *first = NULL, *last = NULL;
    for (size_t i = 0; i < n; i++) {
        if (first == NULL || strcmp(s[i].sampled_on, first) < 0) first = s[i].sampled_on;
        if (last == NULL || strcmp(s[i].sampled_on, last) > 0) last = s[i].sampled_on;
    }
    char from[64], to[64];
    if (n == 0) {
        poshan_report_add_period(meta, "%s", _("Lab results: no sample is stored."));
        return;
    }
    poshan_date_for_reader(first, from, sizeof from);
    poshan_date_for_reader(last, to, sizeof to);
    poshan_report_add_period(meta, _("Lab results: %zu samples taken from %s to %s."), n, from, to);
}

poshan_status poshan_report_lab_store(poshan_buf *out, poshan_report_meta *meta, poshan_store *store,
                                      const poshan_norms *norms, const poshan_lab_limits *limits,
                                      poshan_error *err) {
    poshan_lab_sample *stored = NULL;
    size_t n = 0;
    poshan_lab_filter all = {0};
    poshan_lab_flags flags = {0};
    poshan_lab_summary summary = {0};
    poshan_lab_flag_options options = {.norms = norms, .limits = limits};
    poshan_status st = poshan_lab_collect(store, &all, &stored, &n, err);
    if (st == POSHAN_OK) st = poshan_lab_flag_samples(store, &all, &options, &flags, err);
    if (st == POSHAN_OK) st = poshan_lab_summarise(store, norms, NULL, &all, &summary, err);
    if (st == POSHAN_OK) st = poshan_lab_batches(store, add_batch, meta, err);
    poshan_report_sample *samples = NULL;
    if (st == POSHAN_OK && (samples = calloc(n + 1, sizeof *samples)) == NULL)
        st = poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    if (st == POSHAN_OK) {
        for (size_t i = 0; i < n; i++) {
            const poshan_lab_sample *k = &stored[i];
            samples[i] = (poshan_report_sample){k->sample_id, k->lab, k->school_udise, k->school_name,
                                                k->district, k->block, k->kitchen, k->level, k->energy_kcal,
                                                k->protein_g, 0};
        }
        mark_contaminated(stored, n, &flags, samples);
        add_period(meta, stored, n);
        poshan_report_lab(out, samples, n, norms, &summary);
    }
    free(samples);
    free(stored);
    poshan_lab_flags_free(&flags);
    poshan_lab_summary_free(&summary);
    return st;
}
