/* cmd_lab.c: `poshan lab ingest|history|flags|summary|export`: parses options,
 * calls the lab library (lab_store.h, lab_flags.h, lab_summary.h) and prints. */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvread.h"
#include "date.h"
#include "i18n.h"
#include "jsonread.h"
#include "lab_json.h"

static const char lab_help[] = N_(
    "usage: poshan lab ingest FILE... [--by NAME (default: your account)] [--partial]\n"
    "                         [--amend --reason TEXT] [--plausible FILE] [--format table|json]\n"
    "       poshan lab history SAMPLE_ID [--lab LAB] [--format table|json|csv]\n"
    "       poshan lab flags [FILTERS] [--schools] [--letters DIR] [--template FILE] [--date DATE]\n"
    "                        [--lang en|hi]\n"
    "                        [--limits FILE] [--menus FILE.csv] [--menu-share PCT]\n"
    "                        [--limit N] [--offset N] [--format table|json|csv]\n"
    "       poshan lab summary [FILTERS] [--by district|kitchen|lab] [--format table|json|csv]\n"
    "       poshan lab export [FILTERS] [--format csv|json]\n"
    "FILTERS: --level L --district D --block B --kitchen K --lab LAB (any case) --from DATE --to DATE\n"
    "         (YYYY-MM-DD, sampling dates, inclusive); a name no stored sample has is an error\n"
    "every command takes --db PATH (else $POSHAN_DB, else ./poshan.db) and --norms FILE\n\n"
    "ingest   stores lab results (CSV or JSON; docs/formats/lab-results.md). A file is stored whole or not at all:\n"
    "         every bad row is listed with its line and field. --partial stores the good rows\n"
    "         and writes the others, with reasons, to FILE.rejects.csv: correct it and ingest it\n"
    "         as it is (when FILE.rejects.csv is there already it is left as it is and the rejects\n"
    "         go to FILE.rejects-2.csv, -3, ...). A serving outside nutrients/plausibility.json (--plausible FILE) is a\n"
    "         typing mistake and refused. A sample already stored with the same values is\n"
    "         skipped; with different values it is refused unless --amend --reason TEXT, which\n"
    "         keeps the old values as a revision.\n"
    "history  every revision of a sample: values, when, by whom, why.\n"
    "flags    samples below their level's energy or protein norm, or contaminated, worst first;\n"
    "         --schools counts failed samples per school or kitchen; --letters DIR writes a\n"
    "         warning letter per school and period into DIR (made when absent), dated --date or\n"
    "         else the day of the school's latest result; --menus compares measured with what\n"
    "         the menu promises. --lang hi writes the letters in Hindi, from\n"
    "         nutrients/warning-letter.hi.txt (--template FILE overrides it); without --lang\n"
    "         the locale's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) decides.\n"
    "         --limit N [--offset M] shows N samples (and schools) from the M+1th worst; letters\n"
    "         still go to every school found short.\n"
    "summary  per level: samples, mean, median, quartiles, how many meet each norm, outliers.\n"
    "export   every sample (latest values) as CSV or JSON that `lab ingest` reads back.\n");

typedef struct lab_opts {
    const char *db, *by, *reason, *lab, *norms, *letters, *template_path, *limits, *menus, *plausible, *date;
    int partial, amend, schools;
    poshan_lang lang;             /* of the letters and messages: --lang, else the locale's */
    size_t limit, offset;         /* --limit 0: every flag */
    double menu_share_pct;
    poshan_format format;
    poshan_lab_filter filter;
} lab_opts;

static int parse_options(int argc, char **argv, lab_opts *o) {
    static const struct option options[] = {
        {"db", required_argument, 0, 'd'},       {"by", required_argument, 0, 'b'},
        {"partial", no_argument, 0, 'p'},        {"amend", no_argument, 0, 'a'},
        {"reason", required_argument, 0, 'r'},   {"lab", required_argument, 0, 'L'},
        {"format", required_argument, 0, 'f'},   {"level", required_argument, 0, 'l'},
        {"district", required_argument, 0, 'D'}, {"kitchen", required_argument, 0, 'k'},
        {"from", required_argument, 0, 'F'},     {"to", required_argument, 0, 'T'},
        {"norms", required_argument, 0, 'n'},    {"letters", required_argument, 0, 'W'},
        {"template", required_argument, 0, 't'}, {"limits", required_argument, 0, 'm'},
        {"menus", required_argument, 0, 'M'},    {"menu-share", required_argument, 0, 's'},
        {"schools", no_argument, 0, 'S'},        {"help", no_argument, 0, 'h'},
        {"limit", required_argument, 0, 'N'},    {"offset", required_argument, 0, 'O'},
        {"block", required_argument, 0, 'B'},    {"plausible", required_argument, 0, 'P'},
        {"date", required_argument, 0, 'A'},     {"lang", required_argument, 0, 'G'},
        {0, 0, 0, 0}};
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'd': o->db = optarg; break;
        case 'b': o->by = optarg; break;
        case 'p': o->partial = 1; break;
        case 'a': o->amend = 1; break;
        case 'r': o->reason = optarg; break;
        case 'L': o->lab = o->filter.lab = optarg; break;
        case 'f':
            if (poshan_cli_format("lab", optarg, &o->format)) return POSHAN_EXIT_USAGE;
            break;
        case 'l': o->filter.level = optarg; break;
        case 'D': o->filter.district = optarg; break;
        case 'B': o->filter.block = optarg; break;
        case 'P': o->plausible = optarg; break;
        case 'A': o->date = optarg; break;
        case 'k': o->filter.kitchen = optarg; break;
        case 'F': o->filter.from = optarg; break;
        case 'T': o->filter.to = optarg; break;
        case 'n': o->norms = optarg; break;
        case 'W': o->letters = optarg; break;
        case 'G':
            if (poshan_lang_parse(optarg, &o->lang) != 0)
                return poshan_cli_usage("lab", _("--lang must be en or hi, not '%s'"), optarg);
            break;
        case 't': o->template_path = optarg; break;
        case 'm': o->limits = optarg; break;
        case 'M': o->menus = optarg; break;
        case 's': {
            char *end;
            o->menu_share_pct = strtod(optarg, &end);
            if (*end || o->menu_share_pct <= 0 || o->menu_share_pct > 100)
                return poshan_cli_usage("lab", _("--menu-share is a per cent between 0 and 100, not '%s'"), optarg);
            break;
        }
        case 'S': o->schools = 1; break;
        case 'N':
        case 'O': {
            unsigned long long v;
            if (poshan_parse_whole(optarg, opt == 'N', SIZE_MAX / 2, &v) != 0)
                return poshan_cli_usage("lab", opt == 'N' ? _("--%s is a whole number above 0, not '%s'")
                                                          : _("--%s is a whole number, not '%s'"),
                                        opt == 'N' ? "limit" : "offset", optarg);
            *(opt == 'N' ? &o->limit : &o->offset) = (size_t)v;
            break;
        }
        case 'h': fputs(_(lab_help), stdout); return -1;
        default: return poshan_cli_usage("lab", _("bad option"));
        }
    }
    return POSHAN_EXIT_OK;
}

/* ---- ingest --------------------------------------------------------------- */

static void progress(void *ctx, size_t rows) {
    fputc('\r', stderr);
    fprintf(stderr, _("%s: %zu rows read"), (const char *)ctx, rows);
}

static void print_ingest(const char *path, const poshan_lab_ingest_result *r, poshan_status st) {
    for (size_t i = 0; i < r->bad.count; i++) {
        char text[2048];
        poshan_error_format(&r->bad.items[i], text, sizeof text);
        fprintf(stderr, _("poshan: %s\n"), text);
    }
    if (r->rejected > r->bad.count)
        fprintf(stderr, _("poshan: ... and %zu more bad rows\n"), r->rejected - r->bad.count);
    if (st != POSHAN_OK) return;
    printf(_("%s: %zu rows read, %zu stored, %zu already stored, %zu amended, %zu rejected (batch %lld)\n"),
           path, r->read, r->stored, r->unchanged, r->amended, r->rejected, r->batch_id);
    if (r->rejects_path[0] && r->rejects_numbered)
        printf(_("%s: rejected rows and reasons written to %s (a new name: %s.rejects.csv is there already and "
                 "was left as it is; ingest each corrected rejects file once)\n"),
               path, r->rejects_path, path);
    else if (r->rejects_path[0])
        printf(_("%s: rejected rows and reasons written to %s\n"), path, r->rejects_path);
}

static int run_ingest(int nfiles, char **files, const lab_opts *o, poshan_store *store,
                      const poshan_norms *norms, const poshan_lab_plausibility *plausible) {
    poshan_error err;
    const char *by = o->by ? o->by : poshan_cli_account();
    poshan_lab_ingest_options io = {.norms = norms, .plausibility = plausible, .by = by, .partial = o->partial,
                                    .amend = o->amend, .reason = o->reason};
    cJSON *answers = o->format == POSHAN_FORMAT_JSON ? cJSON_CreateArray() : NULL;
    int rc = POSHAN_EXIT_OK;
    for (int i = 0; i < nfiles; i++) {
        io.progress = isatty(2) ? progress : NULL;
        io.progress_ctx = files[i];
        poshan_lab_ingest_result r;
        poshan_status st = poshan_lab_ingest_file(store, files[i], &io, &r, &err);
        if (io.progress && r.read >= 100000) fputc('\n', stderr);
        if (answers) {
            cJSON *answer = poshan_lab_ingest_json(&r, files[i], st == POSHAN_OK);
            if (r.rejects_path[0]) cJSON_AddStringToObject(answer, "rejects_file", r.rejects_path);
            else cJSON_AddNullToObject(answer, "rejects_file");
            cJSON_AddItemToArray(answers, answer);
        }
        else print_ingest(files[i], &r, st);
        poshan_lab_ingest_result_free(&r);
        if (st != POSHAN_OK) rc = poshan_cli_report(st, &err);
        if (st == POSHAN_EUSAGE) break;
    }
    if (answers) poshan_json_print(answers, stdout);
    return rc;
}

/* ---- history -------------------------------------------------------------- */

typedef struct history_out {
    poshan_table *table;
    cJSON *json;
} history_out;

static poshan_status add_revision(void *ctx, const poshan_lab_revision *rev, poshan_error *err) {
    (void)err;
    history_out *h = ctx;
    const poshan_lab_sample *s = &rev->sample;
    char energy[32], protein[32];
    poshan_lab_format_number(energy, sizeof energy, s->energy_kcal);
    poshan_lab_format_number(protein, sizeof protein, s->protein_g);
    if (h->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "revision", rev->revision);
        cJSON_AddBoolToObject(o, "latest", rev->latest);
        cJSON_AddStringToObject(o, "lab", s->lab);
        cJSON_AddStringToObject(o, "ingested_at", rev->ingested_at);
        cJSON_AddStringToObject(o, "ingested_by", rev->ingested_by);
        cJSON_AddStringToObject(o, "file", rev->file);
        if (rev->reason) cJSON_AddStringToObject(o, "reason", rev->reason);
        else cJSON_AddNullToObject(o, "reason");
        cJSON_AddNumberToObject(o, "energy_kcal", s->energy_kcal);
        cJSON_AddNumberToObject(o, "protein_g", s->protein_g);
        cJSON_AddStringToObject(o, "school_udise", s->school_udise);
        cJSON_AddStringToObject(o, "sampled_on", s->sampled_on);
        cJSON_AddStringToObject(o, "tested_on", s->tested_on);
        cJSON_AddItemToArray(h->json, o);
        return POSHAN_OK;
    }
    poshan_table_row(h->table);
    poshan_table_cell(h->table, "%d%s", rev->revision, rev->latest ? _(" (latest)") : "");
    poshan_table_cell(h->table, "%s", s->lab);
    poshan_table_cell(h->table, "%s", energy);
    poshan_table_cell(h->table, "%s", protein);
    poshan_table_cell(h->table, "%s", s->school_udise);
    poshan_table_cell(h->table, "%s", s->tested_on);
    poshan_table_cell(h->table, "%s", rev->ingested_at);
    poshan_table_cell(h->table, "%s", rev->ingested_by);
    poshan_table_cell(h->table, "%s", rev->reason ? rev->reason : "");
    return POSHAN_OK;
}

static int run_history(int nargs, char **args, const lab_opts *o, poshan_store *store) {
    if (nargs != 1) return poshan_cli_usage("lab", _("history needs one SAMPLE_ID"));
    static const char *const headers[] = {"revision", "lab", "energy_kcal", "protein_g", "school_udise",
                                          "tested_on", "ingested_at", "ingested_by", "reason"};
    history_out h = {NULL, NULL};
    if (o->format == POSHAN_FORMAT_JSON) h.json = cJSON_CreateArray();
    else h.table = poshan_table_new(9, headers);
    poshan_error err;
    poshan_status st = poshan_lab_history(store, args[0], o->lab, add_revision, &h, &err);
    if (st == POSHAN_OK && h.json) poshan_json_print(h.json, stdout);
    else cJSON_Delete(h.json);
    if (st == POSHAN_OK && h.table) poshan_table_print(h.table, stdout, o->format);
    poshan_table_free(h.table);
    return st == POSHAN_OK ? POSHAN_EXIT_OK : poshan_cli_report(st, &err);
}

/* ---- summary -------------------------------------------------------------- */

static int run_summary(const lab_opts *o, poshan_store *store, const poshan_norms *norms) {
    poshan_lab_summary sum;
    poshan_error err;
    poshan_status st = poshan_lab_summarise(store, norms, o->by, &o->filter, &sum, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    if (o->format == POSHAN_FORMAT_JSON) {
        poshan_json_print(poshan_lab_summary_json(&sum, o->by), stdout);
    } else {
        poshan_table *t = poshan_lab_summary_table(&sum, o->by);
        poshan_table_print(t, stdout, o->format);
        poshan_table_free(t);
        if (o->format == POSHAN_FORMAT_TABLE)
            printf(_("\noutliers: more than %.1f scaled MADs (1.4826 x median absolute deviation) from "
                     "the median of their group\n"), POSHAN_LAB_OUTLIER_MADS);
    }
    poshan_lab_summary_free(&sum);
    return POSHAN_EXIT_OK;
}

/* ---- flags ---------------------------------------------------------------- */

static void print_flags(const poshan_lab_flags *f, const lab_opts *o) {
    if (o->format == POSHAN_FORMAT_JSON) {
        poshan_json_print(poshan_lab_flags_json(f), stdout);
        return;
    }
    poshan_table *t = poshan_lab_flags_table(f, o->schools);
    poshan_table_print(t, stdout, o->format);
    poshan_table_free(t);
    if (f->paged && o->format == POSHAN_FORMAT_TABLE)
        fprintf(stderr, o->schools ? _("poshan: %zu of %zu schools shown, from number %zu (--limit, --offset)\n")
                                   : _("poshan: %zu of %zu flagged samples shown, from number %zu (--limit, --offset)\n"),
                o->schools ? f->nschools : f->count, o->schools ? f->total_schools : f->total, f->offset + 1);
}

static poshan_status load_flag_inputs(const lab_opts *o, const poshan_norms *norms, poshan_lab_limits *limits,
                                      poshan_lab_promises *menus, poshan_error *err) {
    char shipped[4096];
    snprintf(shipped, sizeof shipped, "%s/microbial-limits.json", poshan_cli_data_dir());
    poshan_status st = poshan_lab_limits_load(limits, o->limits ? o->limits : shipped, err);
    if (st != POSHAN_OK || o->menus == NULL) return st;
    FILE *in = fopen(o->menus, "rb");
    if (in == NULL) return poshan_error_set(err, POSHAN_EINPUT, o->menus, 0, NULL, _("cannot open this file"));
    poshan_foods foods = {0};
    st = poshan_cli_load_foods(&foods, NULL, 0, err);
    if (st == POSHAN_OK) st = poshan_lab_promises_load(menus, in, o->menus, &foods, norms, err);
    poshan_foods_free(&foods);
    fclose(in);
    return st;
}

static poshan_status write_letters(const lab_opts *o, const poshan_lab_flags *flags, poshan_error *err) {
    char shipped[4096], *text;
    /* each language its own letter, which an office edits as it edits the English one */
    snprintf(shipped, sizeof shipped, "%s/warning-letter%s.txt", poshan_cli_data_dir(),
             o->lang == POSHAN_LANG_HI ? ".hi" : "");
    poshan_status st = poshan_read_file(o->template_path ? o->template_path : shipped, &text, NULL, err);
    if (st != POSHAN_OK) return st;
    size_t written;
    st = poshan_lab_write_letters(flags, text, o->letters, o->date, &written, err);
    free(text);
    if (st == POSHAN_OK) fprintf(stderr, _("poshan: %zu warning letters written to %s\n"), written, o->letters);
    return st;
}

static int run_flags(const lab_opts *o, poshan_store *store, const poshan_norms *norms) {
    poshan_lab_limits limits;
    poshan_lab_promises menus = {0};
    poshan_error err;
    poshan_status st = load_flag_inputs(o, norms, &limits, &menus, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    poshan_lab_flag_options fo = {norms, &limits, o->menus ? &menus : NULL,
                                  o->menu_share_pct > 0 ? o->menu_share_pct : 80,
                                  o->letters ? 0 : o->offset, o->letters ? 0 : o->limit};
    poshan_lab_flags flags;
    st = poshan_lab_flag_samples(store, &o->filter, &fo, &flags, &err);
    if (st == POSHAN_OK && o->letters) {   /* letters go to every school, whatever page is shown */
        st = write_letters(o, &flags, &err);
        if (st == POSHAN_OK && (o->limit || o->offset)) {
            poshan_lab_flags_free(&flags);
            fo.offset = o->offset;
            fo.limit = o->limit;
            st = poshan_lab_flag_samples(store, &o->filter, &fo, &flags, &err);
        }
    }
    if (st == POSHAN_OK) print_flags(&flags, o);
    poshan_lab_flags_free(&flags);   /* safe twice: it empties what it frees */
    poshan_lab_promises_free(&menus);
    return st == POSHAN_OK ? POSHAN_EXIT_OK : poshan_cli_report(st, &err);
}

/* ---- dispatch ------------------------------------------------------------- */

static int run_export(const lab_opts *o, poshan_store *store) {
    poshan_error err;
    poshan_status st = poshan_lab_export(store, &o->filter, stdout,
                                         o->format == POSHAN_FORMAT_JSON ? POSHAN_FORMAT_JSON : POSHAN_FORMAT_CSV, &err);
    return st == POSHAN_OK ? POSHAN_EXIT_OK : poshan_cli_report(st, &err);
}

static int check_usage(size_t command, int nargs, const lab_opts *o) {
    if (command == 0 && nargs == 0) return poshan_cli_usage("lab", _("ingest needs at least one FILE"));
    if (command == 0 && o->amend && (o->reason == NULL || o->reason[0] == '\0'))
        return poshan_cli_usage("lab", _("--amend needs --reason TEXT saying why the values change"));
    if (command == 0 && o->by && o->by[0] == '\0')
        return poshan_cli_usage("lab", _("--by is empty: say who is ingesting, or leave --by out for your account name"));
    char why[256];
    if (o->date && !poshan_date_check(o->date, why, sizeof why))
        return poshan_cli_usage("lab", _("--date '%s' is not a date: %s"), o->date, why);
    poshan_error err;
    if (poshan_lab_filter_check(&o->filter, &err) != POSHAN_OK)
        return poshan_cli_usage("lab", _("--%s %s"), err.field, err.message);
    return POSHAN_EXIT_OK;
}

/* What must hold before the database is opened (or made): an ingest's files
 * open and its plausible ranges load; a reading command's database exists. */
static poshan_status check_inputs(size_t command, int nargs, char **args, const lab_opts *o,
                                  poshan_lab_plausibility *plausible, poshan_error *err) {
    const char *db = poshan_store_default_path(o->db);
    if (command > 0 && access(db, F_OK) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, db, 0, NULL,
                                _("there is no lab database here yet: ingest results first (poshan lab ingest "
                                  "FILE), or name the database with --db PATH"));
    if (command != 0) return POSHAN_OK;
    for (int i = 0; i < nargs; i++) {
        FILE *in = fopen(args[i], "rb");
        if (in == NULL) return poshan_error_set(err, POSHAN_EINPUT, args[i], 0, NULL, _("cannot open this file"));
        fclose(in);
    }
    char shipped[4096];
    snprintf(shipped, sizeof shipped, "%s/plausibility.json", poshan_cli_data_dir());
    return poshan_lab_plausibility_load(plausible, o->plausible ? o->plausible : shipped, err);
}

int poshan_cmd_lab(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(_(lab_help), argc < 2 ? stderr : stdout);
        return argc < 2 ? POSHAN_EXIT_USAGE : POSHAN_EXIT_OK;
    }
    const char *sub = argv[1];
    static const char *const subs[] = {"ingest", "history", "flags", "summary", "export"};
    size_t k = 0;
    while (k < 5 && strcmp(sub, subs[k]) != 0) k++;
    if (k == 5) return poshan_cli_usage("lab", _("unknown lab command '%s'"), sub);
    lab_opts o = {0};
    o.format = POSHAN_FORMAT_TABLE;
    o.lang = poshan_lang_from_environment();
    int rc = parse_options(argc - 1, argv + 1, &o);
    if (rc != POSHAN_EXIT_OK) return rc < 0 ? POSHAN_EXIT_OK : rc;
    poshan_lang_begin(o.lang);   /* the letters and every message after the options */
    int nargs = argc - 1 - optind;
    char **args = argv + 1 + optind;
    if (k > 1 && nargs) return poshan_cli_usage("lab", _("unexpected argument '%s'"), args[0]);
    /* every usage mistake is found before the database is opened: a refusal creates no empty database */
    rc = check_usage(k, nargs, &o);
    if (rc != POSHAN_EXIT_OK) return rc;
    poshan_norms norms;
    poshan_lab_plausibility plausible;
    poshan_store store;
    poshan_error err;
    poshan_status st = poshan_cli_load_norms(&norms, o.norms, &err);
    if (st == POSHAN_OK) st = check_inputs(k, nargs, args, &o, &plausible, &err);
    if (st == POSHAN_OK)  /* only ingest writes: the others read a file they may not write */
        st = (k == 0 ? poshan_store_open : poshan_store_open_readonly)(&store, poshan_store_default_path(o.db), &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    switch (k) {
    case 0: rc = run_ingest(nargs, args, &o, &store, &norms, &plausible); break;
    case 1: rc = run_history(nargs, args, &o, &store); break;
    case 2: rc = run_flags(&o, &store, &norms); break;
    case 3: rc = run_summary(&o, &store, &norms); break;
    default: rc = run_export(&o, &store); break;
    }
    poshan_store_close(&store);
    return rc;
}
