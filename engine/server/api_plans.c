/* api_plans.c: intervention plans over HTTP: GET /api/plans (every plan in the
 * plans directory, with its headline figures) and GET /api/plans/NAME (one plan,
 * exactly as `poshan plan FILE --format json` gives it), and the same for the
 * plans pages. */
#include <ctype.h>
#include <dirent.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "i18n.h"
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

int poshan_plan_for(poshan_request *rq, const char *name, cJSON **out) {
    poshan_error err;
    if (!valid_plan_name(name, strlen(name))) {
        poshan_error_set(&err, POSHAN_EINPUT, NULL, 0, "NAME", _("'%s' is not a plan name: use the "
                         "name of an intervention file without .json, such as soy-milk"), name);
        poshan_reply_error(rq, MHD_HTTP_NOT_FOUND, &err);
        return -1;
    }
    poshan_status st = plan_of(rq->config, name, out, &err);
    if (st == POSHAN_OK) return 0;
    /* a plan file that does not exist is not the caller's bad input */
    poshan_reply_error(rq, err.line == 0 && strstr(err.message, "cannot open") ? MHD_HTTP_NOT_FOUND
                                                                             : poshan_http_status(st), &err);
    return -1;
}

/* The headline of a plan: what a committee compares first. */
static cJSON *plan_headline(const char *name, cJSON *plan) {
    cJSON *item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "name", name);
    cJSON_AddItemToObject(item, "title", cJSON_DetachItemFromObject(plan, "name"));
    cJSON *written = cJSON_GetObjectItem(plan, "as_written");
    cJSON_AddItemToObject(item, "cost_lakh", cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetObjectItem(written, "total"), "cost_lakh"), 1));
    cJSON_AddItemToObject(item, "rs_per_child_year", cJSON_Duplicate(cJSON_GetObjectItem(written, "rs_per_child_year"), 1));
    cJSON_AddNumberToObject(item, "contradictions", cJSON_GetArraySize(cJSON_GetObjectItem(plan, "contradictions")));
    return item;
}

static int compare_headlines(const void *a, const void *b) {
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    return strcmp(cJSON_GetObjectItem(x, "name")->valuestring, cJSON_GetObjectItem(y, "name")->valuestring);
}

/* The list in name order (a directory's order is the file system's whim). */
static cJSON *sorted(cJSON *list) {
    int n = cJSON_GetArraySize(list);
    cJSON **items = n > 0 ? malloc((size_t)n * sizeof *items) : NULL;
    if (items == NULL) return list;
    for (int i = n - 1; i >= 0; i--) items[i] = cJSON_DetachItemFromArray(list, i);
    qsort(items, (size_t)n, sizeof *items, compare_headlines);
    for (int i = 0; i < n; i++) cJSON_AddItemToArray(list, items[i]);
    free(items);
    return list;
}

int poshan_plans_for(poshan_request *rq, cJSON **out) {
    poshan_error err;
    DIR *dir = opendir(rq->config->plans_dir);
    if (dir == NULL) {
        poshan_error_set(&err, POSHAN_ESYSTEM, NULL, 0, NULL, _("the plans directory cannot be read"));
        poshan_reply_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, &err);
        return -1;
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
        cJSON_AddItemToArray(list, plan_headline(name, plan));
        cJSON_Delete(plan);
    }
    closedir(dir);
    if (st == POSHAN_OK) {
        *out = sorted(list);
        return 0;
    }
    cJSON_Delete(list);
    poshan_reply_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, &err);
    return -1;
}

void poshan_api_plan(poshan_request *rq) {
    cJSON *plan;
    if (poshan_plan_for(rq, rq->name, &plan) == 0) poshan_reply_json(rq, MHD_HTTP_OK, plan);
}

void poshan_api_plans(poshan_request *rq) {
    cJSON *list;
    if (poshan_plans_for(rq, &list) == 0) poshan_reply_json(rq, MHD_HTTP_OK, list);
}
