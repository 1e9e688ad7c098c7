/* fuzz_menu.c: libFuzzer target for the readers of menus: a menu's JSON (as
 * `menu evaluate` and POST /api/menu/evaluate read it, then evaluated at every
 * level) and the batch CSV of every school's menu. The first byte chooses which:
 * even for JSON, odd for the batch CSV; the rest is the input.
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "menu.h"

static poshan_status count_day(void *ctx, const poshan_school_day *day, poshan_error *err) {
    (void)day, (void)err;
    (*(size_t *)ctx)++;
    return POSHAN_OK;
}

static void fuzz_json(const char *text, size_t size, const poshan_foods *foods, const poshan_norms *norms) {
    poshan_menu menu;
    poshan_error_list errors = {0};
    if (poshan_menu_parse_all(&menu, text, size, "fuzz", foods, norms, &errors) == POSHAN_OK) {
        for (size_t L = 0; L < norms->nlevels; L++) {
            poshan_level_result r;
            poshan_error err;
            if (poshan_menu_evaluate(&menu, norms, NULL, (int)L, &r, &err) != POSHAN_OK) abort();
            poshan_level_result_free(&r);
        }
        poshan_menu_free(&menu);
    }
    if (errors.count > POSHAN_MENU_MAX_ERRORS + 1) abort();   /* the list is bounded */
    poshan_error_list_free(&errors);
}

static void fuzz_batch(const char *text, size_t size, const poshan_foods *foods, const poshan_norms *norms) {
    if (size == 0) return;
    FILE *in = fmemopen((void *)text, size, "r");
    if (in == NULL) return;
    size_t days = 0;
    poshan_batch_stats stats;
    poshan_error err;
    poshan_menu_batch(in, "fuzz", foods, norms, NULL, count_day, &days, &stats, &err);
    fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static poshan_foods foods;
    static poshan_norms norms;
    static int loaded;
    poshan_error err;
    if (!loaded && (poshan_foods_load_default(&foods, "nutrients", &err) != POSHAN_OK ||
                    poshan_norms_load(&norms, "nutrients/norms.json", &err) != POSHAN_OK))
        abort();
    loaded = 1;
    if (size == 0) return 0;
    if (data[0] % 2 == 0) fuzz_json((const char *)data + 1, size - 1, &foods, &norms);
    else fuzz_batch((const char *)data + 1, size - 1, &foods, &norms);
    return 0;
}
