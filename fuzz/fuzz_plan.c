/* fuzz_plan.c: libFuzzer target for reading an intervention plan (the JSON of
 * menus/interventions/, read by `poshan plan` and GET /api/plans) into a
 * checked poshan_plan. Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdlib.h>

#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static poshan_foods foods;
    static poshan_norms norms;
    static poshan_plan plan;  /* large: kept out of the stack */
    static int loaded;
    poshan_error err;
    if (!loaded && (poshan_foods_load_default(&foods, "nutrients", &err) != POSHAN_OK ||
                    poshan_norms_load(&norms, "nutrients/norms.json", &err) != POSHAN_OK))
        abort();
    loaded = 1;
    poshan_plan_parse(&plan, (const char *)data, size, "fuzz", &foods, &norms, &err);
    return 0;
}
