/* cmd_impact.c: `poshan impact estimate|attendance|power`: parses options,
 * calls impact.h, attendance.h and power.h, prints the results. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attendance.h"
#include "cli.h"
#include "csvread.h"
#include "growth.h"
#include "i18n.h"
#include "impact.h"
#include "jsonread.h"
#include "power.h"

static const char impact_help[] = N_(
    "usage: poshan impact estimate DATA.csv --treated LIST --control LIST\n"
    "                --outcome weight_kg|height_cm|haz|waz|baz|stunted|thin|overweight\n"
    "                [--unit district|block] [--cluster school|block|district]\n"
    "                [--covariates age_months,sex,level] [--form did|gain]\n"
    "                [--weights auto|rademacher|webb] [--draws N] [--seed N] [--format table|json|csv]\n"
    "                [--threads N]\n"
    "       poshan impact attendance DATA.csv --treated LIST --control LIST --start YYYY-MM\n"
    "                [--unit district|block] [--cluster school|block|district]\n"
    "                [--weights ...] [--draws N] [--seed N] [--format table|json|csv]\n"
    "       poshan impact power --children-per-cluster M --icc RHO --sd SIGMA\n"
    "                (--clusters-per-arm J | --effect E) [--alpha 0.05] [--power 0.8]\n"
    "                [--outcome weight_kg|height_cm|attendance_rate] [--format ...]\n\n"
    "estimate    difference-in-differences of weight or height between the treated and the\n"
    "            comparison areas, baseline to endline, with cluster-robust (CR1) errors, a wild\n"
    "            cluster bootstrap and randomization inference at the level treatment was assigned\n"
    "            DATA.csv: child_id,school_udise,district,block,sex,age_months,level,round,\n"
    "            weight_kg,height_cm (round: baseline or endline; rows in any order)\n"
    "--outcome   weight_kg, height_cm, a WHO 2007 z-score (haz, waz, baz) or a 0/1 cut-off of one\n"
    "            (stunted: HAZ < -2, thin: BAZ < -2, overweight: BAZ > +1; a linear probability\n"
    "            model), computed per record; records without a score at their age, or with a\n"
    "            flagged one, are left out and counted by arm\n"
    "attendance  the same on monthly attendance rates, weighted by enrolment\n"
    "            DATA.csv: school_udise,district,block,month,enrolled,attendance_days,school_days\n"
    "power       the smallest effect a cluster design can detect, or the clusters it needs;\n"
    "            --sd is the outcome's standard deviation, in its unit (kg, cm, or a share for\n"
    "            attendance), and --outcome weight_kg|height_cm|attendance_rate names that unit\n\n"
    "--treated, --control  comma-separated district (or, with --unit block, block) names\n"
    "--cluster   level of the CR1 clusters (default: --unit, the level treatment was assigned)\n"
    "--form gain regress each child's gain on treatment (children seen in both rounds)\n"
    "--weights   bootstrap weights; auto: Webb's six-point below 12 units, else Rademacher\n"
    "--draws     bootstrap draws and random re-assignments (default 9999); when every weight\n"
    "            vector or re-assignment fits in the draws, all are enumerated (exact)\n"
    "--seed      random seed, for reproducible draws (default 1)\n"
    "--threads   threads reading DATA.csv (estimate only; default: one a processor, at most 4;\n"
    "            the environment variable POSHAN_THREADS sets it too, the option wins). A file\n"
    "            over 512 KiB is read in blocks on that many threads; the results are the same\n"
    "            to the last digit with 1 thread, which reads the file as a stream\n"
    "see docs/committee.md, section \"Did it work?\", for what every number means\n");

typedef struct impact_args {
    const char *file;
    char *treated_text, *control_text;
    const char **treated, **control;
    size_t ntreated, ncontrol;
    poshan_format format;
    int cluster_given;           /* else the clusters are the units treatment was assigned to */
} impact_args;

static int parse_number_option(const char *name, const char *text, double *out) {
    if (poshan_parse_number(text, out) == 1) return 0;
    poshan_cli_usage("impact", _("--%s must be a number, not '%s'"), name, text);
    return -1;
}

static int parse_covariates(char *text, int *bits) {
    for (char *tok = strtok(text, ","); tok; tok = strtok(NULL, ",")) {
        if (strcmp(tok, "age_months") == 0) *bits |= POSHAN_COV_AGE;
        else if (strcmp(tok, "sex") == 0) *bits |= POSHAN_COV_SEX;
        else if (strcmp(tok, "level") == 0) *bits |= POSHAN_COV_LEVEL;
        else return poshan_cli_usage("impact", _("--covariates: '%s' is not age_months, sex or level"), tok);
    }
    return 0;
}

static int parse_weights(const char *text, poshan_boot_weights *out) {
    if (strcmp(text, "auto") == 0) *out = POSHAN_WEIGHTS_AUTO;
    else if (strcmp(text, "rademacher") == 0) *out = POSHAN_WEIGHTS_RADEMACHER;
    else if (strcmp(text, "webb") == 0) *out = POSHAN_WEIGHTS_WEBB;
    else return poshan_cli_usage("impact", _("--weights must be auto, rademacher or webb, not '%s'"), text);
    return 0;
}

/* --threads or POSHAN_THREADS: a whole number from 1 to 64. */
static int parse_threads(const char *what, const char *text, int *out) {
    unsigned long long v;
    if (poshan_parse_whole(text, 1, 64, &v) != 0)
        return poshan_cli_usage("impact", _("%s must be a whole number of threads from 1 to 64, not '%s'"),
                                what, text);
    *out = (int)v;
    return 0;
}

/* ---- printing ------------------------------------------------------------- */

/* A text read by people: in the reader's language on a terminal (table format),
 * always in English in CSV and JSON, which tools read. Its argument is marked
 * with N_() so xgettext gathers it. */
__attribute__((format_arg(2))) static const char *tr(poshan_format format, const char *english) {
    return format == POSHAN_FORMAT_TABLE ? gettext(english) : english;
}

/* A level's name (school, block, district) as a table shows it. */
static const char *level_word(poshan_format format, poshan_level level) {
    static const char *const words[] = {N_("school"), N_("block"), N_("district")};
    return tr(format, words[level]);
}

/* A table of (measure, value) rows, printed as a table or CSV. */
static poshan_table *measures_table(void) {
    static const char *const headers[] = {"measure", "value"};
    return poshan_table_new(2, headers);
}

static void measure(poshan_table *t, const char *name, const char *fmt, double value) {
    poshan_table_row(t);
    poshan_table_cell(t, "%s", name);
    if (isinf(value)) poshan_table_cell(t, "%s", value > 0 ? "unbounded" : "-unbounded");
    else poshan_table_cell(t, fmt, value);
}

static void measure_text(poshan_table *t, const char *name, const char *text) {
    poshan_table_row(t);
    poshan_table_cell(t, "%s", name);
    poshan_table_cell(t, "%s", text);
}

/* A p-value row: never 0.0000 (poshan_p_value_text). */
static void measure_p(poshan_table *t, const char *name, double p) {
    char text[16];
    measure_text(t, name, poshan_p_value_text(p, text, sizeof text));
}

/* What the estimate is measured in: "kg", "cm", or "share" (attendance,
 * also printed in percentage points). */
static int is_share(const char *unit) { return strcmp(unit, "share") == 0; }

/* Tables follow one another: titled on a terminal, a blank line after each in CSV. */
static void print_table(poshan_table *t, const char *title, poshan_format format) {
    if (format == POSHAN_FORMAT_TABLE) printf("\n%s\n", title);
    poshan_table_print(t, stdout, format);
    if (format == POSHAN_FORMAT_CSV) printf("\n");
    poshan_table_free(t);
}

/* An interval end that is infinite (never rejected) is null in JSON. */
static void add_bound(cJSON *o, const char *name, double value) {
    if (isfinite(value)) cJSON_AddNumberToObject(o, name, value);
    else cJSON_AddNullToObject(o, name);
}

static void did_json(cJSON *o, const poshan_did_result *d, const poshan_trial_arms *arms, const char *unit) {
    cJSON_AddStringToObject(o, "unit", unit);
    cJSON_AddNumberToObject(o, "estimate", d->estimate);
    if (is_share(unit)) {   /* a share of 0.0679 is 6.79 percentage points */
        cJSON_AddNumberToObject(o, "estimate_percentage_points", 100 * d->estimate);
        cJSON_AddNumberToObject(o, "ci_low_percentage_points", 100 * d->ci_low);
        cJSON_AddNumberToObject(o, "ci_high_percentage_points", 100 * d->ci_high);
    }
    cJSON_AddNumberToObject(o, "std_error", d->std_error);
    cJSON_AddNumberToObject(o, "t_stat", d->t_stat);
    cJSON_AddNumberToObject(o, "ci_low", d->ci_low);
    cJSON_AddNumberToObject(o, "ci_high", d->ci_high);
    cJSON_AddNumberToObject(o, "p_value", d->p_value);
    cJSON_AddNumberToObject(o, "df", (double)d->df);
    cJSON_AddNumberToObject(o, "n_obs", (double)d->n_obs);
    cJSON_AddNumberToObject(o, "n_clusters", (double)d->n_clusters);
    cJSON_AddStringToObject(o, "cluster", poshan_level_name(arms->cluster));
    cJSON_AddBoolToObject(o, "cluster_is_assignment_level", arms->cluster == arms->unit);
    cJSON *coefs = cJSON_AddObjectToObject(o, "coefficients");
    for (size_t i = 0; i < d->k; i++) cJSON_AddNumberToObject(coefs, d->names[i], d->coefs[i]);
    cJSON *w = cJSON_AddObjectToObject(o, "wild_bootstrap");
    cJSON_AddNumberToObject(w, "p_value", d->wild.p_value);
    add_bound(w, "ci_low", d->wild.ci_low);
    add_bound(w, "ci_high", d->wild.ci_high);
    cJSON_AddStringToObject(w, "weights", poshan_boot_weights_name(d->wild.weights));
    cJSON_AddNumberToObject(w, "draws", (double)d->wild.draws);
    cJSON_AddBoolToObject(w, "enumerated", d->wild.enumerated);
    cJSON_AddNumberToObject(w, "n_clusters", (double)d->wild.n_clusters);
    cJSON_AddStringToObject(w, "level", poshan_level_name(arms->cluster > arms->unit ? arms->cluster : arms->unit));
    cJSON_AddNumberToObject(w, "t_stat", d->wild.t_stat);
    cJSON_AddNumberToObject(o, "randomization_p_value", d->ri.p_value);
    cJSON *ri = cJSON_AddObjectToObject(o, "randomization");
    cJSON_AddNumberToObject(ri, "assignments", (double)d->ri.assignments);
    cJSON_AddBoolToObject(ri, "exact", d->ri.exact);
    cJSON *u = cJSON_AddObjectToObject(o, "units");
    cJSON_AddStringToObject(u, "level", poshan_level_name(arms->unit));
    cJSON_AddNumberToObject(u, "treated", (double)d->n_treated_units);
    cJSON_AddNumberToObject(u, "control", (double)d->n_control_units);
}

static void did_table(const poshan_did_result *d, const poshan_trial_arms *arms, const char *unit,
                      poshan_format format) {
    poshan_table *t = measures_table();
    char name[320], text[320];
    /* the unit as a table names it: kg, cm, SD, or share */
    const char *unit_word = is_share(unit) ? tr(format, N_("share")) : unit;
    snprintf(name, sizeof name, tr(format, N_("estimate (%s, treated minus comparison change)")), unit_word);
    measure(t, name, "%.4f", d->estimate);
    if (is_share(unit)) {
        measure(t, tr(format, N_("estimate in percentage points")), "%.2f", 100 * d->estimate);
        measure(t, tr(format, N_("ci_low in percentage points")), "%.2f", 100 * d->ci_low);
        measure(t, tr(format, N_("ci_high in percentage points")), "%.2f", 100 * d->ci_high);
    }
    if (arms->cluster == arms->unit)
        snprintf(text, sizeof text, tr(format, N_("%s, the level treatment was assigned")),
                 level_word(format, arms->cluster));
    else
        snprintf(text, sizeof text, tr(format, N_("%s (--cluster); treatment was assigned by %s")),
                 level_word(format, arms->cluster), level_word(format, arms->unit));
    measure_text(t, tr(format, N_("standard errors clustered by")), text);
    /* one text a level: a language may write the level in another case here */
    static const char *const std_error_names[] = {N_("std_error (CR1, clustered by school)"),
                                                  N_("std_error (CR1, clustered by block)"),
                                                  N_("std_error (CR1, clustered by district)")};
    measure(t, tr(format, std_error_names[arms->cluster]), "%.4f", d->std_error);
    /* xgettext:no-c-format */
    measure(t, tr(format, N_("ci_low (95 %, t with clusters - 1 df)")), "%.4f", d->ci_low);
    measure(t, "ci_high", "%.4f", d->ci_high);
    measure_p(t, "p_value", d->p_value);
    measure(t, "n_obs", "%.0f", (double)d->n_obs);
    measure(t, "n_clusters", "%.0f", (double)d->n_clusters);
    snprintf(name, sizeof name,
             d->wild.enumerated ? tr(format, N_("wild bootstrap p_value (%s weights, %ld vectors: all of them, %zu clusters)"))
                                : tr(format, N_("wild bootstrap p_value (%s weights, %ld draws, %zu clusters)")),
             poshan_boot_weights_name(d->wild.weights), d->wild.draws, d->wild.n_clusters);
    measure_p(t, name, d->wild.p_value);
    measure(t, tr(format, N_("wild bootstrap ci_low")), "%.4f", d->wild.ci_low);
    measure(t, tr(format, N_("wild bootstrap ci_high")), "%.4f", d->wild.ci_high);
    snprintf(name, sizeof name,
             d->ri.exact ? tr(format, N_("randomization p_value (%ld re-assignments of %s, all of them)"))
                         : tr(format, N_("randomization p_value (%ld re-assignments of %s, at random)")),
             d->ri.assignments, level_word(format, arms->unit));
    measure_p(t, name, d->ri.p_value);
    static const char *const treated_units[] = {N_("treated schools"), N_("treated blocks"), N_("treated districts")};
    static const char *const control_units[] = {N_("comparison schools"), N_("comparison blocks"),
                                                N_("comparison districts")};
    measure(t, tr(format, treated_units[arms->unit]), "%.0f", (double)d->n_treated_units);
    measure(t, tr(format, control_units[arms->unit]), "%.0f", (double)d->n_control_units);
    print_table(t, tr(format, N_("Effect")), format);
}

/* The plain warning every output carries when the arms are small. */
static int few_units_warning(const poshan_did_result *d, const poshan_trial_arms *arms, poshan_format format,
                             char *buf, size_t n) {
    /* Below about 5 treated or control clusters, CR1 t tests over-reject
     * badly (MacKinnon & Webb 2017, J Appl Econometrics 32:233). */
    if (d->n_treated_units >= 5 && d->n_control_units >= 5) return 0;
    snprintf(buf, n,
             arms->unit == POSHAN_LEVEL_BLOCK
                 ? tr(format, N_("only %zu treated and %zu comparison blocks: with fewer than 5 of either, the "
                                 "clustered standard error, its interval and p-value are not reliable. Judge the "
                                 "effect by the wild bootstrap and randomization p-values."))
                 : tr(format, N_("only %zu treated and %zu comparison districts: with fewer than 5 of either, the "
                                 "clustered standard error, its interval and p-value are not reliable. Judge the "
                                 "effect by the wild bootstrap and randomization p-values.")),
             d->n_treated_units, d->n_control_units);
    return 1;
}

static void warnings_out(cJSON *o, const poshan_did_result *d, const poshan_trial_arms *arms,
                         const poshan_inference_options *inf, poshan_format format) {
    char few_text[1024], disagree_text[4096];
    int few = few_units_warning(d, arms, format, few_text, sizeof few_text);
    int open = isinf(d->wild.ci_low) || isinf(d->wild.ci_high);
    static const char *const units_names[] = {N_("schools"), N_("blocks"), N_("districts")};
    int disagree = poshan_did_disagreement(d, tr(format, units_names[arms->unit]), inf->alpha,
                                           format == POSHAN_FORMAT_TABLE, disagree_text, sizeof disagree_text);
    const char *texts[3] = {NULL, NULL, NULL};
    size_t n = 0;
    if (few) texts[n++] = few_text;
    if (open)   /* xgettext:no-c-format */
        texts[n++] = tr(format, N_("the wild bootstrap interval is unbounded: these data cannot rule out any "
                                   "effect size at the 95 % level"));
    if (disagree) texts[n++] = disagree_text;
    if (o) {
        cJSON *w = cJSON_AddArrayToObject(o, "warnings");
        for (size_t i = 0; i < n; i++) cJSON_AddItemToArray(w, cJSON_CreateString(texts[i]));
        return;
    }
    if (format == POSHAN_FORMAT_CSV) {
        if (n == 0) return;
        static const char *const header[] = {"warning"};
        poshan_table *t = poshan_table_new(1, header);
        for (size_t i = 0; i < n; i++) { poshan_table_row(t); poshan_table_cell(t, "%s", texts[i]); }
        print_table(t, "", format);
        return;
    }
    for (size_t i = 0; i < n; i++) printf(_("\nWARNING: %s\n"), texts[i]);
}

/* ---- impact estimate ------------------------------------------------------ */

/* Children of either arm whose records were used. For --form gain only
 * those seen in both rounds enter the regression (its n_obs). */
static long children_used(const poshan_impact_result *r) {
    return r->arm[0].children - r->arm[0].excluded_children + r->arm[1].children - r->arm[1].excluded_children;
}

static double mean_of(long n, double sum) { return n ? sum / (double)n : NAN; }

static void add_number_or_null(cJSON *o, const char *name, double v) {
    if (isfinite(v)) cJSON_AddNumberToObject(o, name, v);
    else cJSON_AddNullToObject(o, name);
}

static void balance_stats(const poshan_impact_arm *a, int v, double *mean, double *var) {
    double n = (double)a->balance_n;
    *mean = mean_of(a->balance_n, a->balance_sum[v]);
    *var = n > 1 ? (a->balance_sumsq[v] - n * *mean * *mean) / (n - 1) : NAN;
}

static void balance_json(cJSON *bal, const poshan_impact_result *r) {
    for (int v = 0; v < POSHAN_BAL_COUNT; v++) {
        double mt, vt, mc, vc;
        balance_stats(&r->arm[1], v, &mt, &vt);
        balance_stats(&r->arm[0], v, &mc, &vc);
        cJSON *b = cJSON_CreateObject();
        cJSON_AddStringToObject(b, "variable", poshan_balance_name(v));
        add_number_or_null(b, "treated", mt);
        add_number_or_null(b, "control", mc);
        add_number_or_null(b, "difference", mt - mc);
        add_number_or_null(b, "standardized_difference", (mt - mc) / sqrt((vt + vc) / 2));
        cJSON_AddItemToArray(bal, b);
    }
}

static void examples_json(cJSON *ex, const poshan_impact_result *r) {
    for (size_t i = 0; i < r->nexamples; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "child_id", r->examples[i].child_id);
        cJSON_AddNumberToObject(e, "line", (double)r->examples[i].line);
        cJSON_AddStringToObject(e, "reason", poshan_flag_description(r->examples[i].flag));
        cJSON_AddNumberToObject(e, "change", r->examples[i].change);
        cJSON_AddItemToArray(ex, e);
    }
}

static const char *outcome_name(const poshan_impact_options *o) {
    if (o->outcome == POSHAN_OUTCOME_GROWTH) return o->growth.name;
    return o->outcome == POSHAN_OUTCOME_WEIGHT_KG ? "weight_kg" : "height_cm";
}

/* Growth outcomes: the records left out for want of a usable score, by arm and round. */
static void no_score_json(cJSON *j, const poshan_impact_result *r, const poshan_impact_options *o) {
    static const char *const arm_names[2] = {"control", "treated"};
    if (o->outcome != POSHAN_OUTCOME_GROWTH) return;
    cJSON *ns = cJSON_AddObjectToObject(j, "records_without_score");
    for (int a = 0; a < 2; a++) {
        cJSON *na = cJSON_AddObjectToObject(ns, arm_names[a]);
        cJSON_AddNumberToObject(na, "baseline", (double)r->arm[a].no_score[0]);
        cJSON_AddNumberToObject(na, "endline", (double)r->arm[a].no_score[1]);
    }
}

/* "treated", "comparison" or "neither" (in no list), for a POSHAN_ARM_*. */
static const char *arm_word(int arm) {
    return arm == POSHAN_ARM_TREATED ? N_("treated") : arm == POSHAN_ARM_CONTROL ? N_("comparison") : N_("neither");
}

static void moved_json(cJSON *list, const poshan_impact_result *r) {
    for (size_t i = 0; i < r->nmoved; i++) {
        const poshan_moved_child *m = &r->moved[i];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "child_id", m->child_id);
        cJSON_AddStringToObject(e, "from_school", m->from_school);
        cJSON_AddStringToObject(e, "from_arm", arm_word(m->from_arm));
        cJSON_AddStringToObject(e, "to_school", m->to_school);
        cJSON_AddStringToObject(e, "to_arm", arm_word(m->to_arm));
        cJSON_AddItemToArray(list, e);
    }
}

/* A z-score's effect is in standard deviations of the WHO reference; a 0/1
 * cut-off's (stunted, thin, overweight) is a share, printed also in
 * percentage points. */
static const char *outcome_unit(const poshan_impact_options *o) {
    if (o->outcome == POSHAN_OUTCOME_GROWTH) return o->growth.cutoff >= 0 ? "share" : "SD";
    return o->outcome == POSHAN_OUTCOME_WEIGHT_KG ? "kg" : "cm";
}

static cJSON *impact_json(const poshan_impact_result *r, const poshan_impact_options *o) {
    static const char *const arm_names[2] = {"control", "treated"};
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "outcome", outcome_name(o));
    no_score_json(j, r, o);
    cJSON_AddStringToObject(j, "form", o->gain_form ? "gain" : "did");
    did_json(j, &r->did, &o->arms, outcome_unit(o));
    cJSON_AddNumberToObject(j, "n_children", (double)children_used(r));
    cJSON *means = cJSON_AddObjectToObject(j, "means"), *attr = cJSON_AddObjectToObject(j, "attrition");
    cJSON *excl = cJSON_AddObjectToObject(j, "excluded"), *bal = cJSON_AddArrayToObject(j, "balance");
    for (int a = 0; a < 2; a++) {
        const poshan_impact_arm *m = &r->arm[a];
        cJSON *ma = cJSON_AddObjectToObject(means, arm_names[a]);
        add_number_or_null(ma, "baseline", mean_of(m->n[0], m->outcome_sum[0]));
        add_number_or_null(ma, "endline", mean_of(m->n[1], m->outcome_sum[1]));
        cJSON_AddNumberToObject(ma, "n_baseline", (double)m->n[0]);
        cJSON_AddNumberToObject(ma, "n_endline", (double)m->n[1]);
        static const char *const ci_names[2][2] = {{"baseline_ci_low", "baseline_ci_high"},
                                                   {"endline_ci_low", "endline_ci_high"}};
        for (int round = 0; round < 2; round++) {
            add_number_or_null(ma, ci_names[round][0], r->means[a][round].low);
            add_number_or_null(ma, ci_names[round][1], r->means[a][round].high);
        }
        cJSON *aa = cJSON_AddObjectToObject(attr, arm_names[a]);
        cJSON_AddNumberToObject(aa, "children", (double)m->children);
        cJSON_AddNumberToObject(aa, "both_rounds", (double)m->both_rounds);
        cJSON_AddNumberToObject(aa, "baseline_only", (double)m->baseline_only);
        cJSON_AddNumberToObject(aa, "endline_only", (double)m->endline_only);
        cJSON *ea = cJSON_AddObjectToObject(excl, arm_names[a]);
        for (int f = 0; f < POSHAN_FLAG_COUNT; f++)
            cJSON_AddNumberToObject(ea, poshan_flag_description(f), (double)m->excluded[f]);
    }
    balance_json(bal, r);
    examples_json(cJSON_AddArrayToObject(j, "excluded_examples"), r);
    cJSON_AddNumberToObject(j, "records", (double)r->records);
    cJSON_AddNumberToObject(j, "records_outside_trial", (double)r->records_outside);
    cJSON_AddNumberToObject(j, "children_moved_school", (double)r->children_moved);
    moved_json(cJSON_AddArrayToObject(j, "children_moved"), r);
    warnings_out(j, &r->did, &o->arms, &o->inference, POSHAN_FORMAT_JSON);
    return j;
}

static const char *const table_arm_names[2] = {N_("comparison"), N_("treated")};

static void means_table(const poshan_impact_result *r, const poshan_impact_options *o, poshan_format format) {
    static const char *const mh[] = {"arm", "baseline_mean", "endline_mean", "change", "n_baseline", "n_endline"};
    poshan_table *t = poshan_table_new(6, mh);
    for (int a = 1; a >= 0; a--) {
        const poshan_impact_arm *m = &r->arm[a];
        double b = mean_of(m->n[0], m->outcome_sum[0]), e = mean_of(m->n[1], m->outcome_sum[1]);
        poshan_table_row(t);
        poshan_table_cell(t, "%s", tr(format, table_arm_names[a]));
        poshan_table_cell(t, "%.3f", b);
        poshan_table_cell(t, "%.3f", e);
        poshan_table_cell(t, "%.3f", e - b);
        poshan_table_cell(t, "%ld", m->n[0]);
        poshan_table_cell(t, "%ld", m->n[1]);
    }
    char title[320];
    snprintf(title, sizeof title, tr(format, N_("Mean %s by arm and round")), outcome_name(o));
    print_table(t, title, format);
    if (format == POSHAN_FORMAT_TABLE && o->outcome == POSHAN_OUTCOME_GROWTH)
        printf(_("records left out without a usable %s (no WHO score at that age, or flagged implausible): "
               "treated %ld baseline, %ld endline; comparison %ld baseline, %ld endline\n"), outcome_name(o),
               r->arm[1].no_score[0], r->arm[1].no_score[1], r->arm[0].no_score[0], r->arm[0].no_score[1]);
}

static void attrition_table(const poshan_impact_result *r, poshan_format format) {
    static const char *const ah[] = {"arm", "children", "both_rounds", "baseline_only", "endline_only",
                                     "attrition_pct", "excluded_implausible"};
    poshan_table *t = poshan_table_new(7, ah);
    for (int a = 1; a >= 0; a--) {
        const poshan_impact_arm *m = &r->arm[a];
        long once = m->baseline_only + m->endline_only;
        poshan_table_row(t);
        poshan_table_cell(t, "%s", tr(format, table_arm_names[a]));
        poshan_table_cell(t, "%ld", m->children);
        poshan_table_cell(t, "%ld", m->both_rounds);
        poshan_table_cell(t, "%ld", m->baseline_only);
        poshan_table_cell(t, "%ld", m->endline_only);
        poshan_table_cell(t, "%.1f", m->children ? 100.0 * (double)once / (double)m->children : 0.0);
        poshan_table_cell(t, "%ld", m->excluded_children);
    }
    print_table(t, tr(format, N_("Children: attrition (seen in one round only) and implausible changes set aside")),
                format);
}

static void exclusions_table(const poshan_impact_result *r, poshan_format format) {
    static const char *const xh[] = {"reason", "treated", "comparison"};
    poshan_table *t = poshan_table_new(3, xh);
    for (int f = 0; f < POSHAN_FLAG_COUNT; f++) {
        poshan_table_row(t);
        poshan_table_cell(t, "%s", tr(format, poshan_flag_description(f)));
        poshan_table_cell(t, "%ld", r->arm[1].excluded[f]);
        poshan_table_cell(t, "%ld", r->arm[0].excluded[f]);
    }
    print_table(t, tr(format, N_("Children set aside, by reason")), format);
}

static void balance_table(const poshan_impact_result *r, poshan_format format) {
    static const char *const bh[] = {"baseline", "treated", "comparison", "difference", "std_difference"};
    poshan_table *t = poshan_table_new(5, bh);
    for (int v = 0; v < POSHAN_BAL_COUNT; v++) {
        double mt, vt, mc, vc;
        balance_stats(&r->arm[1], v, &mt, &vt);
        balance_stats(&r->arm[0], v, &mc, &vc);
        poshan_table_row(t);
        poshan_table_cell(t, "%s", poshan_balance_name(v));
        poshan_table_cell(t, "%.3f", mt);
        poshan_table_cell(t, "%.3f", mc);
        poshan_table_cell(t, "%.3f", mt - mc);
        poshan_table_cell(t, "%.3f", (mt - mc) / sqrt((vt + vc) / 2));
    }
    print_table(t, tr(format, N_("Baseline balance (standardized difference above 0.1 in size deserves a look)")),
                format);
}

/* On a terminal the first few, and how many more there are; CSV lists all. */
#define MOVED_ON_TERMINAL 20

static void moved_table(const poshan_impact_result *r, poshan_format format) {
    if (r->nmoved == 0) return;
    static const char *const mh[] = {"child_id", "from_school", "from_arm", "to_school", "to_arm"};
    poshan_table *t = poshan_table_new(5, mh);
    size_t shown = format == POSHAN_FORMAT_TABLE && r->nmoved > MOVED_ON_TERMINAL ? MOVED_ON_TERMINAL : r->nmoved;
    for (size_t i = 0; i < shown; i++) {
        const poshan_moved_child *m = &r->moved[i];
        poshan_table_row(t);
        poshan_table_cell(t, "%s", m->child_id);
        poshan_table_cell(t, "%s", m->from_school);
        poshan_table_cell(t, "%s", tr(format, arm_word(m->from_arm)));
        poshan_table_cell(t, "%s", m->to_school);
        poshan_table_cell(t, "%s", tr(format, arm_word(m->to_arm)));
    }
    print_table(t, tr(format, N_("Children measured in two schools (both records set aside), by child_id")), format);
    if (shown < r->nmoved)
        printf(_("... and %zu more: --format csv or json lists all %zu\n"), r->nmoved - shown, r->nmoved);
}

static void impact_tables(const poshan_impact_result *r, const poshan_impact_options *o, poshan_format format) {
    means_table(r, o, format);
    did_table(&r->did, &o->arms, outcome_unit(o), format);
    attrition_table(r, format);
    exclusions_table(r, format);
    balance_table(r, format);
    moved_table(r, format);
    if (format == POSHAN_FORMAT_TABLE)
        printf(_("\n%ld records read; %ld children used; %ld records in areas in neither list; "
               "%ld children measured in two schools set aside\n"), r->records, children_used(r),
               r->records_outside, r->children_moved);
    warnings_out(NULL, &r->did, &o->arms, &o->inference, format);
}

/* Options both estimate and attendance take. Returns -1 to go on, else an exit code. */
static int common_option(int opt, impact_args *a, poshan_trial_arms *arms, poshan_inference_options *inf) {
    double v;
    switch (opt) {
    case 't': a->treated_text = optarg; return -1;
    case 'c': a->control_text = optarg; return -1;
    case 'u':
        if (poshan_level_parse(optarg, &arms->unit) != 0 || arms->unit == POSHAN_LEVEL_SCHOOL)
            return poshan_cli_usage("impact", _("--unit must be district or block, not '%s'"), optarg);
        return -1;
    case 'k':
        if (poshan_level_parse(optarg, &arms->cluster) != 0)
            return poshan_cli_usage("impact", _("--cluster must be school, block or district, not '%s'"), optarg);
        a->cluster_given = 1;
        return -1;
    case 'w': return parse_weights(optarg, &inf->weights) == 0 ? -1 : POSHAN_EXIT_USAGE;
    case 'd':
        if (parse_number_option("draws", optarg, &v) != 0) return POSHAN_EXIT_USAGE;
        if (v < 99 || v != floor(v))
            return poshan_cli_usage("impact", _("--draws must be a whole number of at least 99"));
        inf->draws = (long)v;
        return -1;
    case 's':
        if (parse_number_option("seed", optarg, &v) != 0) return POSHAN_EXIT_USAGE;
        if (v < 0 || v > 4294967295.0 || v != floor(v))
            return poshan_cli_usage("impact", _("--seed must be a whole number from 0 to 4294967295"));
        inf->seed = (unsigned long)v;
        return -1;
    case 'f': return poshan_cli_format("impact", optarg, &a->format) == 0 ? -1 : POSHAN_EXIT_USAGE;
    case 'h': fputs(_(impact_help), stdout); return POSHAN_EXIT_OK;
    default: return poshan_cli_usage("impact", _("unknown option"));
    }
}

/* The file argument and the two lists, after the options. */
static int finish_args(int argc, char **argv, impact_args *a, poshan_trial_arms *arms) {
    if (optind != argc - 1) return poshan_cli_usage("impact", _("give exactly one data file"));
    a->file = argv[optind];
    if (!a->cluster_given) arms->cluster = arms->unit;
    if (!a->treated_text || !a->control_text)
        return poshan_cli_usage("impact", _("--treated and --control are both needed"));
    a->treated = poshan_cli_split_list(a->treated_text, &a->ntreated);
    a->control = poshan_cli_split_list(a->control_text, &a->ncontrol);
    arms->treated = a->treated;
    arms->ntreated = a->ntreated;
    arms->control = a->control;
    arms->ncontrol = a->ncontrol;
    return -1;
}

#define COMMON_OPTIONS                                                                       \
    {"treated", required_argument, 0, 't'}, {"control", required_argument, 0, 'c'},          \
    {"unit", required_argument, 0, 'u'}, {"cluster", required_argument, 0, 'k'},             \
    {"weights", required_argument, 0, 'w'}, {"draws", required_argument, 0, 'd'},            \
    {"seed", required_argument, 0, 's'}, {"format", required_argument, 0, 'f'},              \
    {"help", no_argument, 0, 'h'}

static int run_estimate(int argc, char **argv) {
    static const struct option options[] = {COMMON_OPTIONS, {"outcome", required_argument, 0, 'o'},
                                            {"covariates", required_argument, 0, 'v'},
                                            {"form", required_argument, 0, 'F'},
                                            {"threads", required_argument, 0, 'T'}, {0, 0, 0, 0}};
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    impact_args a = {.format = POSHAN_FORMAT_TABLE};
    int outcome_given = 0, opt, rc = -1;
    poshan_growth_reference growth = {0};   /* the growth outcomes' WHO 2007 reference, when asked for */
    poshan_error err;
    const char *threads_env = getenv("POSHAN_THREADS");
    if (threads_env && *threads_env && parse_threads("POSHAN_THREADS", threads_env, &o.threads) != 0)
        rc = POSHAN_EXIT_USAGE;
    optind = 0;
    while (rc < 0 && (opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (opt == 'o') {
            outcome_given = 1;
            int bad = poshan_cli_outcome("impact", optarg, &growth, &o);
            if (bad) rc = bad;
        } else if (opt == 'v') {
            if (parse_covariates(optarg, &o.covariates) != 0) rc = POSHAN_EXIT_USAGE;
        } else if (opt == 'F') {
            if (strcmp(optarg, "gain") == 0 || strcmp(optarg, "did") == 0) o.gain_form = optarg[0] == 'g';
            else rc = poshan_cli_usage("impact", _("--form must be did or gain, not '%s'"), optarg);
        } else if (opt == 'T') {
            if (parse_threads("--threads", optarg, &o.threads) != 0) rc = POSHAN_EXIT_USAGE;
        } else rc = common_option(opt, &a, &o.arms, &o.inference);
    }
    if (rc < 0 && !outcome_given) rc = poshan_cli_usage("impact", _("--outcome is needed (weight_kg, height_cm, haz, waz, baz, stunted, thin or overweight)"));
    if (rc < 0) rc = finish_args(argc, argv, &a, &o.arms);
    if (rc < 0) {
        poshan_impact_result *r = malloc(sizeof *r);
        poshan_status st = r ? poshan_impact_estimate(a.file, &o, r, &err) : POSHAN_ESYSTEM;
        if (st != POSHAN_OK) rc = poshan_cli_report(st, &err);
        else if (a.format == POSHAN_FORMAT_JSON) poshan_json_print(impact_json(r, &o), stdout);
        else impact_tables(r, &o, a.format);
        if (st == POSHAN_OK) poshan_impact_result_free(r);
        free(r);
        if (rc < 0) rc = POSHAN_EXIT_OK;
    }
    free(a.treated);
    free(a.control);
    poshan_growth_free(&growth);
    return rc;
}

/* ---- impact attendance ------------------------------------------------------- */

static double weighted_rate(const poshan_attendance_arm *a, int post) {
    return a->enrolled[post] > 0 ? a->attended_rate_sum[post] / a->enrolled[post] : NAN;
}

static void attendance_print(const poshan_attendance_result *r, const poshan_attendance_options *o,
                             poshan_format format) {
    static const char *const arm_names[2] = {"control", "treated"};
    if (format == POSHAN_FORMAT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "outcome", "attendance_rate");
        cJSON_AddStringToObject(j, "start", o->start);
        did_json(j, &r->did, &o->arms, "share");
        cJSON *means = cJSON_AddObjectToObject(j, "means");
        for (int a = 0; a < 2; a++) {
            cJSON *m = cJSON_AddObjectToObject(means, arm_names[a]);
            add_number_or_null(m, "before", weighted_rate(&r->arm[a], 0));
            add_number_or_null(m, "after", weighted_rate(&r->arm[a], 1));
            cJSON_AddNumberToObject(m, "school_months_before", (double)r->arm[a].school_months[0]);
            cJSON_AddNumberToObject(m, "school_months_after", (double)r->arm[a].school_months[1]);
        }
        cJSON_AddNumberToObject(j, "records", (double)r->records);
        cJSON_AddNumberToObject(j, "records_outside_trial", (double)r->records_outside);
        warnings_out(j, &r->did, &o->arms, &o->inference, format);
        poshan_json_print(j, stdout);
        return;
    }
    static const char *const mh[] = {"arm", "rate_before", "rate_after", "change", "change_percentage_points",
                                     "school_months_before", "school_months_after"};
    poshan_table *t = poshan_table_new(7, mh);
    for (int a = 1; a >= 0; a--) {
        double b = weighted_rate(&r->arm[a], 0), e = weighted_rate(&r->arm[a], 1);
        poshan_table_row(t);
        poshan_table_cell(t, "%s", tr(format, table_arm_names[a]));
        poshan_table_cell(t, "%.4f", b);
        poshan_table_cell(t, "%.4f", e);
        poshan_table_cell(t, "%.4f", e - b);
        poshan_table_cell(t, "%.2f", 100 * (e - b));
        poshan_table_cell(t, "%ld", r->arm[a].school_months[0]);
        poshan_table_cell(t, "%ld", r->arm[a].school_months[1]);
    }
    print_table(t, tr(format, N_("Attendance rate (child-days present / enrolled x school days), weighted by "
                                 "enrolment")), format);
    did_table(&r->did, &o->arms, "share", format);
    if (format == POSHAN_FORMAT_TABLE)
        printf(_("\n%ld school-months read; %ld in areas in neither list\n"), r->records, r->records_outside);
    warnings_out(NULL, &r->did, &o->arms, &o->inference, format);
}

static int run_attendance(int argc, char **argv) {
    static const struct option options[] = {COMMON_OPTIONS, {"start", required_argument, 0, 'S'}, {0, 0, 0, 0}};
    poshan_attendance_options o;
    memset(&o, 0, sizeof o);
    o.arms.unit = POSHAN_LEVEL_DISTRICT;
    poshan_inference_defaults(&o.inference);
    impact_args a = {.format = POSHAN_FORMAT_TABLE};
    int opt, rc = -1;
    optind = 0;
    while (rc < 0 && (opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (opt == 'S') snprintf(o.start, sizeof o.start, "%s", optarg);
        else rc = common_option(opt, &a, &o.arms, &o.inference);
    }
    if (rc < 0 && o.start[0] == '\0') rc = poshan_cli_usage("impact", _("--start YYYY-MM is needed"));
    if (rc < 0) rc = finish_args(argc, argv, &a, &o.arms);
    if (rc < 0) {
        poshan_attendance_result r;
        poshan_error err;
        poshan_status st = poshan_attendance_estimate(a.file, &o, &r, &err);
        if (st != POSHAN_OK) rc = poshan_cli_report(st, &err);
        else {
            attendance_print(&r, &o, a.format);
            rc = POSHAN_EXIT_OK;
        }
    }
    free(a.treated);
    free(a.control);
    return rc;
}

/* ---- impact power --------------------------------------------------------- */

/* The unit of --sd, --effect and the MDE, named by --outcome. */
typedef struct power_unit {
    const char *outcome, *unit, *label;   /* label: how a table names the unit */
} power_unit;

static const power_unit power_units[] = {
    {"weight_kg", "kg", "kg"},
    {"height_cm", "cm", "cm"},
    {"attendance_rate", "share", N_("share of school days")},
    {NULL, "sd_unit", N_("in the unit of --sd")},   /* no --outcome */
};

static void power_print(const poshan_power_design *d, const power_unit *u, int inverse, double effect,
                        long clusters, double mde, double multiplier, double deff, poshan_format format) {
    int share = is_share(u->unit);
    if (format == POSHAN_FORMAT_JSON) {
        cJSON *j = cJSON_CreateObject();
        if (u->outcome) cJSON_AddStringToObject(j, "outcome", u->outcome);
        cJSON_AddStringToObject(j, "unit", u->unit);
        cJSON_AddNumberToObject(j, "clusters_per_arm", inverse ? (double)clusters : d->clusters_per_arm);
        cJSON_AddNumberToObject(j, "children_per_cluster", d->children_per_cluster);
        cJSON_AddNumberToObject(j, "icc", d->icc);
        cJSON_AddNumberToObject(j, "sd", d->sd);
        cJSON_AddNumberToObject(j, "alpha", d->alpha);
        cJSON_AddNumberToObject(j, "power", d->power);
        if (inverse) cJSON_AddNumberToObject(j, "target_effect", effect);
        cJSON_AddNumberToObject(j, "mde", mde);
        if (share) cJSON_AddNumberToObject(j, "mde_percentage_points", 100 * mde);
        cJSON_AddNumberToObject(j, "mde_in_sd", mde / d->sd);
        cJSON_AddNumberToObject(j, "multiplier", multiplier);
        cJSON_AddNumberToObject(j, "design_effect", deff);
        cJSON_AddNumberToObject(j, "df", 2 * (inverse ? (double)clusters : d->clusters_per_arm) - 2);
        poshan_json_print(j, stdout);
        return;
    }
    poshan_table *t = measures_table();
    char name[320];
    const char *label = tr(format, u->label);
    if (inverse) {
        snprintf(name, sizeof name, tr(format, N_("target effect (%s)")), label);
        measure(t, name, "%.4g", effect);
    }
    measure(t, inverse ? tr(format, N_("clusters per arm needed")) : tr(format, N_("clusters per arm")), "%.0f",
            inverse ? (double)clusters : d->clusters_per_arm);
    measure(t, tr(format, N_("children per cluster")), "%.0f", d->children_per_cluster);
    snprintf(name, sizeof name, tr(format, N_("outcome SD (%s)")), label);
    measure(t, name, "%.4g", d->sd);
    measure(t, tr(format, N_("intra-cluster correlation")), "%.4g", d->icc);
    measure(t, tr(format, N_("alpha (two-sided)")), "%.4g", d->alpha);
    measure(t, tr(format, N_("power")), "%.4g", d->power);
    snprintf(name, sizeof name, tr(format, N_("minimum detectable effect (%s)")), label);
    measure(t, name, "%.4f", mde);
    if (share) measure(t, tr(format, N_("minimum detectable effect, in percentage points")), "%.2f", 100 * mde);
    measure(t, tr(format, N_("minimum detectable effect, in SDs")), "%.4f", mde / d->sd);
    measure(t, tr(format, N_("multiplier t(1-alpha/2) + t(power), df 2J-2")), "%.4f", multiplier);
    measure(t, tr(format, N_("design effect 1 + (m-1) rho")), "%.4f", deff);
    print_table(t, tr(format, N_("Two-arm cluster design")), format);
}

static int run_power(int argc, char **argv) {
    static const struct option options[] = {
        {"clusters-per-arm", required_argument, 0, 'J'}, {"children-per-cluster", required_argument, 0, 'm'},
        {"icc", required_argument, 0, 'r'}, {"sd", required_argument, 0, 's'},
        {"alpha", required_argument, 0, 'a'}, {"power", required_argument, 0, 'p'},
        {"effect", required_argument, 0, 'e'}, {"format", required_argument, 0, 'f'},
        {"outcome", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    poshan_power_design d = {.alpha = 0.05, .power = 0.8};
    double effect = 0, *target = NULL;
    poshan_format format = POSHAN_FORMAT_TABLE;
    const power_unit *unit = &power_units[3];
    int opt, given_j = 0, given_e = 0, given_m = 0, given_r = 0, given_s = 0, which = 0;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, &which)) != -1) {
        switch (opt) {
        case 'J': target = &d.clusters_per_arm; given_j = 1; break;
        case 'm': target = &d.children_per_cluster; given_m = 1; break;
        case 'r': target = &d.icc; given_r = 1; break;
        case 's': target = &d.sd; given_s = 1; break;
        case 'o':
            for (unit = power_units; unit->outcome && strcmp(unit->outcome, optarg) != 0; unit++) {}
            if (unit->outcome == NULL)
                return poshan_cli_usage("impact", _("--outcome must be weight_kg, height_cm or attendance_rate, "
                                                  "not '%s'"), optarg);
            continue;
        case 'a': target = &d.alpha; break;
        case 'p': target = &d.power; break;
        case 'e': target = &effect; given_e = 1; break;
        case 'f':
            if (poshan_cli_format("impact", optarg, &format) != 0) return POSHAN_EXIT_USAGE;
            continue;
        case 'h': fputs(_(impact_help), stdout); return POSHAN_EXIT_OK;
        default: return poshan_cli_usage("impact", _("unknown option"));
        }
        if (parse_number_option(options[which].name, optarg, target) != 0) return POSHAN_EXIT_USAGE;
    }
    if (given_j == given_e)
        return poshan_cli_usage("impact", _("power needs either --clusters-per-arm (for the MDE) or --effect "
                                          "(for the clusters needed), not both"));
    if (!given_m) return poshan_cli_usage("impact", _("give --children-per-cluster (children measured in each cluster)"));
    if (!given_r)
        return poshan_cli_usage("impact", _("give --icc (the intra-cluster correlation of the outcome, 0 to 1; "
                                          "0.05 is common for weight and height)"));
    if (!given_s)
        return poshan_cli_usage("impact", _("give --sd (the outcome's standard deviation, in its unit: kg for "
                                          "weight, cm for height, a share for attendance)"));
    poshan_error err;
    double mde = 0, multiplier = 0, deff = 0;
    long clusters = 0;
    poshan_status st = given_e ? poshan_power_clusters(&d, effect, &clusters, &mde, &err) : POSHAN_OK;
    if (st == POSHAN_OK) {
        if (given_e) d.clusters_per_arm = (double)clusters;
        st = poshan_power_mde(&d, &mde, &multiplier, &deff, &err);
    }
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    power_print(&d, unit, given_e, effect, clusters, mde, multiplier, deff, format);
    return POSHAN_EXIT_OK;
}

int poshan_cmd_impact(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "estimate") == 0) return run_estimate(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "attendance") == 0) return run_attendance(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "power") == 0) return run_power(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(_(impact_help), stdout);
        return POSHAN_EXIT_OK;
    }
    return poshan_cli_usage("impact", _("say estimate, attendance or power"));
}
