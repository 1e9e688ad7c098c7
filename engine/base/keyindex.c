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

#define INDEX_BITS UINT64_C(0xFFFFFFFF)

static uint64_t tag_of(size_t hash) { return (uint64_t)hash & ~INDEX_BITS; }

/* The slot of key (of that hash): its own, or the empty one it would take. */
static uint64_t *probe(const poshan_keyindex *ix, const char *key, size_t hash) {
    size_t mask = ix->nslots - 1, s = hash & mask;
    uint64_t tag = tag_of(hash);
    for (; ix->slots[s] != 0; s = (s + 1) & mask)
        if ((ix->slots[s] & ~INDEX_BITS) == tag && strcmp(ix->keys[(ix->slots[s] & INDEX_BITS) - 1], key) == 0)
            break;
    return &ix->slots[s];
}

static int rehash(poshan_keyindex *ix) {
    size_t nslots = ix->nslots ? ix->nslots * 2 : 64;
    uint64_t *slots = calloc(nslots, sizeof *slots);
    if (slots == NULL) return -1;
    free(ix->slots);
    ix->slots = slots;
    ix->nslots = nslots;
    for (size_t i = 0; i < ix->count; i++) {
        size_t hash = poshan_key_hash(ix->keys[i]);
        *probe(ix, ix->keys[i], hash) = tag_of(hash) | (i + 1);
    }
    return 0;
}

long poshan_keyindex_find(const poshan_keyindex *ix, const char *key) {
    if (ix->nslots == 0) return -1;
    uint64_t slot = *probe(ix, key, poshan_key_hash(key));
    return slot ? (long)(slot & INDEX_BITS) - 1 : -1;
}

poshan_status poshan_keyindex_intern(poshan_keyindex *ix, const char *key, size_t *index,
                                     int *added, poshan_error *err) {
    size_t hash = poshan_key_hash(key);
    /* room first (a table at most half full), so that one probe finds the key or its place */
    if (((ix->count + 1) * 2 > ix->nslots && rehash(ix) != 0) || ix->count + 1 >= INDEX_BITS)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory indexing '%s'"), key);
    uint64_t *slot = probe(ix, key, hash);
    if (added) *added = *slot == 0;
    if (*slot != 0) {
        *index = (size_t)(*slot & INDEX_BITS) - 1;
        return POSHAN_OK;
    }
    if (poshan_grow((void **)&ix->keys, &ix->capacity, ix->count + 1, sizeof *ix->keys) != 0)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory indexing '%s'"), key);
    char *copy = strdup(key);
    if (copy == NULL)
        return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory indexing '%s'"), key);
    ix->keys[ix->count] = copy;
    *slot = tag_of(hash) | (ix->count + 1);
    *index = ix->count++;
    return POSHAN_OK;
}

void poshan_keyindex_free(poshan_keyindex *ix) {
    for (size_t i = 0; i < ix->count; i++) free(ix->keys[i]);
    free(ix->keys);
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}
