/* api_menu.c: menu checking over HTTP: POST /api/menu/evaluate, and the
 * evaluation the menu checker page shares with it. */
#include <microhttpd.h>

#include "handlers.h"
#include "menu_json.h"

poshan_status poshan_menu_check(const poshan_server_config *config, const char *text, size_t size,
                                const char *name, const char *level, cJSON **out,
                                poshan_error *err) {
    int index = -1;
    if (level && level[0] && (index = poshan_norms_level_index(config->norms, level)) < 0)
        return poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "level",
                                "the level must be one of the levels in norms.json (primary, "
                                "upper_primary), not '%s'", level);
    poshan_menu menu;
    poshan_status st = poshan_menu_parse(&menu, text, size, name, config->foods, config->norms, err);
    if (st != POSHAN_OK) return st;
    st = poshan_menu_json(&menu, config->norms, NULL, index, out, err);
    poshan_menu_free(&menu);
    return st;
}

void poshan_api_menu_evaluate(poshan_request *rq) {
    cJSON *result;
    poshan_error err;
    poshan_status st = poshan_menu_check(rq->config, rq->body, rq->body_size, "request body",
                                         poshan_request_query(rq, "level"), &result, &err);
    if (st == POSHAN_OK) poshan_reply_json(rq, MHD_HTTP_OK, result);
    else poshan_reply_error(rq, poshan_http_status(st), &err);
}
