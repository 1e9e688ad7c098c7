/* server.h: the HTTP server (libmicrohttpd) under `poshan serve`.
 *
 * It owns the HTTP mechanics only: listening, a route table (method, path,
 * who may call it, how large a body it takes), authentication of each request
 * (Authorization: Bearer TOKEN, or the browser's session cookie), body limits,
 * static files, error replies, and a graceful stop. What a route does lives in
 * its handler (api_*.c, pages.c); the table itself is in routes.c. */
#ifndef POSHAN_SERVER_H
#define POSHAN_SERVER_H

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stddef.h>

#include "answer_cache.h"
#include "auth.h"
#include "error.h"
#include "foods.h"
#include "i18n.h"
#include "norms.h"

typedef struct poshan_request poshan_request;
typedef void (*poshan_handler)(poshan_request *rq);

typedef enum {
    POSHAN_ROUTE_API,   /* JSON answers and errors; no login gives 401 */
    POSHAN_ROUTE_PAGE   /* HTML answers and errors; no login sends the browser to /login */
} poshan_route_kind;

typedef struct poshan_route {
    const char *method;        /* "GET" or "POST" */
    const char *path;          /* exact; or, ending in '/' (not "/" itself), a prefix taking one NAME segment */
    poshan_route_kind kind;
    poshan_access access;      /* who may call it (auth.h) */
    size_t max_body_bytes;     /* larger bodies get 413 and are not read; 0: no body */
    poshan_handler handler;
} poshan_route;

/* The media types of the body a route reads (space-separated), when not the
 * usual: a form's (urlencoded, multipart) for a page, application/json for the
 * API. A body of another type gets 415 before it is read. */
typedef struct poshan_route_body {
    const char *method, *path;
    const char *types;
} poshan_route_body;

/* Opens (and migrates) a connection to the database at path. */
typedef poshan_status (*poshan_db_open_fn)(const char *path, sqlite3 **out, poshan_error *err);

typedef struct poshan_server_config {
    const char *bind;          /* address to listen on, "127.0.0.1" or "::1" */
    unsigned short port;       /* 0: any free port (poshan_server_port says which) */
    unsigned threads;          /* worker threads (libmicrohttpd thread pool) */
    const char *db_path;       /* each worker thread opens its own connection with db_open */
    poshan_db_open_fn db_open;
    const poshan_foods *foods;
    const poshan_norms *norms;
    const struct poshan_lab_limits *limits;  /* microbial limits for the lab flags (lab_flags.h) */
    const struct poshan_lab_plausibility *plausibility;  /* what a serving can be, for uploads (plausible.h) */
    poshan_answer_cache *answers;  /* answers of GET /api/lab/flags while the data is unchanged; may be NULL */
    const char *pages_dir;     /* page templates, and static/ for files served as they are */
    const char *plans_dir;     /* intervention files (menus/interventions) for /api/plans */
    long session_lifetime_s;
    int secure_cookie;         /* add Secure to the session cookie (behind TLS) */
    const poshan_route *routes;
    size_t nroutes;
    const poshan_route_body *bodies;  /* the routes whose bodies are not the usual (may be NULL) */
    size_t nbodies;
    unsigned per_address_limit;   /* open connections from one address; 0: 64 */
    unsigned headers_deadline_s;  /* seconds a request's headers have to arrive; 0: 10 */
} poshan_server_config;

/* One request as a handler sees it. The reply is set with poshan_reply_*. */
struct poshan_request {
    const poshan_server_config *config;
    const poshan_route *route;
    sqlite3 *db;               /* this worker thread's connection */
    void *connection;          /* the libmicrohttpd connection, for server.c */
    const char *name;          /* NAME of a prefix route (/api/plans/NAME), else NULL */
    const char *body;          /* NUL-terminated; "" when there is none */
    size_t body_size;
    const poshan_user *user;   /* NULL when nobody is logged in (public routes) */
    const char *session;       /* the valid session id from the cookie, else NULL */
    poshan_lang lang;          /* the reader's language: the lang cookie, else Accept-Language */
    char here[1024];           /* this page's path and query, for the language switch to come back to */
    /* the reply */
    unsigned status;
    const char *content_type;
    char *reply;               /* malloc'd, owned by the request */
    size_t reply_size;
    char location[1100];       /* for redirects (the language switch comes back to a page with its query) */
    char cookie[256];          /* Set-Cookie value, or "" */
    char lang_cookie[128];     /* a second Set-Cookie: the language chosen, or "" */
    long retry_after_s;        /* > 0: a Retry-After header (429) */
    char download[128];        /* a file name: the reply is a download of that name */
};

typedef struct poshan_server poshan_server;

/* Seconds a stop waits for the requests in flight before closing them anyway. */
#define POSHAN_SERVER_DRAIN_S 30

/* Starts listening and serving in background threads. */
poshan_status poshan_server_start(const poshan_server_config *config, poshan_server **out,
                                  poshan_error *err);
/* The port actually listened on (useful with port 0). */
unsigned short poshan_server_port(const poshan_server *server);
/* Requests being handled now (headers received, reply not yet sent). */
unsigned poshan_server_in_flight(poshan_server *server);
/* Stops accepting connections, lets the requests in flight finish (up to
 * POSHAN_SERVER_DRAIN_S seconds), then closes everything and frees server. */
void poshan_server_stop(poshan_server *server);

/* ---- for handlers ---- */

/* Takes ownership of body (malloc'd). */
void poshan_reply(poshan_request *rq, unsigned status, const char *content_type, char *body,
                  size_t size);
/* Prints doc as the CLI does (cJSON_Print and a newline) and deletes it. */
void poshan_reply_json(poshan_request *rq, unsigned status, cJSON *doc);
/* {"error", "file", "line", "column", "field"} (null where not known) for API routes;
 * an HTML page for pages. */
void poshan_reply_error(poshan_request *rq, unsigned status, const poshan_error *err);
void poshan_reply_message(poshan_request *rq, unsigned status, const char *field,
                          const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* 303 See Other to location. */
void poshan_reply_redirect(poshan_request *rq, const char *location);
/* Sets (value != NULL) or clears the session cookie on the reply. */
void poshan_reply_session_cookie(poshan_request *rq, const char *value);
/* Remembers lang as the reader's choice (the cookie LANG_COOKIE, a year). */
#define POSHAN_LANG_COOKIE "lang"
void poshan_reply_lang_cookie(poshan_request *rq, poshan_lang lang);
/* The HTTP status for a library status: 400 for bad input, 500 otherwise. */
unsigned poshan_http_status(poshan_status status);

/* A query-string argument, or NULL. */
const char *poshan_request_query(poshan_request *rq, const char *key);
/* A request header's value as sent (not checked: it may be any bytes), or NULL. */
const char *poshan_request_header(poshan_request *rq, const char *name);
/* The address the request came from ("127.0.0.1", "::1"), into buf; "" when unknown.
 * Behind a proxy this is the proxy's. */
const char *poshan_request_address(poshan_request *rq, char *buf, size_t size);
/* A field of a form body (urlencoded or multipart, text or file) as a malloc'd,
 * NUL-terminated copy; filename (may be NULL, size >= 1) gets an upload's file
 * name or "". Returns 0, or -1 when the body has no such field. */
int poshan_request_form(poshan_request *rq, const char *key, char **value, size_t *size,
                        char *filename, size_t filename_size);

/* GET /static/NAME: a file of pages_dir/static, served as it is. */
void poshan_serve_static(poshan_request *rq);

#endif
