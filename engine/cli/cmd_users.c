/* cmd_users.c: `poshan users add` (prints the new token alone on stdout) and `poshan users list`. */
#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "store.h"

static const char users_help[] =
    "usage: poshan users add NAME --role lab|advisor|committee|admin [--lab LABNAME] [--db PATH]\n"
    "       poshan users list [--db PATH] [--format table|json|csv]\n\n"
    "add: creates a user and prints its API token, once, alone on stdout; only a salted\n"
    "hash is kept, so a lost token cannot be shown again (add the user anew under another\n"
    "name). A lab user needs --lab, the lab's name as its results give it.\n"
    "Roles: lab loads its own lab's results; advisor and committee read; admin reads and\n"
    "manages users.\n\n"
    "--db PATH   the database (default $POSHAN_DB, else ./poshan.db)\n";

typedef struct users_options {
    const char *db, *role, *lab;
    poshan_format format;
} users_options;

static int parse_options(int argc, char **argv, users_options *o) {
    static const struct option options[] = {
        {"db", required_argument, 0, 'd'},   {"role", required_argument, 0, 'r'},
        {"lab", required_argument, 0, 'l'},  {"format", required_argument, 0, 'f'},
        {"help", no_argument, 0, 'h'},       {0, 0, 0, 0}};
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (opt) {
        case 'd': o->db = optarg; break;
        case 'r': o->role = optarg; break;
        case 'l': o->lab = optarg; break;
        case 'f':
            if (poshan_cli_format("users", optarg, &o->format)) return POSHAN_EXIT_USAGE;
            break;
        case 'h': fputs(users_help, stdout); return -1;
        default: return poshan_cli_usage("users", "unknown option");
        }
    }
    return POSHAN_EXIT_OK;
}

static int add_user(sqlite3 *db, const char *name, poshan_role role, const users_options *o) {
    struct passwd *pw = getpwuid(geteuid());
    char actor[128], token[POSHAN_TOKEN_SIZE];
    snprintf(actor, sizeof actor, "cli:%s", pw ? pw->pw_name : "unknown");
    poshan_error err;
    poshan_status st = poshan_auth_add_user(db, name, role, o->lab, actor, token, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    puts(token);
    return POSHAN_EXIT_OK;
}

static int list_users(sqlite3 *db, const users_options *o) {
    cJSON *users;
    poshan_error err;
    poshan_status st = poshan_auth_users_json(db, &users, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    if (o->format == POSHAN_FORMAT_JSON) {
        char *text = cJSON_Print(users);
        if (text) puts(text);
        free(text);
    } else {
        static const char *const headers[] = {"name", "role", "lab", "created_at"};
        poshan_table *t = poshan_table_new(4, headers);
        const cJSON *u;
        cJSON_ArrayForEach(u, users) {
            poshan_table_row(t);
            for (size_t i = 0; i < 4; i++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(u, headers[i]);
                poshan_table_cell(t, "%s", cJSON_IsString(v) ? v->valuestring : "");
            }
        }
        poshan_table_print(t, stdout, o->format);
        poshan_table_free(t);
    }
    cJSON_Delete(users);
    return POSHAN_EXIT_OK;
}

int poshan_cmd_users(int argc, char **argv) {
    users_options o = {.format = POSHAN_FORMAT_TABLE};
    int rc = parse_options(argc, argv, &o);
    if (rc != POSHAN_EXIT_OK) return rc < 0 ? POSHAN_EXIT_OK : rc;
    int add = optind < argc && strcmp(argv[optind], "add") == 0;
    int list = optind < argc && strcmp(argv[optind], "list") == 0;
    if (add && argc - optind != 2) return poshan_cli_usage("users", "give exactly one NAME: users add NAME --role ROLE");
    if (list && argc - optind != 1) return poshan_cli_usage("users", "users list takes no NAME");
    if (!add && !list) return poshan_cli_usage("users", "expected `users add NAME --role ROLE` or `users list`");
    poshan_role role = POSHAN_ROLE_ADMIN;
    if (add && (o.role == NULL || poshan_role_parse(o.role, &role) != 0))
        return poshan_cli_usage("users", "--role must be lab, advisor, committee or admin");
    poshan_store store;
    poshan_error err;
    poshan_status st = poshan_store_open(&store, poshan_store_default_path(o.db), &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    rc = add ? add_user(store.db, argv[optind + 1], role, &o) : list_users(store.db, &o);
    poshan_store_close(&store);
    return rc;
}
