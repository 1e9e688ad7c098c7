/* cmd_growth.c: `poshan growth zscores|prevalence`: parses options, loads
 * the WHO 2007 reference from the data directory, calls growth_zscores.h
 * and growth_prevalence.h, prints what they return. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "growth_prevalence.h"
#include "growth_zscores.h"
#include "i18n.h"

/* the help is printed as it is, not as a format: its "95 %" is no conversion */
static const char growth_help[] = N_(
    /* xgettext:no-c-format */
    "usage: poshan growth zscores DATA.csv [--format csv|json|table] [--strict]\n"
    "       poshan growth prevalence DATA.csv [--by district|block|school|sex|level|age_years]\n"
    "                [--cluster school|block|district] [--format table|json|csv] [--strict]\n\n"
    "zscores     every record with bmi, haz, waz, baz, haz_flag, waz_flag, baz_flag added (WHO 2007\n"
    "            reference, 5-19 years, to 2 decimals; empty where WHO defines no score: outside\n"
    "            61-228 months, weight-for-age above 120 months, weight-based scores with oedema)\n"
    "prevalence  per group: stunting, thinness, overweight, obesity, underweight with 95 % intervals\n"
    "            clustered by school (CR1, as the impact estimate), and each score's mean and SD;\n"
    "            flagged (implausible) scores are left out and counted\n\n"
    "DATA.csv    child_id, sex (M/F, male/female, boy/girl, 1/2), age_months (or date_of_birth and\n"
    "            measured_on, YYYY-MM-DD), weight_kg, height_cm; optional oedema (y/n); other\n"
    "            columns are passed through. For prevalence: school_udise (or the --cluster column)\n"
    "            and the --by column. '-' reads standard input.\n"
    "--strict    stop at the first bad record (otherwise each is named on stderr, left out, and\n"
    "            the exit status is 1)\n"
    "The reference and its rules are read from the data directory's who2007/ folder.\n"
    "see docs/committee.md, section \"Growth\", for what every number means\n");

static poshan_status print_bad(void *ctx, const poshan_error *reason) {
    (void)ctx;
    poshan_cli_report(POSHAN_EINPUT, reason);
    return POSHAN_OK;
}

typedef struct growth_args {
    const char *file;
    poshan_format format;
    int strict, by, cluster;
} growth_args;

/* A column of growth.h by the word the user gives (school for school_udise). */
static int column_named(const char *text) {
    for (int c = 0; c < POSHAN_GROWTH_GROUP_COLS; c++)
        if (strcmp(text, poshan_growth_group_column(c)) == 0 || (c == POSHAN_GROWTH_COL_SCHOOL && strcmp(text, "school") == 0))
            return c;
    return -1;
}

static int parse_args(int argc, char **argv, int prevalence, growth_args *a) {
    static const struct option options[] = {{"format", required_argument, 0, 'f'}, {"strict", no_argument, 0, 's'},
                                            {"by", required_argument, 0, 'b'}, {"cluster", required_argument, 0, 'c'},
                                            {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'f':
            if (poshan_cli_format("growth", optarg, &a->format) != 0) return POSHAN_EXIT_USAGE;
            break;
        case 's': a->strict = 1; break;
        case 'b':
            if (!prevalence) return poshan_cli_usage("growth", _("--by is an option of growth prevalence"));
            a->by = strcmp(optarg, "sex") == 0 ? POSHAN_GROWTH_BY_SEX
                    : strcmp(optarg, "age_years") == 0 ? POSHAN_GROWTH_BY_AGE_YEARS : column_named(optarg);
            if (a->by < 0)
                return poshan_cli_usage("growth", _("--by must be district, block, school, sex, level or age_years, "
                                                  "not '%s'"), optarg);
            break;
        case 'c':
            if (!prevalence) return poshan_cli_usage("growth", _("--cluster is an option of growth prevalence"));
            a->cluster = column_named(optarg);
            if (a->cluster < 0 || a->cluster == POSHAN_GROWTH_COL_LEVEL)
                return poshan_cli_usage("growth", _("--cluster must be school, block or district, not '%s'"), optarg);
            break;
        case 'h': fputs(_(growth_help), stdout); return POSHAN_EXIT_OK;
        default: return poshan_cli_usage("growth", _("unknown option"));
        }
    }
    if (optind != argc - 1) return poshan_cli_usage("growth", _("give exactly one data file ('-' for standard input)"));
    a->file = argv[optind];
    return -1;
}

static FILE *open_input(const char *file, poshan_error *err) {
    if (strcmp(file, "-") == 0) return stdin;
    FILE *in = fopen(file, "rb");
    if (in == NULL) poshan_error_set(err, POSHAN_EINPUT, file, 0, NULL, _("cannot open: %m"));
    return in;
}

static int run_zscores(int argc, char **argv) {
    growth_args a = {.format = POSHAN_FORMAT_CSV};
    int rc = parse_args(argc, argv, 0, &a);
    if (rc >= 0) return rc;
    poshan_growth_reference ref;
    poshan_error err;
    poshan_status st = poshan_cli_load_growth(&ref, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    FILE *in = open_input(a.file, &err);
    poshan_growth_zscores_options o = {&ref, a.format, print_bad, NULL, a.strict};
    poshan_growth_zscores_result r;
    st = in ? poshan_growth_zscores(in, strcmp(a.file, "-") ? a.file : "standard input", stdout, &o, &r, &err)
            : POSHAN_EINPUT;
    if (in && in != stdin) fclose(in);
    poshan_growth_free(&ref);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    if (r.bad) fprintf(stderr, _("poshan: %ld bad records left out (named above); %ld written\n"), r.bad, r.written);
    return r.bad ? POSHAN_EXIT_INPUT : POSHAN_EXIT_OK;
}

/* ---- prevalence ---------------------------------------------------------------- */

static void add_number_or_null(cJSON *o, const char *name, double v) {
    if (isfinite(v)) cJSON_AddNumberToObject(o, name, v);
    else cJSON_AddNullToObject(o, name);
}

static const char *by_name(int by) {
    return by == POSHAN_GROWTH_BY_NONE ? "all" : by == POSHAN_GROWTH_BY_SEX ? "sex"
           : by == POSHAN_GROWTH_BY_AGE_YEARS ? "age_years" : poshan_growth_group_column(by);
}

static void prevalence_json(const poshan_growth_prevalence *p, const poshan_growth_reference *ref, const growth_args *a) {
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "by", by_name(a->by));
    cJSON_AddStringToObject(j, "cluster", poshan_growth_group_column(a->cluster));
    cJSON_AddNumberToObject(j, "records", (double)p->records);
    cJSON_AddNumberToObject(j, "outside_ages", (double)p->outside_ages);
    cJSON_AddNumberToObject(j, "bad_records", (double)p->bad);
    cJSON *groups = cJSON_AddArrayToObject(j, "groups");
    for (size_t g = 0; g < p->ngroups; g++) {
        const poshan_growth_group *gr = &p->groups[g];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "group", gr->name);
        cJSON_AddNumberToObject(o, "children", (double)gr->children);
        cJSON *scores = cJSON_AddObjectToObject(o, "scores");
        for (int k = 0; k < POSHAN_GROWTH_SCORES; k++) {
            cJSON *s = cJSON_AddObjectToObject(scores, ref->score[k].name);
            cJSON_AddNumberToObject(s, "children", (double)gr->score[k].children);
            cJSON_AddNumberToObject(s, "flagged", (double)gr->score[k].flagged);
            add_number_or_null(s, "mean", gr->score[k].mean);
            add_number_or_null(s, "sd", gr->score[k].sd);
        }
        cJSON *prev = cJSON_AddObjectToObject(o, "prevalence");
        for (size_t k = 0; k < ref->ncutoffs; k++) {
            const poshan_growth_share *s = &gr->cutoff[k];
            cJSON *c = cJSON_AddObjectToObject(prev, ref->cutoffs[k].name);
            cJSON_AddNumberToObject(c, "children", (double)s->children);
            cJSON_AddNumberToObject(c, "cases", (double)s->cases);
            add_number_or_null(c, "share", s->share);
            add_number_or_null(c, "ci_low", s->low);
            add_number_or_null(c, "ci_high", s->high);
            cJSON_AddNumberToObject(c, "clusters", (double)s->clusters);
        }
        cJSON_AddItemToArray(groups, o);
    }
    poshan_json_print(j, stdout);
}

static void print_table(poshan_table *t, const char *title, poshan_format format) {
    if (format == POSHAN_FORMAT_TABLE) printf("\n%s\n", title);
    poshan_table_print(t, stdout, format);
    if (format == POSHAN_FORMAT_CSV) printf("\n");
    poshan_table_free(t);
}

/* A percentage with its interval end, or blank when there is none. */
static void pct_cell(poshan_table *t, double share) {
    if (isfinite(share)) poshan_table_cell(t, "%.1f", 100 * share);
    else poshan_table_cell(t, "%s", "");
}

static void prevalence_tables(const poshan_growth_prevalence *p, const poshan_growth_reference *ref,
                              const growth_args *a) {
    static const char *const ph[] = {"group", "measure", "children", "cases", "pct", "ci_low_pct", "ci_high_pct",
                                     "clusters"};
    poshan_table *t = poshan_table_new(8, ph);
    for (size_t g = 0; g < p->ngroups; g++)
        for (size_t k = 0; k < ref->ncutoffs; k++) {
            const poshan_growth_share *s = &p->groups[g].cutoff[k];
            poshan_table_row(t);
            poshan_table_cell(t, "%s", p->groups[g].name);
            poshan_table_cell(t, "%s", ref->cutoffs[k].name);
            poshan_table_cell(t, "%ld", s->children);
            poshan_table_cell(t, "%ld", s->cases);
            pct_cell(t, s->share);
            pct_cell(t, s->low);
            pct_cell(t, s->high);
            poshan_table_cell(t, "%zu", s->clusters);
        }
    char title[512];
    /* a title is printed in table format only (print_table) */
    snprintf(title, sizeof title,
             _("Prevalence by %s, %% of children with a valid score (95 %% interval, CR1 clustered by %s)"),
             by_name(a->by), poshan_growth_group_column(a->cluster));
    print_table(t, title, a->format);
    static const char *const sh[] = {"group", "score", "children", "mean", "sd", "flagged_left_out"};
    t = poshan_table_new(6, sh);
    for (size_t g = 0; g < p->ngroups; g++)
        for (int k = 0; k < POSHAN_GROWTH_SCORES; k++) {
            const poshan_growth_summary *s = &p->groups[g].score[k];
            poshan_table_row(t);
            poshan_table_cell(t, "%s", p->groups[g].name);
            poshan_table_cell(t, "%s", ref->score[k].name);
            poshan_table_cell(t, "%ld", s->children);
            if (isfinite(s->mean)) poshan_table_cell(t, "%.2f", s->mean); else poshan_table_cell(t, "%s", "");
            if (isfinite(s->sd)) poshan_table_cell(t, "%.2f", s->sd); else poshan_table_cell(t, "%s", "");
            poshan_table_cell(t, "%ld", s->flagged);
        }
    print_table(t, _("Mean z-score and SD (flagged scores left out)"), a->format);
    if (a->format == POSHAN_FORMAT_TABLE)
        /* p->records counts the good records only: the bad ones were refused before */
        printf(_("\n%ld records read: %ld used, %ld bad (named above, left out); %ld of those used at ages "
               "with no WHO score\n"), p->records + p->bad, p->records, p->bad, p->outside_ages);
}

static int run_prevalence(int argc, char **argv) {
    growth_args a = {.format = POSHAN_FORMAT_TABLE, .by = POSHAN_GROWTH_BY_NONE, .cluster = POSHAN_GROWTH_COL_SCHOOL};
    int rc = parse_args(argc, argv, 1, &a);
    if (rc >= 0) return rc;
    poshan_growth_reference ref;
    poshan_error err;
    poshan_status st = poshan_cli_load_growth(&ref, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    poshan_growth_prevalence_options o;
    poshan_growth_prevalence_defaults(&o, &ref);
    o.by = a.by;
    o.cluster = a.cluster;
    o.on_bad = print_bad;
    o.strict = a.strict;
    poshan_growth_prevalence p;
    FILE *in = open_input(a.file, &err);
    st = in ? poshan_growth_prevalence_read(in, strcmp(a.file, "-") ? a.file : "standard input", &o, &p, &err)
            : POSHAN_EINPUT;
    if (in && in != stdin) fclose(in);
    if (st != POSHAN_OK) rc = poshan_cli_report(st, &err);
    else {
        if (a.format == POSHAN_FORMAT_JSON) prevalence_json(&p, &ref, &a);
        else prevalence_tables(&p, &ref, &a);
        if (p.bad) fprintf(stderr, _("poshan: %ld bad records left out (named above)\n"), p.bad);
        rc = p.bad ? POSHAN_EXIT_INPUT : POSHAN_EXIT_OK;
        poshan_growth_prevalence_free(&p);
    }
    poshan_growth_free(&ref);
    return rc;
}

int poshan_cmd_growth(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "zscores") == 0) return run_zscores(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "prevalence") == 0) return run_prevalence(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(_(growth_help), stdout);
        return POSHAN_EXIT_OK;
    }
    return poshan_cli_usage("growth", _("say zscores or prevalence"));
}
