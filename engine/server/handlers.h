/* handlers.h: what each route of the server does, and the route table.
 *
 * routes.c holds the table (one line a route); the handlers live one area a
 * file: api_menu.c (menus), api_lab.c (lab results), api_users.c (users), pages.c (browser pages).
 * Adding an endpoint is a handler here and one line in routes.c. */
#ifndef POSHAN_HANDLERS_H
#define POSHAN_HANDLERS_H

#include "lab_flags.h"
#include "lab_summary.h"
#include "server.h"

extern const poshan_route poshan_routes[];
extern const size_t poshan_nroutes;
extern const poshan_route_body poshan_route_bodies[];
extern const size_t poshan_nroute_bodies;

/* Parses a menu (text of size bytes, called name in errors) and evaluates it at
 * level (a level name, or NULL or "" for every level) into the JSON of menu_json.h.
 * On error err is the first and errors (when not NULL) all of them. */
poshan_status poshan_menu_check(const poshan_server_config *config, const char *text, size_t size,
                                const char *name, const char *level, cJSON **out,
                                poshan_error *err, poshan_error_list *errors);

/* POST /api/menu/evaluate[?level=LEVEL]: a menu JSON in, `menu evaluate --format json` out. */
void poshan_api_menu_evaluate(poshan_request *rq);
/* Intervention plans (api_plans.c). */
void poshan_api_plans(poshan_request *rq);
void poshan_api_plan(poshan_request *rq);
/* Every plan's headline (*out, sorted by name) or the plan called name (*out, as
 * `poshan plan --format json`, its "file" the name), for the API and the pages:
 * 0, or -1 having answered the error (404 for a name that is no plan). */
int poshan_plans_for(poshan_request *rq, cJSON **out);
int poshan_plan_for(poshan_request *rq, const char *name, cJSON **out);
/* GET /api/users[?format=csv]: every user (admin only); CSV cells neutralised. */
void poshan_api_users(poshan_request *rq);
/* Lab results (api_lab.c). An upload of size bytes called name, as the request's
 * user (who must be a lab user, of the rows' lab): fills *answer with what was
 * stored or every bad row (lab_json.h) and returns the HTTP status. */
typedef struct poshan_upload_options {
    int partial;               /* store the good rows */
    int amend;                 /* correct stored samples (`lab ingest --amend`) ... */
    const char *reason;        /* ... saying why (required with amend) */
    int page_words;            /* say how to correct a changed sample in the page's words */
} poshan_upload_options;
unsigned poshan_lab_upload(poshan_request *rq, const char *data, size_t size, const char *name,
                           const poshan_upload_options *options, cJSON **answer);
/* The name a batch of an upload is kept under: given (the form's file name, the
 * API's ?file= or X-File-Name header) without its folders, or when none is
 * given "upload 2026-12-01 10:02 UTC by NAME". -1 having answered 400 when the
 * given name is no file name (not UTF-8, control characters, too long) and
 * refuse is set; else such a name gives way to the "upload ..." one. */
#define POSHAN_UPLOAD_NAME_CHARS 120
int poshan_upload_name(poshan_request *rq, const char *given, int refuse, char *name, size_t size);
/* Bad rows an upload's answer lists, as the CLI does; "bad_rows_not_listed"
 * counts the rest, which are not kept (each listed one is a 1.2 kB record). */
#define POSHAN_API_BAD_ROWS_LISTED 1000
/* POST /api/lab/ingest[?partial=1][&amend=1&reason=TEXT][&file=NAME]: a lab file (CSV or
 * JSON) in, what was stored out; the batch is named by file= or an X-File-Name header. */
void poshan_api_lab_ingest(poshan_request *rq);
/* GET /api/lab/flags and /api/lab/summary: level, district, block, kitchen, lab, from, to (and
 * by for the summary) as `poshan lab flags|summary` take them; format=json|csv. Flags
 * also take limit and offset as `lab flags --limit --offset`: JSON answers a page of
 * POSHAN_API_FLAGS_PAGE unless limit says otherwise (a whole list of a big store is
 * tens of megabytes), CSV POSHAN_API_FLAGS_MAX_LIMIT. */
#define POSHAN_API_FLAGS_PAGE 100
#define POSHAN_API_FLAGS_MAX_LIMIT 100000
void poshan_api_lab_flags(poshan_request *rq);
void poshan_api_lab_summary(poshan_request *rq);
/* The flags for the request's query parameters (the API's and the page's), a page
 * of default_limit (0: all) unless limit says: 0, or -1 having answered the error.
 * With refused, a filter that matches nothing stored (a misspelt district) is
 * not answered but returned there, with 1, for the page to show beside its form. */
int poshan_lab_flags_for(poshan_request *rq, size_t default_limit, poshan_lab_flags *out, poshan_error *refused);
/* The summary for the request's query parameters (the API's and the dashboard's). */
poshan_status poshan_lab_summary_of(poshan_request *rq, poshan_lab_summary *out, poshan_error *err);

/* Pages (pages.c; the lab's pages_lab.c, the admin's pages_users.c). */
void poshan_page_home(poshan_request *rq);
/* GET /language?to=hi|en&next=PATH: remembers the language (a cookie) and goes back to PATH. */
void poshan_page_language(poshan_request *rq);
void poshan_page_login_form(poshan_request *rq);
void poshan_page_login(poshan_request *rq);
void poshan_page_logout(poshan_request *rq);
void poshan_page_dashboard(poshan_request *rq);
void poshan_page_menu_form(poshan_request *rq);
void poshan_page_menu_check(poshan_request *rq);
void poshan_page_lab_form(poshan_request *rq);
void poshan_page_lab_upload(poshan_request *rq);
void poshan_page_lab_samples(poshan_request *rq);
void poshan_page_lab_batches(poshan_request *rq);
void poshan_page_lab_history(poshan_request *rq);
void poshan_page_lab_rejects(poshan_request *rq);
void poshan_page_users(poshan_request *rq);
void poshan_page_users_token(poshan_request *rq);
void poshan_page_users_revoke(poshan_request *rq);
void poshan_page_lab_flags(poshan_request *rq);
void poshan_page_plans(poshan_request *rq);
void poshan_page_plan(poshan_request *rq);

#endif
