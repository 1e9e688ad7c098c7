/* holding.c: records held by text key (see holding.h), in a table of slots
 * kept at most half full, probed linearly. A slot is 8 bytes: 32 bits of the
 * key's hash and the record's number, so a probe reads a record only when
 * the hashes agree, and growing or shifting the table reads none (with
 * hundreds of thousands held, each read of a record is a cache miss). The
 * records, each with its key (inline up to 15 bytes, the length of any
 * child id we know of; a longer one on its own), lie in chunks of 2 MiB
 * and a record's place, once free, is used for the next one held: no
 * allocation per record. Letting a record go shifts back the slots after it
 * that probed past its slot (Knuth, TAOCP vol. 3, 6.4 algorithm R), so no
 * slot is ever marked deleted and lookups stay short however many records
 * come and go. */
#include "holding.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "keyindex.h"

/* A record's key area: the key and its NUL when they fit, else a flag in
 * the last byte and a pointer to a copy at the start. */
#define KEY_INLINE 16
#define KEY_LONG_FLAG (KEY_INLINE - 1)

/* 2 MiB, the x86-64 huge page: tables and chunks this large are asked to
 * be backed by huge pages, so that their random look-ups miss the TLB and
 * fault in pages far less often (Linux madvise(2), MADV_HUGEPAGE; a hint
 * only). */
#define HUGE_PAGE_BYTES ((size_t)2 << 20)

/* The most slots: slot hashes and record numbers are 32 bits. */
#define MAX_SLOTS ((size_t)1 << 31)

void poshan_holding_init(poshan_holding *h, size_t value_size) {
    memset(h, 0, sizeof *h);
    h->value_size = value_size;
    h->entry_size = KEY_INLINE + (value_size + 7) / 8 * 8;   /* records stay 8-byte aligned */
    h->per_chunk = HUGE_PAGE_BYTES / h->entry_size;
}

size_t poshan_holding_hash(const char *key) { return poshan_key_hash(key); }

static char *entry_at(const poshan_holding *h, uint32_t number) {
    size_t e = number - 1;
    return h->chunks[e / h->per_chunk] + e % h->per_chunk * h->entry_size;
}

static const char *key_of(const char *entry) {
    if (entry[KEY_LONG_FLAG] == 0) return entry;
    const char *key;
    memcpy(&key, entry, sizeof key);
    return key;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t probe(const poshan_holding *h, const char *key, size_t hash) {
    size_t mask = h->nslots - 1, s = hash & mask;
    uint32_t tag = (uint32_t)hash;
    for (; h->slots[s].entry != 0; s = (s + 1) & mask)
        if (h->slots[s].hash == tag && strcmp(key_of(entry_at(h, h->slots[s].entry)), key) == 0) break;
    return s;
}

/* size bytes (a power of two), zeroed or not, huge pages asked for from 2 MiB. */
static void *new_block(size_t size, int zeroed) {
    if (size < HUGE_PAGE_BYTES) return zeroed ? calloc(1, size) : malloc(size);
    void *p = aligned_alloc(HUGE_PAGE_BYTES, size);
    if (p == NULL) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE);
#endif
    if (zeroed) memset(p, 0, size);
    return p;
}

static int grow(poshan_holding *h) {
    size_t nslots = h->nslots ? h->nslots * 2 : 64, mask = nslots - 1;
    if (nslots > MAX_SLOTS) return -1;
    poshan_holding_slot *slots = new_block(nslots * sizeof *slots, 1);
    if (slots == NULL) return -1;
    for (size_t i = 0; i < h->nslots; i++) {
        if (h->slots[i].entry == 0) continue;
        size_t s = h->slots[i].hash & mask;
        while (slots[s].entry != 0) s = (s + 1) & mask;
        slots[s] = h->slots[i];
    }
    free(h->slots);
    h->slots = slots;
    h->nslots = nslots;
    return 0;
}

/* The number of a free place for a record: one let go, else the next in
 * the chunks; 0 when out of memory. */
static uint32_t new_entry(poshan_holding *h) {
    if (h->free_head != 0) {
        uint32_t number = h->free_head;
        memcpy(&h->free_head, entry_at(h, number), sizeof h->free_head);
        return number;
    }
    if (h->used >= UINT32_MAX - 1) return 0;
    if (h->used == h->nchunks * h->per_chunk) {
        char **chunks = realloc(h->chunks, (h->nchunks + 1) * sizeof *chunks);
        if (chunks == NULL) return 0;
        h->chunks = chunks;
        if ((chunks[h->nchunks] = new_block(HUGE_PAGE_BYTES, 0)) == NULL) return 0;
        h->nchunks++;
    }
    return (uint32_t)++h->used;
}

static void free_entry(poshan_holding *h, uint32_t number) {
    char *entry = entry_at(h, number);
    if (entry[KEY_LONG_FLAG] != 0) free((void *)key_of(entry));
    memcpy(entry, &h->free_head, sizeof h->free_head);
    entry[KEY_LONG_FLAG] = 0;
    h->free_head = number;
}

/* Puts key's record in the empty slot s. */
static int put_at(poshan_holding *h, size_t s, const char *key, size_t hash, const void *value) {
    size_t n = strlen(key) + 1;
    char *copy = NULL;
    if (n > KEY_INLINE && (copy = malloc(n)) == NULL) return -1;
    uint32_t number = new_entry(h);
    if (number == 0) {
        free(copy);
        return -1;
    }
    char *entry = entry_at(h, number);
    if (copy == NULL) {
        memcpy(entry, key, n);
        memset(entry + n, 0, KEY_INLINE - n);
    } else {
        memcpy(copy, key, n);
        memcpy(entry, &copy, sizeof copy);
        entry[KEY_LONG_FLAG] = 1;
    }
    memcpy(entry + KEY_INLINE, value, h->value_size);
    h->slots[s] = (poshan_holding_slot){(uint32_t)hash, number};
    h->count++;
    return 0;
}

int poshan_holding_put(poshan_holding *h, const char *key, size_t hash, const void *value) {
    if ((h->count + 1) * 2 > h->nslots && grow(h) != 0) return -1;
    return put_at(h, probe(h, key, hash), key, hash, value);
}

static void take_at(poshan_holding *h, size_t hole, void *value);

int poshan_holding_swap(poshan_holding *h, const char *key, size_t hash, const void *value, void *held) {
    if ((h->count + 1) * 2 > h->nslots && grow(h) != 0) return -1;
    size_t s = probe(h, key, hash);
    if (h->slots[s].entry == 0) return put_at(h, s, key, hash, value);
    take_at(h, s, held);
    return 1;
}

int poshan_holding_take(poshan_holding *h, const char *key, size_t hash, void *value) {
    if (h->count == 0) return 0;
    size_t s = probe(h, key, hash);
    if (h->slots[s].entry == 0) return 0;
    take_at(h, s, value);
    return 1;
}

/* Copies out and lets go the record in slot hole. */
static void take_at(poshan_holding *h, size_t hole, void *value) {
    size_t mask = h->nslots - 1;
    uint32_t number = h->slots[hole].entry;
    memcpy(value, entry_at(h, number) + KEY_INLINE, h->value_size);
    free_entry(h, number);
    h->slots[hole].entry = 0;
    h->count--;
    /* a slot further on whose home slot is not cyclically within
     * (hole, s] probed past the hole: it moves into it */
    for (size_t s = (hole + 1) & mask; h->slots[s].entry != 0; s = (s + 1) & mask) {
        size_t home = h->slots[s].hash & mask;
        int between = hole <= s ? home > hole && home <= s : home > hole || home <= s;
        if (between) continue;
        h->slots[hole] = h->slots[s];
        h->slots[s].entry = 0;
        hole = s;
    }
}

int poshan_holding_next(const poshan_holding *h, size_t *at, void *value, const char **key) {
    for (; *at < h->nslots; (*at)++) {
        uint32_t number = h->slots[*at].entry;
        if (number == 0) continue;
        const char *entry = entry_at(h, number);
        memcpy(value, entry + KEY_INLINE, h->value_size);
        if (key) *key = key_of(entry);
        (*at)++;
        return 1;
    }
    return 0;
}

void poshan_holding_free(poshan_holding *h) {
    for (size_t i = 0; i < h->nslots; i++)
        if (h->slots[i].entry != 0) free_entry(h, h->slots[i].entry);
    for (size_t i = 0; i < h->nchunks; i++) free(h->chunks[i]);
    free(h->chunks);
    free(h->slots);
    memset(h, 0, sizeof *h);
}
