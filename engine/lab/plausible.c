/* plausible.c: loading the plausible ranges of a serving (see plausible.h). */
#include "plausible.h"

#include "i18n.h"
#include "jsonread.h"

static poshan_status range(const cJSON *doc, const char *key, const char *path, poshan_lab_range *out,
                           poshan_error *err) {
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(doc, key);
    const cJSON *min = cJSON_GetObjectItemCaseSensitive(item, "min");
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(item, "max");
    if (!cJSON_IsNumber(min) || !cJSON_IsNumber(max) || min->valuedouble <= 0 ||
        max->valuedouble <= min->valuedouble)
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, key,
                                _("'%s' needs {\"min\": a number above 0, \"max\": a larger number}"), key);
    out->min = min->valuedouble;
    out->max = max->valuedouble;
    return POSHAN_OK;
}

poshan_status poshan_lab_plausibility_load(poshan_lab_plausibility *out, const char *path,
                                           poshan_error *err) {
    cJSON *doc;
    poshan_status st = poshan_json_read_file(path, &doc, err);
    if (st != POSHAN_OK) return st;
    if (!cJSON_IsObject(doc))
        st = poshan_error_set(err, POSHAN_EINPUT, path, 1, NULL,
                              _("the plausible ranges are an object: {\"serving_g\": {\"min\": ..., \"max\": ...}, ...}"));
    if (st == POSHAN_OK) st = range(doc, "serving_g", path, &out->serving_g, err);
    if (st == POSHAN_OK) st = range(doc, "energy_kcal", path, &out->energy_kcal, err);
    if (st == POSHAN_OK) st = range(doc, "protein_g", path, &out->protein_g, err);
    cJSON_Delete(doc);
    return st;
}
