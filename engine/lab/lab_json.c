/* lab_json.c: lab answers as JSON and as tables (see lab_json.h), shared by
 * cmd_lab.c and api_lab.c so that the CLI and the server give one shape. */
#include "lab_json.h"
#include "menu.h"

#include <stdio.h>
#include <string.h>

/* ---- flags ---------------------------------------------------------------- */

static cJSON *flag_json(const poshan_lab_flag *f) {
    cJSON *o = cJSON_CreateObject();
    const poshan_lab_sample *s = &f->sample;
    char findings[2048];
    poshan_lab_flag_findings(f, findings, sizeof findings);
    cJSON_AddStringToObject(o, "sample_id", s->sample_id);
    cJSON_AddStringToObject(o, "lab", s->lab);
    cJSON_AddStringToObject(o, "school_udise", s->school_udise);
    cJSON_AddStringToObject(o, "school_name", s->school_name);
    cJSON_AddStringToObject(o, "district", s->district);
    cJSON_AddStringToObject(o, "level", s->level);
    cJSON_AddStringToObject(o, "kitchen", s->kitchen);
    cJSON_AddStringToObject(o, "sampled_on", s->sampled_on);
    cJSON_AddNumberToObject(o, "energy_kcal", s->energy_kcal);
    cJSON_AddNumberToObject(o, "energy_shortfall_kcal", f->energy_short_kcal);
    cJSON_AddNumberToObject(o, "energy_shortfall_pct", f->energy_short_pct);
    cJSON_AddNumberToObject(o, "protein_g", s->protein_g);
    cJSON_AddNumberToObject(o, "protein_shortfall_g", f->protein_short_g);
    cJSON_AddNumberToObject(o, "protein_shortfall_pct", f->protein_short_pct);
    cJSON_AddBoolToObject(o, "e_coli_present", f->e_coli_present);
    cJSON_AddBoolToObject(o, "total_plate_count_over_limit", f->plate_count_over);
    cJSON_AddBoolToObject(o, "coliforms_over_limit", f->coliforms_over);
    cJSON_AddBoolToObject(o, "served_less_than_menu", f->served_less_energy || f->served_less_protein);
    if (f->menu) {
        cJSON_AddNumberToObject(o, "menu_energy_kcal", f->menu->energy_kcal);
        cJSON_AddNumberToObject(o, "menu_protein_g", f->menu->protein_g);
    }
    cJSON_AddStringToObject(o, "findings", findings);
    return o;
}

static cJSON *school_json(const poshan_lab_school *s) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "school_udise", s->school_udise);
    cJSON_AddStringToObject(o, "school_name", s->school_name);
    cJSON_AddStringToObject(o, "district", s->district);
    cJSON_AddStringToObject(o, "kitchen", s->kitchen);
    cJSON_AddNumberToObject(o, "samples", (double)s->samples);
    cJSON_AddNumberToObject(o, "failed", (double)s->failed);
    return o;
}

cJSON *poshan_lab_flags_json(const poshan_lab_flags *f) {
    cJSON *root = cJSON_CreateObject();
    cJSON *samples = cJSON_AddArrayToObject(root, "samples");
    for (size_t i = 0; i < f->count; i++) cJSON_AddItemToArray(samples, flag_json(&f->flags[i]));
    cJSON *schools = cJSON_AddArrayToObject(root, "schools");
    for (size_t i = 0; i < f->nschools; i++) cJSON_AddItemToArray(schools, school_json(&f->schools[i]));
    if (f->paged) {
        cJSON *page = cJSON_AddObjectToObject(root, "page");
        cJSON_AddNumberToObject(page, "offset", (double)f->offset);
        cJSON_AddNumberToObject(page, "limit", (double)f->limit);
        cJSON_AddNumberToObject(page, "samples_total", (double)f->total);
        cJSON_AddNumberToObject(page, "schools_total", (double)f->total_schools);
    }
    return root;
}

static poshan_table *schools_table(const poshan_lab_flags *f) {
    static const char *const headers[] = {"school_udise", "school_name", "district", "kitchen", "samples", "failed"};
    poshan_table *t = poshan_table_new(6, headers);
    for (size_t i = 0; t && i < f->nschools; i++) {
        const poshan_lab_school *s = &f->schools[i];
        poshan_table_row(t);
        poshan_table_cell(t, "%s", s->school_udise);
        poshan_table_cell(t, "%s", s->school_name);
        poshan_table_cell(t, "%s", s->district);
        poshan_table_cell(t, "%s", s->kitchen);
        poshan_table_cell(t, "%zu", s->samples);
        poshan_table_cell(t, "%zu", s->failed);
    }
    return t;
}

poshan_table *poshan_lab_flags_table(const poshan_lab_flags *f, int schools) {
    if (schools) return schools_table(f);
    static const char *const headers[] = {"sample_id", "lab", "school_udise", "school_name", "level",
                                          "energy_kcal", "energy_short_pct", "protein_g",
                                          "protein_short_pct", "findings"};
    poshan_table *t = poshan_table_new(10, headers);
    for (size_t i = 0; t && i < f->count; i++) {
        const poshan_lab_flag *x = &f->flags[i];
        char findings[2048];
        poshan_lab_flag_findings(x, findings, sizeof findings);
        poshan_table_row(t);
        poshan_table_cell(t, "%s", x->sample.sample_id);
        poshan_table_cell(t, "%s", x->sample.lab);
        poshan_table_cell(t, "%s", x->sample.school_udise);
        poshan_table_cell(t, "%s", x->sample.school_name);
        poshan_table_cell(t, "%s", x->sample.level);
        /* printed as judged: 699.99 kcal short of 700 prints 699.99 and 0.001 %, never 700.0 and 0.0 */
        poshan_table_cell(t, "%.*f", poshan_judged_decimals(x->sample.energy_kcal, x->energy_norm_kcal,
                                                            !(x->energy_short_kcal > 0), 1), x->sample.energy_kcal);
        poshan_table_cell(t, "%.*f", poshan_shortfall_decimals(x->energy_short_pct, 1), x->energy_short_pct);
        poshan_table_cell(t, "%.*f", poshan_judged_decimals(x->sample.protein_g, x->protein_norm_g,
                                                            !(x->protein_short_g > 0), 2), x->sample.protein_g);
        poshan_table_cell(t, "%.*f", poshan_shortfall_decimals(x->protein_short_pct, 1), x->protein_short_pct);
        poshan_table_cell(t, "%s", findings);
    }
    return t;
}

/* ---- summary -------------------------------------------------------------- */

static cJSON *measure_json(const poshan_lab_measure *m, size_t n) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "n", (double)n);
    cJSON_AddNumberToObject(o, "mean", m->mean);
    cJSON_AddNumberToObject(o, "median", m->median);
    cJSON_AddNumberToObject(o, "q1", m->q1);
    cJSON_AddNumberToObject(o, "q3", m->q3);
    cJSON_AddNumberToObject(o, "norm", m->norm);
    cJSON_AddNumberToObject(o, "at_or_above_norm", (double)m->at_or_above);
    cJSON_AddNumberToObject(o, "share_at_or_above_pct", m->share_pct);
    cJSON_AddNumberToObject(o, "scaled_mad", m->scaled_mad);
    cJSON_AddNumberToObject(o, "mean_without_outliers", m->mean_without_outliers);
    cJSON *ids = cJSON_AddArrayToObject(o, "outliers");
    for (size_t i = 0; i < m->outliers; i++) cJSON_AddItemToArray(ids, cJSON_CreateString(m->outlier_ids[i]));
    return o;
}

cJSON *poshan_lab_summary_json(const poshan_lab_summary *sum, const char *by) {
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < sum->count; i++) {
        const poshan_lab_group *g = &sum->groups[i];
        cJSON *x = cJSON_CreateObject();
        if (by) cJSON_AddStringToObject(x, by, g->group);
        cJSON_AddStringToObject(x, "level", g->level);
        cJSON_AddNumberToObject(x, "samples", (double)g->n);
        cJSON_AddItemToObject(x, "energy_kcal", measure_json(&g->energy_kcal, g->n));
        cJSON_AddItemToObject(x, "protein_g", measure_json(&g->protein_g, g->n));
        cJSON_AddItemToArray(arr, x);
    }
    return arr;
}

static void measure_row(poshan_table *t, const poshan_lab_group *g, const char *name,
                        const poshan_lab_measure *m, int decimals) {
    poshan_table_row(t);
    poshan_table_cell(t, "%s", g->group);
    poshan_table_cell(t, "%s", g->level);
    poshan_table_cell(t, "%s", name);
    poshan_table_cell(t, "%zu", g->n);
    poshan_table_cell(t, "%.*f", decimals, m->mean);
    poshan_table_cell(t, "%.*f", decimals, m->median);
    poshan_table_cell(t, "%.*f", decimals, m->q1);
    poshan_table_cell(t, "%.*f", decimals, m->q3);
    poshan_table_cell(t, "%g", m->norm);
    poshan_table_cell(t, "%zu", m->at_or_above);
    poshan_table_cell(t, "%.1f", m->share_pct);
    poshan_table_cell(t, "%zu", m->outliers);
    poshan_table_cell(t, "%.*f", decimals, m->mean_without_outliers);
    char ids[512] = "";
    for (size_t i = 0; i < m->outliers; i++)
        snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", i ? " " : "", m->outlier_ids[i]);
    poshan_table_cell(t, "%s", ids);
}

poshan_table *poshan_lab_summary_table(const poshan_lab_summary *sum, const char *by) {
    const char *headers[] = {by ? by : "all", "level", "measure", "samples", "mean", "median",
                             "q1", "q3", "norm", "at_or_above", "share_pct", "outliers",
                             "mean_without_outliers", "outlier_samples"};
    poshan_table *t = poshan_table_new(14, headers);
    for (size_t i = 0; t && i < sum->count; i++) {
        measure_row(t, &sum->groups[i], "energy_kcal", &sum->groups[i].energy_kcal, 2);
        measure_row(t, &sum->groups[i], "protein_g", &sum->groups[i].protein_g, 2);
    }
    return t;
}

/* ---- ingest --------------------------------------------------------------- */

cJSON *poshan_lab_ingest_json(const poshan_lab_ingest_result *r, const char *file, int stored) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", file);
    cJSON_AddBoolToObject(o, "stored", stored);
    if (stored) cJSON_AddNumberToObject(o, "batch_id", (double)r->batch_id);
    else cJSON_AddNullToObject(o, "batch_id");
    cJSON_AddStringToObject(o, "sha256", r->sha256);
    const char *names[] = {"rows_read", "rows_stored", "rows_already_stored", "rows_amended", "rows_rejected"};
    /* a file refused whole stored nothing, whatever its rows would have done */
    size_t counts[] = {r->read, stored ? r->stored : 0, r->unchanged, stored ? r->amended : 0, r->rejected};
    for (size_t i = 0; i < 5; i++) cJSON_AddNumberToObject(o, names[i], (double)counts[i]);
    cJSON *bad = cJSON_AddArrayToObject(o, "bad_rows");
    for (size_t i = 0; i < r->bad.count; i++) cJSON_AddItemToArray(bad, poshan_error_json(&r->bad.items[i]));
    cJSON_AddNumberToObject(o, "bad_rows_not_listed", (double)(r->rejected - r->bad.count));
    return o;
}
