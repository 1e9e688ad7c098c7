/* pages.c: the browser pages: log in and out, the dashboard, the menu checker,
 * the lab upload form, the flags, the intervention plans. HTML comes from the templates in the pages directory
 * (html.h); every piece of user text is escaped there. */
#define _GNU_SOURCE
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "html.h"
#include "lab_json.h"

#define HTML "text/html; charset=utf-8"

/* Renders fragment in the layout with the navigation for the user, plus vars. */
static void render(poshan_request *rq, unsigned status, const char *fragment, const char *title,
                   const poshan_html_var *vars, size_t nvars) {
    char *nav = NULL, *page = NULL;
    size_t size;
    FILE *f = open_memstream(&nav, &size);
    if (f) {
        poshan_html_nav(f, rq->user);
        fclose(f);
    }
    poshan_html_var all[nvars + 2];
    if (nvars) memcpy(all, vars, nvars * sizeof *vars);  /* vars is NULL when there are none */
    all[nvars] = (poshan_html_var){"nav", nav};
    all[nvars + 1] = (poshan_html_var){"title", title};
    poshan_error err;
    poshan_status st = poshan_html_page(rq->config->pages_dir, fragment, all, nvars + 2, &page, &size, &err);
    free(nav);
    if (st == POSHAN_OK) poshan_reply(rq, status, HTML, page, size);
    else poshan_reply(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", strdup(err.message),
                      strlen(err.message));
}

/* A malloc'd string written by fn(out, arg). */
typedef void (*write_fn)(FILE *out, const void *arg);
static char *written(write_fn fn, const void *arg) {
    char *text = NULL;
    size_t size;
    FILE *f = open_memstream(&text, &size);
    if (f == NULL) return NULL;
    fn(f, arg);
    fclose(f);
    return text;
}
static void write_escaped(FILE *out, const void *text) { poshan_html_escape(out, text); }
static void write_error(FILE *out, const void *err) { poshan_html_error(out, err); }
static void write_errors(FILE *out, const void *list) {
    const poshan_error_list *errors = list;
    for (size_t i = 0; i < errors->count; i++) poshan_html_error(out, &errors->items[i]);
}
static void write_result(FILE *out, const void *result) { poshan_html_menu_result(out, result); }
static void write_ingest(FILE *out, const void *answer) { poshan_html_lab_ingest(out, answer); }
static void write_flags(FILE *out, const void *flags) { poshan_html_lab_flags(out, flags); }
static void write_summary(FILE *out, const void *summary) { poshan_html_lab_summary(out, summary); }
static void write_plan_list(FILE *out, const void *list) { poshan_html_plan_list(out, list); }
static void write_plan(FILE *out, const void *plan) { poshan_html_plan(out, plan); }

void poshan_page_home(poshan_request *rq) { poshan_reply_redirect(rq, rq->user ? "/dashboard" : "/login"); }

void poshan_page_login_form(poshan_request *rq) { render(rq, MHD_HTTP_OK, "login.html", "Log in", NULL, 0); }

void poshan_page_login(poshan_request *rq) {
    char *token = NULL, session[POSHAN_SESSION_SIZE];
    size_t size;
    poshan_user user;
    poshan_error err;
    poshan_status st = POSHAN_EINPUT;
    if (poshan_request_form(rq, "token", &token, &size, NULL, 0) != 0)
        poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "token", "paste your API token into the form");
    else if ((st = poshan_auth_token_user(rq->db, token, &user, &err)) == POSHAN_OK)
        st = poshan_auth_session_start(rq->db, &user, rq->config->session_lifetime_s, session, &err);
    free(token);
    if (st == POSHAN_OK) {
        poshan_reply_session_cookie(rq, session);
        poshan_reply_redirect(rq, "/dashboard");
        return;
    }
    char *message = written(write_error, &err);
    const poshan_html_var vars[] = {{"message", message}};
    render(rq, st == POSHAN_EINPUT ? MHD_HTTP_UNAUTHORIZED : poshan_http_status(st), "login.html",
           "Log in", vars, 1);
    free(message);
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

static void write_users(FILE *out, const void *arg) {
    const cJSON *u;
    fputs("<table><thead><tr><th>name</th><th>role</th><th>lab</th><th>since</th></tr></thead><tbody>\n", out);
    cJSON_ArrayForEach(u, (const cJSON *)arg) {
        static const char *const keys[] = {"name", "role", "lab", "created_at"};
        fputs("<tr>", out);
        for (size_t i = 0; i < 4; i++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(u, keys[i]);
            fputs("<td>", out);
            poshan_html_escape(out, cJSON_IsString(v) ? v->valuestring : "");
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

/* The lab summary of every stored sample as HTML, or the error that stopped it. */
static char *summary_html(poshan_request *rq) {
    poshan_lab_summary sum;
    poshan_error err;
    if (poshan_lab_summary_of(rq, &sum, &err) != POSHAN_OK) return written(write_error, &err);
    cJSON *json = poshan_lab_summary_json(&sum, NULL);
    char *html = written(write_summary, json);
    cJSON_Delete(json);
    poshan_lab_summary_free(&sum);
    return html;
}

void poshan_page_dashboard(poshan_request *rq) {
    const poshan_user *u = rq->user;
    char *name = written(write_escaped, u->name), *lab = written(write_escaped, u->lab), *users = NULL;
    int reads = poshan_auth_allows(u, POSHAN_ACCESS_READ);
    char *summary = reads ? summary_html(rq) : NULL;
    cJSON *list;
    poshan_error err;
    if (u->role == POSHAN_ROLE_ADMIN && poshan_auth_users_json(rq->db, &list, &err) == POSHAN_OK) {
        users = written(write_users, list);
        cJSON_Delete(list);
    }
    const poshan_html_var vars[] = {
        {"name", name}, {"role", poshan_role_name(u->role)}, {"lab", lab}, {"users", users},
        {"summary", summary}, {"menu", reads ? "" : "hidden"},
        {"labform", poshan_auth_allows(u, POSHAN_ACCESS_LAB_WRITE) ? "" : "hidden"},
        {"admin", u->role == POSHAN_ROLE_ADMIN ? "" : "hidden"}};
    render(rq, MHD_HTTP_OK, "dashboard.html", "Dashboard", vars, sizeof vars / sizeof vars[0]);
    free(summary);
    free(name);
    free(lab);
    free(users);
}

void poshan_page_menu_form(poshan_request *rq) { render(rq, MHD_HTTP_OK, "menu.html", "Menu checker", NULL, 0); }

/* The menu of the form: an uploaded file when one was chosen, else the pasted text. */
static int form_menu(poshan_request *rq, char **text, size_t *size, char *name, size_t name_size) {
    if (poshan_request_form(rq, "file", text, size, name, name_size) == 0 && *size > 0) return 0;
    free(*text);
    snprintf(name, name_size, "pasted menu");
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
        st = poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "menu", "paste a menu or choose a menu file");
    else {
        poshan_request_form(rq, "level", &level, &level_size, NULL, 0);
        st = poshan_menu_check(rq->config, text, size, name, level, &result, &err, &errors);
    }
    if (st != POSHAN_OK && errors.count == 0) poshan_error_list_add(&errors, &err);
    char *output = st == POSHAN_OK ? written(write_result, result) : written(write_errors, &errors);
    char *pasted = text ? written(write_escaped, text) : NULL;  /* to edit and check again */
    const poshan_html_var vars[] = {{"result", output}, {"pasted", pasted}};
    render(rq, st == POSHAN_OK ? MHD_HTTP_OK : poshan_http_status(st), "menu.html", "Menu checker", vars, 2);
    cJSON_Delete(result);
    free(output);
    free(pasted);
    free(text);
    free(level);
    poshan_error_list_free(&errors);
}

void poshan_page_lab_form(poshan_request *rq) {
    char *lab = written(write_escaped, rq->user->lab);
    const poshan_html_var vars[] = {{"lab", lab}};
    render(rq, MHD_HTTP_OK, "lab.html", "Lab upload", vars, 1);
    free(lab);
}

void poshan_page_lab_upload(poshan_request *rq) {
    char *text = NULL, *partial = NULL, name[256];
    size_t size = 0, partial_size;
    cJSON *answer = NULL;
    unsigned status;
    char *output;
    if (poshan_request_form(rq, "file", &text, &size, name, sizeof name) != 0 || size == 0) {
        poshan_error err;
        poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "file", "choose a results file (CSV or JSON) to upload");
        status = MHD_HTTP_BAD_REQUEST;
        output = written(write_error, &err);
    } else {
        int keep_good = poshan_request_form(rq, "partial", &partial, &partial_size, NULL, 0) == 0;
        status = poshan_lab_upload(rq, text, size, name[0] ? name : "uploaded file", keep_good, &answer);
        output = written(write_ingest, answer);
    }
    char *lab = written(write_escaped, rq->user->lab);
    const poshan_html_var vars[] = {{"lab", lab}, {"result", output}};
    render(rq, status, "lab.html", "Lab upload", vars, 2);
    cJSON_Delete(answer);
    free(output);
    free(lab);
    free(text);
    free(partial);
}

/* Flags a page shows at once: the worst, then links to the next. */
#define POSHAN_PAGE_FLAGS 200

void poshan_page_lab_flags(poshan_request *rq) {
    poshan_lab_flags flags;
    if (poshan_lab_flags_for(rq, POSHAN_PAGE_FLAGS, &flags) != 0) return;
    cJSON *json = poshan_lab_flags_json(&flags);
    char *table = written(write_flags, json);
    const poshan_html_var vars[] = {{"flags", table}};
    render(rq, MHD_HTTP_OK, "flags.html", "Lab flags", vars, 1);
    cJSON_Delete(json);
    free(table);
    poshan_lab_flags_free(&flags);
}

void poshan_page_plans(poshan_request *rq) {
    cJSON *list;
    if (poshan_plans_for(rq, &list) != 0) return;
    char *table = written(write_plan_list, list);
    const poshan_html_var vars[] = {{"plans", table}};
    render(rq, MHD_HTTP_OK, "plans.html", "Intervention plans", vars, 1);
    cJSON_Delete(list);
    free(table);
}

void poshan_page_plan(poshan_request *rq) {
    cJSON *plan;
    if (poshan_plan_for(rq, rq->name, &plan) != 0) return;
    char *body = written(write_plan, plan);
    char *title = written(write_escaped, poshan_html_text(plan, "name"));
    const poshan_html_var vars[] = {{"plan", body}};
    render(rq, MHD_HTTP_OK, "plan.html", title ? title : "Plan", vars, 1);
    cJSON_Delete(plan);
    free(body);
    free(title);
}
