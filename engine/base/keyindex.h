/* keyindex.h: text keys (school codes, district and block names) mapped to
 * dense indices 0, 1, 2, ... in the order they were first seen, so that data
 * keyed by name can live in plain arrays. Case-sensitive; owns copies. */
#ifndef POSHAN_KEYINDEX_H
#define POSHAN_KEYINDEX_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

typedef struct poshan_keyindex {
    char **keys;      /* keys[i] is the key of index i */
    size_t count, capacity;
    uint64_t *slots;  /* open addressing: the key's hash's high 32 bits, then index + 1 in
                       * the low 32 (0: an empty slot), so a probe reads a key only when
                       * its hash looks the same */
    size_t nslots;
} poshan_keyindex;

/* The index of key, adding it when new (*added says which). POSHAN_ESYSTEM
 * when out of memory. */
poshan_status poshan_keyindex_intern(poshan_keyindex *ix, const char *key, size_t *index,
                                     int *added, poshan_error *err);
/* The index of key, or -1. */
long poshan_keyindex_find(const poshan_keyindex *ix, const char *key);
void poshan_keyindex_free(poshan_keyindex *ix);

/* The hash of a text key (FNV-1a, 64 bits), for other tables keyed by text. */
size_t poshan_key_hash(const char *key);
/* The same of the n bytes at key (no NUL among them). */
size_t poshan_key_hash_n(const char *key, size_t n);

#endif
