/* fuzz_lab.c: libFuzzer target for reading lab files (CSV and JSON) into
 * validated samples, as `lab ingest` does before it touches the database.
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdlib.h>

#include "lab.h"

static poshan_status count_sample(void *ctx, const poshan_lab_sample *s, long line, poshan_error *err) {
    (void)s, (void)line, (void)err;
    (*(size_t *)ctx)++;
    return POSHAN_OK;
}

static poshan_status count_bad(void *ctx, const poshan_error *reason, const char *const *values) {
    (void)reason, (void)values;
    (*(size_t *)ctx)++;
    return POSHAN_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static poshan_norms norms;
    static poshan_lab_plausibility plausible;
    static int loaded;
    poshan_error err;
    if (!loaded && (poshan_norms_load(&norms, "nutrients/norms.json", &err) != POSHAN_OK ||
                    poshan_lab_plausibility_load(&plausible, "nutrients/plausibility.json", &err) != POSHAN_OK))
        abort();
    loaded = 1;
    size_t seen = 0;
    poshan_lab_reader reader = {&norms, "2019-03-31", count_sample, count_bad, &seen, &plausible, NULL};
    poshan_lab_read_buffer((const char *)data, size, "fuzz", &reader, &err);
    return 0;
}
