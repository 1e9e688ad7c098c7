/* test_server_lang.c: the pages in the reader's language. A browser asking
 * for Hindi (Accept-Language: hi) gets Hindi pages (<html lang="hi">, the
 * words of po/hi.po), a choice made with the language switch (the lang
 * cookie) wins over the browser's, English stays English, and the flags
 * answer cache never gives one language's answer to the other. The Hindi
 * expected here is po/hi.po's, read by eye: "लॉग इन करें" is "Log in",
 * "चिह्नित" "flagged", "उच्च प्राथमिक" "upper primary". */
#include "http.h"
#include "server_helpers.h"

#include "handlers.h"
#include "html.h"
#include "store.h"

static poshan_foods foods;
static poshan_norms norms;
static poshan_lab_limits limits;
static poshan_lab_plausibility plausibility;
static sqlite3 *db;
static char *db_path;
static poshan_server *server;
static unsigned short port;
static char advisor[POSHAN_TOKEN_SIZE], lab[POSHAN_TOKEN_SIZE];
static poshan_server_config config;

static void setup(void) {
    poshan_error err;
    test_server_data(&foods, &norms, &limits, &plausibility, &db_path, &db);
    test_add_user(db, "asha", POSHAN_ROLE_ADVISOR, NULL, advisor);
    test_add_user(db, "mitra", POSHAN_ROLE_LAB, "Mitra S K Lab Kolkata", lab);
    config = test_server_config(db_path, &foods, &norms, &limits, &plausibility);
    config.answers = poshan_answer_cache_new(4, 1 << 20);
    cr_assert_eq(poshan_server_start(&config, &server, &err), POSHAN_OK, "%s", err.message);
    port = poshan_server_port(server);
}

static void teardown(void) {
    if (server) poshan_server_stop(server);
    poshan_answer_cache_free(config.answers);
    sqlite3_close(db);
    poshan_foods_free(&foods);
    test_remove_db(db_path);
    free(db_path);
}

TestSuite(server_lang, .init = setup, .fini = teardown, .timeout = 60);

/* GET path with these extra header lines ("" for none). */
static test_response get(const char *path, const char *headers) { return test_http(port, "GET", path, headers, NULL, 0); }

/* NAME's session cookie, as "Cookie: poshan_session=..." without the line's end, to add more. */
static char *session_of(const char *body) {
    test_response r = test_http(port, "POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n", body,
                                strlen(body));
    cr_assert_eq(r.status, 303, "login: %d %s", r.status, r.body);
    char *set = test_header(&r, "Set-Cookie"), *cookie = NULL;
    cr_assert_not_null(set);
    cr_assert(asprintf(&cookie, "Cookie: %.*s", (int)strcspn(set, ";"), set) > 0);
    free(set);
    test_response_free(&r);
    return cookie;
}
static char *session(void) { return session_of(TEST_LOGIN_BODY("asha")); }

static int has_devanagari(const char *text) {
    /* U+0900..U+097F are E0 A4 80 .. E0 A5 BF in UTF-8 */
    for (const unsigned char *p = (const unsigned char *)text; p[0] && p[1]; p++)
        if (p[0] == 0xE0 && (p[1] == 0xA4 || p[1] == 0xA5)) return 1;
    return 0;
}

Test(server_lang, a_browser_asking_for_hindi_gets_the_login_page_in_hindi) {
    test_response r = get("/login", "Accept-Language: hi-IN,hi;q=0.9,en;q=0.8\r\n");
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "<html lang=\"hi\">"), "%s", r.body);
    cr_assert(strstr(r.body, "<h1>लॉग इन करें</h1>"), "%s", r.body);
    cr_assert(strstr(r.body, ">पासवर्ड</label>"));
    cr_assert(strstr(r.body, "पीएम पोषण मध्याह्न भोजन"));
    cr_assert_null(strstr(r.body, ">Password<"));
    char *vary = test_header(&r, "Vary");
    cr_assert_str_eq(vary, "Accept-Language, Cookie");
    free(vary);
    test_response_free(&r);
}

Test(server_lang, english_stays_english) {
    static const char *const asks[] = {"", "Accept-Language: en-IN,en;q=0.9\r\n", "Accept-Language: fr, de;q=0.5\r\n",
                                       "Accept-Language: hi;q=0.3, en;q=0.8\r\n"};
    for (size_t i = 0; i < 4; i++) {
        test_response r = get("/login", asks[i]);
        cr_assert(strstr(r.body, "<html lang=\"en\">"), "asked %s", asks[i]);
        cr_assert(strstr(r.body, "<h1>Log in</h1>"));
        /* the only Hindi of an English page is the switch naming Hindi in itself */
        char *hindi = strstr(r.body, "हिन्दी");
        cr_assert_not_null(hindi);
        memcpy(hindi, "hindi_", 6);  /* हि: six bytes */
        memmove(hindi + 6, hindi + strlen("हिन्दी"), strlen(hindi + strlen("हिन्दी")) + 1);
        cr_assert_not(has_devanagari(r.body), "asked %s: %s", asks[i], r.body);
        test_response_free(&r);
    }
}

Test(server_lang, the_lang_cookie_wins_over_accept_language) {
    test_response r = get("/login", "Accept-Language: hi\r\nCookie: lang=en\r\n");
    cr_assert(strstr(r.body, "<html lang=\"en\">"));
    cr_assert(strstr(r.body, "<h1>Log in</h1>"));
    test_response_free(&r);
    r = get("/login", "Accept-Language: en-GB,en\r\nCookie: lang=hi\r\n");
    cr_assert(strstr(r.body, "<html lang=\"hi\">"));
    cr_assert(strstr(r.body, "<h1>लॉग इन करें</h1>"));
    test_response_free(&r);
    /* a cookie naming no language of ours is no choice: the browser's stands */
    r = get("/login", "Accept-Language: hi\r\nCookie: lang=xx\r\n");
    cr_assert(strstr(r.body, "<html lang=\"hi\">"));
    test_response_free(&r);
}

Test(server_lang, the_switch_remembers_the_choice_and_comes_back_to_the_same_page) {
    test_response r = get("/language?to=hi&next=%2Fflags%3Fdistrict%3DRaipur%26level%3Dprimary", "");
    cr_assert_eq(r.status, 303);
    char *location = test_header(&r, "Location"), *cookie = test_header(&r, "Set-Cookie");
    cr_assert_str_eq(location, "/flags?district=Raipur&level=primary");
    cr_assert_eq(strncmp(cookie, "lang=hi; Path=/;", 16), 0, "%s", cookie);
    cr_assert(strstr(cookie, "Max-Age=31536000"));  /* a year: 365 x 24 x 3600 */
    free(location);
    free(cookie);
    test_response_free(&r);
    /* never to another site */
    static const char *const elsewhere[] = {"%2F%2Fexample.com", "https%3A%2F%2Fexample.com", "%2F%5Cexample.com"};
    for (size_t i = 0; i < 3; i++) {
        char path[128];
        snprintf(path, sizeof path, "/language?to=en&next=%s", elsewhere[i]);
        r = get(path, "");
        location = test_header(&r, "Location");
        cr_assert_str_eq(location, "/", "next=%s", elsewhere[i]);
        free(location);
        test_response_free(&r);
    }
    r = get("/language?to=fr&next=%2F", "");
    cr_assert_eq(r.status, 400);
    cr_assert_null(test_header(&r, "Set-Cookie"));
    test_response_free(&r);
}

static void store_mitra(void);

Test(server_lang, every_page_links_to_the_other_language_of_itself) {
    store_mitra();  /* a district filter that matches nothing stored is refused */
    char *cookie = session(), headers[512];
    static const char *const pages[] = {"/dashboard", "/menu", "/flags?district=Raipur", "/plans", "/plans/egg"};
    static const char *const back[] = {"next=%2Fdashboard", "next=%2Fmenu", "next=%2Fflags%3Fdistrict%3DRaipur",
                                       "next=%2Fplans", "next=%2Fplans%2Fegg"};
    for (size_t i = 0; i < 5; i++) {
        snprintf(headers, sizeof headers, "%s; lang=hi\r\n", cookie);
        test_response r = get(pages[i], headers);
        cr_assert_eq(r.status, 200, "%s: %d", pages[i], r.status);
        cr_assert(strstr(r.body, "<html lang=\"hi\">"), "%s", pages[i]);
        cr_assert(strstr(r.body, "डैशबोर्ड"), "%s has no Hindi navigation", pages[i]);
        char link[160];
        snprintf(link, sizeof link, "href=\"/language?to=en&amp;%s\">English</a>", back[i]);
        cr_assert(strstr(r.body, link), "%s lacks %s", pages[i], link);
        test_response_free(&r);
        snprintf(headers, sizeof headers, "%s; lang=en\r\n", cookie);
        r = get(pages[i], headers);
        snprintf(link, sizeof link, "href=\"/language?to=hi&amp;%s\">हिन्दी</a>", back[i]);
        cr_assert(strstr(r.body, link), "%s lacks %s", pages[i], link);
        cr_assert(strstr(r.body, ">Dashboard</a>"));
        test_response_free(&r);
    }
    free(cookie);
}

/* Mitra's two samples of tests/fixtures/lab/good.csv: S-002 (upper primary, sampled
 * 2018-11-05) has E. coli present and is flagged. */
static void store_mitra(void) {
    static const char csv[] =
        "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,"
        "energy_kcal,protein_g,e_coli,total_plate_count_cfu_g,coliforms_cfu_g,menu_day,remarks\n"
        "S-001,Mitra S K Lab Kolkata,22070100101,GPS Kharora,Raipur,Arang,primary,school,2018-11-05,2018-11-08,"
        "520.5,14.2,absent,12000,10,monday,\n"
        "S-002,Mitra S K Lab Kolkata,22070100102,GMS Kharora,Raipur,Arang,upper_primary,school,2018-11-05,"
        "2018-11-08,650,18.5,present,,,tuesday,\n";
    char headers[256];
    snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\nContent-Type: text/csv\r\n", lab);
    test_response r = test_http(port, "POST", "/api/lab/ingest", headers, csv, strlen(csv));
    cr_assert_eq(r.status, 200, "%s", r.body);
    test_response_free(&r);
}

Test(server_lang, the_flags_page_in_hindi_writes_dates_day_first_and_levels_in_hindi) {
    store_mitra();
    char *cookie = session(), headers[512];
    snprintf(headers, sizeof headers, "%s; lang=hi\r\n", cookie);
    test_response r = get("/flags", headers);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "<td>05-11-2018</td>"), "%s", r.body);  /* 2018-11-05, day first */
    cr_assert(strstr(r.body, "<td class=\"word\">उच्च प्राथमिक</td>"));
    cr_assert(strstr(r.body, "<th>नमूना दिनांक</th>"));
    cr_assert(strstr(r.body, "चिह्नित"));
    cr_assert(strstr(r.body, "<td>S-002</td>"));
    test_response_free(&r);
    /* a stored time: the date day first, the time after a space (the column says UTC) */
    char *hi = NULL, *en = NULL;
    size_t size;
    FILE *f = open_memstream(&hi, &size);
    locale_t previous = poshan_lang_begin(POSHAN_LANG_HI);
    poshan_html_date(f, "2026-12-01T10:51:50Z");
    poshan_lang_end(previous);
    fclose(f);
    f = open_memstream(&en, &size);
    poshan_html_date(f, "2026-12-01T10:51:50Z");
    fclose(f);
    cr_assert_str_eq(hi, "01-12-2026 10:51:50");
    cr_assert_str_eq(en, "2026-12-01T10:51:50Z");
    free(hi);
    free(en);
    snprintf(headers, sizeof headers, "%s; lang=en\r\n", cookie);
    r = get("/flags", headers);
    cr_assert(strstr(r.body, "<td>2018-11-05</td>"));
    cr_assert(strstr(r.body, "<td class=\"word\">upper primary</td>"));
    test_response_free(&r);
    free(cookie);
}

/* The flags API's answer for one language, asked twice with the data unchanged
 * (the second from the cache), is the same; the JSON's field names are the same in both. */
Test(server_lang, the_answer_cache_keeps_the_languages_apart) {
    store_mitra();
    char hi_headers[256], en_headers[256];
    snprintf(hi_headers, sizeof hi_headers, "Authorization: Bearer %s\r\nAccept-Language: hi\r\n", advisor);
    snprintf(en_headers, sizeof en_headers, "Authorization: Bearer %s\r\nAccept-Language: en\r\n", advisor);
    test_response hi1 = get("/api/lab/flags?level=upper_primary", hi_headers);  /* computed, cached as Hindi */
    test_response en1 = get("/api/lab/flags?level=upper_primary", en_headers);  /* must not be the Hindi one */
    test_response hi2 = get("/api/lab/flags?level=upper_primary", hi_headers);
    cr_assert_eq(hi1.status, 200);
    cr_assert_eq(en1.status, 200);
    cr_assert_str_eq(hi2.body, hi1.body);
    cr_assert_not(has_devanagari(en1.body), "the English answer holds Hindi: %s", en1.body);
    cJSON *en = cJSON_Parse(en1.body), *hi = cJSON_Parse(hi1.body);
    cr_assert(cJSON_HasObjectItem(en, "samples") && cJSON_HasObjectItem(hi, "samples"));
    cr_assert(cJSON_HasObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(hi, "samples"), 0), "findings"));
    cJSON_Delete(en);
    cJSON_Delete(hi);
    test_response_free(&hi1);
    test_response_free(&en1);
    test_response_free(&hi2);
    /* an API error follows the language; its fields do not */
    test_response r = get("/api/nothing", "Accept-Language: hi\r\n");
    cr_assert_eq(r.status, 404);
    cr_assert(strstr(r.body, "\"ऐसा कोई पृष्ठ या API पता नहीं: /api/nothing\""), "%s", r.body);
    cr_assert(strstr(r.body, "\"field\":\t\"path\""));
    test_response_free(&r);
}

/* A food as the pages name it (poshan_html_food into a string). */
static char *food_html(const char *code, poshan_lang lang) {
    char *text = NULL;
    size_t size;
    FILE *f = open_memstream(&text, &size);
    poshan_html_food(f, &foods, code, lang);
    fclose(f);
    return text;
}

Test(server_lang, hindi_pages_name_a_food_by_its_devanagari_alias_beside_the_ifct_name) {
    /* nutrients/aliases.csv line 34: "आटा,A019"; ifct2017.csv: A019 "Wheat flour, atta" */
    char *hi = food_html("A019", POSHAN_LANG_HI), *en = food_html("A019", POSHAN_LANG_EN);
    cr_assert_str_eq(hi, "<span lang=\"hi\">आटा</span> (Wheat flour, atta, <code>A019</code>)");
    cr_assert_str_eq(en, "<span lang=\"en\">Wheat flour, atta</span> (<code>A019</code>)");
    free(hi);
    free(en);
    /* M004 has no Devanagari alias (only M001 has अंडा): its IFCT name, in Hindi too */
    hi = food_html("M004", POSHAN_LANG_HI);
    cr_assert_str_eq(hi, "<span lang=\"en\">Egg, poultry, whole, boiled</span> (<code>M004</code>)");
    free(hi);
}

Test(server_lang, the_egg_plan_page_names_its_item_in_hindi_and_english) {
    char *cookie = session(), headers[512];
    snprintf(headers, sizeof headers, "%s; lang=hi\r\n", cookie);
    test_response r = get("/plans/egg", headers);
    cr_assert_eq(r.status, 200);
    cr_assert(strstr(r.body, "<p>सामग्री <span lang=\"en\">Egg, poultry, whole, boiled</span> (<code>M004</code>), "
                             "वर्ष में 70 दिन परोसा जाता है।"), "%s", r.body);  /* 2 days x 35 weeks */
    cr_assert(strstr(r.body, "<h2>बजट</h2>"));
    test_response_free(&r);
    free(cookie);
}

Test(server_lang, a_refused_upload_says_in_hindi_all_of_why_and_what_to_do) {
    /* S-002's protein "high": 1 of 2 rows wrong, the whole file refused (the lab form, multipart) */
    static const char body[] =
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bad.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        "sample_id,lab,school_udise,school_name,district,block,level,kitchen,sampled_on,tested_on,"
        "energy_kcal,protein_g,e_coli,total_plate_count_cfu_g,coliforms_cfu_g,menu_day,remarks\n"
        "S-001,Mitra S K Lab Kolkata,22070100101,GPS Kharora,Raipur,Arang,primary,school,2018-11-05,2018-11-08,"
        "520.5,14.2,absent,12000,10,monday,\n"
        "S-002,Mitra S K Lab Kolkata,22070100102,GMS Kharora,Raipur,Arang,upper_primary,school,2018-11-05,"
        "2018-11-08,650,high,present,,,tuesday,\n\r\n--XyZ--\r\n";
    char *cookie = session_of(TEST_LOGIN_BODY("mitra")), headers[512];
    snprintf(headers, sizeof headers, "%s; lang=hi\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n", cookie);
    test_response r = test_http(port, "POST", "/lab", headers, body, strlen(body));
    cr_assert_eq(r.status, 400, "%s", r.body);
    /* po/hi.po's whole sentence, to its last word: nothing cut where a buffer ended */
    cr_assert(strstr(r.body, "इसकी 2 पंक्तियों में से 1 गलत है, इसलिए इस फ़ाइल का कुछ भी दर्ज नहीं हुआ।"), "%s", r.body);
    cr_assert(strstr(r.body, "अस्वीकृत पंक्तियाँ सुधारने के लिए डाउनलोड करें।<br>कुछ भी दर्ज नहीं हुआ।"), "%s", r.body);
    cr_assert(strstr(r.body, "<tr class=\"bad-row\"><td>3</td><td>protein_g</td>"));
    test_response_free(&r);
    free(cookie);
}
