/* cmd_users.c: `poshan users add|token|passwd|revoke|list`: a new token is
 * printed alone on stdout; a password is read from standard input. */
#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"
#include "i18n.h"
#include "login.h"
#include "store.h"

static const char users_help[] = N_(
    "usage: poshan users add NAME --role lab|advisor|committee|admin [--lab LABNAME] [--db PATH]\n"
    "       poshan users token NAME [--db PATH]\n"
    "       poshan users passwd NAME [--db PATH] < file-with-the-password\n"
    "       poshan users revoke NAME [--db PATH]\n"
    "       poshan users list [--db PATH] [--format table|json|csv]\n\n"
    "add: creates a user and prints its API token, once, alone on stdout; only a salted\n"
    "hash is kept, so a lost token cannot be shown again. A lab user needs --lab, the\n"
    "lab's name as its results give it.\n"
    "token: a new API token for NAME, printed once; the old one stops working at once.\n"
    "passwd: the password NAME logs in to the pages with (8 to 256 characters), read\n"
    "from the first line of standard input (typed unseen on a terminal); only an Argon2id\n"
    "hash is kept.\n"
    "revoke: NAME's token, password and browser sessions end at once; NAME stays in the\n"
    "list and the audit, revoked, until given a new token or password.\n"
    "list: every user with role, lab, state (active or revoked), whether a password is\n"
    "set, and the last use (to the minute).\n"
    "Roles: lab loads its own lab's results; advisor and committee read; admin reads and\n"
    "manages users.\n\n"
    "--db PATH   the database (default $POSHAN_DB, else ./poshan.db)\n");

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
        case 'h': fputs(_(users_help), stdout); return -1;
        default: return poshan_cli_usage("users", _("unknown option"));
        }
    }
    return POSHAN_EXIT_OK;
}

/* "cli:" and the operating system's name of who runs the command, for the audit. */
static void cli_actor(char *actor, size_t size) {
    struct passwd *pw = getpwuid(geteuid());
    snprintf(actor, size, "cli:%s", pw ? pw->pw_name : "unknown");
}

static int add_user(sqlite3 *db, const char *name, poshan_role role, const users_options *o) {
    char actor[128], token[POSHAN_TOKEN_SIZE];
    cli_actor(actor, sizeof actor);
    poshan_error err;
    poshan_status st = poshan_auth_add_user(db, name, role, o->lab, actor, token, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    puts(token);
    return POSHAN_EXIT_OK;
}

static int new_token(sqlite3 *db, const char *name) {
    char actor[128], token[POSHAN_TOKEN_SIZE];
    cli_actor(actor, sizeof actor);
    poshan_error err;
    poshan_status st = poshan_auth_new_token(db, name, actor, token, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    puts(token);
    return POSHAN_EXIT_OK;
}

static int revoke_user(sqlite3 *db, const char *name) {
    char actor[128];
    cli_actor(actor, sizeof actor);
    poshan_error err;
    poshan_status st = poshan_auth_revoke(db, name, actor, &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    fprintf(stderr, _("poshan: %s is revoked: token, password and sessions no longer work\n"), name);
    return POSHAN_EXIT_OK;
}

/* The first line of standard input without its line end, into buf; on a
 * terminal, asked for and read without echo. -1 when nothing could be read. */
static int read_password(const char *name, char *buf, size_t size) {
    struct termios before, quiet;
    int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &before) == 0;
    if (tty) {
        fprintf(stderr, _("password for %s: "), name);
        quiet = before;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *line = fgets(buf, (int)size, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
        fputc('\n', stderr);
    }
    if (line == NULL) return -1;
    buf[strcspn(buf, "\r\n")] = '\0';
    return 0;
}

static int set_password(sqlite3 *db, const char *name) {
    char actor[128], password[4 * POSHAN_PASSWORD_MAX_CHARS + 2];
    cli_actor(actor, sizeof actor);
    if (read_password(name, password, sizeof password) != 0)
        return poshan_cli_usage("users", _("give the password on standard input: "
                                         "poshan users passwd %s < file"), name);
    poshan_error err;
    poshan_status st = poshan_auth_set_password(db, name, password, actor, &err);
    explicit_bzero(password, sizeof password);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    fprintf(stderr, _("poshan: %s's password is set; their other browser sessions ended\n"), name);
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
        static const char *const headers[] = {"name", "role", "lab", "state", "password", "last_used_at",
                                              "created_at"};
        enum { NCOLUMNS = sizeof headers / sizeof headers[0] };
        poshan_table *t = poshan_table_new(NCOLUMNS, headers);
        const cJSON *u;
        cJSON_ArrayForEach(u, users) {
            poshan_table_row(t);
            for (size_t i = 0; i < NCOLUMNS; i++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(u, headers[i]);
                if (cJSON_IsBool(v)) poshan_table_cell(t, "%s", cJSON_IsTrue(v) ? "set" : "none");
                else if (cJSON_IsNull(v) && strcmp(headers[i], "last_used_at") == 0) poshan_table_cell(t, "never");
                else poshan_table_cell(t, "%s", cJSON_IsString(v) ? v->valuestring : "");
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
    static const char *const actions[] = {"add", "token", "passwd", "revoke", "list"};
    const char *action = optind < argc ? argv[optind] : "";
    size_t a = 0;
    while (a < 5 && strcmp(action, actions[a]) != 0) a++;
    if (a == 5)
        return poshan_cli_usage("users", _("expected users add, token, passwd, revoke or list, not '%s'"), action);
    int add = a == 0, list = a == 4;
    if (!list && argc - optind != 2) return poshan_cli_usage("users", _("give exactly one NAME: users %s NAME"), action);
    if (list && argc - optind != 1) return poshan_cli_usage("users", _("users list takes no NAME"));
    if (!add && o.role) return poshan_cli_usage("users", _("--role is for users add only"));
    if (!add && o.lab) return poshan_cli_usage("users", _("--lab is for users add only"));
    poshan_role role = POSHAN_ROLE_ADMIN;
    if (add && (o.role == NULL || poshan_role_parse(o.role, &role) != 0))
        return poshan_cli_usage("users", _("--role must be lab, advisor, committee or admin"));
    poshan_store store;
    poshan_error err;
    poshan_status st = poshan_store_open(&store, poshan_store_default_path(o.db), &err);
    if (st != POSHAN_OK) return poshan_cli_report(st, &err);
    const char *name = argv[optind + 1];
    switch (a) {
    case 0: rc = add_user(store.db, name, role, &o); break;
    case 1: rc = new_token(store.db, name); break;
    case 2: rc = set_password(store.db, name); break;
    case 3: rc = revoke_user(store.db, name); break;
    default: rc = list_users(store.db, &o);
    }
    poshan_store_close(&store);
    return rc;
}
