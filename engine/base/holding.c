/* holding.c: records held by text key (see holding.h), in a table of slots
 * kept at most half full, probed linearly. A record and its key are one
 * allocation; each slot keeps the key's hash beside it, so a probe reads a
 * record only when the hashes agree, and growing or shifting the table reads
 * none (with hundreds of thousands held, each read of a record is a cache
 * miss). Letting a record go shifts back the records after it that probed
 * past its slot (Knuth, TAOCP vol. 3, 6.4 algorithm R), so no slot is ever
 * marked deleted and lookups stay short however many records come and go. */
#include "holding.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "keyindex.h"

void poshan_holding_init(poshan_holding *h, size_t value_size) {
    memset(h, 0, sizeof *h);
    h->value_size = value_size;
}

static const char *key_of(const poshan_holding *h, const void *entry) {
    return (const char *)entry + h->value_size;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t probe(const poshan_holding *h, const char *key, size_t hash) {
    size_t mask = h->nslots - 1, s = hash & mask;
    for (; h->slots[s].entry != NULL; s = (s + 1) & mask)
        if (h->slots[s].hash == hash && strcmp(key_of(h, h->slots[s].entry), key) == 0) break;
    return s;
}

/* 2 MiB, the x86-64 huge page: a table this large is asked to be backed by
 * huge pages, so that its random look-ups miss the TLB and fault in pages
 * far less often (Linux madvise(2), MADV_HUGEPAGE; a hint only). */
#define HUGE_PAGE_BYTES ((size_t)2 << 20)

static poshan_holding_slot *new_slots(size_t nslots) {
    size_t bytes = nslots * sizeof(poshan_holding_slot);
    if (bytes < HUGE_PAGE_BYTES) return calloc(nslots, sizeof(poshan_holding_slot));
    poshan_holding_slot *slots = aligned_alloc(HUGE_PAGE_BYTES, bytes);   /* bytes: a power of two */
    if (slots == NULL) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(slots, bytes, MADV_HUGEPAGE);
#endif
    memset(slots, 0, bytes);
    return slots;
}

static int grow(poshan_holding *h) {
    size_t nslots = h->nslots ? h->nslots * 2 : 64, mask = nslots - 1;
    poshan_holding_slot *slots = new_slots(nslots);
    if (slots == NULL) return -1;
    for (size_t i = 0; i < h->nslots; i++) {
        if (h->slots[i].entry == NULL) continue;
        size_t s = h->slots[i].hash & mask;
        while (slots[s].entry != NULL) s = (s + 1) & mask;
        slots[s] = h->slots[i];
    }
    free(h->slots);
    h->slots = slots;
    h->nslots = nslots;
    return 0;
}

/* Puts key's record in the empty slot s. */
static int put_at(poshan_holding *h, size_t s, const char *key, size_t hash, const void *value) {
    size_t n = strlen(key) + 1;
    char *entry = malloc(h->value_size + n);
    if (entry == NULL) return -1;
    memcpy(entry, value, h->value_size);
    memcpy(entry + h->value_size, key, n);
    h->slots[s] = (poshan_holding_slot){hash, entry};
    h->count++;
    return 0;
}

int poshan_holding_put(poshan_holding *h, const char *key, const void *value) {
    if ((h->count + 1) * 2 > h->nslots && grow(h) != 0) return -1;
    size_t hash = poshan_key_hash(key);
    return put_at(h, probe(h, key, hash), key, hash, value);
}

static void take_at(poshan_holding *h, size_t hole, void *value);

int poshan_holding_swap(poshan_holding *h, const char *key, const void *value, void *held) {
    if ((h->count + 1) * 2 > h->nslots && grow(h) != 0) return -1;
    size_t hash = poshan_key_hash(key), s = probe(h, key, hash);
    if (h->slots[s].entry == NULL) return put_at(h, s, key, hash, value);
    take_at(h, s, held);
    return 1;
}

int poshan_holding_take(poshan_holding *h, const char *key, void *value) {
    if (h->count == 0) return 0;
    size_t s = probe(h, key, poshan_key_hash(key));
    if (h->slots[s].entry == NULL) return 0;
    take_at(h, s, value);
    return 1;
}

/* Copies out and lets go the record in slot hole. */
static void take_at(poshan_holding *h, size_t hole, void *value) {
    size_t mask = h->nslots - 1;
    void *entry = h->slots[hole].entry;
    memcpy(value, entry, h->value_size);
    free(entry);
    h->slots[hole].entry = NULL;
    h->count--;
    /* a record further on whose home slot is not cyclically within
     * (hole, s] probed past the hole: it moves into it */
    for (size_t s = (hole + 1) & mask; h->slots[s].entry != NULL; s = (s + 1) & mask) {
        size_t home = h->slots[s].hash & mask;
        int between = hole <= s ? home > hole && home <= s : home > hole || home <= s;
        if (between) continue;
        h->slots[hole] = h->slots[s];
        h->slots[s].entry = NULL;
        hole = s;
    }
}

void poshan_holding_prefetch(const poshan_holding *h, const char *key) {
    if (h->count > 0) __builtin_prefetch(&h->slots[poshan_key_hash(key) & (h->nslots - 1)]);
}

int poshan_holding_next(const poshan_holding *h, size_t *at, void *value, const char **key) {
    for (; *at < h->nslots; (*at)++) {
        const void *entry = h->slots[*at].entry;
        if (entry == NULL) continue;
        memcpy(value, entry, h->value_size);
        if (key) *key = key_of(h, entry);
        (*at)++;
        return 1;
    }
    return 0;
}

void poshan_holding_free(poshan_holding *h) {
    for (size_t i = 0; i < h->nslots; i++) free(h->slots[i].entry);
    free(h->slots);
    memset(h, 0, sizeof *h);
}
