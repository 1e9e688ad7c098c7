/* holding.h: records held under a text key until their partner arrives (a
 * child's baseline waiting for its endline, when a file is not sorted by
 * child). Each record is a fixed number of bytes, copied in and out; a
 * record taken out is freed at once, so memory follows the records held,
 * not the records ever seen. Case-sensitive; owns copies of the keys. */
#ifndef POSHAN_HOLDING_H
#define POSHAN_HOLDING_H

#include <stddef.h>

/* A slot of the table: the key's hash beside the record, so that probing
 * and moving slots never reads the records themselves. */
typedef struct poshan_holding_slot {
    size_t hash;
    void *entry;                 /* the record, then its key; NULL: an empty slot */
} poshan_holding_slot;

typedef struct poshan_holding {
    size_t value_size;           /* bytes of one record */
    poshan_holding_slot *slots;  /* open addressing, linear probing */
    size_t nslots, count;
} poshan_holding;

/* An empty holding for records of value_size bytes. */
void poshan_holding_init(poshan_holding *h, size_t value_size);
/* Holds a copy of value under key, which must not be held already: 0, or
 * -1 when out of memory (then nothing changed). */
int poshan_holding_put(poshan_holding *h, const char *key, const void *value);
/* When key is held: copies its record into value, lets it go and returns 1;
 * else 0. */
int poshan_holding_take(poshan_holding *h, const char *key, void *value);
/* Both in one look-up: when key is held, takes its record into held and
 * returns 1; else holds a copy of value under key and returns 0 (-1 when
 * out of memory). */
int poshan_holding_swap(poshan_holding *h, const char *key, const void *value, void *held);
/* A hint that key will be looked up soon: its slot is fetched into the
 * cache meanwhile (with many records held, each look-up otherwise waits
 * for memory). Changes nothing. */
void poshan_holding_prefetch(const poshan_holding *h, const char *key);
/* The records still held, one at a time: *at starts at 0; each call copies
 * the next record into value (and points *key at its key when key is not
 * NULL) and returns 1, or returns 0 after the last. The holding must not
 * change in between. */
int poshan_holding_next(const poshan_holding *h, size_t *at, void *value, const char **key);
void poshan_holding_free(poshan_holding *h);

#endif
