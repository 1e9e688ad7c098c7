/* lab_pipe.c: a lab file read on a second thread, its rows handed over in
 * order (see lab_pipe.h).
 *
 * The reader fills batches of rows in a small ring; the caller empties them.
 * A batch belongs to the reader until it is counted in `full`, and to the
 * caller from then until the caller gives it back, so the rows themselves
 * need no lock: only the counters do. */
#include "lab_pipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* 4 batches of 256 samples, enough that neither thread waits for the other
 * on a steady file. A sample travels packed (poshan_lab_sample_pack: about
 * 250 bytes for a usual row, though the record has room for 4.4 kB of long
 * names): the batches stay small enough for the processor's cache, which the
 * whole records (4.5 MB in flight) were not, at a third more time. A batch
 * whose packed bytes might not hold one more sample goes early. */
#define PIPE_BATCH_ROWS 256
#define PIPE_BATCHES 4
#define PIPE_PACKED_BYTES (PIPE_BATCH_ROWS * 1024)

typedef struct bad_row {
    poshan_error reason;
    char *values[POSHAN_LAB_NCOLUMNS];   /* the row as read, by column */
} bad_row;

typedef struct pipe_row {
    long line;
    bad_row *bad;                /* NULL for a good row */
    size_t packed;               /* a good row: where its sample is in the batch's packed bytes */
} pipe_row;

typedef struct pipe_batch {
    pipe_row rows[PIPE_BATCH_ROWS];
    size_t count;
    char packed[PIPE_PACKED_BYTES];
    size_t used;                 /* bytes of packed in use */
} pipe_batch;

typedef struct lab_pipe {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    pipe_batch batches[PIPE_BATCHES];
    size_t head, full;            /* the oldest full batch; how many are full */
    int done, stop;               /* the reader has finished; the caller wants no more */
    pipe_batch *filling;          /* the reader's batch, not yet counted in full */
    int out_of_memory;            /* a bad row could not be copied */
    poshan_lab_read_fn read;
    void *arg;
    poshan_lab_reader queued;     /* the caller's reader with queueing callbacks */
    const poshan_lab_reader *caller;
    poshan_status read_status;
    poshan_error read_err;
} lab_pipe;

static void free_bad_row(bad_row *b) {
    if (b == NULL) return;
    for (int c = 0; c < POSHAN_LAB_NCOLUMNS; c++) free(b->values[c]);
    free(b);
}

/* Reader: counts the batch being filled as full, for the caller to take. */
static void publish(lab_pipe *p) {
    pthread_mutex_lock(&p->lock);
    if (p->filling && p->filling->count > 0) p->full++;
    p->filling = NULL;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

/* Reader: the next free row, waiting for a free batch; NULL once the caller stopped. */
static pipe_row *next_row(lab_pipe *p) {
    if (p->filling == NULL) {
        pthread_mutex_lock(&p->lock);
        while (p->full == PIPE_BATCHES && !p->stop) pthread_cond_wait(&p->changed, &p->lock);
        if (!p->stop) {
            p->filling = &p->batches[(p->head + p->full) % PIPE_BATCHES];
            p->filling->count = 0;
            p->filling->used = 0;
        }
        pthread_mutex_unlock(&p->lock);
        if (p->filling == NULL) return NULL;
    }
    return &p->filling->rows[p->filling->count];
}

static void row_written(lab_pipe *p) {
    if (++p->filling->count == PIPE_BATCH_ROWS) publish(p);
}

static poshan_status queue_sample(void *ctx, const poshan_lab_sample *sample, long line,
                                  poshan_error *err) {
    lab_pipe *p = ctx;
    if (p->filling && p->filling->used + sizeof *sample > PIPE_PACKED_BYTES) publish(p);
    pipe_row *r = next_row(p);
    if (r == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("the ingest stopped"));
    r->line = line;
    r->bad = NULL;
    r->packed = p->filling->used;
    p->filling->used += poshan_lab_sample_pack(sample, p->filling->packed + r->packed);
    row_written(p);
    return POSHAN_OK;
}

/* The row's values point into the parser's buffers, which move on: copy them. */
static poshan_status queue_bad(void *ctx, const poshan_error *reason, const char *const *values) {
    lab_pipe *p = ctx;
    bad_row *b = calloc(1, sizeof *b);
    int ok = b != NULL;
    for (int c = 0; ok && c < POSHAN_LAB_NCOLUMNS; c++)
        ok = (b->values[c] = strdup(values[c] ? values[c] : "")) != NULL;
    pipe_row *r = ok ? next_row(p) : NULL;
    if (r == NULL) {
        p->out_of_memory = !ok;
        free_bad_row(b);
        return POSHAN_ESYSTEM;
    }
    b->reason = *reason;
    r->line = reason->line;
    r->bad = b;
    row_written(p);
    return POSHAN_OK;
}

/* The file's columns come before any row: they are handed on from the reading
 * thread, before the first batch is published (whose lock orders them before
 * anything the caller's thread does with them). */
static void forward_columns(void *ctx, const int *columns, size_t count) {
    lab_pipe *p = ctx;
    p->caller->on_columns(p->caller->ctx, columns, count);
}

static void *read_thread(void *arg) {
    lab_pipe *p = arg;
    poshan_status st = p->read(p->arg, &p->queued, &p->read_err);
    publish(p);
    pthread_mutex_lock(&p->lock);
    p->read_status = st;
    p->done = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Caller: hands a batch's rows to the reader's callbacks (until one fails)
 * and frees the bad rows' copies. */
static poshan_status deliver(pipe_batch *b, const poshan_lab_reader *reader, poshan_status st,
                             poshan_error *err) {
    poshan_lab_sample sample;    /* one record, unpacked into again and again: it stays in the cache */
    for (size_t i = 0; i < b->count; i++) {
        pipe_row *r = &b->rows[i];
        if (st == POSHAN_OK && r->bad)
            st = reader->on_bad ? reader->on_bad(reader->ctx, &r->bad->reason,
                                                 (const char *const *)r->bad->values)
                                : POSHAN_OK;
        else if (st == POSHAN_OK) {
            poshan_lab_sample_unpack(b->packed + r->packed, &sample);
            st = reader->on_sample(reader->ctx, &sample, r->line, err);
        }
        free_bad_row(r->bad);
        r->bad = NULL;
    }
    return st;
}

/* Caller: takes full batches until the reader is done and all are delivered,
 * or a callback fails. */
static poshan_status take_batches(lab_pipe *p, const poshan_lab_reader *reader, poshan_error *err) {
    poshan_status st = POSHAN_OK;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->full == 0 && !p->done) pthread_cond_wait(&p->changed, &p->lock);
        pipe_batch *b = p->full ? &p->batches[p->head] : NULL;
        pthread_mutex_unlock(&p->lock);
        if (b == NULL) return st;
        st = deliver(b, reader, st, err);
        pthread_mutex_lock(&p->lock);
        p->head = (p->head + 1) % PIPE_BATCHES;
        p->full--;
        if (st != POSHAN_OK) p->stop = 1;
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
        /* once stopped, the reader soon ends; the loop frees what it left */
    }
}

poshan_status poshan_lab_read_piped(poshan_lab_read_fn read, void *arg,
                                    const poshan_lab_reader *reader, poshan_error *err) {
    lab_pipe *p = calloc(1, sizeof *p);
    if (p == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    p->read = read;
    p->arg = arg;
    p->queued = *reader;
    p->queued.on_sample = queue_sample;
    p->queued.on_bad = queue_bad;
    p->queued.ctx = p;
    p->caller = reader;
    if (reader->on_columns) p->queued.on_columns = forward_columns;
    pthread_t thread;
    poshan_status st;
    if (pthread_create(&thread, NULL, read_thread, p) != 0) {
        st = read(arg, reader, err);   /* no second thread to be had: read here */
    } else {
        st = take_batches(p, reader, err);
        pthread_join(thread, NULL);
        if (st == POSHAN_OK && p->out_of_memory)
            st = poshan_error_set(err, POSHAN_ESYSTEM, NULL, 0, NULL, _("out of memory"));
        else if (st == POSHAN_OK && p->read_status != POSHAN_OK) {
            *err = p->read_err;
            st = p->read_status;
        }
    }
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
    return st;
}
