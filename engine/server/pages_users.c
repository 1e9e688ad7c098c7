/* pages_users.c: the admin's users page: every user with state and last use,
 * and a button to issue a new token (shown once, on the answer) or to revoke.
 * Users are added on the server's machine (`poshan users add`). */
#define _GNU_SOURCE
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "i18n.h"
#include "pages.h"

typedef struct users_view {
    const cJSON *users;
    const char *self;
} users_view;

static void write_users(FILE *out, const void *arg) {
    const users_view *v = arg;
    poshan_html_users(out, v->users, v->self);
}

/* The users page at status, with notice (HTML, may be NULL) above the list. */
static void users_page(poshan_request *rq, unsigned status, const char *notice) {
    cJSON *users;
    poshan_error err;
    poshan_status st = poshan_auth_users_json(rq->db, &users, &err);
    if (st != POSHAN_OK) {
        poshan_reply_error(rq, poshan_http_status(st), &err);
        return;
    }
    users_view view = {users, rq->user->name};
    char *table = poshan_written(write_users, &view);
    const poshan_html_var vars[] = {{"users", table}, {"notice", notice}};
    poshan_page_render(rq, status, "users.html", _("Users"), vars, 2);
    cJSON_Delete(users);
    free(table);
}

void poshan_page_users(poshan_request *rq) { users_page(rq, MHD_HTTP_OK, NULL); }

/* The name the form posts, or NULL having answered the users page with why not. */
static char *posted_name(poshan_request *rq) {
    char *name = NULL;
    size_t size;
    if (poshan_request_form(rq, "name", &name, &size, NULL, 0) == 0 && name[0]) return name;
    free(name);
    poshan_error err;
    poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "name", _("choose a user from the list"));
    char *message = poshan_written(poshan_write_error, &err);
    users_page(rq, MHD_HTTP_BAD_REQUEST, message);
    free(message);
    return NULL;
}

/* The users page after an action: its error, or notice_fmt filled with the name and extra. */
static void after(poshan_request *rq, poshan_status st, const poshan_error *err, const char *notice_fmt,
                  const char *name, const char *extra) {
    char *notice = NULL;
    if (st != POSHAN_OK) {
        notice = poshan_written(poshan_write_error, err);
    } else {
        char *who = poshan_written(poshan_write_escaped, name);
        if (asprintf(&notice, notice_fmt, who ? who : "", extra ? extra : "") < 0) notice = NULL;
        free(who);
    }
    users_page(rq, st == POSHAN_OK ? MHD_HTTP_OK : poshan_http_status(st), notice);
    free(notice);
}

void poshan_page_users_token(poshan_request *rq) {
    char *name = posted_name(rq), token[POSHAN_TOKEN_SIZE];
    if (name == NULL) return;
    poshan_error err;
    poshan_status st = poshan_auth_new_token(rq->db, name, rq->user->name, token, &err);
    after(rq, st, &err,
          _("<div class=\"notice\" id=\"new-token\" role=\"status\"><p>The new API token of <strong>%s</strong>, shown "
            "this once (copy it now and hand it over safely; the old token no longer works and their browser "
            "sessions have ended):</p><p><code id=\"token\">%s</code></p></div>\n"),
          name, st == POSHAN_OK ? token : NULL);
    explicit_bzero(token, sizeof token);
    free(name);
}

void poshan_page_users_revoke(poshan_request *rq) {
    char *name = posted_name(rq);
    if (name == NULL) return;
    poshan_error err;
    poshan_status st = strcmp(name, rq->user->name) == 0
                           ? poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "name",
                                              _("you cannot revoke yourself here: ask another admin"))
                           : poshan_auth_revoke(rq->db, name, rq->user->name, &err);
    after(rq, st, &err,
          _("<p class=\"notice\" id=\"revoked\" role=\"status\"><strong>%s</strong> is revoked: their token, password "
            "and browser sessions no longer work%s. A new token or password lets them in again.</p>\n"),
          name, "");
    free(name);
}
