/* lab_browse.h: what one lab has stored, a page at a time, for its clerk: its
 * samples (searched by sample or school), the batches that brought them with
 * their counts and who sent them, and the rejected rows kept with a batch.
 * The answers are JSON, for the pages (and any API) to draw. */
#ifndef POSHAN_LAB_BROWSE_H
#define POSHAN_LAB_BROWSE_H

#include <cjson/cJSON.h>

#include "store.h"

/* The latest values of lab's samples whose sample_id, school_udise or
 * school_name holds search (any case for ASCII letters; NULL or "": every
 * sample), newest sampling first, limit of them from offset, as {"samples":
 * [{"sample_id", "school_udise", "school_name", "district", "block", "level",
 * "kitchen", "sampled_on", "energy_kcal", "protein_g", "revision"}], "total",
 * "offset", "limit"}: total counts every match. */
poshan_status poshan_lab_samples_page(poshan_store *store, const char *lab, const char *search,
                                      size_t offset, size_t limit, cJSON **out, poshan_error *err);

/* The batches that stored, amended or held lab's samples, or were sent by a user
 * of lab (an upload that stored nothing new still shows), newest first, as
 * {"batches": [{"batch_id", "file", "ingested_at", "ingested_by", "rows_read",
 * "rows_stored", "rows_already_stored", "rows_amended", "rows_rejected",
 * "rejects" (true when its rejected rows are kept)}], "total", "offset", "limit"}. */
poshan_status poshan_lab_batches_page(poshan_store *store, const char *lab, size_t offset, size_t limit,
                                      cJSON **out, poshan_error *err);

/* Keeps csv (size bytes), the rejected rows of batch_id, sent by a user of lab. */
poshan_status poshan_lab_rejects_keep(poshan_store *store, long long batch_id, const char *lab,
                                      const char *csv, size_t size, poshan_error *err);
/* The rejected rows kept with batch_id for lab (*csv malloc'd, *size bytes);
 * POSHAN_EINPUT when there are none for that lab. */
poshan_status poshan_lab_rejects_get(poshan_store *store, long long batch_id, const char *lab, char **csv,
                                     size_t *size, poshan_error *err);

#endif
