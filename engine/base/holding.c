/* holding.c: records held by text key (see holding.h), in a table of
 * pointers kept at most half full, probed linearly. A record and its key
 * are one allocation: the key's hash, the record, then the key's text.
 * Letting a record go shifts back the records after it that probed past its
 * slot (Knuth, TAOCP vol. 3, 6.4 algorithm R), so no slot is ever marked
 * deleted and lookups stay short however many records come and go. */
#include "holding.h"

#include <stdlib.h>
#include <string.h>

#include "keyindex.h"

typedef struct entry {
    size_t hash;
    unsigned char data[];        /* value_size bytes of record, then the key and its NUL */
} entry;

void poshan_holding_init(poshan_holding *h, size_t value_size) {
    memset(h, 0, sizeof *h);
    h->value_size = value_size;
}

static const char *key_of(const poshan_holding *h, const entry *e) {
    return (const char *)e->data + h->value_size;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t probe(const poshan_holding *h, const char *key, size_t hash) {
    size_t mask = h->nslots - 1, s = hash & mask;
    for (const entry *e; (e = h->slots[s]) != NULL; s = (s + 1) & mask)
        if (e->hash == hash && strcmp(key_of(h, e), key) == 0) break;
    return s;
}

static int grow(poshan_holding *h) {
    size_t nslots = h->nslots ? h->nslots * 2 : 64, mask = nslots - 1;
    void **slots = calloc(nslots, sizeof *slots);
    if (slots == NULL) return -1;
    for (size_t i = 0; i < h->nslots; i++) {
        entry *e = h->slots[i];
        if (e == NULL) continue;
        size_t s = e->hash & mask;
        while (slots[s] != NULL) s = (s + 1) & mask;
        slots[s] = e;
    }
    free(h->slots);
    h->slots = slots;
    h->nslots = nslots;
    return 0;
}

int poshan_holding_put(poshan_holding *h, const char *key, const void *value) {
    if ((h->count + 1) * 2 > h->nslots && grow(h) != 0) return -1;
    size_t n = strlen(key) + 1, hash = poshan_key_hash(key);
    entry *e = malloc(sizeof *e + h->value_size + n);
    if (e == NULL) return -1;
    e->hash = hash;
    memcpy(e->data, value, h->value_size);
    memcpy(e->data + h->value_size, key, n);
    h->slots[probe(h, key, hash)] = e;
    h->count++;
    return 0;
}

int poshan_holding_take(poshan_holding *h, const char *key, void *value) {
    if (h->count == 0) return 0;
    size_t mask = h->nslots - 1, hole = probe(h, key, poshan_key_hash(key));
    entry *e = h->slots[hole];
    if (e == NULL) return 0;
    memcpy(value, e->data, h->value_size);
    free(e);
    h->slots[hole] = NULL;
    h->count--;
    /* a record further on whose home slot is not cyclically within
     * (hole, s] probed past the hole: it moves into it */
    for (size_t s = (hole + 1) & mask; h->slots[s] != NULL; s = (s + 1) & mask) {
        size_t home = ((entry *)h->slots[s])->hash & mask;
        int between = hole <= s ? home > hole && home <= s : home > hole || home <= s;
        if (between) continue;
        h->slots[hole] = h->slots[s];
        h->slots[s] = NULL;
        hole = s;
    }
    return 1;
}

int poshan_holding_next(const poshan_holding *h, size_t *at, void *value, const char **key) {
    for (; *at < h->nslots; (*at)++) {
        const entry *e = h->slots[*at];
        if (e == NULL) continue;
        memcpy(value, e->data, h->value_size);
        if (key) *key = key_of(h, e);
        (*at)++;
        return 1;
    }
    return 0;
}

void poshan_holding_free(poshan_holding *h) {
    for (size_t i = 0; i < h->nslots; i++) free(h->slots[i]);
    free(h->slots);
    memset(h, 0, sizeof *h);
}
