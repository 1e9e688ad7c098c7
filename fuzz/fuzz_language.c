/* fuzz_language.c: libFuzzer target for what a browser says of its language:
 * the Accept-Language header and the lang cookie, as the server reads them
 * for every request (server.c): any bytes, cut at a NUL as HTTP headers are.
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = malloc(size + 1);
    if (text == NULL) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    poshan_lang lang = poshan_lang_from_accept(text);
    if (lang != POSHAN_LANG_EN && lang != POSHAN_LANG_HI) abort();
    if (poshan_lang_parse(text, &lang) == 0 && lang != POSHAN_LANG_EN && lang != POSHAN_LANG_HI) abort();
    free(text);
    return 0;
}
