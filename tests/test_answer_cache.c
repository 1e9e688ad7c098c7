/* test_answer_cache.c: kept answers are given back only for their key and generation,
 * and the oldest is dropped when the cache is full, in entries or in bytes. */
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
    poshan_answer_cache *c = poshan_answer_cache_new(4, 1 << 20);
    poshan_answer_cache_put(c, "flags?level=primary", 7, "[1]", 3);
    expect_hit(c, "flags?level=primary", 7, "[1]");
    expect_miss(c, "flags?level=primary", 8);  /* an ingest since: stale */
    expect_miss(c, "flags?level=upper_primary", 7);
    poshan_answer_cache_free(c);
}

Test(answer_cache, a_full_cache_drops_the_oldest_answer) {
    poshan_answer_cache *c = poshan_answer_cache_new(2, 1 << 20);
    poshan_answer_cache_put(c, "a", 1, "A", 1);
    poshan_answer_cache_put(c, "b", 1, "B", 1);
    poshan_answer_cache_put(c, "c", 1, "C", 1);
    expect_miss(c, "a", 1);
    expect_hit(c, "b", 1, "B");
    expect_hit(c, "c", 1, "C");
    poshan_answer_cache_free(c);
}

/* Keys and answers count with their terminating NULs: "a" and "AAAA" take 2 + 5 = 7 bytes. */
Test(answer_cache, answers_beyond_the_byte_bound_drop_the_oldest) {
    poshan_answer_cache *c = poshan_answer_cache_new(8, 14);
    poshan_answer_cache_put(c, "a", 1, "AAAA", 4);
    poshan_answer_cache_put(c, "b", 1, "BBBB", 4);  /* 14 bytes: both fit */
    expect_hit(c, "a", 1, "AAAA");
    poshan_answer_cache_put(c, "c", 1, "CCCC", 4);  /* 21 > 14: "a" goes */
    expect_miss(c, "a", 1);
    expect_hit(c, "b", 1, "BBBB");
    expect_hit(c, "c", 1, "CCCC");
    poshan_answer_cache_free(c);
}

Test(answer_cache, an_answer_larger_than_the_bound_is_not_kept_and_drops_nothing) {
    poshan_answer_cache *c = poshan_answer_cache_new(8, 14);
    poshan_answer_cache_put(c, "a", 1, "AAAA", 4);
    poshan_answer_cache_put(c, "big", 1, "0123456789", 10);  /* 4 + 11 = 15 > 14 */
    expect_miss(c, "big", 1);
    expect_hit(c, "a", 1, "AAAA");
    poshan_answer_cache_free(c);
}
