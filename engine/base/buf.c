/* buf.c: the growing text buffer (see buf.h). */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(poshan_buf *b, size_t more) {
    if (b->failed) return -1;
    if (b->len + more + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1) cap *= 2;
    char *data = realloc(b->data, cap);
    if (data == NULL) {
        b->failed = 1;
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

void poshan_buf_puts(poshan_buf *b, const char *text) {
    size_t n = strlen(text);
    if (reserve(b, n) != 0) return;
    memcpy(b->data + b->len, text, n + 1);
    b->len += n;
}

void poshan_buf_printf(poshan_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != 0) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void poshan_buf_escape(poshan_buf *b, const char *text) {
    for (; *text; text++) {
        switch (*text) {
        case '&': poshan_buf_puts(b, "&amp;"); break;
        case '<': poshan_buf_puts(b, "&lt;"); break;
        case '>': poshan_buf_puts(b, "&gt;"); break;
        case '"': poshan_buf_puts(b, "&quot;"); break;
        case '\'': poshan_buf_puts(b, "&#39;"); break;
        default: {
            char c[2] = {*text, '\0'};
            poshan_buf_puts(b, c);
        }
        }
    }
}

void poshan_buf_free(poshan_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
