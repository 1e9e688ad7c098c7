/* buf.h: a growing text buffer, for building HTML, SVG and HTTP bodies. */
#ifndef POSHAN_BUF_H
#define POSHAN_BUF_H

#include <stddef.h>

typedef struct poshan_buf {
    char *data;     /* always NUL-terminated once anything was written */
    size_t len, cap;
    int failed;     /* an allocation failed: the text is incomplete */
} poshan_buf;

void poshan_buf_puts(poshan_buf *b, const char *text);
void poshan_buf_printf(poshan_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text with &, <, >, " and ' escaped for HTML and SVG. */
void poshan_buf_escape(poshan_buf *b, const char *text);
void poshan_buf_free(poshan_buf *b);

#endif
