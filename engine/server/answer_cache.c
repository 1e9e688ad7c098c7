/* answer_cache.c: a small mutex-guarded ring of answers, bounded in entries
 * and in bytes (see answer_cache.h). */
#include "answer_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *key, *body;
    size_t size;
    long long generation;
} entry;

struct poshan_answer_cache {
    pthread_mutex_t lock;
    entry *entries;
    size_t count, next;   /* next: the slot the next answer replaces */
    size_t bytes, max_bytes;  /* the answers' sizes together, and their bound */
};

poshan_answer_cache *poshan_answer_cache_new(size_t entries, size_t max_bytes) {
    poshan_answer_cache *c = calloc(1, sizeof *c);
    if (c) c->entries = calloc(entries ? entries : 1, sizeof *c->entries);
    if (c == NULL || c->entries == NULL) {
        free(c);
        return NULL;
    }
    c->count = entries ? entries : 1;
    c->max_bytes = max_bytes;
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

static void clear(entry *e) {
    free(e->key);
    free(e->body);
    memset(e, 0, sizeof *e);
}

void poshan_answer_cache_free(poshan_answer_cache *c) {
    if (c == NULL) return;
    for (size_t i = 0; i < c->count; i++) clear(&c->entries[i]);
    pthread_mutex_destroy(&c->lock);
    free(c->entries);
    free(c);
}

char *poshan_answer_cache_get(poshan_answer_cache *c, const char *key, long long generation,
                              size_t *size) {
    char *copy = NULL;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->count && copy == NULL; i++) {
        const entry *e = &c->entries[i];
        if (e->key && e->generation == generation && strcmp(e->key, key) == 0 && (copy = malloc(e->size + 1))) {
            memcpy(copy, e->body, e->size + 1);
            *size = e->size;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return copy;
}

/* The bytes an entry holds, counted against the bound. */
static size_t entry_bytes(const entry *e) { return e->key ? strlen(e->key) + 1 + e->size + 1 : 0; }

static void drop(poshan_answer_cache *c, entry *e) {
    c->bytes -= entry_bytes(e);
    clear(e);
}

void poshan_answer_cache_put(poshan_answer_cache *c, const char *key, long long generation,
                             const char *body, size_t size) {
    if (strlen(key) + 1 + size + 1 > c->max_bytes) return;  /* larger than the whole cache */
    entry fresh = {strdup(key), malloc(size + 1), size, generation};
    if (fresh.key == NULL || fresh.body == NULL) {
        clear(&fresh);
        return;
    }
    memcpy(fresh.body, body, size);
    fresh.body[size] = '\0';
    pthread_mutex_lock(&c->lock);
    drop(c, &c->entries[c->next]);
    /* the oldest go first until the new answer fits */
    for (size_t i = 1; i < c->count && c->bytes + entry_bytes(&fresh) > c->max_bytes; i++)
        drop(c, &c->entries[(c->next + i) % c->count]);
    c->entries[c->next] = fresh;
    c->bytes += entry_bytes(&fresh);
    c->next = (c->next + 1) % c->count;
    pthread_mutex_unlock(&c->lock);
}
