/* pages.h: what the page handlers (pages.c, pages_lab.c, pages_users.c) share:
 * drawing a template in the layout, and catching what a writer prints. */
#ifndef POSHAN_PAGES_H
#define POSHAN_PAGES_H

#include <stdio.h>

#include "html.h"
#include "server.h"

#define POSHAN_HTML_TYPE "text/html; charset=utf-8"

/* Renders fragment in the layout with the navigation for the user, plus vars. */
void poshan_page_render(poshan_request *rq, unsigned status, const char *fragment, const char *title,
                        const poshan_html_var *vars, size_t nvars);

/* A malloc'd string written by fn(out, arg) (NULL when out of memory). */
typedef void (*poshan_write_fn)(FILE *out, const void *arg);
char *poshan_written(poshan_write_fn fn, const void *arg);

/* Writers for poshan_written. */
void poshan_write_escaped(FILE *out, const void *text);
void poshan_write_error(FILE *out, const void *err);

#endif
