/* cmd_serve.c: `poshan serve`: the web server, until SIGTERM or SIGINT. */
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvread.h"
#include "handlers.h"
#include "i18n.h"
#include "lab_flags.h"
#include "store.h"

#ifndef POSHAN_WEBDIR
#define POSHAN_WEBDIR "web"
#endif

static const char serve_help[] = N_(
    "usage: poshan serve [--db PATH] [--bind 127.0.0.1] [--port 8080] [--threads 4]\n"
    "                    [--pages DIR] [--session-hours 12] [--secure-cookie]\n"
    "                    [--foods FILE] [--norms FILE]\n\n"
    "Serves the pages (log in, dashboard, menu checker, lab upload, lab flags) and the JSON API\n"
    "(POST /api/menu/evaluate, POST /api/lab/ingest, GET /api/lab/flags, GET /api/lab/summary,\n"
    "GET /api/plans, GET /api/users). API calls carry `Authorization: Bearer TOKEN` (from\n"
    "`poshan users add`). SIGTERM or Ctrl-C stops it: requests in flight finish first.\n\n"
    "--db PATH        the database (default $POSHAN_DB, else ./poshan.db)\n"
    "--bind ADDR      the address to listen on (default 127.0.0.1: this machine only)\n"
    "--port N         the port (default 8080; 0 picks a free one, printed at start)\n"
    "--threads N      worker threads (default 4)\n"
    "--pages DIR      page templates and static files (default $POSHAN_PAGES, else the build's web/)\n"
    "--session-hours  how long a browser login lasts (default 12)\n"
    "--secure-cookie  mark the session cookie Secure (when a TLS proxy is in front)\n"
    "--plans DIR      intervention files served at /api/plans (default: the menus/interventions\n"
    "                 beside the data directory)\n");

typedef struct serve_options {
    const char *db, *norms, *pages, *plans;
    poshan_server_config config;
    char *foods[32];
    size_t nfoods;
} serve_options;

static int number_option(const char *text, long min, long max, long *out) {
    unsigned long long v;
    if (poshan_parse_whole(text, (unsigned long long)min, (unsigned long long)max, &v) != 0) return -1;
    *out = (long)v;
    return 0;
}

static int parse_options(int argc, char **argv, serve_options *o) {
    static const struct option options[] = {
        {"db", required_argument, 0, 'd'},      {"bind", required_argument, 0, 'b'},
        {"port", required_argument, 0, 'p'},    {"threads", required_argument, 0, 't'},
        {"pages", required_argument, 0, 'P'},   {"session-hours", required_argument, 0, 's'},
        {"secure-cookie", no_argument, 0, 'S'}, {"foods", required_argument, 0, 'F'},
        {"norms", required_argument, 0, 'n'},   {"plans", required_argument, 0, 'L'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    int opt;
    long v;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'd': o->db = optarg; break;
        case 'b': o->config.bind = optarg; break;
        case 'p':
            if (number_option(optarg, 0, 65535, &v)) return poshan_cli_usage("serve", _("--port must be 0 to 65535"));
            o->config.port = (unsigned short)v;
            break;
        case 't':
            if (number_option(optarg, 1, 256, &v)) return poshan_cli_usage("serve", _("--threads must be 1 to 256"));
            o->config.threads = (unsigned)v;
            break;
        case 'P': o->pages = optarg; break;
        case 's':
            if (number_option(optarg, 1, 24 * 30, &v))
                return poshan_cli_usage("serve", _("--session-hours must be 1 to 720"));
            o->config.session_lifetime_s = v * 3600;
            break;
        case 'S': o->config.secure_cookie = 1; break;
        case 'F':
            if (o->nfoods == 32) return poshan_cli_usage("serve", _("at most 32 --foods files"));
            o->foods[o->nfoods++] = optarg;
            break;
        case 'n': o->norms = optarg; break;
        case 'L': o->plans = optarg; break;
        case 'h': fputs(_(serve_help), stdout); return -1;
        default: return poshan_cli_usage("serve", _("unknown option"));
        }
    }
    if (optind != argc) return poshan_cli_usage("serve", _("unexpected argument '%s'"), argv[optind]);
    return POSHAN_EXIT_OK;
}

/* Serves until SIGTERM or SIGINT. The signals are blocked before the server's
 * threads start (they inherit the mask), so only sigwait here receives them. */
static int serve(serve_options *o) {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    poshan_server *server;
    poshan_error err;
    poshan_status st = poshan_server_start(&o->config, &server, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    printf(_("poshan: serving http://%s%s%s:%u/ (database %s); stop with Ctrl-C or SIGTERM\n"),
           strchr(o->config.bind, ':') ? "[" : "", o->config.bind, strchr(o->config.bind, ':') ? "]" : "",
           (unsigned)poshan_server_port(server), poshan_store_default_path(o->db));
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    fprintf(stderr, _("poshan: stopping; letting %u request(s) in flight finish\n"), poshan_server_in_flight(server));
    poshan_server_stop(server);
    return POSHAN_EXIT_OK;
}

int poshan_cmd_serve(int argc, char **argv) {
    const char *pages = getenv("POSHAN_PAGES");
    serve_options o = {.config = {.bind = "127.0.0.1", .port = 8080, .threads = 4,
                                  .session_lifetime_s = 12 * 3600, .routes = poshan_routes,
                                  .nroutes = poshan_nroutes, .bodies = poshan_route_bodies,
                                  .nbodies = poshan_nroute_bodies}};
    int rc = parse_options(argc, argv, &o);
    if (rc != POSHAN_EXIT_OK) return rc < 0 ? POSHAN_EXIT_OK : rc;
    o.config.pages_dir = o.pages ? o.pages : pages && pages[0] ? pages : POSHAN_WEBDIR;
    char plans_dir[4096];
    snprintf(plans_dir, sizeof plans_dir, "%s/../menus/interventions", poshan_cli_data_dir());
    o.config.plans_dir = o.plans ? o.plans : plans_dir;
    poshan_foods foods = {0};
    poshan_norms norms;
    poshan_store store;
    poshan_lab_limits limits;
    poshan_lab_plausibility plausible;
    char limits_path[4096], plausible_path[4096];
    snprintf(limits_path, sizeof limits_path, "%s/microbial-limits.json", poshan_cli_data_dir());
    snprintf(plausible_path, sizeof plausible_path, "%s/plausibility.json", poshan_cli_data_dir());
    poshan_error err;
    poshan_status st = poshan_cli_load_foods(&foods, o.foods, o.nfoods, &err);
    if (st == POSHAN_OK) st = poshan_cli_load_norms(&norms, o.norms, &err);
    if (st == POSHAN_OK) st = poshan_lab_limits_load(&limits, limits_path, &err);
    if (st == POSHAN_OK) st = poshan_lab_plausibility_load(&plausible, plausible_path, &err);
    /* opened here once to create the tables and report a bad path before serving */
    if (st == POSHAN_OK) st = poshan_store_open(&store, poshan_store_default_path(o.db), &err);
    if (st == POSHAN_OK) poshan_store_close(&store);
    if (st == POSHAN_OK) {
        o.config.db_path = poshan_store_default_path(o.db);
        o.config.db_open = poshan_store_open_connection;
        o.config.foods = &foods;
        o.config.norms = &norms;
        o.config.limits = &limits;
        o.config.plausibility = &plausible;
        /* 32: a dashboard's worth of different flag filters in use at once; 64 MB:
         * about twenty CSV downloads of 100,000 flags (3 MB each) */
        o.config.answers = poshan_answer_cache_new(32, (size_t)64 << 20);
        rc = serve(&o);
        poshan_answer_cache_free(o.config.answers);
    } else {
        rc = poshan_cli_report(st, &err);
    }
    poshan_foods_free(&foods);
    return rc;
}
