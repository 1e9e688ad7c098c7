/* test_server.c: the web server, in-process on 127.0.0.1 at a free port, spoken
 * to over a plain socket (tests/http.h): every role, every hostile case, the
 * pages, and a graceful stop. Expected numbers are worked by hand in test_menu.c:
 * the norm basket gives a primary child 1854.4 kJ / 4.184 + 45 = 488.21 kcal and
 * 12.945 g protein; upper primary is 1.5 times that: 732.32 kcal, 19.4175 g,
 * 0.5825 g short of the 20 g norm. */
#include "http.h"
#include "server_helpers.h"

#include <math.h>
#include <pthread.h>

#include "handlers.h"
#include "login.h"
#include "lab_flags.h"
#include "store.h"

static poshan_foods foods;
static poshan_norms norms;
static poshan_lab_limits limits;
static poshan_lab_plausibility plausibility;
static sqlite3 *db;          /* the test's own connection; the server's threads open theirs */
static char *db_path;
static poshan_server *server;
static unsigned short port;
static char admin[POSHAN_TOKEN_SIZE], advisor[POSHAN_TOKEN_SIZE], committee[POSHAN_TOKEN_SIZE],
    lab[POSHAN_TOKEN_SIZE];
static poshan_server_config config;

/* The columns of a lab CSV, as tests/fixtures/lab/good.csv has them. */
#define LAB_CSV_HEADER                                                                           \
    "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on," \
    "energy_kcal,protein_g,e_coli,total_plate_count_cfu_g,coliforms_cfu_g,menu_day,remarks\n"

static void add_user(const char *name, poshan_role role, const char *lab_name, char *token) {
    test_add_user(db, name, role, lab_name, token);
}

static void setup(void) {
    poshan_error err;
    test_server_data(&foods, &norms, &limits, &plausibility, &db_path, &db);
    add_user("root", POSHAN_ROLE_ADMIN, NULL, admin);
    add_user("asha", POSHAN_ROLE_ADVISOR, NULL, advisor);
    add_user("ssmc", POSHAN_ROLE_COMMITTEE, NULL, committee);
    add_user("mitra", POSHAN_ROLE_LAB, "Mitra S K Lab Kolkata", lab);
    config = test_server_config(db_path, &foods, &norms, &limits, &plausibility);
    config.answers = poshan_answer_cache_new(4, 1 << 20);
    cr_assert_eq(poshan_server_start(&config, &server, &err), POSHAN_OK, "%s", err.message);
    port = poshan_server_port(server);
    cr_assert(port > 0);
}

static void teardown(void) {
    if (server) poshan_server_stop(server);
    poshan_answer_cache_free(config.answers);
    sqlite3_close(db);
    poshan_foods_free(&foods);
    test_remove_db(db_path);
    free(db_path);
}

TestSuite(server, .init = setup, .fini = teardown, .timeout = 60);

static long long count(const char *sql) { return test_count(db, sql); }

static char *bearer(const char *token) {
    char *h = NULL;
    cr_assert(asprintf(&h, "Authorization: Bearer %s\r\n", token) > 0);
    return h;
}

/* POSTs the shipped norm basket to the menu API with token. */
static test_response post_menu(const char *path, const char *token) {
    char *text, *auth = token ? bearer(token) : NULL;
    size_t size;
    poshan_error err;
    cr_assert_eq(poshan_read_file("menus/norm-basket.json", &text, &size, &err), POSHAN_OK);
    test_response r = test_http(port, "POST", path, auth, text, size);
    free(text);
    free(auth);
    return r;
}

static cJSON *json_body(const test_response *r) {
    cJSON *doc = cJSON_ParseWithLength(r->body, r->body_size);
    cr_assert_not_null(doc, "not JSON: %s", r->body);
    return doc;
}

static double number_at(const cJSON *o, const char *const *path, size_t n) {
    for (size_t i = 0; i < n; i++) o = cJSON_GetObjectItemCaseSensitive(o, path[i]);
    cr_assert(cJSON_IsNumber(o));
    return o->valuedouble;
}

/* Asserts a JSON error reply with this status and field. */
static void expect_json_error(test_response *r, int status, const char *field) {
    cr_assert_eq(r->status, status, "status %d: %s", r->status, r->body);
    cJSON *doc = json_body(r);
    cr_assert(cJSON_IsString(cJSON_GetObjectItem(doc, "error")));
    cr_assert(cJSON_HasObjectItem(doc, "file") && cJSON_HasObjectItem(doc, "line") && cJSON_HasObjectItem(doc, "column"));
    const cJSON *f = cJSON_GetObjectItem(doc, "field");
    if (field) cr_assert_str_eq(f->valuestring, field);
    else cr_assert(cJSON_IsNull(f));
    cJSON_Delete(doc);
    test_response_free(r);
}

/* ---- the menu API ---- */

Test(server, menu_evaluate_answers_exactly_the_cli_json) {
    test_response r = post_menu("/api/menu/evaluate", advisor);
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *cli;
    cr_assert_eq(test_run_poshan("menu evaluate menus/norm-basket.json --format json", &cli, NULL), 0);
    cr_assert_str_eq(r.body, cli);
    char *type = test_header(&r, "Content-Type");
    cr_assert_str_eq(type, "application/json");
    free(type);
    free(cli);
    test_response_free(&r);
}

Test(server, menu_evaluate_gives_hand_worked_values) {
    test_response r = post_menu("/api/menu/evaluate", committee);
    cr_assert_eq(r.status, 200);
    cJSON *doc = json_body(&r);
    const char *energy[] = {"levels", "primary", "week", "energy_kcal"};
    const char *protein[] = {"levels", "primary", "week", "protein_g"};
    cr_assert_float_eq(number_at(doc, energy, 4), 1854.4 / 4.184 + 45, 1e-9);
    cr_assert_float_eq(number_at(doc, protein, 4), 12.945, 1e-9);
    cJSON_Delete(doc);
    test_response_free(&r);
}

Test(server, menu_evaluate_level_query_gives_that_level_only) {
    test_response r = post_menu("/api/menu/evaluate?level=upper_primary", admin);
    cr_assert_eq(r.status, 200);
    cJSON *doc = json_body(&r);
    cr_assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "levels"), "primary"));
    const char *shortfall[] = {"levels", "upper_primary", "week", "protein_shortfall_g"};
    cr_assert_float_eq(number_at(doc, shortfall, 4), 20 - 1.5 * 12.945, 1e-9);
    cJSON_Delete(doc);
    test_response_free(&r);
}

Test(server, menu_evaluate_unknown_level_is_400) {
    test_response r = post_menu("/api/menu/evaluate?level=secondary", advisor);
    expect_json_error(&r, 400, "level");
}

Test(server, lab_token_may_not_evaluate_menus) {
    test_response r = post_menu("/api/menu/evaluate", lab);
    expect_json_error(&r, 403, "role");
}

Test(server, missing_token_is_401_asking_for_bearer) {
    test_response r = post_menu("/api/menu/evaluate", NULL);
    char *challenge = test_header(&r, "WWW-Authenticate");
    cr_assert_str_eq(challenge, "Bearer");
    free(challenge);
    expect_json_error(&r, 401, "Authorization");
}

Test(server, changed_token_is_401) {
    char forged[POSHAN_TOKEN_SIZE];
    memcpy(forged, advisor, sizeof forged);
    forged[40] = forged[40] == 'a' ? 'b' : 'a';
    test_response r = post_menu("/api/menu/evaluate", forged);
    expect_json_error(&r, 401, "token");
}

Test(server, non_bearer_authorization_is_401) {
    const char body[] = "{}";
    test_response r = test_http(port, "POST", "/api/menu/evaluate", "Authorization: Basic YWRtaW46YWRtaW4=\r\n",
                                body, 2);
    expect_json_error(&r, 401, "Authorization");
}

Test(server, malformed_json_is_400_with_line_and_column) {
    /* the comma after "x" is missing: the error is where "days" starts, line 3 column 3 */
    const char body[] = "{\n  \"name\": \"x\"\n  \"days\": []\n}\n";
    char *auth = bearer(advisor);
    test_response r = test_http(port, "POST", "/api/menu/evaluate", auth, body, strlen(body));
    free(auth);
    cr_assert_eq(r.status, 400);
    cJSON *doc = json_body(&r);
    cr_assert_str_eq(cJSON_GetObjectItem(doc, "file")->valuestring, "request body");
    cr_assert_eq(cJSON_GetObjectItem(doc, "line")->valueint, 3);
    cr_assert_eq(cJSON_GetObjectItem(doc, "column")->valueint, 3);
    cJSON_Delete(doc);
    test_response_free(&r);
}

Test(server, unknown_food_is_400_naming_day_dish_and_field) {
    const char body[] = "{\"name\": \"m\", \"days\": [{\"day\": \"Monday\", \"dishes\": [{\"name\": \"Dal\", "
                        "\"ingredients\": [{\"food\": \"ZZZ9\", \"grams\": 20}]}]}]}";
    char *auth = bearer(advisor);
    test_response r = test_http(port, "POST", "/api/menu/evaluate", auth, body, strlen(body));
    free(auth);
    cr_assert_eq(r.status, 400);
    cJSON *doc = json_body(&r);
    const char *field = cJSON_GetObjectItem(doc, "field")->valuestring;
    cr_assert(strstr(field, "Monday") && strstr(field, "Dal"), "%s", field);
    cr_assert(strstr(cJSON_GetObjectItem(doc, "error")->valuestring, "ZZZ9"));
    cJSON_Delete(doc);
    test_response_free(&r);
}

/* ---- hostile requests ---- */

Test(server, declared_oversized_body_is_413_before_it_is_sent) {
    /* 1 MiB + 1 byte declared; only the headers are sent */
    char *req = NULL;
    cr_assert(asprintf(&req, "POST /api/menu/evaluate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                             "Content-Length: %u\r\n\r\n", advisor, (1u << 20) + 1) > 0);
    test_response r = test_raw(port, req, strlen(req));
    free(req);
    expect_json_error(&r, 413, "body");
}

Test(server, chunked_body_outgrowing_the_limit_is_413) {
    /* 17 chunks of 64 KiB = 1088 KiB, over the 1024 KiB limit, with no Content-Length */
    int fd = test_connect(port);
    char *head = NULL;
    cr_assert(asprintf(&head, "POST /api/menu/evaluate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                              "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", advisor) > 0);
    test_send(fd, head, strlen(head));
    free(head);
    static char chunk[65536];
    memset(chunk, ' ', sizeof chunk);
    for (int i = 0; i < 17; i++) {
        test_send(fd, "10000\r\n", 7);
        test_send(fd, chunk, sizeof chunk);
        test_send(fd, "\r\n", 2);
    }
    test_send(fd, "0\r\n\r\n", 5);
    test_response r = test_read(fd);
    expect_json_error(&r, 413, "body");
}

Test(server, wrong_method_is_405_with_allow) {
    test_response r = test_http(port, "DELETE", "/api/menu/evaluate", NULL, NULL, 0);
    char *allow = test_header(&r, "Allow");
    cr_assert_str_eq(allow, "POST");
    free(allow);
    expect_json_error(&r, 405, "method");
}

Test(server, unknown_api_path_is_404_json) {
    test_response r = test_http(port, "GET", "/api/nothing", NULL, NULL, 0);
    expect_json_error(&r, 404, "path");
}

Test(server, path_traversal_gets_no_file) {
    const char *paths[] = {"/static/../Makefile", "/static/..%2fMakefile", "/static/%2e%2e%2fMakefile",
                           "/static/..", "/static/.hidden", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
                           "/static/style.css/..", "/../Makefile"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        test_response r = test_http(port, "GET", paths[i], NULL, NULL, 0);
        cr_assert_eq(r.status, 404, "%s gave %d", paths[i], r.status);
        cr_assert_null(strstr(r.body, "CFLAGS"), "%s", paths[i]);
        cr_assert_null(strstr(r.body, "root:"), "%s", paths[i]);
        test_response_free(&r);
    }
}

Test(server, static_file_is_served_with_its_type) {
    test_response r = test_http(port, "GET", "/static/style.css", NULL, NULL, 0);
    cr_assert_eq(r.status, 200);
    char *type = test_header(&r, "Content-Type");
    cr_assert_str_eq(type, "text/css");
    free(type);
    cr_assert(strstr(r.body, "poshan pages"));
    test_response_free(&r);
}

Test(server, hostile_requests_write_nothing) {
    long long audit = count("SELECT count(*) FROM audit"), sessions = count("SELECT count(*) FROM sessions");
    const char bad_json[] = "{\"name\":";
    char *auth = bearer(advisor), *lab_auth = bearer(lab);
    test_response r[] = {
        test_http(port, "POST", "/api/menu/evaluate", auth, bad_json, strlen(bad_json)),
        test_http(port, "POST", "/api/lab/ingest", lab_auth, "lab,x\n=1,2\n", 11),
        test_http(port, "POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n", "token=psh_x", 11),
        test_http(port, "POST", "/api/users", auth, "{}", 2),
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
        cr_assert(r[i].status >= 400 && r[i].status != 500, "request %zu gave %d", i, r[i].status);
        test_response_free(&r[i]);
    }
    free(auth);
    free(lab_auth);
    cr_assert_eq(count("SELECT count(*) FROM audit"), audit);
    cr_assert_eq(count("SELECT count(*) FROM sessions"), sessions);
    cr_assert_eq(count("SELECT count(*) FROM users"), 4);
}

/* ---- users ---- */

Test(server, users_api_lists_users_for_admin) {
    char *auth = bearer(admin);
    test_response r = test_http(port, "GET", "/api/users", auth, NULL, 0);
    free(auth);
    cr_assert_eq(r.status, 200);
    cJSON *doc = json_body(&r);
    cJSON *users = cJSON_GetObjectItem(doc, "users");
    cr_assert_eq(cJSON_GetArraySize(users), 4);
    cJSON *mitra = cJSON_GetArrayItem(users, 3);
    cr_assert_str_eq(cJSON_GetObjectItem(mitra, "name")->valuestring, "mitra");
    cr_assert_str_eq(cJSON_GetObjectItem(mitra, "lab")->valuestring, "Mitra S K Lab Kolkata");
    cr_assert_null(strstr(r.body, admin + 21), "a token secret leaked");
    cJSON_Delete(doc);
    test_response_free(&r);
}

Test(server, users_api_is_refused_to_every_other_role) {
    const char *tokens[] = {advisor, committee, lab};
    for (size_t i = 0; i < 3; i++) {
        char *auth = bearer(tokens[i]);
        test_response r = test_http(port, "GET", "/api/users", auth, NULL, 0);
        free(auth);
        expect_json_error(&r, 403, "role");
    }
}

Test(server, users_csv_download_neutralises_formulas) {
    char token[POSHAN_TOKEN_SIZE];
    add_user("=HYPERLINK(\"http://x\")", POSHAN_ROLE_LAB, "@SUM(1+1)", token);
    char *auth = bearer(admin);
    test_response r = test_http(port, "GET", "/api/users?format=csv", auth, NULL, 0);
    free(auth);
    cr_assert_eq(r.status, 200);
    /* the quote inside is doubled by CSV quoting; the apostrophe keeps it text */
    cr_assert(strstr(r.body, "\n5,\"'=HYPERLINK(\"\"http://x\"\")\",lab,'@SUM(1+1),"), "%s", r.body);
    test_response_free(&r);
}

/* ---- lab results ---- */

/* POSTs text to /api/lab/ingest (with query, e.g. "?partial=1") as token. */
static test_response post_lab(const char *token, const char *query, const char *text, size_t size) {
    char *auth = bearer(token), *path = NULL;
    cr_assert(asprintf(&path, "/api/lab/ingest%s", query) > 0);
    test_response r = test_http(port, "POST", path, auth, text, size);
    free(auth);
    free(path);
    return r;
}

/* The two samples of Mitra S K Lab Kolkata in tests/fixtures/lab/good.csv, every value valid:
 * S-002 has E. coli present. */
static const char mitra_csv[] = LAB_CSV_HEADER
    "S-001,Mitra S K Lab Kolkata,22070100101,GPS Kharora,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n"
    "S-002,Mitra S K Lab Kolkata,22070100102,GMS Kharora,Raipur,Arang,upper_primary,school,2018-11-05,2018-11-08,650,18.5,present,,,tuesday,\"dal thin, papad served\"\n";

static test_response post_mitra(const char *token, const char *query) {
    return post_lab(token, query, mitra_csv, strlen(mitra_csv));
}

static double json_number(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    cr_assert(cJSON_IsNumber(v), "%s is not a number", key);
    return v->valuedouble;
}

Test(server, a_lab_token_stores_its_own_labs_results_audited) {
    long long audit = count("SELECT count(*) FROM audit");
    test_response r = post_mitra(lab, "");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cJSON *doc = json_body(&r);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(doc, "stored")));
    cr_assert_eq(json_number(doc, "rows_read"), 2);
    cr_assert_eq(json_number(doc, "rows_stored"), 2);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "bad_rows")), 0);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 2);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE who = 'mitra' AND action = 'lab ingest'"
                       " AND detail LIKE '%2 stored%'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM audit"), audit + 1);
    cJSON_Delete(doc);
    test_response_free(&r);
}

Test(server, a_lab_token_of_another_lab_is_403_and_nothing_is_stored) {
    char other[POSHAN_TOKEN_SIZE];
    add_user("anacon", POSHAN_ROLE_LAB, "ANACON Laboratories Nagpur", other);
    long long audit = count("SELECT count(*) FROM audit");
    const char *queries[] = {"", "?partial=1"};
    for (size_t i = 0; i < 2; i++) {
        test_response r = post_mitra(other, queries[i]);
        cr_assert_eq(r.status, 403, "%s", r.body);
        cr_assert(strstr(r.body, "may store only its results"), "%s", r.body);
        test_response_free(&r);
    }
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    cr_assert_eq(count("SELECT count(*) FROM batches"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit"), audit);
}

Test(server, readers_and_admins_cannot_ingest) {
    const char *tokens[] = {advisor, committee, admin};
    for (size_t i = 0; i < 3; i++) {
        test_response r = post_lab(tokens[i], "", LAB_CSV_HEADER, strlen(LAB_CSV_HEADER));
        expect_json_error(&r, 403, "role");
    }
    cr_assert_eq(count("SELECT count(*) FROM batches"), 0);
}

/* Lines 3 and 4 are bad (line 1 is the header): energy is not a number, and
 * "nursery" is no level of norms.json. Both are named; nothing is stored. */
Test(server, a_bad_csv_is_400_naming_every_bad_row_and_stores_nothing) {
    const char text[] = LAB_CSV_HEADER
        "S-1,Mitra S K Lab Kolkata,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n"
        "S-2,Mitra S K Lab Kolkata,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,lots,14.2,absent,12000,10,monday,\n"
        "S-3,Mitra S K Lab Kolkata,22070100101,GPS X,Raipur,Arang,nursery,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n";
    test_response r = post_lab(lab, "", text, strlen(text));
    cr_assert_eq(r.status, 400, "%s", r.body);
    cJSON *doc = json_body(&r);
    cJSON *bad = cJSON_GetObjectItem(doc, "bad_rows");
    cr_assert_eq(cJSON_GetArraySize(bad), 2, "%s", r.body);
    cr_assert_eq(json_number(cJSON_GetArrayItem(bad, 0), "line"), 3);
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(bad, 0), "field")->valuestring, "energy_kcal");
    cr_assert_eq(json_number(cJSON_GetArrayItem(bad, 1), "line"), 4);
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(bad, 1), "field")->valuestring, "level");
    cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(doc, "stored")));
    cr_assert_eq(json_number(doc, "rows_stored"), 0);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE action = 'lab ingest'"), 0);
    cJSON_Delete(doc);
    test_response_free(&r);
}

Test(server, partial_stores_the_good_rows_and_lists_the_bad) {
    const char text[] = LAB_CSV_HEADER
        "S-1,Mitra S K Lab Kolkata,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,12000,10,monday,\n"
        "S-2,Mitra S K Lab Kolkata,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,lots,14.2,absent,12000,10,monday,\n";
    test_response r = post_lab(lab, "?partial=1", text, strlen(text));
    cr_assert_eq(r.status, 200, "%s", r.body);
    cJSON *doc = json_body(&r);
    cr_assert_eq(json_number(doc, "rows_stored"), 1);
    cr_assert_eq(json_number(doc, "rows_rejected"), 1);
    cr_assert_eq(json_number(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "bad_rows"), 0), "line"), 3);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 1);
    cJSON_Delete(doc);
    test_response_free(&r);
}

Test(server, a_duplicate_ingest_is_not_doubled) {
    test_response first = post_mitra(lab, ""), again = post_mitra(lab, "");
    cr_assert_eq(again.status, 200, "%s", again.body);
    cJSON *doc = json_body(&again);
    cr_assert_eq(json_number(doc, "rows_stored"), 0);
    cr_assert_eq(json_number(doc, "rows_already_stored"), 2);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 2);
    cJSON_Delete(doc);
    test_response_free(&first);
    test_response_free(&again);
}

/* The API's JSON equals what `poshan lab ARGS --format json` prints on the same database. */
static void expect_as_the_cli(const char *path, const char *args) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    char *auth = bearer(committee), *cmd = NULL, *out, *errs;
    test_response r = test_http(port, "GET", path, auth, NULL, 0);
    free(auth);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(asprintf(&cmd, "lab %s --format json --db %s", args, db_path) > 0);
    cr_assert_eq(test_run_poshan(cmd, &out, &errs), 0, "%s", errs);
    cJSON *api = json_body(&r), *cli = cJSON_Parse(out);
    cr_assert(cJSON_Compare(api, cli, 1), "API %s\nCLI %s", r.body, out);
    cJSON_Delete(api);
    cJSON_Delete(cli);
    free(cmd);
    free(out);
    free(errs);
    test_response_free(&r);
}

Test(server, flags_are_what_the_command_line_gives) {
    /* the API answers a page of 100 unless limit says otherwise */
    expect_as_the_cli("/api/lab/flags?level=upper_primary&district=Raipur", "flags --level upper_primary --district Raipur --limit 100");
    expect_as_the_cli("/api/lab/flags?limit=1&offset=1", "flags --limit 1 --offset 1");
}

Test(server, summary_is_what_the_command_line_gives) {
    expect_as_the_cli("/api/lab/summary?by=district&from=2018-11-01", "summary --by district --from 2018-11-01");
}

/* S-002 has E. coli present: contamination comes first. */
Test(server, flags_put_the_contaminated_sample_first_for_advisors_and_committees) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    const char *tokens[] = {advisor, committee};
    for (size_t i = 0; i < 2; i++) {
        char *auth = bearer(tokens[i]);
        test_response r = test_http(port, "GET", "/api/lab/flags", auth, NULL, 0);
        free(auth);
        cr_assert_eq(r.status, 200, "%s", r.body);
        cJSON *doc = json_body(&r);
        cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "samples"), 0);
        cr_assert_str_eq(cJSON_GetObjectItem(first, "sample_id")->valuestring, "S-002");
        cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(first, "e_coli_present")));
        cJSON_Delete(doc);
        test_response_free(&r);
    }
}

/* Flags are kept between requests, but an ingest makes the kept answer stale. */
Test(server, flags_answer_the_new_results_after_an_ingest) {
    char *auth = bearer(advisor);
    test_response before = test_http(port, "GET", "/api/lab/flags", auth, NULL, 0);
    cr_assert(strstr(before.body, "\"samples\":\t[]"), "%s", before.body);
    test_response ingest = post_mitra(lab, "");
    test_response after = test_http(port, "GET", "/api/lab/flags", auth, NULL, 0);
    cr_assert(strstr(after.body, "\"S-002\""), "%s", after.body);
    free(auth);
    test_response_free(&before);
    test_response_free(&ingest);
    test_response_free(&after);
}

/* mitra_csv's two samples are in block Arang (S-002 flagged: E. coli); T-1 is
 * in Tilda, 400 kcal for primary, below the 450 kcal norm: flagged too. */
Test(server, the_flags_api_reads_the_block_filter_and_refuses_a_block_not_stored) {
    const char tilda[] = LAB_CSV_HEADER
        "T-1,Mitra S K Lab Kolkata,22070100103,GPS Tilda,Raipur,Tilda,primary,school,2018-11-05,2018-11-08,400,14.2,absent,,,,\n";
    test_response one = post_mitra(lab, ""), two = post_lab(lab, "", tilda, strlen(tilda));
    cr_assert_eq(two.status, 200, "%s", two.body);
    char *auth = bearer(advisor);
    /* every block first, so that a kept answer could be handed back for the block wrongly */
    test_response all = test_http(port, "GET", "/api/lab/flags", auth, NULL, 0);
    test_response in_tilda = test_http(port, "GET", "/api/lab/flags?block=tilda", auth, NULL, 0);
    cr_assert_eq(in_tilda.status, 200, "%s", in_tilda.body);
    cJSON *every = json_body(&all), *only = json_body(&in_tilda);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(every, "samples")), 2, "%s", all.body);
    cJSON *samples = cJSON_GetObjectItem(only, "samples");
    cr_assert_eq(cJSON_GetArraySize(samples), 1, "%s", in_tilda.body);
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(samples, 0), "sample_id")->valuestring, "T-1");
    /* a block no sample has is an error naming the stored ones, as a district is */
    test_response misspelt = test_http(port, "GET", "/api/lab/flags?block=Tildaa", auth, NULL, 0);
    cr_assert(strstr(misspelt.body, "Tilda"), "%s", misspelt.body);
    expect_json_error(&misspelt, 400, "block");
    cJSON_Delete(every);
    cJSON_Delete(only);
    free(auth);
    test_response_free(&one);
    test_response_free(&two);
    test_response_free(&all);
    test_response_free(&in_tilda);
}

/* mitra_csv flags S-002 only (650 kcal upper primary, E. coli): offset 1 is past it. */
Test(server, flags_come_a_page_at_a_time_with_the_totals) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    char *auth = bearer(advisor);
    test_response r = test_http(port, "GET", "/api/lab/flags?offset=1&limit=5", auth, NULL, 0);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cJSON *doc = json_body(&r), *page = cJSON_GetObjectItem(doc, "page");
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "samples")), 0);
    cr_assert_eq(json_number(page, "samples_total"), 1);
    cr_assert_eq(json_number(page, "schools_total"), 1);
    cr_assert_eq(json_number(page, "offset"), 1);
    cr_assert_eq(json_number(page, "limit"), 5);
    cJSON_Delete(doc);
    test_response_free(&r);
    /* the CSV download takes the page too: offset 1 leaves the header alone */
    r = test_http(port, "GET", "/api/lab/flags?format=csv&offset=1", auth, NULL, 0);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strncmp(r.body, "sample_id,", 10) == 0 && strchr(r.body, '\n') == r.body + strlen(r.body) - 1,
              "%s", r.body);
    test_response_free(&r);
    const char *bad[] = {"/api/lab/flags?limit=0", "/api/lab/flags?limit=ten", "/api/lab/flags?limit=100001",
                         "/api/lab/flags?offset=-1"};
    for (size_t i = 0; i < 4; i++) {
        r = test_http(port, "GET", bad[i], auth, NULL, 0);
        expect_json_error(&r, 400, i < 3 ? "limit" : "offset");
    }
    free(auth);
}

Test(server, a_lab_token_cannot_read_flags_or_summary) {
    const char *paths[] = {"/api/lab/flags", "/api/lab/summary"};
    char *auth = bearer(lab);
    for (size_t i = 0; i < 2; i++) {
        test_response r = test_http(port, "GET", paths[i], auth, NULL, 0);
        expect_json_error(&r, 403, "role");
    }
    free(auth);
}

/* The ingest refuses such a name now; one stored before that is still neutralised. */
Test(server, flags_csv_download_neutralises_formulas) {
    const char text[] = LAB_CSV_HEADER
        "S-9,Mitra S K Lab Kolkata,22070100101,GPS X,Raipur,Arang,primary,school,2018-11-05,2018-11-08,300,14.2,absent,12000,10,monday,\n";
    test_response ingest = post_lab(lab, "", text, strlen(text));
    cr_assert_eq(ingest.status, 200, "%s", ingest.body);
    test_response_free(&ingest);
    cr_assert_eq(sqlite3_exec(db, "UPDATE samples SET school_name = '=HYPERLINK(1)'", NULL, NULL, NULL), SQLITE_OK);
    char *auth = bearer(advisor);
    test_response r = test_http(port, "GET", "/api/lab/flags?format=csv", auth, NULL, 0);
    free(auth);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "sample_id,lab,school_udise,school_name,"), "%s", r.body);
    cr_assert(strstr(r.body, ",'=HYPERLINK(1),"), "%s", r.body);
    test_response_free(&r);
}

Test(server, a_bad_summary_grouping_is_400) {
    char *auth = bearer(committee);
    test_response r = test_http(port, "GET", "/api/lab/summary?by=colour", auth, NULL, 0);
    expect_json_error(&r, 400, "--by");  /* the library names the CLI's option */
    test_response nested = test_http(port, "GET", "/api/plans/a/b", auth, NULL, 0);
    free(auth);
    expect_json_error(&nested, 404, "path");
}

Test(server, plans_list_and_one_plan_as_the_command_line_gives_it) {
    /* the source's figures: soy milk Rs 1,646.62 lakh at the table's servings (the text's
     * 200 ml gives more); egg Kunkuri Rs 45,45,310 */
    char *auth = bearer(committee);
    test_response list = test_http(port, "GET", "/api/plans", auth, NULL, 0);
    cr_assert_eq(list.status, 200, "%s", list.body);
    cJSON *arr = cJSON_Parse(list.body);
    cr_assert_eq(cJSON_GetArraySize(arr), 4, "soy milk, egg, breakfast, kitchen garden");
    test_response one = test_http(port, "GET", "/api/plans/soy-milk", auth, NULL, 0);
    cr_assert_eq(one.status, 200, "%s", one.body);
    cJSON *plan = cJSON_Parse(one.body);
    cJSON *implied = cJSON_GetObjectItem(plan, "as_table_implies");
    cr_assert_float_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(implied, "total"), "cost_lakh")->valuedouble,
                       1646.62, 0.005);
    cr_assert_str_eq(cJSON_GetObjectItem(plan, "file")->valuestring, "soy-milk", "no server path leaks");
    test_response egg = test_http(port, "GET", "/api/plans/egg", auth, NULL, 0);
    cJSON *e = cJSON_Parse(egg.body);
    cJSON *kunkuri = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "as_written"), "areas"), 0);
    cr_assert_float_eq(cJSON_GetObjectItem(kunkuri, "cost_rs")->valuedouble, 4545310, 0.5);
    test_response missing = test_http(port, "GET", "/api/plans/no-such-plan", auth, NULL, 0);
    test_response hostile = test_http(port, "GET", "/api/plans/..%2Fnorms", auth, NULL, 0);
    free(auth);
    expect_json_error(&missing, 404, NULL);
    cr_assert(hostile.status == 404 || hostile.status == 400, "%d", hostile.status);
    cJSON_Delete(arr);
    cJSON_Delete(plan);
    cJSON_Delete(e);
    test_response_free(&list);
    test_response_free(&one);
    test_response_free(&egg);
    test_response_free(&hostile);
}

/* ---- pages ---- */

/* The login form's body for the user of token: "name=NAME&password=...". */
static char *login_body(const char *token) {
    poshan_user u;
    poshan_error err;
    char *body = NULL;
    if (poshan_auth_token_user(db, token, &u, &err) != POSHAN_OK) return NULL;
    if (asprintf(&body, "name=%s&password=haldi+chawal+42", u.name) < 0) return NULL;
    return body;
}

/* Logs in with the name and password of token's user; the Set-Cookie value (to free). */
static char *login(const char *token) {
    char *body = login_body(token);
    cr_assert_not_null(body);
    test_response r = test_http(port, "POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n",
                                body, strlen(body));
    free(body);
    cr_assert_eq(r.status, 303, "%d: %s", r.status, r.body);
    char *cookie = test_header(&r, "Set-Cookie");
    cr_assert_not_null(cookie);
    test_response_free(&r);
    return cookie;
}

/* "Cookie: poshan_session=ID\r\n" from a Set-Cookie value. */
static char *cookie_header(const char *set_cookie) {
    char *h = NULL;
    cr_assert(asprintf(&h, "Cookie: %.*s\r\n", (int)strcspn(set_cookie, ";"), set_cookie) > 0);
    return h;
}

/* GET PATH as a logged-in user of token; the response (to free). */
static test_response page_as(const char *token, const char *path) {
    char *cookie = login(token), *h = cookie_header(cookie);
    test_response r = test_http(port, "GET", path, h, NULL, 0);
    free(h);
    free(cookie);
    return r;
}

/* The plans list links each shipped plan; the egg plan costs Rs 1,04,90,480 = 104.90 lakh
 * and Rs 385 a child a year (70 eggs at Rs 5.50: REFERENCE.md section 5). */
Test(server, the_plans_page_lists_every_plan_with_its_cost) {
    test_response r = page_as(committee, "/plans");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "<a href=\"/plans/egg\">Egg, two days a week</a></td><td>104.90</td><td>385</td>"), "%s", r.body);
    cr_assert(strstr(r.body, "href=\"/plans/soy-milk\"") && strstr(r.body, "href=\"/plans/breakfast\""), "%s", r.body);
    cr_assert_null(strstr(r.body, "class=\"error\""));
    test_response_free(&r);
}

/* Soy milk: Rs 1,920.39 lakh at 200 ml as the text says, 1,646.62 as the table implies,
 * and the contradiction named (REFERENCE.md section 5). */
Test(server, a_plan_page_shows_both_budgets_and_the_contradiction) {
    test_response r = page_as(advisor, "/plans/soy-milk");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "<td>total</td>") && strstr(r.body, "<td>1,920.39</td></tr>"), "%s", r.body);
    cr_assert(strstr(r.body, "<td>1,646.62</td></tr>"), "%s", r.body);
    cr_assert(strstr(r.body, "id=\"contradictions\"") && strstr(r.body, "150 ml a serving"), "%s", r.body);
    test_response_free(&r);
}

/* Soy milk's table gives no schools per district: no column of zeros. Durg's 65,461 + 47,262
 * = 1,12,723 children, grouped the Indian way; quantities in litres; the checks say they are
 * against the text's 200 ml and, beside it, the table's 150 ml. */
Test(server, a_plan_page_shows_units_indian_digits_and_what_each_check_compares) {
    test_response r = page_as(advisor, "/plans/soy-milk");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_null(strstr(r.body, "<th>schools</th>"), "%s", r.body);
    cr_assert(strstr(r.body, "The source gives no schools per area"), "%s", r.body);
    cr_assert(strstr(r.body, "<td>Durg</td><td>1,12,723</td>"), "%s", r.body);
    cr_assert_null(strstr(r.body, "112723"), "%s", r.body);
    cr_assert(strstr(r.body, "<th>litres a year</th>"), "%s", r.body);
    cr_assert(strstr(r.body, "against the budget as the text says (100 ml primary, 200 ml upper primary)"), "%s", r.body);
    cr_assert(strstr(r.body, "the servings the source's table implies (100 ml primary, 150 ml upper primary)"), "%s", r.body);
    /* Durg upper primary: 40,173 x 0.2 l x 70 = 5,62,422 litres at the text's serving, 4,21,817 as stated */
    cr_assert(strstr(r.body, "<td>upper primary litres</td><td>Durg</td><td>section 2.38.6 table</td><td>4,21,817</td>"
                             "<td>upper primary children attending x serving x 70 days / 1,000</td><td>5,62,422</td>"
                             "<td class=\"below\">no</td><td>4,21,817</td><td class=\"ok\">yes</td>"), "%s", r.body);
    test_response_free(&r);
    r = page_as(advisor, "/plans/egg");
    cr_assert(strstr(r.body, "<th>schools</th>") && strstr(r.body, "<th>pieces a year</th>"), "%s", r.body);
    test_response_free(&r);
}

Test(server, plan_pages_refuse_other_names_and_lab_users) {
    test_response r = page_as(advisor, "/plans/..%2Fnorms");
    cr_assert_eq(r.status, 404, "%s", r.body);
    cr_assert(strstr(r.body, "class=\"error\""), "an error page, not JSON: %s", r.body);
    test_response_free(&r);
    r = page_as(advisor, "/plans/no-such-plan");
    cr_assert_eq(r.status, 404, "%s", r.body);
    test_response_free(&r);
    r = page_as(lab, "/plans");
    cr_assert_eq(r.status, 403, "%s", r.body);
    test_response_free(&r);
}

Test(server, login_sets_an_httponly_strict_cookie_and_goes_to_the_dashboard) {
    char *cookie = login(advisor);
    cr_assert_eq(strncmp(cookie, "poshan_session=", 15), 0);
    cr_assert(strstr(cookie, "; HttpOnly"));
    cr_assert(strstr(cookie, "; SameSite=Strict"));
    cr_assert(strstr(cookie, "; Max-Age=3600"));
    cr_assert_null(strstr(cookie, advisor), "the API token must not be the cookie");
    char *h = cookie_header(cookie);
    test_response r = test_http(port, "GET", "/dashboard", h, NULL, 0);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "<strong>asha</strong>"));
    cr_assert_null(strstr(r.body, "class=\"error\""));
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE who = 'asha' AND action = 'session.login'"), 1);
    free(h);
    free(cookie);
    test_response_free(&r);
}

static void *login_thread(void *body) {
    test_response r = test_http(port, "POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n",
                                body, strlen(body));
    intptr_t ok = r.status == 303;
    test_response_free(&r);
    return (void *)ok;
}

Test(server, simultaneous_logins_each_get_a_session) {
    /* every login writes a session and an audit row in its own transaction; six at
     * once, as each checks an Argon2id password (64 MB, a fraction of a second) */
    pthread_t threads[6];
    char *bodies[2] = {login_body(advisor), login_body(committee)};
    for (size_t i = 0; i < 6; i++) pthread_create(&threads[i], NULL, login_thread, bodies[i % 2]);
    for (size_t i = 0; i < 6; i++) {
        void *ok;
        pthread_join(threads[i], &ok);
        cr_assert(ok, "login %zu failed", i);
    }
    free(bodies[0]);
    free(bodies[1]);
    cr_assert_eq(count("SELECT count(*) FROM sessions"), 6);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE action = 'session.login'"), 6);
}

Test(server, login_with_a_wrong_password_is_401_without_cookie) {
    const char body[] = "name=asha&password=not+her+password";
    test_response r = test_http(port, "POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n", body,
                                strlen(body));
    cr_assert_eq(r.status, 401);
    cr_assert(strstr(r.body, "class=\"error\""));
    char *cookie = test_header(&r, "Set-Cookie");
    cr_assert_null(cookie);
    test_response_free(&r);
    cr_assert_eq(count("SELECT count(*) FROM sessions"), 0);
}

Test(server, pages_without_login_send_the_browser_to_login) {
    const char *paths[] = {"/dashboard", "/menu", "/lab"};
    for (size_t i = 0; i < 3; i++) {
        test_response r = test_http(port, "GET", paths[i], NULL, NULL, 0);
        cr_assert_eq(r.status, 303, "%s", paths[i]);
        char *location = test_header(&r, "Location");
        cr_assert_str_eq(location, "/login");
        free(location);
        test_response_free(&r);
    }
}

Test(server, forged_cookie_is_refused_and_cleared) {
    const char h[] = "Cookie: poshan_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
    test_response r = test_http(port, "GET", "/dashboard", h, NULL, 0);
    cr_assert_eq(r.status, 303);
    char *cookie = test_header(&r, "Set-Cookie");
    cr_assert(strstr(cookie, "poshan_session=;") && strstr(cookie, "Max-Age=0"), "%s", cookie);
    free(cookie);
    test_response_free(&r);
    test_response api = test_http(port, "GET", "/api/users", h, NULL, 0);
    expect_json_error(&api, 401, "Authorization");
}

Test(server, expired_cookie_is_refused) {
    poshan_user u;
    poshan_error err;
    char session[POSHAN_SESSION_SIZE], *h = NULL;
    cr_assert_eq(poshan_auth_token_user(db, admin, &u, &err), POSHAN_OK);
    cr_assert_eq(poshan_auth_session_start(db, &u, 0, session, &err), POSHAN_OK);  /* expires at once */
    cr_assert(asprintf(&h, "Cookie: poshan_session=%s\r\n", session) > 0);
    test_response r = test_http(port, "GET", "/dashboard", h, NULL, 0);
    free(h);
    cr_assert_eq(r.status, 303);
    test_response_free(&r);
}

Test(server, admin_users_page_lists_users_escaped) {
    char token[POSHAN_TOKEN_SIZE];
    add_user("<script>alert(1)</script>", POSHAN_ROLE_COMMITTEE, NULL, token);
    char *cookie = login(admin), *h = cookie_header(cookie);
    test_response r = test_http(port, "GET", "/users", h, NULL, 0);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    cr_assert_null(strstr(r.body, "<script>"));
    free(cookie);
    free(h);
    test_response_free(&r);
}

/* A multipart form with one text field per (name, value) pair. */
static test_response post_form(const char *path, const char *cookie_h, const char *const *fields, size_t n) {
    char *body = NULL, *headers = NULL;
    size_t size;
    FILE *f = open_memstream(&body, &size);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", fields[2 * i], fields[2 * i + 1]);
    fputs("--XyZ--\r\n", f);
    fclose(f);
    cr_assert(asprintf(&headers, "%sContent-Type: multipart/form-data; boundary=XyZ\r\n", cookie_h) > 0);
    test_response r = test_http(port, "POST", path, headers, body, size);
    free(body);
    free(headers);
    return r;
}

Test(server, menu_page_shows_the_day_by_day_table) {
    char *menu, *cookie = login(advisor), *h = cookie_header(cookie);
    size_t size;
    poshan_error err;
    cr_assert_eq(poshan_read_file("menus/norm-basket.json", &menu, &size, &err), POSHAN_OK);
    const char *fields[] = {"menu", menu, "level", "upper_primary"};
    test_response r = post_form("/menu", h, fields, 2);
    cr_assert_eq(r.status, 200, "%s", r.body);
    /* 1.5 * 488.21224 = 732.3 kcal; 1.5 * 12.945 = 19.4175 g, printed 19.42 (protein to 2 decimals), short by 0.58 g */
    cr_assert(strstr(r.body, "<th scope=\"row\">Norm day</th><td>732.3</td><td>19.42</td>"), "%s", r.body);
    cr_assert(strstr(r.body, "below by 0.58 g"));
    cr_assert_null(strstr(r.body, "class=\"error\""));
    free(menu);
    free(cookie);
    free(h);
    test_response_free(&r);
}

Test(server, menu_page_shows_a_bad_menu_as_an_escaped_error) {
    char *cookie = login(committee), *h = cookie_header(cookie);
    const char *fields[] = {"menu", "{\"name\": \"<b>x</b>\", \"days\": [}"};
    test_response r = post_form("/menu", h, fields, 1);
    cr_assert_eq(r.status, 400);
    cr_assert(strstr(r.body, "class=\"error\""));
    cr_assert(strstr(r.body, "&lt;b&gt;x&lt;/b&gt;"), "the pasted menu comes back escaped");
    cr_assert_null(strstr(r.body, "<b>x</b>"));
    free(cookie);
    free(h);
    test_response_free(&r);
}

/* Line 3 (S-002) has a protein of "high": the page names that row, and nothing is stored. */
Test(server, lab_page_upload_names_every_bad_row_and_stores_nothing) {
    char *cookie = login(lab), *h = cookie_header(cookie);
    test_response form = test_http(port, "GET", "/lab", h, NULL, 0);
    cr_assert_eq(form.status, 200);
    cr_assert(strstr(form.body, "Mitra S K Lab Kolkata"));
    char *bad = strdup(mitra_csv);
    memcpy(strstr(bad, "18.5"), "high", 4);
    const char *fields[] = {"file", bad};
    test_response r = post_form("/lab", h, fields, 1);
    cr_assert_eq(r.status, 400, "%s", r.body);
    cr_assert(strstr(r.body, "<tr class=\"bad-row\"><td>3</td><td>protein_g</td>"), "%s", r.body);
    cr_assert(strstr(r.body, "Nothing was stored"));
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
    free(bad);
    free(cookie);
    free(h);
    test_response_free(&form);
    test_response_free(&r);
}

Test(server, lab_page_upload_shows_what_was_stored) {
    char *cookie = login(lab), *h = cookie_header(cookie);
    const char *fields[] = {"file", mitra_csv};
    test_response r = post_form("/lab", h, fields, 1);
    cr_assert_eq(r.status, 200, "%s", r.body);
    /* a form without a file name: the batch is named by when and by whom */
    cr_assert(strstr(r.body, "Stored from <strong>upload 20"), "%s", r.body);
    cr_assert(strstr(r.body, " UTC by mitra</strong>: 2 new samples stored (2 rows read; batch 1)."), "%s", r.body);
    cr_assert_eq(count("SELECT count(*) FROM samples"), 2);
    free(cookie);
    free(h);
    test_response_free(&r);
}

/* S-002 (E. coli present) comes first; S-001 (520.5 kcal, 14.2 g for primary) is not
 * flagged if it meets the primary norms of 450 kcal and 12 g. */
Test(server, flags_page_and_dashboard_summary_show_the_stored_samples) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    char *cookie = login(committee), *h = cookie_header(cookie);
    test_response flags = test_http(port, "GET", "/flags", h, NULL, 0);
    cr_assert_eq(flags.status, 200, "%s", flags.body);
    cr_assert(strstr(flags.body, "<table id=\"flags\" class=\"wide\">"), "%s", flags.body);
    cr_assert(strstr(flags.body, "<tr><td>S-002</td>"), "%s", flags.body);
    cr_assert_null(strstr(flags.body, "<td>S-001</td>"));
    test_response dash = test_http(port, "GET", "/dashboard", h, NULL, 0);
    cr_assert(strstr(dash.body, "<table id=\"summary\">"), "%s", dash.body);
    cr_assert(strstr(dash.body, "<tr><td>primary</td><td>1</td><td>520.5</td>"), "%s", dash.body);
    cr_assert_null(strstr(dash.body, "Not connected yet</h2>\n<ul class=\"parts pending\">\n<li>Lab"));
    free(cookie);
    free(h);
    test_response_free(&flags);
    test_response_free(&dash);
}

Test(server, logout_ends_the_session) {
    char *cookie = login(advisor), *h = cookie_header(cookie);
    test_response out = test_http(port, "POST", "/logout", h, NULL, 0);
    cr_assert_eq(out.status, 303);
    test_response after = test_http(port, "GET", "/dashboard", h, NULL, 0);
    cr_assert_eq(after.status, 303);
    cr_assert_eq(count("SELECT count(*) FROM sessions"), 0);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE action = 'session.logout' AND who = 'asha'"), 1);
    free(cookie);
    free(h);
    test_response_free(&out);
    test_response_free(&after);
}

/* ---- graceful stop ---- */

static void *stop_server(void *arg) {
    poshan_server_stop(arg);
    return NULL;
}

static int refused(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    int failed = connect(fd, (struct sockaddr *)&a, sizeof a) != 0;
    close(fd);
    return failed;
}

Test(server, stop_lets_a_request_in_flight_finish) {
    char *menu, *head = NULL;
    size_t size;
    poshan_error err;
    cr_assert_eq(poshan_read_file("menus/norm-basket.json", &menu, &size, &err), POSHAN_OK);
    int fd = test_connect(port);
    cr_assert(asprintf(&head, "POST /api/menu/evaluate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                              "Content-Length: %zu\r\nConnection: close\r\n\r\n", advisor, size) > 0);
    test_send(fd, head, strlen(head));
    test_send(fd, menu, 10);  /* the request is now in flight, its body unfinished */
    for (int i = 0; i < 2000 && poshan_server_in_flight(server) == 0; i++) usleep(5000);
    cr_assert_eq(poshan_server_in_flight(server), 1);
    pthread_t stopper;
    pthread_create(&stopper, NULL, stop_server, server);
    for (int i = 0; i < 2000 && !refused(); i++) usleep(5000);
    cr_assert(refused(), "the server still accepts connections while stopping");
    test_send(fd, menu + 10, size - 10);
    test_response r = test_read(fd);
    pthread_join(stopper, NULL);
    server = NULL;
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    cJSON *doc = json_body(&r);
    const char *protein[] = {"levels", "primary", "week", "protein_g"};
    cr_assert_float_eq(number_at(doc, protein, 4), 12.945, 1e-9);
    cJSON_Delete(doc);
    test_response_free(&r);
    free(head);
    free(menu);
}

/* ---- logging in, and the admin's users page ---- */

/* GET path with token as the Bearer. */
static test_response get_api(const char *token, const char *path) {
    char *auth = bearer(token);
    test_response r = test_http(port, "GET", path, auth, NULL, 0);
    free(auth);
    return r;
}

/* POST /login with a urlencoded body; the response. */
static test_response post_login(const char *body) {
    return test_http(port, "POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n", body, strlen(body));
}

Test(server, the_login_page_asks_for_name_and_password_not_a_token) {
    test_response r = test_http(port, "GET", "/login", NULL, NULL, 0);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "name=\"name\""));
    cr_assert(strstr(r.body, "name=\"password\" type=\"password\""));
    cr_assert_null(strstr(r.body, "name=\"token\""));
    test_response_free(&r);
}

Test(server, an_api_token_is_no_password) {
    char *body = NULL;
    cr_assert(asprintf(&body, "name=asha&password=%s", advisor) > 0);
    test_response r = post_login(body);
    cr_assert_eq(r.status, 401);
    free(body);
    test_response_free(&r);
}

/* Five wrong passwords for asha (POSHAN_LOGIN_MAX_PER_NAME) are each 401; the
 * sixth try, even with the right password, is 429 with Retry-After, unchecked. */
Test(server, the_sixth_try_after_five_wrong_passwords_is_429_with_retry_after) {
    for (int i = 0; i < POSHAN_LOGIN_MAX_PER_NAME; i++) {
        test_response r = post_login("name=asha&password=wrong+guess+1");
        cr_assert_eq(r.status, 401, "try %d: %d", i + 1, r.status);
        test_response_free(&r);
    }
    test_response r = post_login("name=asha&password=haldi+chawal+42");
    cr_assert_eq(r.status, 429, "%s", r.body);
    char *retry = test_header(&r, "Retry-After");
    cr_assert_not_null(retry);
    /* the first failure was a moment ago: about 900 s to wait, never more */
    cr_assert(atol(retry) > 800 && atol(retry) <= 900, "%s", retry);
    cr_assert(strstr(r.body, "too many failed logins"), "%s", r.body);
    cr_assert_null(test_header(&r, "Set-Cookie"));
    cr_assert_eq(count("SELECT count(*) FROM login_failures WHERE name = 'asha' AND address = '127.0.0.1'"), 5);
    /* another user is not held up by asha's failures */
    test_response other = post_login("name=ssmc&password=haldi+chawal+42");
    cr_assert_eq(other.status, 303);
    free(retry);
    test_response_free(&r);
    test_response_free(&other);
}

/* POST a urlencoded form to path as the session of cookie_h. */
static test_response post_urlencoded(const char *path, const char *cookie_h, const char *body) {
    char *headers = NULL;
    cr_assert(asprintf(&headers, "%sContent-Type: application/x-www-form-urlencoded\r\n", cookie_h) > 0);
    test_response r = test_http(port, "POST", path, headers, body, strlen(body));
    free(headers);
    return r;
}

Test(server, the_users_page_shows_state_and_last_use) {
    test_response api = get_api(advisor, "/api/users");  /* asha's last use: now */
    test_response_free(&api);
    char *cookie = login(admin), *h = cookie_header(cookie);
    test_response r = test_http(port, "GET", "/users", h, NULL, 0);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "<table id=\"users\""));
    cr_assert(strstr(r.body, "<tr><td>asha</td><td>advisor</td><td class=\"text\"></td><td class=\"ok\">active</td><td>set</td><td>20"),
              "%s", r.body);
    cr_assert(strstr(r.body, "<tr><td>mitra</td><td>lab</td><td class=\"text\">Mitra S K Lab Kolkata</td>"));
    cr_assert_null(strstr(r.body, "$argon2id$"));
    cr_assert_null(strstr(r.body, advisor));
    free(cookie);
    free(h);
    test_response_free(&r);
}

Test(server, the_users_page_issues_a_token_shown_once_and_the_old_one_stops) {
    char *cookie = login(admin), *h = cookie_header(cookie);
    test_response r = post_urlencoded("/users/token", h, "name=asha");
    cr_assert_eq(r.status, 200, "%s", r.body);
    char *at = strstr(r.body, "<code id=\"token\">");
    cr_assert_not_null(at, "%s", r.body);
    char fresh[POSHAN_TOKEN_SIZE];
    snprintf(fresh, sizeof fresh, "%.*s", POSHAN_TOKEN_SIZE - 1, at + strlen("<code id=\"token\">"));
    test_response old = get_api(advisor, "/api/lab/flags");
    cr_assert_eq(old.status, 401);
    test_response now = get_api(fresh, "/api/lab/flags");
    cr_assert_eq(now.status, 200, "%s", now.body);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE who = 'root' AND action = 'users.token' AND detail = 'asha'"), 1);
    test_response again = test_http(port, "GET", "/users", h, NULL, 0);
    cr_assert_null(strstr(again.body, fresh), "the token is shown once");
    free(cookie);
    free(h);
    test_response_free(&r);
    test_response_free(&old);
    test_response_free(&now);
    test_response_free(&again);
}

Test(server, the_users_page_revokes_token_password_and_sessions_at_once) {
    char *asha = login(advisor), *asha_h = cookie_header(asha);
    char *cookie = login(admin), *h = cookie_header(cookie);
    test_response r = post_urlencoded("/users/revoke", h, "name=asha");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "<strong>asha</strong> is revoked"), "%s", r.body);
    cr_assert(strstr(r.body, "<td class=\"below\">revoked</td>"));
    test_response api = get_api(advisor, "/api/lab/flags");
    cr_assert_eq(api.status, 401);
    test_response page = test_http(port, "GET", "/dashboard", asha_h, NULL, 0);
    cr_assert_eq(page.status, 303, "her session ended");
    test_response again = post_login("name=asha&password=haldi+chawal+42");
    cr_assert_eq(again.status, 401);
    cr_assert_eq(count("SELECT count(*) FROM users WHERE name = 'asha'"), 1, "she stays, for the audit");
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE who = 'root' AND action = 'users.revoke' AND detail = 'asha'"), 1);
    free(asha);
    free(asha_h);
    free(cookie);
    free(h);
    test_response_free(&r);
    test_response_free(&api);
    test_response_free(&page);
    test_response_free(&again);
}

Test(server, an_admin_cannot_revoke_themselves_on_the_page) {
    char *cookie = login(admin), *h = cookie_header(cookie);
    test_response r = post_urlencoded("/users/revoke", h, "name=root");
    cr_assert_eq(r.status, 400);
    cr_assert(strstr(r.body, "you cannot revoke yourself"));
    cr_assert_eq(count("SELECT count(*) FROM users WHERE revoked_at IS NOT NULL"), 0);
    free(cookie);
    free(h);
    test_response_free(&r);
}

Test(server, a_new_token_for_nobody_is_400_and_changes_nothing) {
    char *cookie = login(admin), *h = cookie_header(cookie);
    long long audit = count("SELECT count(*) FROM audit");
    test_response r = post_urlencoded("/users/token", h, "name=nobody");
    cr_assert_eq(r.status, 400);
    cr_assert(strstr(r.body, "no user named &#39;nobody&#39;"), "%s", r.body);
    cr_assert_eq(count("SELECT count(*) FROM audit"), audit);
    free(cookie);
    free(h);
    test_response_free(&r);
}

Test(server, the_users_pages_are_for_admins_only) {
    const char *tokens[] = {advisor, committee, lab};
    for (size_t i = 0; i < 3; i++) {
        char *cookie = login(tokens[i]), *h = cookie_header(cookie);
        test_response list = test_http(port, "GET", "/users", h, NULL, 0);
        test_response token = post_urlencoded("/users/token", h, "name=asha");
        test_response revoke = post_urlencoded("/users/revoke", h, "name=asha");
        cr_assert_eq(list.status, 403);
        cr_assert_eq(token.status, 403);
        cr_assert_eq(revoke.status, 403);
        free(cookie);
        free(h);
        test_response_free(&list);
        test_response_free(&token);
        test_response_free(&revoke);
    }
    test_response anonymous = test_http(port, "GET", "/users", NULL, NULL, 0);
    cr_assert_eq(anonymous.status, 303);
    test_response_free(&anonymous);
    cr_assert_eq(count("SELECT count(*) FROM audit WHERE action LIKE 'users.%' AND action != 'users.add' "
                       "AND action != 'users.passwd'"), 0);
}

/* ---- the clerk's pages ---- */

/* GET path with cookie header h: the response, status asserted. */
static test_response get_page(const char *h, const char *path, int status) {
    test_response r = test_http(port, "GET", path, h, NULL, 0);
    cr_assert_eq(r.status, status, "%s: %d %s", path, r.status, r.body);
    return r;
}

/* ANACON's sample A-9, stored through the API by a user of that lab. */
static void store_anacon(void) {
    char token[POSHAN_TOKEN_SIZE];
    add_user("anacon", POSHAN_ROLE_LAB, "ANACON Laboratories Nagpur", token);
    const char csv[] = LAB_CSV_HEADER
        "A-9,ANACON Laboratories Nagpur,27120100101,ZP School Hingna,Nagpur,Hingna,primary,school,2018-11-06,2018-11-09,480,12.5,absent,,,,\n";
    test_response r = post_lab(token, "", csv, strlen(csv));
    cr_assert_eq(r.status, 200, "%s", r.body);
    test_response_free(&r);
}

Test(server, the_samples_page_shows_only_her_labs_samples_and_searches_them) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    store_anacon();
    char *cookie = login(lab), *h = cookie_header(cookie);
    test_response all = get_page(h, "/lab/samples", 200);
    cr_assert(strstr(all.body, "<a href=\"/lab/history?sample=S-001\">S-001</a>"), "%s", all.body);
    cr_assert(strstr(all.body, "S-002"));
    cr_assert_null(strstr(all.body, "A-9"), "another lab's sample");
    cr_assert(strstr(all.body, "1 to 2 of 2 stored samples."), "%s", all.body);
    /* GMS Kharora is S-002's school: "gms" finds it, any case */
    test_response found = get_page(h, "/lab/samples?q=gms", 200);
    cr_assert(strstr(found.body, "S-002"));
    cr_assert_null(strstr(found.body, "S-001"));
    cr_assert(strstr(found.body, "1 to 1 of 1 stored samples found."), "%s", found.body);
    cr_assert(strstr(found.body, "value=\"gms\""));
    test_response none = get_page(h, "/lab/samples?q=%25", 200);  /* a % is a character, not "anything" */
    cr_assert(strstr(none.body, "None of 0 stored samples found."), "%s", none.body);
    free(cookie);
    free(h);
    test_response_free(&all);
    test_response_free(&found);
    test_response_free(&none);
}

Test(server, the_samples_page_comes_a_page_at_a_time) {
    /* 60 samples: the first page shows 50 (LAB_PAGE_ROWS) and links the next */
    char *csv = NULL;
    size_t size;
    FILE *f = open_memstream(&csv, &size);
    fputs(LAB_CSV_HEADER, f);
    for (int i = 0; i < 60; i++)
        fprintf(f, "P-%02d,Mitra S K Lab Kolkata,22070100101,GPS Kharora,Raipur,Arang,primary,school,2018-11-05,"
                   "2018-11-08,520.5,14.2,absent,,,,\n", i);
    fclose(f);
    test_response ingest = post_lab(lab, "", csv, size);
    cr_assert_eq(ingest.status, 200, "%s", ingest.body);
    char *cookie = login(lab), *h = cookie_header(cookie);
    test_response first = get_page(h, "/lab/samples", 200);
    cr_assert(strstr(first.body, "1 to 50 of 60 stored samples. <a href=\"/lab/samples?offset=50\">The next page</a>"),
              "%s", first.body);
    test_response second = get_page(h, "/lab/samples?offset=50", 200);
    cr_assert(strstr(second.body, "51 to 60 of 60 stored samples. <a href=\"/lab/samples?offset=0\">The page before</a>"),
              "%s", second.body);
    free(csv);
    free(cookie);
    free(h);
    test_response_free(&ingest);
    test_response_free(&first);
    test_response_free(&second);
}

/* A multipart upload of text as the file "results.csv", with the other fields. */
static test_response upload_page(const char *h, const char *text, const char *const *fields, size_t n) {
    char *body = NULL, *headers = NULL;
    size_t size;
    FILE *f = open_memstream(&body, &size);
    fprintf(f, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"results.csv\"\r\n"
               "Content-Type: text/csv\r\n\r\n%s\r\n", text);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", fields[2 * i], fields[2 * i + 1]);
    fputs("--XyZ--\r\n", f);
    fclose(f);
    cr_assert(asprintf(&headers, "%sContent-Type: multipart/form-data; boundary=XyZ\r\n", h) > 0);
    test_response r = test_http(port, "POST", "/lab", headers, body, size);
    free(body);
    free(headers);
    return r;
}

/* mitra_csv with S-001's energy changed to 480 kcal. */
static char *mitra_changed(void) {
    char *changed = strdup(mitra_csv);
    memcpy(strstr(changed, "520.5"), "480.0", 5);
    return changed;
}

Test(server, a_changed_sample_is_refused_in_page_words) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    char *cookie = login(lab), *h = cookie_header(cookie), *changed = mitra_changed();
    test_response r = upload_page(h, changed, NULL, 0);
    cr_assert_eq(r.status, 400, "%s", r.body);
    cr_assert(strstr(r.body, "sample S-001 is already stored with other values"), "%s", r.body);
    cr_assert(strstr(r.body, "&quot;These rows correct samples already stored&quot; ticked"), "%s", r.body);
    /* the whole file: "1 of its 2 rows is wrong", in the form's words */
    cr_assert(strstr(r.body, "1 of its 2 rows is wrong, so nothing of this file was stored"), "%s", r.body);
    cr_assert(strstr(r.body, "tick &quot;Store the good rows&quot;"), "%s", r.body);
    cr_assert_null(strstr(r.body, "--"), "no command-line option: %s", r.body);
    cr_assert_eq(count("SELECT count(*) FROM samples WHERE energy_kcal = 520.5"), 1);
    free(changed);
    free(cookie);
    free(h);
    test_response_free(&r);
}

Test(server, a_correction_on_the_page_needs_a_reason_and_shows_in_the_history) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    char *cookie = login(lab), *h = cookie_header(cookie), *changed = mitra_changed();
    const char *no_reason[] = {"amend", "1", "reason", ""};
    test_response refused = upload_page(h, changed, no_reason, 2);
    cr_assert_eq(refused.status, 400);
    cr_assert(strstr(refused.body, "say why the stored samples change"), "%s", refused.body);
    const char *fields[] = {"amend", "1", "reason", "lab re-weighed the serving"};
    test_response r = upload_page(h, changed, fields, 2);
    cr_assert_eq(r.status, 200, "%s", r.body);
    /* S-001 changed, S-002 the same: 1 corrected, 1 unchanged, nothing new */
    cr_assert(strstr(r.body, "Stored from <strong>results.csv</strong>: 1 sample corrected, 1 sample already stored "
                             "unchanged (2 rows read; batch 2)."), "%s", r.body);
    test_response history = get_page(h, "/lab/history?sample=S-001", 200);
    cr_assert(strstr(history.body, "<tr><td>1</td>"), "%s", history.body);
    cr_assert(strstr(history.body, "<tr><td>2 (now)</td>"), "%s", history.body);
    cr_assert(strstr(history.body, "<td class=\"text\">lab re-weighed the serving</td>"), "%s", history.body);
    cr_assert(strstr(history.body, "<td>520.5</td>") && strstr(history.body, "<td>480.0</td>"), "%s", history.body);
    cr_assert(strstr(history.body, "<td>mitra</td>"), "who: %s", history.body);
    free(changed);
    free(cookie);
    free(h);
    test_response_free(&refused);
    test_response_free(&r);
    test_response_free(&history);
}

Test(server, another_labs_sample_has_no_history_for_her) {
    store_anacon();
    char *cookie = login(lab), *h = cookie_header(cookie);
    test_response r = get_page(h, "/lab/history?sample=A-9", 404);
    cr_assert(strstr(r.body, "no sample &#39;A-9&#39;"), "%s", r.body);
    cr_assert_null(strstr(r.body, ".db"), "the database's path is not shown");
    free(cookie);
    free(h);
    test_response_free(&r);
}

/* A partial upload with S-002's protein "high": S-001 stored, S-002 rejected, and
 * the rejected row kept with the batch as a download for mitra's lab only. */
Test(server, a_partial_upload_offers_its_rejected_rows_as_csv) {
    char *cookie = login(lab), *h = cookie_header(cookie), *bad = strdup(mitra_csv);
    memcpy(strstr(bad, "18.5"), "high", 4);
    const char *fields[] = {"partial", "1"};
    test_response r = upload_page(h, bad, fields, 1);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "Stored from <strong>results.csv</strong>: 1 new sample stored, 1 row rejected "
                             "(2 rows read; batch 1)."), "%s", r.body);
    cr_assert(strstr(r.body, "<a id=\"rejects\" download href=\"/lab/rejects/1\">"), "%s", r.body);
    test_response csv = get_page(h, "/lab/rejects/1", 200);
    char *type = test_header(&csv, "Content-Type"), *disposition = test_header(&csv, "Content-Disposition");
    cr_assert_str_eq(type, "text/csv; charset=utf-8");
    cr_assert_str_eq(disposition, "attachment; filename=\"batch-1-rejected-rows.csv\"");
    cr_assert(strstr(csv.body, "S-002") && strstr(csv.body, "protein_g") && strstr(csv.body, "high"), "%s", csv.body);
    cr_assert_null(strstr(csv.body, "S-001"));
    test_response batches = get_page(h, "/lab/batches", 200);
    cr_assert(strstr(batches.body, "<tr><td>1</td><td class=\"text\">results.csv</td>"), "%s", batches.body);
    cr_assert(strstr(batches.body, "<td>mitra</td><td>2</td><td>1</td><td>0</td><td>0</td><td>1</td>"
                                   "<td><a download href=\"/lab/rejects/1\">CSV</a></td>"), "%s", batches.body);
    /* another lab's clerk finds nothing there */
    char token[POSHAN_TOKEN_SIZE];
    add_user("anacon", POSHAN_ROLE_LAB, "ANACON Laboratories Nagpur", token);
    char *other = login(token), *other_h = cookie_header(other);
    test_response theirs = get_page(other_h, "/lab/rejects/1", 404);
    test_response their_batches = get_page(other_h, "/lab/batches", 200);
    cr_assert_null(strstr(their_batches.body, "results.csv"), "%s", their_batches.body);
    free(bad);
    free(cookie);
    free(h);
    free(type);
    free(disposition);
    free(other);
    free(other_h);
    test_response_free(&r);
    test_response_free(&csv);
    test_response_free(&batches);
    test_response_free(&theirs);
    test_response_free(&their_batches);
}

Test(server, an_api_upload_is_named_by_its_file_or_else_by_when_and_who) {
    char *auth = bearer(lab), *headers = NULL;
    test_response by_query = post_lab(lab, "?file=results-nov.csv", mitra_csv, strlen(mitra_csv));
    cr_assert_eq(by_query.status, 200, "%s", by_query.body);
    /* a Windows path in the header: the batch keeps the file's own name */
    cr_assert(asprintf(&headers, "%sX-File-Name: C:\\lab\\results-dec.csv\r\n", auth) > 0);
    test_response by_header = test_http(port, "POST", "/api/lab/ingest", headers, mitra_csv, strlen(mitra_csv));
    cr_assert_eq(by_header.status, 200, "%s", by_header.body);
    test_response unnamed = post_lab(lab, "", mitra_csv, strlen(mitra_csv));
    cr_assert_eq(unnamed.status, 200, "%s", unnamed.body);
    cr_assert_eq(count("SELECT count(*) FROM batches WHERE id = 1 AND file = 'results-nov.csv'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM batches WHERE id = 2 AND file = 'results-dec.csv'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM batches WHERE id = 3 AND file GLOB "
                       "'upload [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9] UTC by mitra'"), 1);
    cr_assert_eq(count("SELECT count(*) FROM batches WHERE file = 'request body'"), 0);
    /* a name with a control character is no name: 400, nothing stored */
    test_response bad = post_lab(lab, "?file=a%01b.csv", mitra_csv, strlen(mitra_csv));
    expect_json_error(&bad, 400, "file");
    cr_assert_eq(count("SELECT count(*) FROM batches"), 3);
    free(auth);
    free(headers);
    test_response_free(&by_query);
    test_response_free(&by_header);
    test_response_free(&unnamed);
}

/* Every partial batch offers its rejected rows on the batches page, whichever
 * way it came: the API (batch 1) and the command line (batch 2). */
Test(server, partial_batches_of_the_api_and_the_command_line_offer_their_rejected_rows) {
    char *bad = strdup(mitra_csv);
    memcpy(strstr(bad, "18.5"), "high", 4);   /* S-002's protein is no number */
    test_response api = post_lab(lab, "?partial=1&file=api.csv", bad, strlen(bad));
    cr_assert_eq(api.status, 200, "%s", api.body);
    /* the command line, on the server's database: S-003 good, S-004 with a stray quote */
    char *file = test_write_temp(".csv", LAB_CSV_HEADER
        "S-003,Mitra S K Lab Kolkata,22070100101,GPS Kharora,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,,,,\n"
        "S-004,Mitra S K Lab Kolkata,22070100101,\"GPS\"K,Raipur,Arang,primary,school,2018-11-05,2018-11-08,520.5,14.2,absent,,,,\n");
    char *args = NULL, *out, *errs, *rejects = NULL;
    cr_assert(asprintf(&args, "lab ingest %s --db %s --by clerk --partial", file, db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &errs), 0, "%s", errs);
    cr_assert(asprintf(&rejects, "%s.rejects.csv", file) > 0);
    cr_assert_eq(count("SELECT count(*) FROM batch_rejects WHERE lab = 'Mitra S K Lab Kolkata'"), 2);
    char *cookie = login(lab), *h = cookie_header(cookie);
    test_response batches = get_page(h, "/lab/batches", 200);
    cr_assert(strstr(batches.body, "<td><a download href=\"/lab/rejects/1\">CSV</a></td>"), "%s", batches.body);
    cr_assert(strstr(batches.body, "<td><a download href=\"/lab/rejects/2\">CSV</a></td>"), "%s", batches.body);
    test_response api_rows = get_page(h, "/lab/rejects/1", 200), cli_rows = get_page(h, "/lab/rejects/2", 200);
    cr_assert(strstr(api_rows.body, "S-002") && strstr(api_rows.body, "high"), "%s", api_rows.body);
    cr_assert(strstr(cli_rows.body, "S-004") && strstr(cli_rows.body, "school_name"), "%s", cli_rows.body);
    cr_assert_null(strstr(cli_rows.body, "S-003"), "%s", cli_rows.body);
    unlink(rejects);
    unlink(file);
    free(rejects);
    free(file);
    free(args);
    free(out);
    free(errs);
    free(bad);
    free(cookie);
    free(h);
    test_response_free(&api);
    test_response_free(&batches);
    test_response_free(&api_rows);
    test_response_free(&cli_rows);
}

/* S-002 is an upper_primary sample: every page names its level in words. */
Test(server, pages_name_levels_in_words_not_their_keys) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    char *reader = login(committee), *rh = cookie_header(reader), *clerk = login(lab), *ch = cookie_header(clerk);
    test_response flags = get_page(rh, "/flags", 200), dash = get_page(rh, "/dashboard", 200),
                  samples = get_page(ch, "/lab/samples", 200);
    /* a word of a text column is set to the left (class word), numbers to the right */
    cr_assert(strstr(flags.body, "<td class=\"word\">upper primary</td><td>2018-11-05</td>"), "%s", flags.body);
    cr_assert(strstr(dash.body, "<tr><td>upper primary</td><td>1</td><td>650.0</td>"), "%s", dash.body);
    cr_assert(strstr(samples.body, "<td class=\"word\">upper primary</td><td class=\"word\">school</td>"), "%s",
              samples.body);
    const test_response *pages[] = {&flags, &dash, &samples};
    for (size_t i = 0; i < 3; i++) cr_assert_null(strstr(pages[i]->body, ">upper_primary</td>"), "%s", pages[i]->body);
    free(reader);
    free(rh);
    free(clerk);
    free(ch);
    test_response_free(&flags);
    test_response_free(&dash);
    test_response_free(&samples);
}

/* The flags page asks for dates as people in India write them, and the server
 * takes what it sends: 01-11-2018 to 30-11-2018 is November 2018, as
 * 2018-11-01 to 2018-11-30 is; S-002 (sampled 2018-11-05) is flagged in it. */
Test(server, the_flags_dates_are_written_dd_mm_yyyy_and_read_either_way) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    char *cookie = login(committee), *h = cookie_header(cookie), *auth = bearer(advisor);
    test_response indian = get_page(h, "/flags?from=01-11-2018&to=30-11-2018", 200),
                  iso = get_page(h, "/flags?from=2018-11-01&to=2018-11-30", 200);
    cr_assert(strstr(indian.body, "<tr><td>S-002</td>"), "%s", indian.body);
    cr_assert(strstr(iso.body, "<tr><td>S-002</td>"), "%s", iso.body);
    /* the field says the form, keeps what was typed, and is no browser date field (mm/dd/yyyy) */
    cr_assert(strstr(indian.body, "<label for=\"from\">Sampled from <span class=\"hint\">(dd-mm-yyyy)</span></label>"
                                  "<input id=\"from\" name=\"from\" type=\"text\""), "%s", indian.body);
    cr_assert(strstr(indian.body, "value=\"01-11-2018\""), "%s", indian.body);
    cr_assert_null(strstr(indian.body, "type=\"date\""), "%s", indian.body);
    /* December 2018 has no sample: the Indian form is not read as the US one (1 December) */
    test_response december = get_page(h, "/flags?from=01-12-2018", 200);
    cr_assert(strstr(december.body, "No stored sample is flagged among those chosen."), "%s", december.body);
    /* the API takes it too; a date in neither form is a 400 naming the field and both forms */
    test_response api = test_http(port, "GET", "/api/lab/summary?from=01-11-2018&to=30-11-2018", auth, NULL, 0);
    cr_assert_eq(api.status, 200, "%s", api.body);
    test_response words = test_http(port, "GET", "/api/lab/flags?from=Nov+2018", auth, NULL, 0);
    cr_assert(strstr(words.body, "write it as dd-mm-yyyy (23-11-2018) or yyyy-mm-dd (2018-11-23)"), "%s", words.body);
    expect_json_error(&words, 400, "from");
    test_response us = test_http(port, "GET", "/api/lab/flags?to=11/30/2018", auth, NULL, 0);
    cr_assert(strstr(us.body, "no month 30"), "%s", us.body);
    expect_json_error(&us, 400, "to");
    free(cookie);
    free(h);
    free(auth);
    test_response_free(&indian);
    test_response_free(&iso);
    test_response_free(&december);
    test_response_free(&api);
}

Test(server, the_clerks_pages_are_for_lab_users_only) {
    const char *paths[] = {"/lab/samples", "/lab/batches", "/lab/history?sample=S-001", "/lab/rejects/1"};
    const char *tokens[] = {advisor, committee, admin};
    for (size_t t = 0; t < 3; t++) {
        char *cookie = login(tokens[t]), *h = cookie_header(cookie);
        for (size_t i = 0; i < 4; i++) {
            test_response r = get_page(h, paths[i], 403);
            test_response_free(&r);
        }
        free(cookie);
        free(h);
    }
    for (size_t i = 0; i < 4; i++) {
        test_response r = test_http(port, "GET", paths[i], NULL, NULL, 0);
        cr_assert_eq(r.status, 303);
        test_response_free(&r);
    }
}

Test(server, the_flags_page_filters_and_keeps_the_filters_in_its_links) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    store_anacon();
    char *cookie = login(advisor), *h = cookie_header(cookie);
    /* blank boxes mean "any", as a form sends them */
    test_response any = get_page(h, "/flags?district=&level=&kitchen=&lab=&from=&to=", 200);
    cr_assert(strstr(any.body, "<tr><td>S-002</td>"), "%s", any.body);
    test_response raipur = get_page(h, "/flags?district=Raipur&level=upper_primary&from=2018-11-01&to=2018-11-30", 200);
    cr_assert(strstr(raipur.body, "<tr><td>S-002</td>"), "%s", raipur.body);
    cr_assert(strstr(raipur.body, "id=\"district\" name=\"district\" type=\"text\" value=\"Raipur\""), "%s", raipur.body);
    cr_assert(strstr(raipur.body, "<option value=\"upper_primary\" selected>"), "%s", raipur.body);
    cr_assert(strstr(raipur.body, "href=\"/api/lab/flags?format=csv&amp;level=upper_primary&amp;district=Raipur&amp;"
                                  "from=2018-11-01&amp;to=2018-11-30\""), "%s", raipur.body);
    test_response nagpur = get_page(h, "/flags?district=Nagpur&level=upper_primary", 200);
    cr_assert(strstr(nagpur.body, "No stored sample is flagged among those chosen."), "%s", nagpur.body);
    /* a misspelt district is said beside the form, kept to correct, with the
     * stored names and without the server's database path */
    test_response rajpur = get_page(h, "/flags?district=Rajpur", 400);
    cr_assert(strstr(rajpur.body, "no district &#39;Rajpur&#39; is stored") && strstr(rajpur.body, "Raipur"), "%s", rajpur.body);
    cr_assert(strstr(rajpur.body, "id=\"district\" name=\"district\" type=\"text\" value=\"Rajpur\""), "%s",
              rajpur.body);
    cr_assert_null(strstr(rajpur.body, ".db"), "%s", rajpur.body);
    cr_assert(strstr(rajpur.body, "<strong>district:</strong> no district"), "the field alone: %s", rajpur.body);
    test_response_free(&rajpur);
    free(cookie);
    free(h);
    test_response_free(&any);
    test_response_free(&raipur);
    test_response_free(&nagpur);
}

/* Every page each role may open, checked for a command-line option ("--" and a
 * letter): a clerk is told what to tick or type, never a flag. */
Test(server, no_page_names_a_command_line_option) {
    test_response ingest = post_mitra(lab, "");
    test_response_free(&ingest);
    const char *reader_pages[] = {"/dashboard", "/menu", "/flags", "/plans", "/plans/egg"};
    const char *lab_pages[] = {"/dashboard", "/lab", "/lab/samples", "/lab/batches", "/lab/history?sample=S-001"};
    const char *admin_pages[] = {"/users"};
    const struct { const char *token; const char *const *paths; size_t n; } roles[] = {
        {advisor, reader_pages, 5}, {committee, reader_pages, 5}, {admin, reader_pages, 5},
        {lab, lab_pages, 5}, {admin, admin_pages, 1}};
    for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
        char *cookie = login(roles[r].token), *h = cookie_header(cookie);
        for (size_t i = 0; i < roles[r].n; i++) {
            test_response page = get_page(h, roles[r].paths[i], 200);
            for (const char *p = page.body; (p = strstr(p, "--")) != NULL; p += 2)
                cr_assert(!(p[2] >= 'a' && p[2] <= 'z'), "%s names an option: %.40s", roles[r].paths[i], p);
            test_response_free(&page);
        }
        free(cookie);
        free(h);
    }
    test_response login_page = test_http(port, "GET", "/login", NULL, NULL, 0);
    cr_assert_null(strstr(login_page.body, "--"));
    test_response_free(&login_page);
}

Test(server, the_lab_page_has_a_template_and_a_guide_to_the_columns) {
    char *cookie = login(lab), *h = cookie_header(cookie);
    test_response r = get_page(h, "/lab", 200);
    cr_assert(strstr(r.body, "href=\"/static/lab-template.csv\""));
    cr_assert(strstr(r.body, "<table id=\"column-guide\""));
    cr_assert(strstr(r.body, "<tr><td>school_udise</td>"));
    test_response t = test_http(port, "GET", "/static/lab-template.csv", NULL, NULL, 0);
    cr_assert_eq(t.status, 200);
    cr_assert_eq(strncmp(t.body, LAB_CSV_HEADER, strlen(LAB_CSV_HEADER)), 0, "%s", t.body);
    free(cookie);
    free(h);
    test_response_free(&r);
    test_response_free(&t);
}

Test(server, an_api_amendment_needs_a_reason) {
    test_response r = post_mitra(lab, "?amend=1");
    expect_json_error(&r, 400, "reason");
    r = post_mitra(lab, "?amend=yes&reason=x");
    expect_json_error(&r, 400, "amend");
    cr_assert_eq(count("SELECT count(*) FROM samples"), 0);
}

/* ---- the commands ---- */

Test(server_cli, users_add_prints_the_token_alone) {
    char *db_path = test_write_temp(".db", ""), *args = NULL, *out, *errs;
    cr_assert(asprintf(&args, "users add mitra --role lab --lab 'Mitra S K Lab Kolkata' --db %s", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &errs), 0, "%s", errs);
    /* psh_ + 16 hex + _ + 64 hex, then a newline, nothing else */
    cr_assert_eq(strlen(out), 86, "%s", out);
    cr_assert_eq(strspn(out + 4, "0123456789abcdef_"), 81);
    cr_assert_eq(out[85], '\n');
    cr_assert_str_eq(errs, "");
    free(args);
    free(out);
    free(errs);
    unlink(db_path);
    free(db_path);
}

Test(server_cli, users_add_without_a_lab_for_a_lab_is_exit_1) {
    char *db_path = test_write_temp(".db", ""), *args = NULL, *out;
    cr_assert(asprintf(&args, "users add mitra --role lab --db %s", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, NULL), 1);
    cr_assert_str_eq(out, "");
    free(args);
    free(out);
    unlink(db_path);
    free(db_path);
}

Test(server_cli, users_add_with_an_unknown_role_is_exit_2) {
    cr_assert_eq(test_run_poshan("users add x --role chef --db /nonexistent/x.db", NULL, NULL), 2);
}

Test(server_cli, serve_help_is_exit_0) {
    char *out;
    cr_assert_eq(test_run_poshan("serve --help", &out, NULL), 0);
    cr_assert(strstr(out, "--bind"));
    free(out);
}

Test(server_cli, users_list_shows_names_roles_and_labs_but_no_tokens) {
    char *db_path = test_write_temp(".db", ""), *args = NULL, *token, *out;
    cr_assert(asprintf(&args, "users add mitra --role lab --lab 'ANACON Laboratories Nagpur' --db %s", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &token, NULL), 0);
    free(args);
    cr_assert(asprintf(&args, "users list --format csv --db %s", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, NULL), 0);
    const char *want = "name,role,lab,state,password,last_used_at,created_at\n"
                       "mitra,lab,ANACON Laboratories Nagpur,active,none,never,";
    cr_assert_eq(strncmp(out, want, strlen(want)), 0, "%s", out);
    token[strcspn(token, "\n")] = '\0';
    cr_assert_null(strstr(out, token + 21));
    free(args);
    free(token);
    free(out);
    unlink(db_path);
    free(db_path);
}

/* The API's ingest answer is the command's: 2 rows of good.csv's lab, and a
 * third of ANACON, which the command (no lab token) stores too. */
Test(server_cli, lab_ingest_json_gives_the_apis_fields) {
    char *db_path = test_write_temp(".db", ""), *args = NULL, *out, *errs;
    cr_assert(asprintf(&args, "lab ingest tests/fixtures/lab/good.csv --by t --format json --db %s", db_path) > 0);
    cr_assert_eq(test_run_poshan(args, &out, &errs), 0, "%s", errs);
    cJSON *doc = cJSON_Parse(out), *one = cJSON_GetArrayItem(doc, 0);
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(one, "stored")), "%s", out);
    cr_assert_eq(cJSON_GetObjectItem(one, "rows_stored")->valuedouble, 3);
    cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(one, "bad_rows")), 0);
    cJSON_Delete(doc);
    free(args);
    free(out);
    free(errs);
    unlink(db_path);
    free(db_path);
}
