/* fuzz_composites.c: libFuzzer target for the reader of composite foods
 * (nutrients/composites.csv, or a state's own file given with --composites):
 * the input is the file, read over the shipped IFCT table and products. A file
 * is either taken whole or left out whole, and the table is as it was after a
 * refusal. Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "foods.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static poshan_foods foods;
    static size_t base;
    static char path[] = "/tmp/poshan-fuzz-composites-XXXXXX";
    poshan_error err;
    if (base == 0) {
        int fd = mkstemp(path);
        if (fd < 0) abort();
        close(fd);
        if (poshan_foods_load(&foods, "nutrients/ifct2017.csv", &err) != POSHAN_OK ||
            poshan_foods_load(&foods, "nutrients/products.csv", &err) != POSHAN_OK)
            abort();
        base = foods.count;
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL) abort();
    fwrite(data, 1, size, f);
    fclose(f);
    poshan_status st = poshan_foods_load_composites(&foods, path, &err);
    if (st != POSHAN_OK && foods.count != base) abort();   /* nothing of a refused file is kept */
    for (size_t i = base; i < foods.count; i++)
        if (foods.items[i].nrecipe == 0 || poshan_foods_find(&foods, foods.items[i].code) != &foods.items[i]) abort();
    poshan_foods_truncate(&foods, base);
    return 0;
}
