/* answer_cache.h: the latest answers of costly read endpoints (GET /api/lab/flags),
 * kept while the data they were made from is unchanged, shared by the server's
 * threads. An answer is stored under a key (the endpoint and its parameters) and
 * a generation the caller reads from the database before computing it (the
 * highest batch id: every ingest, amendments included, adds a batch), so a new
 * ingest makes every older answer unreachable. It knows nothing of HTTP. */
#ifndef POSHAN_ANSWER_CACHE_H
#define POSHAN_ANSWER_CACHE_H

#include <stddef.h>

typedef struct poshan_answer_cache poshan_answer_cache;

/* A cache of at most `entries` answers holding at most max_bytes (keys and
 * answers together): the least recently stored go first, and an answer larger
 * than max_bytes is not kept. NULL when out of memory. */
poshan_answer_cache *poshan_answer_cache_new(size_t entries, size_t max_bytes);
void poshan_answer_cache_free(poshan_answer_cache *cache);

/* A malloc'd copy of the answer stored for key at generation (its size in *size), or NULL. */
char *poshan_answer_cache_get(poshan_answer_cache *cache, const char *key, long long generation,
                              size_t *size);
/* Stores a copy of body for key at generation (nothing when out of memory). */
void poshan_answer_cache_put(poshan_answer_cache *cache, const char *key, long long generation,
                             const char *body, size_t size);

#endif
