/* api_users.c: GET /api/users, the user list for admins, as JSON or as a CSV
 * download whose cells cannot run as spreadsheet formulas. */
#define _GNU_SOURCE
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "csvsafe.h"
#include "handlers.h"
#include "i18n.h"
#include "table.h"

static const char *text_of(const cJSON *o, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void reply_csv(poshan_request *rq, const cJSON *users) {
    char *csv = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&csv, &size);
    if (out == NULL) {
        poshan_reply_message(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL, "out of memory");
        return;
    }
    fputs("id,name,role,lab,state,last_used_at,created_at\n", out);
    const cJSON *u;
    cJSON_ArrayForEach(u, users) {
        fprintf(out, "%.0f,", cJSON_GetObjectItemCaseSensitive(u, "id")->valuedouble);
        poshan_csv_write_safe_cell(out, text_of(u, "name"), 0);
        poshan_csv_write_safe_cell(out, text_of(u, "role"), 0);
        poshan_csv_write_safe_cell(out, text_of(u, "lab"), 0);
        poshan_csv_write_safe_cell(out, text_of(u, "state"), 0);
        poshan_csv_write_safe_cell(out, text_of(u, "last_used_at"), 0);
        poshan_csv_write_safe_cell(out, text_of(u, "created_at"), 1);
    }
    fclose(out);
    poshan_reply(rq, MHD_HTTP_OK, "text/csv; charset=utf-8", csv, size);
}

void poshan_api_users(poshan_request *rq) {
    cJSON *users;
    poshan_error err;
    poshan_status st = poshan_auth_users_json(rq->db, &users, &err);
    if (st != POSHAN_OK) {
        poshan_reply_error(rq, poshan_http_status(st), &err);
        return;
    }
    const char *format = poshan_request_query(rq, "format");
    if (format && strcmp(format, "csv") == 0) {
        reply_csv(rq, users);
        cJSON_Delete(users);
    } else if (format == NULL || strcmp(format, "json") == 0) {
        cJSON *root = cJSON_CreateObject();
        cJSON_AddItemToObject(root, "users", users);
        poshan_reply_json(rq, MHD_HTTP_OK, root);
    } else {
        cJSON_Delete(users);
        poshan_reply_message(rq, MHD_HTTP_BAD_REQUEST, "format", _("format must be json or csv"));
    }
}
