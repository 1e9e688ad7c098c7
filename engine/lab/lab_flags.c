/* lab_flags.c: flagging stored samples, per-school counts, menu promises and
 * warning letters (see lab_flags.h). Reads the store through lab_store.h. */
#define _GNU_SOURCE
#include "lab_flags.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "date.h"
#include "grow.h"
#include "i18n.h"
#include "jsonread.h"
#include "menu.h"

/* ---- limits --------------------------------------------------------------- */

static poshan_status limit_max(const cJSON *doc, const char *key, const char *path, double *out,
                               poshan_error *err) {
    *out = HUGE_VAL;
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(doc, key);
    if (item == NULL) return POSHAN_OK;
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(item, "max");
    if (!cJSON_IsNumber(max) || max->valuedouble < 0)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, key,
                                _("'%s' needs {\"max\": a number of cfu per gram, 0 or more}"), key);
    *out = max->valuedouble;
    return POSHAN_OK;
}

poshan_status poshan_lab_limits_load(poshan_lab_limits *limits, const char *path, poshan_error *err) {
    cJSON *doc;
    poshan_status st = poshan_json_read_file(path, &doc, err);
    if (st != POSHAN_OK) return st;
    const cJSON *e_coli = cJSON_GetObjectItemCaseSensitive(doc, "e_coli");
    limits->e_coli_must_be_absent = cJSON_IsString(e_coli) && strcmp(e_coli->valuestring, "absent") == 0;
    if (e_coli && !limits->e_coli_must_be_absent)
        st = poshan_error_set(err, POSHAN_EINPUT, path, 0, "e_coli",
                              _("e_coli may only be \"absent\" (or left out for no limit)"));
    if (st == POSHAN_OK)
        st = limit_max(doc, "total_plate_count_cfu_g", path, &limits->total_plate_count_max_cfu_g, err);
    if (st == POSHAN_OK) st = limit_max(doc, "coliforms_cfu_g", path, &limits->coliforms_max_cfu_g, err);
    cJSON_Delete(doc);
    return st;
}

/* ---- menu promises --------------------------------------------------------- */

typedef struct promise_ctx {
    poshan_lab_promises *out;
    const poshan_norms *norms;
} promise_ctx;

static int compare_promise(const void *a, const void *b) {
    const poshan_lab_promise *x = a, *y = b;
    int c = strcmp(x->school_udise, y->school_udise);
    if (c == 0) c = strcmp(x->level, y->level);
    return c ? c : strcasecmp(x->day, y->day);
}

static poshan_status add_promise(void *ctx, const poshan_school_day *day, poshan_error *err) {
    promise_ctx *c = ctx;
    poshan_lab_promises *p = c->out;
    if (poshan_grow((void **)&p->items, &p->cap, p->count + 1, sizeof *p->items) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    poshan_lab_promise *x = &p->items[p->count++];
    snprintf(x->school_udise, sizeof x->school_udise, "%s", day->school_udise);
    snprintf(x->level, sizeof x->level, "%s", c->norms->levels[day->level].name);
    snprintf(x->day, sizeof x->day, "%s", day->day);
    x->energy_kcal = day->meal.nutrient[POSHAN_ENERGY_KCAL];
    x->protein_g = day->meal.nutrient[POSHAN_PROTEIN_G];
    return POSHAN_OK;
}

poshan_status poshan_lab_promises_load(poshan_lab_promises *out, FILE *in, const char *name,
                                       const poshan_foods *foods, const poshan_norms *norms,
                                       poshan_error *err) {
    memset(out, 0, sizeof *out);
    promise_ctx c = {out, norms};
    poshan_batch_options options = {.strict = 1};
    poshan_batch_stats stats;
    poshan_status st = poshan_menu_batch(in, name, foods, norms, &options, add_promise, &c, &stats, err);
    if (st == POSHAN_OK && out->count > 0) qsort(out->items, out->count, sizeof *out->items, compare_promise);
    else poshan_lab_promises_free(out);
    return st;
}

void poshan_lab_promises_free(poshan_lab_promises *promises) {
    free(promises->items);
    memset(promises, 0, sizeof *promises);
}

static const poshan_lab_promise *find_promise(const poshan_lab_promises *p, const poshan_lab_sample *s) {
    if (p == NULL || s->menu_day[0] == '\0' || strlen(s->menu_day) >= sizeof p->items->day) return NULL;
    poshan_lab_promise key;
    snprintf(key.school_udise, sizeof key.school_udise, "%s", s->school_udise);
    snprintf(key.level, sizeof key.level, "%s", s->level);
    memcpy(key.day, s->menu_day, strlen(s->menu_day) + 1);
    return p->count == 0 ? NULL : bsearch(&key, p->items, p->count, sizeof *p->items, compare_promise);
}

/* ---- flags ----------------------------------------------------------------- */

typedef struct school_key {
    char school_udise[12];
    int failed;
} school_key;

typedef struct flag_ctx {
    const poshan_lab_flag_options *o;
    poshan_lab_flags *out;
    school_key *keys;
    size_t nkeys, keys_cap;
    size_t keep;                  /* flags to keep, the worst; 0: all */
} flag_ctx;

static void shortfall(double measured, double norm, double *units, double *pct) {
    *units = measured < norm ? norm - measured : 0;
    *pct = measured < norm ? 100.0 * (norm - measured) / norm : 0;
}

/* Judges one sample; returns 1 when it fails anything. */
static int judge(const poshan_lab_flag_options *o, const poshan_lab_sample *s, poshan_lab_flag *f) {
    memset(f, 0, sizeof *f);
    f->sample = *s;
    const poshan_level_norm *norm = poshan_norms_level(o->norms, s->level);
    if (norm) {
        f->energy_norm_kcal = norm->energy_kcal;
        f->protein_norm_g = norm->protein_g;
        shortfall(s->energy_kcal, norm->energy_kcal, &f->energy_short_kcal, &f->energy_short_pct);
        shortfall(s->protein_g, norm->protein_g, &f->protein_short_g, &f->protein_short_pct);
    }
    f->e_coli_present = o->limits->e_coli_must_be_absent && strcmp(s->e_coli, "present") == 0;
    f->plate_count_over = s->total_plate_count_cfu_g > o->limits->total_plate_count_max_cfu_g;
    f->coliforms_over = s->coliforms_cfu_g > o->limits->coliforms_max_cfu_g;
    f->plate_count_limit_cfu_g = o->limits->total_plate_count_max_cfu_g;
    f->coliforms_limit_cfu_g = o->limits->coliforms_max_cfu_g;
    f->menu = find_promise(o->menus, s);
    if (f->menu) {
        double share = o->menu_share_pct / 100.0;
        f->served_less_energy = s->energy_kcal < share * f->menu->energy_kcal;
        f->served_less_protein = s->protein_g < share * f->menu->protein_g;
    }
    return f->energy_short_kcal > 0 || f->protein_short_g > 0 || f->e_coli_present ||
           f->plate_count_over || f->coliforms_over || f->served_less_energy || f->served_less_protein;
}

static int contaminated(const poshan_lab_flag *f) {
    return f->e_coli_present || f->plate_count_over || f->coliforms_over;
}

static double worst_pct(const poshan_lab_flag *f) {
    return f->energy_short_pct > f->protein_short_pct ? f->energy_short_pct : f->protein_short_pct;
}

static int compare_flags(const void *a, const void *b) {
    const poshan_lab_flag *x = a, *y = b;
    if (contaminated(x) != contaminated(y)) return contaminated(y) - contaminated(x);
    double dx = worst_pct(x), dy = worst_pct(y);
    if (dx != dy) return dx < dy ? 1 : -1;
    int c = strcmp(x->sample.lab, y->sample.lab);
    return c ? c : strcmp(x->sample.sample_id, y->sample.sample_id);
}

static int compare_keys(const void *a, const void *b) {
    return strcmp(((const school_key *)a)->school_udise, ((const school_key *)b)->school_udise);
}

static int compare_school_udise(const void *a, const void *b) {
    return strcmp(((const poshan_lab_school *)a)->school_udise, ((const poshan_lab_school *)b)->school_udise);
}

static int compare_schools(const void *a, const void *b) {
    const poshan_lab_school *x = a, *y = b;
    if (x->failed != y->failed) return x->failed < y->failed ? 1 : -1;
    return strcmp(x->school_udise, y->school_udise);
}

/* The flags kept, when a page is asked for, are the offset + limit worst: a
 * heap whose root is the least bad of them, replaced whenever a worse one
 * comes. Memory then stays that size however many samples fail. */
static void sift_down(poshan_lab_flag *heap, size_t n, size_t i) {
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, top = i;
        if (l < n && compare_flags(&heap[l], &heap[top]) > 0) top = l;
        if (r < n && compare_flags(&heap[r], &heap[top]) > 0) top = r;
        if (top == i) return;
        poshan_lab_flag t = heap[i];
        heap[i] = heap[top];
        heap[top] = t;
        i = top;
    }
}

static void sift_up(poshan_lab_flag *heap, size_t i) {
    while (i > 0 && compare_flags(&heap[i], &heap[(i - 1) / 2]) > 0) {
        poshan_lab_flag t = heap[i];
        heap[i] = heap[(i - 1) / 2];
        heap[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

/* Keeps the failing sample judged into flags[count]: always when every flag is
 * kept, else in the heap of the worst. */
static void keep_flag(flag_ctx *c) {
    poshan_lab_flags *out = c->out;
    if (c->keep == 0 || out->count < c->keep) {
        out->count++;
        if (c->keep) sift_up(out->flags, out->count - 1);
    } else if (compare_flags(&out->flags[out->count], &out->flags[0]) < 0) {
        out->flags[0] = out->flags[out->count];
        sift_down(out->flags, out->count, 0);
    }
}

static poshan_status flag_one(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    (void)line;
    flag_ctx *c = ctx;
    poshan_lab_flags *out = c->out;
    /* flags[count] is where the sample is judged, kept or not */
    if (poshan_grow((void **)&out->flags, &out->cap, out->count + 1, sizeof *out->flags) != 0 ||
        poshan_grow((void **)&c->keys, &c->keys_cap, c->nkeys + 1, sizeof *c->keys) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    int failed = judge(c->o, s, &out->flags[out->count]);
    if (failed) {
        out->total++;
        keep_flag(c);
    }
    memcpy(c->keys[c->nkeys].school_udise, s->school_udise, sizeof c->keys->school_udise);
    c->keys[c->nkeys++].failed = failed;
    return POSHAN_OK;
}

/* Moves items first .. first + limit - 1 of an array of n to its start; the kept count. */
static size_t keep_range(void *items, size_t n, size_t size, size_t first, size_t limit) {
    if (first >= n) return 0;
    size_t keep = n - first < limit ? n - first : limit;
    memmove(items, (char *)items + first * size, keep * size);
    return keep;
}

static void name_school(poshan_lab_school *s, const poshan_lab_sample *from) {
    snprintf(s->school_name, sizeof s->school_name, "%s", from->school_name);
    snprintf(s->district, sizeof s->district, "%s", from->district);
    snprintf(s->block, sizeof s->block, "%s", from->block);
    snprintf(s->kitchen, sizeof s->kitchen, "%s", from->kitchen);
}

/* Counts samples and failures per school; keeps the schools with a failure,
 * in UDISE order. */
static poshan_status count_schools(flag_ctx *c, poshan_error *err) {
    poshan_lab_flags *out = c->out;
    size_t cap = 0;
    if (c->nkeys > 0) qsort(c->keys, c->nkeys, sizeof *c->keys, compare_keys);
    for (size_t i = 0; i < c->nkeys;) {
        size_t j = i, failed = 0;
        while (j < c->nkeys && strcmp(c->keys[j].school_udise, c->keys[i].school_udise) == 0)
            failed += (size_t)c->keys[j++].failed;
        if (failed) {
            if (poshan_grow((void **)&out->schools, &cap, out->nschools + 1, sizeof *out->schools) != 0)
                return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
            poshan_lab_school *s = &out->schools[out->nschools++];
            memset(s, 0, sizeof *s);
            memcpy(s->school_udise, c->keys[i].school_udise, sizeof s->school_udise);
            s->samples = j - i;
            s->failed = failed;
        }
        i = j;
    }
    out->total_schools = out->nschools;
    return POSHAN_OK;
}

/* Names each school (out->schools in UDISE order) from a sample of it: a kept
 * flag when there is one, else (a page did not keep that school's flags) from
 * a second reading of the store. */
typedef struct naming {
    poshan_lab_school *by_udise;   /* the schools to name, sorted by UDISE */
    size_t count, unnamed;
} naming;

static poshan_status name_from_sample(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    (void)line;
    (void)err;
    naming *n = ctx;
    poshan_lab_school key, *found;
    memcpy(key.school_udise, s->school_udise, sizeof key.school_udise);
    found = bsearch(&key, n->by_udise, n->count, sizeof key, compare_school_udise);
    if (found && found->school_name[0] == '\0') {
        name_school(found, s);
        n->unnamed--;
    }
    /* every school named: stop the reading early (name_schools knows it is no failure) */
    return n->unnamed == 0 ? POSHAN_ESYSTEM : POSHAN_OK;
}

static poshan_status name_schools(poshan_store *store, const poshan_lab_filter *filter, poshan_lab_flags *out,
                                  poshan_error *err) {
    naming n = {out->schools, out->nschools, out->nschools};
    for (size_t i = 0; i < out->count && n.unnamed; i++) {
        poshan_lab_school key, *s;
        memcpy(key.school_udise, out->flags[i].sample.school_udise, sizeof key.school_udise);
        s = bsearch(&key, out->schools, out->nschools, sizeof key, compare_school_udise);
        if (s && s->school_name[0] == '\0') {
            name_school(s, &out->flags[i].sample);
            n.unnamed--;
        }
    }
    poshan_status st = n.unnamed ? poshan_lab_query(store, filter, name_from_sample, &n, err) : POSHAN_OK;
    return n.unnamed == 0 ? POSHAN_OK : st;
}

poshan_status poshan_lab_flag_samples(poshan_store *store, const poshan_lab_filter *filter,
                                      const poshan_lab_flag_options *options, poshan_lab_flags *out,
                                      poshan_error *err) {
    memset(out, 0, sizeof *out);
    size_t limit = options->limit ? options->limit : SIZE_MAX;
    flag_ctx c = {options, out, NULL, 0, 0, options->limit ? options->offset + options->limit : 0};
    poshan_status st = poshan_lab_query(store, filter, flag_one, &c, err);
    if (st == POSHAN_OK) {
        /* qsort's array may not be NULL, even for no elements. */
        if (out->count > 0) qsort(out->flags, out->count, sizeof *out->flags, compare_flags);
        out->count = keep_range(out->flags, out->count, sizeof *out->flags, options->offset, limit);
        st = count_schools(&c, err);
    }
    if (st == POSHAN_OK && out->nschools > 0 && (options->limit || options->offset)) {
        /* the page of schools (most failures first, then by UDISE), back in UDISE order to be named */
        qsort(out->schools, out->nschools, sizeof *out->schools, compare_schools);
        out->nschools = keep_range(out->schools, out->nschools, sizeof *out->schools, options->offset, limit);
        if (out->nschools > 0) qsort(out->schools, out->nschools, sizeof *out->schools, compare_school_udise);
    }
    if (st == POSHAN_OK && out->nschools > 0) {
        st = name_schools(store, filter, out, err);
        qsort(out->schools, out->nschools, sizeof *out->schools, compare_schools);
    }
    out->paged = options->limit || options->offset;
    out->offset = options->offset;
    out->limit = options->limit;
    free(c.keys);
    if (st != POSHAN_OK) poshan_lab_flags_free(out);
    return st;
}

void poshan_lab_flags_free(poshan_lab_flags *flags) {
    free(flags->flags);
    free(flags->schools);
    memset(flags, 0, sizeof *flags);
}

/* ---- findings and letters -------------------------------------------------- */

/* A failing value, its shortfall and the shortfall's share, printed as judged: 699.99 kcal
 * against 700 prints "699.99", short by "0.01" kcal ("0.001 %"), never "700.0" short by "0.0". */
static void judged_figures(double value, double norm, double gap, double pct, int decimals, char value_text[32],
                           char gap_text[32], char pct_text[32]) {
    snprintf(value_text, 32, "%.*f", poshan_judged_decimals(value, norm, 0, decimals), value);
    snprintf(gap_text, 32, "%.*f", poshan_shortfall_decimals(gap, decimals), gap);
    snprintf(pct_text, 32, "%.*f", poshan_shortfall_decimals(pct, 1), pct);
}

void poshan_lab_flag_findings(const poshan_lab_flag *f, char *buf, size_t size) {
    poshan_buf b = {0};
    const char *sep = "";
    if (f->energy_short_kcal > 0) {
        char value[32], gap[32], pct[32];
        judged_figures(f->sample.energy_kcal, f->energy_norm_kcal, f->energy_short_kcal, f->energy_short_pct, 1,
                       value, gap, pct);
        poshan_buf_printf(&b, _("energy %s kcal, %s kcal (%s %%) below the norm of %g kcal"), value, gap, pct,
                          f->energy_norm_kcal);
        sep = "; ";
    }
    if (f->protein_short_g > 0) {
        poshan_buf_puts(&b, sep);
        char value[32], gap[32], pct[32];
        judged_figures(f->sample.protein_g, f->protein_norm_g, f->protein_short_g, f->protein_short_pct, 2,
                       value, gap, pct);
        poshan_buf_printf(&b, _("protein %s g, %s g (%s %%) below the norm of %g g"), value, gap, pct,
                          f->protein_norm_g);
        sep = "; ";
    }
    if (f->e_coli_present) { poshan_buf_printf(&b, "%s%s", sep, _("E. coli present")); sep = "; "; }
    if (f->plate_count_over) {
        poshan_buf_puts(&b, sep);
        poshan_buf_printf(&b, _("total plate count %g cfu/g above the limit of %g cfu/g"),
                          f->sample.total_plate_count_cfu_g, f->plate_count_limit_cfu_g);
        sep = "; ";
    }
    if (f->coliforms_over) {
        poshan_buf_puts(&b, sep);
        poshan_buf_printf(&b, _("coliforms %g cfu/g above the limit of %g cfu/g"), f->sample.coliforms_cfu_g,
                          f->coliforms_limit_cfu_g);
        sep = "; ";
    }
    if (f->served_less_energy || f->served_less_protein) {
        poshan_buf_puts(&b, sep);
        poshan_buf_printf(&b, _("served less than the menu (%s: menu %.1f kcal, %.2f g protein)"),
                          f->menu->day, f->menu->energy_kcal, f->menu->protein_g);
    }
    snprintf(buf, size, "%s", b.data ? b.data : "");
    poshan_buf_free(&b);
}


/* The kind of kitchen as the letter's sentence puts it before "kitchen" ("your school
 * kitchen"): Hindi needs its own form there ("आपके विद्यालय के रसोईघर"). */
static const char *letter_kitchen(const char *kitchen) {
    if (strcmp(kitchen, "school") == 0) return C_("letter: your ... kitchen", "school");
    if (strcmp(kitchen, "centralized") == 0) return C_("letter: your ... kitchen", "centralized");
    return kitchen;
}

/* What one school's letter says, worked out from its failed samples. */
typedef struct letter {
    const poshan_lab_school *school;
    char first_month[8], last_month[8];   /* YYYY-MM of its failed samples */
    char latest_result[11];               /* the latest tested_on */
    char period_file[16], period_words[160], reference[64];
} letter;

/* FNV-1a, 32 bits (Fowler, Noll, Vo): a short, stable hash for reference numbers. */
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u
static uint32_t fnv1a(uint32_t h, const char *s) {
    for (; *s; s++) h = (h ^ (unsigned char)*s) * FNV_PRIME;
    return (h ^ 0x1f) * FNV_PRIME;   /* a separator, so "ab"+"c" differs from "a"+"bc" */
}

static void plan_letter(const poshan_lab_flags *flags, const poshan_lab_school *s, letter *l) {
    memset(l, 0, sizeof *l);
    l->school = s;
    uint32_t h = FNV_OFFSET;
    for (size_t i = 0; i < flags->count; i++) {
        const poshan_lab_sample *x = &flags->flags[i].sample;
        if (strcmp(x->school_udise, s->school_udise) != 0) continue;
        char month[8];
        snprintf(month, sizeof month, "%.7s", x->sampled_on);
        if (!l->first_month[0] || strcmp(month, l->first_month) < 0) memcpy(l->first_month, month, 8);
        if (strcmp(month, l->last_month) > 0) memcpy(l->last_month, month, 8);
        if (strcmp(x->tested_on, l->latest_result) > 0) memcpy(l->latest_result, x->tested_on, 11);
        h = fnv1a(fnv1a(h, x->lab), x->sample_id);
    }
    char first[48], last[48];
    poshan_date_words(l->first_month, first, sizeof first);
    poshan_date_words(l->last_month, last, sizeof last);
    int one = strcmp(l->first_month, l->last_month) == 0;
    if (one) {
        snprintf(l->period_file, sizeof l->period_file, "%s", l->first_month);
        snprintf(l->period_words, sizeof l->period_words, "%s", first);
    } else {
        snprintf(l->period_file, sizeof l->period_file, "%s_%s", l->first_month, l->last_month);
        /* TRANSLATORS: a period of months: "November 2018 to January 2019" */
        snprintf(l->period_words, sizeof l->period_words, _("%s to %s"), first, last);
    }
    snprintf(l->reference, sizeof l->reference, "MDM-LAB/%s/%s/%06X", s->school_udise, l->period_file,
             (unsigned)(h & 0xFFFFFF));
}

/* "The one sample", "Both samples", "All 3 samples", "2 of the 3 samples". */
static void failed_of_samples(poshan_buf *b, size_t failed, size_t samples) {
    if (failed == samples && samples == 1) poshan_buf_puts(b, _("The one sample"));
    else if (failed == samples && samples == 2) poshan_buf_puts(b, _("Both samples"));
    else if (failed == samples) poshan_buf_printf(b, _("All %zu samples"), samples);
    /* one form in English; Hindi says "1 नमूने" but "2 नमूनों" */
    else poshan_buf_printf(b, P_("%zu of the %zu samples", "%zu of the %zu samples", failed), failed, samples);
}

static void put_findings(poshan_buf *b, const poshan_lab_flags *flags, const char *udise) {
    for (size_t i = 0; i < flags->count; i++) {
        const poshan_lab_flag *f = &flags->flags[i];
        if (strcmp(f->sample.school_udise, udise) != 0) continue;
        char text[2048], level[64], sampled[48], tested[48];
        poshan_lab_flag_findings(f, text, sizeof text);
        const char *level_text = poshan_level_words(f->sample.level, level, sizeof level);
        poshan_date_words(f->sample.sampled_on, sampled, sizeof sampled);
        poshan_date_words(f->sample.tested_on, tested, sizeof tested);
        /* TRANSLATORS: a line of a warning letter: %1$s sample, %2$s level, %3$s the day it was taken,
           %4$s the laboratory, %5$s the day it was tested, %6$s what was found */
        poshan_buf_printf(b, _("- sample %s (%s), taken %s, tested by %s on %s: %s\n"), f->sample.sample_id,
                          level_text, sampled, f->sample.lab, tested, text);
    }
}

/* The template with each {{name}} replaced. */
static void fill(poshan_buf *b, const char *tpl, const poshan_lab_flags *flags, const letter *l,
                 const char *date) {
    const poshan_lab_school *s = l->school;
    while (*tpl) {
        const char *open = strstr(tpl, "{{"), *close = open ? strstr(open, "}}") : NULL;
        if (close == NULL) { poshan_buf_puts(b, tpl); return; }
        poshan_buf_printf(b, "%.*s", (int)(open - tpl), tpl);
        size_t len = (size_t)(close - open - 2);
        const char *name = open + 2;
#define IS(x) (len == strlen(x) && strncmp(name, x, len) == 0)
        if (IS("school_name")) poshan_buf_puts(b, s->school_name);
        else if (IS("school_udise")) poshan_buf_puts(b, s->school_udise);
        else if (IS("district")) poshan_buf_puts(b, s->district);
        else if (IS("block")) poshan_buf_puts(b, s->block);
        else if (IS("kitchen")) poshan_buf_puts(b, letter_kitchen(s->kitchen));
        else if (IS("samples")) poshan_buf_printf(b, "%zu", s->samples);
        else if (IS("failed")) poshan_buf_printf(b, "%zu", s->failed);
        else if (IS("failed_of_samples")) failed_of_samples(b, s->failed, s->samples);
        else if (IS("date")) {
            char words[48];
            poshan_date_words(date ? date : l->latest_result, words, sizeof words);
            poshan_buf_puts(b, words);
        } else if (IS("reference")) poshan_buf_puts(b, l->reference);
        else if (IS("period")) poshan_buf_puts(b, l->period_words);
        else if (IS("findings")) put_findings(b, flags, s->school_udise);
        else poshan_buf_printf(b, "%.*s", (int)(len + 4), open);
#undef IS
        tpl = close + 2;
    }
}

/* mkdir -p: each missing folder of dir, in turn. */
static poshan_status make_dir(const char *dir, poshan_error *err) {
    char path[2048];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0') continue;
        char was = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return poshan_error_set(err, POSHAN_EINPUT, path, 0, "--letters", _("cannot make this folder: %s"),
                                    strerror(errno));
        *p = was;
        if (was == '\0') break;
    }
    struct stat info;
    if (stat(dir, &info) != 0 || !S_ISDIR(info.st_mode))
        return poshan_error_set(err, POSHAN_EINPUT, dir, 0, "--letters", _("is a file, not a folder for the letters"));
    return POSHAN_OK;
}

poshan_status poshan_lab_write_letters(const poshan_lab_flags *flags, const char *template_text,
                                       const char *dir, const char *date, size_t *written,
                                       poshan_error *err) {
    *written = 0;
    poshan_status st = flags->nschools ? make_dir(dir, err) : POSHAN_OK;
    for (size_t i = 0; st == POSHAN_OK && i < flags->nschools; i++) {
        const poshan_lab_school *s = &flags->schools[i];
        letter l;
        plan_letter(flags, s, &l);
        char path[2048];
        snprintf(path, sizeof path, "%s/%s_%s.txt", dir, s->school_udise, l.period_file);
        poshan_buf b = {0};
        fill(&b, template_text, flags, &l, date);
        FILE *out = b.failed ? NULL : fopen(path, "w");
        int ok = out && fputs(b.data ? b.data : "", out) >= 0;
        if (out && fclose(out) != 0) ok = 0;
        poshan_buf_free(&b);
        if (!ok)
            return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("cannot write this letter: %s"),
                                    strerror(errno));
        (*written)++;
    }
    return st;
}
