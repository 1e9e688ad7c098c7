/* menu_json.h: a menu's evaluation as JSON, the one shape that both
 * `poshan menu evaluate --format json` and the server's POST /api/menu/evaluate
 * give (built with cJSON; numbers stay numbers). It builds, it does not print. */
#ifndef POSHAN_MENU_JSON_H
#define POSHAN_MENU_JSON_H

#include <cjson/cJSON.h>

#include "menu.h"

/* The nutrients a menu report shows, in order (JSON, table and CSV alike). */
#define POSHAN_MENU_NSHOWN 10
extern const poshan_nutrient poshan_menu_shown[POSHAN_MENU_NSHOWN];

/* Evaluates menu at one level (a norms level index) or, with level < 0, at every
 * level, and returns {"menu", ["cost_note"], "notes", "warnings", "levels": {NAME: {...}}}
 * in *out (notes: assumptions the menu was read with; warnings: amounts that look mistyped),
 * which the caller frees with cJSON_Delete. prices may be NULL (no cost). */
poshan_status poshan_menu_json(const poshan_menu *menu, const poshan_norms *norms,
                               const poshan_prices *prices, int level, cJSON **out,
                               poshan_error *err);

#endif
