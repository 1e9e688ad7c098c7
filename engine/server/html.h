/* html.h: the HTML of the browser pages. Templates are files in the pages
 * directory (web/): layout.html around one fragment per page, with {{name}}
 * placeholders. Everything that comes from users or data is escaped here
 * before it reaches a page. The menu result table is drawn from the same JSON
 * the API answers (menu_json.h), so the page and the API cannot disagree. */
#ifndef POSHAN_HTML_H
#define POSHAN_HTML_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "auth.h"
#include "error.h"
#include "foods.h"
#include "i18n.h"
#include "norms.h"

typedef struct poshan_html_var {
    const char *name;   /* placeholder name, {{name}} */
    const char *html;   /* inserted as it is: escape user text first */
} poshan_html_var;

/* pages_dir/fragment filled with vars, placed as {{content}} in pages_dir/layout.html
 * (whose own placeholders are filled from vars too). A placeholder without a var
 * becomes empty. *out is malloc'd. */
poshan_status poshan_html_page(const char *pages_dir, const char *fragment,
                               const poshan_html_var *vars, size_t nvars, char **out,
                               size_t *size, poshan_error *err);

/* text with & < > " ' escaped. */
void poshan_html_escape(FILE *out, const char *text);
/* <td>text</td>, text escaped. */
void poshan_html_cell(FILE *out, const char *text);
/* The same for a word of a text column (a district, a level): set to the left
 * like the text around it, where numbers are set to the right. */
void poshan_html_word_cell(FILE *out, const char *text);
/* o's member key as a number (0 when not a number) or a string ("" when not a string). */
double poshan_html_number(const cJSON *o, const char *key);
const char *poshan_html_text(const cJSON *o, const char *key);

/* Page text is written in English inside _() and shown in the reader's
 * language (the server switches the handler's thread, i18n.h); a template's
 * own words are marked {{_ English text}} (html.c, scripts/web-strings.py). */

/* <thead> of labels (N_() marked English), each in the reader's language. */
void poshan_html_thead(FILE *out, const char *const *labels, size_t n);
/* A level's name (nutrients/norms.json: "primary", "upper_primary") in the reader's language. */
const char *poshan_html_level(const char *name);
/* A role's name in the reader's language. */
const char *poshan_html_role(poshan_role role);
/* A date written YYYY-MM-DD (and anything after it, a time) in the reader's
 * form (01-12-2026 in Hindi), escaped; other text escaped as it is. */
void poshan_html_date(FILE *out, const char *text);
/* The food of code as a reader knows it: in Hindi its Devanagari name from the
 * alias table (nutrients/aliases.csv) when it has one, with the IFCT name and
 * code beside it; else the IFCT name and code. */
void poshan_html_food(FILE *out, const poshan_foods *foods, const char *code, poshan_lang lang);
/* "हिन्दी | English": the language not shown now links to /language, which
 * remembers the choice and comes back to here (path and query). */
void poshan_html_lang_switch(FILE *out, poshan_lang lang, const char *here);

/* The navigation links user may follow (nothing when user is NULL), as HTML. */
void poshan_html_nav(FILE *out, const poshan_user *user);

/* Every user with role, lab, state, password, last use and since, and buttons to
 * issue a new token or revoke (id "users"); self (the admin looking) is not revocable here. */
void poshan_html_users(FILE *out, const cJSON *users, const char *self);

/* key=value&... for the values given (NULL or "" left out), percent-encoded; malloc'd. */
char *poshan_url_query(const char *const *keys, const char *const *values, size_t n);

/* An error as a paragraph of class "error", saying where (file, line, field) and what. */
void poshan_html_error(FILE *out, const poshan_error *err);

/* A menu result (the JSON of poshan_menu_json) as one table per level: the days and
 * the week with energy, protein, fat, iron, calcium and pass or fail on each norm. */
void poshan_html_menu_result(FILE *out, const cJSON *result);

/* Lab results (html_lab.c), drawn from the JSON the API answers (lab_json.h). */
/* An ingest answer: what was stored, or why nothing was, with every bad row (line, field, reason). */
void poshan_html_lab_ingest(FILE *out, const cJSON *answer);
/* The flagged samples, worst first, as a table (id "flags"), with links to the
 * pages before and after keeping query (the filters, URL-encoded, "" for none). */
void poshan_html_lab_flags(FILE *out, const cJSON *flags, const char *query);
/* The filters of the flags page as a form, showing the values asked (NULL: any). */
typedef struct poshan_flag_filter_values {
    const char *level, *district, *block, *kitchen, *lab, *from, *to;
} poshan_flag_filter_values;
void poshan_html_flag_filters(FILE *out, const poshan_norms *norms, const poshan_flag_filter_values *values);
/* "1 to 50 of 312 NOUN." with links to path?query&offset=... before and after (id). */
void poshan_html_pager(FILE *out, const char *id, const char *path, const char *query, double offset,
                       double limit, int shown, double total, const char *noun);
/* The clerk's pages, from lab_browse.h's JSON: stored samples (each linked to its
 * history; query the search, URL-encoded), batches (with a link to the rejected
 * rows when kept), and a sample's revisions ({"revision", "latest", "ingested_at",
 * "ingested_by", "file", "reason", "school_name", "sampled_on", "energy_kcal",
 * "protein_g", "e_coli"}, oldest first). */
void poshan_html_lab_samples(FILE *out, const cJSON *page, const char *query);
void poshan_html_lab_batches(FILE *out, const cJSON *page);
void poshan_html_lab_history(FILE *out, const cJSON *revisions);
/* The summary per level: samples, mean and share meeting each norm (id "summary"). */
void poshan_html_lab_summary(FILE *out, const cJSON *summary);

/* Intervention plans (html_plan.c), drawn from the JSON of GET /api/plans and /api/plans/NAME. */
/* Every plan with its cost, cost a child a year and contradictions, linked to its page (id "plans"). */
void poshan_html_plan_list(FILE *out, const cJSON *list);
/* One plan: contradictions, then per budget the areas, the nutrients added and the
 * cost per gram of protein and per 100 kcal, then the source's figures checked. */
void poshan_html_plan(FILE *out, const cJSON *plan, const poshan_foods *foods, poshan_lang lang);

#endif
