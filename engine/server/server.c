/* server.c: HTTP mechanics of `poshan serve` on libmicrohttpd (see server.h).
 *
 * A request goes: route lookup (404, 405 with Allow), authentication (a Bearer
 * token or the session cookie), access check (401 or a redirect to /login,
 * 403), declared body size (413, answered before the body is read), then the
 * body is collected up to the route's limit (413 if a chunked body outgrows it)
 * and the handler runs. Handlers never see a request they may not serve.
 *
 * Before any of that, at the request's entry, come the checks every route
 * inherits: too many query arguments (400), ambiguous framing (400, and the
 * connection closed), a state-changing request from another site (403), a body
 * of a type the route does not read (415). A watchdog closes a connection
 * whose request does not arrive in time, however steadily it trickles in. */
#define _GNU_SOURCE
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "html.h"
#include "i18n.h"
#include "text.h"

/* Seconds an idle or stalled connection is kept open. */
#define CONNECTION_TIMEOUT_S 30
/* Open connections at most; more are refused until some close. */
#define CONNECTION_LIMIT 1000
/* Open connections from one address at most (unless the configuration says):
 * twice the benchmark's 32 connections, and a sixteenth of CONNECTION_LIMIT,
 * so one address trickling requests cannot take every connection. */
#define PER_ADDRESS_LIMIT 64
/* Seconds a request's headers have to arrive (from the connection's start or
 * the previous answer), and the whole request with its body: a 64 MB upload at
 * 1 MB/s takes about a minute. */
#define HEADERS_DEADLINE_S 10
#define REQUEST_DEADLINE_S 120
/* Query arguments a request may carry: the flags take nine. More get 400. */
#define MAX_QUERY_ARGUMENTS 64
/* Milliseconds a web request waits for another process's write lock before
 * answering 503 with Retry-After (the CLI waits minutes; a browser should not).
 * Reads never wait: the database is in WAL mode. */
#define WEB_BUSY_TIMEOUT_MS 200
#define RETRY_AFTER_S 2
/* Largest file served from static/ (the style sheet is a few kB). */
#define STATIC_MAX_BYTES (1 << 20)
#define SESSION_COOKIE "poshan_session"
/* Seconds the language chosen is remembered: a year, so a reader chooses once. */
#define LANG_COOKIE_AGE_S (365L * 24 * 3600)

/* Every reply: no sniffing, scripts and frames only from this server, no
 * address of ours sent to another site. */
static const char security_policy[] =
    "default-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";

/* Each worker thread has its own database connection (a connection is not
 * shared between threads: two of them could not each run a transaction). It is
 * opened at the thread's first request and closed when the thread ends. */
/* One open connection, as the watchdog sees it. */
typedef struct arrival {
    struct arrival *prev, *next;
    int fd;
    long long since_ms; /* when the request now arriving began (CLOCK_MONOTONIC) */
    int headers_in;     /* its headers have arrived */
    int arriving;       /* 0 while it is handled or answered: no deadline then */
} arrival;

struct poshan_server {
    struct MHD_Daemon *daemon;
    poshan_server_config config;
    pthread_key_t thread_db;
    pthread_mutex_t lock;
    pthread_cond_t idle;
    unsigned in_flight;
    /* the connections, for the watchdog (guarded by lock) */
    arrival *arrivals;
    pthread_t watchdog;
    pthread_cond_t wake;
    int stopping;
};

/* What the server keeps about one request between libmicrohttpd's calls. */
typedef struct request_state {
    poshan_request rq;
    poshan_user user;
    char session[POSHAN_SESSION_SIZE];
    char allow[64];  /* the methods a known path takes, for 405 */
    char *body;
    size_t size, capacity;
    int too_large;
    int started;         /* the headers have been looked at */
    int too_many_args;   /* the query had more than MAX_QUERY_ARGUMENTS */
    int close;           /* close the connection after the answer */
} request_state;

/* Stand-ins for the route of an unknown path, so that its error takes the
 * form (JSON or HTML) the caller expects. */
static const poshan_route unknown_api = {.kind = POSHAN_ROUTE_API};
static const poshan_route unknown_page = {.kind = POSHAN_ROUTE_PAGE};

unsigned poshan_http_status(poshan_status status) {
    if (status == POSHAN_EBUSY) return MHD_HTTP_SERVICE_UNAVAILABLE;
    return status == POSHAN_EINPUT || status == POSHAN_EUSAGE ? MHD_HTTP_BAD_REQUEST
                                                              : MHD_HTTP_INTERNAL_SERVER_ERROR;
}

/* ---- replies ---------------------------------------------------------------- */

void poshan_reply(poshan_request *rq, unsigned status, const char *content_type, char *body,
                  size_t size) {
    free(rq->reply);
    rq->status = status;
    rq->content_type = content_type;
    rq->reply = body;
    rq->reply_size = size;
}

void poshan_reply_json(poshan_request *rq, unsigned status, cJSON *doc) {
    char *text = cJSON_Print(doc), *line = NULL;
    cJSON_Delete(doc);
    int n = text ? asprintf(&line, "%s\n", text) : -1;
    free(text);
    if (n < 0) poshan_reply(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain", NULL, 0);
    else poshan_reply(rq, status, "application/json", line, (size_t)n);
}

static void reply_error_json(poshan_request *rq, unsigned status, const poshan_error *err) {
    poshan_reply_json(rq, status, poshan_error_json(err));
}

static void reply_error_page(poshan_request *rq, unsigned status, const poshan_error *err) {
    char *message = NULL, *nav = NULL, *page = NULL;
    size_t n, size;
    FILE *f = open_memstream(&message, &n);
    if (f) {
        poshan_html_error(f, err);
        fclose(f);
    }
    f = open_memstream(&nav, &n);
    if (f) {
        poshan_html_lang_switch(f, rq->lang, rq->here);
        poshan_html_nav(f, rq->user);
        fclose(f);
    }
    const poshan_html_var vars[] = {{"title", _("Error")}, {"nav", nav}, {"message", message},
                                    {"lang", poshan_lang_code(rq->lang)}};
    poshan_error ignored;
    if (poshan_html_page(rq->config->pages_dir, "error.html", vars, 4, &page, &size, &ignored) == POSHAN_OK)
        poshan_reply(rq, status, "text/html; charset=utf-8", page, size);
    else  /* the templates are missing: still say what went wrong */
        poshan_reply(rq, status, "text/plain; charset=utf-8", strdup(err->message), strlen(err->message));
    free(message);
    free(nav);
}

void poshan_reply_error(poshan_request *rq, unsigned status, const poshan_error *err) {
    if (rq->route && rq->route->kind == POSHAN_ROUTE_PAGE) reply_error_page(rq, status, err);
    else reply_error_json(rq, status, err);
}

void poshan_reply_message(poshan_request *rq, unsigned status, const char *field, const char *fmt, ...) {
    poshan_error err;
    memset(&err, 0, sizeof err);
    snprintf(err.field, sizeof err.field, "%s", field ? field : "");
    /* a Hindi message is three bytes a letter: cut where a letter ends, never inside one */
    char text[4 * sizeof err.message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    size_t n = poshan_utf8_cut(text, strlen(text), sizeof err.message - 1);
    memcpy(err.message, text, n);
    err.message[n] = '\0';
    poshan_reply_error(rq, status, &err);
}

void poshan_reply_redirect(poshan_request *rq, const char *location) {
    snprintf(rq->location, sizeof rq->location, "%s", location);
    poshan_reply(rq, MHD_HTTP_SEE_OTHER, "text/plain", NULL, 0);
}

void poshan_reply_session_cookie(poshan_request *rq, const char *value) {
    snprintf(rq->cookie, sizeof rq->cookie, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s",
             value ? value : "", value ? rq->config->session_lifetime_s : 0L,
             rq->config->secure_cookie ? "; Secure" : "");
}

void poshan_reply_lang_cookie(poshan_request *rq, poshan_lang lang) {
    /* not HttpOnly: it holds no secret; Lax, so a link from elsewhere still opens in the reader's language */
    snprintf(rq->lang_cookie, sizeof rq->lang_cookie, POSHAN_LANG_COOKIE "=%s; Path=/; SameSite=Lax; Max-Age=%ld%s",
             poshan_lang_code(lang), LANG_COOKIE_AGE_S, rq->config->secure_cookie ? "; Secure" : "");
}

/* ---- request data ----------------------------------------------------------- */

const char *poshan_request_query(poshan_request *rq, const char *key) {
    return MHD_lookup_connection_value(rq->connection, MHD_GET_ARGUMENT_KIND, key);
}

const char *poshan_request_header(poshan_request *rq, const char *name) {
    return MHD_lookup_connection_value(rq->connection, MHD_HEADER_KIND, name);
}

const char *poshan_request_address(poshan_request *rq, char *buf, size_t size) {
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(rq->connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    buf[0] = '\0';
    const struct sockaddr *a = info ? info->client_addr : NULL;
    if (a && a->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)a)->sin_addr, buf, (socklen_t)size);
    else if (a && a->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)a)->sin6_addr, buf, (socklen_t)size);
    return buf;
}

typedef struct form_field {
    const char *key;
    FILE *value;
    char *filename;
    size_t filename_size;
    int found;
} form_field;

static enum MHD_Result on_form_data(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *content_type,
                                    const char *transfer_encoding, const char *data, uint64_t off,
                                    size_t size) {
    (void)kind, (void)content_type, (void)transfer_encoding, (void)off;
    form_field *f = cls;
    if (key == NULL || strcmp(key, f->key) != 0) return MHD_YES;
    if (!f->found && f->filename) snprintf(f->filename, f->filename_size, "%s", filename ? filename : "");
    f->found = 1;
    if (size) fwrite(data, 1, size, f->value);
    return MHD_YES;
}

int poshan_request_form(poshan_request *rq, const char *key, char **value, size_t *size,
                        char *filename, size_t filename_size) {
    form_field f = {.key = key, .filename = filename, .filename_size = filename_size};
    if (filename) filename[0] = '\0';
    /* 4 kB is libmicrohttpd's working buffer, not a limit on the field. */
    struct MHD_PostProcessor *pp = MHD_create_post_processor(rq->connection, 4096, on_form_data, &f);
    if (pp == NULL) return -1;
    f.value = open_memstream(value, size);
    if (f.value == NULL) {
        MHD_destroy_post_processor(pp);
        return -1;
    }
    MHD_post_process(pp, rq->body, rq->body_size);
    MHD_destroy_post_processor(pp);
    fclose(f.value);
    if (!f.found) {
        free(*value);
        *value = NULL;
        return -1;
    }
    return 0;
}

/* ---- static files ------------------------------------------------------------- */

/* A file name of static/: letters, digits, '.', '-', '_', not starting with '.'. */
static int static_name_ok(const char *name) {
    if (name == NULL || name[0] == '\0' || name[0] == '.' || strlen(name) > 64) return 0;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(name);
}

static const char *static_type(const char *name) {
    static const char *const types[][2] = {{".css", "text/css"},       {".js", "text/javascript"},
                                           {".svg", "image/svg+xml"}, {".png", "image/png"},
                                           {".html", "text/html; charset=utf-8"}, {".json", "application/json"}};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i][0]) == 0) return types[i][1];
    return "application/octet-stream";
}

/* Reads pages_dir/static/name without following links; NULL when it is not a
 * regular file. It is opened without blocking: a FIFO or device put there would
 * otherwise hold the worker forever in open or read. */
static char *read_static(const char *pages_dir, const char *name, size_t *size) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/static", pages_dir);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int fd = dfd < 0 ? -1 : openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (dfd >= 0) close(dfd);
    struct stat st;
    char *data = NULL;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= STATIC_MAX_BYTES &&
        (data = malloc((size_t)st.st_size + 1)) != NULL) {
        ssize_t n = read(fd, data, (size_t)st.st_size);
        if (n != st.st_size) {
            free(data);
            data = NULL;
        } else {
            *size = (size_t)n;
        }
    }
    if (fd >= 0) close(fd);
    return data;
}

void poshan_serve_static(poshan_request *rq) {
    size_t size = 0;
    char *data = static_name_ok(rq->name) ? read_static(rq->config->pages_dir, rq->name, &size) : NULL;
    if (data == NULL) poshan_reply_message(rq, MHD_HTTP_NOT_FOUND, "path", _("no such file"));
    else poshan_reply(rq, MHD_HTTP_OK, static_type(rq->name), data, size);
}

/* ---- routing and authentication ------------------------------------------------ */

/* The route for method and url; *path_known tells a 405 from a 404. */
static const poshan_route *find_route(const poshan_server_config *c, const char *method, const char *url,
                                      const char **name, int *path_known, char *allow, size_t allow_size) {
    const poshan_route *found = NULL;
    allow[0] = '\0';
    *path_known = 0;
    for (size_t i = 0; i < c->nroutes; i++) {
        const poshan_route *r = &c->routes[i];
        size_t len = strlen(r->path);
        const char *rest = NULL;
        if (len > 1 && r->path[len - 1] == '/') {  /* a prefix taking one NAME */
            if (strncmp(url, r->path, len) != 0 || url[len] == '\0' || strchr(url + len, '/') != NULL) continue;
            rest = url + len;
        } else if (strcmp(url, r->path) != 0) {
            continue;
        }
        *path_known = 1;
        size_t used = strlen(allow);
        snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "", r->method);
        if (found == NULL && strcmp(method, r->method) == 0) {
            found = r;
            *name = rest;
        }
    }
    return found;
}

static void close_db(void *db) { sqlite3_close(db); }

/* This thread's connection, opened on first use. */
static sqlite3 *thread_db(poshan_server *s, poshan_error *err) {
    sqlite3 *db = pthread_getspecific(s->thread_db);
    if (db == NULL && s->config.db_open(s->config.db_path, &db, err) == POSHAN_OK) {
        sqlite3_busy_timeout(db, WEB_BUSY_TIMEOUT_MS);
        pthread_setspecific(s->thread_db, db);
    }
    return db;
}

/* Fills rs->user from the Bearer token or the session cookie. Returns -1 when a
 * Bearer token was given and is not valid (an outright 401), else 0. */
static int authenticate(request_state *rs, struct MHD_Connection *c, poshan_error *err) {
    sqlite3 *db = rs->rq.db;
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (auth) {
        if (strncmp(auth, "Bearer ", 7) != 0) {
            poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "Authorization",
                             _("send the API token as `Authorization: Bearer TOKEN`"));
            return -1;
        }
        if (poshan_auth_token_user(db, auth + 7, &rs->user, err) != POSHAN_OK) return -1;
        rs->rq.user = &rs->user;
        return 0;
    }
    const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, SESSION_COOKIE);
    if (cookie && poshan_auth_session_user(db, cookie, &rs->user, err) == POSHAN_OK) {
        snprintf(rs->session, sizeof rs->session, "%s", cookie);
        rs->rq.user = &rs->user;
        rs->rq.session = rs->session;
    } else if (cookie) {
        poshan_reply_session_cookie(&rs->rq, NULL);  /* forget a dead cookie */
    }
    return 0;
}

/* ---- checks at the request's entry ------------------------------------------- */

/* Counts the Content-Length and Transfer-Encoding headers of a request. */
typedef struct framing {
    unsigned lengths, encodings;
    const char *length;
    int lengths_differ;
} framing;

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    framing *f = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) f->encodings++;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        if (f->lengths++ && strcmp(f->length, value) != 0) f->lengths_differ = 1;
        f->length = value;
    }
    return MHD_YES;
}

/* A request whose body length two headers tell differently (RFC 9112 6.3):
 * a server and a proxy in front of it could split it into different requests. */
static int ambiguous_framing(struct MHD_Connection *c) {
    framing f = {0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
    return (f.encodings && f.lengths) || f.lengths_differ;
}

/* The first query argument whose name or value holds a NUL (%00) or bytes that
 * are not UTF-8: libmicrohttpd would hand the value on cut at the NUL. */
typedef struct bad_argument {
    char name[64];
    const char *problem;
} bad_argument;

static enum MHD_Result check_argument(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                                      const char *value, size_t value_size) {
    (void)kind;
    bad_argument *b = cls;
    size_t at;
    const char *problem = poshan_text_problem(key, key_size, &at);
    if (problem == NULL && value) problem = poshan_text_problem(value, value_size, &at);
    if (problem == NULL) return MHD_YES;
    b->problem = problem;
    size_t n = poshan_utf8_cut(key, strnlen(key, key_size), sizeof b->name - 1);
    if (poshan_text_problem(key, n, &at)) n = at;  /* the name itself may be what is wrong */
    memcpy(b->name, key, n);
    b->name[n] = '\0';
    return MHD_NO;
}

/* The authority (host[:port]) of an Origin or Referer value, or NULL when it has none. */
static const char *authority(const char *url, size_t *len) {
    const char *p = url ? strstr(url, "://") : NULL;
    if (p == NULL) return NULL;
    p += 3;
    *len = strcspn(p, "/?#");
    return p;
}

/* Whether a browser sent this request from a page of another site: its Origin
 * (or, lacking one, its Referer) names a host other than the one asked. A
 * request with neither comes from a program, judged by its credentials alone. */
static int from_elsewhere(struct MHD_Connection *c) {
    const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    if (origin == NULL) origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_REFERER);
    if (origin == NULL) return 0;
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    size_t len;
    const char *site = authority(origin, &len);  /* "null" (a sandboxed page) has none: elsewhere */
    return site == NULL || host == NULL || strlen(host) != len || strncasecmp(site, host, len) != 0;
}

/* The media types a route reads: as the configuration lists them, or a form's
 * for a page, JSON for the API. */
static const char *route_types(const poshan_server_config *config, const poshan_route *r) {
    for (size_t i = 0; i < config->nbodies; i++)
        if (strcmp(config->bodies[i].method, r->method) == 0 && strcmp(config->bodies[i].path, r->path) == 0)
            return config->bodies[i].types;
    return r->kind == POSHAN_ROUTE_PAGE ? "application/x-www-form-urlencoded multipart/form-data"
                                        : "application/json";
}

/* Whether the Content-Type (when there is one) is a type the route reads. */
static int type_accepted(const poshan_server_config *config, const poshan_route *r, const char *type) {
    if (type == NULL) return 1;
    size_t n = strcspn(type, "; \t");
    for (const char *t = route_types(config, r); *t; ) {
        size_t m = strcspn(t, " ");
        if (m == n && strncasecmp(t, type, n) == 0) return 1;
        t += m;
        while (*t == ' ') t++;
    }
    return 0;
}

/* Decides, from the headers alone, whether the request is refused. Returns 1 and
 * sets the reply when it is. */
static int refuse_early(request_state *rs, struct MHD_Connection *c, const char *method, const char *url) {
    poshan_request *rq = &rs->rq;
    int path_known;
    if (ambiguous_framing(c)) {
        rq->route = strncmp(url, "/api/", 5) == 0 ? &unknown_api : &unknown_page;
        rs->close = 1;
        poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, "Content-Length",
                             _("the request gives its length twice (Content-Length with Transfer-Encoding, "
                             "or two different Content-Lengths): send one"));
        return 1;
    }
    rq->route = find_route(rq->config, method, url, &rq->name, &path_known, rs->allow, sizeof rs->allow);
    if (rq->route == NULL) {
        rq->route = strncmp(url, "/api/", 5) == 0 ? &unknown_api : &unknown_page;
        if (!path_known) {
            poshan_reply_message(rq, MHD_HTTP_NOT_FOUND, "path", _("no such page or API endpoint: %s"), url);
            return 1;
        }
        poshan_reply_message(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "method", _("%s is not allowed here; use %s"),
                             method, rs->allow);
        return 1;
    }
    if (rs->too_many_args) {
        poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, "query", _("the address has more than %d query arguments"),
                             MAX_QUERY_ARGUMENTS);
        return 1;
    }
    bad_argument arg = {.problem = NULL};
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, check_argument, &arg);
    if (arg.problem) {
        poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, arg.name, _("the query argument '%s' holds %s: text "
                             "must be UTF-8 without NUL characters"), arg.name, arg.problem);
        return 1;
    }
    /* A Bearer token is never sent by a browser on its own: only requests that
     * a cookie authenticates, or that log in, can be forged from another site. */
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION) == NULL &&
        from_elsewhere(c)) {
        poshan_reply_message(rq, MHD_HTTP_FORBIDDEN, "Origin",
                             _("this request came from a page of another site; it was refused and nothing "
                             "was changed"));
        return 1;
    }
    poshan_error err;
    if (authenticate(rs, c, &err) != 0) {
        poshan_reply_error(rq, MHD_HTTP_UNAUTHORIZED, &err);
        return 1;
    }
    if (!poshan_auth_allows(rq->user, rq->route->access)) {
        if (rq->user) poshan_reply_message(rq, MHD_HTTP_FORBIDDEN, "role", _("the role %s may not do this"),
                                           poshan_role_name(rq->user->role));
        else if (rq->route->kind == POSHAN_ROUTE_PAGE) poshan_reply_redirect(rq, "/login");
        else poshan_reply_message(rq, MHD_HTTP_UNAUTHORIZED, "Authorization",
                                  _("log in: send `Authorization: Bearer TOKEN` (tokens come from "
                                  "`poshan users add`)"));
        return 1;
    }
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (rq->route->max_body_bytes > 0 && !type_accepted(rq->config, rq->route, type)) {
        poshan_reply_message(rq, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "Content-Type",
                             _("this endpoint reads %s, not %.*s"), route_types(rq->config, rq->route),
                             (int)strcspn(type, ";"), type);
        return 1;
    }
    const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length && strtoull(length, NULL, 10) > rq->route->max_body_bytes) {
        poshan_reply_message(rq, MHD_HTTP_CONTENT_TOO_LARGE, "body",
                             _("the body is larger than the %zu bytes this endpoint takes"),
                             rq->route->max_body_bytes);
        return 1;
    }
    return 0;
}

/* Appends upload data to the body, or marks the request too large. */
static void collect(request_state *rs, const char *data, size_t size) {
    if (rs->too_large || rs->size + size > rs->rq.route->max_body_bytes) {
        rs->too_large = 1;
        return;
    }
    if (rs->size + size + 1 > rs->capacity) {
        size_t cap = rs->capacity ? rs->capacity : 4096;
        while (cap < rs->size + size + 1) cap *= 2;
        char *bigger = realloc(rs->body, cap);
        if (bigger == NULL) {
            rs->too_large = 1;
            return;
        }
        rs->body = bigger;
        rs->capacity = cap;
    }
    memcpy(rs->body + rs->size, data, size);
    rs->size += size;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, request_state *rs) {
    const poshan_request *rq = &rs->rq;
    struct MHD_Response *resp = MHD_create_response_from_buffer(rq->reply_size, rq->reply ? rq->reply : "",
                                                                 MHD_RESPMEM_MUST_COPY);
    if (resp == NULL) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rq->content_type ? rq->content_type : "text/plain");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Content-Security-Policy", security_policy);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(resp, "X-Frame-Options", "SAMEORIGIN");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    if (rs->close) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    if (rq->status == MHD_HTTP_SEE_OTHER) MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, rq->location);
    if (rq->status == MHD_HTTP_METHOD_NOT_ALLOWED) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rq->status == MHD_HTTP_UNAUTHORIZED) MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    if (rq->cookie[0]) MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, rq->cookie);
    if (rq->lang_cookie[0]) MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, rq->lang_cookie);
    /* the same address answers English or Hindi: no cache between us and the
     * reader may give one reader's language to another */
    MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Language, Cookie");
    /* a 429 says when its limit lifts; a 503 (the write lock held) to try again shortly */
    long retry_s = rq->retry_after_s > 0 ? rq->retry_after_s
                   : rq->status == MHD_HTTP_SERVICE_UNAVAILABLE ? RETRY_AFTER_S : 0;
    if (retry_s > 0) {
        char seconds[32];
        snprintf(seconds, sizeof seconds, "%ld", retry_s);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, seconds);
    }
    if (rq->download[0]) {
        char disposition[160];
        snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", rq->download);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disposition);
    }
    enum MHD_Result ok = MHD_queue_response(c, rq->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

/* ---- arrival deadlines ---------------------------------------------------------- */

static long long monotonic_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

/* The connection's arrival record (call with the lock held), or NULL. */
static arrival *connection_arrival(struct MHD_Connection *c) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

/* Keeps the list of open connections: one record from their start to their close. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe) {
    poshan_server *s = cls;
    pthread_mutex_lock(&s->lock);
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        arrival *a = info ? calloc(1, sizeof *a) : NULL;
        if (a) {
            *a = (arrival){NULL, s->arrivals, info->connect_fd, monotonic_ms(), 0, 1};
            if (s->arrivals) s->arrivals->prev = a;
            s->arrivals = a;
        }
        *socket_context = a;
    } else if (*socket_context) {  /* closed: forgotten before libmicrohttpd closes its socket */
        arrival *a = *socket_context;
        if (a->prev) a->prev->next = a->next;
        else s->arrivals = a->next;
        if (a->next) a->next->prev = a->prev;
        free(a);
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&s->lock);
}

/* Once a second, shuts the socket of every connection whose request has not
 * arrived in time; libmicrohttpd then sees it closed and lets it go. An idle
 * timer alone would be reset by each byte of a request sent a line at a time. */
static void *watchdog(void *arg) {
    poshan_server *s = arg;
    unsigned headers_s = s->config.headers_deadline_s ? s->config.headers_deadline_s : HEADERS_DEADLINE_S;
    pthread_mutex_lock(&s->lock);
    while (!s->stopping) {
        struct timespec tick;
        clock_gettime(CLOCK_REALTIME, &tick);
        tick.tv_sec += 1;
        pthread_cond_timedwait(&s->wake, &s->lock, &tick);
        long long now = monotonic_ms();
        for (arrival *a = s->arrivals; a; a = a->next) {
            long long allowed_ms = 1000LL * (a->headers_in ? REQUEST_DEADLINE_S : headers_s);
            if (a->arriving && now - a->since_ms >= allowed_ms) {
                shutdown(a->fd, SHUT_RDWR);
                a->arriving = 0;
            }
        }
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Cuts the query of uri (the connection's own buffer, before libmicrohttpd
 * splits it) after MAX_QUERY_ARGUMENTS arguments; 1 when it had more. Without
 * the cut, libmicrohttpd would fill its connection memory with them and leave
 * the request unanswered. */
static int cut_query(char *uri) {
    char *p = strchr(uri, '?');
    for (int n = 1; p && (p = strchr(p + 1, '&')) != NULL; n++)
        if (n == MAX_QUERY_ARGUMENTS) {
            *p = '\0';
            return 1;
        }
    return 0;
}

/* Called with the request line, before its arguments are parsed: the request's
 * state starts here. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
    (void)cls, (void)c;
    request_state *rs = calloc(1, sizeof *rs);
    if (rs) rs->too_many_args = cut_query((char *)uri);
    return rs;
}

/* Appends one query argument, percent-encoded, to the request's here (dropped when it does not fit). */
static enum MHD_Result add_here_argument(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    poshan_request *rq = cls;
    const char *const kv[] = {key};
    const char *const vv[] = {value ? value : ""};
    char *pair = poshan_url_query(kv, vv, 1);
    size_t used = strlen(rq->here);
    if (pair && pair[0] && used + strlen(pair) + 2 < sizeof rq->here)
        snprintf(rq->here + used, sizeof rq->here - used, "%s%s", strchr(rq->here, '?') ? "&" : "?", pair);
    free(pair);
    return MHD_YES;
}

/* The reader's language: the one they chose (the lang cookie) over the one
 * their browser asks for (Accept-Language); English when neither says. And
 * the address to come back to after switching: this page, with its query
 * when it is a GET (a form's answer comes back as its empty form). */
static void choose_language(poshan_request *rq, struct MHD_Connection *c, const char *method, const char *url) {
    const char *chosen = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, POSHAN_LANG_COOKIE);
    if (chosen == NULL || poshan_lang_parse(chosen, &rq->lang) != 0)
        rq->lang = poshan_lang_from_accept(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                                      MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
    snprintf(rq->here, sizeof rq->here, "%s", strlen(url) < sizeof rq->here / 2 ? url : "/");
    if (strcmp(method, "GET") == 0) MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_here_argument, rq);
}

static enum MHD_Result serve(poshan_server *s, struct MHD_Connection *c, const char *url, const char *method,
                             const char *data, size_t *data_size, request_state *rs);

/* Every call for a request speaks the reader's language on this worker
 * thread (i18n.h), and gives the thread back as it was. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *data_size, void **state) {
    (void)version;
    request_state *rs = *state;
    if (rs == NULL) return MHD_NO;  /* out of memory when the request line came */
    if (!rs->started) choose_language(&rs->rq, c, method, url);
    locale_t previous = poshan_lang_begin(rs->rq.lang);
    enum MHD_Result r = serve(cls, c, url, method, data, data_size, rs);
    poshan_lang_end(previous);
    return r;
}

static enum MHD_Result serve(poshan_server *s, struct MHD_Connection *c, const char *url, const char *method,
                             const char *data, size_t *data_size, request_state *rs) {
    if (!rs->started) {  /* headers only: decide whether to go on */
        rs->started = 1;
        rs->rq.config = &s->config;
        rs->rq.connection = c;
        pthread_mutex_lock(&s->lock);
        s->in_flight++;
        arrival *a = connection_arrival(c);
        if (a) a->headers_in = 1;
        pthread_mutex_unlock(&s->lock);
        poshan_error err;
        if ((rs->rq.db = thread_db(s, &err)) == NULL) {
            rs->rq.route = &unknown_api;
            poshan_reply_error(&rs->rq, MHD_HTTP_SERVICE_UNAVAILABLE, &err);
            return send_reply(c, rs);
        }
        if (refuse_early(rs, c, method, url)) return send_reply(c, rs);
        return MHD_YES;
    }
    if (rs->rq.status != 0) {  /* refused from the headers: the body is not read */
        *data_size = 0;
        return MHD_YES;
    }
    if (*data_size) {
        collect(rs, data, *data_size);
        *data_size = 0;
        return MHD_YES;
    }
    pthread_mutex_lock(&s->lock);  /* the request has arrived: no deadline while it is handled */
    arrival *a = connection_arrival(c);
    if (a) a->arriving = 0;
    pthread_mutex_unlock(&s->lock);
    poshan_request *rq = &rs->rq;
    if (rs->too_large) {
        poshan_reply_message(rq, MHD_HTTP_CONTENT_TOO_LARGE, "body",
                             _("the body is larger than the %zu bytes this endpoint takes"),
                             rq->route->max_body_bytes);
    } else {
        rq->body = rs->body ? rs->body : "";
        if (rs->body) rs->body[rs->size] = '\0';
        rq->body_size = rs->size;
        rq->route->handler(rq);
        if (rq->status == 0) poshan_reply_message(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL, _("no reply was made"));
    }
    return send_reply(c, rs);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode why) {
    (void)why;
    poshan_server *s = cls;
    request_state *rs = *state;
    if (rs == NULL) return;
    int started = rs->started;
    free(rs->rq.reply);
    free(rs->body);
    free(rs);
    *state = NULL;
    pthread_mutex_lock(&s->lock);
    if (started && --s->in_flight == 0) pthread_cond_broadcast(&s->idle);
    arrival *a = connection_arrival(c);
    if (a) *a = (arrival){a->prev, a->next, a->fd, monotonic_ms(), 0, 1};  /* the next request's clock starts */
    pthread_mutex_unlock(&s->lock);
}

/* ---- start and stop ----------------------------------------------------------- */

poshan_status poshan_server_start(const poshan_server_config *config, poshan_server **out,
                                  poshan_error *err) {
    struct sockaddr_storage addr;
    memset(&addr, 0, sizeof addr);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
    if (inet_pton(AF_INET, config->bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(config->port);
    } else if (inet_pton(AF_INET6, config->bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(config->port);
        flags |= MHD_USE_IPv6;
    } else {
        return poshan_error_set(err, POSHAN_EUSAGE, NULL, 0, "bind",
                                "'%s' is not an IP address (for example 127.0.0.1 or ::1)", config->bind);
    }
    poshan_server *s = calloc(1, sizeof *s);
    if (s == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
    s->config = *config;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->idle, NULL);
    pthread_cond_init(&s->wake, NULL);
    pthread_key_create(&s->thread_db, close_db);
    s->daemon = MHD_start_daemon(flags, config->port, NULL, NULL, on_request, s,
                                 MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                 MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(config->threads ? config->threads : 1),
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT_S,
                                 MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT,
                                 MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                                 config->per_address_limit ? config->per_address_limit : (unsigned)PER_ADDRESS_LIMIT,
                                 MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
                                 MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
                                 MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    int e = errno;
    if (s->daemon != NULL && pthread_create(&s->watchdog, NULL, watchdog, s) != 0) {
        e = errno;
        MHD_stop_daemon(s->daemon);
        s->daemon = NULL;
    }
    if (s->daemon == NULL) {
        pthread_key_delete(s->thread_db);
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->idle);
        pthread_cond_destroy(&s->wake);
        free(s);
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "port",
                                "cannot listen on %s port %u (%s): is another server using it?",
                                config->bind, (unsigned)config->port, strerror(e));
    }
    *out = s;
    return POSHAN_OK;
}

unsigned short poshan_server_port(const poshan_server *s) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

unsigned poshan_server_in_flight(poshan_server *s) {
    pthread_mutex_lock(&s->lock);
    unsigned n = s->in_flight;
    pthread_mutex_unlock(&s->lock);
    return n;
}

void poshan_server_stop(poshan_server *s) {
    MHD_socket listener = MHD_quiesce_daemon(s->daemon);
    if (listener != MHD_INVALID_SOCKET) close(listener);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += POSHAN_SERVER_DRAIN_S;
    pthread_mutex_lock(&s->lock);
    while (s->in_flight > 0 && pthread_cond_timedwait(&s->idle, &s->lock, &deadline) != ETIMEDOUT) {
    }
    s->stopping = 1;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->watchdog, NULL);
    MHD_stop_daemon(s->daemon);  /* joins the workers: their connections close */
    pthread_key_delete(s->thread_db);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->idle);
    pthread_cond_destroy(&s->wake);
    free(s);
}
