/* grow.h: room in a growing array. Every list the engine builds while it
 * reads (foods, samples, flags, records, keys) grows the same way: doubled
 * when full, so that n appends cost O(n) copies in all. */
#ifndef POSHAN_GROW_H
#define POSHAN_GROW_H

#include <stddef.h>

/* Makes *items (of *capacity items of size bytes) hold at least need items,
 * doubling from 16: 0, or -1 when out of memory (then nothing changed).
 * Used as poshan_grow((void **)&list, &capacity, count + 1, sizeof *list). */
int poshan_grow(void **items, size_t *capacity, size_t need, size_t size);

#endif
