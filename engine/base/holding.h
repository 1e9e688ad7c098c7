/* holding.h: records held under a text key until their partner arrives (a
 * child's baseline waiting for its endline, when a file is not sorted by
 * child). Each record is a fixed number of bytes, copied in and out; the
 * place of a record taken out is used again for the next one held, so
 * memory follows the most records held at once, not the records ever seen.
 * Case-sensitive; owns copies of the keys. Every call takes the key's hash
 * (poshan_holding_hash) beside the key, so that a caller can work it out
 * ahead, on another thread. */
#ifndef POSHAN_HOLDING_H
#define POSHAN_HOLDING_H

#include <stddef.h>
#include <stdint.h>

/* A slot of the table: 32 bits of the key's hash beside the record's
 * number, so that probing and moving slots never read the records. */
typedef struct poshan_holding_slot {
    uint32_t hash;
    uint32_t entry;              /* the record's number + 1; 0: an empty slot */
} poshan_holding_slot;

typedef struct poshan_holding {
    size_t value_size;           /* bytes of one record */
    size_t entry_size;           /* bytes of a record with its key */
    size_t per_chunk;            /* records in a chunk of memory */
    poshan_holding_slot *slots;  /* open addressing, linear probing */
    size_t nslots, count;
    char **chunks;               /* the records, per_chunk at a time */
    size_t nchunks, used;        /* records ever placed in the chunks */
    uint32_t free_head;          /* a record's number + 1 whose place is free, then the next in it; 0: none */
} poshan_holding;

/* An empty holding for records of value_size bytes. */
void poshan_holding_init(poshan_holding *h, size_t value_size);
/* The hash every other call takes with the key. */
size_t poshan_holding_hash(const char *key);
/* Holds a copy of value under key, which must not be held already: 0, or
 * -1 when out of memory (then nothing changed). */
int poshan_holding_put(poshan_holding *h, const char *key, size_t hash, const void *value);
/* When key is held: copies its record into value, lets it go and returns 1;
 * else 0. */
int poshan_holding_take(poshan_holding *h, const char *key, size_t hash, void *value);
/* Both in one look-up: when key is held, takes its record into held and
 * returns 1; else holds a copy of value under key and returns 0 (-1 when
 * out of memory). */
int poshan_holding_swap(poshan_holding *h, const char *key, size_t hash, const void *value, void *held);
/* The records still held, one at a time: *at starts at 0; each call copies
 * the next record into value (and points *key at its key when key is not
 * NULL) and returns 1, or returns 0 after the last. The holding must not
 * change in between. */
int poshan_holding_next(const poshan_holding *h, size_t *at, void *value, const char **key);
void poshan_holding_free(poshan_holding *h);

#endif
