/* fuzz_login.c: libFuzzer target for the login form as the server reads it:
 * POST /login with a form-urlencoded body (libmicrohttpd's form parser, then
 * poshan's checks of the name and password), a Cookie header (the session
 * lookup) and an Accept-Language header (also given to the language chooser,
 * poshan_lang_from_accept, directly).
 *
 * The input is three parts, split at the first two newlines: the Cookie
 * value, the Accept-Language value, then the body. The real server runs in
 * this process on a loopback port with a new database, so a crash in any
 * part shows here; an answer of 5xx, or none within 10 s, is a failure too.
 * After the first twenty failed logins from 127.0.0.1 the server refuses
 * further tries before hashing the password (login.h), which keeps this fast.
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "answer_cache.h"
#include "foods.h"
#include "handlers.h"
#include "i18n.h"
#include "lab_flags.h"
#include "server.h"
#include "store.h"

static unsigned short port;

static void start_server(void) {
    static poshan_foods foods;
    static poshan_norms norms;
    static poshan_lab_limits limits;
    static poshan_lab_plausibility plausibility;
    static poshan_server_config config;
    static char db_path[] = "/tmp/poshan-fuzz-login-XXXXXX";
    poshan_error err;
    int fd = mkstemp(db_path);
    if (fd < 0) abort();
    close(fd);
    unlink(db_path);   /* a database that does not exist yet: the store makes it */
    static sqlite3 *db;          /* open for the whole run, as the server's own connections are */
    static poshan_server *server;
    if (poshan_foods_load_default(&foods, "nutrients", &err) != POSHAN_OK ||
        poshan_norms_load(&norms, "nutrients/norms.json", &err) != POSHAN_OK ||
        poshan_lab_limits_load(&limits, "nutrients/microbial-limits.json", &err) != POSHAN_OK ||
        poshan_lab_plausibility_load(&plausibility, "nutrients/plausibility.json", &err) != POSHAN_OK ||
        poshan_store_open_connection(db_path, &db, &err) != POSHAN_OK) {
        fprintf(stderr, "fuzz_login: %s (run from the source folder)\n", err.message);
        abort();
    }
    config = (poshan_server_config){.bind = "127.0.0.1", .port = 0, .threads = 1, .db_path = db_path,
                                    .db_open = poshan_store_open_connection, .foods = &foods, .norms = &norms,
                                    .limits = &limits, .plausibility = &plausibility, .pages_dir = "web",
                                    .plans_dir = "menus/interventions", .session_lifetime_s = 3600,
                                    .routes = poshan_routes, .nroutes = poshan_nroutes,
                                    .bodies = poshan_route_bodies, .nbodies = poshan_nroute_bodies};
    config.answers = poshan_answer_cache_new(1, 1 << 16);
    if (poshan_server_start(&config, &server, &err) != POSHAN_OK) {
        fprintf(stderr, "fuzz_login: %s\n", err.message);
        abort();
    }
    port = poshan_server_port(server);   /* the server runs until the process ends */
}

/* One part of the input, up to the next newline, as a header value: a header
 * cannot hold a line break or a NUL, so those bytes are left out. */
static char *header_part(const uint8_t **data, size_t *size) {
    const uint8_t *nl = memchr(*data, '\n', *size);
    size_t n = nl ? (size_t)(nl - *data) : *size;
    char *value = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; value && i < n; i++)
        if ((*data)[i] != '\r' && (*data)[i] != '\0') value[k++] = (char)(*data)[i];
    if (value) value[k] = '\0';
    *data += nl ? n + 1 : n;
    *size -= nl ? n + 1 : n;
    return value;
}

/* Sends the request and reads the whole answer; its status, or -1 when none came. */
static int exchange(const char *request, size_t request_size, const uint8_t *body, size_t body_size) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval limit = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) abort();
    /* the server may answer (413, 415) and close before the body is all sent */
    if (send(fd, request, request_size, MSG_NOSIGNAL) > 0 && body_size) send(fd, body, body_size, MSG_NOSIGNAL);
    char head[16] = "";
    size_t got = 0;
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
        size_t take = got < sizeof head - 1 ? sizeof head - 1 - got : 0;
        memcpy(head + got, buf, (size_t)n < take ? (size_t)n : take);
        got += (size_t)n;
    }
    close(fd);
    head[got < sizeof head - 1 ? got : sizeof head - 1] = '\0';
    int status;
    return sscanf(head, "HTTP/1.%*d %d", &status) == 1 ? status : -1;
}

static int exchange(const char *request, size_t request_size, const uint8_t *body, size_t body_size);

/* The server starts, and its worker opens its database connection, before the
 * first input: what lives as long as the server is not charged to an input. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    start_server();
    char request[128];
    int n = snprintf(request, sizeof request, "GET /login HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n\r\n", port);
    if (exchange(request, (size_t)n, NULL, 0) != 200) abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *cookie = header_part(&data, &size), *accept = header_part(&data, &size), *request = NULL;
    if (cookie == NULL || accept == NULL) abort();
    poshan_lang lang = poshan_lang_from_accept(accept);
    if (lang != POSHAN_LANG_EN && lang != POSHAN_LANG_HI) abort();
    int n = asprintf(&request,
                     "POST /login HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %zu\r\n%s%s%s%s%s%sConnection: close\r\n\r\n",
                     port, size, cookie[0] ? "Cookie: " : "", cookie, cookie[0] ? "\r\n" : "",
                     accept[0] ? "Accept-Language: " : "", accept, accept[0] ? "\r\n" : "");
    if (n < 0) abort();
    int status = exchange(request, (size_t)n, data, size);
    if (status < 100 || status >= 500) {
        fprintf(stderr, "fuzz_login: the server answered %d\n", status);
        abort();
    }
    free(request);
    free(cookie);
    free(accept);
    return 0;
}
