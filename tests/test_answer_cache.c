/* test_answer_cache.c: kept answers are given back only for their key and generation,
 * and the oldest is dropped when the cache is full. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "answer_cache.h"

static void expect_hit(poshan_answer_cache *c, const char *key, long long generation, const char *body) {
    size_t size = 0;
    char *hit = poshan_answer_cache_get(c, key, generation, &size);
    cr_assert_not_null(hit, "no answer for %s at %lld", key, generation);
    cr_assert_eq(size, strlen(body));
    cr_assert_str_eq(hit, body);
    free(hit);
}

static void expect_miss(poshan_answer_cache *c, const char *key, long long generation) {
    size_t size;
    char *hit = poshan_answer_cache_get(c, key, generation, &size);
    cr_assert_null(hit, "%s at %lld gave %s", key, generation, hit);
}

Test(answer_cache, an_answer_is_given_back_only_for_its_key_and_generation) {
    poshan_answer_cache *c = poshan_answer_cache_new(4);
    poshan_answer_cache_put(c, "flags?level=primary", 7, "[1]", 3);
    expect_hit(c, "flags?level=primary", 7, "[1]");
    expect_miss(c, "flags?level=primary", 8);  /* an ingest since: stale */
    expect_miss(c, "flags?level=upper_primary", 7);
    poshan_answer_cache_free(c);
}

Test(answer_cache, a_full_cache_drops_the_oldest_answer) {
    poshan_answer_cache *c = poshan_answer_cache_new(2);
    poshan_answer_cache_put(c, "a", 1, "A", 1);
    poshan_answer_cache_put(c, "b", 1, "B", 1);
    poshan_answer_cache_put(c, "c", 1, "C", 1);
    expect_miss(c, "a", 1);
    expect_hit(c, "b", 1, "B");
    expect_hit(c, "c", 1, "C");
    poshan_answer_cache_free(c);
}
