/* api_menu.c: menu checking over HTTP: POST /api/menu/evaluate, and the
 * evaluation the menu checker page shares with it. */
#include <microhttpd.h>

#include "handlers.h"
#include "i18n.h"
#include "menu_json.h"

poshan_status poshan_menu_check(const poshan_server_config *config, const char *text, size_t size,
                                const char *name, const char *level, cJSON **out,
                                poshan_error *err, poshan_error_list *errors) {
    int index = -1;
    if (level && level[0] && (index = poshan_norms_level_index(config->norms, level)) < 0) {
        poshan_status st = poshan_error_set(err, POSHAN_EINPUT, NULL, 0, "level",
                                            _("the level must be one of the levels in norms.json (primary, "
                                            "upper_primary), not '%s'"), level);
        if (errors) poshan_error_list_add(errors, err);
        return st;
    }
    poshan_menu menu;
    poshan_error_list all = {0};
    poshan_status st = poshan_menu_parse_all(&menu, text, size, name, config->foods, config->norms, &all);
    if (st == POSHAN_OK) {
        st = poshan_menu_json(&menu, config->norms, NULL, index, out, err);
        poshan_menu_free(&menu);
    } else if (all.count > 0) {
        *err = all.items[0];
    } else {
        poshan_error_set(err, st, name, 0, NULL, "out of memory");
    }
    for (size_t i = 0; errors && i < all.count; i++) poshan_error_list_add(errors, &all.items[i]);
    poshan_error_list_free(&all);
    return st;
}

/* A bad menu: the first error as every error answer gives it, and "errors": all of them. */
void poshan_api_menu_evaluate(poshan_request *rq) {
    cJSON *result;
    poshan_error err;
    poshan_error_list errors = {0};
    poshan_status st = poshan_menu_check(rq->config, rq->body, rq->body_size, "request body",
                                         poshan_request_query(rq, "level"), &result, &err, &errors);
    if (st == POSHAN_OK) {
        poshan_reply_json(rq, MHD_HTTP_OK, result);
    } else {
        cJSON *doc = poshan_error_json(&err);
        cJSON *list = cJSON_AddArrayToObject(doc, "errors");
        for (size_t i = 0; i < errors.count; i++) cJSON_AddItemToArray(list, poshan_error_json(&errors.items[i]));
        poshan_reply_json(rq, poshan_http_status(st), doc);
    }
    poshan_error_list_free(&errors);
}
