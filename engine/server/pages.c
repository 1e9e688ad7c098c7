/* pages.c: the browser pages: log in and out, the dashboard, the menu checker,
 * the flags, the intervention plans (the lab's pages are pages_lab.c, the
 * admin's pages_users.c). HTML comes from the templates in the pages directory
 * (html.h); every piece of user text is escaped there. */
#define _GNU_SOURCE
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "handlers.h"
#include "lab_json.h"
#include "login.h"
#include "pages.h"

void poshan_page_render(poshan_request *rq, unsigned status, const char *fragment, const char *title,
                   const poshan_html_var *vars, size_t nvars) {
    char *nav = NULL, *page = NULL;
    size_t size;
    FILE *f = open_memstream(&nav, &size);
    if (f) {
        poshan_html_lang_switch(f, rq->lang, rq->here);
        poshan_html_nav(f, rq->user);
        fclose(f);
    }
    poshan_html_var all[nvars + 3];
    if (nvars) memcpy(all, vars, nvars * sizeof *vars);  /* vars is NULL when there are none */
    all[nvars] = (poshan_html_var){"nav", nav};
    all[nvars + 1] = (poshan_html_var){"title", title};
    all[nvars + 2] = (poshan_html_var){"lang", poshan_lang_code(rq->lang)};
    poshan_error err;
    poshan_status st = poshan_html_page(rq->config->pages_dir, fragment, all, nvars + 3, &page, &size, &err);
    free(nav);
    if (st == POSHAN_OK) poshan_reply(rq, status, POSHAN_HTML_TYPE, page, size);
    else poshan_reply(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", strdup(err.message),
                      strlen(err.message));
}

char *poshan_written(poshan_write_fn fn, const void *arg) {
    char *text = NULL;
    size_t size;
    FILE *f = open_memstream(&text, &size);
    if (f == NULL) return NULL;
    fn(f, arg);
    fclose(f);
    return text;
}
void poshan_write_escaped(FILE *out, const void *text) { poshan_html_escape(out, text); }
void poshan_write_error(FILE *out, const void *err) { poshan_html_error(out, err); }
static void write_errors(FILE *out, const void *list) {
    const poshan_error_list *errors = list;
    for (size_t i = 0; i < errors->count; i++) poshan_html_error(out, &errors->items[i]);
}
static void write_result(FILE *out, const void *result) { poshan_html_menu_result(out, result); }
static void write_summary(FILE *out, const void *summary) { poshan_html_lab_summary(out, summary); }
static void write_plan_list(FILE *out, const void *list) { poshan_html_plan_list(out, list); }
typedef struct plan_view {
    const cJSON *plan;
    const poshan_foods *foods;
    poshan_lang lang;
} plan_view;
static void write_plan(FILE *out, const void *arg) {
    const plan_view *v = arg;
    poshan_html_plan(out, v->plan, v->foods, v->lang);
}

void poshan_page_home(poshan_request *rq) { poshan_reply_redirect(rq, rq->user ? "/dashboard" : "/login"); }

/* Whether next is a path of this server: "/..." but not "//host" or "/\\host",
 * which a browser would take for another site. */
static int local_path(const char *next) {
    return next && next[0] == '/' && next[1] != '/' && next[1] != '\\' && strcspn(next, "\r\n") == strlen(next);
}

void poshan_page_language(poshan_request *rq) {
    poshan_lang lang;
    const char *to = poshan_request_query(rq, "to"), *next = poshan_request_query(rq, "next");
    if (to == NULL || (strcmp(to, "hi") != 0 && strcmp(to, "en") != 0) || poshan_lang_parse(to, &lang) != 0) {
        poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, "to", _("choose a language: to=hi (Hindi) or to=en (English)"));
        return;
    }
    poshan_reply_lang_cookie(rq, lang);
    poshan_reply_redirect(rq, local_path(next) && strlen(next) < sizeof rq->location ? next : "/");
}

void poshan_page_login_form(poshan_request *rq) { poshan_page_render(rq, MHD_HTTP_OK, "login.html", _("Log in"), NULL, 0); }

void poshan_page_login(poshan_request *rq) {
    char *name = NULL, *password = NULL, session[POSHAN_SESSION_SIZE], address[64];
    size_t size;
    poshan_user user;
    poshan_error err;
    long wait_s = 0;
    poshan_request_form(rq, "name", &name, &size, NULL, 0);
    poshan_request_form(rq, "password", &password, &size, NULL, 0);
    poshan_status st = poshan_auth_password_login(rq->db, name, password, poshan_request_address(rq, address, sizeof address),
                                                  (long long)time(NULL), &user, &wait_s, &err);
    if (password) explicit_bzero(password, strlen(password));
    free(password);
    if (st == POSHAN_OK) st = poshan_auth_session_start(rq->db, &user, rq->config->session_lifetime_s, session, &err);
    if (st == POSHAN_OK) {
        free(name);
        poshan_reply_session_cookie(rq, session);
        poshan_reply_redirect(rq, "/dashboard");
        return;
    }
    char *message = poshan_written(poshan_write_error, &err), *typed = poshan_written(poshan_write_escaped, name);
    const poshan_html_var vars[] = {{"message", message}, {"name", typed}};
    unsigned status = st != POSHAN_EINPUT ? poshan_http_status(st)
                      : wait_s > 0        ? MHD_HTTP_TOO_MANY_REQUESTS
                                          : MHD_HTTP_UNAUTHORIZED;
    rq->retry_after_s = wait_s;
    poshan_page_render(rq, status, "login.html", _("Log in"), vars, 2);
    free(message);
    free(typed);
    free(name);
}

void poshan_page_logout(poshan_request *rq) {
    poshan_error err;
    poshan_status st = poshan_auth_session_end(rq->db, rq->session, &err);
    if (st != POSHAN_OK) {
        poshan_reply_error(rq, poshan_http_status(st), &err);
        return;
    }
    poshan_reply_session_cookie(rq, NULL);
    poshan_reply_redirect(rq, "/login");
}

/* The lab summary of every stored sample as HTML, or the error that stopped it. */
static char *summary_html(poshan_request *rq) {
    poshan_lab_summary sum;
    poshan_error err;
    if (poshan_lab_summary_of(rq, &sum, &err) != POSHAN_OK) return poshan_written(poshan_write_error, &err);
    cJSON *json = poshan_lab_summary_json(&sum, NULL);
    char *html = poshan_written(write_summary, json);
    cJSON_Delete(json);
    poshan_lab_summary_free(&sum);
    return html;
}

void poshan_page_dashboard(poshan_request *rq) {
    const poshan_user *u = rq->user;
    char *name = poshan_written(poshan_write_escaped, u->name), *lab = poshan_written(poshan_write_escaped, u->lab);
    int reads = poshan_auth_allows(u, POSHAN_ACCESS_READ);
    char *summary = reads ? summary_html(rq) : NULL;
    const poshan_html_var vars[] = {
        {"name", name}, {"role", poshan_html_role(u->role)}, {"lab", lab},
        {"summary", summary}, {"menu", reads ? "" : "hidden"},
        {"labform", poshan_auth_allows(u, POSHAN_ACCESS_LAB_WRITE) ? "" : "hidden"},
        {"admin", u->role == POSHAN_ROLE_ADMIN ? "" : "hidden"}};
    poshan_page_render(rq, MHD_HTTP_OK, "dashboard.html", _("Dashboard"), vars, sizeof vars / sizeof vars[0]);
    free(summary);
    free(name);
    free(lab);
}

void poshan_page_menu_form(poshan_request *rq) { poshan_page_render(rq, MHD_HTTP_OK, "menu.html", _("Menu checker"), NULL, 0); }

/* The menu of the form: an uploaded file when one was chosen, else the pasted text. */
static int form_menu(poshan_request *rq, char **text, size_t *size, char *name, size_t name_size) {
    if (poshan_request_form(rq, "file", text, size, name, name_size) == 0 && *size > 0) return 0;
    free(*text);
    snprintf(name, name_size, "%s", _("pasted menu"));
    return poshan_request_form(rq, "menu", text, size, NULL, 0);
}

void poshan_page_menu_check(poshan_request *rq) {
    char *text = NULL, *level = NULL, name[256];
    size_t size, level_size;
    cJSON *result = NULL;
    poshan_error err;
    poshan_error_list errors = {0};
    poshan_status st;
    if (form_menu(rq, &text, &size, name, sizeof name) != 0 || size == 0)
        st = poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "menu", _("paste a menu or choose a menu file"));
    else {
        poshan_request_form(rq, "level", &level, &level_size, NULL, 0);
        st = poshan_menu_check(rq->config, text, size, name, level, &result, &err, &errors);
    }
    if (st != POSHAN_OK && errors.count == 0) poshan_error_list_add(&errors, &err);
    char *output = st == POSHAN_OK ? poshan_written(write_result, result) : poshan_written(write_errors, &errors);
    char *pasted = text ? poshan_written(poshan_write_escaped, text) : NULL;  /* to edit and check again */
    const poshan_html_var vars[] = {{"result", output}, {"pasted", pasted}};
    poshan_page_render(rq, st == POSHAN_OK ? MHD_HTTP_OK : poshan_http_status(st), "menu.html", _("Menu checker"), vars, 2);
    cJSON_Delete(result);
    free(output);
    free(pasted);
    free(text);
    free(level);
    poshan_error_list_free(&errors);
}

/* Flags a page shows at once: the worst, then links to the next. */
#define POSHAN_PAGE_FLAGS 200

typedef struct flags_view {
    const cJSON *flags;
    const char *query;
} flags_view;

static void write_flags(FILE *out, const void *arg) {
    const flags_view *v = arg;
    poshan_html_lab_flags(out, v->flags, v->query);
}

static void write_filters(FILE *out, const void *arg) {
    const void *const *pair = arg;
    poshan_html_flag_filters(out, pair[0], pair[1]);
}

void poshan_page_lab_flags(poshan_request *rq) {
    poshan_lab_flags flags = {0};
    poshan_error refused = {0};
    int got = poshan_lab_flags_for(rq, POSHAN_PAGE_FLAGS, &flags, &refused);
    if (got < 0) return;
    static const char *const keys[] = {"level", "district", "block", "kitchen", "lab", "from", "to"};
    const char *values[7];
    for (size_t i = 0; i < 7; i++) values[i] = poshan_request_query(rq, keys[i]);
    poshan_flag_filter_values chosen = {values[0], values[1], values[2], values[3], values[4], values[5], values[6]};
    char *query = poshan_url_query(keys, values, 7), *csv = NULL;
    cJSON *json = got == 0 ? poshan_lab_flags_json(&flags) : NULL;
    flags_view view = {json, query ? query : ""};
    const void *pair[] = {rq->config->norms, &chosen};
    /* a filter that matches nothing stored is said beside the form, to correct
     * there; the server's own file name is no business of the page's reader */
    refused.file[0] = '\0';
    char *table = got == 0 ? poshan_written(write_flags, &view) : poshan_written(poshan_write_error, &refused);
    char *filters = poshan_written(write_filters, pair);
    if (asprintf(&csv, "/api/lab/flags?format=csv%s%s", query && query[0] ? "&" : "", query ? query : "") < 0) csv = NULL;
    char *csv_href = poshan_written(poshan_write_escaped, csv);
    const poshan_html_var vars[] = {{"flags", table}, {"filters", filters}, {"csv", csv_href}};
    poshan_page_render(rq, got == 0 ? MHD_HTTP_OK : MHD_HTTP_BAD_REQUEST, "flags.html", _("Lab flags"), vars, 3);
    cJSON_Delete(json);
    free(table);
    free(filters);
    free(query);
    free(csv);
    free(csv_href);
    poshan_lab_flags_free(&flags);
}

void poshan_page_plans(poshan_request *rq) {
    cJSON *list;
    if (poshan_plans_for(rq, &list) != 0) return;
    char *table = poshan_written(write_plan_list, list);
    const poshan_html_var vars[] = {{"plans", table}};
    poshan_page_render(rq, MHD_HTTP_OK, "plans.html", _("Intervention plans"), vars, 1);
    cJSON_Delete(list);
    free(table);
}

void poshan_page_plan(poshan_request *rq) {
    cJSON *plan;
    if (poshan_plan_for(rq, rq->name, &plan) != 0) return;
    plan_view view = {plan, rq->config->foods, rq->lang};
    char *body = poshan_written(write_plan, &view);
    char *title = poshan_written(poshan_write_escaped, poshan_html_text(plan, "name"));
    const poshan_html_var vars[] = {{"plan", body}};
    poshan_page_render(rq, MHD_HTTP_OK, "plan.html", title ? title : _("Plan"), vars, 1);
    cJSON_Delete(plan);
    free(body);
    free(title);
}
