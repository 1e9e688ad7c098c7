/* lab_json.h: the shapes of lab answers, the one implementation both
 * `poshan lab ... --format json|csv` and the server's /api/lab endpoints give: JSON
 * built with cJSON (numbers stay numbers) and tables for the terminal and CSV.
 * It builds, it does not print. */
#ifndef POSHAN_LAB_JSON_H
#define POSHAN_LAB_JSON_H

#include <cjson/cJSON.h>

#include "lab_flags.h"
#include "lab_store.h"
#include "lab_summary.h"
#include "table.h"

/* {"samples": [one object a flagged sample, worst first], "schools": [...]} */
cJSON *poshan_lab_flags_json(const poshan_lab_flags *flags);
/* The flagged samples (or, with schools, the schools with a failed sample) as a table. */
poshan_table *poshan_lab_flags_table(const poshan_lab_flags *flags, int schools);

/* [{BY: group (only with by), "level", "samples", "energy_kcal": {...}, "protein_g": {...}}] */
cJSON *poshan_lab_summary_json(const poshan_lab_summary *summary, const char *by);
/* Two rows a group (energy_kcal, protein_g); the first column is named by, or "all". */
poshan_table *poshan_lab_summary_table(const poshan_lab_summary *summary, const char *by);

/* What an ingest did: {"file", "stored": true|false, "batch_id", "sha256", "rows_read",
 * "rows_stored", "rows_already_stored", "rows_amended", "rows_rejected",
 * "bad_rows": [{"error", "file", "line", "column", "field"}], "bad_rows_not_listed"}.
 * stored says whether the file's transaction committed (status POSHAN_OK). */
cJSON *poshan_lab_ingest_json(const poshan_lab_ingest_result *result, const char *file, int stored);

#endif
