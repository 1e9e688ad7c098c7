/* fuzz_growth.c: libFuzzer target for reading files of children's
 * measurements as `growth zscores` and `growth prevalence` do: every record
 * parsed, scored and written (to /dev/null), and grouped by district with
 * intervals clustered by school. Built by `make fuzz` with clang
 * -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "growth_prevalence.h"
#include "growth_zscores.h"

static poshan_status ignore_bad(void *ctx, const poshan_error *reason) {
    (void)ctx, (void)reason;
    return POSHAN_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static poshan_growth_reference ref;
    static FILE *sink;
    static int loaded;
    poshan_error err;
    if (!loaded && poshan_growth_load(&ref, "nutrients/who2007", &err) != POSHAN_OK) abort();
    if (!loaded && (sink = fopen("/dev/null", "w")) == NULL) abort();
    loaded = 1;
    /* the output format from the length, so each is reached */
    poshan_growth_zscores_options zo = {&ref, (poshan_format)(size % 3), ignore_bad, NULL, 0};
    poshan_growth_zscores_result zr;
    FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
    if (in == NULL) return 0;
    if (size == 0) fgetc(in);   /* fmemopen needs a byte: read it, leaving nothing */
    poshan_growth_zscores(in, "fuzz", sink, &zo, &zr, &err);
    fclose(in);
    in = fmemopen((void *)data, size ? size : 1, "rb");
    if (in == NULL) return 0;
    if (size == 0) fgetc(in);
    poshan_growth_prevalence_options po;
    poshan_growth_prevalence_defaults(&po, &ref);
    po.by = POSHAN_GROWTH_COL_DISTRICT;
    po.on_bad = ignore_bad;
    poshan_growth_prevalence p;
    if (poshan_growth_prevalence_read(in, "fuzz", &po, &p, &err) == POSHAN_OK) poshan_growth_prevalence_free(&p);
    fclose(in);
    return 0;
}
