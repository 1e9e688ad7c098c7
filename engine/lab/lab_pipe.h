/* lab_pipe.h: reading a lab file on a second thread while the calling thread
 * stores what has been read.
 *
 * An ingest has two halves of about equal cost: parsing and validating the
 * rows (libcsv, dates, numbers, hashing the bytes) and writing them into the
 * database. poshan_lab_read_piped runs the first half on its own thread and
 * hands every row, in file order, to the reader's on_sample and on_bad on the
 * calling thread, so the database is only ever touched from the caller's
 * thread. Rows travel in a few fixed batches: memory does not grow with the
 * file. */
#ifndef POSHAN_LAB_PIPE_H
#define POSHAN_LAB_PIPE_H

#include "lab.h"

/* Reads a whole file, calling reader's callbacks (it is run on the second
 * thread with a reader whose callbacks queue the rows). */
typedef poshan_status (*poshan_lab_read_fn)(void *arg, const poshan_lab_reader *reader,
                                            poshan_error *err);

/* Runs read(arg, ...) on a second thread; reader's callbacks run here, in
 * order. Returns the first failure: a callback's (the reading then stops
 * early) or else the reading's own (a missing column, malformed JSON). */
poshan_status poshan_lab_read_piped(poshan_lab_read_fn read, void *arg,
                                    const poshan_lab_reader *reader, poshan_error *err);

#endif
