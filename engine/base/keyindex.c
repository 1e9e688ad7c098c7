/* keyindex.c: text keys to dense indices (see keyindex.h), by FNV-1a hashing
 * and linear probing in a table kept at most half full. */
#include "keyindex.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "i18n.h"

/* FNV-1a, 64 bits: offset basis and prime */
#define FNV_BASIS 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

size_t poshan_key_hash(const char *key) {
    size_t h = FNV_BASIS;
    for (; *key; key++) h = (h ^ (unsigned char)*key) * FNV_PRIME;
    return h;
}

size_t poshan_key_hash_n(const char *key, size_t n) {
    size_t h = FNV_BASIS;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)key[i]) * FNV_PRIME;
    return h;
}

static size_t *probe(const poshan_keyindex *ix, const char *key) {
    size_t s = poshan_key_hash(key) & (ix->nslots - 1);
    while (ix->slots[s] && strcmp(ix->keys[ix->slots[s] - 1], key) != 0) s = (s + 1) & (ix->nslots - 1);
    return &ix->slots[s];
}

static int rehash(poshan_keyindex *ix) {
    size_t nslots = ix->nslots ? ix->nslots * 2 : 64;
    size_t *slots = calloc(nslots, sizeof *slots);
    if (slots == NULL) return -1;
    free(ix->slots);
    ix->slots = slots;
    ix->nslots = nslots;
    for (size_t i = 0; i < ix->count; i++) *probe(ix, ix->keys[i]) = i + 1;
    return 0;
}

long poshan_keyindex_find(const poshan_keyindex *ix, const char *key) {
    if (ix->nslots == 0) return -1;
    size_t slot = *probe(ix, key);
    return slot ? (long)slot - 1 : -1;
}

poshan_status poshan_keyindex_intern(poshan_keyindex *ix, const char *key, size_t *index,
                                     int *added, poshan_error *err) {
    long found = poshan_keyindex_find(ix, key);
    if (added) *added = found < 0;
    if (found >= 0) {
        *index = (size_t)found;
        return POSHAN_OK;
    }
    if ((ix->count + 1) * 2 > ix->nslots && rehash(ix) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory indexing '%s'"), key);
    if (poshan_grow((void **)&ix->keys, &ix->capacity, ix->count + 1, sizeof *ix->keys) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory indexing '%s'"), key);
    char *copy = strdup(key);
    if (copy == NULL)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory indexing '%s'"), key);
    ix->keys[ix->count] = copy;
    *probe(ix, key) = ix->count + 1;
    *index = ix->count++;
    return POSHAN_OK;
}

void poshan_keyindex_free(poshan_keyindex *ix) {
    for (size_t i = 0; i < ix->count; i++) free(ix->keys[i]);
    free(ix->keys);
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}
