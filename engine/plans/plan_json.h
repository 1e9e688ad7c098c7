/* plan_json.h: an intervention's budget and checks as JSON (numbers as numbers). */
#ifndef POSHAN_PLAN_JSON_H
#define POSHAN_PLAN_JSON_H

#include <cjson/cJSON.h>

#include "plan.h"

/* The block's name for plans by block, else the district's. */
const char *poshan_plan_area_name(const poshan_plan_area *area);

/* name, file, item, days_per_year, as_written (and as_table_implies when the
 * source's table implies other servings), contradictions, not_checked. */
cJSON *poshan_plan_json(const poshan_plan *plan, const poshan_plan_result *result);

#endif
