/* growth.c: the WHO 2007 reference read from nutrients/who2007/, z-scores,
 * flags and cut-offs of one measurement, and the streaming reader of files
 * of measurements (see growth.h). Reads the files it is given; prints
 * nothing. */
#include "growth.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "i18n.h"
#include "jsonread.h"

/* ---- the reference ---------------------------------------------------------- */

/* The measure each score is of: a rules file naming another is refused. */
static const char *const score_names[POSHAN_GROWTH_SCORES] = {"haz", "waz", "baz"};
static const char *const score_measures[POSHAN_GROWTH_SCORES] = {"height_cm", "weight_kg", "bmi"};

/* A whole number of 1/scale units nearest to v (halves away from zero). */
static long to_units(const poshan_growth_reference *ref, double v) { return lround(v * (double)ref->scale); }

/* One LMS table: "sex age l m s" tab-separated, each sex's months in order
 * with none missing, the same months for both sexes. */
static poshan_status load_table(poshan_growth_indicator *ind, const char *path, poshan_error *err) {
    char *text;
    size_t size;
    poshan_status st = poshan_read_file(path, &text, &size, err);
    if (st != POSHAN_OK) return st;
    int sex_rows[2] = {0, 0}, first[2] = {0, 0};
    poshan_growth_lms rows[2][400];   /* 5-19 years is 229 months; 400 leaves room */
    char *line = text, *next;
    long lineno = 0;
    for (; st == POSHAN_OK && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r') line[--n] = '\0';
        if (n == 0) continue;
        if (lineno == 1) {
            if (strcmp(line, "sex\tage\tl\tm\ts") != 0)
                st = poshan_error_set(err, POSHAN_EINPUT, path, 1, NULL,
                                      _("the header must be sex, age, l, m, s separated by tabs (as WHO's tables)"));
            continue;
        }
        char *p = line, *end;
        long sex = strtol(p, &end, 10);
        long age = end != p && *end == '\t' ? strtol(p = end + 1, &end, 10) : -1;
        double v[3];
        int ok = end != p && *end == '\t' && (sex == 1 || sex == 2) && age >= 0 && age <= 1000;
        for (int i = 0; ok && i < 3; i++) {
            v[i] = strtod(p = end + 1, &end);
            ok = end != p && (*end == (i < 2 ? '\t' : '\0')) && isfinite(v[i]);
        }
        if (!ok) {
            st = poshan_error_set(err, POSHAN_EINPUT, path, lineno, NULL,
                                  _("expected a sex (1 or 2), a whole month and three numbers L, M, S separated by tabs"));
            continue;
        }
        int s = (int)sex - 1;
        if (sex_rows[s] == 0) first[s] = (int)age;
        if (age != first[s] + sex_rows[s] || sex_rows[s] == 400)
            st = poshan_error_set(err, POSHAN_EINPUT, path, lineno, "age",
                                  _("month %ld out of order: each sex's months must follow one another, from the first"), age);
        else if (v[1] <= 0 || v[2] <= 0)
            st = poshan_error_set(err, POSHAN_EINPUT, path, lineno, NULL, _("M and S must be above 0"));
        else rows[s][sex_rows[s]++] = (poshan_growth_lms){v[0], v[1], v[2]};
    }
    free(text);
    if (st != POSHAN_OK) return st;
    if (sex_rows[0] == 0 || sex_rows[0] != sex_rows[1] || first[0] != first[1])
        return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL,
                                _("both sexes need rows for the same months"));
    ind->first_month = first[0];
    ind->months = sex_rows[0];
    ind->lms = malloc(2 * (size_t)ind->months * sizeof *ind->lms);
    if (ind->lms == NULL) return poshan_error_set(err, POSHAN_ESYSTEM, path, 0, NULL, _("out of memory"));
    memcpy(ind->lms, rows[0], (size_t)ind->months * sizeof *ind->lms);
    memcpy(ind->lms + ind->months, rows[1], (size_t)ind->months * sizeof *ind->lms);
    return POSHAN_OK;
}

static int json_number(const cJSON *o, const char *key, double *out) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) return -1;
    *out = v->valuedouble;
    return 0;
}

static poshan_status load_indicator(poshan_growth_reference *ref, const cJSON *o, const char *dir,
                                    const char *rules, int i, poshan_error *err) {
    char field[64];
    snprintf(field, sizeof field, "indicators[%d]", i);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
    const cJSON *table = cJSON_GetObjectItemCaseSensitive(o, "table");
    const cJSON *measure = cJSON_GetObjectItemCaseSensitive(o, "measure");
    const cJSON *ages = cJSON_GetObjectItemCaseSensitive(o, "age_months");
    const cJSON *restricted = cJSON_GetObjectItemCaseSensitive(o, "restricted_beyond_3sd");
    const cJSON *oedema = cJSON_GetObjectItemCaseSensitive(o, "oedema_counts_below_minus_3");
    int s = 0;
    while (cJSON_IsString(name) && s < POSHAN_GROWTH_SCORES && strcmp(name->valuestring, score_names[s]) != 0) s++;
    if (!cJSON_IsString(name) || s == POSHAN_GROWTH_SCORES)
        return poshan_error_set(err, POSHAN_EINPUT, rules, 0, field, _("name must be haz, waz or baz"));
    poshan_growth_indicator *ind = &ref->score[s];
    if (ind->lms) return poshan_error_set(err, POSHAN_EINPUT, rules, 0, field, _("%s is given twice"), score_names[s]);
    double lo, hi, below, above;
    if (!cJSON_IsString(table) || strchr(table->valuestring, '/') || !cJSON_IsString(measure) ||
        strcmp(measure->valuestring, score_measures[s]) != 0 || cJSON_GetArraySize(ages) != 2 ||
        !cJSON_IsNumber(cJSON_GetArrayItem(ages, 0)) || !cJSON_IsNumber(cJSON_GetArrayItem(ages, 1)) ||
        !cJSON_IsBool(restricted) || !cJSON_IsBool(oedema) || json_number(o, "flag_below", &below) != 0 ||
        json_number(o, "flag_above", &above) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, rules, 0, field,
                                _("needs table (a file name in the same folder), measure %s, age_months [from, to], "
                                "restricted_beyond_3sd and oedema_counts_below_minus_3 (true or false), "
                                "flag_below and flag_above (numbers)"), score_measures[s]);
    lo = cJSON_GetArrayItem(ages, 0)->valuedouble;
    hi = cJSON_GetArrayItem(ages, 1)->valuedouble;
    snprintf(ind->name, sizeof ind->name, "%s", score_names[s]);
    ind->min_age_months = lo;
    ind->max_age_months = hi;
    ind->restricted = cJSON_IsTrue(restricted);
    ind->oedema_below_3 = cJSON_IsTrue(oedema);
    ind->flag_below = to_units(ref, below);
    ind->flag_above = to_units(ref, above);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, table->valuestring);
    poshan_status st = load_table(ind, path, err);
    if (st != POSHAN_OK) return st;
    /* an age between two months needs both: the table must hold floor(lo) to ceil(hi) */
    if (!(lo >= ind->first_month && ceil(hi) <= ind->first_month + ind->months - 1 && lo <= hi))
        return poshan_error_set(err, POSHAN_EINPUT, rules, 0, field,
                                _("age_months %g to %g is not inside the table %s (months %d to %d)"), lo, hi, path,
                                ind->first_month, ind->first_month + ind->months - 1);
    /* SD(+-3) = M (1 + L S k)^(1/L) must exist for the restricted rule */
    for (int r = 0; ind->restricted && r < 2 * ind->months; r++) {
        const poshan_growth_lms *p = &ind->lms[r];
        if (1 - 3 * fabs(p->l * p->s) <= 0)
            return poshan_error_set(err, POSHAN_EINPUT, path, 0, NULL,
                                    _("L and S of sex %d month %d give no SD(+-3) for the restricted rule"),
                                    r / ind->months + 1, ind->first_month + r % ind->months);
    }
    return POSHAN_OK;
}

static poshan_status load_cutoff(poshan_growth_reference *ref, const cJSON *o, const char *rules, int i,
                                 poshan_error *err) {
    char field[64];
    snprintf(field, sizeof field, "cutoffs[%d]", i);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
    const cJSON *score = cJSON_GetObjectItemCaseSensitive(o, "indicator");
    double below = 0, above = 0;
    int has_below = json_number(o, "below", &below) == 0, has_above = json_number(o, "above", &above) == 0;
    int s = 0;
    while (cJSON_IsString(score) && s < POSHAN_GROWTH_SCORES && strcmp(score->valuestring, score_names[s]) != 0) s++;
    if (ref->ncutoffs == POSHAN_GROWTH_MAX_CUTOFFS)
        return poshan_error_set(err, POSHAN_EINPUT, rules, 0, field, _("at most %d cut-offs"), POSHAN_GROWTH_MAX_CUTOFFS);
    if (!cJSON_IsString(name) || name->valuestring[0] == '\0' || strlen(name->valuestring) >= 32 ||
        s == POSHAN_GROWTH_SCORES || has_below == has_above)
        return poshan_error_set(err, POSHAN_EINPUT, rules, 0, field,
                                _("needs a name (under 32 characters), an indicator (haz, waz or baz) and either "
                                "below or above (a z-score)"));
    if (poshan_growth_cutoff_find(ref, name->valuestring) >= 0)
        return poshan_error_set(err, POSHAN_EINPUT, rules, 0, field, _("%s is given twice"), name->valuestring);
    poshan_growth_cutoff *c = &ref->cutoffs[ref->ncutoffs++];
    snprintf(c->name, sizeof c->name, "%s", name->valuestring);
    c->score = s;
    c->above = has_above;
    c->limit = to_units(ref, has_above ? above : below);
    return POSHAN_OK;
}

poshan_status poshan_growth_load(poshan_growth_reference *ref, const char *dir, poshan_error *err) {
    memset(ref, 0, sizeof *ref);
    char rules[4096];
    snprintf(rules, sizeof rules, "%s/rules.json", dir);
    cJSON *j;
    poshan_status st = poshan_json_read_file(rules, &j, err);
    if (st != POSHAN_OK) return st;
    double days = 0, decimals = 0;
    const cJSON *inds = cJSON_GetObjectItemCaseSensitive(j, "indicators");
    const cJSON *cuts = cJSON_GetObjectItemCaseSensitive(j, "cutoffs");
    if (json_number(j, "days_per_month", &days) != 0 || days < 28 || days > 31 ||
        json_number(j, "decimals", &decimals) != 0 || decimals != floor(decimals) || decimals < 0 || decimals > 6 ||
        !cJSON_IsArray(inds) || !cJSON_IsArray(cuts))
        st = poshan_error_set(err, POSHAN_EINPUT, rules, 0, NULL,
                              _("needs days_per_month (28 to 31), decimals (0 to 6), indicators and cutoffs (lists)"));
    if (st == POSHAN_OK) {
        ref->days_per_month = days;
        ref->decimals = (int)decimals;
        ref->scale = 1;
        for (int d = 0; d < ref->decimals; d++) ref->scale *= 10;
    }
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, inds) if (st == POSHAN_OK) st = load_indicator(ref, o, dir, rules, i++, err);
    for (int s = 0; st == POSHAN_OK && s < POSHAN_GROWTH_SCORES; s++)
        if (ref->score[s].lms == NULL)
            st = poshan_error_set(err, POSHAN_EINPUT, rules, 0, "indicators", _("%s is missing"), score_names[s]);
    i = 0;
    cJSON_ArrayForEach(o, cuts) if (st == POSHAN_OK) st = load_cutoff(ref, o, rules, i++, err);
    cJSON_Delete(j);
    if (st != POSHAN_OK) poshan_growth_free(ref);
    return st;
}

void poshan_growth_free(poshan_growth_reference *ref) {
    for (int s = 0; s < POSHAN_GROWTH_SCORES; s++) {
        free(ref->score[s].lms);
        ref->score[s].lms = NULL;
    }
}

int poshan_growth_cutoff_find(const poshan_growth_reference *ref, const char *name) {
    for (size_t i = 0; i < ref->ncutoffs; i++)
        if (strcmp(ref->cutoffs[i].name, name) == 0) return (int)i;
    return -1;
}

/* ---- one measurement ---------------------------------------------------------- */

/* M (1 + L S k)^(1/L): the measure at k SD. */
static double sd_at(double l, double m, double s, double k) { return m * pow(1 + l * s * k, 1 / l); }

double poshan_growth_z(const poshan_growth_reference *ref, int score, int sex, double age_months, double y) {
    const poshan_growth_indicator *ind = &ref->score[score];
    if (!(age_months >= ind->min_age_months && age_months <= ind->max_age_months)) return NAN;
    /* L, M and S interpolated between the whole months around the age */
    double low = floor(age_months), diff = age_months - low;
    const poshan_growth_lms *a = &ind->lms[(sex - 1) * ind->months + (int)low - ind->first_month];
    double l = a->l, m = a->m, s = a->s;
    if (diff > 0) {
        const poshan_growth_lms *b = a + 1;
        l += diff * (b->l - a->l);
        m += diff * (b->m - a->m);
        s += diff * (b->s - a->s);
    }
    /* L = 0 is the Box-Cox limit, log(y / M) / S (WHO's tables have none) */
    double z = l == 0 ? log(y / m) / s : (pow(y / m, l) - 1) / (l * s);
    if (!ind->restricted || fabs(z) <= 3) return z;
    if (z > 3) {
        double sd3 = sd_at(l, m, s, 3);
        return 3 + (y - sd3) / (sd3 - sd_at(l, m, s, 2));
    }
    double sdm3 = sd_at(l, m, s, -3);
    return -3 + (y - sdm3) / (sd_at(l, m, s, -2) - sdm3);
}

void poshan_growth_compute(const poshan_growth_reference *ref, const poshan_growth_child *c,
                           poshan_growth_scores *out) {
    double height_m = c->height_cm / 100;
    out->bmi = c->weight_kg / (height_m * height_m);
    const double measure[POSHAN_GROWTH_SCORES] = {c->height_cm, c->weight_kg, out->bmi};
    for (int s = 0; s < POSHAN_GROWTH_SCORES; s++) {
        const poshan_growth_indicator *ind = &ref->score[s];
        double z = c->oedema && ind->oedema_below_3 ? NAN : poshan_growth_z(ref, s, c->sex, c->age_months, measure[s]);
        out->defined[s] = !isnan(z);
        out->z[s] = out->defined[s] ? to_units(ref, z) : 0;
        out->flagged[s] = out->defined[s] && (out->z[s] < ind->flag_below || out->z[s] > ind->flag_above);
    }
}

int poshan_growth_cutoff_case(const poshan_growth_reference *ref, size_t cutoff, const poshan_growth_child *c,
                              const poshan_growth_scores *s) {
    const poshan_growth_cutoff *k = &ref->cutoffs[cutoff];
    const poshan_growth_indicator *ind = &ref->score[k->score];
    if (c->oedema && ind->oedema_below_3) {
        /* rules.json: counted below -3 SD (anthroplus gives it -3.1), at the ages the score has */
        if (!(c->age_months >= ind->min_age_months && c->age_months <= ind->max_age_months)) return -1;
        return !k->above && k->limit >= -3 * ref->scale;
    }
    if (!s->defined[k->score] || s->flagged[k->score]) return -1;
    return k->above ? s->z[k->score] > k->limit : s->z[k->score] < k->limit;
}

size_t poshan_growth_format(const poshan_growth_reference *ref, long z, char *buf, size_t size) {
    char tmp[32];   /* built backwards: the decimals, the point, then the whole part */
    size_t n = 0, len = 0;
    unsigned long a = z < 0 ? (unsigned long)-z : (unsigned long)z;
    for (int d = 0; d < ref->decimals; d++, a /= 10) tmp[n++] = (char)('0' + a % 10);
    if (ref->decimals > 0) tmp[n++] = '.';
    do tmp[n++] = (char)('0' + a % 10); while (a /= 10);
    if (size < n + 2) return 0;
    if (z < 0) buf[len++] = '-';
    while (n) buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}

/* ---- an impact outcome -------------------------------------------------------- */

int poshan_growth_outcome_parse(const poshan_growth_reference *ref, const char *name, poshan_growth_outcome *out) {
    /* the option's words, and the cut-off each names in rules.json */
    static const char *const indicators[][2] = {{"stunted", "stunting"}, {"thin", "thinness"},
                                                {"overweight", "overweight"}};
    out->ref = ref;
    out->cutoff = -1;
    snprintf(out->name, sizeof out->name, "%.15s", name);
    for (int s = 0; s < POSHAN_GROWTH_SCORES; s++)
        if (strcmp(name, score_names[s]) == 0) {
            out->score = s;
            return 0;
        }
    for (size_t i = 0; i < sizeof indicators / sizeof indicators[0]; i++)
        if (strcmp(name, indicators[i][0]) == 0) {
            out->cutoff = poshan_growth_cutoff_find(ref, indicators[i][1]);
            if (out->cutoff < 0) return -1;
            out->score = ref->cutoffs[out->cutoff].score;
            return 0;
        }
    return -1;
}

double poshan_growth_outcome_value(const poshan_growth_outcome *o, int male, double age_months, double weight_kg,
                                   double height_cm) {
    poshan_growth_child c = {male ? 1 : 2, age_months, weight_kg, height_cm, 0};
    poshan_growth_scores s;
    poshan_growth_compute(o->ref, &c, &s);
    if (!s.defined[o->score] || s.flagged[o->score]) return NAN;
    if (o->cutoff >= 0) return poshan_growth_cutoff_case(o->ref, (size_t)o->cutoff, &c, &s);
    return (double)s.z[o->score] / (double)o->ref->scale;
}

/* ---- reading a file of measurements ------------------------------------------- */

enum { COL_CHILD, COL_SEX, COL_AGE, COL_BIRTH, COL_MEASURED, COL_WEIGHT, COL_HEIGHT, COL_OEDEMA, COL_DISTRICT,
       COL_BLOCK, COL_SCHOOL, COL_LEVEL, NCOLS };
static const poshan_csv_column columns[NCOLS] = {
    {"child_id", 1}, {"sex", 1}, {"age_months", 0}, {"date_of_birth", 0}, {"measured_on", 0},
    {"weight_kg", 1}, {"height_cm", 1}, {"oedema", 0}, {"district", 0}, {"block", 0}, {"school_udise", 0},
    {"level", 0}};

const char *poshan_growth_group_column(int col) { return columns[COL_DISTRICT + col].name; }

typedef struct reader {
    const poshan_growth_reader *spec;
    const char *name;
    int index[NCOLS];
    int header_done;
    size_t columns;              /* the header's */
    long bad;
} reader;

/* A record that cannot be read: handed to on_bad, or the read stops. */
static poshan_status bad_row(reader *r, poshan_error *err) {
    r->bad++;
    if (r->spec->strict || r->spec->on_bad == NULL) return POSHAN_EINPUT;
    return r->spec->on_bad(r->spec->ctx, err);
}

static poshan_status number_in(const reader *r, const poshan_csv_row *row, int col, double lo, double hi,
                               const char *what, double *out, poshan_error *err) {
    const char *text = poshan_csv_field(row, r->index[col]);
    int ok = poshan_parse_number(text, out);
    if (ok == 1 && *out >= lo && *out <= hi) return POSHAN_OK;
    if (ok == 0)
        return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, columns[col].name,
                                _("is empty: every record needs %s"), what);
    return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, columns[col].name,
                            _("'%s' is not possible for %s (expected %g to %g)"), text, what, lo, hi);
}

/* Bounds on single measurements beyond which no school child can be (a
 * typing error, not a measurement), as the impact estimate's: age 3 to 20
 * years, weight 5-150 kg, height 60-220 cm, well outside the WHO 2007
 * reference for 5-19 years (de Onis et al., Bull WHO 85:660). */
static poshan_status age_of(const reader *r, const poshan_csv_row *row, double *age, poshan_error *err) {
    static const double min_age = 36, max_age = 240;
    if (r->index[COL_AGE] >= 0)
        return number_in(r, row, COL_AGE, min_age, max_age, "a child's age in months", age, err);
    long born, measured;
    const char *b = poshan_csv_field(row, r->index[COL_BIRTH]), *m = poshan_csv_field(row, r->index[COL_MEASURED]);
    char why[256];
    if (!poshan_date_check(b, why, sizeof why) || poshan_date_days(b, &born) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, "date_of_birth", _("'%s' is not a date: %s"), b,
                                why);
    if (!poshan_date_check(m, why, sizeof why) || poshan_date_days(m, &measured) != 0)
        return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, "measured_on", _("'%s' is not a date: %s"), m,
                                why);
    *age = (double)(measured - born) / r->spec->ref->days_per_month;
    if (*age >= min_age && *age <= max_age) return POSHAN_OK;
    return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, "date_of_birth",
                            _("born %s and measured %s is %.1f months old: a school child is %g to %g months"),
                            b, m, *age, min_age, max_age);
}

static poshan_status parse_child(const reader *r, const poshan_csv_row *row, poshan_growth_child *c,
                                 poshan_error *err) {
    static const char *const sexes[][2] = {{"M", "F"}, {"male", "female"}, {"boy", "girl"}, {"1", "2"}};
    static const char *const oedemas[][2] = {{"n", "y"}, {"no", "yes"}};
    const char *id = poshan_csv_field(row, r->index[COL_CHILD]);
    if (id[0] == '\0')
        return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, "child_id", _("every record needs a child_id"));
    const char *sex = poshan_csv_field(row, r->index[COL_SEX]), *oedema = poshan_csv_field(row, r->index[COL_OEDEMA]);
    c->sex = 0;
    for (size_t i = 0; c->sex == 0 && i < sizeof sexes / sizeof sexes[0]; i++)
        for (int s = 0; s < 2; s++)
            if (strcasecmp(sex, sexes[i][s]) == 0) c->sex = s + 1;
    if (c->sex == 0)
        return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, "sex",
                                _("'%s' is not understood: write M or F (male/female, boy/girl, 1/2)"), sex);
    c->oedema = -1;
    if (oedema[0] == '\0') c->oedema = 0;
    for (size_t i = 0; c->oedema < 0 && i < sizeof oedemas / sizeof oedemas[0]; i++)
        for (int s = 0; s < 2; s++)
            if (strcasecmp(oedema, oedemas[i][s]) == 0) c->oedema = s;
    if (c->oedema < 0)
        return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, "oedema",
                                _("'%s' is not understood: write y or n (or leave it empty for no oedema)"), oedema);
    poshan_status st = age_of(r, row, &c->age_months, err);
    if (st == POSHAN_OK) st = number_in(r, row, COL_WEIGHT, 5, 150, "a child's weight in kg", &c->weight_kg, err);
    if (st == POSHAN_OK) st = number_in(r, row, COL_HEIGHT, 60, 220, "a child's height in cm", &c->height_cm, err);
    return st;
}

static poshan_status on_header(reader *r, const poshan_csv_row *row, poshan_error *err) {
    r->header_done = 1;
    r->columns = row->count;
    poshan_status st = poshan_csv_map_header(row, columns, NCOLS, 1, r->index, r->name, err);
    if (st != POSHAN_OK) return st;
    if (r->index[COL_AGE] < 0 && (r->index[COL_BIRTH] < 0 || r->index[COL_MEASURED] < 0))
        return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, "age_months",
                                _("the header needs age_months, or date_of_birth and measured_on"));
    for (int g = 0; g < POSHAN_GROWTH_GROUP_COLS; g++)
        if ((r->spec->need_columns & (1 << g)) && r->index[COL_DISTRICT + g] < 0)
            return poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, columns[COL_DISTRICT + g].name,
                                    _("the header has no column '%s', which grouping by it needs"),
                                    columns[COL_DISTRICT + g].name);
    return r->spec->on_header ? r->spec->on_header(r->spec->ctx, row, err) : POSHAN_OK;
}

static poshan_status on_row(void *ctx, const poshan_csv_row *row, poshan_error *err) {
    reader *r = ctx;
    if (!r->header_done) return on_header(r, row, err);
    poshan_growth_child c;
    poshan_status st = row->count == r->columns
                           ? parse_child(r, row, &c, err)
                           : poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, NULL,
                                              _("%zu fields where the header has %zu: a field with a comma "
                                              "must be in quotes"), row->count, r->columns);
    const char *group[POSHAN_GROWTH_GROUP_COLS];
    for (int g = 0; st == POSHAN_OK && g < POSHAN_GROWTH_GROUP_COLS; g++) {
        group[g] = poshan_csv_field(row, r->index[COL_DISTRICT + g]);
        if ((r->spec->need_columns & (1 << g)) && group[g][0] == '\0')
            st = poshan_error_set(err, POSHAN_EINPUT, r->name, row->line, columns[COL_DISTRICT + g].name,
                                  _("is empty: grouping by %s needs it in every record"), columns[COL_DISTRICT + g].name);
    }
    if (st == POSHAN_EINPUT) return bad_row(r, err);
    if (st != POSHAN_OK) return st;
    poshan_growth_scores s;
    poshan_growth_compute(r->spec->ref, &c, &s);
    return r->spec->on_child(r->spec->ctx, row, &c, &s, group, err);
}

static poshan_status finish(reader *r, poshan_status st, long *bad, poshan_error *err) {
    *bad = r->bad;
    if (st == POSHAN_OK && !r->header_done)
        st = poshan_error_set(err, POSHAN_EINPUT, r->name, 1, NULL,
                              _("the file is empty: it needs a header line naming its columns"));
    return st;
}

poshan_status poshan_growth_read(FILE *in, const char *name, const poshan_growth_reader *spec, long *bad,
                                 poshan_error *err) {
    reader r = {.spec = spec, .name = name};
    return finish(&r, poshan_csv_read_stream(in, name, on_row, &r, err), bad, err);
}

poshan_status poshan_growth_read_buffer(const char *data, size_t size, const char *name,
                                        const poshan_growth_reader *spec, long *bad, poshan_error *err) {
    reader r = {.spec = spec, .name = name};
    return finish(&r, poshan_csv_read_buffer(data, size, name, on_row, &r, err), bad, err);
}
