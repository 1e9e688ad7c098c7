/* csvblocks.h: reads one large CSV file on several threads and hands the
 * results back in file order, so that a reader can add them up exactly as a
 * single pass would.
 *
 * The file is cut into blocks at the first line start at or after each
 * multiple of block_bytes (the cuts depend on the file alone, not on the
 * number of threads). The header line is parsed once, on the calling thread.
 * Worker threads parse whole blocks, each with its own libcsv parser, into
 * a state of the caller's making; the calling thread takes the blocks in
 * order. At most a few blocks wait to be taken, and their states are used
 * again and again, so memory does not grow with the file.
 *
 * Cutting at line starts is only right when no record spans lines, so the
 * file is read this way only when it has no quote character at all. Any
 * error (a bad row, a quote, a failed read) makes the whole read give up: the
 * caller then reads the file again with one reader, which finds the first
 * error and names its line exactly as it always has. Reads no file but
 * `path`; prints nothing. */
#ifndef POSHAN_CSVBLOCKS_H
#define POSHAN_CSVBLOCKS_H

#include <stddef.h>
#include "csvread.h"

typedef struct poshan_csv_blocks {
    int threads;              /* worker threads, at least 2 */
    size_t block_bytes;       /* where the cuts fall; a file of one block is not read here */
    void *ctx;
    /* The header record, on the calling thread, before any block. */
    poshan_status (*header)(void *ctx, const poshan_csv_row *row, poshan_error *err);
    /* A new state for one block, on a worker thread; NULL when out of memory.
     * States are used again: block_clear empties one for the next block
     * (-1 when out of memory). */
    void *(*block_new)(void *ctx);
    int (*block_clear)(void *block);
    /* Each record of a block, on a worker thread, with the block's state as
     * ctx. Lines are counted from 1 at the block's first line. */
    poshan_csv_row_fn row;
    /* When not NULL: reads a block's text (size bytes, whole lines, the
     * first numbered *line; *line left at the line after) in place of
     * poshan_csv_read_span with `row`, on the worker thread: a caller that
     * reads its usual lines itself and hands the others to
     * poshan_csv_read_span. */
    poshan_status (*span)(void *block, const char *data, size_t size, const char *path, long *line,
                          poshan_error *err);
    /* When not NULL: after a block's last record, on the worker thread; -1
     * makes the read give up. */
    int (*block_end)(void *block);
    /* Each block, in file order, on the calling thread; first_line is the
     * file's line number of the block's line 1. */
    poshan_status (*block_done)(void *ctx, void *block, long first_line, poshan_error *err);
    void (*block_free)(void *block);
} poshan_csv_blocks;

/* 1 when the file was read in blocks; 0 when it was not read this way (not
 * a regular file, one block or less, a quote somewhere, any error in any
 * block, in block_done or in the system): the callbacks' results are then
 * incomplete and the caller reads the file again with one reader. */
int poshan_csv_read_blocks(const char *path, const poshan_csv_blocks *spec);

#endif
