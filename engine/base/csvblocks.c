/* csvblocks.c: one CSV file read by several threads, the blocks' results
 * taken in file order (see csvblocks.h).
 *
 * Workers claim blocks in order and put each result in a ring of slots; the
 * calling thread takes slot after slot. A worker does not claim a block more
 * than a ring's length ahead of the block being taken, which is what keeps
 * memory flat however long the file. */
#include "csvblocks.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SLOT_EMPTY, SLOT_READY, SLOT_FAILED };

/* Block k goes to slot k modulo the ring's length, whose state it uses again. */
typedef struct slot {
    void *block;             /* the caller's state, made by the first block to use the slot */
    long lines;              /* newlines in the block */
    int state;
} slot;

typedef struct shared {
    const poshan_csv_blocks *spec;
    const char *path;
    int fd;
    size_t size, header_end, nblocks, nslots;
    long header_lines;
    pthread_mutex_t lock;
    pthread_cond_t changed;  /* a slot filled or emptied, or the read failed */
    size_t next_block;       /* the next block a worker claims */
    size_t next_taken;       /* the next block the calling thread takes */
    int failed;
    slot *slots;
} shared;

/* Reads [from, from + n) in full; -1 on an error or an early end of file. */
static int read_at(int fd, char *buf, size_t n, size_t from) {
    while (n > 0) {
        ssize_t got = pread(fd, buf, n, (off_t)from);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return -1;
        buf += got;
        n -= (size_t)got;
        from += (size_t)got;
    }
    return 0;
}

/* The first line start at or after pos (pos > 0): just past the first
 * newline at or after pos - 1, or the end of the file. */
static int line_start(const shared *s, size_t pos, size_t *out) {
    char buf[1 << 14];
    for (size_t at = pos - 1; at < s->size; at += sizeof buf) {
        size_t n = s->size - at < sizeof buf ? s->size - at : sizeof buf;
        if (read_at(s->fd, buf, n, at) != 0) return -1;
        const char *nl = memchr(buf, '\n', n);
        if (nl) {
            *out = at + (size_t)(nl - buf) + 1;
            return 0;
        }
    }
    *out = s->size;
    return 0;
}

/* Block k runs from cut k to cut k + 1; cut 0 is the end of the header line. */
static int block_bounds(const shared *s, size_t k, size_t *start, size_t *end) {
    size_t b = s->spec->block_bytes;
    *start = s->header_end;
    *end = s->size;
    if (k > 0 && line_start(s, k * b, start) != 0) return -1;
    if (k + 1 < s->nblocks && line_start(s, (k + 1) * b, end) != 0) return -1;
    if (*end < *start) *end = *start;   /* a line longer than a block: this block is empty */
    return 0;
}

typedef struct buffer {
    char *data;
    size_t cap;
} buffer;

/* Reads and parses block k into its slot's state (made or emptied here). */
static int parse_block(const shared *s, size_t k, buffer *buf, slot *sl) {
    size_t start, end;
    if (block_bounds(s, k, &start, &end) != 0) return -1;
    size_t n = end - start;
    if (n > buf->cap) {
        char *p = realloc(buf->data, n);
        if (p == NULL) return -1;
        buf->data = p;
        buf->cap = n;
    }
    if (n > 0 && read_at(s->fd, buf->data, n, start) != 0) return -1;
    if (n > 0 && memchr(buf->data, '"', n) != NULL) return -1;   /* a record might span lines */
    if (sl->block ? s->spec->block_clear(sl->block) != 0
                  : (sl->block = s->spec->block_new(s->spec->ctx)) == NULL)
        return -1;
    poshan_error err;
    long line = 1;
    poshan_status st = s->spec->span ? s->spec->span(sl->block, buf->data, n, s->path, &line, &err)
                                     : poshan_csv_read_span(buf->data, n, s->path, &line, s->spec->row, sl->block, &err);
    sl->lines = line - 1;
    if (st == POSHAN_OK && s->spec->block_end) return s->spec->block_end(sl->block);
    return st == POSHAN_OK ? 0 : -1;
}

/* The next block to parse, or 0 when there is none (all claimed, or failed). */
static int claim(shared *s, size_t *k) {
    pthread_mutex_lock(&s->lock);
    while (!s->failed && s->next_block < s->nblocks && s->next_block >= s->next_taken + s->nslots)
        pthread_cond_wait(&s->changed, &s->lock);
    int got = !s->failed && s->next_block < s->nblocks;
    if (got) *k = s->next_block++;
    pthread_mutex_unlock(&s->lock);
    return got;
}

static void *work(void *arg) {
    shared *s = arg;
    buffer buf = {NULL, 0};
    size_t k;
    while (claim(s, &k)) {
        slot *sl = &s->slots[k % s->nslots];   /* no one else touches it until it is READY */
        int ok = parse_block(s, k, &buf, sl) == 0;
        pthread_mutex_lock(&s->lock);
        sl->state = ok ? SLOT_READY : SLOT_FAILED;
        if (!ok) s->failed = 1;
        pthread_cond_broadcast(&s->changed);
        pthread_mutex_unlock(&s->lock);
    }
    free(buf.data);
    return NULL;
}

/* On the calling thread: every block, in order, to block_done. */
static int take_blocks(shared *s) {
    long first_line = 1 + s->header_lines;
    for (size_t k = 0; k < s->nblocks; k++) {
        slot *sl = &s->slots[k % s->nslots];
        pthread_mutex_lock(&s->lock);
        while (sl->state == SLOT_EMPTY && !s->failed) pthread_cond_wait(&s->changed, &s->lock);
        int ready = sl->state == SLOT_READY && !s->failed;
        pthread_mutex_unlock(&s->lock);
        if (!ready) return -1;
        poshan_error err;
        if (s->spec->block_done(s->spec->ctx, sl->block, first_line, &err) != POSHAN_OK) return -1;
        first_line += sl->lines;
        pthread_mutex_lock(&s->lock);   /* the slot is free for block k + nslots */
        sl->state = SLOT_EMPTY;
        s->next_taken = k + 1;
        pthread_cond_broadcast(&s->changed);
        pthread_mutex_unlock(&s->lock);
    }
    return 0;
}

typedef struct header_call {
    const poshan_csv_blocks *spec;
    int records;
} header_call;

static poshan_status on_header(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    header_call *h = ctx;
    h->records++;
    return h->spec->header(h->spec->ctx, row, err);
}

/* Parses the first line (the header) on the calling thread. */
static int read_header(shared *s) {
    char buf[1 << 16];
    size_t n = s->size < sizeof buf ? s->size : sizeof buf;
    if (read_at(s->fd, buf, n, 0) != 0) return -1;
    const char *nl = memchr(buf, '\n', n);
    if (nl == NULL) return -1;
    s->header_end = (size_t)(nl - buf) + 1;
    s->header_lines = 1;
    if (s->header_end > s->spec->block_bytes || memchr(buf, '"', s->header_end) != NULL) return -1;
    header_call h = {s->spec, 0};
    poshan_error err;
    poshan_status st = poshan_csv_read_buffer(buf, s->header_end, s->path, on_header, &h, &err);
    return st == POSHAN_OK && h.records == 1 ? 0 : -1;   /* a blank first line is no header */
}

static int run(shared *s) {
    int threads = s->spec->threads, started = 0, ok = 0;
    s->nslots = (size_t)threads + 1;   /* each worker one block ahead of the one being taken */
    s->slots = calloc(s->nslots, sizeof *s->slots);
    pthread_t *ids = calloc((size_t)threads, sizeof *ids);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->changed, NULL);
    if (s->slots && ids)
        while (started < threads && pthread_create(&ids[started], NULL, work, s) == 0) started++;
    if (started > 0) ok = take_blocks(s) == 0;
    pthread_mutex_lock(&s->lock);
    if (!ok) s->failed = 1;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    for (int i = 0; i < started; i++) pthread_join(ids[i], NULL);
    for (size_t i = 0; s->slots && i < s->nslots; i++)
        if (s->slots[i].block) s->spec->block_free(s->slots[i].block);
    pthread_cond_destroy(&s->changed);
    pthread_mutex_destroy(&s->lock);
    free(ids);
    free(s->slots);
    return ok ? 0 : -1;
}

int poshan_csv_read_blocks(const char *path, const poshan_csv_blocks *spec) {
    if (spec->threads < 2 || spec->block_bytes == 0) return 0;
    shared s;
    memset(&s, 0, sizeof s);
    s.spec = spec;
    s.path = path;
    s.fd = open(path, O_RDONLY | O_CLOEXEC);
    if (s.fd < 0) return 0;
    struct stat st;
    int ok = fstat(s.fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > spec->block_bytes;
    if (ok) {
        s.size = (size_t)st.st_size;
        s.nblocks = (s.size + spec->block_bytes - 1) / spec->block_bytes;
        ok = read_header(&s) == 0 && run(&s) == 0;
    }
    close(s.fd);
    return ok;
}
