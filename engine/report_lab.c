/* report_lab.c: the report's lab section fed from the results store: every
 * stored sample (latest revision), with contamination judged by the same flag
 * rules as `poshan lab flags`, so the report and the command line agree. */
#include <stdlib.h>
#include <string.h>

#include "lab_flags.h"
#include "report.h"

/* What the report keeps of a stored sample (a stored sample holds remarks and more). */
typedef struct kept {
    char sample_id[64], lab[128], school_udise[12], school_name[160], district[64], kitchen[16],
        level[32];
    double energy_kcal, protein_g;
    int contaminated;
} kept;

typedef struct kept_list {
    kept *items;
    size_t n, cap;
} kept_list;

static poshan_status keep(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    (void)line;
    kept_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        kept *items = realloc(l->items, cap * sizeof *items);
        if (items == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
        l->items = items;
        l->cap = cap;
    }
    kept *k = &l->items[l->n++];
    memset(k, 0, sizeof *k);
    snprintf(k->sample_id, sizeof k->sample_id, "%s", s->sample_id);
    snprintf(k->lab, sizeof k->lab, "%s", s->lab);
    snprintf(k->school_udise, sizeof k->school_udise, "%s", s->school_udise);
    snprintf(k->school_name, sizeof k->school_name, "%s", s->school_name);
    snprintf(k->district, sizeof k->district, "%s", s->district);
    snprintf(k->kitchen, sizeof k->kitchen, "%s", s->kitchen);
    snprintf(k->level, sizeof k->level, "%s", s->level);
    k->energy_kcal = s->energy_kcal;
    k->protein_g = s->protein_g;
    return POSHAN_OK;
}

static int by_lab_and_id(const void *a, const void *b) {
    const kept *x = a, *y = b;
    int c = strcmp(x->lab, y->lab);
    return c ? c : strcmp(x->sample_id, y->sample_id);
}

/* Marks the samples the flag rules find contaminated. */
static void mark_contaminated(kept_list *l, const poshan_lab_flags *flags) {
    qsort(l->items, l->n, sizeof *l->items, by_lab_and_id);
    for (size_t i = 0; i < flags->count; i++) {
        const poshan_lab_flag *f = &flags->flags[i];
        if (!f->e_coli_present && !f->plate_count_over && !f->coliforms_over) continue;
        kept key;
        snprintf(key.lab, sizeof key.lab, "%s", f->sample.lab);
        snprintf(key.sample_id, sizeof key.sample_id, "%s", f->sample.sample_id);
        kept *k = bsearch(&key, l->items, l->n, sizeof *l->items, by_lab_and_id);
        if (k) k->contaminated = 1;
    }
}

poshan_status poshan_report_lab_store(poshan_buf *out, poshan_store *store, const poshan_norms *norms,
                                      const poshan_lab_limits *limits, poshan_error *err) {
    kept_list list = {0};
    poshan_lab_filter all = {0};
    poshan_lab_flags flags = {0};
    poshan_lab_flag_options options = {.norms = norms, .limits = limits};
    poshan_status st = poshan_lab_query(store, &all, keep, &list, err);
    if (st == POSHAN_OK) st = poshan_lab_flag_samples(store, &all, &options, &flags, err);
    poshan_report_sample *samples = NULL;
    if (st == POSHAN_OK && (samples = calloc(list.n + 1, sizeof *samples)) == NULL)
        st = poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
    if (st == POSHAN_OK) {
        mark_contaminated(&list, &flags);
        for (size_t i = 0; i < list.n; i++) {
            const kept *k = &list.items[i];
            samples[i] = (poshan_report_sample){k->sample_id, k->lab, k->school_udise, k->school_name,
                                                k->district, k->kitchen, k->level, k->energy_kcal,
                                                k->protein_g, k->contaminated};
        }
        poshan_report_lab(out, samples, list.n, norms);
    }
    free(samples);
    free(list.items);
    poshan_lab_flags_free(&flags);
    return st;
}
