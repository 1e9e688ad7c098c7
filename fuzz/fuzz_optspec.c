/* fuzz_optspec.c: libFuzzer target for reading a menu optimiser spec (the JSON of
 * `poshan menu optimise SPEC.json`), as the command does before it builds a program,
 * in both its forms (optimise, and the spec of --fix). Built by `make fuzz` with
 * clang -fsanitize=fuzzer,address,undefined.
 *
 * The foods are six rows of IFCT 2017 (fuzz/optspec-foods.csv), not the whole
 * table: an unknown food name is answered with the closest of every name of every
 * food, which on 542 foods takes most of a run and would leave the spec's own
 * reading little of the fuzzer's time. */
#include <stdint.h>
#include <stdlib.h>

#include "optimise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static poshan_foods foods;
    static poshan_norms norms;
    static int loaded;
    poshan_error err;
    if (!loaded && (poshan_foods_load(&foods, "fuzz/optspec-foods.csv", &err) != POSHAN_OK ||
                    poshan_norms_load(&norms, "nutrients/norms.json", &err) != POSHAN_OK))
        abort();
    loaded = 1;
    for (int for_fix = 0; for_fix < 2; for_fix++) {
        poshan_opt_spec spec;
        if (poshan_opt_spec_parse(&spec, (const char *)data, size, "fuzz", &foods, &norms, for_fix, &err) ==
            POSHAN_OK)
            poshan_opt_spec_free(&spec);
    }
    return 0;
}
