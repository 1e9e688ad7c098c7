/* api_plans.c: intervention plans over HTTP: GET /api/plans (every plan in the
 * plans directory, with its headline figures) and GET /api/plans/NAME (one plan,
 * exactly as `poshan plan FILE --format json` gives it). */
#include <ctype.h>
#include <dirent.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "plan_json.h"

/* A plan's name is a file name without ".json": letters, digits, '-' and '_'
 * only, so that no name can reach outside the plans directory. */
static int valid_plan_name(const char *name, size_t len) {
    if (len == 0 || len > 64) return 0;
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '_') return 0;
    return 1;
}

static poshan_status plan_of(const poshan_server_config *c, const char *name, cJSON **out,
                             poshan_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.json", c->plans_dir, name);
    poshan_plan *plan = calloc(1, sizeof *plan);
    poshan_plan_result *result = calloc(1, sizeof *result);
    poshan_status st = plan && result ? POSHAN_OK
                                      : poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, "out of memory");
    if (st == POSHAN_OK) st = poshan_plan_load(plan, path, c->foods, c->norms, err);
    if (st == POSHAN_OK) st = poshan_plan_compute(plan, c->norms, result, err);
    if (st == POSHAN_OK) {
        *out = poshan_plan_json(plan, result);
        cJSON_ReplaceItemInObject(*out, "file", cJSON_CreateString(name)); /* not the server's path */
    }
    free(plan);
    free(result);
    return st;
}

void poshan_api_plan(poshan_request *rq) {
    poshan_error err;
    if (!valid_plan_name(rq->name, strlen(rq->name))) {
        poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "NAME", "'%s' is not a plan name: use the "
                         "name of an intervention file without .json, such as soy-milk", rq->name);
        poshan_reply_error(rq, MHD_HTTP_NOT_FOUND, &err);
        return;
    }
    cJSON *plan;
    poshan_status st = plan_of(rq->config, rq->name, &plan, &err);
    if (st == POSHAN_OK) {
        poshan_reply_json(rq, MHD_HTTP_OK, plan);
    } else {
        /* a plan file that does not exist is not the caller's bad input */
        poshan_reply_error(rq, err.line == 0 && strstr(err.message, "cannot open") ? MHD_HTTP_NOT_FOUND
                                                                                 : poshan_http_status(st), &err);
    }
}

void poshan_api_plans(poshan_request *rq) {
    poshan_error err;
    DIR *dir = opendir(rq->config->plans_dir);
    if (dir == NULL) {
        poshan_error_set(&err, POSHAN_ESYSTEM, NULL, 0, NULL, "the plans directory cannot be read");
        poshan_reply_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, &err);
        return;
    }
    cJSON *list = cJSON_CreateArray();
    struct dirent *e;
    poshan_status st = POSHAN_OK;
    while (st == POSHAN_OK && (e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || !valid_plan_name(e->d_name, len - 5)) continue;
        char name[72];
        snprintf(name, sizeof name, "%.*s", (int)(len - 5), e->d_name);
        cJSON *plan;
        st = plan_of(rq->config, name, &plan, &err);
        if (st != POSHAN_OK) break;
        /* the headline: what a committee compares first */
        cJSON *item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "name", name);
        cJSON_AddItemToObject(item, "title", cJSON_DetachItemFromObject(plan, "name"));
        cJSON *written = cJSON_GetObjectItem(plan, "as_written");
        cJSON_AddItemToObject(item, "cost_lakh", cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetObjectItem(written, "total"), "cost_lakh"), 1));
        cJSON_AddItemToObject(item, "rs_per_child_year", cJSON_Duplicate(cJSON_GetObjectItem(written, "rs_per_child_year"), 1));
        cJSON_AddNumberToObject(item, "contradictions", cJSON_GetArraySize(cJSON_GetObjectItem(plan, "contradictions")));
        cJSON_AddItemToArray(list, item);
        cJSON_Delete(plan);
    }
    closedir(dir);
    if (st == POSHAN_OK) {
        poshan_reply_json(rq, MHD_HTTP_OK, list);
    } else {
        cJSON_Delete(list);
        poshan_reply_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, &err);
    }
}
