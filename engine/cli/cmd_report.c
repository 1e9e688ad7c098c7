/* cmd_report.c: `poshan report`, one HTML file a committee can open offline and print. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "impact.h"
#include "plan.h"
#include "report.h"

extern char **environ;   /* handed to the PDF printer as it is */

static const char report_help[] = N_(
    "usage: poshan report [--db PATH] [--menu FILE]... [--plan FILE]... [--title TEXT]\n"
    "                     [--impact DATA.csv --treated LIST --control LIST ...] [--lang en|hi]\n"
    "                     --out report.html | --pdf report.pdf (or both)\n\n"
    "Writes one HTML file with inline SVG charts: it opens offline in any browser, needs no\n"
    "script to read, and prints on A4. --pdf prints it to an A4 PDF with WeasyPrint (Debian\n"
    "package weasyprint; no browser needed).\n"
    "A title page says when it was made, by which poshan, the period the data cover, and\n"
    "every file it was made from with its SHA-256. If any input is bad, nothing is written.\n"
    "--db PATH    lab results from the store: the summary per level as the state reports it\n"
    "             (samples, mean, how many at or above each norm, outliers), distributions of\n"
    "             energy and protein with the norm drawn in, the share below each norm by\n"
    "             district and kitchen with its number of samples, and the flagged schools\n"
    "             (UDISE, district, block) and samples\n"
    "--impact DATA.csv --treated LIST --control LIST [--outcome weight_kg|height_cm|haz|waz|baz|stunted|thin|overweight]\n"
    "             [--unit district|block] [--cluster school|block|district]\n"
    "             the impact estimate (as `poshan impact estimate`): the areas compared, the\n"
    "             clustering (by default at --unit, the level treatment was assigned at),\n"
    "             means by arm and round with their intervals, the estimate with its\n"
    "             clustered and wild bootstrap intervals, and what it means in words\n"
    "--menu FILE  energy and protein per day against the norm, per level, shortfalls marked\n"
    "--plan FILE  interventions side by side: cost per child per year, energy and protein\n"
    "             added per serving, rupees per gram of protein, each level's own cost\n"
    "             (menus/interventions/*.json)\n"
    "--lang en|hi the report's language (headings, tables, charts, readings, dates); without it,\n"
    "             the language of the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)\n");

/* The report's rows for the plans: one per plan and level served, and, where the
 * source's table implies other servings than its text, one more per such level. */
typedef struct plan_rows {
    poshan_report_plan rows[64];
    char labels[64][160];
    size_t n;
} plan_rows;

static void add_plan_rows(plan_rows *r, const poshan_plan *plan, const poshan_plan_budget *b,
                          const int *levels, const char *suffix) {
    for (size_t L = 0; L < plan->nlevels && r->n < 64; L++) {
        if (levels && !levels[L]) continue;
        if (plan->item != NULL && b->serving[L] <= 0) continue;
        snprintf(r->labels[r->n], sizeof r->labels[0], "%s, %s%s", plan->name,
                 plan->item ? gettext(plan->level_names[L]) : _("all children"), suffix);
        /* each level its own cost, so that the rows add up (rupees in a lakh) */
        double lakh = plan->item ? b->cost_rs_level[L] / 100000.0 : b->cost_lakh;
        double per_child = plan->item ? b->rs_per_child_year_level[L] : b->rs_per_child_year;
        r->rows[r->n] = (poshan_report_plan){r->labels[r->n], per_child, b->per_day[L][0], b->per_day[L][1],
                                             b->rs_per_g_protein, lakh, plan->item != NULL};
        r->n++;
        if (plan->item == NULL) break; /* nothing served: one row for the plan */
    }
}

static poshan_status add_plan(plan_rows *rows, poshan_report_meta *meta, const char *path,
                              const poshan_foods *foods, const poshan_norms *norms, poshan_error *err) {
    poshan_plan *plan = calloc(1, sizeof *plan);
    poshan_plan_result *result = calloc(1, sizeof *result);
    poshan_status st = plan && result ? POSHAN_OK
                                      : poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, _("out of memory"));
    if (st == POSHAN_OK) st = poshan_plan_load(plan, path, foods, norms, err);
    if (st == POSHAN_OK) st = poshan_plan_compute(plan, norms, result, err);
    if (st == POSHAN_OK) st = poshan_report_add_file(meta, _("intervention"), path, plan->name, err);
    if (st == POSHAN_OK) {
        if (plan->source[0]) poshan_report_add_period(meta, _("%s: the budget of %s."), plan->name, plan->source);
        add_plan_rows(rows, plan, &result->as_written, NULL, "");
        if (result->has_implied)
            add_plan_rows(rows, plan, &result->as_implied, result->implied_level, _(" (as the table implies)"));
    }
    free(plan);
    free(result);
    return st;
}

static poshan_status add_menu(poshan_buf *out, poshan_report_meta *meta, const char *path,
                              const poshan_foods *foods, const poshan_norms *norms, poshan_error *err) {
    poshan_menu menu;
    poshan_status st = poshan_menu_load(&menu, path, foods, norms, err);
    if (st != POSHAN_OK) return st;
    st = poshan_report_add_file(meta, _("menu"), path, menu.name, err);
    if (st == POSHAN_OK)
        poshan_report_add_period(meta, _("%s: a menu as written, day by day (a menu has no dates)."), menu.name);
    poshan_level_result results[POSHAN_MAX_LEVELS];
    size_t done = 0;
    for (; done < norms->nlevels && st == POSHAN_OK; done++)
        st = poshan_menu_evaluate(&menu, norms, NULL, (int)done, &results[done], err);
    if (st == POSHAN_OK) poshan_report_menu(out, &menu, results, norms->nlevels, norms);
    for (size_t L = 0; L < done; L++) poshan_level_result_free(&results[L]);
    poshan_menu_free(&menu);
    return st;
}

static poshan_status add_lab(poshan_buf *out, poshan_report_meta *meta, const char *db,
                             const poshan_norms *norms, poshan_error *err) {
    const char *path = poshan_store_default_path(db);
    if (access(path, F_OK) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL, _("no lab results database here: "
                                "ingest results with `poshan lab ingest` first, or give --db"));
    char limits_path[4096];
    snprintf(limits_path, sizeof limits_path, "%s/microbial-limits.json", poshan_cli_data_dir());
    poshan_lab_limits limits;
    poshan_store store;
    poshan_status st = poshan_lab_limits_load(&limits, limits_path, err);
    if (st == POSHAN_OK) st = poshan_report_add_file(meta, _("microbial limits"), limits_path, NULL, err);
    /* the database as it is before this report opens it (SQLite keeps recent
     * writes in PATH-wal until they are copied into the file; list it too) */
    if (st == POSHAN_OK) st = poshan_report_add_file(meta, _("lab results database"), path, NULL, err);
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct stat sb;
    if (st == POSHAN_OK && stat(wal, &sb) == 0 && sb.st_size > 0)
        st = poshan_report_add_file(meta, _("its write-ahead log"), wal, _("writes not yet in the database file"), err);
    if (st == POSHAN_OK) st = poshan_store_open(&store, path, err);
    if (st != POSHAN_OK) return st;
    st = poshan_report_lab_store(out, meta, &store, norms, &limits, err);
    poshan_store_close(&store);
    return st;
}

/* What `--impact` needs: the data and the trial's layout, as `poshan impact estimate` takes them. */
typedef struct impact_request {
    const char *data;
    char *treated, *control;
    poshan_impact_options options;
    poshan_growth_reference growth;   /* loaded when the outcome is a growth one */
} impact_request;

/* "D01, D02, D03" from "D01,D02,D03". */
static void list_text(const char *list, char *buf, size_t size) {
    size_t used = 0;
    for (const char *p = list; *p && used + 3 < size; p++) {
        buf[used++] = *p;
        if (*p == ',') buf[used++] = ' ';
    }
    buf[used] = '\0';
}

static poshan_status add_impact(poshan_buf *out, poshan_report_meta *meta, impact_request *q, poshan_error *err) {
    char treated_text[1024], control_text[1024];
    list_text(q->treated, treated_text, sizeof treated_text);
    list_text(q->control, control_text, sizeof control_text);
    poshan_status hashed = poshan_report_add_file(meta, _("impact data"), q->data, NULL, err);
    if (hashed != POSHAN_OK) return hashed;
    poshan_report_add_period(meta, "%s", _("Impact data: two survey rounds, baseline and endline (the file gives no dates)."));
    size_t nt = 0, nc = 0;
    const char **treated = poshan_cli_split_list(q->treated, &nt);
    const char **control = poshan_cli_split_list(q->control, &nc);
    poshan_impact_result *r = calloc(1, sizeof *r);
    poshan_status st = treated && control && r ? POSHAN_OK
                                               : poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    q->options.arms.treated = treated;
    q->options.arms.ntreated = nt;
    q->options.arms.control = control;
    q->options.arms.ncontrol = nc;
    if (st == POSHAN_OK) st = poshan_impact_estimate(q->data, &q->options, r, err);
    if (st == POSHAN_OK) {
        int height = q->options.outcome == POSHAN_OUTCOME_HEIGHT_CM;
        const char *title = height ? "height" : "weight", *unit = height ? "cm" : "kg";
        if (q->options.outcome == POSHAN_OUTCOME_GROWTH) {
            /* a WHO 2007 z-score moves in SD of the reference; a cut-off (stunted) is a share */
            title = q->options.growth.name;
            unit = q->options.growth.cutoff >= 0 ? "share" : "SD";
        }
        poshan_report_impact m = {.title = title, .unit = unit,
                                  .treated = treated_text, .control = control_text,
                                  .unit_level = poshan_level_name(q->options.arms.unit),
                                  .cluster_level = poshan_level_name(q->options.arms.cluster),
                                  .clusters = r->did.n_clusters, .assignments = r->did.ri.assignments,
                                  .assignments_exact = r->did.ri.exact,
                                  .estimate = r->did.estimate, .cluster_low = r->did.ci_low,
                                  .cluster_high = r->did.ci_high, .cluster_p = r->did.p_value,
                                  .wild_low = r->did.wild.ci_low, .wild_high = r->did.wild.ci_high,
                                  .wild_p = r->did.wild.p_value, .randomization_p = r->did.ri.p_value,
                                  .treated_units = r->did.n_treated_units,
                                  .control_units = r->did.n_control_units};
        for (int a = 0; a < 2; a++)
            for (int round = 0; round < 2; round++) {
                m.mean[a][round] = r->means[a][round].mean;
                m.mean_low[a][round] = r->means[a][round].low;
                m.mean_high[a][round] = r->means[a][round].high;
            }
        poshan_report_impact_section(out, &m);
    }
    free(treated);
    free(control);
    if (st == POSHAN_OK) poshan_impact_result_free(r);
    free(r);
    return st;
}

/* The shipped tables every section uses: the norms and the food composition. */
static poshan_status add_data_files(poshan_report_meta *meta, poshan_error *err) {
    static const char *const files[][2] = {{N_("norms"), "norms.json"}, {N_("food composition"), "ifct2017.csv"},
                                           {N_("food composition"), "products.csv"}, {N_("food names"), "aliases.csv"}};
    poshan_status st = POSHAN_OK;
    for (size_t i = 0; st == POSHAN_OK && i < sizeof files / sizeof files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", poshan_cli_data_dir(), files[i][1]);
        st = poshan_report_add_file(meta, _(files[i][0]), path, NULL, err);
    }
    return st;
}

static int write_report(const char *path, const poshan_buf *html) {
    FILE *f = fopen(path, "w");
    poshan_error err;
    if (f == NULL || html->failed || fwrite(html->data, 1, html->len, f) != html->len) {
        if (f) fclose(f);
        poshan_error_set(&err, POSHAN_EINPUT, path, 0, NULL, _("cannot write the report here"));
        return poshan_cli_report(POSHAN_EINPUT, &err);
    }
    if (fclose(f) != 0) {
        poshan_error_set(&err, POSHAN_EINPUT, path, 0, NULL, _("cannot finish writing the report"));
        return poshan_cli_report(POSHAN_EINPUT, &err);
    }
    return POSHAN_EXIT_OK;
}

/* The report as PDF, printed by WeasyPrint (Debian package weasyprint: HTML and
 * SVG to PDF without a browser), the HTML given on its standard input. */
static int write_pdf(const char *path, const poshan_buf *html) {
    poshan_error err;
    int fds[2];
    if (pipe(fds) != 0) {
        poshan_error_set(&err, POSHAN_ESYSTEM, path, 0, NULL, _("cannot start the PDF printer"));
        return poshan_cli_report(POSHAN_ESYSTEM, &err);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    char *const args[] = {"weasyprint", "--quiet", "-", (char *)path, NULL};
    pid_t pid;
    int spawned = posix_spawnp(&pid, "weasyprint", &actions, NULL, args, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[0]);
    if (spawned != 0) {
        close(fds[1]);
        poshan_error_set(&err, POSHAN_EINPUT, path, 0, NULL, _("a PDF needs WeasyPrint, which is not installed: "
                         "apt-get install weasyprint (or write the HTML with --out and print it from a browser)"));
        return poshan_cli_report(POSHAN_EINPUT, &err);
    }
    void (*was)(int) = signal(SIGPIPE, SIG_IGN);   /* a printer that stops early is told below, not by a signal */
    size_t done = 0;
    while (done < html->len) {
        ssize_t n = write(fds[1], html->data + done, html->len - done);
        if (n <= 0) break;
        done += (size_t)n;
    }
    close(fds[1]);
    signal(SIGPIPE, was);
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || done < html->len) {
        unlink(path);
        poshan_error_set(&err, POSHAN_EINPUT, path, 0, NULL, _("WeasyPrint could not print the report to PDF"));
        return poshan_cli_report(POSHAN_EINPUT, &err);
    }
    return POSHAN_EXIT_OK;
}

int poshan_cmd_report(int argc, char **argv) {
    static const struct option options[] = {{"menu", required_argument, 0, 'm'},
                                            {"plan", required_argument, 0, 'p'},
                                            {"db", required_argument, 0, 'd'},
                                            {"impact", required_argument, 0, 'I'},
                                            {"treated", required_argument, 0, 'T'},
                                            {"control", required_argument, 0, 'C'},
                                            {"outcome", required_argument, 0, 'O'},
                                            {"unit", required_argument, 0, 'U'},
                                            {"cluster", required_argument, 0, 'K'},
                                            {"out", required_argument, 0, 'o'},
                                            {"pdf", required_argument, 0, 'P'},
                                            {"title", required_argument, 0, 't'},
                                            {"lang", required_argument, 0, 'L'},
                                            {"help", no_argument, 0, 'h'},
                                            {0, 0, 0, 0}};
    const char *menus[16], *plans[16], *out_path = NULL, *pdf_path = NULL, *title = NULL;
    size_t nmenus = 0, nplans = 0;
    const char *db = NULL;
    impact_request impact = {0};
    poshan_impact_defaults(&impact.options);
    int opt, cluster_given = 0, rc;
    poshan_lang lang = poshan_lang_from_environment();
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'm':
            if (nmenus == 16) return poshan_cli_usage("report", _("at most 16 --menu files"));
            menus[nmenus++] = optarg;
            break;
        case 'p':
            if (nplans == 16) return poshan_cli_usage("report", _("at most 16 --plan files"));
            plans[nplans++] = optarg;
            break;
        case 'o': out_path = optarg; break;
        case 'P': pdf_path = optarg; break;
        case 'd': db = optarg; break;
        case 'I': impact.data = optarg; break;
        case 'T': impact.treated = optarg; break;
        case 'C': impact.control = optarg; break;
        case 'O':
            if ((rc = poshan_cli_outcome("report", optarg, &impact.growth, &impact.options)) != 0) {
                poshan_growth_free(&impact.growth);
                return rc;
            }
            break;
        case 'U':
            if (poshan_level_parse(optarg, &impact.options.arms.unit) != 0 ||
                impact.options.arms.unit == POSHAN_LEVEL_SCHOOL)
                return poshan_cli_usage("report", _("--unit must be district or block"));
            break;
        case 'K':
            if (poshan_level_parse(optarg, &impact.options.arms.cluster) != 0)
                return poshan_cli_usage("report", _("--cluster must be school, block or district"));
            cluster_given = 1;
            break;
        case 't': title = optarg; break;
        case 'L':
            if (poshan_lang_parse(optarg, &lang) != 0)
                return poshan_cli_usage("report", _("--lang must be en or hi, not '%s'"), optarg);
            break;
        case 'h': fputs(_(report_help), stdout); return POSHAN_EXIT_OK;
        default: return poshan_cli_usage("report", _("unknown option"));
        }
    }
    if (optind != argc) return poshan_cli_usage("report", _("unexpected argument '%s'"), argv[optind]);
    if (out_path == NULL && pdf_path == NULL) return poshan_cli_usage("report", _("--out FILE.html or --pdf FILE.pdf is required"));
    if (nmenus + nplans == 0 && db == NULL && impact.data == NULL)
        return poshan_cli_usage("report", _("nothing to report: give --db, --menu, --plan or --impact"));
    if ((impact.data != NULL) != (impact.treated != NULL && impact.control != NULL))
        return poshan_cli_usage("report", _("--impact needs --treated and --control (and they need --impact)"));
    /* the whole report, its messages too, in the language asked for */
    poshan_lang_begin(lang);
    if (title == NULL) title = _("Mid-Day Meal nutrition report");
    /* inference at the level treatment was assigned, unless told otherwise */
    if (!cluster_given) impact.options.arms.cluster = impact.options.arms.unit;
    poshan_foods foods = {0};
    poshan_norms norms;
    poshan_error err;
    poshan_buf body = {0}, html = {0};
    poshan_report_meta *meta = calloc(1, sizeof *meta);
    poshan_status st = meta ? poshan_cli_load_foods(&foods, NULL, 0, &err)
                            : poshan_error_set(&err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    if (st == POSHAN_OK) st = poshan_cli_load_norms(&norms, NULL, &err);
    if (st == POSHAN_OK) {
        poshan_report_meta_init(meta, title, POSHAN_VERSION, time(NULL));
        st = add_data_files(meta, &err);
    }
    if (st == POSHAN_OK && db) st = add_lab(&body, meta, db, &norms, &err);
    for (size_t i = 0; st == POSHAN_OK && i < nmenus; i++) st = add_menu(&body, meta, menus[i], &foods, &norms, &err);
    plan_rows *rows = calloc(1, sizeof *rows);
    if (rows == NULL) st = poshan_error_set(&err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    for (size_t i = 0; st == POSHAN_OK && i < nplans; i++) st = add_plan(rows, meta, plans[i], &foods, &norms, &err);
    if (st == POSHAN_OK && nplans) poshan_report_plans(&body, rows->rows, rows->n);
    free(rows);
    if (st == POSHAN_OK && impact.data) st = add_impact(&body, meta, &impact, &err);
    if (st != POSHAN_OK) {
        rc = poshan_cli_report(st, &err);   /* nothing is written when any input is bad */
    } else {
        poshan_report_begin(&html, meta);   /* the title page names what the sections were made from */
        poshan_buf_puts(&html, body.data ? body.data : "");
        poshan_report_end(&html);
        rc = out_path ? write_report(out_path, &html) : POSHAN_EXIT_OK;
        if (rc == POSHAN_EXIT_OK && pdf_path) {
            poshan_buf printed = {0};
            poshan_report_for_print(html.data ? html.data : "", &printed);
            rc = write_pdf(pdf_path, &printed);
            poshan_buf_free(&printed);
        }
    }
    free(meta);
    poshan_buf_free(&body);
    poshan_buf_free(&html);
    poshan_foods_free(&foods);
    poshan_growth_free(&impact.growth);
    return rc;
}
