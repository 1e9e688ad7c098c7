/* test_attack.c: the server under attack and under load: each attack a tester
 * made on the running system, kept as a test so that it stays refused. The
 * server runs in-process on 127.0.0.1 at a free port and is spoken to over raw
 * sockets (tests/http.h), as an attacker would. */
#include "http.h"
#include "server_helpers.h"
#include "lab_helpers.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "handlers.h"
#include "lab_flags.h"
#include "store.h"

static poshan_foods foods;
static poshan_norms norms;
static poshan_lab_limits limits;
static sqlite3 *db;  /* the test's own connection */
static char *db_path;
static poshan_server *server;
static unsigned short port;
static char advisor[POSHAN_TOKEN_SIZE], lab[POSHAN_TOKEN_SIZE];
static poshan_lab_plausibility plausibility;
static poshan_server_config config;

/* Connections one address may hold in these tests, and the seconds their headers have. */
#define TEST_PER_ADDRESS 6
#define TEST_HEADERS_S 2

#define MITRA_ROW(id) \
    id ",Mitra S K Lab Kolkata,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n"

static void start(const char *pages_dir, const char *plans_dir) {
    poshan_error err;
    config = test_server_config(db_path, &foods, &norms, &limits, &plausibility);
    config.pages_dir = pages_dir;
    config.plans_dir = plans_dir;
    config.per_address_limit = TEST_PER_ADDRESS;
    config.headers_deadline_s = TEST_HEADERS_S;
    config.answers = poshan_answer_cache_new(4, 1 << 20);
    cr_assert_eq(poshan_server_start(&config, &server, &err), POSHAN_OK, "%s", err.message);
    port = poshan_server_port(server);
}

static void stop(void) {
    if (server) poshan_server_stop(server);
    server = NULL;
    poshan_answer_cache_free(config.answers);
}

static void setup(void) {
    poshan_error err;
    test_server_data(&foods, &norms, &limits, &plausibility, &db_path, &db);
    cr_assert_eq(poshan_auth_add_user(db, "asha", POSHAN_ROLE_ADVISOR, NULL, "test", advisor, &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_add_user(db, "mitra", POSHAN_ROLE_LAB, "Mitra S K Lab Kolkata", "test", lab, &err),
                 POSHAN_OK);
    for (int i = 0; i < 2; i++)
        cr_assert_eq(poshan_auth_store_password(db, i ? "mitra" : "asha", TEST_PASSWORD_HASH, "test", &err), POSHAN_OK,
                     "%s", err.message);
    start("web", "menus/interventions");
}

static void teardown(void) {
    stop();
    sqlite3_close(db);
    poshan_foods_free(&foods);
    lab_remove_db(db_path);
}

TestSuite(attack, .init = setup, .fini = teardown, .timeout = 60);

static double count(const char *sql) {
    poshan_store store = {.db = db};
    return lab_query_number(&store, sql);
}

/* Logs in as name from this site; the "Cookie: ..." header line to send back. */
static char *login_cookie(const char *name) {
    char *body = NULL;
    cr_assert(asprintf(&body, "name=%s&password=haldi+chawal+42", name) > 0);
    test_response r = test_http(port, "POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n",
                                body, strlen(body));
    free(body);
    cr_assert_eq(r.status, 303, "%d: %s", r.status, r.body);
    char *set = test_header(&r, "Set-Cookie"), *h = NULL;
    cr_assert_not_null(set);
    cr_assert(asprintf(&h, "Cookie: %.*s\r\n", (int)strcspn(set, ";"), set) > 0);
    free(set);
    test_response_free(&r);
    return h;
}

/* How many "HTTP/1.1 " status lines the raw answer to request holds, and the first status. */
static int answers_to(const char *request, int *status) {
    test_response r = test_raw(port, request, strlen(request));
    *status = r.status;
    int n = 0;
    for (const char *p = r.head; (p = strstr(p, "HTTP/1.1 ")) != NULL; p++) n++;
    for (const char *p = r.body; (p = strstr(p, "HTTP/1.1 ")) != NULL; p++) n++;
    test_response_free(&r);
    return n;
}

/* ---- requests that are not what they seem ---- */

/* 600 arguments filled libmicrohttpd's connection memory: no answer, the
 * connection held 30 s. Now: 400 at once, naming the query. */
Test(attack, six_hundred_query_arguments_are_answered_400_at_once) {
    char *path = NULL;
    size_t size;
    FILE *f = open_memstream(&path, &size);
    fputs("/api/lab/flags?", f);
    for (int i = 0; i < 600; i++) fprintf(f, "%sa%d=1", i ? "&" : "", i);
    fclose(f);
    char *auth = NULL;
    cr_assert(asprintf(&auth, "Authorization: Bearer %s\r\n", advisor) > 0);
    test_response r = test_http(port, "GET", path, auth, NULL, 0);
    cr_assert_eq(r.status, 400, "status %d: %s", r.status, r.body);
    cr_assert(strstr(r.body, "\"query\"") != NULL, "%s", r.body);
    test_response_free(&r);
    free(auth);
    free(path);
}

/* %00 cut a filter's value short; bytes that are not UTF-8 went into answers. */
Test(attack, a_query_argument_with_a_nul_or_bad_bytes_is_400_naming_it) {
    static const char *const paths[] = {"/api/lab/flags?district=Raipur%00x", "/api/lab/flags?district=Raipur%FF"};
    char *auth = NULL;
    cr_assert(asprintf(&auth, "Authorization: Bearer %s\r\n", advisor) > 0);
    for (size_t i = 0; i < 2; i++) {
        test_response r = test_http(port, "GET", paths[i], auth, NULL, 0);
        cr_assert_eq(r.status, 400, "%s: %d %s", paths[i], r.status, r.body);
        cr_assert(strstr(r.body, "\"field\":\t\"district\"") != NULL, "%s", r.body);
        test_response_free(&r);
    }
    free(auth);
}

/* Both headers: a proxy and the server could each read a different body; what
 * follows would be taken for a second request (here, a GET of /). */
Test(attack, content_length_with_transfer_encoding_is_400_and_closes) {
    int status;
    int n = answers_to("POST /api/menu/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                       "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                       "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", &status);
    cr_assert_eq(status, 400);
    cr_assert_eq(n, 1, "the rest was read as a second request");
}

Test(attack, two_different_content_lengths_are_400_and_close) {
    int status;
    int n = answers_to("POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nContent-Length: 41\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
                       "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", &status);
    cr_assert_eq(status, 400);
    cr_assert_eq(n, 1, "the rest was read as a second request");
}

/* 200, 303, 400, 401, 404, 405, 413 and 415 all carry them. */
Test(attack, every_answer_carries_the_security_headers) {
    char *auth = NULL;
    cr_assert(asprintf(&auth, "Authorization: Bearer %s\r\nContent-Type: text/plain\r\n", lab) > 0);
    static const char too_large[] =
        "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 99999\r\n\r\n";
    test_response r[] = {
        test_http(port, "GET", "/login", NULL, NULL, 0),
        test_http(port, "GET", "/", NULL, NULL, 0),
        test_http(port, "GET", "/api/lab/flags?limit=x", "Authorization: Bearer x\r\n", NULL, 0),
        test_http(port, "GET", "/api/lab/flags", NULL, NULL, 0),
        test_http(port, "GET", "/nowhere", NULL, NULL, 0),
        test_http(port, "DELETE", "/login", NULL, NULL, 0),
        test_raw(port, too_large, strlen(too_large)),
        test_http(port, "POST", "/api/lab/ingest", auth, "x", 1),
    };
    static const int statuses[] = {200, 303, 401, 401, 404, 405, 413, 415};
    static const char *const headers[][2] = {{"X-Content-Type-Options", "nosniff"},
                                             {"X-Frame-Options", "SAMEORIGIN"},
                                             {"Referrer-Policy", "same-origin"},
                                             {"Cache-Control", "no-store"}};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        cr_assert_eq(r[i].status, statuses[i], "answer %zu: %d %s", i, r[i].status, r[i].body);
        for (size_t h = 0; h < 4; h++) {
            char *v = test_header(&r[i], headers[h][0]);
            cr_assert(v && strcmp(v, headers[h][1]) == 0, "answer %zu (%d): %s is %s", i, statuses[i],
                      headers[h][0], v ? v : "missing");
            free(v);
        }
        char *csp = test_header(&r[i], "Content-Security-Policy");
        cr_assert(csp && strstr(csp, "frame-ancestors 'self'"), "answer %zu: %s", i, csp ? csp : "no CSP");
        free(csp);
        test_response_free(&r[i]);
    }
    free(auth);
}

/* ---- requests from elsewhere ---- */

/* A page of another site posting rows with the lab clerk's cookie (text/plain
 * needs no preflight): refused whether the browser names the site in Origin or
 * only in Referer; nothing stored. From this site, the same upload is stored. */
Test(attack, a_cookie_ingest_from_another_site_is_403_and_stores_nothing) {
    char *cookie = login_cookie("mitra");
    const char rows[] = LAB_HEADER MITRA_ROW("S-1");
    static const char *const elsewhere[] = {"Origin: https://evil.example\r\n",
                                            "Referer: https://evil.example/page\r\n",
                                            "Origin: null\r\n",
                                            "Origin: http://127.0.0.1.evil.example\r\n"};
    for (size_t i = 0; i < 4; i++) {
        char *h = NULL;
        cr_assert(asprintf(&h, "%s%sContent-Type: text/csv\r\n", cookie, elsewhere[i]) > 0);
        test_response r = test_http(port, "POST", "/api/lab/ingest", h, rows, strlen(rows));
        cr_assert_eq(r.status, 403, "%s: %d %s", elsewhere[i], r.status, r.body);
        cr_assert(strstr(r.body, "another site") != NULL, "%s", r.body);
        test_response_free(&r);
        free(h);
    }
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    char *h = NULL;
    cr_assert(asprintf(&h, "%sOrigin: http://127.0.0.1\r\nContent-Type: text/csv\r\n", cookie) > 0);
    test_response r = test_http(port, "POST", "/api/lab/ingest", h, rows, strlen(rows));
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 1);
    test_response_free(&r);
    free(h);
    free(cookie);
}

Test(attack, a_login_from_another_site_is_403_and_sets_no_cookie) {
    char *body = NULL;
    cr_assert(asprintf(&body, "%s", TEST_LOGIN_BODY("asha")) > 0);
    test_response r = test_http(port, "POST", "/login",
                                "Origin: https://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                                body, strlen(body));
    cr_assert_eq(r.status, 403, "%d %s", r.status, r.body);
    char *cookie = test_header(&r, "Set-Cookie");
    cr_assert_null(cookie, "a cookie was set: %s", cookie);
    cr_assert_eq(count("SELECT count(*) FROM sessions"), 0);
    test_response_free(&r);
    free(body);
}

/* text/plain is what a cross-site form or fetch may send without asking first. */
Test(attack, an_ingest_of_a_type_it_does_not_read_is_415_and_stores_nothing) {
    const char rows[] = LAB_HEADER MITRA_ROW("S-1");
    char *h = NULL;
    cr_assert(asprintf(&h, "Authorization: Bearer %s\r\nContent-Type: text/plain\r\n", lab) > 0);
    test_response r = test_http(port, "POST", "/api/lab/ingest", h, rows, strlen(rows));
    cr_assert_eq(r.status, 415, "%d %s", r.status, r.body);
    cr_assert(strstr(r.body, "text/csv") != NULL, "%s", r.body);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    test_response_free(&r);
    free(h);
}

/* ---- memory and time an attacker can take ---- */

/* 1,500 bad rows: the answer lists the first 1,000, as the command line does,
 * and counts the other 500. */
Test(attack, an_ingest_of_many_bad_rows_lists_a_thousand_and_counts_the_rest) {
    char *text = NULL;
    size_t size;
    FILE *f = open_memstream(&text, &size);
    fputs(LAB_HEADER, f);
    for (int i = 0; i < 1500; i++)
        fprintf(f, "S-%d,Mitra S K Lab Kolkata,22070100101,GPS X,Raipur,Arang,nursery,school,2018-11-05,"
                   "2018-11-08,520.5,14.2,absent,12000,10,monday,\n", i);
    fclose(f);
    char *h = NULL;
    cr_assert(asprintf(&h, "Authorization: Bearer %s\r\nContent-Type: text/csv\r\n", lab) > 0);
    test_response r = test_http(port, "POST", "/api/lab/ingest", h, text, size);
    cr_assert_eq(r.status, 400, "%d", r.status);
    cJSON *doc = cJSON_ParseWithLength(r.body, r.body_size);
    cr_assert_not_null(doc);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "bad_rows")), 1000);
    cr_assert_eq(cJSON_GetObjectItem(doc, "bad_rows_not_listed")->valuedouble, 500);
    cr_assert_eq(cJSON_GetObjectItem(doc, "rows_rejected")->valuedouble, 1500);
    cJSON_Delete(doc);
    test_response_free(&r);
    free(h);
    free(text);
}

/* Headers sent a line a second: each line resets an idle timer, so only a
 * deadline for the whole request ends it. The server closes the connection
 * before the 8 lines are through (the deadline is TEST_HEADERS_S = 2 s). */
Test(attack, a_request_trickling_in_is_closed_at_its_deadline) {
    int fd = test_connect(port);
    const char start_line[] = "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    int closed = test_send(fd, start_line, strlen(start_line)) != 0;
    for (int i = 0; i < 8 && !closed; i++) {
        sleep(1);
        closed = test_send(fd, "X-Slow: 1\r\n", 11) != 0;
    }
    if (!closed) {  /* the last line may still have been taken: the answer, if any, says */
        closed = test_send(fd, "\r\n", 2) != 0;
        test_response r = test_read(fd);
        fd = -1;
        closed = closed || r.status == 0;
        test_response_free(&r);
    }
    if (fd >= 0) close(fd);
    cr_assert(closed, "the request was still being read after 8 s");
}

/* A socket to port from the loopback address source (127.0.0.X). */
static int connect_from(const char *source, unsigned short to) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in from = {.sin_family = AF_INET}, a = {.sin_family = AF_INET, .sin_port = htons(to)};
    inet_pton(AF_INET, source, &from.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    cr_assert_eq(bind(fd, (struct sockaddr *)&from, sizeof from), 0);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

/* One address holding TEST_PER_ADDRESS idle connections gets no more (the next
 * is closed at once), while another address is still served. */
Test(attack, one_address_cannot_take_every_connection) {
    int held[TEST_PER_ADDRESS];
    for (int i = 0; i < TEST_PER_ADDRESS; i++) held[i] = connect_from("127.0.0.2", port);
    usleep(200 * 1000);  /* let the server accept them */
    int extra = connect_from("127.0.0.2", port);
    char c;
    ssize_t n = recv(extra, &c, 1, 0);
    cr_assert_eq(n, 0, "the connection over the limit was not closed (recv %zd)", n);
    close(extra);
    int other = connect_from("127.0.0.3", port);
    const char req[] = "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    cr_assert_eq(test_send(other, req, strlen(req)), 0);
    test_response r = test_read(other);
    cr_assert_eq(r.status, 200);
    test_response_free(&r);
    for (int i = 0; i < TEST_PER_ADDRESS; i++) close(held[i]);
}

/* Another process (here the test's connection) holds the write lock, as a long
 * CLI ingest does: a login (which writes a session) is answered 503 with
 * Retry-After at once, not after the CLI's minutes of waiting, and reads and
 * static files are answered as usual. */
Test(attack, a_held_write_lock_gives_503_with_retry_after_and_reads_still_answer) {
    cr_assert_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    char *body = NULL, *auth = NULL;
    cr_assert(asprintf(&body, "%s", TEST_LOGIN_BODY("asha")) > 0);
    cr_assert(asprintf(&auth, "Authorization: Bearer %s\r\n", advisor) > 0);
    test_response login = test_http(port, "POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n",
                                    body, strlen(body));
    test_response flags = test_http(port, "GET", "/api/lab/flags", auth, NULL, 0);
    test_response css = test_http(port, "GET", "/static/style.css", NULL, NULL, 0);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    cr_assert_eq(login.status, 503, "%d %s", login.status, login.body);
    char *retry = test_header(&login, "Retry-After");
    cr_assert(retry && atoi(retry) > 0, "Retry-After: %s", retry ? retry : "missing");
    cr_assert(strstr(login.body, "busy") != NULL, "%s", login.body);
    cr_assert_eq(flags.status, 200, "%d %s", flags.status, flags.body);
    cr_assert_eq(css.status, 200);
    free(retry);
    test_response_free(&login);
    test_response_free(&flags);
    test_response_free(&css);
    free(body);
    free(auth);
}

/* A FIFO under static/ blocked a worker forever in open(); a regular file
 * beside it is still served. */
Test(attack, a_fifo_under_static_is_not_served_and_blocks_nothing) {
    char dir[] = "/tmp/poshan-pages-XXXXXX", path[256];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/static", dir);
    cr_assert_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/static/pipe.css", dir);
    cr_assert_eq(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/static/ok.css", dir);
    FILE *f = fopen(path, "w");
    fputs("body{}", f);
    fclose(f);
    stop();
    start(dir, "menus/interventions");
    test_response fifo = test_http(port, "GET", "/static/pipe.css", NULL, NULL, 0);
    test_response ok = test_http(port, "GET", "/static/ok.css", NULL, NULL, 0);
    cr_assert_eq(fifo.status, 404, "%d", fifo.status);
    cr_assert_eq(ok.status, 200);
    cr_assert_str_eq(ok.body, "body{}");
    test_response_free(&fifo);
    test_response_free(&ok);
    unlink(path);
    snprintf(path, sizeof path, "%s/static/pipe.css", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/static", dir);
    rmdir(path);
    rmdir(dir);
}

/* A plan file with a list for an object killed the whole server on GET /api/plans. */
Test(attack, a_plan_with_a_list_for_an_object_is_refused_and_the_server_lives) {
    char dir[] = "/tmp/poshan-plans-XXXXXX", path[256];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/bad.json", dir);
    FILE *f = fopen(path, "w");
    fputs("{\"name\": \"x\", \"days\": {\"per_year\": 200}, \"price\": {\"rs\": 1, \"per\": \"school\"},\n"
          " \"attendance\": [1]}\n", f);
    fclose(f);
    stop();
    start("web", dir);
    char *auth = NULL;
    cr_assert(asprintf(&auth, "Authorization: Bearer %s\r\n", advisor) > 0);
    test_response list = test_http(port, "GET", "/api/plans", auth, NULL, 0);
    test_response again = test_http(port, "GET", "/api/plans/bad", auth, NULL, 0);
    /* a bad file among the server's plans is the server's fault: 500, naming it */
    cr_assert_eq(list.status, 500, "%d %s", list.status, list.body);
    cr_assert(strstr(list.body, "\"attendance\"") != NULL, "%s", list.body);
    cr_assert_eq(again.status, 400, "%d %s", again.status, again.body);
    cr_assert(strstr(again.body, "\"attendance\"") != NULL, "%s", again.body);
    test_response_free(&list);
    test_response_free(&again);
    free(auth);
    unlink(path);
    rmdir(dir);
}
