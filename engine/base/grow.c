/* grow.c: room in a growing array (see grow.h). */
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>

int poshan_grow(void **items, size_t *capacity, size_t need, size_t size) {
    if (need <= *capacity) return 0;
    size_t cap = *capacity ? *capacity : 16;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) return -1;
        cap *= 2;
    }
    if (size && cap > SIZE_MAX / size) return -1;
    void *p = realloc(*items, cap * size);
    if (p == NULL) return -1;
    *items = p;
    *capacity = cap;
    return 0;
}
