/* test_i18n.c: poshan in Hindi outside the web pages: the report (--lang hi),
 * the warning letters, the command line under a Hindi locale, and the machine
 * formats that stay the same whatever the language. The Hindi expected here is
 * written out by hand from the glossary of the translation (मानक, नमूना,
 * प्रयोगशाला, मेनू ...), not read from po/hi.po. */
#include "helpers.h"

#include <sys/stat.h>
#include <time.h>

#include "date.h"
#include "i18n.h"
#include "report.h"
#include "svg_layout.h"

/* The command line's locale for the rest of this test (each test is its own process). */
static void speak(const char *lang) {
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", lang, 1);
}

static char *read_all(const char *path) {
    char *text;
    poshan_error err;
    cr_assert_eq(poshan_read_file(path, &text, NULL, &err), POSHAN_OK, "%s: %s", path, err.message);
    return text;
}

static char *report_with(const char *args) {
    char path[] = "/tmp/poshan-test-i18n-XXXXXX";
    close(mkstemp(path));
    char *cmd;
    cr_assert(asprintf(&cmd, "report %s --out %s", args, path) > 0);
    cr_assert_eq(test_run_poshan(cmd, NULL, NULL), 0, "%s", cmd);
    char *html = read_all(path);
    unlink(path);
    free(cmd);
    return html;
}

/* The text of the element with this id (up to its closing tag). */
static void text_of(const char *html, const char *id, char *buf, size_t size) {
    char want[64];
    snprintf(want, sizeof want, "id=\"%s\">", id);
    const char *at = strstr(html, want);
    cr_assert_not_null(at, "no element %s", id);
    at += strlen(want);
    size_t n = strcspn(at, "<");
    if (n >= size) n = size - 1;
    memcpy(buf, at, n);
    buf[n] = '\0';
}

Test(i18n, report_in_hindi_has_html_lang_hi_hindi_headings_and_a_hindi_date) {
    speak("C");
    time_t before = time(NULL);
    char *html = report_with("--lang hi --menu menus/norm-basket.json");
    time_t after = time(NULL);
    cr_assert(strstr(html, "<html lang=\"hi\">"), "the page says it is Hindi");
    cr_assert(strstr(html, "<h1>मध्याह्न भोजन पोषण रिपोर्ट</h1>"), "the default title in Hindi");
    cr_assert(strstr(html, "<h2>मेनू: MDM norm basket"), "the menu heading in Hindi");
    cr_assert(strstr(html, "<h3>प्राथमिक (कक्षा I-V)</h3>"), "the level's label in Hindi");
    cr_assert(strstr(html, "<figcaption class=\"chart-title\">प्रति बच्चा ऊर्जा, प्राथमिक (कक्षा I-V)</figcaption>"),
              "the chart titles in Hindi");
    cr_assert(strstr(html, "<th>दिन</th>"), "the table headings in Hindi");
    cr_assert(strstr(html, "सप्ताह का औसत"), "the week's row in Hindi");
    cr_assert(strstr(html, "<td class=\"ok\">मानक के अनुरूप</td>"), "the verdict in Hindi");
    cr_assert_null(strstr(html, "Norms per child per meal"), "no English sentence is left");
    /* made: "1 दिसंबर 2026 10:08 UTC", day and month of the UTC date the report was made on */
    static const char *const months[] = {"जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई",
                                         "अगस्त", "सितंबर", "अक्तूबर", "नवंबर", "दिसंबर"};
    char made[128], want_before[64], want_after[64];
    text_of(html, "made-at", made, sizeof made);
    struct tm b, a;
    gmtime_r(&before, &b);
    gmtime_r(&after, &a);
    snprintf(want_before, sizeof want_before, "%d %s %d ", b.tm_mday, months[b.tm_mon], b.tm_year + 1900);
    snprintf(want_after, sizeof want_after, "%d %s %d ", a.tm_mday, months[a.tm_mon], a.tm_year + 1900);
    cr_assert(strncmp(made, want_before, strlen(want_before)) == 0 || strncmp(made, want_after, strlen(want_after)) == 0,
              "made on '%s', not '%s...'", made, want_before);
    cr_assert(strstr(made, " UTC"), "%s", made);
    free(html);
}

Test(i18n, report_in_english_stays_english_under_a_hindi_locale_when_asked) {
    speak("hi_IN.UTF-8");
    char *html = report_with("--lang en --menu menus/norm-basket.json");
    cr_assert(strstr(html, "<html lang=\"en\">"));
    cr_assert(strstr(html, "<h2>Menu: MDM norm basket"));
    cr_assert(strstr(html, "Norms per child per meal: 450 kcal and 12 g protein."));
    free(html);
    /* without --lang the report follows the locale */
    html = report_with("--menu menus/norm-basket.json");
    cr_assert(strstr(html, "<html lang=\"hi\">"));
    free(html);
}

/* menus/norm-basket.json serves A015 rice, B021 arhar dal, F006 potato, D031 brinjal, D076 tomato and
 * T005 groundnut oil; nutrients/aliases.csv gives Devanagari names to A015 (चावल), B021 (अरहर, its first),
 * F006 (आलू), D076 (टमाटर), D031 (बैंगन) and T005 (मूंगफली का तेल). */
Test(i18n, hindi_report_names_foods_by_their_devanagari_alias_where_there_is_one) {
    speak("C");
    char *html = report_with("--lang hi --menu menus/norm-basket.json"), foods[2048];
    text_of(html, "menu-foods", foods, sizeof foods);
    cr_assert(strstr(foods, "चावल (A015)"), "%s", foods);
    cr_assert(strstr(foods, "अरहर (B021)"), "%s", foods);
    cr_assert(strstr(foods, "आलू (F006)"), "%s", foods);
    cr_assert(strstr(foods, "टमाटर (D076)"), "%s", foods);
    cr_assert(strstr(foods, "बैंगन (D031)"), "%s", foods);
    cr_assert(strstr(foods, "मूंगफली का तेल (T005)"), "%s", foods);
    free(html);
    html = report_with("--lang en --menu menus/norm-basket.json");
    text_of(html, "menu-foods", foods, sizeof foods);
    cr_assert(strstr(foods, "Foods of this menu: Rice, raw, milled (A015); "), "%s", foods);
    free(html);
}

static char *ingest_fixture(const char *csv) {
    char *db;
    cr_assert(asprintf(&db, "/tmp/poshan-test-i18n-%d.db", getpid()) > 0);
    unlink(db);
    char *cmd;
    cr_assert(asprintf(&cmd, "lab ingest %s --db %s --by test", csv, db) > 0);
    cr_assert_eq(test_run_poshan(cmd, NULL, NULL), 0);
    free(cmd);
    return db;
}

/* Every chart of a whole Hindi report: no two texts overlap, none leaves its chart
 * (Devanagari counted a code point a character, as svg_layout.h counts). */
Test(i18n, hindi_report_charts_do_not_overlap) {
    speak("C");
    char *db = ingest_fixture("tests/fixtures/lab/2018-19.csv"), *args;
    cr_assert(asprintf(&args, "--lang hi --db %s --menu menus/chhattisgarh-weekly.json --menu menus/norm-basket.json "
                       "--plan menus/interventions/egg.json --plan menus/interventions/soy-milk.json "
                       "--plan menus/interventions/breakfast.json --plan menus/interventions/kitchen-garden.json "
                       "--impact tests/fixtures/impact-children.csv --treated D01,D02,D03 "
                       "--control D04,D05,D06,D07,D08", db) > 0);
    char *html = report_with(args), why[256] = "";
    cr_assert(strstr(html, "<h2>प्रभाव: वज़न</h2>"), "the impact section in Hindi");
    cr_assert(strstr(html, "हस्तक्षेप ज़िलों में बच्चों का औसत वज़न"), "the reading in Hindi");
    cr_assert(strstr(html, "<h2>पके भोजन के नमूनों के प्रयोगशाला परिणाम</h2>"), "the lab section in Hindi");
    cr_assert(strstr(html, "प्रयोगशाला परिणाम: 158 नमूने, 1 जुलाई 2018 से"), "the period with Hindi dates");
    cr_assert_not(svg_layout_problem(html, why, sizeof why), "%s", why);
    size_t charts = 0;
    for (const char *p = strstr(html, "<svg"); p; p = strstr(p + 1, "<svg")) charts++;
    cr_assert_geq(charts, 20, "the whole report was checked (%zu charts)", charts);
    free(html);
    free(args);
    unlink(db);
    free(db);
}

/* tests/fixtures/lab/good.csv: S-002 of GMS Kharora (22070100102), upper primary, sampled
 * 2018-11-05, 650 kcal against the 700 kcal norm: 50.0 kcal (7.1 %) short. */
Test(i18n, warning_letters_in_hindi_from_the_hindi_template) {
    speak("C");
    char *db = ingest_fixture("tests/fixtures/lab/good.csv"), dir[] = "/tmp/poshan-test-i18n-letters-XXXXXX", *args;
    cr_assert_not_null(mkdtemp(dir));
    cr_assert(asprintf(&args, "lab flags --db %s --letters %s --lang hi --date 2026-12-01", db, dir) > 0);
    cr_assert_eq(test_run_poshan(args, NULL, NULL), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/22070100102_2018-11.txt", dir);
    char *letter = read_all(path);
    cr_assert(strstr(letter, "दिनांक: 1 दिसंबर 2026\n"), "%s", letter);
    cr_assert(strstr(letter, "प्रधानाध्यापक"), "%s", letter);
    cr_assert(strstr(letter, "विषय: चेतावनी - पके भोजन के नमूने मानक से कम, नवंबर 2018"), "%s", letter);
    cr_assert(strstr(letter, "आपके विद्यालय के रसोईघर से"), "the kitchen type in Hindi: %s", letter);
    cr_assert(strstr(letter, "जाँचे गए एकमात्र नमूने\nमें"), "its one sample, in the oblique case: %s", letter);
    cr_assert(strstr(letter, "- नमूना S-002 (उच्च प्राथमिक), 5 नवंबर 2018 को लिया गया, Mitra S K Lab Kolkata द्वारा "
                             "8 नवंबर 2018 को जाँचा गया: ऊर्जा 650.0 kcal, 700 kcal के मानक से 50.0 kcal (7.1 %) कम"),
              "%s", letter);
    cr_assert(strstr(letter, "ई. कोलाई उपस्थित"), "%s", letter);
    cr_assert_null(strstr(letter, "{{"), "every placeholder filled: %s", letter);
    cr_assert_null(strstr(letter, "sample"), "no English left: %s", letter);
    unlink(path);
    free(letter);
    /* --lang en, under a Hindi locale: the English letter */
    speak("hi_IN.UTF-8");
    free(args);
    cr_assert(asprintf(&args, "lab flags --db %s --letters %s --lang en --date 2026-12-01", db, dir) > 0);
    cr_assert_eq(test_run_poshan(args, NULL, NULL), 0);
    letter = read_all(path);
    cr_assert(strstr(letter, "Date: 1 December 2026\n"), "%s", letter);
    cr_assert(strstr(letter, "- sample S-002 (upper primary), taken 5 November 2018"), "%s", letter);
    free(letter);
    /* no --lang under the Hindi locale: Hindi */
    free(args);
    cr_assert(asprintf(&args, "lab flags --db %s --letters %s --date 2026-12-01", db, dir) > 0);
    cr_assert_eq(test_run_poshan(args, NULL, NULL), 0);
    letter = read_all(path);
    cr_assert(strstr(letter, "दिनांक: 1 दिसंबर 2026\n"), "%s", letter);
    free(letter);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    free(args);
    unlink(db);
    free(db);
}

Test(i18n, a_bad_command_under_a_hindi_locale_is_told_in_hindi) {
    speak("hi_IN.UTF-8");
    char *err;
    cr_assert_eq(test_run_poshan("frobnicate", NULL, &err), 2);
    cr_assert(strstr(err, "poshan: अज्ञात कमांड 'frobnicate'"), "%s", err);
    cr_assert(strstr(err, "उपयोग के लिए `poshan --help` चलाएँ"), "%s", err);
    free(err);
    char *out;
    cr_assert_eq(test_run_poshan("--help", &out, NULL), 0);
    cr_assert(strstr(out, "पीएम पोषण मध्याह्न भोजन के लिए पोषण विश्लेषण"), "%s", out);
    free(out);
    speak("C");
    cr_assert_eq(test_run_poshan("frobnicate", NULL, &err), 2);
    cr_assert(strstr(err, "poshan: unknown command 'frobnicate'\nrun `poshan --help` for usage\n"), "%s", err);
    free(err);
}

Test(i18n, a_language_poshan_does_not_speak_is_a_usage_error) {
    speak("C");
    char *err;
    cr_assert_eq(test_run_poshan("report --lang fr --menu menus/norm-basket.json --out /dev/null", NULL, &err), 2);
    cr_assert(strstr(err, "--lang must be en or hi, not 'fr'"), "%s", err);
    free(err);
    cr_assert_eq(test_run_poshan("lab flags --lang xx", NULL, &err), 2);
    cr_assert(strstr(err, "--lang must be en or hi, not 'xx'"), "%s", err);
    free(err);
}

/* CSV and JSON are for tools: the same bytes in any language, '.' decimals in any locale.
 * variable=value is the locale the second run has (LANG or LC_ALL). */
static void same_output_in(const char *args, const char *variable, const char *value) {
    char *english, *other;
    speak("C");
    cr_assert_eq(test_run_poshan(args, &english, NULL), 0, "%s", args);
    setenv(variable, value, 1);
    cr_assert_eq(test_run_poshan(args, &other, NULL), 0, "%s", args);
    cr_assert_str_eq(other, english, "%s under %s=%s", args, variable, value);
    cr_assert(strstr(english, "."), "there are decimals to compare");
    free(english);
    free(other);
}

Test(i18n, menu_csv_and_json_are_byte_identical_in_hindi) {
    same_output_in("menu evaluate menus/chhattisgarh-weekly.json --format csv", "LANG", "hi_IN.UTF-8");
    same_output_in("menu evaluate menus/chhattisgarh-weekly.json --format json", "LANG", "hi_IN.UTF-8");
}

#define IMPACT_ESTIMATE "impact estimate tests/fixtures/impact-children.csv --treated D01,D02,D03 " \
                        "--control D04,D05,D06,D07,D08 --outcome weight_kg"

/* The impact tables under a Hindi locale: titles, row labels, arms and the reasons children
 * were set aside in Hindi; the machine names of the columns and measures (baseline_mean,
 * p_value, n_obs) as they are; CSV and JSON the same bytes as in English. */
Test(i18n, impact_estimate_tables_in_hindi_and_its_csv_and_json_unchanged) {
    speak("hi_IN.UTF-8");
    char *out;
    cr_assert_eq(test_run_poshan(IMPACT_ESTIMATE, &out, NULL), 0);
    cr_assert(strstr(out, "\nसमूह और दौर के अनुसार औसत weight_kg\n"), "the means' title: %s", out);
    cr_assert(strstr(out, "\nप्रभाव\n"), "the effect's title: %s", out);
    cr_assert(strstr(out, "अनुमान (kg, हस्तक्षेप का बदलाव घटा तुलना का बदलाव)"), "%s", out);
    cr_assert(strstr(out, "मानक त्रुटियाँ, इस स्तर पर समूहित"), "%s", out);
    cr_assert(strstr(out, "ज़िला, वह स्तर जिस पर हस्तक्षेप सौंपा गया"), "%s", out);
    cr_assert(strstr(out, "std_error (CR1, ज़िले के स्तर पर समूहित)"), "%s", out);
    cr_assert(strstr(out, "वाइल्ड बूटस्ट्रैप p_value (webb भार, 9999 ड्रॉ, 8 क्लस्टर)"), "%s", out);
    cr_assert(strstr(out, "यादृच्छिकीकरण p_value (ज़िला स्तर पर 56 पुनः आवंटन, सभी)"), "%s", out);
    cr_assert(strstr(out, "हस्तक्षेप ज़िले"), "%s", out);
    cr_assert(strstr(out, "\nतुलना "), "the comparison arm's row: %s", out);
    cr_assert(strstr(out, "बच्चे: छूटे बच्चे (केवल एक दौर में देखे गए)"), "the attrition title: %s", out);
    cr_assert(strstr(out, "\nअलग रखे गए बच्चे, कारण के अनुसार\n"), "%s", out);
    cr_assert(strstr(out, "\nसीमा से अधिक वज़न में कमी "), "the reasons: %s", out);
    cr_assert(strstr(out, "\nआधार रेखा पर संतुलन "), "the balance title: %s", out);
    cr_assert(strstr(out, "arm     baseline_mean  endline_mean"), "the columns keep their names: %s", out);
    cr_assert(strstr(out, "\np_value "), "%s", out);
    cr_assert_null(strstr(out, "treated minus"), "no English row label left: %s", out);
    cr_assert_null(strstr(out, "treated districts"), "%s", out);
    cr_assert_null(strstr(out, "weight loss"), "%s", out);
    cr_assert_null(strstr(out, "Effect"), "%s", out);
    free(out);
    same_output_in(IMPACT_ESTIMATE " --format csv", "LANG", "hi_IN.UTF-8");
    same_output_in(IMPACT_ESTIMATE " --format json", "LANG", "hi_IN.UTF-8");
}

/* Two districts treated of six: the wild bootstrap's p-value is below 0.05, randomization's
 * (1/15 at the least) is not, and the table says so in Hindi; its CSV and JSON, which carry
 * the same note in English, are unchanged. */
#define IMPACT_ATTENDANCE "impact attendance tests/fixtures/impact-attendance.csv --treated D01,D02 " \
                          "--control D03,D04,D05,D06 --start 2019-11"

Test(i18n, impact_attendance_and_power_tables_in_hindi) {
    speak("hi_IN.UTF-8");
    char *out;
    cr_assert_eq(test_run_poshan(IMPACT_ATTENDANCE, &out, NULL), 0);
    cr_assert(strstr(out, "\nउपस्थिति दर "), "the attendance title: %s", out);
    cr_assert(strstr(out, "अनुमान, प्रतिशत अंकों में"), "%s", out);
    cr_assert(strstr(out, "चेतावनी: वाइल्ड बूटस्ट्रैप p-मान (0.0159) 0.05 से कम है और यादृच्छिकीकरण p-मान "
                          "(0.0667) नहीं। 6 ज़िलों में से 2 हस्तक्षेप चुनने के केवल 15 तरीके हैं"),
              "the tests disagree, in Hindi: %s", out);
    cr_assert_null(strstr(out, "treated"), "no English word left (no column is named so): %s", out);
    free(out);
    same_output_in(IMPACT_ATTENDANCE " --format csv", "LANG", "hi_IN.UTF-8");
    same_output_in(IMPACT_ATTENDANCE " --format json", "LANG", "hi_IN.UTF-8");
    const char *power = "impact power --clusters-per-arm 20 --children-per-cluster 30 --icc 0.05 --sd 0.1 "
                        "--outcome attendance_rate";
    cr_assert_eq(test_run_poshan(power, &out, NULL), 0);
    cr_assert(strstr(out, "न्यूनतम पहचान योग्य प्रभाव (विद्यालय दिवसों का अनुपात)"), "%s", out);
    cr_assert(strstr(out, "सांख्यिकीय शक्ति"), "%s", out);
    free(out);
}

Test(i18n, a_german_locale_never_turns_decimal_points_into_commas) {
    same_output_in("menu evaluate menus/chhattisgarh-weekly.json --format csv", "LANG", "de_DE.UTF-8");
    same_output_in("menu evaluate menus/chhattisgarh-weekly.json", "LANG", "de_DE.UTF-8");
    same_output_in("menu evaluate menus/chhattisgarh-weekly.json --format csv", "LC_ALL", "de_DE.UTF-8");
    same_output_in("menu evaluate menus/chhattisgarh-weekly.json", "LC_NUMERIC", "de_DE.UTF-8");
}

/* The library itself: dates in the thread's language (i18n.h). */
Test(i18n, dates_in_words_follow_the_threads_language) {
    char words[64];
    locale_t was = poshan_lang_begin(POSHAN_LANG_HI);
    cr_assert_neq(was, (locale_t)0, "the hi_IN locale is installed");
    cr_assert_eq(poshan_lang_current(), POSHAN_LANG_HI);
    poshan_date_words("2026-12-01", words, sizeof words);
    cr_assert_str_eq(words, "1 दिसंबर 2026");
    poshan_date_for_reader("2018-07-01", words, sizeof words);
    cr_assert_str_eq(words, "1 जुलाई 2018");
    poshan_lang_end(was);
    cr_assert_eq(poshan_lang_current(), POSHAN_LANG_EN);
    poshan_date_words("2026-12-01", words, sizeof words);
    cr_assert_str_eq(words, "1 December 2026");
    poshan_date_for_reader("2018-07-01", words, sizeof words);
    cr_assert_str_eq(words, "2018-07-01", "English keeps the files' form");
}

/* The PDF printer is given the charts' Devanagari as HTML laid over the chart
 * (report_print.c): a chart 640 x 220 units wide on the 182 mm column, a text
 * at x 320, y 110 of font-size 10 anchored in its middle becomes a span at
 * left 50 %, top (110 - 0.8 x 10) / 220 = 46.364 %, 10 x 182 / 640 = 2.844 mm,
 * moved left by half its width; an ASCII text stays in the SVG. */
Test(i18n, pdf_copy_lays_devanagari_chart_text_over_the_chart_as_html) {
    const char *page = "<p>पाठ</p><figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 220\" "
                       "class=\"chart\"><title>t</title>\n<rect x=\"1\"/>\n"
                       "<text x=\"320.0\" y=\"110.0\" font-size=\"10\" text-anchor=\"middle\" class=\"tick\" "
                       "fill=\"#c0392b\">मानक 450</text>\n"
                       "<text x=\"10.0\" y=\"20.0\" font-size=\"10\" text-anchor=\"end\" class=\"tick\">450</text>\n"
                       "</svg></figure><p>end</p>";
    poshan_buf out = {0};
    poshan_report_for_print(page, &out);
    cr_assert_not_null(out.data);
    cr_assert(strstr(out.data, "<p>पाठ</p><figure><div style=\"position:relative\"><svg style=\"display:block\" "
                               "xmlns="), "%s", out.data);
    cr_assert(strstr(out.data, "<text x=\"10.0\" y=\"20.0\" font-size=\"10\" text-anchor=\"end\" class=\"tick\">450</text>"),
              "the ASCII text stays in the SVG: %s", out.data);
    cr_assert_null(strstr(out.data, ">मानक 450</text>"), "no Devanagari left in the SVG: %s", out.data);
    cr_assert(strstr(out.data, "<span class=\"chart-text\" style=\"position:absolute;left:50.000%;top:46.364%;"
                               "font-size:2.844mm;line-height:1;white-space:nowrap;transform:translateX(-50%);"
                               "color:#c0392b;\">मानक 450</span></div></figure><p>end</p>"), "%s", out.data);
    poshan_buf_free(&out);
    /* a page with no Devanagari in its charts is printed as it is */
    const char *english = "<svg viewBox=\"0 0 640 220\"><text x=\"1\" y=\"2\">norm 450</text></svg>";
    poshan_buf same = {0};
    poshan_report_for_print(english, &same);
    cr_assert_str_eq(same.data, english);
    poshan_buf_free(&same);
}

/* A person reads the table: under a Hindi locale its verdicts and the week's row are Hindi
 * ("ok" is मानक के अनुरूप, a shortfall मानक से ... कम); the CSV stays as tools read it. */
Test(i18n, menu_table_verdicts_in_hindi) {
    speak("hi_IN.UTF-8");
    char *out;
    cr_assert_eq(test_run_poshan("menu evaluate menus/chhattisgarh-weekly.json", &out, NULL), 0);
    cr_assert(strstr(out, "प्राथमिक (कक्षा I-V)"), "%s", out);
    cr_assert(strstr(out, "सप्ताह का औसत"), "%s", out);
    cr_assert(strstr(out, "मानक के अनुरूप"), "%s", out);
    cr_assert(strstr(out, "40.0 (50) कम"), "Tuesday's vegetables, 40 g of a 50 g norm: %s", out);
    cr_assert_null(strstr(out, "week average"), "%s", out);
    free(out);
}
