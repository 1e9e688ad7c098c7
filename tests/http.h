/* http.h: a minimal HTTP/1.1 client for the server tests: one request per
 * connection (Connection: close), bounded by socket timeouts so a test can
 * never hang. Header-only, like helpers.h. */
#ifndef POSHAN_TEST_HTTP_H
#define POSHAN_TEST_HTTP_H

#include "helpers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>

/* Seconds any one read or write may block. */
#define TEST_HTTP_TIMEOUT_S 20

typedef struct test_response {
    int status;          /* 0 when no response came */
    char *head;          /* status line and headers */
    char *body;
    size_t body_size;
} test_response;

static inline int test_connect(unsigned short port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert(fd >= 0);
    struct timeval tv = {.tv_sec = TEST_HTTP_TIMEOUT_S};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0, "cannot connect to port %u", port);
    return fd;
}

/* Sends all of data; returns 0, or -1 when the server closed the connection first. */
static inline int test_send(int fd, const char *data, size_t size) {
    while (size > 0) {
        ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0) return -1;
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

/* Reads until the server closes the connection, and splits head from body. */
static inline test_response test_read(int fd) {
    size_t cap = 1 << 16, used = 0;
    char *buf = malloc(cap);
    ssize_t n;
    while ((n = recv(fd, buf + used, cap - used - 1, 0)) > 0) {
        used += (size_t)n;
        if (used + 1 == cap) buf = realloc(buf, cap *= 2);
    }
    buf[used] = '\0';
    close(fd);
    test_response r = {0};
    char *split = strstr(buf, "\r\n\r\n");
    if (split == NULL) {
        free(buf);
        r.head = strdup("");
        r.body = strdup("");
        return r;
    }
    *split = '\0';
    r.head = buf;
    r.body_size = used - (size_t)(split + 4 - buf);
    r.body = malloc(r.body_size + 1);
    memcpy(r.body, split + 4, r.body_size + 1);
    sscanf(buf, "HTTP/1.%*d %d", &r.status);
    return r;
}

/* Sends a raw request and reads the answer. */
static inline test_response test_raw(unsigned short port, const char *request, size_t size) {
    int fd = test_connect(port);
    test_send(fd, request, size);
    return test_read(fd);
}

/* METHOD path with extra headers (each ending in \r\n, or NULL) and a body (or NULL). */
static inline test_response test_http(unsigned short port, const char *method, const char *path,
                                      const char *headers, const char *body, size_t body_size) {
    char *req = NULL;
    int n = asprintf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%sContent-Length: %zu\r\n\r\n",
                     method, path, headers ? headers : "", body ? body_size : 0);
    cr_assert(n > 0);
    req = realloc(req, (size_t)n + body_size);
    if (body) memcpy(req + n, body, body_size);
    test_response r = test_raw(port, req, (size_t)n + (body ? body_size : 0));
    free(req);
    return r;
}

/* The value of a response header (case-insensitive name) as a malloc'd string, or NULL. */
static inline char *test_header(const test_response *r, const char *name) {
    size_t len = strlen(name);
    for (const char *line = strstr(r->head, "\r\n"); line; line = strstr(line + 2, "\r\n")) {
        const char *h = line + 2;
        if (strncasecmp(h, name, len) == 0 && h[len] == ':') {
            h += len + 1;
            while (*h == ' ') h++;
            const char *end = strstr(h, "\r\n");
            return strndup(h, end ? (size_t)(end - h) : strlen(h));
        }
    }
    return NULL;
}

static inline void test_response_free(test_response *r) {
    free(r->head);
    free(r->body);
}

#endif
