/* fuzz_impact.c: libFuzzer target for reading child measurements, as
 * `impact estimate` does: the file is read by the single reader and again
 * on two threads in tiny blocks (the rows cut at many places, children held
 * across blocks), and the two must agree: the same status and message, or
 * the same estimate to the last bit. The reader takes a path, so each input
 * is written to a file first. Built by `make fuzz` with clang
 * -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "impact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static char path[64];
    if (path[0] == '\0') snprintf(path, sizeof path, "/tmp/poshan-fuzz-impact-%ld.csv", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    static const char *const treated[] = {"DT"}, *const control[] = {"DC"};
    poshan_impact_options o;
    poshan_impact_defaults(&o);
    o.arms = (poshan_trial_arms){treated, 1, control, 1, POSHAN_LEVEL_DISTRICT, POSHAN_LEVEL_SCHOOL};
    o.inference.draws = 99;   /* enough to run every path, few enough to run many inputs */
    o.threads = 1;
    static poshan_impact_result one, two;
    poshan_error e1, e2;
    poshan_status s1 = poshan_impact_estimate(path, &o, &one, &e1);
    o.threads = 2;
    o.read_block_bytes = 61;   /* about a row a block */
    poshan_status s2 = poshan_impact_estimate(path, &o, &two, &e2);
    if (s1 != s2) abort();
    if (s1 != POSHAN_OK && (e1.line != e2.line || strcmp(e1.message, e2.message) != 0)) abort();
    if (s1 == POSHAN_OK) {
        int same = memcmp(&one.did.estimate, &two.did.estimate, sizeof(double)) == 0 &&
                   one.records == two.records && one.nmoved == two.nmoved;
        poshan_impact_result_free(&one);
        poshan_impact_result_free(&two);
        if (!same) abort();
    }
    return 0;
}
