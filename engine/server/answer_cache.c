/* answer_cache.c: a small mutex-guarded ring of answers (see answer_cache.h). */
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
};

poshan_answer_cache *poshan_answer_cache_new(size_t entries) {
    poshan_answer_cache *c = calloc(1, sizeof *c);
    if (c) c->entries = calloc(entries ? entries : 1, sizeof *c->entries);
    if (c == NULL || c->entries == NULL) {
        free(c);
        return NULL;
    }
    c->count = entries ? entries : 1;
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

void poshan_answer_cache_put(poshan_answer_cache *c, const char *key, long long generation,
                             const char *body, size_t size) {
    entry fresh = {strdup(key), malloc(size + 1), size, generation};
    if (fresh.key == NULL || fresh.body == NULL) {
        clear(&fresh);
        return;
    }
    memcpy(fresh.body, body, size);
    fresh.body[size] = '\0';
    pthread_mutex_lock(&c->lock);
    clear(&c->entries[c->next]);
    c->entries[c->next] = fresh;
    c->next = (c->next + 1) % c->count;
    pthread_mutex_unlock(&c->lock);
}
